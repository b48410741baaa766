import type { Highs } from 'highs';
import { describe, expectTypeOf, it } from 'vitest';
import { type KpiDecimal } from '../../src/core/decimal.js';
import { type HighsSolverLike, type ShiftPlanResult, type ShiftPlanStatus, shiftPlan, staffingPlan } from '../../src/contact-center/index.js';

declare const solver: Highs;

describe('shiftPlan public types', () => {
  it('takes the solver the highs package loads, and a staffingPlan result', () => {
    expectTypeOf<Highs>().toExtend<HighsSolverLike>();
    const plan = staffingPlan([{ contactCount: 100, ahtMs: 120_000 }], { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: 900_000 });
    const r = shiftPlan({ plan, shifts: [{ id: 'a', start: 0, length: 1, cost: 1 }] }, { solver });
    expectTypeOf(r).toEqualTypeOf<ShiftPlanResult>();
    expectTypeOf(shiftPlan({ plan: plan.intervals, shifts: [] }, { solver, cover: 'agentCount' })).toEqualTypeOf<ShiftPlanResult>();
  });

  it('results: a decimal cost, null where no plan was found', () => {
    const r = shiftPlan({ required: [1], intervalMs: 900_000, shifts: [{ id: 'a', startMs: 0, lengthMs: 900_000, cost: '9.50', daily: true }] }, { solver });
    expectTypeOf(r.value).toEqualTypeOf<KpiDecimal | null>();
    expectTypeOf(r.mipGap).toEqualTypeOf<number | null>();
    expectTypeOf(r.status).toEqualTypeOf<ShiftPlanStatus>();
    expectTypeOf(r.shifts[0]!.day).toEqualTypeOf<number | null>();
    // @ts-expect-error — the solver is required
    shiftPlan({ required: [1], intervalMs: 900_000, shifts: [] }, {});
    // @ts-expect-error — cover is 'headcount' or 'agentCount'
    shiftPlan({ required: [1], intervalMs: 900_000, shifts: [] }, { solver, cover: 'agents' });
  });
});
