// The result cache (in `--cache-dir` / `cache-dir`, beside the parse cache): what a check
// learned of its Terraform — where every user is defined, the account hints of the root
// folders, and the edit plans of the findings it planned — kept with the record of every look
// at the file system that went into it (observe.ts). A later run over the same folders makes
// those looks again; when each finds what it found before, nothing the result depends on has
// changed, and the result is used without scanning, parsing or planning. Any difference (a
// file changed, added or removed where the scan listed, a link re-pointed, a module folder
// appearing) is a miss: the Terraform is scanned as without it, and the entry written anew.
// Plans are kept by the set of plans asked for (plans verified together depend on each other).
// One entry per folder set and working directory, written whole to a temporary file and
// renamed into place (runs sharing the folder never read half of one); one that is truncated
// or corrupted is ignored with a warning.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { TerraformFix } from '../engine/types.js';
import { BUILD, VERSION } from '../version.js';
import type { AccountOwner } from './accounts.js';
import { frame, unframe, writeWhole } from './cache-file.js';
import { bytesDigest, crawl, crawlDigest, FileBuffer } from './discover.js';
import {
  digestNow,
  hashOf,
  namesDigest,
  namesOf,
  realpathOf,
  signatureOf,
  statDigest,
  statOf,
  textOf,
  type LookKind,
} from './observe.js';
import type { PossibleDefinition, UserDefinition } from './scan.js';

const FORMAT = 3;
const MAGIC = 0x52474349; // "ICGR"
/** Plan sets kept per entry (a multi-account job asks one per account). */
const PLAN_SETS = 64;
/**
 * Fixes kept per entry at most, over all its plan sets (the latest set always): an entry is
 * read whole on every run, so a job of many accounts does not grow it past a few megabytes.
 */
export const MAX_KEPT_FIXES = 20_000;

/** What a check reads of its Terraform's index (see locate.ts). */
export interface KeptIndex {
  users: Map<string, UserDefinition[]>;
  possible: PossibleDefinition[];
  warnings: string[];
}

/** What a result cache entry holds (the looks are read apart: see KeptEntry). */
export interface ResultEntry {
  /** The looks at the file system (observe.ts), with the stats taken before them. */
  looks: Looks;
  index: KeptIndex;
  /** Provider hints by root folder: every root a definition or a possible block is in. */
  hints: Map<string, AccountOwner | undefined>;
  /** By the digest of the plan keys asked for, in order: each plan's fix by its key. */
  plans: Map<string, Map<string, TerraformFix>>;
}

/** What a run looked at (see observe.ts Observations). */
export interface Looks {
  /** `kind \0 path` → the digest of what the look found. */
  looks: Map<string, string>;
  /** `kind \0 path` → the stat signature(s) taken before it. */
  stats: Map<string, string>;
  /** When the recording began (ns of the wall clock). */
  since: bigint;
}

/**
 * How long before the recording began a file (or folder) must have last changed for its stat
 * to stand for its content: a change within the same tick of a coarse clock would leave the
 * stat as it was (git's "racily clean" rule). Two seconds covers the coarsest (FAT's).
 */
const RACY_NS = 2_000_000_000n;

/** The digest of a set of plans asked for (their keys, in the order asked). */
export const planSetKey = (keys: readonly string[]): string => hashOf(keys.join('\n'));

/** Makes a look again, as observe.ts made it: the digest of what it finds now. */
function replay(kind: LookKind, path: string, buffer: FileBuffer): string {
  switch (kind) {
    case 'crawl':
    case 'crawl1':
      return digestNow(() => crawl(path, kind === 'crawl'), crawlDigest);
    case 'bytes':
      return digestNow(() => buffer.read(path), bytesDigest);
    case 'text':
      return digestNow(() => textOf(path), hashOf);
    case 'real':
      return digestNow(
        () => realpathOf(path),
        (r) => r,
      );
    case 'stat':
      return digestNow(() => statOf(path), statDigest);
    case 'names':
      return digestNow(() => namesOf(path), namesDigest);
  }
}

const KINDS = new Set<string>(['crawl', 'crawl1', 'bytes', 'text', 'real', 'stat', 'names']);

