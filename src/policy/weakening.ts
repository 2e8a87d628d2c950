import { RULES, SEVERITY_RANK, type RuleMeta } from '../rules/index.js';
import { coversEveryName } from './coverage.js';
import { layerRules, PRESETS_BY_NAME, type Preset } from './presets.js';
import type { FailOn } from './schema.js';
import type { Policy, RuleOverride } from './types.js';

/** The gate's default `fail_on`. */
export const DEFAULT_FAIL_ON: FailOn = 'high';

/** Every kind, in the order documented (the report schema lists them). */
export const WEAKENING_KINDS = [
  'rule-disabled',
  'threshold-looser',
  'severity-lowered',
  'exemption-every-user',
  'exemption-users-unclear',
  'exemption-every-rule',
  'service-users-every-user',
  'root-credentials-removed',
  'fail-on-never',
  'fail-on-looser',
  'fail-on-override',
] as const;

export type WeakeningKind =
  | 'root-credentials-removed'
  | 'rule-disabled'
  | 'threshold-looser'
  | 'severity-lowered'
  | 'exemption-every-user'
  | 'exemption-users-unclear'
  | 'exemption-every-rule'
  | 'service-users-every-user'
  | 'fail-on-never'
  | 'fail-on-looser'
  | 'fail-on-override';

/** One way a policy (or the `fail-on` input) makes the gate weaker than its defaults. */
export interface Weakening {
  kind: WeakeningKind;
  /** Where it is set: a policy path (`rules.access-key-age.max_days`) or an input (`--fail-on`). */
  path: string;
  /** The rule concerned, when one is. */
  rule?: string;
  /** Whom it applies to: every user (`rules`) or service users only (`service_users.rules`). */
  scope?: 'all users' | 'service users';
  /** The default (or, for an override, the policy's own value) and what it is set to. */
  from?: string | number | boolean;
  to?: string | number | boolean;
  /** The threshold's unit (`days`, `hours`, `seconds`). */
  unit?: string;
  /** The exemption concerned (0-based index in the policy). */
  exemption?: number;
  /** The preset `from` is of (`extends:`), when it is a preset's rather than the default. */
  preset?: string;
  /** Plain text, for logs and the JSON report (renderers build their own from the fields). */
  message: string;
}

/** How strict a `fail_on` is: lower fails on more (`never` fails on nothing). */
export const failRank = (failOn: FailOn): number =>
  failOn === 'never' ? Infinity : SEVERITY_RANK[failOn];

/** Whether `value` makes a threshold looser than `base`, in the rule's sense of looser. */
export function isLooser(meta: RuleMeta, key: string, value: number, base: number): boolean {
  const setting = meta.settings[key];
  if (!setting) return false;
  return setting.looser === 'higher' ? value > base : value < base;
}

const path = (scope: 'all users' | 'service users', rule: string, key: string): string =>
  rule === 'report-stale' && key === 'max_age_hours' && scope === 'all users'
    ? 'report.max_age_hours'
    : `${scope === 'all users' ? 'rules' : 'service_users.rules'}.${rule}.${key}`;

/**
 * What a rule is before the policy's own settings: its defaults, or what the presets it
 * extends make of them (a policy that extends cis-aws-v7 and sets 90 days back is weaker than
 * what it says it follows).
 */
interface Base {
  enabled: boolean;
  severity: RuleMeta['severity'];
  threshold: (key: string) => number | undefined;
  /** The last preset that sets it (`enabled`, `severity` or a threshold), if one does. */
  preset: (what: string) => string | undefined;
}

const withPreset = (name: string | undefined): { preset?: string } =>
  name === undefined ? {} : { preset: name };

/** Whose value a message names: "the default", or "the preset strict's". */
const whose = (preset: string | undefined): string =>
  preset === undefined ? 'the default' : `the preset ${preset}'s`;

function baseOf(meta: RuleMeta, presets: readonly Preset[]): Base {
  const layered = layerRules(presets, {})[meta.id];
  const sets = (o: RuleOverride, what: string): boolean =>
    what === 'enabled'
      ? o.enabled !== undefined
      : what === 'severity'
        ? o.severity !== undefined
        : o.thresholds[what] !== undefined;
  return {
    enabled: layered?.enabled ?? meta.enabledByDefault,
    severity: layered?.severity ?? meta.severity,
    threshold: (key) => layered?.thresholds[key] ?? meta.settings[key]?.default,
    preset: (what) =>
      presets.findLast((p) => {
        const o = p.rules[meta.id];
        return o !== undefined && sets(o, what);
      })?.name,
  };
}

function overrideWeakenings(
  meta: RuleMeta,
  override: RuleOverride | undefined,
  scope: 'all users' | 'service users',
  base: Base,
): Weakening[] {
  if (!override) return [];
  const out: Weakening[] = [];
  const who = scope === 'all users' ? 'for every user' : 'for service users';
  if (override.enabled === false && base.enabled)
    out.push({
      kind: 'rule-disabled',
      path: path(scope, meta.id, 'enabled'),
      rule: meta.id,
      scope,
      from: true,
      to: false,
      ...withPreset(base.preset('enabled')),
      message: `rule ${meta.id} is disabled ${who} (${base.preset('enabled') === undefined ? 'on by default' : `on in the preset ${base.preset('enabled')}`}).`,
    });
  if (
    override.severity !== undefined &&
    SEVERITY_RANK[override.severity] < SEVERITY_RANK[base.severity]
  )
    out.push({
      kind: 'severity-lowered',
      path: path(scope, meta.id, 'severity'),
      rule: meta.id,
      scope,
      from: base.severity,
      to: override.severity,
      ...withPreset(base.preset('severity')),
      message: `rule ${meta.id} is lowered to severity ${override.severity} ${who} (${base.preset('severity') === undefined ? 'default' : whose(base.preset('severity'))} ${base.severity}).`,
    });
  for (const [key, value] of Object.entries(override.thresholds)) {
    const from = base.threshold(key);
    if (from === undefined || !isLooser(meta, key, value, from)) continue;
    const unit = meta.settings[key]?.unit ?? '';
    out.push({
      kind: 'threshold-looser',
      path: path(scope, meta.id, key),
      rule: meta.id,
      scope,
      from,
      to: value,
      unit,
      ...withPreset(base.preset(key)),
      message: `rule ${meta.id} ${key} is ${value} ${unit} ${who}, looser than ${whose(base.preset(key))} ${from}.`,
    });
  }
  return out;
}

