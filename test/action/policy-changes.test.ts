import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rootRow, toCsv } from '../helpers/report.js';
import { runAction } from '../helpers/run-action.js';

/** A repository with two commits: the policy at the base, and the pull request's weaker one. */
function repository(dir: string): { repo: string; base: string } {
  const repo = join(dir, 'repo');
  mkdirSync(repo);
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: 'pipe' }).trim();
  git('init', '-q');
  git('config', 'user.email', 'test@example.test');
  git('config', 'user.name', 'test');
  writeFileSync(
    join(repo, 'policy.yml'),
    'version: 1\nrules:\n  access-key-age: { max_days: 60 }\n',
  );
  git('add', 'policy.yml');
  git('commit', '-qm', 'base');
  const base = git('rev-parse', 'HEAD');
  writeFileSync(
    join(repo, 'policy.yml'),
    'version: 1\nfail_on: never\nrules:\n  access-key-age: { max_days: 365 }\nexemptions:\n  - users: ["*"]\n    reason: all of them\n    expires: 2027-01-01\n',
  );
  git('commit', '-qam', 'weaken');
  writeFileSync(join(repo, 'report.csv'), toCsv([rootRow(), { user: 'alice' }]));
  return { repo, base };
}

describe('the action says what a pull request changes in the policy (bundle, real git)', () => {
  let dir: string;
  let repo: string;
  let base: string;
  const run = (sha: string, policyRepo = repo) => {
    const event = join(dir, `event-${sha.slice(0, 6)}.json`);
    writeFileSync(
      event,
      JSON.stringify({ pull_request: { number: 3, head: { sha: 'f'.repeat(40) }, base: { sha } } }),
    );
    return runAction({
      dir,
      inputs: {
        policy: join(policyRepo, 'policy.yml'),
        report: join(policyRepo, 'report.csv'),
        now: '2026-11-22T00:00:00Z',
        comment: 'never',
      },
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: event,
        GITHUB_WORKSPACE: policyRepo,
      },
    });
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-changes-'));
    ({ repo, base } = repository(dir));
  });

  it('lists the changes from the base commit and warns at the top and in the log', async () => {
    const r = await run(base);
    expect(r.code).toBe(0); // fail_on: never — which is the point of the warnings
    const lines = r.summary.split('\n');
    expect(lines[4]).toMatch(/^> ⚠️ \*\*This policy weakens the gate\*\*/);
    expect(r.summary).toContain('### Policy changes in this pull request');
    expect(r.summary).toContain(`at the base commit ${base.slice(0, 7)}:`);
    expect(r.summary).toContain('- `fail_on`: `high` → `never` ⚠️ weaker');
    expect(r.summary).toContain(
      '- [`access-key-age`][access-key-age] `max_days` for every user: `60` → `365` ⚠️ weaker',
    );
    expect(r.summary).toContain(
      '- exemption for `*` (every rule) **added**, until 2027-01-01 ⚠️ weaker',
    );
    expect(r.stdout).toContain(
      '::warning title=iam-credential-gate%3A the policy weakens the gate::fail_on is never: the gate only reports, it cannot fail.',
    );
  });

  it('skips the section with an info line when the base commit is not in a shallow clone', async () => {
    const shallow = join(dir, 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo}`, shallow], {
      stdio: 'pipe',
    });
    writeFileSync(join(shallow, 'report.csv'), toCsv([rootRow(), { user: 'alice' }]));
    const r = await run(base, shallow);
    expect(r.code).toBe(0);
    expect(r.summary).not.toContain('Policy changes in this pull request');
    expect(r.summary).toContain('This policy weakens the gate');
    expect(r.stdout).toContain(
      `Policy changes not listed: the base commit ${base.slice(0, 7)} is not in the checkout`,
    );
  });

  it('compares with the defaults when the policy is new in the pull request', async () => {
    const first = execFileSync('git', ['rev-list', '--max-parents=0', 'HEAD'], {
      cwd: repo,
      encoding: 'utf8',
    }).trim();
    // a base commit where the policy did not exist: an empty commit before it
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: 'pipe' }).trim();
    const tree = git('hash-object', '-t', 'tree', '-w', '--stdin');
    const empty = git('commit-tree', tree, '-m', 'empty');
    expect(first).not.toBe(empty);
    const r = await run(empty);
    expect(r.summary).toContain(
      'The policy is new in this pull request; compared with the defaults',
    );
    expect(r.summary).toContain(
      '- [`access-key-age`][access-key-age] `max_days` for every user: `90` → `365` ⚠️ weaker',
    );
  });
});
