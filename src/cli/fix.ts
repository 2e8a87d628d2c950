import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CHECK_INPUT_OPTIONS, checkInputOf } from './args.js';
import type { CliIo } from './io.js';

/** `fix`: the verified edit plans as one diff (or written in place); 1 when some are manual. */
export async function fixCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      ...CHECK_INPUT_OPTIONS,
      rule: { type: 'string', multiple: true },
      user: { type: 'string', multiple: true },
      write: { type: 'boolean', default: false },
      output: { type: 'string' },
    },
  });
  const { runFix } = await import('../run/fix.js');
  const result = await runFix({
    ...checkInputOf(values, io.clock),
    rules: values.rule,
    users: values.user,
    write: values.write,
  });
  for (const m of result.manual)
    io.stderr(
      `iam-credential-gate: manual: ${m.user} (${m.rule}): ${m.reason}${m.file !== null ? ` — ${m.file}${m.line !== null ? `:${m.line}` : ''}` : ''}\n`,
    );
  const summary = `fix: ${result.fixed.length} verified, ${result.manual.length} manual; ${result.files.length} files ${values.write ? 'written' : 'in the patch'}`;
  if (values.output !== undefined) {
    await writeFile(values.output, result.patch);
    io.stderr(`iam-credential-gate: ${summary}; patch written to ${values.output}\n`);
  } else {
    if (!values.write) io.stdout(result.patch);
    io.stderr(`iam-credential-gate: ${summary}\n`);
  }
  return result.manual.length > 0 ? 1 : 0;
}
