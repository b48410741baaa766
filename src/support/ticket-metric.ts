/**
 * The records of the ticket metrics, as `byPeriod` and `bySegment` read them.
 *
 * @module
 */
import { type MetricRecords } from '../records/metric-records.js';
import { TICKET_KIND } from './ticket.js';

export type { RecordMetricFactory } from '../records/metric-records.js';

import type { TicketTimestampField } from '../records/tickets.js';
export type { TicketTimestampField };

/**
 * The records of every ticket metric: tickets, placed by `createdAt` (required) by default, or by
 * `firstResponseAt`, `resolvedAt` or `closedAt`.
 * @internal
 */
export const TICKET_RECORDS: MetricRecords<TicketTimestampField> = TICKET_KIND.records;
