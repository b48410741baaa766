/**
 * The same numbers in TypeScript, on DuckDB and on PostgreSQL: random ticket sets (missing values,
 * responses and resolutions before creation, duration columns that disagree with the timestamps,
 * off-scale answers, ties) go through each metric's TypeScript function (onInvalid: 'exclude') and
 * through the SQL `metricSql` writes, on both engines. Counts and ms sums must be equal; means,
 * shares, quantiles and standard deviations within 1e-12 relative (docs/sql.md#exactness).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageHandleTime, byPeriod, ces, csat, firstResponseTime, nps, resolutionRate, resolutionTime } from '../../src/index.js';
import { type Engine, type Row, bothEngines, sqlRows } from './engines.js';

const engines = bothEngines();

interface Rec {
  createdAt: number | null;
  firstResponseAt: number | null;
  firstResponseMs: number | null;
  resolvedAt: number | null;
  resolutionMs: number | null;
  status: string | null;
  pausedMs: number | null;
  handleTimeMs: number | null;
  csat: number | null;
  nps: number | null;
  ces: number | null;
  channel: string | null;
}

const HOUR = 3_600_000;
/** Instants next to local midnights in the zones below (UTC, Berlin across both 2024 DST changes, New York, +05:30), ±1 ms. */
const EDGES = [
  Date.UTC(2024, 0, 1),
  Date.UTC(2024, 2, 30, 23),
  Date.UTC(2024, 2, 31, 22),
  Date.UTC(2024, 9, 26, 22),
  Date.UTC(2024, 9, 27, 23),
  Date.UTC(2024, 10, 3, 4),
  Date.UTC(2024, 10, 4, 5),
  Date.UTC(2024, 5, 9, 18, 30),
].flatMap((t) => [t - 1, t, t + 1]);
const instant = fc.oneof(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2025, 0, 1) }), fc.constantFrom(...EDGES));
/** Durations with ties (a few fixed values), negatives, and 0. */
const delta = fc.oneof(fc.constantFrom(0, 1, 60_000, HOUR, 2 * HOUR), fc.integer({ min: -HOUR, max: 5 * 24 * HOUR }));
/** A duration column: absent, equal to the timestamps' (or 1–2 ms off), or anything (negative, disagreeing). */
const msOf = (raw: number | null) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom(0, 1, -1, 2).map((off) => (raw === null ? null : raw + off)) },
    { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -1000, max: 3 * 24 * HOUR }), fc.constantFrom(0, HOUR, 4e12)) },
  );
/** null with weight `weight` against 9 for a value. */
const orNull = <T>(a: fc.Arbitrary<T>, weight = 3) => fc.oneof({ weight, arbitrary: fc.constant(null) }, { weight: 9, arbitrary: a });

const record: fc.Arbitrary<Rec> = fc
  .record({
    createdAt: orNull(instant, 1),
    frt: orNull(delta),
    res: orNull(delta),
    status: orNull(fc.constantFrom('solved', 'Closed', 'RESOLVED', 'open', 'pending', 'on hold')),
    pausedMs: orNull(fc.oneof(fc.constantFrom(0, -5, HOUR), fc.integer({ min: 0, max: 2 * HOUR })), 9),
    handleTimeMs: orNull(fc.oneof(fc.constantFrom(0, 60_000, -1, 4e12), fc.integer({ min: 0, max: 2 * HOUR }))),
    csat: orNull(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(2.5))),
    nps: orNull(fc.oneof(fc.integer({ min: -1, max: 11 }), fc.constant(7.5))),
    ces: orNull(fc.integer({ min: 0, max: 8 })),
    channel: orNull(fc.constantFrom('email', 'chat', 'phone')),
  })
  .chain((r) =>
    fc.record({ firstResponseMs: msOf(r.frt), resolutionMs: msOf(r.res) }).map((ms) => ({
      createdAt: r.createdAt,
      firstResponseAt: r.createdAt === null || r.frt === null ? (r.frt === null ? null : Date.UTC(2024, 5, 1)) : r.createdAt + r.frt,
      firstResponseMs: ms.firstResponseMs,
      resolvedAt: r.createdAt === null || r.res === null ? null : r.createdAt + r.res,
      resolutionMs: ms.resolutionMs,
      status: r.status,
      pausedMs: r.pausedMs,
      handleTimeMs: r.handleTimeMs,
      csat: r.csat,
      nps: r.nps,
      ces: r.ces,
      channel: r.channel,
    })),
  );

