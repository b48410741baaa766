/**
 * The same numbers in TypeScript, on DuckDB and on PostgreSQL for cohortRetention: random customer
 * sets — starts and ends on period starts in zones with DST (and 1 ms or 0.5 ms either side: an
 * end is excluded, a sub-millisecond end after a period's start keeps the customer active at it),
 * customers still active, leaving in their signup period, starting after `asOf`; MRR exact, partly
 * or wholly missing; currency codes agreeing or mixed; invalid records — go through
 * `cohortRetention` (over the valid records) and through the rows of `metricSql` on both engines,
 * built into the result by the function's own assembly (`cohortResult`, as `runMetrics` builds
 * it), whole and per plan; and through `runMetrics` and `runMetricGroups` on DuckDB. The results
 * must be equal (`toEqual`: counts, shares, curves, exact Decimals, `null` cells after `asOf`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohortRetention, periodBucketer } from '../../src/index.js';
import { runMetricGroups, runMetrics } from '../../src/duckdb/index.js';
import { cohortResult } from '../../src/duckdb/cohort.js';
import { metricSql } from '../../src/sql/index.js';
import { type Engine, type Row, bothEngines, withDuckdb } from './engines.js';
import { accepted } from './results.js';
import { type Customer, loadCustomers, tsCustomers } from './customers.js';

const engines = bothEngines();
const DAY = 86_400_000;

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Santiago', '+05:30'] as const;
const PERIODS = ['day', 'week', 'month', 'quarter'] as const;
type WeekDay = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * America/Santiago's clock changes of 2024, where local midnight is special: on 7 April at 03:00 UTC
 * the clocks go back from 24:00 to 23:00 (the hour before midnight is repeated: 04-07 begins at 04:00
 * UTC), on 8 September at 04:00 UTC they jump from 24:00 to 01:00 (midnight does not exist: the day
 * begins at 01:00). Instants in and around both.
 */
const SANTIAGO = [Date.UTC(2024, 3, 7, 3), Date.UTC(2024, 3, 7, 3, 30), Date.UTC(2024, 3, 7, 4), Date.UTC(2024, 8, 8, 4)].flatMap((t) => [t - 1, t, t + 0.5]);

/** The starts of the periods of a case (November 2023 to March 2025), from the TypeScript bucketer. */
function startsOf(o: { period: (typeof PERIODS)[number]; timeZone: string; weekStartsOn: WeekDay }): number[] {
  const b = periodBucketer(o);
  const out: number[] = [];
  for (let k = b.indexOf(Date.UTC(2023, 10, 1)); k <= b.indexOf(Date.UTC(2025, 2, 1)); k++) out.push(b.period(k).startMs);
  return out;
}

/** A start of the case's periods, or 1 ms / 0.5 ms either side of one (an end there is the excluded end of a period, or just past it). */
const edgeOf = (starts: readonly number[]) =>
  fc.oneof(
    { weight: 9, arbitrary: fc.tuple(fc.constantFrom(...starts), fc.constantFrom(0, 0, 1, -1, 0.5, -0.5)).map(([t, d]) => t + d) },
    { weight: 1, arbitrary: fc.constantFrom(...SANTIAGO) },
  );
/** Any instant from November 2023 to March 2025, whole ms. */
const anyInstant = fc.integer({ min: Date.UTC(2023, 10, 1), max: Date.UTC(2025, 2, 1) });

/** Exact amounts: whole, cents, up to 12 decimal places; rarely a negative one (invalid). */
const mrrText = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('0', '100', '50', '40.00', '0.1', '0.2', '0.000000000001', '12345678901234.123456789012') },
  {
    weight: 12,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 99 })).map(([a, c]) => `${a}.${String(c).padStart(2, '0')}`),
  },
  { weight: 1, arbitrary: fc.constant('-1') },
);

/** How the set's MRR is given: on every customer, on some, on none. */
type MrrMode = 'all' | 'some' | 'none';

