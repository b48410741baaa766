/**
 * Business hours in SQL: `calendarSql` lists a business-hours calendar's open intervals over a range
 * as rows (`start_ms`, `end_ms`, epoch ms), so that a business duration is an interval join; and
 * the helper with which `metricSql` writes that join for the `calendar` option of its duration
 * metrics.
 *
 * The intervals are enumerated in TypeScript, date by date, by the rule of `businessCalendar`
 * (each working interval's wall times turned into instants in the calendar's zone, a wall time in a
 * spring-forward gap moved forward by the gap, one that occurs twice taken as its earlier instant,
 * intervals that a gap makes overlap merged, holidays skipped), so the SQL needs no time-zone data
 * and gives the TypeScript calendar's figures to the millisecond.
 *
 * @module
 */
import { fail, isRecord } from '../core/validate.js';
import { type KpiPath, KpiInputError, issueSpecOf } from '../core/errors.js';
import { type BusinessCalendar, type BusinessHoursSpec, readCalendarOption } from '../time/calendar.js';
import { type TimestampInput, readTimestamp } from '../time/timestamp.js';
import { ZoneOffsets } from '../time/zone.js';
import { type SqlDialect, SQL_DIALECTS, numberLiteral, quoteIdentifier } from './dialect.js';

const DAY_MS = 86_400_000;
/** 400 Gregorian years in days (Date.UTC reads years 0–99 as 1900–1999: those are shifted by a cycle). */
const GREGORIAN_CYCLE_DAYS = 146_097;
/** The widest range `calendarSql` lists: 1000 years of dates. */
const MAX_DAYS = 365_250;
/** The most rows `calendarSql` writes (about 30 MB of SQL text). */
export const MAX_CALENDAR_ROWS = 1_000_000;
/** The largest |epoch ms| of a range's ends, as the calendar's `duration` accepts. */
const MAX_INSTANT_MS = 8.6e15;
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Options of {@link calendarSql}. */
export interface CalendarSqlOptions {
  /** `'duckdb'` or `'postgres'` (the text is the same for both; it is checked, as in `metricSql`). Required. */
  readonly dialect: SqlDialect;
  /**
   * The first instant covered: epoch ms, a `Date` or an ISO-8601 string (a string without a zone
   * is a wall time in the calendar's zone). Required.
   */
  readonly from: TimestampInput;
  /** The last instant covered (as `from`); not before `from`. Required. */
  readonly to: TimestampInput;
}

/** Ms after midnight of a validated `'HH:mm'` / `'HH:mm:ss'` (`'24:00'`: a whole day). */
function wallMs(text: string): number {
  const [h, m, s] = text.split(':').map(Number) as [number, number, number | undefined];
  return h * 3_600_000 + m * 60_000 + (s ?? 0) * 1000;
}

/** Days since 1970-01-01 of a validated date `'YYYY-MM-DD'`. */
function dayNumber(text: string): number {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const shift = y >= 100 ? 0 : 400;
  return Date.UTC(y + shift, m - 1, d) / DAY_MS - (shift === 0 ? 0 : GREGORIAN_CYCLE_DAYS);
}

/** Weekday of a local date given as days since 1970-01-01 (a Thursday): 0 = Monday … 6 = Sunday. */
function weekdayOf(day: number): number {
  const r = (day + 3) % 7;
  return r < 0 ? r + 7 : r;
}

/**
 * The open intervals of a calendar inside [fromMs, toMs], as instants: `[start0, end0, start1,
 * end1, ...]`, ascending, disjoint, none empty, intervals that touch (a night shift's `'24:00'` and
 * the next day's `'00:00'`) merged; each clipped to [fromMs, toMs]. Their total inside any [a, b)
 * within the range is `calendar.duration(a, b)`.
 *
 * @internal
 */
