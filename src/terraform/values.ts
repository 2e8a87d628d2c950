// Values that static analysis knows, and the conversions and orders Terraform applies to them.

/**
 * A statically known HCL value, with the line of the literal it came from. `unknown` is only
 * ever the value of a map entry (`{ alice = { policy = jsonencode(...) } }`): the keys are known,
 * what they hold is not — enough for a `for_each`, which needs only the keys.
 */
export type Value =
  /** `source`: the string is the content of that file (`file(...)`), for `yamldecode`. */
  (
    | { kind: 'string'; value: string; source?: FileSource }
    | { kind: 'number'; value: number }
    | { kind: 'bool'; value: boolean }
    | { kind: 'list'; items: Value[] }
    | { kind: 'map'; entries: MapEntry[] }
    | { kind: 'unknown' }
  ) & {
    file: string;
    line: number;
    /** For an element of a list: where it is written (see WrittenAt). */
    element?: WrittenAt;
  };

/**
 * Where one element of a collection is written, so that removing that text removes exactly the
 * element: an element of a list literal or an entry of a map literal (its offsets into the text
 * of `file`; `text` is that text, kept by reference to count lines only when it is asked for),
 * or why no such place is known. Spans are the syntax tree's own numbers: nothing is computed
 * while evaluating.
 */
export type WrittenAt =
  | {
      kind: 'element' | 'entry';
      syntax: 'hcl' | 'json' | 'yaml';
      file: string;
      text: string;
      start: number;
      end: number;
      /** The list or map literal, its brackets included. */
      containerStart: number;
      containerEnd: number;
    }
  | { kind: 'manual'; reason: string; file: string; line: number };

/** The same value, written at `element` (a fresh object: values are shared). */
export function withElement(value: Value, element: WrittenAt | undefined): Value {
  if (element === undefined) {
    if (value.element === undefined) return value;
    const copy = { ...value };
    delete copy.element;
    return copy;
  }
  return { ...value, element };
}

/** Marks an element that two places write (removing one leaves the other): no safe edit. */
export function writtenTwice(value: Value, why: string): Value {
  const at = value.element;
  if (!at || at.kind === 'manual') return value;
  // the element's own line (rare: counted only here)
  let line = 1;
  for (let i = at.text.indexOf('\n'); i >= 0 && i < at.start; i = at.text.indexOf('\n', i + 1))
    line++;
  return withElement(value, { kind: 'manual', reason: why, file: at.file, line });
}

/** A file that `file()` read. */
export interface FileSource {
  text: string;
  /** Its path as findings show it. */
  rel: string;
}

export interface MapEntry {
  key: string;
  keyFile: string;
  keyLine: number;
  value: Value;
  /** Where the entry is written (from its key through its value), when it is a literal's. */
  element?: WrittenAt;
}

export const asString = (value: Value | undefined): string | undefined =>
  value?.kind === 'string'
    ? value.value
    : value?.kind === 'number'
      ? String(value.value)
      : undefined;

/**
 * Terraform's order of strings: by their UTF-8 bytes (Go's sort.Strings), which is code point
 * order — not JavaScript's UTF-16 order, which puts U+10000 and above before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const astralX = x >= 0xd800 && x <= 0xdfff;
    const astralY = y >= 0xd800 && y <= 0xdfff;
    return astralX === astralY ? x - y : astralX ? 1 : -1;
  }
  return a.length - b.length;
}

/**
 * Terraform's `upper`/`lower`: each character on its own (Go's unicode.ToUpper), so "ß" stays
 * "ß" where JavaScript's full case mapping would make it "SS".
 */
export function changeCase(text: string, upper: boolean): string {
  let out = '';
  for (const ch of text) {
    const changed = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += [...changed].length === 1 ? changed : ch;
  }
  return out;
}

let graphemes: Intl.Segmenter | undefined; // made on first use: few scans need it
/** Terraform's length of a string: its characters as a reader counts them (grapheme clusters). */
export function characters(text: string): number {
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return [...graphemes.segment(text)].length;
}

