/**
 * `metricSql`: the SQL text of a metric, with the same definitions, exclusions and quantiles as the
 * TypeScript function, for DuckDB and PostgreSQL.
 *
 * @module
 */
import { fail, isRecord, readOptions } from '../core/validate.js';
import { readPercentileList } from '../core/stats/quantile.js';
import { MAX_DURATION_MS, readTimeZone } from '../time/timestamp.js';
import { fixedOffsetMs } from '../time/zone.js';
import { type BusinessCalendar, type BusinessHoursSpec } from '../time/calendar.js';
import { type TimestampInput } from '../time/timestamp.js';
import { type BusinessHoursSql, readBusinessHours } from './calendar.js';
import { AGREEMENT_MS, type TicketTimestampField } from '../records/tickets.js';
import { NO_DURATIONS, DEFAULT_PERCENTILES, percentileKey } from '../support/durations.js';
import { resolutionRate } from '../support/resolution-rate.js';
import { type SlaTargetOptions } from '../support/sla-compliance.js';
import { type ServiceLevelMethod } from '../contact-center/service-level.js';
import { type ChurnRateMethod } from '../growth/churn-rate.js';
import { type ContactTimestampField } from '../contact-center/contact.js';
import {
  type SqlDialect,
  type SqlSource,
  SQL_DIALECTS,
  doubleType,
  exactSum,
  formatDate,
  numberLiteral,
  quantilesSql,
  quoteIdentifier,
  quoteLiteral,
  sourceSql,
} from './dialect.js';
import { type Plan, FN, INVALID, MAX_MS, as, cnt, resolutionChecks, resolutionRead, resolvedSql, share, numberColumn, timestampColumns } from './plan.js';
import { churnPlan, retentionPlan, revenueChurnPlan, revenueRetentionPlan } from './plans-growth.js';
import { CONTACT_TIMESTAMPS, abandonmentPlan, serviceLevelPlan, speedOfAnswerPlan } from './plans-contact.js';
import { countPlan, firstContactResolutionPlan, reopenRatePlan, slaPlan, statusTimePlan, volumePlan } from './plans-support.js';
import { backlogPlan, complaintsPlan, resolutionConsistencyPlan, ticketsPerHourPlan, topTopicsPlan } from './plans-tickets.js';
import { cohortSql } from './plans-cohort.js';
import { SURVEY_FIELDS, cesPlan, csatPlan, npsPlan, sentimentPlan } from './plans-survey.js';

/** The metrics `metricSql` writes so far. */
export type SqlMetric =
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
  | 'complaints'
  | 'topTopics'
  | 'resolutionConsistency'
  | 'backlog'
  | 'ticketsPerHour'
  | 'abandonmentRate'
  | 'averageSpeedOfAnswer'
  | 'serviceLevel'
  | 'churnRate'
  | 'retentionRate'
  | 'revenueChurn'
  | 'revenueRetention'
  | 'cohortRetention'
  | 'csat'
  | 'esat'
  | 'nps'
  | 'enps'
  | 'ces'
  | 'sentimentScore';

/** The metrics `metricSql` writes so far, in the order of docs/sql.md. */
export const SQL_METRICS: readonly SqlMetric[] = Object.freeze([
  'firstResponseTime',
  'resolutionTime',
  'averageHandleTime',
  'firstResolutionTime',
  'requesterWaitTime',
  'agentWaitTime',
  'onHoldTime',
  'agentWorkTime',
  'resolutionRate',
  'reopenRate',
  'firstContactResolution',
  'repliesPerTicket',
  'reopensPerTicket',
  'slaCompliance',
  'volumeByChannel',
  'complaints',
  'topTopics',
  'resolutionConsistency',
  'backlog',
  'ticketsPerHour',
  'abandonmentRate',
  'averageSpeedOfAnswer',
  'serviceLevel',
  'churnRate',
  'retentionRate',
  'revenueChurn',
  'revenueRetention',
  'cohortRetention',
  'csat',
  'esat',
  'nps',
  'enps',
  'ces',
  'sentimentScore',
]);

/** The periods of the `period` option (as `byPeriod`). */
export type SqlPeriod = 'day' | 'week' | 'month' | 'quarter';

/**
 * How timestamp columns are stored:
 * - `'timestamp'` (default): `TIMESTAMP WITH TIME ZONE` columns, or `TIMESTAMP` columns holding
 *   UTC wall-clock times (read as UTC, as the TypeScript functions read zone-less strings by default);
 * - `'epoch-ms'`: numbers, milliseconds since 1970-01-01T00:00:00Z (as numeric timestamps in TypeScript).
 */
export type SqlTimestamps = 'timestamp' | 'epoch-ms';

