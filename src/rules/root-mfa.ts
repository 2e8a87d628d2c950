import { cis, SECURITY_HUB } from './controls.js';
import { NONE, type UserRule } from './types.js';
import { NO_ROOT_SIGN_IN, partitionOf } from '../report/types.js';

export const rootMfa: UserRule = {
  meta: {
    id: 'root-mfa',
    description: 'The root user has no MFA device.',
    risk: 'The root user can do anything in the account; a password alone protects it.',
    severity: 'critical',
    enabledByDefault: true,
    scope: 'root',
    settings: {},
    references: [SECURITY_HUB('9'), ...cis('2.5', '2.4')],
    remediation:
      'Sign in as root and assign an MFA device (a hardware key is preferred: Security Hub IAM.6, CIS v7.0.0 2.6 / v6.0.0 2.5).',
  },
  evaluate(row) {
    // nothing to sign in with, nothing to protect (the engine says so in the warnings)
    if (row.mfaActive || NO_ROOT_SIGN_IN.has(partitionOf(row.arn))) return NONE;
    return [{ credential: 'mfa', days: null, message: 'The root user has no MFA device.' }];
  },
};
