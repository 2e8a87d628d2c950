import { InputError, isInputError } from '../errors.js';
import { createEvaluation } from '../engine/evaluate.js';
import { fixLookup, planFindings, type MadePlans } from './plans.js';
import type { GateReport } from '../engine/types.js';
import { loadPolicy } from '../policy/load.js';
import type { FailOn } from '../policy/schema.js';
import type { Policy } from '../policy/types.js';
import { diffPolicies, type PolicyChanges } from '../policy/diff.js';
import { analyzeWeakening } from '../policy/weakening.js';
import { loadCredentialReport } from '../report/load.js';
import { loadQuotedReader } from '../report/csv.js';
import { parseCredentialReport } from '../report/parse.js';
import { POLICY_MAX_BYTES, REPORT_MAX_BYTES, readInputFile } from '../util/files.js';
import { tiering } from '../util/tiering.js';
import { VERSION } from '../version.js';
import { metaFileFor, readReportMeta } from './report-meta.js';
import type { TerraformContext } from '../terraform/locate.js';

export interface CheckInput {
  reportFile: string;
  policyFile: string;
  /**
   * Epoch ms; default: the `GeneratedTime` of an AWS CLI JSON report, else the sidecar
   * `<report>.meta.json`, else unknown.
   */
  reportGeneratedAt?: number | undefined;
  /** Evaluation time, epoch ms. */
  now: number;
  failOn?: FailOn | undefined;
  accountLabel?: string | undefined;
  /** The account the job is meant to check: the report must be of it. */
  accountId?: string | undefined;
  /** Directories to scan for the users' Terraform (`123456789012=infra/prod`: bound to an account). */
  terraformDirs?: readonly string[] | undefined;
  /** The name of `terraformDirs` for messages (`--terraform-dir`, ``input `terraform-dir` ``). */
  terraformDirSource?: string | undefined;
  /** Terraform already scanned (several accounts checked in one job): used instead of the above. */
  terraform?: TerraformContext | undefined;
  /** `terraform show -json` output. */
  terraformState?: string | undefined;
  /** A folder where parsed Terraform is kept across runs (`--cache-dir`, `cache-dir`). */
  terraformCacheDir?: string | undefined;
  /** The name of the `failOn` override for messages (`--fail-on`, ``input `fail-on` ``). */
  failOnSource?: string | undefined;
  /** The policy at a pull request's base, to list what the PR changes; `text` null: no file there. */
  basePolicy?: { text: string | null; label: string } | undefined;
  /** Receives the edit plans of the located findings (the `fix` command applies them). */
  onPlans?: ((plans: MadePlans) => void) | undefined;
  /** Plan only the findings of these rules (`fix` needs no others); default all. */
  planRules?: readonly string[] | undefined;
  /** With `planRules`: plan only the findings of the users this accepts (`fix --user`). */
  planUser?: ((user: string) => boolean) | undefined;
}

/** Reads and loads a policy; `now` (epoch ms) bounds its exemptions' expiry dates. */
export async function readPolicyFile(file: string, now: number): Promise<Policy> {
  const bytes = await readInputFile(file, 'policy file', POLICY_MAX_BYTES);
  return loadPolicy(bytes.toString('utf8'), file, { now });
}

/** Reads the report and the policy and evaluates them: the whole `check`, for every adapter. */
export async function runCheck(input: CheckInput): Promise<GateReport> {
  if (input.accountId !== undefined && !/^\d{12}$/.test(input.accountId))
    throw new InputError(`the account id "${input.accountId}" is not 12 digits`);
  const [policy, reportBytes] = await Promise.all([
    readPolicyFile(input.policyFile, input.now),
    readInputFile(input.reportFile, 'credential report', REPORT_MAX_BYTES),
  ]);
  // a big report makes a long run, which V8's default tiering serves better (util/tiering.ts)
  tiering.input(reportBytes.length);
  // a context this check loads is its own to keep in the result cache (once its plans are made)
  const own =
    input.terraform === undefined
      ? await loadTerraform(
          input.terraformDirs ?? [],
          input.terraformState,
          input.terraformDirSource ?? 'terraform-dir',
          input.terraformCacheDir,
        )
      : undefined;
  try {
    return await checkWith(
      input,
      policy,
      reportBytes,
      (input.terraform ?? own)?.forAccount(input.accountId),
    );
  } finally {
    own?.keep();
  }
}

