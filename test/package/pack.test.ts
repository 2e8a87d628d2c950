import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CHECK, expectExampleChecked } from '../helpers/example.js';

const listFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });

const npm = (args: string[], cwd: string, cache: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    // An empty cache: with --offline, anything the tarball needed from the registry would fail.
    env: { ...process.env, npm_config_cache: cache, npm_config_update_notifier: 'false' },
  });

describe('the npm package (npm pack, installed offline into an empty folder)', () => {
  const work = mkdtempSync(join(tmpdir(), 'pack-'));
  const cache = join(work, 'cache');
  const [packed] = JSON.parse(
    npm(['pack', '--json', '--pack-destination', work], process.cwd(), cache),
  ) as { filename: string; files: { path: string }[] }[];
  const files = (packed?.files ?? []).map((f) => f.path).sort();
  const app = join(work, 'app');
  mkdirSync(app);
  npm(
    ['install', '--offline', '--no-audit', '--no-fund', join(work, packed?.filename ?? '')],
    app,
    cache,
  );
  const bin = join(app, 'node_modules/.bin/iam-credential-gate');
  const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string;

  it('holds the bundle, the docs and the schema, and nothing else', () => {
    const allowed =
      /^(dist|docs|schema)\/|^(package\.json|README\.md|LICENSE|CHANGELOG\.md|SECURITY\.md)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    for (const f of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'SECURITY.md',
      'schema/policy.schema.json',
    ])
      expect(files).toContain(f);
    // every file of the committed bundle, the WebAssembly and the notices included
    for (const f of listFiles('dist')) expect(files).toContain(relative('.', f));
  });

  it('installs with nothing from the registry (no runtime dependencies)', () => {
    expect(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual([
      'iam-credential-gate',
    ]);
  });

  it('iam-credential-gate --version is the package version', () => {
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', cwd: app });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toContain(version);
  });

  it('iam-credential-gate check runs the example, Terraform (WebAssembly) included', () => {
    const report = expectExampleChecked(
      spawnSync(bin, EXAMPLE_CHECK, { encoding: 'utf8', cwd: app }),
    );
    expect(report.tool.version).toBe(version);
    expect(report.reportGeneratedAt).toBe('2026-11-21T08:00:00.000Z');
  });
});
