import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocator } from '../../src/terraform/locate.js';
import { scanTerraform } from '../../src/terraform/scan.js';
import { readTerraformState } from '../../src/terraform/state.js';
import { InputError } from '../../src/errors.js';
import { runCheck } from '../../src/run/check.js';
import { checkFolder } from '../helpers/terraform.js';

const F = 'test/fixtures/terraform/forms';

describe('terraform show -json', () => {
  it('maps users by name and ARN to exact addresses, modules and indexes included', async () => {
    const state = await readTerraformState('test/fixtures/terraform/state/show.json');
    expect(state.get('ben')?.address).toBe('aws_iam_user.listed["ben"]');
    expect(state.get('arn:aws:iam::123456789012:user/olga')?.address).toBe('aws_iam_user.ops[0]');
    expect(state.get('dan')?.address).toBe('module.people["dan"].aws_iam_user.person');
    expect(state.get('olga')?.related).toEqual([
      { type: 'aws_iam_access_key', address: 'aws_iam_access_key.olga' },
    ]);
    expect(state.get('zed')).toBeUndefined(); // a data source is not a managed user
  });

  it('is authoritative for the address while HCL gives file and line', async () => {
    const locate = createLocator(
      await scanTerraform([F]),
      await readTerraformState('test/fixtures/terraform/state/show.json'),
    );
    expect(locate('dan', 'arn:aws:iam::123456789012:user/dan')).toMatchObject([
      { address: 'module.people["dan"].aws_iam_user.person', file: `${F}/main.tf`, line: 24 },
    ]);
    // in the state only: the address, no file
    expect(locate('olga', 'arn:aws:iam::123456789012:user/olga')).toMatchObject([
      {
        address: 'aws_iam_user.ops[0]',
        file: null,
        line: null,
        kind: 'state',
        related: [{ address: 'aws_iam_access_key.olga' }],
      },
    ]);
    expect(locate('nobody', 'arn:aws:iam::123456789012:user/nobody')).toEqual([]);
  });

  it('rejects a file that is not terraform show -json output', async () => {
    await expect(readTerraformState('examples/policy.yml')).rejects.toThrow(InputError);
    await expect(readTerraformState('test/fixtures/terraform/state/missing.json')).rejects.toThrow(
      /no such file/,
    );
  });
});

