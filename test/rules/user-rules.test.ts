import { describe, expect, it } from 'vitest';
import { ago } from '../helpers/report.js';
import { check, only } from '../helpers/policy.js';

const key = (n: 1 | 2, active: boolean, rotated: string, used = 'N/A') => ({
  [`access_key_${n}_active`]: String(active),
  [`access_key_${n}_last_rotated`]: rotated,
  [`access_key_${n}_last_used_date`]: used,
});

describe('console-mfa', () => {
  it('fires for a console password without MFA', () => {
    expect(
      only(
        check([
          {
            user: 'bob',
            password_enabled: 'true',
            password_last_used: ago(1),
            password_last_changed: ago(10),
          },
        ]),
        'console-mfa',
      ),
    ).toEqual(['console-mfa:bob:mfa']);
  });
  it('does not fire with MFA or without a password', () => {
    const r = check([
      {
        user: 'a',
        password_enabled: 'true',
        password_last_used: ago(1),
        password_last_changed: ago(10),
        mfa_active: 'true',
      },
      { user: 'b', password_enabled: 'false' },
    ]);
    expect(only(r, 'console-mfa')).toEqual([]);
  });
  it('never fires on root, whose password_enabled is not_supported', () => {
    expect(only(check([{ user: '<root_account>', mfa_active: 'false' }]), 'console-mfa')).toEqual(
      [],
    );
  });
  it('accepts upper-case booleans as the AWS docs print them', () => {
    expect(
      only(
        check([
          {
            user: 'bob',
            password_enabled: 'TRUE',
            mfa_active: 'FALSE',
            password_last_used: ago(1),
            password_last_changed: ago(2),
          },
        ]),
        'console-mfa',
      ),
    ).toEqual(['console-mfa:bob:mfa']);
  });
});

describe('password-unused', () => {
  const pw = (used: string, changed = ago(500)) => ({
    password_enabled: 'true',
    password_last_used: used,
    password_last_changed: changed,
    mfa_active: 'true',
  });
  it('fires when the password is exactly max_days unused', () => {
    const r = check([{ user: 'carol', ...pw(ago(90)) }]);
    expect(only(r, 'password-unused')).toEqual(['password-unused:carol:password']);
    expect(r.findings.find((f) => f.rule === 'password-unused')).toMatchObject({
      days: 90,
      threshold: 90,
      thresholdUnit: 'days',
    });
  });
  it('does not fire 1 ms before max_days', () => {
    expect(only(check([{ user: 'carol', ...pw(ago(90, -1)) }]), 'password-unused')).toEqual([]);
  });
  it('ages a never-used password (no_information) from password_last_changed', () => {
    expect(
      only(check([{ user: 'dave', ...pw('no_information', ago(100)) }]), 'password-unused'),
    ).toEqual(['password-unused:dave:password']);
    expect(
      only(check([{ user: 'dave', ...pw('no_information', ago(10)) }]), 'password-unused'),
    ).toEqual([]);
  });
  it('falls back to user_creation_time when neither date is known', () => {
    const r = check([
      { user: 'dave', user_creation_time: ago(120), ...pw('no_information', 'N/A') },
    ]);
    expect(r.findings.find((f) => f.rule === 'password-unused')?.days).toBe(120);
  });
  it('respects a policy threshold', () => {
    expect(
      only(
        check(
          [{ user: 'carol', ...pw(ago(50)) }],
          'version: 1\nrules:\n  password-unused: { max_days: 45 }\n',
        ),
        'password-unused',
      ),
    ).toHaveLength(1);
  });
  it('does not fire without a password', () => {
    expect(
      only(
        check([{ user: 'x', password_enabled: 'false', password_last_used: ago(300) }]),
        'password-unused',
      ),
    ).toEqual([]);
  });
  it('says a last use before the end of the 2018 data gap may understate (AWS shows the sign-in before it)', () => {
    const message = (used: string) =>
      check([{ user: 'judy', ...pw(used, '2017-01-01T00:00:00+00:00') }]).findings.find(
        (f) => f.rule === 'password-unused',
      )?.message;
    // before the gap: a sign-in during the gap would show this earlier date
    expect(message('2018-04-30T16:42:00+00:00')).toMatch(
      /real last use may be as late as 2018-05-23/,
    );
    expect(message('2016-01-01T00:00:00+00:00')).toMatch(/may be as late as 2018-05-23/);
    // inside the gap AWS wrote no dates; a report that has one is still told it may understate
    expect(message('2018-05-10T16:42:00+00:00')).toMatch(/may be as late as 2018-05-23/);
    // just before the gap's end (14:08 PDT = 21:08 UTC) still; after it, the date is exact
    expect(message('2018-05-23T21:07:00+00:00')).toMatch(/may be as late/);
    expect(message('2018-05-23T21:08:00+00:00')).not.toMatch(/may be as late/);
    expect(message('2018-06-10T16:42:00+00:00')).not.toMatch(/may be as late/);
  });
  it('says "no use recorded since tracking began" for a never-used password set before 2014-10-20', () => {
    const message = (changed: string) =>
      check([{ user: 'old', ...pw('no_information', changed) }]).findings.find(
        (f) => f.rule === 'password-unused',
      )?.message;
    expect(message('2013-02-01T00:00:00+00:00')).toMatch(
      /^Console password no use recorded since tracking began on 2014-10-20; set 2013-02-01/,
    );
    expect(message('2014-10-20T00:00:00+00:00')).toMatch(
      /^Console password never used; set 2014-10-20/,
    );
  });
});

