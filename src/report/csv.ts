/**
 * RFC 4180 CSV records, one at a time, for the credential report. A text without a quote —
 * every report AWS writes: names, ARNs, dates and flags hold none — is split line by line on its
 * commas (what plain `split` costs, no per-character work and nothing kept); a text with a quote
 * anywhere is read by PapaParse (quoted fields, `""`, commas and line breaks inside them; see
 * docs/decisions/0002-csv-parser.md).
 *
 * Lines end with `\n` or `\r\n` (or `\r`, when the text has no `\n` at all). A blank line (a
 * record of one empty field) is skipped.
 */
import type Papa from 'papaparse';

/** A syntax error: `record` is the 0-based number of the record it is in (blank lines not counted). */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly record: number,
  ) {
    super(message);
  }
}

const CR = 13;

let papa: typeof Papa | undefined;

/**
 * Loads PapaParse, which only a text with a quote needs (no report AWS writes has one): the
 * caller awaits it first when its text has a quote, so that a plain check does not load it.
 */
export async function loadQuotedReader(): Promise<void> {
  papa ??= (await import('papaparse')).default;
}

/**
 * Calls `onRecord` with the fields of each record in turn; with `onLine`, a text without a
 * quote is handed to it line by line instead (see {@link forEachLine}).
 */
export function forEachRecord(
  text: string,
  onRecord: (fields: string[]) => void,
  onLine?: (start: number, end: number) => void,
): void {
  if (text.includes('"')) {
    if (!papa) throw new Error('a CSV text with a quote is read after loadQuotedReader()');
    let record = 0;
    papa.parse<string[]>(text, {
      delimiter: ',',
      skipEmptyLines: true,
      step: (result) => {
        const syntax = result.errors.find((e) => e.type === 'Quotes');
        if (syntax) throw new CsvSyntaxError(syntax.message, record);
        onRecord(result.data);
        record++;
      },
    });
    return;
  }
  forEachLine(text, onLine ?? ((start, end) => onRecord(text.slice(start, end).split(','))));
}

/**
 * The lines of a text without a quote, as `[start, end)` ranges of it (the line end left out;
 * an empty line skipped): its records are its lines split on commas, which the caller may read
 * in place without a string per field (see report/parse.ts).
 */
function forEachLine(text: string, onLine: (start: number, end: number) => void): void {
  const end = text.length;
  const lineEnd = text.includes('\n') ? '\n' : '\r';
  const crlf = lineEnd === '\n';
  let pos = 0;
  while (pos < end) {
    let stop = text.indexOf(lineEnd, pos);
    if (stop < 0) stop = end;
    const last = crlf && stop > pos && text.charCodeAt(stop - 1) === CR ? stop - 1 : stop;
    if (last > pos) onLine(pos, last);
    pos = stop + 1;
  }
}
