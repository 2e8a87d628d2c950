// The references a plan must follow: what refers to the removed addresses goes too (outputs,
// locals read only by what goes, a user's own key or profile), is edited (a name out of
// `users = [...]`), or makes the plan manual.
import { dirname } from 'node:path';
import {
  Draft,
  isJson,
  labelOf,
  USER_LISTS,
  USER_SCOPED,
  type Removed,
  type Workspace,
} from './draft.js';
import { mentionsIn, type ParsedBlock, type Reference } from './references.js';
import { USER_ARGUMENT } from './related-types.js';

/** Whether a reference names a removed address (the whole block, or the removed instance). */
export function matches(ref: Reference, removed: readonly Removed[]): boolean {
  return removed.some(
    (r) => r.address === ref.address && (r.key === undefined || ref.key === r.key),
  );
}

/** An output or local that reads what goes and maybe what stays: decided once all is known. */
interface Shared {
  path: string;
  block: ParsedBlock;
  ref: Reference;
  attribute: string;
}

/**
 * Follows the references to what the draft removes, in each directory it removes something
 * in, until nothing new goes: outputs go, locals read only by what goes go, a `users = [...]`
 * loses the name, a user's own key/profile/attachment goes; anything else makes the plan manual.
 * An output or local whose collection also holds what stays is decided last, against all that
 * goes (the user's own key, met later in the files, is not something that stays).
 */
export function followReferences(ws: Workspace, draft: Draft, instances: readonly string[]): void {
  const decided = new Set<string>();
  for (;;) {
    const shared: Shared[] = [];
    followOnce(ws, draft, instances, shared, decided);
    if (draft.plan.manual || shared.length === 0) return;
    for (const item of shared) {
      decided.add(sharedKey(item));
      settleShared(draft, item);
      if (draft.plan.manual) return;
    }
    // what they took away may be read elsewhere: followed again
  }
}

const sharedKey = (s: { path: string; block: ParsedBlock; attribute: string }): string =>
  `${s.path}\0${s.block.start}\0${s.attribute}`;

function followOnce(
  ws: Workspace,
  draft: Draft,
  instances: readonly string[],
  shared: Shared[],
  decided: ReadonlySet<string>,
): void {
  const done = new Map<string, number>();
  for (let changed = true; changed && !draft.plan.manual;) {
    changed = false;
    for (const [dir, removed] of draft.plan.removed) {
      if ((done.get(dir) ?? 0) === removed.length) continue;
      done.set(dir, removed.length);
      changed = true;
      const labels = [...new Set(removed.map((r) => labelOf(r.address)))];
      for (const path of ws.files(dir)) {
        if (!ws.mayName(path, labels)) continue;
        const text = ws.text(path);
        if (isJson(path)) {
          // Terraform's JSON syntax: references are strings there; not edited
          const line = text
            .slice(0, text.indexOf(labels.find((l) => text.includes(l)) as string))
            .split('\n').length;
          draft.manual(
            `${draft.relOf(path)} (Terraform JSON syntax) may refer to what the fix removes; edit it by hand`,
            draft.relOf(path),
            line,
          );
          return;
        }
        const parsed = ws.parse(path);
        const mentions = mentionsIn(text, labels);
        for (const block of parsed.blocks) {
          if (draft.isDeleted(path, block) || !mentions(block)) continue;
          for (const ref of block.references) {
            if (!matches(ref, removed)) continue;
            const attribute = sharedAttribute(ws, path, block, ref);
            if (attribute !== undefined) {
              const item = { path, block, ref, attribute };
              if (
                !decided.has(sharedKey(item)) &&
                !shared.some((x) => sharedKey(x) === sharedKey(item))
              )
                shared.push(item);
              continue;
            }
            classify(draft, path, block, ref, instances);
            if (draft.plan.manual) return;
            if (draft.isDeleted(path, block)) break;
          }
        }
      }
    }
  }
}

/** Another resource, data source or module (not a variable, `path.module`, `each.key`, ...). */
const OTHER_THING = /^(module\.|data\.|[a-z][a-z0-9]*_[\w-]*\.)/;

