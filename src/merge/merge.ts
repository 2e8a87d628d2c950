import { isDeepStrictEqual } from 'node:util';
import { InputError } from '../errors.js';
import { codeSpan } from '../util/code-span.js';
import { compareFindings } from '../engine/evaluate.js';
import {
  SCHEMA_VERSION,
  TOOL_NAME,
  type GateReportJson,
  type RuleText,
  zeroSeverityCounts,
} from '../engine/types.js';
import type { FailOn } from '../policy/schema.js';
import { RULES } from '../rules/index.js';
import { SEVERITIES } from '../rules/types.js';
import { checkConsistency, failsUnder, stricter, wholeHours } from './recompute.js';
import { parseStrictJson } from '../util/strict-json.js';
import type { AccountResult, MergedFinding, MergedReport } from './types.js';
import { validateReport, type ErrorReport } from './validate.js';
import { DEFAULT_MAX_REPORT_AGE_HOURS } from './max-age.js';

const HOUR_MS = 3_600_000;
/** An errored account's message is shown up to this many characters. */
const MAX_ERROR_LENGTH = 2_000;

export interface ReportFile {
  file: string;
  data: unknown;
}

/** The merge's `fail_on` when none is given: the policy's default. */
export const DEFAULT_MERGE_FAIL_ON: FailOn = 'high';
/** Reads a per-account report strictly: valid JSON without duplicate keys (see strict-json.ts). */
export const readReport = (text: string, file: string): ReportFile => ({
  file,
  data: parseStrictJson(text, file),
});

/**
 * Checks that a parsed JSON file is a report of this tool, of a schema version this one reads,
 * valid against schema/report.schema.json and agreeing with its own findings.
 */
function asReport(input: ReportFile, now: number): GateReportJson | ErrorReport {
  const d = input.data as Partial<GateReportJson & ErrorReport> | null;
  if (!d || typeof d !== 'object' || Array.isArray(d) || d.tool?.name !== TOOL_NAME)
    throw new InputError(`not a report of ${TOOL_NAME} (no "tool": { "name": "${TOOL_NAME}" })`, {
      file: input.file,
    });
  if (d.schemaVersion !== SCHEMA_VERSION)
    throw new InputError(
      `unsupported schemaVersion ${JSON.stringify(d.schemaVersion)} (this version reads ${SCHEMA_VERSION})`,
      { file: input.file, path: '$.schemaVersion' },
      'merge reports written by the same major version of the gate',
    );
  if ((d as { kind?: string }).kind === 'merged')
    throw new InputError('is already a merged report; merge the per-account reports', {
      file: input.file,
    });
  const report = validateReport(d, input.file);
  if (!('error' in report)) checkConsistency(report, input.file, now);
  return report;
}

/** `keep: 'failing'` keeps at most this many failing findings (more than any Markdown surface shows). */
export const DETAIL_FINDINGS = 10_000;
/** ... and at most this many of one account (its table says how many more there are). */
export const DETAIL_PER_ACCOUNT = 200;
/** Warnings kept verbatim; the rest are counted (each account's are in its own report). */
export const MAX_WARNINGS = 1_000;

export interface MergeOptions {
  expectAccounts?: readonly string[] | undefined;
  toolVersion: string;
  /** The merge's time, epoch ms: report ages are counted from it. */
  now: number;
  /** No account is held to a weaker `fail_on` (default `high`). */
  failOn?: FailOn | undefined;
  /** Reports evaluated longer ago make their account stale (default 48). */
  maxReportAgeHours?: number | undefined;
  /**
   * `all`: every finding is kept in the merged report. `failing`: only failing ones, of the
   * worst accounts, at most {@link DETAIL_FINDINGS} ({@link DETAIL_PER_ACCOUNT} an account) —
   * what Markdown shows; every finding is counted all the same, and handed to `onAccount`.
   */
  keep?: 'all' | 'failing' | undefined;
  /**
   * Each account with a result as soon as its report is read and checked, with its findings
   * (`failing` recomputed, tagged with the account) and its report's rule texts: the merged
   * JSON and SARIF are written from here, one account at a time.
   */
  onAccount?: (
    account: AccountResult,
    findings: readonly MergedFinding[],
    rules: Readonly<Record<string, RuleText>>,
  ) => void;
}

