import type { GateReport } from '../../engine/types.js';
import { SEVERITIES } from '../../rules/types.js';
import { code, escapeText } from '../escape.js';
import { policyChangesSection, weakeningBlock } from '../policy.js';
import { ICON, num, s, type MarkdownOptions } from './common.js';

/** The heading and the verdict sentence: what a reviewer reads first. */
export function verdict(report: GateReport, options: MarkdownOptions): string[] {
  const { summary } = report;
  const failOn = report.policy.failOn;
  const title = options.title ? ` — ${escapeText(options.title)}` : '';
  const below = summary.findings > 0;
  let sentence: string;
  if (!report.passed)
    sentence = `**${num(summary.failing)}** finding${s(summary.failing)} at or above **${failOn}** must be fixed (or exempted in the policy) before this passes.`;
  else if (failOn === 'never')
    sentence = `${code('fail_on')} is **never**: this gate cannot fail${below ? `; ${num(summary.findings)} finding${s(summary.findings)} reported, none failing` : ', and there is no finding'}.`;
  else
    sentence = `No finding at or above **${failOn}** remains${below ? ` (${num(summary.findings)} finding${s(summary.findings)} below the threshold or exempted)` : ''}.`;
  return [
    report.passed
      ? `## ✅ IAM credential gate passed${title}`
      : `## ❌ IAM credential gate failed${title}`,
    '',
    sentence,
    '',
  ];
}

/** The account line, the counts by severity and what the policy changes or weakens. */
export function counts(report: GateReport, limit: number): string[] {
  const { summary } = report;
  const account = report.account.label
    ? `${code(report.account.label)} (${code(report.account.id ?? 'unknown')})`
    : code(report.account.id ?? 'unknown account');
  const out = [
    ...weakeningBlock(report, limit),
    `Account ${account} · ${num(summary.users)} user${s(summary.users)} · ${reportAge(report)} · evaluated ${day(report.evaluatedAt)}`,
    '',
    '| Severity | Failing | Not failing | Exempted |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const severity of SEVERITIES) {
    const all = report.findings.filter((f) => f.severity === severity);
    const failing = all.filter((f) => f.failing).length;
    const exempted = all.filter((f) => f.exempted).length;
    out.push(
      `| ${ICON[severity]} ${severity} | ${num(failing)} | ${num(all.length - failing - exempted)} | ${num(exempted)} |`,
    );
  }
  out.push('', ...policyChangesSection(report, limit));
  return out;
}

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
