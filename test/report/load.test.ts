import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadCredentialReport } from '../../src/report/load.js';
import { runCheck } from '../../src/run/check.js';

const CSV = readFileSync('examples/credential-report.csv');
const AWS_CLI_JSON = 'examples/credential-report.aws-cli.json';
const NOW = Date.parse('2026-11-22T00:00:00Z');
/** What `aws iam get-credential-report` prints (AWS CLI v2: four-space indent, one-line base64). */
const awsCliJson = (csv: Buffer, extra: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify(
      {
        Content: csv.toString('base64'),
        ReportFormat: 'text/csv',
        GeneratedTime: '2026-11-21T08:00:00+00:00',
        ...extra,
      },
      null,
      4,
    ),
  );
const inputError = (run: () => unknown): InputError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('no error thrown');
};
const tmp = mkdtempSync(join(tmpdir(), 'load-'));

describe('loadCredentialReport', () => {
  it('passes a CSV through untouched, with no generation time of its own', () => {
    const loaded = loadCredentialReport(CSV, 'r.csv');
    expect(loaded.csv).toBe(CSV);
    expect(loaded.csvFile).toBe('r.csv');
    expect(loaded.generatedAt).toBeUndefined();
  });

  it('decodes the Content of the AWS CLI JSON and takes its GeneratedTime', () => {
    const loaded = loadCredentialReport(readFileSync(AWS_CLI_JSON), 'report.json');
    expect(loaded.csv.equals(CSV)).toBe(true);
    expect(loaded.generatedAt).toBe(Date.parse('2026-11-21T08:00:00Z'));
    expect(loaded.csvFile).toBe('report.json (decoded "Content")');
  });

  it('round-trips any bytes through Content, base64 wrapped or not (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (bytes, wrap) => {
        const b64 = Buffer.from(bytes).toString('base64');
        const content = wrap ? b64.replace(/.{1,76}/g, '$&\n') : b64;
        const loaded = loadCredentialReport(
          Buffer.from(JSON.stringify({ Content: content })),
          'r.json',
        );
        expect(Buffer.compare(loaded.csv, Buffer.from(bytes))).toBe(0);
        expect(loaded.generatedAt).toBeUndefined();
      }),
    );
  });

  it.each([
    ['{"ReportFormat": "text/csv"}', 'Content', /without a "Content" string/],
    ['[1, 2]', 'Content', /without a "Content" string/],
    ['{"Content": "dXNlcg=", "ReportFormat": "text/csv"}', 'Content', /not base64/],
    ['{"Content": "dXNl*g==", "ReportFormat": "text/csv"}', 'Content', /not base64/],
    ['{"Content": "dXNlcg==", "ReportFormat": "text/xml"}', 'ReportFormat', /"text\/xml"/],
    ['{"Content": "dXNlcg==", "GeneratedTime": "yesterday"}', 'GeneratedTime', /"yesterday"/],
    ['{"Content": "dXNlcg==", "GeneratedTime": 1764576000}', 'GeneratedTime', /1764576000/],
  ])('refuses %s, naming %s', (text, path, message) => {
    const error = inputError(() => loadCredentialReport(Buffer.from(text), 'r.json'));
    expect(error.place).toEqual({ file: 'r.json', path });
    expect(error.message).toMatch(message);
  });

  it.each([
    ['Content', '{"Content": "dXNlcg==", "ReportFormat": "text/csv",\n "Content": "YWxpY2U="}', 2],
    [
      'GeneratedTime',
      '{"Content": "dXNlcg==",\n  "GeneratedTime": "2026-11-10T00:00:00Z",\n  "GeneratedTime": "2026-11-21T00:00:00Z"}',
      3,
    ],
  ])(
    'refuses a response with %s written twice (JSON.parse would keep the last)',
    (key, text, line) => {
      const error = inputError(() => loadCredentialReport(Buffer.from(text), 'r.json'));
      expect(error.message).toMatch(`the key "${key}" appears twice`);
      expect(error.place).toMatchObject({ file: 'r.json', line, path: `$.${key}` });
    },
  );

  it('refuses JSON that does not parse, naming the file', () => {
    const error = inputError(() => loadCredentialReport(Buffer.from('{"Content": '), 'r.json'));
    expect(error.place.file).toBe('r.json');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('tells how to decode a file that is the base64 of a CSV (--query Content --output text)', () => {
    for (const text of [
      CSV.toString('base64'),
      `${CSV.toString('base64').replace(/.{76}/g, '$&\n')}\n`,
    ]) {
      const error = inputError(() => loadCredentialReport(Buffer.from(text), 'content.txt'));
      expect(error.message).toMatch(/base64-encoded/);
      expect(error.hint).toContain('base64 -d content.txt > credential-report.csv');
    }
  });

  it('tells what to run instead of the whole response in --output text', () => {
    const text = `${CSV.toString('base64')}\t2026-11-21T08:00:00+00:00\ttext/csv\n`;
    const error = inputError(() => loadCredentialReport(Buffer.from(text), 'report.txt'));
    expect(error.message).toMatch(/--output text/);
    expect(error.hint).toContain('--query Content --output text | base64 -d');
  });

  it('leaves base64 of something else, and other text, to the CSV parser', () => {
    const other = Buffer.from(Buffer.from('not a report at all, at all').toString('base64'));
    expect(loadCredentialReport(other, 'x').csv).toBe(other);
    const words = Buffer.from('SomeLongWordWithoutAnyComma and more\n');
    expect(loadCredentialReport(words, 'x').csv).toBe(words);
  });
});

