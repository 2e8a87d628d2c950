import type { Severity } from '../rules/types.js';
import type { FailOn } from './schema.js';
import type { RuleOverride } from './types.js';

/** A baseline a policy can start from (`extends:`), shipped with the product. */
export interface Preset {
  name: string;
  title: string;
  /** What it is for, in a sentence. */
  summary: string;
  /** Where the control text comes from. */
  source: string;
  /** The recommendations or controls it implements, each with what the gate checks for it. */
  controls: readonly { control: string; rule: string; text: string }[];
  failOn?: FailOn;
  rules: Readonly<Record<string, RuleOverride>>;
}

const on = (severity?: Severity): RuleOverride => ({
  enabled: true,
  ...(severity && { severity }),
  thresholds: {},
});
const days = (max: number, severity?: Severity): RuleOverride => ({
  enabled: true,
  ...(severity && { severity }),
  thresholds: { max_days: max },
});

const CIS_COMMON = (v: string, n: Record<string, string>) => [
  {
    control: `${v} ${n.rootKey}`,
    rule: 'root-access-key',
    text: 'Ensure no root user account access key exists',
  },
  {
    control: `${v} ${n.rootMfa}`,
    rule: 'root-mfa',
    text: 'Ensure MFA is enabled for the root user account',
  },
  {
    control: `${v} ${n.rootUse}`,
    rule: 'root-recent-use, root-certificate',
    text: 'Eliminate use of the root user for administrative and daily tasks',
  },
  {
    control: `${v} ${n.consoleMfa}`,
    rule: 'console-mfa',
    text: 'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password',
  },
  {
    control: `${v} ${n.unused}`,
    rule: 'password-unused, access-key-unused (max_days 45)',
    text: 'Ensure credentials unused for 45 days or more are disabled',
  },
  {
    control: `${v} ${n.rotated}`,
    rule: 'access-key-age (max_days 90)',
    text: 'Ensure access keys are rotated every 90 days or less',
  },
];

/** The CIS thresholds: credentials unused 45 days or more, keys rotated within 90 days. */
const CIS_RULES: Record<string, RuleOverride> = {
  'root-access-key': on(),
  'root-mfa': on(),
  'root-recent-use': on(),
  'console-mfa': on(),
  'password-unused': days(45),
  'access-key-unused': days(45),
  'access-key-age': days(90),
};

