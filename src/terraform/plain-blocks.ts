// Plain blocks read without the parser. tree-sitter's HCL grammar runs at about 1 MB/s in
// WebAssembly on these machines, and most of what a scan hands it is blocks as plain as
//
//   resource "aws_iam_access_key" "alice" {
//     user = aws_iam_user.alice.name
//   }
//
// whose tree (as `snapshot` copies it, syntax.ts) is a dozen nodes known from the text alone.
// `readPlainBlocks` writes that tree itself when every block handed to it is made only of
// what it knows for sure — attributes whose value is a plain string, a name chain, a list of
// plain strings (over lines or not), `true`/`false`, a whole number, or an object of such
// values under names or plain strings; nested blocks of the same; `#` and `//` comments on
// their own lines or after an item — and declines (undefined: the parser reads the text) at
// anything else: a template, a heredoc, an operator, a function call, a one-line block, a
// comment inside an object or list, a carriage return not ending a line (CRLF lines are read),
// a non-ASCII character, a keyword used as a name. It is held to tree-sitter's own tree: a property test compares the two on
// generated blocks, and before its first use in a process the reader reads a sample of every
// form it writes and compares its tree with the parser's, declining for good if they differ.
import type { Parser, Range } from 'web-tree-sitter';
import { outline, rangesOf } from './outline.js';
import { withTree } from './parser.js';
import {
  END,
  PARENT,
  ROW,
  SIMPLE_LIST,
  SIMPLE_STRING,
  SIZE,
  snapshot,
  START,
  STRIDE,
  TYPE,
  type TreeData,
} from './syntax.js';

/** The node types the reader writes. */
const NAMES = [
  'config_file',
  'body',
  'block',
  'identifier',
  'string_lit',
  'block_start',
  'block_end',
  'attribute',
  'expression',
  'literal_value',
  'bool_lit',
  'numeric_lit',
  'comment',
  'collection_value',
  'object',
  'object_start',
  'object_elem',
  'object_end',
  'variable_expr',
] as const;
type Ids = Record<(typeof NAMES)[number], number>;

/** A sample of every form the reader writes, to learn the grammar's type ids and check itself on. */
export const SAMPLE = `resource "aws_iam_user" "a" {
  # a comment before the first item
  name = "alice" # and after one
  path="/x/"

  force_destroy = true
  n = 12
  // between items
  user = aws_iam_user.b.name
  groups = ["g1", "g2",]
  set = toset(["a"])
  empty = []
  lines = [
    "one",
    "two",
  ]
  tags = {
    Team    = "iam"
    "cost-center" = 12, on = true
    nested = { a = aws_iam_user.b.arn }
  }
  none = {}
  lifecycle {
    prevent_destroy = false
  } # after a nested block
  inner "x" {
  }
  # after the last item
}
resource "aws_iam_access_key" "a" {
}
${['resource "aws_iam_user" "crlf" {', '  # CRLF lines', '  name = "x" # t', '  list = [', '    "a",', '  ]', '}', ''].join('\r\n')}`;

/** Reads `ranges` of a text as plain blocks, or declines (undefined). */
type PlainRead = (text: string, ranges: Range[]) => TreeData | undefined;

const readers = new WeakMap<Parser, PlainRead | null>();

/**
 * The reader for a parser's grammar, or null when the grammar does not give the sample the
 * tree the reader writes for it (then every text goes to the parser).
 */
export function plainReader(parser: Parser): PlainRead | null {
  let reader = readers.get(parser);
  if (reader !== undefined) return reader;
  reader = null;
  const types = parser.language?.types ?? [];
  // the sample's blocks as the scan hands them over (each up to and with its newline)
  const ranges = rangesOf(SAMPLE, outline(SAMPLE) ?? []);
  const expected = withTree(parser, SAMPLE, ranges, (tree) => snapshot(tree, SAMPLE, types));
  const ids = idsOf(expected, types);
  if (ids && expected.errorLine === 0) {
    const read: PlainRead = (text, r) => readPlainBlocks(text, r, ids);
    const mine = read(SAMPLE, ranges);
    if (mine && sameTree(mine, expected)) reader = read;
  }
  readers.set(parser, reader);
  return reader;
}

/** The one type id each name has in a tree; undefined when a name is missing or has two. */
function idsOf(tree: TreeData, types: readonly string[]): Ids | undefined {
  const found = new Map<string, Set<number>>();
  for (let i = 0; i < tree.count; i++) {
    const id = tree.data[i * STRIDE + TYPE] as number;
    const name = types[id] ?? '';
    (found.get(name) ?? found.set(name, new Set()).get(name))?.add(id);
  }
  const ids = {} as Ids;
  for (const name of NAMES) {
    const set = found.get(name);
    if (set?.size !== 1) return undefined;
    ids[name] = [...set][0] as number;
  }
  return ids;
}

