/**
 * The invalid-record part of a record metric's result (`excluded.invalid`, `invalidIndices` and
 * the listed records), the same for every record kind.
 *
 * @module
 */
import { type InvalidRecords } from '../core/accumulator.js';
import { deepFreeze } from '../core/result.js';

/** What happens to an invalid record: `'throw'` (default) raises KpiInputError; `'exclude'` leaves it out and reports it. */
export type OnInvalid = 'throw' | 'exclude';

/**
 * The result `r` with the invalid records added to its `excluded` block: their count, every
 * index ascending, and the first 100 under `listedKey` (`invalidTickets`, `invalidContacts`),
 * whatever order the records were added and merged in. Frozen.
 * @internal
 */
export function withInvalid<R>(
  r: { readonly [key: string]: unknown; readonly excluded?: Readonly<Record<string, unknown>> },
  invalid: InvalidRecords,
  listedKey: string,
): R {
  return deepFreeze({
    ...r,
    excluded: {
      ...(r.excluded ?? {}),
      invalid: invalid.count,
      invalidIndices: invalid.sortedIndices(),
      [listedKey]: [...invalid.listed],
    },
  }) as unknown as R;
}
