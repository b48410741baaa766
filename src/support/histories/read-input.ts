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
import { type Walker } from './walk.js';

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

/**
 * The events of one ticket, validated and normalised, as columns reused from ticket to ticket (no
 * object per event): row `i < n` is one event.
 */
export class EventColumns {
  /** The events held. */
  n = 0;
  /** Epoch ms. */
  at = new Float64Array(64);
  /** K_STATUS ... K_SCHEDULE. */
  kind = new Uint8Array(64);
  /** Status: its code; other kinds: -1. */
  status = new Int8Array(64);
  /** Status: the code of `from` (-1 when absent); other kinds: unused. */
  fromStatus = new Int8Array(64);
  /** Comment: 1 when by an agent or admin and public (a reply). */
  reply = new Uint8Array(64);
  /** Its index in the events it came from (for the order within an instant and for paths). */
  index = new Int32Array(64);
  /**
   * Status: the lower-cased name (for `finalStatus`); assignee, group: the id as given (a string or
   * a finite number; compare with {@link sameId}) or null; schedule: the id as a string; comment:
   * unset (any value).
   */
  to: (string | number | null)[] = [];
  /** Status: the lower-cased name of `from`; assignee, group: the id of `from` as given; null when absent. */
  from: (string | number | null)[] = [];
  // The event read last by {@link parseEventFast} (as the arguments of `push`).
  eAt = 0;
  eKind = 0;
  eStatus = -1;
  eFromStatus = -1;
  eReply = 0;
  eTo: string | number | null = null;
  eFrom: string | number | null = null;
  /** The `to` of the last status event read by {@link readEventFast}, as written, and its status. */
  lastRaw: unknown = undefined;
  lastStatus: StatusName | undefined = undefined;

  /** Makes room for one more event. */
  reserve(): void {
    if (this.n < this.at.length) return;
    const size = this.at.length * 2;
    const grow = <A extends Float64Array | Uint8Array | Int8Array | Int32Array>(a: A, b: A): A => {
      b.set(a);
      return b;
    };
    this.at = grow(this.at, new Float64Array(size));
    this.kind = grow(this.kind, new Uint8Array(size));
    this.status = grow(this.status, new Int8Array(size));
    this.fromStatus = grow(this.fromStatus, new Int8Array(size));
    this.reply = grow(this.reply, new Uint8Array(size));
    this.index = grow(this.index, new Int32Array(size));
  }

  /** Adds an event. */
  push(
    at: number,
    kind: number,
    status: number,
    fromStatus: number,
    reply: number,
    index: number,
    to: string | number | null,
    from: string | number | null,
  ): void {
    this.reserve();
    const i = this.n++;
    this.at[i] = at;
    this.kind[i] = kind;
    this.status[i] = status;
    this.fromStatus[i] = fromStatus;
    this.reply[i] = reply;
    this.index[i] = index;
    // A comment has neither (nothing reads them for a comment): not stored.
    if (kind !== K_COMMENT) {
      this.to[i] = to;
      this.from[i] = from;
    }
  }

  /** Whether the events are in time order (ties in input order, as read). */
  inOrder(): boolean {
    const at = this.at;
    for (let i = 1; i < this.n; i++) if ((at[i] as number) < (at[i - 1] as number)) return false;
    return true;
  }

  /** Sorts the events by time, keeping their input order within an instant. */
  sort(): void {
    const n = this.n;
    const at = this.at;
    const index = this.index;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (at[a] as number) - (at[b] as number) || (index[a] as number) - (index[b] as number));
    const permute = <A extends Float64Array | Uint8Array | Int8Array | Int32Array>(a: A): void => {
      const copy = a.slice(0, n);
      for (let i = 0; i < n; i++) a[i] = copy[order[i] as number] as number;
    };
    permute(this.at);
    permute(this.kind);
    permute(this.status);
    permute(this.fromStatus);
    permute(this.reply);
    permute(this.index);
    const to = this.to.slice(0, n);
    const from = this.from.slice(0, n);
    for (let i = 0; i < n; i++) {
      this.to[i] = to[order[i] as number] as string | number | null;
      this.from[i] = from[order[i] as number] as string | number | null;
    }
  }
}

