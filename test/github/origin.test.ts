import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubClient } from '../../src/github/client.js';

/** A loopback server that answers `answer` and records what it was asked, with which token. */
function server(
  answer: (req: IncomingMessage, url: string) => [number, Record<string, string>, string],
) {
  const seen: { path: string; authorization: string | undefined }[] = [];
  const s: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', authorization: req.headers.authorization });
    const [status, headers, body] = answer(req, req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  });
  return {
    seen,
    start: () => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r())),
    stop: () => new Promise<void>((r) => s.close(() => r())),
    get url() {
      return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    },
  };
}

describe('the GitHub client sends the token to the API only', () => {
  const elsewhere = server(() => [200, {}, '[]']);
  const api = server((_req, url) => [
    200,
    url.includes('page=2')
      ? {}
      : { link: `<${elsewhere.url}/repos/acme/infra/issues/7/comments?page=2>; rel="next"` },
    '[{"id":1,"body":"x","user":{"login":"someone"}}]',
  ]);
  beforeAll(async () => {
    await elsewhere.start();
    await api.start();
  });
  afterAll(async () => {
    await elsewhere.stop();
    await api.stop();
  });

  it('refuses a next page on another origin, before any request reaches it', async () => {
    const octokit = githubClient('ghs_SECRET', {
      baseUrl: api.url,
      deadline: Date.now() + 10_000,
      attemptMs: 5000,
      retries: 0,
    });
    await expect(
      octokit.paginate(octokit.rest.issues.listComments, {
        owner: 'acme',
        repo: 'infra',
        issue_number: 7,
        per_page: 100,
      }),
    ).rejects.toThrow(`refused a request to ${elsewhere.url}: not the GitHub API at ${api.url}`);
    expect(api.seen.map((r) => r.authorization)).toEqual(['token ghs_SECRET']);
    expect(elsewhere.seen).toEqual([]);
  });
});
