// `fix`: the verified edit plans of the failing findings of some rules, as one unified diff
// (paths relative to the working directory, for `git apply`) or written in place.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { InputError } from '../errors.js';
import { fixTargetOf } from '../engine/remediation.js';
import type { GateReport } from '../engine/types.js';
import { RULES_BY_ID } from '../rules/index.js';
import type { PlannedFix } from '../terraform/planner.js';
import { compileWildcards } from '../util/wildcard.js';
import { runCheck, type CheckInput } from './check.js';
import { planKey, type MadePlans } from './plans.js';

export interface FixInput extends CheckInput {
  /** Rule ids (default `unused-user`). */
  rules?: readonly string[] | undefined;
  /** User name globs (default all). */
  users?: readonly string[] | undefined;
  /** Apply the edits to the files in place. */
  write?: boolean | undefined;
  /** Plan every located finding, not only the chosen rules' (the report is shown too). */
  planAll?: boolean | undefined;
}

export interface ManualFix {
  user: string;
  rule: string;
  reason: string;
  file: string | null;
  line: number | null;
}

export interface FixResult {
  report: GateReport;
  /** One unified diff of every verified edit ('' when there is nothing to fix). */
  patch: string;
  /** The changed files (relative paths), in order. */
  files: string[];
  /** Findings fixed by the patch: `user rule`. */
  fixed: { user: string; rule: string }[];
  manual: ManualFix[];
}

/** A `diff --git` patch of one file, for `git apply` (and `patch -p1`). */
function filePatch(file: string, before: string, after: string): string {
  const body = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, {
    context: 3,
  });
  // jsdiff starts with a `====` rule line: git wants its own header instead
  return `diff --git a/${file} b/${file}\n${body.slice(body.indexOf('--- '))}`;
}

/** What a plan left out because it does not fit with the others says (see runFixOnce). */
const WITH_OTHERS = 'with the other fixes: ';
/** Rounds of `--write` at most: each applies what fits, then plans the rest on the result. */
const MAX_ROUNDS = 5;

/**
 * `fix`: the verified plans that fit together. With `--write`, plans that each verify but not
 * with the others (two elements side by side in one list, whose edits share a comma) are planned
 * again on the written files, a round at a time, until none is left or a round fixes nothing.
 */
export async function runFix(input: FixInput, cwd: string = process.cwd()): Promise<FixResult> {
  const first = await runFixOnce(input, cwd);
  if (!input.write) {
    for (const m of first.manual)
      if (m.reason.startsWith(WITH_OTHERS))
        m.reason += ' (apply this patch, then run fix again: it plans them on the result)';
    return first;
  }
  let result = first;
  for (let round = 1; round < MAX_ROUNDS; round++) {
    const left = result.manual.filter((m) => m.reason.startsWith(WITH_OTHERS));
    if (left.length === 0) break;
    const again = await runFixOnce(
      // IAM names hold no `*` or `?`: each name is a glob that matches only itself
      { ...input, users: [...new Set(left.map((m) => m.user))] },
      cwd,
    );
    if (again.fixed.length === 0) break;
    const redone = new Set(left.map((m) => `${m.user}\0${m.rule}`));
    result = {
      report: first.report,
      patch: '',
      files: [...new Set([...result.files, ...again.files])].sort(),
      fixed: [...result.fixed, ...again.fixed],
      manual: [
        ...result.manual.filter((m) => !redone.has(`${m.user}\0${m.rule}`)),
        ...again.manual,
      ],
    };
  }
  return result;
}