/** Options of {@link metricSql}. */
export interface MetricSqlOptions {
  /** `'duckdb'` or `'postgres'`. Required. */
  readonly dialect: SqlDialect;
  /** Where the records are: a table name, `{ csv }`, `{ parquet }`, `{ table }` or `{ query }` ({@link SqlSource}). Required. */
  readonly from: SqlSource;
  /**
   * Record field → column name, for the fields whose column is named otherwise (default: the field's
   * own name). Names are quoted, so they match exactly (PostgreSQL folds unquoted names to lower
   * case: a column created as `created_at` is `'created_at'`). Survey answers are read from the
   * field named like the metric (`csat`, `esat`, `nps`, `enps`, `ces`), sentiment labels from
   * `sentiment`. `null`: the source has no column for the
   * field (e.g. `{ firstResponseMs: null }` for a table with timestamps only); it reads as absent.
   */
  readonly columns?: Readonly<Record<string, string | null>>;
  /** How timestamps are stored ({@link SqlTimestamps}). Default `'timestamp'`. */
  readonly timestamps?: SqlTimestamps;
  /**
   * One row per period (by `at`, local dates in `timeZone`), as `byPeriod` with `fill: false`.
   * cohortRetention: the period of its cohorts (required; its own option, as in TypeScript).
   */
  readonly period?: SqlPeriod;
  /** IANA time zone (or UTC offset like `'+05:30'`) in which periods begin. Default `'UTC'`. */
  readonly timeZone?: string;
  /** First day of weeks, 0 = Sunday … 6 = Saturday. Default 1 (Monday, ISO 8601). */
  readonly weekStartsOn?: number;
  /** The timestamp field that places a record in its period. Default `'createdAt'` (tickets), `'offeredAt'` (contact metrics). */
  readonly at?: TicketTimestampField | ContactTimestampField;
  /** A field to split by: one row per value (per period and value, with `period`), as `bySegment`. */
  readonly by?: string;
  /** Duration metrics: percentiles to report, in percent (as the TypeScript option). Default `[90]`. */
  readonly percentiles?: readonly number[];
  /** Duration metrics: a target in ms; adds `withinTargetCount` and `withinTargetShare`. */
  readonly targetMs?: number;
  /** Ticket metrics: statuses that mean resolved (case-insensitive). Default `['solved', 'closed', 'resolved']`. */
  readonly resolvedStatuses?: readonly string[];
  /** resolutionTime: subtract each ticket's `pausedMs`. Default `false`. */
  readonly excludePaused?: boolean;
  /**
   * firstResponseTime, resolutionTime, firstResolutionTime, slaCompliance (with `targets`): count business time only, with a
   * calendar made by `businessCalendar` or its spec (as the TypeScript option). The intervals come
   * from `calendarRange` or `calendarTable` (one of them is required); durations are an interval
   * join over them (docs/sql.md#business-hours). ticketsPerHour: the window's business hours divide
   * the counts (computed when the query is written: no `calendarRange` or `calendarTable`).
   */
  readonly calendar?: BusinessCalendar | BusinessHoursSpec;
  /**
   * With `calendar`: the instants `{ from, to }` (epoch ms, `Date` or ISO-8601 strings) the
   * intervals are listed for, written into the query (as `calendarSql` lists them). A duration
   * whose span leaves the range is counted in `invalid`.
   */
  readonly calendarRange?: { readonly from: TimestampInput; readonly to: TimestampInput };
  /**
   * With `calendar`: a table (or view) made from `calendarSql`'s rows for the same calendar
   * (`CREATE TABLE business_hours AS <calendarSql>`): a name split at dots, or its parts. A duration
   * whose span leaves the range the table covers is counted in `invalid`.
   */
  readonly calendarTable?: string | readonly string[];
  /** firstContactResolution: `'resolved'` (default) or `'received'`, the denominator (as the TypeScript option). */
  readonly basis?: 'resolved' | 'received';
  /**
   * firstContactResolution: `'contact-count'` (default), `'flag'` or `'repeat-window'` (not with
   * `period`); serviceLevel: its method; churnRate: `'start'` (default) or `'average'`.
   */
  readonly method?: 'contact-count' | 'flag' | 'repeat-window' | ServiceLevelMethod | ChurnRateMethod;
  /** firstContactResolution, method `'repeat-window'`: days after a resolution in which the customer's next ticket is a repeat. Default 7. */
  readonly windowDays?: number;
  /** firstContactResolution, method `'repeat-window'`: only a ticket on the same `topic` (else `category`) is a repeat. Default `true`. */
  readonly sameTopic?: boolean;
  /** abandonmentRate: abandons within this many ms of the offer are short abandons, left out of both counts. */
  readonly shortAbandonMs?: number;
  /** serviceLevel: the target answer time in ms (required). */
  readonly targetAnswerMs?: number;
  /** churnRate, retentionRate, revenueChurn, revenueRetention: the start of the period (a Date, epoch ms or an ISO string, zone-less read as UTC); required. */
  readonly periodStart?: Date | number | string;
  /** churnRate, retentionRate, revenueChurn, revenueRetention: the end of the period; required, not before `periodStart`. */
  readonly periodEnd?: Date | number | string;
  /**
   * slaCompliance: the targets in ms, `{ firstResponseMs?, resolutionMs?, byPriority? }` (as the
   * TypeScript option; calendar time). Without targets, the outcomes recorded in
   * `firstResponseSlaMet` and `resolutionSlaMet` are counted.
   */
  readonly targets?: SlaTargetOptions;
  /**
   * slaCompliance: the instant open tickets are judged at; backlog: the instant the backlog is taken
   * at (a Date, epoch ms or an ISO string, zone-less read as UTC); required with `targets`, and by backlog.
   * cohortRetention: the instant of the data (required; a zone-less string read in `timeZone`, as in TypeScript).
   */
  readonly asOf?: Date | number | string;
  /** cohortRetention: the number of offset columns of its result (as the TypeScript option); the query does not depend on it. */
  readonly periodCount?: number;
  /** backlog: upper bounds of the age buckets in ms, ascending (as the TypeScript option). Default 1, 3, 7 and 30 days. */
  readonly ageBucketsMs?: readonly number[];
  /** topTopics: how many topics rank before the "other" ones (an integer from 1 to 10000). Default 10. */
  readonly top?: number;
  /** resolutionConsistency: the per-agent outcome, `'resolution-time'` (default), `'fcr'` or `'csat'`. */
  readonly outcome?: 'resolution-time' | 'fcr' | 'csat';
  /** resolutionConsistency: agents with fewer measured tickets are left out of the spread. Default 1. */
  readonly minTickets?: number;
  /**
   * ticketsPerHour: the window `{ from, to }` (the TypeScript function's `from` and `to`: instants,
   * `from` inclusive, `to` exclusive; zone-less strings read as UTC, or in the `calendar`'s zone). Required.
   */
  readonly window?: { readonly from: TimestampInput; readonly to: TimestampInput };
  /** ticketsPerHour: hours each agent worked in the window (agent → hours); other agents worked the window's hours. */
  readonly agentHours?: Readonly<Record<string, number>>;
  /** Survey metrics: the scale (as the TypeScript option). */
  readonly scale?: unknown;
  /** csat: the satisfied scale points (as the TypeScript option). */
  readonly satisfied?: unknown;
  /** ces: the easy scale points (as the TypeScript option). */
  readonly easy?: unknown;
  /** ces: `'higher-is-easier'` (default) or `'higher-is-harder'`. */
  readonly direction?: unknown;
  /** sentimentScore: the weight of each label, each in [−1, 1] (as the TypeScript option). Default `{ positive: 1, neutral: 0, negative: −1 }`. */
  readonly weights?: unknown;
}

