import { InputError } from '../errors.js';
import { parseIsoDate } from './parse.js';
import { parseStrictJson } from '../util/strict-json.js';

/** The report's CSV, however it was handed over, and the generation time the file itself records. */
export interface LoadedReport {
  /** The CSV bytes (or text) to parse. */
  csv: Buffer;
  /** The name to give the CSV in messages: the file, or what inside the file holds the CSV. */
  csvFile: string;
  /** `GeneratedTime` of an `aws iam get-credential-report` response, epoch ms. */
  generatedAt: number | undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Takes what `--report` / `report` names apart: the CSV itself (the console download, or what
 * `fetch` writes), or the JSON that `aws iam get-credential-report` prints
 * (`{"Content": "<base64 CSV>", "ReportFormat": "text/csv", "GeneratedTime": "..."}`), whose
 * `Content` is decoded here. A file that is only base64 (the output of
 * `--query Content --output text`) is refused with the command that decodes it.
 */
export function loadCredentialReport(bytes: Buffer, file: string): LoadedReport {
  const head = firstChars(bytes, 64).replace(/^\ufeff/, '');
  if (head.startsWith('{') || head.startsWith('['))
    return fromAwsCliJson(bytes.toString('utf8').replace(/^\ufeff/, ''), file);
  if (/^[A-Za-z0-9+/]{16}/.test(head)) {
    if (/^[A-Za-z0-9+/]+={0,2}\t[^\t]*\ttext\/csv\s*$/.test(firstLine(bytes)))
      throw new InputError(
        'the credential report is `aws iam get-credential-report --output text` output (the base64 CSV, its time and format on one line)',
        { file, line: 1 },
        'save `aws iam get-credential-report --output json` instead and pass that file, or decode the CSV: `aws iam get-credential-report --query Content --output text | base64 -d > credential-report.csv`',
      );
    const sample = bytes.subarray(0, 4096).toString('latin1').replace(/\s+/g, '');
    const decoded = Buffer.from(sample.slice(0, sample.length - (sample.length % 4)), 'base64');
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(sample) && /^(\ufeff)?user,/.test(decoded.toString('utf8')))
      throw new InputError(
        'the credential report is base64-encoded (the `Content` of GetCredentialReport)',
        { file, line: 1 },
        `decode it first: \`base64 -d ${file} > credential-report.csv\`, or pass the JSON that \`aws iam get-credential-report\` prints as it is`,
      );
  }
  return { csv: bytes, csvFile: file, generatedAt: undefined };
}

function fromAwsCliJson(text: string, file: string): LoadedReport {
  let data: unknown;
  try {
    // strictly: `"Content"` (or `"GeneratedTime"`) written twice would keep the last silently
    data = parseStrictJson(text, file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(
      `the credential report is ${error.message.startsWith('not valid JSON') ? '' : 'JSON that `aws iam get-credential-report` does not print: '}${error.message}`,
      error.place,
      'pass the CSV, or the JSON that `aws iam get-credential-report` prints, unchanged',
    );
  }
  const response = (typeof data === 'object' && data !== null ? data : {}) as Record<
    string,
    unknown
  >;
  const { Content: content, ReportFormat: format, GeneratedTime: time } = response;
  if (typeof content !== 'string')
    throw new InputError(
      'the credential report is JSON without a "Content" string: not the output of `aws iam get-credential-report`',
      { file, path: 'Content' },
      'pass the CSV, or the JSON that `aws iam get-credential-report` prints, unchanged',
    );
  if (format !== undefined && format !== 'text/csv')
    throw new InputError(`the report format is ${JSON.stringify(format)}, not "text/csv"`, {
      file,
      path: 'ReportFormat',
    });
  const compact = content.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact))
    throw new InputError('"Content" is not base64', { file, path: 'Content' });
  let generatedAt: number | undefined;
  if (time !== undefined) {
    generatedAt = typeof time === 'string' ? parseIsoDate(time) : undefined;
    if (generatedAt === undefined)
      throw new InputError(
        `"GeneratedTime" is not an ISO-8601 time with an offset: ${JSON.stringify(time)}`,
        { file, path: 'GeneratedTime' },
      );
  }
  return {
    csv: Buffer.from(compact, 'base64'),
    csvFile: `${file} (decoded "Content")`,
    generatedAt,
  };
}

/** The first characters of a file, for sniffing (a UTF-8 BOM kept, leading white space dropped). */
function firstChars(bytes: Buffer, count: number): string {
  return bytes
    .subarray(0, count + 256)
    .toString('utf8')
    .replace(/^[ \t\r\n]+/, '')
    .slice(0, count);
}

const firstLine = (bytes: Buffer): string => {
  const end = bytes.indexOf(0x0a);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('latin1');
};
