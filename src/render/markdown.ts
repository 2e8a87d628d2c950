import type { Finding, GateReport } from '../engine/types.js';
import { escapeText, link } from './escape.js';
import { allocate, cut, type Part } from './summary/budget.js';
import { byRulePart } from './summary/by-rule.js';
import {
  knownFiles,
  num,
  RULE_DEFINITIONS_MAX,
  ruleLinkDefinitions,
  s,
  type MarkdownOptions,
} from './summary/common.js';
import { perUserPart } from './summary/per-user.js';
import { removals, removePart } from './summary/remove.js';
import {
  belowPart,
  exemptedPart,
  exemptionsPart,
  rulesPart,
  warningsPart,
} from './summary/rest.js';
import { counts, verdict } from './summary/verdict.js';

export { fitToSize } from './summary/budget.js';
export {
  credentialName,
  fileLink,
  groupBy,
  ICON,
  s,
  severityCell,
  type MarkdownOptions,
} from './summary/common.js';
export { reportAgeHours } from './summary/verdict.js';

/** Room kept for the "not shown" note and the rule links' URLs, written once the rest is sized. */
const NOTE_RESERVE = 700 + RULE_DEFINITIONS_MAX;

/**
 * The Markdown summary of one report (job summary, PR comment, CLI). In reading order: the
 * verdict and the counts; "Remove from Terraform", one line per user; the failing findings by
 * rule, the fix said once; per-user detail where it adds something; the findings that do not
 * fail; exemptions to look at; warnings; the rules cited.
 *
 * Within `maxLength`, the parts are served in order of use (what to remove, the rules, the
 * exemptions and warnings, per-user detail, the rest), each up to a share of the room first;
 * whatever is cut is counted, in a note under the verdict and where the cut is.
 */
export function renderMarkdown(report: GateReport, options: MarkdownOptions = {}): string {
  const max = options.maxLength ?? Infinity;
  const size = options.measure ?? ((t: string) => t.length);
  const elsewhere = elsewhereText(options);
  const failing = report.findings.filter((f) => f.failing);
  const entries = removals(failing, options);
  const unlocated = new Set(
    failing
      .filter((f) => f.terraform.length === 0 && f.user !== null && f.user !== '<root_account>')
      .map((f) => f.user),
  ).size;

  const remove = removePart(entries, entries.length > 0 ? unlocated : 0, elsewhere);
  const perUser = perUserPart(failing, knownFiles(report.findings), options, elsewhere);
  const byRule = byRulePart(failing, new Set(perUser.users.flat()), elsewhere);
  const below = belowPart(report, options, elsewhere);
  const exempted = exemptedPart(report, elsewhere);
  const exemptions = exemptionsPart(report, elsewhere);
  const warnings = warningsPart(report, elsewhere);
  const rules = rulesPart(report);
  const priority: Part[] = [remove, byRule, exemptions, warnings, perUser, rules, below, exempted];

  const header = options.header ? `${options.header}\n` : '';
  const footer = options.footer ? `${options.footer}\n` : '';
  const top = verdict(report, options).join('\n');
  let middle = `${counts(report, Infinity).join('\n')}\n`;
  let fixed = size(header) + size(top) + size(middle) + size(footer) + NOTE_RESERVE;
  if (fixed > max / 2) {
    middle = `${counts(report, 5).join('\n')}\n`;
    fixed = size(header) + size(top) + size(middle) + size(footer) + NOTE_RESERVE;
  }
  const shown =
    max === Infinity ? priority.map((p) => p.total) : allocate(priority, max - fixed, size);
  const n = new Map(priority.map((p, i) => [p, shown[i] as number]));
  const at = (p: Part) => n.get(p) as number;

  const note = notShown(
    {
      failing: failing.length,
      failingShown: shownFailing(
        failing,
        entries,
        at(remove),
        byRule.order,
        at(byRule),
        perUser.users,
        at(perUser),
      ),
      fixes: entries.length,
      fixesShown: at(remove),
      others: (
        [
          [perUser, 'the per-user detail of'],
          [below, 'the findings that do not fail:'],
          [exempted, 'the exempted findings:'],
          [exemptions, 'the exemptions to look at:'],
          [warnings, 'the warnings:'],
          [rules, 'the rules table'],
        ] as const
      )
        .filter(([p]) => at(p) < p.total)
        .map(([p, what]) =>
          p === rules
            ? what
            : `${what} ${num(p.total - at(p))} of ${num(p.total)}${p === perUser ? ` user${s(p.total)}` : ''}`,
        ),
    },
    elsewhere,
  );
  const body = [
    header,
    top,
    '\n',
    note,
    middle,
    ...[remove, byRule, perUser, below, exempted, exemptions, warnings, rules].map((p) =>
      p.render(at(p)),
    ),
  ].join('');
  // the rule links' URLs, once, before the footer (which a last-resort cut keeps)
  const text = `${body}${ruleLinkDefinitions(body)}${footer}`;
  return size(text) <= max ? text : cut(text, max, size, options.footer);
}

/** How many failing findings some part shows: in a removal line, under its rule, or in detail. */
function shownFailing(
  failing: readonly Finding[],
  entries: ReturnType<typeof removals>,
  removeShown: number,
  byRuleOrder: readonly Finding[],
  byRuleShown: number,
  users: readonly Finding[][],
  usersShown: number,
): number {
  const seen = new Set<Finding>();
  for (const e of entries.slice(0, removeShown)) for (const f of e.findings) seen.add(f);
  for (const f of byRuleOrder.slice(0, byRuleShown)) seen.add(f);
  for (const fs of users.slice(0, usersShown)) for (const f of fs) seen.add(f);
  return failing.filter((f) => seen.has(f)).length;
}

interface Shown {
  failing: number;
  failingShown: number;
  fixes: number;
  fixesShown: number;
  /** The other parts cut short, each with what it leaves out. */
  others: string[];
}

/** The note under the verdict when the text had to be cut: what is not shown, and where it is. */
function notShown(c: Shown, elsewhere: string): string {
  const missing: string[] = [];
  if (c.failingShown < c.failing)
    missing.push(
      `**${num(c.failing - c.failingShown)}** of the ${num(c.failing)} failing finding${s(c.failing)}`,
    );
  if (c.fixesShown < c.fixes)
    missing.push(
      `**${num(c.fixes - c.fixesShown)}** of the ${num(c.fixes)} user${s(c.fixes)} to fix in Terraform`,
    );
  if (missing.length === 0 && c.others.length === 0) return '';
  const left = c.failing - c.failingShown + (c.fixes - c.fixesShown);
  const what = [
    missing.length > 0
      ? `${missing.join(' and ')} ${left === 1 ? 'is' : 'are'} not shown here`
      : 'every failing finding is shown',
    ...(c.others.length > 0 ? [`also left out: ${c.others.join('; ')}`] : []),
  ].join('; ');
  return `> ✂️ **Too long to show in full:** ${what}. Everything is in ${elsewhere}.\n\n`;
}

/** Where what does not fit is to be read, as the options name it. */
export function elsewhereText(options: MarkdownOptions, fallback = 'the JSON report'): string {
  const links = options.elsewhereLinks ?? [];
  if (links.length === 0) return options.elsewhere ?? fallback;
  const named = links.map((l) => link(escapeText(l.label), l.href));
  return named.length === 1
    ? (named[0] as string)
    : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
}
