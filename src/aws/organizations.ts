import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { InputError } from '../errors.js';
import {
  boundedClientConfig,
  createDeadline,
  MAX_ATTEMPT_TIMEOUT_MS,
  type Deadline,
} from './bounded.js';

/** The bound on listing every account, all pages and the SDK's retries included. */
export const LIST_ACCOUNTS_MAX_MS = 120_000;

export interface OrgAccount {
  id: string;
  name: string | null;
  status: string | null;
}

export type OrganizationsSender = Pick<OrganizationsClient, 'send'>;

/**
 * Every account of the organisation (ListAccounts, all pages), from a management or
 * delegated-administrator account. Only ACTIVE accounts unless `includeInactive`.
 */
export async function listOrganizationAccounts(
  client: OrganizationsSender,
  options: { includeInactive?: boolean; maxWaitMs?: number } = {},
): Promise<OrgAccount[]> {
  const bound = createDeadline(
    options.maxWaitMs ?? LIST_ACCOUNTS_MAX_MS,
    'list-accounts',
    'try again later, or keep the account list in a file',
  );
  try {
    return await listAll(client, bound, options.includeInactive ?? false);
  } finally {
    bound.dispose();
  }
}

async function listAll(
  client: OrganizationsSender,
  bound: Deadline,
  includeInactive: boolean,
): Promise<OrgAccount[]> {
  const accounts: OrgAccount[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    let page;
    try {
      page = await bound.run('organizations:ListAccounts', (abortSignal) =>
        client.send(new ListAccountsCommand({ ...(token && { NextToken: token }) }), {
          abortSignal,
        }),
      );
    } catch (error) {
      if (error instanceof InputError) throw error;
      const name = (error as Error).name;
      if (name === 'AccessDeniedException' || name === 'AWSOrganizationsNotInUseException')
        throw new InputError(
          `organizations:ListAccounts failed: ${(error as Error).message}`,
          {},
          'run list-accounts with a role in the management account or a delegated administrator account, allowed organizations:ListAccounts; or keep the account list in a file',
        );
      throw new InputError(
        `organizations:ListAccounts failed: ${name}: ${(error as Error).message}`,
      );
    }
    for (const a of page.Accounts ?? []) {
      if (!a.Id) continue;
      const status = (a.State as string | undefined) ?? a.Status ?? null;
      if (!includeInactive && status !== null && status !== 'ACTIVE') continue;
      accounts.push({ id: a.Id, name: a.Name ?? null, status });
    }
    token = page.NextToken;
    if (++pages > 10_000)
      throw new InputError('organizations:ListAccounts did not stop paginating');
  } while (token);
  return accounts.sort((a, b) => a.id.localeCompare(b.id));
}

/** An Organizations client, each attempt bounded like IAM's (see {@link boundedClientConfig}). */
export function createOrganizationsClient(
  env: NodeJS.ProcessEnv = process.env,
): OrganizationsClient {
  return new OrganizationsClient(boundedClientConfig(env, MAX_ATTEMPT_TIMEOUT_MS));
}
