/**
 * Zendesk exports → `ticketMetrics` events: Fivetran's `ticket_field_history` and `ticket_comment`
 * tables with the users' roles, or the Ticket Audits API's JSON; and the schedules of tickets
 * (`ticket_schedule`) as `schedule` events.
 *
 * @module
 */
import { type KpiPath } from '../../../core/errors.js';
import { IssueCollector, describeRule, isRecord, readOptions, requireArray, requireInput, selectForm } from '../../../core/validate.js';
import { readTimeZone } from '../../../time/timestamp.js';
import { type OnInvalid } from '../../ticket.js';
import { type ActorRole } from '../types.js';
import { type AdapterResult, type Id, EventCollector, ON_INVALID_RULE, ROLE_RULE, booleanOf, idOf, nullableIdOf, roleOf, statusOf } from './common.js';

const FN = 'zendeskEvents';

/** The ticket fields whose changes become events, and the kind of event each gives. */
const FIELDS: Readonly<Record<string, 'status' | 'assignee' | 'group'>> = { status: 'status', assignee_id: 'assignee', group_id: 'group' };

/** dbt_zendesk's window: a `ticket_schedule` row at most 5 s after the ticket's creation replaces the default schedule. */
const SCHEDULE_WINDOW_MS = 5000;

/** A row of Fivetran's Zendesk `ticket_field_history` table (cells as strings or numbers; other columns ignored). */
export interface ZendeskFieldHistoryRow {
  readonly ticket_id: string | number;
  /** `status`, `assignee_id`, `group_id` are read; rows of other fields are skipped. */
  readonly field_name: string;
  /** When the field took the value. */
  readonly updated: string | number | Date;
  /** The new value (`null` or `''` when a field was cleared: unassigned). */
  readonly value?: string | number | null | undefined;
  readonly user_id?: string | number | null | undefined;
}

/** A row of Fivetran's Zendesk `ticket_comment` table. */
export interface ZendeskCommentRow {
  readonly ticket_id: string | number;
  readonly created: string | number | Date;
  /** `true`/`false`, or a cell `'true'`, `'false'`, `'t'`, `'f'`, `'1'`, `'0'`. */
  readonly public: boolean | string | number;
  /** The author, looked up in `users` for the role. */
  readonly user_id: string | number;
}

/** A row of Fivetran's Zendesk `user` table: `id` and `role` are read. */
export interface ZendeskUserRow {
  readonly id: string | number;
  /** `end-user`, `agent` or `admin` (Zendesk's roles; light agents and custom roles are `agent`); `system` is accepted too. */
  readonly role: string;
}

/** A row of Fivetran's Zendesk `ticket_schedule` table: the schedule applied to a ticket at `created_at`. */
export interface ZendeskTicketScheduleRow {
  readonly ticket_id: string | number;
  readonly created_at: string | number | Date;
  readonly schedule_id: string | number;
}

/** One event of a ticket audit (Ticket Audits API); `Create`, `Change`, `Comment` and `VoiceComment` are read, other types skipped. */
export interface ZendeskAuditEvent {
  readonly type: string;
  readonly field_name?: string | undefined;
  readonly value?: unknown;
  readonly previous_value?: unknown;
  readonly public?: boolean | string | undefined;
  /** A comment's author; the audit's `author_id` when absent. */
  readonly author_id?: string | number | undefined;
}

/** One audit of the Ticket Audits API (`GET /api/v2/tickets/{id}/audits`, `GET /api/v2/ticket_audits`). */
export interface ZendeskAudit {
  readonly ticket_id: string | number;
  readonly created_at: string | number | Date;
  readonly author_id?: string | number | undefined;
  readonly events: readonly ZendeskAuditEvent[];
}

/**
 * Input of {@link zendeskEvents}: the Fivetran tables (`fieldHistory` and/or `comments`), or the
 * audits (the API response itself can be passed: its other fields are ignored); `users` for the
 * comment authors' roles; `ticketSchedules` for `schedule` events.
 */
export type ZendeskEventsInput = (
  { readonly fieldHistory?: readonly ZendeskFieldHistoryRow[]; readonly comments?: readonly ZendeskCommentRow[] } | { readonly audits: readonly ZendeskAudit[] }
) & {
  readonly users?: readonly ZendeskUserRow[];
  readonly ticketSchedules?: readonly ZendeskTicketScheduleRow[];
};

