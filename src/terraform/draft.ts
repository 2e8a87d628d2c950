// What an edit plan is made of before it is verified: the files it reads (each read and parsed
// once), and the draft that collects its edits, what it removes and what it destroys.
import { dirname, join, resolve } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { isConfigurationName } from './discover.js';
import type { ScanReads } from './reads.js';
import { namesOf, statOf, textOf } from './observe.js';
import type { TerraformEdit } from '../engine/types.js';
import { deleteBlock, lineEnd, lineStart, removeElement, type TextEdit } from './edit.js';
import { declaredAddress, parseForPlan, type ParsedBlock, type ParsedFile } from './references.js';
import { LIST_ARGUMENT_TYPES } from './related-types.js';
import { RELATED_TYPES } from './scan.js';

/** What a rule's fix removes (see TARGET in engine/remediation.ts). */
export type FixTarget = 'user' | 'access-key' | 'login-profile' | 'certificate';

export const TARGET_TYPE = {
  'access-key': 'aws_iam_access_key',
  'login-profile': 'aws_iam_user_login_profile',
  certificate: 'aws_iam_signing_certificate',
} as const;

/** Resources that belong to one user through `user` (deleted with it). */
export const USER_SCOPED = new Set([...RELATED_TYPES].filter((t) => !LIST_ARGUMENT_TYPES.has(t)));
/** Resources that list users in `users = [...]`: the name comes out, the block stays. */
export const USER_LISTS = new Set(['aws_iam_group_membership', 'aws_iam_policy_attachment']);

/** A removed address in a module directory: the whole block, or one instance (`["k"]`). */
export interface Removed {
  address: string;
  key?: string;
}

export interface FileChange {
  /** As findings show paths. */
  rel: string;
  edits: (TextEdit & { kind: TerraformEdit['kind'] })[];
}

/** A plan before its verification: the character edits, what it removes, what it destroys. */
export interface DraftPlan {
  /** By absolute path. */
  files: Map<string, FileChange>;
  destroys: string[];
  /** By module directory (absolute): the addresses that no longer exist there. */
  removed: Map<string, Removed[]>;
  manual?: { reason: string; file: string; line: number };
}

/** The files a planner reads: each read and parsed once. */
export class Workspace {
  private texts = new Map<string, string>();
  private parsed = new Map<string, ParsedFile>();
  private listings = new Map<string, string[]>();
  /** Whether each file read is ASCII HCL (see `mayName`). */
  private asciiHcl = new Map<string, boolean>();
  constructor(
    readonly cwd: string,
    readonly parser: Parser,
    /** What the scan the plans come from read: the texts it kept are not read again. */
    private reads?: ScanReads,
  ) {}

  private absolute = new Map<string, string>();
  abs(rel: string): string {
    let path = this.absolute.get(rel);
    if (path === undefined) this.absolute.set(rel, (path = resolve(this.cwd, rel)));
    return path;
  }

  text(path: string): string {
    let text = this.texts.get(path);
    if (text === undefined)
      this.texts.set(path, (text = this.reads?.files.get(path)?.text ?? textOf(path)));
    return text;
  }

  /**
   * Whether a file's text may name any of the labels (a file that does not cannot refer to
   * them). In an ASCII text of HCL, a label that is referred to is a whole word of identifier
   * characters (`aws_iam_user.alice.arn`), so only such an occurrence counts; any other text
   * (JSON syntax, whose strings are looked through as they are) is searched.
   */
  mayName(path: string, labels: readonly string[]): boolean {
    const text = this.text(path);
    let ascii = this.asciiHcl.get(path);
    if (ascii === undefined) {
      // eslint-disable-next-line no-control-regex
      ascii = !isJson(path) && /^[\x00-\x7f]*$/.test(text);
      this.asciiHcl.set(path, ascii);
    }
    return labels.some((l) => (ascii ? hasWord(text, l) : text.includes(l)));
  }

  parse(path: string): ParsedFile {
    let parsed = this.parsed.get(path);
    if (!parsed) this.parsed.set(path, (parsed = parseForPlan(this.parser, this.text(path))));
    return parsed;
  }

  /** The Terraform files of one module directory (not its subfolders). */
  files(dir: string): string[] {
    let files = this.listings.get(dir);
    if (!files) {
      try {
        // as Terraform loads them: not hidden, and files (a folder `legacy.tf/` is skipped)
        files = namesOf(dir)
          .filter(isConfigurationName)
          .sort()
          .map((n) => join(dir, n))
          .filter((path) => this.reads?.files.has(path) || isFileNow(path));
      } catch {
        files = [];
      }
      this.listings.set(dir, files);
    }
    return files;
  }
}

export const isJson = (path: string): boolean => path.endsWith('.json');

const isFileNow = (path: string): boolean => {
  try {
    return statOf(path).isFile();
  } catch {
    return false;
  }
};

const WORD = /^[A-Za-z0-9_-]+$/;
const isWordChar = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45;

/** Whether `word` (identifier characters) is a whole word of `text`: not part of a longer one. */
export function hasWord(text: string, word: string): boolean {
  if (!WORD.test(word)) return false;
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    const end = i + word.length;
    if ((i === 0 || !isWordChar(text.charCodeAt(i - 1))) && !isWordChar(text.charCodeAt(end)))
      return true;
  }
  return false;
}

