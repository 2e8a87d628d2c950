import * as core from '@actions/core';
import { isInputError } from '../errors.js';
import {
  commentMarker,
  COMMENT_MAX_LENGTH,
  COMMENT_MODES,
  explainCommentError,
  type CommentMode,
} from '../github/comment.js';
import type { ActionInputs } from './inputs.js';
import { info } from './log.js';

/** What the comment step needs, read from the inputs (or, when they failed, as far as known). */
export interface CommentSettings {
  mode: CommentMode;
  token: string;
  /** The key of the marker: the policy (or merge pattern), the account label and id. */
  key: string;
  author: string | undefined;
  timeoutSeconds: number;
}

/**
 * One comment per policy (or merge pattern), account label and account id: two steps checking
 * two accounts with one policy must not overwrite each other's verdict.
 */
const markerKey = (key: string, label: string | undefined, accountId: string | undefined) =>
  `${key}${label ? ` ${label}` : ''}${accountId ? ` ${accountId}` : ''}`;

export function commentSettings(inputs: ActionInputs): CommentSettings {
  const key = inputs.merge !== undefined ? `merge ${inputs.merge}` : inputs.policy;
  return {
    mode: inputs.comment,
    token: inputs.githubToken,
    key: markerKey(key, inputs.accountLabel, inputs.accountId),
    author: inputs.commentAuthor,
    timeoutSeconds: inputs.commentTimeoutSeconds,
  };
}

/**
 * The settings when the inputs themselves could not be read: the raw inputs, so the comment of
 * an earlier run is still replaced. An unreadable `comment` counts as `always` (not running is
 * not a pass), an unreadable timeout as the default.
 */
export function rawCommentSettings(): CommentSettings {
  const raw = (name: string) => core.getInput(name);
  const mode = COMMENT_MODES.find((m) => m === raw('comment')) ?? 'always';
  const merge = raw('merge');
  const label = raw('account-label');
  const timeout = Number(raw('comment-timeout-seconds') || 30);
  return {
    mode,
    token: raw('github-token'),
    key: markerKey(merge ? `merge ${merge}` : raw('policy'), label, raw('account-id')),
    author: raw('comment-author') || undefined,
    timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : 30,
  };
}

/** A failed run in one line (file, place, message) and its hint, for the "could not run" body. */
export function describeFailure(error: unknown): { what: string; hint: string | undefined } {
  if (!isInputError(error))
    return {
      what: `unexpected error: ${(error as Error).message ?? String(error)}`,
      hint: undefined,
    };
  const lines = error.describe().split('\n');
  const what = lines.filter((l) => !l.startsWith('  hint: ')).join('; ');
  return { what, hint: error.hint };
}

class CommentTimeout extends Error {
  constructor(seconds: number) {
    super(
      `Could not write the PR comment within ${seconds} s (retries included): GitHub did not answer in time. Raise \`comment-timeout-seconds\` if the API is slow. The gate's verdict is not affected.`,
    );
  }
}

/** Each attempt gets at most this long, so a retry fits in the step's bound. */
const ATTEMPT_MS = 10_000;

/**
 * The sticky comment, bounded in time: it never throws, never takes longer than the settings'
 * timeout, and only warns when the comment cannot be written; the verdict is the caller's.
 */
export async function postComment(
  settings: CommentSettings,
  body: (maxLength: number) => string,
  passed: boolean,
  prNumber: number | undefined,
): Promise<void> {
  if (settings.mode === 'never') return;
  if (prNumber === undefined) {
    core.info('Not a pull request: no PR comment.');
    return;
  }
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo || !settings.token) {
    core.warning('No PR comment: GITHUB_REPOSITORY or the `github-token` input is missing.');
    return;
  }
  const ms = settings.timeoutSeconds * 1000;
  const deadline = Date.now() + ms;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new CommentTimeout(settings.timeoutSeconds));
    }, ms);
  });
  let assumed = '';
  const work = async () => {
    const { githubClient } = await import('../github/client.js');
    const { tokenLogin, upsertStickyComment } = await import('../github/comment.js');
    const octokit = githubClient(settings.token, {
      deadline,
      attemptMs: Math.min(ATTEMPT_MS, ms),
      retries: 3,
      signal: controller.signal,
      onRetry: (what, wait) =>
        info(`GitHub: ${what}; trying again in ${Math.ceil(wait / 1000)} s.`),
    });
    const author = settings.author ?? (await tokenLogin(octokit).catch(unknownLogin));
    assumed = author;
    return upsertStickyComment(
      octokit,
      { owner, repo, issueNumber: prNumber },
      commentMarker(settings.key),
      body(COMMENT_MAX_LENGTH - 200),
      { mode: settings.mode, passed, author },
    );
  };
  try {
    const outcome = await Promise.race([work(), bound]);
    if (outcome.action === 'skipped') info(`No PR comment: ${outcome.reason}.`);
    else if (outcome.author.toLowerCase() !== assumed.toLowerCase())
      core.warning(
        `The PR comment was written as ${outcome.author}, not ${assumed}: the next run will not find it. Set \`comment-author: ${outcome.author}\` (or leave it empty to ask the token).`,
      );
    if (outcome.action !== 'skipped')
      // the URL and the author come from the API: one line that cannot start a command
      info(
        `PR comment ${outcome.action}${outcome.url ? `: ${outcome.url}` : ''}${outcome.removed.length > 0 ? ` (${outcome.removed.length} duplicate(s) from a concurrent run removed)` : ''}.`,
      );
  } catch (error) {
    core.warning(
      redact(
        error instanceof CommentTimeout || controller.signal.aborted
          ? (error as Error).message
          : explainCommentError(error),
        settings.token,
      ),
    );
  } finally {
    clearTimeout(timer);
  }
}

function unknownLogin(error: unknown): never {
  const e = new Error(
    `could not tell which account the token comments as (${(error as Error).message}); set the \`comment-author\` input to its login (e.g. \`my-app[bot]\`)`,
  );
  Object.assign(e, { status: (error as { status?: number }).status });
  throw e;
}

/**
 * `text` without the token, nor any line of it (an API error may echo the header it was sent;
 * a token with a line break ends up in the fetch error): the runner masks what `setSecret`
 * registered in the log, but a message can go elsewhere too.
 */
export function redact(text: string, token: string): string {
  let out = text;
  for (const part of tokenParts(token))
    if (part.trim().length >= 8) out = out.split(part).join('***');
  return out;
}

/** The token and each line of it (a pasted token may hold a line break), none blank. */
export const tokenParts = (token: string): string[] =>
  [...new Set([token, ...token.split(/\r?\n/)])].filter((part) => part.trim() !== '');
