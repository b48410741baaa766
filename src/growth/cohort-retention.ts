/**
 * Cohort retention: the share of each signup cohort still active k periods later.
 *
 * @module
 */
import { type IssueSpec, type KpiPath } from '../core/errors.js';
import { type AccumulatorFactory, type Kernel, type WithAccumulator, accumulatorFactory, restoreCount, withAccumulator } from '../core/accumulator.js';
import { ExactSum, KpiDecimal } from '../core/decimal.js';
import { IssueCollector, fail, integerRange, isRecord, requireInput } from '../core/validate.js';
import { type CurrencyCode, checkKeys, divide, freezeResult } from '../core/money.js';
import { type PeriodOptions, type PeriodUnit, bucketerOf, readPeriodOptions } from '../time/period.js';
import { type TimestampInput, TimestampReader, timestampIssue } from '../time/timestamp.js';
import { type CustomerState, type JsonObject, customerKernel, restoreAmount, runCustomers } from './customer-accumulator.js';
import { type CustomerFields, type CustomerRecord } from './customer.js';

/** The input of {@link cohortRetention}: customer records. */
export interface CohortRetentionInput {
  readonly customers: readonly CustomerRecord[];
}

/** Options of {@link cohortRetention}. */
export interface CohortRetentionOptions extends PeriodOptions {
  /** The instant of the data ("now" of the export): cells measured after it are `null`. Required. */
  readonly asOf: TimestampInput;
  /**
   * Number of offset columns (k = 0 … periodCount − 1), a positive integer up to 1,000,000. Default:
   * every offset observable for the earliest cohort. Cohorts × offsets may not exceed
   * {@link MAX_COHORT_CELLS} (2,000,000).
   */
  readonly periodCount?: number;
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
  /**
   * The cohort's starting MRR: Σ mrr of its customers, exact; `null` when any of them has no `mrr`
   * (see `withoutMrr`: a missing MRR is not 0, so the cohort's revenue is unknown).
   */
  readonly revenue: KpiDecimal | null;
  /** Per offset k: Σ mrr of the customers counted in `retained[k]`, exact; `null` when not yet observed or `revenue` is `null`. */
  readonly retainedRevenue: readonly (KpiDecimal | null)[];
  /** Per offset k: retainedRevenue / revenue, in [0, 1]; `null` when not yet observed, `revenue` is `null` or 0. */
  readonly revenueShares: readonly (number | null)[];
  /** Customers of the cohort without `mrr`. */
  readonly withoutMrr: number;
  /**
   * Why `revenue` is `null` (customers without `mrr`), or why every `revenueShares` entry is `null`
   * (a cohort MRR of 0); `null` otherwise. Entries of `retained`, `shares`, `retainedRevenue` and
   * `revenueShares` past the offsets observed by `asOf` are `null` for that reason alone.
   */
  readonly revenueReason: string | null;
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
  /**
   * The revenue-weighted curve: per offset k, Σ retainedRevenue / Σ revenue over the cohorts
   * observed at k whose revenue is known, in [0, 1]; an entry is `null` when that Σ revenue is 0
   * (no such cohort). `null` (with a `revenueReason`) when no cohort's revenue is known — in
   * particular when no customer carries `mrr`.
   */
  readonly revenueValue: readonly (number | null)[] | null;
  /** Why `revenueValue` is `null`; `null` when it is not. */
  readonly revenueReason: string | null;
  /** The currency of the customers' `mrr`, when given; else `null`. */
  readonly currency: CurrencyCode | null;
  /**
   * Customers left out: `afterAsOf`, those who started after `asOf` (in no count); `withoutMrr`,
   * those without `mrr` (in the customer counts, but their cohorts' revenue is `null`).
   */
  readonly excluded: { readonly afterAsOf: number; readonly withoutMrr: number };
}

const PERIODS_RULE = integerRange(1, 1_000_000);
const MAX_EPOCH_MS = 8.64e15;

/** Customers of one cohort with the same last retained offset, and the sum of their MRR. */
interface Cell {
  count: number;
  readonly mrr: ExactSum;
}

/** The `last` of customers still active: a small integer (a fast Map key) above every real offset (< 1e8 days in the range of Date). */
const ACTIVE = 1_000_000_000;

