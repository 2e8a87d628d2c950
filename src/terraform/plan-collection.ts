// The other readers of a collection a plan takes an element out of. A user made by
// `for_each = toset(local.users)` goes when "alice" leaves `local.users`, but so does every
// other instance made from that collection, and whatever indexes it by position moves to the
// next element: `count = length(local.users)` buckets are renumbered (and replaced), a
// `local.users[0]` attachment moves to bob, a group made from `values(local.users)` may go. A
// plan is therefore manual when anything but the user's own block, the blocks it removes with
// the user's key, and outputs reads the collection, through however many locals.
import { basename, dirname } from 'node:path';
import { parseTree, findNodeAtOffset, type Node as JsonNode } from 'jsonc-parser';
import { isJson, type Draft, type Workspace } from './draft.js';
import { declaredAddress, type ParsedBlock, type Reference } from './references.js';
import type { Removal } from './removal.js';
import type { UserDefinition } from './scan.js';

type Element = Exclude<Removal, { kind: 'manual' }>;

const isVarsFile = (path: string): boolean => /\.tfvars(\.json)?$/.test(path);
const within = (span: { start: number; end: number }, at: number): boolean =>
  span.start <= at && at < span.end;

/** The top-level key of a JSON text that holds `offset` (a `.tfvars.json` variable). */
function jsonKeyAt(text: string, offset: number): string | undefined {
  const tree = parseTree(text);
  let node: JsonNode | undefined = tree && findNodeAtOffset(tree, offset, true);
  while (node?.parent && node.parent !== tree) node = node.parent;
  const key = node?.type === 'property' ? node.children?.[0]?.value : undefined;
  return typeof key === 'string' ? key : undefined;
}

/** The top-level attribute of an HCL `.tfvars` text written before `offset`. */
function varsAttributeBefore(text: string, offset: number): string | undefined {
  let name: string | undefined;
  for (const m of text.slice(0, offset).matchAll(/^([A-Za-z_][\w-]*)[ \t]*=/gm)) name = m[1];
  return name;
}

/**
 * The named values the collection literal is read through first (`local.users`, `var.users`),
 * and the module directory they are of; none when the literal is written in a block (the
 * user's own `for_each`, or a module call's argument).
 */
function namedValuesOf(
  ws: Workspace,
  removal: Element,
  userDir: string,
): { names: Set<string>; dir: string } {
  const path = ws.abs(removal.container.file);
  const at = removal.container.start;
  const text = ws.text(path);
  const names = new Set<string>();
  // a data file is read by the module of the block it makes; the others are of their folder
  const dir = removal.syntax !== 'hcl' && !isVarsFile(path) ? userDir : dirname(path);
  if (isVarsFile(path)) {
    const name = isJson(path) ? jsonKeyAt(text, at) : varsAttributeBefore(text, at);
    if (name !== undefined) names.add(`var.${name}`);
  } else if (removal.syntax !== 'hcl') {
    // a JSON or YAML data file: read by the locals that name it in a `file(...)` call
    const file = basename(path);
    for (const tf of hclFiles(ws, dir)) {
      if (!ws.text(tf).includes(file)) continue;
      for (const block of ws.parse(tf).blocks)
        if (block.type === 'locals')
          for (const a of block.attributes)
            if (ws.text(tf).slice(a.expression.start, a.expression.end).includes(file))
              names.add(`local.${a.name}`);
    }
  } else if (!isJson(path)) {
    const block = ws.parse(path).blocks.find((b) => within(b, at));
    if (block?.type === 'variable' && block.labels[0]) names.add(`var.${block.labels[0]}`);
    if (block?.type === 'locals') {
      const a = block.attributes.find((x) => within(x, at));
      if (a) names.add(`local.${a.name}`);
    }
  }
  return { names, dir };
}

const hclFiles = (ws: Workspace, dir: string): string[] =>
  ws.files(dir).filter((path) => !isJson(path));

