import type { AccountResult, MergedFinding, MergedReport } from '../merge/types.js';
import { isWeaker } from '../merge/recompute.js';
import { SEVERITIES } from '../rules/types.js';
import { code, count, escapeText, inlineText } from './escape.js';
import {
  credentialName,
  elsewhereText,
  fileLink,
  ICON,
  reportAgeHours,
  s as pluralS,
  severityCell,
  type MarkdownOptions,
} from './markdown.js';
import { allocate, cut, type Part } from './summary/budget.js';
import { num } from './summary/common.js';

/** A count with thousands separators; anything else (a forged artifact) as `?`. */
const amount = (n: unknown): string => (typeof n === 'number' && Number.isFinite(n) ? num(n) : '?');
import { remediationOf } from './merged-sarif.js';

export { accountSarifRun, mergedSarifRuns, renderMergedSarif } from './merged-sarif.js';

const VERDICT: Record<AccountResult['status'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  stale: '⌛ stale',
  errored: '⚠️ errored',
  missing: '❓ missing',
};

/**
 * The merged Markdown's bound when none is given (the CLI's `merge --output x.md`): a job
 * summary's, 1 MiB, counted in bytes.
 */
export const MERGED_MARKDOWN_MAX_BYTES = 1024 * 1024 - 1024;
/** Beyond this, findings that do not fail are counted by rule instead of listed. */
const OTHER_ROWS = 500;
/** Beyond this many failing findings, the "What to do" lists are left to the JSON. */
const FIX_LIST_LIMIT = 2_000;
/** The failing findings listed under one account, at most (the rest counted). */
const ROWS_PER_ACCOUNT = 50;
/** Accounts shown in the open table; more are in a collapsed one (they are sorted worst first). */
const ACCOUNT_ROWS = 50;
/** Room kept for the "not shown" note. */
const NOTE_RESERVE = 1_000;

/**
 * The Markdown of a merged report, within `maxLength` (default: a job summary's 1 MiB): the
 * verdict and every account counted by status; the accounts table worst first with its totals;
 * the accounts without a result; the failing findings of the worst accounts; the rest counted
 * by rule; the warnings. What does not fit is counted — in a "not shown" note under the verdict
 * and where it is cut — and is in the merged JSON report.
 */
export function renderMergedMarkdown(report: MergedReport, options: MarkdownOptions = {}): string {
  const bounded = options.maxLength !== undefined;
  const max = options.maxLength ?? MERGED_MARKDOWN_MAX_BYTES;
  const size =
    options.measure ?? (bounded ? (t: string) => t.length : (t: string) => Buffer.byteLength(t));
  const elsewhere = elsewhereText(options, 'the merged JSON report');
  const weaker = report.accounts.some((a) => ownFailOn(a, report) !== '');

  const table = accountsPart(report, weaker, elsewhere);
  const problems = problemsPart(report, elsewhere);
  const detail = detailPart(report, options, elsewhere);
  const others = othersPart(report, elsewhere);
  const warnings = warningsPart(report, elsewhere);
  const priority: Part[] = [table, problems, detail, others, warnings];

  const header = options.header ? `${options.header}\n` : '';
  const footer = options.footer ? `${options.footer}\n` : '';
  const top = verdict(report, weaker);
  const fixed = size(header) + size(top) + size(footer) + NOTE_RESERVE;
  const shown = allocate(priority, max - fixed, size);
  const at = (p: Part) => shown[priority.indexOf(p)] as number;
  const note = notShown(
    [
      [table, 'the rows of', 'account'],
      [problems, 'the accounts without a result:', 'account'],
      [warnings, 'the warnings:', 'warning'],
    ],
    at,
    detail,
    report,
    elsewhere,
  );
  const text = [
    header,
    top,
    note,
    ...[table, problems, detail, others, warnings].map((p) => p.render(at(p))),
    footer,
  ].join('');
  return size(text) <= max ? text : cut(text, max, size, options.footer);
}

