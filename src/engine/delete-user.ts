import { isDate, type CredentialRow } from '../report/types.js';

/** One kind of thing AWS refuses to delete a user with (DeleteConflict), and how it goes. */
interface Attachment {
  /** Whether the report shows it (`true`), shows it is absent (`false`), or cannot tell (`null`). */
  present(row: CredentialRow): boolean | null;
  command(user: string): string;
}

/** `for id in $(list); do delete "$id"; done`: every item of a list, one command to paste. */
const each = (list: string, query: string, remove: string): string =>
  `for id in $(aws iam ${list} --query '${query}' --output text); do aws iam ${remove} "$id"; done`;

/**
 * What has to go before `delete-user`, in the order of the IAM User Guide ("Deleting an IAM user":
 * password, access keys, signing certificates, SSH public keys, service-specific credentials,
 * MFA devices, inline policies, attached policies, group memberships).
 */
const ATTACHMENTS: readonly Attachment[] = [
  {
    present: (row) => row.passwordEnabled,
    command: (u) => `aws iam delete-login-profile --user-name ${u}`,
  },
  {
    present: (row) => row.keys.some((k) => k.active || isDate(k.lastRotated)),
    command: (u) =>
      each(
        `list-access-keys --user-name ${u}`,
        'AccessKeyMetadata[].AccessKeyId',
        `delete-access-key --user-name ${u} --access-key-id`,
      ),
  },
  {
    present: (row) =>
      row.certificates === null
        ? null
        : row.certificates.some((c) => c.active || isDate(c.lastRotated)),
    command: (u) =>
      each(
        `list-signing-certificates --user-name ${u}`,
        'Certificates[].CertificateId',
        `delete-signing-certificate --user-name ${u} --certificate-id`,
      ),
  },
  {
    present: () => null,
    command: (u) =>
      each(
        `list-ssh-public-keys --user-name ${u}`,
        'SSHPublicKeys[].SSHPublicKeyId',
        `delete-ssh-public-key --user-name ${u} --ssh-public-key-id`,
      ),
  },
  {
    present: () => null,
    command: (u) =>
      each(
        `list-service-specific-credentials --user-name ${u}`,
        'ServiceSpecificCredentials[].ServiceSpecificCredentialId',
        `delete-service-specific-credential --user-name ${u} --service-specific-credential-id`,
      ),
  },
  {
    // mfa_active false: no device is enabled for the user
    present: (row) => row.mfaActive,
    command: (u) =>
      `for id in $(aws iam list-mfa-devices --user-name ${u} --query 'MFADevices[].SerialNumber' --output text); do aws iam deactivate-mfa-device --user-name ${u} --serial-number "$id"; case "$id" in arn:*) aws iam delete-virtual-mfa-device --serial-number "$id";; esac; done`,
  },
  {
    present: () => null,
    command: (u) =>
      each(
        `list-user-policies --user-name ${u}`,
        'PolicyNames[]',
        `delete-user-policy --user-name ${u} --policy-name`,
      ),
  },
  {
    present: () => null,
    command: (u) =>
      each(
        `list-attached-user-policies --user-name ${u}`,
        'AttachedPolicies[].PolicyArn',
        `detach-user-policy --user-name ${u} --policy-arn`,
      ),
  },
  {
    present: () => null,
    command: (u) =>
      each(
        `list-groups-for-user --user-name ${u}`,
        'Groups[].GroupName',
        `remove-user-from-group --user-name ${u} --group-name`,
      ),
  },
];

/**
 * The AWS CLI steps that delete an unmanaged user, in AWS's order: what the report shows it has,
 * what the report cannot show (SSH keys, service-specific credentials, policies, groups: each
 * a loop that does nothing when there is none), then `delete-user`. What the report shows absent
 * is left out. User names are IAM names (`[\w+=,.@-]`), safe in a shell as they are.
 */
export function deleteUserCommands(row: CredentialRow): string[] {
  return deleteUserSteps(row).map((i) =>
    (DELETE_USER_TEMPLATES[i] as string).replaceAll(USER, row.user),
  );
}

/** Where a command template takes the user's name. */
export const USER = '{user}';

/**
 * Every command that can delete an unmanaged user, in order, with {@link USER} for its name:
 * the JSON report writes them once (its `rules` section), each finding the indexes of its own.
 */
export const DELETE_USER_TEMPLATES: readonly string[] = [
  ...ATTACHMENTS.map((a) => a.command(USER)),
  `aws iam delete-user --user-name ${USER}`,
];

const LAST = ATTACHMENTS.length;
/** The indexes for a row, shared by the many rows that need the same (no array per finding). */
const stepsCache = new Map<number, readonly number[]>();

/** {@link deleteUserCommands} as indexes into {@link DELETE_USER_TEMPLATES}. */
export function deleteUserSteps(row: CredentialRow): readonly number[] {
  let mask = 0;
  for (let i = 0; i < LAST; i++)
    if ((ATTACHMENTS[i] as Attachment).present(row) !== false) mask |= 1 << i;
  let steps = stepsCache.get(mask);
  if (!steps) {
    const list: number[] = [];
    for (let i = 0; i < LAST; i++) if (mask & (1 << i)) list.push(i);
    list.push(LAST);
    steps = Object.freeze(list);
    stepsCache.set(mask, steps);
  }
  return steps;
}
