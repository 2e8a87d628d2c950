// The instances a block makes (one, or one per for_each element / count index), and where the
// element that makes each one is written: what an edit removes to make exactly that one go.
import { asString, evaluate, type Scope, type Value, type WrittenAt } from './hcl.js';
import type { Removal, SourceSpan } from './removal.js';
import type { SyntaxNode as Node } from './syntax.js';

export type DefinitionKind = 'resource' | 'for_each' | 'count' | 'module';

/** One instance of a block. */
export interface Instance {
  /** The address suffix: `["alice"]`, `[0]`, or `` for a block not repeated. */
  key: string;
  scope: Scope;
  kind: DefinitionKind;
  /**
   * For an instance of a repeated block: where its element is written, or why no edit of the
   * collection removes it alone (`null`: not known where, nor why).
   */
  written?: WrittenAt | null;
}

/** The instances of a block: one, or one per for_each element / count index. */
export function expandInstances(
  attrs: Map<string, Node>,
  scope: Scope,
  /** A count known to be 0 makes none (a related block turned off); for a user it cannot be. */
  zeroIsNone = false,
): Instance[] {
  const forEach = attrs.get('for_each');
  if (forEach) {
    const collection = evaluate(forEach, scope);
    if (collection?.kind === 'list')
      return collection.items.flatMap((item) => {
        const key = asString(item);
        return key === undefined
          ? []
          : [
              {
                key: `[${JSON.stringify(key)}]`,
                scope: { ...scope, each: { key: item, value: item } },
                kind: 'for_each' as const,
                written: item.element ?? null,
              },
            ];
      });
    if (collection?.kind === 'map')
      return collection.entries.map((e) => ({
        key: `[${JSON.stringify(e.key)}]`,
        scope: {
          ...scope,
          each: {
            key: { kind: 'string', value: e.key, file: e.keyFile, line: e.keyLine },
            value: e.value,
          },
        },
        kind: 'for_each' as const,
        written: e.element ?? null,
      }));
    return [];
  }
  const count = attrs.get('count');
  if (count) {
    const n = evaluate(count, scope);
    if (zeroIsNone && n?.kind === 'number' && n.value < 1) return [];
    // `count = 0` written as such makes no instance: the user is not managed by the block (a
    // condition that is 0 by default may be 1 with another var file: that stays an instance)
    if (n?.kind === 'number' && n.value < 1 && /^\s*0\s*$/.test(count.text)) return [];
    // `count = var.create ? 1 : 0` and the like: the user is in the report, so the block
    // creates it (whatever the flag's default); the instance that exists is [0].
    const total = n?.kind === 'number' && n.value >= 1 ? Math.floor(n.value) : 1;
    return Array.from({ length: Math.min(total, 10_000) }, (_, i) => ({
      key: `[${i}]`,
      scope: { ...scope, countIndex: i },
      kind: 'count' as const,
      // one instance: deleting the block removes exactly it
      ...(total > 1 && { written: null }),
    }));
  }
  return [{ key: '', scope, kind: 'resource' }];
}

/**
 * For an instance of `count = length(X)` named from `X[count.index]` (or `element(X, ...)`):
 * the element of X its name is, which removing takes out exactly that instance.
 */
export function countElement(
  attrs: Map<string, Node>,
  name: Value,
  nameNode: Node,
  index: number,
  total: number,
  at: { file: string; line: number; address: string },
): WrittenAt | null {
  const count = /^length\((.+)\)$/.exec(attrs.get('count')?.text.trim() ?? '')?.[1]?.trim();
  if (!count || !name.element) return null;
  const text = nameNode.text.replace(/\s+/g, '');
  const list = count.replace(/\s+/g, '');
  if (!text.includes(`${list}[count.index]`) && !text.includes(`element(${list},count.index)`))
    return null;
  // taking out any but the last moves every later instance to another index (Terraform would
  // destroy and recreate those users)
  if (index !== total - 1)
    return {
      kind: 'manual',
      reason: `removing its element renumbers the later instances of \`${at.address}\` (count): move them with \`terraform state mv\` first, or repeat the block with for_each`,
      file: at.file,
      line: at.line,
    };
  return name.element;
}

