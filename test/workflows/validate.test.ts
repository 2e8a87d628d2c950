import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
        '.github/workflows/examples/pr-gate.yml',
        '.github/workflows/examples/nightly.yml',
        '.github/workflows/examples/offline-report.yml',
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
      ...adapter.matchAll(
        /(?:getInput|getMultilineInput|optional|oneOf|positiveSeconds)\('([a-z-]+)'/g,
      ),
    ].map((m) => m[1]);
    expect([...new Set(read)].sort()).toEqual([...inputs].sort());
    for (const input of inputs)
      expect(readme, `README documents input ${input}`).toContain(`| \`${input}\``);
    for (const output of Object.keys(parse(readFileSync('action.yml', 'utf8')).outputs))
      expect(readme, `README documents output ${output}`).toContain(`| \`${output}\``);
  });
});
