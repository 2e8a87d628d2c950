import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { describe, expect, it } from 'vitest';
import { terraformParser } from '../../src/terraform/parser.js';
import { listTerraformFiles, scanTerraform } from '../../src/terraform/scan.js';
import { snapshot, SyntaxTree, type SyntaxNode } from '../../src/terraform/syntax.js';
import { otherWarnings } from '../helpers/warnings.js';

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

describe('functions names are built with', () => {
  it('evaluates them as Terraform does, and calls anything it cannot know unknown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-'));
    const user = (label: string, rest: string) =>
      `resource "aws_iam_user" "${label}" {\n${rest}\n}\n`;
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'variable "people" {\n  default = ["zed", "amy", "bob"]\n}',
        'variable "env" {\n  default = " prod\\n"\n}',
        'locals {\n  teams = { ops = "ops-bot", dev = "dev-bot" }\n}',
        user('old_style', '  count = 4\n  name  = element(var.people, count.index)'),
        user('sorted', '  count = 2\n  name  = sort(var.people)[count.index]'),
        user('looked_up', '  name = lookup(local.teams, "ops", "none")'),
        user('fallback', '  name = lookup(local.teams, "qa", "qa-bot")'),
        user('trimmed', '  name = "svc-${trimspace(var.env)}"'),
        user('replaced', '  name = replace("ci_runner_prod", "_", "-")'),
        user('by_regex', '  name = replace("x", "/x/", "y")'),
        user('prefixed', '  name = trimprefix("tf-deployer", "tf-")'),
        user('split', '  for_each = toset(split(",", "sam,sue"))\n  name = each.key'),
        user('rest', '  for_each = setsubtract(var.people, ["zed"])\n  name = each.key'),
        user('coalesced', '  name = coalesce("", "kim")'),
        user('spread', '  name = coalesce(var.people...)'),
        user('unknown', '  name = uuid()'),
      ].join('\n'),
    );
    const index = await scanTerraform([dir]);
    const addresses = (name: string) => index.users.get(name)?.map((d) => d.address) ?? [];
    // element wraps around: index 3 of three names is the first again
    expect(addresses('zed')).toEqual(['aws_iam_user.old_style[0]', 'aws_iam_user.old_style[3]']);
    expect(addresses('amy')).toEqual([
      'aws_iam_user.old_style[1]',
      'aws_iam_user.sorted[0]',
      'aws_iam_user.rest["amy"]',
    ]);
    expect(addresses('bob')).toEqual([
      'aws_iam_user.old_style[2]',
      'aws_iam_user.sorted[1]',
      'aws_iam_user.rest["bob"]',
    ]);
    expect(addresses('ops-bot')).toEqual(['aws_iam_user.looked_up']);
    expect(addresses('qa-bot')).toEqual(['aws_iam_user.fallback']);
    expect(addresses('svc-prod')).toEqual(['aws_iam_user.trimmed']);
    expect(addresses('ci-runner-prod')).toEqual(['aws_iam_user.replaced']);
    expect(addresses('deployer')).toEqual(['aws_iam_user.prefixed']);
    expect(addresses('sam')).toEqual(['aws_iam_user.split["sam"]']);
    expect(addresses('sue')).toEqual(['aws_iam_user.split["sue"]']);
    expect(addresses('kim')).toEqual(['aws_iam_user.coalesced']);
    // a regular expression, an expanded argument list, an impure function: unknown, not located
    expect(index.users.size).toBe(11);
  });
});

