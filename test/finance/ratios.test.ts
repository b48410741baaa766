import { describe, expect, it } from 'vitest';
import { cacPaybackMonths } from '../../src/finance/cac-payback-months.js';
import { customerAcquisitionCost } from '../../src/finance/customer-acquisition-cost.js';
import { lifetimeValue } from '../../src/finance/lifetime-value.js';
import { ltvToCac } from '../../src/finance/ltv-to-cac.js';
import { thrown } from '../helpers.js';

describe('ltvToCac', () => {
  it('divides LTV by CAC, from amounts or from the results of the two metrics', () => {
    // LTV 100 × 1 / 0.05 = 2000; CAC 50,000 / 100 = 500; 2000 / 500 = 4.
    const ltv = lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0.05, currency: 'EUR' }, { method: 'churn' });
    const cac = customerAcquisitionCost({ salesAndMarketingCost: 50000, newCustomers: 100, currency: 'EUR' });
    const r = ltvToCac({ lifetimeValue: ltv, customerAcquisitionCost: cac });
    expect(r.value?.toString()).toBe('4');
    expect(r.currency).toBe('EUR');
    expect(r.lifetimeValue?.toString()).toBe('2000');
    // 1000 / 300 = 3.333… → 3.33.
    expect(ltvToCac({ lifetimeValue: '1000', customerAcquisitionCost: 300 }, { round: { places: 2 } }).value?.toString()).toBe('3.33');
  });

  it('gives null with a reason for CAC 0 or an undefined input result', () => {
    expect(ltvToCac({ lifetimeValue: 1000, customerAcquisitionCost: 0 }).reason).toMatch(/is 0/);
    const unbounded = lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0 }, { method: 'churn' });
    const r = ltvToCac({ lifetimeValue: unbounded, customerAcquisitionCost: 10 });
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/lifetime value is undefined/);
    const noCustomers = customerAcquisitionCost({ salesAndMarketingCost: 10, newCustomers: 0 });
    expect(ltvToCac({ lifetimeValue: 10, customerAcquisitionCost: noCustomers }).reason).toMatch(/acquisition cost is undefined/);
  });

  it('rejects mixed currencies and bad amounts', () => {
    const ltv = lifetimeValue({ lifespanMonths: 10, monthlyRevenue: 10, currency: 'EUR' });
    const cac = customerAcquisitionCost({ salesAndMarketingCost: 10, newCustomers: 1, currency: 'USD' });
    expect(thrown(() => ltvToCac({ lifetimeValue: ltv, customerAcquisitionCost: cac })).path).toEqual(['customerAcquisitionCost', 'currency']);
    expect(thrown(() => ltvToCac({ lifetimeValue: 1, customerAcquisitionCost: -1 })).path).toEqual(['customerAcquisitionCost']);
    expect(thrown(() => ltvToCac({ lifetimeValue: { value: 'x' }, customerAcquisitionCost: 1 })).path).toEqual(['lifetimeValue', 'value']);
    expect(thrown(() => ltvToCac({ lifetimeValue: 1 } as never)).code).toBe('missing');
  });
});

describe('cacPaybackMonths', () => {
  it('divides CAC by the monthly margin', () => {
    // 500 / (50 × 0.8) = 500 / 40 = 12.5 months; without a margin 400 / 100 = 4.
    const r = cacPaybackMonths({ customerAcquisitionCost: 500, monthlyRevenue: 50, grossMargin: 0.8 });
    expect(r.value?.toString()).toBe('12.5');
    expect(r.monthlyMargin.toString()).toBe('40');
    expect(cacPaybackMonths({ customerAcquisitionCost: '400', monthlyRevenue: '100' }).grossMargin.toString()).toBe('1');
    const cac = customerAcquisitionCost({ salesAndMarketingCost: 1000, newCustomers: 3 });
    // (1000 / 3) / 100 = 3.333… → 3.3 months.
    expect(cacPaybackMonths({ customerAcquisitionCost: cac, monthlyRevenue: 100 }, { round: { places: 1 } }).value?.toString()).toBe('3.3');
  });

  it('gives null with a reason when nothing is earned back', () => {
    const r = cacPaybackMonths({ customerAcquisitionCost: 400, monthlyRevenue: 100, grossMargin: 0 });
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/never paid back/);
    const none = customerAcquisitionCost({ salesAndMarketingCost: 10, newCustomers: 0 });
    expect(cacPaybackMonths({ customerAcquisitionCost: none, monthlyRevenue: 1 }).value).toBeNull();
  });

  it('rejects bad input', () => {
    expect(thrown(() => cacPaybackMonths({ customerAcquisitionCost: 1, monthlyRevenue: -1 })).path).toEqual(['monthlyRevenue']);
    expect(thrown(() => cacPaybackMonths({ customerAcquisitionCost: 1, monthlyRevenue: 1, grossMargin: 2 })).path).toEqual(['grossMargin']);
    expect(thrown(() => cacPaybackMonths({ customerAcquisitionCost: 1, monthlyRevenue: 1, currency: 'EUR', margin: 1 } as never)).path).toEqual(['margin']);
  });
});
