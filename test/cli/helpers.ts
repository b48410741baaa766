import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll } from 'vitest';
import { run } from '../../src/cli/main.js';

/** How long a run may take before it counts as hung. */
const HANG_MS = 10_000;

/** What one run of the command gave. */
export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How the fake process streams look. */
export interface RunOptions {
  /** Bytes on standard input (ended after them); default: nothing (an ended, empty stream). */
  readonly stdin?: string | Buffer;
  /** Whether standard output is a terminal. */
  readonly stdoutTTY?: boolean;
  /** Whether standard error is a terminal. */
  readonly stderrTTY?: boolean;
  /** The least size of a CSV file read in parts by `--workers` (in-process: one part after the other). */
  readonly minParallelBytes?: number;
}

/** A writable stream that keeps what is written, optionally claiming to be a terminal. */
function sink(isTTY: boolean | undefined): { stream: PassThrough & { isTTY?: boolean; columns?: number }; text: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  if (isTTY !== undefined) stream.isTTY = isTTY;
  if (isTTY === true) stream.columns = 100;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs `kpi-kit <argv>` in-process and collects its exit code and output. */
export async function cli(argv: readonly string[], options: RunOptions = {}): Promise<Outcome> {
  const stdin = new PassThrough();
  if (options.stdin !== undefined) stdin.end(options.stdin);
  else stdin.end();
  const out = sink(options.stdoutTTY);
  const err = sink(options.stderrTTY);
  // A run takes milliseconds; one that never settles is reported as such rather than as a timeout.
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`kpi-kit ${argv.join(' ')}: did not finish within ${HANG_MS} ms`)), HANG_MS);
  });
  const code = await Promise.race([run(argv, { stdin, stdout: out.stream, stderr: err.stream, minParallelBytes: options.minParallelBytes }), hung]).finally(
    () => clearTimeout(timer),
  );
  // Let the PassThroughs hand over what was written.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: out.text(), stderr: err.text() };
}

/** The JSON report of a run that must have succeeded (exit 0). */
export async function report(argv: readonly string[], options: RunOptions = {}): Promise<Report> {
  const r = await cli(['report', ...argv, '--format', 'json'], options);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

/** The JSON report document, loosely typed for assertions. */
export interface Report {
  readonly records: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly metrics: Record<string, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly byPeriod?: Record<string, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly bySegment?: Record<string, any>;
  readonly excluded: Record<string, number>;
  readonly errors: { row: number | null; column: string | null; value: unknown; message: string }[];
  readonly source: Record<string, unknown>;
}

/** The absolute path of a fixture in test/cli/fixtures. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** A temporary directory for the files a test writes, removed after the file's tests. */
export function tempDir(): (name: string, content?: string | Buffer) => string {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-kit-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name, content) => {
    const path = join(dir, name);
    if (content !== undefined) writeFileSync(path, content);
    return path;
  };
}

/** A plain JSON copy (what the report holds for a library result). */
export function plain<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

export const MIN = 60_000;
export const H = 60 * MIN;
export const DAY = 24 * H;

/**
 * The command's binary (src/cli/bin.ts) bundled inside the repository, as dist/cli.js is built (so
 * that its dependencies resolve from node_modules), for a test that runs it as a process; `remove`
 * deletes it afterwards.
 */
export async function bundledBin(name: string): Promise<{ readonly bin: string; remove(): void }> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const out = join(root, 'node_modules', '.cache', `kpi-kit-${name}-test`);
  mkdirSync(out, { recursive: true });
  const bin = join(out, `cli-${process.pid}.mjs`);
  await build({
    entryPoints: [join(root, 'src/cli/bin.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bin,
    logLevel: 'silent',
  });
  return {
    bin,
    remove() {
      rmSync(bin, { force: true });
      if (readdirSync(out).length === 0) rmSync(out, { recursive: true, force: true });
    },
  };
}
