import { InputError } from '../errors.js';
import { CsvSyntaxError, forEachRecord } from './csv.js';
import {
  ROOT_USER,
  type AccessKeySlot,
  type CertificateSlot,
  type CredentialReport,
  type CredentialRow,
  type DateField,
  partitionOf,
} from './types.js';
import {
  checkEvaluationTime,
  futureDateMessage,
  FUTURE_DATE_HINT,
  latestAllowedDate,
  type TimeBounds,
} from './time-order.js';

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

/** Every column read, numbered: cells are looked up by number, not by name, on every row. */
const COLUMNS: readonly Column[] = [...REQUIRED_COLUMNS, ...CERTIFICATE_COLUMNS];
const C = Object.fromEntries(COLUMNS.map((name, i) => [name, i])) as Record<Column, number>;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The value of `count` ASCII digits at `at`, or -1. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Parses an ISO-8601 timestamp with an offset (`2024-05-01T10:00:00+00:00`, `...Z`, with or
 * without fractional seconds); `undefined` when it is not one or not a real date. Read by hand,
 * without a regular expression: a large report has close to a million dates.
 */
export const parseIsoDate = (value: string): number | undefined =>
  isoDateAt(value, 0, value.length);

const DASH = 45;
const COLON = 58;
const DOT = 46;
const PLUS = 43;

/**
 * {@link parseIsoDate} of `text.slice(at, end)`, read in place (a report's dates are read
 * straight from its text, without a string for each).
 */
