import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLUMNS, ago, rootRow, toCsv } from '../helpers/report.js';
import { writeModuleFan } from '../helpers/terraform.js';

/**
 * Every error path, and whether it fails the gate (exit 2) or only warns. The README's
 * "Fail closed" table documents the same rows; the last test holds the two together.
 */
const dir = mkdtempSync(join(tmpdir(), 'fail-closed-'));
const put = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const good = put('good.csv', toCsv([rootRow(), { user: 'alice', user_creation_time: ago(3) }]));
const policy = put('policy.yml', 'version: 1\n');
const NOW = ['--now', '2026-11-22T00:00:00Z'];
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['dist/cli.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });

const fifo = join(dir, 'fifo.csv');
execFileSync('mkfifo', [fifo]);
const huge = put('huge.csv', '');
truncateSync(huge, 300 * 1024 * 1024); // sparse: 300 MiB on paper, nothing on disk
const bigPolicy = put('big-policy.yml', '');
truncateSync(bigPolicy, 1024 * 1024 + 1); // one byte over: must not read as "1 MiB, more than 1 MiB"
mkdirSync(join(dir, 'a-directory.csv'));
const broken = join(dir, 'tf');
mkdirSync(broken);
writeFileSync(join(broken, 'bad.tf'), 'resource "aws_iam_user" "x" {\n  name = "alice\n}\n');
// local modules nested 5 deep, 10 instances each: 111,110 instances
const fan = join(dir, 'fan');
writeModuleFan(fan, 5, 10);
// file() of a file beside the scanned folder: never read
const reads = join(dir, 'reads-tf');
mkdirSync(reads);
writeFileSync(
  join(reads, 'main.tf'),
  'resource "aws_iam_user" "x" {\n  for_each = toset(split("\\n", file("../good.csv")))\n  name = each.key\n}\n',
);
const large = join(dir, 'large-tf');
mkdirSync(large);
truncateSync(put('large-tf/generated.tf', ''), 3 * 1024 * 1024); // over the 2 MiB parsed

interface Case {
  situation: string;
  args: string[];
  env?: Record<string, string>;
  outcome: 'exit 2' | 'warning';
  message: RegExp;
}

/** A Terraform scan that only warns: the JSON report on stdout carries the warning. */
const scanWarning = (situation: string, tfDir: string, message: RegExp): Case => ({
  situation,
  args: [
    'check',
    '--report',
    good,
    '--policy',
    policy,
    '--terraform-dir',
    tfDir,
    '--format',
    'json',
  ],
  outcome: 'warning',
  message,
});

const cases: Case[] = [
  {
    situation: 'report file missing or unreadable',
    args: ['check', '--report', join(dir, 'nope.csv'), '--policy', policy],
    outcome: 'exit 2',
    message: /no such file/,
  },
  {
    situation: 'report path is a directory',
    args: ['check', '--report', join(dir, 'a-directory.csv'), '--policy', policy],
    outcome: 'exit 2',
    message: /is a directory/,
  },
  {
    situation: 'report path is a FIFO or device',
    args: ['check', '--report', fifo, '--policy', policy],
    outcome: 'exit 2',
    message: /not a regular file/,
  },
  {
    situation: 'report larger than 256 MiB',
    args: ['check', '--report', huge, '--policy', policy],
    outcome: 'exit 2',
    message: /300 MiB, more than the 256 MiB accepted/,
  },
  {
    situation: 'policy larger than 1 MiB',
    args: ['check', '--report', good, '--policy', bigPolicy],
    outcome: 'exit 2',
    message: /1\.1 MiB, more than the 1 MiB accepted/,
  },
  {
    situation: 'report malformed (CSV, columns, values, duplicates)',
    args: [
      'check',
      '--report',
      put('bad.csv', toCsv([{ user: 'a', mfa_active: 'maybe' }])),
      '--policy',
      policy,
    ],
    outcome: 'exit 2',
    message: /"maybe" is not a boolean/,
  },
  {
    situation: 'report empty or header only',
    args: ['check', '--report', put('header.csv', `${COLUMNS.join(',')}\n`), '--policy', policy],
    outcome: 'exit 2',
    message: /no rows/,
  },
  {
    situation: 'report metadata (.meta.json) invalid',
    args: [
      'check',
      '--report',
      (put('m.csv.meta.json', '{}'), put('m.csv', toCsv([rootRow()]))),
      '--policy',
      policy,
    ],
    outcome: 'exit 2',
    message: /generatedAt/,
  },
  {
    situation: 'policy invalid (syntax, schema, unknown key)',
    args: ['check', '--report', good, '--policy', put('p.yml', 'version: 1\nfail_on: soon\n')],
    outcome: 'exit 2',
    message: /"soon" is not allowed/,
  },
  {
    situation: 'policy with a YAML alias bomb',
    args: [
      'check',
      '--report',
      good,
      '--policy',
      put(
        'bomb.yml',
        `version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
          { length: 12 },
          (_, i) =>
            `b${i}: &b${i} [${Array(10)
              .fill(i === 0 ? '*a' : `*b${i - 1}`)
              .join(', ')}]`,
        ).join('\n')}\n`,
      ),
    ],
    outcome: 'exit 2',
    message: /alias|not a setting/i,
  },
  {
    situation: 'AWS error (denied, throttled past the bound, unreachable, no credentials)',
    args: ['fetch', '--output', join(dir, 'x.csv')],
    env: {
      AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:9',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'y',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    outcome: 'exit 2',
    message: /cannot reach IAM/,
  },
  {
    situation: 'Terraform directory missing',
    args: ['check', '--report', good, '--policy', policy, '--terraform-dir', join(dir, 'no-tf')],
    outcome: 'exit 2',
    message: /Terraform directory does not exist/,
  },
  scanWarning('Terraform file not valid HCL', broken, /bad\.tf: not valid HCL near line 1/),
  scanWarning(
    'Terraform file larger than 2 MiB, or unreadable',
    large,
    /generated\.tf: larger than 2 MiB, not parsed; IAM users in it are not located/,
  ),
  scanWarning(
    'Terraform file() or symlink out of the scanned folders, hidden, or not a file',
    reads,
    /reads-tf\/main\.tf:2: file\("[^"]*good\.csv"\) not read: outside the scanned directories/,
  ),
  scanWarning(
    'Terraform local modules nested past 10,000 instances',
    fan,
    /more than 10,000 local module instances; the rest are not followed/,
  ),
  {
    situation: 'Terraform state not `terraform show -json` output',
    args: ['check', '--report', good, '--policy', policy, '--terraform-state', policy],
    outcome: 'exit 2',
    message: /terraform show -json/,
  },
  {
    situation: 'merge input not a report of this tool, other schema version, same account twice',
    args: ['merge', put('x.json', '{"a":1}')],
    outcome: 'exit 2',
    message: /not a report of iam-credential-gate/,
  },
  {
    situation: 'merge: an account errored or is missing',
    args: [
      'merge',
      put(
        'e.json',
        JSON.stringify({
          schemaVersion: 1,
          tool: { name: 'iam-credential-gate', version: '1' },
          account: { id: '111111111111', label: null },
          error: { message: 'x' },
        }),
      ),
    ],
    outcome: 'exit 2',
    message: /./,
  },
];
// An errored or missing account is not bad input: it fails the merge with exit 1.
const mergeFails = cases.pop() as Case;

describe('fail-closed audit', () => {
  it.each(cases.map((c) => [c.situation, c] as const))('%s', (_s, c) => {
    const r = cli([...c.args, ...NOW.filter(() => c.args[0] === 'check')], c.env);
    if (c.outcome === 'exit 2') {
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(c.message);
    } else {
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).warnings.join('\n')).toMatch(c.message);
    }
  });

  it('merge: an errored or missing account fails the merge (exit 1)', () => {
    expect(cli(mergeFails.args).status).toBe(1);
  });

  it('the README documents the same outcomes', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Fail closed'));
    const table = new Map(
      [...section.matchAll(/^\|(.+?)\|(.+?)\|$/gm)].map((m) => [
        (m[1] as string).trim(),
        (m[2] as string).trim(),
      ]),
    );
    for (const c of [...cases, { ...mergeFails, outcome: 'exit 1' }])
      expect(table.get(c.situation), c.situation).toMatch(new RegExp(`^${c.outcome}`));
    expect(table.get('PR comment cannot be written (403, fork, no token)')).toMatch(/^warning/);
  });
});