const COMMON = ['dialect', 'from', 'columns', 'timestamps', 'period', 'timeZone', 'weekStartsOn', 'at', 'by'] as const;
/** The business-hours options of the duration metrics that take a calendar. */
const CALENDAR_OPTIONS = ['calendar', 'calendarRange', 'calendarTable'] as const;
const OWN: Readonly<Record<SqlMetric, readonly string[]>> = {
  firstResponseTime: ['percentiles', 'targetMs', ...CALENDAR_OPTIONS],
  resolutionTime: ['percentiles', 'targetMs', 'resolvedStatuses', 'excludePaused', ...CALENDAR_OPTIONS],
  averageHandleTime: ['percentiles', 'targetMs'],
  firstResolutionTime: ['percentiles', 'targetMs', ...CALENDAR_OPTIONS],
  requesterWaitTime: ['percentiles', 'targetMs'],
  agentWaitTime: ['percentiles', 'targetMs'],
  onHoldTime: ['percentiles', 'targetMs'],
  agentWorkTime: ['percentiles', 'targetMs'],
  resolutionRate: ['resolvedStatuses'],
  reopenRate: ['resolvedStatuses'],
  firstContactResolution: ['resolvedStatuses', 'basis', 'method', 'windowDays', 'sameTopic'],
  repliesPerTicket: ['percentiles'],
  reopensPerTicket: ['percentiles'],
  slaCompliance: ['resolvedStatuses', 'targets', 'asOf', ...CALENDAR_OPTIONS],
  volumeByChannel: [],
  complaints: ['resolvedStatuses'],
  topTopics: ['top'],
  resolutionConsistency: ['resolvedStatuses', 'outcome', 'minTickets'],
  backlog: ['resolvedStatuses', 'asOf', 'ageBucketsMs', 'percentiles'],
  ticketsPerHour: ['resolvedStatuses', 'window', 'calendar', 'agentHours'],
  abandonmentRate: ['shortAbandonMs'],
  averageSpeedOfAnswer: [],
  serviceLevel: ['targetAnswerMs', 'method'],
  churnRate: ['periodStart', 'periodEnd', 'method'],
  retentionRate: ['periodStart', 'periodEnd'],
  revenueChurn: ['periodStart', 'periodEnd'],
  revenueRetention: ['periodStart', 'periodEnd'],
  cohortRetention: ['asOf', 'periodCount'],
  csat: ['scale', 'satisfied'],
  esat: ['scale', 'satisfied'],
  nps: ['scale'],
  enps: ['scale'],
  ces: ['scale', 'easy', 'direction'],
  sentimentScore: ['weights'],
};
/** The record fields each metric reads (besides `at` and `by`). */
const FIELDS: Readonly<Record<SqlMetric, readonly string[]>> = {
  firstResponseTime: ['createdAt', 'firstResponseAt', 'firstResponseMs'],
  resolutionTime: ['createdAt', 'resolvedAt', 'resolutionMs', 'status', 'pausedMs'],
  averageHandleTime: ['handleTimeMs'],
  firstResolutionTime: ['createdAt', 'firstResolvedAt'],
  requesterWaitTime: ['createdAt', 'requesterWaitMs'],
  agentWaitTime: ['createdAt', 'agentWaitMs'],
  onHoldTime: ['createdAt', 'onHoldMs'],
  agentWorkTime: ['createdAt', 'agentWorkMs'],
  resolutionRate: ['createdAt', 'resolvedAt', 'resolutionMs', 'status'],
  reopenRate: ['createdAt', 'resolvedAt', 'resolutionMs', 'status', 'reopened'],
  firstContactResolution: ['createdAt', 'resolvedAt', 'resolutionMs', 'status', 'contactCount', 'firstContactResolved', 'customerId', 'topic', 'category'],
  repliesPerTicket: ['createdAt', 'replyCount'],
  reopensPerTicket: ['createdAt', 'reopenCount'],
  slaCompliance: [
    'createdAt',
    'firstResponseAt',
    'firstResponseMs',
    'resolvedAt',
    'resolutionMs',
    'status',
    'priority',
    'firstResponseSlaMet',
    'resolutionSlaMet',
  ],
  volumeByChannel: ['createdAt', 'channel'],
  complaints: ['createdAt', 'resolvedAt', 'resolutionMs', 'status', 'complaint', 'escalated'],
  topTopics: ['createdAt', 'topic', 'category'],
  resolutionConsistency: ['createdAt', 'resolvedAt', 'resolutionMs', 'status', 'contactCount', 'csat', 'agent', 'qaPassed'],
  backlog: ['createdAt', 'resolvedAt', 'resolutionMs', 'closedAt', 'status'],
  ticketsPerHour: ['createdAt', 'firstResponseAt', 'firstResponseMs', 'resolvedAt', 'resolutionMs', 'status', 'agent'],
  abandonmentRate: CONTACT_TIMESTAMPS,
  averageSpeedOfAnswer: CONTACT_TIMESTAMPS,
  serviceLevel: CONTACT_TIMESTAMPS,
  churnRate: ['startedAt', 'endedAt'],
  retentionRate: ['startedAt', 'endedAt'],
  revenueChurn: ['startedAt', 'endedAt', 'mrr', 'currency'],
  revenueRetention: ['startedAt', 'endedAt', 'mrr', 'currency'],
  cohortRetention: ['startedAt', 'endedAt', 'mrr', 'currency'],
  csat: [SURVEY_FIELDS.csat],
  esat: [SURVEY_FIELDS.esat],
  nps: [SURVEY_FIELDS.nps],
  enps: [SURVEY_FIELDS.enps],
  ces: [SURVEY_FIELDS.ces],
  sentimentScore: [SURVEY_FIELDS.sentimentScore],
};
/** The ticket timestamp fields that may place a record in its period (`at`), as `TicketTimestampField`. */
const TIMESTAMP_FIELDS: readonly TicketTimestampField[] = ['createdAt', 'firstResponseAt', 'resolvedAt', 'closedAt', 'firstResolvedAt'];

