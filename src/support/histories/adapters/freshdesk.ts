/**
 * Freshdesk ticket activities → `ticketMetrics` events.
 *
 * @module
 */
import { IssueCollector, isRecord, readOptions, requireArray, requireInput } from '../../../core/validate.js';
import { readTimeZone } from '../../../time/timestamp.js';
import { type OnInvalid } from '../../ticket.js';
import { type ActorRole } from '../types.js';
import { type AdapterResult, EventCollector, ON_INVALID_RULE, booleanOf, nullableIdOf, statusOf } from './common.js';

const FN = 'freshdeskEvents';

/** Freshdesk's built-in statuses → the status categories (`Open`, `Pending`, `Resolved`, `Closed`); other labels pass lower-cased. */
const STATUSES: Readonly<Record<string, string>> = { open: 'open', pending: 'pending', resolved: 'solved', closed: 'closed' };

/** `performer_type` → the role of a note's author. */
const PERFORMERS: Readonly<Record<string, ActorRole>> = { agent: 'agent', contact: 'end-user', system: 'system' };

/** What one activity changed (the export's `activity` object; other fields are ignored). */
export interface FreshdeskActivity {
  /** The new status label (`'Open'`, `'Pending'`, `'Resolved'`, `'Closed'`, or a custom one). */
  readonly status?: string | undefined;
  /** A note or reply added; `private: true` for a private note. */
  readonly note?: { readonly private?: boolean | string | undefined; readonly type?: unknown } | undefined;
  /** The new assignee (empty or `null`: unassigned). */
  readonly agent_id?: string | number | null | undefined;
  /** The new group (`group_id` is read too). */
  readonly group?: string | number | null | undefined;
  readonly group_id?: string | number | null | undefined;
  /** The activity that created the ticket. */
  readonly new_ticket?: boolean | string | undefined;
}

/** One row of a Freshdesk ticket-activities export. */
export interface FreshdeskActivityRow {
  readonly ticket_id: string | number;
  readonly performed_at: string | number | Date;
  /** `agent`, `contact` or `system`. */
  readonly performer_type: string;
  readonly performer_id?: string | number | undefined;
  readonly activity: FreshdeskActivity;
}

/** Options of {@link freshdeskEvents}. */
export interface FreshdeskEventsOptions {
  /** Zone of zone-less timestamps. Default `'UTC'`. */
  readonly timeZone?: string;
  /** `'throw'` (default): an invalid row raises KpiInputError; `'exclude'`: its ticket is left out and listed. */
  readonly onInvalid?: OnInvalid;
}

/**
 * Freshdesk ticket activities → events for {@link ticketMetrics}. Each row (`ticket_id,
 * performed_at, performer_type, activity`) gives, in this order: a `status` event for
 * `activity.status` (`Open` → `open`, `Pending` → `pending`, `Resolved` → `solved`, `Closed` →
 * `closed`; other labels lower-cased, to be mapped with `ticketMetrics`' `statusMap`, e.g. `'waiting
 * on customer': 'pending'`); an `open` status for the activity that created the ticket
 * (`new_ticket`) when it names no status; an `assignee` event for `activity.agent_id`; a `group`
 * event for `activity.group_id` (or `group`); a `comment` for `activity.note`, public unless
 * `note.private` is true, by the `performer_type` (`agent` → `agent`, `contact` → `end-user`,
 * `system` → `system`). Other activities are skipped.
 *
 * @param input - `{ activities }`: the rows of the export ({@link FreshdeskActivityRow}).
 * @param options - {@link FreshdeskEventsOptions}.
 * @returns `{ events, excluded }` as {@link zendeskEvents}. Frozen.
 * @throws {@link KpiInputError} with the path of every problem: a row that is not an object or has
 *   no `ticket_id` (always), a bad `performed_at`, an `activity` that is not an object, an unknown
 *   `performer_type` on a note (`['activities', 3, 'performer_type']`), a `private` that is not a boolean.
 * @see docs/histories.md#adapters; Freshdesk API reference, https://developers.freshdesk.com/api/.
 *
 * @example
 * ```ts
 * import { freshdeskEvents, ticketMetrics } from 'kpi-kit';
 *
 * const { events } = freshdeskEvents({
 *   activities: [
 *     { ticket_id: 5, performed_at: '2024-05-06T08:00:00Z', performer_type: 'contact', activity: { new_ticket: true, status: 'Open' } },
 *     { ticket_id: 5, performed_at: '2024-05-06T09:00:00Z', performer_type: 'agent', activity: { note: { private: true } } },
 *     { ticket_id: 5, performed_at: '2024-05-06T10:00:00Z', performer_type: 'agent', activity: { note: { private: false }, status: 'Pending' } },
 *     { ticket_id: 5, performed_at: '2024-05-06T12:00:00Z', performer_type: 'agent', activity: { status: 'Resolved' } },
 *   ],
 * });
 * events[2]; // { ticketId: 5, at: 1714989600000, kind: 'status', to: 'pending' }
 * const t = ticketMetrics({ events }).tickets[0]!;
 * t.calendar.firstReplyTime; // 7200000 (the public reply at 10:00; the private note is none)
 * t.calendar.agentWaitTime; // 7200000 (pending 10:00 → 12:00)
 * t.finalStatus; // 'solved'
 * ```
 */
