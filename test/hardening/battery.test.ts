import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rootRow, toCsv } from '../helpers/report.js';
import { ago } from '../helpers/time.js';

// Cases an independent hostile battery found quieter than the fail-closed table promises.
const dir = mkdtempSync(join(tmpdir(), 'battery-'));
const put = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const report = put('r.csv', toCsv([rootRow(), { user: 'alice', user_creation_time: ago(3) }]));
const policy = put('policy.yml', 'version: 1\n');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['dist/cli.js', ...args, '--now', '2026-11-22T00:00:00Z'], {
    encoding: 'utf8',
  });

describe('found by a hostile battery', () => {
  it('a .meta.json that writes generatedAt twice is invalid, not "the last one wins"', () => {
    put(
      'r.csv.meta.json',
      '{"generatedAt":"2026-11-21T08:00:00Z","generatedAt":"2026-11-21T20:00:00Z"}',
    );
    const r = cli('check', '--report', report, '--policy', policy);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /r\.csv\.meta\.json.*the report metadata is not valid: the key "generatedAt" appears twice/,
    );
  });

  it.each([
    [
      'resources is not a list',
      '{"format_version":"1.0","values":{"root_module":{"resources":"x"}}}',
      /values\.root_module\.resources is not a list/,
    ],
    [
      'a resource is not an object',
      '{"format_version":"1.0","values":{"root_module":{"resources":[1]}}}',
      /values\.root_module\.resources\[0\] is not an object/,
    ],
    [
      'a child module is not an object',
      '{"format_version":"1.0","values":{"root_module":{"child_modules":["m"]}}}',
      /values\.root_module\.child_modules\[0\] is not an object/,
    ],
  ])(
    'a Terraform state whose %s is an input error, never "no users there"',
    (_what, state, message) => {
      const r = cli(
        'check',
        '--report',
        put('st.r.csv', toCsv([rootRow()])),
        '--policy',
        policy,
        '--terraform-state',
        put('st.json', state),
      );
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    },
  );

  it('a symlinked folder in a scanned tree is named, so its users are not silently missing', () => {
    const tree = join(dir, 'tree');
    const outside = join(dir, 'outside');
    mkdirSync(join(tree, 'iam'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'o.tf'), 'resource "aws_iam_user" "x" {\n  name = "alice"\n}\n');
    symlinkSync(outside, join(tree, 'iam', 'outdir'));
    const r = cli(
      'check',
      '--report',
      put('t.csv', toCsv([rootRow(), { user: 'alice', user_creation_time: ago(300) }])),
      '--policy',
      policy,
      '--terraform-dir',
      tree,
      '--format',
      'json',
    );
    const json = JSON.parse(r.stdout) as {
      warnings: string[];
      findings: { terraform?: unknown[] }[];
    };
    expect(json.warnings.join('\n')).toMatch(
      /outdir: symlink not followed: a symlinked folder is not entered/,
    );
    expect(json.findings.every((f) => f.terraform === undefined)).toBe(true);
  });
});
