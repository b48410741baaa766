/**
 * `runMetricsByPeriod`: `byPeriod`'s whole result — periods with their bounds, counts, results and
 * changes, empty periods filled in, the undated records and the total — from the metrics' SQL on
 * DuckDB.
 *
 * @module
 */
import { fail, isRecord } from '../core/validate.js';
import { type ByPeriodResult, type PeriodPart, finishPeriods, plainRows } from '../grouping/by-period.js';
import { requireMetric } from '../grouping/parts.js';
import { type PeriodBucketer, type PeriodUnit, bucketerOf, readPeriodOptions } from '../time/period.js';
import { type SqlMetric } from '../sql/metric-sql.js';
import { type SqlSource } from '../sql/dialect.js';
import { firstResponseTime } from '../support/first-response-time.js';
import { resolutionTime } from '../support/resolution-time.js';
import { averageHandleTime } from '../support/average-handle-time.js';
import { firstResolutionTime } from '../support/first-resolution-time.js';
import { requesterWaitTime } from '../support/requester-wait-time.js';
import { agentWaitTime } from '../support/agent-wait-time.js';
import { onHoldTime } from '../support/on-hold-time.js';
import { agentWorkTime } from '../support/agent-work-time.js';
import { resolutionRate } from '../support/resolution-rate.js';
import { reopenRate } from '../support/reopen-rate.js';
import { firstContactResolution } from '../support/first-contact-resolution.js';
import { repliesPerTicket } from '../support/replies-per-ticket.js';
import { reopensPerTicket } from '../support/reopens-per-ticket.js';
import { slaCompliance } from '../support/sla-compliance.js';
import { volumeByChannel } from '../support/volume-by-channel.js';
import { abandonmentRate } from '../contact-center/abandonment-rate.js';
import { averageSpeedOfAnswer } from '../contact-center/average-speed-of-answer.js';
import { serviceLevel } from '../contact-center/service-level.js';
import { csat } from '../survey/csat.js';
import { nps } from '../survey/nps.js';
import { ces } from '../survey/ces.js';
import { type RunMetricGroupsOptions, type RunMetricResults, open, runMetricGroups } from './run-metrics.js';

const FN = 'runMetricsByPeriod';

/** The metrics `runMetricsByPeriod` runs: those `byPeriod` drives that have SQL (not the growth metrics of customer records, counted at two instants). */
export type PeriodSqlMetric =
  | 'firstResponseTime'
  | 'resolutionTime'
  | 'averageHandleTime'
  | 'firstResolutionTime'
  | 'requesterWaitTime'
  | 'agentWaitTime'
  | 'onHoldTime'
  | 'agentWorkTime'
  | 'resolutionRate'
  | 'reopenRate'
  | 'firstContactResolution'
  | 'repliesPerTicket'
  | 'reopensPerTicket'
  | 'slaCompliance'
  | 'volumeByChannel'
  | 'abandonmentRate'
  | 'averageSpeedOfAnswer'
  | 'serviceLevel'
  | 'csat'
  | 'nps'
  | 'ces';

/**
 * The TypeScript function of each metric `runMetricsByPeriod` takes: the one `byPeriod` drives,
 * whose accumulator gives the result of an empty period (so that the filled periods are its own).
 */
const FUNCTIONS: Readonly<Record<PeriodSqlMetric & SqlMetric, unknown>> = {
  firstResponseTime,
  resolutionTime,
  averageHandleTime,
  firstResolutionTime,
  requesterWaitTime,
  agentWaitTime,
  onHoldTime,
  agentWorkTime,
  resolutionRate,
  reopenRate,
  firstContactResolution,
  repliesPerTicket,
  reopensPerTicket,
  slaCompliance,
  volumeByChannel,
  abandonmentRate,
  averageSpeedOfAnswer,
  serviceLevel,
  csat,
  nps,
  ces,
};

/** The metrics of {@link PeriodSqlMetric}, in the order of docs/sql.md. */
export const PERIOD_SQL_METRICS: readonly PeriodSqlMetric[] = Object.freeze(Object.keys(FUNCTIONS) as PeriodSqlMetric[]);

/** The contact metrics: placed by `offeredAt` by default, as `byPeriod` places contacts. */
const CONTACT_METRICS: readonly string[] = ['abandonmentRate', 'averageSpeedOfAnswer', 'serviceLevel'];

