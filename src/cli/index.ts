#!/usr/bin/env node
import { runCli, stdoutState } from './main.js';

// A reader that stops early (`| head`) closes the pipe: stop writing, keep the exit code.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  stdoutState.closed = true;
});

process.exitCode = await runCli(process.argv.slice(2));
