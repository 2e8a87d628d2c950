// The scan's in-process memo: a second scan of the same texts (what an edit plan's verification
// does) takes their outlines and trees from memory, parses only what changed, and finds the same
// users — .tf.json files included, whose trees have their rows changed after the parse.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearScanMemo } from '../../src/terraform/memo.js';
import { terraformParser } from '../../src/terraform/parser.js';
import { scanTerraform, type TerraformIndex } from '../../src/terraform/scan.js';

const FIXTURES = resolve('test/fixtures/terraform');
const users = (index: TerraformIndex) =>
  JSON.stringify(
    [...index.users].map(([name, defs]) => [name, defs.map((d) => [d.address, d.file, d.line])]),
  );

describe('the scan memo', () => {
  afterEach(() => vi.restoreAllMocks());

  it('parses nothing again for texts it has seen, and finds the same users', async () => {
    clearScanMemo();
    const parser = await terraformParser();
    const parse = vi.spyOn(parser, 'parse');
    const first = await scanTerraform([join(FIXTURES, 'forms')], FIXTURES);
    const parsed = parse.mock.calls.length;
    expect(parsed).toBeGreaterThan(0);
    const second = await scanTerraform([join(FIXTURES, 'forms')], FIXTURES);
    expect(parse.mock.calls.length).toBe(parsed);
    expect(users(second)).toBe(users(first));
    expect(first.users.size).toBeGreaterThan(0);
  });

  it('parses a changed text again (an overlay), and only it', async () => {
    clearScanMemo();
    const dir = join(FIXTURES, 'forms');
    await scanTerraform([dir], FIXTURES);
    const parser = await terraformParser();
    const parse = vi.spyOn(parser, 'parse');
    const file = join(dir, 'main.tf');
    const text = readFileSync(file, 'utf8');
    // (a function call: a block the plain-block reader declines, so that it goes to the parser)
    const edited = `${text}\nresource "aws_iam_user" "memo_probe" {\n  name = lower("memo-probe")\n}\n`;
    const after = await scanTerraform([dir], FIXTURES, { overlay: new Map([[file, edited]]) });
    expect(parse.mock.calls.length).toBe(1);
    expect(after.users.get('memo-probe')?.[0]?.address).toBe('aws_iam_user.memo_probe');
  });

  it('keeps the lines of .tf.json files right when they are scanned again', async () => {
    clearScanMemo();
    const dir = join(FIXTURES, 'json');
    const first = users(await scanTerraform([dir], FIXTURES));
    expect(users(await scanTerraform([dir], FIXTURES))).toBe(first);
    expect(users(await scanTerraform([dir], FIXTURES))).toBe(first);
  });
});
