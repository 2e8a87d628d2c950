// What a fix plan needs to know of an HCL file: its top-level blocks with their byte spans and
// attributes, and every reference (`aws_iam_user.x["k"].arn`, `module.m.out`, `local.l`) in
// them with the attribute it is in. One parse per file; the tree is not kept.
import type { Node, Parser, Range } from 'web-tree-sitter';
import { outlineOf } from './memo.js';
import { LineIndex, rangesOf } from './outline.js';

export interface Span {
  start: number;
  end: number;
}

/** A reference: the address it names (`aws_iam_user.x`, `module.m`, `local.l`, `data.t.n`) and its instance key when literal. */
export interface Reference extends Span {
  /** The address without instance key: `aws_iam_user.x`, `module.m`, `local.l`, `var.v`. */
  address: string;
  /** `["k"]` / `[0]` right after the address, when literal; `undefined` without index; `null` for another index. */
  key: string | undefined | null;
  line: number;
  /** The top-level attribute of the block it is in (`users`, `value`), or a nested block's type. */
  attribute: string | undefined;
  /** The element of a tuple that is the attribute's whole value which holds it (for `users = [...]`). */
  element?: Span;
}

export interface Attribute extends Span {
  name: string;
  line: number;
  expression: Span;
  /** When the value is a tuple `[...]`: its elements and the tuple's span. */
  tuple?: { span: Span; elements: (Span & { text: string })[] };
}

export interface ParsedBlock extends Span {
  type: string;
  labels: string[];
  line: number;
  endLine: number;
  attributes: Attribute[];
  /** Nested block types (`lifecycle`, `dynamic`, ...) with their spans. */
  nested: (Span & { type: string; line: number; attributes: Attribute[] })[];
  references: Reference[];
}

export interface ParsedFile {
  hasError: boolean;
  blocks: ParsedBlock[];
}

const stringOf = (n: Node): string | undefined => {
  if (n.type !== 'string_lit') return undefined;
  const parts = n.namedChildren.filter((c) => c?.type === 'template_literal');
  if (
    n.namedChildren.some(
      (c) => c && c.type !== 'template_literal' && !c.type.startsWith('quoted_template'),
    )
  )
    return undefined;
  return parts.map((c) => c?.text ?? '').join('');
};

function attributeOf(node: Node): Attribute | undefined {
  const name = node.namedChildren[0];
  const expression = node.namedChildren[1];
  if (!name || !expression) return undefined;
  const attribute: Attribute = {
    name: name.text,
    line: node.startPosition.row + 1,
    start: node.startIndex,
    end: node.endIndex,
    expression: { start: expression.startIndex, end: expression.endIndex },
  };
  const tuple =
    expression.namedChildren[0]?.type === 'collection_value'
      ? expression.namedChildren[0].namedChildren[0]
      : undefined;
  if (tuple?.type === 'tuple' && expression.namedChildren.length === 1)
    attribute.tuple = {
      span: { start: tuple.startIndex, end: tuple.endIndex },
      elements: tuple.namedChildren
        .filter((c): c is Node => c?.type === 'expression')
        .map((c) => ({ start: c.startIndex, end: c.endIndex, text: c.text })),
    };
  return attribute;
}

/** The literal instance key of an `index` node: `["k"]` or `[0]`; null for anything else. */
function keyOf(index: Node | null | undefined): string | undefined | null {
  if (!index || index.type !== 'index') return undefined;
  const inner = index.namedChildren[0];
  const expression = inner?.type === 'new_index' ? inner.namedChildren[0] : undefined;
  const literal = expression?.namedChildren[0];
  if (literal?.type !== 'literal_value') return null;
  const value = literal.namedChildren[0];
  if (value?.type === 'numeric_lit') return `[${value.text}]`;
  const s = value ? stringOf(value) : undefined;
  return s === undefined ? null : `[${JSON.stringify(s)}]`;
}

/** The references in a subtree, walked iteratively (expressions nest deeper than the stack goes). */
function referencesIn(
  root: Node,
  attribute: string | undefined,
  tuple: Attribute['tuple'],
): Reference[] {
  const refs: Reference[] = [];
  const stack: Node[] = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.type === 'variable_expr') {
      const head = n.text;
      const attrs: string[] = [];
      let next = n.nextNamedSibling;
      while (next?.type === 'get_attr' && attrs.length < 2) {
        attrs.push(next.namedChildren[0]?.text ?? '');
        next = next.nextNamedSibling;
      }
      // resources are `type.name`; `module.m`, `local.l`, `var.v`; `data.type.name`
      const used = head === 'data' ? 2 : 1;
      const parts = attrs.slice(0, used);
      if (parts.length >= used) {
        // the index right after the address
        let after: Node | null = n.nextNamedSibling;
        for (let i = 0; i < used; i++) after = after?.nextNamedSibling ?? null;
        const ref: Reference = {
          address: [head, ...parts].join('.'),
          key: keyOf(after),
          start: n.startIndex,
          end: n.parent?.endIndex ?? n.endIndex,
          line: n.startPosition.row + 1,
          attribute,
        };
        const element = tuple?.elements.find((e) => e.start <= n.startIndex && n.endIndex <= e.end);
        if (element) ref.element = { start: element.start, end: element.end };
        refs.push(ref);
      }
    }
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
  return refs;
}

