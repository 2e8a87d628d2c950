import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { TerraformLifecycle } from '../engine/types.js';
import {
  asString,
  attributesOf,
  lineOf,
  evaluate,
  type Block,
  type FileSource,
  type Scope,
  type Value,
} from './hcl.js';
import type { Parser } from 'web-tree-sitter';
import { assertTerraformDir, discoverTerraformFiles } from './discover.js';
import { ReadableArea, withSep } from './files.js';
import { TerraformFiles, type ModuleDir, type TfFile } from './load.js';
import { ParseCache } from './parse-cache.js';
import { grammarDigest, terraformParser } from './parser.js';
import {
  chooseRemoval,
  countElement,
  expandInstances,
  Lines,
  shareChecked,
  type DefinitionKind,
  type Level,
} from './instances.js';
import {
  LABEL_ORDER,
  LABEL_UNFOLLOWED,
  nullLabelId,
  toggleInputs,
  userModuleOf,
  type ToggleInputs,
  type UserModule,
} from './registry.js';
import { RELATED_TYPES } from './related-types.js';
import { attachRelated, elementOf, lifecycleOf, type Place, type RelatedBlock } from './related.js';
import type { Removal } from './removal.js';
import type { SyntaxNode as Node } from './syntax.js';

export type { RelatedBlock };

export type { DefinitionKind };

/** Where one IAM user is defined. */
export interface UserDefinition {
  user: string;
  /** The string that names the user: the `name = "..."` value or the for_each element/key. */
  file: string;
  line: number;
  address: string;
  kind: DefinitionKind;
  /** The resource (or module call) block. */
  block: { file: string; line: number; address: string };
  related: RelatedBlock[];
  /**
   * For the terraform-aws-modules iam-user module: whether it creates a key / login profile,
   * and the inputs that turn them off in the version the call's `version` selects.
   */
  moduleCreates?: { accessKey: boolean; loginProfile: boolean; inputs?: ToggleInputs };
  /** The `aws_iam_user` resource's lifecycle, when it changes the fix. */
  lifecycle?: TerraformLifecycle;
  /** `force_destroy = true` (or the module input): credentials made outside do not block the destroy. */
  forceDestroy?: true;
  /** The root module folder the definition is reached from (as findings show paths; `.` for the working directory). */
  root: string;
  /** What to remove to make this instance go away, when it is not its own block (see removal.ts). */
  removal?: Removal;
}

/** A block whose user names are not known statically, but whose name template is. */
export interface PossibleDefinition {
  file: string;
  line: number;
  /** The block (or the outermost module call it is reached through). */
  address: string;
  /** The name as written: `chris-${var.cgid}`. */
  template: string;
  /** Matches the user names the template can make (case aside, as IAM compares them). */
  pattern: RegExp;
}

export interface TerraformIndex {
  /** By lower-cased user name (IAM names are unique regardless of case). */
  users: Map<string, UserDefinition[]>;
  /** Blocks that may define users the index could not name (see PossibleDefinition). */
  possible: PossibleDefinition[];
  warnings: string[];
  filesScanned: number;
  filesParsed: number;
  /** Of those, the files outlined and the parses run: the rest came from the parse cache. */
  filesOutlined: number;
  parses: number;
}

export { RELATED_TYPES } from './related-types.js';
const MAX_MODULE_DEPTH = 8;
/** Locals and variables resolved through one another, at most (`a = local.b`, `b = local.c`, ...). */
const MAX_REFERENCE_CHAIN = 256;
/**
 * Local module instances followed in one scan. Nested `for_each` multiply (8 levels of 10 are
 * 10^8 instances): past this many, the rest are left out with a warning, not followed until
 * the memory runs out. Real repositories have hundreds.
 */
export const MAX_MODULE_INSTANCES = 10_000;
export { listTerraformFiles, TERRAFORM_FILE_MAX_BYTES } from './discover.js';

/** The outermost local-module call a definition is reached through. */
interface Via {
  kind: DefinitionKind;
  block: { file: string; line: number; address: string };
  /** For a call repeated with `for_each`: the element that makes this instance. */
  element?: Place | undefined;
  /** The repeated module calls on the way, outermost first. */
  levels: Level[];
}

const forEachElement = (kind: DefinitionKind, scope: Scope): Place | undefined =>
  kind === 'for_each' ? elementOf(scope) : undefined;

