/**
 * A value as a CommonMark code span (the notation of the product's sentences: findings,
 * remediations and warnings mark names, addresses and files this way). The fence is one
 * backtick longer than the longest backtick run in the value, so no backtick in the value can
 * end the span; one space pads each side when the value starts or ends with a backtick, or both
 * starts and ends with a space (CommonMark strips one such space from each side). Line endings
 * become spaces, as a code span shows them anyway.
 */
export function codeSpan(value: string): string {
  // the common case (a name, an address, a file and line): no backtick, no line ending or
  // other control character, not both starting and ending with a space — one backtick each
  // side, and nothing to work out
  if (PLAIN.test(value) && !(value.startsWith(' ') && value.endsWith(' '))) return `\`${value}\``;
  return generalCodeSpan(value);
}

/** {@link codeSpan} by its general rule, for any value (the shortcut agrees with it: a property test). */
export function generalCodeSpan(value: string): string {
  const flat = value.replace(LINE_ENDINGS, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad =
    flat === '' ||
    flat.startsWith('`') ||
    flat.endsWith('`') ||
    (flat.startsWith(' ') && flat.endsWith(' ') && flat.trim() !== '')
      ? ' '
      : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Line endings as CommonMark, browsers and the runner's log see them, and every other control character (C0, DEL, C1). */
export const LINE_ENDINGS = /[\p{Cc}\u2028\u2029]/gu;

/** A value {@link codeSpan} writes between single backticks as it is (not empty). */
const PLAIN = /^[^`\p{Cc}\u2028\u2029]+$/u;
