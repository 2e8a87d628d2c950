import type { Credential, Severity, ThresholdUnit } from '../rules/types.js';
import type { FailOn } from '../policy/schema.js';
import type { PolicyChanges } from '../policy/diff.js';
import type { Weakening } from '../policy/weakening.js';

export const SCHEMA_VERSION = 1;
export const TOOL_NAME = 'iam-credential-gate';

/** What a block's `lifecycle` says that changes the fix; present only when it says something. */
export interface TerraformLifecycle {
  /** The `lifecycle` block. */
  file: string;
  line: number;
  /** `prevent_destroy = true`: Terraform refuses to destroy the block while it is set. */
  preventDestroy: boolean;
  /** The attributes in `ignore_changes` (`["all"]` for all): Terraform leaves them as they are. */
  ignoreChanges: string[];
}

/** A block that belongs to the user: access key, login profile, policy attachment, ... */
export interface TerraformRelated {
  type: string;
  address: string;
  /** `null` when known only from the state. */
  file: string | null;
  line: number | null;
  lifecycle?: TerraformLifecycle;
  /** For an instance of a block repeated with `for_each`: the collection element that makes it. */
  element?: { file: string; line: number };
}

/**
 * One edit of a fix plan. Lines are 1-based and inclusive; `before` is the text of those lines
 * now and `after` what replaces it (`""` when the lines go).
 */
export interface TerraformEdit {
  /** As findings show paths: relative to the working directory, `/` separators. */
  file: string;
  firstLine: number;
  lastLine: number;
  kind:
    | 'delete-block'
    | 'remove-element'
    | 'remove-entry'
    | 'remove-json-element'
    | 'remove-name'
    | 'set-argument';
  before: string;
  after: string;
}

/**
 * The edit plan for one located user: computed from the syntax tree and checked by applying it
 * to a copy of the files and scanning again (see docs/json-report.md). A `manual` plan is never
 * shown as a fix: `reason` says why, at `file:line`.
 */
export interface TerraformFix {
  status: 'verified' | 'manual';
  edits: TerraformEdit[];
  /** The resource addresses `terraform plan` destroys once the edits are applied. */
  destroys: string[];
  reason?: string;
  place?: { file: string; line: number };
}

/** Where the user of a finding is defined in Terraform. */
export interface TerraformLocation {
  /** The string that names the user (the `name` value, or the for_each element/key); `null` when known only from the state. */
  file: string | null;
  line: number | null;
  /** The resource address (from the state when given, else as far as static analysis tells). */
  address: string;
  /** How the user is defined: its own block, an element of for_each / count, a module call. */
  kind: 'resource' | 'for_each' | 'count' | 'module' | 'state';
  /** The block to delete: the resource, or the module call. */
  block: { file: string | null; line: number | null; address: string };
  related: TerraformRelated[];
  /**
   * terraform-aws-modules iam-user: whether the module also creates a key / login profile, and
   * the inputs that turn them off in the version the call's `version` selects (v5:
   * `create_iam_access_key`, v6: `create_access_key`, ...).
   */
  moduleCreates?: {
    accessKey: boolean;
    loginProfile: boolean;
    inputs?: { accessKey: string; loginProfile: string };
  };
  /** The `aws_iam_user` resource's own lifecycle (inside the module, for a local module). */
  lifecycle?: TerraformLifecycle;
  /** `force_destroy = true` on the user (or the module's input): credentials made outside Terraform do not block its destroy. */
  forceDestroy?: true;
  /** The plan that removes what the finding's rule asks to remove (see TerraformFix). */
  fix?: TerraformFix;
}

/** A block whose user names are not known statically, whose name template a user fits. */
export interface PossibleLocation {
  file: string;
  line: number;
  address: string;
  /** The name as written: `chris-${var.cgid}`. */
  template: string;
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

export const zeroSeverityCounts = (): SeverityCounts => ({
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
});

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
  /** How the policy (or the `fail-on` input) weakens the gate: warnings, shown first (extension). */
  policyWarnings?: Weakening[];
  /** In a pull request whose base policy is at hand: what it changes in the policy (extension). */
  policyChanges?: PolicyChanges;
}
