// The related blocks of a plan: a key, login profile or policy attachment named by the user's
// name, what a module call makes, and the plans that remove a credential rather than the user.
import { dirname, resolve } from 'node:path';
import {
  blockAt,
  Draft,
  isJson,
  TARGET_TYPE,
  USER_LISTS,
  USER_SCOPED,
  type FixTarget,
  type Workspace,
} from './draft.js';
import { lineEnd, lineStart } from './edit.js';
import { matches } from './plan-references.js';
import { declaredAddress, type ParsedBlock } from './references.js';
import { type UserDefinition } from './scan.js';

/**
 * A related block that names the user by its name (`user = "alice"`), not by a reference: it
 * goes too (a `users = [...]` loses the name). One that does reference the user is left to the
 * references; an instance of a block repeated over another collection is manual.
 */
export function relatedByName(
  ws: Workspace,
  draft: Draft,
  def: UserDefinition,
  file: string,
  line: number,
  address: string,
  instances: readonly string[],
): void {
  if (address.startsWith('module.') && !def.block.address.startsWith('module.')) return;
  if (
    def.block.address.startsWith('module.') &&
    address.startsWith(`${def.block.address.replace(/\[[^\]]*\]$/, '')}`)
  ) {
    draft.destroy(address); // made by the module call: goes with it
    return;
  }
  const path = ws.abs(file);
  if (isJson(path))
    return draft.manual(
      `${address} is written in Terraform JSON syntax; edit it by hand`,
      file,
      line,
    );
  const block = ws.parse(path).blocks.find((b) => b.line === line && b.type === 'resource');
  if (!block || draft.isDeleted(path, block)) return;
  const removed = draft.plan.removed.get(dirname(path)) ?? [];
  if (block.references.some((r) => matches(r, removed))) return; // followed as a reference
  const type = block.labels[0] ?? '';
  const users = block.attributes.find((a) => a.name === 'users');
  if (USER_LISTS.has(type) && users?.tuple) {
    const element = users.tuple.elements.find((e) => e.text === JSON.stringify(def.user));
    if (!element)
      return draft.manual(
        `${address} lists "${def.user}" in a way the fix cannot edit`,
        file,
        users.line,
      );
    const others =
      users.tuple.elements.length > 1 ||
      block.attributes.some(
        (a) => (a.name === 'roles' || a.name === 'groups') && (a.tuple?.elements.length ?? 1) > 0,
      );
    if (others && type === 'aws_iam_policy_attachment')
      return draft.removeName(path, block, 'users', element);
    if (users.tuple.elements.length > 1) return draft.removeName(path, block, 'users', element);
    return draft.deleteBlock(path, block, instances);
  }
  if (
    address.endsWith(']') ||
    block.attributes.some((a) => a.name === 'for_each' || a.name === 'count')
  )
    return draft.manual(
      `${address} is one instance of a block repeated over another collection; take "${def.user}" out of it`,
      file,
      line,
    );
  const user = block.attributes.find((a) => a.name === 'user');
  if (!USER_SCOPED.has(type) || !user)
    return draft.manual(`${address} names "${def.user}" in a way the fix cannot edit`, file, line);
  draft.deleteBlock(path, block, instances);
}

/** What deleting a module call destroys: the user, what the module makes for it, where known. */
export function moduleDestroys(
  ws: Workspace,
  draft: Draft,
  def: UserDefinition,
  block: ParsedBlock,
  path: string,
): void {
  draft.destroy(def.address);
  for (const r of def.related)
    if (r.address.startsWith(`${def.block.address}.`)) draft.destroy(r.address);
  const source = block.attributes.find((a) => a.name === 'source');
  const value = source
    ? ws.text(path).slice(source.expression.start, source.expression.end).trim()
    : '';
  const local = /^"(\.\.?\/[^"]*)"$/.exec(value)?.[1];
  if (!local) return;
  for (const file of ws.files(resolve(dirname(path), local))) {
    if (isJson(file)) continue;
    for (const b of ws.parse(file).blocks)
      if (
        b.type === 'resource' &&
        !b.attributes.some((a) => a.name === 'for_each' || a.name === 'count')
      )
        draft.destroy(`${def.block.address}.${declaredAddress(b)}`);
  }
}

