import { NONE, type UserRule, type Violation } from './types.js';
import { isDate, type AccessKeySlot } from '../report/types.js';
import { formatDay, isAtLeastDaysOld, plural, wholeDays } from './time.js';

export const inactiveAccessKey: UserRule = {
  meta: {
    id: 'inactive-access-key',
    description: 'An inactive access key is still present long after it was created.',
    risk: 'An inactive key can be re-activated by anyone with iam:UpdateAccessKey; deactivated keys should be deleted.',
    severity: 'low',
    enabledByDefault: true,
    scope: 'user',
    settings: {
      max_days: {
        looser: 'higher',
        default: 90,
        unit: 'days',
        minimum: 1,
        description:
          'Fires when the inactive key was created (last rotated) at least this many days ago.',
      },
    },
    references: ['AWS IAM security best practices: remove unused credentials'],
    remediation: 'Delete the inactive key.',
    cli: 'aws iam delete-access-key --user-name {user} --access-key-id <id>',
  },
  evaluate(row, { now, settings }) {
    const max = settings.max_days as number;
    let found: Violation[] | undefined;
    for (let i = 0; i < row.keys.length; i++) {
      const key = row.keys[i] as AccessKeySlot;
      // An inactive key keeps its last_rotated date; N/A means there is no key in the slot.
      if (key.active || !isDate(key.lastRotated) || !isAtLeastDaysOld(now, key.lastRotated, max))
        continue;
      const days = wholeDays(now, key.lastRotated);
      (found ??= []).push({
        credential: i === 0 ? 'access_key_1' : 'access_key_2',
        days,
        message: `Access key ${i + 1} is inactive but still present; created ${formatDay(key.lastRotated)}, ${plural(days, 'day')} ago (limit ${max}).`,
      });
    }
    return found ?? NONE;
  },
};
