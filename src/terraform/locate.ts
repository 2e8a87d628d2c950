import { resolve } from 'node:path';
import type { PossibleLocation, TerraformFix, TerraformLocation } from '../engine/types.js';
import type { RelatedBlock, TerraformIndex, UserDefinition } from './scan.js';
import type { StateUser } from './state.js';
import {
  accountOfArn,
  AccountBindings,
  type AccountOwner,
  type TerraformDirEntry,
} from './accounts.js';

export type Locator = (user: string, arn: string) => TerraformLocation[] | undefined;

/**
 * For a user the index does not locate: the blocks whose names are not resolvable and whose
 * name template the user fits (`chris-${var.cgid}` and `chris-abc123`); with an account scope,
 * not those of a root folder bound to another account (as {@link createLocator} leaves out
 * another account's definitions).
 */
export function possibleLocator(
  index: Pick<TerraformIndex, 'possible'>,
  accounts?: AccountScope,
): (user: string, arn?: string | null) => PossibleLocation[] {
  const keep = accounts && accountFilter(accounts);
  return (user, arn) => {
    const account = accountOfArn(arn) ?? accounts?.account;
    return (
      index.possible
        .filter((p) => p.pattern.test(user))
        // A possible block is written in its root folder: in the root module itself, or the
        // outermost module call it is reached through (see scan.ts, unresolvedName).
        .filter(
          (p) =>
            !keep ||
            account === undefined ||
            keep(rootOfFile(p.file), p.address, `${p.template} at ${p.file}:${p.line}`, account),
        )
        .map(({ file, line, address, template }) => ({ file, line, address, template }))
    );
  };
}

/** The folder of a file as the scan names roots (`.` for the working directory). */
const rootOfFile = (file: string): string => {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
};

/** A related block as a finding shows it. */
function withoutWritten(r: RelatedBlock): Omit<RelatedBlock, 'written'> {
  const copy = { ...r };
  delete copy.written;
  return copy;
}

const fromDefinition = (d: UserDefinition): TerraformLocation => ({
  file: d.file,
  line: d.line,
  address: d.address,
  kind: d.kind,
  block: d.block,
  // `written` is the index's own (what a plan removes with the user), not a finding's
  related: d.related.map(withoutWritten),
  ...(d.moduleCreates && { moduleCreates: d.moduleCreates }),
  ...(d.lifecycle && { lifecycle: d.lifecycle }),
  ...(d.forceDestroy && { forceDestroy: d.forceDestroy }),
});

/**
 * Where a user is defined: HCL gives file and line; the state, when given, is authoritative for
 * the address (and adds related blocks the HCL scan could not tie to the user).
 */
export function createLocator(
  index: Pick<TerraformIndex, 'users'> | undefined,
  state: Map<string, StateUser> | undefined,
  accounts?: AccountScope,
): Locator {
  const ofAccount = accounts && ownDefinitions(accounts);
  return (user, arn) => {
    const key = user.toLowerCase();
    const account = accountOfArn(arn) ?? accounts?.account;
    const named = (arn && state?.get(arn)) || state?.get(key);
    // the state's user of that name in another account is another user
    const stateAccount = accountOfArn(named?.arn);
    const fromState =
      named && (account === undefined || stateAccount === undefined || stateAccount === account)
        ? named
        : undefined;
    const all = index?.users.get(key) ?? [];
    const defs = (ofAccount && account ? ofAccount(all, account) : all).map(fromDefinition);
    if (fromState) {
      if (defs.length === 0)
        return [
          {
            file: null,
            line: null,
            address: fromState.address,
            kind: 'state',
            block: { file: null, line: null, address: fromState.address },
            related: fromState.related.map((r) => ({ ...r, file: null, line: null })),
          },
        ];
      // The state names the one real instance: keep the HCL location that matches it best.
      const best =
        defs.find((d) => d.address === fromState.address) ?? (defs[0] as TerraformLocation);
      const related = [...best.related];
      for (const r of fromState.related)
        if (!related.some((x) => x.address === r.address))
          related.push({ ...r, file: null, line: null });
      return [{ ...best, address: fromState.address, related }];
    }
    return defs;
  };
}

/** Binds definitions to accounts; `notes` collects, once per folder, what was left out. */
export interface AccountScope {
  bindings: AccountBindings;
  notes: string[];
  /** The account checked, for a user whose ARN does not say. */
  account?: string | undefined;
}

