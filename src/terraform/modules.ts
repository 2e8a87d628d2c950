// Resolving module folders: every folder not called as a local module is a root; its user
// blocks, related blocks and module calls are evaluated (local calls followed with the caller's
// inputs and address prefix, registry user modules read as the users they make).
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import {
  registryUsers,
  repeatsUnknown,
  userInstances,
  type Defining,
  type Via,
} from './definitions.js';
import { discoverTerraformFiles } from './discover.js';
import { ReadableArea, withSep } from './files.js';
import { asString, attributesOf, evaluate, type Block, type Scope, type Value } from './hcl.js';
import { expandInstances, type Level } from './instances.js';
import { TerraformFiles, type ModuleDir, type TfFile } from './load.js';
import { ParseCache } from './parse-cache.js';
import { realpathOf } from './observe.js';
import { ScanReads } from './reads.js';
import { grammarDigest } from './parser.js';
import { userModuleOf } from './registry.js';
import { RELATED_TYPES } from './related-types.js';
import { attachRelated, elementOf } from './related.js';
import type { ScanOptions, TerraformIndex, UserDefinition } from './scan.js';
import { emptyScope, fileReader, moduleScope, type ReadFile } from './scope.js';
import { UserIndex } from './user-index.js';

const MAX_MODULE_DEPTH = 8;
/**
 * Local module instances followed in one scan. Nested `for_each` multiply (8 levels of 10 are
 * 10^8 instances): past this many, the rest are left out with a warning, not followed until
 * the memory runs out. Real repositories have hundreds.
 */
export const MAX_MODULE_INSTANCES = 10_000;

const isLocalSource = (source: string): boolean =>
  source.startsWith('./') || source.startsWith('../');

export class Scanner {
  private warnings: string[] = [];
  private index = new UserIndex();

  private cwdPrefix: string;
  /** The files: read, kept or not, parsed on demand (load.ts). */
  private load: TerraformFiles;
  /**
   * What may be read for the Terraform: the scanned folders (links resolved). `file()` reads
   * and symlinks met in a listing stay inside (a module folder's links may stay in it too).
   */
  private area = new ReadableArea();
  /** What `file()` reads (once per path). */
  private readFile: ReadFile;
  /** The working directory with its links resolved (and a separator), where modules may be. */
  private realCwd: string | undefined;
  /** The root module being resolved: `path.root` (and `path.cwd`, where Terraform runs). */
  private rootDir: string | undefined;
  private moduleInstances = 0;
  /** What this scan read, for later scans of the same files (see reads.ts). */
  readonly reads: ScanReads;

  constructor(
    private cwd: string,
    options: ScanOptions = {},
  ) {
    this.cwdPrefix = cwd.endsWith(sep) ? cwd : cwd + sep;
    // the cache is read as the files are (a file found there is not even outlined)
    const cache =
      options.cacheDir === undefined
        ? undefined
        : new ParseCache(resolve(cwd, options.cacheDir), grammarDigest(), (m) =>
            this.warnings.push(m),
          );
    const rel = (path: string) => this.rel(path);
    this.reads = options.reads ?? new ScanReads();
    this.load = new TerraformFiles(rel, this.warnings, {
      ...(options.wholeFiles && { wholeFiles: true }),
      ...(options.overlay && { overlay: options.overlay }),
      ...(cache && { cache }),
      reads: this.reads,
    });
    this.readFile = fileReader(cwd, rel, this.area, options.overlay, this.warnings);
  }

  /** After the run: what the parse cache learnt written, and the cache kept within its bound. */
  finish(): void {
    this.load.saveCache();
  }

  addRoot(dir: string): void {
    this.area.add(dir);
  }

