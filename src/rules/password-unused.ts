import { NONE, type UserRule } from './types.js';
import { isDate } from '../report/types.js';
import {
  DATA_GAP_NOTE,
  formatDay,
  inPasswordDataGap,
  isAtLeastDaysOld,
  plural,
  wholeDays,
} from './time.js';

export const passwordUnused: UserRule = {
  meta: {
    id: 'password-unused',
    description: 'A console password has not been used for too long (or was never used).',
    risk: 'Unused credentials are exposure with no benefit; nobody notices when they are abused.',
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
          'Fires when the password was last used (or, never used, set) at least this many days ago.',
      },
    },
    references: ['AWS Security Hub IAM.8', 'AWS Security Hub IAM.22', 'CIS AWS Foundations 1.12'],
    remediation: 'Remove the console password (login profile) of the user.',
    cli: 'aws iam delete-login-profile --user-name {user}',
  },
  evaluate(row, { now, settings }) {
    if (!row.passwordEnabled) return NONE;
    const max = settings.max_days as number;
    // CIS audit fallback: a never-used password is aged from when it was set.
    const [last, what] = isDate(row.passwordLastUsed)
      ? [row.passwordLastUsed, 'last used']
      : isDate(row.passwordLastChanged)
        ? [row.passwordLastChanged, 'never used; set']
        : [row.created as number, 'never used; user created'];
    if (!isDate(last) || !isAtLeastDaysOld(now, last, max)) return NONE;
    const days = wholeDays(now, last);
    const gap = last === row.passwordLastUsed && inPasswordDataGap(last) ? DATA_GAP_NOTE : '';
    return [
      {
        credential: 'password',
        days,
        message: `Console password ${what} ${formatDay(last)}, ${plural(days, 'day')} ago (limit ${max}).${gap}`,
      },
    ];
  },
};
