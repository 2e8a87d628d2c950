import type { Finding } from '../../engine/types.js';
import { RULES_BY_ID } from '../../rules/index.js';
import { code, inlineText } from '../escape.js';
import type { Part } from './budget.js';
import { groupBy, num, ruleLink, s, severityCell, userName } from './common.js';
import { ROOT_USER } from '../../report/types.js';

/** Users listed open under a rule; past {@link COLLAPSE_PAST}, the rest are collapsed. */
const OPEN = 10;
const COLLAPSE_PAST = 20;
/** Up to this many findings of a rule, each is listed with its message (it adds something). */
const WITH_MESSAGE = 3;

/** One user under a rule: compact (name and days), or with the message when the rule has few. */
function entry(f: Finding, withMessage: boolean): string {
  const days = f.days !== null ? ` (${num(f.days)}\u00a0day${s(f.days)})` : '';
  return withMessage ? `- ${userName(f, true)}: ${inlineText(f.message)}` : `${userName(f)}${days}`;
}

/**
 * The failing findings grouped by rule, most severe first: the fix said once per rule, the users
 * listed compactly. Cut to `n` findings, the rules are served in turn, so every rule keeps some.
 */
export function byRulePart(
  failing: readonly Finding[],
  detailed: ReadonlySet<Finding>,
  elsewhere: string,
): Part & { order: Finding[] } {
  const groups = groupBy(failing, (f) => f.rule);
  // round robin: the first of each rule, then the second of each, ...
  const order: Finding[] = [];
  const longest = Math.max(0, ...groups.map(([, fs]) => fs.length));
  for (let i = 0; i < longest; i++)
    for (const [, fs] of groups) if (i < fs.length) order.push(fs[i] as Finding);
  const rank = new Map(order.map((f, i) => [f, i]));
  return {
    total: order.length,
    share: 0.3,
    order,
    render(n) {
      if (failing.length === 0) return '';
      const out = [
        `### Failing findings by rule (${num(failing.length)} finding${s(failing.length)}, ${groups.length} rule${s(groups.length)})`,
        '',
      ];
      for (const [rule, findings] of groups) {
        const shown = findings.filter((f) => (rank.get(f) as number) < n);
        out.push(...ruleBlock(rule, findings, shown, detailed), '');
      }
      if (n < order.length)
        out.push(
          `… ${num(order.length - n)} of the ${num(order.length)} failing findings are not listed here: see ${elsewhere}.`,
          '',
        );
      return `${out.join('\n')}\n`;
    },
  };
}

function ruleBlock(
  rule: string,
  findings: Finding[],
  shown: Finding[],
  detailed: ReadonlySet<Finding>,
): string[] {
  const first = findings[0] as Finding;
  const meta = RULES_BY_ID.get(rule)?.meta;
  const users = new Set(findings.map((f) => f.user)).size;
  const out = [
    `#### ${severityCell(first.severity)} · ${ruleLink(rule)} · ${num(findings.length)} finding${s(findings.length)}${users !== findings.length ? `, ${num(users)} user${s(users)}` : ''}`,
    '',
  ];
  if (meta) {
    out.push(`**Fix:** ${inlineText(meta.remediation)}`, '');
    const outside = findings.some(
      (f) => f.terraform.length === 0 && f.user !== null && f.user !== ROOT_USER,
    );
    if (outside && meta.cli) out.push(`Not in Terraform: ${code(meta.cli)}`, '');
  }
  const withMessage = findings.length <= WITH_MESSAGE && findings.some((f) => !detailed.has(f));
  // a message is said once: here, or in the per-user detail
  const items = shown.map((f) => entry(f, withMessage && !detailed.has(f)));
  if (withMessage) out.push(...items.map((i) => (i.startsWith('- ') ? i : `- ${i}`)));
  else if (findings.length <= COLLAPSE_PAST) out.push(items.join(', '));
  else {
    out.push(items.slice(0, OPEN).join(', '));
    const rest = items.slice(OPEN);
    if (rest.length > 0)
      out.push(
        '',
        '<details>',
        `<summary>${num(rest.length)} more</summary>`,
        '',
        rest.join(', '),
        '',
        '</details>',
      );
  }
  if (shown.length < findings.length)
    out.push('', `(${num(findings.length - shown.length)} more not listed here)`);
  return out;
}
