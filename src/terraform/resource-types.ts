// The resource types the Terraform scan reads: a user, and the blocks that belong to one.

/** Resource types that reference a user through `user` (or `users` for group membership). */
export const RELATED_TYPES = new Set([
  'aws_iam_access_key',
  'aws_iam_user_login_profile',
  'aws_iam_user_policy',
  'aws_iam_user_policy_attachment',
  'aws_iam_user_group_membership',
  'aws_iam_user_ssh_key',
  'aws_iam_signing_certificate',
  'aws_iam_service_specific_credential',
  'aws_iam_group_membership',
]);

/**
 * Every resource type a file must hold (as the first label of a top-level `resource` block)
 * to be parsed for users: the user, the related types, and the other blocks that name a user
 * (a policy attachment's `users`, a virtual MFA device's user path).
 */
export const USER_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'aws_iam_user',
  ...RELATED_TYPES,
  'aws_iam_policy_attachment',
  'aws_iam_virtual_mfa_device',
]);
