import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanTerraform } from '../../src/terraform/scan.js';

/*
 * Terraform itself as the oracle: random `for_each` collections of strings (escapes,
 * templates, `$${`/`%%{`, non-ASCII, the functions lists are built with) are evaluated by
 * `terraform console` and by the scanner, which must find exactly the same names. Runs where
 * the binary is installed (the product never needs it).
 */
const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const available = !terraform.error && terraform.status === 0;

const part = fc.oneof(
  fc.constantFrom('a', 'b', 'z', '0', '9', '_', '-', '.', '@', '+', '=', ',', 'é', 'ß', ' '),
  // a lone `$` or `%` is followed by a letter, so that it never forms `$${` with the next part
  fc.constantFrom('\\"', '\\\\', '\\n', '\\t', '\\u00e9', '\\U0001F600', '\\\\u0041'),
  fc.constantFrom('$${x}', '%%{y}', '$a', '%a'),
  fc.constantFrom('${"lit"}', '${"a-${"b"}"}', '${upper("q")}', '${1 + 1}'),
);
const hclString = fc.array(part, { minLength: 1, maxLength: 6 }).map((p) => `"${p.join('')}"`);
const list = fc.array(hclString, { minLength: 0, maxLength: 4 });
const expression = fc.oneof(
  list.map((l) => `[${l.join(', ')}]`),
  list.map((l) => `toset([${l.join(', ')}])`),
  list.map((l) => (l.length === 0 ? '[]' : `[\n    ${l.join(',\n    ')},\n  ]`)),
  fc.tuple(list, list).map(([a, b]) => `concat([${a.join(', ')}], [${b.join(', ')}])`),
  list.map((l) => `distinct([${l.join(', ')}])`),
  list.map((l) => `[for s in [${l.join(', ')}] : lower(s)]`),
);

describe.skipIf(!available)('Terraform as the oracle', () => {
  it('finds exactly the names terraform console evaluates (property)', async () => {
    const samples = fc.sample(expression, { numRuns: 150, seed: 20261122 });
    const dir = mkdtempSync(join(tmpdir(), 'tf-oracle-'));
    writeFileSync(join(dir, '.terraformrc'), '');
    const console = spawnSync('terraform', ['console'], {
      cwd: dir,
      // one expression: the console evaluates only the last line it is given
      input: `jsonencode([${samples.map((e) => e.replaceAll('\n', ' ')).join(', ')}])\n`,
      encoding: 'utf8',
      env: { ...process.env, TF_CLI_CONFIG_FILE: join(dir, '.terraformrc') },
      timeout: 60_000,
    });
    expect(console.stderr + `exit ${console.status}`).toBe(`exit 0`);
    const expected = (JSON.parse(JSON.parse(console.stdout) as string) as string[][]).map(
      (names) => new Set(names),
    );
    expect(expected).toHaveLength(samples.length);

    writeFileSync(
      join(dir, 'main.tf'),
      samples
        .map(
          (e, i) =>
            `resource "aws_iam_user" "u${i}" {\n  for_each = ${e.includes('toset') || e.includes('distinct') ? e : `toset(${e})`}\n  name     = each.key\n}\n`,
        )
        .join('\n'),
    );
    const index = await scanTerraform([dir], dir);
    expect(index.warnings).toEqual([]);
    const found = samples.map(() => new Set<string>());
    for (const defs of index.users.values())
      for (const d of defs)
        found[Number(/^aws_iam_user\.u(\d+)\[/.exec(d.address)?.[1])]?.add(d.user);
    // Arithmetic is not evaluated: such a collection is unknown (nothing located), never wrong.
    samples.forEach((e, i) => {
      const ours = [...(found[i] ?? [])].sort();
      const theirs = [...(expected[i] ?? [])].sort();
      expect([e, ours]).toEqual([e, e.includes('1 + 1') && ours.length === 0 ? [] : theirs]);
    });
  });
});
