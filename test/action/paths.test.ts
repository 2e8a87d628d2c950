import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { confine, confinement, realPath, type Confinement } from '../../src/action/paths.js';
import { InputError } from '../../src/errors.js';
import { makeRoots } from '../helpers/roots.js';

let ws: string;
let temp: string;
let outside: string;
let c: Confinement;

beforeEach(() => {
  ({ ws, temp, outside } = makeRoots('confine-'));
  writeFileSync(join(ws, 'policy.yml'), 'x');
  writeFileSync(join(outside, 'secret'), 'AKIA-SECRET');
  c = confinement({ GITHUB_WORKSPACE: ws, RUNNER_TEMP: temp }, []) as Confinement;
});

const refusal = (f: () => void): InputError => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected a refusal');
};

describe('path confinement of the action inputs', () => {
  it('accepts files in the workspace and in RUNNER_TEMP', () => {
    confine(c, 'policy', join(ws, 'policy.yml'));
    confine(c, 'report', join(temp, 'fetched.csv'));
    confine(c, 'json-file', join(ws, 'out', 'new.json'), 'write');
    writeFileSync(join(ws, '..name'), '');
    confine(c, 'report', join(ws, '..name')); // a name starting with two dots is inside
  });

  it('refuses a symlink planted in the workspace that leads outside, naming the input and both paths', () => {
    symlinkSync(join(outside, 'secret'), join(ws, 'report.csv'));
    const error = refusal(() => confine(c, 'report', join(ws, 'report.csv')));
    expect(error.message).toBe(
      `input \`report\`: "${join(ws, 'report.csv')}" resolves to ${join(outside, 'secret')}, outside the workspace ${ws}; the action does not read files there`,
    );
    expect(error.message).not.toContain('AKIA-SECRET');
    expect(error.hint).toMatch(/allowed-paths/);
  });

  it("refuses git's own files, read through a planted link or named, and writes there", () => {
    mkdirSync(join(ws, '.git'));
    writeFileSync(
      join(ws, '.git', 'config'),
      '[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n',
    );
    mkdirSync(join(ws, '.github'));
    symlinkSync('../.git/config', join(ws, '.github', 'iam-policy.yml'));
    const error = refusal(() => confine(c, 'policy', join(ws, '.github', 'iam-policy.yml')));
    expect(error.message).toMatch(
      /^input `policy`: .* inside a \.git folder; the action does not read git's own files$/,
    );
    expect(error.message).not.toContain('c2VjcmV0');
    expect(refusal(() => confine(c, 'report', join(ws, '.git', 'config'))).message).toMatch(
      /\.git folder/,
    );
    expect(
      refusal(() => confine(c, 'sarif-file', join(ws, '.git', 'x.sarif'), 'write')).message,
    ).toMatch(/does not write git's own files/);
    // names that only start like it are the repository's
    writeFileSync(join(ws, '.github', 'p.yml'), 'x');
    writeFileSync(join(ws, '.gitattributes'), 'x');
    confine(c, 'policy', join(ws, '.github', 'p.yml'));
    confine(c, 'policy', join(ws, '.gitattributes'));
  });

  it('refuses to write an output through a symbolic link, even one leading inside', () => {
    writeFileSync(join(ws, 'action.yml'), 'runs: {}');
    symlinkSync('action.yml', join(ws, 'iam-credential-gate.json'));
    expect(
      refusal(() => confine(c, 'json-file', join(ws, 'iam-credential-gate.json'), 'write')).message,
    ).toMatch(
      /^input `json-file`: .* is a symbolic link; the action does not write an output through one$/,
    );
    confine(c, 'policy', join(ws, 'iam-credential-gate.json')); // reading through it is judged by where it leads
  });

  it('refuses a ../ path and an absolute path outside', () => {
    const rel = relative(process.cwd(), join(outside, 'secret'));
    expect(rel.startsWith('..')).toBe(true);
    expect(refusal(() => confine(c, 'policy', rel)).message).toMatch(/^input `policy`/);
    expect(refusal(() => confine(c, 'terraform-state', '/etc/passwd')).message).toMatch(
      /^input `terraform-state`: "\/etc\/passwd" resolves to \/etc\/passwd, outside the workspace/,
    );
  });

  it('refuses a symlinked directory (terraform-dir) that leads outside', () => {
    symlinkSync(outside, join(ws, 'infra'));
    expect(refusal(() => confine(c, 'terraform-dir', join(ws, 'infra'))).message).toMatch(
      /^input `terraform-dir`/,
    );
    expect(refusal(() => confine(c, 'policy', join(ws, 'infra', 'secret'))).message).toMatch(
      /resolves to .*outside\/secret/,
    );
  });

  it('refuses writing through a planted symlink, also a dangling one (writing would create its target)', () => {
    symlinkSync(join(outside, 'secret'), join(ws, 'report.json'));
    symlinkSync(join(outside, 'new', 'x.sarif'), join(ws, 'report.sarif'));
    expect(
      refusal(() => confine(c, 'json-file', join(ws, 'report.json'), 'write')).message,
    ).toMatch(/^input `json-file`: .* the action does not write files there$/);
    expect(
      refusal(() => confine(c, 'sarif-file', join(ws, 'report.sarif'), 'write')).message,
    ).toMatch(/resolves to .*outside\/new\/x\.sarif/);
    expect(realPath(join(ws, 'report.sarif'))).toBe(join(outside, 'new', 'x.sarif'));
  });

  it('allows the roots listed in `allowed-paths`', () => {
    const allowed = confinement({ GITHUB_WORKSPACE: ws }, [outside]);
    confine(allowed, 'report', join(outside, 'secret'));
    expect(refusal(() => confine(allowed, 'report', join(temp, 'x'))).message).toMatch(
      /outside the workspace/,
    ); // no RUNNER_TEMP in that environment
  });

  it('confines nothing when GITHUB_WORKSPACE is unset (a local run)', () => {
    const none = confinement({ RUNNER_TEMP: temp }, []);
    expect(none).toBeUndefined();
    confine(none, 'report', '/etc/passwd');
  });

  it('a path built of segments and symlinks is accepted exactly when its real path is inside', () => {
    symlinkSync(outside, join(ws, 'out-link'));
    symlinkSync(join(ws, 'policy.yml'), join(ws, 'in-link'));
    const segment = fc.constantFrom(
      '..',
      '.',
      'ws',
      'outside',
      'out-link',
      'in-link',
      'secret',
      'x',
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (parts) => {
        const path = join(ws, ...parts);
        const real = realPath(path);
        const inside = real === ws || real.startsWith(`${ws}/`);
        let accepted = true;
        try {
          confine(c, 'policy', path);
        } catch {
          accepted = false;
        }
        expect(accepted).toBe(inside || real.startsWith(`${temp}/`) || real === temp);
      }),
    );
  });
});
