import { describe, expect, it } from 'vitest';
import { InputError, InputErrors } from '../../src/errors.js';
import { EXEMPTION_MAX_DAYS, loadPolicy } from '../../src/policy/load.js';
import { THRESHOLD_MAXIMUM } from '../../src/policy/schema.js';
import { RULES } from '../../src/rules/index.js';

const NOW = Date.parse('2026-11-22T00:00:00Z');
const DAY = 86_400_000;

function errorsOf(text: string, now?: number): InputError[] {
  try {
    loadPolicy(text, 'policy.yml', now === undefined ? {} : { now });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error instanceof InputErrors ? [...error.errors] : [error as InputError];
  }
  throw new Error('expected the policy to be rejected');
}

describe('absurd policy values are schema errors', () => {
  const thresholds = RULES.flatMap((r) =>
    Object.entries(r.meta.settings).map(([key, s]) => ({ rule: r.meta.id, key, unit: s.unit })),
  );

  it.each(thresholds)('bounds $rule.$key ($unit): the maximum passes, one more fails', (t) => {
    const max = THRESHOLD_MAXIMUM[t.unit];
    const yaml = (n: string) => `version: 1\nrules:\n  ${t.rule}: { ${t.key}: ${n} }\n`;
    expect(() => loadPolicy(yaml(String(max)), 'policy.yml')).not.toThrow();
    const [e] = errorsOf(yaml(String(max + 1)));
    expect(e?.place).toMatchObject({ line: 3, path: `rules.${t.rule}.${t.key}` });
    expect(e?.message).toBe(`must be at most ${max}, not ${max + 1}`);
    // also under service_users.rules
    const [s] = errorsOf(
      `version: 1\nservice_users:\n  rules:\n    ${t.rule}: { ${t.key}: ${max + 1} }\n`,
    );
    expect(s?.place.path).toBe(`service_users.rules.${t.rule}.${t.key}`);
  });

  it('bounds report.max_age_hours to a year', () => {
    expect(() =>
      loadPolicy('version: 1\nreport: { max_age_hours: 8760 }\n', 'p.yml'),
    ).not.toThrow();
    const [e] = errorsOf('version: 1\nreport: { max_age_hours: 8761 }\n');
    expect(e?.place.path).toBe('report.max_age_hours');
  });

  it.each(['1e308', '1.0e+400', '.inf', '9007199254740993', '365.5'])(
    'refuses max_days: %s',
    (value) => {
      const [e] = errorsOf(`version: 1\nrules:\n  access-key-unused: { max_days: ${value} }\n`);
      expect(e?.place).toMatchObject({ path: 'rules.access-key-unused.max_days', line: 3 });
    },
  );
});

describe('exemptions are bounded to a year after the evaluation time', () => {
  const policy = (expires: string) =>
    `version: 1\nexemptions:\n  - users: [legacy-etl]\n    reason: vendor\n    expires: ${expires}\n`;

  it('refuses an exemption until 2125, naming line, column and path', () => {
    const [e] = errorsOf(policy('2125-01-01'), NOW);
    expect(e?.place).toEqual({
      file: 'policy.yml',
      line: 5,
      column: 14,
      path: 'exemptions[0].expires',
    });
    expect(e?.message).toMatch(/more than 366 days after the evaluation time 2026-11-22/);
  });

  it('accepts one expiring exactly at the bound, refuses one a millisecond later', () => {
    const bound = NOW + EXEMPTION_MAX_DAYS * DAY;
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(loadPolicy(policy(iso(bound)), 'p.yml', { now: NOW }).exemptions).toHaveLength(1);
    expect(errorsOf(policy(iso(bound + 1)), NOW)[0]?.place.path).toBe('exemptions[0].expires');
  });

  it('judges by the evaluation time given, not the clock', () => {
    expect(() =>
      loadPolicy(policy('2125-01-01'), 'p.yml', { now: Date.parse('2124-06-01T00:00:00Z') }),
    ).not.toThrow();
  });
});
