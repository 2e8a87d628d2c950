import { describeReference } from '../rules/references.js';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding, GateReport } from '../engine/types.js';
import { RULES, type Severity } from '../rules/index.js';
import { plainText, sarifText } from './escape.js';

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
  return sarifLog(report.tool.version, reportSarifRuns(report));
}

/** The one run of a single report. */
export const reportSarifRuns = (report: GateReport): SarifRunInput[] => [
  { accountId: report.account.id, policyFile: report.policy.file, findings: report.findings },
];

export interface SarifRunInput {
  accountId: string | null;
  /** Where findings without a Terraform location are put. */
  policyFile: string;
  findings: readonly Finding[];
}

/** A SARIF log with one run per account (a merged report has several). */
export function sarifLog(version: string, runs: readonly SarifRunInput[]): Log {
  const log = sarifSkeleton(version, runs);
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  log.runs.forEach((run, i) => {
    const input = runs[i] as SarifRunInput;
    run.results = input.findings.map((f) =>
      result(f, input.policyFile, ruleIndex.get(f.rule) ?? 0),
    );
  });
  return log;
}

/**
 * The SARIF log in pieces, as `JSON.stringify(log, null, 2)` lays it out except that each result
 * is compact on a line of its own: written as produced, never one string of the whole.
 */
export function* sarifChunks(version: string, runs: readonly SarifRunInput[]): Generator<string> {
  const text = JSON.stringify(sarifSkeleton(version, runs), null, 2);
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const marker = '"results": []';
  let from = 0;
  for (const run of runs) {
    const at = text.indexOf(marker, from);
    yield `${text.slice(from, at)}"results": [`;
    let batch = '';
    for (let i = 0; i < run.findings.length; i++) {
      const f = run.findings[i] as Finding;
      batch += `${i === 0 ? '' : ','}\n        ${JSON.stringify(result(f, run.policyFile, ruleIndex.get(f.rule) ?? 0))}`;
      if (batch.length > 1 << 20) {
        yield batch;
        batch = '';
      }
    }
    yield `${batch}${run.findings.length > 0 ? '\n      ]' : ']'}`;
    from = at + marker.length;
  }
  yield `${text.slice(from)}\n`;
}

/** The log with every run's results empty. */
function sarifSkeleton(version: string, runs: readonly SarifRunInput[]): Log {
  const rules: ReportingDescriptor[] = RULES.map(({ meta }) => ({
    id: meta.id,
    name: meta.id.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description} ${meta.risk}` },
    help: {
      text: `${meta.remediation}\nReferences: ${meta.references.map((r) => describeReference(meta, r)).join('; ')}`,
      markdown: `${meta.remediation}\n\n**References:** ${meta.references.map((r) => describeReference(meta, r)).join('; ')}`,
    },
    defaultConfiguration: { level: DEFAULT_LEVEL[meta.severity], enabled: meta.enabledByDefault },
    properties: {
      'security-severity': SECURITY_SEVERITY[meta.severity],
      tags: ['security', 'aws', 'iam'],
      precision: 'very-high',
    },
  }));
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
      results: [],
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
      text: sarifText(
        `${f.user === null ? 'Credential report' : `IAM user ${f.user}`}: ${f.message} ${f.remediation}`,
      ),
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
      // the controls this finding meets under the thresholds in force (the rule's help lists all)
      references: f.references,
    },
  };
  if (f.exempted && f.exemption)
    out.suppressions = [
      {
        kind: 'external',
        status: 'accepted',
        justification: plainText(
          `${f.exemption.reason} (expires ${f.exemption.expires}${f.exemption.ticket ? `, ${f.exemption.ticket}` : ''})`,
        ),
      },
    ];
  return out;
}

const toUri = (file: string): string => file.replace(/\\/g, '/').replace(/^\.\//, '');
