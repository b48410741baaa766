import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { type CustomerRecord, revenueChurn, revenueRetention } from '../../src/growth/index.js';
import { thrown } from '../helpers.js';

const customers: CustomerRecord[] = [
  { customerId: 'a', startedAt: '2024-01-15', mrr: 60 }, // active at start and end: kept
  { customerId: 'b', startedAt: '2024-02-01', endedAt: '2024-05-10', mrr: '40.00' }, // active at start, left: churned
  { customerId: 'c', startedAt: '2024-03-20', mrr: new Decimal('0.1') }, // kept
  { customerId: 'd', startedAt: '2024-04-02', mrr: 25 }, // new: not in the starting MRR
  { customerId: 'e', startedAt: '2024-04-10', endedAt: '2024-06-01' }, // joined and left within: no MRR needed
  { customerId: 'f', startedAt: '2023-01-01', endedAt: '2024-04-01' }, // left at the start instant: not active at start, no MRR needed
  { customerId: 'g', startedAt: '2024-03-01', endedAt: '2024-07-01', mrr: 0.2 }, // left at the end instant: churned
];
const period = { periodStart: '2024-04-01', periodEnd: '2024-07-01' };

describe('record form of revenueChurn and revenueRetention', () => {
  it('sums the MRR of the customers active at the start, and of those lost (hand count in the data comments)', () => {
    // Starting MRR = a 60 + b 40.00 + c 0.1 + g 0.2 = 100.3; churned = b 40 + g 0.2 = 40.2.
    // Gross churn = 40.2 / 100.3; GRR = 60.1 / 100.3; no contraction, expansion or reactivation.
    const r = revenueChurn({ customers, ...period });
    expect(r.startingMrr.toString()).toBe('100.3');
    expect(r.churnedMrr.toString()).toBe('40.2');
    expect(r.contractionMrr.toString()).toBe('0');
    expect(r.value).toBe(new KpiDecimal('40.2').div('100.3').toNumber());
    expect(r.net).toBe(r.gross);
    expect(r.currency).toBeNull();
    expect(r).toEqual(revenueChurn({ startingMrr: '100.3', churnedMrr: '40.2', contractionMrr: 0 }));
    const g = revenueRetention({ customers, ...period });
    expect(g.retainedMrr.toString()).toBe('60.1');
    expect(g.value).toBe(new KpiDecimal('60.1').div('100.3').toNumber());
    expect(g.net).toBe(g.gross);
    expect(g).toEqual(revenueRetention({ startingMrr: '100.3', churnedMrr: '40.2', contractionMrr: 0 }));
  });

  it('is exact: 0.1 + 0.2 of MRR is 0.3, and cents survive next to 1e18', () => {
    const r = revenueChurn({
      customers: [
        { startedAt: 0, mrr: 0.1 },
        { startedAt: 0, endedAt: 5, mrr: 0.2 },
      ],
      periodStart: 1,
      periodEnd: 10,
    });
    expect(r.startingMrr.toString()).toBe('0.3');
    // 0.2 / 0.3 exactly, rounded once.
    expect(r.value).toBe(new KpiDecimal(2).div(3).toNumber());
    const big = revenueRetention({
      customers: [
        { startedAt: 0, mrr: '1000000000000000000' },
        { startedAt: 0, endedAt: 5, mrr: 0.01 },
      ],
      periodStart: 1,
      periodEnd: 10,
    });
    expect(big.startingMrr.toString()).toBe('1000000000000000000.01');
    expect(big.retainedMrr.toString()).toBe('1000000000000000000');
  });

  it('no customer active at the start → null with a reason; currencies are echoed when they agree', () => {
    expect(revenueChurn({ customers: [], ...period })).toMatchObject({ value: null, reason: 'no starting MRR: the revenue churn rate is undefined' });
    const eur = revenueRetention({
      customers: [
        { startedAt: 0, mrr: 10, currency: 'EUR' },
        { startedAt: 0, mrr: 5 },
      ],
      periodStart: 1,
      periodEnd: 2,
    });
    expect(eur).toMatchObject({ value: 1, currency: 'EUR' });
    expect(revenueChurn({ startingMrr: 10, churnedMrr: 1, contractionMrr: 0, currency: 'USD' }).currency).toBe('USD');
  });

  it('a customer active at the start without mrr is an error: missing is not zero', () => {
    const e = thrown(() =>
      revenueChurn({
        customers: [
          { startedAt: 0, mrr: 3 },
          { customerId: 'x-9', startedAt: 0 },
        ],
        periodStart: 1,
        periodEnd: 2,
      }),
    );
    expect(e.code).toBe('missing');
    expect(e.path).toEqual(['customers', 1, 'mrr']);
    expect(e.message).toBe(
      'revenueChurn: customers[1].mrr is required: revenueChurn needs the MRR of every customer active at periodStart (a missing MRR is not 0) (customerId "x-9")',
    );
    // A customer not active at the start needs no MRR.
    expect(revenueChurn({ customers: [{ startedAt: 5 }], periodStart: 1, periodEnd: 2 }).value).toBeNull();
  });

  it('rejects bad records, mixed currencies, mixed forms and misplaced options with KpiInputError', () => {
    expect(thrown(() => revenueChurn({ customers: [{ startedAt: 0, mrr: -1 }], periodStart: 1, periodEnd: 2 })).path).toEqual(['customers', 0, 'mrr']);
    expect(thrown(() => revenueChurn({ customers: [{ startedAt: 0, mrr: 0.1 + 0.2 }], periodStart: 1, periodEnd: 2 })).message).toBe(
      'revenueChurn: customers[0].mrr cannot be represented exactly: the number 0.30000000000000004 has more than 15 significant digits (a binary floating-point value, often the residue of float arithmetic), so it is not a decimal amount; pass the amount as a string or a Decimal instead',
    );
    expect(thrown(() => revenueRetention({ customers: [{ startedAt: 0, mrr: '1,000' }], periodStart: 1, periodEnd: 2 })).code).toBe('invalid_value');
    expect(thrown(() => revenueRetention({ customers: [{ startedAt: 0, mrr: 1, currency: 'eur' }], periodStart: 1, periodEnd: 2 })).path).toEqual([
      'customers',
      0,
      'currency',
    ]);
    const mixed = thrown(() =>
      revenueChurn({
        customers: [
          { startedAt: 0, mrr: 1, currency: 'EUR', customerId: 7 },
          { startedAt: 0, mrr: 1 },
          { startedAt: 0, mrr: 2, currency: 'USD' },
        ],
        periodStart: 1,
        periodEnd: 2,
      }),
    );
    expect(mixed.path).toEqual(['customers', 2, 'currency']);
    expect(mixed.message).toBe(
      'revenueChurn: currencies cannot be mixed: customers[2].currency is USD but customers[0].currency (customerId 7) is EUR; convert the amounts to one currency first',
    );
    expect(thrown(() => revenueChurn({ customers: [{ startedAt: 0, customerId: {} }] as never, periodStart: 1, periodEnd: 2 })).path).toEqual([
      'customers',
      0,
      'customerId',
    ]);
    expect(thrown(() => revenueChurn({ customers, ...period, startingMrr: 5 })).code).toBe('ambiguous');
    expect(thrown(() => revenueChurn({ customers, ...period, currency: 'EUR' })).path).toEqual(['currency']);
    expect(thrown(() => revenueChurn({ startingMrr: 5, churnedMrr: 0, contractionMrr: 0, currency: 'euro' })).path).toEqual(['currency']);
    expect(thrown(() => revenueChurn({ startingMrr: 5, churnedMrr: 0, contractionMrr: 0 }, { timeZone: 'UTC' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => revenueRetention({ startingMrr: 5, churnedMrr: 0, contractionMrr: 0 }, { timeZone: 'UTC' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => revenueRetention({ customers, periodStart: '2024-07-01', periodEnd: '2024-04-01' })).path).toEqual(['periodEnd']);
    expect(thrown(() => revenueRetention({ customers, ...period }, { timeZone: 'Mars/Olympus' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => revenueRetention({ customers: 'all' as never, ...period })).path).toEqual(['customers']);
  });

  it('zone-less strings are read in options.timeZone', () => {
    // '2024-04-01 00:30' read in UTC starts after the start instant; read in Tokyo it is 2024-03-31 15:30 UTC, before it.
    const late = [{ startedAt: '2024-04-01 00:30', mrr: 7 }];
    expect(revenueChurn({ customers: late, ...period }).startingMrr.toString()).toBe('0');
    expect(
      revenueChurn({ customers: late, periodStart: '2024-04-01T00:00:00Z', periodEnd: '2024-07-01' }, { timeZone: 'Asia/Tokyo' }).startingMrr.toString(),
    ).toBe('7');
  });

  it('property: the record form equals the amounts form on the sums of a direct count, in any order, never NaN', () => {
    const ms = fc.integer({ min: 0, max: 1000 });
    const amount = fc.oneof(
      fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
      fc.integer({ min: 0, max: 10 ** 9 }).map((c) => `${c / 1000}`),
    );
    const record = fc
      .tuple(ms, fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }), amount)
      .map(([s, len, mrr]) => (len === undefined ? { startedAt: s, mrr } : { startedAt: s, endedAt: s + len, mrr }));
    fc.assert(
      fc.property(fc.array(record, { maxLength: 50 }), ms, ms, (list, a, b) => {
        const periodStart = Math.min(a, b);
        const periodEnd = Math.max(a, b);
        const active = (c: { startedAt: number; endedAt?: number }, t: number): boolean => c.startedAt <= t && (c.endedAt === undefined || t < c.endedAt);
        let startingMrr = new KpiDecimal(0);
        let churnedMrr = new KpiDecimal(0);
        for (const c of list) {
          if (!active(c, periodStart)) continue;
          startingMrr = startingMrr.plus(c.mrr);
          if (!active(c, periodEnd)) churnedMrr = churnedMrr.plus(c.mrr);
        }
        const amounts = { startingMrr, churnedMrr, contractionMrr: 0 };
        const r = revenueChurn({ customers: list, periodStart, periodEnd });
        expect(r).toEqual(revenueChurn(amounts));
        const g = revenueRetention({ customers: [...list].reverse(), periodStart, periodEnd });
        expect(g).toEqual(revenueRetention(amounts));
        if (r.value !== null) {
          expect(r.value >= 0 && r.value <= 1).toBe(true);
          expect(Math.abs(r.value + (g.value as number) - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
        } else expect(r.reason).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
