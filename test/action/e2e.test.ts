import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from '../helpers/fake-github.js';
import { toHtml } from '../helpers/gfm.js';
import { ago, rootRow, toCsv } from '../helpers/report.js';
import { runOnPullRequest, writePullRequestEvent } from '../helpers/run-action.js';

const TOKEN = 'ghs_test_token_123';

describe('the committed dist/index.js, run as the runner runs it', () => {
  const github = new FakeGitHub();
  let dir: string;
  let event: string;

  beforeAll(async () => {
    await github.start();
    dir = mkdtempSync(join(tmpdir(), 'action-'));
    event = writePullRequestEvent(dir);
  });
  afterAll(() => github.stop());
  beforeEach(() => github.reset());

  const runAction = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runOnPullRequest({ dir, event, apiUrl: github.url, token: TOKEN, inputs, env });

  const failingInputs = () => ({
    policy: 'examples/policy.yml',
    'terraform-dir': 'examples/terraform\n',
    report: 'examples/credential-report.csv',
    now: '2026-11-22T00:00:00Z',
    'json-file': join(dir, 'report.json'),
    'sarif-file': join(dir, 'report.sarif'),
  });

  it('fails the step, writes summary, outputs, files, annotations and one PR comment; updates it on the second run', async () => {
    // workflow-command annotations (no check run: see the check-run test)
    const first = await runAction({ ...failingInputs(), 'check-run': 'false' });
    expect(first.code).toBe(1);
    expect(first.summary).toMatch(/^## ❌ IAM credential gate failed/);
    expect(first.outputs).toEqual({
      passed: 'false',
      findings: '34',
      failing: '16',
      'json-file': join(dir, 'report.json'),
      'sarif-file': join(dir, 'report.sarif'),
      error: '',
    });
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).summary.failing).toBe(16);
    expect(JSON.parse(readFileSync(join(dir, 'report.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(first.stdout).toMatch(
      /::error title=root-mfa%3A <root_account> \(critical\)::The root user has no MFA device/,
    );
    expect(first.stdout).toMatch(/::error::IAM credential gate failed: 16 failing of 34 findings/);
    // on the .tf line that names the user
    expect(first.stdout).toMatch(
      /::error title=password-unused%3A carol \(high\),file=examples\/terraform\/iam\/users\.tf,line=3::/,
    );
    expect(first.summary).toContain(
      '[`examples/terraform/iam/users.tf:3`](https://github.test/acme/infra/blob/abc123/examples/terraform/iam/users.tf#L3)',
    );
    expect(github.comments).toHaveLength(1);
    const firstComment = github.comments[0];
    expect(firstComment?.body).toMatch(
      /^<!-- iam-credential-gate: examples\/policy\.yml -->\n## ❌ IAM credential gate failed/,
    );
    expect(firstComment?.body).toContain(
      '[Workflow run](https://github.test/acme/infra/actions/runs/42)',
    );
    expect(github.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);

    // second run, now passing (fail_on never): the same comment is updated to say so
    const second = await runAction({ ...failingInputs(), 'fail-on': 'never' });
    expect(second.code).toBe(0);
    expect(second.outputs.passed).toBe('true');
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.id).toBe(firstComment?.id);
    expect(github.comments[0]?.body).toMatch(/## ✅ IAM credential gate passed/);
    expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('finds its comment among many others (pagination) and never duplicates it', async () => {
    for (let i = 0; i < 130; i++)
      github.comments.push({ id: i + 1, body: `chatter ${i}`, user: { login: 'someone' } });
    await runAction(failingInputs());
    await runAction(failingInputs());
    expect(github.comments.filter((c) => c.body.includes('iam-credential-gate:'))).toHaveLength(1);
    expect(github.comments).toHaveLength(131);
  });

  it('passes (exit 0) on a clean report', async () => {
    const report = join(dir, 'clean.csv');
    writeFileSync(report, toCsv([rootRow(), { user: 'alice', user_creation_time: ago(3) }]));
    const policy = join(dir, 'policy.yml');
    writeFileSync(policy, 'version: 1\n');
    const r = await runAction({
      policy,
      report,
      now: '2026-11-22T00:00:00Z',
      comment: 'on-failure',
    });
    expect(r.code).toBe(0);
    expect(r.outputs.passed).toBe('true');
    expect(r.summary).toMatch(/IAM credential gate passed/);
    expect(github.comments).toHaveLength(0); // on-failure: nothing to say
  });

  it('answers a 403 (read-only token, fork PR) with a warning, never a crash or a changed verdict', async () => {
    github.forbid = true;
    const r = await runAction({ ...failingInputs(), 'fail-on': 'never' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /::warning::Could not write the PR comment \(403: Resource not accessible by integration\).*pull-requests: write/,
    );
  });

  it('fails the step on input errors, naming the file and place, and still writes an error report', async () => {
    const policy = join(dir, 'bad.yml');
    writeFileSync(policy, 'version: 1\nrules:\n  access-key-unused: { max_day: 45 }\n');
    const json = join(dir, 'error.json');
    const r = await runAction({
      policy,
      report: 'examples/credential-report.csv',
      'json-file': json,
    });
    expect(r.code).toBe(1);
    const annotation =
      r.stdout.split('\n').find((l) => l.startsWith('::error') && l.includes('max_day')) ?? '';
    expect(annotation).toMatch(/file=[^,]*bad\.yml/);
    expect(annotation).toMatch(/line=3,col=24/);
    expect(annotation).toMatch(/::"max_day" is not a setting of this rule/);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({
      passed: false,
      error: { message: expect.stringMatching(/max_day/) },
    });
    expect(r.outputs.passed).toBe('false');
    // not running is not a pass: the pull request is told, with the place
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body).toMatch(/could not run — verdict UNKNOWN/);
    expect(toHtml(github.comments[0]?.body ?? '')).toMatch(/bad\.yml:3:24/);
  });

  it('sets all six outputs on every error path, with an error JSON and an error SARIF', async () => {
    const json = join(dir, 'e.json');
    const sarif = join(dir, 'e.sarif');
    const files = { 'json-file': json, 'sarif-file': sarif };
    const policy = join(dir, 'typo.yml');
    writeFileSync(policy, 'version: 1\nfail_on: hihg\n');
    const cases: [string, Record<string, string>, RegExp][] = [
      // an input that cannot be read: the inputs are not all known
      ['bad input', { ...failingInputs(), ...files, comment: 'sometimes' }, /input `comment`/],
      // a policy with a typo: the place is known
      ['bad policy', { ...failingInputs(), ...files, policy }, /typo\.yml:2:10 .*"hihg"/],
      // merge mode with nothing to merge
      ['merge', { merge: join(dir, 'none-*.json'), ...files }, /input `merge`: no JSON report/],
    ];
    for (const [name, inputs, message] of cases) {
      const r = await runAction(inputs, { GITHUB_WORKSPACE: process.cwd() });
      expect(r.code, name).toBe(1);
      expect(Object.keys(r.outputs).sort(), name).toEqual(
        ['error', 'failing', 'findings', 'json-file', 'passed', 'sarif-file'].sort(),
      );
      expect(r.outputs, name).toMatchObject({
        passed: 'false',
        findings: '',
        failing: '',
        'json-file': json,
        'sarif-file': sarif,
        error: expect.stringMatching(message),
      });
      expect(JSON.parse(readFileSync(json, 'utf8')).error.message, name).toMatch(message);
      const log = JSON.parse(readFileSync(sarif, 'utf8'));
      expect(log.version, name).toBe('2.1.0');
      expect(log.runs[0].results, name).toEqual([]);
      expect(log.runs[0].invocations[0], name).toMatchObject({
        executionSuccessful: false,
        toolExecutionNotifications: [
          { level: 'error', message: { text: expect.stringMatching(message) } },
        ],
      });
    }
  });

  it('SARIF: exempted findings out unless sarif-include-exempted, URIs relative to the workspace', async () => {
    const sarif = join(dir, 'ex.sarif');
    const inputs = {
      ...failingInputs(),
      policy: join(process.cwd(), 'examples/policy.yml'),
      'sarif-file': sarif,
    };
    const env = { GITHUB_WORKSPACE: process.cwd() };
    const uris = () =>
      JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results.map(
        (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
          r.locations[0]?.physicalLocation.artifactLocation.uri,
      ) as string[];
    const suppressed = () =>
      JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results.filter(
        (r: { suppressions?: unknown }) => r.suppressions,
      ).length;
    await runAction(inputs, env);
    expect(uris()).toHaveLength(34 - 3);
    expect(uris()).toContain('examples/policy.yml');
    expect(uris()).toContain('examples/terraform/iam/users.tf');
    expect(suppressed()).toBe(0);
    await runAction({ ...inputs, 'sarif-include-exempted': 'true' }, env);
    expect(uris()).toHaveLength(34);
    expect(suppressed()).toBe(3);
  });

  it('names the input and its values when an input is wrong', async () => {
    const r = await runAction({ ...failingInputs(), comment: 'sometimes' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /input `comment` must be one of always, on-failure, never, not "sometimes"/,
    );
  });

  it('does not comment outside a pull request', async () => {
    const push = join(dir, 'push.json');
    writeFileSync(push, JSON.stringify({ ref: 'refs/heads/main' }));
    const r = await runAction(failingInputs(), {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: push,
    });
    expect(r.code).toBe(1);
    // no comment request (the check run is another matter)
    expect(github.requests.filter((q) => !q.path.includes('/check-runs'))).toHaveLength(0);
  });

  it('merge mode: one verdict, summary and sticky comment from many account reports', async () => {
    const reports = join(dir, 'reports');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(reports, { recursive: true });
    for (const [i, label] of ['prod', 'dev'].entries()) {
      const r = await runAction({
        policy: 'examples/policy.yml',
        report: 'examples/credential-report.csv',
        now: '2026-11-22T00:00:00Z',
        'account-label': label,
        'json-file': join(reports, `${label}.json`),
        comment: 'never',
        ...(i === 1 && { 'fail-on': 'never' }),
      });
      expect(r.code).toBe(i === 0 ? 1 : 0);
    }
    // dev's JSON is of the same account as prod's (one example report): give it its own id
    const devFile = join(reports, 'dev.json');
    writeFileSync(
      devFile,
      readFileSync(devFile, 'utf8').replaceAll('123456789012', '210987654321'),
    );
    const expected = join(dir, 'accounts.txt');
    writeFileSync(expected, '123456789012\n210987654321\n555555555555 # staging\n');
    const merged = await runAction({
      merge: `${reports}/*.json`,
      'expect-accounts': expected,
      'json-file': join(dir, 'merged.json'),
      now: '2026-11-22T01:00:00Z',
    });
    expect(merged.code).toBe(1);
    expect(merged.outputs.passed).toBe('false');
    // dev's fail_on never is weaker than the merge's (high by default): its findings fail too
    expect(merged.summary).toMatch(/^## ❌ IAM credential gate failed — 3 of 3 accounts/);
    expect(merged.summary).toContain('❓ missing');
    expect(merged.summary).toMatch(/\| dev \|.*\| ❌ failed \| 16 h \| 1 h ago \| `never` \|/);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body).toMatch(/^<!-- iam-credential-gate: merge /);
    expect(JSON.parse(readFileSync(join(dir, 'merged.json'), 'utf8')).summary).toMatchObject({
      accounts: 3,
      failed: 2,
      passed: 0,
      missing: 1,
    });
    // three days later the reports are stale, unless the bound allows them
    const later = { merge: `${reports}/*.json`, now: '2026-11-25T00:00:00Z', comment: 'never' };
    const stale = await runAction(later);
    expect(stale.code).toBe(1);
    expect(stale.summary).toContain('**2 stale** (evaluated more than 48 h ago)');
    const allowed = await runAction({ ...later, 'max-report-age-hours': '100' });
    expect(allowed.summary).not.toContain('⌛ stale');
  });

  it('check run: every finding annotated through the Checks API, 50 a request; 403 falls back to workflow commands', async () => {
    const rows = [
      rootRow({ mfa_active: 'false' }),
      ...Array.from({ length: 120 }, (_, i) => ({
        user: `idle-${String(i).padStart(3, '0')}`,
        user_creation_time: ago(400),
      })),
    ];
    const report = join(dir, 'idle.csv');
    writeFileSync(report, toCsv(rows));
    const policy = join(dir, 'policy-idle.yml');
    writeFileSync(policy, 'version: 1\n');
    const inputs = { policy, report, now: '2026-11-22T00:00:00Z', comment: 'never' };
    const env = { GITHUB_WORKSPACE: dir };
    const r = await runAction(inputs, env);
    expect(r.code).toBe(1);
    expect(github.checkRuns).toHaveLength(1);
    const run = github.checkRuns[0];
    expect(run).toMatchObject({
      name: 'iam-credential-gate',
      head_sha: 'abc123',
      status: 'completed',
      conclusion: 'failure',
      output: { title: expect.stringMatching(/^IAM credential gate failed: 121 failing of 121/) },
    });
    expect(run?.annotations).toHaveLength(121);
    expect(run?.annotations[0]).toMatchObject({
      path: 'policy-idle.yml',
      start_line: 1,
      annotation_level: 'failure',
      title: 'root-mfa: <root_account> (critical)',
    });
    // one create and two updates: 50 + 50 + 21
    const checkRequests = github.requests.filter((q) => q.path.includes('/check-runs'));
    expect(checkRequests.map((q) => q.method)).toEqual(['POST', 'PATCH', 'PATCH']);
    // the workflow commands carry only the verdict then, and the log says where the rest are
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([
      '::error::IAM credential gate failed: 121 failing of 121 findings (fail_on high).',
    ]);
    expect(r.stdout).toContain(
      `121 of 121 finding(s) that are not exempted on the check run https://github.test/acme/infra/runs/${run?.id}`,
    );

    // a token without checks: write
    github.reset();
    github.faults.push({ method: 'POST', path: /check-runs$/, respond: { status: 403 } });
    const forbidden = await runAction(inputs, env);
    expect(forbidden.code).toBe(1);
    expect(github.checkRuns).toHaveLength(0);
    expect(forbidden.stdout).toMatch(/No check run \(403: the token lacks `checks: write`\)/);
    expect(forbidden.stdout).not.toMatch(/::warning::No check run/); // auto: no warning
    const errors = forbidden.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors).toHaveLength(10);
    expect(errors[0]).toBe(
      '::error::IAM credential gate failed: 121 failing of 121 findings (fail_on high).',
    );
    expect(forbidden.stdout).toContain('not annotated: 112 failing finding(s)');

    // asked for explicitly: the fallback is a warning; turned off: no request at all
    github.reset();
    github.faults.push({ method: 'POST', path: /check-runs$/, respond: { status: 404 } });
    const asked = await runAction({ ...inputs, 'check-run': 'true' }, env);
    expect(asked.stdout).toMatch(
      /::warning::No check run \(404: the Checks API is not available\)/,
    );
    github.reset();
    await runAction({ ...inputs, 'check-run': 'false' }, env);
    expect(github.requests.filter((q) => q.path.includes('/check-runs'))).toEqual([]);
  });

  it('keeps a huge report under the comment limit, verdict and run link first to stay', async () => {
    const rows = [
      rootRow({ mfa_active: 'false' }),
      ...Array.from({ length: 3000 }, (_, i) => ({
        user: `dormant-user-${i}`,
        user_creation_time: ago(400),
      })),
    ];
    const report = join(dir, 'huge.csv');
    writeFileSync(report, toCsv(rows));
    const policy = join(dir, 'policy-huge.yml');
    writeFileSync(policy, 'version: 1\n');
    const r = await runAction({ policy, report, now: '2026-11-22T00:00:00Z' });
    expect(r.code).toBe(1);
    const body = github.comments[0]?.body ?? '';
    // as many users as fit, not a fixed few; the rest is pointed to
    expect(body.length).toBeGreaterThan(50_000);
    expect(body.length).toBeLessThanOrEqual(65_536);
    // what does not fit is counted, and where it is said
    expect(body).toMatch(/\*\*[\d,]+\*\* of the 3,001 failing findings are not shown here/);
    expect(body).toContain('[the job summary](https://github.test/acme/infra/actions/runs/42)');
    expect(body).toMatch(/## ❌ IAM credential gate failed/);
    expect(body).toContain('[Workflow run](https://github.test/acme/infra/actions/runs/42)');
    expect(Buffer.byteLength(r.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(r.summary).toContain('dormant-user-2999');
  });
});