/** The validated settings of one call. */
interface Settings {
  readonly metric: SqlMetric;
  readonly dialect: SqlDialect;
  readonly from: string;
  /** The quoted column of a field, or `null` when `columns` maps it to `null` (the source has no such column). */
  readonly column: (field: string) => string | null;
  readonly epoch: boolean;
  readonly period: SqlPeriod | null;
  readonly timeZone: string;
  readonly weekStartsOn: number;
  readonly at: string;
  readonly by: string | null;
  readonly o: Record<string, unknown>;
  /** With a `calendar`: where its intervals are and how a business duration is written; else null. */
  readonly business: BusinessHoursSql | null;
}

function readSettings(metric: unknown, options: unknown): Settings {
  if (typeof metric !== 'string' || !(SQL_METRICS as readonly string[]).includes(metric)) {
    return fail(FN, { code: 'invalid_value', path: ['metric'], input: metric, expected: `one of ${SQL_METRICS.join(', ')}` });
  }
  const m = metric as SqlMetric;
  if (!isRecord(options))
    return fail(FN, {
      code: options === undefined ? 'missing' : 'invalid_type',
      path: ['options'],
      input: options,
      expected: 'an object: { dialect, from, ... }',
    });
  const o = readOptions(FN, options, [...COMMON, ...OWN[m]]);
  const dialect = o['dialect'];
  if (typeof dialect !== 'string' || !(SQL_DIALECTS as readonly string[]).includes(dialect)) {
    return fail(FN, {
      code: dialect === undefined ? 'missing' : 'invalid_value',
      path: ['options', 'dialect'],
      input: dialect,
      expected: `one of ${SQL_DIALECTS.join(', ')}`,
    });
  }
  const d = dialect as SqlDialect;
  const columns = o['columns'] ?? {};
  if (!isRecord(columns)) return fail(FN, { code: 'invalid_type', path: ['options', 'columns'], input: columns, expected: 'an object: field → column name' });
  const mapped = new Map<string, string | null>();
  // Any field of a metric written here (one mapping serves every metric of a table), `at` and `by`.
  const known = [...new Set([...Object.values(FIELDS).flat(), ...TIMESTAMP_FIELDS, ...(typeof o['by'] === 'string' ? [o['by']] : [])])];
  // Contact metrics place contacts by their own timestamps (byPeriod's default: offeredAt).
  const atFields: readonly string[] = FIELDS[m].includes('offeredAt') ? CONTACT_TIMESTAMPS : TIMESTAMP_FIELDS;
  for (const [field, name] of Object.entries(columns)) {
    if (!known.includes(field)) {
      return fail(FN, { code: 'invalid_value', path: ['options', 'columns', field], input: name, expected: `a record field: ${known.join(', ')}` });
    }
    mapped.set(field, name === null ? null : quoteIdentifier(FN, name, ['options', 'columns', field]));
  }
  const timestamps = o['timestamps'] ?? 'timestamp';
  if (timestamps !== 'timestamp' && timestamps !== 'epoch-ms') {
    return fail(FN, { code: 'invalid_value', path: ['options', 'timestamps'], input: timestamps, expected: "'timestamp' or 'epoch-ms'" });
  }
  const period = o['period'] ?? null;
  if (period !== null && !['day', 'week', 'month', 'quarter'].includes(period as string)) {
    return fail(FN, { code: 'invalid_value', path: ['options', 'period'], input: period, expected: "'day', 'week', 'month' or 'quarter'" });
  }
  const weekStartsOn = o['weekStartsOn'] ?? 1;
  if (!(typeof weekStartsOn === 'number' && Number.isInteger(weekStartsOn) && weekStartsOn >= 0 && weekStartsOn <= 6)) {
    return fail(FN, { code: 'invalid_value', path: ['options', 'weekStartsOn'], input: weekStartsOn, expected: 'an integer from 0 (Sunday) to 6 (Saturday)' });
  }
  const at = o['at'] ?? atFields[0];
  if (typeof at !== 'string' || !atFields.includes(at)) {
    return fail(FN, { code: 'invalid_value', path: ['options', 'at'], input: at, expected: `a timestamp field: ${atFields.join(', ')}` });
  }
  const by = o['by'] ?? null;
  if (by !== null && (typeof by !== 'string' || by === '')) {
    return fail(FN, { code: 'invalid_value', path: ['options', 'by'], input: by, expected: 'a field name' });
  }
  return {
    metric: m,
    dialect: d,
    from: sourceSql(FN, d, o['from']),
    column: (field) => (mapped.has(field) ? (mapped.get(field) as string | null) : quoteIdentifier(FN, field, ['options', 'columns', field])),
    epoch: timestamps === 'epoch-ms',
    period: period as SqlPeriod | null,
    timeZone: readTimeZone(FN, o['timeZone']),
    weekStartsOn,
    at,
    by,
    o,
    // ticketsPerHour's calendar counts the window's hours (in TypeScript): no intervals in the query.
    business: m === 'ticketsPerHour' ? null : readBusinessHours(FN, d, o),
  };
}

