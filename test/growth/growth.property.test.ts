import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { churnRate } from '../../src/growth/churn-rate.js';
import { conversionRate } from '../../src/growth/conversion-rate.js';
import { funnel } from '../../src/growth/funnel.js';
import { referralRate } from '../../src/growth/referral-rate.js';
import { retentionRate } from '../../src/growth/retention-rate.js';
import { revenueChurn } from '../../src/growth/revenue-churn.js';
import { revenueRetention } from '../../src/growth/revenue-retention.js';
import { viralCoefficient } from '../../src/growth/viral-coefficient.js';

const count = fc.integer({ min: 0, max: 1_000_000 });
/** One ulp-scale tolerance for identities between separately rounded divisions. */
const EPS = 4 * Number.EPSILON;

/** A period: start, lost of start, new customers, end = start − lost + new. */
const period = fc.tuple(count, count, fc.double({ min: 0, max: 1, noNaN: true })).map(([start, added, share]) => {
  const lost = Math.floor(start * share);
  return { start, lost, added, end: start - lost + added };
});

function inUnit(x: number | null): void {
  if (x === null) return;
  expect(x).toBeGreaterThanOrEqual(0);
  expect(x).toBeLessThanOrEqual(1);
}

describe('customer rates: bounds, consistency, monotonicity', () => {
  it('retention and churn (start) lie in [0, 1], inside their Wilson intervals, and sum to 1 with no new customers', () => {
    fc.assert(
      fc.property(period, ({ start, lost, added, end }) => {
        const r = retentionRate({ customersAtStart: start, customersAtEnd: end, newCustomers: added });
        const c = churnRate({ customersAtStart: start, customersLost: lost, customersAtEnd: end });
        inUnit(r.value);
        inUnit(c.value);
        expect(r.value === null).toBe(start === 0);
        expect(c.value === null).toBe(start === 0);
        for (const x of [r, c]) {
          if (x.value !== null) {
            expect(x.interval!.lower).toBeLessThanOrEqual(x.value);
            expect(x.interval!.upper).toBeGreaterThanOrEqual(x.value);
          } else expect(x.interval).toBeNull();
        }
        // The definitions agree: retained = start − lost, so retention = 1 − churn('start').
        if (start > 0) expect(Math.abs((r.value as number) + (c.value as number) - 1)).toBeLessThanOrEqual(EPS);
        const noNew = retentionRate({ customersAtStart: start, customersAtEnd: start - lost, newCustomers: 0 });
        if (start > 0) expect(Math.abs((noNew.value as number) - (1 - (c.value as number)))).toBeLessThanOrEqual(EPS);
      }),
    );
  });

  it("churn ('average') is ≥ 0, finite, and at most 2", () => {
    fc.assert(
      fc.property(period, ({ start, lost, end }) => {
        const c = churnRate({ customersAtStart: start, customersLost: lost, customersAtEnd: end }, { method: 'average' });
        if (start + end === 0) expect(c.value).toBeNull();
        else {
          expect(Number.isFinite(c.value)).toBe(true);
          expect(c.value).toBeGreaterThanOrEqual(0);
          expect(c.value).toBeLessThanOrEqual(2);
          expect(c.denominator).toBe((start + end) / 2);
        }
      }),
    );
  });

  it('one more customer lost never lowers churn; one more retained never lowers retention', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (start, share) => {
        const lost = Math.min(start - 1, Math.floor(start * share));
        const a = churnRate({ customersAtStart: start, customersLost: lost }).value as number;
        const b = churnRate({ customersAtStart: start, customersLost: lost + 1 }).value as number;
        expect(b).toBeGreaterThan(a);
        const ra = retentionRate({ customersAtStart: start, customersAtEnd: lost + 5, newCustomers: 5 }).value as number;
        const rb = retentionRate({ customersAtStart: start, customersAtEnd: lost + 6, newCustomers: 5 }).value as number;
        expect(rb).toBeGreaterThan(ra);
      }),
    );
  });

  it('conversion lies in [0, 1] and equals a two-stage funnel; referral rate is ≥ 0', () => {
    fc.assert(
      fc.property(count, count, (a, b) => {
        const leads = Math.max(a, b);
        const customers = Math.min(a, b);
        const c = conversionRate({ leads, customerCount: customers });
        inUnit(c.value);
        const f = funnel({
          stages: [
            { name: 'leads', count: leads },
            { name: 'customers', count: customers },
          ],
        });
        expect(f.value).toBe(c.value);
        const r = referralRate({ referredLeads: a, activeCustomers: b });
        expect(r.value === null).toBe(b === 0);
        if (r.value !== null) expect(r.value).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('funnel: every conversion in [0, 1]; overall = product of the steps; the input is not mutated', () => {
    const stagesArb = fc
      .array(count, { minLength: 1, maxLength: 8 })
      .map((xs) => [...xs].sort((x, y) => y - x).map((n, i) => ({ name: `stage ${i}`, count: n })));
    fc.assert(
      fc.property(stagesArb, (stages) => {
        const copy = JSON.stringify(stages);
        const f = funnel({ stages });
        expect(JSON.stringify(stages)).toBe(copy);
        expect(f.stages).toHaveLength(stages.length);
        let product = 1;
        for (const s of f.stages) {
          inUnit(s.stepConversion);
          inUnit(s.overallConversion);
          expect(s.dropOff).toBeGreaterThanOrEqual(0);
          if (s.stepConversion !== null) product *= s.stepConversion;
        }
        const last = f.stages[f.stages.length - 1]!;
        expect(f.value).toBe(last.overallConversion);
        if (f.value !== null && f.stages.every((s) => s.stepConversion !== null)) expect(Math.abs(product - f.value)).toBeLessThanOrEqual(1e-12);
      }),
    );
  });

  it('a count that increases along the funnel is always rejected', () => {
    fc.assert(
      fc.property(count, fc.integer({ min: 1, max: 1000 }), (n, more) => {
        expect(() =>
          funnel({
            stages: [
              { name: 'a', count: n },
              { name: 'b', count: n + more },
            ],
          }),
        ).toThrow(KpiInputError);
      }),
    );
  });
});

/** Amounts in cents (exact reference by integer arithmetic), shown as decimal strings. */
const cents = fc.integer({ min: 0, max: 10_000_000_000 });
const money = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
const movements = fc.tuple(cents, cents, cents, cents, cents).map(([start, a, b, expansion, reactivation]) => {
  const churned = Math.min(a, start);
  const contraction = Math.min(b, start - churned);
  return { start, churned, contraction, expansion, reactivation };
});

describe('revenue rates: bounds, consistency, exactness', () => {
  it('gross churn and GRR lie in [0, 1], NRR ≥ GRR ≥ 0, GRR = 1 − gross churn, NRR = 1 − net churn', () => {
    fc.assert(
      fc.property(movements, ({ start, churned, contraction, expansion, reactivation }) => {
        const input = { startingMrr: money(start), churnedMrr: money(churned), contractionMrr: money(contraction), expansionMrr: money(expansion) };
        const ch = revenueChurn(input);
        const re = revenueRetention(input);
        if (start === 0) {
          expect([ch.value, ch.net, re.value, re.net]).toEqual([null, null, null, null]);
          return;
        }
        inUnit(ch.gross);
        inUnit(re.gross);
        expect(ch.net as number).toBeLessThanOrEqual(ch.gross as number);
        expect(re.net as number).toBeGreaterThanOrEqual(re.gross as number);
        expect(Math.abs((re.gross as number) + (ch.gross as number) - 1)).toBeLessThanOrEqual(EPS);
        expect(Math.abs((re.net as number) + (ch.net as number) - 1)).toBeLessThanOrEqual(EPS * Math.max(1, Math.abs(re.net as number)));
        // Exact amounts: the lost MRR is the integer sum of cents, to the cent.
        expect(ch.lostMrr.toFixed(2)).toBe(money(churned + contraction));
        expect(re.endingMrr.toFixed(2)).toBe(money(start - churned - contraction + expansion));
        // The rate is the exact quotient rounded once: for cents it equals the integer division.
        expect(ch.gross).toBe((churned + contraction) / start);
        // Reactivation only lowers net churn.
        const withReactivation = revenueChurn({ ...input, reactivationMrr: money(reactivation) });
        expect(withReactivation.net as number).toBeLessThanOrEqual(ch.net as number);
        expect(withReactivation.gross).toBe(ch.gross);
      }),
    );
  });

  it('money inputs are exact: tenths as numbers sum without float error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (a, b) => {
        // Starting MRR a/10 + b/10, lost exactly all of it: gross churn is exactly 1.
        const r = revenueChurn({ startingMrr: (a + b) / 10, churnedMrr: a / 10, contractionMrr: b / 10 });
        expect(r.gross).toBe(1);
        expect(revenueRetention({ startingMrr: (a + b) / 10, churnedMrr: a / 10, contractionMrr: b / 10 }).gross).toBe(0);
      }),
    );
  });
});

