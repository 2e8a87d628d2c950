import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GateReport } from '../../src/engine/types.js';
import { runCheck } from '../../src/run/check.js';
import { ago, NOW, toCsv } from '../helpers/report.js';

/** Three stacks, each with a user whose name is not known statically (`deploy-${var...}`). */
const F = 'test/fixtures/terraform/possible-accounts';
const PROD = '111111111111';
const STAGING = '222222222222';
const SANDBOX = '333333333333';
/** prod and staging bound by terraform-dir; sandbox by its provider's allowed_account_ids. */
const DIRS = [`${PROD}=${F}/prod`, `${STAGING}=${F}/staging`, `${F}/sandbox`];

async function check(account: string, dirs: string[], withId = true): Promise<GateReport> {
  const dir = mkdtempSync(join(tmpdir(), 'possible-'));
  writeFileSync(
    join(dir, 'report.csv'),
    toCsv([
      {
        user: 'deploy-x',
        arn: `arn:aws:iam::${account}:user/deploy-x`,
        access_key_1_active: 'true',
        access_key_1_last_rotated: ago(500),
        access_key_1_last_used_date: ago(400),
      },
    ]),
  );
  writeFileSync(join(dir, 'policy.yml'), 'version: 1\n');
  return runCheck({
    reportFile: join(dir, 'report.csv'),
    policyFile: join(dir, 'policy.yml'),
    reportGeneratedAt: NOW - 3_600_000,
    now: NOW,
    terraformDirs: dirs,
    ...(withId && { accountId: account }),
  });
}

/** The folders the "possibly defined at" advice of the user's findings names. */
function possibleStacks(report: GateReport): string[] {
  const stacks = new Set<string>();
  for (const f of report.findings) {
    expect(f.terraform ?? []).toEqual([]);
    const places = /possibly defined at (.*) \(name not resolvable statically\)/.exec(
      f.advice ?? '',
    );
    for (const file of places?.[1]?.match(/[\w./-]+\.tf/g) ?? [])
      stacks.add(file.replace(`${F}/`, '').split('/')[0]!);
  }
  return [...stacks].sort();
}

describe('possible locations are of the account checked', () => {
  it('without bindings, every stack whose name template fits is a possible place', async () => {
    const r = await check('444444444444', [`${F}/prod`, `${F}/staging`]);
    expect(possibleStacks(r)).toEqual(['prod', 'staging']);
  });

  it('a bound stack is a possible place for its own account only, with a note for the others', async () => {
    expect(possibleStacks(await check(PROD, DIRS))).toEqual(['prod']);
    // staging's is reached through a module call: the call in the root folder decides
    const staging = await check(STAGING, DIRS);
    expect(possibleStacks(staging)).toEqual(['staging']);
    expect(
      staging.warnings.some(
        (w) =>
          w.includes(`Terraform in ${F}/prod is of account ${PROD}`) &&
          w.includes(`not of ${STAGING}`) &&
          w.includes('deploy-${var.stage}'),
      ),
    ).toBe(true);
    // the provider's allowed_account_ids binds sandbox as a binding does
    expect(possibleStacks(await check(SANDBOX, DIRS))).toEqual(['sandbox']);
    // an account no stack is bound to: only the stacks that say no account (none here)
    const other = await check('444444444444', DIRS);
    expect(possibleStacks(other)).toEqual([]);
    expect(other.findings[0]?.advice ?? '').not.toMatch(/possibly defined/);
  });

  it('without --account-id, the ARN in the report says the account', async () => {
    expect(possibleStacks(await check(STAGING, DIRS, false))).toEqual(['staging']);
  });
});
