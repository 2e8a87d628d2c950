import { InputError } from '../errors.js';
import { mergeReports, parseExpectedAccounts, type ReportFile } from '../merge/merge.js';
import type { MergedReport } from '../merge/types.js';
import { readInputFile, readInputFileSync } from '../util/files.js';
import { VERSION } from '../version.js';

const MIB = 1024 * 1024;

/** `merge`: reads the per-account JSON reports (and the expected accounts) and merges them. */
export async function runMerge(
  files: readonly string[],
  expectAccountsFile?: string,
  keep: 'all' | 'failing' = 'all',
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
    for (const file of files) {
      const text = readInputFileSync(file, 'JSON report', 1024 * MIB);
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        throw new InputError(`not valid JSON: ${(error as Error).message}`, { file });
      }
      yield { file, data };
    }
  }
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
    keep,
  });
}
