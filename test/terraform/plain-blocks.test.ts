// The plain-block reader (src/terraform/plain-blocks.ts) held to tree-sitter: on generated
// files, wherever it reads a set of ranges, its tree is the one `snapshot` makes of the
// parser's; and it does read the plain forms it is for.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Parser, Range } from 'web-tree-sitter';
import { tfFiles } from '../helpers/terraform.js';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { decoyTree, monorepoTree, terraformTree } from '../../bench/generate.mjs';
import { clearScanMemo } from '../../src/terraform/memo.js';
import { scanTerraform, type TerraformIndex } from '../../src/terraform/scan.js';
import { outline, rangesOf } from '../../src/terraform/outline.js';
import { terraformParser, withTree } from '../../src/terraform/parser.js';
import { plainReader, SAMPLE } from '../../src/terraform/plain-blocks.js';
import { snapshot, type TreeData } from '../../src/terraform/syntax.js';

const parser: Parser = await terraformParser();
const types = parser.language?.types ?? [];
const oracle = (text: string, ranges: Range[]): TreeData =>
  withTree(parser, text, ranges, (tree) => snapshot(tree, text, types));
const reader = plainReader(parser);

const plainName = fc.constantFrom(
  'name',
  'user',
  'path',
  'force_destroy',
  'for_each',
  'a-b',
  '_x',
  'x1',
);
const oddName = fc.constantFrom('in', 'true', 'null', 'for', 'if', 'é', '1x');
const plainString = fc.stringMatching(/^[a-zA-Z0-9 ./:_@-]{0,12}$/).map((s) => `"${s}"`);
const plainValue = fc.oneof(
  plainString,
  fc.constantFrom(
    'aws_iam_user.alice.name',
    'each.key',
    'var.a-b',
    'true',
    'false',
    '12',
    '0',
    '[]',
    '["a", "b"]',
    '[ "a",]',
    'toset(["x"])',
    'toset( ["x", "y"] )',
    '[\n    "a",\n    "b",\n  ]',
    'toset([\n    "a"\n  ])',
    '{}',
    '{ a = "b" }',
    '{ "k-1" = 1, b = true }',
    '{\n    Team = "x"\n    "cost" = aws_iam_user.a.arn,\n    n = { m = false }\n  }',
  ),
);
const comment = fc.constantFrom('# c', '// c', '#', '# a "quoted" { brace');
const oddValue = fc.constantFrom(
  '{ a = "b" # c\n}',
  '{ a: "b" }',
  '{ a = null }',
  '[\n  "a", # c\n]',
  '["a]"]',
  '"x" /* c */',
  'null',
  '1.5',
  '-1',
  '1e3',
  '"${var.x}"',
  '"a\\"b"',
  '"%{if x}y%{endif}"',
  '"é"',
  '{ a = "b" }',
  'lower("X")',
  'var.true',
  'a.b[0]',
  '"x" # c',
  '"x" // c',
  'x',
  'a ? "b" : "c"',
  '<<EOT\nx\nEOT',
  '[\n  "a",\n]',
  '"a"\r',
  'var.x.*',
);
const gap = fc.constantFrom('', ' ', '  ', '\t');

const attribute = (plain: boolean): fc.Arbitrary<string> =>
  fc
    .tuple(
      plain
        ? plainName
        : fc.oneof({ weight: 6, arbitrary: plainName }, { weight: 1, arbitrary: oddName }),
      gap,
      gap,
      plain
        ? plainValue
        : fc.oneof({ weight: 6, arbitrary: plainValue }, { weight: 1, arbitrary: oddValue }),
      fc.constantFrom('', ' ', '\t'),
    )
    .chain(([n, a, b, v, t]) =>
      fc
        .tuple(fc.option(comment, { freq: 4 }), fc.constantFrom(' ', '', '\t'))
        .map(([c, before]) => `${n}${a}=${b}${v}${t}${c === null ? '' : `${before}${c}`}`),
    );
const labelOf = plainString;

