import type { Rule } from './types.js';
import { rootAccessKey } from './root-access-key.js';
import { rootMfa } from './root-mfa.js';
import { rootCertificate } from './root-certificate.js';
import { rootRecentUse } from './root-recent-use.js';
import { consoleMfa } from './console-mfa.js';
import { passwordUnused } from './password-unused.js';
import { accessKeyUnused } from './access-key-unused.js';
import { unusedUser } from './unused-user.js';
import { accessKeyAge } from './access-key-age.js';
import { multipleActiveKeys } from './multiple-active-keys.js';
import { humanAccessKey } from './human-access-key.js';
import { keyAtSetup } from './key-at-setup.js';
import { inactiveAccessKey } from './inactive-access-key.js';
import { certificateAge } from './certificate-age.js';
import { reportStale } from './report-stale.js';

/** Every rule. The policy schema's `rules` section is derived from this list. */
export const RULES: readonly Rule[] = [
  rootAccessKey,
  rootMfa,
  rootCertificate,
  rootRecentUse,
  consoleMfa,
  passwordUnused,
  accessKeyUnused,
  unusedUser,
  accessKeyAge,
  multipleActiveKeys,
  humanAccessKey,
  keyAtSetup,
  inactiveAccessKey,
  certificateAge,
  reportStale,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));

export * from './types.js';
