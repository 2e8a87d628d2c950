import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { errorSarif, fingerprint, renderSarif } from '../../src/render/sarif.js';
import { defaultUri, repositoryUris } from '../../src/render/sarif-uri.js';
import { ruleDocUrl } from '../../src/rules/docs-url.js';
import type { Finding } from '../../src/engine/types.js';
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
      report.findings.length - report.summary.exempted,
    );
    const all = render(report, 'sarif', {}, { includeExempted: true });
    expect(JSON.parse(all)).toEqual(
      JSON.parse(JSON.stringify(renderSarif(report, { includeExempted: true }))),
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

  it('gives every finding a stable fingerprint, a level by verdict, and suppressions for exemptions when asked', () => {
    const all = renderSarif(report, { includeExempted: true });
    expect(validate(all), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const results = all.runs[0]?.results ?? [];
    expect(results).toHaveLength(report.findings.length);
    expect(results[0]?.partialFingerprints).toEqual({
      'iamCredentialGate/v2': expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(results.filter((r) => r.level === 'error')).toHaveLength(report.summary.failing);
    expect(results.filter((r) => r.suppressions)).toHaveLength(report.summary.exempted);
    expect(all.runs[0]?.invocations).toBeUndefined();
    // no Terraform location: the policy file, line 1
    expect(results[0]?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/policy.yml' },
      region: { startLine: 1 },
    });
  });

  it('leaves exempted findings out by default, and says how many in a note', () => {
    expect(report.summary.exempted).toBeGreaterThan(0);
    const results = sarif.runs[0]?.results ?? [];
    expect(results).toHaveLength(report.findings.length - report.summary.exempted);
    expect(results.some((r) => r.suppressions)).toBe(false);
    expect(sarif.runs[0]?.invocations?.[0]).toEqual({
      executionSuccessful: true,
      toolExecutionNotifications: [
        {
          level: 'note',
          message: {
            text: expect.stringMatching(
              new RegExp(`^${report.summary.exempted} exempted finding\\(s\\) left out`),
            ),
          },
        },
      ],
    });
  });

  it('links every rule to its page in docs/rules/', () => {
    for (const rule of sarif.runs[0]?.tool.driver.rules ?? []) {
      expect(rule.helpUri).toBe(ruleDocUrl(rule.id));
      expect(existsSync(`docs/rules/${rule.id}.md`), rule.id).toBe(true);
    }
  });

  it('fingerprints follow account, user, credential and rule, not the line', () => {
    const f = report.findings.find((x) => x.user === 'carol') as Finding;
    // (`id` is a getter of the evaluation's findings, which a spread does not copy)
    const at = (line: number) => ({
      ...f,
      id: f.id,
      terraform: [{ file: 'iam/users.tf', line, address: 'aws_iam_user.carol' }],
    });
    const moved = at(40) as unknown as Finding;
    expect(fingerprint(moved)).toBe(fingerprint(at(3) as unknown as Finding));
    expect(fingerprint(moved)).toBe(fingerprint(f));
    for (const id of [
      f.id.replace(/^[^/]*/, '999999999999'),
      f.id.replace(f.user as string, 'someone-else'),
      `${f.id}x`,
    ])
      expect(fingerprint({ ...f, id })).not.toBe(fingerprint(f));
  });

  it('writes URIs relative to the repository root; outside it, no location and a note', async () => {
    const root = resolve('.');
    const inside = await runCheck({
      reportFile: 'examples/credential-report.csv',
      policyFile: resolve('examples/policy.yml'),
      now: Date.parse('2026-11-22T00:00:00Z'),
    });
    const log = renderSarif(inside, { uriOf: repositoryUris(root, root) });
    expect(validate(log)).toBe(true);
    const uris = (log.runs[0]?.results ?? []).map(
      (r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri,
    );
    expect(uris).toContain('examples/policy.yml');
    expect(uris.every((u) => u !== undefined && !u.startsWith('/') && !u.includes('..'))).toBe(
      true,
    );
    // the same run seen from a subfolder of the repository: still relative to the root
    const fromSub = renderSarif(report, { uriOf: repositoryUris(resolve('..'), root) });
    expect(
      fromSub.runs[0]?.results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation,
    ).toEqual({ uri: `${basename(root)}/examples/policy.yml` });
    // a root the policy is not in: those results have no location, and the run says so
    const outside = renderSarif(inside, { uriOf: repositoryUris(resolve('src'), root) });
    expect(validate(outside)).toBe(true);
    const unplaced = (outside.runs[0]?.results ?? []).filter((r) => r.locations?.length === 0);
    expect(unplaced.length).toBeGreaterThan(0);
    expect(outside.runs[0]?.invocations?.[0]?.toolExecutionNotifications).toContainEqual({
      level: 'warning',
      message: {
        text: expect.stringMatching(
          new RegExp(
            `^${unplaced.length} result\\(s\\) have no location: .*policy\\.yml is outside`,
          ),
        ),
      },
    });
    // without a root, an absolute path is no URI either
    expect(defaultUri('/etc/policy.yml')).toBeNull();
    expect(defaultUri('../policy.yml')).toBeNull();
    expect(defaultUri('./examples/p.yml')).toBe('examples/p.yml');
  });

  it('a run that could not evaluate: valid SARIF, no results, the error as a failed invocation', () => {
    const log = errorSarif('policy.yml:2:10 (at fail_on): "hihg" is not allowed', '1.2.3', null, {
      uri: 'policy.yml',
      line: 2,
      column: 10,
    });
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(log.runs[0]?.results).toEqual([]);
    expect(log.runs[0]?.automationDetails?.id).toBe('iam-credential-gate/unknown/');
    expect(log.runs[0]?.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'policy.yml:2:10 (at fail_on): "hihg" is not allowed' },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: 'policy.yml' },
                  region: { startLine: 2, startColumn: 10 },
                },
              },
            ],
          },
        ],
      },
    ]);
  });
});
