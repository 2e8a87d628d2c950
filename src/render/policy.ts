import type { GateReport } from '../engine/types.js';
import type { PolicyChange } from '../policy/diff.js';
import type { Weakening } from '../policy/weakening.js';
import { code, escapeText } from './escape.js';
import { ruleLink } from './summary/common.js';

const who = (scope: Weakening['scope']): string =>
  scope === 'service users' ? 'for service users' : 'for every user';

/** Whose the value it weakens is: the default's, or an extended preset's. */
const base = (w: Weakening): string => (w.preset ? `the preset ${code(w.preset)}'s` : 'default');

const value = (v: string | number | boolean | undefined): string =>
  v === undefined ? '' : code(String(v));

/** One weakening as Markdown: built from its fields, every piece of policy text escaped. */
function weakeningLine(w: Weakening, report: GateReport): string {
  const at = ` (${code(w.path)})`;
  const rule = w.rule !== undefined ? ruleLink(w.rule) : '';
  const exemption = w.exemption !== undefined ? report.exemptions[w.exemption] : undefined;
  const ex = exemption
    ? `exemption ${exemption.index + 1} for ${exemption.users.map(code).join(', ')} (until ${escapeText(exemption.expires)})`
    : `exemption ${(w.exemption ?? 0) + 1}`;
  switch (w.kind) {
    case 'rule-disabled':
      return `rule ${rule} is **disabled** ${who(w.scope)} (${w.preset ? `on in the preset ${code(w.preset)}` : 'on by default'})${at}`;
    case 'severity-lowered':
      return `rule ${rule} is lowered to ${value(w.to)} ${who(w.scope)} (${base(w)} ${value(w.from)})${at}`;
    case 'threshold-looser':
      return `rule ${rule} allows ${value(w.to)} ${w.unit ?? ''} ${who(w.scope)}, looser than ${w.preset ? `the preset ${code(w.preset)}'s` : 'the default'} ${value(w.from)}${at}`;
    case 'exemption-every-user':
      return w.exemption === undefined
        ? `exemptions together match **every user** for rule ${rule}${at}`
        : `${ex} matches **every user**${at}`;
    case 'exemption-users-unclear':
      return `${ex}: its user globs are too complex to tell whether they match every user${at}`;
    case 'exemption-every-rule':
      return `${ex} covers **every rule**${at}`;
    case 'service-users-every-user':
      return `service_users covers **every user**: all get the service-user overrides${at}`;
    case 'root-credentials-removed':
      return `the root credentials are **declared removed** (centralized root access): ${rule} does not fire while the report shows no root key or certificate${at}`;
    case 'fail-on-never':
      return `${code(w.path)} is ${code('never')}: the gate **cannot fail**`;
    case 'fail-on-looser':
      return `${code(w.path)} is ${value(w.to)}: fewer findings fail the gate (${base(w)} ${value(w.from)})`;
    case 'fail-on-override':
      return `${code(w.path)} ${value(w.to)} overrides the policy's stricter ${code(`fail_on: ${String(w.from)}`)}${w.to === 'never' ? ': the gate **cannot fail**' : ''}`;
  }
}

/** The "this policy weakens the gate" block, first after the verdict; empty when it does not. */
export function weakeningBlock(report: GateReport, limit = Infinity): string[] {
  const items = report.policyWarnings ?? [];
  if (items.length === 0) return [];
  const shown = items.slice(0, limit);
  const out = [
    `> ⚠️ **This policy weakens the gate** (${items.length} setting${items.length === 1 ? '' : 's'}; warnings, not failures):`,
    '>',
    ...shown.map((w) => `> - ${weakeningLine(w, report)}`),
  ];
  if (shown.length < items.length)
    out.push(`> - … ${items.length - shown.length} more in the JSON report`);
  out.push('');
  return out;
}

const rulesOf = (rules: string[] | null): string =>
  rules === null ? 'every rule' : rules.map(code).join(', ');

function changeLine(c: PolicyChange): string {
  const weaker = 'weaker' in c && c.weaker ? ' ⚠️ weaker' : '';
  switch (c.kind) {
    case 'fail-on':
      return `${code('fail_on')}: ${value(c.from)} → ${value(c.to)}${weaker}`;
    case 'setting':
      return `${ruleLink(c.rule)} ${code(c.setting)} ${who(c.scope)}: ${value(c.from)} → ${value(c.to)}${weaker}`;
    case 'service-users': {
      const parts = [
        ...(c.added.length > 0 ? [`added ${c.added.map(code).join(', ')}`] : []),
        ...(c.removed.length > 0 ? [`removed ${c.removed.map(code).join(', ')}`] : []),
      ];
      return `${code(`service_users.${c.field}`)}: ${parts.join('; ')}`;
    }
    case 'exemption': {
      const what = `exemption for ${c.users.map(code).join(', ')} (${rulesOf(c.rules)})`;
      switch (c.change) {
        case 'added':
          return `${what} **added**, until ${escapeText(c.to ?? '')}${weaker}`;
        case 'removed':
          return `${what} removed (was until ${escapeText(c.from ?? '')})`;
        default:
          return `${what} ${c.change}: ${escapeText(c.from ?? '')} → ${escapeText(c.to ?? '')}${weaker}`;
      }
    }
  }
}

/** "Policy changes in this pull request": what the PR changes in the effective policy. */
export function policyChangesSection(report: GateReport, limit = Infinity): string[] {
  const changes = report.policyChanges;
  if (!changes || changes.changes.length === 0) return [];
  const shown = changes.changes.slice(0, limit);
  const out = [
    '### Policy changes in this pull request',
    '',
    changes.baseMissing
      ? `The policy is new in this pull request; compared with the defaults (${escapeText(changes.base)} does not exist):`
      : `Compared with ${escapeText(changes.base)}:`,
    '',
    ...shown.map((c) => `- ${changeLine(c)}`),
  ];
  if (shown.length < changes.changes.length)
    out.push(`- … ${changes.changes.length - shown.length} more in the JSON report`);
  out.push('');
  return out;
}
