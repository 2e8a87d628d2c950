import { closeSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parseArgs } from 'node:util';
import { FORMATS, type Format } from '../render/formats.js';
import { writeChunks } from '../render/stream.js';
import { failOnOption, nowOption, oneOf } from './args.js';
import type { CliIo } from './io.js';

/**
 * `merge`: JSON and SARIF are written while the reports are read (to stdout through a
 * temporary file); Markdown is rendered from what the merge keeps, within a job summary's size.
 */
export async function mergeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'markdown' },
      output: { type: 'string' },
      'expect-accounts': { type: 'string' },
      'fail-on': { type: 'string' },
      'max-report-age-hours': { type: 'string' },
      now: { type: 'string' },
    },
  });
  const format = oneOf(values.format, FORMATS, '--format') as Format;
  const [{ runMerge }, { parseMaxReportAge }, { renderMergedMarkdown }] = await Promise.all([
    import('../run/merge.js'),
    import('../merge/max-age.js'),
    import('../render/merged.js'),
  ]);
  const output = values.output;
  // stdout gets a JSON or SARIF written whole: through a file, not memory
  const scratch =
    output === undefined && format !== 'markdown'
      ? mkdtempSync(join(tmpdir(), 'iam-credential-gate-merge-'))
      : undefined;
  try {
    const target = output ?? (scratch && join(scratch, `merged.${format}`));
    const merged = await runMerge(positionals, {
      now: nowOption(values.now, io.clock),
      expectAccountsFile: values['expect-accounts'],
      failOn: failOnOption(values['fail-on']),
      maxReportAgeHours: parseMaxReportAge(
        values['max-report-age-hours'],
        '--max-report-age-hours',
      ),
      ...(format === 'json' && { jsonFile: target }),
      ...(format === 'sarif' && { sarifFile: target }),
    });
    if (format === 'markdown') {
      const md = renderMergedMarkdown(merged);
      if (output === undefined) io.stdout(md);
      else await writeChunks([md], output);
    } else if (scratch) copyToStdout(join(scratch, `merged.${format}`), io);
    const s = merged.summary;
    if (output !== undefined)
      io.stderr(
        `iam-credential-gate: merge ${merged.passed ? 'passed' : 'FAILED'}: ${s.accounts} accounts (${s.passed} passed, ${s.failed} failed, ${s.stale} stale, ${s.errored} errored, ${s.missing} missing; fail_on ${merged.failOn}); ${format} written to ${output}\n`,
      );
    return merged.passed ? 0 : 1;
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

/** A file to stdout a megabyte at a time. */
function copyToStdout(file: string, io: CliIo): void {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    const decoder = new StringDecoder('utf8');
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer))
      io.stdout(decoder.write(buffer.subarray(0, n)));
    const rest = decoder.end();
    if (rest) io.stdout(rest);
  } finally {
    closeSync(fd);
  }
}
