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
  | {
      action: 'created' | 'updated';
      id: number;
      url: string | undefined;
      /** Extra comments of ours with the marker (a concurrent run's), deleted. */
      removed: number[];
      /** The account GitHub says wrote the comment it created (the author assumed otherwise). */
      author: string;
    }
  | { action: 'skipped'; reason: string };

interface ListedComment {
  id: number;
  body?: string | null;
  user?: { login: string } | null;
}

/** Logins are case-insensitive on GitHub. */
const sameLogin = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Our comments: written by `author` (the identity behind the token) and starting with the
 * marker. Another user's comment with the marker, or one quoting it further down, is not ours.
 * Oldest first.
 */
export function ownComments<C extends ListedComment>(
  comments: readonly C[],
  marker: string,
  author: string,
): C[] {
  return comments
    .filter((c) => c.user && sameLogin(c.user.login, author) && c.body?.startsWith(marker))
    .sort((a, b) => a.id - b.id);
}

/**
 * The login the token comments as: `github-actions[bot]` for `GITHUB_TOKEN`, `<slug>[bot]` for
 * a GitHub App installation token, the user for a personal token. GraphQL's `viewer` answers
 * for all three (`GET /user` refuses installation tokens), so it is asked first; `GET /user` is
 * the fallback (a server without GraphQL).
 */
export async function tokenLogin(octokit: Octokit): Promise<string> {
  let failure: unknown;
  const viewer = await octokit
    .graphql<{ viewer?: { login?: string } }>('query { viewer { login } }')
    .then(
      (data) => data.viewer?.login,
      (error: unknown) => void (failure = error),
    );
  if (viewer) return viewer;
  const user = await octokit.rest.users.getAuthenticated().then(
    (res) => res.data.login,
    (error: unknown) => void (failure ??= error),
  );
  if (user) return user;
  throw failure ?? new Error('GitHub did not say which account the token is');
}

/**
 * Creates or updates the one sticky comment carrying `marker`, written by `author`; comments by
 * anyone else are never touched. With `on-failure`, a passing run only updates an existing
 * comment (to say the gate passes now); it never creates one. After creating one it lists
 * again: when a concurrent run created one too, the oldest is kept (with this body) and the
 * others of ours are deleted.
 */
export async function upsertStickyComment(
  octokit: Octokit,
  target: StickyCommentTarget,
  marker: string,
  body: string,
  options: { mode: CommentMode; passed: boolean; author: string },
): Promise<CommentOutcome> {
  if (options.mode === 'never') return { action: 'skipped', reason: 'comment: never' };
  const { owner, repo, issueNumber } = target;
  const ours = async (author: string) =>
    ownComments(
      await octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: 100,
      }),
      marker,
      author,
    );
  const text = `${marker}\n${body}`;
  const update = (id: number) =>
    octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body: text });
  // Deletes what it can: a duplicate that cannot be deleted is left, never a reason to fail.
  const remove = async (extras: readonly ListedComment[]) => {
    const removed: number[] = [];
    for (const c of extras) {
      const status = await octokit.rest.issues
        .deleteComment({ owner, repo, comment_id: c.id })
        .then(
          () => 204,
          (error: { status?: number }) => error.status,
        );
      // 404: the concurrent run deleted it first
      if (status === 204 || status === 404) removed.push(c.id);
    }
    return removed;
  };

  const keep = async (
    id: number,
    others: readonly ListedComment[],
    author = options.author,
  ): Promise<CommentOutcome> => {
    const res = await update(id);
    const removed = await remove(others);
    return { action: 'updated', id, url: res.data.html_url, removed, author };
  };

  const [existing, ...extras] = await ours(options.author);
  if (existing) return keep(existing.id, extras);
  if (options.mode === 'on-failure' && options.passed)
    return { action: 'skipped', reason: 'the gate passed and comment is on-failure' };
  const created = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: issueNumber,
    body: text,
  });
  // GitHub says who wrote it: look for the concurrent run's under that name.
  const author = created.data.user?.login ?? options.author;
  const [oldest, ...others] = await ours(author);
  // A concurrent run created one first: that one stays, with this run's body.
  if (oldest && oldest.id !== created.data.id) return keep(oldest.id, others, author);
  return {
    action: 'created',
    id: created.data.id,
    url: created.data.html_url,
    removed: await remove(others),
    author,
  };
}

/** A warning, with the fix, for the usual reasons a comment cannot be written. */
export function explainCommentError(error: unknown): string {
  const status = (error as { status?: number }).status;
  const message = (error as Error).message;
  if (status === 403 || status === 404 || /not accessible by integration/i.test(message))
    return `Could not write the PR comment (${status ?? 'error'}: ${message}). Give the job \`permissions: pull-requests: write\`. On pull requests from forks the token is read-only: run the gate with \`comment: never\` there, or comment from a \`workflow_run\` workflow (see the README). The gate's verdict is not affected.`;
  return `Could not write the PR comment: ${message}. The gate's verdict is not affected.`;
}
