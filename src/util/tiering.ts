// How soon V8 hands hot JavaScript to its optimising compiler, set for the run at hand (see
// docs/decisions/0007-tiering.md). By default V8 optimises a function once it has run some
// 66 KB of bytecode (its `--interrupt-budget`). A check of one account is over in well under a
// second: most functions it calls run hot for a few milliseconds, and the optimising
// compiler's work on them (on a background thread, and finished on the main one) costs more
// than the faster code it makes saves; on 2 CPUs the background work also takes the second
// CPU from the garbage collector and the file reads. Such a run asks for optimisation later
// (8 times the budget); a long run (a big report, a merge) keeps V8's default, under which it
// is faster. Only the timing of optimisation changes, never what the code computes.
import { setFlagsFromString } from 'node:v8';

/** V8 11.3's default `--interrupt-budget` (Node 20's V8, on which this was measured). */
export const DEFAULT_INTERRUPT_BUDGET = 66 * 1024;
/** The budget of a short run. */
export const SHORT_RUN_INTERRUPT_BUDGET = 8 * DEFAULT_INTERRUPT_BUDGET;
/**
 * A report bigger than this (some 9,000 users in CSV, 6,900 in the AWS CLI's base64 JSON)
 * makes a run long enough for V8's default to be faster (measured: 5,000 users 0.97× with the
 * short-run budget, 10,000 users 0.98×, 20,000 users 1.05×, 100,000 users 1.06×).
 */
export const LONG_RUN_REPORT_BYTES = 2 * 2 ** 20;

export interface TieringEnv {
  /** `process.versions.v8`. */
  v8: string;
  /** node's own options (`process.execArgv`: NODE_OPTIONS may not hold `--interrupt-budget`). */
  execArgv: readonly string[];
  setFlags: (flags: string) => void;
}

export interface Tiering {
  /** This process runs one short command (a check of one account, a fix). */
  shortRun(): void;
  /** The command's input turned out this big (bytes): a long run keeps V8's default. */
  input(bytes: number): void;
  /** Whether the short-run budget is set now. */
  readonly short: boolean;
}

/** Whether a V8 is the one this was measured on (Node 20's). */
export const measuredOn = (v8: string): boolean => /^11\.3\./.test(v8);

/** Only on that V8; never over a budget the user set (`node --interrupt-budget=…`). */
const applies = (env: TieringEnv): boolean =>
  measuredOn(env.v8) && !env.execArgv.some((option) => /^--interrupt[-_]budget=/.test(option));

export function createTiering(env: TieringEnv): Tiering {
  let short = false;
  return {
    shortRun() {
      if (short || !applies(env)) return;
      env.setFlags(`--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`);
      short = true;
    },
    input(bytes) {
      if (!short || bytes <= LONG_RUN_REPORT_BYTES) return;
      env.setFlags(`--interrupt-budget=${DEFAULT_INTERRUPT_BUDGET}`);
      short = false;
    },
    get short() {
      return short;
    },
  };
}

/** This process's tiering. */
export const tiering: Tiering = createTiering({
  v8: process.versions.v8,
  execArgv: process.execArgv,
  setFlags: setFlagsFromString,
});
