import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// A typed stand-in for @actions/core that records every call in order.
const calls: [string, ...unknown[]][] = [];
let inputs: Record<string, string> = {};
const summaryText: string[] = [];
vi.mock('@actions/core', () => {
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
    };
  const summary = {
    addRaw: (text: string) => {
      summaryText.push(text);
      return summary;
    },
    write: async () => summary,
  };
  return {
    getInput: (name: string) => inputs[name] ?? '',
    getMultilineInput: (name: string) =>
      (inputs[name] ?? '').split('\n').filter((l) => l.trim() !== ''),
    setOutput: record('setOutput'),
    setFailed: record('setFailed'),
    error: record('error'),
    warning: record('warning'),
    info: record('info'),
    debug: record('debug'),
    summary,
  };
});

const { run } = await import('../../src/action/main.js');

const dir = mkdtempSync(join(tmpdir(), 'action-unit-'));
const base = {
  policy: 'examples/policy.yml',
  report: 'examples/credential-report.csv',
  now: '2026-11-22T00:00:00Z',
  comment: 'never',
};
const named = (name: string) => calls.filter((c) => c[0] === name);

beforeEach(() => {
  calls.length = 0;
  summaryText.length = 0;
  delete process.env.GITHUB_EVENT_PATH;
  // A local run (also when the tests themselves run in GitHub Actions): no path confinement.
  delete process.env.GITHUB_WORKSPACE;
});

describe('action adapter', () => {
  it('sets every output before failing, and fails last', async () => {
    inputs = { ...base, 'json-file': join(dir, 'r.json') };
    await run();
    const names = calls.map((c) => c[0]);
    expect(named('setOutput').map((c) => c[1])).toEqual([
      'passed',
      'findings',
      'failing',
      'json-file',
      'sarif-file',
    ]);
    expect(names.lastIndexOf('setOutput')).toBeLessThan(names.indexOf('setFailed'));
    expect(names[names.length - 1]).toBe('setFailed');
    expect(named('setFailed')[0]?.[1]).toMatch(/16 failing of 34 findings \(fail_on high\)/);
    expect(summaryText.join('')).toMatch(/^## ❌ IAM credential gate failed/);
  });

  it('does not fail when the gate passes', async () => {
    inputs = { ...base, 'fail-on': 'never' };
    await run();
    expect(named('setFailed')).toEqual([]);
    expect(named('setOutput')[0]).toEqual(['setOutput', 'passed', 'true']);
  });

  it('annotates failing findings as errors and the rest as warnings, at most 50', async () => {
    inputs = { ...base };
    await run();
    const errors = named('error').filter((c) => (c[2] as { title?: string })?.title?.includes('('));
    expect(errors).toHaveLength(16);
    const findingWarnings = named('warning').filter(
      (c) => !(c[2] as { title?: string })?.title?.startsWith('iam-credential-gate'),
    );
    expect(findingWarnings.length).toBe(34 - 16);
    // what the example policy weakens, said in the log too
    expect(
      named('warning')
        .filter(
          (c) =>
            (c[2] as { title?: string })?.title ===
            'iam-credential-gate: the policy weakens the gate',
        )
        .map((c) => c[1]),
    ).toEqual([
      'rule access-key-age max_days is 365 days for service users, looser than the default 90.',
      'exemption 4 (until 2027-06-30) covers every rule (it lists none).',
    ]);
    // and the report's own warnings (here: an expired and an unused exemption)
    expect(
      named('warning')
        .filter((c) => (c[2] as { title?: string })?.title === 'iam-credential-gate')
        .map((c) => c[1]),
    ).toEqual([
      expect.stringMatching(/exemption 2 .*expired 2026-10-31/),
      expect.stringMatching(/exemption 4 .*matched no finding/),
    ]);
  });

  it.each([
    [
      'fail-on',
      'severe',
      /input `fail-on` must be one of critical, high, medium, low, never, not "severe"/,
    ],
    ['comment', 'sometimes', /input `comment` must be one of always, on-failure, never/],
    ['now', 'tomorrow', /input `now` must be an ISO-8601 date-time/],
    ['max-wait-seconds', '-3', /input `max-wait-seconds` must be a positive number/],
    [
      'max-report-age-hours',
      '0',
      /input `max-report-age-hours` must be a number of hours above 0 and at most 8760/,
    ],
  ])('rejects input %s=%s naming the input and its values', async (name, value, message) => {
    inputs = { ...base, [name]: value };
    await run();
    expect(named('setFailed')[0]?.[1]).toMatch(message);
    expect(named('setOutput')).toContainEqual(['setOutput', 'passed', 'false']);
  });

  it('fails on a missing policy input', async () => {
    inputs = { report: base.report };
    await run();
    expect(named('setFailed')[0]?.[1]).toMatch(/input `policy` is required/);
  });

  it('annotates a policy error on its line and fails', async () => {
    const policy = join(dir, 'p.yml');
    writeFileSync(policy, 'version: 1\nfail_on: hihg\n');
    inputs = { ...base, policy };
    await run();
    expect(named('error')[0]).toEqual([
      'error',
      expect.stringMatching(/"hihg" is not allowed/),
      { title: 'iam-credential-gate: input error', file: policy, startLine: 2, startColumn: 10 },
    ]);
    expect(named('setFailed')[0]?.[1]).toMatch(/p\.yml:2:10 \(at fail_on\)/);
  });

  it('says it does not comment outside a pull request', async () => {
    inputs = { ...base, comment: 'always', 'fail-on': 'never' };
    await run();
    expect(named('info').map((c) => c[1])).toContain('Not a pull request: no PR comment.');
  });
});

describe('action adapter: report from the AWS CLI', () => {
  it('takes the JSON of aws iam get-credential-report as report, dated by its GeneratedTime', async () => {
    const fromJson = join(dir, 'from-json.json');
    const fromCsv = join(dir, 'from-csv.json');
    inputs = { ...base, report: 'examples/credential-report.aws-cli.json', 'json-file': fromJson };
    await run();
    inputs = { ...base, 'json-file': fromCsv };
    await run();
    const [a, b] = [fromJson, fromCsv].map((f) => JSON.parse(readFileSync(f, 'utf8')));
    expect(a.error).toBeUndefined();
    expect(a.reportGeneratedAt).toBe('2026-11-21T08:00:00.000Z');
    expect(a.findings).toEqual(b.findings);
  });
});
