/**
 * The `kpi-kit` command: `kpi-kit report <file|-> [options]` reads a help-desk export and writes a
 * report of every metric its columns allow. Node only. `run` takes its arguments and streams, so
 * that tests call it in-process; the binary (bin.ts) passes the process's own.
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { Command, CommanderError, Option } from 'commander';
import { KpiInputError } from '../core/errors.js';
import { renderReport, type ReportDocument } from '../report/index.js';
import { SLA_KINDS, parseDuration, parseSla } from './options.js';
import { businessCalendar, type BusinessCalendar, type BusinessHoursSpec } from '../time/calendar.js';
import { PERIOD_UNITS, type PeriodUnit } from '../time/period.js';
import { TimestampReader } from '../time/timestamp.js';
import { isTimeZone } from '../time/zone.js';
import { TICKET_FIELDS, type TicketField } from '../support/ticket.js';
import { PRESETS, UNITS, UsageError, resolveColumns } from './columns.js';
import { type Histories, readHistories } from './histories.js';
import { INPUT_FORMATS, type InputFormat, InputError, type RecordBatch, openSource } from './input.js';
import type { ByteBatch } from './csv-bytes.js';
import { ReportBuilder, RowError, specsRead } from './report.js';
import { DEFAULT_PARALLEL_BYTES, MIN_PARALLEL_BYTES, type Pool, planSplit, readSplit, threadPool } from './parallel.js';
import { ENGINES, type Engine, duckdbReport, duckdbSummary, isParquetPath } from './engine-duckdb.js';

/** The streams the command reads and writes. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable & { readonly isTTY?: boolean };
  readonly stderr: Writable & { readonly isTTY?: boolean };
  /**
   * The command's own script (the built `dist/cli.js`), which `--workers` starts as worker threads.
   * Without it (the command run in-process) the parts of a split file are read one after the other.
   */
  readonly workerScript?: URL | undefined;
  /**
   * The least size of a file read in parts (default {@link DEFAULT_PARALLEL_BYTES}, or
   * {@link MIN_PARALLEL_BYTES} with an explicit `--workers`; tests split small files).
   */
  readonly minParallelBytes?: number | undefined;
}

/** The most workers `--workers` may ask for. */
export const MAX_WORKERS = 64;

/** Exit codes. */
export const EXIT = Object.freeze({ ok: 0, internal: 1, input: 2 });

/**
 * Records per batch handed to the metrics: small enough that a batch's rows and tickets die young
 * (4,096 kept them alive across young-generation collections: ~4× the GC time, ratio to the
 * parser 1.6× → 1.3×), large enough to keep the per-batch work negligible.
 */
const BATCH = 512;
/** CSV rows per batch when read as bytes: the metrics take each batch's columns whole. */
const BYTE_BATCH = 8192;

const OUTPUT_FORMATS = ['table', 'json', 'markdown', 'html'] as const;
/** The scales of `--csat-scale` (the survey scales of `csat`). */
const CSAT_SCALES: readonly string[] = ['1-5', '1-3', '1-7', '1-10', '0-10', 'binary'];
type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const EXIT_TEXT = `
Exit codes:
  0  the report was written (rows left out by --on-invalid exclude are listed in it)
  1  an unexpected internal error (please report it, with the command line)
  2  bad input: an unreadable file, an unknown option or column, an unparsable value (the message
     names the row, 1-based with the header excluded, the column and the value)`;

