import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../helpers/policy.js';
import { DAY, NOW, type Row } from '../helpers/report.js';

/*
 * SPEC §4 written out a second time, as plainly as the table reads, on the raw CSV text —
 * independent of the parser's types and the rules' modules — and compared with the engine on
 * random reports whose dates sit on and around every threshold.
 */

type Raw = Record<string, string>;
const TOKENS = new Set(['N/A', 'no_information', 'not_supported']);
const date = (v: string | undefined): number | null =>
  v === undefined || TOKENS.has(v) ? null : Date.parse(v);
const yes = (v: string | undefined) => v?.toLowerCase() === 'true';
const atLeast = (ms: number | null, days: number) => ms !== null && NOW - ms >= days * DAY;
const days = (ms: number) => Math.floor((NOW - ms) / DAY);
const first = (...dates: (number | null)[]) => dates.find((d) => d !== null) ?? null;
const latest = (...dates: (number | null)[]) =>
  dates.reduce<number | null>((a, d) => (d === null ? a : a === null || d > a ? d : a), null);

function reference(rows: Raw[]): string[] {
  const out: string[] = [];
  const add = (
    rule: string,
    severity: string,
    user: string,
    credential: string,
    d: number | null,
  ) => out.push(`${rule}|${severity}|${user}|${credential}|${d ?? '-'}`);
  for (const r of rows) {
    const user = r['user'] as string;
    const created = date(r['user_creation_time']);
    const key = (n: 1 | 2) => ({
      active: yes(r[`access_key_${n}_active`]),
      rotated: date(r[`access_key_${n}_last_rotated`]),
      usedRaw: r[`access_key_${n}_last_used_date`],
      used: date(r[`access_key_${n}_last_used_date`]),
    });
    const keys = [key(1), key(2)] as const;
    const passwordUsed = date(r['password_last_used']);
    if (user === '<root_account>') {
      keys.forEach(
        (k, i) => k.active && add('root-access-key', 'critical', user, `access_key_${i + 1}`, null),
      );
      if (!yes(r['mfa_active'])) add('root-mfa', 'critical', user, 'mfa', null);
      for (const n of [1, 2])
        if (yes(r[`cert_${n}_active`])) add('root-certificate', 'high', user, `cert_${n}`, null);
      const last = latest(passwordUsed, keys[0].used, keys[1].used);
      if (last !== null && NOW - last < 7 * DAY)
        add('root-recent-use', 'high', user, 'user', days(last));
      continue;
    }
    const password = yes(r['password_enabled']);
    if (password && !yes(r['mfa_active'])) add('console-mfa', 'high', user, 'mfa', null);
    if (password) {
      const last = first(passwordUsed, date(r['password_last_changed']), created);
      if (atLeast(last, 90)) add('password-unused', 'high', user, 'password', days(last as number));
    }
    keys.forEach((k, i) => {
      const last = first(k.used, k.rotated, created);
      if (k.active && atLeast(last, 90))
        add('access-key-unused', 'high', user, `access_key_${i + 1}`, days(last as number));
    });
    const lastUse = latest(passwordUsed, keys[0].used, keys[1].used) ?? created;
    if (atLeast(lastUse, 90)) add('unused-user', 'high', user, 'user', days(lastUse as number));
    keys.forEach((k, i) => {
      // an active key without a rotation date is as old as its user
      const rotated = first(k.rotated, created);
      if (k.active && atLeast(rotated, 90))
        add('access-key-age', 'medium', user, `access_key_${i + 1}`, days(rotated as number));
    });
    if (keys[0].active && keys[1].active) add('multiple-active-keys', 'medium', user, 'user', null);
    keys.forEach((k, i) => {
      if (
        password &&
        k.active &&
        k.usedRaw === 'N/A' &&
        k.rotated !== null &&
        created !== null &&
        Math.abs(k.rotated - created) <= 60_000
      )
        add('key-at-setup', 'low', user, `access_key_${i + 1}`, null);
    });
    keys.forEach((k, i) => {
      if (!k.active && atLeast(k.rotated, 90))
        add('inactive-access-key', 'low', user, `access_key_${i + 1}`, days(k.rotated as number));
    });
    for (const n of [1, 2]) {
      const rotated = first(date(r[`cert_${n}_last_rotated`]), created);
      if (yes(r[`cert_${n}_active`]) && atLeast(rotated, 365))
        add('certificate-age', 'low', user, `cert_${n}`, days(rotated as number));
    }
  }
  return out.sort();
}

// Dates on and around the thresholds (90 and 365 days, 7 days for root, 60 s at setup).
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
const around = (d: number) => [NOW - d * DAY, NOW - d * DAY + 1, NOW - d * DAY - 1];
const instants = [...around(90), ...around(365), ...around(7), NOW - 400 * DAY, NOW - DAY, NOW];
const dateOrToken = fc.oneof(
  fc.constantFrom(...instants).map(iso),
  fc.constantFrom('N/A', 'no_information', 'not_supported'),
);
const bool = fc.constantFrom('true', 'false', 'TRUE', 'False', 'not_supported');
const userRow = (name: string) =>
  fc
    .record({
      user_creation_time: fc.constantFrom(...instants).map(iso),
      password_enabled: bool,
      password_last_used: dateOrToken,
      password_last_changed: dateOrToken,
      mfa_active: bool,
      access_key_1_active: bool,
      access_key_1_last_rotated: dateOrToken,
      access_key_1_last_used_date: dateOrToken,
      access_key_2_active: bool,
      access_key_2_last_rotated: dateOrToken,
      access_key_2_last_used_date: dateOrToken,
      cert_1_active: bool,
      cert_1_last_rotated: dateOrToken,
      cert_2_active: bool,
      cert_2_last_rotated: dateOrToken,
      setup: fc.constantFrom(0, 30_000, 60_000, 60_001, -60_000),
      keyAtSetup: fc.boolean(),
    })
    .map(({ setup, keyAtSetup, ...fields }): Row => {
      const r: Row = { user: name, ...fields };
      // now and then a key made at the user's creation, never used (key-at-setup's boundary)
      if (keyAtSetup) {
        r.access_key_1_last_rotated = iso(Date.parse(fields.user_creation_time) + setup);
        r.access_key_1_last_used_date = 'N/A';
      }
      return r;
    });
const rootRow = fc
  .record({
    mfa_active: bool,
    password_last_used: dateOrToken,
    access_key_1_active: bool,
    access_key_1_last_used_date: dateOrToken,
    access_key_2_active: bool,
    access_key_2_last_used_date: dateOrToken,
    cert_1_active: bool,
    cert_2_active: bool,
  })
  .map((fields): Row => ({ user: '<root_account>', ...fields }));

describe('the engine against SPEC §4 written out again', () => {
  it('finds the same findings, severities and days on random reports (property)', () => {
    fc.assert(
      fc.property(
        rootRow,
        fc
          .array(fc.nat(40), { minLength: 1, maxLength: 12 })
          .chain((ids) => fc.tuple(...[...new Set(ids)].map((id) => userRow(`user-${id}`)))),
        (root, users) => {
          const rows = [root, ...users];
          const engine = check(rows)
            .findings.map(
              (f) => `${f.rule}|${f.severity}|${f.user}|${f.credential}|${f.days ?? '-'}`,
            )
            .sort();
          const raw = rows.map((r) => Object.fromEntries(Object.entries(r)) as Raw);
          expect(engine).toEqual(reference(raw));
        },
      ),
      { numRuns: 400 },
    );
  });
});
