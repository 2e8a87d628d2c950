// The top-level blocks of an HCL file, found by a small scan instead of a parse: their type,
// labels and extent. Strings (with their `${ }` / `%{ }` templates), heredocs, comments and
// nested brackets are stepped over, so that a `}` or a `resource "aws_iam_user"` inside any of
// them is never taken for structure. Whatever the scan is not sure of (a top-level attribute,
// an unterminated string, brackets that do not match) makes it give up: the file is then
// parsed whole, as before.

import type { Range } from 'web-tree-sitter';

/** One top-level block: `type "label" ... { ... }`. */
export interface OutlineBlock {
  type: string;
  /** The labels, unquoted (a label with an escape is kept as written, quotes included). */
  labels: string[];
  /** UTF-16 offsets in the text: from the type's first character to just past the closing `}`. */
  start: number;
  end: number;
}

const isIdentStart = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
const isIdentPart = (c: number): boolean => isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;

const NL = 10;
const QUOTE = 34;

/**
 * What a character below 128 is to {@link Scan.code} (every other one is plain): looked up
 * once per character, so that the run of plain characters between two that matter is stepped
 * over without a comparison for each kind.
 */
const PLAIN = 0;
const STRING = 1;
const COMMENT = 2; // `#`, or `/` (`//`, `/*`, or a division)
const HEREDOC = 3; // `<`, maybe `<<`
const OPENS = 4;
const CLOSES = 5;
const KIND = new Uint8Array(128);
KIND[QUOTE] = STRING;
KIND[35] = KIND[47] = COMMENT;
KIND[60] = HEREDOC;
KIND[123] = KIND[40] = KIND[91] = OPENS; // { ( [
KIND[125] = KIND[41] = KIND[93] = CLOSES; // } ) ]
/** The bracket that closes each opening one. */
const CLOSER = new Uint8Array(128);
CLOSER[123] = 125;
CLOSER[40] = 41;
CLOSER[91] = 93;

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

/**
 * The top-level blocks of a `.tf` file in order, or undefined when the scan cannot be sure of
 * them (the caller then parses the whole file).
 */
