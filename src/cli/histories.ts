/**
 * `--events`, `--comments`, `--users`: ticket histories for the report. The files are read whole,
 * turned into events by the adapter their columns name (Zendesk's `ticket_field_history` +
 * `ticket_comment` + `user`, Freshdesk activities, Intercom conversation parts, or kpi-kit's own
 * events), measured by `ticketMetrics`, and joined to the tickets of the main file by id: each
 * ticket gains the history fields (`requesterWaitMs`, `agentWaitMs`, `onHoldMs`, `agentWorkMs`,
 * `firstResolvedAt`, `replyCount`, `reopenCount`) that the history metrics read.
 *
 * @module
 */
import type { Readable } from 'node:stream';
import { freshdeskEvents } from '../support/histories/adapters/freshdesk.js';
import { intercomEvents } from '../support/histories/adapters/intercom.js';
import { zendeskEvents } from '../support/histories/adapters/zendesk.js';
import type { AdapterResult } from '../support/histories/adapters/common.js';
import { ticketMetrics } from '../support/histories/ticket-metrics.js';
import type { TicketEvent, TicketMetricsRow } from '../support/histories/types.js';
import type { BusinessCalendar } from '../time/calendar.js';
import { UsageError } from './columns.js';
import { InputError, openSource } from './input.js';

/** The history fields a ticket of the report gains from its history. */
export const HISTORY_FIELDS = ['firstResolvedAt', 'requesterWaitMs', 'agentWaitMs', 'onHoldMs', 'agentWorkMs', 'replyCount', 'reopenCount'] as const;
/** A history field. */
export type HistoryField = (typeof HISTORY_FIELDS)[number];

/** The history of one ticket, as the fields its report ticket gains. */
export type HistoryValues = Readonly<Record<HistoryField, number | null>>;

/** What {@link readHistories} gives the report. */
export interface Histories {
  /** Ticket id (as text) → its history fields. */
  readonly byId: ReadonlyMap<string, HistoryValues>;
  /** What was read, for the report's `source.histories`. */
  readonly summary: {
    readonly format: 'zendesk' | 'freshdesk' | 'intercom' | 'kpi-kit';
    readonly files: readonly string[];
    readonly events: number;
    readonly tickets: number;
    /** Tickets whose history was invalid, left out (with `--on-invalid exclude`). */
    readonly invalid: number;
    /** The clock of the history durations: `business` with `--calendar`. */
    readonly clock: 'calendar' | 'business';
  };
}

/** The files and settings of {@link readHistories}. */
export interface HistoryOptions {
  readonly events: string;
  readonly comments?: string | undefined;
  readonly users?: string | undefined;
  readonly timeZone: string;
  readonly calendar?: BusinessCalendar | undefined;
  readonly onInvalid: 'fail' | 'exclude';
  readonly stdin: Readable;
}

/** The most records read from one history file (events, comments, users). */
export const MAX_HISTORY_RECORDS = 50_000_000;

/** Every record of a file, as objects (CSV rows keyed by the header). */
async function readRecords(path: string, stdin: Readable, what: string): Promise<Record<string, unknown>[]> {
  if (path === '-') throw new UsageError(`${what}: standard input is the tickets' file only; give a file`);
  const source = await openSource(path, stdin, {});
  const header = source.header;
  const out: Record<string, unknown>[] = [];
  for await (const batch of source.batches(8192)) {
    for (let i = 0; i < batch.values.length; i++) {
      const problem = batch.problems?.get(i);
      const row = batch.rows === null ? batch.firstRow + i : (batch.rows[i] as number);
      if (problem !== undefined) throw new InputError(`${what} ${source.name}, row ${row}: the row ${problem}`);
      const value = batch.values[i];
      if (header !== null) {
        const cells = value as readonly string[];
        const record: Record<string, unknown> = {};
        for (let c = 0; c < header.length; c++) record[header[c] as string] = cells[c];
        out.push(record);
      } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) out.push(value as Record<string, unknown>);
      else throw new InputError(`${what} ${source.name}, row ${row}: the record is not an object`);
      if (out.length > MAX_HISTORY_RECORDS) throw new InputError(`${what} ${source.name}: more than ${MAX_HISTORY_RECORDS.toLocaleString('en-US')} records`);
    }
  }
  return out;
}

