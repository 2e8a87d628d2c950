import type { GateReport } from '../../src/engine/types.js';

/**
 * A deep copy of a report to tamper with. A finding's `remediation` is written out when read
 * (a getter of `EvaluatedFinding`, which `structuredClone` does not copy): read it into the copy.
 */
export const cloneReport = (report: GateReport): GateReport =>
  structuredClone({
    ...report,
    findings: report.findings.map((f) => ({ ...f, remediation: f.remediation })),
  });
