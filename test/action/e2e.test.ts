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
    const first = await runAction(failingInputs());
    expect(first.code).toBe(1);
    expect(first.summary).toMatch(/^## ❌ IAM credential gate failed/);
    expect(first.outputs).toEqual({
      passed: 'false',
      findings: '34',
      failing: '16',
      'json-file': join(dir, 'report.json'),
      'sarif-file': join(dir, 'report.sarif'),
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
    expect(github.requests).toHaveLength(0);
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
