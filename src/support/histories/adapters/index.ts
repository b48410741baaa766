/**
 * Adapters from help-desk exports to the events of `ticketMetrics`: Zendesk (Fivetran tables or the
 * Ticket Audits API, and its schedules), Freshdesk ticket activities, Intercom conversations.
 *
 * @module
 */
export { type AdapterResult } from './common.js';
export {
  zendeskEvents,
  type ZendeskAudit,
  type ZendeskAuditEvent,
  type ZendeskCommentRow,
  type ZendeskEventsInput,
  type ZendeskEventsOptions,
  type ZendeskFieldHistoryRow,
  type ZendeskTicketScheduleRow,
  type ZendeskUserRow,
} from './zendesk.js';
export { zendeskSchedules, type ZendeskHolidayRow, type ZendeskInterval, type ZendeskScheduleRow, type ZendeskSchedulesInput } from './zendesk-schedules.js';
export { freshdeskEvents, type FreshdeskActivity, type FreshdeskActivityRow, type FreshdeskEventsOptions } from './freshdesk.js';
export { intercomEvents, type IntercomConversation, type IntercomEventsOptions, type IntercomPart, type IntercomPartRow } from './intercom.js';
