import type { MergedFinding, MergedReport } from '../merge/types.js';
import { mergedFindingJson } from './stream.js';

/**
 * The merged JSON report, written while the reports are read: what is known before the first
 * report (the merge's own settings), then every finding, account by account as read, then what
 * only the last report settles (the verdict, the counts, the accounts worst first). Indented
 * like `JSON.stringify(report, null, 2)`, each finding compact on a line of its own.
 */
export interface MergedJsonHead {
  tool: MergedReport['tool'];
  mergedAt: string;
  failOn: MergedReport['failOn'];
  maxReportAgeHours: number;
}

/** The text before the first finding. */
export function mergedJsonHead(head: MergedJsonHead): string {
  const text = JSON.stringify(
    {
      schemaVersion: 1,
      kind: 'merged',
      tool: head.tool,
      mergedAt: head.mergedAt,
      failOn: head.failOn,
      maxReportAgeHours: head.maxReportAgeHours,
    },
    null,
    2,
  );
  return `${text.slice(0, -2)},\n  "findings": [`;
}

/** A finding's line; `first`: no finding was written before it. */
export const mergedFindingLine = (f: MergedFinding, first: boolean): string =>
  `${first ? '' : ','}\n    ${mergedFindingJson(f)}`;

/** The text after the last finding; `any`: some finding was written. */
export function mergedJsonTail(report: MergedReport, any: boolean): string {
  const text = JSON.stringify(
    {
      passed: report.passed,
      summary: report.summary,
      accounts: report.accounts,
      rules: report.rules,
      otherFindingsByRule: report.otherFindingsByRule,
      warnings: report.warnings,
    },
    null,
    2,
  );
  return `${any ? '\n  ]' : ']'},${text.slice(1)}\n`;
}

/** A merged report held whole (every finding kept) in the same layout. */
export function* mergedJsonChunks(report: MergedReport): Generator<string> {
  yield mergedJsonHead(report);
  const f = report.findings;
  for (let i = 0; i < f.length; i++) yield mergedFindingLine(f[i] as MergedFinding, i === 0);
  yield mergedJsonTail(report, f.length > 0);
}
