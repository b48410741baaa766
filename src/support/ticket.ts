/**
 * The ticket record: its declaration (fields, required `createdAt`, order rules, durations that
 * stand for spans), from which the checker, the compiled guard, the zod schema and the records
 * descriptor come (see `records/kind`); its TypeScript type, and the shared ticket options.
 *
 * @module
 */
import {
  type ArrowData,
  type ArrowTableLike,
  type ArrowVectorLike,
  type Column,
  type DictionaryColumn,
  type MaskedColumn,
  type RecordColumns,
} from '../records/columns.js';
import { type TicketColumns } from '../records/tickets.js';
import { type ColumnView } from '../records/columns.js';
import { type InvalidRecord } from '../core/accumulator.js';
import { type OnInvalid } from '../records/excluded.js';
import { type IssueSpec, type KpiPath } from '../core/errors.js';
import { IssueCollector, fail } from '../core/validate.js';
import { type FieldKind, validValue } from '../records/kind.js';
import { AGREEMENT_MS, TICKET_FIELDS, TICKET_KIND } from '../records/tickets.js';
import { type TimestampInput, MAX_DURATION_MS, TimestampReader, readTimeZone } from '../time/timestamp.js';
import { calendarTimeZone } from '../time/calendar.js';

/**
 * One support ticket as help desks export it. Only `createdAt` is required; each metric says which
 * other fields it needs, and raises a `missing` error naming the field when a ticket lacks it.
 * `null` counts as absent (exports write empty cells as null). Fields not listed here are allowed and
 * ignored, so whole export rows can be passed as they are.
 *
 * Durations may be given instead of timestamps: `firstResponseMs` instead of `firstResponseAt`,
 * `resolutionMs` instead of `resolvedAt` (when both are given they must agree within 1 ms).
 */
export interface Ticket {
  /** The ticket's id (reported in nothing but your own code; any string or number). */
  readonly id?: string | number | null | undefined;
  /** When the customer opened the ticket. */
  readonly createdAt: TimestampInput;
  /** When an agent first answered; absent while unanswered. */
  readonly firstResponseAt?: TimestampInput | null | undefined;
  /** First response time in ms, for exports that give durations instead of timestamps. */
  readonly firstResponseMs?: number | null | undefined;
  /** When the ticket was (last) resolved. */
  readonly resolvedAt?: TimestampInput | null | undefined;
  /** Resolution time in ms, for exports that give durations instead of timestamps. */
  readonly resolutionMs?: number | null | undefined;
  /** When the ticket was closed. */
  readonly closedAt?: TimestampInput | null | undefined;
  /** Help-desk status (`"open"`, `"pending"`, `"solved"`, ...); which ones mean resolved is an option. */
  readonly status?: string | null | undefined;
  /** Channel: `"email"`, `"chat"`, `"phone"`, ... */
  readonly channel?: string | null | undefined;
  /** Contact reason. */
  readonly topic?: string | null | undefined;
  /** Category (used where `topic` is absent). */
  readonly category?: string | null | undefined;
  /** The agent who handled it. */
  readonly agent?: string | null | undefined;
  /** The agent's team. */
  readonly team?: string | null | undefined;
  /** Priority: `"low"`, `"high"`, `"urgent"`, ... */
  readonly priority?: string | null | undefined;
  /** The customer, for repeat-contact checks. */
  readonly customerId?: string | number | null | undefined;
  /** Customer–agent contacts (interactions) before resolution: 1 = resolved in one contact. */
  readonly contactCount?: number | null | undefined;
  /** Whether the ticket was reopened after being resolved. */
  readonly reopened?: boolean | null | undefined;
  /** Whether the ticket was escalated. */
  readonly escalated?: boolean | null | undefined;
  /** Agent handle time in ms: talk + hold + after-contact work. */
  readonly handleTimeMs?: number | null | undefined;
  /** Time in ms spent paused (pending / on hold), excluded from resolution time when asked. */
  readonly pausedMs?: number | null | undefined;
  /** A satisfaction answer attached to the ticket. */
  readonly csat?: number | null | undefined;
  /** Whether the help desk flags the ticket as resolved in the first contact (FCR `method: 'flag'`). */
  readonly firstContactResolved?: boolean | null | undefined;
  /** Whether the ticket is a complaint. */
  readonly complaint?: boolean | null | undefined;
  /** Whether a quality review of the ticket passed (QA / script adherence); absent when not reviewed. */
  readonly qaPassed?: boolean | null | undefined;
  /**
   * When the ticket was first resolved (Zendesk's first resolution); not after `resolvedAt`, the
   * last resolution. Absent when never resolved or not measured.
   */
  readonly firstResolvedAt?: TimestampInput | null | undefined;
  /**
   * Requester wait time in ms: time in `new`, `open` and `on-hold` (Zendesk Ticket Metrics
   * `requester_wait_time_in_minutes`); calendar or business ms, as the export measured it. Absent
   * when not measured.
   */
  readonly requesterWaitMs?: number | null | undefined;
  /** Agent wait time in ms: time in `pending` (Zendesk `agent_wait_time_in_minutes`). Absent when not measured. */
  readonly agentWaitMs?: number | null | undefined;
  /** On-hold time in ms: time in `on-hold` (Zendesk `on_hold_time_in_minutes`). Absent when not measured. */
  readonly onHoldMs?: number | null | undefined;
  /** Agent work time in ms: time in `new` and `open` (Zendesk's agent work time). Absent when not measured. */
  readonly agentWorkMs?: number | null | undefined;
  /** Public agent replies, the creation comment excepted (Zendesk Ticket Metrics `replies`). Absent when not counted. */
  readonly replyCount?: number | null | undefined;
  /** Times the ticket was reopened after a resolution (Zendesk Ticket Metrics `reopens`). Absent when not counted. */
  readonly reopenCount?: number | null | undefined;
  /**
   * Whether the help desk recorded the first-response SLA as met (`true`) or breached (`false`), as
   * exports carry it (`response_sla_met`); absent when no outcome is recorded. Read by
   * `slaCompliance` without `targets`.
   */
  readonly firstResponseSlaMet?: boolean | null | undefined;
  /** The same for the resolution SLA (`resolution_sla_met`). */
  readonly resolutionSlaMet?: boolean | null | undefined;
}

