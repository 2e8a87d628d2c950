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
    notice: record('notice'),
    info: record('info'),
    ExitCode: { Success: 0, Failure: 1 },
    debug: record('debug'),
    summary,
  };
});

const { run } = await import('../../src/action/main.js');
const { tiering } = await import('../../src/util/tiering.js');

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
  process.exitCode = 0;
});

describe('action adapter', () => {
  it('sets every output first, the verdict as the first annotation, and fails the step last', async () => {
    inputs = { ...base, 'json-file': join(dir, 'r.json') };
    await run();
    const names = calls.map((c) => c[0]);
    expect(named('setOutput').map((c) => c[1])).toEqual([
      'passed',
      'findings',
      'failing',
      'json-file',
      'sarif-file',
      'error',
    ]);
    expect(named('setOutput')[5]).toEqual(['setOutput', 'error', '']);
    expect(names.indexOf('error')).toBeGreaterThan(names.lastIndexOf('setOutput'));
    expect(named('error')[0]?.[1]).toBe(
      'IAM credential gate failed: 16 failing of 34 findings (fail_on high).',
    );
    // no second "failed" annotation at the end (setFailed would add one): the exit code fails
    expect(named('setFailed')).toEqual([]);
    expect(process.exitCode).toBe(1);
    expect(calls[calls.length - 1]).toEqual([
      'info',
      'IAM credential gate failed: 16 failing of 34 findings (fail_on high).',
    ]);
    expect(summaryText.join('')).toMatch(/^## ❌ IAM credential gate failed/);
  });

  it('runs a check as a short run for V8 (util/tiering.ts), a merge or many accounts not', async () => {
    // (not set for real: the test's own process keeps V8's tiering)
    const shortRun = vi.spyOn(tiering, 'shortRun').mockImplementation(() => undefined);
    try {
      inputs = { ...base };
      await run();
      expect(shortRun).toHaveBeenCalledTimes(1);
      shortRun.mockClear();
      const report = join(dir, 'for-merge.json');
      inputs = { ...base, 'json-file': report };
      await run();
      shortRun.mockClear();
      calls.length = 0;
      inputs = { merge: report, now: base.now, comment: 'never' };
      await run();
      expect(named('setOutput').length).toBeGreaterThan(0);
      expect(shortRun).not.toHaveBeenCalled();
      // many accounts in one job: a long run too (here refused in accounts mode: not a role ARN)
      calls.length = 0;
      inputs = {
        ...base,
        report: '',
        accounts: '123456789012',
        'role-arn-template': 'not-a-role-arn',
        'output-dir': join(dir, 'accounts'),
      };
      await run();
      expect(named('setOutput').find((c) => c[1] === 'error')?.[2]).toMatch(/role-arn-template/);
      expect(shortRun).not.toHaveBeenCalled();
    } finally {
      shortRun.mockRestore();
    }
  });

  it('does not fail when the gate passes', async () => {
    inputs = { ...base, 'fail-on': 'never' };
    await run();
    expect(named('setFailed')).toEqual([]);
    expect(process.exitCode).toBe(0);
    expect(named('setOutput')[0]).toEqual(['setOutput', 'passed', 'true']);
    expect(named('notice')[0]?.[1]).toMatch(/^IAM credential gate passed: 0 failing of 34/);
  });

  it('annotates within 10 errors and 10 warnings: the verdict, the most severe findings, and says what is left', async () => {
    inputs = { ...base };
    await run();
    const errors = named('error');
    expect(errors).toHaveLength(10);
    expect(errors[0]?.[1]).toMatch(/^IAM credential gate failed/);
    const severities = errors
      .slice(1)
      .map((c) => /\((critical|high|medium|low)\)$/.exec((c[2] as { title: string }).title)?.[1]);
    // the most severe first: every critical failing finding is among them
    const order = ['critical', 'high', 'medium', 'low'];
    expect(severities.map((x) => order.indexOf(x as string))).toEqual(
      [...severities.map((x) => order.indexOf(x as string))].sort(),
    );
    expect(severities[0]).toBe('critical');
    const warnings = named('warning');
    expect(warnings.length).toBeLessThanOrEqual(9);
    // what the example policy weakens, then the report's own warnings, then other findings
    expect(warnings.slice(0, 4).map((c) => [(c[2] as { title: string }).title, c[1]])).toEqual([
      [
        'iam-credential-gate: the policy weakens the gate',
        'rule access-key-age max_days is 365 days for service users, looser than the default 90.',
      ],
      [
        'iam-credential-gate: the policy weakens the gate',
        'exemption 4 (until 2027-06-30) covers every rule (it lists none).',
      ],
      ['iam-credential-gate', expect.stringMatching(/exemption 2 .*expired 2026-10-31/)],
      ['iam-credential-gate', expect.stringMatching(/exemption 4 .*matched no finding/)],
    ]);
    expect(
      warnings
        .slice(4)
        .every((c) => /\((high|medium|low)\)$/.test((c[2] as { title: string }).title)),
    ).toBe(true);
    // honest counts of what is not annotated: 16 failing, 34 findings, 3 exempted (example)
    const shownOther = warnings.length - 4;
    expect(named('info').map((c) => c[1])).toContain(
      `Annotated the verdict, 9 failing finding(s) as errors and ${shownOther} other finding(s) as warnings (GitHub shows 10 errors and 10 warnings per step); not annotated: 7 failing finding(s), ${34 - 16 - 3 - shownOther} other finding(s), 3 exempted finding(s) — every one is in the job summary and the JSON report.`,
    );
  });

  it('sets every output on the error path too: empty counts, an error SARIF, and the message', async () => {
    const sarif = join(dir, 'err.sarif');
    const json = join(dir, 'err.json');
    inputs = { ...base, comment: 'sometimes', 'sarif-file': sarif, 'json-file': json };
    await run();
    expect(named('setOutput')).toEqual([
      ['setOutput', 'passed', 'false'],
      ['setOutput', 'findings', ''],
      ['setOutput', 'failing', ''],
      ['setOutput', 'json-file', json],
      ['setOutput', 'sarif-file', sarif],
      ['setOutput', 'error', expect.stringMatching(/input `comment` must be one of/)],
    ]);
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(JSON.parse(readFileSync(json, 'utf8')).error.message).toMatch(/input `comment`/);
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
