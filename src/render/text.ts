import type { Finding, GateReport } from '../engine/types.js';
import { SEVERITIES, type Severity } from '../rules/index.js';
import { plainText } from './escape.js';

/** How the text is drawn: colour only when the caller says the output is a terminal that wants it. */
export interface TextOptions {
  color?: boolean | undefined;
}

// SGR codes: the few a report needs (bold, dim, red, green, yellow, cyan).
const SGR = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36 } as const;
type Style = keyof typeof SGR;

const SEVERITY_STYLE: Record<Severity, Style[]> = {
  critical: ['bold', 'red'],
  high: ['red'],
  medium: ['yellow'],
  low: ['dim'],
};

/**
 * A CommonMark code span (the product's sentences mark names and files so): its content, as a
 * terminal shows it. The fence is a run of backticks closed by a run of the same length; one
 * padding space each side is dropped, as CommonMark does.
 */
const CODE_SPAN = /(?<!`)(`+)(?!`)([\s\S]*?[^`]|)\1(?!`)/g;
const unpad = (s: string): string =>
  s.length > 1 && s.startsWith(' ') && s.endsWith(' ') && s.trim() !== '' ? s.slice(1, -1) : s;

/**
 * The report for a terminal: the verdict first, then the failing findings with their fix, the
 * others, the exempted ones and the warnings, in aligned columns. Every piece of data is one line
 * with no control character (an escape sequence in a user name is shown inert, never run).
 */
export function renderText(report: GateReport, options: TextOptions = {}): string {
  const paint = (text: string, ...styles: Style[]): string =>
    options.color && styles.length > 0
      ? `\u001b[${styles.map((s) => SGR[s]).join(';')}m${text}\u001b[0m`
      : text;
  const prose = (text: string): string =>
    plainText(text).replace(CODE_SPAN, (_, _fence: string, inner: string) =>
      paint(unpad(inner), 'cyan'),
    );
  const s = report.summary;
  const out: string[] = [];
  const verdict = report.passed ? paint('PASSED', 'bold', 'green') : paint('FAILED', 'bold', 'red');
  const account = [report.account.label, report.account.id]
    .filter(Boolean)
    .map((x) => plainText(x as string));
  out.push(
    `${verdict}  ${s.failing} failing of ${s.findings} findings (fail_on ${report.policy.failOn}) · ${s.users} users${account.length > 0 ? ` · account ${account.join(' ')}` : ''}`,
  );
  const bySeverity = (counts: Record<Severity, number>) =>
    SEVERITIES.filter((x) => counts[x] > 0)
      .map((x) => `${counts[x]} ${x}`)
      .join(', ') || 'none';
  out.push(
    `        failing: ${bySeverity(s.failingBySeverity)} · exempted: ${s.exempted} · report generated ${report.reportGeneratedAt ?? 'unknown'} · policy ${plainText(report.policy.file)}`,
  );
  for (const w of report.policyWarnings ?? [])
    out.push(`${paint('warning', 'yellow')}: the policy weakens the gate: ${prose(w.message)}`);

  const failing = report.findings.filter((f) => f.failing);
  const other = report.findings.filter((f) => !f.failing && !f.exempted);
  const exempted = report.findings.filter((f) => f.exempted);
  const columns = columnWidths(report.findings);
  const row = (f: Finding): string => {
    const severity = f.severity.padEnd(columns.severity);
    return `  ${paint(severity, ...SEVERITY_STYLE[f.severity])}  ${plainText(f.rule).padEnd(columns.rule)}  ${paint(userOf(f).padEnd(columns.user), 'bold')}  ${whereOf(f)}`;
  };
  const indent = ' '.repeat(2 + columns.severity + 2);
  const header = () =>
    paint(
      `  ${'SEVERITY'.padEnd(columns.severity)}  ${'RULE'.padEnd(columns.rule)}  ${'USER'.padEnd(columns.user)}  WHERE`,
      'dim',
    );
  const section = (title: string, findings: Finding[], detail: (f: Finding) => string[]) => {
    if (findings.length === 0) return;
    out.push('', paint(`${title} (${findings.length})`, 'bold'), header());
    for (const f of findings) {
      out.push(row(f));
      for (const line of detail(f)) out.push(`${indent}${line}`);
    }
  };
  section('Failing findings', failing, (f) => [
    prose(f.message),
    `${paint('fix:', 'bold')} ${prose(f.remediation)}`,
  ]);
  section('Below fail_on', other, (f) => [prose(f.message)]);
  section('Exempted', exempted, (f) => [
    prose(f.message),
    `${paint('exempted:', 'dim')} ${prose(f.exemption?.reason ?? '')} (until ${f.exemption?.expires ?? '?'})`,
  ]);
  if (report.warnings.length > 0) {
    out.push('', paint(`Warnings (${report.warnings.length})`, 'bold'));
    for (const w of report.warnings) out.push(`  - ${prose(w)}`);
  }
  if (report.findings.length === 0) out.push('', 'No findings.');
  return `${out.join('\n')}\n`;
}

/** The verdict line of `--quiet`. */
export const textVerdict = (report: GateReport, options: TextOptions = {}): string =>
  renderText({ ...report, findings: [], warnings: [], policyWarnings: [] }, options).split(
    '\n',
  )[0] + '\n';

const userOf = (f: Finding): string => (f.user === null ? '(report)' : plainText(f.user));

function whereOf(f: Finding): string {
  const t = f.terraform.find((x) => x.file !== null);
  return t ? plainText(`${t.file}${t.line !== null ? `:${t.line}` : ''}`) : '—';
}

/** Column widths: as wide as the widest value (a user name past 32 characters pushes no column). */
function columnWidths(findings: readonly Finding[]) {
  let rule = 'RULE'.length;
  let user = 'USER'.length;
  for (const f of findings) {
    rule = Math.max(rule, f.rule.length);
    user = Math.max(user, Math.min(32, userOf(f).length));
  }
  return { severity: 'SEVERITY'.length, rule, user };
}
