import { loadPolicy } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/types.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { GateReport } from '../../src/engine/types.js';
import { NOW, report, rootRow, type Row } from './report.js';

export const policy = (yaml = 'version: 1\n'): Policy => loadPolicy(yaml, 'policy.yml');

/** Evaluates rows (a root row with MFA is added unless one is given) under a policy. */
export function check(
  rows: Row[],
  yaml = 'version: 1\n',
  options: { now?: number; generatedAt?: number | null } = {},
): GateReport {
  const withRoot = rows.some((r) => r.user === '<root_account>') ? rows : [rootRow(), ...rows];
  return evaluate({
    report: report(withRoot),
    policy: policy(yaml),
    now: options.now ?? NOW,
    reportGeneratedAt: options.generatedAt ?? null,
    toolVersion: 'test',
  });
}

/** `rule:user:credential` of every finding, for compact assertions. */
export const ids = (result: GateReport): string[] =>
  result.findings.map((f) => `${f.rule}:${f.user ?? '-'}:${f.credential}`);

export const only = (result: GateReport, rule: string): string[] =>
  ids(result).filter((id) => id.startsWith(`${rule}:`));
