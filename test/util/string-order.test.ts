import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ranksInOrder } from '../../src/util/string-order.js';

/** The ranks by the comparison sort it stands for: `<` on the strings, equal ones tied. */
function byComparison(strings: readonly string[]): number[] {
  const order = strings
    .map((_, i) => i)
    .sort((a, b) => {
      const x = strings[a] as string;
      const y = strings[b] as string;
      return x === y ? 0 : x < y ? -1 : 1;
    });
  const ranks = new Array<number>(strings.length);
  order.forEach((i, k) => {
    const before = order[k - 1];
    ranks[i] =
      before !== undefined && strings[before] === strings[i] ? (ranks[before] as number) : k;
  });
  return ranks;
}

// Strings that share long prefixes, differ in case, end early, repeat, and hold any UTF-16 unit
// (lone surrogates and units above them among them, which `<` orders as numbers).
const piece = fc.oneof(
  fc.constantFrom('ci-build-', 'ci-', 'c', 'C', 'a', 'A', 'z', '-', '.', '@', '_', '0', '9', ''),
  fc.constantFrom('\u0000', '\u007f', 'é', '\ud800', '\udfff', '\uffff', '😀'),
  fc.string({ unit: 'binary', maxLength: 3 }),
);
const word = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));

describe('ranksInOrder', () => {
  it('ranks as a comparison sort does, whatever the strings (property)', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 200, size: 'max' }), (strings) => {
        expect(Array.from(ranksInOrder(strings))).toEqual(byComparison(strings));
      }),
      { numRuns: 3_000 },
    );
  });

  it('ranks the same with its partitions cut short at any depth (property)', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 120, size: 'max' }), fc.nat(6), (strings, depth) => {
        expect(Array.from(ranksInOrder(strings, depth))).toEqual(byComparison(strings));
      }),
      { numRuns: 2_000 },
    );
  });

  it('ranks strings that come nearly in order as a comparison sort does (property)', () => {
    // sorted, then a few moved: the path that leaves them to the native sort
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 200, size: 'max' }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 20 }),
        (words, swaps) => {
          const strings = [...words].sort();
          for (const [a, b] of swaps) {
            if (strings.length === 0) break;
            const i = a % strings.length;
            const j = b % strings.length;
            [strings[i], strings[j]] = [strings[j] as string, strings[i] as string];
          }
          expect(Array.from(ranksInOrder(strings))).toEqual(byComparison(strings));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('ranks many names with shared prefixes, and ties equal ones', () => {
    const names: string[] = [];
    for (let i = 0; i < 20_000; i++)
      names.push(
        i % 7 === 0 ? `ci-build-web-${(i * 7919) % 20_000}` : `user.${(i * 104_729) % 9_973}`,
      );
    const ranks = Array.from(ranksInOrder(names));
    expect(ranks).toEqual(byComparison(names));
    // `user.N` repeats: equal names, one rank
    expect(new Set(ranks).size).toBe(new Set(names).size);
  });

  it('keeps its stack shallow and its time short on a prefix ladder', () => {
    // each string a prefix of the next: every partition splits off one string
    const ladder = Array.from({ length: 3_000 }, (_, i) => 'a'.repeat(3_000 - i));
    expect(Array.from(ranksInOrder(ladder))).toEqual(byComparison(ladder));
  });
});
