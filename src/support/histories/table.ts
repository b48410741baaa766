/**
 * The figures of `ticketMetrics`, one typed-array column per field: the walk writes each ticket's
 * figures into a row of a {@link TicketTable}; the columnar result is the table itself, and each
 * row of the rows result is built from a row of it (so the two results hold the same values).
 *
 * @module
 */
import { type BusinessCalendar } from '../../time/calendar.js';
import { type Ticket } from '../ticket.js';
import { CATEGORY_NAMES, CLOSED, HOLD, NEW, OPEN, OTHER, PENDING, SOLVED, compareIds, sameId } from './read-input.js';
import {
  type HistoryCounts,
  type HistoryCountColumns,
  type HistoryDictionaryColumn,
  type HistoryDurationColumns,
  type HistoryDurations,
  type HistoryReasonColumns,
  type HistoryReasons,
  type HistoryTicketColumns,
  type StatusTimeColumns,
  type TicketMetricsColumns,
  type TicketMetricsRow,
} from './types.js';

export const NO_REPLY = 'no public agent reply after the creation comment';
export const NO_RESOLUTION = 'never resolved (no change into solved, nor into closed from an unresolved status)';
export const REOPENED = 'not resolved at the end of the history (reopened, or moved out of solved/closed, after its last resolution)';
export const NO_STATUS_CHANGE = 'no status change yet: status times are recorded at status changes (or counted to asOf with live: true)';
export const NO_SCHEDULES = 'no schedules given: business time needs options.schedules';

/** Bits of a row's reasons key (see {@link TicketTable.reasons}). */
export const R_NO_REPLY = 1;
export const R_NO_RESOLUTION = 2;
/** `fullResolutionTime`: 0 when it has a value, R_FULL_NEVER when never resolved, 2 × R_FULL_NEVER when reopened. */
export const R_FULL_NEVER = 4;
export const R_UNMEASURED = 16;
export const R_NO_BUSINESS = 32;

/** The durations of one clock: the seven metrics, then the ms in each status. */
export class DurationTable {
  firstReplyTime: Float64Array;
  firstResolutionTime: Float64Array;
  fullResolutionTime: Float64Array;
  agentWorkTime: Float64Array;
  requesterWaitTime: Float64Array;
  agentWaitTime: Float64Array;
  onHoldTime: Float64Array;
  inNew: Float64Array;
  inOpen: Float64Array;
  inPending: Float64Array;
  inHold: Float64Array;
  inSolved: Float64Array;
  inClosed: Float64Array;
  inOther: Float64Array;

  constructor(size: number) {
    this.firstReplyTime = new Float64Array(size);
    this.firstResolutionTime = new Float64Array(size);
    this.fullResolutionTime = new Float64Array(size);
    this.agentWorkTime = new Float64Array(size);
    this.requesterWaitTime = new Float64Array(size);
    this.agentWaitTime = new Float64Array(size);
    this.onHoldTime = new Float64Array(size);
    this.inNew = new Float64Array(size);
    this.inOpen = new Float64Array(size);
    this.inPending = new Float64Array(size);
    this.inHold = new Float64Array(size);
    this.inSolved = new Float64Array(size);
    this.inClosed = new Float64Array(size);
    this.inOther = new Float64Array(size);
  }

  /** Copies rows 0 .. n − 1 into columns of `size` rows (permuted by `order` when given). */
  resize(n: number, size: number, order: Int32Array | null): void {
    this.firstReplyTime = copy(this.firstReplyTime, n, size, order);
    this.firstResolutionTime = copy(this.firstResolutionTime, n, size, order);
    this.fullResolutionTime = copy(this.fullResolutionTime, n, size, order);
    this.agentWorkTime = copy(this.agentWorkTime, n, size, order);
    this.requesterWaitTime = copy(this.requesterWaitTime, n, size, order);
    this.agentWaitTime = copy(this.agentWaitTime, n, size, order);
    this.onHoldTime = copy(this.onHoldTime, n, size, order);
    this.inNew = copy(this.inNew, n, size, order);
    this.inOpen = copy(this.inOpen, n, size, order);
    this.inPending = copy(this.inPending, n, size, order);
    this.inHold = copy(this.inHold, n, size, order);
    this.inSolved = copy(this.inSolved, n, size, order);
    this.inClosed = copy(this.inClosed, n, size, order);
    this.inOther = copy(this.inOther, n, size, order);
  }