/**
 * Where a user's name is written: where its value is, or — for a name built in the block itself
 * (`"ext-${each.key}"`, written nowhere as such) — the for_each element it is built from.
 */
function namePlace(
  name: Value,
  nameNode: Node,
  file: string,
  block: Block,
  element?: Place,
): Place {
  const builtHere = name.file === file && name.line === lineOf(nameNode);
  return (builtHere && element) || { file: name.file, line: name.line || block.line };
}

/** `force_destroy = true` on a user block or module call, as a definition's field. */
function forceDestroyOf(attrs: Map<string, Node>, scope: Scope): { forceDestroy?: true } {
  const value = evaluate(attrs.get('force_destroy'), scope);
  return value?.kind === 'bool' && value.value ? { forceDestroy: true } : {};
}

/** How a scan runs (see load.ts). */
export interface ScanOptions {
  /** Parse every file whole (the index is the same; what the prefilter is tested against). */
  wholeFiles?: boolean;
  /** A folder where parsed trees are kept across runs (created if missing). */
  cacheDir?: string | undefined;
  /** Texts that stand in for files on disk (by absolute path): a fix plan's edits, checked. */
  overlay?: ReadonlyMap<string, string> | undefined;
}

/** Scans Terraform directories and finds where every IAM user is defined. */
export async function scanTerraform(
  roots: readonly string[],
  cwd: string = process.cwd(),
  options: ScanOptions = {},
): Promise<TerraformIndex> {
  // Started first: the WebAssembly compiles in the background while the files are read.
  const loading = terraformParser();
  loading.catch(() => undefined); // awaited below, after the reading
  const scanner = new Scanner(cwd, options);
  const dirs = roots.map((root) => resolve(cwd, root));
  // every root first: a link from one scanned folder into another is followed
  for (const dir of dirs) {
    assertTerraformDir(dir);
    scanner.addRoot(dir);
  }
  for (const dir of dirs) scanner.addFolder(dir, true);
  await scanner.run(await loading);
  scanner.finish();
  return scanner.result();
}

class Scanner {
  private users = new Map<string, UserDefinition[]>();
  private warnings: string[] = [];

  private cwdPrefix: string;
  /** The files: read, kept or not, parsed on demand (load.ts). */
  private load: TerraformFiles;

  constructor(
    private cwd: string,
    private options: ScanOptions = {},
  ) {
    this.cwdPrefix = cwd.endsWith(sep) ? cwd : cwd + sep;
    // the cache is read as the files are (a file found there is not even outlined)
    const cache =
      options.cacheDir === undefined
        ? undefined
        : new ParseCache(resolve(cwd, options.cacheDir), grammarDigest(), (m) =>
            this.warnings.push(m),
          );
    this.load = new TerraformFiles((path) => this.rel(path), this.warnings, {
      ...(options.wholeFiles && { wholeFiles: true }),
      ...(options.overlay && { overlay: options.overlay }),
      ...(cache && { cache }),
    });
  }

  /** After the run: what the parse cache learnt written, and the cache kept within its bound. */
  finish(): void {
    this.load.saveCache();
  }

  private get dirs(): Map<string, ModuleDir> {
    return this.load.dirs;
  }

  private get unreadVars(): Set<TfFile> {
    return this.load.unreadVars;
  }

  private textOf(file: TfFile): string {
    return this.load.textOf(file);
  }

  private blocks(file: TfFile): Block[] {
    return this.load.blocks(file);
  }

  private attributes(file: TfFile): Map<string, Node> | undefined {
    return this.load.attributes(file);
  }

  private jsonVars(file: TfFile): Map<string, Value | undefined> | undefined {
    return this.load.jsonVars(file);
  }