  /**
   * Adds the Terraform files of a scanned folder (with its subfolders) or of a module folder
   * (alone): a symlink that leads out of the scanned folders (and that module folder), or to
   * a hidden folder, is not followed, with a warning.
   */
  addFolder(dir: string, recursive: boolean): void {
    // a local module's folder (already checked to be in the working directory or a scanned
    // folder) is readable too: its own `file("${path.module}/users.yaml")` is read, still
    // through no hidden segment below it and never outside it
    if (!recursive) this.area.add(dir);
    const { files, refused } = discoverTerraformFiles(dir, {
      recursive,
      area: this.area,
      reads: this.reads,
    });
    for (const { path, why } of refused)
      this.warnings.push(
        `${this.rel(path)}: symlink not followed: ${why}; IAM users in it are not located`,
      );
    for (const path of files) this.load.addFile(path);
  }

  /** Whether a module folder is inside the working directory or a scanned folder (links resolved). */
  private mayRead(dir: string): boolean {
    let real: string;
    try {
      real = realpathOf(dir);
    } catch {
      return true; // does not exist: reported as not found
    }
    this.realCwd ??= withSep(realpathOf(this.cwd));
    return withSep(real).startsWith(this.realCwd) || this.area.rootOf(real) !== undefined;
  }

  result(): TerraformIndex {
    return {
      ...this.index.finish(this.warnings),
      filesScanned: this.load.scanned,
      filesParsed: this.load.parsed,
      filesOutlined: this.load.outlined,
      parses: this.load.parses,
      plainReads: this.load.plainReads,
      reads: this.reads,
    };
  }

  /** Where definitions go while the current root module is resolved. */
  private defining(): Defining {
    return {
      index: this.index,
      root: this.rootDir === undefined ? '.' : this.rel(this.rootDir) || '.',
    };
  }

  private rel(path: string): string {
    // most paths are under the working directory: a prefix to cut, not a path to resolve
    if (path.startsWith(this.cwdPrefix) && sep === '/') return path.slice(this.cwdPrefix.length);
    const r = relative(this.cwd, path);
    return (isAbsolute(r) || r.startsWith('..') ? path : r).split(sep).join('/');
  }

  async run(parser: Parser): Promise<void> {
    this.load.setParser(parser);
    // Directories called as local modules are resolved through their callers (with the
    // caller's inputs and address prefix), not as roots.
    const called = new Set<string>();
    for (const dir of this.load.dirs.values())
      for (const file of dir.files) {
        if (!file.hasModule) continue;
        for (const block of this.load.blocks(file)) {
          const source =
            block.type === 'module'
              ? asString(
                  evaluate(attributesOf(block.body).get('source'), emptyScope(file, this.readFile)),
                )
              : undefined;
          if (source && isLocalSource(source)) called.add(resolve(dir.dir, source));
        }
      }
    for (const dir of [...this.load.dirs.values()]) {
      if (called.has(dir.dir)) continue;
      this.rootDir = dir.dir; // `path.root` for this module and the modules it calls
      await this.resolveModule(dir, '', undefined, 0, new Set());
    }
  }

  private async resolveModule(
    dir: ModuleDir,
    prefix: string,
    inputs: Map<string, Value | undefined> | undefined,
    depth: number,
    stack: Set<string>,
    via?: Via,
  ): Promise<void> {
    if (depth > MAX_MODULE_DEPTH || stack.has(dir.dir)) return;
    // Parse only what can hold IAM users: a directory with no IAM resource and no module call is skipped unread by the parser.
    if (!dir.files.some((f) => f.hasIam || f.hasModule)) return;
    stack.add(dir.dir);
    const scopeFor = moduleScope(this.load, this.readFile, dir, inputs, this.rootDir);

    const users: { label: string; instances: UserDefinition[] }[] = [];
    const related: { block: Block; file: TfFile }[] = [];
    for (const file of dir.files) {
      if (!file.hasIam && !file.hasModule) continue;
      for (const block of this.load.blocks(file)) {
        if (block.type === 'resource' && block.labels[0] === 'aws_iam_user' && block.labels[1]) {
          users.push({
            label: block.labels[1],
            instances: userInstances(this.defining(), block, file.rel, scopeFor(file), prefix, via),
          });
        } else if (block.type === 'resource' && RELATED_TYPES.has(block.labels[0] ?? '')) {
          related.push({ block, file });
        } else if (block.type === 'module' && block.labels[0]) {
          await this.moduleCall(block, file, scopeFor(file), prefix, depth, stack, via);
        }
      }
    }
    // by label, once: a directory of generated code may hold thousands of users
    const byLabel = new Map<string, UserDefinition[]>();
    for (const { label, instances } of users)
      if (!byLabel.has(label)) byLabel.set(label, instances);
    for (const { block, file } of related)
      attachRelated(block, file.rel, scopeFor(file), prefix, byLabel, this.index.pendingRelated);
    for (const { instances } of users) for (const def of instances) this.index.add(def);
    stack.delete(dir.dir);
  }

