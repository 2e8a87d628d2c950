// Loading the Terraform files a scan reads: listing them into module folders, reading their
// bytes (once, through one function), deciding which are worth parsing, and parsing them on
// first need. The evaluation (scan.ts) asks this for texts, syntax trees and blocks.
import { dirname, resolve } from 'node:path';
import type { Parser, Range } from 'web-tree-sitter';
import { attributesOf, topLevelBlocks, type Block, type Value } from './hcl.js';
import {
  FileBuffer,
  isAutoVars,
  isJsonSyntax,
  isOverrideFile,
  TERRAFORM_FILE_MAX_BYTES,
  varsRank,
} from './discover.js';
import { decodeDocument } from './functions.js';
import { jsonAsHcl } from './json-syntax.js';
import { deferBlocks, joinBlocks, keepBlocks, takeDeferred, unseenBlocks } from './blocks-memo.js';
import { keepEntry, memoEntry } from './memo.js';
import { outline, rangesOf, type OutlineBlock } from './outline.js';
import type { CacheEntry, ParseCache } from './parse-cache.js';
import type { ScanReads } from './reads.js';
import { templateReader, withTree } from './parser.js';
import { plainReader } from './plain-blocks.js';
import {
  LOCAL_SOURCE,
  MODULE_BLOCK,
  MODULE_KEY,
  MODULE_WORD,
  USER_RESOURCE,
  USER_RESOURCE_KEY,
  isNeededBlock,
} from './prefilter.js';
import { USER_RESOURCE_TYPES } from './resource-types.js';
import {
  remapRows,
  snapshot,
  SyntaxTree,
  validTreeData,
  type SyntaxNode as Node,
  type TreeData,
} from './syntax.js';

export { isNeededBlock } from './prefilter.js';

/** How a scan loads its files. */
export interface LoadOptions {
  /**
   * Parse every file whole, none left out (what the prefilter and the partial parse are
   * checked against): slower, the same index.
   */
  wholeFiles?: boolean;
  /** Parsed trees kept across runs, by file content (see parse-cache.ts). */
  cache?: ParseCache | undefined;
  /** Texts that stand in for files on disk (by absolute path): a fix plan's edits, checked. */
  overlay?: ReadonlyMap<string, string> | undefined;
  /** What earlier scans read of the files (see reads.ts): taken, and added to. */
  reads?: ScanReads | undefined;
}

export interface TfFile {
  path: string;
  rel: string;
  /** Kept for the files worth parsing; the others are read again if a lookup needs them. */
  text: string | undefined;
  /** Defines a user or a block of one (or may: see `worthParsing`): worth parsing. */
  hasIam: boolean;
  /** Calls a module. */
  hasModule: boolean;
  tree?: SyntaxTree;
  blocks?: Block[];
  /** Its top-level blocks as the outline found them (null: not sure, parsed whole). */
  outline?: OutlineBlock[] | null;
  /** What the scan memo and the parse cache keep of it (the text outlined and parsed: HCL written out of JSON). */
  cached?: { key: string | undefined; entry: CacheEntry; changed: boolean };
}

export interface ModuleDir {
  dir: string;
  files: TfFile[];
  /** terraform.tfvars first, then *.auto.tfvars in name order: later ones win. */
  vars: TfFile[];
}

/**
 * One buffer every file is read into, by every scan: most files are looked at, not kept, and
 * what is read is used before the next read (no scan awaits between the two).
 */
const buffer = new FileBuffer();

/** The Terraform files of a scan, by folder, read and parsed on demand. */
export class TerraformFiles {
  /** The folders met, each with its files. */
  readonly dirs = new Map<string, ModuleDir>();
  /** Variable files too large or unreadable: any variable of their directory may be in them. */
  readonly unreadVars = new Set<TfFile>();
  parsed = 0;
  scanned = 0;
  /** Files outlined and parses run (the others were found in the parse cache). */
  outlined = 0;
  parses = 0;
  /** Sets of plain blocks read without the parser (plain-blocks.ts), never from the cache. */
  plainReads = 0;
  private seen = new Set<string>();
  private parser: Parser | undefined;
  private types: readonly string[] = [];

