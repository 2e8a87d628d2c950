import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Removal } from '../../src/terraform/removal.js';
import { scanTerraform } from '../../src/terraform/scan.js';
import { otherWarnings } from '../helpers/warnings.js';

/** How one group of users is written. */
type Shape =
  | 'list' // for_each = toset([...]) on the user block
  | 'map' // for_each = { name = {...} }
  | 'nested-list' // a module repeated over a list, a plain user inside
  | 'nested-map' // ... over a map
  | 'nested-json' // ... over the objects of a JSON file
  | 'names' // one module call, `names = [...]`, for_each inside
  | 'yaml'; // for_each over a list kept in a YAML file

const SHAPES: Shape[] = [
  'list',
  'map',
  'nested-list',
  'nested-map',
  'nested-json',
  'names',
  'yaml',
];

const INNER = `variable "name" {}\n\nresource "aws_iam_user" "this" {\n  name = var.name\n}\n`;
const MANY = `variable "names" {}\n\nresource "aws_iam_user" "u" {\n  for_each = toset(var.names)\n  name     = each.value\n}\n`;

/** Writes a tree; returns each user's expected address. */
function writeTree(dir: string, groups: { shape: Shape; names: string[] }[]): Map<string, string> {
  mkdirSync(join(dir, 'modules/inner'), { recursive: true });
  mkdirSync(join(dir, 'modules/many'), { recursive: true });
  writeFileSync(join(dir, 'modules/inner/main.tf'), INNER);
  writeFileSync(join(dir, 'modules/many/main.tf'), MANY);
  const expected = new Map<string, string>();
  const q = (s: string) => JSON.stringify(s);
  const list = (names: string[]) => `[${names.map(q).join(', ')}]`;
  const map = (names: string[]) =>
    `{\n${names.map((n) => `    ${n} = { team = "t" }\n`).join('')}  }`;
  let tf = '';
  groups.forEach(({ shape, names }, g) => {
    const label = `g${g}`;
    for (const n of names)
      expected.set(
        n,
        shape === 'list' || shape === 'map' || shape === 'yaml'
          ? `aws_iam_user.${label}[${q(n)}]`
          : shape === 'names'
            ? `module.${label}.aws_iam_user.u[${q(n)}]`
            : `module.${label}[${q(n)}].aws_iam_user.this`,
      );
    switch (shape) {
      case 'list':
        tf += `resource "aws_iam_user" "${label}" {\n  for_each = toset(${list(names)})\n  name = each.value\n}\n\n`;
        break;
      case 'map':
        tf += `resource "aws_iam_user" "${label}" {\n  for_each = ${map(names)}\n  name = each.key\n}\n\n`;
        break;
      case 'yaml':
        writeFileSync(
          join(dir, `${label}.yaml`),
          `users:\n${names.map((n) => `  - ${n}\n`).join('')}other: 1\n`,
        );
        tf += `resource "aws_iam_user" "${label}" {\n  for_each = toset(yamldecode(file("\${path.module}/${label}.yaml")).users)\n  name = each.value\n}\n\n`;
        break;
      case 'nested-list':
        tf += `module "${label}" {\n  source = "./modules/inner"\n  for_each = toset(${list(names)})\n  name = each.value\n}\n\n`;
        break;
      case 'nested-map':
        tf += `module "${label}" {\n  source = "./modules/inner"\n  for_each = ${map(names)}\n  name = each.key\n}\n\n`;
        break;
      case 'nested-json':
        writeFileSync(
          join(dir, `${label}.json`),
          `[\n${names.map((n) => `  {"name": ${q(n)}, "role": "dev"}`).join(',\n')}\n]\n`,
        );
        tf += `module "${label}" {\n  source = "./modules/inner"\n  for_each = { for u in jsondecode(file("\${path.module}/${label}.json")) : u.name => u }\n  name = each.value.name\n}\n\n`;
        break;
      case 'names':
        tf += `module "${label}" {\n  source = "./modules/many"\n  names = ${list(names)}\n}\n\n`;
        break;
    }
  });
  writeFileSync(join(dir, 'main.tf'), tf);
  return expected;
}

/**
 * Takes a removal's text out of its file the plain way (not the planner's): the element and one
 * comma next to it; in YAML, the element's lines.
 */
function cut(text: string, r: Extract<Removal, { span: unknown }>): string {
  if (r.syntax === 'yaml') {
    const from = text.lastIndexOf('\n', r.span.start - 1) + 1;
    const to = text.indexOf('\n', r.span.end - 1);
    return text.slice(0, from) + text.slice(to < 0 ? text.length : to + 1);
  }
  let start = r.span.start;
  let end = r.span.end;
  const after = /^\s*,/.exec(text.slice(end));
  const before = /,\s*$/.exec(text.slice(0, start));
  if (after) end += after[0].length;
  else if (before) start -= before[0].length;
  return text.slice(0, start) + text.slice(end);
}

const addresses = async (dir: string) => {
  const index = await scanTerraform([dir], dir);
  return new Map(
    [...index.users.entries()].map(([name, defs]) => [name, defs.map((d) => d.address)]),
  );
};

describe('random trees of modules and for_each collections', () => {
  it('every user found once at its address; removing its removal takes out exactly that user', async () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9]{2,7}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(name, { minLength: 2, maxLength: 14 }),
        fc.array(fc.constantFrom(...SHAPES), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        async (names, shapes, pick) => {
          // every group has two users or more: one is taken out, the collection stays
          const groups = shapes
            .map((shape, g) => ({
              shape,
              names: names.filter((_, i) => i % shapes.length === g),
            }))
            .filter((g) => g.names.length >= 2);
          fc.pre(groups.length > 0);
          const dir = mkdtempSync(join(tmpdir(), 'tf-layouts-'));
          try {
            const expected = writeTree(dir, groups);
            const index = await scanTerraform([dir], dir);
            // (a module folder no group calls is a root of its own, its names unknown)
            expect(otherWarnings(index.warnings)).toEqual([]);
            const found = new Map(
              [...index.users.entries()].map(([n, defs]) => [n, defs.map((d) => d.address)]),
            );
            expect(found).toEqual(new Map([...expected].map(([n, a]) => [n, [a]])));
            const all = [...expected.keys()];
            const target = all[pick % all.length] as string;
            const def = index.users.get(target)?.[0];
            const removal = def?.removal;
            if (!removal || removal.kind === 'manual')
              throw new Error(`no removal for ${target}: ${JSON.stringify(removal)}`);
            const file = join(dir, removal.span.file);
            const text = readFileSync(file, 'utf8');
            writeFileSync(file, cut(text, removal));
            const after = await addresses(dir);
            expected.delete(target);
            expect(after).toEqual(new Map([...expected].map(([n, a]) => [n, [a]])));
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);
});
