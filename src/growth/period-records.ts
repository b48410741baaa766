/**
 * The period record form shared by `retentionRate`, `churnRate`, `revenueChurn` and
 * `revenueRetention`: customers active at the start and end snapshots of a period, and the MRR of
 * those active at the start, counted in one pass by a mergeable accumulator.
 *
 * @module
 */
import { type IssueSpec } from '../core/errors.js';
import { type Kernel, requireAtMost, restoreCounts } from '../core/accumulator.js';
import { ExactSum, KpiDecimal } from '../core/decimal.js';
import { checkKeys } from '../core/money.js';
import { IssueCollector, fail, isRecord, readOptions } from '../core/validate.js';
import { type TimestampInput, readTimeZone } from '../time/timestamp.js';
import { type CustomerState, type JsonObject, customerKernel, restoreAmount, runCustomers } from './customer-accumulator.js';
import { type CustomerFields, type PeriodSnapshots, readSnapshots } from './customer.js';

/** The snapshots of the period, required by the accumulators of the period metrics. */
export interface PeriodAccumulatorOptions {
  /** The start snapshot S of the period. */
  readonly periodStart: TimestampInput;
  /** The end snapshot E of the period (not before `periodStart`). */
  readonly periodEnd: TimestampInput;
  /** IANA time zone in which timestamps without a zone are read. Default `'UTC'`. */
  readonly timeZone?: string;
}

/** Counts and MRR of one period from customer records. @internal */
export interface PeriodTotals {
  /** Active at the start snapshot S (startedAt ≤ S < endedAt). */
  readonly atStart: number;
  /** Active at the end snapshot E. */
  readonly atEnd: number;
  /** Active at S and at E. */
  readonly retained: number;
  /** Active at S, not at E (left in (S, E]). */
  readonly lost: number;
  /** Active at E, not at S: joined in (S, E] and still there. */
  readonly newActive: number;
  /** Σ mrr of the customers active at S (revenue metrics; else 0). */
  readonly startingMrr: KpiDecimal;
  /** Σ mrr of the customers active at S and not at E (revenue metrics; else 0). */
  readonly churnedMrr: KpiDecimal;
}

/** The state of a period accumulator. @internal */
export interface PeriodState {
  /** Valid records counted (active at S, at E, at both or at neither). */
  customerCount: number;
  atStart: number;
  atEnd: number;
  retained: number;
  readonly starting: ExactSum;
  readonly churned: ExactSum;
}

/** The validated settings shared by the period accumulators. @internal */
export interface PeriodSettings {
  readonly snapshots: PeriodSnapshots;
  readonly timeZone: string;
}

const COUNT_KEYS = ['customerCount', 'atStart', 'atEnd', 'retained'] as const;
const MONEY_KEYS = ['startingMrr', 'churnedMrr'] as const;

/** Restores the two MRR sums of a revenue state and checks them against the counts. */
function restoreMrr(json: Record<string, unknown>, st: PeriodState, issues: IssueCollector): void {
  const starting = restoreAmount(issues, json['startingMrr'], ['state', 'startingMrr']);
  const churned = restoreAmount(issues, json['churnedMrr'], ['state', 'churnedMrr']);
  if (starting === null || churned === null) return;
  const s = starting.toDecimal();
  const c = churned.toDecimal();
  const lost = st.atStart - st.retained;
  const inconsistent = (key: string, detail: string): void => issues.add({ code: 'inconsistent', path: ['state', key], input: json[key], detail });
  if (c.gt(s)) inconsistent('churnedMrr', `state.churnedMrr (${c.toFixed()}) cannot exceed state.startingMrr (${s.toFixed()})`);
  else if (st.atStart === 0 && !s.isZero()) inconsistent('startingMrr', `state.startingMrr (${s.toFixed()}) must be 0 when state.atStart is 0`);
  else if (lost === 0 && !c.isZero())
    inconsistent('churnedMrr', `state.churnedMrr (${c.toFixed()}) must be 0 when no customer was lost (state.atStart = state.retained)`);
  else if (st.retained === 0 && !c.eq(s))
    inconsistent('churnedMrr', `state.churnedMrr (${c.toFixed()}) must equal state.startingMrr (${s.toFixed()}) when no customer was retained`);
  st.starting.merge(starting);
  st.churned.merge(churned);
}

/**
 * The kernel of a period metric. With `revenue`, every customer active at S must carry `mrr`
 * (missing is not zero), the MRR at S and the MRR of the customers lost are summed exactly, and the
 * currency codes given must agree. Its JSON state: `{ customerCount, atStart, atEnd, retained }`, and
 * with `revenue` also `startingMrr`, `churnedMrr` (decimal strings) and `currencies`. @internal
 */
