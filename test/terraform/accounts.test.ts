import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GateReport } from '../../src/engine/types.js';
import { runCheck } from '../../src/run/check.js';
import { parseTerraformDirs } from '../../src/terraform/accounts.js';
import { ago, NOW, toCsv, type Row } from '../helpers/report.js';
import { runCli } from '../../src/cli/main.js';

const M = 'test/fixtures/terraform/monorepo/infra';
const STATE = `${M}/legacy/show.json`;

/** A report of `account` where terraform-ci, jdoe and ops-bot each hold a key unused for a year. */
function reportOf(account: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'monorepo-'));
  const users = ['terraform-ci', 'jdoe', 'ops-bot'];
  const rows: Row[] = users.map((user) => ({
    user,
    arn: `arn:aws:iam::${account}:user/${user}`,
    access_key_1_active: 'true',
    access_key_1_last_rotated: ago(500),
    access_key_1_last_used_date: ago(400),
  }));
  writeFileSync(join(dir, 'report.csv'), toCsv(rows));
  writeFileSync(join(dir, 'policy.yml'), 'version: 1\n');
  return dir;
}

async function check(account: string, dirs: string[], state?: string): Promise<GateReport> {
  const dir = reportOf(account);
  return runCheck({
    reportFile: join(dir, 'report.csv'),
    policyFile: join(dir, 'policy.yml'),
    reportGeneratedAt: NOW - 3_600_000,
    now: NOW,
    terraformDirs: dirs,
    terraformState: state,
  });
}

/** The folders each user's findings point to. */
function stacks(report: GateReport): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const f of report.findings) {
    if (!f.user) continue;
    const set = (out[f.user] ??= new Set());
    for (const t of f.terraform ?? [])
      if (t.file) set.add(t.file.replace(`${M}/`, '').split('/')[0]!);
  }
  return Object.fromEntries(Object.entries(out).map(([u, s]) => [u, [...s].sort()]));
}

const ALL = [`111111111111=${M}/prod`, M];

