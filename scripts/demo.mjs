// `npm run demo`: the gate on the bundled example, as a user runs it. The example is built to
// fail (exit code 1); the demo says so instead of letting npm call it an error.
import { spawnSync } from 'node:child_process';

const args = [
  'dist/cli.js',
  'check',
  '--report',
  'examples/credential-report.csv',
  '--policy',
  'examples/policy.yml',
  '--terraform-dir',
  'examples/terraform',
  // The example report is dated relative to this instant; fix it so the demo never drifts.
  '--now',
  '2026-11-22T00:00:00Z',
  ...process.argv.slice(2),
];
console.error(`$ iam-credential-gate ${args.slice(1).join(' ')}\n`);
const { status } = spawnSync(process.execPath, args, { stdio: 'inherit' });
console.error(
  `\nexit code ${status}: ${status === 0 ? 'the gate passed' : status === 1 ? 'the gate failed, as the example is meant to' : 'input error'}`,
);
process.exit(status === 1 ? 0 : (status ?? 2));