/** One cohort: its cells by last retained offset (−1: left in the signup period; ACTIVE: still active). */
interface Cohort {
  readonly cells: Map<number, Cell>;
  withoutMrr: number;
}

interface CohortState {
  readonly cohorts: Map<number, Cohort>;
  afterAsOf: number;
}

/** A cell of the JSON state: `last` is `null` for customers still active. */
type CellJSON = {
  readonly last: number | null;
  readonly count: number;
  readonly mrr: string;
};

/** The validated settings of cohortRetention. */
interface CohortSettings {
  readonly period: PeriodUnit;
  readonly timeZone: string;
  readonly weekStartsOn: number;
  readonly asOf: number;
  readonly periodCount: number | null;
}

function readSettings(fn: string, options: unknown): CohortSettings {
  const { settings, options: o } = readPeriodOptions(fn, options, ['asOf', 'periodCount']);
  const issues = new IssueCollector(fn);
  const reader = new TimestampReader(settings.timeZone);
  const asOfValue = o['asOf'];
  const asOf = reader.read(asOfValue);
  if (asOf !== asOf) {
    issues.add(
      asOfValue === undefined
        ? {
            code: 'missing',
            path: ['options', 'asOf'],
            input: asOfValue,
            expected: 'a timestamp (a Date, an ISO-8601 string or epoch ms): the instant of the data',
          }
        : timestampIssue(asOfValue, ['options', 'asOf']),
    );
  }
  const periodCount = o['periodCount'];
  if (periodCount !== undefined) issues.check(periodCount, PERIODS_RULE, ['options', 'periodCount']);
  issues.throwIfAny();
  return { ...settings, asOf, periodCount: (periodCount as number | undefined) ?? null };
}

function cellOf(cohort: Cohort, last: number): Cell {
  let cell = cohort.cells.get(last);
  if (cell === undefined) cohort.cells.set(last, (cell = { count: 0, mrr: new ExactSum() }));
  return cell;
}

function cohortOf(st: CohortState, p: number): Cohort {
  let cohort = st.cohorts.get(p);
  if (cohort === undefined) st.cohorts.set(p, (cohort = { cells: new Map(), withoutMrr: 0 }));
  return cohort;
}

type Bucketer = ReturnType<typeof bucketerOf>;

const COHORT_KEYS: readonly string[] = ['startMs', 'withoutMrr', 'cells'];
const CELL_KEYS: readonly string[] = ['last', 'count', 'mrr'];

/** Adds an issue for every key of `json` not in `known` (`path`: where `json` is). */
function unknownKeys(json: Record<string, unknown>, known: readonly string[], path: KpiPath, issues: IssueCollector): void {
  for (const key of Object.keys(json)) {
    if (!known.includes(key))
      issues.add({
        code: 'invalid_value',
        path: [...path, key],
        input: json[key],
        detail: `${key} is not a field of a cohort state (known: ${known.join(', ')})`,
      });
  }
}

/** Restores the cells of one cohort into `cohort`; returns the cohort's size (0 after a problem). */
function restoreCells(json: unknown, cohort: Cohort, path: KpiPath, issues: IssueCollector): number {
  if (!Array.isArray(json) || json.length === 0) {
    issues.add({ code: 'invalid_type', path, input: json, expected: 'a non-empty array of cells { last, count, mrr }' });
    return 0;
  }
  let size = 0;
  let previous = -2;
  for (let j = 0; j < json.length; j++) {
    const cell: unknown = json[j];
    const at = [...path, j];
    if (!isRecord(cell)) {
      issues.add({ code: 'invalid_type', path: at, input: cell, expected: '{ last, count, mrr }' });
      return 0;
    }
    unknownKeys(cell, CELL_KEYS, at, issues);
    const raw = cell['last'];
    const last = raw === null ? ACTIVE : raw;
    if (!(
      Number.isSafeInteger(last) &&
      (last as number) >= -1 &&
      (last as number) <= ACTIVE &&
      (last as number) > previous &&
      (raw === null || (last as number) < ACTIVE)
    )) {
      issues.add({
        code: 'invalid_value',
        path: [...at, 'last'],
        input: raw,
        expected:
          'the last offset at which the customers were active (an integer ≥ −1), or null while active; cells in ascending order of last, null last, once each',
      });
      return 0;
    }
    previous = last as number;
    const count = cell['count'];
    const countOk = Number.isSafeInteger(count) && (count as number) >= 1;
    if (!countOk)
      issues.add({
        code: typeof count === 'number' ? (Number.isInteger(count) ? 'out_of_range' : 'not_integer') : 'invalid_type',
        path: [...at, 'count'],
        input: count,
        expected: 'a positive integer (a cell counts at least one customer)',
      });
    const mrr = restoreAmount(issues, cell['mrr'], [...at, 'mrr']);
    if (!countOk || mrr === null) return 0;
    const c = cellOf(cohort, last as number);
    c.count = count as number;
    c.mrr.merge(mrr);
    size += count as number;
  }
  return size;
}

