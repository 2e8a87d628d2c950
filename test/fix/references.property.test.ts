// Property: the plan's view of a file — read from the scan's snapshots (which keep no inner
// nodes of plain strings, name chains and lists of plain strings), or block by block (the
// outline finds the blocks, each is parsed alone when first read) — is what walking
// tree-sitter's own nodes of the whole file gives; and whether edits left a file parsing, told
// from the blocks they changed, is what parsing the whole file says.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  editedFileParses,
  mentionsIn,
  parseBlocks,
  parseForPlan,
} from '../../src/terraform/references.js';
import { terraformParser } from '../../src/terraform/parser.js';
import { clearScanMemo, keepEntry } from '../../src/terraform/memo.js';
import { outline, rangesOf } from '../../src/terraform/outline.js';
import { snapshot } from '../../src/terraform/syntax.js';
import { parseBlocksWithNodes } from '../helpers/plan-parse-oracle.js';
import { hasWord, labelOf, Workspace } from '../../src/terraform/draft.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const parser = await terraformParser();

const BLOCKS = [
  'resource "aws_iam_user" "u" {\n  name = "alice"\n  tags = { team = "a" }\n}\n',
  'resource "aws_iam_access_key" "k" {\n  user = aws_iam_user.u.name\n  pgp_key = var.key\n}\n',
  'output "arn" {\n  value = aws_iam_user.u["k"].arn\n}\n',
  'locals {\n  users = [for u in var.people : u.name if u.active]\n  arn   = aws_iam_user.u.arn\n}\n',
  'resource "aws_iam_group_membership" "g" {\n  name  = "g"\n  users = [aws_iam_user.u.name, "bob"]\n  group = aws_iam_group.g.name\n}\n',
  'data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["s3:*"]\n    resources = ["${aws_s3_bucket.b.arn}/*"]\n  }\n}\n',
  'resource "aws_iam_role" "r" {\n  name = "r" # not a "user"\n  assume_role_policy = <<EOF\n{"resource \\"aws_iam_user\\"": "}"}\nEOF\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n',
  'module "m" {\n  source  = "terraform-aws-modules/iam/aws//modules/iam-user"\n  version = "~> 5.0"\n  name    = local.names[0]\n}\n',
  // what the scan's snapshot keeps no inner nodes of: plain strings, name chains, plain lists
  'resource "aws_iam_user_group_membership" "m" {\n  user   = aws_iam_user.u.name\n  groups = ["a", "b-c", ""]\n  empty  = []\n  one    = [ "x", ]\n  set    = toset(["a"])\n  d      = data.aws_iam_policy_document.d.json\n  short  = data.x\n  lit    = true.x\n  dash   = local.a-b.c\n}\n',
  'resource "aws_iam_policy_attachment" "p" {\n  users = [aws_iam_user.u.name, aws_iam_user.v["k"].name, "${aws_iam_user.w.name}"]\n  roles = [for k, v in aws_iam_user.x : v.name]\n  arn   = aws_iam_user.u[0].arn\n  key   = aws_iam_user.u[each.key].arn\n  str   = aws_iam_user.u["a\\"b"].arn\n  e     = aws_iam_user.u[""].arn\n  j     = join(",", [local.names, var.x.y.z])\n  dynamic "tag" {\n    for_each = local.tags\n    content {\n      key = tag.key\n    }\n  }\n}\n',
  '# a comment between blocks\n',
  '/* a block comment { */\n',
  '\n',
];

/** A deep copy of what a plan reads of a file (getters read). */
const view = (file: ReturnType<typeof parseForPlan>) =>
  JSON.parse(
    JSON.stringify(
      file.blocks.map((b) => ({
        type: b.type,
        labels: b.labels,
        start: b.start,
        end: b.end,
        line: b.line,
        endLine: b.endLine,
        attributes: b.attributes,
        nested: b.nested,
        references: b.references,
      })),
    ),
  );

const file = fc
  .array(fc.constantFrom(...BLOCKS), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(''));

/** An edit: a block taken out, a range deleted, or a character put in. */
const edited = file.chain((text) =>
  fc
    .oneof(
      fc
        .record({ at: fc.nat(text.length), to: fc.nat(40) })
        .map(({ at, to }) => text.slice(0, at) + text.slice(Math.min(text.length, at + to))),
      fc
        .record({
          at: fc.nat(text.length),
          c: fc.constantFrom('{', '}', '"', '=', '[', '#', 'x', '\n', '<<EOF\n'),
        })
        .map(({ at, c }) => text.slice(0, at) + c + text.slice(at)),
      fc.constant(text.replace(/^(resource|output|module) [^\n]*\{\n(?:.*\n)*?\}\n/m, '')),
    )
    .map((after) => ({ before: text, after })),
);

