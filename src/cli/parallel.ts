/**
 * `kpi-kit report --workers N`: a CSV file read by N workers at once, each over a byte range that
 * starts at a row boundary (see ./split.ts), each feeding its own copy of the report's accumulators;
 * their states are merged in file order, which gives the report of the whole file — the same
 * figures, the same row numbers and the same errors as one reader, because each range numbers its
 * rows and lines from where it starts in the file.
 *
 * Workers are threads running the command's own script (the built `dist/cli.js`: its entry sees it
 * is not the main thread and serves tasks). Where no script is given (the command run in-process, as
 * the tests do), the same tasks run one after the other in this thread: the splitting and merging
 * are the same, only not concurrent.
 *
 * @module
 */
import { type Readable } from 'node:stream';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Worker, parentPort } from 'node:worker_threads';
import { businessCalendar, type BusinessHoursSpec } from '../time/calendar.js';
import type { ReportError } from '../report/index.js';
import type { ColumnSpec } from './columns.js';
import { InputError, csvRangeByteBatches } from './input.js';
import { findHeaderEnd } from './csv-bytes.js';
import { type BuilderSnapshot, ReportBuilder, type ReportSettings, RowError } from './report.js';
import { type RowEnd, type RowRange, type Survey, rangesOf, surveyWindow, windowsOf } from './split.js';

/** How much more than each other part this thread reads, as a share of a part (see `windowsOf`). */
const FIRST_PART_LEAD = 0.2;

/** Below this size a file is read by one reader, whatever `--workers` says: threads would cost more than they save. */
export const MIN_PARALLEL_BYTES = 4 * 1024 * 1024;

/**
 * Without `--workers`, a file is read in parts from this size on: on 2 cores, 2 workers took 1.10×
 * one reader's time at 141 MiB, 0.91× at 353 MiB and 0.84× at 707 MiB (each thread pays for loading
 * and warming up the command's code, the parts are surveyed and the threads' states merged).
 */
export const DEFAULT_PARALLEL_BYTES = 256 * 1024 * 1024;

/** How a CSV file can be split: where its data starts, its row ends, and its header's lines. */
export interface SplitPlan {
  readonly path: string;
  readonly size: number;
  /** The first byte after the header's row end. */
  readonly dataStart: number;
  readonly rowEnd: RowEnd;
  /** Lines of the header, its row end included (1 unless a header cell holds a line break). */
  readonly headerLines: number;
}

/**
 * Where the header of a CSV file ends, if the file can be split: its first row end outside quotes
 * is an LF or a CRLF (a CR-only file, or one with empty lines before the header, is read by one
 * reader). Reads the file's first 64 KiB, then twice as much at a time while the header's end is not
 * in them, up to 8 MiB (the bound of a row).
 */
export function planSplit(path: string, size: number): SplitPlan | null {
  const fd = openSync(path, 'r');
  try {
    const most = Math.min(size, 8 * 1024 * 1024 + 3);
    for (let length = Math.min(most, 64 * 1024); ; length = Math.min(most, length * 2)) {
      const head = Buffer.allocUnsafe(length);
      const n = readSync(fd, head, 0, length, 0);
      const end = findHeaderEnd(head.subarray(0, n));
      if (end !== null) return { path, size, ...end };
      if (length >= most || n < length) return null;
    }
  } finally {
    closeSync(fd);
  }
}

/** What a worker needs to read one range: plain data, sent to a thread as it is. */
export interface RangeTask {
  readonly plan: SplitPlan;
  readonly range: RowRange;
  readonly delimiter: string;
  readonly header: readonly string[];
  /** The columns read (indexes into the header): the others are not made into strings. */
  readonly columns: readonly number[];
  readonly specs: readonly ColumnSpec[];
  /** The report settings, the calendar as its spec. */
  readonly settings: Omit<ReportSettings, 'calendar'> & { readonly calendar?: BusinessHoursSpec | undefined };
  /** The name of the input in messages. */
  readonly name: string;
  /** Records per batch. */
  readonly batch: number;
}

/** How a range was read: its builder's snapshot (none when read into a given builder), or the row or input error that stopped it. */
export type RangeOutcome =
  | { readonly kind: 'ok'; readonly snapshot: BuilderSnapshot | null }
  | { readonly kind: 'row'; readonly error: ReportError }
  | { readonly kind: 'input'; readonly message: string };

/** Reads one range into `into`, or into a fresh builder whose snapshot it returns. */
export async function readRange(task: RangeTask, into?: ReportBuilder): Promise<RangeOutcome> {
  let builder = into;
  if (builder === undefined) {
    const { calendar, ...rest } = task.settings;
    const settings: ReportSettings = { ...rest, ...(calendar === undefined ? {} : { calendar: businessCalendar(calendar) }) };
    builder = new ReportBuilder(task.specs, settings, task.header);
  }
  const { range, plan } = task;
  // 1 MiB reads: fewer waits for the disk between batches than 64 KiB ones.
  const stream: Readable = createReadStream(plan.path, { start: range.start, end: Math.max(range.start, range.end - 1), highWaterMark: 1 << 20 });
  try {
    if (range.end > range.start) {
      const batches = csvRangeByteBatches(stream, {
        name: task.name,
        delimiter: task.delimiter,
        rowEnd: plan.rowEnd,
        width: task.header.length,
        columns: task.columns,
        firstRow: range.rowsBefore + 1,
        firstLine: range.linesBefore + 1,
        size: task.batch,
      });
      for await (const batch of batches) builder.add(batch);
    }
  } catch (e) {
    if (e instanceof RowError) return { kind: 'row', error: e.error };
    if (e instanceof InputError) return { kind: 'input', message: e.message };
    throw e;
  } finally {
    stream.destroy();
  }
  return { kind: 'ok', snapshot: into === undefined ? builder.snapshot() : null };
}

