import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerraformFix } from '../../src/engine/types.js';
import type { GateReport } from '../../src/engine/types.js';
import { runCheck } from '../../src/run/check.js';

/**
 * Writes local modules nested `levels` deep under `root`, each called with `for_each` over
 * `width` keys and passing `name = "<parent's name>-<key>"` down; the innermost defines one
 * `aws_iam_user` named after it. `levels` of `width` are width^levels users.
 */
export function writeModuleFan(root: string, levels: number, width: number): void {
  const keys = JSON.stringify(Array.from({ length: width }, (_, i) => `k${i}`));
  let dir = root;
  for (let level = 0; level < levels; level++) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'main.tf'),
      `variable "name" {\n  default = "root"\n}\nmodule "m" {\n  source   = "./next"\n  for_each = toset(${keys})\n  name     = "\${var.name}-\${each.key}"\n}\n`,
    );
    dir = join(dir, 'next');
  }
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'main.tf'),
    'variable "name" {\n  default = "x"\n}\nresource "aws_iam_user" "u" {\n  name = var.name\n}\n',
  );
}

/** `check` on a folder (its Terraform already written) with this report and the default policy. */
export async function checkFolder(dir: string, reportCsv: string): Promise<GateReport> {
  writeFileSync(join(dir, 'report.csv'), reportCsv);
  writeFileSync(join(dir, 'policy.yml'), 'version: 1\n');
  return runCheck({
    reportFile: join(dir, 'report.csv'),
    policyFile: join(dir, 'policy.yml'),
    now: Date.parse('2026-11-22T00:00:00Z'),
    terraformDirs: [dir],
  });
}

/** A module whose users are the `name`s of a JSON list in `people.json` beside it. */
export const PEOPLE_FROM_JSON = [
  'locals {',
  '  people = jsondecode(file("${path.module}/people.json"))',
  '}',
  '',
  'resource "aws_iam_user" "people" {',
  '  for_each = { for p in local.people : p.name => p }',
  '  name     = each.key',
  '}',
  '',
].join('\n');

/** The .tf files under a folder, at any depth. */
export const tfFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tfFiles(path);
    return name.endsWith('.tf') ? [path] : [];
  });

/** The edit plan of `user`'s unused-user finding, checked in a new folder of these files. */
export async function planIn(
  files: Record<string, string>,
  reportCsv: string,
  user = 'alice',
): Promise<TerraformFix | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'plan-in-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const report = await checkFolder(dir, reportCsv);
  return report.findings.find((f) => f.user === user && f.rule === 'unused-user')?.terraform[0]
    ?.fix;
}
