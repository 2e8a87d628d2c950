// What the scanner may read on behalf of the Terraform it scans: the confinement of `file()`
// and of symlinks met while listing folders. The Terraform comes from whoever opened the pull
// request; nothing it names may reach `.git/config` (where actions/checkout keeps the token),
// `.terraform/`, or anything outside the scanned folders.
import { resolve, sep } from 'node:path';
import { realpathOf, statOf, textOf } from './observe.js';

/** The largest file `file()` reads. */
export const FILE_FUNCTION_MAX_BYTES = 1 << 20;

export const withSep = (path: string): string => (path.endsWith(sep) ? path : path + sep);

/** Why a path was refused, as a warning says it. */
export type Refusal = { why: string };

/** A file-system error as a reason (its code, not its message: that repeats the full path). */
const unreadable = (error: unknown): Refusal => {
  const code = (error as NodeJS.ErrnoException).code;
  return {
    why: code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(error)})`,
  };
};

/**
 * Folders that may be read below (the scanned Terraform directories), each kept as given
 * (resolved) and with its links resolved.
 */
export class ReadableArea {
  private roots: string[] = [];

  /** Adds a folder (its real path is resolved here, once). */
  add(dir: string): void {
    for (const root of [withSep(resolve(dir)), withSep(realpathOf(dir))])
      if (!this.roots.includes(root)) this.roots.push(root);
  }

  /** This area and one more folder. */
  with(dir: string): ReadableArea {
    const area = new ReadableArea();
    area.roots = [...this.roots];
    area.add(dir);
    return area;
  }

  /** The innermost folder of the area a path is in, or undefined. */
  rootOf(path: string): string | undefined {
    let found: string | undefined;
    const inside = withSep(path); // the folder itself is inside too
    for (const root of this.roots)
      if (inside.startsWith(root) && (!found || root.length > found.length)) found = root;
    return found;
  }

  /**
   * Where a path leads, links resolved, when it is inside the area and through no hidden
   * segment (`.git`, `.terraform`, any name starting with a dot) below the folder it is in —
   * neither as written nor once resolved.
   */
  confine(path: string): { real: string } | Refusal {
    const written = resolve(path);
    const hidden = this.hiddenSegment(written);
    if (hidden) return { why: `through the hidden path segment "${hidden}"` };
    let real: string;
    try {
      real = realpathOf(written);
    } catch (error) {
      return unreadable(error);
    }
    if (this.rootOf(real) === undefined) return { why: 'outside the scanned directories' };
    const hiddenReal = this.hiddenSegment(real);
    if (hiddenReal) return { why: `a link through the hidden path segment "${hiddenReal}"` };
    return { real };
  }

  /** A regular file inside the area (see `confine`): its real path and size. */
  regularFile(path: string): { real: string; size: number } | Refusal {
    const confined = this.confine(path);
    if (!('real' in confined)) return confined;
    try {
      const info = statOf(confined.real);
      return info.isFile()
        ? { real: confined.real, size: info.size }
        : { why: 'not a regular file' };
    } catch (error) {
      return unreadable(error);
    }
  }

  /** The text of a regular file of at most `maxBytes` inside the area. */
  read(path: string, maxBytes = FILE_FUNCTION_MAX_BYTES): { text: string } | Refusal {
    const file = this.regularFile(path);
    if (!('real' in file)) return file;
    if (file.size > maxBytes) return { why: `larger than ${maxBytes / 2 ** 20} MiB` };
    try {
      return { text: textOf(file.real) };
    } catch (error) {
      return unreadable(error);
    }
  }

  /** The first segment starting with a dot below the area's folder the path is in. */
  private hiddenSegment(path: string): string | undefined {
    const root = this.rootOf(path);
    if (root === undefined) return undefined;
    return path
      .slice(root.length)
      .split(sep)
      .find((segment) => segment.startsWith('.'));
  }
}
