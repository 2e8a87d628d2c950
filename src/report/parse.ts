import { parse as parseCsv } from 'csv-parse/sync';
import { InputError } from '../errors.js';
import {
  ROOT_USER,
  type AccessKeySlot,
  type CertificateSlot,
  type CredentialReport,
  type CredentialRow,
  type DateField,
} from './types.js';

export const REQUIRED_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
] as const;

export const CERTIFICATE_COLUMNS = [
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof CERTIFICATE_COLUMNS)[number];

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Parses an ISO-8601 timestamp with an offset; `undefined` when it is not one (or not a real date). */
export function parseIsoDate(value: string): number | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return undefined;
  // Date.parse rolls 2024-02-30 over to March: check the day exists.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

const DATE_TOKENS: ReadonlySet<string> = new Set(['N/A', 'no_information', 'not_supported']);

function sniff(text: string, file: string): void {
  const head = text.trimStart().slice(0, 200);
  if (head === '') throw new InputError('the credential report is empty', { file });
  if (text.includes('\u0000'))
    throw new InputError('the credential report is binary, not a CSV file', { file });
  if (/^<(!doctype|html|\?xml|error)/i.test(head))
    throw new InputError(
      'the credential report is an HTML/XML document, not a CSV file (an error page saved in its place?)',
      { file, line: 1 },
      'download the report again with `iam-credential-gate fetch --output <csv>`',
    );
  if (head.startsWith('{') || head.startsWith('['))
    throw new InputError(
      'the credential report is JSON, not a CSV file (the raw GetCredentialReport response?)',
      { file, line: 1 },
      'the report is the base64-decoded `Content` of GetCredentialReport; `iam-credential-gate fetch` writes it for you',
    );
}

interface CsvError extends Error {
  code?: string;
  lines?: number;
  record?: string[];
}

