/**
 * The engine spec shared by the status-time metrics (requester wait, agent wait, on-hold and agent
 * work time): each reads one duration field of the ticket, measured by the help desk (or by
 * `ticketMetrics`) in the clock it chose.
 *
 * @module
 */
import { type DurationMetricSpec, type DurationOptions, type DurationResult, INVALID, excludedCode, msColumns } from './duration-metric.js';
import { MAX_EPOCH_MS } from '../time/timestamp.js';
import { type Ticket, type TicketField, MAX_DURATION_MS, type TicketColumns } from './ticket.js';

/** The ticket fields of the status-time metrics. */
export type StatusDurationField = 'requesterWaitMs' | 'agentWaitMs' | 'onHoldMs' | 'agentWorkMs';

/**
 * Options of the status-time metrics: those of every duration metric, without `calendar` (the
 * clock was chosen when the durations were measured: by the help desk's export, or by
 * `ticketMetrics`' `ticketClock`).
 */
export type StatusDurationOptions = DurationOptions;

/** Input of a status-time metric: tickets, or a column of durations with the count of tickets not measured. */
export type StatusDurationInput =
  ({ readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns }) | { readonly durations: ArrayLike<number>; readonly unmeasured?: number };

/** Result of a status-time metric; `excluded.unmeasured` counts tickets without the duration. */
export type StatusDurationResult = DurationResult<'unmeasured'>;

const UNMEASURED = excludedCode(0);

/**
 * The spec of a status-time metric reading `field` (through `get`, a named property read, so that
 * the hot loop's access stays monomorphic). A ticket needs a valid `createdAt` (what `byPeriod`
 * places it by); one without the duration is `unmeasured`. @internal
 */
export function statusDurationSpec(metric: string, field: StatusDurationField, get: (t: Record<string, unknown>) => unknown): DurationMetricSpec<'unmeasured'> {
  const fields: readonly TicketField[] = ['createdAt', field];
  return {
    metric,
    excludedKeys: ['unmeasured'],
    fields,
    required: ['createdAt'],
    calendar: false,
    extraOptions: {},
    read(t, reader) {
      const c = t['createdAt'];
      if (typeof c === 'number') {
        if (!(c >= -MAX_EPOCH_MS && c <= MAX_EPOCH_MS)) return INVALID;
      } else {
        const created = reader.read(c);
        if (created !== created) return INVALID;
      }
      const ms = get(t);
      if (ms === undefined || ms === null) return UNMEASURED;
      return typeof ms === 'number' && ms >= 0 && ms <= MAX_DURATION_MS ? ms : INVALID;
    },
    readColumns: (view, _settings, out) => msColumns(view, field, true, out),
    // Every reason a ticket is invalid is a field's own (ticketIssues finds it).
    explain: () => [],
  };
}
