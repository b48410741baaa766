/**
 * Revenue (MRR) churn, gross and net.
 *
 * @module
 */
import { type MoneyInput, KpiDecimal } from '../core/decimal.js';
import { type KpiPath } from '../core/errors.js';
import { IssueCollector, fail, readOptions, requireInput, selectForm } from '../core/validate.js';
import { type CurrencyCode, CurrencyTracker, checkKeys, divide, freezeResult, readNonNegativeMoney } from '../core/money.js';
import { readTimeZone } from '../time/timestamp.js';
import { type AccumulatorFactory, type WithAccumulator, accumulatorFactory, withAccumulator } from '../core/accumulator.js';
import { type CustomerPeriodInput, type CustomerRecord } from './customer.js';
import {
  type PeriodAccumulatorOptions,
  type PeriodSettings,
  type PeriodTotals,
  periodKernel,
  periodOptionsEcho,
  readPeriodAccumulatorOptions,
  runPeriodRecords,
} from './period-records.js';

/** The amounts form of the input of {@link revenueChurn}: the MRR movements of one period, exact amounts. */
export interface RevenueChurnAmountsInput {
  /** Monthly recurring revenue at the start of the period (≥ 0). */
  readonly startingMrr: MoneyInput;
  /** MRR lost with customers who cancelled (≥ 0). */
  readonly churnedMrr: MoneyInput;
  /** MRR lost by downgrades of remaining customers (≥ 0). */
  readonly contractionMrr: MoneyInput;
  /** MRR gained by upgrades of existing customers (≥ 0). Default 0. */
  readonly expansionMrr?: MoneyInput;
  /** MRR regained from customers who had churned and came back (≥ 0). Default 0. */
  readonly reactivationMrr?: MoneyInput;
  /** ISO 4217 code of the amounts, echoed in the result. Optional. */
  readonly currency?: CurrencyCode | null;
}

/**
 * The input of {@link revenueChurn}: the MRR movements of one period, or customer records (each
 * active at `periodStart` with its `mrr`) with the period's start and end snapshots.
 */
export type RevenueChurnInput = RevenueChurnAmountsInput | CustomerPeriodInput;

/** Options of {@link revenueChurn}. */
export interface RevenueChurnOptions {
  /**
   * Record form only: IANA time zone in which timestamps without a zone (`"2024-05-01"`) are read.
   * Default `'UTC'`.
   */
  readonly timeZone?: string;
}

/** The result of {@link revenueChurn}. */
export interface RevenueChurnResult {
  /** Gross revenue churn (the same as `gross`); `null` (with a `reason`) when startingMrr is 0. */
  readonly value: number | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** (churned + contraction) / starting MRR, in [0, 1]; `null` when startingMrr is 0. */
  readonly gross: number | null;
  /**
   * (churned + contraction − expansion − reactivation) / starting MRR, at most 1 and negative when
   * expansion outweighs the losses ("negative churn"); `null` when startingMrr is 0.
   */
  readonly net: number | null;
  readonly startingMrr: KpiDecimal;
  readonly churnedMrr: KpiDecimal;
  readonly contractionMrr: KpiDecimal;
  readonly expansionMrr: KpiDecimal;
  readonly reactivationMrr: KpiDecimal;
  /** churned + contraction, exact. */
  readonly lostMrr: KpiDecimal;
  /** churned + contraction − expansion − reactivation, exact (negative for net expansion). */
  readonly netLostMrr: KpiDecimal;
  /** The currency of the amounts (the input's `currency`, or the customers' `currency`), when given; else `null`. */
  readonly currency: CurrencyCode | null;
}

/** The MRR amounts read exactly, the optional ones defaulting to 0. @internal */
export interface MrrMovements {
  readonly startingMrr: KpiDecimal;
  readonly churnedMrr: KpiDecimal;
  readonly contractionMrr: KpiDecimal;
  readonly expansionMrr: KpiDecimal;
  readonly reactivationMrr: KpiDecimal;
  /** The currency code given, or `null`. */
  readonly currency: CurrencyCode | null;
}

/** The input fields of the amounts forms. @internal */
export type MrrField = 'startingMrr' | 'churnedMrr' | 'contractionMrr' | 'expansionMrr' | 'reactivationMrr';

/**
 * Reads and checks MRR movements for `fn`: every amount a non-negative {@link MoneyInput}, no
 * unknown field, churned + contraction ≤ starting MRR, and (expansion + reactivation) / starting
 * MRR within the range of a number (so the net rates are finite). Throws every problem at once. @internal
 */
