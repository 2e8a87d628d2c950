// The edit plan's view of HCL as it was first written: tree-sitter's own nodes walked. Kept as
// the model the plan parse (src/terraform/references.ts, which reads the scan's snapshots) is
// checked against (test/fix/references.property.test.ts).
import type { Node, Parser, Range } from 'web-tree-sitter';
import type {
  Attribute,
  ParsedBlock,
  ParsedFile,
  Reference,
} from '../../src/terraform/references.js';

const stringOf = (n: Node): string | undefined => {
  if (n.type !== 'string_lit') return undefined;
  const parts = n.namedChildren.filter((c) => c?.type === 'template_literal');
  if (
    n.namedChildren.some(
      (c) => c && c.type !== 'template_literal' && !c.type.startsWith('quoted_template'),
    )
  )
    return undefined;
  return parts.map((c) => c?.text ?? '').join('');
};

function attributeOf(node: Node): Attribute | undefined {
  const name = node.namedChildren[0];
  const expression = node.namedChildren[1];
  if (!name || !expression) return undefined;
  const attribute: Attribute = {
    name: name.text,
    line: node.startPosition.row + 1,
    start: node.startIndex,
    end: node.endIndex,
    expression: { start: expression.startIndex, end: expression.endIndex },
  };
  const tuple =
    expression.namedChildren[0]?.type === 'collection_value'
      ? expression.namedChildren[0].namedChildren[0]
      : undefined;
  if (tuple?.type === 'tuple' && expression.namedChildren.length === 1)
    attribute.tuple = {
      span: { start: tuple.startIndex, end: tuple.endIndex },
      elements: tuple.namedChildren
        .filter((c): c is Node => c?.type === 'expression')
        .map((c) => ({ start: c.startIndex, end: c.endIndex, text: c.text })),
    };
  return attribute;
}

/** The literal instance key of an `index` node: `["k"]` or `[0]`; null for anything else. */
function keyOf(index: Node | null | undefined): string | undefined | null {
  if (!index || index.type !== 'index') return undefined;
  const inner = index.namedChildren[0];
  const expression = inner?.type === 'new_index' ? inner.namedChildren[0] : undefined;
  const literal = expression?.namedChildren[0];
  if (literal?.type !== 'literal_value') return null;
  const value = literal.namedChildren[0];
  if (value?.type === 'numeric_lit') return `[${value.text}]`;
  const s = value ? stringOf(value) : undefined;
  return s === undefined ? null : `[${JSON.stringify(s)}]`;
}

/** The references in a subtree, walked iteratively (expressions nest deeper than the stack goes). */
function referencesIn(
  root: Node,
  attribute: string | undefined,
  tuple: Attribute['tuple'],
): Reference[] {
  const refs: Reference[] = [];
  const stack: Node[] = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.type === 'variable_expr') {
      const head = n.text;
      const attrs: string[] = [];
      let next = n.nextNamedSibling;
      while (next?.type === 'get_attr' && attrs.length < 2) {
        attrs.push(next.namedChildren[0]?.text ?? '');
        next = next.nextNamedSibling;
      }
      // resources are `type.name`; `module.m`, `local.l`, `var.v`; `data.type.name`
      const used = head === 'data' ? 2 : 1;
      const parts = attrs.slice(0, used);
      if (parts.length >= used) {
        // the index right after the address
        let after: Node | null = n.nextNamedSibling;
        for (let i = 0; i < used; i++) after = after?.nextNamedSibling ?? null;
        const ref: Reference = {
          address: [head, ...parts].join('.'),
          key: keyOf(after),
          start: n.startIndex,
          end: n.parent?.endIndex ?? n.endIndex,
          line: n.startPosition.row + 1,
          attribute,
        };
        const element = tuple?.elements.find((e) => e.start <= n.startIndex && n.endIndex <= e.end);
        if (element) ref.element = { start: element.start, end: element.end };
        refs.push(ref);
      }
    }
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
  return refs;
}

/** A top-level block node's plan view. */
function blockOf(node: Node): ParsedBlock {
  const type = node.namedChildren[0]?.text ?? '';
  const labels = node.namedChildren
    .filter((c): c is Node => c?.type === 'string_lit' || c?.type === 'identifier')
    .slice(1)
    .map((c) => stringOf(c) ?? c.text);
  const inner = node.namedChildren.find((c) => c?.type === 'body');
  const block: ParsedBlock = {
    type,
    labels,
    start: node.startIndex,
    end: node.endIndex,
    line: node.startPosition.row + 1,
    endLine: node.endPosition.row + 1,
    attributes: [],
    nested: [],
    references: [],
  };
  for (const child of inner?.namedChildren ?? []) {
    if (child?.type === 'attribute') {
      const attribute = attributeOf(child);
      if (!attribute) continue;
      block.attributes.push(attribute);
      block.references.push(...referencesIn(child, attribute.name, attribute.tuple));
    } else if (child?.type === 'block') {
      const nestedType = child.namedChildren[0]?.text ?? '';
      const nestedBody = child.namedChildren.find((c) => c?.type === 'body');
      block.nested.push({
        type: nestedType,
        start: child.startIndex,
        end: child.endIndex,
        line: child.startPosition.row + 1,
        attributes: (nestedBody?.namedChildren ?? [])
          .filter((c): c is Node => c?.type === 'attribute')
          .map(attributeOf)
          .filter((a): a is Attribute => a !== undefined),
      });
      block.references.push(...referencesIn(child, nestedType, undefined));
    }
  }
  return block;
}

/** Parses a text (only `ranges` of it, when given) into its top-level blocks, eagerly. */
export function parseBlocksWithNodes(parser: Parser, text: string, ranges?: Range[]): ParsedFile {
  const tree = parser.parse(text, null, ranges && { includedRanges: ranges });
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    const body = tree.rootNode.namedChildren.find((c) => c?.type === 'body');
    const blocks: ParsedBlock[] = [];
    for (const node of body?.namedChildren ?? [])
      if (node?.type === 'block') blocks.push(blockOf(node));
    return { hasError: tree.rootNode.hasError, blocks };
  } finally {
    tree.delete();
  }
}
