import { cis } from './controls.js';
import { NONE, type UserRule } from './types.js';
import { DAY_MS, formatDay, latestDate, plural, wholeDays } from './time.js';

export const rootRecentUse: UserRule = {
  meta: {
    id: 'root-recent-use',
    description: 'The root user signed in or used an access key recently.',
    risk: 'Day-to-day use of the root user means its credentials are exposed; it should be locked away.',
    severity: 'high',
    enabledByDefault: true,
    scope: 'root',
    settings: {
      within_days: {
        looser: 'lower',
        default: 7,
        unit: 'days',
        minimum: 1,
        description: 'Fires when the latest root use is younger than this.',
      },
    },
    references: cis('2.7', '2.6'),
    remediation:
      'Find out who used the root user and why (CloudTrail: userIdentity.type = Root), do that task with an IAM role instead, and rotate the root password if the use was not expected.',
  },
  evaluate(row, { now, settings }) {
    // Password and both keys: a key used yesterday counts as much as a sign-in.
    const last = latestDate(row.passwordLastUsed, row.keys[0].lastUsed, row.keys[1].lastUsed);
    const within = settings.within_days as number;
    if (last === undefined || now - last >= within * DAY_MS) return NONE;
    const what =
      last === row.passwordLastUsed
        ? 'signed in'
        : `used access key ${last === row.keys[0].lastUsed ? 1 : 2}`;
    const days = wholeDays(now, last);
    return [
      {
        credential: 'user',
        days,
        message: `The root user ${what} on ${formatDay(last)} (${days < 1 ? 'today' : `${plural(days, 'day')} ago`}; limit: no use within ${plural(within, 'day')}).`,
      },
    ];
  },
};
