/**
 * The engine shared by the duration metrics (first response, resolution and handle time): the
 * validated single pass over tickets, the columnar `durations` form, the accumulator kernel (state:
 * the durations and the excluded counts) and the result; and the routing capability that lets
 * `byPeriod` read each ticket once for every period.
 *
 * @module
 */
import {
  type Accumulator,
  type InvalidRecords,
  type JsonValue,
  type Kernel,
  type PartRouter,
  type RecordPlacer,
  type RejectRecord,
  Engine,
  accumulatorFactory,
  isRowSource,
  restoreCount,
  type RowSource,
} from '../core/accumulator.js';
import { type IssueSpec, type KpiPath } from '../core/errors.js';
import { COUNT, IssueCollector, checkLength, fail, isArrayLike, isRecord, readOptions } from '../core/validate.js';
import { withInvalid } from '../records/excluded.js';
import { type ColumnView, ColumnRows, withColumns } from '../records/columns.js';
import { TICKET_KIND } from '../records/tickets.js';
import { MAX_EPOCH_MS } from '../time/timestamp.js';
import { type BusinessCalendar, readCalendarOption } from '../time/calendar.js';
import {
  type InvalidTicket,
  type OnInvalid,
  type TicketField,
  type TicketSettings,
  AGREEMENT_MS,
  MAX_DURATION_MS,
  TICKET_OPTION_KEYS,
  TimestampReader,
  readTicketSettings,
  ticketIssues,
} from './ticket.js';
import { type DurationSummary, DurationSample, readPercentiles } from './durations.js';
import { type GroupFigures, groupedFigures } from './grouped-summary.js';
import { type RecordMetricFactory, type TicketTimestampField, TICKET_RECORDS } from './ticket-metric.js';
import { ticketOptionsJSON } from './record-metric.js';

/**
 * The `calendar` option of the duration metrics: a calendar made by `businessCalendar()` (checked:
 * an object that merely has a `duration` method is rejected). Its spec (`toJSON`) is what
 * accumulator states store.
 */
export type DurationCalendar = BusinessCalendar;

/**
 * What a ticket gave: a duration ≥ 0, INVALID, or `excludedCode(k)` for the k-th reason of
 * `excludedKeys`.
 */
export const INVALID = -100;
/** The code of the k-th exclusion reason: −1 − k. */
export function excludedCode(k: number): number {
  return -1 - k;
}

/** The validated settings of one duration metric call. */
export interface DurationSettings extends TicketSettings {
  readonly percentiles: readonly number[];
  readonly calendar: DurationCalendar | null;
  readonly targetMs: number | null;
  readonly extra: Readonly<Record<string, JsonValue>>;
}

/** What a metric plugs into the engine. @internal */
export interface DurationMetricSpec<X extends string> {
  /** The public name, used in errors and JSON. */
  readonly metric: string;
  /** Why tickets without a duration are left out (`unanswered`, `unresolved`, ...); the first is the one a `durations` input counts. */
  readonly excludedKeys: readonly X[];
  /** The ticket fields the metric reads (with these settings), and those it requires. */
  readonly fields: readonly TicketField[] | ((settings: DurationSettings) => readonly TicketField[]);
  readonly required: readonly TicketField[];
  /** Whether the metric accepts a business-hours `calendar`. */
  readonly calendar: boolean;
  /** Extra options: name → validator returning the value, as JSON (or throwing). */
  readonly extraOptions: Readonly<Record<string, (fn: string, value: unknown) => JsonValue>>;
  /** Reads one ticket: a duration ≥ 0, an excluded code or INVALID (then the slow path finds why). */
  read(ticket: Record<string, unknown>, reader: TimestampReader, settings: DurationSettings): number;
  /**
   * The metric's own reasons a ticket is invalid, beyond those of `ticketIssues` (which are
   * checked first): e.g. a paused time longer than the resolution time.
   */
  explain(ticket: Record<string, unknown>, reader: TimestampReader, settings: DurationSettings, path: KpiPath): IssueSpec[];
  /**
   * For a metric whose duration is `to − from` (a ticket without `to` counted in the first exclusion
   * reason; `ms`, when not null, a duration field that may stand for the timestamps): its columnar
   * reading is {@link pairColumns}.
   */
  readonly pair?: { readonly from: TicketField; readonly to: TicketField; readonly ms: TicketField | null };
  /**
   * The columnar `read`: for every row of `view`, into `out`, exactly what `read` gives for the row
   * as a record (a duration, INVALID or an excluded code); `false` when a column's layout is not one
   * it reads (the rows are then read one by one). Metrics with a `pair` have it from it.
   */
  readColumns?(view: ColumnView, settings: DurationSettings, out: Float64Array): boolean;
}

/**
 * The columnar reading of a `pair` metric (see {@link DurationMetricSpec.pair}), as its `read`:
 * `from` and `to` (and `ms` when it has a column) must be Float64Arrays (NaN: missing). @internal
 */
