import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { coversEveryName } from '../../src/policy/coverage.js';
import { diffPolicies } from '../../src/policy/diff.js';
import { loadPolicy } from '../../src/policy/load.js';
import { analyzeWeakening, type WeakeningOptions } from '../../src/policy/weakening.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { RULES } from '../../src/rules/index.js';
import { compileWildcards } from '../../src/util/wildcard.js';
import { toHtml } from '../helpers/gfm.js';
import { check } from '../helpers/policy.js';
import { rootRow, toCsv } from '../helpers/report.js';

const load = (yaml: string) => loadPolicy(yaml, 'policy.yml');
const kinds = (yaml: string, options?: WeakeningOptions) =>
  analyzeWeakening(load(yaml), options).map((w) => `${w.kind} ${w.path}`);
const exemption = (users: string, rules = '') =>
  `version: 1\nexemptions:\n  - users: ${users}\n${rules ? `    rules: ${rules}\n` : ''}    reason: r\n    expires: 2027-01-01\n`;

describe('policies that weaken the gate are said out loud', () => {
  it('finds nothing to say about the default policy or a stricter one', () => {
    expect(kinds('version: 1\n')).toEqual([]);
    expect(
      kinds(`version: 1
fail_on: low
report: { max_age_hours: 4 }
rules:
  access-key-age: { max_days: 30, severity: high }
  root-recent-use: { within_days: 30 }
  key-at-setup: { within_seconds: 600 }
  human-access-key: { enabled: true }
service_users:
  users: [svc-*]
  rules:
    access-key-unused: { max_days: 60 }
exemptions:
  - users: [legacy-etl]
    rules: [access-key-age]
    reason: vendor
    expires: 2027-01-01
`),
    ).toEqual([]);
    // the fail-on input stricter than the policy
    expect(kinds('version: 1\n', { failOnOverride: 'medium', failOnSource: '--fail-on' })).toEqual(
      [],
    );
  });

  it('names a rule disabled that is on by default, for everyone and for service users', () => {
    expect(
      kinds(
        'version: 1\nrules:\n  root-mfa: { enabled: false }\n  human-access-key: { enabled: false }\nservice_users:\n  rules:\n    console-mfa: { enabled: false }\n',
      ),
    ).toEqual([
      'rule-disabled rules.root-mfa.enabled',
      'rule-disabled service_users.rules.console-mfa.enabled',
    ]);
  });

  it('names every rule disabled', () => {
    const yaml = `version: 1\nrules:\n${RULES.map((r) => `  ${r.meta.id}: { enabled: false }`).join('\n')}\n`;
    expect(kinds(yaml)).toHaveLength(RULES.filter((r) => r.meta.enabledByDefault).length);
  });

  it('names thresholds looser than the default, in each rule’s own sense of looser', () => {
    expect(
      kinds(`version: 1
report: { max_age_hours: 48 }
rules:
  access-key-unused: { max_days: 3650 }
  root-recent-use: { within_days: 1 }
  key-at-setup: { within_seconds: 0 }
service_users:
  rules:
    access-key-age: { max_days: 365 }
`),
    ).toEqual([
      'threshold-looser rules.root-recent-use.within_days',
      'threshold-looser rules.access-key-unused.max_days',
      'threshold-looser service_users.rules.access-key-age.max_days',
      'threshold-looser rules.key-at-setup.within_seconds',
      'threshold-looser report.max_age_hours',
    ]);
    const [w] = analyzeWeakening(load('version: 1\nrules:\n  access-key-age: { max_days: 91 }\n'));
    expect(w).toMatchObject({
      rule: 'access-key-age',
      scope: 'all users',
      from: 90,
      to: 91,
      unit: 'days',
    });
  });

  it('names severities lowered below the default', () => {
    expect(
      kinds(
        'version: 1\nrules:\n  root-access-key: { severity: low }\n  key-at-setup: { severity: critical }\nservice_users:\n  rules:\n    console-mfa: { severity: medium }\n',
      ),
    ).toEqual([
      'severity-lowered rules.root-access-key.severity',
      'severity-lowered service_users.rules.console-mfa.severity',
    ]);
  });

  it.each(['"*"', '"**"', '"?*"', '"*?"', '"*?*"', '[a-contractor, "*"]'])(
    'names an exemption whose users %s match every user',
    (users) => {
      expect(
        kinds(exemption(`[${users.startsWith('[') ? users.slice(1, -1) : users}]`, '[root-mfa]')),
      ).toEqual(['exemption-every-user exemptions[0].users']);
    },
  );

  it.each(['"??*"', '"a*"', '"*a*"', '"svc-*"', '"?"', 'alice'])(
    'does not call users [%s] every user',
    (users) => {
      expect(kinds(exemption(`[${users}]`, '[root-mfa]'))).toEqual([]);
    },
  );

  it('decides by what the globs match together, not how they are written', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789+=,.@_-'.split('');
    expect(coversEveryName(letters.map((c) => `${c}*`))).toBe(true);
    expect(coversEveryName(letters.slice(1).map((c) => `${c}*`))).toBe(false);
    expect(coversEveryName(['?', '??', '???*'])).toBe(true);
    expect(coversEveryName(['?', '???*'])).toBe(false);
    expect(coversEveryName([`${'?'.repeat(65)}*`])).toBe(false);
  });

  it('agrees with the matcher: a name it misses exists when it says "not every user" (property)', () => {
    const glob = fc.stringMatching(/^[ab*?]{1,5}$/);
    const name = fc.stringMatching(/^[abc]{1,7}$/);
    fc.assert(
      fc.property(fc.array(glob, { minLength: 1, maxLength: 3 }), (globs) => {
        const matches = compileWildcards(globs);
        const covered = coversEveryName(globs);
        if (covered)
          fc.assert(
            fc.property(name, (n) => matches(n)),
            { numRuns: 50 },
          );
        else {
          // some short name is missed: search every name over the letters used and one other
          const names: string[] = [];
          const grow = (prefix: string) => {
            if (prefix.length > 0) names.push(prefix);
            if (prefix.length < 7) for (const c of 'abc') grow(prefix + c);
          };
          grow('');
          expect(names.some((n) => !matches(n))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('holds a policy to the presets it extends, not only to the defaults', () => {
    const weak = (yaml: string) => analyzeWeakening(load(yaml)).map((w) => w.message);
    // as a preset says it: nothing to say
    expect(weak('version: 1\nextends: strict\n')).toEqual([]);
    expect(weak('version: 1\nextends: cis-aws-v7\n')).toEqual([]);
    expect(
      weak(
        'version: 1\nextends: cis-aws-v7\nrules:\n  access-key-unused: { max_days: 90 }\n  password-unused: { max_days: 60 }\n',
      ),
    ).toEqual([
      "rule password-unused max_days is 60 days for every user, looser than the preset cis-aws-v7's 45.",
      "rule access-key-unused max_days is 90 days for every user, looser than the preset cis-aws-v7's 45.",
    ]);
    expect(weak('version: 1\nextends: strict\nfail_on: high\n')).toEqual([
      "fail_on is high: findings below high no longer fail the gate (the preset strict's medium).",
    ]);
    expect(
      weak(
        'version: 1\nextends: strict\nservice_users:\n  users: [svc-*]\n  rules:\n    access-key-age: { max_days: 90, severity: medium }\n    human-access-key: { enabled: false }\n',
      ),
    ).toEqual([
      "rule access-key-age is lowered to severity medium for service users (the preset strict's high).",
      "rule access-key-age max_days is 90 days for service users, looser than the preset strict's 60.",
      'rule human-access-key is disabled for service users (on in the preset strict).',
    ]);
    // stricter than the preset, or a later preset that sets it: nothing
    expect(
      weak('version: 1\nextends: cis-aws-v7\nrules:\n  access-key-unused: { max_days: 30 }\n'),
    ).toEqual([]);
    expect(weak('version: 1\nextends: [cis-aws-v7, strict]\n')).toEqual([]);
  });

  it('names exemptions that match every user only together, once per rule', () => {
    const first = [...'abcdefghijklmnopqrstuvwxyz0123456789', '+', '=', ',', '.', '@', '_', '-'];
    const split = (rules: string) =>
      `version: 1\nexemptions:\n${first
        .map(
          (c) =>
            `  - users: ["${c}*"]\n    rules: ${rules}\n    reason: r\n    expires: 2027-01-01\n`,
        )
        .join('')}`;
    const w = analyzeWeakening(load(split('[console-mfa, access-key-age]')));
    expect(w.map((x) => `${x.kind} ${x.path} ${x.rule}`)).toEqual([
      'exemption-every-user exemptions console-mfa',
      'exemption-every-user exemptions access-key-age',
    ]);
    expect(w[0]?.message).toBe(
      'exemptions 1, 2, 3, 4, 5 and 38 more together match every user for rule console-mfa.',
    );
    // one letter short: someone is still held to the rule
    const short = split('[console-mfa]').replace(
      / {2}- users: \["q\*"\][^]*?expires: 2027-01-01\n/,
      '',
    );
    expect(kinds(short)).toEqual([]);
  });

  it('names exemptions that list no rules or every rule', () => {
    expect(kinds(exemption('[legacy]'))).toEqual(['exemption-every-rule exemptions[0]']);
    const exemptable = RULES.filter((r) => r.meta.scope !== 'report').map((r) => r.meta.id);
    expect(kinds(exemption('[legacy]', `[${exemptable.join(', ')}]`))).toEqual([
      'exemption-every-rule exemptions[0].rules',
    ]);
  });

  it('names service users covering every user (by glob or by the path "/")', () => {
    expect(kinds('version: 1\nservice_users:\n  users: ["*"]\n')).toEqual([
      'service-users-every-user service_users.users',
    ]);
    expect(kinds('version: 1\nservice_users:\n  paths: ["/"]\n')).toEqual([
      'service-users-every-user service_users.paths',
    ]);
  });

  it('names fail_on never, fail_on looser than the default, and a weakening fail-on input', () => {
    expect(kinds('version: 1\nfail_on: never\n')).toEqual(['fail-on-never fail_on']);
    expect(kinds('version: 1\nfail_on: critical\n')).toEqual(['fail-on-looser fail_on']);
    const input = { failOnSource: 'input `fail-on`' };
    expect(kinds('version: 1\nfail_on: low\n', { ...input, failOnOverride: 'critical' })).toEqual([
      'fail-on-override input `fail-on`',
    ]);
    const [never] = analyzeWeakening(load('version: 1\n'), { ...input, failOnOverride: 'never' });
    expect(never?.message).toBe(
      "input `fail-on` never overrides the policy's fail_on high: the gate cannot fail.",
    );
    // the input is what counts: a weak policy made strict by it says nothing
    expect(kinds('version: 1\nfail_on: never\n', { ...input, failOnOverride: 'high' })).toEqual([]);
  });

  it('shows the warnings at the top of the Markdown, escaped, before the findings', () => {
    const report = check(
      [
        {
          user: 'alice',
          password_enabled: 'true',
          password_last_used: '2026-11-01T00:00:00+00:00',
        },
      ],
      'version: 1\n',
    );
    const policy = load(exemption('["*"]', '[console-mfa]').replace('r\n', 'r\n'));
    const md = renderMarkdown({
      ...report,
      exemptions: [
        {
          index: 0,
          users: ['*'],
          rules: ['console-mfa'],
          reason: 'r',
          expires: '2027-01-01',
          ticket: null,
          status: 'active',
          matched: 1,
        },
      ],
      policyWarnings: analyzeWeakening(policy, {}),
    });
    const lines = md.split('\n');
    const block = lines.findIndex((l) => l.includes('This policy weakens the gate'));
    expect(block).toBeGreaterThan(0);
    expect(block).toBeLessThan(lines.findIndex((l) => l.startsWith('| Severity')));
    expect(md).toContain(
      '> - exemption 1 for `*` (until 2027-01-01) matches **every user** (`exemptions[0].users`)',
    );
    const html = toHtml(md);
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<code>*</code>');
  });

  it("says in the summary whose value a setting weakens: a preset's, or exemptions together", () => {
    const report = check([{ user: 'a' }], 'version: 1\n');
    const policy = load(
      'version: 1\nextends: strict\nfail_on: high\nrules:\n  access-key-age: { max_days: 90, severity: medium }\n',
    );
    const warnings = analyzeWeakening(policy);
    expect(warnings.find((w) => w.kind === 'threshold-looser')).toMatchObject({
      preset: 'strict',
      from: 60,
    });
    const md = renderMarkdown({ ...report, policyWarnings: warnings });
    expect(md).toContain("(the preset `strict`'s `high`)");
    expect(md).toContain("looser than the preset `strict`'s `60`");
    expect(md).toContain("fewer findings fail the gate (the preset `strict`'s `medium`)");
    const together = load(
      `version: 1\nexemptions:\n${['a', 'b'].map((c, i) => `  - users: ["${i === 0 ? '*' : c}*"]\n    rules: [console-mfa]\n    reason: r\n    expires: 2027-01-01\n`).join('')}`,
    );
    expect(analyzeWeakening(together).map((w) => w.path)).toEqual(['exemptions[0].users']);
    const split = load(
      `version: 1\nexemptions:\n${[...'abcdefghijklmnopqrstuvwxyz0123456789+=,.@_-'].map((c) => `  - users: ["${c}*"]\n    rules: [console-mfa]\n    reason: r\n    expires: 2027-01-01\n`).join('')}`,
    );
    expect(renderMarkdown({ ...report, policyWarnings: analyzeWeakening(split) })).toContain(
      '> - exemptions together match **every user** for rule [`console-mfa`][console-mfa] (`exemptions`)',
    );
  });
});

describe('policy changes in a pull request', () => {
  const base = load(`version: 1
rules:
  access-key-age: { max_days: 60 }
service_users:
  users: [svc-*]
exemptions:
  - users: [legacy-etl]
    rules: [access-key-age]
    reason: vendor
    expires: 2027-01-01
  - users: [old-bot]
    reason: going away
    expires: 2026-12-31
`);
  const head = load(`version: 1
fail_on: critical
rules:
  access-key-age: { max_days: 120 }
  root-mfa: { severity: high }
service_users:
  users: [svc-*, ci-*]
  rules:
    access-key-unused: { max_days: 30 }
exemptions:
  - users: [LEGACY-ETL]
    rules: [access-key-age]
    reason: vendor, again
    expires: 2027-06-01
  - users: ["*"]
    rules: [console-mfa]
    reason: everyone
    expires: 2027-02-01
`);

  it('lists settings before → after, service users, and exemptions added, removed, extended', () => {
    expect(diffPolicies(base, head)).toEqual([
      { kind: 'fail-on', from: 'high', to: 'critical', weaker: true },
      {
        kind: 'setting',
        rule: 'root-mfa',
        scope: 'all users',
        setting: 'severity',
        from: 'critical',
        to: 'high',
        weaker: true,
      },
      {
        kind: 'setting',
        rule: 'access-key-unused',
        scope: 'service users',
        setting: 'max_days',
        from: 90,
        to: 30,
        weaker: false,
      },
      {
        kind: 'setting',
        rule: 'access-key-age',
        scope: 'all users',
        setting: 'max_days',
        from: 60,
        to: 120,
        weaker: true,
      },
      { kind: 'service-users', field: 'users', added: ['ci-*'], removed: [] },
      {
        kind: 'exemption',
        change: 'extended',
        users: ['LEGACY-ETL'],
        rules: ['access-key-age'],
        from: '2027-01-01',
        to: '2027-06-01',
        weaker: true,
      },
      {
        kind: 'exemption',
        change: 'added',
        users: ['*'],
        rules: ['console-mfa'],
        to: '2027-02-01',
        weaker: true,
      },
      {
        kind: 'exemption',
        change: 'removed',
        users: ['old-bot'],
        rules: null,
        from: '2026-12-31',
        weaker: false,
      },
    ]);
    expect(diffPolicies(head, head)).toEqual([]);
  });

  it('renders the section with the base named and the weaker changes marked', () => {
    const report = check([{ user: 'alice' }]);
    const md = renderMarkdown({
      ...report,
      policyChanges: {
        base: 'policy.yml at the base commit 1a2b3c4',
        baseMissing: false,
        changes: diffPolicies(base, head),
      },
    });
    expect(md).toContain('### Policy changes in this pull request');
    expect(md).toContain('Compared with policy\\.yml at the base commit 1a2b3c4:');
    expect(md).toContain(
      '- [`access-key-age`][access-key-age] `max_days` for every user: `60` → `120` ⚠️ weaker',
    );
    expect(md).toContain(
      '- exemption for `*` (`console-mfa`) **added**, until 2027-02-01 ⚠️ weaker',
    );
    expect(md).toContain('- exemption for `old-bot` (every rule) removed (was until 2026-12-31)');
    expect(md.indexOf('Policy changes')).toBeLessThan(md.indexOf('Rules and references') >>> 0);
  });
});

describe('the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weakening-'));
  const put = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const report = put('r.csv', toCsv([rootRow(), { user: 'alice' }]));
  async function cli(args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['check', '--report', report, ...args], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      clock: () => Date.parse('2026-11-22T00:00:00Z'),
    });
    return { code, stdout, stderr };
  }

  it('warns on stderr and in the JSON policyWarnings, and lists changes against --base-policy', async () => {
    const head = put('head.yml', 'version: 1\nrules:\n  root-mfa: { enabled: false }\n');
    const before = put('base.yml', 'version: 1\n');
    const r = await cli([
      '--policy',
      head,
      '--base-policy',
      before,
      '--fail-on',
      'never',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "iam-credential-gate: warning: the policy weakens the gate: --fail-on never overrides the policy's fail_on high: the gate cannot fail.",
    );
    const json = JSON.parse(r.stdout);
    expect(json.policyWarnings.map((w: { kind: string }) => w.kind)).toEqual([
      'fail-on-override',
      'rule-disabled',
    ]);
    expect(json.policyChanges).toEqual({
      base: before,
      baseMissing: false,
      changes: [
        {
          kind: 'setting',
          rule: 'root-mfa',
          scope: 'all users',
          setting: 'enabled',
          from: true,
          to: false,
          weaker: true,
        },
      ],
    });
  });

  it('validate-policy says it too, and still exits 0', async () => {
    let stderr = '';
    const code = await runCli(
      ['validate-policy', put('never.yml', 'version: 1\nfail_on: never\n')],
      {
        stdout: () => undefined,
        stderr: (t) => (stderr += t),
        clock: () => Date.parse('2026-11-22T00:00:00Z'),
      },
    );
    expect(code).toBe(0);
    expect(stderr).toBe(
      'iam-credential-gate: warning: the policy weakens the gate: fail_on is never: the gate only reports, it cannot fail.\n',
    );
  });

  it('says nothing for the default policy', async () => {
    const r = await cli(['--policy', put('p.yml', 'version: 1\n')]);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('weakens');
  });

  it('exits 2 for an exemption until 2125', async () => {
    const p = put(
      'far.yml',
      'version: 1\nexemptions:\n  - users: [alice]\n    reason: r\n    expires: 2125-01-01\n',
    );
    const r = await cli(['--policy', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${p}:5:14 (at exemptions[0].expires): expires 2125-01-01, more than 366 days`,
    );
  });
});

describe('root.credentials: removed', () => {
  it('is said out loud: root-mfa no longer fires on a root row without keys or certificates', async () => {
    const { analyzeWeakening } = await import('../../src/policy/weakening.js');
    const { loadPolicy } = await import('../../src/policy/load.js');
    const items = analyzeWeakening(
      loadPolicy('version: 1\nroot:\n  credentials: removed\n', 'p.yml'),
    );
    expect(items.map((w) => [w.kind, w.path, w.rule])).toEqual([
      ['root-credentials-removed', 'root.credentials', 'root-mfa'],
    ]);
    expect(
      analyzeWeakening(loadPolicy('version: 1\nroot:\n  credentials: present\n', 'p.yml')),
    ).toEqual([]);
  });
});
