import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/render/text.js';
import { runCheck } from '../../src/run/check.js';
import { USAGE } from '../../src/cli/main.js';
import { cloneReport } from '../helpers/clone-report.js';

const ESC = '\u001b';
const ARGS = [
  'check',
  '--report',
  'examples/credential-report.csv',
  '--policy',
  'examples/policy.yml',
  '--terraform-dir',
  'examples/terraform',
  '--now',
  '2026-11-22T00:00:00Z',
];
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The bundle on a pseudo-terminal (util-linux `script`): stdout is a TTY, as in a shell. */
function onTerminal(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(
    'script',
    ['-qec', `${quote(process.execPath)} dist/cli.js ${args.map(quote).join(' ')}`, '/dev/null'],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TERM: 'xterm', ...env } },
  );
  return { code: r.status, out: r.stdout.replace(/\r\n/g, '\n') };
}
const piped = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('--format text', async () => {
  const report = await runCheck({
    reportFile: 'examples/credential-report.csv',
    policyFile: 'examples/policy.yml',
    terraformDirs: ['examples/terraform'],
    now: Date.parse('2026-11-22T00:00:00Z'),
  });

  it('starts with the verdict, then every failing finding with its fix, in aligned columns', () => {
    const text = renderText(report);
    const lines = text.split('\n');
    expect(lines[0]).toBe(
      'FAILED  16 failing of 34 findings (fail_on high) · 21 users · account 123456789012',
    );
    expect(text).not.toContain(ESC);
    // no Markdown: neither escapes nor code-span backticks nor tables
    expect(text).not.toMatch(/\\[_:*[\]]|`|\|/);
    const rows = lines.filter((l) => /^ {2}(critical|high|medium|low) /.test(l));
    expect(rows).toHaveLength(34);
    // the columns line up: the user column starts at the same place on every row
    const userColumn = new Set(rows.map((l) => l.search(/(?<=\S {2,})\S+ +\S+$/)));
    expect(userColumn.size).toBeLessThanOrEqual(2);
    const header = lines.find((l) => l.includes('SEVERITY')) as string;
    const carol = rows.find((l) => l.includes(' carol ')) as string;
    expect(carol.indexOf('carol')).toBe(header.indexOf('USER'));
    expect(carol.indexOf('examples/terraform/iam/users.tf:3')).toBe(header.indexOf('WHERE'));
    expect(lines.filter((l) => l.trimStart().startsWith('fix: '))).toHaveLength(16);
    expect(text).toContain(
      'fix: Remove the console password (login profile) of the user. In Terraform: verified edit plan: delete aws_iam_user_login_profile.carol (examples/terraform/iam/users.tf:7-10); terraform plan should then show 1 to destroy: aws_iam_user_login_profile.carol;',
    );
  });

  it('colours only when asked, and data never writes an escape sequence of its own', () => {
    const coloured = renderText(report, { color: true });
    expect(coloured.split('\n')[0]).toBe(
      `${ESC}[1;31mFAILED${ESC}[0m  16 failing of 34 findings (fail_on high) · 21 users · account 123456789012`,
    );
    const hostile = cloneReport(report);
    (hostile.findings[5] as { user: string }).user = `eve${ESC}]0;pwned\u0007${ESC}[2J`;
    (hostile.findings[5] as { message: string }).message = `x${ESC}[31m\r\ny`;
    for (const color of [false, true]) {
      const text = renderText(hostile, { color });
      // only the renderer's own SGR sequences: ESC [ digits ; m
      expect(text.replace(new RegExp(`${ESC}\\[[\\d;]*m`, 'g'), '').replace(/\n/g, '')).not.toMatch(
        /\p{Cc}/u,
      );
    }
  });

  it('is the default on a terminal, coloured; NO_COLOR turns colour off; piped, Markdown stays the default', () => {
    const tty = onTerminal(ARGS);
    expect(tty.code).toBe(1);
    expect(tty.out.startsWith(`${ESC}[1;31mFAILED${ESC}[0m  16 failing of 34 findings`)).toBe(true);
    const plain = onTerminal(ARGS, { NO_COLOR: '1' });
    expect(plain.out.startsWith('FAILED  16 failing of 34 findings')).toBe(true);
    expect(plain.out).not.toContain(ESC);
    const pipe = piped(ARGS);
    expect(pipe.code).toBe(1);
    expect(pipe.stdout).toMatch(/^## ❌ IAM credential gate failed/);
    // asked for on a pipe: text, never coloured
    const text = piped([...ARGS, '--format', 'text']);
    expect(text.stdout.startsWith('FAILED  16 failing')).toBe(true);
    expect(text.stdout).not.toContain(ESC);
  });

  it('looks right in a real terminal (tmux capture-pane)', () => {
    const session = `icg-${process.pid}`;
    const tmux = (...a: string[]) => execFileSync('tmux', a, { encoding: 'utf8' });
    /** Types `command` in the pane and returns the whole screen (history too) once it is done. */
    let runs = 0;
    const typed = (command: string): string => {
      const n = ++runs;
      tmux('clear-history', '-t', session);
      tmux(
        'send-keys',
        '-t',
        session,
        `clear; ${command}; echo "$((40+${n}))-finished $?"`,
        'Enter',
      );
      for (let i = 0; i < 150; i++) {
        execFileSync('sleep', ['0.1']);
        const screen = tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session);
        if (new RegExp(`^${40 + n}-finished`, 'm').test(screen)) return screen;
      }
      throw new Error('the command did not finish in the pane');
    };
    const cli = `${quote(process.execPath)} dist/cli.js ${ARGS.map(quote).join(' ')}`;
    try {
      tmux('new-session', '-d', '-s', session, '-x', '400', '-y', '60', '-c', process.cwd());
      tmux('set-option', '-t', session, 'history-limit', '5000');
      const screen = typed(`${cli} --fail-on never`).split('\n');
      const first = screen.findIndex((l) => l.startsWith('PASSED'));
      expect(screen[first]).toBe(
        'PASSED  0 failing of 34 findings (fail_on never) · 21 users · account 123456789012',
      );
      // aligned, as seen: the header's columns over every row
      const header = screen.find((l) => l.startsWith('  SEVERITY')) as string;
      const rows = screen.filter((l) => /^ {2}(critical|high|medium|low) /.test(l));
      expect(rows).toHaveLength(34);
      for (const row of rows) expect(row.charAt(header.indexOf('RULE') - 1)).toBe(' ');
      expect(screen.some((l) => l.includes('\\_') || l.includes('`'))).toBe(false);
      const quiet = typed(`${cli} --quiet`).split('\n');
      const done = quiet.indexOf('42-finished 1');
      expect(quiet.slice(done - 1, done + 1)).toEqual([
        'FAILED  16 failing of 34 findings (fail_on high) · 21 users · account 123456789012',
        '42-finished 1',
      ]);
      expect(runs).toBe(2);
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  });
});

describe('check: several outputs in one run, --quiet, --help', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-outputs-'));

  it('writes JSON, SARIF and Markdown files beside the format on stdout', () => {
    const [json, sarif, md] = ['r.json', 'r.sarif', 'r.md'].map((f) => join(dir, f)) as [
      string,
      string,
      string,
    ];
    const r = piped([
      ...ARGS,
      '--format',
      'text',
      '--json-file',
      json,
      '--sarif-file',
      sarif,
      '--markdown-file',
      md,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('FAILED')).toBe(true);
    expect(JSON.parse(readFileSync(json, 'utf8')).summary.failing).toBe(16);
    expect(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results).toHaveLength(31);
    expect(readFileSync(md, 'utf8')).toMatch(/^## ❌ IAM credential gate failed/);
    expect(r.stderr).toContain(`json written to ${json}`);
    expect(r.stderr).toContain(`sarif written to ${sarif}`);
    expect(r.stderr).toContain(`markdown written to ${md}`);
    const all = piped([...ARGS, '--sarif-file', sarif, '--sarif-include-exempted', '--quiet']);
    expect(all.code).toBe(1);
    expect(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results).toHaveLength(34);
  });

  it('--quiet prints the verdict line only (and errors), and still writes the files', () => {
    const json = join(dir, 'q.json');
    const r = piped([...ARGS, '--quiet', '--json-file', json]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'FAILED  16 failing of 34 findings (fail_on high) · 21 users · account 123456789012\n',
    );
    expect(r.stderr).toBe('');
    expect(JSON.parse(readFileSync(json, 'utf8')).passed).toBe(false);
    const bad = piped([
      'check',
      '--quiet',
      '--report',
      join(dir, 'nope.csv'),
      '--policy',
      'examples/policy.yml',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/nope\.csv/);
  });

  it('on an input error, every requested JSON and SARIF file says the check could not evaluate', () => {
    const [json, sarif] = [join(dir, 'e.json'), join(dir, 'e.sarif')];
    const r = piped([
      'check',
      '--report',
      join(dir, 'nope.csv'),
      '--policy',
      'examples/policy.yml',
      '--json-file',
      json,
      '--sarif-file',
      sarif,
    ]);
    expect(r.code).toBe(2);
    expect(JSON.parse(readFileSync(json, 'utf8')).error.message).toMatch(/nope\.csv/);
    const log = JSON.parse(readFileSync(sarif, 'utf8'));
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(
      /nope\.csv/,
    );
  });

  // every command the usage lists (a new one without its help fails here)
  const commands = [
    ...new Set(
      [...USAGE.matchAll(/^ {2}iam-credential-gate ([a-z][a-z-]*)/gm)].map((m) => m[1] as string),
    ),
  ];
  it('the usage lists the commands', () => {
    expect(commands).toEqual(expect.arrayContaining(['check', 'fix', 'merge', 'presets']));
  });
  it.each(commands)('%s --help / -h: exit 0 with that command’s options', (command) => {
    for (const flag of ['--help', '-h']) {
      const r = piped([command, flag]);
      expect(r.code, flag).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^Usage: iam-credential-gate ${command}\\b`));
      expect(r.stdout).toMatch(/--help, -h/);
    }
  });

  it('check --help lists every option check takes', () => {
    const help = piped(['check', '--help']).stdout;
    for (const option of [
      '--report',
      '--policy',
      '--terraform-dir',
      '--terraform-state',
      '--report-generated-at',
      '--now',
      '--fail-on',
      '--account-label',
      '--account-id',
      '--base-policy',
      '--format text|markdown|json|sarif',
      '--output',
      '--json-file',
      '--sarif-file',
      '--markdown-file',
      '--sarif-include-exempted',
      '--quiet',
    ])
      expect(help).toContain(option);
  });
});