/** Whether two ids (strings or finite numbers, or null) are the same: `7` and `'7'` are. */
export function sameId(a: string | number | null, b: string | number | null): boolean {
  return a === b || (a !== null && b !== null && typeof a !== typeof b && String(a) === String(b));
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
  /** The first {@link RECENT} statuses of {@link statusCache}, for {@link readEventFast} (compared with `===`: no hashing). */
  readonly recentRaw: string[];
  readonly recentStatus: StatusName[];
  readonly onInvalid: OnInvalid;
  /** Whether the `ticket` record's durations (`*Ms`) are business ms (else calendar ms). */
  readonly businessTicket: boolean;
  /** The shape of the result. */
  readonly output: 'rows' | 'columns';
}

const OPTION_KEYS = [
  'schedules',
  'defaultSchedule',
  'schedulePolicy',
  'live',
  'asOf',
  'timeZone',
  'createdAt',
  'statusMap',
  'onInvalid',
  'ticketClock',
  'output',
] as const;

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
  const ticketClock = o['ticketClock'] ?? 'calendar';
  if (issues.check(ticketClock, oneOf(['calendar', 'business']), ['options', 'ticketClock']) && ticketClock === 'business' && o['schedules'] === undefined)
    issues.add({
      code: 'missing',
      path: ['options', 'schedules'],
      input: undefined,
      expected: "the business-hours schedules that ticketClock: 'business' counts the ticket record's durations in",
    });
  const output = o['output'] ?? 'rows';
  issues.check(output, oneOf(['rows', 'columns']), ['options', 'output']);
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
    recentRaw: [],
    recentStatus: [],
    onInvalid: onInvalid as OnInvalid,
    businessTicket: ticketClock === 'business',
    output: output as 'rows' | 'columns',
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

/** Ticket ids in order: numbers ascending, then strings by code unit. */
export function compareIds(a: string | number, b: string | number): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
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
    if (s.recentRaw.length < RECENT) {
      s.recentRaw.push(raw);
      s.recentStatus.push(known);
    }
  }
  return known;
}

/** The statuses {@link readEventFast} knows (a help desk has a few). */
const RECENT = 16;

/** The status of a status string met before in the call (one of the first {@link RECENT}), else undefined. */
function recentStatus(raw: unknown, s: Settings): StatusName | undefined {
  const keys = s.recentRaw;
  for (let j = 0; j < keys.length; j++) if (keys[j] === raw) return s.recentStatus[j];
  return undefined;
}

/**
 * Reads one event (an object) into the next row of `c` when it is valid in the common way (see
 * {@link parseEventFast}) and returns true; else returns false having changed nothing, and
 * {@link readEvent} reads it (every event it accepts, it reads as readEvent would).
 */
export function readEventFast(e: Record<string, unknown>, index: number, reader: TimestampReader, s: Settings, c: EventColumns): boolean {
  if (!parseEventFast(e, reader, s, c)) return false;
  c.push(c.eAt, c.eKind, c.eStatus, c.eFromStatus, c.eReply, index, c.eTo, c.eFrom);
  return true;
}

/**
 * Reads one event (an object) into `c.eAt` ... `c.eFrom` when it is valid in the common way —
 * epoch-ms or readable `at` within range (and not after asOf), a status met before, a comment with a
 * boolean `public` and a known role, an assignee or group id — and returns true; else returns false.
 * No path or message is built here, and no status is hashed.
 */
