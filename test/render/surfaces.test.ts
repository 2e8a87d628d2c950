import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SUMMARY_MAX_BYTES } from '../../src/action/main.js';
import type { GateReport } from '../../src/engine/types.js';
import { COMMENT_MAX_LENGTH } from '../../src/github/comment.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { ruleDocUrl } from '../../src/rules/docs-url.js';
import { RULES_BY_ID } from '../../src/rules/index.js';
import { toHtml } from '../helpers/gfm.js';
import { check } from '../helpers/policy.js';
import { ago } from '../helpers/report.js';
import { scaleReport } from '../helpers/scale.js';
import { RUN, RUN_URL, surfaces } from '../helpers/surfaces.js';
import { cloneReport } from '../helpers/clone-report.js';

const SIZES = [3, 30, 300, 3000] as const;
const cache = new Map<number, { report: GateReport; comment: string; summary: string }>();
function at(n: number) {
  let hit = cache.get(n);
  if (!hit) {
    const report = scaleReport(n);
    cache.set(n, (hit = { report, ...surfaces(report) }));
  }
  return hit;
}

const number = (s: string) => Number(s.replace(/,/g, ''));

/**
 * What a surface shows, read back from its Markdown (not from the renderer's bookkeeping): the
 * `user|rule` pairs named in a removal line, under a rule, or in a user's table, and the
 * removal lines.
 */
function readBack(md: string): { pairs: Set<string>; removals: number } {
  const pairs = new Set<string>();
  let removals = 0;
  let section = '';
  let current = '';
  for (const line of md.split('\n')) {
    if (line.startsWith('### ')) {
      section = line;
      current = '';
      continue;
    }
    const rules = [...line.matchAll(/\]\[([a-z0-9-]+)\]/g)].map((m) => m[1] as string);
    const users = [...line.matchAll(/`((?:user-\d{4})|svc-[a-z]+)`/g)].map((m) => m[1] as string);
    if (section.startsWith('### Remove from Terraform') && line.startsWith('- ')) {
      removals++;
      for (const r of rules) pairs.add(`${users[0]}|${r}`);
    } else if (section.startsWith('### Failing findings by rule')) {
      if (line.startsWith('#### ')) current = rules[0] ?? '';
      else if (!line.startsWith('**Fix:**') && !line.startsWith('Not in Terraform'))
        for (const u of users) pairs.add(`${u}|${current}`);
    } else if (section.startsWith('### Per-user detail')) {
      if (line.startsWith('#### ')) current = users[0] ?? '';
      else if (line.startsWith('| ') && rules.length > 0) pairs.add(`${current}|${rules[0]}`);
    }
  }
  return { pairs, removals };
}

/** The counts of the "not shown" note, or zeros when there is none. */
function note(md: string) {
  const findings = /\*\*([\d,]+)\*\* of the ([\d,]+) failing findings?/.exec(md);
  const fixes = /\*\*([\d,]+)\*\* of the ([\d,]+) users? to fix in Terraform/.exec(md);
  return {
    present: md.includes('Too long to show in full'),
    findings: findings ? number(findings[1] as string) : 0,
    fixes: fixes ? number(fixes[1] as string) : 0,
  };
}

