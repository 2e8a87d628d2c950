import { NONE, type UserRule } from './types.js';

export const consoleMfa: UserRule = {
  meta: {
    id: 'console-mfa',
    description: 'A user with a console password has no MFA device.',
    risk: 'A phished or reused password gives full console access.',
    severity: 'high',
    enabledByDefault: true,
    scope: 'user',
    settings: {},
    references: ['AWS Security Hub IAM.5', 'CIS AWS Foundations 1.10'],
    remediation:
      'Have the user assign an MFA device, or remove the console password if they do not need the console.',
    cli: 'aws iam delete-login-profile --user-name {user}',
  },
  evaluate(row) {
    if (!row.passwordEnabled || row.mfaActive) return NONE;
    return [
      { credential: 'mfa', days: null, message: 'Console password enabled without an MFA device.' },
    ];
  },
};
