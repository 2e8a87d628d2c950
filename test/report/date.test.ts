import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDate, parseTimeOption } from '../../src/report/parse.js';

describe('parseIsoDate', () => {
  it('agrees with Date.parse on every valid timestamp (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          // the whole range of four-digit years (Date.UTC alone would map 0-99 to 1900-1999)
          min: new Date('0001-01-02T00:00:00Z'),
          max: new Date('9999-12-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fc.boolean(),
        (date, offsetMinutes, withMillis) => {
          const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
          const body = shifted.toISOString().slice(0, withMillis ? 23 : 19);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const text = `${body}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          expect(parseIsoDate(text)).toBe(Date.parse(text));
        },
      ),
      { numRuns: 3000 },
    );
  });
  it.each([
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:00:00+25:00',
    '2024-01-01',
    '2024-01-01 00:00:00Z',
    '',
  ])('rejects %s', (text) => expect(parseIsoDate(text)).toBeUndefined());
  it('accepts a leap day', () =>
    expect(parseIsoDate('2024-02-29T12:00:00Z')).toBe(Date.parse('2024-02-29T12:00:00Z')));
});

describe('parseTimeOption', () => {
  it('takes a full timestamp, or a date alone as midnight UTC', () => {
    expect(parseTimeOption('2026-11-22T08:00:00+01:00')).toBe(Date.parse('2026-11-22T07:00:00Z'));
    expect(parseTimeOption('2026-11-22')).toBe(Date.parse('2026-11-22T00:00:00Z'));
    expect(parseTimeOption('2026-11-31')).toBeUndefined();
    expect(parseTimeOption('tomorrow')).toBeUndefined();
  });
});
