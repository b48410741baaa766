/**
 * Support-ticket metrics: first response, resolution and handle time, with the ticket record they
 * read; and per-ticket metrics from status and comment histories (`ticketMetrics`).
 *
 * @module support
 */
export { KpiInputError } from '../core/errors.js';
export { type Ticket, type TicketField, type TicketOptions, type OnInvalid, type InvalidTicket, DEFAULT_RESOLVED_STATUSES } from './ticket.js';
// The `{ columns }` input of the ticket (and contact) metrics: columns per field, typed arrays, Apache Arrow tables.
export type { ArrowData, ArrowTableLike, ArrowVectorLike, Column, DictionaryColumn, MaskedColumn, RecordColumns, TicketColumns } from './ticket.js';
export { type DurationCalendar, type DurationOptions, type DurationResult } from './duration-metric.js';
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
  type HandledContact,
  type AverageHandleTimeOptions,
  type AverageHandleTimeResult,
} from './average-handle-time.js';
export { type TicketTimestampField } from './ticket-metric.js';
export {
  firstResolutionTime,
  firstResolutionTimeAccumulator,
  type FirstResolutionTimeInput,
  type FirstResolutionTimeOptions,
  type FirstResolutionTimeResult,
} from './first-resolution-time.js';
export { type StatusDurationInput, type StatusDurationOptions, type StatusDurationResult } from './status-duration.js';
export {
  requesterWaitTime,
  requesterWaitTimeAccumulator,
  type RequesterWaitTimeInput,
  type RequesterWaitTimeOptions,
  type RequesterWaitTimeResult,
} from './requester-wait-time.js';
export { agentWaitTime, agentWaitTimeAccumulator, type AgentWaitTimeInput, type AgentWaitTimeOptions, type AgentWaitTimeResult } from './agent-wait-time.js';
export { onHoldTime, onHoldTimeAccumulator, type OnHoldTimeInput, type OnHoldTimeOptions, type OnHoldTimeResult } from './on-hold-time.js';
export { agentWorkTime, agentWorkTimeAccumulator, type AgentWorkTimeInput, type AgentWorkTimeOptions, type AgentWorkTimeResult } from './agent-work-time.js';
export {
  type CountBin,
  type CountDistributionInput,
  type CountDistributionOptions,
  type CountDistributionResult,
  type CountShare,
} from './count-distribution.js';
export {
  repliesPerTicket,
  repliesPerTicketAccumulator,
  type RepliesPerTicketInput,
  type RepliesPerTicketOptions,
  type RepliesPerTicketResult,
} from './replies-per-ticket.js';
export {
  reopensPerTicket,
  reopensPerTicketAccumulator,
  type ReopensPerTicketInput,
  type ReopensPerTicketOptions,
  type ReopensPerTicketResult,
} from './reopens-per-ticket.js';

export {
  resolutionRate,
  resolutionRateAccumulator,
  type ResolutionRateInput,
  type ResolutionRateOptions,
  type ResolutionRateResult,
} from './resolution-rate.js';
export { reopenRate, reopenRateAccumulator, type ReopenRateInput, type ReopenRateOptions, type ReopenRateResult } from './reopen-rate.js';
export {
  firstContactResolution,
  firstContactResolutionAccumulator,
  type FcrBasis,
  type FcrMethod,
  type FirstContactResolutionInput,
  type FirstContactResolutionOptions,
  type FirstContactResolutionResult,
} from './first-contact-resolution.js';
export { type RecordExcluded, type TicketTimes } from './record-metric.js';
export { backlog, backlogAccumulator, DEFAULT_AGE_BUCKETS_MS, type BacklogAgeBucket, type BacklogOptions, type BacklogResult } from './backlog.js';
export {
  slaCompliance,
  slaComplianceAccumulator,
  type SlaComplianceOptions,
  type SlaComplianceResult,
  type SlaCounts,
  type SlaPriorityRow,
  type SlaTargetOptions,
  type SlaTargets,
} from './sla-compliance.js';
export {
  ticketsPerHour,
  ticketsPerHourAccumulator,
  type AgentThroughput,
  type TicketsPerHourInput,
  type TicketsPerHourOptions,
  type TicketsPerHourResult,
} from './tickets-per-hour.js';
export {
  resolutionConsistency,
  resolutionConsistencyAccumulator,
  type AgentOutcome,
  type ConsistencyOutcome,
  type ResolutionConsistencyInput,
  type ResolutionConsistencyOptions,
  type ResolutionConsistencyResult,
} from './resolution-consistency.js';
export {
  volumeByChannel,
  volumeByChannelAccumulator,
  type KeyCounts,
  type VolumeByChannelInput,
  type VolumeByChannelOptions,
  type VolumeByChannelResult,
  type VolumeGroup,
} from './volume-by-channel.js';
export { topTopics, topTopicsAccumulator, type TopTopicsInput, type TopTopicsOptions, type TopTopicsResult, type TopicRow } from './top-topics.js';
export { complaints, complaintsAccumulator, type ComplaintGroup, type ComplaintsInput, type ComplaintsOptions, type ComplaintsResult } from './complaints.js';
// ticketMetrics from status and comment histories, and the adapters from help-desk exports (src/support/histories).
export * from './histories/index.js';
export {
  mapTickets,
  TICKET_PRESETS,
  TICKET_COLUMN_ALIASES,
  type MapTicketsOptions,
  type MapTicketsResult,
  type TicketPreset,
  type DurationUnit,
  type MapRowsInput,
  type RowProblem,
} from './map-tickets.js';
export { UNITS, type RowPreset, type MapRowsOptions, type MappedRows } from '../records/map-rows.js';
export { TICKET_FIELDS } from '../records/tickets.js';
// byPeriod, bySegment and their accumulators, for every record metric (src/grouping).
export * from '../grouping/index.js';