/** The local time (a TIMESTAMP) of epoch ms `ms` in the settings' zone. */
function localTime(s: Settings, ms: string): string {
  const offset = fixedOffsetMs(s.timeZone);
  const duck = s.dialect === 'duckdb';
  // The instant, exact to the microsecond: make_timestamp takes µs (DuckDB); an interval of ms (PostgreSQL).
  const utc = duck ? `make_timestamp(CAST(floor(${ms}) AS BIGINT) * 1000)` : `(TIMESTAMP '1970-01-01 00:00:00' + floor(${ms}) * INTERVAL '1 millisecond')`;
  if (offset === offset) return offset === 0 ? utc : `(${utc} + INTERVAL '${String(offset / 60_000)} minutes')`;
  const zone = quoteLiteral(FN, s.timeZone, ['options', 'timeZone']);
  // UTC wall time → instant → wall time in the zone.
  return duck ? `timezone(${zone}, timezone('UTC', ${utc}))` : `((${utc} AT TIME ZONE 'UTC') AT TIME ZONE ${zone})`;
}

/** The period key of the local date of epoch ms `ms` (`'2024-03-31'`, week `'2024-03-25'`, `'2024-03'`, `'2024-Q1'`). */
function periodKey(s: Settings, period: SqlPeriod, ms: string): string {
  const day = `CAST(${localTime(s, ms)} AS DATE)`;
  if (period === 'day') return formatDate(s.dialect, day, 'day');
  if (period === 'month') return formatDate(s.dialect, day, 'month');
  if (period === 'quarter') return formatDate(s.dialect, day, 'quarter');
  const first = s.weekStartsOn === 0 ? 7 : s.weekStartsOn;
  const back = `CAST((CAST(extract(isodow FROM ${day}) AS INTEGER) + ${7 - first}) % 7 AS INTEGER)`;
  return formatDate(s.dialect, `CAST(${day} - ${back} AS DATE)`, 'day');
}

/** The summary columns of a duration metric over the classified rows. */
function durationAggregates(s: Settings, excluded: readonly string[]): string[] {
  const dbl = doubleType(s.dialect);
  const percentiles = s.o['percentiles'] === undefined ? DEFAULT_PERCENTILES : readPercentileList(FN, s.o['percentiles'], ['options', 'percentiles']);
  const target = s.o['targetMs'];
  if (target !== undefined && !(typeof target === 'number' && target >= 0 && target <= MAX_DURATION_MS)) {
    fail(FN, {
      code: typeof target === 'number' ? 'out_of_range' : 'invalid_type',
      path: ['options', 'targetMs'],
      input: target,
      expected: 'a duration in ms (a finite number ≥ 0)',
    });
  }
  const sum = exactSum(s.dialect, '"v"');
  const mean = share(s, sum, 'count("v")');
  const quantiles = quantilesSql(s.dialect, '"v"', [0.5, ...percentiles.map((p) => p / 100)]);
  return [
    as(mean, 'value'),
    as(`CASE WHEN count("v") = 0 THEN ${quoteLiteral(FN, NO_DURATIONS, [])} END`, 'reason'),
    as('count("v")', 'n'),
    as(mean, 'mean'),
    as(quantiles[0] as string, 'median'),
    ...percentiles.map((p, i) => as(quantiles[i + 1] as string, percentileKey(p))),
    as(`CAST(min("v") AS ${dbl})`, 'min'),
    as(`CAST(max("v") AS ${dbl})`, 'max'),
    as(`CAST(coalesce(${sum}, 0) AS ${dbl})`, 'total'),
    ...(typeof target === 'number'
      ? [
          as(cnt(`"v" <= ${numberLiteral(target)}`), 'withinTargetCount'),
          as(share(s, cnt(`"v" <= ${numberLiteral(target)}`), 'count("v")'), 'withinTargetShare'),
        ]
      : []),
    ...excluded.map((key, i) => as(cnt(`"k" = ${i + 1}`), key)),
    as(cnt(`"k" = ${INVALID}`), 'invalid'),
  ];
}

