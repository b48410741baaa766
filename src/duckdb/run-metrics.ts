/**
 * `runMetrics`: the metrics' SQL run on DuckDB, results as the TypeScript functions give them.
 *
 * @module
 */
import { KpiInputError } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { isRecord, readOptions } from '../core/validate.js';
import { type MetricSqlOptions, type SqlMetric, SQL_METRICS, metricSql } from '../sql/metric-sql.js';
import { type SqlSource } from '../sql/dialect.js';
import { type TicketTimestampField } from '../records/tickets.js';
import { type FirstResponseTimeResult } from '../support/first-response-time.js';
import { type ResolutionTimeResult } from '../support/resolution-time.js';
import { type AverageHandleTimeResult } from '../support/average-handle-time.js';
import { type ResolutionRateResult, resolutionRate } from '../support/resolution-rate.js';
import { type CsatTicketsResult, csat } from '../survey/csat.js';
import { type NpsResult, nps } from '../survey/nps.js';
import { type CesResult, ces } from '../survey/ces.js';

/**
 * A DuckDB connection as `@duckdb/node-api` makes it (`await (await DuckDBInstance.create()).connect()`):
 * only the method used is named, so that these types do not need the package's.
 */
export interface DuckDBConnectionLike {
  runAndReadAll(sql: string): Promise<{ getRowObjects(): Record<string, unknown>[] }>;
}

/**
 * Options of one metric in {@link runMetrics}: the metric's own options of `metricSql`
 * (`percentiles`, `targetMs`, `resolvedStatuses`, `excludePaused`, `scale`, `satisfied`, `easy`,
 * `direction`, documented there), and those of its TypeScript result.
 */
export interface RunMetricOptions extends Pick<
  MetricSqlOptions,
  'percentiles' | 'targetMs' | 'resolvedStatuses' | 'excludePaused' | 'scale' | 'satisfied' | 'easy' | 'direction'
> {
  /** Confidence level of the result's interval (resolutionRate, csat, nps, ces). Default 0.95. */
  readonly confidence?: number;
  /** nps: `'wald'` (default) or `'adjusted-wald'`. */
  readonly intervalMethod?: unknown;
}

/** The result of each metric, as its TypeScript function returns it. */
export interface RunMetricResults {
  readonly firstResponseTime: FirstResponseTimeResult;
  readonly resolutionTime: ResolutionTimeResult;
  readonly averageHandleTime: AverageHandleTimeResult;
  readonly resolutionRate: ResolutionRateResult;
  readonly csat: CsatTicketsResult;
  readonly nps: NpsResult;
  readonly ces: CesResult;
}

/** Options of {@link runMetrics}. */
export interface RunMetricsOptions {
  /** Record field → column name (see `metricSql`); `null` for a field the source has no column for. */
  readonly columns?: Readonly<Record<string, string | null>>;
  /** `'timestamp'` (default) or `'epoch-ms'` (see `metricSql`). */
  readonly timestamps?: MetricSqlOptions['timestamps'];
  /**
   * `'throw'` (default): invalid rows raise KpiInputError, as the TypeScript functions do;
   * `'exclude'`: they are counted in `excluded.invalid` (SQL rows have no order: they are counted,
   * not listed — `invalidIndices` and the listed records are empty).
   */
  readonly onInvalid?: 'throw' | 'exclude';
  /** A DuckDB database file to open (read only is not implied). Default: an in-memory database. */
  readonly database?: string;
  /** An open `@duckdb/node-api` connection to run on instead (its tables and views are then sources). */
  readonly connection?: DuckDBConnectionLike;
}

const FN = 'runMetrics';
const RUN_KEYS = ['columns', 'timestamps', 'onInvalid', 'database', 'connection'] as const;
type Row = Record<string, unknown>;

/** The DuckDB client, loaded when first needed. @internal */
export const loader = {
  load: (): Promise<unknown> => import('@duckdb/node-api'),
};

async function connect(database: string): Promise<{ connection: DuckDBConnectionLike; close: () => void }> {
  let api: { DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckDBConnectionLike & { closeSync(): void }>; closeSync(): void }> } };
  try {
    // A CommonJS package: its exports are named ones under Node's ESM loader, or `default` under some bundlers.
    const loaded = (await loader.load()) as Partial<typeof api> & { readonly default?: typeof api };
    api = loaded.DuckDBInstance === undefined && loaded.default !== undefined ? loaded.default : (loaded as typeof api);
  } catch (e) {
    throw new KpiInputError(FN, [
      {
        code: 'missing',
        path: [],
        input: undefined,
        detail: `${FN}: the optional peer dependency @duckdb/node-api is not installed (npm install @duckdb/node-api): ${e instanceof Error ? e.message : String(e)}`,
      },
    ]);
  }
  const instance = await api.DuckDBInstance.create(database);
  const connection = await instance.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** A plain number of a DuckDB value (BIGINT counts arrive as bigint). */