function parseEventFast(e: Record<string, unknown>, reader: TimestampReader, s: Settings, c: EventColumns): boolean {
  const rawAt = e['at'];
  const at = typeof rawAt === 'number' ? rawAt : reader.read(rawAt);
  if (!(at >= -MAX_AT_MS && at <= MAX_AT_MS) || (s.asOf !== null && at > s.asOf)) return false;
  const kind = e['kind'];
  let code: number;
  let status = -1;
  let fromStatus = -1;
  let reply = 0;
  let to: string | number | null = null;
  let from: string | number | null = null;
  if (kind === 'status') {
    // A status event's `from` is mostly the `to` of the one before: compared first.
    const rawTo = e['to'];
    const next = rawTo === c.lastRaw ? c.lastStatus : recentStatus(rawTo, s);
    if (next === undefined) return false;
    const rawFrom = e['from'];
    if (rawFrom !== undefined && rawFrom !== null && rawFrom !== '') {
      const prev = rawFrom === c.lastRaw ? c.lastStatus : recentStatus(rawFrom, s);
      if (prev === undefined) return false;
      fromStatus = prev.code;
      from = prev.name;
    }
    c.lastRaw = rawTo;
    c.lastStatus = next;
    code = K_STATUS;
    status = next.code;
    to = next.name;
  } else if (kind === 'comment') {
    const pub = e['public'];
    const role = e['actorRole'];
    const agent = role === 'agent' || role === 'admin';
    if (typeof pub !== 'boolean' || (!agent && role !== 'end-user' && role !== 'system')) return false;
    code = K_COMMENT;
    reply = pub && agent ? 1 : 0;
  } else if (kind === 'assignee' || kind === 'group') {
    const id = idOf(e['to']);
    const rawFrom = e['from'];
    const prev = rawFrom === undefined ? null : idOf(rawFrom);
    if (id === undefined || prev === undefined) return false;
    code = kind === 'assignee' ? K_ASSIGNEE : K_GROUP;
    to = id;
    from = prev;
  } else return false;
  c.eAt = at;
  c.eKind = code;
  c.eStatus = status;
  c.eFromStatus = fromStatus;
  c.eReply = reply;
  c.eTo = to;
  c.eFrom = from;
  return true;
}

