/**
 * calendarSql: the open intervals of a business-hours calendar as SQL rows — a hand-worked week
 * across a DST change (rows checked on DuckDB and PostgreSQL), the rows against the calendar's own
 * `duration` over random calendars and spans, their number over a year, and the inputs rejected.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessCalendar } from '../../src/index.js';
import { calendarSql } from '../../src/sql/index.js';
import { MAX_CALENDAR_ROWS, openIntervals } from '../../src/sql/calendar.js';
import { type Engine, duckdb, postgres } from './engines.js';
import { thrown } from '../helpers.js';

let engines: Engine[] = [];
beforeAll(async () => {
  engines = [await duckdb(), await postgres()];
});
afterAll(async () => {
  for (const e of engines) await e.close();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The hand-worked week: Europe/Berlin, Monday 2024-03-25 to Monday 2024-04-01 (local midnights).
 * Weekdays 09:00–12:00 and 13:00–17:00; Saturday 10:00–14:00 and 22:00–24:00; Sunday 00:00–04:00;
 * Good Friday (2024-03-29) a holiday. Berlin is UTC+1 until Sunday 31 March 02:00, when the clocks
 * jump to 03:00 (UTC+2).
 */
const weekday = [
  ['09:00', '12:00'],
  ['13:00', '17:00'],
] as const;
const WEEK = businessCalendar({
  timeZone: 'Europe/Berlin',
  hours: {
    mon: weekday,
    tue: weekday,
    wed: weekday,
    thu: weekday,
    fri: weekday,
    sat: [
      ['10:00', '14:00'],
      ['22:00', '24:00'],
    ],
    sun: [['00:00', '04:00']],
  },
  holidays: ['2024-03-29'],
});
/** Monday 00:00 UTC+1 = Sunday 24 March 23:00 UTC; Monday 1 April 00:00 UTC+2 = Sunday 31 March 22:00 UTC. */
const WEEK_FROM = Date.UTC(2024, 2, 24, 23);
const WEEK_TO = Date.UTC(2024, 2, 31, 22);
/** The rows by hand, in UTC. */
const WEEK_ROWS: [number, number][] = [
  // The mark of the range's start.
  [WEEK_FROM, WEEK_FROM],
  // Monday–Thursday 25–28 March (UTC+1): 09:00–12:00 → 08:00–11:00 UTC, 13:00–17:00 → 12:00–16:00 UTC; 7 h a day.
  ...[25, 26, 27, 28].flatMap((d): [number, number][] => [
    [Date.UTC(2024, 2, d, 8), Date.UTC(2024, 2, d, 11)],
    [Date.UTC(2024, 2, d, 12), Date.UTC(2024, 2, d, 16)],
  ]),
  // Friday 29 March: a holiday, no row.
  // Saturday 30 March (UTC+1): 10:00–14:00 → 09:00–13:00 UTC (4 h).
  [Date.UTC(2024, 2, 30, 9), Date.UTC(2024, 2, 30, 13)],
  // Saturday 22:00–24:00 (21:00–23:00 UTC) touches Sunday 00:00–04:00: Sunday 00:00 is 23:00 UTC on
  // Saturday, 04:00 is after the jump (UTC+2), 02:00 UTC; 3 h of Sunday. One row of 2 h + 3 h = 5 h.
  [Date.UTC(2024, 2, 30, 21), Date.UTC(2024, 2, 31, 2)],
  // The mark of the range's end.
  [WEEK_TO, WEEK_TO],
];
/** 4 × 7 h + 4 h + 5 h = 37 h. */
const WEEK_HOURS = 37;