/** Options of {@link zendeskEvents}. */
export interface ZendeskEventsOptions {
  /** Zone of zone-less timestamps (Fivetran writes UTC without a zone). Default `'UTC'`. */
  readonly timeZone?: string;
  /** The role of comment authors not in `users` (e.g. `'system'` for Zendesk's own user). Default: such a comment is invalid. */
  readonly unknownUserRole?: ActorRole;
  /**
   * The account's default schedule: each ticket gets a `schedule` event to it at its creation, unless
   * a `ticketSchedules` row lies within 5 s after the creation (dbt_zendesk's rule). Required with
   * `ticketSchedules`.
   */
  readonly defaultSchedule?: string | number;
  /** `'throw'` (default): an invalid row raises KpiInputError; `'exclude'`: its ticket is left out and listed. */
  readonly onInvalid?: OnInvalid;
}

const OPTION_KEYS = ['timeZone', 'unknownUserRole', 'defaultSchedule', 'onInvalid'] as const;

/** The users' roles by id. */
function readUsers(value: unknown, c: EventCollector): Map<Id, ActorRole> {
  const roles = new Map<Id, ActorRole>();
  if (value === undefined) return roles;
  const rows = requireArray(FN, value, ['users'], 'an array of users { id, role }');
  for (let i = 0; i < rows.length; i++) {
    const u: unknown = rows[i];
    if (!isRecord(u)) {
      c.structural.add({ code: 'invalid_type', path: ['users', i], input: u, expected: 'a user { id, role }' });
      continue;
    }
    const id = idOf(u['id']);
    if (id === undefined) c.structural.add({ code: 'missing', path: ['users', i, 'id'], input: u['id'], expected: 'a user id' });
    const role = roleOf(u['role']);
    if (role === undefined) c.structural.add({ code: 'invalid_value', path: ['users', i, 'role'], input: u['role'], expected: describeRule(ROLE_RULE) });
    if (id !== undefined && role !== undefined) roles.set(id, role);
  }
  return roles;
}

/** The settings read from the options. */
interface Settings {
  readonly unknownUserRole: ActorRole | undefined;
  readonly defaultSchedule: Id | undefined;
}

/** The role of a comment's author, or records why there is none. */
function authorRole(c: EventCollector, ticketId: Id, raw: unknown, path: KpiPath, roles: ReadonlyMap<Id, ActorRole>, s: Settings): ActorRole | undefined {
  const id = idOf(raw);
  const role = id === undefined ? undefined : roles.get(id);
  if (role !== undefined) return role;
  if (s.unknownUserRole !== undefined) return s.unknownUserRole;
  c.issue(ticketId, {
    code: id === undefined ? 'missing' : 'invalid_value',
    path,
    input: raw,
    expected: 'the id of a user listed in input.users (or set options.unknownUserRole)',
  });
  return undefined;
}

/** Reads one field change (field history row or audit event) into an event. */
function fieldEvent(c: EventCollector, ticketId: Id, at: number, kind: 'status' | 'assignee' | 'group', to: unknown, toPath: KpiPath, from: unknown): void {
  if (kind === 'status') {
    const status = statusOf(to);
    if (status === undefined) {
      c.issue(ticketId, { code: to === undefined || to === null || to === '' ? 'missing' : 'invalid_type', path: toPath, input: to, expected: 'a status' });
      return;
    }
    const prev = statusOf(from);
    if (at === at) c.add(ticketId, at, prev === undefined ? { kind, to: status } : { kind, from: prev, to: status });
    return;
  }
  const id = nullableIdOf(to);
  if (id === undefined) {
    c.issue(ticketId, { code: 'invalid_type', path: toPath, input: to, expected: 'an id, or empty when unassigned' });
    return;
  }
  const prev = from === undefined ? undefined : nullableIdOf(from);
  if (at === at) c.add(ticketId, at, prev === undefined ? { kind, to: id } : { kind, from: prev, to: id });
}