/** The inputs of terraform-aws-modules/iam's iam-user: v6 renamed them. */
function moduleInput(
  ws: Workspace,
  path: string,
  block: ParsedBlock,
  target: FixTarget,
): string | undefined {
  const version = block.attributes.find((a) => a.name === 'version');
  const text = version ? ws.text(path).slice(version.expression.start, version.expression.end) : '';
  const major = Number(/(\d+)/.exec(text)?.[1] ?? '0');
  const v6 = major >= 6;
  if (target === 'access-key') return v6 ? 'create_access_key' : 'create_iam_access_key';
  if (target === 'login-profile')
    return v6 ? 'create_login_profile' : 'create_iam_user_login_profile';
  return undefined;
}

/** A key / login profile / certificate: its own block goes, or the module's input turns it off. */
export function relatedPlan(
  ws: Workspace,
  draft: Draft,
  def: UserDefinition,
  target: Exclude<FixTarget, 'user'>,
  instances: readonly string[],
): void {
  const type = TARGET_TYPE[target];
  const blockPath = ws.abs(def.block.file);
  if (def.moduleCreates && def.kind === 'module' && !def.removal) {
    const block = blockAt(ws, blockPath, def.block.line, def.block.address);
    const input = block && moduleInput(ws, blockPath, block, target);
    if (!block || !input)
      return draft.manual(
        `the module call ${def.block.address} has no input that turns the ${target.replace('-', ' ')} off`,
        def.block.file,
        def.block.line,
      );
    const text = ws.text(blockPath);
    const existing = block.attributes.find((a) => a.name === input);
    if (existing)
      draft.add(blockPath, {
        start: existing.expression.start,
        end: existing.expression.end,
        text: 'false',
        kind: 'set-argument',
      });
    else {
      const after =
        block.attributes.find((a) => a.name === 'version') ??
        block.attributes.find((a) => a.name === 'source');
      if (!after)
        return draft.manual(
          `the module call ${def.block.address} has no source`,
          def.block.file,
          def.block.line,
        );
      const at = lineEnd(text, after.end);
      const indent = /^[ \t]*/.exec(text.slice(lineStart(text, after.start)))?.[0] ?? '  ';
      draft.add(blockPath, {
        start: at,
        end: at,
        text: `${indent}${input} = false\n`,
        kind: 'set-argument',
      });
    }
    for (const r of def.related) if (r.type === type) draft.destroy(r.address);
    return;
  }
  const blocks = def.related.filter((r) => r.type === type);
  if (blocks.length === 0)
    return draft.manual(
      `no ${type} block manages it: it was created outside Terraform`,
      def.file,
      def.line,
    );
  if (blocks.length > 1 && target === 'access-key')
    return draft.manual(
      `${blocks.length} ${type} blocks: the report does not name key IDs, so which one is meant is not known`,
      blocks[0]?.file ?? def.file,
      blocks[0]?.line ?? def.line,
    );
  for (const r of blocks) {
    if (def.block.address.startsWith('module.') && r.address.startsWith('module.'))
      return draft.manual(
        `${r.address} is made inside the module ${def.block.address} calls, for every user it makes`,
        r.file,
        r.line,
      );
    if (r.address.endsWith(']'))
      return draft.manual(
        `${r.address} is one instance of a repeated block; take "${def.user}" out of its collection${r.element ? ` at ${r.element.file}:${r.element.line}` : ''}`,
        r.element?.file ?? r.file,
        r.element?.line ?? r.line,
      );
    const path = ws.abs(r.file);
    if (isJson(path))
      return draft.manual(
        `${r.address} is written in Terraform JSON syntax; edit it by hand`,
        r.file,
        r.line,
      );
    const block = ws.parse(path).blocks.find((b) => b.line === r.line && b.type === 'resource');
    if (!block) return draft.manual(`no block found at ${r.file}:${r.line}`, r.file, r.line);
    draft.deleteBlock(path, block, instances);
  }
}
