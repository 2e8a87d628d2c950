import { InputError } from '../errors.js';
import {
  mergeReports,
  parseExpectedAccounts,
  readReport,
  type ReportFile,
} from '../merge/merge.js';
import type { MergedReport } from '../merge/types.js';
import type { FailOn } from '../policy/schema.js';
import { readInputFile, readInputFileSync } from '../util/files.js';
import { VERSION } from '../version.js';

const MIB = 1024 * 1024;
/** A report of a hundred thousand users is under 100 MiB; V8 strings stop short of 512 MiB. */
const MAX_REPORT_BYTES = 256 * MIB;

export interface MergeOptions {
  /** The merge's time, epoch ms (report ages are counted from it). */
  now: number;
  expectAccountsFile?: string | undefined;
  failOn?: FailOn | undefined;
  maxReportAgeHours?: number | undefined;
  keep?: 'all' | 'failing';
}

/** `merge`: reads the per-account JSON reports (and the expected accounts) and merges them. */
export async function runMerge(
  files: readonly string[],
  options: MergeOptions,
): Promise<MergedReport> {
  if (files.length === 0)
    throw new InputError(
      'merge needs at least one JSON report',
      {},
      'iam-credential-gate merge reports/*.json',
    );
  // One after the other, synchronously: hundreds of small files read faster so than as many
  // concurrent promises, and each parsed report is merged before the next is read.
  function* inputs(): Generator<ReportFile> {
    for (const file of files)
      yield readReport(readInputFileSync(file, 'JSON report', MAX_REPORT_BYTES), file);
  }
  const { expectAccountsFile } = options;
  const expectAccounts =
    expectAccountsFile === undefined
      ? undefined
      : parseExpectedAccounts(
          (await readInputFile(expectAccountsFile, 'account list', 16 * MIB)).toString('utf8'),
          expectAccountsFile,
        );
  return mergeReports(inputs(), {
    ...(expectAccounts && { expectAccounts }),
    toolVersion: VERSION,
    now: options.now,
    ...(options.failOn !== undefined && { failOn: options.failOn }),
    ...(options.maxReportAgeHours !== undefined && {
      maxReportAgeHours: options.maxReportAgeHours,
    }),
    keep: options.keep ?? 'all',
  });
}
