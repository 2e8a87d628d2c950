import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { compileWildcard } from '../../src/util/wildcard.js';
import { toHtml } from '../helpers/gfm.js';
import { check } from '../helpers/policy.js';
import { COLUMNS, ago, rootRow, toCsv } from '../helpers/report.js';

const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
let n = 0;
const put = (content: string) => {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, content);
  return path;
};

/** The CLI, in process: exit code and what it wrote. */
async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    clock: () => Date.parse('2026-11-22T00:00:00Z'),
  });
  return { code, stdout, stderr };
}

const good = toCsv([
  rootRow(),
  {
    user: 'alice',
    password_enabled: 'true',
    password_last_used: ago(100),
    password_last_changed: ago(200),
  },
  {
    user: 'svc-x',
    access_key_1_active: 'true',
    access_key_1_last_rotated: ago(120),
    access_key_1_last_used_date: ago(1),
  },
]);
const goodPolicy =
  'version: 1\nservice_users:\n  users: ["svc-*"]\nexemptions:\n  - users: [alice]\n    reason: r\n    expires: 2027-01-01\n';

describe('fuzzing the CLI: every outcome is 0, 1 or 2 with a message, never a crash', () => {
  it('mutated reports', async () => {
    const policy = put(goodPolicy);
    await fc.assert(
      fc.asyncProperty(
        fc.nat(good.length - 1),
        fc.string({ maxLength: 4 }),
        fc.nat(4),
        async (at, insert, cut) => {
          const r = await run([
            'check',
            '--report',
            put(good.slice(0, at) + insert + good.slice(at + cut)),
            '--policy',
            policy,
            '--format',
            'json',
          ]);
          expect([0, 1, 2]).toContain(r.code);
          if (r.code === 2) {
            expect(r.stderr).toMatch(/^iam-credential-gate: .*f\d+/);
            expect(r.stderr).not.toMatch(/unexpected error/);
            expect(r.stdout).toBe('');
          } else expect(JSON.parse(r.stdout).passed).toBe(r.code === 0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('mutated policies', async () => {
    const report = put(good);
    await fc.assert(
      fc.asyncProperty(
        fc.nat(goodPolicy.length - 1),
        fc.string({ maxLength: 4 }),
        fc.nat(4),
        async (at, insert, cut) => {
          const r = await run([
            'check',
            '--report',
            report,
            '--policy',
            put(goodPolicy.slice(0, at) + insert + goodPolicy.slice(at + cut)),
          ]);
          expect([0, 1, 2]).toContain(r.code);
          if (r.code === 2) expect(r.stderr).not.toMatch(/unexpected error/);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('random bytes as a report', async () => {
    const policy = put(goodPolicy);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const path = join(dir, `b${n++}`);
        writeFileSync(path, bytes);
        const r = await run(['check', '--report', path, '--policy', policy]);
        expect(r.code).toBe(2);
        expect(r.stderr).not.toMatch(/unexpected error/);
      }),
      { numRuns: 100 },
    );
  });
});

describe('fuzzing the Terraform scan: a broken or hostile .tf file never stops the gate', () => {
  const sources = [
    'examples/terraform/iam/users.tf',
    'examples/terraform/iam/developers.tf',
    'examples/terraform/iam/contractors.tf',
    'test/fixtures/terraform/forms/main.tf',
  ].map((f) => readFileSync(f, 'utf8'));
  const pieces = [
    '"',
    '{',
    '}',
    '[',
    ']',
    '(',
    ')',
    '${',
    '%{',
    '\\',
    '\n',
    '=',
    ',',
    '...',
    '=>',
    'for x in ',
    ' if ',
    'each.',
    'var.',
    'local.',
    'count.index',
    'aws_iam_user',
    'toset(',
    'element(',
    '<<EOT\n',
    'EOT\n',
    'yamldecode(file("users.yaml"))',
    'csvdecode(file("users.csv"))',
    'lifecycle {\n prevent_destroy = true\n ignore_changes = [status]\n}\n',
    'module "m" {\n source = "./"\n for_each = toset(["a", "b"])\n}\n',
    '"${local.a}${local.a}"',
    '1 / 0',
    '!',
    '?',
    ':',
  ];
  /** Text with insertions (a string) and deletions (a length) at the given offsets. */
  const mutate = (text: string, edits: readonly [number, string | number][]): string => {
    for (const [at, change] of edits) {
      const i = at % (text.length + 1);
      text =
        typeof change === 'string'
          ? text.slice(0, i) + change + text.slice(i)
          : text.slice(0, i) + text.slice(i + change);
    }
    return text;
  };
  /** The gate over a Terraform folder still evaluates: exit 0 or 1, no unexpected error. */
  const evaluates = async (tf: string) => {
    const r = await run([
      'check',
      '--report',
      put(good),
      '--policy',
      put(goodPolicy),
      '--terraform-dir',
      tf,
      '--format',
      'json',
    ]);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).not.toMatch(/unexpected error/);
  };
  it('mutated Terraform: the CLI still evaluates (exit 0 or 1), with warnings at most', async () => {
    const edit = fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...pieces), fc.nat(30)));
    await fc.assert(
      fc.asyncProperty(
        fc.nat(sources.length - 1),
        fc.array(edit, { minLength: 1, maxLength: 8 }),
        async (which, edits) => {
          const tf = mkdtempSync(join(dir, 'tf-'));
          writeFileSync(join(tf, 'main.tf'), mutate(sources[which] as string, edits));
          writeFileSync(join(tf, 'users.yaml'), '- alice\n- bob\n');
          writeFileSync(join(tf, 'users.csv'), 'name,team\nalice,"a"\n"bob",b\n');
          writeFileSync(join(tf, 'terraform.tfvars.json'), '{ "users": ["carol"] }\n');
          await evaluates(tf);
        },
      ),
      // FUZZ_RUNS: more, for a longer search by hand
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });

  it('mutated Terraform JSON syntax: the CLI still evaluates (exit 0 or 1), never an unexpected error', async () => {
    const json = readFileSync('test/fixtures/terraform/json/users.tf.json', 'utf8');
    const jsonPieces = [
      '"',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '${',
      '%{',
      '$${',
      '\\',
      '"${each.key}"',
      '"${aws_iam_user.ann_json.name}"',
      'null',
      '1e999',
      '"lifecycle": {"prevent_destroy": true},',
    ];
    const edit = fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...jsonPieces), fc.nat(20)));
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), async (edits) => {
        const tf = mkdtempSync(join(dir, 'tf-json-'));
        writeFileSync(join(tf, 'users.tf.json'), mutate(json, edits));
        await evaluates(tf);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150) },
    );
  });
});

