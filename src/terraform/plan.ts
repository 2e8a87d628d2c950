// The edit plan that removes what a finding's rule asks to remove (a user, its key, its login
// profile), computed from the syntax tree: the blocks to delete, the elements to take out, the
// references that must go with them — or, when no safe edit is known, why and where.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { TerraformEdit } from '../engine/types.js';
import { deleteBlock, lineEnd, lineStart, removeElement, type TextEdit } from './edit.js';
import {
  declaredAddress,
  parseForPlan,
  type ParsedBlock,
  type ParsedFile,
  type Reference,
} from './references.js';
import { RELATED_TYPES, type UserDefinition } from './scan.js';
import { LIST_ARGUMENT_TYPES, USER_ARGUMENT } from './related-types.js';

/** What a rule's fix removes (see TARGET in engine/remediation.ts). */
export type FixTarget = 'user' | 'access-key' | 'login-profile' | 'certificate';

export const TARGET_TYPE = {
  'access-key': 'aws_iam_access_key',
  'login-profile': 'aws_iam_user_login_profile',
  certificate: 'aws_iam_signing_certificate',
} as const;

/** Resources that belong to one user through `user` (deleted with it). */
const USER_SCOPED = new Set([...RELATED_TYPES].filter((t) => !LIST_ARGUMENT_TYPES.has(t)));
/** Resources that list users in `users = [...]`: the name comes out, the block stays. */
const USER_LISTS = new Set(['aws_iam_group_membership', 'aws_iam_policy_attachment']);

/** A removed address in a module directory: the whole block, or one instance (`["k"]`). */
export interface Removed {
  address: string;
  key?: string;
}

export interface FileChange {
  /** As findings show paths. */
  rel: string;
  edits: (TextEdit & { kind: TerraformEdit['kind'] })[];
}

/** A plan before its verification: the character edits, what it removes, what it destroys. */
export interface DraftPlan {
  /** By absolute path. */
  files: Map<string, FileChange>;
  destroys: string[];
  /** By module directory (absolute): the addresses that no longer exist there. */
  removed: Map<string, Removed[]>;
  manual?: { reason: string; file: string; line: number };
}

/** The files a planner reads: each read and parsed once. */
export class Workspace {
  private texts = new Map<string, string>();
  private parsed = new Map<string, ParsedFile>();
  private listings = new Map<string, string[]>();
  constructor(
    readonly cwd: string,
    readonly parser: Parser,
  ) {}

  abs(rel: string): string {
    return resolve(this.cwd, rel);
  }

  text(path: string): string {
    let text = this.texts.get(path);
    if (text === undefined) this.texts.set(path, (text = readFileSync(path, 'utf8')));
    return text;
  }

  parse(path: string): ParsedFile {
    let parsed = this.parsed.get(path);
    if (!parsed) this.parsed.set(path, (parsed = parseForPlan(this.parser, this.text(path))));
    return parsed;
  }

  /** The Terraform files of one module directory (not its subfolders). */
  files(dir: string): string[] {
    let files = this.listings.get(dir);
    if (!files) {
      try {
        files = readdirSync(dir)
          .filter((n) => /\.tf(\.json)?$/.test(n))
          .sort()
          .map((n) => join(dir, n));
      } catch {
        files = [];
      }
      this.listings.set(dir, files);
    }
    return files;
  }
}

const isJson = (path: string): boolean => path.endsWith('.json');

/** The last label of an address (`aws_iam_user.alice` → `alice`): a file without it cannot reference it. */
const labelOf = (address: string): string => address.slice(address.lastIndexOf('.') + 1);

/** The first instance key of an address part: `["fay"].x` → `["fay"]`. */
const KEY_AT_START = /^\[("(?:[^"\\]|\\.)*"|\d+)\]/;

class Draft {
  readonly plan: DraftPlan = { files: new Map(), destroys: [], removed: new Map() };
  private deleted = new Set<string>();
  /** locals attributes taken out, by block. */
  private localsRemoved = new Map<
    string,
    { path: string; block: ParsedBlock; names: Set<string> }
  >();

  constructor(
    private ws: Workspace,
    readonly relOf: (path: string) => string,
  ) {}

  manual(reason: string, file: string, line: number): void {
    this.plan.manual ??= { reason, file, line };
  }

  private edit(path: string, edit: TextEdit & { kind: TerraformEdit['kind'] }): void {
    let change = this.plan.files.get(path);
    if (!change) this.plan.files.set(path, (change = { rel: this.relOf(path), edits: [] }));
    change.edits.push(edit);
  }

  addRemoved(dir: string, removed: Removed): void {
    const list = this.plan.removed.get(dir);
    if (list) list.push(removed);
    else this.plan.removed.set(dir, [removed]);
  }

  destroy(address: string): void {
    if (!this.plan.destroys.includes(address)) this.plan.destroys.push(address);
  }