  /** Every file listed, by path: any file's text and tree can be asked for. */
  readonly byPath = new Map<string, TfFile>();

  constructor(
    /** A path as findings show it. */
    private rel: (path: string) => string,
    /** Where warnings go (the scan's own list). */
    private warnings: string[],
    private options: LoadOptions = {},
  ) {}

  /** The parser, once loaded (files are listed and read before it is). */
  setParser(parser: Parser): void {
    this.parser = parser;
    this.types = parser.language?.types ?? [];
  }

  /**
   * What this process and the parse cache hold of a file's text: the entry an earlier scan of
   * the same text made (an edit plan's verification scans a root again), else the cache's
   * (read once), else a new one.
   */
  private entryOf(file: TfFile, text: string): CacheEntry {
    if (!file.cached) {
      const cache = this.options.cache;
      const key = cache?.key(text);
      let entry = memoEntry(text);
      // kept in memory only so far: written to the cache after this run
      let changed = entry !== undefined && key !== undefined;
      if (!entry) {
        entry = (key === undefined ? undefined : cache?.get(key, text.length)) ?? {
          trees: new Map(),
        };
        changed = false;
        keepEntry(text, entry);
      }
      file.cached = { key, entry, changed };
    }
    return file.cached.entry;
  }

  /** After a run: the entries that changed written back (once each, whole). */
  saveCache(): void {
    const cache = this.options.cache;
    if (!cache) return;
    for (const file of this.byPath.values())
      if (file.cached?.changed && file.cached.key !== undefined)
        cache.set(file.cached.key, file.cached.entry);
    cache.prune();
  }

  /**
   * The one place a file's bytes are read (valid until the next read; undefined past
   * TERRAFORM_FILE_MAX_BYTES).
   */
  private readBytes(path: string): Buffer | undefined {
    const over = this.options.overlay?.get(path);
    return over !== undefined ? Buffer.from(over) : buffer.read(path);
  }

  addFile(path: string): void {
    const dir = dirname(path);
    let moduleDir = this.dirs.get(dir);
    if (!moduleDir) this.dirs.set(dir, (moduleDir = { dir, files: [], vars: [] }));
    if (this.seen.has(path)) return; // the same file reached through two roots or a module call
    this.seen.add(path);
    if (isOverrideFile(path))
      this.warnings.push(
        `${this.rel(path)}: a Terraform override file, which the scan does not merge into the blocks it overrides: a user it renames or a value it replaces is located as written, and the fix does not edit its folder`,
      );
    // read by an earlier scan, and not among the texts standing in for files: as it was found
    const reads = this.options.wholeFiles ? undefined : this.options.reads;
    const known = this.options.overlay?.has(path) ? undefined : reads?.files.get(path);
    if (known) {
      this.scanned++;
      const file: TfFile = {
        path,
        rel: this.rel(path),
        text: known.text,
        hasIam: known.hasIam,
        hasModule: known.hasModule,
        ...(known.outline !== undefined && { outline: known.outline }),
      };
      this.byPath.set(path, file);
      if (known.vars) this.addVars(moduleDir, file);
      else moduleDir.files.push(file);
      return;
    }
    let bytes: Buffer | undefined;
    let unread: string | undefined;
    try {
      bytes = this.readBytes(path);
      if (!bytes) unread = `larger than ${TERRAFORM_FILE_MAX_BYTES / 2 ** 20} MiB, not parsed`;
    } catch (error) {
      unread = `cannot be read (${(error as Error).message})`;
    }
    if (!bytes) {
      if (isAutoVars(path)) {
        // what it sets is not known: no variable of the directory is taken from elsewhere
        const file: TfFile = {
          path,
          rel: this.rel(path),
          text: '',
          hasIam: false,
          hasModule: false,
        };
        this.unreadVars.add(file);
        this.addVars(moduleDir, file);
        this.warnings.push(`${file.rel}: ${unread}; the variables of its directory are not known`);
      } else this.warnings.push(`${this.rel(path)}: ${unread}; IAM users in it are not located`);
      return;
    }
    this.scanned++;
    const file: TfFile = {
      path,
      rel: this.rel(path),
      text: undefined,
      hasIam: false,
      hasModule: false,
    };
    this.byPath.set(path, file);
    const vars = isAutoVars(path);
    if (vars) {
      file.text = bytes.toString('utf8');
      this.addVars(moduleDir, file);
    } else {
      // Decoded (and kept) only when it may be parsed: most of a monorepo is neither.
      const mayIam = bytes.includes('aws_iam_');
      if (mayIam || bytes.includes('module')) {
        const text = bytes.toString('utf8');
        this.worthParsing(file, text, mayIam);
        if (file.hasIam || file.hasModule) file.text = text;
      }
      moduleDir.files.push(file);
    }
    if (reads && !this.options.overlay?.has(path))
      reads.files.set(path, {
        hasIam: file.hasIam,
        hasModule: file.hasModule,
        text: file.text,
        ...(file.outline !== undefined && { outline: file.outline }),
        vars,
      });
  }

