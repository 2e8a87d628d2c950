import type { Log } from 'sarif';
import { remediationText } from '../engine/remediation.js';
import type { Finding, RuleText } from '../engine/types.js';
import type { AccountResult, MergedFinding, MergedReport } from '../merge/types.js';
import { groupBy } from './markdown.js';
import { sarifLog, type SarifRunInput } from './sarif.js';

type Rules = Readonly<Record<string, RuleText>>;

export function renderMergedSarif(report: MergedReport): Log {
  return sarifLog(report.tool.version, mergedSarifRuns(report));
}

/** A merged finding's whole remediation, from its rule's texts. */
export const remediationOf = (f: MergedFinding, rules: Rules): string => {
  const rule = rules[f.rule];
  return rule ? remediationText({ ...f, advice: f.advice ?? null, cli: f.cli ?? null }, rule) : '';
};

/** The references a finding cites under its threshold (as `citedReferences` does from the rule). */
const cited = (rule: RuleText | undefined, threshold: number | null): string[] =>
  (rule?.references ?? []).filter((r) => {
    const limit = rule?.referenceLimits?.[r];
    return limit === undefined || threshold === null || threshold <= limit;
  });

/** A merged finding as SARIF takes a report's: its id, remediation and references worked out again. */
function asFinding(f: MergedFinding, rules: Rules): Finding {
  const rule = rules[f.rule];
  return {
    id: `${f.account.id ?? 'unknown'}/${f.user ?? 'report'}/${f.credential}/${f.rule}`,
    rule: f.rule,
    severity: f.severity,
    user: f.user,
    arn: f.arn,
    credential: f.credential,
    days: f.days,
    threshold: f.threshold,
    thresholdUnit: rule?.thresholdUnit ?? null,
    serviceUser: f.serviceUser,
    failing: f.failing,
    exempted: f.exempted,
    exemption: f.exemption ?? null,
    message: f.message,
    remediation: remediationOf(f, rules),
    advice: f.advice ?? null,
    cli: f.cli ?? null,
    references: cited(rule, f.threshold),
    terraform: f.terraform ?? [],
  };
}

/** The SARIF run of one account with a result, from its findings and its report's rule texts. */
export const accountSarifRun = (
  account: AccountResult,
  findings: readonly MergedFinding[],
  rules: Rules,
): SarifRunInput => ({
  accountId: account.id,
  policyFile: account.policyFile ?? 'policy.yml',
  findings: findings.map((f) => asFinding(f, rules)),
});

/** One SARIF run per account that has a result. */
export function mergedSarifRuns(report: MergedReport): SarifRunInput[] {
  const byAccount = new Map(groupBy(report.findings, (f) => f.account.id ?? 'unknown'));
  return report.accounts
    .filter((a) => a.status === 'passed' || a.status === 'failed' || a.status === 'stale')
    .map((a) => accountSarifRun(a, byAccount.get(a.id ?? 'unknown') ?? [], report.rules));
}
