/**
 * The `calendar` option of metricSql and runMetrics: the worked example of
 * docs/metrics.md#business-hours-calendars in SQL, durations that leave the listed range counted
 * invalid, durations without timestamps under a calendar, a calendar table, and the options rejected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessCalendar, firstResponseTime, resolutionTime } from '../../src/index.js';
import { type MetricSqlOptions, calendarSql, metricSql } from '../../src/sql/index.js';
import { runMetricGroups, runMetrics } from '../../src/duckdb/index.js';
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
const nineToSix = [['09:00', '18:00']] as const;
/** Mon–Fri 09:00–18:00 in Berlin, as in docs/metrics.md#business-hours-calendars. */
const BERLIN = businessCalendar({ timeZone: 'Europe/Berlin', hours: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix } });
/** November 2024 in Berlin (UTC+1 all month). */
const NOVEMBER = { from: '2024-11-01T00:00:00+01:00', to: '2024-12-01T00:00:00+01:00' };

/** Rows of (createdAt, firstResponseAt, firstResponseMs, resolvedAt, status, pausedMs), timestamps as TIMESTAMPTZ. */
function tickets(rows: readonly (readonly [string | null, string | null, number | null, string | null, string | null, number | null])[]): string {
  const lit = (x: string | number | null, type: string): string =>
    x === null ? `CAST(NULL AS ${type})` : typeof x === 'number' ? `CAST(${x} AS ${type})` : `CAST('${x}' AS ${type})`;
  return rows
    .map(
      ([c, f, fm, r, st, p], i) =>
        `${i === 0 ? '' : 'UNION ALL '}SELECT ${lit(c, 'TIMESTAMPTZ')} AS "createdAt", ${lit(f, 'TIMESTAMPTZ')} AS "firstResponseAt", ${lit(fm, 'DOUBLE PRECISION')} AS "firstResponseMs", ${lit(r, 'TIMESTAMPTZ')} AS "resolvedAt", ${lit(st, 'TEXT')} AS "status", ${lit(p, 'DOUBLE PRECISION')} AS "pausedMs"`,
    )
    .join('\n');
}

