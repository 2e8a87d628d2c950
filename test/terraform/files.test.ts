import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discoverTerraformFiles } from '../../src/terraform/discover.js';
import { ReadableArea } from '../../src/terraform/files.js';
import { scanTerraform } from '../../src/terraform/scan.js';
import { otherWarnings } from '../helpers/warnings.js';

/**
 * A checkout with secrets where the Terraform must not reach (`.git`, `.terraform`, the
 * repository outside the scanned folder, the machine outside it) and links to each.
 */
const SECRET = 'SECRET-NEVER-READ';
const tmp = realpathSync(mkdtempSync(join(tmpdir(), 'files-')));
const repo = join(tmp, 'repo');
const infra = join(repo, 'infra');
const put = (path: string, content: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
};
put(join(repo, '.git', 'config'), `token = ${SECRET}\n`);
put(join(repo, 'secret.txt'), `- ${SECRET}\n`);
put(join(tmp, 'outside', 'secret.txt'), `- ${SECRET}\n`);
put(join(tmp, 'outside', 'config'), `- ${SECRET}\n`);
put(join(infra, 'users.yaml'), '- ok-user\n');
put(join(infra, 'sub', 'users.yaml'), '- ok-sub-user\n');
put(join(infra, '.terraform', 'state.json'), `- ${SECRET}\n`);
put(join(infra, '.git', 'config'), `- ${SECRET}\n`);
symlinkSync('../../outside', join(infra, 'link-out'));
symlinkSync('../.git', join(infra, 'link-git'));
symlinkSync('.terraform', join(infra, 'link-dotdir'));
symlinkSync('sub', join(infra, 'link-in'));
symlinkSync('../secret.txt', join(infra, 'link-secret'));
symlinkSync('users.yaml', join(infra, '.hidden-link'));
execFileSync('mkfifo', [join(infra, 'pipe')]);

const SEGMENTS = [
  '..',
  '.',
  '',
  '.git',
  'config',
  '.terraform',
  'state.json',
  'sub',
  'users.yaml',
  'secret.txt',
  'link-out',
  'link-git',
  'link-dotdir',
  'link-in',
  'link-secret',
  '.hidden-link',
  'pipe',
  'infra',
  'repo',
  'outside',
];
/** A path as a pull request could write it: relative, absolute, `..` and links mixed. */
const paths = fc
  .tuple(
    fc.constantFrom('', '/', `${tmp}/`, `${repo}/`, `${infra}/`),
    fc.array(
      fc.oneof(
        // the ways to a secret, more often than the rest
        { weight: 2, arbitrary: fc.constantFrom('..', '.git', 'config', 'secret.txt') },
        { weight: 1, arbitrary: fc.constantFrom('link-secret', 'link-git', 'link-out') },
        { weight: 2, arbitrary: fc.constantFrom(...SEGMENTS) },
      ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([prefix, segments]) => prefix + segments.join('/'));

/** What may be read: a regular file below the scanned folder, no hidden name on the way. */
function allowed(path: string): boolean {
  const written = resolve(infra, path);
  let real: string;
  try {
    real = realpathSync(written);
  } catch {
    return false;
  }
  const below = (p: string) => relative(infra, p);
  const clean = (rel: string) =>
    !rel.startsWith('..') && !rel.split(sep).some((s) => s.startsWith('.'));
  return (
    clean(below(real)) &&
    (!written.startsWith(infra + sep) || clean(below(written))) &&
    statSync(real).isFile()
  );
}

describe('what file() may read (property)', () => {
  const area = new ReadableArea();
  area.add(infra);

  it('reads a regular file inside the scanned folder only, never a secret, never throws', () => {
    fc.assert(
      fc.property(paths, (path) => {
        const read = area.read(resolve(infra, path));
        if ('text' in read) {
          expect(read.text).not.toContain(SECRET);
          expect(allowed(path), path).toBe(true);
        } else expect(allowed(path), `${path}: ${read.why}`).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads what it may, through a link inside too', () => {
    for (const path of [
      'users.yaml',
      'sub/../users.yaml',
      'link-in/users.yaml',
      `${infra}/sub/users.yaml`,
    ])
      expect(area.read(resolve(infra, path)), path).toHaveProperty('text');
    expect(area.read(join(infra, '.hidden-link'))).toEqual({
      why: 'through the hidden path segment ".hidden-link"',
    });
    expect(area.read(join(infra, 'link-dotdir', 'state.json'))).toEqual({
      why: 'a link through the hidden path segment ".terraform"',
    });
    expect(area.read(join(infra, 'link-secret'))).toEqual({
      why: 'outside the scanned directories',
    });
    expect(area.read(join(infra, 'pipe'))).toEqual({ why: 'not a regular file' });
    expect(area.read(join(infra, 'nope'))).toEqual({ why: 'does not exist' });
  });

  it('through scanTerraform: no user, address or warning carries what a path reaches', async () => {
    // the scanned folder's main.tf, written again each run: each line of the file a key
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('', '${path.root}/', '${path.module}/', '${path.cwd}/'),
        paths,
        async (prefix, path) => {
          const expr = path.startsWith('/') ? path : `${prefix}${path}`;
          put(
            join(infra, 'main.tf'),
            `resource "aws_iam_user" "u" {\n  for_each = { for l in split("\\n", file("${expr}")) : l => l }\n  name     = each.value\n}\n`,
          );
          const index = await scanTerraform([infra], repo);
          for (const user of index.users.keys()) seen.add(user);
          const everything = JSON.stringify([...index.users.values(), index.warnings]);
          expect(everything).not.toContain(SECRET);
        },
      ),
      { numRuns: 100 },
    );
    // what it may read are the lines of users.yaml and sub/users.yaml (the last one empty)
    for (const user of seen) expect(['- ok-user', '- ok-sub-user', '']).toContain(user);
  });
});

describe('discovery of symlinked Terraform files', () => {
  it('lists a link to a Terraform file inside the folder, refuses one leading out', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'discover-')));
    put(join(root, 'tf', 'main.tf'), '# main\n');
    put(join(root, 'tf', '.terraform', 'modules', 'x.tf'), '# downloaded\n');
    put(join(root, 'elsewhere.tf'), '# outside\n');
    symlinkSync('main.tf', join(root, 'tf', 'alias.tf'));
    symlinkSync('../elsewhere.tf', join(root, 'tf', 'out.tf'));
    symlinkSync('.terraform/modules/x.tf', join(root, 'tf', 'hidden.tf'));
    symlinkSync('/dev/null', join(root, 'tf', 'null.tf'));
    symlinkSync('nowhere.tf', join(root, 'tf', 'broken.tf'));
    symlinkSync('..', join(root, 'tf', 'up')); // a folder: not entered, and said
    const found = discoverTerraformFiles(join(root, 'tf'));
    expect(found.files.map((f) => relative(root, f))).toEqual(['tf/alias.tf', 'tf/main.tf']);
    expect(found.refused.map((r) => `${relative(root, r.path)}: ${r.why}`).sort()).toEqual([
      'tf/broken.tf: does not exist',
      'tf/hidden.tf: a link through the hidden path segment ".terraform"',
      'tf/null.tf: outside the scanned directories',
      'tf/out.tf: outside the scanned directories',
      'tf/up: a symlinked folder is not entered (scan the folder it leads to, if it is yours)',
    ]);
  });
});

