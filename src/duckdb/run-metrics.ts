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
import { type FirstResolutionTimeResult } from '../support/first-resolution-time.js';
import { type StatusDurationResult } from '../support/status-duration.js';
import { type ReopenRateResult, reopenRate } from '../support/reopen-rate.js';
import { type FcrMethod, type FirstContactResolutionResult, firstContactResolution } from '../support/first-contact-resolution.js';
import { type CountBin, type CountDistributionResult } from '../support/count-distribution.js';
import { repliesPerTicket } from '../support/replies-per-ticket.js';
import { reopensPerTicket } from '../support/reopens-per-ticket.js';
import { type SlaComplianceResult, type SlaCounts, type SlaTargetOptions, reasonOf, slaCompliance } from '../support/sla-compliance.js';
import { type VolumeByChannelResult, type VolumeGroup, sortedCounts } from '../support/volume-by-channel.js';
import { ratio } from '../core/result.js';
import { type AbandonmentRateResult, abandonmentRate } from '../contact-center/abandonment-rate.js';
import { type AverageSpeedOfAnswerResult, averageSpeedOfAnswer } from '../contact-center/average-speed-of-answer.js';
import { type ServiceLevelResult, serviceLevel } from '../contact-center/service-level.js';
import { type ContactTimestampField } from '../contact-center/contact.js';
import { type ChurnRateResult, churnRate } from '../growth/churn-rate.js';
import { type RetentionRateResult, retentionRate } from '../growth/retention-rate.js';
import { type RevenueChurnResult } from '../growth/revenue-churn.js';
import { type RevenueRetentionResult } from '../growth/revenue-retention.js';
import { revenueResult } from './revenue.js';
import { type CohortRetentionResult } from '../growth/cohort-retention.js';
import { cohortGroups, cohortResult } from './cohort.js';
import { type ResolutionRateResult, resolutionRate } from '../support/resolution-rate.js';
import { type ComplaintsResult } from '../support/complaints.js';
import { type TopTopicsResult } from '../support/top-topics.js';
import { type ResolutionConsistencyResult } from '../support/resolution-consistency.js';
import { type BacklogResult } from '../support/backlog.js';
import { type TicketsPerHourResult } from '../support/tickets-per-hour.js';
import { ticketResult, ticketSplitOf } from './map-tickets.js';
import { type CsatTicketsResult } from '../survey/csat.js';
import { type NpsResult } from '../survey/nps.js';
import { type CesResult } from '../survey/ces.js';
import { type EsatResult } from '../survey/esat.js';
import { type EnpsResult } from '../survey/enps.js';
import { type SentimentResult } from '../survey/sentiment-score.js';
import { surveyResult } from './map-survey.js';
import { type Row, NOT_LISTED, num, numOrNull, pick, sumOf, summaryOf } from './rows.js';

/**
 * A DuckDB connection as `@duckdb/node-api` makes it (`await (await DuckDBInstance.create()).connect()`):
 * only the method used is named, so that these types do not need the package's.
 */
export interface DuckDBConnectionLike {
  runAndReadAll(sql: string): Promise<{ getRowObjects(): Record<string, unknown>[] }>;
}

/**
 * Options of one metric in {@link runMetrics}: the metric's own options of `metricSql`
 * (`percentiles`, `targetMs`, `resolvedStatuses`, `excludePaused`, `calendar`, `calendarRange`,
 * `calendarTable`, `scale`, `satisfied`, `easy`, `direction`, `weights`, documented there), and those of its
 * TypeScript result.
 */
export interface RunMetricOptions extends Pick<
  MetricSqlOptions,
  | 'percentiles'
  | 'targetMs'
  | 'resolvedStatuses'
  | 'excludePaused'
  | 'calendar'
  | 'calendarRange'
  | 'calendarTable'
  | 'basis'
  | 'method'
  | 'shortAbandonMs'
  | 'targetAnswerMs'
  | 'periodStart'
  | 'periodEnd'
  | 'windowDays'
  | 'sameTopic'
  | 'scale'
  | 'satisfied'
  | 'easy'
  | 'direction'
  | 'weights'
  | 'top'
  | 'outcome'
  | 'minTickets'
  | 'ageBucketsMs'
  | 'window'
  | 'agentHours'
  | 'period'
  | 'timeZone'
  | 'weekStartsOn'
  | 'periodCount'
