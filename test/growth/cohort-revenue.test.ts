import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { cohortRetention } from '../../src/growth/index.js';
import { periodBucketer } from '../../src/time/period.js';
import { thrown } from '../helpers.js';

const customers = [
  { startedAt: '2024-01-10', mrr: 100 }, // A
  { startedAt: '2024-01-20', endedAt: '2024-02-15', mrr: '50.50' }, // B
  { startedAt: '2024-01-05', endedAt: '2024-03-10', mrr: 49.5 }, // C
  { startedAt: '2024-02-03', mrr: 30 }, // D
  { startedAt: '2024-02-25', endedAt: '2024-02-28', mrr: 10 }, // E
  { startedAt: '2024-03-01', mrr: '20' }, // F
  { startedAt: '2024-05-01', mrr: 999 }, // after asOf
];
const options = { period: 'month' as const, asOf: '2024-04-15' };

describe('cohortRetention weighted by revenue', () => {
  it('monthly cohorts with MRR, hand-summed', () => {
    // Jan (A, B, C): revenue 100 + 50.50 + 49.5 = 200; at Feb 1 A B C = 200, Mar 1 A C = 149.5, Apr 1 A = 100.
    // Feb (D, E): revenue 40; Mar 1 D = 30, Apr 1 D = 30. Mar (F): revenue 20; Apr 1 F = 20.
    // Curve: k0 = (200 + 30 + 20) / (200 + 40 + 20) = 250/260; k1 = (149.5 + 30) / 240; k2 = 100 / 200.
    const r = cohortRetention({ customers }, options);
    expect(r.cohorts.map((c) => c.revenue?.toString())).toEqual(['200', '40', '20']);
    expect(r.cohorts[0]?.retainedRevenue.map((x) => x?.toString())).toEqual(['200', '149.5', '100']);
    expect(r.cohorts[1]?.retainedRevenue.map((x) => x?.toString() ?? null)).toEqual(['30', '30', null]);
    expect(r.cohorts[0]?.revenueShares).toEqual([1, 0.7475, 0.5]);
    expect(r.cohorts[1]?.revenueShares).toEqual([0.75, 0.75, null]);
    expect(r.cohorts[2]?.revenueShares).toEqual([1, null, null]);
    expect(r.revenueValue).toEqual([new KpiDecimal(250).div(260).toNumber(), new KpiDecimal('179.5').div(240).toNumber(), 0.5]);
    expect(r).toMatchObject({ revenueReason: null, currency: null, excluded: { afterAsOf: 1, withoutMrr: 0 } });
    // The customer counts are those of the same data without MRR.
    expect(r.value).toEqual([5 / 6, 0.6, 1 / 3]);
    expect(r.cohorts[0]?.revenue).toBeInstanceOf(KpiDecimal);
    expect(JSON.parse(JSON.stringify(r.cohorts[0]))).toMatchObject({ revenue: '200', retainedRevenue: ['200', '149.5', '100'] });
  });

  it('a cohort with a customer without mrr has null revenue (missing is not zero) and leaves the revenue curve', () => {
    const partial = customers.map((c, i) => (i === 4 ? { startedAt: c.startedAt, endedAt: c.endedAt } : c));
    const r = cohortRetention({ customers: partial }, options);
    expect(r.cohorts[1]).toMatchObject({ revenue: null, retainedRevenue: [null, null, null], revenueShares: [null, null, null], withoutMrr: 1, size: 2 });
    // Curve over the January and March cohorts only: k0 = (200 + 20) / 220 = 1, k1 = 149.5 / 200, k2 = 100 / 200.
    expect(r.revenueValue).toEqual([1, 0.7475, 0.5]);
    expect(r.excluded).toEqual({ afterAsOf: 1, withoutMrr: 1 });
    // Counts are unaffected.
    expect(r.cohorts[1]?.retained).toEqual([1, 1, null]);
  });

  it('no mrr at all → revenue fields null with a reason; cohorts all partial → another reason; zero revenue → null shares', () => {
    const bare = cohortRetention(
      { customers: customers.map(({ startedAt, endedAt }) => (endedAt === undefined ? { startedAt } : { startedAt, endedAt })) },
      options,
    );
    expect(bare).toMatchObject({
      revenueValue: null,
      revenueReason: 'no customer carries mrr: the revenue retention curve is undefined',
      excluded: { withoutMrr: 6 },
    });
    expect(bare.cohorts.every((c) => c.revenue === null && c.revenueShares.every((s) => s === null))).toBe(true);
    const one = cohortRetention({ customers: [{ startedAt: '2024-01-10', mrr: 5 }, { startedAt: '2024-01-11' }] }, options);
    expect(one).toMatchObject({ revenueValue: null, revenueReason: 'no cohort has the mrr of every customer: the revenue retention curve is undefined' });
    const free = cohortRetention({ customers: [{ startedAt: '2024-03-10', mrr: 0 }] }, options);
    expect(free.cohorts[0]).toMatchObject({ revenueShares: [null] });
    expect(free.cohorts[0]?.revenue?.toString()).toBe('0');
    expect(free.revenueValue).toEqual([null]);
    const none = cohortRetention({ customers: [] }, options);
    expect(none).toMatchObject({ revenueValue: null, revenueReason: 'no customer started by asOf: the revenue retention curve is undefined' });
  });

  it('currencies: echoed when they agree, an error when they differ', () => {
    const eur = cohortRetention(
      {
        customers: [
          { startedAt: '2024-03-10', mrr: 5, currency: 'EUR' },
          { startedAt: '2024-03-11', mrr: 5 },
        ],
      },
      options,
    );
    expect(eur.currency).toBe('EUR');
    const e = thrown(() =>
      cohortRetention(
        {
          customers: [
            { startedAt: '2024-03-10', mrr: 5, currency: 'EUR' },
            { startedAt: '2024-03-11', mrr: 5, currency: 'GBP' },
          ],
        },
        options,
      ),
    );
    expect(e.code).toBe('inconsistent');
    expect(e.path).toEqual(['customers', 1, 'currency']);
    expect(thrown(() => cohortRetention({ customers: [{ startedAt: '2024-03-10', mrr: '-0.01' }] }, options)).path).toEqual(['customers', 0, 'mrr']);
  });

  it('property: revenue cells agree with direct exact sums, shares in [0, 1] and non-increasing, curve weighted by revenue', () => {
    const DAY = 86_400_000;
    const day = fc.integer({ min: 0, max: 120 }).map((d) => Date.UTC(2024, 0, 1) + d * DAY + 3_600_000);
    const mrr = fc.option(
      fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
      { nil: undefined, freq: 8 },
    );
    const rec = fc.tuple(day, fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), mrr).map(([s, len, m]) => ({
      startedAt: s,
      ...(len === undefined ? {} : { endedAt: s + len * DAY }),
      ...(m === undefined ? {} : { mrr: m }),
    }));
    fc.assert(
      fc.property(
        fc.array(rec, { maxLength: 40 }),
        fc.integer({ min: 0, max: 150 }),
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        (list, asOfDay, period) => {
          const asOf = Date.UTC(2024, 0, 1) + asOfDay * DAY;
          const r = cohortRetention({ customers: list }, { period, asOf });
          const b = periodBucketer({ period });
          const started = list.filter((c) => c.startedAt <= asOf);
          expect(r.excluded.withoutMrr).toBe(started.filter((c) => c.mrr === undefined).length);
          const num: KpiDecimal[] = [];
          const den: KpiDecimal[] = [];
          for (const row of r.cohorts) {
            const p = b.indexOf(row.startMs);
            const members = started.filter((c) => b.indexOf(c.startedAt) === p);
            const complete = members.every((c) => c.mrr !== undefined);
            expect(row.withoutMrr).toBe(members.filter((c) => c.mrr === undefined).length);
            if (!complete) {
              expect(row.revenue).toBeNull();
              continue;
            }
            const revenue = members.reduce((s, c) => s.plus(c.mrr as number), new KpiDecimal(0));
            expect(row.revenue?.eq(revenue)).toBe(true);
            let previous = 1;
            row.retained.forEach((n, k) => {
              if (n === null) {
                expect(row.retainedRevenue[k]).toBeNull();
                return;
              }
              const at = b.period(p + k + 1).startMs;
              const kept = members.filter((c) => c.endedAt === undefined || c.endedAt > at).reduce((s, c) => s.plus(c.mrr as number), new KpiDecimal(0));
              expect(row.retainedRevenue[k]?.eq(kept)).toBe(true);
              num[k] = (num[k] ?? new KpiDecimal(0)).plus(kept);
              den[k] = (den[k] ?? new KpiDecimal(0)).plus(revenue);
              const share = row.revenueShares[k];
              if (revenue.isZero()) expect(share).toBeNull();
              else {
                expect(share).toBe(kept.div(revenue).toNumber());
                expect(share as number).toBeLessThanOrEqual(previous);
                expect(share as number).toBeGreaterThanOrEqual(0);
                previous = share as number;
              }
            });
          }
          if (r.revenueValue !== null) {
            r.revenueValue.forEach((v, k) => {
              const d = den[k];
              if (d === undefined || d.isZero()) expect(v).toBeNull();
              else expect(v).toBe((num[k] as KpiDecimal).div(d).toNumber());
            });
          } else expect(r.revenueReason).not.toBeNull();
          expect(cohortRetention({ customers: [...list].reverse() }, { period, asOf })).toEqual(r);
        },
      ),
      { numRuns: 200 },
    );
  });
});
