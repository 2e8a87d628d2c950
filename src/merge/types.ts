import type { Finding, GateReport, SeverityCounts } from '../engine/types.js';

export type AccountStatus = 'passed' | 'failed' | 'errored' | 'missing';

export interface AccountResult {
  id: string | null;
  label: string | null;
  status: AccountStatus;
  /** The report file it came from (`null` for a missing account). */
  file: string | null;
  users: number | null;
  findings: number | null;
  failing: number | null;
  failingBySeverity: SeverityCounts | null;
  failOn: string | null;
  policyFile: string | null;
  reportGeneratedAt: string | null;
  evaluatedAt: string | null;
  error: string | null;
}

export type MergedFinding = Finding & { account: { id: string | null; label: string | null } };

/** The JSON of `iam-credential-gate merge --format json`. */
export interface MergedReport {
  schemaVersion: 1;
  kind: 'merged';
  tool: GateReport['tool'];
  passed: boolean;
  summary: {
    accounts: number;
    passed: number;
    failed: number;
    errored: number;
    missing: number;
    findings: number;
    failing: number;
    exempted: number;
    failingBySeverity: SeverityCounts;
  };
  accounts: AccountResult[];
  /** The findings that do not fail, counted by rule. */
  otherFindingsByRule: { rule: string; findings: number; exempted: number; accounts: number }[];
  /** Findings counted but not listed in `findings` (only when merging for Markdown). */
  omitted: number;
  findings: MergedFinding[];
  warnings: string[];
}
