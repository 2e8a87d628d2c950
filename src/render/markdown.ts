import type { ExemptionReport, Finding, GateReport } from '../engine/types.js';
import { RULES_BY_ID, SEVERITIES, type Severity } from '../rules/index.js';
import { code, escapeText, inlineText, link } from './escape.js';
import { ROOT_USER } from '../report/types.js';
import { policyChangesSection, weakeningBlock } from './policy.js';

export const ICON: Record<Severity, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
};

export interface MarkdownOptions {
  /** Size at most, as `measure` counts (GitHub: 65,536 characters for a comment, 1 MiB for a job summary). */
  maxLength?: number;
  /** How size is counted: characters by default; bytes for the job summary. */
  measure?: (text: string) => number;
  /** Goes first (the sticky comment's hidden marker); counted in the size. */
  header?: string;
  /** Turns `file:line` into a link, e.g. to the blob at the commit. */
  linkFile?: (file: string, line: number) => string | undefined;
  /** Shown at the end, e.g. a link to the workflow run. */
  footer?: string;
  /** A heading suffix telling several gates apart in one PR (the sticky comment's header). */
  title?: string;
  /** Where what does not fit is to be read (default: "the JSON report"). */
  elsewhere?: string;
}

type Detail = 'full' | 'compact' | 'minimal';

/**
 * The Markdown summary. When it does not fit `maxLength`, detail goes first (the collapsed
 * sections, then the per-user groups), the verdict and counts last.
 */
export function renderMarkdown(report: GateReport, options: MarkdownOptions = {}): string {
  return fitToSize(
    (detail, groups) => build(report, options, detail, groups),
    ['full', 'compact', 'minimal'],
    50,
    options,
  );
}

/**
 * The first level of detail whose text fits `options.maxLength`; else the last level with
 * fewer and fewer groups (halving from `groups`); else a cut that keeps the footer.
 */
export function fitToSize<D extends string>(
  make: (detail: D, groups: number) => string,
  levels: readonly D[],
  groups: number,
  options: MarkdownOptions,
): string {
  const max = options.maxLength ?? Infinity;
  const size = options.measure ?? ((t: string) => t.length);
  const withHeader = (detail: D, n: number) =>
    `${options.header ? `${options.header}\n` : ''}${make(detail, n)}`;
  for (const detail of levels) {
    const text = withHeader(detail, Infinity);
    if (size(text) <= max) return text;
  }
  // As many groups as fit: estimated from what `groups` of them take, then fewer until it fits.
  const last = levels[levels.length - 1] as D;
  const bare = size(withHeader(last, 0));
  let text = withHeader(last, groups);
  if (size(text) <= max && groups > 0) {
    const perGroup = Math.max(1, (size(text) - bare) / groups);
    const estimate = Math.floor(((max - bare) / perGroup) * 0.95);
    if (estimate > groups) {
      const more = withHeader(last, estimate);
      if (size(more) <= max) return more;
      groups = Math.floor(estimate * 0.9);
      text = withHeader(last, groups);
    }
  }
  while (size(text) > max && groups > 0) {
    groups = Math.floor(groups / 2);
    text = withHeader(last, groups);
  }
  // Last resort: cut, but keep the footer (the link to the run).
  const tail = options.footer ? `\n${options.footer}\n` : '';
  while (size(text) > max)
    text = `${text.slice(0, Math.floor(text.length * 0.9))}\n\n… (truncated)\n${tail}`;
  return text;
}