/**
 * Elements as a list or set type makes them: strings, numbers and booleans mixed all become
 * strings (`toset(["a", 2])` is `["2", "a"]`), as Terraform converts them to one type.
 */
export function unify(items: Value[]): Value[] {
  const kinds = new Set(items.map((v) => v.kind));
  if (kinds.size < 2 || kinds.has('list') || kinds.has('map')) return items;
  return items.map(scalarAsString);
}

/** What makes two values equal (the kind and the content, not where they were written). */
function identity(v: Value): string {
  switch (v.kind) {
    case 'list':
      return `[${v.items.map(identity).join(',')}]`;
    case 'map':
      return `{${v.entries.map((e) => `${JSON.stringify(e.key)}:${identity(e.value)}`).join(',')}}`;
    case 'unknown':
      return 'unknown';
    default:
      return `${v.kind}:${JSON.stringify(v.value)}`;
  }
}

/** The first of each value (in one pass: a list read from a file may hold thousands). */
export function distinct(items: readonly Value[]): Value[] {
  const seen = new Map<string, number>();
  const out: Value[] = [];
  for (const v of items) {
    const id = identity(v);
    const at = seen.get(id);
    if (at === undefined) {
      seen.set(id, out.length);
      out.push(v);
    } else
      // written twice: taking one out leaves the other
      out[at] = writtenTwice(out[at] as Value, `"${asString(v) ?? 'the value'}" is written twice`);
  }
  return out;
}

/** A set as Terraform orders it when it becomes a list: numbers by value, strings by code point. */
export function asSet(elements: Value[]): Value[] {
  const distinctItems = distinct(unify(elements));
  return distinctItems.every((v) => v.kind === 'number')
    ? distinctItems.sort((a, b) => (a as { value: number }).value - (b as { value: number }).value)
    : distinctItems.sort((a, b) => compareCodePoints(asString(a) ?? '', asString(b) ?? ''));
}

/** A map's entries in Terraform's order (by key): how `keys`, `values` and `for` see them. */
export const byKey = (entries: readonly MapEntry[]): MapEntry[] =>
  [...entries].sort((a, b) => compareCodePoints(a.key, b.key));

/** A number or a boolean as the string Terraform converts it to; anything else as it is. */
export function scalarAsString(v: Value): Value {
  return v.kind === 'number' || v.kind === 'bool'
    ? {
        kind: 'string',
        value: String(v.value),
        file: v.file,
        line: v.line,
        ...(v.element && { element: v.element }),
      }
    : v;
}

/** The largest string a value may hold: what file() reads at most (a user name is 64). */
export const MAX_STRING = 1 << 20;
/** The most values one value may hold (a 1 MiB YAML list has ~250,000). */
const MAX_SIZE = 1_000_000;

const sizes = new WeakMap<Value, number>();

/**
 * How many values a value holds, itself included, a shared part counted each time it occurs:
 * what walking it costs. `l2 = [local.l1, local.l1]`, local after local, doubles it at each
 * step while the memory stays small; counted once per distinct part.
 */
function sizeOf(value: Value): number {
  if (value.kind !== 'list' && value.kind !== 'map') return 1;
  let n = sizes.get(value);
  if (n === undefined) {
    n = 1;
    if (value.kind === 'list') for (const item of value.items) n += sizeOf(item);
    else for (const entry of value.entries) n += sizeOf(entry.value);
    sizes.set(value, n);
  }
  return n;
}

/**
 * Whether a value is small enough to keep: a string of at most MAX_STRING characters, a
 * collection of at most MAX_SIZE values. Past that it is unknown, never walked.
 */
export function withinBounds(value: Value | undefined): boolean {
  if (value === undefined) return true;
  if (value.kind === 'string') return value.value.length <= MAX_STRING;
  return sizeOf(value) <= MAX_SIZE;
}