const bodyOf = (plain: boolean, depth: number): fc.Arbitrary<string[]> =>
  fc.array(
    depth > 1
      ? attribute(plain)
      : fc.oneof(
          { weight: 4, arbitrary: attribute(plain) },
          { weight: 1, arbitrary: fc.constant('') },
          { weight: 1, arbitrary: comment },
          {
            weight: 1,
            arbitrary: fc
              .tuple(plainName, fc.array(labelOf, { maxLength: 1 }), bodyOf(plain, depth + 1))
              .map(([n, ls, items]) =>
                [
                  `${n}${ls.map((l) => ` ${l}`).join('')} {`,
                  ...items.map((i) => `  ${i}`),
                  '}',
                ].join('\n'),
              ),
          },
        ),
    { maxLength: 5 },
  );

const blockOf = (plain: boolean): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom('resource', 'data', 'module', 'locals', 'variable'),
      fc.array(labelOf, { minLength: 0, maxLength: 2 }),
      bodyOf(plain, 0),
      fc.constantFrom('', ' '),
      plain ? fc.constant('') : fc.constantFrom('', '', '', '', ' # end', '\r'),
    )
    .map(([type, labels, items, after, tail]) =>
      [
        `${type}${labels.map((l) => ` ${l}`).join('')} {${after}`,
        ...items.flatMap((i) => i.split('\n').map((line) => (line ? `  ${line}` : line))),
        `}${tail}`,
      ].join('\n'),
    );

const file = (plain: boolean): fc.Arbitrary<{ text: string; picked: boolean[] }> =>
  fc
    .array(
      fc.tuple(
        fc.oneof(
          { weight: 4, arbitrary: blockOf(plain) },
          { weight: 1, arbitrary: blockOf(false) },
        ),
        fc.boolean(),
        fc.constantFrom('\n', '\n\n', '\n# a comment\n', '\n/* c */\n'),
      ),
      { minLength: 1, maxLength: 5 },
    )
    .chain((parts) =>
      fc.boolean().map((crlf) => {
        const text = parts.map(([b, , g]) => `${b}${g}`).join('');
        // lines ended by CRLF, as a Windows checkout writes them
        return {
          text: crlf ? text.replace(/\r?\n/g, '\r\n') : text,
          picked: parts.map(([, p]) => p),
        };
      }),
    );

/** The ranges of the picked top-level blocks, as the scan makes them; undefined when none. */
function picked(text: string, chosen: boolean[]): Range[] | undefined {
  const blocks = outline(text);
  if (!blocks || blocks.length !== chosen.length) return undefined;
  const some = blocks.filter((_, i) => chosen[i]);
  return some.length > 0 ? rangesOf(text, some) : undefined;
}

const generated = mkdtempSync(join(tmpdir(), 'plain-blocks-'));
decoyTree(join(generated, 'decoy'), 40, 12);
monorepoTree(join(generated, 'mono'), 40, 6);
terraformTree(join(generated, 'tree'), 30, 30);
// the decoy tree again, its lines ended by CRLF (a Windows checkout)
decoyTree(join(generated, 'decoy-crlf'), 40, 12);
for (const path of tfFiles(join(generated, 'decoy-crlf')))
  writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
const users = (index: TerraformIndex) =>
  JSON.stringify({
    users: [...index.users].sort(([a], [b]) => (a < b ? -1 : 1)),
    warnings: index.warnings,
  });

