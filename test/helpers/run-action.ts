import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
}

/** Parses GITHUB_OUTPUT's `name<<delimiter` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm))
    out[m[1] as string] = m[3] as string;
  return out;
}

let counter = 0;

/**
 * Runs the committed dist/index.js as the runner does: inputs as INPUT_<NAME> (upper-cased,
 * hyphens kept), the event payload file, and the summary and output files.
 */
export async function runAction(options: {
  dir: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
}): Promise<ActionRun> {
  const n = counter++;
  const summary = join(options.dir, `summary-${n}.md`);
  const output = join(options.dir, `output-${n}.txt`);
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    GITHUB_REPOSITORY: 'acme/infra',
    GITHUB_SERVER_URL: 'https://github.test',
    GITHUB_RUN_ID: '42',
    GITHUB_SHA: 'def456',
    RUNNER_TEMP: options.dir,
    'INPUT_MAX-WAIT-SECONDS': '120',
    ...Object.fromEntries(
      Object.entries(options.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]),
    ),
    ...options.env,
  };
  const child = spawn(process.execPath, ['dist/index.js'], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    code,
    stdout,
    stderr,
    summary: readFileSync(summary, 'utf8'),
    outputs: parseOutputs(readFileSync(output, 'utf8')),
  };
}

/** The event payload of pull request #7 (head `abc123`), written into `dir`; returns its path. */
export function writePullRequestEvent(dir: string): string {
  const event = join(dir, 'event.json');
  writeFileSync(
    event,
    JSON.stringify({
      action: 'synchronize',
      number: 7,
      pull_request: { number: 7, head: { sha: 'abc123' } },
    }),
  );
  return event;
}

/** Runs the action on that pull request with `token`, against the GitHub stand-in at `apiUrl`. */
export const runOnPullRequest = (options: {
  dir: string;
  event: string;
  apiUrl: string;
  token: string;
  inputs: Record<string, string>;
  env?: Record<string, string>;
}): Promise<ActionRun> =>
  runAction({
    dir: options.dir,
    inputs: { 'github-token': options.token, ...options.inputs },
    env: {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: options.event,
      GITHUB_API_URL: options.apiUrl,
      ...options.env,
    },
  });
