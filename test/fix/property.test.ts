// Property: on generated trees of plain users with related blocks and references, `fix --write`
// of a random set of unused users leaves exactly those users gone, every other user where it
// was, no reference to anything removed, and every file valid HCL. Checked here by a reference
// scan of the test's own (regular expressions over the files), not by the plan's verifier.
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFix } from '../../src/run/fix.js';
import { terraformParser } from '../../src/terraform/parser.js';
import { scanTerraform } from '../../src/terraform/scan.js';
import { ago, NOW, toCsv } from '../helpers/report.js';

interface UserSpec {
  key: boolean;
  profile: boolean;
  secretOutput: boolean;
  arnLocal: boolean;
}

const userSpec = fc.record({
  key: fc.boolean(),
  profile: fc.boolean(),
  secretOutput: fc.boolean(),
  arnLocal: fc.boolean(),
});

const tree = fc.array(userSpec, { minLength: 2, maxLength: 6 }).chain((users) =>
  fc.record({
    users: fc.constant(users),
    groups: fc.array(
      fc.subarray(
        users.map((_, i) => i),
        { minLength: 1 },
      ),
      { maxLength: 3 },
    ),
    attachment: fc.subarray(users.map((_, i) => i)),
    unused: fc.subarray(users.map((_, i) => i)),
    filesSplit: fc.boolean(),
  }),
);

function write(
  dir: string,
  t: { users: UserSpec[]; groups: number[][]; attachment: number[]; filesSplit: boolean },
): void {
  const main: string[] = [];
  const outputs: string[] = [];
  t.users.forEach((u, i) => {
    main.push(`resource "aws_iam_user" "u${i}" {\n  name = "user-${i}"\n}\n`);
    if (u.key)
      main.push(`resource "aws_iam_access_key" "u${i}" {\n  user = aws_iam_user.u${i}.name\n}\n`);
    if (u.profile)
      main.push(
        `resource "aws_iam_user_login_profile" "u${i}" {\n  user = aws_iam_user.u${i}.name\n}\n`,
      );
    if (u.key && u.secretOutput)
      outputs.push(
        `output "secret_${i}" {\n  value     = aws_iam_access_key.u${i}.secret\n  sensitive = true\n}\n`,
      );
    if (u.arnLocal)
      outputs.push(
        `locals {\n  arn_${i} = aws_iam_user.u${i}.arn\n}\n\noutput "arn_${i}" {\n  value = local.arn_${i}\n}\n`,
      );
  });
  t.groups.forEach((members, g) =>
    main.push(
      `resource "aws_iam_group_membership" "g${g}" {\n  name  = "g${g}"\n  group = "g${g}"\n  users = [${members.map((i) => `aws_iam_user.u${i}.name`).join(', ')}]\n}\n`,
    ),
  );
  if (t.attachment.length > 0)
    main.push(
      `resource "aws_iam_policy_attachment" "ro" {\n  name       = "ro"\n  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"\n  users = [\n${t.attachment.map((i) => `    aws_iam_user.u${i}.name,\n`).join('')}  ]\n}\n`,
    );
  if (t.filesSplit) {
    writeFileSync(join(dir, 'main.tf'), main.join('\n'));
    writeFileSync(join(dir, 'outputs.tf'), outputs.join('\n'));
  } else writeFileSync(join(dir, 'main.tf'), [...main, ...outputs].join('\n'));
}

/** The test's own reference scan: every `type.name` / `local.name` used is declared. */
function danglingReferences(texts: string[]): string[] {
  const all = texts.join('\n');
  const declared = new Set(
    [...all.matchAll(/^resource "(\w+)" "(\w+)"/gm)].map((m) => `${m[1]}.${m[2]}`),
  );
  const locals = new Set<string>();
  for (const block of all.matchAll(/^locals \{\n([\s\S]*?)\n\}/gm))
    for (const m of (block[1] ?? '').matchAll(/^\s+(\w+)\s*=/gm)) locals.add(m[1] as string);
  const out: string[] = [];
  for (const m of all.matchAll(/\b(aws_iam_\w+)\.(\w+)/g))
    if (!declared.has(`${m[1]}.${m[2]}`)) out.push(m[0]);
  for (const m of all.matchAll(/\blocal\.(\w+)/g)) if (!locals.has(m[1] as string)) out.push(m[0]);
  return out;
}

describe('property: fix --write on generated trees', () => {
  it('removes exactly the unused users it reports fixed, keeps the rest, leaves no dangling reference', async () => {
    const parser = await terraformParser();
    let removed = 0;
    await fc.assert(
      fc.asyncProperty(tree, async (t) => {
        const dir = mkdtempSync(join(tmpdir(), 'fix-prop-'));
        const tf = join(dir, 'tf');
        (await import('node:fs')).mkdirSync(tf);
        write(tf, t);
        const rows = t.users.map((_, i) =>
          t.unused.includes(i)
            ? { user: `user-${i}` }
            : {
                user: `user-${i}`,
                password_enabled: 'true',
                password_last_used: ago(1),
                password_last_changed: ago(100),
                mfa_active: 'true',
              },
        );
        writeFileSync(join(dir, 'report.csv'), toCsv(rows));
        writeFileSync(join(dir, 'policy.yml'), 'version: 1\n');
        const before = await scanTerraform([tf]);
        const result = await runFix({
          reportFile: join(dir, 'report.csv'),
          policyFile: join(dir, 'policy.yml'),
          now: NOW,
          terraformDirs: [tf],
          write: true,
        });
        const fixed = new Set(result.fixed.map((f) => f.user));
        const manual = new Set(result.manual.map((m) => m.user));
        removed += fixed.size;
        // every unused user is either fixed or reported manual; no other user is touched
        expect([...fixed, ...manual].sort()).toEqual(t.unused.map((i) => `user-${i}`).sort());
        const after = await scanTerraform([tf]);
        for (const [name, defs] of before.users) {
          if (fixed.has(name)) expect(after.users.has(name), name).toBe(false);
          else
            expect(
              after.users.get(name)?.map((d) => d.address),
              name,
            ).toEqual(defs.map((d) => d.address));
        }
        const texts = readdirSync(tf).map((f) => readFileSync(join(tf, f), 'utf8'));
        expect(danglingReferences(texts)).toEqual([]);
        for (const text of texts) {
          const parsed = parser.parse(text);
          expect(parsed?.rootNode.hasError).toBe(false);
          parsed?.delete();
        }
      }),
      { numRuns: 25 },
    );
    // the property is about real removals, not about a fix that always says manual
    expect(removed).toBeGreaterThan(10);
  }, 240_000);
});
