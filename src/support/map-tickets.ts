/**
 * Help-desk export rows → tickets, exactly as the `kpi-kit report` command reads them.
 *
 * @module
 */
import {
  type DurationUnit,
  type MapRowsInput,
  type MapRowsOptions,
  type MappedRows,
  type RowKind,
  type RowPreset,
  type RowProblem,
  mapRows,
} from '../records/map-rows.js';
import { KpiInputError } from '../core/errors.js';
import { TICKET_FIELDS } from '../records/tickets.js';
import { type Ticket, type TicketField } from './ticket.js';

/** A preset of {@link mapTickets}: how one help desk's export names its columns. */
export type TicketPreset = RowPreset<TicketField>;

/**
 * Column names also read as a ticket field when no column is named as the field: `contacts` (a
 * common export name, and what kpi-kit wrote before the field became `contactCount`), and the SLA
 * outcome columns of exports (`response_sla_met`, `first_reply_sla_met`, `resolution_sla_met`).
 */
export const TICKET_COLUMN_ALIASES: Readonly<Partial<Record<TicketField, readonly string[]>>> = Object.freeze({
  contactCount: Object.freeze(['contacts']),
  firstResponseSlaMet: Object.freeze(['response_sla_met', 'first_reply_sla_met']),
  resolutionSlaMet: Object.freeze(['resolution_sla_met']),
});

/**
 * The presets of {@link mapTickets} and of `kpi-kit report --preset`. Column names are those of the
 * exports' default CSV layouts; a column a preset names but the rows lack is skipped. `map` adds
 * or replaces single fields.
 */
export const TICKET_PRESETS: Readonly<Record<'kpi-kit' | 'zendesk' | 'freshdesk', TicketPreset>> = Object.freeze({
  'kpi-kit': {
    description: 'columns named as the ticket fields (createdAt, firstResponseAt, ..., durations in ms): what kpi-kit writes and reads',
    map: Object.fromEntries(Object.keys(TICKET_FIELDS).map((f) => [f, f])),
    aliases: TICKET_COLUMN_ALIASES,
    signature: ['createdAt'],
  },
  zendesk: {
    description: 'Zendesk Support ticket CSV export (Admin Center → Reports → Export → CSV)',
    map: {
      id: 'Id',
      createdAt: 'Created at',
      resolvedAt: 'Solved at',
      status: 'Status',
      channel: 'Via',
      topic: 'Ticket type',
      agent: 'Assignee',
      team: 'Group',
      priority: 'Priority',
      customerId: 'Requester id',
      firstResponseMs: 'First reply time in minutes',
      csat: 'Satisfaction Score',
      reopened: 'Reopens',
      reopenCount: 'Reopens',
      replyCount: 'Replies',
      requesterWaitMs: 'Requester wait time in minutes',
      agentWaitMs: 'Agent wait time in minutes',
      onHoldMs: 'On hold time in minutes',
    },
    units: { firstResponseMs: 'min', requesterWaitMs: 'min', agentWaitMs: 'min', onHoldMs: 'min' },
    csatScale: 'binary',
    missing: { csat: ['offered', 'unoffered', 'not offered'] },
    signature: ['Id', 'Created at', 'Solved at'],
  },
  freshdesk: {
    description: 'Freshdesk ticket export (Tickets → Export, CSV)',
    map: {
      id: 'Ticket ID',
      createdAt: 'Created time',
      firstResponseAt: 'Initial response time',
      resolvedAt: 'Resolved time',
      closedAt: 'Closed time',
      status: 'Status',
      channel: 'Source',
      topic: 'Type',
      agent: 'Agent',
      team: 'Group',
      priority: 'Priority',
      customerId: 'Contact ID',
      contactCount: 'Customer interactions',
    },
    signature: ['Ticket ID', 'Created time'],
  },
} satisfies Record<string, TicketPreset>);

/** The CSAT scales a `csat` column can be read on (`'binary'` reads good/bad too). */
const CSAT_SCALES: readonly string[] = ['1-5', '1-3', '1-7', '1-10', '0-10', 'binary'];

