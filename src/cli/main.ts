import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { InputError, isInputError } from '../errors.js';
import { FAIL_ON, type FailOn } from '../policy/schema.js';
import { analyzeWeakening } from '../policy/weakening.js';
import {
  errorReportJson,
  FORMATS,
  renderChunks,
  renderMergedChunks,
  type Format,
} from '../render/index.js';
import { batched, writeChunks } from '../render/stream.js';
import { parseTimeOption } from '../report/parse.js';
import { readPolicyFile, runCheck } from '../run/check.js';
import { POLICY_MAX_BYTES, readInputFile } from '../util/files.js';
import { VERSION } from '../version.js';
import { safeLines } from '../util/workflow-commands.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The current time, epoch ms (injectable for tests). */
  clock: () => number;
}

export const USAGE = `Usage:
  iam-credential-gate check --report <csv|json> --policy <file>
                            [--terraform-dir <dir>]... [--terraform-state <json>]
                            [--report-generated-at <ISO-8601>] [--now <ISO-8601>]
                            [--format markdown|json|sarif] [--output <file>]
                            [--fail-on critical|high|medium|low|never]
                            [--account-label <label>] [--account-id <12 digits>]
                            [--base-policy <file>]   (list what changed since this policy)
  iam-credential-gate fix --report <csv|json> --policy <file> --terraform-dir <dir>...
                            [--terraform-state <json>] [--now <ISO-8601>] [--fail-on <severity>]
                            [--rule <id>]... (default unused-user) [--user <glob>]...
                            [--write] [--output <patch file>]   (a unified diff, for git apply)
  iam-credential-gate merge <report.json>... [--expect-accounts <file>]
                            [--fail-on critical|high|medium|low|never]   (default high)
                            [--max-report-age-hours <n>] (default 48) [--now <ISO-8601>]
                            [--format markdown|json|sarif] [--output <file>]
  iam-credential-gate list-accounts [--output <file>] [--include-inactive]
  iam-credential-gate fetch --output <csv> [--max-wait-seconds <n>]   (default 120)
  iam-credential-gate validate-policy <file>
  iam-credential-gate presets                (the baselines a policy can extend)
  iam-credential-gate --version

Exit codes: 0 passed, 1 the gate failed, 2 usage or input error.`;

/** Set by the entry point when a reader that stopped early (`| head`) closed stdout. */
export const stdoutState = { closed: false };

const defaultIo: CliIo = {
  stdout: (t) => {
    if (!stdoutState.closed) process.stdout.write(t);
  },
  // In a workflow step the runner reads stderr for commands: AWS text must not start one.
  stderr: (t) => process.stderr.write(safeLines(t)),
  clock: () => Date.now(),
};