describe('user lists kept in YAML or JSON files', () => {
  it('follows file() + yamldecode/jsondecode into the file, to the line of each name', async () => {
    const { mkdirSync, symlinkSync } = await import('node:fs');
    const repo = mkdtempSync(join(tmpdir(), 'repo-'));
    mkdirSync(join(repo, 'iam'));
    writeFileSync(
      join(repo, 'iam', 'users.yaml'),
      '# who may log in\ndevelopers:\n  - alice\n  - bob\nadmins:\n  carol: { team: ops }\n',
    );
    writeFileSync(join(repo, 'iam', 'bots.json'), '{\n  "bots": [\n    "ci-bot"\n  ]\n}\n');
    writeFileSync(
      join(repo, 'iam', 'bomb.yaml'),
      'a: &a ["x", "x"]\nb: &b [*a, *a]\nc: &c [*b, *b]\nnames: [*c, *c]\n',
    );
    writeFileSync(join(tmpdir(), 'outside-users.yaml'), '- mallory\n');
    symlinkSync(join(tmpdir(), 'outside-users.yaml'), join(repo, 'iam', 'linked.yaml'));
    writeFileSync(
      join(repo, 'iam', 'main.tf'),
      [
        'locals {',
        '  people = yamldecode(file("${path.module}/users.yaml"))',
        '  bots   = jsondecode(file("${path.module}/bots.json")).bots',
        '}',
        'resource "aws_iam_user" "dev" {',
        '  for_each = toset(local.people.developers)',
        '  name     = each.key',
        '}',
        'resource "aws_iam_user" "admin" {',
        '  for_each = local.people.admins',
        '  name     = each.key',
        '}',
        'resource "aws_iam_user" "bot" {',
        '  for_each = toset(local.bots)',
        '  name     = each.key',
        '}',
        'resource "aws_iam_user" "bomb" {',
        '  for_each = toset(flatten(yamldecode(file("bomb.yaml")).names))',
        '  name     = each.key',
        '}',
        'resource "aws_iam_user" "outside" {',
        '  for_each = toset(yamldecode(file("/etc/hostname")))',
        '  name     = each.key',
        '}',
        'resource "aws_iam_user" "linked" {',
        '  for_each = toset(yamldecode(file("linked.yaml")))',
        '  name     = each.key',
        '}',
        'resource "aws_iam_user" "missing" {',
        '  for_each = toset(yamldecode(file("nope.yaml")))',
        '  name     = each.key',
        '}',
      ].join('\n'),
    );
    const index = await scanTerraform(['iam'], repo);
    const at = (user: string) =>
      index.users.get(user)?.map((d) => `${d.address} ${d.file}:${d.line}`) ?? [];
    expect(at('alice')).toEqual(['aws_iam_user.dev["alice"] iam/users.yaml:3']);
    expect(at('bob')).toEqual(['aws_iam_user.dev["bob"] iam/users.yaml:4']);
    expect(at('carol')).toEqual(['aws_iam_user.admin["carol"] iam/users.yaml:6']);
    expect(at('ci-bot')).toEqual(['aws_iam_user.bot["ci-bot"] iam/bots.json:3']);
    // aliases are not followed; outside the repository, through a link or not, is not read
    expect([...index.users.keys()].sort()).toEqual(['alice', 'bob', 'carol', 'ci-bot']);
    // each warning names the file() call, the path and why
    expect(otherWarnings(index.warnings)).toEqual([
      'iam/main.tf:22: file("/etc/hostname") not read: outside the scanned directories; users named in it are not located',
      'iam/main.tf:26: file("iam/linked.yaml") not read: outside the scanned directories; users named in it are not located',
      'iam/main.tf:30: file("iam/nope.yaml") not read: does not exist; users named in it are not located',
    ]);
  });
});

describe('path.root and relative file() paths', () => {
  it('reads them from the root module, as Terraform does, also inside a called module', async () => {
    const { mkdirSync } = await import('node:fs');
    const repo = mkdtempSync(join(tmpdir(), 'repo-'));
    mkdirSync(join(repo, 'live'));
    mkdirSync(join(repo, 'modules', 'team'), { recursive: true });
    writeFileSync(join(repo, 'live', 'root.yaml'), '- rooted\n');
    writeFileSync(join(repo, 'live', 'relative.yaml'), '- relative\n');
    // a file of the same name beside the module: not the one Terraform reads
    writeFileSync(join(repo, 'modules', 'team', 'relative.yaml'), '- wrong\n');
    writeFileSync(
      join(repo, 'live', 'main.tf'),
      [
        'resource "aws_iam_user" "root" {',
        '  for_each = toset(yamldecode(file("${path.root}/root.yaml")))',
        '  name     = each.key',
        '}',
        'module "team" {\n  source = "../modules/team"\n}',
      ].join('\n'),
    );
    writeFileSync(
      join(repo, 'modules', 'team', 'main.tf'),
      [
        'resource "aws_iam_user" "relative" {',
        '  for_each = toset(yamldecode(file("relative.yaml")))',
        '  name     = each.key',
        '}',
      ].join('\n'),
    );
    const index = await scanTerraform(['live'], repo);
    expect([...index.users.keys()].sort()).toEqual(['relative', 'rooted']);
    expect(index.users.get('relative')?.[0]).toMatchObject({
      address: 'module.team.aws_iam_user.relative["relative"]',
      file: 'live/relative.yaml',
      line: 1,
    });
  });
});

