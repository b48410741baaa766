import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangA, erlangB, erlangC } from '../../src/contact-center/erlang.js';

/** Traffic from 0.01 to 20,000 Erlangs, spread over the orders of magnitude. */
const traffic = (max = 20_000) => fc.double({ min: Math.log(0.01), max: Math.log(max), noNaN: true }).map(Math.exp);
/** A real staffing level relative to the traffic. */
const factor = fc.double({ min: 0.05, max: 2.5, noNaN: true });
/** A step up in agents, from a thousandth of an agent to three agents. */
const step = fc.double({ min: 1e-3, max: 3, noNaN: true });
const ahtMs = fc.integer({ min: 10_000, max: 1_200_000 });
const targetMs = fc.integer({ min: 1, max: 120_000 });
const patienceRatio = fc.double({ min: Math.log(0.05), max: Math.log(100), noNaN: true }).map(Math.exp);

/** Four units in the last place of numbers just below 1: the rounding allowance of a service level. */
const SL_ROUNDING = 4 * 2 ** -53;

const B = (a: number, x: number) => erlangB({ trafficErlangs: a, agentCount: x }).value;

describe('continuous Erlang B (Jagerman): monotone and between its whole neighbours', () => {
  it('decreases in the agents: B(x) > B(x + δ) while B(x + δ) is a normal double', () => {
    fc.assert(
      fc.property(traffic(), factor, step, (a, f, d) => {
        const x = Math.max(0.01, a * f);
        const hi = B(a, x + d);
        if (hi > 1e-300) expect(B(a, x)).toBeGreaterThan(hi);
        else expect(B(a, x)).toBeGreaterThanOrEqual(hi);
      }),
      { numRuns: 300 },
    );
  });

  it('increases in the traffic: B(x, a) < B(x, a·(1 + r)) for r ≥ 1e-6', () => {
    fc.assert(
      fc.property(traffic(), factor, fc.double({ min: 1e-6, max: 1, noNaN: true }), (a, f, r) => {
        const x = Math.max(0.01, a * f);
        const lo = B(a, x);
        if (lo > 1e-300) expect(B(a * (1 + r), x)).toBeGreaterThan(lo);
        else expect(B(a * (1 + r), x)).toBeGreaterThanOrEqual(lo);
      }),
      { numRuns: 300 },
    );
  });

  it('lies between its whole neighbours: B(⌈x⌉) ≤ B(x) ≤ B(⌊x⌋), and equals them at whole x', () => {
    fc.assert(
      fc.property(traffic(), factor, (a, f) => {
        const x = Math.max(1, a * f);
        const v = B(a, x);
        expect(v).toBeLessThanOrEqual(B(a, Math.floor(x)));
        expect(v).toBeGreaterThanOrEqual(B(a, Math.ceil(x)));
        expect(v >= 0 && v <= 1).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Erlang C and Erlang A at real staffing levels: better service with more agents', () => {
  it('Erlang C: P(wait) and ASA fall, the service level rises, above the traffic', () => {
    fc.assert(
      fc.property(traffic(), fc.double({ min: 1.0001, max: 2, noNaN: true }), step, ahtMs, targetMs, (a, f, d, aht, t) => {
        const lo = erlangC({ trafficErlangs: a, agentCount: a * f, ahtMs: aht, targetAnswerMs: t });
        const hi = erlangC({ trafficErlangs: a, agentCount: a * f + d, ahtMs: aht, targetAnswerMs: t });
        expect(hi.value).toBeLessThanOrEqual(lo.value);
        expect(hi.averageSpeedOfAnswerMs!).toBeLessThanOrEqual(lo.averageSpeedOfAnswerMs!);
        // The service level is a quotient near 1 with a few roundings: equal within 4 × 2^−53 absolute.
        expect(hi.serviceLevel!).toBeGreaterThanOrEqual(lo.serviceLevel! - SL_ROUNDING);
        if (lo.value > 1e-300) expect(hi.value).toBeLessThan(lo.value);
      }),
      { numRuns: 300 },
    );
  });

  it('regression (FC_SEED -1018361745): at 14,417 Erlangs the service levels 1 − 1.1e-15 and 1 − 1.0e-15 differ by rounding only', () => {
    const q = { trafficErlangs: 14416.908214957142, ahtMs: 10_000, targetAnswerMs: 2064 };
    const x = 14416.908214957142 * 1.0108823504043216;
    const lo = erlangC({ ...q, agentCount: x }).serviceLevel!;
    const hi = erlangC({ ...q, agentCount: x + 0.5640623781300746 }).serviceLevel!;
    // True values: 1 − C·e^(−(N − A)·T/AHT) with (N − A)·T/AHT ≈ 32.4 and ≈ 32.5: both within 1.2e-15 of 1.
    expect(1 - lo).toBeLessThan(1.2e-15);
    expect(1 - hi).toBeLessThan(1.2e-15);
    expect(hi).toBeGreaterThanOrEqual(lo - SL_ROUNDING);
  });

  it('Erlang A: P(wait), P(abandon) and ASA fall, the service level rises, at any load', () => {
    fc.assert(
      fc.property(traffic(2000), factor, step, ahtMs, patienceRatio, targetMs, (a, f, d, aht, ratio, t) => {
        const x = Math.max(0.01, a * f);
        const q = { trafficErlangs: a, ahtMs: aht, patienceMs: aht * ratio, targetAnswerMs: t };
        const lo = erlangA({ ...q, agentCount: x });
        const hi = erlangA({ ...q, agentCount: x + d });
        // Rounding allowance of the Palm series (~1e-13 relative): below it the figures are equal.
        const tol = (v: number) => v * 1e-12 + 1e-300;
        expect(hi.value).toBeLessThanOrEqual(lo.value + tol(lo.value));
        expect(hi.probabilityOfAbandon).toBeLessThanOrEqual(lo.probabilityOfAbandon + tol(lo.probabilityOfAbandon));
        expect(hi.averageSpeedOfAnswerMs).toBeLessThanOrEqual(lo.averageSpeedOfAnswerMs + tol(lo.averageSpeedOfAnswerMs));
        expect(hi.serviceLevel!).toBeGreaterThanOrEqual(lo.serviceLevel! - 1e-12);
      }),
      { numRuns: 200 },
    );
  });
});
