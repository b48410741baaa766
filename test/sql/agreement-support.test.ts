/**
 * The same numbers in TypeScript, on DuckDB and on PostgreSQL for the ticket metrics beyond the
 * first four: random ticket sets (records.ts) go through each TypeScript function (onInvalid:
 * 'exclude') and through the SQL `metricSql` writes, on both engines, over the whole set and per
 * period and segment (as byPeriod with fill: false). Counts and ms sums must be equal; means,
 * shares and quantiles within 1e-12 relative (docs/sql.md#exactness).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BusinessHoursSpec,
  agentWaitTime,
  businessCalendar,
  agentWorkTime,
  byPeriod,
  bySegment,
  firstContactResolution,
  firstResolutionTime,
  onHoldTime,
  reopenRate,
  reopensPerTicket,
  repliesPerTicket,
  requesterWaitTime,
  slaCompliance,
  volumeByChannel,
} from '../../src/index.js';
import { type SqlMetric, calendarSql } from '../../src/sql/index.js';
import { type Row, bothEngines, sqlRows, timestampsOf } from './engines.js';
import { type Rec, edge, instant, HOUR, type SummaryLike, close, defined, load, plain, sameSummary, ticketRecord } from './records.js';

const engines = bothEngines();

type Options = Record<string, unknown>;

/** A metric under test: its TypeScript function and how its SQL row is compared with its result. */
interface Case {
  readonly ts: (input: { tickets: never }, options: never) => unknown;
  /** Random options of both (the SQL's and the function's), undefined ones left out. */
  readonly options: fc.Arbitrary<Options>;
  readonly same: (row: Row, result: unknown, options: Options, what: string) => void;
}

const durationOptions = fc
  .record({
    percentiles: fc.oneof(fc.constant(undefined), fc.uniqueArray(fc.constantFrom(1, 10, 25, 50, 75, 90, 95, 99, 99.9), { minLength: 1, maxLength: 4 })),
    targetMs: fc.oneof(fc.constant(undefined), fc.constantFrom(0, 60_000, HOUR, 24 * HOUR)),
  })
  .map(defined);

interface WithinTarget {
  readonly withinTarget: { readonly count: number; readonly share: number | null } | null;
}

function durationCase(ts: Case['ts'], excluded: string): Case {
  return {
    ts,
    options: durationOptions,
    same(row, result, _o, what) {
      const r = result as SummaryLike & WithinTarget;
      sameSummary(row, r, [excluded], what);
      if (r.withinTarget !== null) {
        expect(row['withinTargetCount'], `${what} withinTargetCount`).toBe(r.withinTarget.count);
        close(row['withinTargetShare'], r.withinTarget.share, `${what} withinTargetShare`);
      } else expect(row['withinTargetCount'], what).toBeUndefined();
    },
  };
}

const statuses = fc.oneof(fc.constant(undefined), fc.constant(['Solved', 'pending']));

/** The row's columns `keys` equal the result's fields exactly, `shares` within 1e-12, and `invalid` its excluded.invalid. */
function sameCounts(row: Row, r: Record<string, unknown>, keys: readonly string[], shares: readonly string[], what: string): void {
  for (const k of keys) expect(row[k], `${what} ${k}`).toBe(r[k]);
  for (const k of shares) close(row[k], r[k] as number | null, `${what} ${k}`);
  expect(row['reason'], `${what} reason`).toBe(r['reason']);
  expect(row['invalid'], `${what} invalid`).toBe((r['excluded'] as { invalid: number }).invalid);
}

/** A count distribution: the summary, and zero / at least one as `zeroCount`, `zeroShare`, `atLeastOneCount`, `atLeastOneShare`. */
function countCase(ts: Case['ts']): Case {
  return {
    ts,
    options: fc.record({ percentiles: durationOptions.map((o) => o.percentiles) }).map(defined),
    same(row, result, _o, what) {
      const r = result as SummaryLike & { zero: { count: number; share: number | null }; atLeastOne: { count: number; share: number | null } };
      sameSummary(row, r, ['unmeasured'], what);
      expect([row['zeroCount'], row['atLeastOneCount']], `${what} zero, atLeastOne`).toEqual([r.zero.count, r.atLeastOne.count]);
      close(row['zeroShare'], r.zero.share, `${what} zeroShare`);
      close(row['atLeastOneShare'], r.atLeastOne.share, `${what} atLeastOneShare`);
    },
  };
}

