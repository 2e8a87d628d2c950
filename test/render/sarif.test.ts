import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../src/render/sarif.js';
import { render } from '../../src/render/index.js';
import { runCheck } from '../../src/run/check.js';

const schema = JSON.parse(
  readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8'),
);
// The draft-04 flavour of ajv (the SARIF schema is draft-04); CommonJS, so required.
const Ajv04 = createRequire(import.meta.url)('ajv-draft-04') as new (options: object) => Ajv;
const validate = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false }).compile(
  schema,
);

describe('SARIF', async () => {
  const report = await runCheck({
    reportFile: 'examples/credential-report.csv',
    policyFile: 'examples/policy.yml',
    now: Date.parse('2026-11-22T00:00:00Z'),
  });
  const sarif = renderSarif(report);

  it('is valid SARIF 2.1.0 (the official JSON schema)', () => {
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('streams to the same log, one result per line', () => {
    const text = render(report, 'sarif');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(sarif)));
    expect(text.split('\n').filter((l) => l.startsWith('        {"ruleId"'))).toHaveLength(
      report.findings.length,
    );
  });

  it('the schema check does catch a broken log', () => {
    expect(
      validate({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ level: 'fatal' }] }] }),
    ).toBe(false);
  });

  it('has one rule per rule id, with help and security-severity', () => {
    const rules = sarif.runs[0]?.tool.driver.rules ?? [];
    expect(rules).toHaveLength(15);
    expect(rules.find((r) => r.id === 'root-access-key')).toMatchObject({
      properties: { 'security-severity': '9.5' },
      help: { text: expect.stringMatching(/IAM\.4/) },
    });
  });

  it('gives every finding a stable fingerprint, a level by verdict, and suppressions for exemptions', () => {
    const results = sarif.runs[0]?.results ?? [];
    expect(results).toHaveLength(report.findings.length);
    expect(results[0]?.partialFingerprints).toEqual({
      'iamCredentialGate/v1': report.findings[0]?.id,
    });
    expect(results.filter((r) => r.level === 'error')).toHaveLength(report.summary.failing);
    expect(results.filter((r) => r.suppressions)).toHaveLength(report.summary.exempted);
    // no Terraform location: the policy file, line 1
    expect(results[0]?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/policy.yml' },
      region: { startLine: 1 },
    });
  });
});
