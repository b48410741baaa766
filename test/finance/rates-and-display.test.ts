import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { KpiInputError } from '../../src/core/errors.js';
import { costPerResolution } from '../../src/finance/cost-per-resolution.js';
import { customerAcquisitionCost } from '../../src/finance/customer-acquisition-cost.js';
import { freeCashFlow } from '../../src/finance/free-cash-flow.js';
import { lifetimeValue } from '../../src/finance/lifetime-value.js';
import { netCash } from '../../src/finance/net-cash.js';
import { revenue } from '../../src/finance/revenue.js';
import { churnRate } from '../../src/growth/churn-rate.js';
import { retentionRate } from '../../src/growth/retention-rate.js';
import { formatValue } from '../../src/report/format.js';
import { thrown } from '../helpers.js';

describe('lifetimeValue takes a churn rate as a float share or as the churnRate result', () => {
  it('a float share such as 1 / 3 is read as the decimal String(x) prints', () => {
    // churnRate(3 at start, 1 lost).value = 1 / 3 = 0.3333333333333333 (a double, 16 digits).
    // By hand: periods = 1 / 0.3333333333333333 = 3.00000000000000030000000000000003…;
    // value = 30 × periods = 90.0000000000000090000000000000009…, shown as '90.00'.
    const churn = churnRate({ customersAtStart: 3, customersLost: 1 });
    expect(churn.value).toBe(1 / 3);
    const r = lifetimeValue({ averageRevenuePerAccount: 30, grossMargin: 1, churnRate: churn.value as number }, { method: 'churn' });
    expect(r.lifetimePeriods?.toString().startsWith('3.0000000000000003')).toBe(true);
    expect(r.value?.toString().startsWith('90.000000000000009')).toBe(true);
    expect(r.display).toBe('90.00');
    // The same as the decimal string the float prints.
    expect(
      lifetimeValue({ averageRevenuePerAccount: 30, grossMargin: 1, churnRate: '0.3333333333333333' }, { method: 'churn' }).value?.eq(r.value as KpiDecimal),
    ).toBe(true);
    // A short float stays exactly its decimal: 0.05 → 20 periods.
    expect(lifetimeValue({ averageRevenuePerAccount: 100, grossMargin: 1, churnRate: 0.05 }, { method: 'churn' }).value?.toString()).toBe('2000');
  });

  it('the churnRate result itself is read from its counts, exactly', () => {
    // 1 lost of 3: periods = 3 / 1 = 3; value = 30 × 3 = 90 exactly.
    const churn = churnRate({ customersAtStart: 3, customersLost: 1 });
    const r = lifetimeValue({ averageRevenuePerAccount: 30, grossMargin: 1, churnRate: churn }, { method: 'churn' });
    expect(r.value?.toString()).toBe('90');
    expect(r.lifetimePeriods?.toString()).toBe('3');
    // Method 'average': 30 lost / ((200 + 210) / 2 = 205) → periods 205 / 30 = 6.8333…; × 60 = 410 exactly.
    const average = churnRate({ customersAtStart: 200, customersLost: 30, customersAtEnd: 210 }, { method: 'average' });
    expect(lifetimeValue({ averageRevenuePerAccount: 60, grossMargin: 1, churnRate: average }, { method: 'churn' }).value?.toString()).toBe('410');
    // 'discounted' with a churnRate result: r = 1 − 1/3 = 2/3, d = 0 → periods (2/3) / (1/3) = 2; 30 × 2 = 60.
    expect(lifetimeValue({ averageRevenuePerAccount: 30, grossMargin: 1, churnRate: churn, discountRate: 0 }, { method: 'discounted' }).value?.toString()).toBe(
      '60',
    );
    // And a retentionRate result as retentionRate: 2 retained of 3 → the same 60.
    const retention = retentionRate({ customersAtStart: 3, customersAtEnd: 2, newCustomers: 0 });
    expect(
      lifetimeValue({ averageRevenuePerAccount: 30, grossMargin: 1, retentionRate: retention, discountRate: 0 }, { method: 'discounted' }).value?.toString(),
    ).toBe('60');
  });

  it('a result whose value is null is refused, naming its reason; a result above 1 is out of range', () => {
    const none = churnRate({ customersAtStart: 0, customersLost: 0 });
    const e = thrown(() => lifetimeValue({ averageRevenuePerAccount: 30, grossMargin: 1, churnRate: none }, { method: 'churn' }));
    expect(e.code).toBe('out_of_range');
    expect(e.path).toEqual(['churnRate', 'value']);
    expect(e.message).toBe(
      'lifetimeValue: churnRate is a result whose value is null (no customers at start: the churn rate is undefined): there is no rate to use; pass a share from 0 to 1 (0.05 is 5 %) instead',
    );
    // 'average' churn can exceed 1 (30 lost of an average of 20): not a share.
    const over = churnRate({ customersAtStart: 30, customersLost: 30, customersAtEnd: 10 }, { method: 'average' });
    expect(over.value).toBe(1.5);
    expect(thrown(() => lifetimeValue({ averageRevenuePerAccount: 30, grossMargin: 1, churnRate: over }, { method: 'churn' })).path).toEqual([
      'churnRate',
      'value',
    ]);
    // Non-finite floats and other objects stay errors.
    for (const bad of [NaN, Infinity, { value: 'x' }, { value: undefined }]) {
      expect(() => lifetimeValue({ averageRevenuePerAccount: 1, grossMargin: 1, churnRate: bad as never }, { method: 'churn' })).toThrow(KpiInputError);
    }
  });

  it('property: the churnRate result gives exactly ARPA × margin × start / lost; its float gives the same to 15 digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 0, max: 100_000 }), (a, b, arpaCents) => {
        const start = Math.max(a, b);
        const lost = Math.min(a, b);
        const churn = churnRate({ customersAtStart: start, customersLost: lost });
        const arpa = new KpiDecimal(arpaCents).div(100);
        const r = lifetimeValue({ averageRevenuePerAccount: arpa, grossMargin: '0.8', churnRate: churn }, { method: 'churn' });
        // Reference by hand: ARPA × 0.8 × start / lost, computed once at 60 digits (the library
        // divides by lost / start, itself rounded to 60 digits: agreement to 58 digits).
        const expected = arpa.times('0.8').times(start).div(lost);
        expect((r.value as KpiDecimal).minus(expected).abs().lte(expected.abs().times('1e-58'))).toBe(true);
        const f = lifetimeValue({ averageRevenuePerAccount: arpa, grossMargin: '0.8', churnRate: churn.value as number }, { method: 'churn' });
        expect((f.value as KpiDecimal).minus(expected).abs().lte(expected.abs().times('1e-15'))).toBe(true);
      }),
    );
  });
});

