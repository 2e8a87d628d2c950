import { ruleText } from '../../src/engine/remediation.js';
import { RULES } from '../../src/rules/index.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Ajv } from 'ajv';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { listOrganizationAccounts } from '../../src/aws/organizations.js';
import { mergeReports, parseExpectedAccounts } from '../../src/merge/merge.js';
import { renderMergedMarkdown, renderMergedSarif } from '../../src/render/merged.js';
import { renderMerged } from '../../src/render/index.js';
import { NOW } from '../helpers/report.js';
import { toHtml } from '../helpers/gfm.js';
import {
  accountId,
  accountReport,
  consistent,
  erroredReport as errored,
  writeErrorReport,
} from './reports.js';

const NOW_ISO = new Date(NOW).toISOString();
const ACCESS_KEY_AGE = RULES.find((r) => r.meta.id === 'access-key-age')!.meta;
const file = (n: number, data: unknown) => ({ file: `reports/${n}.json`, data });

describe('merge', () => {
  it('gives one verdict over many accounts, failing ones first', () => {
    const inputs = Array.from({ length: 40 }, (_, i) =>
      file(i, accountReport(i, i % 7 === 0, `acct-${i}`)),
    );
    const merged = mergeReports(inputs, { toolVersion: 't', now: NOW });
    expect(merged.passed).toBe(false);
    expect(merged.summary).toMatchObject({
      accounts: 40,
      passed: 34,
      failed: 6,
      errored: 0,
      missing: 0,
      failing: 6,
    });
    expect(merged.accounts.slice(0, 6).map((a) => a.status)).toEqual(Array(6).fill('failed'));
    expect(merged.findings.filter((f) => f.failing).map((f) => f.account.id)).toEqual(
      [0, 7, 14, 21, 28, 35].map(accountId),
    );
  });

  it('for Markdown, keeps only failing findings and counts the rest the same', () => {
    const inputs = () =>
      Array.from({ length: 12 }, (_, i) => {
        const r = accountReport(i, i % 3 === 0);
        // every account also has findings below fail_on
        for (const f of r.findings) if (!f.failing) f.severity = 'low';
        return file(
          i,
          JSON.parse(
            JSON.stringify(
              consistent({
                ...r,
                rules: { ...r.rules, 'access-key-age': ruleText(ACCESS_KEY_AGE) },
                findings: [
                  ...r.findings,
                  ...r.findings.map((f) => ({
                    ...f,
                    severity: 'low' as const,
                    rule: 'access-key-age',
                  })),
                ],
              }),
            ),
          ),
        );
      });
    const all = mergeReports(inputs(), { toolVersion: 't', now: NOW });
    const failingOnly = mergeReports(inputs(), { toolVersion: 't', now: NOW, keep: 'failing' });
    expect(failingOnly.summary).toEqual(all.summary);
    expect(failingOnly.otherFindingsByRule).toEqual(all.otherFindingsByRule);
    expect(failingOnly.findings).toEqual(all.findings.filter((f) => f.failing));
    expect(failingOnly.omitted).toBe(all.summary.findings - all.summary.failing);
    expect(all.omitted).toBe(0);
    expect(renderMergedMarkdown(failingOnly)).toContain(
      'Every finding is in the merged JSON report.',
    );
  });

  it('lists what to do per account, except past 2,000 failing findings', () => {
    const few = renderMergedMarkdown(
      mergeReports([file(1, accountReport(1, true))], { toolVersion: 't', now: NOW }),
    );
    expect(few).toContain('<summary>What to do</summary>');
    const many = mergeReports([file(1, accountReport(1, true))], { toolVersion: 't', now: NOW });
    const one = many.findings[0] as (typeof many.findings)[number];
    many.findings = Array.from({ length: 2001 }, () => ({ ...one }));
    many.summary.failing = many.summary.findings = 2001;
    const md = renderMergedMarkdown(many);
    expect(md).not.toContain('<summary>What to do</summary>');
    expect(md).toContain('What to do for each finding is in the merged JSON report');
  });

  it('passes when every account passes', () => {
    const merged = mergeReports(
      [file(1, accountReport(1, false)), file(2, accountReport(2, false))],
      { toolVersion: 't', now: NOW },
    );
    expect(merged.passed).toBe(true);
  });

  it('lists an errored account and fails, never dropping it', () => {
    const merged = mergeReports([file(1, accountReport(1, false)), file(2, errored(2))], {
      toolVersion: 't',
      now: NOW,
    });
    expect(merged.passed).toBe(false);
    expect(merged.accounts[0]).toMatchObject({
      id: accountId(2),
      label: 'acct-2',
      status: 'errored',
      error: 'AWS denied iam:GenerateCredentialReport',
    });
  });

  it('fails on an expected account with no report', () => {
    const merged = mergeReports([file(1, accountReport(1, false))], {
      toolVersion: 't',
      now: NOW,
      expectAccounts: [accountId(1), accountId(9)],
    });
    expect(merged.passed).toBe(false);
    expect(merged.accounts.find((a) => a.id === accountId(9))).toMatchObject({ status: 'missing' });
    expect(merged.summary.missing).toBe(1);
  });

  it.each([
    [
      'the same account twice',
      [file(1, accountReport(1, false)), { file: 'again.json', data: accountReport(1, true) }],
      /account 100000000001 appears twice/,
    ],
    [
      'another schema version',
      [{ file: 'v2.json', data: { ...accountReport(1, false), schemaVersion: 2 } }],
      /unsupported schemaVersion 2/,
    ],
    [
      'not a report of this tool',
      [{ file: 'x.json', data: { hello: 'world' } }],
      /not a report of iam-credential-gate/,
    ],
    [
      'a merged report',
      [
        {
          file: 'm.json',
          data: { schemaVersion: 1, kind: 'merged', tool: { name: 'iam-credential-gate' } },
        },
      ],
      /already a merged report/,
    ],
    ['nothing', [], /no reports to merge/],
  ])('rejects %s', (_name, inputs, message) => {
    expect(() => mergeReports(inputs as never, { toolVersion: 't', now: NOW })).toThrow(message);
  });

  it('renders the accounts table and the failing findings by account, safely', () => {
    const merged = mergeReports(
      [
        file(1, accountReport(1, true, 'prod <b>')),
        file(2, errored(2)),
        file(3, accountReport(3, false, 'dev')),
      ],
      { toolVersion: 't', now: NOW, expectAccounts: [accountId(4)] },
    );
    const md = renderMergedMarkdown(merged);
    expect(md.split('\n')[0]).toBe('## ❌ IAM credential gate failed — 3 of 4 accounts');
    expect(md).toContain(
      `| prod &lt;b&gt; | \`${accountId(1)}\` | 2 | 0 | 1 | 0 | 0 | ❌ failed | 1 h |`,
    );
    expect(md).toContain('❓ missing');
    expect(md).toContain('### Accounts without a result');
    expect(toHtml(md)).not.toContain('<b>');
    expect(renderMergedMarkdown(merged, { maxLength: 800 }).length).toBeLessThanOrEqual(800);
  });

  it('writes valid SARIF with one run per account', () => {
    const Ajv04 = createRequire(import.meta.url)('ajv-draft-04') as new (o: object) => Ajv;
    const schema = JSON.parse(
      readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8'),
    );
    const validate = new Ajv04({ strict: false, unicodeRegExp: false }).compile(schema);
    const sarif = renderMergedSarif(
      mergeReports([file(1, accountReport(1, true)), file(2, accountReport(2, true))], {
        toolVersion: 't',
        now: NOW,
      }),
    );
    expect(validate(sarif)).toBe(true);
    const merged = mergeReports(
      [file(1, accountReport(1, true)), file(2, accountReport(2, true))],
      { toolVersion: 't', now: NOW },
    );
    expect(JSON.parse(renderMerged(merged, 'sarif'))).toEqual(
      JSON.parse(JSON.stringify(renderMergedSarif(merged))),
    );
    expect(sarif.runs.map((r) => r.automationDetails?.id)).toEqual([
      `iam-credential-gate/${accountId(1)}/`,
      `iam-credential-gate/${accountId(2)}/`,
    ]);
  });
});