/** Whether two trees are the same, node for node. */
function sameTree(a: TreeData, b: TreeData): boolean {
  if (a.count !== b.count || a.errorLine !== b.errorLine || a.data.length !== b.data.length)
    return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

const SPACE = 32;
const TAB = 9;
const NL = 10;
const QUOTE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const EQUALS = 61;
const HASH = 35;
const SLASH = 47;
const COMMA = 44;
const DOT = 46;
const OPEN_BRACKET = 91;
const CLOSE_PAREN = 41;
const CR = 13;

const isIdentStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;

/** Words the grammar may read as keywords: never taken for a name here. */
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'else', 'endif', 'endfor']);

/** Names joined by dots, none of them a keyword (checked apart). */
const NAME_CHAIN = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+$/;
/** ASCII but NUL (which the grammar reads as an error, in a string or a comment too). */
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x01-\x7f]*$/;
/** A carriage return not ending a line. */
const LONE_CR = /\r(?!\n)|\r$/;

class Decline extends Error {}
const DECLINE = new Decline();

/**
 * The tree `snapshot` makes of tree-sitter's parse of `ranges` of `text`, when every range is
 * one plain block (from its first character to just past the newline after its `}`, as
 * outline.ts's `rangesOf` gives them); undefined otherwise.
 */
function readPlainBlocks(text: string, ranges: Range[], ids: Ids): TreeData | undefined {
  if (ranges.length === 0) return undefined;
  try {
    return new Reader(text, ids).read(ranges);
  } catch (error) {
    if (error === DECLINE) return undefined;
    throw error;
  }
}

class Reader {
  private data = new Int32Array(STRIDE * 64);
  private count = 0;
  private i = 0;
  private row = 0;

  constructor(
    private readonly s: string,
    private readonly ids: Ids,
  ) {}

  read(ranges: Range[]): TreeData {
    const first = ranges[0] as Range;
    const last = ranges[ranges.length - 1] as Range;
    const root = this.node(this.ids.config_file, first.startIndex, first.startPosition.row, -1);
    this.setEnd(root, last.endIndex);
    const body = this.node(this.ids.body, first.startIndex, first.startPosition.row, root);
    let end = first.startIndex;
    let at = 0;
    for (const range of ranges) {
      if (range.startIndex < at || range.endIndex > this.s.length) throw DECLINE;
      this.i = range.startIndex;
      this.row = range.startPosition.row;
      end = this.block(body, 0);
      // only blanks, then the newline the range ends with (or the end of the text)
      this.blanks();
      if (this.i < range.endIndex) {
        if (this.s.charCodeAt(this.i) !== NL || this.i + 1 !== range.endIndex) throw DECLINE;
      } else if (this.i !== range.endIndex || range.endIndex !== this.s.length) throw DECLINE;
      at = range.endIndex;
    }
    this.setEnd(body, end);
    return this.finish();
  }

  /** One block at `this.i`; returns its end (just past its `}`). */
  private block(parent: number, depth: number): number {
    if (depth > 8) throw DECLINE;
    const s = this.s;
    const start = this.i;
    const block = this.node(this.ids.block, start, this.row, parent);
    this.identifier(block);
    for (;;) {
      const before = this.i;
      this.blanks();
      if (s.charCodeAt(this.i) !== QUOTE) break;
      if (this.i === before) throw DECLINE; // a label right after the type
      const from = this.i;
      this.leaf(this.ids.string_lit, from, this.plainString(), block);
    }
    if (s.charCodeAt(this.i) !== OPEN_BRACE) throw DECLINE;
    this.leaf(this.ids.block_start, this.i, this.i + 1, block);
    this.i++;
    this.lineEnd();
    // Comments (the grammar's extras): those before the first item and after the last are the
    // block's children, the others the body's; one is held until it is known which.
    let body = -1;
    let bodyEnd = 0;
    const held: number[] = [];
    for (;;) {
      const c = this.nextLine();
      if (c === CLOSE_BRACE) break;
      if (this.comment(body < 0 ? block : -1, held)) continue;
      if (!isIdentStart(c)) throw DECLINE;
      if (body < 0) body = this.node(this.ids.body, this.i, this.row, block);
      else this.release(held, body);
      bodyEnd = this.item(body, depth, held);
    }
    if (body >= 0) this.setEnd(body, bodyEnd);
    this.release(held, block);
    const close = this.i;
    this.leaf(this.ids.block_end, close, close + 1, block);
    this.i++;
    this.setEnd(block, this.i);
    return this.i;
  }

