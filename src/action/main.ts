import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import { InputError, isInputError } from '../errors.js';
import type { GateReport } from '../engine/types.js';
import { renderChunks, type Format } from '../render/index.js';
import { renderMergedMarkdown } from '../render/merged.js';
import type { MergedReport } from '../merge/types.js';
import { writeChunks } from '../render/stream.js';
import { urlPath } from '../render/escape.js';
import { renderMarkdown, type MarkdownOptions } from '../render/markdown.js';
import { runCheck, type CheckInput } from '../run/check.js';
import { VERSION } from '../version.js';
import { readBasePolicy } from './base-policy.js';
import { confineInputs, readInputs, type ActionInputs } from './inputs.js';
import { info } from './log.js';
import { confine } from './paths.js';
import {
  commentSettings,
  describeFailure,
  postComment,
  rawCommentSettings,
  tokenParts,
} from './comment.js';
import { renderCouldNotRun } from '../render/could-not-run.js';
import { annotate, verdictLine } from './annotations.js';
import { publishCheckRun } from './check-run.js';
import { publishError, rawOutputFiles, sarifUris, setOutputs } from './outputs.js';
import type { SarifOptions } from '../render/sarif.js';
import type { UriOf } from '../render/sarif-uri.js';
import { tiering } from '../util/tiering.js';

/** GitHub's limit on a step summary, in bytes. */
export const SUMMARY_MAX_BYTES = 1024 * 1024;
export { annotation } from './annotations.js';

export interface PullRequestEvent {
  number: number;
  headSha: string | undefined;
  baseSha?: string | undefined;
}

/** The pull request of this run, read from the event payload, or undefined. */
function pullRequest(): PullRequestEvent | undefined {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  try {
    const event = JSON.parse(readFileSync(path, 'utf8')) as {
      pull_request?: { number?: number; head?: { sha?: string }; base?: { sha?: string } };
    };
    const pr = event.pull_request;
    return pr?.number
      ? { number: pr.number, headSha: pr.head?.sha, baseSha: pr.base?.sha }
      : undefined;
  } catch {
    return undefined;
  }
}

function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = process.env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

export function markdownOptions(pr: PullRequestEvent | undefined): MarkdownOptions {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = process.env;
  const commit = pr?.headSha ?? sha;
  const url = runUrl();
  return {
    ...(server &&
      repo &&
      commit && {
        linkFile: (file: string, line: number) =>
          `${server}/${repo}/blob/${commit}/${urlPath(file)}#L${line}`,
      }),
    ...(url && { footer: `<sub>[Workflow run](${url}) · iam-credential-gate ${VERSION}</sub>` }),
  };
}

/** `fix: true`: the check, and the patch of its verified unused-user plans in `fix-file`. */
async function writeFixPatch(input: CheckInput, file: string): Promise<GateReport> {
  const { runFix } = await import('../run/fix.js');
  const result = await runFix({ ...input, planAll: true });
  await writeFile(file, result.patch);
  core.setOutput('fix-file', file);
  for (const m of result.manual)
    core.warning(`manual: ${m.user} (${m.rule}): ${m.reason}`, {
      title: 'iam-credential-gate: no verified fix',
      ...(m.file !== null && { file: m.file }),
      ...(m.line !== null && { startLine: m.line }),
    });
  core.info(
    `Fix: ${result.fixed.length} verified, ${result.manual.length} manual; patch in ${file}.`,
  );
  return result.report;
}

