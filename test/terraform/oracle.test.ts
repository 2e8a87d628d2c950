import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFunction } from '../../src/terraform/functions.js';
import { scanTerraform } from '../../src/terraform/scan.js';
import type { Value } from '../../src/terraform/values.js';
import { otherWarnings } from '../helpers/warnings.js';

/*
 * Terraform itself as the oracle: random `for_each` collections of strings (escapes,
 * templates, `$${`/`%%{`, non-ASCII, the functions lists are built with) are evaluated by
 * `terraform console` and by the scanner, which must find exactly the same names. Runs where
 * the binary is installed (the product never needs it).
 */
// CHECKPOINT_DISABLE: terraform must not try to reach HashiCorp's version service
const offline = { ...process.env, CHECKPOINT_DISABLE: '1' };
const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8', env: offline });
const available = !terraform.error && terraform.status === 0;

/**
 * The console reads a line with Go's bufio.Scanner, whose 64 KiB limit ends a longer line
 * silently (exit 0, nothing printed): 900 of these expressions make one.
 */
const CONSOLE_LINE_LIMIT = 60_000;

/**
 * `[items...]` evaluated by `terraform console` in `dir` (offline, no CLI configuration): the
 * values, parsed. One console per batch of items that fits a line, as one expression
 * (`jsonencode([...])`): the console evaluates only the last line it is given.
 */
function consoleValues(dir: string, items: string[]): unknown[] {
  const batches: string[][] = [];
  let size = Infinity;
  for (const item of items) {
    if (size + item.length + 2 > CONSOLE_LINE_LIMIT) {
      batches.push([]);
      size = 0;
    }
    batches[batches.length - 1]?.push(item);
    size += item.length + 2;
  }
  return batches.flatMap((batch) => consoleBatch(dir, batch));
}

function consoleBatch(dir: string, items: string[]): unknown[] {
  writeFileSync(join(dir, '.terraformrc'), '');
  const console = spawnSync('terraform', ['console'], {
    cwd: dir,
    input: `jsonencode([${items.join(', ')}])\n`,
    encoding: 'utf8',
    env: { ...offline, TF_CLI_CONFIG_FILE: join(dir, '.terraformrc') },
    timeout: 60_000,
  });
  expect(console.stderr + `exit ${console.status}`).toBe(`exit 0`);
  const values = JSON.parse(JSON.parse(console.stdout) as string) as unknown[];
  expect(values).toHaveLength(items.length);
  return values;
}

const part = fc.oneof(
  fc.constantFrom('a', 'b', 'z', '0', '9', '_', '-', '.', '@', '+', '=', ',', 'é', 'ß', ' '),
  // a lone `$` or `%` is followed by a letter, so that it never forms `$${` with the next part
  fc.constantFrom('\\"', '\\\\', '\\n', '\\t', '\\u00e9', '\\U0001F600', '\\\\u0041'),
  fc.constantFrom('$${x}', '%%{y}', '$a', '%a'),
  fc.constantFrom('${"lit"}', '${"a-${"b"}"}', '${upper("q")}', '${1 + 1}'),
);
const hclString = fc.array(part, { minLength: 1, maxLength: 6 }).map((p) => `"${p.join('')}"`);
const list = fc.array(hclString, { minLength: 0, maxLength: 4 });
// (Terraform cannot type-check `length(s)` over an empty tuple)
const list1 = fc.array(hclString, { minLength: 1, maxLength: 4 });
// map keys: names, or quoted strings ordered by code point (é, and an astral character)
const key = fc.constantFrom(
  'a',
  'b',
  'B',
  'z_1',
  '"é"',
  '"\\U0001F600"',
  '"\\uFFFD"',
  '"a b"',
  '"10"',
  '"9"',
);
const map = fc
  .uniqueArray(fc.tuple(key, hclString), { maxLength: 4, selector: ([k]) => k })
  .map((pairs) => `{ ${pairs.map(([k, v]) => `${k} = ${v}`).join(', ')} }`);