export function openIntervals(calendar: BusinessCalendar, fromMs: number, toMs: number): number[] {
  const spec: BusinessHoursSpec = calendar.toJSON();
  const zone = new ZoneOffsets(calendar.timeZone);
  const week = WEEKDAYS.map((wd) => (spec.hours[wd] ?? []).flatMap(([a, b]) => [wallMs(a), wallMs(b)]));
  const holidays = new Set((spec.holidays ?? []).map(dayNumber));
  const first = Math.floor((fromMs + zone.offsetMsAt(fromMs)) / DAY_MS) - 1;
  const last = Math.floor((toMs + zone.offsetMsAt(toMs)) / DAY_MS) + 1;
  const out: number[] = [];
  let end = zone.utcOfWall(first * DAY_MS);
  for (let day = first; day <= last; day++) {
    // The date's first instant is the previous date's end: consecutive dates tile the time line.
    const start = end;
    end = zone.utcOfWall((day + 1) * DAY_MS);
    if (holidays.has(day)) continue;
    const w = week[weekdayOf(day)] as number[];
    let prev = start;
    for (let i = 0; i < w.length; i += 2) {
      // As the calendar's own table: wall times to instants, kept inside the date, a DST gap's overlap merged.
      let a = zone.utcOfWall(day * DAY_MS + (w[i] as number));
      const wallEnd = w[i + 1] as number;
      let b = wallEnd === DAY_MS ? end : zone.utcOfWall(day * DAY_MS + wallEnd);
      if (a < prev) a = prev;
      if (a > end) a = end;
      if (b < a) b = a;
      if (b > end) b = end;
      prev = b;
      if (a < fromMs) a = fromMs;
      if (b > toMs) b = toMs;
      if (b <= a) continue;
      if (out.length > 0 && out[out.length - 1] === a) out[out.length - 1] = b;
      else {
        if (out.length >= 2 * MAX_CALENDAR_ROWS) {
          return fail('calendarSql', {
            code: 'out_of_range',
            path: ['options', 'to'],
            input: toMs,
            expected: `a range with at most ${MAX_CALENDAR_ROWS} open intervals: split it, or give a shorter one`,
          });
        }
        out.push(a, b);
      }
    }
  }
  return out;
}

/** The first argument of {@link calendarSql}: a calendar or a spec, its problems at `['calendar', ...]`. */
function readCalendar(fn: string, value: unknown): BusinessCalendar {
  let cal: BusinessCalendar | null;
  try {
    cal = readCalendarOption(fn, value);
  } catch (e) {
    if (!(e instanceof KpiInputError)) throw e;
    // readCalendarOption places them in a metric's options: here the calendar is an argument.
    throw new KpiInputError(
      fn,
      e.issues.map((issue) => ({ ...issueSpecOf(issue), path: issue.path.slice(1) })),
      e.issueCount,
    );
  }
  if (cal === null) return fail(fn, { code: 'missing', path: ['calendar'], input: value, expected: 'a calendar made by businessCalendar(), or its spec' });
  return cal;
}

function readDialect(fn: string, value: unknown): SqlDialect {
  if (typeof value !== 'string' || !(SQL_DIALECTS as readonly string[]).includes(value)) {
    return fail(fn, {
      code: value === undefined ? 'missing' : 'invalid_value',
      path: ['options', 'dialect'],
      input: value,
      expected: `one of ${SQL_DIALECTS.join(', ')}`,
    });
  }
  return value as SqlDialect;
}

/** One end of a range: whole epoch ms (the start rounded down, the end up), within ±8.6e15. */
function readEnd(fn: string, value: unknown, path: KpiPath, timeZone: string, round: (x: number) => number): number {
  if (value === undefined) return fail(fn, { code: 'missing', path, input: value, expected: 'an instant: epoch ms, a Date or an ISO-8601 string' });
  const ms = round(readTimestamp(fn, value, path, timeZone));
  if (!(ms >= -MAX_INSTANT_MS && ms <= MAX_INSTANT_MS)) {
    return fail(fn, { code: 'out_of_range', path, input: value, expected: 'an instant within ±8.6e15 epoch ms (about 270,500 BC to AD 274,500)' });
  }
  return ms;
}

/** A range `{ from, to }` read for a calendar: whole epoch ms, `to` not before `from`, at most 1000 years. */
function readRange(fn: string, o: Record<string, unknown>, path: KpiPath, calendar: BusinessCalendar): [number, number] {
  const from = readEnd(fn, o['from'], [...path, 'from'], calendar.timeZone, Math.floor);
  const to = readEnd(fn, o['to'], [...path, 'to'], calendar.timeZone, Math.ceil);
  if (to < from) {
    return fail(fn, {
      code: 'inconsistent',
      path: [...path, 'to'],
      input: o['to'],
      detail: `${fn}: the range ends (${new Date(to).toISOString()}) before it starts (${new Date(from).toISOString()})`,
    });
  }
  if ((to - from) / DAY_MS > MAX_DAYS) {
    return fail(fn, { code: 'out_of_range', path: [...path, 'to'], input: o['to'], expected: `a range of at most ${MAX_DAYS} days (1000 years)` });
  }
  return [from, to];
}

