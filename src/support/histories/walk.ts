/**
 * The per-ticket state machine of `ticketMetrics`: one walk over a ticket's sorted events, which
 * keeps the current status, assignee, group and schedule, sums the status intervals and finds the
 * first reply and the resolutions.
 *
 * @module
 */
import { type BusinessCalendar } from '../../time/calendar.js';
import { type Ticket } from '../ticket.js';
import {
  type EventColumns,
  type Settings,
  CATEGORY_NAMES,
  CLOSED,
  HOLD,
  K_ASSIGNEE,
  K_COMMENT,
  K_GROUP,
  K_SCHEDULE,
  K_STATUS,
  NEW,
  OPEN,
  OTHER,
  PENDING,
  SOLVED,
  idText,
  sameId,
} from './read-input.js';
import { type HistoryCounts, type HistoryDurations, type HistoryReasons, type TicketMetricsRow } from './types.js';

const NO_REPLY = 'no public agent reply after the creation comment';
const NO_RESOLUTION = 'never resolved (no change into solved, nor into closed from an unresolved status)';
const REOPENED = 'not resolved at the end of the history (reopened, or moved out of solved/closed, after its last resolution)';
const NO_STATUS_CHANGE = 'no status change yet: status times are recorded at status changes (or counted to asOf with live: true)';
const NO_SCHEDULES = 'no schedules given: business time needs options.schedules';

