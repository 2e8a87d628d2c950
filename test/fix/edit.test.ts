import fc from 'fast-check';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  applyTextEdits,
  deleteBlock,
  lineEdit,
  removeElement,
  type Syntax,
} from '../../src/terraform/edit.js';

/** Removes the `n`th occurrence of `element` inside the container starting at `open`. */
function remove(
  text: string,
  element: string,
  open: string,
  syntax: Syntax,
  close?: string,
): string {
  const start = text.indexOf(element);
  const cStart = text.indexOf(open);
  const cEnd =
    close === undefined ? matching(text, cStart) : text.lastIndexOf(close) + close.length;
  const edit = removeElement(
    text,
    { start, end: start + element.length, container: { start: cStart, end: cEnd } },
    syntax,
  );
  return applyTextEdits(text, [edit]);
}

function matching(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '[' || text[i] === '{') depth++;
    if (text[i] === ']' || text[i] === '}') if (--depth === 0) return i + 1;
  }
  return text.length;
}

describe('removing an element or an entry, with its comma', () => {
  it('HCL lists inline', () => {
    const t = 'x = ["a", "b", "c"]\n';
    expect(remove(t, '"b"', '[', 'hcl')).toBe('x = ["a", "c"]\n');
    expect(remove(t, '"c"', '[', 'hcl')).toBe('x = ["a", "b"]\n');
    expect(remove(t, '"a"', '[', 'hcl')).toBe('x = ["b", "c"]\n');
    expect(remove('x = ["a"]\n', '"a"', '[', 'hcl')).toBe('x = []\n');
  });
  it('HCL lists and maps on lines of their own', () => {
    const t = 'x = [\n  "a",\n  "b",\n]\n';
    expect(remove(t, '"a"', '[', 'hcl')).toBe('x = [\n  "b",\n]\n');
    const m = 'u = {\n  alice = { x = 1 }\n  bob = {\n    x = 2\n  }\n}\n';
    expect(remove(m, 'alice = { x = 1 }', '{', 'hcl')).toBe(
      'u = {\n  bob = {\n    x = 2\n  }\n}\n',
    );
    const bob = m.slice(m.indexOf('bob'), m.lastIndexOf('  }') + 3);
    expect(remove(m, bob, '{', 'hcl')).toBe('u = {\n  alice = { x = 1 }\n}\n');
  });
  it('JSON arrays and objects: no trailing comma left', () => {
    const a = '[\n  {"n": "a"},\n  {"n": "b"}\n]\n';
    expect(remove(a, '{"n": "b"}', '[', 'json')).toBe('[\n  {"n": "a"}\n]\n');
    expect(remove(a, '{"n": "a"}', '[', 'json')).toBe('[\n  {"n": "b"}\n]\n');
    expect(remove('{"a": 1, "b": 2}', '"b": 2', '{', 'json')).toBe('{"a": 1}');
    expect(JSON.parse(remove(a, '{"n": "b"}', '[', 'json'))).toEqual([{ n: 'a' }]);
  });
  it('YAML sequences and maps in block style; the last item leaves an empty collection', () => {
    const s = 'users:\n  - name: a\n    x: 1\n  - name: b\n';
    const item = 'name: a\n    x: 1';
    expect(remove(s, item, '- name: a', 'yaml', 'name: b')).toBe('users:\n  - name: b\n');
    const only = 'users:\n  - a\nother: 1\n';
    expect(parseYaml(remove(only, 'a\n', '- a', 'yaml', '- a'))).toEqual({ users: [], other: 1 });
    const m = 'users:\n  alice:\n    x: 1\n  bob:\n    x: 2\n';
    expect(remove(m, 'alice:\n    x: 1', 'alice', 'yaml', 'x: 2')).toBe(
      'users:\n  bob:\n    x: 2\n',
    );
    expect(parseYaml(remove('u: [a, b]\n', 'b', '[', 'yaml'))).toEqual({ u: ['a'] });
  });
  it('a block with the comment above it and one blank line', () => {
    const t = 'a {}\n\n# about b\nb {\n}\n\nc {}\n';
    const start = t.indexOf('b {');
    expect(applyTextEdits(t, [deleteBlock(t, start, t.indexOf('}', start) + 1)])).toBe(
      'a {}\n\nc {}\n',
    );
    const last = 'a {}\n\nb {}\n';
    expect(applyTextEdits(last, [deleteBlock(last, 6, 10)])).toBe('a {}\n');
  });
  it('a character edit as whole lines', () => {
    const t = 'x = ["a", "b"]\ny = 1\n';
    expect(lineEdit('f.tf', t, { start: 8, end: 13, text: '' }, 'remove-name')).toEqual({
      file: 'f.tf',
      firstLine: 1,
      lastLine: 1,
      kind: 'remove-name',
      before: 'x = ["a", "b"]\n',
      after: 'x = ["a"]\n',
    });
  });
});

/** Removes a jsonc-parser node from the literal `tree` (the whole document). */
const removeNode = (text: string, tree: JsonNode, node: JsonNode): string =>
  applyTextEdits(text, [
    removeElement(
      text,
      {
        start: node.offset,
        end: node.offset + node.length,
        container: { start: tree.offset, end: tree.offset + tree.length },
      },
      'json',
    ),
  ]);

describe('property: removing any element of any JSON array or object keeps the rest, and valid JSON', () => {
  const value = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  );
  it('arrays', () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.constantFrom(0, 2, 4),
        (items, pick, indent) => {
          const text = JSON.stringify(items, null, indent);
          const tree = parseTree(text) as JsonNode;
          const i = pick % items.length;
          const el = tree.children?.[i] as JsonNode;
          const after = JSON.parse(removeNode(text, tree, el)) as unknown[];
          expect(after).toEqual(items.filter((_, j) => j !== i));
        },
      ),
    );
  });
  it('objects', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 4 }), value, { minKeys: 1, maxKeys: 6 }),
        fc.nat(),
        fc.constantFrom(0, 2),
        (object, pick, indent) => {
          const text = JSON.stringify(object, null, indent);
          const tree = parseTree(text) as JsonNode;
          const props = tree.children ?? [];
          const prop = props[pick % props.length] as JsonNode;
          const key = JSON.parse(
            text.slice(
              prop.children?.[0]?.offset,
              (prop.children?.[0]?.offset ?? 0) + (prop.children?.[0]?.length ?? 0),
            ),
          ) as string;
          const expected = { ...object };
          delete expected[key];
          expect(JSON.parse(removeNode(text, tree, prop))).toEqual(expected);
        },
      ),
    );
  });
});
