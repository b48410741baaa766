import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { churnRate } from '../../src/growth/churn-rate.js';
import { conversionRate } from '../../src/growth/conversion-rate.js';
import { funnel } from '../../src/growth/funnel.js';
import { referralRate } from '../../src/growth/referral-rate.js';
import { retentionRate } from '../../src/growth/retention-rate.js';
import { revenueChurn } from '../../src/growth/revenue-churn.js';
import { revenueRetention } from '../../src/growth/revenue-retention.js';
import { viralCoefficient } from '../../src/growth/viral-coefficient.js';
import { thrown } from '../helpers.js';

describe('retentionRate', () => {
  it('worked example (docs/metrics.md#retentionrate-and-churnrate): start 200, new 40, end 210 → (210 − 40) / 200 = 0.85', () => {
    // (210 − 40) / 200 = 170 / 200 = 0.85.
    const r = retentionRate({ customersAtStart: 200, customersAtEnd: 210, newCustomers: 40 });
    expect(r.value).toBe(0.85);
    expect(r).toMatchObject({ reason: null, retained: 170, customersAtStart: 200, customersAtEnd: 210, newCustomers: 40, confidence: 0.95 });
    expect(Object.keys(r)[0]).toBe('value');
    expect(Object.isFrozen(r)).toBe(true);
    // The interval is the Wilson interval of 170 of 200 and contains the rate.
    expect(r.interval!.lower).toBeLessThan(0.85);
    expect(r.interval!.upper).toBeGreaterThan(0.85);
  });

  it('Wilson interval: 8 retained of 10 → [0.4902, 0.9433] (Wilson 1927, by hand)', () => {
    const r = retentionRate({ customersAtStart: 10, customersAtEnd: 8, newCustomers: 0 });
    expect(r.value).toBe(0.8);
    expect(r.interval!.lower).toBeCloseTo(0.4902, 4);
    expect(r.interval!.upper).toBeCloseTo(0.9433, 4);
    const wider = retentionRate({ customersAtStart: 10, customersAtEnd: 8, newCustomers: 0 }, { confidence: 0.99 });
    expect(wider.interval!.lower).toBeLessThan(r.interval!.lower);
  });

  it('no customers at start → null with a reason, never NaN or Infinity', () => {
    const r = retentionRate({ customersAtStart: 0, customersAtEnd: 7, newCustomers: 7 });
    expect(r.value).toBeNull();
    expect(r.interval).toBeNull();
    expect(r.reason).toBe('no customers at start: the retention rate is undefined');
  });

  it('rejects bad input with KpiInputError', () => {
    const e = thrown(() => retentionRate({ customersAtStart: -3, customersAtEnd: 1, newCustomers: 0 }));
    expect(e.message).toBe('retentionRate: customersAtStart must be a non-negative integer, got -3');
    expect(e.path).toEqual(['customersAtStart']);
    expect(thrown(() => retentionRate({ customersAtStart: 10, customersAtEnd: -1, newCustomers: 0 })).path).toEqual(['customersAtEnd']);
    expect(thrown(() => retentionRate({ customersAtStart: 10, customersAtEnd: 2.5, newCustomers: 0 })).code).toBe('not_integer');
    const more = thrown(() => retentionRate({ customersAtStart: 10, customersAtEnd: 30, newCustomers: 5 }));
    expect(more.code).toBe('inconsistent');
    expect(more.message).toBe('retentionRate: customersAtEnd − newCustomers (30 − 5 = 25) cannot exceed customersAtStart (10)');
    expect(thrown(() => retentionRate({ customersAtStart: 10, customersAtEnd: 3, newCustomers: 5 })).path).toEqual(['newCustomers']);
    expect(thrown(() => retentionRate({ customersAtStart: 10, customersAtEnd: 3 } as never)).code).toBe('missing');
    expect(thrown(() => retentionRate({ customersAtStart: 10, customersAtEnd: 3, newCustomers: 0, lost: 1 } as never)).path).toEqual(['lost']);
    expect(thrown(() => retentionRate({ customersAtStart: 10, customersAtEnd: 3, newCustomers: 0 }, { confidence: 1 })).path).toEqual([
      'options',
      'confidence',
    ]);
    expect(thrown(() => retentionRate({ customersAtStart: 10, customersAtEnd: 3, newCustomers: 0 }, { method: 'x' } as never)).path).toEqual([
      'options',
      'method',
    ]);
    expect(thrown(() => retentionRate(null as never)).code).toBe('invalid_type');
    // Every problem is listed.
    expect(thrown(() => retentionRate({ customersAtStart: -1, customersAtEnd: 'a', newCustomers: NaN } as never)).issueCount).toBe(3);
  });
});