  /**
   * Whether a file defines a user or a block of one (a resource of USER_RESOURCE_TYPES, as the
   * type of a top-level block, not in a string, heredoc or comment), or calls a module. A file
   * that holds neither is still read for the locals and variables a reference asks for.
   */
  private worthParsing(file: TfFile, text: string, mayIam: boolean): void {
    if (this.options.wholeFiles) {
      file.hasIam = file.hasModule = true;
      return;
    }
    if (isJsonSyntax(file.path)) {
      file.hasIam = mayIam && USER_RESOURCE_KEY.test(text);
      file.hasModule = MODULE_KEY.test(text);
      return;
    }
    const iam = mayIam && USER_RESOURCE.test(text);
    const module = MODULE_WORD.test(text);
    if (!iam && !module) return;
    const found = this.outlineOf(file, text);
    if (!found) {
      // not sure of its structure: as before the outline (parsed whole, when at all)
      file.hasIam = iam;
      file.hasModule = module && MODULE_BLOCK.test(text);
      return;
    }
    for (const block of found) {
      if (block.type === 'module') file.hasModule = true;
      else if (block.type === 'resource' && USER_RESOURCE_TYPES.has(block.labels[0] ?? ''))
        file.hasIam = true;
    }
  }

  /**
   * A module call that can define no user: its `source` a plain local path (written once in
   * the block) to a scanned folder none of whose files defines a user or calls a module. Its
   * folder is then resolved as its own root, with the same (empty) result.
   */
  private callsNoUsers(file: TfFile, text: string, block: OutlineBlock): boolean {
    if (block.type !== 'module') return false;
    const body = text.slice(block.start, block.end);
    if (body.indexOf('source') !== body.lastIndexOf('source')) return false;
    const source = LOCAL_SOURCE.exec(body)?.[1];
    if (source === undefined) return false;
    const child = this.dirs.get(resolve(dirname(file.path), source));
    return child !== undefined && !child.files.some((f) => f.hasIam || f.hasModule);
  }

  /** A file's outline: found in the parse cache, or made (once) and kept there. */
  private outlineOf(file: TfFile, text: string): OutlineBlock[] | undefined {
    if (file.outline === undefined) {
      const entry = this.entryOf(file, text);
      if (entry.outline !== undefined) file.outline = entry.outline;
      else {
        this.outlined++;
        file.outline = outline(text) ?? null;
        entry.outline = file.outline;
        if (file.cached) file.cached.changed = true;
      }
    }
    return file.outline ?? undefined;
  }

  addVars(dir: ModuleDir, file: TfFile): void {
    dir.vars.push(file);
    dir.vars.sort((a, b) => varsRank(a.path) - varsRank(b.path) || (a.path < b.path ? -1 : 1));
  }

  /** A file's text: kept for the files worth parsing, read again for the others. */
  textOf(file: TfFile): string {
    if (file.text === undefined) {
      let why = `larger than ${TERRAFORM_FILE_MAX_BYTES / 2 ** 20} MiB`;
      let bytes: Buffer | undefined;
      try {
        bytes = this.readBytes(file.path);
      } catch (error) {
        why = (error as Error).message;
      }
      if (!bytes)
        this.warnings.push(`${file.rel}: cannot be read (${why}); its values are not used`);
      file.text = bytes ? bytes.toString('utf8') : '';
    }
    return file.text;
  }