/** The action: the same engine as the CLI, with GitHub's outputs. Sets outputs first, fails last. */
export async function run(): Promise<void> {
  // masked in the log from here on (each line of it too), whatever message would repeat it
  const token = core.getInput('github-token');
  for (const part of tokenParts(token)) core.setSecret(part);
  const pr = pullRequest();
  let inputs: ActionInputs | undefined;
  try {
    inputs = readInputs(pr !== undefined);
    confineInputs(inputs);
    if (inputs.merge !== undefined) {
      await mergeMode(inputs, inputs.merge, pr);
      return;
    }
    if (inputs.accounts !== undefined) {
      const { accountsMode } = await import('./accounts.js');
      await accountsMode(inputs, inputs.accounts, pr);
      return;
    }
    // one account's check is a short run: V8 is asked to optimise later (util/tiering.ts)
    tiering.shortRun();
    const now = inputs.now ?? Date.now();
    const reportFile = inputs.report ?? (await fetchLive(inputs));
    const checkInput = {
      reportFile,
      policyFile: inputs.policy,
      now,
      failOn: inputs.failOn,
      accountLabel: inputs.accountLabel,
      accountId: inputs.accountId,
      terraformDirs: inputs.terraformDirs,
      terraformDirSource: 'input `terraform-dir`',
      terraformState: inputs.terraformState,
      terraformCacheDir: inputs.cacheDir,
      failOnSource: 'input `fail-on`',
      basePolicy: await readBasePolicy(pr?.baseSha, inputs.policy, info), // git's words are data
    };
    const report = inputs.fixFile
      ? await writeFixPatch(checkInput, inputs.fixFile)
      : await runCheck(checkInput);
    const options = markdownOptions(pr);
    const sarif = sarifOptions(inputs);
    const checkRun = {
      mode: inputs.checkRun,
      token: inputs.githubToken,
      headSha: pr?.headSha ?? process.env.GITHUB_SHA,
      timeoutSeconds: inputs.commentTimeoutSeconds,
      uriOf: sarif.uriOf,
    };
    await publish(
      {
        passed: report.passed,
        findings: report.summary.findings,
        failing: report.summary.failing,
        chunks: (format) => renderChunks(report, format, {}, sarif),
        markdown: (o) => renderMarkdown(report, { ...options, ...o }),
        annotate: async () => annotate(report, await publishCheckRun(report, checkRun)),
      },
      inputs,
      pr,
    );
    // The verdict was the first annotation: failing the step here adds no second one.
    if (report.passed) core.info(verdictLine(report));
    else {
      core.info(verdictLine(report));
      process.exitCode = core.ExitCode.Failure;
    }
  } catch (error) {
    const message = isInputError(error)
      ? error.describe()
      : `unexpected error: ${(error as Error).stack ?? String(error)}`;
    if (isInputError(error) && error.place.file)
      core.error(error.message, {
        title: 'iam-credential-gate: input error',
        file: error.place.file,
        ...(error.place.line !== undefined && { startLine: error.place.line }),
        ...(error.place.column !== undefined && { startColumn: error.place.column }),
      });
    await publishError(message, error, inputs ?? rawOutputFiles(), {
      id: inputs?.accountId ?? null,
      label: inputs?.accountLabel ?? null,
    });
    // The summary and the comment say the same: what failed, the hint, no verdict.
    const failure = { ...describeFailure(error), footer: markdownOptions(pr).footer };
    await core.summary
      .addRaw(renderCouldNotRun({ ...failure, surface: 'summary' }))
      .write()
      .catch(() => undefined);
    // A run that could not evaluate replaces the comment too: no earlier "passed" may stand.
    await postComment(
      inputs ? commentSettings(inputs) : rawCommentSettings(),
      () => renderCouldNotRun(failure),
      false,
      pr?.number,
    );
    core.setFailed(message);
  }
}

/** A report or a merged report, as the action publishes it. */
interface Publishable {
  passed: boolean;
  findings: number;
  failing: number;
  /** The JSON and SARIF files; absent when they are written already (a merge writes them as it reads). */
  chunks?: (format: Format) => Iterable<string>;
  markdown(options: MarkdownOptions): string;
  /** Issued before the comment step, so that the verdict is the first annotation. */
  annotate?: () => Promise<unknown>;
}

/** Files, outputs (all set before any failure), job summary and the sticky comment. */
async function publish(
  p: Publishable,
  inputs: ActionInputs,
  pr: PullRequestEvent | undefined,
): Promise<void> {
  if (inputs.jsonFile && p.chunks) await writeChunks(p.chunks('json'), inputs.jsonFile);
  if (inputs.sarifFile && p.chunks) await writeChunks(p.chunks('sarif'), inputs.sarifFile);
  setOutputs({ ...p, jsonFile: inputs.jsonFile, sarifFile: inputs.sarifFile, error: '' });
  await p.annotate?.();
  const { summary: summaryLinks, comment: commentLinks } = elsewhereLinks(
    runUrl(),
    inputs.jsonFile,
  );
  await core.summary
    .addRaw(
      p.markdown({
        maxLength: SUMMARY_MAX_BYTES - 1024,
        measure: Buffer.byteLength,
        elsewhereLinks: summaryLinks,
      }),
    )
    .write();
  await comment(
    (maxLength) =>
      p.markdown({
        maxLength,
        elsewhere: 'the job summary and the JSON report',
        elsewhereLinks: commentLinks,
        ...(inputs.accountLabel && { title: inputs.accountLabel }),
      }),
    p.passed,
    inputs,
    pr,
  );
}