export function pairColumns(pair: NonNullable<DurationMetricSpec<string>['pair']>, view: ColumnView, settings: DurationSettings, out: Float64Array): boolean {
  const from = view.has(pair.from) ? view.float64(pair.from) : new Float64Array(view.length).fill(NaN);
  const to = view.has(pair.to) ? view.float64(pair.to) : new Float64Array(view.length).fill(NaN);
  const ms = pair.ms === null || !view.has(pair.ms) ? null : view.float64(pair.ms);
  if (from === null || to === null || (pair.ms !== null && view.has(pair.ms) && ms === null)) return false;
  const calendar = settings.calendar;
  if (ms === null && calendar === null) {
    pairLoop(from, to, out);
    return true;
  }
  // A calendar may refuse a span (beyond its range): the rows are then read one by one, so that
  // the error comes where the record reading raises it, after the rows before it.
  try {
    pairRows(from, to, ms, calendar, out);
  } catch {
    return false;
  }
  return true;
}

/** {@link pairColumns} row by row, with a duration column or a calendar. */
function pairRows(from: Float64Array, to: Float64Array, ms: Float64Array | null, calendar: DurationCalendar | null, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    const a = from[i] as number;
    const b = to[i] as number;
    const created = a >= -MAX_EPOCH_MS && a <= MAX_EPOCH_MS ? a : NaN;
    const m = ms === null ? NaN : (ms[i] as number);
    if (b === b) {
      const responded = b >= -MAX_EPOCH_MS && b <= MAX_EPOCH_MS ? b : NaN;
      const raw = responded - created;
      if (!(raw >= 0) || (m === m && !(m <= MAX_DURATION_MS && Math.abs(m - raw) <= AGREEMENT_MS))) out[i] = INVALID;
      else out[i] = calendar === null ? raw : calendar.duration(created, responded);
    } else if (created !== created) out[i] = INVALID;
    else if (m !== m) out[i] = excludedCode(0);
    else out[i] = m >= 0 && m <= MAX_DURATION_MS && calendar === null ? m : INVALID;
  }
}

/**
 * The columnar reading of a metric whose duration is one field, `field` (a Float64Array, NaN:
 * missing → the first exclusion reason; beyond 0–100 years: INVALID); with `created`, a row also
 * needs a `createdAt` within the range of Date (a Float64Array too). @internal
 */
export function msColumns(view: ColumnView, field: TicketField, created: boolean, out: Float64Array): boolean {
  const n = view.length;
  const ms = view.has(field) ? view.float64(field) : new Float64Array(n).fill(NaN);
  const c = !created ? null : view.has('createdAt') ? view.float64('createdAt') : new Float64Array(n).fill(NaN);
  if (ms === null || (created && c === null)) return false;
  const missing = excludedCode(0);
  for (let i = 0; i < n; i++) {
    const m = ms[i] as number;
    if (c !== null && !((c[i] as number) >= -MAX_EPOCH_MS && (c[i] as number) <= MAX_EPOCH_MS)) out[i] = INVALID;
    else if (m !== m) out[i] = missing;
    else out[i] = m >= 0 && m <= MAX_DURATION_MS ? m : INVALID;
  }
  return true;
}

/**
 * The one-pass reading of two timestamp columns (no duration column, no calendar): durations
 * written into `values` from `start`, and `figures` = count, missing, sum, min, max, 1 when all
 * integers. Returns the invalid rows, or `null` at the first one when `stop` (nothing taken: the
 * caller has not moved its count). A function of its own with nothing after the loop but stores,
 * so that code compiled while the loop runs has no later step without type feedback.
 */
function pairInto(from: Float64Array, to: Float64Array, values: Float64Array, start: number, figures: Float64Array, stop: boolean): number[] | null {
  const bad: number[] = [];
  let n = start;
  let missing = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let integral = 1;
  for (let i = 0; i < from.length; i++) {
    const a = from[i] as number;
    const b = to[i] as number;
    if (!(a >= -MAX_EPOCH_MS && a <= MAX_EPOCH_MS)) {
      if (stop) return null;
      bad.push(i);
    } else if (b !== b) missing++;
    else {
      const d = b - a;
      if (!(b <= MAX_EPOCH_MS && d >= 0)) {
        if (stop) return null;
        bad.push(i);
      } else {
        values[n++] = d;
        sum += d;
        if (d < min) min = d;
        if (d > max) max = d;
        if (integral === 1 && (d | 0) !== d && !Number.isInteger(d)) integral = 0;
      }
    }
  }
  figures[0] = n;
  figures[1] = missing;
  figures[2] = sum;
  figures[3] = min;
  figures[4] = max;
  figures[5] = integral;
  return bad;
}

/** {@link pairColumns} without a duration column or a calendar: one tight loop. */
function pairLoop(from: Float64Array, to: Float64Array, out: Float64Array): void {
  const missing = excludedCode(0);
  for (let i = 0; i < out.length; i++) {
    const a = from[i] as number;
    const b = to[i] as number;
    if (!(a >= -MAX_EPOCH_MS && a <= MAX_EPOCH_MS)) out[i] = INVALID;
    else if (b !== b) out[i] = missing;
    else {
      const d = b - a;
      out[i] = b <= MAX_EPOCH_MS && d >= 0 ? d : INVALID;
    }
  }
}

