// Builds dist/ (the committed bundle the action and the CLI run) from src/ with esbuild.
// Deterministic: the same sources give the same bytes, which the dist-drift test relies on.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = process.argv[2] ?? `${root}dist`;

/** The esbuild options, shared with the drift test. */
export const options = {
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/index.ts', index: 'src/action/index.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __TOOL_VERSION__: JSON.stringify(pkg.version) },
  // jsonc-parser's `main` is a UMD build whose require() calls esbuild cannot follow: its ESM one.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  // Some CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
};

await rm(outdir, { recursive: true, force: true });
await build(options);
// The Terraform parser's WebAssembly: the tree-sitter runtime and the HCL/Terraform grammar.
await mkdir(`${outdir}/wasm`, { recursive: true });
await copyFile(
  `${root}node_modules/web-tree-sitter/web-tree-sitter.wasm`,
  `${outdir}/wasm/web-tree-sitter.wasm`,
);
await copyFile(
  `${root}node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm`,
  `${outdir}/wasm/tree-sitter-terraform.wasm`,
);