const REPORT_HELP = `
Columns
  Each ticket field is read from one column. Without --preset, a preset is chosen when the
  header has its columns, else columns named like the fields are taken (created_at, Created At →
  createdAt; a column "contacts" is read as contactCount when none is named so). --map
  field=column adds or replaces one. Fields:
    ${Object.entries(TICKET_FIELDS)
      .map(([f, k]) => `${f} (${k})`)
      .join(', ')
      .replace(/(.{1,92})(, |$)/g, '$1$2\n    ')
      .replace(/ +\n/g, '\n')
      .trimEnd()}
  Timestamps are ISO 8601 ("2024-10-29 22:00:00", "2024-10-29T22:00:00Z"); without an offset they
  are read in --time-zone (default: the --calendar zone, else UTC). Durations are numbers in ms
  unless --unit says otherwise (${Object.keys(UNITS).join(', ')}). Booleans: true/false, yes/no,
  1/0. Empty cells are missing values, never zeros.

Presets
${Object.entries(PRESETS)
  .map(
    ([name, p]) =>
      `  ${name}: ${p.description}\n    ${Object.entries(p.map)
        .map(([f, c]) => `${f}=${JSON.stringify(c)}`)
        .join(' ')
        .replace(/(.{1,90})( |$)/g, '$1\n    ')
        .replace(/ +\n/g, '\n')
        .trimEnd()}`,
  )
  .join('\n')}

Metrics (each when its columns are mapped)
  firstResponseTime (firstResponseAt or firstResponseMs), resolutionTime (resolvedAt or
  resolutionMs), averageHandleTime (handleTimeMs), resolutionRate (status or resolvedAt),
  firstContactResolution (contactCount, or firstContactResolved), reopenRate (reopened),
  resolutionConsistency (agent), volumeByChannel (channel), topTopics (topic or category),
  complaints (complaint), csat (csat), backlog (--as-of), slaCompliance (--as-of and --sla).
  With --period and --by, each metric also per period and per segment (csat too, by createdAt).

Output
  JSON: { "records", "metrics": { "<function>": <its result> }, "byPeriod", "bySegment",
  "excluded", "errors", "source" }. The format defaults to the --out file's extension (.json,
  .md, .html), else table on a terminal and JSON otherwise.

Examples
  kpi-kit report tickets.csv
  kpi-kit report export.csv.gz --preset zendesk --period month --format html --out report.html
  kpi-kit report tickets.csv --time-zone Europe/Berlin --map handleTimeMs=handle_time_min --unit handleTimeMs=min
  kpi-kit report tickets.ndjson --as-of 2024-12-01 --sla first-response=4h --sla urgent:first-response=1h
  zcat export.csv.gz | kpi-kit report - --by channel --format markdown
  kpi-kit report tickets.parquet --engine duckdb --period month   (DuckDB: npm install @duckdb/node-api)
${EXIT_TEXT}`;

/** A repeatable option's values (no default shown in the help: none given is none). */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

interface ReportOptions {
  readonly preset?: string;
  readonly map: string[];
  readonly unit: string[];
  readonly resolvedStatus: string[];
  readonly timeZone?: string;
  readonly calendar?: string;
  readonly period?: PeriodUnit;
  readonly weekStartsOn?: string;
  readonly by?: string;
  readonly asOf?: string;
  readonly sla: string[];
  readonly csatScale?: string;
  readonly percentiles: string;
  readonly top: string;
  readonly format?: OutputFormat;
  readonly out?: string;
  readonly onInvalid: 'fail' | 'exclude';
  readonly inputFormat?: InputFormat;
  readonly delimiter?: string;
  readonly progress: boolean;
  readonly title: string;
  readonly workers?: string;
  readonly events?: string;
  readonly comments?: string;
  readonly users?: string;
  readonly engine: Engine;
}

