/**
 * runMetricsByPeriod (kpi-kit/duckdb) is byPeriod on DuckDB: for random ticket sets, a duration
 * (firstResponseTime), a rate (resolutionRate), csat and volumeByChannel per day, week, month and
 * quarter, in UTC, DST zones and a fixed offset, placed by createdAt or resolvedAt, with and
 * without `fill`, its result equals byPeriod's over
 * the same tickets — periods with their keys, bounds, counts, results and changes, the undated and
 * the total — numbers within 1e-12 relative, invalid tickets counted rather than listed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError, abandonmentRate, byPeriod, csat, firstResponseTime, periodBucketer, resolutionRate, volumeByChannel } from '../../src/index.js';
import { PERIOD_SQL_METRICS, runMetricsByPeriod } from '../../src/duckdb/index.js';
import { periodIndexOfKey } from '../../src/duckdb/by-period.js';
import { duckdbSession } from './engines.js';
import { same, unlisted } from './results.js';
import { type Rec, HOUR, TICKET_COLUMNS, load, orNull, plain, ticketRecord } from './records.js';

const db = duckdbSession('Pacific/Auckland');

/** byPeriod's result with every result unlisted. */
function unlistedPeriods(r: {
  periods: readonly { result: unknown }[];
  undated: { count: number; result: unknown } | null;
  total: unknown;
}): Record<string, unknown> {
  return {
    ...r,
    periods: r.periods.map((p) => ({ ...p, result: unlisted(p.result) })),
    undated: r.undated === null ? null : { ...r.undated, result: unlisted(r.undated.result) },
    total: unlisted(r.total),
  };
}

const FNS = { firstResponseTime, resolutionRate, csat, volumeByChannel } as const;
type Name = keyof typeof FNS;
const OPTIONS: Readonly<Record<Name, fc.Arbitrary<Record<string, unknown>>>> = {
  firstResponseTime: fc.constantFrom({}, { percentiles: [50, 95], targetMs: HOUR }),
  resolutionRate: fc.constantFrom({}, { confidence: 0.9 }),
  csat: fc.constantFrom({}, { scale: '1-5' }),
  volumeByChannel: fc.constantFrom({}, { by: 'priority' }),
};
const COLUMNS = [...TICKET_COLUMNS, { name: 'csat', type: 'number' } as const];

