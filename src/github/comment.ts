import type { getOctokit } from '@actions/github';
import { LINE_ENDINGS } from '../util/code-span.js';

export type Octokit = ReturnType<typeof getOctokit>;

export type CommentMode = 'always' | 'on-failure' | 'never';
export const COMMENT_MODES: readonly CommentMode[] = ['always', 'on-failure', 'never'];

/** GitHub's limit on an issue comment body. */
export const COMMENT_MAX_LENGTH = 65_536;

/** The hidden marker that finds our comment again: one per policy (and account label). */
export const commentMarker = (key: string): string =>
  `<!-- iam-credential-gate: ${key.replace(LINE_ENDINGS, ' ').replace(/--+/g, '-').replace(/[<>]/g, '')} -->`;

export interface StickyCommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
}

export type CommentOutcome =
  | { action: 'created' | 'updated'; id: number; url: string | undefined }
  | { action: 'skipped'; reason: string };

/**
 * Creates or updates the one sticky comment carrying `marker`. With `on-failure`, a passing
 * run only updates an existing comment (to say the gate passes now); it never creates one.
 */
export async function upsertStickyComment(
  octokit: Octokit,
  target: StickyCommentTarget,
  marker: string,
  body: string,
  options: { mode: CommentMode; passed: boolean },
): Promise<CommentOutcome> {
  if (options.mode === 'never') return { action: 'skipped', reason: 'comment: never' };
  const { owner, repo, issueNumber } = target;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  const existing = comments.find((c) => c.body?.includes(marker));
  const text = `${marker}\n${body}`;
  if (existing) {
    const res = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: existing.id,
      body: text,
    });
    return { action: 'updated', id: existing.id, url: res.data.html_url };
  }
  if (options.mode === 'on-failure' && options.passed)
    return { action: 'skipped', reason: 'the gate passed and comment is on-failure' };
  const res = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: issueNumber,
    body: text,
  });
  return { action: 'created', id: res.data.id, url: res.data.html_url };
}

/** A warning, with the fix, for the usual reasons a comment cannot be written. */
export function explainCommentError(error: unknown): string {
  const status = (error as { status?: number }).status;
  const message = (error as Error).message;
  if (status === 403 || status === 404 || /not accessible by integration/i.test(message))
    return `Could not write the PR comment (${status ?? 'error'}: ${message}). Give the job \`permissions: pull-requests: write\`. On pull requests from forks the token is read-only: run the gate with \`comment: never\` there, or comment from a \`workflow_run\` workflow (see the README). The gate's verdict is not affected.`;
  return `Could not write the PR comment: ${message}. The gate's verdict is not affected.`;
}
