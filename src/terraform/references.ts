// What a fix plan needs to know of an HCL file: its top-level blocks with their byte spans and
// attributes, and every reference (`aws_iam_user.x["k"].arn`, `module.m.out`, `local.l`) in
// them with the attribute it is in, read from the scan's parses where it made them.
import type { Parser, Range } from 'web-tree-sitter';
import { memoEntry, outlineOf } from './memo.js';
import { LineIndex, rangesOf } from './outline.js';
import { withTree } from './parser.js';
import { plainReader } from './plain-blocks.js';
import type { CacheEntry } from './parse-cache.js';
import {
  ATTRIBUTE_CHAIN,
  SIMPLE_STRING,
  snapshot,
  SyntaxTree,
  validTreeData,
  type SyntaxNode,
} from './syntax.js';

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

/*
 * A plan reads the scan's own snapshots of a file (syntax.ts: the named nodes copied out of
 * tree-sitter, once) where the scan parsed the block, and parses only the others. A snapshot
 * keeps no inner nodes of an expression whose value is its text (a plain string, a name chain,
 * a list of plain strings): such a node has no children here, where tree-sitter's always have
 * some, and what a plan needs of it (a reference, a key, a list's elements) is read from its
 * text, as tree-sitter would have split it.
 */
const pruned = (n: SyntaxNode): boolean => n.namedChildren.length === 0;

const stringOf = (n: SyntaxNode): string | undefined => {
  if (n.type !== 'string_lit') return undefined;
  if (pruned(n)) return n.text.slice(1, -1); // a plain string: nothing to unescape
  const parts = n.namedChildren.filter((c) => c.type === 'template_literal');
  if (
    n.namedChildren.some(
      (c) => c.type !== 'template_literal' && !c.type.startsWith('quoted_template'),
    )
  )
    return undefined;
  return parts.map((c) => c.text).join('');
};

/** The strings of a list of plain strings (`["a", "b"]`), as its elements. */
function plainElements(list: SyntaxNode): (Span & { text: string })[] {
  const at = list.startIndex;
  return [...list.text.matchAll(/"[^"]*"/g)].map((m) => ({
    start: at + m.index,
    end: at + m.index + m[0].length,
    text: m[0],
  }));
}

function attributeOf(node: SyntaxNode): Attribute | undefined {
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
  if (pruned(expression)) {
    // `[...]` of plain strings (not `toset([...])`, not a string, not a name chain)
    if (expression.text.startsWith('['))
      attribute.tuple = {
        span: { start: expression.startIndex, end: expression.endIndex },
        elements: plainElements(expression),
      };
    return attribute;
  }
  const tuple =
    expression.namedChildren[0]?.type === 'collection_value'
      ? expression.namedChildren[0].namedChildren[0]
      : undefined;
  if (tuple?.type === 'tuple' && expression.namedChildren.length === 1)
    attribute.tuple = {
      span: { start: tuple.startIndex, end: tuple.endIndex },
      elements: tuple.namedChildren
        .map((c) =>
          c.type === 'expression'
            ? { start: c.startIndex, end: c.endIndex, text: c.text }
            : undefined,
        )
        .filter((e): e is Span & { text: string } => e !== undefined),
    };
  return attribute;
}

/** The literal instance key of an `index` node: `["k"]` or `[0]`; null for anything else. */
function keyOf(index: SyntaxNode | null | undefined): string | undefined | null {
  if (!index || index.type !== 'index') return undefined;
  const inner = index.namedChildren[0];
  const expression = inner?.type === 'new_index' ? inner.namedChildren[0] : undefined;
  if (expression && pruned(expression))
    return SIMPLE_STRING.test(expression.text)
      ? `[${JSON.stringify(expression.text.slice(1, -1))}]`
      : null;
  const literal = expression?.namedChildren[0];
  if (literal?.type !== 'literal_value') return null;
  const value = literal.namedChildren[0];
  if (value?.type === 'numeric_lit') return `[${value.text}]`;
  const s = value ? stringOf(value) : undefined;
  return s === undefined ? null : `[${JSON.stringify(s)}]`;
}

/** The address a reference names, from its head and the names after it (`data` takes two). */
function addressOf(head: string, names: readonly string[]): string | undefined {
  const used = head === 'data' ? 2 : 1;
  return names.length >= used ? [head, ...names.slice(0, used)].join('.') : undefined;
}

