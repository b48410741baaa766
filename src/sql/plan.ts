/**
 * The parts every metric's query is built from: the plan of a metric (the columns it reads, its row
 * class, its value and its aggregates) and the column helpers the plans share.
 *
 * @module
 */
import { fail } from '../core/validate.js';
import { MAX_DURATION_MS, MAX_EPOCH_MS } from '../time/timestamp.js';
import { AGREEMENT_MS } from '../records/tickets.js';
import { DEFAULT_RESOLVED_STATUSES } from '../support/ticket.js';
import { type SqlDialect, doubleType, epochMs, numberLiteral, quoteLiteral } from './dialect.js';
import { type BusinessHoursSql } from './calendar.js';

/** The function named in errors. @internal */
export const FN = 'metricSql';

/** Row classes: 0 measured (or answered, resolved), 1 and 2 the metric's exclusion reasons, 9 invalid. @internal */
export const INVALID = 9;

/** The longest duration, 100 years in ms, as a SQL literal. @internal */
export const MAX_MS = numberLiteral(MAX_DURATION_MS);

/** What the plans read of the validated settings of a call. @internal */
export interface PlanSettings {
  readonly dialect: SqlDialect;
  /** The quoted column of a field, or `null` when `columns` maps it to `null` (the source has no such column). */
  readonly column: (field: string) => string | null;
  /** Timestamps are epoch-ms numbers. */
  readonly epoch: boolean;
  /** The metric's own options, as given. */
  readonly o: Record<string, unknown>;
  /** The `period` option, or null. */
  readonly period: string | null;
  /** The `by` option (the field rows are split by), or null. */
  readonly by: string | null;
  /** With a `calendar`: its open intervals and how a business duration is written; else null. */
  readonly business: BusinessHoursSql | null;
}

/** The parts of a metric's query: the columns it reads, its row class and value, and its aggregates. @internal */
export interface Plan {
  /** Columns of the first CTE (besides `period` and `segment`). */
  readonly read: readonly string[];
  /** The row class: 0 counted, 1 / 2 the exclusion reasons, 9 invalid. */
  readonly kind: string;
  /** The row's value when its class is 0 (a duration, a scale point), or null. */
  readonly value: string | null;
  /** The rows that have the value, when not only those of class 0 (a condition on `"k"`, e.g. `"k" IN (0, 1)`). */
  readonly valued?: string;
  /** The output columns, each `expr AS "name"`, over the classified rows (`k` class, `v` value). */
  readonly aggregates: readonly string[];
  /** Columns of the first CTE kept in the classified rows beside `k` and `v` (quoted names), for aggregates that read more than one value per row. */
  readonly carry?: readonly string[];
  /**
   * The rows' key, when the metric's rows are always split by a key of its own (the topic of
   * `topTopics`, the agent of `resolutionConsistency` and `ticketsPerHour`): an expression over the
   * source's columns, written as the `segment` column in place of the `by` field's.
   */
  readonly segment?: string;
  /**
   * Columns computed over the grouped rows, level by level (each level reads the columns of those
   * before it; window functions over the period's rows included): the figures of a metric computed
   * from its rows (a ranking's "other" count, the spread across agents).
   */
  readonly outer?: readonly (readonly string[])[];
}

/** A column: `expr AS "name"`. @internal */
export const as = (expr: string, name: string): string => `${expr} AS "${name}"`;

/** The rows where `where` holds. @internal */
export const cnt = (where: string): string => `count(*) FILTER (WHERE ${where})`;

/** `num / den` in double precision, NULL when `den` is 0. @internal */
export const share = (s: PlanSettings, num: string, den: string): string => `CAST(${num} AS ${doubleType(s.dialect)}) / NULLIF(${den}, 0)`;

/**
 * The columns of the first CTE for a timestamp field: `has_<f>` (the column holds a value) and `<f>`
 * (its epoch ms; NULL when absent or, for epoch-ms numbers, out of the range of Date, as the
 * TypeScript functions read an unreadable timestamp). @internal
 */
