// `node scripts/release-notes.mjs <version> [changelog]`: prints the CHANGELOG.md section of that
// version (`## [1.2.3] - 2026-12-01`), without its heading, for the GitHub release's notes.
// Exits 1 with a message when the section is missing or empty: a release needs its notes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The body of the `## [version]` section, or undefined. */
export function releaseNotes(changelog, version) {
  const lines = changelog.replace(/\r\n/g, '\n').split('\n');
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const heading = new RegExp(`^## \\[?v?${escaped}\\]?(\\s|$)`);
  const start = lines.findIndex((line) => heading.test(line));
  if (start < 0) return undefined;
  let end = lines.findIndex((line, i) => i > start && /^## |^\[[^\]]+\]: /.test(line));
  if (end < 0) end = lines.length;
  const body = lines
    .slice(start + 1, end)
    .join('\n')
    .trim();
  return body === '' ? undefined : `${body}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2);
  if (!version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) {
    console.error('usage: node scripts/release-notes.mjs <X.Y.Z> [CHANGELOG.md]');
    process.exit(2);
  }
  const notes = releaseNotes(readFileSync(file, 'utf8'), version);
  if (notes === undefined) {
    console.error(
      `${file} has no "## [${version}] - <date>" section (or it is empty): move the Unreleased entries under it before tagging`,
    );
    process.exit(1);
  }
  process.stdout.write(notes);
}
