// The pure functions of Terraform's language that names and lists are built with, on known values.
import Papa from 'papaparse';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
} from 'yaml';
import type { Scope } from './hcl.js';
import {
  asSet,
  asString,
  distinct,
  byKey,
  changeCase,
  characters,
  compareCodePoints,
  scalarAsString,
  unify,
  withElement,
  type MapEntry,
  type Value,
  type WrittenAt,
} from './values.js';

/** Functions whose parameters are all strings. */
const STRING_PARAMETERS = new Set([
  'lower',
  'upper',
  'trimspace',
  'chomp',
  'trimprefix',
  'trimsuffix',
  'replace',
  'split',
]);

/**
 * `name(values...)`, or undefined when it is not one of the functions known here or its
 * arguments are not what it takes (unknown, never a guess). Strings changed in place keep the
 * line of the string they came from. A result too large to build at all is unknown too: `join`
 * or `concat` of a local with itself, again and again, doubles at each step.
 */
export function applyFunction(
  name: string,
  args: Value[],
  at: { file: string; line: number },
  scope: Pick<Scope, 'dir' | 'rootDir' | 'readFile'>,
): Value | undefined {
  try {
    // (what it returns is bounded where every value is: in `evaluate`)
    return applyKnownFunction(name, args, at, scope);
  } catch (error) {
    // "Invalid string length" / "Invalid array length": far past those bounds already
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function applyKnownFunction(
  name: string,
  args: Value[],
  { file, line }: { file: string; line: number },
  scope: Pick<Scope, 'dir' | 'rootDir' | 'readFile'>,
): Value | undefined {
  // a number or a boolean given where a string is expected is converted, as Terraform does
  const values = STRING_PARAMETERS.has(name) ? args.map(scalarAsString) : args;
  const list = (items: Value[]): Value => ({ kind: 'list', items, file, line });
  switch (name) {
    case 'toset':
      return values[0]?.kind === 'list' ? list(asSet(values[0].items)) : undefined;
    case 'distinct':
      return values[0]?.kind === 'list' ? list(distinct(unify(values[0].items))) : undefined;
    case 'tolist':
      return values[0]?.kind === 'list' ? list(unify(values[0].items)) : values[0];
    case 'tomap':
      return values[0];
    case 'concat':
      return values.every((v) => v.kind === 'list')
        ? list(values.flatMap((v) => (v.kind === 'list' ? v.items : [])))
        : undefined;
    case 'flatten': {
      const flat = (v: Value): Value[] => (v.kind === 'list' ? v.items.flatMap(flat) : [v]);
      return values[0]?.kind === 'list' ? list(flat(values[0])) : undefined;
    }
    case 'keys':
      return values[0]?.kind === 'map'
        ? list(
            byKey(values[0].entries).map((e) => ({
              kind: 'string',
              value: e.key,
              file: e.keyFile,
              line: e.keyLine,
              ...(e.element && { element: e.element }),
            })),
          )
        : undefined;
    case 'values':
      return values[0]?.kind === 'map' && values[0].entries.every((e) => e.value.kind !== 'unknown')
        ? list(byKey(values[0].entries).map((e) => withElement(e.value, e.element)))
        : undefined;
    case 'merge': {
      if (!values.every((v) => v.kind === 'map')) return undefined;
      const all = values.flatMap((v) => (v.kind === 'map' ? v.entries : []));
      // a later map's key wins (in one pass: maps read from a file may be large)
      const last = new Map(all.map((e, i) => [e.key, i]));
      const entries = all.filter((e, i) => last.get(e.key) === i);
      // a key more than one map sets: taking it out of the winning one shows the other's
      if (entries.length < all.length) {
        const count = new Map<string, number>();
        for (const e of all) count.set(e.key, (count.get(e.key) ?? 0) + 1);
        return {
          kind: 'map',
          entries: entries.map((e) =>
            (count.get(e.key) ?? 0) > 1 && e.element
              ? {
                  ...e,
                  element: {
                    kind: 'manual',
                    reason: `"${e.key}" is set by more than one map given to merge()`,
                    file: e.keyFile,
                    line: e.keyLine,
                  },
                }
              : e,
          ),
          file,
          line,
        };
      }
      return { kind: 'map', entries, file, line };
    }
    case 'length': {
      const v = values[0];
      const n =
        v?.kind === 'list'
          ? v.items.length
          : v?.kind === 'map'
            ? v.entries.length
            : v?.kind === 'string'
              ? characters(v.value)
              : undefined;
      return n === undefined ? undefined : { kind: 'number', value: n, file, line };
    }
    case 'setunion':
      return values.every((v) => v.kind === 'list')
        ? list(asSet(values.flatMap((v) => (v.kind === 'list' ? v.items : []))))
        : undefined;
    case 'compact':
      return values[0]?.kind === 'list'
        ? list(values[0].items.filter((v) => !(v.kind === 'string' && v.value === '')))
        : undefined;
    case 'zipmap': {
      const [keys, vals] = values;
      if (keys?.kind !== 'list' || vals?.kind !== 'list' || keys.items.length !== vals.items.length)
        return undefined;
      const entries: MapEntry[] = [];
      for (let i = 0; i < keys.items.length; i++) {
        const k = keys.items[i] as Value;
        const name = asString(k);
        if (name === undefined) return undefined;
        entries.push({
          key: name,
          keyFile: k.file,
          keyLine: k.line,
          value: vals.items[i] as Value,
        });
      }
      return { kind: 'map', entries, file, line };
    }
    case 'format': {
      // only the verbs names are built with: %s, %d, %%
      const [spec, ...rest] = values;
      if (spec?.kind !== 'string') return undefined;
      let i = 0;
      let failed = false;
      const text = spec.value.replace(/%([sd%])/g, (_, verb: string) => {
        if (verb === '%') return '%';
        const v = asString(rest[i++]);
        if (v === undefined) failed = true;
        return v ?? '';
      });
      return failed || /%[^sd%]/.test(spec.value)
        ? undefined
        : { kind: 'string', value: text, file, line };
    }
    case 'join': {
      const [sep, items] = values;
      if (sep?.kind !== 'string' || items?.kind !== 'list') return undefined;
      const parts = items.items.map((v) => asString(scalarAsString(v)));
      return parts.some((p) => p === undefined)
        ? undefined
        : { kind: 'string', value: parts.join(sep.value), file, line };
    }
    case 'file': {
      const path = values[0];
      if (path?.kind !== 'string' || !scope.readFile) return undefined;
      const source = scope.readFile(path.value, scope.rootDir ?? scope.dir, `${file}:${line}`);
      return source && { kind: 'string', value: source.text, source, file, line };
    }
    case 'yamldecode':
    case 'jsondecode': {
      // JSON is YAML too; the values keep their own lines in the file `file()` read
      const text = values[0];
      if (text?.kind !== 'string') return undefined;
      return decodeDocument(
        text.value,
        text.source?.rel ?? file,
        text.source ? undefined : line,
        name === 'jsondecode' ? 'json' : 'yaml',
        // offsets are the file's only while its text is unchanged (not after `trimspace`)
        text.source !== undefined && text.value === text.source.text,
      );
    }
    case 'csvdecode': {
      const text = values[0];
      if (text?.kind !== 'string') return undefined;
      return decodeCsv(text.value, text.source?.rel ?? file, text.source ? undefined : line);
    }
    case 'tostring':
      return values[0]?.kind === 'string' || values[0]?.kind === 'number'
        ? { ...values[0], kind: 'string', value: String(values[0].value) }
        : undefined;
    case 'lower':
    case 'upper': {
      const v = values[0];
      if (v?.kind !== 'string') return undefined;
      return { ...v, value: changeCase(v.value, name === 'upper') };
    }
    // Strings changed in place keep the line of the string they came from.
    case 'trimspace':
    case 'chomp': {
      const v = values[0];
      if (v?.kind !== 'string') return undefined;
      return {
        ...v,
        value: name === 'trimspace' ? v.value.trim() : v.value.replace(/(\r?\n)+$/, ''),
      };
    }
    case 'trimprefix':
    case 'trimsuffix': {
      const [v, affix] = values;
      if (v?.kind !== 'string' || affix?.kind !== 'string') return undefined;
      const { value } = v;
      const cut =
        name === 'trimprefix'
          ? value.startsWith(affix.value)
            ? value.slice(affix.value.length)
            : value
          : affix.value !== '' && value.endsWith(affix.value)
            ? value.slice(0, -affix.value.length)
            : value;
      return { ...v, value: cut };
    }
    case 'replace': {
      const [v, search, by] = values;
      if (v?.kind !== 'string' || search?.kind !== 'string' || by?.kind !== 'string')
        return undefined;
      // `/.../` is a regular expression in Terraform's syntax (RE2): not evaluated
      if (search.value.length > 1 && search.value.startsWith('/') && search.value.endsWith('/'))
        return undefined;
      return search.value === ''
        ? undefined
        : { ...v, value: v.value.replaceAll(search.value, by.value) };
    }
    case 'split': {
      const [sep, v] = values;
      if (sep?.kind !== 'string' || v?.kind !== 'string' || sep.value === '') return undefined;
      // the parts are written in one string: none is an element of its own
      return list(
        v.value.split(sep.value).map((part) => withElement({ ...v, value: part }, undefined)),
      );
    }
    case 'element': {
      // Terraform wraps the index around the list's length
      const [l, i] = values;
      if (l?.kind !== 'list' || i?.kind !== 'number' || l.items.length === 0 || i.value < 0)
        return undefined;
      return l.items[Math.floor(i.value) % l.items.length];
    }
    case 'lookup': {
      const [m, key, fallback] = values;
      if (m?.kind !== 'map' || key === undefined) return undefined;
      const k = asString(key);
      return m.entries.find((e) => e.key === k)?.value ?? fallback;
    }
    case 'slice': {
      const [l, from, to] = values;
      if (l?.kind !== 'list' || from?.kind !== 'number' || to?.kind !== 'number') return undefined;
      if (from.value < 0 || to.value > l.items.length || from.value > to.value) return undefined;
      // taking an element out moves the next one in: not where the kept ones are written
      return list(l.items.slice(from.value, to.value).map((v) => withElement(v, undefined)));
    }
    case 'reverse':
      return values[0]?.kind === 'list' ? list([...values[0].items].reverse()) : undefined;
    case 'sort': {
      const l = values[0];
      if (l?.kind !== 'list') return undefined;
      const items = l.items.map(scalarAsString);
      if (!items.every((v) => v.kind === 'string')) return undefined;
      return list(
        [...items].sort((a, b) => compareCodePoints(asString(a) ?? '', asString(b) ?? '')),
      );
    }
    case 'setsubtract': {
      const [a, b] = values;
      if (a?.kind !== 'list' || b?.kind !== 'list') return undefined;
      if (![...a.items, ...b.items].every((v) => asString(v) !== undefined)) return undefined;
      const remove = new Set(b.items.map((v) => asString(v)));
      return list(asSet(a.items).filter((v) => !remove.has(asString(v))));
    }
    case 'contains': {
      const [l, v] = values;
      if (l?.kind !== 'list' || v === undefined) return undefined;
      const wanted = asString(v);
      if (wanted === undefined || l.items.some((i) => asString(i) === undefined)) return undefined;
      return { kind: 'bool', value: l.items.some((i) => asString(i) === wanted), file, line };
    }
    default:
      return undefined;
  }
}

const MAX_DOCUMENT_DEPTH = 64;

/**
 * A YAML (or JSON) document as a Value, each scalar with its line in `file` (or at `line`, for
 * a string literal in the HCL itself). Anything but maps, lists, strings, numbers and booleans —
 * a null, an alias, a parse error — makes it unknown: aliases are not followed, so a
 * "billion laughs" document costs nothing.
 */
export function decodeDocument(
  text: string,
  file: string,
  line: number | undefined,
  syntax: 'json' | 'yaml' = 'json',
  spans = line === undefined,
): Value | undefined {
  const lines = new LineCounter();
  // duplicate keys are found below in one pass (the library's check is quadratic)
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) return undefined;
  const lineOfNode = (node: YamlNode | null): number =>
    line ?? (node?.range ? lines.linePos(node.range[0]).line : 0);
  // offsets into the file `file()` read (not into a string written in the HCL)
  const spanIn = (
    container: YamlNode,
    start: number,
    end: number,
    kind: 'element' | 'entry',
  ): WrittenAt | undefined =>
    spans && container.range
      ? {
          kind,
          syntax,
          file,
          text,
          start,
          end,
          containerStart: container.range[0],
          containerEnd: container.range[1],
        }
      : undefined;
  const convert = (node: unknown, depth: number): Value | undefined => {
    if (depth > MAX_DOCUMENT_DEPTH || isAlias(node)) return undefined;
    if (isScalar(node)) {
      const at = { file, line: lineOfNode(node) };
      const v = node.value;
      if (typeof v === 'string') return { kind: 'string', value: v, ...at };
      if (typeof v === 'number') return { kind: 'number', value: v, ...at };
      if (typeof v === 'boolean') return { kind: 'bool', value: v, ...at };
      return undefined;
    }
    if (isSeq(node)) {
      const items: Value[] = [];
      for (const item of node.items) {
        const value = convert(item, depth + 1);
        if (!value) return undefined;
        const range = (item as YamlNode).range;
        items.push(
          withElement(value, range ? spanIn(node, range[0], range[1], 'element') : undefined),
        );
      }
      return { kind: 'list', items, file, line: lineOfNode(node) };
    }
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      const keys = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : undefined;
        const value = convert(pair.value, depth + 1);
        if ((typeof key !== 'string' && typeof key !== 'number') || !value) return undefined;
        if (keys.has(String(key))) return undefined; // a key given twice: Terraform refuses it
        keys.add(String(key));
        const from = (pair.key as YamlNode).range?.[0];
        const to = (pair.value as YamlNode | null)?.range?.[1];
        const element =
          from !== undefined && to !== undefined ? spanIn(node, from, to, 'entry') : undefined;
        entries.push({
          key: String(key),
          keyFile: file,
          keyLine: lineOfNode(pair.key as YamlNode),
          value,
          ...(element && { element }),
        });
      }
      return { kind: 'map', entries, file, line: lineOfNode(node) };
    }
    return undefined;
  };
  return convert(doc.contents, 0);
}

