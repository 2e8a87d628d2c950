import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { Language, Parser, type Range, type Tree } from 'web-tree-sitter';
import type { TemplateReader } from './json-syntax.js';
import { knowGrammar, wasmPaths } from './wasm.js';

export { grammarDigest } from './wasm.js';

let parser: Promise<Parser> | undefined;

/**
 * The WebAssembly is run as V8's baseline compiler (Liftoff) makes it, never optimised again:
 * a run parses for well under a second, and the optimising compiler's work on the parser's
 * hot functions (0.1-0.2 s of CPU in background threads after the very first parse, which
 * also stalls the file reads queued behind it) costs more than its faster code saves —
 * measured on 1 and 500 partial parses alike. These are V8's ordinary tiering flags (not
 * `--liftoff-only`, which aborts the process where Liftoff cannot compile a function; here
 * such a function is still compiled, by the optimising compiler), set before the modules
 * are compiled: they only decide how the WebAssembly is compiled, not what it computes.
 */
function baselineCompilerOnly(): void {
  setFlagsFromString('--no-wasm-tier-up');
  setFlagsFromString('--no-wasm-dynamic-tiering');
}

/** The Terraform (HCL) parser, loaded once, offline, from the bundled grammar. */
export function terraformParser(): Promise<Parser> {
  parser ??= (async () => {
    const { runtime, grammar } = wasmPaths();
    baselineCompilerOnly();
    await Parser.init({ wasmBinary: readFileSync(runtime) } as object);
    const bytes = readFileSync(grammar);
    knowGrammar(bytes);
    const language = await Language.load(bytes);
    const p = new Parser();
    p.setLanguage(language);
    return p;
  })();
  return parser;
}

/**
 * Parses a text (only `ranges` of it, when given) and hands the tree to `read`; the tree is
 * freed after, whatever `read` does (a tree lives in the WebAssembly's memory, not the GC's).
 */
export function withTree<T>(
  parser: Parser,
  text: string,
  ranges: Range[] | undefined,
  read: (tree: Tree) => T,
): T {
  const tree = parser.parse(text, null, ranges && { includedRanges: ranges });
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    return read(tree);
  } finally {
    tree.delete();
  }
}

/** How the strings of a .tf.json file read as templates, told by the HCL parser. */
export const templateReader = (parser: Parser): TemplateReader => ({
  isExpression: (expression) => {
    const tree = parser.parse(`x = (${expression})\n`);
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
    const tree = parser.parse(`${head}${template}\n${marker}\n`);
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
});