/** A literal that a name chain may start with, which refers to nothing (`true.x`). */
const LITERAL_HEAD = new Set(['true', 'false', 'null']);

/** The references in a subtree, walked iteratively (expressions nest deeper than the stack goes). */
function referencesIn(
  root: SyntaxNode,
  attribute: string | undefined,
  tuple: Attribute['tuple'],
): Reference[] {
  const refs: Reference[] = [];
  const add = (ref: Reference): void => {
    const element = tuple?.elements.find((e) => e.start <= ref.start && ref.end <= e.end);
    if (element) ref.element = { start: element.start, end: element.end };
    refs.push(ref);
  };
  const stack: SyntaxNode[] = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.type === 'expression' && pruned(n)) {
      // a name chain (`aws_iam_user.x.name`) read from its text; a string or a list of them
      // refers to nothing
      const text = n.text;
      if (!ATTRIBUTE_CHAIN.test(text)) continue;
      const [head = '', ...names] = text.split('.');
      const address = LITERAL_HEAD.has(head) ? undefined : addressOf(head, names.slice(0, 2));
      if (address)
        add({
          address,
          key: undefined,
          start: n.startIndex,
          end: n.endIndex,
          line: n.startPosition.row + 1,
          attribute,
        });
      continue;
    }
    if (n.type === 'variable_expr') {
      const names: string[] = [];
      let next = n.nextNamedSibling;
      while (next?.type === 'get_attr' && names.length < 2) {
        names.push(next.namedChildren[0]?.text ?? '');
        next = next.nextNamedSibling;
      }
      const head = n.text;
      const address = addressOf(head, names);
      if (address) {
        // the index right after the address
        let after: SyntaxNode | null = n.nextNamedSibling;
        for (let i = 0; i < (head === 'data' ? 2 : 1); i++) after = after?.nextNamedSibling ?? null;
        add({
          address,
          key: keyOf(after),
          start: n.startIndex,
          end: n.parent?.endIndex ?? n.endIndex,
          line: n.startPosition.row + 1,
          attribute,
        });
      }
    }
    const children = n.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as SyntaxNode);
  }
  return refs;
}

/** A top-level block node's plan view. */
function blockOf(node: SyntaxNode, lines: LineIndex): ParsedBlock {
  const children = node.namedChildren;
  const type = children[0]?.text ?? '';
  const labels = children
    .filter((c) => c.type === 'string_lit' || c.type === 'identifier')
    .slice(1)
    .map((c) => stringOf(c) ?? c.text);
  const inner = children.find((c) => c.type === 'body');
  const block: ParsedBlock = {
    type,
    labels,
    start: node.startIndex,
    end: node.endIndex,
    line: node.startPosition.row + 1,
    endLine: lines.point(node.endIndex - 1).row + 1,
    attributes: [],
    nested: [],
    references: [],
  };
  for (const child of inner?.namedChildren ?? []) {
    if (child.type === 'attribute') {
      const attribute = attributeOf(child);
      if (!attribute) continue;
      block.attributes.push(attribute);
      block.references.push(...referencesIn(child, attribute.name, attribute.tuple));
    } else if (child.type === 'block') {
      const nestedType = child.namedChildren[0]?.text ?? '';
      const nestedBody = child.namedChildren.find((c) => c.type === 'body');
      block.nested.push({
        type: nestedType,
        start: child.startIndex,
        end: child.endIndex,
        line: child.startPosition.row + 1,
        attributes: (nestedBody?.namedChildren ?? [])
          .filter((c) => c.type === 'attribute')
          .map(attributeOf)
          .filter((a): a is Attribute => a !== undefined),
      });
      block.references.push(...referencesIn(child, nestedType, undefined));
    }
  }
  return block;
}

/** The top-level block nodes of a parsed text. */
const topBlocks = (tree: SyntaxTree): SyntaxNode[] =>
  tree.rootNode.namedChildren
    .find((c) => c.type === 'body')
    ?.namedChildren.filter((c) => c.type === 'block') ?? [];

/** Parses a text (only `ranges` of it, when given) into its top-level blocks, eagerly. */
export function parseBlocks(parser: Parser, text: string, ranges?: Range[]): ParsedFile {
  const tree = parseTree(parser, text, ranges);
  const lines = new LineIndex(text);
  return { hasError: tree.hasError, blocks: topBlocks(tree).map((b) => blockOf(b, lines)) };
}