/**
 * The definitions of one account: those of a root bound to another account are left out (IAM
 * user names are unique per account only), with one note per root folder and account.
 */
function ownDefinitions(scope: AccountScope) {
  const keep = accountFilter(scope);
  return (defs: readonly UserDefinition[], account: string): UserDefinition[] =>
    defs.filter((d) => keep(d.root, d.address, `${d.user} at ${d.file}:${d.line}`, account));
}

/**
 * Whether a block of `root` at `address` may be `account`'s: not when its root is bound to
 * another account; that is noted once per root folder, account and reason.
 */
function accountFilter(scope: AccountScope): AccountFilter {
  const known = filters.get(scope);
  if (known) return known;
  const told = new Set<string>();
  const filter: AccountFilter = (root, address, example, account) => {
    const owner = scope.bindings.ownerOf(root, address);
    if (owner?.disagrees !== undefined && !told.has(`disagrees ${root}`)) {
      told.add(`disagrees ${root}`);
      scope.notes.push(
        `Terraform in ${root} is ${owner.why}, but its AWS provider says ${owner.disagrees}: the binding is used; check which account the stack deploys to.`,
      );
    }
    if (!owner || owner.accounts.has(account)) return true;
    const key = `${account} ${root} ${owner.why}`;
    if (!told.has(key)) {
      told.add(key);
      scope.notes.push(
        `Terraform in ${root} is of account ${[...owner.accounts].join(', ')} (${owner.why}), not of ${account}: its IAM users (e.g. ${example}) are another account's and are left out for ${account}'s users.`,
      );
    }
    return false;
  };
  filters.set(scope, filter);
  return filter;
}

type AccountFilter = (root: string, address: string, example: string, account: string) => boolean;
/** One filter per scope: the located and the possible definitions share its notes. */
const filters = new WeakMap<AccountScope, AccountFilter>();

/** The scanned Terraform of a job, for one account or several (scanned once). */
export interface TerraformContext {
  /** The locator for the account checked (the users' ARNs say theirs), with its own warnings. */
  forAccount(account: string | undefined): {
    locate: Locator;
    possible?: ReturnType<typeof possibleLocator>;
    warnings: string[];
    /** The edit plans' source (see run/plans.ts), when Terraform folders were scanned. */
    plans?: PlanSource;
  };
  /**
   * Keeps what the job learned in the result cache (with `cache-dir`): called once its plans
   * are made; nothing is looked at for the cache after it.
   */
  keep(): void;
  /**
   * What the result cache gave: `hit` (a kept result whose looks all hold), `stale` (one kept
   * for these folders, but something it looked at changed), `none` (nothing kept, or unsound),
   * `off` (no cache folder).
   */
  readonly resultCache: 'hit' | 'stale' | 'none' | 'off';
}

/** What the edit plans are made from: the scan's index, or plans a result cache kept. */
export interface PlanSource {
  /** The whole index (scanned now, when the result cache gave the located users only). */
  index(): Promise<TerraformIndex>;
  /** The fixes the result cache kept for this set of plans (their keys, in the order asked). */
  kept(keys: readonly string[]): ReadonlyMap<string, TerraformFix> | undefined;
  /** Keeps a set of plans' fixes for later runs. */
  keep(keys: readonly string[], fixes: Map<string, TerraformFix>): void;
}

/** The root folders a definition or a possible block is in: all the account hints asked for. */
function rootsOf(index: Pick<TerraformIndex, 'users' | 'possible'>): Set<string> {
  const roots = new Set<string>();
  for (const defs of index.users.values()) for (const d of defs) roots.add(d.root);
  for (const p of index.possible) roots.add(rootOfFile(p.file));
  return roots;
}

/**
 * Scans the `terraform-dir` folders (bound to accounts or not) and reads the state, once; the
 * Terraform parser is WebAssembly, loaded here only. With a cache folder, a result kept there
 * whose looks at the files all still hold is used instead (result-cache.ts): nothing is
 * parsed, and the plans asked for before are not made again.
 */
