import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFindings, createEvaluation, evaluate } from '../../src/engine/evaluate.js';
import { remediationText } from '../../src/engine/remediation.js';
import type { Finding, RuleText } from '../../src/engine/types.js';
import { parseCredentialReport } from '../../src/report/parse.js';
import { check, ids, only, policy } from '../helpers/policy.js';
import { COLUMNS, DAY, NOW, ago, rootRow, toCsv, type Row } from '../helpers/report.js';

const oldKey = (user: string, rotatedDays: number, arn?: string): Row => ({
  user,
  ...(arn && { arn }),
  access_key_1_active: 'true',
  access_key_1_last_rotated: ago(rotatedDays),
  access_key_1_last_used_date: ago(1),
});

describe('settings: defaults ← rules ← service_users.rules', () => {
  const yaml = `version: 1
rules:
  access-key-age: { max_days: 30, severity: high }
service_users:
  users: ["SVC-*"]
  paths: ["/service/"]
  rules:
    access-key-age: { max_days: 365 }
`;
  it('applies the rules override to everyone and the service override to service users only', () => {
    const r = check(
      [
        oldKey('alice', 40),
        oldKey('svc-deploy', 200),
        oldKey('batch', 400, 'arn:aws:iam::123456789012:user/service/batch'),
      ],
      yaml,
    );
    expect(only(r, 'access-key-age')).toEqual([
      'access-key-age:alice:access_key_1',
      'access-key-age:batch:access_key_1',
    ]);
    const batch = r.findings.find((f) => f.user === 'batch');
    // severity from `rules`, threshold from `service_users.rules`
    expect(batch).toMatchObject({
      severity: 'high',
      threshold: 365,
      serviceUser: true,
      failing: true,
    });
  });
  it('matches service-user globs case-insensitively and paths as written', () => {
    const r = check(
      [oldKey('Svc-X', 400), oldKey('batch', 200, 'arn:aws:iam::123456789012:user/Service/batch')],
      yaml,
    );
    expect(r.findings.map((f) => f.user)).toEqual(['Svc-X', 'batch']);
    expect(r.findings.filter((f) => f.serviceUser).map((f) => f.user)).toEqual(['Svc-X']);
  });
  it('can disable a rule', () => {
    expect(
      only(
        check([oldKey('alice', 400)], 'version: 1\nrules:\n  access-key-age: { enabled: false }\n'),
        'access-key-age',
      ),
    ).toEqual([]);
  });
});

describe('fail_on', () => {
  const rows = [oldKey('alice', 100)]; // access-key-age: medium
  it.each([
    ['critical', true],
    ['high', true],
    ['medium', false],
    ['low', false],
    ['never', true],
  ] as const)('fail_on %s → passed %s', (failOn, passed) => {
    const r = check(rows, `version: 1\nfail_on: ${failOn}\n`);
    expect(r.passed).toBe(passed);
    expect(r.summary.failing).toBe(passed ? 0 : 1);
  });
});