describe('hostile input', () => {
  it('Markdown never carries HTML, links or table breaks from policy text (property)', () => {
    const hostile = fc.stringMatching(/^[ -~\n]{1,60}$/);
    fc.assert(
      fc.property(hostile, hostile, (reason, ticket) => {
        const r = check(
          [
            {
              user: 'bob',
              password_enabled: 'true',
              password_last_used: ago(1),
              password_last_changed: ago(2),
            },
          ],
          `version: 1\nexemptions:\n  - users: ["bob"]\n    reason: ${JSON.stringify(reason.trim() || 'x')}\n    expires: 2030-01-01\n    ticket: ${JSON.stringify(ticket)}\n`,
        );
        const html = toHtml(renderMarkdown(r));
        const tags = new Set([...html.matchAll(/<([a-z0-9]+)/g)].map((m) => m[1]));
        for (const tag of tags)
          expect([
            'h2',
            'h3',
            'h4',
            'p',
            'strong',
            'table',
            'thead',
            'tbody',
            'tr',
            'th',
            'td',
            'code',
            'details',
            'summary',
            'ul',
            'li',
            'br',
            'sub',
            'a',
          ]).toContain(tag);
        // the only links are the product's own: each rule's documentation
        for (const [, href] of html.matchAll(/<a href="([^"]*)"/g))
          expect(href).toMatch(
            /^https:\/\/github\.com\/iam-credential-gate\/iam-credential-gate\/blob\/main\/docs\/rules\/[a-z0-9-]+\.md$/,
          );
        const row =
          html.split('<tr>').find((tr) => tr.includes('console-mfa') && tr.includes('<td')) ?? '';
        expect((row.match(/<td/g) ?? []).length).toBeGreaterThanOrEqual(4);
      }),
      { numRuns: 200 },
    );
  });

  it('a catastrophic glob matches in bounded time', () => {
    const match = compileWildcard(`${'*a'.repeat(30)}*b`);
    for (let i = 0; i < 1000; i++) match('a'.repeat(64));
    expect(match('a'.repeat(64))).toBe(false);
    expect(compileWildcard('SVC-*')('svc-deploy')).toBe(true);
    expect(compileWildcard('svc-?')('svc-ab')).toBe(false);
  });

  it('report rows cannot carry hostile user names into any output', async () => {
    const csv = toCsv([{ user: 'x', arn: 'arn:aws:iam::123456789012:user/x' }]).replace(
      '\nx,',
      '\n[a](https://evil) <img>,',
    );
    const r = await run(['check', '--report', put(csv), '--policy', put('version: 1\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not an IAM user name/);
  });

  it('a header-only report with thousands of unknown columns is refused quickly', async () => {
    const header = [...COLUMNS, ...Array.from({ length: 5000 }, (_, i) => `extra_${i}`)].join(',');
    const r = await run(['check', '--report', put(`${header}\n`), '--policy', put('version: 1\n')]);
    expect(r.code).toBe(2);
  });
});
