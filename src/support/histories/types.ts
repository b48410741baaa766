/**
 * The public types of {@link ticketMetrics}: the event rows it reads, its options and the row it
 * gives for each ticket.
 *
 * @module
 */
import { type KpiIssue } from '../../core/errors.js';
import { type BusinessCalendar, type BusinessHoursSpec } from '../../time/calendar.js';
import { type TimestampInput } from '../../time/timestamp.js';
import { type OnInvalid, type Ticket } from '../ticket.js';

/** What a history event records. */
export type TicketEventKind = 'status' | 'comment' | 'assignee' | 'group' | 'schedule';

/** The role of a comment's author at the time of the comment (light agents and custom roles are `'agent'`). */
export type ActorRole = 'agent' | 'admin' | 'end-user' | 'system';

/** The status categories of the histories (Zendesk's six; `on-hold` and its spellings are `hold`). */
export type StatusCategory = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';

/**
 * One event of a ticket's history, as the flat `{ events }` input takes it. Fields not listed are
 * allowed and ignored, so export rows can be passed as they are.
 */
export interface TicketEvent {
  /** The ticket it belongs to (`1` and `'1'` are different tickets). */
  readonly ticketId: string | number;
  /** When it happened: a `Date`, an ISO-8601 string (zone-less strings read in `options.timeZone`) or epoch ms. */
  readonly at: TimestampInput;
  /** What changed. */
  readonly kind: TicketEventKind;
  /**
   * `status`, `assignee`, `group`: the value before the change. Optional; only the first event of
   * its kind reads it, for the value the ticket had before (see docs/histories.md#input).
   */
  readonly from?: string | number | null | undefined;
  /**
   * `status`: the new status (required); `assignee`, `group`: the new id, `null` when unassigned
   * (required, `null` allowed); `schedule`: the id of the schedule now in force (required).
   */
  readonly to?: string | number | null | undefined;
  /** `comment`: the author's role at the time of the comment (required for comments). */
  readonly actorRole?: ActorRole | null | undefined;
  /** `comment`: whether the requester can see it; a private (internal) note is `false` (required for comments). */
  readonly public?: boolean | null | undefined;
}

/** One event of a {@link TicketHistory}: a {@link TicketEvent} whose `ticketId` may be left out (when given it must be the history's). */
export type TicketHistoryEvent = Omit<TicketEvent, 'ticketId'> & { readonly ticketId?: string | number | null | undefined };

/** One ticket's history: when it was created, and its events. */
export interface TicketHistory {
  readonly ticketId: string | number;
  /** When the ticket was created. */
  readonly createdAt: TimestampInput;
  /** Its events, in any order across instants; events at one instant keep their order. */
  readonly events: readonly TicketHistoryEvent[];
}

/**
 * Input of {@link ticketMetrics}: flat event rows of many tickets (a ticket's creation is its
 * earliest event), or one history per ticket with its creation time.
 */
export type TicketMetricsInput = { readonly events: readonly TicketEvent[] } | { readonly histories: readonly TicketHistory[] };

/** Options of {@link ticketMetrics}. */
export interface TicketMetricsOptions {
  /**
   * Business-hours schedules by id: specs for `businessCalendar` or calendars made by it. Without
   * schedules every row's `business` is `null`.
   */
  readonly schedules?: Readonly<Record<string, BusinessHoursSpec | BusinessCalendar>>;
  /**
   * The schedule in force from a ticket's creation until its first `schedule` event. Default: the
   * only schedule when `schedules` has one; else a ticket's first `schedule` event applies from its
   * creation (a ticket with neither is invalid).
   */
  readonly defaultSchedule?: string;
  /**
   * How business time is counted when a ticket's schedule changes (docs/histories.md#schedules).
   * `'zendesk'` (default): first reply, first and full resolution use the schedule in force at
   * their end event for the whole span; each status interval uses the schedule in force when it
   * ended. `'split'`: every instant counts with the schedule in force at that instant.
   */
  readonly schedulePolicy?: 'zendesk' | 'split';
  /**
   * `false` (default): the status interval still running at a ticket's last status event counts in
   * no status time, as Zendesk records these metrics at status changes. `true`: it counts up to
   * `asOf` (required then).
   */
  readonly live?: boolean;
  /** The end of the data: no event may be after it; with `live`, running intervals end here. */
  readonly asOf?: TimestampInput;
  /**
   * Zone of zone-less timestamp strings. Default: the zone of the default schedule when there is
   * one, else `'UTC'` (docs/metrics.md#time-zones).
   */
  readonly timeZone?: string;
  /**
   * Histories form only: `'ticket'` (default): an event before its ticket's `createdAt` is invalid;
   * `'firstEvent'`: the creation moves back to the earliest event (exports whose field history
   * starts before the ticket's creation time).
   */
  readonly createdAt?: 'ticket' | 'firstEvent';
  /**
   * Custom statuses (compared case-insensitively) mapped onto a category, or `'ignore'`: a status in
   * no category (like `deleted`), counted in no status time, neither active nor resolved.
   */
  readonly statusMap?: Readonly<Record<string, StatusCategory | 'ignore'>>;
  /** `'throw'` (default): an invalid ticket raises KpiInputError; `'exclude'`: it is left out, counted and listed. */
  readonly onInvalid?: OnInvalid;
  /**
   * The clock of the durations in each row's `ticket` record (`requesterWaitMs`, `agentWaitMs`,
   * `onHoldMs`, `agentWorkMs`, `pausedMs`): `'calendar'` (default) or `'business'` (the row's
   * `business` durations; needs `schedules`). The metrics that read those fields (`requesterWaitTime`,
   * ...) then summarise that clock.
   */
  readonly ticketClock?: 'calendar' | 'business';
  /**
   * The shape of the result: `'rows'` (default), {@link TicketMetricsResult} with an object per
   * ticket; or `'columns'` (see {@link TicketMetricsColumnsOptions}).
   */
  readonly output?: 'rows' | undefined;
}

