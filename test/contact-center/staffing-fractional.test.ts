import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangA, erlangC } from '../../src/contact-center/erlang.js';
import { byPredicate, leastReal, requiredAgents, staffingPlan } from '../../src/contact-center/staffing.js';
import { issuesOf } from '../helpers.js';

const HOUR = 3_600_000;
/** docs/metrics.md#requiredagents: 1000 contacts an hour, AHT 120 s, 80 % answered within 20 s. */
const metricsInput = { contactCount: 1000, intervalMs: HOUR, ahtMs: 120_000, targetServiceLevel: 0.8, targetAnswerMs: 20_000 };
const cAt = (x: number) => erlangC({ contactCount: 1000, intervalMs: HOUR, ahtMs: 120_000, agentCount: x, targetAnswerMs: 20_000 });

describe('requiredAgents with fractional: true', () => {
  it('docs/metrics.md#requiredagents: between 37 and 38 agents reach 80/20; SL at the answer is 0.8 to ~1e-9', () => {
    const r = requiredAgents(metricsInput, { fractional: true });
    expect(r.agentCount).toBeGreaterThan(37);
    expect(r.agentCount).toBeLessThan(38);
    expect(r.value).toBe(r.agentCount);
    expect(r.headcount).toBe(r.agentCount);
    expect(r.binding).toBe('service-level');
    // The figures are erlangC's at the real staffing level.
    expect(r.serviceLevel).toBe(cAt(r.agentCount).serviceLevel);
    expect(r.serviceLevel!).toBeGreaterThanOrEqual(0.8);
    expect(cAt(r.agentCount - 1e-9).serviceLevel!).toBeLessThan(0.8);
    // dSL/dN ≈ 0.1 per agent here, so within 1e-9 of an agent SL is within ~1e-10 of the target.
    expect(r.serviceLevel! - 0.8).toBeLessThan(1e-9);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.agentsByConstraint)).toBe(true);
  });

  it('occupancy ≤ 0.85 alone needs A/0.85 = 33.33/0.85 = 39.2157 agents; headcount unrounded: 39.2157/0.7 = 56.0224', () => {
    const r = requiredAgents(metricsInput, { fractional: true, maxOccupancy: 0.85, shrinkage: 0.3 });
    expect(r.binding).toBe('occupancy');
    expect(Math.abs(r.agentCount - 100 / 3 / 0.85)).toBeLessThan(1e-9);
    expect(r.agentsByConstraint.occupancy).toBe(r.agentCount);
    expect(r.agentsByConstraint.serviceLevel).toBeLessThan(38);
    expect(r.headcount).toBeCloseTo(r.agentCount / 0.7, 12);
    expect(r.occupancy!).toBeLessThanOrEqual(0.85);
  });

  it('Erlang A with fractional agents: the figures are erlangA at the real level', () => {
    const r = requiredAgents(metricsInput, { fractional: true, model: 'erlang-a', patienceMs: 60_000 });
    // The whole answer is 32 (docs/metrics.md#requiredagents), so the real one is in (31, 32].
    expect(r.agentCount).toBeGreaterThan(31);
    expect(r.agentCount).toBeLessThanOrEqual(32);
    const m = erlangA({ ...cInput(r.agentCount), patienceMs: 60_000 });
    expect(r.serviceLevel).toBe(m.serviceLevel);
    expect(r.probabilityOfAbandon).toBe(m.probabilityOfAbandon);
    expect(erlangA({ ...cInput(r.agentCount - 1e-9), patienceMs: 60_000 }).serviceLevel!).toBeLessThan(0.8);
  });

  it('no contacts: 0 agents, as without the option', () => {
    const r = requiredAgents({ ...metricsInput, contactCount: 0 }, { fractional: true });
    expect([r.agentCount, r.headcount, r.serviceLevel]).toEqual([0, 0, null]);
  });

  it('never below 1e-6 agents: an occupancy cap of 1 always holds under Erlang A, so alone it needs the floor', () => {
    const r = requiredAgents(metricsInput, { fractional: true, model: 'erlang-a', patienceMs: 60_000, maxOccupancy: 1 });
    expect(r.agentsByConstraint.occupancy).toBe(1e-6);
    expect(r.binding).toBe('service-level');
    // A trickle of traffic: the requirement stays within (1e-6, 1] and meets the target.
    const trickle = requiredAgents({ ...metricsInput, contactCount: 1e-9 }, { fractional: true, model: 'erlang-a', patienceMs: 60_000 });
    expect(trickle.agentCount).toBeGreaterThanOrEqual(1e-6);
    expect(trickle.agentCount).toBeLessThanOrEqual(1);
    expect(trickle.serviceLevel!).toBeGreaterThanOrEqual(0.8);
  });

  it('tiny traffic under Erlang A can need less than one agent', () => {
    const r = requiredAgents({ ...metricsInput, contactCount: 1 }, { fractional: true, model: 'erlang-a', patienceMs: 60_000 });
    expect(r.agentCount).toBeGreaterThan(0);
    expect(r.agentCount).toBeLessThanOrEqual(1);
    expect(r.serviceLevel!).toBeGreaterThanOrEqual(0.8);
  });

  it('a staffing plan sums the unrounded agents: less than the whole plan, by less than one agent-hour per interval', () => {
    const intervals = [
      { contactCount: 520, ahtMs: 120_000 },
      { contactCount: 1000, ahtMs: 120_000 },
      { contactCount: 0, ahtMs: 120_000 },
    ];
    const targets = { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: HOUR, shrinkage: 0.3 };
    const whole = staffingPlan(intervals, targets);
    const real = staffingPlan(intervals, { ...targets, fractional: true });
    expect(real.agentHours).toBeLessThan(whole.agentHours);
    expect(whole.agentHours - real.agentHours).toBeLessThan(2);
    real.intervals.forEach((row, i) => {
      expect(row.agentCount).toBe(requiredAgents({ ...metricsInput, contactCount: intervals[i]!.contactCount }, { fractional: true }).agentCount);
      expect(row.headcount).toBeCloseTo(row.agentCount / 0.7, 12);
    });
    expect(real.peakAgents).toBe(real.intervals[1]!.agentCount);
  });
});

