import type { Node, Tree } from 'web-tree-sitter';

/*
 * A parsed file as plain data. Every property of a tree-sitter node is a call into
 * WebAssembly, and resolving a user reads the same nodes many times; so each tree is copied
 * once, right after parsing, into one Int32Array (named nodes in preorder), the tree-sitter
 * tree is freed, and resolution reads plain JavaScript afterwards. Expressions whose value is
 * read from their text (a plain string, a name chain, a list of plain strings) are copied
 * without their inner nodes.
 */

/** The fields of a node in a TreeData, by their offset in its STRIDE values. */
export const TYPE = 0;
export const START = 1;
export const END = 2;
export const ROW = 3;
/** Named nodes in the subtree, this one included: the next sibling is at index + size. */
export const SIZE = 4;
export const PARENT = 5;
const FLAGS = 6;
/** Int32 values per node in a TreeData. */
export const STRIDE = 7;

const HAS_ERROR = 1;
const MISSING = 2;

/** What a parse leaves: the node table and, when the file has a syntax error, its first line. */
export interface TreeData {
  data: Int32Array;
  count: number;
  /** 1-based line of the first syntax error; 0 when the file parsed cleanly. */
  errorLine: number;
}

/** A quoted string with nothing to unescape or interpolate: `"alice"`. */
export const SIMPLE_STRING = /^"[^"\\$%\n\r]*"$/;
/** A reference made of names only: `local.users`, `each.key`, `aws_iam_user.x.name`. */
export const ATTRIBUTE_CHAIN = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+$/;
/** `["a", "b"]` of such strings, nothing else (no comment, no expression)... */
const STRING_TUPLE = String.raw`\[(?:\s*"[^"\\$%\n\r]*"\s*,)*(?:\s*"[^"\\$%\n\r]*")?\s*\]`;
/** ...alone or as the one argument of `toset(...)`. */
export const SIMPLE_LIST = new RegExp(
  String.raw`^(?:${STRING_TUPLE}|(toset)\(\s*${STRING_TUPLE}\s*\))$`,
);

/**
 * Nodes whose value is read from their text (see `evaluate`), so their inner nodes are never
 * looked at and not copied: about half the nodes of a typical IAM file.
 */
function readFromText(
  type: string | undefined,
  source: string,
  start: number,
  end: number,
): boolean {
  if (type === 'string_lit') return SIMPLE_STRING.test(source.slice(start, end));
  if (type !== 'expression') return false;
  const text = source.slice(start, end);
  return SIMPLE_STRING.test(text) || ATTRIBUTE_CHAIN.test(text) || SIMPLE_LIST.test(text);
}

/**
 * Copies a tree-sitter tree into a TreeData: named nodes, iteratively (nesting depth is the
 * input's to choose). `types` are the grammar's node type names by id.
 */
export function snapshot(tree: Tree, text: string, types: readonly string[]): TreeData {
  const root = tree.rootNode;
  const broken = root.hasError;
  let data = new Int32Array(STRIDE * 1024);
  let count = 0;
  const stack: Node[] = [root];
  const parents: number[] = [-1];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const parent = parents.pop() as number;
    const i = count++;
    if ((i + 1) * STRIDE > data.length) {
      const bigger = new Int32Array(data.length * 2);
      bigger.set(data);
      data = bigger;
    }
    const o = i * STRIDE;
    const typeId = node.typeId;
    const start = node.startIndex;
    const end = node.endIndex;
    data[o + TYPE] = typeId;
    data[o + START] = start;
    data[o + END] = end;
    data[o + ROW] = node.startPosition.row;
    data[o + SIZE] = 1;
    data[o + PARENT] = parent;
    // A broken file is copied whole, with the per-node error flags.
    if (broken) data[o + FLAGS] = (node.hasError ? HAS_ERROR : 0) | (node.isMissing ? MISSING : 0);
    else if (readFromText(types[typeId], text, start, end)) continue;
    const children = node.namedChildren;
    for (let k = children.length - 1; k >= 0; k--) {
      const child = children[k];
      if (!child) continue;
      stack.push(child);
      parents.push(i);
    }
  }
  // Children come after their parent: sizes add up from the end.
  for (let i = count - 1; i > 0; i--) {
    const parent = data[i * STRIDE + PARENT] as number;
    data[parent * STRIDE + SIZE] =
      (data[parent * STRIDE + SIZE] as number) + (data[i * STRIDE + SIZE] as number);
  }
  return { data: data.slice(0, count * STRIDE), count, errorLine: broken ? firstError(root) : 0 };
}

