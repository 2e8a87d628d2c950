import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';

/**
 * A moto_server of a test file's own, on loopback: an organization of hundreds of accounts is
 * state that a shared server's `moto-api/reset` (another test file's) would wipe mid-test.
 * The system picks its port (`-p 0`, read back from the line its server prints): a port found
 * free beforehand could be taken by another process before moto binds it. A missing
 * moto_server throws: the test fails, it is never skipped.
 */
export async function startMoto(timeoutMs = 45_000): Promise<{ url: string; stop: () => void }> {
  const child: ChildProcess = spawn(
    process.env.MOTO_SERVER ?? 'moto_server',
    ['-H', '127.0.0.1', '-p', '0'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stderr = child.stderr as NonNullable<ChildProcess['stderr']>;
  stderr.setEncoding('utf8');
  let seen = '';
  const url = await new Promise<string>((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`moto_server did not start within ${timeoutMs} ms: ${seen}`)),
      timeoutMs,
    );
    const exited = (code: number | null) =>
      fail(new Error(`moto_server exited with code ${code}: ${seen.slice(-1000)}`));
    child.once('error', fail);
    child.once('exit', exited);
    stderr.on('data', (text: string) => {
      seen += text;
      const running = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (!running) return;
      clearTimeout(timer);
      child.off('exit', exited);
      resolve(running[1] as string);
    });
  });
  // It logs every request to stderr: keep reading it (a full pipe would stop moto), discarded.
  stderr.removeAllListeners('data');
  stderr.resume();
  return { url, stop: () => child.kill('SIGTERM') };
}

/**
 * A loopback STS and IAM in front of moto (which assumes any role, existing or not):
 * AssumeRole of a role in a `refused` account is denied as STS denies it, in a `hung` account
 * never answered; everything else is forwarded to moto. Like moto-clock.mjs, it dates the
 * credential report when it is served (moto dates every report 2015). For speed it names, to
 * moto, the account of each assumed-role key it handed out (`x-moto-account-id`, the account
 * moto itself would find by searching every account's keys).
 */
export async function startStsStandIn(
  moto: string,
  behaviour: {
    refused: ReadonlySet<string>;
    hung: ReadonlySet<string>;
    /** Accounts whose IAM requests (with their assumed role's keys) are never answered. */
    hungIam?: ReadonlySet<string>;
  },
): Promise<{ url: string; calls: string[]; close: () => Promise<void> }> {
  const calls: string[] = [];
  const keys = new Map<string, string>();
  const server: Server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const form = new URLSearchParams(body.toString('utf8'));
      const account = /^arn:aws:iam::(\d{12}):/.exec(form.get('RoleArn') ?? '')?.[1];
      const assuming = form.get('Action') === 'AssumeRole' && account !== undefined;
      if (assuming) {
        calls.push(account);
        if (behaviour.hung.has(account)) return; // never answers
        if (behaviour.refused.has(account)) {
          res.writeHead(403, { 'content-type': 'text/xml' });
          res.end(
            `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/ci/gh is not authorized to perform: sts:AssumeRole on resource: ${form.get('RoleArn')}</Message></Error><RequestId>standin</RequestId></ErrorResponse>`,
          );
          return;
        }
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          ([k]) => k !== 'host' && k !== 'content-length' && k !== 'connection',
        ),
      ) as Record<string, string>;
      const key = /Credential=([^/]+)\//.exec(headers.authorization ?? '')?.[1];
      const owner = key && keys.get(key);
      if (owner) headers['x-moto-account-id'] = owner;
      if (
        owner &&
        behaviour.hungIam?.has(owner) &&
        /CredentialReport/.test(form.get('Action') ?? '')
      )
        return; // never answers
      fetch(`${moto}${req.url ?? '/'}`, {
        method: req.method ?? 'POST',
        headers,
        ...(body.length > 0 && { body }),
      })
        .then(async (answer) => {
          let text = await answer.text();
          if (assuming) {
            const id = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text)?.[1];
            if (id) keys.set(id, account);
          }
          text = text.replace(
            /<GeneratedTime>[^<]*<\/GeneratedTime>/,
            `<GeneratedTime>${new Date().toISOString()}</GeneratedTime>`,
          );
          res.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'text/xml',
          });
          res.end(text);
        })
        .catch((error: unknown) => {
          res.writeHead(502);
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One moto request made as `account` (moto's `x-moto-account-id`), for a test's setup. */
export async function motoAs(
  moto: string,
  account: string,
  service: 'iam',
  params: Record<string, string>,
): Promise<string> {
  const answer = await fetch(moto, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-moto-account-id': account,
      authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString(),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`moto ${params.Action} as ${account}: ${answer.status} ${text}`);
  return text;
}
