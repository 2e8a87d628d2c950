import type { Policy, RuleOverride } from '../policy/types.js';
import { RULES, type Rule, type Severity } from '../rules/index.js';

export interface EffectiveSettings {
  enabled: boolean;
  severity: Severity;
  thresholds: Readonly<Record<string, number>>;
}

function apply(base: EffectiveSettings, override: RuleOverride | undefined): EffectiveSettings {
  if (!override) return base;
  return {
    enabled: override.enabled ?? base.enabled,
    severity: override.severity ?? base.severity,
    thresholds: { ...base.thresholds, ...override.thresholds },
  };
}

/** defaults ← `rules` ← (service users only) `service_users.rules`, for every rule, computed once. */
export function resolveSettings(policy: Policy): {
  regular: ReadonlyMap<Rule, EffectiveSettings>;
  service: ReadonlyMap<Rule, EffectiveSettings>;
} {
  const regular = new Map<Rule, EffectiveSettings>();
  const service = new Map<Rule, EffectiveSettings>();
  for (const rule of RULES) {
    const { meta } = rule;
    const defaults: EffectiveSettings = {
      enabled: meta.enabledByDefault,
      severity: meta.severity,
      thresholds: Object.fromEntries(Object.entries(meta.settings).map(([k, s]) => [k, s.default])),
    };
    const forAll = apply(defaults, policy.rules[meta.id]);
    regular.set(rule, forAll);
    service.set(rule, apply(forAll, policy.serviceUsers.rules[meta.id]));
  }
  return { regular, service };
}
