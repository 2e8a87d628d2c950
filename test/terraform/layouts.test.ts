import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Removal } from '../../src/terraform/removal.js';
import { scanTerraform, type TerraformIndex } from '../../src/terraform/scan.js';
import { constraintRange, toggleInputs } from '../../src/terraform/registry.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { createLocator, possibleLocator } from '../../src/terraform/locate.js';
import { policy } from '../helpers/policy.js';
import { NOW, report, rootRow } from '../helpers/report.js';

const L = 'test/fixtures/terraform/layouts';

/** A definition as asserted here: address, where the name is, and what removes it. */
function rows(index: TerraformIndex) {
  return [...index.users.values()].flat().map((d) => ({
    user: d.user,
    address: d.address,
    at: `${d.file}:${d.line}`.replace(`${L}/`, ''),
    block: d.block.address,
    removal: shown(d.removal),
  }));
}

/** A removal as its text in the file (what an edit takes out), its lines and its container's. */
function shown(r: Removal | undefined): string | undefined {
  if (!r) return undefined;
  if (r.kind === 'manual') return `manual ${r.file.replace(`${L}/`, '')}:${r.line}: ${r.reason}`;
  const text = readFileSync(r.span.file, 'utf8');
  const container = text.slice(r.container.start, r.container.end);
  // the element is inside its container, which is a literal of the right kind
  expect(r.container.start <= r.span.start && r.span.end <= r.container.end).toBe(true);
  expect(container[0]).toBe(r.kind === 'entry' && r.syntax !== 'yaml' ? '{' : '[');
  const file = r.span.file.replace(`${L}/`, '');
  return `${r.kind} ${r.syntax} ${file}:${r.span.line}-${r.span.endLine} in ${r.container.line}-${r.container.endLine}: ${text.slice(r.span.start, r.span.end)}`;
}

