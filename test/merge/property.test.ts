// A valid report mutated at random: the merge accepts it with the verdict its findings give,
// or refuses it with an input error naming the file — never a forged pass, never a crash.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GateReportJson as GateReport } from '../../src/engine/types.js';
import { InputError } from '../../src/errors.js';
import { mergeReports, readReport } from '../../src/merge/merge.js';
import { jsonChunks } from '../../src/render/stream.js';
import { NOW } from '../helpers/report.js';
import { exampleGateReport, exampleReport, recount } from './reports.js';

type Path = (string | number)[];
type Json = unknown;

let base: GateReport;
beforeAll(async () => {
  base = await exampleReport();
});

function allPaths(value: Json, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [at];
  const inner = Object.entries(value).flatMap(([k, v]) =>
    allPaths(v, [...at, Array.isArray(value) ? Number(k) : k]),
  );
  return [at, ...inner];
}

const get = (v: Json, path: Path): Json =>
  path.reduce<Json>((x, k) => (x as Record<string, Json>)?.[k], v);

function set(root: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value;
  const parent = get(root, path.slice(0, -1)) as Record<string | number, Json>;
  const key = path[path.length - 1] as string | number;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else parent[key] = value;
  return root;
}

/** JSON text, writing `extra` as one more (duplicate) key of the object at `dupAt`. */
function serialize(value: Json, dupAt?: Path, extra?: [string, Json]): string {
  const go = (v: Json, at: Path): string => {
    if (Array.isArray(v)) return `[${v.map((x, i) => go(x, [...at, i])).join(',')}]`;
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).map(
        ([k, x]) => `${JSON.stringify(k)}:${go(x, [...at, k])}`,
      );
      if (extra && dupAt && JSON.stringify(at) === JSON.stringify(dupAt))
        entries.push(`${JSON.stringify(extra[0])}:${JSON.stringify(extra[1])}`);
      return `{${entries.join(',')}}`;
    }
    return JSON.stringify(v) ?? 'null';
  };
  return go(value, []);
}

const SEVERITY = ['critical', 'high', 'medium', 'low'];
const RANK = { critical: 4, high: 3, medium: 2, low: 1, never: Infinity } as const;
const retype = (v: Json): Json =>
  typeof v === 'string'
    ? 7
    : typeof v === 'number'
      ? String(v)
      : typeof v === 'boolean'
        ? String(v)
        : v === null
          ? {}
          : Array.isArray(v)
            ? {}
            : [];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete'), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace'), at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant('retype'), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip'), at: fc.nat() }),
  fc.record({ kind: fc.constant('severity'), at: fc.nat(), value: fc.constantFrom(...SEVERITY) }),
  fc.record({ kind: fc.constant('count'), at: fc.nat(), value: fc.integer({ min: -2, max: 2 }) }),
  fc.record({ kind: fc.constant('duplicate'), at: fc.nat(), value: fc.jsonValue({ maxDepth: 1 }) }),
  fc.record({ kind: fc.constant('truncate'), at: fc.nat() }),
);
type Mutation = { kind: string; at: number; value?: Json };

/** The mutated report's text. */
function mutate(mutations: Mutation[]): string {
  let value: Json = structuredClone(base);
  let dup: [Path, [string, Json]] | undefined;
  let cut: number | undefined;
  for (const m of mutations) {
    const all = allPaths(value);
    const pick = (keep: (v: Json) => boolean) => {
      const matching = all.filter((p) => keep(get(value, p)));
      return matching.length === 0 ? undefined : (matching[m.at % matching.length] as Path);
    };
    const path = all[m.at % all.length] as Path;
    if (m.kind === 'delete' && path.length > 0) value = set(value, path, undefined);
    else if (m.kind === 'replace') value = set(value, path, m.value);
    else if (m.kind === 'retype') value = set(value, path, retype(get(value, path)));
    else if (m.kind === 'flip') {
      const p = pick((v) => typeof v === 'boolean');
      if (p) value = set(value, p, !get(value, p));
    } else if (m.kind === 'severity') {
      const p = pick((v) => typeof v === 'string' && SEVERITY.includes(v));
      if (p) value = set(value, p, m.value);
    } else if (m.kind === 'count') {
      const p = pick((v) => typeof v === 'number');
      if (p) value = set(value, p, (get(value, p) as number) + (m.value as number));
    } else if (m.kind === 'duplicate') {
      const p = pick(
        (v) =>
          v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0,
      );
      if (p) {
        const keys = Object.keys(get(value, p) as object);
        dup = [p, [keys[m.at % keys.length] as string, m.value]];
      }
    } else if (m.kind === 'truncate') cut = m.at;
  }
  const text = dup ? serialize(value, dup[0], dup[1]) : serialize(value);
  return cut === undefined ? text : text.slice(0, cut % text.length);
}

describe('merge of a mutated report', () => {
  it('the real writer’s output merges, with the verdict its findings give', async () => {
    const text = [...jsonChunks(await exampleGateReport())].join('');
    const merged = mergeReports([readReport(text, 'prod.json')], {
      toolVersion: 't',
      now: NOW + 3_600_000,
    });
    expect(merged.accounts[0]).toMatchObject({
      status: 'failed',
      failing: recount(base).summary.failing,
    });
  });

  it('is accepted with the recomputed verdict, or refused naming the file; never forged', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const text = mutate(mutations);
        let merged;
        try {
          merged = mergeReports([readReport(text, 'prod.json')], {
            toolVersion: 't',
            now: NOW + 3_600_000,
          });
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expect(error.describe()).toMatch(/^prod\.json\b/);
          refused++;
          return;
        }
        accepted++;
        // Independently of the merge's code: what the findings say.
        const r = JSON.parse(text) as GateReport;
        if ('error' in r) {
          expect(merged.passed).toBe(false);
          return;
        }
        const own = recount(r);
        expect(r.passed).toBe(own.passed);
        expect(r.summary).toEqual(own.summary);
        expect(r.findings.map((f) => f.failing)).toEqual(own.flags);
        const failOn = RANK[r.policy.failOn] <= RANK.high ? r.policy.failOn : 'high';
        const expected = recount(r, failOn).summary.failing;
        expect(merged.accounts[0]?.failing).toBe(expected);
        const age = NOW + 3_600_000 - Date.parse(r.evaluatedAt);
        expect(merged.passed).toBe(expected === 0 && age <= 48 * 3_600_000);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
