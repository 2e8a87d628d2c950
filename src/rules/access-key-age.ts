import { cis, SECURITY_HUB, withLimit } from './controls.js';
import { NONE, type UserRule, type Violation } from './types.js';
import { isDate, type AccessKeySlot } from '../report/types.js';
import { formatDay, isAtLeastDaysOld, plural, wholeDays } from './time.js';

export const accessKeyAge: UserRule = {
  meta: {
    id: 'access-key-age',
    description: 'An active access key has not been rotated for too long.',
    risk: 'The older a key, the more places it has been copied to and the longer a leak stays useful.',
    severity: 'medium',
    enabledByDefault: true,
    scope: 'user',
    settings: {
      max_days: {
        looser: 'higher',
        default: 90,
        unit: 'days',
        minimum: 1,
        description:
          'Fires when the active key was created (last rotated) at least this many days ago.',
      },
    },
    references: [SECURITY_HUB('3'), ...cis('2.12', '2.13')],
    // IAM.3: maxAccessKeyAge 90; CIS: "rotated every 90 days or less"
    referenceLimits: withLimit([SECURITY_HUB('3'), ...cis('2.12', '2.13')], 90),
    remediation:
      'Rotate the key: create a second key, move the workload to it, deactivate and then delete the old one (or replace the user with a role).',
    cli: 'aws iam create-access-key --user-name {user}',
  },
  evaluate(row, { now, settings }) {
    const max = settings.max_days as number;
    let found: Violation[] | undefined;
    for (let i = 0; i < row.keys.length; i++) {
      const key = row.keys[i] as AccessKeySlot;
      if (!key.active) continue;
      // an active key always has a date in a report AWS writes; without one, the key is no
      // younger than its user (never taken as new)
      const dated = isDate(key.lastRotated);
      const rotated = dated ? key.lastRotated : row.created;
      if (!isDate(rotated) || !isAtLeastDaysOld(now, rotated, max)) continue;
      const days = wholeDays(now, rotated);
      (found ??= []).push({
        credential: i === 0 ? 'access_key_1' : 'access_key_2',
        days,
        message: dated
          ? `Access key ${i + 1} was last rotated ${formatDay(rotated)}, ${plural(days, 'day')} ago (limit ${max}).`
          : `Access key ${i + 1} is active with no rotation date (${key.lastRotated}); its user was created ${formatDay(rotated)}, ${plural(days, 'day')} ago (limit ${max}).`,
      });
    }
    return found ?? NONE;
  },
};
