/**
 * Ticket metrics from status, comment and assignment histories: Zendesk's native duration metrics
 * (first reply, first and full resolution, requester and agent wait, on-hold, agent work) and its
 * counts, per ticket, in calendar and business time.
 *
 * @module
 */
import { type IssueSpec, KpiInputError, describeValue } from '../../core/errors.js';
import { deepFreeze } from '../../core/result.js';
import { IssueCollector, requireInput, selectForm } from '../../core/validate.js';
import { type EventColumns, type TicketSink, FN, compareIds, readFlat, readHistories, readSettings } from './read-input.js';
import { Scratch, TicketTable } from './table.js';
import {
  type InvalidHistory,
  type TicketMetricsColumnsOptions,
  type TicketMetricsColumnsResult,
  type TicketMetricsInput,
  type TicketMetricsOptions,
  type TicketMetricsResult,
  type TicketMetricsRow,
} from './types.js';
import { Walker, walkTicket } from './walk.js';

/** The most invalid tickets listed in `excluded.invalidTickets`. */
const MAX_LISTED = 100;

/**
 * Per-ticket metrics from event histories, as Zendesk defines its native duration metrics and
 * counts: **first reply time** (creation → first public agent or admin comment that is not the
 * creation comment), **first** and **full resolution time** (creation → first resolution; → last
 * resolution while the ticket stays resolved), **requester wait** (time in `new`, `open`, `hold`),
 * **agent wait** (`pending`), **on-hold** (`hold`), **agent work** (`new`, `open`), and the
 * counts `replies`, `reopens`, `resolutions`, `assigneeStations`, `groupStations`,
 * `uniqueAssignees`. Durations are exact ms (Zendesk reports whole minutes); a span metric whose
 * end event never happened is `null` with its reason in `reasons`, never "time so far". Status
 * times run from the creation to the last status event (with `live`, to `asOf`); the status
 * metrics are `null` before the first status change, as Zendesk records them at status changes.
 *
 * The status before the first status event is that event's `from` when it is after the creation,
 * else `new`; a status event at the creation instant sets the creation status. Statuses are compared
 * case-insensitively; `on-hold` (and `on_hold`, `onhold`, `on hold`) is `hold`; statuses other than
 * the six categories (`deleted`, custom ones) count in no duration and are neither active nor
 * resolved (map custom ones with `statusMap`).
 *
 * With `schedules`, every duration is also given in business ms (`business`), with the schedule
 * policy `'zendesk'` (the end event's schedule for a span, each status interval under the schedule
 * in force when it ended) or `'split'` (each instant under its own schedule).
 *
 * With `output: 'columns'` the result holds the same figures as a typed-array column per field
 * ({@link TicketMetricsColumnsResult}; `NaN` for `null`, labels dictionary-coded), with no object
 * per ticket; `columns.ticket` feeds the ticket metrics' `{ columns }` input
 * (docs/histories.md#columns).
 *
 * Cost: a pass over the ticket ids, then one over the events, each ticket walked as its events are
 * read, with no object per event; a map of tickets only when the flat events are not listed ticket
 * by ticket in id order, and a sort of a ticket's events only when they are not in time order. Five
 * frozen objects per row, none with columns (docs/histories.md#performance).
 *
 * @param input - `{ events }`: flat rows of any tickets, in any order (a ticket's creation is its
 *   earliest event); or `{ histories: [{ ticketId, createdAt, events }] }`.
 * @param options - {@link TicketMetricsOptions}; {@link TicketMetricsColumnsOptions} for columns.
 * @returns {@link TicketMetricsResult} (with `output: 'columns'`, {@link TicketMetricsColumnsResult}):
 *   a row per ticket, ordered by ticket id, with a `ticket` record for the other ticket metrics (with `firstResolvedAt`, `requesterWaitMs`, `agentWaitMs`,
 *   `onHoldMs`, `agentWorkMs`, `replyCount`, `reopenCount`: `requesterWaitTime`, ...,
 *   `repliesPerTicket` summarise them over many tickets, also in `byPeriod`); invalid tickets in
 *   `excluded` with `onInvalid: 'exclude'`. Frozen.
 * @throws {@link KpiInputError} with the path of every problem: an input that is not `{ events }` or
 *   `{ histories }`; an event that is not an object, has no valid `ticketId` (`['events', 3,
 *   'ticketId']`), a bad `at`, an unknown `kind`, a status event without `to`, a comment without
 *   `public` or `actorRole`, an unknown schedule id; a repeated history; an event before its
 *   ticket's `createdAt` (unless `createdAt: 'firstEvent'`) or after `asOf` (`inconsistent`); bad
 *   options (`['options', 'schedules', 'eu', 'hours']`, `live` without `asOf`, `ticketClock: 'business'`
 *   without `schedules`, ...).
 * @see docs/histories.md#ticketmetrics; Zendesk, "About native Support time duration metrics",
 *   https://support.zendesk.com/hc/en-us/articles/4408834848154; Zendesk, "Calculating first reply
 *   time", https://support.zendesk.com/hc/en-us/articles/4408821871642.
 *
 * @example
 * ```ts
 * import { ticketMetrics } from 'kpi-kit';
 *
 * const r = ticketMetrics({
 *   events: [
 *     { ticketId: 7, at: '2024-05-06T08:00:00Z', kind: 'comment', public: true, actorRole: 'end-user' },
 *     { ticketId: 7, at: '2024-05-06T09:00:00Z', kind: 'status', from: 'new', to: 'open' },
 *     { ticketId: 7, at: '2024-05-06T10:00:00Z', kind: 'comment', public: false, actorRole: 'agent' },
 *     { ticketId: 7, at: '2024-05-06T10:30:00Z', kind: 'comment', public: true, actorRole: 'agent' },
 *     { ticketId: 7, at: '2024-05-06T10:30:00Z', kind: 'status', from: 'open', to: 'pending' },
 *     { ticketId: 7, at: '2024-05-06T12:30:00Z', kind: 'status', from: 'pending', to: 'solved' },
 *   ],
 * });
 * const t = r.tickets[0]!;
 * t.calendar.firstReplyTime; // 9000000 (2.5 h: the private note at 10:00 is no reply)
 * t.calendar.requesterWaitTime; // 9000000 (new 1 h + open 1.5 h)
 * t.calendar.agentWaitTime; // 7200000 (pending 2 h)
 * t.calendar.fullResolutionTime; // 16200000 (4.5 h)
 * t.counts.replies; // 1
 * t.ticket.status; // 'solved'
 * ```
 */