/** Restores a cohort state `{ afterAsOf, cohorts }` (cohorts of periods starting by asOf, ascending). */
function restoreCohorts(json: Record<string, unknown>, s: CohortSettings, bucketer: Bucketer, a: number, issues: IssueCollector): CohortState {
  const st: CohortState = { cohorts: new Map(), afterAsOf: restoreCount(issues, json['afterAsOf'], ['state', 'afterAsOf']) };
  const list = json['cohorts'];
  if (!Array.isArray(list)) {
    issues.add({ code: 'invalid_type', path: ['state', 'cohorts'], input: list, expected: 'an array of cohorts { startMs, withoutMrr, cells }' });
    return st;
  }
  let previous = -Infinity;
  for (let i = 0; i < list.length && issues.ok; i++) {
    const item: unknown = list[i];
    const path: KpiPath = ['state', 'cohorts', i];
    if (!isRecord(item)) {
      issues.add({ code: 'invalid_type', path, input: item, expected: '{ startMs, withoutMrr, cells }' });
      break;
    }
    unknownKeys(item, COHORT_KEYS, path, issues);
    const startMs = item['startMs'];
    const valid = typeof startMs === 'number' && Number.isFinite(startMs) && Math.abs(startMs) <= MAX_EPOCH_MS;
    const p = valid ? bucketer.indexOf(startMs) : NaN;
    if (!valid || bucketer.periodStart(p) !== startMs || p > a || p <= previous) {
      issues.add({
        code: 'invalid_value',
        path: [...path, 'startMs'],
        input: startMs,
        expected: `the start (epoch ms) of a ${s.period} in ${s.timeZone} that starts by asOf; cohorts in ascending order, once each`,
      });
      break;
    }
    previous = p;
    const cohort: Cohort = { cells: new Map(), withoutMrr: 0 };
    const size = restoreCells(item['cells'], cohort, [...path, 'cells'], issues);
    cohort.withoutMrr = restoreCount(issues, item['withoutMrr'], [...path, 'withoutMrr']);
    if (!issues.ok) break;
    if (cohort.withoutMrr > size) {
      issues.add({
        code: 'inconsistent',
        path: [...path, 'withoutMrr'],
        input: cohort.withoutMrr,
        detail: `state.cohorts[${i}].withoutMrr (${cohort.withoutMrr}) cannot exceed the cohort's customers (${size})`,
      });
    } else if (cohort.withoutMrr === size && [...cohort.cells.values()].some((c) => !c.mrr.toDecimal().isZero())) {
      issues.add({
        code: 'inconsistent',
        path: [...path, 'cells'],
        input: item['cells'],
        detail: `state.cohorts[${i}] has an MRR sum but none of its ${size} customers carries mrr (withoutMrr)`,
      });
    }
    st.cohorts.set(p, cohort);
  }
  return st;
}

/** The number of customers a cohort state counts: those of the cohorts and those after asOf. */
function countedCohorts(st: CohortState): number {
  let n = st.afterAsOf;
  for (const cohort of st.cohorts.values()) for (const cell of cohort.cells.values()) n += cell.count;
  return n;
}

/** The normalised options of cohortRetention (`periodCount` only when given). */
function optionsOf(s: CohortSettings): JsonObject {
  const echo: Record<string, JsonObject[string]> = { period: s.period, timeZone: s.timeZone, weekStartsOn: s.weekStartsOn, asOf: s.asOf };
  if (s.periodCount !== null) echo['periodCount'] = s.periodCount;
  return Object.freeze(echo);
}