export function timestampColumns(s: PlanSettings, field: string): string[] {
  const c = s.column(field);
  if (c === null) return [as('FALSE', `has_${field}`), as(`CAST(NULL AS ${doubleType(s.dialect)})`, field)];
  const ms = s.epoch ? `CASE WHEN ${c} >= ${-MAX_EPOCH_MS} AND ${c} <= ${MAX_EPOCH_MS} THEN CAST(${c} AS ${doubleType(s.dialect)}) END` : epochMs(s.dialect, c);
  return [as(`${c} IS NOT NULL`, `has_${field}`), as(ms, field)];
}

/** A number column (durations in ms, counts) as a double. @internal */
export const numberColumn = (s: PlanSettings, field: string): string => as(`CAST(${s.column(field) ?? 'NULL'} AS ${doubleType(s.dialect)})`, field);
/** A text column. @internal */
export const textColumn = (s: PlanSettings, field: string): string => as(`CAST(${s.column(field) ?? 'NULL'} AS TEXT)`, field);
/** A boolean column. @internal */
export const booleanColumn = (s: PlanSettings, field: string): string => as(`CAST(${s.column(field) ?? 'NULL'} AS BOOLEAN)`, field);

/** The statuses literal list, lower-cased as the TypeScript option is. @internal */
export function statusList(s: PlanSettings): string {
  const value = s.o['resolvedStatuses'];
  let statuses = DEFAULT_RESOLVED_STATUSES;
  if (value !== undefined) {
    if (!(Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'string'))) {
      return fail(FN, { code: 'invalid_value', path: ['options', 'resolvedStatuses'], input: value, expected: 'a non-empty array of strings' });
    }
    statuses = [...new Set(value.map((x) => x.toLowerCase()))];
  }
  return statuses.map((x, i) => quoteLiteral(FN, x, ['options', 'resolvedStatuses', i])).join(', ');
}

/**
 * The columns of a ticket that {@link resolutionChecks} and {@link resolvedSql} read: `createdAt`,
 * `resolvedAt`, `resolutionMs` and `status`. @internal
 */
export function resolutionRead(s: PlanSettings): string[] {
  return [...timestampColumns(s, 'createdAt'), ...timestampColumns(s, 'resolvedAt'), numberColumn(s, 'resolutionMs'), textColumn(s, 'status')];
}

/**
 * The invalid-timestamps cases of a ticket read with `resolvedAt` and `resolutionMs` (the record
 * rules of docs/sql.md#exclusions): an unreadable or missing `createdAt`, a resolution before
 * creation, a `resolutionMs` out of range or more than 1 ms away from the timestamps. `WHEN` lines. @internal
 */
export function resolutionChecks(): string {
  return resolutionConditions('')
    .map((c) => `WHEN ${c} THEN ${INVALID}`)
    .join('\n      ');
}

/** The conditions of {@link resolutionChecks}, over the columns of the row `t` (`'"later".'`; `''` for the row at hand). */
function resolutionConditions(t: string): string[] {
  const c = (name: string): string => `${t}"${name}"`;
  const raw = `${c('resolvedAt')} - ${c('createdAt')}`;
  return [
    `${c('has_resolvedAt')} AND (${c('resolvedAt')} IS NULL OR ${c('createdAt')} IS NULL OR ${c('resolvedAt')} < ${c('createdAt')})`,
    `NOT ${c('has_resolvedAt')} AND ${c('createdAt')} IS NULL`,
    `${c('resolutionMs')} IS NOT NULL AND NOT (${c('resolutionMs')} >= 0 AND ${c('resolutionMs')} <= ${MAX_MS})`,
    `${c('resolutionMs')} IS NOT NULL AND ${c('has_resolvedAt')} AND NOT (abs(${c('resolutionMs')} - (${raw})) <= ${AGREEMENT_MS})`,
  ];
}

/** Whether the row `t` (`'"later".'`) is invalid by the checks of {@link resolutionChecks}: one condition. @internal */
export function resolutionInvalid(t: string): string {
  return resolutionConditions(t)
    .map((c) => `(${c})`)
    .join(' OR ');
}

/** Whether a ticket is resolved: its status is one of `resolvedStatuses`, or without a status, it has a resolution time. @internal */
export function resolvedSql(s: PlanSettings): string {
  return `CASE WHEN "status" IS NOT NULL THEN lower("status") IN (${statusList(s)}) ELSE "has_resolvedAt" OR "resolutionMs" IS NOT NULL END`;
}
