/**
 * `kpi-kit report --engine duckdb`: the report computed by DuckDB (`@duckdb/node-api`, an optional
 * peer dependency) from a CSV or Parquet file, for files larger than memory. The columns are mapped
 * as the node engine maps them (presets, `--map`, `--unit`, the values table), each cell read by SQL
 * with the node engine's rules; the metrics are those the node engine plans, each computed by the
 * SQL of `metricSql` through `runMetrics` / `runMetricGroups` (overall, per period, per segment,
 * per period and segment), into the same report document.
 *
 * What differs from the node engine: rows are counted, not listed (SQL rows have no order: `errors`
 * is empty, `excluded` and `source.problems` count them); metrics without SQL are named in
 * `source.note`; timestamps are read to the µs (DuckDB's), and durations summed to 0.001 ms.
 *
 * @module
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { KpiInputError } from '../core/errors.js';
import { compareKeys, type SegmentKey } from '../grouping/by-segment.js';
import { type ColumnSpec as RowColumnSpec, convertCell } from '../records/map-rows.js';
import type { ReportDocument } from '../report/index.js';
import { runMetricGroups, runMetrics, type DuckDBConnectionLike } from '../duckdb/run-metrics.js';
import { metricSql, SQL_METRICS, type SqlMetric } from '../sql/metric-sql.js';
import { csat as csatMetric } from '../survey/csat.js';
import { TICKET_FIELDS, type TicketField } from '../support/ticket.js';
import { bucketerOf, readPeriodOptions } from '../time/period.js';
import { TimestampReader } from '../time/timestamp.js';
import { ZoneOffsets, fixedOffsetMs } from '../time/zone.js';
import { type ColumnSpec, UsageError, resolveColumns, type MappingOptions } from './columns.js';
import { CsvScanError, CsvScanner } from './csv-scan.js';
import { InputError, detectDelimiter, formatOfPath } from './input.js';
import { type ReportSettings, planMetrics } from './report.js';

/** The engines of `--engine`. */
export const ENGINES = ['node', 'duckdb'] as const;
/** An engine of `--engine`. */
export type Engine = (typeof ENGINES)[number];

/** The DuckDB client, loaded when first needed (tests replace `load`). @internal */
export const duckdbLoader = {
  load: (): Promise<unknown> => import('@duckdb/node-api'),
};

/**
 * The metrics whose query `runMetrics` splits by a field of their own (their histogram, `byPriority`,
 * groups, ranking, agents), or whose `by` is their own key (complaints' groups): per segment they
 * are run once per segment.
 */
const SPLIT: Readonly<Record<string, string>> = {
  repliesPerTicket: 'replyCount',
  reopensPerTicket: 'reopenCount',
  slaCompliance: 'priority',
  volumeByChannel: 'channel',
  complaints: 'complaint',
  topTopics: 'topic',
  resolutionConsistency: 'agent',
  ticketsPerHour: 'agent',
};

/** The tickets as `csat` per period and segment reads them: an answer without a creation time is invalid (NaN, off every scale). */
const TREND = 'kk_trend';

/** How to go on past invalid rows (the node engine's hint). */
const EXCLUDE_HINT = '\n  (--on-invalid exclude leaves such rows out and counts them in the report)';

/** The most segments a metric whose query is split by its own key (volumeByChannel, ...) is run once per segment for. */
export const MAX_SPLIT_SEGMENTS = 1000;

/** What {@link duckdbReport} reads of the command's options. */
export interface DuckdbReportOptions extends MappingOptions {
  /** `--input-format`, `--delimiter`. */
  readonly inputFormat?: string | undefined;
  readonly delimiter?: string | undefined;
  /** `--resolved-status` values (none: the preset's, else the library's). */
  readonly resolvedStatus: readonly string[];
  /** DuckDB threads (`--workers`, else the cores). */
  readonly threads: number;
  /** Period, by, as-of, calendar as the command's options name them (for `source`). */
  readonly source: Readonly<Record<string, unknown>>;
}

/** The settings {@link duckdbReport} computes with: the command's, before the mapping adds its own. */
export type DuckdbSettings = Omit<ReportSettings, 'csatScale' | 'resolvedStatuses'>;

type Row = Record<string, unknown>;
interface Connection extends DuckDBConnectionLike {
  run(sql: string): Promise<unknown>;
  closeSync(): void;
}
interface DuckdbApi {
  DuckDBInstance: { create(path: string, options?: Record<string, string>): Promise<{ connect(): Promise<Connection>; closeSync(): void }> };
}

/** The SQL type of each field kind in the table the metrics read. */
const SQL_TYPE: Readonly<Record<string, string>> = {
  timestamp: 'DOUBLE',
  duration: 'DOUBLE',
  count: 'DOUBLE',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
  label: 'VARCHAR',
  id: 'VARCHAR',
};
/**
 * Options of the node engine's plans that a metric's SQL may not take, with no effect on its figures:
 * `onInvalid` (the SQL counts invalid tickets), `timeZone` (timestamps arrive as instants), and
 * `resolvedStatuses` (every ticket metric accepts it; those that read it take it in SQL too).
 */
