import * as core from '@actions/core';
import type { Finding, GateReport } from '../engine/types.js';
import type { UriOf } from '../render/sarif-uri.js';
import { plainText } from '../render/escape.js';
import type { CheckAnnotation } from '../github/checks.js';
import { info } from './log.js';
import { verdictLine } from './annotations.js';

export const CHECK_RUN_MODES = ['auto', 'true', 'false'] as const;
export type CheckRunMode = (typeof CHECK_RUN_MODES)[number];
/** At most this many annotations on the check run (20 requests of 50). */
export const MAX_CHECK_ANNOTATIONS = 1000;
export const CHECK_RUN_NAME = 'iam-credential-gate';

export interface CheckRunSettings {
  mode: CheckRunMode;
  token: string;
  headSha: string | undefined;
  timeoutSeconds: number;
  uriOf: UriOf;
}

/** The check run's annotation of a finding: on its Terraform line, or line 1 of the policy. */
function checkAnnotation(f: Finding, policyFile: string, uriOf: UriOf): CheckAnnotation | null {
  const where = f.terraform.find((t) => t.file !== null);
  const path = uriOf(where?.file ?? policyFile);
  if (path === null) return null;
  const line = where?.line ?? 1;
  return {
    path,
    start_line: line,
    end_line: line,
    annotation_level: f.failing ? 'failure' : 'warning',
    title: plainText(`${f.rule}${f.user ? `: ${f.user}` : ''} (${f.severity})`),
    message: plainText(`${f.message} ${f.remediation}`),
  };
}

/**
 * A check run carrying the findings as annotations (50 per request, up to
 * {@link MAX_CHECK_ANNOTATIONS}), when the token may (`checks: write`). Returns how many were
 * annotated there, or undefined when there is no check run: then the workflow commands carry
 * them. A 403/404 (no permission, no Checks API) falls back; `auto` says so in the log, `true` warns.
 */
export async function publishCheckRun(
  report: GateReport,
  s: CheckRunSettings,
): Promise<{ annotated: number; total: number; url: string | undefined } | undefined> {
  if (s.mode === 'false') return undefined;
  const fallBack = (why: string) => {
    const text = `No check run (${why}): the findings are annotated with workflow commands instead.`;
    if (s.mode === 'true') core.warning(text);
    else info(text);
    return undefined;
  };
  const [owner, repo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo || !s.token || !s.headSha)
    return fallBack('GITHUB_REPOSITORY, GITHUB_SHA or the `github-token` input is missing');
  const candidates = report.findings.filter((f) => !f.exempted);
  const annotations = candidates
    .map((f) => checkAnnotation(f, report.policy.file, s.uriOf))
    .filter((a): a is CheckAnnotation => a !== null);
  const shown = annotations.slice(0, MAX_CHECK_ANNOTATIONS);
  const left = candidates.length - shown.length;
  const summary = [
    verdictLine(report),
    '',
    `${shown.length} of ${candidates.length} finding(s) that are not exempted are annotated here${left > 0 ? `; ${left} are not (at most ${MAX_CHECK_ANNOTATIONS}, and only files in the repository)` : ''}. The job summary and the JSON report have every finding.`,
  ].join('\n');
  let deadline = Infinity;
  try {
    const [{ githubClient }, { createCheckRun }] = await Promise.all([
      import('../github/client.js'),
      import('../github/checks.js'),
    ]);
    const ms = s.timeoutSeconds * 1000;
    deadline = Date.now() + ms;
    const octokit = githubClient(s.token, {
      deadline,
      attemptMs: Math.min(10_000, ms),
      retries: 2,
      onRetry: (what, wait) =>
        info(`GitHub: ${what}; trying again in ${Math.ceil(wait / 1000)} s.`),
    });
    const run = await createCheckRun(octokit, {
      owner,
      repo,
      headSha: s.headSha,
      name: CHECK_RUN_NAME,
      conclusion: report.passed ? 'success' : 'failure',
      title: verdictLine(report),
      summary,
      annotations: shown,
    });
    info(
      `Check run ${CHECK_RUN_NAME}${run.url ? ` (${run.url})` : ''}: ${shown.length} annotation(s) in ${run.requests} request(s).`,
    );
    return { annotated: shown.length, total: candidates.length, url: run.url };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 404)
      return fallBack(
        `${status}: ${status === 403 ? 'the token lacks `checks: write`' : 'the Checks API is not available'}`,
      );
    // Octokit reports a request it gave up on as a 500 of its own: said as the bound it is
    if (Date.now() >= deadline)
      return fallBack(
        `GitHub did not answer within ${s.timeoutSeconds} s (comment-timeout-seconds, which bounds the check run too)`,
      );
    return fallBack(`the API answered ${status ?? (error as Error).message}`);
  }
}