describe('churnRate', () => {
  it("'start' (default, docs/metrics.md#retentionrate-and-churnrate): lost / customers at start", () => {
    // 30 / 200 = 0.15.
    const r = churnRate({ customersAtStart: 200, customersLost: 30 });
    expect(r.value).toBe(0.15);
    expect(r).toMatchObject({ method: 'start', denominator: 200, customersAtEnd: null, reason: null });
    expect(r.interval!.lower).toBeLessThan(0.15);
  });

  it("'average': lost / ((start + end) / 2)", () => {
    // (200 + 210) / 2 = 205; 30 / 205 = 0.146341463…
    const r = churnRate({ customersAtStart: 200, customersLost: 30, customersAtEnd: 210 }, { method: 'average' });
    expect(r.denominator).toBe(205);
    expect(r.value).toBe(30 / 205);
    expect(r.interval).toBeNull();
    expect(r.method).toBe('average');
    // Odd sum: (3 + 0) / 2 = 1.5; 3 / 1.5 = 2 (all lost: exceeds 1 with this method).
    expect(churnRate({ customersAtStart: 3, customersLost: 3, customersAtEnd: 0 }, { method: 'average' }).value).toBe(2);
  });

  it('zero denominators → null with a reason', () => {
    expect(churnRate({ customersAtStart: 0, customersLost: 0 }).reason).toBe('no customers at start: the churn rate is undefined');
    const r = churnRate({ customersAtStart: 0, customersLost: 0, customersAtEnd: 0 }, { method: 'average' });
    expect(r.value).toBeNull();
    expect(r.reason).toBe('no customers at start or end: the churn rate is undefined');
    // With customers only at the end, the average method is defined.
    expect(churnRate({ customersAtStart: 0, customersLost: 0, customersAtEnd: 4 }, { method: 'average' }).value).toBe(0);
  });

  it('rejects bad input with KpiInputError', () => {
    const lost = thrown(() => churnRate({ customersAtStart: 10, customersLost: 12 }));
    expect(lost.code).toBe('inconsistent');
    expect(lost.message).toBe('churnRate: customersLost (12) cannot exceed customersAtStart (10)');
    expect(thrown(() => churnRate({ customersAtStart: 10, customersLost: 1, customersAtEnd: -1 })).path).toEqual(['customersAtEnd']);
    expect(thrown(() => churnRate({ customersAtStart: 10, customersLost: 4, customersAtEnd: 5 })).message).toBe(
      'churnRate: customersAtEnd (5) cannot be below customersAtStart − customersLost (10 − 4 = 6)',
    );
    expect(thrown(() => churnRate({ customersAtStart: 10, customersLost: 1 }, { method: 'average' })).path).toEqual(['customersAtEnd']);
    expect(thrown(() => churnRate({ customersAtStart: 10, customersLost: 1 }, { method: 'end' as never })).path).toEqual(['options', 'method']);
    expect(thrown(() => churnRate({ customersAtStart: 10, customersLost: -1 })).code).toBe('out_of_range');
  });
});

