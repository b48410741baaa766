/**
 * Customer retention rate.
 *
 * @module
 */
import { type Interval, makeResult } from '../core/result.js';
import { zForConfidence } from '../core/stats/normal.js';
import { wilsonInterval } from '../core/stats/proportion.js';
import { CONFIDENCE, IssueCollector, collectFields, COUNT, readOptions, requireInput, selectForm } from '../core/validate.js';
import { checkKeys } from '../core/money.js';
import { readTimeZone } from '../time/timestamp.js';
import { type AccumulatorFactory, type WithAccumulator, accumulatorFactory, withAccumulator } from '../core/accumulator.js';
import { type CustomerPeriodInput, type CustomerRecord } from './customer.js';
import {
  type PeriodAccumulatorOptions,
  type PeriodSettings,
  periodKernel,
  periodOptionsEcho,
  readPeriodAccumulatorOptions,
  rejectTimeZoneForCounts,
  runPeriodRecords,
} from './period-records.js';

/** The counts form of the input of {@link retentionRate}. */
export interface RetentionRateCountsInput {
  /** Customers at the start of the period (a non-negative integer). */
  readonly customersAtStart: number;
  /** Customers at the end of the period, new ones included (a non-negative integer). */
  readonly customersAtEnd: number;
  /** Customers acquired during the period (a non-negative integer). */
  readonly newCustomers: number;
}

/**
 * The input of {@link retentionRate}: the customer counts of one period, or customer records with
 * the period's start and end snapshots.
 */
export type RetentionRateInput = RetentionRateCountsInput | CustomerPeriodInput;

/** Options of {@link retentionRate}. */
export interface RetentionRateOptions {
  /** Confidence level of the Wilson interval, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
  /**
   * Record form only: IANA time zone in which timestamps without a zone (`"2024-05-01"`) are read.
   * Default `'UTC'`.
   */
  readonly timeZone?: string;
}

/** The result of {@link retentionRate}. */
export interface RetentionRateResult {
  /** (customersAtEnd − newCustomers) / customersAtStart, in [0, 1]; `null` without customers at start. */
  readonly value: number | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** Customers of the start still there at the end: customersAtEnd − newCustomers. */
  readonly retained: number;
  readonly customersAtStart: number;
  readonly customersAtEnd: number;
  /** New customers of the period (record form: those who joined after the start and are active at the end). */
  readonly newCustomers: number;
  /** Wilson score interval of the rate (retained of customersAtStart); `null` without customers at start. */
  readonly interval: Interval | null;
  readonly confidence: number;
}

