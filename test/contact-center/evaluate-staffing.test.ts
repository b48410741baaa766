import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangA, erlangC } from '../../src/contact-center/erlang.js';
import { evaluateStaffing } from '../../src/contact-center/evaluate-staffing.js';
import { staffingPlan, type StaffingTargets } from '../../src/contact-center/staffing.js';
import { issuesOf } from '../helpers.js';

const HOUR = 3_600_000;
const forecast = [
  { start: '2024-03-04T09:00:00Z', contactCount: 520, ahtMs: 120_000 },
  { start: '2024-03-04T10:00:00Z', contactCount: 1000, ahtMs: 120_000 },
  { start: '2024-03-04T11:00:00Z', contactCount: 0, ahtMs: 120_000 },
];
const targets: StaffingTargets = { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: HOUR, shrinkage: 0.3 };
const cAt = (contactCount: number, x: number) => erlangC({ contactCount, intervalMs: HOUR, ahtMs: 120_000, agentCount: x, targetAnswerMs: 20_000 });

describe('evaluateStaffing', () => {
  it('the plan of docs/metrics.md#staffingplan (30, 55, 0 people) against a roster of 30, 30, 2', () => {
    const e = evaluateStaffing(forecast, targets, { scheduled: [30, 30, 2] });
    const [nine, ten, eleven] = e.intervals;
    // 30 people × (1 − 0.3) = 21 agents; 2 × 0.7 = 1.4.
    expect(e.intervals.map((i) => i.agentCount)).toEqual([21, 21, 1.4]);
    expect(e.intervals.map((i) => i.requiredAgents)).toEqual([21, 38, 0]);
    expect(e.intervals.map((i) => i.requiredHeadcount)).toEqual([30, 55, 0]);
    expect(e.intervals.map((i) => i.staffingGap)).toEqual([0, -25, 2]);
    expect(nine!.start).toBe(Date.UTC(2024, 2, 4, 9));
    // 09:00: exactly erlangC at 21 agents, which meets 80/20.
    const c21 = cAt(520, 21);
    expect([nine!.serviceLevel, nine!.probabilityOfWaiting, nine!.averageSpeedOfAnswerMs, nine!.occupancy]).toEqual([
      c21.serviceLevel,
      c21.value,
      c21.averageSpeedOfAnswerMs,
      c21.occupancy,
    ]);
    expect(nine!.meetsTargets).toBe(true);
    expect(nine!.reason).toBeNull();
    // 10:00: 21 agents for 33.33 Erlangs is unstable under Erlang C.
    expect([ten!.serviceLevel, ten!.probabilityOfWaiting, ten!.averageSpeedOfAnswerMs, ten!.occupancy, ten!.meetsTargets]).toEqual([0, 1, null, 1, false]);
    expect(ten!.reason).toBe('an unstable queue: 21 agents for 33.33 Erlangs; the wait grows without bound, so the average speed of answer is undefined');
    // 11:00: no contacts.
    expect([eleven!.serviceLevel, eleven!.meetsTargets]).toEqual([null, null]);
    // Totals: SL weighted by contacts (0.8337 × 520 + 0 × 1000) / 1520; hours 30 + 30 + 2 = 62 scheduled,
    // 30 + 55 + 0 = 85 required; 25 short at 10:00, 2 over at 11:00.
    expect(e.value).toBeCloseTo((c21.serviceLevel! * 520) / 1520, 15);
    expect(e.serviceLevel).toBe(e.value);
    expect(e.averageSpeedOfAnswerMs).toBeNull();
    expect(e.reason).toMatch(/ASA of the schedule is undefined/);
    expect(e.probabilityOfAbandon).toBeNull();
    expect([e.scheduledHours, e.requiredHeadcountHours, e.understaffedHours, e.overstaffedHours]).toEqual([62, 85, 25, 2]);
    expect(e.intervalsBelowTarget).toBe(1);
    expect(e.contactCount).toBe(1520);
    expect([e.model, e.shrinkage]).toEqual(['erlang-c', 0.3]);
    expect(Object.isFrozen(e.intervals[0])).toBe(true);
  });

  it('agents on the phones are scheduled × (1 − shrinkage) on the decimal shrinkage prints: 90 × 0.7 = 63, not 62.99999999999999', () => {
    expect(90 * (1 - 0.3)).toBeLessThan(63);
    expect(3 * (1 - 0.3)).not.toBe(2.1);
    const e = evaluateStaffing(
      [
        { contactCount: 2500, ahtMs: 120_000 },
        { contactCount: 50, ahtMs: 120_000 },
      ],
      targets,
      { scheduled: [90, 3] },
    );
    expect(e.intervals.map((i) => i.agentCount)).toEqual([63, 2.1]);
    // A shrinkage with more than 15 decimals falls back to the product in floating point.
    const fine = evaluateStaffing([{ contactCount: 50, ahtMs: 120_000 }], { ...targets, shrinkage: 0.1234567890123456 }, { scheduled: [4] });
    expect(fine.intervals[0]!.agentCount).toBe(4 * (1 - 0.1234567890123456));
  });

  it('a fractional number of agents on the phones: 31 × 0.7 = 21.7, exactly erlangC at 21.7', () => {
    const e = evaluateStaffing([forecast[0]!], targets, { scheduled: [31] });
    const row = e.intervals[0]!;
    expect(row.agentCount).toBe(21.7);
    expect(row.serviceLevel).toBe(cAt(520, 21.7).serviceLevel);
    expect(row.serviceLevel!).toBeGreaterThan(cAt(520, 21).serviceLevel!);
    expect(row.serviceLevel!).toBeLessThan(cAt(520, 22).serviceLevel!);
    // One interval, all answered: the schedule's ASA is the interval's.
    expect(e.averageSpeedOfAnswerMs).toBe(row.averageSpeedOfAnswerMs);
    expect(e.reason).toBeNull();
  });

  it('Erlang A: nobody on the phones means everyone abandons; the schedule’s abandonment is weighted by contacts', () => {
    const a = { ...targets, model: 'erlang-a' as const, patienceMs: 60_000 };
    const e = evaluateStaffing(forecast.slice(0, 2), a, { scheduled: [0, 50] });
    const [nine, ten] = e.intervals;
    expect([nine!.agentCount, nine!.serviceLevel, nine!.probabilityOfAbandon, nine!.averageSpeedOfAnswerMs, nine!.occupancy]).toEqual([0, 0, 1, null, null]);
    expect(nine!.reason).toBe('no agents on the phones: every caller abandons');
    const m = erlangA({ contactCount: 1000, intervalMs: HOUR, ahtMs: 120_000, agentCount: 35, patienceMs: 60_000, targetAnswerMs: 20_000 });
    expect(ten!.agentCount).toBe(35);
    expect(ten!.probabilityOfAbandon).toBe(m.probabilityOfAbandon);
    expect(ten!.meetsTargets).toBe(true);
    // (1 × 520 + P(abandon at 35) × 1000) / 1520; the ASA over answered contacts is 10:00's (09:00 answers none).
    expect(e.probabilityOfAbandon).toBeCloseTo((520 + m.probabilityOfAbandon * 1000) / 1520, 15);
    expect(e.averageSpeedOfAnswerMs).toBeCloseTo(m.averageSpeedOfAnswerMs, 9);
    expect(e.value).toBeCloseTo((m.serviceLevel! * 1000) / 1520, 15);
  });

  it('Erlang C with no agents: nobody is answered; fewer than 1e-6 agents count as none', () => {
    const tiny = evaluateStaffing([forecast[0]!], targets, { scheduled: [1e-7] });
    expect(tiny.intervals[0]!.reason).toBe('fewer than 0.000001 agents (counted as none) on the phones: nobody is answered');
    const e = evaluateStaffing([forecast[0]!], targets, { scheduled: [0] });
    expect(e.intervals[0]!.reason).toBe('no agents on the phones: nobody is answered');
    expect(e.intervals[0]!.probabilityOfAbandon).toBeNull();
    expect(e.value).toBe(0);
  });

  it('an empty schedule, and one without contacts', () => {
    const empty = evaluateStaffing([], targets, { scheduled: [] });
    expect([empty.value, empty.averageSpeedOfAnswerMs, empty.scheduledHours]).toEqual([null, null, 0]);
    expect(empty.reason).toBe('no contacts forecast: the service level and ASA of the schedule are undefined');
    const idle = evaluateStaffing([forecast[2]!], targets, { scheduled: [3] });
    expect(idle.value).toBeNull();
    expect(idle.overstaffedHours).toBe(3);
  });

  it('reports every problem of the forecast, targets and roster, with paths', () => {
    expect(issuesOf(() => evaluateStaffing(forecast, targets, { scheduled: [30, -1, Number.NaN] }))).toEqual([
      { code: 'out_of_range', path: ['roster', 'scheduled', 1] },
      { code: 'not_finite', path: ['roster', 'scheduled', 2] },
    ]);
    expect(issuesOf(() => evaluateStaffing(forecast, targets, { scheduled: [30] }))).toEqual([{ code: 'inconsistent', path: ['roster', 'scheduled'] }]);
    expect(() => evaluateStaffing(forecast, targets, { scheduled: [30] })).toThrow('roster.scheduled has 1 headcounts for 3 intervals: give one per interval');
    expect(issuesOf(() => evaluateStaffing(forecast, targets, {} as never))).toEqual([{ code: 'missing', path: ['roster', 'scheduled'] }]);
    expect(issuesOf(() => evaluateStaffing(forecast, targets, { scheduled: 'x' } as never))).toEqual([{ code: 'invalid_type', path: ['roster', 'scheduled'] }]);
    expect(issuesOf(() => evaluateStaffing(forecast, targets, null as never))).toEqual([{ code: 'invalid_type', path: ['roster'] }]);
    expect(issuesOf(() => evaluateStaffing(forecast, targets, { scheduled: [1, 2, 3], agents: [] } as never))).toEqual([
      { code: 'invalid_value', path: ['roster', 'agents'] },
    ]);
    expect(issuesOf(() => evaluateStaffing(forecast, targets, { scheduled: [1, 2, 2e9] }))).toEqual([
      { code: 'out_of_range', path: ['roster', 'scheduled', 2] },
    ]);
    expect(
      issuesOf(() => evaluateStaffing([{ contactCount: -1, ahtMs: 1 }], { targetServiceLevel: 0.8, targetAnswerMs: 1, intervalMs: HOUR }, { scheduled: [-1] })),
    ).toEqual([
      { code: 'out_of_range', path: ['intervals', 0, 'contactCount'] },
      { code: 'out_of_range', path: ['roster', 'scheduled', 0] },
    ]);
    expect(() => evaluateStaffing(forecast, { targetServiceLevel: 2, targetAnswerMs: 1 }, { scheduled: [1, 2, 3] })).toThrow(/^evaluateStaffing: /);
  });
});

