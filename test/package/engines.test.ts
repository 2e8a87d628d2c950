import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
/** The lowest release of each Node major that `engines` admits, and the action's runtime. */
const range: string = pkg.engines.node;
const nodes = [20, 22, 24].map((major) => semver.minVersion(`${range} >=${major}.0.0`)?.version);

describe('engines and the dependency tree agree', () => {
  it('engines admits Node 20 and 24 (CI runs both; the action runs on node24)', () => {
    expect(semver.satisfies('20.19.0', range)).toBe(true);
    expect(semver.satisfies('24.0.0', range)).toBe(true);
    expect(nodes).not.toContain(undefined);
  });

  it('no locked package asks for a Node that engines admits but it does not (npm ci would warn)', () => {
    const clashes = Object.entries(lock.packages as Record<string, { engines?: unknown }>)
      .filter(([, p]) => typeof p.engines === 'object' && p.engines !== null)
      .flatMap(([path, p]) => {
        const wanted = (p.engines as { node?: string }).node;
        if (wanted === undefined) return [];
        return nodes
          .filter((node) => !semver.satisfies(node as string, wanted))
          .map((node) => `${path} needs node ${wanted}, not ${node}`);
      });
    expect(clashes).toEqual([]);
  });

  it('the package installs nothing at run time: every module is in the bundle', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.private).toBeUndefined();
  });
});
