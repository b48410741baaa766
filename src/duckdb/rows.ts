/**
 * Reading the rows DuckDB returns for the metrics' SQL: counts and numbers (BIGINT arrives as
 * bigint), the percentile columns, and the parts of a result the mappers share.
 *
 * @module
 */

/** A row as DuckDB returns it: column → value. @internal */
export type Row = Record<string, unknown>;

/** A plain number of a DuckDB value (BIGINT counts arrive as bigint). @internal */
export function num(row: Row, key: string): number {
  const v = row[key];
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

/** {@link num}, or null for a NULL (or missing) column. @internal */
export function numOrNull(row: Row, key: string): number | null {
  return row[key] === null || row[key] === undefined ? null : num(row, key);
}

/** The sum of a count column over the rows. @internal */
export const sumOf = (parts: readonly Row[], key: string): number => parts.reduce((t, r) => t + num(r, key), 0);

/** The percentile columns of a row (`p50`, `p90`, …), each a number or null. @internal */
const percentilesOf = (row: Row): Record<string, number | null> =>
  Object.fromEntries(
    Object.keys(row)
      .filter((k) => /^p\d/.test(k))
      .map((k) => [k, numOrNull(row, k)]),
  );

/** The invalid tickets of a result from SQL: counted, not listed. @internal */
export const NOT_LISTED = { invalidIndices: [] as number[], invalidTickets: [] as never[] };

/** The options of `keys` that were given (not undefined), for the TypeScript function that reads them. @internal */
export const pick = <O extends object>(o: O, keys: readonly (keyof O)[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));

/**
 * A duration summary from the row of its query: `value` (the column `valueKey`), `reason`, `n`,
 * `mean`, `median`, `percentiles`, `min`, `max` and `total`, in the order of the TypeScript result. @internal
 */
export const summaryOf = (row: Row, valueKey: string) => ({
  value: numOrNull(row, valueKey),
  reason: (row['reason'] ?? null) as string | null,
  n: num(row, 'n'),
  mean: numOrNull(row, 'mean'),
  median: numOrNull(row, 'median'),
  percentiles: percentilesOf(row),
  min: numOrNull(row, 'min'),
  max: numOrNull(row, 'max'),
  total: num(row, 'total'),
});
