import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { remediationText } from '../../src/engine/remediation.js';
import type { Finding, GateReport, GateReportJson } from '../../src/engine/types.js';
import { validateReport } from '../../src/merge/validate.js';
import { findingJson, jsonChunks, quote } from '../../src/render/stream.js';
import { check } from '../helpers/policy.js';
import { ago } from '../helpers/report.js';

/**
 * What the JSON report holds of a finding, written here independently of the writer: its own
 * fields in their order, the optional ones only when there is something.
 */
const own = (f: Finding) => ({
  rule: f.rule,
  severity: f.severity,
  user: f.user,
  arn: f.arn,
  credential: f.credential,
  days: f.days,
  threshold: f.threshold,
  serviceUser: f.serviceUser,
  failing: f.failing,
  ...(f.exemption !== null && { exemption: f.exemption }),
  message: f.message,
  ...(f.advice !== null && { advice: f.advice }),
  ...(f.cli !== null && { cli: f.cli }),
  ...(f.terraform.length > 0 && { terraform: f.terraform }),
});

const example = async (): Promise<GateReport> => {
  const { runCheck } = await import('../../src/run/check.js');
  return runCheck({
    reportFile: 'examples/credential-report.csv',
    policyFile: 'examples/policy.yml',
    now: Date.parse('2026-11-22T00:00:00Z'),
    terraformDirs: ['examples/terraform'],
  });
};

/** Everything the in-memory report says is in its JSON: each finding's whole remediation too. */
function expectSaysAll(report: GateReport, json: GateReportJson) {
  const { findings, ...rest } = report;
  expect(json).toEqual({ ...rest, findings: findings.map(own) });
  json.findings.forEach((f, i) => {
    const rule = json.rules[f.rule];
    expect(rule).toBeDefined();
    const whole = remediationText({ ...f, advice: f.advice ?? null, cli: f.cli ?? null }, rule!);
    expect(whole).toBe(findings[i]?.remediation);
    expect(rule?.thresholdUnit).toBe(findings[i]?.thresholdUnit);
    // the references the finding cites are those of its rule its threshold meets
    const cited = rule!.references.filter((r) => {
      const limit = rule!.referenceLimits?.[r];
      return limit === undefined || f.threshold === null || f.threshold <= limit;
    });
    expect(cited).toEqual(findings[i]?.references);
  });
  // only the rules the findings name, in the rules' order
  expect(Object.keys(json.rules).sort()).toEqual([...new Set(findings.map((f) => f.rule))].sort());
  expect(() => validateReport(json, 'r.json')).not.toThrow();
}

describe('streamed JSON', () => {
  it('writes each finding as JSON.stringify writes its own fields, key order included', async () => {
    const report = await example();
    expect(report.findings.some((f) => f.terraform.length > 0 && f.advice !== null)).toBe(true);
    expect(report.findings.some((f) => f.cli !== null)).toBe(true);
    for (const f of report.findings) expect(findingJson(f)).toBe(JSON.stringify(own(f)));
  });

  it('parses back to the report, its rules once, each remediation whole again', async () => {
    const report = await example();
    expectSaysAll(report, JSON.parse([...jsonChunks(report)].join('')) as GateReportJson);
  });

  it('parses back to the report, with and without findings, one finding per line', () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({
      user: `u${i}`,
      user_creation_time: ago(400),
    }));
    for (const report of [check(many), check([{ user: 'fresh', user_creation_time: ago(1) }])]) {
      const text = [...jsonChunks(report)].join('');
      expectSaysAll(report, JSON.parse(text) as GateReportJson);
      const lines = text.split('\n');
      expect(lines.filter((l) => l.startsWith('    {"rule":'))).toHaveLength(
        report.findings.length,
      );
      expect(text.endsWith('}\n')).toBe(true);
    }
  });

  it('says everything, valid against the schema, whatever the credentials (property)', () => {
    const when = fc.constantFrom('N/A', 'no_information', ago(1), ago(50), ago(120), ago(800));
    const flag = fc.constantFrom('true', 'false');
    const row = fc.record({
      user: fc.stringMatching(/^[A-Za-z0-9+=.@_-]{1,20}$/),
      password_enabled: flag,
      password_last_used: when,
      mfa_active: flag,
      access_key_1_active: flag,
      access_key_1_last_rotated: when,
      access_key_1_last_used_date: when,
      access_key_2_active: flag,
      access_key_2_last_rotated: when,
      cert_1_active: flag,
      cert_1_last_rotated: when,
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(row, { selector: (r) => r.user.toLowerCase(), maxLength: 8 }),
        (rows) => {
          const report = check(rows.map((r) => ({ ...r, user_creation_time: ago(900) })));
          expectSaysAll(report, JSON.parse([...jsonChunks(report)].join('')) as GateReportJson);
        },
      ),
      { numRuns: 150 },
    );
  });
});
describe('quoting', () => {
  it('quotes any text as JSON.stringify does: quotes, backslashes, controls, lone surrogates (property)', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.string({
        unit: fc.constantFrom(
          'a',
          '"',
          '\\',
          '\n',
          '\u0000',
          '\u001f',
          '\u007f',
          '\u2028',
          '\ud800',
          '\udc00',
          '😀',
          '“',
        ),
      }),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(quote(t)).toBe(JSON.stringify(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes a finding whatever its text, as JSON.stringify writes its own fields (property)', async () => {
    const report = await example();
    const any = fc.string({
      unit: fc.constantFrom('a', '"', '\\', '\n', '\ud800', '😀', '/', ':'),
    });
    fc.assert(
      fc.property(fc.constantFrom(...report.findings), any, any, any, (f, message, user, arn) => {
        const g = { ...f, message, user, arn, advice: f.advice === null ? null : message };
        expect(findingJson(g)).toBe(JSON.stringify(own(g)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('writing pieces', () => {
  // Pieces of every size around the 1 MiB buffer, with 2-, 3- and 4-byte UTF-8 characters
  // (a surrogate pair must never be split between two writes).
  const pieces = [
    '{"a":',
    'é'.repeat(200_000),
    '€'.repeat(349_525), // 3 bytes each: within a hair of the buffer
    '𝄞'.repeat(300_000), // a surrogate pair each: 4 bytes for 2 units
    'x'.repeat(2 << 20), // larger than the buffer: written on its own
    ...Array.from({ length: 5000 }, (_, i) => `,"k${i}":"ü${i}"`),
    '}\n',
  ];
  const expected = pieces.join('');

  it('writes a file byte for byte, whatever the sizes and characters', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { writeChunks } = await import('../../src/render/stream.js');
    const file = join(mkdtempSync(join(tmpdir(), 'gate-')), 'out.json');
    await writeChunks(pieces, file);
    expect(readFileSync(file).equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });

  it('writes a stream in batches of about a megabyte, in order', async () => {
    const { Writable } = await import('node:stream');
    const { writeChunks } = await import('../../src/render/stream.js');
    const received: string[] = [];
    const sink = new Writable({
      decodeStrings: false,
      write(chunk: string, _encoding, done) {
        received.push(chunk);
        done();
      },
    });
    await writeChunks(pieces, sink);
    expect(received.join('')).toBe(expected);
    expect(received.length).toBeLessThan(20);
  });
});
