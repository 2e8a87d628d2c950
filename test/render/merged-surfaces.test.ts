// The merged Markdown at organization size: bounded as the single-account surfaces are, every
// account and failing finding shown or counted as not shown.
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SUMMARY_MAX_BYTES } from '../../src/action/main.js';
import { COMMENT_MAX_LENGTH } from '../../src/github/comment.js';
import { mergeReports } from '../../src/merge/merge.js';
import type { MergedReport } from '../../src/merge/types.js';
import { MERGED_MARKDOWN_MAX_BYTES, renderMergedMarkdown } from '../../src/render/merged.js';
import { toHtml } from '../helpers/gfm.js';
import { NOW } from '../helpers/report.js';
import { mergedSurfaces } from '../helpers/surfaces.js';
import { accountId, erroredReport, orgAccount } from '../merge/reports.js';

const HOUR = 3_600_000;
/** 1,200 accounts of 10 users, 0 to 7 of them failing; 6 errored, 3 missing, 2 stale. */
const ACCOUNTS = 1200;
function bigMerge(): MergedReport {
  const inputs: { file: string; data: unknown }[] = [];
  for (let n = 0; n < ACCOUNTS; n++) {
    const data = orgAccount(n, 10, (n * 7) % 8, n % 3) as unknown as Record<string, unknown>;
    if (n % 500 === 7) {
      data.evaluatedAt = new Date(NOW - 72 * HOUR).toISOString();
      data.reportGeneratedAt = new Date(NOW - 73 * HOUR).toISOString();
    }
    inputs.push({ file: `reports/${accountId(n)}.json`, data });
  }
  for (let n = ACCOUNTS; n < ACCOUNTS + 6; n++)
    inputs.push({
      file: `reports/${accountId(n)}.json`,
      data: erroredReport(n, `cannot assume arn:aws:iam::${accountId(n)}:role/gate: AccessDenied`),
    });
  const expectAccounts = Array.from({ length: ACCOUNTS + 9 }, (_, n) => accountId(n));
  return mergeReports(inputs, { toolVersion: 'test', now: NOW, expectAccounts, keep: 'failing' });
}

const number = (s: string) => Number(s.replace(/,/g, ''));
const STATUS = /(✅ passed|❌ failed|⌛ stale|⚠️ errored|❓ missing)/;

/** What a merged surface shows and says it leaves out, read back from its Markdown. */
function readBack(md: string) {
  const rows: Record<string, number> = {};
  const notShown: Record<string, number> = {};
  let section = '';
  const out = { rows: 0, notShown: 0, problems: 0, problemsRest: 0 };
  const detail = { accounts: 0, rows: 0, more: 0, restAccounts: 0, restFindings: 0 };
  for (const line of md.split('\n')) {
    if (line.startsWith('### ')) section = line;
    const status = STATUS.exec(line)?.[1]?.split(' ')[1];
    if (section === '' && line.startsWith('| ') && status && !line.startsWith('| **Total**')) {
      out.rows++;
      rows[status] = (rows[status] ?? 0) + 1;
    }
    const rest = /^([\d,]+) more accounts? \((.*)\) not shown/.exec(line);
    if (section === '' && rest) {
      out.notShown += number(rest[1]!);
      for (const part of rest[2]!.split(', ')) {
        const [n, s] = part.split(' ');
        notShown[s!] = (notShown[s!] ?? 0) + number(n!);
      }
    }
    if (section.startsWith('### Accounts without a result')) {
      const more = /^- … ([\d,]+) more/.exec(line);
      if (more) out.problemsRest += number(more[1]!);
      else if (line.startsWith('- ')) out.problems++;
    }
    if (section.startsWith('### Failing findings')) {
      if (line.startsWith('#### ')) detail.accounts++;
      else if (/^\| (🔴|🟠|🟡|🔵) /.test(line)) detail.rows++;
      const more = /^… ([\d,]+) more failing findings? of this account/.exec(line);
      if (more) detail.more += number(more[1]!);
      const restAccounts =
        /^… the failing findings of ([\d,]+) more accounts? \(([\d,]+) findings?\) not shown/.exec(
          line,
        );
      if (restAccounts) {
        detail.restAccounts += number(restAccounts[1]!);
        detail.restFindings += number(restAccounts[2]!);
      }
    }
  }
  return { ...out, rows_: rows, notShown_: notShown, detail };
}