/**
 * Runs the command with `argv` (the arguments after the program name). Resolves to the exit code;
 * writes the report to `io.stdout` (or `--out`) and messages to `io.stderr`.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('kpi-kit')
    .description('KPIs of customer service from help-desk exports: first response and resolution times, FCR, CSAT, SLA, volumes, ...')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(see kpi-kit report --help)')
    .addHelpText('after', `\nRun "kpi-kit report --help" for the report's options, presets and examples.\n${EXIT_TEXT}\n`);
  program.version(readVersion(), '-v, --version');
  program
    .command('report')
    .description('compute every KPI the columns of an export allow, overall, per period and per segment')
    .argument('<file>', 'CSV, TSV, NDJSON or JSON export (.gz too), or - for standard input')
    .option('--preset <name>', `column names of a known export: ${Object.keys(PRESETS).join(', ')}`)
    .option('--map <field=column>', 'read a ticket field from a column (repeatable)', collect)
    .option('--unit <field=unit>', `unit of a duration column: ${Object.keys(UNITS).join(', ')} (repeatable)`, collect)
    .option('--resolved-status <value>', 'a status that means resolved (repeatable; default solved, closed, resolved)', collect)
    .option('--time-zone <zone>', 'IANA zone of timestamps without an offset, and of periods (default: the --calendar zone, else UTC)')
    .option('--calendar <file.json>', 'business hours (a businessCalendar spec as JSON): durations count working time only')
    .addOption(new Option('--period <unit>', 'also compute each metric per period').choices(PERIOD_UNITS))
    .option('--week-starts-on <day>', 'first day of weeks, 0 = Sunday … 6 = Saturday (default 1)')
    .option('--by <field>', 'also compute each metric per value of a field (channel, agent, team, priority, ...)')
    .option('--as-of <timestamp>', 'the instant backlog and SLA are judged at (enables backlog and slaCompliance)')
    .option('--sla <target>', `an SLA target: ${SLA_KINDS.join('|')}=DURATION, or PRIORITY:KIND=DURATION (repeatable; e.g. first-response=4h)`, collect)
    .option('--csat-scale <scale>', 'scale of the csat column: 1-5 (default), 1-3, 1-7, 1-10, 0-10 or binary (good/bad)')
    .option('--percentiles <list>', 'percentiles of durations, comma-separated', '90,95')
    .option('--top <n>', 'topics listed by topTopics', '10')
    .addOption(new Option('--format <format>', 'output format (default: from --out, else table on a terminal, json otherwise)').choices(OUTPUT_FORMATS))
    .option('--out <file>', 'write the report to a file instead of standard output')
    .addOption(
      new Option('--on-invalid <policy>', 'on a row that cannot be read: fail (exit 2) or exclude it and list it').choices(['fail', 'exclude']).default('fail'),
    )
    .addOption(new Option('--input-format <format>', 'input format (default: from the extension, else sniffed)').choices(INPUT_FORMATS))
    .option('--delimiter <char>', 'CSV delimiter (default: detected from the header: , ; tab |)')
    .option('--no-progress', 'no progress bar (shown on a terminal only, on standard error)')
    .option(
      '--workers <n>',
      `threads reading a CSV file in parts, at once: by default the cores (${availableParallelism()} here) for a file of ${DEFAULT_PARALLEL_BYTES / 1024 / 1024} MiB or more; N given, from ${MIN_PARALLEL_BYTES / 1024 / 1024} MiB`,
    )
    .option(
      '--events <file>',
      'ticket histories: status/assignee/group changes (Zendesk ticket_field_history, Freshdesk activities, Intercom parts, kpi-kit events)',
    )
    .option('--comments <file>', 'with Zendesk --events: the ticket_comment table (replies, first reply)')
    .option('--users <file>', 'with --comments: the user table (id, role), for the role of comment authors')
    .addOption(
      new Option('--engine <engine>', 'node (default) or duckdb: DuckDB reads the file (CSV or Parquet, larger than memory; needs @duckdb/node-api)')
        .choices(ENGINES)
        .default('node'),
    )
    .option('--title <text>', 'title of the report', 'KPI report')
    .addHelpText('after', REPORT_HELP)
    .action(async (file: string, options: ReportOptions) => {
      const { map = [], unit = [], resolvedStatus = [], sla = [] } = options;
      code = await report(file, { ...options, map, unit, resolvedStatus, sla }, io);
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; usage errors 2.
      return e.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    io.stderr.write(`kpi-kit: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.internal;
  }
  return code;
}

function readVersion(): string {
  // dist/cli.js → ../package.json; src/cli/main.ts (tests) → ../../package.json.
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kpi-kit' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not there: try the next.
    }
  }
  return '0.0.0';
}

async function report(file: string, o: ReportOptions, io: CliIo): Promise<number> {
  /** The worker threads of a file read in parts (started as soon as the file is known to be one). */
  let pool: Pool | null = null;
  try {
    const settings = readSettings(o);
    if (o.engine === 'duckdb') return await reportOnDuckdb(file, o, settings, io);
    if (file !== '-' && isParquetPath(file))
      throw new UsageError(`${file}: Parquet files are read with --engine duckdb only (it needs npm install @duckdb/node-api)`);
    const source = await openSource(file, io.stdin, { format: o.inputFormat, delimiter: o.delimiter });
    const header = source.header;
    // A CSV file big enough is read in parts by the workers at once (see below). Their threads start
    // now, to load while this thread reads the header and the options.
    const workers = readWorkers(o.workers);
    const size = source.totalBytes ?? 0;
    const parallel =
      header !== null &&
      o.events === undefined &&
      workers > 1 &&
      file !== '-' &&
      !source.gzip &&
      size >= (io.minParallelBytes ?? (o.workers === undefined ? DEFAULT_PARALLEL_BYTES : MIN_PARALLEL_BYTES));
    if (parallel && io.workerScript !== undefined) pool = threadPool(io.workerScript, workers - 1);
    // JSON records: columns are checked against the first batch's keys (and --map ones at the end).
    // (CSV batches are asked for once the columns to read are known.)
    let batches: AsyncIterator<RecordBatch | ByteBatch> = header === null ? source.batches(BATCH)[Symbol.asyncIterator]() : emptyIterator();
    let firstBatch: IteratorResult<RecordBatch | ByteBatch> | null = null;
    let columns: readonly string[];
    if (header !== null) columns = header;
    else {
      const first = await batches.next();
      firstBatch = first;
      const keys = new Set<string>();
      for (const value of first.done === true || 'kind' in first.value ? [] : first.value.values) {
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) for (const k of Object.keys(value)) keys.add(k);
      }
      columns = [...keys];
    }
    const mapping = resolveColumns(columns, { preset: o.preset, map: o.map, unit: o.unit, csatScale: o.csatScale }, header !== null);
    const fields = new Set(mapping.specs.map((s) => s.field));
    if (header === null && columns.length === 0 && !fields.has('createdAt')) {
      throw new InputError(`${source.name} has no records (and so no columns to read)`);
    }
    if (!fields.has('createdAt')) {
      throw new UsageError(
        `no column for createdAt (when each ticket was opened): map one with --map createdAt=COLUMN${columns.length > 0 ? `; the columns are ${columns.map((c) => `"${c}"`).join(', ')}` : ''}`,
      );
    }
    if (settings.by !== undefined && !fields.has(settings.by)) {
      throw new UsageError(`--by ${settings.by}: no column is mapped to ${settings.by}; map one with --map ${settings.by}=COLUMN`);
    }
    const resolvedStatuses = o.resolvedStatus.length > 0 ? o.resolvedStatus : mapping.resolvedStatuses;
    if ((o.comments !== undefined || o.users !== undefined) && o.events === undefined) throw new UsageError('--comments and --users need --events');
    let histories: Histories | null = null;
    if (o.events !== undefined) {
      if (!fields.has('id')) throw new UsageError("--events needs the tickets' id column (to join each history to its ticket): map one with --map id=COLUMN");
      histories = await readHistories({
        events: o.events,
        comments: o.comments,
        users: o.users,
        timeZone: settings.timeZone,
        calendar: settings.calendar,
        onInvalid: o.onInvalid,
        stdin: io.stdin,
      });
    }
    const reportSettings = { ...settings, csatScale: mapping.csatScale, resolvedStatuses };
    // CSV: only the cells of the columns read (every column of such a name) are made into strings.
    const specs = header === null ? mapping.specs : specsRead(mapping.specs, reportSettings, histories !== null);
    const names = new Set(specs.map((s) => s.column));
    const read = header === null ? [] : header.flatMap((h, i) => (names.has(h) ? [i] : []));
    // CSV: rows read as bytes (no string per cell) where the input allows.
    if (header !== null) batches = (source.byteBatches?.(BYTE_BATCH, read) ?? source.batches(BATCH, read))[Symbol.asyncIterator]();
    let builder = new ReportBuilder(specs, reportSettings, header, histories);
    const progress = o.progress && io.stderr.isTTY === true ? await startProgress(io, source.totalBytes) : null;
    const started = performance.now();
    // A CSV file big enough is read in parts by the workers at once; a part that meets broken CSV
    // sends the whole file to one reader (for the exact error), as does a file that cannot be split.
    let split = false;
    if (parallel && header !== null) {
      const plan = planSplit(file, size);
      if (plan !== null) {
        // This thread reads the first part; workers − 1 threads the others.
        try {
          split = await readSplit(pool, plan, workers, builder, {
            delimiter: source.delimiter ?? ',',
            header,
            columns: read,
            specs,
            settings: { ...reportSettings, calendar: reportSettings.calendar?.toJSON() },
            name: source.name,
            batch: BYTE_BATCH,
          });
        } finally {
          await pool?.close();
          pool = null;
        }
        // Broken CSV in a part: the whole file again, by one reader, for the exact error.
        if (!split) builder = new ReportBuilder(specs, reportSettings, header, histories);
      }
    }
    // (A file that cannot be split is read here: the threads are not needed.)
    await pool?.close();
    pool = null;
    try {
      if (split) progress?.update(builder.records, size, performance.now() - started);
      else if (firstBatch !== null && firstBatch.done !== true) builder.add(firstBatch.value);
      if (!split && (firstBatch === null || firstBatch.done !== true)) {
        for (;;) {
          const next = await batches.next();
          if (next.done === true) break;
          builder.add(next.value);
          progress?.update(builder.records, source.bytesRead(), performance.now() - started);
        }
      }
    } finally {
      progress?.stop(builder.records, source.bytesRead(), performance.now() - started);
      batches = emptyIterator();
    }
    if (header === null) {
      for (const [f, column] of o.map.map((m) => m.split('=', 2) as [string, string])) {
        if (!builder.keysSeen.has(column.trim()) && !column.includes('.')) {
          throw new UsageError(`--map ${f}=${column}: no record of ${source.name} has the key "${column}"`);
        }
      }
    }
    const doc = builder.finish({
      file: source.name,
      format: source.format,
      ...(source.gzip ? { gzip: true } : {}),
      ...(source.delimiter === null || source.delimiter === ',' ? {} : { delimiter: source.delimiter }),
      ...(mapping.preset === null ? {} : { preset: mapping.preset }),
      columns: Object.fromEntries(mapping.specs.map((s) => [s.field, s.column])),
      timeZone: settings.timeZone,
      ...(o.period === undefined ? {} : { period: o.period }),
      ...(o.by === undefined ? {} : { by: o.by }),
      ...(o.asOf === undefined ? {} : { asOf: new Date(settings.asOf as number).toISOString() }),
      ...(o.calendar === undefined ? {} : { calendar: o.calendar }),
      ...(histories === null ? {} : { histories: { ...histories.summary, matched: builder.historiesMatched } }),
    });
    write(doc, o, io);
    const problems = (doc.source?.['problems'] as number | undefined) ?? 0;
    if (problems > 0) {
      const byMetric = Object.entries(doc.excluded).filter(([k]) => k !== 'rows');
      io.stderr.write(
        `kpi-kit: ${doc.excluded['rows']} of ${doc.records} rows left out of every metric` +
          (byMetric.length > 0 ? `; invalid for one metric: ${byMetric.map(([m, n]) => `${m} ${n}`).join(', ')}` : '') +
          `; the first ${doc.errors.length} of ${problems} problems are listed under "errors"\n`,
      );
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      io.stderr.write(`kpi-kit: ${e.message}\n`);
      return EXIT.input;
    }
    if (e instanceof RowError) {
      io.stderr.write(`kpi-kit: ${e.message}\n  (--on-invalid exclude leaves such rows out and lists them in the report)\n`);
      return EXIT.input;
    }
    if (e instanceof KpiInputError) {
      io.stderr.write(`kpi-kit: ${e.message}\n`);
      return EXIT.input;
    }
    throw e;
  } finally {
    await pool?.close();
  }
}

