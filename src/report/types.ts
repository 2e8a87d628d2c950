/**
 * The special tokens of the credential report, kept distinct (never collapsed to one null):
 * `N/A` — no such credential / never used; `no_information` — password never used since
 * tracking began; `not_supported` — the root row (and some emulators elsewhere).
 */
export type SpecialToken = 'N/A' | 'no_information' | 'not_supported';

/** A date column: epoch milliseconds, or one of the special tokens. */
export type DateField = number | SpecialToken;

export const isDate = (value: DateField): value is number => typeof value === 'number';

export interface AccessKeySlot {
  active: boolean;
  lastRotated: DateField;
  lastUsed: DateField;
}

export interface CertificateSlot {
  active: boolean;
  lastRotated: DateField;
}

export type KeySlotNumber = 1 | 2;

/** One row of the credential report, typed. */
export interface CredentialRow {
  /** 1-based data row (the header is not counted). */
  row: number;
  user: string;
  arn: string;
  isRoot: boolean;
  /** IAM path from the ARN, e.g. `/` or `/service/`. */
  path: string;
  created: DateField;
  passwordEnabled: boolean;
  passwordLastUsed: DateField;
  passwordLastChanged: DateField;
  mfaActive: boolean;
  keys: readonly [AccessKeySlot, AccessKeySlot];
  /** `null` when the report has no certificate columns. */
  certificates: readonly [CertificateSlot, CertificateSlot] | null;
}

export interface CredentialReport {
  /** The file it came from, as given (for messages). */
  file: string;
  rows: CredentialRow[];
  /** Rows read (also when they were handed over one by one and not kept). */
  rowCount: number;
  accountId: string | null;
  hasCertificateColumns: boolean;
  /** Things a reader should know that do not make the report invalid. */
  warnings: string[];
}

export const ROOT_USER = '<root_account>';

/** The partition of an ARN: `aws`, `aws-us-gov` (GovCloud), `aws-cn` (China), ... */
export const partitionOf = (arn: string): string => arn.split(':')[1] ?? 'aws';

/**
 * Partitions whose root user has no console sign-in to protect with MFA: in GovCloud the root
 * user cannot sign in, and AWS China has no root user credentials to sign in with; Security Hub's
 * root MFA controls (IAM.6, IAM.9) are not available there.
 */
export const NO_ROOT_SIGN_IN: ReadonlyMap<string, string> = new Map([
  ['aws-us-gov', 'in AWS GovCloud (US) the root user cannot sign in'],
  ['aws-cn', 'AWS China (Beijing, Ningxia) accounts have no root user sign-in'],
]);
