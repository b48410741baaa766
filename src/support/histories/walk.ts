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
  type Ev,
  type Settings,
  type TicketInput,
  CATEGORY_NAMES,
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
} from './read-input.js';
import { type HistoryDurations, type HistoryReasons, type TicketMetricsRow } from './types.js';

const NO_REPLY = 'no public agent reply after the creation comment';
const NO_RESOLUTION = 'never resolved (no change into solved, nor into closed from an unresolved status)';
const REOPENED = 'not resolved at the end of the history (reopened, or moved out of solved/closed, after its last resolution)';
const NO_STATUS_CHANGE = 'no status change yet: status times are recorded at status changes (or counted to asOf with live: true)';
const NO_SCHEDULES = 'no schedules given: business time needs options.schedules';

/** A schedule in force from `start` (the first one from creation, and before it). */
interface Segment {
  readonly start: number;
  readonly id: string;
  readonly calendar: BusinessCalendar;
}

/** Whether a status code is solved or closed. */
function resolved(code: number): boolean {
  return code === SOLVED || code === CLOSED;
}

/**
 * Business ms of [a, b) with every instant under the schedule in force at it, from the segment
 * `from` on (the one in force at `a`: the walk keeps it, so each interval reads only the segments
 * that began since the last status change, and a ticket costs time linear in its events).
 */
function splitDuration(segments: readonly Segment[], from: number, a: number, b: number): number {
  let total = 0;
  for (let i = from; i < segments.length; i++) {
    const seg = segments[i] as Segment;
    const next = i + 1 < segments.length ? (segments[i + 1] as Segment).start : Infinity;
    const s = Math.max(a, seg.start);
    const e = Math.min(b, next);
    if (e > s) total += seg.calendar.duration(s, e);
  }
  return total;
}

function durations(
  statusTimes: Float64Array,
  measured: boolean,
  firstReply: number | null,
  firstResolution: number | null,
  fullResolution: number | null,
): HistoryDurations {
  const [n, o, p, h, sv, c, other] = statusTimes as unknown as [number, number, number, number, number, number, number];
  return Object.freeze({
    firstReplyTime: firstReply,
    firstResolutionTime: firstResolution,
    fullResolutionTime: fullResolution,
    agentWorkTime: measured ? n + o : null,
    requesterWaitTime: measured ? n + o + h : null,
    agentWaitTime: measured ? p : null,
    onHoldTime: measured ? h : null,
    statusTimes: Object.freeze({ new: n, open: o, pending: p, hold: h, solved: sv, closed: c, other }),
  });
}

/** The first event of `kind` when it is after the creation (its `from` is then the value the ticket had before it); else null. */
function initialOf(events: readonly Ev[], kind: number, createdAt: number): Ev | null {
  for (const e of events) if (e.kind === kind) return e.at > createdAt ? e : null;
  return null;
}

/** Arrays reused by every ticket of a call: ms in each status code, calendar and business. */
export interface Scratch {
  readonly cal: Float64Array;
  readonly bus: Float64Array;
}

/** New scratch arrays for {@link walkTicket}. */
export function scratchArrays(): Scratch {
  return { cal: new Float64Array(7), bus: new Float64Array(7) };
}

