import { isDate, type DateField } from '../report/types.js';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/**
 * `floor((now − date) / 1 day)`, the spec's reported `days`; never negative (a date up to the
 * allowed clock skew after `now` is 0 days old, see `report/time-order.ts`).
 */
export const wholeDays = (now: number, date: number): number =>
  Math.max(0, Math.floor((now - date) / DAY_MS));

/** "Age ≥ N days" means `now − date ≥ N × 86 400 000 ms` — never off by one. */
export const isAtLeastDaysOld = (now: number, date: number, days: number): boolean =>
  now - date >= days * DAY_MS;

const dayNames = new Map<number, string>();

/** `YYYY-MM-DD` (UTC); cached per day, since a report repeats the same days over and over. */
export function formatDay(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let name = dayNames.get(day);
  if (name === undefined) {
    name = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayNames.size < 100_000) dayNames.set(day, name);
  }
  return name;
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The latest of the given fields that are dates, or `undefined` when none is. */
export function latestDate(...fields: DateField[]): number | undefined {
  let latest: number | undefined;
  for (const field of fields)
    if (isDate(field) && (latest === undefined || field > latest)) latest = field;
  return latest;
}

// AWS did not record password use from 2018-05-03 22:50 PDT to 2018-05-23 14:08 PDT. A user who
// signed in then shows the last sign-in *before* the gap: so it is dates before the gap's end that
// may understate the last use (dates inside it are never written).
export const DATA_GAP_START = Date.UTC(2018, 4, 4, 5, 50);
export const DATA_GAP_END = Date.UTC(2018, 4, 23, 21, 8);

/** A `password_last_used` date that may understate the real last use (it is before the gap's end). */
export const mayPredateGap = (ms: number): boolean => ms < DATA_GAP_END;

export const DATA_GAP_NOTE =
  ' Note: AWS did not record console sign-ins from 2018-05-03 22:50 to 2018-05-23 14:08 PDT, and a user who signed in then shows an earlier date: the real last use may be as late as 2018-05-23.';

/** When IAM began recording password use (`no_information` before it) and access key use. */
export const PASSWORD_TRACKING_START = Date.UTC(2014, 9, 20);
export const ACCESS_KEY_TRACKING_START = Date.UTC(2015, 3, 22);

/**
 * What a credential without a last-use date says: "never used", or, for a credential older than
 * the tracking start, only that no use was recorded since tracking began.
 */
export const noUseRecorded = (createdAt: number, trackingStart: number): string =>
  createdAt < trackingStart
    ? `no use recorded since tracking began on ${formatDay(trackingStart)}`
    : 'never used';
