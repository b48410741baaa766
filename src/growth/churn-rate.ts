/**
 * Customer churn rate.
 *
 * @module
 */
import { KpiDecimal } from '../core/decimal.js';
import { type Interval, makeResult } from '../core/result.js';
import { zForConfidence } from '../core/stats/normal.js';
import { wilsonInterval } from '../core/stats/proportion.js';
import { CONFIDENCE, COUNT, IssueCollector, collectFields, oneOf, readOptions, requireInput, selectForm } from '../core/validate.js';
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

/** The counts form of the input of {@link churnRate}. */
export interface ChurnRateCountsInput {
  /** Customers at the start of the period (a non-negative integer). */
  readonly customersAtStart: number;
  /** Customers of the start lost during the period (a non-negative integer ≤ customersAtStart). */
  readonly customersLost: number;
  /** Customers at the end of the period; required by the `'average'` method. */
  readonly customersAtEnd?: number;
}

/**
 * The input of {@link churnRate}: the customer counts of one period, or customer records with the
 * period's start and end snapshots.
 */
export type ChurnRateInput = ChurnRateCountsInput | CustomerPeriodInput;

/** The denominator of {@link churnRate}: customers at start, or the average of start and end. */
export type ChurnRateMethod = 'start' | 'average';

/** Options of {@link churnRate}. */
export interface ChurnRateOptions {
  /**
   * `'start'` (default): customers lost / customers at start; `'average'`: customers lost /
   * ((customers at start + customers at end) / 2).
   */
  readonly method?: ChurnRateMethod;
  /** Confidence level of the Wilson interval (method `'start'`), strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
  /**
   * Record form only: IANA time zone in which timestamps without a zone (`"2024-05-01"`) are read.
   * Default `'UTC'`.
   */
  readonly timeZone?: string;
}

/** The result of {@link churnRate}. */
export interface ChurnRateResult {
  /** Customers lost / denominator; `null` (with a `reason`) when the denominator is 0. */
  readonly value: number | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** The method used. */
  readonly method: ChurnRateMethod;
  readonly customersLost: number;
  readonly customersAtStart: number;
  /** Customers at the end, when given; else `null`. */
  readonly customersAtEnd: number | null;
  /** What `customersLost` was divided by: customers at start, or (start + end) / 2. */
  readonly denominator: number;
  /**
   * Wilson score interval of the rate for method `'start'` (lost of customers at start); `null`
   * for `'average'` (not a share of a count) and when the denominator is 0.
   */
  readonly interval: Interval | null;
  readonly confidence: number;
}

