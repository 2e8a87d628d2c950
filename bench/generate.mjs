// Generators for the benchmarks: credential reports of N users (a realistic mix) and
// Terraform trees of N files. Deterministic (seeded), so runs compare.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NOW = Date.parse('2026-11-22T00:00:00Z');
const DAY = 86_400_000;
const COLUMNS =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';

function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Fisher-Yates over `list` from index `from` on, seeded by `rnd`, in place. */
function shuffle(list, from, rnd) {
  for (let i = list.length - 1; i > from; i--) {
    const j = from + Math.floor(rnd() * (i - from + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
}

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', '+00:00');

export const userName = (i) => (i % 10 === 0 ? `svc-worker-${i}` : `user-${i}`);

/**
 * A credential report of `users` users plus root: humans with consoles, service users with keys,
 * never-used, inactive and double keys. `shuffled`: the users (root still first) in random order
 * rather than by number, so that no run of them is already in order.
 */
export function credentialReport(users, seed = 1, { shuffled = false } = {}) {
  const rnd = random(seed);
  // Most credentials were used recently, a long tail was not (as in a reasonably kept account).
  const ago = (maxDays) =>
    iso(NOW - Math.floor(rnd() ** 3 * maxDays * DAY) - Math.floor(rnd() * DAY));
  const lines = [COLUMNS];
  lines.push(
    `<root_account>,arn:aws:iam::123456789012:root,${iso(NOW - 2000 * DAY)},not_supported,${ago(60)},not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  );
  for (let i = 1; i <= users; i++) {
    const name = userName(i);
    const service = i % 10 === 0;
    const created = NOW - Math.floor(rnd() * 1500 + 1) * DAY;
    const path = service ? '/service/' : '/';
    const console = !service && rnd() < 0.7;
    const pwUsed = console ? (rnd() < 0.05 ? 'no_information' : ago(300)) : 'N/A';
    const pwChanged = console ? iso(created + DAY) : 'N/A';
    const mfa = console && rnd() < 0.8 ? 'true' : 'false';
    const key = () => {
      const r = rnd();
      // a user without a console password has a key (else it could do nothing)
      if (r < (service || !console ? 0.03 : 0.5)) return 'false,N/A,N/A,N/A,N/A';
      const active = r < 0.9 ? 'true' : 'false';
      const rotated = iso(Math.max(created, NOW - Math.floor(rnd() ** 2 * 400) * DAY));
      const used = rnd() < 0.03 ? 'N/A' : ago(300);
      return `${active},${rotated},${used},${used === 'N/A' ? 'N/A' : 'us-east-1'},${used === 'N/A' ? 'N/A' : 's3'}`;
    };
    const key2 = rnd() < 0.15 ? key() : 'false,N/A,N/A,N/A,N/A';
    lines.push(
      `${name},arn:aws:iam::123456789012:user${path}${name},${iso(created)},${console},${pwUsed},${pwChanged},N/A,${mfa},${key()},${key2},false,N/A,false,N/A`,
    );
  }
  if (shuffled) shuffle(lines, 2, rnd); // the users' lines, after the header and root
  return `${lines.join('\n')}\n`;
}

/**
 * A harsher credential report than `credentialReport`, closer to a big organisation's: mixed-case
 * names with dots and `@`, IAM paths, a third of the users service users (`ci-*` builders and
 * `deploy.*` users under `/svc/`), every credential state (consoles never used, keys never
 * used, inactive and double keys, certificates), users in random order, and a root with an
 * active key. Under `VARIED_POLICY` it gives about 2.4 findings a user (the acceptance-style
 * report: about 1.8).
 */
export function variedReport(users, seed = 7) {
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const ago = (maxDays) =>
    iso(NOW - Math.floor(rnd() ** 2 * maxDays) * DAY - Math.floor(rnd() * DAY));
  const first = ['Alice', 'bob', 'Carol', 'dave', 'Eve', 'frank', 'Grace', 'heidi'];
  const rows = [];
  for (let i = 0; i < users; i++) {
    const kind = rnd();
    const service = kind < 0.33;
    const [name, path] =
      kind < 0.2
        ? [`ci-build-${pick(['frontend', 'backend', 'infra', 'data'])}-${i}`, '/']
        : service
          ? [`deploy.${pick(['prod', 'stage', 'dev'])}.${i}`, '/svc/']
          : [
              `${pick(first)}.${pick(first).toLowerCase()}${i}@example.com`,
              pick(['/', '/', '/staff/', '/contractors/eu/']),
            ];
    const created = NOW - Math.floor(rnd() * 2500 + 1) * DAY;
    const console = !service && rnd() < 0.75;
    const pwUsed = console ? (rnd() < 0.08 ? 'no_information' : ago(400)) : 'N/A';
    const pwChanged = console ? iso(created + DAY) : 'N/A';
    const mfa = console && rnd() < 0.7 ? 'true' : 'false';
    const key = (p) => {
      if (rnd() > p) return 'false,N/A,N/A,N/A,N/A';
      const active = rnd() < 0.85 ? 'true' : 'false';
      const rotated = iso(Math.max(created, NOW - Math.floor(rnd() ** 1.5 * 700) * DAY));
      const used = rnd() < 0.1 ? 'N/A' : ago(500);
      return `${active},${rotated},${used},${used === 'N/A' ? 'N/A,N/A' : 'eu-west-1,sts'}`;
    };
    const k1 = key(service ? 0.95 : 0.55);
    const k2 = key(service ? 0.3 : 0.1);
    const cert = rnd() < 0.03 ? `true,${ago(900)}` : 'false,N/A';
    rows.push(
      `${name},arn:aws:iam::123456789012:user${path}${name},${iso(created)},${console},${pwUsed},${pwChanged},N/A,${mfa},${k1},${k2},${cert},false,N/A`,
    );
  }
  shuffle(rows, 0, rnd);
  const root = `<root_account>,arn:aws:iam::123456789012:root,${iso(NOW - 3000 * DAY)},not_supported,${ago(30)},not_supported,not_supported,false,true,${ago(800)},${ago(100)},us-east-1,iam,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  return `${[COLUMNS, root, ...rows].join('\n')}\n`;
}

/** The policy of the varied report: stricter limits, wildcard and path service users, an expired exemption. */
export const VARIED_POLICY = `version: 1
fail_on: medium
rules:
  access-key-unused: { max_days: 60 }
  access-key-age: { max_days: 120 }
  password-unused: { max_days: 60 }
  human-access-key: { enabled: true }
service_users:
  users: ["ci-*", "deploy.*"]
  paths: ["/svc/"]
  rules:
    access-key-age: { max_days: 400 }
    human-access-key: { enabled: false }
exemptions:
  - users: ["*@example.com"]
    rules: ["console-mfa"]
    reason: "MFA rollout"
    expires: 2027-02-28
  - users: ["ci-build-data-*"]
    rules: ["access-key-age"]
    reason: "Vendor pipeline"
    expires: 2026-10-01
`;

/**
 * The policy of the acceptance-style report cases: stricter limits than the defaults, the
 * human-access-key rule on, service users by name and path with their own limits, and
 * exemptions by wildcard (one of them expired), so that many rules fire and every part of a
 * finding is written.
 */
export const ACCEPTANCE_POLICY = `version: 1
fail_on: high
rules:
  access-key-unused: { max_days: 90 }
  access-key-age: { max_days: 90 }
  human-access-key: { enabled: true }
service_users:
  users: ["svc-*"]
  paths: ["/service/"]
  rules:
    access-key-age: { max_days: 365 }
    human-access-key: { enabled: false }
exemptions:
  - users: ["user-1?"]
    rules: ["access-key-age", "human-access-key"]
    reason: "Vendor integration"
    expires: 2027-03-31
    ticket: SEC-123
  - users: ["user-2*"]
    rules: ["console-mfa"]
    reason: "Hardware MFA keys on order"
    expires: 2027-01-31
  - users: ["user-3*"]
    rules: ["password-unused"]
    reason: "Rotation window"
    expires: 2026-10-31
`;

/**
 * A Terraform tree of `files` files (about 4 KB each, like a real monorepo: networks, buckets,
 * roles), of which some define the `users` IAM users in the forms real teams use.
 */
export function terraformTree(dir, files, users) {
  const rnd = random(7);
  const filler = (i) =>
    Array.from(
      { length: 34 },
      (_, j) => `resource "aws_s3_bucket" "b${i}_${j}" {
  bucket = "bucket-${i}-${j}"
  tags = {
    team  = "team-${j % 7}"
    owner = "owner-${i % 13}"
  }
}

`,
    ).join('') +
    `locals {
  cidr_${i} = "10.${i % 255}.0.0/16"
}
`;
  let user = 1;
  const perUserFile = Math.max(1, Math.ceil(users / Math.max(1, Math.floor(files * 0.1))));
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `stack-${Math.floor(i / 50)}`, `env-${i % 5}`);
    mkdirSync(sub, { recursive: true });
    // Users live in their own files (users.tf, iam.tf), as teams keep them; the rest is the
    // bulk of a monorepo: buckets, networks, locals.
    let text = i % 10 === 0 && user <= users ? '' : filler(i);
    if (i % 10 === 0 && user <= users) {
      const names = [];
      for (let k = 0; k < perUserFile && user <= users; k++) names.push(userName(user++));
      if (rnd() < 0.5) {
        text += names
          .map(
            (n) => `resource "aws_iam_user" "${n.replace(/-/g, '_')}" {
  name = "${n}"
}

resource "aws_iam_access_key" "${n.replace(/-/g, '_')}" {
  user = aws_iam_user.${n.replace(/-/g, '_')}.name
}
`,
          )
          .join('\n');
      } else {
        text += `locals {
  users_${i} = toset([
${names.map((n) => `    "${n}",`).join('\n')}
  ])
}

resource "aws_iam_user" "team_${i}" {
  for_each = local.users_${i}
  name     = each.key
}

resource "aws_iam_user_login_profile" "team_${i}" {
  for_each = aws_iam_user.team_${i}
  user     = each.value.name
}
`;
      }
    }
    writeFileSync(join(sub, `main-${i}.tf`), text);
  }
  return user - 1;
}

/** Roles and policies as every VPC, EKS or Lambda module has them: IAM, but no user. */
const iamNoise = (i, j) => `resource "aws_iam_role" "r${i}_${j}" {
  name               = "role-${i}-${j}"
  assume_role_policy = data.aws_iam_policy_document.assume_${i}_${j}.json
  tags = {
    note = "not an aws_iam_user: a role for service ${j}"
  }
}

data "aws_iam_policy_document" "assume_${i}_${j}" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy_attachment" "a${i}_${j}" {
  role       = aws_iam_role.r${i}_${j}.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

`;

/**
 * The decoy tree: `files` files of about 4 KB, every one mentioning `aws_iam_user` where it
 * defines nothing (a tag value, a heredoc, a comment) among roles and policies; one in ten
 * defines users (plain resources, with access keys).
 */
export function decoyTree(dir, files, users) {
  let user = 1;
  const perUserFile = Math.max(1, Math.ceil(users / Math.max(1, Math.floor(files * 0.1))));
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `stack-${Math.floor(i / 50)}`, `env-${i % 5}`);
    mkdirSync(sub, { recursive: true });
    let text = `# this stack grants no aws_iam_user anything: roles only
resource "aws_iam_policy" "p${i}" {
  name   = "policy-${i}"
  policy = <<POLICY
{"Statement": [{"Effect": "Deny", "Action": "iam:CreateUser",
  "Resource": "*", "Sid": "NoAwsIamUserHere"}],
 "Comment": "resource \\"aws_iam_user\\" \\"x\\" { name = \\"y\\" }"}
POLICY
}

resource "aws_s3_bucket" "b${i}" {
  bucket = "bucket-${i}"
  tags = {
    kind  = "aws_iam_user audit logs"
    owner = "owner-${i % 13}"
  }
}

${iamNoise(i, 0)}${iamNoise(i, 1)}${iamNoise(i, 2)}locals {
  cidr_${i} = "10.${i % 255}.0.0/16"
}
`;
    if (i % 10 === 0 && user <= users) {
      const names = [];
      for (let k = 0; k < perUserFile && user <= users; k++) names.push(userName(user++));
      text += names
        .map(
          (n) => `
resource "aws_iam_user" "${n.replace(/-/g, '_')}" {
  name = "${n}"
}

resource "aws_iam_access_key" "${n.replace(/-/g, '_')}" {
  user = aws_iam_user.${n.replace(/-/g, '_')}.name
}
`,
        )
        .join('');
    }
    writeFileSync(join(sub, `main-${i}.tf`), text);
  }
  return user - 1;
}

