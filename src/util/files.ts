import { readFileSync, statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../errors.js';

const MIB = 1024 * 1024;

/**
 * Reads an input file, refusing what cannot be one: a directory, a FIFO or device (reading it
 * could block forever), or a file past `maxBytes`.
 */
export async function readInputFile(file: string, what: string, maxBytes: number): Promise<Buffer> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw new InputError(`cannot read the ${what}: ${reason(error)}`, { file });
  }
  checkKind(info, file, what, maxBytes);
  try {
    return await readFile(file);
  } catch (error) {
    throw new InputError(`cannot read the ${what}: ${reason(error)}`, { file });
  }
}

/** {@link readInputFile}, synchronously and as UTF-8 text. */
export function readInputFileSync(file: string, what: string, maxBytes: number): string {
  let info;
  try {
    info = statSync(file);
  } catch (error) {
    throw new InputError(`cannot read the ${what}: ${reason(error)}`, { file });
  }
  checkKind(info, file, what, maxBytes);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the ${what}: ${reason(error)}`, { file });
  }
}

/** 1.2 MiB, 300 MiB: rounded up, so that a size just over a limit never reads as the limit. */
const mebibytes = (bytes: number): string => {
  const tenths = Math.ceil((bytes / MIB) * 10) / 10;
  return `${bytes < 10 * MIB ? String(tenths) : Math.ceil(bytes / MIB)} MiB`;
};

function checkKind(info: Stats, file: string, what: string, maxBytes: number): void {
  if (info.isDirectory()) throw new InputError(`the ${what} is a directory, not a file`, { file });
  if (!info.isFile())
    throw new InputError(`the ${what} is not a regular file (a FIFO, socket or device?)`, { file });
  if (info.size > maxBytes)
    throw new InputError(
      `the ${what} is ${mebibytes(info.size)}, more than the ${mebibytes(maxBytes)} accepted`,
      { file },
    );
}

export function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return e.message ?? String(error);
  }
}

export const REPORT_MAX_BYTES = 256 * MIB;
export const POLICY_MAX_BYTES = 1 * MIB;
