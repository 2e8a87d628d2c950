import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderCouldNotRun } from '../../src/render/could-not-run.js';
import { toHtml } from '../helpers/gfm.js';

/** The elements the body itself writes; anything else came from the data. */
const OWN = new Set(['h2', 'p', 'pre', 'code']);
const elements = (html: string) => [...html.matchAll(/<([a-z][a-z0-9]*)\b/g)].map((m) => m[1]);

describe('the "could not run" body', () => {
  it('says what failed, the hint, and that the verdict is unknown', () => {
    const html = toHtml(
      renderCouldNotRun({
        what: 'policy.yml:3:24 (at rules.access-key-unused): "max_day" is not a setting of this rule',
        hint: 'did you mean max_days?',
      }),
    );
    expect(html).toContain('<h2>⚠️ IAM credential gate could not run — verdict UNKNOWN</h2>');
    expect(html).toContain(
      '<pre><code>policy.yml:3:24 (at rules.access-key-unused): &quot;max_day&quot; is not a setting of this rule\nhint: did you mean max_days?\n</code></pre>',
    );
    expect(html).toMatch(/no earlier verdict on this pull request stands/);
    expect(html).not.toMatch(/passed/);
  });

  it('on the job summary: the same line and hint, no verdict, and no word of an earlier one', () => {
    const c = {
      what: 'credential-report.csv:4 (row 3): "password_enabled" must be true, false or not_supported',
      hint: 'is this the CSV that aws iam get-credential-report prints?',
    };
    const html = toHtml(renderCouldNotRun({ ...c, surface: 'summary' }));
    expect(html).toContain('<h2>⚠️ IAM credential gate could not run — verdict UNKNOWN</h2>');
    expect(html).toContain('there is no verdict');
    expect(html).not.toMatch(/earlier verdict|passed|failed<\/h2>/);
    expect(html).toContain(`${c.what.replace(/"/g, '&quot;')}\nhint: ${c.hint}\n</code></pre>`);
    // the comment says that the earlier verdict does not stand
    expect(toHtml(renderCouldNotRun(c))).toMatch(/no earlier verdict on this pull request stands/);
  });

  it('renders no element, link or mention from the message or the hint: they stay in one code block', () => {
    const hostile = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '<img src=x onerror=alert(1)>',
        '``</details>``',
        '@acme/security-team please approve',
        '[passed](https://evil.test)',
        'https://evil.test/x',
        '\n\n## ✅ IAM credential gate passed\n',
        '<!-- iam-credential-gate: policy.yml -->',
      ),
    );
    fc.assert(
      fc.property(hostile, hostile, (what, hint) => {
        const html = toHtml(renderCouldNotRun({ what, hint }));
        for (const e of elements(html)) expect(OWN.has(e as string)).toBe(true);
        // all the data sits in the one code block, where GitHub makes no mention or link
        expect(html.match(/<pre>/g)).toHaveLength(1);
        const outside = html.replace(/<pre>[\s\S]*<\/pre>/, '');
        expect(outside).not.toMatch(/@|evil|passed/);
        expect(html).not.toMatch(/<!--|<h2>✅/);
        expect(html.match(/<h2>/g)).toHaveLength(1);
      }),
    );
  });
});
