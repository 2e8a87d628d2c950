import type { ErrorObject } from 'ajv';
import { InputError } from '../errors.js';
import type { GateReportJson } from '../engine/types.js';
import { jsonPath } from '../util/strict-json.js';
import validateReportSchema from './validate-report.generated.js';

/** The report written in place of a real one when the run failed on input. */
export interface ErrorReport {
  schemaVersion: 1;
  tool: { name: string; version: string };
  account: { id: string | null; label: string | null };
  passed: false;
  error: { message: string };
}

/**
 * Checks a parsed report against schema/report.schema.json (ajv standalone code, compiled by
 * `npm run schema`); the first error names its JSON path.
 */
export function validateReport(data: unknown, file: string): GateReportJson | ErrorReport {
  if (validateReportSchema(data)) return data as GateReportJson | ErrorReport;
  const error = (validateReportSchema.errors ?? [])[0] as ErrorObject;
  throw new InputError(
    `${describeError(error, data)} (schema/report.schema.json)`,
    { file, path: pointerToPath(error.instancePath) },
    'merge the JSON reports the gate wrote, unedited',
  );
}

/** `/findings/3/severity` → `$.findings[3].severity`. */
function pointerToPath(pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
  return jsonPath(segments);
}

/** The value at a JSON pointer, for the message. */
function valueAt(data: unknown, pointer: string): unknown {
  let value = data;
  for (const s of pointer.split('/').slice(1))
    value = (value as Record<string, unknown> | undefined)?.[
      s.replaceAll('~1', '/').replaceAll('~0', '~')
    ];
  return value;
}

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

function describeError(error: ErrorObject, data: unknown): string {
  const p = error.params as Record<string, unknown>;
  const value = valueAt(data, error.instancePath);
  switch (error.keyword) {
    case 'required':
      return `the property ${JSON.stringify(p.missingProperty)} is missing`;
    case 'additionalProperties':
      return `has a property ${JSON.stringify(p.additionalProperty)} that a report of this tool does not have`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, not ${shown(value)}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}, not ${shown(value)}`;
    case 'type':
      return `must be ${String(p.type)}, not ${shown(value)}`;
    default:
      return `${error.message ?? 'is not valid'}, not ${shown(value)}`;
  }
}
