import { describe, expectTypeOf, it } from 'vitest';
import { type KpiDecimal } from '../../src/core/decimal.js';
import {
  type Accumulator,
  type AccumulatorFactory,
  type AccumulatorJSON,
  type ChurnRateAccumulatorOptions,
  type ChurnRateMethod,
  type ChurnRateResult,
  type CohortRow,
  type CustomerRecord,
  type RevenueChurnResult,
  churnRate,
  conversionRate,
  churnRateAccumulator,
  cohortRetention,
  cohortRetentionAccumulator,
  funnel,
  retentionRate,
  revenueChurn,
  revenueChurnAccumulator,
  revenueRetention,
  viralCoefficient,
} from '../../src/growth/index.js';
import { CustomerRecordSchema } from '../../src/schemas/index.js';

describe('growth public types', () => {
  it('rates may be null; MRR amounts are Decimals', () => {
    expectTypeOf(retentionRate({ customersAtStart: 200, customersAtEnd: 210, newCustomers: 40 }).value).toEqualTypeOf<number | null>();
    expectTypeOf<ChurnRateMethod>().toEqualTypeOf<'start' | 'average'>();
    expectTypeOf(revenueChurn({ startingMrr: 100, churnedMrr: 15, contractionMrr: 5 }).netLostMrr).toEqualTypeOf<KpiDecimal>();
    expectTypeOf(viralCoefficient({ customerCount: 100, invitationsPerCustomer: 3, invitationConversion: 0.5 }).selfSustaining).toEqualTypeOf<boolean>();
    expectTypeOf(viralCoefficient({ customerCount: 100, invitationsPerCustomer: 3, invitationConversion: 0.5 }).customerCount).toEqualTypeOf<number>();
    expectTypeOf(funnel({ stages: [{ name: 'visit', count: 10 }] }).stages[0]!.name).toBeString();
    expectTypeOf(funnel({ stages: [{ name: 'visit', count: 10 }] }).stages[0]!.reason).toEqualTypeOf<string | null>();
    expectTypeOf(revenueRetention({ startingMrr: 1, churnedMrr: 0, contractionMrr: 0, reactivationMrr: '1' }).reactivationMrr).toEqualTypeOf<KpiDecimal>();
    // @ts-expect-error — the count of converted leads is customerCount
    conversionRate({ leads: 10, customers: 3 });
    // @ts-expect-error — the churn method is a union
    churnRate({ customersAtStart: 1, customersLost: 0 }, { method: 'end' });
  });

  it('customer records: optional id, exact mrr and currency; the schema parses to a CustomerRecord', () => {
    expectTypeOf<{ customerId: 'c-1'; startedAt: string; mrr: '49.90'; currency: 'EUR' }>().toMatchTypeOf<CustomerRecord>();
    expectTypeOf<{ startedAt: number; mrr: null; customerId: 7 }>().toMatchTypeOf<CustomerRecord>();
    expectTypeOf<{ startedAt: number; mrr: boolean }>().not.toMatchTypeOf<CustomerRecord>();
    expectTypeOf<{ customerId: { id: 1 }; startedAt: number }>().not.toMatchTypeOf<CustomerRecord>();
    expectTypeOf(CustomerRecordSchema.parse({ startedAt: 0 })).toEqualTypeOf<CustomerRecord>();
  });

  it('revenue from records has the result of the amounts form, with a currency', () => {
    const customers = [{ startedAt: 0, mrr: 5 }];
    expectTypeOf(revenueChurn({ customers, periodStart: 0, periodEnd: 1 }, { timeZone: 'UTC' })).toEqualTypeOf<RevenueChurnResult>();
    expectTypeOf(revenueRetention({ customers, periodStart: 0, periodEnd: 1 }).currency).toEqualTypeOf<string | null>();
    // @ts-expect-error — revenueChurn has no method option
    revenueChurn({ customers, periodStart: 0, periodEnd: 1 }, { method: 'net' });
  });

  it('revenue-weighted cohorts: fields always present, null when the revenue is unknown', () => {
    const r = cohortRetention({ customers: [{ startedAt: 0 }] }, { period: 'month', asOf: 0 });
    expectTypeOf(r.revenueValue).toEqualTypeOf<readonly (number | null)[] | null>();
    expectTypeOf(r.revenueReason).toEqualTypeOf<string | null>();
    expectTypeOf<CohortRow['revenue']>().toEqualTypeOf<KpiDecimal | null>();
    expectTypeOf<CohortRow['retainedRevenue']>().toEqualTypeOf<readonly (KpiDecimal | null)[]>();
    expectTypeOf<CohortRow['revenueShares']>().toEqualTypeOf<readonly (number | null)[]>();
    expectTypeOf(r.excluded).toEqualTypeOf<{ readonly afterAsOf: number; readonly withoutMrr: number }>();
  });

  it('accumulators: the one contract of core, created with options, reachable as metric.accumulator, JSON state typed', () => {
    const acc = churnRateAccumulator.create({ periodStart: 0, periodEnd: 1, method: 'average' });
    expectTypeOf(acc).toEqualTypeOf<Accumulator<ReturnType<typeof churnRate>, CustomerRecord>>();
    expectTypeOf(churnRateAccumulator).toMatchTypeOf<AccumulatorFactory<ChurnRateAccumulatorOptions, ChurnRateResult, CustomerRecord>>();
    expectTypeOf(acc.add({ startedAt: 0 }).addAll([], 3).result().value).toEqualTypeOf<number | null>();
    expectTypeOf(acc.toJSON()).toEqualTypeOf<AccumulatorJSON>();
    expectTypeOf(acc.toJSON().options).toEqualTypeOf<AccumulatorJSON['options']>();
    expectTypeOf(acc.n).toEqualTypeOf<number>();
    expectTypeOf(churnRate.accumulator).toEqualTypeOf(churnRateAccumulator);
    expectTypeOf(cohortRetentionAccumulator.fromJSON({}).result().cohorts).toEqualTypeOf<readonly CohortRow[]>();
    expectTypeOf(revenueChurnAccumulator.create({ periodStart: 0, periodEnd: 1 }).result().startingMrr).toEqualTypeOf<KpiDecimal>();
    // fromJSON takes the state alone: its options travel in it.
    expectTypeOf(churnRateAccumulator.fromJSON).parameters.toEqualTypeOf<[json: unknown]>();
    // @ts-expect-error — the period accumulators need the period's snapshots
    churnRateAccumulator.create({ method: 'start' });
    // @ts-expect-error — cohort accumulators need asOf
    cohortRetentionAccumulator.create({ period: 'month' });
    // @ts-expect-error — records are customer records
    acc.add({ endedAt: 0 });
  });
});