/** Walks one ticket's history and returns its row (frozen), or why it cannot be measured. */
export function walkTicket(t: TicketInput, s: Settings, scratch: Scratch): TicketMetricsRow | string {
  const { createdAt, events } = t;
  const business = s.schedules !== null;
  // Initial values: the first event's `from` when it is after the creation.
  const firstStatus = initialOf(events, K_STATUS, createdAt);
  let status = firstStatus !== null && firstStatus.fromStatus >= 0 ? firstStatus.fromStatus : NEW;
  let statusName: string =
    firstStatus !== null && firstStatus.from !== null ? (status === OTHER ? firstStatus.from : (CATEGORY_NAMES[status] as string)) : 'new';
  const firstAssignee = initialOf(events, K_ASSIGNEE, createdAt);
  const firstGroup = initialOf(events, K_GROUP, createdAt);
  let assignee: string | null = firstAssignee?.from ?? null;
  let group: string | null = firstGroup?.from ?? null;
  let assignees: Set<string> | null = null;
  let assigneeStations = 0;
  let groupStations = 0;
  if (assignee !== null) {
    (assignees ??= new Set()).add(assignee);
    assigneeStations++;
  }
  if (group !== null) groupStations++;

  // Schedules.
  const segments: Segment[] = [];
  if (business) {
    let id = s.defaultSchedule;
    if (id === null)
      for (const e of events)
        if (e.kind === K_SCHEDULE) {
          id = e.to;
          break;
        }
    if (id === null) return 'no schedule: the ticket has no schedule event and options.defaultSchedule is not given';
    segments.push({ start: -Infinity, id, calendar: s.schedules.get(id) as BusinessCalendar });
  }
  const current = (): Segment => segments[segments.length - 1] as Segment;
  // 'split': the segment in force at `since` (the start of the running status interval), and the
  // business ms from the creation to the start of the current segment.
  let sinceSegment = 0;
  let spanBeforeCurrent = 0;
  /** Business ms of [a, b) for the status interval from `since` (zendesk: under the schedule in force at b, i.e. now). */
  const statusBusiness = (a: number, b: number): number =>
    s.policy === 'zendesk' ? current().calendar.duration(a, b) : splitDuration(segments, sinceSegment, a, b);
  /** Business ms from the creation to now (zendesk: under the schedule in force now, for the whole span). */
  const spanBusiness = (b: number): number => {
    if (s.policy === 'zendesk') return current().calendar.duration(createdAt, b);
    const seg = current();
    return spanBeforeCurrent + seg.calendar.duration(Math.max(createdAt, seg.start), b);
  };

  const { cal, bus } = scratch;
  cal.fill(0);
  bus.fill(0);
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

  for (const e of events) {
    const at = e.at;
    switch (e.kind) {
      case K_STATUS: {
        statusChanges++;
        cal[status] = (cal[status] as number) + (at - since);
        if (business) bus[status] = (bus[status] as number) + statusBusiness(since, at);
        const next = e.status;
        const isResolution = (next === SOLVED && status !== SOLVED) || (next === CLOSED && !resolved(status));
        if (isResolution) {
          resolutions++;
          lastResolvedAt = at;
          if (business) lastResolutionBusiness = spanBusiness(at);
          if (firstResolvedAt === null) {
            firstResolvedAt = at;
            firstResolutionBusiness = lastResolutionBusiness;
          }
        }
        if (resolved(status) && next >= NEW && next <= HOLD) reopens++;
        if (next === CLOSED && status !== CLOSED) closedAt = at;
        status = next;
        since = at;
        while (sinceSegment + 1 < segments.length && (segments[sinceSegment + 1] as Segment).start <= since) sinceSegment++;
        statusName = next === OTHER ? (e.to as string) : (CATEGORY_NAMES[next] as string);
        break;
      }
      case K_COMMENT: {
        // The creation comment: the first comment, when it is at the creation instant (the ticket's
        // description). No event is before the creation, so it is the first comment at that instant.
        const creation = !creationCommentSeen && at === createdAt;
        creationCommentSeen = true;
        if (e.reply && !creation) {
          replies++;
          if (firstReplyAt === null) {
            firstReplyAt = at;
            if (business) firstReplyBusiness = spanBusiness(at);
          }
        }
        break;
      }
      case K_ASSIGNEE:
        if (e.to !== null && e.to !== assignee) {
          assigneeStations++;
          (assignees ??= new Set()).add(e.to);
        }
        assignee = e.to;
        break;
      case K_GROUP:
        if (e.to !== null && e.to !== group) groupStations++;
        group = e.to;
        break;
      case K_SCHEDULE:
        if (business) {
          const id = e.to as string;
          const before = current();
          spanBeforeCurrent += before.calendar.duration(Math.max(createdAt, before.start), at);
          segments.push({ start: at, id, calendar: s.schedules.get(id) as BusinessCalendar });
        }
        break;
    }
  }
  // The interval still running: with `live`, up to asOf.
  if (s.live && s.asOf !== null && s.asOf > since) {
    cal[status] = (cal[status] as number) + (s.asOf - since);
    if (business) bus[status] = (bus[status] as number) + statusBusiness(since, s.asOf);
  }

  // Status metrics exist once a status interval closed (or runs to asOf with live).
  const measured = statusChanges > 0 || s.live;
  const isResolvedNow = resolved(status);
  const fullAt = isResolvedNow ? lastResolvedAt : null;
  const reasons: HistoryReasons = Object.freeze({
    firstReplyTime: firstReplyAt === null ? NO_REPLY : null,
    firstResolutionTime: firstResolvedAt === null ? NO_RESOLUTION : null,
    fullResolutionTime: fullAt !== null ? null : lastResolvedAt === null ? NO_RESOLUTION : REOPENED,
    statusTimes: measured ? null : NO_STATUS_CHANGE,
    business: business ? null : NO_SCHEDULES,
  });
  const pausedMs = (cal[PENDING] as number) + (cal[HOLD] as number);
  const ticket: Ticket = Object.freeze({
    id: t.ticketId,
    createdAt,
    firstResponseAt: firstReplyAt,
    resolvedAt: fullAt,
    closedAt: status === CLOSED ? closedAt : null,
    status: statusName,
    reopened: reopens > 0,
    pausedMs,
    agent: assignee,
    team: group,
  });
  // Frozen as built (a generic deep freeze of 100,000 rows costs more than computing them).
  return Object.freeze({
    ticketId: t.ticketId,
    createdAt,
    calendar: durations(
      cal,
      measured,
      firstReplyAt === null ? null : firstReplyAt - createdAt,
      firstResolvedAt === null ? null : firstResolvedAt - createdAt,
      fullAt === null ? null : fullAt - createdAt,
    ),
    business: business ? durations(bus, measured, firstReplyBusiness, firstResolutionBusiness, fullAt === null ? null : lastResolutionBusiness) : null,
    counts: Object.freeze({ replies, reopens, resolutions, assigneeStations, groupStations, uniqueAssignees: assignees === null ? 0 : assignees.size }),
    finalStatus: statusName,
    firstReplyAt,
    firstResolvedAt,
    lastResolvedAt,
    schedule: business ? current().id : null,
    reasons,
    ticket,
  });
}
