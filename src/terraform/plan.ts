// The edit plan that removes what a finding's rule asks to remove (a user, its key, its login
// profile), computed from the syntax tree: the blocks to delete, the elements to take out, the
// references that must go with them — or, when no safe edit is known, why and where.
import { dirname } from 'node:path';
import {
  blockAt,
  Draft,
  isJson,
  KEY_AT_START,
  type DraftPlan,
  type FixTarget,
  type Removed,
  type Workspace,
} from './draft.js';
import { isOverrideFile } from './discover.js';
import { removeElement } from './edit.js';
import { checkCollectionReaders } from './plan-collection.js';
import { checkLiteralMentions } from './plan-literals.js';
import { followReferences } from './plan-references.js';
import { moduleDestroys, relatedByName, relatedPlan } from './plan-related.js';
import { type UserDefinition } from './scan.js';

export { TARGET_TYPE, Workspace } from './draft.js';
export type { DraftPlan, FileChange, FixTarget, Removed } from './draft.js';

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
    if (!draft.plan.manual) checkCollectionReaders(ws, draft, def, def.removal);
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
  if (!draft.plan.manual && target === 'user')
    checkLiteralMentions(ws, draft, def, [dirname(blockPath), ...draft.plan.removed.keys()]);
  if (!draft.plan.manual) checkOverrides(ws, draft, [blockPath, ...draft.plan.files.keys()]);
  draft.finishLocals();
  return draft.plan;
}

/**
 * Manual when a directory the plan reads or edits holds an override file: Terraform merges
 * `override.tf` and `*_override.tf` into the blocks they name (a name, `prevent_destroy`, a
 * variable's default), which the scan reads as blocks of their own.
 */
function checkOverrides(ws: Workspace, draft: Draft, paths: readonly string[]): void {
  for (const dir of new Set(paths.map((p) => dirname(p)))) {
    const override = ws.files(dir).find(isOverrideFile);
    if (override)
      return draft.manual(
        `${draft.relOf(override)} is a Terraform override file, merged into the blocks of its folder: the fix does not edit a folder that has one`,
        draft.relOf(override),
        1,
      );
  }
}
