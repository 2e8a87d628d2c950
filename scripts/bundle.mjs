// Builds dist/ (the committed bundle the action and the CLI run) from src/ with esbuild.
// Deterministic: the same sources give the same bytes, which the dist-drift test relies on.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundledPackageDirs, thirdPartyNotices } from './notices.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));

/**
 * A digest of what the bundle is made from (the sources and the locked dependencies): the
 * result cache keys its entries by it (src/version.ts BUILD). Deterministic, like the bundle.
 */
function buildId() {
  const hash = createHash('sha256');
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    ))
      if (e.isDirectory()) walk(`${dir}/${e.name}`);
      else files.push(`${dir}/${e.name}`);
  };
  walk('src');
  files.push('package-lock.json');
  for (const f of files)
    hash
      .update(`${f}\0`)
      .update(readFileSync(join(root, f)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * Marks the packages `filter` matches free of side effects, so that esbuild leaves out what of
 * them nothing uses. @actions/core imports @actions/http-client for `getIDToken` (which this
 * action never calls), and http-client imports undici: without this, 400 KiB of undici were
 * compiled and run on every start of the action (about 50 ms) with no request made.
 * http-client's top level only declares (enums, classes, functions); where it is used (the
 * GitHub client, loaded for a comment or a check run), it is bundled as before.
 */
function sideEffectFree(filter) {
  return {
    name: 'side-effect-free',
    setup(build) {
      build.onResolve({ filter }, async (args) => {
        if (args.pluginData?.sideEffectFree) return undefined;
        const { path, external, namespace, errors, warnings } = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { sideEffectFree: true },
        });
        if (errors.length > 0) return { errors, warnings };
        return { path, external, namespace, warnings, sideEffects: false };
      });
    },
  };
}

/** The esbuild options (but `outdir`), shared with the tests. */
export const options = {
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/index.ts', index: 'src/action/index.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  // No `keepNames`: it wraps every function and class made at run time in a defineProperty
  // call (closures made in loops: 2-5 % of a check's CPU, paired runs); nothing reads the
  // names (errors set their own `name`; the one `constructor.name` test, json-with-bigint's,
  // is of a built-in).
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: {
    __TOOL_VERSION__: JSON.stringify(pkg.version),
    __BUILD_ID__: JSON.stringify(buildId()),
  },
  // jsonc-parser's `main` is a UMD build whose require() calls esbuild cannot follow: its ESM one.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  // Some CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
  plugins: [sideEffectFree(/^@actions\/http-client(\/|$)/)],
};

/** Where the notices go in dist/. */
export const NOTICES_FILE = 'THIRD_PARTY_NOTICES.txt';

/** Bundles into `outdir`; with `metafileOut`, also writes esbuild's metafile there (for the tests). */
async function bundle(outdir, metafileOut) {
  await rm(outdir, { recursive: true, force: true });
  const { metafile } = await build({ ...options, outdir, metafile: true });
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
  if (metafileOut) await writeFile(metafileOut, JSON.stringify(metafile));
  await writeFile(
    `${outdir}/${NOTICES_FILE}`,
    thirdPartyNotices(root, bundledPackageDirs(metafile)),
  );
}

// node scripts/bundle.mjs [outdir] [--metafile <file>]
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--metafile');
  const metafileOut = at >= 0 ? args.splice(at, 2)[1] : undefined;
  await bundle(args[0] ?? `${root}dist`, metafileOut);
}
