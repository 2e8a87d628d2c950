import { InputError } from '../errors.js';
import { TOOL_NAME } from '../engine/types.js';
import {
  DEFAULT_MERGE_FAIL_ON,
  Merger,
  parseExpectedAccounts,
  readReport,
} from '../merge/merge.js';
import { DEFAULT_MAX_REPORT_AGE_HOURS } from '../merge/max-age.js';
import type { MergedReport } from '../merge/types.js';
import type { FailOn } from '../policy/schema.js';
import { mergedFindingLine, mergedJsonHead, mergedJsonTail } from '../render/merged-json.js';
import { accountSarifRun } from '../render/merged.js';
import { SarifRunWriter, type SarifOptions } from '../render/sarif.js';
import { readInputFile, readInputFileSync } from '../util/files.js';
import { VERSION } from '../version.js';
import { OutputFile } from './output-file.js';

const MIB = 1024 * 1024;
/** A report of a hundred thousand users is under 100 MiB; V8 strings stop short of 512 MiB. */
const MAX_REPORT_BYTES = 256 * MIB;

export interface MergeOptions {
  /** The merge's time, epoch ms (report ages are counted from it). */
  now: number;
  expectAccountsFile?: string | undefined;
  failOn?: FailOn | undefined;
  maxReportAgeHours?: number | undefined;
  /**
   * The merged JSON report, written while the reports are read (each account's findings as
   * soon as its report is checked, then the verdict and the accounts): nothing of an account
   * but its totals is kept.
   */
  jsonFile?: string | undefined;
  /** The merged SARIF, one run per account, written the same way. */
  sarifFile?: string | undefined;
  sarif?: SarifOptions | undefined;
  /**
   * What the returned report keeps: `failing` (the default), the failing findings of the worst
   * accounts, within bounds (enough for every Markdown surface); `all`, every finding (for a
   * caller that renders the whole report itself: memory grows with the accounts).
   */
  keep?: 'all' | 'failing';
}

/**
 * `merge`: reads the per-account JSON reports (and the expected accounts) one at a time, writes
 * the merged JSON and SARIF as it goes, and returns the merged report (its findings as `keep`
 * says; every finding counted).
 */
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
  const { expectAccountsFile } = options;
  const expectAccounts =
    expectAccountsFile === undefined
      ? undefined
      : parseExpectedAccounts(
          (await readInputFile(expectAccountsFile, 'account list', 16 * MIB)).toString('utf8'),
          expectAccountsFile,
        );
  const outputs: OutputFile[] = [];
  try {
    const json = options.jsonFile === undefined ? undefined : new OutputFile(options.jsonFile);
    if (json) outputs.push(json);
    const sarifFile =
      options.sarifFile === undefined ? undefined : new OutputFile(options.sarifFile);
    if (sarifFile) outputs.push(sarifFile);
    const sarif =
      sarifFile && new SarifRunWriter(VERSION, options.sarif ?? {}, (c) => sarifFile.write(c));
    const mergedAt = new Date(options.now).toISOString();
    const failOn = options.failOn ?? DEFAULT_MERGE_FAIL_ON;
    const maxReportAgeHours = options.maxReportAgeHours ?? DEFAULT_MAX_REPORT_AGE_HOURS;
    json?.write(
      mergedJsonHead({
        tool: { name: TOOL_NAME, version: VERSION },
        mergedAt,
        failOn,
        maxReportAgeHours,
      }),
    );
    let written = 0;
    const merger = new Merger({
      ...(expectAccounts && { expectAccounts }),
      toolVersion: VERSION,
      now: options.now,
      failOn,
      maxReportAgeHours,
      keep: options.keep ?? 'failing',
      ...((json || sarif) && {
        onAccount: (account, findings, rules) => {
          if (json) for (const f of findings) json.write(mergedFindingLine(f, written++ === 0));
          sarif?.run(accountSarifRun(account, findings, rules));
        },
      }),
    });
    // One after the other, synchronously: hundreds of small files read faster so than as many
    // concurrent promises, and each report is merged (and written out) before the next is read.
    for (const file of files)
      merger.add(readReport(readInputFileSync(file, 'JSON report', MAX_REPORT_BYTES), file));
    const merged = merger.finish();
    json?.write(mergedJsonTail(merged, written > 0));
    sarif?.end();
    for (const o of outputs) o.commit();
    return merged;
  } catch (error) {
    for (const o of outputs) o.abort();
    throw error;
  }
}