function num(row: Row, key: string): number {
  const v = row[key];
  return typeof v === 'bigint' ? Number(v) : (v as number);
}
function numOrNull(row: Row, key: string): number | null {
  return row[key] === null || row[key] === undefined ? null : num(row, key);
}

const NOT_LISTED = { invalidIndices: [] as number[], invalidTickets: [] as never[] };

function durationResult(row: Row, keys: readonly string[], o: RunMetricOptions): FirstResponseTimeResult | ResolutionTimeResult | AverageHandleTimeResult {
  const percentiles = Object.fromEntries(
    Object.keys(row)
      .filter((k) => /^p\d/.test(k))
      .map((k) => [k, numOrNull(row, k)]),
  );
  const n = num(row, 'n');
  return deepFreeze({
    value: numOrNull(row, 'value'),
    reason: (row['reason'] ?? null) as string | null,
    n,
    mean: numOrNull(row, 'mean'),
    median: numOrNull(row, 'median'),
    percentiles,
    min: numOrNull(row, 'min'),
    max: numOrNull(row, 'max'),
    total: num(row, 'total'),
    withinTarget: o.targetMs === undefined ? null : { count: num(row, 'withinTargetCount'), share: numOrNull(row, 'withinTargetShare'), targetMs: o.targetMs },
    excluded: { ...Object.fromEntries(keys.map((k) => [k, num(row, k)])), invalid: num(row, 'invalid'), ...NOT_LISTED },
    time: 'calendar' as const,
  }) as unknown as FirstResponseTimeResult;
}

/** Counts per scale point, `{ <point>: count }`, from the `score<k>` columns. */
function pointCounts(row: Row): Record<string, number> {
  return Object.fromEntries(
    Object.keys(row)
      .filter((k) => /^score-?\d+$/.test(k))
      .map((k) => [k.slice(5), num(row, k)]),
  );
}

