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
// plain strings, `true`/`false` or a whole number, and nested blocks of the same — and
// declines (undefined: the parser reads the text) at anything else: a comment, a template,
// a heredoc, a map, an operator, a one-line block, a carriage return, a non-ASCII character,
// a keyword used as a name. It is held to tree-sitter's own tree: a property test compares
// the two on generated blocks, and before its first use in a process the reader reads a
// sample and compares its tree with the parser's, declining for good if they differ.
import type { Parser, Range } from 'web-tree-sitter';
import { withTree } from './parser.js';
import { END, PARENT, ROW, SIZE, snapshot, START, STRIDE, TYPE, type TreeData } from './syntax.js';

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
] as const;
type Ids = Record<(typeof NAMES)[number], number>;

/** A sample of every form the reader writes, to learn the grammar's type ids and check itself on. */
export const SAMPLE = `resource "aws_iam_user" "a" {
  name = "alice"
  path="/x/"

  force_destroy = true
  n = 12
  user = aws_iam_user.b.name
  groups = ["g1", "g2",]
  set = toset(["a"])
  empty = []
  lifecycle {
    prevent_destroy = false
  }
  inner "x" {
  }
}
resource "aws_iam_access_key" "a" {
}
`;

const readers = new WeakMap<
  Parser,
  ((text: string, ranges: Range[]) => TreeData | undefined) | null
>();

/**
 * The reader for a parser's grammar, or null when the grammar does not give the sample the
 * tree the reader writes for it (then every text goes to the parser).
 */
export function plainReader(
  parser: Parser,
): ((text: string, ranges: Range[]) => TreeData | undefined) | null {
  let reader = readers.get(parser);
  if (reader !== undefined) return reader;
  reader = null;
  const types = parser.language?.types ?? [];
  const ranges = sampleRanges();
  const expected = withTree(parser, SAMPLE, ranges, (tree) => snapshot(tree, SAMPLE, types));
  const ids = idsOf(expected, types);
  if (ids && expected.errorLine === 0) {
    const read = (text: string, r: Range[]): TreeData | undefined => readPlainBlocks(text, r, ids);
    const mine = read(SAMPLE, ranges);
    if (mine && sameTree(mine, expected)) reader = read;
  }
  readers.set(parser, reader);
  return reader;
}

