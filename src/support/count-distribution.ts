/**
 * The engine shared by the per-ticket count metrics (replies, reopens): the distribution of one
 * count field over tickets — n, mean, median, percentiles (R type 7), min, max, total, the tickets
 * with zero and with at least one, and the histogram. Its state is the histogram itself (value →
 * tickets), the sufficient statistic of every figure: merging adds histograms, exactly.
 *
 * @module
 */
import { COUNT, IssueCollector, checkLength, fail, isArrayLike, isRecord, requireInput, selectForm } from '../core/validate.js';
import { withColumns } from '../records/columns.js';
import { TICKET_KIND } from '../records/tickets.js';
import { deepFreeze } from '../core/result.js';
import { type RecordExcluded, type RecordMetricSpec, readRecordSettings, recordAccumulatorFactory, runRecordMetric } from './record-metric.js';
import { type Ticket, type TicketField, type TicketOptions, type TicketSettings, type TicketColumns } from './ticket.js';
import { percentileKey, readPercentiles } from './durations.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** The ticket fields of the count metrics. */
export type CountField = 'replyCount' | 'reopenCount';

/** Options of the count metrics. */
export interface CountDistributionOptions extends TicketOptions {
  /**
   * Percentiles to report, in percent, strictly between 0 and 100 (as `numpy.percentile`), keyed
   * `p90` in the result, R type 7 (as the duration metrics); at most 100. Default `[90]`. The
   * median is always given.
   */
  readonly percentiles?: readonly number[];
}

/**
 * Input of a count metric: tickets; a column of counts; or the histogram (tickets per count, as a
 * `GROUP BY` gives it or a result holds it: the sufficient statistic of every figure). With the
 * last two, `unmeasured` is the number of tickets without a count.
 */
export type CountDistributionInput =
  | ({ readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns })
  | { readonly counts: ArrayLike<number>; readonly unmeasured?: number }
  | { readonly histogram: readonly CountBin[]; readonly unmeasured?: number };

/** How many tickets have a property, and their share of the measured tickets (`null` when none was measured). */
export interface CountShare {
  readonly count: number;
  readonly share: number | null;
}

/** One bar of a count histogram: how many tickets had this count. */
export interface CountBin {
  readonly value: number;
  readonly count: number;
}

/** Result of a count metric: the distribution of the count over the measured tickets. */
export interface CountDistributionResult {
  /** Mean count per measured ticket (total / n); `null` (with a `reason`) when no ticket was measured. */
  readonly value: number | null;
  /** Why `value` is `null`; `null` when there is a value. */
  readonly reason: string | null;
  /** Tickets measured (with the count). */
  readonly n: number;
  /** Same as `value`. */
  readonly mean: number | null;
  /** Median count (R type 7: the mean of the two middle counts when n is even). */
  readonly median: number | null;
  /** The percentiles asked for, keyed `p90`, ... (R type 7). */
  readonly percentiles: Readonly<Record<string, number | null>>;
  readonly min: number | null;
  readonly max: number | null;
  /** Sum of the counts (e.g. every reply of the measured tickets). */
  readonly total: number;
  /** Measured tickets whose count is 0. */
  readonly zero: CountShare;
  /** Measured tickets whose count is 1 or more. */
  readonly atLeastOne: CountShare;
  /** Tickets per count, ascending by count; counts no ticket had are left out. */
  readonly histogram: readonly CountBin[];
  /** Tickets left out: `unmeasured` (no count) and invalid ones. */
  readonly excluded: RecordExcluded & { readonly unmeasured: number };
}

/** What a count metric plugs into the engine. @internal */
export interface CountMetricSpec {
  readonly metric: string;
  readonly field: CountField;
  /** Reads the field (a named property read: the hot loop's access stays monomorphic). */
  get(t: Record<string, unknown>): unknown;
  /** What is counted, for the `reason` sentence ("replies", "reopens"). */
  readonly noun: string;
}

interface Settings extends TicketSettings {
  readonly percentiles: readonly number[];
}

/** Counts below this are tallied in an array; larger ones in a map. */
const SMALL = 64;

/** The state: tickets per count (the histogram), and the tickets without one. */
interface State {
  readonly small: Float64Array;
  readonly large: Map<number, number>;
  unmeasured: number;
}

function init(): State {
  return { small: new Float64Array(SMALL), large: new Map<number, number>(), unmeasured: 0 };
}

function tally(state: State, v: number, k: number): void {
  if (v < SMALL) state.small[v] = (state.small[v] as number) + k;
  else state.large.set(v, (state.large.get(v) ?? 0) + k);
}

/** The histogram, ascending. */
function bins(state: State): CountBin[] {
  const out: CountBin[] = [];
  for (let v = 0; v < SMALL; v++) if ((state.small[v] as number) > 0) out.push({ value: v, count: state.small[v] as number });
  const large = [...state.large.entries()].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  for (const [value, count] of large) out.push({ value, count });
  return out;
}

