import type { Policy, Exemption } from '../policy/types.js';
import type { CredentialReport, CredentialRow } from '../report/types.js';
import { NO_ROOT_SIGN_IN, partitionOf } from '../report/types.js';
import {
  RULES,
  SEVERITY_RANK,
  type ReportRule,
  type UserRule,
  type RuleMeta,
  type ThresholdUnit,
  type Violation,
} from '../rules/index.js';
import { DAY_MS } from '../rules/time.js';
import { citedReferences } from '../rules/references.js';
import { rootCredentialsHeld } from '../rules/root-mfa.js';
import type { Credential } from '../rules/types.js';
import { compileWildcards, hasWildcard } from '../util/wildcard.js';
import { ranksInOrder } from '../util/string-order.js';
import { resolveSettings, type EffectiveSettings } from './settings.js';
import {
  SCHEMA_VERSION,
  TOOL_NAME,
  type ExemptionReport,
  type Finding,
  type FindingExemption,
  type GateReport,
  zeroSeverityCounts,
  type PossibleLocation,
  type TerraformFix,
  type TerraformLocation,
} from './types.js';
import { remediationFor, ruleText } from './remediation.js';
import { EvaluatedFinding } from './finding.js';
import { exemptionWarning } from './exemption-warning.js';

export const EXPIRING_SOON_DAYS = 14;

export interface EvaluationOptions {
  policy: Policy;
  /** Evaluation time, epoch ms (the core never reads the clock). */
  now: number;
  /** When AWS generated the report, epoch ms, or `null` when unknown. */
  reportGeneratedAt: number | null;
  accountLabel?: string | null;
  toolVersion: string;
  /**
   * Where a user is defined in Terraform: `undefined` when no Terraform was scanned, `[]` when
   * it was and the user is not there (unmanaged).
   */
  locate?: (user: string, arn: string) => TerraformLocation[] | undefined;
  /** For a user not located: the blocks whose unresolvable name template it fits. */
  possible?: (user: string, arn: string) => PossibleLocation[];
  /** Extra warnings from the adapters (Terraform parse problems, ...). */
  warnings?: readonly string[];
  /**
   * The caller calls `attachFixes` (with or without plans) before it reads the findings: the
   * advice of a located finding is written once, there, not first without its plan.
   */
  fixesFollow?: boolean;
}

export interface EvaluateOptions extends EvaluationOptions {
  report: CredentialReport;
}

/** What the evaluation needs to know of the whole report once every row is in. */
export interface ReportFacts {
  accountId: string | null;
  users: number;
  warnings: readonly string[];
}

/** The edit plan of one located finding, computed from the evaluation's findings. */
export type FixFor = (
  rule: string,
  user: string,
  location: TerraformLocation,
) => TerraformFix | undefined;

export interface Evaluation {
  /** Evaluates one row; rows can be fed as they are parsed, and need not be kept. */
  addRow(row: CredentialRow): void;
  finish(report: ReportFacts): GateReport;
  /**
   * After `finish`: the edit plans of the located findings (computed from them), attached in
   * place, their advice written from the plan (see terraform/planner.ts). Only
   * the rows of located users are kept for it.
   */
  attachFixes(fixFor: FixFor): void;
}

/** Evaluates every rule on every row and applies the policy. Pure: same input, same output. */
export function evaluate(options: EvaluateOptions): GateReport {
  const evaluation = createEvaluation(options);
  for (const row of options.report.rows) evaluation.addRow(row);
  return evaluation.finish({
    accountId: options.report.accountId,
    users: options.report.rows.length,
    warnings: options.report.warnings,
  });
}

const NO_LOCATIONS: readonly TerraformLocation[] = Object.freeze([]);
const THRESHOLD_KEY = new Map(RULES.map((r) => [r.meta, Object.keys(r.meta.settings)[0]]));

