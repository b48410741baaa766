/**
 * Columns of an export → ticket fields for the command: `--preset`, `--map` and `--unit` parsed
 * and checked with the command's messages, then the library's row mapping (`mapTickets`'s engine:
 * presets, automatic matching of column names, the reading of each cell), so that the command
 * and `mapTickets` read an export the same way.
 *
 * @module
 */
import { KpiInputError } from '../core/errors.js';
import { type ColumnSpec as RowColumnSpec, CellError, UNITS, cellConverter, convertCell, readColumn, resolveMapping } from '../records/map-rows.js';
import { TICKET_PRESETS, TICKET_ROWS } from '../support/map-tickets.js';
import { TICKET_FIELDS, type TicketField } from '../support/ticket.js';

export { CellError, UNITS, cellConverter, readColumn };
/** One ticket field read from one column. */
export type ColumnSpec = RowColumnSpec & { readonly field: TicketField };
export { convertCell as convert };
/** The presets of `--preset`. */
export const PRESETS = TICKET_PRESETS;

/** A problem with the command's options (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses `field=value` pairs of a repeatable option. */
export function pairs(option: string, values: readonly string[]): [string, string][] {
  return values.map((v) => {
    const at = v.indexOf('=');
    if (at <= 0 || at === v.length - 1) throw new UsageError(`${option} takes field=value, got "${v}"`);
    return [v.slice(0, at).trim(), v.slice(at + 1).trim()];
  });
}

function checkField(option: string, field: string): TicketField {
  if (!Object.hasOwn(TICKET_FIELDS, field)) {
    throw new UsageError(`${option}: unknown field "${field}"; fields are ${Object.keys(TICKET_FIELDS).join(', ')}`);
  }
  return field as TicketField;
}

/** What {@link resolveColumns} needs. */
export interface MappingOptions {
  readonly preset?: string | undefined;
  readonly map: readonly string[];
  readonly unit: readonly string[];
  /** `--csat-scale`, when given. */
  readonly csatScale?: string | undefined;
}

/**
 * The columns to read (see `mapTickets`): `columns` is the header (CSV) or the keys seen (JSON);
 * `strict` says whether a `--map` column missing from it is an error now (CSV) or is checked at the
 * end (JSON, whose records may omit keys).
 * @throws {@link UsageError}
 */
export function resolveColumns(
  columns: readonly string[],
  options: MappingOptions,
  strict: boolean,
): {
  readonly specs: readonly ColumnSpec[];
  readonly preset: string | null;
  readonly resolvedStatuses: readonly string[] | undefined;
  readonly csatScale: string;
} {
  const map = pairs('--map', options.map).map(([f, column]): [TicketField, string] => [checkField('--map', f), column]);
  const unit = pairs('--unit', options.unit).map(([f, u]): [TicketField, string] => [checkField('--unit', f), u]);
  try {
    const mapping = resolveMapping(
      TICKET_ROWS,
      columns,
      { preset: options.preset, map: Object.fromEntries(map), units: Object.fromEntries(unit), csatScale: options.csatScale },
      strict,
    );
    return { ...mapping, specs: mapping.specs as readonly ColumnSpec[] };
  } catch (e) {
    if (!(e instanceof KpiInputError)) throw e;
    // The library's message, under the option that caused it.
    const [, option, field] = e.path;
    const detail = e.issues[0]?.message ?? e.message;
    if (option === 'preset') throw new UsageError(`--preset: ${detail}`);
    if (option === 'units') throw new UsageError(`--unit ${String(field)}=${String(e.input)}: ${detail}`);
    if (e.code === 'ambiguous') throw new UsageError(`${detail.replace('the columns name', 'the header names').replace('map the field', '--map the field')}`);
    throw new UsageError(
      `--map ${String(field)}=${String(e.input)}: ${detail.replace(/^no column "([^"]*)"; the columns are/, 'no column "$1" in the file; its columns are')}`,
    );
  }
}
