import type { BoundedOctokit } from './client.js';

/** GitHub takes at most 50 annotations per check-run request; more go in further updates. */
export const CHECK_ANNOTATIONS_PER_REQUEST = 50;

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  title: string;
  message: string;
}

export interface CheckRunInput {
  owner: string;
  repo: string;
  headSha: string;
  name: string;
  conclusion: 'success' | 'failure';
  title: string;
  summary: string;
  annotations: readonly CheckAnnotation[];
}

/**
 * A completed check run carrying every annotation: created with the first 50, then updated with
 * each further 50 (GitHub appends the annotations of each update). Throws the API's error (a
 * token without `checks: write` answers 403; GitHub Enterprise without checks 404).
 */
export async function createCheckRun(
  octokit: BoundedOctokit,
  input: CheckRunInput,
): Promise<{ id: number; url: string | undefined; requests: number }> {
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < input.annotations.length; i += CHECK_ANNOTATIONS_PER_REQUEST)
    batches.push(input.annotations.slice(i, i + CHECK_ANNOTATIONS_PER_REQUEST));
  const output = (annotations: CheckAnnotation[] | undefined) => ({
    title: input.title,
    summary: input.summary,
    ...(annotations && { annotations }),
  });
  const created = await octokit.rest.checks.create({
    owner: input.owner,
    repo: input.repo,
    name: input.name,
    head_sha: input.headSha,
    status: 'completed',
    conclusion: input.conclusion,
    output: output(batches[0]),
  });
  for (const batch of batches.slice(1))
    await octokit.rest.checks.update({
      owner: input.owner,
      repo: input.repo,
      check_run_id: created.data.id,
      output: output(batch),
    });
  return {
    id: created.data.id,
    url: created.data.html_url ?? undefined,
    requests: Math.max(1, batches.length),
  };
}
