import type { Credential, Severity, ThresholdUnit } from '../rules/types.js';
import type { FailOn } from '../policy/schema.js';

export const SCHEMA_VERSION = 1;
export const TOOL_NAME = 'iam-credential-gate';

/** A Terraform block that defines (or relates to) the user of a finding. */
export interface TerraformLocation {
  file: string;
  line: number;
  address: string;
  /** What to delete or change there, in one sentence. */
  action?: string;
  related: { file: string; line: number; address: string; type: string }[];
}

export interface FindingExemption {
  /** 0-based position in the policy's `exemptions`. */
  index: number;
  reason: string;
  expires: string;
  ticket: string | null;
  status: 'active' | 'expired';
}

export interface Finding {
  id: string;
  rule: string;
  severity: Severity;
  user: string | null;
  arn: string | null;
  credential: Credential;
  days: number | null;
  threshold: number | null;
  thresholdUnit: ThresholdUnit | null;
  serviceUser: boolean;
  failing: boolean;
  exempted: boolean;
  /** The exemption that applies, or the expired one that no longer does. */
  exemption: FindingExemption | null;
  message: string;
  remediation: string;
  references: string[];
  terraform: TerraformLocation[];
}

export type ExemptionStatus = 'active' | 'expired' | 'expiring-soon' | 'unused';

export interface ExemptionReport {
  index: number;
  users: string[];
  rules: string[] | null;
  reason: string;
  expires: string;
  ticket: string | null;
  status: ExemptionStatus;
  matched: number;
}

export type SeverityCounts = Record<Severity, number>;

/** The JSON report (SPEC §7). */
export interface GateReport {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: string; version: string };
  account: { id: string | null; label: string | null };
  evaluatedAt: string;
  reportGeneratedAt: string | null;
  policy: { failOn: FailOn; file: string };
  passed: boolean;
  summary: {
    users: number;
    findings: number;
    failing: number;
    exempted: number;
    bySeverity: SeverityCounts;
    failingBySeverity: SeverityCounts;
  };
  findings: Finding[];
  exemptions: ExemptionReport[];
  warnings: string[];
}