/** The result of a duration metric. */
export type DurationResult<X extends string> = DurationSummary & {
  /** Tickets with a duration within `targetMs`, when a target was given. */
  readonly withinTarget: { readonly count: number; readonly share: number | null; readonly targetMs: number } | null;
  /** Tickets left out, by reason; `invalid` ones only with `onInvalid: 'exclude'`. */
  readonly excluded: Readonly<Record<X, number>> & {
    readonly invalid: number;
    /** Index of every invalid ticket. */
    readonly invalidIndices: readonly number[];
    /** The first 100 invalid tickets with their issues. */
    readonly invalidTickets: readonly InvalidTicket[];
  };
  /** `'calendar'` or `'business-hours'`. */
  readonly time: 'calendar' | 'business-hours';
};

/** Options common to the duration metrics. */
export interface DurationOptions {
  /**
   * Percentiles to report, in percent, strictly between 0 and 100 (as `numpy.percentile`; `quantile`
   * takes 0–1 as `numpy.quantile`), keyed `p90` in the result, R type 7; at most 100, no holes.
   * Default `[90]`. The median is always given.
   */
  readonly percentiles?: readonly number[];
  /** A target in ms: the result then gives how many durations are within it (≤ target) and their share. */
  readonly targetMs?: number;
  /** Statuses that mean resolved (case-insensitive). Default `['solved', 'closed', 'resolved']`. */
  readonly resolvedStatuses?: readonly string[];
  /**
   * Time zone of zone-less timestamp strings. Default: the zone of the `calendar` option when given,
   * else `'UTC'` (docs/metrics.md#time-zones).
   */
  readonly timeZone?: string;
  /** `'throw'` (default) or `'exclude'` invalid tickets (then counted and listed in `excluded`). */
  readonly onInvalid?: OnInvalid;
}

/**
 * Reads a `calendar` option: a calendar made by `businessCalendar()`, or a business-hours spec, from
 * which the calendar is made (so that the normalised options of an accumulator state, which hold
 * the spec, read back as options); `null` when absent. Anything else is rejected. @internal
 */
export function readCalendar(fn: string, value: unknown): DurationCalendar | null {
  return readCalendarOption(fn, value);
}

/** A calendar option, normalised for an accumulator state: its spec (`null` without one). @internal */
export function calendarJSON(calendar: DurationCalendar | null): JsonValue {
  return calendar === null ? null : (JSON.parse(JSON.stringify(calendar.toJSON())) as JsonValue);
}

/** Validates the options of a duration metric. */
export function readDurationSettings<X extends string>(spec: DurationMetricSpec<X>, options: unknown, fn = spec.metric): DurationSettings {
  const keys = [...TICKET_OPTION_KEYS, 'percentiles', 'targetMs', ...(spec.calendar ? ['calendar'] : []), ...Object.keys(spec.extraOptions)];
  const o = readOptions(fn, options, keys);
  const base = readTicketSettings(fn, o);
  const target = o['targetMs'] ?? undefined;
  if (target !== undefined && !(typeof target === 'number' && target >= 0 && target <= MAX_DURATION_MS)) {
    fail(fn, {
      code: typeof target === 'number' ? 'out_of_range' : 'invalid_type',
      path: ['options', 'targetMs'],
      input: target,
      expected: 'a duration in ms (a finite number ≥ 0)',
    });
  }
  const extra: Record<string, JsonValue> = {};
  for (const [key, read] of Object.entries(spec.extraOptions)) extra[key] = read(fn, o[key]);
  return new Settings(base, readPercentiles(fn, o['percentiles']), spec.calendar ? readCalendar(fn, o['calendar']) : null, target ?? null, extra);
}

/**
 * Settings as a class: every instance has the same shape from its construction, so that the hot
 * loops reading them see one map (object literals built by spreading did not, and their reads
 * were deoptimised again and again).
 */
class Settings implements DurationSettings {
  readonly resolvedStatuses: readonly string[];
  readonly timeZone: string;
  readonly onInvalid: OnInvalid;

  constructor(
    base: TicketSettings,
    readonly percentiles: readonly number[],
    readonly calendar: DurationCalendar | null,
    readonly targetMs: number | null,
    readonly extra: Readonly<Record<string, JsonValue>>,
  ) {
    this.resolvedStatuses = base.resolvedStatuses;
    this.timeZone = base.timeZone;
    this.onInvalid = base.onInvalid;
  }
}

/** The state of a duration accumulator: the durations, and the excluded tickets per reason. */
interface DurationState {
  readonly sample: DurationSample;
  readonly excluded: number[];
}

/**
 * The kernel of a duration metric with these settings. Its tight loop (`addAll`) reads each ticket
 * with the metric's `read`; it also offers {@link DurationKernel.route}, the routing capability
 * `byPeriod` uses to read each ticket once for every period.
 */