/** erlangC/erlangA input of the docs example at `x` agents. */
function cInput(x: number) {
  return { contactCount: 1000, intervalMs: HOUR, ahtMs: 120_000, agentCount: x, targetAnswerMs: 20_000 };
}

describe('the real-number search', () => {
  it('brackets the root of a falling gap to 1e-9 and returns the end where the gap is ≤ 0', () => {
    let calls = 0;
    const x = leastReal(
      (v) => {
        calls++;
        return Math.PI - v;
      },
      3,
      4,
    );
    expect(x).toBeGreaterThanOrEqual(Math.PI);
    expect(x - Math.PI).toBeLessThan(1e-9);
    // A linear gap: the secant lands on the root at once, then a probe just below it closes the bracket.
    expect(calls).toBeLessThan(6);
    // Curved (like a service level), with an undefined region (+∞) near the lower end.
    const curved = (v: number) => (v < 3.2 ? Infinity : 0.8 - (1 - Math.exp(-(v - 3.2) * 4)));
    const y = leastReal(curved, 3, 4);
    expect(curved(y)).toBeLessThanOrEqual(0);
    expect(curved(y - 1e-9)).toBeGreaterThan(0);
  });

  it('bisects a yes/no predicate, and stops when no double lies between the ends', () => {
    const x = leastReal(
      byPredicate((v) => v >= 3.25),
      3,
      4,
    );
    expect(x - 3.25).toBeLessThan(1e-9);
    expect(x).toBeGreaterThanOrEqual(3.25);
    // Near 1e7 doubles are 1.86e-9 apart, wider than the tolerance: the bracket ends one double wide.
    const big = leastReal((v) => 9_999_999.5 - v, 9_999_999, 10_000_000);
    expect(big).toBeGreaterThanOrEqual(9_999_999.5);
    expect(big - 9_999_999.5).toBeLessThan(4e-9);
  });
});

