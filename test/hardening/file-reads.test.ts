import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ago, rootRow, toCsv } from '../helpers/report.js';

/**
 * A pull request writes the Terraform. Whatever it names — `.git/config` (where
 * actions/checkout keeps the token), `.terraform/`, a file of the repository outside the
 * scanned folder, a symlink out — no byte of it may reach an output: not as a `for_each` key
 * (which becomes an address in every finding), not as a name, not through a symlinked `.tf`,
 * `.tfvars` or module folder.
 */
const TOKEN = 'ZmFrZS10b2tlbi1zZWNyZXQ='; // base64 of "fake-token-secret"
const MARKERS = [
  'fake-token-secret',
  'HIDDEN-TF-SECRET',
  'REPO-NOT-SCANNED-SECRET',
  'OUTSIDE-SECRET',
  'OUTSIDE-TF-SECRET',
  'OUTSIDE-VARS-SECRET',
  'MODULE-LINK-SECRET',
  'TEAM-LINK-SECRET',
];
/** Every form a secret could take in an output: as written, base64, and the header itself. */
const FORBIDDEN = [
  TOKEN,
  'AUTHORIZATION',
  'extraheader',
  ...MARKERS,
  ...MARKERS.map((m) => Buffer.from(m).toString('base64')),
];
const leaks = (text: string) => FORBIDDEN.filter((secret) => text.includes(secret));

const tmp = mkdtempSync(join(tmpdir(), 'file-reads-'));
const repo = join(tmp, 'repo');
const outside = join(tmp, 'outside');
const put = (path: string, content: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
};
const link = (target: string, path: string) => {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
};

// the checkout: its token in .git/config, a .terraform folder, a file the gate does not scan
put(
  join(repo, '.git', 'config'),
  `[core]\n\trepositoryformatversion = 0\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${TOKEN}\n`,
);
put(join(repo, 'infra', '.terraform', 'terraform.tfstate'), '{"keys": ["HIDDEN-TF-SECRET"]}\n');
put(join(repo, 'notes', 'secret.yaml'), '- REPO-NOT-SCANNED-SECRET\n');
put(
  join(repo, 'notes', 'users.tf'),
  'resource "aws_iam_user" "n" {\n  for_each = toset(["REPO-NOT-SCANNED-SECRET"])\n  name = "u-tf-in-repo"\n}\n',
);
// the machine outside the checkout
put(join(outside, 'secret.json'), '{"keys": ["OUTSIDE-SECRET"]}\n');
put(
  join(outside, 'users.tf'),
  'resource "aws_iam_user" "o" {\n  for_each = toset(["OUTSIDE-TF-SECRET"])\n  name = "u-tf-out"\n}\n',
);
put(join(outside, 'vars.tfvars'), 'names = ["OUTSIDE-VARS-SECRET"]\n');
put(
  join(outside, 'mod', 'main.tf'),
  'resource "aws_iam_user" "m" {\n  for_each = toset(["MODULE-LINK-SECRET"])\n  name = "u-module-out"\n}\n',
);
put(
  join(outside, 'team.tf'),
  'resource "aws_iam_user" "t" {\n  for_each = toset(["TEAM-LINK-SECRET"])\n  name = "u-module-team"\n}\n',
);
// a local module of the repository whose .tf is a link out
put(join(repo, 'modules', 'team', 'README.md'), 'team\n');
link(join(outside, 'team.tf'), join(repo, 'modules', 'team', 'main.tf'));

// the scanned folder, written by the pull request
const infra = join(repo, 'infra');
link('../.git/config', join(infra, 'gitconfig'));
link('../.git', join(infra, 'gitdir'));
link(join(outside, 'secret.json'), join(infra, 'linked.json'));
link(join(outside, 'users.tf'), join(infra, 'evil.tf'));
link('../notes/users.tf', join(infra, 'notes.tf'));
link(join(outside, 'vars.tfvars'), join(infra, 'terraform.tfvars'));
link(join(outside, 'mod'), join(infra, 'modlink'));
execFileSync('mkfifo', [join(infra, 'pipe.yaml')]);

interface Case {
  name: string;
  /** The user its Terraform defines (a row of the report, with a failing key). */
  user: string;
  /** The Terraform (a file of `infra`), or undefined when the case is a link already placed. */
  tf?: string;
  /** Its file in `infra`: the user's name without `u-` unless given. */
  file?: string;
  /** The warning that says what was not read, naming the place. */
  warning?: RegExp;
}

/** `for_each` over the lines of `expr`, each instance named `user`: a line becomes an address. */
const linesAsKeys = (label: string, user: string, expr: string) =>
  `resource "aws_iam_user" "${label}" {\n  for_each = { for l in split("\\n", ${expr}) : l => "${user}" }\n  name     = each.value\n}\n`;
