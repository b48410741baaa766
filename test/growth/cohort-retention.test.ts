import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_COHORT_CELLS, cohortRetention, cohortRetentionAccumulator } from '../../src/growth/cohort-retention.js';
import { periodBucketer } from '../../src/time/period.js';
import { thrown } from '../helpers.js';

const customers = [
  { startedAt: '2024-01-10' }, // A
  { startedAt: '2024-01-20', endedAt: '2024-02-15' }, // B
  { startedAt: '2024-01-05', endedAt: '2024-03-10' }, // C
  { startedAt: '2024-02-03' }, // D
  { startedAt: '2024-02-25', endedAt: '2024-02-28' }, // E
  { startedAt: '2024-03-01' }, // F
  { startedAt: '2024-05-01' }, // after asOf
];

describe('cohortRetention', () => {
  it('monthly cohorts, hand-counted', () => {
    // asOf 2024-04-15: the ends of months observed are Feb 1, Mar 1, Apr 1.
    // Jan cohort (A, B, C): at Feb 1 A B C = 3, at Mar 1 A C = 2, at Apr 1 A = 1.
    // Feb cohort (D, E): at Mar 1 D = 1 (E left within February), at Apr 1 D = 1, May 1 not observed.
    // Mar cohort (F): at Apr 1 F = 1; later not observed.
    // Curve: k0 = (3 + 1 + 1)/(3 + 2 + 1) = 5/6, k1 = (2 + 1)/(3 + 2) = 0.6, k2 = 1/3.
    const r = cohortRetention({ customers }, { period: 'month', asOf: '2024-04-15' });
    expect(r.cohorts.map((c) => c.cohort)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(r.cohorts.map((c) => c.size)).toEqual([3, 2, 1]);
    expect(r.cohorts.map((c) => c.retained)).toEqual([
      [3, 2, 1],
      [1, 1, null],
      [1, null, null],
    ]);
    expect(r.cohorts[0]?.shares).toEqual([1, 2 / 3, 1 / 3]);
    expect(r.value).toEqual([5 / 6, 0.6, 1 / 3]);
    expect(r).toMatchObject({ offsets: 3, period: 'month', timeZone: 'UTC', asOf: Date.UTC(2024, 3, 15), excluded: { afterAsOf: 1 }, reason: null });
    expect(r.cohorts[0]?.startMs).toBe(Date.UTC(2024, 0, 1));
    // A fixed number of columns: beyond the observable ones they are null.
    expect(cohortRetention({ customers }, { period: 'month', asOf: '2024-04-15', periodCount: 4 }).value).toEqual([5 / 6, 0.6, 1 / 3, null]);
    expect(cohortRetention({ customers }, { period: 'month', asOf: '2024-04-15', periodCount: 1 }).value).toEqual([5 / 6]);
  });

  it('quarters, time zones, and an end exactly on a period boundary', () => {
    // Left at the instant Apr 1 00:00: not active at the start of Q2 → not retained at k = 0.
    const r = cohortRetention(
      {
        customers: [
          { startedAt: '2024-01-10', endedAt: '2024-04-01' },
          { startedAt: '2024-02-10', endedAt: '2024-04-01T00:00:01Z' },
        ],
      },
      { period: 'quarter', asOf: '2024-07-01' },
    );
    expect(r.cohorts[0]).toMatchObject({ cohort: '2024-Q1', size: 2, retained: [1, 0] });
    // 2024-01-31T23:30Z is already February in Berlin.
    const z = cohortRetention({ customers: [{ startedAt: '2024-01-31T23:30:00Z' }] }, { period: 'month', asOf: '2024-03-15', timeZone: 'Europe/Berlin' });
    expect(z.cohorts[0]?.cohort).toBe('2024-02');
  });

  it('no customers by asOf → null with a reason', () => {
    const r = cohortRetention({ customers: [{ startedAt: '2025-01-01' }] }, { period: 'week', asOf: '2024-12-01' });
    expect(r).toMatchObject({
      value: null,
      cohorts: [],
      offsets: 0,
      reason: 'no customer started by asOf: the cohort retention is undefined',
      excluded: { afterAsOf: 1 },
    });
  });

  it('rejects bad input with KpiInputError', () => {
    expect(thrown(() => cohortRetention({ customers }, { period: 'month' } as never)).path).toEqual(['options', 'asOf']);
    expect(thrown(() => cohortRetention({ customers }, { period: 'month', asOf: 'today' })).path).toEqual(['options', 'asOf']);
    expect(thrown(() => cohortRetention({ customers }, { period: 'year' as never, asOf: 0 })).path).toEqual(['options', 'period']);
    expect(thrown(() => cohortRetention({ customers }, { period: 'month', asOf: 0, periodCount: 0 })).path).toEqual(['options', 'periodCount']);
    expect(thrown(() => cohortRetention({ customers: [{ startedAt: 5, endedAt: 4 }] }, { period: 'day', asOf: 10 })).path).toEqual(['customers', 0, 'endedAt']);
    expect(thrown(() => cohortRetention({ customers: {} } as never, { period: 'day', asOf: 10 })).path).toEqual(['customers']);
    expect(thrown(() => cohortRetention({ customers, revenue: 1 } as never, { period: 'day', asOf: 10 })).path).toEqual(['revenue']);
    expect(thrown(() => cohortRetention({ customers }, undefined as never)).path).toEqual(['options']);
  });

  it('bounds the result at MAX_COHORT_CELLS cohorts × offsets, checked before anything is built', () => {
    const DAY = 86_400_000;
    const T = Date.UTC(2024, 0, 1);
    expect(MAX_COHORT_CELLS).toBe(2_000_000);
    // Four daily cohorts (one customer each, the first still active, the others left after a day).
    const four = [0, 1, 2, 3].map((d) => (d === 0 ? { startedAt: T } : { startedAt: T + d * DAY, endedAt: T + (d + 2) * DAY }));
    const asOf = T + 10 * DAY;
    // Just at the bound: 4 × 500,000 = 2,000,000 cells pass, and the cells are right.
    const at = cohortRetention({ customers: four }, { period: 'day', asOf, periodCount: 500_000 });
    expect([at.cohorts.length, at.offsets]).toEqual([4, 500_000]);
    // Cohort day 1 (left at the start of day 3): active at the end of day 1 (k = 0), not at the end of
    // day 2 (k = 1, the instant it left); observed up to k = 10 − 1 − 1 = 8.
    expect(at.cohorts[1]?.retained.slice(0, 10)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, null]);
    // Cohort day 0 (active): observed up to k = 10 − 0 − 1 = 9.
    expect(at.cohorts[0]?.retained.slice(8, 11)).toEqual([1, 1, null]);
    // Curve: k = 0, all four retained, 4/4; k = 1 and 2, only cohort day 0, 1/4.
    expect(at.value?.slice(0, 3)).toEqual([1, 1 / 4, 1 / 4]);
    expect(at.value?.[499_999]).toBeNull();
    // One column more: 4 × 500,001 = 2,000,004 cells throw, saying how to stay within.
    const over = thrown(() => cohortRetention({ customers: four }, { period: 'day', asOf, periodCount: 500_001 }));
    expect([over.code, over.path, over.input]).toEqual(['out_of_range', ['options', 'periodCount'], 500_001]);
    expect(over.message).toBe(
      'cohortRetention: the result would have 4 cohorts × 500001 offsets = 2000004 cells, more than MAX_COHORT_CELLS (2000000): ' +
        'give periodCount (at most 500000 for 4 cohorts), a coarser period (week, month or quarter), or fewer cohorts (the customers who started from a later date)',
    );
    // Without periods a column per day since the earliest cohort: 1900-01-01 to 2024-01-01 is 124 × 365 + 30
    // leap days (1904 … 2020) = 45,290 days, + 60 to asOf = 45,350 columns; with 50 more daily cohorts,
    // 51 × 45,350 = 2,312,850 cells. Monthly, the same customers make 3 cohorts (1900-01, 2024-01, 2024-02) × 1,490 columns.
    const many = [{ startedAt: '1900-01-01' }, ...Array.from({ length: 50 }, (_, d) => ({ startedAt: T + d * DAY }))];
    const since1900 = thrown(() => cohortRetention({ customers: many }, { period: 'day', asOf: T + 60 * DAY }));
    expect(since1900.message).toContain(
      '51 cohorts × 45350 offsets = 2312850 cells, more than MAX_COHORT_CELLS (2000000): give periodCount (at most 39215 for 51 cohorts)',
    );
    expect(cohortRetention({ customers: many }, { period: 'day', asOf: T + 60 * DAY, periodCount: 39_215 }).offsets).toBe(39_215);
    expect(cohortRetention({ customers: many }, { period: 'month', asOf: T + 60 * DAY })).toMatchObject({ offsets: 124 * 12 + 2 });
    // The whole range of Date (200,000,000 days × 2 cohorts) is refused at once, before anything is allocated.
    const started = performance.now();
    const huge = thrown(() => cohortRetention({ customers: [{ startedAt: -8.64e15 }, { startedAt: 0 }] }, { period: 'day', asOf: 8.64e15 }));
    expect(performance.now() - started).toBeLessThan(50);
    expect([huge.code, huge.input]).toEqual(['out_of_range', undefined]);
    expect(huge.message).toContain('2 cohorts × 200000000 offsets = 400000000 cells');
    // The accumulator's result() throws the same error; its state stays small and travels.
    const acc = cohortRetentionAccumulator.create({ period: 'day', asOf, periodCount: 500_001 }).addAll(four);
    expect(thrown(() => acc.result()).message).toBe(over.message);
    expect(cohortRetentionAccumulator.fromJSON(JSON.parse(JSON.stringify(acc)) as never).toJSON()).toEqual(acc.toJSON());
  });

  it('property: agrees with a direct count, shares in [0, 1] and non-increasing, nulls only after asOf, order-free', () => {
    const DAY = 86_400_000;
    const day = fc.integer({ min: 0, max: 120 }).map((d) => Date.UTC(2024, 0, 1) + d * DAY + 3_600_000);
    const rec = fc
      .tuple(day, fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }))
      .map(([s, len]) => (len === undefined ? { startedAt: s } : { startedAt: s, endedAt: s + len * DAY }));
    fc.assert(
      fc.property(
        fc.array(rec, { maxLength: 40 }),
        fc.integer({ min: 0, max: 150 }),
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        fc.option(fc.integer({ min: 1, max: 130 }), { nil: undefined }),
        (list, asOfDay, period, periods) => {
          const asOf = Date.UTC(2024, 0, 1) + asOfDay * DAY;
          const r = cohortRetention({ customers: list }, periods === undefined ? { period, asOf } : { period, asOf, periodCount: periods });
          const b = periodBucketer({ period });
          const a = b.indexOf(asOf);
          const started = list.filter((c) => c.startedAt <= asOf);
          expect(r.excluded.afterAsOf).toBe(list.length - started.length);
          expect(r.cohorts.reduce((n, c) => n + c.size, 0)).toBe(started.length);
          for (const row of r.cohorts) {
            const p = b.indexOf(row.startMs);
            const members = started.filter((c) => b.indexOf(c.startedAt) === p);
            expect(row.size).toBe(members.length);
            row.retained.forEach((n, k) => {
              const at = b.period(p + k + 1).startMs;
              if (p + k + 1 > a) expect(n).toBeNull();
              else expect(n).toBe(members.filter((c) => c.endedAt === undefined || c.endedAt > at).length);
            });
            let previous = 1;
            for (const s of row.shares) {
              if (s === null) continue;
              expect(s).toBeGreaterThanOrEqual(0);
              expect(s).toBeLessThanOrEqual(previous);
              previous = s;
            }
          }
          for (const v of r.value ?? []) if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
          // The curve: Σ retained / Σ size over the cohorts observed at k, summed here row by row.
          if (r.value !== null) {
            expect(r.value).toHaveLength(r.offsets);
            r.value.forEach((v, k) => {
              const seen = r.cohorts.filter((row) => row.retained[k] !== null);
              const size = seen.reduce((n, row) => n + row.size, 0);
              expect(v).toBe(size === 0 ? null : seen.reduce((n, row) => n + (row.retained[k] as number), 0) / size);
            });
          }
          for (const row of r.cohorts)
            expect([row.retained.length, row.shares.length, row.retainedRevenue.length, row.revenueShares.length]).toEqual(Array(4).fill(r.offsets));
          expect(
            cohortRetention({ customers: [...list].reverse() }, periods === undefined ? { period, asOf } : { period, asOf, periodCount: periods }),
          ).toEqual(r);
        },
      ),
    );
  });
});