/**
 * Whether a stat signature stands for what its look found: only one of a file (or folder) last
 * changed well before the recording began (RACY_NS: a change within the same tick of a coarse
 * clock would leave the stat as it was), the others are not kept (see trustedStats).
 */
function trusted(signature: string, since: bigint): boolean {
  const parts = signature.split(':');
  if (parts.length !== 5) return false;
  try {
    const limit = since - RACY_NS;
    return BigInt(parts[3] as string) < limit && BigInt(parts[4] as string) < limit;
  } catch {
    return false;
  }
}

/** The stats worth keeping: those that can stand for their looks (a listing: each folder's). */
export function trustedStats(
  stats: ReadonlyMap<string, string>,
  since: bigint,
): Map<string, string> {
  const kept = new Map<string, string>();
  for (const [key, signature] of stats) {
    const kind = key.slice(0, key.indexOf('\0'));
    const ok =
      kind === 'crawl' || kind === 'crawl1'
        ? (folders(signature)?.every(([, s]) => trusted(s, since)) ?? false)
        : trusted(signature, since);
    if (ok) kept.set(key, signature);
  }
  return kept;
}

/** A listing's folders and their signatures (see discover.ts), or undefined. */
function folders(signature: string): [string, string][] | undefined {
  let list: unknown;
  try {
    list = JSON.parse(signature);
  } catch {
    return undefined;
  }
  return Array.isArray(list) &&
    list.length > 0 &&
    list.every((f) => Array.isArray(f) && typeof f[0] === 'string' && typeof f[1] === 'string')
    ? (list as [string, string][])
    : undefined;
}

/**
 * Whether the stats taken before a look all still hold: the same device, inode, size, mtime
 * and ctime now (a listing: each folder it read, whose mtime and ctime move when an entry is
 * added, removed or renamed in it). A content change moves the ctime, which no unprivileged
 * process can set back.
 */
function statsHold(kind: string, path: string, signature: string | undefined): boolean {
  if (signature === undefined) return false;
  if (kind !== 'crawl' && kind !== 'crawl1') return signatureOf(path) === signature;
  return folders(signature)?.every(([dir, s]) => signatureOf(dir) === s) ?? false;
}

/** A text look whose file's bytes were read whole: it holds when they do (not written). */
function impliedText(key: string, looks: ReadonlyMap<string, string>): boolean {
  if (!key.startsWith('text\0')) return false;
  const bytes = looks.get(`bytes\0${key.slice(5)}`);
  return bytes !== undefined && bytes !== 'big' && !bytes.startsWith('E:');
}

/** What checking a record's looks found: whether all hold, and how, by kind of look. */
export interface LooksChecked {
  holds: boolean;
  /** Taken as holding by their stats. */
  held: Record<string, number>;
  /** Made again (read, listed, resolved). */
  made: Record<string, number>;
}

/**
 * Whether every look of a record finds now what it found then (stopping at the first that does
 * not). A file or folder whose stat is the one taken before the look, and that had not changed
 * for a while then (trustedStats, statsHold), is taken as unchanged without reading it, as git
 * does: a checkout that wrote the files anew (CI) gives them new inodes and ctimes, and they
 * are all read.
 */
export function checkLooks({ looks, stats }: Looks): LooksChecked {
  const buffer = new FileBuffer();
  const checked: LooksChecked = { holds: false, held: {}, made: {} };
  for (const [key, digest] of looks) {
    const at = key.indexOf('\0');
    const kind = key.slice(0, at);
    if (!KINDS.has(kind)) return checked;
    const path = key.slice(at + 1);
    const byStat = statsHold(kind, path, stats.get(key));
    const counts = byStat ? checked.held : checked.made;
    counts[kind] = (counts[kind] ?? 0) + 1;
    if (!byStat && replay(kind as LookKind, path, buffer) !== digest) return checked;
  }
  checked.holds = true;
  return checked;
}

export class ResultCache {
  readonly path: string;
  private writeFailed = false;