  /**
   * Parses a file's text (only the ranges given, when given), through the cache when there is
   * one. What is returned is the caller's own (the rows of a .tf.json file's tree are moved).
   */
  private parseHere(file: TfFile, text: string, ranges?: Range[]): TreeData {
    // plain blocks are read from the text as cheaply as from the cache: neither kept there nor
    // in the block memo
    const plain = ranges && plainReader(this.parser as Parser)?.(text, ranges);
    if (plain) {
      this.plainReads++;
      return plain;
    }
    const part = ranges?.map((r) => `${r.startIndex}-${r.endIndex}`).join(',') ?? '';
    const entry = this.entryOf(file, text);
    const cached = entry.trees.get(part);
    if (cached) {
      if (validTreeData(cached, text.length, this.types.length)) {
        // its blocks, for a later scan of this text with one of them changed (once a run)
        if (ranges && !entry.split) {
          entry.split = true;
          deferBlocks(text, ranges, cached);
        }
        return copyOf(cached);
      }
      if (file.cached?.key !== undefined) this.options.cache?.corrupted(file.cached.key);
      entry.trees.delete(part);
    }
    const data = ranges ? this.parseBlocks(text, ranges) : this.parse(text);
    if (ranges) entry.split = true;
    entry.trees.set(part, copyOf(data));
    if (file.cached) file.cached.changed = true;
    return data;
  }

  /**
   * One run of the parser (on the ranges given, when given), its tree as plain data. (Plain
   * blocks never come here: parseHere reads them, and the memo below each plain block alone.)
   */
  private parse(text: string, ranges?: Range[]): TreeData {
    this.parses++;
    return withTree(this.parser as Parser, text, ranges, (tree) =>
      snapshot(tree, text, this.types),
    );
  }

  /**
   * The tree of the needed blocks (`ranges`) of a text: the blocks this run has parsed before
   * (the same text, anywhere) taken from the block memo, only the others parsed (and kept).
   */
  private parseBlocks(text: string, ranges: Range[]): TreeData {
    // only a scan with an overlay (a verification) has texts made of blocks seen before
    if (!this.options.overlay) {
      const data = this.parse(text, ranges);
      deferBlocks(text, ranges, copyOf(data));
      return data;
    }
    takeDeferred();
    let unseen = unseenBlocks(text, ranges);
    const plainRead = plainReader(this.parser as Parser);
    if (plainRead && unseen.length > 0) {
      // the plain ones among the blocks not seen read alone, and kept: only the others parsed
      for (const i of unseen) {
        const one = [ranges[i] as Range];
        const data = plainRead(text, one);
        if (data) keepBlocks(text, one, data);
      }
      unseen = unseenBlocks(text, ranges);
    }
    if (unseen.length === ranges.length) {
      const data = this.parse(text, ranges);
      keepBlocks(text, ranges, data);
      return data;
    }
    if (unseen.length > 0) {
      const some = unseen.map((i) => ranges[i] as Range);
      // broken, or not one block a range: all of them parsed together, as without the memo
      if (!keepBlocks(text, some, this.parse(text, some))) return this.parse(text, ranges);
    }
    return joinBlocks(text, ranges) ?? this.parse(text, ranges);
  }

  /** A file's syntax tree (parsed on first need). */
  treeOf(file: TfFile): SyntaxTree {
    if (!file.tree) {
      const text = this.textOf(file);
      if (isJsonSyntax(file.path)) {
        // written out as HCL, its lines pointing back into the JSON
        const converted = jsonAsHcl(text, templateReader(this.parser as Parser));
        if (typeof converted === 'string')
          this.warnings.push(`${file.rel}: ${converted}; IAM users in it are not located`);
        const hcl = typeof converted === 'string' ? '' : converted.hcl;
        const data = this.parseHere(file, hcl);
        if (typeof converted !== 'string') remapRows(data, converted.lines);
        file.tree = new SyntaxTree(hcl, data, this.types);
      } else file.tree = new SyntaxTree(text, this.parseHere(file, text), this.types);
    }
    return file.tree;
  }