function kernel(s: CohortSettings): Kernel<CustomerState<CohortState>, CohortRetentionResult> {
  const bucketer = bucketerOf(s);
  const { asOf } = s;
  const a = bucketer.indexOf(asOf);
  return customerKernel<CohortState, CohortRetentionResult>({
    metric: 'cohortRetention',
    options: optionsOf(s),
    timeZone: s.timeZone,
    money: true,
    keys: ['afterAsOf', 'cohorts'],
    init: () => ({ cohorts: new Map(), afterAsOf: 0 }),
    add(st: CohortState, c: CustomerFields): IssueSpec | null {
      if (c.start > asOf) {
        st.afterAsOf++;
        return null;
      }
      const p = bucketer.indexOf(c.start);
      let last = ACTIVE;
      if (c.end !== Infinity) {
        // Largest period q whose start is before `end`: the customer is active at its start.
        let q = bucketer.indexOf(c.end);
        if (bucketer.periodStart(q) >= c.end) q--;
        last = Math.max(-1, q - p - 1);
      }
      const cohort = cohortOf(st, p);
      const cell = cellOf(cohort, last);
      cell.count++;
      if (c.mrr === undefined) cohort.withoutMrr++;
      else cell.mrr.add(c.mrr);
      return null;
    },
    merge(into, from) {
      into.afterAsOf += from.afterAsOf;
      for (const [p, theirs] of from.cohorts) {
        const cohort = cohortOf(into, p);
        cohort.withoutMrr += theirs.withoutMrr;
        for (const [last, cell] of theirs.cells) {
          const mine = cellOf(cohort, last);
          mine.count += cell.count;
          mine.mrr.merge(cell.mrr);
        }
      }
    },
    result: (st, currency) => finish(st, s, a, bucketer, currency),
    toJSON: (st) => ({
      afterAsOf: st.afterAsOf,
      cohorts: [...st.cohorts.keys()]
        .sort((x, y) => x - y)
        .map((p) => {
          const cohort = st.cohorts.get(p) as Cohort;
          const cells: CellJSON[] = [...cohort.cells.keys()]
            .sort((x, y) => x - y)
            .map((last) => {
              const cell = cohort.cells.get(last) as Cell;
              return { last: last === ACTIVE ? null : last, count: cell.count, mrr: cell.mrr.toDecimal().toFixed() };
            });
          return { startMs: bucketer.periodStart(p), withoutMrr: cohort.withoutMrr, cells };
        }),
    }),
    restore: (json, issues) => restoreCohorts(json, s, bucketer, a, issues),
    counted: countedCohorts,
  });
}

/**
 * The most cells (cohorts × offset columns) a {@link cohortRetention} result may hold: 2,000,000.
 * Ten years of daily cohorts with `periodCount: 365` take 3,650 × 365 = 1,332,250 cells; monthly
 * cohorts over 10 years, 120 × 120 = 14,400. Checked before the result is built, so that no input
 * (`periodCount` up to 1,000,000, or, without `periodCount`, a column per period since the earliest cohort —
 * up to 200,000,000 days in the range of Date) exhausts memory: a cell is an entry in each of four
 * arrays of its row (about 32 bytes), so a result at the bound holds about 70 MB and takes a
 * fraction of a second to build. Beyond it, `result()` and the function throw `KpiInputError`
 * (`out_of_range`, path `['options', 'periodCount']`) saying how to stay within it: give `periodCount`, a
 * coarser `period`, or fewer cohorts (customers who started from a later date).
 *
 * @see docs/metrics.md#input-limits
 */
export const MAX_COHORT_CELLS = 2_000_000;

/** Throws when cohorts × offsets exceeds MAX_COHORT_CELLS, saying how to reduce it. */
function checkCells(cohorts: number, offsets: number, s: CohortSettings): void {
  const cells = cohorts * offsets;
  if (cells <= MAX_COHORT_CELLS) return;
  const fit = Math.max(1, Math.floor(MAX_COHORT_CELLS / cohorts));
  const coarser = s.period === 'quarter' ? '' : ', a coarser period (week, month or quarter)';
  fail('cohortRetention', {
    code: 'out_of_range',
    path: ['options', 'periodCount'],
    input: s.periodCount ?? undefined,
    detail:
      `the result would have ${cohorts} cohorts × ${offsets} offsets = ${cells} cells, more than MAX_COHORT_CELLS (${MAX_COHORT_CELLS}): ` +
      `give periodCount (at most ${fit} for ${cohorts} cohorts)${coarser}, or fewer cohorts (the customers who started from a later date)`,
  });
}