function verdict(report: MergedReport, weaker: boolean): string {
  const s = report.summary;
  const bad = s.failed + s.stale + s.errored + s.missing;
  const out = [
    report.passed
      ? `## ✅ IAM credential gate passed — ${amount(s.accounts)} account${pluralS(s.accounts)}`
      : `## ❌ IAM credential gate failed — ${amount(bad)} of ${amount(s.accounts)} account${pluralS(s.accounts)}`,
    '',
    [
      `${amount(s.passed)} passed`,
      s.failed ? `**${amount(s.failed)} failed**` : '',
      s.stale
        ? `**${amount(s.stale)} stale** (evaluated more than ${report.maxReportAgeHours} h ago)`
        : '',
      s.errored
        ? `**${amount(s.errored)} errored** (no result: the job failed before evaluating)`
        : '',
      s.missing ? `**${amount(s.missing)} missing** (expected, no report)` : '',
    ]
      .filter(Boolean)
      .join(' · ') + ` · ${amount(s.failing)} failing finding${pluralS(s.failing)}`,
    '',
  ];
  if (weaker)
    out.push(
      `Every account is held to the merge's fail_on ${code(report.failOn)} at least; "Own fail_on" shows a policy's weaker one.`,
      '',
    );
  return `${out.join('\n')}\n`;
}

/** The counted note of what is left out, under the verdict (nothing when all is shown). */
function notShown(
  parts: [Part, string, string][],
  at: (p: Part) => number,
  detail: DetailPart,
  report: MergedReport,
  elsewhere: string,
): string {
  const items = parts
    .filter(([p]) => at(p) < p.total)
    .map(
      ([p, what, noun]) =>
        `${what} ${amount(p.total - at(p))} of ${amount(p.total)} ${noun}${pluralS(p.total)}`,
    );
  // accounts with failing findings: those the merged report kept, and those it only counted
  const detailed = at(detail);
  if (detailed < detail.failingAccounts)
    items.push(
      `the failing findings of ${amount(detail.failingAccounts - detailed)} of ${amount(detail.failingAccounts)} account${pluralS(detail.failingAccounts)}`,
    );
  const failing = report.summary.failing;
  const listed = detail.rowsShown(detailed);
  if (listed < failing)
    items.push(`**${amount(failing - listed)}** of the ${amount(failing)} failing findings`);
  if (items.length === 0) return '';
  return `> ✂️ **Too long to show in full:** not shown here: ${items.join('; ')}. Every account and finding is in ${elsewhere}.\n\n`;
}

/** The header of a severity column: its icon and its name (an icon alone says nothing to a screen reader). */
const SEVERITY_HEADERS = SEVERITIES.map((x) => `${ICON[x]} ${x[0]?.toUpperCase()}${x.slice(1)}`);

/** The statuses of some accounts, counted: `3 failed, 1 errored`. */
function byStatus(accounts: readonly AccountResult[]): string {
  const counts = new Map<string, number>();
  for (const a of accounts) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  return (['errored', 'missing', 'stale', 'failed', 'passed'] as const)
    .filter((x) => counts.has(x))
    .map((x) => `${amount(counts.get(x) as number)} ${x}`)
    .join(', ');
}

/** The accounts table, worst first (the merge's order), its first `n` rows, and a totals row. */
function accountsPart(report: MergedReport, weaker: boolean, elsewhere: string): Part {
  const header = [
    `| Account | ID | Users | ${SEVERITY_HEADERS.join(' | ')} | Verdict | Report age | Evaluated |${weaker ? ' Own fail_on |' : ''}`,
    `| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |${weaker ? ' --- |' : ''}`,
  ].join('\n');
  const row = (a: AccountResult): string => {
    const f = a.failingBySeverity;
    return (
      `| ${a.label ? escapeText(a.label) : code(a.id ?? 'unknown')} | ${a.id ? code(a.id) : '?'} | ${a.users === null ? '' : count(a.users)} | ${f ? SEVERITIES.map((x) => count(f[x])).join(' | ') : ' |  |  | '} | ${VERDICT[a.status]} | ${age(a)} |` +
      ` ${a.evaluationAgeHours === null ? '' : `${count(a.evaluationAgeHours)} h ago`} |${weaker ? ` ${ownFailOn(a, report)} |` : ''}\n`
    );
  };
  const s = report.summary;
  const users = report.accounts.reduce((n, a) => n + (a.users ?? 0), 0);
  const total =
    `| **Total** | ${amount(s.accounts)} account${pluralS(s.accounts)} | ${amount(users)} | ${SEVERITIES.map((x) => amount(s.failingBySeverity[x])).join(' | ')} | ${amount(s.passed)} passed, ${amount(s.accounts - s.passed)} not | | |` +
    (weaker ? ' |' : '');
  const accounts = report.accounts;
  const rows = accounts.map(row);
  return {
    total: accounts.length,
    share: 0.3,
    render(n) {
      const open = Math.min(n, ACCOUNT_ROWS);
      const collapsed = rows.slice(open, n);
      const rest = accounts.slice(n);
      const more =
        collapsed.length === 0
          ? ''
          : `\n<details>\n<summary>${amount(collapsed.length)} more account${pluralS(collapsed.length)} (${byStatus(accounts.slice(open, n))})</summary>\n\n${header}\n${collapsed.join('')}\n</details>\n`;
      const notShown =
        rest.length === 0
          ? ''
          : `\n${amount(rest.length)} more account${pluralS(rest.length)} (${byStatus(rest)}) not shown: in ${elsewhere}.\n`;
      return `${header}\n${rows.slice(0, open).join('')}${total}\n${more}${notShown}\n`;
    },
  };
}

