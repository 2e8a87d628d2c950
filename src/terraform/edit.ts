// Text edits of a fix plan: removing a block, an element of a list or an entry of a map (HCL,
// JSON, YAML) with its comma, and turning character edits into the whole-line edits a report
// shows. Pure functions of the text: nothing here reads a file.
import type { TerraformEdit } from '../engine/types.js';

/** Replace `text[start, end)` by `text`. Offsets are UTF-16 indexes of the file's text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

const isBlank = (s: string): boolean => /^[ \t\r]*$/.test(s);

/** The start of the line holding `offset`. */
export const lineStart = (text: string, offset: number): number =>
  text.lastIndexOf('\n', offset - 1) + 1;

/** Just past the newline ending the line holding `offset - 1` (or the text's end). */
export const lineEnd = (text: string, offset: number): number => {
  const nl = text.indexOf('\n', Math.max(offset - 1, 0));
  return nl < 0 ? text.length : nl + 1;
};

/** 1-based line of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A comment line (HCL `#`, `//`, or a one-line `/* ... *\/`). */
const isComment = (line: string): boolean => /^\s*(#|\/\/|\/\*.*\*\/\s*$)/.test(line);

/**
 * Deleting a top-level block `[start, end)`: its whole lines, the comment lines right above it
 * (they describe it), and one of the blank lines around it so that the rest keeps its spacing.
 */
export function deleteBlock(text: string, start: number, end: number): TextEdit {
  let from = lineStart(text, start);
  let to = lineEnd(text, end);
  // comments attached to the block (no blank line between)
  while (from > 0) {
    const prev = lineStart(text, from - 1);
    if (!isComment(text.slice(prev, from - 1))) break;
    from = prev;
  }
  const before = from === 0 ? undefined : text.slice(lineStart(text, from - 1), from - 1);
  const nextEnd = lineEnd(text, to + 1);
  const after = to >= text.length ? undefined : text.slice(to, nextEnd).replace(/\n$/, '');
  // a blank line after (or at the file's start / after a blank line): it goes with the block
  if (after !== undefined && isBlank(after) && (before === undefined || isBlank(before)))
    to = nextEnd;
  else if (after === undefined && before !== undefined && isBlank(before) && from > 0)
    from = lineStart(text, from - 1);
  return { start: from, end: to, text: '' };
}

/** The first offset at or after `i` that is not white space or a comment (HCL/JSONC/YAML). */
function skipSpace(text: string, i: number, end: number, syntax: Syntax): number {
  while (i < end) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (
      (c === '#' && syntax !== 'json') ||
      (syntax === 'hcl' && c === '/' && text[i + 1] === '/')
    ) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? end : nl;
    } else break;
  }
  return i;
}

/** The last offset before `i` that is not white space (or `start` when there is none). */
function skipSpaceBack(text: string, i: number, start: number): number {
  while (i > start && /\s/.test(text[i - 1] as string)) i--;
  return i;
}

export type Syntax = 'hcl' | 'json' | 'yaml';

/** A span and the literal (list, map) it is an element of, brackets included. */
export interface ElementSpan {
  start: number;
  end: number;
  container: { start: number; end: number };
}

/**
 * Removing one element of a list/tuple/set or one entry of a map/object, with the comma that
 * separates it: the following one, or for the last element the preceding one (JSON allows no
 * trailing comma; HCL does, but a dangling `,` after the last remaining element reads badly).
 * An element on lines of its own takes its lines with it.
 */
