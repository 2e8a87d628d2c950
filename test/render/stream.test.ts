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

describe('writing pieces', () => {
  // Pieces of every size around the 1 MiB buffer, with 2-, 3- and 4-byte UTF-8 characters
  // (a surrogate pair must never be split between two writes).
  const pieces = [
    '{"a":',
    'é'.repeat(200_000),
    '€'.repeat(349_525), // 3 bytes each: within a hair of the buffer
    '𝄞'.repeat(300_000), // a surrogate pair each: 4 bytes for 2 units
    'x'.repeat(2 << 20), // larger than the buffer: written on its own
    ...Array.from({ length: 5000 }, (_, i) => `,"k${i}":"ü${i}"`),
    '}\n',
  ];
  const expected = pieces.join('');

  it('writes a file byte for byte, whatever the sizes and characters', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { writeChunks } = await import('../../src/render/stream.js');
    const file = join(mkdtempSync(join(tmpdir(), 'gate-')), 'out.json');
    await writeChunks(pieces, file);
    expect(readFileSync(file).equals(Buffer.from(expected, 'utf8'))).toBe(true);
  });

  it('writes a stream in batches of about a megabyte, in order', async () => {
    const { Writable } = await import('node:stream');
    const { writeChunks } = await import('../../src/render/stream.js');
    const received: string[] = [];
    const sink = new Writable({
      decodeStrings: false,
      write(chunk: string, _encoding, done) {
        received.push(chunk);
        done();
      },
    });
    await writeChunks(pieces, sink);
    expect(received.join('')).toBe(expected);
    expect(received.length).toBeLessThan(20);
  });
});