describe('the plan parse', () => {
  it("parsed whole, gives what walking tree-sitter's nodes gives (property)", () => {
    fc.assert(
      fc.property(file, (text) => {
        expect(view(parseBlocks(parser, text))).toEqual(view(parseBlocksWithNodes(parser, text)));
      }),
      { numRuns: 200 },
    );
  });

  it("read from the scan's parses of some of the blocks, gives the same (property)", () => {
    const types = parser.language?.types ?? [];
    fc.assert(
      fc.property(
        file,
        fc.array(fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), { maxLength: 3 }),
        (text, picks) => {
          clearScanMemo();
          const blocks = outline(text) ?? [];
          // the scan's parses: each of some blocks (the ranges a scan would hand tree-sitter)
          const trees = new Map(
            picks.map((pick, i) => {
              const some = blocks.filter((_, k) => pick[k % pick.length]);
              const tree = parser.parse(text, null, { includedRanges: rangesOf(text, some) });
              if (!tree) throw new Error('no tree');
              try {
                return [`p${i}`, snapshot(tree, text, types)] as const;
              } finally {
                tree.delete();
              }
            }),
          );
          keepEntry(text, { trees: new Map(trees) });
          expect(view(parseForPlan(parser, text))).toEqual(
            view(parseBlocksWithNodes(parser, text)),
          );
          clearScanMemo();
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the word test of a file (Workspace.mayName)', () => {
  it('never passes over a file that refers to a label, nor finds one the text does not hold (property)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'may-name-'));
    const ws = new Workspace(dir, parser);
    let n = 0;
    const text = fc.oneof(
      file,
      // non-ASCII text and labels: searched as they are
      file.map((t) => t.replace(/\bu\b/g, 'ü').replace(/alice/g, 'ålice')),
    );
    fc.assert(
      fc.property(
        text,
        fc.array(fc.stringMatching(/^[a-zü_-]{1,4}$/), { maxLength: 3 }),
        (t, extra) => {
          const path = join(dir, `f${n++}.tf`);
          writeFileSync(path, t);
          const referred = parseBlocksWithNodes(parser, t).blocks.flatMap((b) =>
            b.references.map((r) => labelOf(r.address)),
          );
          for (const label of [...referred, ...extra]) {
            if (referred.includes(label)) expect(ws.mayName(path, [label]), label).toBe(true);
            if (ws.mayName(path, [label])) expect(t.includes(label)).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a whole word of a text (hasWord)', () => {
  it('is a word the text splits into at every character outside [A-Za-z0-9_-] (property)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[ab_.\- "é\n1]{0,40}$/),
        fc.stringMatching(/^[ab_.\-é1]{0,3}$/),
        (text, word) => {
          expect(hasWord(text, word)).toBe(new Set(text.match(/[A-Za-z0-9_-]+/g)).has(word));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('the plan parse read block by block', () => {
  it('gives what the whole-file parse gives (property)', () => {
    fc.assert(
      fc.property(file, (text) => {
        const whole = parseBlocks(parser, text);
        expect(whole.hasError).toBe(false);
        expect(view(parseForPlan(parser, text))).toEqual(view(whole));
      }),
      { numRuns: 200 },
    );
  });

  it('tells whether the edits left the file parsing, as the whole-file parse does (property)', () => {
    fc.assert(
      fc.property(edited, ({ before, after }) => {
        expect(editedFileParses(parser, before, after)).toBe(!parseBlocks(parser, after).hasError);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a block only when asked: a broken block is found when it is read', () => {
    const text = `${BLOCKS[0]}resource "aws_iam_role" "r" {\n  name = [\n}\n`;
    const parsed = parseForPlan(parser, text);
    expect(parsed.hasError).toBe(true);
    expect(parsed.blocks[0]?.attributes.map((a) => a.name)).toEqual(['name', 'tags']);
  });

  it('finds a label in a span exactly when the span holds it (property)', () => {
    const word = fc.stringMatching(/^[ab_]{1,3}$/);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[ab_ x]{0,40}$/),
        fc.array(word, { maxLength: 3 }),
        fc.nat(40),
        fc.nat(40),
        (text, labels, a, b) => {
          const span = { start: Math.min(a, b), end: Math.max(a, b) };
          const inner = text.slice(span.start, span.end);
          // a label counts when it starts inside the span (a block holds what it names whole)
          const naive = labels.some((l) => {
            for (let i = text.indexOf(l); i >= 0; i = text.indexOf(l, i + 1))
              if (i >= span.start && i < span.end) return true;
            return false;
          });
          expect(mentionsIn(text, labels)(span)).toBe(naive);
          if (mentionsIn(text, labels)(span)) expect(inner.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
