import { createHash } from 'node:crypto';
import { describeReference } from '../rules/references.js';
import type { Invocation, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { Finding, GateReport } from '../engine/types.js';
import { RULES, type Severity } from '../rules/index.js';
import { ruleDocUrl } from '../rules/docs-url.js';
import { plainText, sarifText } from './escape.js';
import { defaultUri, type UriOf } from './sarif-uri.js';

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
/** The key of the fingerprint that lets code scanning follow one user's credential across runs. */
export const FINGERPRINT_KEY = 'iamCredentialGate/v2';

export interface SarifOptions {
  /**
   * Exempted findings as suppressed results. Default: left out, because code scanning shows a
   * suppressed result as an open alert unless the repository says otherwise; the policy's
   * exemption is the decision.
   */
  includeExempted?: boolean | undefined;
  /** A file as findings name it → its URI relative to the repository root, or `null` outside it. */
  uriOf?: UriOf | undefined;
}

/**
 * SARIF 2.1.0 for code scanning. A finding is located on its user's Terraform block; one with
 * no Terraform location (unmanaged user, root, the report itself) is located on line 1 of the
 * policy file, where its exemption would go, since code scanning needs a file. Every URI is
 * relative to the repository root; a file outside it gives a result without a location, and a
 * note in the run's invocation says how many.
 */
export function renderSarif(report: GateReport, options: SarifOptions = {}): Log {
  return sarifLog(report.tool.version, reportSarifRuns(report), options);
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
export function sarifLog(
  version: string,
  runs: readonly SarifRunInput[],
  options: SarifOptions = {},
): Log {
  const log = sarifSkeleton(version, runs, options);
  const make = resultMaker(options);
  log.runs.forEach((run, i) => {
    const input = runs[i] as SarifRunInput;
    run.results = included(input.findings, options).map((f) => make(f, input.policyFile));
  });
  return log;
}

/**
 * The SARIF log in pieces, as `JSON.stringify(log, null, 2)` lays it out except that each result
 * is compact on a line of its own: written as produced, never one string of the whole.
 */
export function* sarifChunks(
  version: string,
  runs: readonly SarifRunInput[],
  options: SarifOptions = {},
): Generator<string> {
  const text = JSON.stringify(sarifSkeleton(version, runs, options), null, 2);
  const make = resultMaker(options);
  const marker = '"results": []';
  let from = 0;
  for (const run of runs) {
    const at = text.indexOf(marker, from);
    yield `${text.slice(from, at)}"results": [`;
    let batch = '';
    let n = 0;
    for (const f of run.findings) {
      if (f.exempted && !options.includeExempted) continue;
      batch += `${n++ === 0 ? '' : ','}\n        ${JSON.stringify(make(f, run.policyFile))}`;
      if (batch.length > 1 << 20) {
        yield batch;
        batch = '';
      }
    }
    yield `${batch}${n > 0 ? '\n      ]' : ']'}`;
    from = at + marker.length;
  }
  yield `${text.slice(from)}\n`;
}

/**
 * The log of a run that could not evaluate: no results, and an invocation that says it did not
 * succeed, with the error as its notification. Code scanning treats such an upload as a failed
 * analysis (it does not close the open alerts as fixed), and shows the error on its tool status.
 */
export function errorSarif(
  message: string,
  version: string,
  accountId: string | null,
  place: { uri: string | null; line?: number | undefined; column?: number | undefined } = {
    uri: null,
  },
): Log {
  const log = sarifSkeleton(version, [{ accountId, policyFile: '', findings: [] }], {});
  const notification: Notification = {
    level: 'error',
    message: { text: sarifText(message) },
    ...(place.uri !== null && {
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: place.uri },
            ...(place.line !== undefined && {
              region: {
                startLine: place.line,
                ...(place.column !== undefined && { startColumn: place.column }),
              },
            }),
          },
        },
      ],
    }),
  };
  for (const run of log.runs)
    run.invocations = [{ executionSuccessful: false, toolExecutionNotifications: [notification] }];
  return log;
}

const included = (findings: readonly Finding[], options: SarifOptions): readonly Finding[] =>
  options.includeExempted ? findings : findings.filter((f) => !f.exempted);

const RULE_DESCRIPTORS = (): ReportingDescriptor[] =>
  RULES.map(({ meta }) => {
    const references = meta.references.map((r) => describeReference(meta, r)).join('; ');
    return {
      id: meta.id,
      name: meta.id.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase()),
      shortDescription: { text: meta.description },
      fullDescription: { text: `${meta.description} ${meta.risk}` },
      helpUri: ruleDocUrl(meta.id),
      help: {
        text: `${meta.remediation}\nReferences: ${references}\nDocumentation: ${ruleDocUrl(meta.id)}`,
        markdown: `${meta.remediation}\n\n**References:** ${references}\n\n[Documentation of ${meta.id}](${ruleDocUrl(meta.id)})`,
      },
      defaultConfiguration: { level: DEFAULT_LEVEL[meta.severity], enabled: meta.enabledByDefault },
      properties: {
        'security-severity': SECURITY_SEVERITY[meta.severity],
        tags: ['security', 'aws', 'iam'],
        precision: 'very-high',
      },
    };
  });

