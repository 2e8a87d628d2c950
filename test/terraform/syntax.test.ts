import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { terraformParser } from '../../src/terraform/parser.js';
import { listTerraformFiles, scanTerraform } from '../../src/terraform/scan.js';
import { snapshot, SyntaxTree, type SyntaxNode } from '../../src/terraform/syntax.js';

const parser = await terraformParser();
const types = parser.language?.types ?? [];

const files = [
  ...listTerraformFiles('examples/terraform'),
  ...listTerraformFiles('test/fixtures/terraform'),
];

/** Compares a copied node with tree-sitter's, recursively (the fixtures are shallow). */
function same(copy: SyntaxNode, real: Node, text: string): number {
  expect(copy.type).toBe(real.type);
  expect([copy.startIndex, copy.endIndex, copy.startPosition.row]).toEqual([
    real.startIndex,
    real.endIndex,
    real.startPosition.row,
  ]);
  expect(copy.text).toBe(text.slice(real.startIndex, real.endIndex));
  expect(copy.hasError).toBe(real.tree.rootNode.hasError ? real.hasError : false);
  const children = real.namedChildren.filter((c): c is Node => c !== null);
  // A node whose value is read from its text is copied without its inner nodes.
  if (copy.namedChildren.length === 0 && children.length > 0) {
    expect(['expression', 'string_lit']).toContain(real.type);
    return 1;
  }
  expect(copy.namedChildren.length).toBe(children.length);
  let n = 1;
  copy.namedChildren.forEach((c, i) => {
    expect(c.parent).toBe(copy);
    expect(c.nextNamedSibling).toBe(copy.namedChildren[i + 1] ?? null);
    n += same(c, children[i] as Node, text);
  });
  return n;
}

describe('syntax trees copied out of WebAssembly', () => {
  it.each(files.map((f) => [relative(process.cwd(), f)]))(
    '%s: every copied node is the parser’s',
    (file) => {
      const text = readFileSync(file, 'utf8');
      const tree = parser.parse(text);
      if (!tree) throw new Error('no tree');
      const copy = new SyntaxTree(text, snapshot(tree, text, types), types);
      expect(copy.hasError).toBe(tree.rootNode.hasError);
      expect(same(copy.rootNode, tree.rootNode, text)).toBe(copy.tree.count);
      tree.delete();
    },
  );

  it('reads values from the text only where the walk would give the same, lines included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-'));
    const forEach = (label: string, expression: string) =>
      `resource "aws_iam_user" "${label}" {\n  for_each = ${expression}\n  name     = each.key\n}\n`;
    const text = [
      forEach('set', 'toset(["a1", "a2", "a1"])'), // a set keeps the first of each
      forEach('spaced', 'toset( [ "b1" ,\n    "b2",\n  ] )'),
      forEach('list', '[\n    "c1",\n    # "c9" is gone\n    "c2",\n  ]'), // a comment: walked
      forEach('escaped', '["d\\"1", "d\\\\2"]'), // escapes: walked
      forEach('templated', '["e-${local.suffix}", "e%%2"]'), // interpolation: walked
      forEach('tolist', 'tolist(["f1"])'), // another function: walked
      'locals {\n  suffix = "x"\n  names  = ["g1", "g2"]\n}\n',
      forEach('chain', 'local.names'),
      forEach('empty', '[]'),
    ].join('\n');
    writeFileSync(join(dir, 'main.tf'), text);
    const index = await scanTerraform([dir]);
    const at = (user: string) =>
      index.users.get(user)?.map((d) => `${d.address}:${d.line}`) ?? 'missing';
    const line = (needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
    expect(at('a1')).toEqual([`aws_iam_user.set["a1"]:${line('"a1"')}`]);
    expect(at('a2')).toEqual([`aws_iam_user.set["a2"]:${line('"a2"')}`]);
    expect(at('b2')).toEqual([`aws_iam_user.spaced["b2"]:${line('"b2"')}`]);
    expect(at('c2')).toEqual([`aws_iam_user.list["c2"]:${line('"c2"')}`]);
    expect(at('c9')).toBe('missing');
    expect(at('d"1')).toEqual([`aws_iam_user.escaped["d\\"1"]:${line('"d\\"1"')}`]);
    expect(at('d\\2')).toEqual([`aws_iam_user.escaped["d\\\\2"]:${line('"d\\"1"')}`]);
    expect(at('e-x')).toEqual([`aws_iam_user.templated["e-x"]:${line('"e-$')}`]);
    expect(at('e%%2')).toEqual([`aws_iam_user.templated["e%%2"]:${line('"e%%2"')}`]); // only `%%{` is an escape
    expect(at('f1')).toEqual([`aws_iam_user.tolist["f1"]:${line('"f1"')}`]);
    expect(at('g2')).toEqual([`aws_iam_user.chain["g2"]:${line('"g2"')}`]);
    expect([...index.users.keys()].sort()).toEqual(
      ['a1', 'a2', 'b1', 'b2', 'c1', 'c2', 'd"1', 'd\\2', 'e%%2', 'e-x', 'f1', 'g1', 'g2'].sort(),
    );
  });
});