export function freshdeskEvents(input: { readonly activities: readonly FreshdeskActivityRow[] }, options?: FreshdeskEventsOptions): AdapterResult {
  const record = requireInput(FN, input);
  const o = readOptions(FN, options, ['timeZone', 'onInvalid']);
  const timeZone = readTimeZone(FN, o['timeZone']);
  const onInvalid = o['onInvalid'] ?? 'throw';
  const issues = new IssueCollector(FN);
  issues.check(onInvalid, ON_INVALID_RULE, ['options', 'onInvalid']);
  issues.throwIfAny();
  const rows = requireArray(FN, record['activities'], ['activities'], 'an array of ticket activities { ticket_id, performed_at, performer_type, activity }');
  const c = new EventCollector(FN, timeZone, onInvalid as OnInvalid);
  for (let i = 0; i < rows.length; i++) {
    const r = c.row(rows[i], ['activities', i], 'ticket_id', 'a ticket activity { ticket_id, performed_at, performer_type, activity }');
    if (r === undefined) continue;
    const { row, ticketId } = r;
    const at = c.time(ticketId, row['performed_at'], ['activities', i, 'performed_at']);
    const a = row['activity'];
    if (!isRecord(a)) {
      c.issue(ticketId, {
        code: a === undefined ? 'missing' : 'invalid_type',
        path: ['activities', i, 'activity'],
        input: a,
        expected: 'an activity object ({ status }, { note }, { agent_id }, { group_id }, ...)',
      });
      continue;
    }
    const path = ['activities', i, 'activity'];
    const events: Parameters<EventCollector['add']>[2][] = [];
    if (a['status'] !== undefined && a['status'] !== null) {
      const s = statusOf(a['status']);
      if (s === undefined) c.issue(ticketId, { code: 'invalid_type', path: [...path, 'status'], input: a['status'], expected: 'a status label' });
      else events.push({ kind: 'status', to: STATUSES[s] ?? s });
    } else if (a['new_ticket'] !== undefined && booleanOf(a['new_ticket']) === true) events.push({ kind: 'status', to: 'open' });
    if ('agent_id' in a) {
      const id = nullableIdOf(a['agent_id']);
      if (id === undefined) c.issue(ticketId, { code: 'invalid_type', path: [...path, 'agent_id'], input: a['agent_id'], expected: 'an agent id, or empty' });
      else events.push({ kind: 'assignee', to: id });
    }
    const groupField = 'group_id' in a ? 'group_id' : 'group' in a ? 'group' : undefined;
    if (groupField !== undefined) {
      const id = nullableIdOf(a[groupField]);
      if (id === undefined) c.issue(ticketId, { code: 'invalid_type', path: [...path, groupField], input: a[groupField], expected: 'a group id, or empty' });
      else events.push({ kind: 'group', to: id });
    }
    const note = a['note'];
    if (note !== undefined && note !== null) {
      const performer = row['performer_type'];
      const role = typeof performer === 'string' ? PERFORMERS[performer.trim().toLowerCase()] : undefined;
      if (role === undefined)
        c.issue(ticketId, {
          code: performer === undefined ? 'missing' : 'invalid_value',
          path: ['activities', i, 'performer_type'],
          input: performer,
          expected: "one of 'agent', 'contact', 'system'",
        });
      if (!isRecord(note)) c.issue(ticketId, { code: 'invalid_type', path: [...path, 'note'], input: note, expected: 'a note { private, ... }' });
      else {
        const raw = note['private'];
        const priv = raw === undefined || raw === null ? false : booleanOf(raw);
        if (priv === undefined) c.issue(ticketId, { code: 'invalid_value', path: [...path, 'note', 'private'], input: raw, expected: 'true or false' });
        else if (role !== undefined) events.push({ kind: 'comment', public: !priv, actorRole: role });
      }
    }
    if (at === at) for (const e of events) c.add(ticketId, at, e);
  }
  return c.result();
}