/** SLA targets (some per priority, in any case) with asOf; or none (the recorded outcomes), with or without asOf. */
const slaOptions: fc.Arbitrary<Options> = fc
  .oneof(
    fc.record({
      targets: fc
        .record(
          {
            firstResponseMs: fc.constantFrom(0, 1, 60_000, HOUR, 8 * HOUR),
            resolutionMs: fc.constantFrom(0, 1, HOUR, 24 * HOUR),
            byPriority: fc.constantFrom({ High: { firstResponseMs: 30_000 } }, { urgent: { resolutionMs: 2 * HOUR }, low: {} }),
          },
          { requiredKeys: [] },
        )
        .filter((t) => t.firstResponseMs !== undefined || t.resolutionMs !== undefined || t.byPriority?.urgent !== undefined),
      // Often an instant some tickets are created at (or 1 ms before or after): outcomes on their bounds.
      asOf: fc.oneof(
        edge,
        edge.map((t) => new Date(t).toISOString()),
        instant,
      ),
      resolvedStatuses: statuses,
    }),
    fc.record({ asOf: fc.oneof(fc.constant(undefined), instant) }).map(defined),
  )
  .map(defined);

/** The scalar columns of slaCompliance: the ticket outcomes, then those of the first response and the resolution. */
function sameSla(row: Row, result: unknown, what: string): void {
  const r = result as ReturnType<typeof slaCompliance>;
  const parts = [
    ['', r],
    ['firstResponse', r.firstResponse],
    ['resolution', r.resolution],
  ] as const;
  for (const [prefix, c] of parts) {
    const col = (k: string): string => (prefix === '' ? k : `${prefix}${k[0]?.toUpperCase() ?? ''}${k.slice(1)}`);
    const noTarget = prefix === '' ? r.noTarget : (c as { noTarget: number }).noTarget;
    expect([row[col('met')], row[col('breached')], row[col('pending')], row[col('noTarget')]], `${what} ${prefix}`).toEqual([
      c.met,
      c.breached,
      c.pending,
      noTarget,
    ]);
    close(row[col('value')], c.value, `${what} ${col('value')}`);
    expect(row[col('reason')], `${what} ${col('reason')}`).toBe(c.reason);
  }
  const e = r.excluded;
  expect([row['notYetCreated'], row['noResolutionTime'], row['invalid']], `${what} excluded`).toEqual([e.notYetCreated, e.noResolutionTime, e.invalid]);
}

const CASES: Partial<Record<SqlMetric, Case>> = {
  firstResolutionTime: durationCase(firstResolutionTime, 'unresolved'),
  requesterWaitTime: durationCase(requesterWaitTime, 'unmeasured'),
  agentWaitTime: durationCase(agentWaitTime, 'unmeasured'),
  onHoldTime: durationCase(onHoldTime, 'unmeasured'),
  agentWorkTime: durationCase(agentWorkTime, 'unmeasured'),
  reopenRate: {
    ts: reopenRate,
    options: fc.record({ resolvedStatuses: statuses }).map(defined),
    same(row, result, _o, what) {
      const r = result as Record<string, unknown> & { excluded: { neverResolved: number } };
      sameCounts(row, r, ['reopened', 'resolved', 'neverResolved'], ['value'], what);
      expect(row['neverResolved'], what).toBe(r.excluded.neverResolved);
    },
  },
  firstContactResolution: {
    ts: firstContactResolution,
    options: fc
      .record({
        resolvedStatuses: statuses,
        basis: fc.constantFrom(undefined, 'resolved', 'received'),
        method: fc.constantFrom(undefined, 'contact-count', 'flag', 'repeat-window', 'repeat-window'),
        window: fc.record({ windowDays: fc.constantFrom(undefined, 0, 1, 7), sameTopic: fc.constantFrom(undefined, true, false) }),
      })
      .map(({ window, ...o }) => defined(o.method === 'repeat-window' ? { ...o, ...window } : o)),
    same: (row, result, _o, what) =>
      sameCounts(row, result as Record<string, unknown>, ['resolvedOnFirstContact', 'resolved', 'received', 'denominator'], ['value'], what),
  },
  repliesPerTicket: countCase(repliesPerTicket),
  reopensPerTicket: countCase(reopensPerTicket),
  slaCompliance: { ts: slaCompliance, options: slaOptions, same: (row, result, _o, what) => sameSla(row, result, what) },
};
const METRICS = Object.keys(CASES) as SqlMetric[];