/** Options only the SQL reads (the TypeScript function has the calendar itself, not its listed intervals). */
const SQL_ONLY = ['calendarRange', 'calendarTable'];
/** The options of the periods, and of the runner (not the metric's). */
const GROUPING = ['period', 'timeZone', 'weekStartsOn', 'at', 'fill', 'columns', 'timestamps', 'onInvalid', 'database', 'connection'];

/** Options of {@link runMetricsByPeriod}: those of `runMetricGroups` with `period` required, and `fill`. */
export interface RunMetricsByPeriodOptions extends Omit<RunMetricGroupsOptions, 'period' | 'by'> {
  /** The periods: `'day'`, `'week'`, `'month'` or `'quarter'` (local dates in `timeZone`). Required. */
  readonly period: PeriodUnit;
  /** Whether periods without records between the first and the last are listed, with the metric's empty result (as `byPeriod`). Default `true`. */
  readonly fill?: boolean;
  /** volumeByChannel only: the field whose values are its keys (default `'channel'`). */
  readonly by?: string;
}

/** Midnight UTC… of a proleptic Gregorian date (month 0–11), any year (Date.UTC maps years 0–99 to 1900–1999). */
function utc(year: number, month: number, day: number, hour: number): number {
  const d = new Date(Date.UTC(2000, 0, 1, hour));
  d.setUTCFullYear(year, month, day);
  return d.getTime();
}

const DAY_KEY = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})$/;
const MONTH_KEY = /^([+-]\d{6}|\d{4})-(\d{2})$/;
const QUARTER_KEY = /^([+-]\d{6}|\d{4})-Q([1-4])$/;

/**
 * The ordinal of the period whose key the SQL wrote (`'2024-03-31'`, a week by its first day,
 * `'2024-03'`, `'2024-Q1'`): an instant well inside the period (noon UTC of the day, the week's
 * fourth day, the 15th of the month, the middle month of the quarter) placed by the bucketer, and
 * checked against the key (a zone up to 14 hours from UTC moves it by one period at most). @internal
 */
export function periodIndexOfKey(bucketer: PeriodBucketer, unit: PeriodUnit, key: string): number {
  let ms = NaN;
  if (unit === 'day' || unit === 'week') {
    const m = DAY_KEY.exec(key);
    if (m !== null) ms = utc(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (unit === 'week' ? 3 : 0), 12);
  } else if (unit === 'month') {
    const m = MONTH_KEY.exec(key);
    if (m !== null) ms = utc(Number(m[1]), Number(m[2]) - 1, 15, 12);
  } else {
    const m = QUARTER_KEY.exec(key);
    if (m !== null) ms = utc(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 15, 12);
  }
  if (ms === ms) {
    const k = bucketer.indexOf(ms);
    for (const candidate of [k, k - 1, k + 1]) if (bucketer.period(candidate).key === key) return candidate;
  }
  throw new Error(`kpi-kit internal error: the SQL wrote the ${unit} key ${JSON.stringify(key)}, which is not a period of these settings`);
}

/**
 * `byPeriod(metric, records, { period, timeZone, weekStartsOn, at, fill }, metricOptions)` on
 * DuckDB: the same result — periods ascending with their `key`, `startMs`, `endMs`, `count`,
 * `result` and `change` (the change of `result.value` from the row before, by `byPeriod`'s own
 * rule), periods without records between the first and the last filled in with the result the
 * metric's TypeScript accumulator gives for no records (`fill`, default `true`), the `undated`
 * records (without the `at` timestamp) and the `total` over every record — from two queries of
 * `metricSql`: one grouped by period, one without. The results are those of `runMetricGroups`
 * (with its differences from the TypeScript path: invalid rows counted, not listed; timestamps to
 * the millisecond; docs/sql.md#runmetrics).
 *
 * Not period × segment: `by` is only volumeByChannel's key; for segments per period use
 * `runMetricGroups` (with `fill: false` rows). The growth metrics of customer records count at
 * two instants and have no periods.
 *
 * @param metric - One of {@link PERIOD_SQL_METRICS}.
 * @param source - Where the records are ({@link SqlSource}).
 * @param options - {@link RunMetricsByPeriodOptions}: `period` (required), `timeZone`,
 *   `weekStartsOn`, `at`, `fill`, the metric's options and those of `runMetrics`.
 * @returns The `ByPeriodResult` of `byPeriod` (frozen).
 * @throws `KpiInputError` (of `kpi-kit`) for a metric without periods, bad period options or
 *   `fill` (as `byPeriod`: also when `fill` would list more than 100,000 periods), `by` on a metric
 *   other than volumeByChannel, and as `runMetricGroups`.
 * @see docs/sql.md#runmetricsbyperiod; docs/metrics.md#byperiod.
 *
 * @example
 * ```ts
 * import { runMetricsByPeriod } from 'kpi-kit/duckdb';
 *
 * // Two answered tickets in January, one in March: February is filled in, empty.
 * const query = `select * from (values
 *   (TIMESTAMPTZ '2024-01-05 10:00:00Z', 3600000),
 *   (TIMESTAMPTZ '2024-01-20 08:00:00Z', 7200000),
 *   (TIMESTAMPTZ '2024-03-02 09:00:00Z', 1800000)) as t("createdAt", "firstResponseMs")`;
 * const r = await runMetricsByPeriod('firstResponseTime', { query }, { period: 'month', columns: { firstResponseAt: null } });
 * r.periods.map((p) => [p.key, p.count, p.result.value]); // [['2024-01', 2, 5400000], ['2024-02', 0, null], ['2024-03', 1, 1800000]]
 * r.periods[2]?.change; // null (February has no value)
 * r.total.value; // 4200000
 * ```
 */