class DurationKernel<X extends string> implements Kernel<DurationState, DurationResult<X>> {
  readonly metric: string;
  readonly options: { readonly [key: string]: JsonValue };
  readonly collection = 'tickets';
  readonly throwOnInvalid: boolean;
  /** @internal */
  readonly reader: TimestampReader;
  private readonly fields: readonly TicketField[];

  /** Every ticket field the metric reads (its checks and its durations). */
  get reads(): readonly string[] {
    return [...new Set<string>([...this.fields, ...this.spec.required])];
  }

  constructor(
    /** @internal */
    readonly spec: DurationMetricSpec<X>,
    /** @internal */
    readonly settings: DurationSettings,
  ) {
    this.metric = spec.metric;
    this.throwOnInvalid = settings.onInvalid === 'throw';
    this.reader = new TimestampReader(settings.timeZone);
    this.fields = typeof spec.fields === 'function' ? spec.fields(settings) : spec.fields;
    this.options = {
      ...ticketOptionsJSON(settings),
      percentiles: [...settings.percentiles],
      targetMs: settings.targetMs,
      ...(spec.calendar ? { calendar: calendarJSON(settings.calendar) } : {}),
      ...settings.extra,
    };
  }

  init(): DurationState {
    return { sample: new DurationSample(), excluded: this.spec.excludedKeys.map(() => 0) };
  }

  add(state: DurationState, t: unknown, index: number): readonly IssueSpec[] | null {
    const d = typeof t === 'object' && t !== null ? this.spec.read(t as Record<string, unknown>, this.reader, this.settings) : INVALID;
    if (d >= 0) state.sample.push(d);
    else if (d === INVALID) return this.issues(t, index);
    else (state.excluded[-1 - d] as number)++;
    return null;
  }

  addAll(state: DurationState, tickets: ArrayLike<unknown>, base: number, reject: RejectRecord): void {
    const { spec, settings, reader } = this;
    const { sample, excluded } = state;
    const len = tickets.length;
    // Exactly the size needed for a first call (one array: no spare room), by doubling after it
    // (batches of a stream: amortised, not a copy of everything so far on every call).
    sample.grow(sample.n + len, sample.n === 0);
    for (let i = 0; i < len; i++) {
      const t: unknown = tickets[i];
      const d = typeof t === 'object' && t !== null ? spec.read(t as Record<string, unknown>, reader, settings) : INVALID;
      if (d >= 0) sample.push(d);
      else if (d === INVALID) reject(base + i, this.issues(t, base + i));
      else (excluded[-1 - d] as number)++;
    }
  }

  /** Every problem of an invalid ticket (the slow path). @internal */
  issues(t: unknown, index: number): IssueSpec[] {
    const path: KpiPath = ['tickets', index];
    let specs = ticketIssues(t, this.fields, this.spec.required, this.reader, path);
    if (specs.length === 0) specs = this.spec.explain(t as Record<string, unknown>, this.reader, this.settings, path);
    return specs;
  }

  merge(into: DurationState, from: DurationState): void {
    const excluded = [...from.excluded];
    into.sample.merge(from.sample);
    excluded.forEach((count, k) => {
      into.excluded[k] = (into.excluded[k] as number) + count;
    });
  }

  reserve(state: DurationState, tickets: number): void {
    state.sample.grow(state.sample.n + tickets, true);
  }

  result(state: DurationState, invalid: InvalidRecords): DurationResult<X> {
    // The summary reorders the stored durations in place (selection), which leaves their set — all
    // the accumulator's state that matters — as it was: no copy is needed to go on adding. A group
    // of a grouping (its invalid records counted only) is a part of the grouping's totals, which
    // read its durations again: they are ordered by bucket for all of them.
    return this.finish(state.sample.summary(this.settings.percentiles, invalid.countedOnly), [state], invalid);
  }

  /**
   * The result over several states taken together, as over their merge, each part's durations
   * read where they are (see `Kernel.resultOf`); `null` when the summary cannot be had so.
   */
  resultOf(states: readonly DurationState[], invalid: InvalidRecords): DurationResult<X> | null {
    const summary = DurationSample.summaryOfParts(
      states.map((s) => s.sample),
      this.settings.percentiles,
    );
    return summary === null ? null : this.finish(summary, states, invalid);
  }

  /** The result from the summary of the durations of `states` (one state, or the parts of a total). */
  private finish(summary: DurationSummary, states: readonly DurationState[], invalid: InvalidRecords): DurationResult<X> {
    const { settings } = this;
    let withinTarget: DurationResult<X>['withinTarget'] = null;
    if (settings.targetMs !== null) {
      let count = 0;
      for (const { sample } of states) {
        const values = sample.values;
        for (let i = 0; i < sample.n; i++) if ((values[i] as number) <= settings.targetMs) count++;
      }
      withinTarget = { count, share: summary.n === 0 ? null : count / summary.n, targetMs: settings.targetMs };
    }
    return withInvalid<DurationResult<X>>(
      {
        ...summary,
        withinTarget,
        excluded: Object.fromEntries(this.spec.excludedKeys.map((key, k) => [key, states.reduce((sum, s) => sum + (s.excluded[k] as number), 0)])),
        time: settings.calendar === null ? 'calendar' : 'business-hours',
      },
      invalid,
      'invalidTickets',
    );
  }

