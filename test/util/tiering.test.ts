import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isShortRun } from '../../src/cli/main.js';
import { runCheck } from '../../src/run/check.js';
import { NOW, toCsv } from '../helpers/report.js';
import {
  createTiering,
  DEFAULT_INTERRUPT_BUDGET,
  LONG_RUN_REPORT_BYTES,
  measuredOn,
  SHORT_RUN_INTERRUPT_BUDGET,
  tiering,
  type TieringEnv,
} from '../../src/util/tiering.js';

const NODE_20_V8 = '11.3.244.8-node.38';

function envOf(over: Partial<TieringEnv> = {}): TieringEnv & { flags: string[] } {
  const flags: string[] = [];
  return {
    v8: NODE_20_V8,
    execArgv: [],
    setFlags: (f) => flags.push(f),
    flags,
    ...over,
  };
}

describe('V8 tiering for the run at hand', () => {
  it('asks for optimisation at 8 times the default budget in a short run, once', () => {
    const env = envOf();
    const t = createTiering(env);
    t.shortRun();
    t.shortRun();
    expect(env.flags).toEqual([`--interrupt-budget=${8 * 66 * 1024}`]);
    expect(SHORT_RUN_INTERRUPT_BUDGET).toBe(540_672);
    expect(t.short).toBe(true);
  });

  it('goes back to the default when the input makes the run long, not before', () => {
    const env = envOf();
    const t = createTiering(env);
    t.shortRun();
    t.input(1_140_579); // 5,000 users
    t.input(LONG_RUN_REPORT_BYTES);
    expect(env.flags).toHaveLength(1);
    t.input(LONG_RUN_REPORT_BYTES + 1);
    expect(env.flags).toEqual([
      `--interrupt-budget=${SHORT_RUN_INTERRUPT_BUDGET}`,
      `--interrupt-budget=${DEFAULT_INTERRUPT_BUDGET}`,
    ]);
    expect(t.short).toBe(false);
    t.input(LONG_RUN_REPORT_BYTES * 10);
    expect(env.flags).toHaveLength(2);
  });

  it('sets nothing for a long input when no short run was asked for', () => {
    const env = envOf();
    createTiering(env).input(LONG_RUN_REPORT_BYTES * 10);
    expect(env.flags).toEqual([]);
  });

  it.each(['12.4.254.21-node.33', '13.6.233.10-node.27', '11.8.172.17'])(
    'leaves V8 %s to its own defaults (measured on Node 20 only)',
    (v8) => {
      const env = envOf({ v8 });
      const t = createTiering(env);
      t.shortRun();
      t.input(LONG_RUN_REPORT_BYTES * 10);
      expect(env.flags).toEqual([]);
      expect(t.short).toBe(false);
    },
  );

  it.each([
    [{ execArgv: ['--interrupt-budget=1000'] }],
    [{ execArgv: ['--interrupt_budget=1000'] }],
    [{ execArgv: ['--max-old-space-size=4096', '--interrupt-budget=1000'] }],
  ] as Partial<TieringEnv>[][])('never overrides a budget the user set: %o', (over) => {
    const env = envOf(over);
    createTiering(env).shortRun();
    expect(env.flags).toEqual([]);
  });

  it('takes a check of one account and a fix as short runs, not a merge or many accounts', () => {
    expect(isShortRun(['check', '--report', 'r.csv', '--policy', 'p.yml'])).toBe(true);
    expect(isShortRun(['fix', '--report', 'r.csv'])).toBe(true);
    expect(isShortRun(['merge', 'a.json', 'b.json'])).toBe(false);
    expect(isShortRun(['check', '--accounts', 'ids.txt', '--policy', 'p.yml'])).toBe(false);
    expect(isShortRun(['check', '--accounts=ids.txt', '--policy', 'p.yml'])).toBe(false);
    expect(isShortRun(['validate-policy', 'p.yml'])).toBe(false);
    expect(isShortRun([])).toBe(false);
  });
});

describe('a check tells the tiering how big its report is', () => {
  afterEach(() => vi.restoreAllMocks());

  it('passes the report size, once it is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiering-'));
    const report = join(dir, 'report.csv');
    const csv = toCsv([{ user: 'alice' }]);
    writeFileSync(report, csv);
    const input = vi.spyOn(tiering, 'input');
    await runCheck({
      reportFile: report,
      policyFile: 'examples/policy.yml',
      now: NOW,
    });
    expect(input).toHaveBeenCalledTimes(1);
    expect(input).toHaveBeenCalledWith(Buffer.byteLength(csv));
  });
});

describe('the bundled CLI asks V8 to optimise later in a short run', () => {
  // V8's own trace of what it marks for its optimising compiler: a check of 5,000 users marks
  // some 17 functions with the short-run budget, 50-115 under V8's default (here: a budget the
  // user set, which the CLI leaves alone). It runs dist/cli.js: .ci/run fails first on a stale
  // bundle.
  it.skipIf(!measuredOn(process.versions.v8))(
    'marks far fewer functions for optimisation than V8 does by default',
    async () => {
      // @ts-expect-error -- a plain ES module without types
      const { ACCEPTANCE_POLICY, credentialReport } = await import('../../bench/generate.mjs');
      const dir = mkdtempSync(join(tmpdir(), 'tiering-cli-'));
      writeFileSync(join(dir, 'report.csv'), credentialReport(5000));
      writeFileSync(join(dir, 'policy.yml'), ACCEPTANCE_POLICY);
      const marked = (options: string[]): number => {
        const run = spawnSync(
          process.execPath,
          [
            ...options,
            'dist/cli.js',
            'check',
            '--report',
            join(dir, 'report.csv'),
            '--policy',
            join(dir, 'policy.yml'),
            '--now',
            '2026-11-22T00:00:00Z',
            '--format',
            'json',
            '--output',
            join(dir, 'out.json'),
          ],
          { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
        );
        expect(run.status).toBe(1); // the gate fails on this report
        return run.stdout.split('\n').filter((l) => l.includes('marking')).length;
      };
      const short = marked(['--trace-opt']);
      const byDefault = marked(['--trace-opt', `--interrupt-budget=${DEFAULT_INTERRUPT_BUDGET}`]);
      expect(short).toBeGreaterThan(0);
      expect(short * 2).toBeLessThan(byDefault);
    },
    60_000,
  );
});