function firstResponsePlan(s: Settings): Plan {
  const raw = '"firstResponseAt" - "createdAt"';
  const b = s.business;
  return {
    read: [...timestampColumns(s, 'createdAt'), ...timestampColumns(s, 'firstResponseAt'), numberColumn(s, 'firstResponseMs')],
    kind: `CASE
      WHEN "has_firstResponseAt" THEN CASE
        WHEN "firstResponseAt" IS NULL OR "createdAt" IS NULL OR "firstResponseAt" < "createdAt" THEN ${INVALID}
        WHEN "firstResponseMs" IS NOT NULL AND NOT ("firstResponseMs" <= ${MAX_MS} AND abs("firstResponseMs" - (${raw})) <= ${AGREEMENT_MS}) THEN ${INVALID}
        ${b === null ? '' : `WHEN NOT ${b.covers('"createdAt"', '"firstResponseAt"')} THEN ${INVALID}`}
        ELSE 0 END
      WHEN "createdAt" IS NULL THEN ${INVALID}
      WHEN "firstResponseMs" IS NULL THEN 1
      ${b === null ? '' : `WHEN "firstResponseMs" IS NOT NULL THEN ${INVALID}`}
      WHEN NOT ("firstResponseMs" >= 0 AND "firstResponseMs" <= ${MAX_MS}) THEN ${INVALID}
      ELSE 0 END`,
    value: `CASE WHEN "has_firstResponseAt" THEN ${b === null ? raw : b.duration('"createdAt"', '"firstResponseAt"')} ELSE "firstResponseMs" END`,
    aggregates: durationAggregates(s, ['unanswered']),
  };
}

function resolutionTimePlan(s: Settings): Plan {
  const paused = s.o['excludePaused'] ?? false;
  if (typeof paused !== 'boolean') return fail(FN, { code: 'invalid_type', path: ['options', 'excludePaused'], input: paused, expected: 'true or false' });
  const b = s.business;
  const d = `CASE WHEN "has_resolvedAt" THEN ${b === null ? '"resolvedAt" - "createdAt"' : b.duration('"createdAt"', '"resolvedAt"')} ELSE "resolutionMs" END`;
  return {
    read: [...resolutionRead(s), ...(paused ? [numberColumn(s, 'pausedMs')] : [])],
    kind: `CASE
      ${resolutionChecks()}
      WHEN NOT (${resolvedSql(s)}) THEN 1
      WHEN NOT "has_resolvedAt" AND "resolutionMs" IS NULL THEN 2
      ${b === null ? '' : `WHEN NOT "has_resolvedAt" OR NOT ${b.covers('"createdAt"', '"resolvedAt"')} THEN ${INVALID}`}
      ${paused ? `WHEN "pausedMs" IS NOT NULL AND NOT ("pausedMs" >= 0 AND "pausedMs" <= ${d}) THEN ${INVALID}` : ''}
      ELSE 0 END`,
    value: paused ? `${d} - coalesce("pausedMs", 0)` : d,
    aggregates: durationAggregates(s, ['unresolved', 'noResolutionTime']),
  };
}

function handleTimePlan(s: Settings): Plan {
  return {
    read: [numberColumn(s, 'handleTimeMs')],
    kind: `CASE WHEN "handleTimeMs" IS NULL THEN 1 WHEN NOT ("handleTimeMs" >= 0 AND "handleTimeMs" <= ${MAX_MS}) THEN ${INVALID} ELSE 0 END`,
    value: '"handleTimeMs"',
    aggregates: durationAggregates(s, ['noHandleTime']),
  };
}

function firstResolutionPlan(s: Settings): Plan {
  return {
    read: [...timestampColumns(s, 'createdAt'), ...timestampColumns(s, 'firstResolvedAt')],
    kind: `CASE
      WHEN "createdAt" IS NULL THEN ${INVALID}
      WHEN NOT "has_firstResolvedAt" THEN 1
      WHEN "firstResolvedAt" IS NULL OR "firstResolvedAt" < "createdAt" THEN ${INVALID}
      ${s.business === null ? '' : `WHEN NOT ${s.business.covers('"createdAt"', '"firstResolvedAt"')} THEN ${INVALID}`}
      ELSE 0 END`,
    value: s.business === null ? '"firstResolvedAt" - "createdAt"' : s.business.duration('"createdAt"', '"firstResolvedAt"'),
    aggregates: durationAggregates(s, ['unresolved']),
  };
}

function resolutionRatePlan(s: Settings): Plan {
  return {
    read: resolutionRead(s),
    kind: `CASE
      ${resolutionChecks()}
      WHEN ${resolvedSql(s)} THEN 0
      ELSE 1 END`,
    value: null,
    aggregates: [
      as(share(s, cnt('"k" = 0'), cnt(`"k" <> ${INVALID}`)), 'value'),
      as(`CASE WHEN ${cnt(`"k" <> ${INVALID}`)} = 0 THEN ${quoteLiteral(FN, resolutionRate({ inquiries: 0, unresolved: 0 }).reason ?? '', [])} END`, 'reason'),
      as(cnt(`"k" <> ${INVALID}`), 'inquiries'),
      as(cnt('"k" = 0'), 'resolved'),
      as(cnt('"k" = 1'), 'unresolved'),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
    ],
  };
}

