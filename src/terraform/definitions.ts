// The users one block defines: an `aws_iam_user` resource (one, or one per for_each / count
// instance), or one instance of a call to a registry user module. Each becomes a
// UserDefinition in the index, or an unresolved name when it is not known statically.
import {
  asString,
  attributesOf,
  evaluate,
  lineOf,
  type Block,
  type Scope,
  type Value,
} from './hcl.js';
import {
  chooseRemoval,
  countElement,
  expandInstances,
  type DefinitionKind,
  type Level,
} from './instances.js';
import {
  LABEL_ORDER,
  LABEL_UNFOLLOWED,
  nullLabelId,
  toggleInputs,
  type UserModule,
} from './registry.js';
import { elementOf, lifecycleOf, type Place, type RelatedBlock } from './related.js';
import type { UserDefinition } from './scan.js';
import type { SyntaxNode as Node } from './syntax.js';
import type { UserIndex } from './user-index.js';

/** The outermost local-module call a definition is reached through. */
export interface Via {
  kind: DefinitionKind;
  block: { file: string; line: number; address: string };
  /** For a call repeated with `for_each`: the element that makes this instance. */
  element?: Place | undefined;
  /** The repeated module calls on the way, outermost first. */
  levels: Level[];
}

/** Where definitions go: the index, and the root module they are reached from. */
export interface Defining {
  index: UserIndex;
  /** The root module folder, as findings show paths (`.`: the working directory). */
  root: string;
}

const forEachElement = (kind: DefinitionKind, scope: Scope): Place | undefined =>
  kind === 'for_each' ? elementOf(scope) : undefined;

/**
 * Where a user's name is written: where its value is, or — for a name built in the block itself
 * (`"ext-${each.key}"`, written nowhere as such) — the for_each element it is built from.
 */
function namePlace(
  name: Value,
  nameNode: Node,
  file: string,
  block: Block,
  element?: Place,
): Place {
  const builtHere = name.file === file && name.line === lineOf(nameNode);
  return (builtHere && element) || { file: name.file, line: name.line || block.line };
}

/** `force_destroy = true` on a user block or module call, as a definition's field. */
function forceDestroyOf(attrs: Map<string, Node>, scope: Scope): { forceDestroy?: true } {
  const value = evaluate(attrs.get('force_destroy'), scope);
  return value?.kind === 'bool' && value.value ? { forceDestroy: true } : {};
}

/** Whether a block's `for_each` is not known here (not: known and empty). */
export function repeatsUnknown(attrs: Map<string, Node>, scope: Scope): boolean {
  const forEach = attrs.get('for_each');
  if (!forEach) return false;
  const kind = evaluate(forEach, scope)?.kind;
  return kind !== 'list' && kind !== 'map';
}

/** The users one `aws_iam_user` block defines: one, or one per for_each / count instance. */
export function userInstances(
  to: Defining,
  block: Block,
  file: string,
  scope: Scope,
  prefix: string,
  via: Via | undefined,
): UserDefinition[] {
  const attrs = attributesOf(block.body);
  const base = `${prefix}aws_iam_user.${block.labels[1]}`;
  const nameNode = attrs.get('name');
  if (!nameNode) return [];
  const lifecycle = lifecycleOf(block, file);
  const instances = expandInstances(attrs, scope);
  let unresolved = instances.length === 0 && repeatsUnknown(attrs, scope);
  const defs = instances.flatMap(({ key, scope: inner, kind, written }) => {
    const name = evaluate(nameNode, inner);
    const user = asString(name);
    if (!name || user === undefined) {
      unresolved = true;
      return [];
    }
    const address = `${base}${key}`;
    const at = namePlace(
      name,
      nameNode,
      file,
      block,
      via ? via.element : forEachElement(kind, inner),
    );
    const own: Level[] =
      written === undefined
        ? []
        : [
            {
              file,
              line: block.line,
              address: base,
              written:
                written ??
                (kind === 'count'
                  ? countElement(attrs, name, nameNode, inner.countIndex ?? 0, instances.length, {
                      file,
                      line: block.line,
                      address: base,
                    })
                  : null),
            },
          ];
    const removal = chooseRemoval([...(via?.levels ?? []), ...own], to.index.lines);
    return [
      {
        user,
        ...at,
        address,
        // Inside a local module, what to delete is the module call (or its for_each element).
        kind: via ? via.kind : kind,
        block: via ? via.block : { file, line: block.line, address: base },
        related: [],
        root: to.root,
        ...(lifecycle && { lifecycle }),
        ...forceDestroyOf(attrs, inner),
        ...(removal && { removal }),
      },
    ];
  });
  if (unresolved) to.index.unresolvedName(file, block.line, base, nameNode, via);
  return defs;
}