async function checkWith(
  input: CheckInput,
  policy: Policy,
  reportBytes: Buffer,
  terraform: ReturnType<TerraformContext['forAccount']> | undefined,
): Promise<GateReport> {
  const loaded = loadCredentialReport(reportBytes, input.reportFile);
  const meta =
    input.reportGeneratedAt === undefined && loaded.generatedAt === undefined
      ? await readReportMeta(input.reportFile)
      : undefined;
  const generatedAt = input.reportGeneratedAt ?? loaded.generatedAt ?? meta?.generatedAt ?? null;
  const generatedAtSource =
    input.reportGeneratedAt !== undefined
      ? '--report-generated-at'
      : loaded.generatedAt !== undefined
        ? `${input.reportFile}'s GeneratedTime`
        : metaFileFor(input.reportFile);
  const evaluation = createEvaluation({
    policy: input.failOn ? { ...policy, failOn: input.failOn } : policy,
    now: input.now,
    reportGeneratedAt: generatedAt,
    accountLabel: input.accountLabel ?? null,
    toolVersion: VERSION,
    ...(terraform && { locate: terraform.locate }),
    ...(terraform?.possible && { possible: terraform.possible }),
    warnings: terraform?.warnings ?? [],
    fixesFollow: terraform?.plans !== undefined,
  });
  // a quote anywhere (never in a report AWS writes): PapaParse reads it
  if (loaded.csv.includes(0x22)) await loadQuotedReader();
  // Rows are evaluated as they are parsed, and not kept (but those of located users).
  const report = parseCredentialReport(loaded.csv, loaded.csvFile, evaluation.addRow, {
    now: input.now,
    generatedAt,
    generatedAtSource,
  });
  if (
    input.accountId !== undefined &&
    report.accountId !== null &&
    report.accountId !== input.accountId
  )
    throw new InputError(
      `the report is of account ${report.accountId}, not of ${input.accountId} as expected`,
      { file: input.reportFile },
      "the job assumed the wrong role, or was given another account's report",
    );
  const result = evaluation.finish({
    accountId: report.accountId ?? input.accountId ?? null,
    users: report.rowCount,
    warnings: meta?.warning ? [meta.warning, ...report.warnings] : report.warnings,
  });
  // The edit plans of the located findings; their advice is then written from the plan (see
  // terraform/planner.ts).
  const plans = terraform?.plans
    ? await planFindings(
        terraform.plans,
        input.planRules
          ? result.findings.filter(
              (f) =>
                input.planRules?.includes(f.rule) &&
                f.failing &&
                (f.user === null || (input.planUser?.(f.user) ?? true)),
            )
          : result.findings,
        { planner: input.onPlans !== undefined },
      )
    : undefined;
  // the findings' advice written again from their plans, in place (the rows are not read again)
  // (with none, the located findings' advice is written without plans: see fixesFollow)
  if (terraform?.plans) evaluation.attachFixes(fixLookup(plans?.fixes ?? new Map()));
  if (input.onPlans && plans?.planner) input.onPlans(plans);
  result.policyWarnings = analyzeWeakening(policy, {
    failOnOverride: input.failOn,
    failOnSource: input.failOnSource,
  });
  if (input.basePolicy) {
    const changes = comparePolicies(policy, input.basePolicy);
    if (typeof changes === 'string') result.warnings.push(changes);
    else result.policyChanges = changes;
  }
  return result;
}

/** What the policy changes since the base, or why that cannot be said (a warning). */
function comparePolicies(
  policy: Policy,
  base: { text: string | null; label: string },
): PolicyChanges | string {
  let before: Policy;
  try {
    // no `now`: the base's exemption dates are not this pull request's to answer for
    before = loadPolicy(base.text ?? 'version: 1\n', base.label);
  } catch (error) {
    if (!isInputError(error)) throw error;
    return `The policy at the base (${base.label}) is not valid, so its changes are not listed: ${error.message}`;
  }
  return {
    base: base.label,
    baseMissing: base.text === null,
    changes: diffPolicies(before, policy),
  };
}

/** The Terraform locator, loaded only when asked for (the parser is WebAssembly). */
export async function loadTerraform(
  dirs: readonly string[],
  stateFile: string | undefined,
  source: string,
  cacheDir?: string,
): Promise<TerraformContext | undefined> {
  if (dirs.length === 0 && stateFile === undefined) return undefined;
  const [{ loadTerraformContext }, { parseTerraformDirs }] = await Promise.all([
    import('../terraform/locate.js'),
    import('../terraform/accounts.js'),
  ]);
  return loadTerraformContext(parseTerraformDirs(dirs, source), stateFile, process.cwd(), cacheDir);
}