/** The value of order statistic `k` (0-based) of the histogram `h` (ascending). */
function orderStatistic(h: readonly CountBin[], k: number): number {
  let seen = 0;
  for (const bin of h) {
    seen += bin.count;
    if (k < seen) return bin.value;
  }
  throw new Error('kpi-kit internal error: order statistic beyond the sample');
}

/** R type 7 quantile of the histogram (n ≥ 1): x₍lo₎ + (h − lo)·(x₍lo+1₎ − x₍lo₎), h = (n − 1)·p. */
function quantileOf(h: readonly CountBin[], n: number, p: number): number {
  const at = (n - 1) * p;
  const lo = Math.floor(at);
  const frac = at - lo;
  const xlo = orderStatistic(h, lo);
  if (frac === 0 || lo + 1 >= n) return xlo;
  const xhi = orderStatistic(h, lo + 1);
  return Math.min(Math.max(xlo + frac * (xhi - xlo), xlo), xhi);
}

/** The result of a histogram (before the engine adds the invalid tickets). */
function finish(
  spec: CountMetricSpec,
  state: State,
  percentiles: readonly number[],
): Omit<CountDistributionResult, 'excluded'> & { excluded: { unmeasured: number } } {
  const h = bins(state);
  let n = 0;
  let total = 0;
  let big: bigint | null = null;
  for (const { value, count } of h) {
    n += count;
    const product = value * count;
    if (big === null && Number.isSafeInteger(product) && Number.isSafeInteger(total + product)) total += product;
    else big = (big ?? BigInt(total)) + BigInt(value) * BigInt(count);
  }
  // Exact while the sum is a safe integer; beyond 2^53, the exact sum rounded once.
  if (big !== null) total = Number(big);
  const zero = h.length > 0 && (h[0] as CountBin).value === 0 ? (h[0] as CountBin).count : 0;
  const mean = n === 0 ? null : total / n;
  const byKey: Record<string, number | null> = {};
  for (const p of percentiles) byKey[percentileKey(p)] = n === 0 ? null : quantileOf(h, n, p / 100);
  return {
    value: mean,
    reason: n === 0 ? `no tickets with a ${spec.field}: the mean ${spec.noun} per ticket is undefined` : null,
    n,
    mean,
    median: n === 0 ? null : quantileOf(h, n, 0.5),
    percentiles: byKey,
    min: n === 0 ? null : (h[0] as CountBin).value,
    max: n === 0 ? null : (h[h.length - 1] as CountBin).value,
    total,
    zero: { count: zero, share: n === 0 ? null : zero / n },
    atLeastOne: { count: n - zero, share: n === 0 ? null : (n - zero) / n },
    histogram: h,
    excluded: { unmeasured: state.unmeasured },
  };
}

function restoreState(json: unknown, issues: IssueCollector): State {
  const state = init();
  if (!isRecord(json)) {
    issues.add({ code: 'invalid_type', path: ['state'], input: json, expected: '{ histogram, unmeasured }' });
    return state;
  }
  const histogram = json['histogram'];
  if (!Array.isArray(histogram)) {
    issues.add({ code: 'invalid_type', path: ['state', 'histogram'], input: histogram, expected: 'an array of [count, tickets] pairs, ascending by count' });
  } else {
    let last = -1;
    for (let i = 0; i < histogram.length; i++) {
      const pair: unknown = histogram[i];
      const path = ['state', 'histogram', i];
      if (!(Array.isArray(pair) && pair.length === 2)) {
        issues.add({ code: 'invalid_type', path, input: pair, expected: 'a [count, tickets] pair' });
        break;
      }
      const [value, count] = pair as [unknown, unknown];
      if (!(Number.isSafeInteger(value) && (value as number) > last)) {
        issues.add({ code: 'invalid_value', path: [...path, 0], input: value, expected: 'a non-negative integer, greater than the one before' });
        break;
      }
      if (!(Number.isSafeInteger(count) && (count as number) > 0)) {
        issues.add({ code: 'invalid_value', path: [...path, 1], input: count, expected: 'a positive integer (tickets with this count)' });
        break;
      }
      last = value as number;
      tally(state, value as number, count as number);
    }
  }
  const unmeasured = json['unmeasured'];
  if (issues.check(unmeasured, COUNT, ['state', 'unmeasured'])) state.unmeasured = unmeasured as number;
  return state;
}

