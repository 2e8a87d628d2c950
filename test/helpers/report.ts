import { parseCredentialReport } from '../../src/report/parse.js';
import type { CredentialReport } from '../../src/report/types.js';

export const ACCOUNT = '123456789012';
export const NOW = Date.parse('2026-11-22T00:00:00Z');
export const DAY = 86_400_000;

export const COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

export type Row = Partial<Record<(typeof COLUMNS)[number], string>> & { user: string };

/** ISO date `ms` milliseconds before NOW (`days` days ago by default unit). */
export const ago = (days: number, extraMs = 0): string =>
  new Date(NOW - days * DAY - extraMs).toISOString().replace('.000Z', '+00:00');

/** A realistic row: a user created 400 days ago with no credentials, unless overridden. */
export function row(fields: Row): Record<string, string> {
  const root = fields.user === '<root_account>';
  return {
    arn: root ? `arn:aws:iam::${ACCOUNT}:root` : `arn:aws:iam::${ACCOUNT}:user/${fields.user}`,
    user_creation_time: ago(400),
    password_enabled: root ? 'not_supported' : 'false',
    password_last_used: root ? 'no_information' : 'N/A',
    password_last_changed: root ? 'not_supported' : 'N/A',
    password_next_rotation: root ? 'not_supported' : 'N/A',
    mfa_active: 'false',
    access_key_1_active: 'false',
    access_key_1_last_rotated: 'N/A',
    access_key_1_last_used_date: 'N/A',
    access_key_1_last_used_region: 'N/A',
    access_key_1_last_used_service: 'N/A',
    access_key_2_active: 'false',
    access_key_2_last_rotated: 'N/A',
    access_key_2_last_used_date: 'N/A',
    access_key_2_last_used_region: 'N/A',
    access_key_2_last_used_service: 'N/A',
    cert_1_active: 'false',
    cert_1_last_rotated: 'N/A',
    cert_2_active: 'false',
    cert_2_last_rotated: 'N/A',
    ...fields,
  };
}

export function toCsv(rows: Row[], columns: readonly string[] = COLUMNS): string {
  const lines = [columns.join(',')];
  for (const r of rows) {
    const full = row(r);
    lines.push(columns.map((c) => full[c] ?? '').join(','));
  }
  return `${lines.join('\n')}\n`;
}

export const rootRow = (fields: Partial<Row> = {}): Row => ({
  user: '<root_account>',
  mfa_active: 'true',
  ...fields,
});

export function report(rows: Row[], columns?: readonly string[]): CredentialReport {
  return parseCredentialReport(toCsv(rows, columns), 'report.csv');
}

/** A user who signs in with MFA and used the console yesterday: no rule fires on it. */
export const activeUser = (user: string, passwordChangedDaysAgo = 30): Row => ({
  user,
  password_enabled: 'true',
  password_last_used: ago(1),
  password_last_changed: ago(passwordChangedDaysAgo),
  mfa_active: 'true',
});
