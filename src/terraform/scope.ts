// What an expression of a module folder can see: its locals and variables (from tfvars, the
// caller's inputs or the defaults, looked up on demand) and the files `file()` may read.
import { dirname, resolve } from 'node:path';
import { attributesOf, evaluate, type FileSource, type Scope, type Value } from './hcl.js';
import type { ReadableArea } from './files.js';
import type { ModuleDir, TerraformFiles, TfFile } from './load.js';
import type { SyntaxNode as Node } from './syntax.js';

/** Locals and variables resolved through one another, at most (`a = local.b`, `b = local.c`, ...). */
const MAX_REFERENCE_CHAIN = 256;

export type ReadFile = NonNullable<Scope['readFile']>;

/**
 * What `file()` reads: a regular file of at most 1 MiB inside the scanned folders, through no
 * hidden folder, symlinks resolved — never `.git/config`, `.terraform/`, the rest of the
 * repository or a path a pull request points elsewhere (an unknown value instead). Each path
 * is read once; a refusal is said once for every call that asks.
 */
export function fileReader(
  cwd: string,
  rel: (path: string) => string,
  area: ReadableArea,
  overlay: ReadonlyMap<string, string> | undefined,
  warnings: string[],
): ReadFile {
  const files = new Map<string, { source: FileSource } | { refused: string; calls: Set<string> }>();
  return (path, dir, from) => {
    const full = resolve(dir ?? cwd, path);
    let file = files.get(full);
    if (!file) {
      const over = overlay?.get(full);
      const read = over !== undefined ? { text: over } : area.read(full);
      file =
        'text' in read
          ? { source: { text: read.text, rel: rel(full) } }
          : { refused: read.why, calls: new Set() };
      files.set(full, file);
    }
    if ('refused' in file && !file.calls.has(from)) {
      file.calls.add(from);
      warnings.push(
        `${from}: file("${rel(full)}") not read: ${file.refused}; users named in it are not located`,
      );
    }
    return 'source' in file ? file.source : undefined;
  };
}

/** The scope of a file with no locals or variables known (a module's `source`, a tfvars value). */
export function emptyScope(file: TfFile, readFile: ReadFile): Scope {
  return {
    file: file.rel,
    local: () => undefined,
    variable: () => undefined,
    dir: dirname(file.path),
    readFile,
  };
}

/**
 * Scopes for a module directory: its locals and variable defaults (or the caller's inputs),
 * looked up on demand — a file is parsed for them only if it can declare the name asked for.
 */
export function moduleScope(
  load: TerraformFiles,
  readFile: ReadFile,
  dir: ModuleDir,
  inputs: Map<string, Value | undefined> | undefined,
  /** The root module being resolved: `path.root`. */
  rootDir: string | undefined,
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
      const text = load.textOf(file);
      if (!text.includes(keyword) || !text.includes(name)) continue;
      indexed.add(file);
      for (const block of load.blocks(file)) {
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
      if (load.unreadVars.has(file)) return { value: undefined };
      if (!load.textOf(file).includes(name)) continue;
      // a broken file that mentions the name may set it: unknown, not an earlier value
      if (file.path.endsWith('.json')) {
        const values = load.jsonVars(file);
        if (values === undefined || values.has(name)) return { value: values?.get(name) };
        continue;
      }
      const attrs = load.attributes(file);
      if (attrs === undefined) return { value: undefined };
      const node = attrs.get(name);
      if (node) return { value: evaluate(node, emptyScope(file, readFile)) };
    }
    return undefined;
  };
  const local = (name: string) => resolveName('local', name);
  // a module input the caller passed wins (even when unknown); else the variable's default
  const variable = (name: string) =>
    inputs?.has(name) ? inputs.get(name) : resolveName('variable', name);
  // one scope per file (a scope is never changed: an instance's is a copy with `each`)
  const scopes = new Map<TfFile, Scope>();
  const make = (file: TfFile): Scope => {
    let scope = scopes.get(file);
    if (!scope) {
      scope = {
        file: file.rel,
        dir: dir.dir,
        ...(rootDir !== undefined && { rootDir }),
        readFile,
        local,
        variable,
      };
      scopes.set(file, scope);
    }
    return scope;
  };
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
