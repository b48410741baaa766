import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { cohortRetention } from '../../src/growth/cohort-retention.js';
import { conversionRate } from '../../src/growth/conversion-rate.js';
import { funnel } from '../../src/growth/funnel.js';
import { revenueChurn } from '../../src/growth/revenue-churn.js';
import { revenueRetention } from '../../src/growth/revenue-retention.js';
import { type ViralCoefficientOptions, viralCoefficient } from '../../src/growth/viral-coefficient.js';
import { thrown } from '../helpers.js';

const base = { customerCount: 10, invitationsPerCustomer: 2, invitationConversion: 0.5 };

/** Every number anywhere in a result is finite. */
function allFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(allFinite);
  return true;
}

describe('viralCoefficient keeps every figure finite', () => {
  it('rejects a horizon whose days or cycles overflow (the bound is 1e15), naming the option', () => {
    // 1e308 × 3 overflows a double: rejected rather than elapsedDays = Infinity.
    const e = thrown(() => viralCoefficient(base, { cycleDays: 1e308, cycles: 3 }));
    expect(e.code).toBe('out_of_range');
    expect(e.path).toEqual(['options', 'cycles']);
    expect(e.message).toContain('must be at most 1e15 days');
    // days / cycleDays = 1e10 / 1e-10 = 1e20 cycles.
    expect(thrown(() => viralCoefficient(base, { cycleDays: 1e-10, days: 1e10 })).path).toEqual(['options', 'days']);
    expect(thrown(() => viralCoefficient(base, { cycles: 2e15 })).path).toEqual(['options', 'cycles']);
    expect(thrown(() => viralCoefficient(base, { cycleDays: 1, days: 1e16 })).path).toEqual(['options', 'days']);
    expect(thrown(() => viralCoefficient({ ...base, invitationsPerCustomer: '1e16' })).path).toEqual(['invitationsPerCustomer']);
    // At the bound: 1e15 days of 1-day cycles. K = 1: U₀ (n + 1) = 10 × (1e15 + 1), finite.
    const edge = viralCoefficient(base, { cycleDays: 1, cycles: 1e15 });
    expect(edge.elapsedDays).toBe(1e15);
    expect(edge.projectedCustomers).toBe(10 * (1e15 + 1));
    // A long cycle without a horizon is no projection, and finite.
    expect(viralCoefficient(base, { cycleDays: 1e308 })).toMatchObject({ cycleDays: 1e308, cycles: null, elapsedDays: null });
  });

  it('property: any accepted input gives finite numbers (null where a projection overflows, with a reason)', () => {
    const positive = fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true });
    const horizon = fc.oneof(fc.double({ min: 0, max: 1e16, noNaN: true }), fc.constant(1e308), fc.constant(0));
    fc.assert(
      fc.property(
        fc.nat(),
        fc.oneof(fc.double({ min: 0, max: 1e16, noNaN: true }), fc.constant(1e15)),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(positive, { nil: undefined }),
        fc.option(horizon, { nil: undefined }),
        fc.boolean(),
        (u0, invitations, conversion, cycleDays, h, asDays) => {
          const horizonOptions = h === undefined ? {} : asDays ? { days: h } : { cycles: h };
          const options: ViralCoefficientOptions = cycleDays === undefined ? horizonOptions : { ...horizonOptions, cycleDays };
          let r;
          try {
            r = viralCoefficient({ customerCount: u0, invitationsPerCustomer: invitations, invitationConversion: conversion }, options);
          } catch (error) {
            expect(error).toBeInstanceOf(KpiInputError);
            return;
          }
          expect(allFinite(r)).toBe(true);
          if (r.projectedCustomers === null && r.cycles !== null) expect(r.reason).toMatch(/exceeds the range of a number/);
        },
      ),
    );
  });

  it('renames: customerCount in and out', () => {
    const v = viralCoefficient({ customerCount: 1000, invitationsPerCustomer: 5, invitationConversion: 0.3 }, { cycleDays: 10, cycles: 2 });
    // K = 1.5; U = 1000 (1 + 1.5 + 2.25) = 4750.
    expect(v).toMatchObject({ customerCount: 1000, value: 1.5, projectedCustomers: 4750, newCustomers: 3750, elapsedDays: 20 });
    expect(
      thrown(() => viralCoefficient({ customers: 1000, invitationsPerCustomer: 5, invitationConversion: 0.3 } as never)).issues.map((i) => i.path),
    ).toEqual([['customers'], ['customerCount']]);
    // conversionRate: customerCount of the leads.
    expect(conversionRate({ leads: 400, customerCount: 36 })).toMatchObject({ value: 0.09, customerCount: 36 });
  });
});