> {
  /** Confidence level of the result's interval (resolutionRate, the survey metrics, …). Default 0.95. */
  readonly confidence?: number;
  /** nps and enps: `'wald'` (default) or `'adjusted-wald'`. */
  readonly intervalMethod?: unknown;
  /** slaCompliance: the targets (see `metricSql`); without them, the recorded outcomes. */
  readonly targets?: SlaTargetOptions;
  /** slaCompliance: the instant open tickets are judged at; required with `targets`. backlog: the instant it is taken at; required. */
  readonly asOf?: Date | number | string;
  /**
   * volumeByChannel: the field whose values are its keys. Default `'channel'`. complaints: the key
   * of its groups (none by default); topTopics: the key ranked (default `'topic-then-category'`).
   */
  readonly by?: string;
}

/** The result of each metric, as its TypeScript function returns it. */
export interface RunMetricResults {
  readonly firstResponseTime: FirstResponseTimeResult;
  readonly resolutionTime: ResolutionTimeResult;
  readonly averageHandleTime: AverageHandleTimeResult;
  readonly firstResolutionTime: FirstResolutionTimeResult;
  readonly requesterWaitTime: StatusDurationResult;
  readonly agentWaitTime: StatusDurationResult;
  readonly onHoldTime: StatusDurationResult;
  readonly agentWorkTime: StatusDurationResult;
  readonly resolutionRate: ResolutionRateResult;
  readonly reopenRate: ReopenRateResult;
  readonly firstContactResolution: FirstContactResolutionResult;
  readonly repliesPerTicket: CountDistributionResult;
  readonly reopensPerTicket: CountDistributionResult;
  readonly slaCompliance: SlaComplianceResult;
  readonly volumeByChannel: VolumeByChannelResult;
  readonly complaints: ComplaintsResult;
  readonly topTopics: TopTopicsResult;
  readonly resolutionConsistency: ResolutionConsistencyResult;
  readonly backlog: BacklogResult;
  readonly ticketsPerHour: TicketsPerHourResult;
  readonly abandonmentRate: AbandonmentRateResult;
  readonly averageSpeedOfAnswer: AverageSpeedOfAnswerResult;
  readonly serviceLevel: ServiceLevelResult;
  readonly churnRate: ChurnRateResult;
  readonly retentionRate: RetentionRateResult;
  readonly revenueChurn: RevenueChurnResult;
  readonly revenueRetention: RevenueRetentionResult;
  readonly cohortRetention: CohortRetentionResult;
  readonly csat: CsatTicketsResult;
  readonly esat: EsatResult;
  readonly nps: NpsResult;
  readonly enps: EnpsResult;
  readonly ces: CesResult;
  readonly sentimentScore: SentimentResult;
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

/** The invalid contacts of a row: counted, not listed. */
const contactsExcluded = (row: Row) => ({ invalid: num(row, 'invalid'), invalidIndices: [] as number[], invalidContacts: [] as never[] });

function durationResult(
  row: Row,
  keys: readonly string[],
  o: RunMetricOptions,
): FirstResponseTimeResult | ResolutionTimeResult | AverageHandleTimeResult | FirstResolutionTimeResult | StatusDurationResult {
  return deepFreeze({
    ...summaryOf(row, 'value'),
    withinTarget: o.targetMs === undefined ? null : { count: num(row, 'withinTargetCount'), share: numOrNull(row, 'withinTargetShare'), targetMs: o.targetMs },
    excluded: { ...Object.fromEntries(keys.map((k) => [k, num(row, k)])), invalid: num(row, 'invalid'), ...NOT_LISTED },
    time: o.calendar === undefined || o.calendar === null ? ('calendar' as const) : ('business-hours' as const),
  }) as unknown as FirstResponseTimeResult;
}

/** Builds a metric's result from its SQL row (figures from counts through the TypeScript function itself). */
function resultOf(metric: SqlMetric, row: Row, o: RunMetricOptions): RunMetricResults[SqlMetric] {
  switch (metric) {
    case 'firstResponseTime':
      return durationResult(row, ['unanswered'], o);
    case 'resolutionTime':
      return durationResult(row, ['unresolved', 'noResolutionTime'], o);
    case 'averageHandleTime':
      return durationResult(row, ['noHandleTime'], o);
    case 'firstResolutionTime':
      return durationResult(row, ['unresolved'], o);
    case 'requesterWaitTime':
    case 'agentWaitTime':
    case 'onHoldTime':
    case 'agentWorkTime':
      return durationResult(row, ['unmeasured'], o);
    case 'resolutionRate': {
      const r = resolutionRate({ inquiries: num(row, 'inquiries'), unresolved: num(row, 'unresolved') }, pick(o, ['confidence']));
      return deepFreeze({ ...r, excluded: { invalid: num(row, 'invalid'), ...NOT_LISTED } });
    }
    case 'csat':
    case 'esat':
    case 'nps':
    case 'enps':
    case 'ces':
    case 'sentimentScore':
      return surveyResult(metric, row, o);
    case 'reopenRate': {
      const r = reopenRate({ reopened: num(row, 'reopened'), resolved: num(row, 'resolved') }, pick(o, ['confidence']));
      const neverResolved = num(row, 'neverResolved');
      return deepFreeze({ ...r, neverResolved, excluded: { neverResolved, invalid: num(row, 'invalid'), ...NOT_LISTED } });
    }
    case 'firstContactResolution': {
      const counts = { resolvedOnFirstContact: num(row, 'resolvedOnFirstContact'), resolved: num(row, 'resolved'), received: num(row, 'received') };
      const r = firstContactResolution(counts, pick(o, ['basis', 'confidence']));
      const method = (o.method ?? 'contact-count') as FcrMethod;
      const windowDays = method === 'repeat-window' ? (o.windowDays ?? 7) : null;
      return deepFreeze({ ...r, method, windowDays, excluded: { invalid: num(row, 'invalid'), ...NOT_LISTED } });
    }
    case 'repliesPerTicket':
    case 'reopensPerTicket':
      return countResult(metric, row['parts'] as Row[], o);
    case 'slaCompliance':
      return slaResult(row['parts'] as Row[], o);
    case 'volumeByChannel':
      return volumeResult(row['parts'] as Row[], o);
    case 'complaints':
    case 'topTopics':
    case 'resolutionConsistency':
    case 'backlog':
    case 'ticketsPerHour':
      return ticketResult(metric, row, o) as RunMetricResults[typeof metric];
    case 'abandonmentRate': {
      const counts = { abandoned: num(row, 'abandoned'), offered: num(row, 'offered'), shortAbandons: num(row, 'shortAbandons') };
      const r = abandonmentRate(counts, pick(o, ['confidence']));
      return deepFreeze({ ...r, shortAbandonMs: o.shortAbandonMs ?? null, excluded: { queued: num(row, 'queued'), ...contactsExcluded(row) } });
    }
    case 'averageSpeedOfAnswer': {
      const r = averageSpeedOfAnswer({ totalWaitMs: num(row, 'totalWaitMs'), answered: num(row, 'answered') });
      return deepFreeze({ ...r, excluded: { abandoned: num(row, 'abandoned'), queued: num(row, 'queued'), ...contactsExcluded(row) } });
    }
    case 'serviceLevel': {
      const counts = {
        answeredWithinTarget: num(row, 'answeredWithinTarget'),
        abandonedWithinTarget: num(row, 'abandonedWithinTarget'),
        offered: num(row, 'offered'),
      };
      const r = serviceLevel(counts, pick(o, ['method', 'targetAnswerMs', 'confidence']));
      return deepFreeze({ ...r, excluded: { queued: num(row, 'queued'), ...contactsExcluded(row) } });
    }
    case 'churnRate':
      return churnRate(
        { customersAtStart: num(row, 'customersAtStart'), customersLost: num(row, 'customersLost'), customersAtEnd: num(row, 'customersAtEnd') },
        pick(o, ['method', 'confidence']),
      );
    case 'retentionRate':
      return retentionRate(
        { customersAtStart: num(row, 'customersAtStart'), customersAtEnd: num(row, 'customersAtEnd'), newCustomers: num(row, 'newCustomers') },
        pick(o, ['confidence']),
      );
    case 'revenueChurn':
    case 'revenueRetention':
      return revenueResult(metric, row);
    case 'cohortRetention':
      return cohortResult(row, o);
  }
}

/**
 * The field the queries of some metrics are split by (metricSql's `by`), one row per value, whose
 * rows `resultOf` reads together: the count of repliesPerTicket and reopensPerTicket (their
 * histogram), the priority of slaCompliance (its `byPriority`), the key of volumeByChannel (its
 * groups; its `by` option, default `'channel'`).
 */
function splitOf(metric: SqlMetric, o: RunMetricOptions): string | undefined {
  if (metric === 'repliesPerTicket') return 'replyCount';
  if (metric === 'reopensPerTicket') return 'reopenCount';
  if (metric === 'slaCompliance') return 'priority';
  if (metric === 'volumeByChannel') return o.by ?? 'channel';
  if (metric === 'complaints' || metric === 'topTopics' || metric === 'resolutionConsistency' || metric === 'ticketsPerHour') return ticketSplitOf(metric, o);
  return undefined;
}

/** The metrics whose `by` is their own key (their query's split), not a segment: volumeByChannel, complaints, topTopics. */
const keyedBy = (metric: SqlMetric): boolean => metric === 'volumeByChannel' || metric === 'complaints' || metric === 'topTopics';

/** The rows of a split query as one row: `count` and `invalid` summed, the rows in `parts`. */
function splitRow(rows: readonly Row[]): Row {
  let count = 0;
  let invalid = 0;
  for (const r of rows) {
    count += num(r, 'count');
    invalid += num(r, 'invalid');
  }
  return { count, invalid, parts: rows };
}

/** The rows of a split query, one row per period (`byPeriod`) or one in all. */
function splitRows(rows: readonly Row[], byPeriod: boolean): Row[] {
  const groups = new Map<string | null, Row[]>();
  for (const r of rows) {
    const key = byPeriod ? ((r['period'] ?? null) as string | null) : null;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [r]);
    else group.push(r);
  }
  return [...groups].map(([period, group]) => ({ ...splitRow(group), period }));
}