function finish(st: CohortState, s: CohortSettings, a: number, bucketer: Bucketer, currency: string | null): CohortRetentionResult {
  const indices = [...st.cohorts.keys()].sort((x, y) => x - y);
  const offsets = s.periodCount !== null ? s.periodCount : indices.length === 0 ? 0 : Math.max(0, a - (indices[0] as number));
  checkCells(indices.length, offsets, s);
  // Column totals as suffix sums: a cell counts in every column k ≤ its end (its last retained
  // offset, capped by what its cohort has observed); a cohort's size and revenue in every k ≤ its
  // last observed offset. Column k is the sum of the ends ≥ k, so each Decimal is added once.
  const endCounts = new Float64Array(offsets);
  const endSizes = new Float64Array(offsets);
  const endRevenue = new Map<number, KpiDecimal>();
  const endBases = new Map<number, KpiDecimal>();
  const addAt = (map: Map<number, KpiDecimal>, k: number, amount: KpiDecimal): void => {
    const sum = map.get(k);
    map.set(k, sum === undefined ? amount : sum.plus(amount));
  };
  let known = 0;
  let withoutMrr = 0;
  let total = 0;
  const rows: CohortRow[] = indices.map((p) => {
    const cohort = st.cohorts.get(p) as Cohort;
    const lasts = [...cohort.cells.keys()].sort((x, y) => y - x);
    const cells = lasts.map((last) => cohort.cells.get(last) as Cell);
    let size = 0;
    for (const cell of cells) size += cell.count;
    total += size;
    withoutMrr += cohort.withoutMrr;
    const amounts = cohort.withoutMrr === 0 ? cells.map((cell) => cell.mrr.toDecimal()) : null;
    const revenue = amounts === null ? null : amounts.reduce((x, y) => x.plus(y), new KpiDecimal(0));
    if (revenue !== null) known++;
    const observable = a - p - 1;
    const seen = Math.min(observable, offsets - 1);
    if (seen >= 0) {
      endSizes[seen] = (endSizes[seen] as number) + size;
      if (revenue !== null) addAt(endBases, seen, revenue);
    }
    // The steps of the row, from the highest `last` down: customers (and their MRR) with last ≥ it.
    const n = lasts.length;
    const stepCounts = new Float64Array(n);
    const stepRevenue: KpiDecimal[] = [];
    const stepShares: (number | null)[] = [];
    let atLeast = 0;
    let atLeastRevenue = new KpiDecimal(0);
    for (let j = 0; j < n; j++) {
      atLeast += (cells[j] as Cell).count;
      stepCounts[j] = atLeast;
      const end = Math.min(lasts[j] as number, seen);
      if (end >= 0) endCounts[end] = (endCounts[end] as number) + (cells[j] as Cell).count;
      if (amounts !== null && revenue !== null) {
        atLeastRevenue = atLeastRevenue.plus(amounts[j] as KpiDecimal);
        if (end >= 0) addAt(endRevenue, end, amounts[j] as KpiDecimal);
        const share = divide(atLeastRevenue, revenue);
        stepShares.push(share === null ? null : share.toNumber());
      } else stepShares.push(null);
      stepRevenue.push(atLeastRevenue);
    }
    // The columns: step j holds for the k with lasts[j + 1] < k ≤ lasts[j], up to the last observed
    // column `seen`; past the last step no customer is retained; past `seen`, null. Each run of equal
    // entries is one fill (the same number or Decimal in every entry of the run).
    const retained = new Array<number | null>(offsets);
    const shares = new Array<number | null>(offsets);
    const retainedRevenue = new Array<KpiDecimal | null>(offsets);
    const revenueShares = new Array<number | null>(offsets);
    const noShares = revenue === null || revenue.isZero();
    const run = (from: number, to: number, count: number, amount: KpiDecimal | null, share: number | null): void => {
      retained.fill(count, from, to);
      shares.fill(count / size, from, to);
      retainedRevenue.fill(revenue === null ? null : amount, from, to);
      revenueShares.fill(noShares ? null : share, from, to);
    };
    let from = 0;
    for (let j = n - 1; j >= 0 && from <= seen; j--) {
      const to = Math.min(lasts[j] as number, seen) + 1;
      if (to <= from) continue;
      run(from, to, stepCounts[j] as number, stepRevenue[j] as KpiDecimal, stepShares[j] as number | null);
      from = to;
    }
    if (from <= seen) run(from, seen + 1, 0, new KpiDecimal(0), 0);
    const unseen = Math.max(0, seen + 1);
    retained.fill(null, unseen);
    shares.fill(null, unseen);
    retainedRevenue.fill(null, unseen);
    revenueShares.fill(null, unseen);
    const period = bucketer.period(p);
    let revenueReason: string | null = null;
    if (revenue === null) {
      revenueReason = `${cohort.withoutMrr} of the cohort's ${size} customers ${cohort.withoutMrr === 1 ? 'has' : 'have'} no mrr: its revenue is unknown`;
    } else if (revenue.isZero()) revenueReason = "the cohort's MRR is 0: its revenue shares are undefined";
    return {
      cohort: period.key,
      startMs: period.startMs,
      size,
      retained: Object.freeze(retained),
      shares: Object.freeze(shares),
      revenue,
      retainedRevenue: Object.freeze(retainedRevenue),
      revenueShares: Object.freeze(revenueShares),
      withoutMrr: cohort.withoutMrr,
      revenueReason,
    };
  });
  // Suffix sums, from the last column down; a Decimal column is recomputed only where an end adds
  // to it, and each run of columns between two ends is one fill.
  const curve = new Array<number | null>(offsets);
  const revenueCurve = new Array<number | null>(offsets);
  let count = 0;
  let sized = 0;
  let revenueSum = new KpiDecimal(0);
  let revenueBase = new KpiDecimal(0);
  let share: number | null = null;
  let revenueShare: number | null = null;
  let runEnd = offsets;
  for (let k = offsets - 1; k >= 0; k--) {
    const addedRevenue = endRevenue.get(k);
    const addedBase = endBases.get(k);
    if (endCounts[k] === 0 && endSizes[k] === 0 && addedRevenue === undefined && addedBase === undefined && k !== offsets - 1) continue;
    curve.fill(share, k + 1, runEnd);
    revenueCurve.fill(revenueShare, k + 1, runEnd);
    runEnd = k + 1;
    count += endCounts[k] as number;
    sized += endSizes[k] as number;
    share = sized === 0 ? null : count / sized;
    if (addedRevenue !== undefined) revenueSum = revenueSum.plus(addedRevenue);
    if (addedBase !== undefined) revenueBase = revenueBase.plus(addedBase);
    const q = divide(revenueSum, revenueBase);
    revenueShare = q === null ? null : q.toNumber();
  }
  curve.fill(share, 0, runEnd);
  revenueCurve.fill(revenueShare, 0, runEnd);
  let revenueReason: string | null = null;
  if (rows.length === 0) revenueReason = 'no customer started by asOf: the revenue retention curve is undefined';
  else if (withoutMrr === total) revenueReason = 'no customer carries mrr: the revenue retention curve is undefined';
  else if (known === 0) revenueReason = 'no cohort has the mrr of every customer: the revenue retention curve is undefined';
  return freezeResult({
    value: rows.length === 0 ? null : Object.freeze(curve),
    reason: rows.length === 0 ? 'no customer started by asOf: the cohort retention is undefined' : null,
    cohorts: rows,
    offsets,
    period: s.period,
    timeZone: s.timeZone,
    asOf: s.asOf,
    revenueValue: revenueReason === null ? Object.freeze(revenueCurve) : null,
    revenueReason,
    currency,
    excluded: { afterAsOf: st.afterAsOf, withoutMrr },
  });
}