  /**
   * Writes row `k` from the ms in each status (`t`, index = status code) and the spans (NaN: none);
   * `measured`: whether the status metrics have a value.
   */
  write(k: number, t: Float64Array, measured: boolean, firstReply: number, firstResolution: number, fullResolution: number): void {
    const n = t[NEW] as number;
    const o = t[OPEN] as number;
    const p = t[PENDING] as number;
    const h = t[HOLD] as number;
    this.firstReplyTime[k] = firstReply;
    this.firstResolutionTime[k] = firstResolution;
    this.fullResolutionTime[k] = fullResolution;
    this.agentWorkTime[k] = measured ? n + o : NaN;
    this.requesterWaitTime[k] = measured ? n + o + h : NaN;
    this.agentWaitTime[k] = measured ? p : NaN;
    this.onHoldTime[k] = measured ? h : NaN;
    this.inNew[k] = n;
    this.inOpen[k] = o;
    this.inPending[k] = p;
    this.inHold[k] = h;
    this.inSolved[k] = t[SOLVED] as number;
    this.inClosed[k] = t[CLOSED] as number;
    this.inOther[k] = t[OTHER] as number;
  }

  /** The durations of row `k` as a row gives them (frozen; its status times too). */
  row(k: number): HistoryDurations {
    return Object.freeze({
      firstReplyTime: orNull(this.firstReplyTime[k] as number),
      firstResolutionTime: orNull(this.firstResolutionTime[k] as number),
      fullResolutionTime: orNull(this.fullResolutionTime[k] as number),
      agentWorkTime: orNull(this.agentWorkTime[k] as number),
      requesterWaitTime: orNull(this.requesterWaitTime[k] as number),
      agentWaitTime: orNull(this.agentWaitTime[k] as number),
      onHoldTime: orNull(this.onHoldTime[k] as number),
      statusTimes: Object.freeze({
        new: this.inNew[k] as number,
        open: this.inOpen[k] as number,
        pending: this.inPending[k] as number,
        hold: this.inHold[k] as number,
        solved: this.inSolved[k] as number,
        closed: this.inClosed[k] as number,
        other: this.inOther[k] as number,
      }),
    });
  }

  /** The public columns (the typed arrays themselves). */
  columns(): HistoryDurationColumns {
    const statusTimes: StatusTimeColumns = Object.freeze({
      new: this.inNew,
      open: this.inOpen,
      pending: this.inPending,
      hold: this.inHold,
      solved: this.inSolved,
      closed: this.inClosed,
      other: this.inOther,
    });
    return Object.freeze({
      firstReplyTime: this.firstReplyTime,
      firstResolutionTime: this.firstResolutionTime,
      fullResolutionTime: this.fullResolutionTime,
      agentWorkTime: this.agentWorkTime,
      requesterWaitTime: this.requesterWaitTime,
      agentWaitTime: this.agentWaitTime,
      onHoldTime: this.onHoldTime,
      statusTimes,
    });
  }
}

/** `null` for NaN (no value), else the number. */
function orNull(v: number): number | null {
  return v !== v ? null : v;
}

type Typed = Float64Array | Int32Array | Uint8Array;

/**
 * Rows 0 .. n − 1 of `a` in a column of `size` rows (row i = `a[order[i]]` when ordered): a new
 * column, or, to trim a column at most 1/8 too long, a view of its first `size` rows (no copy).
 */
function copy<A extends Typed>(a: A, n: number, size: number, order: Int32Array | null): A {
  if (order === null && size >= n && size <= a.length && a.length - size <= a.length / 8) return a.subarray(0, size) as A;
  const b = new (a.constructor as new (size: number) => A)(size);
  if (order === null) b.set(n === a.length ? a : a.subarray(0, n));
  else for (let i = 0; i < n; i++) b[i] = a[order[i] as number] as number;
  return b;
}

