import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { erlangA, erlangC } from '../../src/contact-center/erlang.js';
import { MAX_OCCUPANCY_AGENTS, requiredAgents, staffingPlan, type RequiredAgentsOptions } from '../../src/contact-center/staffing.js';
import { thrown } from '../helpers.js';

const HOUR = 3_600_000;
/** docs/metrics.md#requiredagents: 1000 contacts an hour, AHT 120 s, 80 % answered within 20 s. */
const metricsInput = { contactCount: 1000, intervalMs: HOUR, ahtMs: 120_000, targetServiceLevel: 0.8, targetAnswerMs: 20_000 };

describe('requiredAgents', () => {
  it('docs/metrics.md#requiredagents: max occupancy 0.85, shrinkage 0.30 → 40 agents (38 from the service level alone), headcount 58', () => {
    // A = 1000 × 120 / 3600 = 33.33 Erlangs. Occupancy A/N: 33.33/39 = 0.8547 > 0.85, 33.33/40 = 0.8333 ≤ 0.85 → 40.
    // Headcount ⌈40 / (1 − 0.3)⌉ = ⌈57.14⌉ = 58.
    const r = requiredAgents(metricsInput, { maxOccupancy: 0.85, shrinkage: 0.3 });
    expect(r.value).toBe(40);
    expect(r.agentCount).toBe(40);
    expect(r.headcount).toBe(58);
    expect(r.binding).toBe('occupancy');
    expect(r.agentsByConstraint).toEqual({ serviceLevel: 38, occupancy: 40, asa: null, abandonment: null });
    expect(r.trafficErlangs).toBeCloseTo(100 / 3, 12);
    expect(r.occupancy).toBeCloseTo(100 / 3 / 40, 14);
    expect(r.model).toBe('erlang-c');
    expect(r.shrinkage).toBe(0.3);
    expect(Object.keys(r)[0]).toBe('value');
    expect(Object.isFrozen(r.agentsByConstraint)).toBe(true);
  });

  it('service level alone: 38 agents, and the figures are those of erlangC at 38; 37 misses 80 %', () => {
    const r = requiredAgents(metricsInput);
    expect(r.agentCount).toBe(38);
    expect(r.headcount).toBe(38);
    expect(r.binding).toBe('service-level');
    const at = (n: number) => erlangC({ contactCount: 1000, intervalMs: HOUR, ahtMs: 120_000, agentCount: n, targetAnswerMs: 20_000 });
    expect(at(37).serviceLevel!).toBeLessThan(0.8);
    expect(at(38).serviceLevel!).toBeGreaterThanOrEqual(0.8);
    expect(r.serviceLevel).toBe(at(38).serviceLevel);
    expect(r.probabilityOfWaiting).toBe(at(38).value);
    expect(r.averageSpeedOfAnswerMs).toBe(at(38).averageSpeedOfAnswerMs);
    expect(r.probabilityOfAbandon).toBeNull();
  });

  it('headcount is exact: 21 agents at 30 % shrinkage is 21 / 0.7 = 30 (floating point says 30.000000000000004)', () => {
    expect(21 / (1 - 0.3)).toBeGreaterThan(30);
    const r = requiredAgents({ ...metricsInput, contactCount: 520 }, { shrinkage: 0.3 });
    expect(r.agentCount).toBe(21);
    expect(r.headcount).toBe(30);
  });

  it('headcount = ⌈N / (1 − s)⌉ on the decimal s prints, for any shrinkage (1000-digit reference)', () => {
    // 1000 digits hold 1 − s exactly for every double s (at most ~767 significant digits after the point).
    const D = Decimal.clone({ precision: 1000 });
    const ns = [0, 1, 7, 21, 38, 40, 1234];
    const contactsFor = new Map<number, number>();
    for (const n of ns) {
      // Contacts per hour whose required agents is n (found once by stepping the contacts).
      let c = 0;
      while (requiredAgents({ ...metricsInput, contactCount: c }).agentCount < n) c += 1;
      contactsFor.set(n, c);
    }
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          fc.constantFrom(0, 0.1, 0.3, 0.35, 0.5, 1e-7, 1.5e-7, 5e-324, 0.999999999999999, 0.9999999999999999),
        ),
        fc.constantFrom(...ns),
        (s, n) => {
          const r = requiredAgents({ ...metricsInput, contactCount: contactsFor.get(n)! }, { shrinkage: s });
          expect(r.agentCount).toBe(n);
          const expected = new D(n)
            .div(new D(1).minus(new D(String(s))))
            .ceil()
            .toNumber();
          expect(r.headcount).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an ASA cap can bind: ASA ≤ 5 s needs more than the 38 agents of 80/20', () => {
    const r = requiredAgents(metricsInput, { maxAsaMs: 5000 });
    expect(r.binding).toBe('asa');
    expect(r.agentsByConstraint.serviceLevel).toBe(38);
    expect(r.agentCount).toBe(r.agentsByConstraint.asa);
    const at = (n: number) => erlangC({ trafficErlangs: 100 / 3, agentCount: n, ahtMs: 120_000 }).averageSpeedOfAnswerMs!;
    expect(at(r.agentCount)).toBeLessThanOrEqual(5000);
    expect(at(r.agentCount - 1)).toBeGreaterThan(5000);
  });

  it('Erlang A: callers who abandon after 60 s leave the queue, so 32 agents reach 80/20 (erlangA at 31 does not)', () => {
    const r = requiredAgents(metricsInput, { model: 'erlang-a', patienceMs: 60_000 });
    expect(r.agentCount).toBe(32);
    const at = (n: number) => erlangA({ contactCount: 1000, intervalMs: HOUR, ahtMs: 120_000, agentCount: n, patienceMs: 60_000, targetAnswerMs: 20_000 });
    expect(at(31).serviceLevel!).toBeLessThan(0.8);
    expect(r.serviceLevel).toBe(at(32).serviceLevel);
    expect(r.probabilityOfAbandon).toBe(at(32).probabilityOfAbandon);
    expect(r.model).toBe('erlang-a');
  });

  it('no contacts forecast: 0 agents, 0 headcount, no model figures', () => {
    expect(requiredAgents({ ...metricsInput, contactCount: 0 }, { maxOccupancy: 0.8, shrinkage: 0.3 })).toEqual({
      value: 0,
      reason: 'no contacts forecast: the service level, waiting, ASA and occupancy are undefined',
      agentCount: 0,
      headcount: 0,
      trafficErlangs: 0,
      serviceLevel: null,
      probabilityOfWaiting: null,
      probabilityOfAbandon: null,
      averageSpeedOfAnswerMs: null,
      occupancy: null,
      binding: null,
      agentsByConstraint: { serviceLevel: 0, occupancy: 0, asa: null, abandonment: null },
      model: 'erlang-c',
      shrinkage: 0.3,
    });
  });

  it('tiny and huge traffic: 0.01 Erlangs needs 1 agent; 100,000 Erlangs is computed in one pass', () => {
    expect(requiredAgents({ ...metricsInput, contactCount: 0.3 }).agentCount).toBe(1);
    const big = requiredAgents({ contactCount: 100_000, intervalMs: HOUR, ahtMs: HOUR, targetServiceLevel: 0.8, targetAnswerMs: 20_000 });
    expect(big.agentCount).toBeGreaterThan(100_000);
    const at = (n: number) => erlangC({ trafficErlangs: 100_000, agentCount: n, ahtMs: HOUR, targetAnswerMs: 20_000 }).serviceLevel!;
    expect(at(big.agentCount)).toBeGreaterThanOrEqual(0.8);
    expect(at(big.agentCount - 1)).toBeLessThan(0.8);
  });

  it('rejects invalid targets and options with their paths', () => {
    const cases: [unknown, unknown, string][] = [
      [{ ...metricsInput, targetServiceLevel: 1 }, undefined, 'targetServiceLevel'],
      [{ ...metricsInput, targetServiceLevel: 0 }, undefined, 'targetServiceLevel'],
      [{ ...metricsInput, targetAnswerMs: -1 }, undefined, 'targetAnswerMs'],
      [{ ...metricsInput, contactCount: -5 }, undefined, 'contactCount'],
      [{ ...metricsInput, ahtMs: 0 }, undefined, 'ahtMs'],
      [{ ...metricsInput, intervalMs: Infinity }, undefined, 'intervalMs'],
      [{ ...metricsInput, extra: 1 }, undefined, 'extra'],
      [metricsInput, { shrinkage: 1 }, 'options.shrinkage'],
      [metricsInput, { shrinkage: -0.1 }, 'options.shrinkage'],
      [metricsInput, { maxOccupancy: 0 }, 'options.maxOccupancy'],
      [metricsInput, { maxOccupancy: 1.2 }, 'options.maxOccupancy'],
      [metricsInput, { maxAsaMs: 0 }, 'options.maxAsaMs'],
      [metricsInput, { model: 'erlang-x' }, 'options.model'],
      [metricsInput, { model: 'erlang-a' }, 'options.patienceMs'],
      [metricsInput, { model: 'erlang-a', patienceMs: -1 }, 'options.patienceMs'],
      [metricsInput, { patienceMs: 60_000 }, 'options.patienceMs'],
      [metricsInput, { model: 'erlang-a', patienceMs: 2e12 }, 'options.patienceMs'],
      [metricsInput, { shrinkge: 0.3 }, 'options.shrinkge'],
      [{ ...metricsInput, contactCount: 1e9 }, undefined, 'contactCount'],
    ];
    for (const [input, options, path] of cases) {
      const e = thrown(() => requiredAgents(input as never, options as RequiredAgentsOptions));
      expect(e.path.join('.'), JSON.stringify([input, options])).toBe(path);
    }
    expect(() => requiredAgents(metricsInput, { maxOccupancy: 1.2 })).toThrow(
      'requiredAgents: options.maxOccupancy must be a number greater than 0 and at most 1, got 1.2',
    );
    expect(() => requiredAgents(metricsInput, { shrinkage: 1 })).toThrow(
      'requiredAgents: options.shrinkage must be a number from 0 up to, but not including, 1, got 1',
    );
    expect(() => requiredAgents(metricsInput, { patienceMs: 60_000 })).toThrow(/no meaning under model 'erlang-c'/);
    expect(() => requiredAgents(null as never)).toThrow(KpiInputError);
  });
});

