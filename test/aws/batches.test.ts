import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_MATRIX_JOBS,
  parseAccountList,
  parseBatchOption,
  planBatches,
  readAccounts,
  type ListedAccount,
} from '../../src/run/account-list.js';
import { exitCodeOf, type AccountOutcome } from '../../src/run/check-accounts.js';
import { checkRoleArnTemplate, roleArnFor } from '../../src/aws/assume-role.js';
import { runCli } from '../../src/cli/main.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const accounts = (n: number): ListedAccount[] =>
  Array.from({ length: n }, (_, i) => ({ id: String(100000000000 + i), name: `a${i}` }));

describe('list-accounts --batches: a matrix within GitHub limits', () => {
  it('the same --batches works from 5 to 5,000 accounts', () => {
    expect(planBatches(accounts(5), { batches: 40 }).include.map((b) => b.accounts.length)).toEqual(
      [1, 1, 1, 1, 1],
    );
    const big = planBatches(accounts(5000), { batches: 40 }).include;
    expect(big).toHaveLength(40);
    expect(new Set(big.map((b) => b.accounts.length))).toEqual(new Set([125]));
    expect(big[0]).toMatchObject({ batch: 1, batches: 40 });
  });

  it('a batch size that would pass 256 jobs is raised, and says so', () => {
    const notes: string[] = [];
    const m = planBatches(accounts(5000), { batchSize: 10 }, notes);
    expect(m.include).toHaveLength(MAX_MATRIX_JOBS);
    expect(Math.max(...m.include.map((b) => b.accounts.length))).toBe(20);
    expect(notes[0]).toMatch(/would make 500 jobs, more than GitHub's 256/);
    expect(planBatches(accounts(95), { batchSize: 10 }).include).toHaveLength(10);
  });

  it('every account is in exactly one batch, in order; batches differ by one at most', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6000 }),
        fc.oneof(
          fc.record({ batches: fc.integer({ min: 1, max: MAX_MATRIX_JOBS }) }),
          fc.record({ batchSize: fc.integer({ min: 1, max: 7000 }) }),
        ),
        (n, want) => {
          const list = accounts(n);
          const { include } = planBatches(list, want);
          expect(include.length).toBeGreaterThanOrEqual(1);
          expect(include.length).toBeLessThanOrEqual(Math.min(MAX_MATRIX_JOBS, n));
          expect(include.flatMap((b) => b.accounts)).toEqual(list);
          const sizes = include.map((b) => b.accounts.length);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          expect(include.every((b, i) => b.batch === i + 1 && b.batches === include.length)).toBe(
            true,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses no account, and batch options out of range', () => {
    expect(() => planBatches([], { batches: 3 })).toThrow(/no account/);
    expect(() => parseBatchOption('0', '--batches', 256)).toThrow(/from 1 to 256/);
    expect(() => parseBatchOption('257', '--batches', 256)).toThrow(/from 1 to 256/);
    expect(() => parseBatchOption('2.5', '--batches', 256)).toThrow(/whole number/);
    expect(parseBatchOption('12', '--batches', 256)).toBe(12);
  });

  it('the CLI prints the matrix on one line from a file of accounts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'batches-'));
    writeFileSync(join(dir, 'accounts.txt'), '111111111111\n222222222222 # prod\n333333333333\n');
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      clock: Date.now,
    };
    const from = ['list-accounts', '--from', join(dir, 'accounts.txt')];
    expect(await runCli([...from, '--batch-size', '2'], io)).toBe(0);
    expect(JSON.parse(out.join(''))).toEqual({
      include: [
        {
          batch: 1,
          batches: 2,
          accounts: [
            { id: '111111111111', name: null },
            { id: '222222222222', name: null },
          ],
        },
        { batch: 2, batches: 2, accounts: [{ id: '333333333333', name: null }] },
      ],
    });
    expect(out.join('').trim()).not.toContain('\n');
    expect(await runCli([...from, '--batches', '2', '--batch-size', '2'], io)).toBe(2);
    expect(err.join('')).toContain('give --batches or --batch-size, not both');
  });
});

