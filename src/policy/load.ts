import { layerRules, PRESETS_BY_NAME, type Preset } from './presets.js';
import type { ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { InputError, InputErrors } from '../errors.js';
import { RULES_BY_ID } from '../rules/index.js';
import { closest } from '../util/suggest.js';
import { buildPolicySchema, NOT_BLANK, type FailOn } from './schema.js';
import type { Exemption, Policy, RuleOverride } from './types.js';

import validatePolicySchema from './validate.generated.js';

const EXPIRY_HINT =
  'write YYYY-MM-DD (meaning the end of that day, UTC) or a full ISO-8601 date-time such as 2027-03-31T12:00:00Z';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** End of an expiry day (UTC), or the instant of a full date-time; `undefined` if invalid. */
export function parseExpiry(value: string): number | undefined {
  const m = DATE_ONLY.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const start = Date.UTC(y, mo - 1, d);
    const check = new Date(start);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
      return undefined;
    return start + 86_400_000 - 1;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(value))
    return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

type Segment = string | number;

interface Located {
  line: number;
  column: number;
}

/** The furthest ahead of the evaluation time an exemption may expire: one year (366 days, a leap year's). */
export const EXEMPTION_MAX_DAYS = 366;

export interface LoadPolicyOptions {
  /**
   * The evaluation time, epoch ms: with it, an exemption expiring more than
   * {@link EXEMPTION_MAX_DAYS} after it is an error (an exemption until 2125 is no exemption,
   * it is a hole). The schema cannot know the time; every adapter passes it.
   */
  now?: number;
}

/** Loads and validates a policy (YAML or JSON). Throws {@link InputError} naming line:column and path. */
export function loadPolicy(text: string, file: string, options: LoadPolicyOptions = {}): Policy {
  const lineCounter = new LineCounter();
  // Duplicate keys are found below in one pass: the library's own check compares each key
  // with every other of its map, minutes for a hostile megabyte of keys.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number): Located => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const errors = [
    ...doc.errors.map((e) => ({ message: e.message.split('\n')[0] ?? '', offset: e.pos[0] })),
    ...duplicateKeys(doc.contents),
  ];
  if (errors.length > 0) {
    throw new InputErrors(
      errors.map(
        (e) =>
          new InputError(`not valid YAML/JSON: ${e.message}`, {
            file,
            ...at(e.offset),
          }),
      ),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new InputError(
      `cannot be read: ${(error as Error).message}`,
      { file },
      'YAML aliases are limited to 100 expansions',
    );
  }
  if (data === null || data === undefined)
    throw new InputError('the policy is empty', { file }, 'start with `version: 1`');
  if (typeof data !== 'object' || Array.isArray(data))
    throw new InputError(
      'the policy must be a mapping of settings (version, fail_on, rules, ...)',
      {
        file,
        line: 1,
      },
    );

  // The schema's validator, compiled ahead of time by `npm run schema` (ajv standalone code).
  const validate = validatePolicySchema;
  if (!validate(data)) {
    const errors = (validate.errors ?? []).filter(
      (e, _i, all) =>
        // the format error already says it all; its companion pattern error is noise
        !(
          e.keyword === 'pattern' &&
          all.some((o) => o.keyword === 'format' && o.instancePath === e.instancePath)
        ),
    );
    throw new InputErrors(errors.map((e) => describeSchemaError(e, data, doc, at, file)));
  }
  return toPolicy(data as RawPolicy, file, doc, at, options.now);
}

interface RawRuleOverride {
  enabled?: boolean;
  severity?: RuleOverride['severity'];
  [threshold: string]: unknown;
}
interface RawPolicy {
  version: 1;
  extends?: string | string[];
  fail_on?: FailOn;
  report?: { max_age_hours?: number };
  rules?: Record<string, RawRuleOverride>;
  service_users?: { users?: string[]; paths?: string[]; rules?: Record<string, RawRuleOverride> };
  root?: { credentials?: 'present' | 'removed' };
  exemptions?: {
    users: string[];
    rules?: string[];
    reason: string;
    expires: string;
    ticket?: string;
  }[];
}

function toOverrides(
  raw: Record<string, RawRuleOverride> | undefined,
): Record<string, RuleOverride> {
  const out: Record<string, RuleOverride> = {};
  for (const [id, settings] of Object.entries(raw ?? {})) {
    const { enabled, severity, ...thresholds } = settings;
    out[id] = {
      ...(enabled !== undefined && { enabled }),
      ...(severity !== undefined && { severity }),
      thresholds: thresholds as Record<string, number>,
    };
  }
  return out;
}

function toPolicy(
  raw: RawPolicy,
  file: string,
  doc: ReturnType<typeof parseDocument>,
  at: (o: number) => Located,
  now: number | undefined,
): Policy {
  const reportMaxAge = raw.report?.max_age_hours;
  const ruleMaxAge = raw.rules?.['report-stale']?.max_age_hours;
  if (reportMaxAge !== undefined && ruleMaxAge !== undefined && reportMaxAge !== ruleMaxAge) {
    const node = doc.getIn(['rules', 'report-stale', 'max_age_hours'], true) as Node | undefined;
    throw new InputError(
      `rules.report-stale.max_age_hours (${String(ruleMaxAge)}) contradicts report.max_age_hours (${reportMaxAge})`,
      { file, ...(node?.range ? at(node.range[0]) : {}), path: 'rules.report-stale.max_age_hours' },
      'set the report age limit once, in report.max_age_hours',
    );
  }
  const exemptions: Exemption[] = (raw.exemptions ?? []).map((e, index) => {
    const node = doc.getIn(['exemptions', index], true) as Node | undefined;
    const expiresAt = parseExpiry(e.expires);
    if (expiresAt === undefined) {
      const value = doc.getIn(['exemptions', index, 'expires'], true) as Node | undefined;
      throw new InputError(
        `"${e.expires}" is not a valid date`,
        { file, ...(value?.range ? at(value.range[0]) : {}), path: `exemptions[${index}].expires` },
        EXPIRY_HINT,
      );
    }
    const ofReport = (e.rules ?? []).findIndex(
      (id) => RULES_BY_ID.get(id)?.meta.scope === 'report',
    );
    if (ofReport >= 0) {
      const value = doc.getIn(['exemptions', index, 'rules', ofReport], true) as Node | undefined;
      throw new InputError(
        `${e.rules?.[ofReport]} is about the report, not a user: no exemption can match it`,
        {
          file,
          ...(value?.range ? at(value.range[0]) : {}),
          path: `exemptions[${index}].rules[${ofReport}]`,
        },
        'set report.max_age_hours, or fetch a newer report',
      );
    }
    if (now !== undefined && expiresAt > now + EXEMPTION_MAX_DAYS * 86_400_000) {
      const value = doc.getIn(['exemptions', index, 'expires'], true) as Node | undefined;
      throw new InputError(
        `expires ${e.expires}, more than ${EXEMPTION_MAX_DAYS} days after the evaluation time ${new Date(now).toISOString().slice(0, 10)}: exemptions are bounded to one year`,
        { file, ...(value?.range ? at(value.range[0]) : {}), path: `exemptions[${index}].expires` },
        'give it a nearer date and renew it when it comes due; fix the finding, or disable the rule openly',
      );
    }
    return {
      index,
      users: e.users,
      rules: e.rules ?? null,
      reason: e.reason,
      expires: e.expires,
      expiresAt,
      ticket: e.ticket ?? null,
      line: node?.range ? at(node.range[0]).line : null,
    };
  });
  const presets = (raw.extends === undefined ? [] : [raw.extends].flat()).map(
    (name) => PRESETS_BY_NAME.get(name) as Preset,
  );
  return {
    file,
    presets: presets.map((p) => p.name),
    failOn: raw.fail_on ?? presets.findLast((p) => p.failOn)?.failOn ?? 'high',
    // report.max_age_hours is the documented home of report-stale's threshold: folded into the
    // rule's overrides here, so the engine knows one way to set a threshold.
    rules: layerRules(
      presets,
      toOverrides(
        reportMaxAge === undefined
          ? raw.rules
          : {
              ...raw.rules,
              'report-stale': { ...raw.rules?.['report-stale'], max_age_hours: reportMaxAge },
            },
      ),
    ),
    serviceUsers: {
      users: raw.service_users?.users ?? [],
      paths: raw.service_users?.paths ?? [],
      rules: toOverrides(raw.service_users?.rules),
    },
    exemptions,
    root: { credentialsRemoved: raw.root?.credentials === 'removed' },
  };
}

/** `/rules/access-key-unused/max_day` → ['rules', 'access-key-unused', 'max_day'] */
function segmentsOf(pointer: string, data: unknown): Segment[] {
  if (pointer === '') return [];
  const out: Segment[] = [];
  let cursor: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const seg: Segment = Array.isArray(cursor) ? Number(key) : key;
    out.push(seg);
    cursor = (cursor as Record<string, unknown> | undefined)?.[seg as string];
  }
  return out;
}