/** The kinds of ticket fields. */
export type TicketFieldKind = FieldKind;

/**
 * Every ticket field and its kind (declared with the ticket kind, `TICKET_KIND`, in
 * records/tickets): the single source of the checks and of `TicketSchema`.
 */
export { TICKET_FIELDS, TICKET_KIND, AGREEMENT_MS };

/** A ticket field name. */
export type TicketField = keyof typeof TICKET_FIELDS;

/** Whether two unions are the same. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** A compile-time check: `true` only. */
type Check<T extends true> = T;
/** The `Ticket` type and the ticket declaration name the same fields (a compile error otherwise). @internal */
export type TicketFieldsMatch = Check<Same<keyof Ticket, TicketField>>;

/** The fields every metric reads (a ticket without a valid `createdAt` is invalid everywhere). */
export const REQUIRED_FIELDS: readonly TicketField[] = ['createdAt'];

export { MAX_DURATION_MS };

export { validValue };

/**
 * Every problem of one ticket among `fields`, each at `[...base, index, field]`: invalid values,
 * missing required fields (`required`), responses or resolutions before creation, and durations that
 * disagree with their timestamps. The slow path of the metrics (called once a ticket failed the fast
 * checks) and the guard that `TicketSchema` agrees with.
 */
export function ticketIssues(
  record: unknown,
  fields: readonly TicketField[],
  required: readonly TicketField[],
  reader: TimestampReader,
  base: KpiPath,
): IssueSpec[] {
  return TICKET_KIND.issues(record, reader, base, fields, required);
}

export type { OnInvalid };

/** One ticket left out because it was invalid (with `onInvalid: 'exclude'`): its index and its problems. */
export type InvalidTicket = InvalidRecord;

/** Options shared by every ticket metric. */
export interface TicketOptions {
  /**
   * Statuses that mean resolved, compared case-insensitively. Default `['solved', 'closed', 'resolved']`.
   * A ticket with a status outside the list is unresolved even when it carries a resolution time.
   * A ticket without a status is resolved when it has `resolvedAt` or `resolutionMs`.
   */
  readonly resolvedStatuses?: readonly string[];
  /**
   * Time zone in which zone-less timestamp strings are read. Default: the zone of the `calendar`
   * option when the metric has one, else `'UTC'` (docs/metrics.md#time-zones).
   */
  readonly timeZone?: string;
  /** `'throw'` (default): an invalid ticket raises KpiInputError; `'exclude'`: it is left out, counted and listed. */
  readonly onInvalid?: OnInvalid;
}

/** The option names of {@link TicketOptions}. */
export const TICKET_OPTION_KEYS = ['resolvedStatuses', 'timeZone', 'onInvalid'] as const;

/** Default statuses that mean resolved. */
export const DEFAULT_RESOLVED_STATUSES: readonly string[] = Object.freeze(['solved', 'closed', 'resolved']);

/** The validated shared ticket options. */
export interface TicketSettings {
  readonly resolvedStatuses: readonly string[];
  readonly timeZone: string;
  readonly onInvalid: OnInvalid;
}