export function readMrrMovements(fn: string, record: Record<string, unknown>, fields: readonly MrrField[]): MrrMovements {
  const issues = new IssueCollector(fn);
  checkKeys(record, [...fields, 'currency'], issues);
  new CurrencyTracker(issues).see(record['currency'], ['currency']);
  const read = (key: MrrField, required: boolean): KpiDecimal | null => {
    const path: KpiPath = [key];
    if (!required && record[key] === undefined) return new KpiDecimal(0);
    return readNonNegativeMoney(record[key], path, issues);
  };
  const startingMrr = read('startingMrr', true);
  const churnedMrr = read('churnedMrr', true);
  const contractionMrr = read('contractionMrr', true);
  const expansionMrr = fields.includes('expansionMrr') ? read('expansionMrr', false) : new KpiDecimal(0);
  const reactivationMrr = fields.includes('reactivationMrr') ? read('reactivationMrr', false) : new KpiDecimal(0);
  if (startingMrr !== null && churnedMrr !== null && contractionMrr !== null) {
    const lost = churnedMrr.plus(contractionMrr);
    if (lost.gt(startingMrr)) {
      issues.add({
        code: 'inconsistent',
        path: ['churnedMrr'],
        input: record['churnedMrr'],
        detail: `churnedMrr + contractionMrr (${churnedMrr.toString()} + ${contractionMrr.toString()} = ${lost.toString()}) cannot exceed startingMrr (${startingMrr.toString()})`,
      });
    }
  }
  if (startingMrr !== null && expansionMrr !== null && reactivationMrr !== null && !startingMrr.isZero()) {
    // The net rates are plain numbers: gains beyond ~1.8e308 times the starting MRR have none.
    const gained = expansionMrr.plus(reactivationMrr);
    if (!Number.isFinite(gained.div(startingMrr).toNumber())) {
      issues.add({
        code: 'out_of_range',
        path: [expansionMrr.isZero() ? 'reactivationMrr' : 'expansionMrr'],
        input: record[expansionMrr.isZero() ? 'reactivationMrr' : 'expansionMrr'],
        detail: `expansionMrr + reactivationMrr (${gained.toString()}) is beyond the range of a number times startingMrr (${startingMrr.toString()}): the net rate would not be finite`,
      });
    }
  }
  issues.throwIfAny();
  const currency = (record['currency'] as CurrencyCode | null | undefined) ?? null;
  return { startingMrr, churnedMrr, contractionMrr, expansionMrr, reactivationMrr, currency } as MrrMovements;
}

const AMOUNT_FIELDS: readonly MrrField[] = ['startingMrr', 'churnedMrr', 'contractionMrr', 'expansionMrr', 'reactivationMrr'];
const RECORD_FIELDS = ['customers', 'periodStart', 'periodEnd'] as const;

/**
 * The body shared by revenueChurn and revenueRetention: the amounts form (`amountFields`, read by
 * {@link readMrrMovements}, then `finish`) or the record form (run through `kernelOf`), and their
 * one option `timeZone` (records only). @internal
 */
export function runMrrMetric<R>(
  fn: string,
  input: unknown,
  options: unknown,
  amountFields: readonly MrrField[],
  finish: (m: MrrMovements) => R,
  kernelOf: Parameters<typeof runPeriodRecords<R>>[3],
): R {
  const record = requireInput(fn, input);
  const form = selectForm(fn, record, [
    { name: 'amounts', fields: amountFields },
    { name: 'records', fields: RECORD_FIELDS },
  ]);
  const o = readOptions(fn, options, ['timeZone']);
  if (form === 'records') return runPeriodRecords(fn, record, readTimeZone(fn, o['timeZone']), kernelOf);
  rejectTimeZone(fn, o);
  return finish(readMrrMovements(fn, record, amountFields));
}

/** Rejects `options.timeZone` with the amounts form (it reads the timestamps of records). @internal */
export function rejectTimeZone(fn: string, o: Record<string, unknown>): void {
  if (o['timeZone'] !== undefined) {
    fail(fn, {
      code: 'inconsistent',
      path: ['options', 'timeZone'],
      input: o['timeZone'],
      detail: 'options.timeZone has no meaning with the amounts form (it reads the timestamps of customer records)',
    });
  }
}

