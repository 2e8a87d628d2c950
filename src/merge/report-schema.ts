import { SCHEMA_VERSION, TOOL_NAME } from '../engine/types.js';
import { FAIL_ON } from '../policy/schema.js';
import { WEAKENING_KINDS } from '../policy/weakening.js';
import { CREDENTIALS, RULES, SEVERITIES } from '../rules/index.js';

export const REPORT_SCHEMA_ID =
  'https://raw.githubusercontent.com/iam-credential-gate/iam-credential-gate/main/schema/report.schema.json';

/** `toISOString()`: what the gate writes for a time. */
const ISO_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$';

type Schema = Record<string, unknown>;
const RULE_IDS = RULES.map((r) => r.meta.id);

/** An object with exactly these properties, all required but those listed optional. */
const object = (properties: Record<string, Schema>, optional: readonly string[] = []): Schema => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
  properties,
});
const string: Schema = { type: 'string' };
const count: Schema = { type: 'integer', minimum: 0 };
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
const strings: Schema = { type: 'array', items: string };
const scalar: Schema = { anyOf: [string, { type: 'number' }, { type: 'boolean' }] };
const severityCounts = object(Object.fromEntries(SEVERITIES.map((s) => [s, count])));
const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });

const lifecycle = object({
  file: string,
  line: count,
  preventDestroy: { type: 'boolean' },
  ignoreChanges: strings,
});

/**
 * The JSON report (`check --format json`, the action's `json-file`) and the error report written
 * in its place when the run failed on input; `merge` validates every input against it.
 */
export function buildReportSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: REPORT_SCHEMA_ID,
    title: `${TOOL_NAME} JSON report (schemaVersion ${SCHEMA_VERSION})`,
    description:
      'What `iam-credential-gate check --format json` writes (see docs/json-report.md), or, when the run failed on input, the error report `{ schemaVersion, tool, account, passed: false, error }`.',
    type: 'object',
    if: { type: 'object', properties: { error: {} }, required: ['error'] },
    then: ref('errorReport'),
    else: ref('report'),
    definitions: {
      schemaVersion: { const: SCHEMA_VERSION },
      tool: object({ name: { const: TOOL_NAME }, version: string }),
      account: object({
        id: nullable({ type: 'string', pattern: '^\\d{12}$' }),
        label: nullable(string),
      }),
      time: { type: 'string', pattern: ISO_TIME },
      errorReport: object(
        {
          schemaVersion: ref('schemaVersion'),
          tool: ref('tool'),
          account: ref('account'),
          passed: { const: false },
          error: object({ message: string }),
        },
        ['passed'],
      ),
      report: object(
        {
          schemaVersion: ref('schemaVersion'),
          tool: ref('tool'),
          account: ref('account'),
          evaluatedAt: ref('time'),
          reportGeneratedAt: nullable(ref('time')),
          policy: object({ failOn: { enum: [...FAIL_ON] }, file: string }),
          passed: { type: 'boolean' },
          summary: object({
            users: count,
            findings: count,
            failing: count,
            exempted: count,
            bySeverity: ref('severityCounts'),
            failingBySeverity: ref('severityCounts'),
          }),
          rules: {
            type: 'object',
            propertyNames: { enum: RULE_IDS },
            additionalProperties: ref('ruleText'),
          },
          findings: { type: 'array', items: ref('finding') },
          exemptions: { type: 'array', items: ref('exemption') },
          warnings: strings,
          policyWarnings: {
            type: 'array',
            items: object(
              {
                kind: { enum: [...WEAKENING_KINDS] },
                path: string,
                rule: string,
                scope: { enum: ['all users', 'service users'] },
                from: scalar,
                to: scalar,
                unit: string,
                exemption: count,
                preset: string,
                message: string,
              },
              ['rule', 'scope', 'from', 'to', 'unit', 'exemption', 'preset'],
            ),
          },
          policyChanges: object({
            base: string,
            baseMissing: { type: 'boolean' },
            changes: {
              type: 'array',
              items: {
                type: 'object',
                required: ['kind'],
                properties: {
                  kind: { enum: ['fail-on', 'setting', 'service-users', 'exemption'] },
                },
              },
            },
          }),
        },
        ['policyWarnings', 'policyChanges'],
      ),
      severityCounts,
      finding: object(
        {
          rule: { enum: RULE_IDS },
          severity: { enum: [...SEVERITIES] },
          user: nullable(string),
          arn: nullable(string),
          credential: { enum: [...CREDENTIALS] },
          days: nullable({ type: 'integer' }),
          threshold: nullable({ type: 'integer' }),
          serviceUser: { type: 'boolean' },
          failing: { type: 'boolean' },
          exemption: object({
            index: count,
            reason: string,
            expires: string,
            ticket: nullable(string),
            status: { enum: ['active', 'expired'] },
          }),
          message: string,
          advice: string,
          cli: { type: 'array', items: count, minItems: 1 },
          terraform: { type: 'array', items: ref('terraformLocation'), minItems: 1 },
        },
        ['exemption', 'advice', 'cli', 'terraform'],
      ),
      ruleText: object(
        {
          description: string,
          remediation: string,
          references: strings,
          referenceLimits: { type: 'object', additionalProperties: count },
          thresholdUnit: nullable({ enum: ['days', 'hours', 'seconds'] }),
          cli: strings,
          help: string,
        },
        ['referenceLimits'],
      ),
      terraformLocation: object(
        {
          file: nullable(string),
          line: nullable(count),
          address: string,
          kind: { enum: ['resource', 'for_each', 'count', 'module', 'state'] },
          block: object({ file: nullable(string), line: nullable(count), address: string }),
          related: {
            type: 'array',
            items: object(
              {
                type: string,
                address: string,
                file: nullable(string),
                line: nullable(count),
                lifecycle,
                element: object({ file: string, line: count }),
              },
              ['lifecycle', 'element'],
            ),
          },
          moduleCreates: object(
            {
              accessKey: { type: 'boolean' },
              loginProfile: { type: 'boolean' },
              inputs: object({ accessKey: string, loginProfile: string }),
            },
            ['inputs'],
          ),
          lifecycle,
          forceDestroy: { const: true },
          fix: object(
            {
              status: { enum: ['verified', 'manual'] },
              edits: {
                type: 'array',
                items: object({
                  file: string,
                  firstLine: count,
                  lastLine: count,
                  kind: {
                    enum: [
                      'delete-block',
                      'remove-element',
                      'remove-entry',
                      'remove-json-element',
                      'remove-name',
                      'set-argument',
                    ],
                  },
                  before: string,
                  after: string,
                }),
              },
              destroys: strings,
              reason: string,
              place: object({ file: string, line: count }),
            },
            ['reason', 'place'],
          ),
        },
        ['moduleCreates', 'lifecycle', 'forceDestroy', 'fix'],
      ),
      exemption: object({
        index: count,
        users: strings,
        rules: nullable(strings),
        reason: string,
        expires: string,
        ticket: nullable(string),
        status: { enum: ['active', 'expired', 'expiring-soon', 'unused'] },
        matched: count,
      }),
    },
  };
}
