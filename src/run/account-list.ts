import { InputError } from '../errors.js';
import type { OrgAccount } from '../aws/organizations.js';
import { readInputFile } from '../util/files.js';

/** GitHub Actions makes at most this many jobs of one matrix. */
export const MAX_MATRIX_JOBS = 256;
const MIB = 1024 * 1024;
const ACCOUNT_ID = /^\d{12}$/;
/** `111111111111,222222222222` or the same spaced: account ids written inline. */
const INLINE_IDS = /^\s*\d{12}(?:[\s,]+\d{12})*[\s,]*$/;

export interface ListedAccount {
  id: string;
  name: string | null;
}

/**
 * An account list: the JSON `list-accounts` prints (a list of `{ "id", "name" }` or of ids, or
 * `{ "accounts": [...] }`), or one id per line (`#` comments). The same account twice is an
 * error: it would be checked twice and its reports would clash in the merge.
 */
export function parseAccountList(text: string, source: string): ListedAccount[] {
  const trimmed = text.trim();
  let accounts: ListedAccount[];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new InputError(`not valid JSON: ${(error as Error).message}`, { file: source });
    }
    const list = Array.isArray(data) ? data : (data as { accounts?: unknown } | null)?.accounts;
    if (!Array.isArray(list))
      throw new InputError('expected a list of accounts (the output of list-accounts)', {
        file: source,
      });
    accounts = list.map((item, i) => {
      const entry = typeof item === 'string' ? { id: item } : (item as Partial<OrgAccount>);
      if (typeof entry?.id !== 'string' || !ACCOUNT_ID.test(entry.id))
        throw new InputError(`entry ${i} has no 12-digit account id`, {
          file: source,
          path: `[${i}].id`,
        });
      const name = typeof entry.name === 'string' && entry.name !== '' ? entry.name : null;
      return { id: entry.id, name };
    });
  } else {
    accounts = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      for (const word of raw.replace(/#.*/, '').split(/[\s,]+/)) {
        if (word === '') continue;
        if (!ACCOUNT_ID.test(word))
          throw new InputError(`"${word}" is not a 12-digit AWS account id`, {
            file: source,
            line: i + 1,
          });
        accounts.push({ id: word, name: null });
      }
    });
  }
  if (accounts.length === 0)
    throw new InputError('lists no account', { file: source }, 'one 12-digit account id per line');
  const seen = new Set<string>();
  for (const a of accounts) {
    if (seen.has(a.id)) throw new InputError(`lists account ${a.id} twice`, { file: source });
    seen.add(a.id);
  }
  return accounts;
}

/**
 * `--accounts` / input `accounts`: ids inline (`111111111111,222222222222`), a JSON list inline
 * (`${{ toJson(matrix.accounts) }}`), or a file holding either.
 */
export async function readAccounts(value: string, source: string): Promise<ListedAccount[]> {
  const trimmed = value.trim();
  if (isInlineAccounts(trimmed)) return parseAccountList(trimmed, source);
  const text = (await readInputFile(trimmed, 'account list', 16 * MIB)).toString('utf8');
  return parseAccountList(text, trimmed);
}

/** Whether `--accounts` holds the accounts themselves (else it names a file). */
export const isInlineAccounts = (value: string): boolean => {
  const trimmed = value.trim();
  return INLINE_IDS.test(trimmed) || trimmed.startsWith('[') || trimmed.startsWith('{');
};

export interface Batch {
  /** 1-based. */
  batch: number;
  batches: number;
  accounts: ListedAccount[];
}

/** A GitHub Actions matrix: `strategy.matrix: ${{ fromJson(...) }}`, one job per batch. */
export interface BatchMatrix {
  include: Batch[];
}

/**
 * Splits the accounts, in order, into batches as even as can be (sizes differ by one at most):
 * `batches` of them, or as many as `batchSize` needs; never more than the accounts, and never
 * more than GitHub's {@link MAX_MATRIX_JOBS} (a batch size that would need more is raised, and
 * said in `notes`).
 */
export function planBatches(
  accounts: readonly ListedAccount[],
  want: { batches: number } | { batchSize: number },
  notes: string[] = [],
): BatchMatrix {
  if (accounts.length === 0)
    throw new InputError('there is no account to put in batches', {}, 'a matrix cannot be empty');
  let count: number;
  if ('batches' in want) {
    count = want.batches;
  } else {
    count = Math.ceil(accounts.length / want.batchSize);
    if (count > MAX_MATRIX_JOBS) {
      notes.push(
        `${accounts.length} accounts in batches of ${want.batchSize} would make ${count} jobs, more than GitHub's ${MAX_MATRIX_JOBS} per matrix: ${MAX_MATRIX_JOBS} batches of up to ${Math.ceil(accounts.length / MAX_MATRIX_JOBS)} instead`,
      );
      count = MAX_MATRIX_JOBS;
    }
  }
  count = Math.min(count, accounts.length);
  const base = Math.floor(accounts.length / count);
  const larger = accounts.length % count;
  const include: Batch[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const size = base + (i < larger ? 1 : 0);
    include.push({ batch: i + 1, batches: count, accounts: accounts.slice(at, at + size) });
    at += size;
  }
  return { include };
}

/** `--batches` / `--batch-size`: a whole number from 1 (batches: to {@link MAX_MATRIX_JOBS}). */
export function parseBatchOption(text: string, flag: string, max: number): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n < 1 || n > max)
    throw new InputError(`${flag} must be a whole number from 1 to ${max}, not "${text}"`);
  return n;
}