describe('--expect-accounts', () => {
  it('reads one id per line with # comments', () => {
    expect(parseExpectedAccounts('# prod\n111111111111\n\n222222222222  # dev\n', 'a.txt')).toEqual(
      ['111111111111', '222222222222'],
    );
  });
  it('reads the JSON list-accounts prints', () => {
    expect(parseExpectedAccounts('[{"id":"111111111111","name":"prod"}]', 'a.json')).toEqual([
      '111111111111',
    ]);
  });
  it('names the line of a bad id', () => {
    expect(() => parseExpectedAccounts('111111111111\nprod\n', 'a.txt')).toThrow(InputError);
    try {
      parseExpectedAccounts('111111111111\nprod\n', 'a.txt');
    } catch (e) {
      expect((e as InputError).place).toEqual({ file: 'a.txt', line: 2 });
    }
  });
});

describe('list-accounts (AWS Organizations)', () => {
  it('follows every page and keeps ACTIVE accounts', async () => {
    const org = mockClient(OrganizationsClient);
    org
      .on(ListAccountsCommand, {})
      .resolves({
        Accounts: [
          { Id: '333333333333', Name: 'c', Status: 'ACTIVE' },
          { Id: '444444444444', Name: 'gone', Status: 'SUSPENDED' },
        ],
        NextToken: 'p2',
      })
      .on(ListAccountsCommand, { NextToken: 'p2' })
      .resolves({
        Accounts: [{ Id: '111111111111', Name: 'a', Status: 'ACTIVE' }],
        NextToken: 'p3',
      })
      .on(ListAccountsCommand, { NextToken: 'p3' })
      .resolves({ Accounts: [{ Id: '222222222222', Name: 'b', Status: 'ACTIVE' }] });
    const accounts = await listOrganizationAccounts(
      new OrganizationsClient({ region: 'us-east-1' }),
    );
    expect(accounts.map((a) => a.id)).toEqual(['111111111111', '222222222222', '333333333333']);
    expect(org.commandCalls(ListAccountsCommand)).toHaveLength(3);
    expect(
      (
        await listOrganizationAccounts(new OrganizationsClient({ region: 'us-east-1' }), {
          includeInactive: true,
        })
      ).length,
    ).toBe(4);
    org.restore();
  });
  it('explains an access denied', async () => {
    const org = mockClient(OrganizationsClient);
    org
      .on(ListAccountsCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await expect(
      listOrganizationAccounts(new OrganizationsClient({ region: 'us-east-1' })),
    ).rejects.toThrow(/organizations:ListAccounts failed/);
    org.restore();
  });
});

describe('iam-credential-gate merge (the committed bundle)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'merge-'));
  const write = (name: string, data: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data));
    return path;
  };
  // the merge's time is the reports' evaluation time (NOW), so that none is stale
  const cli = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['dist/cli.js', ...args, ...(args[0] === 'merge' ? ['--now', NOW_ISO] : [])],
      { encoding: 'utf8' },
    );

  it('exits 0 when all pass, 1 when one fails, errored or missing, 2 on bad input', () => {
    const a = write('a.json', accountReport(1, false));
    const b = write('b.json', accountReport(2, false));
    const bad = write('c.json', accountReport(3, true));
    const err = write('err.json', errored(4));
    const expect5 = write('expected.txt', `${accountId(1)}\n${accountId(2)}\n${accountId(5)}\n`);
    expect(cli('merge', a, b).status).toBe(0);
    expect(cli('merge', a, bad).status).toBe(1);
    expect(cli('merge', a, err).status).toBe(1);
    const missing = cli('merge', a, b, '--expect-accounts', expect5, '--format', 'json');
    expect(missing.status).toBe(1);
    expect(
      JSON.parse(missing.stdout).accounts.find((x: { id: string }) => x.id === accountId(5)).status,
    ).toBe('missing');
    const dup = cli('merge', a, write('a2.json', accountReport(1, true)));
    expect(dup.status).toBe(2);
    expect(dup.stderr).toMatch(
      /a2\.json \(at \$\.account\.id\): account 100000000001 appears twice/,
    );
    expect(cli('merge', write('junk.json', '{not json')).stderr).toMatch(
      /junk\.json: not valid JSON/,
    );
  });

  it('check --account-id labels the error report, so merge lists the account as errored', () => {
    const out = join(dir, 'e.json');
    const r = writeErrorReport(out, accountId(6), 'six');
    expect(r.status).toBe(2);
    const merged = cli('merge', out, '--format', 'json');
    expect(merged.status).toBe(1);
    expect(JSON.parse(merged.stdout).accounts[0]).toMatchObject({
      id: accountId(6),
      label: 'six',
      status: 'errored',
    });
  });

  it('check --account-id refuses a report of another account', () => {
    const r = cli(
      'check',
      '--report',
      'examples/credential-report.csv',
      '--policy',
      'examples/policy.yml',
      '--account-id',
      '999999999999',
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the report is of account 123456789012, not of 999999999999/);
  });
});
