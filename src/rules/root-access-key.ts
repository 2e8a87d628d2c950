import { NONE, type UserRule, type Violation } from './types.js';
import { formatDay } from './time.js';
import { isDate, type AccessKeySlot } from '../report/types.js';

export const rootAccessKey: UserRule = {
  meta: {
    id: 'root-access-key',
    description: 'The root user has an active access key.',
    risk: 'A root access key grants unrestricted, unscoped access to the whole account and cannot be limited by IAM policies.',
    severity: 'critical',
    enabledByDefault: true,
    scope: 'root',
    settings: {},
    references: ['AWS Security Hub IAM.4', 'CIS AWS Foundations 1.4'],
    remediation:
      'Sign in as root, open Security credentials, and delete the access key (deactivate it first if something still uses it, then move that workload to an IAM role).',
  },
  evaluate(row) {
    let found: Violation[] | undefined;
    for (let i = 0; i < row.keys.length; i++) {
      const key = row.keys[i] as AccessKeySlot;
      if (!key.active) continue;
      const used = isDate(key.lastUsed) ? `last used ${formatDay(key.lastUsed)}` : 'never used';
      (found ??= []).push({
        credential: i === 0 ? 'access_key_1' : 'access_key_2',
        days: null,
        message: `The root user has an active access key ${i + 1} (${used}).`,
      });
    }
    return found ?? NONE;
  },
};
