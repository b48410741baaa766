import { describe, expect, it } from 'vitest';
import { customerAcquisitionCost } from '../../src/finance/customer-acquisition-cost.js';
import { thrown } from '../helpers.js';

describe('customerAcquisitionCost', () => {
  const input = { salesAndMarketingCost: '50000.00', newCustomers: 125, paidCost: 20000, paidNewCustomers: 40, currency: 'USD' };

  it('blended (default, docs/metrics.md#customeracquisitioncost-lifetimevalue-ltvtocac-cacpaybackmonths): sales and marketing cost / new customers', () => {
    // 50,000 / 125 = 400.
    const r = customerAcquisitionCost(input);
    expect(r.value?.toString()).toBe('400');
    expect(r).toMatchObject({ method: 'blended', customerCount: 125, currency: 'USD', reason: null, display: '400.00' });
    expect(r.cost.toString()).toBe('50000');
  });

  it('paid: paid cost / paid new customers', () => {
    // 20,000 / 40 = 500.
    const r = customerAcquisitionCost(input, { method: 'paid' });
    expect(r.value?.toString()).toBe('500');
    expect(r.customerCount).toBe(40);
    expect(customerAcquisitionCost({ paidCost: '0.30', paidNewCustomers: 3 }, { method: 'paid' }).value?.toString()).toBe('0.1');
  });

  it('rounds on request and gives null with a reason for no new customers', () => {
    // 1000 / 3 = 333.333… → 333.33.
    expect(customerAcquisitionCost({ salesAndMarketingCost: 1000, newCustomers: 3 }, { round: { places: 2 } }).value?.toString()).toBe('333.33');
    const r = customerAcquisitionCost({ salesAndMarketingCost: 1000, newCustomers: 0 });
    expect(r.value).toBeNull();
    expect(r.reason).toBe('no new customers: the cost per new customer is undefined');
    expect(r.display).toBeNull();
    // 1000 / 3 = 333.333… shown as '333.33'; 1000 / 16 = 62.5 with 0 places, half away from zero: '63'.
    expect(customerAcquisitionCost({ salesAndMarketingCost: 1000, newCustomers: 3 }).display).toBe('333.33');
    expect(customerAcquisitionCost({ salesAndMarketingCost: 1000, newCustomers: 16 }, { displayDecimals: 0 }).display).toBe('63');
  });

  it('rejects bad input', () => {
    expect(thrown(() => customerAcquisitionCost({ salesAndMarketingCost: 1, newCustomers: -3 })).message).toBe(
      'customerAcquisitionCost: newCustomers must be a non-negative integer, got -3',
    );
    expect(thrown(() => customerAcquisitionCost({ salesAndMarketingCost: -1, newCustomers: 3 })).path).toEqual(['salesAndMarketingCost']);
    expect(thrown(() => customerAcquisitionCost({ paidCost: 1, paidNewCustomers: 3 })).path).toEqual(['salesAndMarketingCost']);
    expect(thrown(() => customerAcquisitionCost({ salesAndMarketingCost: 1, newCustomers: 3 }, { method: 'paid' })).path).toEqual(['paidCost']);
    expect(thrown(() => customerAcquisitionCost({ ...input, paidNewCustomers: 200 })).code).toBe('inconsistent');
    expect(thrown(() => customerAcquisitionCost({ ...input, paidCost: '50000.01' })).path).toEqual(['paidCost']);
    expect(thrown(() => customerAcquisitionCost({ ...input, spend: 1 } as never)).path).toEqual(['spend']);
    expect(thrown(() => customerAcquisitionCost(input, { method: 'organic' as never })).path).toEqual(['options', 'method']);
  });
});