/** Validates the shared ticket options found in `o` (already checked for unknown keys). */
export function readTicketSettings(fn: string, o: Record<string, unknown>): TicketSettings {
  const issues = new IssueCollector(fn);
  const statuses = o['resolvedStatuses'];
  let resolvedStatuses = DEFAULT_RESOLVED_STATUSES;
  if (statuses !== undefined) {
    if (Array.isArray(statuses) && statuses.length > 0 && statuses.every((s: unknown) => typeof s === 'string')) {
      resolvedStatuses = Object.freeze([...new Set(statuses.map((s: string) => s.toLowerCase()))]);
    } else {
      issues.add({ code: 'invalid_value', path: ['options', 'resolvedStatuses'], input: statuses, expected: 'a non-empty array of strings' });
    }
  }
  const onInvalid = o['onInvalid'] ?? 'throw';
  if (onInvalid !== 'throw' && onInvalid !== 'exclude') {
    issues.add({ code: 'invalid_value', path: ['options', 'onInvalid'], input: onInvalid, expected: "'throw' or 'exclude'" });
  }
  issues.throwIfAny();
  // Zone-less timestamps read in: the timeZone option, else the calendar's zone, else UTC.
  return { resolvedStatuses, timeZone: readTimeZone(fn, o['timeZone'], calendarTimeZone(o['calendar'])), onInvalid: onInvalid as OnInvalid };
}

/**
 * Whether `status` is one of `statuses` (lower case) once lower-cased, as `status.toLowerCase()`
 * would give it: ASCII text is compared letter by letter without a copy; other text is lower-cased.
 * @internal
 */
export function isResolvedStatus(status: string, statuses: readonly string[]): boolean {
  const n = status.length;
  for (let i = 0; i < n; i++) if (status.charCodeAt(i) > 127) return statuses.includes(status.toLowerCase());
  for (let k = 0; k < statuses.length; k++) {
    const s = statuses[k] as string;
    if (s.length !== n) continue;
    let i = 0;
    for (; i < n; i++) {
      let c = status.charCodeAt(i);
      if (c >= 65 && c <= 90) c += 32;
      if (c !== s.charCodeAt(i)) break;
    }
    if (i === n) return true;
  }
  return false;
}

/**
 * Whether a ticket counts as resolved: its status (case-insensitive) is one of the resolved ones;
 * without a status, whether it has a resolution time or timestamp.
 */
export function isResolved(record: Record<string, unknown>, statuses: readonly string[]): boolean {
  const status = record['status'];
  if (typeof status === 'string') {
    return isResolvedStatus(status, statuses);
  }
  const at = record['resolvedAt'];
  const ms = record['resolutionMs'];
  return (at !== undefined && at !== null) || (ms !== undefined && ms !== null);
}

/** The status flags of a column view's rows (see {@link statusFlags}); a dictionary column also as its codes and per-entry flags. @internal */
export interface StatusFlags {
  at(i: number): number;
  readonly codes: ArrayLike<number> | null;
  readonly entry: Uint8Array | null;
}

/**
 * The status of each row of a column view, as `isResolved` reads it: `at(i)` is 1 (a resolved
 * status), 0 (another status), 2 (no status: resolved when the ticket has a resolution) or 3 (a
 * status that is not a string: an invalid ticket). A
 * dictionary column is read once per entry. `null` when the status column is in a layout not read
 * here. Only rows the guard passed are asked (their status, when present, is a string). @internal
 */
export function statusFlags(view: ColumnView, statuses: readonly string[]): StatusFlags | null {
  const of = (status: unknown): number =>
    typeof status === 'string' ? (isResolvedStatus(status, statuses) ? 1 : 0) : status === undefined || status === null ? 2 : 3;
  if (!view.has('status')) return { at: () => 2, codes: null, entry: null };
  const dict = view.dictionary('status');
  if (dict !== null) {
    const entry = Uint8Array.from(dict.dictionary, of);
    const codes = dict.codes;
    return { at: (i) => ((codes[i] as number) < 0 ? 2 : (entry[codes[i] as number] as number)), codes, entry };
  }
  const arr = view.array('status');
  if (arr === null) return null;
  // Labels repeat: each distinct string is looked up once.
  const seen = new Map<unknown, number>();
  return {
    codes: null,
    entry: null,
    at: (i) => {
      const v = arr[i];
      let f = seen.get(v);
      if (f === undefined) {
        f = of(v);
        seen.set(v, f);
      }
      return f;
    },
  };
}

/** Requires a collection of tickets: an array (or array-like) of records. */
export function requireTickets(fn: string, tickets: unknown, path: KpiPath): ArrayLike<unknown> {
  if (Array.isArray(tickets)) return tickets as unknown[];
  return fail(fn, { code: 'invalid_type', path, input: tickets, expected: 'an array of tickets' });
}

export { TimestampReader };
export type { ArrowData, ArrowTableLike, ArrowVectorLike, Column, DictionaryColumn, MaskedColumn, RecordColumns, TicketColumns };
