// The edit plans of a report's located findings: computed once the rows are evaluated (a plan
// is async: it re-scans the Terraform), looked up when they are evaluated again.
import { fixTargetOf } from '../engine/remediation.js';
import type { Finding, TerraformFix, TerraformLocation } from '../engine/types.js';
import type { Planner, PlannedFix } from '../terraform/planner.js';
import type { TerraformIndex } from '../terraform/scan.js';

export interface FindingPlans {
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
 * it applies together once more).
 */
export async function planFindings(
  index: TerraformIndex,
  findings: readonly Finding[],
  cwd: string = process.cwd(),
): Promise<FindingPlans | undefined> {
  const wanted = findings.filter(
    (f) => f.user !== null && f.terraform.some((t) => t.kind !== 'state') && fixTargetOf(f.rule),
  );
  if (wanted.length === 0) return undefined;
  const { createPlanner } = await import('../terraform/planner.js');
  const planner = await createPlanner(index, cwd);
  const fixes = new Map<string, PlannedFix>();
  for (const f of wanted) {
    const target = fixTargetOf(f.rule);
    if (!target || f.user === null) continue;
    for (const t of f.terraform) {
      const key = planKey(f.rule, f.user, t);
      if (t.kind === 'state' || fixes.has(key)) continue;
      fixes.set(key, await planner.plan(f.user, t, target, { defer: true }));
    }
  }
  await planner.settle([...fixes.values()]);
  return { planner, fixes };
}

/** Rules whose fix replaces a credential: their plan removes nothing (see remediation.ts). */
const ROTATION = new Set(['access-key-age', 'certificate-age']);

/** The lookup the second evaluation uses. */
export const fixLookup =
  (fixes: ReadonlyMap<string, PlannedFix>) =>
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
