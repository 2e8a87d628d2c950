// A cache of what the scan learns of a Terraform file, kept across runs in a folder
// (`--cache-dir` / `cache-dir`): one entry per text, under a key made of the text, the grammar
// and this tool's version. An entry holds the file's outline (its top-level blocks, outline.ts)
// and the snapshots of its parses (syntax.ts TreeData), each under what was parsed of it (the
// whole text, or the ranges of its needed blocks: which blocks are needed depends on more than
// the text). A warm run reads one entry per file and neither outlines nor parses it.
// An entry is written whole to a temporary file and renamed into place, so that runs sharing
// the folder never read half an entry (two runs writing the same entry: the last one wins, and
// either is sound); one that is truncated, corrupted or from another format is ignored with a
// warning, and the file outlined and parsed again. Size: at most CACHE_MAX_BYTES; past it, the
// oldest entries are removed after a run.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../version.js';
import { frame, unframe, writeWhole } from './cache-file.js';
import { markVolatile } from './observe.js';
import type { OutlineBlock } from './outline.js';
import { STRIDE, type TreeData } from './syntax.js';

/** The entry layout's version: a change of layout makes every older entry a miss. */
const FORMAT = 2;
const MAGIC = 0x54474349; // "ICGT"; sections: the meta (JSON), the trees' payload
/** The parses kept per text (a folder gaining or losing users changes what is parsed). */
const TREES_PER_ENTRY = 4;
/** The most the cache folder holds after a run (entries are a few KiB per file). */
export const CACHE_MAX_BYTES = 256 * 2 ** 20;

/** What is kept of one text. */
export interface CacheEntry {
  /** Its top-level blocks as the outline found them; null: the outline gave up; undefined: not outlined. */
  outline?: OutlineBlock[] | null;
  /** Its parses, by what was parsed ('' the whole text, else the ranges). */
  trees: Map<string, TreeData>;
  /** In this run only (not kept on disk): its blocks are in the block memo (blocks-memo.ts). */
  split?: boolean;
}

export class ParseCache {
  private salt: string;
  private wrote = false;
  private writeFailed = false;
  hits = 0;
  misses = 0;

  constructor(
    private dir: string,
    /** What identifies the grammar (a digest of its WebAssembly). */
    grammar: string,
    private warn: (message: string) => void,
    private maxBytes = CACHE_MAX_BYTES,
  ) {
    this.salt = `${FORMAT}\0${VERSION}\0${grammar}\0`;
  }

  /** The key of a text. */
  key(text: string): string {
    return createHash('sha256').update(this.salt).update(text).digest('hex');
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.bin`);
  }

  /** The entry stored under a key, if there is a sound one for a text of that length. */
  get(key: string, textLength: number): CacheEntry | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path(key));
    } catch {
      this.misses++;
      return undefined; // not there (or not readable): outlined and parsed
    }
    const entry = decode(bytes, textLength);
    if (!entry) {
      this.corrupted(key);
      return undefined;
    }
    this.hits++;
    return entry;
  }

  /** Says that the entry under a key cannot be used (read back unsound). */
  corrupted(key: string): void {
    this.misses++;
    markVolatile(); // its warning is this run's, not the Terraform's: the result is not kept
    this.warn(
      `parse cache entry ${this.path(key)} is truncated or corrupted; ignored (parsed again)`,
    );
  }

  set(key: string, entry: CacheEntry): void {
    if (this.writeFailed) return;
    try {
      writeWhole(this.path(key), encode(entry)); // whole or not at all, for any run reading it
      this.wrote = true;
    } catch (error) {
      this.writeFailed = true;
      markVolatile();
      this.warn(
        `parse cache ${this.dir} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}); this run's parses are not kept`,
      );
    }
  }

  /** After a run: the oldest entries removed while the folder holds more than its bound. */
  prune(): void {
    if (!this.wrote) return;
    const entries: { path: string; size: number; mtime: number }[] = [];
    let total = 0;
    try {
      for (const sub of readdirSync(this.dir))
        for (const name of readdirSync(join(this.dir, sub))) {
          const path = join(this.dir, sub, name);
          const info = statSync(path);
          entries.push({ path, size: info.size, mtime: info.mtimeMs });
          total += info.size;
        }
    } catch {
      return; // another run is pruning or the folder is not ours: left as it is
    }
    if (total <= this.maxBytes) return;
    entries.sort((a, b) => a.mtime - b.mtime);
    for (const entry of entries) {
      if (total <= (this.maxBytes * 3) / 4) break;
      try {
        unlinkSync(entry.path);
        total -= entry.size;
      } catch {
        // removed by another run
      }
    }
  }
}

/** Meta: the outline as [type, labels, start, end] rows, and each tree's part and shape. */
interface Meta {
  o?: [string, string[], number, number][] | null;
  t: [string, number, number][]; // part, node count, error line
}

function encode(entry: CacheEntry): Buffer {
  const trees = [...entry.trees].slice(-TREES_PER_ENTRY);
  const meta: Meta = {
    ...(entry.outline !== undefined && {
      o: entry.outline && entry.outline.map((b) => [b.type, b.labels, b.start, b.end]),
    }),
    t: trees.map(([part, tree]) => [part, tree.count, tree.errorLine]),
  };
  const payload = Buffer.concat(
    trees.map(([, { data }]) => Buffer.from(data.buffer, data.byteOffset, data.byteLength)),
  );
  return frame(MAGIC, FORMAT, Buffer.from(JSON.stringify(meta)), payload);
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * An entry read back, or undefined when it is not one `encode` wrote for a text of that length:
 * its checksum, its layout and the outline's offsets are checked here; each tree's nodes when it
 * is used (syntax.ts validTreeData, which needs the grammar).
 */
function decode(bytes: Buffer, textLength: number): CacheEntry | undefined {
  const sections = unframe(bytes, MAGIC, FORMAT);
  if (!sections || sections[1].length % 4 !== 0) return undefined;
  const [metaBytes, payload] = sections;
  let meta: Meta;
  try {
    meta = JSON.parse(metaBytes.toString('utf8')) as Meta;
  } catch {
    return undefined;
  }
  if (typeof meta !== 'object' || meta === null || !Array.isArray(meta.t)) return undefined;
  const entry: CacheEntry = { trees: new Map() };
  if (meta.o !== undefined) {
    if (meta.o !== null && !Array.isArray(meta.o)) return undefined;
    let last = 0;
    const blocks: OutlineBlock[] = [];
    for (const row of meta.o ?? []) {
      if (!Array.isArray(row) || row.length !== 4) return undefined;
      const [type, labels, start, end] = row;
      if (!isString(type) || !Array.isArray(labels) || !labels.every(isString)) return undefined;
      if (!isInt(start, last, textLength) || !isInt(end, start + 1, textLength)) return undefined;
      last = end;
      blocks.push({ type, labels, start, end });
    }
    entry.outline = meta.o === null ? null : blocks;
  }
  let at = 0;
  for (const row of meta.t) {
    if (!Array.isArray(row) || row.length !== 3) return undefined;
    const [part, count, errorLine] = row;
    if (!isString(part) || !isInt(count, 1, 2 ** 26) || !isInt(errorLine, 0, 2 ** 31 - 1))
      return undefined;
    const length = count * STRIDE * 4;
    if (at + length > payload.length) return undefined;
    const data = new Int32Array(count * STRIDE);
    Buffer.from(data.buffer).set(payload.subarray(at, at + length));
    at += length;
    entry.trees.set(part, { data, count, errorLine });
  }
  return at === payload.length ? entry : undefined;
}
