import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { errorReportJson, FORMATS, renderChunks, type Format } from '../render/index.js';
import { errorSarifText } from '../render/sarif.js';
import { repositoryUris } from '../render/sarif-uri.js';
import { batched, writeChunks } from '../render/stream.js';
import { renderText, textVerdict } from '../render/text.js';
import { runCheck } from '../run/check.js';
import { POLICY_MAX_BYTES, readInputFile } from '../util/files.js';
import { VERSION } from '../version.js';
import { isInputError } from '../errors.js';
import {
  CHECK_INPUT_OPTIONS,
  checkInputOf,
  failOnOption,
  isoOption,
  nowOption,
  oneOf,
  required,
} from './args.js';
import { ACCOUNTS_CHECK_OPTIONS, checkAccountsCommand } from './accounts.js';
import type { CliIo } from './io.js';

export const CHECK_FORMATS = ['text', ...FORMATS] as const;
type CheckFormat = (typeof CHECK_FORMATS)[number];

/** The files to write when the check could not evaluate, so that no failure is silent. */
export interface ErrorFiles {
  json: string[];
  sarif: string[];
  id: string | null;
  label: string | null;
}

/** `check`: evaluates, writes every requested output, returns the exit code (0 or 1). */
export async function checkCommand(
  args: readonly string[],
  io: CliIo,
  onErrorFiles: (files: ErrorFiles) => void,
): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      ...CHECK_INPUT_OPTIONS,
      'report-generated-at': { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string' },
      'json-file': { type: 'string' },
      'sarif-file': { type: 'string' },
      'markdown-file': { type: 'string' },
      'sarif-include-exempted': { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
      'account-label': { type: 'string' },
      'account-id': { type: 'string' },
      'base-policy': { type: 'string' },
      ...ACCOUNTS_CHECK_OPTIONS,
    },
  });
  if (values.accounts !== undefined)
    return await checkAccountsCommand(
      values,
      {
        policy: required(values.policy, '--policy'),
        now: nowOption(values.now, io.clock),
        failOn: failOnOption(values['fail-on']),
      },
      io,
    );
  const format = oneOf(
    values.format ?? (io.isTTY && values.output === undefined ? 'text' : 'markdown'),
    CHECK_FORMATS,
    '--format',
  ) as CheckFormat;
  // Known before anything can fail: where an error report goes.
  const main = values.output !== undefined && (format === 'json' || format === 'sarif');
  onErrorFiles({
    json: [values['json-file'], main && format === 'json' ? values.output : undefined].filter(
      (f): f is string => f !== undefined,
    ),
    sarif: [values['sarif-file'], main && format === 'sarif' ? values.output : undefined].filter(
      (f): f is string => f !== undefined,
    ),
    id: values['account-id'] ?? null,
    label: values['account-label'] ?? null,
  });
  const result = await runCheck({
    ...checkInputOf(values, io.clock),
    reportGeneratedAt:
      values['report-generated-at'] === undefined
        ? undefined
        : isoOption(values['report-generated-at'], '--report-generated-at'),
    accountLabel: values['account-label'],
    accountId: values['account-id'],
    ...(values['base-policy'] !== undefined && {
      basePolicy: {
        text: (
          await readInputFile(values['base-policy'], 'base policy file', POLICY_MAX_BYTES)
        ).toString('utf8'),
        label: values['base-policy'],
      },
    }),
  });
  const quiet = values.quiet;
  // the text on a terminal says them itself
  if (!quiet && !(format === 'text' && values.output === undefined))
    for (const w of result.policyWarnings ?? [])
      io.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${w.message}\n`);
  const sarif = {
    includeExempted: values['sarif-include-exempted'],
    uriOf: repositoryUris(io.root ?? process.cwd(), process.cwd()),
  };
  const chunks = (f: CheckFormat): Iterable<string> =>
    f === 'text'
      ? [renderText(result, { color: io.color && values.output === undefined })]
      : renderChunks(result, f as Format, {}, sarif);
  const verdict = `${result.passed ? 'passed' : 'FAILED'}: ${result.summary.failing} failing of ${result.summary.findings} findings (fail_on ${result.policy.failOn})`;
  const files: [string | undefined, CheckFormat][] = [
    [values.output, format],
    [values['json-file'], 'json'],
    [values['sarif-file'], 'sarif'],
    [values['markdown-file'], 'markdown'],
  ];
  for (const [file, f] of files) {
    if (file === undefined) continue;
    await writeChunks(chunks(f), file);
    if (!quiet) io.stderr(`iam-credential-gate: ${verdict}; ${f} written to ${file}\n`);
  }
  if (quiet) io.stdout(textVerdict(result, { color: io.color }));
  else if (values.output === undefined)
    for (const chunk of batched(chunks(format))) io.stdout(chunk);
  return result.passed ? 0 : 1;
}

/** On an input error: the error JSON and the unsuccessful-analysis SARIF, where asked for. */
export async function writeErrorFiles(
  message: string,
  error: unknown,
  files: ErrorFiles,
  root: string = process.cwd(),
): Promise<void> {
  const account = { id: files.id, label: files.label };
  const place = isInputError(error) ? error.place : {};
  const sarif = () =>
    errorSarifText(message, VERSION, files.id, place, repositoryUris(root, process.cwd()));
  await Promise.all([
    ...files.json.map((f) =>
      writeFile(f, errorReportJson(message, account, VERSION)).catch(() => undefined),
    ),
    ...files.sarif.map((f) => writeFile(f, sarif()).catch(() => undefined)),
  ]);
}
