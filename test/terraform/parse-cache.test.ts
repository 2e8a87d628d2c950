import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseCache } from '../../src/terraform/parse-cache.js';
import { clearScanMemo } from '../../src/terraform/memo.js';
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
    const key = cache.key('', 'abcdefghij');
    cache.set(key, data);
    expect(cache.get(key, 10, 5)).toEqual(data);
    // a node past the end of a shorter text (a collision, a foreign entry): not used
    expect(cache.get(key, 9, 5)).toBeUndefined();
    // a type the grammar does not have
    expect(cache.get(key, 10, 1)).toBeUndefined();
    expect(warnings).toHaveLength(2);
    // the key depends on the text, what was parsed of it and the grammar
    expect(cache.key('0-4', 'abcdefghij')).not.toBe(key);
    expect(new ParseCache(tmp, 'other', () => undefined).key('', 'abcdefghij')).not.toBe(key);
    expect(cache.get(cache.key('', 'other'), 5, 5)).toBeUndefined();
    expect(warnings).toHaveLength(2); // a plain miss says nothing
  });

  it('keeps the folder within its bound after a run', () => {
    const dir = join(tmp, 'cache-4');
    const cache = new ParseCache(dir, 'g', () => undefined, 4096);
    const big: TreeData = { data: new Int32Array(7 * 40), count: 40, errorLine: 0 };
    for (let i = 0; i < 40; i++) big.data[i * 7 + 4] = 1; // sizes
    for (let i = 1; i < 40; i++) big.data[i * 7 + 5] = 0; // parents
    big.data[4] = 40;
    big.data[5] = -1;
    for (let i = 0; i < 20; i++) cache.set(cache.key('', `text ${i}`), big);
    cache.prune();
    const left = entries(dir);
    const total = left.reduce((n, f) => n + statSync(f).size, 0);
    expect(total).toBeLessThanOrEqual(4096);
    expect(left.length).toBeGreaterThan(0);
  });

  it('says once, and scans on, when the folder cannot be written', async () => {
    const root = tree();
    const blocker = join(tmp, 'not-a-folder');
    writeFileSync(blocker, '');
    const index = await scanTerraform([root], tmp, { cacheDir: blocker });
    expect(users(index)).toEqual(users(await scanTerraform([root], tmp)));
    expect(index.warnings.filter((w) => w.includes('cannot be written'))).toHaveLength(1);
  });
});
