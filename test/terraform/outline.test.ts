import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { topLevelBlocks } from '../../src/terraform/hcl.js';
import { outline } from '../../src/terraform/outline.js';
import { terraformParser } from '../../src/terraform/parser.js';
import { snapshot, SyntaxTree } from '../../src/terraform/syntax.js';

/*
 * The outline (a small scan for the top-level blocks) against the full tree-sitter parse: on
 * any file the parser reads without error, the outline finds exactly the same blocks (type,
 * labels, extent) or gives up — and on the files generated here, which hold every trap the
 * scan steps over (braces and `resource "aws_iam_user"` in strings, templates, heredocs and
 * comments), it never gives up.
 */
let parser: Parser;
beforeAll(async () => {
  parser = await terraformParser();
});

function parsedBlocks(text: string) {
  const tree = parser.parse(text);
  if (!tree) throw new Error('no tree');
  const types = parser.language?.types ?? [];
  const data = snapshot(tree, text, types);
  tree.delete();
  const syntax = new SyntaxTree(text, data, types);
  return {
    hasError: syntax.hasError,
    blocks: topLevelBlocks(syntax).map((b) => ({
      type: b.type,
      labels: b.labels,
      start: b.node.startIndex,
      end: b.node.endIndex,
    })),
  };
}

/** Texts that are traps for a scan: braces, quotes, keywords and block openers. */
const trapText = fc
  .array(
    fc.constantFrom(
      '}',
      '{',
      ']',
      ')',
      'resource "aws_iam_user" "x" {',
      'module "m" {',
      '# not a comment',
      '//',
      '/*',
      '*/',
      '<<EOF',
      'é',
      '"}',
      '\\',
      ' ',
      'aws_iam_user',
      "'",
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

/** A quoted string: its text escaped, maybe with a template holding another string. */
const quoted = fc
  .tuple(trapText, fc.boolean(), trapText, fc.boolean())
  .map(([text, template, inner, literal]) => {
    const escaped = text
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/[$%]\{/g, '$$$&');
    const escapedInner = inner
      .replace(/\\/g, '\\\\')
      .replace(/"/g, '\\"')
      .replace(/[$%]\{/g, '$$$&');
    const tpl = template ? `\${lower("${escapedInner}")}` : '';
    return `"${escaped}${tpl}${literal ? '$${not.a.template}' : ''}"`;
  });

const heredoc = fc
  .tuple(fc.array(trapText, { maxLength: 4 }), fc.boolean())
  .map(([lines, indented]) => {
    const body = lines.map((l) => l.replace(/[$%]\{/g, '$$$&')).filter((l) => l.trim() !== 'EOT');
    return `<<${indented ? '-' : ''}EOT\n${body.map((l) => `${indented ? '  ' : ''}${l}`).join('\n')}${body.length ? '\n' : ''}${indented ? '  ' : ''}EOT\n`;
  });

const comment = trapText.chain((text) =>
  fc.constantFrom(
    `# ${text.replace(/\n/g, ' ')}\n`,
    `// ${text.replace(/\n/g, ' ')}\n`,
    `/* ${text.replace(/\*\//g, '')} */\n`,
  ),
);

const value: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    quoted,
    fc.constantFrom('1', 'true', 'local.users', 'var.x', 'aws_iam_user.u.name', 'each.key'),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc
      .array(fc.tuple(fc.constantFrom('a', 'b', '"c d"'), tie('value')), { maxLength: 3 })
      .map((entries) => `{\n${entries.map(([k, v]) => `    ${k} = ${v}`).join('\n')}\n  }`),
    tie('value').map((v) => `jsondecode(file("\${path.module}/u.json"))[${v}]`),
  ),
})).value;

const attribute = fc
  .tuple(fc.constantFrom('name', 'user', 'tags', 'policy', 'for_each'), fc.oneof(value, heredoc))
  .map(([name, v]) => (v.startsWith('<<') ? `  ${name} = ${v}` : `  ${name} = ${v}\n`));

const block = fc
  .tuple(
    fc.constantFrom('resource', 'data', 'module', 'locals', 'variable', 'output'),
    fc.constantFrom('aws_iam_user', 'aws_iam_role', 'aws_iam_access_key', 'aws_s3_bucket'),
    fc.constantFrom('"x"', 'y', '"with space"'),
    fc.array(
      fc.oneof(
        attribute,
        comment.map((c) => `  ${c}`),
      ),
      { maxLength: 4 },
    ),
    fc.boolean(),
  )
  .map(([type, t, label, body, nested]) => {
    const labels =
      type === 'resource' || type === 'data'
        ? ` "${t}" ${label}`
        : type === 'locals'
          ? ''
          : ` ${label}`;
    const inner = nested ? `  lifecycle {\n    prevent_destroy = true\n  }\n` : '';
    return `${type}${labels} {\n${body.join('')}${inner}}\n`;
  });

const file = fc
  .array(fc.oneof(block, comment, fc.constant('\n')), { maxLength: 6 })
  .map((parts) => parts.join(''));

describe('outline', () => {
  it('finds the blocks the full parse finds, through strings, templates, heredocs and comments', () => {
    fc.assert(
      fc.property(file, (text) => {
        const parsed = parsedBlocks(text);
        fc.pre(!parsed.hasError);
        const found = outline(text);
        expect(found).toBeDefined();
        expect(found).toEqual(parsed.blocks);
      }),
      { numRuns: 300 },
    );
  });

  it('on any text the parser reads cleanly, agrees with it or gives up', () => {
    const anyText = fc
      .array(
        fc.oneof(
          file,
          trapText,
          fc.constantFrom('a = 1\n', 'x "y" {}\n', '"', '\n', '<<EOF\n}\nEOF\n', '${', '%{'),
        ),
        { maxLength: 5 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(anyText, (text) => {
        const found = outline(text);
        const parsed = parsedBlocks(text);
        if (found && !parsed.hasError) expect(found).toEqual(parsed.blocks);
      }),
      { numRuns: 300 },
    );
  });

  it('gives up on what it is not sure of', () => {
    expect(outline('a = 1\n')).toBeUndefined(); // a top-level attribute
    expect(outline('resource "x" "y" {\n  a = "unterminated\n}\n')).toBeUndefined();
    expect(outline('locals {\n  a = [1, 2}\n}\n')).toBeUndefined();
    expect(outline('locals {\n  a = <<EOF\nnever closed\n}\n')).toBeUndefined();
    expect(outline('locals {\n')).toBeUndefined();
  });

  it('steps over a `}` in a heredoc, a template and a comment', () => {
    const text = [
      'resource "aws_iam_policy" "p" {',
      '  policy = <<EOF',
      '}',
      'resource "aws_iam_user" "fake" {',
      'EOF',
      '  x = "${"}"}" # }',
      '  /* } */',
      '}',
      'resource "aws_iam_user" "real" {',
      '  name = "u"',
      '}',
      '',
    ].join('\n');
    expect(outline(text)?.map((b) => `${b.type} ${b.labels.join(' ')}`)).toEqual([
      'resource aws_iam_policy p',
      'resource aws_iam_user real',
    ]);
  });
});
