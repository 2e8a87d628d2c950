import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CHECK, expectExampleChecked } from './helpers/example.js';

describe('the committed bundle on its own (as a runner checks the action out: no node_modules)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  cpSync('dist', join(dir, 'dist'), { recursive: true });
  cpSync('package.json', join(dir, 'package.json'));
  cpSync('action.yml', join(dir, 'action.yml'));

  it('runs check with Terraform (the WebAssembly parser comes from dist/wasm)', () => {
    expectExampleChecked(
      spawnSync(process.execPath, [join(dir, 'dist/cli.js'), ...EXAMPLE_CHECK], {
        encoding: 'utf8',
        cwd: dir,
      }),
    );
  });
});

describe('dist/THIRD_PARTY_NOTICES.txt', () => {
  let notices = '';
  beforeAll(() => {
    notices = readFileSync('dist/THIRD_PARTY_NOTICES.txt', 'utf8');
  });
  // esbuild's own list of the modules in the bundle, from a fresh build of the same sources.
  const fresh = mkdtempSync(join(tmpdir(), 'notices-'));
  execFileSync(process.execPath, [
    'scripts/bundle.mjs',
    join(fresh, 'dist'),
    '--metafile',
    join(fresh, 'meta.json'),
  ]);
  const inputs = Object.keys(JSON.parse(readFileSync(join(fresh, 'meta.json'), 'utf8')).inputs);
  const dirs = new Set(
    inputs.flatMap((input) => {
      const at = input.lastIndexOf('node_modules/');
      if (at < 0) return [];
      const rest = input.slice(at + 'node_modules/'.length).split('/');
      return [
        input.slice(0, at) +
          'node_modules/' +
          rest.slice(0, rest[0]?.startsWith('@') ? 2 : 1).join('/'),
      ];
    }),
  );
  // dist/wasm/ holds these two packages' WebAssembly, which esbuild does not see.
  dirs
    .add('node_modules/web-tree-sitter')
    .add('node_modules/@tree-sitter-grammars/tree-sitter-hcl');
  const packages = [...dirs].map((dir) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const licenseFiles = readdirSync(dir).filter((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
    return { dir, id: `${pkg.name}@${pkg.version}`, license: pkg.license as string, licenseFiles };
  });

  it('the bundle holds the npm packages it is known to (a sanity check of the list)', () => {
    const names = packages.map((p) => p.id.replace(/@[^@]+$/, ''));
    expect(names).toEqual(
      expect.arrayContaining(['@aws-sdk/client-iam', '@actions/core', 'papaparse', 'yaml']),
    );
    expect(packages.length).toBeGreaterThan(30);
  });

  it('names every bundled package, its version and its license', () => {
    const listed = [...notices.matchAll(/^ {2}(\S+@\S+) {2}\((.+)\)$/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(listed.sort()).toEqual([...new Set(packages.map((p) => `${p.id} ${p.license}`))].sort());
  });

  it("reproduces each package's own license file", () => {
    for (const p of packages)
      for (const file of p.licenseFiles)
        expect(notices, `${p.id}: ${file}`).toContain(
          readFileSync(join(p.dir, file), 'utf8').replace(/\r\n/g, '\n').trim(),
        );
  });

  it('gives a package without a license file the text of its declared license', () => {
    const bare = packages.filter((p) => p.licenseFiles.length === 0);
    for (const p of bare) {
      const section = notices
        .split(/^={78}\nLicense: /m)
        .find((s) => s.includes(`  ${p.id} (ships no license file`));
      expect(section, p.id).toBeDefined();
      expect(section?.startsWith(`${p.license},`) || section?.startsWith(`${p.license} `)).toBe(
        true,
      );
    }
  });
});
