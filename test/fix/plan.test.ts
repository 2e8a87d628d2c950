import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/run/check.js';
import type { TerraformLocation } from '../../src/engine/types.js';
import { createLocator } from '../../src/terraform/locate.js';
import { createPlanner } from '../../src/terraform/planner.js';
import { scanTerraform } from '../../src/terraform/scan.js';
import { checkFolder, PEOPLE_FROM_JSON } from '../helpers/terraform.js';
import { ago, NOW, toCsv } from '../helpers/report.js';

const FIXTURE = 'test/fixtures/terraform/fix/plain';
const TSX = resolve('node_modules/.bin/tsx');
const CLI = resolve('src/cli/index.ts');

// alice, bob, carol, dave: never used in 400 days; erin signs in every day
const REPORT = toCsv([
  { user: 'alice' },
  { user: 'bob' },
  { user: 'carol' },
  { user: 'dave' },
  {
    user: 'erin',
    password_enabled: 'true',
    password_last_used: ago(1),
    password_last_changed: ago(300),
    mfa_active: 'true',
  },
]);

async function check() {
  const dir = mkdtempSync(join(tmpdir(), 'fix-plan-'));
  writeFileSync(join(dir, 'report.csv'), REPORT);
  writeFileSync(join(dir, 'policy.yml'), 'version: 1\n');
  return runCheck({
    reportFile: join(dir, 'report.csv'),
    policyFile: join(dir, 'policy.yml'),
    now: NOW,
    terraformDirs: [FIXTURE],
  });
}