/** Values coded by their first appearance (no code for null: −1). */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string | number, number>();
  private readonly byText = new Map<string, number>();

  /** The last value coded, and its code (tickets in a row often share a value). */
  private last: string | number | null = null;
  private lastCode = -1;

  /** The code of a value (a string or finite number, as text: `7` and `'7'` are one value), −1 for null. */
  code(value: string | number | null): number {
    if (value === this.last) return this.lastCode;
    let code = value === null ? -1 : this.codes.get(value);
    if (code === undefined) code = this.add(value as string | number);
    this.last = value;
    this.lastCode = code;
    return code;
  }

  /** Codes a value met for the first time in this form. */
  private add(value: string | number): number {
    const text = typeof value === 'string' ? value : String(value);
    let code = this.byText.get(text);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(text);
      this.byText.set(text, code);
    }
    if (this.codes.size < 100_000) this.codes.set(value, code);
    return code;
  }

  /** The value of a code (null for −1). */
  value(code: number): string | null {
    return code < 0 ? null : (this.values[code] as string);
  }

  /** The public column over `codes`. */
  column(codes: Int32Array): HistoryDictionaryColumn {
    return Object.freeze({ codes, dictionary: Object.freeze(this.values.slice()) });
  }
}

/**
 * State reused by every ticket of a call: ms in each status code (calendar and business), the
 * schedules in force over the ticket (start, id, calendar), the distinct assignees, and the frozen
 * `reasons` objects, one per combination of reasons (shared by the rows: they hold no ticket data).
 */
export class Scratch {
  readonly cal = new Float64Array(7);
  readonly bus = new Float64Array(7);
  /** Schedules of the ticket being walked: the i-th is in force from segStart[i] (−Infinity for the first). */
  segN = 0;
  readonly segStart: number[] = [];
  readonly segId: string[] = [];
  readonly segCal: BusinessCalendar[] = [];
  /** Distinct assignees of the ticket being walked (a set only past {@link FEW} of them). */
  seenN = 0;
  readonly seen: (string | number)[] = [];
  seenSet: Set<string> | null = null;
  readonly reasons: (HistoryReasons | undefined)[] = [];
  /** Frozen `counts` by their values packed in 5 bits each (rows share equal counts: they are immutable). */
  readonly counts = new Map<number, HistoryCounts>();
  /**
   * Objects of the shapes of `statusTimes`, `ticket` and the row, with `null` in every field. V8
   * gives object literals with the same keys in the same order one hidden class; a field of it that
   * held `null` keeps each number as it is, where a field that only ever held numbers boxes every
   * value on its own once one value is not a small integer (status times beyond 24.8 days,
   * timestamps): an allocation per field of every row.
   */
  readonly shapes: readonly object[] = [
    Object.freeze({ new: null, open: null, pending: null, hold: null, solved: null, closed: null, other: null }),
    Object.freeze({
      id: null,
      createdAt: null,
      firstResponseAt: null,
      resolvedAt: null,
      closedAt: null,
      status: null,
      reopened: null,
      pausedMs: null,
      agent: null,
      team: null,
      firstResolvedAt: null,
      requesterWaitMs: null,
      agentWaitMs: null,
      onHoldMs: null,
      agentWorkMs: null,
      replyCount: null,
      reopenCount: null,
    }),
    Object.freeze({
      ticketId: null,
      createdAt: null,
      calendar: null,
      business: null,
      counts: null,
      finalStatus: null,
      firstReplyAt: null,
      firstResolvedAt: null,
      lastResolvedAt: null,
      schedule: null,
      reasons: null,
      ticket: null,
    }),
  ];

  /** Adds a schedule in force from `start`. */
  pushSegment(start: number, id: string, calendar: BusinessCalendar): void {
    const i = this.segN++;
    this.segStart[i] = start;
    this.segId[i] = id;
    this.segCal[i] = calendar;
  }

  /** Counts an assignee (not null) as seen. */
  see(id: string | number): void {
    if (this.seenSet !== null) {
      this.seenSet.add(String(id));
      return;
    }
    for (let i = 0; i < this.seenN; i++) if (sameId(this.seen[i] as string | number, id)) return;
    if (this.seenN < FEW) this.seen[this.seenN++] = id;
    else {
      this.seenSet = new Set(this.seen.slice(0, this.seenN).map(String));
      this.seenSet.add(String(id));
    }
  }

  /** The distinct assignees seen. */
  uniqueSeen(): number {
    return this.seenSet === null ? this.seenN : this.seenSet.size;
  }
}

/** Distinct assignees kept in a list before a set takes over (a ticket has a few). */
const FEW = 16;

/** The most distinct `counts` objects shared in a call. */
const MAX_SHARED_COUNTS = 4096;

/**
 * The figures of the tickets of a call, a typed-array column per field (NaN: no value; a negative
 * dictionary code: null). Rows 0 .. n − 1 are filled; columns grow by doubling.
 */
