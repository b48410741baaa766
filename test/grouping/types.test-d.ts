import { describe, expectTypeOf, it } from 'vitest';
import {
  type ByPeriodAccumulator,
  type ByPeriodResult,
  type ByPeriodSegmentsAccumulator,
  type ByPeriodSegmentsResult,
  type PeriodRow,
  type PeriodSegmentsRow,
  byPeriod,
  byPeriodAccumulator,
} from '../../src/grouping/by-period.js';
import { type Segment, type SegmentKey } from '../../src/grouping/by-segment.js';
import { abandonmentRate } from '../../src/contact-center/abandonment-rate.js';
import { firstResponseTime } from '../../src/support/first-response-time.js';
import { resolutionRate } from '../../src/support/resolution-rate.js';

type Frt = ReturnType<typeof firstResponseTime>;

describe('byPeriod with by (period × segment): types', () => {
  it('with by: rows with segments, the segments over all records and by', () => {
    const r = byPeriod(firstResponseTime, [], { period: 'month', by: 'channel' });
    expectTypeOf(r).toEqualTypeOf<ByPeriodSegmentsResult<Frt>>();
    expectTypeOf(r.periods[0]!).toEqualTypeOf<PeriodSegmentsRow<Frt>>();
    expectTypeOf(r.periods[0]!.segments).toEqualTypeOf<readonly Segment<Frt>[]>();
    expectTypeOf(r.periods[0]!.segments[0]!.key).toEqualTypeOf<SegmentKey>();
    expectTypeOf(r.undated!.segments).toEqualTypeOf<readonly Segment<Frt>[]>();
    expectTypeOf(r.segments).toEqualTypeOf<readonly Segment<Frt>[]>();
    expectTypeOf(r.by).toBeString();
    // A key function, for contacts.
    const c = byPeriod(abandonmentRate, [], { period: 'day', by: (contact: { queue?: string }) => contact.queue ?? null });
    expectTypeOf(c.periods[0]!.segments[0]!.result).toEqualTypeOf<ReturnType<typeof abandonmentRate>>();
  });

  it('without by: rows as before', () => {
    const r = byPeriod(resolutionRate, [], { period: 'month' });
    expectTypeOf(r).toEqualTypeOf<ByPeriodResult<ReturnType<typeof resolutionRate>>>();
    expectTypeOf(r.periods[0]!).toEqualTypeOf<PeriodRow<ReturnType<typeof resolutionRate>>>();
    // @ts-expect-error — no segments without by
    void r.segments;
    // @ts-expect-error — by is a field name or a key function
    byPeriod(resolutionRate, [], { period: 'month', by: 42 });
  });

  it('the accumulator: with by its result has segments', () => {
    expectTypeOf(byPeriodAccumulator(firstResponseTime, { period: 'month', by: 'channel' })).toEqualTypeOf<ByPeriodSegmentsAccumulator<Frt>>();
    expectTypeOf(byPeriodAccumulator(firstResponseTime, { period: 'month', by: 'channel' }).result().periods[0]!.segments).toEqualTypeOf<
      readonly Segment<Frt>[]
    >();
    expectTypeOf(byPeriodAccumulator(firstResponseTime, { period: 'month' })).toEqualTypeOf<ByPeriodAccumulator<Frt>>();
  });
});