const expression = fc.oneof(
  list.map((l) => `[${l.join(', ')}]`),
  list.map((l) => `toset([${l.join(', ')}])`),
  list.map((l) => (l.length === 0 ? '[]' : `[\n    ${l.join(',\n    ')},\n  ]`)),
  fc.tuple(list, list).map(([a, b]) => `concat([${a.join(', ')}], [${b.join(', ')}])`),
  fc.tuple(list, list).map(([a, b]) => `setunion([${a.join(', ')}], [${b.join(', ')}])`),
  list.map((l) => `distinct([${l.join(', ')}])`),
  list.map((l) => `sort([${l.join(', ')}])`),
  list.map((l) => `reverse([${l.join(', ')}])`),
  list.map((l) => `[for s in [${l.join(', ')}] : lower(s)]`),
  list.map((l) => `[for s in toset([${l.join(', ')}]) : upper(s) if s != "a"]`),
  map.map((m) => `keys(${m})`),
  map.map((m) => `values(${m})`),
  map.map((m) => `[for k, v in ${m} : "\${k}=\${v}"]`),
  fc.tuple(map, map).map(([a, b]) => `keys(merge(${a}, ${b}))`),
  list1.map((l) => `[for s in [${l.join(', ')}] : s if length(tostring(s)) > 2 && s != "b"]`),
  list.map((l) => `[for i, s in [${l.join(', ')}] : "\${i * 2 + 1}-\${s == "a" ? "A" : s}"]`),
  map.map((m) => `[for k, v in ${m} : k if !(v == "a" || k == "b")]`),
  list1.map((l) => `length([${l.join(', ')}]) > 1 ? tolist([${l.join(', ')}]) : tolist(["few"])`),
);
describe.skipIf(!available)('Terraform as the oracle', () => {
  it('finds exactly the names terraform console evaluates (property)', async () => {
    const samples = fc.sample(expression, {
      numRuns: 300,
      seed: Number(process.env.ORACLE_SEED ?? 20261122),
    });
    const dir = mkdtempSync(join(tmpdir(), 'tf-oracle-'));
    // (a name is a string: `"${1 + 1}"` alone is the number 2, which `name` takes as "2")
    const expected = (
      consoleValues(
        dir,
        samples.map((e) => `tolist(${e.replaceAll('\n', ' ')})`),
      ) as unknown[][]
    ).map((l) => l.map(String));

    // every collection twice: as a for_each set, and in order through count
    writeFileSync(
      join(dir, 'main.tf'),
      samples
        .map(
          (e, i) =>
            `resource "aws_iam_user" "s${i}" {\n  for_each = toset(${e})\n  name     = each.key\n}\n` +
            `resource "aws_iam_user" "c${i}" {\n  count = length(tolist(${e}))\n  name  = tolist(${e})[count.index]\n}\n`,
        )
        .join('\n'),
    );
    const index = await scanTerraform([dir], dir);
    expect(otherWarnings(index.warnings)).toEqual([]);
    const sets = samples.map(() => new Set<string>());
    const lists = samples.map((): string[] => []);
    for (const defs of index.users.values())
      for (const d of defs) {
        const m = /^aws_iam_user\.([sc])(\d+)\[(?:(\d+)\]|")/.exec(d.address);
        if (m?.[1] === 's') sets[Number(m[2])]?.add(d.user);
        if (m?.[1] === 'c') (lists[Number(m[2])] as string[])[Number(m[3])] = d.user;
      }
    samples.forEach((e, i) => {
      const theirs = expected[i] ?? [];
      expect([e, [...(sets[i] ?? [])].sort()]).toEqual([e, [...new Set(theirs)].sort()]);
      expect([e, lists[i]]).toEqual([e, theirs]);
    });
  });

  it('decodes CSV as csvdecode does: the same rows, and unknown where Terraform refuses (property)', () => {
    const cell = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '#', ';'), maxLength: 3 }),
      fc
        .string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', ' '), maxLength: 4 })
        .map((c) => `"${c.replaceAll('"', '""')}"`),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 3 }).map((r) => r.join(','));
    const csv = fc.oneof(
      // mostly well formed: a header, rows, line breaks of either kind, blank lines
      fc
        .tuple(
          row,
          fc.array(row, { maxLength: 4 }),
          fc.constantFrom('\n', '\r\n', '\n\n'),
          fc.boolean(),
        )
        .map(([h, rows, nl, last]) => [h, ...rows].join(nl) + (last ? nl : '')),
      // anything: stray quotes, lone carriage returns, rows of other widths
      fc.string({
        unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '""'),
        maxLength: 24,
      }),
    );
    const samples = fc.sample(csv, {
      numRuns: 300,
      seed: Number(process.env.ORACLE_SEED ?? 20261122),
    });
    const dir = mkdtempSync(join(tmpdir(), 'tf-oracle-csv-'));
    const literal = (text: string) =>
      JSON.stringify(text).replaceAll('${', '$${').replaceAll('%{', '%%{');
    const expected = consoleValues(
      dir,
      samples.map((t) => `try(csvdecode(${literal(t)}), "ERROR")`),
    );
    const plain = (v: Value): unknown =>
      v.kind === 'list'
        ? v.items.map(plain)
        : v.kind === 'map'
          ? Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]))
          : v.kind === 'unknown'
            ? undefined
            : v.value;
    samples.forEach((text, i) => {
      const ours = applyFunction(
        'csvdecode',
        [{ kind: 'string', value: text, file: 'main.tf', line: 1 }],
        { file: 'main.tf', line: 1 },
        { dir },
      );
      expect([text, ours ? plain(ours) : 'ERROR']).toEqual([text, expected[i]]);
    });
  });

  it('reads .tf.json strings as templates the way terraform console does (property)', async () => {
    const piece = fc.oneof(
      fc.constantFrom('a', '-', ' ', '"', '\\', '\t', 'é', '\u{1F600}', '}', '{', '$', '%'),
      fc.constantFrom('$${x}', '%%{y}', '$$', '%%'),
      fc.constantFrom('${"lit"}', '${upper("q")}', '${1 + 1}', '${"}"}', '${"a-${"b"}"}'),
    );
    const template = fc
      .array(piece, { minLength: 1, maxLength: 6 })
      .map((p) => p.join(''))
      // a lone `$` or `%` before `{` would start an interpolation or a directive
      .filter((t) => !/(^|[^$])\$\{(?!"|upper|1 )/.test(t) && !/(^|[^%])%\{/.test(t));
    const samples = fc.sample(template, {
      numRuns: 200,
      seed: Number(process.env.ORACLE_SEED ?? 20261122),
    });
    const dir = mkdtempSync(join(tmpdir(), 'tf-oracle-json-'));
    const locals = Object.fromEntries(samples.map((t, i) => [`s${i}`, t]));
    writeFileSync(join(dir, 'locals.tf.json'), JSON.stringify({ locals }, null, 2));
    const expected = consoleValues(
      dir,
      samples.map((_, i) => `try(tostring(local.s${i}), "ERROR")`),
    ) as string[];

    const users = Object.fromEntries(samples.map((_, i) => [`u${i}`, { name: `\${local.s${i}}` }]));
    writeFileSync(
      join(dir, 'users.tf.json'),
      JSON.stringify({ resource: { aws_iam_user: users } }, null, 2),
    );
    const index = await scanTerraform([dir], dir);
    const ours = new Map<string, string>();
    for (const defs of index.users.values()) for (const d of defs) ours.set(d.address, d.user);
    samples.forEach((t, i) => {
      const mine = ours.get(`aws_iam_user.u${i}`) ?? 'ERROR';
      // `$$${`: HCL and tree-sitter may read it differently, so it may be left unknown — but
      // never read as something else
      if (/\${3,}\{|%{3,}\{/.test(t) && mine === 'ERROR') return;
      expect([t, mine]).toEqual([t, expected[i]]);
    });
  });
});