/** The SQL rows of a calendar's intervals over [from, to], with the two zero-length rows that mark the range's ends. */
function rowsSql(calendar: BusinessCalendar, from: number, to: number): string {
  const iv = openIntervals(calendar, from, to);
  const rows = [`(${numberLiteral(from)}, ${numberLiteral(from)})`];
  for (let i = 0; i < iv.length; i += 2) rows.push(`(${numberLiteral(iv[i] as number)}, ${numberLiteral(iv[i + 1] as number)})`);
  rows.push(`(${numberLiteral(to)}, ${numberLiteral(to)})`);
  return [
    // The calendar and range, for whoever reads the table later (the spec is validated JSON: no line breaks).
    `-- kpi-kit calendarSql: ${JSON.stringify(calendar.toJSON())} from ${new Date(from).toISOString()} to ${new Date(to).toISOString()}`,
    'SELECT CAST("start_ms" AS BIGINT) AS "start_ms", CAST("end_ms" AS BIGINT) AS "end_ms"',
    `FROM (VALUES\n  ${rows.join(',\n  ')}\n) AS "intervals"("start_ms", "end_ms")`,
  ].join('\n');
}

/**
 * The open intervals of a business-hours calendar over a range, as SQL rows: a `SELECT` over a
 * `VALUES` list with two BIGINT columns, `start_ms` and `end_ms` (epoch ms, end exclusive), one row
 * per open interval — for DuckDB and PostgreSQL alike. With them a business duration is an interval
 * join: Σ max(0, min(end_ms, to) − max(start_ms, from)) over the rows, which is what `metricSql`
 * writes for its `calendar` option.
 *
 * The intervals are enumerated by the calendar itself (in TypeScript: weekly hours as wall times in
 * its zone, holidays skipped, DST applied exactly as `businessCalendar` does), clipped to the range,
 * ascending, disjoint; intervals that touch are merged (a `'22:00'`–`'24:00'` shift and the next
 * day's `'00:00'`–`'06:00'` make one row). Two zero-length rows (`start_ms = end_ms`) mark the ends
 * of the range, so that the table says what it covers (`min(start_ms)`, `max(end_ms)`); they add
 * nothing to any overlap sum.
 *
 * Size: one row per working interval of each working date, plus the two marks — a year of
 * Monday–Friday 09:00–18:00 less 10 holidays is about 252 rows (a lunch break doubles it). The
 * database needs no time-zone data; regenerate the rows when the calendar changes (new holidays)
 * or before the data outgrows the range, and after a change of the zone's rules (tz database).
 *
 * @param calendar - A calendar made by `businessCalendar`, or its spec (`{ timeZone, hours, holidays }`).
 * @param options - {@link CalendarSqlOptions}: `dialect`, `from` and `to` are required.
 * @returns The SQL text: a query (no trailing semicolon), preceded by a comment naming the
 *   calendar and the range. `CREATE TABLE business_hours AS <text>` makes it a table.
 * @throws `KpiInputError` (of `kpi-kit`) for a calendar that is neither (its problems at
 *   `['calendar', ...]`), an unknown dialect, a missing or unreadable `from` / `to`, a
 *   range that ends before it starts, spans more than 1000 years or has more than 1,000,000 intervals.
 * @see docs/sql.md#business-hours; docs/metrics.md#business-hours-calendars.
 *
 * @example
 * ```ts
 * import { calendarSql } from 'kpi-kit/sql';
 *
 * const calendar = { timeZone: 'Europe/Berlin', hours: { mon: [['09:00', '18:00']] } } as const;
 * const sql = calendarSql(calendar, { dialect: 'duckdb', from: '2024-11-18T00:00:00Z', to: '2024-11-19T00:00:00Z' });
 * // Monday 18 November 2024, 09:00–18:00 in Berlin (UTC+1): 08:00–17:00 UTC.
 * sql.includes('(1731916800000, 1731949200000)'); // true
 * ```
 */
export function calendarSql(calendar: BusinessCalendar | BusinessHoursSpec, options: CalendarSqlOptions): string {
  const fn = 'calendarSql';
  const cal = readCalendar(fn, calendar);
  if (!isRecord(options)) {
    return fail(fn, {
      code: options === undefined ? 'missing' : 'invalid_type',
      path: ['options'],
      input: options,
      expected: 'an object: { dialect, from, to }',
    });
  }
  for (const key of Object.keys(options)) {
    if (!['dialect', 'from', 'to'].includes(key)) {
      fail(fn, { code: 'invalid_value', path: ['options', key], input: options[key], detail: `${fn}: unknown option ${key} (known: dialect, from, to)` });
    }
  }
  readDialect(fn, options['dialect']);
  const [from, to] = readRange(fn, options, ['options'], cal);
  return rowsSql(cal, from, to);
}

/** The name of the CTE that holds an inline calendar's rows in `metricSql`'s query. @internal */
export const CALENDAR_CTE = '"calendar_intervals"';

/**
 * How `metricSql` writes business durations for its `calendar` option: where the intervals are
 * (an inline CTE over `calendarRange`, or the user's `calendarTable`) and the SQL of a duration
 * and of the range check. @internal
 */
