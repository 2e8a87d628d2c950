// Verification of edit plans: the edits applied to an in-memory copy of the files, the root
// modules they touch scanned again. A plan is shown as a fix only when the targeted users are
// gone, every other user is still defined at the same address, nothing left refers to what
// was removed, and every changed file still parses.
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { labelOf } from './draft.js';
import { matches } from './plan-references.js';
import type { Removed, Workspace } from './plan.js';
import { editedFileParses, mentionsIn, parseForPlan } from './references.js';
import { scanTerraform, type TerraformIndex, type UserDefinition } from './scan.js';
import { lineAt } from './edit.js';
import { escapeRegExp } from '../util/regexp.js';

export interface VerifyTarget {
  def: UserDefinition;
  /** `user`: the user goes; else it stays, and these related addresses go. */
  removesUser: boolean;
  destroys: readonly string[];
}

/** The users an index defines, by root module, then by user name and address. */
const WORKED_OUT = new WeakMap<TerraformIndex, Map<string, Map<string, UserDefinition>>>();
function addressesOf(index: TerraformIndex, root: string): Map<string, UserDefinition> {
  let byRoot = WORKED_OUT.get(index);
  if (!byRoot) {
    byRoot = new Map();
    for (const defs of index.users.values())
      for (const d of defs) {
        let here = byRoot.get(d.root);
        if (!here) byRoot.set(d.root, (here = new Map()));
        here.set(`${d.user.toLowerCase()}\0${d.address}`, d);
      }
    WORKED_OUT.set(index, byRoot);
  }
  return byRoot.get(root) ?? new Map();
}

/** Whether a changed file still parses, or why not. */
function parses(ws: Workspace, path: string, text: string): string | undefined {
  try {
    if (path.endsWith('.json')) JSON.parse(text);
    else if (/\.ya?ml$/.test(path)) parseYaml(text);
    else if (!editedFileParses(ws.parser, ws.text(path), text))
      return 'is not valid HCL after the edits';
  } catch (error) {
    return `does not parse after the edits (${(error as Error).message.split('\n')[0]})`;
  }
  return undefined;
}

/** Why the users after the edits are not the users before minus the targeted ones. */
function compare(
  before: Map<string, UserDefinition>,
  after: Map<string, UserDefinition>,
  here: readonly VerifyTarget[],
  root: string,
): string | undefined {
  const gone = new Set<string>();
  for (const t of here) {
    const key = `${t.def.user.toLowerCase()}\0${t.def.address}`;
    if (!before.has(key))
      return `${t.def.address} is not found when its root module ${root} is scanned alone`;
    if (t.removesUser) {
      if (after.has(key)) return `${t.def.address} is still defined after the edits`;
      gone.add(key);
      continue;
    }
    const still = after.get(key);
    if (!still)
      return `${t.def.address} is no longer defined after the edits, but only its credential was to go`;
    const left = still.related.filter((r) => t.destroys.includes(r.address));
    if (left.length > 0) return `${left[0]?.address} is still defined after the edits`;
    if (t.def.moduleCreates && still.moduleCreates && t.destroys.length > 0) {
      const created = still.moduleCreates;
      if (
        t.destroys.some(
          (d) =>
            (d.includes('aws_iam_access_key') && created.accessKey) ||
            (d.includes('login_profile') && created.loginProfile),
        )
      )
        return `the module call ${t.def.block.address} still creates it after the edits`;
    }
  }
  for (const [key, d] of before)
    if (!gone.has(key) && !after.has(key))
      return `${d.address} ("${d.user}") would no longer be defined: the edits remove another user`;
  for (const [key, d] of after)
    if (!before.has(key))
      return `${d.address} ("${d.user}") would be defined at a new address: the edits move another user`;
  return undefined;
}

export class Verifier {
  private baselines = new Map<string, Promise<TerraformIndex>>();
  constructor(
    private ws: Workspace,
    private rel: (path: string) => string,
    /** The scan the plans come from: the baseline, where it agrees. */
    private index?: TerraformIndex,
  ) {}

  private baseline(root: string): Promise<TerraformIndex> {
    let scan = this.baselines.get(root);
    if (!scan) {
      scan = scanTerraform([resolve(this.ws.cwd, root)], this.ws.cwd, {
        reads: this.index?.reads,
      });
      this.baselines.set(root, scan);
    }
    return scan;
  }

