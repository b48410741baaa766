/**
 * The per-ticket state machine of `ticketMetrics`: one walk over a ticket's sorted events, which
 * keeps the current status, assignee, group and schedule, sums the status intervals and finds the
 * first reply and the resolutions.
 *
 * @module
 */
import { type BusinessCalendar } from '../../time/calendar.js';
import {
  type EventColumns,
  type Settings,
  CLOSED,
  HOLD,
  K_ASSIGNEE,
  K_COMMENT,
  K_GROUP,
  K_SCHEDULE,
  K_STATUS,
  NEW,
  OTHER,
  PENDING,
  SOLVED,
  sameId,
} from './read-input.js';
import { type DurationTable, type Scratch, type TicketTable, R_FULL_NEVER, R_NO_BUSINESS, R_NO_REPLY, R_NO_RESOLUTION, R_UNMEASURED } from './table.js';

/** Whether a status code is solved or closed. */
function resolved(code: number): boolean {
  return code === SOLVED || code === CLOSED;
}

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

/**
 * The per-ticket state machine: {@link Walker.begin} a ticket, {@link Walker.step} through its
 * events in time order, {@link Walker.end} to write its figures into a row of a table. The state
 * lives in fields (one walker per call) and in `x`; nothing is allocated per event, nor per ticket.
 * The flat form's reading steps each event as soon as it is read (while the ticket's events come in
 * time order), else {@link walkTicket} steps through the ticket's sorted events: one walk either way.
 */
export class Walker {
  readonly business: boolean;
  readonly zendesk: boolean;
  // The ticket walked.
  ticketId: string | number = 0;
  createdAt = 0;
  /** The time of the last event walked (the creation before the first). */
  at = 0;
  // Schedules: the one in force now; all of them in `x` for 'split'.
  segId = '';
  segCal: BusinessCalendar | null = null;
  segStart = -Infinity;
  /** 'split': the segment in force at `since` (the start of the running status interval). */
  sinceSegment = 0;
  /** 'split': business ms from the creation to the start of the current segment. */
  spanBeforeCurrent = 0;
  // The status, assignee and group before their first event: that event's `from` when it is after
  // the creation (set at that event: only then do they matter), else new, none, none.
  status = NEW;
  /** Its name, when the status is OTHER (a status in no category). */
  otherName = '';
  assignee: string | number | null = null;
  group: string | number | null = null;
  assigneeSeen = false;
  groupSeen = false;
  assigneeStations = 0;
  groupStations = 0;
  since = 0;
  creationCommentSeen = false;
  statusChanges = 0;
  replies = 0;
  reopens = 0;
  resolutions = 0;
  // NaN: not happened (yet).
  firstReplyAt = NaN;
  firstReplyBusiness = NaN;
  firstResolvedAt = NaN;
  firstResolutionBusiness = NaN;
  lastResolvedAt = NaN;
  lastResolutionBusiness = NaN;
  closedAt = NaN;

  constructor(
    readonly s: Settings,
    readonly x: Scratch,
  ) {
    this.business = s.schedules !== null;
    this.zendesk = s.policy === 'zendesk';
  }

  /** Starts a ticket under the schedule `schedule` (null without schedules). */
  begin(ticketId: string | number, createdAt: number, schedule: string | null): void {
    const x = this.x;
    x.segN = 0;
    x.seenN = 0;
    x.seenSet = null;
    this.ticketId = ticketId;
    this.createdAt = createdAt;
    this.at = createdAt;
    this.segStart = -Infinity;
    this.sinceSegment = 0;
    this.spanBeforeCurrent = 0;
    if (this.business && schedule !== null) {
      this.segId = schedule;
      this.segCal = (this.s.schedules as ReadonlyMap<string, BusinessCalendar>).get(schedule) as BusinessCalendar;
      x.pushSegment(-Infinity, schedule, this.segCal);
    }
    const { cal, bus } = x;
    for (let k = 0; k < 7; k++) cal[k] = 0;
    if (this.business) for (let k = 0; k < 7; k++) bus[k] = 0;
    this.status = NEW;
    this.otherName = '';
    this.assignee = null;
    this.group = null;
    this.assigneeSeen = false;
    this.groupSeen = false;
    this.assigneeStations = 0;
    this.groupStations = 0;
    this.since = createdAt;
    this.creationCommentSeen = false;
    this.statusChanges = 0;
    this.replies = 0;
    this.reopens = 0;
    this.resolutions = 0;
    this.firstReplyAt = NaN;
    this.firstReplyBusiness = NaN;
    this.firstResolvedAt = NaN;
    this.firstResolutionBusiness = NaN;
    this.lastResolvedAt = NaN;
    this.lastResolutionBusiness = NaN;
    this.closedAt = NaN;
  }

