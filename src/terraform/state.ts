import { InputError } from '../errors.js';
import { readInputFile } from '../util/files.js';
import { RELATED_TYPES } from './related-types.js';

export interface StateUser {
  name: string;
  arn: string | null;
  address: string;
  related: { type: string; address: string }[];
}

interface StateResource {
  address?: string;
  mode?: string;
  type?: string;
  values?: Record<string, unknown> | null;
}
interface StateModule {
  resources?: StateResource[];
  child_modules?: StateModule[];
}

/**
 * Reads `terraform show -json` output (of a state or of a plan) and maps IAM users, by
 * lower-cased name and by ARN, to their exact addresses, modules and indexes included.
 */
export async function readTerraformState(file: string): Promise<Map<string, StateUser>> {
  const bytes = await readInputFile(file, 'Terraform state JSON', 512 * 1024 * 1024);
  let data: {
    values?: { root_module?: StateModule };
    planned_values?: { root_module?: StateModule };
    prior_state?: { values?: { root_module?: StateModule } };
    format_version?: string;
  };
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new InputError(
      `not valid JSON: ${(error as Error).message}`,
      { file },
      'pass the output of `terraform show -json`',
    );
  }
  const root =
    data?.values?.root_module ??
    data?.prior_state?.values?.root_module ??
    data?.planned_values?.root_module;
  if (!data || typeof data !== 'object' || data.format_version === undefined)
    throw new InputError('not the output of `terraform show -json` (no format_version)', { file });
  const users = new Map<string, StateUser>();
  const related: { type: string; address: string; user: string }[] = [];
  const walk = (module: StateModule | undefined, depth: number, path: string) => {
    if (module === undefined || depth > 32) return;
    // a state that is not what `terraform show -json` writes is an input error, never "no users"
    const malformed = (where: string, what: string) =>
      new InputError(`${where} is not ${what}: not the output of \`terraform show -json\``, {
        file,
        path: where,
      });
    if (typeof module !== 'object' || module === null || Array.isArray(module))
      throw malformed(path, 'an object');
    if (module.resources !== undefined && !Array.isArray(module.resources))
      throw malformed(`${path}.resources`, 'a list');
    if (module.child_modules !== undefined && !Array.isArray(module.child_modules))
      throw malformed(`${path}.child_modules`, 'a list');
    for (const [i, r] of (module.resources ?? []).entries()) {
      if (typeof r !== 'object' || r === null)
        throw malformed(`${path}.resources[${i}]`, 'an object');
      if (r.mode !== 'managed' || !r.address || !r.values) continue;
      if (r.type === 'aws_iam_user' && typeof r.values.name === 'string') {
        const arn = typeof r.values.arn === 'string' ? r.values.arn : null;
        const user: StateUser = { name: r.values.name, arn, address: r.address, related: [] };
        users.set(r.values.name.toLowerCase(), user);
        if (arn) users.set(arn, user);
      } else if (r.type && RELATED_TYPES.has(r.type)) {
        const names = r.type === 'aws_iam_group_membership' ? r.values.users : [r.values.user];
        if (Array.isArray(names))
          for (const n of names)
            if (typeof n === 'string')
              related.push({ type: r.type, address: r.address, user: n.toLowerCase() });
      }
    }
    for (const [i, child] of (module.child_modules ?? []).entries())
      walk(child, depth + 1, `${path}.child_modules[${i}]`);
  };
  walk(
    root,
    0,
    data?.values?.root_module
      ? 'values.root_module'
      : data?.prior_state?.values?.root_module
        ? 'prior_state.values.root_module'
        : 'planned_values.root_module',
  );
  for (const r of related) users.get(r.user)?.related.push({ type: r.type, address: r.address });
  return users;
}