function customer(mode: MrrMode, currencies: boolean, edge: fc.Arbitrary<number>): fc.Arbitrary<Customer> {
  const instant = fc.oneof(edge, anyInstant);
  return fc
    .record({
      // Rarely without a start (invalid).
      startedAt: fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 40, arbitrary: instant }),
      // Still active; ending within the day or after; on a period start; rarely before the start (invalid).
      end: fc.oneof(
        { weight: 4, arbitrary: fc.constant<null>(null) },
        { weight: 4, arbitrary: fc.constantFrom(0, 1, 0.5, DAY).map((d) => ({ length: d })) },
        { weight: 6, arbitrary: fc.integer({ min: 0, max: 300 * DAY }).map((d) => ({ length: d })) },
        { weight: 6, arbitrary: edge.map((at) => ({ at })) },
        { weight: 1, arbitrary: fc.constant({ length: -1 }) },
      ),
      mrr: mode === 'all' ? mrrText : mode === 'some' ? fc.option(mrrText, { freq: 3 }) : fc.constant(null),
      currency: currencies
        ? fc.oneof({ weight: 12, arbitrary: fc.constantFrom(null, 'EUR') }, { weight: 1, arbitrary: fc.constantFrom('USD', 'eur') })
        : fc.constant(null),
      plan: fc.constantFrom(null, 'basic', 'pro'),
    })
    .map(({ startedAt, end, mrr, currency, plan }) => {
      let endedAt: number | null = null;
      if (end !== null && 'length' in end) endedAt = (startedAt ?? Date.UTC(2024, 5, 1)) + end.length;
      else if (end !== null) endedAt = startedAt === null || end.at >= startedAt ? end.at : null;
      return { startedAt, endedAt, mrr, currency, plan };
    });
}

/** The customers of a case: their starts and ends on (or next to) the case's period starts, or anywhere. */
const customersOf = (edge: fc.Arbitrary<number>) =>
  fc
    .tuple(fc.constantFrom<MrrMode>('all', 'some', 'none'), fc.boolean())
    .chain(([mode, currencies]) => fc.array(customer(mode, currencies, edge), { maxLength: 30 }));

/** The options of one case. */
interface Options {
  readonly period: (typeof PERIODS)[number];
  readonly timeZone: string;
  readonly weekStartsOn: WeekDay;
  readonly asOf: number;
  readonly periodCount?: number;
}

/** A case: its options and its customers. */
const cases: fc.Arbitrary<[Options, Customer[]]> = fc
  .record({
    period: fc.constantFrom(...PERIODS),
    timeZone: fc.constantFrom(...ZONES),
    weekStartsOn: fc.constantFrom<WeekDay>(0, 1, 2, 3, 4, 5, 6),
  })
  .chain((p) => {
    const edge = edgeOf(startsOf(p));
    return fc
      .tuple(
        fc.record({
          asOf: fc.oneof(edge, anyInstant, fc.constant(Date.UTC(2025, 5, 1))),
          periodCount: fc.option(fc.integer({ min: 1, max: 40 }), { freq: 2 }),
        }),
        customersOf(edge),
      )
      .map(([{ asOf, periodCount }, recs]): [Options, Customer[]] => [{ ...p, asOf, ...(periodCount === null ? {} : { periodCount }) }, recs]);
  });

/** cohortRetention over the valid customers (or its error for mixed currencies), and how many are invalid. */
function expected(recs: readonly Record<string, unknown>[], o: Options) {
  const valid = accepted(recs, (one) => cohortRetention({ customers: one as never }, o));
  try {
    return { result: cohortRetention({ customers: valid as never }, o), error: null, invalid: recs.length - valid.length };
  } catch (e) {
    return { result: null, error: e as Error, invalid: recs.length - valid.length };
  }
}

/** The rows of the cohort query on an engine. */
async function cohortRows(engine: Engine, o: Options, epoch: boolean, by?: string): Promise<Row[]> {
  return engine.rows(
    metricSql('cohortRetention', {
      dialect: engine.dialect,
      from: 't',
      ...o,
      ...(epoch ? { timestamps: 'epoch-ms' as const } : {}),
      ...(by === undefined ? {} : { by }),
    }),
  );
}