/**
 * Options of {@link ticketMetrics} for a columnar result ({@link TicketMetricsColumnsResult}): the
 * same figures as the rows, in the same order, a typed-array column per field, with no object per
 * ticket (docs/histories.md#columns).
 */
export interface TicketMetricsColumnsOptions extends Omit<TicketMetricsOptions, 'output'> {
  /** `'columns'`: a typed-array column per field of the rows. */
  readonly output: 'columns';
}

/** Time (ms) in each status category, from creation to the last status event (plus the running interval with `live`). */
export interface StatusTimes {
  readonly new: number;
  readonly open: number;
  readonly pending: number;
  readonly hold: number;
  readonly solved: number;
  readonly closed: number;
  /** Statuses in no category: `deleted`, unknown custom statuses, those mapped to `'ignore'`. */
  readonly other: number;
}

/** The durations of one ticket, in ms (calendar or business time). */
export interface HistoryDurations {
  /** Creation → first public agent reply (Zendesk "first reply time"); `null` without one (see `reasons`). */
  readonly firstReplyTime: number | null;
  /** Creation → first resolution (Zendesk "first resolution time"); `null` when never resolved. */
  readonly firstResolutionTime: number | null;
  /** Creation → last resolution, while the ticket is resolved (Zendesk "full resolution time"); `null` otherwise. */
  readonly fullResolutionTime: number | null;
  /** Time in `new` and `open` (Zendesk "agent work time"); `null` before the first status change (see `reasons.statusTimes`). */
  readonly agentWorkTime: number | null;
  /** Time in `new`, `open` and `hold` (Zendesk "requester wait time"); `null` before the first status change (see `reasons.statusTimes`). */
  readonly requesterWaitTime: number | null;
  /** Time in `pending` (Zendesk "agent wait time"); `null` before the first status change (see `reasons.statusTimes`). */
  readonly agentWaitTime: number | null;
  /** Time in `hold` (Zendesk "on-hold time"); `null` before the first status change (see `reasons.statusTimes`). */
  readonly onHoldTime: number | null;
  /** Time in each status category. */
  readonly statusTimes: StatusTimes;
}

/** The counts of one ticket. */
export interface HistoryCounts {
  /** Public agent or admin comments, the creation comment excepted (Zendesk `replies`). */
  readonly replies: number;
  /** Changes from `solved`/`closed` to `new`, `open`, `pending` or `hold` (Zendesk `reopens`). */
  readonly reopens: number;
  /** Changes into `solved` from another status, or into `closed` from a status that is not resolved. */
  readonly resolutions: number;
  /** Assignees the ticket had: changes to a non-null assignee other than the current one (Zendesk `assignee_stations`). */
  readonly assigneeStations: number;
  /** Groups the ticket passed through, counted as `assigneeStations` (Zendesk `group_stations`). */
  readonly groupStations: number;
  /** Distinct assignees. */
  readonly uniqueAssignees: number;
}

/** Why the durations of a row that can be `null` are `null` (the same in calendar and business time); `null` when they have a value. */
export interface HistoryReasons {
  readonly firstReplyTime: string | null;
  readonly firstResolutionTime: string | null;
  readonly fullResolutionTime: string | null;
  /**
   * Why the status metrics (`agentWorkTime`, `requesterWaitTime`, `agentWaitTime`, `onHoldTime`) are
   * `null`: no status change yet, and not `live` (Zendesk records them at status changes).
   */
  readonly statusTimes: string | null;
  /** Why `business` is `null` (no schedules given). */
  readonly business: string | null;
}