/** The log with every run's results empty, and each run's notes (what is left out or unplaced). */
function sarifSkeleton(
  version: string,
  runs: readonly SarifRunInput[],
  options: SarifOptions,
): Log {
  const rules = RULE_DESCRIPTORS();
  const uriOf = options.uriOf ?? defaultUri;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: runs.map((run) => {
      const invocation = runNotes(run, options, uriOf);
      return {
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
        ...(invocation && { invocations: [invocation] }),
        results: [],
      };
    }),
  };
}

/** Notes of a run: exempted findings left out, results with no location in the repository. */
function runNotes(run: SarifRunInput, options: SarifOptions, uriOf: UriOf): Invocation | undefined {
  const notes: Notification[] = [];
  const exempted = options.includeExempted ? 0 : run.findings.filter((f) => f.exempted).length;
  if (exempted > 0)
    notes.push({
      level: 'note',
      message: {
        text: `${exempted} exempted finding(s) left out (active policy exemptions); include them as suppressed results with sarif-include-exempted / --sarif-include-exempted.`,
      },
    });
  const outside = new Set<string>();
  let unplaced = 0;
  for (const f of included(run.findings, options)) {
    const file = fileOf(f, run.policyFile);
    if (uriOf(file) === null) {
      unplaced++;
      outside.add(file);
    }
  }
  if (unplaced > 0)
    notes.push({
      level: 'warning',
      message: {
        text: sarifText(
          `${unplaced} result(s) have no location: ${[...outside].slice(0, 3).join(', ')}${outside.size > 3 ? ', ...' : ''} ${outside.size === 1 ? 'is' : 'are'} outside the repository root, and code scanning shows only results located in it.`,
        ),
      },
    });
  return notes.length > 0
    ? { executionSuccessful: true, toolExecutionNotifications: notes }
    : undefined;
}

const terraformLocation = (f: Finding) => f.terraform.find((t) => t.file !== null);
const fileOf = (f: Finding, policyFile: string): string => terraformLocation(f)?.file ?? policyFile;

/**
 * The fingerprint of a finding: a hash of account, user, credential and rule, so that code
 * scanning follows the same credential across runs, whatever line its Terraform moves to.
 */
export const fingerprint = (f: Finding): string =>
  createHash('sha256').update(f.id).digest('hex').slice(0, 32);

function resultMaker(options: SarifOptions): (f: Finding, policyFile: string) => Result {
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const uriOf = options.uriOf ?? defaultUri;
  return (f, policyFile) => {
    const location = terraformLocation(f);
    const uri = uriOf(location?.file ?? policyFile);
    const out: Result = {
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule) ?? 0,
      level: f.failing ? 'error' : f.exempted ? 'note' : 'warning',
      message: {
        text: sarifText(
          `${f.user === null ? 'Credential report' : `IAM user ${f.user}`}: ${f.message} ${f.remediation}`,
        ),
      },
      locations:
        uri === null
          ? []
          : [
              {
                physicalLocation: {
                  artifactLocation: { uri },
                  region: { startLine: location?.line ?? 1 },
                },
                ...(location && {
                  logicalLocations: [{ fullyQualifiedName: location.address, kind: 'resource' }],
                }),
              },
            ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f) },
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
  };
}

/** {@link errorSarif} as the file is written, its place (an input error's) as a URI of `uriOf`. */
export const errorSarifText = (
  message: string,
  version: string,
  accountId: string | null,
  place: { file?: string | undefined; line?: number | undefined; column?: number | undefined },
  uriOf: UriOf,
): string =>
  `${JSON.stringify(
    errorSarif(message, version, accountId, {
      uri: place.file === undefined ? null : uriOf(place.file),
      line: place.line,
      column: place.column,
    }),
    null,
    2,
  )}\n`;

/**
 * A SARIF log written run by run, in the layout of {@link sarifChunks}, for runs that are not
 * all at hand (a merge writes each account's run as it reads the account's report).
 */
export class SarifRunWriter {
  private readonly make: (f: Finding, policyFile: string) => Result;
  private runs = 0;

  constructor(
    private readonly version: string,
    private readonly options: SarifOptions,
    private readonly write: (chunk: string) => void,
  ) {
    this.make = resultMaker(options);
    write(`{\n  "$schema": ${JSON.stringify(SARIF_SCHEMA)},\n  "version": "2.1.0",\n  "runs": [`);
  }

  run(run: SarifRunInput): void {
    const skeleton = sarifSkeleton(this.version, [run], this.options).runs[0];
    // the run as it is indented inside the log (a JSON string holds no raw line break)
    const text = JSON.stringify(skeleton, null, 2).replaceAll('\n', '\n    ');
    const marker = '"results": []'; // the run's last key: a string's quotes would be escaped
    const at = text.lastIndexOf(marker);
    this.write(`${this.runs++ === 0 ? '' : ','}\n    ${text.slice(0, at)}"results": [`);
    let n = 0;
    for (const f of run.findings) {
      if (f.exempted && !this.options.includeExempted) continue;
      this.write(
        `${n++ === 0 ? '' : ','}\n        ${JSON.stringify(this.make(f, run.policyFile))}`,
      );
    }
    this.write(`${n > 0 ? '\n      ]' : ']'}${text.slice(at + marker.length)}`);
  }

  end(): void {
    this.write(`${this.runs > 0 ? '\n  ]' : ']'}\n}\n`);
  }
}
