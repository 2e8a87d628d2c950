import { existsSync } from 'node:fs';
import * as core from '@actions/core';
import { InputError } from '../errors.js';
import { COMMENT_MODES, type CommentMode } from '../github/comment.js';
import { FAIL_ON, type FailOn } from '../policy/schema.js';
import { parseTimeOption } from '../report/parse.js';
import { parseMaxReportAge } from '../merge/merge.js';
import { metaFileFor } from '../run/report-meta.js';
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
  /** SARIF: exempted findings as suppressed results (default: left out). */
  sarifIncludeExempted: boolean;
  /** Annotations on a check run through the Checks API (`auto`: when the token may). */
  checkRun: CheckRunMode;
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
    sarifIncludeExempted: oneOf('sarif-include-exempted', ['true', 'false'] as const) === 'true',
    checkRun: oneOf('check-run', CHECK_RUN_MODES) ?? 'auto',
  };
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
  for (const dir of inputs.terraformDirs) confine(c, 'terraform-dir', dir);
  if (inputs.cacheDir !== undefined) confine(c, 'cache-dir', inputs.cacheDir);
}