describe('file() in a local module outside the scanned folders', () => {
  it('reads a loaded local module’s own files (its folder, no hidden segment below it, nothing outside it); its own links stay in it', async () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'module-reads-')));
    put(join(root, 'live', 'main.tf'), 'module "team" {\n  source = "../modules/team"\n}\n');
    put(join(root, 'modules', 'team', 'users.yaml'), '- from-module\n');
    put(
      join(root, 'modules', 'team', 'users.tf.txt'),
      'resource "aws_iam_user" "l" {\n  name = "linked"\n}\n',
    );
    symlinkSync('users.tf.txt', join(root, 'modules', 'team', 'linked.tf'));
    put(
      join(root, 'modules', 'team', 'main.tf'),
      'resource "aws_iam_user" "m" {\n  for_each = toset(yamldecode(file("${path.module}/users.yaml")))\n  name     = each.key\n}\n',
    );
    put(join(root, 'modules', 'team', '.git', 'config'), '- token\n');
    put(join(root, 'modules', 'other.yaml'), '- sibling\n');
    put(
      join(root, 'modules', 'team', 'more.tf'),
      'resource "aws_iam_user" "h" {\n  for_each = toset(yamldecode(file("${path.module}/.git/config")))\n  name     = each.key\n}\nresource "aws_iam_user" "o" {\n  for_each = toset(yamldecode(file("${path.module}/../other.yaml")))\n  name     = each.key\n}\n',
    );
    const live = await scanTerraform(['live'], root);
    expect([...live.users.keys()].sort()).toEqual(['from-module', 'linked']);
    expect(otherWarnings(live.warnings)).toEqual([
      'modules/team/more.tf:2: file("modules/team/.git/config") not read: through the hidden path segment ".git"; users named in it are not located',
      'modules/team/more.tf:6: file("modules/other.yaml") not read: outside the scanned directories; users named in it are not located',
    ]);
    const both = await scanTerraform(['live', 'modules'], root);
    expect([...both.users.keys()].sort()).toEqual(['from-module', 'linked', 'sibling']);
  });
});
