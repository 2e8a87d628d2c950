/** What a run that could not evaluate says: what failed, the hint, and that there is no verdict. */
export interface CouldNotRun {
  /** One line: the file and place, and what is wrong there. */
  what: string;
  hint?: string | undefined;
  footer?: string | undefined;
  /** The PR comment (default) replaces an earlier verdict; the job summary has none to replace. */
  surface?: 'comment' | 'summary';
}

const oneLine = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();

/**
 * A fenced code block of `lines`: GitHub renders its content as is, with no HTML, link or
 * mention, whatever the text (the fence is longer than any run of backticks in it).
 */
function literalBlock(lines: readonly string[]): string {
  const longest = Math.max(0, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((r) => r.length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [fence, ...lines, fence].join('\n');
}

/**
 * The comment (and job summary) of a run that could not evaluate. The comment replaces whatever
 * an earlier run said, so a stale "passed" never stays: the verdict is unknown until a run evaluates. What failed and the
 * hint come from input files and services, so they are shown literally, in a code block.
 */
export function renderCouldNotRun(c: CouldNotRun): string {
  return [
    '## ⚠️ IAM credential gate could not run — verdict UNKNOWN',
    '',
    c.surface === 'summary'
      ? 'The gate did not evaluate the credentials: there is no verdict. What failed:'
      : 'The gate did not evaluate the credentials, so no earlier verdict on this pull request stands. What failed:',
    '',
    literalBlock([oneLine(c.what), ...(c.hint ? [`hint: ${oneLine(c.hint)}`] : [])]),
    '',
    'Fix it and run the workflow again.',
    ...(c.footer ? ['', c.footer] : []),
    '',
  ].join('\n');
}