  /**
   * A `#` or `//` comment at `this.i`, up to its line's end: a node of `parent` now, or (when
   * `parent` is -1) held. False, with nothing read, when there is none.
   */
  private comment(parent: number, held: number[]): boolean {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c !== HASH && !(c === SLASH && s.charCodeAt(this.i + 1) === SLASH)) return false;
    const nl = s.indexOf('\n', this.i);
    if (nl < 0) throw DECLINE;
    const text = s.slice(this.i, nl);
    // (a CRLF line's comment ends with its carriage return, as tree-sitter's does)
    if (!ASCII.test(text) || LONE_CR.test(text.slice(0, -1))) throw DECLINE;
    if (parent >= 0) this.leaf(this.ids.comment, this.i, nl, parent);
    else held.push(this.i, nl, this.row);
    this.i = nl;
    return true;
  }

  /** The comments held, as children of `parent`. */
  private release(held: number[], parent: number): void {
    for (let k = 0; k < held.length; k += 3) {
      const index = this.node(this.ids.comment, held[k] as number, held[k + 2] as number, parent);
      this.setEnd(index, held[k + 1] as number);
    }
    held.length = 0;
  }

  /** Blanks, a comment (held), the newline: what may end an item's line. */
  private itemEnd(held: number[]): void {
    this.blanks();
    this.comment(-1, held);
    if (this.s.charCodeAt(this.i) !== NL) throw DECLINE;
    this.i++;
    this.row++;
  }

  /** An attribute or a nested block at `this.i`, through its line's end; returns its end. */
  private item(body: number, depth: number, held: number[]): number {
    const s = this.s;
    const start = this.i;
    this.i = this.identEnd();
    this.blanks();
    if (s.charCodeAt(this.i) !== EQUALS) {
      // a nested block
      this.i = start;
      const end = this.block(body, depth + 1);
      this.itemEnd(held);
      return end;
    }
    const attribute = this.node(this.ids.attribute, start, this.row, body);
    this.i = start;
    this.identifier(attribute);
    this.blanks();
    this.i++; // =
    this.blanks();
    const end = this.value(attribute, depth);
    this.setEnd(attribute, end);
    this.itemEnd(held);
    return end;
  }

  /**
   * An expression at `this.i`, as a node of `parent` with the nodes `snapshot` keeps of it;
   * returns its end (`this.i` is left there).
   */
  private value(parent: number, depth: number): number {
    if (depth > 8) throw DECLINE;
    const s = this.s;
    const start = this.i;
    const row = this.row;
    const expression = this.node(this.ids.expression, start, row, parent);
    const c = s.charCodeAt(start);
    if (c === QUOTE) {
      this.plainString(); // no inner nodes kept
    } else if (c === OPEN_BRACKET || s.startsWith('toset(', start)) {
      // a list of plain strings, over lines or not: no inner nodes kept
      let j = c === OPEN_BRACKET ? start : start + 6;
      const close = s.indexOf(']', j);
      if (close < 0) throw DECLINE;
      j = close + 1;
      if (c !== OPEN_BRACKET) {
        while (isBlank(s.charCodeAt(j)) || s.charCodeAt(j) === NL) j++;
        if (s.charCodeAt(j) !== CLOSE_PAREN) throw DECLINE;
        j++;
      }
      const text = s.slice(start, j);
      if (!SIMPLE_LIST.test(text) || !ASCII.test(text) || LONE_CR.test(text)) throw DECLINE;
      for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) this.row++;
      this.i = j;
    } else if (c === OPEN_BRACE) {
      this.object(expression, depth);
    } else if (isIdentStart(c)) {
      let j = start;
      while (isIdentPart(s.charCodeAt(j)) || s.charCodeAt(j) === DOT) j++;
      const text = s.slice(start, j);
      if (text === 'true' || text === 'false') {
        const literal = this.node(this.ids.literal_value, start, row, expression);
        this.leaf(this.ids.bool_lit, start, j, literal);
        this.setEnd(literal, j);
      } else if (!NAME_CHAIN.test(text) || text.split('.').some((n) => KEYWORDS.has(n)))
        throw DECLINE;
      this.i = j;
    } else if (c >= 48 && c <= 57) {
      let j = start;
      while (s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
      const literal = this.node(this.ids.literal_value, start, row, expression);
      this.leaf(this.ids.numeric_lit, start, j, literal);
      this.setEnd(literal, j);
      this.i = j;
    } else throw DECLINE;
    // what ends a value: a blank, a newline, a comma, a closing brace, a comment
    const next = s.charCodeAt(this.i);
    if (
      !(isBlank(next) || this.atNewline(this.i) || next === COMMA || next === CLOSE_BRACE) &&
      next !== HASH &&
      !(next === SLASH && s.charCodeAt(this.i + 1) === SLASH)
    )
      throw DECLINE;
    this.setEnd(expression, this.i);
    return this.i;
  }

  /** `{ key = value, ... }` (keys names or plain strings; no comment inside) at `this.i`. */
  private object(expression: number, depth: number): void {
    const s = this.s;
    const start = this.i;
    const collection = this.node(this.ids.collection_value, start, this.row, expression);
    const object = this.node(this.ids.object, start, this.row, collection);
    this.leaf(this.ids.object_start, start, start + 1, object);
    this.i++;
    for (;;) {
      const c = this.nextLine();
      if (c === CLOSE_BRACE) break;
      const elem = this.node(this.ids.object_elem, this.i, this.row, object);
      const key = this.node(this.ids.expression, this.i, this.row, elem);
      if (c === QUOTE) this.plainString();
      else {
        const keyStart = this.i;
        const end = this.identEnd();
        const variable = this.node(this.ids.variable_expr, keyStart, this.row, key);
        this.leaf(this.ids.identifier, keyStart, end, variable);
        this.setEnd(variable, end);
        this.i = end;
      }
      this.setEnd(key, this.i);
      this.blanks();
      if (s.charCodeAt(this.i) !== EQUALS) throw DECLINE;
      this.i++;
      this.blanks();
      this.setEnd(elem, this.value(elem, depth + 1));
      this.blanks();
      if (s.charCodeAt(this.i) === COMMA) this.i++;
      else if (s.charCodeAt(this.i) !== NL && s.charCodeAt(this.i) !== CLOSE_BRACE) throw DECLINE;
    }
    this.leaf(this.ids.object_end, this.i, this.i + 1, object);
    this.i++;
    this.setEnd(object, this.i);
    this.setEnd(collection, this.i);
  }

  /** Past blanks and newlines (counted) to what comes next, which is returned. */
  private nextLine(): number {
    for (;;) {
      this.blanks();
      const c = this.s.charCodeAt(this.i);
      if (c !== NL) return c;
      this.i++;
      this.row++;
    }
  }

  /** A plain string at `this.i` (an ASCII one, nothing to unescape or interpolate): past it. */
  private plainString(): number {
    const close = this.s.indexOf('"', this.i + 1);
    const text = close < 0 ? '' : this.s.slice(this.i, close + 1);
    if (!SIMPLE_STRING.test(text) || !ASCII.test(text)) throw DECLINE;
    this.i = close + 1;
    return this.i;
  }

  /** A name at `this.i` (no keyword), as an identifier node of `parent`. */
  private identifier(parent: number): void {
    const start = this.i;
    const end = this.identEnd();
    this.leaf(this.ids.identifier, start, end, parent);
    this.i = end;
  }

  private identEnd(): number {
    const s = this.s;
    let j = this.i;
    if (!isIdentStart(s.charCodeAt(j))) throw DECLINE;
    while (isIdentPart(s.charCodeAt(j))) j++;
    if (KEYWORDS.has(s.slice(this.i, j))) throw DECLINE;
    return j;
  }

  /** Past spaces and tabs, and a carriage return that ends a line (CRLF). */
  private blanks(): void {
    for (;;) {
      const c = this.s.charCodeAt(this.i);
      if (isBlank(c) || (c === CR && this.s.charCodeAt(this.i + 1) === NL)) this.i++;
      else return;
    }
  }

  /** Whether a line ends at `at` (LF, or CRLF). */
  private atNewline(at: number): boolean {
    const c = this.s.charCodeAt(at);
    return c === NL || (c === CR && this.s.charCodeAt(at + 1) === NL);
  }

  /** Blanks, then the newline: nothing else may follow a `{` or a nested block's `}`. */
  private lineEnd(): void {
    this.blanks();
    if (this.s.charCodeAt(this.i) !== NL) throw DECLINE;
    this.i++;
    this.row++;
  }

  private node(type: number, start: number, row: number, parent: number): number {
    const index = this.count++;
    if (this.count * STRIDE > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const o = index * STRIDE;
    this.data[o + TYPE] = type;
    this.data[o + START] = start;
    this.data[o + ROW] = row;
    this.data[o + SIZE] = 1;
    this.data[o + PARENT] = parent;
    return index;
  }

  private leaf(type: number, start: number, end: number, parent: number): void {
    this.setEnd(this.node(type, start, this.row, parent), end);
  }

  private setEnd(index: number, end: number): void {
    this.data[index * STRIDE + END] = end;
  }

  private finish(): TreeData {
    const { data, count } = this;
    for (let i = count - 1; i > 0; i--) {
      const parent = data[i * STRIDE + PARENT] as number;
      data[parent * STRIDE + SIZE] =
        (data[parent * STRIDE + SIZE] as number) + (data[i * STRIDE + SIZE] as number);
    }
    return { data: data.slice(0, count * STRIDE), count, errorLine: 0 };
  }
}

const isBlank = (c: number): boolean => c === SPACE || c === TAB;
