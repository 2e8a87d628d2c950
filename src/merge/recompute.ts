import { InputError } from '../errors.js';
import { zeroSeverityCounts, type FindingJson, type GateReportJson } from '../engine/types.js';
import type { FailOn } from '../policy/schema.js';
import { SEVERITIES, SEVERITY_RANK, type Severity } from '../rules/types.js';

/** Clock skew tolerated between the machines that wrote the reports and the one that merges. */
export const CLOCK_SKEW_MS = 5 * 60_000;

const HOUR_MS = 3_600_000;

/** The lowest severity that fails under `failOn` (`never`: none). */
const failRank = (failOn: FailOn): number =>
  failOn === 'never' ? Infinity : SEVERITY_RANK[failOn];

export const failsUnder = (severity: Severity, failOn: FailOn): boolean =>
  SEVERITY_RANK[severity] >= failRank(failOn);

/** `a` fails on fewer severities than `b`. */
export const isWeaker = (a: FailOn, b: FailOn): boolean => failRank(a) > failRank(b);

/** The stricter of two `fail_on`. */
export const stricter = (a: FailOn, b: FailOn): FailOn => (isWeaker(a, b) ? b : a);

/** The JSON path of a finding, for an error. */
const at = (i: number): string => `$.findings[${i}]`;

const disagrees = (file: string, path: string, message: string): InputError =>
  new InputError(
    `${message}: the report disagrees with its own findings`,
    { file, path },
    'merge the JSON reports the gate wrote, unedited',
  );

/**
 * Checks that a report (valid against the schema) says what its findings say: every finding's
 * rule has its texts in `rules` (and its CLI indexes a command there), its exemption is one the
 * report lists, and its `failing`, the counts of the summary and the verdict are worked out again
 * from the findings and the report's own `policy.failOn`. A report that disagrees has been
 * edited (or forged): it is refused, never corrected.
 */
export function checkConsistency(report: GateReportJson, file: string, now: number): void {
  const failOn = report.policy.failOn;
  const bySeverity = zeroSeverityCounts();
  const failingBySeverity = zeroSeverityCounts();
  let failing = 0;
  let exempted = 0;
  const users = new Set<string>();
  const account = report.account.id;
  const listedExemptions = new Map(report.exemptions.map((x) => [x.index, x]));
  const findings = report.findings;
  // a plain loop, no closure per finding (a million of them in an organization's merge)
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as FindingJson;
    const e = f.exemption;
    const rule = report.rules[f.rule];
    if (rule === undefined)
      throw disagrees(
        file,
        `${at(i)}.rule`,
        `names rule ${f.rule}, which the report's rules do not list`,
      );
    if (f.cli !== undefined) {
      if (f.user === null)
        throw disagrees(file, `${at(i)}.cli`, 'has AWS CLI commands but no user');
      const wrong = f.cli.findIndex((c) => c >= rule.cli.length);
      if (wrong >= 0)
        throw disagrees(
          file,
          `${at(i)}.cli[${wrong}]`,
          `is ${f.cli[wrong]}, but rule ${f.rule} has ${rule.cli.length} AWS CLI command${rule.cli.length === 1 ? '' : 's'}`,
        );
    }
    const isExempted = e?.status === 'active';
    if (e !== undefined) {
      const listed = listedExemptions.get(e.index);
      if (
        !listed ||
        listed.status === 'unused' ||
        listed.reason !== e.reason ||
        listed.expires !== e.expires ||
        listed.ticket !== e.ticket ||
        (listed.rules !== null && !listed.rules.includes(f.rule)) ||
        (e.status === 'expired') !== (listed.status === 'expired')
      )
        throw disagrees(
          file,
          `${at(i)}.exemption`,
          `names exemption ${e.index}, which the report's exemptions do not list as applying to rule ${f.rule}`,
        );
    }
    const fails = !isExempted && failsUnder(f.severity, failOn);
    if (f.failing !== fails)
      throw disagrees(
        file,
        `${at(i)}.failing`,
        `says ${f.failing}, but a ${f.severity} finding${isExempted ? ' that is exempted' : ''} under fail_on ${failOn} ${fails ? 'fails' : 'does not fail'}`,
      );
    if (account !== null && f.arn !== null && !ofAccount(f.arn, account))
      throw disagrees(file, `${at(i)}.arn`, `is not of the report's account ${account}`);
    bySeverity[f.severity]++;
    if (f.failing) {
      failing++;
      failingBySeverity[f.severity]++;
    }
    if (isExempted) exempted++;
    if (f.user !== null) users.add(f.user);
  }
  const s = report.summary;
  const counts: [string, number, number][] = [
    ['findings', s.findings, report.findings.length],
    ['failing', s.failing, failing],
    ['exempted', s.exempted, exempted],
    ...SEVERITIES.map((x): [string, number, number] => [
      `bySeverity.${x}`,
      s.bySeverity[x],
      bySeverity[x],
    ]),
    ...SEVERITIES.map((x): [string, number, number] => [
      `failingBySeverity.${x}`,
      s.failingBySeverity[x],
      failingBySeverity[x],
    ]),
  ];
  for (const [name, said, counted] of counts)
    if (said !== counted)
      throw disagrees(file, `$.summary.${name}`, `says ${said}, but the findings are ${counted}`);
  if (users.size > s.users)
    throw disagrees(
      file,
      '$.summary.users',
      `says ${s.users}, but the findings name ${users.size} users`,
    );
  if (report.passed !== (failing === 0))
    throw disagrees(
      file,
      '$.passed',
      `says ${report.passed}, but ${failing} finding${failing === 1 ? '' : 's'} fail under fail_on ${failOn}`,
    );
  checkTimes(report, file, now);
}

/** `arn:<partition>:iam::<account>:...`: the ARN's fifth field is the account (without splitting it). */
function ofAccount(arn: string, account: string): boolean {
  let at = -1;
  for (let n = 0; n < 4; n++) {
    at = arn.indexOf(':', at + 1);
    if (at === -1) return false;
  }
  return arn.startsWith(account, at + 1) && arn.charCodeAt(at + 1 + account.length) === 58;
}

function checkTimes(report: GateReportJson, file: string, now: number): void {
  const evaluatedAt = realTime(report.evaluatedAt, file, '$.evaluatedAt');
  if (evaluatedAt > now + CLOCK_SKEW_MS)
    throw new InputError(
      `evaluated ${report.evaluatedAt}, ${hours(evaluatedAt - now)} after the merge's time ${new Date(now).toISOString()}: a report from the future`,
      { file, path: '$.evaluatedAt' },
      'check the clocks, or the merge’s --now',
    );
  if (report.reportGeneratedAt !== null) {
    const generatedAt = realTime(report.reportGeneratedAt, file, '$.reportGeneratedAt');
    if (generatedAt > evaluatedAt + CLOCK_SKEW_MS)
      throw new InputError(
        `the credential report was generated ${report.reportGeneratedAt}, after its evaluation ${report.evaluatedAt}`,
        { file, path: '$.reportGeneratedAt' },
      );
  }
}

function realTime(text: string, file: string, path: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || new Date(ms).toISOString() !== text)
    throw new InputError(`${JSON.stringify(text)} is not a real time`, { file, path });
  return ms;
}

/** Whole hours (rounded down) of a duration, as the merged summary shows report ages. */
export const wholeHours = (ms: number): number => Math.floor(ms / HOUR_MS);

const hours = (ms: number): string => {
  const h = ms / HOUR_MS;
  return h < 1 ? `${Math.round(ms / 60_000)} min` : `${Math.floor(h)} h`;
};
