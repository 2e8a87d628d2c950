import { escapeText } from './escape.js';

/** What a run that could not evaluate says: what failed, the hint, and that there is no verdict. */
export interface CouldNotRun {
  /** One line: the file and place, and what is wrong there. */
  what: string;
  hint?: string | undefined;
  footer?: string | undefined;
}

/**
 * The comment (and summary) of a run that could not evaluate. It replaces whatever an earlier
 * run said, so a stale "passed" never stays: the verdict is unknown until a run evaluates.
 */
export function renderCouldNotRun(c: CouldNotRun): string {
  return [
    '## ⚠️ IAM credential gate could not run — verdict UNKNOWN',
    '',
    `**What failed:** ${escapeText(c.what)}`,
    ...(c.hint ? ['', `**Hint:** ${escapeText(c.hint)}`] : []),
    '',
    'The gate did not evaluate the credentials, so no earlier verdict on this pull request stands. Fix the problem above and run the workflow again.',
    ...(c.footer ? ['', c.footer] : []),
    '',
  ].join('\n');
}