/** Field history rows: grouped by ticket and field, in time order, each row's `from` the previous row's value. */
function readFieldHistory(value: unknown, c: EventCollector): void {
  const rows = requireArray(FN, value, ['fieldHistory'], 'an array of ticket_field_history rows');
  const read: { ticketId: Id; kind: 'status' | 'assignee' | 'group'; at: number; value: unknown; index: number }[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = c.row(rows[i], ['fieldHistory', i], 'ticket_id', 'a ticket_field_history row { ticket_id, field_name, updated, value }');
    if (r === undefined) continue;
    const name = r.row['field_name'];
    if (typeof name !== 'string' || name.trim() === '') {
      c.issue(r.ticketId, {
        code: name === undefined || name === null || name === '' ? 'missing' : 'invalid_type',
        path: ['fieldHistory', i, 'field_name'],
        input: name,
        expected: 'a field name',
      });
      continue;
    }
    const kind = FIELDS[name.trim()];
    if (kind === undefined) continue;
    const at = c.time(r.ticketId, r.row['updated'], ['fieldHistory', i, 'updated']);
    if (at === at) read.push({ ticketId: r.ticketId, kind, at, value: r.row['value'], index: i });
  }
  // Stable: rows of one instant keep the export's order.
  read.sort((a, b) => a.at - b.at);
  const last = new Map<string, unknown>();
  for (const r of read) {
    const key = `${typeof r.ticketId}:${r.ticketId}:${r.kind}`;
    fieldEvent(c, r.ticketId, r.at, r.kind, r.value, ['fieldHistory', r.index, 'value'], last.get(key));
    last.set(key, r.value);
  }
}

function readComments(value: unknown, c: EventCollector, roles: ReadonlyMap<Id, ActorRole>, s: Settings): void {
  const rows = requireArray(FN, value, ['comments'], 'an array of ticket_comment rows');
  for (let i = 0; i < rows.length; i++) {
    const r = c.row(rows[i], ['comments', i], 'ticket_id', 'a ticket_comment row { ticket_id, created, public, user_id }');
    if (r === undefined) continue;
    const at = c.time(r.ticketId, r.row['created'], ['comments', i, 'created']);
    const pub = booleanOf(r.row['public']);
    if (pub === undefined)
      c.issue(r.ticketId, {
        code: r.row['public'] === undefined || r.row['public'] === '' ? 'missing' : 'invalid_value',
        path: ['comments', i, 'public'],
        input: r.row['public'],
        expected: 'true or false',
      });
    const role = authorRole(c, r.ticketId, r.row['user_id'], ['comments', i, 'user_id'], roles, s);
    if (at === at && pub !== undefined && role !== undefined) c.add(r.ticketId, at, { kind: 'comment', public: pub, actorRole: role });
  }
}

function readAudits(value: unknown, c: EventCollector, roles: ReadonlyMap<Id, ActorRole>, s: Settings): void {
  const audits = requireArray(FN, value, ['audits'], 'an array of ticket audits');
  const read: { ticketId: Id; at: number; audit: Record<string, unknown>; index: number }[] = [];
  for (let i = 0; i < audits.length; i++) {
    const r = c.row(audits[i], ['audits', i], 'ticket_id', 'a ticket audit { ticket_id, created_at, author_id, events }');
    if (r === undefined) continue;
    const events = r.row['events'];
    if (!Array.isArray(events)) {
      c.structural.add({
        code: events === undefined ? 'missing' : 'invalid_type',
        path: ['audits', i, 'events'],
        input: events,
        expected: 'an array of audit events',
      });
      continue;
    }
    requireArray(FN, events, ['audits', i, 'events'], 'an array of audit events');
    const at = c.time(r.ticketId, r.row['created_at'], ['audits', i, 'created_at']);
    if (at === at) read.push({ ticketId: r.ticketId, at, audit: r.row, index: i });
    else for (let j = 0; j < events.length; j++) if (!isRecord(events[j])) c.structural.add(notEvent(events[j], i, j));
  }
  // One audit is one instant; audits in time order (stable), their events in their order.
  read.sort((a, b) => a.at - b.at);
  for (const { ticketId, at, audit, index: i } of read) {
    const events = audit['events'] as readonly unknown[];
    for (let j = 0; j < events.length; j++) {
      const e: unknown = events[j];
      if (!isRecord(e)) {
        c.structural.add(notEvent(e, i, j));
        continue;
      }
      const path = ['audits', i, 'events', j];
      const type = e['type'];
      if (type === 'Create' || type === 'Change') {
        const name = e['field_name'];
        const kind = typeof name === 'string' ? FIELDS[name] : undefined;
        if (kind !== undefined) fieldEvent(c, ticketId, at, kind, e['value'], [...path, 'value'], type === 'Change' ? e['previous_value'] : undefined);
      } else if (type === 'Comment' || type === 'VoiceComment') {
        const pub = booleanOf(e['public']);
        if (pub === undefined)
          c.issue(ticketId, {
            code: e['public'] === undefined ? 'missing' : 'invalid_value',
            path: [...path, 'public'],
            input: e['public'],
            expected: 'true or false',
          });
        const own = e['author_id'];
        const role =
          own === undefined || own === null
            ? authorRole(c, ticketId, audit['author_id'], ['audits', i, 'author_id'], roles, s)
            : authorRole(c, ticketId, own, [...path, 'author_id'], roles, s);
        if (pub !== undefined && role !== undefined) c.add(ticketId, at, { kind: 'comment', public: pub, actorRole: role });
      } else if (typeof type !== 'string') {
        c.issue(ticketId, { code: type === undefined ? 'missing' : 'invalid_type', path: [...path, 'type'], input: type, expected: 'an audit event type' });
      }
    }
  }
}

