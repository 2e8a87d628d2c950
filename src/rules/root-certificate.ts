import { cis } from './controls.js';
import type { CertificateSlot } from '../report/types.js';
import { NONE, type UserRule, type Violation } from './types.js';

export const rootCertificate: UserRule = {
  meta: {
    id: 'root-certificate',
    description: 'The root user has an active X.509 signing certificate.',
    risk: 'A root signing certificate is a long-lived root credential outside MFA.',
    severity: 'high',
    enabledByDefault: true,
    scope: 'root',
    settings: {},
    references: cis('2.7', '2.6'),
    remediation: 'Sign in as root, open Security credentials, and delete the X.509 certificate.',
  },
  evaluate(row) {
    let found: Violation[] | undefined;
    const certificates = row.certificates ?? [];
    for (let i = 0; i < certificates.length; i++) {
      const cert = certificates[i] as CertificateSlot;
      if (cert.active)
        (found ??= []).push({
          credential: i === 0 ? 'cert_1' : 'cert_2',
          days: null,
          message: `The root user has an active signing certificate ${i + 1}.`,
        });
    }
    return found ?? NONE;
  },
};
