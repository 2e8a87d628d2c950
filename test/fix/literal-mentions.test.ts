import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFolder, planIn } from '../helpers/terraform.js';
import { ago, toCsv } from '../helpers/report.js';

const REPORT = toCsv([
  { user: 'alice' },
  { user: 'bob', password_enabled: 'true', password_last_used: ago(1), mfa_active: 'true' },
]);

const USERS = `resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user" "alicia" {
  name = "alice.b"
}
`;

const planOf = (other: string) => planIn({ 'users.tf': USERS, 'other.tf': other }, REPORT);

/** A user written out rather than referred to: no reference dangles, but the next apply fails. */
describe('a user named by its ARN or its name, not by a reference', () => {
  it.each([
    [
      'a bucket policy in a heredoc',
      'resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = <<EOF\n{"Statement":[{"Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"}}]}\nEOF\n}\n',
      4,
    ],
    [
      'a policy document, under an IAM path, another case',
      'data "aws_iam_policy_document" "d" {\n  statement {\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::123456789012:user/team/Alice"]\n    }\n  }\n}\n',
      5,
    ],
  ])('its ARN in %s: manual, at the line', async (_what, other, line) => {
    const fix = await planOf(other);
    expect(fix?.status).toBe('manual');
    expect(fix?.reason).toMatch(/other\.tf writes the user's ARN/);
    expect(fix?.place?.line).toBe(line);
  });

  it.each([
    ['file', 'file("${path.module}/policy.json")'],
    ['templatefile', 'templatefile("policy.json", {})'],
  ])('its ARN in a policy file read with %s(): manual, naming that file', async (_f, call) => {
    const dir = mkdtempSync(join(tmpdir(), 'read-file-'));
    writeFileSync(join(dir, 'users.tf'), USERS);
    writeFileSync(
      join(dir, 'other.tf'),
      `resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = ${call}\n}\n`,
    );
    writeFileSync(
      join(dir, 'policy.json'),
      '{"Statement":[{"Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"}}]}\n',
    );
    const report = await checkFolder(dir, REPORT);
    const fix = report.findings.find((f) => f.user === 'alice' && f.rule === 'unused-user')
      ?.terraform[0]?.fix;
    expect(fix?.reason).toMatch(/policy\.json writes the user's ARN/);
  });

  it("the ARN in the user's own policy, deleted with it: still verified", async () => {
    const fix = await planOf(
      'resource "aws_iam_user_policy" "p" {\n  user   = aws_iam_user.alice.name\n  policy = jsonencode({ Statement = [{ Resource = "arn:aws:iam::123456789012:user/alice" }] })\n}\n',
    );
    expect(fix?.status).toBe('verified');
  });

  it('a data source reading it by name: manual', async () => {
    const fix = await planOf('data "aws_iam_user" "a" {\n  user_name = "alice"\n}\n');
    expect(fix?.reason).toMatch(/data\.aws_iam_user\.a reads the user by name/);
  });

  it('a reference with a comment inside it (Terraform reads it): the edits do not verify', async () => {
    const fix = await planOf(
      'resource "terraform_data" "x" {\n  input = aws_iam_user /* the user */ . alice.arn\n}\n',
    );
    expect(fix?.status).toBe('manual');
    expect(fix?.reason).toMatch(
      /other\.tf:1 may still refer to aws_iam_user\.alice \(a reference with a comment inside it\)/,
    );
    const hash = await planOf(
      'resource "terraform_data" "x" {\n  input = [aws_iam_user # c\n  .alice.arn]\n}\n',
    );
    expect(hash?.reason).toMatch(/may still refer to aws_iam_user\.alice/);
    // another address ending the same way, in a commented block, is not it
    const data = await planOf(
      'data "aws_iam_user" "alice" {\n  user_name = "alice-admin"\n}\n\noutput "admin" {\n  # the admin account\n  value = data.aws_iam_user.alice.arn\n}\n',
    );
    expect(data?.status).toBe('verified');
    // a comment that only mentions it is not a reference
    const mention = await planOf(
      'resource "terraform_data" "x" {\n  input = "x" /* aws_iam_user.alice was here */\n}\n',
    );
    expect(mention?.status).toBe('verified');
  });

  it("another user's ARN, whose name only starts like it: still verified", async () => {
    const fix = await planOf(
      'resource "aws_s3_bucket_policy" "p" {\n  bucket = "b"\n  policy = jsonencode({ Principal = { AWS = "arn:aws:iam::123456789012:user/alice.b" } })\n}\n',
    );
    expect(fix?.status).toBe('verified');
  });
});