export class TicketTable {
  /** Rows filled. */
  n = 0;
  /** Rows the columns hold. */
  size: number;
  readonly business: boolean;
  /** Whether the ticket record's durations are business ms. */
  readonly businessTicket: boolean;
  ids: (string | number)[] = [];
  createdAt: Float64Array;
  firstReplyAt: Float64Array;
  firstResolvedAt: Float64Array;
  lastResolvedAt: Float64Array;
  readonly cal: DurationTable;
  readonly bus: DurationTable | null;
  replies: Int32Array;
  reopens: Int32Array;
  resolutions: Int32Array;
  assigneeStations: Int32Array;
  groupStations: Int32Array;
  uniqueAssignees: Int32Array;
  /** `finalStatus` (and the ticket record's `status`) as codes of {@link statuses}. */
  status: Int32Array;
  /** The schedule at the end, as codes of {@link schedules} (−1 without schedules). */
  schedule: Int32Array;
  /** Why the durations are null: R_* bits. */
  reasons: Uint8Array;
  /** Ticket record: `resolvedAt`, `closedAt` (NaN: none), `reopened` (0/1), `pausedMs`, `agent`, `team` (codes). */
  resolvedAt: Float64Array;
  closedAt: Float64Array;
  reopened: Uint8Array;
  pausedMs: Float64Array;
  agent: Int32Array;
  team: Int32Array;
  readonly statuses = new Dictionary();
  readonly schedules = new Dictionary();
  readonly agents = new Dictionary();
  readonly teams = new Dictionary();
  /** The dictionary code of each status category (−1: not met yet). */
  private readonly categoryCode = new Int32Array([-1, -1, -1, -1, -1, -1]);

  constructor(size: number, business: boolean, businessTicket: boolean) {
    this.size = size;
    this.business = business;
    this.businessTicket = businessTicket;
    this.createdAt = new Float64Array(size);
    this.firstReplyAt = new Float64Array(size);
    this.firstResolvedAt = new Float64Array(size);
    this.lastResolvedAt = new Float64Array(size);
    this.cal = new DurationTable(size);
    this.bus = business ? new DurationTable(size) : null;
    this.replies = new Int32Array(size);
    this.reopens = new Int32Array(size);
    this.resolutions = new Int32Array(size);
    this.assigneeStations = new Int32Array(size);
    this.groupStations = new Int32Array(size);
    this.uniqueAssignees = new Int32Array(size);
    this.status = new Int32Array(size);
    this.schedule = new Int32Array(business ? size : 0);
    this.reasons = new Uint8Array(size);
    this.resolvedAt = new Float64Array(size);
    this.closedAt = new Float64Array(size);
    this.reopened = new Uint8Array(size);
    this.pausedMs = new Float64Array(size);
    this.agent = new Int32Array(size);
    this.team = new Int32Array(size);
  }

  /** The row to fill next (the columns grow when full). */
  next(): number {
    if (this.n === this.size) this.resize(Math.max(16, this.size * 2), null);
    return this.n;
  }

  /** Makes the columns hold `rows` rows (the tickets of the call, once counted). */
  reserve(rows: number): void {
    if (rows <= this.size) return;
    this.resize(rows, null);
    const ids = this.ids;
    this.ids = new Array<string | number>(rows);
    for (let i = 0; i < this.n; i++) this.ids[i] = ids[i] as string | number;
  }

  /** Copies the rows filled into columns of `size` rows (permuted by `order` when given). */
  private resize(size: number, order: Int32Array | null): void {
    const n = this.n;
    this.createdAt = copy(this.createdAt, n, size, order);
    this.firstReplyAt = copy(this.firstReplyAt, n, size, order);
    this.firstResolvedAt = copy(this.firstResolvedAt, n, size, order);
    this.lastResolvedAt = copy(this.lastResolvedAt, n, size, order);
    this.cal.resize(n, size, order);
    this.bus?.resize(n, size, order);
    this.replies = copy(this.replies, n, size, order);
    this.reopens = copy(this.reopens, n, size, order);
    this.resolutions = copy(this.resolutions, n, size, order);
    this.assigneeStations = copy(this.assigneeStations, n, size, order);
    this.groupStations = copy(this.groupStations, n, size, order);
    this.uniqueAssignees = copy(this.uniqueAssignees, n, size, order);
    this.status = copy(this.status, n, size, order);
    if (this.business) this.schedule = copy(this.schedule, n, size, order);
    this.reasons = copy(this.reasons, n, size, order);
    this.resolvedAt = copy(this.resolvedAt, n, size, order);
    this.closedAt = copy(this.closedAt, n, size, order);
    this.reopened = copy(this.reopened, n, size, order);
    this.pausedMs = copy(this.pausedMs, n, size, order);
    this.agent = copy(this.agent, n, size, order);
    this.team = copy(this.team, n, size, order);
    if (order !== null) {
      const ids = this.ids;
      this.ids = Array.from({ length: n }, (_, i) => ids[order[i] as number] as string | number);
    }
    this.size = size;
  }

