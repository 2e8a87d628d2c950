import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { clearScanMemo } from '../../src/terraform/memo.js';
import { ParseCache, type CacheEntry } from '../../src/terraform/parse-cache.js';
import { grammarDigest } from '../../src/terraform/parser.js';
import { scanTerraform as scanInProcess, type TerraformIndex } from '../../src/terraform/scan.js';

/** A scan as a new process runs it: nothing of an earlier scan kept in memory, only on disk. */
const scanTerraform = (...args: Parameters<typeof scanInProcess>) => {
  clearScanMemo();
  return scanInProcess(...args);
};
import type { TreeData } from '../../src/terraform/syntax.js';

const tmp = mkdtempSync(join(tmpdir(), 'parse-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const entries = (dir: string): string[] =>
  readdirSync(dir).flatMap((sub) => readdirSync(join(dir, sub)).map((f) => join(dir, sub, f)));

const users = (index: TerraformIndex) =>
  [...index.users.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

function tree(): string {
  const root = join(tmp, `tree-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(root, 'mod'), { recursive: true });
  writeFileSync(
    join(root, 'main.tf'),
    'locals {\n  people = toset(["ann", "bo"])\n}\n\nresource "aws_iam_user" "p" {\n  for_each = local.people\n  name     = each.key\n}\n\nmodule "m" {\n  source = "./mod"\n}\n',
  );
  writeFileSync(
    join(root, 'mod', 'main.tf'),
    'resource "aws_iam_role" "r" {\n  name = "r"\n}\n\nresource "aws_iam_user" "u" {\n  name = "cy"\n}\n',
  );
  writeFileSync(
    join(root, 'json.tf.json'),
    JSON.stringify({ resource: { aws_iam_user: { j: { name: 'dee' } } } }),
  );
  return root;
}

describe('parse cache', () => {
  it('gives the same index cold and warm, and leaves no temporary file', async () => {
    const root = tree();
    const cacheDir = join(tmp, 'cache-1');
    const plain = await scanTerraform([root], tmp);
    const cold = await scanTerraform([root], tmp, { cacheDir });
    const written = entries(cacheDir);
    expect(written.length).toBe(3); // main.tf, mod/main.tf, json.tf.json
    expect(written.every((f) => f.endsWith('.bin'))).toBe(true);
    const warm = await scanTerraform([root], tmp, { cacheDir });
    expect(users(cold)).toEqual(users(plain));
    expect(users(warm)).toEqual(users(plain));
    expect(warm.warnings).toEqual(plain.warnings);
    expect(entries(cacheDir)).toEqual(written); // all hits: nothing new written
    // cold, the two .tf files are outlined, their plain blocks read from the text and the JSON
    // file parsed; warm, no outline and no parse (the plain blocks are read again: as cheap as
    // the cache, they are not kept in it)
    expect([cold.filesOutlined, cold.parses]).toEqual([plain.filesOutlined, plain.parses]);
    expect([cold.filesOutlined, cold.parses, cold.plainReads]).toEqual([2, 1, 2]);
    expect([warm.filesOutlined, warm.parses, warm.plainReads]).toEqual([0, 0, 2]);
    expect(warm.filesParsed).toBe(cold.filesParsed);
  });

  it('uses what an entry says of a file: its outline and its tree, checked against the grammar', async () => {
    const root = tree();
    const cacheDir = join(tmp, 'cache-6');
    const plain = await scanTerraform([root], tmp);
    const text = readFileSync(join(root, 'main.tf'), 'utf8');
    const cache = new ParseCache(cacheDir, grammarDigest(), () => undefined);
    // the outline gave up (the file is parsed whole), and the whole file's tree has a node
    // of a type the grammar does not have: not used, said, parsed again
    const bad: TreeData = {
      data: Int32Array.from([9999, 0, text.length, 0, 1, -1, 0]),
      count: 1,
      errorLine: 0,
    };
    cache.set(cache.key(text), { outline: null, trees: new Map([['', bad]]) });
    const index = await scanTerraform([root], tmp, { cacheDir });
    expect(users(index)).toEqual(users(plain));
    expect(index.filesOutlined).toBe(1); // mod/main.tf only: main.tf's outline was the entry's
    expect(index.warnings.filter((w) => w.startsWith('parse cache entry'))).toEqual([
      expect.stringMatching(/is truncated or corrupted; ignored \(parsed again\)$/),
    ]);
    // the entry is mended: the next run takes the whole file's tree from it
    const again = await scanTerraform([root], tmp, { cacheDir });
    expect(again.warnings).toEqual(plain.warnings);
    expect([again.filesOutlined, again.parses]).toEqual([0, 0]);
  });

  it('keys a partial parse by the blocks parsed: a module folder that gains a user is seen', async () => {
    const root = tree();
    const cacheDir = join(tmp, 'cache-5');
    mkdirSync(join(root, 'roles'));
    writeFileSync(
      join(root, 'roles', 'main.tf'),
      'resource "aws_iam_role" "r" {\n  name = "r"\n}\n',
    );
    writeFileSync(
      join(root, 'calls.tf'),
      'locals {\n  x = 1\n}\n\nmodule "roles" {\n  source = "./roles"\n}\n',
    );
    const before = await scanTerraform([root], tmp, { cacheDir });
    expect(before.users.has('ed')).toBe(false);
    // the calling file is unchanged; the folder it calls now defines a user
    writeFileSync(
      join(root, 'roles', 'user.tf'),
      'resource "aws_iam_user" "e" {\n  name = "ed"\n}\n',
    );
    const after = await scanTerraform([root], tmp, { cacheDir });
    expect(after.users.get('ed')?.[0]?.address).toBe('module.roles.aws_iam_user.e');
  });

  it('ignores a truncated or corrupted entry with a warning, and parses again', async () => {
    const root = tree();
    const cacheDir = join(tmp, 'cache-2');
    const plain = await scanTerraform([root], tmp);
    await scanTerraform([root], tmp, { cacheDir });
    const [first, second, third] = entries(cacheDir) as [string, string, string];
    writeFileSync(first, readFileSync(first).subarray(0, 30)); // truncated
    const flipped = readFileSync(second);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 3) ^ 0x55, flipped.length - 3); // one byte changed
    writeFileSync(second, flipped);
    writeFileSync(third, ''); // empty
    const again = await scanTerraform([root], tmp, { cacheDir });
    expect(users(again)).toEqual(users(plain));
    const said = again.warnings.filter((w) => w.startsWith('parse cache entry'));
    expect(said).toHaveLength(3);
    expect(said.every((w) => w.endsWith('is truncated or corrupted; ignored (parsed again)'))).toBe(
      true,
    );
    // the entries are written again, whole
    const healed = await scanTerraform([root], tmp, { cacheDir });
    expect(healed.warnings).toEqual(plain.warnings);
  });

  it('misses, never misreads, an entry for another text or of a bad shape', () => {
    const warnings: string[] = [];
    const cache = new ParseCache(join(tmp, 'cache-3'), 'g', (m) => warnings.push(m));
    const data: TreeData = {
      data: Int32Array.from([0, 0, 10, 0, 2, -1, 0, 1, 2, 8, 0, 1, 0, 0]),
      count: 2,
      errorLine: 0,
    };
    const entry: CacheEntry = {
      outline: [{ type: 'locals', labels: [], start: 0, end: 10 }],
      trees: new Map([
        ['', data],
        ['0-10', { ...data, errorLine: 1 }],
      ]),
    };
    const key = cache.key('abcdefghij');
    cache.set(key, entry);
    expect(cache.get(key, 10)).toEqual(entry);
    // an outline past the end of a shorter text (a collision, a foreign entry): not used
    expect(cache.get(key, 9)).toBeUndefined();
    expect(warnings).toHaveLength(1);
    // the key depends on the text and the grammar
    expect(cache.key('abcdefghi')).not.toBe(key);
    expect(new ParseCache(tmp, 'other', () => undefined).key('abcdefghij')).not.toBe(key);
    expect(cache.get(cache.key('other'), 5)).toBeUndefined();
    expect(warnings).toHaveLength(1); // a plain miss says nothing
  });

  it('reads back every entry it writes, and no entry whose bytes were changed (property)', () => {
    const cache = new ParseCache(join(tmp, 'cache-7'), 'g', () => undefined);
    const block = fc
      .tuple(
        fc.string(),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.nat(50),
        fc.integer({ min: 1, max: 50 }),
      )
      .map(([type, labels, gap, length]) => ({ type, labels, gap, length }));
    const tree = fc.array(fc.integer(), { minLength: 7, maxLength: 7 * 6 }).map((values) => {
      const count = Math.floor(values.length / 7);
      return { data: Int32Array.from(values.slice(0, count * 7)), count, errorLine: 0 };
    });
    fc.assert(
      fc.property(
        fc.option(fc.array(block, { maxLength: 5 })),
        fc.dictionary(fc.string({ maxLength: 12 }), tree, { maxKeys: 4 }),
        fc.nat(),
        (blocks, trees, flip) => {
          let at = 0;
          const outline = blocks?.map(({ type, labels, gap, length }) => {
            const start = at + gap;
            at = start + length;
            return { type, labels, start, end: at };
          });
          const entry: CacheEntry = {
            ...(outline !== undefined && { outline: outline ?? null }),
            trees: new Map(Object.entries(trees)),
          };
          const key = cache.key(`${flip}`);
          cache.set(key, entry);
          expect(cache.get(key, at)).toEqual(entry);
          const path = entries(join(tmp, 'cache-7')).find((f) => f.includes(key)) as string;
          const bytes = readFileSync(path);
          const i = flip % bytes.length;
          bytes.writeUInt8(bytes.readUInt8(i) ^ (1 << (flip % 8)), i);
          writeFileSync(path, bytes);
          expect(cache.get(key, at)).toBeUndefined();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps the folder within its bound after a run', () => {
    const dir = join(tmp, 'cache-4');
    const cache = new ParseCache(dir, 'g', () => undefined, 4096);
    const big: TreeData = { data: new Int32Array(7 * 40), count: 40, errorLine: 0 };
    for (let i = 0; i < 40; i++) big.data[i * 7 + 4] = 1; // sizes
    for (let i = 1; i < 40; i++) big.data[i * 7 + 5] = 0; // parents
    big.data[4] = 40;
    big.data[5] = -1;
    for (let i = 0; i < 20; i++) cache.set(cache.key(`text ${i}`), { trees: new Map([['', big]]) });
    cache.prune();
    const left = entries(dir);
    const total = left.reduce((n, f) => n + statSync(f).size, 0);
    expect(total).toBeLessThanOrEqual(4096);
    expect(left.length).toBeGreaterThan(0);
  });

  it('is shared safely by runs at the same time: each gets the index, no entry is torn', async () => {
    const root = tree();
    const cacheDir = join(tmp, 'cache-8');
    const plain = await scanTerraform([root], tmp);
    // separate processes, started together, cold and then warm
    const script = `import { scanTerraform } from ${JSON.stringify(join(process.cwd(), 'src/terraform/scan.ts'))};
const index = await scanTerraform([${JSON.stringify(root)}], ${JSON.stringify(tmp)}, { cacheDir: ${JSON.stringify(cacheDir)} });
console.log(JSON.stringify({ users: [...index.users.keys()].sort(), warnings: index.warnings, parses: index.parses }));`;
    const run = async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: process.cwd() },
      );
      return JSON.parse(stdout) as { users: string[]; warnings: string[]; parses: number };
    };
    const expected = { users: [...plain.users.keys()].sort(), warnings: plain.warnings };
    for (const phase of ['cold', 'warm']) {
      const results = await Promise.all([run(), run(), run()]);
      for (const { users: names, warnings } of results)
        expect({ users: names, warnings }, phase).toEqual(expected);
      if (phase === 'warm') expect(results.map((r) => r.parses)).toEqual([0, 0, 0]);
      const files = entries(cacheDir);
      expect(files.filter((f) => !f.endsWith('.bin'))).toEqual([]); // no temporary file left
      expect(files).toHaveLength(3);
    }
  }, 120_000);

  it('says once, and scans on, when the folder cannot be written', async () => {
    const root = tree();
    const blocker = join(tmp, 'not-a-folder');
    writeFileSync(blocker, '');
    const index = await scanTerraform([root], tmp, { cacheDir: blocker });
    expect(users(index)).toEqual(users(await scanTerraform([root], tmp)));
    expect(index.warnings.filter((w) => w.includes('cannot be written'))).toHaveLength(1);
  });
});
