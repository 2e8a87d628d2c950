import { InputError } from '../errors.js';
import { mergeReports, parseExpectedAccounts, type ReportFile } from '../merge/merge.js';
import type { MergedReport } from '../merge/types.js';
import { readInputFile } from '../util/files.js';
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
  const inputs: ReportFile[] = await Promise.all(
    files.map(async (file) => {
      const bytes = await readInputFile(file, 'JSON report', 1024 * MIB);
      try {
        return { file, data: JSON.parse(bytes.toString('utf8')) as unknown };
      } catch (error) {
        throw new InputError(`not valid JSON: ${(error as Error).message}`, { file });
      }
    }),
  );
  const expectAccounts =
    expectAccountsFile === undefined
      ? undefined
      : parseExpectedAccounts(
          (await readInputFile(expectAccountsFile, 'account list', 16 * MIB)).toString('utf8'),
          expectAccountsFile,
        );
  return mergeReports(inputs, { ...(expectAccounts && { expectAccounts }), toolVersion: VERSION });
}
