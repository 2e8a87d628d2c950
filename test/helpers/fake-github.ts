import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string };
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

/**
 * A stand-in for the GitHub REST API on loopback: the issue-comment endpoints the sticky
 * comment uses, with pagination, and a switch that answers 403 like a read-only token.
 */
export class FakeGitHub {
  comments: FakeComment[] = [];
  requests: RecordedRequest[] = [];
  forbid = false;
  private server: Server | undefined;
  private nextId = 1000;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const body = text ? JSON.parse(text) : undefined;
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      authorization: req.headers.authorization,
      body,
    });
    if (this.forbid)
      return { status: 403, body: { message: 'Resource not accessible by integration' } };

    let m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = this.comments.slice((page - 1) * perPage, page * perPage);
      const last = Math.max(1, Math.ceil(this.comments.length / perPage));
      const headers: Record<string, string> =
        page < last
          ? {
              link: `<${this.url}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`,
            }
          : {};
      return { status: 200, body: slice, headers };
    }
    if (m && req.method === 'POST') {
      const comment = {
        id: this.nextId++,
        body: (body as { body: string }).body,
        user: { login: 'github-actions[bot]' },
      };
      this.comments.push(comment);
      return { status: 201, body: { ...comment, html_url: `https://github.test/c/${comment.id}` } };
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (m && req.method === 'PATCH') {
      const comment = this.comments.find((c) => c.id === Number(m?.[3]));
      if (!comment) return { status: 404, body: { message: 'Not Found' } };
      comment.body = (body as { body: string }).body;
      return { status: 200, body: { ...comment, html_url: `https://github.test/c/${comment.id}` } };
    }
    return { status: 404, body: { message: `Not Found: ${req.method} ${url.pathname}` } };
  }
}
