/**
 * Whether user-name globs match every possible IAM user name — decided by what they match, not
 * by how they are written (`*`, `**`, `?*`, `*?*`, or `["a*", "b*", ...]` together all do).
 *
 * IAM user names are 1 to 64 of `A-Z a-z 0-9 + = , . @ _ -`, matched case-insensitively, so
 * the globs are run as one nondeterministic automaton over the 43 distinct characters and
 * every set of states reachable by a name of 1 to 64 characters must accept. Characters no glob
 * names behave alike and are tried once. The search is bounded; past it the answer is
 * `undefined` (cannot tell).
 */
const NAME_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789+=,.@_-';
const MAX_LENGTH = 64;
const MAX_STATE_SETS = 20_000;

export function coversEveryName(globs: readonly string[]): boolean | undefined {
  // `**` is `*`; a glob with more than 64 other characters matches no name at all.
  const patterns = globs
    .map((g) => g.toLowerCase().replace(/\*+/g, '*'))
    .filter((g) => g.replace(/\*/g, '').length <= MAX_LENGTH);
  if (patterns.length === 0) return false;
  // The characters worth trying: each one a glob names, and one that none names (if any).
  const named = new Set<string>();
  for (const p of patterns) for (const c of p) if (NAME_ALPHABET.includes(c)) named.add(c);
  const letters = [...named];
  const other = [...NAME_ALPHABET].find((c) => !named.has(c));
  if (other !== undefined) letters.push(other);

  // A state is (pattern, position); a set of states is kept as a sorted key string.
  const closure = (states: Set<number>): Set<number> => {
    const out = new Set<number>();
    const stack = [...states];
    for (let s = stack.pop(); s !== undefined; s = stack.pop()) {
      if (out.has(s)) continue;
      out.add(s);
      const [i, at] = decode(s);
      if (patterns[i]?.[at] === '*') stack.push(encode(i, at + 1));
    }
    return out;
  };
  const accepts = (states: Set<number>): boolean =>
    [...states].some((s) => {
      const [i, at] = decode(s);
      return at === (patterns[i] as string).length;
    });
  const step = (states: Set<number>, c: string): Set<number> => {
    const next = new Set<number>();
    for (const s of states) {
      const [i, at] = decode(s);
      const p = (patterns[i] as string)[at];
      if (p === '*') next.add(s);
      else if (p === '?' || p === c) next.add(encode(i, at + 1));
    }
    return closure(next);
  };

  const start = closure(new Set(patterns.map((_, i) => encode(i, 0))));
  const seen = new Set<string>();
  let frontier = [start];
  for (let length = 1; length <= MAX_LENGTH && frontier.length > 0; length++) {
    const next: Set<number>[] = [];
    for (const states of frontier)
      for (const c of letters) {
        const after = step(states, c);
        // a name of this length that no glob matches
        if (!accepts(after)) return false;
        const key = [...after].sort((a, b) => a - b).join(',');
        if (seen.has(key)) continue; // what follows was (or is being) explored from there
        seen.add(key);
        if (seen.size > MAX_STATE_SETS) return undefined;
        next.push(after);
      }
    frontier = next;
  }
  return true;
}

const WIDTH = 1 << 16;
const encode = (pattern: number, at: number): number => pattern * WIDTH + at;
const decode = (state: number): [number, number] => [Math.floor(state / WIDTH), state % WIDTH];
