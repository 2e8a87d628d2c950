import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/run/check.js';
// @ts-expect-error: the benchmark's generator is plain JavaScript
import * as generate from '../../bench/generate.mjs';

const { ACCEPTANCE_POLICY, NOW, VARIED_POLICY, credentialReport, variedReport } = generate as {
  ACCEPTANCE_POLICY: string;
  NOW: number;
  VARIED_POLICY: string;
  credentialReport: (users: number) => string;
  variedReport: (users: number) => string;
};

/** The bench's harsher report (bench/generate.mjs `variedReport`) has what its comment says. */
describe('the varied report of the bench', () => {
  const dir = mkdtempSync(join(tmpdir(), 'varied-'));
  const csv = variedReport(3000);
  const check = (csv: string, policy: string) => {
    writeFileSync(join(dir, 'r.csv'), csv);
    writeFileSync(join(dir, 'p.yml'), policy);
    return runCheck({ reportFile: join(dir, 'r.csv'), policyFile: join(dir, 'p.yml'), now: NOW });
  };

  it('is read as it is written: names with dots and @, paths, service users by name and path', async () => {
    expect(csv).toBe(variedReport(3000)); // seeded: the same every time
    const report = await check(csv, VARIED_POLICY);
    expect(report.summary.users).toBe(3001);
    const users = report.findings.map((f) => f.user ?? '');
    expect(users.some((u) => /^[A-Z][a-z]+\.[a-z]+\d+@example\.com$/.test(u))).toBe(true);
    expect(report.findings.some((f) => f.arn?.includes(':user/contractors/eu/'))).toBe(true);
    const service = report.findings.filter((f) => f.serviceUser);
    expect(service.some((f) => f.user?.startsWith('ci-build-'))).toBe(true);
    expect(service.some((f) => f.arn?.includes(':user/svc/deploy.'))).toBe(true);
    // every kind of credential finding fires, an exemption matches, an expired one is reported
    const rules = new Set(report.findings.map((f) => f.rule));
    for (const rule of [
      'unused-user',
      'access-key-unused',
      'access-key-age',
      'human-access-key',
      'password-unused',
      'console-mfa',
      'multiple-active-keys',
      'inactive-access-key',
      'certificate-age',
      'root-access-key',
    ])
      expect(rules).toContain(rule);
    expect(report.findings.some((f) => f.exempted)).toBe(true);
    expect(report.exemptions.map((e) => e.status)).toContain('expired');
  });

  it('is harsher than the acceptance-style report: more findings a user, not in name order', async () => {
    const varied = await check(csv, VARIED_POLICY);
    const acceptance = await check(credentialReport(3000), ACCEPTANCE_POLICY);
    expect(varied.summary.findings / 3000).toBeGreaterThan(
      (acceptance.summary.findings / 3000) * 1.2,
    );
    const names = csv
      .split('\n')
      .slice(2, -1)
      .map((l) => l.slice(0, l.indexOf(',')));
    const inOrder = names.filter((n, i) => i > 0 && n >= (names[i - 1] as string)).length;
    expect(inOrder / names.length).toBeLessThan(0.6);
  });
});
