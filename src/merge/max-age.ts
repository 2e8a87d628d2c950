// The merge's bound on report age, apart from merge.ts: the action reads this input on every
// run, and merge.ts brings the report schema's validator, which only a merge needs.
import { InputError } from '../errors.js';

/** Reports evaluated longer ago than this (hours) are stale when no bound is given. */
export const DEFAULT_MAX_REPORT_AGE_HOURS = 48;

/** `--max-report-age-hours` / `max-report-age-hours`: hours, above 0, at most a year. */
export function parseMaxReportAge(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const hours = Number(text);
  if (text.trim() === '' || !Number.isFinite(hours) || hours <= 0 || hours > 8760)
    throw new InputError(
      `${name} must be a number of hours above 0 and at most 8760 (a year), not "${text}"`,
    );
  return hours;
}
