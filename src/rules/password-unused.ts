import { cis, SECURITY_HUB, withLimit } from './controls.js';
import { NONE, type UserRule } from './types.js';
import { isDate } from '../report/types.js';
import {
  DATA_GAP_NOTE,
  formatDay,
  isAtLeastDaysOld,
  mayPredateGap,
  noUseRecorded,
  PASSWORD_TRACKING_START,
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
    references: [SECURITY_HUB('8'), SECURITY_HUB('22'), ...cis('2.11', '2.11')],
    // IAM.8: 90 days (maxCredentialUsageAge); IAM.22 and CIS "45 days or more"
    referenceLimits: {
      [SECURITY_HUB('8')]: 90,
      ...withLimit([SECURITY_HUB('22'), ...cis('2.11', '2.11')], 45),
    },
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
        ? [
            row.passwordLastChanged,
            `${noUseRecorded(row.passwordLastChanged, PASSWORD_TRACKING_START)}; set`,
          ]
        : [
            row.created as number,
            `${noUseRecorded(row.created as number, PASSWORD_TRACKING_START)}; user created`,
          ];
    if (!isDate(last) || !isAtLeastDaysOld(now, last, max)) return NONE;
    const days = wholeDays(now, last);
    const gap = last === row.passwordLastUsed && mayPredateGap(last) ? DATA_GAP_NOTE : '';
    return [
      {
        credential: 'password',
        days,
        message: `Console password ${what} ${formatDay(last)}, ${plural(days, 'day')} ago (limit ${max}).${gap}`,
      },
    ];
  },
};
