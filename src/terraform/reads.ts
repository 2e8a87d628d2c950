// What a scan read, lent to later scans of the same files in the same run: an edit plan's
// verification scans a root module again with a few files changed (the overlay), and every
// other file is the one the first scan read. Kept here: the folder listings (a later scan of a
// folder inside one already listed takes its part of that listing), and by path what each file
// was found to be (worth parsing or not, its outline, its text when it was kept), so that an
// unchanged file is neither listed, read nor outlined again. Valid only while the files on disk
// are those the first scan read: a scan after the files changed is given none.
import { dirname } from 'node:path';
import { withSep } from './files.js';
import type { OutlineBlock } from './outline.js';

/** What a folder's listing found: the files (sorted), the symlinks met, the folders entered. */
export interface Crawl {
  paths: string[];
  links: Set<string>;
  /** Every folder read (the listing's root among them), sorted: what a part of the listing covers. */
  entered: string[];
}

/** What a scan found a file to be (see load.ts `TfFile`). */
export interface FileRead {
  hasIam: boolean;
  hasModule: boolean;
  /** The text, when the scan kept it (the files worth parsing and the variable files). */
  text: string | undefined;
  outline?: OutlineBlock[] | null;
  /** An auto-loaded variable file. */
  vars: boolean;
}

/** The first index in a sorted list of a string not below `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class ScanReads {
  /** Listings by their root folder, and whether they went down the subfolders. */
  private crawls = new Map<string, { crawl: Crawl; recursive: boolean }>();
  /** By absolute path: the files read from disk (never a text of the overlay). */
  readonly files = new Map<string, FileRead>();

  keepCrawl(dir: string, recursive: boolean, crawl: Crawl): void {
    const known = this.crawls.get(dir);
    if (!known || (recursive && !known.recursive)) this.crawls.set(dir, { crawl, recursive });
  }

  /**
   * The listing of a folder (with its subfolders, or alone) as a fresh one would find it,
   * when a listing kept here entered that folder; undefined otherwise.
   */
  crawlOf(dir: string, recursive: boolean): Crawl | undefined {
    const prefix = withSep(dir);
    for (const [root, { crawl, recursive: deep }] of this.crawls) {
      if (root === dir ? recursive && !deep : !deep || !isIn(crawl.entered, dir)) continue;
      const inside = (path: string) => recursive || dirname(path) === dir;
      const paths = withPrefix(crawl.paths, prefix).filter(inside);
      const links = new Set([...crawl.links].filter((l) => l.startsWith(prefix) && inside(l)));
      const entered = recursive ? [dir, ...withPrefix(crawl.entered, prefix)] : [dir];
      return { paths, links, entered };
    }
    return undefined;
  }
}

const isIn = (sorted: readonly string[], key: string): boolean =>
  sorted[lowerBound(sorted, key)] === key;

/** The strings of a sorted list that start with `prefix` (they are next to one another). */
function withPrefix(sorted: readonly string[], prefix: string): string[] {
  const out: string[] = [];
  for (let i = lowerBound(sorted, prefix); i < sorted.length; i++) {
    const s = sorted[i] as string;
    if (!s.startsWith(prefix)) break;
    out.push(s);
  }
  return out;
}
