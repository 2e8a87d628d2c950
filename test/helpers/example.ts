import { resolve } from 'node:path';
import { expect } from 'vitest';

/** `check` on the bundled example with its Terraform, as JSON (absolute paths: any cwd). */
export const EXAMPLE_CHECK = [
  'check',
  '--report',
  resolve('examples/credential-report.csv'),
  '--policy',
  resolve('examples/policy.yml'),
  '--terraform-dir',
  resolve('examples/terraform'),
  '--now',
  '2026-11-22T00:00:00Z',
  '--format',
  'json',
];

/** The JSON report of {@link EXAMPLE_CHECK}: the gate failed, and the WebAssembly parser located users. */
export function expectExampleChecked(r: { status: number | null; stdout: string; stderr: string }) {
  expect(r.status, r.stderr).toBe(1);
  const report = JSON.parse(r.stdout);
  expect(
    report.findings.filter((f: { terraform?: unknown[] }) => f.terraform !== undefined).length,
  ).toBeGreaterThan(10);
  return report as { tool: { version: string }; reportGeneratedAt: string | null };
}
