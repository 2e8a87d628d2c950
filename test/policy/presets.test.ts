import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/engine/settings.js';
import type { InputError } from '../../src/errors.js';
import { loadPolicy } from '../../src/policy/load.js';
import { PRESET_NAMES } from '../../src/policy/presets.js';
import { RULES_BY_ID } from '../../src/rules/index.js';
import { check } from '../helpers/policy.js';
import { ago } from '../helpers/time.js';

/** The effective settings of one rule for regular users under a policy text. */
function effective(yaml: string, rule: string) {
  const { regular } = resolveSettings(loadPolicy(yaml, 'policy.yml'));
  const s = regular.get(RULES_BY_ID.get(rule)!)!;
  return { enabled: s.enabled, severity: s.severity, ...s.thresholds };
}

const unusedKey = (days: number) => ({
  user: 'k',
  access_key_1_active: 'true',
  access_key_1_last_rotated: ago(400),
  access_key_1_last_used_date: ago(days),
});

describe('presets (extends)', () => {
  it('ships CIS v7.0.0 and v6.0.0, Security Hub CSPM and strict', () => {
    expect(PRESET_NAMES).toEqual(['cis-aws-v7', 'cis-aws-v6', 'aws-security-hub', 'strict']);
  });

  it.each([
    ['cis-aws-v7', 'access-key-unused', { enabled: true, severity: 'high', max_days: 45 }],
    ['cis-aws-v7', 'password-unused', { enabled: true, severity: 'high', max_days: 45 }],
    ['cis-aws-v7', 'access-key-age', { enabled: true, severity: 'medium', max_days: 90 }],
    ['cis-aws-v7', 'key-at-setup', { enabled: true, severity: 'low', within_seconds: 60 }],
    ['cis-aws-v6', 'multiple-active-keys', { enabled: true, severity: 'medium' }],
    ['aws-security-hub', 'access-key-unused', { enabled: true, severity: 'high', max_days: 45 }],
    ['aws-security-hub', 'access-key-age', { enabled: true, severity: 'medium', max_days: 90 }],
    ['strict', 'access-key-unused', { enabled: true, severity: 'high', max_days: 30 }],
    ['strict', 'access-key-age', { enabled: true, severity: 'high', max_days: 60 }],
    ['strict', 'human-access-key', { enabled: true, severity: 'medium' }],
  ])('%s sets %s to %o', (preset, rule, expected) => {
    expect(effective(`version: 1\nextends: ${preset}\n`, rule)).toEqual(expected);
  });

  it('layers in order: later presets win, the file’s own settings last, field by field', () => {
    expect(effective('version: 1\nextends: [strict, cis-aws-v7]\n', 'access-key-unused')).toEqual({
      enabled: true,
      severity: 'high',
      max_days: 45,
    });
    expect(
      effective(
        'version: 1\nextends: [cis-aws-v7, strict]\nrules:\n  access-key-age: { severity: low }\n',
        'access-key-age',
      ),
    ).toEqual({ enabled: true, severity: 'low', max_days: 60 });
  });

  it('takes fail_on from the last preset that sets one, unless the file sets it', () => {
    expect(loadPolicy('version: 1\nextends: strict\n', 'p.yml').failOn).toBe('medium');
    expect(loadPolicy('version: 1\nextends: [strict, cis-aws-v7]\n', 'p.yml').failOn).toBe(
      'medium',
    );
    expect(loadPolicy('version: 1\nextends: strict\nfail_on: high\n', 'p.yml').failOn).toBe('high');
    expect(loadPolicy('version: 1\n', 'p.yml').failOn).toBe('high');
  });

  it('an unknown preset is an error naming the place and the names it takes', () => {
    let error: unknown;
    try {
      loadPolicy('version: 1\nextends: cis-aws-v9\n', 'p.yml');
    } catch (e) {
      error = e;
    }
    expect((error as InputError).describe()).toMatch(
      /^p\.yml:2:10 \(at extends\): "cis-aws-v9" is not allowed; use one of: cis-aws-v7, cis-aws-v6/,
    );
    expect(() => loadPolicy('version: 1\nextends: []\n', 'p.yml')).toThrow();
  });

  it('changes the verdict the control gives: a key unused for 60 days fails CIS and cites it', () => {
    const byDefault = check([unusedKey(60)]);
    expect(byDefault.findings.filter((f) => f.rule === 'access-key-unused')).toEqual([]);
    const cis = check([unusedKey(60)], 'version: 1\nextends: cis-aws-v7\n');
    const f = cis.findings.find((x) => x.rule === 'access-key-unused');
    expect(f).toMatchObject({ failing: true, threshold: 45, days: 60 });
    expect(f?.references).toContain('CIS AWS Foundations v7.0.0 2.11');
    expect(f?.references).toContain('AWS Security Hub IAM.22');
    expect(cis.passed).toBe(false);
  });

  it('`iam-credential-gate presets` lists every preset with what it sets', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'presets'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    for (const name of PRESET_NAMES) expect(r.stdout).toMatch(new RegExp(`^${name} — `, 'm'));
    expect(r.stdout).toMatch(/^ {2}access-key-unused: on, high, max_days 45$/m);
  });
});
