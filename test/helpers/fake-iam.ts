import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What the stand-in does with one request: answer it, or accept it and never answer. */
export type IamReply = 'hang' | { status: number; body: string };

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** An awsQuery success document for `action` with the given result XML. */
export const iamResult = (action: string, result: string): IamReply => ({
  status: 200,
  body: `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${action}Response>`,
});

/** An awsQuery error document. */
export const iamError = (status: number, code: string, message: string): IamReply => ({
  status,
  body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
});

export const COMPLETE = iamResult('GenerateCredentialReport', '<State>COMPLETE</State>');

/**
 * A loopback stand-in for IAM that misbehaves on purpose: `reply(action, n)` decides, for the
 * n-th request (from 1), whether to answer or to hold the connection open forever.
 */
export class FakeIam {
  url = '';
  requests: string[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(public reply: (action: string, n: number) => IamReply) {}

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const action = new URLSearchParams(body).get('Action') ?? '';
        this.requests.push(action);
        const reply = this.reply(action, this.requests.length);
        if (reply === 'hang') return;
        res.writeHead(reply.status, { 'content-type': 'text/xml' }).end(reply.body);
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    const { port } = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}