/** The report computed by DuckDB (`--engine duckdb`). */
async function reportOnDuckdb(file: string, o: ReportOptions, settings: ReturnType<typeof readSettings>, io: CliIo): Promise<number> {
  if (o.events !== undefined || o.comments !== undefined || o.users !== undefined) {
    throw new UsageError('--events, --comments and --users are read by --engine node only');
  }
  const doc = await duckdbReport(
    file,
    {
      preset: o.preset,
      map: o.map,
      unit: o.unit,
      csatScale: o.csatScale,
      inputFormat: o.inputFormat,
      delimiter: o.delimiter,
      resolvedStatus: o.resolvedStatus,
      threads: readWorkers(o.workers),
      source: {
        ...(o.period === undefined ? {} : { period: o.period }),
        ...(o.by === undefined ? {} : { by: o.by }),
        ...(o.asOf === undefined ? {} : { asOf: new Date(settings.asOf as number).toISOString() }),
        ...(o.calendar === undefined ? {} : { calendar: o.calendar }),
      },
    },
    settings,
  );
  write(doc, o, io);
  const summary = duckdbSummary(doc);
  if (summary !== null) io.stderr.write(summary);
  return EXIT.ok;
}

/** `--workers`: an integer from 1 to {@link MAX_WORKERS}; default the cores of the machine. */
function readWorkers(text: string | undefined): number {
  if (text === undefined) return Math.min(MAX_WORKERS, availableParallelism());
  const n = Number(text);
  if (!(/^\d+$/.test(text.trim()) && Number.isInteger(n) && n >= 1 && n <= MAX_WORKERS)) {
    throw new UsageError(`--workers must be an integer from 1 to ${MAX_WORKERS}, got "${text}"`);
  }
  return n;
}

