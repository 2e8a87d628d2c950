// Property: the plan's view of a file read block by block (the outline finds the blocks, each
// is parsed alone when first read) is the view of the file parsed whole; and whether edits left
// a file parsing, told from the blocks they changed, is what parsing the whole file says.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  editedFileParses,
  mentionsIn,
  parseBlocks,
  parseForPlan,
} from '../../src/terraform/references.js';
import { terraformParser } from '../../src/terraform/parser.js';

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
