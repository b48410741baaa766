/**
 * Ticket metrics from status, comment and assignment histories.
 *
 * @module
 */
export { ticketMetrics } from './ticket-metrics.js';
export * from './adapters/index.js';
export {
  type ActorRole,
  type HistoryCounts,
  type HistoryDurations,
  type HistoryReasons,
  type InvalidHistory,
  type StatusCategory,
  type StatusTimes,
  type TicketEvent,
  type TicketEventKind,
  type TicketHistory,
  type TicketHistoryEvent,
  type TicketMetricsInput,
  type TicketMetricsOptions,
  type TicketMetricsResult,
  type TicketMetricsRow,
} from './types.js';
