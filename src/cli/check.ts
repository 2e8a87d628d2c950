import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { FORMATS, type Format } from '../render/formats.js';
import { batched, jsonChunks, writeChunks } from '../render/stream.js';
import type { GateReport } from '../engine/types.js';
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
  const chunks = (f: CheckFormat): Promise<Iterable<string>> =>
    renderFormat(result, f, {
      color: io.color && values.output === undefined,
      includeExempted: values['sarif-include-exempted'],
      root: io.root,
    });
  const verdict = `${result.passed ? 'passed' : 'FAILED'}: ${result.summary.failing} failing of ${result.summary.findings} findings (fail_on ${result.policy.failOn})`;
  const files: [string | undefined, CheckFormat][] = [
    [values.output, format],
    [values['json-file'], 'json'],
    [values['sarif-file'], 'sarif'],
    [values['markdown-file'], 'markdown'],
  ];
  for (const [file, f] of files) {
    if (file === undefined) continue;
    await writeChunks(await chunks(f), file);
    if (!quiet) io.stderr(`iam-credential-gate: ${verdict}; ${f} written to ${file}\n`);
  }
  if (quiet) {
    const { textVerdict } = await import('../render/text.js');
    io.stdout(textVerdict(result, { color: io.color }));
  } else if (values.output === undefined)
    for (const chunk of batched(await chunks(format))) io.stdout(chunk);
  return result.passed ? 0 : 1;
}

/**
 * The report in one format. Only the renderer asked for is loaded: a check that writes JSON
 * loads neither the Markdown nor the SARIF renderer (nor `node:crypto`, which SARIF hashes with).
 */
async function renderFormat(
  result: GateReport,
  format: CheckFormat,
  options: { color?: boolean | undefined; includeExempted: boolean; root: string | undefined },
): Promise<Iterable<string>> {
  if (format === 'json') return jsonChunks(result);
  if (format === 'text') {
    const { renderText } = await import('../render/text.js');
    return [renderText(result, { color: options.color })];
  }
  const [{ renderChunks }, { repositoryUris }] = await Promise.all([
    import('../render/index.js'),
    import('../render/sarif-uri.js'),
  ]);
  return renderChunks(
    result,
    format as Format,
    {},
    {
      includeExempted: options.includeExempted,
      uriOf: repositoryUris(options.root ?? process.cwd(), process.cwd()),
    },
  );
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
  const [{ errorReportJson }, { errorSarifText }, { repositoryUris }] = await Promise.all([
    import('../render/index.js'),
    import('../render/sarif.js'),
    import('../render/sarif-uri.js'),
  ]);
  const sarif = () =>
    errorSarifText(message, VERSION, files.id, place, repositoryUris(root, process.cwd()));
  await Promise.all([
    ...files.json.map((f) =>
      writeFile(f, errorReportJson(message, account, VERSION)).catch(() => undefined),
    ),
    ...files.sarif.map((f) => writeFile(f, sarif()).catch(() => undefined)),
  ]);
}