describe('revenueChurn', () => {
  it('worked example (ChartMogul MRR churn rate definition): start 100, churned 15, contraction 5, expansion 10 → gross 0.20, net 0.10', () => {
    // gross = (15 + 5) / 100 = 0.2; net = (15 + 5 − 10 − 0) / 100 = 0.1.
    const r = revenueChurn({ startingMrr: 100, churnedMrr: 15, contractionMrr: 5, expansionMrr: 10 });
    expect(r.value).toBe(0.2);
    expect(r.gross).toBe(0.2);
    expect(r.net).toBe(0.1);
    expect(r.lostMrr.toString()).toBe('20');
    expect(r.netLostMrr.toString()).toBe('10');
    expect(r.reactivationMrr.toString()).toBe('0');
    expect(r.startingMrr).toBeInstanceOf(KpiDecimal);
    expect(JSON.parse(JSON.stringify(r))).toMatchObject({ value: 0.2, startingMrr: '100', lostMrr: '20' });
  });

  it('reactivation lowers net churn; net churn is negative when expansion outweighs the losses', () => {
    // net = (15 + 5 − 10 − 5) / 100 = 0.05.
    expect(revenueChurn({ startingMrr: 100, churnedMrr: 15, contractionMrr: 5, expansionMrr: 10, reactivationMrr: 5 }).net).toBe(0.05);
    // net = (2 + 0 − 12) / 100 = −0.1.
    expect(revenueChurn({ startingMrr: '100.00', churnedMrr: '2', contractionMrr: 0, expansionMrr: '12' }).net).toBe(-0.1);
  });

  it('is exact: 0.1 + 0.2 of 0.3 is 1, not 1.0000000000000002', () => {
    const r = revenueChurn({ startingMrr: 0.3, churnedMrr: 0.1, contractionMrr: 0.2 });
    expect(r.gross).toBe(1);
    expect(r.lostMrr.toString()).toBe('0.3');
    // Cents on a large base: (0.01 + 0.02) / 1e18 keeps every digit.
    const big = revenueChurn({ startingMrr: '1000000000000000000.03', churnedMrr: '0.01', contractionMrr: '0.02' });
    expect(big.lostMrr.toString()).toBe('0.03');
    expect(big.gross).toBe(3e-20);
  });

  it('no starting MRR → null rates with a reason', () => {
    const r = revenueChurn({ startingMrr: 0, churnedMrr: 0, contractionMrr: 0, expansionMrr: 5 });
    expect(r).toMatchObject({ value: null, gross: null, net: null, reason: 'no starting MRR: the revenue churn rate is undefined' });
  });

  it('rejects bad input with KpiInputError', () => {
    expect(thrown(() => revenueChurn({ startingMrr: 100, churnedMrr: -1, contractionMrr: 0 })).path).toEqual(['churnedMrr']);
    const over = thrown(() => revenueChurn({ startingMrr: 10, churnedMrr: 8, contractionMrr: 3 }));
    expect(over.code).toBe('inconsistent');
    expect(over.message).toBe('revenueChurn: churnedMrr + contractionMrr (8 + 3 = 11) cannot exceed startingMrr (10)');
    expect(thrown(() => revenueChurn({ startingMrr: 0.1 + 0.2, churnedMrr: 0, contractionMrr: 0 })).path).toEqual(['startingMrr']);
    expect(thrown(() => revenueChurn({ startingMrr: '1,000', churnedMrr: 0, contractionMrr: 0 })).code).toBe('invalid_value');
    expect(thrown(() => revenueChurn({ startingMrr: 100, churnedMrr: 1 } as never)).path).toEqual(['contractionMrr']);
    expect(thrown(() => revenueChurn({ startingMrr: 100, churnedMrr: 1, contractionMrr: 0, expansion: 3 } as never)).path).toEqual(['expansion']);
    expect(thrown(() => revenueChurn({ startingMrr: 100, churnedMrr: 1, contractionMrr: 0 }, { method: 'net' } as never)).path).toEqual(['options', 'method']);
  });
});