/** Whether a text (`ranges` of it) parses without a syntax error. */
const parsesCleanly = (parser: Parser, text: string, ranges?: Range[]): boolean =>
  (ranges !== undefined && plainReader(parser)?.(text, ranges) !== undefined) ||
  withTree(parser, text, ranges, (tree) => !tree.rootNode.hasError);

/** A text parsed (`ranges` of it) and copied out of tree-sitter, as the scan does. */
function parseTree(parser: Parser, text: string, ranges?: Range[]): SyntaxTree {
  const types = parser.language?.types ?? [];
  const plain = ranges && plainReader(parser)?.(text, ranges);
  return new SyntaxTree(
    text,
    plain || withTree(parser, text, ranges, (tree) => snapshot(tree, text, types)),
    types,
  );
}

/**
 * The top-level blocks the scan's parses of a text hold, by start (a parse with a syntax
 * error is not used: the plan parses that block itself). Worked out once per memo entry.
 */
const scanned = new WeakMap<CacheEntry, { trees: number; blocks: Map<number, SyntaxNode> }>();
function scannedBlocks(parser: Parser, text: string): Map<number, SyntaxNode> | undefined {
  const entry = memoEntry(text);
  if (!entry || entry.trees.size === 0) return undefined;
  let known = scanned.get(entry);
  if (!known || known.trees !== entry.trees.size) {
    const types = parser.language?.types ?? [];
    const blocks = new Map<number, SyntaxNode>();
    for (const data of entry.trees.values()) {
      if (data.errorLine !== 0 || !validTreeData(data, text.length, types.length)) continue;
      for (const b of topBlocks(new SyntaxTree(text, data, types))) blocks.set(b.startIndex, b);
    }
    scanned.set(entry, (known = { trees: entry.trees.size, blocks }));
  }
  return known.blocks;
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
  const file = new PlanFile(parser, text);
  return {
    get hasError() {
      return file.whole().hasError;
    },
    blocks: outlined.map((o) => new PlanBlock(file, o)),
  };
}

/** What the blocks of a file read lazily share: its lines, its whole parse, the scan's parses. */
class PlanFile {
  readonly lines: LineIndex;
  private wholeFile?: ParsedFile;
  private scans?: Map<number, SyntaxNode>;

  constructor(
    readonly parser: Parser,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
  }

  whole(): ParsedFile {
    return (this.wholeFile ??= parseBlocks(this.parser, this.text));
  }

  scanned(start: number): SyntaxNode | undefined {
    return (this.scans ??= scannedBlocks(this.parser, this.text) ?? new Map()).get(start);
  }
}

/** A top-level block whose attributes and references are read the first time they are asked for. */
class PlanBlock implements ParsedBlock {
  readonly type: string;
  readonly labels: string[];
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly endLine: number;
  private detail?: ParsedBlock;

  constructor(
    private readonly file: PlanFile,
    o: { type: string; labels: string[]; start: number; end: number },
  ) {
    this.type = o.type;
    this.labels = o.labels;
    this.start = o.start;
    this.end = o.end;
    this.line = file.lines.point(o.start).row + 1;
    this.endLine = file.lines.point(o.end - 1).row + 1;
  }

  private read(): ParsedBlock {
    if (this.detail) return this.detail;
    const { file, start, end } = this;
    const known = file.scanned(start);
    if (known && known.endIndex === end) return (this.detail = blockOf(known, file.lines));
    const alone = parseBlocks(file.parser, file.text, rangesOf(file.text, [this], file.lines));
    const found = alone.hasError ? undefined : alone.blocks[0];
    this.detail =
      (found?.start === start ? found : undefined) ??
      file.whole().blocks.find((b) => b.start === start) ??
      ({ attributes: [], nested: [], references: [] } as unknown as ParsedBlock);
    return this.detail;
  }

  get attributes(): Attribute[] {
    return this.read().attributes;
  }

  get nested(): ParsedBlock['nested'] {
    return this.read().nested;
  }

  get references(): Reference[] {
    return this.read().references;
  }
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
  if (!was || !now) return parsesCleanly(parser, after);
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
  return parsesCleanly(parser, after, rangesOf(after, changed));
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
