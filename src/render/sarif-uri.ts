import { isAbsolute, relative, resolve } from 'node:path';

/** A file as findings name it → its URI relative to the repository root, or `null` outside it. */
export type UriOf = (file: string) => string | null;

const slashes = (file: string): string => file.replace(/\\/g, '/');
const outside = (path: string): boolean =>
  path === '..' || path.startsWith('../') || /^([a-z]:)?\//i.test(path);

/** Without a root: a relative path that stays below the working directory, as it is. */
export const defaultUri: UriOf = (file) => {
  const path = slashes(file).replace(/^(\.\/)+/, '');
  return outside(path) || isAbsolute(file) || path === '' ? null : path;
};

/**
 * URIs relative to `root` (the repository: `GITHUB_WORKSPACE`, or the working directory) for
 * files named relative to `cwd` or absolute; a file outside the root has none.
 */
export function repositoryUris(root: string, cwd: string): UriOf {
  return (file) => {
    if (file === '') return null;
    const path = slashes(relative(resolve(root), resolve(cwd, file)));
    return path === '' || outside(path) ? null : path;
  };
}