/** Which export the events file is, from its first record's keys. */
function formatOf(first: Record<string, unknown> | undefined, name: string): Histories['summary']['format'] {
  if (first === undefined) return 'kpi-kit';
  const has = (k: string): boolean => Object.hasOwn(first, k);
  if (has('ticket_id') && has('field_name')) return 'zendesk';
  if (has('ticket_id') && has('activity')) return 'freshdesk';
  if (has('conversation_id') && has('part_type')) return 'intercom';
  if (has('ticketId') && has('kind') && has('at')) return 'kpi-kit';
  throw new UsageError(
    `--events ${name}: unknown layout (columns ${Object.keys(first)
      .map((k) => `"${k}"`)
      .join(
        ', ',
      )}); expected Zendesk ticket_field_history (ticket_id, field_name, updated, value), Freshdesk activities (ticket_id, performed_at, performer_type, activity), Intercom conversation parts (conversation_id, part_type, created_at, ...) or kpi-kit events (ticketId, at, kind, from, to, actorRole, public)`,
  );
}

const TRUE = new Set(['true', 't', 'yes', '1']);
const FALSE = new Set(['false', 'f', 'no', '0']);

/** kpi-kit events from CSV cells: empty cells absent, `public` as a boolean. */
function kpiKitEvents(rows: readonly Record<string, unknown>[]): TicketEvent[] {
  return rows.map((r) => {
    const e: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (v === '' || v === undefined) continue;
      if (k === 'public' && typeof v === 'string') {
        const lower = v.trim().toLowerCase();
        e[k] = TRUE.has(lower) ? true : FALSE.has(lower) ? false : v;
      } else e[k] = v;
    }
    return e as unknown as TicketEvent;
  });
}

/** The history fields of a ticket from its row (the row's `ticket` record carries them). */
function valuesOf(row: TicketMetricsRow): HistoryValues {
  const t = row.ticket as unknown as Record<string, unknown>;
  const read = (f: HistoryField): number | null => {
    const v = t[f];
    return typeof v === 'number' ? v : null;
  };
  return {
    firstResolvedAt: read('firstResolvedAt'),
    requesterWaitMs: read('requesterWaitMs'),
    agentWaitMs: read('agentWaitMs'),
    onHoldMs: read('onHoldMs'),
    agentWorkMs: read('agentWorkMs'),
    replyCount: read('replyCount'),
    reopenCount: read('reopenCount'),
  };
}

/**
 * Reads the history files and measures every ticket's history.
 * @throws {@link UsageError} for a layout it does not know or a missing companion file;
 *   {@link InputError} for a file it cannot read; `KpiInputError` (from the adapter or
 *   `ticketMetrics`) for an invalid history with `--on-invalid fail`.
 */
export async function readHistories(o: HistoryOptions): Promise<Histories> {
  const events = await readRecords(o.events, o.stdin, '--events');
  const format = formatOf(events[0], o.events);
  const onInvalid = o.onInvalid === 'exclude' ? 'exclude' : 'throw';
  const files = [o.events];
  let adapted: AdapterResult | null = null;
  if (format === 'zendesk') {
    const comments = o.comments === undefined ? undefined : await readRecords(o.comments, o.stdin, '--comments');
    const users = o.users === undefined ? undefined : await readRecords(o.users, o.stdin, '--users');
    if (comments !== undefined && users === undefined) {
      throw new UsageError('--comments needs --users (the user table: id, role), for the role of each comment author');
    }
    if (o.comments !== undefined) files.push(o.comments);
    if (o.users !== undefined) files.push(o.users);
    adapted = zendeskEvents(
      {
        fieldHistory: events as never,
        ...(comments === undefined ? {} : { comments: comments as never }),
        ...(users === undefined ? {} : { users: users as never }),
      },
      { timeZone: o.timeZone, onInvalid },
    );
  } else {
    if (o.comments !== undefined || o.users !== undefined) {
      throw new UsageError(`--comments and --users go with Zendesk's ticket_field_history in --events; ${o.events} holds ${format} events, comments included`);
    }
    if (format === 'freshdesk') adapted = freshdeskEvents({ activities: events as never }, { timeZone: o.timeZone, onInvalid });
    else if (format === 'intercom') adapted = intercomEvents({ parts: events as never }, { onInvalid });
  }
  const list = adapted === null ? kpiKitEvents(events) : adapted.events;
  const clock = o.calendar === undefined ? 'calendar' : 'business';
  const measured = ticketMetrics(
    { events: list },
    {
      timeZone: o.timeZone,
      onInvalid,
      ...(o.calendar === undefined ? {} : { schedules: { default: o.calendar }, ticketClock: 'business' as const }),
    },
  );
  const byId = new Map<string, HistoryValues>();
  for (const row of measured.tickets) byId.set(String(row.ticketId), valuesOf(row));
  return {
    byId,
    summary: {
      format,
      files,
      events: list.length,
      tickets: measured.tickets.length,
      invalid: (adapted?.excluded.invalid ?? 0) + measured.excluded.invalid,
      clock,
    },
  };
}