/** Runs the command line; returns the exit code. The one place where errors become exit codes. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  let errorJson: { output: string; id: string | null; label: string | null } | undefined;
  try {
    switch (command) {
      case 'check': {
        const { values } = parseArgs({
          args: rest,
          strict: true,
          allowPositionals: false,
          options: {
            report: { type: 'string' },
            policy: { type: 'string' },
            'report-generated-at': { type: 'string' },
            now: { type: 'string' },
            format: { type: 'string', default: 'markdown' },
            output: { type: 'string' },
            'fail-on': { type: 'string' },
            'account-label': { type: 'string' },
            'account-id': { type: 'string' },
            'terraform-dir': { type: 'string', multiple: true },
            'terraform-state': { type: 'string' },
            'base-policy': { type: 'string' },
          },
        });
        const format = oneOf(values.format, FORMATS, '--format') as Format;
        if (format === 'json' && values.output)
          errorJson = {
            output: values.output,
            id: values['account-id'] ?? null,
            label: values['account-label'] ?? null,
          };
        const report = required(values.report, '--report');
        const policy = required(values.policy, '--policy');
        const failOn =
          values['fail-on'] === undefined
            ? undefined
            : (oneOf(values['fail-on'], FAIL_ON, '--fail-on') as FailOn);
        const now = values.now === undefined ? io.clock() : isoOption(values.now, '--now');
        const result = await runCheck({
          reportFile: report,
          policyFile: policy,
          reportGeneratedAt:
            values['report-generated-at'] === undefined
              ? undefined
              : isoOption(values['report-generated-at'], '--report-generated-at'),
          now,
          failOn,
          accountLabel: values['account-label'],
          accountId: values['account-id'],
          terraformDirs: values['terraform-dir'],
          terraformState: values['terraform-state'],
          failOnSource: '--fail-on',
          ...(values['base-policy'] !== undefined && {
            basePolicy: {
              text: (
                await readInputFile(values['base-policy'], 'base policy file', POLICY_MAX_BYTES)
              ).toString('utf8'),
              label: values['base-policy'],
            },
          }),
        });
        for (const w of result.policyWarnings ?? [])
          io.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${w.message}\n`);
        await emit(
          renderChunks(result, format),
          values.output,
          `${result.passed ? 'passed' : 'FAILED'}: ${result.summary.failing} failing of ${result.summary.findings} findings (fail_on ${result.policy.failOn}); ${format}`,
          io,
        );
        return result.passed ? 0 : 1;
      }
      case 'fix':
        return await fixCommand(rest, io);
      case 'fetch': {
        const { values } = parseArgs({
          args: rest,
          strict: true,
          allowPositionals: false,
          options: {
            output: { type: 'string' },
            'max-wait-seconds': { type: 'string', default: '120' },
          },
        });
        const output = required(values.output, '--output');
        const maxWait = Number(values['max-wait-seconds']);
        if (!Number.isFinite(maxWait) || maxWait <= 0)
          throw new InputError(
            `--max-wait-seconds must be a positive number, not "${values['max-wait-seconds']}"`,
          );
        const { fetchReportToFile } = await import('../run/fetch.js');
        const fetched = await fetchReportToFile({
          output,
          maxWaitMs: maxWait * 1000,
          log: (m) => io.stderr(`iam-credential-gate: ${m}\n`),
          clock: io.clock,
        });
        io.stderr(
          `iam-credential-gate: credential report generated ${fetched.generatedAt.toISOString()} written to ${output} (${fetched.content.length} bytes, ${fetched.calls} API calls); generation time in ${output}.meta.json\n`,
        );
        return 0;
      }
      case 'merge': {
        const { values, positionals } = parseArgs({
          args: rest,
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
        const { runMerge } = await import('../run/merge.js');
        const { parseMaxReportAge } = await import('../merge/merge.js');
        // Markdown lists failing findings only (the rest counted): the others need not be kept.
        const merged = await runMerge(positionals, {
          now: values.now === undefined ? io.clock() : isoOption(values.now, '--now'),
          expectAccountsFile: values['expect-accounts'],
          failOn:
            values['fail-on'] === undefined
              ? undefined
              : (oneOf(values['fail-on'], FAIL_ON, '--fail-on') as FailOn),
          maxReportAgeHours: parseMaxReportAge(
            values['max-report-age-hours'],
            '--max-report-age-hours',
          ),
          keep: format === 'markdown' ? 'failing' : 'all',
        });
        const s = merged.summary;
        await emit(
          renderMergedChunks(merged, format),
          values.output,
          `merge ${merged.passed ? 'passed' : 'FAILED'}: ${s.accounts} accounts (${s.passed} passed, ${s.failed} failed, ${s.stale} stale, ${s.errored} errored, ${s.missing} missing; fail_on ${merged.failOn}); ${format}`,
          io,
        );
        return merged.passed ? 0 : 1;
      }
      case 'list-accounts': {
        const { values } = parseArgs({
          args: rest,
          strict: true,
          allowPositionals: false,
          options: {
            output: { type: 'string' },
            'include-inactive': { type: 'boolean', default: false },
          },
        });
        const { listOrganizationAccounts, createOrganizationsClient } =
          await import('../aws/organizations.js');
        const accounts = await listOrganizationAccounts(createOrganizationsClient(), {
          includeInactive: values['include-inactive'],
        });
        const text = `${JSON.stringify(accounts, null, 2)}\n`;
        if (values.output) await writeChunks([text], values.output);
        else io.stdout(text);
        io.stderr(`iam-credential-gate: ${accounts.length} account(s)\n`);
        return 0;
      }
      case 'presets': {
        if (rest.length > 0) throw new InputError('presets takes no arguments');
        const { renderPresetList } = await import('../policy/presets-doc.js');
        io.stdout(renderPresetList());
        return 0;
      }
      case 'validate-policy': {
        const { positionals } = parseArgs({
          args: rest,
          strict: true,
          allowPositionals: true,
          options: {},
        });
        if (positionals.length !== 1)
          throw new InputError('validate-policy takes exactly one policy file');
        const policy = await readPolicyFile(positionals[0] as string, io.clock());
        io.stdout(
          `${policy.file}: valid (${policy.presets.length > 0 ? `extends ${policy.presets.join(', ')}; ` : ''}fail_on ${policy.failOn}; ${Object.keys(policy.rules).length} rule override(s), ${policy.serviceUsers.users.length + policy.serviceUsers.paths.length} service-user pattern(s), ${policy.exemptions.length} exemption(s))\n`,
        );
        for (const w of analyzeWeakening(policy))
          io.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${w.message}\n`);
        return 0;
      }
      case '--version':
      case '-v':
        io.stdout(`${VERSION}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        io.stdout(`${USAGE}\n`);
        return 0;
      default:
        throw new InputError(
          command === undefined ? 'no command given' : `unknown command "${command}"`,
          {},
          'see --help',
        );
    }
  } catch (error) {
    const message = isInputError(error)
      ? error.describe()
      : (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? `${(error as Error).message}\n\n${USAGE}`
        : `unexpected error: ${(error as Error).stack ?? String(error)}`;
    io.stderr(`iam-credential-gate: ${message}\n`);
    if (errorJson) {
      await writeFile(
        errorJson.output,
        errorReportJson(message, { id: errorJson.id, label: errorJson.label }, VERSION),
      ).catch(() => undefined);
    }
    return 2;
  }
}

/** Output to a file (with a verdict line on stderr) or to stdout. */
async function emit(
  chunks: Iterable<string>,
  output: string | undefined,
  verdict: string,
  io: CliIo,
): Promise<void> {
  if (output === undefined) {
    for (const chunk of batched(chunks)) io.stdout(chunk);
    return;
  }
  await writeChunks(chunks, output);
  io.stderr(`iam-credential-gate: ${verdict} written to ${output}\n`);
}