describe('runMetricsByPeriod equals byPeriod', () => {
  it('a duration, a rate, csat and volumeByChannel; day, week, month, quarter; UTC, DST zones, a fixed offset; at; fill or not (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(ticketRecord, orNull(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(7)))), { maxLength: 30 }),
        fc.constantFrom<Name>('firstResponseTime', 'resolutionRate', 'csat', 'volumeByChannel').chain((name) => fc.tuple(fc.constant(name), OPTIONS[name])),
        fc.constantFrom('day', 'week', 'month', 'quarter'),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', '+05:30'),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.constantFrom('createdAt', 'createdAt', 'resolvedAt'),
        fc.boolean(),
        async (given, [name, options], period, timeZone, weekStartsOn, fill, at, epoch) => {
          // CSAT over tickets needs createdAt in TypeScript, not in SQL (which reads the answers): every row dated.
          const recs: Rec[] = given.map(([r, answer]) => ({
            ...r,
            csat: answer,
            ...(name === 'csat' ? { createdAt: r['createdAt'] ?? Date.UTC(2024, 0, 1) } : {}),
          }));
          await load(db.engine, recs, epoch, COLUMNS);
          const grouping = { period, timeZone, weekStartsOn, fill, at } as const;
          const timestamps = epoch ? ('epoch-ms' as const) : ('timestamp' as const);
          const got = await runMetricsByPeriod(name, 't', { connection: db.connection, onInvalid: 'exclude', timestamps, ...grouping, ...options });
          const ours = byPeriod(FNS[name] as never, plain(recs, epoch), grouping as never, { ...options, onInvalid: 'exclude' } as never) as never;
          same(got, unlistedPeriods(ours), `${name} ${period} ${timeZone} at ${at}${fill ? ' fill' : ''}${epoch ? ' epoch-ms' : ''}`);
          expect(Object.isFrozen(got)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('fills the months between, with the change by the rule of byPeriod (a hand calculation)', async () => {
    // January: 1 h and 2 h (mean 1.5 h = 5,400,000 ms); March: 0.5 h. February is empty (value null):
    // March's change is then null, as byPeriod's; without fill March follows January: −3,600,000, −2/3.
    const query = `select * from (values
      (TIMESTAMPTZ '2024-01-05 10:00:00Z', 3600000),
      (TIMESTAMPTZ '2024-01-20 08:00:00Z', 7200000),
      (TIMESTAMPTZ '2024-03-02 09:00:00Z', 1800000)) as t("createdAt", "firstResponseMs")`;
    const columns = { firstResponseAt: null };
    const r = await runMetricsByPeriod('firstResponseTime', { query }, { period: 'month', columns, connection: db.connection });
    expect(r.periods.map((p) => [p.key, p.count, p.result.value, p.change])).toEqual([
      ['2024-01', 2, 5_400_000, null],
      ['2024-02', 0, null, null],
      ['2024-03', 1, 1_800_000, null],
    ]);
    expect(r.periods[1]?.startMs).toBe(Date.UTC(2024, 1, 1));
    expect(r.total.value).toBe(4_200_000);
    expect(r.undated).toBeNull();
    const sparse = await runMetricsByPeriod('firstResponseTime', { query }, { period: 'month', columns, connection: db.connection, fill: false });
    expect(sparse.periods.map((p) => p.change)).toEqual([null, { value: -3_600_000, relative: -2 / 3, reason: null }]);
  });

  it('a contact metric: contacts placed by offeredAt (its default), as byPeriod places them', async () => {
    // The contacts of byPeriod's example (metrics.md#byperiod): 6 May one answered and one abandoned (0.5), 7 May one answered (0); 9 May one more.
    const contacts = [
      { offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:20Z' },
      { offeredAt: '2024-05-06T09:00:00Z', abandonedAt: '2024-05-06T09:01:00Z' },
      { offeredAt: '2024-05-07T08:00:00Z', answeredAt: '2024-05-07T08:00:10Z' },
      { offeredAt: '2024-05-09T23:30:00Z', abandonedAt: '2024-05-09T23:31:00Z' },
    ];
    const ts = (v: string | undefined) => (v === undefined ? 'CAST(NULL AS TIMESTAMPTZ)' : `TIMESTAMPTZ '${v}'`);
    const rows = contacts.map((c) => `(${ts(c.offeredAt)}, ${ts(c.answeredAt)}, ${ts(c.abandonedAt)})`);
    const query = `select * from (values ${rows.join(', ')}) as t("offeredAt", "answeredAt", "abandonedAt")`;
    const grouping = { period: 'day', timeZone: 'Europe/Berlin' } as const;
    const got = await runMetricsByPeriod('abandonmentRate', { query }, { ...grouping, columns: { endedAt: null }, connection: db.connection });
    // 23:30 UTC on 9 May is 10 May in Berlin; 8 and 9 May are filled in.
    expect(got.periods.map((p) => [p.key, p.count, p.result.value])).toEqual([
      ['2024-05-06', 2, 0.5],
      ['2024-05-07', 1, 0],
      ['2024-05-08', 0, null],
      ['2024-05-09', 0, null],
      ['2024-05-10', 1, 1],
    ]);
    expect(got.at).toBe('offeredAt');
    same(got, byPeriod(abandonmentRate, contacts, grouping));
  });

  it('no records: no periods, the total of no records', async () => {
    await load(db.engine, [], false, COLUMNS);
    const r = await runMetricsByPeriod('volumeByChannel', 't', { period: 'week', connection: db.connection });
    expect(r).toEqual(byPeriod(volumeByChannel, [], { period: 'week' }));
  });

  it('places the keys the SQL writes in the periods of byPeriod, near the limits of the zones (UTC−12 to UTC+14) and of the years', () => {
    for (const timeZone of ['Etc/GMT+12', 'Pacific/Kiritimati', 'Europe/Berlin', 'UTC']) {
      for (const period of ['day', 'week', 'month', 'quarter'] as const) {
        const bucketer = periodBucketer({ period, timeZone, weekStartsOn: 0 });
        for (const ms of [Date.UTC(2024, 0, 1), Date.UTC(2024, 2, 31, 1), Date.UTC(2024, 11, 31, 23, 59), Date.UTC(50, 5, 1), -1]) {
          const k = bucketer.indexOf(ms);
          expect(periodIndexOfKey(bucketer, period, bucketer.period(k).key), `${timeZone} ${period} ${ms}`).toBe(k);
        }
      }
    }
    expect(() => periodIndexOfKey(periodBucketer({ period: 'month' }), 'month', '2024-13')).toThrow(/internal error/);
  });

  it('rejects what byPeriod rejects, and what it cannot run', async () => {
    await expect(runMetricsByPeriod('firstResponseTime', 't', { connection: db.connection } as never)).rejects.toThrow(/period/);
    await expect(runMetricsByPeriod('firstResponseTime', 't', { period: 'year' as never, connection: db.connection })).rejects.toThrow(KpiInputError);
    await expect(runMetricsByPeriod('firstResponseTime', 't', { period: 'month', fill: 'yes' as never, connection: db.connection })).rejects.toThrow(/fill/);
    await expect(runMetricsByPeriod('firstResponseTime', 't', { period: 'month', by: 'channel', connection: db.connection })).rejects.toThrow(
      /runMetricGroups/,
    );
    await expect(runMetricsByPeriod('churnRate' as never, 't', { period: 'month', connection: db.connection })).rejects.toThrow(/no periods/);
    await expect(runMetricsByPeriod('firstResponseTime', 't', undefined as never)).rejects.toThrow(KpiInputError);
    // The metric's options are checked by its TypeScript function, as byPeriod checks them.
    await expect(runMetricsByPeriod('firstResponseTime', 't', { period: 'month', percentiles: [101], connection: db.connection })).rejects.toThrow(
      /percentiles/,
    );
    // Three hundred years of days (109,573): more than byPeriod fills.
    const query = `select * from (values (TIMESTAMPTZ '1990-01-01 00:00:00Z', 1), (TIMESTAMPTZ '2290-01-01 00:00:00Z', 1)) as t("createdAt", "firstResponseMs")`;
    await expect(
      runMetricsByPeriod('firstResponseTime', { query }, { period: 'day', columns: { firstResponseAt: null }, connection: db.connection }),
    ).rejects.toThrow(/100000/);
    expect(PERIOD_SQL_METRICS).not.toContain('churnRate');
  });
});