const listAsKeys = (label: string, user: string, expr: string) =>
  `resource "aws_iam_user" "${label}" {\n  for_each = { for k in ${expr} : k => "${user}" }\n  name     = each.value\n}\n`;
const refused = (file: string, why: string) =>
  new RegExp(`^infra/${file}:\\d+: file\\("[^"]*"\\) not read: ${why}`, 'm');
const OUTSIDE = 'outside the scanned directories';

const cases: Case[] = [
  {
    name: 'relative ../.git/config',
    user: 'u-dotdot',
    tf: linesAsKeys('a', 'u-dotdot', 'file("../.git/config")'),
    warning: refused('dotdot.tf', OUTSIDE),
  },
  {
    name: 'path.root',
    user: 'u-root',
    tf: linesAsKeys('a', 'u-root', 'file("${path.root}/../.git/config")'),
    warning: refused('root.tf', OUTSIDE),
  },
  {
    name: 'path.module',
    user: 'u-module',
    tf: linesAsKeys('a', 'u-module', 'file("${path.module}/../.git/config")'),
    warning: refused('module.tf', OUTSIDE),
  },
  {
    name: 'path.cwd, in a local',
    user: 'u-cwd',
    tf:
      'locals {\n  config = file("${path.cwd}/../.git/config")\n}\n' +
      linesAsKeys('a', 'u-cwd', 'local.config'),
    warning: refused('cwd.tf', OUTSIDE),
  },
  {
    name: 'a symlink to .git/config inside the repository',
    user: 'u-gitconfig-link',
    tf: linesAsKeys('a', 'u-gitconfig-link', 'file("gitconfig")'),
    warning: refused('gitconfig-link.tf', OUTSIDE),
  },
  {
    name: 'a symlinked folder leading to .git',
    user: 'u-gitdir-link',
    tf: linesAsKeys('a', 'u-gitdir-link', 'file("${path.module}/gitdir/config")'),
    warning: refused('gitdir-link.tf', OUTSIDE),
  },
  {
    name: 'jsondecode(file()) of .terraform/ inside the scanned folder',
    user: 'u-dot-terraform',
    tf: listAsKeys(
      'a',
      'u-dot-terraform',
      'jsondecode(file("${path.module}/.terraform/terraform.tfstate")).keys',
    ),
    warning: refused('dot-terraform.tf', 'through the hidden path segment ".terraform"'),
  },
  {
    name: 'yamldecode(file()) of a repository file outside the scanned folder',
    user: 'u-repo-file',
    tf: listAsKeys('a', 'u-repo-file', 'yamldecode(file("${path.root}/../notes/secret.yaml"))'),
    warning: refused('repo-file.tf', OUTSIDE),
  },
  {
    // refused before this guard was written too: kept so that it stays refused
    name: 'a symlink to a file outside the repository',
    user: 'u-outside-link',
    tf: listAsKeys('a', 'u-outside-link', 'jsondecode(file("linked.json")).keys'),
    warning: refused('outside-link.tf', OUTSIDE),
  },
  {
    name: 'an absolute path',
    user: 'u-absolute',
    tf: linesAsKeys('a', 'u-absolute', `file("${join(repo, '.git', 'config')}")`),
    warning: refused('absolute.tf', OUTSIDE),
  },
  {
    // refused before this guard was written too: kept so that it stays refused
    name: 'a FIFO (never opened: it would block)',
    user: 'u-fifo',
    tf: linesAsKeys('a', 'u-fifo', 'file("pipe.yaml")'),
    warning: refused('fifo.tf', 'not a regular file'),
  },
  {
    // refused before this guard was written too: kept so that it stays refused
    name: 'a name and tags built from the file',
    user: 'u-name',
    tf: 'resource "aws_iam_user" "a" {\n  name = "u-name${trimspace(file("../.git/config"))}"\n  tags = { t = file("../.git/config") }\n}\nresource "aws_iam_user" "b" {\n  name = "u-name"\n  tags = { t = file("../.git/config") }\n}\n',
    warning: refused('name.tf', OUTSIDE),
  },
  {
    name: "Terraform's JSON syntax",
    user: 'u-json',
    tf: JSON.stringify({
      resource: {
        aws_iam_user: {
          a: {
            for_each: '${{ for l in split("\\n", file("../.git/config")) : l => "u-json" }}',
            name: '${each.value}',
          },
        },
      },
    }),
    warning: /^infra\/json\.tf\.json:\d+: file\("[^"]*"\) not read: outside the scanned/m,
  },
  // the functions below are not evaluated (unknown values): kept so that they stay unable to read
  {
    name: 'abspath, fileset, templatefile, filebase64, filemd5 (not evaluated)',
    user: 'u-functions',
    tf: [
      linesAsKeys('a', 'u-functions', 'file(abspath("../.git/config"))'),
      listAsKeys('b', 'u-functions', 'fileset("${path.root}/..", "**")'),
      linesAsKeys('c', 'u-functions', 'templatefile("${path.root}/../.git/config", {})'),
      linesAsKeys('d', 'u-functions', 'base64decode(filebase64("../.git/config"))'),
      listAsKeys('e', 'u-functions', '[filemd5("../.git/config"), filesha256("../.git/config")]'),
      listAsKeys('f', 'u-functions', '[for f in fileset(path.root, "../**") : file(f)]'),
    ].join(''),
  },
  // symlinks met while listing the scanned folder
  {
    name: 'a symlinked .tf leading out of the repository',
    user: 'u-tf-out',
    warning: /^infra\/evil\.tf: symlink not followed: outside the scanned directories/m,
  },
  {
    name: 'a symlinked .tf leading to an unscanned folder of the repository',
    user: 'u-tf-in-repo',
    warning: /^infra\/notes\.tf: symlink not followed: outside the scanned directories/m,
  },
  {
    name: 'a symlinked terraform.tfvars leading out',
    user: 'u-vars',
    tf: 'variable "names" {\n  default = []\n}\n' + listAsKeys('a', 'u-vars', 'toset(var.names)'),
    warning: /^infra\/terraform\.tfvars: symlink not followed: outside the scanned/m,
  },
  {
    // refused before this guard was written too: kept so that it stays refused
    name: 'a symlinked module folder leading out',
    user: 'u-module-out',
    tf: 'module "out" {\n  source = "./modlink"\n}\n',
    warning: /^infra\/module-out\.tf:1: module source "\.\/modlink" is outside the working/m,
  },
  {
    name: 'a module of the repository whose .tf is a symlink out',
    user: 'u-module-team',
    tf: 'module "team" {\n  source = "../modules/team"\n}\n',
    warning: /^modules\/team\/main\.tf: symlink not followed: outside the scanned directories/m,
  },
];
for (const c of cases)
  if (c.tf)
    put(
      join(infra, c.file ?? `${c.user.slice(2)}${c.tf.startsWith('{') ? '.tf.json' : '.tf'}`),
      c.tf,
    );