/** A count distribution from the rows of its query split by the count (`min` is the row's count). */
function countResult(metric: 'repliesPerTicket' | 'reopensPerTicket', parts: readonly Row[], o: RunMetricOptions): CountDistributionResult {
  const bins = new Map<number, number>();
  for (const r of parts) if (num(r, 'n') > 0) bins.set(num(r, 'min'), (bins.get(num(r, 'min')) ?? 0) + num(r, 'n'));
  const histogram: CountBin[] = [...bins].sort((a, b) => a[0] - b[0]).map(([value, count]) => ({ value, count }));
  const f = metric === 'repliesPerTicket' ? repliesPerTicket : reopensPerTicket;
  const r = f({ histogram, unmeasured: sumOf(parts, 'unmeasured') }, pick(o, ['percentiles']));
  return deepFreeze({ ...r, excluded: { ...r.excluded, invalid: sumOf(parts, 'invalid') } });
}

const SLA_KEYS = ['met', 'breached', 'pending', 'noTarget'] as const;
const SLA_PARTS = ['', 'firstResponse', 'resolution'] as const;
const slaColumn = (part: string, key: string): string => (part === '' ? key : `${part}${(key[0] as string).toUpperCase()}${key.slice(1)}`);

/** slaCompliance from the rows of its query split by priority (merged case-insensitively, as the TypeScript function keys them). */
function slaResult(parts: readonly Row[], o: RunMetricOptions): SlaComplianceResult {
  const recorded = o.targets === undefined;
  const rows = new Map<string | null, number[]>();
  for (const r of parts) {
    const seg = r['segment'];
    // A priority is a text; a number column reads as its digits.
    const priority = typeof seg === 'string' ? seg.toLowerCase() : typeof seg === 'number' || typeof seg === 'bigint' ? seg.toString() : null;
    const counts = SLA_PARTS.flatMap((part) => SLA_KEYS.map((key) => num(r, slaColumn(part, key))));
    const into = rows.get(priority);
    if (into === undefined) rows.set(priority, counts);
    else counts.forEach((c, k) => (into[k] = (into[k] as number) + c));
  }
  const countsOf = (c: readonly number[], at: number): SlaCounts => {
    const [met, breached, pending, noTarget] = c.slice(at, at + 4) as [number, number, number, number];
    return { value: ratio(met, met + breached), reason: reasonOf(met, breached, pending, noTarget, recorded), met, breached, pending, noTarget };
  };
  const tickets = (c: readonly number[]): number => (c[0] as number) + (c[1] as number) + (c[2] as number) + (c[3] as number);
  const total = new Array<number>(12).fill(0);
  const byPriority: { priority: string | null; c: number[] }[] = [];
  for (const [priority, c] of rows) {
    if (tickets(c) === 0) continue;
    c.forEach((x, k) => (total[k] = (total[k] as number) + x));
    byPriority.push({ priority, c });
  }
  byPriority.sort(
    (a, b) =>
      tickets(b.c) - tickets(a.c) || (a.priority === null ? 1 : b.priority === null ? -1 : a.priority < b.priority ? -1 : a.priority > b.priority ? 1 : 0),
  );
  const head = (c: readonly number[]) => {
    const { value, reason, met, breached, pending } = countsOf(c, 0);
    return { value, reason, met, breached, pending };
  };
  // The instant as the TypeScript function reads the option.
  const asOf = slaCompliance({ tickets: [] }, pick(o, ['targets', 'asOf'])).asOf;
  return deepFreeze({
    ...head(total),
    noTarget: total[3] as number,
    firstResponse: countsOf(total, 4),
    resolution: countsOf(total, 8),
    byPriority: byPriority.map(({ priority, c }) => ({ priority, ...head(c), firstResponse: countsOf(c, 4), resolution: countsOf(c, 8) })),
    asOf,
    time: recorded ? ('recorded' as const) : o.calendar === undefined || o.calendar === null ? ('calendar' as const) : ('business-hours' as const),
    excluded: {
      notYetCreated: sumOf(parts, 'notYetCreated'),
      noResolutionTime: sumOf(parts, 'noResolutionTime'),
      invalid: sumOf(parts, 'invalid'),
      ...NOT_LISTED,
    },
  });
}