/**
 * A tree written like a real monorepo: local modules in the shape of terraform-aws-vpc,
 * terraform-aws-eks and Lambda functions (roles, policies and policy documents everywhere),
 * environments calling them, and few users, in an iam/ folder. About `files` files.
 */
export function monorepoTree(dir, files, users) {
  const write = (path, text) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const kinds = ['vpc', 'eks', 'lambda'];
  const perModule = 12;
  const modules = Math.max(3, Math.floor((files * 0.6) / perModule));
  let written = 0;
  for (let m = 0; m < modules; m++) {
    const kind = kinds[m % 3];
    const base = `modules/${kind}-${m}`;
    write(
      `${base}/variables.tf`,
      `variable "name" {
  type    = string
  default = "${kind}-${m}"
}

variable "tags" {
  type    = map(string)
  default = {}
}
`,
    );
    write(`${base}/outputs.tf`, `output "id" {\n  value = aws_iam_role.r${m}_2_0.arn\n}\n`);
    for (let f = 2; f < perModule; f++)
      write(
        `${base}/${kind}-${f}.tf`,
        `${iamNoise(`${m}_${f}`, 0)}${iamNoise(`${m}_${f}`, 1)}resource "aws_cloudwatch_log_group" "l${m}_${f}" {
  name              = "/${kind}/\${var.name}/${f}"
  retention_in_days = 30
  tags              = var.tags
}
`,
      );
    written += perModule;
  }
  for (let env = 0; written < files - 1; env++) {
    const base = `environments/env-${env}`;
    write(
      `${base}/main.tf`,
      Array.from({ length: 6 }, (_, k) => {
        const m = (env * 6 + k) % modules;
        return `module "${kinds[m % 3]}_${k}" {
  source = "../../modules/${kinds[m % 3]}-${m}"
  name   = "env-${env}-${k}"
}
`;
      }).join('\n'),
    );
    write(`${base}/providers.tf`, `provider "aws" {\n  region = "eu-west-1"\n}\n`);
    written += 2;
  }
  const names = Array.from({ length: users }, (_, k) => userName(k + 1));
  write(
    'iam/users.tf',
    `locals {
  humans = toset([
${names.map((n) => `    "${n}",`).join('\n')}
  ])
}

resource "aws_iam_user" "humans" {
  for_each = local.humans
  name     = each.key
}

resource "aws_iam_user_login_profile" "humans" {
  for_each = aws_iam_user.humans
  user     = each.value.name
}
`,
  );
  return users;
}

if (process.argv[1]?.endsWith('generate.mjs')) {
  const [kind, out, n, m] = process.argv.slice(2);
  if (kind === 'report') writeFileSync(out, credentialReport(Number(n)));
  else if (kind === 'terraform') console.log(`${terraformTree(out, Number(n), Number(m))} users`);
  else if (kind === 'decoy') console.log(`${decoyTree(out, Number(n), Number(m))} users`);
  else if (kind === 'monorepo') console.log(`${monorepoTree(out, Number(n), Number(m))} users`);
  else
    throw new Error(
      'usage: node bench/generate.mjs report <out.csv> <users> | terraform|decoy|monorepo <dir> <files> <users>',
    );
}
