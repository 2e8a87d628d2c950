import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotation, markdownOptions } from '../../src/action/main.js';
import { reportJson } from '../../src/render/stream.js';
import type { GateReport } from '../../src/engine/types.js';
import { commentMarker } from '../../src/github/comment.js';
import { mergeReports } from '../../src/merge/merge.js';
import type { MergedReport } from '../../src/merge/types.js';
import { code, codeBlock, escapeText, inlineText } from '../../src/render/escape.js';
import { renderMarkdown, type MarkdownOptions } from '../../src/render/markdown.js';
import { renderMergedMarkdown } from '../../src/render/merged.js';
import { renderSarif } from '../../src/render/sarif.js';
import { codeSpan } from '../../src/util/code-span.js';
import { toHtml } from '../helpers/gfm.js';
import { cmarkHtml, HAS_CMARK, liveReferences, renderers, shape } from '../helpers/markup.js';
import { check } from '../helpers/policy.js';
import { NOW, ago, toCsv, rootRow } from '../helpers/report.js';
import { checkFolder } from '../helpers/terraform.js';
import { cloneReport } from '../helpers/clone-report.js';

/** A real report: a failing user, an exempted one (three findings), a below-threshold one. */
const BASE: GateReport = check(
  [
    {
      user: 'bob',
      password_enabled: 'true',
      password_last_used: ago(1),
      password_last_changed: ago(2),
    },
    {
      user: 'carol',
      access_key_1_active: 'true',
      access_key_1_last_rotated: ago(200),
      access_key_1_last_used_date: ago(1),
    },
    {
      user: 'dave',
      password_enabled: 'true',
      password_last_used: ago(100),
      password_last_changed: ago(200),
    },
  ],
  'version: 1\nfail_on: high\nexemptions:\n  - users: ["dave"]\n    reason: r\n    expires: 2030-01-01\n    ticket: T-1\n  - users: ["nobody"]\n    reason: unused\n    expires: 2030-01-01\n',
);
const base = (): GateReport => cloneReport(BASE);

/** The values of a report that come from outside: the report, the policy, Terraform. */
interface Values {
  users: [string, string, string];
  files: [string, string];
  addresses: [string, string];
  label: string;
  accountId: string;
  policyFile: string;
  reason: string;
  ticket: string;
  warning: string;
  error: string;
  /** Forged fields of a merged artifact. */
  forged: string;
}

/**
 * The report with those values put where the engine puts them. `raw`: data also inserted raw in
 * the product's sentences (as some warnings do: `${file}: not valid HCL`); otherwise only as
 * code spans (`codeSpan`), as the remediations do.
 */
function reportWith(v: Values, raw: boolean): GateReport {
  const r = base();
  const mark = (value: string) => (raw ? value : codeSpan(value));
  r.account = { id: v.accountId, label: v.label };
  r.policy.file = v.policyFile;
  r.findings.forEach((f, i) => {
    const user = v.users[i % 3] as string;
    const file = v.files[i % 2] as string;
    const address = v.addresses[i % 2] as string;
    f.user = user;
    f.message = `${f.message} (user ${mark(user)})`;
    f.remediation = `In Terraform: remove ${mark(address)} at ${codeSpan(`${file}:3`)}; then run \`terraform plan\`.`;
    // what the JSON report carries of it, for the merged report
    f.advice = f.remediation;
    f.terraform = [
      {
        file,
        line: 3,
        address,
        kind: 'for_each',
        block: { file, line: 2, address },
        related: [{ type: 'aws_iam_access_key', address: `${address}.key`, file, line: 9 }],
      },
    ];
    if (f.exemption) Object.assign(f.exemption, { reason: v.reason, ticket: v.ticket });
  });
  for (const e of r.exemptions)
    Object.assign(e, { users: [v.users[2]], reason: v.reason, ticket: v.ticket });
  r.warnings = [
    `${mark(v.files[0])}: not valid HCL; IAM users in it are not located`,
    `exemption 2 (users ${codeSpan(v.users[0])}) matched no finding: remove it from the policy.`,
    mark(v.warning),
  ];
  return r;
}

