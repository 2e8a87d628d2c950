import type { MarkdownOptions } from './common.js';

/**
 * The first level of detail whose text fits `options.maxLength`; else the last level with
 * fewer and fewer groups (halving from `groups`); else a cut that keeps the footer.
 */
export function fitToSize<D extends string>(
  make: (detail: D, groups: number) => string,
  levels: readonly D[],
  groups: number,
  options: MarkdownOptions,
): string {
  const max = options.maxLength ?? Infinity;
  const size = options.measure ?? ((t: string) => t.length);
  const withHeader = (detail: D, n: number) =>
    `${options.header ? `${options.header}\n` : ''}${make(detail, n)}`;
  for (const detail of levels) {
    const text = withHeader(detail, Infinity);
    if (size(text) <= max) return text;
  }
  // As many groups as fit: estimated from what `groups` of them take, then fewer until it fits.
  const last = levels[levels.length - 1] as D;
  const bare = size(withHeader(last, 0));
  let text = withHeader(last, groups);
  if (size(text) <= max && groups > 0) {
    const perGroup = Math.max(1, (size(text) - bare) / groups);
    const estimate = Math.floor(((max - bare) / perGroup) * 0.95);
    if (estimate > groups) {
      const more = withHeader(last, estimate);
      if (size(more) <= max) return more;
      groups = Math.floor(estimate * 0.9);
      text = withHeader(last, groups);
    }
  }
  while (size(text) > max && groups > 0) {
    groups = Math.floor(groups / 2);
    text = withHeader(last, groups);
  }
  return cut(text, max, size, options.footer);
}

/** Last resort: cut, but keep the footer (the link to the run). */
export function cut(
  text: string,
  max: number,
  size: (t: string) => number,
  footer: string | undefined,
): string {
  const tail = footer ? `\n${footer}\n` : '';
  while (size(text) > max)
    text = `${text.slice(0, Math.floor(text.length * 0.9))}\n\n… (truncated)\n${tail}`;
  return text;
}

/**
 * A part of the text that can show fewer of its items: `render(n)` is its Markdown with the
 * first `n` of `total` items (and says how many it leaves out); its size grows with `n`.
 */
export interface Part {
  total: number;
  render(n: number): string;
  /** At most this share of the whole budget in the first round (the rest is shared out after). */
  share: number;
}

/**
 * How many items of each part fit in `budget`, as `size` counts: parts are served in order,
 * first each up to its share of the budget, then the rest of the budget in the same order.
 */
export function allocate(
  parts: readonly Part[],
  budget: number,
  size: (t: string) => number,
): number[] {
  const shown = parts.map(() => 0);
  const used = parts.map((p) => size(p.render(0)));
  let left = budget - used.reduce((a, b) => a + b, 0);
  const grow = (i: number, limit: number) => {
    const part = parts[i] as Part;
    const base = used[i] as number;
    // the largest n whose size is within base + limit (binary search: size grows with n)
    let lo = shown[i] as number;
    let hi = part.total;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (size(part.render(mid)) - base <= limit) lo = mid;
      else hi = mid - 1;
    }
    const added = size(part.render(lo)) - base;
    shown[i] = lo;
    used[i] = base + added;
    left -= added;
  };
  parts.forEach((p, i) => grow(i, Math.min(left, Math.max(0, p.share * budget))));
  parts.forEach((_, i) => grow(i, left));
  return shown;
}