/** The metrics of one ticket. */
export interface TicketMetricsRow {
  readonly ticketId: string | number;
  /** Creation, epoch ms. */
  readonly createdAt: number;
  /** Durations in calendar ms. */
  readonly calendar: HistoryDurations;
  /** Durations in business ms; `null` without `schedules`. */
  readonly business: HistoryDurations | null;
  readonly counts: HistoryCounts;
  /** The status after the last status event (`'new'` without one), by its category name, else lower case. */
  readonly finalStatus: string;
  /** The first public agent reply, epoch ms; `null` without one. */
  readonly firstReplyAt: number | null;
  /** The first resolution, epoch ms; `null` when never resolved. */
  readonly firstResolvedAt: number | null;
  /** The last resolution, epoch ms, even when the ticket was reopened after it; `null` when never resolved. */
  readonly lastResolvedAt: number | null;
  /** The schedule in force at the end of the history; `null` without schedules. */
  readonly schedule: string | null;
  /** Why the `null` durations are `null`. */
  readonly reasons: HistoryReasons;
  /**
   * The ticket as a record for the ticket metrics (`firstResponseTime`, `resolutionTime`,
   * `firstResolutionTime`, `requesterWaitTime`, `repliesPerTicket`, `reopenRate`, `backlog`, ...):
   * `id`, `createdAt`, `firstResponseAt`, `resolvedAt` (the last resolution, only while resolved),
   * `firstResolvedAt`, `closedAt`, `status`, `reopened`, `agent` (last assignee), `team` (last
   * group), `replyCount`, `reopenCount`, and in the clock of `options.ticketClock` (calendar by
   * default): `pausedMs` (time in `pending` and `hold`), `requesterWaitMs`, `agentWaitMs`,
   * `onHoldMs`, `agentWorkMs` (`null` when the status times are, before the first status change).
   */
  readonly ticket: Ticket;
}

/** A ticket left out because its history was invalid (with `onInvalid: 'exclude'`). */
export interface InvalidHistory {
  readonly ticketId: string | number;
  /** Its problems, with paths like `['events', 12, 'at']`. */
  readonly issues: readonly KpiIssue[];
}

/** Result of {@link ticketMetrics}. */
export interface TicketMetricsResult {
  /** One row per ticket, ordered by `ticketId` (numbers ascending, then strings), whatever the input order. */
  readonly tickets: readonly TicketMetricsRow[];
  readonly excluded: {
    /** Tickets left out as invalid (only with `onInvalid: 'exclude'`). */
    readonly invalid: number;
    /** The first 100 of them, with their problems. */
    readonly invalidTickets: readonly InvalidHistory[];
  };
}

/**
 * A column of labels coded by a dictionary: row i is `dictionary[codes[i]]`, and a negative code (or
 * a `null` in the dictionary) is `null` (Apache Arrow's dictionary vectors and pandas' categoricals
 * have this layout). The ticket metrics' `{ columns }` input reads it as it is.
 */
export interface HistoryDictionaryColumn {
  readonly codes: Int32Array;
  readonly dictionary: readonly (string | null)[];
}

/** Ms in each status category, one value per ticket (see {@link StatusTimes}). */
export interface StatusTimeColumns {
  readonly new: Float64Array;
  readonly open: Float64Array;
  readonly pending: Float64Array;
  readonly hold: Float64Array;
  readonly solved: Float64Array;
  readonly closed: Float64Array;
  readonly other: Float64Array;
}

/** The durations of {@link HistoryDurations} as columns: ms, `NaN` where a row has `null`. */
export interface HistoryDurationColumns {
  readonly firstReplyTime: Float64Array;
  readonly firstResolutionTime: Float64Array;
  readonly fullResolutionTime: Float64Array;
  readonly agentWorkTime: Float64Array;
  readonly requesterWaitTime: Float64Array;
  readonly agentWaitTime: Float64Array;
  readonly onHoldTime: Float64Array;
  readonly statusTimes: StatusTimeColumns;
}

/** The counts of {@link HistoryCounts} as columns. */
export interface HistoryCountColumns {
  readonly replies: Int32Array;
  readonly reopens: Int32Array;
  readonly resolutions: Int32Array;
  readonly assigneeStations: Int32Array;
  readonly groupStations: Int32Array;
  readonly uniqueAssignees: Int32Array;
}