/** `fix`: the verified edit plans as one diff (or written in place); 1 when some are manual. */
async function fixCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      report: { type: 'string' },
      policy: { type: 'string' },
      now: { type: 'string' },
      'fail-on': { type: 'string' },
      'terraform-dir': { type: 'string', multiple: true },
      'terraform-state': { type: 'string' },
      rule: { type: 'string', multiple: true },
      user: { type: 'string', multiple: true },
      write: { type: 'boolean', default: false },
      output: { type: 'string' },
    },
  });
  const { runFix } = await import('../run/fix.js');
  const result = await runFix({
    reportFile: required(values.report, '--report'),
    policyFile: required(values.policy, '--policy'),
    now: values.now === undefined ? io.clock() : isoOption(values.now, '--now'),
    failOn:
      values['fail-on'] === undefined
        ? undefined
        : (oneOf(values['fail-on'], FAIL_ON, '--fail-on') as FailOn),
    failOnSource: '--fail-on',
    terraformDirs: values['terraform-dir'],
    terraformState: values['terraform-state'],
    rules: values.rule,
    users: values.user,
    write: values.write,
  });
  for (const m of result.manual)
    io.stderr(
      `iam-credential-gate: manual: ${m.user} (${m.rule}): ${m.reason}${m.file !== null ? ` — ${m.file}${m.line !== null ? `:${m.line}` : ''}` : ''}\n`,
    );
  const summary = `fix: ${result.fixed.length} verified, ${result.manual.length} manual; ${result.files.length} files ${values.write ? 'written' : 'in the patch'}`;
  if (values.output !== undefined) {
    await writeFile(values.output, result.patch);
    io.stderr(`iam-credential-gate: ${summary}; patch written to ${values.output}\n`);
  } else {
    if (!values.write) io.stdout(result.patch);
    io.stderr(`iam-credential-gate: ${summary}\n`);
  }
  return result.manual.length > 0 ? 1 : 0;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '')
    throw new InputError(`${flag} is required`, {}, 'see --help');
  return value;
}

function oneOf(value: string, allowed: readonly string[], flag: string): string {
  if (!allowed.includes(value))
    throw new InputError(`${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value;
}

function isoOption(value: string, flag: string): number {
  const ms = parseTimeOption(value);
  if (ms === undefined)
    throw new InputError(
      `${flag} "${value}" is not an ISO-8601 date-time with an offset`,
      {},
      'e.g. 2026-11-22T00:00:00Z',
    );
  return ms;
}
