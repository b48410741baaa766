/**
 * Support-ticket metrics: first response, resolution and handle time, with the ticket record they
 * read.
 *
 * @module support
 */
export { KpiInputError } from '../core/errors.js';
export {
  type Ticket,
  type TicketOptions,
  type OnInvalid,
  type InvalidTicket,
  DEFAULT_RESOLVED_STATUSES,
} from './ticket.js';
export {
  type DurationAccumulator,
  type DurationAccumulatorFactory,
  type DurationAccumulatorJSON,
  type DurationCalendar,
  type DurationOptions,
  type DurationResult,
} from './duration-metric.js';
export { type DurationSummary } from './durations.js';
export {
  firstResponseTime,
  firstResponseTimeAccumulator,
  type FirstResponseTimeInput,
  type FirstResponseTimeOptions,
  type FirstResponseTimeResult,
} from './first-response-time.js';
export {
  resolutionTime,
  resolutionTimeAccumulator,
  type ResolutionTimeInput,
  type ResolutionTimeOptions,
  type ResolutionTimeResult,
} from './resolution-time.js';
export {
  averageHandleTime,
  averageHandleTimeAccumulator,
  type AverageHandleTimeInput,
  type AverageHandleTimeOptions,
  type AverageHandleTimeResult,
} from './average-handle-time.js';
export { TicketSchema, TimestampSchema } from './schemas.js';
export { type TicketAccumulator, type TicketAccumulatorFactory, type TicketMetric } from './ticket-metric.js';
export {
  bySegment,
  type BySegmentResult,
  type Segment,
  type SegmentBy,
  type SegmentKey,
  type SegmentableMetric,
} from './by-segment.js';
