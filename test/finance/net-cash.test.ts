import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { freeCashFlow } from '../../src/finance/free-cash-flow.js';
import { netCash } from '../../src/finance/net-cash.js';
import { thrown } from '../helpers.js';

describe('netCash', () => {
  it('golden (docs/metrics.md#netcash-and-freecashflow): 120,000.10 − 30,000.05 − 10,000.02 = 80,000.03 exactly', () => {
    for (const input of [
      { operatingCashFlow: 120000.1, investments: 30000.05, workingCapitalIncrease: 10000.02 },
      { operatingCashFlow: '120000.10', investments: '30000.05', workingCapitalIncrease: '10000.02' },
      { operatingCashFlow: new KpiDecimal('120000.10'), investments: 30000.05, workingCapitalIncrease: '10000.02' },
    ]) {
      const r = netCash(input);
      expect(r.value).toBeInstanceOf(KpiDecimal);
      expect(r.value.toString()).toBe('80000.03');
      expect(r.value.eq('80000.03')).toBe(true);
    }
    const r = netCash({ operatingCashFlow: '120000.10', investments: '30000.05', workingCapitalIncrease: '10000.02', currency: 'EUR' });
    expect(JSON.parse(JSON.stringify(r))).toEqual({
      value: '80000.03',
      display: '80000.03',
      operatingCashFlow: '120000.1',
      investments: '30000.05',
      workingCapitalIncrease: '10000.02',
      currency: 'EUR',
      round: null,
    });
  });

  it('takes negative amounts and rounds on request', () => {
    // −100 − (−50) − 25 = −75; 100 − 33.333 = 66.667 → 66.67 half-up.
    expect(netCash({ operatingCashFlow: -100, investments: -50, workingCapitalIncrease: 25 }).value.toString()).toBe('-75');
    expect(
      netCash({ operatingCashFlow: 100, investments: 33.333, workingCapitalIncrease: 0 }, { round: { places: 2, mode: 'ROUND_HALF_UP' } }).value.toString(),
    ).toBe('66.67');
  });

  it('rejects inexact numbers and missing or unknown fields', () => {
    const e = thrown(() => netCash({ operatingCashFlow: 0.1 + 0.2, investments: 2 ** 60, workingCapitalIncrease: 'abc' }));
    expect(e.issues.map((i) => [i.code, i.path[0]])).toEqual([
      ['out_of_range', 'operatingCashFlow'],
      ['out_of_range', 'investments'],
      ['invalid_value', 'workingCapitalIncrease'],
    ]);
    expect(e.issues[0]?.message).toMatch(/more than 15 significant digits/);
    expect(e.issues[1]?.message).toMatch(/MAX_SAFE_INTEGER/);
    expect(thrown(() => netCash({ operatingCashFlow: 1, investments: 1 } as never)).path).toEqual(['workingCapitalIncrease']);
    expect(thrown(() => netCash({ operatingCashFlow: 1, investments: 1, workingCapitalIncrease: 1, capex: 1 } as never)).path).toEqual(['capex']);
    expect(thrown(() => netCash(null as never)).code).toBe('invalid_type');
  });
});

describe('freeCashFlow', () => {
  it('is operating cash flow − capital expenditure, exact', () => {
    // 120,000.10 − 45,000.25 = 74,999.85; 0.3 − 0.1 = 0.2.
    expect(freeCashFlow({ operatingCashFlow: '120000.10', capitalExpenditure: '45000.25', currency: 'EUR' }).value.toString()).toBe('74999.85');
    expect(freeCashFlow({ operatingCashFlow: 0.3, capitalExpenditure: 0.1 }).value.toString()).toBe('0.2');
    expect(freeCashFlow({ operatingCashFlow: 1, capitalExpenditure: 0.125 }, { round: { places: 2 } }).value.toString()).toBe('0.88');
  });

  it('rejects bad input', () => {
    expect(thrown(() => freeCashFlow({ operatingCashFlow: 1 } as never)).path).toEqual(['capitalExpenditure']);
    expect(thrown(() => freeCashFlow({ operatingCashFlow: 1, capitalExpenditure: NaN })).code).toBe('not_finite');
  });
});
