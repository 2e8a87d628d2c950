import { describe, expect, it } from 'vitest';
import { ago, HOUR_MS } from '../helpers/time.js';
import { check, only } from '../helpers/policy.js';
import { NOW } from '../helpers/report.js';

const root = (fields: Record<string, string> = {}) => ({
  user: '<root_account>',
  mfa_active: 'true',
  ...fields,
});

describe('root-access-key', () => {
  it('fires once per active root key, critical', () => {
    const r = check([
      root({
        access_key_1_active: 'true',
        access_key_1_last_rotated: ago(900),
        access_key_2_active: 'true',
        access_key_2_last_rotated: ago(5),
      }),
    ]);
    expect(only(r, 'root-access-key')).toEqual([
      'root-access-key:<root_account>:access_key_1',
      'root-access-key:<root_account>:access_key_2',
    ]);
    expect(r.findings[0]).toMatchObject({ severity: 'critical', failing: true });
  });
  it('fires for an inactive root key that still exists (Security Hub IAM.4), and says it is inactive', () => {
    const r = check([
      root({
        access_key_2_active: 'false',
        access_key_2_last_rotated: '2007-03-14T09:00:00+00:00',
      }),
    ]);
    expect(only(r, 'root-access-key')).toEqual(['root-access-key:<root_account>:access_key_2']);
    expect(r.findings[0]?.message).toMatch(
      /inactive access key 2 that still exists \(created 2007-03-14, never used\)/,
    );
    expect(r.findings[0]).toMatchObject({ severity: 'critical', failing: true });
  });
  it('does not fire for an empty key slot (N/A)', () => {
    expect(only(check([root()]), 'root-access-key')).toEqual([]);
  });
  it('never fires on a non-root user', () => {
    expect(
      only(
        check([
          {
            user: 'alice',
            access_key_1_active: 'true',
            access_key_1_last_rotated: ago(5),
            access_key_1_last_used_date: ago(1),
          },
        ]),
        'root-access-key',
      ),
    ).toEqual([]);
  });
});

describe('root-mfa', () => {
  it('fires when root has no MFA, and only on root', () => {
    expect(
      only(check([root({ mfa_active: 'false' }), { user: 'x', mfa_active: 'false' }]), 'root-mfa'),
    ).toEqual(['root-mfa:<root_account>:mfa']);
    expect(only(check([root()]), 'root-mfa')).toEqual([]);
  });
  // The GovCloud root row as AWS writes it (ScoutSuite #1132): nothing to sign in with.
  const govRoot = (fields: Record<string, string> = {}) =>
    root({
      arn: 'arn:aws-us-gov:iam::123456789012:root',
      password_enabled: 'not_supported',
      password_last_used: 'N/A',
      mfa_active: 'false',
      ...fields,
    });
  it('does not fire in GovCloud or AWS China, where the root user has no sign-in, and says why', () => {
    for (const partition of ['aws-us-gov', 'aws-cn']) {
      const r = check([govRoot({ arn: `arn:${partition}:iam::123456789012:root` })]);
      expect(only(r, 'root-mfa')).toEqual([]);
      expect(r.warnings.join(' ')).toMatch(
        new RegExp(
          `root-mfa does not apply .*IAM\\.6 and IAM\\.9 are not available in the ${partition} partition`,
        ),
      );
    }
  });
  it('with root.credentials: removed (centralized root access), does not fire while the report shows no root key or certificate, and says so', () => {
    const removed = 'version: 1\nroot:\n  credentials: removed\n';
    const r = check(
      [root({ mfa_active: 'false', password_last_used: '2021-03-01T00:00:00+00:00' })],
      removed,
    );
    expect(only(r, 'root-mfa')).toEqual([]);
    expect(r.warnings.join(' ')).toMatch(
      /root-mfa is not checked: the policy declares .*get-account-summary/,
    );
    // a key still there: not removed, whatever the policy says
    const held = check(
      [
        root({
          mfa_active: 'false',
          access_key_1_active: 'false',
          access_key_1_last_rotated: ago(900),
        }),
      ],
      removed,
    );
    expect(only(held, 'root-mfa')).toEqual(['root-mfa:<root_account>:mfa']);
    expect(held.findings.find((f) => f.rule === 'root-mfa')?.message).toMatch(
      /declares its credentials removed .* but the report shows an access key/,
    );
    // without the declaration the same empty row fails: the report cannot prove the password gone
    expect(only(check([root({ mfa_active: 'false' })]), 'root-mfa')).toEqual([
      'root-mfa:<root_account>:mfa',
    ]);
  });
  it('still fires in the commercial partition for the same row', () => {
    const r = check([govRoot({ arn: 'arn:aws:iam::123456789012:root' })]);
    expect(only(r, 'root-mfa')).toEqual(['root-mfa:<root_account>:mfa']);
    expect(r.warnings.join(' ')).not.toMatch(/root-mfa does not apply/);
  });
  it('leaves GovCloud root keys to root-access-key (IAM.4 applies there)', () => {
    const r = check([govRoot({ access_key_1_active: 'true', access_key_1_last_rotated: ago(30) })]);
    expect(only(r, 'root-access-key')).toEqual(['root-access-key:<root_account>:access_key_1']);
  });
});

