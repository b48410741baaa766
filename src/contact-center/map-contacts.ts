/**
 * Contact-centre export rows → contacts, read as `mapTickets` reads tickets.
 *
 * @module
 */
import { type MapRowsInput, type MapRowsOptions, type MappedRows, type RowKind, mapRows } from '../records/map-rows.js';
import { CONTACT_FIELDS, type Contact, type ContactField } from './contact.js';

/** @internal */
export const CONTACT_ROWS: RowKind = Object.freeze<RowKind>({
  fn: 'mapContacts',
  fields: CONTACT_FIELDS,
  presets: {},
  aliases: {},
  spans: [],
  csatField: null,
  required: 'offeredAt',
});

/** Options of {@link mapContacts}: no presets; columns come from their names and `map`. */
export type MapContactsOptions = Omit<MapRowsOptions<ContactField>, 'preset'>;

/** Result of {@link mapContacts}. */
export interface MapContactsResult extends Omit<MappedRows<Contact>, 'records' | 'resolvedStatuses' | 'csatScale' | 'preset'> {
  /** The contacts, in row order; each has every mapped field (`null` for an empty cell). Frozen. */
  readonly contacts: readonly Contact[];
}

/**
 * Maps rows of a contact-centre (ACD, telephony, chat) export to contacts, with the rules of
 * {@link mapTickets}: columns named as the contact fields (`offered_at`, `Offered At` →
 * `offeredAt`), then `map`; empty cells are missing values; timestamps without an offset are read in
 * `timeZone`; a cell that cannot be read raises, or with `onInvalid: 'exclude'` leaves its row out.
 *
 * @param rows - Objects keyed by column, or `{ header, rows }` with rows as arrays of cells.
 * @param options - {@link MapContactsOptions}.
 * @returns {@link MapContactsResult}. Frozen.
 * @throws {@link KpiInputError} for an unknown field, a `map` column the rows lack, or (by default)
 *   the first cell that cannot be read.
 * @see docs/cli.md#columns
 *
 * @example
 * ```ts
 * import { mapContacts, abandonmentRate } from 'kpi-kit';
 *
 * const m = mapContacts(
 *   {
 *     header: ['call_id', 'queued', 'answered', 'hung_up', 'queue'],
 *     rows: [
 *       ['c1', '2024-05-06T09:00:00Z', '2024-05-06T09:00:40Z', '', 'sales'],
 *       ['c2', '2024-05-06T09:01:00Z', '', '2024-05-06T09:02:10Z', 'sales'],
 *     ],
 *   },
 *   { map: { id: 'call_id', offeredAt: 'queued', answeredAt: 'answered', abandonedAt: 'hung_up' } },
 * );
 * m.columns; // { queue: 'queue', id: 'call_id', offeredAt: 'queued', answeredAt: 'answered', abandonedAt: 'hung_up' }
 * abandonmentRate({ contacts: m.contacts }).value; // 0.5
 * ```
 */
export function mapContacts(rows: MapRowsInput, options?: MapContactsOptions): MapContactsResult {
  const { records, resolvedStatuses: _r, csatScale: _c, preset: _p, ...rest } = mapRows(CONTACT_ROWS, rows, options);
  return Object.freeze({ contacts: records as unknown as readonly Contact[], ...rest });
}
