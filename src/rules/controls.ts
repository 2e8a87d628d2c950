/**
 * The controls the rules cite, as cited. CIS AWS Foundations numbers changed between versions
 * (v5 dropped a recommendation, v6 moved IAM to section 2, v7 added centralized root access), so
 * each citation names its version: the current one (v7.0.0) and the one before (v6.0.0).
 * Sources: the benchmarks as mapped in Prowler's compliance files (cis_6.0_aws.json,
 * cis_7.0_aws.json) and AWS Security Hub CSPM's control reference; see docs/controls.md.
 */
export const SECURITY_HUB = (id: string): string => `AWS Security Hub IAM.${id}`;
export const CIS_V7 = (n: string): string => `CIS AWS Foundations v7.0.0 ${n}`;
export const CIS_V6 = (n: string): string => `CIS AWS Foundations v6.0.0 ${n}`;

/** One recommendation in both versions (`null`: not in that version). */
export const cis = (v7: string | null, v6: string | null): string[] => [
  ...(v7 ? [CIS_V7(v7)] : []),
  ...(v6 ? [CIS_V6(v6)] : []),
];

/** Each limit as the control writes it, for {@link RuleMeta.referenceLimits}. */
export const withLimit = (references: readonly string[], limit: number): Record<string, number> =>
  Object.fromEntries(references.map((r) => [r, limit]));