describe('user lists kept in CSV files', () => {
  it('follows file() + csvdecode into the file, to the line of each row', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'repo-'));
    writeFileSync(
      join(repo, 'users.csv'),
      // a quoted field over two lines moves the next rows down; a blank line is skipped
      'name,team,note\r\nalice,dev,\r\nbob,ops,"on call,\r\nnights"\r\n\r\ncarol,dev,""\r\n',
    );
    writeFileSync(join(repo, 'broken.csv'), 'name,team\nmallory\n');
    writeFileSync(
      join(repo, 'main.tf'),
      [
        'locals {',
        '  users = csvdecode(file("${path.module}/users.csv"))',
        '}',
        'resource "aws_iam_user" "team" {',
        '  for_each = { for u in local.users : u.name => u if u.team == "dev" }',
        '  name     = each.key',
        '}',
        'resource "aws_iam_user" "ops" {',
        '  count = length([for u in local.users : u if u.team == "ops"])',
        '  name  = [for u in local.users : u.name if u.team == "ops"][count.index]',
        '}',
        'resource "aws_iam_user" "broken" {',
        '  # a row narrower than the header: Terraform refuses the file, so nothing is located',
        '  for_each = { for u in csvdecode(file("broken.csv")) : u.name => u }',
        '  name     = each.key',
        '}',
      ].join('\n'),
    );
    const index = await scanTerraform(['.'], repo);
    const at = (user: string) =>
      index.users.get(user)?.map((d) => `${d.address} ${d.file}:${d.line}`) ?? [];
    expect(at('alice')).toEqual(['aws_iam_user.team["alice"] users.csv:2']);
    expect(at('bob')).toEqual(['aws_iam_user.ops[0] users.csv:3']);
    expect(at('carol')).toEqual(['aws_iam_user.team["carol"] users.csv:6']);
    expect([...index.users.keys()].sort()).toEqual(['alice', 'bob', 'carol']);
  });
});

describe("Terraform's rules, where the oracle found them (no terraform binary needed)", () => {
  it('keeps blanks, undoes escapes once, orders sets by code point, converts as Terraform', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-'));
    const list = (label: string, expression: string) =>
      `resource "aws_iam_user" "${label}" {\n  count = length(tolist(${expression}))\n  name  = tolist(${expression})[count.index]\n}\n`;
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'variable "x" {\n  default = "a"\n}',
        list('blanks', '[" ${var.x} b ", "${var.x} "]'),
        list('escapes', '["\\\\u0041", "\\u0041", "\\U0001F600"]'),
        // U+FFFD sorts before U+1F600 in code points, after it in UTF-16 units
        list('order', 'toset(["\\U0001F600", "\\uFFFD", "b", "B", "10", "9"])'),
        list('keys', 'keys({ b = 1, "\\U0001F600" = 2, a = 3 })'),
        list('mixed', 'toset(["a", 2, true])'),
        list('alone', '["${2 + 2}"]'),
        list('length', '[for s in ["\\U0001F600", "ab", "abc"] : s if length(s) > 1]'),
        list('upper', '[upper("straße")]'),
        list('logic', '[for s in ["a", "b", "c"] : s == "b" ? "bee" : s if !(s == "c") && true]'),
        // try: its first argument when known; one unknown here (Terraform would fall back to
        // "fallback", the attribute being missing) is not guessed past
        list('tried', '[try("first", "second")]'),
        'locals {\n  empty = {}\n}\nresource "aws_iam_user" "tried_missing" {\n  name = try(local.empty.name, "fallback")\n}',
        // `count = var.on ? 1 : 0` with a false default: the user is in the report, so the block
        // made it (the flag was set where it ran); it is still pointed at, as instance [0]
        'variable "on" {\n  default = false\n}\nresource "aws_iam_user" "flagged" {\n  count = var.on ? 1 : 0\n  name  = "flagged-user"\n}',
      ].join('\n'),
    );
    const index = await scanTerraform([dir], dir);
    const names = (label: string) => {
      const found: string[] = [];
      for (const defs of index.users.values())
        for (const d of defs) {
          const m = new RegExp(`^aws_iam_user\\.${label}\\[(\\d+)\\]$`).exec(d.address);
          if (m) found[Number(m[1])] = d.user;
        }
      return found;
    };
    expect(names('blanks')).toEqual([' a b ', 'a ']);
    expect(names('escapes')).toEqual(['\\u0041', 'A', '😀']);
    expect(names('order')).toEqual(['10', '9', 'B', 'b', '\uFFFD', '😀']);
    expect(names('keys')).toEqual(['a', 'b', '😀']);
    expect(names('mixed')).toEqual(['2', 'a', 'true']);
    expect(names('alone')).toEqual(['4']);
    expect(names('length')).toEqual(['ab', 'abc']);
    expect(names('upper')).toEqual(['STRAßE']);
    expect(names('logic')).toEqual(['a', 'bee']);
    expect(names('tried')).toEqual(['first']);
    expect(index.users.has('fallback')).toBe(false);
    expect(index.users.get('flagged-user')?.map((d) => d.address)).toEqual([
      'aws_iam_user.flagged[0]',
    ]);
  });
});