/** Parses the CSV text of an IAM credential report. Throws {@link InputError} on anything malformed. */
export function parseCredentialReport(content: string | Buffer, file: string): CredentialReport {
  const text = typeof content === 'string' ? content : content.toString('utf8');
  sniff(text, file);

  let index: Record<Column, number> | undefined;
  let width = 0;
  let hasCertificateColumns = false;
  const rows: CredentialRow[] = [];
  const seen = new Map<string, number>();
  let accountId: string | null = null;
  let accountRow = 0;

  const onRecord = (record: string[], context: { lines: number }): null => {
    const line = context.lines;
    if (index === undefined) {
      ({ index, hasCertificateColumns } = readHeader(record, file));
      width = record.length;
      return null;
    }
    const rowNumber = rows.length + 1;
    if (record.length !== width)
      throw new InputError(
        `the row has ${record.length} fields but the header has ${width}`,
        { file, line, row: rowNumber },
        'a truncated download? generate and fetch the report again',
      );
    const row = readRow(record, index, hasCertificateColumns, rowNumber, line, file);
    const key = row.user.toLowerCase();
    const previous = seen.get(key);
    if (previous !== undefined)
      throw new InputError(
        `user "${row.user}" appears twice (rows ${previous} and ${rowNumber})`,
        { file, line, row: rowNumber, field: 'user' },
        'IAM user names are unique regardless of case; the file was probably concatenated',
      );
    seen.set(key, rowNumber);
    const rowAccount = accountOf(row.arn);
    if (accountId === null) {
      accountId = rowAccount;
      accountRow = rowNumber;
    } else if (rowAccount !== accountId)
      throw new InputError(
        `ARN "${row.arn}" is in account ${rowAccount}, but row ${accountRow} is in account ${accountId}`,
        { file, line, row: rowNumber, field: 'arn' },
        'a credential report covers one account; check each account with its own report',
      );
    rows.push(row);
    return null;
  };

  try {
    parseCsv(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true, // we report short rows ourselves, with the row number
      on_record: onRecord,
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    const csv = error as CsvError;
    throw new InputError(
      `not a valid CSV file: ${csv.message.replace(/ (on|at) line \d+$/, '')}`,
      csv.lines !== undefined ? { file, line: csv.lines } : { file },
    );
  }

  if (index === undefined) throw new InputError('the credential report is empty', { file });
  if (rows.length === 0)
    throw new InputError('the credential report has a header but no rows', { file, line: 2 });

  const warnings: string[] = [];
  if (!rows.some((r) => r.isRoot))
    warnings.push(`${file} has no root row (${ROOT_USER}): root-account rules were not evaluated`);
  if (!hasCertificateColumns)
    warnings.push(
      `${file} has no certificate columns (${CERTIFICATE_COLUMNS.join(', ')}): certificate rules were skipped`,
    );
  return { file, rows, accountId, hasCertificateColumns, warnings };
}

function readHeader(
  header: string[],
  file: string,
): { index: Record<Column, number>; hasCertificateColumns: boolean } {
  const positions = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (positions.has(key))
      throw new InputError(`column "${key}" appears twice in the header`, { file, line: 1 });
    positions.set(key, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !positions.has(c));
  if (missing.length > 0) {
    const found = header.slice(0, 4).join(',');
    throw new InputError(
      `not an IAM credential report: missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      { file, line: 1 },
      `the first line should be the header "user,arn,user_creation_time,..."; it starts "${found.slice(0, 60)}"`,
    );
  }
  const hasCertificateColumns = CERTIFICATE_COLUMNS.every((c) => positions.has(c));
  const index = Object.fromEntries(positions) as Record<Column, number>;
  return { index, hasCertificateColumns };
}

function readRow(
  record: string[],
  index: Record<Column, number>,
  withCertificates: boolean,
  row: number,
  line: number,
  file: string,
): CredentialRow {
  const cell = (column: Column): string => record[index[column]] as string;
  const fail = (column: Column, message: string, hint?: string): never => {
    throw new InputError(message, { file, line, row, field: column }, hint);
  };
  const bool = (column: Column): boolean => {
    const value = cell(column);
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false' || lower === 'not_supported') return false;
    return fail(column, `"${value}" is not a boolean (expected true, false or not_supported)`);
  };
  const date = (column: Column): DateField => {
    const value = cell(column);
    if (DATE_TOKENS.has(value)) return value as DateField;
    const ms = parseIsoDate(value);
    if (ms === undefined)
      fail(
        column,
        value === ''
          ? 'the date is empty (expected an ISO-8601 date, N/A, no_information or not_supported)'
          : `"${value}" is not a date (expected ISO-8601 with an offset, e.g. 2024-05-01T10:00:00+00:00, or N/A, no_information, not_supported)`,
      );
    return ms as number;
  };

  const user = cell('user');
  const isRoot = user === ROOT_USER;
  // IAM's own rule for user names; it also keeps hostile text out of Markdown and HTML.
  if (!isRoot && !USER_NAME.test(user))
    fail(
      'user',
      `${JSON.stringify(user.slice(0, 80))} is not an IAM user name (1-64 of A-Z a-z 0-9 + = , . @ _ -)`,
    );
  const arn = cell('arn');
  const path = pathOf(arn, isRoot) ?? fail('arn', `"${arn.slice(0, 200)}" is not an IAM user ARN`);
  if (isRoot && !arn.endsWith(':root'))
    fail('arn', `the root row's ARN "${arn}" does not end in ":root"`);
  if (!isRoot && !arn.endsWith(`/${user}`))
    fail('arn', `the ARN "${arn}" is not the ARN of user "${user}"`);
  const created = date('user_creation_time');
  if (typeof created !== 'number' && !isRoot)
    fail('user_creation_time', `"${created}" is not a date; every IAM user has a creation time`);

  const key = (n: 1 | 2): AccessKeySlot => ({
    active: bool(`access_key_${n}_active`),
    lastRotated: date(`access_key_${n}_last_rotated`),
    lastUsed: date(`access_key_${n}_last_used_date`),
  });
  const cert = (n: 1 | 2): CertificateSlot => ({
    active: bool(`cert_${n}_active`),
    lastRotated: date(`cert_${n}_last_rotated`),
  });

  return {
    row,
    user,
    arn,
    isRoot,
    path,
    created,
    passwordEnabled: bool('password_enabled'),
    passwordLastUsed: date('password_last_used'),
    passwordLastChanged: date('password_last_changed'),
    mfaActive: bool('mfa_active'),
    keys: [key(1), key(2)],
    certificates: withCertificates ? [cert(1), cert(2)] : null,
  };
}

const USER_NAME = /^[\w+=,.@-]{1,64}$/;
const ARN = /^arn:[a-z-]+:iam::(\d{12}):(root|user(\/.*)?\/[^/]+)$/;

/** The IAM path of a user ARN (`/` or `/a/b/`); `undefined` when not an IAM user or root ARN. */
function pathOf(arn: string, isRoot: boolean): string | undefined {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  if (m[2] === 'root') return isRoot ? '/' : undefined;
  return `${m[3] ?? ''}/`;
}

function accountOf(arn: string): string {
  return arn.split(':')[4] as string;
}
