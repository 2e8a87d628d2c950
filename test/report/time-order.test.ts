import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createEvaluation } from '../../src/engine/evaluate.js';
import { InputError } from '../../src/errors.js';
import { loadPolicy } from '../../src/policy/load.js';
import { parseCredentialReport } from '../../src/report/parse.js';
import { CLOCK_SKEW_MS, type TimeBounds } from '../../src/report/time-order.js';
import { ACCOUNT, DAY, NOW, rootRow, toCsv, type Row } from '../helpers/report.js';

const GENERATED = NOW - 2 * 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

const parse = (rows: Row[], time: TimeBounds) =>
  parseCredentialReport(toCsv(rows), 'report.csv', undefined, time);

function parseError(rows: Row[], time: TimeBounds): InputError {
  try {
    parse(rows, time);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

/** The date columns the parser reads: each must not be in the report's future. */
const DATE_COLUMNS = [
  'user_creation_time',
  'password_last_used',
  'password_last_changed',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'cert_1_last_rotated',
  'cert_2_last_rotated',
] as const;

describe('time runs forwards (SPEC §3)', () => {
  const bounds = { now: NOW, generatedAt: GENERATED, generatedAtSource: 'report.csv.meta.json' };

  it('refuses an evaluation time before the generation time, naming both and the source', () => {
    const e = parseError([rootRow(), { user: 'alice' }], {
      ...bounds,
      now: GENERATED - 366 * DAY,
    });
    expect(e.place.file).toBe('report.csv');
    expect(e.describe()).toMatch(
      /report\.csv: the evaluation time 2025-11-20T22:00:00\.000Z is before the report's generation time 2026-11-21T22:00:00\.000Z \(from report\.csv\.meta\.json\)/,
    );
  });

  it('forgives the clock skew exactly, not a millisecond more', () => {
    const rows = [rootRow(), { user: 'alice' }];
    expect(() =>
      parse(rows, { now: GENERATED - CLOCK_SKEW_MS, generatedAt: GENERATED }),
    ).not.toThrow();
    expect(() =>
      parse(rows, { now: GENERATED - CLOCK_SKEW_MS - 1, generatedAt: GENERATED }),
    ).toThrow(/is before the report's generation time/);
  });

  it.each(DATE_COLUMNS)(
    'refuses %s after the generation time, naming row, line, column and value',
    (column) => {
      const value = '9999-01-01T00:00:00+00:00';
      const e = parseError(
        [rootRow(), { user: 'alice' }, { user: 'bob', [column]: value }],
        bounds,
      );
      expect(e.place).toMatchObject({ file: 'report.csv', line: 4, row: 3, field: column });
      expect(e.message).toContain(`"${value}" is after the report's generation time`);
      expect(e.describe()).toMatch(new RegExp(`^report\\.csv:4 \\(row 3, column "${column}"\\)`));
    },
  );

  it.each(DATE_COLUMNS)(
    'accepts %s exactly at the generation time plus the skew, not past it',
    (column) => {
      const at = (ms: number): Row[] => [rootRow(), { user: 'bob', [column]: iso(ms) }];
      expect(() => parse(at(GENERATED + CLOCK_SKEW_MS), bounds)).not.toThrow();
      expect(parseError(at(GENERATED + CLOCK_SKEW_MS + 1), bounds).place.field).toBe(column);
    },
  );

  it('leaves password_next_rotation alone: it is meant to be in the future', () => {
    const r = parse(
      [rootRow(), { user: 'alice', password_next_rotation: '2027-06-01T00:00:00+00:00' }],
      bounds,
    );
    expect(r.rowCount).toBe(2);
  });

  it('checks the root row too', () => {
    const future = iso(GENERATED + DAY);
    expect(parseError([rootRow({ user_creation_time: future })], bounds).place).toMatchObject({
      row: 1,
      line: 2,
      field: 'user_creation_time',
    });
    expect(parseError([rootRow({ password_last_used: future })], bounds).place).toMatchObject({
      row: 1,
      field: 'password_last_used',
    });
  });

  it('checks dates against the evaluation time when the generation time is unknown', () => {
    const rows = (ms: number): Row[] => [
      rootRow(),
      { user: 'bob', access_key_1_last_used_date: iso(ms) },
    ];
    const time = { now: NOW, generatedAt: null };
    expect(() => parse(rows(NOW + CLOCK_SKEW_MS), time)).not.toThrow();
    const e = parseError(rows(NOW + CLOCK_SKEW_MS + 1), time);
    expect(e.message).toMatch(/is after the evaluation time 2026-11-22T00:00:00\.000Z/);
  });

  it('checks dates against the evaluation time when it is (within the skew) before generation', () => {
    const time = { now: NOW, generatedAt: NOW + CLOCK_SKEW_MS };
    const e = parseError(
      [rootRow(), { user: 'bob', password_last_used: iso(NOW + CLOCK_SKEW_MS + 1) }],
      time,
    );
    expect(e.message).toMatch(/after the evaluation time/);
  });

  const policy = loadPolicy('version: 1\nrules:\n  key-at-setup: { enabled: true }\n', 'p.yml');
  const dateColumn = fc.constantFrom(...DATE_COLUMNS);

  /** A report whose dates are all ≤ `latest`, as a list of rows (root first). */
  const rowsUpTo = (latest: number) =>
    fc
      .array(
        fc.record({
          dates: fc.dictionary(dateColumn, fc.integer({ min: 0, max: 2000 * DAY }), {
            maxKeys: DATE_COLUMNS.length,
          }),
          active: fc.boolean(),
        }),
        { minLength: 1, maxLength: 6 },
      )
      .chain((users) =>
        fc.integer({ min: 0, max: 30 * DAY }).map((rootBack) => ({ users, rootBack })),
      )
      .map(({ users, rootBack }) => [
        rootRow({ password_last_used: iso(latest - rootBack) }),
        ...users.map((u, i): Row => {
          const row: Row = {
            user: `user${i}`,
            password_enabled: u.active ? 'true' : 'false',
            access_key_1_active: u.active ? 'true' : 'false',
            cert_1_active: u.active ? 'true' : 'false',
          };
          for (const [column, back] of Object.entries(u.dates))
            row[column as (typeof DATE_COLUMNS)[number]] = iso(latest - back);
          return row;
        }),
      ]);

  it('never errs and never reports a negative age when dates ≤ generation ≤ now, skew included (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -CLOCK_SKEW_MS, max: 30 * DAY }),
        fc.integer({ min: 0, max: CLOCK_SKEW_MS }),
        fc.boolean(),
        (age, skew, known) => {
          const generatedAt = known ? NOW - age : null;
          const latest = (generatedAt === null ? NOW : Math.min(NOW, generatedAt)) + skew;
          return (
            fc.assert(
              fc.property(rowsUpTo(latest), (rows) => {
                const evaluation = createEvaluation({
                  policy,
                  now: NOW,
                  reportGeneratedAt: generatedAt,
                  toolVersion: 'test',
                });
                const r = parseCredentialReport(toCsv(rows), 'r.csv', evaluation.addRow, {
                  now: NOW,
                  generatedAt,
                });
                const report = evaluation.finish({
                  accountId: ACCOUNT,
                  users: r.rowCount,
                  warnings: [],
                });
                for (const f of report.findings)
                  if (f.days !== null) expect(f.days).toBeGreaterThanOrEqual(0);
              }),
              { numRuns: 5 },
            ) === undefined
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('always refuses a report with one date moved past the generation time (property)', () => {
    fc.assert(
      fc.property(
        rowsUpTo(GENERATED),
        fc.nat(),
        dateColumn,
        fc.integer({ min: CLOCK_SKEW_MS + 1, max: 5000 * DAY }),
        (rows, pick, column, ahead) => {
          const at = 1 + (pick % (rows.length - 1));
          const moved = rows.map((r, i) =>
            i === at ? { ...r, [column]: iso(GENERATED + ahead) } : r,
          );
          const e = parseError(moved, { now: NOW, generatedAt: GENERATED });
          expect(e.place).toMatchObject({ row: at + 1, field: column });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the command line on a report from the future', () => {
  const dir = mkdtempSync(join(tmpdir(), 'time-'));
  const put = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const policy = put('policy.yml', 'version: 1\n');
  async function check(args: string[]) {
    let stderr = '';
    const code = await runCli(['check', '--policy', policy, ...args], {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
      clock: () => NOW,
    });
    return { code, stderr };
  }

  it('exits 2 for a key "rotated" in 9999 (it used to never age and pass)', async () => {
    const report = put(
      'future.csv',
      toCsv([
        rootRow(),
        {
          user: 'alice',
          access_key_1_active: 'true',
          access_key_1_last_rotated: '9999-12-31T00:00:00+00:00',
        },
      ]),
    );
    const r = await check(['--report', report]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${report}:3 (row 2, column "access_key_1_last_rotated"): "9999-12-31T00:00:00+00:00" is after the evaluation time`,
    );
  });

  it('exits 2 when --now is before the generation time in the sidecar (it used to say "-8772 hours old")', async () => {
    const report = put('old.csv', toCsv([rootRow(), { user: 'alice' }]));
    put('old.csv.meta.json', JSON.stringify({ generatedAt: iso(NOW) }));
    const r = await check(['--report', report, '--now', iso(NOW - 365 * DAY)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `is before the report's generation time ${iso(NOW)} (from ${report}.meta.json)`,
    );
    const flag = await check(['--report', report, '--report-generated-at', iso(NOW + DAY)]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('(from --report-generated-at)');
  });
});
