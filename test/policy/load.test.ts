import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, InputErrors } from '../../src/errors.js';
import { loadPolicy, parseExpiry } from '../../src/policy/load.js';

const load = (text: string, file = 'policy.yml') => loadPolicy(text, file);

function errorsOf(text: string, file = 'policy.yml'): InputError[] {
  try {
    load(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error instanceof InputErrors ? [...error.errors] : [error as InputError];
  }
  throw new Error('expected the policy to be rejected');
}

describe('loadPolicy', () => {
  it('reads the example shape with defaults', () => {
    const p = load(`version: 1
rules:
  access-key-unused: { max_days: 45 }
  access-key-age:    { max_days: 90, severity: high }
service_users:
  users: ["svc-*"]
  paths: ["/service/"]
  rules:
    access-key-age: { max_days: 365 }
exemptions:
  - users: ["legacy-etl"]
    rules: ["access-key-age"]
    reason: "Vendor integration"
    expires: 2027-03-31
    ticket: SEC-123
`);
    expect(p.failOn).toBe('high');
    expect(p.rules['access-key-unused']).toEqual({ thresholds: { max_days: 45 } });
    expect(p.rules['access-key-age']).toEqual({ severity: 'high', thresholds: { max_days: 90 } });
    expect(p.serviceUsers).toMatchObject({ users: ['svc-*'], paths: ['/service/'] });
    expect(p.exemptions[0]).toMatchObject({
      expires: '2027-03-31',
      expiresAt: Date.parse('2027-03-31T23:59:59.999Z'),
      ticket: 'SEC-123',
      line: 11,
    });
  });

  it('reads JSON too', () => {
    const p = load('{\n\t"version": 1,\n\t"fail_on": "critical"\n}\n', 'policy.json');
    expect(p.failOn).toBe('critical');
  });

  describe('schema errors name line:column, the path, and a fix', () => {
    const cases: [
      string,
      string,
      RegExp,
      { line: number; column: number; path: string },
      RegExp?,
    ][] = [
      [
        'misspelt threshold',
        'version: 1\nrules:\n  access-key-unused:\n    max_day: 45\n',
        /"max_day" is not a setting of this rule/,
        { line: 4, column: 5, path: 'rules.access-key-unused.max_day' },
        /did you mean "max_days"/,
      ],
      [
        'threshold of another rule',
        'version: 1\nrules:\n  console-mfa: { max_days: 3 }\n',
        /"max_days" is not a setting of this rule/,
        { line: 3, column: 18, path: 'rules.console-mfa.max_days' },
        /enabled, severity/,
      ],
      [
        'unknown rule',
        'version: 1\nrules:\n  acess-key-unused: { max_days: 3 }\n',
        /"acess-key-unused" is not a rule/,
        { line: 3, column: 3, path: 'rules.acess-key-unused' },
        /did you mean "access-key-unused"/,
      ],
      [
        'unknown top-level key',
        'version: 1\nfailon: high\n',
        /"failon" is not a setting of the policy/,
        { line: 2, column: 1, path: 'failon' },
        /fail_on/,
      ],
      [
        'bad severity',
        'version: 1\nrules:\n  root-mfa: { severity: urgent }\n',
        /"urgent" is not allowed/,
        { line: 3, column: 25, path: 'rules.root-mfa.severity' },
      ],
      [
        'bad fail_on',
        'version: 1\nfail_on: hihg\n',
        /not allowed; use one of: critical, high, medium, low, never/,
        { line: 2, column: 10, path: 'fail_on' },
        /did you mean "high"/,
      ],
      [
        'string threshold',
        'version: 1\nrules:\n  access-key-age: { max_days: "90" }\n',
        /must be a whole number, not "90"/,
        { line: 3, column: 31, path: 'rules.access-key-age.max_days' },
      ],
      [
        'negative threshold',
        'version: 1\nrules:\n  access-key-age: { max_days: -1 }\n',
        /must be at least 1/,
        { line: 3, column: 31, path: 'rules.access-key-age.max_days' },
      ],
      [
        'exemption without expiry',
        'version: 1\nexemptions:\n  - users: [a]\n    reason: r\n',
        /"expires" is required/,
        { line: 3, column: 5, path: 'exemptions[0]' },
        /never last forever/,
      ],
      [
        'exemption with bad date',
        'version: 1\nexemptions:\n  - users: [a]\n    reason: r\n    expires: 2027-02-30\n',
        /"2027-02-30" is not a valid date/,
        { line: 5, column: 14, path: 'exemptions[0].expires' },
      ],
      [
        'exemption for an unknown rule',
        'version: 1\nexemptions:\n  - users: [a]\n    rules: [access-key-ag]\n    reason: r\n    expires: 2027-01-01\n',
        /not allowed/,
        { line: 4, column: 13, path: 'exemptions[0].rules[0]' },
        /access-key-age/,
      ],
      [
        'exemption for a rule about the report',
        'version: 1\nexemptions:\n  - users: ["*"]\n    rules: [access-key-age, report-stale]\n    reason: r\n    expires: 2027-01-01\n',
        /report-stale is about the report, not a user: no exemption can match it/,
        { line: 4, column: 29, path: 'exemptions[0].rules[1]' },
        /report.max_age_hours/,
      ],
      [
        'a reason of a zero-width space only',
        'version: 1\nexemptions:\n  - users: [a]\n    reason: "\u200b"\n    expires: 2027-01-01\n',
        /must not be empty/,
        { line: 4, column: 13, path: 'exemptions[0].reason' },
      ],
      [
        'empty users list',
        'version: 1\nexemptions:\n  - users: []\n    reason: r\n    expires: 2027-01-01\n',
        /must not be empty/,
        { line: 3, column: 12, path: 'exemptions[0].users' },
      ],
      [
        'path not starting with /',
        'version: 1\nservice_users:\n  paths: [service/]\n',
        /not an IAM path prefix/,
        { line: 3, column: 11, path: 'service_users.paths[0]' },
      ],
      [
        'wrong version',
        'version: 2\n',
        /must be 1, not 2/,
        { line: 1, column: 10, path: 'version' },
      ],
      [
        'missing version',
        'fail_on: high\n',
        /"version" is required/,
        { line: 1, column: 1, path: '(top level)' },
      ],
      [
        'rules as a list',
        'version: 1\nrules:\n  - root-mfa\n',
        /must be a mapping/,
        { line: 3, column: 3, path: 'rules' },
      ],
    ];
    it.each(cases)('%s', (_name, text, message, place, hint) => {
      const [error] = errorsOf(text);
      expect(error?.message).toMatch(message);
      expect(error?.place).toMatchObject({ file: 'policy.yml', ...place });
      if (hint) expect(error?.hint).toMatch(hint);
    });
  });

  it('reports every schema error at once', () => {
    expect(errorsOf('version: 1\nfail_on: x\nrules:\n  root-mfa: { sevrity: low }\n')).toHaveLength(
      2,
    );
  });

  it('rejects YAML syntax errors and duplicate keys with a line', () => {
    expect(errorsOf('version: 1\nfail_on: [high\n')[0]?.message).toMatch(/not valid YAML/);
    const [dup] = errorsOf('version: 1\nfail_on: high\nfail_on: low\n');
    expect(dup?.message).toBe('not valid YAML/JSON: Map keys must be unique');
    expect([dup?.place.line, dup?.place.column]).toEqual([3, 1]);
    // nested, in a list, in JSON too
    const [nested] = errorsOf('version: 1\nexemptions:\n  - users: [a]\n    users: [b]\n');
    expect([nested?.message, nested?.place.line]).toEqual([
      'not valid YAML/JSON: Map keys must be unique',
      4,
    ]);
    expect(errorsOf('{"version": 1, "version": 1}')[0]?.message).toMatch(/unique/);
  });

  // No clock here (timed tests flake on a loaded machine): a quadratic or exponential reading
  // would blow the test timeout (30 s) many times over; bench/ measures speed.
  it('refuses a megabyte of keys quickly (duplicates are found in one pass)', () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `  r${i}: {}`);
    expect(errorsOf(`version: 1\nrules:\n${keys.join('\n')}\nrules: {}\n`)[0]?.message).toMatch(
      /unique/,
    );
  });

  it('rejects an empty policy and a scalar policy', () => {
    expect(errorsOf('')[0]?.message).toMatch(/empty/);
    expect(errorsOf('# only a comment\n')[0]?.message).toMatch(/empty/);
    expect(errorsOf('hello\n')[0]?.message).toMatch(/must be a mapping/);
  });

  it('refuses a billion-laughs alias bomb quickly', () => {
    const bomb = ['version: 1', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(9)
          .fill(`*${i === 1 ? 'a' : 'b'.repeat(i - 1)}`)
          .join(',')}]`,
      );
    expect(errorsOf(`${bomb.join('\n')}\n`)[0]?.message).toMatch(
      /alias|cannot be read|not a setting/i,
    );
  });

  it('rejects report-stale thresholds set twice with different values', () => {
    expect(
      errorsOf(
        'version: 1\nreport: { max_age_hours: 24 }\nrules:\n  report-stale: { max_age_hours: 12 }\n',
      )[0]?.message,
    ).toMatch(/contradicts/);
  });

  it('never throws anything but an InputError on random YAML-ish input (property)', () => {
    const token = fc.constantFrom(
      'version: 1\n',
      'rules:\n',
      '  root-mfa: {severity: low}\n',
      'exemptions:\n',
      '  - users: [a]\n',
      '    expires: 2027-01-01\n',
      '- x\n',
      ': :\n',
      '&a [*a]\n',
      '"\n',
      '{',
      '}',
      '\t',
      'fail_on: never\n',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), (parts) => {
        try {
          load(parts.join(''));
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('parseExpiry', () => {
  it('reads YYYY-MM-DD as the end of that day, UTC', () => {
    expect(parseExpiry('2027-03-31')).toBe(Date.parse('2027-04-01T00:00:00Z') - 1);
  });
  it('reads a full date-time as that instant', () => {
    expect(parseExpiry('2027-03-31T12:00:00+02:00')).toBe(Date.parse('2027-03-31T10:00:00Z'));
  });
  it('rejects impossible dates', () => {
    expect(parseExpiry('2027-02-29')).toBeUndefined();
    expect(parseExpiry('31/03/2027')).toBeUndefined();
  });
});