describe('check on the AWS CLI JSON', () => {
  const policyFile = 'examples/policy.yml';

  it('gives the same verdict as the CSV with its .meta.json, dated by GeneratedTime', async () => {
    const fromCsv = await runCheck({
      reportFile: 'examples/credential-report.csv',
      policyFile,
      now: NOW,
    });
    const fromJson = await runCheck({ reportFile: AWS_CLI_JSON, policyFile, now: NOW });
    expect(fromJson.reportGeneratedAt).toBe('2026-11-21T08:00:00.000Z');
    expect(fromJson.findings).toEqual(fromCsv.findings);
    expect(fromJson.summary).toEqual(fromCsv.summary);
  });

  it('GeneratedTime wins over a sidecar .meta.json; an explicit time wins over both', async () => {
    const reportFile = join(tmp, 'report.json');
    writeFileSync(reportFile, awsCliJson(CSV));
    writeFileSync(`${reportFile}.meta.json`, '{"generatedAt": "2026-01-01T00:00:00Z"}');
    expect((await runCheck({ reportFile, policyFile, now: NOW })).reportGeneratedAt).toBe(
      '2026-11-21T08:00:00.000Z',
    );
    // (after every date in the example: a report is generated after what it records)
    const explicit = Date.parse('2026-11-21T12:00:00Z');
    expect(
      (await runCheck({ reportFile, policyFile, now: NOW, reportGeneratedAt: explicit }))
        .reportGeneratedAt,
    ).toBe('2026-11-21T12:00:00.000Z');
  });

  it('names the JSON file and its decoded Content when the CSV inside is malformed', async () => {
    const reportFile = join(tmp, 'short.json');
    writeFileSync(
      reportFile,
      awsCliJson(Buffer.from('user,arn\nalice,arn:aws:iam::1:user/alice\n')),
    );
    const error = await runCheck({ reportFile, policyFile, now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).describe()).toMatch(
      /^.*short\.json \(decoded "Content"\).*missing/,
    );
  });

  it('the example JSON is the example CSV, encoded as the AWS CLI prints it', () => {
    expect(readFileSync(AWS_CLI_JSON, 'utf8')).toBe(`${awsCliJson(CSV).toString()}\n`);
  });
});
