import { cis, SECURITY_HUB, withLimit } from './controls.js';
import { NONE, type UserRule, type Violation } from './types.js';
import { isDate, type AccessKeySlot } from '../report/types.js';
import {
  ACCESS_KEY_TRACKING_START,
  formatDay,
  isAtLeastDaysOld,
  noUseRecorded,
  plural,
  wholeDays,
} from './time.js';

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
    references: [SECURITY_HUB('8'), SECURITY_HUB('22'), ...cis('2.11', '2.11')],
    // IAM.8: 90 days (maxCredentialUsageAge); IAM.22 and CIS "45 days or more"
    referenceLimits: {
      [SECURITY_HUB('8')]: 90,
      ...withLimit([SECURITY_HUB('22'), ...cis('2.11', '2.11')], 45),
    },
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
          ? [
              key.lastRotated,
              `${noUseRecorded(key.lastRotated, ACCESS_KEY_TRACKING_START)}; created`,
            ]
          : [
              row.created as number,
              `${noUseRecorded(row.created as number, ACCESS_KEY_TRACKING_START)}; user created`,
            ];
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
