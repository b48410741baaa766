/**
 * The query of cohortRetention over customer records (`startedAt`, `endedAt`, `mrr`, `currency`):
 * not one row of figures but the cells of the function's state — one row per cohort (the period
 * of `startedAt`, local dates in `timeZone`) and last retained offset, with its customers, their
 * exact MRR sum and how many have no MRR — from which `runMetrics` builds the result with the
 * TypeScript function's own assembly (docs/sql.md#cohortretention).
 *
 * @module
 */
import { cohortRetention } from '../growth/cohort-retention.js';
import { fail } from '../core/validate.js';
import { fixedOffsetMs } from '../time/zone.js';
import { type SqlDialect, doubleType, formatDate, numberLiteral, quoteLiteral } from './dialect.js';
import { type PlanSettings, FN, INVALID, as, cnt, timestampColumns } from './plan.js';
import { moneyPart, mrrSum } from './plans-growth.js';

/** What the cohort query reads of the validated settings of `metricSql`. @internal */
export interface CohortSqlSettings extends PlanSettings {
  /** The `FROM` item of the source. */
  readonly from: string;
  readonly timeZone: string;
  readonly weekStartsOn: number;
}

/**
 * A timestamp field's columns `has_<f>` and `<f>` (epoch ms as a double): as `timestampColumns`,
 * but a timestamp column is read to the microsecond (`'2024-02-01 00:00:00.0005'` is 0.5 ms after
 * midnight, as the TypeScript functions read that string), so that an end 0.5 ms after a period's
 * start still counts the customer as active at that start.
 */
function instantColumns(s: CohortSqlSettings, field: string): string[] {
  const c = s.column(field);
  if (c === null || s.epoch) return timestampColumns(s, field);
  const ms = s.dialect === 'duckdb' ? `CAST(epoch_us(${c}) AS DOUBLE) / 1000` : `CAST(extract(epoch FROM ${c}) * 1000 AS DOUBLE PRECISION)`;
  return [as(`${c} IS NOT NULL`, `has_${field}`), as(ms, field)];
}

/** The local date (a DATE) of the whole epoch ms `ms` in the settings' zone (as `metricSql` places records in periods). */
function localDate(s: CohortSqlSettings, ms: string): string {
  const offset = fixedOffsetMs(s.timeZone);
  const duck = s.dialect === 'duckdb';
  const utc = duck ? `make_timestamp(CAST(${ms} AS BIGINT) * 1000)` : `(TIMESTAMP '1970-01-01 00:00:00' + (${ms}) * INTERVAL '1 millisecond')`;
  let local: string;
  if (offset === offset) local = offset === 0 ? utc : `(${utc} + INTERVAL '${String(offset / 60_000)} minutes')`;
  else {
    const zone = quoteLiteral(FN, s.timeZone, ['options', 'timeZone']);
    local = duck ? `timezone(${zone}, timezone('UTC', ${utc}))` : `((${utc} AT TIME ZONE 'UTC') AT TIME ZONE ${zone})`;
  }
  return `CAST(${local} AS DATE)`;
}

/** `floor(x / n)` as a BIGINT (x an integer expression, n a positive integer). */
function floorDiv(dialect: SqlDialect, x: string, n: number): string {
  return `CAST(floor(CAST(${x} AS ${doubleType(dialect)}) / ${n}) AS BIGINT)`;
}

/**
 * The period ordinal of a local date, as the TypeScript bucketer numbers periods: days since
 * 1970-01-01; weeks ⌊(day + 4 − weekStartsOn) / 7⌋ (week 0 begins on the `weekStartsOn` day of 1970-01-01's
 * week); months year · 12 + month − 1; quarters year · 4 + quarter − 1.
 */
function ordinalOf(s: CohortSqlSettings, date: string): string {
  const days = `CAST(${date} - DATE '1970-01-01' AS BIGINT)`;
  const year = `CAST(extract(year FROM ${date}) AS BIGINT)`;
  switch (s.period) {
    case 'day':
      return days;
    case 'week':
      return floorDiv(s.dialect, `${days} + ${4 - s.weekStartsOn}`, 7);
    case 'month':
      return `(${year} * 12 + CAST(extract(month FROM ${date}) AS BIGINT) - 1)`;
    default:
      return `(${year} * 4 + CAST(extract(quarter FROM ${date}) AS BIGINT) - 1)`;
  }
}

/** The period key (`'2024-03-31'`, a week's first day, `'2024-03'`, `'2024-Q1'`) of the period ordinal `p`. */
function keyOf(s: CohortSqlSettings, p: string): string {
  const int = (x: string): string => `CAST(${x} AS INTEGER)`;
  const epoch = `DATE '1970-01-01'`;
  switch (s.period) {
    case 'day':
      return formatDate(s.dialect, `CAST(${epoch} + ${int(p)} AS DATE)`, 'day');
    case 'week':
      return formatDate(s.dialect, `CAST(${epoch} + ${int(`7 * ${p} + ${s.weekStartsOn - 4}`)} AS DATE)`, 'day');
    case 'month': {
      const year = floorDiv(s.dialect, p, 12);
      return formatDate(s.dialect, `make_date(${int(year)}, ${int(`${p} - 12 * ${year} + 1`)}, 1)`, 'month');
    }
    default: {
      const year = floorDiv(s.dialect, p, 4);
      return formatDate(s.dialect, `make_date(${int(year)}, ${int(`3 * (${p} - 4 * ${year}) + 1`)}, 1)`, 'quarter');
    }
  }
}

