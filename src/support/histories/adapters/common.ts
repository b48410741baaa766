/**
 * What the export adapters share: reading cells as a CSV or JSON reader gives them (strings for
 * every cell, or numbers and booleans), collecting each ticket's events and problems, and the result
 * they return.
 *
 * @module
 */
import { type IssueSpec, type KpiPath, KpiInputError } from '../../../core/errors.js';
import { deepFreeze } from '../../../core/result.js';
import { IssueCollector, isRecord, oneOf } from '../../../core/validate.js';
import { TimestampReader, timestampIssue } from '../../../time/timestamp.js';
import { type OnInvalid } from '../../ticket.js';
import { type ActorRole, type InvalidHistory, type TicketEvent } from '../types.js';

/** What every adapter returns: the events for `ticketMetrics({ events })`, and the tickets left out. */
export interface AdapterResult {
  /**
   * Events of every valid ticket: tickets in the order they first appear in the export, each ticket's
   * events in time order (the export's order within an instant). `at` is epoch ms.
   */
  readonly events: readonly TicketEvent[];
  readonly excluded: {
    /** Tickets left out because a row of theirs was invalid (only with `onInvalid: 'exclude'`). */
    readonly invalid: number;
    /** The first 100 of them, with their problems (paths into the export, like `['comments', 4, 'public']`). */
    readonly invalidTickets: readonly InvalidHistory[];
  };
}

/** The most invalid tickets listed in `excluded.invalidTickets`. */
const MAX_LISTED = 100;

/** Largest |epoch ms| an event may have (the range `ticketMetrics` accepts). */
const MAX_AT_MS = 8.6e15;

/** Spellings of Zendesk's `hold` status. */
const HOLD_ALIASES = ['on-hold', 'on_hold', 'onhold', 'on hold'];

/** A ticket, user or assignee id read from a cell. */
export type Id = string | number;

/**
 * An id as the adapters give it: a whole number written as a string (`'101'`) becomes the number
 * (help-desk ids are integers), so CSV and JSON exports of the same data join; other non-empty
 * strings are kept (trimmed); `undefined` when the cell is not an id.
 */
export function idOf(value: unknown): Id | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (s === '') return undefined;
  if (/^-?(?:0|[1-9]\d{0,15})$/.test(s)) {
    const n = Number(s);
    if (Number.isSafeInteger(n)) return n;
  }
  return s;
}

/** An id cell that may be empty: `null` for an empty cell or `null` (unassigned), else as {@link idOf}. */
export function nullableIdOf(value: unknown): Id | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && value.trim() === '') return null;
  return idOf(value);
}

/** A boolean cell: `true`/`false`, `'true'`/`'false'` (any case), `'t'`/`'f'`, `1`/`0`, `'1'`/`'0'`; `undefined` otherwise. */
export function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  if (s === 'true' || s === 't' || s === '1') return true;
  if (s === 'false' || s === 'f' || s === '0') return false;
  return undefined;
}

/** A status as the adapters give it: trimmed, lower case, `on-hold` and its spellings as `hold`; `undefined` when empty or not a string. */
export function statusOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  if (s === '') return undefined;
  return HOLD_ALIASES.includes(s) ? 'hold' : s;
}

/** The role names users and authors may have, as written in the exports, and the `actorRole` they give. */
export const ROLE_RULE = oneOf(['end-user', 'agent', 'admin', 'system']);

/** A role cell (`'end-user'`, `'agent'`, `'admin'`, `'system'`, any case); `undefined` otherwise. */
export function roleOf(value: unknown): ActorRole | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim().toLowerCase();
  return s === 'end-user' || s === 'agent' || s === 'admin' || s === 'system' ? s : undefined;
}

/** One event waiting to be sorted into its ticket. */
interface Pending {
  readonly at: number;
  /** Order within an instant: the export's order (a negative key sorts before every row). */
  readonly order: number;
  readonly event: TicketEvent;
}

/** One ticket's events and problems while an export is read. */
interface TicketBox {
  readonly events: Pending[];
  readonly issues: IssueSpec[];
}

/**
 * Collects the events of an export ticket by ticket. Problems that cannot be given to a ticket
 * (a row that is not an object, a missing ticket id) are `structural` and always throw; the others
 * make their ticket invalid: thrown with `onInvalid: 'throw'`, listed in `excluded` with `'exclude'`.
 */
export class EventCollector {
  readonly structural: IssueCollector;
  private readonly tickets = new Map<Id, TicketBox>();
  private readonly reader: TimestampReader;
  private order = 0;

  constructor(
    readonly fn: string,
    timeZone: string,
    private readonly onInvalid: OnInvalid,
  ) {
    this.structural = new IssueCollector(fn);
    this.reader = new TimestampReader(timeZone);
  }

