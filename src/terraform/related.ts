// The blocks that belong to a user (its keys, login profile, attachments, ...): which users
// each one references, and the lifecycle that changes how it is removed.
import type { TerraformLifecycle } from '../engine/types.js';
import {
  attributesOf,
  asString,
  blocksOf,
  evaluate,
  traversalOf,
  type Block,
  type Scope,
} from './hcl.js';
import { expandInstances } from './instances.js';
import { USER_ARGUMENT } from './related-types.js';
import type { UserDefinition } from './scan.js';
import type { SyntaxNode as Node } from './syntax.js';

/** A place in a file. */
export type Place = { file: string; line: number };

/** A block that belongs to a user: its key, login profile, policy attachment, ... */
export interface RelatedBlock {
  type: string;
  address: string;
  file: string;
  line: number;
  lifecycle?: TerraformLifecycle;
  /** For an instance of a block repeated with `for_each`: the collection element that makes it. */
  element?: Place;
  /**
   * Where the source element of that instance is written (offsets into `file`'s text), when
   * known: an instance whose element lies inside a removed element goes with it.
   */
  written?: { file: string; start: number; end: number };
}

/** Where a `for_each` element is written, when known: what a finding points to. */
export const elementOf = (scope: Scope): Place | undefined => {
  const key = scope.each?.key;
  return key && key.line > 0 ? { file: key.file, line: key.line } : undefined;
};

/**
 * Links a key / login profile / attachment block to the users it references: the users of its
 * own module at once, a user named by a string once every directory is resolved (`pending`).
 */
export function attachRelated(
  block: Block,
  file: string,
  scope: Scope,
  prefix: string,
  users: ReadonlyMap<string, UserDefinition[]>,
  pending: { name: string; block: RelatedBlock }[],
): void {
  const type = block.labels[0] as string;
  const attrs = attributesOf(block.body);
  const target = attrs.get(USER_ARGUMENT.get(type) ?? 'user');
  if (!target) return;
  const base = `${prefix}${type}.${block.labels[1]}`;
  const lifecycle = lifecycleOf(block, file);
  const entry = (
    address: string,
    element?: Place,
    written?: RelatedBlock['written'],
  ): RelatedBlock => ({
    type,
    address,
    file: file,
    line: block.line,
    ...(lifecycle && { lifecycle }),
    ...(element && { element }),
    ...(written && { written }),
  });
  const forEach = attrs.get('for_each');
  const count = attrs.get('count');
  const referencesIn = (inner: Scope) => [
    ...userReferences(target, inner),
    ...(forEach ? userReferences(forEach, inner) : []),
  ];
  const referenced = referencesIn(scope);
  if (referenced.length > 0) {
    // The instance a reference names: `aws_iam_user.x` (every instance of x),
    // `aws_iam_user.x["cal"]` or `[each.key]` (that one), an index not known here (none).
    const attach = (
      ref: UserReference,
      address: string,
      element?: Place,
      written?: RelatedBlock['written'],
    ) => {
      const at = `aws_iam_user.${ref.label}`;
      for (const def of users.get(ref.label) ?? [])
        if (ref.key === undefined || (ref.key !== null && def.address.endsWith(`${at}${ref.key}`)))
          def.related.push(entry(address, element, written));
    };
    const collection = forEach ? evaluate(forEach, scope) : undefined;
    const known =
      collection?.kind === 'list' ||
      collection?.kind === 'map' ||
      (count !== undefined && evaluate(count, scope)?.kind === 'number');
    if (known) {
      // repeated over a collection known here: each instance belongs to the user it names
      for (const { key, scope: inner, written } of expandInstances(attrs, scope, true)) {
        const at =
          written && written.kind !== 'manual'
            ? { file: written.file, start: written.start, end: written.end }
            : undefined;
        for (const ref of referencesIn(inner))
          // the element is the user's only when the instance's own key picks the user
          // (`aws_iam_user.x[each.key]`); a block repeated over policies has other elements
          attach(ref, `${base}${key}`, ref.key === key ? elementOf(inner) : undefined, at);
      }
    } else if (forEach !== undefined || count !== undefined) {
      // `for_each = aws_iam_user.x` (or a count over the same list): the instance keys are
      // the user's own
      for (const { label } of referenced)
        for (const def of users.get(label) ?? []) {
          const at = `aws_iam_user.${label}`;
          def.related.push(
            entry(`${base}${def.address.slice(def.address.lastIndexOf(at) + at.length)}`),
          );
        }
    } else for (const ref of referenced) attach(ref, base);
    return;
  }
  for (const { key, scope: inner } of expandInstances(attrs, scope, true)) {
    const value = evaluate(target, inner);
    const names = value?.kind === 'list' ? value.items.map(asString) : [asString(value)];
    for (const name of names) {
      if (name === undefined) continue;
      // attached once every directory is resolved: the user may be defined in another one
      // the element is the user's only when the name is the element (`user = each.key`)
      const element = /^each\.(key|value)$/.test(target.text.trim()) ? elementOf(inner) : undefined;
      pending.push({
        name: name.toLowerCase(),
        block: entry(`${base}${key}`, element),
      });
    }
  }
}