/** The sample's two blocks as the scan hands them over (each up to and with its newline). */
function sampleRanges(): Range[] {
  const second = SAMPLE.indexOf('resource "aws_iam_access_key"');
  const point = (i: number): { row: number; column: number } => ({
    row: SAMPLE.slice(0, i).split('\n').length - 1,
    column: i - (SAMPLE.lastIndexOf('\n', i - 1) + 1),
  });
  return [
    { startIndex: 0, endIndex: second, startPosition: point(0), endPosition: point(second) },
    {
      startIndex: second,
      endIndex: SAMPLE.length,
      startPosition: point(second),
      endPosition: point(SAMPLE.length),
    },
  ];
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
export function sameTree(a: TreeData, b: TreeData): boolean {
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

const isIdentStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;

/** Words the grammar may read as keywords: never taken for a name here. */
const KEYWORDS = new Set(['true', 'false', 'null', 'for', 'in', 'if', 'else', 'endif', 'endfor']);

/** A string with nothing to unescape or interpolate (as syntax.ts's SIMPLE_STRING). */
const PLAIN_STRING = /^"[^"\\$%\n\r]*"$/;
/** Names joined by dots, none of them a keyword (checked apart). */
const NAME_CHAIN = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+$/;
const STRING_TUPLE = String.raw`\[(?:[ \t]*"[^"\\$%\n\r]*"[ \t]*,)*(?:[ \t]*"[^"\\$%\n\r]*")?[ \t]*\]`;
/** A one-line list of plain strings, alone or as `toset(...)`'s one argument. */
const PLAIN_LIST = new RegExp(
  String.raw`^(?:${STRING_TUPLE}|toset\([ \t]*${STRING_TUPLE}[ \t]*\))$`,
);
const WHOLE_NUMBER = /^[0-9]+$/;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

class Decline extends Error {}
const DECLINE = new Decline();

/**
 * The tree `snapshot` makes of tree-sitter's parse of `ranges` of `text`, when every range is
 * one plain block (from its first character to just past the newline after its `}`, as
 * outline.ts's `rangesOf` gives them); undefined otherwise.
 */
export function readPlainBlocks(text: string, ranges: Range[], ids: Ids): TreeData | undefined {
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
      const close = s.indexOf('"', this.i + 1);
      const label = close < 0 ? '' : s.slice(this.i, close + 1);
      if (!PLAIN_STRING.test(label) || !ASCII.test(label)) throw DECLINE;
      this.leaf(this.ids.string_lit, this.i, close + 1, block);
      this.i = close + 1;
    }
    if (s.charCodeAt(this.i) !== OPEN_BRACE) throw DECLINE;
    this.leaf(this.ids.block_start, this.i, this.i + 1, block);
    this.i++;
    this.lineEnd();
    let body = -1;
    let bodyEnd = 0;
    for (;;) {
      this.blanks();
      const c = s.charCodeAt(this.i);
      if (c === NL) {
        this.i++;
        this.row++;
        continue;
      }
      if (c === CLOSE_BRACE) break;
      if (!isIdentStart(c)) throw DECLINE;
      if (body < 0) body = this.node(this.ids.body, this.i, this.row, block);
      bodyEnd = this.item(body, depth);
    }
    if (body >= 0) this.setEnd(body, bodyEnd);
    const close = this.i;
    this.leaf(this.ids.block_end, close, close + 1, block);
    this.i++;
    this.setEnd(block, this.i);
    return this.i;
  }

  /** An attribute or a nested block at `this.i`, through its line's end; returns its end. */
  private item(body: number, depth: number): number {
    const s = this.s;
    const start = this.i;
    this.i = this.identEnd();
    this.blanks();
    if (s.charCodeAt(this.i) !== EQUALS) {
      // a nested block
      this.i = start;
      const end = this.block(body, depth + 1);
      this.lineEnd();
      return end;
    }
    const attribute = this.node(this.ids.attribute, start, this.row, body);
    this.i = start;
    this.identifier(attribute);
    this.blanks();
    this.i++; // =
    this.blanks();
    const valueStart = this.i;
    const nl = s.indexOf('\n', valueStart);
    if (nl < 0) throw DECLINE;
    let valueEnd = nl;
    while (valueEnd > valueStart && isBlank(s.charCodeAt(valueEnd - 1))) valueEnd--;
    if (valueEnd === valueStart) throw DECLINE;
    const value = s.slice(valueStart, valueEnd);
    if (!ASCII.test(value)) throw DECLINE;
    const expression = this.node(this.ids.expression, valueStart, this.row, attribute);
    if (value === 'true' || value === 'false') {
      const literal = this.node(this.ids.literal_value, valueStart, this.row, expression);
      this.leaf(this.ids.bool_lit, valueStart, valueEnd, literal);
      this.setEnd(literal, valueEnd);
    } else if (WHOLE_NUMBER.test(value)) {
      const literal = this.node(this.ids.literal_value, valueStart, this.row, expression);
      this.leaf(this.ids.numeric_lit, valueStart, valueEnd, literal);
      this.setEnd(literal, valueEnd);
    } else if (
      !PLAIN_STRING.test(value) &&
      !PLAIN_LIST.test(value) &&
      !(NAME_CHAIN.test(value) && value.split('.').every((n) => !KEYWORDS.has(n)))
    )
      throw DECLINE;
    this.setEnd(expression, valueEnd);
    this.setEnd(attribute, valueEnd);
    this.i = nl + 1;
    this.row++;
    return valueEnd;
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

  private blanks(): void {
    while (isBlank(this.s.charCodeAt(this.i))) this.i++;
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