/** An id field (`to`/`from` of assignee, group): a string, a finite number or null, as given; undefined when invalid. */
function idOf(value: unknown): string | number | null | undefined {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

/** The kind code of a valid kind, else -1 (no allocation: a chain of comparisons). */
function kindOf(value: unknown): number {
  return value === 'status'
    ? K_STATUS
    : value === 'comment'
      ? K_COMMENT
      : value === 'assignee'
        ? K_ASSIGNEE
        : value === 'group'
          ? K_GROUP
          : value === 'schedule'
            ? K_SCHEDULE
            : -1;
}

/** The status of a valid status string (non-empty once trimmed), from the cache of the call when it was met before; else null. */
function statusIfValid(raw: unknown, s: Settings): StatusName | null {
  if (typeof raw !== 'string') return null;
  const known = s.statusCache.get(raw);
  if (known !== undefined) return known;
  return raw.trim() === '' ? null : statusOf(raw, s);
}

/**
 * Reads one event (already known to be an object) into the next row of `c` (which advances only when
 * the event is valid); its problems go to `out`. Valid values are recognised with typeof and `===`
 * tests; paths and messages are built only for a problem.
 */
export function readEvent(
  e: Record<string, unknown>,
  index: number,
  base: KpiPath,
  reader: TimestampReader,
  s: Settings,
  c: EventColumns,
  out: IssueSpec[],
): void {
  const before = out.length;
  const rawAt = e['at'];
  // Numbers in a branch of their own: a number field read here stays an unboxed double.
  let at: number;
  if (typeof rawAt === 'number') at = rawAt >= -MAX_AT_MS && rawAt <= MAX_AT_MS ? rawAt : reader.read(rawAt);
  else at = reader.read(rawAt);
  if (at !== at)
    out.push(
      rawAt === undefined
        ? { code: 'missing', path: fieldPath(base, index, 'at'), input: rawAt, expected: 'a timestamp' }
        : timestampIssue(rawAt, fieldPath(base, index, 'at')),
    );
  else if (!(at >= -MAX_AT_MS && at <= MAX_AT_MS))
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
  const kind = kindOf(rawKind);
  if (kind < 0) {
    check(KIND_RULE, rawKind, base, index, 'kind', out);
    return;
  }
  const rawTo = e['to'];
  const rawFrom = e['from'];
  let status = -1;
  let fromStatus = -1;
  let to: string | number | null = null;
  let from: string | number | null = null;
  let reply = 0;
  if (kind === K_STATUS) {
    const known = statusIfValid(rawTo, s);
    if (known === null) {
      out.push({
        code: rawTo === undefined || rawTo === null ? 'missing' : 'invalid_type',
        path: fieldPath(base, index, 'to'),
        input: rawTo,
        expected: 'the new status (a non-empty string)',
      });
    } else {
      to = known.name;
      status = known.code;
    }
    if (rawFrom !== undefined && rawFrom !== null && rawFrom !== '') {
      const prev = statusIfValid(rawFrom, s);
      if (prev !== null) {
        from = prev.name;
        fromStatus = prev.code;
      } else out.push({ code: 'invalid_type', path: fieldPath(base, index, 'from'), input: rawFrom, expected: 'the previous status (a string), or null' });
    }
  } else if (kind === K_COMMENT) {
    const pub = e['public'];
    if (pub === undefined || pub === null)
      out.push({ code: 'missing', path: fieldPath(base, index, 'public'), input: pub, expected: 'true or false (whether the requester can see the comment)' });
    else if (typeof pub !== 'boolean') check(BOOLEAN, pub, base, index, 'public', out);
    const role = e['actorRole'];
    const agent = role === 'agent' || role === 'admin';
    if (!agent && role !== 'end-user' && role !== 'system') {
      if (role === undefined || role === null)
        out.push({ code: 'missing', path: fieldPath(base, index, 'actorRole'), input: role, expected: describeRule(ROLE_RULE) });
      else check(ROLE_RULE, role, base, index, 'actorRole', out);
    }
    reply = pub === true && agent ? 1 : 0;
  } else if (kind === K_SCHEDULE) {
    const id = idOf(rawTo);
    if (id === undefined || id === null) {
      out.push({
        code: rawTo === undefined || rawTo === null ? 'missing' : 'invalid_type',
        path: fieldPath(base, index, 'to'),
        input: rawTo,
        expected: 'the id of the schedule now in force (a string or number)',
      });
    } else {
      to = String(id);
      if (s.schedules !== null && !s.schedules.has(to)) {
        out.push({
          code: 'invalid_value',
          path: fieldPath(base, index, 'to'),
          input: rawTo,
          expected: `one of the ids of options.schedules (${[...s.schedules.keys()].join(', ')})`,
        });
      }
    }
  } else {
    const id = idOf(rawTo);
    if (id === undefined)
      out.push({
        code: rawTo === undefined ? 'missing' : 'invalid_type',
        path: fieldPath(base, index, 'to'),
        input: rawTo,
        expected: 'the new id (a string or number), or null when unassigned',
      });
    else to = id;
    const f = idOf(rawFrom);
    if (f === undefined) {
      if (rawFrom !== undefined)
        out.push({ code: 'invalid_type', path: fieldPath(base, index, 'from'), input: rawFrom, expected: 'the previous id (a string or number), or null' });
    } else from = f;
  }
  if (out.length > before) return;
  c.push(at, kind, status, fromStatus, reply, index, to, from);
}

/** `histories[2].events[5]`. */
function pathText(path: KpiPath): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s;
}

/**
 * Receives the tickets as they are read: a valid ticket's events in `c` (sorted by time, input order
 * within an instant; valid until the next call), or an invalid ticket's problems.
 */
export interface TicketSink {
  /** Told, before the first ticket, about how many tickets there are (valid or not): a hint to size the output by. */
  expect(tickets: number): void;
  /** Drops every ticket received so far: the reading starts over (events found out of ticket order). */
  restart(): void;
  /** The walker that steps through each ticket's events as they are read, while they come valid and in time order. */
  readonly walker: Walker;
  /** A valid ticket; `walked`: the walker has stepped through its events (else `c` holds them sorted, to walk). */
  ticket(ticketId: string | number, createdAt: number, c: EventColumns, walked: boolean): void;
  invalid(ticketId: string | number, issues: IssueSpec[]): void;
}

/** Sorts the events of `c` by time unless they are in time order already (exports list them so). */
function sortIfNeeded(c: EventColumns): void {
  if (!c.inOrder()) c.sort();
}