export function outline(text: string): OutlineBlock[] | undefined {
  try {
    return new Scan(text).top();
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
}

class Scan {
  private i = 0;
  constructor(private readonly s: string) {}

  top(): OutlineBlock[] {
    const s = this.s;
    const blocks: OutlineBlock[] = [];
    for (;;) {
      this.space(true);
      if (this.i >= s.length) return blocks;
      const start = this.i;
      const type = this.ident() ?? giveUp();
      const labels: string[] = [];
      for (;;) {
        this.space(false);
        const c = s.charCodeAt(this.i);
        if (c === QUOTE) {
          const from = this.i;
          this.string();
          const raw = s.slice(from, this.i);
          labels.push(raw.includes('\\') ? raw : raw.slice(1, -1));
        } else if (isIdentStart(c)) labels.push(this.ident() as string);
        else if (c === 123) break;
        else giveUp(); // `name = ...` at the top level, or anything else: not sure
      }
      this.i++; // {
      this.code(125);
      blocks.push({ type, labels, start, end: this.i });
      // the rest of the line: blanks and comments only (a block ends its line)
      this.space(false);
      const c = s.charCodeAt(this.i);
      if (this.i < s.length && c !== NL && c !== 13) giveUp();
    }
  }

  private ident(): string | undefined {
    const s = this.s;
    if (!isIdentStart(s.charCodeAt(this.i))) return undefined;
    const from = this.i++;
    while (this.i < s.length && isIdentPart(s.charCodeAt(this.i))) this.i++;
    return s.slice(from, this.i);
  }

  /** Blanks and comments; newlines too when `lines`. */
  private space(lines: boolean): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 13 || (lines && c === NL)) this.i++;
      else if (c === 35 || (c === 47 && s.charCodeAt(this.i + 1) === 47)) {
        // `#` or `//` to the end of the line (the newline stays)
        const nl = s.indexOf('\n', this.i);
        this.i = nl < 0 ? s.length : nl;
      } else if (c === 47 && s.charCodeAt(this.i + 1) === 42) {
        const end = s.indexOf('*/', this.i + 2);
        if (end < 0) giveUp();
        this.i = end + 2;
      } else return;
    }
  }

  /**
   * Expressions and bodies up to the bracket `close` (its code), which is stepped over; with
   * `close` 0, up to the end of the text (never reached from `top`).
   */
  private code(close: number): void {
    const s = this.s;
    const n = s.length;
    const stack: number[] = [close];
    let i = this.i;
    while (i < n) {
      const c = s.charCodeAt(i);
      switch (c < 128 ? KIND[c] : PLAIN) {
        case PLAIN:
          i++;
          break;
        case STRING:
          this.i = i;
          this.string();
          i = this.i;
          break;
        case COMMENT:
          this.i = i;
          this.space(false);
          i = this.i === i ? i + 1 : this.i; // not a comment: a division
          break;
        case HEREDOC:
          this.i = i;
          if (s.charCodeAt(i + 1) === 60 && this.heredoc()) i = this.i;
          else i++;
          break;
        case OPENS:
          stack.push(CLOSER[c] as number);
          i++;
          break;
        default: // CLOSES
          if (stack.pop() !== c) giveUp();
          i++;
          if (stack.length === 0) {
            this.i = i;
            return;
          }
      }
    }
    giveUp();
  }

  /** A quoted string, its templates included; the scan is left past its closing quote. */
  private string(): void {
    const s = this.s;
    const n = s.length;
    let i = this.i + 1; // past the "
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        this.i = i + 1;
        return;
      }
      if (c === NL) giveUp(); // a quoted string ends its line: not sure what this is
      if (c === 92)
        i += 2; // an escape
      else if ((c === 36 || c === 37) && s.charCodeAt(i + 1) === 123) {
        // `$${` and `%%{` are literal
        if (s.charCodeAt(i - 1) === c && s.charCodeAt(i - 2) !== c) {
          i += 2;
          continue;
        }
        this.i = i + 2;
        this.code(125);
        i = this.i;
      } else i++;
    }
    giveUp();
  }

  /**
   * A heredoc (`<<ID` or `<<-ID` and a newline), when one starts here: the scan is left at the
   * end of its closing line. Its templates hold no structure the scan needs, and the grammar
   * ends it at the first line that is the identifier alone (blanks around it).
   */
  private heredoc(): boolean {
    const s = this.s;
    const m = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(s.slice(this.i, this.i + 300));
    if (!m) return false;
    const id = m[1] as string;
    let at = this.i + m[0].length;
    for (;;) {
      if (at >= s.length) giveUp();
      const nl = s.indexOf('\n', at);
      const line = s.slice(at, nl < 0 ? s.length : nl);
      if (line.trim() === id) {
        this.i = at + line.length;
        return true;
      }
      // a template spanning lines could hide the closing line: not sure
      if (line.includes('${') || line.includes('%{')) {
        if (/[$%]\{[^}]*$/.test(line)) giveUp();
      }
      if (nl < 0) giveUp();
      at = nl + 1;
    }
  }
}

/** Where each line of a text starts: the row and column of any offset. */
export class LineIndex {
  private starts: number[] = [0];
  constructor(text: string) {
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1))
      this.starts.push(nl + 1);
  }

  /** The 0-based row and column of an offset. */
  point(offset: number): { row: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - (this.starts[lo] as number) };
  }
}

/**
 * The parser's ranges for some blocks of a text: each block to the end of its line, with its
 * row and column, so that the tree's lines are the file's own.
 */
export function rangesOf(
  text: string,
  blocks: readonly { start: number; end: number }[],
  lines: LineIndex = new LineIndex(text),
): Range[] {
  return blocks.map(({ start, end }) => {
    const nl = text.indexOf('\n', end);
    const stop = nl < 0 ? text.length : nl + 1;
    return {
      startIndex: start,
      startPosition: lines.point(start),
      endIndex: stop,
      endPosition: lines.point(stop),
    };
  });
}
