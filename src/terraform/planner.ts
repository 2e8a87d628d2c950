// The planner: for a located finding, the draft plan (plan.ts), verified (verify.ts), in the
// report's form (`TerraformFix`); and for the `fix` command, the plans of several findings
// merged into one set of file texts, verified together.
import { isAbsolute, relative, sep } from 'node:path';
import type { TerraformFix, TerraformLocation } from '../engine/types.js';
import { applyTextEdits, lineEdit, mergeTextEdits, type TextEdit } from './edit.js';
import { terraformParser } from './parser.js';
import {
  draftPlan,
  Workspace,
  type DraftPlan,
  type FileChange,
  type FixTarget,
  type Removed,
} from './plan.js';
import type { TerraformIndex, UserDefinition } from './scan.js';
import { Verifier, type VerifyTarget } from './verify.js';

export type { FixTarget } from './plan.js';

/** A plan with what the `fix` command needs to merge it with others. */
export interface PlannedFix {
  fix: TerraformFix;
  def: UserDefinition | undefined;
  target: FixTarget;
  files: ReadonlyMap<string, FileChange>;
  removed: ReadonlyMap<string, readonly Removed[]>;
  /** Drafted, not yet verified (see Planner.settle). */
  unverified?: Pending;
}

export interface Planner {
  /** The plan for one location of a finding's user (memoized). */
  plan(
    user: string,
    location: TerraformLocation,
    target: FixTarget,
    options?: { defer?: boolean },
  ): Promise<PlannedFix>;
  /** Verifies deferred plans, a root module at a time (each on its own where they do not fit together). */
  settle(plans: readonly PlannedFix[]): Promise<void>;
  /**
   * Several verified plans at once: the files' new texts (by path as findings show them), or
   * why they do not verify together.
   */
  combine(
    plans: readonly PlannedFix[],
  ): Promise<{ texts: Map<string, { before: string; after: string }> } | { reason: string }>;
}

const manual = (reason: string, place: { file: string; line: number }): TerraformFix => ({
  status: 'manual',
  edits: [],
  destroys: [],
  reason,
  place,
});

/** The index definition behind a location. */
function definitionOf(
  index: TerraformIndex,
  user: string,
  t: TerraformLocation,
): UserDefinition | undefined {
  const defs = index.users.get(user.toLowerCase()) ?? [];
  // by place first: another root (another account's, or a copy) may define the same address
  const here = defs.filter(
    (d) =>
      d.file === t.file &&
      d.line === t.line &&
      d.block.file === t.block.file &&
      d.block.address === t.block.address,
  );
  // (the state, when given, names the address: it may differ from the HCL's)
  return here.find((d) => d.address === t.address) ?? here[0];
}

/** Several plans' edits, removed addresses and verification targets, put together. */
function mergePlans(plans: readonly PlannedFix[]): {
  files: Map<string, FileChange>;
  removed: Map<string, Removed[]>;
  targets: VerifyTarget[];
} {
  const files = new Map<string, FileChange>();
  const removed = new Map<string, Removed[]>();
  const targets: VerifyTarget[] = [];
  for (const p of plans) {
    if (!p.def) continue;
    for (const [path, change] of p.files) {
      const into = files.get(path);
      if (into) into.edits.push(...change.edits);
      else files.set(path, { rel: change.rel, edits: [...change.edits] });
    }
    for (const [dir, list] of p.removed) {
      const into = removed.get(dir);
      if (into) into.push(...list);
      else removed.set(dir, [...list]);
    }
    targets.push({ def: p.def, removesUser: p.target === 'user', destroys: p.fix.destroys });
  }
  return { files, removed, targets };
}

interface Pending {
  place: { file: string; line: number };
  texts: Map<string, string>;
  verify: VerifyTarget;
}

