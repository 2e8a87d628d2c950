import type { Finding } from '../../engine/types.js';
import { RULES_BY_ID } from '../../rules/index.js';
import { code, inlineText } from '../escape.js';
import type { Part } from './budget.js';
import {
  credentialName,
  fileLink,
  fileSpans,
  groupBy,
  num,
  ruleLink,
  s,
  severityCell,
  userName,
  type MarkdownOptions,
} from './common.js';

/** Up to this many users, their detail is open; more are collapsed under one summary. */
const OPEN_USERS = 5;

/** A finding whose fix says more than its rule's (Terraform or AWS CLI steps for this user). */
const specific = (f: Finding): boolean =>
  f.remediation !== RULES_BY_ID.get(f.rule)?.meta.remediation;

/** A finding's fix without the words its rule says for everyone (said under the rule). */
function ownSteps(f: Finding): string {
  const general = RULES_BY_ID.get(f.rule)?.meta.remediation;
  return general && f.remediation.startsWith(general)
    ? f.remediation.slice(general.length).trim() || f.remediation
    : f.remediation;
}

/**
 * Per-user detail, only for the users where it adds something to the rule's fix: their
 * findings, where they are in Terraform, and the fix texts made for them (file:line as links).
 */
export function perUserPart(
  failing: readonly Finding[],
  files: ReadonlyMap<string, string>,
  options: MarkdownOptions,
  elsewhere: string,
): Part & { users: Finding[][] } {
  const users = groupBy(failing, (f) => f.user)
    .map(([, fs]) => fs)
    .filter((fs) => fs.some(specific));
  const blocks = users.map((fs) => userBlock(fs, files, options).join('\n'));
  return {
    total: users.length,
    share: 0.1,
    users,
    render(n) {
      if (users.length === 0) return '';
      const out = [
        `### Per-user detail (${num(users.length)} user${s(users.length)})`,
        '',
        'Where each user is in Terraform and the steps made for it.',
        '',
      ];
      const body = blocks.slice(0, n);
      if (n < users.length)
        body.push(
          `… and ${num(users.length - n)} more user${s(users.length - n)}: see ${elsewhere}.`,
          '',
        );
      if (users.length > OPEN_USERS && body.length > 0)
        out.push(
          '<details>',
          `<summary>Show ${n < users.length ? `${num(n)} of ` : ''}${num(users.length)} users</summary>`,
          '',
          ...body,
          '</details>',
          '',
        );
      else out.push(...body);
      return `${out.join('\n')}\n`;
    },
  };
}

function userBlock(
  findings: Finding[],
  files: ReadonlyMap<string, string>,
  options: MarkdownOptions,
): string[] {
  const first = findings[0] as Finding;
  const spans = fileSpans(files, options);
  const out = [`#### ${userName(first, true)}`, ''];
  out.push('| Severity | Rule | Credential | Finding |', '| --- | --- | --- | --- |');
  for (const f of findings)
    out.push(
      `| ${severityCell(f.severity)} | ${ruleLink(f.rule)} | ${credentialName(f.credential)} | ${inlineText(f.message, spans)} |`,
    );
  out.push('');
  const locations = first.terraform;
  if (locations.length > 0) {
    const related = locations.flatMap((t) => t.related);
    const where = locations
      .map((t) => `${code(t.address)} at ${fileLink(t.file, t.line, options)}`)
      .join(', ');
    const also =
      related.length > 0
        ? `, with ${related.map((r) => `${code(r.address)} (${fileLink(r.file, r.line, options)})`).join(', ')}`
        : '';
    out.push(`**In Terraform:** ${where}${also}`, '');
  }
  // the rule's own fix is said under the rule: here only what is this user's (said once)
  const steps = groupBy(findings.filter(specific), ownSteps);
  if (steps.length > 0) {
    out.push('**What to do:**', '');
    for (const [text, fs] of steps)
      out.push(`- ${fs.map((f) => ruleLink(f.rule)).join(', ')}: ${inlineText(text, spans)}`);
    out.push('');
  }
  return out;
}