/** Worst first: errored, missing, stale, failed, passed. */
const STATUS_ORDER = { errored: 0, missing: 1, stale: 2, failed: 3, passed: 4 } as const;

/** Worst first: by status, then the most failing findings of the worst severity, then name. */
export function compareAccounts(a: AccountResult, b: AccountResult): number {
  const byStatus = STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
  if (byStatus !== 0) return byStatus;
  const fa = a.failingBySeverity;
  const fb = b.failingBySeverity;
  if (fa && fb) for (const x of SEVERITIES) if (fa[x] !== fb[x]) return fb[x] - fa[x];
  return compareText(a.label ?? a.id ?? '', b.label ?? b.id ?? '');
}

/**
 * Combines per-account JSON reports into one verdict, one report at a time: each is checked,
 * its verdicts recomputed and handed on (`onAccount`), and only its totals kept (and, as
 * `keep` says, its findings). An errored account, or one expected and absent, fails the
 * merge: silence is never a pass.
 */
export class Merger {
  private readonly keepAll: boolean;
  private readonly mergeFailOn: FailOn;
  private readonly maxAgeHours: number;
  private total = 0;
  private failingTotal = 0;
  private exempted = 0;
  private readonly others = new Map<
    string,
    { findings: number; exempted: number; accounts: Set<string> }
  >();
  private readonly accounts: AccountResult[] = [];
  /** `keep: 'all'`: every account's findings, in the order read. */
  private readonly all: MergedFinding[][] = [];
  /** `keep: 'failing'`: the worst accounts' failing findings, worst first, within the bounds. */
  private readonly detail: { account: AccountResult; findings: MergedFinding[] }[] = [];
  private detailSize = 0;
  private readonly warnings: string[] = [];
  private warningsLeftOut = 0;
  private readonly seen = new Map<string, string>();
  private readonly rules = new Map<string, RuleText>();
  private readonly differing = new Set<string>();
  private readonly failingBySeverity = zeroSeverityCounts();

  constructor(private readonly options: MergeOptions) {
    this.keepAll = (options.keep ?? 'all') === 'all';
    this.mergeFailOn = options.failOn ?? DEFAULT_MERGE_FAIL_ON;
    this.maxAgeHours = options.maxReportAgeHours ?? DEFAULT_MAX_REPORT_AGE_HOURS;
    if (options.expectAccounts?.length === 0)
      throw new InputError(
        'the list of expected accounts is empty',
        {},
        'list the accounts that must have a report, or leave the option out',
      );
  }

