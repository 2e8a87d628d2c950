import { closeSync, openSync, renameSync, rmSync } from 'node:fs';
import { InputError } from '../errors.js';
import { FileWriter } from '../render/stream.js';
import { reason } from '../util/files.js';

/**
 * A file written piece by piece as a merge reads its reports, into a temporary file beside it
 * that takes its name only when the whole is written: a merge that fails half-way leaves the
 * file as it was (no half report a later step could read as a whole one).
 */
export class OutputFile {
  readonly temporary: string;
  private fd: number | undefined;
  private readonly writer: FileWriter;

  constructor(readonly target: string) {
    this.temporary = `${target}.${process.pid}.partial`;
    try {
      this.fd = openSync(this.temporary, 'w');
    } catch (error) {
      throw new InputError(`cannot write the output: ${reason(error)}`, { file: target });
    }
    this.writer = new FileWriter(this.fd);
  }

  write(chunk: string): void {
    this.guard(() => this.writer.write(chunk));
  }

  /** The whole is written: the file takes its name. */
  commit(): void {
    this.guard(() => {
      this.writer.flush();
      this.close();
      renameSync(this.temporary, this.target);
    });
  }

  /** The merge failed: the temporary file goes, the target is untouched. */
  abort(): void {
    try {
      this.close();
    } finally {
      rmSync(this.temporary, { force: true });
    }
  }

  /** A write that fails leaves no temporary file behind, and names the target. */
  private guard(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.abort();
      throw new InputError(`cannot write the output: ${reason(error)}`, { file: this.target });
    }
  }

  private close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
