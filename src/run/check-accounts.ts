import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, isInputError } from '../errors.js';
import type { FailOn } from '../policy/schema.js';
import { errorReportJson, renderChunks } from '../render/index.js';
import { writeChunks } from '../render/stream.js';
import { reason } from '../util/files.js';
import { VERSION } from '../version.js';
import type { ListedAccount } from './account-list.js';
import { loadTerraform, runCheck } from './check.js';
import type { TerraformContext } from '../terraform/locate.js';

/** Accounts checked at once in one job, by default, and at most. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 8;
export const MAX_ACCOUNT_CONCURRENCY = 64;
/** The bound on one account (assume the role, generate and fetch its report), by default. */
export const DEFAULT_ACCOUNT_TIMEOUT_MS = 300_000;

export interface AccountsCheckInput {
  accounts: readonly ListedAccount[];
  /** `arn:aws:iam::{account}:role/<name>` (checked by checkRoleArnTemplate). */
  roleArnTemplate: string;
  roleSessionName: string;
  /** One `<account id>.json` per account. */
  outputDir: string;
  policyFile: string;
  now: number;
  failOn?: FailOn | undefined;
  failOnSource?: string | undefined;
  terraformDirs?: readonly string[] | undefined;
  terraformDirSource?: string | undefined;
  terraformState?: string | undefined;
  /** The Terraform parse cache (`--cache-dir`), as for one account's check. */
  terraformCacheDir?: string | undefined;
  /** The base policy (`--base-policy`) every account's policy is compared with. */
  basePolicy?: { text: string | null; label: string } | undefined;
  concurrency: number;
  /** Per account: the role, the report's generation and download. */
  accountTimeoutMs: number;
  /** Progress, one line per account. */
  log?: (line: string) => void;
  clock?: () => number;
}

export interface AccountOutcome {
  id: string;
  label: string | null;
  status: 'passed' | 'failed' | 'errored';
  file: string;
  failing: number | null;
  findings: number | null;
  error: string | null;
}

/** The exit code of several accounts: the worst of them (2 errored, 1 failed, 0 passed). */
export const exitCodeOf = (outcomes: readonly AccountOutcome[]): 0 | 1 | 2 =>
  outcomes.some((o) => o.status === 'errored')
    ? 2
    : outcomes.some((o) => o.status === 'failed')
      ? 1
      : 0;

/**
 * `check --accounts`: in each account, assumes the role from the job's own credentials, fetches
 * the credential report and checks it, a few accounts at a time, each within its bound. Every
 * account gets its JSON report, an error report when anything failed for it: one account's
 * failure never hides the others. The Terraform is scanned once for all.
 */
export async function checkAccounts(input: AccountsCheckInput): Promise<AccountOutcome[]> {
  const log = input.log ?? (() => undefined);
  const clock = input.clock ?? Date.now;
  try {
    await mkdir(input.outputDir, { recursive: true });
  } catch (error) {
    throw new InputError(`cannot make the output folder: ${reason(error)}`, {
      file: input.outputDir,
    });
  }
  // The AWS SDK is loaded only here: a report file needs none of it.
  const [
    { ACCOUNT_MAX_ATTEMPTS, assumeRole, createStsClient, roleArnFor },
    { fetchReportToFile },
    bounded,
  ] = await Promise.all([
    import('../aws/assume-role.js'),
    import('./fetch.js'),
    import('../aws/bounded.js'),
  ]);
  // A Terraform that cannot be read fails every account the same way, each with its report.
  let terraform: TerraformContext | undefined;
  let terraformError: string | undefined;
  try {
    terraform = await loadTerraform(
      input.terraformDirs ?? [],
      input.terraformState,
      input.terraformDirSource ?? 'terraform-dir',
      input.terraformCacheDir,
    );
  } catch (error) {
    if (!isInputError(error)) throw error;
    terraformError = error.describe();
  }
  const sts = createStsClient(process.env, bounded.MAX_ATTEMPT_TIMEOUT_MS);
  const work = await mkdtemp(join(tmpdir(), 'iam-credential-gate-accounts-'));
  const outcomes: AccountOutcome[] = [];

  const checkOne = async (account: ListedAccount): Promise<AccountOutcome> => {
    const file = join(input.outputDir, `${account.id}.json`);
    const started = clock();
    const roleArn = roleArnFor(input.roleArnTemplate, account.id);
    const deadline = bounded.createDeadline(
      input.accountTimeoutMs,
      'account-timeout-seconds',
      ACCOUNT_TIMEOUT_HINT,
    );
    try {
      if (terraformError !== undefined) throw new InputError(terraformError);
      const credentials = await assumeRole(sts, roleArn, input.roleSessionName, deadline);
      const left = input.accountTimeoutMs - (clock() - started);
      if (left <= 0) throw deadline.error('sts:AssumeRole');
      const reportFile = join(work, `${account.id}.csv`);
      await fetchReportToFile({
        output: reportFile,
        maxWaitMs: left,
        bound: { name: 'account-timeout-seconds', hint: ACCOUNT_TIMEOUT_HINT },
        clock,
        client: { credentials, retryMode: 'adaptive', maxAttempts: ACCOUNT_MAX_ATTEMPTS },
      });
      const result = await runCheck({
        reportFile,
        policyFile: input.policyFile,
        now: input.now,
        failOn: input.failOn,
        failOnSource: input.failOnSource,
        accountId: account.id,
        accountLabel: account.name ?? undefined,
        terraform,
        basePolicy: input.basePolicy,
      });
      await writeChunks(renderChunks(result, 'json'), file);
      return {
        id: account.id,
        label: account.name,
        status: result.passed ? 'passed' : 'failed',
        file,
        failing: result.summary.failing,
        findings: result.summary.findings,
        error: null,
      };
    } catch (error) {
      const message = isInputError(error)
        ? error.describe()
        : `unexpected error: ${(error as Error).stack ?? String(error)}`;
      await writeFile(
        file,
        errorReportJson(message, { id: account.id, label: account.name }, VERSION),
      ).catch(() => undefined);
      return {
        id: account.id,
        label: account.name,
        status: 'errored',
        file,
        failing: null,
        findings: null,
        error: message,
      };
    } finally {
      deadline.dispose();
    }
  };

  const queue = [...input.accounts];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const outcome = await checkOne(next);
      outcomes.push(outcome);
      log(describeOutcome(outcome));
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(input.concurrency, input.accounts.length) }, worker),
    );
  } finally {
    terraform?.keep(); // what the accounts' checks learned of the Terraform, for later runs
    sts.destroy();
    await rm(work, { recursive: true, force: true }).catch(() => undefined);
  }
  const order = new Map(input.accounts.map((a, i) => [a.id, i]));
  return outcomes.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

/** `111111111111 (prod): FAILED, 3 failing of 5 findings` — one line. */
export function describeOutcome(o: AccountOutcome): string {
  const who = o.label ? `${o.id} (${o.label})` : o.id;
  if (o.status === 'errored')
    return `${who}: ERRORED: ${(o.error ?? '').split('\n')[0]} (error report in ${o.file})`;
  return `${who}: ${o.status === 'passed' ? 'passed' : 'FAILED'}, ${o.failing} failing of ${o.findings} findings (${o.file})`;
}

const ACCOUNT_TIMEOUT_HINT = 'raise account-timeout-seconds, or check fewer accounts at once';
