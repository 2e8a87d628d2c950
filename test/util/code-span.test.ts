import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeSpan, generalCodeSpan } from '../../src/util/code-span.js';

describe('codeSpan', () => {
  it('writes what its general rule writes, shortcut or not (property)', () => {
    const unit = fc.oneof(
      fc.constantFrom(
        '`',
        '``',
        ' ',
        '\n',
        '\r',
        '\t',
        '\u0000',
        '\u007f',
        '\u0085',
        '\u2028',
        '\u2029',
        'a',
        '-',
        '.',
        ':',
        '/',
        '\ud800',
        'é',
        '😀',
      ),
      fc.string({ unit: 'binary', maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 8 }), (parts) => {
        const value = parts.join('');
        expect(codeSpan(value)).toBe(generalCodeSpan(value));
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes the shortcut for names, addresses and places, and not for what needs more', () => {
    for (const value of ['alice', 'aws_iam_user.alice', 'main.tf:12', 'a b', 'x '])
      expect(codeSpan(value)).toBe(`\`${value}\``);
    expect(codeSpan('')).toBe('`  `');
    expect(codeSpan(' a ')).toBe('`  a  `');
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('a\nb')).toBe('`a b`');
  });
});