export function ticketMetrics(input: TicketMetricsInput, options: TicketMetricsColumnsOptions): TicketMetricsColumnsResult;
export function ticketMetrics<O extends 'rows' | 'columns'>(
  input: TicketMetricsInput,
  options: Omit<TicketMetricsOptions, 'output'> & { readonly output: O },
): O extends 'columns' ? TicketMetricsColumnsResult : TicketMetricsResult;
export function ticketMetrics(input: TicketMetricsInput, options?: TicketMetricsOptions): TicketMetricsResult;
export function ticketMetrics(
  input: TicketMetricsInput,
  options?: TicketMetricsOptions | TicketMetricsColumnsOptions,
): TicketMetricsResult | TicketMetricsColumnsResult {
  const record = requireInput(FN, input);
  const form = selectForm(FN, record, [
    { name: 'events', fields: ['events'] },
    { name: 'histories', fields: ['histories'] },
  ]);
  const settings = readSettings(options);
  const business = settings.schedules !== null;
  const columnar = settings.output === 'columns';
  // The walk writes each ticket into a row of `table`: every row with columns (sized when the
  // tickets are counted); row 0, made a row object at once, with rows.
  let table = new TicketTable(1, business, settings.businessTicket);
  const rows: TicketMetricsRow[] = [];
  const walker = new Walker(settings, new Scratch());
  const invalid: { ticketId: string | number; issues: IssueSpec[] }[] = [];
  // Whether the rows came in ticket id order (events listed ticket by ticket, as exports list them).
  let inOrder = true;
  const sink: TicketSink = {
    expect(tickets: number): void {
      if (columnar) table.reserve(tickets);
    },
    restart(): void {
      table = new TicketTable(1, business, settings.businessTicket);
      rows.length = 0;
      invalid.length = 0;
      inOrder = true;
    },
    walker,
    ticket(ticketId: string | number, createdAt: number, c: EventColumns, walked: boolean): void {
      const problem = walked ? null : walkTicket(ticketId, createdAt, c, walker);
      if (problem !== null) {
        invalid.push({
          ticketId,
          issues: [
            {
              code: 'missing',
              path: ['options', 'defaultSchedule'],
              input: undefined,
              detail: `ticket ${describeValue(ticketId)} in ${form}: ${problem}`,
            },
          ],
        });
        return;
      }
      walker.end(table);
      if (columnar) {
        table.n++;
        return;
      }
      const row = table.row(0, walker.x);
      if (inOrder && rows.length > 0 && compareIds((rows[rows.length - 1] as TicketMetricsRow).ticketId, ticketId) > 0) inOrder = false;
      rows.push(row);
    },
    invalid(ticketId: string | number, issues: IssueSpec[]): void {
      invalid.push({ ticketId, issues });
    },
  };
  if (form === 'events') readFlat(record['events'], settings, sink);
  else readHistories(record['histories'], settings, sink);
  invalid.sort((a, b) => compareIds(a.ticketId, b.ticketId));
  if (invalid.length > 0 && settings.onInvalid === 'throw') {
    const issues = new IssueCollector(FN);
    for (const t of invalid) for (const spec of t.issues) issues.add(spec);
    issues.throwIfAny();
  }
  const listed: InvalidHistory[] = invalid.slice(0, MAX_LISTED).map((t) => ({ ticketId: t.ticketId, issues: new KpiInputError(FN, t.issues).issues }));
  const excluded = deepFreeze({ invalid: invalid.length, invalidTickets: listed });
  if (columnar) return Object.freeze({ length: table.n, columns: table.columns(), excluded });
  if (!inOrder) rows.sort((a, b) => compareIds(a.ticketId, b.ticketId));
  // The rows are frozen as they are built; the rest is small.
  return Object.freeze({ tickets: Object.freeze(rows), excluded });
}
