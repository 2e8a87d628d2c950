import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { TerraformLifecycle } from '../engine/types.js';
import {
  asString,
  attributesOf,
  blocksOf,
  lineOf,
  topLevelBlocks,
  traversalOf,
  evaluate,
  type Block,
  type FileSource,
  type Scope,
  type Value,
} from './hcl.js';
import type { Parser } from 'web-tree-sitter';
import {
  assertTerraformDir,
  discoverTerraformFiles,
  FileBuffer,
  isAutoVars,
  isJsonSyntax,
  TERRAFORM_FILE_MAX_BYTES,
  varsRank,
} from './discover.js';
import { ReadableArea, withSep } from './files.js';
import { decodeDocument } from './functions.js';
import { jsonAsHcl, type TemplateReader } from './json-syntax.js';
import { terraformParser } from './parser.js';
import type { Removal } from './removal.js';
import {
  remapRows,
  snapshot,
  SyntaxTree,
  type SyntaxNode as Node,
  type TreeData,
} from './syntax.js';

/** A block that belongs to a user: its key, login profile, policy attachment, ... */
export interface RelatedBlock {
  type: string;
  address: string;
  file: string;
  line: number;
  lifecycle?: TerraformLifecycle;
  /** For an instance of a block repeated with `for_each`: the collection element that makes it. */
  element?: Place;
}

export type DefinitionKind = 'resource' | 'for_each' | 'count' | 'module';

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
  /** For the terraform-aws-modules iam-user module: the inputs that create a key / login profile. */
  moduleCreates?: { accessKey: boolean; loginProfile: boolean };
  /** The `aws_iam_user` resource's lifecycle, when it changes the fix. */
  lifecycle?: TerraformLifecycle;
  /** `force_destroy = true` (or the module input): credentials made outside do not block the destroy. */
  forceDestroy?: true;
  /** The root module folder the definition is reached from (as findings show paths; `.` for the working directory). */
  root: string;
  /** What to remove to make this instance go away, when it is not its own block (see removal.ts). */
  removal?: Removal;
}

export interface TerraformIndex {
  /** By lower-cased user name (IAM names are unique regardless of case). */
  users: Map<string, UserDefinition[]>;
  warnings: string[];
  filesScanned: number;
  filesParsed: number;
}

/** Resource types that reference a user through `user` (or `users` for group membership). */
export const RELATED_TYPES = new Set([
  'aws_iam_access_key',
  'aws_iam_user_login_profile',
  'aws_iam_user_policy',
  'aws_iam_user_policy_attachment',
  'aws_iam_user_group_membership',
  'aws_iam_user_ssh_key',
  'aws_iam_signing_certificate',
  'aws_iam_service_specific_credential',
  'aws_iam_group_membership',
]);

const REGISTRY_IAM_USER =
  /terraform-aws-modules\/iam\/aws\/\/modules\/iam-user|terraform-aws-modules\/terraform-aws-iam(\.git)?\/\/modules\/iam-user/;
const IAM_USER_MODULE = /iam[-_]user/;
const MODULE_BLOCK = /(^|\n)\s*module\s+"/;
/** The same in Terraform's JSON syntax: a top-level `"module": {`. */
const MODULE_KEY = /"module"\s*:/;
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
}

/** A place in a file. */
type Place = { file: string; line: number };

/** Where a `for_each` element is written, when known: what a finding points to. */
const elementOf = (scope: Scope): Place | undefined => {
  const key = scope.each?.key;
  return key && key.line > 0 ? { file: key.file, line: key.line } : undefined;
};

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

interface TfFile {
  path: string;
  rel: string;
  /** Kept for the files worth parsing; the others are read again if a lookup needs them. */
  text: string | undefined;
  /** Mentions an IAM resource type: worth parsing. */
  hasIam: boolean;
  /** Calls a module. */
  hasModule: boolean;
  tree?: SyntaxTree;
  blocks?: Block[];
}

interface ModuleDir {
  dir: string;
  files: TfFile[];
  /** terraform.tfvars first, then *.auto.tfvars in name order: later ones win. */
  vars: TfFile[];
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
  const scanner = new Scanner(cwd, options.overlay);
  const dirs = roots.map((root) => resolve(cwd, root));
  // every root first: a link from one scanned folder into another is followed
  for (const dir of dirs) {
    assertTerraformDir(dir);
    scanner.addRoot(dir);
  }
  for (const dir of dirs) scanner.addFolder(dir, true);
  await scanner.run(await loading);
  return scanner.result();
}

