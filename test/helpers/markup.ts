import { spawnSync } from 'node:child_process';
import { toHtml } from './gfm.js';

/** GitHub's own renderer (Debian's `cmark-gfm`), when installed. */
export const HAS_CMARK = spawnSync('cmark-gfm', ['--version']).status === 0;

/** Markdown → HTML with cmark-gfm and GitHub's extensions, raw HTML passed through. */
export function cmarkHtml(markdown: string): string {
  const extensions = ['table', 'autolink', 'strikethrough', 'tagfilter', 'tasklist'];
  const out = spawnSync('cmark-gfm', [...extensions.flatMap((e) => ['-e', e]), '--unsafe'], {
    input: markdown,
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`cmark-gfm failed: ${out.stderr}`);
  return out.stdout;
}

/** Both renderers (micromark + GFM always, cmark-gfm when installed). */
export const renderers: [string, (markdown: string) => string][] = [
  ['micromark', toHtml],
  ...(HAS_CMARK ? [['cmark-gfm', cmarkHtml] as [string, (markdown: string) => string]] : []),
];

/**
 * The element structure of rendered HTML: every tag (and HTML comment) in order, with its
 * attribute names — so a table, row, cell, link, image, `<details>` or raw tag more or less, or
 * in another place, shows.
 */
export function shape(html: string): string[] {
  return [
    ...html.matchAll(/<!--|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g),
  ].map((m) => {
    if (m[0] === '<!--') return '<!--';
    const attributes = [...(m[3] ?? '').matchAll(/([a-zA-Z-]+)\s*=/g)].map((a) => a[1]).sort();
    return `${m[1]}${(m[2] as string).toLowerCase()}${attributes.length ? `[${attributes.join(',')}]` : ''}`;
  });
}

/**
 * What GitHub would link after rendering, in the text outside code, `<pre>` and links: `@name`
 * mentions (also `@org/team`), `#123` and `GH-123` references (GitHub's mention and
 * issue-reference filters work on these text nodes).
 */
export function liveReferences(html: string): string[] {
  const text = html
    .replace(/<pre[\s\S]*?<\/pre>/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<a [\s\S]*?<\/a>/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return [...text.matchAll(/(?:^|[^\w`])@[a-z0-9]|(?:^|[^\w])#\d|\bGH-\d/gi)].map((m) => m[0]);
}
