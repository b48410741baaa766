/**
 * Tickets built from rows or columns (the command's rows, `{ columns }` inputs): one class with
 * every ticket field (null when there is no value), so that all tickets share one shape with the
 * fields in the object itself, and one setter per field (a named store, not a store by a computed
 * key).
 *
 * @module
 */
import type { TICKET_FIELDS } from './tickets.js';

type TicketField = keyof typeof TICKET_FIELDS;

/** A ticket read from a row; fields without a value are null (absent, for the metrics). @internal */
export class TicketRow {
  id: unknown = null;
  createdAt: unknown = null;
  firstResponseAt: unknown = null;
  firstResponseMs: unknown = null;
  resolvedAt: unknown = null;
  resolutionMs: unknown = null;
  closedAt: unknown = null;
  status: unknown = null;
  channel: unknown = null;
  topic: unknown = null;
  category: unknown = null;
  agent: unknown = null;
  team: unknown = null;
  priority: unknown = null;
  customerId: unknown = null;
  contactCount: unknown = null;
  reopened: unknown = null;
  escalated: unknown = null;
  handleTimeMs: unknown = null;
  pausedMs: unknown = null;
  csat: unknown = null;
  firstContactResolved: unknown = null;
  complaint: unknown = null;
  qaPassed: unknown = null;
  firstResolvedAt: unknown = null;
  requesterWaitMs: unknown = null;
  agentWaitMs: unknown = null;
  onHoldMs: unknown = null;
  agentWorkMs: unknown = null;
  replyCount: unknown = null;
  reopenCount: unknown = null;
  firstResponseSlaMet: unknown = null;
  resolutionSlaMet: unknown = null;
}

/** Sets one field of a {@link TicketRow}. @internal */
export type FieldSetter = (ticket: TicketRow, value: unknown) => void;

/** The setter of each field. @internal */
export const SETTERS: Readonly<Record<TicketField, FieldSetter>> = Object.freeze({
  id: (t, v) => void (t.id = v),
  createdAt: (t, v) => void (t.createdAt = v),
  firstResponseAt: (t, v) => void (t.firstResponseAt = v),
  firstResponseMs: (t, v) => void (t.firstResponseMs = v),
  resolvedAt: (t, v) => void (t.resolvedAt = v),
  resolutionMs: (t, v) => void (t.resolutionMs = v),
  closedAt: (t, v) => void (t.closedAt = v),
  status: (t, v) => void (t.status = v),
  channel: (t, v) => void (t.channel = v),
  topic: (t, v) => void (t.topic = v),
  category: (t, v) => void (t.category = v),
  agent: (t, v) => void (t.agent = v),
  team: (t, v) => void (t.team = v),
  priority: (t, v) => void (t.priority = v),
  customerId: (t, v) => void (t.customerId = v),
  contactCount: (t, v) => void (t.contactCount = v),
  reopened: (t, v) => void (t.reopened = v),
  escalated: (t, v) => void (t.escalated = v),
  handleTimeMs: (t, v) => void (t.handleTimeMs = v),
  pausedMs: (t, v) => void (t.pausedMs = v),
  csat: (t, v) => void (t.csat = v),
  firstContactResolved: (t, v) => void (t.firstContactResolved = v),
  complaint: (t, v) => void (t.complaint = v),
  qaPassed: (t, v) => void (t.qaPassed = v),
  firstResolvedAt: (t, v) => void (t.firstResolvedAt = v),
  requesterWaitMs: (t, v) => void (t.requesterWaitMs = v),
  agentWaitMs: (t, v) => void (t.agentWaitMs = v),
  onHoldMs: (t, v) => void (t.onHoldMs = v),
  agentWorkMs: (t, v) => void (t.agentWorkMs = v),
  replyCount: (t, v) => void (t.replyCount = v),
  reopenCount: (t, v) => void (t.reopenCount = v),
  firstResponseSlaMet: (t, v) => void (t.firstResponseSlaMet = v),
  resolutionSlaMet: (t, v) => void (t.resolutionSlaMet = v),
});