describe('access-key-unused', () => {
  it('fires per key, exactly at max_days, not 1 ms before', () => {
    expect(
      only(check([{ user: 'e', ...key(1, true, ago(400), ago(90)) }]), 'access-key-unused'),
    ).toEqual(['access-key-unused:e:access_key_1']);
    expect(
      only(check([{ user: 'e', ...key(1, true, ago(400), ago(90, -1)) }]), 'access-key-unused'),
    ).toEqual([]);
  });
  it('ages a never-used key from last_rotated (not a silent pass)', () => {
    const r = check([{ user: 'ci', ...key(1, true, ago(100)) }]);
    expect(only(r, 'access-key-unused')).toEqual(['access-key-unused:ci:access_key_1']);
    expect(r.findings.find((f) => f.rule === 'access-key-unused')?.days).toBe(100);
  });
  it('says "no use recorded since tracking began" for an N/A key created before 2015-04-22', () => {
    const message = (rotated: string) =>
      check([{ user: 'old', ...key(1, true, rotated) }]).findings.find(
        (f) => f.rule === 'access-key-unused',
      )?.message;
    expect(message('2014-12-01T00:00:00+00:00')).toMatch(
      /no use recorded since tracking began on 2015-04-22; created 2014-12-01/,
    );
    expect(message('2015-04-22T00:00:00+00:00')).toMatch(/never used; created 2015-04-22/);
  });
  it('checks key 2 behind an inactive key 1', () => {
    const r = check([
      { user: 'f', ...key(1, false, ago(10), ago(1)), ...key(2, true, ago(300), ago(200)) },
    ]);
    expect(only(r, 'access-key-unused')).toEqual(['access-key-unused:f:access_key_2']);
  });
  it('ignores inactive keys', () => {
    expect(
      only(check([{ user: 'f', ...key(1, false, ago(300), ago(200)) }]), 'access-key-unused'),
    ).toEqual([]);
  });
  it('does not fire on root (root rules cover root keys)', () => {
    expect(
      only(
        check([
          { user: '<root_account>', mfa_active: 'true', ...key(1, true, ago(300), ago(200)) },
        ]),
        'access-key-unused',
      ),
    ).toEqual([]);
  });
});

describe('unused-user', () => {
  it('fires on the most recent use of any credential, active or not', () => {
    const r = check([
      {
        user: 'e',
        password_enabled: 'true',
        password_last_used: ago(200),
        password_last_changed: ago(300),
        mfa_active: 'true',
        ...key(1, false, ago(300), ago(95)),
      },
    ]);
    expect(r.findings.find((f) => f.rule === 'unused-user')?.days).toBe(95);
  });
  it('does not fire when any credential was used recently', () => {
    expect(
      only(
        check([
          { user: 'e', ...key(1, false, ago(300), ago(200)), ...key(2, true, ago(10), ago(3)) },
        ]),
        'unused-user',
      ),
    ).toEqual([]);
  });
  it('ages a user who never used anything from user_creation_time', () => {
    expect(only(check([{ user: 'peggy', user_creation_time: ago(90) }]), 'unused-user')).toEqual([
      'unused-user:peggy:user',
    ]);
    expect(
      only(check([{ user: 'trent', user_creation_time: ago(90, -1) }]), 'unused-user'),
    ).toEqual([]);
  });
  it('never fires on root', () => {
    expect(
      only(
        check([{ user: '<root_account>', mfa_active: 'true', user_creation_time: ago(3000) }]),
        'unused-user',
      ),
    ).toEqual([]);
  });
});

describe('access-key-age', () => {
  it('fires at exactly max_days since rotation, not 1 ms before', () => {
    expect(
      only(check([{ user: 'g', ...key(1, true, ago(90), ago(1)) }]), 'access-key-age'),
    ).toEqual(['access-key-age:g:access_key_1']);
    expect(
      only(check([{ user: 'g', ...key(1, true, ago(90, -1), ago(1)) }]), 'access-key-age'),
    ).toEqual([]);
  });
  it('checks both keys and ignores inactive ones', () => {
    const r = check([
      { user: 'g', ...key(1, false, ago(500), ago(400)), ...key(2, true, ago(100), ago(1)) },
    ]);
    expect(only(r, 'access-key-age')).toEqual(['access-key-age:g:access_key_2']);
  });
  it('ages an active key without a rotation date from its user, never as new', () => {
    for (const rotated of ['N/A', 'not_supported', 'no_information']) {
      const old = check([
        { user: 'g', user_creation_time: ago(400), ...key(1, true, rotated, ago(1)) },
      ]);
      expect(only(old, 'access-key-age')).toEqual(['access-key-age:g:access_key_1']);
      expect(old.findings.find((f) => f.rule === 'access-key-age')).toMatchObject({
        days: 400,
        message: expect.stringContaining(
          `active with no rotation date (${rotated}); its user was created`,
        ),
      });
    }
    const young = check([
      { user: 'g', user_creation_time: ago(89), ...key(1, true, 'N/A', ago(1)) },
    ]);
    expect(only(young, 'access-key-age')).toEqual([]);
  });
  it('has default severity medium', () => {
    const r = check([{ user: 'g', ...key(1, true, ago(100), ago(1)) }]);
    expect(r.findings.find((f) => f.rule === 'access-key-age')).toMatchObject({
      severity: 'medium',
      failing: false,
    });
  });
});

