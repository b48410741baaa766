/**
 * The binary writing into a pipe whose reader has gone (`kpi-kit report file.csv | head`): it ends
 * with the exit code it would have had, with no stack trace for the lost output.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bundledBin, fixture } from './helpers.js';

/** Runs the binary with its standard output read by nobody (the pipe closed at once). */
function runClosed(bin: string, args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('kpi-kit into a closed pipe', () => {
  it('ends with its own exit code and no stack trace (a report, the help)', async () => {
    const { bin, remove } = await bundledBin('pipe');
    try {
      const report = await runClosed(bin, ['report', fixture('kpi-kit.csv'), '--format', 'json', '--on-invalid', 'exclude']);
      expect(report.stderr).not.toMatch(/EPIPE|Unhandled|at .*\(/);
      expect(report.code).toBe(0);
      const help = await runClosed(bin, ['report', '--help']);
      expect(help.stderr).not.toMatch(/EPIPE|Unhandled|at .*\(/);
      expect(help.code).toBe(0);
      // A usage error keeps its code (2) and its message.
      const usage = await runClosed(bin, ['report', fixture('kpi-kit.csv'), '--workers', '0']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('--workers must be an integer from 1 to 64');
    } finally {
      remove();
    }
  }, 60_000);
});
