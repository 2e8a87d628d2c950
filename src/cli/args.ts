import { InputError } from '../errors.js';
import { FAIL_ON, type FailOn } from '../policy/schema.js';
import { parseTimeOption } from '../report/parse.js';

/** A required option's value, or an input error naming it. */
export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '')
    throw new InputError(`${flag} is required`, {}, 'see --help');
  return value;
}

export function oneOf(value: string, allowed: readonly string[], flag: string): string {
  if (!allowed.includes(value))
    throw new InputError(`${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value;
}

export function isoOption(value: string, flag: string): number {
  const ms = parseTimeOption(value);
  if (ms === undefined)
    throw new InputError(
      `${flag} "${value}" is not an ISO-8601 date-time with an offset`,
      {},
      'e.g. 2026-11-22T00:00:00Z',
    );
  return ms;
}

/** `--now`: the evaluation time given, else the clock's. */
export const nowOption = (value: string | undefined, clock: () => number): number =>
  value === undefined ? clock() : isoOption(value, '--now');

/** `--fail-on`, when given: one of the severities or `never`. */
export const failOnOption = (value: string | undefined): FailOn | undefined =>
  value === undefined ? undefined : (oneOf(value, FAIL_ON, '--fail-on') as FailOn);

/** The options `check` and `fix` share: the report, the policy, the time and the Terraform. */
export const CHECK_INPUT_OPTIONS = {
  report: { type: 'string' },
  policy: { type: 'string' },
  now: { type: 'string' },
  'fail-on': { type: 'string' },
  'terraform-dir': { type: 'string', multiple: true },
  'terraform-state': { type: 'string' },
  'cache-dir': { type: 'string' },
} as const;

interface CheckInputValues {
  report?: string | undefined;
  policy?: string | undefined;
  now?: string | undefined;
  'fail-on'?: string | undefined;
  'terraform-dir'?: string[] | undefined;
  'terraform-state'?: string | undefined;
  'cache-dir'?: string | undefined;
}

/** What those options say, as `runCheck` takes it (the options named in its messages). */
export function checkInputOf(values: CheckInputValues, clock: () => number) {
  return {
    reportFile: required(values.report, '--report'),
    policyFile: required(values.policy, '--policy'),
    now: nowOption(values.now, clock),
    failOn: failOnOption(values['fail-on']),
    failOnSource: '--fail-on',
    terraformDirs: values['terraform-dir'],
    terraformDirSource: '--terraform-dir',
    terraformState: values['terraform-state'],
    terraformCacheDir: values['cache-dir'],
  };
}
