import { SCHEMA_VERSION, TOOL_NAME, type GateReport } from '../engine/types.js';
import { renderMarkdown, type MarkdownOptions } from './markdown.js';
import { reportSarifRuns, sarifChunks, type SarifOptions } from './sarif.js';
import { jsonChunks } from './stream.js';
import { mergedJsonChunks } from './merged-json.js';
import { mergedSarifRuns, renderMergedMarkdown } from './merged.js';
import type { MergedReport } from '../merge/types.js';
import type { Format } from './formats.js';

export { FORMATS, type Format } from './formats.js';

/** The output in pieces: JSON is streamed finding by finding; the others are one piece. */
export function renderChunks(
  report: GateReport,
  format: Format,
  options: MarkdownOptions = {},
  sarif: SarifOptions = {},
): Iterable<string> {
  switch (format) {
    case 'json':
      return jsonChunks(report);
    case 'sarif':
      return sarifChunks(report.tool.version, reportSarifRuns(report), sarif);
    case 'markdown':
      return [renderMarkdown(report, options)];
  }
}

export function render(
  report: GateReport,
  format: Format,
  options: MarkdownOptions = {},
  sarif: SarifOptions = {},
): string {
  return [...renderChunks(report, format, options, sarif)].join('');
}

/**
 * A merged report held whole in pieces (its JSON finding by finding). A merge at organization
 * size writes its JSON and SARIF while it reads the reports instead (run/merge.ts).
 */
export function renderMergedChunks(
  report: MergedReport,
  format: Format,
  options: MarkdownOptions = {},
  sarif: SarifOptions = {},
): Iterable<string> {
  switch (format) {
    case 'json':
      return mergedJsonChunks(report);
    case 'sarif':
      return sarifChunks(report.tool.version, mergedSarifRuns(report), sarif);
    case 'markdown':
      return [renderMergedMarkdown(report, options)];
  }
}

/** A merged (many-account) report in a format. */
export function renderMerged(
  report: MergedReport,
  format: Format,
  options: MarkdownOptions = {},
): string {
  return [...renderMergedChunks(report, format, options)].join('');
}

/**
 * The report written in place of a real one when the run failed on input, so that no failure
 * is silent (a merge lists the account as errored).
 */
export function errorReportJson(
  message: string,
  account: { id: string | null; label: string | null },
  version: string,
): string {
  const report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version },
    account,
    passed: false,
    error: { message },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