  private async moduleCall(
    block: Block,
    file: TfFile,
    scope: Scope,
    prefix: string,
    depth: number,
    stack: Set<string>,
    via: Via | undefined,
  ): Promise<void> {
    const attrs = attributesOf(block.body);
    const source = asString(evaluate(attrs.get('source'), scope));
    if (!source) return;
    const base = `${prefix}module.${block.labels[0]}`;
    const module = isLocalSource(source) ? undefined : userModuleOf(source);
    if (!isLocalSource(source) && !module) return;
    const instances = expandInstances(attrs, scope);
    if (instances.length === 0 && module && repeatsUnknown(attrs, scope))
      this.index.unresolvedName(file.rel, block.line, base, attrs.get('name') ?? block.node, via);
    for (const { key, scope: inner, kind, written } of instances) {
      const address = `${base}${key}`;
      // this call's own repetition, after the calls it is reached through
      const levels: Level[] = [
        ...(via?.levels ?? []),
        ...(written === undefined
          ? []
          : [{ file: file.rel, line: block.line, address: base, written }]),
      ];
      if (module) {
        registryUsers(
          this.defining(),
          module,
          block,
          attrs,
          file.rel,
          inner,
          address,
          kind,
          levels,
          via,
        );
        continue;
      }
      const childDir = resolve(dirname(file.path), source);
      let child = this.load.dirs.get(childDir);
      if (!child) {
        // a module outside the scanned folders: read it too, if it is in the repository (a
        // pull request's `source = "../../../.."` is not a way to read the machine)
        if (!this.mayRead(childDir)) {
          this.warnings.push(
            `${file.rel}:${block.line}: module source "${source}" is outside the working directory and the scanned folders, not read; IAM users in it are not located`,
          );
          continue;
        }
        try {
          this.addFolder(childDir, false);
        } catch {
          this.warnings.push(`${file.rel}:${block.line}: module source "${source}" not found`);
          continue;
        }
        child = this.load.dirs.get(childDir);
        if (!child) continue;
      }
      const inputs = new Map<string, Value | undefined>();
      for (const [name, node] of attrs) {
        if (['source', 'version', 'for_each', 'count', 'providers', 'depends_on'].includes(name))
          continue;
        inputs.set(name, evaluate(node, inner));
      }
      if (++this.moduleInstances > MAX_MODULE_INSTANCES) {
        if (this.moduleInstances === MAX_MODULE_INSTANCES + 1)
          this.warnings.push(
            `${file.rel}:${block.line}: more than ${MAX_MODULE_INSTANCES.toLocaleString('en-US')} local module instances; the rest are not followed, and IAM users in them are not located`,
          );
        return;
      }
      const outer: Via = via
        ? { ...via, levels }
        : {
            kind: kind === 'resource' ? 'module' : kind,
            block: {
              file: file.rel,
              line: block.line,
              address: kind === 'resource' ? address : base,
            },
            element: kind === 'for_each' ? elementOf(inner) : undefined,
            levels,
          };
      await this.resolveModule(child, `${address}.`, inputs, depth + 1, stack, outer);
    }
  }
}