/**
 * Whether a TreeData read back (from the parse cache) is one `snapshot` could have made for a
 * text of `textLength` characters: every node inside the text, its subtree inside its parent's,
 * its parent before it — so that reading it can neither fail nor run past its ends.
 */
export function validTreeData(tree: TreeData, textLength: number, typeCount: number): boolean {
  const { data, count } = tree;
  if (count < 1 || data.length !== count * STRIDE || tree.errorLine < 0) return false;
  for (let i = 0; i < count; i++) {
    const o = i * STRIDE;
    const type = data[o + TYPE] as number;
    const start = data[o + START] as number;
    const end = data[o + END] as number;
    const size = data[o + SIZE] as number;
    const parent = data[o + PARENT] as number;
    if (type < 0 || type >= typeCount || start < 0 || start > end || end > textLength) return false;
    if ((data[o + ROW] as number) < 0 || size < 1 || i + size > count) return false;
    if (i === 0 ? parent !== -1 : parent < 0 || parent >= i) return false;
    if (i > 0 && i + size > parent + (data[parent * STRIDE + SIZE] as number)) return false;
  }
  return true;
}

/**
 * Moves a parsed tree's lines to those of another file: `lines[row]` is the 1-based line that
 * row stands for (HCL written out from a `.tf.json` file, whose findings point into the JSON).
 */
export function remapRows(tree: TreeData, lines: readonly number[]): void {
  for (let i = 0; i < tree.count; i++) {
    const o = i * STRIDE + ROW;
    tree.data[o] = (lines[tree.data[o] as number] ?? 1) - 1;
  }
  if (tree.errorLine !== 0) tree.errorLine = lines[tree.errorLine - 1] ?? tree.errorLine;
}

function firstError(root: Node): number {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.type === 'ERROR' || node.isMissing) return node.startPosition.row + 1;
    const children = node.children;
    for (let k = children.length - 1; k >= 0; k--) {
      const child = children[k];
      if (child?.hasError) stack.push(child);
    }
  }
  return root.startPosition.row + 1;
}

/** A parsed file, read from its TreeData. */
export class SyntaxTree {
  private readonly nodes: (SyntaxNode | undefined)[];

  constructor(
    readonly text: string,
    readonly tree: TreeData,
    /** The grammar's node type names by id (the parser's `language.types`). */
    readonly types: readonly string[],
  ) {
    this.nodes = new Array<SyntaxNode | undefined>(tree.count);
  }

  get rootNode(): SyntaxNode {
    return this.node(0);
  }

  get hasError(): boolean {
    return this.tree.errorLine !== 0;
  }

  /** @internal */
  node(index: number): SyntaxNode {
    return (this.nodes[index] ??= new SyntaxNode(this, index));
  }

  /** @internal */
  field(index: number, field: number): number {
    return this.tree.data[index * STRIDE + field] as number;
  }
}

/** One named node: the part of tree-sitter's Node API the Terraform scan uses. */
export class SyntaxNode {
  private children?: SyntaxNode[];

  constructor(
    private readonly tree: SyntaxTree,
    private readonly index: number,
  ) {}

  get type(): string {
    return this.tree.types[this.tree.field(this.index, TYPE)] ?? 'ERROR';
  }

  get startIndex(): number {
    return this.tree.field(this.index, START);
  }

  get endIndex(): number {
    return this.tree.field(this.index, END);
  }

  /** 0-based row, as tree-sitter counts. */
  get startPosition(): { row: number } {
    return { row: this.tree.field(this.index, ROW) };
  }

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  /** The whole text of the file the node is in (what its offsets index). */
  get source(): string {
    return this.tree.text;
  }

  get hasError(): boolean {
    return (this.tree.field(this.index, FLAGS) & HAS_ERROR) !== 0;
  }

  get isMissing(): boolean {
    return (this.tree.field(this.index, FLAGS) & MISSING) !== 0;
  }

  get namedChildren(): SyntaxNode[] {
    if (!this.children) {
      this.children = [];
      const end = this.index + this.tree.field(this.index, SIZE);
      for (let i = this.index + 1; i < end; i += this.tree.field(i, SIZE))
        this.children.push(this.tree.node(i));
    }
    return this.children;
  }

  get parent(): SyntaxNode | null {
    const parent = this.tree.field(this.index, PARENT);
    return parent < 0 ? null : this.tree.node(parent);
  }

  get nextNamedSibling(): SyntaxNode | null {
    const parent = this.tree.field(this.index, PARENT);
    if (parent < 0) return null;
    const next = this.index + this.tree.field(this.index, SIZE);
    return next < parent + this.tree.field(parent, SIZE) ? this.tree.node(next) : null;
  }
}