function build(
  report: GateReport,
  options: MarkdownOptions,
  detail: Detail,
  maxGroups: number,
): string {
  const out: string[] = [];
  const { summary } = report;
  const failOn = report.policy.failOn;
  const title = options.title ? ` — ${escapeText(options.title)}` : '';
  const account = report.account.label
    ? `${code(report.account.label)} (${code(report.account.id ?? 'unknown')})`
    : code(report.account.id ?? 'unknown account');

  out.push(
    report.passed
      ? `## ✅ IAM credential gate passed${title}`
      : `## ❌ IAM credential gate failed${title}`,
    '',
    report.passed
      ? `No finding at or above **${failOn}** remains${summary.findings > 0 ? ` (${summary.findings} finding${s(summary.findings)} below the threshold or exempted)` : ''}.`
      : `**${summary.failing}** finding${s(summary.failing)} at or above **${failOn}** must be fixed (or exempted in the policy) before this passes.`,
    '',
    ...weakeningBlock(report, detail === 'minimal' ? 5 : Infinity),
    `Account ${account} · ${summary.users} user${s(summary.users)} · ${reportAge(report)} · evaluated ${day(report.evaluatedAt)}`,
    '',
    '| Severity | Failing | Not failing | Exempted |',
    '| --- | ---: | ---: | ---: |',
  );
  for (const severity of SEVERITIES) {
    const all = report.findings.filter((f) => f.severity === severity);
    const failing = all.filter((f) => f.failing).length;
    const exempted = all.filter((f) => f.exempted).length;
    out.push(
      `| ${ICON[severity]} ${severity} | ${failing} | ${all.length - failing - exempted} | ${exempted} |`,
    );
  }
  out.push('', ...policyChangesSection(report, detail === 'minimal' ? 10 : Infinity));

  const failing = report.findings.filter((f) => f.failing);
  if (failing.length > 0) {
    out.push(`### Failing findings (${failing.length})`, '');
    const groups = groupBy(failing, (f) => f.user);
    const shown = groups.slice(0, maxGroups);
    for (const [user, findings] of shown) out.push(...userGroup(user, findings, options, detail));
    if (groups.length > shown.length)
      out.push(
        `… and ${groups.length - shown.length} more user${s(groups.length - shown.length)} with failing findings: see ${options.elsewhere ?? 'the JSON report'}.`,
        '',
      );
  }

  const others = report.findings.filter((f) => !f.failing && !f.exempted);
  if (others.length > 0)
    out.push(
      ...collapsed(
        `Findings below <code>fail_on: ${failOn}</code> (${others.length})`,
        detail === 'full'
          ? findingTable(others, options)
          : [`${others.length} finding${s(others.length)}; details in the JSON report.`],
      ),
    );

  const exempted = report.findings.filter((f) => f.exempted);
  if (exempted.length > 0)
    out.push(
      ...collapsed(
        `Exempted findings (${exempted.length})`,
        detail === 'full'
          ? exemptedTable(exempted)
          : [
              `${exempted.length} exempted finding${s(exempted.length)}; details in the JSON report.`,
            ],
      ),
    );

  const notable = report.exemptions.filter((e) => e.status !== 'active');
  if (notable.length > 0) {
    out.push('### Exemptions to look at', '');
    for (const e of notable) out.push(`- ${exemptionLine(e)}`);
    out.push('');
  }

  if (report.warnings.length > 0) {
    const shown = detail === 'minimal' ? report.warnings.slice(0, 5) : report.warnings;
    out.push('### Warnings', '');
    for (const w of shown) out.push(`- ${inlineText(w)}`);
    if (shown.length < report.warnings.length)
      out.push(`- … ${report.warnings.length - shown.length} more in the JSON report`);
    out.push('');
  }

  if (detail !== 'minimal' && report.findings.length > 0) {
    // the references the findings cite (under the thresholds in force), not all the rule knows
    const cited = new Map<string, Set<string>>();
    for (const f of report.findings) {
      let set = cited.get(f.rule);
      if (!set) cited.set(f.rule, (set = new Set()));
      for (const r of f.references) set.add(r);
    }
    const rows = ['| Rule | What it checks | References |', '| --- | --- | --- |'];
    for (const id of [...cited.keys()].sort()) {
      const meta = RULES_BY_ID.get(id)?.meta;
      if (meta)
        rows.push(
          `| ${code(id)} | ${inlineText(meta.description)} | ${[...(cited.get(id) ?? [])].map(inlineText).join('<br>') || '—'} |`,
        );
    }
    out.push(...collapsed('Rules and references', rows));
  }

  if (options.footer) out.push(options.footer, '');
  return out.join('\n');
}

function userGroup(
  user: string | null,
  findings: Finding[],
  options: MarkdownOptions,
  detail: Detail,
): string[] {
  const first = findings[0] as Finding;
  const who =
    user === null
      ? 'The credential report'
      : `${code(user)}${user === ROOT_USER ? ' (the root user)' : first.serviceUser ? ' (service user)' : ''}`;
  const out = [`#### ${who}`, ''];
  out.push('| Severity | Rule | Credential | Finding |', '| --- | --- | --- | --- |');
  for (const f of findings)
    out.push(
      `| ${severityCell(f.severity)} | ${code(f.rule)} | ${credentialName(f.credential)} | ${inlineText(f.message)} |`,
    );
  out.push('');
  const locations = first.terraform;
  if (locations.length > 0) {
    const related = locations.flatMap((t) => t.related);
    const where = locations
      .map((t) => `${code(t.address)} at ${fileLink(t.file, t.line, options)}`)
      .join(', ');
    const also =
      related.length > 0 && detail === 'full'
        ? `, with ${related.map((r) => `${code(r.address)} (${fileLink(r.file, r.line, options)})`).join(', ')}`
        : '';
    out.push(`**In Terraform:** ${where}${also}`, '');
  }
  if (detail !== 'minimal') {
    out.push('**What to do:**', '');
    const seen = new Set<string>();
    for (const f of findings) {
      if (seen.has(f.remediation)) continue;
      seen.add(f.remediation);
      out.push(`- ${code(f.rule)}: ${inlineText(f.remediation)}`);
    }
    out.push('');
  }
  return out;
}

