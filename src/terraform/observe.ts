// Every look at the file system the Terraform scan, the account hints and the edit plans
// make goes through here: a folder's listing, a file's bytes or text, a real path, a file's
// kind. While a run records (the result cache, result-cache.ts), each look is kept as what it
// asked and a digest of what it found. A later run makes the same looks again (result-cache.ts
// `replay`) and uses the result it kept only when every one finds the same: the record is
// everything the result was computed from, so a file added, changed, removed or re-linked
// anywhere the scan looked is a miss. Reads of the parse cache and of the parser itself are
// not inputs (the key names the tool's version and grammar) and are not kept here.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';

/** What was asked: the kind of look (see result-cache.ts `replay`) and its path. */
export type LookKind = 'crawl' | 'crawl1' | 'bytes' | 'text' | 'real' | 'stat' | 'names';

/** What a run observed: by `kind \0 path`, the digest of what it found. */
export class Observations {
  readonly looks = new Map<string, string>();
  /**
   * By look: the file's (or for a listing, each folder's) device, inode, size, mtime and ctime,
   * taken before the look read it (see result-cache.ts `checkLooks`: what lets a later run take
   * an untouched file as unchanged without reading it).
   */
  readonly stats = new Map<string, string>();
  /** When the recording began, in nanoseconds of the wall clock. */
  since = BigInt(Date.now()) * 1_000_000n;
  /**
   * Something in this run did not come from the files alone (a file changed while it was read,
   * a parse cache entry was corrupt and warned about): its result is not to be kept.
   */
  volatile = false;

  note(kind: LookKind, path: string, digest: string): void {
    this.noteKey(`${kind}\0${path}`, digest);
  }

  noteKey(key: string, digest: string): void {
    const known = this.looks.get(key);
    if (known !== undefined && known !== digest) this.volatile = true;
    else this.looks.set(key, digest);
  }
}

/** The records open in this process (a look is noted in each: more kept is never unsound). */
const recording = new Set<Observations>();

export function startRecording(observations: Observations): void {
  recording.add(observations);
}

export function stopRecording(observations: Observations): void {
  recording.delete(observations);
}

/** Whether a run records (the stat of a look is then taken too). */
export const isRecording = (): boolean => recording.size > 0;

/** Notes the stat signature(s) taken before a look (see Observations.stats). */
export function noteStat(kind: LookKind, path: string, signature: string): void {
  for (const r of recording) r.stats.set(`${kind}\0${path}`, signature);
}

/** What identifies a file's (or folder's) state without reading it. */
export const statSignature = (s: fs.BigIntStats): string =>
  `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;

/** A path's stat signature now, or undefined when it cannot be taken. */
export function signatureOf(path: string): string | undefined {
  try {
    return statSignature(fs.statSync(path, { bigint: true }));
  } catch {
    return undefined;
  }
}

/** Marks every open record as not to be kept (see Observations.volatile). */
export function markVolatile(): void {
  for (const r of recording) r.volatile = true;
}

const errorDigest = (error: unknown): string =>
  `E:${(error as NodeJS.ErrnoException).code ?? 'unknown'}`;

/**
 * Runs a look and, while recording, notes the digest of its result (or of its error, which is
 * thrown on).
 */
export function observed<T>(
  kind: LookKind,
  path: string,
  look: () => T,
  digest: (value: T) => string,
): T {
  if (recording.size === 0) return look();
  let value: T;
  try {
    value = look();
  } catch (error) {
    for (const r of recording) r.note(kind, path, errorDigest(error));
    throw error;
  }
  const d = digest(value);
  for (const r of recording) r.note(kind, path, d);
  return value;
}

/** The digest of a look made again now (see result-cache.ts), its error included. */
export function digestNow<T>(look: () => T, digest: (value: T) => string): string {
  let value: T;
  try {
    value = look();
  } catch (error) {
    return errorDigest(error);
  }
  return digest(value);
}

/** SHA-256, one call per text (crypto.hash, where this Node has it, spares making a Hash). */
export const hashOf: (data: string | Uint8Array) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash: OneShot }).hash('sha256', data, 'base64')
    : (data) => crypto.createHash('sha256').update(data).digest('base64');

type OneShot = (algorithm: string, data: string | Uint8Array, encoding: 'base64') => string;

// The looks, as the scan makes them (the digest functions are the replay's too).

export const statDigest = (info: fs.Stats): string =>
  `${info.isFile() ? 'f' : info.isDirectory() ? 'd' : 'o'}:${info.isFile() ? info.size : 0}`;

/** `fs.statSync`, observed. */
export const statOf = (path: string): fs.Stats =>
  observed('stat', path, () => fs.statSync(path), statDigest);

/** `fs.realpathSync`, observed. */
export const realpathOf = (path: string): string =>
  observed(
    'real',
    path,
    () => fs.realpathSync(path),
    (real) => real,
  );

/** A UTF-8 file's text, observed (its stat taken first, while recording). */
export const textOf = (path: string): string =>
  observed(
    'text',
    path,
    () => {
      if (isRecording()) {
        const signature = signatureOf(path);
        if (signature !== undefined) noteStat('text', path, signature);
      }
      return fs.readFileSync(path, 'utf8');
    },
    hashOf,
  );

export const namesDigest = (names: string[]): string => hashOf([...names].sort().join('\0'));

/** A folder's entry names (`fs.readdirSync`), observed. */
export const namesOf = (dir: string): string[] =>
  observed('names', dir, () => fs.readdirSync(dir), namesDigest);
