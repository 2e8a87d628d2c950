import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GetCredentialReportCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runAction } from '../helpers/run-action.js';

const endpoint = inject('motoEndpoint');
// moto's reports are dated 2015 but hold today's dates: fetched through a proxy that dates
// them now, as IAM does (see moto-clock.mjs); evaluated two days later, so report-stale fires
const proxy = spawn(process.execPath, ['test/helpers/moto-clock.mjs', endpoint]);
const iamEndpoint = endpoint
  ? await new Promise<string>((resolve) =>
      proxy.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
    )
  : '';
const later = () => new Date(Date.now() + 2 * 86_400_000).toISOString();
const env = {
  ...process.env,
  AWS_ENDPOINT_URL_IAM: iamEndpoint,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', env });

describe('live fetch against a real IAM endpoint (moto_server on loopback)', () => {
  it('has moto_server running (a missing moto_server fails, it is not skipped)', () => {
    expect(inject('motoError')).toBe('');
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  let iam: IAMClient;
  afterAll(() => proxy.kill());
  beforeAll(async () => {
    if (!endpoint) return;
    await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    iam = new IAMClient({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(
      new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Sup3r-Secret-Pass!' }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'svc-deploy', Path: '/service/' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'svc-deploy' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'svc-deploy' }));
  });

  it('fetch prints no AWS SDK Node-version warning, even with the SDK switch unset', () => {
    const bare: NodeJS.ProcessEnv = { ...env };
    delete bare.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const dir = mkdtempSync(join(tmpdir(), 'fetch-'));
    const r = spawnSync(
      process.execPath,
      ['dist/cli.js', 'fetch', '--output', join(dir, 'r.csv'), '--max-wait-seconds', '30'],
      { encoding: 'utf8', env: bare },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|will require node/);
  });

  it('fetch writes the CSV byte-for-byte as served, with its generation time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fetch-'));
    const out = join(dir, 'report.csv');
    const r = cli('fetch', '--output', out, '--max-wait-seconds', '30');
    expect(r.stderr).toMatch(/credential report generated .* written to/);
    expect(r.status).toBe(0);
    const served = await iam.send(new GetCredentialReportCommand({}));
    expect(readFileSync(out).equals(Buffer.from(served.Content as Uint8Array))).toBe(true);
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8'));
    expect(Date.parse(meta.generatedAt)).toBeLessThanOrEqual(Date.now());
    expect(meta.endpoint).toBe(iamEndpoint);

    // check knows the report's age, so report-stale fires two days later
    const checked = cli(
      'check',
      '--report',
      out,
      '--policy',
      'examples/policy.yml',
      '--format',
      'json',
      '--now',
      later(),
    );
    expect(checked.status).toBe(1);
    const json = JSON.parse(checked.stdout);
    expect(json.reportGeneratedAt).toBe(meta.generatedAt);
    expect(json.findings.map((f: { rule: string }) => f.rule)).toContain('report-stale');
    expect(
      json.findings
        .filter((f: { user: string }) => f.user === 'svc-deploy')
        .map((f: { rule: string }) => f.rule),
    ).toContain('multiple-active-keys');
    expect(
      json.findings
        .filter((f: { user: string }) => f.user === 'alice')
        .map((f: { rule: string }) => f.rule),
    ).toContain('console-mfa');
  });

  it('the action fetches the report live when no report input is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'action-live-'));
    const json = join(dir, 'live.json');
    const r = await runAction({
      dir,
      inputs: {
        policy: 'examples/policy.yml',
        now: later(),
        'json-file': json,
        comment: 'never',
      },
      env: {
        AWS_ENDPOINT_URL_IAM: iamEndpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.error, r.stdout).toBeUndefined();
    expect(Date.parse(report.reportGeneratedAt)).toBeLessThanOrEqual(Date.now());
    expect(report.findings.map((f: { rule: string }) => f.rule)).toContain('report-stale');
    expect(report.summary.users).toBe(2);
    expect(r.code).toBe(1);
    expect(r.outputs.passed).toBe('false');
  });

  it('exits 2 with a clear message when the endpoint is unreachable', () => {
    const r = spawnSync(
      process.execPath,
      ['dist/cli.js', 'fetch', '--output', join(tmpdir(), 'x.csv')],
      {
        encoding: 'utf8',
        env: { ...env, AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:9' },
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot reach IAM at http:\/\/127\.0\.0\.1:9/);
  });
});

describe('live fetch from moto_server as it is (its reports dated 2015-02-02)', () => {
  const direct = {
    ...env,
    AWS_ENDPOINT_URL_IAM: endpoint,
  };
  it('fetch dates the report by its latest date, says so, and check evaluates it (no input error)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fetch-moto-'));
    const out = join(dir, 'report.csv');
    const fetched = spawnSync(
      process.execPath,
      ['dist/cli.js', 'fetch', '--output', out, '--max-wait-seconds', '30'],
      { encoding: 'utf8', env: direct },
    );
    expect(fetched.status, fetched.stderr).toBe(0);
    expect(fetched.stderr).toMatch(
      /the endpoint dated the report 2015-02-02T20:02:02\.000Z, before its own dates/,
    );
    const meta = JSON.parse(readFileSync(`${out}.meta.json`, 'utf8'));
    expect(meta.endpointGeneratedAt).toBe('2015-02-02T20:02:02.000Z');
    // the latest date in the report: a user's creation or a key's, made by this test's setup
    const csvDates = [...readFileSync(out, 'utf8').matchAll(/\d{4}-\d\d-\d\dT[\d:]+\+00:00/g)].map(
      (m) => Date.parse(m[0]),
    );
    expect(Date.parse(meta.generatedAt)).toBe(Math.max(...csvDates));
    const policy = join(dir, 'policy.yml');
    writeFileSync(policy, 'version: 1\n');
    const checked = spawnSync(
      process.execPath,
      ['dist/cli.js', 'check', '--report', out, '--policy', policy, '--format', 'json'],
      { encoding: 'utf8', env: direct },
    );
    expect(checked.status, checked.stderr).toBe(1); // alice has a console password and no MFA
    const report = JSON.parse(checked.stdout);
    expect(report.reportGeneratedAt).toBe(meta.generatedAt);
    expect(report.warnings[0]).toMatch(/The IAM endpoint dated this report 2015-02-02/);
  });
});
