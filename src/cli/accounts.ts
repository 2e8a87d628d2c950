import { InputError } from '../errors.js';
import type { FailOn } from '../policy/schema.js';
import { writeChunks } from '../render/stream.js';
import {
  MAX_MATRIX_JOBS,
  parseAccountList,
  parseBatchOption,
  planBatches,
  readAccounts,
  type ListedAccount,
} from '../run/account-list.js';
import { POLICY_MAX_BYTES, readInputFile } from '../util/files.js';
import type { CliIo } from './main.js';

/** The options `check` takes to check several accounts through assumed roles. */
export const ACCOUNTS_CHECK_OPTIONS = {
  accounts: { type: 'string' },
  'role-arn-template': { type: 'string' },
  'role-session-name': { type: 'string', default: 'iam-credential-gate' },
  'output-dir': { type: 'string' },
  'account-concurrency': { type: 'string' },
  'account-timeout-seconds': { type: 'string' },
} as const;

/** What the `check` command parsed, as far as several accounts need it. */
export interface AccountsCheckValues {
  accounts?: string | undefined;
  'role-arn-template'?: string | undefined;
  'role-session-name'?: string | undefined;
  'output-dir'?: string | undefined;
  'account-concurrency'?: string | undefined;
  'account-timeout-seconds'?: string | undefined;
  report?: string | undefined;
  output?: string | undefined;
  'account-id'?: string | undefined;
  'account-label'?: string | undefined;
  'report-generated-at'?: string | undefined;
  'base-policy'?: string | undefined;
  'terraform-dir'?: string[] | undefined;
  'terraform-state'?: string | undefined;
  'cache-dir'?: string | undefined;
  format?: string | undefined;
  'json-file'?: string | undefined;
  'sarif-file'?: string | undefined;
  'markdown-file'?: string | undefined;
  'sarif-include-exempted'?: boolean | undefined;
  quiet?: boolean | undefined;
}

/**
 * `check --accounts ... --role-arn-template ... --output-dir ...`: each account's report in
 * the folder; exit code the worst account's (2 errored, 1 failed, 0 passed).
 */
export async function checkAccountsCommand(
  values: AccountsCheckValues,
  common: { policy: string; now: number; failOn: FailOn | undefined },
  io: CliIo,
): Promise<number> {
  for (const flag of [
    'report',
    'output',
    'account-id',
    'account-label',
    'report-generated-at',
    'format',
    'json-file',
    'sarif-file',
    'markdown-file',
  ] as const)
    if (values[flag] !== undefined)
      throw new InputError(
        `--${flag} cannot be given with --accounts`,
        {},
        'with --accounts, every account has its report fetched through its role, written to --output-dir as <account id>.json, labelled with the names the account list holds; merge them for Markdown or SARIF',
      );
  if (values['sarif-include-exempted'] === true)
    throw new InputError(
      '--sarif-include-exempted cannot be given with --accounts',
      {},
      'with --accounts, every account has a JSON report in --output-dir; merge them with --format sarif',
    );
  const [assume, run] = await Promise.all([
    import('../aws/assume-role.js'),
    import('../run/check-accounts.js'),
  ]);
  const template = need(values['role-arn-template'], '--role-arn-template');
  assume.checkRoleArnTemplate(template, '--role-arn-template');
  const session = values['role-session-name'] ?? 'iam-credential-gate';
  assume.checkSessionName(session, '--role-session-name');
  const outputDir = need(values['output-dir'], '--output-dir');
  const concurrency =
    values['account-concurrency'] === undefined
      ? run.DEFAULT_ACCOUNT_CONCURRENCY
      : parseBatchOption(
          values['account-concurrency'],
          '--account-concurrency',
          run.MAX_ACCOUNT_CONCURRENCY,
        );
  const timeout =
    values['account-timeout-seconds'] === undefined
      ? run.DEFAULT_ACCOUNT_TIMEOUT_MS
      : parseBatchOption(values['account-timeout-seconds'], '--account-timeout-seconds', 3600) *
        1000;
  const accounts = await readAccounts(need(values.accounts, '--accounts'), '--accounts');
  const basePolicy = values['base-policy'];
  const base =
    basePolicy === undefined
      ? undefined
      : {
          text: (await readInputFile(basePolicy, 'base policy file', POLICY_MAX_BYTES)).toString(
            'utf8',
          ),
          label: basePolicy,
        };
  const outcomes = await run.checkAccounts({
    accounts,
    roleArnTemplate: template,
    roleSessionName: session,
    outputDir,
    policyFile: common.policy,
    now: common.now,
    failOn: common.failOn,
    failOnSource: '--fail-on',
    terraformDirs: values['terraform-dir'],
    terraformDirSource: '--terraform-dir',
    terraformState: values['terraform-state'],
    terraformCacheDir: values['cache-dir'],
    basePolicy: base,
    concurrency,
    accountTimeoutMs: timeout,
    log:
      values.quiet === true
        ? () => undefined
        : (line) => io.stderr(`iam-credential-gate: ${line}\n`),
    clock: io.clock,
  });
  const count = (s: string) => outcomes.filter((o) => o.status === s).length;
  io.stderr(
    `iam-credential-gate: ${outcomes.length} account(s): ${count('passed')} passed, ${count('failed')} failed, ${count('errored')} errored; reports in ${outputDir}\n`,
  );
  return run.exitCodeOf(outcomes);
}

