import { writeFile } from 'node:fs/promises';
import * as core from '@actions/core';
import { isInputError } from '../errors.js';
import { errorReportJson } from '../render/index.js';
import { errorSarifText } from '../render/sarif.js';
import { repositoryUris, type UriOf } from '../render/sarif-uri.js';
import { VERSION } from '../version.js';
import { confine, confinement } from './paths.js';

/** Every output of the action, set on every path (the error path included). */
export interface ActionOutputs {
  passed: boolean;
  /** `null`: unknown (the gate could not evaluate): the output is empty, never a made-up 0. */
  findings: number | null;
  failing: number | null;
  jsonFile: string | undefined;
  sarifFile: string | undefined;
  /** The message when the gate could not evaluate; empty when it did. */
  error: string;
}

/** Sets all six outputs, in a fixed order. */
export function setOutputs(o: ActionOutputs): void {
  core.setOutput('passed', String(o.passed));
  core.setOutput('findings', o.findings === null ? '' : String(o.findings));
  core.setOutput('failing', o.failing === null ? '' : String(o.failing));
  core.setOutput('json-file', o.jsonFile ?? '');
  core.setOutput('sarif-file', o.sarifFile ?? '');
  core.setOutput('error', o.error);
}

/** SARIF URIs relative to the repository: GITHUB_WORKSPACE, else the working directory. */
export const sarifUris = (): UriOf =>
  repositoryUris(process.env.GITHUB_WORKSPACE || process.cwd(), process.cwd());

/**
 * The output files when the inputs could not all be read: each taken only when it is confined
 * (a file that may not be written is left out, never written).
 */
export function rawOutputFiles(): { jsonFile: string | undefined; sarifFile: string | undefined } {
  const safe = (name: string): string | undefined => {
    const file = core.getInput(name) || undefined;
    if (file === undefined) return undefined;
    try {
      confine(
        confinement(process.env, core.getMultilineInput('allowed-paths')),
        name,
        file,
        'write',
      );
      return file;
    } catch {
      return undefined;
    }
  };
  return { jsonFile: safe('json-file'), sarifFile: safe('sarif-file') };
}

/**
 * The error path: a JSON report and a SARIF log that say the gate could not evaluate (a merge
 * lists the account as errored; code scanning records a failed analysis, not a clean one), and
 * every output, `error` holding the message. A file that cannot be written is left out of the
 * outputs, so none points at a stale file.
 */
export async function publishError(
  message: string,
  error: unknown,
  files: { jsonFile: string | undefined; sarifFile: string | undefined },
  account: { id: string | null; label: string | null },
): Promise<void> {
  const written = async (file: string | undefined, text: () => string) =>
    file === undefined
      ? undefined
      : await writeFile(file, text()).then(
          () => file,
          () => undefined,
        );
  const place = isInputError(error) ? error.place : {};
  const jsonFile = await written(files.jsonFile, () => errorReportJson(message, account, VERSION));
  const sarifFile = await written(files.sarifFile, () =>
    errorSarifText(message, VERSION, account.id, place, sarifUris()),
  );
  setOutputs({ passed: false, findings: null, failing: null, jsonFile, sarifFile, error: message });
}
