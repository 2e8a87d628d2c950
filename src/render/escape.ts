import { codeSpan, LINE_ENDINGS } from '../util/code-span.js';

/*
 * The one escaping layer: every value from a report, a policy, Terraform or a merged artifact
 * reaches Markdown (job summary, PR comment, merged report) through one of these functions, and
 * plain-text outputs (annotations, SARIF) through `plainText` / `sarifText`.
 *
 * GitHub renders Markdown with cmark-gfm, then links `@name` mentions and `#123` references in
 * the text nodes it produced (outside code and links); a backslash (`\@`) is gone by then and
 * does not stop them (nor cmark-gfm's e-mail autolinks). A word joiner (U+2060, invisible)
 * after `@` and `#` does: the name or number no longer follows the sign.
 */

const JOINER = '\u2060';
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text from a report or policy, made inert for GitHub Markdown: no HTML, no emphasis, no links
 * or autolinks (`:`, `.` are escaped, `@` and `#` joined), no mentions, no math, no table
 * breaks, no new lines, no list or heading at the start of a line.
 */
export const escapeText = (text: string): string => inert(text, TEXT_SPECIALS);

/** Like {@link escapeText}, but keeps the dots of the product's prose: only `www.` is broken up. */
const escapeProse = (text: string): string => inert(text, PROSE_SPECIALS);

const TEXT_SPECIALS = /[&<>\\`*_[\]|~:$@#.]|GH-(?=\d)/gi;
const PROSE_SPECIALS = /[&<>\\`*_[\]|~:$@#]|www\.|GH-(?=\d)/gi;

function inert(text: string, specials: RegExp): string {
  return flatten(text)
    .replace(/[ \t]+/g, ' ')
    .replace(specials, escapeOne)
    .replace(/^( ?)([-+=]|\d+(?=[.)]))/, (_, space: string, m: string) =>
      /\d/.test(m) ? `${space}${m}\\` : `${space}\\${m}`,
    );
}

function escapeOne(c: string): string {
  if (c.length > 1)
    return c.toLowerCase() === 'www.' ? `${c.slice(0, 3)}\\.` : `${c.slice(0, 2)}${JOINER}-`;
  if (c === '@' || c === '#') return `${c}${JOINER}`;
  return ENTITY[c] ?? `\\${c}`;
}

/**
 * The product's own sentences, whose names, addresses and files are code spans (see
 * `codeSpan`): each span, found by CommonMark's rule (a backtick run closes only at the next run
 * of the same length), is rendered again by {@link code} (or by `span`, which may make a known
 * `file:line` a link: it returns Markdown made safe, or `undefined`); everything else is
 * escaped as prose.
 */
export function inlineText(text: string, span?: (content: string) => string | undefined): string {
  const flat = flatten(text);
  const runs = [...flat.matchAll(/`+/g)].map((m) => ({ at: m.index, length: m[0].length }));
  // For each run, the next run of the same length (the one that would close it).
  const closer: number[] = [];
  const last = new Map<number, number>();
  for (let i = runs.length - 1; i >= 0; i--) {
    const length = (runs[i] as (typeof runs)[number]).length;
    closer[i] = last.get(length) ?? -1;
    last.set(length, i);
  }
  let out = '';
  let from = 0;
  for (let i = 0; i < runs.length; i++) {
    const close = closer[i] as number;
    if (close < 0) continue; // no closer: literal backticks, escaped with the text around them
    const open = runs[i] as (typeof runs)[number];
    const end = runs[close] as (typeof runs)[number];
    out += escapeProse(flat.slice(from, open.at));
    const content = spanContent(flat.slice(open.at + open.length, end.at));
    out += span?.(content) ?? code(content);
    from = end.at + end.length;
    i = close;
  }
  return out + escapeProse(flat.slice(from));
}

/** A code span's content as CommonMark reads it: one space stripped from each side when both have one. */
const spanContent = (raw: string): string =>
  raw.length >= 2 && raw.startsWith(' ') && raw.endsWith(' ') && raw.trim() !== ''
    ? raw.slice(1, -1)
    : raw;

/**
 * An identifier (user name, rule id, address, file) as inline code, safe anywhere: a code span
 * whose fence no backtick run in the value can close (see `codeSpan`). A value holding a `|`
 * (which a table row would split on, even inside code, and which `\|` protects differently in
 * cmark-gfm and other parsers) or `<!--` (the start of our comment marker, found in the raw
 * body) is written as `<code>` with its punctuation as character references, which renders the
 * same (but for a word joiner after `@`: cmark-gfm links e-mail addresses in raw `<code>`).
 */
export function code(text: string): string {
  const flat = flatten(text);
  if (/\||<!--/.test(flat))
    return `<code>${flat.replace(/[!-/:-@[-`{-~]/g, (c) => `&#${c.charCodeAt(0)};${c === '@' ? JOINER : ''}`)}</code>`;
  return codeSpan(flat);
}

/** A fenced code block (an error message, say): a fence longer than any backtick run in it. */
export function codeBlock(text: string): string {
  const body = text.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(/<!--/g, `<${JOINER}!--`);
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}\n${body}\n${fence}`;
}

/** A count from a report: a finite number as it is, anything else (a forged artifact) as `?`. */
export const count = (n: unknown): string =>
  typeof n === 'number' && Number.isFinite(n) ? String(n) : '?';

/**
 * A Markdown link: `label` is Markdown already made safe (by {@link code} or
 * {@link escapeText}); the target is percent-encoded outside the characters a URL needs, so no
 * `)`, space, `<`, `>`, backtick, bracket or pipe can end it or the table cell around it.
 */
export const link = (label: string, target: string): string =>
  `[${label}](${percentEncode(target, /[A-Za-z0-9\-._~/:?#=%+,;!$*'@]/)})`;

/** A file path as the path of a URL: each segment percent-encoded, `/` kept. */
export const urlPath = (path: string): string =>
  path
    .split('/')
    .map((segment) => percentEncode(segment, /[A-Za-z0-9\-._~]/))
    .join('/');

function percentEncode(text: string, keep: RegExp): string {
  let out = '';
  for (const c of text) {
    if (keep.test(c)) out += c;
    else
      for (const byte of new TextEncoder().encode(c))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Text for a plain-text output (annotation, log): one line, no control characters. */
export const plainText = (text: string): string => flatten(text);

/**
 * A SARIF `message.text`: plain text, but a viewer reads `[text](target)` in it as an embedded
 * link (SARIF 2.1.0 §3.11.6), so brackets are escaped with a backslash as the format asks.
 */
export const sarifText = (text: string): string =>
  plainText(text)
    .replace(/\\(?=[[\]])/g, '\\\\')
    .replace(/[[\]]/g, '\\$&');

/**
 * Unicode's direction controls (a file named `\u202efr.sresu.tf` shows as `users.rf`, a reason
 * "approved by \u202eytiruces" as "approved by security"): shown as what they are.
 */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const shownBidi = (c: string): string =>
  `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`;

const flatten = (text: string): string => text.replace(LINE_ENDINGS, ' ').replace(BIDI, shownBidi);
