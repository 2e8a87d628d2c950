import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED } from '../scripts/generate.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

describe('generated artefacts are up to date', () => {
  it.each(Object.keys(GENERATED))('%s matches `npm run schema`', (file) => {
    expect(readFileSync(file, 'utf8'), `${file} is stale: run npm run schema`).toBe(
      GENERATED[file]?.(),
    );
  });

  it('dist/ is the bundle of the committed sources (`npm run bundle`)', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'dist-'));
    execFileSync(process.execPath, ['scripts/bundle.mjs', fresh], { stdio: 'pipe' });
    const want = listFiles(fresh)
      .map((f) => relative(fresh, f))
      .sort();
    const have = listFiles('dist')
      .map((f) => relative('dist', f))
      .sort();
    expect(
      have,
      'dist/ has other files than a fresh build: run npm run bundle and commit dist/',
    ).toEqual(want);
    for (const file of want)
      expect(
        readFileSync(join('dist', file)).equals(readFileSync(join(fresh, file))),
        `dist/${file} is stale: run npm run bundle`,
      ).toBe(true);
  });
});
