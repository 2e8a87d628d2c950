const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text from a report or policy, made inert for GitHub Markdown: no HTML, no emphasis, no links
 * (`:`, `.` and `@` are escaped too, which stops GFM's bare-URL, www. and e-mail autolinks), no
 * table breaks, no new lines.
 */
export function escapeText(text: string): string {
  return flatten(text).replace(TEXT_SPECIALS, escapeOne);
}

const TEXT_SPECIALS = /[&<>\\`*_[\]|~:.@]/g;
const PROSE_SPECIALS = /[&<>\\`*_[\]|~:@]|\bwww\./gi;
const escapeOne = (c: string): string =>
  c.length > 1 ? `${c.slice(0, 3)}\\.` : (HTML[c] ?? `\\${c}`);

/**
 * The product's own sentences, which may hold `code spans`: the spans stay code (their content
 * is literal in Markdown), everything else is escaped as {@link escapeText}.
 */
export function inlineText(text: string): string {
  return flatten(text)
    .split(/(`[^`]+`)/)
    .map((part, i) => (i % 2 === 1 ? part.replace(/\|/g, '\\|') : escapeProse(part)))
    .join('');
}

/** Like {@link escapeText}, but keeps the dots of prose: only `www.` is broken up. One pass. */
function escapeProse(text: string): string {
  return text.replace(PROSE_SPECIALS, escapeOne);
}

/** An identifier (user name, rule id, address) as inline code, safe inside a table cell. */
export function code(text: string): string {
  const flat = flatten(text).replace(/\|/g, '\\|');
  const ticks = flat.includes('`') ? '``' : '`';
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

const flatten = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, ' ');
