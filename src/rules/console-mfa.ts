import { cis, SECURITY_HUB } from './controls.js';
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
    references: [SECURITY_HUB('5'), ...cis('2.10', '2.9')],
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
