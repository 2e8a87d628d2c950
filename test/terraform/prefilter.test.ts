import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { scanTerraform, type TerraformIndex } from '../../src/terraform/scan.js';

/*
 * The prefilter (files parsed only for a top-level user resource or a module call) and the
 * partial parse (only the blocks the scan reads) never change the index: trees written with
 * every form the locator supports, in .tf and .tf.json, with and without decoys, are scanned
 * both ways — every file parsed whole, and filtered — and the indexes compared.
 */
const tmp = mkdtempSync(join(tmpdir(), 'prefilter-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Files = Record<string, string>;

/** Each form the locator reads, as the files that make it (paths relative to the root). */
const FORMS: Record<string, (n: string) => Files> = {
  plain: (n) => ({
    [`${n}/users.tf`]: `resource "aws_iam_user" "a" {\n  name = "plain-${n}"\n  force_destroy = true\n}\n`,
    // what belongs to the user, in a file of its own
    [`${n}/keys.tf`]: `resource "aws_iam_access_key" "a" {\n  user = aws_iam_user.a.name\n}\n`,
  }),
  forEachLocals: (n) => ({
    // the locals in a file of their own that mentions no IAM resource at all
    [`${n}/locals.tf`]: `locals {\n  people = toset(["fe-${n}-1", "fe-${n}-2"])\n}\n`,
    [`${n}/users.tf`]: `resource "aws_iam_user" "team" {\n  for_each = local.people\n  name     = each.key\n}\n\nresource "aws_iam_user_login_profile" "team" {\n  for_each = aws_iam_user.team\n  user     = each.value.name\n}\n`,
  }),
  count: (n) => ({
    [`${n}/main.tf`]: `variable "names" {\n  default = ["c-${n}-0", "c-${n}-1"]\n}\n\nresource "aws_iam_user" "c" {\n  count = length(var.names)\n  name  = var.names[count.index]\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n`,
  }),
  tfvars: (n) => ({
    [`${n}/variables.tf`]: `variable "admin" {\n  default = "default-${n}"\n}\n`,
    [`${n}/terraform.tfvars`]: `admin = "tfvars-${n}"\n`,
    [`${n}/z.auto.tfvars.json`]: `{"other": "x"}\n`,
    [`${n}/main.tf`]: `resource "aws_iam_user" "admin" {\n  name = var.admin\n}\n\nresource "aws_iam_user_group_membership" "admin" {\n  user   = aws_iam_user.admin.name\n  groups = ["g"]\n}\n`,
  }),
  fileJson: (n) => ({
    [`${n}/users.json`]: JSON.stringify([`file-${n}-a`, `file-${n}-b`]),
    [`${n}/main.tf`]: `resource "aws_iam_user" "f" {\n  for_each = toset(jsondecode(file("\${path.module}/users.json")))\n  name     = each.value\n}\n`,
  }),
  localModule: (n) => ({
    [`${n}/main.tf`]: `module "svc" {\n  source   = "./modules/svc"\n  for_each = toset(["m1", "m2"])\n  name     = "mod-${n}-\${each.key}"\n}\n`,
    [`${n}/modules/svc/main.tf`]: `variable "name" {}\n\nresource "aws_iam_user" "this" {\n  name = var.name\n}\n\nresource "aws_iam_user_policy_attachment" "this" {\n  user       = aws_iam_user.this.name\n  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"\n}\n`,
  }),
  registryModule: (n) => ({
    [`${n}/main.tf`]: `module "bob" {\n  source  = "terraform-aws-modules/iam/aws//modules/iam-user"\n  version = "5.0.0"\n  name    = "reg-${n}"\n  create_iam_access_key = false\n}\n`,
  }),
  json: (n) => ({
    [`${n}/users.tf.json`]: JSON.stringify(
      {
        locals: { jname: `json-${n}` },
        resource: {
          aws_iam_user: { j: { name: '${local.jname}' } },
          aws_iam_access_key: { j: { user: '${aws_iam_user.j.name}' } },
        },
      },
      null,
      2,
    ),
  }),
  jsonModule: (n) => ({
    [`${n}/main.tf.json`]: JSON.stringify({
      module: { m: { source: './inner', name: `jmod-${n}` } },
    }),
    [`${n}/inner/main.tf`]: `variable "name" {}\nresource "aws_iam_user" "u" {\n  name = var.name\n}\n`,
  }),
};

/** Files that mention users and IAM everywhere and define none. */
const DECOYS: Record<string, (n: string) => Files> = {
  roles: (n) => ({
    [`${n}/roles.tf`]: `resource "aws_iam_role" "r" {\n  name = "role-${n}"\n  assume_role_policy = data.aws_iam_policy_document.a.json\n}\n\ndata "aws_iam_policy_document" "a" {\n  statement {\n    actions = ["sts:AssumeRole"]\n  }\n}\n\nresource "aws_iam_policy" "p" {\n  name   = "p-${n}"\n  policy = "{}"\n}\n`,
  }),
  strings: (n) => ({
    [`${n}/tags.tf`]: `# resource "aws_iam_user" "commented" { name = "no-${n}" }\n/* resource "aws_iam_user" "block" {\n  name = "no2-${n}"\n} */\nresource "aws_s3_bucket" "b" {\n  bucket = "b-${n}"\n  tags = {\n    note = "resource \\"aws_iam_user\\" \\"s\\" { name = \\"no3-${n}\\" }"\n    t    = "\${upper("aws_iam_user }")}"\n  }\n}\n`,
  }),
  heredoc: (n) => ({
    [`${n}/policy.tf`]: `resource "aws_iam_policy" "h" {\n  name   = "h-${n}"\n  policy = <<EOF\n}\nresource "aws_iam_user" "heredoc" {\n  name = "no4-${n}"\n}\nmodule "fake" {\nEOF\n}\n\nresource "aws_iam_role_policy" "x" {\n  policy = <<-JSON\n    {"Comment": "aws_iam_user"}\n    JSON\n}\n`,
  }),
  roleModule: (n) => ({
    // a module call to a folder of roles only: never parsed for users
    [`${n}/network.tf`]: `module "net" {\n  source = "./net"\n  name   = "n-${n}"\n}\n\nmodule "net2" {\n  source   = "../${n}/net"\n  for_each = toset(["a"])\n}\n`,
    [`${n}/net/main.tf`]: `variable "name" {\n  default = "x"\n}\n\nresource "aws_iam_role" "r" {\n  name = var.name\n}\n`,
  }),
  jsonDecoy: (n) => ({
    [`${n}/roles.tf.json`]: JSON.stringify({
      resource: {
        aws_iam_role: { r: { name: 'resource "aws_iam_user" "x" {}', tags: { aws_iam: 'x' } } },
      },
    }),
  }),
};

function write(root: string, files: Files): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** An index as plain data, in a stable order (what findings are made from). */
const plain = (index: TerraformIndex) => ({
  users: [...index.users.entries()].sort(([a], [b]) => (a < b ? -1 : 1)),
  warnings: index.warnings,
});

let run = 0;

describe('prefilter and partial parse', () => {
  it('leave the index unchanged, with every supported form and any decoys', async () => {
    const forms = fc.subarray(Object.keys(FORMS), { minLength: 1 });
    const decoys = fc.subarray(Object.keys(DECOYS));
    // decoys in the forms' own folders (as in a real module) or in folders of their own
    const together = fc.boolean();
    await fc.assert(
      fc.asyncProperty(forms, decoys, together, async (formNames, decoyNames, mixed) => {
        const root = join(tmp, `t${run++}`);
        formNames.forEach((f, i) => write(root, (FORMS[f] as (n: string) => Files)(`f${i}`)));
        decoyNames.forEach((d, i) =>
          write(
            root,
            (DECOYS[d] as (n: string) => Files)(mixed ? `f${i % formNames.length}` : `d${i}`),
          ),
        );
        const whole = await scanTerraform([root], tmp, { wholeFiles: true });
        const filtered = await scanTerraform([root], tmp);
        expect(plain(filtered)).toEqual(plain(whole));
        expect(whole.users.size).toBeGreaterThan(0);
        expect(filtered.filesParsed).toBeLessThanOrEqual(whole.filesParsed);
      }),
      { numRuns: 40 },
    );
  });

  it('finds every form, and parses none of the decoys', async () => {
    const root = join(tmp, 'all');
    Object.values(FORMS).forEach((form, i) => write(root, form(`f${i}`)));
    Object.values(DECOYS).forEach((decoy, i) => write(root, decoy(`d${i}`)));
    const whole = await scanTerraform([root], tmp, { wholeFiles: true });
    const filtered = await scanTerraform([root], tmp);
    expect(plain(filtered)).toEqual(plain(whole));
    expect([...filtered.users.keys()].sort()).toEqual(
      [
        'c-f2-0',
        'c-f2-1',
        'fe-f1-1',
        'fe-f1-2',
        'file-f4-a',
        'file-f4-b',
        'jmod-f8',
        'json-f7',
        'mod-f5-m1',
        'mod-f5-m2',
        'plain-f0',
        'reg-f6',
        'tfvars-f3',
      ].sort(),
    );
    // the decoy folders hold no user and no module call: none of their files is parsed
    const decoyFiles = Object.values(DECOYS).reduce(
      (n, decoy, i) => n + Object.keys(decoy(`d${i}`)).length,
      0,
    );
    expect(whole.filesParsed - filtered.filesParsed).toBeGreaterThanOrEqual(decoyFiles);
  });
});