/** Events read before the number of tickets is estimated (see {@link readAscending}). */
const PROBE_EVENTS = 4096;

/**
 * Reads the flat form when its events are listed ticket by ticket with ascending ticket ids (as
 * exports list them), in one pass: each ticket's run of events is found (its end: the first event
 * of another ticket) and read at once, while its events are still in the cache. The tickets reach
 * `sink` in id order. Returns false at the first event that is not an object with a valid ticket
 * id or that breaks that order: the tickets handed to `sink` until then are to be dropped and the
 * events grouped by ticket (what the caller does).
 */
function readAscending(list: readonly unknown[], reader: TimestampReader, s: Settings, c: EventColumns, issues: IssueSpec[], sink: TicketSink): boolean {
  const n = list.length;
  let tickets = 0;
  let expected = false;
  let lastId: string | number | undefined = undefined;
  let start = 0;
  while (start < n) {
    const first: unknown = list[start];
    if (!isRecord(first)) return false;
    const ticketId = first['ticketId'];
    if (!isTicketId(ticketId) || (lastId !== undefined && compareIds(lastId, ticketId) >= 0)) return false;
    let end = start + 1;
    for (; end < n; end++) {
      const e: unknown = list[end];
      if (!isRecord(e)) return false;
      if (e['ticketId'] !== ticketId) break;
    }
    if (!expected && (end >= PROBE_EVENTS || end === n)) {
      // The number of tickets, estimated from the first ones (a hint: the output grows when it is short).
      expected = true;
      sink.expect(Math.ceil(((tickets + 1) / end) * n * 1.02) + 16);
    }
    c.n = 0;
    const walked = readRun(list, ticketId, start, end, reader, s, c, issues, sink.walker, true, true);
    finishTicket(ticketId, c, issues, sink, walked);
    tickets++;
    lastId = ticketId;
    start = end;
  }
  return true;
}

/**
 * Groups the events by ticket: each ticket's runs of consecutive indices [start, end, start, end,
 * ...] (no array of indices to fill), in order of first appearance. Structural problems (an event
 * that is not an object or has no valid ticket id) throw, all at once.
 */
function groupRuns(list: readonly unknown[]): Map<string | number, number[]> {
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
  return groups;
}

/**
 * Reads the flat form: groups the events by ticket (structural problems — not an array, an event
 * that is not an object or has no valid ticket id — throw at once, before any ticket is read), reads
 * each ticket's events and hands it to `sink`. Events listed ticket by ticket with ascending ticket
 * ids (as exports list them) are read in one pass ({@link readAscending}), with no map of tickets,
 * and the tickets reach `sink` in id order; otherwise (found out during that pass: `sink` then
 * starts over) the tickets reach `sink` in order of first appearance.
 */
export function readFlat(events: unknown, s: Settings, sink: TicketSink): void {
  const list = requireArray(FN, events, ['events'], 'an array of events');
  const reader = new TimestampReader(s.timeZone);
  const c = new EventColumns();
  const issues: IssueSpec[] = [];
  if (readAscending(list, reader, s, c, issues, sink)) return;
  sink.restart();
  issues.length = 0;
  const groups = groupRuns(list);
  sink.expect(groups.size);
  for (const [ticketId, runs] of groups) {
    c.n = 0;
    let walking = true;
    for (let r = 0; r < runs.length; r += 2)
      walking = readRun(list, ticketId, runs[r] as number, runs[r + 1] as number, reader, s, c, issues, sink.walker, walking, false);
    finishTicket(ticketId, c, issues, sink, walking);
  }
}

/**
 * Reads the events start .. end − 1 of the flat form (the next events of the ticket `ticketId`) into
 * `c`; while `walking` (the events so far valid and in time order), `w` steps through each event as
 * it is read, the first starting the ticket. Returns whether it is still walking. When they are the
 * `whole` ticket and come valid and in time order, `w` steps through them straight from the events
 * and `c` stays empty (it is filled with them only when one is not, to go on as above).
 */
