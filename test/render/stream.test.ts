import { describe, expect, it } from 'vitest';
import { findingJson, jsonChunks } from '../../src/render/stream.js';
import { check } from '../helpers/policy.js';
import { ago } from '../helpers/report.js';

describe('streamed JSON', () => {
  it('writes each finding exactly as JSON.stringify would, key order included', async () => {
    const { runCheck } = await import('../../src/run/check.js');
    const report = await runCheck({
      reportFile: 'examples/credential-report.csv',
      policyFile: 'examples/policy.yml',
      now: Date.parse('2026-11-22T00:00:00Z'),
      terraformDirs: ['examples/terraform'],
    });
    for (const f of report.findings) expect(findingJson(f)).toBe(JSON.stringify(f));
  });

  it('parses back to the report, with and without findings, one finding per line', () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({
      user: `u${i}`,
      user_creation_time: ago(400),
    }));
    for (const report of [check(many), check([{ user: 'fresh', user_creation_time: ago(1) }])]) {
      const text = [...jsonChunks(report)].join('');
      expect(JSON.parse(text)).toEqual(report);
      const lines = text.split('\n');
      expect(lines.filter((l) => l.startsWith('    {"id":'))).toHaveLength(report.findings.length);
      expect(text.endsWith('}\n')).toBe(true);
    }
  });
});
