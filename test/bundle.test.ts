import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the committed bundle on its own (as a runner checks the action out: no node_modules)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  cpSync('dist', join(dir, 'dist'), { recursive: true });
  cpSync('package.json', join(dir, 'package.json'));
  cpSync('action.yml', join(dir, 'action.yml'));

  it('runs check with Terraform (the WebAssembly parser comes from dist/wasm)', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(dir, 'dist/cli.js'),
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
      ],
      { encoding: 'utf8', cwd: dir },
    );
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(
      report.findings.filter((f: { terraform: unknown[] }) => f.terraform.length > 0).length,
    ).toBeGreaterThan(10);
  });
});