export const PRESETS: readonly Preset[] = [
  {
    name: 'cis-aws-v7',
    title: 'CIS AWS Foundations Benchmark v7.0.0 (IAM, section 2)',
    summary:
      'The current CIS benchmark’s recommendations that the credential report can check: credentials unused 45 days or more, keys rotated within 90 days, MFA for console users and root, no root keys, no root use.',
    source:
      'CIS Amazon Web Services Foundations Benchmark v7.0.0, section 2 (Identity and Access Management)',
    controls: CIS_COMMON('CIS v7.0.0', {
      rootKey: '2.4',
      rootMfa: '2.5',
      rootUse: '2.7',
      consoleMfa: '2.10',
      unused: '2.11',
      rotated: '2.12',
    }),
    rules: CIS_RULES,
  },
  {
    name: 'cis-aws-v6',
    title: 'CIS AWS Foundations Benchmark v6.0.0 (IAM, section 2)',
    summary:
      'The previous CIS benchmark: as v7.0.0, plus no access keys at initial user setup (2.10) and at most one active access key per user (2.12).',
    source:
      'CIS Amazon Web Services Foundations Benchmark v6.0.0, section 2 (Identity and Access Management)',
    controls: [
      ...CIS_COMMON('CIS v6.0.0', {
        rootKey: '2.3',
        rootMfa: '2.4',
        rootUse: '2.6',
        consoleMfa: '2.9',
        unused: '2.11',
        rotated: '2.13',
      }),
      {
        control: 'CIS v6.0.0 2.10',
        rule: 'key-at-setup',
        text: 'Do not create access keys during initial setup for IAM users with a console password',
      },
      {
        control: 'CIS v6.0.0 2.12',
        rule: 'multiple-active-keys',
        text: 'Ensure there is only one active access key for any single IAM user',
      },
    ],
    rules: { ...CIS_RULES, 'key-at-setup': on(), 'multiple-active-keys': on() },
  },
  {
    name: 'aws-security-hub',
    title: 'AWS Security Hub CSPM: IAM controls',
    summary:
      'Security Hub CSPM’s IAM controls that the credential report can check, at their default parameters: IAM.22’s 45 days (which also meets IAM.8’s 90) and IAM.3’s 90-day rotation.',
    source: 'AWS Security Hub CSPM user guide, "Security Hub CSPM controls for IAM"',
    controls: [
      {
        control: 'IAM.3',
        rule: 'access-key-age (max_days 90)',
        text: 'IAM users’ access keys should be rotated every 90 days or less (maxAccessKeyAge 90)',
      },
      {
        control: 'IAM.4',
        rule: 'root-access-key',
        text: 'IAM root user access key should not exist',
      },
      {
        control: 'IAM.5',
        rule: 'console-mfa',
        text: 'MFA should be enabled for all IAM users that have a console password',
      },
      {
        control: 'IAM.8',
        rule: 'password-unused, access-key-unused',
        text: 'Unused IAM user credentials should be removed (maxCredentialUsageAge 90)',
      },
      {
        control: 'IAM.9',
        rule: 'root-mfa',
        text: 'MFA should be enabled for the root user (not available in GovCloud and China)',
      },
      {
        control: 'IAM.22',
        rule: 'password-unused, access-key-unused (max_days 45)',
        text: 'IAM user credentials unused for 45 days should be removed',
      },
    ],
    rules: {
      'root-access-key': on(),
      'root-mfa': on(),
      'console-mfa': on(),
      'password-unused': days(45),
      'access-key-unused': days(45),
      'access-key-age': days(90),
    },
  },
  {
    name: 'strict',
    title: 'Strict',
    summary:
      'Tighter than the benchmarks, for accounts that should hold almost no long-lived credentials: 30 days unused, 60-day rotation, humans without access keys, and the gate fails from medium.',
    source: 'this project',
    controls: [
      {
        control: 'CIS v7.0.0 2.11, IAM.22',
        rule: 'password-unused, access-key-unused (max_days 30)',
        text: 'stricter than 45 days',
      },
      {
        control: 'CIS v7.0.0 2.12, IAM.3',
        rule: 'access-key-age (max_days 60)',
        text: 'stricter than 90 days',
      },
      {
        control: 'AWS IAM best practices',
        rule: 'human-access-key',
        text: 'require human users to use temporary credentials',
      },
    ],
    failOn: 'medium',
    rules: {
      ...CIS_RULES,
      'password-unused': days(30),
      'access-key-unused': days(30),
      'unused-user': days(45),
      'access-key-age': days(60, 'high'),
      'multiple-active-keys': on('high'),
      'key-at-setup': on('medium'),
      'inactive-access-key': days(30, 'medium'),
      'human-access-key': on(),
    },
  },
];

export const PRESET_NAMES: readonly string[] = PRESETS.map((p) => p.name);
export const PRESETS_BY_NAME: ReadonlyMap<string, Preset> = new Map(
  PRESETS.map((p) => [p.name, p]),
);

/** One rule's overrides on top of another's: what the later one sets wins, field by field. */
export function layer(
  base: RuleOverride | undefined,
  top: RuleOverride | undefined,
): RuleOverride | undefined {
  if (!base) return top;
  if (!top) return base;
  return {
    ...base,
    ...(top.enabled !== undefined && { enabled: top.enabled }),
    ...(top.severity !== undefined && { severity: top.severity }),
    thresholds: { ...base.thresholds, ...top.thresholds },
  };
}

/** The presets' rules, in order (later ones win), then the policy's own. */
export function layerRules(
  presets: readonly Preset[],
  own: Readonly<Record<string, RuleOverride>>,
): Record<string, RuleOverride> {
  const out: Record<string, RuleOverride> = {};
  for (const layerRules of [...presets.map((p) => p.rules), own])
    for (const [id, o] of Object.entries(layerRules)) out[id] = layer(out[id], o) as RuleOverride;
  return out;
}
