import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOverrideFile } from '../../src/terraform/discover.js';
import { checkFolder } from '../helpers/terraform.js';
import { toCsv } from '../helpers/report.js';

const USERS = `resource "aws_iam_user" "u" {
  for_each = toset(["alice", "bob"])
  name     = each.key
}
`;

async function check(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'override-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return checkFolder(dir, toCsv([{ user: 'alice' }]));
}

/**
 * Terraform merges override files into the blocks they name; the scan reads them as blocks of
 * their own. A verified plan there had broken `terraform init` ("Missing resource to
 * override"), renamed a user instead of destroying it, or met `prevent_destroy` at plan time.
 */
describe('Terraform override files', () => {
  it('are override.tf and *_override.tf (and .tf.json), nothing else', () => {
    for (const name of [
      'override.tf',
      'a/main_override.tf',
      'override.tf.json',
      'x_override.tf.json',
    ])
      expect(isOverrideFile(name)).toBe(true);
    for (const name of [
      'overrides.tf',
      'main_override.tfvars',
      'override_main.tf',
      'my-override.tf',
    ])
      expect(isOverrideFile(name)).toBe(false);
  });

  it('make the plans of their folder manual, with a warning naming the file', async () => {
    const report = await check({
      'main.tf': USERS,
      'main_override.tf':
        'resource "aws_iam_user" "u" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n',
    });
    const fix = report.findings.find((f) => f.user === 'alice')?.terraform[0]?.fix;
    expect(fix?.status).toBe('manual');
    expect(fix?.reason).toMatch(/main_override\.tf is a Terraform override file/);
    expect(
      report.warnings.some((w) => /main_override\.tf: a Terraform override file/.test(w)),
    ).toBe(true);
  });

  it('leave the plans of other folders alone', async () => {
    const report = await check({ 'main.tf': USERS });
    expect(report.findings.find((f) => f.user === 'alice')?.terraform[0]?.fix?.status).toBe(
      'verified',
    );
  });
});
