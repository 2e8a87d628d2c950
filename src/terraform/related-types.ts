// The resource types that belong to an IAM user, and the argument each names the user in: one
// place for the index, the state reader and the loader's prefilter.

/** The argument of each related type that names its user (a name, or a list of names). */
export const USER_ARGUMENT: ReadonlyMap<string, string> = new Map([
  ['aws_iam_access_key', 'user'],
  ['aws_iam_user_login_profile', 'user'],
  ['aws_iam_user_policy', 'user'],
  ['aws_iam_user_policy_attachment', 'user'],
  ['aws_iam_user_group_membership', 'user'],
  ['aws_iam_user_ssh_key', 'username'],
  ['aws_iam_signing_certificate', 'user_name'],
  ['aws_iam_service_specific_credential', 'user_name'],
  ['aws_iam_group_membership', 'users'],
  ['aws_iam_policy_attachment', 'users'],
  // no user argument: a device named after its user (`aws_iam_user.x.name`) goes with it
  ['aws_iam_virtual_mfa_device', 'virtual_mfa_device_name'],
]);

/** Resource types that reference a user (see USER_ARGUMENT). */
export const RELATED_TYPES: ReadonlySet<string> = new Set(USER_ARGUMENT.keys());

/** Types whose argument is a list of users: one name in it is removed, not the block. */
export const LIST_ARGUMENT_TYPES: ReadonlySet<string> = new Set([
  'aws_iam_group_membership',
  'aws_iam_policy_attachment',
]);