/** The last label of an address (`aws_iam_user.alice` → `alice`): a file without it cannot reference it. */
export const labelOf = (address: string): string => address.slice(address.lastIndexOf('.') + 1);

/** The first instance key of an address part: `["fay"].x` → `["fay"]`. */
export const KEY_AT_START = /^\[("(?:[^"\\]|\\.)*"|\d+)\]/;

export class Draft {
  readonly plan: DraftPlan = { files: new Map(), destroys: [], removed: new Map() };
  /** The starts of the top-level blocks deleted, by path. */
  private deletedBlocks = new Map<string, Set<number>>();
  /** The elements taken out of a list (`path\0block\0element`). */
  private deleted = new Set<string>();
  /** locals attributes taken out, by block. */
  private localsRemoved = new Map<
    string,
    { path: string; block: ParsedBlock; names: Set<string> }
  >();

  constructor(
    private ws: Workspace,
    readonly relOf: (path: string) => string,
  ) {}

  manual(reason: string, file: string, line: number): void {
    this.plan.manual ??= { reason, file, line };
  }

  private edit(path: string, edit: TextEdit & { kind: TerraformEdit['kind'] }): void {
    let change = this.plan.files.get(path);
    if (!change) this.plan.files.set(path, (change = { rel: this.relOf(path), edits: [] }));
    change.edits.push(edit);
  }

  addRemoved(dir: string, removed: Removed): void {
    const list = this.plan.removed.get(dir);
    if (list) list.push(removed);
    else this.plan.removed.set(dir, [removed]);
  }

  destroy(address: string): void {
    if (!this.plan.destroys.includes(address)) this.plan.destroys.push(address);
  }

  isDeleted(path: string, block: ParsedBlock): boolean {
    return this.deletedBlocks.get(path)?.has(block.start) ?? false;
  }

  private markDeleted(path: string, block: ParsedBlock): void {
    const starts = this.deletedBlocks.get(path);
    if (starts) starts.add(block.start);
    else this.deletedBlocks.set(path, new Set([block.start]));
  }

  /** Deletes a top-level block whole; its address is removed in its directory. */
  deleteBlock(path: string, block: ParsedBlock, instances: readonly string[] = []): void {
    if (this.isDeleted(path, block)) return;
    this.markDeleted(path, block);
    this.edit(path, {
      ...deleteBlock(this.ws.text(path), block.start, block.end),
      kind: 'delete-block',
    });
    const address = declaredAddress(block);
    if (address) this.addRemoved(dirname(path), { address });
    if (block.type === 'resource' && address) {
      const repeated = block.attributes.some((a) => a.name === 'for_each' || a.name === 'count');
      const known = instances.filter((i) => i.startsWith(`${address}[`));
      if (!repeated) this.destroy(address);
      else for (const i of known.length > 0 ? known : [address]) this.destroy(i);
    }
  }

  /** Takes one element out of a `users = [...]` (the block stays). */
  removeName(
    path: string,
    block: ParsedBlock,
    attribute: string,
    element: { start: number; end: number },
  ): void {
    const tuple = block.attributes.find((a) => a.name === attribute)?.tuple;
    if (!tuple) return;
    const key = `${path}\0${block.start}\0${element.start}`;
    if (this.deleted.has(key)) return;
    this.deleted.add(key);
    this.edit(path, {
      ...removeElement(this.ws.text(path), { ...element, container: tuple.span }, 'hcl'),
      kind: 'remove-name',
    });
  }

  /** Takes an attribute out of a `locals` block (the block goes when it is the last one). */
  removeLocal(path: string, block: ParsedBlock, name: string): void {
    const id = `${path}\0${block.start}`;
    let entry = this.localsRemoved.get(id);
    if (!entry) this.localsRemoved.set(id, (entry = { path, block, names: new Set() }));
    if (entry.names.has(name)) return;
    entry.names.add(name);
    this.addRemoved(dirname(path), { address: `local.${name}` });
  }

  /** The locals edits, once the references are settled. */
  finishLocals(): void {
    for (const { path, block, names } of this.localsRemoved.values()) {
      if (this.isDeleted(path, block)) continue;
      if (block.attributes.every((a) => names.has(a.name))) {
        this.markDeleted(path, block);
        this.edit(path, {
          ...deleteBlock(this.ws.text(path), block.start, block.end),
          kind: 'delete-block',
        });
        continue;
      }
      const text = this.ws.text(path);
      for (const a of block.attributes)
        if (names.has(a.name))
          this.edit(path, {
            start: lineStart(text, a.start),
            end: lineEnd(text, a.end),
            text: '',
            kind: 'delete-block',
          });
    }
  }

  add(path: string, edit: TextEdit & { kind: TerraformEdit['kind'] }): void {
    this.edit(path, edit);
  }
}

/** The block a definition points to. */
export function blockAt(
  ws: Workspace,
  path: string,
  line: number,
  address: string,
): ParsedBlock | undefined {
  const label = labelOf(address.replace(/\[[^\]]*\]$/, ''));
  return ws
    .parse(path)
    .blocks.find(
      (b) => b.line === line && (b.labels.at(-1) === label || declaredAddress(b) === undefined),
    );
}
