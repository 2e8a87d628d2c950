import { NONE, type ReportRule } from './types.js';
import { DAY_MS, HOUR_MS, plural } from './time.js';

export const reportStale: ReportRule = {
  meta: {
    id: 'report-stale',
    description: 'The credential report is older than the policy allows.',
    risk: 'A stale report hides everything that changed since it was generated.',
    severity: 'high',
    enabledByDefault: true,
    scope: 'report',
    settings: {
      max_age_hours: {
        looser: 'higher',
        default: 24,
        unit: 'hours',
        minimum: 1,
        description:
          'Fires when the report was generated at least this many hours ago (also `report.max_age_hours`).',
      },
    },
    references: ['AWS IAM User Guide: credential reports (regenerated at most every 4 hours)'],
    remediation:
      'Generate a fresh report (`iam-credential-gate fetch`, or let the action fetch it live) and run the gate again.',
  },
  evaluate({ generatedAt }, { now, settings }) {
    const max = settings.max_age_hours as number;
    if (generatedAt === null || now - generatedAt < max * HOUR_MS) return NONE;
    const hours = Math.floor((now - generatedAt) / HOUR_MS);
    return [
      {
        credential: 'report',
        days: Math.floor((now - generatedAt) / DAY_MS),
        message: `The credential report was generated ${new Date(generatedAt).toISOString()}, ${plural(hours, 'hour')} ago (limit ${max}).`,
      },
    ];
  },
};