function isoDateAt(text: string, at: number, end: number): number | undefined {
  const n = end - at;
  if (
    n < 20 ||
    text.charCodeAt(at + 4) !== DASH ||
    text.charCodeAt(at + 7) !== DASH ||
    text.charCodeAt(at + 10) !== 84 /* T */ ||
    text.charCodeAt(at + 13) !== COLON ||
    text.charCodeAt(at + 16) !== COLON
  )
    return undefined;
  const year = digits(text, at, 4);
  const month = digits(text, at + 5, 2);
  const day = digits(text, at + 8, 2);
  const hour = digits(text, at + 11, 2);
  const minute = digits(text, at + 14, 2);
  const second = digits(text, at + 17, 2);
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  )
    return undefined;
  // Date.parse would roll 2024-02-30 over to March: check the day exists.
  if (day > (month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number)))
    return undefined;
  let i = at + 19;
  let millis = 0;
  if (text.charCodeAt(i) === DOT) {
    const start = ++i;
    while (i < end && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    const count = i - start;
    if (count < 1 || count > 9) return undefined;
    millis = Math.floor(digits(text, start, Math.min(count, 3)) * 10 ** (3 - Math.min(count, 3)));
  }
  let offset = 0;
  // (`i` may be `end`: the character there is the next field's, which the lengths rule out)
  const sign = text.charCodeAt(i);
  if (sign === 90 /* Z */ && i + 1 === end) {
    // UTC
  } else if (
    (sign === PLUS || sign === DASH) &&
    i + 6 === end &&
    text.charCodeAt(i + 3) === COLON
  ) {
    const oh = digits(text, i + 1, 2);
    const om = digits(text, i + 4, 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
    offset = (oh * 60 + om) * 60_000 * (sign === DASH ? -1 : 1);
  } else return undefined;
  const days = daysFromCivil(year, month, day);
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis - offset;
}

/**
 * Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`): what
 * Date.UTC computes, in integer arithmetic, without a call per date (and without Date.UTC's
 * mapping of years 0-99 to 1900-1999).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** A time given on the command line or as an input: ISO-8601 with an offset, or a date alone (midnight UTC). */
export function parseTimeOption(value: string): number | undefined {
  return (
    parseIsoDate(value) ??
    (/^\d{4}-\d{2}-\d{2}$/.test(value) ? parseIsoDate(`${value}T00:00:00Z`) : undefined)
  );
}

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

/**
 * Parses the CSV text of an IAM credential report. Throws {@link InputError} on anything
 * malformed. With `onRow`, each row is handed over as it is read and not kept (`rows` stays
 * empty; `rowCount` counts them): a 100,000-user report need not be held twice. With `time`,
 * time must run forwards (see `time-order.ts`): evaluation after generation, and no date in a
 * row after either.
 */
export function parseCredentialReport(
  content: string | Buffer,
  file: string,
  onRow?: (row: CredentialRow) => void,
  time?: TimeBounds,
): CredentialReport {
  const text = typeof content === 'string' ? content : content.toString('utf8');
  sniff(text, file);
  if (time) checkEvaluationTime(time, file);

  let index: Record<Column, number> | undefined;
  let hasCertificateColumns = false;
  let width = 0;
  let reader: RowReader | undefined;
  const rows: CredentialRow[] = [];
  // users by lower-cased name: a set, one look per row (the row a name was first seen at is
  // found again only for the error, see firstRowOf)
  const seen = new Set<string>();
  let accountId: string | null = null;
  let accountPrefix = '';
  let accountRow = 0;
  let r = 0;
  let rowCount = 0;

  const csv = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // RFC 4180, record by record (see csv.ts): the raw records are never all held at once.
  const onRecord = (record: string[]): void => {
    // AWS never puts a line break inside a field, so line = row + 1 (the header is line 1).
    const line = r + 1;
    if (isBlankRecord(record)) return;
    if (r++ === 0) {
      ({ index, hasCertificateColumns } = readHeader(record, file));
      width = record.length;
      reader = new RowReader(index, file, time, width, csv);
      return;
    }
    (reader as RowReader).record = record;
    onFields(record.length, line);
  };
  // A text without a quote (every report AWS writes): each line's fields are read where they
  // are, found by their commas, without a string for each.
  const onLine = (start: number, end: number): void => {
    if (r === 0) return onRecord(csv.slice(start, end).split(','));
    const rr = reader as RowReader;
    const bounds = rr.bounds;
    let commas = 0;
    for (let at = start; ;) {
      const comma = csv.indexOf(',', at);
      if (comma < 0 || comma >= end) break;
      if (++commas < width) bounds[commas] = comma + 1;
      at = comma + 1;
    }
    if (commas === 0 && csv.slice(start, end).trim() === '') return; // a blank line
    bounds[0] = start;
    bounds[width] = end + 1;
    rr.record = null;
    const line = r + 1;
    r++;
    onFields(commas + 1, line);
  };
  const onFields = (fields: number, line: number): void => {
    const rowNumber = r - 1;
    if (fields !== width)
      throw new InputError(
        `the row has ${fields} fields but the header has ${width}`,
        { file, line, row: rowNumber },
        'a truncated download? generate and fetch the report again',
      );
    const rr = reader as RowReader;
    rr.row = rowNumber;
    rr.line = line;
    const row = readRow(rr, hasCertificateColumns);
    const key = row.user.toLowerCase();
    const known = seen.size;
    if (seen.add(key).size === known)
      throw new InputError(
        `user "${row.user}" appears twice (rows ${firstRowOf(csv, (index as Record<Column, number>).user, key)} and ${rowNumber})`,
        { file, line, row: rowNumber, field: 'user' },
        'IAM user names are unique regardless of case; the file was probably concatenated',
      );
    if (accountId === null) {
      accountId = accountOf(row.arn);
      // `arn:<partition>:iam::<account>:`, which every row shares
      accountPrefix = row.arn.slice(0, row.arn.indexOf(':iam::') + 19);
      accountRow = rowNumber;
    } else if (!row.arn.startsWith(accountPrefix))
      throw accountOf(row.arn) !== accountId
        ? new InputError(
            `ARN "${row.arn}" is in account ${accountOf(row.arn)}, but row ${accountRow} is in account ${accountId}`,
            { file, line, row: rowNumber, field: 'arn' },
            'a credential report covers one account; check each account with its own report',
          )
        : new InputError(
            `ARN "${row.arn}" is in the ${partitionOf(row.arn)} partition, but row ${accountRow} is in the ${partitionOf(accountPrefix)} partition`,
            { file, line, row: rowNumber, field: 'arn' },
            'a credential report covers one account, in one partition: the file was edited or put together from two reports',
          );
    rowCount++;
    if (onRow) onRow(row);
    else rows.push(row);
  };
  try {
    forEachRecord(csv, onRecord, onLine);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw new InputError(`not a valid CSV file: ${error.message.toLowerCase()}`, {
      file,
      line: r + 1,
    });
  }
  if (index === undefined) throw new InputError('the credential report is empty', { file });

  if (rowCount === 0)
    throw new InputError(
      'the credential report has a header but no rows',
      { file, line: 2 },
      "IAM always lists the account's root user (<root_account>): a report without it was cut short or comes from a stand-in (moto_server lists no root, so an account without users has no rows)",
    );

  const warnings: string[] = [];
  if (!seen.has(ROOT_USER))
    warnings.push(`${file} has no root row (${ROOT_USER}): root-account rules were not evaluated`);
  if (!hasCertificateColumns)
    warnings.push(
      `${file} has no certificate columns (${CERTIFICATE_COLUMNS.join(', ')}): certificate rules were skipped`,
    );
  return { file, rows, rowCount, accountId, hasCertificateColumns, warnings };
}

/** A blank line's record: one empty (or blank) field. */
const isBlankRecord = (record: string[]): boolean =>
  record.length === 1 && (record[0] as string).trim() === '';

/**
 * The row (numbered as the parser numbers them) of the first user whose lower-cased name is
 * `key`: the records read again, for the message of a user seen twice.
 */
function firstRowOf(csv: string, userAt: number, key: string): number {
  let r = 0;
  const found = { row: -1 };
  try {
    forEachRecord(csv, (record) => {
      if (isBlankRecord(record)) return;
      if (r++ === 0) return; // the header
      if ((record[userAt] ?? '').toLowerCase() === key) {
        found.row = r - 1;
        throw found;
      }
    });
  } catch (error) {
    if (error !== found) throw error;
  }
  return found.row;
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
  // a real report of an older format: every column there but the last-use ones AWS added later
  if (missing.length > 0 && missing.every((c) => LAST_USED_COLUMNS.has(c)))
    throw new InputError(
      `this credential report lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (an older format, from before AWS recorded when credentials were last used)`,
      { file, line: 1 },
      'generate a new report (`aws iam generate-credential-report`, then `aws iam get-credential-report`, or the `fetch` command): the rules need the last-used dates',
    );
  if (missing.length > 0) {
    const found = header.slice(0, 4).join(',');
    throw new InputError(
      `not an IAM credential report: missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      { file, line: 1 },
      `the first line should be the header "user,arn,user_creation_time,..."; it starts "${found.slice(0, 60)}"`,
    );
  }
  const certificates = CERTIFICATE_COLUMNS.filter((c) => positions.has(c));
  // AWS writes all four or (in reports of other tools) none: some of them is a cut-down file,
  // whose certificate columns would otherwise be skipped with the rest
  if (certificates.length > 0 && certificates.length < CERTIFICATE_COLUMNS.length)
    throw new InputError(
      `the header has ${certificates.join(', ')} but not ${CERTIFICATE_COLUMNS.filter((c) => !positions.has(c)).join(', ')}: a credential report has all four certificate columns or none`,
      { file, line: 1 },
      'the file was cut down or put together by hand; generate and fetch the report again',
    );
  const hasCertificateColumns = certificates.length > 0;
  const index = Object.fromEntries(positions) as Record<Column, number>;
  return { index, hasCertificateColumns };
}

/**
 * Reads typed cells of one row; one instance serves every row (no per-row closures). A row's
 * fields are the strings of `record`, or, when it is `null`, ranges of `text`: field `i` is
 * `text.slice(bounds[i], bounds[i + 1] - 1)`.
 */
class RowReader {
  record: string[] | null = null;
  readonly bounds: Int32Array;
  row = 0;
  line = 0;
  /** Position in the record of each known column, by its number in {@link COLUMNS}. */
  private readonly positions: Int32Array;
  /** No date may be later (epoch ms). */
  private readonly latest: number;
  /** The field {@link span} found: `source.slice(start, end)`. */
  private source = '';
  private start = 0;
  private end = 0;
  constructor(
    index: Record<Column, number>,
    private readonly file: string,
    private readonly time: TimeBounds | undefined,
    width: number,
    private readonly text: string,
  ) {
    this.positions = Int32Array.from(COLUMNS, (name) => index[name] ?? -1);
    this.latest = time ? latestAllowedDate(time) : Infinity;
    this.bounds = new Int32Array(width + 1);
  }

  cell(column: number): string {
    const at = this.positions[column] as number;
    return this.record
      ? (this.record[at] as string)
      : this.text.slice(this.bounds[at] as number, (this.bounds[at + 1] as number) - 1);
  }

  /** Finds a field: sets `source`, `start` and `end`. */
  private span(column: number): void {
    const at = this.positions[column] as number;
    if (this.record) {
      this.source = this.record[at] as string;
      this.start = 0;
      this.end = this.source.length;
    } else {
      this.source = this.text;
      this.start = this.bounds[at] as number;
      this.end = (this.bounds[at + 1] as number) - 1;
    }
  }

  /** Whether the field {@link span} found, of `word`'s length, is `word`. */
  private is(word: string): boolean {
    return this.source.startsWith(word, this.start);
  }

  fail(column: number, message: string, hint?: string): never {
    throw new InputError(
      message,
      { file: this.file, line: this.line, row: this.row, field: COLUMNS[column] as Column },
      hint,
    );
  }

  bool(column: number): boolean {
    this.span(column);
    switch (this.end - this.start) {
      case 4:
        if (this.is('true')) return true;
        break;
      case 5:
        if (this.is('false')) return false;
        break;
      case 13:
        if (this.is('not_supported')) return false;
    }
    const value = this.source.slice(this.start, this.end);
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false' || lower === 'not_supported') return false;
    return this.fail(column, `"${value}" is not a boolean (expected true, false or not_supported)`);
  }

  date(column: number): DateField {
    this.span(column);
    switch (this.end - this.start) {
      case 3:
        if (this.is('N/A')) return 'N/A';
        break;
      case 13:
        if (this.is('not_supported')) return 'not_supported';
        break;
      case 14:
        if (this.is('no_information')) return 'no_information';
    }
    const ms = isoDateAt(this.source, this.start, this.end);
    if (ms === undefined || ms > this.latest) {
      const value = this.source.slice(this.start, this.end);
      if (ms !== undefined)
        this.fail(column, futureDateMessage(value, this.time as TimeBounds), FUTURE_DATE_HINT);
      this.fail(
        column,
        value === ''
          ? 'the date is empty (expected an ISO-8601 date, N/A, no_information or not_supported)'
          : `"${value}" is not a date (expected ISO-8601 with an offset, e.g. 2024-05-01T10:00:00+00:00, or N/A, no_information, not_supported)`,
      );
    }
    return ms;
  }
}

function readRow(r: RowReader, withCertificates: boolean): CredentialRow {
  const user = r.cell(C.user);
  const isRoot = user === ROOT_USER;
  // IAM's own rule for user names; it also keeps hostile text out of Markdown and HTML.
  if (!isRoot && !USER_NAME.test(user))
    r.fail(
      C.user,
      `${JSON.stringify(user.slice(0, 80))} is not an IAM user name (1-64 of A-Z a-z 0-9 + = , . @ _ -)`,
    );
  const arn = r.cell(C.arn);
  const path = pathOf(arn, isRoot) ?? r.fail(C.arn, arnProblem(arn, isRoot));
  if (isRoot && !arn.endsWith(':root'))
    r.fail(C.arn, `the root row's ARN "${arn}" does not end in ":root"`);
  if (!isRoot && !endsWithName(arn, user))
    r.fail(C.arn, `the ARN "${arn}" is not the ARN of user "${user}"`);
  const created = r.date(C.user_creation_time);
  if (typeof created !== 'number' && !isRoot)
    r.fail(C.user_creation_time, `"${created}" is not a date; every IAM user has a creation time`);

  const key1: AccessKeySlot = {
    active: r.bool(C.access_key_1_active),
    lastRotated: r.date(C.access_key_1_last_rotated),
    lastUsed: r.date(C.access_key_1_last_used_date),
  };
  const key2: AccessKeySlot = {
    active: r.bool(C.access_key_2_active),
    lastRotated: r.date(C.access_key_2_last_rotated),
    lastUsed: r.date(C.access_key_2_last_used_date),
  };
  const certificates: [CertificateSlot, CertificateSlot] | null = withCertificates
    ? [
        { active: r.bool(C.cert_1_active), lastRotated: r.date(C.cert_1_last_rotated) },
        { active: r.bool(C.cert_2_active), lastRotated: r.date(C.cert_2_last_rotated) },
      ]
    : null;
  return {
    row: r.row,
    user,
    arn,
    isRoot,
    path,
    created,
    passwordEnabled: r.bool(C.password_enabled),
    passwordLastUsed: r.date(C.password_last_used),
    passwordLastChanged: r.date(C.password_last_changed),
    mfaActive: r.bool(C.mfa_active),
    keys: [key1, key2],
    certificates,
  };
}

const USER_NAME = /^[\w+=,.@-]{1,64}$/;
const LAST_USED_COLUMNS: ReadonlySet<string> = new Set([
  'password_last_used',
  'access_key_1_last_used_date',
  'access_key_2_last_used_date',
]);

/** Why an ARN that {@link pathOf} refused is not right for its row, in words a reader can act on. */
function arnProblem(arn: string, isRoot: boolean): string {
  const shown = JSON.stringify(arn.slice(0, 200));
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6)
    return `${shown} is not an ARN (expected arn:<partition>:iam::<account>:${isRoot ? 'root' : 'user/<name>'})`;
  if (parts[2] !== 'iam' || parts[3] !== '')
    return `${shown} is not an IAM ARN (expected arn:${parts[1]}:iam::<account>:...)`;
  if (!/^\d{12}$/.test(parts[4] ?? ''))
    return `${shown} has the account id ${JSON.stringify(parts[4])}, which is not 12 digits`;
  if (isRoot) return `the root row's ARN ${shown} does not end in ":root"`;
  return `${shown} is not an IAM user ARN (arn:<partition>:iam::<account>:user/<path>/<name>)`;
}
const ARN = /^arn:[a-z-]+:iam::(\d{12}):(root|user(\/.*)?\/[^/]+)$/;

/** The IAM path of a user ARN (`/` or `/a/b/`); `undefined` when not an IAM user or root ARN. */
function pathOf(arn: string, isRoot: boolean): string | undefined {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  if (m[2] === 'root') return isRoot ? '/' : undefined;
  return `${m[3] ?? ''}/`;
}

/** `arn.endsWith(`/${user}`)`, without building that string for every row. */
const endsWithName = (arn: string, user: string): boolean =>
  arn.length > user.length &&
  arn.charCodeAt(arn.length - user.length - 1) === 47 &&
  arn.endsWith(user);

/** The account of an ARN already checked by {@link pathOf}: `arn:<partition>:iam::<12 digits>:...`. */
function accountOf(arn: string): string {
  const at = arn.indexOf(':iam::') + 6;
  return arn.slice(at, at + 12);
}
