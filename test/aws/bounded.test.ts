import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterEach, describe, expect, it } from 'vitest';
import { attemptTimeoutMs, boundedClientConfig } from '../../src/aws/bounded.js';
import { fetchCredentialReport } from '../../src/aws/credential-report.js';
import { listOrganizationAccounts } from '../../src/aws/organizations.js';
import { InputError } from '../../src/errors.js';
import { COMPLETE, FakeIam, iamResult, type IamReply } from '../helpers/fake-iam.js';
import { runAction } from '../helpers/run-action.js';
import { runCli } from '../helpers/run-cli.js';
import { waited } from '../helpers/timed.js';

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const REPORT = iamResult(
  'GetCredentialReport',
  `<Content>${Buffer.from('user,arn\n').toString('base64')}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-11-21T08:00:00Z</GeneratedTime>`,
);
/** An IAM that answers at once: the floor of a CLI or action run (see `waited`). */
const answers = (action: string): IamReply =>
  action === 'GenerateCredentialReport' ? COMPLETE : REPORT;
/**
 * Time allowed past a bound: the last attempt being torn down, a loaded machine's jitter (and,
 * in process, the client's set-up; the CLI and the action subtract their process's start).
 */
const MARGIN_MS = 4_000;

let servers: FakeIam[] = [];
async function iam(reply: (action: string, n: number) => IamReply): Promise<FakeIam> {
  const server = new FakeIam(reply);
  await server.start();
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
});

/** An SDK client as the CLI and the action build it, but sent to `url`. */
const bounded = <C>(Client: new (config: object) => C, url: string, attemptMs: number): C =>
  new Client({ ...boundedClientConfig({}, attemptMs), endpoint: url, credentials: CREDENTIALS });

/** The library function, with the client the CLI and the action build (but this endpoint). */
async function fetchFrom(url: string, maxWaitMs: number) {
  const client = bounded(IAMClient, url, attemptTimeoutMs(maxWaitMs));
  const started = Date.now();
  try {
    const fetched = await fetchCredentialReport({ client, maxWaitMs, endpoint: url });
    return { fetched, error: undefined, ms: Date.now() - started };
  } catch (error) {
    return { fetched: undefined, error: error as InputError, ms: Date.now() - started };
  } finally {
    client.destroy();
  }
}

const env = (url: string) => ({
  AWS_ENDPOINT_URL_IAM: url,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

describe('every IAM request is bounded (loopback servers that accept and never answer)', () => {
  it('a server that never answers: the fetch ends at max-wait-seconds, naming the bound', async () => {
    const server = await iam(() => 'hang');
    const r = await fetchFrom(server.url, 3_000);
    expect(r.error).toBeInstanceOf(InputError);
    expect(r.error?.message).toBe(
      'iam:GenerateCredentialReport did not complete within the 3 s bound of max-wait-seconds; stopped waiting',
    );
    expect(r.ms).toBeGreaterThanOrEqual(2_900);
    expect(r.ms).toBeLessThan(3_000 + MARGIN_MS);
    // The SDK retried the timed-out attempt (1.5 s each) before the bound stopped it.
    expect(server.requests).toEqual(['GenerateCredentialReport', 'GenerateCredentialReport']);
  });

  it('a server that answers the first call, then hangs: bounded all the same', async () => {
    const server = await iam((action) =>
      action === 'GenerateCredentialReport' ? COMPLETE : 'hang',
    );
    const r = await fetchFrom(server.url, 3_000);
    expect(r.error?.message).toMatch(
      /^iam:GetCredentialReport did not complete within the 3 s bound of max-wait-seconds/,
    );
    expect(r.ms).toBeLessThan(3_000 + MARGIN_MS);
  });

  it('an attempt that hangs is cut off by the per-attempt timeout and retried by the SDK', async () => {
    const server = await iam((action, n) =>
      n === 1 ? 'hang' : action === 'GenerateCredentialReport' ? COMPLETE : REPORT,
    );
    const r = await fetchFrom(server.url, 6_000);
    expect(r.error).toBeUndefined();
    expect(r.fetched?.content.toString()).toBe('user,arn\n');
    expect(server.requests).toEqual([
      'GenerateCredentialReport',
      'GenerateCredentialReport',
      'GetCredentialReport',
    ]);
    expect(r.ms).toBeGreaterThanOrEqual(2_900); // the 3 s per-attempt timeout of a 6 s bound
    expect(r.ms).toBeLessThan(6_000);
  });

  it('when every attempt times out before the bound, the message names the per-attempt timeout', async () => {
    const server = await iam(() => 'hang');
    const client = bounded(IAMClient, server.url, 1_000);
    const started = Date.now();
    const error = await fetchCredentialReport({
      client,
      maxWaitMs: 30_000,
      endpoint: server.url,
      attemptTimeoutMs: 1_000,
    }).catch((e: unknown) => e as InputError);
    client.destroy();
    expect((error as InputError).message).toBe(
      `IAM at ${server.url} did not answer within the per-attempt timeout of 1 s (iam:GenerateCredentialReport, 3 attempts)`,
    );
    expect(Date.now() - started).toBeLessThan(3 * 1_000 + MARGIN_MS);
    expect(server.requests).toHaveLength(3);
  });

  it('organizations:ListAccounts is bounded too', async () => {
    const server = await iam(() => 'hang');
    const client = bounded(OrganizationsClient, server.url, 1_000);
    const started = Date.now();
    const error = await listOrganizationAccounts(client, { maxWaitMs: 2_000 }).catch(
      (e: unknown) => e as InputError,
    );
    client.destroy();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(
      /^organizations:ListAccounts did not complete within the 2 s bound of list-accounts/,
    );
    expect(Date.now() - started).toBeLessThan(2_000 + MARGIN_MS);
  });

  it('the CLI: `fetch --max-wait-seconds 3` against a hung server exits 2 within the bound', async () => {
    const answering = await iam(answers);
    const server = await iam(() => 'hang');
    const out = join(mkdtempSync(join(tmpdir(), 'hung-')), 'report.csv');
    const fetch = (url: string) =>
      runCli(['fetch', '--output', out, '--max-wait-seconds', '3'], env(url));
    const { result: r, waitedMs } = await waited(
      () => fetch(answering.url),
      () => fetch(server.url),
    );
    expect(r.stderr).toMatch(/within the 3 s bound of max-wait-seconds/);
    expect(r.status).toBe(2);
    expect(waitedMs).toBeLessThan(3_000 + MARGIN_MS);
  });

  it('the action: `max-wait-seconds: 3` against a server that answers once then hangs fails within the bound', async () => {
    const server = await iam((action) =>
      action === 'GenerateCredentialReport' ? COMPLETE : 'hang',
    );
    const answering = await iam(answers);
    const dir = mkdtempSync(join(tmpdir(), 'hung-action-'));
    const action = (url: string) =>
      runAction({
        dir,
        inputs: {
          policy: 'examples/policy.yml',
          'max-wait-seconds': '3',
          comment: 'never',
          'json-file': join(dir, 'r.json'),
        },
        env: env(url),
      });
    const { result: r, waitedMs } = await waited(
      () => action(answering.url),
      () => action(server.url),
    );
    expect(r.stdout).toMatch(
      /::error::iam:GetCredentialReport did not complete within the 3 s bound of max-wait-seconds/,
    );
    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe('false');
    expect(waitedMs).toBeLessThan(3_000 + MARGIN_MS);
  });
});