describe('calendarSql', () => {
  it('lists the hand-worked week (a holiday, a night shift across midnight, the spring-forward jump) on DuckDB and PostgreSQL', async () => {
    const total = WEEK_ROWS.reduce((s, [a, b]) => s + b - a, 0);
    expect(total).toBe(WEEK_HOURS * HOUR);
    expect(WEEK.duration(WEEK_FROM, WEEK_TO)).toBe(WEEK_HOURS * HOUR);
    for (const engine of engines) {
      const sql = calendarSql(WEEK, { dialect: engine.dialect, from: WEEK_FROM, to: WEEK_TO });
      const rows = await engine.rows(`SELECT * FROM (${sql}\n) AS c ORDER BY start_ms, end_ms`);
      expect(
        rows.map((r) => [r['start_ms'], r['end_ms']]),
        engine.dialect,
      ).toEqual(WEEK_ROWS);
      // The same as a table, and a business duration by the interval join: Tuesday 10:00 → Saturday 11:00 local
      // = Tuesday 10:00–12:00 and 13:00–17:00 (6 h) + Wednesday and Thursday (7 h each) + Friday (holiday) + Saturday 10:00–11:00 (1 h) = 21 h.
      await engine.exec('DROP TABLE IF EXISTS business_hours');
      await engine.exec(`CREATE ${engine.dialect === 'postgres' ? 'TEMP ' : ''}TABLE business_hours AS ${sql}`);
      const a = Date.UTC(2024, 2, 26, 9);
      const b = Date.UTC(2024, 2, 30, 10);
      const [d] = await engine.rows(
        `SELECT sum(least(end_ms, ${b}) - greatest(start_ms, ${a})) AS ms, min(start_ms) AS lo, max(end_ms) AS hi FROM business_hours WHERE start_ms < ${b} AND end_ms > ${a}`,
      );
      expect(Number(d?.['ms'])).toBe(21 * HOUR);
      expect(WEEK.duration(a, b)).toBe(21 * HOUR);
      const [range] = await engine.rows('SELECT min(start_ms) AS lo, max(end_ms) AS hi, count(*) AS n FROM business_hours');
      expect(range).toEqual({ lo: WEEK_FROM, hi: WEEK_TO, n: 12 });
    }
  });

  it('takes a spec as well as a calendar, ISO strings (zone-less ones in the calendar zone), and names the calendar and range in a comment', () => {
    const fromSpec = calendarSql(WEEK.toJSON(), { dialect: 'postgres', from: '2024-03-25 00:00', to: new Date(WEEK_TO) });
    expect(fromSpec).toBe(calendarSql(WEEK, { dialect: 'duckdb', from: WEEK_FROM, to: '2024-03-31T22:00:00Z' }));
    expect(fromSpec.split('\n')[0]).toBe(`-- kpi-kit calendarSql: ${JSON.stringify(WEEK.toJSON())} from 2024-03-24T23:00:00.000Z to 2024-03-31T22:00:00.000Z`);
    // The ends are widened to whole ms: [0.5, 1.5] → [0, 2].
    const utc = businessCalendar({ timeZone: 'UTC', hours: { thu: [['00:00', '24:00']] } });
    expect(calendarSql(utc, { dialect: 'duckdb', from: 0.5, to: 1.5 })).toContain('(0, 0),\n  (0, 2),\n  (2, 2)');
    // An empty range: the two marks only.
    expect(calendarSql(utc, { dialect: 'duckdb', from: 5, to: 5 })).toContain('(VALUES\n  (5, 5),\n  (5, 5)\n)');
  });

  it('merges intervals that the spring-forward gap makes overlap, as the calendar does (Berlin, Sunday 31 March 2024)', () => {
    // 01:00–02:30 ends in the gap (02:00–03:00 does not exist): 02:30 moves forward to 03:30 CEST = 01:30 UTC.
    // 03:00–05:00 starts at 03:00 CEST = 01:00 UTC, before that end: it starts at 01:30 UTC instead, and the two
    // make one row, 01:00 CET (00:00 UTC) → 05:00 CEST (03:00 UTC): 3 h, counted once.
    const cal = businessCalendar({
      timeZone: 'Europe/Berlin',
      hours: {
        sun: [
          ['01:00', '02:30'],
          ['03:00', '05:00'],
        ],
      },
    });
    const from = Date.UTC(2024, 2, 30, 23);
    const to = Date.UTC(2024, 2, 31, 22);
    expect(openIntervals(cal, from, to)).toEqual([Date.UTC(2024, 2, 31, 0), Date.UTC(2024, 2, 31, 3)]);
    expect(cal.duration(from, to)).toBe(3 * HOUR);
  });

  it('reads holidays of years 0–99 and dates before 1970 as the calendar does (a holiday on Monday 3 January AD 50)', () => {
    const nine = [['09:00', '18:00']] as const;
    const cal = businessCalendar({ timeZone: 'UTC', hours: { mon: nine, tue: nine }, holidays: ['0050-01-03'] });
    // Monday 3 January 50 is closed; Tuesday 4 January is open 09:00–18:00 (proleptic Gregorian calendar).
    const monday = new Date(0);
    monday.setUTCFullYear(50, 0, 3);
    const start = monday.getTime();
    expect(monday.getUTCDay()).toBe(1);
    expect(openIntervals(cal, start, start + 2 * DAY)).toEqual([start + DAY + 9 * HOUR, start + DAY + 18 * HOUR]);
    expect(cal.duration(start, start + 2 * DAY)).toBe(9 * HOUR);
  });

  it('has one row per working interval: 2024 Monday–Friday 09:00–18:00 with 10 weekday holidays is 262 − 10 = 252 rows and two marks', () => {
    const nine = [['09:00', '18:00']] as const;
    const holidays = [
      '2024-01-01',
      '2024-03-29',
      '2024-04-01',
      '2024-05-01',
      '2024-05-09',
      '2024-05-20',
      '2024-10-03',
      '2024-12-24',
      '2024-12-25',
      '2024-12-26',
    ];
    const cal = businessCalendar({
      timeZone: 'Europe/Berlin',
      hours: { mon: nine, tue: nine, wed: nine, thu: nine, fri: nine },
      holidays: [...holidays, '2024-06-01'],
    });
    // 2024 has 366 days from a Monday: 52 weeks and 2 days (Monday, Tuesday) → 52 × 5 + 2 = 262 weekdays; 2024-06-01 is a Saturday.
    const sql = calendarSql(cal, { dialect: 'duckdb', from: '2024-01-01', to: '2025-01-01' });
    expect(sql.split('\n').filter((l) => l.startsWith('  (')).length).toBe(252 + 2);
    expect(openIntervals(cal, Date.UTC(2023, 11, 31, 23), Date.UTC(2024, 11, 31, 23)).length / 2).toBe(252);
  });

  it('the rows sum to the calendar duration over any span inside the range (random calendars in DST zones, holidays, gaps)', () => {
    const time = fc.integer({ min: 0, max: 48 }).map((q) => q * 30 * 60_000);
    const text = (ms: number): string =>
      ms === DAY ? '24:00' : `${String(Math.floor(ms / HOUR)).padStart(2, '0')}:${String((ms % HOUR) / 60_000).padStart(2, '0')}`;
    const dayHours = fc.uniqueArray(time, { maxLength: 6 }).map((ts) => {
      const sorted = [...ts].sort((a, b) => a - b);
      const pairs: [string, string][] = [];
      for (let i = 0; i + 1 < sorted.length; i += 2) pairs.push([text(sorted[i] as number), text(sorted[i + 1] as number)]);
      return pairs;
    });
    const spec = fc
      .record({
        timeZone: fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC', '+05:30', 'America/Sao_Paulo'),
        hours: fc.record({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours }),
        holidays: fc.uniqueArray(
          fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2023, 11, 1) + d * DAY).toISOString().slice(0, 10)),
          { maxLength: 30 },
        ),
      })
      .filter((s) => Object.values(s.hours).some((h) => h.some(([a, b]) => a !== b)));
    const instant = fc.oneof(
      fc.integer({ min: Date.UTC(2023, 11, 1), max: Date.UTC(2025, 1, 1) }),
      // Next to the DST changes of the zones above (Berlin, New York, Lord Howe, São Paulo's last one in 2019 aside).
      fc
        .constantFrom(Date.UTC(2024, 2, 31, 1), Date.UTC(2024, 9, 27, 1), Date.UTC(2024, 2, 10, 7), Date.UTC(2024, 10, 3, 6), Date.UTC(2024, 3, 6, 15))
        .chain((t) => fc.integer({ min: -3 * HOUR, max: 3 * HOUR }).map((d) => t + d)),
    );
    fc.assert(
      fc.property(spec, fc.array(instant, { minLength: 4, maxLength: 4 }), (s, ends) => {
        const cal = businessCalendar(s);
        const [from, a, b, to] = [...ends].sort((x, y) => x - y) as [number, number, number, number];
        const iv = openIntervals(cal, from, to);
        let sum = 0;
        let prevEnd = -Infinity;
        for (let i = 0; i < iv.length; i += 2) {
          const [x, y] = [iv[i] as number, iv[i + 1] as number];
          // Ascending, disjoint, not touching (touching ones are merged), none empty, inside the range.
          expect(x).toBeGreaterThan(prevEnd);
          expect(y).toBeGreaterThan(x);
          expect(x >= from && y <= to).toBe(true);
          prevEnd = y;
          sum += Math.max(0, Math.min(y, b) - Math.max(x, a));
        }
        expect(sum).toBe(cal.duration(a, b));
        expect(iv.reduce((acc, x, i) => acc + (i % 2 === 1 ? x - (iv[i - 1] as number) : 0), 0)).toBe(cal.duration(from, to));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects what it cannot list, with the path of the argument', () => {
    const ok = { dialect: 'duckdb' as const, from: 0, to: DAY };
    const spec = WEEK.toJSON();
    const cases: [() => unknown, string, RegExp][] = [
      [() => calendarSql(undefined as never, ok), 'calendar', /businessCalendar/],
      [() => calendarSql({ duration: () => 0 } as never, ok), 'calendar', /businessCalendar/],
      [() => calendarSql({ ...spec, timeZone: 'Mars/Olympus' }, ok), 'calendar.timeZone', /IANA/],
      [() => calendarSql(WEEK, undefined as never), 'options', /dialect, from, to/],
      [() => calendarSql(WEEK, { ...ok, dialect: 'mysql' as never }), 'options.dialect', /duckdb, postgres/],
      [() => calendarSql(WEEK, { from: 0, to: DAY } as never), 'options.dialect', /duckdb, postgres/],
      [() => calendarSql(WEEK, 'x' as never), 'options', /dialect, from, to/],
      [() => calendarSql(WEEK, { ...ok, table: 'x' } as never), 'options.table', /unknown option/],
      [() => calendarSql(WEEK, { ...ok, from: undefined as never }), 'options.from', /an instant/],
      [() => calendarSql(WEEK, { ...ok, to: 'yesterday' }), 'options.to', /ISO|timestamp|date/i],
      [() => calendarSql(WEEK, { ...ok, to: 8.62e15 }), 'options.to', /8\.6e15/],
      [() => calendarSql(WEEK, { ...ok, to: -DAY }), 'options.to', /before it starts/],
      [() => calendarSql(WEEK, { ...ok, to: 1001 * 365.25 * DAY }), 'options.to', /1000 years/],
    ];
    for (const [f, path, message] of cases) {
      const e = thrown(f);
      expect(
        e.issues.map((i) => i.path.join('.')),
        String(f),
      ).toContain(path);
      expect(e.message, String(f)).toMatch(message);
    }
  });

  it(`stops at ${MAX_CALENDAR_ROWS} intervals: 24 half hours a day for 120 years is 1,051,920 intervals`, () => {
    const halves = Array.from({ length: 24 }, (_, h): [string, string] => [`${String(h).padStart(2, '0')}:00`, `${String(h).padStart(2, '0')}:30`]);
    const cal = businessCalendar({ timeZone: 'UTC', hours: { mon: halves, tue: halves, wed: halves, thu: halves, fri: halves, sat: halves, sun: halves } });
    // 120 years from 1970: 43,830 days × 24 = 1,051,920 > 1,000,000.
    const e = thrown(() => calendarSql(cal, { dialect: 'duckdb', from: 0, to: 43_830 * DAY }));
    expect(e.issues[0]?.path).toEqual(['options', 'to']);
    expect(e.message).toMatch(/at most 1000000 open intervals/);
  });
});