const bare = (names: Set<string>): string[] => [...names].map((n) => n.slice(n.indexOf('.') + 1));

/** Adds to `names` every local whose value reads one of them, until none is new. */
function throughLocals(
  ws: Workspace,
  dir: string,
  names: Set<string>,
  reads: (r: Reference) => boolean,
  /** More words a file that reads them must hold (the repeated block's label). */
  also: readonly string[],
): void {
  for (let grew = true; grew;) {
    grew = false;
    for (const path of hclFiles(ws, dir)) {
      if (!ws.mayName(path, [...bare(names), ...also])) continue;
      for (const block of ws.parse(path).blocks) {
        if (block.type !== 'locals') continue;
        for (const ref of block.references) {
          const local = `local.${ref.attribute}`;
          if (ref.attribute !== undefined && reads(ref) && !names.has(local)) {
            names.add(local);
            grew = true;
          }
        }
      }
    }
  }
}

/** What a block is, for a reason: `aws_s3_bucket.home`, `module.m`, `output "x"`. */
const shown = (block: ParsedBlock): string =>
  declaredAddress(block) ?? `${block.type}${block.labels.map((l) => ` "${l}"`).join('')}`;

/**
 * Makes the draft manual when a block other than the user's own, those the plan removes with
 * the user's key, and outputs reads the collection the plan takes the user's element out of.
 */
export function checkCollectionReaders(
  ws: Workspace,
  draft: Draft,
  def: UserDefinition,
  removal: Element,
): void {
  const userDir = dirname(ws.abs(def.block.file));
  const { names: first, dir } = namedValuesOf(ws, removal, userDir);
  // the repeated block itself, read whole (`for_each = aws_iam_user.u`, `length(...)`,
  // `values(aws_iam_user.u)[count.index]`): what else it makes changes with it too
  const repeated = dir === userDir ? def.block.address.replace(/\[[^\]]*\]$/, '') : undefined;
  if (first.size === 0 && repeated === undefined) return;
  const names = new Set(first);
  const reads = (r: Reference): boolean =>
    r.address === repeated ? r.key === undefined || r.key === null : names.has(r.address);
  const repeatedLabel = repeated ? [repeated.slice(repeated.lastIndexOf('.') + 1)] : [];
  throughLocals(ws, dir, names, reads, repeatedLabel);
  // the blocks whose instance of the user's key goes with it (`aws_iam_access_key.k["alice"]`)
  const keyed = new Set(draft.plan.destroys.map((d) => d.replace(/\[.*$/, '')));
  for (const path of ws.files(dir)) {
    const labels = [...bare(names), ...repeatedLabel];
    if (isJson(path)) {
      if ([...names, ...(repeated ? [repeated] : [])].some((n) => ws.text(path).includes(n)))
        return draft.manual(
          `${draft.relOf(path)} (Terraform JSON syntax) may read ${[...first].join(', ')}, which the fix takes "${def.user}" out of; edit it by hand`,
          draft.relOf(path),
          1,
        );
      continue;
    }
    if (!ws.mayName(path, labels)) continue;
    for (const block of ws.parse(path).blocks) {
      if (block.type === 'locals' || block.type === 'output' || block.type === 'variable') continue;
      if (draft.relOf(path) === def.block.file && block.line === def.block.line) continue;
      if (draft.isDeleted(path, block)) continue;
      const address = declaredAddress(block);
      if (address !== undefined && keyed.has(address)) continue;
      const ref =
        block.references.find((r) => names.has(r.address)) ?? block.references.find(reads);
      if (ref)
        return draft.manual(
          `${shown(block)} also reads ${ref.address}${ref.address === [...first][0] || ref.address === repeated || first.size === 0 ? '' : ` (made from ${[...first, ...(repeated ? [repeated] : [])].join(' or ')})`}: taking "${def.user}" out of it destroys, renumbers or changes that block's instances too`,
          draft.relOf(path),
          ref.line,
        );
    }
  }
}
