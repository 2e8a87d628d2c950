// Renders a Markdown file as GitHub would (GFM + GitHub's stylesheet) and screenshots it with
// headless Chromium, to look at what users see: node scripts/preview.mjs in.md out.png [width]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

const [input, output, width = '1000'] = process.argv.slice(2);
if (!input || !output) throw new Error('usage: node scripts/preview.mjs in.md out.png [width]');
const css = readFileSync('node_modules/github-markdown-css/github-markdown-light.css', 'utf8');
// GitHub opens no <details> by default; open them here so the screenshot shows everything.
const body = micromark(readFileSync(input, 'utf8'), {
  extensions: [gfm()],
  htmlExtensions: [gfmHtml()],
  allowDangerousHtml: true,
}).replaceAll('<details>', '<details open>');
const dir = mkdtempSync(join(tmpdir(), 'preview-'));
const html = join(dir, 'page.html');
writeFileSync(
  html,
  `<!doctype html><meta charset="utf-8"><style>${css} body{margin:0;padding:24px;background:#fff} .markdown-body{max-width:${width - 48}px}</style><article class="markdown-body">${body}</article>`,
);
const r = spawnSync(
  'chromium',
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${join(dir, 'profile')}`,
    '--hide-scrollbars',
    `--window-size=${width},${process.env.PREVIEW_HEIGHT ?? 4000}`,
    `--screenshot=${output}`,
    `file://${html}`,
  ],
  { stdio: 'pipe', encoding: 'utf8' },
);
if (r.status !== 0) throw new Error(r.stderr);
console.log(`wrote ${output}`);