  isDeleted(path: string, block: ParsedBlock): boolean {
    return this.deleted.has(`${path}\0${block.start}`);
  }

  /** Deletes a top-level block whole; its address is removed in its directory. */
  deleteBlock(path: string, block: ParsedBlock, instances: readonly string[] = []): void {
    if (this.isDeleted(path, block)) return;
    this.deleted.add(`${path}\0${block.start}`);
    this.edit(path, {
      ...deleteBlock(this.ws.text(path), block.start, block.end),
      kind: 'delete-block',
    });
    const address = declaredAddress(block);
    if (address) this.addRemoved(dirname(path), { address });
    if (block.type === 'resource' && address) {
      const repeated = block.attributes.some((a) => a.name === 'for_each' || a.name === 'count');
      const known = instances.filter((i) => i.startsWith(`${address}[`));
      if (!repeated) this.destroy(address);
      else for (const i of known.length > 0 ? known : [address]) this.destroy(i);
    }
  }

  /** Takes one element out of a `users = [...]` (the block stays). */
  removeName(
    path: string,
    block: ParsedBlock,
    attribute: string,
    element: { start: number; end: number },
  ): void {
    const tuple = block.attributes.find((a) => a.name === attribute)?.tuple;
    if (!tuple) return;
    const key = `${path}\0${block.start}\0${element.start}`;
    if (this.deleted.has(key)) return;
    this.deleted.add(key);
    this.edit(path, {
      ...removeElement(this.ws.text(path), { ...element, container: tuple.span }, 'hcl'),
      kind: 'remove-name',
    });
  }

  /** Takes an attribute out of a `locals` block (the block goes when it is the last one). */
  removeLocal(path: string, block: ParsedBlock, name: string): void {
    const id = `${path}\0${block.start}`;
    let entry = this.localsRemoved.get(id);
    if (!entry) this.localsRemoved.set(id, (entry = { path, block, names: new Set() }));
    if (entry.names.has(name)) return;
    entry.names.add(name);
    this.addRemoved(dirname(path), { address: `local.${name}` });
  }

  /** The locals edits, once the references are settled. */
  finishLocals(): void {
    for (const { path, block, names } of this.localsRemoved.values()) {
      if (this.isDeleted(path, block)) continue;
      if (block.attributes.every((a) => names.has(a.name))) {
        this.deleted.add(`${path}\0${block.start}`);
        this.edit(path, {
          ...deleteBlock(this.ws.text(path), block.start, block.end),
          kind: 'delete-block',
        });
        continue;
      }
      const text = this.ws.text(path);
      for (const a of block.attributes)
        if (names.has(a.name))
          this.edit(path, {
            start: lineStart(text, a.start),
            end: lineEnd(text, a.end),
            text: '',
            kind: 'delete-block',
          });
    }
  }

  add(path: string, edit: TextEdit & { kind: TerraformEdit['kind'] }): void {
    this.edit(path, edit);
  }
}

/** Whether a reference names a removed address (the whole block, or the removed instance). */
function matches(ref: Reference, removed: readonly Removed[]): boolean {
  return removed.some(
    (r) => r.address === ref.address && (r.key === undefined || ref.key === r.key),
  );
}

/**
 * Follows the references to what the draft removes, in each directory it removes something
 * in, until nothing new goes: outputs go, locals read only by what goes go, a `users = [...]`
 * loses the name, a user's own key/profile/attachment goes; anything else makes the plan manual.
 */
function followReferences(ws: Workspace, draft: Draft, instances: readonly string[]): void {
  const done = new Map<string, number>();
  for (let changed = true; changed && !draft.plan.manual;) {
    changed = false;
    for (const [dir, removed] of draft.plan.removed) {
      if ((done.get(dir) ?? 0) === removed.length) continue;
      done.set(dir, removed.length);
      changed = true;
      const labels = [...new Set(removed.map((r) => labelOf(r.address)))];
      for (const path of ws.files(dir)) {
        const text = ws.text(path);
        if (!labels.some((l) => text.includes(l))) continue;
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
        for (const block of parsed.blocks) {
          if (draft.isDeleted(path, block)) continue;
          for (const ref of block.references) {
            if (!matches(ref, removed)) continue;
            classify(draft, path, block, ref, instances);
            if (draft.plan.manual) return;
            if (draft.isDeleted(path, block)) break;
          }
        }
      }
    }
  }
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

/** The block a definition points to. */
function blockAt(
  ws: Workspace,
  path: string,
  line: number,
  address: string,
): ParsedBlock | undefined {
  const label = labelOf(address.replace(/\[[^\]]*\]$/, ''));
  return ws
    .parse(path)
    .blocks.find(
      (b) => b.line === line && (b.labels.at(-1) === label || declaredAddress(b) === undefined),
    );
}

export interface PlanInput {
  def: UserDefinition;
  target: FixTarget;
}

