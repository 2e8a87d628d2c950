import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commentMarker } from '../../src/github/comment.js';
import { ACTIONS_BOT, FakeGitHub } from '../helpers/fake-github.js';
import { toHtml } from '../helpers/gfm.js';
import { runOnPullRequest, writePullRequestEvent } from '../helpers/run-action.js';
import { waited } from '../helpers/timed.js';

const TOKEN = 'ghs_test_token_123';
const MARKER = commentMarker('examples/policy.yml');
const BOT = ACTIONS_BOT.login;

/** The bundle, run as the runner runs it, against the stand-in: who owns the comment, and time. */
describe('the sticky comment, end to end through dist/index.js', () => {
  const github = new FakeGitHub();
  let dir: string;
  let event: string;

  beforeAll(async () => {
    await github.start();
    dir = mkdtempSync(join(tmpdir(), 'action-comment-'));
    event = writePullRequestEvent(dir);
  });
  afterAll(() => github.stop());
  beforeEach(() => github.reset());

  const runAction = (inputs: Record<string, string>) =>
    runOnPullRequest({ dir, event, apiUrl: github.url, token: TOKEN, inputs });
  const gate = (more: Record<string, string> = {}) => ({
    policy: 'examples/policy.yml',
    report: 'examples/credential-report.csv',
    now: '2026-11-22T00:00:00Z',
    ...more,
  });
  const failing = (more: Record<string, string> = {}) => gate(more);
  const passing = (more: Record<string, string> = {}) => gate({ 'fail-on': 'never', ...more });
  const ours = () =>
    github.comments.filter((c) => c.user.login === BOT && c.body.startsWith(MARKER));

  it("leaves another user's comment carrying our marker untouched, and writes its own", async () => {
    const forged = github.add(`${MARKER}\n## ✅ IAM credential gate passed`, 'mallory');
    const r = await runAction(failing());
    expect(r.code).toBe(1);
    expect(github.comments.find((c) => c.id === forged.id)?.body).toBe(
      `${MARKER}\n## ✅ IAM credential gate passed`,
    );
    expect(ours()).toHaveLength(1);
    expect(ours()[0]?.body).toMatch(/## ❌ IAM credential gate failed/);
    expect(github.requests.some((r) => r.path.endsWith(`/comments/${forged.id}`))).toBe(false);
  });

  it('masks the token in the log, and keeps it out of an API error that echoes it', async () => {
    github.faults = [
      {
        path: /\/issues\/7\/comments/,
        times: 99,
        respond: { status: 403, body: { message: `denied for token ${TOKEN}` } },
      },
    ];
    const r = await runAction(failing());
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(`::add-mask::${TOKEN}`);
    expect(r.stdout).toContain(
      '::warning::Could not write the PR comment (403: denied for token ***)',
    );
    expect(r.stdout.split('\n').filter((l) => l.includes(TOKEN))).toEqual([`::add-mask::${TOKEN}`]);
  });

  it('ignores a comment that quotes the marker further down', async () => {
    const quoting = github.add(`see this:\n\n\`\`\`\n${MARKER}\n\`\`\``);
    await runAction(failing());
    expect(github.comments.find((c) => c.id === quoting.id)?.body).toBe(
      `see this:\n\n\`\`\`\n${MARKER}\n\`\`\``,
    );
    expect(ours()).toHaveLength(1);
  });

  it("comments as a GitHub App's bot, found by GraphQL's viewer, and updates that comment next time", async () => {
    github.identities = { [TOKEN]: { login: 'acme-gate[bot]', kind: 'bot' } };
    github.add(`${MARKER}\nwritten with GITHUB_TOKEN`);
    await runAction(failing());
    await runAction(passing());
    const app = github.comments.filter((c) => c.user.login === 'acme-gate[bot]');
    expect(app).toHaveLength(1);
    expect(app[0]?.body).toMatch(/IAM credential gate passed/);
    expect(github.comments.find((c) => c.user.login === BOT)?.body).toBe(
      `${MARKER}\nwritten with GITHUB_TOKEN`,
    );
  });

  it('comment-author names the account when the token cannot tell; without it, a warning and no comment', async () => {
    github.identities = { [TOKEN]: { login: 'acme-gate[bot]', kind: 'bot' } };
    github.faults = [
      { path: /^\/graphql$/, times: 99, respond: { status: 404, body: { message: 'Not Found' } } },
    ];
    const blind = await runAction(failing());
    expect(blind.code).toBe(1);
    expect(blind.stdout).toMatch(/::warning::Could not write the PR comment.*comment-author/);
    expect(github.comments).toHaveLength(0);
    const told = await runAction(failing({ 'comment-author': 'acme-gate[bot]' }));
    expect(told.code).toBe(1);
    expect(github.comments.map((c) => c.user.login)).toEqual(['acme-gate[bot]']);
  });

  it('warns when comment-author is not who the token writes as', async () => {
    const r = await runAction(failing({ 'comment-author': 'wrong-app[bot]' }));
    expect(r.stdout).toMatch(
      /::warning::The PR comment was written as github-actions\[bot\], not wrong-app\[bot\]/,
    );
    expect(ours()).toHaveLength(1);
  });

  it('two runs at the same time leave exactly one comment', async () => {
    github.listBarrier = 2; // both list before either has created one
    const [a, b] = await Promise.all([runAction(failing()), runAction(failing())]);
    expect([a.code, b.code]).toEqual([1, 1]);
    expect(
      github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments')),
    ).toHaveLength(2);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]?.body).toMatch(/## ❌ IAM credential gate failed/);
  }, 60_000);

  it('a run that could not evaluate replaces an earlier "passed"', async () => {
    const policy = join(dir, 'policy.yml');
    const marker = commentMarker(policy);
    writeFileSync(policy, 'version: 1\nfail_on: never\n');
    const first = await runAction(gate({ policy }));
    expect(first.code).toBe(0);
    const mine = () => github.comments.filter((c) => c.body.startsWith(marker));
    expect(mine()[0]?.body).toMatch(/IAM credential gate passed/);
    expect(first.summary).toContain('`fail_on` is **never**: this gate cannot fail');
    expect(first.summary).not.toMatch(/at or above \*\*never\*\*/);
    // the same policy, now with a typo
    writeFileSync(policy, 'version: 1\nrules:\n  access-key-unused: { max_day: 45 }\n');
    const broken = await runAction(gate({ policy }));
    expect(broken.code).not.toBe(0);
    expect(mine()).toHaveLength(1);
    const html = toHtml(mine()[0]?.body ?? '');
    expect(html).not.toMatch(/passed/);
    expect(html).toMatch(/could not run — verdict UNKNOWN/);
    expect(html).toMatch(/policy\.yml:3:24/);
    expect(html).toMatch(/max_day/);
    // the job summary says the same: what failed and where, in one line, and no verdict
    const summary = toHtml(broken.summary);
    expect(summary).toMatch(/could not run — verdict UNKNOWN/);
    expect(summary).toMatch(/there is no verdict/);
    expect(summary).toMatch(
      /<pre><code>[^\n]*policy\.yml:3:24[^\n]*max_day[^\n]*\n<\/code><\/pre>/,
    );
    expect(summary).not.toMatch(/passed/);
  });

  it('an input the action cannot read still replaces the comment, even with comment: on-failure', async () => {
    await runAction(passing());
    const r = await runAction(passing({ now: 'yesterday', comment: 'on-failure' }));
    expect(r.code).not.toBe(0);
    expect(ours()).toHaveLength(1);
    expect(toHtml(ours()[0]?.body ?? '')).toMatch(/input `now` must be/);
    expect(ours()[0]?.body).toMatch(/verdict UNKNOWN/);
  });

  it('could not run with on-failure and no comment yet: creates one (not running is not a pass)', async () => {
    const r = await runAction({
      ...passing(),
      report: join(dir, 'missing.csv'),
      comment: 'on-failure',
    });
    expect(r.code).not.toBe(0);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]?.body).toMatch(/verdict UNKNOWN/);
  });

  it('retries 429 (Retry-After) and 502, then writes the comment', async () => {
    github.faults = [
      {
        method: 'GET',
        path: /\/comments$/,
        respond: {
          status: 429,
          headers: { 'retry-after': '1' },
          body: { message: 'Too many requests' },
        },
      },
      {
        method: 'POST',
        path: /\/comments$/,
        respond: { status: 502, body: { message: 'Bad gateway' } },
      },
    ];
    const r = await runAction(failing());
    expect(r.code).toBe(1);
    expect(ours()).toHaveLength(1);
    expect(r.stdout).toMatch(/GitHub: GET .*: 429; trying again in 1 s\./);
    expect(r.stdout).toMatch(/GitHub: POST .*: 502; trying again/);
    expect(r.stdout).not.toMatch(/::warning::Could not write the PR comment/);
  }, 30_000);

  it.each([
    ['failing', failing, 1, 'false'],
    ['passing', passing, 0, 'true'],
  ] as const)(
    'a GitHub API that never answers: the %s run ends within comment-timeout-seconds, warns, and keeps its verdict',
    async (_, inputs, code, passed) => {
      const { result: r, waitedMs } = await waited(
        () => runAction(inputs({ 'comment-timeout-seconds': '3' })),
        () => {
          github.reset();
          github.faults = [{ times: 999, respond: 'hang' }];
          return runAction(inputs({ 'comment-timeout-seconds': '3' }));
        },
      );
      // Two steps talk to GitHub, each bounded by comment-timeout-seconds: the check run
      // (check-run: auto, which falls back to workflow commands) and the comment.
      expect(waitedMs).toBeLessThan(2 * 3000 + 2000);
      expect(r.code).toBe(code);
      expect(r.outputs.passed).toBe(passed);
      expect(r.stdout).toMatch(/::warning::Could not write the PR comment within 3 s/);
      // the check run's fall-back names the bound, not the 500 Octokit makes of a timeout
      expect(r.stdout).toMatch(
        /No check run \(GitHub did not answer within 3 s \(comment-timeout-seconds/,
      );
      expect(r.stdout).not.toMatch(/the API answered 500/);
      expect(github.requests.length).toBeGreaterThan(0);
    },
    30_000,
  );

  it('refuses a comment-timeout-seconds that is not a positive number', async () => {
    const r = await runAction(failing({ 'comment-timeout-seconds': '0' }));
    expect(r.code).not.toBe(0);
    expect(r.stdout).toMatch(/input `comment-timeout-seconds` must be a positive number/);
  });
});
