import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

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

/** A check run as the Checks API keeps it: its annotations appended by each update. */
export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string;
  output: { title: string; summary: string };
  annotations: Record<string, unknown>[];
}

/** Who a token is: a user (a personal token; `GET /user` answers) or an app's bot (it does not). */
export interface FakeIdentity {
  login: string;
  kind: 'user' | 'bot';
}

/** A programmed answer to the next matching request(s): a status, or never an answer at all. */
export interface Fault {
  method?: string;
  /** Matched against the request's path. */
  path?: RegExp;
  /** How many matching requests it answers (default 1). */
  times?: number;
  respond: 'hang' | { status: number; headers?: Record<string, string>; body?: unknown };
}

type Answer =
  { status: number; body: unknown; headers?: Record<string, string> | undefined } | 'hang';

/** `GITHUB_TOKEN`: the github-actions app's bot. */
export const ACTIONS_BOT: FakeIdentity = { login: 'github-actions[bot]', kind: 'bot' };

/**
 * A stand-in for the GitHub REST and GraphQL API on loopback: the check-run endpoints (create,
 * update; 50 annotations a request at most), the issue-comment endpoints the sticky comment uses (list with pagination, create, update, delete, each with GitHub's
 * ownership rule), the token's identity (`GET /user`, GraphQL `viewer`), a switch that answers
 * 403 like a read-only token, programmable faults, and hooks to play a concurrent run.
 */
export class FakeGitHub {
  comments: FakeComment[] = [];
  checkRuns: FakeCheckRun[] = [];
  requests: RecordedRequest[] = [];
  /** Answers every write with 403, as for a read-only token (a pull request from a fork). */
  forbid = false;
  /** Identity per token (the `Authorization` header's token); unknown tokens are `GITHUB_TOKEN`. */
  identities: Record<string, FakeIdentity> = {};
  /** Answers consumed in order by the requests they match, before the normal handling. */
  faults: Fault[] = [];
  /** Holds the first `listBarrier` comment listings until that many have arrived (two runs racing). */
  listBarrier = 0;
  /** Called on each create, before the comment is stored: a concurrent run can act here. */
  onCreate: ((fake: FakeGitHub) => void) | undefined;
  private held: Array<() => void> = [];
  private hanging: ServerResponse[] = [];
  private server: Server | undefined;
  private nextId = 1000;
  url = '';

  /** Back to an empty conversation and no faults; requests answered so far are forgotten. */
  reset(): void {
    this.comments = [];
    this.checkRuns = [];
    this.requests = [];
    this.forbid = false;
    this.identities = {};
    this.faults = [];
    this.listBarrier = 0;
    this.onCreate = undefined;
    this.releaseHanging();
  }