describe('viral coefficient', () => {
  const rate = fc.integer({ min: 0, max: 2000 }).map((n) => n / 100);
  const share = fc.integer({ min: 0, max: 100 }).map((n) => n / 100);

  it('K ≥ 0; self-sustaining iff K > 1; the projection is the geometric sum and grows with the cycles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), rate, share, fc.integer({ min: 0, max: 12 }), (u0, i, c, n) => {
        const v = viralCoefficient({ customerCount: u0, invitationsPerCustomer: i, invitationConversion: c }, { cycles: n });
        expect(v.value).toBeGreaterThanOrEqual(0);
        expect(v.selfSustaining).toBe(v.value > 1);
        let sum = 0;
        let term = u0;
        for (let t = 0; t <= n; t++) {
          sum += term;
          term *= v.value;
        }
        expect(Math.abs((v.projectedCustomers as number) - sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, sum));
        expect(v.projectedCustomers as number).toBeGreaterThanOrEqual(u0);
        const next = viralCoefficient({ customerCount: u0, invitationsPerCustomer: i, invitationConversion: c }, { cycles: n + 1 });
        expect(next.projectedCustomers as number).toBeGreaterThanOrEqual(v.projectedCustomers as number);
      }),
    );
  });

  it('the K = 1 limit is continuous: K near 1 gives nearly U₀ (n + 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 50 }), fc.constantFrom('0.999999999', '1.000000001'), (u0, n, k) => {
        const v = viralCoefficient({ customerCount: u0, invitationsPerCustomer: k, invitationConversion: 1 }, { cycles: n });
        expect(Math.abs((v.projectedCustomers as number) - u0 * (n + 1)) / (u0 * (n + 1))).toBeLessThan(1e-6);
      }),
    );
  });
});