/** The evaluation, row by row; `finish` applies the report-level rules and sorts. */
export function createEvaluation(options: EvaluationOptions): Evaluation {
  const { policy, now, reportGeneratedAt } = options;
  const { regular, service } = resolveSettings(policy);
  const isServiceName = compileWildcards(policy.serviceUsers.users);
  const isServiceUser = (row: CredentialRow): boolean =>
    !row.isRoot &&
    (isServiceName(row.user) || policy.serviceUsers.paths.some((p) => row.path.startsWith(p)));
  let account = 'unknown';
  const exemptions = policy.exemptions.map((e) => ({
    exemption: e,
    matches: compileWildcards(e.users),
    matched: 0,
  }));
  // The exemptions that can match a user: those naming it exactly (by lower-cased name, as
  // matching ignores case) and those with a wildcard — not every exemption for every finding.
  const byName = new Map<string, typeof exemptions>();
  for (const entry of exemptions)
    for (const name of new Set(
      entry.exemption.users.filter((p) => !hasWildcard(p)).map((p) => p.toLowerCase()),
    )) {
      const list = byName.get(name);
      if (list) list.push(entry);
      else byName.set(name, [entry]);
    }
  const withWildcards = exemptions.filter((entry) => entry.exemption.users.some(hasWildcard));
  const candidates = (user: string) => {
    const named = byName.size === 0 ? undefined : byName.get(user.toLowerCase());
    if (!named) return withWildcards;
    if (withWildcards.length === 0) return named;
    // in the policy's order: the first exemption that applies is the one reported
    return [...new Set([...named, ...withWildcards])].sort(
      (a, b) => a.exemption.index - b.exemption.index,
    );
  };
  const failRank = policy.failOn === 'never' ? Infinity : SEVERITY_RANK[policy.failOn];

  // By severity (critical first) as they come, so the final sort only orders within a severity.
  const bySeverityRank: Finding[][] = [[], [], [], [], []];
  // With each of those, where its user is in `users` (-1 for the report's own findings): the
  // users of the rows with findings, as they came, ranked once in `finish` to order the findings.
  const userSeqBySeverityRank: number[][] = [[], [], [], [], []];
  const users: string[] = [];
  let lastUser: string | null = null;
  // The rules that have findings: their texts are the report's `rules`.
  const used = new Set<RuleMeta>();
  const userRules = RULES.filter((r): r is UserRule => r.meta.scope !== 'report');
  const certificateRules = new Set(['root-certificate', 'certificate-age']);

  // What a finding takes from its rule's settings, worked out once per settings, not per finding.
  const facts = new Map<
    EffectiveSettings,
    {
      threshold: number | null;
      unit: ThresholdUnit | null;
      failing: boolean;
      references: readonly string[];
    }
  >();
  const factsOf = (meta: RuleMeta, settings: EffectiveSettings) => {
    let f = facts.get(settings);
    if (!f) {
      const key = THRESHOLD_KEY.get(meta);
      const threshold = key !== undefined ? (settings.thresholds[key] ?? null) : null;
      f = {
        threshold,
        unit: key !== undefined ? (meta.settings[key]?.unit ?? null) : null,
        failing: SEVERITY_RANK[settings.severity] >= failRank,
        // the controls whose own threshold the effective one meets, and only those
        references: citedReferences(meta, threshold),
      };
      facts.set(settings, f);
    }
    return f;
  };

  const add = (
    meta: RuleMeta,
    settings: EffectiveSettings,
    violation: Violation,
    row: CredentialRow | null,
    serviceUser: boolean,
  ): void => {
    const { threshold, unit, failing, references } = factsOf(meta, settings);
    const exemption = row ? exemptionFor(row.user, meta.id) : null;
    const exempted = exemption?.status === 'active';
    const severity = settings.severity;
    let message = violation.message;
    if (exemption?.status === 'expired')
      message += ` The exemption for this (policy exemption ${exemption.index + 1}, “${exemption.reason}”) expired ${exemption.expires}.`;
    const terraform = row && options.locate ? options.locate(row.user, row.arn) : undefined;
    const possible =
      row && terraform?.length === 0 ? options.possible?.(row.user, row.arn) : undefined;
    const keptForFixes = row && terraform !== undefined && terraform.length > 0;
    const { advice, cli } =
      keptForFixes && options.fixesFollow
        ? UNWRITTEN
        : remediationFor(meta, violation.credential, row, terraform, possible);
    const user = row?.user ?? null;
    used.add(meta);
    // Findings outlive the row; reading a character flattens a concatenated string in place, so
    // what survives is one string instead of a tree of pieces (much less for the GC to copy).
    message.charCodeAt(0);
    const finding = new EvaluatedFinding(
      account,
      meta.id,
      severity,
      user,
      row?.arn ?? null,
      violation.credential,
      violation.days,
      threshold,
      unit,
      serviceUser,
      !exempted && failing,
      exempted,
      exemption,
      message,
      advice,
      cli,
      references as string[],
      terraform ?? (NO_LOCATIONS as TerraformLocation[]),
    );
    // a row's findings come one after another (told by its user's name, not by the row object)
    if (row !== null && row.user !== lastUser) {
      lastUser = row.user;
      users.push(row.user);
    }
    const rank = SEVERITY_RANK[severity];
    bySeverityRank[rank]?.push(finding);
    userSeqBySeverityRank[rank]?.push(row === null ? -1 : users.length - 1);
    if (keptForFixes && row)
      relocatable.push({ finding, meta, credential: violation.credential, row });
  };
  /** The advice of a located finding until attachFixes writes it (see fixesFollow). */
  const UNWRITTEN = { advice: '', cli: null };
  /** The located findings, with what their advice is written from (see attachFixes). */
  const relocatable: {
    finding: EvaluatedFinding;
    meta: RuleMeta;
    credential: Violation['credential'];
    row: CredentialRow;
  }[] = [];

  const exemptionFor = (user: string, rule: string): FindingExemption | null => {
    let expired: Exemption | undefined;
    let active: Exemption | undefined;
    for (const entry of candidates(user)) {
      const e = entry.exemption;
      if ((e.rules !== null && !e.rules.includes(rule)) || !entry.matches(user)) continue;
      entry.matched++;
      if (now <= e.expiresAt) active ??= e;
      else expired ??= e;
    }
    const chosen = active ?? expired;
    if (!chosen) return null;
    // one object for each exemption and status, shared by the findings it applies to
    const key = chosen.index * 2 + (active ? 1 : 0);
    let shown = shownExemptions.get(key);
    if (!shown) {
      shown = Object.freeze({
        index: chosen.index,
        reason: chosen.reason,
        expires: chosen.expires,
        ticket: chosen.ticket,
        status: active ? 'active' : 'expired',
      });
      shownExemptions.set(key, shown);
    }
    return shown;
  };
  const shownExemptions = new Map<number, FindingExemption>();

  // The enabled rules with their settings and context, worked out once for each kind of row.
  const plan = (root: boolean, serviceUser: boolean) =>
    userRules
      .filter((rule) => (rule.meta.scope === 'root') === root)
      .map((rule) => {
        const settings = (serviceUser ? service : regular).get(rule) as EffectiveSettings;
        return {
          rule,
          settings,
          context: {
            now,
            settings: settings.thresholds,
            serviceUser,
            rootCredentialsRemoved: policy.root.credentialsRemoved,
          },
        };
      })
      .filter((p) => p.settings.enabled);
  const plans = {
    root: plan(true, false),
    regular: plan(false, false),
    service: plan(false, true),
  };

  const notes: string[] = [];
  const rootMfaOn = plans.root.some((p) => p.rule.meta.id === 'root-mfa');
  const addRow = (row: CredentialRow): void => {
    if (row.isRoot && rootMfaOn && !row.mfaActive) {
      if (policy.root.credentialsRemoved && rootCredentialsHeld(row).length === 0)
        notes.push(
          'root-mfa is not checked: the policy declares this account’s root credentials removed (root.credentials: removed, AWS Organizations centralized root access), and the report shows no root access key or certificate. The report cannot show a root password: confirm with `aws iam get-account-summary` (AccountPasswordPresent 0, AccountMFAEnabled 0).',
        );
      const why = NO_ROOT_SIGN_IN.get(partitionOf(row.arn));
      if (why)
        notes.push(
          `root-mfa does not apply to this account's root user: ${why} (Security Hub IAM.6 and IAM.9 are not available in the ${partitionOf(row.arn)} partition). Its access keys and certificates are still checked.`,
        );
    }
    // every row is of one account (the parser checks it)
    if (account === 'unknown') account = row.arn.split(':')[4] ?? 'unknown';
    const serviceUser = isServiceUser(row);
    const rules = row.isRoot ? plans.root : serviceUser ? plans.service : plans.regular;
    for (const { rule, settings, context } of rules) {
      if (row.certificates === null && certificateRules.has(rule.meta.id)) continue;
      const violations = rule.evaluate(row, context);
      for (let i = 0; i < violations.length; i++)
        add(rule.meta, settings, violations[i] as Violation, row, serviceUser);
    }
  };

  const finish = (report: ReportFacts): GateReport => {
    account = report.accountId ?? account;
    for (const rule of RULES.filter((r): r is ReportRule => r.meta.scope === 'report')) {
      const settings = regular.get(rule) as EffectiveSettings;
      if (!settings.enabled) continue;
      for (const violation of rule.evaluate(
        { generatedAt: reportGeneratedAt },
        { now, settings: settings.thresholds, serviceUser: false },
      ))
        add(rule.meta, settings, violation, null, false);
    }

    const userRanks = ranksInOrder(users);
    const findings = new Array<Finding>(bySeverityRank.reduce((n, list) => n + list.length, 0));
    for (let rank = bySeverityRank.length - 1, at = 0; rank >= 0; rank--)
      at = placeInOrder(
        bySeverityRank[rank] as Finding[],
        userSeqBySeverityRank[rank] as number[],
        userRanks,
        findings,
        at,
      );

    const warnings = [...report.warnings, ...(options.warnings ?? []), ...notes];
    const staleRule = RULES.find((r) => r.meta.scope === 'report');
    if (reportGeneratedAt === null && staleRule && regular.get(staleRule)?.enabled)
      warnings.push(
        'The report’s generation time is unknown, so its age was not checked (rule report-stale): use `fetch`, which records it in `<report>.meta.json`, or pass `--report-generated-at`.',
      );
    const exemptionReports: ExemptionReport[] = exemptions.map(({ exemption: e, matched }) => {
      const status =
        now > e.expiresAt
          ? 'expired'
          : matched === 0
            ? 'unused'
            : e.expiresAt - now <= EXPIRING_SOON_DAYS * DAY_MS
              ? 'expiring-soon'
              : 'active';
      const warning = exemptionWarning({ ...e, status, matched });
      if (warning) warnings.push(warning);
      return {
        index: e.index,
        users: [...e.users],
        rules: e.rules ? [...e.rules] : null,
        reason: e.reason,
        expires: e.expires,
        ticket: e.ticket,
        status,
        matched,
      };
    });

    const bySeverity = zeroSeverityCounts();
    const failingBySeverity = zeroSeverityCounts();
    let failing = 0;
    let exempted = 0;
    for (const f of findings) {
      bySeverity[f.severity]++;
      if (f.failing) {
        failing++;
        failingBySeverity[f.severity]++;
      }
      if (f.exempted) exempted++;
    }

    return {
      schemaVersion: SCHEMA_VERSION,
      tool: { name: TOOL_NAME, version: options.toolVersion },
      account: { id: report.accountId, label: options.accountLabel ?? null },
      evaluatedAt: new Date(now).toISOString(),
      reportGeneratedAt:
        reportGeneratedAt === null ? null : new Date(reportGeneratedAt).toISOString(),
      policy: { failOn: policy.failOn, file: policy.file },
      passed: failing === 0,
      summary: {
        users: report.users,
        findings: findings.length,
        failing,
        exempted,
        bySeverity,
        failingBySeverity,
      },
      rules: Object.fromEntries(
        RULES.filter((r) => used.has(r.meta)).map((r) => [r.meta.id, ruleText(r.meta)]),
      ),
      findings,
      exemptions: exemptionReports,
      warnings,
    };
  };

  const attachFixes = (fixFor: FixFor): void => {
    for (const { finding, meta, credential, row } of relocatable) {
      const terraform = finding.terraform.map((t) => {
        const fix = fixFor(meta.id, row.user, t);
        return fix ? { ...t, fix } : t;
      });
      const { advice, cli } = remediationFor(meta, credential, row, terraform, undefined);
      finding.terraform = terraform;
      finding.advice = advice;
      finding.cli = cli;
    }
  };

  return { addRow, finish, attachFixes };
}