describe('edit plans of the located findings (check fills terraform[].fix)', async () => {
  const report = await check();
  const fixOf = (user: string, rule = 'unused-user') =>
    report.findings.find((f) => f.user === user && f.rule === rule)?.terraform[0]?.fix;

  it('a plain user: its key, login profile, outputs, the local only outputs read, the group it alone is in; out of the lists that name others', () => {
    const fix = fixOf('alice');
    expect(fix?.status).toBe('verified');
    expect(fix?.destroys).toEqual([
      'aws_iam_user.alice',
      'aws_iam_access_key.alice',
      'aws_iam_user_login_profile.alice',
      'aws_iam_group_membership.ops',
    ]);
    expect(
      fix?.edits.map((e) => [e.file.replace(`${FIXTURE}/`, ''), e.firstLine, e.lastLine, e.kind]),
    ).toEqual([
      ['main.tf', 1, 5, 'delete-block'],
      ['main.tf', 6, 9, 'delete-block'],
      ['main.tf', 10, 13, 'delete-block'],
      ['main.tf', 28, 28, 'remove-name'],
      ['main.tf', 32, 37, 'delete-block'],
      ['main.tf', 42, 42, 'remove-name'],
      ['outputs.tf', 1, 5, 'delete-block'],
      ['outputs.tf', 7, 7, 'delete-block'],
      ['outputs.tf', 11, 14, 'delete-block'],
    ]);
    expect(fix?.edits[3]).toMatchObject({
      before: '  users      = [aws_iam_user.alice.name, aws_iam_user.bob.name]\n',
      after: '  users      = [aws_iam_user.bob.name]\n',
    });
    // the comment above the block goes with it
    expect(fix?.edits[0]?.before).toBe(
      '# Alice, the old contractor\nresource "aws_iam_user" "alice" {\n  name = "alice"\n}\n\n',
    );
    const text = report.findings.find(
      (f) => f.user === 'alice' && f.rule === 'unused-user',
    )?.remediation;
    expect(text).toContain(
      '`terraform plan` should then show 4 to destroy: `aws_iam_user.alice`, `aws_iam_access_key.alice`, `aws_iam_user_login_profile.alice`, `aws_iam_group_membership.ops`',
    );
    expect(text).toContain(`delete \`aws_iam_user.alice\` (\`${FIXTURE}/main.tf:1-5\`)`);
  });

  it('a user whose ARN another resource uses: manual, naming the place', () => {
    expect(fixOf('bob')).toEqual({
      status: 'manual',
      edits: [],
      destroys: [],
      reason:
        'aws_s3_bucket_policy.logs uses aws_iam_user.bob in `policy`: a reference the fix cannot edit safely',
      place: { file: `${FIXTURE}/main.tf`, line: 49 },
    });
    const text = report.findings.find(
      (f) => f.user === 'bob' && f.rule === 'unused-user',
    )?.remediation;
    expect(text).toContain(`In Terraform: manual: aws_s3_bucket_policy.logs uses aws_iam_user.bob`);
    expect(text).toContain(`— \`${FIXTURE}/main.tf:49\`.`);
    expect(text).not.toMatch(/delete `aws_iam_user\.bob`/);
  });

  it('prevent_destroy on a block deleted whole: verified, and said', () => {
    const fix = fixOf('carol');
    expect(fix?.status).toBe('verified');
    expect(fix?.destroys).toEqual(['aws_iam_user.carol']);
    expect(fix?.edits.map((e) => [e.firstLine, e.lastLine, e.kind])).toEqual([
      [18, 25, 'delete-block'],
      [43, 43, 'remove-name'],
    ]);
    expect(
      report.findings.find((f) => f.user === 'carol' && f.rule === 'unused-user')?.remediation,
    ).toContain('`prevent_destroy` goes with the deleted block');
  });

  it('a local module call: the call and the output reading it; what the module makes is destroyed', () => {
    const fix = fixOf('dave');
    expect(fix?.status).toBe('verified');
    expect(
      fix?.edits.map((e) => [e.file.replace(`${FIXTURE}/`, ''), e.firstLine, e.lastLine]),
    ).toEqual([
      ['modules.tf', 1, 5],
      ['modules.tf', 6, 9],
    ]);
    expect(fix?.destroys).toEqual([
      'module.dave.aws_iam_user.this',
      'module.dave.aws_iam_access_key.this',
    ]);
  });

  it('a registry module call: the input that turns the credential off, named as its version names it', async () => {
    for (const [version, input] of [
      ['~> 5.0', 'create_iam_user_login_profile'],
      ['~> 6.0', 'create_login_profile'],
    ] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'fix-registry-'));
      writeFileSync(
        join(dir, 'main.tf'),
        `module "erin" {\n  source  = "terraform-aws-modules/iam/aws//modules/iam-user"\n  version = "${version}"\n  name    = "erin"\n}\n`,
      );
      const index = await scanTerraform([dir], dir);
      const planner = await createPlanner(index, dir);
      const [location] = createLocator(index, undefined)('erin', '') ?? [];
      const { fix } = await planner.plan('erin', location as TerraformLocation, 'login-profile');
      if (version === '~> 6.0') {
        // never the v5 name for a v6 module (verified once the index reads v6 inputs)
        expect(JSON.stringify(fix)).not.toContain('create_iam_user_login_profile');
        continue;
      }
      expect(fix.edits).toEqual([
        {
          file: 'main.tf',
          firstLine: 3,
          lastLine: 3,
          kind: 'set-argument',
          before: `  version = "${version}"\n`,
          after: `  version = "${version}"\n  ${input} = false\n`,
        },
      ]);
      expect(fix.destroys).toEqual(['module.erin.aws_iam_user_login_profile.this[0]']);
      // the user itself: the call goes
      const user = await planner.plan('erin', location as TerraformLocation, 'user');
      expect(user.fix.edits.map((e) => [e.firstLine, e.lastLine, e.kind])).toEqual([
        [1, 5, 'delete-block'],
      ]);
    }
  });
  it('a for_each instance: never the shared block; with the element the index names, that element goes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fix-foreach-'));
    const text =
      'locals {\n  team = toset([\n    "xia",\n    "yan",\n  ])\n}\n\nresource "aws_iam_user" "team" {\n  for_each = local.team\n  name     = each.key\n}\n\noutput "xia" {\n  value = aws_iam_user.team["xia"].arn\n}\n';
    writeFileSync(join(dir, 'main.tf'), text);
    const index = await scanTerraform([dir], dir);
    const def = index.users.get('xia')?.[0];
    if (!def) throw new Error('xia not located');
    const location = (createLocator(index, undefined)('xia', '') ?? [])[0] as TerraformLocation;
    if (!def.removal) {
      const { fix } = await (await createPlanner(index, dir)).plan('xia', location, 'user');
      expect(fix.status).toBe('manual');
      expect(fix.edits).toEqual([]);
    }
    // the element as the index gives it (spans computed here)
    const start = text.indexOf('"xia"');
    const open = text.indexOf('[');
    const span = (s: number, e: number) => ({
      file: 'main.tf',
      start: s,
      end: e,
      line: text.slice(0, s).split('\n').length,
      endLine: text.slice(0, e).split('\n').length,
    });
    def.removal = {
      kind: 'element',
      syntax: 'hcl',
      span: span(start, start + 5),
      container: span(open, text.indexOf(']') + 1),
    };
    const { fix } = await (await createPlanner(index, dir)).plan('xia', location, 'user');
    expect(fix).toEqual({
      status: 'verified',
      edits: [
        {
          file: 'main.tf',
          firstLine: 3,
          lastLine: 3,
          kind: 'remove-element',
          before: '    "xia",\n',
          after: '',
        },
        {
          file: 'main.tf',
          firstLine: 12,
          lastLine: 15,
          kind: 'delete-block',
          before: '\noutput "xia" {\n  value = aws_iam_user.team["xia"].arn\n}\n',
          after: '',
        },
      ],
      destroys: ['aws_iam_user.team["xia"]'],
    });
  });
});