/** @internal */
export const TICKET_ROWS: RowKind = Object.freeze<RowKind>({
  fn: 'mapTickets',
  fields: TICKET_FIELDS,
  presets: TICKET_PRESETS,
  aliases: TICKET_COLUMN_ALIASES,
  spans: [
    ['firstResponseMs', 'firstResponseAt'],
    ['resolutionMs', 'resolvedAt'],
  ],
  csatField: 'csat',
  required: 'createdAt',
});

/** Options of {@link mapTickets}. */
export interface MapTicketsOptions extends MapRowsOptions<TicketField> {
  /** A preset (`'zendesk'`, `'freshdesk'`, `'kpi-kit'`); detected from the columns when absent. */
  readonly preset?: keyof typeof TICKET_PRESETS | undefined;
  /** The scale of the `csat` column: with `'binary'`, `good`/`bad` cells are read. Default: the preset's, else `'1-5'`. */
  readonly csatScale?: '1-5' | '1-3' | '1-7' | '1-10' | '0-10' | 'binary' | undefined;
}

/** Result of {@link mapTickets}. */
export interface MapTicketsResult extends Omit<MappedRows<Ticket>, 'records'> {
  /** The tickets, in row order; each has every mapped field (`null` for an empty cell). Frozen. */
  readonly tickets: readonly Ticket[];
}

/**
 * Maps rows of a help-desk export to tickets, exactly as `kpi-kit report` reads a file: the columns
 * come from a preset (named, or detected from the columns: Zendesk, Freshdesk, kpi-kit's own names),
 * else from column names matching the ticket fields (`created_at`, `Created At` → `createdAt`),
 * then from `map`; duration columns are read in `units` and rounded to whole ms; empty cells (and a
 * preset's "not offered" and the like) are missing values, never zeros; numbers must be in decimal
 * notation; timestamps without an offset are read in `timeZone`. The tickets go to every ticket
 * metric as they are (with the preset's `resolvedStatuses` and `csatScale` for the metrics that take
 * them). A duration column mapped beside its timestamps is dropped unless `map` names it (exports
 * round durations; the timestamps are exact).
 *
 * @param rows - Objects keyed by column (parsed CSV with a header, JSON records; a column with dots
 *   reads nested keys), or `{ header, rows }` with rows as arrays of cells.
 * @param options - {@link MapTicketsOptions}.
 * @returns {@link MapTicketsResult}: the tickets, the rows left out (`onInvalid: 'exclude'`) with their
 *   first 100 problems, the preset and the column of each field. Frozen.
 * @throws {@link KpiInputError} for an unknown preset, field or unit, a `map` column the rows lack,
 *   a column the header names twice that is read, or (with `onInvalid: 'throw'`, the default) the
 *   first cell that cannot be read (path `[row, column]`).
 * @see docs/cli.md#columns
 *
 * @example
 * ```ts
 * import { mapTickets, firstResponseTime } from 'kpi-kit';
 *
 * const rows = [
 *   { 'Ticket ID': '1', 'Created time': '2024-05-06 09:00:00', 'Initial response time': '2024-05-06 09:20:00', Status: 'Closed' },
 *   { 'Ticket ID': '2', 'Created time': '2024-05-06 10:00:00', 'Initial response time': '', Status: 'Open' },
 * ];
 * const m = mapTickets(rows, { timeZone: 'Europe/Berlin' });
 * m.preset; // 'freshdesk'
 * m.tickets[0]!.createdAt; // 1714978800000
 * m.tickets[1]!.firstResponseAt; // null
 * firstResponseTime({ tickets: m.tickets }).value; // 1200000
 * ```
 */
export function mapTickets(rows: MapRowsInput, options?: MapTicketsOptions): MapTicketsResult {
  const scale = (options as { csatScale?: unknown } | undefined)?.csatScale;
  if (scale !== undefined && scale !== null && !(typeof scale === 'string' && CSAT_SCALES.includes(scale))) {
    throw new KpiInputError('mapTickets', [
      { code: 'invalid_value', path: ['options', 'csatScale'], input: scale, expected: `one of ${CSAT_SCALES.map((s) => `'${s}'`).join(', ')}` },
    ]);
  }
  const { records, ...rest } = mapRows(TICKET_ROWS, rows, options, ['csatScale']);
  return Object.freeze({ tickets: records as unknown as readonly Ticket[], ...rest });
}

export type { DurationUnit, MapRowsInput, RowProblem };