  constructor(
    private dir: string,
    folders: readonly string[],
    cwd: string,
    grammar: string,
    private warn: (message: string) => void,
  ) {
    const key = createHash('sha256')
      .update(
        [
          FORMAT,
          VERSION,
          BUILD,
          grammar,
          process.versions.v8,
          cwd,
          folders.length,
          ...folders,
        ].join('\0'),
      )
      .digest('hex');
    this.path = join(dir, 'results', `${key}.bin`);
  }

  /** The entry kept for these folders, whether its looks still hold or not; undefined if none. */
  read(): ResultEntry | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path);
    } catch {
      return undefined; // not there (or not readable): scanned
    }
    const entry = decode(bytes);
    if (!entry)
      this.warn(
        `result cache entry ${this.path} is truncated or corrupted; ignored (scanned again)`,
      );
    return entry;
  }

  write(entry: ResultEntry): void {
    if (this.writeFailed) return;
    try {
      writeWhole(this.path, encode(entry)); // whole or not at all, for any run reading it
    } catch (error) {
      this.writeFailed = true;
      this.warn(
        `result cache ${this.dir} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}); this run's result is not kept`,
      );
    }
  }
}

/**
 * Keeps a plan set as the latest, and of the others the latest that fit in PLAN_SETS sets and
 * MAX_KEPT_FIXES fixes (a Map keeps the order its keys were set in).
 */
export function keepPlanSet(
  plans: Map<string, Map<string, TerraformFix>>,
  key: string,
  fixes: Map<string, TerraformFix>,
): void {
  plans.delete(key);
  plans.set(key, fixes);
  let total = 0;
  for (const set of plans.values()) total += set.size;
  for (const [old, set] of plans) {
    if (old === key || (plans.size <= PLAN_SETS && total <= MAX_KEPT_FIXES)) break;
    plans.delete(old);
    total -= set.size;
  }
}

/** The looks, then the result (cache-file.ts frames them). */
function encode(entry: ResultEntry): Buffer {
  const { looks, ...result } = entry;
  const kept = new Map([...looks.looks].filter(([key]) => !impliedText(key, looks.looks)));
  const stats = trustedStats(looks.stats, looks.since);
  for (const key of stats.keys()) if (!kept.has(key)) stats.delete(key);
  return frame(
    MAGIC,
    FORMAT,
    serialize({ looks: kept, stats, since: looks.since }),
    serialize(result),
  );
}

const isStringMap = (m: unknown): m is Map<string, string> =>
  m instanceof Map && [...m].every(([k, v]) => typeof k === 'string' && typeof v === 'string');

/** The looks of an entry, deserialized (undefined when they are not of their shape). */
function decodeLooks(bytes: Uint8Array): Looks | undefined {
  let looks: Partial<Looks> | null;
  try {
    looks = deserialize(bytes) as Partial<Looks> | null;
  } catch {
    return undefined;
  }
  if (
    typeof looks !== 'object' ||
    looks === null ||
    !isStringMap(looks.looks) ||
    !isStringMap(looks.stats) ||
    typeof looks.since !== 'bigint'
  )
    return undefined;
  return looks as Looks;
}

const isMap = (v: unknown): v is Map<unknown, unknown> => v instanceof Map;

/** An entry read back, or undefined when it is not one `encode` wrote (checksum and shape). */
function decode(bytes: Buffer): ResultEntry | undefined {
  const sections = unframe(bytes, MAGIC, FORMAT);
  if (!sections) return undefined;
  const [looksBytes, resultBytes] = sections;
  const looks = decodeLooks(looksBytes);
  if (!looks) return undefined;
  let entry: ResultEntry;
  try {
    entry = { ...(deserialize(resultBytes) as Omit<ResultEntry, 'looks'>), looks };
  } catch {
    return undefined;
  }
  if (
    typeof entry !== 'object' ||
    entry === null ||
    !isMap(entry.hints) ||
    !isMap(entry.plans) ||
    typeof entry.index !== 'object' ||
    entry.index === null ||
    !isMap(entry.index.users) ||
    !Array.isArray(entry.index.possible) ||
    !Array.isArray(entry.index.warnings)
  )
    return undefined;
  return entry;
}