  /** The dictionary code of a status (its category code, or OTHER with its name). */
  statusCode(code: number, name: string): number {
    if (code === OTHER) return this.statuses.code(name);
    let c = this.categoryCode[code] as number;
    if (c < 0) this.categoryCode[code] = c = this.statuses.code(CATEGORY_NAMES[code] as string);
    return c;
  }

  /** Whether the rows are in ticket id order. */
  inOrder(): boolean {
    const ids = this.ids;
    for (let i = 1; i < this.n; i++) if (compareIds(ids[i - 1] as string | number, ids[i] as string | number) > 0) return false;
    return true;
  }

  /** The rows in ticket id order, each column exactly `n` long: the columnar result. */
  columns(): TicketMetricsColumns {
    const n = this.n;
    let order: Int32Array | null = null;
    if (!this.inOrder()) {
      const ids = this.ids;
      order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => compareIds(ids[a] as string | number, ids[b] as string | number) || a - b);
    }
    if (order !== null || this.size !== n) this.resize(n, order);
    this.ids.length = n;
    const ticketId: readonly (string | number)[] = Object.freeze(this.ids);
    const calendar = this.cal.columns();
    const business = this.bus === null ? null : this.bus.columns();
    const clock = this.businessTicket && business !== null ? business : calendar;
    const counts: HistoryCountColumns = Object.freeze({
      replies: this.replies,
      reopens: this.reopens,
      resolutions: this.resolutions,
      assigneeStations: this.assigneeStations,
      groupStations: this.groupStations,
      uniqueAssignees: this.uniqueAssignees,
    });
    const finalStatus = this.statuses.column(this.status);
    const ticket: HistoryTicketColumns = Object.freeze({
      id: ticketId,
      createdAt: this.createdAt,
      firstResponseAt: this.firstReplyAt,
      resolvedAt: this.resolvedAt,
      closedAt: this.closedAt,
      status: finalStatus,
      reopened: this.reopened,
      pausedMs: this.pausedMs,
      agent: this.agents.column(this.agent),
      team: this.teams.column(this.team),
      firstResolvedAt: this.firstResolvedAt,
      requesterWaitMs: clock.requesterWaitTime,
      agentWaitMs: clock.agentWaitTime,
      onHoldMs: clock.onHoldTime,
      agentWorkMs: clock.agentWorkTime,
      replyCount: this.replies,
      reopenCount: this.reopens,
    });
    return Object.freeze({
      ticketId,
      createdAt: this.createdAt,
      calendar,
      business,
      counts,
      finalStatus,
      firstReplyAt: this.firstReplyAt,
      firstResolvedAt: this.firstResolvedAt,
      lastResolvedAt: this.lastResolvedAt,
      schedule: this.business ? this.schedules.column(this.schedule) : null,
      reasons: reasonColumns(this.reasons, n),
      ticket,
    });
  }

  /** Row `k` as the rows result gives it (frozen). */
  row(k: number, x: Scratch): TicketMetricsRow {
    const ticketId = this.ids[k] as string | number;
    const createdAt = this.createdAt[k] as number;
    const firstReplyAt = orNull(this.firstReplyAt[k] as number);
    const firstResolvedAt = orNull(this.firstResolvedAt[k] as number);
    const status = this.statuses.value(this.status[k] as number) as string;
    const clock = this.businessTicket && this.bus !== null ? this.bus : this.cal;
    const replies = this.replies[k] as number;
    const reopens = this.reopens[k] as number;
    const ticket: Ticket = Object.freeze({
      id: ticketId,
      createdAt,
      firstResponseAt: firstReplyAt,
      resolvedAt: orNull(this.resolvedAt[k] as number),
      closedAt: orNull(this.closedAt[k] as number),
      status,
      reopened: this.reopened[k] === 1,
      pausedMs: this.pausedMs[k] as number,
      agent: this.agents.value(this.agent[k] as number),
      team: this.teams.value(this.team[k] as number),
      firstResolvedAt,
      requesterWaitMs: orNull(clock.requesterWaitTime[k] as number),
      agentWaitMs: orNull(clock.agentWaitTime[k] as number),
      onHoldMs: orNull(clock.onHoldTime[k] as number),
      agentWorkMs: orNull(clock.agentWorkTime[k] as number),
      replyCount: replies,
      reopenCount: reopens,
    });
    // Frozen as built (a generic deep freeze of 100,000 rows costs more than building them).
    return Object.freeze({
      ticketId,
      createdAt,
      calendar: this.cal.row(k),
      business: this.bus === null ? null : this.bus.row(k),
      counts: countsOf(
        x,
        replies,
        reopens,
        this.resolutions[k] as number,
        this.assigneeStations[k] as number,
        this.groupStations[k] as number,
        this.uniqueAssignees[k] as number,
      ),
      finalStatus: status,
      firstReplyAt,
      firstResolvedAt,
      lastResolvedAt: orNull(this.lastResolvedAt[k] as number),
      schedule: this.business ? this.schedules.value(this.schedule[k] as number) : null,
      reasons: reasonsOf(x, this.reasons[k] as number),
      ticket,
    });
  }
}