describe('requiredAgents properties', () => {
  const forecast = fc.record({
    contactCount: fc.double({ min: 0.5, max: 20_000, noNaN: true }),
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

  it('Erlang C: the answer meets every target, and one agent fewer misses one (it is the smallest)', () => {
    fc.assert(
      fc.property(forecast, caps, (f, c) => {
        const r = requiredAgents(f, c);
        const at = (n: number) =>
          erlangC({ contactCount: f.contactCount, intervalMs: f.intervalMs, ahtMs: f.ahtMs, agentCount: n, targetAnswerMs: f.targetAnswerMs });
        const meets = (n: number): boolean => {
          const m = at(n);
          return (
            m.stable &&
            m.serviceLevel! >= f.targetServiceLevel &&
            (c.maxOccupancy === undefined || m.occupancy <= c.maxOccupancy) &&
            (c.maxAsaMs === undefined || m.averageSpeedOfAnswerMs! <= c.maxAsaMs)
          );
        };
        expect(meets(r.agentCount)).toBe(true);
        if (r.agentCount > 1) expect(meets(r.agentCount - 1)).toBe(false);
        expect(r.agentCount).toBe(Math.max(r.agentsByConstraint.serviceLevel, r.agentsByConstraint.occupancy ?? 0, r.agentsByConstraint.asa ?? 0));
        expect(r.serviceLevel).toBe(at(r.agentCount).serviceLevel);
      }),
      { numRuns: 150 },
    );
  });

  it('Erlang A: the answer meets every target, and one agent fewer misses one', () => {
    fc.assert(
      fc.property(forecast, caps, fc.integer({ min: 5_000, max: 1_200_000 }), (f, c, patienceMs) => {
        const small = { ...f, contactCount: Math.min(f.contactCount, 3000) };
        const r = requiredAgents(small, { ...c, model: 'erlang-a', patienceMs });
        const meets = (n: number): boolean => {
          const m = erlangA({
            contactCount: small.contactCount,
            intervalMs: f.intervalMs,
            ahtMs: f.ahtMs,
            agentCount: n,
            patienceMs,
            targetAnswerMs: f.targetAnswerMs,
          });
          return (
            m.serviceLevel! >= f.targetServiceLevel &&
            (c.maxOccupancy === undefined || m.occupancy <= c.maxOccupancy) &&
            (c.maxAsaMs === undefined || m.averageSpeedOfAnswerMs <= c.maxAsaMs)
          );
        };
        expect(meets(r.agentCount)).toBe(true);
        if (r.agentCount > 1) expect(meets(r.agentCount - 1)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('more contacts never need fewer agents; a higher target never needs fewer agents', () => {
    fc.assert(
      fc.property(forecast, fc.double({ min: 1, max: 1.5, noNaN: true }), (f, k) => {
        expect(requiredAgents({ ...f, contactCount: f.contactCount * k }).agentCount).toBeGreaterThanOrEqual(requiredAgents(f).agentCount);
        const higher = Math.min(0.995, f.targetServiceLevel + 0.01);
        expect(requiredAgents({ ...f, targetServiceLevel: higher }).agentCount).toBeGreaterThanOrEqual(requiredAgents(f).agentCount);
      }),
      { numRuns: 100 },
    );
  });
});

describe('reason', () => {
  it('is given exactly when the model figures are null (no contacts forecast), in requiredAgents and per plan interval', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 5000, noNaN: true })),
        fc.constantFrom<RequiredAgentsOptions>({}, { maxOccupancy: 0.85 }, { model: 'erlang-a', patienceMs: 90_000 }),
        (contactCount, options) => {
          const r = requiredAgents({ contactCount, intervalMs: HOUR, ahtMs: 120_000, targetServiceLevel: 0.8, targetAnswerMs: 20_000 }, options);
          expect(r.reason === null).toBe(r.serviceLevel !== null);
          expect(r.reason === null).toBe(r.occupancy !== null);
          expect(r.reason === null).toBe(r.agentCount > 0);
          const plan = staffingPlan([{ contactCount, ahtMs: 120_000 }], { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: HOUR, ...options });
          expect(plan.intervals[0]!.reason).toBe(r.reason);
          expect(plan.reason === null).toBe(plan.peakAgents !== null);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('staffingPlan', () => {
  const targets = { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: HOUR, shrinkage: 0.3 };

  it('per interval agents and headcount, peaks and totals (hand check)', () => {
    const plan = staffingPlan(
      [
        { start: '2024-03-04T09:00:00Z', contactCount: 520, ahtMs: 120_000 },
        { start: Date.UTC(2024, 2, 4, 10), contactCount: 1000, ahtMs: 120_000 },
        { start: new Date(Date.UTC(2024, 2, 4, 11)), contactCount: 0, ahtMs: 120_000 },
        { contactCount: 250, ahtMs: 120_000, intervalMs: HOUR / 4 },
      ],
      targets,
    );
    // 520/h → 21 agents, ⌈21/0.7⌉ = 30; 1000/h → 38, ⌈38/0.7⌉ = ⌈54.3⌉ = 55; 0 → 0;
    // 250 per 15 min is again 1000/h → 38 agents for a quarter hour.
    expect(plan.intervals.map((i) => [i.agentCount, i.headcount])).toEqual([
      [21, 30],
      [38, 55],
      [0, 0],
      [38, 55],
    ]);
    // Agent-hours 21 + 38 + 0 + 38/4 = 68.5; headcount-hours 30 + 55 + 0 + 55/4 = 98.75.
    expect(plan.value).toBe(68.5);
    expect(plan.agentHours).toBe(68.5);
    expect(plan.headcountHours).toBe(98.75);
    expect(plan.contactCount).toBe(1770);
    expect(plan.peakAgents).toBe(38);
    expect(plan.peakHeadcount).toBe(55);
    expect(plan.intervals.map((i) => i.start)).toEqual([Date.UTC(2024, 2, 4, 9), Date.UTC(2024, 2, 4, 10), Date.UTC(2024, 2, 4, 11), null]);
    // Only the interval without contacts has no model figures, and says why.
    expect(plan.intervals.map((i) => [i.serviceLevel === null, i.reason])).toEqual([
      [false, null],
      [false, null],
      [true, 'no contacts forecast: the service level, waiting, ASA and occupancy are undefined'],
      [false, null],
    ]);
    expect(plan.reason).toBeNull();
    expect(plan.intervals[3]!.intervalMs).toBe(HOUR / 4);
    expect(plan.model).toBe('erlang-c');
    expect(Object.isFrozen(plan.intervals[0])).toBe(true);
  });

  it('each interval is exactly requiredAgents for that interval', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ contactCount: fc.integer({ min: 0, max: 3000 }), ahtMs: fc.integer({ min: 30_000, max: 600_000 }) }), { maxLength: 12 }),
        fc.constantFrom<RequiredAgentsOptions>({}, { maxOccupancy: 0.85 }, { model: 'erlang-a', patienceMs: 90_000, maxAsaMs: 30_000 }),
        (intervals, options) => {
          const plan = staffingPlan(intervals, { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: 1_800_000, ...options });
          let agentMs = 0;
          intervals.forEach((interval, i) => {
            const {
              value: _v,
              model: _m,
              shrinkage: _s,
              ...expected
            } = requiredAgents({ ...interval, intervalMs: 1_800_000, targetServiceLevel: 0.8, targetAnswerMs: 20_000 }, options);
            expect(plan.intervals[i]).toEqual({ start: null, contactCount: interval.contactCount, ahtMs: interval.ahtMs, intervalMs: 1_800_000, ...expected });
            agentMs += expected.agentCount * 1_800_000;
          });
          expect(plan.agentHours).toBe(agentMs / HOUR);
          expect(plan.peakAgents).toBe(intervals.length === 0 ? null : Math.max(...plan.intervals.map((i) => i.agentCount)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an empty plan has no hours and no peak', () => {
    const plan = staffingPlan([], targets);
    expect([plan.value, plan.headcountHours, plan.contactCount, plan.peakAgents, plan.peakHeadcount, plan.intervals]).toEqual([0, 0, 0, null, null, []]);
    expect(plan.reason).toBe('no intervals: the peaks are undefined');
  });

  it('reports every bad interval with its index, and bad targets under targets', () => {
    const e = thrown(() =>
      staffingPlan(
        [
          { contactCount: 10, ahtMs: 120_000 },
          { contactCount: -1, ahtMs: 120_000 },
          { contactCount: 10, ahtMs: 0 },
          null,
          { contactCount: 10, ahtMs: 120_000, start: 'yesterday' },
          { contactCount: 10, ahtMs: 120_000, intervalMs: -5 },
        ] as never,
        targets,
      ),
    );
    expect(e.issues.map((i) => i.path.join('.'))).toEqual([
      'intervals.1.contactCount',
      'intervals.2.ahtMs',
      'intervals.3',
      'intervals.4.start',
      'intervals.5.intervalMs',
    ]);
    expect(e.message).toMatch(/^staffingPlan: intervals\[1\]\.contactCount must be a non-negative finite number, got -1/);
    const noLength = thrown(() => staffingPlan([{ contactCount: 1, ahtMs: 1000 }], { targetServiceLevel: 0.8, targetAnswerMs: 0 }));
    expect(noLength.message).toBe('staffingPlan: intervals[0] has no length: give it intervalMs, or give targets.intervalMs for every interval');
    expect(thrown(() => staffingPlan({} as never, targets)).path).toEqual(['intervals']);
    expect(thrown(() => staffingPlan([], null as never)).path).toEqual(['targets']);
    expect(thrown(() => staffingPlan([], { ...targets, targetServiceLevel: 80 })).path).toEqual(['targets', 'targetServiceLevel']);
    expect(thrown(() => staffingPlan([], { ...targets, intervalMs: 0 })).path).toEqual(['targets', 'intervalMs']);
    expect(thrown(() => staffingPlan([], { ...targets, window: 5 } as never)).path).toEqual(['targets', 'window']);
    expect(thrown(() => staffingPlan([{ contactCount: 1e9, ahtMs: HOUR }], targets)).path).toEqual(['intervals', 0, 'contactCount']);
    expect(thrown(() => staffingPlan([{ contactCount: 1, ahtMs: 1 }], { ...targets, model: 'erlang-a', patienceMs: 1e7 })).path).toEqual([
      'targets',
      'patienceMs',
    ]);
  });

  it('does not mutate the forecast', () => {
    const intervals = [{ contactCount: 100, ahtMs: 120_000, label: 'Mon 09:00' }];
    const copy = structuredClone(intervals);
    staffingPlan(intervals, targets);
    expect(intervals).toEqual(copy);
  });
});

describe('the occupancy cap is bounded by the agents it asks for', () => {
  // 1000 contacts × 120 s in an hour: A = 1000 × 120,000 / 3,600,000 = 33.33 Erlangs.
  const input = { contactCount: 1000, intervalMs: 3_600_000, ahtMs: 120_000, targetServiceLevel: 0.8, targetAnswerMs: 20_000 };

  it('refuses a cap that asks for more than MAX_OCCUPANCY_AGENTS agents, before searching', () => {
    // 33.33 / 1e-6 = 33,333,333 agents > 10,000,000; 5e-324 would ask for ~7e324.
    for (const maxOccupancy of [1e-6, 5e-324]) {
      const e = thrown(() => requiredAgents(input, { maxOccupancy }));
      expect([e.code, e.path]).toEqual(['out_of_range', ['options', 'maxOccupancy']]);
      expect(e.message).toContain('at most 10,000,000 agents');
    }
    const plan = thrown(() =>
      staffingPlan([{ contactCount: 1000, ahtMs: 120_000 }], { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: HOUR, maxOccupancy: 1e-6 }),
    );
    expect([plan.code, plan.path]).toEqual(['out_of_range', ['targets', 'maxOccupancy']]);
  });

  it('serves the largest cap-implied staffing within the bound: 33.33 / 4e-6 = 8,333,334 agents', () => {
    const r = requiredAgents(input, { maxOccupancy: 4e-6 });
    expect(r.agentCount).toBe(Math.ceil((1000 * 120_000) / 3_600_000 / 4e-6));
    expect(r.binding).toBe('occupancy');
    expect(MAX_OCCUPANCY_AGENTS).toBe(10_000_000);
  });
});
