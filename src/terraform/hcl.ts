import {
  ATTRIBUTE_CHAIN,
  SIMPLE_LIST,
  SIMPLE_STRING,
  type SyntaxNode as Node,
  type SyntaxTree,
} from './syntax.js';

import { applyFunction } from './functions.js';
import {
  asString,
  byKey,
  compareCodePoints,
  MAX_STRING,
  withElement,
  withinBounds,
  writtenTwice,
  type FileSource,
  type MapEntry,
  type Value,
  type WrittenAt,
} from './values.js';

export { asString };
export type { FileSource, MapEntry, Value, WrittenAt };

/** 1-based line of a node. */
export const lineOf = (node: Node): number => node.startPosition.row + 1;

export interface Block {
  type: string;
  labels: string[];
  node: Node;
  body: Node | null;
  line: number;
  hasError: boolean;
}

/** The top-level blocks of a file. */
export function topLevelBlocks(tree: SyntaxTree): Block[] {
  return tree.rootNode.namedChildren.flatMap((c) => (c.type === 'body' ? blocksOf(c) : []));
}

/** Top-level (or nested) blocks of a body, with their type and labels. */
export function blocksOf(body: Node | null): Block[] {
  if (!body) return [];
  const out: Block[] = [];
  for (const child of body.namedChildren) {
    if (child?.type !== 'block') continue;
    let type = '';
    const labels: string[] = [];
    let inner: Node | null = null;
    for (const part of child.namedChildren) {
      if (!part) continue;
      if (part.type === 'identifier' && type === '') type = part.text;
      else if (part.type === 'string_lit') labels.push(stringLiteral(part) ?? part.text);
      else if (part.type === 'identifier') labels.push(part.text);
      else if (part.type === 'body') inner = part;
    }
    out.push({
      type,
      labels,
      node: child,
      body: inner,
      line: lineOf(child),
      hasError: child.hasError,
    });
  }
  return out;
}

/** The attributes of a block body: name → expression node. */
export function attributesOf(body: Node | null): Map<string, Node> {
  const out = new Map<string, Node>();
  if (!body) return out;
  for (const child of body.namedChildren) {
    if (child?.type !== 'attribute') continue;
    const name = child.namedChildren.find((c) => c.type === 'identifier');
    const expression = child.namedChildren.find((c) => c.type === 'expression');
    if (name && expression) out.set(name.text, expression);
  }
  return out;
}

/** The text of a `"..."` literal without interpolation, unescaped; undefined otherwise. */
export function stringLiteral(node: Node): string | undefined {
  if (node.type !== 'string_lit') return undefined;
  const raw = node.text;
  if (SIMPLE_STRING.test(raw)) return raw.slice(1, -1);
  // The literal is the source between the quotes: tree-sitter's template_literal nodes leave
  // out leading and trailing blanks.
  for (const part of node.namedChildren)
    if (
      part.type !== 'template_literal' &&
      part.type !== 'quoted_template_start' &&
      part.type !== 'quoted_template_end'
    )
      return undefined;
  return unescape(raw.slice(1, -1));
}

