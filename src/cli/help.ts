/** The help of each command (`<command> --help`), and the overview (`--help`). */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  check: `Usage: iam-credential-gate check --report <csv|json> --policy <file> [options]

Evaluates a credential report against a policy. Exit 0 passed, 1 the gate failed, 2 input error.

Inputs:
  --report <file>               the credential report: CSV, or the JSON of aws iam get-credential-report
  --policy <file>               the policy (YAML or JSON)
  --terraform-dir [<id>=]<dir>  a directory to scan for the users' Terraform (repeatable); 123456789012=dir
                                binds it to that account
  --terraform-state <json>      terraform show -json output (authoritative addresses)
  --report-generated-at <time>  when AWS generated the report (default: the JSON's GeneratedTime,
                                else <report>.meta.json, else unknown)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --fail-on <severity>          critical|high|medium|low|never: overrides the policy's fail_on
  --account-label <label>       a label for the account in every output
  --account-id <12 digits>      the account the report must be of
  --base-policy <file>          list what the policy changes since this one
  --cache-dir <dir>             keep parsed Terraform across runs (a cache keyed by file content)

Several accounts in one job (each report fetched through a role; one JSON report per account):
  --accounts <ids|file>         account ids (comma-separated), or a file of them / list-accounts JSON
  --role-arn-template <arn>     the role to assume in each, e.g. arn:aws:iam::{account}:role/gate
  --role-session-name <name>    (default iam-credential-gate)
  --output-dir <dir>            where <account id>.json goes (an error report for an account that fails)
  --account-concurrency <n>     accounts checked at once (default 8, at most 64)
  --account-timeout-seconds <n> bound on each account, role and fetch (default 300)

Outputs:
  --format text|markdown|json|sarif
                                what goes to stdout (or --output): default text on a terminal,
                                markdown otherwise
  --output <file>               write that format to a file instead of stdout
  --json-file <file>            also write the JSON report (an error report on input errors)
  --sarif-file <file>           also write SARIF 2.1.0 (an unsuccessful-analysis log on input errors)
  --markdown-file <file>        also write the Markdown summary
  --sarif-include-exempted      exempted findings as suppressed SARIF results (default: left out)
  --quiet, -q                   print only the verdict line (and errors); files are still written
  --help, -h                    this help

Text is coloured only on a terminal, and never when NO_COLOR is set.`,
  fix: `Usage: iam-credential-gate fix --report <csv|json> --policy <file> --terraform-dir <dir>... [options]

Prints the verified edit plans of the failing findings as one unified diff (paths relative to the
working directory, for git apply), or applies them with --write. Exit 0 every selected finding had
a verified plan (an empty diff when there is nothing to fix), 1 some are manual (listed on stderr
with file:line and why; the diff holds the verified ones), 2 input error.

  --report <file>               the credential report: CSV, or the JSON of aws iam get-credential-report
  --policy <file>               the policy (YAML or JSON)
  --terraform-dir [<id>=]<dir>  a directory to scan (repeatable; 123456789012=dir binds it to that account)
  --terraform-state <json>      terraform show -json output (authoritative addresses)
  --cache-dir <dir>             keep parsed Terraform across runs (a cache keyed by file content)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --fail-on <severity>          critical|high|medium|low|never: overrides the policy's fail_on
  --rule <id>                   the rules whose findings to fix (repeatable; default unused-user)
  --user <glob>                 only these users (repeatable)
  --write                       apply the edits in place (plans that fit only after others are
                                planned again on the result, a round at a time)
  --output <file>               write the patch to a file instead of stdout
  --help, -h                    this help`,
  merge: `Usage: iam-credential-gate merge <report.json>... [options]

Merges per-account JSON reports into one verdict. Exit 0 passed, 1 an account failed, is stale,
errored or missing, 2 input error.

  --expect-accounts <file>      the accounts that must have a report (one id per line, # comments,
                                or the JSON list-accounts prints)
  --fail-on <severity>          critical|high|medium|low|never (default high)
  --max-report-age-hours <n>    a report evaluated longer ago makes its account stale (default 48)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --format markdown|json|sarif  (default markdown)
  --output <file>               write to a file instead of stdout
  --help, -h                    this help`,
  'list-accounts': `Usage: iam-credential-gate list-accounts [options]

Lists the accounts of the AWS Organization (ListAccounts; needs the management account or a
delegated administrator) as JSON, for --expect-accounts and matrix jobs.

  --output <file>               write to a file instead of stdout
  --include-inactive            also accounts that are suspended or being closed
  --batches <n>                 print a GitHub matrix of n batches (at most 256 jobs)
  --batch-size <k>              or: batches of k accounts (raised if it needs more than 256 jobs)
  --from <file>                 batch this list of accounts instead of asking Organizations
  --help, -h                    this help`,
  fetch: `Usage: iam-credential-gate fetch --output <csv> [options]

Generates and downloads the credential report with the AWS SDK's default credentials, and
records its generation time in <csv>.meta.json.

  --output <csv>                where to write the report (required)
  --max-wait-seconds <n>        bound on the whole fetch, retries included (default 120)
  --help, -h                    this help`,
  'validate-policy': `Usage: iam-credential-gate validate-policy <file>

Checks a policy file and says what it weakens. Exit 0 valid, 2 invalid (every error listed).

  --help, -h                    this help`,
  presets: `Usage: iam-credential-gate presets

Lists the baselines a policy can extend (extends: <name>).

  --help, -h                    this help`,
};

/** The help of `command` when `args` asks for it (`--help` or `-h`), else undefined. */
export function helpRequested(
  command: string | undefined,
  args: readonly string[],
): string | undefined {
  if (command === undefined || !Object.hasOwn(COMMAND_HELP, command)) return undefined;
  // an option's value may be "-h" (a file so named): only a flag before `--` counts
  const end = args.indexOf('--');
  const flags = end === -1 ? args : args.slice(0, end);
  return flags.includes('--help') || flags.includes('-h') ? COMMAND_HELP[command] : undefined;
}
