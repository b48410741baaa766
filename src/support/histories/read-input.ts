/**
 * Reading the input of `ticketMetrics`: its options, and the events of each ticket, validated and
 * normalised (epoch ms, status categories, roles as codes), grouped by ticket and sorted by time.
 *
 * @module
 */
import { type IssueSpec, type KpiPath, KpiInputError, describeValue, issueSpecOf } from '../../core/errors.js';
import { type Rule, BOOLEAN, IssueCollector, describeRule, checkRule, fail, isRecord, oneOf, readOptions, requireArray } from '../../core/validate.js';
import { type BusinessCalendar, type BusinessHoursSpec, businessCalendar, isBusinessCalendar } from '../../time/calendar.js';
import { TimestampReader, readTimeZone, readTimestamp, timestampIssue } from '../../time/timestamp.js';
import { type OnInvalid } from '../ticket.js';
import { type StatusCategory, type TicketEventKind } from './types.js';

export const FN = 'ticketMetrics';

/** Status codes: the six categories, then OTHER (a status in no category). */
export const NEW = 0;
export const OPEN = 1;
export const PENDING = 2;
export const HOLD = 3;
export const SOLVED = 4;
export const CLOSED = 5;
export const OTHER = 6;
export const CATEGORY_NAMES: readonly StatusCategory[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

/** Event kinds as codes. */
export const K_STATUS = 0;
export const K_COMMENT = 1;
export const K_ASSIGNEE = 2;
export const K_GROUP = 3;
export const K_SCHEDULE = 4;
const KINDS: readonly TicketEventKind[] = ['status', 'comment', 'assignee', 'group', 'schedule'];
const KIND_RULE = oneOf(KINDS);
const ROLES = ['agent', 'admin', 'end-user', 'system'] as const;
const ROLE_RULE = oneOf(ROLES);

/** The largest |epoch ms| an event may have: the range business calendars accept. */
const MAX_AT_MS = 8.6e15;

/** Spellings of `hold` (Zendesk exports write `on-hold`). */
const HOLD_ALIASES = ['on-hold', 'on_hold', 'onhold', 'on hold'];

/** One event, validated and normalised. */
export interface Ev {
  /** Epoch ms. */
  readonly at: number;
  /** K_STATUS ... K_SCHEDULE. */
  readonly kind: number;
  /** Status: its code; other kinds: -1. */
  readonly status: number;
  /** Status: the lower-cased name (for `finalStatus`); assignee, group, schedule: the id as a string, or null. */
  readonly to: string | null;
  /** Status: the code of `from` (-1 when absent); other kinds: unused. */
  readonly fromStatus: number;
  /** The lower-cased status name of `from`, or the id of `from` as a string; null when absent. */
  readonly from: string | null;
  /** Comment: whether by an agent or admin and public (a reply). */
  readonly reply: boolean;
  /** Its index in the events it came from (for the order within an instant). */
  readonly index: number;
}

/** One ticket's events, read. */
export interface TicketInput {
  readonly ticketId: string | number;
  /** Creation, epoch ms. */
  readonly createdAt: number;
  /** Its events, sorted by `at` (input order within an instant). */
  readonly events: readonly Ev[];
}

/** The validated options. */
export interface Settings {
  readonly schedules: ReadonlyMap<string, BusinessCalendar> | null;
  readonly defaultSchedule: string | null;
  readonly policy: 'zendesk' | 'split';
  readonly live: boolean;
  readonly asOf: number | null;
  readonly timeZone: string;
  readonly createdAt: 'ticket' | 'firstEvent';
  readonly statusMap: ReadonlyMap<string, number>;
  /** Statuses as written → their name and code (filled as they are met, in this call only). */
  readonly statusCache: Map<string, StatusName>;
  readonly onInvalid: OnInvalid;
}

const OPTION_KEYS = ['schedules', 'defaultSchedule', 'schedulePolicy', 'live', 'asOf', 'timeZone', 'createdAt', 'statusMap', 'onInvalid'] as const;

function readSchedules(value: unknown, issues: IssueCollector): Map<string, BusinessCalendar> | null {
  if (value === undefined) return null;
  const path = ['options', 'schedules'];
  if (!isRecord(value)) {
    issues.add({ code: 'invalid_type', path, input: value, expected: 'an object: schedule id → business-hours spec or calendar' });
    return null;
  }
  const out = new Map<string, BusinessCalendar>();
  for (const [id, spec] of Object.entries(value)) {
    if (isBusinessCalendar(spec)) out.set(id, spec);
    else if (isRecord(spec) && !('duration' in spec)) {
      try {
        out.set(id, businessCalendar(spec as unknown as BusinessHoursSpec));
      } catch (e) {
        if (!(e instanceof KpiInputError)) throw e;
        for (const issue of e.issues)
          issues.add({ ...issueSpecOf(issue), path: [...path, id, ...issue.path], detail: `options.schedules.${id}: ${issue.message}` });
      }
    } else {
      issues.add({
        code: 'invalid_type',
        path: [...path, id],
        input: spec,
        expected: 'a calendar made by businessCalendar(), or a business-hours spec like { timeZone: "Europe/Berlin", hours: { mon: [["09:00", "18:00"]] } }',
      });
    }
  }
  if (out.size === 0 && issues.ok) issues.add({ code: 'invalid_value', path, input: value, expected: 'an object with at least one schedule' });
  return out;
}

function readStatusMap(value: unknown, issues: IssueCollector): Map<string, number> {
  const out = new Map<string, number>();
  if (value === undefined) return out;
  if (!isRecord(value)) {
    issues.add({ code: 'invalid_type', path: ['options', 'statusMap'], input: value, expected: 'an object: status → category' });
    return out;
  }
  const rule = oneOf([...CATEGORY_NAMES, 'ignore']);
  for (const [status, category] of Object.entries(value)) {
    if (issues.check(category, rule, ['options', 'statusMap', status]))
      out.set(status.toLowerCase(), category === 'ignore' ? OTHER : CATEGORY_NAMES.indexOf(category as StatusCategory));
  }
  return out;
}

/** Validates the options (every problem at once). */
export function readSettings(options: unknown): Settings {
  const o = readOptions(FN, options, OPTION_KEYS);
  const issues = new IssueCollector(FN);
  const schedules = readSchedules(o['schedules'], issues);
  let defaultSchedule: string | null = null;
  const d = o['defaultSchedule'];
  if (d !== undefined) {
    if (typeof d !== 'string') issues.add({ code: 'invalid_type', path: ['options', 'defaultSchedule'], input: d, expected: 'a schedule id (a string)' });
    else if (schedules === null)
      issues.add({ code: 'missing', path: ['options', 'schedules'], input: undefined, expected: 'the schedules that defaultSchedule names' });
    else if (!schedules.has(d))
      issues.add({
        code: 'invalid_value',
        path: ['options', 'defaultSchedule'],
        input: d,
        expected: `one of the ids of options.schedules (${[...schedules.keys()].join(', ')})`,
      });
    else defaultSchedule = d;
  } else if (schedules !== null && schedules.size === 1) defaultSchedule = [...schedules.keys()][0] as string;
  const policy = o['schedulePolicy'] ?? 'zendesk';
  issues.check(policy, oneOf(['zendesk', 'split']), ['options', 'schedulePolicy']);
  const live = o['live'] ?? false;
  issues.check(live, BOOLEAN, ['options', 'live']);
  const createdAt = o['createdAt'] ?? 'ticket';
  issues.check(createdAt, oneOf(['ticket', 'firstEvent']), ['options', 'createdAt']);
  const onInvalid = o['onInvalid'] ?? 'throw';
  issues.check(onInvalid, oneOf(['throw', 'exclude']), ['options', 'onInvalid']);
  const statusMap = readStatusMap(o['statusMap'], issues);
  issues.throwIfAny();
  const zone = defaultSchedule === null || schedules === null ? undefined : schedules.get(defaultSchedule)?.timeZone;
  const timeZone = readTimeZone(FN, o['timeZone'], zone);
  let asOf: number | null = null;
  if (o['asOf'] !== undefined) {
    asOf = readTimestamp(FN, o['asOf'], ['options', 'asOf'], timeZone);
    if (!(Math.abs(asOf) <= MAX_AT_MS))
      fail(FN, { code: 'out_of_range', path: ['options', 'asOf'], input: o['asOf'], expected: 'an instant within ±8.6e15 ms' });
  }
  if (live === true && asOf === null)
    fail(FN, { code: 'missing', path: ['options', 'asOf'], input: undefined, expected: 'the end of the data, with live: true' });
  return {
    schedules,
    defaultSchedule,
    policy: policy as 'zendesk' | 'split',
    live: live as boolean,
    asOf,
    timeZone,
    createdAt: createdAt as 'ticket' | 'firstEvent',
    statusMap,
    statusCache: new Map(),
    onInvalid: onInvalid as OnInvalid,
  };
}

/** The status code of a status name (lower-cased), with the map and the spellings of hold. */
function statusCode(name: string, map: ReadonlyMap<string, number>): number {
  const mapped = map.get(name);
  if (mapped !== undefined) return mapped;
  const i = CATEGORY_NAMES.indexOf(name as StatusCategory);
  if (i >= 0) return i;
  return HOLD_ALIASES.includes(name) ? HOLD : OTHER;
}

/** A ticket id: a non-empty string or a finite number. */
function isTicketId(value: unknown): value is string | number {
  return (typeof value === 'string' && value.length > 0) || (typeof value === 'number' && Number.isFinite(value));
}

const EVENTS: KpiPath = ['events'];
const TICKET_ID = 'a ticket id (a non-empty string or a finite number)';

/** The path of a field of the event `index` under `base` (built only for an issue). */
function fieldPath(base: KpiPath, index: number, field: string): KpiPath {
  return [...base, index, field];
}

function check(rule: Rule, value: unknown, base: KpiPath, index: number, field: string, out: IssueSpec[]): boolean {
  const code = checkRule(rule, value);
  if (code === null) return true;
  out.push({ code, path: fieldPath(base, index, field), input: value, expected: describeRule(rule) });
  return false;
}

/** A status as read: its lower-cased trimmed name and its code. */
interface StatusName {
  readonly name: string;
  readonly code: number;
}

/** The name and code of a status as written in the input (a non-empty string), cached per call. */
function statusOf(raw: string, s: Settings): StatusName {
  let known = s.statusCache.get(raw);
  if (known === undefined) {
    const name = raw.trim().toLowerCase();
    known = { name, code: statusCode(name, s.statusMap) };
    if (s.statusCache.size < 10_000) s.statusCache.set(raw, known);
  }
  return known;
}

/** An id field (`to`/`from` of assignee, group, schedule): a string, a finite number or null. */
function idOf(value: unknown): string | null | undefined {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Reads one event (already known to be an object) at `path`; its problems go to `out` and the
 * result is null when it has any.
 */
export function readEvent(e: Record<string, unknown>, index: number, base: KpiPath, reader: TimestampReader, s: Settings, out: IssueSpec[]): Ev | null {
  const before = out.length;
  const rawAt = e['at'];
  const at = reader.read(rawAt);
  if (at !== at)
    out.push(
      rawAt === undefined
        ? { code: 'missing', path: fieldPath(base, index, 'at'), input: rawAt, expected: 'a timestamp' }
        : timestampIssue(rawAt, fieldPath(base, index, 'at')),
    );
  else if (!(Math.abs(at) <= MAX_AT_MS))
    out.push({
      code: 'out_of_range',
      path: fieldPath(base, index, 'at'),
      input: rawAt,
      expected: 'an instant within ±8.6e15 ms (the range of business calendars)',
    });
  else if (s.asOf !== null && at > s.asOf)
    out.push({
      code: 'inconsistent',
      path: fieldPath(base, index, 'at'),
      input: rawAt,
      detail: `${pathText([...base, index])}.at (${new Date(at).toISOString()}) is after options.asOf (${new Date(s.asOf).toISOString()}), the end of the data`,
    });
  const rawKind = e['kind'];
  if (!check(KIND_RULE, rawKind, base, index, 'kind', out)) return null;
  const kind = KINDS.indexOf(rawKind as TicketEventKind);
  const rawTo = e['to'];
  const rawFrom = e['from'];
  let status = -1;
  let fromStatus = -1;
  let to: string | null = null;
  let from: string | null = null;
  let reply = false;
  if (kind === K_STATUS) {
    if (typeof rawTo !== 'string' || rawTo.trim() === '') {
      out.push({
        code: rawTo === undefined || rawTo === null ? 'missing' : 'invalid_type',
        path: fieldPath(base, index, 'to'),
        input: rawTo,
        expected: 'the new status (a non-empty string)',
      });
    } else {
      const known = statusOf(rawTo, s);
      to = known.name;
      status = known.code;
    }
    if (typeof rawFrom === 'string' && rawFrom.trim() !== '') {
      const known = statusOf(rawFrom, s);
      from = known.name;
      fromStatus = known.code;
    } else if (rawFrom !== undefined && rawFrom !== null && rawFrom !== '') {
      out.push({ code: 'invalid_type', path: fieldPath(base, index, 'from'), input: rawFrom, expected: 'the previous status (a string), or null' });
    }
  } else if (kind === K_COMMENT) {
    const pub = e['public'];
    if (pub === undefined || pub === null)
      out.push({ code: 'missing', path: fieldPath(base, index, 'public'), input: pub, expected: 'true or false (whether the requester can see the comment)' });
    else check(BOOLEAN, pub, base, index, 'public', out);
    const role = e['actorRole'];
    if (role === undefined || role === null)
      out.push({ code: 'missing', path: fieldPath(base, index, 'actorRole'), input: role, expected: describeRule(ROLE_RULE) });
    else check(ROLE_RULE, role, base, index, 'actorRole', out);
    reply = pub === true && (role === 'agent' || role === 'admin');
  } else {
    const id = idOf(rawTo);
    if (id === undefined || (kind === K_SCHEDULE && id === null)) {
      const what =
        kind === K_SCHEDULE ? 'the id of the schedule now in force (a string or number)' : 'the new id (a string or number), or null when unassigned';
      out.push({
        code: rawTo === undefined || (rawTo === null && kind === K_SCHEDULE) ? 'missing' : 'invalid_type',
        path: fieldPath(base, index, 'to'),
        input: rawTo,
        expected: what,
      });
    } else to = id;
    if (kind === K_SCHEDULE && to !== null && s.schedules !== null && !s.schedules.has(to)) {
      out.push({
        code: 'invalid_value',
        path: fieldPath(base, index, 'to'),
        input: rawTo,
        expected: `one of the ids of options.schedules (${[...s.schedules.keys()].join(', ')})`,
      });
    }
    if (kind !== K_SCHEDULE) {
      const f = idOf(rawFrom);
      if (f === undefined) {
        if (rawFrom !== undefined)
          out.push({ code: 'invalid_type', path: fieldPath(base, index, 'from'), input: rawFrom, expected: 'the previous id (a string or number), or null' });
      } else from = f;
    }
  }
  if (out.length > before) return null;
  return { at, kind, status, to, fromStatus, from, reply, index };
}

/** `histories[2].events[5]`. */
function pathText(path: KpiPath): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s;
}

/** Sorts events by time, keeping their order within an instant (Array.prototype.sort is stable). */
function sortEvents(events: Ev[]): Ev[] {
  for (let i = 1; i < events.length; i++) {
    if ((events[i] as Ev).at < (events[i - 1] as Ev).at) return events.sort((a, b) => a.at - b.at || a.index - b.index);
  }
  return events;
}

/** One ticket read, or its problems. */
export type ReadTicket =
  { readonly ok: true; readonly ticket: TicketInput } | { readonly ok: false; readonly ticketId: string | number; readonly issues: IssueSpec[] };

/**
 * Reads the flat form: groups the events by ticket (structural problems — not an array, an event
 * that is not an object or has no valid ticket id — throw at once), reads each ticket's events.
 */
export function readFlat(events: unknown, s: Settings): ReadTicket[] {
  const list = requireArray(FN, events, ['events'], 'an array of events');
  // Each ticket's events as runs of consecutive indices [start, end, start, end, ...]: one run per
  // ticket for exports listed ticket by ticket, with no array of indices to fill.
  const groups = new Map<string | number, number[]>();
  const structural = new IssueCollector(FN);
  let lastId: unknown = undefined;
  let last: number[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const e: unknown = list[i];
    if (!isRecord(e)) {
      structural.add({ code: 'invalid_type', path: ['events', i], input: e, expected: 'an event object { ticketId, at, kind, ... }' });
      continue;
    }
    const id = e['ticketId'];
    if (!isTicketId(id)) {
      structural.add({ code: id === undefined ? 'missing' : 'invalid_type', path: ['events', i, 'ticketId'], input: id, expected: TICKET_ID });
      continue;
    }
    if (last === undefined || id !== lastId) {
      last = groups.get(id);
      if (last === undefined) groups.set(id, (last = []));
      lastId = id;
    }
    if (last.length > 0 && last[last.length - 1] === i) last[last.length - 1] = i + 1;
    else last.push(i, i + 1);
  }
  structural.throwIfAny();
  const reader = new TimestampReader(s.timeZone);
  const out: ReadTicket[] = [];
  const issues: IssueSpec[] = [];
  for (const [ticketId, runs] of groups) {
    const evs: Ev[] = [];
    for (let r = 0; r < runs.length; r += 2) {
      for (let i = runs[r] as number; i < (runs[r + 1] as number); i++) {
        const ev = readEvent(list[i] as Record<string, unknown>, i, EVENTS, reader, s, issues);
        if (ev !== null) evs.push(ev);
      }
    }
    if (issues.length > 0) {
      out.push({ ok: false, ticketId, issues: issues.splice(0) });
    } else {
      const sorted = sortEvents(evs);
      out.push({ ok: true, ticket: { ticketId, createdAt: (sorted[0] as Ev).at, events: sorted } });
    }
  }
  return out;
}

/** Reads the histories form: one ticket per history (an invalid history shape or a repeated ticket id throws at once). */
export function readHistories(histories: unknown, s: Settings): ReadTicket[] {
  const list = requireArray(FN, histories, ['histories'], 'an array of ticket histories { ticketId, createdAt, events }');
  const structural = new IssueCollector(FN);
  const seen = new Map<string | number, number>();
  for (let h = 0; h < list.length; h++) {
    const t: unknown = list[h];
    if (!isRecord(t)) {
      structural.add({ code: 'invalid_type', path: ['histories', h], input: t, expected: 'a ticket history { ticketId, createdAt, events }' });
      continue;
    }
    const id = t['ticketId'];
    if (!isTicketId(id))
      structural.add({ code: id === undefined ? 'missing' : 'invalid_type', path: ['histories', h, 'ticketId'], input: id, expected: TICKET_ID });
    else if (seen.has(id)) {
      structural.add({
        code: 'inconsistent',
        path: ['histories', h, 'ticketId'],
        input: id,
        detail: `histories[${h}].ticketId (${describeValue(id)}) repeats histories[${seen.get(id) as number}].ticketId: one history per ticket`,
      });
    } else seen.set(id, h);
    const events = t['events'];
    if (!Array.isArray(events))
      structural.add({
        code: events === undefined ? 'missing' : 'invalid_type',
        path: ['histories', h, 'events'],
        input: events,
        expected: 'an array of events',
      });
    else {
      requireArray(FN, events, ['histories', h, 'events'], 'an array of events');
      for (let j = 0; j < events.length; j++) {
        const e: unknown = events[j];
        if (!isRecord(e))
          structural.add({ code: 'invalid_type', path: ['histories', h, 'events', j], input: e, expected: 'an event object { at, kind, ... }' });
      }
    }
  }
  structural.throwIfAny();
  const reader = new TimestampReader(s.timeZone);
  const out: ReadTicket[] = [];
  for (let h = 0; h < list.length; h++) {
    const t = list[h] as Record<string, unknown>;
    const ticketId = t['ticketId'] as string | number;
    const events = t['events'] as unknown[];
    const issues: IssueSpec[] = [];
    const rawCreated = t['createdAt'];
    let createdAt = reader.read(rawCreated);
    if (createdAt !== createdAt) {
      issues.push(
        rawCreated === undefined
          ? { code: 'missing', path: ['histories', h, 'createdAt'], input: rawCreated, expected: 'a timestamp' }
          : timestampIssue(rawCreated, ['histories', h, 'createdAt']),
      );
    } else if (!(Math.abs(createdAt) <= MAX_AT_MS)) {
      issues.push({
        code: 'out_of_range',
        path: ['histories', h, 'createdAt'],
        input: rawCreated,
        expected: 'an instant within ±8.6e15 ms (the range of business calendars)',
      });
    }
    const evs: Ev[] = [];
    const base = ['histories', h, 'events'];
    for (let j = 0; j < events.length; j++) {
      const e = events[j] as Record<string, unknown>;
      const own = e['ticketId'];
      if (own !== undefined && own !== null && own !== ticketId) {
        issues.push({
          code: 'inconsistent',
          path: fieldPath(base, j, 'ticketId'),
          input: own,
          detail: `${pathText([...base, j])}.ticketId (${describeValue(own)}) is not its history's (${describeValue(ticketId)})`,
        });
      }
      const ev = readEvent(e, j, base, reader, s, issues);
      if (ev !== null) evs.push(ev);
    }
    if (issues.length > 0) {
      out.push({ ok: false, ticketId, issues });
      continue;
    }
    const sorted = sortEvents(evs);
    const first = sorted[0];
    if (first !== undefined && first.at < createdAt) {
      if (s.createdAt === 'firstEvent') createdAt = first.at;
      else {
        const path = ['histories', h, 'events', first.index, 'at'];
        out.push({
          ok: false,
          ticketId,
          issues: [
            {
              code: 'inconsistent',
              path,
              input: events[first.index] === undefined ? undefined : (events[first.index] as Record<string, unknown>)['at'],
              detail: `${pathText(path)} (${new Date(first.at).toISOString()}) is before histories[${h}].createdAt (${new Date(createdAt).toISOString()}); with options.createdAt: 'firstEvent' the creation moves back to the earliest event`,
            },
          ],
        });
        continue;
      }
    }
    out.push({ ok: true, ticket: { ticketId, createdAt, events: sorted } });
  }
  return out;
}