/** `['exemptions', 0, 'expires']` → `exemptions[0].expires` */
export function formatPath(segments: readonly Segment[]): string {
  return (
    segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') ||
    '(top level)'
  );
}

function describeSchemaError(
  error: ErrorObject,
  data: unknown,
  doc: ReturnType<typeof parseDocument>,
  at: (offset: number) => Located,
  file: string,
): InputError {
  const segments = segmentsOf(error.instancePath, data);
  const valueNode = doc.getIn(segments, true) as Node | undefined;
  let offset = valueNode?.range?.[0] ?? 0;
  let pathSegments: Segment[] = segments;
  let message: string;
  let hint: string | undefined;

  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      pathSegments = [...segments, extra];
      if (isMap(valueNode)) {
        const pair = valueNode.items.find(
          (p) => isPair(p) && isScalar(p.key) && p.key.value === extra,
        );
        const keyNode = pair?.key as Node | undefined;
        if (keyNode?.range) offset = keyNode.range[0];
      }
      const allowed = allowedKeys(segments);
      const suggestion = closest(extra, allowed);
      const parent = segments[segments.length - 1];
      const isRuleList =
        parent === 'rules' && (segments.length === 1 || segments[0] === 'service_users');
      if (isRuleList) {
        message = `"${extra}" is not a rule`;
        hint = suggestion
          ? `did you mean "${suggestion}"?`
          : `the rules are: ${allowed.join(', ')}`;
      } else {
        const where =
          segments.length === 0
            ? 'the policy'
            : isRuleSettings(segments)
              ? 'this rule'
              : formatPath(segments);
        message = `"${extra}" is not a setting of ${where}`;
        hint = suggestion
          ? `did you mean "${suggestion}"?`
          : `the settings here are: ${allowed.join(', ') || '(none)'}`;
      }
      break;
    }
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      message = `"${missing}" is required here`;
      if (segments[0] === 'exemptions')
        hint =
          'every exemption needs users, a reason and an expiry date: exemptions never last forever';
      break;
    }
    case 'type':
      message = `must be ${article((error.params as { type: string }).type)}, not ${describeValue(valueNode)}`;
      break;
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const value = isScalar(valueNode) ? String(valueNode.value) : '';
      const suggestion = closest(value, allowed);
      message = `${describeValue(valueNode)} is not allowed; use one of: ${allowed.join(', ')}`;
      if (suggestion) hint = `did you mean "${suggestion}"?`;
      break;
    }
    case 'const':
      message = `must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}, not ${describeValue(valueNode)}`;
      break;
    case 'minimum':
      message = `must be at least ${(error.params as { limit: number }).limit}, not ${describeValue(valueNode)}`;
      break;
    case 'maximum':
      message = `must be at most ${(error.params as { limit: number }).limit}, not ${describeValue(valueNode)}`;
      hint =
        'thresholds are bounded (ten years; report.max_age_hours one year): a larger one is no limit at all — disable the rule instead, and say so';
      break;
    case 'minItems':
    case 'minLength':
      message = 'must not be empty';
      break;
    case 'format':
      message = `${describeValue(valueNode)} is not a valid date`;
      hint =
        'write YYYY-MM-DD (meaning the end of that day, UTC) or a full ISO-8601 date-time such as 2027-03-31T12:00:00Z';
      break;
    case 'pattern':
      if ((error.params as { pattern: string }).pattern === NOT_BLANK) {
        message = 'must not be empty';
        break;
      }
      if (segments[segments.length - 1] === 'expires') {
        message = `${describeValue(valueNode)} is not a valid date`;
        hint = EXPIRY_HINT;
        break;
      }
      message = segments.includes('paths')
        ? `${describeValue(valueNode)} is not an IAM path prefix (it must start with "/", e.g. /service/)`
        : `${describeValue(valueNode)} does not match ${(error.params as { pattern: string }).pattern}`;
      break;
    default:
      message = error.message ?? 'is invalid';
  }
  return new InputError(message, { file, ...at(offset), path: formatPath(pathSegments) }, hint);
}