  /** A comment written by `login`, as GitHub stores it (ids grow with time). */
  add(body: string, login: string = ACTIONS_BOT.login): FakeComment {
    const comment = { id: this.nextId++, body, user: { login } };
    this.comments.push(comment);
    return comment;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req).then((answer) => {
        if (answer === 'hang') {
          this.hanging.push(res);
          return;
        }
        const { status, body, headers } = answer;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(status === 204 ? undefined : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.releaseHanging();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private releaseHanging(): void {
    for (const res of this.hanging.splice(0)) res.destroy();
    this.releaseHeld();
  }

  private identity(authorization: string | undefined): FakeIdentity {
    const token = authorization?.replace(/^(token|bearer) /i, '') ?? '';
    return this.identities[token] ?? ACTIONS_BOT;
  }

  private fault(method: string, path: string): Fault['respond'] | undefined {
    const i = this.faults.findIndex(
      (f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)),
    );
    const fault = this.faults[i];
    if (!fault) return undefined;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(i, 1);
    return fault.respond;
  }

  private async handle(req: IncomingMessage): Promise<Answer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const body = text ? JSON.parse(text) : undefined;
    const method = req.method ?? '';
    this.requests.push({
      method,
      path: url.pathname,
      authorization: req.headers.authorization,
      body,
    });
    const fault = this.fault(method, url.pathname);
    if (fault === 'hang') return 'hang';
    if (fault) return { status: fault.status, body: fault.body ?? {}, headers: fault.headers };
    // a read-only token still reads and knows who it is; it may not write
    if (this.forbid && method !== 'GET' && url.pathname !== '/graphql')
      return { status: 403, body: { message: 'Resource not accessible by integration' } };
    const me = this.identity(req.headers.authorization);

    if (url.pathname === '/user' && method === 'GET')
      return me.kind === 'user'
        ? { status: 200, body: { login: me.login, type: 'User' } }
        : { status: 403, body: { message: 'Resource not accessible by integration' } };
    if (url.pathname === '/graphql' && method === 'POST') {
      const query = String((body as { query?: string }).query ?? '');
      if (/\bviewer\s*\{\s*login\s*\}/.test(query))
        return { status: 200, body: { data: { viewer: { login: me.login } } } };
      return { status: 200, body: { errors: [{ message: `unsupported query: ${query}` }] } };
    }

    let m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (m && method === 'GET') {
      if (this.listBarrier > 0) {
        this.listBarrier--;
        if (this.listBarrier > 0) await new Promise<void>((resolve) => this.held.push(resolve));
        else this.releaseHeld();
      }
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
    if (m && method === 'POST') {
      this.onCreate?.(this);
      const comment = this.add((body as { body: string }).body, me.login);
      return { status: 201, body: { ...comment, html_url: `https://github.test/c/${comment.id}` } };
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (m && (method === 'PATCH' || method === 'DELETE')) {
      const index = this.comments.findIndex((c) => c.id === Number(m?.[3]));
      const comment = this.comments[index];
      if (!comment) return { status: 404, body: { message: 'Not Found' } };
      // a token may change only what its own account wrote (no admin rights here)
      if (comment.user.login !== me.login)
        return { status: 403, body: { message: 'Resource not accessible by integration' } };
      if (method === 'DELETE') {
        this.comments.splice(index, 1);
        return { status: 204, body: undefined };
      }
      comment.body = (body as { body: string }).body;
      return { status: 200, body: { ...comment, html_url: `https://github.test/c/${comment.id}` } };
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/check-runs(?:\/(\d+))?$/.exec(url.pathname);
    if (m && ((method === 'POST' && !m[3]) || (method === 'PATCH' && m[3])))
      return this.checkRun(m[3] === undefined ? undefined : Number(m[3]), body);
    return { status: 404, body: { message: `Not Found: ${method} ${url.pathname}` } };
  }

  /** Create (no id) or update a check run, with the API's limit of 50 annotations a request. */
  private checkRun(id: number | undefined, body: unknown): Answer {
    const b = body as {
      name?: string;
      head_sha?: string;
      status?: string;
      conclusion?: string;
      output?: { title?: string; summary?: string; annotations?: Record<string, unknown>[] };
    };
    const annotations = b.output?.annotations ?? [];
    if (annotations.length > 50)
      return { status: 422, body: { message: 'Only 50 annotations are allowed per request' } };
    if (b.output && (!b.output.title || !b.output.summary))
      return { status: 422, body: { message: 'output needs a title and a summary' } };
    let run = this.checkRuns.find((r) => r.id === id);
    if (id !== undefined && !run) return { status: 404, body: { message: 'Not Found' } };
    if (!run) {
      if (!b.name || !b.head_sha)
        return { status: 422, body: { message: 'name and head_sha are required' } };
      run = {
        id: this.nextId++,
        name: b.name,
        head_sha: b.head_sha,
        status: b.status ?? 'queued',
        conclusion: b.conclusion ?? '',
        output: { title: '', summary: '' },
        annotations: [],
      };
      this.checkRuns.push(run);
    }
    if (b.output) run.output = { title: b.output.title ?? '', summary: b.output.summary ?? '' };
    run.annotations.push(...annotations);
    return {
      status: id === undefined ? 201 : 200,
      body: { id: run.id, html_url: `https://github.test/acme/infra/runs/${run.id}` },
    };
  }

  private releaseHeld(): void {
    for (const release of this.held.splice(0)) release();
  }
}