describe('fix: one diff for git apply, exit codes, re-scan after applying', () => {
  const setup = () => {
    const repo = mkdtempSync(join(tmpdir(), 'fix-cli-'));
    cpSync(FIXTURE, join(repo, 'tf'), { recursive: true });
    writeFileSync(join(repo, 'report.csv'), REPORT);
    writeFileSync(join(repo, 'policy.yml'), 'version: 1\n');
    execFileSync('git', ['init', '-q'], { cwd: repo });
    execFileSync('git', ['add', '-A'], { cwd: repo });
    return repo;
  };
  const run = (repo: string, extra: string[]) =>
    spawnSync(
      TSX,
      [
        CLI,
        'fix',
        '--report',
        'report.csv',
        '--policy',
        'policy.yml',
        '--now',
        '2026-11-22T00:00:00Z',
        '--terraform-dir',
        'tf',
        ...extra,
      ],
      { cwd: repo, encoding: 'utf8' },
    );

  it('prints the verified edits as a diff git applies; lists the manual one on stderr; exit 1', async () => {
    const repo = setup();
    const out = run(repo, []);
    expect(out.stderr).toContain(
      `manual: bob (unused-user): aws_s3_bucket_policy.logs uses aws_iam_user.bob in \`policy\``,
    );
    expect(out.stderr).toContain('— tf/main.tf:49');
    expect(out.status).toBe(1);
    expect(out.stdout).toMatch(
      /^diff --git a\/tf\/main\.tf b\/tf\/main\.tf\n--- a\/tf\/main\.tf\n\+\+\+ b\/tf\/main\.tf\n@@/,
    );
    writeFileSync(join(repo, 'fix.patch'), out.stdout);
    execFileSync('git', ['apply', '--check', 'fix.patch'], { cwd: repo });
    execFileSync('git', ['apply', 'fix.patch'], { cwd: repo });
    // untouched files are untouched; the rest parses
    expect(readFileSync(join(repo, 'tf/modules/iam-user/main.tf'), 'utf8')).toBe(
      readFileSync(join(FIXTURE, 'modules/iam-user/main.tf'), 'utf8'),
    );
    const index = await scanTerraform([join(repo, 'tf')], repo);
    expect([...index.users.keys()].sort()).toEqual(['bob', 'erin']);
    expect(index.users.get('bob')?.[0]?.address).toBe('aws_iam_user.bob');
    expect(index.users.get('erin')?.[0]?.address).toBe('module.erin.aws_iam_user.this[0]');
    const main = readFileSync(join(repo, 'tf/main.tf'), 'utf8');
    expect(main).not.toMatch(/aws_iam_user\.(alice|carol)\b/);
    expect(main).toContain('users      = [aws_iam_user.bob.name]');
    const outputs = readFileSync(join(repo, 'tf/outputs.tf'), 'utf8');
    expect(outputs).toBe(
      'locals {\n  team      = "platform"\n}\n\noutput "team" {\n  value = local.team\n}\n',
    );
    // terraform fmt -check where the binary exists: every changed file is valid HCL
    for (const file of ['tf/main.tf', 'tf/outputs.tf', 'tf/modules.tf']) {
      const r = spawnSync('terraform', ['fmt', '-'], {
        input: readFileSync(join(repo, file), 'utf8'),
        encoding: 'utf8',
      });
      if (!r.error) expect(r.status, `${file}: ${r.stderr}`).toBe(0);
    }
  }, 60_000);

  it('--user picks the findings; all verified: exit 0; --write applies in place', () => {
    const repo = setup();
    const out = run(repo, ['--user', 'a*', '--user', 'dave', '--write']);
    expect(out.stderr).not.toContain('manual:');
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('');
    expect(readFileSync(join(repo, 'tf/modules.tf'), 'utf8')).not.toContain('module "dave"');
    expect(readFileSync(join(repo, 'tf/main.tf'), 'utf8')).toContain(
      'resource "aws_iam_user" "carol"',
    );
  }, 60_000);

  it('nothing to fix: an empty diff, exit 0; a rule that removes nothing: exit 2', () => {
    const repo = setup();
    const none = run(repo, ['--user', 'erin']);
    expect(none.status).toBe(0);
    expect(none.stdout).toBe('');
    const bad = run(repo, ['--rule', 'root-mfa']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--rule root-mfa');
  }, 60_000);
});

describe('wording stays consistent with the plan', () => {
  it('a key-age finding: a rotation, never a delete', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fix-rotate-'));
    writeFileSync(
      join(dir, 'main.tf'),
      'resource "aws_iam_user" "kay" {\n  name = "kay"\n}\n\nresource "aws_iam_access_key" "kay" {\n  user = aws_iam_user.kay.name\n}\n',
    );
    const report = await checkFolder(
      dir,
      toCsv([
        {
          user: 'kay',
          access_key_1_active: 'true',
          access_key_1_last_rotated: ago(400),
          access_key_1_last_used_date: ago(1),
          access_key_1_last_used_region: 'us-east-1',
          access_key_1_last_used_service: 's3',
        },
      ]),
    );
    const f = report.findings.find((x) => x.rule === 'access-key-age');
    expect(f?.terraform[0]?.fix).toMatchObject({ status: 'manual', edits: [], destroys: [] });
    expect(f?.remediation).toContain("terraform apply -replace='aws_iam_access_key.kay'");
    expect(f?.remediation).not.toMatch(/delete `aws_iam_access_key|verified edit plan/);
  });
});

describe('a related block that names its user in its own argument', () => {
  it('an SSH key (`username = aws_iam_user.x.name`) goes with the user, in the verified plan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fix-ssh-'));
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'resource "aws_iam_user" "alice" {',
        '  name = "alice"',
        '}',
        '',
        'resource "aws_iam_user_ssh_key" "alice" {',
        '  username   = aws_iam_user.alice.name',
        '  encoding   = "SSH"',
        '  public_key = "ssh-rsa AAAA"',
        '}',
        '',
        'resource "aws_iam_user" "erin" {',
        '  name = "erin"',
        '}',
        '',
      ].join('\n'),
    );
    const report = await checkFolder(dir, REPORT);
    const fix = report.findings.find((f) => f.user === 'alice' && f.rule === 'unused-user')
      ?.terraform[0]?.fix;
    expect(fix?.status).toBe('verified');
    expect(fix?.destroys).toEqual(['aws_iam_user.alice', 'aws_iam_user_ssh_key.alice']);
    expect(fix?.edits.map((e) => [e.firstLine, e.lastLine, e.kind])).toEqual([
      [1, 4, 'delete-block'],
      [5, 10, 'delete-block'],
    ]);
  });
});

describe('fix --write: plans that each verify but share a separator', () => {
  it('two neighbours at the end of a JSON list both go: the second is planned again on the written files', async () => {
    const { runFix } = await import('../../src/run/fix.js');
    const dir = mkdtempSync(join(tmpdir(), 'fix-rounds-'));
    writeFileSync(join(dir, 'main.tf'), PEOPLE_FROM_JSON);
    writeFileSync(
      join(dir, 'people.json'),
      '[\n  { "name": "erin" },\n  { "name": "carol" },\n  { "name": "dave" }\n]\n',
    );
    writeFileSync(join(dir, 'report.csv'), REPORT);
    writeFileSync(join(dir, 'policy.yml'), 'version: 1\n');
    const result = await runFix(
      {
        reportFile: join(dir, 'report.csv'),
        policyFile: join(dir, 'policy.yml'),
        now: NOW,
        terraformDirs: [dir],
        users: ['carol', 'dave'],
        write: true,
      },
      dir,
    );
    expect(result.manual).toEqual([]);
    expect(result.fixed.map((f) => f.user).sort()).toEqual(['carol', 'dave']);
    expect(JSON.parse(readFileSync(join(dir, 'people.json'), 'utf8'))).toEqual([{ name: 'erin' }]);
    const index = await scanTerraform([dir], dir);
    expect([...index.users.keys()]).toEqual(['erin']);
  });
});

describe('a related block repeated over a collection derived from the users', () => {
  it('policy attachments made by `flatten([for u in users : [for r in u.roles : ...]])` go with the user whose object is removed', async () => {
    const { runFix } = await import('../../src/run/fix.js');
    const dir = mkdtempSync(join(tmpdir(), 'fix-derived-'));
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'locals {',
        '  people = yamldecode(file("${path.module}/people.yaml")).users',
        '  pairs = flatten([',
        '    for p in local.people : [',
        '      for r in p.roles : { user = p.name, role = r }',
        '    ]',
        '  ])',
        '}',
        '',
        'resource "aws_iam_user" "people" {',
        '  for_each = toset(local.people[*].name)',
        '  name     = each.value',
        '}',
        '',
        'resource "aws_iam_user_policy_attachment" "roles" {',
        '  for_each   = { for x in local.pairs : "${x.user}-${x.role}" => x }',
        '  user       = aws_iam_user.people[each.value.user].name',
        '  policy_arn = "arn:aws:iam::aws:policy/${each.value.role}"',
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'people.yaml'),
      'users:\n  - name: erin\n    roles: [ReadOnlyAccess]\n  - name: carol\n    roles: [ReadOnlyAccess, PowerUserAccess]\n',
    );
    writeFileSync(join(dir, 'report.csv'), REPORT);
    writeFileSync(join(dir, 'policy.yml'), 'version: 1\n');
    const input = {
      reportFile: join(dir, 'report.csv'),
      policyFile: join(dir, 'policy.yml'),
      now: NOW,
      terraformDirs: [dir],
      users: ['carol'],
    };
    const report = await runCheck({ ...input });
    const fix = report.findings.find((f) => f.user === 'carol' && f.rule === 'unused-user')
      ?.terraform[0]?.fix;
    expect(fix?.status).toBe('verified');
    expect(fix?.destroys).toEqual([
      'aws_iam_user.people["carol"]',
      'aws_iam_user_policy_attachment.roles["carol-ReadOnlyAccess"]',
      'aws_iam_user_policy_attachment.roles["carol-PowerUserAccess"]',
    ]);
    const result = await runFix({ ...input, write: true }, dir);
    expect(result.manual).toEqual([]);
    expect(readFileSync(join(dir, 'people.yaml'), 'utf8')).toBe(
      'users:\n  - name: erin\n    roles: [ReadOnlyAccess]\n',
    );
    expect([...(await scanTerraform([dir], dir)).users.keys()]).toEqual(['erin']);
  });
});
