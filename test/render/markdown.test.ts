import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown.js';
import { escapeText, inlineText } from '../../src/render/escape.js';
import { runCheck } from '../../src/run/check.js';
import { check } from '../helpers/policy.js';
import { ago } from '../helpers/report.js';
import { toHtml } from '../helpers/gfm.js';

const EXAMPLE_NOW = Date.parse('2026-11-22T00:00:00Z');
const example = () =>
  runCheck({
    reportFile: 'examples/credential-report.csv',
    policyFile: 'examples/policy.yml',
    now: EXAMPLE_NOW,
    terraformDirs: ['examples/terraform'],
  });

describe('Markdown summary', () => {
  it('matches the golden file for the bundled example', async () => {
    const markdown = renderMarkdown(await example());
    const golden = 'test/golden/example.md';
    if (process.env.UPDATE_GOLDEN) await writeFile(golden, markdown);
    expect(markdown).toBe(await readFile(golden, 'utf8'));
  });

  it('leads with the verdict and the counts', async () => {
    const md = renderMarkdown(await example());
    expect(md.split('\n')[0]).toBe('## ❌ IAM credential gate failed');
    expect(md).toContain('| 🔴 critical | 2 | 0 | 0 |');
    expect(md).toMatch(/report generated 2026-11-21 08:00 UTC \(16 hours old\)/);
  });

  it('says passed when nothing fails', () => {
    const md = renderMarkdown(check([{ user: 'alice', user_creation_time: ago(3) }]));
    expect(md.split('\n')[0]).toBe('## ✅ IAM credential gate passed');
  });

  it('fits a size limit by dropping detail first, keeping the verdict', async () => {
    const report = await example();
    const full = renderMarkdown(report);
    const small = renderMarkdown(report, { maxLength: 6000 });
    expect(full.length).toBeGreaterThan(6000);
    expect(small.length).toBeLessThanOrEqual(6000);
    expect(small.split('\n')[0]).toBe('## ❌ IAM credential gate failed');
    expect(small).toContain('### Remove from Terraform (8 users)');
    expect(small).toContain('### Failing findings by rule (16 findings, 8 rules)');
    expect(small).toMatch(/Too long to show in full/);
    const tiny = renderMarkdown(report, { maxLength: 1500 });
    expect(tiny.length).toBeLessThanOrEqual(1500);
    expect(tiny).toContain('IAM credential gate failed');
  });

  it('keeps text from the policy inert: no HTML, links, emphasis or table breaks', () => {
    const hostile =
      '<img src=x onerror=alert(1)> [click](https://evil.example) **bold** | cell\nnew line';
    const r = check(
      [
        {
          user: 'bob',
          password_enabled: 'true',
          password_last_used: ago(1),
          password_last_changed: ago(2),
        },
      ],
      `version: 1\nexemptions:\n  - users: ["bob"]\n    reason: ${JSON.stringify(hostile)}\n    expires: 2030-01-01\n    ticket: "<script>x</script>"\n`,
    );
    const html = toHtml(renderMarkdown(r));
    expect(html).not.toMatch(/<img|<script|<strong>bold/);
    // the only links are the rules' documentation
    for (const [, href] of html.matchAll(/<a href="([^"]*)"/g))
      expect(href).toMatch(/\/docs\/rules\/[a-z0-9-]+\.md$/);
    expect(html).toContain(
      '&lt;img src=x onerror=alert(1)&gt; [click](https://evil.example) **bold** | cell new line',
    );
    // the exempted table still has its six columns on that row
    const row = html.split('<tr>').find((tr) => tr.includes('onerror')) ?? '';
    expect(row.match(/<td/g)).toHaveLength(6);
  });
});

describe('escaping', () => {
  it('escapes Markdown and HTML specials and flattens lines', () => {
    expect(escapeText('a|b*c_d<e>&`f`\n[g]~h')).toBe(
      'a\\|b\\*c\\_d&lt;e&gt;&amp;\\`f\\` \\[g\\]\\~h',
    );
    expect(
      toHtml(escapeText('see https://evil.example, www.evil.example and me@evil.example')),
    ).not.toContain('<a');
  });
  it('keeps code spans of the product’s own sentences as code', () => {
    expect(inlineText('run `terraform plan` for a_b|c')).toBe('run `terraform plan` for a\\_b\\|c');
  });
});
