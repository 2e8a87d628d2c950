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
): Promise<MergedReport> {
  if (files.length === 0)
    throw new InputError(
      'merge needs at least one JSON report',
      {},
      'iam-credential-gate merge reports/*.json',
    );
  // One after the other, synchronously: hundreds of small files read faster so than as many
  // concurrent promises, and each parsed report is merged before the next is read.
  const inputs: ReportFile[] = files.map((file) => {
    const text = readInputFileSync(file, 'JSON report', 1024 * MIB);
    try {
      return { file, data: JSON.parse(text) as unknown };
    } catch (error) {
      throw new InputError(`not valid JSON: ${(error as Error).message}`, { file });
    }
  });
  const expectAccounts =
    expectAccountsFile === undefined
      ? undefined
      : parseExpectedAccounts(
          (await readInputFile(expectAccountsFile, 'account list', 16 * MIB)).toString('utf8'),
          expectAccountsFile,
        );
  return mergeReports(inputs, { ...(expectAccounts && { expectAccounts }), toolVersion: VERSION });
}
