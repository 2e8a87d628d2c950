import { InputError } from '../errors.js';
import { codeSpan } from '../util/code-span.js';
import { compareFindings } from '../engine/evaluate.js';
import {
  SCHEMA_VERSION,
  TOOL_NAME,
  type GateReport,
  type SeverityCounts,
  zeroSeverityCounts,
} from '../engine/types.js';
import type { AccountResult, MergedFinding, MergedReport } from './types.js';

export interface ReportFile {
  file: string;
  data: unknown;
}

interface ErrorReport {
  schemaVersion: 1;
  tool: { name: string; version: string };
  account: { id: string | null; label: string | null };
  error: { message: string };
}

/** Checks that a parsed JSON file is a report of this tool, of a schema version this one reads. */
function asReport(input: ReportFile): GateReport | ErrorReport {
  const d = input.data as Partial<GateReport & ErrorReport> | null;
  if (!d || typeof d !== 'object' || Array.isArray(d) || d.tool?.name !== TOOL_NAME)
    throw new InputError(`not a report of ${TOOL_NAME} (no "tool": { "name": "${TOOL_NAME}" })`, {
      file: input.file,
    });
  if (d.schemaVersion !== SCHEMA_VERSION)
    throw new InputError(
      `unsupported schemaVersion ${JSON.stringify(d.schemaVersion)} (this version reads ${SCHEMA_VERSION})`,
      { file: input.file, path: 'schemaVersion' },
      'merge reports written by the same major version of the gate',
    );
  if ((d as { kind?: string }).kind === 'merged')
    throw new InputError('is already a merged report; merge the per-account reports', {
      file: input.file,
    });
  if (d.error) return d as ErrorReport;
  if (!Array.isArray(d.findings) || !d.summary || typeof d.passed !== 'boolean' || !d.account)
    throw new InputError('is not a complete report (findings, summary, passed, account)', {
      file: input.file,
    });
  return d as GateReport;
}

/**
 * Combines per-account JSON reports into one verdict. An errored account, or one expected and
 * absent, fails the merge: silence is never a pass.
 */
export function mergeReports(
  inputs: Iterable<ReportFile>,
  options: {
    expectAccounts?: readonly string[];
    toolVersion: string;
    /** `failing`: keep only failing findings (counted all the same) — enough for Markdown. */
    keep?: 'all' | 'failing';
  },
): MergedReport {
  const keepAll = (options.keep ?? 'all') === 'all';
  let total = 0;
  let failingTotal = 0;
  const others = new Map<string, { findings: number; exempted: number; accounts: Set<string> }>();
  const accounts: AccountResult[] = [];
  const perAccount: { id: string; findings: MergedFinding[] }[] = [];
  const warnings: string[] = [];
  const seen = new Map<string, string>();
  let exempted = 0;
  const failingBySeverity = zeroSeverityCounts();

  for (const input of inputs) {
    const report = asReport(input);
    const id = report.account?.id ?? null;
    const label = report.account?.label ?? null;
    if (id !== null) {
      const previous = seen.get(id);
      if (previous !== undefined)
        throw new InputError(
          `account ${id} appears twice (also in ${previous})`,
          { file: input.file, path: 'account.id' },
          'each account is checked by one job',
        );
      seen.set(id, input.file);
    }
    if ('error' in report) {
      accounts.push(noResult(id, label, 'errored', input.file, report.error.message));
      continue;
    }
    accounts.push({
      id,
      label,
      status: report.passed ? 'passed' : 'failed',
      file: input.file,
      users: report.summary.users,
      findings: report.summary.findings,
      failing: report.summary.failing,
      failingBySeverity: report.summary.failingBySeverity ?? countFailing(report),
      failOn: report.policy?.failOn ?? null,
      policyFile: report.policy?.file ?? null,
      reportGeneratedAt: report.reportGeneratedAt ?? null,
      evaluatedAt: report.evaluatedAt ?? null,
      error: null,
    });
    const account = { id, label };
    // Each report's findings, in their own order (each report is sorted already; sorted again
    // here in linear time for a report that is not), tagged in place with their account.
    const own = (report.findings as MergedFinding[]).sort(compareFindings);
    const kept: MergedFinding[] = keepAll ? own : [];
    for (const f of own) {
      f.account = account;
      total++;
      if (f.exempted) exempted++;
      if (f.failing) {
        failingTotal++;
        failingBySeverity[f.severity]++;
        if (!keepAll) kept.push(f);
      } else {
        const entry = others.get(f.rule) ?? {
          findings: 0,
          exempted: 0,
          accounts: new Set<string>(),
        };
        entry.findings++;
        if (f.exempted) entry.exempted++;
        entry.accounts.add(id ?? input.file);
        others.set(f.rule, entry);
      }
    }
    perAccount.push({ id: id ?? '', findings: kept });
    for (const w of report.warnings ?? [])
      warnings.push(`${codeSpan(label ?? id ?? input.file)}: ${w}`);
  }

  const present = new Set(accounts.map((a) => a.id));
  for (const expected of options.expectAccounts ?? []) {
    if (seen.has(expected) || present.has(expected)) continue;
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
        warnings.push(`account ${a.id} is not in the expected list`);

  if (accounts.length === 0)
    throw new InputError(
      'no reports to merge',
      {},
      'pass the JSON reports of the per-account jobs',
    );

  const order = { errored: 0, missing: 1, failed: 2, passed: 3 } as const;
  accounts.sort(
    (a, b) =>
      order[a.status] - order[b.status] ||
      compareText(a.label ?? a.id ?? '', b.label ?? b.id ?? ''),
  );
  perAccount.sort((a, b) => compareText(a.id, b.id));
  const findings = perAccount.flatMap((p) => p.findings);

  const count = (s: AccountResult['status']) => accounts.filter((a) => a.status === s).length;
  return {
    schemaVersion: 1,
    kind: 'merged',
    tool: { name: TOOL_NAME, version: options.toolVersion },
    passed: accounts.every((a) => a.status === 'passed'),
    summary: {
      accounts: accounts.length,
      passed: count('passed'),
      failed: count('failed'),
      errored: count('errored'),
      missing: count('missing'),
      findings: total,
      failing: failingTotal,
      exempted,
      failingBySeverity,
    },
    accounts,
    otherFindingsByRule: [...others]
      .map(([rule, e]) => ({
        rule,
        findings: e.findings,
        exempted: e.exempted,
        accounts: e.accounts.size,
      }))
      .sort((a, b) => b.findings - a.findings || compareText(a.rule, b.rule)),
    omitted: total - findings.length,
    findings,
    warnings,
  };
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
    error,
  };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function countFailing(report: GateReport): SeverityCounts {
  const counts = zeroSeverityCounts();
  for (const f of report.findings) if (f.failing) counts[f.severity]++;
  return counts;
}

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
  return ids;
}
