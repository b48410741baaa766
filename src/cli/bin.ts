/**
 * The `kpi-kit` binary: runs the command with the process's arguments and streams, and exits with
 * its code.
 *
 * @module
 */
import { run } from './main.js';

process.exitCode = await run(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