describe('remediation names the file, line, address and what to delete', async () => {
  const report = await runCheck({
    reportFile: 'examples/credential-report.csv',
    policyFile: 'examples/policy.yml',
    now: Date.parse('2026-11-22T00:00:00Z'),
    terraformDirs: ['examples/terraform'],
  });
  const finding = (user: string, rule: string) =>
    report.findings.find((f) => f.user === user && f.rule === rule);

  it('for_each: remove the element', () => {
    expect(finding('dave', 'unused-user')?.remediation).toMatch(
      /verified edit plan: remove the element at `examples\/terraform\/iam\/developers\.tf:3`; `terraform plan` should then show 3 to destroy: `aws_iam_user\.developers\["dave"\]`.*terraform state rm 'aws_iam_user\.developers\["dave"\]'/,
    );
  });
  it('a plain resource: the verified plan deletes the key block', () => {
    expect(finding('erin', 'access-key-unused')?.remediation).toMatch(
      /verified edit plan: delete `aws_iam_access_key\.erin` \(`examples\/terraform\/iam\/users\.tf:27-3\d`\); `terraform plan` should then show 1 to destroy: `aws_iam_access_key\.erin`/,
    );
  });
  it('one instance of a repeated block: leave the user out of what it repeats over', () => {
    const remediation = finding('dave', 'password-unused')?.remediation ?? '';
    expect(remediation).toMatch(
      /leave "dave" out of the `for_each` or `count` of the block `aws_iam_user_login_profile\.developers` at `examples\/terraform\/iam\/developers\.tf:14` \(that removes `aws_iam_user_login_profile\.developers\["dave"\]`\)/,
    );
    expect(remediation).not.toMatch(/delete `aws_iam_user_login_profile/);
  });
  it('the registry module: switch off what it creates', () => {
    expect(finding('bob', 'console-mfa')?.remediation).toMatch(
      /verified edit plan: set `create_iam_user_login_profile = false` at `examples\/terraform\/iam\/modules\.tf:\d+`; `terraform plan` should then show 1 to destroy: `module\.bob\.aws_iam_user_login_profile\.this\[0\]`/,
    );
  });
  it('a user not in Terraform is unmanaged, with the AWS CLI steps', () => {
    const f = report.findings.find((x) => x.user === 'mallory' && x.rule === 'console-mfa');
    expect(f?.terraform[0]?.address).toBe('aws_iam_user.contractors["mallory"]');
    const unmanaged = report.findings.find((x) => x.user === 'walter');
    expect(unmanaged?.terraform).toEqual([]);
    expect(unmanaged?.remediation).toMatch(
      /not defined in the scanned Terraform \(unmanaged\).*AWS CLI/,
    );
  });
  it('puts the location in the JSON terraform field', () => {
    expect(finding('carol', 'password-unused')?.terraform).toEqual([
      {
        file: 'examples/terraform/iam/users.tf',
        line: 3,
        address: 'aws_iam_user.carol',
        kind: 'resource',
        block: { file: 'examples/terraform/iam/users.tf', line: 2, address: 'aws_iam_user.carol' },
        related: [
          {
            type: 'aws_iam_user_login_profile',
            address: 'aws_iam_user_login_profile.carol',
            file: 'examples/terraform/iam/users.tf',
            line: 7,
          },
          {
            type: 'aws_iam_access_key',
            address: 'aws_iam_access_key.carol',
            file: 'examples/terraform/iam/users.tf',
            line: 11,
            // teams keep a key security deactivated from drifting back on
            lifecycle: {
              file: 'examples/terraform/iam/users.tf',
              line: 14,
              preventDestroy: false,
              ignoreChanges: ['status'],
            },
          },
        ],
        fix: {
          status: 'verified',
          edits: [
            {
              file: 'examples/terraform/iam/users.tf',
              firstLine: 7,
              lastLine: 10,
              kind: 'delete-block',
              before: expect.stringMatching(/^resource "aws_iam_user_login_profile" "carol" \{\n/),
              after: '',
            },
          ],
          destroys: ['aws_iam_user_login_profile.carol'],
        },
      },
    ]);
  });
});

/**
 * `check` on a temporary folder holding `main.tf` and a report of `rows` (columns as the
 * example's): each finding's remediation, by user and rule.
 */
async function remediationsFor(
  tf: string[] | Record<string, string[]>,
  rows: string[],
): Promise<(user: string, rule: string) => string> {
  const dir = mkdtempSync(join(tmpdir(), 'remediation-'));
  for (const [file, lines] of Object.entries(Array.isArray(tf) ? { 'main.tf': tf } : tf)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), lines.join('\n'));
  }
  const header = readFileSync('examples/credential-report.csv', 'utf8').split('\n')[0] as string;
  const result = await checkFolder(dir, [header, ...rows, ''].join('\n'));
  return (user, rule) =>
    result.findings.find((f) => f.user === user && f.rule === rule)?.remediation ?? '';
}

describe('lifecycle rules that change the fix', async () => {
  // kim and lee: never used since created a year ago, each with an active key unused as long
  const row = (user: string) =>
    `${user},arn:aws:iam::123456789012:user/${user},2025-11-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-11-01T00:00:00+00:00,2025-11-02T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const remediation = await remediationsFor(
    [
      'resource "aws_iam_user" "kim" {',
      '  name = "kim"',
      '  lifecycle {',
      '    prevent_destroy = true',
      '  }',
      '}',
      'resource "aws_iam_access_key" "kim" {',
      '  user = aws_iam_user.kim.name',
      '  lifecycle {',
      '    ignore_changes = [status, tags["owner"]]',
      '  }',
      '}',
      'resource "aws_iam_user" "lee" {',
      '  for_each = toset(["lee"])',
      '  name     = each.key',
      '}',
      'resource "aws_iam_access_key" "lee" {',
      '  for_each = aws_iam_user.lee',
      '  user     = each.value.name',
      '  lifecycle {',
      '    ignore_changes = all',
      '  }',
      '}',
    ],
    [row('kim'), row('lee')],
  );

  it('prevent_destroy: take it out first, or Terraform refuses the plan', () => {
    expect(remediation('kim', 'unused-user')).toMatch(
      /In Terraform: verified edit plan: delete `aws_iam_user\.kim` \(`[^`]*main\.tf:1-6`\); delete `aws_iam_access_key\.kim` \(`[^`]*main\.tf:7-12`\) \(`prevent_destroy` goes with the deleted block/,
    );
  });
  it('ignore_changes on status: deactivate outside Terraform, not in the .tf', () => {
    // kim's key is its own block: the verified plan deletes it, nothing to turn off
    expect(remediation('kim', 'access-key-unused')).toMatch(
      /verified edit plan: delete `aws_iam_access_key\.kim`/,
    );
    expect(remediation('kim', 'access-key-unused')).not.toMatch(/Inactive/);
    for (const user of ['lee']) {
      const text = remediation(user, 'access-key-unused');
      expect(text).toMatch(
        /`terraform apply`\. To turn the key off meanwhile, deactivate it outside Terraform \(`aws iam update-access-key --user-name \w+ --access-key-id <id> --status Inactive`\): the `lifecycle` at `[^`]*main\.tf:(9|20)` ignores `status`/,
      );
      expect(text).not.toMatch(/"Inactive" (on it|for this user) first/);
    }
  });
});

describe('a related block repeated over its own list of users', async () => {
  // amy: a console password unused since 2025-06-01, and no use at all since then; her login
  // profile names her through `user`
  const withProfileUser = (user: string) =>
    remediationsFor(
      [
        'locals {',
        '  users         = ["amy", "ben"]',
        '  console_users = ["amy"]',
        '}',
        'resource "aws_iam_user" "this" {',
        '  for_each = toset(local.users)',
        '  name     = each.key',
        '}',
        'resource "aws_iam_user_login_profile" "this" {',
        '  for_each = toset(local.console_users)',
        `  user     = ${user}`,
        '}',
      ],
      [
        'amy,arn:aws:iam::123456789012:user/amy,2025-01-01T00:00:00+00:00,true,2025-06-01T00:00:00+00:00,2025-01-02T00:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      ],
    );
  const remediation = await withProfileUser('aws_iam_user.this[each.key].name');

  it('points to the element of that list, not only to the block', () => {
    expect(remediation('amy', 'password-unused')).toMatch(
      /remove "amy" from the `for_each` collection at `[^`]*main\.tf:3` \(it drives `aws_iam_user_login_profile\.this` at `[^`]*main\.tf:9`; that removes `aws_iam_user_login_profile\.this\["amy"\]`\)/,
    );
  });
  it('removing the user: out of that list too, or the plan fails', () => {
    expect(remediation('amy', 'unused-user')).toMatch(
      /remove "amy" from the for_each collection at `[^`]*main\.tf:2`.*; also remove "amy" from the for_each collection at `[^`]*main\.tf:3` \(it drives `aws_iam_user_login_profile\.this`\)/,
    );
  });
  it('the same when the block names the user by the element itself (user = each.key)', async () => {
    expect((await withProfileUser('each.key'))('amy', 'password-unused')).toMatch(
      /remove "amy" from the `for_each` collection at `[^`]*main\.tf:3`/,
    );
  });
});

describe('a key made inside a module, for every user the module makes', async () => {
  // dee and fay: an active key unused for a year
  const row = (user: string) =>
    `${user},arn:aws:iam::123456789012:user/${user},2025-11-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-11-01T00:00:00+00:00,2025-11-02T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const remediation = await remediationsFor(
    {
      'main.tf': [
        'module "people" {',
        '  source   = "./modules/person"',
        '  for_each = toset(["dee", "eli"])',
        '  name     = each.key',
        '}',
        'module "registry" {',
        '  source   = "terraform-aws-modules/iam/aws//modules/iam-user"',
        '  for_each = toset(["fay", "gus"])',
        '  name     = each.key',
        '  version  = "~> 5.0"',
        '}',
      ],
      'modules/person/main.tf': [
        'variable "name" {}',
        'resource "aws_iam_user" "this" {',
        '  name = var.name',
        '}',
        'resource "aws_iam_access_key" "this" {',
        '  user = aws_iam_user.this.name',
        '}',
      ],
    },
    [row('dee'), row('fay')],
  );

  it("a local module: not deleted there (that removes every user's key), turned off for one", () => {
    const text = remediation('dee', 'access-key-unused');
    expect(text).toMatch(
      /`aws_iam_access_key\.this` at `[^`]*modules\/person\/main\.tf:5` is inside the module that `module\.people` at `[^`]*main\.tf:1` calls, made for every user any call of it makes: deleting it there removes all of theirs\. To remove only "dee"'s, give the module an input that turns it off/,
    );
    expect(text).not.toMatch(/delete `module\.people/);
  });
  it('removing the user: its module instance goes, with everything the instance makes', () => {
    const text = remediation('dee', 'unused-user');
    expect(text).toMatch(
      /verified edit plan: remove the element at `[^`]*main\.tf:3`; `terraform plan` should then show 2 to destroy: `module\.people\["dee"\]\.aws_iam_user\.this`, `module\.people\["dee"\]\.aws_iam_access_key\.this`;/,
    );
    expect(text).not.toMatch(/delete its related blocks/);
  });
  it('the registry module repeated: its input as a condition on this instance', () => {
    expect(remediation('fay', 'access-key-unused')).toMatch(
      /the module call `module\.registry` at `[^`]*main\.tf:6` makes every instance, so turn `create_iam_access_key` off for this one only: `create_iam_access_key = each\.key != "fay"`/,
    );
  });
});

describe('credentials made outside Terraform, when the user is to be deleted', async () => {
  // a year unused, with an active key and a console password that no block here manages
  const row = (user: string) =>
    `${user},arn:aws:iam::123456789012:user/${user},2025-11-01T00:00:00+00:00,true,2025-11-02T00:00:00+00:00,2025-11-01T00:00:00+00:00,N/A,false,true,2025-11-01T00:00:00+00:00,2025-11-02T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const remediation = await remediationsFor(
    [
      'resource "aws_iam_user" "pat" {\n  name = "pat"\n}',
      'resource "aws_iam_user" "quinn" {\n  name          = "quinn"\n  force_destroy = true\n}',
      'resource "aws_iam_access_key" "rue" {\n  user = aws_iam_user.rue.name\n}',
      'resource "aws_iam_user" "rue" {\n  name = "rue"\n}',
    ],
    [row('pat'), row('quinn'), row('rue')],
  );

  it('says what blocks the destroy, and the two ways past it', () => {
    expect(remediation('pat', 'unused-user')).toMatch(
      /The report shows an access key, a console password that no block here manages: AWS refuses to delete a user that still has them \(DeleteConflict\), so remove them first with the AWS CLI, or set `force_destroy = true` on `aws_iam_user\.pat` at `[^`]*main\.tf:1`\./,
    );
    // the key is in Terraform, the password is not
    expect(remediation('rue', 'unused-user')).toMatch(/The report shows a console password that/);
  });
  it('says nothing of it when force_destroy is set', () => {
    expect(remediation('quinn', 'unused-user')).not.toMatch(/DeleteConflict/);
  });
});

describe('removing a user that other blocks name on their own', async () => {
  const row = (user: string) =>
    `${user},arn:aws:iam::123456789012:user/${user},2025-11-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const remediation = await remediationsFor(
    {
      'main.tf': [
        'resource "aws_iam_user" "listed" {',
        '  for_each = toset(["ben", "cy"])',
        '  name     = each.key',
        '}',
      ],
      'other/keys.tf': [
        'resource "aws_iam_access_key" "ben" {',
        '  user = "ben"',
        '}',
        'resource "aws_iam_group_membership" "team" {',
        '  name  = "team"',
        '  group = "team"',
        '  users = ["ben", "cy"]',
        '}',
      ],
    },
    [row('ben')],
  );

  it('a block repeated over policies for one user is deleted once, as a block', async () => {
    const remediation = await remediationsFor(
      [
        'resource "aws_iam_user" "x" {\n  name = "xena"\n}',
        'resource "aws_iam_user_policy_attachment" "p" {',
        '  for_each   = toset(["arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B"])',
        '  user       = aws_iam_user.x.name',
        '  policy_arn = each.key',
        '}',
      ],
      [row('xena')],
    );
    const text = remediation('xena', 'unused-user');
    expect(text).toMatch(
      /delete `aws_iam_user\.x` \(`[^`]*main\.tf:1-3`\); delete `aws_iam_user_policy_attachment\.p` \(`[^`]*main\.tf:4-8`\); `terraform plan` should then show 3 to destroy:/,
    );
    // its elements are policies, not users: nothing to take the user out of
    expect(text).not.toMatch(/also remove/);
  });

  it('deletes the block that names the user, and edits the group membership that lists others', () => {
    const text = remediation('ben', 'unused-user');
    expect(text).toMatch(
      /verified edit plan: remove the element at `[^`]*main\.tf:2`; delete `aws_iam_access_key\.ben` \(`[^`]*other\/keys\.tf:1-3`\); take the name out of the list at `[^`]*other\/keys\.tf:7`; `terraform plan` should then show 2 to destroy: `aws_iam_user\.listed\["ben"\]`, `aws_iam_access_key\.ben`;/,
    );
  });
});

describe('a name built from the for_each element', async () => {
  const row = (user: string) =>
    `${user},arn:aws:iam::123456789012:user/${user},2025-11-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const remediation = await remediationsFor(
    [
      'variable "prefix" {\n  default = "ext"\n}',
      'locals {\n  people = toset([\n    "alice",\n    "bob",\n  ])\n}',
      'resource "aws_iam_user" "ext" {',
      '  for_each = local.people',
      '  name     = "${var.prefix}-${each.key}"',
      '}',
    ],
    [row('ext-alice')],
  );

  it('points to the element, and names what the collection holds', () => {
    expect(remediation('ext-alice', 'unused-user')).toMatch(
      /verified edit plan: remove the element at `[^`]*main\.tf:6`; `terraform plan` should then show 1 to destroy: `aws_iam_user\.ext\["alice"\]`/,
    );
  });
});
