/**
 * The period record form shared by `retentionRate`, `churnRate`, `revenueChurn` and
 * `revenueRetention`: customers active at the start and end snapshots of a period, and the MRR of
 * those active at the start, counted in one pass by a mergeable accumulator.
 *
 * @module
 */
import { type IssueSpec } from '../core/errors.js';
import { ExactSum, KpiDecimal } from '../core/decimal.js';
import { checkKeys } from '../core/money.js';
import { IssueCollector, fail, isRecord, readOptions } from '../core/validate.js';
import { type TimestampInput, readTimeZone } from '../time/timestamp.js';
import { type CustomerHooks, CustomerEngine, restoreCount } from './customer-accumulator.js';
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

/** An exact, non-negative decimal string of a JSON state, or `null` (issue recorded). */
function restoreAmount(issues: IssueCollector, value: unknown, path: (string | number)[]): ExactSum | null {
  const sum = new ExactSum();
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return sum.add(value);
  issues.add({ code: 'invalid_value', path, input: value, expected: 'a non-negative decimal string like "1234.56"' });
  return null;
}

/**
 * The hooks of a period metric. With `revenue`, every customer active at S must carry `mrr`
 * (missing is not zero), and the MRR at S and the MRR of the customers lost are summed exactly.
 * @internal
 */
export function periodHooks<R>(
  metric: string,
  options: Readonly<Record<string, unknown>>,
  settings: PeriodSettings,
  revenue: boolean,
  finish: (t: PeriodTotals, currency: string | null) => R,
): CustomerHooks<PeriodState, R> {
  const { start: s, end: e } = settings.snapshots;
  return {
    metric,
    options,
    timeZone: settings.timeZone,
    money: revenue,
    init: () => ({ atStart: 0, atEnd: 0, retained: 0, starting: new ExactSum(), churned: new ExactSum() }),
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
      if (activeAtStart) st.atStart++;
      if (activeAtEnd) st.atEnd++;
      if (activeAtStart && activeAtEnd) st.retained++;
      return null;
    },
    merge(into, from) {
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
      const counts = { atStart: st.atStart, atEnd: st.atEnd, retained: st.retained };
      return revenue ? { ...counts, startingMrr: st.starting.toDecimal().toFixed(), churnedMrr: st.churned.toDecimal().toFixed() } : counts;
    },
    restore(json, issues) {
      const o = isRecord(json) ? json : {};
      if (!isRecord(json)) issues.add({ code: 'invalid_type', path: ['state'], input: json, expected: 'an object of counts' });
      const st: PeriodState = {
        atStart: restoreCount(issues, o['atStart'], ['state', 'atStart']),
        atEnd: restoreCount(issues, o['atEnd'], ['state', 'atEnd']),
        retained: restoreCount(issues, o['retained'], ['state', 'retained']),
        starting: new ExactSum(),
        churned: new ExactSum(),
      };
      if (st.retained > st.atStart || st.retained > st.atEnd) {
        issues.add({ code: 'inconsistent', path: ['state', 'retained'], input: o['retained'], detail: `state.retained (${st.retained}) cannot exceed state.atStart (${st.atStart}) or state.atEnd (${st.atEnd})` });
      }
      if (revenue) {
        const starting = restoreAmount(issues, o['startingMrr'], ['state', 'startingMrr']);
        const churned = restoreAmount(issues, o['churnedMrr'], ['state', 'churnedMrr']);
        if (starting !== null && churned !== null) {
          if (churned.toDecimal().gt(starting.toDecimal())) {
            issues.add({ code: 'inconsistent', path: ['state', 'churnedMrr'], input: o['churnedMrr'], detail: 'state.churnedMrr cannot exceed state.startingMrr' });
          }
          st.starting.merge(starting);
          st.churned.merge(churned);
        }
      }
      return st;
    },
  };
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
    return fail(fn, { code: options === undefined ? 'missing' : 'invalid_type', path: ['options'], input: options, expected: 'an options object like { periodStart, periodEnd }' });
  }
  const o = readOptions(fn, options, ['periodStart', 'periodEnd', 'timeZone', ...ownKeys]);
  const timeZone = readTimeZone(fn, o['timeZone']);
  return { o, settings: { snapshots: readSnapshots(fn, o, timeZone, ['options']), timeZone } };
}

/** The normalised, JSON-safe echo of period settings (merged with the metric's own). @internal */
export function periodOptionsEcho(settings: PeriodSettings, own: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  return Object.freeze({ periodStart: settings.snapshots.start, periodEnd: settings.snapshots.end, timeZone: settings.timeZone, ...own });
}

/**
 * Runs the record form `{ customers, periodStart, periodEnd }` of a period metric: checks the input
 * fields, reads the snapshots (zone-less strings in `timeZone`), and reduces the customers in one
 * pass. @internal
 */
export function runPeriodRecords<R>(
  fn: string,
  record: Record<string, unknown>,
  timeZone: string,
  hooksOf: (settings: PeriodSettings) => CustomerHooks<PeriodState, R>,
): R {
  const issues = new IssueCollector(fn);
  checkKeys(record, ['customers', 'periodStart', 'periodEnd'], issues);
  issues.throwIfAny();
  const settings = { snapshots: readSnapshots(fn, record, timeZone, []), timeZone };
  return new CustomerEngine(hooksOf(settings)).addAll(record['customers'] as readonly unknown[]).result();
}
