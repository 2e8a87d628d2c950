// The result cache (src/terraform/result-cache.ts): a check over Terraform whose files have not
// changed takes its located users, account hints and edit plans from the cache, and gives the
// same report as a check without it; any change to what the scan looked at (a file's text, a
// file added or removed where it listed, a module folder appearing, a link re-pointed, a file
// read by file(), a provider's account) is a miss, never a stale answer.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../../src/render/index.js';
import { runCheck } from '../../src/run/check.js';
import { loadTerraform } from '../../src/run/check.js';
import { clearScanMemo } from '../../src/terraform/memo.js';
import { checkLooks, ResultCache } from '../../src/terraform/result-cache.js';
import { grammarDigest } from '../../src/terraform/wasm.js';
import { ago, toCsv, type Row } from '../helpers/report.js';

const tmp = mkdtempSync(join(tmpdir(), 'result-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const NOW = Date.parse('2026-11-22T00:00:00Z');

const people = ['ann', 'bo', 'cy', 'dee', 'eve', 'fay', 'gus', 'hal', 'ivy', 'jo', 'kim', 'lu'];
/** Every user with an old active key and a console password without MFA: plans for both. */
const REPORT = toCsv(
  people.map((user): Row => ({
    user,
    password_enabled: 'true',
    password_last_used: ago(200),
    password_last_changed: ago(300),
    access_key_1_active: 'true',
    access_key_1_last_rotated: ago(300),
    access_key_1_last_used_date: ago(150),
  })),
);

/**
 * A layout with every kind of thing the scan looks at: plain and for_each users with keys and
 * login profiles, a local module and one outside the scanned folder, a users list read with
 * file(), a variable file, JSON syntax, a symlinked file, a provider bound to an account, and
 * a module whose folder does not exist (yet).
 */
function layout(): string {
  const base = join(tmp, `case-${Math.random().toString(36).slice(2)}`);
  const root = join(base, 'infra');
  const write = (rel: string, text: string) => {
    mkdirSync(join(base, rel, '..'), { recursive: true });
    writeFileSync(join(base, rel), text);
  };
  write(
    'infra/main.tf',
    [
      'provider "aws" {',
      '  allowed_account_ids = ["123456789012"]',
      '}',
      'resource "aws_iam_user" "ann" {',
      '  name = "ann"',
      '}',
      'resource "aws_iam_access_key" "ann" {',
      '  user = aws_iam_user.ann.name',
      '}',
      'resource "aws_iam_user_login_profile" "ann" {',
      '  user = aws_iam_user.ann.name',
      '}',
      'module "team" {',
      '  source = "./team"',
      '}',
      'module "shared" {',
      '  source = "../shared"',
      '}',
      'module "later" {',
      '  source = "./later"',
      '}',
      'variable "lead" {',
      '  default = "nobody"',
      '}',
      'resource "aws_iam_user" "lead" {',
      '  name = var.lead',
      '}',
      'resource "aws_iam_user" "from_text" {',
      '  name = trimspace(file("${path.module}/name.txt"))',
      '}',
      '',
    ].join('\n'),
  );
  write(
    'infra/team/main.tf',
    [
      'locals {',
      '  people = jsondecode(file("${path.module}/people.json"))',
      '}',
      'resource "aws_iam_user" "people" {',
      '  for_each = toset(local.people)',
      '  name     = each.key',
      '}',
      'resource "aws_iam_access_key" "people" {',
      '  for_each = aws_iam_user.people',
      '  user     = each.value.name',
      '}',
      '',
    ].join('\n'),
  );
  write('infra/team/people.json', JSON.stringify(['bo', 'cy']));
  write('infra/terraform.tfvars', 'unused = "x"\n');
  write('shared/main.tf', 'resource "aws_iam_user" "dee" {\n  name = "dee"\n}\n');
  write(
    'infra/json.tf.json',
    JSON.stringify({ resource: { aws_iam_user: { eve: { name: 'eve' } } } }),
  );
  write('infra/linked/target.tf', 'resource "aws_iam_user" "fay" {\n  name = "fay"\n}\n');
  mkdirSync(join(root, 'links'));
  symlinkSync(join(root, 'linked', 'target.tf'), join(root, 'links', 'fay.tf'));
  write('infra/README.md', 'not Terraform\n');
  write('infra/name.txt', 'lu\n');
  write('infra/envs/README.md', 'stacks go here\n');
  write('report.csv', REPORT);
  write('policy.yml', 'version: 1\n');
  return base;
}

/** Changes to a layout; each names what it changes. */
const MUTATIONS: Record<string, (base: string) => void> = {
  'a user renamed': (b) =>
    writeFileSync(
      join(b, 'infra/main.tf'),
      readFileSync(join(b, 'infra/main.tf'), 'utf8').replace('name = "ann"', 'name = "gus"'),
    ),
  'a file added': (b) =>
    writeFileSync(join(b, 'infra/hal.tf'), 'resource "aws_iam_user" "hal" {\n  name = "hal"\n}\n'),
  'a folder added below': (b) => {
    mkdirSync(join(b, 'infra/deep/er'), { recursive: true });
    writeFileSync(
      join(b, 'infra/deep/er/ivy.tf'),
      'resource "aws_iam_user" "ivy" {\n  name = "ivy"\n}\n',
    );
  },
  'a stack added two folders down (where nothing else lists)': (b) => {
    mkdirSync(join(b, 'infra/envs/prod'));
    writeFileSync(
      join(b, 'infra/envs/prod/hal.tf'),
      'resource "aws_iam_user" "hal" {\n  name = "hal"\n}\n',
    );
  },
  'a name read with file() changed (same size)': (b) =>
    writeFileSync(join(b, 'infra/name.txt'), 'jo\n'),
  'a file removed': (b) => unlinkSync(join(b, 'infra/json.tf.json')),
  'the file() input changed': (b) =>
    writeFileSync(join(b, 'infra/team/people.json'), JSON.stringify(['bo', 'jo'])),
  'a variable file sets a name': (b) =>
    writeFileSync(join(b, 'infra/terraform.tfvars'), 'lead = "kim"\n'),
  'the module outside changed': (b) =>
    writeFileSync(join(b, 'shared/main.tf'), 'resource "aws_iam_user" "dee" {\n  name = "lu"\n}\n'),
  'a missing module folder appears': (b) => {
    mkdirSync(join(b, 'infra/later'));
    writeFileSync(
      join(b, 'infra/later/main.tf'),
      'resource "aws_iam_user" "jo" {\n  name = "jo"\n}\n',
    );
  },
  'a link re-pointed': (b) => {
    writeFileSync(
      join(b, 'infra/linked/other.tf.txt'),
      'resource "aws_iam_user" "kim" {\n  name = "kim"\n}\n',
    );
    unlinkSync(join(b, 'infra/links/fay.tf'));
    symlinkSync(join(b, 'infra/linked/other.tf.txt'), join(b, 'infra/links/fay.tf'));
  },
  'a link re-pointed outside the scanned folder (the same text)': (b) => {
    mkdirSync(join(b, 'outside'));
    writeFileSync(join(b, 'outside/target.tf'), readFileSync(join(b, 'infra/linked/target.tf')));
    unlinkSync(join(b, 'infra/links/fay.tf'));
    symlinkSync(join(b, 'outside/target.tf'), join(b, 'infra/links/fay.tf'));
  },
  "the provider's account changed": (b) =>
    writeFileSync(
      join(b, 'infra/main.tf'),
      readFileSync(join(b, 'infra/main.tf'), 'utf8').replace('123456789012', '210987654321'),
    ),
  'a key removed (a plan changes)': (b) =>
    writeFileSync(
      join(b, 'infra/main.tf'),
      readFileSync(join(b, 'infra/main.tf'), 'utf8').replace(
        'resource "aws_iam_access_key" "ann" {\n  user = aws_iam_user.ann.name\n}\n',
        '',
      ),
    ),
  'a file that is not Terraform changed (nothing the scan reads)': (b) =>
    writeFileSync(join(b, 'infra/README.md'), 'changed\n'),
};

/** A check of a layout as a new process runs it (nothing of an earlier scan kept in memory). */
async function check(base: string, cacheDir?: string, report = 'report.csv') {
  clearScanMemo();
  const cwd = process.cwd();
  process.chdir(base);
  try {
    const terraform = await loadTerraform(['infra'], undefined, 'terraform-dir', cacheDir);
    const result = await runCheck({
      reportFile: report,
      policyFile: 'policy.yml',
      now: NOW,
      terraform,
    });
    terraform?.keep();
    return {
      json: render(result, 'json'),
      markdown: render(result, 'markdown'),
      outcome: terraform?.resultCache,
      result,
    };
  } finally {
    process.chdir(cwd);
  }
}

describe('result cache', () => {
  it('gives the same report from the cache as without it, and scans nothing when it hits', async () => {
    const base = layout();
    const cache = join(base, '.cache');
    const plain = await check(base);
    expect(plain.outcome).toBe('off');
    // the layout is worth testing: users located in every place, plans made
    const located = plain.result.findings.filter((f) => f.terraform.length > 0);
    expect(new Set(located.map((f) => f.user))).toEqual(
      new Set(['ann', 'bo', 'cy', 'dee', 'eve', 'fay', 'lu']),
    );
    expect(located.some((f) => f.terraform.some((t) => t.fix?.status === 'verified'))).toBe(true);
    const cold = await check(base, cache);
    expect(cold.outcome).toBe('none');
    expect(readdirSync(join(cache, 'results'))).toHaveLength(1);
    const warm = await check(base, cache);
    expect(warm.outcome).toBe('hit');
    expect(cold.json).toBe(plain.json);
    expect(warm.json).toBe(plain.json);
    expect(warm.markdown).toBe(plain.markdown);
    // nothing parsed on the hit: the parser's module is not even needed (nothing new cached)
    expect(readdirSync(join(cache, 'results'))).toHaveLength(1);
  });

  it('misses on any change to what the scan looked at, and then gives what a check without the cache gives (property)', async () => {
    const names = Object.keys(MUTATIONS);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }),
        async (changes) => {
          const base = layout();
          const cache = join(base, '.cache');
          await check(base, cache);
          expect((await check(base, cache)).outcome).toBe('hit');
          for (const change of changes) MUTATIONS[change]?.(base);
          const after = await check(base, cache);
          const plain = await check(base);
          expect(after.json).toBe(plain.json);
          const onlyUnread = changes.every((c) => c.includes('not Terraform'));
          expect(after.outcome).toBe(onlyUnread ? 'hit' : 'stale');
          // and the entry written anew holds for the changed layout
          const again = await check(base, cache);
          expect(again.outcome).toBe('hit');
          expect(again.json).toBe(plain.json);
          rmSync(base, { recursive: true, force: true });
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);

  it('each change alone is seen (every mutation, one by one)', async () => {
    for (const [name, mutate] of Object.entries(MUTATIONS)) {
      const base = layout();
      const cache = join(base, '.cache');
      await check(base, cache);
      const before = await check(base);
      mutate(base);
      const after = await check(base, cache);
      const plain = await check(base);
      expect(after.json, name).toBe(plain.json);
      if (!name.includes('not Terraform')) {
        expect(after.outcome, name).toBe('stale');
        // each mutation changes the report: a stale answer would be caught by the comparison
        expect(plain.json, name).not.toBe(before.json);
      }
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);

  it('takes untouched files and folders by their stat once they are older than the racy window, and still sees every change', async () => {
    const names = Object.keys(MUTATIONS);
    const bases = names.map(() => layout());
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // past the racy window
    for (const [i, name] of names.entries()) {
      const base = bases[i] as string;
      const cache = join(base, '.cache');
      await check(base, cache);
      const hit = await check(base, cache);
      expect(hit.outcome, name).toBe('hit');
      // no file read again, no folder listed again: their stats stand for them
      const entry = new ResultCache(cache, ['infra'], base, grammarDigest(), () => {}).read();
      const checked = checkLooks(entry!.looks);
      expect(checked.holds, name).toBe(true);
      expect(checked.made.bytes ?? 0, name).toBe(0);
      expect(checked.made.crawl ?? 0, name).toBe(0);
      expect(checked.held.bytes ?? 0, name).toBe(7); // every .tf, .tf.json and .tfvars file
      MUTATIONS[name]?.(base);
      const after = await check(base, cache);
      const plain = await check(base);
      expect(after.json, name).toBe(plain.json);
      if (!name.includes('not Terraform')) expect(after.outcome, name).toBe('stale');
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);

  it('sees a change of the same size whose mtime was set back (its ctime moved)', async () => {
    const base = layout();
    const file = join(base, 'infra/team/people.json');
    const t0 = Math.floor(Date.now() / 1000) - 100; // whole seconds: set back exactly below
    utimesSync(file, t0, t0);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const cache = join(base, '.cache');
    await check(base, cache);
    const before = statSync(file, { bigint: true });
    writeFileSync(file, JSON.stringify(['bo', 'jo'])); // the same size as ["bo","cy"]
    utimesSync(file, t0, t0);
    const after = statSync(file, { bigint: true });
    // only the ctime tells
    expect([after.ino, after.size, after.mtimeNs]).toEqual([
      before.ino,
      before.size,
      before.mtimeNs,
    ]);
    expect(after.ctimeNs).not.toBe(before.ctimeNs);
    const r = await check(base, cache);
    expect(r.outcome).toBe('stale');
    expect(r.json).toBe((await check(base)).json);
    expect(r.json).toContain('"user":"jo"');
  });

  it('keeps plans by the set asked for: another report plans again, and gives what a check without the cache gives', async () => {
    const base = layout();
    const cache = join(base, '.cache');
    await check(base, cache);
    writeFileSync(join(base, 'other.csv'), REPORT.split('\n').slice(0, 3).join('\n') + '\n');
    const other = await check(base, cache, 'other.csv');
    const plain = await check(base, undefined, 'other.csv');
    expect(other.outcome).toBe('hit');
    expect(other.json).toBe(plain.json);
    // both plan sets are kept now
    expect((await check(base, cache)).json).toBe((await check(base)).json);
    expect((await check(base, cache, 'other.csv')).json).toBe(plain.json);
  });

  it('ignores a truncated or corrupted entry with a warning, and scans', async () => {
    const base = layout();
    const cache = join(base, '.cache');
    const plain = await check(base);
    await check(base, cache);
    const dir = join(cache, 'results');
    const [name] = readdirSync(dir);
    const file = join(dir, name as string);
    const bytes = readFileSync(file);
    for (const broken of [
      bytes.subarray(0, bytes.length - 7),
      Buffer.concat([bytes.subarray(0, 40), Buffer.from([bytes[40]! ^ 1]), bytes.subarray(41)]),
      Buffer.from('not an entry'),
    ]) {
      writeFileSync(file, broken);
      const r = await check(base, cache);
      expect(r.outcome).toBe('none');
      expect(r.result.warnings.some((w) => w.includes('truncated or corrupted'))).toBe(true);
      // the same findings as without the cache; only the warning differs
      expect(r.result.findings.map((f) => [f.id, f.advice])).toEqual(
        plain.result.findings.map((f) => [f.id, f.advice]),
      );
      // and written whole again
      expect((await check(base, cache)).outcome).toBe('hit');
    }
  });

  it("keeps nothing from a run whose parse cache was corrupt (its warning is that run's)", async () => {
    const base = layout();
    const cache = join(base, '.cache');
    await check(base, cache);
    rmSync(join(cache, 'results'), { recursive: true });
    // break every parse cache entry: the next run warns and parses again
    for (const sub of readdirSync(cache))
      for (const f of readdirSync(join(cache, sub))) writeFileSync(join(cache, sub, f), 'torn');
    const warned = await check(base, cache);
    expect(warned.result.warnings.some((w) => w.includes('parse cache entry'))).toBe(true);
    expect(readdirSync(cache)).not.toContain('results');
    const next = await check(base, cache);
    expect(next.result.warnings.some((w) => w.includes('parse cache entry'))).toBe(false);
  });

  it('a check that loads its own Terraform keeps its result (runCheck with terraformCacheDir)', async () => {
    const base = layout();
    const cache = join(base, '.cache');
    const cwd = process.cwd();
    process.chdir(base);
    try {
      const input = {
        reportFile: 'report.csv',
        policyFile: 'policy.yml',
        now: NOW,
        terraformDirs: ['infra'],
        terraformCacheDir: '.cache',
      };
      clearScanMemo();
      const first = render(await runCheck(input), 'json');
      expect(readdirSync(join(cache, 'results'))).toHaveLength(1);
      clearScanMemo();
      expect(render(await runCheck(input), 'json')).toBe(first);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('result cache shared by the accounts of one job (check-accounts)', () => {
  it("keeps each account's plans in one entry, and gives each account what a check without the cache gives", async () => {
    const base = layout();
    const cache = join(base, '.cache');
    writeFileSync(join(base, 'other.csv'), REPORT.replaceAll('123456789012', '210987654321'));
    const accounts = async (cacheDir: string | undefined) => {
      clearScanMemo();
      const cwd = process.cwd();
      process.chdir(base);
      try {
        const terraform = await loadTerraform(['infra'], undefined, 'terraform-dir', cacheDir);
        const out: string[] = [];
        for (const [reportFile, accountId] of [
          ['report.csv', '123456789012'],
          ['other.csv', '210987654321'],
        ] as const)
          out.push(
            render(
              await runCheck({
                reportFile,
                policyFile: 'policy.yml',
                now: NOW,
                accountId,
                terraform,
              }),
              'json',
            ),
          );
        terraform?.keep();
        return { out, outcome: terraform?.resultCache };
      } finally {
        process.chdir(cwd);
      }
    };
    const plain = await accounts(undefined);
    // the provider binds infra to the first account: the second's users are not located there
    const located = (json: string | undefined) =>
      (JSON.parse(json ?? '{}') as { findings: { user: string; terraform?: unknown[] }[] }).findings
        .filter((f) => (f.terraform?.length ?? 0) > 0)
        .map((f) => f.user);
    // (infra/linked, a folder of its own with no provider, is of no known account: kept for both)
    expect(new Set(located(plain.out[1]))).toEqual(new Set(['fay']));
    expect(located(plain.out[0])).toContain('ann');
    expect((await accounts(cache)).out).toEqual(plain.out);
    const warm = await accounts(cache);
    expect(warm.outcome).toBe('hit');
    expect(warm.out).toEqual(plain.out);
  });
});

describe('what the result is computed from', () => {
  it('the scan, the account hints and the plans look at the files only through observe.ts', () => {
    // the modules that read the file system for another reason, and why
    const others = new Map([
      ['observe.ts', 'the looks themselves'],
      ['discover.ts', 'its listing and its reads are the observed looks `crawl` and `bytes`'],
      ['parse-cache.ts', 'the cache, not the Terraform'],
      ['result-cache.ts', 'the cache, not the Terraform'],
      ['cache-file.ts', 'the cache, not the Terraform'],
      ['parser.ts', "the parser's WebAssembly"],
      ['wasm.ts', "the parser's WebAssembly"],
    ]);
    const dir = fileURLToPath(new URL('../../src/terraform', import.meta.url));
    const reading = readdirSync(dir).filter((f) =>
      /from 'node:fs(\/promises)?'|require\(['"](node:)?fs/.test(
        readFileSync(join(dir, f), 'utf8'),
      ),
    );
    expect(reading.filter((f) => !others.has(f))).toEqual([]);
    // and discover.ts reads only inside the two observed looks
    const discover = readFileSync(join(dir, 'discover.ts'), 'utf8');
    expect(discover.replace(/\s+/g, ' ')).toMatch(
      /observed\(kind, root, \(\) => crawl\(root, recursive, folders\), crawlDigest\)/,
    );
    expect(discover).toMatch(/observed\('bytes', path, \(\) => this\.readNow\(path\)/);
  });
});

describe('result cache and fix', () => {
  it('fix plans the same with the cache as without, and --write rounds see the files they wrote', async () => {
    const { runFix } = await import('../../src/run/fix.js');
    const fixIn = async (base: string, cacheDir: string | undefined, write: boolean) => {
      clearScanMemo();
      const cwd = process.cwd();
      process.chdir(base);
      try {
        const r = await runFix(
          {
            reportFile: 'report.csv',
            policyFile: 'policy.yml',
            now: NOW,
            terraformDirs: ['infra'],
            terraformCacheDir: cacheDir,
            rules: ['access-key-unused', 'console-mfa', 'password-unused'],
            write,
          },
          base,
        );
        return { patch: r.patch, fixed: r.fixed.length, files: r.files };
      } finally {
        process.chdir(cwd);
      }
    };
    const a = layout();
    const b = layout();
    const plain = await fixIn(a, undefined, false);
    expect(plain.fixed).toBeGreaterThan(0);
    const cache = join(b, '.cache');
    await check(b, cache); // the check's result kept
    const cached = await fixIn(b, cache, false);
    expect(cached.patch.replaceAll(b, '')).toBe(plain.patch.replaceAll(a, ''));
    // written: the same files as without the cache, and a check after it sees them
    await fixIn(a, undefined, true);
    await fixIn(b, cache, true);
    const text = (base: string) =>
      ['infra/main.tf', 'infra/team/main.tf', 'infra/team/people.json'].map((f) =>
        readFileSync(join(base, f), 'utf8'),
      );
    expect(text(b)).toEqual(text(a));
    const after = await check(b, cache);
    expect(after.outcome).toBe('stale');
    expect(after.json.replaceAll(b, '')).toBe((await check(a)).json.replaceAll(a, ''));
  });
});

describe('result cache shared by runs at the same time (the bundle, as CI runs it)', () => {
  it('every run gives the report of a run without the cache, and the entry left is whole', async () => {
    const { runCli } = await import('../helpers/run-cli.js');
    const base = layout();
    const cache = join(base, 'shared-cache');
    const args = (extra: string[]) => [
      'check',
      '--report',
      join(base, 'report.csv'),
      '--policy',
      join(base, 'policy.yml'),
      '--now',
      '2026-11-22T00:00:00Z',
      '--terraform-dir',
      join(base, 'infra'),
      '--format',
      'json',
      ...extra,
    ];
    const plain = await runCli(args([]), {});
    expect(plain.status).toBe(1);
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => runCli(args(['--cache-dir', cache]), {})),
    );
    for (const r of runs) {
      expect(r.stdout).toBe(plain.stdout);
      expect(r.stderr).not.toMatch(/corrupted|cannot be written/);
    }
    expect(readdirSync(join(cache, 'results')).filter((f) => !f.endsWith('.bin'))).toEqual([]);
    const after = await runCli(args(['--cache-dir', cache]), {});
    expect(after.stdout).toBe(plain.stdout);
    expect(after.stderr).not.toMatch(/corrupted/);
  }, 60_000);
});

describe('stats kept', () => {
  it('keeps only the stats of what had not changed for 2 s when the recording began', async () => {
    const { trustedStats } = await import('../../src/terraform/result-cache.js');
    const since = 10_000_000_000n;
    const sig = (m: bigint, c: bigint) => `1:2:3:${m}:${c}`;
    const stats = new Map([
      ['bytes\0a', sig(7_000_000_000n, 7_999_999_999n)],
      ['bytes\0b', sig(8_500_000_000n, 1n)], // changed 1.5 s before
      ['text\0c', sig(1n, 8_000_000_000n)], // exactly 2 s before: not kept
      [
        'crawl\0d',
        JSON.stringify([
          ['/d', sig(1n, 1n)],
          ['/e', sig(9_000_000_000n, 1n)],
        ]),
      ],
      ['crawl1\0f', JSON.stringify([['/f', sig(1n, 1n)]])],
      ['crawl\0g', '[]'],
      ['bytes\0h', 'not a signature'],
    ]);
    expect([...trustedStats(stats, since).keys()]).toEqual(['bytes\0a', 'crawl1\0f']);
  });
});

describe('plan sets kept', () => {
  it('keeps the latest set, and the latest others within the bounds', async () => {
    const { keepPlanSet, MAX_KEPT_FIXES } = await import('../../src/terraform/result-cache.js');
    const fix = { status: 'manual', edits: [], destroys: [], reason: 'x' } as never;
    const set = (n: number) => new Map(Array.from({ length: n }, (_, i) => [`k${i}`, fix]));
    const plans = new Map();
    for (let i = 0; i < 70; i++) keepPlanSet(plans, `s${i}`, set(1));
    expect(plans.size).toBe(64);
    expect([...plans.keys()].at(-1)).toBe('s69');
    expect(plans.has('s5')).toBe(false);
    keepPlanSet(plans, 'big', set(MAX_KEPT_FIXES - 10));
    // the big set and the latest ten small ones fit
    expect([...plans.keys()]).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `s${60 + i}`),
      'big',
    ]);
    keepPlanSet(plans, 'huge', set(MAX_KEPT_FIXES + 5));
    expect([...plans.keys()]).toEqual(['huge']); // the latest is kept whatever its size
    keepPlanSet(plans, 's60', set(1));
    expect([...plans.keys()]).toEqual(['s60']);
  });
});
