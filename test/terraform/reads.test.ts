// A scan given what an earlier scan read (`reads`, what an edit plan's verification passes):
// the same index as a scan of its own, for every folder inside the first scan's, with and
// without an overlay; the listing it takes from the earlier one is the one it would make; and
// it neither lists nor reads again what the earlier scan did (what it is for).
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverTerraformFiles } from '../../src/terraform/discover.js';
import { ReadableArea } from '../../src/terraform/files.js';
import { ScanReads } from '../../src/terraform/reads.js';
import { scanTerraform, type TerraformIndex } from '../../src/terraform/scan.js';

const put = (path: string, content: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
};

/** Everything an index says, as text (the name patterns as their sources). */
const said = (index: TerraformIndex) =>
  JSON.stringify({
    users: [...index.users],
    possible: index.possible.map((p) => ({ ...p, pattern: String(p.pattern) })),
    warnings: index.warnings,
    counts: [index.filesScanned, index.filesParsed],
  });

/** Every folder under a directory (hidden and symlinked ones too), the directory first. */
function foldersUnder(dir: string): string[] {
  const out = [dir];
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.isDirectory()) out.push(...foldersUnder(join(dir, entry.name)));
    else if (entry.isSymbolicLink()) out.push(join(dir, entry.name));
  return out;
}

const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'reads-')));

/** A tree with nested roots, a local module, hidden folders and symlinks in and out. */
function tree(): string {
  const root = join(tmp, `tree-${Math.random().toString(36).slice(2)}`);
  put(join(root, 'outside', 'x.tf'), 'resource "aws_iam_user" "out" {\n  name = "out"\n}\n');
  const infra = join(root, 'infra');
  put(
    join(infra, 'live', 'main.tf'),
    'module "team" {\n  source = "../modules/team"\n  names  = local.names\n}\n',
  );
  put(join(infra, 'live', 'locals.tf'), 'locals {\n  names = ["ann", "bob"]\n}\n');
  put(join(infra, 'live', 'terraform.tfvars'), 'unused = "x"\n');
  put(
    join(infra, 'modules', 'team', 'main.tf'),
    'variable "names" {}\nresource "aws_iam_user" "u" {\n  for_each = toset(var.names)\n  name     = each.key\n}\n',
  );
  put(
    join(infra, 'stack', 'users.tf'),
    'resource "aws_iam_user" "carol" {\n  name = "carol"\n}\nresource "aws_iam_access_key" "carol" {\n  user = aws_iam_user.carol.name\n}\n',
  );
  put(join(infra, 'stack', 'roles.tf'), 'resource "aws_iam_role" "r" {\n  name = "r"\n}\n');
  put(
    join(infra, 'stack', 'nested', 'more.tf'),
    'resource "aws_iam_user" "dan" {\n  name = "dan"\n}\n',
  );
  put(
    join(infra, 'stack', '.terraform', 'cached.tf'),
    'resource "aws_iam_user" "no" {\n  name = "no"\n}\n',
  );
  put(join(infra, '.hidden', 'h.tf'), 'resource "aws_iam_user" "hid" {\n  name = "hid"\n}\n');
  put(
    join(infra, '.hidden', 'deeper', 'd.tf'),
    'resource "aws_iam_user" "hd" {\n  name = "hd"\n}\n',
  );
  put(join(infra, 'broken', 'bad.tf'), 'resource "aws_iam_user" "e" {\n  name = "e"\n');
  symlinkSync('../../outside/x.tf', join(infra, 'stack', 'linked-out.tf'));
  symlinkSync('users.tf', join(infra, 'stack', 'linked-in.tf'));
  symlinkSync('../stack', join(infra, 'live', 'stack-link'));
  symlinkSync('../stack/nested', join(infra, 'broken', 'nested-link.tf'));
  return infra;
}

describe('a scan given what an earlier scan read', () => {
  it('takes a folder listing that is the one it would make, for every folder inside', () => {
    const infra = tree();
    const reads = new ScanReads();
    const area = new ReadableArea();
    area.add(infra);
    const first = discoverTerraformFiles(infra, { area, reads });
    expect(first.files.length).toBeGreaterThan(5);
    for (const dir of foldersUnder(infra))
      for (const recursive of [true, false]) {
        const own = new ReadableArea();
        own.add(dir);
        let fresh;
        try {
          fresh = discoverTerraformFiles(dir, { recursive, area: own });
        } catch {
          continue; // not a folder (a symlinked file)
        }
        expect(discoverTerraformFiles(dir, { recursive, area: own, reads }), dir).toEqual(fresh);
      }
  });

  it('finds what a scan of its own finds, in every folder, with and without an overlay', async () => {
    const infra = tree();
    const first = await scanTerraform([infra], tmp);
    expect(first.reads).toBeDefined();
    expect(first.users.size).toBeGreaterThan(3);
    let compared = 0;
    for (const dir of foldersUnder(infra)) {
      let own: TerraformIndex;
      try {
        own = await scanTerraform([dir], tmp);
      } catch {
        continue;
      }
      expect(said(await scanTerraform([dir], tmp, { reads: first.reads })), dir).toBe(said(own));
      const users = join(infra, 'stack', 'users.tf');
      const overlay = new Map([[users, 'resource "aws_iam_user" "erin" {\n  name = "erin"\n}\n']]);
      expect(said(await scanTerraform([dir], tmp, { overlay, reads: first.reads })), dir).toBe(
        said(await scanTerraform([dir], tmp, { overlay })),
      );
      compared++;
    }
    expect(compared).toBeGreaterThan(8);
  });

  it('lists and reads nothing again that the earlier scan did', async () => {
    const infra = tree();
    const stack = join(infra, 'stack');
    const first = await scanTerraform([infra], tmp);
    // changed on disk after the first scan: a scan given its reads does not see it
    put(join(stack, 'users.tf'), 'resource "aws_iam_user" "zed" {\n  name = "zed"\n}\n');
    put(join(stack, 'added.tf'), 'resource "aws_iam_user" "new" {\n  name = "new"\n}\n');
    const lent = await scanTerraform([stack], tmp, { reads: first.reads });
    expect(lent.users.has('carol')).toBe(true);
    expect(lent.users.has('zed') || lent.users.has('new')).toBe(false);
    const own = await scanTerraform([stack], tmp);
    expect(own.users.has('carol')).toBe(false);
    expect(own.users.has('zed') && own.users.has('new')).toBe(true);
  });

  it('is not used by a scan that parses every file whole', async () => {
    const infra = tree();
    const first = await scanTerraform([infra], tmp);
    const whole = await scanTerraform([resolve(infra, 'stack')], tmp, {
      wholeFiles: true,
      reads: first.reads,
    });
    expect(said(whole)).toBe(
      said(await scanTerraform([resolve(infra, 'stack')], tmp, { wholeFiles: true })),
    );
  });
});
