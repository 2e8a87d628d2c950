// What this process has already worked out of a file's text, kept for the rest of the run: its
// outline and its parses (by the ranges parsed), as the parse cache keeps them on disk
// (parse-cache.ts `CacheEntry`). An edit plan's verification scans its root module again with
// a few files changed; every other file's text is the same string, so the scan takes its
// outline and trees from here instead of outlining and parsing it again. Bounded: past the
// bound the memo is emptied and fills again.
import { outline, type OutlineBlock } from './outline.js';
import type { CacheEntry } from './parse-cache.js';

const MAX_CHARS = 32 * 2 ** 20;

const entries = new Map<string, CacheEntry>();
let chars = 0;

/** The entry of a text, when this process has made one. */
export function memoEntry(text: string): CacheEntry | undefined {
  return entries.get(text);
}

export function keepEntry(text: string, entry: CacheEntry): void {
  if (chars + text.length > MAX_CHARS) clearScanMemo();
  entries.set(text, entry);
  chars += text.length;
}

/** The outline of a text (see outline.ts), worked out once per text. */
export function outlineOf(text: string): OutlineBlock[] | undefined {
  let entry = entries.get(text);
  if (!entry) keepEntry(text, (entry = { trees: new Map() }));
  if (entry.outline === undefined) entry.outline = outline(text) ?? null;
  return entry.outline ?? undefined;
}

/** Forgets everything (a test of the parse cache on disk stands for a new process so). */
export function clearScanMemo(): void {
  entries.clear();
  chars = 0;
}