export interface WeakeningOptions {
  /** The `fail-on` input or `--fail-on` flag, when given. */
  failOnOverride?: FailOn | undefined;
  /** Its name, for messages: `--fail-on`, ``input `fail-on` ``. */
  failOnSource?: string | undefined;
}

/**
 * Every way a policy weakens the gate compared with its defaults: warnings, not failures — a
 * policy may have its reasons, but it says them out loud. Pure.
 */
export function analyzeWeakening(policy: Policy, options: WeakeningOptions = {}): Weakening[] {
  const out: Weakening[] = [];
  const presets = policy.presets.map((name) => PRESETS_BY_NAME.get(name) as Preset);
  const presetFailOn = presets.findLast((p) => p.failOn);
  const baseFailOn = presetFailOn?.failOn ?? DEFAULT_FAIL_ON;
  const override = options.failOnOverride;
  const source = options.failOnSource ?? 'fail-on';
  if (override !== undefined && failRank(override) > failRank(policy.failOn))
    out.push({
      kind: 'fail-on-override',
      path: source,
      from: policy.failOn,
      to: override,
      message:
        override === 'never'
          ? `${source} never overrides the policy's fail_on ${policy.failOn}: the gate cannot fail.`
          : `${source} ${override} overrides the policy's stricter fail_on ${policy.failOn}.`,
    });
  else {
    const effective = override ?? policy.failOn;
    const where = override !== undefined && override !== policy.failOn ? source : 'fail_on';
    if (effective === 'never')
      out.push({
        kind: 'fail-on-never',
        path: where,
        from: DEFAULT_FAIL_ON,
        to: 'never',
        message: `${where} is never: the gate only reports, it cannot fail.`,
      });
    else if (failRank(effective) > failRank(baseFailOn))
      out.push({
        kind: 'fail-on-looser',
        path: where,
        from: baseFailOn,
        to: effective,
        ...withPreset(presetFailOn?.name),
        message: `${where} is ${effective}: findings below ${effective} no longer fail the gate (${presetFailOn ? whose(presetFailOn.name) : 'default'} ${baseFailOn}).`,
      });
  }

  for (const { meta } of RULES) {
    const base = baseOf(meta, presets);
    out.push(...overrideWeakenings(meta, policy.rules[meta.id], 'all users', base));
    out.push(
      ...overrideWeakenings(meta, policy.serviceUsers.rules[meta.id], 'service users', base),
    );
  }

  const service = policy.serviceUsers;
  if (service.paths.includes('/') || coversEveryName(service.users) === true)
    out.push({
      kind: 'service-users-every-user',
      path: service.paths.includes('/') ? 'service_users.paths' : 'service_users.users',
      message:
        'service_users covers every user: every user gets the service-user overrides and no human-only rule applies.',
    });

  if (policy.root.credentialsRemoved)
    out.push({
      kind: 'root-credentials-removed',
      path: 'root.credentials',
      rule: 'root-mfa',
      message:
        'root.credentials: removed declares the root credentials removed (centralized root access): root-mfa does not fire while the report shows no root key or certificate.',
    });

  // (a rule about the report cannot be exempted: every rule an exemption can list)
  const allRules = RULES.filter((r) => r.meta.scope !== 'report').map((r) => r.meta.id);
  for (const e of policy.exemptions) {
    const n = e.index + 1;
    const covered = coversEveryName(e.users);
    if (covered !== false)
      out.push({
        kind: covered === true ? 'exemption-every-user' : 'exemption-users-unclear',
        path: `exemptions[${e.index}].users`,
        exemption: e.index,
        message:
          covered === true
            ? `exemption ${n} (until ${e.expires}) matches every user.`
            : `exemption ${n} (until ${e.expires}) has user globs too complex to tell whether they match every user.`,
      });
    if (e.rules === null || allRules.every((id) => e.rules?.includes(id)))
      out.push({
        kind: 'exemption-every-rule',
        path: e.rules === null ? `exemptions[${e.index}]` : `exemptions[${e.index}].rules`,
        exemption: e.index,
        message: `exemption ${n} (until ${e.expires}) covers every rule${e.rules === null ? ' (it lists none)' : ''}.`,
      });
  }
  // Exemptions that each leave someone out may still match every user together, for a rule
  // (`a*` to `z*`, `0*` to `9*`, ... one exemption each): said once per rule they cover so.
  if (!out.some((w) => w.kind === 'exemption-every-user'))
    for (const id of allRules) {
      const covering = policy.exemptions.filter((e) => e.rules === null || e.rules.includes(id));
      if (covering.length < 2 || coversEveryName(covering.flatMap((e) => e.users)) !== true)
        continue;
      const numbers = covering.map((e) => e.index + 1);
      out.push({
        kind: 'exemption-every-user',
        path: 'exemptions',
        rule: id,
        message: `exemptions ${numbers.length > 6 ? `${numbers.slice(0, 5).join(', ')} and ${numbers.length - 5} more` : numbers.join(', ')} together match every user for rule ${id}.`,
      });
    }
  return out;
}
