import { InputError } from '../errors.js';

/**
 * Time runs forwards (SPEC §3): the report is generated before it is evaluated, and nothing in
 * it happens after it was generated. Clocks differ a little (AWS's, the runner's, a `--now`
 * typed by hand), so a few minutes are forgiven; past that, a date "in the future" is a
 * corrupt or forged report, never a credential that does not age.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** What a report's dates are checked against; both epoch ms, the core never reads the clock. */
export interface TimeBounds {
  /** The evaluation time. */
  now: number;
  /** When AWS generated the report, or `null` when unknown (then only `now` bounds the dates). */
  generatedAt: number | null;
  /** Where the generation time came from, for messages (e.g. `report.csv.meta.json`). */
  generatedAtSource?: string | undefined;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Throws when the evaluation time is before the report's generation time (beyond the skew):
 * the report would be judged by a clock that has not reached it yet.
 */
export function checkEvaluationTime(bounds: TimeBounds, file: string): void {
  const { now, generatedAt } = bounds;
  if (generatedAt === null || now >= generatedAt - CLOCK_SKEW_MS) return;
  throw new InputError(
    `the evaluation time ${iso(now)} is before the report's generation time ${iso(generatedAt)}${bounds.generatedAtSource ? ` (from ${bounds.generatedAtSource})` : ''}: time runs forwards`,
    { file },
    `a wrong \`--now\` / \`now\` input, a wrong \`--report-generated-at\`, or a clock off by more than ${CLOCK_SKEW_MS / 60_000} minutes`,
  );
}

/** The latest instant a date in a row may hold: the earlier of generation and evaluation, plus the skew. */
export function latestAllowedDate(bounds: TimeBounds): number {
  const { now, generatedAt } = bounds;
  return (generatedAt === null ? now : Math.min(now, generatedAt)) + CLOCK_SKEW_MS;
}

/** The message for a row's date after {@link latestAllowedDate}. */
export function futureDateMessage(value: string, bounds: TimeBounds): string {
  const { now, generatedAt } = bounds;
  const after =
    generatedAt !== null && generatedAt <= now
      ? `the report's generation time ${iso(generatedAt)}`
      : `the evaluation time ${iso(now)}`;
  return `"${value}" is after ${after} (by more than ${CLOCK_SKEW_MS / 60_000} minutes of clock skew): a date in the report cannot be in its future`;
}

export const FUTURE_DATE_HINT =
  'the report was edited or forged, or the evaluation time (`--now`) is wrong; fetch the report again';