export interface ScanOptions {
  /** Texts that stand in for files on disk (by absolute path): a fix plan's edits, checked. */
  overlay?: ReadonlyMap<string, string> | undefined;
}

class Scanner {
  private dirs = new Map<string, ModuleDir>();
  private users = new Map<string, UserDefinition[]>();
  private warnings: string[] = [];
  private parsed = 0;
  private scanned = 0;
  private parser: Parser | undefined;
  private types: readonly string[] = [];
  private seen = new Set<string>();

  private cwdPrefix: string;

  constructor(
    private cwd: string,
    private overlay?: ReadonlyMap<string, string>,
  ) {
    this.cwdPrefix = cwd.endsWith(sep) ? cwd : cwd + sep;
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
    for (const path of files) this.addFile(path);
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

  /** One buffer every file is read into: most files are looked at, not kept. */
  private buffer = new FileBuffer();

  addFile(path: string): void {
    const dir = dirname(path);
    let moduleDir = this.dirs.get(dir);
    if (!moduleDir) this.dirs.set(dir, (moduleDir = { dir, files: [], vars: [] }));
    if (this.seen.has(path)) return; // the same file reached through two roots or a module call
    this.seen.add(path);
    let bytes: Buffer | undefined;
    let unread: string | undefined;
    try {
      const over = this.overlay?.get(path);
      bytes = over !== undefined ? Buffer.from(over) : this.buffer.read(path);
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
      hasIam: bytes.includes('aws_iam_'),
      hasModule: false,
    };
    // Decoded (and kept) only when it may be parsed: most of a monorepo is neither.
    if (bytes.includes('module')) {
      file.text = bytes.toString('utf8');
      file.hasModule = (isJsonSyntax(path) ? MODULE_KEY : MODULE_BLOCK).test(file.text);
    }
    if (isAutoVars(path)) {
      file.text ??= bytes.toString('utf8');
      file.hasIam = false;
      file.hasModule = false;
      this.addVars(moduleDir, file);
      return;
    }
    if (file.hasIam || file.hasModule) {
      file.text ??= bytes.toString('utf8');
    } else file.text = undefined;
    moduleDir.files.push(file);
  }

  private addVars(dir: ModuleDir, file: TfFile): void {
    dir.vars.push(file);
    dir.vars.sort((a, b) => varsRank(a.path) - varsRank(b.path) || (a.path < b.path ? -1 : 1));
  }

  /** A file's text: kept for the files worth parsing, read again for the others. */
  private textOf(file: TfFile): string {
    if (file.text === undefined) file.text = this.overlay?.get(file.path);
    if (file.text === undefined) {
      try {
        file.text = readFileSync(file.path, 'utf8');
      } catch (error) {
        this.warnings.push(
          `${file.rel}: cannot be read (${(error as Error).message}); its values are not used`,
        );
        file.text = '';
      }
    }
    return file.text;
  }

  result(): TerraformIndex {
    for (const { name, block } of this.pendingRelated)
      for (const def of this.users.get(name) ?? [])
        if (!def.related.some((r) => r.address === block.address)) def.related.push(block);
    return {
      users: this.users,
      warnings: this.warnings,
      filesScanned: this.scanned,
      filesParsed: this.parsed,
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

  private parseHere = (text: string): TreeData => {
    const tree = (this.parser as Parser).parse(text);
    if (!tree) throw new Error('tree-sitter returned no tree');
    try {
      return snapshot(tree, text, this.types);
    } finally {
      tree.delete();
    }
  };

  /** A file's syntax tree (parsed on first need). */
  private treeOf(file: TfFile): SyntaxTree {
    if (!file.tree) {
      const text = this.textOf(file);
      if (isJsonSyntax(file.path)) {
        // written out as HCL, its lines pointing back into the JSON
        const converted = jsonAsHcl(text, this.templateReader);
        if (typeof converted === 'string')
          this.warnings.push(`${file.rel}: ${converted}; IAM users in it are not located`);
        const hcl = typeof converted === 'string' ? '' : converted.hcl;
        const data = this.parseHere(hcl);
        if (typeof converted !== 'string') remapRows(data, converted.lines);
        file.tree = new SyntaxTree(hcl, data, this.types);
      } else file.tree = new SyntaxTree(text, this.parseHere(text), this.types);
    }
    return file.tree;
  }

  /** How the strings of a .tf.json file read as templates, told by the HCL parser. */
  private templateReader: TemplateReader = {
    isExpression: (expression) => {
      const tree = (this.parser as Parser).parse(`x = (${expression})\n`);
      try {
        return tree !== null && !tree.rootNode.hasError;
      } finally {
        tree?.delete();
      }
    },
    interpolations: (template) => {
      // the template as a heredoc, whose body is the template's text unchanged
      let marker = 'EOT';
      while (template.includes(marker)) marker += '_';
      const head = `x = <<${marker}\n`;
      const tree = (this.parser as Parser).parse(`${head}${template}\n${marker}\n`);
      try {
        if (!tree || tree.rootNode.hasError) return undefined;
        const heredoc = tree.rootNode.descendantsOfType('heredoc_template')[0];
        if (!heredoc) return undefined;
        const parts: [number, number][] = [];
        for (const part of heredoc.namedChildren) {
          if (part?.type === 'template_interpolation')
            parts.push([part.startIndex - head.length, part.endIndex - head.length]);
          else if (part?.type === 'template_directive') return undefined;
        }
        return parts;
      } finally {
        tree?.delete();
      }
    },
  };

  private varsAttributes = new Map<TfFile, Map<string, Node> | undefined>();

  /** The attributes of a .tfvars file (parsed once). */
  /** The attributes of a .tfvars file (parsed once); undefined when it is not valid HCL. */
  private attributes(file: TfFile): Map<string, Node> | undefined {
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
  /** Variable files too large or unreadable: any variable of their directory may be in them. */
  private unreadVars = new Set<TfFile>();

  /**
   * The values of a .tfvars.json file (read once), with the line of each value; undefined when
   * it is not a JSON object (strict JSON: no trailing comma, no key twice). Terraform reads its
   * strings as templates: one with `${` or `%{` in it is unknown here, never taken as text.
   */
  private jsonVars(file: TfFile): Map<string, Value | undefined> | undefined {
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
  private blocks(file: TfFile): Block[] {
    if (file.blocks) return file.blocks;
    this.parsed++;
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

  async run(parser: Parser): Promise<void> {
    this.parser = parser;
    this.types = parser.language?.types ?? [];
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
      const over = this.overlay?.get(full);
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
      this.attachRelated(block, file, scopeFor(file), prefix, byLabel);
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
    return expandInstances(attrs, scope).flatMap(({ key, scope: inner, kind }) => {
      const name = evaluate(nameNode, inner);
      const user = asString(name);
      if (!name || user === undefined) return [];
      const address = `${base}${key}`;
      const at = namePlace(
        name,
        nameNode,
        file.rel,
        block,
        via ? via.element : forEachElement(kind, inner),
      );
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
        },
      ];
    });
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
    for (const { key, scope: inner, kind } of expandInstances(attrs, scope)) {
      const address = `${base}${key}`;
      if (isLocalSource(source)) {
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
        const outer: Via = via ?? {
          kind: kind === 'resource' ? 'module' : kind,
          block: {
            file: file.rel,
            line: block.line,
            address: kind === 'resource' ? address : base,
          },
          element: kind === 'for_each' ? elementOf(inner) : undefined,
        };
        await this.resolveModule(child, `${address}.`, inputs, depth + 1, stack, outer);
        continue;
      }
      if (!IAM_USER_MODULE.test(source)) continue;
      // cloudposse/iam-user and its like take the IAM name as `user_name` (`name` labels the
      // resources there); terraform-aws-modules takes `name`
      const nameNode = attrs.get(attrs.has('user_name') ? 'user_name' : 'name');
      const name = evaluate(nameNode, inner);
      const user = asString(name);
      if (!nameNode || !name || user === undefined) continue;
      const registry = REGISTRY_IAM_USER.test(source);
      const flag = (input: string) => {
        const v = evaluate(attrs.get(input), inner);
        return v?.kind === 'bool' ? v.value : true; // the module's default is true
      };
      const creates = registry
        ? {
            accessKey: flag('create_iam_access_key'),
            loginProfile: flag('create_iam_user_login_profile'),
          }
        : undefined;
      this.add({
        ...forceDestroyOf(attrs, inner),
        user,
        ...namePlace(name, nameNode, file.rel, block, forEachElement(kind, inner)),
        address: registry ? `${address}.aws_iam_user.this[0]` : address,
        kind: kind === 'resource' ? 'module' : kind,
        block: { file: file.rel, line: block.line, address },
        root: this.rootRel(),
        related:
          registry && creates
            ? [
                ...(creates.accessKey
                  ? [
                      {
                        type: 'aws_iam_access_key',
                        address: `${address}.aws_iam_access_key.this[0]`,
                        file: file.rel,
                        line: block.line,
                      },
                    ]
                  : []),
                ...(creates.loginProfile
                  ? [
                      {
                        type: 'aws_iam_user_login_profile',
                        address: `${address}.aws_iam_user_login_profile.this[0]`,
                        file: file.rel,
                        line: block.line,
                      },
                    ]
                  : []),
              ]
            : [],
        ...(creates && { moduleCreates: creates }),
      });
    }
  }

  /** Links a key / login profile / attachment block to the users it references. */
  private attachRelated(
    block: Block,
    file: TfFile,
    scope: Scope,
    prefix: string,
    users: ReadonlyMap<string, UserDefinition[]>,
  ): void {
    const type = block.labels[0] as string;
    const attrs = attributesOf(block.body);
    const target = attrs.get(type === 'aws_iam_group_membership' ? 'users' : 'user');
    if (!target) return;
    const base = `${prefix}${type}.${block.labels[1]}`;
    const lifecycle = lifecycleOf(block, file.rel);
    const entry = (address: string, element?: Place): RelatedBlock => ({
      type,
      address,
      file: file.rel,
      line: block.line,
      ...(lifecycle && { lifecycle }),
      ...(element && { element }),
    });
    const forEach = attrs.get('for_each');
    const count = attrs.get('count');
    const referencesIn = (inner: Scope) => [
      ...userReferences(target, inner),
      ...(forEach ? userReferences(forEach, inner) : []),
    ];
    const referenced = referencesIn(scope);
    if (referenced.length > 0) {
      // The instance a reference names: `aws_iam_user.x` (every instance of x),
      // `aws_iam_user.x["cal"]` or `[each.key]` (that one), an index not known here (none).
      const attach = (ref: UserReference, address: string, element?: Place) => {
        const at = `aws_iam_user.${ref.label}`;
        for (const def of users.get(ref.label) ?? [])
          if (
            ref.key === undefined ||
            (ref.key !== null && def.address.endsWith(`${at}${ref.key}`))
          )
            def.related.push(entry(address, element));
      };
      const collection = forEach ? evaluate(forEach, scope) : undefined;
      const known =
        collection?.kind === 'list' ||
        collection?.kind === 'map' ||
        (count !== undefined && evaluate(count, scope)?.kind === 'number');
      if (known) {
        // repeated over a collection known here: each instance belongs to the user it names
        for (const { key, scope: inner } of expandInstances(attrs, scope))
          for (const ref of referencesIn(inner))
            // the element is the user's only when the instance's own key picks the user
            // (`aws_iam_user.x[each.key]`); a block repeated over policies has other elements
            attach(ref, `${base}${key}`, ref.key === key ? elementOf(inner) : undefined);
      } else if (forEach !== undefined || count !== undefined) {
        // `for_each = aws_iam_user.x` (or a count over the same list): the instance keys are
        // the user's own
        for (const { label } of referenced)
          for (const def of users.get(label) ?? []) {
            const at = `aws_iam_user.${label}`;
            def.related.push(
              entry(`${base}${def.address.slice(def.address.lastIndexOf(at) + at.length)}`),
            );
          }
      } else for (const ref of referenced) attach(ref, base);
      return;
    }
    for (const { key, scope: inner } of expandInstances(attrs, scope)) {
      const value = evaluate(target, inner);
      const names = value?.kind === 'list' ? value.items.map(asString) : [asString(value)];
      for (const name of names) {
        if (name === undefined) continue;
        // attached once every directory is resolved: the user may be defined in another one
        // the element is the user's only when the name is the element (`user = each.key`)
        const element = /^each\.(key|value)$/.test(target.text.trim())
          ? elementOf(inner)
          : undefined;
        this.pendingRelated.push({
          name: name.toLowerCase(),
          block: entry(`${base}${key}`, element),
        });
      }
    }
  }

  private pendingRelated: { name: string; block: RelatedBlock }[] = [];
  /** The root module being resolved: `path.root` (and `path.cwd`, where Terraform runs). */
  private rootDir: string | undefined;
  private moduleInstances = 0;
}

function hasTemplate(value: Value): boolean {
  const stack = [value];
  for (let v = stack.pop(); v; v = stack.pop()) {
    if (v.kind === 'string' && /[$%]\{/.test(v.value)) return true;
    if (v.kind === 'list') for (const item of v.items) stack.push(item);
    if (v.kind === 'map') for (const entry of v.entries) stack.push(entry.value);
  }
  return false;
}

/**
 * A resource's `lifecycle`, when it changes the fix: `prevent_destroy = true` (Terraform refuses
 * to destroy the resource), `ignore_changes` (Terraform leaves those attributes alone — teams
 * put `status` there so that a key security deactivated stays off). Both are literals in
 * Terraform: read from the syntax, with nothing to evaluate.
 */
function lifecycleOf(block: Block, file: string): TerraformLifecycle | undefined {
  // one look at the text first: most blocks have none (and every user and key block is asked)
  if (!block.body?.text.includes('lifecycle')) return undefined;
  const lifecycle = blocksOf(block.body).find((b) => b.type === 'lifecycle');
  if (!lifecycle) return undefined;
  const attrs = attributesOf(lifecycle.body);
  const preventDestroy = attrs.get('prevent_destroy')?.text.trim() === 'true';
  const ignored = attrs.get('ignore_changes');
  const ignoreChanges: string[] = [];
  if (ignored?.text.trim() === 'all') ignoreChanges.push('all');
  else
    for (const element of elementsOf(ignored)) {
      // `status`, `tags["x"]`, or the old quoted form `"status"`: the attribute's name
      const name = /^"?([A-Za-z_][\w-]*)/.exec(element.trim())?.[1];
      if (name) ignoreChanges.push(name);
    }
  if (!preventDestroy && ignoreChanges.length === 0) return undefined;
  return { file, line: lifecycle.line, preventDestroy, ignoreChanges };
}

/** The element texts of a `[a, b]` tuple expression. */
function elementsOf(expression: Node | undefined): string[] {
  if (!expression) return [];
  // a list of plain strings is kept as text alone (see syntax.ts): its elements are the strings
  if (expression.namedChildren.length === 0)
    return [...expression.text.matchAll(/"[^"]*"/g)].map((m) => m[0]);
  const tuple = expression.namedChildren[0]?.namedChildren[0];
  return tuple?.type === 'tuple'
    ? tuple.namedChildren.filter((c) => c.type === 'expression').map((c) => c.text)
    : [];
}

function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

/** A reference to a user resource: its label, and the instance it names. */
interface UserReference {
  label: string;
  /** `undefined`: no index (every instance); `["k"]` / `[0]`: that instance; `null`: an index not known here. */
  key: string | undefined | null;
}

/** The `aws_iam_user.<label>[<index>]` references in an expression, the indexes evaluated in `scope`. */
function userReferences(node: Node, scope: Scope): UserReference[] {
  // One look at the text first: most expressions name no user resource at all.
  if (!node.text.includes('aws_iam_user')) return [];
  const refs = new Map<string, UserReference>();
  const add = (label: string, index: Node | undefined) => {
    let key: string | null | undefined;
    if (index) {
      const value = evaluate(index, scope);
      key =
        value?.kind === 'string'
          ? `[${JSON.stringify(value.value)}]`
          : value?.kind === 'number'
            ? `[${value.value}]`
            : null;
    }
    refs.set(`${label}${key}`, { label, key });
  };
  // Iteratively: an expression may nest deeper than the call stack goes.
  const stack: Node[] = [node];
  for (let n = stack.pop(); n; n = stack.pop()) {
    // `aws_iam_user.<label>...` as a whole expression (a chain of names has no inner nodes)
    const chain = n.type === 'expression' ? traversalOf(n) : undefined;
    const [first, second] = chain?.steps ?? [];
    if (chain?.root === 'aws_iam_user' && first && 'attr' in first) {
      add(first.attr, second && 'index' in second ? second.index : undefined);
      continue;
    }
    if (n.type === 'variable_expr' && n.text === 'aws_iam_user') {
      const next = n.nextNamedSibling;
      const label = next?.type === 'get_attr' ? next.namedChildren[0]?.text : undefined;
      const index = next?.nextNamedSibling;
      if (label)
        add(
          label,
          index?.type === 'index' && index.namedChildren[0]?.type === 'new_index'
            ? index.namedChildren[0].namedChildren[0]
            : undefined,
        );
    }
    for (const c of n.namedChildren) stack.push(c);
  }
  return [...refs.values()];
}

/** The instances of a block: one, or one per for_each element / count index. */
function expandInstances(
  attrs: Map<string, Node>,
  scope: Scope,
): { key: string; scope: Scope; kind: DefinitionKind }[] {
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
      }));
    return [];
  }
  const count = attrs.get('count');
  if (count) {
    const n = evaluate(count, scope);
    // `count = var.create ? 1 : 0` and the like: the user is in the report, so the block
    // creates it (whatever the flag's default); the instance that exists is [0].
    const total = n?.kind === 'number' && n.value >= 1 ? Math.floor(n.value) : 1;
    return Array.from({ length: Math.min(total, 10_000) }, (_, i) => ({
      key: `[${i}]`,
      scope: { ...scope, countIndex: i },
      kind: 'count' as const,
    }));
  }
  return [{ key: '', scope, kind: 'resource' }];
}
