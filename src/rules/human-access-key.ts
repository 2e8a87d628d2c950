import type { AccessKeySlot } from '../report/types.js';
import { NONE, type UserRule, type Violation } from './types.js';

export const humanAccessKey: UserRule = {
  meta: {
    id: 'human-access-key',
    description: 'A user that is not an allow-listed service user has an active access key.',
    risk: 'People should use federated, short-lived credentials (SSO); long-lived keys on laptops leak.',
    severity: 'medium',
    enabledByDefault: false,
    scope: 'user',
    settings: {},
    references: ['AWS IAM best practices: require humans to use temporary credentials'],
    remediation:
      'Move the person to IAM Identity Center (SSO) and delete the key; if the user really is a machine, add it to service_users in the policy.',
    cli: 'aws iam list-access-keys --user-name {user}',
  },
  evaluate(row, { serviceUser }) {
    if (serviceUser) return NONE;
    let found: Violation[] | undefined;
    for (let i = 0; i < row.keys.length; i++) {
      const key = row.keys[i] as AccessKeySlot;
      if (key.active)
        (found ??= []).push({
          credential: i === 0 ? 'access_key_1' : 'access_key_2',
          days: null,
          message: `Access key ${i + 1} is active on a user that is not an allow-listed service user.`,
        });
    }
    return found ?? NONE;
  },
};
