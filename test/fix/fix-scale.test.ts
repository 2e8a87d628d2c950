// `fix --write` on a tree of many root modules where, in each, two plans each verify but not
// together (the last two names of a JSON list share a separator): the clash is settled within
// the plans that share a root or a file, not by verifying every plan of the tree again with all
// the others (which grows with the square of the plans).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { activeUser, NOW, toCsv } from '../helpers/report.js';
import { checkFolder, PEOPLE_FROM_JSON } from '../helpers/terraform.js';

const scans = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/terraform/scan.js', async (original) => {
  const real = await original<typeof import('../../src/terraform/scan.js')>();
  return {
    ...real,
    scanTerraform: (...args: Parameters<typeof real.scanTerraform>) => {
      scans.count++;
      return real.scanTerraform(...args);
    },
  };
});

const ROOTS = 16;

/** ROOTS root modules, each with a kept user and two unused ones at the end of a JSON list. */
function tree(): { dir: string; roots: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'fix-scale-'));
  const rows: Parameters<typeof toCsv>[0] = [];
  const roots: string[] = [];
  for (let r = 0; r < ROOTS; r++) {
    const root = join(dir, `stack-${r}`);
    mkdirSync(root);
    roots.push(root);
    writeFileSync(join(root, 'main.tf'), PEOPLE_FROM_JSON);
    writeFileSync(
      join(root, 'people.json'),
      `[\n  { "name": "keep-${r}" },\n  { "name": "old-${r}-a" },\n  { "name": "old-${r}-b" }\n]\n`,
    );
    rows.push({ user: `old-${r}-a` }, { user: `old-${r}-b` }, activeUser(`keep-${r}`));
  }
  writeFileSync(join(dir, 'report.csv'), toCsv(rows));
  writeFileSync(join(dir, 'policy.yml'), 'version: 1\n');
  return { dir, roots };
}

/** `fix --write` of the tree's unused users (those of `users` only, when given). */
async function fixTree(dir: string, roots: string[], users?: string[]) {
  const { runFix } = await import('../../src/run/fix.js');
  return runFix(
    {
      reportFile: join(dir, 'report.csv'),
      policyFile: join(dir, 'policy.yml'),
      now: NOW,
      terraformDirs: roots,
      ...(users && { users }),
      write: true,
    },
    dir,
  );
}

describe('fix --write on many roots with a clash in each', () => {
  it('fixes every user, and verifies a number of times that grows with the roots, not their square', async () => {
    const { scanTerraform } = await import('../../src/terraform/scan.js');
    const { dir, roots } = tree();
    scans.count = 0;
    const result = await fixTree(dir, roots);
    expect(result.manual).toEqual([]);
    expect(result.fixed).toHaveLength(2 * ROOTS);
    for (let r = 0; r < ROOTS; r++)
      expect(JSON.parse(readFileSync(join(roots[r] as string, 'people.json'), 'utf8'))).toEqual([
        { name: `keep-${r}` },
      ]);
    const index = await scanTerraform(roots, dir);
    expect([...index.users.keys()].sort()).toEqual(
      Array.from({ length: ROOTS }, (_, r) => `keep-${r}`).sort(),
    );
    // two rounds (check, plans, settle, combine): about six scans per root (by the square of
    // the plans: over 200 for these 16 roots)
    expect(scans.count).toBeLessThanOrEqual(7 * ROOTS);
  });

  it('plans only the users asked for (`--user`): the other roots are not verified', async () => {
    const { dir, roots } = tree();
    scans.count = 0;
    const result = await fixTree(dir, roots, ['old-3-*']);
    expect(result.fixed.map((f) => f.user).sort()).toEqual(['old-3-a', 'old-3-b']);
    expect(JSON.parse(readFileSync(join(roots[3] as string, 'people.json'), 'utf8'))).toEqual([
      { name: 'keep-3' },
    ]);
    expect(JSON.parse(readFileSync(join(roots[4] as string, 'people.json'), 'utf8'))).toHaveLength(
      3,
    );
    // two rounds of: the scan, one root verified when settled, once more when combined
    expect(scans.count).toBeLessThanOrEqual(10);
  });
});