  toJSON(state: DurationState): JsonValue {
    return { durations: state.sample.toArray(), excluded: [...state.excluded] };
  }

  restore(json: unknown, issues: IssueCollector): DurationState {
    const state = this.init();
    if (!isRecord(json)) {
      issues.add({ code: 'invalid_type', path: ['state'], input: json, expected: '{ durations, excluded }' });
      return state;
    }
    const durations = json['durations'];
    if (!Array.isArray(durations)) {
      issues.add({ code: 'invalid_type', path: ['state', 'durations'], input: durations, expected: 'an array of durations in ms' });
    } else {
      for (let i = 0; i < durations.length; i++) {
        const d: unknown = durations[i];
        if (!(typeof d === 'number' && d >= 0 && d <= MAX_DURATION_MS)) {
          issues.add({
            code: typeof d === 'number' ? 'out_of_range' : 'invalid_type',
            path: ['state', 'durations', i],
            input: d,
            expected: 'a duration in ms (a finite number ≥ 0)',
          });
          break;
        }
      }
      if (issues.ok) state.sample.merge({ values: durations as number[] });
    }
    const excluded = json['excluded'];
    const k = this.spec.excludedKeys.length;
    if (!(Array.isArray(excluded) && excluded.length === k)) {
      issues.add({
        code: 'invalid_value',
        path: ['state', 'excluded'],
        input: excluded,
        expected: `an array of ${k} counts (${this.spec.excludedKeys.join(', ')})`,
      });
    } else {
      for (let x = 0; x < k; x++) state.excluded[x] = restoreCount(issues, excluded[x], ['state', 'excluded', x]);
    }
    return state;
  }

  router(total: Engine<DurationState, DurationResult<X>>, tickets: readonly unknown[]): PartRouter<DurationResult<X>> {
    return new Router(total, tickets);
  }

  counted(state: DurationState): number {
    let n = state.sample.n;
    for (const c of state.excluded) n += c;
    return n;
  }

  /**
   * The columnar pass (see `Kernel.addColumns`): every row's reading from the spec's
   * `readColumns` (or its `pair`), durations appended to the sample, excluded rows counted,
   * invalid ones explained from their record (which also checks both readings agree).
   */
  addColumns(state: DurationState, source: RowSource, base: number, reject: RejectRecord): boolean {
    if (!(source instanceof ColumnRows)) return false;
    const { spec, settings } = this;
    const n = source.length;
    const simple = this.simplePair(source);
    if (simple !== null) {
      // One pass: the durations straight into the sample's storage, the rest counted.
      const { sample, excluded } = state;
      sample.grow(sample.n + n, sample.n === 0);
      const figures = new Float64Array(6);
      const bad = pairInto(simple.from, simple.to, sample.values, sample.n, figures, this.throwOnInvalid);
      if (bad === null) return false;
      sample.append(figures[0] as number, figures[2] as number, figures[5] === 1, figures[3] as number, figures[4] as number);
      excluded[0] = (excluded[0] as number) + (figures[1] as number);
      this.explainRows(source, base, bad, reject);
      return true;
    }
    const out = new Float64Array(n);
    const read =
      spec.readColumns !== undefined ? spec.readColumns(source, settings, out) : spec.pair !== undefined && pairColumns(spec.pair, source, settings, out);
    if (!read) return false;
    const invalid = countInvalid(out);
    if (invalid > 0 && this.throwOnInvalid) return false;
    const { sample, excluded } = state;
    sample.grow(sample.n + n - invalid, sample.n === 0);
    this.explainRows(source, base, takeDurations(out, sample, excluded), reject);
    return true;
  }

  /** The two timestamp columns of a `pair` metric read in one pass (no duration column, no calendar), or null. */
  private simplePair(source: ColumnRows): { from: Float64Array; to: Float64Array } | null {
    const pair = this.spec.pair;
    if (pair === undefined || this.spec.readColumns !== undefined || this.settings.calendar !== null) return null;
    if (pair.ms !== null && source.has(pair.ms)) return null;
    const from = source.float64(pair.from);
    const to = source.float64(pair.to);
    return from === null || to === null ? null : { from, to };
  }

  /** Rejects the invalid rows, each explained from its record (which also checks that both readings agree). */
  private explainRows(source: ColumnRows, base: number, bad: readonly number[], reject: RejectRecord): void {
    for (const i of bad) {
      const index = base + source.index(i);
      // Explained only when kept (the first invalid rows are listed with their problems).
      reject(index, () => {
        const r = source.record(i);
        if (this.spec.read(r, this.reader, this.settings) !== INVALID)
          throw new Error(`kpi-kit internal error: ${this.spec.metric}: row ${i} is invalid by columns but not as a record`);
        return this.issues(r, index);
      });
    }
  }