  /**
   * Why the edits do not verify, or `undefined` when they do. `texts`: the changed files'
   * new texts by absolute path; `removed`: by module directory, the addresses that go.
   */
  async check(
    targets: readonly VerifyTarget[],
    texts: ReadonlyMap<string, string>,
    removed: ReadonlyMap<string, readonly Removed[]>,
  ): Promise<string | undefined> {
    for (const [path, text] of texts) {
      const why = parses(this.ws, path, text);
      if (why) return `${this.rel(path)} ${why}`;
    }
    // every root module of the targets scanned again, in one scan (as the first scan did)
    const roots = [...new Set(targets.map((t) => t.def.root))];
    // (what the first scan read lent to it: the files on disk are still those it read)
    const scanned = await scanTerraform(
      roots.map((root) => resolve(this.ws.cwd, root)),
      this.ws.cwd,
      { overlay: texts, reads: this.index?.reads },
    );
    for (const root of roots) {
      const after = addressesOf(scanned, root);
      const here = targets.filter((t) => t.def.root === root);
      // against the scan everything came from first; where that disagrees, against the root
      // scanned alone without the edits (a root alone may read less: `file()` of another folder)
      const why =
        this.index && compare(addressesOf(this.index, root), after, here, root) === undefined
          ? undefined
          : compare(addressesOf(await this.baseline(root), root), after, here, root);
      if (why) return why;
    }
    return this.dangling(texts, removed);
  }

  /** A reference left to a removed address, in the directories where something was removed. */
  private dangling(
    texts: ReadonlyMap<string, string>,
    removed: ReadonlyMap<string, readonly Removed[]>,
  ): string | undefined {
    for (const [dir, list] of removed) {
      const labels = [...new Set(list.map((r) => labelOf(r.address)))];
      for (const path of this.ws.files(dir)) {
        if (!texts.has(path) && !this.ws.mayName(path, labels)) continue;
        const text = texts.get(path) ?? this.ws.text(path);
        const mentions = mentionsIn(text, labels);
        if (!mentions({ start: 0, end: text.length })) continue;
        if (path.endsWith('.json')) {
          // JSON syntax: a reference is in a string, `${aws_iam_user.x.arn}`
          for (const r of list)
            if (text.includes(r.address))
              return `${this.rel(path)}:${lineAt(text, text.indexOf(r.address))} still refers to ${r.address}`;
          continue;
        }
        const parsed = texts.has(path) ? parseForPlan(this.ws.parser, text) : this.ws.parse(path);
        for (const block of parsed.blocks) {
          if (!mentions(block)) continue;
          for (const ref of block.references)
            if (matches(ref, list))
              return `${this.rel(path)}:${ref.line} still refers to ${ref.address}${ref.key ?? ''}`;
          const hidden = commentedReference(text.slice(block.start, block.end), list);
          if (hidden)
            return `${this.rel(path)}:${lineAt(text, block.start)} may still refer to ${hidden} (a reference with a comment inside it)`;
        }
      }
    }
    return undefined;
  }
}

/**
 * A removed address written with a comment inside it (`aws_iam_user /* x *\/ . alice.arn`, or
 * a `#` comment and a line break inside brackets), which Terraform reads as the reference and
 * the parse's references do not: looked for in the block's text without its comments.
 */
function commentedReference(block: string, removed: readonly Removed[]): string | undefined {
  if (!block.includes('/*') && !block.includes('#') && !block.includes('//')) return undefined;
  // (a `#` or `//` in a string is taken out too: it can only make a reference appear)
  const flat = block.replace(/\/\*[\s\S]*?\*\/|(#|\/\/)[^\n]*/g, ' ');
  for (const r of removed) {
    const parts = r.address.split('.').map(escapeRegExp);
    // an instance: with its key (`aws_iam_user.u["bob"]` is another user's)
    const key = r.key === undefined ? '' : `\\s*\\[\\s*${escapeRegExp(r.key.slice(1, -1))}\\s*\\]`;
    // (not after a dot: `data.aws_iam_user.alice` is another address)
    if (new RegExp(`(?<![\\w.-])${parts.join('\\s*\\.\\s*')}${key}(?![\\w-])`).test(flat))
      return `${r.address}${r.key ?? ''}`;
  }
  return undefined;
}
