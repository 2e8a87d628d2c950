import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFolder } from '../helpers/terraform.js';
import { toCsv } from '../helpers/report.js';

const REPORT = toCsv([{ user: 'alice' }]);

/** The files Terraform loads, and only those, are what the scan and the plans read. */
describe('files Terraform does not load', () => {
  it('a hidden .tf file defines no user: alice is unmanaged, not located there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hidden-'));
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_iam_user" "bob" {\n  name = "bob"\n}\n');
    writeFileSync(
      join(dir, '.alice.tf'),
      'resource "aws_iam_user" "alice" {\n  name = "alice"\n}\n',
    );
    const report = await checkFolder(dir, REPORT);
    const alice = report.findings.find((f) => f.user === 'alice' && f.rule === 'unused-user');
    expect(alice?.terraform).toEqual([]);
  });

  it('a folder named like a .tf file does not stop the plans of its parent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dir-tf-'));
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_iam_user" "alice" {\n  name = "alice"\n}\n');
    mkdirSync(join(dir, 'legacy.tf'));
    const report = await checkFolder(dir, REPORT);
    const alice = report.findings.find((f) => f.user === 'alice' && f.rule === 'unused-user');
    expect(alice?.terraform[0]?.fix?.status).toBe('verified');
  });
});