describe('metricSql with a calendar', () => {
  it('the worked example: created Friday 17:00, answered Monday 10:00 → 2 h of business time (1 h Friday, 1 h Monday), on both engines', async () => {
    const query = tickets([['2024-11-22T17:00:00+01:00', '2024-11-25T10:00:00+01:00', null, null, null, null]]);
    for (const engine of engines) {
      for (const where of [{ calendarRange: NOVEMBER }, { calendarRange: { from: Date.UTC(2024, 10, 22, 16), to: Date.UTC(2024, 10, 25, 9) } }]) {
        const [row] = await engine.rows(metricSql('firstResponseTime', { dialect: engine.dialect, from: { query }, calendar: BERLIN, ...where }));
        // The second range is exactly the span: its ends are inside, so the duration counts.
        expect(row, engine.dialect).toMatchObject({ count: 1, n: 1, value: 2 * HOUR, total: 2 * HOUR, unanswered: 0, invalid: 0 });
      }
    }
  });

  it('runMetrics reports business hours as time: "business-hours", equal to the TypeScript result', async () => {
    const query = tickets([
      ['2024-11-22T17:00:00+01:00', '2024-11-25T10:00:00+01:00', null, '2024-11-26T12:00:00+01:00', 'solved', HOUR],
      ['2024-11-25T08:00:00+01:00', '2024-11-25T08:30:00+01:00', null, null, 'open', null],
    ]);
    const r = await runMetrics(
      { firstResponseTime: { calendar: BERLIN, calendarRange: NOVEMBER }, resolutionTime: { calendar: BERLIN, calendarRange: NOVEMBER, excludePaused: true } },
      { query },
      { columns: { resolutionMs: null } },
    );
    const ts = [
      {
        createdAt: '2024-11-22T17:00:00+01:00',
        firstResponseAt: '2024-11-25T10:00:00+01:00',
        resolvedAt: '2024-11-26T12:00:00+01:00',
        status: 'solved',
        pausedMs: HOUR,
      },
      { createdAt: '2024-11-25T08:00:00+01:00', firstResponseAt: '2024-11-25T08:30:00+01:00', status: 'open' },
    ];
    // First responses: 2 h, and 0 (08:00–08:30 is before opening). Resolution: Fri 17–18, Mon 9–18, Tue 9–12 = 13 h, less 1 h paused = 12 h.
    expect(r.firstResponseTime).toEqual(firstResponseTime({ tickets: ts }, { calendar: BERLIN }));
    expect(r.firstResponseTime).toMatchObject({ value: HOUR, n: 2, min: 0, max: 2 * HOUR, time: 'business-hours' });
    expect(r.resolutionTime).toEqual(resolutionTime({ tickets: ts }, { calendar: BERLIN, excludePaused: true }));
    expect(r.resolutionTime).toMatchObject({ value: 12 * HOUR, n: 1, time: 'business-hours' });
    const plain = await runMetrics(['firstResponseTime'], { query }, { columns: { resolutionMs: null } });
    expect(plain.firstResponseTime.time).toBe('calendar');
    // Per day (in Berlin): the ticket of Friday 22 November (2 h) and that of Monday 25 November (0).
    const groups = await runMetricGroups(
      'firstResponseTime',
      { query },
      { calendar: BERLIN, calendarRange: NOVEMBER, period: 'day', timeZone: 'Europe/Berlin' },
    );
    expect(groups.map((g) => [g.period, g.result.value, g.result.time])).toEqual([
      ['2024-11-22', 2 * HOUR, 'business-hours'],
      ['2024-11-25', 0, 'business-hours'],
    ]);
  });

  it('counts a duration whose span leaves the listed range as invalid (both engines, inline and table), the others as TypeScript does', async () => {
    const query = tickets([
      // Inside November: 2 h.
      ['2024-11-22T17:00:00+01:00', '2024-11-25T10:00:00+01:00', null, null, null, null],
      // Created in October: out of range.
      ['2024-10-31T17:00:00+01:00', '2024-11-04T10:00:00+01:00', null, null, null, null],
      // Answered in December: out of range.
      ['2024-11-29T17:00:00+01:00', '2024-12-02T10:00:00+01:00', null, null, null, null],
      // Exactly at the range's ends: inside. November 2024 has 21 weekdays × 9 h = 189 h.
      ['2024-11-01T00:00:00+01:00', '2024-12-01T00:00:00+01:00', null, null, null, null],
      // Unanswered: counted as such, whatever the range.
      ['2024-10-01T00:00:00+01:00', null, null, null, null, null],
    ]);
    for (const engine of engines) {
      await engine.exec('DROP TABLE IF EXISTS november_hours');
      await engine.exec(
        `CREATE ${engine.dialect === 'postgres' ? 'TEMP ' : ''}TABLE november_hours AS ${calendarSql(BERLIN, { dialect: engine.dialect, ...NOVEMBER })}`,
      );
      for (const where of [{ calendarRange: NOVEMBER }, { calendarTable: 'november_hours' }]) {
        const [row] = await engine.rows(metricSql('firstResponseTime', { dialect: engine.dialect, from: { query }, calendar: BERLIN, ...where }));
        expect(row, `${engine.dialect} ${JSON.stringify(where)}`).toMatchObject({ count: 5, n: 2, min: 2 * HOUR, max: 189 * HOUR, unanswered: 1, invalid: 2 });
      }
    }
    expect(BERLIN.duration(Date.UTC(2024, 9, 31, 23), Date.UTC(2024, 10, 30, 23))).toBe(189 * HOUR);
  });

  it('an empty calendar table covers nothing: every duration is invalid', async () => {
    const query = tickets([['2024-11-22T17:00:00+01:00', '2024-11-25T10:00:00+01:00', null, '2024-11-25T11:00:00+01:00', 'solved', null]]);
    for (const engine of engines) {
      await engine.exec('DROP TABLE IF EXISTS no_hours');
      await engine.exec(`CREATE ${engine.dialect === 'postgres' ? 'TEMP ' : ''}TABLE no_hours (start_ms BIGINT, end_ms BIGINT)`);
      const o = { dialect: engine.dialect, from: { query }, columns: { resolutionMs: null }, calendar: BERLIN, calendarTable: 'no_hours' } as const;
      expect((await engine.rows(metricSql('firstResponseTime', o)))[0]).toMatchObject({ n: 0, invalid: 1, value: null });
      expect((await engine.rows(metricSql('resolutionTime', o)))[0]).toMatchObject({ n: 0, invalid: 1, value: null });
    }
  });

  it('a duration column without its timestamp is invalid under a calendar, as in TypeScript (business hours need the instants)', async () => {
    const query = tickets([['2024-11-22T17:00:00+01:00', null, HOUR, null, 'solved', null]]);
    const [duck] = engines as [Engine];
    const frt = (await duck.rows(metricSql('firstResponseTime', { dialect: 'duckdb', from: { query }, calendar: BERLIN, calendarRange: NOVEMBER })))[0];
    const ts = firstResponseTime({ tickets: [{ createdAt: '2024-11-22T17:00:00+01:00', firstResponseMs: HOUR }] }, { calendar: BERLIN, onInvalid: 'exclude' });
    expect(frt).toMatchObject({ n: 0, unanswered: 0, invalid: 1 });
    expect([ts.n, ts.excluded.unanswered, ts.excluded.invalid]).toEqual([0, 0, 1]);
    const resolved = `SELECT TIMESTAMPTZ '2024-11-22 16:00:00Z' AS "createdAt", CAST(${HOUR} AS DOUBLE) AS "resolutionMs", 'solved' AS "status"`;
    const rt = (
      await duck.rows(
        metricSql('resolutionTime', { dialect: 'duckdb', from: { query: resolved }, columns: { resolvedAt: null }, calendar: BERLIN, calendarRange: NOVEMBER }),
      )
    )[0];
    expect(rt).toMatchObject({ n: 0, unresolved: 0, noResolutionTime: 0, invalid: 1 });
  });

  it('writes the intervals inline as a CTE, or reads a table by its quoted name', () => {
    const inline = metricSql('firstResolutionTime', { dialect: 'postgres', from: 't', calendar: BERLIN.toJSON(), calendarRange: NOVEMBER });
    expect(inline.startsWith('WITH "calendar_intervals" AS (\n-- kpi-kit calendarSql: ')).toBe(true);
    expect(inline).toContain('"classified" AS MATERIALIZED (');
    const table = metricSql('resolutionTime', { dialect: 'duckdb', from: 't', calendar: BERLIN, calendarTable: 'analytics.business_hours' });
    expect(table).toContain('FROM (SELECT "start_ms", "end_ms" FROM "analytics"."business_hours") AS "b"');
    expect(metricSql('resolutionTime', { dialect: 'duckdb', from: 't', calendar: BERLIN, calendarTable: ['my.schema', 'hours'] })).toContain(
      'FROM "my.schema"."hours"',
    );
    expect(metricSql('resolutionTime', { dialect: 'duckdb', from: 't' })).not.toContain('MATERIALIZED');
  });

  it('rejects calendar options it cannot use, with their path', () => {
    const base: MetricSqlOptions = { dialect: 'duckdb', from: 't' };
    const cal = { ...base, calendar: BERLIN };
    const cases: [() => unknown, string, RegExp][] = [
      [() => metricSql('firstResponseTime', { ...base, calendarRange: NOVEMBER }), 'options.calendarRange', /needs the calendar option/],
      [() => metricSql('firstResponseTime', { ...base, calendarTable: 'x' }), 'options.calendarTable', /needs the calendar option/],
      [() => metricSql('firstResponseTime', cal), 'options.calendarRange', /either calendarRange .* not neither/],
      [() => metricSql('firstResponseTime', { ...cal, calendarRange: NOVEMBER, calendarTable: 'x' }), 'options.calendarTable', /not both/],
      [() => metricSql('firstResponseTime', { ...cal, calendarRange: 'november' as never }), 'options.calendarRange', /\{ from, to \}/],
      [
        () => metricSql('firstResponseTime', { ...cal, calendarRange: { from: NOVEMBER.to, to: NOVEMBER.from } }),
        'options.calendarRange.to',
        /before it starts/,
      ],
      [() => metricSql('firstResponseTime', { ...cal, calendarRange: { from: 'x', to: NOVEMBER.to } }), 'options.calendarRange.from', /ISO|timestamp|date/i],
      [() => metricSql('firstResponseTime', { ...cal, calendarRange: { ...NOVEMBER, until: 0 } as never }), 'options.calendarRange.until', /from and to only/],
      [() => metricSql('firstResponseTime', { ...cal, calendarTable: '' }), 'options.calendarTable', /table name/],
      [() => metricSql('firstResponseTime', { ...cal, calendarTable: [] }), 'options.calendarTable', /table name/],
      [() => metricSql('firstResponseTime', { ...cal, calendarTable: ['a', 'b\0'] }), 'options.calendarTable[1]', /NUL/],
      [
        () => metricSql('firstResponseTime', { ...base, calendar: { timeZone: 'Mars/Olympus', hours: { mon: nineToSix } }, calendarRange: NOVEMBER }),
        'options.calendar.timeZone',
        /IANA/,
      ],
      [
        () => metricSql('firstResponseTime', { ...base, calendar: { duration: () => 0 } as never, calendarRange: NOVEMBER }),
        'options.calendar',
        /businessCalendar/,
      ],
      [() => metricSql('averageHandleTime', { ...cal, calendarRange: NOVEMBER }), 'options.calendar', /calendar/],
    ];
    for (const [f, path, message] of cases) {
      const e = thrown(f);
      expect(
        e.issues.map((i) => i.path.join('.').replace(/\.(\d+)/g, '[$1]')),
        String(f),
      ).toContain(path);
      expect(e.message, String(f)).toMatch(message);
    }
  });
});
