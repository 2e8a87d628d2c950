// `npm test`: type-check, then vitest, then the plain closing line CI reads ("N passed, N failed").
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;

const tsc = run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
if (tsc !== 0) console.error('type-check failed');

mkdirSync('.tmp', { recursive: true });
const results = '.tmp/vitest-results.json';
const vitest = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}`,
  ...process.argv.slice(2),
]);

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const json = JSON.parse(readFileSync(results, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests;
  skipped = json.numPendingTests + json.numTodoTests;
  // A suite that failed to load has no tests in the counts: count it as a failure.
  failed += json.testResults.filter(
    (r) => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
} catch {
  failed += 1;
}
if (tsc !== 0) failed += 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(tsc !== 0 || vitest !== 0 || failed > 0 || passed === 0 ? 1 : 0);
