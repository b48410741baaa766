/**
 * The records of the ticket metrics, as `byPeriod` and `bySegment` read them.
 *
 * @module
 */
import { type MetricRecords } from '../records/metric-records.js';
import { TICKET_KIND } from './ticket.js';

export type { RecordMetricFactory } from '../records/metric-records.js';

/** The ticket timestamp fields: what `byPeriod` can place tickets by (`'createdAt'` by default). */
export type TicketTimestampField = 'createdAt' | 'firstResponseAt' | 'resolvedAt' | 'closedAt';

/**
 * The records of every ticket metric: tickets, placed by `createdAt` (required) by default, or by
 * `firstResponseAt`, `resolvedAt` or `closedAt`.
 * @internal
 */
export const TICKET_RECORDS: MetricRecords<TicketTimestampField> = TICKET_KIND.records;
