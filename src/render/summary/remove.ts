import type { Finding } from '../../engine/types.js';
import type { Part } from './budget.js';
import { fixPlace, groupBy, num, ruleLink, s, userName, type MarkdownOptions } from './common.js';

/** Lines shown open; the rest of the list is collapsed. */
export const REMOVE_OPEN = 15;

/** One entry of "Remove from Terraform": a located user and its failing findings. */
export interface Removal {
  findings: Finding[];
  line: string;
}

/** The failing findings located in Terraform, one entry per user (most severe first). */
export function removals(failing: readonly Finding[], options: MarkdownOptions): Removal[] {
  const located = failing.filter((f) => f.terraform.length > 0);
  return groupBy(located, (f) => f.user).map(([, findings]) => ({
    findings,
    line: removalLine(findings, options),
  }));
}

/**
 * `- user — rule (N days), rule (M days) → file:line`: why and where, the findings that share a
 * place said once (the verified edit's first line, a manual step's place, else the block).
 */
function removalLine(findings: Finding[], options: MarkdownOptions): string {
  const first = findings[0] as Finding;
  const places = groupBy(findings, (f) => placeOf(f, options)).map(
    ([place, fs]) => `${fs.map(why).join(', ')} → ${place}`,
  );
  return `- ${userName(first, true)} — ${places.join('; ')}`;
}

function placeOf(f: Finding, options: MarkdownOptions): string {
  const [t, ...more] = f.terraform;
  if (!t) return '';
  return `${fixPlace(t, options)}${more.length > 0 ? ` (and ${more.length} more place${s(more.length)})` : ''}`;
}

const why = (f: Finding): string =>
  `${ruleLink(f.rule)}${f.days !== null ? ` (${num(f.days)}\u00a0day${s(f.days)})` : ''}`;

/** The "Remove from Terraform" part, cut to the first `n` entries when it must be. */
export function removePart(
  entries: readonly Removal[],
  unlocated: number,
  elsewhere: string,
): Part {
  const total = entries.length;
  return {
    total,
    share: 0.45,
    render(n) {
      if (total === 0) return '';
      const out = [
        `### Remove from Terraform (${num(total)} user${s(total)})`,
        '',
        'One line per user: why (rule, days), then where — the verified edit, a manual step, or where the user is defined.',
        '',
      ];
      const shown = entries.slice(0, n).map((e) => e.line);
      out.push(...shown.slice(0, REMOVE_OPEN));
      if (shown.length > REMOVE_OPEN)
        out.push(
          '',
          '<details>',
          `<summary>${num(shown.length - REMOVE_OPEN)} more user${s(shown.length - REMOVE_OPEN)} to remove</summary>`,
          '',
          ...shown.slice(REMOVE_OPEN),
          '',
          '</details>',
        );
      if (n < total)
        out.push(
          '',
          `… and ${num(total - n)} more user${s(total - n)} to fix in Terraform, not shown here: see ${elsewhere}.`,
        );
      if (unlocated > 0)
        out.push(
          '',
          `${num(unlocated)} user${s(unlocated)} with failing findings ${unlocated === 1 ? 'is' : 'are'} not in the Terraform scanned: the rules below say what to do with the AWS CLI.`,
        );
      out.push('');
      return `${out.join('\n')}\n`;
    },
  };
}
