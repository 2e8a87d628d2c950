// A cache of parsed Terraform, kept across runs in a folder (`--cache-dir` / `cache-dir`): the
// snapshot a parse leaves (syntax.ts TreeData) under a key made of the text parsed, what was
// parsed of it, the grammar and this tool's version. An entry is written to a temporary file
// and renamed into place, so that runs sharing the folder never read half an entry; one that
// is truncated, corrupted or from another format is ignored with a warning and parsed again.
// Size: at most CACHE_MAX_BYTES; past it, the oldest entries are removed after a run.
import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { VERSION } from '../version.js';
import { validTreeData, type TreeData } from './syntax.js';

/** The entry layout's version: a change of layout makes every older entry a miss. */
const FORMAT = 1;
const MAGIC = 0x54474349; // "ICGT"
const HEADER = 24;
/** The most the cache folder holds after a run (entries are a few KiB per file). */
export const CACHE_MAX_BYTES = 256 * 2 ** 20;

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

  /**
   * The key of a text parsed whole (`part` empty) or in part (`part` names the ranges parsed:
   * which blocks are needed depends on more than the text).
   */
  key(part: string, text: string): string {
    return createHash('sha256')
      .update(this.salt)
      .update(part)
      .update('\0')
      .update(text)
      .digest('hex');
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.bin`);
  }

  /** The tree stored under a key, if there is a sound one for a text of that length. */
  get(key: string, textLength: number, typeCount: number): TreeData | undefined {
    const path = this.path(key);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch {
      this.misses++;
      return undefined; // not there (or not readable): parsed
    }
    const tree = decode(bytes, textLength, typeCount);
    if (!tree) {
      this.misses++;
      this.warn(`parse cache entry ${path} is truncated or corrupted; ignored (parsed again)`);
      return undefined;
    }
    this.hits++;
    return tree;
  }

  set(key: string, tree: TreeData): void {
    if (this.writeFailed) return;
    const path = this.path(key);
    const payload = Buffer.from(tree.data.buffer, tree.data.byteOffset, tree.data.byteLength);
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(FORMAT, 4);
    header.writeUInt32LE(tree.count, 8);
    header.writeInt32LE(tree.errorLine, 12);
    header.writeUInt32LE(payload.length, 16);
    header.writeUInt32LE(crc32(payload), 20);
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
      writeFileSync(temporary, Buffer.concat([header, payload]));
      renameSync(temporary, path); // whole or not at all, for any run reading it
      this.wrote = true;
    } catch (error) {
      this.writeFailed = true;
      try {
        rmSync(temporary, { force: true });
      } catch {
        // the folder itself is not there to write in
      }
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

function decode(bytes: Buffer, textLength: number, typeCount: number): TreeData | undefined {
  if (bytes.length < HEADER) return undefined;
  if (bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== FORMAT) return undefined;
  const count = bytes.readUInt32LE(8);
  const errorLine = bytes.readInt32LE(12);
  const length = bytes.readUInt32LE(16);
  if (length !== bytes.length - HEADER || length % 4 !== 0) return undefined;
  const payload = bytes.subarray(HEADER);
  if (crc32(payload) !== bytes.readUInt32LE(20)) return undefined;
  const data = new Int32Array(length / 4);
  Buffer.from(data.buffer).set(payload);
  const tree: TreeData = { data, count, errorLine };
  return validTreeData(tree, textLength, typeCount) ? tree : undefined;
}
