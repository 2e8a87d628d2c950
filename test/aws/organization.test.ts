import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateReport } from '../../src/engine/types.js';
import type { MergedReport } from '../../src/merge/types.js';
import type { BatchMatrix } from '../../src/run/account-list.js';
import { runCli } from '../helpers/run-cli.js';
import { runAction } from '../helpers/run-action.js';
import { motoAs, startMoto, startStsStandIn } from '../helpers/moto-server.js';

/** The organization: the management account and this many members. */
const MEMBERS = 300;
const MANAGEMENT = '123456789012';
const TESTING = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let moto: Awaited<ReturnType<typeof startMoto>>;
let sts: Awaited<ReturnType<typeof startStsStandIn>>;
let env: Record<string, string>;
const work = mkdtempSync(join(tmpdir(), 'org-'));
let members: string[] = [];
/**
 * Accounts with a console user without MFA (they fail); every other has a service user (they
 * pass). Real IAM's report always has the root account's row; moto's has none, and a report
 * without rows is refused (fail closed), so no account is left without a user.
 */
let failing: string[] = [];
let serviced: string[] = [];
/** Accounts whose role cannot be assumed (the STS stand-in refuses it). */
const refused = new Set<string>();
const hung = new Set<string>();
/** Accounts whose credential report requests are never answered. */
const hungIam = new Set<string>();

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let x = queue.shift(); x !== undefined; x = queue.shift()) await fn(x);
    }),
  );
}