/**
 * The reasons of {@link HistoryReasons} as dictionary columns. The five share one array of codes (a
 * code per combination of reasons), each with its own dictionary (its text, or `null`, for each code).
 */
export interface HistoryReasonColumns {
  readonly firstReplyTime: HistoryDictionaryColumn;
  readonly firstResolutionTime: HistoryDictionaryColumn;
  readonly fullResolutionTime: HistoryDictionaryColumn;
  readonly statusTimes: HistoryDictionaryColumn;
  readonly business: HistoryDictionaryColumn;
}

/**
 * The `ticket` records of the rows as columns, under the `Ticket` field names, in the layout the
 * ticket metrics' `{ columns }` input reads: timestamps and durations as `Float64Array` of epoch ms
 * or ms with `NaN` for a missing value, labels as dictionary columns, `reopened` as 0/1. So
 * `firstResponseTime({ columns: result.columns.ticket })` equals `firstResponseTime({ tickets:
 * rows.map((r) => r.ticket) })`.
 */
export interface HistoryTicketColumns {
  /** The ticket id (the same array as `ticketId`). */
  readonly id: readonly (string | number)[];
  readonly createdAt: Float64Array;
  /** The first public agent reply (the same array as `firstReplyAt`). */
  readonly firstResponseAt: Float64Array;
  /** The last resolution, while the ticket is resolved. */
  readonly resolvedAt: Float64Array;
  readonly closedAt: Float64Array;
  /** The same column as `finalStatus`. */
  readonly status: HistoryDictionaryColumn;
  /** 1: reopened, 0: not. */
  readonly reopened: Uint8Array;
  readonly pausedMs: Float64Array;
  /** The last assignee. */
  readonly agent: HistoryDictionaryColumn;
  /** The last group. */
  readonly team: HistoryDictionaryColumn;
  readonly firstResolvedAt: Float64Array;
  /** In the clock of `options.ticketClock`: the same array as that clock's `requesterWaitTime`. */
  readonly requesterWaitMs: Float64Array;
  /** The same array as that clock's `agentWaitTime`. */
  readonly agentWaitMs: Float64Array;
  /** The same array as that clock's `onHoldTime`. */
  readonly onHoldMs: Float64Array;
  /** The same array as that clock's `agentWorkTime`. */
  readonly agentWorkMs: Float64Array;
  /** The same array as `counts.replies`. */
  readonly replyCount: Int32Array;
  /** The same array as `counts.reopens`. */
  readonly reopenCount: Int32Array;
}

/**
 * The figures of {@link TicketMetricsRow} as columns, one entry per field of a row at the same
 * path (`columns.calendar.firstReplyTime[i]` is `tickets[i].calendar.firstReplyTime`): numbers as
 * typed arrays, `NaN` where a row has `null`; timestamps as epoch ms; labels as dictionary columns.
 * Columns that hold the same figures are one array (`ticket.createdAt` is `createdAt`,
 * `ticket.replyCount` is `counts.replies`, ...). The objects are frozen; typed arrays cannot be:
 * they belong to the result and to nothing else.
 */
export interface TicketMetricsColumns {
  readonly ticketId: readonly (string | number)[];
  /** Creation, epoch ms. */
  readonly createdAt: Float64Array;
  /** Durations in calendar ms. */
  readonly calendar: HistoryDurationColumns;
  /** Durations in business ms; `null` without `schedules`. */
  readonly business: HistoryDurationColumns | null;
  readonly counts: HistoryCountColumns;
  /** The status after the last status event, by its category name, else lower case. */
  readonly finalStatus: HistoryDictionaryColumn;
  /** The first public agent reply, epoch ms (`NaN`: none). */
  readonly firstReplyAt: Float64Array;
  /** The first resolution, epoch ms (`NaN`: never resolved). */
  readonly firstResolvedAt: Float64Array;
  /** The last resolution, epoch ms (`NaN`: never resolved). */
  readonly lastResolvedAt: Float64Array;
  /** The schedule in force at the end of the history; `null` without schedules. */
  readonly schedule: HistoryDictionaryColumn | null;
  /** Why the `NaN` durations have no value. */
  readonly reasons: HistoryReasonColumns;
  /** The `ticket` records, ready for the ticket metrics' `{ columns }` input. */
  readonly ticket: HistoryTicketColumns;
}

/** Result of {@link ticketMetrics} with `output: 'columns'`. */
export interface TicketMetricsColumnsResult {
  /** The tickets measured. */
  readonly length: number;
  /** A column per field, each `length` long, ordered by `ticketId` (numbers ascending, then strings), whatever the input order. */
  readonly columns: TicketMetricsColumns;
  readonly excluded: TicketMetricsResult['excluded'];
}