/** The accounts that have no current result (errored, missing, stale), with why. */
function problemsPart(report: MergedReport, elsewhere: string): Part {
  const problems = report.accounts.filter(
    (a) => a.status === 'errored' || a.status === 'missing' || a.status === 'stale',
  );
  const lines = problems.map((a) => `- ${name(a)}: ${inlineText(a.error ?? a.status)}\n`);
  return {
    total: problems.length,
    share: 0.15,
    render(n) {
      if (problems.length === 0) return '';
      const rest = problems.slice(n);
      const more =
        rest.length === 0
          ? ''
          : `- … ${amount(rest.length)} more (${byStatus(rest)}): in ${elsewhere}.\n`;
      return `### Accounts without a result (${amount(problems.length)})\n\n${lines.slice(0, n).join('')}${more}\n`;
    },
  };
}

interface DetailPart extends Part {
  /** The accounts with failing findings (the part shows those the merged report kept). */
  failingAccounts: number;
  /** The failing findings listed when `n` accounts are shown. */
  rowsShown(n: number): number;
}

/**
 * The failing findings of the worst accounts (those the merged report kept), account by
 * account: up to {@link ROWS_PER_ACCOUNT} rows each, and what to do when there are few.
 */
function detailPart(report: MergedReport, options: MarkdownOptions, elsewhere: string): DetailPart {
  const byAccount = new Map<AccountResult['id'], MergedFinding[]>();
  for (const f of report.findings) {
    if (!f.failing) continue;
    const list = byAccount.get(f.account.id);
    if (list) list.push(f);
    else byAccount.set(f.account.id, [f]);
  }
  const failingAccounts = report.accounts.filter((a) => (a.failing ?? 0) > 0);
  // the worst accounts first, as the table; those whose findings are kept
  const shownAccounts = failingAccounts.filter((a) => byAccount.has(a.id));
  const fixes = report.summary.failing <= FIX_LIST_LIMIT;
  const blocks: string[] = [];
  const rows: number[] = [];
  for (const a of shownAccounts) {
    const findings = byAccount.get(a.id) as MergedFinding[];
    const listed = findings.slice(0, ROWS_PER_ACCOUNT);
    const out = [
      `#### ${name(a)} — ${amount(a.failing ?? 0)} failing`,
      '',
      '| Severity | User | Rule | Credential | Finding |',
      '| --- | --- | --- | --- | --- |',
    ];
    for (const f of listed) {
      const t = f.terraform?.[0];
      const where = t ? ` (${fileLink(t.file, t.line, options)})` : '';
      out.push(
        `| ${severityCell(f.severity)} | ${f.user === null ? 'report' : code(f.user)}${where} | ${code(f.rule)} | ${credentialName(f.credential)} | ${inlineText(f.message)} |`,
      );
    }
    const more = (a.failing ?? 0) - listed.length;
    if (more > 0)
      out.push(
        '',
        `… ${amount(more)} more failing finding${pluralS(more)} of this account: in ${elsewhere}.`,
      );
    out.push('');
    if (fixes) {
      const distinct = [...new Map(findings.map((f) => [`${f.user}/${f.rule}`, f])).values()];
      out.push('<details>', '<summary>What to do</summary>', '');
      for (const f of distinct)
        out.push(
          `- ${f.user === null ? 'report' : code(f.user)} ${code(f.rule)}: ${inlineText(remediationOf(f, report.rules))}`,
        );
      out.push('', '</details>', '');
    }
    blocks.push(`${out.join('\n')}\n`);
    rows.push(listed.length);
  }
  const prefix = rows.reduce<number[]>((acc, r) => [...acc, (acc.at(-1) ?? 0) + r], []);
  const failing = report.summary.failing;
  return {
    total: shownAccounts.length,
    failingAccounts: failingAccounts.length,
    share: 1,
    rowsShown: (n) => (n === 0 ? 0 : (prefix[n - 1] as number)),
    render(n) {
      if (failing === 0) return '';
      const rest = failingAccounts.length - n;
      const restFindings = failing - (n === 0 ? 0 : (prefix[n - 1] as number)) - sumMore(n);
      const tail =
        rest > 0
          ? `… the failing findings of ${amount(rest)} more account${pluralS(rest)} (${amount(restFindings)} finding${pluralS(restFindings)}) not shown: in ${elsewhere}.\n\n`
          : '';
      const intro =
        failing > FIX_LIST_LIMIT
          ? `What to do for each finding is in ${elsewhere} and in each account's own summary (it is listed here up to ${amount(FIX_LIST_LIMIT)} failing findings).\n\n`
          : '';
      return `### Failing findings (${amount(failing)}), worst accounts first\n\n${intro}${blocks.slice(0, n).join('')}${tail}`;
    },
  };
  /** The failing findings of the first `n` accounts not listed in their tables (counted there). */
  function sumMore(n: number): number {
    let more = 0;
    for (let i = 0; i < n; i++)
      more += ((shownAccounts[i] as AccountResult).failing ?? 0) - (rows[i] as number);
    return more;
  }
}

