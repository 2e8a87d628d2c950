// Terraform's JSON syntax (`*.tf.json`), written out as the HCL it stands for, so that one
// parser and one evaluator serve both. Each line written remembers the line of the JSON file
// it comes from: findings point into the JSON.
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
  type Pair,
} from 'yaml';

/** HCL text, and for each of its lines (0-based) the 1-based line in the JSON file. */
export interface JsonAsHcl {
  hcl: string;
  lines: number[];
}

/** What the HCL parser tells of a template written in a JSON string. */
export interface TemplateReader {
  /** Whether `expression` alone is one valid HCL expression (a parse that finds no error). */
  isExpression(expression: string): boolean;
  /**
   * The `${...}` interpolations of a template, as [start, end) offsets in it, in order; undefined
   * when it is not a valid template or holds `%{...}` directives.
   */
  interpolations(template: string): [number, number][] | undefined;
}

const IDENTIFIER = /^[A-Za-z_][\w-]*$/;
/** What a resource or module body holds that is a block, not an argument. */
const NESTED_BLOCKS = new Set(['lifecycle']);
const SKIPPED_IN_BODIES = new Set([
  '//',
  'provisioner',
  'connection',
  'dynamic',
  'timeouts',
  'depends_on',
  'provider',
  'providers',
]);

/**
 * The `resource`, `module`, `locals` and `variable` blocks of a `.tf.json` document as HCL, or
 * why it cannot be read. JSON strings are templates in
 * Terraform: a plain string stays a string, `"${expr}"` alone becomes `expr`, and a string that
 * mixes text and interpolations becomes unknown — never a guess.
 */
export function jsonAsHcl(text: string, reader: TemplateReader): JsonAsHcl | string {
  try {
    JSON.parse(text); // strict JSON; the YAML parser below (for positions) is more lenient
  } catch {
    return 'not valid JSON';
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false });
  // (the YAML parser stops past ~1,000 levels of nesting)
  if (doc.errors.length > 0) return 'nested too deep to be read here';
  if (!isMap(doc.contents)) return 'not a JSON object';
  const out: string[] = [];
  const lines: number[] = [];
  const lineOf = (node: unknown, fallback: number): number => {
    const range = (node as YamlNode | null)?.range;
    return range ? counter.linePos(range[0]).line : fallback;
  };
  const emit = (hcl: string, line: number) => {
    out.push(hcl);
    lines.push(line);
  };
  const keyOf = (pair: Pair): string | undefined =>
    isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : undefined;
  /** A map, or a list of maps (Terraform allows both wherever blocks are listed). */
  const mapsOf = (node: unknown): Pair[] =>
    isMap(node)
      ? (node.items as Pair[])
      : isSeq(node)
        ? node.items.flatMap((item) => (isMap(item) ? (item.items as Pair[]) : []))
        : [];

  const expression = (node: unknown, line: number, indent: string): void => {
    // writes the value of an attribute whose `name =` is already on the last line
    const at = lineOf(node, line);
    if (isScalar(node)) {
      const v = node.value;
      const last = out.length - 1;
      const value =
        typeof v === 'string'
          ? template(v, reader)
          : typeof v === 'number' || typeof v === 'boolean'
            ? String(v)
            : 'null';
      out[last] += value;
      return;
    }
    if (isSeq(node)) {
      out[out.length - 1] += '[';
      for (const item of node.items) {
        emit(`${indent}  `, lineOf(item, at));
        expression(item, at, `${indent}  `);
        out[out.length - 1] += ',';
      }
      emit(`${indent}]`, at);
      return;
    }
    if (isMap(node)) {
      out[out.length - 1] += '{';
      for (const pair of node.items as Pair[]) {
        const key = keyOf(pair);
        if (key === undefined) continue;
        emit(`${indent}  ${literal(key)} = `, lineOf(pair.key, at));
        expression(pair.value, lineOf(pair.key, at), `${indent}  `);
      }
      emit(`${indent}}`, at);
      return;
    }
    out[out.length - 1] += 'null';
  };

  const body = (pairs: Pair[], indent: string, nested: boolean): void => {
    for (const pair of pairs) {
      const key = keyOf(pair);
      if (key === undefined || !IDENTIFIER.test(key) || (nested && SKIPPED_IN_BODIES.has(key)))
        continue;
      const line = lineOf(pair.key, 1);
      if (nested && NESTED_BLOCKS.has(key)) {
        for (const inner of isSeq(pair.value) ? pair.value.items : [pair.value]) {
          if (!isMap(inner)) continue;
          emit(`${indent}${key} {`, line);
          body(inner.items as Pair[], `${indent}  `, false);
          emit(`${indent}}`, line);
        }
        continue;
      }
      emit(`${indent}${key} = `, line);
      expression(pair.value, line, indent);
    }
  };

  const block = (header: string, value: unknown, line: number, nested: boolean): void => {
    for (const item of isSeq(value) ? value.items : [value]) {
      if (!isMap(item)) continue;
      emit(`${header} {`, line);
      body(item.items as Pair[], '  ', nested);
      emit('}', line);
    }
  };

  for (const top of doc.contents.items as Pair[]) {
    const kind = keyOf(top);
    if (kind === 'resource')
      for (const byType of mapsOf(top.value)) {
        const type = keyOf(byType);
        if (type === undefined) continue;
        for (const byName of mapsOf(byType.value)) {
          const name = keyOf(byName);
          if (name === undefined) continue;
          const header = `resource ${literal(type)} ${literal(name)}`;
          block(header, byName.value, lineOf(byName.key, 1), true);
        }
      }
    else if (kind === 'module' || kind === 'variable')
      for (const byName of mapsOf(top.value)) {
        const name = keyOf(byName);
        if (name === undefined) continue;
        block(`${kind} ${literal(name)}`, byName.value, lineOf(byName.key, 1), kind === 'module');
      }
    else if (kind === 'locals')
      for (const item of isSeq(top.value) ? top.value.items : [top.value]) {
        if (!isMap(item)) continue;
        emit('locals {', lineOf(top.key, 1));
        body(item.items as Pair[], '  ', false);
        emit('}', lineOf(top.key, 1));
      }
  }
  return { hcl: `${out.join('\n')}\n`, lines };
}

/** A JSON string as an HCL expression with the same meaning. */
function template(value: string, reader: TemplateReader): string {
  if (!value.includes('${') && !value.includes('%{')) return literal(value);
  // `"${expr}"` alone is `expr` itself; the parse tells a lone `${a}` from `${a}-${b}`
  if (value.startsWith('${') && value.endsWith('}')) {
    const inner = value.slice(2, -1);
    if (!inner.includes('\n') && reader.isExpression(inner)) return `(${inner})`;
  }
  // text and interpolations: the text escaped for a quoted string, the interpolations as they are
  const parts = reader.interpolations(value);
  if (!parts) return 'null'; // directives, or not a template: unknown
  let out = '"';
  let from = 0;
  for (const [start, end] of parts) {
    const interpolation = value.slice(start, end);
    if (interpolation.includes('\n')) return 'null';
    out += escape(value.slice(from, start)) + interpolation;
    from = end;
  }
  return `${out}${escape(value.slice(from))}"`;
}

/** Text for inside an HCL quoted string (its `$${` / `%%{` escapes mean the same there). */
function escape(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/** A string as an HCL quoted literal: escaped, and any `${` / `%{` in it kept as text. */
function literal(value: string): string {
  return `"${escape(value).replace(/([$%])\{/g, '$1$1{')}"`;
}
