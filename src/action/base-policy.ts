import { execFile } from 'node:child_process';
import { basename, dirname, resolve, sep } from 'node:path';
import { POLICY_MAX_BYTES } from '../util/files.js';

const GIT_TIMEOUT_MS = 10_000;

interface GitResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

function git(args: string[], cwd: string): Promise<GitResult> {
  return new Promise((done) => {
    execFile(
      'git',
      args,
      { cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: POLICY_MAX_BYTES + 1024, encoding: 'utf8' },
      (error, stdout, stderr) => done({ ok: !error, stdout, stderr }),
    );
  });
}

/**
 * The policy file as it is at a pull request's base commit, read from the checkout with
 * `git show <sha>:<path>`: `{ text: null }` when the file did not exist there, `undefined`
 * (with the reason logged) when it cannot be known — the commit is not in the clone
 * (`actions/checkout` fetches one commit by default), no git, or a policy outside a repository.
 */
export async function readBasePolicy(
  baseSha: string | undefined,
  policyFile: string,
  log: (message: string) => void,
): Promise<{ text: string | null; label: string } | undefined> {
  if (baseSha === undefined) return undefined;
  if (!/^[0-9a-f]{40}$/i.test(baseSha)) {
    log(`Policy changes not listed: the base commit "${baseSha.slice(0, 60)}" is not a commit id.`);
    return undefined;
  }
  // git runs beside the policy file, so it finds the repository the file is in
  const file = resolve(policyFile);
  const cwd = dirname(file);
  const short = baseSha.slice(0, 7);
  const commit = await git(['cat-file', '-e', `${baseSha}^{commit}`], cwd);
  if (!commit.ok) {
    log(
      `Policy changes not listed: the base commit ${short} is not in the checkout (actions/checkout fetches one commit unless \`fetch-depth: 0\`).`,
    );
    return undefined;
  }
  const spec = `${baseSha}:./${basename(file)}`;
  const label = `${policyFile.split(sep).join('/')} at the base commit ${short}`;
  const exists = await git(['cat-file', '-e', spec], cwd);
  if (!exists.ok) return { text: null, label };
  const shown = await git(['show', spec], cwd);
  if (!shown.ok) {
    log(`Policy changes not listed: git show ${short}: ${shown.stderr.trim().slice(0, 200)}`);
    return undefined;
  }
  return { text: shown.stdout, label };
}
