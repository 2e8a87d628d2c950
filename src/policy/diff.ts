import { resolveSettings, type EffectiveSettings } from '../engine/settings.js';
import { RULES, SEVERITY_RANK, type Rule } from '../rules/index.js';
import type { Exemption, Policy } from './types.js';
import { failRank, isLooser } from './weakening.js';

type Value = string | number | boolean;

/** One difference between the policy at a pull request's base and at its head. */
export type PolicyChange =
  | { kind: 'fail-on'; from: string; to: string; weaker: boolean }
  | {
      kind: 'setting';
      rule: string;
      /** `rules` settings reach every user; `service_users.rules` only service users. */
      scope: 'all users' | 'service users';
      /** `enabled`, `severity` or the rule's threshold key. */
      setting: string;
      from: Value;
      to: Value;
      weaker: boolean;
    }
  | {
      kind: 'service-users';
      field: 'users' | 'paths';
      added: string[];
      removed: string[];
    }
  | {
      kind: 'exemption';
      change: 'added' | 'removed' | 'extended' | 'shortened';
      users: string[];
      rules: string[] | null;
      /** The expiry before (absent when added) and after (absent when removed). */
      from?: string;
      to?: string;
      weaker: boolean;
    };

/** What the policy of a pull request changes: the comparison and where the base came from. */
export interface PolicyChanges {
  /** The base, for the reader, e.g. `policy.yml at 1a2b3c4` (data: render escaped). */
  base: string;
  /** The base had no policy file: compared with the defaults. */
  baseMissing: boolean;
  changes: PolicyChange[];
}

function settingChanges(
  rule: Rule,
  scope: 'all users' | 'service users',
  before: EffectiveSettings,
  after: EffectiveSettings,
  skip: (setting: string) => boolean,
): PolicyChange[] {
  const out: PolicyChange[] = [];
  const push = (setting: string, from: Value, to: Value, weaker: boolean) => {
    if (from !== to && !skip(setting))
      out.push({ kind: 'setting', rule: rule.meta.id, scope, setting, from, to, weaker });
  };
  push('enabled', before.enabled, after.enabled, before.enabled && !after.enabled);
  push(
    'severity',
    before.severity,
    after.severity,
    SEVERITY_RANK[after.severity] < SEVERITY_RANK[before.severity],
  );
  for (const key of Object.keys(rule.meta.settings)) {
    const from = before.thresholds[key] as number;
    const to = after.thresholds[key] as number;
    push(key, from, to, isLooser(rule.meta, key, to, from));
  }
  return out;
}

const exemptionKey = (e: Exemption): string =>
  JSON.stringify([
    [...e.users].map((u) => u.toLowerCase()).sort(),
    e.rules ? [...e.rules].sort() : null,
  ]);

const listChange = (
  field: 'users' | 'paths',
  before: readonly string[],
  after: readonly string[],
) => {
  const added = after.filter((x) => !before.includes(x));
  const removed = before.filter((x) => !after.includes(x));
  return added.length + removed.length > 0
    ? [{ kind: 'service-users' as const, field, added, removed }]
    : [];
};

/**
 * The differences in effect between two loaded policies: `fail_on`, each rule's effective
 * settings (for every user, then for service users where they differ otherwise), the service
 * users, and the exemptions added, removed, extended or shortened. Pure.
 */
export function diffPolicies(before: Policy, after: Policy): PolicyChange[] {
  const out: PolicyChange[] = [];
  if (before.failOn !== after.failOn)
    out.push({
      kind: 'fail-on',
      from: before.failOn,
      to: after.failOn,
      weaker: failRank(after.failOn) > failRank(before.failOn),
    });
  const b = resolveSettings(before);
  const a = resolveSettings(after);
  for (const rule of RULES) {
    const rb = b.regular.get(rule) as EffectiveSettings;
    const ra = a.regular.get(rule) as EffectiveSettings;
    const sb = b.service.get(rule) as EffectiveSettings;
    const sa = a.service.get(rule) as EffectiveSettings;
    out.push(...settingChanges(rule, 'all users', rb, ra, () => false));
    // a service-user change that only follows the change for everyone is not said twice
    const follows = (setting: string): boolean => {
      const pick = (s: EffectiveSettings): Value =>
        setting === 'enabled'
          ? s.enabled
          : setting === 'severity'
            ? s.severity
            : (s.thresholds[setting] as number);
      return pick(sb) === pick(rb) && pick(sa) === pick(ra);
    };
    out.push(...settingChanges(rule, 'service users', sb, sa, follows));
  }
  out.push(...listChange('users', before.serviceUsers.users, after.serviceUsers.users));
  out.push(...listChange('paths', before.serviceUsers.paths, after.serviceUsers.paths));

  const old = new Map<string, Exemption[]>();
  for (const e of before.exemptions)
    old.set(exemptionKey(e), [...(old.get(exemptionKey(e)) ?? []), e]);
  const describe = (e: Exemption) => ({
    users: [...e.users],
    rules: e.rules ? [...e.rules] : null,
  });
  for (const e of after.exemptions) {
    const matches = old.get(exemptionKey(e));
    const previous = matches?.shift();
    if (!previous) {
      out.push({ kind: 'exemption', change: 'added', ...describe(e), to: e.expires, weaker: true });
      continue;
    }
    if (e.expiresAt > previous.expiresAt)
      out.push({
        kind: 'exemption',
        change: 'extended',
        ...describe(e),
        from: previous.expires,
        to: e.expires,
        weaker: true,
      });
    else if (e.expiresAt < previous.expiresAt)
      out.push({
        kind: 'exemption',
        change: 'shortened',
        ...describe(e),
        from: previous.expires,
        to: e.expires,
        weaker: false,
      });
  }
  for (const rest of old.values())
    for (const e of rest)
      out.push({
        kind: 'exemption',
        change: 'removed',
        ...describe(e),
        from: e.expires,
        weaker: false,
      });
  return out;
}