describe('the merged summary and comment of 1,209 accounts', () => {
  const merged = bigMerge();
  const { comment, summary } = mergedSurfaces(merged);
  const cli = renderMergedMarkdown(merged);
  const s = merged.summary;
  const failingAccounts = merged.accounts.filter((a) => (a.failing ?? 0) > 0).length;

  it('counts what it merged', () => {
    expect(s).toMatchObject({ accounts: 1209, errored: 6, missing: 3, stale: 3 });
    expect(s.passed + s.failed + s.stale + s.errored + s.missing).toBe(1209);
  });

  it('matches its golden file (the comment)', async () => {
    const file = 'test/golden/merged-comment-1209.md';
    if (process.env.UPDATE_GOLDEN) await writeFile(file, comment);
    expect(comment).toBe(await readFile(file, 'utf8'));
  });

  it('stays within each surface’s size', () => {
    expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH - 200);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES - 1024);
    expect(Buffer.byteLength(cli)).toBeLessThanOrEqual(MERGED_MARKDOWN_MAX_BYTES);
    // the summary shows more than the comment
    expect(readBack(summary).rows).toBeGreaterThan(readBack(comment).rows);
  });

  for (const [name, md] of [
    ['comment', () => comment],
    ['job summary', () => summary],
    ['CLI Markdown', () => cli],
  ] as const)
    it(`${name}: every account and failing finding is shown or counted as not shown`, () => {
      const text = md();
      const r = readBack(text);
      expect(r.rows + r.notShown).toBe(s.accounts);
      for (const status of ['passed', 'failed', 'stale', 'errored', 'missing'] as const)
        expect((r.rows_[status] ?? 0) + (r.notShown_[status] ?? 0), status).toBe(s[status]);
      expect(r.problems + r.problemsRest).toBe(s.errored + s.missing + s.stale);
      expect(r.detail.accounts + r.detail.restAccounts).toBe(failingAccounts);
      expect(r.detail.rows + r.detail.more + r.detail.restFindings).toBe(s.failing);
      expect(r.detail.accounts).toBeGreaterThan(0);
      // the worst accounts are the ones shown: errored and missing first in the table
      expect(text.indexOf('⚠️ errored')).toBeLessThan(text.indexOf('❌ failed'));
      // the note under the verdict counts the same
      if (r.notShown > 0)
        expect(text).toContain(
          `the rows of ${r.notShown.toLocaleString('en-US')} of 1,209 accounts`,
        );
      if (r.detail.restAccounts > 0)
        expect(text).toContain(
          `the failing findings of ${r.detail.restAccounts.toLocaleString('en-US')} of ${failingAccounts.toLocaleString('en-US')} accounts`,
        );
      const listed = r.detail.rows;
      if (listed < s.failing)
        expect(text).toContain(
          `**${(s.failing - listed).toLocaleString('en-US')}** of the ${s.failing.toLocaleString('en-US')} failing findings`,
        );
      // as GitHub renders it (the CLI's is the summary's but for its links: not rendered again)
      if (name === 'CLI Markdown') return;
      const html = toHtml(text);
      expect(html).toContain('<th>Account</th>');
      expect(html.match(/<details>/g)?.length ?? 0).toBe(html.match(/<\/details>/g)?.length ?? 0);
      expect(html.match(/<tr>/g)?.length ?? 0).toBeGreaterThanOrEqual(r.rows + 2);
    });
});
