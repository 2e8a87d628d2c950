import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { safeLine, safeLines } from '../../src/util/workflow-commands.js';
import { COMPLETE, FakeIam, iamError, iamResult, type IamReply } from '../helpers/fake-iam.js';
import { runAction, type ActionRun } from '../helpers/run-action.js';
import { runCli } from '../helpers/run-cli.js';

/** What a hostile IAM endpoint, report or policy would like the runner to obey. */
const HOSTILE =
  'oops\n::add-mask::secret\n::error::pwned\r\n  ::warning::x ##[add-mask]y\u0085::notice::z';
const BENIGN = 'oops';

/**
 * The workflow commands the runner would read from a step's output: lines that start with `::`
 * after white space (the runner's TrimStart), and lines holding the old `##[` form.
 */
function commands(output: string): string[] {
  return output
    .split(/\r\n|\r|\n/)
    .filter((line) => /^[\s\u0085]*::/u.test(line) || line.includes('##['))
    .map((line) => /^[\s\u0085]*(::[^\s:]*)/u.exec(line)?.[1] ?? '##[');
}

const commandLines = (r: ActionRun) => [...commands(r.stdout), ...commands(r.stderr)];

describe('safeLine', () => {
  it('never yields a line the runner reads as a command, and leaves plain text alone', () => {
    const alphabet = fc.constantFrom(
      ':',
      ':',
      '#',
      '[',
      ']',
      '\n',
      '\r',
      ' ',
      '\t',
      '\u0085',
      '\u2028',
      'a',
      '%',
    );
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 24 }).map((a) => a.join('')),
        (text) => {
          const line = safeLine(text);
          expect(commands(line)).toEqual([]);
          expect(line).not.toMatch(/[\r\n]/);
          const lines = safeLines(text); // line by line: the breaks kept, each line guarded
          expect(commands(lines)).toEqual([]);
          expect(lines.split('\n')).toHaveLength(text.split('\n').length);
        },
      ),
    );
    expect(safeLine('PR comment created: https://github.test/c/1.')).toBe(
      'PR comment created: https://github.test/c/1.',
    );
  });
});

describe('no data from AWS or input files starts a workflow command (the bundle, its stdout parsed)', () => {
  const servers: FakeIam[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  const REPORT = iamResult(
    'GetCredentialReport',
    `<Content>${readFileSync('examples/credential-report.csv').toString('base64')}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-11-21T08:00:00Z</GeneratedTime>`,
  );

  async function liveRun(reply: (action: string, n: number) => IamReply): Promise<ActionRun> {
    const server = new FakeIam(reply);
    await server.start();
    servers.push(server);
    const dir = mkdtempSync(join(tmpdir(), 'log-escape-'));
    return runAction({
      dir,
      inputs: { policy: 'examples/policy.yml', now: '2026-11-22T00:00:00Z', comment: 'never' },
      env: {
        AWS_ENDPOINT_URL_IAM: server.url,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
  }

  it('an IAM error message logged while polling (ReportExpired) stays one harmless line', async () => {
    const run = (message: string) =>
      liveRun((action, n) =>
        n === 1
          ? iamError(410, 'ReportExpired', message)
          : action === 'GenerateCredentialReport'
            ? COMPLETE
            : REPORT,
      );
    const [hostile, benign] = [await run(HOSTILE), await run(BENIGN)];
    expect(hostile.code).toBe(1); // the gate evaluated the fetched report, and failed
    expect(hostile.stdout).toContain(
      'ReportExpired: oops%0A::add-mask::secret%0A::error::pwned%0A  ::warning::x ##%5Badd-mask]y',
    );
    // Exactly the commands of the same run with a harmless message: ours, no more.
    expect(commandLines(hostile)).toEqual(commandLines(benign));
    expect(commandLines(hostile)).not.toContain('add-mask');
    expect(new Set(commandLines(hostile))).toEqual(new Set(['::debug', '::error', '::warning']));
  });

  it('the CLI in a workflow step: its stderr carries the AWS message but no command', async () => {
    const server = new FakeIam(() => iamError(403, 'AccessDenied', HOSTILE));
    await server.start();
    servers.push(server);
    const r = await runCli(
      ['fetch', '--output', join(mkdtempSync(join(tmpdir(), 'cli-')), 'r.csv')],
      {
        AWS_ENDPOINT_URL_IAM: server.url,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'AWS denied iam:GenerateCredentialReport: oops\n%3A:add-mask::secret',
    );
    expect(commands(r.stderr)).toEqual([]);
    expect(commands(r.stdout)).toEqual([]);
  });

  it('a fatal IAM error (AccessDenied) with the same message: one ::error line, the failure', async () => {
    const hostile = await liveRun(() => iamError(403, 'AccessDenied', HOSTILE));
    expect(hostile.code).toBe(1);
    expect(commandLines(hostile)).toEqual(['::debug', '::error']);
    const error = hostile.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '';
    expect(error).toMatch(
      /^::error::AWS denied iam:GenerateCredentialReport: oops%0A::add-mask::secret/,
    );
  });

  it('a report user name and a policy exemption reason holding commands reach the log escaped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-escape-files-'));
    const run = async (user: string, reason: string) => {
      const csv = readFileSync('examples/credential-report.csv', 'utf8').replace(
        /^mallory,/m,
        `"${user.replace(/"/g, '""')}",`,
      );
      const policy = readFileSync('examples/policy.yml', 'utf8')
        .replace('users: ["mallory"]', `users: [${JSON.stringify(user)}]`)
        .replace('"Hardware MFA key on order"', JSON.stringify(reason));
      writeFileSync(join(dir, 'report.csv'), csv);
      writeFileSync(join(dir, 'policy.yml'), policy);
      return runAction({
        dir,
        inputs: {
          policy: join(dir, 'policy.yml'),
          report: join(dir, 'report.csv'),
          now: '2026-11-22T00:00:00Z',
          comment: 'never',
        },
      });
    };
    // A user name is refused (an input error quoting it); a reason holding commands starts none.
    const badUser = await run(`mallory${HOSTILE}`, 'on order');
    expect(badUser.code).toBe(1);
    expect(badUser.stdout).toMatch(/^::error::.*is not an IAM user name/m);
    expect(commandLines(badUser)).toEqual(['::debug', '::error', '::error']);

    const [hostile, benign] = [
      await run('mallory', `on order${HOSTILE}`),
      await run('mallory', 'on order'),
    ];
    expect(hostile.stderr).toBe('');
    // an exempted finding is not annotated (GitHub shows 10 per step: they go to failing ones);
    // the reason reaches the log nowhere else (annotation() itself: test/render/injection.test.ts)
    expect(hostile.stdout).not.toMatch(/console-mfa%3A mallory/);
    expect(commandLines(hostile)).toEqual(commandLines(benign));
    expect(commandLines(hostile)).not.toContain('::add-mask');
  });
});
