import { parseArgs } from 'node:util';
import { InputError, isInputError } from '../errors.js';
import { analyzeWeakening } from '../policy/weakening.js';
import { readPolicyFile } from '../run/check.js';
import { VERSION } from '../version.js';
import { safeLines } from '../util/workflow-commands.js';
import { required } from './args.js';
import { checkCommand, writeErrorFiles, type ErrorFiles } from './check.js';
import { fixCommand } from './fix.js';
import { helpRequested } from './help.js';
import type { CliIo } from './io.js';
import { LIST_ACCOUNTS_BATCH_OPTIONS, listAccountsCommand } from './accounts.js';

export type { CliIo } from './io.js';

export const USAGE = `Usage:
  iam-credential-gate check --report <csv|json> --policy <file>
                            [--terraform-dir [<account id>=]<dir>]... [--terraform-state <json>]
                            [--report-generated-at <ISO-8601>] [--now <ISO-8601>]
                            [--format text|markdown|json|sarif] [--output <file>]
                            [--json-file <file>] [--sarif-file <file>] [--markdown-file <file>]
                            [--sarif-include-exempted] [--quiet]
                            [--fail-on critical|high|medium|low|never]
                            [--account-label <label>] [--account-id <12 digits>]
                            [--base-policy <file>]   (list what changed since this policy)
                            [--cache-dir <dir>]   (parsed Terraform kept across runs)
  iam-credential-gate check --accounts <ids|file|JSON> --policy <file> --output-dir <dir>
                            --role-arn-template arn:aws:iam::{account}:role/<name>
                            [--role-session-name <name>] [--account-concurrency <n>] (default 8)
                            [--account-timeout-seconds <n>] (default 300) [--terraform-dir ...]
                            (one <account id>.json per account; exit code the worst account's)
  iam-credential-gate fix --report <csv|json> --policy <file> --terraform-dir <dir>...
                            [--terraform-state <json>] [--now <ISO-8601>] [--fail-on <severity>]
                            [--rule <id>]... (default unused-user) [--user <glob>]... [--cache-dir <dir>]
                            [--write] [--output <patch file>]   (a unified diff, for git apply)
  iam-credential-gate merge <report.json>... [--expect-accounts <file>]
                            [--fail-on critical|high|medium|low|never]   (default high)
                            [--max-report-age-hours <n>] (default 48) [--now <ISO-8601>]
                            [--format markdown|json|sarif] [--output <file>]
  iam-credential-gate list-accounts [--output <file>] [--include-inactive] [--from <file>]
                            [--batches <n> | --batch-size <n>]   (prints a GitHub matrix, <= 256 jobs)
  iam-credential-gate fetch --output <csv> [--max-wait-seconds <n>]   (default 120)
  iam-credential-gate validate-policy <file>
  iam-credential-gate presets                (the baselines a policy can extend)
  iam-credential-gate --version
  iam-credential-gate <command> --help       (the options of one command)

Exit codes: 0 passed, 1 the gate failed, 2 usage or input error.`;

/**
 * Whether a command line is a short run (util/tiering.ts): a check of one account, or a fix.
 * A merge and a check of many accounts (`--accounts`) keep V8's default tiering.
 */
export const isShortRun = (argv: readonly string[]): boolean =>
  (argv[0] === 'check' || argv[0] === 'fix') &&
  !argv.some((a) => a === '--accounts' || a.startsWith('--accounts='));

/** Set by the entry point when a reader that stopped early (`| head`) closed stdout. */
export const stdoutState = { closed: false };

const defaultIo: CliIo = {
  stdout: (t) => {
    if (!stdoutState.closed) process.stdout.write(t);
  },
  // In a workflow step the runner reads stderr for commands: AWS text must not start one.
  stderr: (t) => process.stderr.write(safeLines(t)),
  clock: () => Date.now(),
  isTTY: process.stdout.isTTY === true,
  color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  root: process.env.GITHUB_WORKSPACE || undefined,
};

/** Runs the command line; returns the exit code. The one place where errors become exit codes. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  let errorFiles: ErrorFiles | undefined;
  const help = helpRequested(command, rest);
  if (help !== undefined) {
    io.stdout(`${help}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'check':
        return await checkCommand(rest, io, (files) => (errorFiles = files));
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
        const { mergeCommand } = await import('./merge.js');
        return await mergeCommand(rest, io);
      }
      case 'list-accounts': {
        const { values } = parseArgs({
          args: rest,
          strict: true,
          allowPositionals: false,
          options: {
            output: { type: 'string' },
            'include-inactive': { type: 'boolean', default: false },
            ...LIST_ACCOUNTS_BATCH_OPTIONS,
          },
        });
        return await listAccountsCommand(values, io);
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
    if (errorFiles) await writeErrorFiles(message, error, errorFiles, io.root);
    return 2;
  }
}
