/**
 * Business hours: the same numbers in TypeScript, on DuckDB and on PostgreSQL. Random calendars in
 * zones with DST (Europe/Berlin, America/New_York, and Lord Howe's half-hour change), random working
 * hours (lunch breaks, night shifts to '24:00', intervals across the spring-forward gap) and
 * holidays (the DST dates among them); random tickets whose timestamps crowd the DST changes and
 * the edges of working hours. Each duration metric with `calendar` in TypeScript (onInvalid:
 * 'exclude') against `metricSql` with the same calendar, its intervals inline (`calendarRange`) or
 * in a table made from `calendarSql` (`calendarTable`): counts, ms sums, min and max exactly equal;
 * means and quantiles within 1e-12 relative (docs/sql.md#exactness); per period and segment too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BusinessHoursSpec, businessCalendar, byPeriod, firstResolutionTime, firstResponseTime, resolutionTime } from '../../src/index.js';
import { calendarSql, metricSql } from '../../src/sql/index.js';
import { type Engine, type Row, bothEngines } from './engines.js';

const engines = bothEngines();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Rec {
  createdAt: number | null;
  firstResponseAt: number | null;
  firstResponseMs: number | null;
  resolvedAt: number | null;
  resolutionMs: number | null;
  firstResolvedAt: number | null;
  status: string | null;
  pausedMs: number | null;
}
const TIMESTAMP_FIELDS = ['createdAt', 'firstResponseAt', 'resolvedAt', 'firstResolvedAt'] as const;
const NUMBER_FIELDS = ['firstResponseMs', 'resolutionMs', 'pausedMs'] as const;

/** The DST changes of 2024 in the zones below (UTC): Berlin 31 Mar / 27 Oct 01:00, New York 10 Mar 07:00 / 3 Nov 06:00, Lord Howe 7 Apr 15:00 / 6 Oct 15:30. */
const CHANGES = [
  Date.UTC(2024, 2, 31, 1),
  Date.UTC(2024, 9, 27, 1),
  Date.UTC(2024, 2, 10, 7),
  Date.UTC(2024, 10, 3, 6),
  Date.UTC(2024, 3, 6, 15),
  Date.UTC(2024, 9, 5, 15, 30),
];
/** Instants of 2024, a third of them within 30 hours of a DST change, some on whole half hours (the edges of working hours). */
const instant = fc.oneof(
  fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2025, 0, 1) }),
  fc.constantFrom(...CHANGES).chain((t) => fc.integer({ min: -30 * HOUR, max: 30 * HOUR }).map((d) => t + d)),
  fc.integer({ min: 0, max: 366 * 48 }).map((h) => Date.UTC(2024, 0, 1) + h * 30 * 60_000),
);
/** Spans: ties, negatives, up to ten days. */
const delta = fc.oneof(fc.constantFrom(0, 1, HOUR, 30 * 60_000), fc.integer({ min: -HOUR, max: 10 * DAY }));
/** A duration column next to the timestamps: absent, equal (or 1–2 ms off), or anything. */
const msOf = (raw: number | null) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom(0, 1, -1, 2).map((off) => (raw === null ? null : raw + off)) },
    { weight: 1, arbitrary: fc.integer({ min: -1000, max: 3 * DAY }) },
  );
const orNull = <T>(a: fc.Arbitrary<T>, weight = 3) => fc.oneof({ weight, arbitrary: fc.constant(null) }, { weight: 9, arbitrary: a });