describe('revenueRetention', () => {
  it('worked example: same figures → GRR 0.80, NRR 0.90', () => {
    // GRR = (100 − 15 − 5) / 100 = 0.8; NRR = (100 − 15 − 5 + 10) / 100 = 0.9.
    const r = revenueRetention({ startingMrr: 100, churnedMrr: 15, contractionMrr: 5, expansionMrr: 10 });
    expect(r.value).toBe(0.8);
    expect(r.gross).toBe(0.8);
    expect(r.net).toBe(0.9);
    expect(r.retainedMrr.toString()).toBe('80');
    expect(r.endingMrr.toString()).toBe('90');
  });

  it('NRR exceeds 1 with net expansion; GRR stays at most 1', () => {
    // NRR = (100 − 5 − 0 + 25) / 100 = 1.2; GRR = 95 / 100 = 0.95.
    const r = revenueRetention({ startingMrr: 100, churnedMrr: 5, contractionMrr: 0, expansionMrr: 25 });
    expect(r.net).toBe(1.2);
    expect(r.gross).toBe(0.95);
    expect(revenueRetention({ startingMrr: 50, churnedMrr: 0, contractionMrr: 0, expansionMrr: 50 }).gross).toBe(1);
  });

  it('is exact and gives null with a reason for no starting MRR', () => {
    // (0.3 − 0.1 − 0.2) / 0.3 = 0 exactly.
    expect(revenueRetention({ startingMrr: 0.3, churnedMrr: 0.1, contractionMrr: 0.2 }).gross).toBe(0);
    expect(revenueRetention({ startingMrr: 0, churnedMrr: 0, contractionMrr: 0 }).reason).toBe('no starting MRR: the revenue retention rate is undefined');
  });

  it('rejects bad input with KpiInputError', () => {
    expect(thrown(() => revenueRetention({ startingMrr: 10, churnedMrr: 11, contractionMrr: 0 })).code).toBe('inconsistent');
    expect(thrown(() => revenueRetention({ startingMrr: -10, churnedMrr: 0, contractionMrr: 0 })).path).toEqual(['startingMrr']);
    expect(thrown(() => revenueRetention({ startingMrr: 10, churnedMrr: 0, contractionMrr: 0, reactivationMrr: -1 })).path).toEqual(['reactivationMrr']);
    expect(thrown(() => revenueRetention({ startingMrr: 10, churnedMrr: 0, contractionMrr: 0, reactivationMrr: 0.1 + 0.2 })).code).toBe('out_of_range');
    expect(thrown(() => revenueRetention({ startingMrr: 10, churnedMrr: 0, contractionMrr: 0, reactivation: 1 } as never)).path).toEqual(['reactivation']);
  });

  it('takes reactivationMrr as revenueChurn does: in NRR, not in GRR (ChartMogul, Cohort: Net MRR Retention)', () => {
    // GRR = (100 − 15 − 5) / 100 = 0.8; NRR = (100 − 15 − 5 + 10 + 5) / 100 = 0.95;
    // net revenue churn = (15 + 5 − 10 − 5) / 100 = 0.05 = 1 − NRR (ChartMogul, Metric: MRR Churn Rate).
    const movements = { startingMrr: 100, churnedMrr: 15, contractionMrr: 5, expansionMrr: 10, reactivationMrr: 5 };
    const r = revenueRetention(movements);
    expect(r).toMatchObject({ value: 0.8, gross: 0.8, net: 0.95 });
    expect(r.reactivationMrr.toString()).toBe('5');
    expect(r.endingMrr.toString()).toBe('95');
    expect(revenueChurn(movements).net).toBe(0.05);
    // Exact: 0.1 reactivated on 0.3 starting, nothing lost: NRR = 0.4 / 0.3.
    expect(revenueRetention({ startingMrr: '0.3', churnedMrr: 0, contractionMrr: 0, reactivationMrr: '0.1' }).net).toBe(
      new KpiDecimal('0.4').div('0.3').toNumber(),
    );
    // Default 0: the result echoes it.
    expect(revenueRetention({ startingMrr: 100, churnedMrr: 0, contractionMrr: 0 }).reactivationMrr.toString()).toBe('0');
  });

  it('rejects gains that would make the net rate infinite, never returning Infinity', () => {
    // 1e400 / 1e-400 is 1e800, beyond the largest double (≈ 1.8e308).
    for (const f of [revenueRetention, revenueChurn]) {
      const e = thrown(() => f({ startingMrr: '1e-400', churnedMrr: 0, contractionMrr: 0, expansionMrr: '1e400' }));
      expect(e.code).toBe('out_of_range');
      expect(e.path).toEqual(['expansionMrr']);
      expect(thrown(() => f({ startingMrr: '1e-400', churnedMrr: 0, contractionMrr: 0, reactivationMrr: '1e400' })).path).toEqual(['reactivationMrr']);
    }
    // Inside the range: NRR = (1e-5 + 1e300) / 1e-5 = 1 + 1e305, which as a double is 1e305.
    expect(revenueRetention({ startingMrr: '1e-5', churnedMrr: 0, contractionMrr: 0, expansionMrr: '1e300' }).net).toBe(1e305);
  });
});

describe('conversionRate', () => {
  it('customerCount / qualified leads (docs/metrics.md#conversionrate-funnel-referralrate-viralcoefficient)', () => {
    // 36 / 400 = 0.09.
    const r = conversionRate({ leads: 400, customerCount: 36 });
    expect(r).toMatchObject({ value: 0.09, leads: 400, customerCount: 36, reason: null });
    // Wilson (1927), 8 of 10 → [0.4902, 0.9433].
    const w = conversionRate({ leads: 10, customerCount: 8 }).interval!;
    expect(w.lower).toBeCloseTo(0.4902, 4);
    expect(w.upper).toBeCloseTo(0.9433, 4);
  });

  it('no leads → null with a reason; bad input → KpiInputError', () => {
    expect(conversionRate({ leads: 0, customerCount: 0 })).toMatchObject({ value: null, interval: null, reason: 'no leads: the conversion rate is undefined' });
    expect(thrown(() => conversionRate({ leads: 5, customerCount: 6 })).message).toBe('conversionRate: customerCount (6) cannot exceed leads (5)');
    expect(thrown(() => conversionRate({ leads: -5, customerCount: 0 })).path).toEqual(['leads']);
  });
});

