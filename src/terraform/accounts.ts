import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import type { StateUser } from './state.js';

/**
 * Which AWS account a root module's Terraform belongs to, so that a user is located only in the
 * stacks of its own account (IAM user names are unique per account only: `jdoe` in
 * `infra/prod` and in `infra/staging` are two users).
 *
 * In order: an explicit binding (`terraform-dir` `123456789012=infra/prod`); the hints of the
 * root folder's AWS provider blocks (`allowed_account_ids`, `assume_role { role_arn }`); the
 * ARNs of the Terraform state for the addresses it holds. Without any of them a root is of no
 * known account, and its definitions are kept for every account.
 */
export interface AccountOwner {
  accounts: ReadonlySet<string>;
  /** Why, for the note: `bound by terraform-dir`, `allowed_account_ids in infra/prod/main.tf:4`. */
  why: string;
  /** A binding its provider blocks disagree with: what they say (the binding decides). */
  disagrees?: string;
}

/** A `terraform-dir` entry: a folder, bound to an account or not. */
export interface TerraformDirEntry {
  dir: string;
  account?: string;
}

const BINDING = /^\s*(\d{12})\s*=\s*(.*?)\s*$/;
/** An IAM (or STS assumed-role) ARN's account: `arn:aws:iam::123456789012:...`. */
const ARN_ACCOUNT = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/;

export const accountOfArn = (arn: string | null | undefined): string | undefined =>
  (arn && ARN_ACCOUNT.exec(arn)?.[1]) || undefined;

/**
 * Parses `terraform-dir` values: `infra` (a folder) or `123456789012=infra/prod` (a folder
 * bound to an account). `source` names the option or input for messages.
 */
export function parseTerraformDirs(values: readonly string[], source: string): TerraformDirEntry[] {
  return values.map((value) => {
    const bound = BINDING.exec(value);
    if (bound) {
      const dir = bound[2] as string;
      if (dir === '')
        throw new InputError(
          `${source} "${value}" binds account ${bound[1]} to no folder`,
          {},
          'write 123456789012=infra/prod',
        );
      return { dir, account: bound[1] as string };
    }
    if (/^[^/\\]*=/.test(value) && /^\s*\d/.test(value))
      throw new InputError(
        `${source} "${value}": the account before "=" must be 12 digits`,
        {},
        'write 123456789012=infra/prod, or the folder alone',
      );
    return { dir: value };
  });
}

/** A folder as the scan names root modules: relative to `cwd` with `/`, else absolute. */
export function folderKey(dir: string, cwd: string): string {
  const absolute = resolve(cwd, dir);
  const r = relative(cwd, absolute);
  if (r === '') return '.';
  return (isAbsolute(r) || r.startsWith('..') ? absolute : r).split(sep).join('/');
}

const within = (root: string, dir: string): boolean =>
  dir === '.' ? !root.startsWith('/') : root === dir || root.startsWith(`${dir}/`);

/**
 * Answers, per root module folder (as `UserDefinition.root` names it), which account it
 * belongs to; reads each root folder's provider blocks once, when first asked.
 */
export class AccountBindings {
  private cache = new Map<string, AccountOwner | undefined>();
  private byAddress: Map<string, string> | undefined;
  private bindings: { dir: string; account: string }[];

  constructor(
    entries: readonly TerraformDirEntry[],
    /** A root folder's provider hints (see providerHints), when they can be read. */
    private hints: ((root: string) => AccountOwner | undefined) | undefined,
    cwd: string = process.cwd(),
    state?: Map<string, StateUser>,
  ) {
    const bindings = new Map<string, string>();
    for (const e of entries) {
      if (e.account === undefined) continue;
      const dir = folderKey(e.dir, cwd);
      const other = bindings.get(dir);
      if (other !== undefined && other !== e.account)
        throw new InputError(
          `terraform-dir binds the folder ${dir} to two accounts, ${other} and ${e.account}`,
          {},
          'a root module deploys to one account: bind each stack folder once',
        );
      bindings.set(dir, e.account);
    }
    // the deepest binding first: `1=infra` and `2=infra/prod` bind infra/prod to 2
    this.bindings = [...bindings]
      .map(([dir, account]) => ({ dir, account }))
      .sort((a, b) => b.dir.length - a.dir.length);
    if (state) {
      this.byAddress = new Map();
      for (const u of new Set(state.values())) {
        const account = accountOfArn(u.arn);
        if (account) this.byAddress.set(u.address, account);
      }
    }
  }

  /** Whether anything can bind a definition (else the locator need not ask). */
  get active(): boolean {
    return this.bindings.length > 0 || this.hints !== undefined || this.byAddress !== undefined;
  }

  /** The account(s) of a definition of `root` at `address`, or undefined when unknown. */
  ownerOf(root: string, address: string): AccountOwner | undefined {
    const owner = this.rootOwner(root);
    if (owner) return owner;
    const fromState = this.byAddress?.get(address);
    return fromState
      ? { accounts: new Set([fromState]), why: `its ARN in the Terraform state` }
      : undefined;
  }

  private rootOwner(root: string): AccountOwner | undefined {
    if (this.cache.has(root)) return this.cache.get(root);
    const bound = this.bindings.find((b) => within(root, b.dir));
    const hints = this.hints?.(root);
    const owner: AccountOwner | undefined = bound
      ? {
          accounts: new Set([bound.account]),
          why: `bound by terraform-dir ${bound.account}=${bound.dir}`,
          ...(hints &&
            hints.accounts.size > 0 &&
            !hints.accounts.has(bound.account) && {
              disagrees: `${[...hints.accounts].join(', ')} (${hints.why})`,
            }),
        }
      : hints;
    this.cache.set(root, owner);
    return owner;
  }
}
