/*
 * A longer or different search by the same property tests, by hand (vitest.config.ts loads this
 * file only when FUZZ_SEED or FUZZ_SCALE is set; `npm test` never does):
 *
 *   FUZZ_SCALE=10 npx vitest run test/render --testTimeout=1800000   10x the runs, fresh seeds
 *   FUZZ_SEED=1234 npx vitest run test/merge/property.test.ts        seeds 1234, 1235, ...
 *
 * Every fc.assert and fc.sample of a test file gets FUZZ_SEED plus its rank in the file (so one
 * number replays a whole file) or, without FUZZ_SEED, a fresh seed even where the test fixes
 * one; its numRuns is multiplied by FUZZ_SCALE (a property run inside another keeps its own).
 * A failure prints its seed and counterexample, as always.
 */
import { vi } from 'vitest';

vi.mock('fast-check', async (importOriginal) => {
  const module = await importOriginal<typeof import('fast-check')>();
  const fc = module.default;
  const scale = Number(process.env.FUZZ_SCALE ?? 1);
  const base = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  let rank = 0;
  let depth = 0;
  const parameters = <P extends { numRuns?: number; seed?: number }>(given?: P): P => {
    const p = { ...given } as P;
    p.numRuns = Math.ceil((p.numRuns ?? 100) * (depth === 0 ? scale : 1));
    if (base === undefined) delete p.seed;
    else p.seed = (base + rank++) | 0;
    return p;
  };
  const assert = ((property: never, given?: never) => {
    const p = parameters(given);
    depth++;
    try {
      return fc.assert(property, p);
    } finally {
      depth--;
    }
  }) as typeof fc.assert;
  const sample = ((generator: never, given?: number | object) =>
    fc.sample(
      generator,
      parameters(typeof given === 'number' ? { numRuns: given } : given),
    )) as typeof fc.sample;
  const patched = { ...fc, assert, sample };
  return { ...module, ...patched, default: patched };
});