/** The findings that do not fail: listed when few and all kept, else counted by rule. */
function othersPart(report: MergedReport, elsewhere: string): Part {
  const otherCount = report.summary.findings - report.summary.failing;
  const others = report.findings.filter((f) => !f.failing);
  const listable = report.omitted === 0 && others.length <= OTHER_ROWS;
  const open = `<details>\n<summary>Other findings: below fail_on or exempted (${amount(otherCount)})</summary>\n\n`;
  const byRule = [
    '| Rule | Findings | Exempted | Accounts |',
    '| --- | ---: | ---: | ---: |',
    ...report.otherFindingsByRule.map(
      (r) =>
        `| ${code(r.rule)} | ${count(r.findings)} | ${count(r.exempted)} | ${count(r.accounts)} |`,
    ),
    '',
    `Every finding is in ${elsewhere}.`,
  ].join('\n');
  const list = [
    '| Account | Severity | User | Rule | Finding |',
    '| --- | --- | --- | --- | --- |',
    ...others.map(
      (f) =>
        `| ${f.account.label ? escapeText(f.account.label) : code(f.account.id ?? '?')} | ${severityCell(f.severity)}${f.exempted ? ' (exempted)' : ''} | ${f.user === null ? 'report' : code(f.user)} | ${code(f.rule)} | ${inlineText(f.message)} |`,
    ),
  ].join('\n');
  const total = listable ? 1 : 0;
  return {
    total,
    share: 0.05,
    render(n) {
      if (otherCount === 0) return '';
      return `${open}${n >= 1 && listable ? list : byRule}\n\n</details>\n\n`;
    },
  };
}

function warningsPart(report: MergedReport, elsewhere: string): Part {
  const lines = report.warnings.map((w) => `- ${inlineText(w)}\n`);
  return {
    total: lines.length,
    share: 0.05,
    render(n) {
      if (lines.length === 0) return '';
      const rest = lines.length - n;
      const more =
        rest > 0 ? `- … ${amount(rest)} more warning${pluralS(rest)}: in ${elsewhere}.\n` : '';
      return `<details>\n<summary>Warnings (${amount(lines.length)})</summary>\n\n${lines.slice(0, n).join('')}${more}\n</details>\n\n`;
    },
  };
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
