import type { RuleMeta } from './types.js';

/**
 * The references a finding cites under the thresholds in force: every reference of the rule,
 * less those whose own threshold is stricter than the effective one (a key unused for 60 days
 * under a 90-day limit does not fail IAM.22, so a 90-day finding does not cite it).
 */
export function citedReferences(meta: RuleMeta, threshold: number | null): readonly string[] {
  const limits = meta.referenceLimits;
  if (!limits || threshold === null) return meta.references;
  const cited = meta.references.filter((r) => limits[r] === undefined || threshold <= limits[r]);
  return cited.length === meta.references.length ? meta.references : cited;
}

/** A reference as documented: with the threshold it needs, when it has one. */
export function describeReference(meta: RuleMeta, reference: string): string {
  const limit = meta.referenceLimits?.[reference];
  const setting = Object.keys(meta.settings)[0];
  return limit === undefined || setting === undefined
    ? reference
    : `${reference} (when ${setting} ≤ ${limit})`;
}