describe('plain blocks', () => {
  it('learns the grammar and reads its own sample as the parser does', () => {
    expect(reader).not.toBeNull();
  });

  it('reads only what the parser reads the same way (fast-check)', () => {
    let read = 0;
    let tried = 0;
    fc.assert(
      fc.property(file(false), ({ text, picked: chosen }) => {
        const ranges = picked(text, chosen);
        if (!ranges) return;
        tried++;
        const mine = reader?.(text, ranges);
        if (!mine) return;
        read++;
        const theirs = oracle(text, ranges);
        expect({ count: mine.count, errorLine: mine.errorLine, data: [...mine.data] }).toEqual({
          count: theirs.count,
          errorLine: theirs.errorLine,
          data: [...theirs.data],
        });
      }),
      { numRuns: 1000 },
    );
    // both ways were taken
    expect(read).toBeGreaterThan(50);
    expect(tried - read).toBeGreaterThan(50);
  });

  it('reads every block made only of plain forms, as the parser does (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(blockOf(true), fc.constantFrom('\n', '\n\n', '\n# c\n')), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        fc.boolean(),
        (parts, lastNewline, crlf) => {
          let text = parts.map(([b, g]) => `${b}${g}`).join('');
          if (!lastNewline) text = text.replace(/\n+$/, '');
          if (crlf) text = text.replace(/\n/g, '\r\n');
          const blocks = outline(text);
          expect(blocks).toBeDefined();
          const ranges = rangesOf(text, blocks ?? []);
          const mine = reader?.(text, ranges);
          expect(mine).toBeDefined();
          const theirs = oracle(text, ranges);
          expect([...(mine?.data ?? [])]).toEqual([...theirs.data]);
          expect(theirs.errorLine).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('declines what it does not know, and texts it was not handed whole blocks of', () => {
    const text = 'resource "aws_iam_user" "a" {\n  name = "${var.a}"\n}\n';
    expect(reader?.(text, rangesOf(text, outline(text) ?? []))).toBeUndefined();
    const commented = 'resource "aws_iam_user" "a" {\n  name = "a" # why\n}\n';
    const ranges = rangesOf(commented, outline(commented) ?? []);
    expect([...(reader?.(commented, ranges)?.data ?? [])]).toEqual([
      ...oracle(commented, ranges).data,
    ]);
    const one = 'resource "aws_iam_user" "a" {\n  name = "a"\n}\n';
    const blocks = outline(one) ?? [];
    expect(reader?.(one, rangesOf(one, blocks))).toBeDefined();
    // a range that does not end where the block's line does
    const [r] = rangesOf(one, blocks);
    expect(
      reader?.(one, [{ ...(r as Range), endIndex: (r as Range).endIndex - 1 }]),
    ).toBeUndefined();
    expect(reader?.(SAMPLE, [])).toBeUndefined();
    // NUL, which the grammar reads as an error wherever it is (found by an adversarial review)
    for (const nul of [
      'a {\n  x = "\u0000"\n}\n',
      'a "L\u0000" {\n  x = "\u0000"\n}\n',
      'a {\n  # \u0000\n}\n',
      'a {\n  x = 1 // \u0000\n}\n',
      'a {\n  x = { "\u0000" = 1 }\n}\n',
      'a {\n  x = [\n"a\u0000"\n]\n}\n',
    ]) {
      const r = rangesOf(nul, outline(nul) ?? []);
      expect(oracle(nul, r).errorLine, JSON.stringify(nul)).not.toBe(0);
      expect(reader?.(nul, r), JSON.stringify(nul)).toBeUndefined();
    }
  });

  it('reads the blocks of real and generated files as the parser does, all together and each alone', () => {
    let read = 0;
    for (const path of [
      ...tfFiles('test/fixtures/terraform'),
      ...tfFiles('examples/terraform'),
      ...tfFiles(generated),
    ]) {
      const text = readFileSync(path, 'utf8');
      const blocks = outline(text);
      if (!blocks || blocks.length === 0) continue;
      for (const some of [blocks, ...blocks.map((b) => [b])]) {
        const ranges = rangesOf(text, some);
        const mine = reader?.(text, ranges);
        if (!mine) continue;
        read++;
        expect([...mine.data], `${path} ${some.map((b) => b.start).join(',')}`).toEqual([
          ...oracle(text, ranges).data,
        ]);
      }
    }
    expect(read).toBeGreaterThan(100);
  });

  it('leaves the scan of the benchmark-like trees as a whole-file parse makes it', async () => {
    for (const tree of ['decoy', 'decoy-crlf', 'mono', 'tree']) {
      clearScanMemo();
      const dir = join(generated, tree);
      const whole = await scanTerraform([dir], generated, { wholeFiles: true });
      clearScanMemo();
      const partial = await scanTerraform([dir], generated);
      expect(users(partial)).toBe(users(whole));
      expect(partial.users.size).toBeGreaterThan(0);
      if (tree.startsWith('decoy')) expect(partial.plainReads).toBeGreaterThan(0);
    }
  });
});
