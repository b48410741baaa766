import { describe, expectTypeOf, it } from 'vitest';
import * as contactCenter from '../../src/contact-center/index.js';
import * as support from '../../src/support/index.js';
import { erlangA, erlangB, erlangC, requiredAgents, staffingPlan, type RequiredAgentsResult, type StaffingModel } from '../../src/contact-center/index.js';
import {
  abandonmentRate,
  abandonmentRateAccumulator,
  averageSpeedOfAnswer,
  occupancy,
  serviceLevel,
  type AbandonmentRateResult,
  type AverageSpeedOfAnswerResult,
  type ContactTimestampField,
  type ServiceLevelResult,
} from '../../src/contact-center/index.js';
import { byPeriod, bySegment, firstResponseTime, type ByPeriodResult, type BySegmentResult, type PeriodAt } from '../../src/support/index.js';

describe('contact-centre public types', () => {
  it('queueing results: numbers, and null where a figure can be undefined', () => {
    expectTypeOf(erlangB({ trafficErlangs: 2, agentCount: 3 }).value).toEqualTypeOf<number>();
    const c = erlangC({ contactCount: 100, intervalMs: 1_800_000, ahtMs: 180_000, agentCount: 14, targetAnswerMs: 20_000 });
    expectTypeOf(c.stable).toEqualTypeOf<boolean>();
    expectTypeOf(c.averageSpeedOfAnswerMs).toEqualTypeOf<number | null>();
    const a = erlangA({ trafficErlangs: 10, agentCount: 9, ahtMs: 180_000, patienceMs: 120_000 });
    expectTypeOf(a.probabilityOfAbandon).toBeNumber();
    // @ts-expect-error — Erlang A needs a patience
    erlangA({ trafficErlangs: 10, agentCount: 9, ahtMs: 180_000 });
  });

  it('staffing: options are checked, results typed', () => {
    const r = requiredAgents(
      { contactCount: 1000, intervalMs: 3_600_000, ahtMs: 120_000, targetServiceLevel: 0.8, targetAnswerMs: 20_000 },
      { shrinkage: 0.3 },
    );
    expectTypeOf(r).toEqualTypeOf<RequiredAgentsResult>();
    expectTypeOf(r.agentCount).toBeNumber();
    expectTypeOf(r.reason).toEqualTypeOf<string | null>();
    // @ts-expect-error — a count is agentCount; a bare plural names an array
    requiredAgents({ contacts: 1, intervalMs: 1, ahtMs: 1, targetServiceLevel: 0.8, targetAnswerMs: 1 });
    // @ts-expect-error — agentCount, not agents
    erlangB({ trafficErlangs: 2, agents: 3 });
    expectTypeOf<StaffingModel>().toEqualTypeOf<'erlang-c' | 'erlang-a'>();
    // @ts-expect-error — the model is a union
    requiredAgents({ contactCount: 1, intervalMs: 1, ahtMs: 1, targetServiceLevel: 0.8, targetAnswerMs: 1 }, { model: 'erlang-x' });
    expectTypeOf(staffingPlan([], { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: 1_800_000 }).agentHours).toBeNumber();
  });

  it('fractional agents, abandonment caps, line sizing and roster evaluation', () => {
    const input = { contactCount: 1000, intervalMs: 3_600_000, ahtMs: 120_000, targetServiceLevel: 0.8, targetAnswerMs: 20_000 };
    expectTypeOf(requiredAgents(input, { fractional: true }).agentCount).toBeNumber();
    expectTypeOf(requiredAgents(input, { model: 'erlang-a', patienceMs: 60_000, maxAbandonment: 0.02 }).agentsByConstraint.abandonment).toEqualTypeOf<
      number | null
    >();
    expectTypeOf<contactCenter.StaffingConstraint>().toEqualTypeOf<'service-level' | 'occupancy' | 'asa' | 'abandonment'>();
    // @ts-expect-error — fractional is a boolean
    requiredAgents(input, { fractional: 'yes' });
    const lines = contactCenter.requiredLines({ trafficErlangs: 10, maxBlocking: 0.01 });
    expectTypeOf(lines).toEqualTypeOf<contactCenter.RequiredLinesResult>();
    expectTypeOf(lines.blocking).toEqualTypeOf<number | null>();
    // @ts-expect-error — the limit is maxBlocking
    contactCenter.requiredLines({ trafficErlangs: 10, blocking: 0.01 });
    const e = contactCenter.evaluateStaffing([], { targetServiceLevel: 0.8, targetAnswerMs: 20_000 }, { scheduled: [] });
    expectTypeOf(e).toEqualTypeOf<contactCenter.StaffingEvaluationResult>();
    expectTypeOf(e.value).toEqualTypeOf<number | null>();
    expectTypeOf(e.intervals[0]!.meetsTargets).toEqualTypeOf<boolean | null>();
    // @ts-expect-error — the roster is { scheduled }
    contactCenter.evaluateStaffing([], { targetServiceLevel: 0.8, targetAnswerMs: 20_000 }, [1, 2]);
  });

  it('measured metrics, and one averageHandleTime shared with support', () => {
    expectTypeOf(contactCenter.averageHandleTime).toEqualTypeOf(support.averageHandleTime);
    expectTypeOf(contactCenter.serviceLevel({ answeredWithinTarget: 70, abandonedWithinTarget: 10, offered: 100 }).value).toEqualTypeOf<number | null>();
    // @ts-expect-error — the method is a union
    contactCenter.serviceLevel({ answeredWithinTarget: 1, abandonedWithinTarget: 0, offered: 2 }, { method: 'abandons-ignore' });
    expectTypeOf(contactCenter.occupancy({ handleMs: 1, availableMs: 1 }).band).toEqualTypeOf<contactCenter.OccupancyBand | null>();
  });

  it('contact metrics carry their accumulator, for byPeriod and bySegment', () => {
    expectTypeOf(abandonmentRate.accumulator).toEqualTypeOf(abandonmentRateAccumulator);
    expectTypeOf(serviceLevel.accumulator.records.timestampFields).toEqualTypeOf<readonly ContactTimestampField[]>();
    expectTypeOf(byPeriod(abandonmentRate, [], { period: 'day' })).toEqualTypeOf<ByPeriodResult<AbandonmentRateResult>>();
    expectTypeOf(byPeriod(serviceLevel, [], { period: 'week', at: 'answeredAt' }, { targetAnswerMs: 20_000 }).total).toEqualTypeOf<ServiceLevelResult>();
    expectTypeOf(bySegment(serviceLevel, [], 'queue', { targetAnswerMs: 20_000 })).toEqualTypeOf<BySegmentResult<ServiceLevelResult>>();
    expectTypeOf(bySegment(averageSpeedOfAnswer, [], (c: { queue?: string }) => c.queue).total).toEqualTypeOf<AverageSpeedOfAnswerResult>();
    expectTypeOf<PeriodAt<ContactTimestampField>>().toExtend<string | ((record: never, index: number) => unknown)>();
    // @ts-expect-error — contacts are placed by their own timestamps, not a ticket's
    byPeriod(abandonmentRate, [], { period: 'day', at: 'createdAt' });
    // @ts-expect-error — and tickets by theirs
    byPeriod(firstResponseTime, [], { period: 'day', at: 'offeredAt' });
    // @ts-expect-error — the metric's options are checked
    byPeriod(serviceLevel, [], { period: 'day' }, { targetAnswer: 20_000 });
    // @ts-expect-error — occupancy is measured from agent time, not contacts: it has no accumulator
    byPeriod(occupancy, [], { period: 'day' });
  });
});