/** The order of a user's findings of one rule: the user, then each credential in the report's order. */
const CREDENTIAL_RANK: Record<Credential, number> = {
  report: 0,
  user: 1,
  password: 2,
  mfa: 3,
  access_key_1: 4,
  access_key_2: 5,
  cert_1: 6,
  cert_2: 7,
};

/** What findings are ordered by. */
type Ordered = Pick<Finding, 'severity' | 'user' | 'rule' | 'credential'>;

/** Severity (worst first), then user (the report itself first), then rule, then credential. */
export function compareFindings(a: Ordered, b: Ordered): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareWithinSeverity(a, b);
}

/**
 * Places the findings of one severity in `out` from `base` on, in the order of
 * {@link compareWithinSeverity}: by their user's rank (a counting sort: `users[i]` ranks
 * `userRanks[i]`, and `userSeqs` gives each finding's `i`, -1 for the report's own, which come
 * first), then each user's few findings by rule and credential. Stable, as the sort it stands
 * for. Returns where the next severity's go.
 */
function placeInOrder(
  list: readonly Finding[],
  userSeqs: readonly number[],
  userRanks: Int32Array,
  out: Finding[],
  base: number,
): number {
  const n = list.length;
  if (n === 0) return base;
  // bucket 0: no user; bucket r + 1: the user of rank r. ends[b]: where bucket b's next goes
  const keyOf = (i: number): number => {
    const seq = userSeqs[i] as number;
    return seq < 0 ? 0 : (userRanks[seq] as number) + 1;
  };
  const ends = new Int32Array(userRanks.length + 2);
  for (let i = 0; i < n; i++) {
    const next = keyOf(i) + 1;
    ends[next] = (ends[next] as number) + 1;
  }
  ends[0] = base;
  for (let b = 1; b < ends.length; b++) ends[b] = (ends[b] as number) + (ends[b - 1] as number);
  for (let i = 0; i < n; i++) {
    const key = keyOf(i);
    const at = ends[key] as number;
    ends[key] = at + 1;
    out[at] = list[i] as Finding;
  }
  // now ends[b] is where bucket b ends; each holds one user's findings (or the report's):
  // in order by rule and credential
  for (let b = 0, lo = base; b < ends.length; b++) {
    const hi = ends[b] as number;
    if (hi - lo > 1) sortRange(out, lo, hi, compareWithinSeverity);
    lo = hi;
  }
  return base + n;
}

