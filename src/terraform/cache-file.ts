// The file layout both caches in `cache-dir` share (parse-cache.ts, result-cache.ts): a
// header (magic, format, the two sections' lengths, a CRC-32 of both), then the two sections;
// and how a file is written so that no run ever reads half of one.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

/** magic, format, first section's bytes, second section's bytes, crc32 of both */
const HEADER = 20;

/** Two sections framed under a magic number and a format. */
export function frame(
  magic: number,
  format: number,
  first: Uint8Array,
  second: Uint8Array,
): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(magic, 0);
  header.writeUInt32LE(format, 4);
  header.writeUInt32LE(first.length, 8);
  header.writeUInt32LE(second.length, 12);
  header.writeUInt32LE(crc32(second, crc32(first)), 16);
  return Buffer.concat([header, first, second]);
}

/**
 * The two sections of a file `frame` wrote with that magic and format, or undefined when it is
 * not one (another format, a length that does not add up, a checksum that does not match).
 */
export function unframe(
  bytes: Buffer,
  magic: number,
  format: number,
): [first: Buffer, second: Buffer] | undefined {
  if (bytes.length < HEADER) return undefined;
  if (bytes.readUInt32LE(0) !== magic || bytes.readUInt32LE(4) !== format) return undefined;
  const firstLength = bytes.readUInt32LE(8);
  const secondLength = bytes.readUInt32LE(12);
  if (HEADER + firstLength + secondLength !== bytes.length) return undefined;
  const first = bytes.subarray(HEADER, HEADER + firstLength);
  const second = bytes.subarray(HEADER + firstLength);
  if (crc32(second, crc32(first)) !== bytes.readUInt32LE(16)) return undefined;
  return [first, second];
}

/**
 * Writes a file whole: to a temporary file beside it, renamed into place, so that runs sharing
 * the folder read either the old file or the new one (two runs writing it: the last wins).
 * Throws what the file system says; the temporary file is removed then.
 */
export function writeWhole(path: string, bytes: Uint8Array): void {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // the folder itself is not there to write in
    }
    throw error;
  }
}