/**
 * The attribute of an output (`value`) or a local whose value is a collection (a list, a map,
 * a `for`) that reads another resource besides the removed one: it may hold what stays.
 */
function sharedAttribute(
  ws: Workspace,
  path: string,
  block: ParsedBlock,
  ref: Reference,
): string | undefined {
  if (block.type !== 'output' && !(block.type === 'locals' && ref.attribute)) return undefined;
  const attribute = block.type === 'output' ? 'value' : (ref.attribute as string);
  const value = block.attributes.find((a) => a.name === attribute)?.expression;
  if (!value || !/^[[{]/.test(ws.text(path).slice(value.start, value.end).trimStart()))
    return undefined;
  const inValue = block.references.filter((r) => r.attribute === attribute);
  return inValue.some((r) => OTHER_THING.test(r.address) && r.address !== ref.address)
    ? attribute
    : undefined;
}

/** A shared output or local, once all that goes is known. */
function settleShared(draft: Draft, { path, block, ref, attribute }: Shared): void {
  const removed = draft.plan.removed.get(dirname(path)) ?? [];
  const inValue = block.references.filter((r) => r.attribute === attribute);
  const stays = (r: Reference) => OTHER_THING.test(r.address) && !matches(r, removed);
  if (!inValue.some(stays)) {
    if (block.type === 'output') return draft.deleteBlock(path, block);
    return draft.removeLocal(path, block, attribute);
  }
  // an output's list loses the element; a local's list is read by other blocks too, which
  // an element less would renumber
  const element = block.type === 'output' && ref.attribute === attribute ? ref.element : undefined;
  const tuple = block.attributes.find((a) => a.name === attribute)?.tuple;
  const alone =
    element &&
    tuple &&
    tuple.elements.length > 1 &&
    !inValue.some((r) => r.start >= element.start && r.end <= element.end && stays(r));
  if (alone) return draft.removeName(path, block, attribute, element);
  const what = block.type === 'output' ? `output "${block.labels[0] ?? ''}"` : `local.${attribute}`;
  draft.manual(
    `${what} also holds ${inValue.find(stays)?.address ?? 'other values'}: take ${ref.address} out of it by hand`,
    draft.relOf(path),
    ref.line,
  );
}

function classify(
  draft: Draft,
  path: string,
  block: ParsedBlock,
  ref: Reference,
  instances: readonly string[],
): void {
  const type = block.labels[0] ?? '';
  if (block.type === 'output') return draft.deleteBlock(path, block);
  if (block.type === 'locals' && ref.attribute)
    return draft.removeLocal(path, block, ref.attribute);
  if (
    block.type === 'resource' &&
    USER_SCOPED.has(type) &&
    // the argument that names its user (`user`, `username` of an SSH key, `user_name`, ...)
    [USER_ARGUMENT.get(type), 'user', 'for_each', 'count', 'depends_on'].includes(
      ref.attribute ?? '',
    )
  )
    return draft.deleteBlock(path, block, instances);
  if (
    block.type === 'resource' &&
    USER_LISTS.has(type) &&
    ref.attribute === 'users' &&
    ref.element
  ) {
    const tuple = block.attributes.find((a) => a.name === 'users')?.tuple;
    const others = (tuple?.elements.length ?? 0) > 1;
    const otherPrincipals =
      type === 'aws_iam_policy_attachment' &&
      block.attributes.some(
        (a) =>
          (a.name === 'roles' || a.name === 'groups') && a.tuple && a.tuple.elements.length > 0,
      );
    if (others || otherPrincipals) return draft.removeName(path, block, 'users', ref.element);
    return draft.deleteBlock(path, block, instances);
  }
  const what =
    block.type === 'resource' || block.type === 'data'
      ? `${block.type === 'data' ? 'data.' : ''}${block.labels.join('.')}`
      : `${block.type}${block.labels.length > 0 ? ` "${block.labels.join('" "')}"` : ''}`;
  draft.manual(
    `${what} uses ${ref.address}${ref.key ?? ''}${ref.attribute ? ` in \`${ref.attribute}\`` : ''}: a reference the fix cannot edit safely`,
    draft.relOf(path),
    ref.line,
  );
}
