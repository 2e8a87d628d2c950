import { NONE, type UserRule, type Violation } from './types.js';
import { isDate, type AccessKeySlot } from '../report/types.js';
import { formatDay, isAtLeastDaysOld, plural, wholeDays } from './time.js';

export const accessKeyUnused: UserRule = {
  meta: {
    id: 'access-key-unused',
    description: 'An active access key has not been used for too long (or was never used).',
    risk: 'An unused key is exposure with no benefit; a leaked one is rarely noticed.',
    severity: 'high',
    enabledByDefault: true,
    scope: 'user',
    settings: {
      max_days: {
        looser: 'higher',
        default: 90,
        unit: 'days',
        minimum: 1,
        description:
          'Fires when the key was last used (or, never used, created) at least this many days ago.',
      },
    },
    references: ['AWS Security Hub IAM.8', 'AWS Security Hub IAM.22', 'CIS AWS Foundations 1.12'],
    remediation: 'Deactivate the access key, wait to see that nothing breaks, then delete it.',
    cli: 'aws iam update-access-key --user-name {user} --access-key-id <id> --status Inactive',
  },
  evaluate(row, { now, settings }) {
    const max = settings.max_days as number;
    let found: Violation[] | undefined;
    for (let i = 0; i < row.keys.length; i++) {
      const key = row.keys[i] as AccessKeySlot;
      if (!key.active) continue;
      // CIS audit fallback: a never-used key is aged from its creation (last rotation).
      const [last, what] = isDate(key.lastUsed)
        ? [key.lastUsed, 'last used']
        : isDate(key.lastRotated)
          ? [key.lastRotated, 'never used; created']
          : [row.created as number, 'never used; user created'];
      if (!isDate(last) || !isAtLeastDaysOld(now, last, max)) continue;
      const days = wholeDays(now, last);
      (found ??= []).push({
        credential: i === 0 ? 'access_key_1' : 'access_key_2',
        days,
        message: `Access key ${i + 1} is active; ${what} ${formatDay(last)}, ${plural(days, 'day')} ago (limit ${max}).`,
      });
    }
    return found ?? NONE;
  },
};
