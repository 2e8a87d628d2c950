import type { GateReport } from '../engine/types.js';
import { renderMarkdown, type MarkdownOptions } from './markdown.js';
import { renderSarif } from './sarif.js';
import { chunksWithFindings, jsonChunks } from './stream.js';
import { renderMergedMarkdown, renderMergedSarif } from './merged.js';
import type { MergedReport } from '../merge/types.js';

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

/** A merged report in pieces: its JSON is streamed finding by finding. */
export function renderMergedChunks(
  report: MergedReport,
  format: Format,
  options: MarkdownOptions = {},
): Iterable<string> {
  return format === 'json'
    ? chunksWithFindings(report, report.findings)
    : [renderMerged(report, format, options)];
}

/** A merged (many-account) report in a format. */
export function renderMerged(
  report: MergedReport,
  format: Format,
  options: MarkdownOptions = {},
): string {
  switch (format) {
    case 'json':
      return [...chunksWithFindings(report, report.findings)].join('');
    case 'sarif':
      return `${JSON.stringify(renderMergedSarif(report), null, 2)}\n`;
    case 'markdown':
      return renderMergedMarkdown(report, options);
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
