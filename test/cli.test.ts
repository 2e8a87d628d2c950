import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLUMNS, ago, rootRow, toCsv } from './helpers/report.js';

/** Runs the committed bundle, as a user would. */
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), 'cli-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
};
const NOW = ['--now', '2026-11-22T00:00:00Z'];
const policy = file('policy.yml', 'version: 1\n');
const goodReport = file(
  'good.csv',
  toCsv([rootRow(), { user: 'alice', user_creation_time: ago(3) }]),
);

describe('iam-credential-gate check', () => {
  it('exits 0 when the gate passes', () => {
    const r = cli('check', '--report', goodReport, '--policy', policy, ...NOW);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## ✅ IAM credential gate passed/);
  });

  it('exits 1 when the gate fails, and writes the requested format', () => {
    const out = join(tmp, 'out.json');
    const r = cli(
      'check',
      '--report',
      'examples/credential-report.csv',
      '--policy',
      'examples/policy.yml',
      ...NOW,
      '--format',
      'json',
      '--output',
      out,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FAILED: 16 failing of 34 findings/);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json).toMatchObject({
      schemaVersion: 1,
      passed: false,
      account: { id: '123456789012' },
      reportGeneratedAt: '2026-11-21T08:00:00.000Z',
    });
  });

  /** `check` of the example report, as JSON, with the example Terraform. */
  const exampleTerraform = [
    'check',
    '--report',
    'examples/credential-report.csv',
    '--policy',
    'examples/policy.yml',
    ...NOW,
    '--format',
    'json',
    '--terraform-dir',
    'examples/terraform',
  ];

  it('locates users in Terraform (--terraform-dir, --terraform-state)', () => {
    const r = cli(
      ...exampleTerraform,
      '--terraform-dir',
      'test/fixtures/terraform/forms',
      '--terraform-state',
      'test/fixtures/terraform/state/show.json',
    );
    expect(r.code).toBe(1);
    const carol = JSON.parse(r.stdout).findings.find((f: { user: string }) => f.user === 'carol');
    expect(carol.terraform[0]).toMatchObject({
      file: 'examples/terraform/iam/users.tf',
      line: 3,
      address: 'aws_iam_user.carol',
    });
  });

  it('keeps parsed Terraform in --cache-dir: the same findings cold and warm', () => {
    const cache = join(tmp, 'tf-cache');
    const args = exampleTerraform;
    const plain = cli(...args);
    const cold = cli(...args, '--cache-dir', cache);
    const entries = readdirSync(cache).flatMap((d) => readdirSync(join(cache, d)));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((f) => f.endsWith('.bin'))).toBe(true);
    // the bundle's result cache: one entry for the folders, used by the warm run
    expect(readdirSync(join(cache, 'results'))).toHaveLength(1);
    const warm = cli(...args, '--cache-dir', cache);
    expect(cold.stdout).toBe(plain.stdout);
    expect(warm.stdout).toBe(plain.stdout);
    expect(warm.code).toBe(plain.code);
  });

  it('exits 2 on a Terraform directory that does not exist', () => {
    const r = cli(
      'check',
      '--report',
      goodReport,
      '--policy',
      policy,
      ...NOW,
      '--terraform-dir',
      'no/such/dir',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no\/such\/dir: the Terraform directory does not exist/);
  });

  it('--fail-on overrides the policy', () => {
    expect(
      cli(
        'check',
        '--report',
        'examples/credential-report.csv',
        '--policy',
        'examples/policy.yml',
        ...NOW,
        '--fail-on',
        'never',
      ).code,
    ).toBe(0);
  });

  it('warns when the report age cannot be checked, and not when it can', () => {
    const unknown = JSON.parse(
      cli('check', '--report', goodReport, '--policy', policy, ...NOW, '--format', 'json').stdout,
    );
    expect(unknown.warnings.join('\n')).toMatch(
      /generation time is unknown, so its age was not checked/,
    );
    const known = JSON.parse(
      cli(
        'check',
        '--report',
        goodReport,
        '--policy',
        policy,
        ...NOW,
        '--format',
        'json',
        '--report-generated-at',
        '2026-11-21T23:00:00Z',
      ).stdout,
    );
    expect(known.warnings).toEqual([]);
  });

  it('takes a date alone for --report-generated-at (midnight UTC)', () => {
    const r = cli(
      'check',
      '--report',
      goodReport,
      '--policy',
      policy,
      ...NOW,
      '--report-generated-at',
      '2026-11-21',
      '--format',
      'json',
    );
    expect(JSON.parse(r.stdout).reportGeneratedAt).toBe('2026-11-21T00:00:00.000Z');
  });

  it('uses --report-generated-at and fires report-stale', () => {
    const r = cli(
      'check',
      '--report',
      goodReport,
      '--policy',
      policy,
      ...NOW,
      '--report-generated-at',
      '2026-11-20T00:00:00Z',
      '--format',
      'json',
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual([
      'report-stale',
    ]);
  });

  describe('bad input exits 2 with one clear message on stderr naming the file', () => {
    mkdirSync(join(tmp, 'dir.csv'), { recursive: true });
    const cases: [string, string[], RegExp][] = [
      [
        'missing report file',
        ['--report', join(tmp, 'nope.csv'), '--policy', policy],
        /nope\.csv: cannot read the credential report: no such file/,
      ],
      [
        'report is a directory',
        ['--report', join(tmp, 'dir.csv'), '--policy', policy],
        /dir\.csv: the credential report is a directory/,
      ],
      [
        'empty report',
        ['--report', file('empty.csv', ''), '--policy', policy],
        /empty\.csv: the credential report is empty/,
      ],
      [
        'header only',
        ['--report', file('header.csv', `${COLUMNS.join(',')}\n`), '--policy', policy],
        /header\.csv:2: the credential report has a header but no rows/,
      ],
      [
        'HTML page',
        ['--report', file('page.csv', '<html><body>503</body></html>'), '--policy', policy],
        /page\.csv:1: .*HTML/,
      ],
      [
        'bad boolean',
        [
          '--report',
          file('bool.csv', toCsv([{ user: 'a', mfa_active: 'yes' }])),
          '--policy',
          policy,
        ],
        /bool\.csv:2 \(row 1, column "mfa_active"\): "yes" is not a boolean/,
      ],
      [
        'invalid policy',
        [
          '--report',
          goodReport,
          '--policy',
          file('bad.yml', 'version: 1\nrules:\n  access-key-unused: { max_day: 3 }\n'),
        ],
        /bad\.yml:3:24 \(at rules\.access-key-unused\.max_day\): "max_day" is not a setting of this rule\n {2}hint: did you mean "max_days"\?/,
      ],
      ['missing --policy', ['--report', goodReport], /--policy is required/],
      [
        'unknown flag',
        ['--report', goodReport, '--policy', policy, '--frmat', 'json'],
        /Unknown option '--frmat'/,
      ],
      [
        'bad --format',
        ['--report', goodReport, '--policy', policy, '--format', 'xml'],
        /--format must be one of text, markdown, json, sarif/,
      ],
      [
        'unwritable --output',
        ['--report', goodReport, '--policy', policy, '--output', join(tmp, 'no-dir', 'out.md')],
        /no-dir\/out\.md: cannot write the output: no such file/,
      ],
      [
        'bad --report-generated-at',
        ['--report', goodReport, '--policy', policy, '--report-generated-at', 'last week'],
        /--report-generated-at "last week" is not an ISO-8601/,
      ],
      [
        'bad --now',
        ['--report', goodReport, '--policy', policy, '--now', 'yesterday'],
        /--now "yesterday" is not an ISO-8601/,
      ],
      [
        'bad meta sidecar',
        [
          '--report',
          (file('m.csv.meta.json', '{"generatedAt": "soon"}'), file('m.csv', toCsv([rootRow()]))),
          '--policy',
          policy,
        ],
        /m\.csv\.meta\.json \(at generatedAt\)/,
      ],
    ];
    it.each(cases)('%s', (_name, args, message) => {
      const r = cli('check', ...NOW, ...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    });
  });

  it('writes an error report when JSON output was requested, so a failure is never silent', () => {
    const out = join(tmp, 'err.json');
    const r = cli(
      'check',
      '--report',
      join(tmp, 'nope.csv'),
      '--policy',
      policy,
      '--format',
      'json',
      '--output',
      out,
      '--account-label',
      'prod',
    );
    expect(r.code).toBe(2);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({
      schemaVersion: 1,
      passed: false,
      account: { label: 'prod' },
      error: { message: expect.stringMatching(/no such file/) },
    });
  });
});