/** Options of {@link retentionRateAccumulator}: the period's snapshots, `confidence` and `timeZone`. */
export interface RetentionRateAccumulatorOptions extends PeriodAccumulatorOptions {
  /** Confidence level of the Wilson interval, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
}

const FIELDS = ['customersAtStart', 'customersAtEnd', 'newCustomers'] as const;
const RECORD_FIELDS = ['customers', 'periodStart', 'periodEnd'] as const;

function finish(customersAtStart: number, customersAtEnd: number, newCustomers: number, confidence: number): RetentionRateResult {
  const retained = customersAtEnd - newCustomers;
  return makeResult(customersAtStart === 0 ? null : retained / customersAtStart, {
    reason: customersAtStart === 0 ? 'no customers at start: the retention rate is undefined' : null,
    retained,
    customersAtStart,
    customersAtEnd,
    newCustomers,
    interval: wilsonInterval(retained, customersAtStart, zForConfidence(confidence)),
    confidence,
  });
}

/** Reads `confidence` (default 0.95), throwing KpiInputError. */
function readConfidence(fn: string, value: unknown): number {
  const confidence = value ?? 0.95;
  const issues = new IssueCollector(fn);
  issues.check(confidence, CONFIDENCE, ['options', 'confidence']);
  issues.throwIfAny();
  return confidence as number;
}

function kernel(settings: PeriodSettings, confidence: number) {
  return periodKernel('retentionRate', periodOptionsEcho(settings, { confidence }), settings, false, (t) =>
    finish(t.atStart, t.atEnd, t.newActive, confidence),
  );
}

/**
 * Mergeable accumulator of the record form of {@link retentionRate}, with the contract shared by
 * every accumulator of kpi-kit (`create`, `add`, `addAll`, `merge`, `result`, `toJSON`,
 * `fromJSON`; also `retentionRate.accumulator`). The period's snapshots are options; its state is
 * four counts (`{ customerCount, atStart, atEnd, retained }`: valid records, those active at
 * `periodStart`, at `periodEnd`, and at both). Its result equals `retentionRate({ customers,
 * periodStart, periodEnd }, { confidence, timeZone })` over every record added and merged, in any
 * split and order, through JSON or not.
 *
 * Options are normalised (`periodStart` and `periodEnd` as epoch ms, `timeZone` `'UTC'` and
 * `confidence` 0.95 by default) and travel in `toJSON()`, so `fromJSON(json)` takes the state
 * alone.
 *
 * @throws {@link KpiInputError} from `create` when `periodStart` or `periodEnd` is missing or
 *   invalid, periodEnd is before periodStart, `confidence` is not strictly between 0 and 1, or an
 *   option is unknown; from `result()` when a record was invalid (every invalid record listed by
 *   its index in the combined order, as `retentionRate` throws it); from `merge` (`'incompatible'`)
 *   when the other accumulator was made with other options; from `fromJSON` when the state is not
 *   a valid one (its options not normalised, a count negative or not an integer, `retained` above
 *   `atStart` or `atEnd`, ...).
 * @see docs/metrics.md#growth-accumulators
 *
 * @example
 * ```ts
 * import { retentionRateAccumulator } from 'kpi-kit';
 *
 * const options = { periodStart: '2024-04-01', periodEnd: '2024-07-01' };
 * const a = retentionRateAccumulator.create(options).addAll([{ startedAt: '2024-01-15' }, { startedAt: '2024-02-01', endedAt: '2024-05-10' }]);
 * const b = retentionRateAccumulator.create(options).addAll([{ startedAt: '2024-03-20' }, { startedAt: '2024-04-02' }], 2);
 * const merged = retentionRateAccumulator.fromJSON(JSON.parse(JSON.stringify(a))).merge(b);
 * merged.result().customersAtStart; // 3
 * merged.result().value; // ≈ 0.667
 * a.toJSON().options; // { periodStart: 1711929600000, periodEnd: 1719792000000, timeZone: 'UTC', confidence: 0.95 }
 * ```
 */
export const retentionRateAccumulator: AccumulatorFactory<RetentionRateAccumulatorOptions, RetentionRateResult, CustomerRecord> =
  /* @__PURE__ */ accumulatorFactory('retentionRate', (options, fn) => {
    const { o, settings } = readPeriodAccumulatorOptions(fn, options, ['confidence']);
    return kernel(settings, readConfidence(fn, o['confidence']));
  });

/**
 * Customer retention rate (CRR): the share of the customers at the start of a period who are still
 * customers at its end. New customers of the period are taken out of the end count, so the rate
 * does not rise by acquisition.
 *
 * Formula: CRR = (customers at end − new customers in period) / customers at start (see
 * docs/metrics.md#retentionrate-and-churnrate for the sources).
 *
 * The value is a plain number (a fraction in [0, 1]): the counts are integers, subtracted exactly,
 * and divided once, correctly rounded. The result also gives a Wilson score interval of the share.
 * With no new customers and customersAtEnd = customersAtStart − lost, the retention rate is
 * 1 − `churnRate` (method `'start'`).
 *
 * Record form: `{ customers, periodStart, periodEnd }` with customers `{ startedAt, endedAt? }`,
 * each active from `startedAt` (included) to `endedAt` (excluded). Customers at start are those
 * active at the instant `periodStart`, customers at end those active at `periodEnd`, and new
 * customers those active at `periodEnd` but not at `periodStart`; so the value is the exact share
 * of the start's customers still active at the end, and equals the counts form given those counts.
 * A customer who joined and left within the period counts in none of them. Records may carry
 * `customerId` (named in error messages) and `mrr` / `currency` (checked, not used here; see
 * `revenueRetention`). Also as a mergeable accumulator: `retentionRate.accumulator`
 * ({@link retentionRateAccumulator}).
 *
 * @param input - {@link RetentionRateInput}: `{ customersAtStart, customersAtEnd, newCustomers }`,
 *   or `{ customers, periodStart, periodEnd }` (customer records).
 * @param options - {@link RetentionRateOptions}: `confidence` (0.95), `timeZone` (`'UTC'`, record form).
 * @returns A {@link RetentionRateResult}; `value` is `null` (with a `reason`) when there were no
 *   customers at the start.
 * @throws {@link KpiInputError} when a count is missing or not a non-negative integer, a field is
 *   unknown, newCustomers exceeds customersAtEnd, or customersAtEnd − newCustomers exceeds
 *   customersAtStart (more customers retained than there were: `inconsistent`), fields of both
 *   forms are mixed (`ambiguous`), a customer record is malformed (path `customers[i].field`, e.g.
 *   an invalid timestamp or `endedAt` before `startedAt`), periodEnd is before periodStart, or an
 *   option is invalid.
 * @see docs/metrics.md#retentionrate-and-churnrate.
 *
 * @example
 * ```ts
 * import { retentionRate } from 'kpi-kit';
 *
 * const r = retentionRate({ customersAtStart: 200, customersAtEnd: 210, newCustomers: 40 });
 * r.value; // 0.85
 * r.retained; // 170
 * retentionRate({ customersAtStart: 0, customersAtEnd: 5, newCustomers: 5 }).value; // null
 *
 * const customers = [
 *   { startedAt: '2024-01-15', endedAt: null },
 *   { startedAt: '2024-02-01', endedAt: '2024-05-10' },
 *   { startedAt: '2024-03-20' },
 *   { startedAt: '2024-04-02' },
 * ];
 * const q = retentionRate({ customers, periodStart: '2024-04-01', periodEnd: '2024-07-01' });
 * q.customersAtStart; // 3
 * q.newCustomers; // 1
 * q.value; // ≈ 0.667 (2 of the 3 customers of April 1 are still customers on July 1)
 * ```
 */
export const retentionRate: WithAccumulator<
  (input: RetentionRateInput, options?: RetentionRateOptions) => RetentionRateResult,
  typeof retentionRateAccumulator
> = /* @__PURE__ */ withAccumulator(function retentionRate(input: RetentionRateInput, options?: RetentionRateOptions): RetentionRateResult {
  const fn = 'retentionRate';
  const record = requireInput(fn, input);
  const form = selectForm(fn, record, [
    { name: 'counts', fields: FIELDS },
    { name: 'records', fields: RECORD_FIELDS },
  ]);
  const o = readOptions(fn, options, ['confidence', 'timeZone']);
  const c = readConfidence(fn, o['confidence']);
  const issues = new IssueCollector(fn);
  if (form === 'records') return runPeriodRecords(fn, record, readTimeZone(fn, o['timeZone']), (settings) => kernel(settings, c));
  rejectTimeZoneForCounts(fn, o);
  checkKeys(record, FIELDS, issues);
  const counts = collectFields(record, { customersAtStart: COUNT, customersAtEnd: COUNT, newCustomers: COUNT }, [], issues);
  if (counts !== null) {
    const { customersAtStart: start, customersAtEnd: end, newCustomers: added } = counts;
    if (added > end) {
      issues.add({
        code: 'inconsistent',
        path: ['newCustomers'],
        input: added,
        detail: `newCustomers (${added}) cannot exceed customersAtEnd (${end}): the formula counts every new customer as still there at the end`,
      });
    } else if (end - added > start) {
      issues.add({
        code: 'inconsistent',
        path: ['customersAtEnd'],
        input: end,
        detail: `customersAtEnd − newCustomers (${end} − ${added} = ${end - added}) cannot exceed customersAtStart (${start})`,
      });
    }
  }
  issues.throwIfAny();
  const { customersAtStart, customersAtEnd, newCustomers } = counts as Record<(typeof FIELDS)[number], number>;
  return finish(customersAtStart, customersAtEnd, newCustomers, c);
}, retentionRateAccumulator);
