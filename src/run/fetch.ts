import { writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import {
  createIamClient,
  fetchCredentialReport,
  iamEndpoint,
  type FetchedReport,
} from '../aws/credential-report.js';
import { attemptTimeoutMs } from '../aws/bounded.js';
import { CLOCK_SKEW_MS } from '../report/time-order.js';
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
  /** For messages: the input that set `maxWaitMs` (default max-wait-seconds). */
  bound?: { name: string; hint: string };
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
      ...(options.bound && { bound: options.bound }),
      ...(options.log && { log: options.log }),
    });
  } finally {
    // Closes the sockets, a hung one included, so that the process can end.
    client.destroy();
  }
  // Real IAM generates a report after everything in it. An endpoint whose GeneratedTime is
  // before the report's own dates (moto_server dates every report 2015) does not know when it
  // made it: the latest date in the report is the earliest it can have been made, and the age
  // taken from it is never less than the real one (report-stale errs towards firing).
  const latest = latestDateIn(fetched.content.toString('utf8'));
  const endpointGeneratedAt =
    latest !== undefined && latest > fetched.generatedAt.getTime() + CLOCK_SKEW_MS
      ? fetched.generatedAt
      : undefined;
  if (endpointGeneratedAt && latest !== undefined) {
    fetched = { ...fetched, generatedAt: new Date(latest) };
    options.log?.(
      `the endpoint dated the report ${endpointGeneratedAt.toISOString()}, before its own dates: its generation time is taken to be the latest of them, ${fetched.generatedAt.toISOString()}`,
    );
  }
  try {
    await writeFile(options.output, fetched.content);
    await writeReportMeta(options.output, {
      generatedAt: fetched.generatedAt,
      endpointGeneratedAt,
      fetchedAt: new Date(options.clock?.() ?? Date.now()),
      endpoint,
    });
  } catch (error) {
    throw new InputError(`cannot write the report: ${reason(error)}`, { file: options.output });
  }
  return fetched;
}

/** The latest ISO-8601 timestamp in a credential report's text (epoch ms), if any. */
export function latestDateIn(csv: string): number | undefined {
  let latest: number | undefined;
  for (const m of csv.matchAll(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)/g)) {
    const t = Date.parse(m[0]);
    if (Number.isFinite(t) && (latest === undefined || t > latest)) latest = t;
  }
  return latest;
}