/** A merged report of that account and an errored one, with forged counts, severity, credential. */
function mergedWith(v: Values, raw: boolean): MergedReport {
  const errored = {
    schemaVersion: 1,
    tool: { name: 'iam-credential-gate', version: 't' },
    account: { id: '999999999999', label: v.label },
    passed: false,
    // The job's own sentence: data in it is a code span, as the product writes it (or raw).
    error: { message: raw ? v.error : `the report of ${codeSpan(v.error)} could not be read` },
  };
  // The merge refuses an account id that is not 12 digits: put the hostile one in afterwards.
  const report = reportWith(v, raw);
  const merged = mergeReports(
    [
      {
        file: 'a.json',
        data: reportJson({ ...report, account: { ...report.account, id: null } }),
      },
      { file: 'b.json', data: errored },
    ],
    { toolVersion: 't', now: NOW },
  );
  for (const a of merged.accounts) if (a.id === null) a.id = v.accountId;
  for (const f of merged.findings) f.account.id = v.accountId;
  // What an unvalidated artifact could carry in the fields rendered as they are.
  const account = merged.accounts.find((a) => a.status === 'failed');
  Object.assign(account ?? {}, { users: v.forged });
  if (account?.failingBySeverity) Object.assign(account.failingBySeverity, { critical: v.forged });
  const finding = merged.findings.find((f) => f.failing);
  Object.assign(finding ?? {}, { severity: v.forged, credential: v.forged });
  return merged;
}

/** The same values made innocuous: each distinct value becomes a plain word. */
function innocuous(v: Values): Values {
  const words = new Map<string, string>();
  const word = (s: string) =>
    words.get(s) ?? (words.set(s, `v${words.size}x`), `v${words.size - 1}x`);
  return JSON.parse(JSON.stringify(v), (_, value: unknown) =>
    typeof value === 'string' ? word(value) : value,
  ) as Values;
}

const linkOptions = (): MarkdownOptions => {
  const env = process.env;
  const saved = { ...env };
  Object.assign(env, {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_SHA: 'abc',
    GITHUB_RUN_ID: '7',
  });
  try {
    return markdownOptions({ number: 1, headSha: 'def' });
  } finally {
    for (const k of ['GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_SHA', 'GITHUB_RUN_ID'])
      if (saved[k] === undefined) delete env[k];
      else env[k] = saved[k];
  }
};

/** A link the render makes of a located file's `file:line` span: to the blob at the head commit. */
const BLOB_LINK =
  /<a href="https:\/\/github\.com\/o\/r\/blob\/def\/[^"]*">(<code>[\s\S]*?<\/code>)<\/a>/g;

/** Every Markdown document the gate writes for these values. */
function documents(v: Values, raw: boolean): [string, string][] {
  const r = reportWith(v, raw);
  const m = mergedWith(v, raw);
  const links = linkOptions();
  const comment: MarkdownOptions = {
    ...links,
    header: commentMarker(`${v.policyFile} ${v.label}`),
    title: v.label,
  };
  return [
    ['summary', renderMarkdown(r)],
    ['comment', renderMarkdown(r, comment)],
    ['merged summary', renderMergedMarkdown(m)],
    ['merged comment', renderMergedMarkdown(m, { ...links, header: commentMarker(v.policyFile) })],
  ];
}

/** Pieces an attacker would use, and a little of anything. */
const PIECES = [
  '`',
  '``',
  '```',
  '````',
  '<img src=x>',
  '</details>',
  '<details>',
  '](',
  ')',
  '(',
  '[',
  ']',
  '|',
  '\\',
  '\\|',
  '@org/team',
  '@admin',
  '#12',
  'GH-7',
  '<!-- iam-credential-gate: x -->',
  '<!--',
  '-->',
  '--!>',
  '*',
  '_',
  '~',
  '$x$',
  '\n',
  '\r\n',
  '\n\n',
  '&lt;',
  '&#124;',
  '\u2028',
  '\u2029',
  'www.x.com',
  'https://x',
  'javascript:alert(1)',
  'x@y.com',
  ' ',
  '    ',
  '\t',
  '- ',
  '1. ',
  '# ',
  '> ',
  '=',
  '"',
  "'",
  '<br>',
  ':+1:',
  'a',
  'b.tf',
];
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 3 })), {
    minLength: 1,
    maxLength: 7,
  })
  .map((parts) => parts.join(''))
  .filter((s) => s.length > 0);