describe('funnel', () => {
  const stages = [
    { name: 'visitors', count: 10000 },
    { name: 'leads', count: 400 },
    { name: 'qualified', count: 100 },
    { name: 'customers', count: 36 },
  ];

  it('step and overall conversion per stage', () => {
    // step: 400/10000 = 0.04, 100/400 = 0.25, 36/100 = 0.36; overall: 0.04, 0.01, 0.0036.
    const f = funnel({ stages });
    expect(f.value).toBe(0.0036);
    expect(f.stages.map((s) => s.stepConversion)).toEqual([1, 0.04, 0.25, 0.36]);
    expect(f.stages.map((s) => s.overallConversion)).toEqual([1, 0.04, 0.01, 0.0036]);
    expect(f.stages.map((s) => s.dropOff)).toEqual([0, 9600, 300, 64]);
    expect(f.stages.map((s) => s.name)).toEqual(['visitors', 'leads', 'qualified', 'customers']);
    expect(f.interval!.lower).toBeLessThan(0.0036);
    // A two-stage funnel is a conversion rate.
    const two = funnel({
      stages: [
        { name: 'leads', count: 400 },
        { name: 'customers', count: 36 },
      ],
    });
    const c = conversionRate({ leads: 400, customerCount: 36 });
    expect(two.value).toBe(c.value);
    expect(two.interval).toEqual(c.interval);
  });

  it('empty stages give null conversions with a reason', () => {
    const f = funnel({
      stages: [
        { name: 'a', count: 5 },
        { name: 'b', count: 0 },
        { name: 'c', count: 0 },
      ],
    });
    expect(f.value).toBe(0);
    expect(f.stages[2]?.stepConversion).toBeNull();
    const z = funnel({ stages: [{ name: 'a', count: 0 }] });
    expect(z.value).toBeNull();
    expect(z.reason).toBe('the first stage ("a") is empty: the conversion is undefined');
  });

  it('rejects bad input with KpiInputError, naming the stage', () => {
    const up = thrown(() =>
      funnel({
        stages: [
          { name: 'a', count: 5 },
          { name: 'b', count: 6 },
        ],
      }),
    );
    expect(up.code).toBe('inconsistent');
    expect(up.path).toEqual(['stages', 1, 'count']);
    expect(up.message).toBe("funnel: stages[1].count (6) cannot exceed the previous stage's count (5): counts must not increase along the funnel");
    expect(thrown(() => funnel({ stages: [] })).path).toEqual(['stages']);
    expect(thrown(() => funnel({} as never)).code).toBe('missing');
    expect(thrown(() => funnel({ stages: 'a' } as never)).code).toBe('invalid_type');
    expect(
      thrown(() =>
        funnel({
          stages: [
            { name: 'a', count: 5 },
            { name: 'a', count: 1 },
          ],
        }),
      ).path,
    ).toEqual(['stages', 1, 'name']);
    expect(thrown(() => funnel({ stages: [{ name: '', count: 5 }] })).path).toEqual(['stages', 0, 'name']);
    expect(thrown(() => funnel({ stages: [{ name: 'a', count: -5 }] })).path).toEqual(['stages', 0, 'count']);
    expect(thrown(() => funnel({ stages: [{ name: 'a' }] } as never)).code).toBe('missing');
    expect(thrown(() => funnel({ stages: [null] } as never)).path).toEqual(['stages', 0]);
    expect(thrown(() => funnel({ stages: [{ name: 'a', count: 1, rate: 2 }] } as never)).path).toEqual(['stages', 0, 'rate']);
  });
});

describe('referralRate', () => {
  it('referred leads / active customer accounts', () => {
    // 30 / 1200 = 0.025; 90 / 60 = 1.5 (more than one referral per customer).
    expect(referralRate({ referredLeads: 30, activeCustomers: 1200 }).value).toBe(0.025);
    expect(referralRate({ referredLeads: 90, activeCustomers: 60 }).value).toBe(1.5);
    expect(referralRate({ referredLeads: 3, activeCustomers: 0 })).toMatchObject({
      value: null,
      reason: 'no active customers: the referral rate is undefined',
    });
    expect(thrown(() => referralRate({ referredLeads: 1.5, activeCustomers: 3 })).code).toBe('not_integer');
    expect(thrown(() => referralRate({ referredLeads: 1, activeCustomers: 3 }, { confidence: 0.9 })).path).toEqual(['options', 'confidence']);
  });
});

