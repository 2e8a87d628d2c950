// The merge streams: each report is read, checked and written out before the next; only totals
// and the worst accounts' failing findings (bounded) are kept.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Log } from 'sarif';
import { InputError } from '../../src/errors.js';
import {
  DETAIL_FINDINGS,
  DETAIL_PER_ACCOUNT,
  mergeReports,
  readReport,
} from '../../src/merge/merge.js';
import { renderMerged } from '../../src/render/index.js';
import { runMerge } from '../../src/run/merge.js';
import { VERSION } from '../../src/version.js';
import { NOW } from '../helpers/report.js';
import { accountId, accountReport, erroredReport as errored, orgAccount } from './reports.js';

/** Writes the reports to files, in this order; returns their paths. */
function writeReports(reports: unknown[]): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'merge-stream-'));
  const files = reports.map((r, i) => {
    const file = join(dir, `r${String(i).padStart(3, '0')}.json`);
    writeFileSync(file, JSON.stringify(r, null, 2));
    return file;
  });
  return { dir, files };
}

const held = (files: string[]) =>
  mergeReports(
    files.map((f) => readReport(readFileSync(f, 'utf8'), f)),
    { toolVersion: VERSION, now: NOW },
  );

describe('the merge writes as it reads', () => {
  const reports = [
    ...Array.from({ length: 11 }, (_, n) => orgAccount(n, 6, n % 3, n % 2)),
    errored(11),
    accountReport(12, false, 'clean'),
  ];

  it('writes the same JSON and SARIF as a merge held whole', async () => {
    const { dir, files } = writeReports(reports);
    const jsonFile = join(dir, 'merged.json');
    const sarifFile = join(dir, 'merged.sarif');
    const merged = await runMerge(files, { now: NOW, jsonFile, sarifFile });
    const whole = held(files);
    const json = readFileSync(jsonFile, 'utf8');
    expect(json).toBe(renderMerged(whole, 'json'));
    const value = JSON.parse(json) as Record<string, unknown>;
    // what only the last report settles comes after the findings
    expect(Object.keys(value)).toEqual([
      'schemaVersion',
      'kind',
      'tool',
      'mergedAt',
      'failOn',
      'maxReportAgeHours',
      'findings',
      'passed',
      'summary',
      'accounts',
      'rules',
      'otherFindingsByRule',
      'warnings',
    ]);
    expect((value.findings as unknown[]).length).toBe(whole.summary.findings);
    // the findings in the order the reports were given, account by account
    const ids = (value.findings as { account: { id: string } }[]).map((f) => f.account.id);
    expect(ids).toEqual([...ids].sort());
    // SARIF: one run per account with a result, each run as the whole merge makes it
    const runs = (l: Log) =>
      [...l.runs].sort((a, b) =>
        (a.automationDetails?.id ?? '').localeCompare(b.automationDetails?.id ?? ''),
      );
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as Log;
    expect(runs(sarif)).toEqual(runs(JSON.parse(renderMerged(whole, 'sarif')) as Log));
    expect(sarif.runs).toHaveLength(12);
    // the report returned keeps what Markdown needs: the same counts and accounts
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.accounts).toEqual(whole.accounts);
    // (the failing findings, worst accounts first)
    const byId = (list: typeof merged.findings) =>
      [...list].sort((a, b) => (a.account.id ?? '').localeCompare(b.account.id ?? ''));
    expect(byId(merged.findings)).toEqual(byId(whole.findings.filter((f) => f.failing)));
    expect(merged.findings[0]?.account.id).toBe(merged.accounts[1]?.id); // after the errored one
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('a report refused half-way leaves the outputs as they were, and says which', async () => {
    const bad = structuredClone(reports[3]) as { summary: { failing: number } };
    bad.summary.failing += 1;
    const { dir, files } = writeReports([...reports.slice(0, 3), bad, ...reports.slice(4)]);
    const jsonFile = join(dir, 'merged.json');
    const sarifFile = join(dir, 'merged.sarif');
    writeFileSync(jsonFile, 'the last good merge');
    const error = await runMerge(files, { now: NOW, jsonFile, sarifFile }).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).describe()).toContain(files[3]);
    expect(readFileSync(jsonFile, 'utf8')).toBe('the last good merge');
    expect(readdirSync(dir).filter((f) => f.startsWith('merged'))).toEqual(['merged.json']);
  });

  it('keeps the failing findings of the worst accounts only, within its bounds', () => {
    // 60 accounts of 220 to 279 failing users: more than the bound holds
    const inputs = Array.from({ length: 60 }, (_, n) => ({
      file: `r/${n}.json`,
      data: orgAccount(n, 280, 220 + n, 0),
    }));
    const whole = mergeReports(inputs, { toolVersion: 't', now: NOW });
    const kept = mergeReports(
      Array.from({ length: 60 }, (_, n) => ({
        file: `r/${n}.json`,
        data: orgAccount(n, 280, 220 + n, 0),
      })),
      { toolVersion: 't', now: NOW, keep: 'failing' },
    );
    expect(kept.summary).toEqual(whole.summary);
    expect(kept.findings.length).toBeLessThanOrEqual(DETAIL_FINDINGS);
    expect(kept.omitted).toBe(whole.summary.findings - kept.findings.length);
    const per = new Map<string, number>();
    for (const f of kept.findings) per.set(f.account.id!, (per.get(f.account.id!) ?? 0) + 1);
    expect(Math.max(...per.values())).toBe(DETAIL_PER_ACCOUNT);
    // the accounts kept are the worst ones, in the merge's order
    const order = kept.accounts.map((a) => a.id!);
    expect([...per.keys()]).toEqual(order.slice(0, per.size));
    expect(per.size).toBe(Math.floor(DETAIL_FINDINGS / DETAIL_PER_ACCOUNT));
    expect(order[0]).toBe(accountId(59));
  });
});