const users = [...new Set(cases.map((c) => c.user))];
put(
  join(tmp, 'report.csv'),
  toCsv([
    rootRow(),
    ...users.map((user) => ({
      user,
      access_key_1_active: 'true',
      access_key_1_last_rotated: ago(400),
      access_key_1_last_used_date: ago(1),
    })),
  ]),
);
put(join(tmp, 'policy.yml'), 'version: 1\nfail_on: low\n');

/** The CLI as a user runs it, from the checkout. */
const check = (format: string) =>
  spawnSync(
    process.execPath,
    [
      '--import',
      pathToFileURL(join(process.cwd(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href,
      join(process.cwd(), 'src/cli/index.ts'),
      'check',
      '--report',
      join(tmp, 'report.csv'),
      '--policy',
      join(tmp, 'policy.yml'),
      '--terraform-dir',
      'infra',
      '--now',
      '2026-11-22T00:00:00Z',
      '--format',
      format,
    ],
    { cwd: repo, encoding: 'utf8', timeout: 60_000 },
  );

const outputs: Record<string, { status: number | null; stdout: string; stderr: string }> = {};
let json: {
  findings: { user: string }[];
  warnings: string[];
};

describe('no file the scanned Terraform may not read reaches any output', () => {
  beforeAll(() => {
    for (const format of ['json', 'sarif', 'markdown']) outputs[format] = check(format);
    json = JSON.parse(outputs.json?.stdout ?? '');
  }, 120_000);

  it('every run ends with the verdict (the keys fail) and no error', () => {
    for (const [format, r] of Object.entries(outputs)) {
      expect(r.status, `${format}: ${r.stderr}`).toBe(1);
      expect(r.stderr).not.toMatch(/error|at .*\.ts:\d+/i);
    }
    expect(new Set(json.findings.map((f) => f.user))).toEqual(new Set(users));
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // the findings of its user carry no secret, and a warning names what was not read
    const findings = json.findings.filter((f) => f.user === c.user);
    expect(findings.length).toBeGreaterThan(0);
    expect(leaks(JSON.stringify(findings))).toEqual([]);
    if (c.warning) expect(json.warnings.join('\n')).toMatch(c.warning);
  });

  it.each(['json', 'sarif', 'markdown'])('--format %s: no secret on stdout or stderr', (format) => {
    const r = outputs[format];
    expect(leaks(r?.stdout ?? 'missing')).toEqual([]);
    expect(leaks(r?.stderr ?? 'missing')).toEqual([]);
  });
});
