import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module without types
import { options } from '../../scripts/bundle.mjs';

/**
 * What `node dist/cli.js` loads before it runs a command: the chunks the entry imports
 * statically, and theirs (a dynamic `import()` is loaded only when the command reaches it).
 */
function startup(
  metafile: Metafile,
  name = 'cli.js',
): { inputs: Set<string>; builtins: Set<string> } {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((k) => k.endsWith(`/${name}`)) as string;
  const inputs = new Set<string>();
  const builtins = new Set<string>();
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const output = outputs[file];
    if (!output) continue;
    for (const input of Object.keys(output.inputs)) inputs.add(input);
    for (const i of output.imports)
      if (i.kind === 'import-statement') {
        if (i.external) builtins.add(i.path);
        else stack.push(i.path);
      }
  }
  return { inputs, builtins };
}

let metafile: Metafile;
beforeAll(async () => {
  const outdir = mkdtempSync(join(tmpdir(), 'startup-'));
  metafile = (await build({ ...options, outdir, metafile: true, write: false }))
    .metafile as Metafile;
}, 60_000);

describe('the CLI at start-up (a plain check to JSON loads only what it needs)', () => {
  let loaded: ReturnType<typeof startup>;
  beforeAll(() => {
    loaded = startup(metafile);
  });

  it('loads the parser, the rules, the evaluation and the JSON writer', () => {
    for (const file of [
      'src/report/parse.ts',
      'src/engine/evaluate.ts',
      'src/render/stream.ts',
      'src/rules/index.ts',
    ])
      expect(loaded.inputs).toContain(file);
  });

  it('leaves the Markdown and SARIF renderers, node:crypto and the other commands to when they are asked for', () => {
    for (const file of [
      'src/render/markdown.ts',
      'src/render/sarif.ts',
      'src/render/merged.ts',
      'src/render/text.ts',
      'src/run/fix.ts',
      'src/merge/merge.ts',
    ])
      expect(loaded.inputs).not.toContain(file);
    expect(loaded.builtins).not.toContain('node:crypto');
    expect([...loaded.inputs].filter((i) => i.includes('node_modules/papaparse'))).toEqual([]);
  });
});

describe('the action at start-up (dist/index.js)', () => {
  it('loads @actions/core but no HTTP client: undici, tunnel and http-client come with the GitHub client, when a comment or a check run needs it', () => {
    const { inputs } = startup(metafile, 'index.js');
    expect(inputs).toContain('src/action/main.ts');
    expect([...inputs].some((i) => i.includes('node_modules/@actions/core/'))).toBe(true);
    const http = [...inputs].filter((i) =>
      /node_modules\/(undici|tunnel|@actions\/http-client|@actions\/github|@octokit)\//.test(i),
    );
    expect(http).toEqual([]);
  });

  it('leaves the merge (and the report schema it validates against) to a merge', () => {
    const { inputs } = startup(metafile, 'index.js');
    for (const file of ['src/merge/merge.ts', 'src/merge/validate.ts', 'src/run/merge.ts'])
      expect(inputs).not.toContain(file);
  });

  it('still bundles the HTTP client where the GitHub client uses it', () => {
    const all = Object.values(metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(all.some((i) => i.includes('node_modules/undici/'))).toBe(true);
    expect(all.some((i) => i.includes('@actions/http-client/lib/index.js'))).toBe(true);
  });
});
