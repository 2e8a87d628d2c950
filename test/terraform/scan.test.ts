import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_MODULE_INSTANCES,
  scanTerraform,
  TERRAFORM_FILE_MAX_BYTES,
  type TerraformIndex,
} from '../../src/terraform/scan.js';
import { writeModuleFan } from '../helpers/terraform.js';
import { otherWarnings } from '../helpers/warnings.js';

const summary = (index: TerraformIndex) =>
  Object.fromEntries(
    [...index.users].map(([user, defs]) => [
      user,
      defs.map((d) => ({
        at: `${d.file}:${d.line}`,
        address: d.address,
        kind: d.kind,
        block: `${d.block.file}:${d.block.line}`,
        related: d.related.map((r) => `${r.address} ${r.file}:${r.line}`),
      })),
    ]),
  );

describe('Terraform: where each IAM user is defined', async () => {
  const example = summary(await scanTerraform(['examples/terraform']));
  const E = 'examples/terraform/iam';

  it.each([
    ['carol', `${E}/users.tf:3`, 'aws_iam_user.carol', 'resource', `${E}/users.tf:2`],
    ['erin', `${E}/users.tf:20`, 'aws_iam_user.erin', 'resource', `${E}/users.tf:19`],
    [
      'dave',
      `${E}/developers.tf:3`,
      'aws_iam_user.developers["dave"]',
      'for_each',
      `${E}/developers.tf:9`,
    ],
    [
      'judy',
      `${E}/developers.tf:4`,
      'aws_iam_user.developers["judy"]',
      'for_each',
      `${E}/developers.tf:9`,
    ],
    [
      'svc-deploy',
      `${E}/developers.tf:27`,
      'aws_iam_user.deployer',
      'resource',
      `${E}/developers.tf:26`,
    ],
    [
      'peggy',
      `${E}/contractors.tf:5`,
      'aws_iam_user.contractors["peggy"]',
      'for_each',
      `${E}/contractors.tf:14`,
    ],
    [
      'mallory',
      `${E}/contractors.tf:8`,
      'aws_iam_user.contractors["mallory"]',
      'for_each',
      `${E}/contractors.tf:14`,
    ],
    [
      'ci-deployer',
      `${E}/contractors.tf:22`,
      'aws_iam_user.ci[0]',
      'count',
      `${E}/contractors.tf:25`,
    ],
    ['bob', `${E}/modules.tf:6`, 'module.bob.aws_iam_user.this[0]', 'module', `${E}/modules.tf:2`],
    [
      'batch-runner',
      `${E}/modules.tf:14`,
      'module.batch_runner.aws_iam_user.this',
      'module',
      `${E}/modules.tf:12`,
    ],
  ])('%s → %s %s', (user, at, address, kind, block) => {
    expect(example[user]).toMatchObject([{ at, address, kind, block }]);
  });

  it('lists the related blocks that reference the user', () => {
    expect(example.carol?.[0]?.related).toEqual([
      `aws_iam_user_login_profile.carol ${E}/users.tf:7`,
      `aws_iam_access_key.carol ${E}/users.tf:11`,
    ]);
    expect(example.erin?.[0]?.related).toEqual([
      `aws_iam_access_key.erin ${E}/users.tf:27`,
      `aws_iam_user_policy_attachment.erin_readonly ${E}/users.tf:31`,
    ]);
    expect(example.dave?.[0]?.related).toEqual([
      `aws_iam_user_login_profile.developers["dave"] ${E}/developers.tf:14`,
      `aws_iam_user_group_membership.developers["dave"] ${E}/developers.tf:19`,
    ]);
    expect(example['ci-deployer']?.[0]?.related).toEqual([
      `aws_iam_access_key.ci[0] ${E}/contractors.tf:30`,
    ]);
    expect(example.bob?.[0]?.related).toEqual([
      `module.bob.aws_iam_user_login_profile.this[0] ${E}/modules.tf:2`,
    ]);
  });

  it('does not match comments, heredocs, strings or the .terraform/ copy', () => {
    expect(Object.keys(example).sort()).toEqual(
      [
        'batch-runner',
        'bob',
        'carol',
        'ci-deployer',
        'dave',
        'erin',
        'grace',
        'judy',
        'mallory',
        'peggy',
        'svc-deploy',
        // examples/terraform/layouts (asserted in layouts.test.ts)
        'layout-ana',
        'layout-bo',
        'layout-cy',
        'layout-di',
        'layout-ops',
        'layout-reader-1',
        'layout-reader-2',
        'layout-svc-build',
        'layout-svc-sync',
      ].sort(),
    );
  });

  const forms = summary(await scanTerraform(['test/fixtures/terraform/forms']));
  const F = 'test/fixtures/terraform/forms';
  it.each([
    ['ann', `${F}/main.tf:5`, 'aws_iam_user.admins["first"]'],
    ['ben', `${F}/main.tf:18`, 'aws_iam_user.listed["ben"]'],
    ['dan', `${F}/main.tf:24`, 'module.people["dan"].aws_iam_user.person'],
    ['fay', `${F}/main.tf:31`, 'module.registry["fay"].aws_iam_user.this[0]'],
    ['jack@example.com', `${F}/main.tf:52`, 'module.jack'],
  ])('more forms: %s → %s %s', (user, at, address) => {
    expect(forms[user]?.[0]).toMatchObject({ at, address });
  });
  it("takes cloudposse's user_name, not the name that labels its resources", () => {
    expect(forms.jack).toBeUndefined();
  });

  const team = summary(await scanTerraform(['test/fixtures/terraform/team']));
  const T = 'test/fixtures/terraform/team';
  it.each([
    ['gil', `${T}/main.tf:4`, 'aws_iam_user.admins["gil"]'],
    ['iris', `${T}/main.tf:24`, 'aws_iam_user.team["iris"]'],
    ['jack', `${T}/main.tf:25`, 'aws_iam_user.team["jack"]'],
    ['kai', `${T}/terraform.tfvars:2`, 'aws_iam_user.ops["kai"]'],
    ['lea', `${T}/terraform.tfvars:3`, 'aws_iam_user.ops["lea"]'],
    ['mona', `${T}/z.auto.tfvars:1`, 'aws_iam_user.break_glass'],
    ['prod-deployer', `${T}/main.tf:62`, 'aws_iam_user.deployer'],
    ['prod-reader', `${T}/main.tf:66`, 'aws_iam_user.reader'],
  ])('for expressions, splats, tfvars: %s → %s %s', (user, at, address) => {
    expect(team[user]?.[0]).toMatchObject({ at, address });
  });

  it('filters with the for expression condition and lets *.auto.tfvars win', () => {
    expect(Object.keys(team).sort()).toEqual([
      'gil',
      'iris',
      'jack',
      'kai',
      'lea',
      'mona',
      'prod-deployer',
      'prod-reader',
    ]);
  });

  it("reads terraform.tfvars.json and *.auto.tfvars.json in Terraform's order, later winning", async () => {
    const D = 'test/fixtures/terraform/tfvars-json';
    const index = await scanTerraform([D]);
    const at = summary(index);
    expect(Object.keys(at).sort()).toEqual(['auto-bot', 'json-one', 'json-two']);
    expect(at['json-one']?.[0]).toMatchObject({
      at: `${D}/terraform.tfvars.json:3`,
      address: 'aws_iam_user.named["json-one"]',
    });
    expect(at['json-two']?.[0]?.at).toBe(`${D}/terraform.tfvars.json:4`);
    expect(at['auto-bot']?.[0]?.at).toBe(`${D}/a.auto.tfvars.json:2`);
    // a file that sets a variable decides it, even when its value is unknown (a template, a
    // file that is not valid JSON): neither the default nor an earlier file is taken instead
    expect(otherWarnings(index.warnings)).toEqual([
      `${D}/b.auto.tfvars.json: not a JSON object of variable values; the variables it names are not known`,
    ]);
  });

  it('takes nothing from a .tfvars file that is not valid HCL, nor the default it overrides', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfvars-'));
    writeFileSync(join(dir, 'terraform.tfvars'), 'names = ["from-tfvars"\n');
    writeFileSync(
      join(dir, 'main.tf'),
      'variable "names" {\n  default = ["default-name"]\n}\n' +
        'resource "aws_iam_user" "u" {\n  for_each = toset(var.names)\n  name     = each.key\n}\n',
    );
    const index = await scanTerraform([dir], dir);
    expect([...index.users.keys()]).toEqual([]);
    expect(otherWarnings(index.warnings)).toEqual([
      'terraform.tfvars: not valid HCL; the variables it names are not known',
    ]);
  });

  it('reads Terraform JSON syntax (.tf.json), to the line in the JSON', async () => {
    const J = 'test/fixtures/terraform/json/users.tf.json';
    const index = await scanTerraform(['test/fixtures/terraform/json']);
    const json = summary(index);
    expect(Object.keys(json).sort()).toEqual([
      'ann-json',
      'bot-json-a',
      'bot-json-b',
      'jo',
      'kit',
      'reg-json',
    ]);
    // "svc-${local.suffix}" mixes text and an unknown: not guessed; a data source is no user
    expect(json['ann-json']?.[0]).toMatchObject({
      at: `${J}:20`,
      address: 'aws_iam_user.ann_json',
      related: [`aws_iam_access_key.ann_json ${J}:36`],
    });
    expect(json['bot-json-b']?.[0]).toMatchObject({
      at: `${J}:6`,
      address: 'aws_iam_user.bots["bot-json-b"]',
    });
    expect(json.kit?.[0]).toMatchObject({ at: `${J}:13`, address: 'aws_iam_user.team["kit"]' });
    expect(json['reg-json']?.[0]).toMatchObject({
      at: `${J}:50`,
      address: 'module.json_registry.aws_iam_user.this[0]',
    });
    const ann = index.users.get('ann-json')?.[0];
    expect(ann?.lifecycle).toMatchObject({ line: 21, preventDestroy: true });
    expect(ann?.related[0]?.lifecycle).toMatchObject({ line: 38, ignoreChanges: ['status'] });
    expect(otherWarnings(index.warnings)).toEqual([]);
  });

  it('reads JSON strings as Terraform does: text, an expression alone, text with interpolations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-'));
    const user = (label: string, name: string) => ({ [label]: { name } });
    writeFileSync(
      join(dir, 'users.tf.json'),
      JSON.stringify(
        {
          resource: {
            aws_iam_user: {
              ...user('escaped', 'a"b\\c\td'),
              ...user('alone', '${"lit"}'),
              ...user('closing', '${"}"}'),
              ...user('mixed', '${"a"}-${"b"}'),
              ...user('escaped_template', '$${not}'),
              ...user('comment', '${"x" # }'),
            },
          },
        },
        null,
        2,
      ),
    );
    const index = await scanTerraform([dir], dir);
    // (expectations: terraform console on the same strings as locals of a .tf.json file)
    expect([...index.users.keys()].sort()).toEqual(['${not}', 'a"b\\c\td', 'a-b', 'lit', '}']);
    expect(index.users.get('lit')?.[0]).toMatchObject({ address: 'aws_iam_user.alone', line: 8 });
    expect(otherWarnings(index.warnings)).toEqual([]);
  });

  it('leaves a run of three $ before { unknown (HCL and tree-sitter read it differently)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-'));
    // terraform console: "$$${1}" is "$${1}" ($, then the $${ escape); tree-sitter reads $$ and
    // an interpolation, which would make it "$$1"; "$${x}" is "${x}" for both
    writeFileSync(
      join(dir, 'main.tf'),
      'resource "aws_iam_user" "odd" {\n  name = "$$${1}"\n}\n' +
        'resource "aws_iam_user" "even" {\n  name = "$${x}"\n}\n',
    );
    writeFileSync(
      join(dir, 'users.tf.json'),
      JSON.stringify({ resource: { aws_iam_user: { json_odd: { name: '$$${1}' } } } }),
    );
    const index = await scanTerraform([dir], dir);
    expect([...index.users.keys()]).toEqual(['${x}']);
  });

  it('warns about a .tf.json file that is not JSON, and keeps the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-'));
    writeFileSync(join(dir, 'broken.tf.json'), '{ "resource": { "aws_iam_user": ');
    writeFileSync(join(dir, 'list.tf.json'), '[{ "resource": { "aws_iam_user": {} } }]');
    const deep = `${'['.repeat(2000)}1${']'.repeat(2000)}`;
    writeFileSync(
      join(dir, 'deep.tf.json'),
      `{ "locals": { "d": ${deep} }, "resource": { "aws_iam_user": { "y": { "name": "y" } } } }`,
    );
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_iam_user" "x" {\n  name = "x"\n}\n');
    const index = await scanTerraform([dir], dir);
    expect([...index.users.keys()]).toEqual(['x']);
    expect(index.warnings.sort()).toEqual([
      'broken.tf.json: not valid JSON; IAM users in it are not located',
      'deep.tf.json: nested too deep to be read here; IAM users in it are not located',
      'list.tf.json: not a JSON object; IAM users in it are not located',
    ]);
  });

  it('ties a related block only to the instances it names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-'));
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'locals {\n  users         = ["amy", "ben", "cal"]\n  console_users = ["amy"]\n}',
        'resource "aws_iam_user" "this" {\n  for_each = toset(local.users)\n  name     = each.key\n}',
        // a login profile for some of them only, and one key for one of them by its index
        'resource "aws_iam_user_login_profile" "this" {\n  for_each = toset(local.console_users)\n  user     = aws_iam_user.this[each.key].name\n}',
        'resource "aws_iam_access_key" "ci" {\n  user = aws_iam_user.this["cal"].name\n}',
        // an index not known here: tied to no one rather than to everyone
        'resource "aws_iam_access_key" "who" {\n  user = aws_iam_user.this[var.who].name\n}',
        // for_each over the user resource itself: every instance, by the user's own key
        'resource "aws_iam_user_policy_attachment" "all" {\n  for_each   = aws_iam_user.this\n  user       = each.value.name\n  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"\n}',
      ].join('\n'),
    );
    const related = summary(await scanTerraform([dir], dir));
    const addresses = (user: string) =>
      (related[user]?.[0]?.related ?? []).map((r) => r.split(' ')[0]);
    expect(addresses('amy')).toEqual([
      'aws_iam_user_login_profile.this["amy"]',
      'aws_iam_user_policy_attachment.all["amy"]',
    ]);
    expect(addresses('ben')).toEqual(['aws_iam_user_policy_attachment.all["ben"]']);
    expect(addresses('cal')).toEqual([
      'aws_iam_access_key.ci',
      'aws_iam_user_policy_attachment.all["cal"]',
    ]);
  });

  it('ties literal references in another directory and group memberships to the user', () => {
    expect(forms.ben?.[0]?.related).toEqual([
      `aws_iam_access_key.ben ${F}/stack-b/keys.tf:2`,
      `aws_iam_group_membership.team ${F}/stack-b/keys.tf:6`,
    ]);
    expect(forms.gus).toBeUndefined(); // a policy attachment is not a user
    expect(forms.hal).toBeUndefined(); // a string
  });

  it('warns about a file that is not valid HCL, naming it, and keeps the rest', async () => {
    const index = await scanTerraform(['test/fixtures/terraform/broken']);
    expect(index.warnings).toEqual([
      'test/fixtures/terraform/broken/bad.tf: not valid HCL near line 5; IAM users defined in the broken part may not be located',
    ]);
    expect([...index.users.keys()].sort()).toEqual(['ivy', 'jon']);
  });

  it('does not follow a symlink loop, and parses only files that can hold IAM users, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-'));
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'user.tf'), 'resource "aws_iam_user" "x" {\n  name = "x"\n}\n');
    writeFileSync(
      join(dir, 'a', 'bucket.tf'),
      'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n',
    );
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'vpc.tf'), 'locals {\n  cidr = "10.0.0.0/16"\n}\n');
    symlinkSync(dir, join(dir, 'a', 'loop'));
    const index = await scanTerraform([dir]);
    expect([...index.users.keys()]).toEqual(['x']);
    expect(index.filesScanned).toBe(3);
    expect(index.filesParsed).toBe(1);
  });

  it('leaves out files larger than 2 MiB (a link to /dev/zero too), in bounded time and memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-'));
    const user = (name: string) => `resource "aws_iam_user" "${name}" {\n  name = "${name}"\n}\n`;
    // 2 MiB and one byte: tree-sitter would need ~300 MiB for it, and gigabytes past that
    const huge = user('huge');
    writeFileSync(
      join(dir, 'huge.tf'),
      huge + '#'.repeat(TERRAFORM_FILE_MAX_BYTES + 1 - huge.length),
    );
    writeFileSync(join(dir, 'fine.tf'), user('fine'));
    symlinkSync('/dev/zero', join(dir, 'zero.tf'));
    // a variable file too large to read: none of the directory's variables is taken elsewhere
    mkdirSync(join(dir, 'vars'));
    writeFileSync(
      join(dir, 'vars', 'terraform.tfvars.json'),
      ' '.repeat(TERRAFORM_FILE_MAX_BYTES + 1),
    );
    writeFileSync(
      join(dir, 'vars', 'main.tf'),
      'variable "names" {\n  default = ["from-default"]\n}\n' +
        'resource "aws_iam_user" "v" {\n  for_each = toset(var.names)\n  name     = each.key\n}\n',
    );
    const index = await scanTerraform([dir], dir);
    expect([...index.users.keys()]).toEqual(['fine']);
    expect(otherWarnings(index.warnings)).toEqual([
      // a link out of the scanned folder is not even opened
      'zero.tf: symlink not followed: outside the scanned directories; IAM users in it are not located',
      'huge.tf: larger than 2 MiB, not parsed; IAM users in it are not located',
      'vars/terraform.tfvars.json: larger than 2 MiB, not parsed; the variables of its directory are not known',
    ]);
  });

  it('follows local modules inside the repository, not a source that climbs out of it', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'repo-'));
    mkdirSync(join(repo, 'live', 'prod'), { recursive: true });
    mkdirSync(join(repo, 'modules', 'team'), { recursive: true });
    writeFileSync(
      join(repo, 'modules', 'team', 'main.tf'),
      'variable "name" {}\nresource "aws_iam_user" "this" {\n  name = var.name\n}\n',
    );
    // a folder below the module's is not part of it
    mkdirSync(join(repo, 'modules', 'team', 'examples'));
    writeFileSync(
      join(repo, 'modules', 'team', 'examples', 'main.tf'),
      'resource "aws_iam_user" "example" {\n  name = "example"\n}\n',
    );
    writeFileSync(
      join(repo, 'live', 'prod', 'main.tf'),
      [
        'module "team" {\n  source = "../../modules/team"\n  name   = "tess"\n}',
        // up to the file system's root: not crawled, not read
        'module "up" {\n  source = "../../../../../../../../../../"\n  name   = "root"\n}',
      ].join('\n'),
    );
    const index = await scanTerraform(['live/prod'], repo);
    expect(index.users.get('tess')?.[0]?.address).toBe('module.team.aws_iam_user.this');
    expect([...index.users.keys()]).toEqual(['tess']);
    expect(index.warnings).toEqual([
      'live/prod/main.tf:5: module source "../../../../../../../../../../" is outside the working directory and the scanned folders, not read; IAM users in it are not located',
    ]);
  });

  it('stops following nested module for_each past 10,000 instances, with a warning', async () => {
    // 5 levels of 10 instances each: 111,110 module instances, 100,000 users
    const root = mkdtempSync(join(tmpdir(), 'tf-fan-'));
    writeModuleFan(root, 5, 10);
    const index = await scanTerraform([root], root);
    expect(index.warnings).toHaveLength(1);
    expect(index.warnings[0]).toMatch(
      /^(next\/)+main\.tf:4: more than 10,000 local module instances; the rest are not followed, and IAM users in them are not located$/,
    );
    expect(index.users.size).toBeLessThan(MAX_MODULE_INSTANCES);
    expect(index.users.get('root-k0-k0-k0-k0-k0')?.[0]?.address).toBe(
      'module.m["k0"].module.m["k0"].module.m["k0"].module.m["k0"].module.m["k0"].aws_iam_user.u',
    );
  });

  it('gives up on values that double local after local, and on chains of locals past 256', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-'));
    const chain = (name: string, n: number, link: (previous: string) => string) =>
      Array.from({ length: n }, (_, i) => `  ${name}${i + 1} = ${link(`local.${name}${i}`)}`);
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'locals {',
        '  s0 = "x"',
        // a string of 2^60 characters, and a list of 2^60 strings, in a few bytes of HCL
        ...chain('s', 60, (p) => `"\${${p}}\${${p}}"`),
        '  d0 = "x"',
        ...chain('d', 60, (p) => `[${p}, ${p}]`),
        '  c0 = "chained"',
        ...chain('c', 50_000, (p) => p),
        '  ok0 = "within"',
        ...chain('ok', 200, (p) => p),
        '}',
        'resource "aws_iam_user" "s" {\n  name = local.s60\n}',
        'resource "aws_iam_user" "d" {\n  for_each = toset(flatten(local.d60))\n  name     = each.key\n}',
        'resource "aws_iam_user" "c" {\n  name = local.c50000\n}',
        'resource "aws_iam_user" "ok" {\n  name = local.ok200\n}',
        'resource "aws_iam_user" "plain" {\n  name = "plain"\n}',
      ].join('\n'),
    );
    const index = await scanTerraform([dir], dir);
    expect([...index.users.keys()].sort()).toEqual(['plain', 'within']);
    expect(otherWarnings(index.warnings)).toEqual([]);
  });

  it('survives expressions nested deeper than the call stack, valid or broken', async () => {
    const n = 20_000;
    const dir = mkdtempSync(join(tmpdir(), 'tf-'));
    const user = (name: string) => `resource "aws_iam_user" "${name}" {\n  name = "${name}"\n}\n`;
    writeFileSync(
      join(dir, 'valid.tf'),
      `resource "aws_iam_access_key" "k" {\n  user = ${'['.repeat(n)}aws_iam_user.deep.name${']'.repeat(n)}\n}\n${user('deep')}`,
    );
    writeFileSync(
      join(dir, 'broken.tf'),
      `${user('fine')}resource "aws_iam_access_key" "b" {\n  user = ${'('.repeat(n)}aws_iam_user.fine.name\n}\n`,
    );
    const index = await scanTerraform([dir]);
    expect(index.users.get('deep')?.[0]?.related.map((r) => r.address)).toEqual([
      'aws_iam_access_key.k',
    ]);
    expect(index.warnings).toHaveLength(1);
    expect(index.warnings[0]).toMatch(/broken\.tf: not valid HCL near line \d+/);
  });

  it('the fixtures are valid HCL (terraform fmt -check, where the binary exists)', () => {
    const env = { ...process.env, CHECKPOINT_DISABLE: '1' }; // no call to HashiCorp
    const probe = spawnSync('terraform', ['version'], { encoding: 'utf8', env });
    if (probe.error) return; // the product never needs terraform; this check only runs where it is installed
    const r = spawnSync(
      'terraform',
      [
        'fmt',
        '-check',
        '-recursive',
        'examples/terraform',
        'test/fixtures/terraform/forms',
        'test/fixtures/terraform/team',
        'test/fixtures/terraform/tfvars-json',
        'test/fixtures/terraform/layouts',
      ],
      { encoding: 'utf8', env },
    );
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
