import { describe, expectTypeOf, it } from 'vitest';
import { type KpiDecimal } from '../../src/core/decimal.js';
import {
  RevenueLineSchema,
  costPerResolution,
  lifetimeValue,
  netCash,
  revenue,
  revenueAccumulator,
  type Accumulator,
  type AccumulatorFactory,
  type AccumulatorJSON,
  type LifetimeValueMethod,
  type RevenueAccumulatorOptions,
  type RevenueLine,
  type RevenueResult,
} from '../../src/finance/index.js';

describe('finance public types', () => {
  it('money results are Decimals; undefined ratios are null', () => {
    expectTypeOf(netCash({ operatingCashFlow: '1', investments: 0, workingCapitalIncrease: 0 }).value).toEqualTypeOf<KpiDecimal>();
    expectTypeOf(costPerResolution({ operatingCost: 100, tickets: 0 }).value).toEqualTypeOf<KpiDecimal | null>();
    expectTypeOf<LifetimeValueMethod>().toEqualTypeOf<'lifespan' | 'churn' | 'discounted'>();
    expectTypeOf(lifetimeValue({ lifespanMonths: 24, monthlyRevenue: '49.90' }).value).toEqualTypeOf<KpiDecimal | null>();
    expectTypeOf(revenue({ lines: [{ amount: '1.00' }] }).value).toEqualTypeOf<KpiDecimal>();
  });

  it("the revenue accumulator is core's Accumulator of the revenue result; the schema parses to a line", () => {
    expectTypeOf(revenueAccumulator).toEqualTypeOf<AccumulatorFactory<RevenueAccumulatorOptions, RevenueResult>>();
    const acc = revenueAccumulator.create({ period: 'month', currency: 'EUR' });
    expectTypeOf(acc).toEqualTypeOf<Accumulator<RevenueResult>>();
    expectTypeOf(acc.addAll([{ amount: 1 }]).result()).toEqualTypeOf<RevenueResult>();
    expectTypeOf(acc.toJSON()).toEqualTypeOf<AccumulatorJSON>();
    expectTypeOf(revenueAccumulator.fromJSON(acc.toJSON())).toEqualTypeOf<Accumulator<RevenueResult>>();
    expectTypeOf(revenue.accumulator).toEqualTypeOf(revenueAccumulator);
    expectTypeOf(RevenueLineSchema.parse({ amount: 1 })).toEqualTypeOf<RevenueLine>();
    // @ts-expect-error — the options are those of revenue, and currency
    revenueAccumulator.create({ periods: 'month' });
    // @ts-expect-error — fromJSON takes the state alone: its options travel inside it
    revenueAccumulator.fromJSON(acc.toJSON(), { period: 'month' });
  });

  it('inputs are checked', () => {
    // @ts-expect-error — an amount is a number, string or Decimal
    netCash({ operatingCashFlow: true, investments: 0, workingCapitalIncrease: 0 });
    // @ts-expect-error — rounding modes are decimal.js names
    netCash({ operatingCashFlow: 1, investments: 0, workingCapitalIncrease: 0 }, { round: { places: 2, mode: 'HALF_UP' } });
  });
});