/** Exact ratio as a number, or `null` when the denominator is 0. @internal */
export function rateOf(numerator: KpiDecimal, denominator: KpiDecimal): number | null {
  const q = divide(numerator, denominator);
  return q === null ? null : q.toNumber();
}

/** The result from exact movements. */
function finish(m: MrrMovements): RevenueChurnResult {
  const lostMrr = m.churnedMrr.plus(m.contractionMrr);
  const netLostMrr = lostMrr.minus(m.expansionMrr).minus(m.reactivationMrr);
  const gross = rateOf(lostMrr, m.startingMrr);
  return freezeResult({
    value: gross,
    reason: gross === null ? 'no starting MRR: the revenue churn rate is undefined' : null,
    gross,
    net: rateOf(netLostMrr, m.startingMrr),
    startingMrr: m.startingMrr,
    churnedMrr: m.churnedMrr,
    contractionMrr: m.contractionMrr,
    expansionMrr: m.expansionMrr,
    reactivationMrr: m.reactivationMrr,
    lostMrr,
    netLostMrr,
    currency: m.currency,
  });
}

/** The movements of the record form: no contraction, expansion or reactivation. @internal */
export function recordMovements(t: PeriodTotals, currency: string | null): MrrMovements {
  const zero = new KpiDecimal(0);
  return { startingMrr: t.startingMrr, churnedMrr: t.churnedMrr, contractionMrr: zero, expansionMrr: zero, reactivationMrr: zero, currency };
}

function kernel(settings: PeriodSettings) {
  return periodKernel('revenueChurn', periodOptionsEcho(settings, {}), settings, true, (t, currency) => finish(recordMovements(t, currency)));
}

/** Options of {@link revenueChurnAccumulator} (and of `revenueRetentionAccumulator`): the period's snapshots and `timeZone`. */
export type RevenueChurnAccumulatorOptions = PeriodAccumulatorOptions;

/**
 * Mergeable accumulator of the record form of {@link revenueChurn}, with the contract shared by
 * every accumulator of kpi-kit (`create`, `add`, `addAll`, `merge`, `result`, `toJSON`,
 * `fromJSON`; also `revenueChurn.accumulator`). The period's snapshots are options; its state is
 * four counts (`customers`, `atStart`, `atEnd`, `retained`), two exact sums (`startingMrr`,
 * `churnedMrr`, decimal strings in JSON) and `currencies` (for each currency code given with an
 * `mrr`, the index and `customerId` of its first record, so that mixed currencies are reported as
 * the function reports them). Its result equals `revenueChurn({ customers, periodStart, periodEnd
 * }, { timeZone })` over every record added and merged, in any split and order, through JSON or
 * not.
 *
 * Options are normalised (`periodStart` and `periodEnd` as epoch ms, `timeZone` `'UTC'` by
 * default) and travel in `toJSON()`, so `fromJSON(json)` takes the state alone.
 *
 * @throws {@link KpiInputError} from `create` when `periodStart` or `periodEnd` is missing or
 *   invalid, periodEnd is before periodStart, or an option is unknown; from `result()` when a
 *   record was invalid (a customer active at periodStart without `mrr` included) or the currency
 *   codes differ, every problem listed by its record's index in the combined order, as
 *   `revenueChurn` throws it; from `merge` (`'incompatible'`) when the other accumulator was made
 *   with other options; from `fromJSON` when the state is not a valid one (its options not
 *   normalised, a count negative or not an integer, an amount that is not a non-negative decimal
 *   string, `churnedMrr` above `startingMrr`, ...).
 * @see docs/metrics.md#growth-accumulators
 *
 * @example
 * ```ts
 * import { revenueChurnAccumulator } from 'kpi-kit';
 *
 * const acc = revenueChurnAccumulator.create({ periodStart: '2024-04-01', periodEnd: '2024-07-01' });
 * acc.addAll([{ startedAt: '2024-01-15', mrr: 0.1 }, { startedAt: '2024-02-01', endedAt: '2024-05-10', mrr: 0.2, currency: 'EUR' }]);
 * acc.result().startingMrr.toString(); // '0.3'
 * acc.result().currency; // 'EUR'
 * JSON.stringify(acc.toJSON().state); // '{"customerCount":2,"atStart":2,"atEnd":1,"retained":1,"startingMrr":"0.3","churnedMrr":"0.2","currencies":{"EUR":{"index":1,"customerId":null}}}'
 * ```
 */