/**
 * A resource's `lifecycle`, when it changes the fix: `prevent_destroy = true` (Terraform refuses
 * to destroy the resource), `ignore_changes` (Terraform leaves those attributes alone — teams
 * put `status` there so that a key security deactivated stays off). Both are literals in
 * Terraform: read from the syntax, with nothing to evaluate.
 */
export function lifecycleOf(block: Block, file: string): TerraformLifecycle | undefined {
  // one look at the text first: most blocks have none (and every user and key block is asked)
  if (!block.body?.text.includes('lifecycle')) return undefined;
  const lifecycle = blocksOf(block.body).find((b) => b.type === 'lifecycle');
  if (!lifecycle) return undefined;
  const attrs = attributesOf(lifecycle.body);
  const preventDestroy = attrs.get('prevent_destroy')?.text.trim() === 'true';
  const ignored = attrs.get('ignore_changes');
  const ignoreChanges: string[] = [];
  if (ignored?.text.trim() === 'all') ignoreChanges.push('all');
  else
    for (const element of elementsOf(ignored)) {
      // `status`, `tags["x"]`, or the old quoted form `"status"`: the attribute's name
      const name = /^"?([A-Za-z_][\w-]*)/.exec(element.trim())?.[1];
      if (name) ignoreChanges.push(name);
    }
  if (!preventDestroy && ignoreChanges.length === 0) return undefined;
  return { file, line: lifecycle.line, preventDestroy, ignoreChanges };
}

/** The element texts of a `[a, b]` tuple expression. */
function elementsOf(expression: Node | undefined): string[] {
  if (!expression) return [];
  // a list of plain strings is kept as text alone (see syntax.ts): its elements are the strings
  if (expression.namedChildren.length === 0)
    return [...expression.text.matchAll(/"[^"]*"/g)].map((m) => m[0]);
  const tuple = expression.namedChildren[0]?.namedChildren[0];
  return tuple?.type === 'tuple'
    ? tuple.namedChildren.filter((c) => c.type === 'expression').map((c) => c.text)
    : [];
}

/** A reference to a user resource: its label, and the instance it names. */
interface UserReference {
  label: string;
  /** `undefined`: no index (every instance); `["k"]` / `[0]`: that instance; `null`: an index not known here. */
  key: string | undefined | null;
}

/** The `aws_iam_user.<label>[<index>]` references in an expression, the indexes evaluated in `scope`. */
function userReferences(node: Node, scope: Scope): UserReference[] {
  // One look at the text first: most expressions name no user resource at all.
  if (!node.text.includes('aws_iam_user')) return [];
  const refs = new Map<string, UserReference>();
  const add = (label: string, index: Node | undefined) => {
    let key: string | null | undefined;
    if (index) {
      const value = evaluate(index, scope);
      key =
        value?.kind === 'string'
          ? `[${JSON.stringify(value.value)}]`
          : value?.kind === 'number'
            ? `[${value.value}]`
            : null;
    }
    refs.set(`${label}${key}`, { label, key });
  };
  // Iteratively: an expression may nest deeper than the call stack goes.
  const stack: Node[] = [node];
  for (let n = stack.pop(); n; n = stack.pop()) {
    // `aws_iam_user.<label>...` as a whole expression (a chain of names has no inner nodes)
    const chain = n.type === 'expression' ? traversalOf(n) : undefined;
    const [first, second] = chain?.steps ?? [];
    if (chain?.root === 'aws_iam_user' && first && 'attr' in first) {
      add(first.attr, second && 'index' in second ? second.index : undefined);
      continue;
    }
    if (n.type === 'variable_expr' && n.text === 'aws_iam_user') {
      const next = n.nextNamedSibling;
      const label = next?.type === 'get_attr' ? next.namedChildren[0]?.text : undefined;
      const index = next?.nextNamedSibling;
      if (label)
        add(
          label,
          index?.type === 'index' && index.namedChildren[0]?.type === 'new_index'
            ? index.namedChildren[0].namedChildren[0]
            : undefined,
        );
    }
    for (const c of n.namedChildren) stack.push(c);
  }
  return [...refs.values()];
}
