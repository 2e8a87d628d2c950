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
 * `"passed": false, "passed": true` reads as a pass), and nesting deeper than any report has.
 *
 * Finding a duplicate with a full scanner costs about 8 times `JSON.parse`, so it is looked for
 * only when there is one: the keys written in the text are counted (a key is a string followed
 * by `:`; `JSON.parse` has already checked the syntax) and compared with the keys the parsed
 * value has — fewer means some key was written twice. Then Microsoft's `jsonc-parser` scans the
 * text to name the place.
 */
export function parseStrictJson(text: string, file: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not valid JSON: ${(error as Error).message}`, { file });
  }
  const parsed = countKeys(data, 0);
  if (parsed === -1 || parsed !== countKeysInText(text)) locate(text, file);
  return data;
}

/** The keys of every object in `value`, or -1 past MAX_DEPTH. */
function countKeys(value: unknown, depth: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth >= MAX_DEPTH) return -1;
  let n = 0;
  if (Array.isArray(value))
    for (const item of value) {
      const inner = countKeys(item, depth + 1);
      if (inner === -1) return -1;
      n += inner;
    }
  else
    for (const key in value) {
      const inner = countKeys((value as Record<string, unknown>)[key], depth + 1);
      if (inner === -1) return -1;
      n += 1 + inner;
    }
  return n;
}

/** Strings followed by `:` in valid JSON text: its keys, duplicates included. */
function countKeysInText(text: string): number {
  let keys = 0;
  let open = text.indexOf('"');
  while (open !== -1) {
    // the closing quote: the next one not escaped (preceded by an even run of backslashes)
    let close = text.indexOf('"', open + 1);
    for (;;) {
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) break;
      close = text.indexOf('"', close + 1);
    }
    let next = close + 1;
    let c = text.charCodeAt(next);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++next);
    if (c === 58) keys++;
    open = text.indexOf('"', next);
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
  throw new Error('the key counts differ but no duplicate was found');
}