/**
 * `csvdecode`: a header line, then one object per row, every value a string, each with the line
 * of its row in `file` (or `line`, for a string literal in the HCL itself). What Terraform
 * refuses — no header, a column named twice, a row of another width, a stray quote — is
 * unknown, never a guess.
 */
function decodeCsv(source: string, file: string, line: number | undefined): Value | undefined {
  // Go's reader drops the \r of every \r\n, in quoted fields too, and a \r that ends the
  // input; the lines stay the same
  const normalized = source.replaceAll('\r\n', '\n');
  const text = normalized.endsWith('\r') ? normalized.slice(0, -1) : normalized;
  let header: string[] | undefined;
  const rows: Value[] = [];
  let failed = false;
  let counted = 0;
  let lineNumber = 1;
  let previousEnd = 0;
  const lineAt = (offset: number): number => {
    for (; counted < offset; counted++) if (text.charCodeAt(counted) === 10) lineNumber++;
    return lineNumber;
  };
  const fail = (parser: Papa.Parser) => {
    failed = true;
    parser.abort();
  };
  Papa.parse<string[]>(text, {
    delimiter: ',',
    newline: '\n',
    step: (result, parser) => {
      const start = previousEnd;
      previousEnd = result.meta.cursor;
      const raw = text.slice(start, previousEnd);
      // Go skips a line with nothing on it, not a line of `""` (PapaParse's skipEmptyLines would)
      if (raw === '' || raw === '\n') return;
      const record = result.data;
      if (result.errors.length > 0 || (header !== undefined && record.length !== header.length))
        return fail(parser);
      // Go's reader allows a quote only around a whole field (`al"ice`, `"x" ,y` are errors
      // there, kept by PapaParse): a row with quotes must be its cells written back exactly.
      if (raw.includes('"') && !writtenAs(record, raw)) return fail(parser);
      if (!header) {
        // PapaParse drops a byte order mark that Go keeps in the first column's name
        header =
          source.charCodeAt(0) === 0xfeff && record[0]?.charCodeAt(0) !== 0xfeff
            ? record.map((c, i) => (i === 0 ? `\ufeff${c}` : c))
            : record;
        if (new Set(header).size !== header.length) fail(parser);
        return;
      }
      const at = line ?? lineAt(start);
      const entries: MapEntry[] = record.map((cell, i) => ({
        key: header?.[i] as string,
        keyFile: file,
        keyLine: at,
        value: { kind: 'string', value: cell, file, line: at },
      }));
      rows.push({ kind: 'map', entries, file, line: at });
    },
  });
  return failed || !header ? undefined : { kind: 'list', items: rows, file, line: line ?? 1 };
}

/** Whether `raw` is `cells` as Go's CSV reader reads them: each plain, or quoted whole. */
function writtenAs(cells: readonly string[], raw: string): boolean {
  const end = raw.endsWith('\n') ? raw.length - 1 : raw.length;
  let at = 0;
  for (let i = 0; i < cells.length; i++) {
    if (i > 0 && raw[at++] !== ',') return false;
    const cell = cells[i] as string;
    const written = raw[at] === '"' ? `"${cell.replaceAll('"', '""')}"` : cell;
    if (raw[at] !== '"' && cell.includes('"')) return false;
    if (!raw.startsWith(written, at)) return false;
    at += written.length;
  }
  return at === end;
}
