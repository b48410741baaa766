/**
 * The ticket record kind, declared once below the families: its fields and their kinds, the
 * required `createdAt`, the order rules and the durations that stand for spans. The support
 * family's ticket metrics and the survey family's `csat` over tickets read tickets through it; the
 * `Ticket` type (support) names the same fields.
 *
 * @module
 */
import { type ArrowTableLike, type RecordColumns } from './columns.js';
import { defineRecordKind } from './kind.js';
import { SETTERS, TicketRow } from './ticket-row.js';

/** Every ticket field and its kind: the single source of the checks and of `TicketSchema`. */
export const TICKET_FIELDS = Object.freeze({
  id: 'id',
  createdAt: 'timestamp',
  firstResponseAt: 'timestamp',
  firstResponseMs: 'duration',
  resolvedAt: 'timestamp',
  resolutionMs: 'duration',
  closedAt: 'timestamp',
  status: 'label',
  channel: 'label',
  topic: 'label',
  category: 'label',
  agent: 'label',
  team: 'label',
  priority: 'label',
  customerId: 'id',
  contactCount: 'count',
  reopened: 'boolean',
  escalated: 'boolean',
  handleTimeMs: 'duration',
  pausedMs: 'duration',
  csat: 'number',
  firstContactResolved: 'boolean',
  complaint: 'boolean',
  qaPassed: 'boolean',
  firstResolvedAt: 'timestamp',
  requesterWaitMs: 'duration',
  agentWaitMs: 'duration',
  onHoldMs: 'duration',
  agentWorkMs: 'duration',
  replyCount: 'count',
  reopenCount: 'count',
  firstResponseSlaMet: 'boolean',
  resolutionSlaMet: 'boolean',
} as const);

/** How far a given duration may differ from the one its timestamps give. */
export const AGREEMENT_MS = 1;

/**
 * The ticket record kind: `createdAt` required; responses, resolutions and closing not before
 * creation, the (last) resolution not before the first; `firstResponseMs` and `resolutionMs` stand for the spans from `createdAt` to
 * `firstResponseAt` and `resolvedAt` (within {@link AGREEMENT_MS} when both are given).
 * @internal
 */
export const TICKET_KIND = /* @__PURE__ */ defineRecordKind({
  record: 'ticket',
  collection: 'tickets',
  fields: TICKET_FIELDS,
  required: ['createdAt'],
  order: [
    ['firstResponseAt', 'createdAt'],
    ['resolvedAt', 'createdAt'],
    ['closedAt', 'createdAt'],
    ['firstResolvedAt', 'createdAt'],
    ['resolvedAt', 'firstResolvedAt'],
  ],
  spans: [
    { duration: 'firstResponseMs', from: 'createdAt', to: 'firstResponseAt' },
    { duration: 'resolutionMs', from: 'createdAt', to: 'resolvedAt' },
  ],
  agreementMs: AGREEMENT_MS,
  missingNote: '; this metric needs it',
  rowShape: { make: () => new TicketRow(), set: SETTERS },
});

/** The ticket timestamp fields: what `byPeriod` can place tickets by (`'createdAt'` by default). */
export type TicketTimestampField = 'createdAt' | 'firstResponseAt' | 'resolvedAt' | 'closedAt' | 'firstResolvedAt';

/**
 * Tickets as columns: ticket field → column, every column with one value per ticket (timestamps as
 * a Float64Array of epoch ms, NaN for missing; labels as an array or a dictionary column). The
 * `{ columns }` input of every ticket metric (docs/columns.md).
 */
export type TicketColumns = RecordColumns<keyof typeof TICKET_FIELDS> | ArrowTableLike;