describe('the layouts real repositories use: where each user is, and what removes it alone', () => {
  it('a user made by a module called inside a for_each module call: the outer element (JSON file, map entry, list)', async () => {
    const index = await scanTerraform([`${L}/nested`]);
    expect(rows(index)).toEqual([
      {
        user: 'ana',
        address: 'module.from_json["ana"].module.iam.aws_iam_user.this[0]',
        at: 'nested/people.json:2',
        block: 'module.from_json',
        removal: 'element json nested/people.json:2-2 in 1-4: { "name": "ana", "team": "a" }',
      },
      {
        user: 'bo',
        address: 'module.from_json["bo"].module.iam.aws_iam_user.this[0]',
        at: 'nested/people.json:3',
        block: 'module.from_json',
        removal: 'element json nested/people.json:3-3 in 1-4: { "name": "bo", "team": "b" }',
      },
      {
        user: 'cy',
        address: 'module.from_map["cy"].aws_iam_user.this',
        at: 'nested/main.tf:4',
        block: 'module.from_map',
        removal: 'entry hcl nested/main.tf:4-4 in 3-6: cy = { role = "dev" }',
      },
      {
        user: 'di',
        address: 'module.from_map["di"].aws_iam_user.this',
        at: 'nested/main.tf:5',
        block: 'module.from_map',
        removal: 'entry hcl nested/main.tf:5-5 in 3-6: di = { role = "ops" }',
      },
      {
        user: 'eli',
        address: 'module.from_list["eli"].aws_iam_user.this',
        at: 'nested/main.tf:23',
        block: 'module.from_list',
        removal: 'element hcl nested/main.tf:23-23 in 23-23: "eli"',
      },
      {
        user: 'fay',
        address: 'module.from_list["fay"].aws_iam_user.this',
        at: 'nested/main.tf:23',
        block: 'module.from_list',
        removal: 'element hcl nested/main.tf:23-23 in 23-23: "fay"',
      },
    ]);
    expect(index.warnings).toEqual([]);
    // the registry module's key follows the v5 input the call leaves on
    const ana = index.users.get('ana')?.[0];
    expect(ana?.related.map((r) => r.address)).toEqual([
      'module.from_json["ana"].module.iam.aws_iam_access_key.this[0]',
    ]);
  });

  it.each([
    ['names', 'variable default', 'names/main.tf:2', ['gus', 'hal'], '2-2 in 2-2'],
    ['names-tfvars', '.tfvars', 'names-tfvars/terraform.tfvars', ['ike', 'jan'], ''],
    ['names-local', 'local', 'names-local/main.tf:2', ['kai', 'lea'], '2-2 in 2-2'],
    ['names-arg', 'call argument', 'names-arg/main.tf:3', ['max', 'ned'], '3-3 in 3-3'],
  ])(
    'a module making several users from one input, written in a %s (%s): that element',
    async (dir, _where, file, users, lines) => {
      const index = await scanTerraform([`${L}/${dir}`]);
      const got = rows(index);
      expect(got.map((r) => [r.user, r.address, r.block])).toEqual(
        users.map((u) => [u, `module.users.aws_iam_user.u["${u}"]`, 'module.users']),
      );
      got.forEach((r, i) => {
        const name = users[i] as string;
        const place =
          dir === 'names-tfvars'
            ? `${file}:${i + 2}-${i + 2} in 1-4`
            : `${file.replace(/:\d+$/, '')}:${lines}`;
        expect(r.removal).toBe(`element hcl ${place}: "${name}"`);
      });
    },
  );

  it('for_each over a map whose values are not known here: the keys are, and each entry is removable', async () => {
    const index = await scanTerraform([`${L}/unknown-values`]);
    expect(rows(index)).toEqual([
      {
        user: 'ota',
        address: 'aws_iam_user.svc["ota"]',
        at: 'unknown-values/main.tf:8',
        block: 'aws_iam_user.svc',
        removal:
          'entry hcl unknown-values/main.tf:8-8 in 7-10: ota = { policy = jsonencode({ Version = "2012-10-17" }) }',
      },
      {
        user: 'pia',
        address: 'aws_iam_user.svc["pia"]',
        at: 'unknown-values/main.tf:9',
        block: 'aws_iam_user.svc',
        removal:
          'entry hcl unknown-values/main.tf:9-9 in 7-10: pia = { arn = aws_iam_policy.p.arn, note = timestamp() }',
      },
    ]);
  });

  it('names not resolvable: a warning counting them with file:line, and the templates a user may fit', async () => {
    const index = await scanTerraform([`${L}/unresolvable`]);
    expect(rows(index)).toEqual([]);
    expect(index.warnings).toEqual([
      `3 IAM user blocks' names are not resolvable statically (values from -var-file, a variable without default, a computed name such as module.this.id); their users are not located: ${L}/unresolvable/main.tf:7 (\`aws_iam_user.chris\`), ${L}/unresolvable/main.tf:11 (\`aws_iam_user.team\`), ${L}/unresolvable/main.tf:16 (\`module.label\`)`,
    ]);
    expect(index.possible.map(({ pattern, ...p }) => ({ ...p, pattern: pattern.source }))).toEqual([
      {
        file: `${L}/unresolvable/main.tf`,
        line: 7,
        address: 'aws_iam_user.chris',
        template: 'chris-${var.cgid}',
        pattern: '^chris-.+$',
      },
    ]);
    const [chris] = index.possible;
    expect(chris?.pattern.test('chris-abc123')).toBe(true);
    expect(chris?.pattern.test('CHRIS-x')).toBe(true); // IAM names compare regardless of case
    expect(chris?.pattern.test('chris-')).toBe(false);
    expect(chris?.pattern.test('xchris-abc')).toBe(false);
  });

  it('a report user who fits an unresolvable name template is "possibly defined there", not unmanaged', async () => {
    const index = await scanTerraform([`${L}/unresolvable`]);
    const result = evaluate({
      report: report([rootRow(), { user: 'chris-abc123' }, { user: 'dana' }]),
      policy: policy(),
      now: NOW,
      reportGeneratedAt: null,
      toolVersion: 'test',
      locate: createLocator(index, undefined),
      possible: possibleLocator(index),
    });
    const unused = (user: string) =>
      result.findings.find((f) => f.user === user && f.rule === 'unused-user')?.remediation ?? '';
    expect(unused('chris-abc123')).toContain(
      `In Terraform: possibly defined at ${L}/unresolvable/main.tf:7 (\`aws_iam_user.chris\`, named \`chris-\${var.cgid}\`) (name not resolvable statically): check whether that block makes "chris-abc123" and change it there`,
    );
    expect(unused('chris-abc123')).not.toContain('unmanaged');
    expect(unused('chris-abc123')).not.toContain('aws iam delete-user');
    expect(unused('dana')).toContain('not defined in the scanned Terraform (unmanaged)');
  });

  it('terraform-aws-modules/iam: the v6 or v5 toggle inputs, as the version constraint selects', async () => {
    const index = await scanTerraform([`${L}/versions`]);
    const quinn = index.users.get('quinn')?.[0];
    const rae = index.users.get('rae')?.[0];
    expect(quinn?.moduleCreates).toEqual({
      accessKey: false,
      loginProfile: true,
      inputs: { accessKey: 'create_access_key', loginProfile: 'create_login_profile' },
    });
    expect(rae?.moduleCreates).toEqual({
      accessKey: false,
      loginProfile: true,
      inputs: {
        accessKey: 'create_iam_access_key',
        loginProfile: 'create_iam_user_login_profile',
      },
    });
    expect(quinn?.related.map((r) => r.address)).toEqual([
      'module.six.aws_iam_user_login_profile.this[0]',
    ]);
    // a call of its own: deleting it removes exactly that user
    expect(quinn?.removal).toBeUndefined();
  });

  it.each([
    ['~> 5.0', 'create_iam_access_key'],
    ['~> 5.60.0', 'create_iam_access_key'],
    ['>= 5.3, < 6.0', 'create_iam_access_key'],
    ['5.60.0', 'create_iam_access_key'],
    ['~> 5', 'create_iam_access_key'],
    ['>= 5.0', 'create_access_key'],
    ['~> 6.0', 'create_access_key'],
    ['6.0.1', 'create_access_key'],
    ['>= 4.0, != 5.1.0', 'create_access_key'],
    ['latest please', 'create_access_key'],
  ])('version %j selects %s', (version, input) => {
    expect(toggleInputs(version, new Set()).accessKey).toBe(input);
  });

  it('reads Terraform version constraints as semver ranges', () => {
    expect(constraintRange('~> 5.1')).toBe('>=5.1.0 <6.0.0');
    expect(constraintRange('~> 5.1.2')).toBe('>=5.1.2 <5.2.0');
    expect(constraintRange('>= 5.3, < 6.0')).toBe('>=5.3.0 <6.0.0');
    expect(constraintRange('nonsense')).toBeUndefined();
    // no constraint read: the inputs the call sets tell
    expect(toggleInputs(undefined, new Set(['create_iam_user_login_profile'])).loginProfile).toBe(
      'create_iam_user_login_profile',
    );
  });

  it('mineiros-io/iam-user: one user per element of `names`, each removable alone', async () => {
    const index = await scanTerraform([`${L}/mineiros`]);
    expect(rows(index)).toEqual([
      {
        user: 'sam',
        address: 'module.team.aws_iam_user.user["sam"]',
        at: 'mineiros/main.tf:4',
        block: 'module.team',
        removal: 'element hcl mineiros/main.tf:4-4 in 4-4: "sam"',
      },
      {
        user: 'tea',
        address: 'module.team.aws_iam_user.user["tea"]',
        at: 'mineiros/main.tf:4',
        block: 'module.team',
        removal: 'element hcl mineiros/main.tf:4-4 in 4-4: "tea"',
      },
    ]);
  });

  it("instance indexes in Terraform's order (toset sorts by code point), and a count element removable only when last", async () => {
    const index = await scanTerraform([`${L}/order`]);
    const renumbers =
      'manual order/main.tf:5: removing its element renumbers the later instances of `aws_iam_user.counted` (count): move them with `terraform state mv` first, or repeat the block with for_each';
    expect(rows(index).map((r) => [r.user, r.address, r.removal])).toEqual([
      ['Bob', 'aws_iam_user.counted[0]', renumbers],
      ['amy', 'aws_iam_user.counted[1]', renumbers],
      ['zed', 'aws_iam_user.counted[2]', 'element hcl order/main.tf:2-2 in 2-2: "zed"'],
    ]);
  });

  it('a value written twice, a key two maps given to merge() set: manual; the others removable', async () => {
    const index = await scanTerraform([`${L}/twice`]);
    expect(rows(index).map((r) => [r.address, r.removal])).toEqual([
      ['aws_iam_user.set["wu"]', 'element hcl twice/main.tf:8-8 in 8-8: "wu"'],
      ['aws_iam_user.set["xia"]', 'manual twice/main.tf:8: "xia" is written twice'],
      [
        'aws_iam_user.merged["yul"]',
        'manual twice/main.tf:4: "yul" is set by more than one map given to merge()',
      ],
      ['aws_iam_user.merged["zoe"]', 'entry hcl twice/main.tf:4-4 in 4-4: zoe = { team = "c" }'],
    ]);
  });

  it('never a removal that takes out more than the one user: manual, naming them', async () => {
    const index = await scanTerraform([`${L}/shared`]);
    const byUser = new Map(rows(index).map((r) => [r.user, r.removal]));
    expect(byUser.get('dev-app')).toBe(
      'manual shared/modules/pair/main.tf:4: removing the element at test/fixtures/terraform/layouts/shared/modules/pair/main.tf:4 would remove 2 users (`module.env["dev"].aws_iam_user.u["app"]`, `module.env["prd"].aws_iam_user.u["app"]`), not only this one',
    );
    expect(byUser.get('duo-one')).toBe(
      'manual shared/main.tf:7: removing `module.duo` at test/fixtures/terraform/layouts/shared/main.tf:7 would remove 2 users (`module.duo.aws_iam_user.one`, `module.duo.aws_iam_user.two`), not only this one',
    );
    for (const removal of byUser.values()) expect(removal).toMatch(/^manual /);
  });

  it('related blocks by their own user argument; a module block turned off by its count is not listed', async () => {
    const index = await scanTerraform([`${L}/related`]);
    const related = (user: string) =>
      index.users.get(user)?.[0]?.related.map((r) => `${r.type} ${r.address}`);
    expect(related('uma')).toEqual([
      'aws_iam_policy_attachment aws_iam_policy_attachment.both',
      'aws_iam_user_ssh_key aws_iam_user_ssh_key.uma',
      'aws_iam_service_specific_credential aws_iam_service_specific_credential.uma',
      'aws_iam_virtual_mfa_device aws_iam_virtual_mfa_device.uma',
    ]);
    expect(related('vic')).toEqual([
      'aws_iam_policy_attachment aws_iam_policy_attachment.both',
      'aws_iam_group_membership aws_iam_group_membership.team',
    ]);
    // create_key = false: the module's own toggle makes its key's count 0
    expect(related('wes')).toEqual([
      'aws_iam_user_login_profile module.wes.aws_iam_user_login_profile.this',
    ]);
  });
});

