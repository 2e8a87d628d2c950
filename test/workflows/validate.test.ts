import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parseAction } from '@actions/workflow-parser/actions/action-parser';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const workflowFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? workflowFiles(path) : /\.ya?ml$/.test(name) ? [path] : [];
  });

const errorsOf = (result: { context: { errors: { getErrors(): { message: string }[] } } }) =>
  result.context.errors.getErrors().map((e) => e.message);

describe('GitHub workflow and action files (validated with @actions/workflow-parser)', () => {
  it('action.yml is a valid node24 action manifest', () => {
    const content = readFileSync('action.yml', 'utf8');
    expect(
      errorsOf(parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter())),
    ).toEqual([]);
    expect(parse(content).runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('the validator does reject a broken manifest', () => {
    const content = readFileSync('action.yml', 'utf8').replace('node24', 'node99');
    expect(
      errorsOf(parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter())),
    ).not.toEqual([]);
  });

  const files = workflowFiles('.github/workflows');
  it('covers the CI, check-dist and example workflows', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/check-dist.yml',
        '.github/workflows/release.yml',
        '.github/workflows/examples/pr-gate.yml',
        '.github/workflows/examples/nightly.yml',
        '.github/workflows/examples/offline-report.yml',
        '.github/workflows/examples/org-wide.yml',
      ]),
    );
  });
  it.each(files)('%s is a valid workflow', (file) => {
    const result = parseWorkflow(
      { name: file, content: readFileSync(file, 'utf8') },
      new NoOperationTraceWriter(),
    );
    expect(errorsOf(result)).toEqual([]);
  });

  it('every action input is read by the adapter and documented in the README', () => {
    const inputs = Object.keys(parse(readFileSync('action.yml', 'utf8')).inputs);
    const adapter = readFileSync('src/action/inputs.ts', 'utf8');
    const readme = readFileSync('README.md', 'utf8');
    const read = [
      ...adapter.matchAll(/(?:getInput|getMultilineInput|optional|oneOf)\('([a-z-]+)'/g),
    ].map((m) => m[1]);
    expect([...new Set(read)].sort()).toEqual([...inputs].sort());
    for (const input of inputs)
      expect(readme, `README documents input ${input}`).toContain(`| \`${input}\``);
    for (const output of Object.keys(parse(readFileSync('action.yml', 'utf8')).outputs))
      expect(readme, `README documents output ${output}`).toContain(`| \`${output}\``);
  });
});

/**
 * The actions the workflows may use, each pinned to the commit of a release whose action.yml
 * declares `runs.using: node24` (read at that tag in the action's repository; the version is the
 * release tag the commit carries). A new action, or a new pin, is checked the same way and
 * added here.
 */
const PINS: Record<string, { sha: string; version: string }> = {
  'actions/checkout': { sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1' },
  'actions/setup-node': { sha: '820762786026740c76f36085b0efc47a31fe5020', version: 'v7.0.0' },
  'actions/setup-python': { sha: '5fda3b95a4ea91299a34e894583c3862153e4b97', version: 'v7.0.0' },
  'actions/upload-artifact': { sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', version: 'v7.0.0' },
  'actions/download-artifact': {
    sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c',
    version: 'v8.0.1',
  },
  'aws-actions/configure-aws-credentials': {
    sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c',
    version: 'v6.2.3',
  },
  'github/codeql-action/upload-sarif': {
    sha: '8aad20d150bbac5944a9f9d289da16a4b0d87c1e',
    version: 'v4.36.2',
  },
  'dawidd6/action-download-artifact': {
    sha: 'b6e2e70617bc3265edd6dab6c906732b2f1ae151',
    version: 'v21',
  },
};
/** This action itself: the repository's own checkout, or the examples' `@v1` until a release SHA exists. */
const SELF = /^(\.\/|iam-credential-gate\/iam-credential-gate@v1)$/;

const usesLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      const m = /^\s*(?:-\s+)?uses:\s*(\S+)(?:\s+#\s*(.*))?$/.exec(line);
      return m ? [{ at: `${file}:${i + 1}`, ref: m[1] as string, comment: m[2] }] : [];
    });

describe('the actions the workflows use', () => {
  const uses = workflowFiles('.github/workflows').flatMap(usesLines);

  it('finds the uses: lines (the scan itself works)', () => {
    expect(uses.length).toBeGreaterThan(20);
    expect(uses.map((u) => u.ref)).toContain('./');
  });

  it('pins every other action to a commit SHA with its version in a comment', () => {
    const wrong = uses
      .filter((u) => !SELF.test(u.ref))
      .filter((u) => {
        const [name, sha] = u.ref.split('@') as [string, string | undefined];
        const pin = PINS[name];
        return !pin || sha !== pin.sha || u.comment !== pin.version;
      })
      .map((u) => `${u.at}: ${u.ref} # ${u.comment ?? ''}`);
    expect(wrong).toEqual([]);
  });

  it('every example runs the gate with terraform-dir (except the merge of reports)', () => {
    for (const file of workflowFiles('.github/workflows/examples')) {
      const jobs = Object.values(parse(readFileSync(file, 'utf8')).jobs) as {
        steps: { uses?: string; with?: Record<string, string> }[];
      }[];
      const gates = jobs
        .flatMap((j) => j.steps)
        .filter((s) => s.uses?.startsWith('iam-credential-gate/'));
      expect(gates.length, file).toBeGreaterThan(0);
      for (const gate of gates.filter((g) => g.with?.merge === undefined))
        expect(gate.with?.['terraform-dir'], file).toBeTruthy();
    }
  });

  it('the offline example does not fail before its first report, and fails once it has had one', () => {
    const steps = parse(readFileSync('.github/workflows/examples/offline-report.yml', 'utf8')).jobs
      .check.steps as {
      id?: string;
      if?: string;
      uses?: string;
      run?: string;
      with?: Record<string, unknown>;
    }[];
    const download = steps.find((s) => s.id === 'report');
    expect(download?.with?.if_no_artifact_found).toBe('warn');
    const missing = steps.find((s) => s.if === "steps.report.outputs.found_artifact != 'true'");
    expect(missing?.run).toMatch(/::warning/);
    expect(missing?.run).toMatch(/exit 1/);
    const gate = steps.find((s) => s.uses?.startsWith('iam-credential-gate/'));
    expect(gate?.if).toBe("steps.report.outputs.found_artifact == 'true'");

    // The step's script, run with a stand-in `gh` that reports how many successful fetch runs
    // there have been (per event).
    const bin = mkdtempSync(join(tmpdir(), 'gh-'));
    writeFileSync(join(bin, 'gh'), '#!/bin/sh\necho "$FETCH_RUNS"\n');
    chmodSync(join(bin, 'gh'), 0o755);
    const run = (fetchRuns: string) => {
      const summary = join(bin, `summary-${fetchRuns}.md`);
      writeFileSync(summary, '');
      const r = spawnSync('bash', ['-e', '-c', missing?.run as string], {
        encoding: 'utf8',
        env: {
          PATH: `${bin}${delimiter}${process.env.PATH}`,
          FETCH_RUNS: fetchRuns,
          GITHUB_STEP_SUMMARY: summary,
          BRANCH: 'main',
        },
      });
      return { ...r, summary: readFileSync(summary, 'utf8') };
    };
    const first = run('0');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /^::warning title=IAM credential gate not run::No credential report yet/,
    );
    expect(first.summary).toMatch(/not checked/);
    const later = run('1');
    expect(later.status).toBe(1);
    expect(later.stdout).toMatch(/^::error title=No credential report::/);
  });
});
