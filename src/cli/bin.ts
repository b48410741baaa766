/**
 * The `kpi-kit` binary: runs the command with the process's arguments and streams, and exits with
 * its code. Started as a worker thread (by `--workers`), it serves the parts of a file instead.
 *
 * @module
 */
import { isMainThread } from 'node:worker_threads';
import { run } from './main.js';
import { serveTasks } from './parallel.js';

if (isMainThread) {
  // A reader that stops early (`kpi-kit report file.csv | head`) closes the pipe: what is left of
  // the output has nowhere to go, and the command ends as it would have, without a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.exitCode = await run(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    workerScript: new URL(import.meta.url),
  });
} else serveTasks();