/** The 1-based line of each offset of a text, counted once per text. */
export class Lines {
  private starts = new Map<string, { text: string; starts: number[] }>();

  lineAt(file: string, text: string, offset: number): number {
    let known = this.starts.get(file);
    if (!known || known.text !== text) {
      const starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      known = { text, starts };
      this.starts.set(file, known);
    }
    // the last line start at or before offset
    const { starts } = known;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  span(file: string, text: string, start: number, end: number): SourceSpan {
    return {
      file,
      start,
      end,
      line: this.lineAt(file, text, start),
      endLine: this.lineAt(file, text, Math.max(start, end - 1)),
    };
  }

  /** The Removal a written place is, its lines counted. */
  removal(at: WrittenAt): Removal {
    if (at.kind === 'manual') return at;
    return {
      kind: at.kind,
      syntax: at.syntax,
      span: this.span(at.file, at.text, at.start, at.end),
      container: this.span(at.file, at.text, at.containerStart, at.containerEnd),
    };
  }
}

/** One level of repetition a user instance is made through: its own block, or a module call. */
export interface Level {
  /** The block repeated (for a manual removal's reason and place). */
  file: string;
  line: number;
  address: string;
  written: WrittenAt | null;
}

/**
 * What removes exactly one user instance: the element of the innermost repeated block (its own
 * for_each, or a module call's) — the outer one when the inner block is not repeated. None
 * when no block on the way is repeated: the definition is its own block. Shared places (one
 * element making several users) are found once every user is known (see `shareChecked`).
 */
export function chooseRemoval(levels: readonly Level[], lines: Lines): Removal | undefined {
  const level = levels[levels.length - 1];
  if (!level) return undefined;
  if (level.written) return lines.removal(level.written);
  return {
    kind: 'manual',
    reason: `the collection that repeats \`${level.address}\` is computed: no element of it is known to be written in one place`,
    file: level.file,
    line: level.line,
  };
}

/** The definitions this module is about: a user, where it is removed, and the block it is in. */
interface Removable {
  user: string;
  address: string;
  root: string;
  block: { file: string; line: number; address: string };
  removal?: Removal;
}

/**
 * Makes manual every removal that would take out more than one user: an element several
 * instances are made from (a list every call of a module shares, an element making two users),
 * and a block (a module call) that makes several users with no element of their own.
 */
export function shareChecked(defs: readonly Removable[]): void {
  const byPlace = new Map<string, Removable[]>();
  for (const def of defs) {
    const r = def.removal;
    const place =
      r === undefined
        ? `block|${def.root}|${def.block.file}:${def.block.line}|${def.block.address}`
        : r.kind === 'manual'
          ? undefined
          : `span|${r.span.file}:${r.span.start}:${r.span.end}`;
    if (place === undefined) continue;
    const list = byPlace.get(place);
    if (list) list.push(def);
    else byPlace.set(place, [def]);
  }
  for (const list of byPlace.values()) {
    if (list.length < 2) continue;
    // the same user reached from two roots (one stack's file read by another) is still one user
    const users = new Set(list.map((d) => d.user.toLowerCase()));
    const roots = new Set(list.map((d) => d.root));
    const instances = new Set(list.map((d) => `${d.root}|${d.address}`));
    if (users.size < 2 && instances.size === roots.size) continue;
    const names = list.map((d) => `\`${d.address}\``);
    const shown = names.length > 4 ? [...names.slice(0, 4), `${names.length - 4} more`] : names;
    for (const def of list) {
      const r = def.removal;
      const where =
        r && r.kind !== 'manual'
          ? { file: r.span.file, line: r.span.line, what: 'the element' }
          : { file: def.block.file, line: def.block.line, what: `\`${def.block.address}\`` };
      def.removal = {
        kind: 'manual',
        reason: `removing ${where.what} at ${where.file}:${where.line} would remove ${list.length} users (${shown.join(', ')}), not only this one`,
        file: where.file,
        line: where.line,
      };
    }
  }
}