describe('exemptions', () => {
  it('the first exemption that applies, in policy order, exact names and wildcards mixed (property)', () => {
    const users = ['alice', 'Bob', 'svc-ci', 'svc-Deploy', 'carol'];
    const pattern = fc.constantFrom(
      'alice',
      'ALICE',
      'bob',
      'svc-*',
      'SVC-?i',
      '*',
      'car*l',
      'dave',
    );
    const exemptionArb = fc.record({
      users: fc.uniqueArray(pattern, { minLength: 1, maxLength: 3 }),
      rules: fc.option(fc.subarray(['console-mfa', 'unused-user'], { minLength: 1 }), {
        nil: null,
      }),
      expired: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(exemptionArb, { minLength: 1, maxLength: 8 }), (exemptions) => {
        const yaml = `version: 1\n${exemptions.length > 0 ? 'exemptions:\n' : ''}${exemptions
          .map(
            (e) =>
              `  - users: ${JSON.stringify(e.users)}\n${e.rules ? `    rules: ${JSON.stringify(e.rules)}\n` : ''}    reason: r\n    expires: ${e.expired ? '2026-01-01' : '2027-01-01'}\n`,
          )
          .join('')}`;
        const rows = users.map((user) => ({
          user,
          password_enabled: 'true',
          user_creation_time: ago(400),
        }));
        const report = check(rows, yaml);
        // every exemption against every finding, in order: the first active one, else the first expired
        const matches = (p: string, name: string) =>
          new RegExp(`^${p.toLowerCase().replaceAll('*', '.*').replaceAll('?', '.')}$`).test(
            name.toLowerCase(),
          );
        for (const f of report.findings) {
          if (f.user === null || f.user === '<root_account>') continue;
          const applying = exemptions
            .map((e, index) => ({ ...e, index }))
            .filter(
              (e) =>
                (e.rules === null || e.rules.includes(f.rule)) &&
                e.users.some((p) => matches(p, f.user as string)),
            );
          const chosen = applying.find((e) => !e.expired) ?? applying[0];
          expect([f.user, f.rule, f.exemption?.index ?? null, f.exemption?.status ?? null]).toEqual(
            [
              f.user,
              f.rule,
              chosen?.index ?? null,
              chosen ? (chosen.expired ? 'expired' : 'active') : null,
            ],
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  const rows = [
    {
      user: 'bob',
      password_enabled: 'true',
      password_last_used: ago(1),
      password_last_changed: ago(5),
    },
  ];
  const exemption = (expires: string, extra = '') =>
    `version: 1\nexemptions:\n  - users: ["BOB"]\n    rules: [console-mfa]\n    reason: "MFA key on order"\n    expires: ${expires}\n${extra}`;

  it('an active exemption keeps the finding, marked, and never fails the gate', () => {
    const r = check(rows, exemption('2027-03-31'));
    expect(r.passed).toBe(true);
    expect(r.findings[0]).toMatchObject({
      rule: 'console-mfa',
      exempted: true,
      failing: false,
      exemption: { status: 'active', reason: 'MFA key on order', index: 0 },
    });
    expect(r.exemptions[0]).toMatchObject({ status: 'active', matched: 1 });
    expect(r.summary).toMatchObject({ exempted: 1, failing: 0, findings: 1 });
  });
  it('applies until the end of its expiry day (UTC), not after', () => {
    const day = '2026-11-21';
    expect(
      check(rows, exemption(day), { now: Date.parse('2026-11-21T23:59:59.999Z') }).passed,
    ).toBe(true);
    const after = check(rows, exemption(day), { now: Date.parse('2026-11-22T00:00:00.000Z') });
    expect(after.passed).toBe(false);
    expect(after.findings[0]).toMatchObject({
      exempted: false,
      failing: true,
      exemption: { status: 'expired' },
    });
    expect(after.findings[0]?.message).toMatch(/exemption 1.*expired 2026-11-21/);
    expect(after.exemptions[0]?.status).toBe('expired');
  });
  it('is expiring soon within 14 days', () => {
    expect(
      check(rows, exemption(new Date(NOW + 13 * DAY).toISOString().slice(0, 10))).exemptions[0]
        ?.status,
    ).toBe('expiring-soon');
    expect(
      check(rows, exemption(new Date(NOW + 15 * DAY).toISOString().slice(0, 10))).exemptions[0]
        ?.status,
    ).toBe('active');
  });
  it('reports an exemption that matched nothing as unused, with a warning, not a failure', () => {
    const r = check(
      rows,
      `${exemption('2027-03-31')}  - users: ["ghost-*"]\n    reason: gone\n    expires: 2027-01-01\n`,
    );
    expect(r.exemptions[1]).toMatchObject({ status: 'unused', matched: 0 });
    expect(r.warnings.join('\n')).toMatch(/exemption 2 .*matched no finding/);
    expect(r.passed).toBe(true);
  });
  it('does not apply to rules it does not list', () => {
    const r = check(rows, exemption('2027-03-31').replace('console-mfa', 'access-key-age'));
    expect(r.findings[0]).toMatchObject({ exempted: false, exemption: null });
  });
  it('without a rule list, applies to every rule of the user', () => {
    const r = check(
      [
        {
          ...rows[0]!,
          user_creation_time: ago(400),
          password_last_used: ago(200),
          password_last_changed: ago(300),
        },
      ],
      'version: 1\nexemptions:\n  - users: ["b?b"]\n    reason: x\n    expires: 2027-01-01\n',
    );
    expect(r.findings.length).toBeGreaterThan(1);
    expect(r.findings.every((f) => f.exempted)).toBe(true);
  });
});

describe('output', () => {
  it('sorts by severity, then user, then rule, with stable ids', () => {
    const r = check([
      oldKey('zed', 100),
      {
        user: 'amy',
        password_enabled: 'true',
        password_last_used: ago(1),
        password_last_changed: ago(3),
      },
      rootRow({ mfa_active: 'false' }),
    ]);
    expect(ids(r)).toEqual([
      'root-mfa:<root_account>:mfa',
      'console-mfa:amy:mfa',
      'access-key-age:zed:access_key_1',
    ]);
    expect(r.findings[2]?.id).toBe('123456789012/zed/access_key_1/access-key-age');
  });
  it('orders findings by severity, user, rule and credential, whatever the names (property)', () => {
    // names sharing prefixes and differing in case, in any order, each with a few findings
    const name = fc
      .array(fc.constantFrom('ci-', 'build-', 'a', 'B', 'b', '.', '@', '_', '1', '9', 'Z'), {
        minLength: 1,
        maxLength: 6,
      })
      .map((parts) => parts.join(''));
    const kinds = (i: number, kind: number, user: string): Row => ({
      ...oldKey(user, 40 + i),
      ...(kind & 1 && {
        password_enabled: 'true',
        password_last_used: ago(kind * 50),
        password_last_changed: ago(400),
      }),
      ...(kind & 2 && {
        access_key_2_active: 'true',
        access_key_2_last_rotated: ago(200),
        access_key_2_last_used_date: 'N/A',
      }),
      ...(kind === 0 && { access_key_1_active: 'false' }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(name, {
          selector: (n) => n.toLowerCase(),
          maxLength: 40,
          size: 'max',
        }),
        fc.array(fc.nat(3), { minLength: 1 }),
        (names, spec) => {
          const rows = names.map((user, i) => kinds(i, spec[i % spec.length] as number, user));
          const r = check(
            [rootRow({ mfa_active: 'false' }), ...rows],
            'version: 1\nrules:\n  human-access-key: { enabled: true }\n',
            { generatedAt: NOW - 30 * DAY },
          );
          const key = (f: Finding) => `${f.severity}:${f.rule}:${f.user ?? '-'}:${f.credential}`;
          expect(r.findings.map(key)).toEqual([...r.findings].sort(compareFindings).map(key));
        },
      ),
      { numRuns: 300 },
    );
  });
  it.each([40, 5])('orders the findings of %i rows fed with one name as the sort does', (count) => {
    // evaluate() can be fed rows the parser would refuse: rows of one user, each with findings
    // (5: few enough to be sorted by insertion; 40: by the native sort, past 32)
    const rows = Array.from({ length: count }, (_, i) => ({
      user: 'same',
      arn: 'arn:aws:iam::123456789012:user/same',
      access_key_1_active: 'true',
      access_key_1_last_rotated: ago(100 + i),
      access_key_1_last_used_date: ago(1),
      access_key_2_active: 'true',
      access_key_2_last_rotated: ago(200 + i),
      access_key_2_last_used_date: 'N/A',
    }));
    const p = policy('version: 1\n');
    const parsed = parseCredentialReport(toCsv([rootRow(), { user: 'zed' }], COLUMNS), 'r.csv');
    const row = parsed.rows[1] as (typeof parsed.rows)[number];
    const r = evaluate({
      report: {
        ...parsed,
        rows: rows.map((spec, i) => ({
          ...row,
          user: spec.user,
          arn: spec.arn,
          keys: [
            { active: true, lastRotated: NOW - (100 + i) * DAY, lastUsed: NOW - DAY },
            { active: true, lastRotated: NOW - (200 + i) * DAY, lastUsed: 'N/A' },
          ],
        })),
      },
      policy: p,
      now: NOW,
      reportGeneratedAt: null,
      toolVersion: 't',
    });
    expect(r.findings.length).toBeGreaterThanOrEqual(2 * count);
    const key = (f: Finding) => `${f.severity}:${f.rule}:${f.credential}:${f.days}`;
    expect(r.findings.map(key)).toEqual([...r.findings].sort(compareFindings).map(key));
    // ties (one user, rule and credential) keep the rows' order, as a stable sort keeps them
    const keyAge = r.findings.filter(
      (f) => f.rule === 'access-key-age' && f.credential === 'access_key_1',
    );
    expect(keyAge.map((f) => f.days)).toEqual(rows.map((_, i) => 100 + i));
  });
  it('orders the findings of a row object fed again with another user, as the sort does', () => {
    // a caller may reuse one row object: the users are told apart by name, not by the object
    const parsed = parseCredentialReport(
      toCsv([rootRow(), oldKey('zed', 100), oldKey('amy', 200), oldKey('mia', 300)], COLUMNS),
      'r.csv',
    );
    const [, zed, amy, mia] = parsed.rows as (typeof parsed.rows)[number][];
    const evaluation = createEvaluation({
      policy: policy('version: 1\n'),
      now: NOW,
      reportGeneratedAt: null,
      toolVersion: 't',
    });
    const reused = { ...zed! };
    evaluation.addRow(reused);
    Object.assign(reused, amy);
    evaluation.addRow(reused);
    evaluation.addRow(mia!);
    const r = evaluation.finish({ accountId: '123456789012', users: 3, warnings: [] });
    expect(r.findings.map((f) => f.user)).toEqual(['amy', 'mia', 'zed']);
  });

  it('carries references and remediation on every finding', () => {
    const r = check([oldKey('zed', 100)]);
    expect(r.findings[0]?.references).toEqual([
      'AWS Security Hub IAM.3',
      'CIS AWS Foundations v7.0.0 2.12',
      'CIS AWS Foundations v6.0.0 2.13',
    ]);
    expect(r.findings[0]?.remediation).toMatch(
      /Rotate the key.*aws iam create-access-key --user-name zed/,
    );
  });
  it('writes a remediation out from its parts when read, and an assigned one replaces it', () => {
    const r = check([oldKey('zed', 100), { user: 'amy' }]);
    for (const f of r.findings)
      expect(f.remediation).toBe(remediationText(f, r.rules[f.rule] as RuleText));
    const f = r.findings[0] as Finding;
    // a getter, not an own property, until assigned
    expect({ ...f, remediation: f.remediation }.remediation).toBe(f.remediation);
    expect(Object.keys(f)).not.toContain('remediation');
    f.remediation = 'Do this instead.';
    expect(f.remediation).toBe('Do this instead.');
    expect(JSON.parse(JSON.stringify(f)).remediation).toBe('Do this instead.');
  });
  it('writes an id out when read (account, user or "report", credential, rule), and an assigned one replaces it', () => {
    const r = check([oldKey('zed', 100), { user: 'amy' }]);
    for (const f of r.findings)
      expect(f.id).toBe(`123456789012/${f.user ?? 'report'}/${f.credential}/${f.rule}`);
    const f = r.findings[0] as Finding;
    expect(Object.keys(f)).not.toContain('id');
    f.id = 'another';
    expect(f.id).toBe('another');
    expect(Object.keys(f)).toContain('id');
  });
});

describe('determinism (property)', () => {
  const rowArb = fc.record({
    pw: fc.constantFrom('none', 'used', 'never'),
    mfa: fc.boolean(),
    k1: fc.constantFrom('none', 'active', 'inactive', 'never'),
    k2: fc.constantFrom('none', 'active', 'inactive'),
    age: fc.integer({ min: 0, max: 800 }),
  });
  const toRow = (
    r: { pw: string; mfa: boolean; k1: string; k2: string; age: number },
    i: number,
  ): Row => {
    const key = (n: 1 | 2, kind: string): Partial<Row> =>
      kind === 'none'
        ? {}
        : {
            [`access_key_${n}_active`]: String(kind !== 'inactive'),
            [`access_key_${n}_last_rotated`]: ago(r.age),
            [`access_key_${n}_last_used_date`]:
              kind === 'never' ? 'N/A' : ago(Math.floor(r.age / 2)),
          };
    return {
      user: `user-${i}`,
      user_creation_time: ago(r.age + 10),
      mfa_active: String(r.mfa),
      ...(r.pw !== 'none' && {
        password_enabled: 'true',
        password_last_used: r.pw === 'never' ? 'no_information' : ago(r.age),
        password_last_changed: ago(r.age + 5),
      }),
      ...key(1, r.k1),
      ...key(2, r.k2),
    };
  };
  it('gives the same report whatever the row order and column order', () => {
    const p = policy('version: 1\nrules:\n  human-access-key: { enabled: true }\n');
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 15 }),
        fc.func(fc.integer()),
        (specs, shuffleKey) => {
          const rows = [rootRow(), ...specs.map(toRow)];
          const shuffledRows = [...rows].sort((a, b) => shuffleKey(a.user) - shuffleKey(b.user));
          const columns = [...COLUMNS].sort((a, b) => shuffleKey(a) - shuffleKey(b));
          const run = (rs: Row[], cs: readonly string[]) =>
            evaluate({
              report: parseCredentialReport(toCsv(rs, cs), 'r.csv'),
              policy: p,
              now: NOW,
              reportGeneratedAt: null,
              toolVersion: 't',
            });
          expect(run(shuffledRows, columns)).toEqual(run(rows, COLUMNS));
        },
      ),
      { numRuns: 100 },
    );
  });
});