describe('viralCoefficient', () => {
  it('K = invitations per customer × invitation conversion, and the projection', () => {
    // K = 5 × 0.3 = 1.5; U(2 cycles) = 1000 (1.5³ − 1) / (1.5 − 1) = 1000 × 2.375 / 0.5 = 4750.
    const v = viralCoefficient({ customerCount: 1000, invitationsPerCustomer: 5, invitationConversion: 0.3 }, { cycleDays: 10, cycles: 2 });
    expect(v).toMatchObject({
      value: 1.5,
      selfSustaining: true,
      projectedCustomers: 4750,
      newCustomers: 3750,
      cycles: 2,
      cycleDays: 10,
      elapsedDays: 20,
      reason: null,
    });
    // The same horizon in days: 20 days / 10 days per cycle = 2 cycles.
    expect(
      viralCoefficient({ customerCount: 1000, invitationsPerCustomer: 5, invitationConversion: 0.3 }, { cycleDays: 10, days: 20 }).projectedCustomers,
    ).toBe(4750);
  });

  it('is exact: 3 × 0.1 is 0.3 and K = 1 uses the limit U₀ (n + 1)', () => {
    expect(viralCoefficient({ customerCount: 1, invitationsPerCustomer: 3, invitationConversion: 0.1 }).value).toBe(0.3);
    // K = 0.1 × 10 = 1 exactly; U(4 cycles) = 50 × 5 = 250.
    const one = viralCoefficient({ customerCount: 50, invitationsPerCustomer: '10', invitationConversion: '0.1' }, { cycles: 4 });
    expect(one.value).toBe(1);
    expect(one.selfSustaining).toBe(false);
    expect(one.projectedCustomers).toBe(250);
    expect(one.elapsedDays).toBeNull();
    // K = 0.5, 3 cycles: 100 (1 + 0.5 + 0.25 + 0.125) = 187.5.
    expect(viralCoefficient({ customerCount: 100, invitationsPerCustomer: 1, invitationConversion: 0.5 }, { cycles: 3 }).projectedCustomers).toBe(187.5);
    // K = 0: no growth.
    expect(viralCoefficient({ customerCount: 100, invitationsPerCustomer: 0, invitationConversion: 0.5 }, { cycles: 3 }).projectedCustomers).toBe(100);
    // Without a horizon there is no projection.
    expect(viralCoefficient({ customerCount: 100, invitationsPerCustomer: 1, invitationConversion: 0.5 })).toMatchObject({
      cycles: null,
      projectedCustomers: null,
      newCustomers: null,
    });
  });

  it('gives null with a reason when the projection would overflow, never Infinity', () => {
    const v = viralCoefficient({ customerCount: 1000, invitationsPerCustomer: 100, invitationConversion: 1 }, { cycles: 1000 });
    expect(v.projectedCustomers).toBeNull();
    expect(v.newCustomers).toBeNull();
    expect(v.reason).toBe('the projection over 1000 cycles exceeds the range of a number');
  });

  it('rejects bad input with KpiInputError', () => {
    const base = { customerCount: 10, invitationsPerCustomer: 2, invitationConversion: 0.2 };
    expect(thrown(() => viralCoefficient({ ...base, customerCount: -1 })).path).toEqual(['customerCount']);
    expect(thrown(() => viralCoefficient({ ...base, invitationsPerCustomer: -1 })).path).toEqual(['invitationsPerCustomer']);
    expect(thrown(() => viralCoefficient({ ...base, invitationConversion: 1.2 })).path).toEqual(['invitationConversion']);
    expect(thrown(() => viralCoefficient(base, { cycleDays: 0 })).path).toEqual(['options', 'cycleDays']);
    expect(thrown(() => viralCoefficient(base, { cycles: -1 })).path).toEqual(['options', 'cycles']);
    expect(thrown(() => viralCoefficient(base, { cycles: Infinity })).code).toBe('not_finite');
    expect(thrown(() => viralCoefficient(base, { cycles: 1, days: 3, cycleDays: 3 })).code).toBe('ambiguous');
    expect(thrown(() => viralCoefficient(base, { days: 3 })).path).toEqual(['options', 'cycleDays']);
    expect(thrown(() => viralCoefficient({ ...base, k: 3 } as never)).path).toEqual(['k']);
  });
});