/** The `counts` of a row (frozen; equal counts of small numbers share one object). */
function countsOf(
  x: Scratch,
  replies: number,
  reopens: number,
  resolutions: number,
  assigneeStations: number,
  groupStations: number,
  uniqueAssignees: number,
): HistoryCounts {
  const small = (replies | reopens | resolutions | assigneeStations | groupStations | uniqueAssignees) < 32;
  const key = small ? replies + 32 * (reopens + 32 * (resolutions + 32 * (assigneeStations + 32 * (groupStations + 32 * uniqueAssignees)))) : -1;
  let counts = small ? x.counts.get(key) : undefined;
  if (counts === undefined) {
    counts = Object.freeze({ replies, reopens, resolutions, assigneeStations, groupStations, uniqueAssignees });
    if (small && x.counts.size < MAX_SHARED_COUNTS) x.counts.set(key, counts);
  }
  return counts;
}

/** The reason texts of a reasons key, by field. */
function reasonTexts(key: number): HistoryReasons {
  const full = key & (3 * R_FULL_NEVER);
  return {
    firstReplyTime: key & R_NO_REPLY ? NO_REPLY : null,
    firstResolutionTime: key & R_NO_RESOLUTION ? NO_RESOLUTION : null,
    fullResolutionTime: full === 0 ? null : full === R_FULL_NEVER ? NO_RESOLUTION : REOPENED,
    statusTimes: key & R_UNMEASURED ? NO_STATUS_CHANGE : null,
    business: key & R_NO_BUSINESS ? NO_SCHEDULES : null,
  };
}

/** The `reasons` of a row (frozen, one object per combination, shared by the rows of a call). */
function reasonsOf(x: Scratch, key: number): HistoryReasons {
  let r = x.reasons[key];
  if (r === undefined) x.reasons[key] = r = Object.freeze(reasonTexts(key));
  return r;
}

/**
 * The `reasons` columns: one code per combination of reasons (numbered as met), shared by the five
 * columns, each with a dictionary of its text (or null) for each combination.
 */
function reasonColumns(keys: Uint8Array, n: number): HistoryReasonColumns {
  const codes = new Int32Array(n);
  const codeOf = new Int32Array(64).fill(-1);
  const combos: HistoryReasons[] = [];
  for (let i = 0; i < n; i++) {
    const key = keys[i] as number;
    let code = codeOf[key] as number;
    if (code < 0) {
      codeOf[key] = code = combos.length;
      combos.push(reasonTexts(key));
    }
    codes[i] = code;
  }
  const column = (field: keyof HistoryReasons): HistoryDictionaryColumn => Object.freeze({ codes, dictionary: Object.freeze(combos.map((r) => r[field])) });
  return Object.freeze({
    firstReplyTime: column('firstReplyTime'),
    firstResolutionTime: column('firstResolutionTime'),
    fullResolutionTime: column('fullResolutionTime'),
    statusTimes: column('statusTimes'),
    business: column('business'),
  });
}