/**
 * Where the parts cut from a surface are to be read: the comment points at the job summary
 * (on the run's page) and the JSON report (an artifact, when the workflow uploads `json-file`);
 * the summary at the JSON report.
 */
export function elsewhereLinks(
  url: string | undefined,
  jsonFile: string | undefined,
): { summary: { label: string; href: string }[]; comment: { label: string; href: string }[] } {
  if (!url) return { summary: [], comment: [] };
  const json = jsonFile
    ? [{ label: 'the JSON report (the run’s artifacts)', href: `${url}#artifacts` }]
    : [];
  return { summary: json, comment: [{ label: 'the job summary', href: url }, ...json] };
}

/** Merge mode: the verdict, summary, comment and SARIF of many per-account JSON reports. */
async function mergeMode(
  inputs: ActionInputs,
  pattern: string,
  pr: PullRequestEvent | undefined,
): Promise<void> {
  const { glob } = await import('tinyglobby');
  const patterns = pattern
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);
  const files = (await glob(patterns, { onlyFiles: true, expandDirectories: false })).sort();
  if (files.length === 0)
    throw new InputError(
      `input \`merge\`: no JSON report matches ${patterns.join(', ')}`,
      {},
      'did the per-account jobs upload their reports, and were they downloaded here?',
    );
  for (const file of files) confine(inputs.confinement, 'merge', file);
  core.info(`Merging ${files.length} report(s).`);
  const { runMerge } = await import('../run/merge.js');
  // the JSON and SARIF files are written as the reports are read
  const merged = await runMerge(files, {
    now: inputs.now ?? Date.now(),
    expectAccountsFile: inputs.expectAccounts,
    failOn: inputs.failOn,
    maxReportAgeHours: inputs.maxReportAgeHours,
    ...mergedFiles(inputs),
  });
  await publishMerged(merged, inputs, pr);
  const s = merged.summary;
  const verdict = `${s.accounts} accounts: ${s.passed} passed, ${s.failed} failed, ${s.stale} stale, ${s.errored} errored, ${s.missing} missing; ${s.failing} failing findings (fail_on ${merged.failOn})`;
  if (merged.passed) core.info(`IAM credential gate passed: ${verdict}.`);
  else core.setFailed(`IAM credential gate failed: ${verdict}.`);
}

/** What runMerge writes as it reads: the action's `json-file` and `sarif-file`. */
export const mergedFiles = (inputs: ActionInputs) => ({
  jsonFile: inputs.jsonFile,
  sarifFile: inputs.sarifFile,
  sarif: sarifOptions(inputs),
});

/**
 * A merged report's outputs, summary and comment (its files are written by runMerge, see
 * mergedFiles); `passed` may be stricter than its own.
 */
export async function publishMerged(
  merged: MergedReport,
  inputs: ActionInputs,
  pr: PullRequestEvent | undefined,
  passed: boolean = merged.passed,
): Promise<void> {
  const options = markdownOptions(pr);
  await publish(
    {
      passed,
      findings: merged.summary.findings,
      failing: merged.summary.failing,
      markdown: (o) => renderMergedMarkdown(merged, { ...options, ...o }),
    },
    inputs,
    pr,
  );
}

async function fetchLive(inputs: ActionInputs): Promise<string> {
  const dir = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'iam-credential-gate-'));
  const output = join(dir, 'credential-report.csv');
  const { fetchReportToFile } = await import('../run/fetch.js');
  core.info('No `report` input: fetching the credential report from AWS.');
  const fetched = await fetchReportToFile({
    output,
    maxWaitMs: inputs.maxWaitSeconds * 1000,
    log: (m) => info(m), // may hold an AWS error message
  });
  core.info(
    `Credential report generated ${fetched.generatedAt.toISOString()} (${fetched.calls} API calls).`,
  );
  return output;
}

const sarifOptions = (inputs: ActionInputs): SarifOptions & { uriOf: UriOf } => ({
  includeExempted: inputs.sarifIncludeExempted,
  uriOf: sarifUris(),
});

async function comment(
  body: (maxLength: number) => string,
  passed: boolean,
  inputs: ActionInputs,
  pr: PullRequestEvent | undefined,
): Promise<void> {
  await postComment(commentSettings(inputs), body, passed, pr?.number);
}
