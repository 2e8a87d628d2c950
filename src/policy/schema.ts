import { RULES, SEVERITIES, type ThresholdSetting, type ThresholdUnit } from '../rules/index.js';
import { PRESET_NAMES } from './presets.js';

/**
 * The largest threshold accepted, by unit: ten years for ages and windows; one year for the
 * report's age (`report.max_age_hours`, the only threshold in hours). Past these a threshold is
 * no limit at all (`max_days: 1e308`): a schema error, not a policy.
 */
export const THRESHOLD_MAXIMUM: Readonly<Record<ThresholdUnit, number>> = {
  days: 3650,
  hours: 8760,
  seconds: 315_360_000,
};

export const FAIL_ON = [...SEVERITIES, 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** `YYYY-MM-DD` or an ISO-8601 date-time with an offset (real dates are checked after the schema). */
export const EXPIRY_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?([Zz]|[+-]\\d{2}:\\d{2}))?$';

/** A string with something in it (`minLength` would need ajv's runtime in the generated validator). */
/** At least one visible character: not only spaces, nor only zero-width or direction marks. */
export const NOT_BLANK = '[^\\s\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2069\\ufeff]';

export const SCHEMA_ID =
  'https://raw.githubusercontent.com/iam-credential-gate/iam-credential-gate/main/schema/policy.schema.json';

const thresholdSchema = (setting: ThresholdSetting) => ({
  type: 'integer',
  minimum: setting.minimum,
  maximum: THRESHOLD_MAXIMUM[setting.unit],
  default: setting.default,
  description: `${setting.description} Unit: ${setting.unit}. Default: ${setting.default}.`,
});

/** The policy file's JSON Schema (draft-07), derived from the rule registry. */
export function buildPolicySchema() {
  const ruleIds = RULES.map((r) => r.meta.id);
  const definitions: Record<string, unknown> = {
    severity: { enum: [...SEVERITIES] },
    ruleId: { enum: ruleIds },
    userGlob: {
      type: 'string',
      pattern: NOT_BLANK,
      description: 'An IAM user name; `*` and `?` are wildcards; matched case-insensitively.',
    },
    ruleOverrides: {
      type: 'object',
      additionalProperties: false,
      description: 'Per-rule overrides of the defaults.',
      properties: Object.fromEntries(
        ruleIds.map((id) => [id, { $ref: `#/definitions/rule:${id}` }]),
      ),
    },
  };
  for (const { meta } of RULES) {
    definitions[`rule:${meta.id}`] = {
      type: 'object',
      additionalProperties: false,
      description: `${meta.description} Default severity: ${meta.severity}${meta.enabledByDefault ? '' : '; disabled by default'}.`,
      properties: {
        enabled: { type: 'boolean', default: meta.enabledByDefault },
        severity: { $ref: '#/definitions/severity', default: meta.severity },
        ...Object.fromEntries(
          Object.entries(meta.settings).map(([k, s]) => [k, thresholdSchema(s)]),
        ),
      },
    };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'iam-credential-gate policy (version 1)',
    type: 'object',
    additionalProperties: false,
    required: ['version'],
    properties: {
      $schema: { type: 'string', description: 'The schema of this file, for editors.' },
      version: { const: 1, description: 'The policy format version; always 1.' },
      extends: {
        description: `Start from shipped baselines: ${PRESET_NAMES.join(', ')} (see docs/presets.md). One name or a list; later ones win, and this file's own settings win over all.`,
        oneOf: [
          { enum: [...PRESET_NAMES] },
          { type: 'array', minItems: 1, items: { enum: [...PRESET_NAMES] } },
        ],
      },
      fail_on: {
        enum: [...FAIL_ON],
        default: 'high',
        description:
          'The gate fails when a finding at or above this severity is not exempted. `never` only reports.',
      },
      report: {
        type: 'object',
        additionalProperties: false,
        properties: {
          max_age_hours: {
            type: 'integer',
            minimum: 1,
            maximum: THRESHOLD_MAXIMUM.hours,
            default: 24,
            description: 'The oldest credential report accepted (rule report-stale).',
          },
        },
      },
      rules: { $ref: '#/definitions/ruleOverrides' },
      root: {
        type: 'object',
        additionalProperties: false,
        properties: {
          credentials: {
            enum: ['present', 'removed'],
            default: 'present',
            description:
              '`removed`: the root credentials of this (member) account were removed with AWS Organizations centralized root access. root-mfa then does not fire while the report shows no root access key or certificate (it says so in the warnings); the report cannot show a root password, so this is a declaration.',
          },
        },
      },
      service_users: {
        type: 'object',
        additionalProperties: false,
        description:
          'The allow-listed service (machine) users and the overrides that apply to them only.',
        properties: {
          users: { type: 'array', items: { $ref: '#/definitions/userGlob' } },
          paths: {
            type: 'array',
            items: {
              type: 'string',
              pattern: '^/',
              description: 'An IAM path prefix, e.g. /service/ (matched as written).',
            },
          },
          rules: { $ref: '#/definitions/ruleOverrides' },
        },
      },
      exemptions: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['users', 'reason', 'expires'],
          properties: {
            users: { type: 'array', minItems: 1, items: { $ref: '#/definitions/userGlob' } },
            rules: {
              type: 'array',
              minItems: 1,
              items: { $ref: '#/definitions/ruleId' },
              description:
                'The rules exempted; every rule when absent (report-stale, about the report, cannot be).',
            },
            reason: { type: 'string', pattern: NOT_BLANK },
            expires: {
              type: 'string',
              pattern: EXPIRY_PATTERN,
              description: 'YYYY-MM-DD (end of that day, UTC) or a full ISO-8601 date-time.',
            },
            ticket: { type: 'string' },
          },
        },
      },
    },
    definitions,
  };
}