export async function loadTerraformContext(
  entries: readonly TerraformDirEntry[],
  stateFile: string | undefined,
  cwd: string = process.cwd(),
  cacheDir?: string,
): Promise<TerraformContext> {
  const dirs = entries.map((e) => e.dir);
  const [{ readTerraformState }, wasm, results, observe] = await Promise.all([
    import('./state.js'),
    import('./wasm.js'),
    cacheDir !== undefined && dirs.length > 0 ? import('./result-cache.js') : undefined,
    import('./observe.js'),
  ]);
  const cacheWarnings: string[] = [];
  const cache =
    results && cacheDir !== undefined
      ? new results.ResultCache(resolve(cwd, cacheDir), dirs, cwd, wasm.grammarDigest(), (m) =>
          cacheWarnings.push(m),
        )
      : undefined;
  const found = cache?.read();
  // (an entry missing a root's hints is not one keep wrote: not used)
  const kept =
    found &&
    [...rootsOf(found.index)].every((root) => found.hints.has(root)) &&
    results?.checkLooks(found.looks).holds
      ? found
      : undefined;
  // Everything looked at from here to `keep` is what the result is computed from.
  const observations = cache && new observe.Observations();
  if (observations) {
    observe.startRecording(observations);
  }
  let scanning: Promise<TerraformIndex> | undefined;
  // the scanner (and the parser's WebAssembly) loaded only to scan
  const scan = (): Promise<TerraformIndex> =>
    (scanning ??= import('./scan.js').then(({ scanTerraform }) =>
      scanTerraform(dirs, cwd, cacheDir === undefined ? {} : { cacheDir }),
    ));
  let index: Pick<TerraformIndex, 'users' | 'possible' | 'warnings'> | undefined;
  let state: Map<string, StateUser> | undefined;
  try {
    [index, state] = await Promise.all([
      dirs.length === 0 ? undefined : kept ? kept.index : scan(),
      stateFile !== undefined ? readTerraformState(stateFile) : undefined,
    ]);
  } catch (error) {
    if (observations) observe.stopRecording(observations);
    throw error;
  }
  // the account hints of root folders: read from their provider blocks, or kept
  const [parser, { providerHints }] =
    dirs.length > 0 && !kept
      ? await Promise.all([
          import('./parser.js').then((p) => p.terraformParser()),
          import('./provider-hints.js'),
        ])
      : [undefined, { providerHints: undefined }];
  const hints = new Map<string, AccountOwner | undefined>(kept?.hints);
  const hintsOf = (root: string): AccountOwner | undefined => {
    if (!hints.has(root) && parser && providerHints)
      hints.set(root, providerHints(resolve(cwd, root), root, parser));
    return hints.get(root);
  };
  const bindings = new AccountBindings(entries, index && hintsOf, cwd, state);
  const plans = new Map(kept?.plans);
  let changed = kept === undefined;
  let kept_ = false;
  const source: PlanSource | undefined = index && {
    index: scan,
    kept: (keys) => (results ? plans.get(results.planSetKey(keys)) : undefined),
    keep(keys, fixes) {
      if (!cache || !results) return;
      results.keepPlanSet(plans, results.planSetKey(keys), fixes);
      changed = true;
    },
  };
  return {
    resultCache: !cache ? 'off' : kept ? 'hit' : found ? 'stale' : 'none',
    forAccount(account) {
      const warnings = [...cacheWarnings, ...(index?.warnings ?? [])];
      const scope = { bindings, notes: warnings, account };
      return {
        locate: createLocator(index, state, scope),
        ...(index && source && { possible: possibleLocator(index, scope), plans: source }),
        warnings,
      };
    },
    keep() {
      if (!observations || kept_) return;
      kept_ = true;
      try {
        if (!changed || !index || !cache) return;
        for (const root of rootsOf(index)) hintsOf(root);
      } finally {
        observe.stopRecording(observations);
      }
      // a kept result written again (with new plans): its looks, which this run found holding
      if (kept) {
        const { looks, stats, since } = kept.looks;
        for (const [key, digest] of looks) observations.noteKey(key, digest);
        for (const [key, signature] of stats)
          if (!observations.stats.has(key)) observations.stats.set(key, signature);
        // its stats were taken then: judged against the earlier start
        if (since < observations.since) observations.since = since;
      }
      if (observations.volatile) return;
      cache.write({
        looks: {
          looks: observations.looks,
          stats: observations.stats,
          since: observations.since,
        },
        index: { users: index.users, possible: index.possible, warnings: index.warnings },
        hints,
        plans,
      });
    },
  };
}