/**
 * One cell of cohortRetention's state as a query gives it (docs/sql.md#cohortretention): the
 * customers of one cohort (`index`: the period ordinal of the bucketer, as `indexOf` gives it) with
 * the same last retained offset (`last`: −1 when they left in the signup period, `null` while
 * active), their exact MRR sum (a decimal text) and how many of them have no `mrr`. @internal
 */
export interface CohortCellRow {
  readonly index: number;
  readonly last: number | null;
  readonly count: number;
  readonly mrr: string;
  readonly withoutMrr: number;
}

/**
 * cohortRetention's result from cells counted elsewhere (the rows of its SQL), built by the
 * function's own assembly: the options read and checked as `cohortRetention` reads them, the
 * cells merged into its state, then the same suffix sums, shares, curves and MAX_COHORT_CELLS
 * check. `currency` is the one currency code of the amounts (the caller checks that they agree). @internal
 */
export function cohortRetentionOfCells(
  options: CohortRetentionOptions,
  cells: Iterable<CohortCellRow>,
  afterAsOf: number,
  currency: string | null,
): CohortRetentionResult {
  const s = readSettings('cohortRetention', options);
  const bucketer = bucketerOf(s);
  const st: CohortState = { cohorts: new Map(), afterAsOf };
  for (const c of cells) {
    const cohort = cohortOf(st, c.index);
    cohort.withoutMrr += c.withoutMrr;
    const cell = cellOf(cohort, c.last === null ? ACTIVE : c.last);
    cell.count += c.count;
    cell.mrr.add(c.mrr);
  }
  return finish(st, s, bucketer.indexOf(s.asOf), bucketer, currency);
}