describe('funnel', () => {
  it('a sparse stages array is a KpiInputError naming the hole, never a TypeError', () => {
    // eslint-disable-next-line no-sparse-arrays
    const stages = [{ name: 'a', count: 3 }, , { name: 'c', count: 1 }] as never;
    const e = thrown(() => funnel({ stages }));
    expect(e.code).toBe('missing');
    expect(e.path).toEqual(['stages', 1]);
    // A hole at the end, and at the start.
    // eslint-disable-next-line no-sparse-arrays
    expect(thrown(() => funnel({ stages: [{ name: 'a', count: 3 }, ,] as never })).path).toEqual(['stages', 1]);
    const first = new Array(2) as unknown[];
    first[1] = { name: 'b', count: 1 };
    expect(thrown(() => funnel({ stages: first as never })).path).toEqual(['stages', 0]);
    // An explicit undefined is a stage of the wrong type.
    expect(thrown(() => funnel({ stages: [{ name: 'a', count: 3 }, undefined] as never })).code).toBe('invalid_type');
  });

  it('rejects more than 10,000 stages before reading them (a huge sparse array does not hang)', () => {
    const started = Date.now();
    const e = thrown(() => funnel({ stages: new Array(1e9) as never }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(e.code).toBe('out_of_range');
    expect(e.path).toEqual(['stages']);
    expect(thrown(() => funnel({ stages: Array.from({ length: 10_001 }, (_, i) => ({ name: `s${i}`, count: 0 })) })).code).toBe('out_of_range');
    expect(funnel({ stages: Array.from({ length: 10_000 }, (_, i) => ({ name: `s${i}`, count: 0 })) }).stages).toHaveLength(10_000);
  });

  it('each stage says why its conversions are null', () => {
    // visitors 50 → trials 0 → customers 0: trials' step is 0 / 50 = 0; customers' step 0 / 0 is undefined.
    const f = funnel({
      stages: [
        { name: 'visitors', count: 50 },
        { name: 'trials', count: 0 },
        { name: 'customers', count: 0 },
      ],
    });
    expect(f.stages.map((s) => [s.stepConversion, s.overallConversion, s.reason])).toEqual([
      [1, 1, null],
      [0, 0, null],
      [null, 0, 'the previous stage ("trials") is empty: the step conversion is undefined'],
    ]);
    const empty = funnel({
      stages: [
        { name: 'visitors', count: 0 },
        { name: 'leads', count: 0 },
      ],
    });
    expect(empty.stages.map((s) => s.reason)).toEqual([
      'the first stage ("visitors") is empty: the conversion is undefined',
      'the first stage ("visitors") is empty: the conversion is undefined',
    ]);
  });

  it('property: a stage has a reason exactly when one of its conversions is null', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 8 }), (counts) => {
        const sorted = [...counts].sort((a, b) => b - a);
        const f = funnel({ stages: sorted.map((count, i) => ({ name: `s${i}`, count })) });
        for (const s of f.stages) expect(s.reason === null).toBe(s.stepConversion !== null && s.overallConversion !== null);
      }),
    );
  });
});

describe('cohortRetention rows say why their revenue is null', () => {
  it('a cohort with customers without mrr, and a cohort whose MRR is 0', () => {
    const customers = [
      { startedAt: '2024-01-10', mrr: 10 },
      { startedAt: '2024-01-20' },
      { startedAt: '2024-02-03', mrr: 0 },
      { startedAt: '2024-03-03', mrr: 5 },
    ];
    const r = cohortRetention({ customers }, { period: 'month', asOf: '2024-04-15' });
    expect(r.cohorts.map((c) => [c.cohort, c.revenue?.toString() ?? null, c.revenueReason])).toEqual([
      ['2024-01', null, "1 of the cohort's 2 customers has no mrr: its revenue is unknown"],
      ['2024-02', '0', "the cohort's MRR is 0: its revenue shares are undefined"],
      ['2024-03', '5', null],
    ]);
    expect(r.cohorts[1]?.revenueShares.every((s) => s === null)).toBe(true);
  });
});

describe('revenue rates stay finite', () => {
  it('property: with reactivation, NRR = 1 − net revenue churn and GRR = 1 − gross, all finite', () => {
    const amount = fc.integer({ min: 0, max: 1_000_000 }).map((c) => (c / 100).toFixed(2));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), amount, amount, amount, amount, (startCents, a, b, expansion, reactivation) => {
        const startingMrr = (startCents / 100).toFixed(2);
        // Keep churned + contraction ≤ starting.
        const churnedMrr = Math.min(Number(a), startCents / 100).toFixed(2);
        const contractionMrr = Math.min(Number(b), startCents / 100 - Number(churnedMrr)).toFixed(2);
        const m = { startingMrr, churnedMrr, contractionMrr, expansionMrr: expansion, reactivationMrr: reactivation };
        const re = revenueRetention(m);
        const ch = revenueChurn(m);
        expect(allFinite(re) && allFinite(ch)).toBe(true);
        // The exact amounts agree: ending = start − lost + expansion + reactivation = start − netLost.
        expect(re.endingMrr.eq(re.startingMrr.minus(ch.netLostMrr))).toBe(true);
        expect(Math.abs((re.net as number) - (1 - (ch.net as number)))).toBeLessThanOrEqual(1e-9 * Math.max(1, re.net as number));
        expect(Math.abs((re.gross as number) - (1 - (ch.gross as number)))).toBeLessThanOrEqual(1e-12);
        expect(re.net as number).toBeGreaterThanOrEqual(re.gross as number);
      }),
    );
  });
});
