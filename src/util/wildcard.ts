/**
 * Case-insensitive `*` / `?` wildcard matching for IAM user names, in linear-ish time with no
 * regular expression, so that a hostile pattern such as `*a*a*a*a*b` cannot backtrack
 * exponentially. No other character is special.
 */
/** Whether a pattern has a wildcard (`*` or `?`); without one it is a name, matched exactly. */
export const hasWildcard = (pattern: string): boolean =>
  pattern.includes('*') || pattern.includes('?');

export function compileWildcard(pattern: string): (name: string) => boolean {
  const p = pattern.toLowerCase();
  if (!hasWildcard(p)) return (name) => name.toLowerCase() === p;
  return (name) => wildcardMatch(p, name.toLowerCase());
}

function wildcardMatch(p: string, s: string): boolean {
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    const c = p[pi];
    if (c === '?' || (c !== undefined && c !== '*' && c === s[si])) {
      pi++;
      si++;
    } else if (c === '*') {
      star = pi++;
      mark = si;
    } else if (star !== -1) {
      pi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/**
 * A matcher for any of the patterns: exact names by one lookup, only the patterns with a
 * wildcard one by one (a policy may list thousands of names).
 */
export function compileWildcards(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set<string>();
  const matchers: ((name: string) => boolean)[] = [];
  for (const p of patterns)
    if (hasWildcard(p)) matchers.push(compileWildcard(p));
    else exact.add(p.toLowerCase());
  if (matchers.length === 0)
    return exact.size === 0 ? () => false : (name) => exact.has(name.toLowerCase());
  return (name) => exact.has(name.toLowerCase()) || matchers.some((m) => m(name));
}