/** The engine spec of a count metric. @internal */
function recordSpec(c: CountMetricSpec): RecordMetricSpec<Settings, State, CountDistributionResult> {
  const fields: readonly TicketField[] = ['createdAt', c.field];
  return {
    metric: c.metric,
    optionKeys: ['percentiles'],
    settings: (fn, o, base) => ({ ...base, percentiles: readPercentiles(fn, o['percentiles']) }),
    fields: () => fields,
    required: () => ['createdAt'],
    init,
    add(state, t) {
      // The guard has checked the field: absent, or a non-negative safe integer.
      const v = c.get(t);
      if (v === undefined || v === null) state.unmeasured++;
      else tally(state, v as number, 1);
      return true;
    },
    explain: () => [],
    merge(into, from) {
      for (let v = 0; v < SMALL; v++) into.small[v] = (into.small[v] as number) + (from.small[v] as number);
      for (const [v, k] of from.large) tally(into, v, k);
      into.unmeasured += from.unmeasured;
    },
    result: (state, s) => finish(c, state, s.percentiles),
    toJSON: (state) => ({ histogram: bins(state).map((b) => [b.value, b.count]), unmeasured: state.unmeasured }),
    restore: (json, _s, issues) => restoreState(json, issues),
    options: (s) => ({ percentiles: [...s.percentiles] }),
    counted(state) {
      let n = state.unmeasured;
      for (let v = 0; v < SMALL; v++) n += state.small[v] as number;
      for (const k of state.large.values()) n += k;
      return n;
    },
  };
}

/** Makes the accumulator factory of a count metric. @internal */
export function countAccumulatorFactory<O>(c: CountMetricSpec): RecordMetricFactory<O, CountDistributionResult, TicketTimestampField> {
  return recordAccumulatorFactory(recordSpec(c));
}

/** Reads the `counts` column into `state`, listing at most 100 bad entries. */
function readColumn(fn: string, counts: unknown, state: State, issues: IssueCollector): void {
  if (!isArrayLike(counts)) {
    issues.add({ code: 'invalid_type', path: ['counts'], input: counts, expected: 'an array or typed array of counts' });
    return;
  }
  checkLength(fn, counts, ['counts']);
  let bad = 0;
  for (let i = 0; i < counts.length; i++) {
    const v = counts[i];
    if (Number.isSafeInteger(v) && (v as number) >= 0) tally(state, v as number, 1);
    else if (bad++ < 100) issues.check(v, COUNT, ['counts', i]);
    else issues.addUnlisted(1);
  }
}

/** Reads a `histogram` (`{ value, count }[]`, any order, a value may repeat) into `state`. */
function readHistogram(fn: string, histogram: unknown, state: State, issues: IssueCollector): void {
  if (!Array.isArray(histogram)) {
    issues.add({ code: 'invalid_type', path: ['histogram'], input: histogram, expected: 'an array of { value, count } (tickets per count)' });
    return;
  }
  checkLength(fn, histogram, ['histogram']);
  let tickets = 0;
  for (let i = 0; i < histogram.length; i++) {
    const bin: unknown = histogram[i];
    if (!isRecord(bin)) {
      issues.add({ code: 'invalid_type', path: ['histogram', i], input: bin, expected: '{ value, count }: a count and the tickets that had it' });
      continue;
    }
    const okValue = issues.check(bin['value'], COUNT, ['histogram', i, 'value']);
    const okCount = issues.check(bin['count'], COUNT, ['histogram', i, 'count']);
    if (!(okValue && okCount)) continue;
    tickets += bin['count'] as number;
    if (!Number.isSafeInteger(tickets)) {
      issues.add({ code: 'out_of_range', path: ['histogram', i, 'count'], input: bin['count'], expected: 'counts whose sum (the tickets) is a safe integer' });
      return;
    }
    tally(state, bin['value'] as number, bin['count'] as number);
  }
}

/** Runs a count metric over `{ tickets }`, `{ counts, unmeasured? }` or `{ histogram, unmeasured? }`. @internal */
export function runCountMetric(c: CountMetricSpec, input: unknown, options: unknown): CountDistributionResult {
  const fn = c.metric;
  const record = withColumns(fn, TICKET_KIND, requireInput(fn, input));
  const form = selectForm(fn, record, [
    { name: 'tickets', fields: ['tickets'] },
    { name: 'counts', fields: ['counts'] },
    { name: 'histogram', fields: ['histogram'] },
  ]);
  const spec = recordSpec(c);
  const unmeasured = record['unmeasured'];
  if (form === 'tickets') {
    if (unmeasured !== undefined)
      fail(fn, {
        code: 'ambiguous',
        path: ['unmeasured'],
        input: unmeasured,
        detail: `${fn}: unmeasured goes with counts or histogram; tickets without a ${c.field} are counted as unmeasured`,
      });
    return runRecordMetric(spec, record['tickets'], options);
  }
  const settings = readRecordSettings(spec, options, fn);
  const issues = new IssueCollector(fn);
  if (unmeasured !== undefined) issues.check(unmeasured, COUNT, ['unmeasured']);
  const state = init();
  if (form === 'counts') readColumn(fn, record['counts'], state, issues);
  else readHistogram(fn, record['histogram'], state, issues);
  issues.throwIfAny();
  state.unmeasured = (unmeasured ?? 0) as number;
  const r = finish(c, state, settings.percentiles);
  return deepFreeze({ ...r, excluded: { unmeasured: state.unmeasured, invalid: 0, invalidIndices: [], invalidTickets: [] } });
}