  /** Takes a validated column of durations and the count of tickets without one. @internal */
  takeDurations(state: DurationState, values: ArrayLike<number>, excluded: number): number {
    state.sample.merge({ values });
    state.excluded[0] = (state.excluded[0] as number) + excluded;
    return values.length + excluded;
  }
}

function durationKernel<X extends string>(spec: DurationMetricSpec<X>, options: unknown, fn?: string): DurationKernel<X> {
  return new DurationKernel(spec, readDurationSettings(spec, options, fn));
}

/** Makes the accumulator factory of a metric. @internal */
export function durationAccumulatorFactory<O, X extends string>(spec: DurationMetricSpec<X>): RecordMetricFactory<O, DurationResult<X>, TicketTimestampField> {
  return accumulatorFactory(spec.metric, (options, fn) => durationKernel(spec, options, fn) as Kernel<unknown, DurationResult<X>>, { records: TICKET_RECORDS });
}

/**
 * Runs a duration metric over its input: `{ tickets }` (records) or `{ durations, <excludedKey>? }`
 * (a column of durations in ms, e.g. a Float64Array, plus the count of tickets without one).
 * @internal
 */
export function runDurationMetric<X extends string>(spec: DurationMetricSpec<X>, given: unknown, options: unknown): DurationResult<X> {
  const fn = spec.metric;
  if (!isRecord(given))
    return fail(fn, {
      code: 'invalid_type',
      path: [],
      input: given,
      expected: `an object: { tickets }, { columns } or { durations, ${spec.excludedKeys[0]} }`,
    });
  const settings = readDurationSettings(spec, options);
  const input = withColumns(fn, TICKET_KIND, given);
  const hasTickets = input['tickets'] !== undefined;
  const hasDurations = input['durations'] !== undefined;
  if (hasTickets === hasDurations) {
    return fail(fn, {
      code: hasTickets ? 'ambiguous' : 'missing',
      path: [],
      input,
      detail: hasTickets
        ? `${fn}: give either tickets or durations, not both`
        : `${fn}: input needs tickets (an array of tickets), columns (field → column) or durations (durations in ms)`,
    });
  }
  const kernel = new DurationKernel(spec, settings);
  const acc = new Engine(kernel);
  if (hasTickets) {
    const tickets = input['tickets'];
    if (!Array.isArray(tickets) && !isRowSource(tickets))
      return fail(fn, { code: 'invalid_type', path: ['tickets'], input: tickets, expected: 'an array of tickets' });
    return acc.addAll(tickets).result();
  }
  if (settings.calendar !== null) {
    return fail(fn, {
      code: 'invalid_value',
      path: ['options', 'calendar'],
      input: settings.calendar,
      detail: `${fn}: business hours need timestamps; durations cannot be converted to business time`,
    });
  }
  const durations = input['durations'];
  if (!isArrayLike(durations))
    return fail(fn, { code: 'invalid_type', path: ['durations'], input: durations, expected: 'an array or typed array of durations in ms' });
  checkLength(fn, durations, ['durations']);
  const issues = new IssueCollector(fn);
  const key = spec.excludedKeys[0] as X;
  const excluded = input[key] ?? 0;
  issues.check(excluded, COUNT, [key]);
  let bad = 0;
  for (let i = 0; i < durations.length; i++) {
    const d = durations[i];
    if (!(typeof d === 'number' && d >= 0 && d <= MAX_DURATION_MS)) {
      if (bad++ < 100) {
        issues.add({
          code: typeof d === 'number' ? (Number.isFinite(d) ? 'out_of_range' : 'not_finite') : 'invalid_type',
          path: ['durations', i],
          input: d,
          expected: 'a duration in ms: a finite number ≥ 0',
        });
      } else {
        issues.addUnlisted(1);
      }
    }
  }
  issues.throwIfAny();
  acc.seen += kernel.takeDurations(acc.state, durations as ArrayLike<number>, excluded as number);
  return acc.result();
}

/** The rows read INVALID. */
function countInvalid(out: Float64Array): number {
  let k = 0;
  for (let i = 0; i < out.length; i++) if (out[i] === INVALID) k++;
  return k;
}

/** Appends the durations of `out` to the sample, counts the excluded rows; returns the invalid rows. */
function takeDurations(out: Float64Array, sample: DurationSample, excluded: number[]): number[] {
  const bad: number[] = [];
  const values = sample.values;
  let n = sample.n;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < out.length; i++) {
    const d = out[i] as number;
    if (d >= 0) {
      values[n++] = d;
      sum += d;
      if (d < min) min = d;
      if (d > max) max = d;
      if (integral && (d | 0) !== d && !Number.isInteger(d)) integral = false;
    } else if (d === INVALID) bad.push(i);
    else excluded[-1 - d] = (excluded[-1 - d] as number) + 1;
  }
  sample.append(n, sum, integral, min, max);
  return bad;
}

