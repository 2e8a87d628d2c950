// Strict JSON: what JSON.parse lets through silently is refused, with its place.
import fc from 'fast-check';
import { visit } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { MAX_DEPTH, parseStrictJson } from '../../src/util/strict-json.js';

/** Whether a text has a key twice in one object, by jsonc-parser alone (the reference). */
function hasDuplicate(text: string): boolean {
  const open: Set<string>[] = [];
  let found = false;
  visit(text, {
    onObjectBegin: () => void open.push(new Set()),
    onObjectEnd: () => void open.pop(),
    onObjectProperty: (key) => {
      const keys = open[open.length - 1] as Set<string>;
      if (keys.has(key)) found = true;
      keys.add(key);
    },
  });
  return found;
}

/** JSON text of a value, with random spacing, writing the first key of object `dup` twice. */
function write(value: unknown, dup: number, space: string): string {
  let objects = 0;
  const go = (v: unknown): string => {
    if (Array.isArray(v)) return `[${space}${v.map(go).join(`,${space}`)}]`;
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).map(
        ([k, x]) => `${JSON.stringify(k)}${space}:${space}${go(x)}`,
      );
      if (objects++ === dup && entries.length > 0) entries.push(entries[0] as string);
      return `{${space}${entries.join(`,${space}`)}}`;
    }
    return JSON.stringify(v);
  };
  return go(value);
}

describe('parseStrictJson', () => {
  it('agrees with a full scan by jsonc-parser on random JSON, duplicates or not', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 5 }),
        fc.nat(20),
        fc.constantFrom('', ' ', '\n  ', '\t'),
        (value, dup, space) => {
          const text = write(value, dup, space);
          let refused: unknown = null;
          try {
            expect(parseStrictJson(text, 'r.json')).toEqual(JSON.parse(text));
          } catch (error) {
            refused = error;
          }
          const deep = depth(JSON.parse(text)) > MAX_DEPTH;
          if (hasDuplicate(text) || deep) {
            expect(refused).toBeInstanceOf(InputError);
            expect((refused as InputError).place.file).toBe('r.json');
          } else expect(refused).toBeNull();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('names the duplicated key by its JSON path, line and column', () => {
    const text =
      '{\n  "findings": [\n    {"id": "a", "severity": "low", "severity": "high"}\n  ]\n}';
    try {
      parseStrictJson(text, 'prod.json');
      throw new Error('accepted');
    } catch (error) {
      expect((error as InputError).describe()).toBe(
        'prod.json:3:36 (at $.findings[0].severity): the key "severity" appears twice in one object (a JSON reader would keep one of them silently)',
      );
    }
  });

  it('keys that look alike are not duplicates; escapes and colons in strings are not keys', () => {
    const text = String.raw`{"a": "x\":", "a\"": 1, "b\\": {"a": "\\"}, "c": ["d:", {"a": 1}]}`;
    expect(parseStrictJson(text, 'r.json')).toEqual(JSON.parse(text));
    expect(() => parseStrictJson(String.raw`{"a\u0062": 1, "ab": 2}`, 'r.json')).toThrow(
      /the key "ab" appears twice/,
    );
  });

  it.each([
    ['not JSON', '{not json', /^r\.json: not valid JSON/],
    ['truncated', '{"schemaVersion": 1, "findings": [', /^r\.json: not valid JSON/],
    ['comments', '{"a": 1 /* no */}', /^r\.json: not valid JSON/],
    [
      'deeply nested arrays',
      `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
      /^r\.json:1 \(at \$(\[0\]){16}\): nested deeper than 16 levels/,
    ],
  ])('refuses %s with an input error', (_name, text, message) => {
    try {
      parseStrictJson(text, 'r.json');
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).describe()).toMatch(message);
    }
  });
});

function depth(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(v).map(depth));
}