/** HCL's escapes, in one pass (`\\u0041` is a backslash and `u0041`, not `A`). */
function unescape(raw: string): string {
  return raw.replace(
    /\\(["\\nrt]|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})|\$\$\{|%%\{/g,
    (all: string, escape: string | undefined) => {
      if (escape === undefined) return all === '$${' ? '${' : '%{';
      if (escape.length === 1) return { n: '\n', r: '\r', t: '\t' }[escape] ?? escape;
      const code = parseInt(escape.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : all;
    },
  );
}

/** A traversal such as `local.users`, `var.names[count.index]`, `aws_iam_user.x["a"].name`. */
export interface Traversal {
  root: string;
  steps: ({ attr: string } | { index: Node } | { splat: string[] })[];
}

/** The traversal of an expression node (`variable_expr` followed by get_attr/index), if it is one. */
export function traversalOf(expression: Node): Traversal | undefined {
  // A chain of names (`each.key`, `aws_iam_user.x.name`) is read from its text: the syntax
  // tree keeps such an expression without its inner nodes.
  const text = expression.text;
  if (ATTRIBUTE_CHAIN.test(text)) {
    const [root, ...attrs] = text.split('.') as [string, ...string[]];
    return { root, steps: attrs.map((attr) => ({ attr })) };
  }
  const parts = expression.namedChildren;
  const head = parts[0];
  if (head?.type !== 'variable_expr') return undefined;
  const root = head.namedChildren[0]?.text;
  if (!root) return undefined;
  const steps = stepsOf(parts.slice(1));
  return steps && { root, steps };
}

/** The `.attr`, `[index]` and splat steps after the head of an expression. */
function stepsOf(parts: readonly Node[]): Traversal['steps'] | undefined {
  const steps: Traversal['steps'] = [];
  for (const part of parts) {
    if (part.type === 'get_attr') steps.push({ attr: part.namedChildren[0]?.text ?? '' });
    else if (part.type === 'index') {
      const inner = part.namedChildren[0];
      if (inner?.type === 'new_index' && inner.namedChildren[0])
        steps.push({ index: inner.namedChildren[0] });
      else if (inner?.type === 'legacy_index') steps.push({ attr: inner.text.replace(/^\./, '') });
      else return undefined;
    } else if (part.type === 'splat') {
      // `list[*].name` / `list.*.name`: the attributes after the splat apply to every element
      const attrs: string[] = [];
      for (const get of part.namedChildren[0]?.namedChildren ?? []) {
        if (get.type !== 'get_attr') return undefined;
        attrs.push(get.namedChildren[0]?.text ?? '');
      }
      steps.push({ splat: attrs });
    } else if (part.type !== 'comment') return undefined;
  }
  return steps;
}

/** What names resolve to while evaluating: locals, variables, `each`, `count`. */
export interface Scope {
  /** The file of the nodes evaluated in this scope. */
  file: string;
  local(name: string): Value | undefined;
  variable(name: string): Value | undefined;
  each?: { key: Value; value: Value };
  countIndex?: number;
  /** The variables of enclosing `for` expressions. */
  bindings?: ReadonlyMap<string, Value>;
  /** The module's directory, for `path.module`. */
  dir?: string;
  /** The root module's directory, for `path.root` and `path.cwd`. */
  rootDir?: string;
  /** Reads what `file()` names (relative to `dir`), or undefined when it cannot or may not. */
  readFile?: (path: string, dir: string | undefined, from: string) => FileSource | undefined;
}

const MAX_DEPTH = 32;
/** A run of three or more `$` or `%` before `{`, which HCL and tree-sitter read differently. */
const AMBIGUOUS_ESCAPE = /\${3,}\{|%{3,}\{/;

/**
 * Evaluates what static analysis can know of an expression: literals, collections, templates
 * of known parts, locals, variable defaults, `each`, `count.index`, and a few pure functions.
 * Anything else is `undefined` (unknown), never a guess.
 */
export function evaluate(
  node: Node | null | undefined,
  scope: Scope,
  depth = 0,
): Value | undefined {
  const value = evaluateNode(node, scope, depth);
  return withinBounds(value) ? value : undefined;
}

function evaluateNode(
  node: Node | null | undefined,
  scope: Scope,
  depth: number,
): Value | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  const line = lineOf(node);
  const file = scope.file;
  switch (node.type) {
    case 'expression': {
      // The common shapes read from the node's text: one call into the parser, not a walk.
      const text = node.text;
      if (SIMPLE_STRING.test(text)) return { kind: 'string', value: text.slice(1, -1), file, line };
      const list = SIMPLE_LIST.exec(text);
      if (list) return listOfStrings(node, list[1] !== undefined, file, line);
      const traversal = traversalOf(node);
      if (traversal) return evaluateTraversal(traversal, scope, depth);
      const [head, ...rest] = node.namedChildren;
      if (rest.length === 0) return evaluate(head, scope, depth + 1);
      // steps after something else than a name: `sort(var.users)[count.index]`
      const steps = head?.type === 'variable_expr' ? undefined : stepsOf(rest);
      return steps && applySteps(evaluate(head, scope, depth + 1), steps, scope, depth);
    }
    case 'literal_value':
      return evaluate(node.namedChildren[0], scope, depth + 1);
    case 'string_lit': {
      const value = stringLiteral(node);
      return value === undefined ? undefined : { kind: 'string', value, file, line };
    }
    case 'numeric_lit':
      return { kind: 'number', value: Number(node.text), file, line };
    case 'bool_lit':
      return { kind: 'bool', value: node.text === 'true', file, line };
    case 'template_expr':
      return evaluate(node.namedChildren[0], scope, depth + 1);
    case 'quoted_template': {
      // Literal parts are read from the source between the interpolations (tree-sitter's
      // template_literal nodes leave out leading and trailing blanks).
      const raw = node.text;
      const base = node.startIndex;
      // three `$` (or `%`) before `{`: HCL reads `$` then the `$${` escape, tree-sitter `$$`
      // then an interpolation — not read here (Terraform often refuses such a string)
      if (AMBIGUOUS_ESCAPE.test(raw)) return undefined;
      // "${expr}" alone is expr itself, not converted to a string (a list stays a list)
      const parts = node.namedChildren.filter(
        (c) => c.type !== 'quoted_template_start' && c.type !== 'quoted_template_end',
      );
      const only = parts[0];
      if (
        parts.length === 1 &&
        only?.type === 'template_interpolation' &&
        raw.length === only.endIndex - only.startIndex + 2
      )
        return evaluate(
          only.namedChildren.find((c) => c.type === 'expression'),
          scope,
          depth + 1,
        );
      let text = '';
      let from = 1; // after the opening quote
      for (const part of node.namedChildren) {
        if (part.type === 'template_literal' || part.type === 'quoted_template_start') continue;
        if (part.type === 'quoted_template_end') break;
        if (part.type !== 'template_interpolation') return undefined; // %{ directives }
        text += unescape(raw.slice(from, part.startIndex - base));
        from = part.endIndex - base;
        const inner = evaluate(
          part.namedChildren.find((c) => c.type === 'expression'),
          scope,
          depth + 1,
        );
        if (inner?.kind !== 'string' && inner?.kind !== 'number' && inner?.kind !== 'bool')
          return undefined;
        const piece = String(inner.value);
        // `"${local.a}${local.a}"`, local after local, doubles: unknown past the bound
        if (text.length + piece.length > MAX_STRING) return undefined;
        text += piece;
      }
      text += unescape(raw.slice(from, raw.length - 1));
      return { kind: 'string', value: text, file, line };
    }
    case 'collection_value':
      return evaluate(node.namedChildren[0], scope, depth + 1);
    case 'tuple': {
      const items: Value[] = [];
      const spans = hasSpans(file);
      for (const child of node.namedChildren) {
        if (child?.type !== 'expression') continue;
        const value = evaluate(child, scope, depth + 1);
        if (!value || value.kind === 'unknown') return undefined;
        // an element of this literal now, wherever its value came from
        items.push(withElement(value, spans ? writtenIn(node, child, 'element', file) : undefined));
      }
      return { kind: 'list', items, file, line };
    }
    case 'object': {
      const entries: MapEntry[] = [];
      for (const elem of node.namedChildren) {
        if (elem?.type !== 'object_elem') continue;
        // `key = val` (or `key: val`): the element's two expressions, comments aside
        const [keyNode, valNode] = elem.namedChildren.filter((c) => c.type === 'expression');
        if (!keyNode || !valNode) return undefined;
        // A bare word key (`alice = {...}`) is that word, not a reference.
        const bare = traversalOf(keyNode);
        const key =
          bare && bare.steps.length === 0
            ? bare.root
            : (asString(evaluate(keyNode, scope, depth + 1)) ?? undefined);
        if (key === undefined) return undefined;
        // a value not known here leaves the key known: a `for_each` needs only the keys
        const value = evaluate(valNode, scope, depth + 1) ?? {
          kind: 'unknown',
          file,
          line: lineOf(valNode),
        };
        entries.push({
          key,
          keyFile: file,
          keyLine: lineOf(keyNode),
          value,
          ...(hasSpans(file) && { element: writtenIn(node, elem, 'entry', file) }),
        });
      }
      return { kind: 'map', entries, file, line };
    }
    case 'function_call':
      return callFunction(node, scope, depth);
    case 'conditional': {
      const [test, yes, no] = node.namedChildren.filter((c) => c.type === 'expression');
      const condition = evaluate(test, scope, depth + 1);
      return condition?.kind === 'bool'
        ? evaluate(condition.value ? yes : no, scope, depth + 1)
        : undefined;
    }
    case 'operation':
      return evaluate(node.namedChildren[0], scope, depth + 1);
    case 'unary_operation': {
      const terms = node.namedChildren.filter((c) => c.type !== 'comment');
      // the operator is the text before the operand (and its opening parentheses)
      const operator = node.text
        .slice(0, (terms[0]?.startIndex ?? node.startIndex) - node.startIndex)
        .replace(/[\s(]/g, '');
      const operand = evaluateTerm(terms, scope, depth + 1);
      if (operator === '!' && operand?.kind === 'bool')
        return { kind: 'bool', value: !operand.value, file, line };
      if (operator === '-' && operand?.kind === 'number')
        return { kind: 'number', value: -operand.value, file, line };
      return undefined;
    }
    case 'binary_operation':
      return binaryOperation(node, scope, depth);
    case 'for_expr':
      return evaluateFor(node.namedChildren[0] ?? null, scope, depth + 1);
    default:
      return undefined;
  }
}

/**
 * Whether offsets into the file's syntax tree are offsets into the file: not for a `.tf.json`
 * file, read as HCL written out from it.
 */
const hasSpans = (file: string): boolean => !file.endsWith('.json');

/** Where `part` is written in the literal `container` (an element of a tuple, an entry of an object). */
function writtenIn(
  container: Node,
  part: Node,
  kind: 'element' | 'entry',
  file: string,
): WrittenAt {
  return {
    kind,
    syntax: 'hcl',
    file,
    text: container.source,
    start: part.startIndex,
    end: part.endIndex,
    containerStart: container.startIndex,
    containerEnd: container.endIndex,
  };
}

/** The strings of a SIMPLE_LIST text, each with its own line; a set keeps the first of each, in Terraform's order. */
function listOfStrings(node: Node, isSet: boolean, file: string, line: number): Value {
  const text = node.text;
  const items: Value[] = [];
  const seen = new Map<string, number>();
  const base = node.startIndex;
  const spans = hasSpans(file);
  const source = spans ? node.source : '';
  const containerStart = base + text.indexOf('[');
  const containerEnd = base + text.lastIndexOf(']') + 1;
  let row = line;
  let from = 0;
  for (const m of text.matchAll(/"([^"]*)"/g)) {
    for (let i = from; i < m.index; i++) if (text.charCodeAt(i) === 10) row++;
    from = m.index;
    const value = m[1] as string;
    const earlier = seen.get(value);
    if (isSet && earlier !== undefined) {
      items[earlier] = writtenTwice(items[earlier] as Value, `"${value}" is written twice`);
      continue;
    }
    seen.set(value, items.length);
    items.push({
      kind: 'string',
      value,
      file,
      line: row,
      ...(spans && {
        element: {
          kind: 'element',
          syntax: 'hcl',
          file,
          text: source,
          start: base + m.index,
          end: base + m.index + m[0].length,
          containerStart,
          containerEnd,
        },
      }),
    });
  }
  if (isSet) items.sort((a, b) => compareCodePoints(asString(a) ?? '', asString(b) ?? ''));
  return { kind: 'list', items, file, line };
}

function evaluateTraversal(t: Traversal, scope: Scope, depth: number): Value | undefined {
  let value: Value | undefined;
  let steps = t.steps;
  const first = steps[0];
  const firstAttr = first && 'attr' in first ? first.attr : undefined;
  const bound = scope.bindings?.get(t.root);
  const path = t.root === 'path' ? pathOf(scope, firstAttr) : undefined;
  if (bound) value = bound;
  else if (t.root === 'local' && firstAttr) {
    value = scope.local(firstAttr);
    steps = steps.slice(1);
  } else if (t.root === 'var' && firstAttr) {
    value = scope.variable(firstAttr);
    steps = steps.slice(1);
  } else if (t.root === 'each' && scope.each && (firstAttr === 'key' || firstAttr === 'value')) {
    value = scope.each[firstAttr];
    steps = steps.slice(1);
  } else if (path !== undefined) {
    value = { kind: 'string', value: path, file: scope.file, line: 0 };
    steps = steps.slice(1);
  } else if (t.root === 'count' && firstAttr === 'index' && scope.countIndex !== undefined) {
    return { kind: 'number', value: scope.countIndex, file: scope.file, line: 0 };
  } else return undefined;
  return applySteps(value, steps, scope, depth);
}

/** `path.module`, `path.root`, `path.cwd` (Terraform runs in the root module's folder). */
const pathOf = (scope: Scope, name: string | undefined): string | undefined =>
  name === 'module' ? scope.dir : name === 'root' || name === 'cwd' ? scope.rootDir : undefined;

function applySteps(
  start: Value | undefined,
  steps: Traversal['steps'],
  scope: Scope,
  depth: number,
): Value | undefined {
  let value = start;
  for (const step of steps) {
    if (!value) return undefined;
    if ('attr' in step) value = member(value, step.attr);
    else if ('splat' in step) {
      if (value.kind !== 'list') return undefined;
      const items: Value[] = [];
      for (const item of value.items) {
        let v: Value | undefined = item;
        for (const attr of step.splat) v = v && member(v, attr);
        if (!v) return undefined;
        // `list[*].name`: each result is written where its element of `list` is (removing that
        // element removes the result), as a `for` expression's are
        items.push(withElement(v, item.element));
      }
      value = { kind: 'list', items, file: value.file, line: value.line };
    } else {
      const index = evaluate(step.index, scope, depth + 1);
      if (!index) return undefined;
      value =
        index.kind === 'number'
          ? element(value, index.value)
          : member(value, asString(index) ?? '');
    }
  }
  return value;
}

/**
 * The value of an expression term given as its nodes: a head (a name, a literal, a call, ...)
 * and the `.attr` / `[index]` steps after it (how operands of an operation come).
 */
function evaluateTerm(nodes: readonly Node[], scope: Scope, depth: number): Value | undefined {
  const [head, ...rest] = nodes;
  if (!head) return undefined;
  const steps = stepsOf(rest);
  if (!steps) return undefined;
  if (head.type === 'variable_expr') {
    const root = head.namedChildren[0]?.text;
    return root ? evaluateTraversal({ root, steps }, scope, depth) : undefined;
  }
  return applySteps(evaluate(head, scope, depth + 1), steps, scope, depth);
}

const OPERATORS = new Set(['*', '/', '%', '+', '-', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);

/** `a == b`, `n + 1`, `x && y`: on known numbers, strings and booleans only. */
function binaryOperation(node: Node, scope: Scope, depth: number): Value | undefined {
  // The operator is not a node of its own: it is the text between the two operands.
  const terms = node.namedChildren.filter((c) => c.type !== 'comment');
  const base = node.startIndex;
  const raw = node.text;
  for (let k = 0; k + 1 < terms.length; k++) {
    const between = raw
      .slice((terms[k] as Node).endIndex - base, (terms[k + 1] as Node).startIndex - base)
      .replace(/[\s()]/g, '');
    if (!OPERATORS.has(between)) continue;
    const a = evaluateTerm(terms.slice(0, k + 1), scope, depth + 1);
    const b = evaluateTerm(terms.slice(k + 1), scope, depth + 1);
    if (!a || !b) return undefined;
    const at = { file: scope.file, line: lineOf(node) };
    const bool = (value: boolean): Value => ({ kind: 'bool', value, ...at });
    const scalar = (v: Value) =>
      v.kind === 'list' || v.kind === 'map' || v.kind === 'unknown' ? undefined : v.value;
    switch (between) {
      case '==':
      case '!=': {
        if (scalar(a) === undefined || scalar(b) === undefined) return undefined;
        const same = a.kind === b.kind && scalar(a) === scalar(b);
        return bool(between === '==' ? same : !same);
      }
      case '&&':
      case '||':
        if (a.kind !== 'bool' || b.kind !== 'bool') return undefined;
        return bool(between === '&&' ? a.value && b.value : a.value || b.value);
    }
    if (a.kind !== 'number' || b.kind !== 'number') return undefined;
    const [x, y] = [a.value, b.value];
    switch (between) {
      case '>':
        return bool(x > y);
      case '>=':
        return bool(x >= y);
      case '<':
        return bool(x < y);
      case '<=':
        return bool(x <= y);
    }
    const result =
      between === '+'
        ? x + y
        : between === '-'
          ? x - y
          : between === '*'
            ? x * y
            : between === '/'
              ? x / y
              : x % y;
    return Number.isFinite(result) ? { kind: 'number', value: result, ...at } : undefined;
  }
  return undefined;
}

/** `[for v in c : expr if cond]` and `{ for k, v in c : key => value if cond }`. */
function evaluateFor(node: Node | null, scope: Scope, depth: number): Value | undefined {
  if (!node || (node.type !== 'for_tuple_expr' && node.type !== 'for_object_expr'))
    return undefined;
  if (node.namedChildren.some((c) => c.type === 'ellipsis')) return undefined; // grouping mode
  const parts = node.namedChildren.filter((c): c is Node => c !== null);
  const intro = parts.find((c) => c.type === 'for_intro');
  const cond = parts.find((c) => c.type === 'for_cond');
  const bodies = parts.filter((c) => c.type === 'expression');
  const names =
    intro?.namedChildren.filter((c): c is Node => c?.type === 'identifier').map((c) => c.text) ??
    [];
  const source = evaluate(
    intro?.namedChildren.find((c) => c?.type === 'expression'),
    scope,
    depth + 1,
  );
  if (!intro || !source || names.length === 0) return undefined;
  // Each result comes from one element of the source, and is written where that element is:
  // taking the element out takes out exactly what it makes (keys of a `for` are unique).
  const pairs: [Value, Value, WrittenAt | undefined][] =
    source.kind === 'list'
      ? source.items.map((item, i) => [
          { kind: 'number', value: i, file: item.file, line: item.line },
          item,
          item.element,
        ])
      : source.kind === 'map'
        ? byKey(source.entries).map((e) => [
            { kind: 'string', value: e.key, file: e.keyFile, line: e.keyLine },
            e.value,
            e.element,
          ])
        : [];
  if (source.kind !== 'list' && source.kind !== 'map') return undefined;
  const items: Value[] = [];
  const entries: MapEntry[] = [];
  for (const [key, value, written] of pairs) {
    const bindings = new Map(scope.bindings ?? []);
    if (names.length === 2) {
      bindings.set(names[0] as string, key);
      bindings.set(names[1] as string, value);
    } else bindings.set(names[0] as string, value);
    const inner: Scope = { ...scope, bindings };
    if (cond) {
      const ok = evaluate(cond.namedChildren[0], inner, depth + 1);
      if (ok?.kind !== 'bool') return undefined;
      if (!ok.value) continue;
    }
    if (node.type === 'for_tuple_expr') {
      const v = evaluate(bodies[0], inner, depth + 1);
      if (!v || v.kind === 'unknown') return undefined;
      items.push(withElement(v, written));
    } else {
      const k = evaluate(bodies[0], inner, depth + 1);
      const v = evaluate(bodies[1], inner, depth + 1);
      const name = asString(k);
      if (!k || !v || name === undefined) return undefined;
      // the key's line is where its value was written: the user's name in the source collection
      entries.push({
        key: name,
        keyFile: k.file,
        keyLine: k.line,
        value: v,
        ...(written && { element: written }),
      });
    }
  }
  return node.type === 'for_tuple_expr'
    ? { kind: 'list', items, file: scope.file, line: lineOf(node) }
    : { kind: 'map', entries, file: scope.file, line: lineOf(node) };
}

const memberIndex = new WeakMap<MapEntry[], Map<string, Value>>();

/** `map.key` / `map["key"]`, indexed once per map (a map read from a file may be large). */
function member(value: Value, key: string): Value | undefined {
  if (value.kind !== 'map') return undefined;
  let index = memberIndex.get(value.entries);
  if (!index) {
    index = new Map();
    for (const e of value.entries) if (!index.has(e.key)) index.set(e.key, e.value);
    memberIndex.set(value.entries, index);
  }
  return index.get(key);
}

function element(value: Value, index: number): Value | undefined {
  return value.kind === 'list' ? value.items[index] : undefined;
}

function callFunction(node: Node, scope: Scope, depth: number): Value | undefined {
  const name = node.namedChildren[0]?.text;
  const argsNode = node.namedChildren.find((c) => c?.type === 'function_arguments');
  // `f(list...)` passes the list's elements as arguments: not followed
  if (argsNode?.namedChildren.some((c) => c.type === 'ellipsis')) return undefined;
  const args = (argsNode?.namedChildren ?? [])
    .filter((c): c is Node => c?.type === 'expression')
    .map((c) => evaluate(c, scope, depth + 1));
  if (name === 'coalesce') {
    // the first argument that is neither null nor "": unknown if an unknown one comes first
    for (const a of args) {
      if (a === undefined) return undefined;
      if (!(a.kind === 'string' && a.value === '')) return a;
    }
    return undefined;
  }
  // `try(a, b)`: a, when it is known here (then Terraform evaluates it too); else unknown —
  // a that Terraform cannot evaluate either is not told apart from one unknown here
  if (name === 'try') return args[0];
  if (args.some((a) => a === undefined)) return undefined;
  return applyFunction(
    name ?? '',
    args as Value[],
    { file: scope.file, line: lineOf(node) },
    scope,
  );
}