describe('examples/terraform/layouts (the demo)', () => {
  it('locates every user of the example layouts, each with an edit that removes it alone', async () => {
    const index = await scanTerraform(['examples/terraform/layouts']);
    const defs = [...index.users.values()].flat();
    expect(defs.map((d) => d.address).sort()).toEqual([
      'aws_iam_user.svc["layout-svc-build"]',
      'aws_iam_user.svc["layout-svc-sync"]',
      'module.ops.aws_iam_user.this[0]',
      'module.person["layout-ana"].module.user.aws_iam_user.this[0]',
      'module.person["layout-bo"].module.user.aws_iam_user.this[0]',
      'module.readers.aws_iam_user.user["layout-reader-1"]',
      'module.readers.aws_iam_user.user["layout-reader-2"]',
      'module.team.aws_iam_user.member["layout-cy"]',
      'module.team.aws_iam_user.member["layout-di"]',
    ]);
    expect(index.warnings).toEqual([]);
    for (const d of defs)
      if (d.address === 'module.ops.aws_iam_user.this[0]') expect(d.removal).toBeUndefined();
      else expect(d.removal?.kind, d.address).toMatch(/^(element|entry)$/);
  });
});

describe('cloudposse/iam-system-user: the user is named by null-label', () => {
  it('namespace-stage-name (with attributes) is the IAM name; a context passed in makes it unknown', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'cloudposse-'));
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'module "jenkins" {',
        '  source    = "cloudposse/iam-system-user/aws"',
        '  version   = "1.2.0"',
        '  namespace = "acme"',
        '  stage     = "Prod"',
        '  name      = "jenkins"',
        '  attributes = ["legacy"]',
        '}',
        'module "ci" {',
        '  source  = "cloudposse/iam-system-user/aws"',
        '  context = module.this.context',
        '  name    = "ci"',
        '}',
        '',
      ].join('\n'),
    );
    const index = await scanTerraform([dir], dir);
    expect([...index.users.values()].flat().map((d) => [d.user, d.address, d.line])).toEqual([
      ['acme-prod-jenkins-legacy', 'module.jenkins.aws_iam_user.default[0]', 6],
    ]);
    expect(index.warnings.join('\n')).toMatch(/not resolvable statically.*main\.tf:9/);
  });
});

describe('a splat over a list of objects', () => {
  it('`toset(local.people[*].username)`: each user is removed with its object, the others stay', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'splat-'));
    const text = [
      'locals {',
      '  people = [',
      '    { username = "ana", team = "a" },',
      '    { username = "bo", team = "b" },',
      '  ]',
      '}',
      'resource "aws_iam_user" "u" {',
      '  for_each = toset(local.people[*].username)',
      '  name     = each.key',
      '}',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'main.tf'), text);
    const index = await scanTerraform([dir], dir);
    const bo = index.users.get('bo')?.[0];
    expect(bo?.address).toBe('aws_iam_user.u["bo"]');
    expect(bo?.removal?.kind).toBe('element');
    if (bo?.removal?.kind !== 'element') return;
    expect(text.slice(bo.removal.span.start, bo.removal.span.end)).toBe(
      '{ username = "bo", team = "b" }',
    );
    expect(bo.removal.span.line).toBe(4);
  });
});
