/**
 * RFC 4180 CSV records, one at a time, for the credential report. A line without a quote — every
 * line AWS writes — is split on its commas as it is (what plain `split` costs, no per-character
 * work and nothing kept); a line with one is read character by character: a field that starts
 * with `"` runs to the next lone `"` (`""` is a quote, and commas and line breaks inside are
 * text), which must end the field. A quote inside an unquoted field is text, as PapaParse has it.
 *
 * Lines end with `\n` or `\r\n` (or `\r`, when the text has no `\n` at all). A blank line (a
 * record of one empty field) is skipped.
 */

/** A syntax error: `record` is the 0-based number of the record it is in (blank lines not counted). */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly record: number,
  ) {
    super(message);
  }
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/** Calls `onRecord` with the fields of each record in turn. */
export function forEachRecord(text: string, onRecord: (fields: string[]) => void): void {
  const end = text.length;
  const lineEnd = text.includes('\n') ? '\n' : '\r';
  const crlf = lineEnd === '\n';
  let record = 0;
  let pos = 0;
  // the next quote at or after `pos` (-1: none left), looked for again only once passed
  let quote = text.indexOf('"');
  while (pos < end) {
    let stop = text.indexOf(lineEnd, pos);
    if (stop < 0) stop = end;
    if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
    if (quote >= 0 && quote < stop) {
      const fields: string[] = [];
      pos = quoted(text, pos, fields, crlf, record);
      if (fields.length > 1 || fields[0] !== '') {
        onRecord(fields);
        record++;
      }
      continue;
    }
    const last = crlf && stop > pos && text.charCodeAt(stop - 1) === CR ? stop - 1 : stop;
    if (last > pos) {
      onRecord(text.slice(pos, last).split(','));
      record++;
    }
    pos = stop + 1;
  }
}

/**
 * Reads one record that holds a quote, from `pos`, into `fields`; returns where the next
 * record starts.
 */
function quoted(
  text: string,
  pos: number,
  fields: string[],
  crlf: boolean,
  record: number,
): number {
  const end = text.length;
  let i = pos;
  for (;;) {
    // one field, starting at i
    if (i < end && text.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new CsvSyntaxError('Quoted field unterminated', record);
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      fields.push(value);
    } else {
      let j = i;
      while (j < end) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || (c === CR && (!crlf || text.charCodeAt(j + 1) === LF)))
          break;
        j++;
      }
      fields.push(text.slice(i, j));
      i = j;
    }
    // what ends the field: a comma, the line's end, or the text's; after a quoted field,
    // anything else is an error
    if (i >= end) return end;
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      continue;
    }
    if (c === LF) return i + 1;
    if (c === CR && !crlf) return i + 1;
    if (c === CR && text.charCodeAt(i + 1) === LF) return i + 2;
    throw new CsvSyntaxError('Trailing quote on quoted field is malformed', record);
  }
}