const PLANS: Readonly<Record<Exclude<SqlMetric, 'cohortRetention'>, (s: Settings) => Plan>> = {
  firstResponseTime: firstResponsePlan,
  resolutionTime: resolutionTimePlan,
  averageHandleTime: handleTimePlan,
  firstResolutionTime: firstResolutionPlan,
  requesterWaitTime: (s) => statusTimePlan(s, 'requesterWaitMs', durationAggregates(s, ['unmeasured'])),
  agentWaitTime: (s) => statusTimePlan(s, 'agentWaitMs', durationAggregates(s, ['unmeasured'])),
  onHoldTime: (s) => statusTimePlan(s, 'onHoldMs', durationAggregates(s, ['unmeasured'])),
  agentWorkTime: (s) => statusTimePlan(s, 'agentWorkMs', durationAggregates(s, ['unmeasured'])),
  resolutionRate: resolutionRatePlan,
  reopenRate: reopenRatePlan,
  firstContactResolution: firstContactResolutionPlan,
  repliesPerTicket: (s) => countPlan(s, 'replyCount'),
  reopensPerTicket: (s) => countPlan(s, 'reopenCount'),
  slaCompliance: slaPlan,
  volumeByChannel: volumePlan,
  complaints: complaintsPlan,
  topTopics: topTopicsPlan,
  resolutionConsistency: resolutionConsistencyPlan,
  backlog: backlogPlan,
  ticketsPerHour: ticketsPerHourPlan,
  abandonmentRate: abandonmentPlan,
  averageSpeedOfAnswer: speedOfAnswerPlan,
  serviceLevel: serviceLevelPlan,
  churnRate: churnPlan,
  retentionRate: retentionPlan,
  revenueChurn: revenueChurnPlan,
  revenueRetention: revenueRetentionPlan,
  csat: (s) => csatPlan(s, 'csat'),
  esat: (s) => csatPlan(s, 'esat'),
  nps: (s) => npsPlan(s, 'nps'),
  enps: (s) => npsPlan(s, 'enps'),
  ces: cesPlan,
  sentimentScore: sentimentPlan,
};

/**
 * The SQL of a metric over a table, a file or a subquery, for DuckDB or PostgreSQL: one query that
 * returns one row whose columns are the TypeScript result's scalar fields — with `period` and/or
 * `by`, one row per period and segment (columns `period` and `segment` first; ordered by them,
 * records without a period or a segment value last; periods without records are not listed).
 *
 * Definitions and exclusions are those of the TypeScript functions with `onInvalid: 'exclude'`: a
 * row is counted in `invalid` where the function would reject the ticket (a response or resolution
 * before creation, a duration column that is negative, longer than 100 years or disagrees with the
 * timestamps by more than 1 ms, an answer off the scale), and in `unanswered`, `unresolved` or
 * `noResolutionTime` where the function counts it so. Every row is counted in `count`.
 *
 * Columns by metric (docs/sql.md#columns):
 * - `firstResponseTime`, `resolutionTime`, `averageHandleTime`: `value` (mean ms), `reason`, `n`, `mean`, `median`, one per
 *   percentile (`p90`), `min`, `max`, `total` (ms), with `targetMs` `withinTargetCount` and
 *   `withinTargetShare`, the exclusion counts (`unanswered`; `unresolved`, `noResolutionTime`; `noHandleTime`) and `invalid`.
 * - `firstResolutionTime` and the status times (`requesterWaitTime`, `agentWaitTime`, `onHoldTime`,
 *   `agentWorkTime`): as the duration metrics above, with `unresolved` or `unmeasured`.
 * - `resolutionRate`: `value`, `reason`, `inquiries`, `resolved`, `unresolved`, `invalid`;
 *   `reopenRate`: `value`, `reason`, `reopened`, `resolved`, `neverResolved`, `invalid`;
 *   `firstContactResolution` (every method; `'repeat-window'` without `period`): `value`, `reason`,
 *   `resolvedOnFirstContact`, `resolved`, `received`, `denominator`, `invalid`.
 * - `repliesPerTicket`, `reopensPerTicket`: the summary of the counts, `zeroCount`, `zeroShare`,
 *   `atLeastOneCount`, `atLeastOneShare`, `unmeasured`, `invalid`.
 * - `slaCompliance`: `value`, `reason`, `met`, `breached`, `pending`, `noTarget`, the same prefixed
 *   `firstResponse` and `resolution`, `notYetCreated`, `noResolutionTime`, `invalid`.
 * - `volumeByChannel`: one row per key with `by`: `tickets`, `share`, `total`, `value`, `invalid`.
 * - `complaints` (one row per key with `by`), `topTopics` (one row per topic, ranked),
 *   `resolutionConsistency` and `ticketsPerHour` (one row per agent), `backlog` (at `asOf`): the
 *   columns of docs/sql.md#columns, the figures of the period repeated on each of its rows
 *   (docs/sql.md#per-key-per-agent-at-an-instant).
 * - Contacts: `abandonmentRate` (`value`, `reason`, `numerator`, `denominator`, `abandoned`,
 *   `offered`, `shortAbandons`, `queued`, `invalid`), `averageSpeedOfAnswer` (`value`, `reason`,
 *   `answered`, `totalWaitMs`, `abandoned`, `queued`, `invalid`), `serviceLevel` (`value`,
 *   `reason`, `numerator`, `denominator`, `answeredWithinTarget`, `abandonedWithinTarget`,
 *   `offered`, `queued`, `invalid`).
 * - Customer records between `periodStart` and `periodEnd`: `churnRate` (`value`, `reason`,
 *   `denominator`) and `retentionRate` (`value`, `reason`), both with `customers`,
 *   `customersAtStart`, `customersAtEnd`, `retained`, `customersLost`, `newCustomers`, `invalid`;
 *   `revenueChurn` (`value`, `reason`, `gross`, `net`, `startingMrr`, `churnedMrr`, `lostMrr`,
 *   `netLostMrr`) and `revenueRetention` (`value`, `reason`, `gross`, `net`, `startingMrr`,
 *   `churnedMrr`, `retainedMrr`, `endingMrr`): the amounts as exact decimal texts, with
 *   `currency`, `currencies` and the counts above (docs/sql.md#revenue).
 * - `csat` and `esat`: `value`, `reason`, `n`, `satisfied`; `nps` and `enps`: `value`, `reason`,
 *   `n`, `promoters`, `passives`, `detractors` and their shares; `ces`: `value`, `reason`, `n`,
 *   `easy`, `easyShare`; all five `mean`, `standardDeviation`, one `score<k>` count per scale point,
 *   `unanswered`, `invalid`. `sentimentScore` (over the `sentiment` label column): `value`,
 *   `reason`, `n`, `positive`, `neutral`, `negative` and their shares, `unlabelled`, `invalid`.
 *
 * Exactness: durations in whole ms (timestamps to the millisecond), summed exactly (DECIMAL(38, 3)
 * on DuckDB, NUMERIC on PostgreSQL) and divided once in double precision; quantiles by linear
 * interpolation (R type 7: DuckDB `quantile_cont`, PostgreSQL `percentile_cont`), as the
 * TypeScript functions. Business hours (`calendar`, for first response, resolution and first
 * resolution time, and SLA compliance against targets): an interval join over the calendar's open intervals, listed by `calendarSql`
 * (inline over `calendarRange`, or in a `calendarTable`); a duration whose span leaves the listed
 * range is counted in `invalid` (docs/sql.md#business-hours).
 *
 * @param metric - One of {@link SQL_METRICS}.
 * @param options - {@link MetricSqlOptions}: `dialect` and `from` are required.
 * @returns The SQL text: one `WITH ... SELECT` statement, without a trailing semicolon.
 * @throws `KpiInputError` (of `kpi-kit`) for an unknown metric, dialect or option, a malformed source,
 *   column name, time zone or metric option (as the TypeScript function would reject it).
 * @see docs/sql.md (docs/sql.md#supported-so-far lists every metric written, with its docs/metrics.md section).
 *
 * @example
 * ```ts
 * import { metricSql } from 'kpi-kit/sql';
 *
 * const sql = metricSql('firstResponseTime', { dialect: 'duckdb', from: { parquet: 'tickets.parquet' }, columns: { createdAt: 'created_at' } });
 * sql.includes(`read_parquet('tickets.parquet')`); // true
 * sql.includes('quantile_cont("v", [0.5, 0.9])[2] AS "p90"'); // true
 * ```
 */