  private varsAttributes = new Map<TfFile, Map<string, Node> | undefined>();

  /** The attributes of a .tfvars file (parsed once). */
  /** The attributes of a .tfvars file (parsed once); undefined when it is not valid HCL. */
  attributes(file: TfFile): Map<string, Node> | undefined {
    if (this.varsAttributes.has(file)) return this.varsAttributes.get(file);
    this.parsed++;
    const tree = this.treeOf(file);
    const body = tree.rootNode.namedChildren.find((c) => c.type === 'body') ?? null;
    const attrs = tree.hasError ? undefined : attributesOf(body);
    if (!attrs)
      this.warnings.push(`${file.rel}: not valid HCL; the variables it names are not known`);
    this.varsAttributes.set(file, attrs);
    return attrs;
  }

  private varsValues = new Map<TfFile, Map<string, Value | undefined> | undefined>();

  /**
   * The values of a .tfvars.json file (read once), with the line of each value; undefined when
   * it is not a JSON object (strict JSON: no trailing comma, no key twice). Terraform reads its
   * strings as templates: one with `${` or `%{` in it is unknown here, never taken as text.
   */
  jsonVars(file: TfFile): Map<string, Value | undefined> | undefined {
    if (this.varsValues.has(file)) return this.varsValues.get(file);
    this.parsed++;
    const text = this.textOf(file);
    let document: Value | undefined;
    try {
      JSON.parse(text);
      document = decodeDocument(text, file.rel, undefined);
    } catch {
      document = undefined;
    }
    const values =
      document?.kind === 'map'
        ? new Map(document.entries.map((e) => [e.key, hasTemplate(e.value) ? undefined : e.value]))
        : undefined;
    if (!values)
      this.warnings.push(
        `${file.rel}: not a JSON object of variable values; the variables it names are not known`,
      );
    this.varsValues.set(file, values);
    return values;
  }

  /** A file's top-level blocks (the file is parsed once, on first need). */
  blocks(file: TfFile): Block[] {
    if (file.blocks) return file.blocks;
    if (!this.options.wholeFiles && !isJsonSyntax(file.path)) {
      // Only the blocks the scan reads, found by the outline, are handed to the parser: most
      // of a file full of roles and policies is never parsed.
      const text = this.textOf(file);
      const needed = this.outlineOf(file, text)?.filter(
        (b) => isNeededBlock(b.type, b.labels) && !this.callsNoUsers(file, text, b),
      );
      if (needed && needed.length === 0) return (file.blocks = []); // nothing to parse
      this.parsed++;
      if (needed) {
        const tree = new SyntaxTree(
          text,
          this.parseHere(file, text, rangesOf(text, needed)),
          this.types,
        );
        // a block the parser finds broken: the whole file, as before, for its warning
        if (!tree.hasError) return (file.blocks = topLevelBlocks(tree));
      }
    } else this.parsed++;
    const tree = this.treeOf(file);
    file.blocks = topLevelBlocks(tree);
    if (tree.hasError) {
      const bad = file.blocks.find((b) => b.hasError)?.line ?? tree.tree.errorLine;
      this.warnings.push(
        `${file.rel}: not valid HCL${bad ? ` near line ${bad}` : ''}; IAM users defined in the broken part may not be located`,
      );
      file.blocks = file.blocks.filter((b) => !b.hasError);
    }
    return file.blocks;
  }
}

const copyOf = (tree: TreeData): TreeData => ({ ...tree, data: tree.data.slice() });

function hasTemplate(value: Value): boolean {
  const stack = [value];
  for (let v = stack.pop(); v; v = stack.pop()) {
    if (v.kind === 'string' && /[$%]\{/.test(v.value)) return true;
    if (v.kind === 'list') for (const item of v.items) stack.push(item);
    if (v.kind === 'map') for (const entry of v.entries) stack.push(entry.value);
  }
  return false;
}
