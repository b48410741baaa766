/**
 * The result of cohortRetention from the rows of its SQL (src/sql/plans-cohort.ts): the cells of
 * the function's state (cohort, last retained offset, customers, exact MRR sum, customers without
 * MRR) given to the function's own assembly, so that the retained counts, shares, curves, `null`
 * cells after `asOf` and the MAX_COHORT_CELLS check are those of `cohortRetention`.
 *
 * @module
 */
import { KpiInputError } from '../core/errors.js';
import { type CohortCellRow, type CohortRetentionResult, cohortRetentionOfCells } from '../growth/cohort-retention.js';
import { type Row, num } from './rows.js';

/** The options the mapper reads (those of `runMetrics` for cohortRetention). @internal */
export interface CohortRowOptions {
  readonly period?: unknown;
  readonly timeZone?: unknown;
  readonly weekStartsOn?: unknown;
  readonly asOf?: unknown;
  readonly periodCount?: unknown;
}

/**
 * cohortRetention's result from the rows of its query (a split row's rows in `row.parts`; one
 * row without them): the cells of the rows with a cohort, `afterAsOf` summed, and the currency of
 * the rows. Throws the KpiInputError of the TypeScript function when the valid records' amounts
 * are in more than one currency. @internal
 */
export function cohortResult(row: Row, o: CohortRowOptions): CohortRetentionResult {
  const parts = (row['parts'] ?? [row]) as Row[];
  const first = parts[0];
  if (first !== undefined && num(first, 'currencies') > 1) {
    throw new KpiInputError('cohortRetention', [
      {
        code: 'inconsistent',
        path: ['customers'],
        input: num(first, 'currencies'),
        detail: `currencies cannot be mixed: the customers' mrr is given in two or more currency codes; convert the amounts to one currency first, or split by currency (runMetricGroups with by: 'currency')`,
      },
    ]);
  }
  const cells: CohortCellRow[] = [];
  let afterAsOf = 0;
  for (const r of parts) {
    afterAsOf += num(r, 'afterAsOf');
    if (r['cohortIndex'] === null || r['cohortIndex'] === undefined) continue;
    cells.push({
      index: num(r, 'cohortIndex'),
      last: r['lastOffset'] === null || r['lastOffset'] === undefined ? null : num(r, 'lastOffset'),
      count: num(r, 'customers'),
      mrr: String(r['mrr']),
      withoutMrr: num(r, 'withoutMrr'),
    });
  }
  const options: Record<string, unknown> = {};
  for (const key of ['period', 'timeZone', 'weekStartsOn', 'asOf', 'periodCount'] as const) if (o[key] !== undefined) options[key] = o[key];
  return cohortRetentionOfCells(options as never, cells, afterAsOf, first === undefined ? null : ((first['currency'] ?? null) as string | null));
}

/**
 * The rows of the cohort query as the groups of `runMetricGroups`: one per segment (with `by`;
 * segments in the query's order), else one in all (also without rows), each `{ count, invalid,
 * parts, segment }`. @internal
 */
export function cohortGroups(rows: readonly Row[], bySegment: boolean): Row[] {
  const groups = new Map<unknown, Row[]>();
  if (!bySegment) groups.set(null, []);
  for (const r of rows) {
    const key = bySegment ? (r['segment'] ?? null) : null;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [r]);
    else group.push(r);
  }
  return [...groups].map(([segment, parts]) => ({
    count: parts.reduce((t, r) => t + num(r, 'count'), 0),
    invalid: parts.reduce((t, r) => t + num(r, 'invalid'), 0),
    parts,
    segment,
  }));
}
