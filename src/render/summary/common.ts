import type { Finding, TerraformLocation } from '../../engine/types.js';
import type { Severity } from '../../rules/types.js';
import { ROOT_USER } from '../../report/types.js';
import { ruleDocUrl } from '../../rules/docs-url.js';
import { RULES_BY_ID } from '../../rules/index.js';
import { code, escapeText, inlineText, link } from '../escape.js';
import { LINE_ENDINGS } from '../../util/code-span.js';

/** What every Markdown surface of one report is given (all of it data: the render stays pure). */
export interface MarkdownOptions {
  /** Size at most, as `measure` counts (GitHub: 65,536 characters for a comment, 1 MiB for a job summary). */
  maxLength?: number;
  /** How size is counted: characters by default; bytes for the job summary. */
  measure?: (text: string) => number;
  /** Goes first (the sticky comment's hidden marker); counted in the size. */
  header?: string;
  /** Turns `file:line` into a link, e.g. to the blob at the commit. */
  linkFile?: (file: string, line: number) => string | undefined;
  /** Shown at the end, e.g. a link to the workflow run. */
  footer?: string;
  /** A heading suffix telling several gates apart in one PR (the sticky comment's header). */
  title?: string;
  /** Where what does not fit is to be read (default: "the JSON report"). */
  elsewhere?: string;
  /**
   * Where what does not fit is to be read, as links (the job summary, the JSON artifact of the
   * run): named in the "not shown" note. Without them, {@link elsewhere} is named.
   */
  elsewhereLinks?: { label: string; href: string }[];
}

export const ICON: Record<Severity, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
};

/** The plural ending for a count. */
export const s = (n: number): string => (n === 1 ? '' : 's');

/** A count with thousands separators (deterministic: no locale). */
export const num = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Items grouped by a key, in the order the keys first appear. */
export function groupBy<T, K>(items: readonly T[], key: (t: T) => K): [K, T[]][] {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups];
}

export function fileLink(
  file: string | null,
  line: number | null,
  options: MarkdownOptions,
): string {
  if (file === null) return 'the state only';
  if (line === null) return code(file);
  const href = options.linkFile?.(file, line);
  const label = code(`${file}:${line}`);
  return href ? link(label, href) : label;
}

/**
 * A rule id as a link to its documentation: a reference link for a rule of the registry (its
 * URL written once, by {@link ruleLinkDefinitions}), else an inline link.
 */
export const ruleLink = (rule: string): string =>
  RULES_BY_ID.has(rule) ? `[${code(rule)}][${rule}]` : link(code(rule), ruleDocUrl(rule));

/** The definitions of the reference links {@link ruleLink} wrote in `text` (each URL once). */
export function ruleLinkDefinitions(text: string): string {
  const ids = [...RULES_BY_ID.keys()].filter((id) => text.includes(`][${id}]`)).sort();
  return ids.length === 0 ? '' : `${ids.map((id) => `[${id}]: ${ruleDocUrl(id)}`).join('\n')}\n\n`;
}

/** The most room {@link ruleLinkDefinitions} takes (every rule of the registry). */
export const RULE_DEFINITIONS_MAX = [...RULES_BY_ID.keys()].reduce(
  (n, id) => n + `[${id}]: ${ruleDocUrl(id)}\n`.length,
  2,
);

const CREDENTIAL_NAMES: Record<string, string> = {
  password: 'password',
  mfa: 'MFA',
  access_key_1: 'access key 1',
  access_key_2: 'access key 2',
  cert_1: 'certificate 1',
  cert_2: 'certificate 2',
  user: 'user',
  report: 'report',
};
export const credentialName = (c: string): string =>
  Object.hasOwn(CREDENTIAL_NAMES, c) ? (CREDENTIAL_NAMES[c] as string) : escapeText(String(c));

/** A severity with its icon; anything else (from a forged artifact) escaped, without one. */
export const severityCell = (severity: string): string =>
  Object.hasOwn(ICON, severity)
    ? `${ICON[severity as Severity]} ${severity}`
    : escapeText(String(severity));

/** A user as the surfaces name it: a code span, the root user and the report said so. */
export function userName(f: Pick<Finding, 'user' | 'serviceUser'>, long = false): string {
  if (f.user === null) return 'the credential report';
  const note =
    f.user === ROOT_USER ? ' (the root user)' : long && f.serviceUser ? ' (service user)' : '';
  return `${code(f.user)}${note}`;
}

export function collapsed(summary: string, body: string[]): string[] {
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

/**
 * Every file a location of the report names, by the name a code span shows (line endings as
 * spaces): the spans of fix texts naming one of them become links to it.
 */
export function knownFiles(findings: readonly Finding[]): Map<string, string> {
  const files = new Map<string, string>();
  const add = (file: string | null | undefined) => {
    if (file) files.set(file.replace(LINE_ENDINGS, ' '), file);
  };
  for (const f of findings)
    for (const t of f.terraform) {
      add(t.file);
      add(t.block.file);
      add(t.lifecycle?.file);
      for (const r of t.related) add(r.file);
      for (const e of t.fix?.edits ?? []) add(e.file);
      add(t.fix?.place?.file);
    }
  return files;
}

/** For `inlineText`: a code span that is `file:line` of a known file, as a link. */
export function fileSpans(
  files: ReadonlyMap<string, string>,
  options: MarkdownOptions,
): (content: string) => string | undefined {
  return (content) => {
    const m = /^(.+):([1-9]\d*)$/.exec(content);
    const file = m ? files.get(m[1] as string) : undefined;
    if (file === undefined || !options.linkFile) return undefined;
    return fileLink(file, Number(m?.[2]), options);
  };
}

/**
 * Where a located finding is fixed: the verified edit's first line, the manual step's place,
 * else where the user is defined (its block, or its element of a for_each or count).
 */
export function fixPlace(t: TerraformLocation, options: MarkdownOptions): string {
  const fix = t.fix;
  const first = fix?.edits[0];
  if (fix?.status === 'verified' && first) return fileLink(first.file, first.firstLine, options);
  if (fix?.status === 'manual') {
    const place = fix.place ?? { file: t.block.file ?? t.file, line: t.block.line ?? t.line };
    return `manual: ${inlineText(fix.reason ?? 'no verified edit')} — ${fileLink(place.file, place.line, options)}`;
  }
  // no plan: the block to delete, or for an element of a for_each / count, the element
  const own = t.kind === 'resource' || t.kind === 'module';
  return own && t.block.file !== null
    ? fileLink(t.block.file, t.block.line, options)
    : fileLink(t.file, t.line, options);
}
