// The block memo (blocks-memo.ts): a partial parse put together from blocks parsed before —
// alone, among others, at other offsets — is the tree tree-sitter makes of those ranges, for
// every file of the fixtures, the examples and generated trees like the benchmark's; and a scan
// of a file with one block removed or changed parses only what changed.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tfFiles } from '../helpers/terraform.js';
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { decoyTree, monorepoTree, terraformTree } from '../../bench/generate.mjs';
import { joinBlocks, keepBlocks, unseenBlocks } from '../../src/terraform/blocks-memo.js';
import { clearScanMemo } from '../../src/terraform/memo.js';
import { outline, rangesOf } from '../../src/terraform/outline.js';
import { terraformParser } from '../../src/terraform/parser.js';
import { scanTerraform, type TerraformIndex } from '../../src/terraform/scan.js';
import { snapshot, type TreeData } from '../../src/terraform/syntax.js';

const generated = mkdtempSync(join(tmpdir(), 'blocks-memo-'));
decoyTree(join(generated, 'decoy'), 30, 10);
monorepoTree(join(generated, 'mono'), 30, 5);
terraformTree(join(generated, 'tree'), 20, 20);

const FILES = [
  ...tfFiles('test/fixtures/terraform'),
  ...tfFiles('examples/terraform'),
  ...tfFiles(generated),
];

const users = (index: TerraformIndex) =>
  JSON.stringify([...index.users].map(([name, defs]) => [name, defs]));

describe('the block memo', () => {
  afterEach(() => vi.restoreAllMocks());

  it('puts together the tree of any ranges from blocks parsed alone or among others', async () => {
    const parser = await terraformParser();
    const types = parser.language?.types ?? [];
    const parse = (text: string, ranges: Parameters<typeof rangesOf>[1]): TreeData => {
      const tree = parser.parse(text, null, { includedRanges: rangesOf(text, ranges) });
      if (!tree) throw new Error('no tree');
      try {
        return snapshot(tree, text, types);
      } finally {
        tree.delete();
      }
    };
    let joined = 0;
    for (const path of FILES) {
      const text = readFileSync(path, 'utf8');
      const blocks = outline(text);
      if (!blocks || blocks.length === 0) continue;
      const ranges = rangesOf(text, blocks);
      const whole = parse(text, blocks);
      if (whole.errorLine !== 0) continue; // broken: never joined (parsed whole instead)
      clearScanMemo();
      // the odd blocks alone, the even ones together: each kept, then all put together
      blocks.forEach((block, i) => {
        if (i % 2 === 1) expect(keepBlocks(text, [ranges[i]!], parse(text, [block]))).toBe(true);
      });
      const even = blocks.filter((_, i) => i % 2 === 0);
      const evenRanges = ranges.filter((_, i) => i % 2 === 0);
      expect(keepBlocks(text, evenRanges, parse(text, even)), path).toBe(true);
      expect(unseenBlocks(text, ranges)).toEqual([]);
      expect(joinBlocks(text, ranges), path).toEqual(whole);
      // the same blocks in another text, at other offsets (the first one gone, a line added)
      if (blocks.length > 1) {
        const first = blocks[0]!;
        const moved = `# moved\n${text.slice(0, first.start)}${text.slice(ranges[0]!.endIndex)}`;
        const rest = outline(moved)!;
        expect(rest).toHaveLength(blocks.length - 1);
        expect(unseenBlocks(moved, rangesOf(moved, rest)), path).toEqual([]);
        expect(joinBlocks(moved, rangesOf(moved, rest)), path).toEqual(parse(moved, rest));
      }
      joined++;
    }
    expect(joined).toBeGreaterThan(100);
  });

  it('keeps nothing of a broken parse', async () => {
    const parser = await terraformParser();
    const text = 'resource "aws_iam_user" "a" {\n  name = \n}\n';
    const ranges = rangesOf(text, outline(text)!);
    const tree = parser.parse(text, null, { includedRanges: ranges })!;
    const data = snapshot(tree, text, parser.language?.types ?? []);
    tree.delete();
    clearScanMemo();
    expect(data.errorLine).toBeGreaterThan(0);
    expect(keepBlocks(text, ranges, data)).toBe(false);
    expect(unseenBlocks(text, ranges)).toEqual([0]);
  });

  it('a scan of a file with a block removed parses nothing, one with a block changed only it', async () => {
    clearScanMemo();
    const dir = join(generated, 'tree');
    const file = FILES.find(
      (f) =>
        f.startsWith(dir) && (readFileSync(f, 'utf8').match(/aws_iam_user"/g)?.length ?? 0) > 2,
    )!;
    const first = await scanTerraform([dir], generated);
    const text = readFileSync(file, 'utf8');
    const blocks = outline(text)!.filter((b) => b.labels[0] === 'aws_iam_user');
    const gone = blocks[0]!;
    const removed = text.slice(0, gone.start) + text.slice(gone.end);
    // (a function call: a block the plain-block reader declines, so that it goes to the parser)
    const changed = text.replace(/name\s*=\s*"([^"]+)"/, 'name = lower("$1-changed")');
    expect(changed).not.toBe(text);
    const parser = await terraformParser();
    const parse = vi.spyOn(parser, 'parse');
    const after = await scanTerraform([dir], generated, { overlay: new Map([[file, removed]]) });
    expect(parse.mock.calls.length).toBe(0);
    expect(after.users.size).toBeLessThan(first.users.size);
    const again = await scanTerraform([dir], generated, { overlay: new Map([[file, changed]]) });
    expect(parse.mock.calls.length).toBe(1);
    const ranges = parse.mock.calls[0]?.[2]?.includedRanges ?? [];
    expect(ranges).toHaveLength(1);
    // the same users as a scan that parses every block afresh
    clearScanMemo();
    const fresh = await scanTerraform([dir], generated, { overlay: new Map([[file, changed]]) });
    expect(users(again)).toBe(users(fresh));
  });
});
