// The parses of single top-level blocks, kept for the rest of the run by the block's text. A
// partial parse (load.ts: only the needed blocks, as tree-sitter `includedRanges`) is split
// into its blocks; a later partial parse of a text whose blocks were all seen — an edit plan's
// verification scans a file with one block removed or changed, every other block the same text
// at another offset — is put together from them, and only the blocks not seen are parsed. Put
// together, the tree is the one a parse of all the ranges makes (test/terraform/blocks-memo):
// a top-level block parses the same alone and among others, and the file's root and body span
// from the first block to the last. Kept in the scan memo (memo.ts), under a key no file's text
// has, so that it is bounded and forgotten with it.
import type { Range } from 'web-tree-sitter';
import { keepEntry, memoEntry } from './memo.js';
import { END, PARENT, ROW, SIZE, START, STRIDE, TYPE, type TreeData } from './syntax.js';

/** Where a block's parse is kept in the memo: its text, after a prefix no file starts with. */
const KEY = '\0block\0';
const PART = 'block';

const keyOf = (text: string, range: Range): string =>
  KEY + text.slice(range.startIndex, range.endIndex);

/**
 * The parse of a block alone, as kept: the root and body (rows 0 and 1) and the block's nodes,
 * offsets and rows counted from the range's start.
 */
function blockOf(text: string, range: Range): TreeData | undefined {
  return memoEntry(keyOf(text, range))?.trees.get(PART);
}

/**
 * Parses whose blocks are kept only once a scan may take them (one with an overlay: most scans
 * never do, and splitting every parse costs more than it saves there). Bounded: past the bound
 * the oldest are forgotten (their blocks are parsed again if asked for).
 */
const deferred: { text: string; ranges: readonly Range[]; tree: TreeData }[] = [];
let deferredChars = 0;
const MAX_DEFERRED_CHARS = 16 * 2 ** 20;

/** Keeps the blocks of a parse (see `keepBlocks`) once `takeDeferred` is called, not now. */
export function deferBlocks(text: string, ranges: readonly Range[], tree: TreeData): void {
  deferred.push({ text, ranges, tree });
  deferredChars += text.length;
  while (deferredChars > MAX_DEFERRED_CHARS && deferred.length > 0)
    deferredChars -= (deferred.shift() as { text: string }).text.length;
}

/** Keeps the blocks of every deferred parse: a scan that may take them is starting to parse. */
export function takeDeferred(): void {
  for (const { text, ranges, tree } of deferred.splice(0)) keepBlocks(text, ranges, tree);
  deferredChars = 0;
}

/** The ranges (by index) whose blocks have not been seen. */
export function unseenBlocks(text: string, ranges: readonly Range[]): number[] {
  const out: number[] = [];
  ranges.forEach((range, i) => {
    if (!blockOf(text, range)) out.push(i);
  });
  return out;
}

/**
 * Keeps the blocks of a clean parse of `ranges` of `text` (one top-level block each). Returns
 * false, keeping nothing, when the tree is not that (a syntax error, a range that is not one
 * block).
 */