const record: fc.Arbitrary<Rec> = fc
  .record({
    createdAt: orNull(instant, 1),
    frt: orNull(delta),
    res: orNull(delta),
    first: orNull(delta),
    status: orNull(fc.constantFrom('solved', 'Closed', 'open', 'pending')),
    // Paused times next to business durations (so that some exceed them): 0, 1 ms, half an hour … 2 h.
    pausedMs: orNull(fc.oneof(fc.constantFrom(0, 1, -5, HOUR), fc.integer({ min: 0, max: 2 * HOUR })), 6),
  })
  .chain((r) =>
    fc.record({ firstResponseMs: msOf(r.frt), resolutionMs: msOf(r.res) }).map((ms): Rec => ({
      createdAt: r.createdAt,
      firstResponseAt: r.createdAt === null || r.frt === null ? null : r.createdAt + r.frt,
      firstResponseMs: ms.firstResponseMs,
      resolvedAt: r.createdAt === null || r.res === null ? null : r.createdAt + r.res,
      resolutionMs: ms.resolutionMs,
      firstResolvedAt: r.createdAt === null || r.first === null ? null : r.createdAt + r.first,
      status: r.status,
      pausedMs: r.pausedMs,
    })),
  );

/** 'HH:mm' of ms after midnight ('24:00' for a whole day). */
const hhmm = (ms: number): string =>
  ms === DAY ? '24:00' : `${String(Math.floor(ms / HOUR)).padStart(2, '0')}:${String(Math.floor((ms % HOUR) / 60_000)).padStart(2, '0')}`;
/** A day's working intervals: sorted half-hour marks taken in pairs (a lunch break, '22:00'–'24:00', '02:00'–'03:00' across a gap …). */
const dayHours = fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { maxLength: 6 }).map((marks) => {
  const sorted = [...marks].sort((a, b) => a - b);
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) pairs.push([hhmm((sorted[i] as number) * 1_800_000), hhmm((sorted[i + 1] as number) * 1_800_000)]);
  return pairs;
});
/** The usual shapes, and random ones. */
const hours = fc.oneof(
  fc.constant({ mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] }),
  fc.constant({
    sat: [
      ['01:00', '03:30'],
      ['22:00', '24:00'],
    ],
    sun: [['00:00', '24:00']],
    mon: [['00:00', '06:00']],
  }),
  fc.record({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours }),
);
const calendarSpec: fc.Arbitrary<BusinessHoursSpec> = fc
  .record({
    timeZone: fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'),
    hours,
    holidays: fc.uniqueArray(
      fc.oneof(
        fc.integer({ min: 0, max: 365 }).map((d) => new Date(Date.UTC(2024, 0, 1) + d * DAY).toISOString().slice(0, 10)),
        fc.constantFrom('2024-03-31', '2024-10-27', '2024-03-10', '2024-11-03', '2024-04-07', '2024-10-06'),
      ),
      { maxLength: 20 },
    ),
  })
  .filter((s) => Object.values(s.hours as Record<string, readonly (readonly [string, string])[]>).some((h) => h.some(([a, b]) => a !== b)));

const iso = (ms: number | null): string => (ms === null ? 'NULL' : `CAST('${new Date(ms).toISOString()}' AS TIMESTAMPTZ)`);
const num = (x: number | null): string => (x === null ? 'NULL' : String(x));
const text = (x: string | null): string => (x === null ? 'NULL' : `'${x}'`);

/** Loads the records into table `t` (timestamps as TIMESTAMPTZ, or as epoch-ms numbers), with their channels when given. */
async function load(engine: Engine, recs: readonly Rec[], epoch: boolean, channels: readonly (string | null)[] = []): Promise<void> {
  const dbl = engine.dialect === 'duckdb' ? 'DOUBLE' : 'DOUBLE PRECISION';
  const cols = [
    ...TIMESTAMP_FIELDS.map((f) => `"${f}" ${epoch ? dbl : 'TIMESTAMPTZ'}`),
    ...NUMBER_FIELDS.map((f) => `"${f}" ${dbl}`),
    '"status" TEXT',
    '"channel" TEXT',
  ];
  await engine.exec('DROP TABLE IF EXISTS t');
  await engine.exec(`CREATE ${engine.dialect === 'postgres' ? 'TEMP ' : ''}TABLE t (${cols.join(', ')})`);
  if (recs.length === 0) return;
  const values = recs.map(
    (r, i) =>
      `(${[...TIMESTAMP_FIELDS.map((f) => (epoch ? num(r[f]) : iso(r[f]))), ...NUMBER_FIELDS.map((f) => num(r[f])), text(r.status), text(channels[i] ?? null)].join(', ')})`,
  );
  await engine.exec(`INSERT INTO t VALUES ${values.join(', ')}`);
}