  /** Reads one report into the merge (it is not kept). */
  add(input: ReportFile): void {
    const { now } = this.options;
    const report = asReport(input, now);
    const id = report.account?.id ?? null;
    const label = report.account?.label ?? null;
    if (id !== null) {
      const previous = this.seen.get(id);
      if (previous !== undefined)
        throw new InputError(
          `account ${id} appears twice (also in ${previous})`,
          { file: input.file, path: '$.account.id' },
          'each account is checked by one job',
        );
      this.seen.set(id, input.file);
    }
    if ('error' in report) {
      const message = report.error.message;
      // the job's own error, cut short: an artifact's text is not the merged summary's to fill
      this.accounts.push(
        noResult(
          id,
          label,
          'errored',
          input.file,
          message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message,
        ),
      );
      return;
    }
    // Every finding's verdict again, under the stricter of the account's and the merge's fail_on.
    const failOn = stricter(report.policy.failOn, this.mergeFailOn);
    const failingBySeverity = zeroSeverityCounts();
    let failing = 0;
    const account = { id, label };
    // Each report's findings, in their own order (each report is sorted already; sorted again
    // here in linear time for a report that is not), tagged in place with their account.
    const own = (report.findings as MergedFinding[]).sort(compareFindings);
    const failingOnes: MergedFinding[] = [];
    for (const [rule, text] of Object.entries(report.rules)) {
      const known = this.rules.get(rule);
      if (known === undefined) this.rules.set(rule, text);
      else if (!this.differing.has(rule) && !sameText(known, text)) {
        this.differing.add(rule);
        this.warn(
          `${codeSpan(label ?? id ?? input.file)}: the texts of rule ${rule} differ from another report's (another version of the gate?); the merged report keeps the first`,
        );
      }
    }
    for (const f of own) {
      f.account = account;
      f.exempted = f.exemption?.status === 'active';
      f.failing = !f.exempted && failsUnder(f.severity, failOn);
      this.total++;
      if (f.exempted) this.exempted++;
      if (f.failing) {
        failing++;
        failingBySeverity[f.severity]++;
        if (!this.keepAll && failingOnes.length < DETAIL_PER_ACCOUNT) failingOnes.push(f);
      } else {
        let entry = this.others.get(f.rule);
        if (entry === undefined)
          this.others.set(f.rule, (entry = { findings: 0, exempted: 0, accounts: new Set() }));
        entry.findings++;
        if (f.exempted) entry.exempted++;
        entry.accounts.add(id ?? input.file);
      }
    }
    this.failingTotal += failing;
    for (const x of SEVERITIES) this.failingBySeverity[x] += failingBySeverity[x];
    const ageMs = now - Date.parse(report.evaluatedAt);
    const ageHours = Math.max(0, wholeHours(ageMs));
    const stale = ageMs > this.maxAgeHours * HOUR_MS;
    const result: AccountResult = {
      id,
      label,
      status: stale ? 'stale' : failing > 0 ? 'failed' : 'passed',
      file: input.file,
      users: report.summary.users,
      findings: report.findings.length,
      failing,
      failingBySeverity,
      failOn: report.policy.failOn,
      policyFile: report.policy.file,
      reportGeneratedAt: report.reportGeneratedAt,
      evaluatedAt: report.evaluatedAt,
      evaluationAgeHours: ageHours,
      error: stale
        ? `stale: evaluated ${report.evaluatedAt}, ${ageHours} h before the merge, more than the ${this.maxAgeHours} h accepted (max-report-age-hours)`
        : null,
    };
    this.accounts.push(result);
    this.options.onAccount?.(result, own, report.rules);
    if (this.keepAll) this.all.push(own);
    else if (failingOnes.length > 0) this.keepDetail(result, failingOnes);
    for (const w of report.warnings ?? [])
      this.warn(`${codeSpan(label ?? id ?? input.file)}: ${w}`);
  }

