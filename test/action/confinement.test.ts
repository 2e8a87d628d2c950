import { copyFileSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeRoots } from '../helpers/roots.js';
import { runAction, type ActionRun } from '../helpers/run-action.js';

/** What a pull request would love to publish: the first line of a file outside the checkout. */
const SECRET = 'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA==';

describe('the bundled action refuses file inputs that resolve outside GITHUB_WORKSPACE', () => {
  let ws: string;
  let temp: string;
  let outside: string;

  beforeEach(() => {
    ({ ws, temp, outside } = makeRoots('confine-e2e-'));
    copyFileSync('examples/policy.yml', join(ws, 'policy.yml'));
    copyFileSync('examples/credential-report.csv', join(ws, 'report.csv'));
    writeFileSync(join(outside, 'secret.csv'), `${SECRET}\nuser,arn\n`);
  });

  const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    runAction({
      dir: temp,
      inputs: { now: '2026-11-22T00:00:00Z', comment: 'never', ...inputs },
      env: { GITHUB_WORKSPACE: ws, RUNNER_TEMP: temp, ...env },
    });

  const everything = (r: ActionRun, files: string[]) =>
    [r.stdout, r.stderr, r.summary, ...Object.values(r.outputs)]
      .concat(files.filter(existsSync).map((f) => readFileSync(f, 'utf8')))
      .join('\n');

  it('a report symlinked to a file outside: refused, exit 1, the secret in no output', async () => {
    symlinkSync(join(outside, 'secret.csv'), join(ws, 'planted.csv'));
    const json = join(temp, 'r.json');
    const sarif = join(temp, 'r.sarif');
    const r = await run({
      policy: join(ws, 'policy.yml'),
      report: join(ws, 'planted.csv'),
      'json-file': json,
      'sarif-file': sarif,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `::error::input \`report\`: "${join(ws, 'planted.csv')}" resolves to ${join(outside, 'secret.csv')}, outside the workspace ${ws}`,
    );
    expect(r.summary).toMatch(/could not run[\s\S]*input `report`/);
    expect(JSON.parse(readFileSync(json, 'utf8')).error.message).toMatch(/input `report`/);
    expect(r.outputs.passed).toBe('false');
    const all = everything(r, [json, sarif]);
    expect(all).not.toContain('AUTHORIZATION');
    expect(all).not.toContain('eC1hY2Nlc3MtdG9rZW46');
  });

  it('a policy given as ../ path, a terraform-dir symlinked outside, a state file by absolute path: each refused by name', async () => {
    symlinkSync(outside, join(ws, 'infra'));
    writeFileSync(join(outside, 'state.json'), '{}');
    const cases: [Record<string, string>, string][] = [
      [
        { policy: join(ws, '..', 'outside', 'secret.csv'), report: join(ws, 'report.csv') },
        'policy',
      ],
      [
        {
          policy: join(ws, 'policy.yml'),
          report: join(ws, 'report.csv'),
          'terraform-dir': join(ws, 'infra'),
        },
        'terraform-dir',
      ],
      [
        {
          policy: join(ws, 'policy.yml'),
          report: join(ws, 'report.csv'),
          'terraform-state': join(outside, 'state.json'),
        },
        'terraform-state',
      ],
      [
        {
          policy: join(ws, 'policy.yml'),
          report: join(ws, 'report.csv'),
          'cache-dir': join(outside, 'cache'),
        },
        'cache-dir',
      ],
    ];
    for (const [inputs, name] of cases) {
      const r = await run(inputs);
      expect(r.code, name).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`::error::input \`${name}\`: .* outside the workspace`));
      expect(everything(r, [])).not.toContain('AUTHORIZATION');
    }
  });

  it('merge files and expect-accounts that resolve outside are refused', async () => {
    writeFileSync(join(outside, 'a.json'), '{}');
    symlinkSync(join(outside, 'a.json'), join(ws, 'a.json'));
    const merged = await run({ merge: join(ws, '*.json') });
    expect(merged.code).toBe(1);
    expect(merged.stdout).toMatch(/::error::input `merge`: .* outside the workspace/);

    writeFileSync(join(ws, 'b.json'), '{}');
    const expect_ = await run({
      merge: join(ws, 'b.json'),
      'expect-accounts': join(outside, 'secret.csv'),
    });
    expect(expect_.stdout).toMatch(/::error::input `expect-accounts`: .* outside the workspace/);
    expect(everything(expect_, [])).not.toContain('AUTHORIZATION');
  });

  it('an output path planted as a symlink outside is refused and the target is not written', async () => {
    symlinkSync(join(outside, 'victim.json'), join(ws, 'report.json'));
    const r = await run({
      policy: join(ws, 'policy.yml'),
      report: join(ws, 'report.csv'),
      'json-file': join(ws, 'report.json'),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error::input `json-file`: .* the action does not write files there/,
    );
    expect(existsSync(join(outside, 'victim.json'))).toBe(false);
  });

  it('RUNNER_TEMP is allowed, and `allowed-paths` allows another directory', async () => {
    copyFileSync('examples/credential-report.csv', join(temp, 'fetched.csv'));
    const fromTemp = await run({
      policy: join(ws, 'policy.yml'),
      report: join(temp, 'fetched.csv'),
    });
    expect(fromTemp.stdout).not.toMatch(/outside the workspace/);
    expect(fromTemp.outputs.findings).toBe('34');

    copyFileSync('examples/credential-report.csv', join(outside, 'report.csv'));
    const allowed = await run({
      policy: join(ws, 'policy.yml'),
      report: join(outside, 'report.csv'),
      'allowed-paths': `${outside}\n`,
    });
    expect(allowed.outputs.findings).toBe('34');
  });
});