/**
 * Mergeable accumulator of {@link cohortRetention}, with the contract shared by every accumulator
 * of kpi-kit (`create`, `add`, `addAll`, `merge`, `result`, `toJSON`, `fromJSON`; also
 * `cohortRetention.accumulator`) and the options of the function. Its state is small, whatever the
 * number of customers: `afterAsOf` (customers who started after `asOf`), the cohorts (by the
 * start of their period, epoch ms), each with its cells of customers by last retained offset
 * (`last`, `null` for those still active) with the exact MRR sum of each (a decimal string) and
 * the count of customers without `mrr`, and `currencies` (the first record of each currency code).
 * Its result equals `cohortRetention` over every record added and merged, in any split and order,
 * through JSON or not.
 *
 * Options are normalised (`asOf` as epoch ms; defaults `timeZone: 'UTC'`, `weekStartsOn: 1`
 * filled in; `periodCount` only when given) and travel in `toJSON()`, so `fromJSON(json)` takes the
 * state alone; accumulators of different options do not merge.
 *
 * @throws {@link KpiInputError} from `create` when an option is invalid (as `cohortRetention`
 *   checks them); from `result()` when a record was invalid or the currency codes differ, every
 *   problem listed by its record's index in the combined order, as `cohortRetention` throws it;
 *   from `result()` also (`out_of_range`) when cohorts × offsets would exceed {@link MAX_COHORT_CELLS};
 *   from `merge` (`'incompatible'`) when the other accumulator was made with other options; from
 *   `fromJSON` when the state is not a valid one (its options not normalised, a cohort that is not
 *   the start of a period by asOf, cells out of order, a count negative or not an integer,
 *   `withoutMrr` above the cohort's customers, an MRR sum that is not a decimal string, ...).
 * @see docs/metrics.md#growth-accumulators
 *
 * @example
 * ```ts
 * import { cohortRetentionAccumulator } from 'kpi-kit';
 *
 * const options = { period: 'month' as const, asOf: '2024-04-15' };
 * const january = cohortRetentionAccumulator.create(options).addAll([{ startedAt: '2024-01-10', mrr: 100 }, { startedAt: '2024-01-20', endedAt: '2024-02-15', mrr: 50 }]);
 * const february = cohortRetentionAccumulator.create(options).addAll([{ startedAt: '2024-02-03', mrr: 30 }], 2);
 * const r = cohortRetentionAccumulator.fromJSON(JSON.parse(JSON.stringify(january))).merge(february).result();
 * r.cohorts[0]?.retained; // [2, 1, 1]
 * r.cohorts[0]?.revenueShares; // [1, 0.6666666666666666, 0.6666666666666666]
 * r.revenueValue; // ≈ [1.0000, 0.7222, 0.6667]
 * january.toJSON().options; // { period: 'month', timeZone: 'UTC', weekStartsOn: 1, asOf: 1713139200000 }
 * ```
 */
