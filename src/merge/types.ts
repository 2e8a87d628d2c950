import type { FindingJson, GateReport, RuleText, SeverityCounts } from '../engine/types.js';
import type { FailOn } from '../policy/schema.js';

/** `stale`: the report was evaluated longer ago than the merge accepts (it fails). */
export type AccountStatus = 'passed' | 'failed' | 'stale' | 'errored' | 'missing';

export interface AccountResult {
  id: string | null;
  label: string | null;
  status: AccountStatus;
  /** The report file it came from (`null` for a missing account). */
  file: string | null;
  users: number | null;
  findings: number | null;
  /** Failing under the stricter of the account's and the merge's `fail_on` (recomputed). */
  failing: number | null;
  failingBySeverity: SeverityCounts | null;
  /** The account's own `fail_on` (its policy's). */
  failOn: FailOn | null;
  policyFile: string | null;
  reportGeneratedAt: string | null;
  evaluatedAt: string | null;
  /** Whole hours between the report's evaluation and the merge's time. */
  evaluationAgeHours: number | null;
  /** Why the account has no current result: its job's error, no report, or a stale report. */
  error: string | null;
}

/** A finding of an account's report, as read (see `FindingJson`), with its account. */
export type MergedFinding = FindingJson & {
  /** Worked out on reading: its exemption is active. Not written. */
  exempted: boolean;
  account: { id: string | null; label: string | null };
};

/** The JSON of `iam-credential-gate merge --format json`. */
export interface MergedReport {
  schemaVersion: 1;
  kind: 'merged';
  tool: GateReport['tool'];
  /** The merge's time (`--now`), from which report ages are counted. */
  mergedAt: string;
  /** The merge's `fail_on`: no account is held to a weaker one. */
  failOn: FailOn;
  /** Reports evaluated longer ago than this make their account stale. */
  maxReportAgeHours: number;
  passed: boolean;
  summary: {
    accounts: number;
    passed: number;
    failed: number;
    stale: number;
    errored: number;
    missing: number;
    findings: number;
    failing: number;
    exempted: number;
    failingBySeverity: SeverityCounts;
  };
  accounts: AccountResult[];
  /** The texts of the rules the findings name (as in each report). */
  rules: Record<string, RuleText>;
  /** The findings that do not fail, counted by rule. */
  otherFindingsByRule: { rule: string; findings: number; exempted: number; accounts: number }[];
  /** Findings counted but not kept in `findings` (`keep: 'failing'`; not written to the JSON). */
  omitted: number;
  /**
   * `keep: 'all'`: every finding, in the order the reports were read; `keep: 'failing'`: the
   * failing findings of the worst accounts, worst first, within the merge's bounds. The merged
   * JSON written while merging has every finding.
   */
  findings: MergedFinding[];
  warnings: string[];
}