export function removeElement(text: string, span: ElementSpan, syntax: Syntax): TextEdit {
  if (syntax === 'yaml' && isBlockYaml(text, span)) return removeYamlItem(text, span);
  const { container } = span;
  const inner = { start: container.start + 1, end: container.end - 1 };
  let start = span.start;
  let end = span.end;
  const next = skipSpace(text, end, inner.end, syntax);
  const hasNextComma = text[next] === ',';
  if (hasNextComma) end = next + 1;
  else {
    // the last element: the comma before it goes instead (when there is one)
    const prev = skipSpaceBack(text, start, inner.start);
    if (prev > inner.start && text[prev - 1] === ',') start = prev - 1;
    else {
      // the only element: the brackets stay, emptied
      const first = skipSpace(text, inner.start, inner.end, syntax);
      if (first === span.start && next === inner.end)
        return { start: inner.start, end: inner.end, text: '' };
    }
  }
  // on lines of its own: the whole lines go
  const from = lineStart(text, span.start);
  const ownLine = isBlank(text.slice(from, span.start));
  const restEnd = lineEnd(text, end);
  const rest = text.slice(end, restEnd).replace(/\n$/, '');
  const restBlank =
    isBlank(rest) || (syntax !== 'json' && /^\s*(#|\/\/)/.test(rest) && hasNextComma);
  if (ownLine && restBlank && start === span.start) return { start: from, end: restEnd, text: '' };
  if (ownLine && restBlank && start < span.start) {
    // the preceding comma goes, on its own line: keep what precedes it on that line
    return { start, end: restEnd, text: '\n' };
  }
  // inline: `["a", "b"]` → `["a"]`; the space after a removed `"a", ` goes too
  if (hasNextComma) while (text[end] === ' ') end++;
  return { start, end, text: '' };
}

/** A YAML element in block style (`- item` or `key: value` on lines of their own). */
function isBlockYaml(text: string, span: ElementSpan): boolean {
  const prefix = text.slice(lineStart(text, span.start), span.start);
  return (
    /^\s*(-\s+)*$/.test(prefix) &&
    text[span.container.start] !== '[' &&
    text[span.container.start] !== '{'
  );
}

/** A block-style YAML sequence item or map entry: its lines; the last one leaves `[]` / `{}`. */
function removeYamlItem(text: string, span: ElementSpan): TextEdit {
  const from = lineStart(text, span.start);
  const to = lineEnd(text, span.end);
  const containerFrom = lineStart(text, span.container.start);
  const containerTo = lineEnd(text, span.container.end);
  if (from <= containerFrom && to >= containerTo) {
    // the only item: an empty flow collection, so the key does not become null
    const indent = /^\s*/.exec(text.slice(containerFrom, span.container.start))?.[0] ?? '';
    const isSeq = /^\s*-/.test(text.slice(containerFrom));
    return { start: containerFrom, end: containerTo, text: `${indent}${isSeq ? '[]' : '{}'}\n` };
  }
  return { start: from, end: to, text: '' };
}

/** Applies non-overlapping edits (in any order) to a text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error(`overlapping edits at offset ${e.start}`);
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * Merges edits of one file from several plans: identical ones once, one inside another (an
 * element of a block that is deleted whole) dropped; `undefined` when two overlap otherwise.
 */
export function mergeTextEdits(edits: readonly TextEdit[]): TextEdit[] | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last && e.start < last.end) {
      if (
        e.end <= last.end &&
        (last.text === '' || (e.start === last.start && e.end === last.end && e.text === last.text))
      )
        continue; // inside a deletion, or the same edit
      if (last.text === '' && e.text === '') {
        last.end = e.end; // two deletions that share a blank line: their union
        continue;
      }
      return undefined;
    }
    // touching deletions whose union would glue two lines: fine, they are whole lines
    out.push({ ...e });
  }
  return out;
}

/** A character edit as the report shows it: the whole lines it touches, before and after. */
export function lineEdit(
  file: string,
  text: string,
  edit: TextEdit,
  kind: TerraformEdit['kind'],
): TerraformEdit {
  // an insertion at a line's start is shown after the line before it
  const atLineStart = edit.end === edit.start && edit.start > 0 && text[edit.start - 1] === '\n';
  const from = lineStart(text, atLineStart ? edit.start - 1 : edit.start);
  const to = atLineStart
    ? edit.start
    : edit.end > edit.start
      ? lineEnd(text, edit.end)
      : lineEnd(text, edit.start + 1);
  const before = text.slice(from, to);
  const after = text.slice(from, edit.start) + edit.text + text.slice(edit.end, to);
  const firstLine = lineAt(text, from);
  const lastLine = Math.max(firstLine, lineAt(text, Math.max(to - 1, from)));
  return { file, firstLine, lastLine, kind, before, after };
}
