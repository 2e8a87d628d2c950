// Loading the Terraform files a scan reads: listing them into module folders, reading their
// bytes (once, through one function), deciding which are worth parsing, and parsing them on
// first need. The evaluation (scan.ts) asks this for texts, syntax trees and blocks.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { attributesOf, topLevelBlocks, type Block, type Value } from './hcl.js';
import {
  FileBuffer,
  isAutoVars,
  isJsonSyntax,
  TERRAFORM_FILE_MAX_BYTES,
  varsRank,
} from './discover.js';
import { decodeDocument } from './functions.js';
import { jsonAsHcl, type TemplateReader } from './json-syntax.js';
import {
  remapRows,
  snapshot,
  SyntaxTree,
  type SyntaxNode as Node,
  type TreeData,
} from './syntax.js';

const MODULE_BLOCK = /(^|\n)\s*module\s+"/;
/** The same in Terraform's JSON syntax: a top-level `"module": {`. */
const MODULE_KEY = /"module"\s*:/;

export interface TfFile {
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

export interface ModuleDir {
  dir: string;
  files: TfFile[];
  /** terraform.tfvars first, then *.auto.tfvars in name order: later ones win. */
  vars: TfFile[];
}

/** The Terraform files of a scan, by folder, read and parsed on demand. */
export class TerraformFiles {
  /** The folders met, each with its files. */
  readonly dirs = new Map<string, ModuleDir>();
  /** Variable files too large or unreadable: any variable of their directory may be in them. */
  readonly unreadVars = new Set<TfFile>();
  parsed = 0;
  scanned = 0;
  private seen = new Set<string>();
  private parser: Parser | undefined;
  private types: readonly string[] = [];

  constructor(
    /** A path as findings show it. */
    private rel: (path: string) => string,
    /** Where warnings go (the scan's own list). */
    private warnings: string[],
  ) {}

  /** The parser, once loaded (files are listed and read before it is). */
  setParser(parser: Parser): void {
    this.parser = parser;
    this.types = parser.language?.types ?? [];
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
      bytes = this.buffer.read(path);
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

  addVars(dir: ModuleDir, file: TfFile): void {
    dir.vars.push(file);
    dir.vars.sort((a, b) => varsRank(a.path) - varsRank(b.path) || (a.path < b.path ? -1 : 1));
  }

  /** A file's text: kept for the files worth parsing, read again for the others. */
  textOf(file: TfFile): string {
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
  treeOf(file: TfFile): SyntaxTree {
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