/** The instance a definition's collection element makes: `module.m["k"]` or `aws_iam_user.x["k"]`. */
function removedInstance(def: UserDefinition): Removed {
  const base = def.block.address.replace(/^(module\.[^.[]+(\[[^\]]*\])?\.)*/, '');
  const rest = def.address.startsWith(def.block.address)
    ? def.address.slice(def.block.address.length)
    : '';
  const key = KEY_AT_START.exec(rest)?.[0];
  if (key !== undefined) return { address: base, key };
  const own = KEY_AT_START.exec(def.block.address.slice(def.block.address.lastIndexOf('[')))?.[0];
  return own !== undefined
    ? { address: base.slice(0, base.lastIndexOf('[')), key: own }
    : { address: base };
}

/** Computes the draft plan for one definition and target. */
export function draftPlan(
  ws: Workspace,
  rel: (path: string) => string,
  input: PlanInput,
): DraftPlan {
  const { def, target } = input;
  const draft = new Draft(ws, rel);
  const instances = def.related.map((r) => r.address);
  const blockPath = ws.abs(def.block.file);
  if (isJson(blockPath)) {
    draft.manual(
      'the block is written in Terraform JSON syntax; the fix edits HCL only',
      def.block.file,
      def.block.line,
    );
    return draft.plan;
  }
  if (target !== 'user') {
    relatedPlan(ws, draft, def, target, instances);
  } else if (def.removal?.kind === 'manual') {
    draft.manual(def.removal.reason, def.removal.file, def.removal.line);
  } else if (def.removal) {
    const { span, container, syntax, kind } = def.removal;
    const path = ws.abs(span.file);
    if (def.lifecycle?.preventDestroy)
      draft.manual(
        '`prevent_destroy = true` on the block that stays: Terraform refuses to destroy the instance',
        def.lifecycle.file,
        def.lifecycle.line,
      );
    draft.add(path, {
      ...removeElement(ws.text(path), { start: span.start, end: span.end, container }, syntax),
      kind:
        syntax === 'json'
          ? 'remove-json-element'
          : kind === 'entry'
            ? 'remove-entry'
            : 'remove-element',
    });
    draft.destroy(def.address);
    const instance = removedInstance(def);
    draft.addRemoved(dirname(blockPath), instance);
    for (const r of def.related) {
      const keyed =
        instance.key !== undefined &&
        (r.address.startsWith(`${def.block.address.replace(/\[[^\]]*\]$/, '')}${instance.key}`) ||
          r.address.endsWith(instance.key));
      // made by an element written inside the removed one (`for role in user.roles`, through
      // `flatten`): it goes with it. Keyed like the user but made by an element of another
      // collection (`for_each = toset(local.console_users)`): removing the user's element leaves
      // that instance behind, naming a user that is gone, and the plan fails.
      const within =
        r.written === undefined
          ? undefined
          : r.written.file === span.file &&
            r.written.start >= span.start &&
            r.written.end <= span.end;
      const elsewhere =
        within === undefined
          ? keyed &&
            r.element !== undefined &&
            !(
              r.element.file === span.file &&
              r.element.line >= span.line &&
              r.element.line <= span.endLine
            )
          : keyed && !within;
      if (elsewhere)
        draft.manual(
          `${r.address} is made by another collection element: take "${def.user}" out of it too`,
          r.element?.file ?? r.file,
          r.element?.line ?? r.line,
        );
      else if (keyed || within === true) {
        if (r.lifecycle?.preventDestroy)
          draft.manual(
            `\`prevent_destroy = true\` on ${r.address}: Terraform refuses to destroy it`,
            r.lifecycle.file,
            r.lifecycle.line,
          );
        draft.destroy(r.address);
      } else relatedByName(ws, draft, def, r.file, r.line, r.address, instances);
    }
  } else if (def.kind === 'for_each' || def.kind === 'count') {
    draft.manual(
      `"${def.user}" is one instance of ${def.block.address} (${def.kind === 'count' ? 'count' : 'for_each'}); where its element is written is not known, and the block makes other instances too`,
      def.file,
      def.line,
    );
  } else {
    const block = blockAt(ws, blockPath, def.block.line, def.block.address);
    if (!block) {
      draft.manual(
        `no block found at ${def.block.file}:${def.block.line}`,
        def.block.file,
        def.block.line,
      );
      return draft.plan;
    }
    draft.deleteBlock(blockPath, block, instances);
    if (block.type === 'module') moduleDestroys(ws, draft, def, block, blockPath);
    for (const r of def.related)
      relatedByName(ws, draft, def, r.file, r.line, r.address, instances);
  }
  if (!draft.plan.manual) followReferences(ws, draft, instances);
  draft.finishLocals();
  return draft.plan;
}

/**
 * A related block that names the user by its name (`user = "alice"`), not by a reference: it
 * goes too (a `users = [...]` loses the name). One that does reference the user is left to the
 * references; an instance of a block repeated over another collection is manual.
 */
function relatedByName(
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
function moduleDestroys(
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
function relatedPlan(
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