const iso = (ms: number | null): string => (ms === null ? 'NULL' : `CAST('${new Date(ms).toISOString()}' AS TIMESTAMPTZ)`);
const num = (x: number | null): string => (x === null ? 'NULL' : String(x));
const text = (x: string | null): string => (x === null ? 'NULL' : `'${x.replace(/'/g, "''")}'`);
const TIMESTAMP_FIELDS = ['createdAt', 'firstResponseAt', 'resolvedAt'] as const;
/** The exclusion reasons of the duration metrics. */
const EXCLUDED: Record<string, readonly string[]> = {
  firstResponseTime: ['unanswered'],
  resolutionTime: ['unresolved', 'noResolutionTime'],
  averageHandleTime: ['noHandleTime'],
};
const NUMBER_FIELDS = ['firstResponseMs', 'resolutionMs', 'pausedMs', 'handleTimeMs', 'csat', 'nps', 'ces'] as const;

/** Loads the records into table `t` (timestamps as TIMESTAMPTZ, or as epoch-ms numbers). */
async function load(engine: Engine, recs: readonly Rec[], epoch: boolean): Promise<void> {
  const dbl = engine.dialect === 'duckdb' ? 'DOUBLE' : 'DOUBLE PRECISION';
  const cols = [
    ...TIMESTAMP_FIELDS.map((f) => `"${f}" ${epoch ? dbl : 'TIMESTAMPTZ'}`),
    ...NUMBER_FIELDS.map((f) => `"${f}" ${dbl}`),
    '"status" TEXT',
    '"channel" TEXT',
  ];
  await engine.exec(`DROP TABLE IF EXISTS t`);
  await engine.exec(`CREATE ${engine.dialect === 'postgres' ? 'TEMP ' : ''}TABLE t (${cols.join(', ')})`);
  if (recs.length === 0) return;
  const values = recs.map(
    (r) =>
      `(${[...TIMESTAMP_FIELDS.map((f) => (epoch ? num(r[f]) : iso(r[f]))), ...NUMBER_FIELDS.map((f) => num(r[f])), text(r.status), text(r.channel)].join(', ')})`,
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
}

function sameDuration(row: Row, r: DurationLike, keys: readonly string[], what: string): void {
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

interface RateLike {
  readonly value: number | null;
  readonly inquiries: number;
  readonly resolved: number;
  readonly unresolved: number;
  readonly excluded: { readonly invalid: number };
}

function sameRate(row: Row, r: RateLike, what: string): void {
  for (const k of ['inquiries', 'resolved', 'unresolved'] as const) expect(row[k], `${what} ${k}`).toBe(r[k]);
  expect(row['invalid'], what).toBe(r.excluded.invalid);
  close(row['value'], r.value, `${what} value`);
}

const options = fc.record({
  percentiles: fc.oneof(fc.constant(undefined), fc.uniqueArray(fc.constantFrom(1, 10, 25, 50, 75, 90, 95, 99, 99.9), { minLength: 1, maxLength: 4 })),
  targetMs: fc.oneof(fc.constant(undefined), fc.constantFrom(0, HOUR, 24 * HOUR)),
  excludePaused: fc.boolean(),
  resolvedStatuses: fc.oneof(fc.constant(undefined), fc.constant(['Solved', 'pending'])),
});
/** The options given (those not undefined), as exactOptionalPropertyTypes wants them. */
const defined = <T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };

describe('metricSql on DuckDB and PostgreSQL equals the TypeScript functions', () => {
  it('ticket metrics: first response time, resolution time, handle time, resolution rate (timestamps and epoch ms)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 40 }), fc.boolean(), options, async (recs, epoch, opts) => {
        const ts = tickets(recs, epoch);
        const base = { onInvalid: 'exclude' as const, ...(opts.resolvedStatuses === undefined ? {} : { resolvedStatuses: opts.resolvedStatuses }) };
        const durations = defined({ percentiles: opts.percentiles, targetMs: opts.targetMs });
        const frt = firstResponseTime({ tickets: ts as never }, { ...durations, onInvalid: 'exclude' });
        const rt = resolutionTime({ tickets: ts as never }, { ...durations, ...base, excludePaused: opts.excludePaused });
        const rate = resolutionRate({ tickets: ts as never }, base);
        const aht = averageHandleTime({ tickets: ts }, { ...durations, onInvalid: 'exclude' });
        const timestamps = epoch ? ('epoch-ms' as const) : ('timestamp' as const);
        for (const engine of engines) {
          await load(engine, recs, epoch);
          const what = `${engine.dialect}${epoch ? ' epoch-ms' : ''}`;
          const [f] = await sqlRows(engine, 'firstResponseTime', { timestamps, ...durations });
          sameDuration(f as Row, frt, ['unanswered'], `${what} firstResponseTime`);
          expect(f?.['count']).toBe(recs.length);
          const [r] = await sqlRows(engine, 'resolutionTime', {
            timestamps,
            ...durations,
            ...defined({ resolvedStatuses: opts.resolvedStatuses }),
            excludePaused: opts.excludePaused,
          });
          sameDuration(r as Row, rt, ['unresolved', 'noResolutionTime'], `${what} resolutionTime`);
          const [q] = await sqlRows(engine, 'resolutionRate', { timestamps, ...defined({ resolvedStatuses: opts.resolvedStatuses }) });
          sameRate(q as Row, rate, `${what} resolutionRate`);
          const [h] = await sqlRows(engine, 'averageHandleTime', { timestamps, ...durations });
          sameDuration(h as Row, aht, ['noHandleTime'], `${what} averageHandleTime`);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('survey metrics over answer columns: csat, nps, ces (counts per point, mean, standard deviation)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { maxLength: 40 }),
        fc.constantFrom('1-5', '0-10', '1-3', 'binary'),
        fc.constantFrom('0-10', '1-10'),
        fc.record({ scale: fc.constantFrom('1-5', '1-7'), direction: fc.constantFrom('higher-is-easier', 'higher-is-harder') }),
        async (recs, scale, npsScale, cesOptions) => {
          // CSAT over tickets needs createdAt (TypeScript); answers alone are what the SQL reads.
          const rows = recs.map((r) => ({ ...r, createdAt: r.createdAt ?? Date.UTC(2024, 0, 1) }));
          const c = csat({ tickets: tickets(rows, false) as never }, { onInvalid: 'exclude', scale });
          const valid = (f: (x: number) => unknown, x: number): boolean => {
            try {
              f(x);
              return true;
            } catch {
              return false;
            }
          };
          const answers = (key: 'nps' | 'ces', f: (x: number) => unknown) => {
            const given = rows.map((r) => r[key]).filter((x): x is number => x !== null);
            return { valid: given.filter((x) => valid(f, x)), invalid: given.filter((x) => !valid(f, x)).length, unanswered: rows.length - given.length };
          };
          const n = answers('nps', (x) => nps({ responses: [x] }, { scale: npsScale }));
          const e = answers('ces', (x) => ces({ responses: [x] }, cesOptions));
          const npsR = nps({ responses: n.valid }, { scale: npsScale });
          const cesR = ces({ responses: e.valid }, cesOptions);
          for (const engine of engines) {
            await load(engine, rows, false);
            const [sc] = (await sqlRows(engine, 'csat', { scale })) as [Row];
            for (const k of ['n', 'satisfied'] as const) expect(sc[k], `${engine.dialect} csat ${k}`).toBe(c[k]);
            expect([sc['unanswered'], sc['invalid']]).toEqual([c.excluded.unanswered, c.excluded.invalid]);
            close(sc['value'], c.value, 'csat value');
            close(sc['mean'], c.mean, 'csat mean');
            close(sc['standardDeviation'], c.standardDeviation, 'csat standardDeviation');
            for (const d of c.distribution ?? []) expect(sc[`score${d.score}`]).toBe(d.count);
            const [sn] = (await sqlRows(engine, 'nps', { scale: npsScale })) as [Row];
            for (const k of ['n', 'promoters', 'passives', 'detractors'] as const) expect(sn[k], `${engine.dialect} nps ${k}`).toBe(npsR[k]);
            expect([sn['unanswered'], sn['invalid']]).toEqual([n.unanswered, n.invalid]);
            for (const k of ['value', 'promoterShare', 'passiveShare', 'detractorShare'] as const) close(sn[k], npsR[k], `nps ${k}`);
            expect(sn['reason']).toBe(npsR.reason);
            const [se] = (await sqlRows(engine, 'ces', cesOptions)) as [Row];
            for (const k of ['n', 'easy'] as const) expect(se[k], `${engine.dialect} ces ${k}`).toBe(cesR[k]);
            expect([se['unanswered'], se['invalid']]).toEqual([e.unanswered, e.invalid]);
            for (const k of ['value', 'mean', 'standardDeviation', 'easyShare'] as const) close(se[k], cesR[k], `ces ${k}`);
            for (const d of cesR.distribution) expect(se[`score${d.score}`]).toBe(d.count);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('per period (day, week from any weekday, month, quarter; in UTC, DST zones and a fixed offset) and per segment, as byPeriod with fill: false', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { maxLength: 40 }),
        fc.constantFrom('day', 'week', 'month', 'quarter'),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', '+05:30'),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.constantFrom('firstResponseTime', 'resolutionTime', 'averageHandleTime', 'resolutionRate', 'csat'),
        fc.boolean(),
        fc.constantFrom('createdAt', 'createdAt', 'resolvedAt'),
        async (given, period, timeZone, weekStartsOn, split, metric, epoch, at) => {
          // CSAT over tickets needs createdAt in TypeScript, not in SQL (which reads the answers): every row dated.
          const recs = metric === 'csat' ? given.map((r) => ({ ...r, createdAt: r.createdAt ?? Date.UTC(2024, 0, 1) })) : given;
          const ts = tickets(recs, epoch);
          const grouping = { period, timeZone, weekStartsOn: weekStartsOn as 0, fill: false, at, ...(split ? { by: 'channel' } : {}) };
          const fns = { firstResponseTime, resolutionTime, averageHandleTime, resolutionRate, csat } as const;
          const ours = byPeriod(fns[metric] as never, ts, grouping as never, { onInvalid: 'exclude' } as never) as unknown as {
            periods: { key: string; count: number; result: unknown; segments?: { key: string | null; count: number; result: unknown }[] }[];
            undated: { count: number; result: unknown; segments?: { key: string | null; count: number; result: unknown }[] } | null;
          };
          // Expected cells: (period, segment) → count and result.
          const cells = new Map<string, { count: number; result: unknown }>();
          const add = (key: string | null, row: { count: number; result: unknown; segments?: { key: string | null; count: number; result: unknown }[] }) => {
            if (split) for (const s of row.segments ?? []) cells.set(JSON.stringify([key, s.key]), s);
            else cells.set(JSON.stringify([key]), row);
          };
          for (const p of ours.periods) add(p.key, p);
          if (ours.undated !== null && ours.undated.count > 0) add(null, ours.undated);
          for (const engine of engines) {
            await load(engine, recs, epoch);
            const timestamps = epoch ? ('epoch-ms' as const) : ('timestamp' as const);
            const rows = await sqlRows(engine, metric, { period, timeZone, weekStartsOn, at, timestamps, ...(split ? { by: 'channel' } : {}) });
            const got = new Map(rows.map((r) => [JSON.stringify(split ? [r['period'], r['segment']] : [r['period']]), r]));
            expect([...got.keys()].sort(), `${engine.dialect} ${metric} cells`).toEqual([...cells.keys()].sort());
            for (const [key, cell] of cells) {
              const row = got.get(key) as Row;
              const what = `${engine.dialect} ${metric} ${key}`;
              expect(row['count'], what).toBe(cell.count);
              if (metric === 'resolutionRate') sameRate(row, cell.result as RateLike, what);
              else if (metric === 'csat') {
                const c = cell.result as ReturnType<typeof csat> & { excluded: { unanswered: number; invalid: number } };
                expect([row['n'], row['satisfied'], row['unanswered'], row['invalid']], what).toEqual([
                  c.n,
                  c.satisfied,
                  c.excluded.unanswered,
                  c.excluded.invalid,
                ]);
                close(row['value'], c.value, what);
              } else sameDuration(row, cell.result as DurationLike, EXCLUDED[metric] ?? [], what);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
