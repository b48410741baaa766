/**
 * Ticket metrics from status, comment and assignment histories.
 *
 * @module
 */
export { ticketMetrics } from './ticket-metrics.js';
export * from './adapters/index.js';
export {
  type ActorRole,
  type HistoryCountColumns,
  type HistoryCounts,
  type HistoryDictionaryColumn,
  type HistoryDurationColumns,
  type HistoryDurations,
  type HistoryReasonColumns,
  type HistoryReasons,
  type HistoryTicketColumns,
  type InvalidHistory,
  type StatusCategory,
  type StatusTimeColumns,
  type StatusTimes,
  type TicketEvent,
  type TicketEventKind,
  type TicketHistory,
  type TicketHistoryEvent,
  type TicketMetricsColumns,
  type TicketMetricsColumnsOptions,
  type TicketMetricsColumnsResult,
  type TicketMetricsInput,
  type TicketMetricsOptions,
  type TicketMetricsResult,
  type TicketMetricsRow,
} from './types.js';
