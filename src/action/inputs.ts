import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { InputError } from '../errors.js';
import { COMMENT_MODES, type CommentMode } from '../github/comment.js';
import { FAIL_ON, type FailOn } from '../policy/schema.js';
import { parseTimeOption } from '../report/parse.js';
import { parseMaxReportAge } from '../merge/max-age.js';
import { metaFileFor } from '../run/report-meta.js';
import { isInlineAccounts } from '../run/account-list.js';
import { confine, confinement, type Confinement } from './paths.js';
import { CHECK_RUN_MODES, type CheckRunMode } from './check-run.js';

export interface ActionInputs {
  policy: string;
  report: string | undefined;
  failOn: FailOn | undefined;
  comment: CommentMode;
  githubToken: string;
  jsonFile: string | undefined;
  sarifFile: string | undefined;
  now: number | undefined;
  accountLabel: string | undefined;
  maxWaitSeconds: number;
  terraformDirs: string[];
  terraformState: string | undefined;
  /** Where parsed Terraform is kept across runs (restore it with actions/cache). */
  cacheDir: string | undefined;
  accountId: string | undefined;
  /** Merge mode: a glob (or several, one per line) of per-account JSON reports. */
  merge: string | undefined;
  expectAccounts: string | undefined;
  /** Merge mode: reports evaluated longer ago than this make their account stale. */
  maxReportAgeHours: number | undefined;
  /** Where file inputs may resolve; undefined outside a runner (no GITHUB_WORKSPACE). */
  confinement: Confinement | undefined;
  /** The login the sticky comment is written as, when the token's own cannot be asked. */
  commentAuthor: string | undefined;
  /** Bound on the whole comment step, retries included. */
  commentTimeoutSeconds: number;
  /** `fix: true`: the patch of the verified edit plans (unused users), written to this file. */
  fixFile: string | undefined;
  /** SARIF: exempted findings as suppressed results (default: left out). */
  sarifIncludeExempted: boolean;
  /** Annotations on a check run through the Checks API (`auto`: when the token may). */
  checkRun: CheckRunMode;
  /** Several accounts in one job (see src/run/check-accounts.ts). */
  accounts?: AccountsInputs | undefined;
}

export interface AccountsInputs {
  accounts: string;
  roleArnTemplate: string;
  roleSessionName: string;
  outputDir: string;
  concurrency: number;
  timeoutSeconds: number;
}

/** Input `accounts` and its companions, or undefined when not given. */
function accountsInputs(): AccountsInputs | undefined {
  const accounts = optional('accounts');
  if (accounts === undefined) return undefined;
  const missing = (name: string): never => {
    throw new InputError(`input \`${name}\` is required with input \`accounts\``);
  };
  for (const name of ['report', 'account-id', 'account-label', 'merge'])
    if (optional(name) !== undefined)
      throw new InputError(
        `input \`${name}\` cannot be given with input \`accounts\`: each account's report is fetched through its role`,
      );
  const concurrency = positiveSeconds('account-concurrency', 8);
  if (!Number.isInteger(concurrency) || concurrency > 64)
    throw new InputError('input `account-concurrency` must be a whole number from 1 to 64');
  return {
    accounts,
    roleArnTemplate: optional('role-arn-template') ?? missing('role-arn-template'),
    roleSessionName: optional('role-session-name') ?? 'iam-credential-gate',
    outputDir: optional('output-dir') ?? missing('output-dir'),
    concurrency,
    timeoutSeconds: positiveSeconds('account-timeout-seconds', 300),
  };
}

const optional = (name: string): string | undefined => core.getInput(name) || undefined;

function oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
  const value = optional(name);
  if (value !== undefined && !allowed.includes(value as T))
    throw new InputError(`input \`${name}\` must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T | undefined;
}

/** Reads and checks every input; an error names the input and the values it takes. */
export function readInputs(isPullRequest: boolean): ActionInputs {
  const merge = optional('merge');
  const policy = core.getInput('policy');
  if (!policy && merge === undefined)
    throw new InputError(
      'input `policy` is required: the path of the policy file (or `merge`, to merge reports)',
    );
  const accountId = optional('account-id');
  if (accountId !== undefined && !/^\d{12}$/.test(accountId))
    throw new InputError(
      `input \`account-id\` must be a 12-digit AWS account id, not "${accountId}"`,
    );
  const nowText = optional('now');
  const now = nowText === undefined ? undefined : parseTimeOption(nowText);
  if (nowText !== undefined && now === undefined)
    throw new InputError(
      `input \`now\` must be an ISO-8601 date-time with an offset (or a date), not "${nowText}"`,
    );
  const maxWaitSeconds = positiveSeconds('max-wait-seconds', 120);
  const commentTimeoutSeconds = positiveSeconds('comment-timeout-seconds', 30);
  const confined = confinement(process.env, core.getMultilineInput('allowed-paths'));
  if (!confined) core.debug('GITHUB_WORKSPACE is not set: file inputs are not confined to it.');
  // Outputs first: the error path writes the JSON report, so it must already be judged safe.
  for (const name of ['json-file', 'sarif-file']) {
    const file = optional(name);
    if (file !== undefined) confine(confined, name, file, 'write');
  }
  const fixFile = fixFileInput();
  if (fixFile !== undefined) confine(confined, 'fix-file', fixFile, 'write');
  return {
    policy,
    report: optional('report'),
    failOn: oneOf('fail-on', FAIL_ON),
    comment: oneOf('comment', COMMENT_MODES) ?? (isPullRequest ? 'always' : 'never'),
    githubToken: core.getInput('github-token'),
    jsonFile: optional('json-file'),
    sarifFile: optional('sarif-file'),
    now,
    accountLabel: optional('account-label'),
    maxWaitSeconds,
    terraformDirs: core.getMultilineInput('terraform-dir'),
    terraformState: optional('terraform-state'),
    cacheDir: optional('cache-dir'),
    accountId,
    merge,
    expectAccounts: optional('expect-accounts'),
    maxReportAgeHours: parseMaxReportAge(
      optional('max-report-age-hours'),
      'input `max-report-age-hours`',
    ),
    confinement: confined,
    commentAuthor: optional('comment-author'),
    commentTimeoutSeconds,
    fixFile,
    sarifIncludeExempted: oneOf('sarif-include-exempted', ['true', 'false'] as const) === 'true',
    checkRun: oneOf('check-run', CHECK_RUN_MODES) ?? 'auto',
    accounts: accountsInputs(),
  };
}

/** `fix` / `fix-file`: where the patch goes (default under RUNNER_TEMP), or undefined without `fix`. */
function fixFileInput(): string | undefined {
  const fix = optional('fix');
  if (fix === undefined || fix === 'false') return undefined;
  if (fix !== 'true') throw new InputError(`input \`fix\` must be true or false, not "${fix}"`);
  return (
    optional('fix-file') ??
    join(process.env.RUNNER_TEMP ?? tmpdir(), 'iam-credential-gate-fix.patch')
  );
}

function positiveSeconds(name: string, fallback: number): number {
  const text = optional(name);
  const seconds = text === undefined ? fallback : Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new InputError(`input \`${name}\` must be a positive number (of seconds), not "${text}"`);
  return seconds;
}

/** Refuses every file input that resolves outside the workspace (see {@link confine}). */
export function confineInputs(inputs: ActionInputs): void {
  const c = inputs.confinement;
  if (inputs.policy) confine(c, 'policy', inputs.policy);
  if (inputs.report !== undefined) {
    confine(c, 'report', inputs.report);
    if (existsSync(metaFileFor(inputs.report))) confine(c, 'report', metaFileFor(inputs.report));
  }
  if (inputs.terraformState !== undefined) confine(c, 'terraform-state', inputs.terraformState);
  if (inputs.expectAccounts !== undefined) confine(c, 'expect-accounts', inputs.expectAccounts);
  // `123456789012=infra/prod`: the folder is the part after the account
  if (inputs.accounts) {
    confine(c, 'output-dir', inputs.accounts.outputDir, 'write');
    if (!isInlineAccounts(inputs.accounts.accounts))
      confine(c, 'accounts', inputs.accounts.accounts);
  }
  for (const dir of inputs.terraformDirs)
    confine(c, 'terraform-dir', dir.replace(/^\s*\d{12}\s*=\s*/, ''));
  if (inputs.cacheDir !== undefined) confine(c, 'cache-dir', inputs.cacheDir);
}