async function* noBatches(): AsyncGenerator<never> {
  // Nothing: the input is consumed.
}
function emptyIterator(): AsyncIterator<never> {
  return noBatches();
}

/** The settings of the report from the options. @throws {@link UsageError} */
function readSettings(o: ReportOptions) {
  const zone: string | undefined = o.timeZone;
  if (zone !== undefined && !isTimeZone(zone)) {
    throw new UsageError(`--time-zone: unknown time zone "${o.timeZone}" (an IANA name like Europe/Berlin, or UTC)`);
  }
  let calendar: BusinessCalendar | undefined;
  if (o.calendar !== undefined) {
    let spec: unknown;
    try {
      spec = JSON.parse(readFileSync(o.calendar, 'utf8'));
    } catch (e) {
      throw new UsageError(`--calendar: cannot read ${o.calendar}: ${(e as Error).message}`);
    }
    try {
      calendar = businessCalendar(spec as BusinessHoursSpec);
    } catch (e) {
      if (e instanceof KpiInputError) throw new UsageError(`--calendar ${o.calendar}: ${e.message}`);
      throw e;
    }
  }
  // Zone-less timestamps (and periods) in: --time-zone, else the calendar's zone, else UTC.
  const timeZone = o.timeZone ?? calendar?.timeZone ?? 'UTC';
  const reader = new TimestampReader(timeZone);
  let asOf: number | undefined;
  if (o.asOf !== undefined) {
    asOf = reader.read(o.asOf);
    if (asOf !== asOf) throw new UsageError(`--as-of: "${o.asOf}" is not an ISO-8601 timestamp like 2024-12-01 or 2024-12-01T09:00:00Z`);
  }
  let weekStartsOn: number | undefined;
  if (o.weekStartsOn !== undefined) {
    weekStartsOn = Number(o.weekStartsOn);
    if (!(Number.isInteger(weekStartsOn) && weekStartsOn >= 0 && weekStartsOn <= 6)) {
      throw new UsageError(`--week-starts-on must be an integer from 0 (Sunday) to 6 (Saturday), got "${o.weekStartsOn}"`);
    }
  }
  let by: TicketField | undefined;
  if (o.by !== undefined) {
    if (!Object.hasOwn(TICKET_FIELDS, o.by)) throw new UsageError(`--by: unknown field "${o.by}"; fields are ${Object.keys(TICKET_FIELDS).join(', ')}`);
    by = o.by as TicketField;
  }
  const parts = o.percentiles.split(',').map((p) => p.trim());
  const percentiles = parts.map(Number);
  if (parts.some((p) => p === '') || percentiles.some((p) => !(Number.isFinite(p) && p > 0 && p < 100))) {
    throw new UsageError(`--percentiles takes numbers between 0 and 100 (exclusive) separated by commas, like 50,90,99; got "${o.percentiles}"`);
  }
  if (o.csatScale !== undefined && !CSAT_SCALES.includes(o.csatScale)) {
    throw new UsageError(`--csat-scale: unknown scale "${o.csatScale}"; scales are ${CSAT_SCALES.join(', ')}`);
  }
  const top = Number(o.top);
  if (!(Number.isInteger(top) && top >= 1)) throw new UsageError(`--top must be a positive integer, got "${o.top}"`);
  const sla = o.sla.length === 0 ? undefined : parseSla(o.sla);
  if (sla !== undefined && asOf === undefined) throw new UsageError('--sla needs --as-of: the instant open tickets are judged at');
  return {
    timeZone,
    calendar,
    period: o.period,
    weekStartsOn,
    by,
    asOf,
    sla,
    percentiles,
    top,
    onInvalid: o.onInvalid,
    csatScale: o.csatScale ?? '1-5',
  };
}