export function periodKernel<R>(
  metric: string,
  options: JsonObject,
  settings: PeriodSettings,
  revenue: boolean,
  finish: (t: PeriodTotals, currency: string | null) => R,
): Kernel<CustomerState<PeriodState>, R> {
  const { start: s, end: e } = settings.snapshots;
  return customerKernel<PeriodState, R>({
    metric,
    options,
    timeZone: settings.timeZone,
    money: revenue,
    keys: revenue ? [...COUNT_KEYS, ...MONEY_KEYS] : COUNT_KEYS,
    init: () => ({ customerCount: 0, atStart: 0, atEnd: 0, retained: 0, starting: new ExactSum(), churned: new ExactSum() }),
    add(st: PeriodState, c: CustomerFields, index: number): IssueSpec | null {
      const activeAtStart = c.start <= s && s < c.end;
      const activeAtEnd = c.start <= e && e < c.end;
      if (revenue && activeAtStart) {
        if (c.mrr === undefined) {
          return {
            code: 'missing',
            path: ['customers', index, 'mrr'],
            input: undefined,
            detail: `customers[${index}].mrr is required: ${metric} needs the MRR of every customer active at periodStart (a missing MRR is not 0)`,
          };
        }
        st.starting.add(c.mrr);
        if (!activeAtEnd) st.churned.add(c.mrr);
      }
      st.customerCount++;
      if (activeAtStart) st.atStart++;
      if (activeAtEnd) st.atEnd++;
      if (activeAtStart && activeAtEnd) st.retained++;
      return null;
    },
    merge(into, from) {
      into.customerCount += from.customerCount;
      into.atStart += from.atStart;
      into.atEnd += from.atEnd;
      into.retained += from.retained;
      into.starting.merge(from.starting);
      into.churned.merge(from.churned);
    },
    result: (st, currency) =>
      finish(
        {
          atStart: st.atStart,
          atEnd: st.atEnd,
          retained: st.retained,
          lost: st.atStart - st.retained,
          newActive: st.atEnd - st.retained,
          startingMrr: revenue ? st.starting.toDecimal() : new KpiDecimal(0),
          churnedMrr: revenue ? st.churned.toDecimal() : new KpiDecimal(0),
        },
        currency,
      ),
    toJSON: (st) => {
      const counts = { customerCount: st.customerCount, atStart: st.atStart, atEnd: st.atEnd, retained: st.retained };
      return revenue ? { ...counts, startingMrr: st.starting.toDecimal().toFixed(), churnedMrr: st.churned.toDecimal().toFixed() } : counts;
    },
    restore(json, issues) {
      const n = restoreCounts(json, COUNT_KEYS, issues);
      const st: PeriodState = { ...n, starting: new ExactSum(), churned: new ExactSum() };
      if (!issues.ok) return st;
      requireAtMost(issues, st.retained, 'state.retained', st.atStart, 'state.atStart', ['state', 'retained']);
      requireAtMost(issues, st.retained, 'state.retained', st.atEnd, 'state.atEnd', ['state', 'retained']);
      if (!issues.ok) return st;
      const active = st.atStart + st.atEnd - st.retained;
      requireAtMost(issues, active, 'the customers active at periodStart or periodEnd (atStart + atEnd − retained)', st.customerCount, 'state.customerCount', [
        'state',
        'customerCount',
      ]);
      if (revenue) restoreMrr(json, st, issues);
      return st;
    },
    counted: (st) => st.customerCount,
  });
}

/**
 * Reads the options of a period accumulator: `periodStart`, `periodEnd` (paths under `options`),
 * `timeZone`, and the metric's own keys (returned in `o` for the caller). @internal
 */
export function readPeriodAccumulatorOptions(
  fn: string,
  options: unknown,
  ownKeys: readonly string[],
): { readonly o: Record<string, unknown>; readonly settings: PeriodSettings } {
  if (!isRecord(options)) {
    return fail(fn, {
      code: options === undefined ? 'missing' : 'invalid_type',
      path: ['options'],
      input: options,
      expected: 'an options object like { periodStart, periodEnd }',
    });
  }
  const o = readOptions(fn, options, ['periodStart', 'periodEnd', 'timeZone', ...ownKeys]);
  const timeZone = readTimeZone(fn, o['timeZone']);
  return { o, settings: { snapshots: readSnapshots(fn, o, timeZone, ['options']), timeZone } };
}

/** The normalised, JSON-safe echo of period settings (merged with the metric's own). @internal */
export function periodOptionsEcho(settings: PeriodSettings, own: JsonObject): JsonObject {
  return Object.freeze({ periodStart: settings.snapshots.start, periodEnd: settings.snapshots.end, timeZone: settings.timeZone, ...own });
}

/**
 * Runs the record form `{ customers, periodStart, periodEnd }` of a period metric: checks the input
 * fields, reads the snapshots (zone-less strings in `timeZone`), and reduces the customers in one
 * pass of the accumulator engine. @internal
 */
export function runPeriodRecords<R>(
  fn: string,
  record: Record<string, unknown>,
  timeZone: string,
  kernelOf: (settings: PeriodSettings) => Kernel<CustomerState<PeriodState>, R>,
): R {
  const issues = new IssueCollector(fn);
  checkKeys(record, ['customers', 'periodStart', 'periodEnd'], issues);
  issues.throwIfAny();
  const settings = { snapshots: readSnapshots(fn, record, timeZone, []), timeZone };
  return runCustomers(fn, kernelOf(settings), record['customers']);
}

/** The counts form of a period metric reads no timestamps: a `timeZone` option there is a mistake. @internal */
export function rejectTimeZoneForCounts(fn: string, o: Record<string, unknown>): void {
  if (o['timeZone'] !== undefined) {
    fail(fn, {
      code: 'inconsistent',
      path: ['options', 'timeZone'],
      input: o['timeZone'],
      detail: 'options.timeZone has no meaning with the counts form (it reads the timestamps of customer records)',
    });
  }
}