  /** Business ms from the creation to `b` ('zendesk': under the schedule in force now for the whole span). */
  private span(b: number): number {
    const calendar = this.segCal as BusinessCalendar;
    return this.zendesk ? calendar.duration(this.createdAt, b) : this.spanBeforeCurrent + calendar.duration(Math.max(this.createdAt, this.segStart), b);
  }

  /** Walks event `i` of `c` (the events of the ticket, in time order up to `i`). */
  stepAt(c: EventColumns, i: number): void {
    this.step(
      c.at[i] as number,
      c.kind[i] as number,
      c.status[i] as number,
      c.fromStatus[i] as number,
      c.reply[i] as number,
      c.to[i] as string | number | null,
      c.from[i] as string | number | null,
    );
  }

  /**
   * Walks the next event of the ticket (at or after the last one walked), given as a row of
   * {@link EventColumns}: its time, kind, status codes, reply flag, `to` and `from`.
   */
  step(at: number, kind: number, status: number, fromStatus: number, reply: number, to: string | number | null, from: string | number | null): void {
    this.at = at;
    switch (kind) {
      case K_STATUS:
        this.statusChange(at, status, fromStatus, to, from);
        break;
      case K_COMMENT: {
        // The creation comment: the first comment, when it is at the creation instant (the ticket's
        // description). No event is before the creation, so it is the first comment at that instant.
        const creation = !this.creationCommentSeen && at === this.createdAt;
        this.creationCommentSeen = true;
        if (reply === 1 && !creation) {
          this.replies++;
          if (this.firstReplyAt !== this.firstReplyAt) {
            this.firstReplyAt = at;
            if (this.business) this.firstReplyBusiness = this.span(at);
          }
        }
        break;
      }
      case K_ASSIGNEE: {
        if (!this.assigneeSeen) {
          this.assigneeSeen = true;
          if (at > this.createdAt && from !== null) {
            this.assignee = from;
            this.x.see(from);
            this.assigneeStations++;
          }
        }
        if (to !== null && !sameId(to, this.assignee)) {
          this.assigneeStations++;
          this.x.see(to);
        }
        this.assignee = to;
        break;
      }
      case K_GROUP: {
        if (!this.groupSeen) {
          this.groupSeen = true;
          if (at > this.createdAt && from !== null) {
            this.group = from;
            this.groupStations++;
          }
        }
        if (to !== null && !sameId(to, this.group)) this.groupStations++;
        this.group = to;
        break;
      }
      case K_SCHEDULE:
        if (this.business) {
          const segCal = this.segCal as BusinessCalendar;
          this.spanBeforeCurrent += segCal.duration(Math.max(this.createdAt, this.segStart), at);
          this.segId = to as string;
          this.segCal = (this.s.schedules as ReadonlyMap<string, BusinessCalendar>).get(this.segId) as BusinessCalendar;
          this.segStart = at;
          this.x.pushSegment(at, this.segId, this.segCal);
        }
        break;
    }
  }

  /** A status event: to `next` (named `to`) from `fromStatus` (named `from`; −1 when not given). */
  private statusChange(at: number, next: number, fromStatus: number, to: string | number | null, from: string | number | null): void {
    const x = this.x;
    let status = this.status;
    if (this.statusChanges === 0 && at > this.createdAt && fromStatus >= 0) {
      status = fromStatus;
      if (fromStatus === OTHER) this.otherName = from as string;
    }
    this.statusChanges++;
    const since = this.since;
    x.cal[status] = (x.cal[status] as number) + (at - since);
    if (this.business) {
      // Business ms of the interval: 'zendesk' under the schedule in force at its end (now).
      const d = this.zendesk ? (this.segCal as BusinessCalendar).duration(since, at) : splitDuration(x, this.sinceSegment, since, at);
      x.bus[status] = (x.bus[status] as number) + d;
    }
    const isResolution = (next === SOLVED && status !== SOLVED) || (next === CLOSED && !resolved(status));
    if (isResolution) {
      this.resolutions++;
      this.lastResolvedAt = at;
      if (this.business) this.lastResolutionBusiness = this.span(at);
      if (this.firstResolvedAt !== this.firstResolvedAt) {
        this.firstResolvedAt = at;
        this.firstResolutionBusiness = this.lastResolutionBusiness;
      }
    }
    if (resolved(status) && next >= NEW && next <= HOLD) this.reopens++;
    if (next === CLOSED && status !== CLOSED) this.closedAt = at;
    this.status = next;
    if (next === OTHER) this.otherName = to as string;
    this.since = at;
    while (this.sinceSegment + 1 < x.segN && (x.segStart[this.sinceSegment + 1] as number) <= at) this.sinceSegment++;
  }

