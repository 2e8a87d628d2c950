import type { CredentialRow } from '../report/types.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
};

export const CREDENTIALS = [
  'password',
  'mfa',
  'access_key_1',
  'access_key_2',
  'cert_1',
  'cert_2',
  'user',
  'report',
] as const;
export type Credential = (typeof CREDENTIALS)[number];

export type ThresholdUnit = 'days' | 'hours' | 'seconds';

/** A numeric setting of a rule (`max_days`, `within_days`, ...). */
export interface ThresholdSetting {
  default: number;
  unit: ThresholdUnit;
  minimum: number;
  description: string;
  /**
   * Which way the gate gets weaker: `higher` for an age limit (`max_days`: a bigger limit fires
   * later), `lower` for a recency window (`within_days`: a smaller window fires less often).
   */
  looser: 'higher' | 'lower';
}

export interface RuleMeta {
  id: string;
  /** One line: what the rule checks. */
  description: string;
  /** Why it matters. */
  risk: string;
  severity: Severity;
  enabledByDefault: boolean;
  /** `root`: only the root row; `user`: every row but root; `report`: once per report. */
  scope: 'root' | 'user' | 'report';
  /** The rule's own thresholds. At most one, by convention, so a finding has one `threshold`. */
  settings: Readonly<Record<string, ThresholdSetting>>;
  /** AWS Security Hub control IDs and CIS AWS Foundations Benchmark recommendations. */
  references: readonly string[];
  /**
   * References that set a threshold of their own for the rule's setting (Security Hub IAM.22 and
   * CIS 1.12: 45 days): cited only when the effective threshold is at most that, so a finding never
   * cites a control whose threshold it does not apply.
   */
  referenceLimits?: Readonly<Record<string, number>>;
  /** What to do, in general terms (Terraform specifics are added by the engine). */
  remediation: string;
  /** AWS CLI steps for a user that is not managed by Terraform. */
  cli?: string;
}

/** What a rule sees when it is evaluated. */
export interface RuleContext {
  /** Evaluation time, epoch ms. */
  now: number;
  /** The effective thresholds for this user. */
  settings: Readonly<Record<string, number>>;
  serviceUser: boolean;
  /**
   * The policy declares the account's root credentials removed (AWS Organizations centralized
   * root access): the report alone cannot tell a removed password from an unused one.
   */
  rootCredentialsRemoved?: boolean;
}

/** A rule's verdict on one credential, before policy (severity, exemptions) is applied. */
export interface Violation {
  credential: Credential;
  /** Whole days of the age the rule measured, or `null` when it measures none. */
  days: number | null;
  message: string;
}

export interface UserRule {
  meta: RuleMeta & { scope: 'root' | 'user' };
  evaluate(row: CredentialRow, context: RuleContext): readonly Violation[];
}

export interface ReportRuleSubject {
  /** When AWS generated the report (epoch ms), or `null` when unknown. */
  generatedAt: number | null;
}

export interface ReportRule {
  meta: RuleMeta & { scope: 'report' };
  evaluate(subject: ReportRuleSubject, context: RuleContext): readonly Violation[];
}

export type Rule = UserRule | ReportRule;

/** The answer of a rule that does not fire (shared: no allocation per row). */
export const NONE: readonly Violation[] = Object.freeze([]);
