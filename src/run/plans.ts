// The edit plans of a report's located findings: computed once the rows are evaluated (a plan
// is async: it re-scans the Terraform), looked up when they are evaluated again.
import { fixTargetOf } from '../engine/remediation.js';
import type { Finding, TerraformFix, TerraformLocation } from '../engine/types.js';
import type { PlanSource } from '../terraform/locate.js';
import type { FixTarget, Planner, PlannedFix } from '../terraform/planner.js';

/** The plans made now (with the planner that combines them), or a result cache's fixes. */
export type FindingPlans =
  MadePlans | { planner?: undefined; fixes: Map<string, { fix: TerraformFix }> };

export interface MadePlans {
  planner: Planner;
  /** By planKey. */
  fixes: Map<string, PlannedFix>;
}

/** The plan of one rule's target for one location of a user. */
export const planKey = (rule: string, user: string, t: TerraformLocation): string =>
  `${fixTargetOf(rule) ?? ''}\0${user.toLowerCase()}\0${t.address}\0${t.block.address}\0${t.file}:${t.line}`;

/**
 * Plans every located finding whose rule removes something in Terraform, verified a root
 * module at a time (its plans together, each alone where they do not fit; `fix` verifies what
 * it applies together once more). The same set of plans asked for again, on Terraform whose
 * files have not changed, is the result cache's (see result-cache.ts), unless `planner` is
 * asked for (`fix` combines the plans themselves).
 */
export async function planFindings(
  source: PlanSource,
  findings: readonly Finding[],
  options: { planner?: boolean; cwd?: string } = {},
): Promise<FindingPlans | undefined> {
  const asked: { key: string; user: string; t: TerraformLocation; target: FixTarget }[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const target = fixTargetOf(f.rule);
    if (!target || f.user === null) continue;
    for (const t of f.terraform) {
      const key = planKey(f.rule, f.user, t);
      if (t.kind === 'state' || seen.has(key)) continue;
      seen.add(key);
      asked.push({ key, user: f.user, t, target });
    }
  }
  if (asked.length === 0) return undefined;
  const keys = asked.map((a) => a.key);
  const kept = options.planner ? undefined : source.kept(keys);
  if (kept && asked.every((a) => kept.has(a.key)))
    return {
      fixes: new Map(asked.map((a) => [a.key, { fix: kept.get(a.key) as TerraformFix }])),
    };
  const { createPlanner } = await import('../terraform/planner.js');
  const planner = await createPlanner(await source.index(), options.cwd ?? process.cwd());
  const fixes = new Map<string, PlannedFix>();
  for (const a of asked)
    fixes.set(a.key, await planner.plan(a.user, a.t, a.target, { defer: true }));
  await planner.settle([...fixes.values()]);
  source.keep(keys, new Map([...fixes].map(([key, p]) => [key, p.fix])));
  return { planner, fixes };
}

/** Rules whose fix replaces a credential: their plan removes nothing (see remediation.ts). */
const ROTATION = new Set(['access-key-age', 'certificate-age']);

/** The lookup the second evaluation uses. */
export const fixLookup =
  (fixes: ReadonlyMap<string, { fix: TerraformFix }>) =>
  (rule: string, user: string, t: TerraformLocation): TerraformFix | undefined => {
    const fix = fixTargetOf(rule) ? fixes.get(planKey(rule, user, t))?.fix : undefined;
    if (!fix || !ROTATION.has(rule)) return fix;
    const place = fix.edits[0]
      ? { file: fix.edits[0].file, line: fix.edits[0].firstLine }
      : (fix.place ?? { file: t.file ?? '', line: t.line ?? 0 });
    return {
      status: 'manual',
      edits: [],
      destroys: [],
      reason:
        'a rotation replaces the credential rather than removing it: `terraform apply -replace=...` once the workload can take a new one',
      place,
    };
  };