export function metricSql(metric: SqlMetric, options: MetricSqlOptions): string {
  const s = readSettings(metric, options);
  // cohortRetention: the cells of its state, one row each (its own query).
  if (s.metric === 'cohortRetention') return cohortSql(s);
  const plan = PLANS[s.metric](s);
  const groups: string[] = [];
  const readCols = [...plan.read];
  if (s.period !== null) {
    groups.push('"period"');
    if (!readCols.some((c) => c.endsWith(`AS "${s.at}"`))) readCols.push(...timestampColumns(s, s.at));
  }
  // The rows' key: the metric's own (plan.segment), else the `by` field.
  const segment = plan.segment ?? (s.by === null ? null : (s.column(s.by) ?? 'NULL'));
  if (segment !== null) {
    groups.push('"segment"');
    readCols.push(as(segment, 'segment'));
  }
  const periodCol = s.period === null ? [] : [as(`CASE WHEN "${s.at}" IS NOT NULL THEN ${periodKey(s, s.period, `"${s.at}"`)} END`, 'period')];
  const keep = groups.join(', ');
  const lines = [
    `WITH ${s.business === null || s.business.cte === null ? '' : `${s.business.cte}, `}"read" AS (`,
    `  SELECT\n    ${readCols.join(',\n    ')}`,
    `  FROM ${s.from}`,
    // With business hours, each row's duration (a subquery) is computed once: not inlined into every aggregate that reads "v".
    `), "classified" AS ${s.business === null ? '' : 'MATERIALIZED '}(`,
    `  SELECT ${keep === '' ? '' : `${keep}, `}"k", CASE WHEN ${plan.valued ?? '"k" = 0'} THEN ${plan.value ?? 'NULL'} END AS "v"${(plan.carry ?? []).map((c) => `, ${c}`).join('')}`,
    `  FROM (\n    SELECT *,\n    ${[...periodCol, as(plan.kind, 'k')].join(',\n    ')}\n    FROM "read"\n  ) AS "rows"`,
    ')',
    `SELECT${keep === '' ? '' : ` ${keep},`}`,
    `  ${[as('count(*)', 'count'), ...plan.aggregates].join(',\n  ')}`,
    'FROM "classified"',
    ...(keep === '' ? [] : [`GROUP BY ${keep}`]),
  ];
  const outer = plan.outer ?? [];
  if (outer.length > 0) {
    // Columns over the grouped rows: the grouped rows a CTE, each level a CTE over the one before.
    const grouped = lines.splice(lines.indexOf(')') + 1);
    lines.push(`, "level0" AS (`, ...grouped, ')');
    outer.forEach((level, i) => lines.push(`, "level${i + 1}" AS (`, `  SELECT *,\n  ${level.join(',\n  ')}`, `  FROM "level${i}"`, ')'));
    lines.push(`SELECT * FROM "level${outer.length}"`);
  }
  if (keep !== '') lines.push(`ORDER BY ${groups.map((g) => `${g} NULLS LAST`).join(', ')}`);
  return lines.join('\n');
}
