// schema/report.schema.json describes exactly what `--format json` writes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { EXAMPLE_CHECK } from '../helpers/example.js';
import { describe, expect, it } from 'vitest';
import validateGenerated from '../../src/merge/validate-report.generated.js';
import { writeErrorReport } from './reports.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits at any depth
type Json = any;

const schema = JSON.parse(readFileSync('schema/report.schema.json', 'utf8'));
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
const dir = mkdtempSync(join(tmpdir(), 'report-schema-'));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });

/** The committed bundle's JSON report of the example, with Terraform locations. */
function exampleJson(): Record<string, unknown> {
  const output = join(dir, 'example.json');
  const r = cli(...EXAMPLE_CHECK, '--account-label', 'prod', '--output', output);
  expect(r.status, r.stderr).toBe(1);
  return JSON.parse(readFileSync(output, 'utf8'));
}

describe('schema/report.schema.json', () => {
  const report = exampleJson() as {
    findings: {
      terraform?: { related: { lifecycle?: unknown }[] }[];
      exemption?: unknown;
      cli?: number[];
    }[];
    rules: Record<string, { cli: string[] }>;
    exemptions: unknown[];
    warnings: unknown[];
  };

  it('validates the real JSON output of the example (Terraform, exemptions, warnings)', () => {
    // the output has every part the schema describes
    expect(report.findings.some((f) => f.terraform !== undefined)).toBe(true);
    expect(report.findings.some((f) => f.terraform?.some((t) => t.related.length > 0))).toBe(true);
    expect(report.findings.some((f) => f.exemption !== undefined)).toBe(true);
    expect(report.findings.some((f) => f.cli !== undefined)).toBe(true);
    expect(Object.keys(report.rules).length).toBeGreaterThan(3);
    expect(report.exemptions.length).toBeGreaterThan(0);
    expect(report.warnings.length).toBeGreaterThan(0);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(validateGenerated(report)).toBe(true);
  });

  it('validates the error report written on an input error', () => {
    const output = join(dir, 'error.json');
    const r = writeErrorReport(output, '123456789012');
    expect(r.status).toBe(2);
    const error = JSON.parse(readFileSync(output, 'utf8'));
    expect(error.error.message).toMatch(/cannot read the credential report/);
    expect(validate(error), JSON.stringify(validate.errors)).toBe(true);
    // the form SPEC §9 gives, without `passed`, is one too; a passing error report is not
    expect(validate({ ...error, passed: undefined })).toBe(true);
    expect(validate({ ...error, passed: true })).toBe(false);
  });

  it.each([
    ['an unknown top-level property', (r: Json) => (r.extra = 1)],
    ['a finding with an unknown property', (r: Json) => (r.findings[0].note = 'x')],
    ['a missing finding field', (r: Json) => delete r.findings[0].severity],
    ['a severity outside the enum', (r: Json) => (r.findings[0].severity = 'info')],
    ['an unknown rule', (r: Json) => (r.findings[0].rule = 'made-up')],
    ['a count that is not a whole number', (r: Json) => (r.summary.failing = 1.5)],
    [
      'a rule text of an unknown rule',
      (r: Json) => (r.rules['made-up'] = r.rules[r.findings[0].rule]),
    ],
    ['a rule text with a property more', (r: Json) => (r.rules[r.findings[0].rule].extra = 1)],
    ['no rules', (r: Json) => delete r.rules],
    ['an empty list of CLI commands', (r: Json) => (r.findings.find((x: Json) => x.cli).cli = [])],
    [
      'a CLI index that is not a whole number',
      (r: Json) => (r.findings.find((x: Json) => x.cli).cli = [0.5]),
    ],
    ['a finding with an id again', (r: Json) => (r.findings[0].id = 'x')],
    ['a fail_on outside the enum', (r: Json) => (r.policy.failOn = 'sometimes')],
    ['a time that is not toISOString()', (r: Json) => (r.evaluatedAt = 'yesterday')],
    ['an account id not of 12 digits', (r: Json) => (r.account.id = '123')],
    ['another tool', (r: Json) => (r.tool.name = 'other')],
    ['another schema version', (r: Json) => (r.schemaVersion = 2)],
    [
      'a Terraform location with an unknown kind',
      (r: Json) => {
        const f = r.findings.find((x: Json) => x.terraform !== undefined);
        f.terraform[0].kind = 'data';
      },
    ],
  ])('refuses %s', (_name, edit) => {
    const wrong = structuredClone(report);
    edit(wrong);
    expect(validate(wrong)).toBe(false);
    expect(validateGenerated(wrong)).toBe(false);
  });
});
