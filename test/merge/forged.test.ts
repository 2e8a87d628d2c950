// Forged and edited per-account reports: the merge recomputes, and refuses what disagrees.
import { beforeAll, describe, expect, it } from 'vitest';
import type { GateReportJson as GateReport } from '../../src/engine/types.js';
import { InputError } from '../../src/errors.js';
import { mergeReports, parseExpectedAccounts, readReport } from '../../src/merge/merge.js';
import type { FailOn } from '../../src/policy/schema.js';
import { renderMergedMarkdown } from '../../src/render/merged.js';
import { NOW } from '../helpers/report.js';
import { accountReport, consistent, exampleReport, recount } from './reports.js';

const HOUR = 3_600_000;
let example: GateReport;
beforeAll(async () => {
  example = await exampleReport();
});

const text = (data: unknown) => JSON.stringify(data, null, 2);
/** Merges report texts, an hour after their evaluation. */
const merge = (
  texts: string[],
  options: { failOn?: FailOn; now?: number; maxReportAgeHours?: number } = {},
) =>
  mergeReports(
    texts.map((t, i) => readReport(t, i === 0 ? 'prod.json' : `account-${i}.json`)),
    { toolVersion: 't', now: NOW + HOUR, ...options },
  );
/** The InputError a merge of these texts throws (the test fails when it does not throw one). */
function refusal(texts: string[], options: Parameters<typeof merge>[1] = {}): InputError {
  try {
    merge(texts, options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('the merge accepted the report');
}

describe('the example report, unedited', () => {
  it('merges as failed with its 16 failing findings', () => {
    expect(example.summary.failing).toBe(16);
    const merged = merge([text(example)]);
    expect(merged.passed).toBe(false);
    expect(merged.accounts[0]).toMatchObject({ status: 'failed', failing: 16, findings: 34 });
  });
});

describe('a forged report is refused (exit 2), naming the file and the field', () => {
  it('"passed": true next to 16 failing findings', () => {
    const e = refusal([text({ ...example, passed: true })]);
    expect(e.describe()).toMatch(
      /^prod\.json \(at \$\.passed\): says true, but 16 findings fail under fail_on high/,
    );
  });

  it('"passed": true with the findings removed, the summary still counting 16', () => {
    const e = refusal([text({ ...example, passed: true, findings: [] })]);
    expect(e.place).toEqual({ file: 'prod.json', path: '$.summary.findings' });
    expect(e.message).toMatch(/says 34, but the findings are 0/);
  });

  it('a duplicated key: "passed": false, "passed": true', () => {
    const forged = text(example).replace('"passed": false', '"passed": false, "passed": true');
    expect(JSON.parse(forged).passed).toBe(true); // what a plain JSON reader sees
    const e = refusal([forged]);
    expect(e.describe()).toMatch(
      /^prod\.json:\d+:\d+ \(at \$\.passed\): the key "passed" appears twice/,
    );
  });

  it('a duplicated key deep inside a finding', () => {
    const forged = text(example).replace('"failing": true', '"failing": true, "failing": false');
    expect(refusal([forged]).place.path).toBe('$.findings[0].failing');
  });

  it('every failing flag flipped, the summary and verdict made to match', () => {
    const r = structuredClone(example);
    for (const f of r.findings) f.failing = false;
    r.passed = true;
    r.summary.failing = 0;
    r.summary.failingBySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
    const e = refusal([text(r)]);
    expect(e.describe()).toMatch(
      /^prod\.json \(at \$\.findings\[0\]\.failing\): says false, but a critical finding under fail_on high fails/,
    );
  });

  it('an expired exemption made active (the report lists it as expired)', () => {
    const r = structuredClone(example);
    const i = r.findings.findIndex((f) => f.exemption?.status === 'expired');
    expect(i).toBeGreaterThanOrEqual(0);
    Object.assign(r.findings[i] as object, {
      exemption: { ...r.findings[i]?.exemption, status: 'active' },
    });
    const e = refusal([text(consistent(r))]);
    expect(e.place.path).toBe(`$.findings[${i}].exemption`);
  });

  it('a finding whose rule has no texts in "rules"', () => {
    const r = structuredClone(example);
    const rule = (r.findings[0] as { rule: string }).rule;
    delete r.rules[rule];
    expect(refusal([text(r)]).place.path).toBe('$.findings[0].rule');
  });

  it('an AWS CLI command its rule does not have', () => {
    const r = structuredClone(example);
    const i = r.findings.findIndex((f) => f.cli !== undefined);
    expect(i).toBeGreaterThanOrEqual(0);
    Object.assign(r.findings[i] as object, { cli: [99] });
    expect(refusal([text(r)]).describe()).toMatch(
      new RegExp(String.raw`^prod\.json \(at \$\.findings\[${i}\]\.cli\[0\]\): is 99, but rule `),
    );
  });

  it('a finding written with the fields its rule holds (the old shape)', () => {
    const r = structuredClone(example);
    Object.assign(r.findings[0] as object, { remediation: 'Do nothing.' });
    expect(refusal([text(r)]).describe()).toMatch(/has a property "remediation"/);
  });

  it('an exemption that the report does not list', () => {
    const r = structuredClone(example);
    const i = r.findings.findIndex((f) => f.failing);
    Object.assign(r.findings[i] as object, {
      exemption: { index: 7, reason: 'x', expires: '2099-01-01', ticket: null, status: 'active' },
    });
    expect(refusal([text(consistent(r))]).place.path).toBe(`$.findings[${i}].exemption`);
  });

  it('a severity that is not one (not in the schema)', () => {
    const r = structuredClone(example);
    (r.findings[3] as { severity: string }).severity = 'informational';
    const e = refusal([text(r)]);
    expect(e.describe()).toMatch(
      /^prod\.json \(at \$\.findings\[3\]\.severity\): must be one of "critical", "high", "medium", "low", not "informational"/,
    );
  });

  it.each([
    [
      'a summary count',
      (r: GateReport) => void (r.summary.failingBySeverity.high = 0),
      '$.summary.failingBySeverity.high',
    ],
    [
      'bySeverity',
      (r: GateReport) => void (r.summary.bySeverity.low += 1),
      '$.summary.bySeverity.low',
    ],
    ['exempted', (r: GateReport) => void (r.summary.exempted = 0), '$.summary.exempted'],
    ['the user count', (r: GateReport) => void (r.summary.users = 1), '$.summary.users'],
    ['an unknown property', (r: GateReport) => Object.assign(r, { trusted: true }), '$'],
    ['a missing summary', (r: GateReport) => void delete (r as Partial<GateReport>).summary, '$'],
    [
      'a finding of another account',
      (r: GateReport) =>
        void ((r.findings[0] as { arn: string }).arn = 'arn:aws:iam::999999999999:user/x'),
      '$.findings[0].arn',
    ],
  ])('%s edited', (_name, edit, path) => {
    const r = structuredClone(example);
    edit(r);
    expect(refusal([text(r)]).place).toEqual({ file: 'prod.json', path });
  });
});

describe("the merge's fail_on", () => {
  const never = () => accountReport(1, true, 'dev', 'version: 1\nfail_on: never\n');

  it('holds an account with fail_on never to the merge’s high', () => {
    const own = never();
    expect(own.passed).toBe(true);
    const merged = merge([text(own)]);
    expect(merged.failOn).toBe('high');
    expect(merged.passed).toBe(false);
    expect(merged.accounts[0]).toMatchObject({ status: 'failed', failing: 1, failOn: 'never' });
    expect(merged.findings.every((f) => f.failing)).toBe(true);
    const md = renderMergedMarkdown(merged);
    expect(md).toContain('| Evaluated | Own fail_on |');
    expect(md).toMatch(/\| ❌ failed \| 1 h \| 1 h ago \| `never` \|/);
  });

  it('passes it when the merge is as lenient (--fail-on never)', () => {
    const merged = merge([text(never())], { failOn: 'never' });
    expect(merged.passed).toBe(true);
    expect(renderMergedMarkdown(merged)).not.toContain('Own fail_on');
  });

  it("keeps an account's stricter fail_on: a merge never passes what the account failed", () => {
    const merged = merge([text(example)], { failOn: 'never' });
    expect(merged.passed).toBe(false);
    expect(merged.accounts[0]?.failing).toBe(16);
  });

  it('a stricter merge fails medium findings the account let through', () => {
    const merged = merge([text(example)], { failOn: 'medium' });
    expect(merged.accounts[0]?.failing).toBe(recount(example, 'medium').summary.failing);
    expect(merged.accounts[0]?.failing).toBeGreaterThan(16);
  });
});

describe('report age', () => {
  const clean = () => text(accountReport(2, false));

  it('shows each evaluation age; past the bound (48 h by default) the account is stale', () => {
    const fresh = merge([clean()], { now: NOW + 48 * HOUR });
    expect(fresh.passed).toBe(true);
    expect(fresh.accounts[0]?.evaluationAgeHours).toBe(48);
    const old = merge([clean()], { now: NOW + 49 * HOUR });
    expect(old.passed).toBe(false);
    expect(old.summary.stale).toBe(1);
    expect(old.accounts[0]?.status).toBe('stale');
    expect(old.accounts[0]?.error).toMatch(
      /evaluated 2026-11-22T00:00:00.000Z, 49 h before the merge, more than the 48 h accepted/,
    );
    const md = renderMergedMarkdown(old);
    expect(md).toContain('**1 stale** (evaluated more than 48 h ago)');
    expect(md).toContain('⌛ stale');
    expect(merge([clean()], { now: NOW + 49 * HOUR, maxReportAgeHours: 72 }).passed).toBe(true);
  });

  it('refuses a report evaluated in the future, beyond 5 minutes of skew', () => {
    expect(merge([clean()], { now: NOW - 4 * 60_000 }).passed).toBe(true);
    const e = refusal([clean()], { now: NOW - 6 * 60_000 });
    expect(e.place.path).toBe('$.evaluatedAt');
    expect(e.message).toMatch(/a report from the future/);
  });

  it('refuses a credential report generated after its evaluation', () => {
    const r = { ...accountReport(2, false), reportGeneratedAt: new Date(NOW + HOUR).toISOString() };
    expect(refusal([text(r)]).place.path).toBe('$.reportGeneratedAt');
  });

  it('refuses a time that is not one', () => {
    const r = { ...accountReport(2, false), evaluatedAt: '2026-13-45T00:00:00.000Z' };
    expect(refusal([text(r)]).place.path).toBe('$.evaluatedAt');
  });
});

describe('expected accounts', () => {
  it.each([
    ['an empty file', ''],
    ['only comments and blank lines', '# prod\n\n   # dev\n'],
    ['an empty JSON list', '[]'],
    ['list-accounts JSON with no account', '{"accounts": []}'],
  ])('%s is an input error', (_name, content) => {
    expect(() => parseExpectedAccounts(content, 'accounts.txt')).toThrow(
      /lists no account: an empty list would turn the check for missing reports off/,
    );
  });
  it('an empty list given directly is refused too', () => {
    expect(() => mergeReports([], { toolVersion: 't', now: NOW, expectAccounts: [] })).toThrow(
      /the list of expected accounts is empty/,
    );
  });
});