const DROPPABLE = new Set(['onInvalid', 'timeZone', 'resolvedStatuses']);

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** A number of DuckDB (BIGINT counts arrive as bigint). */
const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/** Loads `@duckdb/node-api`. @throws {@link UsageError} naming `npm install @duckdb/node-api` when it is missing. */
async function loadDuckdb(): Promise<DuckdbApi> {
  let loaded: Partial<DuckdbApi> & { readonly default?: DuckdbApi };
  try {
    loaded = (await duckdbLoader.load()) as Partial<DuckdbApi> & { readonly default?: DuckdbApi };
  } catch (e) {
    throw new UsageError(
      `--engine duckdb needs the optional package @duckdb/node-api, which is not installed: npm install @duckdb/node-api (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
    );
  }
  return loaded.DuckDBInstance === undefined && loaded.default !== undefined ? loaded.default : (loaded as DuckdbApi);
}

/** The input: a CSV (or TSV) or Parquet file, and how DuckDB reads it. */
interface Input {
  readonly format: 'csv' | 'parquet';
  readonly gzip: boolean;
  readonly delimiter: string | null;
  /** CSV: the header's cells (trimmed), read by the command's scanner; Parquet: null (DESCRIBE names the columns). */
  readonly header: readonly string[] | null;
  /** The `read_csv(...)` / `read_parquet(...)` call (CSV: columns named `c0`, `c1`, ... by position, all text). */
  read(extra?: string): string;
}

/** Whether a path names a Parquet file. */
export function isParquetPath(path: string): boolean {
  return /\.(parquet|parq)$/i.test(path);
}

function openInput(file: string, o: DuckdbReportOptions): Input {
  if (file === '-') throw new UsageError('--engine duckdb reads a file (CSV or Parquet), not standard input');
  try {
    if (statSync(file).isDirectory()) throw new InputError(`cannot read ${file}: it is a directory`);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const path = literal(file);
  if (isParquetPath(file)) {
    if (o.inputFormat !== undefined) throw new UsageError(`--input-format ${o.inputFormat}: ${file} is a Parquet file`);
    return { format: 'parquet', gzip: false, delimiter: null, header: null, read: () => `read_parquet(${path})` };
  }
  const byPath = formatOfPath(file);
  const format = o.inputFormat ?? byPath.format ?? 'csv';
  if (format === 'json' || format === 'ndjson') {
    throw new UsageError(`--engine duckdb reads CSV, TSV and Parquet files; ${file} is ${format.toUpperCase()} (use --engine node)`);
  }
  const head = headOf(file);
  const line = /^[^\r\n]*/.exec(head)?.[0] ?? '';
  let delimiter = o.delimiter ?? (format === 'tsv' ? '\t' : detectDelimiter(line));
  if (delimiter === '\\t' || delimiter === 'tab') delimiter = '\t';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new UsageError(`--delimiter must be one character other than a quote or a line end, got ${JSON.stringify(delimiter)}`);
  }
  const d = delimiter;
  const header = headerOf(file, head, d);
  // No sniffing: the dialect is the command's, the columns are named by position (a header may name one twice).
  const columns = `{${header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  return {
    format: 'csv',
    gzip: byPath.gzip,
    delimiter: d,
    header,
    read: (extra = '') =>
      `read_csv(${path}, auto_detect = false, header = true, columns = ${columns}, delim = ${literal(d)}, quote = '"', escape = '"'${byPath.gzip ? ", compression = 'gzip'" : ''}${extra})`,
  };
}

/** White space around a cell, as JavaScript's `trim` removes it (RE2 `\s` is ASCII only). */
const WS = '[\\s\\x{000b}\\x{00a0}\\x{feff}]*';
/** The characters `trim` removes, as a SQL literal. */
const WHITE = `' \t\n\u000b\f\r\u00a0\ufeff'`;
/** A regular expression of a whole cell: `re` with white space around. */
const cell = (re: string): string => `'${WS}(?:${re})${WS}'`;
/** The node engine's ISO-8601 forms (src/time/timestamp.ts), as most exports write them: `T` or a space, `Z`, a point, to the ms. */
const TIMESTAMP_RE = '\\d{4}-\\d\\d-\\d\\d(?:[T ](?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,3})?(?:Z|[+-]\\d\\d(?::?[0-5]\\d)?)?)?)?';
/**
 * The same with the rarer spellings (`t`, `z`, a decimal comma, up to 9 fraction digits, a zone
 * after the minutes), read after upper-casing (and `:00` seconds put in: DuckDB's cast needs them before a zone).
 */
const TIMESTAMP_ANY_RE = '\\d{4}-\\d\\d-\\d\\d(?:[Tt ](?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:[.,]\\d{1,9})?)?(?:[Zz]|[+-]\\d\\d(?::?[0-5]\\d)?)?)?';
/** Decimal notation only (as the node engine: no hex, binary, octal, Infinity). */
const DECIMAL_RE = '[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?';
/** A decimal that is not negative (`-0` is not negative). */
const NON_NEGATIVE_RE = '\\+?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|-(?:0+\\.?0*|\\.0+)(?:[eE][+-]?\\d+)?';
const TRUE = ['true', 't', 'yes', 'y', '1'];
const FALSE = ['false', 'f', 'no', 'n', '0'];
/** A cell that cannot be read: NaN in the table (no field's value is NaN), left out of every metric. */
const NAN = `CAST('NaN' AS DOUBLE)`;

/**
 * The SQL of one mapped column's value as the field's kind, from the column `c` as the file holds
 * it (CSV: text; Parquet: typed): NULL for an empty cell (or a preset's missing value), NaN for a
 * cell that cannot be read, else the value (timestamps as epoch ms, booleans as 1 / 0). Each
 * expression reads `c` itself, never a value computed from it twice (DuckDB would compute it twice).
 */
function cellSql(spec: RowColumnSpec, type: string, c: string, zone: string): string {
  const text = type === 'VARCHAR';
  const isNumber = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(type);
  const missing = [...spec.missing];
  const trimmed = `trim(${c}, ${WHITE})`;
  // The rare branch: white space only, or one of the preset's missing values: no value; else unreadable.
  const rest = `WHEN regexp_full_match(${c}, '${WS}')${missing.length > 0 ? ` OR lower(${trimmed}) IN (${missing.map(literal).join(', ')})` : ''} THEN NULL ELSE ${NAN} END`;
  const offset = fixedOffsetMs(zone);
  const fixed = offset === offset && offset !== 0;
  const ms = (x: string): string => `CAST(epoch_us(${x}) AS DOUBLE) / 1000`;
  // Beyond the ms, the node engine's sum: the whole seconds' ms plus the fraction (the same rounding).
  const exact = (x: string): string => `(floor(epoch_us(${x}) / 1000000) * 1000 + (epoch_us(${x}) - floor(epoch_us(${x}) / 1000000) * 1000000) / 1000)`;
  if (!text) {
    // Parquet's own types.
    if (spec.kind === 'label' || spec.kind === 'id') return `CAST(${c} AS VARCHAR)`;
    if (spec.kind === 'timestamp') {
      if (type.startsWith('TIMESTAMP WITH TIME ZONE')) return exact(c);
      if (isNumber) return `CASE WHEN abs(CAST(${c} AS DOUBLE)) <= 8.64e15 THEN CAST(${c} AS DOUBLE) WHEN ${c} IS NOT NULL THEN ${NAN} END`;
      // A wall-clock time (TIMESTAMP, DATE) in the session's zone, or less a fixed offset.
      if (/^(TIMESTAMP|DATE)/.test(type)) return fixed ? `(${exact(`CAST(${c} AS TIMESTAMPTZ)`)} - ${offset})` : exact(`CAST(${c} AS TIMESTAMPTZ)`);
      return `CASE WHEN ${c} IS NOT NULL THEN ${NAN} END`;
    }
    if (spec.kind === 'boolean') {
      if (type === 'BOOLEAN') return `CAST(${c} AS DOUBLE)`;
      if (isNumber) return `CASE WHEN ${c} = 0 THEN 0.0 WHEN ${c} > 0 AND ${c} = floor(${c}) THEN 1.0 WHEN ${c} IS NOT NULL THEN ${NAN} END`;
      return `CASE WHEN ${c} IS NOT NULL THEN ${NAN} END`;
    }
    if (spec.binary && type === 'BOOLEAN') return `CAST(${c} AS DOUBLE)`;
    if (!isNumber) return `CASE WHEN ${c} IS NOT NULL THEN ${NAN} END`;
    const x = `CAST(${c} AS DOUBLE)`;
    if (spec.kind === 'duration')
      return `CASE WHEN ${x} >= 0 THEN ${spec.factor === 1 ? x : `round(${x} * ${spec.factor})`} WHEN ${c} IS NOT NULL THEN ${NAN} END`;
    if (spec.kind === 'count') return `CASE WHEN ${x} >= 0 AND ${x} = floor(${x}) THEN ${x} WHEN ${c} IS NOT NULL THEN ${NAN} END`;
    return `CASE WHEN isfinite(${x}) THEN ${x} WHEN ${c} IS NOT NULL THEN ${NAN} END`;
  }
  switch (spec.kind) {
    case 'label':
    case 'id':
      return missing.length > 0
        ? `CASE WHEN lower(${trimmed}) IN (${missing.map(literal).join(', ')}) THEN NULL ELSE nullif(${trimmed}, '') END`
        : `nullif(${trimmed}, '')`;
    case 'timestamp': {
      // DuckDB's cast reads zone-less times in the session's zone (a named zone); a fixed offset is subtracted here.
      const at = (x: string, f: (x: string) => string): string =>
        fixed
          ? `(${f(`try_cast(${x} AS TIMESTAMPTZ)`)} - CASE WHEN regexp_matches(${c}, ':\\d\\d(?:[.,]\\d+)?(?:[Zz]|[+-]\\d\\d(?::?\\d\\d)?)${WS}$') THEN 0 ELSE ${offset} END)`
          : f(`try_cast(${x} AS TIMESTAMPTZ)`);
      return `CASE WHEN ${c} IS NULL THEN NULL
        WHEN regexp_full_match(${c}, ${cell(TIMESTAMP_RE)}) THEN coalesce(${at(c, ms)}, ${NAN})
        WHEN regexp_full_match(${c}, ${cell(TIMESTAMP_ANY_RE)}) THEN coalesce(${at(`regexp_replace(replace(upper(${trimmed}), ',', '.'), '^(\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d)([Z+-])', '\\1:00\\2')`, exact)}, ${NAN})
        ${rest}`;
    }
    case 'boolean': {
      const x = `CASE WHEN regexp_full_match(${c}, ${cell(DECIMAL_RE)}) THEN try_cast(${c} AS DOUBLE) END`;
      return `CASE WHEN ${c} IS NULL THEN NULL
        WHEN ${c} = 'true' THEN 1.0 WHEN ${c} = 'false' THEN 0.0
        WHEN lower(${trimmed}) IN (${TRUE.map(literal).join(', ')}) THEN 1.0 WHEN lower(${trimmed}) IN (${FALSE.map(literal).join(', ')}) THEN 0.0
        WHEN ${x} > 0 AND ${x} = floor(${x}) THEN 1.0
        ${rest}`;
    }
    default: {
      const x = `try_cast(${c} AS DOUBLE)`;
      const binary = spec.binary ? `WHEN lower(${trimmed}) = 'good' THEN 1.0 WHEN lower(${trimmed}) = 'bad' THEN 0.0 ` : '';
      if (spec.kind === 'duration') {
        return `CASE WHEN ${c} IS NULL THEN NULL WHEN regexp_full_match(${c}, ${cell(NON_NEGATIVE_RE)}) THEN coalesce(${spec.factor === 1 ? x : `round(${x} * ${spec.factor})`}, ${NAN}) ${rest}`;
      }
      if (spec.kind === 'count') {
        return `CASE WHEN ${c} IS NULL THEN NULL WHEN regexp_full_match(${c}, ${cell('\\+?\\d{1,15}')}) THEN ${x}
          WHEN regexp_full_match(${c}, ${cell(NON_NEGATIVE_RE)}) THEN CASE WHEN ${x} = floor(${x}) THEN ${x} ELSE ${NAN} END ${rest}`;
      }
      return `CASE WHEN ${c} IS NULL THEN NULL ${binary}WHEN regexp_full_match(${c}, ${cell(DECIMAL_RE)}) THEN coalesce(${x}, ${NAN}) ${rest}`;
    }
  }
}

/** The SQL type each field kind is stored as in the table of cells (booleans as 1 / 0, so that NaN marks an unreadable cell). */
const STORED: Readonly<Record<string, string>> = { label: 'VARCHAR', id: 'VARCHAR' };
/** Whether a spec's column can hold NaN (an unreadable cell). */
const canFail = (spec: RowColumnSpec): boolean => STORED[spec.kind] === undefined;

/** The query that reads the file into one column per mapped field, named as the field. */
function readSql(input: Input, specs: readonly RowColumnSpec[], names: readonly string[], types: readonly string[], zone: string, extra: string): string {
  const values = specs.map((spec, i) => `${cellSql(spec, types[i] as string, ident(names[i] as string), zone)} AS ${ident(spec.field)}`);
  // In a zone that changes its offset, whether a timestamp cell was written without an offset (see zoneLessFix).
  if (!isFixedZone(zone)) {
    specs.forEach((spec, i) => {
      if (spec.kind === 'timestamp' && types[i] === 'VARCHAR') {
        const c = ident(names[i] as string);
        values.push(`NOT regexp_matches(${c}, ':\\d\\d(?:[.,]\\d+)?(?:[Zz]|[+-]\\d\\d(?::?\\d\\d)?)${WS}$') AS ${ident(`kk_zl_${spec.field}`)}`);
      }
    });
  }
  return `SELECT ${values.join(',\n  ')}\nFROM ${input.read(extra)}`;
}

/** Whether a zone has one offset (UTC, `+05:30`): zone-less times are then never ambiguous. */
const isFixedZone = (zone: string): boolean => fixedOffsetMs(zone) === fixedOffsetMs(zone);

/**
 * A timestamp field as the node engine reads it: in the repeated hour of a change to a smaller
 * offset (winter time), DuckDB reads a zone-less time as the later of its two instants, the node
 * engine (`ZoneOffsets.utcOfWall`) as the earlier: those `[T, T + Δ)` are moved back by Δ, for the
 * changes within the range of the column's values.
 */
async function zoneLessFix(c: Connection, spec: RowColumnSpec, type: string, zone: string): Promise<string> {
  const f = ident(spec.field);
  if (isFixedZone(zone)) return f;
  const zoneLess =
    type === 'VARCHAR' ? ident(`kk_zl_${spec.field}`) : /^(TIMESTAMP|DATE)/.test(type) && !type.startsWith('TIMESTAMP WITH TIME ZONE') ? 'TRUE' : null;
  if (zoneLess === null) return f;
  const r = (
    await all(c, `SELECT min(${f}) FILTER (WHERE NOT isnan(${f})) AS "from", max(${f}) FILTER (WHERE NOT isnan(${f})) AS "to" FROM "kk_rows"`)
  )[0] as Row;
  if (r['from'] === null || r['to'] === null || r['from'] === undefined) return f;
  const offsets = new ZoneOffsets(zone);
  const windows = offsets
    .changesIn(num(r['from']) - 86_400_000, num(r['to']) + 86_400_000)
    .map((t) => ({ t, delta: offsets.offsetMsAt(t - 1) - offsets.offsetMsAt(t) }))
    .filter((w) => w.delta > 0);
  if (windows.length === 0) return f;
  return `(${f} - CASE ${windows.map((w) => `WHEN ${zoneLess} AND ${f} >= ${w.t} AND ${f} < ${w.t + w.delta} THEN ${w.delta}`).join(' ')} ELSE 0 END)`;
}

/** The condition of a row with a cell that cannot be read (FALSE when none can be unreadable). */
function badSql(specs: readonly RowColumnSpec[]): string {
  const checks = specs.filter(canFail).map((s) => `isnan(${ident(s.field)})`);
  return checks.length === 0 ? 'FALSE' : `coalesce(${checks.join(' OR ')}, FALSE)`;
}

/** The period key's first day as an instant in the zone (to find the period's index). */
function keyStart(key: string, reader: TimestampReader): number {
  const q = /^(.*)-Q([1-4])$/.exec(key);
  const day = q !== null ? `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01` : /^.*-\d\d$/.test(key) && key.length <= 8 ? `${key}-01` : key;
  return reader.read(day);
}

/** The change from `previous` to `value` when both are finite numbers (as `byPeriod` gives it). */
function changeOf(previous: unknown, value: unknown) {
  if (typeof previous !== 'number' || typeof value !== 'number' || !Number.isFinite(previous) || !Number.isFinite(value)) return null;
  const diff = value - previous;
  if (previous === 0) return { value: diff, relative: null, reason: 'the previous value is 0: the relative change is undefined' };
  const relative = diff / Math.abs(previous);
  if (!Number.isFinite(relative))
    return { value: diff, relative: null, reason: 'the previous value is too close to 0: the relative change is not a finite number' };
  return { value: diff, relative, reason: null };
}

const valueOf = (result: unknown): unknown => (typeof result === 'object' && result !== null ? (result as { value?: unknown }).value : undefined);

interface Segment {
  readonly key: SegmentKey;
  readonly count: number;
  readonly result: unknown;
}
const sortSegments = (segments: Segment[]): Segment[] => segments.sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));

/** A segment key as DuckDB gives it. */
const keyOf = (v: unknown): SegmentKey => (typeof v === 'bigint' ? Number(v) : ((v ?? null) as SegmentKey));

/** A SQL literal of a segment key. */
function keyLiteral(key: SegmentKey): string {
  if (key === null) return 'NULL';
  if (typeof key === 'string') return literal(key);
  if (typeof key === 'boolean') return key ? 'TRUE' : 'FALSE';
  return String(key);
}

/** How a planned metric is computed in SQL: its name in `metricSql` and options; or why it is not. @internal */
export type SqlPlan = { readonly sql: SqlMetric; readonly options: Record<string, unknown> } | { readonly reason: string };

/**
 * The options of a planned metric for `metricSql`: the plan's own, less those the SQL may leave
 * aside; a metric whose other options the SQL does not take is not computed (its figures would differ).
 * @internal
 */
export function sqlPlan(name: string, options: Record<string, unknown>, calendarRange: { from: number; to: number } | null): SqlPlan {
  if (!(SQL_METRICS as readonly string[]).includes(name)) return { reason: 'no SQL' };
  const metric = name as SqlMetric;
  let o: Record<string, unknown> = Object.fromEntries(Object.entries(options).filter(([k]) => k !== 'onInvalid' && k !== 'timeZone'));
  if (o['calendar'] !== undefined && calendarRange !== null) o = { ...o, calendarRange };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      metricSql(metric, { dialect: 'duckdb', from: 'kk', timestamps: 'epoch-ms', ...o } as never);
      return { sql: metric, options: o };
    } catch (e) {
      if (!(e instanceof KpiInputError)) throw e;
      const unknown = e.issues.filter((i) => i.path[0] === 'options' && i.message.includes('is not an option')).map((i) => String(i.path[1]));
      if (unknown.length === 0) return { reason: e.issues[0]?.message ?? e.message };
      const kept = unknown.filter((k) => !DROPPABLE.has(k));
      if (kept.length > 0) return { reason: `${kept.filter((k) => k !== 'calendarRange').join(', ')}: not in its SQL` };
      o = Object.fromEntries(Object.entries(o).filter(([k]) => !unknown.includes(k)));
    }
  }
  return { reason: 'no SQL' };
}