function findingTable(findings: Finding[], options: MarkdownOptions): string[] {
  const rows = [
    '| Severity | User | Rule | Credential | Finding |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const f of findings) {
    const where = f.terraform[0]
      ? ` (${fileLink(f.terraform[0].file, f.terraform[0].line, options)})`
      : '';
    rows.push(
      `| ${severityCell(f.severity)} | ${f.user === null ? 'report' : code(f.user)}${where} | ${code(f.rule)} | ${credentialName(f.credential)} | ${inlineText(f.message)} |`,
    );
  }
  return rows;
}

function exemptedTable(findings: Finding[]): string[] {
  const rows = [
    '| Severity | User | Rule | Credential | Reason | Expires |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const f of findings) {
    const e = f.exemption;
    const reason = e
      ? `${escapeText(e.reason)}${e.ticket ? ` (${escapeText(e.ticket)})` : ''}`
      : '';
    rows.push(
      `| ${severityCell(f.severity)} | ${f.user === null ? 'report' : code(f.user)} | ${code(f.rule)} | ${credentialName(f.credential)} | ${reason} | ${e ? escapeText(e.expires) : ''} |`,
    );
  }
  return rows;
}

function exemptionLine(e: ExemptionReport): string {
  const what = `exemption ${e.index + 1} for ${e.users.map(code).join(', ')}${e.rules ? ` (${e.rules.map(code).join(', ')})` : ' (every rule)'}`;
  const reason = ` — “${escapeText(e.reason)}”${e.ticket ? `, ${escapeText(e.ticket)}` : ''}`;
  switch (e.status) {
    case 'expired':
      return `⛔ **Expired** ${escapeText(e.expires)}: ${what}${reason}. It no longer applies${e.matched > 0 ? ` to ${e.matched} finding${s(e.matched)}` : ''}.`;
    case 'expiring-soon':
      return `⏳ **Expires soon** (${escapeText(e.expires)}): ${what}${reason}. Fix the finding${s(e.matched)} or renew it.`;
    case 'unused':
      return `🧹 **Unused**: ${what}${reason} matched no finding; remove it from the policy.`;
    default:
      return `${what}${reason}`;
  }
}

function collapsed(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

/** Items grouped by a key, in the order the keys first appear. */
export function groupBy<T, K>(items: readonly T[], key: (t: T) => K): [K, T[]][] {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups];
}

export function fileLink(
  file: string | null,
  line: number | null,
  options: MarkdownOptions,
): string {
  if (file === null) return 'the state only';
  if (line === null) return code(file);
  const href = options.linkFile?.(file, line);
  const label = code(`${file}:${line}`);
  return href ? link(label, href) : label;
}

const CREDENTIAL_NAMES: Record<string, string> = {
  password: 'password',
  mfa: 'MFA',
  access_key_1: 'access key 1',
  access_key_2: 'access key 2',
  cert_1: 'certificate 1',
  cert_2: 'certificate 2',
  user: 'user',
  report: 'report',
};
export const credentialName = (c: string): string =>
  Object.hasOwn(CREDENTIAL_NAMES, c) ? (CREDENTIAL_NAMES[c] as string) : escapeText(String(c));

/** A severity with its icon; anything else (from a forged artifact) escaped, without one. */
export const severityCell = (severity: string): string =>
  Object.hasOwn(ICON, severity)
    ? `${ICON[severity as Severity]} ${severity}`
    : escapeText(String(severity));

/** The plural ending for a count. */
export const s = (n: number): string => (n === 1 ? '' : 's');
const day = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** Whole hours between a report's generation and its evaluation, or `null` when unknown. */
export function reportAgeHours(
  generatedAt: string | null,
  evaluatedAt: string | null,
): number | null {
  if (!generatedAt || !evaluatedAt) return null;
  // never negative: the parser allows an evaluation a few minutes before generation (clock skew)
  return Math.max(0, Math.floor((Date.parse(evaluatedAt) - Date.parse(generatedAt)) / 3_600_000));
}

function reportAge(report: GateReport): string {
  const hours = reportAgeHours(report.reportGeneratedAt, report.evaluatedAt);
  if (hours === null || !report.reportGeneratedAt) return 'report generation time unknown';
  const age = hours < 48 ? `${hours} hour${s(hours)} old` : `${Math.floor(hours / 24)} days old`;
  return `report generated ${day(report.reportGeneratedAt)} (${age})`;
}