export const cohortRetentionAccumulator: AccumulatorFactory<CohortRetentionOptions, CohortRetentionResult, CustomerRecord> = /* @__PURE__ */ accumulatorFactory(
  'cohortRetention',
  (options, fn) => kernel(readSettings(fn, options)),
);

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
 * Revenue: when customers carry `mrr` (taken as their MRR for the whole relationship), each
 * cohort also gives its starting MRR `revenue` = Σ mrr, `retainedRevenue[k]` = Σ mrr of the
 * customers counted in `retained[k]` (exact Decimals) and `revenueShares[k]` = retainedRevenue /
 * revenue; `revenueValue` is the revenue-weighted curve Σ_c retainedRevenue(c, k) / Σ_c revenue(c)
 * over the cohorts observed at k. A missing `mrr` is not 0: a cohort with any customer without
 * `mrr` has `revenue: null` (and null revenue cells), is left out of `revenueValue`, and its
 * customers are counted in `excluded.withoutMrr`; when no cohort's revenue is known (no customer
 * carries `mrr`), `revenueValue` is `null` with a `revenueReason`. The fields are always present.
 * The currency codes given with `mrr` must agree.
 *
 * Cost: one pass over the customers (two period look-ups each, and an exact add of the MRR), then
 * cohorts × offsets cells, at most {@link MAX_COHORT_CELLS} (2,000,000: ten years of daily cohorts
 * with `periodCount: 365` are 1,332,250). Also as an accumulator: `cohortRetention.accumulator`.
 *
 * @param input - {@link CohortRetentionInput}: `{ customers: [{ startedAt, endedAt?, mrr? }, ...] }`.
 * @param options - {@link CohortRetentionOptions}: `period` and `asOf` (required), `timeZone`
 *   (`'UTC'`), `weekStartsOn` (1, Monday), `periodCount` (all observable offsets).
 * @returns A {@link CohortRetentionResult}.
 * @throws {@link KpiInputError} when `customers` is not an array, a record is malformed (path
 *   `customers[i].field`: an invalid timestamp, `endedAt` before `startedAt`, a negative or invalid
 *   `mrr`, an invalid currency code), the customers' currency codes differ, a field is unknown,
 *   `asOf` is missing or invalid, `periodCount` is not a positive integer, or a period option is invalid;
 *   `out_of_range` at `['options', 'periodCount']` when cohorts × offsets would exceed
 *   {@link MAX_COHORT_CELLS} (the message says by how much, and the largest `periodCount` that fits).
 * @see docs/metrics.md#cohortretention (SaaS practice).
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
 * r.revenueValue; // null
 * r.cohorts[0]?.revenueReason; // "3 of the cohort's 3 customers have no mrr: its revenue is unknown"
 *
 * // The same customers with their MRR: 100, 50, 50, 30, 10, 20.
 * const mrr = [100, 50, 50, 30, 10, 20];
 * const v = cohortRetention({ customers: customers.map((c, i) => ({ ...c, mrr: mrr[i] })) }, { period: 'month', asOf: '2024-04-15' });
 * v.cohorts[0]?.revenue?.toString(); // '200'
 * v.cohorts[0]?.revenueShares; // [1, 0.75, 0.5]
 * v.cohorts[0]?.revenueReason; // null
 * v.cohorts[1]?.revenueShares; // [0.75, 0.75, null]
 * v.revenueValue; // ≈ [0.9615, 0.7500, 0.5000]
 * ```
 */
export const cohortRetention: WithAccumulator<
  (input: CohortRetentionInput, options: CohortRetentionOptions) => CohortRetentionResult,
  typeof cohortRetentionAccumulator
> = /* @__PURE__ */ withAccumulator(function cohortRetention(input: CohortRetentionInput, options: CohortRetentionOptions): CohortRetentionResult {
  const fn = 'cohortRetention';
  const record = requireInput(fn, input);
  const k = kernel(readSettings(fn, options));
  const issues = new IssueCollector(fn);
  checkKeys(record, ['customers'], issues);
  issues.throwIfAny();
  return runCustomers(fn, k, record['customers']);
}, cohortRetentionAccumulator);