/** The records as TypeScript tickets: ISO strings (or epoch ms), absent fields left out. */
function tickets(recs: readonly Rec[], epoch: boolean): Record<string, unknown>[] {
  return recs.map((r) => {
    const t: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (v === null) continue;
      t[k] = !epoch && (TIMESTAMP_FIELDS as readonly string[]).includes(k) ? new Date(v as number).toISOString() : v;
    }
    return t;
  });
}

/** |a − b| ≤ 1e-12·max(|a|, |b|), or both null. */
function close(actual: unknown, expected: number | null | undefined, what: string): void {
  if (expected === null || expected === undefined) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(typeof actual, what).toBe('number');
  const a = actual as number;
  expect(Math.abs(a - expected), `${what}: ${a} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(a), Math.abs(expected)));
}

interface DurationLike {
  readonly n: number;
  readonly value: number | null;
  readonly reason: string | null;
  readonly mean: number | null;
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly total: number;
  readonly percentiles: Readonly<Record<string, number | null>>;
  readonly withinTarget: { readonly count: number; readonly share: number | null } | null;
  readonly excluded: Readonly<Record<string, unknown>>;
  readonly time: string;
}

function sameDuration(row: Row, r: DurationLike, keys: readonly string[], what: string): void {
  expect(r.time, what).toBe('business-hours');
  expect(row['n'], what).toBe(r.n);
  expect(row['total'], what).toBe(r.total);
  expect(row['min'], what).toBe(r.min);
  expect(row['max'], what).toBe(r.max);
  expect(row['reason'], what).toBe(r.reason);
  close(row['value'], r.value, `${what} value`);
  close(row['mean'], r.mean, `${what} mean`);
  close(row['median'], r.median, `${what} median`);
  for (const [k, v] of Object.entries(r.percentiles)) close(row[k], v, `${what} ${k}`);
  if (r.withinTarget !== null) {
    expect(row['withinTargetCount'], what).toBe(r.withinTarget.count);
    close(row['withinTargetShare'], r.withinTarget.share, `${what} withinTargetShare`);
  }
  for (const k of [...keys, 'invalid']) expect(row[k], `${what} ${k}`).toBe(r.excluded[k]);
}

/** The range the intervals are listed for: every instant generated lies inside it. */
const RANGE = { from: Date.UTC(2023, 11, 1), to: Date.UTC(2025, 1, 1) };

const options = fc.record({
  percentiles: fc.oneof(fc.constant(undefined), fc.uniqueArray(fc.constantFrom(1, 25, 50, 90, 99.9), { minLength: 1, maxLength: 3 })),
  targetMs: fc.oneof(fc.constant(undefined), fc.constantFrom(0, HOUR, 8 * HOUR)),
  excludePaused: fc.boolean(),
});
const defined = <T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };

describe('metricSql with a calendar on DuckDB and PostgreSQL equals the TypeScript functions', () => {
  it('first response, resolution (with and without excludePaused) and first resolution time in business hours, inline intervals or a calendar table', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 30 }), calendarSpec, fc.boolean(), fc.boolean(), options, async (recs, spec, epoch, inline, opts) => {
        const ts = tickets(recs, epoch) as never;
        const durations = defined({ percentiles: opts.percentiles, targetMs: opts.targetMs });
        const calendar = businessCalendar(spec);
        const ours = { ...durations, calendar, onInvalid: 'exclude' as const };
        const frt = firstResponseTime({ tickets: ts }, ours);
        const rt = resolutionTime({ tickets: ts }, { ...ours, excludePaused: opts.excludePaused });
        const first = firstResolutionTime({ tickets: ts }, ours);
        const timestamps = epoch ? ('epoch-ms' as const) : ('timestamp' as const);
        for (const engine of engines) {
          await load(engine, recs, epoch);
          if (!inline) {
            await engine.exec('DROP TABLE IF EXISTS business_hours');
            await engine.exec(
              `CREATE ${engine.dialect === 'postgres' ? 'TEMP ' : ''}TABLE business_hours AS ${calendarSql(spec, { dialect: engine.dialect, ...RANGE })}`,
            );
          }
          const where = inline ? { calendarRange: RANGE } : { calendarTable: 'business_hours' };
          // The SQL takes the calendar or its spec.
          const base = { dialect: engine.dialect, from: 't', timestamps, ...durations, calendar: epoch ? calendar : spec, ...where };
          const what = `${engine.dialect}${epoch ? ' epoch-ms' : ''}${inline ? ' inline' : ' table'}`;
          const [f] = await engine.rows(metricSql('firstResponseTime', base));
          sameDuration(f as Row, frt, ['unanswered'], `${what} firstResponseTime`);
          const [r] = await engine.rows(metricSql('resolutionTime', { ...base, excludePaused: opts.excludePaused }));
          sameDuration(r as Row, rt, ['unresolved', 'noResolutionTime'], `${what} resolutionTime`);
          const [q] = await engine.rows(metricSql('firstResolutionTime', base));
          sameDuration(q as Row, first, ['unresolved'], `${what} firstResolutionTime`);
          expect(q?.['count']).toBe(recs.length);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('per period and segment with a calendar, as byPeriod with fill: false', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(record, fc.constantFrom('email', 'chat', null)), { maxLength: 30 }),
        calendarSpec,
        fc.constantFrom('day', 'week', 'month'),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York'),
        fc.constantFrom('firstResponseTime', 'resolutionTime'),
        async (rows, spec, period, timeZone, metric) => {
          const recs = rows.map(([r]) => r);
          const ts = tickets(recs, false).map((t, i) => (rows[i]?.[1] === null ? t : { ...t, channel: rows[i]?.[1] }));
          const calendar = businessCalendar(spec);
          const fns = { firstResponseTime, resolutionTime } as const;
          const ours = byPeriod(fns[metric] as never, ts, { period, timeZone, fill: false, by: 'channel' }, {
            calendar,
            onInvalid: 'exclude',
          } as never) as unknown as {
            periods: { key: string; segments: { key: string | null; count: number; result: DurationLike }[] }[];
            undated: { count: number; segments: { key: string | null; count: number; result: DurationLike }[] } | null;
          };
          const cells = new Map<string, { count: number; result: DurationLike }>();
          for (const p of ours.periods) for (const seg of p.segments) cells.set(JSON.stringify([p.key, seg.key]), seg);
          if (ours.undated !== null && ours.undated.count > 0) for (const seg of ours.undated.segments) cells.set(JSON.stringify([null, seg.key]), seg);
          for (const engine of engines) {
            await load(
              engine,
              recs,
              false,
              rows.map(([, c]) => c),
            );
            const got = await engine.rows(
              metricSql(metric, { dialect: engine.dialect, from: 't', period, timeZone, by: 'channel', calendar: spec, calendarRange: RANGE }),
            );
            const byKey = new Map(got.map((r) => [JSON.stringify([r['period'], r['segment']]), r]));
            expect([...byKey.keys()].sort(), `${engine.dialect} ${metric} cells`).toEqual([...cells.keys()].sort());
            for (const [key, cell] of cells) {
              const row = byKey.get(key) as Row;
              expect(row['count'], key).toBe(cell.count);
              sameDuration(
                row,
                cell.result,
                metric === 'firstResponseTime' ? ['unanswered'] : ['unresolved', 'noResolutionTime'],
                `${engine.dialect} ${metric} ${key}`,
              );
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