/** The options `list-accounts` takes to print a matrix of batches. */
export const LIST_ACCOUNTS_BATCH_OPTIONS = {
  from: { type: 'string' },
  batches: { type: 'string' },
  'batch-size': { type: 'string' },
} as const;

/**
 * `list-accounts [--from <file>] [--batches N | --batch-size K]`: the accounts (from
 * Organizations, or from a file); with a batch option, stdout is one line of matrix JSON.
 */
export async function listAccountsCommand(
  values: {
    from?: string | undefined;
    batches?: string | undefined;
    'batch-size'?: string | undefined;
    output?: string | undefined;
    'include-inactive'?: boolean | undefined;
  },
  io: CliIo,
): Promise<number> {
  if (values.batches !== undefined && values['batch-size'] !== undefined)
    throw new InputError('give --batches or --batch-size, not both');
  let accounts: ListedAccount[];
  if (values.from !== undefined) {
    if (values['include-inactive'])
      throw new InputError('--include-inactive is for Organizations, not for --from');
    const text = (await readInputFile(values.from, 'account list', 16 * 1024 * 1024)).toString(
      'utf8',
    );
    accounts = parseAccountList(text, values.from);
  } else {
    const { listOrganizationAccounts, createOrganizationsClient } =
      await import('../aws/organizations.js');
    const client = createOrganizationsClient();
    try {
      accounts = await listOrganizationAccounts(client, {
        includeInactive: values['include-inactive'] ?? false,
      });
    } finally {
      client.destroy();
    }
  }
  const list = `${JSON.stringify(accounts, null, 2)}\n`;
  const batched =
    values.batches !== undefined
      ? { batches: parseBatchOption(values.batches, '--batches', MAX_MATRIX_JOBS) }
      : values['batch-size'] !== undefined
        ? { batchSize: parseBatchOption(values['batch-size'], '--batch-size', 100_000) }
        : undefined;
  if (batched === undefined) {
    if (values.output) await writeChunks([list], values.output);
    else io.stdout(list);
    io.stderr(`iam-credential-gate: ${accounts.length} account(s)\n`);
    return 0;
  }
  const notes: string[] = [];
  const matrix = planBatches(accounts, batched, notes);
  if (values.output) await writeChunks([list], values.output);
  // one line: `echo "matrix=$(...)" >> "$GITHUB_OUTPUT"`
  io.stdout(`${JSON.stringify(matrix)}\n`);
  for (const note of notes) io.stderr(`iam-credential-gate: ${note}\n`);
  const sizes = matrix.include.map((b) => b.accounts.length);
  io.stderr(
    `iam-credential-gate: ${accounts.length} account(s) in ${sizes.length} batch(es) of ${Math.min(...sizes)}${Math.max(...sizes) > Math.min(...sizes) ? `-${Math.max(...sizes)}` : ''}\n`,
  );
  return 0;
}

function need(value: string | undefined, flag: string): string {
  if (value === undefined || value === '')
    throw new InputError(`${flag} is required with --accounts`, {}, 'see --help');
  return value;
}
