import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseCredentialReport } from '../../src/report/parse.js';
import { COLUMNS, NOW, ago, row, rootRow, toCsv } from '../helpers/report.js';
import { loadQuotedReader } from '../../src/report/csv.js';

// a text with a quote is read by PapaParse, which the check loads first (see run/check.ts)
await loadQuotedReader();

const parse = (text: string | Buffer) => parseCredentialReport(text, 'report.csv');

function parseError(text: string | Buffer): InputError {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

const good = toCsv([
  rootRow(),
  {
    user: 'alice',
    access_key_1_active: 'true',
    access_key_1_last_rotated: ago(10),
    access_key_1_last_used_date: ago(1),
  },
]);

describe('parseCredentialReport', () => {
  it('reads a realistic report', () => {
    const r = parse(good);
    expect(r.accountId).toBe('123456789012');
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0]).toMatchObject({
      user: '<root_account>',
      isRoot: true,
      passwordEnabled: false,
      passwordLastUsed: 'no_information',
    });
    expect(r.rows[1]).toMatchObject({ user: 'alice', isRoot: false, path: '/' });
    expect(r.rows[1]?.keys[0]).toEqual({
      active: true,
      lastRotated: Date.parse(ago(10)),
      lastUsed: Date.parse(ago(1)),
    });
    expect(r.warnings).toEqual([]);
  });

  it('matches columns by name in any order and ignores unknown columns', () => {
    const shuffled = [...COLUMNS].reverse();
    const text = toCsv(
      [rootRow(), { user: 'alice' }],
      [...shuffled.slice(0, 5), 'some_future_column', ...shuffled.slice(5)],
    );
    expect(parse(text).rows.map((r) => r.user)).toEqual(['<root_account>', 'alice']);
  });

  it('accepts a UTF-8 BOM and CRLF line ends', () => {
    const r = parse(`\uFEFF${good.replace(/\n/g, '\r\n')}`);
    expect(r.rows).toHaveLength(2);
  });

  it('keeps the special tokens distinct', () => {
    const r = parse(
      toCsv([
        rootRow({ password_last_used: 'not_supported' }),
        {
          user: 'a',
          password_enabled: 'true',
          password_last_used: 'no_information',
          password_last_changed: ago(3),
        },
        { user: 'b' },
      ]),
    );
    expect(r.rows.map((x) => x.passwordLastUsed)).toEqual([
      'not_supported',
      'no_information',
      'N/A',
    ]);
  });

  it('accepts not_supported in boolean and date columns, as moto writes it', () => {
    const r = parse(
      toCsv([
        {
          user: 'svc',
          password_enabled: 'false',
          password_last_used: 'not_supported',
          access_key_1_last_used_region: 'not_supported',
        },
      ]),
    );
    expect(r.rows[0]?.passwordLastUsed).toBe('not_supported');
  });

  it('reads the IAM path from the ARN', () => {
    const r = parse(toCsv([{ user: 'svc', arn: 'arn:aws:iam::123456789012:user/service/ci/svc' }]));
    expect(r.rows[0]?.path).toBe('/service/ci/');
  });

  it('warns (and accepts) a report without a root row', () => {
    expect(parse(toCsv([{ user: 'alice' }])).warnings.join()).toMatch(/no root row/);
  });

  it('skips certificate rules, with a note, when the certificate columns are absent', () => {
    const r = parse(
      toCsv(
        [rootRow()],
        COLUMNS.filter((c) => !c.startsWith('cert_')),
      ),
    );
    expect(r.hasCertificateColumns).toBe(false);
    expect(r.rows[0]?.certificates).toBeNull();
    expect(r.warnings.join()).toMatch(/certificate rules were skipped/);
  });

  describe('malformed reports: each an InputError naming the place', () => {
    const cases: [string, string | Buffer, RegExp, Partial<InputError['place']>][] = [
      ['empty file', '', /empty/, {}],
      ['only whitespace', '\n\n  \n', /empty/, {}],
      ['header only', `${COLUMNS.join(',')}\n`, /header but no rows/, {}],
      [
        'missing column',
        toCsv(
          [{ user: 'a' }],
          COLUMNS.filter((c) => c !== 'mfa_active'),
        ),
        /missing required column mfa_active/,
        { line: 1 },
      ],
      [
        'HTML error page',
        '<!DOCTYPE html>\n<html><body>Access Denied</body></html>\n',
        /HTML/,
        { line: 1 },
      ],
      ['JSON', '{"Content":"dXNlcg==","ReportFormat":"text/csv"}', /JSON/, { line: 1 }],
      ['binary', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08]), /binary/, {}],
      [
        'bad boolean',
        toCsv([{ user: 'a', mfa_active: 'TRUE1' }]),
        /"TRUE1" is not a boolean/,
        { row: 1, line: 2, field: 'mfa_active' },
      ],
      [
        'empty date',
        toCsv([rootRow(), { user: 'a', access_key_1_last_rotated: '' }]),
        /date is empty/,
        { row: 2, line: 3, field: 'access_key_1_last_rotated' },
      ],
      [
        'garbage date',
        toCsv([{ user: 'a', password_last_used: 'garbage' }]),
        /"garbage" is not a date/,
        { row: 1, field: 'password_last_used' },
      ],
      [
        'impossible date',
        toCsv([{ user: 'a', password_last_used: '2024-02-30T10:00:00+00:00' }]),
        /not a date/,
        { field: 'password_last_used' },
      ],
      [
        'date without offset',
        toCsv([{ user: 'a', password_last_used: '2024-02-03T10:00:00' }]),
        /not a date/,
        { field: 'password_last_used' },
      ],
      [
        'N/A creation time',
        toCsv([{ user: 'a', user_creation_time: 'N/A' }]),
        /every IAM user has a creation time/,
        { field: 'user_creation_time' },
      ],
      [
        'duplicate user',
        toCsv([
          { user: 'alice' },
          { user: 'bob' },
          { user: 'Alice', arn: 'arn:aws:iam::123456789012:user/Alice' },
        ]),
        /appears twice \(rows 1 and 3\)/,
        { row: 3, line: 4 },
      ],
      [
        'short row',
        `${toCsv([{ user: 'a' }])}bob,arn:aws:iam::123456789012:user/bob,2024-01-01T00:00:00+00:00\n`,
        /3 fields but the header has 22/,
        { row: 2, line: 3 },
      ],
      [
        'some certificate columns without the others',
        toCsv(
          [rootRow()],
          COLUMNS.filter((c) => !c.startsWith('cert_2_')),
        ),
        /has cert_1_active, cert_1_last_rotated but not cert_2_active, cert_2_last_rotated/,
        { line: 1 },
      ],
      [
        'a root row of another partition',
        toCsv([{ ...rootRow(), arn: 'arn:aws-us-gov:iam::123456789012:root' }, { user: 'alice' }]),
        /is in the aws partition, but row 1 is in the aws-us-gov partition/,
        { row: 2, line: 3, field: 'arn' },
      ],
      [
        'a user of another partition',
        toCsv([{ user: 'alice' }, { user: 'bob', arn: 'arn:aws-cn:iam::123456789012:user/bob' }]),
        /"arn:aws-cn:iam::123456789012:user\/bob" is in the aws-cn partition, but row 1 is in the aws partition/,
        { row: 2, field: 'arn' },
      ],
      [
        'a column twice in the header',
        `${COLUMNS.join(',')},mfa_active\n`,
        /column "mfa_active" appears twice in the header/,
        { line: 1 },
      ],
      ['unclosed quote', `${COLUMNS.join(',')}\n"alice,x\n`, /not a valid CSV/, {}],
      ['not an ARN', toCsv([{ user: 'a', arn: 'nope' }]), /"nope" is not an ARN/, { field: 'arn' }],
      [
        'a role ARN in a user row',
        toCsv([{ user: 'a', arn: 'arn:aws:iam::123456789012:role/a' }]),
        /is not an IAM user ARN/,
        { field: 'arn' },
      ],
      [
        'a root row whose account id is malformed',
        toCsv([{ user: '<root_account>', arn: 'arn:aws:iam::12345:root' }]),
        /has the account id "12345", which is not 12 digits/,
        { field: 'arn' },
      ],
      [
        'an S3 ARN',
        toCsv([{ user: 'a', arn: 'arn:aws:s3:::a' }]),
        /is not an IAM ARN/,
        { field: 'arn' },
      ],
      [
        'an older report without the last-used columns',
        toCsv([{ user: 'a' }])
          .replace(/,password_last_used|,access_key_[12]_last_used_date/g, '')
          .split('\n')[0] + '\n',
        /lacks the columns password_last_used, access_key_1_last_used_date, access_key_2_last_used_date \(an older format/,
        { line: 1 },
      ],
      [
        'ARN of another user',
        toCsv([{ user: 'a', arn: 'arn:aws:iam::123456789012:user/b' }]),
        /not the ARN of user "a"/,
        { field: 'arn' },
      ],
      [
        'two accounts',
        toCsv([{ user: 'a' }, { user: 'b', arn: 'arn:aws:iam::999999999999:user/b' }]),
        /account 999999999999/,
        { row: 2 },
      ],
      [
        'hostile user name',
        toCsv([{ user: '<img src=x onerror=alert(1)>', arn: 'arn:aws:iam::123456789012:user/x' }]),
        /not an IAM user name/,
        { field: 'user' },
      ],
    ];
    it.each(cases)('%s', (_name, text, message, place) => {
      const error = parseError(text);
      expect(error.message).toMatch(message);
      expect(error.place).toMatchObject({ file: 'report.csv', ...place });
    });
  });

  it('never crashes on random rows: it parses or throws an InputError (property)', () => {
    const cell = fc.oneof(
      fc.constantFrom(
        'true',
        'false',
        'TRUE',
        'N/A',
        'no_information',
        'not_supported',
        '',
        '2024-05-01T10:00:00+00:00',
        'garbage',
      ),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 0, maxLength: 24 }), { maxLength: 6 }),
        fc.boolean(),
        (rows, header) => {
          const lines = [header ? COLUMNS.join(',') : 'user,arn', ...rows.map((r) => r.join(','))];
          try {
            parse(lines.join('\n'));
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a report in place as it reads the same fields quoted, errors included (property)', () => {
    // A text without a quote is read in place (fields found by their commas, dates read where
    // they are); quoting every field sends the same fields through PapaParse as strings.
    const cell = fc.constantFrom(
      'true',
      'false',
      'True',
      'not_supported',
      'yes',
      'N/A',
      'n/a',
      'no_information',
      '',
      ' ',
      '2024-05-01T10:00:00+00:00',
      '2024-05-01T10:00:00.5Z',
      '2024-05-01T10:00:00Zx',
      '2024-02-30T10:00:00+00:00',
      '2024-05-01T10:00:00+01:00',
      '2024-05-01T10:00:00',
      ago(3),
      ago(-3),
      '2024-05-01T10:00:00+00:00Z',
    );
    const column = fc.constantFrom(...COLUMNS.filter((c) => c !== 'user' && c !== 'arn'));
    const user = fc.constantFrom('alice', 'bob', 'Alice', 'svc-1', 'a b');
    const rowOf = fc.record({
      user,
      cells: fc.array(fc.tuple(column, cell), { maxLength: 4 }),
    });
    const outcome = (text: string, withTime: boolean) => {
      try {
        const parsed = parseCredentialReport(
          text,
          'report.csv',
          undefined,
          withTime ? { now: NOW, generatedAt: null } : undefined,
        );
        return { rows: parsed.rows, warnings: parsed.warnings };
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return { error: error.message, place: error.place };
      }
    };
    fc.assert(
      fc.property(
        fc.array(rowOf, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        (rows, eol, blank, withTime) => {
          const lines = [
            COLUMNS,
            ...[
              rootRow(),
              ...rows.map((r) => ({ user: r.user, ...Object.fromEntries(r.cells) })),
            ].map((r) => {
              const full = row(r);
              return COLUMNS.map((c) => full[c] ?? '');
            }),
          ];
          if (blank) lines.splice(2, 0, ['']);
          const plain = lines.map((l) => l.join(',')).join(eol);
          const quoted = lines
            .map((l) => (l.length === 1 && l[0] === '' ? '' : l.map((f) => `"${f}"`).join(',')))
            .join(eol);
          expect(plain.includes('"')).toBe(false);
          expect(outcome(plain, withTime)).toEqual(outcome(quoted, withTime));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('names the rows of a user seen twice: the first row of the name and the row that repeats it (property)', () => {
    // the first repeat in the file's order, its rows numbered as the parser numbers them
    // (blank lines not counted), whatever the column order, quoted or not
    const name = fc.constantFrom(
      'alice',
      'Alice',
      'ALICE',
      'bob',
      'Bob',
      'carol',
      'svc-1',
      'SVC-1',
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(name, fc.boolean()), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        (users, eol, quoted, reversed) => {
          const columns = reversed ? [...COLUMNS].reverse() : COLUMNS;
          const rowsOf = [
            rootRow(),
            ...users.map(([user]) => ({ user, arn: `arn:aws:iam::123456789012:user/${user}` })),
          ];
          const lines: string[] = [columns.join(',')];
          rowsOf.forEach((r, i) => {
            const full = row(r);
            const cells = columns.map((c) => full[c] ?? '');
            lines.push(quoted ? cells.map((f) => `"${f}"`).join(',') : cells.join(','));
            if (i > 0 && (users[i - 1] as [string, boolean])[1]) lines.push('');
          });
          let expected: string | undefined;
          const first = new Map<string, number>();
          rowsOf.forEach((r, i) => {
            const key = (r.user as string).toLowerCase();
            if (expected !== undefined) return;
            const before = first.get(key);
            if (before !== undefined) expected = `rows ${before} and ${i + 1}`;
            else first.set(key, i + 1);
          });
          const text = `${lines.join(eol)}${eol}`;
          if (expected === undefined) expect(() => parse(text)).not.toThrow();
          else expect(parseError(text).message).toContain(`appears twice (${expected})`);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never crashes on mutations of a good report (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(good.length - 1),
        fc.string({ maxLength: 3 }),
        fc.nat(3),
        (at, insert, cut) => {
          const mutated = good.slice(0, at) + insert + good.slice(at + cut);
          try {
            parse(mutated);
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