function notEvent(e: unknown, i: number, j: number): { code: 'invalid_type'; path: KpiPath; input: unknown; expected: string } {
  return { code: 'invalid_type', path: ['audits', i, 'events', j], input: e, expected: 'an audit event { type, ... }' };
}

/** `ticket_schedule` rows → `schedule` events, and the default schedule at each ticket's creation (dbt_zendesk's 5-second rule). */
function readTicketSchedules(value: unknown, c: EventCollector, s: Settings): void {
  const rows = value === undefined ? [] : requireArray(FN, value, ['ticketSchedules'], 'an array of ticket_schedule rows');
  // The creation of each ticket: its earliest event before the schedule rows are added.
  const created = new Map<Id, number>();
  for (const id of c.ticketIds()) {
    let min = Infinity;
    for (const e of c.eventsOf(id)) if (e.at < min) min = e.at;
    if (min !== Infinity) created.set(id, min);
  }
  const covered = new Set<Id>();
  for (let i = 0; i < rows.length; i++) {
    const r = c.row(rows[i], ['ticketSchedules', i], 'ticket_id', 'a ticket_schedule row { ticket_id, created_at, schedule_id }');
    if (r === undefined) continue;
    const at = c.time(r.ticketId, r.row['created_at'], ['ticketSchedules', i, 'created_at']);
    const id = idOf(r.row['schedule_id']);
    if (id === undefined)
      c.issue(r.ticketId, { code: 'missing', path: ['ticketSchedules', i, 'schedule_id'], input: r.row['schedule_id'], expected: 'a schedule id' });
    if (at !== at || id === undefined) continue;
    c.add(r.ticketId, at, { kind: 'schedule', to: id });
    const t = created.get(r.ticketId);
    if (t !== undefined && at >= t && at - SCHEDULE_WINDOW_MS <= t) covered.add(r.ticketId);
  }
  if (s.defaultSchedule === undefined) return;
  for (const [id, at] of created) if (!covered.has(id)) c.add(id, at, { kind: 'schedule', to: s.defaultSchedule }, true);
}

