import type { AccountResult, MergedFinding, MergedReport } from '../merge/types.js';
import { isWeaker } from '../merge/recompute.js';
import { SEVERITIES } from '../rules/types.js';
import { code, count, escapeText, inlineText } from './escape.js';
import {
  credentialName,
  fileLink,
  fitToSize,
  ICON,
  groupBy,
  reportAgeHours,
  s as pluralS,
  severityCell,
  type MarkdownOptions,
} from './markdown.js';
import { sarifLog, type SarifRunInput } from './sarif.js';
import { remediationText } from '../engine/remediation.js';
import type { Finding, RuleText } from '../engine/types.js';
import type { Log } from 'sarif';

const VERDICT: Record<AccountResult['status'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  stale: '⌛ stale',
  errored: '⚠️ errored',
  missing: '❓ missing',
};

type Detail = 'full' | 'compact' | 'minimal';

/** Beyond this, findings that do not fail are counted by rule instead of listed. */
const OTHER_ROWS = 500;
/** Beyond this many failing findings, the "What to do" lists are left to the JSON. */
const FIX_LIST_LIMIT = 2_000;

/** The Markdown of a merged report: accounts table, failing findings by account and user, the rest collapsed. */
export function renderMergedMarkdown(report: MergedReport, options: MarkdownOptions = {}): string {
  return fitToSize(
    (detail, perAccount) => build(report, options, detail, perAccount),
    ['full', 'compact', 'minimal'],
    200,
    options,
  );
}

