import { describe, expect, it } from 'vitest';
import { check } from '../helpers/policy.js';
import { ago } from '../helpers/time.js';

const unusedKey = (user: string, usedDaysAgo: number) => ({
  user,
  access_key_1_active: 'true',
  access_key_1_last_rotated: ago(400),
  access_key_1_last_used_date: ago(usedDaysAgo),
});

const refsOf = (yaml: string, user = 'k', days = 100) =>
  check([unusedKey(user, days)], yaml).findings.find((f) => f.rule === 'access-key-unused')
    ?.references;

describe('a finding cites a control only when its threshold is at least as strict', () => {
  it('the default 90 days cite Security Hub IAM.8, not the 45-day IAM.22 and CIS 2.11', () => {
    expect(refsOf('version: 1\n')).toEqual(['AWS Security Hub IAM.8']);
  });
  it('45 days (exactly the controls’ threshold) cite all three; 46 do not cite the 45-day ones', () => {
    expect(refsOf('version: 1\nrules:\n  access-key-unused: { max_days: 45 }\n', 'k', 60)).toEqual([
      'AWS Security Hub IAM.8',
      'AWS Security Hub IAM.22',
      'CIS AWS Foundations v7.0.0 2.11',
      'CIS AWS Foundations v6.0.0 2.11',
    ]);
    expect(refsOf('version: 1\nrules:\n  access-key-unused: { max_days: 46 }\n', 'k', 60)).toEqual([
      'AWS Security Hub IAM.8',
    ]);
  });
  it('a threshold looser than every control cites none of them', () => {
    expect(
      refsOf('version: 1\nrules:\n  access-key-unused: { max_days: 120 }\n', 'k', 130),
    ).toEqual([]);
  });
  it('follows the service users’ own thresholds', () => {
    const yaml =
      'version: 1\nrules:\n  access-key-unused: { max_days: 45 }\nservice_users:\n  users: ["svc-*"]\n  rules:\n    access-key-unused: { max_days: 180 }\n';
    const r = check([unusedKey('dev', 200), unusedKey('svc-ci', 200)], yaml);
    const refs = (user: string) =>
      r.findings.find((f) => f.rule === 'access-key-unused' && f.user === user)?.references;
    expect(refs('dev')).toContain('CIS AWS Foundations v7.0.0 2.11');
    expect(refs('svc-ci')).toEqual([]);
  });
  it('an inactive key cites no unused-credential control (an inactive key passes IAM.8 and CIS 2.11)', () => {
    const r = check([
      {
        user: 'old',
        access_key_1_active: 'false',
        access_key_1_last_rotated: ago(400),
        access_key_1_last_used_date: ago(300),
      },
    ]);
    const f = r.findings.find((x) => x.rule === 'inactive-access-key');
    expect(f?.references.join(' ')).not.toMatch(/IAM\.8|2\.11/);
  });
});