/** IAM user names as IAM allows them, or anything (the report parser refuses those, but still). */
const userName = fc.oneof(fc.stringMatching(/^[\w+=,.@-]{1,64}$/), hostile);
const values: fc.Arbitrary<Values> = fc.record({
  users: fc.tuple(userName, userName, userName),
  files: fc.tuple(hostile, hostile),
  addresses: fc.tuple(hostile, hostile),
  label: hostile,
  accountId: hostile,
  policyFile: hostile,
  reason: hostile,
  ticket: hostile,
  warning: hostile,
  error: hostile,
  forged: hostile,
});

const markers = (md: string) => md.split('<!--').length - 1;

describe('no markup from data, in any renderer (property)', () => {
  it('summary, comment and merged report: same structure as with innocuous values, nothing live', () => {
    fc.assert(
      fc.property(values, fc.boolean(), (v, raw) => {
        const plain = documents(innocuous(v), raw);
        const docs = documents(v, raw);
        docs.forEach(([name, md], i) => {
          // No comment marker (nor any HTML comment) from data, in the raw body GitHub searches.
          expect(markers(md), name).toBe(markers((plain[i] as [string, string])[1]));
        });
        // All documents in one (one cmark-gfm process); a construct left open by one would
        // swallow what follows, which shows as well.
        const joined = (d: [string, string][]) => d.map(([, md]) => md).join('\n\n<hr>\n\n');
        for (const [renderer, render] of renderers) {
          const html = render(joined(docs));
          const expected = render(joined(plain));
          // Data inserted raw in a sentence may form a code span of its own: inert, but an
          // element (and a span of the product's own `file:line` it swallows is no longer
          // a link to that file's blob); everything else must be exactly where the innocuous
          // document has it.
          const structure = (h: string) =>
            raw
              ? shape(h.replace(BLOB_LINK, '$1')).filter((t) => t !== 'code' && t !== '/code')
              : shape(h);
          expect(structure(html), renderer).toEqual(structure(expected));
          expect(liveReferences(html), renderer).toEqual(liveReferences(expected));
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
    );
  }, 300_000);

  it('SARIF message text: one line, every bracket escaped (no embedded link from data)', () => {
    fc.assert(
      fc.property(values, (v) => {
        for (const result of renderSarif(reportWith(v, true)).runs[0]?.results ?? []) {
          const text = result.message.text ?? '';
          expect(text).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
          for (const m of text.matchAll(/(\\*)[[\]]/g))
            expect((m[1] as string).length % 2, text).toBe(1);
          expect(result.message.markdown).toBeUndefined();
        }
      }),
      { numRuns: 100 },
    );
  });

  it('annotations: one workflow command line each, whatever the data', () => {
    fc.assert(
      fc.property(values, (v) => {
        for (const f of reportWith(v, true).findings) {
          const { text, properties } = annotation(f);
          const written: string[] = [];
          const write = process.stdout.write;
          process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as never;
          try {
            core.error(text, properties);
          } finally {
            process.stdout.write = write;
          }
          const out = written.join('');
          expect(JSON.stringify(out)).toBe(JSON.stringify(out.split('\n')[0] + '\n'));
          expect(out).toMatch(/^::error [^\r\n]*\n$/);
          expect(text).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('the injections found, one by one', () => {
  const one = (edit: (r: GateReport) => void, options: MarkdownOptions = {}) => {
    const r = base();
    edit(r);
    return renderMarkdown(r, options);
  };
  const failing = (r: GateReport) =>
    r.findings.find((f) => f.failing) as GateReport['findings'][number];
  const locate = (r: GateReport, file: string, address: string) => {
    failing(r).terraform = [
      { file, line: 3, address, kind: 'for_each', block: { file, line: 2, address }, related: [] },
    ];
  };

  it('direction controls in a file name or a reason are shown as what they are, in every renderer', () => {
    const name = 'infra/\u202efr.sresu.tf';
    expect(code(name)).toBe('`infra/<U+202E>fr.sresu.tf`');
    expect(escapeText('approved by \u202eytiruces\u202c')).toBe(
      'approved by &lt;U+202E&gt;ytiruces&lt;U+202C&gt;',
    );
    const md = one((r) => locate(r, name, 'aws_iam_user.u'));
    expect(md).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(md).toContain('<U+202E>fr.sresu.tf');
    // SARIF's messages too (its artifact URI stays the file's real name: code scanning maps it)
    const r = base();
    failing(r).message = 'IAM user \u202ebob';
    const sarif = renderSarif(r) as { runs: { results: { message: { text: string } }[] }[] };
    const texts = sarif.runs[0]?.results.map((x) => x.message.text) ?? [];
    expect(texts.some((t) => t.includes('<U+202E>bob'))).toBe(true);
    expect(texts.join('')).not.toMatch(/[\u202a-\u202e]/);
  });

  it('a for_each key holding two backticks stays code: no <img>, no stray </details>', () => {
    const md = one((r) =>
      locate(r, 'main.tf', 'aws_iam_user.u["``<img src=https://t.example/p.gif>``"]'),
    );
    for (const [, render] of renderers) {
      const html = render(md);
      expect(html).not.toMatch(/<img/);
      expect(html).toContain(
        '<code>aws_iam_user.u[&quot;``&lt;img src=https://t.example/p.gif&gt;``&quot;]</code>',
      );
    }
    const details = one((r) => locate(r, 'dir``</details>``/main.tf', 'aws_iam_user.u'));
    for (const [, render] of renderers) {
      const html = render(details);
      expect(html.split('<details>').length).toBe(html.split('</details>').length);
      expect(html).toContain('dir``&lt;/details&gt;``/main.tf:3');
    }
  });

  it('end to end: a Terraform directory and for_each key built to inject stay inert', async () => {
    const root = mkdtempSync(join(tmpdir(), 'inject-'));
    const dir = join(root, 'x``<img src=x onerror=alert(1)>`` @org_team #1) [a](b)');
    mkdirSync(dir);
    const key = '``<img src=https://t.example/k.gif>``</details> @org/team';
    writeFileSync(
      join(dir, 'main.tf'),
      `resource "aws_iam_user" "u" {\n  for_each = { ${JSON.stringify(key)} = "bob" }\n  name     = each.value\n}\n`,
    );
    const report = await checkFolder(
      root,
      toCsv([
        rootRow(),
        {
          user: 'bob',
          password_enabled: 'true',
          password_last_used: ago(1),
          password_last_changed: ago(2),
        },
      ]),
    );
    const located = report.findings.find((f) => f.user === 'bob')?.terraform[0];
    expect(located?.address).toBe(`aws_iam_user.u[${JSON.stringify(key)}]`);
    for (const md of [renderMarkdown(report), renderMarkdown(report, linkOptions())])
      for (const [, render] of renderers) {
        const html = render(md);
        expect(html).not.toMatch(/<img/);
        expect(html.split('<details>').length).toBe(html.split('</details>').length);
        expect(liveReferences(html)).toEqual([]);
      }
  });

  it('a ) in a file path does not end the link, nor leave @org/team live after it', () => {
    const md = one(
      (r) => locate(r, 'a) @org/team [x](https://evil)/main.tf', 'aws_iam_user.u'),
      linkOptions(),
    );
    for (const [, render] of renderers) {
      const html = render(md);
      expect(html).toContain(
        '<a href="https://github.com/o/r/blob/def/a%29%20%40org/team%20%5Bx%5D%28https%3A//evil%29/main.tf#L3">',
      );
      expect(liveReferences(html)).toEqual([]);
      expect(html).not.toContain('href="https://evil');
    }
  });

  it('merge: users, severity, credential and the failing counts of an artifact are escaped', () => {
    const forged = '<img src=x>';
    const merged = mergeReports([{ file: 'a.json', data: reportJson(base()) }], {
      toolVersion: 't',
      now: NOW,
    });
    const a = merged.accounts[0] as MergedReport['accounts'][number];
    Object.assign(a, { users: forged });
    Object.assign(a.failingBySeverity ?? {}, { critical: forged });
    Object.assign(merged.findings.find((f) => f.failing) ?? {}, {
      severity: forged,
      credential: forged,
    });
    for (const [, render] of renderers)
      expect(render(renderMergedMarkdown(merged))).not.toMatch(/<img/);
  });

  it('no comment marker from data: not in a code span, not in the marker key', () => {
    const marker = '<!-- iam-credential-gate: policy.yml -->';
    const md = one((r) => {
      failing(r).user = marker;
      locate(r, marker, marker);
    });
    expect(md).not.toContain('<!--');
    expect(toHtml(md)).toContain('<code>&lt;!-- iam-credential-gate: policy.yml --&gt;</code>');
    // The key is the policy path and account label: it cannot close the marker nor add lines.
    const forged = commentMarker('p --> <!-- iam-credential-gate: policy.yml --!>\n\nx');
    expect(forged.match(/<!--|-->|\n/g)).toEqual(['<!--', '-->']);
    expect(shape(toHtml(`${forged}\nbody`))).toEqual(['<!--', 'p', '/p']);
  });

  it('a pipe in code reads as a pipe in a heading, a list and a table alike', () => {
    const md = `#### ${code('a|b\\|c')}\n\n- ${code('a|b')}\n\n| h |\n| - |\n| ${code('a\\|b')} |\n`;
    for (const [, render] of renderers) {
      const html = render(md);
      expect(html).toContain('<h4><code>a|b\\|c</code></h4>');
      expect(html).toContain('<li><code>a|b</code></li>');
      expect(html).toContain('<td><code>a\\|b</code></td>');
    }
  });

  it('code spans follow CommonMark: any backtick run, padding at the ends', () => {
    for (const value of ['``', '`a', 'a`', ' a ', ' ', '`` ` ```', 'a  b'])
      for (const [, render] of renderers)
        expect(render(code(value)).trim()).toBe(
          `<p><code>${value.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</code></p>`,
        );
  });

  it('mentions, references and e-mail autolinks are neutralised in text (\\@ is not enough)', () => {
    const text = escapeText('ping @org/team about #12, GH-3 and x@y.com, see www.x.com');
    for (const [, render] of renderers) {
      const html = render(text);
      expect(liveReferences(html)).toEqual([]);
      expect(html).not.toContain('<a');
    }
    // cmark-gfm links an e-mail address even when its @ is backslash-escaped
    if (HAS_CMARK) expect(cmarkHtml('x\\@y\\.com')).toContain('<a href="mailto:');
  });

  it('an error message stays one code block: no fence, marker or HTML from it', () => {
    const message = 'bad ````\n```\n<img src=x> <!-- iam-credential-gate: p -->\n~~~';
    const md = codeBlock(message);
    expect(md).not.toContain('<!--');
    for (const [, render] of renderers)
      expect(shape(render(md))).toEqual(['pre', 'code', '/code', '/pre']);
  });

  it('a sentence’s code spans are found as CommonMark finds them, and re-fenced', () => {
    const sentence = `remove ${codeSpan('a``b')} at ${codeSpan('`x`')}, then \`terraform plan\``;
    expect(toHtml(inlineText(sentence))).toBe(
      '<p>remove <code>a``b</code> at <code>`x`</code>, then <code>terraform plan</code></p>',
    );
    expect(toHtml(inlineText('a lone ` backtick <b>'))).toBe('<p>a lone ` backtick &lt;b&gt;</p>');
  });
});