describe('requiredAgents with maxAbandonment (Erlang A)', () => {
  it('at most 2 % abandoning needs 40 agents (erlangA: P(abandon) 1.61 % at 40, above 2 % at 39), against 32 for 80/20 alone', () => {
    const r = requiredAgents(metricsInput, { model: 'erlang-a', patienceMs: 60_000, maxAbandonment: 0.02 });
    const ab = (n: number) => erlangA({ ...cInput(n), patienceMs: 60_000 }).probabilityOfAbandon;
    expect(ab(40)).toBeLessThanOrEqual(0.02);
    expect(ab(39)).toBeGreaterThan(0.02);
    expect(r.agentCount).toBe(40);
    expect(r.binding).toBe('abandonment');
    expect(r.agentsByConstraint).toEqual({ serviceLevel: 32, occupancy: null, asa: null, abandonment: 40 });
    expect(r.probabilityOfAbandon).toBe(ab(40));
  });

  it('a loose cap does not bind, and is still reported', () => {
    const r = requiredAgents(metricsInput, { model: 'erlang-a', patienceMs: 60_000, maxAbandonment: 0.5 });
    expect(r.agentCount).toBe(32);
    expect(r.binding).toBe('service-level');
    expect(r.agentsByConstraint.abandonment).toBeLessThanOrEqual(32);
  });

  it('no contacts: the cap needs 0 agents', () => {
    const r = requiredAgents({ ...metricsInput, contactCount: 0 }, { model: 'erlang-a', patienceMs: 60_000, maxAbandonment: 0.05 });
    expect(r.agentsByConstraint).toEqual({ serviceLevel: 0, occupancy: null, asa: null, abandonment: 0 });
  });

  it('in a staffing plan, per interval', () => {
    const plan = staffingPlan([{ contactCount: 1000, ahtMs: 120_000 }], {
      targetServiceLevel: 0.8,
      targetAnswerMs: 20_000,
      intervalMs: HOUR,
      model: 'erlang-a',
      patienceMs: 60_000,
      maxAbandonment: 0.02,
    });
    expect(plan.intervals[0]!.agentCount).toBe(40);
    expect(plan.intervals[0]!.binding).toBe('abandonment');
  });

  it('rejects a cap under Erlang C, out of (0, 1], and a non-boolean fractional', () => {
    expect(() => requiredAgents(metricsInput, { maxAbandonment: 0.05 })).toThrow(
      "requiredAgents: maxAbandonment has no meaning under model 'erlang-c' (callers never abandon); set model: 'erlang-a' and patienceMs",
    );
    expect(issuesOf(() => requiredAgents(metricsInput, { model: 'erlang-a', patienceMs: 1000, maxAbandonment: 0 }))).toEqual([
      { code: 'out_of_range', path: ['options', 'maxAbandonment'] },
    ]);
    expect(issuesOf(() => requiredAgents(metricsInput, { model: 'erlang-a', patienceMs: 1000, maxAbandonment: 1.5 }))).toEqual([
      { code: 'out_of_range', path: ['options', 'maxAbandonment'] },
    ]);
    expect(issuesOf(() => requiredAgents(metricsInput, { fractional: 'yes' as never }))).toEqual([{ code: 'invalid_type', path: ['options', 'fractional'] }]);
    expect(issuesOf(() => staffingPlan([], { targetServiceLevel: 0.8, targetAnswerMs: 1, maxAbandonment: 0.1 }))).toEqual([
      { code: 'inconsistent', path: ['targets', 'maxAbandonment'] },
    ]);
  });
});

