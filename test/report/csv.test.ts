import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, forEachRecord, loadQuotedReader } from '../../src/report/csv.js';

// a text with a quote is read by PapaParse, which the check loads first (see run/check.ts)
await loadQuotedReader();

const records = (text: string): string[][] => {
  const out: string[][] = [];
  forEachRecord(text, (fields) => out.push(fields));
  return out;
};

/** A field as RFC 4180 writes it: quoted when it must be (or, sometimes, when it need not). */
const write = (field: string, quote: boolean): string =>
  quote || /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;

const field = fc.string({
  unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', '\r\n', 'é'),
});
// a record of one empty field is a blank line, which is skipped
const record = fc
  .array(fc.tuple(field, fc.boolean()), { minLength: 1, maxLength: 6 })
  .filter((r) => r.length > 1 || (r[0] as [string, boolean])[0] !== '');

describe('forEachRecord (RFC 4180)', () => {
  it('reads back any records written with quotes where needed, LF or CRLF (property)', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (rows, eol, trailing) => {
          const text = rows.map((r) => r.map(([f, q]) => write(f, q)).join(',')).join(eol);
          expect(records(trailing ? text + eol : text)).toEqual(rows.map((r) => r.map(([f]) => f)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads unquoted lines as PapaParse does, blank lines skipped (property)', () => {
    const plain = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', '/', ':', '+') });
    fc.assert(
      fc.property(
        fc.array(plain, { minLength: 1, maxLength: 10 }),
        fc.constantFrom('\n', '\r\n'),
        (lines, eol) => {
          const text = `header,x${eol}${lines.join(eol)}${eol}`;
          const papa = Papa.parse<string[]>(text, { delimiter: ',', skipEmptyLines: true }).data;
          expect(records(text)).toEqual(papa);
        },
      ),
    );
  });

  it('never throws anything but a CsvSyntaxError, on any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ') }), (text) => {
        try {
          records(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CsvSyntaxError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses an unterminated quote and text after a closing quote, naming the record', () => {
    const error = (text: string): CsvSyntaxError => {
      try {
        records(text);
      } catch (e) {
        return e as CsvSyntaxError;
      }
      throw new Error('expected a CsvSyntaxError');
    };
    expect(error('a,b\n"c,d\n')).toMatchObject({
      message: 'Quoted field unterminated',
      record: 1,
    });
    expect(error('a,b\n\nc,d\n"e"x,f\n')).toMatchObject({
      message: 'Trailing quote on quoted field is malformed',
      record: 2,
    });
  });

  it('keeps a quote inside an unquoted field, a lone CR inside a line, and reads CR-only lines', () => {
    expect(records('a"b,c\r\nd\re,f\r\n')).toEqual([
      ['a"b', 'c'],
      ['d\re', 'f'],
    ]);
    expect(records('a,b\rc,d\r')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(records('\n\na,"x\ny"\n\n""\n')).toEqual([['a', 'x\ny']]);
  });
});
