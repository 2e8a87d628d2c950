import type { Finding, GateReport, TerraformLocation } from '../../src/engine/types.js';
import { RULES_BY_ID } from '../../src/rules/index.js';
import { check } from './policy.js';
import { ago, type Row } from './report.js';

/**
 * A deterministic report with exactly `failing` failing findings across several rules, most
 * users located in Terraform over several files: some with a verified edit plan, some with a
 * manual one, some with no plan (the located block), a fifth not in Terraform at all. Besides:
 * findings below the threshold, an exempted user, an expired and an unused exemption, a warning.
 */
export function scaleReport(failing: number): GateReport {
  const rows: Row[] = [];
  let left = failing;
  for (let i = 0; left > 0; i++) {
    const name = `user-${String(i).padStart(4, '0')}`;
    const days = 100 + ((i * 37) % 900);
    if (left >= 3 && i % 2 === 0) {
      // a console user who never signed in: console-mfa, password-unused, unused-user
      rows.push({
        user: name,
        user_creation_time: ago(days),
        password_enabled: 'true',
        password_last_changed: ago(days),
        password_last_used: 'N/A',
      });
      left -= 3;
    } else if (left >= 2 && i % 2 === 1) {
      // a stale access key: access-key-unused and unused-user fail, human-access-key and access-key-age do not
      rows.push({
        user: name,
        user_creation_time: ago(days + 30),
        access_key_1_active: 'true',
        access_key_1_last_rotated: ago(days + 30),
        access_key_1_last_used_date: ago(days),
      });
      left -= 2;
    } else {
      // an active console user without MFA: console-mfa only
      rows.push({
        user: name,
        user_creation_time: ago(days),
        password_enabled: 'true',
        password_last_changed: ago(days),
        password_last_used: ago(1),
      });
      left -= 1;
    }
  }
  // exempted (not failing), and the target of an exemption that expired (still failing)
  rows.push({
    user: 'svc-exempted',
    password_enabled: 'true',
    password_last_changed: ago(30),
    password_last_used: ago(1),
  });
  const policy = [
    'version: 1',
    'exemptions:',
    '  - users: ["svc-exempted"]',
    '    reason: "Break-glass user, reviewed quarterly"',
    '    expires: 2027-06-30',
    '    ticket: SEC-101',
    '  - users: ["user-0000"]',
    '    rules: ["console-mfa"]',
    '    reason: "Hardware key on order"',
    '    expires: 2026-10-31',
    '  - users: ["departed-*"]',
    '    reason: "Offboarding in progress"',
    '    expires: 2027-01-31',
    '',
  ].join('\n');
  const report = check(rows, policy);
  report.warnings.push('`terraform/iam/legacy.tf`: not valid HCL; IAM users in it are not located');
  const byUser = new Map<string, Finding[]>();
  for (const f of report.findings)
    if (f.user !== null) byUser.set(f.user, [...(byUser.get(f.user) ?? []), f]);
  let i = 0;
  for (const [user, findings] of byUser) {
    const location = locate(user, i++);
    for (const f of findings) {
      f.terraform = location ? [location] : [];
      // the engine's words for a located user: its Terraform steps, file:line as code spans
      if (location)
        f.remediation = `${RULES_BY_ID.get(f.rule)?.meta.remediation} In Terraform: remove "${user}" from the for_each collection at \`${location.file}:${location.line}\` (it drives \`aws_iam_user.team\` at \`${location.file}:1\`); then run \`terraform plan\` and \`terraform apply\`.`;
    }
  }
  if (report.summary.failing !== failing)
    throw new Error(`scaleReport: ${report.summary.failing} failing, not ${failing}`);
  return report;
}

/** Where a user is in Terraform: every fifth user nowhere; the rest in turn verified, manual, bare. */
function locate(user: string, i: number): TerraformLocation | undefined {
  const mode = i % 5;
  if (mode === 0) return undefined;
  const file = `terraform/iam/team-${i % 6}.tf`;
  const line = 3 + ((i * 7) % 900);
  const address = `aws_iam_user.team["${user}"]`;
  const location: TerraformLocation = {
    file,
    line,
    address,
    kind: 'for_each',
    block: { file, line: 1, address: 'aws_iam_user.team' },
    related: [
      {
        type: 'aws_iam_user_login_profile',
        address: `aws_iam_user_login_profile.team["${user}"]`,
        file,
        line: 950,
      },
    ],
  };
  if (mode === 1 || mode === 2)
    location.fix = {
      status: 'verified',
      edits: [
        {
          file,
          firstLine: line,
          lastLine: line,
          kind: 'remove-element',
          before: `    "${user}",\n`,
          after: '',
        },
      ],
      destroys: [address],
    };
  else if (mode === 3)
    location.fix = {
      status: 'manual',
      edits: [],
      destroys: [],
      reason: 'the user set is computed from `var.team_members`',
      place: { file: 'terraform/iam/variables.tf', line: 12 },
    };
  return location;
}
