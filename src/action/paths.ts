import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';

/**
 * Where the action's file inputs and outputs may lie: GITHUB_WORKSPACE, RUNNER_TEMP (earlier
 * steps write there, a fetched report for one) and the `allowed-paths` the workflow names. A
 * path is judged by where it RESOLVES (symlinks followed, `..` collapsed), because a pull
 * request can plant a symlink in the checkout. Undefined when GITHUB_WORKSPACE is unset (a local
 * run): then nothing is confined.
 */
export interface Confinement {
  workspace: string;
  /** Real paths of every allowed root, the workspace first. */
  roots: readonly string[];
}

export function confinement(
  env: NodeJS.ProcessEnv,
  allowedPaths: readonly string[],
): Confinement | undefined {
  const workspace = env.GITHUB_WORKSPACE;
  if (!workspace) return undefined;
  const roots = [workspace, env.RUNNER_TEMP, ...allowedPaths]
    .filter((p): p is string => !!p)
    .map((p) => realPath(p));
  return { workspace: roots[0] as string, roots };
}

/**
 * The real path of `file`, also when it does not exist yet (an output): the real path of its
 * nearest existing parent, and the target of a dangling symlink, followed as writing would.
 */
export function realPath(file: string, depth = 0): string {
  const path = resolve(file);
  try {
    return realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
  }
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    // missing: judged by its parent
  }
  if (link) {
    if (depth > 32) return path; // a loop: reading or writing fails with ELOOP
    return realPath(resolve(dirname(path), readlinkSync(path)), depth + 1);
  }
  const parent = dirname(path);
  return parent === path ? path : join(realPath(parent, depth), basename(path));
}

const isLink = (path: string): boolean => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false; // not there yet
  }
};

const within = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

/**
 * Refuses `path` (the value of input `input`) unless it resolves inside an allowed root. The
 * error names the input, the path as given and where it leads; the file is never read (nor,
 * for an output, written: a symlink planted where an output goes is followed as writing would).
 */
export function confine(
  c: Confinement | undefined,
  input: string,
  path: string,
  what: 'read' | 'write' = 'read',
): void {
  if (!c) return;
  const real = realPath(path); // relative to the working directory, as it is read
  const root = c.roots.find((r) => within(r, real));
  // git's own files: `.git/config` holds the checkout's credential (persist-credentials), and
  // a parse error quoting it would put it in the PR comment; writing there breaks the clone
  if (root !== undefined && relative(root, real).split(sep).includes('.git'))
    throw new InputError(
      `input \`${input}\`: "${path}" resolves to ${real}, inside a .git folder; the action does not ${what} git's own files`,
      {},
      'point the input at a file of the repository (a symlink planted by a pull request is refused on purpose)',
    );
  if (root !== undefined) {
    if (what === 'write' && isLink(path))
      throw new InputError(
        `input \`${input}\`: "${path}" is a symbolic link; the action does not write an output through one`,
        {},
        'remove the link, or name another path (a pull request can plant a link where an output goes, to overwrite what it points at)',
      );
    return;
  }
  throw new InputError(
    `input \`${input}\`: "${path}" resolves to ${real}, outside the workspace ${c.workspace}; the action does not ${what} files there`,
    {},
    'keep the file in the workspace or RUNNER_TEMP; to allow another directory, list it in the `allowed-paths` input (a symlink planted by a pull request is refused on purpose)',
  );
}