export async function createPlanner(
  index: TerraformIndex,
  cwd: string = process.cwd(),
): Promise<Planner> {
  const ws = new Workspace(cwd, await terraformParser(), index.reads);
  const rels = new Map<string, string>();
  const rel = (path: string): string => {
    let known = rels.get(path);
    if (known === undefined) {
      const r = relative(cwd, path);
      known = (isAbsolute(r) || r.startsWith('..') ? path : r).split(sep).join('/');
      rels.set(path, known);
    }
    return known;
  };
  const verifier = new Verifier(ws, rel, index);
  const memo = new Map<string, Promise<PlannedFix>>();

  const textsOf = (files: ReadonlyMap<string, FileChange>): Map<string, string> | undefined => {
    const texts = new Map<string, string>();
    for (const [path, change] of files) {
      const edits = mergeTextEdits(change.edits);
      if (!edits) return undefined;
      texts.set(path, applyTextEdits(ws.text(path), edits));
    }
    return texts;
  };

  const targetOf = (def: UserDefinition, target: FixTarget, draft: DraftPlan): VerifyTarget => ({
    def,
    removesUser: target === 'user',
    destroys: draft.destroys,
  });

  const compute = async (
    user: string,
    t: TerraformLocation,
    target: FixTarget,
  ): Promise<PlannedFix> => {
    const def = definitionOf(index, user, t);
    const place = { file: t.file ?? t.block.file ?? '', line: t.line ?? t.block.line ?? 0 };
    const none = { def, target, files: new Map(), removed: new Map() };
    if (!def)
      return {
        ...none,
        fix: manual('known only from the Terraform state: no block scanned defines it', place),
      };
    let draft: DraftPlan;
    try {
      draft = draftPlan(ws, rel, { def, target });
    } catch (error) {
      return {
        ...none,
        fix: manual(
          `the files could not be read for an edit plan (${(error as Error).message})`,
          place,
        ),
      };
    }
    if (draft.manual) {
      const { reason, file, line } = draft.manual;
      return { ...none, fix: manual(reason, { file, line }) };
    }
    const texts = textsOf(draft.files);
    if (!texts) return { ...none, fix: manual('two edits of the plan overlap', place) };
    const edits = [...draft.files].flatMap(([path, change]) =>
      (
        mergeTextEdits(change.edits) as (TextEdit & { kind: FileChange['edits'][number]['kind'] })[]
      ).map((e) => lineEdit(change.rel, ws.text(path), e, e.kind)),
    );
    edits.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.firstLine - b.firstLine));
    return {
      def,
      target,
      files: draft.files,
      removed: draft.removed,
      fix: { status: 'verified', edits, destroys: draft.destroys },
      unverified: { place, texts, verify: targetOf(def, target, draft) },
    };
  };

  /** Verifies one plan on its own: it stays verified, or becomes manual with the reason. */
  const verifyOne = async (p: PlannedFix): Promise<void> => {
    const pending = p.unverified;
    if (!pending) return;
    delete p.unverified;
    const why = await verifier.check([pending.verify], pending.texts, p.removed);
    if (why) {
      p.fix = manual(`the edits do not verify: ${why}`, pending.place);
      p.files = new Map();
      p.removed = new Map();
    }
  };

  /** Whether plans verify applied together (then they are verified); false when they overlap. */
  const together = async (group: readonly PlannedFix[]): Promise<boolean> => {
    const merged = mergePlans(group);
    const texts = textsOf(merged.files);
    if (!texts) return false;
    const why = await verifier.check(
      group.map((p) => (p.unverified as Pending).verify),
      texts,
      merged.removed,
    );
    if (why !== undefined) return false;
    for (const p of group) delete p.unverified;
    return true;
  };

  /**
   * Verifies plans together where they fit: all the plans of a kind at once (one re-scan of
   * their root modules); where those do not verify together (or overlap), a root module's
   * plans together; where those do not, each on its own.
   */
  const settle = async (plans: readonly PlannedFix[]): Promise<void> => {
    // removing users and removing credentials apart: a user's key plan keeps the user its
    // own removal takes away
    const byKind = new Map([
      ['user', new Map<string, PlannedFix[]>()],
      ['credential', new Map<string, PlannedFix[]>()],
    ]);
    for (const p of new Set(plans))
      if (p.unverified && p.def) {
        const byRoot = byKind.get(p.target === 'user' ? 'user' : 'credential') as Map<
          string,
          PlannedFix[]
        >;
        const group = byRoot.get(p.def.root);
        if (group) group.push(p);
        else byRoot.set(p.def.root, [p]);
      }
    for (const byRoot of byKind.values()) {
      const all = [...byRoot.values()].flat();
      if (all.length > 1 && byRoot.size > 1 && (await together(all))) continue;
      for (const group of byRoot.values())
        if (group.length < 2 || !(await together(group))) for (const p of group) await verifyOne(p);
    }
  };

  return {
    settle,
    async plan(user, t, target, options) {
      const key = `${target}\0${user.toLowerCase()}\0${t.address}\0${t.block.address}\0${t.file}:${t.line}`;
      let p = memo.get(key);
      if (!p) memo.set(key, (p = compute(user, t, target)));
      const planned = await p;
      if (!options?.defer) await verifyOne(planned);
      return planned;
    },
    async combine(plans) {
      const { files, removed, targets } = mergePlans(
        plans.filter((p) => p.fix.status === 'verified'),
      );
      const texts = textsOf(files);
      if (!texts) return { reason: 'the edits of two plans overlap' };
      const why = targets.length > 0 ? await verifier.check(targets, texts, removed) : undefined;
      if (why) return { reason: why };
      return {
        texts: new Map(
          [...texts].map(([path, after]) => [
            files.get(path)?.rel ?? rel(path),
            { before: ws.text(path), after },
          ]),
        ),
      };
    },
  };
}
