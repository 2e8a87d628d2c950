// Finding the Terraform files of a folder and reading them, bounded.
import * as fs from 'node:fs';
import { closeSync, fstatSync, openSync, readSync, type Dirent } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fdir } from 'fdir';
import { InputError } from '../errors.js';
import { ReadableArea } from './files.js';
import {
  hashOf,
  isRecording,
  noteStat,
  observed,
  signatureOf,
  statOf,
  statSignature,
} from './observe.js';
import type { Crawl, ScanReads } from './reads.js';

/**
 * The largest .tf / .tfvars file parsed. Real ones are kilobytes; tree-sitter needs about 140
 * bytes of memory per byte of dense HCL (8 MiB: ~6 s and 1.1 GiB; 16 MiB exhausts its
 * WebAssembly memory), so a larger file is left out with a warning rather than let it take the
 * gate down.
 */
export const TERRAFORM_FILE_MAX_BYTES = 2 << 20;

/** The files of a folder worth reading, and the symlinks among them that were not followed. */
export interface Discovered {
  files: string[];
  refused: { path: string; why: string }[];
}

/** Throws an input error unless `root` is a directory. */
export function assertTerraformDir(root: string): void {
  let info;
  try {
    info = statOf(root);
  } catch {
    throw new InputError('the Terraform directory does not exist', { file: root });
  }
  if (!info.isDirectory())
    throw new InputError('the Terraform directory is not a directory', { file: root });
}

/**
 * Lists the `.tf` / `.tf.json` / auto-loaded variable files under a directory (or, with
 * `recursive` false, in it), skipping `.terraform/` and hidden folders. Symlinked folders are
 * not entered (no loops); a symlinked file is listed only when it leads to a regular file
 * inside `area` (by default the directory itself) through no hidden folder — the others are
 * `refused`. Only the symlinks met are resolved: no call per plain file.
 */
export function discoverTerraformFiles(
  root: string,
  {
    recursive = true,
    area,
    reads,
  }: {
    recursive?: boolean;
    area?: ReadableArea;
    /** Listings an earlier scan made (see reads.ts): a folder they cover is not listed again. */
    reads?: ScanReads | undefined;
  } = {},
): Discovered {
  assertTerraformDir(root);
  let crawled = reads?.crawlOf(root, recursive);
  if (!crawled) {
    const kind = recursive ? 'crawl' : 'crawl1';
    // while recording, each folder's stat is taken before it is listed
    const folders: [string, string][] | undefined = isRecording() ? [] : undefined;
    crawled = observed(kind, root, () => crawl(root, recursive, folders), crawlDigest);
    if (folders) noteStat(kind, root, JSON.stringify(folders));
    reads?.keepCrawl(root, recursive, crawled);
  }
  const { paths, links } = crawled;
  if (links.size === 0) return { files: paths, refused: [] };
  let inside = area;
  if (!inside) (inside = new ReadableArea()).add(root);
  const found: Discovered = { files: [], refused: [] };
  // a symlinked folder is never entered: said, so that its users are not silently missing
  const listed = new Set(paths.map((p) => resolve(p)));
  for (const link of [...links].sort())
    if (!listed.has(link) && isFolder(link))
      found.refused.push({
        path: link,
        why: 'a symlinked folder is not entered (scan the folder it leads to, if it is yours)',
      });
  for (const path of paths) {
    const target = links.has(resolve(path)) ? inside.regularFile(path) : undefined;
    if (target && !('real' in target)) found.refused.push({ path, why: target.why });
    else found.files.push(path);
  }
  return found;
}

/** What a listing found, as the result cache compares it (see observe.ts). */
export const crawlDigest = (c: Crawl): string =>
  hashOf(JSON.stringify([c.paths, [...c.links].sort(), c.entered]));

/**
 * The Terraform file names under a folder (sorted), the symlinks met and the folders read;
 * with `folders`, each folder's stat signature, taken before it is read.
 */