describe('evaluateStaffing properties', () => {
  const interval = fc.record({ contactCount: fc.double({ min: 0, max: 3000, noNaN: true }), ahtMs: fc.integer({ min: 20_000, max: 900_000 }) });
  const settings = fc.record({
    targetServiceLevel: fc.double({ min: 0.05, max: 0.99, noNaN: true }),
    targetAnswerMs: fc.integer({ min: 0, max: 120_000 }),
    shrinkage: fc.constantFrom(0, 0.1, 0.25, 0.3, 0.35, 0.4),
    erlangA: fc.boolean(),
  });

  it('the plan’s own headcount meets every target in every interval; a larger roster never serves worse', () => {
    fc.assert(
      fc.property(
        fc.array(interval, { minLength: 1, maxLength: 6 }),
        settings,
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 6, maxLength: 6 }),
        (rows, s, extra) => {
          const t: StaffingTargets = {
            targetServiceLevel: s.targetServiceLevel,
            targetAnswerMs: s.targetAnswerMs,
            intervalMs: 1_800_000,
            shrinkage: s.shrinkage,
            ...(s.erlangA ? { model: 'erlang-a' as const, patienceMs: 90_000 } : {}),
          };
          const plan = staffingPlan(rows, t);
          const heads = plan.intervals.map((i) => i.headcount);
          const e = evaluateStaffing(rows, t, { scheduled: heads });
          e.intervals.forEach((row, i) => {
            expect(row.staffingGap).toBe(0);
            expect(row.agentCount).toBeGreaterThanOrEqual(plan.intervals[i]!.agentCount);
            if (row.contactCount > 0 && row.trafficErlangs > 0) expect(row.meetsTargets).toBe(true);
          });
          expect(e.understaffedHours).toBe(0);
          expect(e.intervalsBelowTarget).toBe(0);
          const more = evaluateStaffing(rows, t, { scheduled: heads.map((h, i) => h + extra[i]!) });
          more.intervals.forEach((row, i) => {
            const base = e.intervals[i]!;
            if (base.serviceLevel !== null) expect(row.serviceLevel!).toBeGreaterThanOrEqual(base.serviceLevel - 1e-12);
          });
        },
      ),
      { numRuns: 80 },
    );
  });
});
