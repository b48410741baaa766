/**
 * Any record metric (tickets, contacts) per calendar period, per segment, and per period and
 * segment (`byPeriod` with `by`), as functions over an array and as mergeable, serialisable
 * accumulators. Exported from the root and from the support and contact-centre entry points.
 *
 * @module grouping
 */
export {
  byPeriod,
  byPeriodAccumulator,
  type ByPeriodAccumulator,
  type ByPeriodAccumulatorFactory,
  type ByPeriodOptions,
  type ByPeriodResult,
  type ByPeriodSegmentsAccumulator,
  type ByPeriodSegmentsOptions,
  type ByPeriodSegmentsResult,
  type PeriodAt,
  type PeriodChange,
  type PeriodRow,
  type PeriodSegmentsRow,
} from './by-period.js';
export {
  bySegment,
  bySegmentAccumulator,
  type BySegmentAccumulator,
  type BySegmentAccumulatorFactory,
  type BySegmentResult,
  type Segment,
  type SegmentBy,
  type SegmentKey,
} from './by-segment.js';
export { type SegmentableMetric } from './parts.js';
export { type MetricRecords, type RecordMetricFactory } from '../records/metric-records.js';