/** A planned metric (or the CSAT of the answers): how the SQL computes it, and the node engine's empty result. */
interface Planned {
  readonly name: string;
  readonly plan: SqlPlan;
  /** The result of no tickets (a filled period without tickets). */
  readonly empty: () => unknown;
}

/**
 * Computes the report of a CSV or Parquet file on DuckDB.
 * @throws {@link UsageError} / {@link InputError} (exit 2) for bad options, a missing package, an unreadable file, and with `--on-invalid fail` for rows that cannot be read or that a metric finds invalid.
 */
export async function duckdbReport(file: string, o: DuckdbReportOptions, settings: DuckdbSettings): Promise<ReportDocument> {
  const input = openInput(file, o);
  const api = await loadDuckdb();
  const temp = mkdtempSync(join(tmpdir(), 'kpi-kit-duckdb-'));
  let instance: { connect(): Promise<Connection>; closeSync(): void } | null = null;
  let connection: Connection | null = null;
  try {
    // Rows in any order (SQL rows have none here): the file is read and the table written by every thread.
    instance = await api.DuckDBInstance.create(':memory:', { threads: String(o.threads), temp_directory: temp, preserve_insertion_order: 'false' });
    connection = await instance.connect();
    return await report(connection, file, input, o, settings);
  } finally {
    connection?.closeSync();
    instance?.closeSync();
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The error of `--on-invalid fail` for rows with cells that cannot be read: one such cell, with the node engine's message. */
async function unreadableError(
  c: Connection,
  input: Input,
  specs: readonly ColumnSpec[],
  names: readonly string[],
  types: readonly string[],
  zone: string,
  count: number,
): Promise<InputError> {
  for (const [i, spec] of specs.entries()) {
    if (!canFail(spec)) continue;
    const column = ident(names[i] as string);
    const rows = await all(
      c,
      `SELECT CAST("cell" AS VARCHAR) AS "cell" FROM (SELECT ${column} AS "cell", ${cellSql(spec, types[i] as string, column, zone)} AS "v" FROM ${input.read()}) WHERE isnan("v") LIMIT 1`,
    );
    if (rows.length === 0) continue;
    const value = rows[0]?.['cell'];
    let message = `${spec.field} cannot be read`;
    try {
      convertCell(spec, value, new TimestampReader(zone));
    } catch (e) {
      message = (e as Error).message;
    }
    return new InputError(
      `column "${spec.column}": ${JSON.stringify(value)} — ${message} (${count.toLocaleString('en-US')} row${count === 1 ? '' : 's'} cannot be read; --engine duckdb does not number rows)${EXCLUDE_HINT}`,
    );
  }
  return new InputError(`${count.toLocaleString('en-US')} rows cannot be read${EXCLUDE_HINT}`);
}

/** The first 64 KiB of a file's text (gzip too), without a BOM: for the header and its delimiter. */
function headOf(path: string): string {
  const head = Buffer.alloc(1 << 16);
  const fd = openSync(path, 'r');
  let length: number;
  try {
    length = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  let text: string;
  try {
    // A cut gzip stream: what inflates of it (Z_SYNC_FLUSH, no error at its end).
    text = (formatOfPath(path).gzip ? gunzipSync(head.subarray(0, length), { finishFlush: constants.Z_SYNC_FLUSH }) : head.subarray(0, length)).toString(
      'utf8',
    );
  } catch (e) {
    throw new InputError(`cannot read ${path}: not valid gzip: ${(e as Error).message}`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The header row of a CSV file, read by the command's scanner (quotes and all), its cells trimmed. */
function headerOf(path: string, text: string, delimiter: string): string[] {
  const scanner = new CsvScanner({ delimiter });
  let rows: string[][];
  try {
    scanner.write(Buffer.from(text, 'utf8'));
    rows = scanner.take();
    if (rows.length === 0) {
      scanner.end();
      rows = scanner.take();
    }
  } catch (e) {
    if (e instanceof CsvScanError) throw new InputError(`${path} is not readable CSV in its header: ${e.message}`);
    throw e;
  }
  const header = rows[0];
  if (header === undefined || (header.length === 1 && header[0] === '')) throw new InputError(`${path} is empty: a CSV export needs a header row`);
  return header.map((c) => c.trim());
}

async function all(c: Connection, sql: string): Promise<Row[]> {
  return (await c.runAndReadAll(sql)).getRowObjects();
}

/** DuckDB's message of a failed read, as an input error naming the file. */
function readError(file: string, e: unknown): InputError {
  const message = e instanceof Error ? e.message : String(e);
  return new InputError(`${file}: DuckDB cannot read it: ${message.split('\n').slice(0, 3).join(' ').trim()}`);
}

async function report(c: Connection, file: string, input: Input, o: DuckdbReportOptions, settings: DuckdbSettings): Promise<ReportDocument> {
  const zone = settings.timeZone;
  // Zone-less timestamps are read in the session's zone (a fixed offset is applied by the reading SQL).
  const fixed = fixedOffsetMs(zone);
  try {
    await c.run(`SET TimeZone = ${literal(fixed === fixed ? 'UTC' : zone)}`);
  } catch (e) {
    throw new UsageError(`--time-zone ${zone}: DuckDB does not know this zone (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  // The columns: DuckDB's names and types (CSV: c0, c1, ... as text, the header's cells from the scanner).
  let described: Row[];
  try {
    described = await all(c, `DESCRIBE SELECT * FROM ${input.read()}`);
  } catch (e) {
    throw readError(file, e);
  }
  const names = described.map((r) => String(r['column_name']));
  const types = described.map((r) => String(r['column_type']));
  const header = input.header ?? names;
  const mapping = resolveColumns(header, o, true);
  const specs: readonly ColumnSpec[] = mapping.specs;
  const fields = new Set<TicketField>(specs.map((s) => s.field));
  if (!fields.has('createdAt')) {
    throw new UsageError(
      `no column for createdAt (when each ticket was opened): map one with --map createdAt=COLUMN; the columns are ${header.map((h) => `"${h}"`).join(', ')}`,
    );
  }
  if (settings.by !== undefined && !fields.has(settings.by)) {
    throw new UsageError(`--by ${settings.by}: no column is mapped to ${settings.by}; map one with --map ${settings.by}=COLUMN`);
  }
  const resolvedStatuses = o.resolvedStatus.length > 0 ? o.resolvedStatus : mapping.resolvedStatuses;
  const full: ReportSettings = { ...settings, csatScale: mapping.csatScale, resolvedStatuses };
  const plans = planMetrics(fields, full);
  const plan = (range: { from: number; to: number } | null): Planned[] => {
    const list: Planned[] = plans.map((p) => ({
      name: p.name,
      plan: sqlPlan(p.name, p.options, range),
      empty: () => p.metric.accumulator.create(p.options as never).result(),
    }));
    if (fields.has('csat')) {
      const csatOptions = { scale: full.csatScale, onInvalid: 'exclude' };
      list.push({
        name: 'csat',
        plan: sqlPlan('csat', { scale: full.csatScale }, null),
        empty: () => (csatMetric as unknown as { accumulator: { create(o: unknown): { result(): unknown } } }).accumulator.create(csatOptions).result(),
      });
    }
    return list;
  };
  // With business hours the calendar's range comes from the file; a placeholder finds the columns read.
  let planned = plan(settings.calendar === undefined ? null : { from: 0, to: 1 });
  // The columns read: every one whose cells may be unreadable (a row with one is left out of every
  // metric, as the node engine leaves it out), and the labels that a computed metric or --by reads.
  const needed = new Set<string>(settings.by === undefined ? [] : [settings.by]);
  for (const p of planned) {
    if (!('sql' in p.plan)) continue;
    const text = metricSql(p.plan.sql, { dialect: 'duckdb', from: 'kk', timestamps: 'epoch-ms', ...p.plan.options } as never);
    for (const f of fields) if (text.includes(ident(f))) needed.add(f);
    const key = SPLIT[p.plan.sql];
    if (key !== undefined) needed.add(key);
  }
  const read = specs.filter((s) => canFail(s) || needed.has(s.field));
  const readFields = new Set<string>(read.map((s) => s.field));
  const at = read.map((s) => header.indexOf(s.column));
  const specNames = at.map((i) => names[i] as string);
  const specTypes = at.map((i) => types[i] as string);
  const failing = settings.onInvalid === 'fail';
  // CSV rows of the wrong width: refused with --on-invalid fail (DuckDB's error), else counted.
  const extra =
    input.format === 'csv' && !failing ? ", ignore_errors = true, store_rejects = true, rejects_table = 'kk_rejects', rejects_scan = 'kk_scans'" : '';
  const sql = readSql(input, read, specNames, specTypes, zone, extra);
  let rejected = 0;
  try {
    // A CSV file is read once, into a table of cells; a Parquet file is read by each query (its columns only).
    if (input.format === 'csv') await c.run(`CREATE TEMP TABLE "kk_rows" AS ${sql}`);
    else await c.run(`CREATE TEMP VIEW "kk_rows" AS ${sql}`);
    if (input.format === 'csv' && !failing) {
      const rejects = await all(c, `SELECT "error_type", "line", "error_message" FROM "kk_rejects" ORDER BY "line"`);
      const broken = rejects.find((r) => !['MISSING COLUMNS', 'TOO MANY COLUMNS'].includes(String(r['error_type'])));
      if (broken !== undefined) throw new InputError(`${file} is not readable CSV at line ${num(broken['line'])}: ${String(broken['error_message'])}`);
      rejected = new Set(rejects.map((r) => num(r['line']))).size;
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw readError(file, e);
  }
  const bad = badSql(read);
  // Every ticket field: the mapped ones, and NULL for the others (the metrics read them as absent).
  const columns: string[] = [];
  for (const [f, kind] of Object.entries(TICKET_FIELDS)) {
    const i = read.findIndex((s) => s.field === f);
    if (i < 0) columns.push(`CAST(NULL AS ${SQL_TYPE[kind] ?? 'VARCHAR'}) AS ${ident(f)}`);
    else if (kind === 'boolean') columns.push(`CAST(${ident(f)} AS BOOLEAN) AS ${ident(f)}`);
    else if (kind === 'timestamp') columns.push(`${await zoneLessFix(c, read[i] as ColumnSpec, specTypes[i] as string, zone)} AS ${ident(f)}`);
    else columns.push(ident(f));
  }
  await c.run(`CREATE TEMP VIEW "kk" AS SELECT ${columns.join(', ')} FROM "kk_rows" WHERE NOT ${bad}`);
  if (readFields.has('csat'))
    await c.run(`CREATE TEMP VIEW ${ident(TREND)} AS SELECT * REPLACE (CASE WHEN "createdAt" IS NULL THEN ${NAN} ELSE "csat" END AS "csat") FROM "kk"`);
  const counts = (await all(c, `SELECT count(*) AS "rows", count(*) FILTER (WHERE ${bad}) AS "bad" FROM "kk_rows"`))[0] as Row;
  const unreadable = num(counts['bad']);
  const records = num(counts['rows']) + rejected;
  if (unreadable > 0 && failing) throw await unreadableError(c, input, read, specNames, specTypes, zone, unreadable);
  // Business hours: the calendar's intervals over the instants of the file.
  if (settings.calendar !== undefined) {
    const stamps = read.filter((s) => s.kind === 'timestamp').map((s) => ident(s.field));
    const r = (await all(c, `SELECT min(least(${stamps.join(', ')})) AS "from", max(greatest(${stamps.join(', ')})) AS "to" FROM "kk"`))[0] as Row;
    planned = plan(
      r['from'] === null || r['to'] === null ? { from: 0, to: 1 } : { from: Math.floor(num(r['from'])) - 86_400_000, to: Math.ceil(num(r['to'])) + 86_400_000 },
    );
  }
  const computed = planned.filter((p): p is Planned & { plan: { sql: SqlMetric; options: Record<string, unknown> } } => 'sql' in p.plan);
  const skipped = planned.filter((p) => !('sql' in p.plan));
  const run = { connection: c, timestamps: 'epoch-ms' as const, onInvalid: 'exclude' as const };
  const totals =
    computed.length === 0
      ? {}
      : ((await runMetrics(Object.fromEntries(computed.map((p) => [p.plan.sql, p.plan.options])) as never, 'kk', run)) as Record<string, unknown>);

  const metrics: Record<string, unknown> = {};
  const byPeriod: Record<string, unknown> = {};
  const bySegment: Record<string, unknown> = {};
  const excluded: Record<string, number> = { rows: unreadable + rejected };
  let problems = unreadable + rejected;
  const notComputed: string[] = skipped.map((p) => `${p.name} (${(p.plan as { reason: string }).reason})`);
  const by = settings.by;
  // Segment values (for metrics whose query is split by their own key: one run per segment).
  let segmentKeys: SegmentKey[] | null = null;
  const segmentsOf = async (): Promise<SegmentKey[]> =>
    (segmentKeys ??= (await all(c, `SELECT DISTINCT ${ident(by as string)} AS "key" FROM "kk"`)).map((r) => keyOf(r['key'])));
  const split = (m: SqlMetric): boolean => SPLIT[m] !== undefined;
  const groupOptions = (p: (typeof computed)[number]) => ({
    ...run,
    ...p.plan.options,
    ...(settings.weekStartsOn === undefined ? {} : { weekStartsOn: settings.weekStartsOn }),
    timeZone: zone,
  });

  for (const p of computed) {
    const total = totals[p.plan.sql];
    // The node engine's overall CSAT is `csat` over the answers (no `excluded`: an answer off the scale is a problem of the report).
    if (p.name === 'csat') {
      const { excluded: _excluded, ...answers } = total as Record<string, unknown>;
      metrics[p.name] = Object.freeze(answers);
    } else metrics[p.name] = total;
    const invalid = (total as { excluded?: { invalid?: number } }).excluded?.invalid ?? 0;
    if (invalid > 0) {
      if (failing) {
        throw new InputError(
          `${p.name}: ${invalid.toLocaleString('en-US')} ${p.name === 'csat' ? 'answer' : 'ticket'}${invalid === 1 ? ' is' : 's are'} invalid for this metric (see docs/sql.md#exclusions; --engine duckdb does not number rows)${EXCLUDE_HINT}`,
        );
      }
      if (p.name !== 'csat') excluded[p.name] = invalid;
      problems += invalid;
    }
    if (settings.period === undefined && by === undefined) continue;
    // CSAT per period and segment is `csat` over the tickets: one without a creation time is invalid there.
    const from = p.name === 'csat' ? TREND : 'kk';
    const groupTotal = p.name === 'csat' ? ((await runMetrics({ csat: p.plan.options } as never, TREND, run)) as Record<string, unknown>)['csat'] : total;
    let segments: Segment[] | null = null;
    if (by !== undefined) {
      if (!split(p.plan.sql)) {
        const groups = await runMetricGroups(p.plan.sql, from, { ...groupOptions(p), by });
        segments = sortSegments(groups.map((g) => ({ key: keyOf(g.segment), count: g.count, result: g.result })));
      } else {
        const keys = await segmentsOf();
        if (keys.length > MAX_SPLIT_SEGMENTS) {
          notComputed.push(`${p.name} per ${by} (more than ${MAX_SPLIT_SEGMENTS} segments)`);
        } else {
          segments = [];
          for (const key of keys) {
            const where = `SELECT * FROM "kk" WHERE ${ident(by)} IS NOT DISTINCT FROM ${keyLiteral(key)}`;
            const n = num(((await all(c, `SELECT count(*) AS "n" FROM (${where})`))[0] as Row)['n']);
            const r = (await runMetrics({ [p.plan.sql]: p.plan.options } as never, { query: where }, run)) as Record<string, unknown>;
            segments.push({ key, count: n, result: r[p.plan.sql] });
          }
          sortSegments(segments);
        }
      }
    }
    if (settings.period !== undefined) {
      const splitKeys = by !== undefined && split(p.plan.sql) ? await segmentsOf() : null;
      const periods = await periodRows(p, from, settings, groupOptions(p), by !== undefined && segments !== null, splitKeys);
      byPeriod[p.name] = {
        ...periods,
        total: groupTotal,
        ...(by !== undefined && segments !== null ? { segments } : {}),
        period: settings.period,
        timeZone: zone,
        weekStartsOn: settings.weekStartsOn ?? 1,
        at: 'createdAt',
        ...(by !== undefined && segments !== null ? { by } : {}),
      };
    }
    if (by !== undefined && segments !== null) bySegment[p.name] = { segments, total: groupTotal, by };
  }
  const csat = metrics['csat'] as { n?: number } | undefined;
  const note = notComputed.length > 0 ? `not computed with --engine duckdb: ${notComputed.join('; ')}` : null;
  return {
    records,
    metrics,
    ...(settings.period === undefined ? {} : { byPeriod }),
    ...(by === undefined ? {} : { bySegment }),
    excluded,
    errors: [],
    source: {
      file,
      format: input.format,
      ...(input.gzip ? { gzip: true } : {}),
      ...(input.delimiter === null || input.delimiter === ',' ? {} : { delimiter: input.delimiter }),
      ...(mapping.preset === null ? {} : { preset: mapping.preset }),
      columns: Object.fromEntries(specs.map((s) => [s.field, s.column])),
      timeZone: zone,
      ...o.source,
      engine: 'duckdb',
      ...(csat === undefined ? {} : { csatAnswers: csat.n ?? 0 }),
      ...(problems === 0 ? {} : { problems }),
      ...(note === null ? {} : { note }),
    },
  };
}

/**
 * The periods of a metric (`byPeriod`'s rows, filled between the first and the last period as the
 * node engine fills them, each with the change from the row before; `undated`), from the groups of
 * `runMetricGroups` — with `by`, each row's segments (a split metric: one run per segment).
 */
async function periodRows(
  p: Planned & { plan: { sql: SqlMetric; options: Record<string, unknown> } },
  from: string,
  settings: DuckdbSettings,
  options: Record<string, unknown>,
  withSegments: boolean,
  splitKeys: readonly SegmentKey[] | null,
): Promise<{ periods: unknown[]; undated: unknown }> {
  const by = settings.by as string;
  const cells = new Map<string | null, { count: number; result: unknown; segments: Segment[] }>();
  const period = settings.period as string;
  for (const g of await runMetricGroups(p.plan.sql, from, { ...options, period } as never)) {
    cells.set(g.period ?? null, { count: g.count, result: g.result, segments: [] });
  }
  if (withSegments) {
    if (splitKeys === null) {
      for (const g of await runMetricGroups(p.plan.sql, from, { ...options, period, by } as never)) {
        cells.get(g.period ?? null)?.segments.push({ key: keyOf(g.segment), count: g.count, result: g.result });
      }
    } else {
      for (const key of splitKeys) {
        const where = `SELECT * FROM "kk" WHERE ${ident(by)} IS NOT DISTINCT FROM ${keyLiteral(key)}`;
        for (const g of await runMetricGroups(p.plan.sql, { query: where }, { ...options, period } as never)) {
          cells.get(g.period ?? null)?.segments.push({ key, count: g.count, result: g.result });
        }
      }
    }
    for (const cell of cells.values()) sortSegments(cell.segments);
  }
  const { settings: ps } = readPeriodOptions('report', {
    period,
    timeZone: settings.timeZone,
    ...(settings.weekStartsOn === undefined ? {} : { weekStartsOn: settings.weekStartsOn }),
  });
  const bucketer = bucketerOf(ps);
  const reader = new TimestampReader(settings.timeZone);
  const byIndex = new Map<number, { count: number; result: unknown; segments: Segment[] }>();
  for (const [key, cell] of cells) {
    if (key === null) continue;
    const index = bucketer.indexOf(keyStart(key, reader));
    if (bucketer.period(index).key !== key) throw new Error(`kpi-kit internal error: the period "${key}" of DuckDB is not ${bucketer.period(index).key}`);
    byIndex.set(index, cell);
  }
  const indices = [...byIndex.keys()].sort((a, b) => a - b);
  const periods: unknown[] = [];
  if (indices.length > 0) {
    let previous: unknown;
    for (let k = indices[0] as number; k <= (indices[indices.length - 1] as number); k++) {
      const cell = byIndex.get(k);
      const result = cell?.result ?? p.empty();
      const value = valueOf(result);
      periods.push({
        ...bucketer.period(k),
        count: cell?.count ?? 0,
        result,
        change: periods.length === 0 ? null : changeOf(previous, value),
        ...(withSegments ? { segments: cell?.segments ?? [] } : {}),
      });
      previous = value;
    }
  }
  const u = cells.get(null);
  return { periods, undated: u === undefined ? null : { count: u.count, result: u.result, ...(withSegments ? { segments: u.segments } : {}) } };
}

/** The one-line summary on standard error of a report with rows or tickets left out. */
export function duckdbSummary(doc: ReportDocument): string | null {
  const problems = (doc.source?.['problems'] as number | undefined) ?? 0;
  if (problems === 0) return null;
  const byMetric = Object.entries(doc.excluded).filter(([k]) => k !== 'rows');
  return (
    `kpi-kit: ${doc.excluded['rows']} of ${doc.records} rows left out of every metric` +
    (byMetric.length > 0 ? `; invalid for one metric: ${byMetric.map(([m, n]) => `${m} ${n}`).join(', ')}` : '') +
    `; ${problems} problems in all (counted, not listed, with --engine duckdb)\n`
  );
}
