import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding, GateReport } from '../engine/types.js';
import { RULES, type Severity } from '../rules/index.js';

const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
};
const DEFAULT_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/iam-credential-gate/iam-credential-gate';

/**
 * SARIF 2.1.0 for code scanning. A finding is located on its user's Terraform block; one with
 * no Terraform location (unmanaged user, root, the report itself) is located on line 1 of the
 * policy file, where its exemption would go, since code scanning needs a file.
 */
export function renderSarif(report: GateReport): Log {
  return sarifLog(report.tool.version, [
    { accountId: report.account.id, policyFile: report.policy.file, findings: report.findings },
  ]);
}

export interface SarifRunInput {
  accountId: string | null;
  /** Where findings without a Terraform location are put. */
  policyFile: string;
  findings: readonly Finding[];
}

/** A SARIF log with one run per account (a merged report has several). */
export function sarifLog(version: string, runs: readonly SarifRunInput[]): Log {
  const rules: ReportingDescriptor[] = RULES.map(({ meta }) => ({
    id: meta.id,
    name: meta.id.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description} ${meta.risk}` },
    help: {
      text: `${meta.remediation}\nReferences: ${meta.references.join('; ')}`,
      markdown: `${meta.remediation}\n\n**References:** ${meta.references.join('; ')}`,
    },
    defaultConfiguration: { level: DEFAULT_LEVEL[meta.severity], enabled: meta.enabledByDefault },
    properties: {
      'security-severity': SECURITY_SEVERITY[meta.severity],
      tags: ['security', 'aws', 'iam'],
      precision: 'very-high',
    },
  }));
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: runs.map((run) => ({
      tool: {
        driver: {
          name: 'iam-credential-gate',
          version,
          semanticVersion: version,
          informationUri: INFORMATION_URI,
          rules,
        },
      },
      automationDetails: { id: `iam-credential-gate/${run.accountId ?? 'unknown'}/` },
      results: run.findings.map((f) => result(f, run.policyFile, ruleIndex.get(f.rule) ?? 0)),
    })),
  };
}

function result(f: Finding, policyFile: string, index: number): Result {
  const location = f.terraform.find((t) => t.file !== null);
  const out: Result = {
    ruleId: f.rule,
    ruleIndex: index,
    level: f.failing ? 'error' : f.exempted ? 'note' : 'warning',
    message: {
      text: `${f.user === null ? 'Credential report' : `IAM user ${f.user}`}: ${f.message} ${f.remediation}`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(location?.file ?? policyFile) },
          region: { startLine: location?.line ?? 1 },
        },
        ...(location && {
          logicalLocations: [{ fullyQualifiedName: location.address, kind: 'resource' }],
        }),
      },
    ],
    partialFingerprints: { 'iamCredentialGate/v1': f.id },
    properties: {
      severity: f.severity,
      'security-severity': SECURITY_SEVERITY[f.severity],
      user: f.user,
      credential: f.credential,
    },
  };
  if (f.exempted && f.exemption)
    out.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: `${f.exemption.reason} (expires ${f.exemption.expires}${f.exemption.ticket ? `, ${f.exemption.ticket}` : ''})`,
      },
    ];
  return out;
}

const toUri = (file: string): string => file.replace(/\\/g, '/').replace(/^\.\//, '');
