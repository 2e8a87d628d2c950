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
  /** Every folder read (the listing's root among them): what a part of the listing covers. */
  entered: Set<string>;
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
    for (const [root, { crawl, recursive: deep }] of this.crawls) {
      if (root === dir ? recursive && !deep : !deep || !crawl.entered.has(dir)) continue;
      const prefix = withSep(dir);
      const inside = (path: string) => recursive || dirname(path) === dir;
      const from = lowerBound(crawl.paths, prefix);
      const paths: string[] = [];
      for (let i = from; i < crawl.paths.length; i++) {
        const path = crawl.paths[i] as string;
        if (!path.startsWith(prefix)) break;
        if (inside(path)) paths.push(path);
      }
      const links = new Set([...crawl.links].filter((l) => l.startsWith(prefix) && inside(l)));
      const entered = recursive
        ? new Set([...crawl.entered].filter((d) => d === dir || d.startsWith(prefix)))
        : new Set([dir]);
      return { paths, links, entered };
    }
    return undefined;
  }
}