export async function runMetricsByPeriod<M extends PeriodSqlMetric>(
  metric: M,
  source: SqlSource,
  options: RunMetricsByPeriodOptions,
): Promise<ByPeriodResult<RunMetricResults[M]>> {
  if (typeof metric !== 'string' || !(PERIOD_SQL_METRICS as readonly string[]).includes(metric)) {
    return fail(FN, {
      code: 'invalid_value',
      path: ['metric'],
      input: metric,
      expected: `one of ${PERIOD_SQL_METRICS.join(', ')} (the growth metrics of customer records have no periods)`,
    });
  }
  if (!isRecord(options)) {
    return fail(FN, {
      code: options === undefined ? 'missing' : 'invalid_type',
      path: ['options'],
      input: options,
      expected: "an options object like { period: 'month' }",
    });
  }
  const { period, timeZone, weekStartsOn, fill = true, by, ...rest } = options;
  const { settings } = readPeriodOptions(FN, {
    period,
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(weekStartsOn === undefined ? {} : { weekStartsOn }),
  });
  if (typeof fill !== 'boolean') return fail(FN, { code: 'invalid_type', path: ['options', 'fill'], input: fill, expected: 'true or false' });
  if (by !== undefined && metric !== 'volumeByChannel') {
    return fail(FN, {
      code: 'invalid_value',
      path: ['options', 'by'],
      input: by,
      detail: `${FN}: by is volumeByChannel's key; for ${metric} per period and segment, use runMetricGroups with period and by`,
    });
  }
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) if (!GROUPING.includes(key) && !SQL_ONLY.includes(key) && value !== undefined) own[key] = value;
  if (by !== undefined) own['by'] = by;
  // The empty period's result: the TypeScript accumulator's for no records (as byPeriod fills), its options checked first.
  const factory = requireMetric<unknown, RunMetricResults[M]>(FN, FUNCTIONS[metric]);
  const emptyAcc = factory.create(own);
  const at = rest.at ?? (CONTACT_METRICS.includes(metric) ? 'offeredAt' : 'createdAt');
  const opened = await open(FN, rest);
  try {
    const shared = { ...rest, ...(by === undefined ? {} : { by }), connection: opened.connection };
    const rows = await runMetricGroups(metric, source, {
      ...shared,
      period: settings.period,
      timeZone: settings.timeZone,
      weekStartsOn: settings.weekStartsOn,
    });
    const { at: _at, ...whole } = shared;
    const [all] = await runMetricGroups(metric, source, whole);
    const bucketer = bucketerOf(settings);
    const groups = new Map<number, PeriodPart<RunMetricResults[M]>>();
    let undated: { readonly count: number; readonly result: RunMetricResults[M] } | null = null;
    for (const g of rows) {
      if (g.period === null || g.period === undefined) undated = { count: g.count, result: g.result };
      else groups.set(periodIndexOfKey(bucketer, settings.period, g.period), { acc: { result: () => g.result }, count: g.count });
    }
    return finishPeriods(FN, groups, undated, () => all?.result ?? emptyAcc.result(), {
      bucketer,
      settings,
      fill,
      field: at,
      empty: () => factory.create(own).result(),
      shape: plainRows<RunMetricResults[M]>(),
    });
  } finally {
    opened.close();
  }
}