/** A top-level block node's plan view. */
function blockOf(node: Node): ParsedBlock {
  const type = node.namedChildren[0]?.text ?? '';
  const labels = node.namedChildren
    .filter((c): c is Node => c?.type === 'string_lit' || c?.type === 'identifier')
    .slice(1)
    .map((c) => stringOf(c) ?? c.text);
  const inner = node.namedChildren.find((c) => c?.type === 'body');
  const block: ParsedBlock = {
    type,
    labels,
    start: node.startIndex,
    end: node.endIndex,
    line: node.startPosition.row + 1,
    endLine: node.endPosition.row + 1,
    attributes: [],
    nested: [],
    references: [],
  };
  for (const child of inner?.namedChildren ?? []) {
    if (child?.type === 'attribute') {
      const attribute = attributeOf(child);
      if (!attribute) continue;
      block.attributes.push(attribute);
      block.references.push(...referencesIn(child, attribute.name, attribute.tuple));
    } else if (child?.type === 'block') {
      const nestedType = child.namedChildren[0]?.text ?? '';
      const nestedBody = child.namedChildren.find((c) => c?.type === 'body');
      block.nested.push({
        type: nestedType,
        start: child.startIndex,
        end: child.endIndex,
        line: child.startPosition.row + 1,
        attributes: (nestedBody?.namedChildren ?? [])
          .filter((c): c is Node => c?.type === 'attribute')
          .map(attributeOf)
          .filter((a): a is Attribute => a !== undefined),
      });
      block.references.push(...referencesIn(child, nestedType, undefined));
    }
  }
  return block;
}

/** Parses a text (only `ranges` of it, when given) into its top-level blocks, eagerly. */
export function parseBlocks(parser: Parser, text: string, ranges?: Range[]): ParsedFile {
  const tree = parser.parse(text, null, ranges && { includedRanges: ranges });
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    const body = tree.rootNode.namedChildren.find((c) => c?.type === 'body');
    const blocks: ParsedBlock[] = [];
    for (const node of body?.namedChildren ?? [])
      if (node?.type === 'block') blocks.push(blockOf(node));
    return { hasError: tree.rootNode.hasError, blocks };
  } finally {
    tree.delete();
  }
}

/**
 * Parses one HCL file into what a plan needs. The top-level blocks are found by the outline
 * scan; a block's attributes and references are parsed the first time they are read, that
 * block alone (most blocks of a file full of roles and policies are never read). A file the
 * outline is not sure of, or a block that does not parse on its own, is parsed whole.
 */
export function parseForPlan(parser: Parser, text: string): ParsedFile {
  const outlined = outlineOf(text);
  if (!outlined || outlined.some((b) => b.labels.some((l) => l.includes('\\'))))
    return parseBlocks(parser, text);
  const lines = new LineIndex(text);
  let whole: ParsedFile | undefined;
  const wholeFile = (): ParsedFile => (whole ??= parseBlocks(parser, text));
  const blocks = outlined.map((o): ParsedBlock => {
    let detail: ParsedBlock | undefined;
    const read = (): ParsedBlock => {
      if (detail) return detail;
      const alone = parseBlocks(parser, text, rangesOf(text, [o], lines));
      const found = alone.hasError ? undefined : alone.blocks[0];
      detail =
        (found?.start === o.start ? found : undefined) ??
        wholeFile().blocks.find((b) => b.start === o.start) ??
        ({ attributes: [], nested: [], references: [] } as unknown as ParsedBlock);
      return detail;
    };
    return {
      type: o.type,
      labels: o.labels,
      start: o.start,
      end: o.end,
      line: lines.point(o.start).row + 1,
      endLine: lines.point(o.end - 1).row + 1,
      get attributes() {
        return read().attributes;
      },
      get nested() {
        return read().nested;
      },
      get references() {
        return read().references;
      },
    };
  });
  return {
    get hasError() {
      return wholeFile().hasError;
    },
    blocks,
  };
}

/**
 * Where a text names any of the labels: a test of whether a span (a block) holds one. A block
 * without one cannot refer to them.
 */
export function mentionsIn(text: string, labels: readonly string[]): (span: Span) => boolean {
  const at: number[] = [];
  for (const l of labels)
    if (l.length > 0) for (let i = text.indexOf(l); i >= 0; i = text.indexOf(l, i + 1)) at.push(i);
  at.sort((a, b) => a - b);
  return ({ start, end }) => {
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((at[mid] as number) < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < at.length && (at[lo] as number) < end;
  };
}

/**
 * Whether edits left a file parsing, told by parsing only the top-level blocks they changed
 * (those of `after` not found, the same text, in `before`). A file the outline is not sure of,
 * before or after, is parsed whole.
 */
export function editedFileParses(parser: Parser, before: string, after: string): boolean {
  const was = outlineOf(before);
  const now = was && outlineOf(after);
  if (!was || !now) return !parseBlocks(parser, after).hasError;
  const kept = new Map<string, number>();
  for (const b of was) {
    const t = before.slice(b.start, b.end);
    kept.set(t, (kept.get(t) ?? 0) + 1);
  }
  const changed = now.filter((b) => {
    const t = after.slice(b.start, b.end);
    const n = kept.get(t) ?? 0;
    if (n > 0) kept.set(t, n - 1);
    return n === 0;
  });
  if (changed.length === 0) return true;
  return !parseBlocks(parser, after, rangesOf(after, changed)).hasError;
}

/** The address a block declares, as references name it (`aws_iam_user.x`, `module.m`, `data.t.n`). */
export function declaredAddress(block: ParsedBlock): string | undefined {
  if (block.type === 'resource' && block.labels.length >= 2)
    return `${block.labels[0]}.${block.labels[1]}`;
  if (block.type === 'data' && block.labels.length >= 2)
    return `data.${block.labels[0]}.${block.labels[1]}`;
  if (block.type === 'module' && block.labels[0]) return `module.${block.labels[0]}`;
  if (block.type === 'output' && block.labels[0]) return `output.${block.labels[0]}`;
  return undefined;
}