async function runFixOnce(input: FixInput, cwd: string): Promise<FixResult> {
  const rules = input.rules && input.rules.length > 0 ? [...new Set(input.rules)] : ['unused-user'];
  for (const rule of rules) {
    if (!RULES_BY_ID.has(rule)) throw new InputError(`--rule ${rule}: no such rule`);
    if (!fixTargetOf(rule))
      throw new InputError(`--rule ${rule}: its remediation removes nothing in Terraform`);
  }
  if (!input.terraformDirs || input.terraformDirs.length === 0)
    throw new InputError('fix needs at least one --terraform-dir');
  let plans: MadePlans | undefined;
  const userMatches =
    input.users && input.users.length > 0 ? compileWildcards(input.users) : () => true;
  const report = await runCheck({
    ...input,
    planRules: input.planAll ? undefined : rules,
    planUser: userMatches,
    onPlans: (p) => (plans = p),
  });
  const manual: ManualFix[] = [];
  const chosen: { plan: PlannedFix; user: string; rule: string }[] = [];
  for (const f of report.findings) {
    if (!f.failing || f.exempted || f.user === null || !rules.includes(f.rule)) continue;
    if (!userMatches(f.user)) continue;
    if (f.terraform.length === 0) {
      manual.push({
        user: f.user,
        rule: f.rule,
        reason: 'not defined in the scanned Terraform',
        file: null,
        line: null,
      });
      continue;
    }
    for (const t of f.terraform) {
      const plan = plans?.fixes.get(planKey(f.rule, f.user, t));
      if (plan?.fix.status === 'verified') chosen.push({ plan, user: f.user, rule: f.rule });
      else
        manual.push({
          user: f.user,
          rule: f.rule,
          reason: plan?.fix.reason ?? 'known only from the Terraform state',
          file: plan?.fix.place?.file ?? t.file,
          line: plan?.fix.place?.line ?? t.line,
        });
    }
  }
  // Together, then one by one where they do not verify together (two plans may each be safe
  // and not both: the last two names of one `users = [...]`) — one by one within the plans
  // that share a root module or a file only, so one clash does not make every plan of a big
  // tree verify again with all the others.
  let accepted: typeof chosen = [];
  let texts: Map<string, { before: string; after: string }> = new Map();
  if (plans && chosen.length > 0) {
    const planner = plans.planner;
    const together = await planner.combine(chosen.map((c) => c.plan));
    if ('texts' in together) {
      accepted = chosen;
      texts = together.texts;
    } else {
      const refused = new Map<(typeof chosen)[number], string>();
      for (const group of connected(chosen)) {
        const whole =
          group.length > 1 ? await planner.combine(group.map((c) => c.plan)) : undefined;
        if (whole && 'texts' in whole) {
          accepted.push(...group);
          continue;
        }
        const kept: typeof chosen = [];
        for (const c of group) {
          const next = await planner.combine([...kept, c].map((x) => x.plan));
          if ('texts' in next) kept.push(c);
          else refused.set(c, next.reason);
        }
        accepted.push(...kept);
      }
      // the groups, each sound, once more all together (a root may read another's files)
      let all =
        accepted.length > 0 ? await planner.combine(accepted.map((c) => c.plan)) : undefined;
      if (all && !('texts' in all)) {
        // then as before: one by one with everything accepted so far
        const kept: typeof chosen = [];
        for (const c of accepted) {
          const next = await planner.combine([...kept, c].map((x) => x.plan));
          if ('texts' in next) {
            kept.push(c);
            all = next;
          } else refused.set(c, next.reason);
        }
        accepted = kept;
        if (kept.length === 0) all = undefined;
      }
      if (all && 'texts' in all) texts = all.texts;
      const order = new Map(chosen.map((c, i) => [c, i]));
      accepted.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
      for (const c of chosen) {
        const reason = refused.get(c);
        if (reason === undefined) continue;
        manual.push({
          user: c.user,
          rule: c.rule,
          reason: `${WITH_OTHERS}${reason}`,
          file: c.plan.fix.edits[0]?.file ?? null,
          line: c.plan.fix.edits[0]?.firstLine ?? null,
        });
      }
    }
  }
  const files = [...texts.keys()].sort();
  const patch = files
    .map((file) => {
      const t = texts.get(file) as { before: string; after: string };
      return filePatch(file, t.before, t.after);
    })
    .join('');
  if (input.write)
    for (const file of files)
      await writeFile(resolve(cwd, file), (texts.get(file) as { after: string }).after);
  return {
    report,
    patch,
    files,
    fixed: accepted.map(({ user, rule }) => ({ user, rule })),
    manual,
  };
}

/** Plans in groups that share no root module and no file with another group, in order. */
function connected<T extends { plan: PlannedFix }>(items: readonly T[]): T[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const owner = new Map<string, number>();
  items.forEach((item, i) => {
    const keys = [
      `root\0${item.plan.def?.root ?? ''}`,
      ...[...item.plan.files.keys()].map((f) => `file\0${f}`),
    ];
    for (const key of keys) {
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(item);
    else groups.set(root, [item]);
  });
  return [...groups.values()];
}
