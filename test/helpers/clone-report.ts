import type { GateReport } from '../../src/engine/types.js';

/**
 * A deep copy of a report to tamper with. A finding's `id` and `remediation` are written out
 * when read (getters of `EvaluatedFinding`, which `structuredClone` does not copy): read them
 * into the copy.
 */
export const cloneReport = (report: GateReport): GateReport =>
  structuredClone({
    ...report,
    findings: report.findings.map((f) => ({ ...f, id: f.id, remediation: f.remediation })),
  });