/** The options of cohortRetention given to `metricSql`, as the TypeScript function takes them. */
function cohortOptions(s: CohortSqlSettings): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const key of ['period', 'timeZone', 'weekStartsOn', 'asOf', 'periodCount']) if (s.o[key] !== undefined) o[key] = s.o[key];
  return o;
}

/**
 * The whole query of cohortRetention: one row per segment (with `by`), cohort and last retained
 * offset, ordered by them — `cohort` (the period key), `cohortIndex` (its ordinal), `lastOffset`
 * (−1: left in the signup period; NULL: still active), `count`, `customers`, `withoutMrr`, `mrr`
 * (the exact sum, a decimal text), `afterAsOf`, `invalid` (both on the row without a cohort),
 * `currency` and `currencies` (of the segment, on every row). A customer who started at
 * `startedAt` in period p and ended at `endedAt` is active at the start of period c when
 * `endedAt` > that start; its last retained offset is q − p − 1, q the last period starting before
 * `endedAt` (the period of ⌈endedAt⌉ − 1 ms: periods start on whole ms). @internal
 */
export function cohortSql(s: CohortSqlSettings): string {
  // The TypeScript function checks the options (period and asOf required, periodCount) and reads asOf.
  const asOf = cohortRetention({ customers: [] }, cohortOptions(s) as never).asOf;
  if (s.o['at'] !== undefined) {
    return fail(FN, {
      code: 'invalid_value',
      path: ['options', 'at'],
      input: s.o['at'],
      detail: `${FN}: cohortRetention places each customer in the cohort of its startedAt; at does not apply`,
    });
  }
  const money = moneyPart(s);
  const segment = s.by === null ? null : (s.column(s.by) ?? 'NULL');
  const seg = segment === null ? '' : '"segment", ';
  const read = [...(segment === null ? [] : [as(segment, 'segment')]), ...instantColumns(s, 'startedAt'), ...instantColumns(s, 'endedAt'), ...money.read];
  const start = localDate(s, 'floor("startedAt")');
  // The last whole ms before endedAt: its period is the last one that starts before endedAt.
  const end = localDate(s, 'ceil("endedAt") - 1');
  const p = ordinalOf(s, '"startDay"');
  const q = ordinalOf(s, '"endDay"');
  const partition = segment === null ? '()' : '(PARTITION BY "segment")';
  const least = `min("leastCurrency") OVER ${partition}`;
  const greatest = `max("greatestCurrency") OVER ${partition}`;
  const currencyGiven = `"k" IN (0, 1) AND "mrr" IS NOT NULL`;
  return [
    `WITH "read" AS (`,
    `  SELECT\n    ${read.join(',\n    ')}`,
    `  FROM ${s.from}`,
    `), "classified" AS (`,
    `  SELECT *, CASE
      WHEN "startedAt" IS NULL THEN ${INVALID}
      WHEN "has_endedAt" AND ("endedAt" IS NULL OR "endedAt" < "startedAt") THEN ${INVALID}
      ${money.invalid('FALSE')}
      WHEN "startedAt" > ${numberLiteral(asOf)} THEN 1
      ELSE 0 END AS "k"`,
    `  FROM "read"`,
    `), "dated" AS (`,
    `  SELECT ${seg}"k", "has_mrr", "mrr", "currency",`,
    `    CASE WHEN "k" = 0 THEN ${start} END AS "startDay",`,
    `    CASE WHEN "k" = 0 AND "endedAt" IS NOT NULL THEN ${end} END AS "endDay"`,
    `  FROM "classified"`,
    `), "cells" AS (`,
    `  SELECT ${seg}"k", "has_mrr", "mrr", "currency",`,
    `    ${p} AS "cohortIndex",`,
    `    CASE WHEN "endDay" IS NOT NULL THEN greatest(-1, ${q} - ${p} - 1) END AS "lastOffset"`,
    `  FROM "dated"`,
    `), "grouped" AS (`,
    `  SELECT ${seg}"cohortIndex", "lastOffset",`,
    `    ${[
      as('count(*)', 'count'),
      as(cnt('"k" = 0'), 'customers'),
      as(cnt('"k" = 0 AND NOT "has_mrr"'), 'withoutMrr'),
      as(mrrSum(s, '"k" = 0'), 'mrr'),
      as(cnt('"k" = 1'), 'afterAsOf'),
      as(cnt(`"k" = ${INVALID}`), 'invalid'),
      as(`min("currency") FILTER (WHERE ${currencyGiven})`, 'leastCurrency'),
      as(`max("currency") FILTER (WHERE ${currencyGiven})`, 'greatestCurrency'),
    ].join(',\n    ')}`,
    `  FROM "cells"`,
    `  GROUP BY ${seg}"cohortIndex", "lastOffset"`,
    `)`,
    `SELECT ${seg}${keyOf(s, '"cohortIndex"')} AS "cohort", "cohortIndex", "lastOffset", "count", "customers", "withoutMrr", "mrr", "afterAsOf", "invalid",`,
    `  CASE WHEN ${least} = ${greatest} THEN ${least} END AS "currency",`,
    `  CASE WHEN ${least} IS NULL THEN 0 WHEN ${least} = ${greatest} THEN 1 ELSE 2 END AS "currencies"`,
    `FROM "grouped"`,
    `ORDER BY ${seg.replace('"segment"', '"segment" NULLS LAST')}"cohortIndex" NULLS LAST, "lastOffset" NULLS LAST`,
  ].join('\n');
}