function build(
  report: MergedReport,
  options: MarkdownOptions,
  detail: Detail,
  perAccount: number,
): string {
  const s = report.summary;
  const out: string[] = [];
  const bad = s.failed + s.stale + s.errored + s.missing;
  const weaker = report.accounts.some((a) => ownFailOn(a, report) !== '');
  out.push(
    report.passed
      ? `## ✅ IAM credential gate passed — ${s.accounts} account${pluralS(s.accounts)}`
      : `## ❌ IAM credential gate failed — ${bad} of ${s.accounts} account${pluralS(s.accounts)}`,
    '',
    [
      `${s.passed} passed`,
      s.failed ? `**${s.failed} failed**` : '',
      s.stale ? `**${s.stale} stale** (evaluated more than ${report.maxReportAgeHours} h ago)` : '',
      s.errored ? `**${s.errored} errored** (no result: the job failed before evaluating)` : '',
      s.missing ? `**${s.missing} missing** (expected, no report)` : '',
    ]
      .filter(Boolean)
      .join(' · ') + ` · ${s.failing} failing finding${pluralS(s.failing)}`,
    '',
  );
  out.push(...accountsTable(report, weaker, detail === 'full'));
  if (weaker)
    out.push(
      '',
      `Every account is held to the merge's fail_on ${code(report.failOn)} at least; "Own fail_on" shows a policy's weaker one.`,
    );
  out.push('');
  const problems = report.accounts.filter(
    (a) => a.status === 'errored' || a.status === 'missing' || a.status === 'stale',
  );
  if (problems.length > 0) {
    out.push('### Accounts without a result', '');
    for (const a of problems) out.push(`- ${name(a)}: ${inlineText(a.error ?? a.status)}`);
    out.push('');
  }

  const failing = report.findings.filter((f) => f.failing);
  if (failing.length > 0) {
    out.push(`### Failing findings (${failing.length})`, '');
    if (failing.length > FIX_LIST_LIMIT && detail === 'full')
      out.push(
        `What to do for each finding is in the merged JSON report and in each account's own summary (it is listed here up to ${FIX_LIST_LIMIT} failing findings).`,
        '',
      );
    for (const [account, findings] of groupBy(failing, (f) => f.account.id ?? '')) {
      const first = findings[0] as MergedFinding;
      out.push(
        `#### ${first.account.label ? `${escapeText(first.account.label)} ` : ''}${code(account || 'unknown account')}`,
        '',
      );
      out.push(
        '| Severity | User | Rule | Credential | Finding |',
        '| --- | --- | --- | --- | --- |',
      );
      const shown = findings.slice(0, perAccount);
      for (const f of shown) {
        const t = f.terraform?.[0];
        const where = t && detail !== 'minimal' ? ` (${fileLink(t.file, t.line, options)})` : '';
        out.push(
          `| ${severityCell(f.severity)} | ${f.user === null ? 'report' : code(f.user)}${where} | ${code(f.rule)} | ${credentialName(f.credential)} | ${inlineText(f.message)} |`,
        );
      }
      if (shown.length < findings.length)
        out.push('', `… ${findings.length - shown.length} more in the merged JSON report.`);
      out.push('');
      // The fixes of a few thousand findings help; beyond that they are in each account's own
      // summary and in the merged JSON.
      if (detail === 'full' && failing.length <= FIX_LIST_LIMIT) {
        const fixes = [...new Map(findings.map((f) => [`${f.user}/${f.rule}`, f])).values()];
        out.push('<details>', '<summary>What to do</summary>', '');
        for (const f of fixes)
          out.push(
            `- ${f.user === null ? 'report' : code(f.user)} ${code(f.rule)}: ${inlineText(remediationOf(f, report))}`,
          );
        out.push('', '</details>', '');
      }
    }
  }
  const others = report.findings.filter((f) => !f.failing);
  const otherCount = report.summary.findings - report.summary.failing;
  if (otherCount > 0) {
    out.push(
      '<details>',
      `<summary>Other findings: below fail_on or exempted (${otherCount})</summary>`,
      '',
    );
    if (detail === 'full' && report.omitted === 0 && others.length <= OTHER_ROWS) {
      out.push('| Account | Severity | User | Rule | Finding |', '| --- | --- | --- | --- | --- |');
      for (const f of others)
        out.push(
          `| ${f.account.label ? escapeText(f.account.label) : code(f.account.id ?? '?')} | ${severityCell(f.severity)}${f.exempted ? ' (exempted)' : ''} | ${f.user === null ? 'report' : code(f.user)} | ${code(f.rule)} | ${inlineText(f.message)} |`,
        );
    } else if (detail !== 'minimal') {
      // Too many to list usefully: counted by rule; every finding is in the merged JSON.
      out.push('| Rule | Findings | Exempted | Accounts |', '| --- | ---: | ---: | ---: |');
      for (const r of report.otherFindingsByRule)
        out.push(
          `| ${code(r.rule)} | ${count(r.findings)} | ${count(r.exempted)} | ${count(r.accounts)} |`,
        );
      out.push('', 'Every finding is in the merged JSON report.');
    } else
      out.push(`${otherCount} finding${pluralS(otherCount)}; details in the merged JSON report.`);
    out.push('', '</details>', '');
  }
  if (report.warnings.length > 0 && detail !== 'minimal') {
    out.push('<details>', `<summary>Warnings (${report.warnings.length})</summary>`, '');
    for (const w of report.warnings) out.push(`- ${inlineText(w)}`);
    out.push('', '</details>', '');
  }
  if (options.footer) out.push(options.footer, '');
  return out.join('\n');
}

export function renderMergedSarif(report: MergedReport): Log {
  return sarifLog(report.tool.version, mergedSarifRuns(report));
}

/** A merged finding's whole remediation, from its rule's texts in the merged report. */
const remediationOf = (f: MergedFinding, report: MergedReport): string => {
  const rule = report.rules[f.rule];
  return rule ? remediationText({ ...f, advice: f.advice ?? null, cli: f.cli ?? null }, rule) : '';
};

/** The references a finding cites under its threshold (as `citedReferences` does from the rule). */
const cited = (rule: RuleText | undefined, threshold: number | null): string[] =>
  (rule?.references ?? []).filter((r) => {
    const limit = rule?.referenceLimits?.[r];
    return limit === undefined || threshold === null || threshold <= limit;
  });

/** A merged finding as SARIF takes a report's: its id, remediation and references worked out again. */
function asFinding(f: MergedFinding, report: MergedReport): Finding {
  const rule = report.rules[f.rule];
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
    remediation: remediationOf(f, report),
    advice: f.advice ?? null,
    cli: f.cli ?? null,
    references: cited(rule, f.threshold),
    terraform: f.terraform ?? [],
  };
}