export function crawl(root: string, recursive: boolean, folders?: [string, string][]): Crawl {
  // fdir lists a symlink as a file without saying so: the listing it reads tells
  const links = new Set<string>();
  const entered = new Set<string>();
  const readdirSync = (path: string, options: { withFileTypes: true }): Dirent[] => {
    if (folders) folders.push([resolve(path), signatureOf(path) ?? '']);
    const entries = fs.readdirSync(path, options);
    entered.add(resolve(path));
    for (const entry of entries) if (entry.isSymbolicLink()) links.add(resolve(path, entry.name));
    return entries;
  };
  const crawler = new fdir({ fs: { ...fs, readdirSync } as typeof fs }).withFullPaths();
  if (!recursive) crawler.withMaxDepth(0);
  const paths = crawler
    .exclude((name) => name.startsWith('.'))
    .filter(
      (path, isDirectory) =>
        !isDirectory && (isConfigurationName(basename(path)) || isAutoVars(path)),
    )
    .crawl(root)
    .sync()
    .sort();
  return { paths, links, entered: [...entered].sort() };
}

const isFolder = (path: string): boolean => {
  try {
    return statOf(path).isDirectory();
  } catch {
    return false; // dangling: nothing to enter
  }
};

/** The Terraform files under a directory (see `discoverTerraformFiles`). */
export function listTerraformFiles(root: string, recursive = true): string[] {
  return discoverTerraformFiles(root, { recursive }).files;
}

/** Reads whole files into one buffer: most files are looked at, not kept. */
export class FileBuffer {
  private buffer = Buffer.allocUnsafe(64 * 1024);

  /**
   * A file's bytes (valid until the next read), or undefined when it has more than
   * TERRAFORM_FILE_MAX_BYTES (read no further than that: a link to /dev/zero ends too).
   */
  read(path: string): Buffer | undefined {
    return observed('bytes', path, () => this.readNow(path), bytesDigest);
  }

  private readNow(path: string): Buffer | undefined {
    const fd = openSync(path, 'r');
    try {
      if (isRecording()) noteStat('bytes', path, statSignature(fstatSync(fd, { bigint: true })));
      let length = 0;
      for (;;) {
        if (length > TERRAFORM_FILE_MAX_BYTES) return undefined;
        if (length === this.buffer.length) {
          const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
          this.buffer.copy(bigger);
          this.buffer = bigger;
        }
        const room = this.buffer.length - length;
        const n = readSync(fd, this.buffer, length, room, null);
        length += n;
        // A regular file reads short only at its end: no second call to learn that.
        if (n < room)
          return length > TERRAFORM_FILE_MAX_BYTES ? undefined : this.buffer.subarray(0, length);
      }
    } finally {
      closeSync(fd);
    }
  }
}

/** What FileBuffer.read found, as the result cache compares it. */
export const bytesDigest = (bytes: Buffer | undefined): string =>
  bytes === undefined ? 'big' : hashOf(bytes);

/**
 * A name Terraform loads as configuration: `.tf` or `.tf.json`, not hidden (it skips
 * `.alice.tf` as it skips hidden folders).
 */
export const isConfigurationName = (name: string): boolean =>
  /\.tf(\.json)?$/.test(name) && !name.startsWith('.');

/** Terraform's override files (`override.tf`, `*_override.tf`, and `.tf.json`): merged, last, into the blocks of their folder. */
export const isOverrideFile = (path: string): boolean =>
  /^(override|.*_override)\.tf(\.json)?$/.test(basename(path));

/** The variable files Terraform loads by itself: terraform.tfvars(.json) and *.auto.tfvars(.json). */
export function isAutoVars(path: string): boolean {
  return varsRank(path) < 3;
}

/**
 * Terraform's order of variable files, the later winning: terraform.tfvars, then
 * terraform.tfvars.json, then *.auto.tfvars and *.auto.tfvars.json by name; 3 for any other.
 */
export function varsRank(path: string): number {
  const name = basename(path);
  if (name === 'terraform.tfvars') return 0;
  if (name === 'terraform.tfvars.json') return 1;
  return name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json') ? 2 : 3;
}

/** Terraform's JSON syntax. */
export const isJsonSyntax = (path: string): boolean => path.endsWith('.tf.json');
