import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const notes = (version: string, changelog?: string) => {
  const args = ['scripts/release-notes.mjs', version];
  if (changelog !== undefined) {
    const file = join(mkdtempSync(join(tmpdir(), 'changelog-')), 'CHANGELOG.md');
    writeFileSync(file, changelog);
    args.push(file);
  }
  return spawnSync(process.execPath, args, { encoding: 'utf8' });
};

const CHANGELOG = `# Changelog

## [Unreleased]

### Added

- next thing

## [1.2.0] - 2026-12-01

### Added

- a rule

### Fixed

- a parser bug

## [1.1.10] - 2026-11-01

- older

[Unreleased]: https://example.test/compare/v1.2.0...HEAD
[1.2.0]: https://example.test/compare/v1.1.10...v1.2.0
`;

describe('release notes from the changelog (scripts/release-notes.mjs)', () => {
  it("prints the version's section without its heading, up to the next one", () => {
    const r = notes('1.2.0', CHANGELOG);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('### Added\n\n- a rule\n\n### Fixed\n\n- a parser bug\n');
  });

  it('stops at the link references after the last section', () => {
    expect(notes('1.1.10', CHANGELOG).stdout).toBe('- older\n');
  });

  it('does not take 1.1.1 for 1.1.10, nor a missing or empty section for notes', () => {
    const missing = notes('1.1.1', CHANGELOG);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no "## \[1\.1\.1\] - <date>" section/);
    expect(
      notes('2.0.0', '# Changelog\n\n## [2.0.0] - 2027-01-01\n\n## [1.0.0]\n\n- x\n').status,
    ).toBe(1);
  });

  it('refuses a version that is not X.Y.Z', () => {
    expect(notes('v1', CHANGELOG).status).toBe(2);
  });

  it('the repository changelog has an Unreleased section and the 0.1.0 entry', () => {
    const changelog = readFileSync('CHANGELOG.md', 'utf8');
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    expect(notes('0.1.0').stdout).toMatch(/never tagged/);
  });
});

describe('the release workflow', () => {
  const workflow = parse(readFileSync('.github/workflows/release.yml', 'utf8'));
  const steps = (job: string) =>
    workflow.jobs[job].steps as { name?: string; run?: string; uses?: string; if?: string }[];

  it('runs on version tags only', () => {
    expect(workflow.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+', 'v[0-9]+.[0-9]+.[0-9]+-*']);
    expect(workflow.on.push.branches).toBeUndefined();
  });

  it('checks the tag, the notes, dist/ and the tests before it releases', () => {
    const runs = steps('verify').map((s) => s.run ?? '');
    const order = [
      /"\$TAG" != "v\$version"/,
      /release-notes\.mjs/,
      /^npm ci$/,
      /^npm run bundle$/,
      /git status --porcelain -- dist/,
      /^npm test$/,
    ].map((pattern) => runs.findIndex((run) => pattern.test(run.trim())));
    expect(order).not.toContain(-1);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(workflow.jobs.release.needs).toBe('verify');
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.release.permissions).toEqual({ contents: 'write' });
  });

  it('moves the major tag of a release (computed as bash computes it), not of a prerelease', () => {
    const move = steps('release').find((s) => s.name === 'Move the major tag to this release');
    expect(move?.if).toBe("${{ !contains(github.ref_name, '-') }}");
    const script = (move?.run ?? '').replace(/^git .*$/gm, '').concat('\necho "$major"');
    const major = spawnSync('bash', ['-e', '-c', script], {
      encoding: 'utf8',
      env: { TAG: 'v12.3.4', GITHUB_SHA: 'x' },
    });
    expect(major.stdout.trim()).toBe('v12');
  });
});
