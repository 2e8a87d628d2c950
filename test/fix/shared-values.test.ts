import { describe, expect, it } from 'vitest';
import { planIn } from '../helpers/terraform.js';
import { ago, toCsv } from '../helpers/report.js';

const REPORT = toCsv([
  { user: 'alice' },
  { user: 'bob', password_enabled: 'true', password_last_used: ago(1), mfa_active: 'true' },
]);
const USERS =
  'resource "aws_iam_user" "alice" {\n  name = "alice"\n}\n\nresource "aws_iam_user" "bob" {\n  name = "bob"\n}\n';

const planOf = (other: string) => planIn({ 'users.tf': USERS, 'other.tf': other }, REPORT);

/** An output or a local that holds other users too is not deleted whole (bob's ARN stays). */
describe('values the removed user shares with others', () => {
  it("an output listing several users' ARNs loses alice's element only", async () => {
    const fix = await planOf(
      'output "all_user_arns" {\n  value = [aws_iam_user.alice.arn, aws_iam_user.bob.arn]\n}\n',
    );
    expect(fix?.status).toBe('verified');
    expect(fix?.edits.find((e) => e.file.endsWith('other.tf'))).toMatchObject({
      kind: 'remove-name',
      after: '  value = [aws_iam_user.bob.arn]\n',
    });
  });

  it('a local made of several users (read by an output): manual, naming what stays', async () => {
    const fix = await planOf(
      'locals {\n  users = { for u in [aws_iam_user.alice, aws_iam_user.bob] : u.name => u.arn }\n}\n\noutput "all" {\n  value = local.users\n}\n',
    );
    expect(fix?.status).toBe('manual');
    expect(fix?.reason).toBe(
      'local.users also holds aws_iam_user.bob: take aws_iam_user.alice out of it by hand',
    );
  });

  it('a local list of the users, read by a count: manual (an element less renumbers it)', async () => {
    const fix = await planOf(
      'locals {\n  names = [aws_iam_user.alice.name, aws_iam_user.bob.name]\n}\n\nresource "aws_s3_bucket" "b" {\n  count  = length(local.names)\n  bucket = "home-${local.names[count.index]}"\n}\n',
    );
    expect(fix?.status).toBe('manual');
    expect(fix?.reason).toMatch(/^local\.names also holds aws_iam_user\.bob/);
  });

  it.each([['outputs.tf'], ['z.tf']])(
    'an output of alice and her own key, in %s (before or after the key): deleted whole',
    async (file) => {
      const dir = {
        'users.tf': `${USERS}\nresource "aws_iam_access_key" "alice" {\n  user = aws_iam_user.alice.name\n}\n`,
      };
      const fix = await planIn(
        {
          ...dir,
          [file]:
            'output "alice" {\n  value = { arn = aws_iam_user.alice.arn, key = aws_iam_access_key.alice.id }\n}\n',
        },
        REPORT,
      );
      expect(fix?.status).toBe('verified');
      expect(fix?.edits.find((e) => e.file.endsWith(file))?.kind).toBe('delete-block');
    },
  );

  it('an output of alice alone, with a variable beside: deleted whole, as before', async () => {
    const fix = await planOf(
      'variable "domain" {\n  default = "x.org"\n}\n\noutput "alice_mail" {\n  value = "${aws_iam_user.alice.name}@${var.domain}"\n}\n',
    );
    expect(fix?.status).toBe('verified');
    expect(fix?.edits.find((e) => e.file.endsWith('other.tf'))?.kind).toBe('delete-block');
  });
});