const pick = (o: RunMetricOptions, keys: readonly (keyof RunMetricOptions)[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

/** Builds a metric's result from its SQL row (figures from counts through the TypeScript function itself). */
function resultOf(metric: SqlMetric, row: Row, o: RunMetricOptions): RunMetricResults[SqlMetric] {
  switch (metric) {
    case 'firstResponseTime':
      return durationResult(row, ['unanswered'], o);
    case 'resolutionTime':
      return durationResult(row, ['unresolved', 'noResolutionTime'], o);
    case 'averageHandleTime':
      return durationResult(row, ['noHandleTime'], o);
    case 'resolutionRate': {
      const r = resolutionRate({ inquiries: num(row, 'inquiries'), unresolved: num(row, 'unresolved') }, pick(o, ['confidence']));
      return deepFreeze({ ...r, excluded: { invalid: num(row, 'invalid'), ...NOT_LISTED } });
    }
    case 'csat': {
      const r = csat({ counts: pointCounts(row) }, pick(o, ['scale', 'satisfied', 'confidence']) as never);
      return deepFreeze({ ...r, excluded: { unanswered: num(row, 'unanswered'), invalid: num(row, 'invalid'), ...NOT_LISTED } });
    }
    case 'nps':
      return nps(
        { promoters: num(row, 'promoters'), passives: num(row, 'passives'), detractors: num(row, 'detractors') },
        pick(o, ['scale', 'confidence', 'intervalMethod']),
      );
    case 'ces':
      return ces({ counts: pointCounts(row) }, pick(o, ['scale', 'easy', 'direction', 'confidence']));
  }
}

/** The `onInvalid` option. */
function readOnInvalid(fn: string, o: Record<string, unknown>): 'throw' | 'exclude' {
  const onInvalid = o['onInvalid'] ?? 'throw';
  if (onInvalid !== 'throw' && onInvalid !== 'exclude') {
    throw new KpiInputError(fn, [{ code: 'invalid_value', path: ['options', 'onInvalid'], input: onInvalid, expected: "'throw' or 'exclude'" }]);
  }
  return onInvalid;
}

/** The options of every query: `columns` and `timestamps`. */
function sharedOf(o: Record<string, unknown>): Record<string, unknown> {
  return {
    ...(o['columns'] === undefined ? {} : { columns: o['columns'] }),
    ...(o['timestamps'] === undefined ? {} : { timestamps: o['timestamps'] }),
  };
}

/** The connection given, or a new database's (closed by `close`). */
async function open(fn: string, o: Record<string, unknown>): Promise<{ connection: DuckDBConnectionLike; close: () => void }> {
  const given = o['connection'] as DuckDBConnectionLike | undefined;
  const database = o['database'] ?? ':memory:';
  if (typeof database !== 'string') {
    throw new KpiInputError(fn, [{ code: 'invalid_type', path: ['options', 'database'], input: database, expected: 'a database file path' }]);
  }
  return given === undefined ? await connect(database) : { connection: given, close: () => undefined };
}

/** Raises the error of invalid rows, as the TypeScript functions do by default. */
function checkInvalid(metric: string, row: Row, onInvalid: 'throw' | 'exclude'): void {
  const invalid = num(row, 'invalid');
  if (invalid > 0 && onInvalid === 'throw') {
    throw new KpiInputError(metric, [
      {
        code: 'invalid_value',
        path: [],
        input: invalid,
        detail: `${metric}: ${invalid} invalid row${invalid === 1 ? '' : 's'} (see docs/sql.md#exclusions); pass onInvalid: 'exclude' to count them in excluded.invalid instead`,
      },
    ]);
  }
}

/** The SQL options of a metric: its own, without those only its TypeScript result reads. */
function sqlOptionsOf(o: RunMetricOptions): Record<string, unknown> {
  const { confidence: _c, intervalMethod: _i, ...rest } = o;
  return rest;
}

/**
 * Computes metrics on DuckDB — over a table, a CSV or Parquet file (larger than memory: DuckDB
 * streams it) or a subquery — with the SQL of `metricSql`, and returns each metric's result as its
 * TypeScript function returns it (frozen; the same fields, figures and `reason`s): durations summed
 * exactly and quantiles by linear interpolation in SQL; intervals, shares and distributions computed
 * from the SQL counts by the TypeScript functions themselves. One query per metric.
 *
 * Differences from the TypeScript path: timestamps are read to the millisecond; invalid rows are
 * counted but not listed (`invalidIndices` and the listed records are empty); business hours
 * (`calendar`) are not supported yet; survey metrics read answer columns (`csat`, `nps`, `ces`)
 * without checking `createdAt`.
 *
 * @param metrics - The metrics: an array of names (`['firstResponseTime', 'csat']`), or an object
 *   of name → {@link RunMetricOptions} (`{ csat: { scale: '1-5' }, nps: {} }`).
 * @param source - Where the records are ({@link SqlSource}): a table name, `{ csv }`, `{ parquet }`, `{ table }` or `{ query }`.
 * @param options - {@link RunMetricsOptions}.
 * @returns An object of name → result ({@link RunMetricResults}), in the order asked.
 * @throws `KpiInputError` (of `kpi-kit`) for an unknown metric or option (as `metricSql`), when
 *   `@duckdb/node-api` is not installed, and with `onInvalid: 'throw'` when a metric finds invalid rows.
 * @see docs/sql.md#runmetrics.
 *
 * @example
 * ```ts
 * import { runMetrics } from 'kpi-kit/duckdb';
 *
 * const query = `select TIMESTAMPTZ '2024-05-06 08:00:00Z' as "createdAt", TIMESTAMPTZ '2024-05-06 10:00:00Z' as "firstResponseAt", 5 as csat`;
 * const r = await runMetrics({ firstResponseTime: {}, csat: {} }, { query }, { columns: { firstResponseMs: null } });
 * r.firstResponseTime.value; // 7200000
 * r.csat.value; // 1
 * ```
 */
export async function runMetrics<M extends SqlMetric>(
  metrics: readonly M[] | { readonly [K in M]: RunMetricOptions },
  source: SqlSource,
  options?: RunMetricsOptions,
): Promise<{ readonly [K in M]: RunMetricResults[K] }> {
  const o = readOptions(FN, options, RUN_KEYS);
  const list: [SqlMetric, RunMetricOptions][] = Array.isArray(metrics)
    ? (metrics as readonly unknown[]).map((m) => [m as SqlMetric, {}])
    : isRecord(metrics)
      ? Object.entries(metrics).map(([m, mo]) => [m as SqlMetric, (mo ?? {}) as RunMetricOptions])
      : [];
  if (list.length === 0) {
    throw new KpiInputError(FN, [
      { code: 'invalid_value', path: ['metrics'], input: metrics, expected: `a non-empty array or object of metrics: ${SQL_METRICS.join(', ')}` },
    ]);
  }
  const onInvalid = readOnInvalid(FN, o);
  const shared = sharedOf(o);
  // Every query is written (and every option checked) before DuckDB is loaded.
  const queries = list.map(([metric, mo], i) => {
    if (!isRecord(mo)) throw new KpiInputError(FN, [{ code: 'invalid_type', path: ['metrics', metric], input: mo, expected: 'an object of options' }]);
    return { metric, mo, i, sql: metricSql(metric, { dialect: 'duckdb', from: source, ...shared, ...sqlOptionsOf(mo) }) };
  });
  const opened = await open(FN, o);
  try {
    const out: Record<string, unknown> = {};
    for (const { metric, mo, sql } of queries) {
      const [row] = (await opened.connection.runAndReadAll(sql)).getRowObjects();
      if (row === undefined) throw new Error(`kpi-kit internal error: no row from the ${metric} query`);
      checkInvalid(metric, row, onInvalid);
      out[metric] = resultOf(metric, row, mo);
    }
    return Object.freeze(out) as { readonly [K in M]: RunMetricResults[K] };
  } finally {
    opened.close();
  }
}

/** Options of {@link runMetricGroups}: those of {@link runMetrics}, the metric's own, and the grouping of `metricSql`. */
export interface RunMetricGroupsOptions extends RunMetricsOptions, RunMetricOptions {
  /** One group per period: `'day'`, `'week'`, `'month'` or `'quarter'` (local dates in `timeZone`). */
  readonly period?: 'day' | 'week' | 'month' | 'quarter';
  /** Time zone of the periods (IANA name or UTC offset). Default `'UTC'`. */
  readonly timeZone?: string;
  /** First day of weeks, 0 = Sunday … 6 = Saturday. Default 1 (Monday). */
  readonly weekStartsOn?: number;
  /** The timestamp field that places a record in its period. Default `'createdAt'`. */
  readonly at?: TicketTimestampField;
  /** A field to split by. */
  readonly by?: string;
}

/** One group of {@link runMetricGroups}. */
export interface RunMetricGroup<R> {
  /** The period's key (`'2024-03'`), `null` for records without the `at` timestamp; absent without `period`. */
  readonly period?: string | null;
  /** The value of the `by` field, `null` for records without one; absent without `by`. */
  readonly segment?: unknown;
  /** Records in the group: measured, excluded and invalid. */
  readonly count: number;
  /** The metric over the group's records, as its TypeScript function gives it. */
  readonly result: R;
}

/**
 * One metric per period and/or segment on DuckDB: the groups of `metricSql` with `period` / `by`
 * (periods that have records, ordered by period then segment, NULL last), each with the result
 * object its TypeScript function gives for the group's records — the rows of `byPeriod` with
 * `fill: false` (without its `change` and `total`) or the segments of `bySegment`.
 *
 * @param metric - One of `SQL_METRICS`.
 * @param source - Where the records are ({@link SqlSource}).
 * @param options - {@link RunMetricGroupsOptions}: `period` and/or `by`, the metric's options, and
 *   those of {@link runMetrics}.
 * @returns The groups, frozen.
 * @throws `KpiInputError` (of `kpi-kit`) as {@link runMetrics}.
 * @see docs/sql.md#runmetrics.
 *
 * @example
 * ```ts
 * import { runMetricGroups } from 'kpi-kit/duckdb';
 *
 * const query = `select * from (values (TIMESTAMPTZ '2024-05-31 23:00:00Z', 5), (TIMESTAMPTZ '2024-06-01 08:00:00Z', 2)) as t("createdAt", csat)`;
 * // 23:00 UTC on 31 May is 1 June in Berlin (+02:00): both answers are June's.
 * const groups = await runMetricGroups('csat', { query }, { period: 'month', timeZone: 'Europe/Berlin' });
 * groups.length; // 1
 * groups[0]?.period; // '2024-06'
 * groups[0]?.count; // 2
 * groups[0]?.result.value; // 0.5
 * ```
 */
export async function runMetricGroups<M extends SqlMetric>(
  metric: M,
  source: SqlSource,
  options?: RunMetricGroupsOptions,
): Promise<readonly RunMetricGroup<RunMetricResults[M]>[]> {
  const fn = 'runMetricGroups';
  const all = readOptions(fn, options, [
    ...RUN_KEYS,
    'period',
    'timeZone',
    'weekStartsOn',
    'at',
    'by',
    'percentiles',
    'targetMs',
    'resolvedStatuses',
    'excludePaused',
    'scale',
    'satisfied',
    'easy',
    'direction',
    'confidence',
    'intervalMethod',
  ]);
  const onInvalid = readOnInvalid(fn, all);
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) if (!(RUN_KEYS as readonly string[]).includes(key) && value !== undefined) own[key] = value;
  const sql = metricSql(metric, { dialect: 'duckdb', from: source, ...sharedOf(all), ...sqlOptionsOf(own) });
  const opened = await open(fn, all);
  try {
    const rows = (await opened.connection.runAndReadAll(sql)).getRowObjects();
    return Object.freeze(
      rows.map((row) => {
        checkInvalid(metric, row, onInvalid);
        return deepFreeze({
          ...(own['period'] === undefined ? {} : { period: (row['period'] ?? null) as string | null }),
          ...(own['by'] === undefined ? {} : { segment: typeof row['segment'] === 'bigint' ? Number(row['segment']) : (row['segment'] ?? null) }),
          count: num(row, 'count'),
          result: resultOf(metric, row, own) as RunMetricResults[M],
        });
      }),
    );
  } finally {
    opened.close();
  }
}