describe('root-certificate', () => {
  it('fires for an active root certificate', () => {
    expect(
      only(
        check([root({ cert_1_active: 'true', cert_1_last_rotated: ago(10) })]),
        'root-certificate',
      ),
    ).toEqual(['root-certificate:<root_account>:cert_1']);
  });
});

describe('root-recent-use', () => {
  it('fires on a root sign-in younger than 7 days', () => {
    expect(only(check([root({ password_last_used: ago(7, -1) })]), 'root-recent-use')).toEqual([
      'root-recent-use:<root_account>:user',
    ]);
    expect(only(check([root({ password_last_used: ago(7) })]), 'root-recent-use')).toEqual([]);
  });
  it('counts a root access key used yesterday even when the password is old', () => {
    const r = check([
      root({
        password_last_used: ago(300),
        access_key_2_active: 'false',
        access_key_2_last_rotated: ago(900),
        access_key_2_last_used_date: ago(1),
      }),
    ]);
    expect(only(r, 'root-recent-use')).toEqual(['root-recent-use:<root_account>:user']);
    expect(r.findings.find((f) => f.rule === 'root-recent-use')?.message).toMatch(/access key 2/);
  });
  it('ignores no_information and N/A', () => {
    expect(
      only(check([root({ password_last_used: 'no_information' })]), 'root-recent-use'),
    ).toEqual([]);
  });
  it('honours within_days', () => {
    expect(
      only(
        check(
          [root({ password_last_used: ago(20) })],
          'version: 1\nrules:\n  root-recent-use: { within_days: 30 }\n',
        ),
        'root-recent-use',
      ),
    ).toHaveLength(1);
  });
});

describe('report-stale', () => {
  it('fires when the report is exactly max_age_hours old, not 1 ms younger', () => {
    const yaml = 'version: 1\nreport: { max_age_hours: 24 }\n';
    const stale = check([root()], yaml, { generatedAt: NOW - 24 * HOUR_MS });
    expect(only(stale, 'report-stale')).toEqual(['report-stale:-:report']);
    expect(stale.findings[0]).toMatchObject({
      user: null,
      arn: null,
      severity: 'high',
      threshold: 24,
      thresholdUnit: 'hours',
    });
    expect(
      only(check([root()], yaml, { generatedAt: NOW - 24 * HOUR_MS + 1 }), 'report-stale'),
    ).toEqual([]);
  });
  it('does not fire when the generation time is unknown', () => {
    expect(only(check([root()], 'version: 1\n', { generatedAt: null }), 'report-stale')).toEqual(
      [],
    );
  });
  it('takes its threshold from report.max_age_hours', () => {
    expect(
      only(
        check([root()], 'version: 1\nreport: { max_age_hours: 48 }\n', {
          generatedAt: NOW - 30 * HOUR_MS,
        }),
        'report-stale',
      ),
    ).toEqual([]);
  });
});
