#!/usr/bin/env node
import { tiering } from '../util/tiering.js';
import { isShortRun, runCli, stdoutState } from './main.js';

// A reader that stops early (`| head`) closes the pipe: stop writing, keep the exit code.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  stdoutState.closed = true;
});

const argv = process.argv.slice(2);
// One account's check, or a fix, is a short run: V8 is asked to optimise later (util/tiering.ts).
if (isShortRun(argv)) tiering.shortRun();

process.exitCode = await runCli(argv);
