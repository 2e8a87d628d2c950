import { NONE, type UserRule } from './types.js';
import {
  DATA_GAP_NOTE,
  ACCESS_KEY_TRACKING_START,
  formatDay,
  mayPredateGap,
  isAtLeastDaysOld,
  latestDate,
  PASSWORD_TRACKING_START,
  plural,
  wholeDays,
} from './time.js';

export const unusedUser: UserRule = {
  meta: {
    id: 'unused-user',
    description:
      'The user has not used any credential for too long (or never did): remove the user.',
    risk: 'A dormant user keeps its permissions and any credentials it has; it is the account an attacker wants.',
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
          'Fires when the latest use of any credential (or, never used, the creation) is at least this many days ago.',
      },
    },
    references: ['AWS IAM security best practices: regularly review and remove unused users'],
    remediation:
      'Remove the user; AWS deletes it only once its keys, login profile, policies and group memberships are gone.',
    cli: 'aws iam delete-user --user-name {user}',
  },
  evaluate(row, { now, settings }) {
    const max = settings.max_days as number;
    const lastUse = latestDate(row.passwordLastUsed, row.keys[0].lastUsed, row.keys[1].lastUsed);
    const last = lastUse ?? (row.created as number);
    if (!isAtLeastDaysOld(now, last, max)) return NONE;
    const days = wholeDays(now, last);
    const what =
      lastUse === undefined
        ? last < ACCESS_KEY_TRACKING_START
          ? `has no credential use recorded since tracking began (passwords ${formatDay(PASSWORD_TRACKING_START)}, access keys ${formatDay(ACCESS_KEY_TRACKING_START)}); created ${formatDay(last)}`
          : `never used any credential; created ${formatDay(last)}`
        : `last used a credential ${formatDay(last)}`;
    const gap = last === row.passwordLastUsed && mayPredateGap(last) ? DATA_GAP_NOTE : '';
    return [
      {
        credential: 'user',
        days,
        message: `User ${what}, ${plural(days, 'day')} ago (limit ${max}).${gap}`,
      },
    ];
  },
};