export const revenueChurnAccumulator: AccumulatorFactory<RevenueChurnAccumulatorOptions, RevenueChurnResult, CustomerRecord> =
  /* @__PURE__ */ accumulatorFactory('revenueChurn', (options, fn) => kernel(readPeriodAccumulatorOptions(fn, options, []).settings));

/**
 * Revenue churn: the monthly recurring revenue (MRR) lost in a period, as a fraction of the MRR at
 * its start. Gross churn counts only losses (cancellations and downgrades); net churn subtracts
 * what existing customers added (upgrades) and what returning customers brought back.
 *
 * Formulas: gross = (churned + contraction MRR) / starting MRR; net = (churned + contraction −
 * expansion − reactivation MRR) / starting MRR. `value` is the gross rate.
 *
 * Exact: the amounts are read as Decimals (`0.1` is exactly 0.1, strings and Decimals keep every
 * digit), summed and divided with 60 significant digits; the rates are then given as plain numbers
 * (fractions) by one rounding (`toNumber()`), the amounts as Decimals.
 *
 * Record form: `{ customers, periodStart, periodEnd }` with customers `{ startedAt, endedAt?, mrr?,
 * currency? }`, each active from `startedAt` (included) to `endedAt` (excluded), and `mrr` taken as
 * the customer's MRR for the whole relationship. Starting MRR = Σ mrr of the customers active at
 * `periodStart`; churned MRR = Σ mrr of those of them not active at `periodEnd`. This form knows
 * no contraction, expansion or reactivation (a customer's MRR does not change), so they are 0 and
 * net churn equals gross churn; for those movements pass the amounts form. Every customer active
 * at `periodStart` must carry `mrr` (a missing MRR is not 0: `missing` at `customers[i].mrr`); the
 * others need none. The sums are exact at any size (one pass, integer minor units). The result
 * equals the amounts form given those sums. Also as an accumulator: `revenueChurn.accumulator`.
 *
 * @param input - {@link RevenueChurnInput}: `{ startingMrr, churnedMrr, contractionMrr,
 *   expansionMrr?, reactivationMrr?, currency? }` as numbers, decimal strings or Decimals, or
 *   `{ customers, periodStart, periodEnd }` (customer records with `mrr`).
 * @param options - {@link RevenueChurnOptions}: `timeZone` (`'UTC'`, record form).
 * @returns A {@link RevenueChurnResult}; the rates are `null` (with a `reason`) when startingMrr is 0.
 * @throws {@link KpiInputError} when an amount is missing, negative or not a valid
 *   {@link MoneyInput}, a field is unknown, churned + contraction exceeds the starting MRR
 *   (`inconsistent`), a currency code is invalid or the customers' codes differ, fields of both
 *   forms are mixed (`ambiguous`), a customer record is malformed (path `customers[i].field`), a
 *   customer active at periodStart has no `mrr`, periodEnd is before periodStart, or an option is
 *   invalid.
 * @see docs/metrics.md#revenuechurn-and-revenueretention (SaaS practice).
 *
 * @example
 * ```ts
 * import { revenueChurn } from 'kpi-kit';
 *
 * const r = revenueChurn({ startingMrr: 100, churnedMrr: 15, contractionMrr: 5, expansionMrr: 10 });
 * r.value; // 0.2
 * r.gross; // 0.2
 * r.net; // 0.1
 * r.netLostMrr.toString(); // '10'
 * revenueChurn({ startingMrr: '0.3', churnedMrr: '0.1', contractionMrr: '0.2' }).gross; // 1
 *
 * const customers = [
 *   { customerId: 'a', startedAt: '2024-01-15', mrr: 60 },
 *   { customerId: 'b', startedAt: '2024-02-01', endedAt: '2024-05-10', mrr: '40.00' },
 *   { customerId: 'c', startedAt: '2024-04-02', mrr: 25 },
 * ];
 * const q = revenueChurn({ customers, periodStart: '2024-04-01', periodEnd: '2024-07-01' });
 * q.startingMrr.toString(); // '100'
 * q.value; // 0.4
 * ```
 */
export const revenueChurn: WithAccumulator<(input: RevenueChurnInput, options?: RevenueChurnOptions) => RevenueChurnResult, typeof revenueChurnAccumulator> =
  /* @__PURE__ */ withAccumulator(function revenueChurn(input: RevenueChurnInput, options?: RevenueChurnOptions): RevenueChurnResult {
    return runMrrMetric('revenueChurn', input, options, AMOUNT_FIELDS, finish, kernel);
  }, revenueChurnAccumulator);