beforeAll(async () => {
  moto = await startMoto();
  const base = { region: 'us-east-1', endpoint: moto.url, credentials: TESTING };
  const org = new OrganizationsClient(base);
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  await pool(
    Array.from({ length: MEMBERS }, (_, i) => i),
    16,
    async (i) => {
      const out = await org.send(
        new CreateAccountCommand({ AccountName: `member-${i}`, Email: `m${i}@example.test` }),
      );
      members.push(out.CreateAccountStatus!.AccountId!);
    },
  );
  members = members.sort();
  failing = members.slice(0, 12);
  serviced = members.slice(42);
  for (const id of members.slice(40, 42)) refused.add(id);
  // IAM users in every account (setup: as the account, through moto's own header)
  await pool([MANAGEMENT, ...members], 16, async (id) => {
    if (failing.includes(id)) {
      await motoAs(moto.url, id, 'iam', { Action: 'CreateUser', UserName: `dev-${id}` });
      await motoAs(moto.url, id, 'iam', {
        Action: 'CreateLoginProfile',
        UserName: `dev-${id}`,
        Password: 'Sup3r-Secret-Pass!',
      });
    } else
      await motoAs(moto.url, id, 'iam', {
        Action: 'CreateUser',
        UserName: `svc-${id}`,
        Path: '/service/',
      });
  });
  sts = await startStsStandIn(moto.url, { refused, hung, hungIam });
  env = {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_ORGANIZATIONS: moto.url,
    AWS_ENDPOINT_URL_IAM: sts.url,
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  writeFileSync(join(work, 'policy.yml'), 'version: 1\nservice_users:\n  paths: ["/service/"]\n');
}, 180_000);

afterAll(async () => {
  await sts?.close();
  moto?.stop();
  rmSync(work, { recursive: true, force: true });
});

const check = (accounts: string, out: string, ...more: string[]) =>
  runCli(
    [
      'check',
      '--accounts',
      accounts,
      '--role-arn-template',
      'arn:aws:iam::{account}:role/iam-credential-gate',
      '--policy',
      join(work, 'policy.yml'),
      '--output-dir',
      out,
      '--account-concurrency',
      '32',
      ...more,
    ],
    env,
  );

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

describe('an organization of 301 accounts on moto_server, in batches through assumed roles', () => {
  it("moto's own AssumeRole credentials act in the role's account (no stand-in between)", async () => {
    const id = failing[0]!;
    const base = { region: 'us-east-1', endpoint: moto.url, credentials: TESTING };
    const c = (
      await new STSClient(base).send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${id}:role/any`, RoleSessionName: 'x' }),
      )
    ).Credentials!;
    const iam = new IAMClient({
      ...base,
      credentials: {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      },
    });
    await iam.send(new GenerateCredentialReportCommand({}));
    const csv = Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!);
    expect(csv.toString().trim().split('\n').slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^dev-${id},arn:aws:iam::${id}:user/dev-${id},`)),
    ]);
  });

  let matrix: BatchMatrix;
  const reports = join(work, 'reports');
  const codes: (number | null)[] = [];

  it('list-accounts --batches prints a matrix of batches that holds every account once', async () => {
    const r = await runCli(
      ['list-accounts', '--batches', '4', '--output', join(work, 'accounts.json')],
      env,
    );
    expect(r.status, r.stderr).toBe(0);
    matrix = JSON.parse(r.stdout) as BatchMatrix;
    expect(r.stdout.trim().split('\n')).toHaveLength(1); // one line, for $GITHUB_OUTPUT
    expect(matrix.include.map((b) => b.accounts.length)).toEqual([76, 75, 75, 75]);
    const listed = matrix.include.flatMap((b) => b.accounts.map((a) => a.id));
    expect(listed).toEqual([MANAGEMENT, ...members].sort());
    expect(readJson<unknown[]>(join(work, 'accounts.json'))).toHaveLength(MEMBERS + 1);
    expect(r.stderr).toContain('301 account(s) in 4 batch(es) of 75-76');
  });

  it('checks each batch in one job: a report per account, the exit code the worst', async () => {
    // two jobs at a time, as a matrix with max-parallel 2 would run them
    await pool(matrix.include, 2, async (batch) => {
      const r = await check(JSON.stringify(batch.accounts), reports);
      codes[batch.batch - 1] = r.status;
      expect(r.stderr).toMatch(/\d+ account\(s\): \d+ passed, \d+ failed, \d+ errored/);
    });
    const files = readdirSync(reports).sort();
    expect(files).toEqual([MANAGEMENT, ...members].sort().map((id) => `${id}.json`));
    // failing and refused accounts are all in the first batches (ids sorted)
    const batchOf = (id: string) =>
      matrix.include.find((b) => b.accounts.some((a) => a.id === id))!.batch;
    for (const b of matrix.include) {
      const ids = b.accounts.map((a) => a.id);
      const expected = ids.some((id) => refused.has(id))
        ? 2
        : ids.some((id) => failing.includes(id))
          ? 1
          : 0;
      expect(codes[b.batch - 1], `batch ${b.batch}`).toBe(expected);
    }
    expect(new Set([...refused].map(batchOf)).size).toBeGreaterThan(0);
  }, 180_000);

  it("credentials of an assumed role act in the role's account: each report is its own", () => {
    for (const id of [...failing, ...serviced]) {
      const report = readJson<GateReport>(join(reports, `${id}.json`));
      expect(report.account.id).toBe(id);
      expect(report.account.label).toMatch(/^member-\d+$/);
      expect(report.summary.users).toBeGreaterThanOrEqual(1);
      for (const f of report.findings) if (f.arn) expect(f.arn).toContain(`::${id}:`);
    }
    const dev = readJson<GateReport>(join(reports, `${failing[0]}.json`));
    expect(dev.passed).toBe(false);
    expect(dev.findings.some((f) => f.failing && f.user === `dev-${failing[0]}`)).toBe(true);
    const svc = readJson<GateReport>(join(reports, `${serviced[0]}.json`));
    expect(svc.passed).toBe(true);
    // an account with no users passes with none
    const empty = readJson<GateReport>(join(reports, `${members.at(-1)}.json`));
    expect(empty.passed).toBe(true);
  });

  it('an account whose role cannot be assumed has an error report naming the role', () => {
    for (const id of refused) {
      const report = readJson<{ passed: boolean; error: { message: string }; account: object }>(
        join(reports, `${id}.json`),
      );
      expect(report.passed).toBe(false);
      expect(report.account).toEqual({ id, label: expect.stringMatching(/^member-/) });
      expect(report.error.message).toContain(
        `cannot assume arn:aws:iam::${id}:role/iam-credential-gate: AccessDenied`,
      );
    }
  });

  it('the merge accounts for every account, and fails on the unreachable ones', async () => {
    const files = readdirSync(reports).map((f) => join(reports, f));
    const r = await runCli(
      [
        'merge',
        ...files,
        '--expect-accounts',
        join(work, 'accounts.json'),
        '--format',
        'json',
        '--output',
        join(work, 'organization.json'),
      ],
      env,
    );
    expect(r.status, r.stderr).toBe(1);
    const merged = readJson<MergedReport>(join(work, 'organization.json'));
    expect(merged.passed).toBe(false);
    expect(merged.summary).toMatchObject({
      accounts: MEMBERS + 1,
      passed: MEMBERS + 1 - failing.length - refused.size,
      failed: failing.length,
      errored: refused.size,
      missing: 0,
      stale: 0,
    });
    const errored = merged.accounts.filter((a) => a.status === 'errored').map((a) => a.id);
    expect(errored.sort()).toEqual([...refused].sort());
    expect(merged.findings.filter((f) => f.failing).map((f) => f.account.id)).toEqual(
      expect.arrayContaining(failing),
    );
  });

  it('a report that never came is missing, and the merge of the rest still fails', async () => {
    const files = readdirSync(reports)
      .filter((f) => f !== `${members[100]}.json`)
      .map((f) => join(reports, f));
    const r = await runCli(
      ['merge', ...files, '--expect-accounts', join(work, 'accounts.json'), '--format', 'json'],
      env,
    );
    expect(r.status).toBe(1);
    const merged = JSON.parse(r.stdout) as MergedReport;
    expect(merged.summary.missing).toBe(1);
    expect(merged.accounts.find((a) => a.status === 'missing')?.id).toBe(members[100]);
  });

  it('the merged verdict passes once every account is reachable and clean', async () => {
    const clean = members.slice(50, 60);
    const out = join(work, 'clean');
    const r = await check(clean.join(','), out);
    expect(r.status, r.stderr).toBe(0);
    const m = await runCli(
      ['merge', ...clean.map((id) => join(out, `${id}.json`)), '--format', 'json'],
      env,
    );
    expect(m.status, m.stderr).toBe(0);
    expect((JSON.parse(m.stdout) as MergedReport).summary).toMatchObject({
      accounts: 10,
      passed: 10,
    });
  });

  it('an account that does not answer is cut off at its bound; the others are checked', async () => {
    const slow = members[200]!;
    hung.add(slow);
    try {
      const out = join(work, 'bounded');
      const started = Date.now();
      const r = await check(`${slow},${members[201]}`, out, '--account-timeout-seconds', '2');
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(r.status).toBe(2);
      const report = readJson<{ error: { message: string } }>(join(out, `${slow}.json`));
      expect(report.error.message).toMatch(
        /sts:AssumeRole did not complete within the 2 s bound of account-timeout-seconds/,
      );
      expect(readJson<GateReport>(join(out, `${members[201]}.json`)).passed).toBe(true);
    } finally {
      hung.delete(slow);
    }
  });

  it('an account whose report never comes is cut off at its bound, which the error names', async () => {
    const slow = members[202]!;
    hungIam.add(slow);
    try {
      const out = join(work, 'bounded-iam');
      const r = await check(slow, out, '--account-timeout-seconds', '3');
      expect(r.status).toBe(2);
      const report = readJson<{ error: { message: string } }>(join(out, `${slow}.json`));
      expect(report.error.message).toMatch(
        /^iam:\w+CredentialReport did not complete within the [\d.]+ s bound of account-timeout-seconds/,
      );
      expect(report.error.message).not.toMatch(/max-wait-seconds/);
      expect(report.error.message).toMatch(/hint: raise account-timeout-seconds/);
    } finally {
      hungIam.delete(slow);
    }
  });

  it("check --accounts passes --cache-dir and --base-policy on to every account's check", async () => {
    const tf = join(work, 'tf-cache');
    const cache = join(work, 'parse-cache');
    const out = join(work, 'cached');
    mkdirSync(tf, { recursive: true });
    writeFileSync(
      join(tf, 'main.tf'),
      `resource "aws_iam_user" "dev" {\n  name = "dev-${failing[2]}"\n}\n`,
    );
    // the base policy failed on medium: the account's policy (fail_on high) is a change to say
    writeFileSync(join(work, 'base.yml'), 'version: 1\nfail_on: medium\n');
    const r = await check(
      `${failing[2]},${members[160]}`,
      out,
      '--terraform-dir',
      tf,
      '--cache-dir',
      cache,
      '--base-policy',
      join(work, 'base.yml'),
    );
    expect(r.status, r.stderr).toBe(1);
    // the Terraform was parsed once, through the cache
    expect(readdirSync(cache).length).toBeGreaterThan(0);
    for (const id of [failing[2]!, members[160]!]) {
      const report = readJson<GateReport & { policyChanges?: { base: string } }>(
        join(out, `${id}.json`),
      );
      expect(report.policyChanges?.base).toBe(join(work, 'base.yml'));
    }
    const dev = readJson<GateReport>(join(out, `${failing[2]}.json`));
    expect(
      dev.findings.find((f) => f.user === `dev-${failing[2]}`)?.terraform?.[0]?.file,
    ).toContain('main.tf');
  });

  it('the action checks a batch (input accounts) and gives the verdict of its accounts', async () => {
    const batch = [[...refused][0]!, failing[1]!, members[150]!];
    const out = join(work, 'action-reports');
    const run = await runAction({
      dir: mkdtempSync(join(tmpdir(), 'org-action-')),
      inputs: {
        accounts: JSON.stringify(batch.map((id) => ({ id, name: `acct-${id}` }))),
        'role-arn-template': 'arn:aws:iam::{account}:role/iam-credential-gate',
        'output-dir': out,
        policy: join(work, 'policy.yml'),
        'account-concurrency': '4',
      },
      env,
    });
    expect(run.code, run.stdout).toBe(1);
    expect(run.outputs).toMatchObject({ passed: 'false', 'output-dir': out });
    expect(readdirSync(out).sort()).toEqual(batch.map((id) => `${id}.json`).sort());
    expect(run.stdout).toMatch(/3 accounts: 1 passed, 1 failed, 1 errored/);
    expect(run.summary).toContain(`acct-${batch[0]}`);
    expect(run.stdout).toContain(`cannot assume arn:aws:iam::${batch[0]}:role/iam-credential-gate`);
  });
});
