import * as core from '@actions/core';
import { safeLine } from '../util/workflow-commands.js';

/**
 * `core.info` for text that may hold data (AWS, GitHub or input files), made one line that
 * cannot start a workflow command ({@link safeLine}). `core.error`, `core.warning`,
 * `core.notice`, `core.debug` and `core.setFailed` need no such help: they issue the message as
 * a command's data, which the toolkit escapes itself; `core.info` writes it raw.
 */
export const info = (text: string): void => core.info(safeLine(text));
