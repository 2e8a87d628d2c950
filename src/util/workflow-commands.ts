/**
 * A runner reads a line of a step's output as a workflow command when, after leading white
 * space (.NET's TrimStart: Unicode white space, U+0085 too), it starts with `::`, or when it
 * holds `##[` anywhere (the old form). These helpers make data unable to do either.
 */
const LEADING_COLON = /^([\s\u0085\u180e]*):/u;

/** One line: neither a leading `:` (→ `%3A`, the toolkit's escape of a colon) nor `##[`. */
const guard = (line: string): string =>
  line.replace(LEADING_COLON, '$1%3A').replace(/##\[/g, '##%5B');

/**
 * One line of untrusted text (AWS, GitHub or input-file data) that cannot start a workflow
 * command: line breaks become `%0D` / `%0A` (the toolkit's own escaping of command data), a
 * leading `:` becomes `%3A` and `##[` becomes `##%5B`. Text that needed none of this is
 * unchanged.
 */
export const safeLine = (text: string): string =>
  guard(text.replace(/\r/g, '%0D').replace(/\n/g, '%0A'));

/** The same, line by line, keeping the line breaks (the CLI's multi-line messages). */
export const safeLines = (text: string): string =>
  text
    .split('\n')
    .map((l) => guard(l.replace(/\r/g, '%0D')))
    .join('\n');
