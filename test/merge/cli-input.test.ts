// Malformed, forged and edge-case merge input through the committed bundle: exit 2 with a
// message naming the file, never a stack trace; an empty account list is refused.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOW } from '../helpers/report.js';
import { accountReport } from './reports.js';

const dir = mkdtempSync(join(tmpdir(), 'merge-input-'));
const put = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const NOW_ISO = new Date(NOW + 3_600_000).toISOString();
const merge = (...args: string[]) =>
  spawnSync(process.execPath, ['dist/cli.js', 'merge', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
const good = accountReport(1, false);
const goodFile = put('good.json', JSON.stringify(good, null, 2));
const tool = { name: 'iam-credential-gate', version: '1' };

describe('merge input errors (the committed bundle)', () => {
  it.each([
    ['not JSON', 'junk.json', 'hello', /junk\.json: not valid JSON/],
    ['truncated', 'cut.json', JSON.stringify(good).slice(0, 200), /cut\.json: not valid JSON/],
    ['a number where an object is', 'n.json', '42', /n\.json: not a report of iam-credential-gate/],
    ['an array', 'a.json', '[]', /a\.json: not a report of iam-credential-gate/],
    ['null', 'null.json', 'null', /null\.json: not a report of iam-credential-gate/],
    [
      'missing fields',
      'bare.json',
      JSON.stringify({ schemaVersion: 1, tool }),
      /bare\.json \(at \$\): the property "account" is missing/,
    ],
    [
      'a summary that is a string',
      'type.json',
      JSON.stringify({ ...good, summary: 'all good' }),
      /type\.json \(at \$\.summary\): must be object, not "all good"/,
    ],
    [
      'deeply nested arrays (50 MB)',
      'deep.json',
      `${'['.repeat(25_000_000)}${']'.repeat(25_000_000)}`,
      /deep\.json:1 \(at \$(\[0\])+\): nested deeper than 16 levels/,
    ],
    [
      'a duplicated key',
      'dup.json',
      JSON.stringify(good, null, 2).replace('"passed": true', '"passed": false, "passed": true'),
      /dup\.json:\d+:\d+ \(at \$\.passed\): the key "passed" appears twice/,
    ],
    [
      'a forged pass',
      'forged.json',
      JSON.stringify({ ...accountReport(2, true), passed: true }),
      /forged\.json \(at \$\.passed\): says true, but 1 finding fail/,
    ],
    [
      'another schema version',
      'v2.json',
      JSON.stringify({ ...good, schemaVersion: 2 }),
      /v2\.json \(at \$\.schemaVersion\): unsupported schemaVersion 2/,
    ],
  ])('%s: exit 2 naming the file', (_name, file, content, message) => {
    const r = merge(put(file, content), '--now', NOW_ISO);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
  });

  it('a 50 MB error report is merged as errored, its message cut short', () => {
    const big = put(
      'big.json',
      JSON.stringify({
        schemaVersion: 1,
        tool,
        account: { id: '222222222222', label: null },
        passed: false,
        error: { message: 'x'.repeat(50 * 1024 * 1024) },
      }),
    );
    const r = merge(goodFile, big, '--now', NOW_ISO, '--format', 'json');
    expect(r.status, r.stderr).toBe(1);
    const errored = JSON.parse(r.stdout).accounts[0];
    expect(errored.status).toBe('errored');
    expect(errored.error.length).toBeLessThan(2_100);
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# prod\n\n'],
    ['an empty JSON list', '[]'],
  ])('--expect-accounts with %s: exit 2', (_name, content) => {
    const r = merge(goodFile, '--now', NOW_ISO, '--expect-accounts', put('accounts.txt', content));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/accounts\.txt: lists no account/);
  });

  it.each([
    [['--max-report-age-hours', '0'], /--max-report-age-hours must be a number of hours above 0/],
    [['--max-report-age-hours', 'soon'], /--max-report-age-hours must be/],
    [['--fail-on', 'sometimes'], /--fail-on must be one of/],
    [['--now', 'later'], /--now/],
  ])('%j: exit 2', (args, message) => {
    const r = merge(goodFile, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('a report older than --max-report-age-hours makes its account stale (exit 1)', () => {
    const late = new Date(NOW + 49 * 3_600_000).toISOString();
    const stale = merge(goodFile, '--now', late);
    expect(stale.status).toBe(1);
    expect(stale.stdout).toContain('⌛ stale');
    expect(stale.stdout).toMatch(/49 h before the merge, more than the 48 h accepted/);
    expect(merge(goodFile, '--now', late, '--max-report-age-hours', '72').status).toBe(0);
  });

  it('--fail-on is the merge’s: an account with fail_on never is held to it', () => {
    const lenient = put(
      'lenient.json',
      JSON.stringify(accountReport(3, true, 'dev', 'version: 1\nfail_on: never\n')),
    );
    const high = merge(lenient, '--now', NOW_ISO);
    expect(high.status).toBe(1);
    expect(high.stdout).toMatch(/\| dev \|.*\| ❌ failed \|.*\| `never` \|/);
    expect(merge(lenient, '--now', NOW_ISO, '--fail-on', 'never').status).toBe(0);
    expect(readFileSync(lenient, 'utf8')).toContain('"failOn":"never"');
  });
});
