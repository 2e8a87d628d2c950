import type { CredentialRow } from '../report/types.js';
import type { Credential, RuleMeta } from '../rules/types.js';
import type { TerraformLocation } from './types.js';

/**
 * The remediation of one finding: the rule's advice, then where to act — the Terraform blocks
 * when the user is managed there, else the AWS CLI steps for an unmanaged user.
 */
export function remediationFor(
  meta: RuleMeta,
  credential: Credential,
  row: CredentialRow | null,
  terraform: TerraformLocation[] | undefined,
): string {
  if (!row || row.isRoot) return meta.remediation;
  if (terraform && terraform.length > 0) {
    const where = terraform
      .map((t) => `${t.action ?? `change \`${t.address}\``} (${t.file}:${t.line})`)
      .join('; ');
    return `${meta.remediation} In Terraform: ${where}; then run \`terraform plan\` and \`terraform apply\`.`;
  }
  const cli = meta.cli?.replaceAll('{user}', row.user);
  const unmanaged = terraform ? ' The user is not in the scanned Terraform (unmanaged).' : '';
  const key = credential.startsWith('access_key_')
    ? ` The report does not name key IDs: find ${credential.replace('access_key_', 'key ')} in list-access-keys by its creation date (the report's last_rotated).`
    : '';
  return `${meta.remediation}${unmanaged}${cli ? ` AWS CLI: \`${cli}\`.${key}` : ''}`;
}
