// What the index knows of registry modules that make IAM users: which inputs each version
// takes, and the addresses of what they create.
import semver from 'semver';

/** terraform-aws-modules/iam's iam-user submodule (registry or its GitHub source). */
const TERRAFORM_AWS_MODULES =
  /terraform-aws-modules\/iam\/aws\/\/modules\/iam-user|terraform-aws-modules\/terraform-aws-iam(\.git)?\/\/modules\/iam-user/;
/** mineiros-io/iam-user (registry or GitHub): one user per name of `names` (or `name`). */
const MINEIROS = /mineiros-io\/iam-user\/aws|mineiros-io\/terraform-aws-iam-user/;
/** cloudposse/iam-system-user: the IAM name is the null-label id of its context inputs. */
const CLOUDPOSSE_SYSTEM_USER =
  /cloudposse\/iam-system-user\/aws|cloudposse\/terraform-aws-iam-system-user/;
/** Any other module named like a user module: it takes the IAM name as `user_name` or `name`. */
const IAM_USER_MODULE = /iam[-_]user/;

export type UserModule = 'terraform-aws-modules' | 'mineiros' | 'cloudposse-label' | 'other';

export function userModuleOf(source: string): UserModule | undefined {
  if (TERRAFORM_AWS_MODULES.test(source)) return 'terraform-aws-modules';
  if (MINEIROS.test(source)) return 'mineiros';
  if (CLOUDPOSSE_SYSTEM_USER.test(source)) return 'cloudposse-label';
  return IAM_USER_MODULE.test(source) ? 'other' : undefined;
}

/** The inputs of terraform-aws-modules/iam's iam-user that turn its access key and login profile on. */
export interface ToggleInputs {
  accessKey: string;
  loginProfile: string;
}

const V5: ToggleInputs = {
  accessKey: 'create_iam_access_key',
  loginProfile: 'create_iam_user_login_profile',
};
const V6: ToggleInputs = { accessKey: 'create_access_key', loginProfile: 'create_login_profile' };

/**
 * A Terraform version constraint (`~> 5.0`, `>= 5.3, < 6.0`, `5.60.0`) as a semver range, or
 * undefined when it is not one.
 */
export function constraintRange(constraint: string): string | undefined {
  const parts: string[] = [];
  for (const raw of constraint.split(',')) {
    const m = /^\s*(~>|>=|<=|!=|>|<|=)?\s*v?(\d+(?:\.\d+){0,2})(?:-[\w.-]+)?\s*$/.exec(raw);
    if (!m) return undefined;
    const op = m[1] ?? '=';
    const version = m[2] as string;
    const nums = version.split('.').map(Number);
    const full = [...nums, 0, 0].slice(0, 3).join('.');
    if (op === '~>') {
      // the rightmost given part may grow: `~> 5.1` is >= 5.1, < 6; `~> 5.1.2` is < 5.2
      const upper =
        nums.length <= 2
          ? `${(nums[0] as number) + 1}.0.0`
          : `${nums[0]}.${(nums[1] as number) + 1}.0`;
      parts.push(`>=${full} <${upper}`);
    } else if (op === '!=')
      continue; // one version left out: changes no input name
    else parts.push(`${op === '=' ? '' : op}${full}`);
  }
  const range = parts.join(' ');
  return semver.validRange(range) ?? undefined;
}

/**
 * The toggle inputs of the version a call's `version` constraint selects: Terraform installs the
 * newest version that matches, so v6's names when the constraint allows 6.x (or there is none),
 * v5's otherwise. With no constraint it reads, the inputs the call already sets tell.
 */
export function toggleInputs(
  version: string | undefined,
  given: ReadonlySet<string>,
): ToggleInputs {
  const range = version === undefined ? undefined : constraintRange(version);
  if (range !== undefined) return semver.intersects(range, '>=6.0.0') ? V6 : V5;
  if (given.has(V5.accessKey) || given.has(V5.loginProfile)) return V5;
  return V6;
}

/** The null-label inputs that make an id, in its default `label_order`. */
export const LABEL_ORDER = ['namespace', 'tenant', 'environment', 'stage', 'name'] as const;
/** Inputs that change the id in ways not followed here: the name is then not known. */
export const LABEL_UNFOLLOWED = [
  'context',
  'label_order',
  'delimiter',
  'label_value_case',
  'id_length_limit',
  'regex_replace_chars',
  'enabled',
] as const;

/**
 * cloudposse/terraform-null-label's id with its defaults: the non-empty labels in order, then
 * the attributes, joined by `-`, lower-cased (what cloudposse modules name their IAM users).
 */
export function nullLabelId(
  labels: readonly (string | undefined)[],
  attributes: readonly string[],
): string {
  return [...labels, ...attributes]
    .filter((l): l is string => l !== undefined && l !== '')
    .join('-')
    .toLowerCase();
}
