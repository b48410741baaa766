import { describe, expectTypeOf, it } from 'vitest';
import { type KpiDecimal } from '../../src/core/decimal.js';
import { churnRate, funnel, retentionRate, revenueChurn, viralCoefficient, type ChurnRateMethod } from '../../src/growth/index.js';

describe('growth public types', () => {
  it('rates may be null; MRR amounts are Decimals', () => {
    expectTypeOf(retentionRate({ customersAtStart: 200, customersAtEnd: 210, newCustomers: 40 }).value).toEqualTypeOf<number | null>();
    expectTypeOf<ChurnRateMethod>().toEqualTypeOf<'start' | 'average'>();
    expectTypeOf(revenueChurn({ startingMrr: 100, churnedMrr: 15, contractionMrr: 5 }).netLostMrr).toEqualTypeOf<KpiDecimal>();
    expectTypeOf(viralCoefficient({ customers: 100, invitationsPerCustomer: 3, invitationConversion: 0.5 }).selfSustaining).toEqualTypeOf<boolean>();
    expectTypeOf(funnel({ stages: [{ name: 'visit', count: 10 }] }).stages[0]!.name).toBeString();
    // @ts-expect-error — the churn method is a union
    churnRate({ customersAtStart: 1, customersLost: 0 }, { method: 'end' });
  });
});
