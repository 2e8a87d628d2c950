import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFolder } from '../helpers/terraform.js';
import { toCsv } from '../helpers/report.js';

const REPORT = toCsv([{ user: 'alice' }]);

/** The files and instances Terraform loads, and only those, are what the scan and the plans read. */
describe('what Terraform does not load', () => {
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

  it('a block with count = 0 makes no user; count = var.on ? 1 : 0 still may (another var file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'count-0-'));
    writeFileSync(
      join(dir, 'main.tf'),
      'resource "aws_iam_user" "alice" {\n  count = 0\n  name  = "alice"\n}\n',
    );
    const off = await checkFolder(dir, REPORT);
    expect(
      off.findings.find((f) => f.user === 'alice' && f.rule === 'unused-user')?.terraform,
    ).toEqual([]);
    writeFileSync(
      join(dir, 'main.tf'),
      'variable "on" {\n  default = false\n}\n\nresource "aws_iam_user" "alice" {\n  count = var.on ? 1 : 0\n  name  = "alice"\n}\n',
    );
    const maybe = await checkFolder(dir, REPORT);
    expect(
      maybe.findings.find((f) => f.user === 'alice' && f.rule === 'unused-user')?.terraform[0]
        ?.address,
    ).toBe('aws_iam_user.alice[0]');
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