/**
 * Zendesk exports → events for {@link ticketMetrics}. Two forms:
 *
 * - **Fivetran tables**: `fieldHistory` (`ticket_field_history`: `ticket_id, field_name, updated,
 *   value`): rows of `status` give `status` events, `assignee_id` → `assignee`, `group_id` →
 *   `group` (an empty value: unassigned), other fields are skipped; the rows record changes only, so
 *   each event's `from` is the previous row's value of that ticket and field. `comments`
 *   (`ticket_comment`: `ticket_id, created, public, user_id`) give `comment` events whose
 *   `actorRole` is the author's `role` in `users` (`user`: `id, role`).
 * - **Ticket Audits API**: `audits` (the response of `GET /api/v2/tickets/{id}/audits` or
 *   `/api/v2/ticket_audits` can be passed as it is): `Create` and `Change` events of `status`,
 *   `assignee_id`, `group_id` give events with `from` = `previous_value`, `to` = `value`;
 *   `Comment` and `VoiceComment` events give comments by their `author_id` (else the audit's). All
 *   events of an audit are at its `created_at`, in the audit's order.
 *
 * Statuses are lower-cased, `on-hold` written `hold`. Ids that are whole numbers written as strings
 * become numbers, so CSV and JSON exports join. With `ticketSchedules` (`ticket_schedule`:
 * `ticket_id, created_at, schedule_id`) and `options.defaultSchedule`, each ticket also gets
 * `schedule` events: its rows, and the default schedule at its creation (its earliest event) unless
 * a row lies within 5 s after it (dbt_zendesk, `int_zendesk__ticket_schedules`); then pass the
 * schedules to `ticketMetrics` without `defaultSchedule`.
 *
 * @param input - {@link ZendeskEventsInput}.
 * @param options - {@link ZendeskEventsOptions}.
 * @returns `{ events, excluded }`: the events of the valid tickets (ticket by ticket, in time order,
 *   `at` in epoch ms), and with `onInvalid: 'exclude'` the tickets left out with their problems. Frozen.
 * @throws {@link KpiInputError} with the path of every problem in the export: a row that is not an
 *   object or has no `ticket_id` (always), a bad timestamp (`['fieldHistory', 3, 'updated']`), an
 *   empty status, a `public` that is not a boolean, a comment author not in `users`
 *   (`['comments', 2, 'user_id']`), a user whose role is unknown; arrays longer than MAX_ARRAY_LENGTH.
 * @see docs/histories.md#adapters; Fivetran's Zendesk connector schema; Zendesk API reference, Ticket
 *   Audits, https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/.
 *
 * @example
 * ```ts
 * import { zendeskEvents, ticketMetrics } from 'kpi-kit';
 *
 * const { events } = zendeskEvents({
 *   fieldHistory: [
 *     { ticket_id: '101', field_name: 'status', updated: '2024-05-06 08:00:00', value: 'new' },
 *     { ticket_id: '101', field_name: 'status', updated: '2024-05-06 09:00:00', value: 'open' },
 *     { ticket_id: '101', field_name: 'status', updated: '2024-05-06 10:30:00', value: 'on-hold' },
 *     { ticket_id: '101', field_name: 'status', updated: '2024-05-06 12:30:00', value: 'solved' },
 *   ],
 *   comments: [
 *     { ticket_id: '101', created: '2024-05-06 08:00:00', public: 'true', user_id: '7' },
 *     { ticket_id: '101', created: '2024-05-06 10:30:00', public: 'true', user_id: '9' },
 *   ],
 *   users: [
 *     { id: '7', role: 'end-user' },
 *     { id: '9', role: 'agent' },
 *   ],
 * });
 * events[2]; // { ticketId: 101, at: 1714986000000, kind: 'status', from: 'new', to: 'open' }
 * const t = ticketMetrics({ events }).tickets[0]!;
 * t.calendar.firstReplyTime; // 9000000 (2.5 h)
 * t.calendar.onHoldTime; // 7200000 (on-hold 10:30 → 12:30)
 * ```
 */
export function zendeskEvents(input: ZendeskEventsInput, options?: ZendeskEventsOptions): AdapterResult {
  const record = requireInput(FN, input);
  const form = selectForm(FN, record, [
    { name: 'tables', fields: ['fieldHistory', 'comments'] },
    { name: 'audits', fields: ['audits'] },
  ]);
  const o = readOptions(FN, options, OPTION_KEYS);
  const timeZone = readTimeZone(FN, o['timeZone']);
  const onInvalid = o['onInvalid'] ?? 'throw';
  const issues = new IssueCollector(FN);
  issues.check(onInvalid, ON_INVALID_RULE, ['options', 'onInvalid']);
  const rawRole = o['unknownUserRole'];
  if (rawRole !== undefined) issues.check(rawRole, ROLE_RULE, ['options', 'unknownUserRole']);
  const unknownUserRole = roleOf(rawRole);
  const rawDefault = o['defaultSchedule'];
  const defaultSchedule = idOf(rawDefault);
  if (rawDefault !== undefined && defaultSchedule === undefined)
    issues.add({ code: 'invalid_type', path: ['options', 'defaultSchedule'], input: rawDefault, expected: 'a schedule id (a string or number)' });
  if (record['ticketSchedules'] !== undefined && rawDefault === undefined)
    issues.add({ code: 'missing', path: ['options', 'defaultSchedule'], input: undefined, expected: 'the default schedule id, with input.ticketSchedules' });
  issues.throwIfAny();
  const c = new EventCollector(FN, timeZone, onInvalid as OnInvalid);
  const roles = readUsers(record['users'], c);
  c.structural.throwIfAny();
  const s: Settings = { unknownUserRole, defaultSchedule };
  if (form === 'tables') {
    if (record['fieldHistory'] !== undefined) readFieldHistory(record['fieldHistory'], c);
    if (record['comments'] !== undefined) readComments(record['comments'], c, roles, s);
  } else readAudits(record['audits'], c, roles, s);
  readTicketSchedules(record['ticketSchedules'], c, s);
  return c.result();
}