describe('properties of fractional staffing', () => {
  const forecast = fc.record({
    contactCount: fc.double({ min: 0.5, max: 5000, noNaN: true }),
    intervalMs: fc.constantFrom(900_000, 1_800_000, HOUR),
    ahtMs: fc.integer({ min: 20_000, max: 900_000 }),
    targetServiceLevel: fc.double({ min: 0.05, max: 0.99, noNaN: true }),
    targetAnswerMs: fc.integer({ min: 0, max: 120_000 }),
  });
  const caps = fc.record(
    {
      maxOccupancy: fc.double({ min: 0.5, max: 1, noNaN: true }),
      maxAsaMs: fc.integer({ min: 1000, max: 120_000 }),
    },
    { requiredKeys: [] },
  );

  it('Erlang C: fractional ≤ whole < fractional + 1; the answer meets every target and 1e-9 fewer misses one', () => {
    fc.assert(
      fc.property(forecast, caps, (f, c) => {
        const whole = requiredAgents(f, c);
        const real = requiredAgents(f, { ...c, fractional: true });
        expect(real.agentCount).toBeLessThanOrEqual(whole.agentCount);
        expect(whole.agentCount).toBeLessThan(real.agentCount + 1);
        const q = { contactCount: f.contactCount, intervalMs: f.intervalMs, ahtMs: f.ahtMs, targetAnswerMs: f.targetAnswerMs };
        const meets = (x: number): boolean => {
          const m = erlangC({ ...q, agentCount: x });
          return (
            m.stable &&
            m.serviceLevel! >= f.targetServiceLevel &&
            (c.maxOccupancy === undefined || m.occupancy <= c.maxOccupancy) &&
            (c.maxAsaMs === undefined || m.averageSpeedOfAnswerMs! <= c.maxAsaMs)
          );
        };
        expect(meets(real.agentCount)).toBe(true);
        expect(meets(real.agentCount - 1e-9)).toBe(false);
        const by = real.agentsByConstraint;
        expect(real.agentCount).toBe(Math.max(by.serviceLevel, by.occupancy ?? 0, by.asa ?? 0));
      }),
      { numRuns: 120 },
    );
  });

  it('Erlang A (with an abandonment cap): fractional ≤ whole < fractional + 1; the answer meets every target and 1e-9 fewer misses one', () => {
    fc.assert(
      fc.property(
        forecast,
        caps,
        fc.integer({ min: 5_000, max: 1_200_000 }),
        fc.option(fc.double({ min: 0.001, max: 0.5, noNaN: true })),
        (f, c, patienceMs, ab) => {
          const small = { ...f, contactCount: Math.min(f.contactCount, 1500) };
          const options = { ...c, model: 'erlang-a' as const, patienceMs, ...(ab === null ? {} : { maxAbandonment: ab }) };
          const whole = requiredAgents(small, options);
          const real = requiredAgents(small, { ...options, fractional: true });
          expect(real.agentCount).toBeLessThanOrEqual(whole.agentCount);
          expect(whole.agentCount).toBeLessThan(real.agentCount + 1);
          const meets = (x: number): boolean => {
            const m = erlangA({
              contactCount: small.contactCount,
              intervalMs: f.intervalMs,
              ahtMs: f.ahtMs,
              agentCount: x,
              patienceMs,
              targetAnswerMs: f.targetAnswerMs,
            });
            return (
              m.serviceLevel! >= f.targetServiceLevel &&
              (c.maxOccupancy === undefined || m.occupancy <= c.maxOccupancy) &&
              (c.maxAsaMs === undefined || m.averageSpeedOfAnswerMs <= c.maxAsaMs) &&
              (ab === null || m.probabilityOfAbandon <= ab)
            );
          };
          expect(meets(real.agentCount)).toBe(true);
          if (real.agentCount > 1e-9) expect(meets(real.agentCount - 1e-9)).toBe(false);
          // Whole agents: the answer meets every target, one fewer misses one.
          expect(meets(whole.agentCount)).toBe(true);
          if (whole.agentCount > 1) expect(meets(whole.agentCount - 1)).toBe(false);
        },
      ),
      { numRuns: 80 },
    );
  });
});