describe('check on many roots whose plans fit together', () => {
  /** ROOTS root modules, each with an unused user (and its key) and an active one. */
  function simpleTree(clashIn?: number): { dir: string; csv: string } {
    const dir = mkdtempSync(join(tmpdir(), 'check-scale-'));
    const rows: Parameters<typeof toCsv>[0] = [];
    for (let r = 0; r < ROOTS; r++) {
      const root = join(dir, `stack-${r}`);
      mkdirSync(root);
      if (r === clashIn) {
        writeFileSync(join(root, 'main.tf'), PEOPLE_FROM_JSON);
        writeFileSync(
          join(root, 'people.json'),
          `[\n  { "name": "keep-${r}" },\n  { "name": "old-${r}" },\n  { "name": "old-${r}-b" }\n]\n`,
        );
        rows.push({ user: `old-${r}-b` });
      } else
        writeFileSync(
          join(root, 'main.tf'),
          [
            `resource "aws_iam_user" "old" {\n  name = "old-${r}"\n}\n`,
            `resource "aws_iam_access_key" "old" {\n  user = aws_iam_user.old.name\n}\n`,
            `resource "aws_iam_user" "keep" {\n  name = "keep-${r}"\n}\n`,
          ].join('\n'),
        );
      rows.push({ user: `old-${r}` }, activeUser(`keep-${r}`));
    }
    return { dir, csv: toCsv(rows) };
  }

  const planned = (report: Awaited<ReturnType<typeof checkFolder>>) =>
    report.findings
      .filter((f) => f.rule === 'unused-user')
      .map((f) => [f.user, f.terraform.map((t) => t.fix?.status)]);

  it('verifies all their plans in one scan of their roots, not one scan per root', async () => {
    const { dir, csv } = simpleTree();
    scans.count = 0;
    const { ScanReads } = await import('../../src/terraform/reads.js');
    const crawlOf = vi.spyOn(ScanReads.prototype, 'crawlOf');
    const report = await checkFolder(dir, csv);
    // the verification scan is lent what the first scan listed: it lists no folder again
    const lent = crawlOf.mock.results.filter((r) => r.value !== undefined).length;
    crawlOf.mockRestore();
    expect(lent).toBeGreaterThanOrEqual(ROOTS);
    expect(planned(report)).toEqual(
      Array.from({ length: ROOTS }, (_, r) => [`old-${r}`, ['verified']]).sort(),
    );
    // the scan, and one scan of the 16 roots with every plan applied
    expect(scans.count).toBe(2);
  });

  it("where one root's plans do not fit together, that root's are verified each on its own", async () => {
    const { dir, csv } = simpleTree(5);
    scans.count = 0;
    const report = await checkFolder(dir, csv);
    // every plan still verified (each on its own where they clash), none lost to the clash
    expect(planned(report)).toEqual(
      [
        ...Array.from({ length: ROOTS }, (_, r) => [`old-${r}`, ['verified']]),
        ['old-5-b', ['verified']],
      ].sort(),
    );
    // the scan, all at once (fails), then each root (its plans together or alone): about one
    // scan per root, the clashing root's two plans alone
    expect(scans.count).toBeLessThanOrEqual(ROOTS + 4);
  });
});

describe("the planner's workspace", () => {
  it('takes a text the scan kept rather than reading the file again', async () => {
    const { Workspace } = await import('../../src/terraform/draft.js');
    const { ScanReads } = await import('../../src/terraform/reads.js');
    const { terraformParser } = await import('../../src/terraform/parser.js');
    const dir = mkdtempSync(join(tmpdir(), 'ws-reads-'));
    const path = join(dir, 'main.tf');
    writeFileSync(path, 'resource "aws_iam_user" "a" {\n  name = "on-disk"\n}\n');
    const reads = new ScanReads();
    const scanned = 'resource "aws_iam_user" "a" {\n  name = "scanned"\n}\n';
    reads.files.set(path, { hasIam: true, hasModule: false, text: scanned, vars: false });
    expect(new Workspace(dir, await terraformParser(), reads).text(path)).toBe(scanned);
    expect(new Workspace(dir, await terraformParser()).text(path)).toContain('on-disk');
  });
});