/**
 * Sorts `items[lo, hi)` in place, stably: by insertion, for the few findings of one user; by
 * the native sort when there are many (rows of one name fed by a caller other than the parser).
 */
function sortRange<T>(items: T[], lo: number, hi: number, compare: (a: T, b: T) => number) {
  if (hi - lo > 32) {
    const sorted = items.slice(lo, hi).sort(compare);
    for (let k = 0; k < sorted.length; k++) items[lo + k] = sorted[k] as T;
    return;
  }
  for (let i = lo + 1; i < hi; i++) {
    const item = items[i] as T;
    let j = i;
    while (j > lo && compare(items[j - 1] as T, item) > 0) {
      items[j] = items[j - 1] as T;
      j--;
    }
    items[j] = item;
  }
}

/** {@link compareFindings} for findings of one severity. */
function compareWithinSeverity(a: Ordered, b: Ordered): number {
  return (
    compareNullable(a.user, b.user) ||
    compareStrings(a.rule, b.rule) ||
    CREDENTIAL_RANK[a.credential] - CREDENTIAL_RANK[b.credential]
  );
}

// (two strings that are not the same are ordered by one comparison: `<`, else `>`)
const compareStrings = (a: string, b: string): number => (a === b ? 0 : a < b ? -1 : 1);
const compareNullable = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