/** Worker threads that survey windows and read ranges (see {@link threadPool}). */
export interface Pool {
  survey(plan: SplitPlan, windows: readonly [number, number][]): Promise<Survey[]>;
  read(tasks: readonly RangeTask[]): Promise<RangeOutcome[]>;
  close(): Promise<void>;
}

type Request = { readonly id: number; readonly survey: { plan: SplitPlan; window: [number, number] } } | { readonly id: number; readonly read: RangeTask };
type Reply = { readonly id: number; readonly survey?: Survey; readonly read?: RangeOutcome; readonly error?: string };

/** `count` threads running `script` (the command's own file), each serving one request at a time. */
export function threadPool(script: URL, count: number): Pool {
  const workers = Array.from({ length: count }, () => new Worker(script));
  const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  let next = 0;
  for (const w of workers) {
    w.on('message', (reply: Reply) => {
      const wait = waiting.get(reply.id);
      waiting.delete(reply.id);
      if (reply.error !== undefined) wait?.reject(new Error(reply.error));
      else wait?.resolve(reply);
    });
    w.on('error', (e) => {
      for (const wait of waiting.values()) wait.reject(e);
      waiting.clear();
    });
  }
  const ask = (i: number, request: Omit<Request, 'id'>): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      (workers[i % count] as Worker).postMessage({ id, ...request });
    });
  return {
    survey: async (plan, windows) => (await Promise.all(windows.map((window, i) => ask(i, { survey: { plan, window } })))).map((r) => r.survey as Survey),
    read: async (tasks) => (await Promise.all(tasks.map((read, i) => ask(i, { read })))).map((r) => r.read as RangeOutcome),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** The body of a worker thread: serves surveys and range reads until terminated. */
export function serveTasks(): void {
  const port = parentPort;
  if (port === null) return;
  port.on('message', (request: Request) => {
    void (async () => {
      try {
        if ('survey' in request) {
          const { plan, window } = request.survey;
          port.postMessage({ id: request.id, survey: surveyWindow(plan.path, window[0], window[1], plan.rowEnd) } satisfies Reply);
        } else port.postMessage({ id: request.id, read: await readRange(request.read) } satisfies Reply);
      } catch (e) {
        port.postMessage({ id: request.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies Reply);
      }
    })();
  });
}

/**
 * Reads a split CSV file in `parts` ranges into `builder` (which has read nothing): this thread
 * surveys the first two windows and reads the first range itself (into `builder`) while the pool's
 * threads survey the other windows and read the other ranges;
 * then the others' snapshots are absorbed in file order. Without a pool every range is read here,
 * one after the other, each into its own builder as a thread would (the same splitting and merging).
 * Returns false when a range met broken CSV: the file is then to be read again by one reader, for the
 * exact error, into a new builder (`builder` may hold part of the file).
 * @throws {@link RowError} for the first row (in file order) that stops the report (`--on-invalid fail`).
 */
export async function readSplit(
  pool: Pool | null,
  plan: SplitPlan,
  parts: number,
  builder: ReportBuilder,
  task: Omit<RangeTask, 'plan' | 'range'>,
): Promise<boolean> {
  // This thread starts reading before the threads (which load the command first): its part is
  // larger by a fifth of a part (on 2 cores, both then end at about the same time).
  const windows = windowsOf(plan.dataStart, plan.size, parts, pool === null ? 0 : FIRST_PART_LEAD);
  // This thread surveys its own window and the next one while the threads start (a thread's first
  // answer comes after it has loaded the command's script); the threads survey the others, if any.
  const own = windows.slice(0, 2);
  const others = windows.slice(2);
  const surveying = pool === null || others.length === 0 ? undefined : pool.survey(plan, others);
  // (Of the last window, only where its first row starts is needed.)
  const last = windows.length - 1;
  const mine = own.map(([a, b], k) => surveyWindow(plan.path, a, b, plan.rowEnd, k === last));
  const rest = surveying === undefined ? others.map(([a, b], k) => surveyWindow(plan.path, a, b, plan.rowEnd, k + 2 === last)) : await surveying;
  const tasks = rangesOf([...mine, ...rest], plan.headerLines, plan.size).map((range): RangeTask => ({ ...task, plan, range }));
  if (tasks.length === 0) return true;
  const reading = pool?.read(tasks.slice(1));
  // Not left unhandled while this thread reads (a pool that fails is reported by the await below).
  reading?.catch(() => undefined);
  const outcomes: RangeOutcome[] = [await readRange(tasks[0] as RangeTask, builder)];
  // A first range that stops decides at once (its rows come first); the caller ends the pool.
  if (outcomes[0]?.kind === 'input') return false;
  if (outcomes[0]?.kind === 'row') throw new RowError(outcomes[0].error);
  if (reading !== undefined) outcomes.push(...(await reading));
  else for (const t of tasks.slice(1)) outcomes.push(await readRange(t));
  for (const o of outcomes) {
    if (o.kind === 'input') return false;
    if (o.kind === 'row') throw new RowError(o.error);
  }
  for (const o of outcomes) if (o.kind === 'ok' && o.snapshot !== null) builder.absorb(o.snapshot);
  return true;
}