export function keepBlocks(text: string, ranges: readonly Range[], tree: TreeData): boolean {
  const { data, count } = tree;
  if (tree.errorLine !== 0 || count < 2 || ranges.length === 0) return false;
  const body = 1;
  if ((data[body * STRIDE + PARENT] as number) !== 0) return false;
  const blocks: number[] = [];
  const end = body + (data[body * STRIDE + SIZE] as number);
  for (let i = body + 1; i < end; i += data[i * STRIDE + SIZE] as number) blocks.push(i);
  if (end !== count || blocks.length !== ranges.length) return false;
  const kept: [string, TreeData][] = [];
  for (let k = 0; k < blocks.length; k++) {
    const range = ranges[k] as Range;
    const first = blocks[k] as number;
    const size = data[first * STRIDE + SIZE] as number;
    const at = range.startIndex;
    const row = range.startPosition.row;
    const blockStart = data[first * STRIDE + START] as number;
    const blockEnd = data[first * STRIDE + END] as number;
    if (blockStart < at || blockEnd > range.endIndex) return false;
    const out = new Int32Array((size + 2) * STRIDE);
    // the root and body of the block alone: the whole range, and the block
    out[TYPE] = data[TYPE] as number;
    out[END] = range.endIndex - at;
    out[SIZE] = size + 2;
    out[PARENT] = -1;
    out[STRIDE + TYPE] = data[body * STRIDE + TYPE] as number;
    out[STRIDE + START] = blockStart - at;
    out[STRIDE + END] = blockEnd - at;
    out[STRIDE + ROW] = (data[first * STRIDE + ROW] as number) - row;
    out[STRIDE + SIZE] = size + 1;
    out[STRIDE + PARENT] = 0;
    for (let i = 0; i < size; i++) {
      const from = (first + i) * STRIDE;
      const to = (i + 2) * STRIDE;
      out.set(data.subarray(from, from + STRIDE), to);
      out[to + START] = (data[from + START] as number) - at;
      out[to + END] = (data[from + END] as number) - at;
      out[to + ROW] = (data[from + ROW] as number) - row;
      out[to + PARENT] = i === 0 ? 1 : (data[from + PARENT] as number) - first + 2;
    }
    kept.push([keyOf(text, range), { data: out, count: size + 2, errorLine: 0 }]);
  }
  for (const [key, block] of kept) {
    const entry = memoEntry(key);
    if (entry) entry.trees.set(PART, block);
    else keepEntry(key, { trees: new Map([[PART, block]]) });
  }
  return true;
}

/** The tree of a parse of `ranges` of `text`, put together from their blocks, all seen. */
export function joinBlocks(text: string, ranges: readonly Range[]): TreeData | undefined {
  const blocks: TreeData[] = [];
  for (const range of ranges) {
    const block = blockOf(text, range);
    if (!block) return undefined;
    blocks.push(block);
  }
  const first = blocks[0];
  const last = blocks.at(-1);
  const firstRange = ranges[0];
  const lastRange = ranges.at(-1);
  if (!first || !last || !firstRange || !lastRange) return undefined;
  const count = 2 + blocks.reduce((n, b) => n + b.count - 2, 0);
  const data = new Int32Array(count * STRIDE);
  const row0 = firstRange.startPosition.row;
  data[TYPE] = first.data[TYPE] as number;
  data[START] = firstRange.startIndex + (first.data[START] as number);
  data[END] = lastRange.startIndex + (last.data[END] as number);
  data[ROW] = row0 + (first.data[ROW] as number);
  data[SIZE] = count;
  data[PARENT] = -1;
  data[STRIDE + TYPE] = first.data[STRIDE + TYPE] as number;
  data[STRIDE + START] = firstRange.startIndex + (first.data[STRIDE + START] as number);
  data[STRIDE + END] = lastRange.startIndex + (last.data[STRIDE + END] as number);
  data[STRIDE + ROW] = row0 + (first.data[STRIDE + ROW] as number);
  data[STRIDE + SIZE] = count - 1;
  data[STRIDE + PARENT] = 0;
  let next = 2;
  blocks.forEach((block, k) => {
    const range = ranges[k] as Range;
    const at = range.startIndex;
    const row = range.startPosition.row;
    for (let i = 2; i < block.count; i++) {
      const from = i * STRIDE;
      const to = (next + i - 2) * STRIDE;
      data.set(block.data.subarray(from, from + STRIDE), to);
      data[to + START] = (block.data[from + START] as number) + at;
      data[to + END] = (block.data[from + END] as number) + at;
      data[to + ROW] = (block.data[from + ROW] as number) + row;
      data[to + PARENT] = i === 2 ? 1 : (block.data[from + PARENT] as number) - 2 + next;
    }
    next += block.count - 2;
  });
  return { data, count, errorLine: 0 };
}