  /** The box of a ticket, made on first use (tickets keep the order they first appear in). */
  private box(ticketId: Id): TicketBox {
    let box = this.tickets.get(ticketId);
    if (box === undefined) this.tickets.set(ticketId, (box = { events: [], issues: [] }));
    return box;
  }

  /** The ticket ids seen so far, in order. */
  ticketIds(): Id[] {
    return [...this.tickets.keys()];
  }

  /** The events of a ticket collected so far (with their instants), for rules that look at them. */
  eventsOf(ticketId: Id): readonly { readonly at: number; readonly event: TicketEvent }[] {
    return this.tickets.get(ticketId)?.events ?? [];
  }

  /**
   * Reads the row at `path` as an object with a ticket id in `field`; records a structural problem
   * and returns `undefined` when it is not.
   */
  row(value: unknown, path: KpiPath, field: string, what: string): { row: Record<string, unknown>; ticketId: Id } | undefined {
    if (!isRecord(value)) {
      this.structural.add({ code: 'invalid_type', path, input: value, expected: what });
      return undefined;
    }
    const raw = value[field];
    const ticketId = idOf(raw);
    if (ticketId === undefined) {
      this.structural.add({
        code: raw === undefined || raw === null || raw === '' ? 'missing' : 'invalid_type',
        path: [...path, field],
        input: raw,
        expected: 'a ticket id (a non-empty string or a finite number)',
      });
      return undefined;
    }
    this.box(ticketId);
    return { row: value, ticketId };
  }

  /** Records a problem of a ticket. */
  issue(ticketId: Id, spec: IssueSpec): void {
    this.box(ticketId).issues.push(spec);
  }

  /** Reads a timestamp cell of a ticket's row (epoch ms); records the problem and returns NaN when it is not one. */
  time(ticketId: Id, value: unknown, path: KpiPath, scale = 1): number {
    let at: number;
    if (scale !== 1) {
      // Epoch seconds (Intercom): a number or a numeric string.
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
      at = n * scale;
      if (at !== at) {
        this.issue(ticketId, {
          code: value === undefined || value === null || value === '' ? 'missing' : 'invalid_type',
          path,
          input: value,
          expected: 'epoch seconds (a number)',
        });
        return NaN;
      }
    } else {
      if (value === undefined || value === null || value === '') {
        this.issue(ticketId, { code: 'missing', path, input: value, expected: 'a timestamp' });
        return NaN;
      }
      // BigQuery writes TIMESTAMP cells as '2024-05-06 08:00:00 UTC': the suffix is read as 'Z'.
      at = this.reader.read(typeof value === 'string' && / UTC$/.test(value) ? `${value.slice(0, -4)}Z` : value);
      if (at !== at) {
        this.issue(ticketId, timestampIssue(value, path));
        return NaN;
      }
    }
    if (!(Math.abs(at) <= MAX_AT_MS)) {
      this.issue(ticketId, { code: 'out_of_range', path, input: value, expected: 'an instant within ±8.6e15 ms' });
      return NaN;
    }
    return at;
  }

  /** Adds an event of a ticket at `at` (epoch ms), after every event added before it at that instant, or before all of them with `first`. */
  add(ticketId: Id, at: number, event: Omit<TicketEvent, 'ticketId' | 'at'>, first = false): void {
    const order = first ? -1 - this.order : this.order;
    this.order++;
    this.box(ticketId).events.push({ at, order, event: { ticketId, at, ...event } });
  }

  /** Sorts each ticket's events, throws or lists the invalid tickets, and returns the frozen result. */
  result(): AdapterResult {
    this.structural.throwIfAny();
    const events: TicketEvent[] = [];
    const invalid: InvalidHistory[] = [];
    let count = 0;
    const issues = new IssueCollector(this.fn);
    for (const [ticketId, box] of this.tickets) {
      if (box.issues.length > 0) {
        count++;
        if (this.onInvalid === 'throw') for (const spec of box.issues) issues.add(spec);
        else if (invalid.length < MAX_LISTED) invalid.push({ ticketId, issues: new KpiInputError(this.fn, box.issues).issues });
        continue;
      }
      box.events.sort((a, b) => a.at - b.at || a.order - b.order);
      for (const p of box.events) events.push(Object.freeze(p.event));
    }
    issues.throwIfAny();
    return Object.freeze({ events: Object.freeze(events), excluded: deepFreeze({ invalid: count, invalidTickets: invalid }) });
  }
}

/** `onInvalid`: `'throw'` (default) or `'exclude'`; the problem is recorded in `issues`. */
export const ON_INVALID_RULE = oneOf(['throw', 'exclude']);
