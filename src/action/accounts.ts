import * as core from '@actions/core';
import { checkRoleArnTemplate, checkSessionName } from '../aws/assume-role.js';
import { readAccounts } from '../run/account-list.js';
import { checkAccounts, describeOutcome, exitCodeOf } from '../run/check-accounts.js';
import { runMerge } from '../run/merge.js';
import type { AccountsInputs, ActionInputs } from './inputs.js';
import { info } from './log.js';
import { mergedFiles, publishMerged, type PullRequestEvent } from './main.js';

/**
 * Input `accounts`: each account checked through its role, its report in `output-dir`; the
 * job summary, outputs and verdict are those of the merge of the job's accounts (what the
 * organization's merge will say of them).
 */
export async function accountsMode(
  inputs: ActionInputs,
  a: AccountsInputs,
  pr: PullRequestEvent | undefined,
): Promise<void> {
  checkRoleArnTemplate(a.roleArnTemplate, 'input `role-arn-template`');
  checkSessionName(a.roleSessionName, 'input `role-session-name`');
  const accounts = await readAccounts(a.accounts, 'input `accounts`');
  const now = inputs.now ?? Date.now();
  core.info(`Checking ${accounts.length} account(s), ${a.concurrency} at a time.`);
  const outcomes = await checkAccounts({
    accounts,
    roleArnTemplate: a.roleArnTemplate,
    roleSessionName: a.roleSessionName,
    outputDir: a.outputDir,
    policyFile: inputs.policy,
    now,
    failOn: inputs.failOn,
    failOnSource: 'input `fail-on`',
    terraformDirs: inputs.terraformDirs,
    terraformDirSource: 'input `terraform-dir`',
    terraformState: inputs.terraformState,
    concurrency: a.concurrency,
    accountTimeoutMs: a.timeoutSeconds * 1000,
    log: (line) => info(line), // may hold an AWS error message
  });
  const merged = await runMerge(
    outcomes.map((o) => o.file),
    {
      now,
      failOn: inputs.failOn,
      maxReportAgeHours: inputs.maxReportAgeHours,
      ...mergedFiles(inputs),
    },
  );
  await publishMerged(merged, inputs, pr, merged.passed && exitCodeOf(outcomes) === 0);
  core.setOutput('output-dir', a.outputDir);
  const errored = outcomes.filter((o) => o.status === 'errored');
  for (const o of errored.slice(0, 10))
    core.warning(describeOutcome(o), { title: 'iam-credential-gate: account not checked' });
  const s = merged.summary;
  const verdict = `${s.accounts} accounts: ${s.passed} passed, ${s.failed} failed, ${s.errored} errored; ${s.failing} failing findings; reports in ${a.outputDir}`;
  if (merged.passed && errored.length === 0) core.info(`IAM credential gate passed: ${verdict}.`);
  else core.setFailed(`IAM credential gate failed: ${verdict}.`);
}
