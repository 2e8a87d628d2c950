// What a process has already worked out of a file's text, kept for the rest of the run: its
// outline and its parsed trees (by the ranges parsed). An edit plan's verification scans its
// root module again with a few files changed; every other file's text is the same string, so
// the scan takes its outline and tree from here instead of outlining and parsing it again.
// Bounded: past the bound the memo is emptied and fills again.
import { outline, type OutlineBlock } from './outline.js';
import type { TreeData } from './syntax.js';

const MAX_CHARS = 64 * 2 ** 20;
const MAX_TREE_BYTES = 64 * 2 ** 20;

const outlines = new Map<string, OutlineBlock[] | null>();
let outlinedChars = 0;

/** The outline of a text (see outline.ts), worked out once per text. */
export function outlineOf(text: string): OutlineBlock[] | undefined {
  let found = outlines.get(text);
  if (found === undefined) {
    found = outline(text) ?? null;
    if (outlinedChars + text.length > MAX_CHARS) {
      outlines.clear();
      outlinedChars = 0;
    }
    outlines.set(text, found);
    outlinedChars += text.length;
  }
  return found ?? undefined;
}

const trees = new Map<string, Map<string, TreeData>>();
let treeBytes = 0;

/**
 * The tree parsed of a text (`part` names the ranges parsed, empty: whole), when this process
 * has parsed it. Trees are read, never changed, by their users.
 */
export function memoTree(text: string, part: string): TreeData | undefined {
  return trees.get(text)?.get(part);
}

export function keepTree(text: string, part: string, tree: TreeData): void {
  if (treeBytes + tree.data.byteLength > MAX_TREE_BYTES) {
    trees.clear();
    treeBytes = 0;
  }
  let byPart = trees.get(text);
  if (!byPart) trees.set(text, (byPart = new Map()));
  byPart.set(part, tree);
  treeBytes += tree.data.byteLength;
}

/** Forgets everything (a test of the parse cache on disk stands for a new process so). */
export function clearScanMemo(): void {
  outlines.clear();
  outlinedChars = 0;
  trees.clear();
  treeBytes = 0;
}
