/**
 * Any record metric (tickets, contacts) per calendar period and per segment, as functions over an
 * array and as mergeable, serialisable accumulators. Exported from the root and from the support
 * and contact-centre entry points.
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
  type PeriodAt,
  type PeriodChange,
  type PeriodRow,
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
