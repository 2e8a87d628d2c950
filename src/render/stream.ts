import { closeSync, openSync, writeSync } from 'node:fs';
import { InputError } from '../errors.js';
import { reason } from '../util/files.js';
import type { Writable } from 'node:stream';
import type {
  FindingExemption,
  FindingJson,
  GateReport,
  GateReportJson,
  TerraformLocation,
} from '../engine/types.js';

/**
 * The JSON report in pieces, without building one string of the whole (a 100,000-user report
 * has a hundred thousand findings and more): indented like `JSON.stringify(report, null, 2)`,
 * except that each finding is compact on a line of its own — quick to write, and easy to grep,
 * diff and stream through `jq`.
 */
export function jsonChunks(report: GateReport): Generator<string> {
  return chunksWithFindings(report, report.findings, (f) => findingJson(f));
}

/** The same layout for any report whose bulk is its `findings` (a merged report too). */
export function* chunksWithFindings<T>(
  report: object,
  findings: readonly T[],
  line: (finding: T) => string = (f) => JSON.stringify(f),
): Generator<string> {
  const skeleton = JSON.stringify(
    Object.fromEntries(Object.entries(report).map(([k, v]) => [k, k === 'findings' ? [] : v])),
    null,
    2,
  );
  const marker = '\n  "findings": []';
  const at = skeleton.indexOf(marker);
  yield `${skeleton.slice(0, at)}\n  "findings": [`;
  // One piece per finding: the writer copies each into its buffer (no big string to build).
  for (let i = 0; i < findings.length; i++)
    yield `${i === 0 ? '' : ','}\n    ${line(findings[i] as T)}`;
  yield `${findings.length > 0 ? '\n  ]' : ']'}${skeleton.slice(at + marker.length)}\n`;
}

const BATCH = 1 << 20;
const PIECE = 1 << 16;

/** Small pieces joined into pieces of about a megabyte, for writers that pay per call. */
export function* batched(chunks: Iterable<string>): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= BATCH) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

/**
 * Text written to an open file synchronously (a one-shot process gains nothing from waiting on
 * the event loop between pieces): small pieces are joined (a rope: nothing is copied) and
 * encoded, some 64 Ki units at a time, straight into one buffer, written when full.
 */
export class FileWriter {
  private readonly buffer = Buffer.allocUnsafe(BATCH);
  private used = 0;
  private pending = '';

  constructor(private readonly fd: number) {}

  write(chunk: string): void {
    this.pending += chunk;
    if (this.pending.length >= PIECE) {
      this.encode(this.pending);
      this.pending = '';
    }
  }

  /** Everything written so far is in the file. */
  flush(): void {
    if (this.pending.length > 0) this.encode(this.pending);
    this.pending = '';
    if (this.used > 0) writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }

  private encode(text: string): void {
    // UTF-8 takes at most 3 bytes for each UTF-16 unit
    if (this.used + text.length * 3 > BATCH) {
      writeSync(this.fd, this.buffer, 0, this.used);
      this.used = 0;
      if (text.length * 3 > BATCH) {
        writeSync(this.fd, text);
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  }
}

/** Writes chunks to a file (see FileWriter) or to a stream such as stdout, honouring back-pressure. */
export async function writeChunks(
  chunks: Iterable<string>,
  target: string | Writable,
): Promise<void> {
  if (typeof target === 'string') {
    let fd: number;
    try {
      fd = openSync(target, 'w');
    } catch (error) {
      throw new InputError(`cannot write the output: ${reason(error)}`, { file: target });
    }
    try {
      const writer = new FileWriter(fd);
      for (const chunk of chunks) writer.write(chunk);
      writer.flush();
    } catch (error) {
      throw new InputError(`cannot write the output: ${reason(error)}`, { file: target });
    } finally {
      closeSync(fd);
    }
    return;
  }
  for (const chunk of batched(chunks)) {
    if (!target.write(chunk))
      await new Promise<void>((resolve) => target.once('drain', () => resolve()));
  }
}
const cached = new Map<unknown, string>();
/** JSON of a value that repeats across findings (rule ids, severities, the shared references). */
function once(value: unknown): string {
  let text = cached.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    if (cached.size < 10_000) cached.set(value, text);
  }
  return text;
}

const json = JSON.stringify;

/** What JSON.stringify escapes in a string: `"`, `\\`, control characters, lone surrogates. */
// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify(text)`, quicker for the text of a report (user names, ARNs, messages), which
 * seldom holds anything to escape: such text is quoted as it is, without a copy. (A surrogate
 * pair goes the slow way too, and comes out as it is: the same text.)
 */
export const quote = (text: string): string =>
  NEEDS_ESCAPING.test(text) ? json(text) : `"${text}"`;

/** The parts of a finding the JSON writes; an absent or `null` optional part is left out. */
type Written = Omit<FindingJson, 'exemption' | 'advice' | 'cli' | 'terraform'> & {
  exemption?: FindingExemption | null | undefined;
  advice?: string | null | undefined;
  cli?: readonly number[] | null | undefined;
  terraform?: TerraformLocation[] | undefined;
};

/**
 * A finding's line of the JSON report: what is its own (see `FindingJson`), written out for
 * the one shape a finding has, in one pass (a test holds it to `JSON.stringify` of that shape,
 * key order included). `tail` is more of the object (`,"account":{...}` in a merged report).
 */
export function findingJson(f: Written, tail = ''): string {
  let line =
    `{"rule":${once(f.rule)},"severity":${once(f.severity)},"user":${f.user === null ? 'null' : quote(f.user)}` +
    `,"arn":${f.arn === null ? 'null' : quote(f.arn)},"credential":${once(f.credential)},"days":${f.days === null ? 'null' : f.days}` +
    `,"threshold":${f.threshold === null ? 'null' : f.threshold},"serviceUser":${f.serviceUser},"failing":${f.failing}`;
  if (f.exemption != null) line += `,"exemption":${json(f.exemption)}`;
  line += `,"message":${quote(f.message)}`;
  if (f.advice != null) line += `,"advice":${quote(f.advice)}`;
  if (f.cli != null) line += `,"cli":[${f.cli.length === 1 ? f.cli[0] : f.cli.join(',')}]`;
  if (f.terraform !== undefined && f.terraform.length > 0)
    line += `,"terraform":${json(f.terraform)}`;
  return `${line}${tail}}`;
}

/** A merged report's finding: the account's line, with its account (`exempted` is not written). */
export const mergedFindingJson = (f: Written & { account: object }): string =>
  findingJson(f, `,"account":${once(f.account)}`);

/** The JSON report as the value it writes (for a caller that wants the object, not the text). */
export const reportJson = (report: GateReport): GateReportJson =>
  JSON.parse([...jsonChunks(report)].join('')) as GateReportJson;
