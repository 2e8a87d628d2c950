import { visit, type JSONPath } from 'jsonc-parser';
import { InputError } from '../errors.js';

/** Deeper than any report of this tool is (a finding's Terraform location nests 6 levels). */
export const MAX_DEPTH = 16;

/** `$.findings[3].severity`: a JSON path as the schema errors and the merge name it. */
export function jsonPath(segments: readonly (string | number)[]): string {
  let text = '$';
  for (const s of segments)
    text +=
      typeof s === 'number'
        ? `[${s}]`
        : /^[A-Za-z_$][\w$]*$/.test(s)
          ? `.${s}`
          : `[${JSON.stringify(s)}]`;
  return text;
}

/**
 * Parses JSON strictly. The value comes from `JSON.parse` (native, fast); what `JSON.parse`
 * lets through silently is refused: the same key twice in an object (it keeps the last, so
 * `"passed": false, "passed": true` reads as a pass), and nesting deeper than any report has
 * (which `JSON.parse` takes quadratic time over: 44 s for 50 MB of `[`).
 *
 * Naming a duplicate with a full scanner costs about 8 times `JSON.parse`, so it is looked for
 * only when there is one: one light pass counts the keys written in the text (a key is a
 * string followed by `:`) and the depth of its brackets outside strings; fewer keys in the
 * parsed value means some key was written twice. Then Microsoft's `jsonc-parser` scans the
 * text to name the place.
 */
export function parseStrictJson(text: string, file: string): unknown {
  const written = countKeysInText(text);
  if (written === TOO_DEEP) locate(text, file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON: ${(error as Error).message}`, { file });
  }
  if (countKeys(data) !== written) locate(text, file);
  return data;
}

const TOO_DEEP = -1;

/** The keys of every object in `value` (its depth is bounded already). */
function countKeys(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) for (const item of value) n += countKeys(item);
  else for (const key in value) n += 1 + countKeys((value as Record<string, unknown>)[key]);
  return n;
}

/**
 * The keys written in JSON text (strings followed by `:`, duplicates included), or TOO_DEEP
 * when brackets outside strings nest past MAX_DEPTH. Not a parser: the syntax is
 * `JSON.parse`'s to check; on text that is not JSON the count means nothing.
 */
function countKeysInText(text: string): number {
  let keys = 0;
  let depth = 0;
  const end = text.length;
  let i = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // the closing quote: the next one not escaped (preceded by an even run of backslashes)
      let close = text.indexOf('"', i + 1);
      for (;;) {
        if (close === -1) return keys;
        let backslashes = 0;
        while (text.charCodeAt(close - 1 - backslashes) === 92) backslashes++;
        if (backslashes % 2 === 0) break;
        close = text.indexOf('"', close + 1);
      }
      i = close + 1;
      let next = text.charCodeAt(i);
      while (next === 32 || next === 10 || next === 13 || next === 9) next = text.charCodeAt(++i);
      if (next === 58) keys++;
      continue;
    }
    if (c === 91 || c === 123) {
      if (++depth > MAX_DEPTH) return TOO_DEEP;
    } else if (c === 93 || c === 125) depth--;
    i++;
  }
  return keys;
}

/** Scans the text to name the duplicated key or the too-deep value (and throws). */
function locate(text: string, file: string): never {
  // Keys seen in each open object; `null` for an open array.
  const open: (Set<string> | null)[] = [];
  const enter = (path: () => JSONPath, line: number, kind: Set<string> | null) => {
    if (open.length >= MAX_DEPTH)
      throw new InputError(`nested deeper than ${MAX_DEPTH} levels: not a report of this tool`, {
        file,
        line: line + 1,
        path: jsonPath(path()),
      });
    open.push(kind);
  };
  visit(
    text,
    {
      onObjectBegin: (_o, _l, line, _c, path) => enter(path, line, new Set()),
      onArrayBegin: (_o, _l, line, _c, path) => enter(path, line, null),
      onObjectEnd: () => void open.pop(),
      onArrayEnd: () => void open.pop(),
      onObjectProperty: (key, _o, _l, line, column, path) => {
        const keys = open[open.length - 1] as Set<string>;
        if (keys.has(key))
          throw new InputError(
            `the key ${JSON.stringify(key)} appears twice in one object (a JSON reader would keep one of them silently)`,
            { file, line: line + 1, column: column + 1, path: jsonPath([...path(), key]) },
          );
        keys.add(key);
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  // (the counts differ only when a key is written twice, found above)
  throw new InputError('has a key written twice in one object', { file });
}