function readRun(
  list: readonly unknown[],
  ticketId: string | number,
  start: number,
  end: number,
  reader: TimestampReader,
  s: Settings,
  c: EventColumns,
  issues: IssueSpec[],
  w: Walker,
  walking: boolean,
  whole: boolean,
): boolean {
  // Without a default schedule, a ticket's schedule is its first schedule event: known once read.
  let walk = walking && (s.schedules === null || s.defaultSchedule !== null);
  let i = start;
  if (walk && whole) {
    for (; i < end; i++) {
      if (!parseEventFast(list[i] as Record<string, unknown>, reader, s, c)) break;
      const at = c.eAt;
      if (i === start) w.begin(ticketId, at, s.defaultSchedule);
      else if (at < w.at) break;
      w.step(at, c.eKind, c.eStatus, c.eFromStatus, c.eReply, c.eTo, c.eFrom);
    }
    if (i === end) return true;
    // Not valid in the common way, or out of time order: the events walked go into `c` (as read above).
    for (let k = start; k < i; k++) readEventFast(list[k] as Record<string, unknown>, k, reader, s, c);
  }
  for (; i < end; i++) {
    const e = list[i] as Record<string, unknown>;
    if (!readEventFast(e, i, reader, s, c)) {
      const before = c.n;
      readEvent(e, i, EVENTS, reader, s, c, issues);
      if (c.n === before) {
        walk = false;
        continue;
      }
    }
    if (walk) {
      const j = c.n - 1;
      const at = c.at[j] as number;
      if (j === 0) w.begin(ticketId, at, s.defaultSchedule);
      else if (at < w.at) {
        walk = false;
        continue;
      }
      w.stepAt(c, j);
    }
  }
  return walk;
}

/** Hands a ticket of the flat form to `sink`: its problems, or its events (walked, or sorted by time). */
function finishTicket(ticketId: string | number, c: EventColumns, issues: IssueSpec[], sink: TicketSink, walked: boolean): void {
  if (issues.length > 0) sink.invalid(ticketId, issues.splice(0));
  else {
    if (!walked) sortIfNeeded(c);
    sink.ticket(ticketId, walked ? sink.walker.createdAt : (c.at[0] as number), c, walked);
  }
}

/** Reads the histories form: one ticket per history, handed to `sink` in input order (an invalid history shape or a repeated ticket id throws at once). */
export function readHistories(histories: unknown, s: Settings, sink: TicketSink): void {
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
  sink.expect(list.length);
  const reader = new TimestampReader(s.timeZone);
  const c = new EventColumns();
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
    const base = ['histories', h, 'events'];
    c.n = 0;
    // The walker steps through the events as they are read, while they are valid, in time order and not before the creation.
    const w = sink.walker;
    let walk = issues.length === 0 && (s.schedules === null || s.defaultSchedule !== null);
    if (walk) w.begin(ticketId, createdAt, s.defaultSchedule);
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
      if (!readEventFast(e, j, reader, s, c)) {
        const before = c.n;
        readEvent(e, j, base, reader, s, c, issues);
        if (c.n === before) walk = false;
      }
      if (walk) {
        const i = c.n - 1;
        if ((c.at[i] as number) < w.at) walk = false;
        else w.stepAt(c, i);
      }
    }
    if (issues.length > 0) {
      sink.invalid(ticketId, issues);
      continue;
    }
    if (walk) {
      sink.ticket(ticketId, createdAt, c, true);
      continue;
    }
    sortIfNeeded(c);
    if (c.n > 0 && (c.at[0] as number) < createdAt) {
      const first = c.index[0] as number;
      if (s.createdAt === 'firstEvent') createdAt = c.at[0] as number;
      else {
        const path = ['histories', h, 'events', first, 'at'];
        sink.invalid(ticketId, [
          {
            code: 'inconsistent',
            path,
            input: events[first] === undefined ? undefined : (events[first] as Record<string, unknown>)['at'],
            detail: `${pathText(path)} (${new Date(c.at[0] as number).toISOString()}) is before histories[${h}].createdAt (${new Date(createdAt).toISOString()}); with options.createdAt: 'firstEvent' the creation moves back to the earliest event`,
          },
        ]);
        continue;
      }
    }
    sink.ticket(ticketId, createdAt, c, false);
  }
}
