import { mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh workspace, RUNNER_TEMP and a directory outside both (real paths, side by side). */
export function makeRoots(prefix: string): { ws: string; temp: string; outside: string } {
  const base = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const roots = { ws: join(base, 'ws'), temp: join(base, 'temp'), outside: join(base, 'outside') };
  for (const d of Object.values(roots)) mkdirSync(d);
  return roots;
}
