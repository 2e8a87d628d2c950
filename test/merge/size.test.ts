// The merge at organization size: every account counted, worst first, the summary readable.
import { describe, expect, it } from 'vitest';
import { mergeReports } from '../../src/merge/merge.js';
import { renderMergedMarkdown } from '../../src/render/merged.js';
import { toHtml } from '../helpers/gfm.js';
import { NOW } from '../helpers/report.js';
import { accountId, orgAccount as account } from './reports.js';

describe('merge at organization size', () => {
  // 300 accounts of 30 users: every 3rd with failing users (1 to 5 of them), one errored
  const N = 300;
  const failingUsers = (n: number) => (n % 3 === 0 ? 1 + (n % 5) : 0);
  const inputs = () =>
    Array.from({ length: N }, (_, n) => ({
      file: `r/${n}.json`,
      data: account(n, 30, failingUsers(n), n % 4 === 0 ? 2 : 0),
    }));
  const expectAccounts = [...Array.from({ length: N }, (_, n) => accountId(n)), accountId(N)];
  const merged = mergeReports(inputs(), { toolVersion: 't', now: NOW, expectAccounts });

  it('counts every account and every finding', () => {
    let failing = 0;
    for (let n = 0; n < N; n++) failing += failingUsers(n);
    expect(merged.summary).toMatchObject({
      accounts: N + 1,
      failed: Array.from({ length: N }, (_, n) => n).filter((n) => failingUsers(n) > 0).length,
      missing: 1,
      failing,
    });
    expect(merged.summary.passed + merged.summary.failed + merged.summary.missing).toBe(N + 1);
    expect(merged.accounts.reduce((t, a) => t + (a.failing ?? 0), 0)).toBe(failing);
    expect(merged.accounts.reduce((t, a) => t + (a.users ?? 0), 0)).toBe(N * 31);
    expect(merged.findings.length).toBe(merged.summary.findings);
    expect(merged.findings.filter((f) => f.failing)).toHaveLength(failing);
  });

  it('orders accounts worst first: missing, then the most failing, then passed', () => {
    const statuses = merged.accounts.map((a) => a.status);
    expect(statuses[0]).toBe('missing');
    const failed = merged.accounts.filter((a) => a.status === 'failed');
    const highs = failed.map((a) => a.failingBySeverity?.high ?? 0);
    expect(highs).toEqual([...highs].sort((a, b) => b - a));
    expect(statuses.lastIndexOf('failed')).toBeLessThan(statuses.indexOf('passed'));
    // findings by account id, each account's in its own order
    const ids = merged.findings.map((f) => f.account.id ?? '');
    expect(ids).toEqual([...ids].sort());
  });

  it('shows the worst 50 accounts, a totals row, and the rest collapsed', () => {
    const md = renderMergedMarkdown(merged);
    const html = toHtml(md);
    const [open, collapsed] = html.split('<details>');
    expect((open?.match(/<tr>/g) ?? []).length).toBe(1 + 50 + 1); // header, 50, total
    expect(md).toContain(`| **Total** | ${N + 1} accounts | ${(N * 31).toLocaleString('en-US')} |`);
    expect(md).toMatch(
      new RegExp(`<summary>${N + 1 - 50} more accounts \\(\\d+ failed, \\d+ passed\\)</summary>`),
    );
    expect(collapsed).toContain('acct-');
    // severity columns named in words, not only by an icon
    expect(md).toContain('| 🔴 Critical | 🟠 High | 🟡 Medium | 🔵 Low |');
    // the missing account has no label: its id stands in the first column
    expect(md).toContain(`| \`${accountId(N)}\` | \`${accountId(N)}\` |`);
    // a comment stays within its size: the rest counted, not listed
    const short = renderMergedMarkdown(merged, { maxLength: 65_536 });
    expect(short.length).toBeLessThanOrEqual(65_536);
    expect(short).toContain('| **Total** |');
  });
});
