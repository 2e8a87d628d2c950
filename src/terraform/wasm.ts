// Where the parser's WebAssembly is, and what identifies the grammar: kept apart from
// parser.ts so that a run that parses nothing (a result cache hit) does not load web-tree-sitter.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const GRAMMAR_WASM = 'tree-sitter-terraform.wasm';

/**
 * Where the two .wasm files are: beside the bundle (`dist/wasm/`, copied by the bundler), or
 * in node_modules when running from the sources.
 */
export function wasmPaths(): { runtime: string; grammar: string } {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [join(here, 'wasm'), join(here, '..', 'wasm')]) {
    if (existsSync(join(dir, GRAMMAR_WASM)))
      return { runtime: join(dir, RUNTIME_WASM), grammar: join(dir, GRAMMAR_WASM) };
  }
  const require = createRequire(import.meta.url);
  return {
    runtime: join(dirname(require.resolve('web-tree-sitter')), RUNTIME_WASM),
    grammar: join(
      dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')),
      GRAMMAR_WASM,
    ),
  };
}

let digest: string | undefined;

const digestOf = (bytes: Buffer): string =>
  createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/**
 * What identifies the grammar (a digest of its WebAssembly): part of a parse cache key. Known
 * before the parser is loaded (the cache is read while the WebAssembly compiles).
 */
/** The digest of the grammar's bytes, read by the parser anyway (spares reading them twice). */
export function knowGrammar(bytes: Buffer): void {
  digest = digestOf(bytes);
}

export function grammarDigest(): string {
  digest ??= digestOf(readFileSync(wasmPaths().grammar));
  return digest;
}