/** Whether a status code is solved or closed. */
function resolved(code: number): boolean {
  return code === SOLVED || code === CLOSED;
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

/**
 * Business ms of [a, b) with every instant under the schedule in force at it, from the segment
 * `from` on (the one in force at `a`: the walk keeps it, so each interval reads only the segments
 * that began since the last status change, and a ticket costs time linear in its events).
 */
function splitDuration(x: Scratch, from: number, a: number, b: number): number {
  let total = 0;
  for (let i = from; i < x.segN; i++) {
    const next = i + 1 < x.segN ? (x.segStart[i + 1] as number) : Infinity;
    const s = Math.max(a, x.segStart[i] as number);
    const e = Math.min(b, next);
    if (e > s) total += (x.segCal[i] as BusinessCalendar).duration(s, e);
  }
  return total;
}

/** The durations of a row from the ms in each status (frozen; its status times too). */
function durations(
  t: Float64Array,
  measured: boolean,
  firstReply: number | null,
  firstResolution: number | null,
  fullResolution: number | null,
): HistoryDurations {
  const n = t[NEW] as number;
  const o = t[OPEN] as number;
  const p = t[PENDING] as number;
  const h = t[HOLD] as number;
  return Object.freeze({
    firstReplyTime: firstReply,
    firstResolutionTime: firstResolution,
    fullResolutionTime: fullResolution,
    agentWorkTime: measured ? n + o : null,
    requesterWaitTime: measured ? n + o + h : null,
    agentWaitTime: measured ? p : null,
    onHoldTime: measured ? h : null,
    statusTimes: Object.freeze({ new: n, open: o, pending: p, hold: h, solved: t[SOLVED] as number, closed: t[CLOSED] as number, other: t[OTHER] as number }),
  });
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

/** The most distinct `counts` objects shared in a call. */
const MAX_SHARED_COUNTS = 4096;

/** The `reasons` of a row (frozen, one object per combination, shared by the rows of a call). */
function reasonsOf(x: Scratch, noReply: boolean, noResolution: boolean, full: 0 | 1 | 2, measured: boolean, business: boolean): HistoryReasons {
  const key = (noReply ? 1 : 0) + (noResolution ? 2 : 0) + full * 4 + (measured ? 0 : 12) + (business ? 0 : 24);
  let r = x.reasons[key];
  if (r === undefined) {
    r = Object.freeze({
      firstReplyTime: noReply ? NO_REPLY : null,
      firstResolutionTime: noResolution ? NO_RESOLUTION : null,
      fullResolutionTime: full === 0 ? null : full === 1 ? NO_RESOLUTION : REOPENED,
      statusTimes: measured ? null : NO_STATUS_CHANGE,
      business: business ? null : NO_SCHEDULES,
    });
    x.reasons[key] = r;
  }
  return r;
}

/**
 * Walks one ticket's history (its events in `c`, sorted by time) and returns its row (frozen), or
 * why it cannot be measured. The state lives in locals and in `x`; nothing is allocated per event.
 */
export function walkTicket(ticketId: string | number, createdAt: number, c: EventColumns, s: Settings, x: Scratch): TicketMetricsRow | string {
  const n = c.n;
  const atOf = c.at;
  const kindOf = c.kind;
  const business = s.schedules !== null;
  const zendesk = s.policy === 'zendesk';
  x.segN = 0;
  x.seenN = 0;
  x.seenSet = null;
  // Schedules: the one in force now in locals; all of them in `x` for 'split'.
  let segId = '';
  let segCal: BusinessCalendar | null = null;
  let segStart = -Infinity;
  if (business) {
    let id = s.defaultSchedule;
    if (id === null)
      for (let i = 0; i < n; i++)
        if (kindOf[i] === K_SCHEDULE) {
          id = c.to[i] as string;
          break;
        }
    if (id === null) return 'no schedule: the ticket has no schedule event and options.defaultSchedule is not given';
    segId = id;
    segCal = s.schedules.get(id) as BusinessCalendar;
    x.pushSegment(-Infinity, segId, segCal);
  }
  // 'split': the segment in force at `since` (the start of the running status interval), and the
  // business ms from the creation to the start of the current segment.
  let sinceSegment = 0;
  let spanBeforeCurrent = 0;

  const { cal, bus } = x;
  for (let k = 0; k < 7; k++) cal[k] = 0;
  if (business) for (let k = 0; k < 7; k++) bus[k] = 0;
  // The status, assignee and group before their first event: that event's `from` when it is after
  // the creation (set at that event: only then do they matter), else new, none, none.
  let status = NEW;
  let statusName = 'new';
  let assignee: string | number | null = null;
  let group: string | number | null = null;
  let assigneeSeen = false;
  let groupSeen = false;
  let assigneeStations = 0;
  let groupStations = 0;
  let since = createdAt;
  let creationCommentSeen = false;
  let statusChanges = 0;
  let replies = 0;
  let reopens = 0;
  let resolutions = 0;
  let firstReplyAt: number | null = null;
  let firstReplyBusiness: number | null = null;
  let firstResolvedAt: number | null = null;
  let firstResolutionBusiness: number | null = null;
  let lastResolvedAt: number | null = null;
  let lastResolutionBusiness: number | null = null;
  let closedAt: number | null = null;

  for (let i = 0; i < n; i++) {
    const at = atOf[i] as number;
    switch (kindOf[i]) {
      case K_STATUS: {
        if (statusChanges === 0 && at > createdAt) {
          const from = c.fromStatus[i] as number;
          if (from >= 0) {
            status = from;
            statusName = from === OTHER ? (c.from[i] as string) : (CATEGORY_NAMES[from] as string);
          }
        }
        statusChanges++;
        cal[status] = (cal[status] as number) + (at - since);
        if (business) {
          // Business ms of the interval: 'zendesk' under the schedule in force at its end (now).
          const d = zendesk ? (segCal as BusinessCalendar).duration(since, at) : splitDuration(x, sinceSegment, since, at);
          bus[status] = (bus[status] as number) + d;
        }
        const next = c.status[i] as number;
        const isResolution = (next === SOLVED && status !== SOLVED) || (next === CLOSED && !resolved(status));
        if (isResolution) {
          resolutions++;
          lastResolvedAt = at;
          if (business) lastResolutionBusiness = spanBusiness(segCal as BusinessCalendar, zendesk, createdAt, segStart, spanBeforeCurrent, at);
          if (firstResolvedAt === null) {
            firstResolvedAt = at;
            firstResolutionBusiness = lastResolutionBusiness;
          }
        }
        if (resolved(status) && next >= NEW && next <= HOLD) reopens++;
        if (next === CLOSED && status !== CLOSED) closedAt = at;
        status = next;
        since = at;
        while (sinceSegment + 1 < x.segN && (x.segStart[sinceSegment + 1] as number) <= since) sinceSegment++;
        statusName = next === OTHER ? (c.to[i] as string) : (CATEGORY_NAMES[next] as string);
        break;
      }
      case K_COMMENT: {
        // The creation comment: the first comment, when it is at the creation instant (the ticket's
        // description). No event is before the creation, so it is the first comment at that instant.
        const creation = !creationCommentSeen && at === createdAt;
        creationCommentSeen = true;
        if (c.reply[i] === 1 && !creation) {
          replies++;
          if (firstReplyAt === null) {
            firstReplyAt = at;
            if (business) firstReplyBusiness = spanBusiness(segCal as BusinessCalendar, zendesk, createdAt, segStart, spanBeforeCurrent, at);
          }
        }
        break;
      }
      case K_ASSIGNEE: {
        if (!assigneeSeen) {
          assigneeSeen = true;
          const from = c.from[i] as string | number | null;
          if (at > createdAt && from !== null) {
            assignee = from;
            x.see(from);
            assigneeStations++;
          }
        }
        const to = c.to[i] as string | number | null;
        if (to !== null && !sameId(to, assignee)) {
          assigneeStations++;
          x.see(to);
        }
        assignee = to;
        break;
      }
      case K_GROUP: {
        if (!groupSeen) {
          groupSeen = true;
          const from = c.from[i] as string | number | null;
          if (at > createdAt && from !== null) {
            group = from;
            groupStations++;
          }
        }
        const to = c.to[i] as string | number | null;
        if (to !== null && !sameId(to, group)) groupStations++;
        group = to;
        break;
      }
      case K_SCHEDULE:
        if (business) {
          spanBeforeCurrent += (segCal as BusinessCalendar).duration(Math.max(createdAt, segStart), at);
          segId = c.to[i] as string;
          segCal = s.schedules.get(segId) as BusinessCalendar;
          segStart = at;
          x.pushSegment(at, segId, segCal);
        }
        break;
    }
  }
  // The interval still running: with `live`, up to asOf.
  if (s.live && s.asOf !== null && s.asOf > since) {
    cal[status] = (cal[status] as number) + (s.asOf - since);
    if (business)
      bus[status] = (bus[status] as number) + (zendesk ? (segCal as BusinessCalendar).duration(since, s.asOf) : splitDuration(x, sinceSegment, since, s.asOf));
  }

  // Status metrics exist once a status interval closed (or runs to asOf with live).
  const measured = statusChanges > 0 || s.live;
  const fullAt = resolved(status) ? lastResolvedAt : null;
  const agent = idText(assignee);
  // The record's durations in the clock options.ticketClock chose (business needs schedules: checked with the options).
  const clock = s.businessTicket ? bus : cal;
  const pending = clock[PENDING] as number;
  const hold = clock[HOLD] as number;
  const work = (clock[NEW] as number) + (clock[OPEN] as number);
  const ticket: Ticket = Object.freeze({
    id: ticketId,
    createdAt,
    firstResponseAt: firstReplyAt,
    resolvedAt: fullAt,
    closedAt: status === CLOSED ? closedAt : null,
    status: statusName,
    reopened: reopens > 0,
    pausedMs: pending + hold,
    agent,
    team: idText(group),
    firstResolvedAt,
    requesterWaitMs: measured ? work + hold : null,
    agentWaitMs: measured ? pending : null,
    onHoldMs: measured ? hold : null,
    agentWorkMs: measured ? work : null,
    replyCount: replies,
    reopenCount: reopens,
  });
  // Frozen as built (a generic deep freeze of 100,000 rows costs more than computing them).
  return Object.freeze({
    ticketId,
    createdAt,
    calendar: durations(
      cal,
      measured,
      firstReplyAt === null ? null : firstReplyAt - createdAt,
      firstResolvedAt === null ? null : firstResolvedAt - createdAt,
      fullAt === null ? null : fullAt - createdAt,
    ),
    business: business ? durations(bus, measured, firstReplyBusiness, firstResolutionBusiness, fullAt === null ? null : lastResolutionBusiness) : null,
    counts: countsOf(x, replies, reopens, resolutions, assigneeStations, groupStations, x.uniqueSeen()),
    finalStatus: statusName,
    firstReplyAt,
    firstResolvedAt,
    lastResolvedAt,
    schedule: business ? segId : null,
    reasons: reasonsOf(x, firstReplyAt === null, firstResolvedAt === null, fullAt !== null ? 0 : lastResolvedAt === null ? 1 : 2, measured, business),
    ticket,
  });
}

/** Business ms from the creation to `b` ('zendesk': under the schedule in force now for the whole span). */
function spanBusiness(calendar: BusinessCalendar, zendesk: boolean, createdAt: number, segStart: number, before: number, b: number): number {
  return zendesk ? calendar.duration(createdAt, b) : before + calendar.duration(Math.max(createdAt, segStart), b);
}