/** The state of a routing pass (see {@link routeDurations}). */
interface RouteState {
  readonly tickets: readonly unknown[];
  /** The measured durations, in ticket order. */
  readonly values: Float64Array;
  /** The part code of each measured duration. */
  codes: Uint8Array | Uint16Array | Int32Array;
  /** Per code, once counted: measured tickets, then excluded and invalid ones (see `routeCounts`). */
  counts: { readonly measured: Float64Array; readonly seen: Float64Array } | null;
  n: number;
  /** Bounds of the measured durations. */
  min: number;
  max: number;
  /** Excluded counts: code × reasons + reason. */
  readonly excluded: number[];
  /** Invalid tickets to list (when they do not throw): index, code, index, code, ... */
  readonly invalid: number[];
  maxCode: number;
}

/** Durations per part code (a function of its own, so that it is optimised whole, not on the fly). */
function countCodes(codes: ArrayLike<number>, n: number, measured: Float64Array): void {
  for (let j = 0; j < n; j++) measured[codes[j] as number] = (measured[codes[j] as number] as number) + 1;
}

/**
 * The routing capability of a duration accumulator (byPeriod): an empty accumulator reads each
 * ticket once, keeps its duration with the ticket's part code, and at the end hands every part its
 * tickets and becomes the merge of all of them — without a second pass over the tickets.
 */
class Router<X extends string> implements PartRouter<DurationResult<X>> {
  private r: RouteState;
  private readonly kernel: DurationKernel<X>;

  constructor(
    private readonly total: Engine<DurationState, DurationResult<X>>,
    tickets: readonly unknown[],
  ) {
    this.kernel = total.kernel as DurationKernel<X>;
    if (total.seen !== 0 || total.state.sample.n !== 0) throw new Error('kpi-kit internal error: routing into a non-empty accumulator');
    this.r = {
      tickets,
      values: new Float64Array(tickets.length),
      codes: new Uint8Array(tickets.length),
      n: 0,
      min: Infinity,
      max: -Infinity,
      counts: null,
      excluded: [],
      invalid: [],
      maxCode: 0,
    };
  }

  /**
   * Reads every ticket, each with its part code from `placer`; stops at the first ticket whose
   * code is negative and returns its index (else the number of tickets).
   */
  addAll(placer: RecordPlacer): number {
    const r = this.r;
    const { spec, reader, settings } = this.kernel;
    const k = spec.excludedKeys.length;
    const tickets = r.tickets;
    const values = r.values;
    let codes = r.codes;
    let maxCode = r.maxCode;
    let n = r.n;
    let min = r.min;
    let max = r.max;
    const len = tickets.length;
    for (let i = 0; i < len; i++) {
      const t: unknown = tickets[i];
      let code: number;
      let d: number;
      if (typeof t === 'object' && t !== null) {
        code = placer.code(placer.instant(t), t, i);
        d = spec.read(t as Record<string, unknown>, reader, settings);
      } else {
        code = placer.code(NaN, t, i);
        d = INVALID;
      }
      if (code < 0) {
        r.n = n;
        r.maxCode = maxCode;
        r.min = min;
        r.max = max;
        return i;
      }
      if (code > maxCode) {
        // A new part: wider codes when they no longer fit.
        maxCode = code;
        r.n = n;
        this.widen(code);
        codes = r.codes;
      }
      if (d >= 0) {
        values[n] = d;
        codes[n++] = code;
        if (d < min) min = d;
        if (d > max) max = d;
      } else if (d === INVALID) {
        // Raised at once when invalid tickets throw (so errors come in ticket order); else listed later by its part.
        if (settings.onInvalid === 'throw') this.total.reject(i, this.kernel.issues(t, i));
        r.invalid.push(i, code);
      } else {
        const at = code * k + (-1 - d);
        while (r.excluded.length <= at) r.excluded.push(0);
        (r.excluded[at] as number)++;
      }
    }
    r.n = n;
    r.maxCode = maxCode;
    r.min = min;
    r.max = max;
    return len;
  }

  /** Tickets seen per code (measured, excluded and invalid), once `addAll` is done. */
  seen(): Float64Array {
    return this.tally().seen;
  }

  /**
   * Per code: the measured tickets (one tight pass over the codes: cheaper than a count per ticket
   * in the routing loop), and all tickets seen (measured, excluded and invalid).
   */
  private tally(): { readonly measured: Float64Array; readonly seen: Float64Array } {
    const r = this.r;
    if (r.counts !== null) return r.counts;
    const measured = new Float64Array(r.maxCode + 1);
    countCodes(r.codes, r.n, measured);
    const seen = measured.slice();
    const k = this.kernel.spec.excludedKeys.length;
    for (let at = 0; at < r.excluded.length; at++) {
      const code = Math.floor(at / k);
      seen[code] = (seen[code] as number) + (r.excluded[at] as number);
    }
    for (let j = 1; j < r.invalid.length; j += 2) seen[r.invalid[j] as number] = (seen[r.invalid[j] as number] as number) + 1;
    r.counts = { measured, seen };
    return r.counts;
  }

