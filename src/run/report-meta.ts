import { parseStrictJson } from '../util/strict-json.js';
import { readFile, writeFile } from 'node:fs/promises';
import { InputError, isInputError } from '../errors.js';
import { parseIsoDate } from '../report/parse.js';

/**
 * What `fetch` records beside the CSV, in `<csv>.meta.json`: the report's `GeneratedTime`
 * (so that `check` can judge staleness) and when and from where it was fetched. The CSV stays
 * byte-for-byte what AWS served.
 */
export interface ReportMeta {
  generatedAt: number;
  /** Said when the endpoint's own `GeneratedTime` was not used (see `fetchReportToFile`). */
  warning?: string;
}

export const metaFileFor = (csvFile: string): string => `${csvFile}.meta.json`;

export async function readReportMeta(csvFile: string): Promise<ReportMeta | undefined> {
  const file = metaFileFor(csvFile);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`cannot read the report metadata: ${(error as Error).message}`, { file });
  }
  let data: unknown;
  try {
    // strictly: a "generatedAt" written twice must not let the second one decide the age
    data = parseStrictJson(text, file);
  } catch (error) {
    throw new InputError(
      `the report metadata is not valid: ${(error as Error).message}`,
      isInputError(error) ? error.place : { file },
      'delete it or fetch the report again',
    );
  }
  const value = (data as { generatedAt?: unknown } | null)?.generatedAt;
  const generatedAt = typeof value === 'string' ? parseIsoDate(value) : undefined;
  if (generatedAt === undefined)
    throw new InputError('the report metadata has no valid "generatedAt" (ISO-8601)', {
      file,
      path: 'generatedAt',
    });
  const said = (data as { endpointGeneratedAt?: unknown }).endpointGeneratedAt;
  if (typeof said !== 'string') return { generatedAt };
  return {
    generatedAt,
    warning: `The IAM endpoint dated this report ${said}, before dates the report itself holds: its generation time is taken to be the latest of them, ${new Date(generatedAt).toISOString()} (${file}). Real IAM dates a report after everything in it; an endpoint that does not (moto_server dates every report 2015-02-02) cannot tell how old its report is.`,
  };
}

export async function writeReportMeta(
  csvFile: string,
  meta: {
    generatedAt: Date;
    /** The endpoint's `GeneratedTime`, when it was not used (before the report's own dates). */
    endpointGeneratedAt?: Date | undefined;
    fetchedAt: Date;
    endpoint: string | undefined;
  },
): Promise<void> {
  const body = {
    generatedAt: meta.generatedAt.toISOString(),
    ...(meta.endpointGeneratedAt && {
      endpointGeneratedAt: meta.endpointGeneratedAt.toISOString(),
    }),
    fetchedAt: meta.fetchedAt.toISOString(),
    source: 'iam:GetCredentialReport',
    ...(meta.endpoint && { endpoint: meta.endpoint }),
  };
  await writeFile(metaFileFor(csvFile), `${JSON.stringify(body, null, 2)}\n`);
}