describe('account lists', () => {
  it('reads ids inline, JSON inline (a matrix entry) and files', async () => {
    expect(await readAccounts('111111111111, 222222222222', '--accounts')).toEqual([
      { id: '111111111111', name: null },
      { id: '222222222222', name: null },
    ]);
    expect(
      await readAccounts('[{"id":"111111111111","name":"prod"},"222222222222"]', '--accounts'),
    ).toEqual([
      { id: '111111111111', name: 'prod' },
      { id: '222222222222', name: null },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'accounts-'));
    writeFileSync(join(dir, 'a.json'), '{"accounts":[{"id":"333333333333","name":"dev"}]}');
    expect(await readAccounts(join(dir, 'a.json'), '--accounts')).toEqual([
      { id: '333333333333', name: 'dev' },
    ]);
    await expect(readAccounts(join(dir, 'missing.txt'), '--accounts')).rejects.toThrow(
      /cannot read the account list/,
    );
  });

  it('refuses what is not a list of accounts, naming the place', () => {
    expect(() => parseAccountList('111111111111\n12345\n', 'f.txt')).toThrow(
      /"12345" is not a 12-digit/,
    );
    expect(() => parseAccountList('[{"id":"1"}]', 'f.json')).toThrow(/entry 0 has no 12-digit/);
    expect(() => parseAccountList('# none\n', 'f.txt')).toThrow(/lists no account/);
    expect(() => parseAccountList('111111111111\n111111111111', 'f.txt')).toThrow(/twice/);
    expect(() => parseAccountList('[', 'f.json')).toThrow(/not valid JSON/);
  });
});

describe('several accounts in one job', () => {
  const outcome = (status: AccountOutcome['status']): AccountOutcome => ({
    id: '111111111111',
    label: null,
    status,
    file: 'x.json',
    failing: null,
    findings: null,
    error: null,
  });

  it('exits with the worst account', () => {
    expect(exitCodeOf([outcome('passed'), outcome('passed')])).toBe(0);
    expect(exitCodeOf([outcome('passed'), outcome('failed')])).toBe(1);
    expect(exitCodeOf([outcome('failed'), outcome('errored'), outcome('passed')])).toBe(2);
  });

  it('takes a role ARN template with one {account}', () => {
    expect(roleArnFor('arn:aws:iam::{account}:role/gate', '123456789012')).toBe(
      'arn:aws:iam::123456789012:role/gate',
    );
    expect(() => checkRoleArnTemplate('arn:aws:iam::{account}:role/path/gate', 'x')).not.toThrow();
    expect(() => checkRoleArnTemplate('arn:aws:iam::123456789012:role/gate', 'x')).toThrow(
      /one \{account\}/,
    );
    expect(() => checkRoleArnTemplate('arn:aws:iam::{account}:user/gate', 'x')).toThrow();
    expect(() => checkRoleArnTemplate('{account}{account}', 'x')).toThrow();
  });

  it('check --accounts refuses options of a single report, before any AWS call', async () => {
    const err: string[] = [];
    const io = { stdout: () => undefined, stderr: (t: string) => err.push(t), clock: Date.now };
    const base = ['check', '--accounts', '111111111111', '--policy', 'p.yml'];
    expect(await runCli([...base, '--report', 'r.csv'], io)).toBe(2);
    expect(err.join('')).toContain('--report cannot be given with --accounts');
    expect(await runCli([...base, '--output-dir', 'o'], io)).toBe(2);
    expect(err.join('')).toContain('--role-arn-template is required with --accounts');
    expect(
      await runCli(
        [...base, '--output-dir', 'o', '--role-arn-template', 'arn:aws:iam::1:role/x'],
        io,
      ),
    ).toBe(2);
    expect(err.join('')).toContain('is not an IAM role ARN with one {account}');
    // outputs of a single report are refused, never silently dropped
    for (const flag of ['--json-file', '--sarif-file', '--markdown-file', '--format']) {
      expect(await runCli([...base, flag, 'x'], io)).toBe(2);
      expect(err.join('')).toContain(`${flag} cannot be given with --accounts`);
    }
    expect(await runCli([...base, '--sarif-include-exempted'], io)).toBe(2);
    expect(err.join('')).toContain('--sarif-include-exempted cannot be given with --accounts');
  });
});