describe('money results carry display: the value rounded half away from zero to 2 places', () => {
  it('every money result of finance has it, and value stays exact', () => {
    // Hand calculations: 100 / 3 = 33.33…; 1000 / 6 = 166.66… → '166.67'; netCash 10.005 → '10.01'
    // (half away from zero; banker's rounding would give 10.00); freeCashFlow −0.125 → '-0.13'.
    expect(costPerResolution({ operatingCost: 100, ticketCount: 3 }).display).toBe('33.33');
    expect(customerAcquisitionCost({ salesAndMarketingCost: 1000, newCustomers: 6 }).display).toBe('166.67');
    expect(lifetimeValue({ lifespanMonths: 24, monthlyRevenue: '49.90' }).display).toBe('1197.60');
    expect(netCash({ operatingCashFlow: '10.005', investments: 0, workingCapitalIncrease: 0 }).display).toBe('10.01');
    expect(netCash({ operatingCashFlow: '10.005', investments: 0, workingCapitalIncrease: 0 }).value.toString()).toBe('10.005');
    expect(freeCashFlow({ operatingCashFlow: 0, capitalExpenditure: '0.125' }).display).toBe('-0.13');
    // A negative amount that rounds to zero is shown without a sign.
    expect(freeCashFlow({ operatingCashFlow: 0, capitalExpenditure: '0.001' }).display).toBe('0.00');
    // JPY has no minor unit: displayDecimals 0.
    expect(netCash({ operatingCashFlow: 1500.5, investments: 0, workingCapitalIncrease: 0, currency: 'JPY' }, { displayDecimals: 0 }).display).toBe('1501');
  });

  it('revenue: the total, each stream, each period and the undated lines; growth says why relative is null', () => {
    const r = revenue(
      {
        lines: [
          { amount: '0.005', stream: 'a', date: '2024-01-10' },
          { amount: 0, stream: 'b', date: '2024-02-10' },
          { amount: '12.5', stream: 'a', date: '2024-03-10' },
          { amount: 3 },
        ],
      },
      { period: 'month' },
    );
    // Total 0.005 + 0 + 12.5 + 3 = 15.505 → '15.51'.
    expect([r.value.toString(), r.display, r.lineCount]).toEqual(['15.505', '15.51', 4]);
    expect(r.byStream.map((s) => [s.stream, s.display, s.lineCount])).toEqual([
      ['a', '12.51', 2],
      ['b', '0.00', 1],
      [null, '3.00', 1],
    ]);
    expect(r.byPeriod?.map((p) => [p.key, p.display, p.lineCount])).toEqual([
      ['2024-01', '0.01', 1],
      ['2024-02', '0.00', 1],
      ['2024-03', '12.50', 1],
    ]);
    expect(r.undated).toMatchObject({ display: '3.00', lineCount: 1 });
    // January → February: (0 − 0.005) / 0.005 = −1; February → March: the earlier revenue is 0.
    expect(r.byPeriod?.[1]?.growth).toMatchObject({ reason: null });
    expect(r.byPeriod?.[1]?.growth?.relative?.toString()).toBe('-1');
    expect(r.growth).toMatchObject({ relative: null, reason: 'the revenue of 2024-02 is 0: the relative change is undefined' });
    expect(revenue({ lines: [{ amount: 1 }] }, { displayDecimals: 4 }).display).toBe('1.0000');
    expect(thrown(() => revenue({ lines: [] }, { displayDecimals: -1 })).path).toEqual(['options', 'displayDecimals']);
    // displayDecimals travels in the accumulator's options when it is not the default.
    expect(revenue.accumulator.create({ displayDecimals: 0 }).toJSON().options).toEqual({ displayDecimals: 0 });
    expect(revenue.accumulator.create({ displayDecimals: 2 }).toJSON().options).toEqual({});
  });

  it('property: display is the value rounded half away from zero (decimal.js ROUND_HALF_UP) with exactly n places', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 6 }),
        (units, scale, places) => {
          const amount = new KpiDecimal(units.toString()).div(new KpiDecimal(10).pow(scale));
          const r = netCash({ operatingCashFlow: amount, investments: 0, workingCapitalIncrease: 0 }, { displayDecimals: places });
          // Reference: round |x| half up by hand on the digits, then put the sign back.
          const abs = amount.abs();
          const shifted = abs.times(new Decimal(10).pow(places));
          const floor = shifted.floor();
          const rounded = shifted.minus(floor).gte(0.5) ? floor.plus(1) : floor;
          const magnitude = rounded.div(new Decimal(10).pow(places));
          const expected = (amount.isNegative() && !rounded.isZero() ? '-' : '') + magnitude.toFixed(places);
          expect(r.display).toBe(expected);
          expect(r.value.eq(amount)).toBe(true);
          const decimals = r.display.split('.')[1] ?? '';
          expect(decimals.length).toBe(places);
        },
      ),
    );
  });

  it('the report helpers show money with the same default: 2 places, half away from zero, when there are more', () => {
    // 100 / 3 → '33.33'; 0.125 → '0.13'; 999.995 → '1,000.00' (the carry runs through); −0.001 → '0.00'.
    expect(formatValue(costPerResolution({ operatingCost: 100, ticketCount: 3 }).value, 'money')).toBe('33.33');
    expect(formatValue('0.125', 'money')).toBe('0.13');
    expect(formatValue('999.995', 'money')).toBe('1,000.00');
    expect(formatValue('-1234.5678', 'money')).toBe('-1,234.57');
    expect(formatValue('-0.001', 'money')).toBe('0.00');
    // Two places or fewer are shown as they are.
    expect(formatValue('80000.03', 'money')).toBe('80,000.03');
    expect(formatValue('130.3', 'money')).toBe('130.3');
  });
});
