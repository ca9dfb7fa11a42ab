#!/usr/bin/env node
import { fsPlannerData } from '../fs/fs-planner-data.js';
import { runCli } from './program.js';
import { terminalProgress } from './progress.js';

/** A bug, not bad input: say so plainly, without a stack trace unless asked for. */
function internalError(error: unknown): void {
  process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write(
    'This is a bug in infersave; set INFERSAVE_DEBUG=1 for details and please report it.\n',
  );
  if (process.env.INFERSAVE_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  process.exitCode = 70;
}

// Output piped into `head` and the like: a closed pipe ends the run quietly, not with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  else internalError(error);
});

try {
  runCli(process.argv.slice(2), fsPlannerData, {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    exit: (code) => {
      process.exitCode = code;
    },
    progress: terminalProgress(process.stderr),
  }).catch(internalError);
} catch (error) {
  internalError(error);
}