export interface BusinessHoursSql {
  /** The CTE `"calendar_intervals" AS (...)` to put first in the `WITH` list; null for a table. */
  readonly cte: string | null;
  /**
   * Business ms in [from, to) (SQL expressions of epoch ms, from ≤ to): a scalar subquery summing
   * the overlaps of the open intervals with [from, to); 0 when none overlaps.
   */
  duration(from: string, to: string): string;
  /** Whether [from, to] lies inside the range the intervals cover (false, never NULL, when the table is empty). */
  covers(from: string, to: string): string;
}

/** The `calendarTable` option: a table name (split at dots, each part quoted) or its parts. */
function tableName(fn: string, value: unknown): string {
  const path: KpiPath = ['options', 'calendarTable'];
  if (Array.isArray(value) && value.length >= 1 && value.length <= 3) return value.map((part, i) => quoteIdentifier(fn, part, [...path, i])).join('.');
  if (typeof value === 'string' && value !== '')
    return value
      .split('.')
      .map((part) => quoteIdentifier(fn, part, path))
      .join('.');
  return fail(fn, {
    code: 'invalid_value',
    path,
    input: value,
    expected: 'a table name (like "business_hours" or "analytics.business_hours") or one to three name parts',
  });
}

/**
 * Reads the `calendar`, `calendarRange` and `calendarTable` options of `metricSql` (from its
 * options object `o`): null without a calendar. With one, exactly one of `calendarRange` (the
 * intervals are written inline, as `calendarSql` lists them) and `calendarTable` (a table made from
 * `calendarSql`'s rows) must be given. @internal
 */
export function readBusinessHours(fn: string, dialect: SqlDialect, o: Record<string, unknown>): BusinessHoursSql | null {
  const calendar = readCalendarOption(fn, o['calendar']);
  const range = o['calendarRange'];
  const table = o['calendarTable'];
  if (calendar === null) {
    for (const key of ['calendarRange', 'calendarTable']) {
      if (o[key] !== undefined) {
        fail(fn, {
          code: 'invalid_value',
          path: ['options', key],
          input: o[key],
          detail: `${fn}: ${key} needs the calendar option (a business-hours calendar)`,
        });
      }
    }
    return null;
  }
  if ((range === undefined) === (table === undefined)) {
    return fail(fn, {
      code: range === undefined ? 'missing' : 'inconsistent',
      path: ['options', range === undefined ? 'calendarRange' : 'calendarTable'],
      input: range === undefined ? range : table,
      detail: `${fn}: with a calendar, give either calendarRange ({ from, to }: the intervals are written into the query) or calendarTable (a table made from calendarSql), not ${range === undefined ? 'neither' : 'both'}`,
    });
  }
  let cte: string | null = null;
  let rel: string;
  if (range !== undefined) {
    if (!isRecord(range))
      return fail(fn, { code: 'invalid_type', path: ['options', 'calendarRange'], input: range, expected: 'an object { from, to } of instants' });
    for (const key of Object.keys(range)) {
      if (key !== 'from' && key !== 'to') {
        fail(fn, {
          code: 'invalid_value',
          path: ['options', 'calendarRange', key],
          input: range[key],
          detail: `${fn}: calendarRange has from and to only, not ${key}`,
        });
      }
    }
    const [from, to] = readRange(fn, range, ['options', 'calendarRange'], calendar);
    cte = `${CALENDAR_CTE} AS (\n${rowsSql(calendar, from, to)}\n)`;
    rel = CALENDAR_CTE;
  } else {
    rel = tableName(fn, table);
  }
  // PostgreSQL runs the subquery once a row: an interval that starts a longest interval's length or more
  // before `from` ends by `from`, so bounding "start_ms" on both sides lets an index on it find the few
  // rows that overlap (DuckDB joins instead, and the extra bound slows it down).
  const lower = (from: string): string => (dialect === 'postgres' ? ` AND "start_ms" > ${from} - (SELECT max("end_ms" - "start_ms") FROM ${rel})` : '');
  // Only the two columns are visible inside the subquery, so the outer columns keep their names.
  const intervals = `(SELECT "start_ms", "end_ms" FROM ${rel}) AS "b"`;
  return {
    cte,
    duration: (from, to) =>
      `(SELECT coalesce(sum(least("end_ms", ${to}) - greatest("start_ms", ${from})), 0) FROM ${intervals} WHERE "start_ms" < ${to} AND "end_ms" > ${from}${lower(from)})`,
    covers: (from, to) => `coalesce(${from} >= (SELECT min("start_ms") FROM ${rel}) AND ${to} <= (SELECT max("end_ms") FROM ${rel}), FALSE)`,
  };
}
