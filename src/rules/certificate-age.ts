import { NONE, type UserRule, type Violation } from './types.js';
import { isDate, type CertificateSlot } from '../report/types.js';
import { formatDay, isAtLeastDaysOld, plural, wholeDays } from './time.js';

export const certificateAge: UserRule = {
  meta: {
    id: 'certificate-age',
    description: 'An active X.509 signing certificate has not been rotated for too long.',
    risk: 'Long-lived signing certificates are long-lived credentials.',
    severity: 'low',
    enabledByDefault: true,
    scope: 'user',
    settings: {
      max_days: {
        looser: 'higher',
        default: 365,
        unit: 'days',
        minimum: 1,
        description:
          'Fires when the active certificate was last rotated at least this many days ago.',
      },
    },
    references: ['AWS IAM User Guide: rotate credentials regularly'],
    remediation: 'Upload a new signing certificate, switch to it, and delete the old one.',
    cli: 'aws iam list-signing-certificates --user-name {user}',
  },
  evaluate(row, { now, settings }) {
    const max = settings.max_days as number;
    let found: Violation[] | undefined;
    const certificates = row.certificates ?? [];
    for (let i = 0; i < certificates.length; i++) {
      const cert = certificates[i] as CertificateSlot;
      if (!cert.active) continue;
      // as for access keys: without a date, no younger than its user
      const dated = isDate(cert.lastRotated);
      const rotated = dated ? cert.lastRotated : row.created;
      if (!isDate(rotated) || !isAtLeastDaysOld(now, rotated, max)) continue;
      const days = wholeDays(now, rotated);
      (found ??= []).push({
        credential: i === 0 ? 'cert_1' : 'cert_2',
        days,
        message: dated
          ? `Signing certificate ${i + 1} was last rotated ${formatDay(rotated)}, ${plural(days, 'day')} ago (limit ${max}).`
          : `Signing certificate ${i + 1} is active with no rotation date (${cert.lastRotated}); its user was created ${formatDay(rotated)}, ${plural(days, 'day')} ago (limit ${max}).`,
      });
    }
    return found ?? NONE;
  },
};
