import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { lifetimeValue } from '../../src/finance/lifetime-value.js';
import { thrown } from '../helpers.js';

describe('lifetimeValue', () => {
  it("golden (by hand: 100 × 1 / 0.05): ARPA 100, margin 1, churn 0.05 → 2000 exactly with method 'churn'", () => {
    // 100 × 1 / 0.05 = 2000; the expected lifetime is 1 / 0.05 = 20 periods.
    const r = lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0.05 }, { method: 'churn' });
    expect(r.value).toBeInstanceOf(KpiDecimal);
    expect(r.value?.toString()).toBe('2000');
    expect(r.value?.eq(2000)).toBe(true);
    expect(r.lifetimePeriods?.toString()).toBe('20');
    expect(r.perPeriod.toString()).toBe('100');
    expect(r).toMatchObject({ method: 'churn', reason: null, currency: null, round: null });
    expect(JSON.stringify(r.value)).toBe('"2000"');
  });

  it("'lifespan' (default): lifespan months × monthly revenue", () => {
    // 24 × 49.90 = 1197.60; 2.5 × 0.1 = 0.25 (exact, no float residue).
    const r = lifetimeValue({ lifespanMonths: 24, monthlyRevenue: '49.90', currency: 'EUR' });
    expect(r.value?.toString()).toBe('1197.6');
    expect(r).toMatchObject({ method: 'lifespan', currency: 'EUR' });
    expect(lifetimeValue({ lifespanMonths: '2.5', monthlyRevenue: 0.1 }).value?.toString()).toBe('0.25');
  });

  it("'discounted': margin × r / (1 + d − r)", () => {
    // margin = 100 × 0.8 = 80; r = 0.9, d = 0.1: 0.9 / (1 + 0.1 − 0.9) = 4.5 periods → 360.
    const r = lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 0.8, retentionRate: 0.9, discountRate: 0.1 }, { method: 'discounted' });
    expect(r.value?.toString()).toBe('360');
    expect(r.lifetimePeriods?.toString()).toBe('4.5');
    // The same with churn 0.1 (r = 0.9).
    expect(
      lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 0.8, churnRate: 0.1, discountRate: 0.1 }, { method: 'discounted' }).value?.toString(),
    ).toBe('360');
    // d = 0 reduces to the undiscounted sum from period 1: margin × r / (1 − r) = 100 × 0.95 / 0.05 = 1900.
    expect(lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0.05, discountRate: 0 }, { method: 'discounted' }).value?.toString()).toBe(
      '1900',
    );
  });

  it('gives null with a reason when unbounded', () => {
    const churn = lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0 }, { method: 'churn' });
    expect(churn.value).toBeNull();
    expect(churn.lifetimePeriods).toBeNull();
    expect(churn.reason).toMatch(/churnRate is 0/);
    const d = lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, retentionRate: 1, discountRate: 0 }, { method: 'discounted' });
    expect(d.value).toBeNull();
    expect(d.reason).toMatch(/unbounded/);
  });

  it('rounds only on request', () => {
    // 100 × 1 / 0.03 = 3333.33…
    const r = lifetimeValue(
      { averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0.03 },
      { method: 'churn', round: { places: 2, mode: 'ROUND_HALF_UP' } },
    );
    expect(r.value?.toString()).toBe('3333.33');
  });

  it('rejects bad input', () => {
    const e = thrown(() => lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0.05 }));
    expect(e.issues.map((i) => i.path[0])).toEqual(['averageRevenuePerAccount', 'grossMargin', 'churnRate', 'lifespanMonths', 'monthlyRevenue']);
    expect(e.message).toMatch(/pass \{ method: 'churn' \}/);
    expect(thrown(() => lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1.2, churnRate: 0.05 }, { method: 'churn' })).path).toEqual([
      'grossMargin',
    ]);
    expect(thrown(() => lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: -0.1 }, { method: 'churn' })).path).toEqual(['churnRate']);
    expect(thrown(() => lifetimeValue({ averageRevenuePerAccount: -1, grossMargin: 1, churnRate: 0.1 }, { method: 'churn' })).path).toEqual([
      'averageRevenuePerAccount',
    ]);
    expect(thrown(() => lifetimeValue({ averageRevenuePerAccount: 1, grossMargin: 'x', churnRate: 0.1 }, { method: 'churn' })).path).toEqual(['grossMargin']);
    expect(thrown(() => lifetimeValue({ lifespanMonths: -1, monthlyRevenue: 1 })).path).toEqual(['lifespanMonths']);
    expect(
      thrown(() =>
        lifetimeValue({ averageRevenuePerAccount: 1, grossMargin: 1, retentionRate: 0.9, churnRate: 0.1, discountRate: 0 }, { method: 'discounted' }),
      ).code,
    ).toBe('ambiguous');
    expect(thrown(() => lifetimeValue({ averageRevenuePerAccount: 1, grossMargin: 1, discountRate: 0 }, { method: 'discounted' })).code).toBe('missing');
    expect(
      thrown(() => lifetimeValue({ averageRevenuePerAccount: 1, grossMargin: 1, churnRate: 0.1, discountRate: -0.1 }, { method: 'discounted' })).path,
    ).toEqual(['discountRate']);
    expect(thrown(() => lifetimeValue({ lifespanMonths: 1, monthlyRevenue: 1 }, { method: 'cohort' as never })).path).toEqual(['options', 'method']);
    expect(thrown(() => lifetimeValue({ lifespanMonths: 1, monthlyRevenue: 1, months: 2 } as never)).path).toEqual(['months']);
  });
});
