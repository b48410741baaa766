import { describe, expectTypeOf, it } from 'vitest';
import { type KpiDecimal } from '../../src/core/decimal.js';
import {
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
import { RevenueLineSchema } from '../../src/schemas/index.js';

describe('finance public types', () => {
  it('money results are Decimals; undefined ratios are null', () => {
    expectTypeOf(netCash({ operatingCashFlow: '1', investments: 0, workingCapitalIncrease: 0 }).value).toEqualTypeOf<KpiDecimal>();
    const cost = costPerResolution({ operatingCost: 100, ticketCount: 0 }, { basis: 'tickets', displayDecimals: 2 });
    expectTypeOf(cost.value).toEqualTypeOf<KpiDecimal | null>();
    expectTypeOf(cost.display).toEqualTypeOf<string | null>();
    expectTypeOf(cost.basis).toEqualTypeOf<'tickets' | 'resolved'>();
    expectTypeOf(cost.denominator).toEqualTypeOf<number>();
    expectTypeOf(netCash({ operatingCashFlow: '1', investments: 0, workingCapitalIncrease: 0 }).display).toEqualTypeOf<string>();
    expectTypeOf(revenue({ lines: [{ amount: '1.00' }] }).lineCount).toEqualTypeOf<number>();
    expectTypeOf(revenue({ lines: [{ amount: '1.00' }] }).growth?.reason).toEqualTypeOf<string | null | undefined>();
    // A churnRate result (or its float value) is a churn rate input of lifetimeValue.
    lifetimeValue({ averageRevenuePerAccount: 1, grossMargin: 1, churnRate: { value: 1 / 3, reason: null } }, { method: 'churn' });
    // @ts-expect-error — the count of tickets is ticketCount
    costPerResolution({ operatingCost: 100, tickets: 0 });
    // @ts-expect-error — the option picking the count is basis
    costPerResolution({ operatingCost: 100, ticketCount: 0 }, { denominator: 'tickets' });
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