describe('multiple-active-keys', () => {
  it('fires only when both keys are active', () => {
    expect(
      only(
        check([{ user: 'g', ...key(1, true, ago(5), ago(1)), ...key(2, true, ago(5), ago(1)) }]),
        'multiple-active-keys',
      ),
    ).toEqual(['multiple-active-keys:g:user']);
    expect(
      only(
        check([{ user: 'g', ...key(1, false, ago(5), ago(1)), ...key(2, true, ago(5), ago(1)) }]),
        'multiple-active-keys',
      ),
    ).toEqual([]);
  });
});

describe('human-access-key', () => {
  const rows = [
    { user: 'walter', ...key(1, true, ago(5), ago(1)) },
    { user: 'svc-deploy', ...key(1, true, ago(5), ago(1)) },
    {
      user: 'batch',
      arn: 'arn:aws:iam::123456789012:user/service/batch',
      ...key(2, true, ago(5), ago(1)),
    },
  ];
  it('is disabled by default', () => {
    expect(only(check(rows), 'human-access-key')).toEqual([]);
  });
  it('when enabled, fires for users that are not allow-listed service users (by glob or path)', () => {
    const yaml =
      'version: 1\nrules:\n  human-access-key: { enabled: true }\nservice_users:\n  users: ["SVC-*"]\n  paths: ["/service/"]\n';
    expect(only(check(rows, yaml), 'human-access-key')).toEqual([
      'human-access-key:walter:access_key_1',
    ]);
  });
});

describe('key-at-setup', () => {
  const console = {
    password_enabled: 'true',
    password_last_used: ago(1),
    password_last_changed: ago(20),
    mfa_active: 'true',
    user_creation_time: ago(20),
  };
  it('fires for an unused key created within 60 s of a console user', () => {
    expect(
      only(check([{ user: 'h', ...console, ...key(1, true, ago(20, -60_000)) }]), 'key-at-setup'),
    ).toEqual(['key-at-setup:h:access_key_1']);
  });
  it('does not fire past within_seconds, once used, or without a password', () => {
    expect(
      only(check([{ user: 'h', ...console, ...key(1, true, ago(20, -61_000)) }]), 'key-at-setup'),
    ).toEqual([]);
    expect(
      only(check([{ user: 'h', ...console, ...key(1, true, ago(20), ago(1)) }]), 'key-at-setup'),
    ).toEqual([]);
    expect(
      only(
        check([{ user: 'h', user_creation_time: ago(20), ...key(1, true, ago(20)) }]),
        'key-at-setup',
      ),
    ).toEqual([]);
  });
});

describe('inactive-access-key', () => {
  it('fires for an inactive key that still has a date, at exactly max_days', () => {
    expect(
      only(check([{ user: 'f', ...key(1, false, ago(90), ago(80)) }]), 'inactive-access-key'),
    ).toEqual(['inactive-access-key:f:access_key_1']);
    expect(
      only(check([{ user: 'f', ...key(1, false, ago(90, -1), ago(80)) }]), 'inactive-access-key'),
    ).toEqual([]);
  });
  it('does not fire on an empty slot (N/A)', () => {
    expect(only(check([{ user: 'f' }]), 'inactive-access-key')).toEqual([]);
  });
});

describe('certificate-age', () => {
  it('fires at 365 days for an active certificate', () => {
    expect(
      only(
        check([{ user: 'i', cert_2_active: 'true', cert_2_last_rotated: ago(365) }]),
        'certificate-age',
      ),
    ).toEqual(['certificate-age:i:cert_2']);
    expect(
      only(
        check([{ user: 'i', cert_2_active: 'true', cert_2_last_rotated: ago(365, -1) }]),
        'certificate-age',
      ),
    ).toEqual([]);
    expect(
      only(
        check([{ user: 'i', cert_2_active: 'false', cert_2_last_rotated: ago(900) }]),
        'certificate-age',
      ),
    ).toEqual([]);
  });
  it('ages an active certificate without a rotation date from its user', () => {
    const r = check([
      {
        user: 'i',
        user_creation_time: ago(400),
        cert_1_active: 'true',
        cert_1_last_rotated: 'N/A',
      },
    ]);
    expect(only(r, 'certificate-age')).toEqual(['certificate-age:i:cert_1']);
    expect(r.findings.find((f) => f.rule === 'certificate-age')?.days).toBe(400);
  });
});
