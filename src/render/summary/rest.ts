import { exemptionWarning } from '../../engine/exemption-warning.js';
import type { ExemptionReport, Finding, GateReport } from '../../engine/types.js';
import { RULES_BY_ID } from '../../rules/index.js';
import { code, escapeText, inlineText } from '../escape.js';
import type { Part } from './budget.js';
import {
  credentialName,
  fileLink,
  num,
  ruleLink,
  s,
  severityCell,
  type MarkdownOptions,
} from './common.js';

/** A part of `rows` table rows (or list lines) under a fixed head, saying how many it leaves out. */
function rowsPart(
  share: number,
  rows: readonly string[],
  wrap: (shown: string[], left: number) => string[],
): Part {
  return {
    total: rows.length,
    share,
    render: (n) =>
      rows.length === 0 ? '' : `${wrap(rows.slice(0, n), rows.length - n).join('\n')}\n`,
  };
}

function collapsedTable(summary: string, head: string[], shown: string[], more: string): string[] {
  return [
    '<details>',
    `<summary>${summary}</summary>`,
    '',
    ...(shown.length > 0 ? [...head, ...shown, ''] : []),
    ...(more ? [more, ''] : []),
    '</details>',
    '',
  ];
}

const moreLine = (left: number, what: string, elsewhere: string) =>
  left > 0 ? `… and ${num(left)} more ${what}: see ${elsewhere}.` : '';

/** Findings below the threshold (not failing, not exempted), collapsed. */
export function belowPart(report: GateReport, options: MarkdownOptions, elsewhere: string): Part {
  const others = report.findings.filter((f) => !f.failing && !f.exempted);
  const failOn = report.policy.failOn;
  const rows = others.map((f) => {
    const where = f.terraform[0]
      ? ` (${fileLink(f.terraform[0].file, f.terraform[0].line, options)})`
      : '';
    return `| ${severityCell(f.severity)} | ${who(f)}${where} | ${ruleLink(f.rule)} | ${credentialName(f.credential)} | ${inlineText(f.message)} |`;
  });
  const title =
    failOn === 'never'
      ? `Findings (none fails: <code>fail_on: never</code>) (${num(others.length)})`
      : `Findings below <code>fail_on: ${failOn}</code> (${num(others.length)})`;
  return rowsPart(0.05, rows, (shown, left) =>
    collapsedTable(
      title,
      ['| Severity | User | Rule | Credential | Finding |', '| --- | --- | --- | --- | --- |'],
      shown,
      moreLine(left, `finding${s(left)}`, elsewhere),
    ),
  );
}

const who = (f: Finding) => (f.user === null ? 'report' : code(f.user));

/** Exempted findings, collapsed. */
export function exemptedPart(report: GateReport, elsewhere: string): Part {
  const rows = report.findings
    .filter((f) => f.exempted)
    .map((f) => {
      const e = f.exemption;
      const reason = e
        ? `${escapeText(e.reason)}${e.ticket ? ` (${escapeText(e.ticket)})` : ''}`
        : '';
      return `| ${severityCell(f.severity)} | ${who(f)} | ${ruleLink(f.rule)} | ${credentialName(f.credential)} | ${reason} | ${e ? escapeText(e.expires) : ''} |`;
    });
  return rowsPart(0.05, rows, (shown, left) =>
    collapsedTable(
      `Exempted findings (${num(rows.length)})`,
      [
        '| Severity | User | Rule | Credential | Reason | Expires |',
        '| --- | --- | --- | --- | --- | --- |',
      ],
      shown,
      moreLine(left, `exempted finding${s(left)}`, elsewhere),
    ),
  );
}

/** Exemptions that expired, expire soon or match nothing: listed once, here. */
export function exemptionsPart(report: GateReport, elsewhere: string): Part {
  const rows = report.exemptions
    .filter((e) => e.status !== 'active')
    .map((e) => `- ${exemptionLine(e)}`);
  return rowsPart(0.03, rows, (shown, left) => [
    '### Exemptions to look at',
    '',
    ...shown,
    ...(left > 0 ? [`- ${moreLine(left, `exemption${s(left)}`, elsewhere)}`] : []),
    '',
  ]);
}

/** The report's warnings, but those of the exemptions listed above. */
export function warningsPart(report: GateReport, elsewhere: string): Part {
  const listed = new Set(report.exemptions.map(exemptionWarning).filter((w) => w !== undefined));
  const rows = report.warnings.filter((w) => !listed.has(w)).map((w) => `- ${inlineText(w)}`);
  return rowsPart(0.03, rows, (shown, left) => [
    '### Warnings',
    '',
    ...shown,
    ...(left > 0 ? [`- ${moreLine(left, `warning${s(left)}`, elsewhere)}`] : []),
    '',
  ]);
}

/** The rules the findings cite, with the references under the thresholds in force. */
export function rulesPart(report: GateReport): Part {
  const cited = new Map<string, Set<string>>();
  for (const f of report.findings) {
    let set = cited.get(f.rule);
    if (!set) cited.set(f.rule, (set = new Set()));
    for (const r of f.references) set.add(r);
  }
  const rows: string[] = [];
  for (const id of [...cited.keys()].sort()) {
    const meta = RULES_BY_ID.get(id)?.meta;
    if (meta)
      rows.push(
        `| ${ruleLink(id)} | ${inlineText(meta.description)} | ${[...(cited.get(id) ?? [])].map((r) => inlineText(r)).join('<br>') || '—'} |`,
      );
  }
  // all or nothing: a reference table cut short would mislead
  return {
    total: rows.length > 0 ? 1 : 0,
    share: 0.02,
    render: (n) =>
      n === 0
        ? ''
        : `${collapsedTable('Rules and references', ['| Rule | What it checks | References |', '| --- | --- | --- |'], rows, '').join('\n')}\n`,
  };
}

function exemptionLine(e: ExemptionReport): string {
  const what = `exemption ${e.index + 1} for ${e.users.map(code).join(', ')}${e.rules ? ` (${e.rules.map(ruleLink).join(', ')})` : ' (every rule)'}`;
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