/** The output format: --format, else from --out's extension, else table on a terminal and JSON otherwise. */
function outputFormat(o: ReportOptions, io: CliIo): OutputFormat {
  if (o.format !== undefined) return o.format;
  if (o.out !== undefined) {
    const lower = o.out.toLowerCase();
    if (lower.endsWith('.json')) return 'json';
    if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'markdown';
    if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
    return 'table';
  }
  return io.stdout.isTTY === true ? 'table' : 'json';
}

function write(doc: ReportDocument, o: ReportOptions, io: CliIo): void {
  const format = outputFormat(o, io);
  const text = format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : renderReport(doc, format === 'table' ? 'text' : format, { title: o.title });
  if (o.out === undefined) io.stdout.write(text);
  else {
    try {
      writeFileSync(o.out, text);
    } catch (e) {
      throw new InputError(`cannot write ${o.out}: ${(e as Error).message}`);
    }
  }
}

/**
 * A progress bar on standard error: rows, rows/s and percent of the file's bytes. Its module is
 * loaded only then (not by a report without a terminal, nor by `--no-progress`).
 */
async function startProgress(io: CliIo, totalBytes: number | null) {
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar(
    {
      stream: io.stderr,
      format: totalBytes === null ? 'kpi-kit {rows} rows | {speed} rows/s' : 'kpi-kit [{bar}] {percentage}% | {rows} rows | {speed} rows/s | eta {eta}s',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
      noTTYOutput: false,
    },
    undefined,
  );
  bar.start(totalBytes ?? 1, 0, { rows: 0, speed: 0 });
  const payload = (rows: number, ms: number) => ({
    rows: rows.toLocaleString('en-US'),
    speed: ms > 0 ? Math.round((rows * 1000) / ms).toLocaleString('en-US') : '0',
  });
  return {
    update(rows: number, bytes: number, ms: number) {
      bar.update(totalBytes === null ? 0 : bytes, payload(rows, ms));
    },
    stop(rows: number, bytes: number, ms: number) {
      bar.update(totalBytes === null ? 0 : bytes, payload(rows, ms));
      bar.stop();
    },
  };
}

export { parseDuration };