  /** Makes room for part codes up to `code` (8 bits to begin with, then 16, then 32). */
  private widen(code: number): void {
    const r = this.r;
    const bits = r.codes instanceof Uint8Array ? 8 : r.codes instanceof Uint16Array ? 16 : 32;
    if (code < 2 ** bits || bits === 32) return;
    const wide = code < 65_536 ? new Uint16Array(r.values.length) : new Int32Array(r.values.length);
    wide.set(r.codes.subarray(0, r.n));
    r.codes = wide;
  }

  /**
   * Ends routing: `parts[c]` (new, empty, same metric and options; `null` for a code no ticket had)
   * receives the tickets of code c, `seen[c]` of them, and the total becomes their merge. The
   * durations stay in one buffer, the total's, ordered part after part; each part's storage is its
   * range of it, so take the parts' results before the total's (a result reorders the durations
   * it summarises).
   */
  finish(given: readonly (Accumulator<DurationResult<X>> | null)[], seen: ArrayLike<number>): void {
    const metric = this.total.metric;
    const parts = given.map((p) => {
      if (p === null) return null;
      if (!(p instanceof Engine) || p.metric !== metric || !(p.kernel instanceof DurationKernel))
        throw new Error('kpi-kit internal error: routed parts of another metric');
      return p as Engine<DurationState, DurationResult<X>>;
    });
    const r = this.r;
    const stats = this.tally().measured;
    const partOf = (code: number): Engine<DurationState, DurationResult<X>> => {
      const part = parts[code];
      if (part === undefined || part === null) throw new Error(`kpi-kit internal error: no part for code ${code}`);
      return part;
    };
    const { values, codes } = r;
    const k = this.kernel.spec.excludedKeys.length;
    const settle = (): void => {
      for (let code = 0; code <= r.maxCode; code++) {
        if (parts[code] === null) continue;
        const part = partOf(code);
        for (let x = 0; x < k; x++) part.state.excluded[x] = r.excluded[code * k + x] ?? 0;
        part.seen = seen[code] as number;
      }
      for (let j = 0; j < r.invalid.length; j += 2) {
        const index = r.invalid[j] as number;
        partOf(r.invalid[j + 1] as number).reject(index, this.kernel.issues(r.tickets[index], index));
      }
    };
    const total = this.total.state.sample;
    // Without a target to count against: every part's figures from one histogram pass, no
    // durations moved (see groupedFigures); integers only, else the ordering below.
    const probs = [0.5, ...this.kernel.settings.percentiles.map((p) => p / 100)];
    const grouped = this.kernel.settings.targetMs === null ? groupedFigures(values, codes, r.n, r.maxCode + 1, probs, r.min, r.max) : null;
    if (grouped !== null) {
      const empty = new Float64Array(0);
      for (let code = 0; code <= r.maxCode; code++) {
        if (parts[code] === null) continue;
        const f = grouped.groups[code] as GroupFigures;
        partOf(code).state.sample.preset(empty, f.n, f.sum, f.min, f.max, probs, f.quantiles);
      }
      settle();
      const u = grouped.union;
      total.preset(values, u.n, u.sum, u.min, u.max, probs, u.quantiles);
      this.mergeParts(parts);
      return;
    }
    // Each duration moved to its part's range, part after part, in place (a one-digit American
    // flag sort: every swap puts one duration in its final range).
    const start = new Float64Array(r.maxCode + 2);
    for (let c = 0; c <= r.maxCode; c++) start[c + 1] = (start[c] as number) + (stats[c] as number);
    const next = start.slice();
    for (let c = 0; c <= r.maxCode; c++) {
      const end = start[c + 1] as number;
      let i = next[c] as number;
      while (i < end) {
        const x = codes[i] as number;
        if (x === c) {
          i++;
          continue;
        }
        const j = next[x] as number;
        next[x] = j + 1;
        const v = values[i] as number;
        values[i] = values[j] as number;
        values[j] = v;
        codes[i] = codes[j] as number;
        codes[j] = x;
      }
    }
    for (let code = 0; code <= r.maxCode; code++) {
      if (parts[code] === null) continue;
      partOf(code).state.sample.fill(values.subarray(start[code], start[code + 1]));
    }
    settle();
    const present = parts.filter((p): p is Engine<DurationState, DurationResult<X>> => p !== null);
    total.adopt(
      values,
      present.map((p) => p.state.sample),
    );
    this.mergeParts(parts);
  }

  /** Adds the parts' excluded, seen and invalid tickets to the total's (routing's end). */
  private mergeParts(parts: readonly (Engine<DurationState, DurationResult<X>> | null)[]): void {
    const total = this.total;
    for (const part of parts) {
      if (part === null) continue;
      part.state.excluded.forEach((count, x) => {
        total.state.excluded[x] = (total.state.excluded[x] as number) + count;
      });
      total.seen += part.seen;
      total.invalid.merge(part.invalid);
    }
  }
}
