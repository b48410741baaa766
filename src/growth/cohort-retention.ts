/**
 * Cohort retention: the share of each signup cohort still active k periods later.
 *
 * @module
 */
import { IssueCollector, integerRange, requireInput } from '../core/validate.js';
import { checkKeys, freezeResult } from '../core/money.js';
import { type PeriodOptions, type PeriodUnit, bucketerOf, readPeriodOptions } from '../time/period.js';
import { type TimestampInput, TimestampReader, timestampIssue } from '../time/timestamp.js';
import { type CustomerRecord, readCustomers } from './customer.js';

/** The input of {@link cohortRetention}: customer records. */
export interface CohortRetentionInput {
  readonly customers: readonly CustomerRecord[];
}

/** Options of {@link cohortRetention}. */
export interface CohortRetentionOptions extends PeriodOptions {
  /** The instant of the data ("now" of the export): cells measured after it are `null`. Required. */
  readonly asOf: TimestampInput;
  /**
   * Number of offset columns (k = 0 … periods − 1), a positive integer. Default: every offset
   * observable for the earliest cohort.
   */
  readonly periods?: number;
}

/** One cohort (row) of a {@link CohortRetentionResult}. */
export interface CohortRow {
  /** The signup period's key (`'2024-01'`, `'2024-Q1'`, a week's first day, a day). */
  readonly cohort: string;
  /** Epoch ms of the signup period's start. */
  readonly startMs: number;
  /** Customers who started in the period. */
  readonly size: number;
  /** Per offset k: customers of the cohort active at the end of the k-th period after signup (k = 0: the signup period); `null` when that end is after `asOf`. */
  readonly retained: readonly (number | null)[];
  /** Per offset k: retained / size, in [0, 1]; `null` when not yet observed. */
  readonly shares: readonly (number | null)[];
}

/** The result of {@link cohortRetention}. */
export interface CohortRetentionResult {
  /**
   * The retention curve: per offset k, retained / size summed over the cohorts observed at k (a
   * customer-weighted average), in [0, 1]; an entry is `null` when no cohort is observed at k.
   * `null` (with a `reason`) when no customer started by `asOf`.
   */
  readonly value: readonly (number | null)[] | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** The cohorts with at least one customer, oldest first. */
  readonly cohorts: readonly CohortRow[];
  /** Number of offset columns. */
  readonly offsets: number;
  readonly period: PeriodUnit;
  readonly timeZone: string;
  /** `asOf` as epoch ms. */
  readonly asOf: number;
  /** Customers left out: those who started after `asOf`. */
  readonly excluded: { readonly afterAsOf: number };
}

const PERIODS_RULE = integerRange(1, 1_000_000);

/**
 * Cohort retention: customers are grouped by the calendar period in which they started (their
 * signup cohort); for each cohort and each offset k = 0, 1, 2, …, the share still active at the
 * end of the k-th period after the signup period (k = 0: at the end of the signup period itself).
 * A customer is active from `startedAt` (included) to `endedAt` (excluded). Cells whose
 * measuring instant lies after `asOf` are `null` (not yet observed), never 0.
 *
 * Formula: share(c, k) = |{ i in cohort c : endedAt_i > start of period (c + k + 1) }| / |c|;
 * `value` is the customer-weighted curve Σ_c retained(c, k) / Σ_c |c| over the cohorts observed at k.
 * Periods begin at local midnight in `timeZone` (day, week with `weekStartsOn`, month, quarter).
 *
 * Cost: one pass over the customers (two period look-ups each), then cohorts × offsets.
 *
 * @param input - {@link CohortRetentionInput}: `{ customers: [{ startedAt, endedAt? }, ...] }`.
 * @param options - {@link CohortRetentionOptions}: `period` and `asOf` (required), `timeZone`
 *   (`'UTC'`), `weekStartsOn` (1, Monday), `periods` (all observable offsets).
 * @returns A {@link CohortRetentionResult}.
 * @throws {@link KpiInputError} when `customers` is not an array, a record is malformed (path
 *   `customers[i].field`: an invalid timestamp, `endedAt` before `startedAt`), a field is unknown,
 *   `asOf` is missing or invalid, `periods` is not a positive integer, or a period option is invalid.
 * @see METRICS.md §4 (SaaS practice).
 *
 * @example
 * ```ts
 * import { cohortRetention } from 'kpi-kit';
 *
 * const customers = [
 *   { startedAt: '2024-01-10' },
 *   { startedAt: '2024-01-20', endedAt: '2024-02-15' },
 *   { startedAt: '2024-01-05', endedAt: '2024-03-10' },
 *   { startedAt: '2024-02-03' },
 *   { startedAt: '2024-02-25', endedAt: '2024-02-28' },
 *   { startedAt: '2024-03-01' },
 * ];
 * const r = cohortRetention({ customers }, { period: 'month', asOf: '2024-04-15' });
 * r.cohorts[0]?.cohort; // '2024-01'
 * r.cohorts[0]?.retained; // [3, 2, 1]
 * r.cohorts[1]?.shares; // [0.5, 0.5, null]
 * r.value; // ≈ [0.8333, 0.6, 0.3333]
 * ```
 */
