import { cis, SECURITY_HUB } from './controls.js';
import { NONE, type UserRule } from './types.js';
import { isDate, NO_ROOT_SIGN_IN, partitionOf, type CredentialRow } from '../report/types.js';

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
  evaluate(row, context) {
    // nothing to sign in with, nothing to protect (the engine says so in the warnings)
    if (row.mfaActive || NO_ROOT_SIGN_IN.has(partitionOf(row.arn))) return NONE;
    const held = rootCredentialsHeld(row);
    if (context.rootCredentialsRemoved && held.length === 0) return NONE;
    return [
      {
        credential: 'mfa',
        days: null,
        message: context.rootCredentialsRemoved
          ? `The root user has no MFA device, and the policy declares its credentials removed (centralized root access), but the report shows ${held.join(' and ')}: they are not removed.`
          : 'The root user has no MFA device.',
      },
    ];
  },
};

/** The root credentials the report can show: access keys and signing certificates still there. */
export function rootCredentialsHeld(row: CredentialRow): string[] {
  const keys = row.keys.filter((k) => k.active || isDate(k.lastRotated)).length;
  const certs = (row.certificates ?? []).filter((c) => c.active || isDate(c.lastRotated)).length;
  return [
    ...(keys > 0 ? [keys > 1 ? `${keys} access keys` : 'an access key'] : []),
    ...(certs > 0 ? [certs > 1 ? `${certs} signing certificates` : 'a signing certificate'] : []),
  ];
}