describe('the comment and the job summary at 3, 30, 300 and 3,000 failing findings', () => {
  for (const n of SIZES)
    it(`match their golden files at ${n}`, async () => {
      const { comment, summary } = at(n);
      const files: [string, string][] = [[`test/golden/comment-${n}.md`, comment]];
      // the 1 MiB summary at 3,000 is checked by its bounds and counts, not kept
      if (n < 3000) files.push([`test/golden/summary-${n}.md`, summary]);
      for (const [file, text] of files) {
        if (process.env.UPDATE_GOLDEN) await writeFile(file, text);
        expect(text).toBe(await readFile(file, 'utf8'));
      }
    });

  it('stay within GitHub’s limits: 65,536 characters for a comment, 1 MiB for a summary', () => {
    for (const n of SIZES) {
      const { comment, summary } = at(n);
      expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH - 200);
      expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES - 1024);
    }
    // and they use the room: the cut is not far below the limit
    expect(at(3000).comment.length).toBeGreaterThan(0.9 * (COMMENT_MAX_LENGTH - 200));
    expect(Buffer.byteLength(at(3000).summary)).toBeGreaterThan(0.9 * SUMMARY_MAX_BYTES);
  });

  it('count honestly what they do not show: shown + not shown = total, findings and fixes', () => {
    for (const n of SIZES)
      for (const surface of ['comment', 'summary'] as const) {
        const { report, [surface]: md } = at(n);
        const failing = report.findings.filter((f) => f.failing);
        const pairs = new Set(failing.map((f) => `${f.user}|${f.rule}`));
        expect(pairs.size).toBe(n); // one finding per user and rule in these reports
        const located = new Set(failing.filter((f) => f.terraform.length > 0).map((f) => f.user));
        const back = readBack(md);
        const shown = [...back.pairs].filter((p) => pairs.has(p)).length;
        const told = note(md);
        expect(shown + told.findings, `${surface} at ${n}`).toBe(n);
        expect(back.removals + told.fixes, `${surface} at ${n}`).toBe(located.size);
        if (told.findings > 0 || told.fixes > 0) expect(told.present).toBe(true);
      }
    // what is cut where: the comment from 300 on, the summary only at 3,000
    expect([3, 30, 300, 3000].map((n) => note(at(n).comment).present)).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect([3, 30, 300, 3000].map((n) => note(at(n).summary).present)).toEqual([
      false,
      false,
      false,
      true,
    ]);
  });

  it('say where the rest is: the comment links the job summary and the JSON artifact, the summary the artifact', () => {
    // the note alone, rendered (a 1 MiB document is slow to render)
    const noteOf = (md: string) => toHtml(md.split('\n').find((l) => l.includes('Too long')) ?? '');
    const comment = at(3000).comment;
    const summary = at(3000).summary;
    expect(noteOf(comment)).toContain(`<a href="${RUN_URL}">the job summary</a>`);
    expect(noteOf(comment)).toContain(
      `<a href="${RUN_URL}#artifacts">the JSON report (the run’s artifacts)</a>`,
    );
    expect(noteOf(summary)).toContain(`<a href="${RUN_URL}#artifacts">`);
    expect(noteOf(summary)).not.toContain('job summary');
  });

  it('put the verdict, the counts and what to remove on the first screen', () => {
    for (const n of SIZES) {
      const md = at(n).comment;
      expect(md.split('\n')[0]).toBe('## ❌ IAM credential gate failed');
      const lines = md.split('\n');
      const remove = lines.findIndex((l) => l.startsWith('### Remove from Terraform'));
      expect(remove).toBeGreaterThan(0);
      expect(remove).toBeLessThan(25);
      // the first removal lines are open, not collapsed
      expect(lines.slice(remove, remove + 6).some((l) => l.startsWith('- `user-'))).toBe(true);
    }
  });

  it('a removal line names the user, the rules with days, and the verified edit, the manual step or the block', () => {
    const md = at(30).comment;
    const blob = `https://github.com/${RUN.GITHUB_REPOSITORY}/blob/${RUN.GITHUB_SHA}/`;
    const line = (user: string) => md.split('\n').find((l) => l.startsWith(`- \`${user}\``)) ?? '';
    // user-0000: a verified edit (its first line)
    expect(line('user-0000')).toBe(
      `- \`user-0000\` — [\`console-mfa\`][console-mfa], [\`password-unused\`][password-unused] (100\u00a0days), [\`unused-user\`][unused-user] (100\u00a0days) → [\`terraform/iam/team-1.tf:10\`](${blob}terraform/iam/team-1.tf#L10)`,
    );
    // user-0002: a manual plan, with its reason and place
    expect(line('user-0002')).toContain(
      `→ manual: the user set is computed from \`var.team_members\` — [\`terraform/iam/variables.tf:12\`](${blob}terraform/iam/variables.tf#L12)`,
    );
    // user-0003: no plan, where it is defined (its element of the for_each, not the shared block)
    expect(line('user-0003')).toContain(
      `→ [\`terraform/iam/team-4.tf:31\`](${blob}terraform/iam/team-4.tf#L31)`,
    );
    // user-0004 is not in Terraform: no line, but counted
    expect(line('user-0004')).toBe('');
    expect(md).toContain('2 users with failing findings are not in the Terraform scanned');
  });

  it('says the fix once per rule and lists its users compactly, collapsed past 20', () => {
    const md = at(300).summary;
    const fixes = md.split('\n').filter((l) => l.startsWith('**Fix:** Remove the user;'));
    expect(fixes).toHaveLength(1);
    const from = md.indexOf('#### 🟠 high · [`unused-user`]');
    const html = toHtml(
      `${md.slice(from, md.indexOf('\n#### ', from + 1))}\n\n[unused-user]: ${ruleDocUrl('unused-user')}\n`,
    );
    const unused = html.slice(html.indexOf('<code>unused-user</code></a> · 120 findings'));
    expect(unused).toMatch(
      /^[^]*?<p><code>user-0000<\/code> \(100\u00a0days\), <code>user-0001<\/code>/,
    );
    expect(unused).toMatch(/<details>\s*<summary>110 more<\/summary>/);
  });

  it('links every rule name to its documentation', () => {
    const html = toHtml(at(30).comment);
    for (const id of RULES_BY_ID.keys()) {
      const all = html.split(`<code>${id}</code>`).length - 1;
      const linked = html.split(`<a href="${ruleDocUrl(id)}"><code>${id}</code></a>`).length - 1;
      expect(linked, id).toBe(all);
    }
    expect(html).toContain(`<a href="${ruleDocUrl('unused-user')}"><code>unused-user</code></a>`);
  });

  it('makes file:line in fix texts links to the blob at the commit, for the files Terraform located only', () => {
    const html = toHtml(at(3).comment);
    const blob = `https://github.com/${RUN.GITHUB_REPOSITORY}/blob/${RUN.GITHUB_SHA}/`;
    const steps = html.slice(html.indexOf('<strong>What to do:</strong>'));
    expect(steps).toContain(
      `from the for_each collection at <a href="${blob}terraform/iam/team-1.tf#L10"><code>terraform/iam/team-1.tf:10</code></a>`,
    );
    const report = cloneReport(at(3).report);
    for (const f of report.findings)
      f.remediation = `${f.remediation} See also \`elsewhere.tf:3\`.`;
    const other = toHtml(surfaces(report).comment);
    expect(other).toContain('See also <code>elsewhere.tf:3</code>.');
  });

  it('lists an expired or unused exemption once, under "Exemptions to look at", not again under Warnings', () => {
    const { report, comment } = at(30);
    // the JSON report keeps them as warnings
    expect(report.warnings.some((w) => w.includes('matched no finding'))).toBe(true);
    expect(report.warnings.some((w) => w.includes('expired 2026-10-31'))).toBe(true);
    const warnings = comment.slice(comment.indexOf('### Warnings'));
    expect(warnings).not.toMatch(/matched no finding|expired/);
    expect(warnings).toContain('`terraform/iam/legacy.tf`\\: not valid HCL');
    expect(comment.match(/exemption 2 for/g)).toHaveLength(1);
    expect(comment.match(/exemption 3 for/g)).toHaveLength(1);
  });
});

describe('fail_on: never', () => {
  it('says the gate cannot fail, not "No finding at or above never remains"', () => {
    const r = check(
      [
        {
          user: 'bob',
          password_enabled: 'true',
          password_last_used: ago(1),
          password_last_changed: ago(2),
        },
      ],
      'version: 1\nfail_on: never\n',
    );
    const md = renderMarkdown(r);
    expect(md).not.toMatch(/at or above \*\*never\*\*/);
    expect(md).toContain(
      '`fail_on` is **never**: this gate cannot fail; 1 finding reported, none failing.',
    );
    expect(md).toContain('Findings (none fails: <code>fail_on: never</code>) (1)');
  });
});
