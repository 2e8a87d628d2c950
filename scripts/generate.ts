// Writes the generated artefacts: schema/policy.schema.json and docs/policy-reference.md.
// A test fails when the committed copies differ from what this writes.
import { mkdir, writeFile } from 'node:fs/promises';
import { buildPolicySchema } from '../src/policy/schema.js';
import { renderPolicyReference } from '../src/policy/reference.js';

export const GENERATED: Record<string, () => string> = {
  'schema/policy.schema.json': () => `${JSON.stringify(buildPolicySchema(), null, 2)}\n`,
  'docs/policy-reference.md': renderPolicyReference,
};

if (process.argv[1]?.endsWith('generate.ts')) {
  await mkdir('schema', { recursive: true });
  await mkdir('docs', { recursive: true });
  for (const [file, make] of Object.entries(GENERATED)) await writeFile(file, make());
}