  /** Keeps an account's failing findings if it is among the worst within the bounds. */
  private keepDetail(account: AccountResult, findings: MergedFinding[]): void {
    const list = this.detail;
    // binary search for its place, worst first
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareAccounts((list[mid] as (typeof list)[number]).account, account) <= 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo === list.length && this.detailSize + findings.length > DETAIL_FINDINGS) return;
    list.splice(lo, 0, { account, findings });
    this.detailSize += findings.length;
    // the least bad go first, as long as what stays is within the bound
    while (this.detailSize > DETAIL_FINDINGS && list.length > 1) {
      const last = list.pop() as (typeof list)[number];
      this.detailSize -= last.findings.length;
    }
  }

  private warn(text: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(text);
    else this.warningsLeftOut++;
  }

  /** The merged report: every account accounted for, worst first. */
  finish(): MergedReport {
    const { options } = this;
    const accounts = this.accounts;
    const present = new Set(accounts.map((a) => a.id));
    for (const expected of options.expectAccounts ?? []) {
      if (this.seen.has(expected) || present.has(expected)) continue;
      present.add(expected);
      accounts.push(
        noResult(
          expected,
          null,
          'missing',
          null,
          'no report: the job did not run, or did not upload its JSON report',
        ),
      );
    }
    const expected = new Set(options.expectAccounts ?? []);
    if (expected.size > 0)
      for (const a of accounts)
        if (a.id !== null && !expected.has(a.id))
          this.warn(`account ${a.id} is not in the expected list`);
    if (this.warningsLeftOut > 0)
      this.warnings.push(
        `… and ${this.warningsLeftOut} more warning${this.warningsLeftOut === 1 ? '' : 's'}: each account's are in its own report`,
      );

    if (accounts.length === 0)
      throw new InputError(
        'no reports to merge',
        {},
        'pass the JSON reports of the per-account jobs',
      );
    accounts.sort(compareAccounts);
    const findings = this.keepAll ? this.all.flat() : this.detail.flatMap((d) => d.findings);

    const count = (s: AccountResult['status']) => accounts.filter((a) => a.status === s).length;
    return {
      schemaVersion: 1,
      kind: 'merged',
      tool: { name: TOOL_NAME, version: options.toolVersion },
      mergedAt: new Date(options.now).toISOString(),
      failOn: this.mergeFailOn,
      maxReportAgeHours: this.maxAgeHours,
      passed: accounts.every((a) => a.status === 'passed'),
      summary: {
        accounts: accounts.length,
        passed: count('passed'),
        failed: count('failed'),
        stale: count('stale'),
        errored: count('errored'),
        missing: count('missing'),
        findings: this.total,
        failing: this.failingTotal,
        exempted: this.exempted,
        failingBySeverity: this.failingBySeverity,
      },
      accounts,
      rules: Object.fromEntries(
        RULES.filter((r) => this.rules.has(r.meta.id)).map((r) => [
          r.meta.id,
          this.rules.get(r.meta.id),
        ]),
      ) as Record<string, RuleText>,
      otherFindingsByRule: [...this.others]
        .map(([rule, e]) => ({
          rule,
          findings: e.findings,
          exempted: e.exempted,
          accounts: e.accounts.size,
        }))
        .sort((a, b) => b.findings - a.findings || compareText(a.rule, b.rule)),
      omitted: this.total - findings.length,
      findings,
      warnings: this.warnings,
    };
  }
}

/** Merges reports (see {@link Merger}), one after the other. */
export function mergeReports(inputs: Iterable<ReportFile>, options: MergeOptions): MergedReport {
  const merger = new Merger(options);
  for (const input of inputs) merger.add(input);
  return merger.finish();
}

/** An account that has no evaluation: its job errored, or it has no report at all. */
function noResult(
  id: string | null,
  label: string | null,
  status: 'errored' | 'missing',
  file: string | null,
  error: string,
): AccountResult {
  return {
    id,
    label,
    status,
    file,
    users: null,
    findings: null,
    failing: null,
    failingBySeverity: null,
    failOn: null,
    policyFile: null,
    reportGeneratedAt: null,
    evaluatedAt: null,
    evaluationAgeHours: null,
    error,
  };
}

/** Two reports' texts of a rule are the same (compared as the JSON values they were read from). */
const sameText = (a: RuleText, b: RuleText): boolean => isDeepStrictEqual(a, b);

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `--expect-accounts`: one account id per line (`#` comments allowed), or the JSON `list-accounts` prints. */
export function parseExpectedAccounts(text: string, file: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new InputError(`not valid JSON: ${(error as Error).message}`, { file });
    }
    const list = Array.isArray(data) ? data : (data as { accounts?: unknown }).accounts;
    if (!Array.isArray(list))
      throw new InputError('expected a list of accounts (the output of list-accounts)', { file });
    if (list.length === 0) throw emptyList(file);
    return list.map((item, i) => {
      const id = typeof item === 'string' ? item : (item as { id?: unknown })?.id;
      if (typeof id !== 'string' || !/^\d{12}$/.test(id))
        throw new InputError(`entry ${i} has no 12-digit account id`, { file, path: `[${i}].id` });
      return id;
    });
  }
  const ids: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    if (!/^\d{12}$/.test(line))
      throw new InputError(`"${line}" is not a 12-digit AWS account id`, { file, line: i + 1 });
    ids.push(line);
  });
  if (ids.length === 0) throw emptyList(file);
  return ids;
}

const emptyList = (file: string): InputError =>
  new InputError(
    'lists no account: an empty list would turn the check for missing reports off',
    { file },
    'one 12-digit account id per line, or the JSON list-accounts prints; leave --expect-accounts out to merge without the check',
  );