describe('iam-credential-gate validate-policy', () => {
  it('exits 0 on a valid policy', () => {
    const r = cli('validate-policy', 'examples/policy.yml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/examples\/policy\.yml: valid .*4 exemption/);
  });
  it('exits 2 with every error on an invalid one', () => {
    const r = cli(
      'validate-policy',
      file('two.yml', 'version: 1\nfail_on: hihg\nexemptions:\n  - users: [x]\n    reason: r\n'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/two\.yml:2:10 \(at fail_on\): "hihg" is not allowed/);
    expect(r.stderr).toMatch(/two\.yml:4:5 \(at exemptions\[0\]\): "expires" is required/);
  });
});

describe('other commands reject bad arguments with exit 2', () => {
  it.each([
    [
      ['fetch', '--output', 'x.csv', '--max-wait-seconds', '0'],
      /--max-wait-seconds must be a positive number/,
    ],
    [['fetch'], /--output is required/],
    [['validate-policy'], /validate-policy takes exactly one policy file/],
    [['merge'], /merge needs at least one JSON report/],
    [['merge', 'a.json', '--format', 'html'], /--format must be one of markdown, json, sarif/],
  ])('%j', (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('usage', () => {
  it('exits 2 on an unknown command and 0 on --help / --version', () => {
    expect(cli('chek').code).toBe(2);
    expect(cli('--help').stdout).toMatch(/Usage:/);
    expect(cli('--version').stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('pipes', () => {
  it('stops quietly, with the gate’s exit code, when the reader closes the pipe early', () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        'node dist/cli.js check --report examples/credential-report.csv --policy examples/policy.yml --now 2026-11-22T00:00:00Z --format json | head -c 10 > /dev/null; echo "${PIPESTATUS[0]}"',
      ],
      { encoding: 'utf8' },
    );
    expect(r.stdout.trim()).toBe('1');
    expect(r.stderr).not.toMatch(/EPIPE/);
    // a passing gate stays 0 (a crash would be 1)
    const pass = spawnSync(
      'bash',
      [
        '-c',
        'node dist/cli.js check --report examples/credential-report.csv --policy examples/policy.yml --now 2026-11-22T00:00:00Z --fail-on never --format json | head -c 10 > /dev/null; echo "${PIPESTATUS[0]}"',
      ],
      { encoding: 'utf8' },
    );
    expect(pass.stdout.trim()).toBe('0');
  });
});
