import { cis, SECURITY_HUB } from './controls.js';
import { NONE, type UserRule, type Violation } from './types.js';
import { formatDay } from './time.js';
import { isDate, type AccessKeySlot } from '../report/types.js';

export const rootAccessKey: UserRule = {
  meta: {
    id: 'root-access-key',
    description: 'The root user has an access key (active, or inactive but still present).',
    risk: 'A root access key grants unrestricted, unscoped access to the whole account and cannot be limited by IAM policies.',
    severity: 'critical',
    enabledByDefault: true,
    scope: 'root',
    settings: {},
    references: [SECURITY_HUB('4'), ...cis('2.4', '2.3')],
    remediation:
      'Sign in as root, open Security credentials, and delete the access key (an active one: deactivate it first if something still uses it, then move that workload to an IAM role).',
  },
  evaluate(row) {
    let found: Violation[] | undefined;
    for (let i = 0; i < row.keys.length; i++) {
      const key = row.keys[i] as AccessKeySlot;
      // An inactive key keeps its last_rotated date: it still exists, and Security Hub IAM.4
      // fails while any root key exists.
      if (!key.active && !isDate(key.lastRotated)) continue;
      const used = isDate(key.lastUsed) ? `last used ${formatDay(key.lastUsed)}` : 'never used';
      const created = isDate(key.lastRotated) ? `created ${formatDay(key.lastRotated)}, ` : '';
      (found ??= []).push({
        credential: i === 0 ? 'access_key_1' : 'access_key_2',
        days: null,
        message: key.active
          ? `The root user has an active access key ${i + 1} (${created}${used}).`
          : `The root user has an inactive access key ${i + 1} that still exists (${created}${used}): inactive is not gone — any root key fails the control until it is deleted.`,
      });
    }
    return found ?? NONE;
  },
};