describe('Terraform folders bound to accounts', () => {
  it('an explicit binding keeps only that account stack; the others are left out with a note', async () => {
    const r = await check('111111111111', ALL);
    // ops-bot is in two folders that say no account: kept (both may be this account's)
    expect(stacks(r)).toEqual({
      'terraform-ci': ['prod'],
      jdoe: ['prod', 'legacy'].sort(),
      'ops-bot': ['aliased', 'shared-a', 'shared-b'],
    });
    const notes = r.warnings.filter((w) => w.includes('left out'));
    expect(notes.some((w) => w.includes(`${M}/staging`) && w.includes('allowed_account_ids'))).toBe(
      true,
    );
    expect(notes.some((w) => w.includes(`${M}/sandbox`) && w.includes('assume_role'))).toBe(true);
    expect(notes.some((w) => w.includes(`${M}/json`) && w.includes('555555555555'))).toBe(true);
    expect(notes.every((w) => w.includes('not of 111111111111'))).toBe(true);
    // a finding of one stack only says nothing of other places
    const ci = r.findings.find((f) => f.user === 'terraform-ci')!;
    expect(ci.remediation).not.toMatch(/defined in \d places/);
  });

  it("plans the edits of the stack a finding points to, never of another account's", async () => {
    for (const [account, stack] of [
      ['111111111111', 'prod'],
      ['222222222222', 'staging'],
    ] as const) {
      const r = await check(account, ALL);
      const fixes = r.findings
        .filter((f) => f.user === 'terraform-ci')
        .flatMap((f) => f.terraform ?? [])
        .map((t) => t.fix);
      const edits = fixes.flatMap((x) => (x?.status === 'verified' ? x.edits : []));
      expect(edits.length).toBeGreaterThan(0);
      expect(new Set(edits.map((e) => e.file.replace(`${M}/`, '').split('/')[0]))).toEqual(
        new Set([stack]),
      );
    }
  });

  it("allowed_account_ids binds a stack: staging's report points at staging only", async () => {
    const r = await check('222222222222', ALL);
    expect(stacks(r)['terraform-ci']).toEqual(['staging']);
    expect(stacks(r).jdoe).toEqual(['legacy', 'staging']);
    expect(r.warnings.some((w) => w.includes(`${M}/prod`) && w.includes('111111111111='))).toBe(
      true,
    );
  });

  it('a binding its provider contradicts is used, with a warning naming both accounts', async () => {
    const r = await check('111111111111', [`111111111111=${M}/staging`, M]);
    expect(stacks(r)['terraform-ci']).toContain('staging');
    const told = r.warnings.filter((w) => w.includes('but its AWS provider says'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain(`${M}/staging is bound by terraform-dir 111111111111=${M}/staging`);
    expect(told[0]).toContain('222222222222 (allowed_account_ids');
    // a binding the provider agrees with says nothing
    const agreed = await check('222222222222', [`222222222222=${M}/staging`, M]);
    expect(agreed.warnings.some((w) => w.includes('but its AWS provider says'))).toBe(false);
  });

  it("assume_role's role_arn binds a stack to its account", async () => {
    const r = await check('333333333333', ALL);
    expect(stacks(r).jdoe).toEqual(['legacy', 'sandbox']);
    // in the JSON syntax too
    expect(stacks(await check('555555555555', ALL)).jdoe).toEqual(['json', 'legacy']);
  });

  it("the state's ARNs bind the definitions it holds", async () => {
    expect(stacks(await check('444444444444', ALL, STATE)).jdoe).toEqual(['legacy']);
    const prod = await check('111111111111', ALL, STATE);
    expect(stacks(prod).jdoe).toEqual(['prod']);
    expect(prod.warnings.some((w) => w.includes(`${M}/legacy`) && w.includes('state'))).toBe(true);
    // the state's jdoe (of 444444444444) is not prod's jdoe: its address is not used
    const jdoe = prod.findings.find((f) => f.user === 'jdoe')!;
    expect(jdoe.terraform.map((t) => t.address)).toEqual(['aws_iam_user.jdoe']);
  });

  it('the same name in two stacks of no known account is never said to be one user', async () => {
    const r = await check('111111111111', ALL);
    const ops = r.findings.find((f) => f.user === 'ops-bot')!;
    expect(ops.terraform).toHaveLength(3);
    expect(ops.remediation).toContain('bind each stack folder to its account');
    expect(ops.remediation).not.toMatch(/only one (can be|is) real/);
  });

  it('without bindings, hints alone still keep other accounts out', async () => {
    const r = await check('111111111111', [M]);
    // prod says no account: kept; staging, sandbox and json are others'
    expect(stacks(r)['terraform-ci']).toEqual(['prod']);
    expect(stacks(r).jdoe).toEqual(['legacy', 'prod']);
  });

  it('the deepest binding wins, and a folder bound to two accounts is an input error', async () => {
    const r = await check('999999999999', [`999999999999=${M}`, `111111111111=${M}/prod`]);
    // infra is 999999999999's, but infra/prod is 111111111111's; the binding overrides the hints
    expect(stacks(r)['terraform-ci']).toEqual(['staging']);
    expect(stacks(r).jdoe).toEqual(['json', 'legacy', 'sandbox', 'staging']);
    await expect(
      check('111111111111', [`111111111111=${M}/prod`, `222222222222=${M}/prod`]),
    ).rejects.toThrow(/binds the folder .* to two accounts/);
  });

  it('parses bindings strictly', () => {
    expect(
      parseTerraformDirs(['infra', '123456789012=infra/prod', ' 123456789012 = a=b '], 'x'),
    ).toEqual([
      { dir: 'infra' },
      { dir: 'infra/prod', account: '123456789012' },
      { dir: 'a=b', account: '123456789012' },
    ]);
    expect(() => parseTerraformDirs(['12345=infra'], '--terraform-dir')).toThrow(/12 digits/);
    expect(() => parseTerraformDirs(['123456789012='], '--terraform-dir')).toThrow(/no folder/);
  });

  it('the CLI takes --terraform-dir <account>=<dir>, and refuses a bad one (exit 2)', async () => {
    const dir = reportOf('111111111111');
    const out: string[] = [];
    const io = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => out.push(t),
      clock: () => NOW,
    };
    const base = [
      'check',
      '--report',
      join(dir, 'report.csv'),
      '--policy',
      join(dir, 'policy.yml'),
    ];
    const args = [
      ...base,
      '--report-generated-at',
      new Date(NOW - 3_600_000).toISOString(),
      '--now',
      new Date(NOW).toISOString(),
    ];
    expect(await runCli([...args, '--terraform-dir', '1234=infra'], io)).toBe(2);
    expect(out.join('')).toMatch(
      /--terraform-dir "1234=infra": the account before "=" must be 12 digits/,
    );
    out.length = 0;
    const code = await runCli(
      [
        ...args,
        '--format',
        'json',
        '--terraform-dir',
        `111111111111=${M}/prod`,
        '--terraform-dir',
        `${M}/staging`,
      ],
      io,
    );
    expect(code).toBe(1);
    const json = JSON.parse(out.join('')) as GateReport;
    expect(stacks(json)['terraform-ci']).toEqual(['prod']);
  });
});
