import { writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import {
  createIamClient,
  fetchCredentialReport,
  iamEndpoint,
  type FetchedReport,
} from '../aws/credential-report.js';
import { attemptTimeoutMs } from '../aws/bounded.js';
import { reason } from '../util/files.js';
import { writeReportMeta } from './report-meta.js';

/** `fetch`: the live report, written byte-for-byte, with its generation time beside it. */
export async function fetchReportToFile(options: {
  output: string;
  maxWaitMs: number;
  log?: (message: string) => void;
  clock?: () => number;
  /** Another account's client settings (an assumed role's credentials), else the default chain. */
  client?: Parameters<typeof createIamClient>[2];
}): Promise<FetchedReport> {
  const endpoint = iamEndpoint();
  const attemptMs = attemptTimeoutMs(options.maxWaitMs);
  const client = createIamClient(process.env, attemptMs, options.client);
  let fetched: FetchedReport;
  try {
    fetched = await fetchCredentialReport({
      client,
      maxWaitMs: options.maxWaitMs,
      endpoint,
      attemptTimeoutMs: attemptMs,
      ...(options.log && { log: options.log }),
    });
  } finally {
    // Closes the sockets, a hung one included, so that the process can end.
    client.destroy();
  }
  try {
    await writeFile(options.output, fetched.content);
    await writeReportMeta(options.output, {
      generatedAt: fetched.generatedAt,
      fetchedAt: new Date(options.clock?.() ?? Date.now()),
      endpoint,
    });
  } catch (error) {
    throw new InputError(`cannot write the report: ${reason(error)}`, { file: options.output });
  }
  return fetched;
}