describe('metricSql of the ticket metrics on DuckDB and PostgreSQL equals the TypeScript functions', () => {
  for (const metric of METRICS) {
    const c = CASES[metric] as Case;
    it(`${metric} (timestamps and epoch ms)`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(ticketRecord, { maxLength: 40 }), fc.boolean(), c.options, async (recs, epoch, o) => {
          const expected = c.ts({ tickets: plain(recs, epoch) as never }, { ...o, onInvalid: 'exclude' } as never);
          for (const engine of engines) {
            await load(engine, recs, epoch);
            const [row] = await sqlRows(engine, metric, { timestamps: timestampsOf(epoch), ...o });
            const what = `${engine.dialect}${epoch ? ' epoch-ms' : ''} ${metric}`;
            expect(row?.['count'], what).toBe(recs.length);
            c.same(row as Row, expected, o, what);
          }
        }),
        { numRuns: 30 },
      );
    });
  }

  it('per period (day, week, month, quarter; UTC, DST zones, a fixed offset) and per segment, as byPeriod with fill: false', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ticketRecord, { maxLength: 40 }),
        // firstContactResolution's 'repeat-window' is written without periods (tested by segment below).
        fc.constantFrom(...METRICS).chain((m) =>
          fc.tuple(
            fc.constant(m),
            (CASES[m] as Case).options.filter((o) => o['method'] !== 'repeat-window'),
          ),
        ),
        fc.constantFrom('day', 'week', 'month', 'quarter'),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', '+05:30'),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('createdAt', 'createdAt', 'resolvedAt', 'firstResolvedAt'),
        async (recs, [metric, o], period, timeZone, weekStartsOn, split, epoch, at) => {
          const c = CASES[metric] as Case;
          const grouping = { period, timeZone, weekStartsOn, fill: false, at, ...(split ? { by: 'channel' } : {}) };
          const ours = byPeriod(c.ts as never, plain(recs, epoch), grouping as never, { ...o, onInvalid: 'exclude' } as never) as unknown as {
            periods: Cell[];
            undated: Cell | null;
          };
          interface Cell {
            key?: string | null;
            count: number;
            result: unknown;
            segments?: { key: string | null; count: number; result: unknown }[];
          }
          const cells = new Map<string, { count: number; result: unknown }>();
          const add = (key: string | null, row: Cell) => {
            if (split) for (const s of row.segments ?? []) cells.set(JSON.stringify([key, s.key]), s);
            else cells.set(JSON.stringify([key]), row);
          };
          for (const p of ours.periods) add(p.key ?? null, p);
          if (ours.undated !== null && ours.undated.count > 0) add(null, ours.undated);
          for (const engine of engines) {
            await load(engine, recs, epoch);
            const rows = await sqlRows(engine, metric, {
              period,
              timeZone,
              weekStartsOn,
              at,
              timestamps: timestampsOf(epoch),
              ...(split ? { by: 'channel' } : {}),
              ...o,
            });
            const got = new Map(rows.map((r) => [JSON.stringify(split ? [r['period'], r['segment']] : [r['period']]), r]));
            expect([...got.keys()].sort(), `${engine.dialect} ${metric} cells`).toEqual([...cells.keys()].sort());
            for (const [key, cell] of cells) {
              const row = got.get(key) as Row;
              const what = `${engine.dialect} ${metric} ${key}`;
              expect(row['count'], what).toBe(cell.count);
              c.same(row, cell.result, o, what);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('volumeByChannel: one row per key (the by option), per period too, as volumeByChannel and byPeriod with fill: false', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ticketRecord, { maxLength: 40 }),
        fc.constantFrom('channel', 'priority', 'status'),
        fc.option(fc.constantFrom('day', 'week', 'month', 'quarter'), { nil: undefined }),
        fc.constantFrom('UTC', 'Europe/Berlin', '+05:30'),
        fc.boolean(),
        async (recs, key, period, timeZone, epoch) => {
          const ts = plain(recs, epoch);
          /** Expected rows: [period, key] → tickets, share, total; and the invalid tickets per period. */
          const expected = new Map<string, [number, number, number]>();
          const invalid = new Map<string | null, number>();
          const add = (p: string | null, r: ReturnType<typeof volumeByChannel>) => {
            for (const g of r.groups) expected.set(JSON.stringify([p, g.key]), [g.count, g.share, r.total]);
            invalid.set(p, r.excluded.invalid);
          };
          if (period === undefined) add(null, volumeByChannel({ tickets: ts as never }, { by: key, onInvalid: 'exclude' }));
          else {
            const ours = byPeriod(
              volumeByChannel as never,
              ts,
              { period, timeZone, fill: false } as never,
              { by: key, onInvalid: 'exclude' } as never,
            ) as unknown as {
              periods: { key: string; result: ReturnType<typeof volumeByChannel> }[];
              undated: { count: number; result: ReturnType<typeof volumeByChannel> } | null;
            };
            for (const p of ours.periods) add(p.key, p.result);
            if (ours.undated !== null && ours.undated.count > 0) add(null, ours.undated.result);
          }
          for (const engine of engines) {
            await load(engine, recs, epoch);
            const rows = await sqlRows(engine, 'volumeByChannel', {
              by: key,
              timeZone,
              timestamps: timestampsOf(epoch),
              ...(period === undefined ? {} : { period }),
            });
            const what = `${engine.dialect} volumeByChannel by ${key}`;
            const got = new Map<string, [number, number, number]>();
            const gotInvalid = new Map<string | null, number>();
            for (const r of rows) {
              const p = (r['period'] ?? null) as string | null;
              gotInvalid.set(p, (gotInvalid.get(p) ?? 0) + (r['invalid'] as number));
              expect(r['value'], what).toBe(r['total']);
              if ((r['tickets'] as number) > 0)
                got.set(JSON.stringify([p, r['segment']]), [r['tickets'] as number, r['share'] as number, r['total'] as number]);
            }
            expect([...got.keys()].sort(), what).toEqual([...expected.keys()].sort());
            for (const [k, [count, shareOf, total]] of expected) {
              const [c, sh, t] = got.get(k) as [number, number, number];
              expect([c, t], `${what} ${k}`).toEqual([count, total]);
              close(sh, shareOf, `${what} ${k} share`);
            }
            for (const [p, n] of invalid) expect(gotInvalid.get(p) ?? 0, `${what} invalid ${String(p)}`).toBe(n);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('slaCompliance on the bounds: a target reached exactly at asOf is pending, 1 ms later breached; a response exactly at the target is met', async () => {
    // Target 1 h for the first response, asOf 2024-05-06T10:00:00Z. Ticket a: created 09:00, no response: asOf − created = 1 h,
    // not beyond the target → pending. Ticket b: created 08:59:59.999, no response: 1 h + 1 ms → breached. Ticket c: created 08:00,
    // answered 09:00 (exactly 1 h) → met. Ticket d: created 10:00:00.001, after asOf → notYetCreated.
    const at = (iso: string) => Date.parse(iso);
    const recs: Rec[] = [
      { createdAt: at('2024-05-06T09:00:00Z') },
      { createdAt: at('2024-05-06T08:59:59.999Z') },
      { createdAt: at('2024-05-06T08:00:00Z'), firstResponseAt: at('2024-05-06T09:00:00Z') },
      { createdAt: at('2024-05-06T10:00:00.001Z') },
    ];
    const o = { targets: { firstResponseMs: HOUR }, asOf: '2024-05-06T10:00:00Z' };
    const r = slaCompliance({ tickets: plain(recs, false) as never }, o);
    expect([r.met, r.breached, r.pending, r.excluded.notYetCreated]).toEqual([1, 1, 1, 1]);
    for (const engine of engines) {
      await load(engine, recs, false);
      const [row] = await sqlRows(engine, 'slaCompliance', o);
      sameSla(row as Row, r, `${engine.dialect} slaCompliance bounds`);
    }
  });

  it("firstContactResolution with 'repeat-window' per segment: repeats only within the segment, as bySegment", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ticketRecord, { maxLength: 40 }),
        fc.boolean(),
        fc.constantFrom(0, 1, 7),
        fc.boolean(),
        fc.constantFrom('channel', 'priority'),
        async (recs, epoch, windowDays, sameTopic, by) => {
          const o = { method: 'repeat-window' as const, windowDays, sameTopic };
          const ours = bySegment(firstContactResolution, plain(recs, epoch) as never, by, { ...o, onInvalid: 'exclude' });
          for (const engine of engines) {
            await load(engine, recs, epoch);
            const rows = await sqlRows(engine, 'firstContactResolution', { timestamps: timestampsOf(epoch), by, ...o });
            const what = `${engine.dialect} firstContactResolution by ${by}`;
            expect(rows.map((r) => r['segment']).sort(), what).toEqual(ours.segments.map((g) => g.key).sort());
            for (const g of ours.segments) {
              const row = rows.find((r) => r['segment'] === g.key) as Row;
              expect(row['count'], what).toBe(g.count);
              sameCounts(
                row,
                g.result as unknown as Record<string, unknown>,
                ['resolvedOnFirstContact', 'resolved', 'received', 'denominator'],
                ['value'],
                `${what} ${String(g.key)}`,
              );
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('slaCompliance in business hours (a calendar, its intervals inline or in a table), as the TypeScript function with the calendar', async () => {
    const RANGE = { from: Date.UTC(2023, 11, 1), to: Date.UTC(2025, 1, 1) };
    const specs: BusinessHoursSpec[] = [
      {
        timeZone: 'Europe/Berlin',
        hours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] },
      },
      {
        timeZone: 'America/New_York',
        hours: {
          sat: [
            ['01:00', '03:30'],
            ['22:00', '24:00'],
          ],
          sun: [['00:00', '24:00']],
          mon: [['00:00', '06:00']],
        },
        holidays: ['2024-11-03'],
      },
    ];
    for (const engine of engines) {
      for (const [i, spec] of specs.entries()) {
        await engine.exec(`DROP TABLE IF EXISTS business_hours_${i}`);
        await engine.exec(
          `CREATE ${engine.dialect === 'postgres' ? 'TEMP ' : ''}TABLE business_hours_${i} AS ${calendarSql(spec, { dialect: engine.dialect, ...RANGE })}`,
        );
      }
    }
    await fc.assert(
      fc.asyncProperty(
        fc.array(ticketRecord, { maxLength: 30 }),
        fc.boolean(),
        fc.constantFrom(0, 1),
        fc.boolean(),
        slaOptions.filter((o) => o['targets'] !== undefined),
        async (recs, epoch, which, inline, o) => {
          const spec = specs[which] as BusinessHoursSpec;
          const expected = slaCompliance({ tickets: plain(recs, epoch) as never }, { ...o, calendar: businessCalendar(spec), onInvalid: 'exclude' } as never);
          for (const engine of engines) {
            await load(engine, recs, epoch);
            const where = inline ? { calendarRange: RANGE } : { calendarTable: `business_hours_${which}` };
            const [row] = await sqlRows(engine, 'slaCompliance', { timestamps: timestampsOf(epoch), calendar: spec, ...where, ...o });
            sameSla(row as Row, expected, `${engine.dialect}${epoch ? ' epoch-ms' : ''} slaCompliance business hours ${which}`);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