/** Options of {@link churnRateAccumulator}: the period's snapshots, `method`, `confidence` and `timeZone`. */
export interface ChurnRateAccumulatorOptions extends PeriodAccumulatorOptions {
  /** `'start'` (default) or `'average'`, as for {@link churnRate}. */
  readonly method?: ChurnRateMethod;
  /** Confidence level of the Wilson interval (method `'start'`), strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
}

const FIELDS = ['customersAtStart', 'customersLost', 'customersAtEnd'] as const;
const RECORD_FIELDS = ['customers', 'periodStart', 'periodEnd'] as const;
const METHOD_RULE = oneOf(['start', 'average']);

/** Reads `method` and `confidence` (defaults `'start'`, 0.95) into `issues`. */
function readSettings(o: Record<string, unknown>, issues: IssueCollector): { readonly method: ChurnRateMethod; readonly confidence: number } {
  const method = (o['method'] ?? 'start') as ChurnRateMethod;
  const confidence = (o['confidence'] ?? 0.95) as number;
  issues.check(method, METHOD_RULE, ['options', 'method']);
  issues.check(confidence, CONFIDENCE, ['options', 'confidence']);
  return { method, confidence };
}

function finish(method: ChurnRateMethod, customersAtStart: number, customersLost: number, customersAtEnd: number | null, c: number): ChurnRateResult {
  if (method === 'start') {
    return makeResult(customersAtStart === 0 ? null : customersLost / customersAtStart, {
      reason: customersAtStart === 0 ? 'no customers at start: the churn rate is undefined' : null,
      method,
      customersLost,
      customersAtStart,
      customersAtEnd,
      denominator: customersAtStart,
      interval: wilsonInterval(customersLost, customersAtStart, zForConfidence(c)),
      confidence: c,
    });
  }
  const average = new KpiDecimal(customersAtStart).plus(customersAtEnd as number).div(2);
  const empty = average.isZero();
  return makeResult(empty ? null : new KpiDecimal(customersLost).div(average).toNumber(), {
    reason: empty ? 'no customers at start or end: the churn rate is undefined' : null,
    method,
    customersLost,
    customersAtStart,
    customersAtEnd,
    denominator: average.toNumber(),
    interval: null,
    confidence: c,
  });
}

function kernel(settings: PeriodSettings, method: ChurnRateMethod, confidence: number) {
  return periodKernel('churnRate', periodOptionsEcho(settings, { method, confidence }), settings, false, (t) =>
    finish(method, t.atStart, t.lost, t.atEnd, confidence),
  );
}

/**
 * Mergeable accumulator of the record form of {@link churnRate}, with the contract shared by every
 * accumulator of kpi-kit (`create`, `add`, `addAll`, `merge`, `result`, `toJSON`, `fromJSON`; also
 * `churnRate.accumulator`). The period's snapshots are options; its state is four counts
 * (`{ customerCount, atStart, atEnd, retained }`: valid records, those active at `periodStart`, at
 * `periodEnd`, and at both). Its result equals `churnRate({ customers, periodStart, periodEnd },
 * { method, confidence, timeZone })` over every record added and merged, in any split and order,
 * through JSON or not.
 *
 * Options are normalised (`periodStart` and `periodEnd` as epoch ms; defaults `timeZone: 'UTC'`,
 * `method: 'start'`, `confidence: 0.95` filled in) and travel in `toJSON()`, so `fromJSON(json)`
 * takes the state alone; accumulators of different options do not merge.
 *
 * @throws {@link KpiInputError} from `create` when `periodStart` or `periodEnd` is missing or
 *   invalid, periodEnd is before periodStart, `method` or `confidence` is invalid, or an option is
 *   unknown; from `result()` when a record was invalid (every invalid record listed by its index
 *   in the combined order, as `churnRate` throws it); from `merge` (`'incompatible'`) when the
 *   other accumulator was made with other options; from `fromJSON` when the state is not a valid
 *   one (its options not normalised, a count negative or not an integer, `retained` above
 *   `atStart` or `atEnd`, ...).
 * @see docs/metrics.md#growth-accumulators
 *
 * @example
 * ```ts
 * import { churnRateAccumulator } from 'kpi-kit';
 *
 * const acc = churnRateAccumulator.create({ periodStart: '2024-04-01', periodEnd: '2024-07-01' });
 * acc.add({ customerId: 'a', startedAt: '2024-01-15' });
 * acc.add({ customerId: 'b', startedAt: '2024-02-01', endedAt: '2024-05-10' });
 * acc.result().value; // 0.5
 * JSON.stringify(acc.toJSON().state); // '{"customerCount":2,"atStart":2,"atEnd":1,"retained":1}'
 * acc.toJSON().options.method; // 'start'
 * ```
 */
export const churnRateAccumulator: AccumulatorFactory<ChurnRateAccumulatorOptions, ChurnRateResult, CustomerRecord> = /* @__PURE__ */ accumulatorFactory(
  'churnRate',
  (options, fn) => {
    const { o, settings } = readPeriodAccumulatorOptions(fn, options, ['method', 'confidence']);
    const issues = new IssueCollector(fn);
    const { method, confidence } = readSettings(o, issues);
    issues.throwIfAny();
    return kernel(settings, method, confidence);
  },
);

/**
 * Customer churn rate: the customers lost during a period, relative to the customers the period
 * started with (default) or to the average customer count of the period.
 *
 * Formulas: `'start'` (default): churn = customers lost / customers at start,
 * a share in [0, 1], with a Wilson score interval; `'average'`: churn = customers lost /
 * ((customers at start + customers at end) / 2), which is not a share of a count and exceeds 1
 * when more customers are lost than the period held on average (no interval).
 *
 * The value is a plain number computed from exact arithmetic (integer counts; the average
 * denominator with Decimals), then rounded once to a number. For revenue (MRR) churn see
 * `revenueChurn`. With no new customers, `churnRate` (`'start'`) = 1 − `retentionRate`.
 *
 * Record form: `{ customers, periodStart, periodEnd }` with customers `{ startedAt, endedAt? }`,
 * each active from `startedAt` (included) to `endedAt` (excluded): customers at start are those
 * active at the instant `periodStart`, customers at end those active at `periodEnd`, and customers
 * lost those active at the start but not at the end. The result equals the counts form given those
 * counts. A customer who joined and left within the period is not counted as lost. Records may
 * carry `customerId` (named in error messages) and `mrr` / `currency` (checked, not used here; see
 * `revenueChurn`). Also as a mergeable accumulator: `churnRate.accumulator`
 * ({@link churnRateAccumulator}).
 *
 * @param input - {@link ChurnRateInput}: `{ customersAtStart, customersLost, customersAtEnd? }`, or
 *   `{ customers, periodStart, periodEnd }` (customer records).
 * @param options - {@link ChurnRateOptions}: `method` (`'start'`), `confidence` (0.95), `timeZone`
 *   (`'UTC'`, record form).
 * @returns A {@link ChurnRateResult}; `value` is `null` (with a `reason`) when the denominator is 0.
 * @throws {@link KpiInputError} when a count is missing or not a non-negative integer (a negative
 *   customersAtEnd included), a field is unknown, customersLost exceeds customersAtStart,
 *   customersAtEnd is below customersAtStart − customersLost (`inconsistent`), customersAtEnd is
 *   missing with method `'average'`, fields of both forms are mixed (`ambiguous`), a customer
 *   record is malformed (path `customers[i].field`), periodEnd is before periodStart, or an option
 *   is invalid.
 * @see docs/metrics.md#retentionrate-and-churnrate.
 *
 * @example
 * ```ts
 * import { churnRate } from 'kpi-kit';
 *
 * churnRate({ customersAtStart: 200, customersLost: 30 }).value; // 0.15
 * const r = churnRate({ customersAtStart: 200, customersLost: 30, customersAtEnd: 210 }, { method: 'average' });
 * r.denominator; // 205
 * r.value; // ≈ 0.1463
 * churnRate({ customersAtStart: 0, customersLost: 0 }).reason; // 'no customers at start: the churn rate is undefined'
 *
 * const customers = [{ startedAt: '2024-01-15' }, { startedAt: '2024-02-01', endedAt: '2024-05-10' }, { startedAt: '2024-04-02' }];
 * churnRate({ customers, periodStart: '2024-04-01', periodEnd: '2024-07-01' }).value; // 0.5
 * ```
 */
export const churnRate: WithAccumulator<(input: ChurnRateInput, options?: ChurnRateOptions) => ChurnRateResult, typeof churnRateAccumulator> =
  /* @__PURE__ */ withAccumulator(function churnRate(input: ChurnRateInput, options?: ChurnRateOptions): ChurnRateResult {
    const fn = 'churnRate';
    const record = requireInput(fn, input);
    const form = selectForm(fn, record, [
      { name: 'counts', fields: FIELDS },
      { name: 'records', fields: RECORD_FIELDS },
    ]);
    const o = readOptions(fn, options, ['method', 'confidence', 'timeZone']);
    const issues = new IssueCollector(fn);
    const { method, confidence } = readSettings(o, issues);
    if (form === 'records') {
      issues.throwIfAny();
      return runPeriodRecords(fn, record, readTimeZone(fn, o['timeZone']), (settings) => kernel(settings, method, confidence));
    }
    rejectTimeZoneForCounts(fn, o);
    checkKeys(record, FIELDS, issues);
    const counts = collectFields(record, { customersAtStart: COUNT, customersLost: COUNT }, [], issues);
    const endGiven = record['customersAtEnd'] !== undefined;
    const endOk = endGiven ? issues.check(record['customersAtEnd'], COUNT, ['customersAtEnd']) : true;
    if (!endGiven && method === 'average') {
      issues.add({
        code: 'missing',
        path: ['customersAtEnd'],
        input: undefined,
        detail: "customersAtEnd is required by method 'average' (a non-negative integer)",
      });
    }
    if (counts !== null) {
      const { customersAtStart: start, customersLost: lost } = counts;
      if (lost > start) {
        issues.add({ code: 'inconsistent', path: ['customersLost'], input: lost, detail: `customersLost (${lost}) cannot exceed customersAtStart (${start})` });
      } else if (endGiven && endOk && (record['customersAtEnd'] as number) < start - lost) {
        const end = record['customersAtEnd'] as number;
        issues.add({
          code: 'inconsistent',
          path: ['customersAtEnd'],
          input: end,
          detail: `customersAtEnd (${end}) cannot be below customersAtStart − customersLost (${start} − ${lost} = ${start - lost})`,
        });
      }
    }
    issues.throwIfAny();
    const { customersAtStart, customersLost } = counts as { customersAtStart: number; customersLost: number };
    const customersAtEnd = endGiven ? (record['customersAtEnd'] as number) : null;
    return finish(method, customersAtStart, customersLost, customersAtEnd, confidence);
  }, churnRateAccumulator);