function isRuleSettings(segments: readonly Segment[]): boolean {
  const n = segments.length;
  return n >= 2 && segments[n - 2] === 'rules' && RULES_BY_ID.has(String(segments[n - 1]));
}

function allowedKeys(segments: readonly Segment[]): string[] {
  if (isRuleSettings(segments)) {
    const rule = RULES_BY_ID.get(String(segments[segments.length - 1]));
    return ['enabled', 'severity', ...Object.keys(rule?.meta.settings ?? {})];
  }
  const schema = buildPolicySchema();
  const key = segments.filter((s) => typeof s === 'string').join('.');
  switch (key) {
    case '':
      return Object.keys(schema.properties).filter((k) => k !== '$schema');
    case 'rules':
    case 'service_users.rules':
      return [...RULES_BY_ID.keys()];
    case 'report':
      return ['max_age_hours'];
    case 'service_users':
      return ['users', 'paths', 'rules'];
    case 'exemptions':
      return ['users', 'rules', 'reason', 'expires', 'ticket'];
    default:
      return [];
  }
}

function article(type: string): string {
  const words: Record<string, string> = {
    integer: 'a whole number',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'a mapping (key: value)',
    array: 'a list',
  };
  return words[type] ?? type;
}

function describeValue(node: Node | undefined): string {
  if (node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'empty' : JSON.stringify(node.value);
  return 'this value';
}

/** Keys given twice in one mapping, anywhere in the document (iteratively: nesting is the input's). */
function duplicateKeys(root: unknown): { message: string; offset: number }[] {
  const found: { message: string; offset: number }[] = [];
  const stack: unknown[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (isSeq(node)) for (const item of node.items) stack.push(item);
    if (!isMap(node)) continue;
    const keys = new Set<unknown>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (keys.has(key))
        found.push({
          message: 'Map keys must be unique',
          offset: (pair.key as Node | null)?.range?.[0] ?? 0,
        });
      keys.add(key);
      stack.push(pair.value);
    }
  }
  return found;
}
