import type { GateReport } from '../engine/types.js';
import { renderMarkdown, type MarkdownOptions } from './markdown.js';
import { renderSarif } from './sarif.js';
import { jsonChunks } from './stream.js';

export const FORMATS = ['markdown', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** The output in pieces: JSON is streamed finding by finding; the others are one piece. */
export function renderChunks(
  report: GateReport,
  format: Format,
  options: MarkdownOptions = {},
): Iterable<string> {
  return format === 'json' ? jsonChunks(report) : [render(report, format, options)];
}

export function render(report: GateReport, format: Format, options: MarkdownOptions = {}): string {
  switch (format) {
    case 'json':
      return [...jsonChunks(report)].join('');
    case 'sarif':
      return `${JSON.stringify(renderSarif(report), null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(report, options);
  }
}

/** The report written in place of a real one when the run failed on input, so no failure is silent. */
export function errorReport(
  message: string,
  account: { id: string | null; label: string | null },
  version: string,
) {
  return {
    schemaVersion: 1,
    tool: { name: 'iam-credential-gate', version },
    account,
    passed: false,
    error: { message },
  };
}
