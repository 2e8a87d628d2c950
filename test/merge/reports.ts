// Reports for the merge tests: real ones from the engine, and an independent recount.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { evaluate } from '../../src/engine/evaluate.js';
import type { GateReport, GateReportJson } from '../../src/engine/types.js';
import { reportJson } from '../../src/render/stream.js';
import { parseCredentialReport } from '../../src/report/parse.js';
import { runCheck } from '../../src/run/check.js';
import { policy } from '../helpers/policy.js';
import { ACCOUNT, NOW, ago, rootRow, toCsv } from '../helpers/report.js';

export const accountId = (n: number) => String(100000000000 + n);

/** A real report of account `n`: failing (a console user without MFA) or clean. */
export function accountReport(
  n: number,
  failing: boolean,
  label: string | null = null,
  yaml = 'version: 1\n',
): GateReportJson {
  const rows = [
    rootRow(),
    failing
      ? {
          user: 'bob',
          password_enabled: 'true',
          password_last_used: ago(1),
          password_last_changed: ago(3),
        }
      : { user: 'alice', user_creation_time: ago(2) },
  ];
  const csv = toCsv(rows).replaceAll(ACCOUNT, accountId(n));
  return reportJson(
    evaluate({
      report: parseCredentialReport(csv, 'r.csv'),
      policy: policy(yaml),
      now: NOW,
      reportGeneratedAt: NOW - 3_600_000,
      accountLabel: label,
      toolVersion: 'test',
    }),
  );
}

/** The example report (16 failing of 34 findings, exemptions, warnings, Terraform locations). */
export async function exampleReport(): Promise<GateReportJson> {
  return reportJson(await exampleGateReport());
}

/** The example report as the engine makes it (before it is written). */
export async function exampleGateReport(): Promise<GateReport> {
  const report = await runCheck({
    reportFile: 'examples/credential-report.csv',
    policyFile: 'examples/policy.yml',
    now: NOW,
    terraformDirs: ['examples/terraform'],
  });
  return report;
}

const RANK = { critical: 4, high: 3, medium: 2, low: 1, never: Infinity } as const;

/**
 * What a report's findings say, worked out here without the merge's code: each finding fails
 * when it is not exempted and its severity reaches fail_on.
 */
export function recount(report: GateReportJson, failOn = report.policy.failOn) {
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
  const failingBySeverity = { ...bySeverity };
  let failing = 0;
  let exempted = 0;
  const flags = report.findings.map((f) => {
    const exempt = f.exemption?.status === 'active';
    const fails = !exempt && RANK[f.severity] >= RANK[failOn];
    bySeverity[f.severity]++;
    if (fails) {
      failing++;
      failingBySeverity[f.severity]++;
    }
    if (exempt) exempted++;
    return fails;
  });
  return {
    flags,
    passed: failing === 0,
    summary: {
      users: report.summary.users,
      findings: report.findings.length,
      failing,
      exempted,
      bySeverity,
      failingBySeverity,
    },
  };
}

/** The report with its summary, verdict and failing flags made to agree with its findings. */
export function consistent(report: GateReportJson): GateReportJson {
  const r = recount(report);
  return {
    ...report,
    passed: r.passed,
    summary: r.summary,
    findings: report.findings.map((f, i) => ({ ...f, failing: r.flags[i] as boolean })),
  };
}

/** The committed bundle's `check` of a credential report that is not there, as a JSON error report. */
export function writeErrorReport(output: string, accountId: string, label?: string) {
  return spawnSync(
    process.execPath,
    [
      'dist/cli.js',
      'check',
      '--report',
      join(dirname(output), 'missing.csv'),
      '--policy',
      'examples/policy.yml',
      '--format',
      'json',
      '--output',
      output,
      '--account-id',
      accountId,
      ...(label === undefined ? [] : ['--account-label', label]),
    ],
    { encoding: 'utf8' },
  );
}

/** Account `n` with `users` users, of which `noMfa` console users without MFA (high, failing) and `oldKeys` unused keys. */
export function orgAccount(n: number, users: number, noMfa: number, oldKeys: number) {
  const rows = [rootRow()];
  for (let i = 0; i < users; i++)
    rows.push(
      i < noMfa
        ? {
            user: `p${i}`,
            password_enabled: 'true',
            password_last_used: ago(1),
            password_last_changed: ago(3),
          }
        : i < noMfa + oldKeys
          ? {
              user: `k${i}`,
              access_key_1_active: 'true',
              access_key_1_last_rotated: ago(30),
              access_key_1_last_used_date: ago(20),
              user_creation_time: ago(40),
            }
          : { user: `u${i}`, user_creation_time: ago(2) },
    );
  return reportJson(
    evaluate({
      report: parseCredentialReport(toCsv(rows).replaceAll(ACCOUNT, accountId(n)), 'r.csv'),
      policy: policy('version: 1\n'),
      now: NOW,
      reportGeneratedAt: NOW - 3_600_000,
      accountLabel: `acct-${n}`,
      toolVersion: 'test',
    }),
  );
}

/** The error report of account `n`'s job (it could not evaluate). */
export const erroredReport = (n: number, message = 'AWS denied iam:GenerateCredentialReport') => ({
  schemaVersion: 1,
  tool: { name: 'iam-credential-gate', version: 't' },
  account: { id: accountId(n), label: `acct-${n}` },
  passed: false,
  error: { message },
});