  /** Ends the ticket: writes its figures into the next row of `t` (the caller counts the row). */
  end(t: TicketTable): void {
    const { s, x, business } = this;
    const { cal, bus } = x;
    const status = this.status;
    const createdAt = this.createdAt;
    // The interval still running: with `live`, up to asOf.
    if (s.live && s.asOf !== null && s.asOf > this.since) {
      cal[status] = (cal[status] as number) + (s.asOf - this.since);
      if (business)
        bus[status] =
          (bus[status] as number) +
          (this.zendesk ? (this.segCal as BusinessCalendar).duration(this.since, s.asOf) : splitDuration(x, this.sinceSegment, this.since, s.asOf));
    }
    // Status metrics exist once a status interval closed (or runs to asOf with live).
    const measured = this.statusChanges > 0 || s.live;
    const isResolved = resolved(status);
    const { firstReplyAt, firstResolvedAt, lastResolvedAt, reopens } = this;
    const k = t.next();
    t.ids[k] = this.ticketId;
    t.createdAt[k] = createdAt;
    t.cal.write(k, cal, measured, firstReplyAt - createdAt, firstResolvedAt - createdAt, isResolved ? lastResolvedAt - createdAt : NaN);
    if (business)
      (t.bus as DurationTable).write(k, bus, measured, this.firstReplyBusiness, this.firstResolutionBusiness, isResolved ? this.lastResolutionBusiness : NaN);
    t.replies[k] = this.replies;
    t.reopens[k] = reopens;
    t.resolutions[k] = this.resolutions;
    t.assigneeStations[k] = this.assigneeStations;
    t.groupStations[k] = this.groupStations;
    t.uniqueAssignees[k] = x.uniqueSeen();
    t.status[k] = t.statusCode(status, this.otherName);
    t.firstReplyAt[k] = firstReplyAt;
    t.firstResolvedAt[k] = firstResolvedAt;
    t.lastResolvedAt[k] = lastResolvedAt;
    if (business) t.schedule[k] = t.schedules.code(this.segId);
    const noResolution = firstResolvedAt !== firstResolvedAt;
    t.reasons[k] =
      (firstReplyAt !== firstReplyAt ? R_NO_REPLY : 0) +
      (noResolution ? R_NO_RESOLUTION : 0) +
      (isResolved && !noResolution ? 0 : noResolution ? R_FULL_NEVER : 2 * R_FULL_NEVER) +
      (measured ? 0 : R_UNMEASURED) +
      (business ? 0 : R_NO_BUSINESS);
    // The ticket record: the durations in the clock options.ticketClock chose (business needs schedules: checked with the options).
    const clock = s.businessTicket ? bus : cal;
    t.resolvedAt[k] = isResolved ? lastResolvedAt : NaN;
    t.closedAt[k] = status === CLOSED ? this.closedAt : NaN;
    t.reopened[k] = reopens > 0 ? 1 : 0;
    t.pausedMs[k] = (clock[PENDING] as number) + (clock[HOLD] as number);
    t.agent[k] = t.agents.code(this.assignee);
    t.team[k] = t.teams.code(this.group);
  }
}

/** The problem of a ticket walked with schedules but none in force from its creation. */
export const NO_SCHEDULE = 'no schedule: the ticket has no schedule event and options.defaultSchedule is not given';

/**
 * Walks one ticket's history (its events in `c`, sorted by time): afterwards `w` holds its figures
 * ({@link Walker.end} writes them). Returns why it cannot be measured, else null.
 */
export function walkTicket(ticketId: string | number, createdAt: number, c: EventColumns, w: Walker): string | null {
  let schedule: string | null = null;
  if (w.business) {
    schedule = w.s.defaultSchedule;
    if (schedule === null)
      for (let i = 0; i < c.n; i++)
        if (c.kind[i] === K_SCHEDULE) {
          schedule = c.to[i] as string;
          break;
        }
    if (schedule === null) return NO_SCHEDULE;
  }
  w.begin(ticketId, createdAt, schedule);
  for (let i = 0; i < c.n; i++) w.stepAt(c, i);
  return null;
}