export function cohortRetention(input: CohortRetentionInput, options: CohortRetentionOptions): CohortRetentionResult {
  const fn = 'cohortRetention';
  const record = requireInput(fn, input);
  const { settings, options: o } = readPeriodOptions(fn, options, ['asOf', 'periods']);
  const issues = new IssueCollector(fn);
  checkKeys(record, ['customers'], issues);
  const reader = new TimestampReader(settings.timeZone);
  const asOfValue = o['asOf'];
  const asOf = reader.read(asOfValue);
  if (asOf !== asOf) {
    issues.add(
      asOfValue === undefined
        ? { code: 'missing', path: ['options', 'asOf'], input: asOfValue, expected: 'a timestamp (a Date, an ISO-8601 string or epoch ms): the instant of the data' }
        : timestampIssue(asOfValue, ['options', 'asOf']),
    );
  }
  const periodsValue = o['periods'];
  if (periodsValue !== undefined) issues.check(periodsValue, PERIODS_RULE, ['options', 'periods']);
  const bucketer = bucketerOf(settings);
  const a = asOf === asOf ? bucketer.indexOf(asOf) : 0;
  /** Per cohort index: count of customers by last retained offset (Infinity while active). */
  const cohorts = new Map<number, Map<number, number>>();
  let afterAsOf = 0;
  readCustomers(record['customers'], reader, issues, (_i, start, end) => {
    if (!issues.ok) return;
    if (start > asOf) {
      afterAsOf++;
      return;
    }
    const p = bucketer.indexOf(start);
    let last = Infinity;
    if (end !== Infinity) {
      // Largest period q whose start is before `end`: the customer is active at its start.
      let q = bucketer.indexOf(end);
      if (bucketer.periodStart(q) >= end) q--;
      last = Math.max(-1, q - p - 1);
    }
    let row = cohorts.get(p);
    if (row === undefined) cohorts.set(p, (row = new Map()));
    row.set(last, (row.get(last) ?? 0) + 1);
  });
  issues.throwIfAny();
  const indices = [...cohorts.keys()].sort((x, y) => x - y);
  const offsets = periodsValue !== undefined ? (periodsValue as number) : indices.length === 0 ? 0 : Math.max(0, a - (indices[0] as number));
  const sums = new Float64Array(offsets);
  const sizes = new Float64Array(offsets);
  const rows: CohortRow[] = indices.map((p) => {
    const byLast = cohorts.get(p) as Map<number, number>;
    const lasts = [...byLast.keys()].sort((x, y) => y - x);
    let size = 0;
    for (const n of byLast.values()) size += n;
    const retained: (number | null)[] = [];
    const shares: (number | null)[] = [];
    const observable = a - p - 1;
    let j = 0;
    let atLeast = 0;
    for (let k = offsets - 1; k >= 0; k--) {
      // Customers whose last retained offset is ≥ k, scanning lasts in decreasing order.
      while (j < lasts.length && (lasts[j] as number) >= k) atLeast += byLast.get(lasts[j++] as number) as number;
      retained[k] = k <= observable ? atLeast : null;
      shares[k] = k <= observable ? atLeast / size : null;
      if (k <= observable) {
        sums[k] = (sums[k] as number) + atLeast;
        sizes[k] = (sizes[k] as number) + size;
      }
    }
    const period = bucketer.period(p);
    return { cohort: period.key, startMs: period.startMs, size, retained, shares };
  });
  const curve = Array.from(sizes, (size, k) => (size === 0 ? null : (sums[k] as number) / size));
  return freezeResult({
    value: rows.length === 0 ? null : curve,
    reason: rows.length === 0 ? 'no customer started by asOf: the cohort retention is undefined' : null,
    cohorts: rows,
    offsets,
    period: settings.period,
    timeZone: settings.timeZone,
    asOf,
    excluded: { afterAsOf },
  });
}
