import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's code is plain JavaScript
import * as growth from '../../bench/growth.mjs';

interface Point {
  n: number;
  ratio: number;
  ours: number;
  floor: number;
}
const { growthText } = growth as { growthText: (unit: string, per: number, p: Point[]) => string };

/** The bench's growth lines (bench/growth.mjs): ratios, and the cost of each further unit. */
describe('growth lines of the bench', () => {
  // start-up 100 ms and 7 ms a thousand users against the floor's 50 ms and 1 ms: linear, but
  // the ratio grows with the size, as the fixed part weighs less
  const linear = [10_000, 100_000, 500_000].map((n) => {
    const ours = 100 + (7 * n) / 1000;
    const floor = 50 + n / 1000;
    return { n, ours, floor, ratio: ours / floor };
  });

  it('gives the ratios and how much they grow', () => {
    const text = growthText('users', 1000, linear);
    expect(text).toContain(
      'Ratio at 10,000 users / 100,000 users / 500,000 users: 2.83× / 5.33× / 6.55×',
    );
    expect(text).toContain('(23 % up from the second size to the last)');
  });

  it('tells a linear cost from its ratio: the same cost a unit in each step', () => {
    const text = growthText('users', 1000, linear);
    expect(text).toContain('10,000 → 100,000: ours 7.0 ms, floor 1.0 ms (7.00×)');
    expect(text).toContain('100,000 → 500,000: ours 7.0 ms, floor 1.0 ms (7.00×)');
    expect(text).toContain('ours costs 0 % more per unit than in the first (the floor 0 % more)');
  });

  it('shows a super-linear cost, and a falling one', () => {
    const square = linear.map((p) => ({ ...p, ours: 100 + (p.n / 1000) ** 2 / 10 }));
    expect(growthText('users', 1000, square)).toContain(
      'ours costs 445 % more per unit than in the first',
    );
    const falling = linear.map((p, i) => ({ ...p, ours: [100, 500, 1000][i] as number }));
    expect(growthText('files', 1000, falling)).toContain(
      'ours costs 72 % less per unit than in the first',
    );
  });
});
