import { describe, expectTypeOf, it } from 'vitest';
import { type AccumulatorJSON } from '../../src/core/accumulator.js';
import { type PeriodChange, byPeriod } from '../../src/grouping/by-period.js';
import { type SegmentKey, bySegment } from '../../src/grouping/by-segment.js';
import {
  averageHandleTime,
  backlog,
  firstContactResolution,
  reopenRate,
  resolutionConsistency,
  resolutionRate,
  slaCompliance,
  ticketsPerHour,
  type DurationCalendar,
  type FcrBasis,
  type FcrMethod,
  type ResolutionRateResult,
  firstResponseTime,
  firstResponseTimeAccumulator,
  resolutionTime,
  resolutionRateAccumulator,
  type InvalidTicket,
  type Ticket,
} from '../../src/support/index.js';
import { type TicketSchema } from '../../src/schemas/index.js';
import { businessCalendar, businessDuration, toEpochMs, type TimestampInput } from '../../src/time/index.js';

describe('support public types', () => {
  it('duration results: value and statistics may be null; excluded reasons are named per metric', () => {
    const r = firstResponseTime({ tickets: [{ createdAt: 0 }] });
    expectTypeOf(r.value).toEqualTypeOf<number | null>();
    expectTypeOf(r.median).toEqualTypeOf<number | null>();
    expectTypeOf(r.n).toEqualTypeOf<number>();
    expectTypeOf(r.percentiles).toEqualTypeOf<Readonly<Record<string, number | null>>>();
    expectTypeOf(r.excluded.unanswered).toEqualTypeOf<number>();
    expectTypeOf(r.excluded.invalidTickets).toEqualTypeOf<readonly InvalidTicket[]>();
    expectTypeOf(r.time).toEqualTypeOf<'calendar' | 'business-hours'>();
    const rt = resolutionTime({ durations: new Float64Array(0) });
    expectTypeOf(rt.excluded.unresolved).toEqualTypeOf<number>();
    expectTypeOf(rt.excluded.noResolutionTime).toEqualTypeOf<number>();
    // @ts-expect-error — resolution time has no "unanswered" reason
    void rt.excluded.unanswered;
    expectTypeOf(averageHandleTime({ totalHandleTimeMs: 1, handled: 1 }).excluded.noHandleTime).toEqualTypeOf<number>();
    // Contacts carry other fields; only handleTimeMs is read.
    expectTypeOf(averageHandleTime({ contacts: [{ offeredAt: 0, handleTimeMs: 1 }] })).toEqualTypeOf<ReturnType<typeof averageHandleTime>>();
    // @ts-expect-error — handleTimeMs is a number
    averageHandleTime({ contacts: [{ handleTimeMs: '5' }] });
    // @ts-expect-error — results are read-only
    r.value = 3;
  });

  it('inputs and options are checked', () => {
    expectTypeOf<{ createdAt: string; firstResponseMs: number }>().toExtend<Ticket>();
    expectTypeOf<TimestampInput>().toEqualTypeOf<Date | string | number>();
    // @ts-expect-error — createdAt is required
    firstResponseTime({ tickets: [{ firstResponseMs: 1 }] });
    // @ts-expect-error — an unknown option is a type error too
    firstResponseTime({ tickets: [] }, { percentile: [90] });
    // @ts-expect-error — onInvalid is a union
    firstResponseTime({ tickets: [] }, { onInvalid: 'skip' });
    // @ts-expect-error — calendar is not an option of averageHandleTime
    averageHandleTime({ tickets: [] }, { calendar: { duration: () => 0 } });
    expectTypeOf(toEpochMs).returns.toEqualTypeOf<number>();
  });

  it('accumulators, bySegment and the schema', () => {
    const acc = firstResponseTimeAccumulator.create({ percentiles: [50] });
    expectTypeOf(acc.add({ createdAt: 0 })).toEqualTypeOf(acc);
    expectTypeOf(acc.result()).toEqualTypeOf<ReturnType<typeof firstResponseTime>>();
    expectTypeOf(firstResponseTime.accumulator).toEqualTypeOf(firstResponseTimeAccumulator);
    expectTypeOf(acc.toJSON()).toEqualTypeOf<AccumulatorJSON>();
    expectTypeOf(resolutionRateAccumulator.fromJSON).parameters.toEqualTypeOf<[json: unknown]>();
    const s = bySegment(firstResponseTime, [], 'channel');
    expectTypeOf(s.segments[0]!.key).toEqualTypeOf<SegmentKey>();
    expectTypeOf(s.total).toEqualTypeOf<ReturnType<typeof firstResponseTime>>();
    expectTypeOf<ReturnType<typeof TicketSchema.parse>>().toEqualTypeOf<Ticket>();
  });

  it('counting metrics: results, forms and options', () => {
    const rr = resolutionRate({ inquiries: 10, unresolved: 2 });
    expectTypeOf(rr.value).toEqualTypeOf<number | null>();
    expectTypeOf(rr.excluded.invalidIndices).toEqualTypeOf<readonly number[]>();
    expectTypeOf(reopenRate({ reopened: 1, resolved: 2 }).excluded.neverResolved).toEqualTypeOf<number>();
    const fcr = firstContactResolution({ tickets: [] }, { method: 'repeat-window', windowDays: 3 });
    expectTypeOf(fcr.method).toEqualTypeOf<FcrMethod | null>();
    expectTypeOf(fcr.basis).toEqualTypeOf<FcrBasis>();
    expectTypeOf(fcr.denominator).toEqualTypeOf<number>();
    expectTypeOf(fcr.reason).toEqualTypeOf<string | null>();
    // @ts-expect-error — method is a union
    firstContactResolution({ tickets: [] }, { method: 'touches' });
    // @ts-expect-error — the count divided by is basis, not denominator
    firstContactResolution({ tickets: [] }, { denominator: 'received' });
    // @ts-expect-error — asOf is required
    backlog({ tickets: [] }, {});
    expectTypeOf(backlog({ tickets: [] }, { asOf: 0 }).ageBuckets[0]!.toMs).toEqualTypeOf<number | null>();
    const sla = slaCompliance({ tickets: [] }, { asOf: '2024-01-01', targets: { byPriority: { urgent: { firstResponseMs: 1 } } } });
    expectTypeOf(sla.byPriority[0]!.priority).toEqualTypeOf<string | null>();
    expectTypeOf(ticketsPerHour({ handled: 1, solved: 1, hours: 1 }).agents[0]!.agent).toEqualTypeOf<string>();
    expectTypeOf(resolutionConsistency({ tickets: [] }).qa.value).toEqualTypeOf<number | null>();
    expectTypeOf(resolutionRate.accumulator.create().result()).toEqualTypeOf<ResolutionRateResult>();
    expectTypeOf(bySegment(backlog, [], 'priority', { asOf: 0 }).total).toEqualTypeOf<ReturnType<typeof backlog>>();
  });

  it('byPeriod and business calendars', () => {
    const r = byPeriod(firstResponseTime, [], { period: 'month', timeZone: 'Europe/Berlin' }, { percentiles: [50] });
    expectTypeOf(r.periods[0]!.result).toEqualTypeOf<ReturnType<typeof firstResponseTime>>();
    expectTypeOf(r.periods[0]!.change).toEqualTypeOf<PeriodChange | null>();
    expectTypeOf(r.periods[0]!.key).toBeString();
    // @ts-expect-error — the period is a union
    byPeriod(firstResponseTime, [], { period: 'year' });
    const calendar = businessCalendar({ timeZone: 'UTC', hours: { mon: [['09:00', '17:00']] } });
    expectTypeOf(calendar.duration(0, 1)).toBeNumber();
    // A business calendar is what the duration metrics take as `calendar`.
    expectTypeOf(calendar).toExtend<DurationCalendar>();
    expectTypeOf(businessDuration('2024-01-01', '2024-01-02', calendar)).toBeNumber();
  });
});