  /**
   * What may be read for the Terraform: the scanned folders (links resolved). `file()` reads
   * and symlinks met in a listing stay inside (a module folder's links may stay in it too).
   */
  private area = new ReadableArea();

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
    const { files, refused } = discoverTerraformFiles(dir, { recursive, area: this.area });
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
      real = realpathSync(dir);
    } catch {
      return true; // does not exist: reported as not found
    }
    this.realCwd ??= withSep(realpathSync(this.cwd));
    return withSep(real).startsWith(this.realCwd) || this.area.rootOf(real) !== undefined;
  }

  result(): TerraformIndex {
    for (const { name, block } of this.pendingRelated)
      for (const def of this.users.get(name) ?? [])
        if (!def.related.some((r) => r.address === block.address)) def.related.push(block);
    shareChecked([...this.users.values()].flat());
    if (this.unresolved.length > 0) {
      const shown = this.unresolved
        .slice(0, 20)
        .map((u) => `${u.file}:${u.line} (\`${u.address}\`)`);
      if (this.unresolved.length > 20) shown.push(`${this.unresolved.length - 20} more`);
      this.warnings.push(
        `${this.unresolved.length} IAM user block${this.unresolved.length === 1 ? "'s names are" : "s' names are"} not resolvable statically (values from -var-file, a variable without default, a computed name such as module.this.id); their users are not located: ${shown.join(', ')}`,
      );
    }
    return {
      users: this.users,
      possible: this.possible,
      warnings: this.warnings,
      filesScanned: this.load.scanned,
      filesParsed: this.load.parsed,
      filesOutlined: this.load.outlined,
      parses: this.load.parses,
    };
  }

  /** The root module being resolved, as findings show paths (`.`: the working directory). */
  private rootRel(): string {
    return this.rootDir === undefined ? '.' : this.rel(this.rootDir) || '.';
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
    for (const dir of this.dirs.values())
      for (const file of dir.files) {
        if (!file.hasModule) continue;
        for (const block of this.blocks(file)) {
          const source =
            block.type === 'module'
              ? asString(evaluate(attributesOf(block.body).get('source'), this.emptyScope(file)))
              : undefined;
          if (source && isLocalSource(source)) called.add(resolve(dir.dir, source));
        }
      }
    for (const dir of [...this.dirs.values()]) {
      if (called.has(dir.dir)) continue;
      this.rootDir = dir.dir; // `path.root` for this module and the modules it calls
      await this.resolveModule(dir, '', undefined, 0, new Set());
    }
  }

  private emptyScope(file: TfFile): Scope {
    return {
      file: file.rel,
      local: () => undefined,
      variable: () => undefined,
      dir: dirname(file.path),
      readFile: this.readFile,
    };
  }

  /** What `file()` read (once per path), or why not and the calls already told. */
  private files = new Map<
    string,
    { source: FileSource } | { refused: string; calls: Set<string> }
  >();
  /** The working directory with its links resolved (and a separator), where modules may be. */
  private realCwd: string | undefined;

  /**
   * What `file()` reads: a regular file of at most 1 MiB inside the scanned folders, through no
   * hidden folder, symlinks resolved — never `.git/config`, `.terraform/`, the rest of the
   * repository or a path a pull request points elsewhere (an unknown value instead).
   */
  private readFile = (
    path: string,
    dir: string | undefined,
    from: string,
  ): FileSource | undefined => {
    const full = resolve(dir ?? this.cwd, path);
    let file = this.files.get(full);
    if (!file) {
      const rel = this.rel(full);
      const over = this.options.overlay?.get(full);
      const read = over !== undefined ? { text: over } : this.area.read(full);
      file =
        'text' in read
          ? { source: { text: read.text, rel } }
          : { refused: read.why, calls: new Set() };
      this.files.set(full, file);
    }
    // refused: said once for every call that asks
    if ('refused' in file && !file.calls.has(from)) {
      file.calls.add(from);
      this.warnings.push(
        `${from}: file("${this.rel(full)}") not read: ${file.refused}; users named in it are not located`,
      );
    }
    return 'source' in file ? file.source : undefined;
  };

  /**
   * Scopes for a module directory: its locals and variable defaults (or the caller's inputs),
   * looked up on demand — a file is parsed for them only if it can declare the name asked for.
   */
  private moduleScope(
    dir: ModuleDir,
    inputs: Map<string, Value | undefined> | undefined,
  ): (file: TfFile) => Scope {
    const cache = new Map<string, Value | undefined>();
    const visiting = new Set<string>();
    const declared = new Map<string, { node: Node; file: TfFile }>();
    const indexed = new Set<TfFile>();
    const find = (kind: 'local' | 'variable', name: string) => {
      const key = `${kind}.${name}`;
      const keyword = kind === 'local' ? 'locals' : 'variable';
      // Files already in memory first (the one asking, usually): a name is declared once in a
      // module, so the order changes nothing but what is read again from disk.
      const inMemory = dir.files.filter((f) => f.text !== undefined);
      for (const file of [...inMemory, ...dir.files.filter((f) => f.text === undefined)]) {
        if (declared.has(key)) break;
        if (indexed.has(file)) continue;
        const text = this.textOf(file);
        if (!text.includes(keyword) || !text.includes(name)) continue;
        indexed.add(file);
        for (const block of this.blocks(file)) {
          if (block.type === 'locals')
            for (const [n, node] of attributesOf(block.body))
              declared.set(`local.${n}`, { node, file });
          if (block.type === 'variable' && block.labels[0]) {
            const def = attributesOf(block.body).get('default');
            if (def) declared.set(`variable.${block.labels[0]}`, { node: def, file });
          }
        }
      }
      return declared.get(key);
    };
    // A root module's variables come from its tfvars before their defaults: the last file
    // that sets one decides, even when its value cannot be known (then nothing is located).
    const fromVars = (name: string): { value: Value | undefined } | undefined => {
      if (inputs) return undefined;
      for (const file of [...dir.vars].reverse()) {
        if (this.unreadVars.has(file)) return { value: undefined };
        if (!this.textOf(file).includes(name)) continue;
        // a broken file that mentions the name may set it: unknown, not an earlier value
        if (file.path.endsWith('.json')) {
          const values = this.jsonVars(file);
          if (values === undefined || values.has(name)) return { value: values?.get(name) };
          continue;
        }
        const attrs = this.attributes(file);
        if (attrs === undefined) return { value: undefined };
        const node = attrs.get(name);
        if (node) return { value: evaluate(node, this.emptyScope(file)) };
      }
      return undefined;
    };
    const rootDir = this.rootDir;
    const make = (file: TfFile): Scope => ({
      file: file.rel,
      dir: dir.dir,
      ...(rootDir !== undefined && { rootDir }),
      readFile: this.readFile,
      local: (name) => resolveName('local', name),
      // a module input the caller passed wins (even when unknown); else the variable's default
      variable: (name) => (inputs?.has(name) ? inputs.get(name) : resolveName('variable', name)),
    });
    const resolveName = (kind: 'local' | 'variable', name: string): Value | undefined => {
      const key = `${kind}.${name}`;
      if (cache.has(key)) return cache.get(key);
      if (kind === 'variable') {
        const given = fromVars(name);
        if (given) {
          cache.set(key, given.value);
          return given.value;
        }
      }
      const found = find(kind, name);
      // a cycle, or a chain of locals deeper than any real one (each link is a level of
      // recursion here: 50,000 of them would exhaust the stack)
      if (!found || visiting.has(key) || visiting.size >= MAX_REFERENCE_CHAIN) return undefined;
      visiting.add(key);
      const value = evaluate(found.node, make(found.file));
      visiting.delete(key);
      cache.set(key, value);
      return value;
    };
    return make;
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
    const scopeFor = this.moduleScope(dir, inputs);

    const users: { label: string; instances: UserDefinition[] }[] = [];
    const related: { block: Block; file: TfFile }[] = [];
    for (const file of dir.files) {
      if (!file.hasIam && !file.hasModule) continue;
      for (const block of this.blocks(file)) {
        if (block.type === 'resource' && block.labels[0] === 'aws_iam_user' && block.labels[1]) {
          users.push({
            label: block.labels[1],
            instances: this.userInstances(block, file, scopeFor(file), prefix, via),
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
      attachRelated(block, file.rel, scopeFor(file), prefix, byLabel, this.pendingRelated);
    for (const { instances } of users) for (const def of instances) this.add(def);
    stack.delete(dir.dir);
  }

  private add(def: UserDefinition): void {
    const key = def.user.toLowerCase();
    const list = this.users.get(key);
    if (list) list.push(def);
    else this.users.set(key, [def]);
  }

  /** The users one `aws_iam_user` block defines: one, or one per for_each / count instance. */
  private userInstances(
    block: Block,
    file: TfFile,
    scope: Scope,
    prefix: string,
    via: Via | undefined,
  ): UserDefinition[] {
    const attrs = attributesOf(block.body);
    const base = `${prefix}aws_iam_user.${block.labels[1]}`;
    const nameNode = attrs.get('name');
    if (!nameNode) return [];
    const lifecycle = lifecycleOf(block, file.rel);
    const instances = expandInstances(attrs, scope);
    let unresolved = instances.length === 0 && this.repeatsUnknown(attrs, scope);
    const defs = instances.flatMap(({ key, scope: inner, kind, written }) => {
      const name = evaluate(nameNode, inner);
      const user = asString(name);
      if (!name || user === undefined) {
        unresolved = true;
        return [];
      }
      const address = `${base}${key}`;
      const at = namePlace(
        name,
        nameNode,
        file.rel,
        block,
        via ? via.element : forEachElement(kind, inner),
      );
      const own: Level[] =
        written === undefined
          ? []
          : [
              {
                file: file.rel,
                line: block.line,
                address: base,
                written:
                  written ??
                  (kind === 'count'
                    ? countElement(attrs, name, nameNode, inner.countIndex ?? 0, instances.length, {
                        file: file.rel,
                        line: block.line,
                        address: base,
                      })
                    : null),
              },
            ];
      const removal = chooseRemoval([...(via?.levels ?? []), ...own], this.lines);
      return [
        {
          user,
          ...at,
          address,
          // Inside a local module, what to delete is the module call (or its for_each element).
          kind: via ? via.kind : kind,
          block: via ? via.block : { file: file.rel, line: block.line, address: base },
          related: [],
          root: this.rootRel(),
          ...(lifecycle && { lifecycle }),
          ...forceDestroyOf(attrs, inner),
          ...(removal && { removal }),
        },
      ];
    });
    if (unresolved) this.unresolvedName(file, block.line, base, nameNode, via);
    return defs;
  }

  /** Whether a block's `for_each` is not known here (not: known and empty). */
  private repeatsUnknown(attrs: Map<string, Node>, scope: Scope): boolean {
    const forEach = attrs.get('for_each');
    if (!forEach) return false;
    const kind = evaluate(forEach, scope)?.kind;
    return kind !== 'list' && kind !== 'map';
  }

  /**
   * A block whose user names are not known here (`-var-file` values, a variable without
   * default, `module.this.id`): counted in a warning, and its name template kept, so that a
   * report user who fits it is "possibly defined" there rather than unmanaged.
   */
  private unresolvedName(
    file: TfFile,
    line: number,
    address: string,
    nameNode: Node,
    via: Via | undefined,
  ): void {
    const at = via ? via.block : { file: file.rel, line, address };
    const pattern = namePattern(nameNode.text);
    this.unresolved.push({
      file: at.file,
      line: at.line,
      address: via ? `${via.block.address} (${file.rel}:${line})` : address,
      ...(pattern && { template: pattern.template }),
    });
    if (pattern) this.possible.push({ ...at, template: pattern.template, pattern: pattern.test });
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
    if (instances.length === 0 && module && this.repeatsUnknown(attrs, scope))
      this.unresolvedName(file, block.line, base, attrs.get('name') ?? block.node, via);
    for (const { key, scope: inner, kind, written } of instances) {
      const address = `${base}${key}`;
      // this call's own repetition, after the calls it is reached through
      const levels: Level[] = [
        ...(via?.levels ?? []),
        ...(written === undefined
          ? []
          : [{ file: file.rel, line: block.line, address: base, written }]),
      ];
      if (!module) {
        const childDir = resolve(dirname(file.path), source);
        let child = this.dirs.get(childDir);
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
          child = this.dirs.get(childDir);
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
        continue;
      }
      this.registryUsers(module, block, attrs, file, inner, address, kind, levels, via);
    }
  }

  /** The users a registry user module's call (one instance of it) makes. */
  private registryUsers(
    module: UserModule,
    block: Block,
    attrs: Map<string, Node>,
    file: TfFile,
    inner: Scope,
    address: string,
    kind: DefinitionKind,
    levels: Level[],
    via: Via | undefined,
  ): void {
    const where = {
      ...forceDestroyOf(attrs, inner),
      // inside a local module, what to delete is the outermost call (or its element)
      kind: via ? via.kind : kind === 'resource' ? ('module' as const) : kind,
      block: via ? via.block : { file: file.rel, line: block.line, address },
      root: this.rootRel(),
    };
    const element = via ? via.element : forEachElement(kind, inner);
    if (module === 'mineiros') {
      // `names = [...]`: one user each, `aws_iam_user.user["<name>"]` (or the one `name`)
      const namesNode = attrs.get('names') ?? attrs.get('name');
      const names = evaluate(namesNode, inner);
      const list =
        names?.kind === 'list' ? names.items : names?.kind === 'string' ? [names] : undefined;
      if (!namesNode || !list) {
        if (namesNode) this.unresolvedName(file, block.line, address, namesNode, via);
        return;
      }
      const several = attrs.has('names');
      for (const name of list) {
        const user = asString(name);
        if (user === undefined) continue;
        const removal = chooseRemoval(
          several
            ? [
                ...levels,
                { file: file.rel, line: block.line, address, written: name.element ?? null },
              ]
            : levels,
          this.lines,
        );
        this.add({
          ...where,
          user,
          ...namePlace(name, namesNode, file.rel, block, element),
          address: `${address}.aws_iam_user.user[${JSON.stringify(user)}]`,
          related: [],
          ...(removal && { removal }),
        });
      }
      return;
    }
    // cloudposse/iam-user and its like take the IAM name as `user_name` (`name` labels the
    // resources there); terraform-aws-modules takes `name`
    const nameNode = attrs.get(attrs.has('user_name') ? 'user_name' : 'name');
    const name = evaluate(nameNode, inner);
    let user = asString(name);
    if (module === 'cloudposse-label') {
      // cloudposse/iam-system-user names its user with null-label: `namespace-stage-name`
      const labels = LABEL_ORDER.map((input) => {
        const node = attrs.get(input);
        return node === undefined ? '' : asString(evaluate(node, inner));
      });
      const attributes = evaluate(attrs.get('attributes'), inner);
      const parts =
        attrs.get('attributes') === undefined
          ? []
          : attributes?.kind === 'list'
            ? attributes.items.map(asString)
            : [undefined];
      const known =
        labels.every((l) => l !== undefined) &&
        parts.every((p) => p !== undefined) &&
        !LABEL_UNFOLLOWED.some((input) => attrs.has(input));
      user = known ? nullLabelId(labels, parts as string[]) : undefined;
      if (user === '') user = undefined;
    }
    if (!nameNode) return;
    if (!name || user === undefined) {
      this.unresolvedName(file, block.line, address, nameNode, via);
      return;
    }
    const removal = chooseRemoval(levels, this.lines);
    const related: RelatedBlock[] = [];
    let moduleCreates: UserDefinition['moduleCreates'];
    if (module === 'terraform-aws-modules') {
      const version = asString(evaluate(attrs.get('version'), inner));
      const inputs = toggleInputs(version, new Set(attrs.keys()));
      const flag = (input: string) => {
        const v = evaluate(attrs.get(input), inner);
        return v?.kind === 'bool' ? v.value : true; // the module's default is true
      };
      moduleCreates = {
        accessKey: flag(inputs.accessKey),
        loginProfile: flag(inputs.loginProfile),
        inputs,
      };
      const made = (type: string) => ({
        type,
        address: `${address}.${type}.this[0]`,
        file: file.rel,
        line: block.line,
      });
      if (moduleCreates.accessKey) related.push(made('aws_iam_access_key'));
      if (moduleCreates.loginProfile) related.push(made('aws_iam_user_login_profile'));
    }
    this.add({
      ...where,
      user,
      ...namePlace(name, nameNode, file.rel, block, element),
      address:
        module === 'terraform-aws-modules'
          ? `${address}.aws_iam_user.this[0]`
          : module === 'cloudposse-label'
            ? `${address}.aws_iam_user.default[0]`
            : address,
      related,
      ...(moduleCreates && { moduleCreates }),
      ...(removal && { removal }),
    });
  }

  private pendingRelated: { name: string; block: RelatedBlock }[] = [];
  private lines = new Lines();
  private unresolved: { file: string; line: number; address: string; template?: string }[] = [];
  private possible: PossibleDefinition[] = [];
  /** The root module being resolved: `path.root` (and `path.cwd`, where Terraform runs). */
  private rootDir: string | undefined;
  private moduleInstances = 0;
}

/**
 * The template of a name written as `"chris-${var.cgid}"`: what is written, and a pattern of the
 * names it can make — only when enough is written (3 characters or more) to tell them.
 */
function namePattern(text: string): { template: string; test: RegExp } | undefined {
  const m = /^"((?:[^"\\]|\\.)*)"$/s.exec(text.trim());
  if (!m || !m[1]?.includes('${')) return undefined;
  const template = m[1];
  const literals = template.split(/\$\{[^{}]*\}/);
  if (literals.some((l) => /[$%]\{/.test(l)) || literals.join('').length < 3) return undefined;
  const escape = (l: string) => l.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return { template, test: new RegExp(`^${literals.map(escape).join('.+')}$`, 'i') };
}

function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}