/** volumeByChannel from the rows of its query split by its key. */
function volumeResult(parts: readonly Row[], o: RunMetricOptions): VolumeByChannelResult {
  const counts = new Map<VolumeGroup['key'], number>();
  for (const r of parts) {
    const key = r['segment'] === undefined ? null : typeof r['segment'] === 'bigint' ? Number(r['segment']) : (r['segment'] as VolumeGroup['key']);
    counts.set(key, (counts.get(key) ?? 0) + num(r, 'tickets'));
  }
  const total = sumOf(parts, 'tickets');
  return deepFreeze({
    value: total,
    total,
    groups: sortedCounts(counts).map(([key, count]) => ({ key, count, share: count / total })),
    by: o.by ?? 'channel',
    excluded: { invalid: sumOf(parts, 'invalid'), ...NOT_LISTED },
  });
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

/** The connection given, or a new database's (closed by `close`). @internal */
export async function open(fn: string, o: Record<string, unknown>): Promise<{ connection: DuckDBConnectionLike; close: () => void }> {
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
 * (`calendar`, with `calendarRange` or `calendarTable`) count a duration whose span leaves the
 * calendar's listed range as invalid (docs/sql.md#business-hours); survey metrics read answer
 * columns (`csat`, `esat`, `nps`, `enps`, `ces`; sentimentScore the label column `sentiment`)
 * without checking `createdAt`; the growth metrics of customer
 * records (`churnRate`, `retentionRate`, `revenueChurn`, `revenueRetention`) have no `excluded`:
 * invalid customer records raise the error, or with `onInvalid: 'exclude'` are left out (the
 * revenue metrics' exact MRR sums go through the TypeScript functions' amounts form; mixed
 * currencies raise their error, docs/sql.md#revenue); cohortRetention (its options `period`,
 * `timeZone`, `weekStartsOn`, `asOf`, `periodCount`) builds its whole result from the cells its
 * query counts with the TypeScript function's assembly, invalid records as above (docs/sql.md#cohortretention). The queries of `repliesPerTicket`, `reopensPerTicket`
 * (their histogram), `slaCompliance` (its `byPriority`) and `volumeByChannel` (its groups) are
 * split by that field (docs/sql.md#columns).
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
    if (mo.by !== undefined && !keyedBy(metric)) {
      throw new KpiInputError(FN, [
        {
          code: 'invalid_value',
          path: ['metrics', metric, 'by'],
          input: mo.by,
          detail: `${FN}: by is an option of volumeByChannel, complaints and topTopics (their key); split other metrics with runMetricGroups`,
        },
      ]);
    }
    const periodKey = (['period', 'timeZone', 'weekStartsOn'] as const).find((k) => mo[k] !== undefined);
    if (periodKey !== undefined && metric !== 'cohortRetention') {
      throw new KpiInputError(FN, [
        {
          code: 'invalid_value',
          path: ['metrics', metric, periodKey],
          input: mo[periodKey],
          detail: `${FN}: ${periodKey} is an option of cohortRetention (its cohorts); split other metrics by period with runMetricGroups or runMetricsByPeriod`,
        },
      ]);
    }
    const split = splitOf(metric, mo);
    return {
      metric,
      mo,
      i,
      sql: metricSql(metric, { dialect: 'duckdb', from: source, ...shared, ...sqlOptionsOf(mo), ...(split === undefined ? {} : { by: split }) }),
    };
  });
  const opened = await open(FN, o);
  try {
    const out: Record<string, unknown> = {};
    for (const { metric, mo, sql } of queries) {
      const rows = (await opened.connection.runAndReadAll(sql)).getRowObjects();
      const row = metric === 'cohortRetention' ? cohortGroups(rows, false)[0] : splitOf(metric, mo) === undefined ? rows[0] : splitRow(rows);
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
  readonly at?: TicketTimestampField | ContactTimestampField;
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
    'calendar',
    'calendarRange',
    'calendarTable',
    'basis',
    'method',
    'targets',
    'asOf',
    'shortAbandonMs',
    'targetAnswerMs',
    'periodStart',
    'periodEnd',
    'windowDays',
    'sameTopic',
    'scale',
    'satisfied',
    'easy',
    'direction',
    'weights',
    'top',
    'outcome',
    'minTickets',
    'ageBucketsMs',
    'window',
    'agentHours',
    'periodCount',
    'confidence',
    'intervalMethod',
  ]);
  const onInvalid = readOnInvalid(fn, all);
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) if (!(RUN_KEYS as readonly string[]).includes(key) && value !== undefined) own[key] = value;
  const split = splitOf(metric, own);
  if (split !== undefined && own['by'] !== undefined && !keyedBy(metric)) {
    throw new KpiInputError(fn, [
      {
        code: 'invalid_value',
        path: ['options', 'by'],
        input: own['by'],
        detail: `${fn}: ${metric} runs split by ${split} (its ${metric === 'slaCompliance' ? 'byPriority' : split === 'agent' ? 'agents' : 'histogram'}), so it takes period but not by; run it once per segment with a query source instead`,
      },
    ]);
  }
  const sql = metricSql(metric, { dialect: 'duckdb', from: source, ...sharedOf(all), ...sqlOptionsOf(own), ...(split === undefined ? {} : { by: split }) });
  const opened = await open(fn, all);
  try {
    const read = (await opened.connection.runAndReadAll(sql)).getRowObjects();
    // cohortRetention: its rows are the cells of its state (one group per segment); its period is its cohorts'.
    const rows =
      metric === 'cohortRetention' ? cohortGroups(read, own['by'] !== undefined) : split === undefined ? read : splitRows(read, own['period'] !== undefined);
    return Object.freeze(
      rows.map((row) => {
        checkInvalid(metric, row, onInvalid);
        return deepFreeze({
          ...(own['period'] === undefined || metric === 'cohortRetention' ? {} : { period: (row['period'] ?? null) as string | null }),
          ...(own['by'] === undefined || split !== undefined
            ? {}
            : { segment: typeof row['segment'] === 'bigint' ? Number(row['segment']) : (row['segment'] ?? null) }),
          count: num(row, 'count'),
          result: resultOf(metric, row, own) as RunMetricResults[M],
        });
      }),
    );
  } finally {
    opened.close();
  }
}
