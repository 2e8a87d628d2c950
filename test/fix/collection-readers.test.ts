import { describe, expect, it } from 'vitest';
import { PEOPLE_FROM_JSON, planIn } from '../helpers/terraform.js';
import { ago, toCsv } from '../helpers/report.js';

// alice: never used in 400 days; bob signs in every day
const REPORT = toCsv([
  { user: 'alice' },
  {
    user: 'bob',
    password_enabled: 'true',
    password_last_used: ago(1),
    password_last_changed: ago(300),
    mfa_active: 'true',
  },
]);

/** The plan of alice's unused-user finding in a folder of these files. */
async function planOf(files: Record<string, string>) {
  const fix = await planIn(files, REPORT);
  if (!fix) throw new Error('alice has no plan');
  return fix;
}

const USERS = `locals {
  users = ["alice", "bob", "carol"]
}

resource "aws_iam_user" "u" {
  for_each = toset(local.users)
  name     = each.key
}
`;

/**
 * A plan takes the user's element out of a collection; whatever else reads that collection
 * changes with it (found by an independent battery, each checked with terraform plan).
 */
describe('other readers of the collection a plan edits', () => {
  it('a block indexing it by position: manual (the index would move to the next user)', async () => {
    const fix = await planOf({
      'main.tf': `${USERS}
resource "aws_iam_user_policy_attachment" "ro" {
  user       = aws_iam_user.u[local.users[1]].name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`,
    });
    expect(fix.status).toBe('manual');
    expect(fix.reason).toMatch(
      /aws_iam_user_policy_attachment\.ro also reads local\.users: taking "alice" out of it/,
    );
    expect(fix.edits).toEqual([]);
  });

  it('another resource repeated over it (count): manual, at its line', async () => {
    const fix = await planOf({
      'main.tf': USERS,
      'buckets.tf': `resource "aws_s3_bucket" "home" {
  count  = length(local.users)
  bucket = "home-\${local.users[count.index]}"
}
`,
    });
    expect(fix).toMatchObject({ status: 'manual', place: { line: 2 } });
    expect(fix.reason).toMatch(/aws_s3_bucket\.home also reads local\.users/);
    expect(fix.place?.file).toMatch(/buckets\.tf$/);
  });

  it('a block reading it through other locals: manual, naming both', async () => {
    const fix = await planOf({
      'main.tf': `${USERS}
locals {
  teams = toset([for u in local.users : "team-\${u}"])
}

resource "aws_iam_group" "team" {
  for_each = local.teams
  name     = each.key
}
`,
    });
    expect(fix.reason).toMatch(
      /aws_iam_group\.team also reads local\.teams \(made from local\.users or aws_iam_user\.u\)/,
    );
  });

  it('a variable set in terraform.tfvars, read by another block: manual', async () => {
    const fix = await planOf({
      'main.tf': `variable "users" {
  type = set(string)
}

resource "aws_iam_user" "u" {
  for_each = var.users
  name     = each.key
}

resource "aws_s3_bucket" "home" {
  for_each = var.users
  bucket   = "home-\${each.key}"
}
`,
      'terraform.tfvars': 'users = ["alice", "bob"]\n',
    });
    expect(fix.reason).toMatch(/aws_s3_bucket\.home also reads var\.users/);
  });

  it('a JSON data file, read by another block through its local: manual', async () => {
    const fix = await planOf({
      'main.tf': `${PEOPLE_FROM_JSON}
resource "aws_s3_bucket" "home" {
  for_each = { for p in local.people : p.name => p }
  bucket   = "home-\${each.key}"
}
`,
      'people.json': '[{ "name": "alice" }, { "name": "bob" }]\n',
    });
    expect(fix.reason).toMatch(/aws_s3_bucket\.home also reads local\.people/);
  });

  it.each([
    ['for_each = aws_iam_user.u', 'for_each = aws_iam_user.u\n  bucket   = "home-${each.key}"'],
    [
      'count over values(aws_iam_user.u)',
      'count  = length(values(aws_iam_user.u))\n  bucket = "home-${values(aws_iam_user.u)[count.index].name}"',
    ],
  ])('another resource repeated over the user block itself (%s): manual', async (_what, body) => {
    const fix = await planOf({
      'main.tf': USERS,
      'other.tf': `resource "aws_s3_bucket" "b" {\n  ${body}\n}\n`,
    });
    expect(fix.reason).toMatch(
      /aws_s3_bucket\.b also reads aws_iam_user\.u: taking "alice" out of it/,
    );
  });

  it('a local made from the user block itself, read by a count: manual, in any file', async () => {
    const fix = await planOf({
      'main.tf':
        'resource "aws_iam_user" "u" {\n  for_each = toset(["alice", "bob", "carol"])\n  name     = each.key\n}\n',
      'x.tf':
        'locals {\n  arns = values(aws_iam_user.u)[*].arn\n}\n\nresource "aws_s3_bucket" "b" {\n  count  = length(local.arns)\n  bucket = "b-${count.index}"\n}\n',
    });
    expect(fix.reason).toMatch(/aws_s3_bucket\.b also reads local\.arns/);
  });

  it('the user block, its own keys over the same collection and outputs: still verified', async () => {
    const fix = await planOf({
      'main.tf': `${USERS}
resource "aws_iam_access_key" "k" {
  for_each = toset(local.users)
  user     = aws_iam_user.u[each.key].name
}

output "user_names" {
  value = local.users
}
`,
    });
    expect(fix.status).toBe('verified');
    expect(fix.destroys).toEqual(['aws_iam_user.u["alice"]', 'aws_iam_access_key.k["alice"]']);
  });
});
