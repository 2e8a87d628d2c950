import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { InputError } from '../errors.js';
import { reason } from '../util/files.js';

const BATCH = 1 << 20;

/**
 * A file written piece by piece as a merge reads its reports, into a temporary file beside it
 * that takes its name only when the whole is written: a merge that fails half-way leaves the
 * file as it was (no half report a later step could read as a whole one).
 */
export class OutputFile {
  readonly temporary: string;
  private fd: number | undefined;
  private readonly buffer = Buffer.allocUnsafe(BATCH);
  private used = 0;

  constructor(readonly target: string) {
    this.temporary = `${target}.${process.pid}.partial`;
    try {
      this.fd = openSync(this.temporary, 'w');
    } catch (error) {
      throw new InputError(`cannot write the output: ${reason(error)}`, { file: target });
    }
  }

  write(chunk: string): void {
    try {
      // UTF-8 takes at most 3 bytes for each UTF-16 unit
      if (this.used + chunk.length * 3 > BATCH) {
        this.flush();
        if (chunk.length * 3 > BATCH) {
          writeSync(this.fd as number, chunk);
          return;
        }
      }
      this.used += this.buffer.write(chunk, this.used);
    } catch (error) {
      this.abort();
      throw new InputError(`cannot write the output: ${reason(error)}`, { file: this.target });
    }
  }

  /** The whole is written: the file takes its name. */
  commit(): void {
    try {
      this.flush();
      this.close();
      renameSync(this.temporary, this.target);
    } catch (error) {
      this.abort();
      throw new InputError(`cannot write the output: ${reason(error)}`, { file: this.target });
    }
  }

  /** The merge failed: the temporary file goes, the target is untouched. */
  abort(): void {
    try {
      this.close();
    } finally {
      rmSync(this.temporary, { force: true });
    }
  }

  private flush(): void {
    if (this.used > 0) writeSync(this.fd as number, this.buffer, 0, this.used);
    this.used = 0;
  }

  private close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