describe('cohortRetention on DuckDB and PostgreSQL equals the TypeScript function', () => {
  it('random customer sets: the result built from the rows of either engine equals cohortRetention(), whole and per plan', async () => {
    await fc.assert(
      fc.asyncProperty(cases, fc.boolean(), fc.boolean(), async ([o, recs], epoch, split) => {
        const plans = split ? [...new Set(recs.map((r) => r.plan))] : [undefined];
        for (const engine of engines) {
          await loadCustomers(engine, recs, epoch);
          const rows = await cohortRows(engine, o, epoch, split ? 'plan' : undefined);
          for (const plan of plans) {
            const mine = split ? recs.filter((r) => r.plan === plan) : recs;
            const parts = split ? rows.filter((r) => r['segment'] === plan) : rows;
            const what = `${engine.dialect} ${epoch ? 'epoch-ms' : 'timestamp'} ${String(plan)}`;
            const { result, error, invalid } = expected(tsCustomers(mine, epoch), o);
            expect(
              parts.reduce((t, r) => t + (r['invalid'] as number), 0),
              `${what} invalid`,
            ).toBe(invalid);
            expect(
              parts.reduce((t, r) => t + (r['count'] as number), 0),
              `${what} count`,
            ).toBe(mine.length);
            if (error !== null) {
              if (!/currencies cannot be mixed/.test(error.message)) throw error;
              expect(() => cohortResult({ parts }, o), what).toThrow(/currencies cannot be mixed/);
              continue;
            }
            expect(cohortResult({ parts }, o), what).toEqual(result);
            // The raw rows: each cohort's key is the TypeScript period's, and its rows' customers add
            // up to the cohort's size (every TypeScript cohort has rows).
            const sizes = new Map<unknown, number>();
            for (const r of parts) if (r['cohortIndex'] !== null) sizes.set(r['cohort'], (sizes.get(r['cohort']) ?? 0) + (r['customers'] as number));
            const nonEmpty = [...sizes].filter(([, n]) => n > 0);
            expect(new Map(nonEmpty), `${what} cohort sizes`).toEqual(new Map((result?.cohorts ?? []).map((c) => [c.cohort, c.size])));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('runMetrics and runMetricGroups on DuckDB return cohortRetention() (invalid records left out with onInvalid: exclude)', async () => {
    await withDuckdb(async ({ connection, engine }) => {
      await fc.assert(
        fc.asyncProperty(cases, async ([o, recs]) => {
          await loadCustomers(engine, recs, false);
          const { result, error, invalid } = expected(tsCustomers(recs, false), o);
          const run = runMetrics({ cohortRetention: o }, 't', { connection, onInvalid: 'exclude' });
          if (error !== null) {
            await expect(run).rejects.toThrow(/currencies cannot be mixed/);
            return;
          }
          const got = await run;
          expect(got.cohortRetention).toEqual(result);
          expect(Object.isFrozen(got.cohortRetention)).toBe(true);
          if (invalid > 0) await expect(runMetrics({ cohortRetention: o }, 't', { connection })).rejects.toThrow(/invalid row/);
          // Per plan: one group per plan value, each the function over that plan's customers.
          const groups = await runMetricGroups('cohortRetention', 't', { ...o, by: 'plan', connection, onInvalid: 'exclude' }).catch((e: unknown) => e);
          const plans = [...new Set(recs.map((r) => r.plan))].sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : 1));
          if (groups instanceof Error) {
            expect(groups.message).toMatch(/currencies cannot be mixed/);
            return;
          }
          expect((groups as readonly { segment?: unknown }[]).map((g) => g.segment)).toEqual(plans);
          for (const g of groups as readonly { segment?: unknown; count: number; result: unknown }[]) {
            const mine = recs.filter((r) => r.plan === g.segment);
            expect(g.count).toBe(mine.length);
            expect(g.result).toEqual(expected(tsCustomers(mine, false), o).result);
          }
        }),
        { numRuns: 40 },
      );
    });
  });
});

describe('cohortRetention in SQL: the worked example, the bounds of activity, the options', () => {
  /** The customers of cohortRetention's documented example, with their MRR, and one who starts after asOf. */
  const query = `select * from (values
    (TIMESTAMPTZ '2024-01-10 00:00:00Z', CAST(NULL AS TIMESTAMPTZ), 100),
    (TIMESTAMPTZ '2024-01-20 00:00:00Z', TIMESTAMPTZ '2024-02-15 00:00:00Z', 50),
    (TIMESTAMPTZ '2024-01-05 00:00:00Z', TIMESTAMPTZ '2024-03-10 00:00:00Z', 50),
    (TIMESTAMPTZ '2024-02-03 00:00:00Z', CAST(NULL AS TIMESTAMPTZ), 30),
    (TIMESTAMPTZ '2024-02-25 00:00:00Z', TIMESTAMPTZ '2024-02-28 00:00:00Z', 10),
    (TIMESTAMPTZ '2024-03-01 00:00:00Z', CAST(NULL AS TIMESTAMPTZ), 20),
    (TIMESTAMPTZ '2024-05-01 00:00:00Z', CAST(NULL AS TIMESTAMPTZ), 5)) as t("startedAt", "endedAt", mrr)`;
  const o = { period: 'month', asOf: '2024-04-15' } as const;

  it('the documented example: the rows by hand on both engines, and the result of cohortRetention', async () => {
    // By hand: a customer is retained at offset k while endedAt > the start of month c + k + 1.
    // January: 01-10 still active (NULL); 01-20 → 02-15 is active on 1 Feb, not on 1 Mar (last 0);
    // 01-05 → 03-10 is active on 1 Mar, not on 1 Apr (last 1). February: 02-03 still active;
    // 02-25 → 02-28 is gone by 1 Mar (last −1). March: 03-01 still active. 05-01 starts after asOf.
    const cell = (cohort: string, cohortIndex: number, lastOffset: number | null, mrr: string) => ({
      cohort,
      cohortIndex,
      lastOffset,
      count: 1,
      customers: 1,
      withoutMrr: 0,
      mrr,
      afterAsOf: 0,
      invalid: 0,
      currency: null,
      currencies: 0,
    });
    // Month ordinals: year · 12 + month − 1 (2024-01: 24288).
    const expectedRows = [
      cell('2024-01', 24288, 0, '50'),
      cell('2024-01', 24288, 1, '50'),
      cell('2024-01', 24288, null, '100'),
      cell('2024-02', 24289, -1, '10'),
      cell('2024-02', 24289, null, '30'),
      cell('2024-03', 24290, null, '20'),
      { ...cell('', 0, null, '0'), cohort: null, cohortIndex: null, customers: 0, afterAsOf: 1 },
    ];
    const customers = [
      { startedAt: '2024-01-10', mrr: 100 },
      { startedAt: '2024-01-20', endedAt: '2024-02-15', mrr: 50 },
      { startedAt: '2024-01-05', endedAt: '2024-03-10', mrr: 50 },
      { startedAt: '2024-02-03', mrr: 30 },
      { startedAt: '2024-02-25', endedAt: '2024-02-28', mrr: 10 },
      { startedAt: '2024-03-01', mrr: 20 },
      { startedAt: '2024-05-01', mrr: 5 },
    ];
    const ts = cohortRetention({ customers }, o);
    // The documented figures: January retained [3, 2, 1], revenue shares [1, 0.75, 0.5]; February [0.75, 0.75, null].
    expect(ts.cohorts[0]?.retained).toEqual([3, 2, 1]);
    expect(ts.cohorts[0]?.revenueShares).toEqual([1, 0.75, 0.5]);
    expect(ts.cohorts[1]?.revenueShares).toEqual([0.75, 0.75, null]);
    expect(ts.excluded).toEqual({ afterAsOf: 1, withoutMrr: 0 });
    for (const engine of engines) {
      const rows = await engine.rows(metricSql('cohortRetention', { dialect: engine.dialect, from: { query }, ...o, columns: { currency: null } }));
      expect(rows, engine.dialect).toEqual(expectedRows);
      expect(cohortResult({ parts: rows }, o), engine.dialect).toEqual(ts);
    }
    const r = await runMetrics({ cohortRetention: o }, { query }, { columns: { currency: null } });
    expect(r.cohortRetention).toEqual(ts);
    expect(r.cohortRetention.value?.[0]).toBeCloseTo(5 / 6, 15);
  });

  it('an end is excluded: a customer who ends on a period start is not active at it; one who ends 0.5 ms later is', async () => {
    // Started 2024-01-10; ends on 1 Feb 00:00 (not active then: retained at no offset), or 0.5 ms after it (active: offset 0).
    const feb = Date.UTC(2024, 1, 1);
    for (const [endIso, endMs, retained] of [
      ['2024-02-01T00:00:00.000Z', feb, [0, 0]],
      ['2024-02-01T00:00:00.0005Z', feb + 0.5, [1, 0]],
      ['2024-01-31T23:59:59.9995Z', feb - 0.5, [0, 0]],
    ] as const) {
      const oo = { period: 'month', asOf: '2024-03-15' } as const;
      const ts = cohortRetention({ customers: [{ startedAt: '2024-01-10', endedAt: endIso }] }, oo);
      expect(ts.cohorts[0]?.retained, endIso).toEqual(retained);
      for (const engine of engines) {
        const stamps = `select TIMESTAMPTZ '2024-01-10 00:00:00Z' as "startedAt", CAST('${endIso}' AS TIMESTAMPTZ) as "endedAt"`;
        const numbers = `select CAST(${Date.UTC(2024, 0, 10)} AS DOUBLE PRECISION) as "startedAt", CAST(${endMs} AS DOUBLE PRECISION) as "endedAt"`;
        for (const [from, timestamps] of [
          [stamps, 'timestamp'],
          [numbers, 'epoch-ms'],
        ] as const) {
          const sql = metricSql('cohortRetention', {
            dialect: engine.dialect,
            from: { query: from },
            ...oo,
            timestamps,
            columns: { mrr: null, currency: null },
          });
          expect(cohortResult({ parts: await engine.rows(sql) }, oo), `${engine.dialect} ${timestamps} ${endIso}`).toEqual(ts);
        }
      }
    }
  });

  it("America/Santiago: the repeated hour before midnight is the old day's, the day after a skipped midnight begins at 01:00", async () => {
    // By the zone's rules (above): 03:00 and 03:30 UTC on 7 April are 23:00 and 23:30 of 6 April (−04), 04:00 UTC is 00:00 of the 7th;
    // 04:00 UTC on 8 September is 01:00 of the 8th (−03), 1 ms before it 23:59:59.999 of the 7th (−04).
    // So 6 April holds the three instants at 03:00 and the three at 03:30 UTC, and 03:59:59.999; the 7th 04:00 and 04:00.0005.
    const oo = { period: 'day', timeZone: 'America/Santiago', asOf: '2024-12-01' } as const;
    const ts = cohortRetention({ customers: SANTIAGO.map((startedAt) => ({ startedAt })) }, oo);
    expect(ts.cohorts.map((c) => [c.cohort, c.size])).toEqual([
      ['2024-04-06', 7],
      ['2024-04-07', 2],
      ['2024-09-07', 1],
      ['2024-09-08', 2],
    ]);
    const query = `select * from (values ${SANTIAGO.map((t) => `(CAST(${t} AS DOUBLE PRECISION))`).join(', ')}) as t("startedAt")`;
    for (const engine of engines) {
      const sql = metricSql('cohortRetention', {
        dialect: engine.dialect,
        from: { query },
        ...oo,
        timestamps: 'epoch-ms',
        columns: { endedAt: null, mrr: null, currency: null },
      });
      expect(cohortResult({ parts: await engine.rows(sql) }, oo), engine.dialect).toEqual(ts);
    }
  });

  it('checks its options as cohortRetention does, and raises its MAX_COHORT_CELLS error from runMetrics', async () => {
    const base = { dialect: 'postgres' as const, from: 'customers' };
    expect(() => metricSql('cohortRetention', { ...base, asOf: '2024-04-15' })).toThrow(/period/);
    expect(() => metricSql('cohortRetention', { ...base, period: 'month' })).toThrow(/asOf/);
    expect(() => metricSql('cohortRetention', { ...base, ...o, periodCount: 0 })).toThrow(/periodCount/);
    expect(() => metricSql('cohortRetention', { ...base, ...o, at: 'createdAt' })).toThrow(/at does not apply/);
    expect(() => metricSql('cohortRetention', { ...base, ...o, periodStart: '2024-01-01' })).toThrow(/periodStart/);
    // Three daily cohorts × 1,000,000 offsets: 3,000,000 cells, over MAX_COHORT_CELLS (2,000,000), as the function says.
    const three = `select * from (values (TIMESTAMPTZ '2024-01-01 00:00:00Z'), (TIMESTAMPTZ '2024-01-02 00:00:00Z'), (TIMESTAMPTZ '2024-01-03 00:00:00Z')) as t("startedAt")`;
    const big = { period: 'day', asOf: '2024-02-01', periodCount: 1_000_000 } as const;
    expect(() => cohortRetention({ customers: [{ startedAt: '2024-01-01' }, { startedAt: '2024-01-02' }, { startedAt: '2024-01-03' }] }, big)).toThrow(
      /3 cohorts × 1000000 offsets = 3000000 cells, more than MAX_COHORT_CELLS/,
    );
    await expect(runMetrics({ cohortRetention: big }, { query: three }, { columns: { endedAt: null, mrr: null, currency: null } })).rejects.toThrow(
      /3 cohorts × 1000000 offsets = 3000000 cells, more than MAX_COHORT_CELLS/,
    );
    // period, timeZone and weekStartsOn are cohortRetention's own options in runMetrics.
    await expect(runMetrics({ csat: { period: 'month' } }, { query: 'select 5 as csat' })).rejects.toThrow(/period is an option of cohortRetention/);
  });

  it('a source without an mrr column reads a typed NULL on both engines (cohortRetention, and the revenue metrics on PostgreSQL)', async () => {
    // One customer started 2024-01-15, still active, no MRR: in January's cohort, without mrr; revenueChurn: no customer active at periodStart 2024-01-01.
    const from = { query: `select TIMESTAMPTZ '2024-01-15 00:00:00Z' as "startedAt"` };
    const columns = { endedAt: null, mrr: null, currency: null };
    for (const engine of engines) {
      const rows = await engine.rows(metricSql('cohortRetention', { dialect: engine.dialect, from, ...o, columns }));
      expect(
        rows.map((r) => [r['cohort'], r['customers'], r['withoutMrr'], r['mrr']]),
        engine.dialect,
      ).toEqual([['2024-01', 1, 1, '0']]);
      const revenue = await engine.rows(
        metricSql('revenueChurn', { dialect: engine.dialect, from, periodStart: '2024-01-01', periodEnd: '2024-02-01', columns }),
      );
      expect([revenue[0]?.['startingMrr'], revenue[0]?.['invalid']], engine.dialect).toEqual(['0', 0]);
    }
  });

  it('an empty source: no cohort (value null), one group without by, none with by', async () => {
    const none = `select * from (values (TIMESTAMPTZ '2024-01-10 00:00:00Z', 'pro')) as t("startedAt", plan) where false`;
    const columns = { endedAt: null, mrr: null, currency: null };
    const ts = cohortRetention({ customers: [] }, o);
    expect(ts.value).toBeNull();
    expect((await runMetrics({ cohortRetention: o }, { query: none }, { columns })).cohortRetention).toEqual(ts);
    const whole = await runMetricGroups('cohortRetention', { query: none }, { ...o, columns });
    expect(whole.map((g) => [g.count, g.result])).toEqual([[0, ts]]);
    expect(await runMetricGroups('cohortRetention', { query: none }, { ...o, by: 'plan', columns })).toEqual([]);
  });
});
