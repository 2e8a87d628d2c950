import type { PossibleLocation, TerraformLocation } from '../engine/types.js';
import type { TerraformIndex, UserDefinition } from './scan.js';
import type { StateUser } from './state.js';

export type Locator = (user: string, arn: string) => TerraformLocation[] | undefined;

/**
 * For a user the index does not locate: the blocks whose names are not resolvable and whose
 * name template the user fits (`chris-${var.cgid}` and `chris-abc123`).
 */
export function possibleLocator(index: TerraformIndex): (user: string) => PossibleLocation[] {
  return (user) =>
    index.possible
      .filter((p) => p.pattern.test(user))
      .map(({ file, line, address, template }) => ({ file, line, address, template }));
}

const fromDefinition = (d: UserDefinition): TerraformLocation => ({
  file: d.file,
  line: d.line,
  address: d.address,
  kind: d.kind,
  block: d.block,
  related: d.related.map((r) => ({ ...r })),
  ...(d.moduleCreates && { moduleCreates: d.moduleCreates }),
  ...(d.lifecycle && { lifecycle: d.lifecycle }),
  ...(d.forceDestroy && { forceDestroy: d.forceDestroy }),
});

/**
 * Where a user is defined: HCL gives file and line; the state, when given, is authoritative for
 * the address (and adds related blocks the HCL scan could not tie to the user).
 */
export function createLocator(
  index: TerraformIndex | undefined,
  state: Map<string, StateUser> | undefined,
): Locator {
  return (user, arn) => {
    const key = user.toLowerCase();
    const fromState = (arn && state?.get(arn)) || state?.get(key);
    const defs = (index?.users.get(key) ?? []).map(fromDefinition);
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
