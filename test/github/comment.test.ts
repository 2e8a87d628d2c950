import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { githubClient, retryAfterSeconds } from '../../src/github/client.js';
import {
  commentMarker,
  ownComments,
  tokenLogin,
  upsertStickyComment,
  type CommentMode,
} from '../../src/github/comment.js';
import { ACTIONS_BOT, FakeGitHub } from '../helpers/fake-github.js';

const TARGET = { owner: 'acme', repo: 'infra', issueNumber: 7 };
const MARKER = commentMarker('policy.yml');
const BOT = ACTIONS_BOT.login;

describe('the sticky comment against the loopback GitHub stand-in', () => {
  const github = new FakeGitHub();
  beforeAll(() => github.start());
  afterAll(() => github.stop());
  beforeEach(() => github.reset());

  const client = (options: { seconds?: number; token?: string; retries?: number } = {}) =>
    githubClient(options.token ?? 'ghs_actions', {
      baseUrl: github.url,
      deadline: Date.now() + (options.seconds ?? 20) * 1000,
      attemptMs: 5000,
      retries: options.retries ?? 3,
    });
  const upsert = (
    body: string,
    options: { mode?: CommentMode; passed?: boolean; author?: string; seconds?: number } = {},
  ) =>
    upsertStickyComment(client(options), TARGET, MARKER, body, {
      mode: options.mode ?? 'always',
      passed: options.passed ?? false,
      author: options.author ?? BOT,
    });
  const patched = () => github.requests.filter((r) => r.method === 'PATCH').map((r) => r.path);

  describe('whose comment it is', () => {
    it('finds the identity behind each kind of token', async () => {
      github.identities = {
        ghp_person: { login: 'octocat', kind: 'user' },
        ghs_app: { login: 'acme-gate[bot]', kind: 'bot' },
      };
      expect(await tokenLogin(client())).toBe('github-actions[bot]');
      expect(await tokenLogin(client({ token: 'ghp_person' }))).toBe('octocat');
      // GET /user refuses installation tokens; GraphQL's viewer answers
      expect(await tokenLogin(client({ token: 'ghs_app' }))).toBe('acme-gate[bot]');
    });

    it('falls back to GET /user when GraphQL is not there', async () => {
      github.identities = { ghp_person: { login: 'octocat', kind: 'user' } };
      github.faults = [{ path: /^\/graphql$/, times: 9, respond: { status: 404, body: {} } }];
      expect(await tokenLogin(client({ token: 'ghp_person' }))).toBe('octocat');
      // an installation token gets neither answer: an error, never a guess
      github.faults = [{ path: /^\/graphql$/, times: 9, respond: { status: 404, body: {} } }];
      await expect(tokenLogin(client({ token: 'ghs_other' }))).rejects.toThrow();
    });

    it('counts only comments by the author that start with the marker', () => {
      const comments = [
        { id: 5, body: `${MARKER}\nmine, newer`, user: { login: 'GitHub-Actions[bot]' } },
        { id: 1, body: `${MARKER}\nforged`, user: { login: 'mallory' } },
        { id: 2, body: `> ${MARKER}\nquoted`, user: { login: BOT } },
        { id: 3, body: `${MARKER}\nmine`, user: { login: BOT } },
        { id: 4, body: `${commentMarker('policy.yml prod')}\nanother key`, user: { login: BOT } },
        { id: 6, body: null, user: null },
      ];
      expect(ownComments(comments, MARKER, BOT).map((c) => c.id)).toEqual([3, 5]);
    });
  });

  describe('hijack attempts', () => {
    it("leaves another user's comment with our marker untouched and creates ours", async () => {
      const forged = github.add(`${MARKER}\n## ✅ IAM credential gate passed`, 'mallory');
      const outcome = await upsert('## ❌ failed');
      expect(outcome).toMatchObject({ action: 'created' });
      expect(github.comments).toHaveLength(2);
      expect(github.comments[0]).toEqual(forged);
      expect(github.comments[0]?.body).toBe(`${MARKER}\n## ✅ IAM credential gate passed`);
      expect(github.comments[1]).toMatchObject({
        body: `${MARKER}\n## ❌ failed`,
        user: { login: BOT },
      });
      expect(patched()).toEqual([]);
    });

    it('updates ours, not an older forged copy listed before it', async () => {
      const forged = github.add(`${MARKER}\nforged pass`, 'mallory');
      const ours = github.add(`${MARKER}\nold verdict`);
      const outcome = await upsert('new verdict');
      expect(outcome).toMatchObject({ action: 'updated', id: ours.id, removed: [] });
      expect(github.comments.find((c) => c.id === ours.id)?.body).toBe(`${MARKER}\nnew verdict`);
      expect(github.comments.find((c) => c.id === forged.id)?.body).toBe(`${MARKER}\nforged pass`);
      expect(patched()).toEqual([`/repos/acme/infra/issues/comments/${ours.id}`]);
    });

    it('does not take a comment that only quotes the marker, even one the same bot wrote', async () => {
      const quoting = github.add(`Another tool's report\n\n> ${MARKER}\n> passed`);
      const outcome = await upsert('verdict');
      expect(outcome).toMatchObject({ action: 'created' });
      expect(github.comments.find((c) => c.id === quoting.id)?.body).toBe(
        `Another tool's report\n\n> ${MARKER}\n> passed`,
      );
      expect(patched()).toEqual([]);
    });

    it('on-failure: a passing run creates nothing even when a forged comment exists', async () => {
      github.add(`${MARKER}\nforged`, 'mallory');
      expect(await upsert('passed', { mode: 'on-failure', passed: true })).toMatchObject({
        action: 'skipped',
      });
      expect(github.comments).toHaveLength(1);
    });

    it('writes as the author it is given (comment-author), ignoring the default bot', async () => {
      github.identities = { ghs_app: { login: 'acme-gate[bot]', kind: 'bot' } };
      const bots = github.add(`${MARKER}\nby github-actions`);
      const outcome = await upsertStickyComment(
        client({ token: 'ghs_app' }),
        TARGET,
        MARKER,
        'by the app',
        { mode: 'always', passed: false, author: 'acme-gate[bot]' },
      );
      expect(outcome).toMatchObject({ action: 'created' });
      expect(github.comments.find((c) => c.id === bots.id)?.body).toBe(
        `${MARKER}\nby github-actions`,
      );
      expect(github.comments.at(-1)?.user.login).toBe('acme-gate[bot]');
    });
    it('reports the author GitHub recorded when it is not the one assumed', async () => {
      const outcome = await upsert('x', { author: 'wrong-app[bot]' });
      expect(outcome).toMatchObject({ action: 'created', author: BOT });
      expect(await upsert('y')).toMatchObject({ action: 'updated', author: BOT });
    });
  });

  describe('concurrent runs', () => {
    it('keeps the oldest when another run created one at the same time, with our body', async () => {
      let other = 0;
      github.onCreate = (fake) => {
        if (other === 0) other = fake.add(`${MARKER}\nthe other run`).id;
      };
      const outcome = await upsert('this run');
      expect(github.comments).toEqual([
        { id: other, body: `${MARKER}\nthis run`, user: { login: BOT } },
      ]);
      expect(outcome).toMatchObject({ action: 'updated', id: other });
      if (outcome.action !== 'skipped') expect(outcome.removed).toHaveLength(1);
    });

    it('two runs racing leave exactly one comment', async () => {
      github.listBarrier = 2; // both list before either creates
      const [a, b] = await Promise.all([upsert('run a'), upsert('run b')]);
      const ours = github.comments.filter((c) => c.body.startsWith(MARKER));
      expect(ours).toHaveLength(1);
      expect(
        github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments')),
      ).toHaveLength(2);
      expect([a, b].map((o) => (o.action === 'skipped' ? undefined : o.id))).toEqual([
        ours[0]?.id,
        ours[0]?.id,
      ]);
    }, 30_000);

    it('removes duplicates a past race left, keeping the oldest', async () => {
      const first = github.add(`${MARKER}\nold 1`);
      github.add('chatter', 'someone');
      github.add(`${MARKER}\nold 2`);
      github.add(`${MARKER}\nnot ours`, 'mallory');
      const outcome = await upsert('now');
      expect(outcome).toMatchObject({ action: 'updated', id: first.id });
      expect(github.comments.map((c) => c.body)).toEqual([
        `${MARKER}\nnow`,
        'chatter',
        `${MARKER}\nnot ours`,
      ]);
    });
    it('a duplicate that cannot be deleted is left, and the update still counts', async () => {
      const first = github.add(`${MARKER}\nold 1`);
      github.add(`${MARKER}\nold 2`);
      github.faults = [{ method: 'DELETE', respond: { status: 403, body: { message: 'nope' } } }];
      const outcome = await upsert('now');
      expect(outcome).toMatchObject({ action: 'updated', id: first.id, removed: [] });
      expect(github.comments[0]?.body).toBe(`${MARKER}\nnow`);
    });
  });

  describe('a bounded, retried API', () => {
    it('retries a 429 honouring Retry-After, then succeeds', async () => {
      github.faults = [
        {
          method: 'GET',
          respond: {
            status: 429,
            headers: { 'retry-after': '1' },
            body: { message: 'Too many requests' },
          },
        },
      ];
      const start = Date.now();
      expect(await upsert('after 429')).toMatchObject({ action: 'created' });
      expect(Date.now() - start).toBeGreaterThanOrEqual(950);
      expect(github.requests.filter((r) => r.method === 'GET')).toHaveLength(3); // 429, list, list again
    });

    it('retries 502s, then succeeds', async () => {
      github.add(`${MARKER}\nold`);
      github.faults = [
        { method: 'PATCH', times: 2, respond: { status: 502, body: { message: 'Bad gateway' } } },
      ];
      expect(await upsert('after 502')).toMatchObject({ action: 'updated' });
      expect(patched()).toHaveLength(3);
      expect(github.comments[0]?.body).toBe(`${MARKER}\nafter 502`);
    }, 20_000);

    it('waits out a secondary rate limit (403 with retry-after), then succeeds', async () => {
      github.faults = [
        {
          method: 'POST',
          path: /\/comments$/,
          respond: {
            status: 403,
            headers: { 'retry-after': '1' },
            body: {
              message: 'You have exceeded a secondary rate limit. Please wait a few minutes.',
            },
          },
        },
      ];
      expect(await upsert('after the limit')).toMatchObject({ action: 'created' });
      expect(github.comments.map((c) => c.body)).toEqual([`${MARKER}\nafter the limit`]);
    }, 20_000);

    it('gives up, without waiting, when Retry-After is past the deadline', async () => {
      github.faults = [
        {
          method: 'GET',
          respond: {
            status: 429,
            headers: { 'retry-after': '60' },
            body: { message: 'slow down' },
          },
        },
      ];
      const start = Date.now();
      await expect(upsert('x', { seconds: 5 })).rejects.toMatchObject({ status: 429 });
      expect(Date.now() - start).toBeLessThan(3000);
    });

    it('a request that never answers ends at the deadline', async () => {
      github.faults = [{ method: 'GET', times: 20, respond: 'hang' }];
      const start = Date.now();
      await expect(upsert('x', { seconds: 2 })).rejects.toThrow();
      expect(Date.now() - start).toBeLessThan(2000 + 3000);
    }, 20_000);
  });
});

describe('Retry-After', () => {
  const at = (value: string) =>
    retryAfterSeconds(
      { response: { headers: { 'retry-after': value } } },
      Date.parse('2026-01-01T00:00:00Z'),
    );
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(at('7')).toBe(7);
    expect(at('Thu, 01 Jan 2026 00:00:30 GMT')).toBe(30);
    expect(at('Wed, 31 Dec 2025 00:00:00 GMT')).toBe(0);
    expect(at('soon')).toBeUndefined();
    expect(at('')).toBeUndefined();
    expect(retryAfterSeconds({}, 0)).toBeUndefined();
  });
});