/** One SARIF run per account that has a result. */
export function mergedSarifRuns(report: MergedReport): SarifRunInput[] {
  const byAccount = new Map(
    groupBy(
      report.findings.map((f) => asFinding(f, report)),
      (f) => f.id.slice(0, f.id.indexOf('/')),
    ),
  );
  return report.accounts
    .filter((a) => a.status === 'passed' || a.status === 'failed' || a.status === 'stale')
    .map((a) => ({
      accountId: a.id,
      policyFile: a.policyFile ?? 'policy.yml',
      findings: byAccount.get(a.id ?? 'unknown') ?? [],
    }));
}

/** Accounts shown in the table before the rest are collapsed (they are sorted worst first). */
const ACCOUNT_ROWS = 50;

/** The header of a severity column: its icon and its name (an icon alone says nothing to a screen reader). */
const SEVERITY_HEADERS = SEVERITIES.map((x) => `${ICON[x]} ${x[0]?.toUpperCase()}${x.slice(1)}`);

/**
 * The accounts table, worst first (the merge's order), with a totals row: the first
 * {@link ACCOUNT_ROWS} in the open, the rest in a collapsed table of the same columns (when
 * `listRest`; else counted, to keep a comment within its size).
 */
function accountsTable(report: MergedReport, weaker: boolean, listRest: boolean): string[] {
  const header = [
    `| Account | ID | Users | ${SEVERITY_HEADERS.join(' | ')} | Verdict | Report age | Evaluated |${weaker ? ' Own fail_on |' : ''}`,
    `| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |${weaker ? ' --- |' : ''}`,
  ];
  const row = (a: AccountResult): string => {
    const f = a.failingBySeverity;
    return (
      `| ${a.label ? escapeText(a.label) : code(a.id ?? 'unknown')} | ${a.id ? code(a.id) : '?'} | ${a.users === null ? '' : count(a.users)} | ${f ? SEVERITIES.map((x) => count(f[x])).join(' | ') : ' |  |  | '} | ${VERDICT[a.status]} | ${age(a)} |` +
      ` ${a.evaluationAgeHours === null ? '' : `${count(a.evaluationAgeHours)} h ago`} |${weaker ? ` ${ownFailOn(a, report)} |` : ''}`
    );
  };
  const s = report.summary;
  const users = report.accounts.reduce((n, a) => n + (a.users ?? 0), 0);
  const total =
    `| **Total** | ${count(s.accounts)} account${pluralS(s.accounts)} | ${count(users)} | ${SEVERITIES.map((x) => count(s.failingBySeverity[x])).join(' | ')} | ${s.passed} passed, ${s.accounts - s.passed} not | | |` +
    (weaker ? ' |' : '');
  const accounts = report.accounts;
  if (accounts.length <= ACCOUNT_ROWS) return [...header, ...accounts.map(row), total];
  const rest = accounts.slice(ACCOUNT_ROWS);
  const more = `${count(rest.length)} more account${pluralS(rest.length)} (${count(rest.filter((a) => a.status !== 'passed').length)} not passed)`;
  const table = [...header, ...accounts.slice(0, ACCOUNT_ROWS).map(row), total, ''];
  if (!listRest) return [...table, `${more}: in the merged JSON report.`];
  return [
    ...table,
    '<details>',
    `<summary>${more}</summary>`,
    '',
    ...header,
    ...rest.map(row),
    '',
    '</details>',
  ];
}

/** The account's own fail_on when it is weaker than the merge's, else nothing. */
const ownFailOn = (a: AccountResult, report: MergedReport): string =>
  a.failOn !== null && isWeaker(a.failOn, report.failOn) ? code(a.failOn) : '';

const name = (a: AccountResult): string =>
  `${a.label ? `${escapeText(a.label)} ` : ''}${code(a.id ?? 'unknown')}`;

function age(a: AccountResult): string {
  const hours = reportAgeHours(a.reportGeneratedAt, a.evaluatedAt);
  if (hours === null) return a.evaluatedAt !== null ? 'unknown' : '';
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} d`;
}