describe('bad input always yields KpiInputError, never NaN or Infinity', () => {
  const anything = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double(), fc.string({ maxLength: 4 }), fc.constant(undefined), fc.constant(null), fc.boolean());
  const calls: readonly ((a: unknown, b: unknown, c: unknown) => { value: unknown })[] = [
    (a, b, c) => retentionRate({ customersAtStart: a, customersAtEnd: b, newCustomers: c } as never),
    (a, b, c) => churnRate({ customersAtStart: a, customersLost: b, customersAtEnd: c } as never),
    (a, b, c) => revenueChurn({ startingMrr: a, churnedMrr: b, contractionMrr: c } as never),
    (a, b, c) => revenueRetention({ startingMrr: a, churnedMrr: b, contractionMrr: 0, expansionMrr: c } as never),
    (a, b) => conversionRate({ leads: a, customerCount: b } as never),
    (a, b) => referralRate({ referredLeads: a, activeCustomers: b } as never),
    (a, b) =>
      funnel({
        stages: [
          { name: 'a', count: a },
          { name: 'b', count: b },
        ],
      } as never),
    (a, b, c) => viralCoefficient({ customerCount: a, invitationsPerCustomer: b, invitationConversion: c } as never, { cycles: 3 }),
  ];

  it('returns a finite value or null, or throws KpiInputError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: calls.length - 1 }), anything, anything, anything, (k, a, b, c) => {
        let result: { value: unknown } | undefined;
        try {
          result = calls[k]!(a, b, c);
        } catch (error) {
          expect(error).toBeInstanceOf(KpiInputError);
          return;
        }
        expect(result.value === null || Number.isFinite(result.value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('negative counts are always rejected', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: -1 }), count, (neg, n) => {
        expect(() => retentionRate({ customersAtStart: n, customersAtEnd: neg, newCustomers: 0 })).toThrow(KpiInputError);
        expect(() => churnRate({ customersAtStart: neg, customersLost: 0 })).toThrow(KpiInputError);
        expect(() => churnRate({ customersAtStart: n, customersLost: n + 1 })).toThrow(KpiInputError);
        expect(() => conversionRate({ leads: n, customerCount: neg })).toThrow(KpiInputError);
        expect(() => referralRate({ referredLeads: neg, activeCustomers: n })).toThrow(KpiInputError);
        expect(() => revenueChurn({ startingMrr: n, churnedMrr: neg, contractionMrr: 0 })).toThrow(KpiInputError);
      }),
    );
  });
});