/** The users a registry user module's call (one instance of it) makes. */
export function registryUsers(
  to: Defining,
  module: UserModule,
  block: Block,
  attrs: Map<string, Node>,
  file: string,
  inner: Scope,
  address: string,
  kind: DefinitionKind,
  levels: Level[],
  via: Via | undefined,
): void {
  const { index } = to;
  const where = {
    ...forceDestroyOf(attrs, inner),
    // inside a local module, what to delete is the outermost call (or its element)
    kind: via ? via.kind : kind === 'resource' ? ('module' as const) : kind,
    block: via ? via.block : { file, line: block.line, address },
    root: to.root,
  };
  const element = via ? via.element : forEachElement(kind, inner);
  if (module === 'mineiros') {
    // `names = [...]`: one user each, `aws_iam_user.user["<name>"]` (or the one `name`)
    const namesNode = attrs.get('names') ?? attrs.get('name');
    const names = evaluate(namesNode, inner);
    const list =
      names?.kind === 'list' ? names.items : names?.kind === 'string' ? [names] : undefined;
    if (!namesNode || !list) {
      if (namesNode) index.unresolvedName(file, block.line, address, namesNode, via);
      return;
    }
    const several = attrs.has('names');
    for (const name of list) {
      const user = asString(name);
      if (user === undefined) continue;
      const removal = chooseRemoval(
        several
          ? [...levels, { file, line: block.line, address, written: name.element ?? null }]
          : levels,
        index.lines,
      );
      index.add({
        ...where,
        user,
        ...namePlace(name, namesNode, file, block, element),
        address: `${address}.aws_iam_user.user[${JSON.stringify(user)}]`,
        related: [],
        ...(removal && { removal }),
      });
    }
    return;
  }
  // cloudposse/iam-user and its like take the IAM name as `user_name` (`name` labels the
  // resources there); terraform-aws-modules takes `name`
  const nameNode = attrs.get(attrs.has('user_name') ? 'user_name' : 'name');
  const name = evaluate(nameNode, inner);
  let user = asString(name);
  if (module === 'cloudposse-label') {
    // cloudposse/iam-system-user names its user with null-label: `namespace-stage-name`
    const labels = LABEL_ORDER.map((input) => {
      const node = attrs.get(input);
      return node === undefined ? '' : asString(evaluate(node, inner));
    });
    const attributes = evaluate(attrs.get('attributes'), inner);
    const parts =
      attrs.get('attributes') === undefined
        ? []
        : attributes?.kind === 'list'
          ? attributes.items.map(asString)
          : [undefined];
    const known =
      labels.every((l) => l !== undefined) &&
      parts.every((p) => p !== undefined) &&
      !LABEL_UNFOLLOWED.some((input) => attrs.has(input));
    user = known ? nullLabelId(labels, parts as string[]) : undefined;
    if (user === '') user = undefined;
  }
  if (!nameNode) return;
  if (!name || user === undefined) {
    index.unresolvedName(file, block.line, address, nameNode, via);
    return;
  }
  const removal = chooseRemoval(levels, index.lines);
  const related: RelatedBlock[] = [];
  let moduleCreates: UserDefinition['moduleCreates'];
  if (module === 'terraform-aws-modules') {
    const version = asString(evaluate(attrs.get('version'), inner));
    const inputs = toggleInputs(version, new Set(attrs.keys()));
    const flag = (input: string) => {
      const v = evaluate(attrs.get(input), inner);
      return v?.kind === 'bool' ? v.value : true; // the module's default is true
    };
    moduleCreates = {
      accessKey: flag(inputs.accessKey),
      loginProfile: flag(inputs.loginProfile),
      inputs,
    };
    const made = (type: string) => ({
      type,
      address: `${address}.${type}.this[0]`,
      file,
      line: block.line,
    });
    if (moduleCreates.accessKey) related.push(made('aws_iam_access_key'));
    if (moduleCreates.loginProfile) related.push(made('aws_iam_user_login_profile'));
  }
  index.add({
    ...where,
    user,
    ...namePlace(name, nameNode, file, block, element),
    address:
      module === 'terraform-aws-modules'
        ? `${address}.aws_iam_user.this[0]`
        : module === 'cloudposse-label'
          ? `${address}.aws_iam_user.default[0]`
          : address,
    related,
    ...(moduleCreates && { moduleCreates }),
    ...(removal && { removal }),
  });
}
