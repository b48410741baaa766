/**
 * Any ticket or contact metric per calendar period (day, week, month, quarter) in a time zone, in
 * one pass; with `by`, also per segment within each period (period × segment).
 *
 * @module
 */
import { type Accumulator, type JsonValue, type Kernel, type RecordPlacer, Engine, InvalidRecords, ListingBound, restoreEngine } from '../core/accumulator.js';
import { type KpiPath } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { fail, isRecord, requireArray } from '../core/validate.js';
import { type MetricRecords, type RecordMetricFactory } from '../records/metric-records.js';
import { type Period, type PeriodOptions, type PeriodSettings, type PeriodUnit, bucketerOf, readPeriodOptions } from '../time/period.js';
import { type TimestampInput, MAX_EPOCH_MS, TimestampReader, timestampIssue } from '../time/timestamp.js';
import { type BySegmentResult, type Segment, type SegmentBy, type SegmentKey, isSegmentBy, segmentParts, segmentsKey, segmentsOf } from './by-segment.js';
import { type SegmentableMetric, childState, groupRows, requireMetric, restoreChild } from './parts.js';
import { ColumnRows, SplitRows } from '../records/columns.js';

/**
 * Which timestamp places a record in a period: a timestamp field of the metric's records (`F`:
 * `TicketTimestampField` for tickets, `ContactTimestampField` for contacts), or a function of
 * the record (and its index).
 */
export type PeriodAt<F extends string = string> = F | ((ticket: never, index: number) => TimestampInput | null | undefined);

/** Options of {@link byPeriod}: the periods ({@link PeriodOptions}), which timestamp places a record, and filling. */
export interface ByPeriodOptions<F extends string = string> extends PeriodOptions {
  /**
   * Which timestamp places a record in a period: a timestamp field name — for tickets
   * `'createdAt'` (the default), `'firstResponseAt'`, `'resolvedAt'`, `'closedAt'`, `'firstResolvedAt'`; for contacts
   * `'offeredAt'` (the default), `'answeredAt'`, `'abandonedAt'`, `'endedAt'` — or a function
   * `(record, index) => TimestampInput | null | undefined`. Records without one (absent or `null`)
   * are `undated`.
   */
  readonly at?: PeriodAt<F>;
  /** Whether periods without tickets between the first and the last are listed (with an empty result). Default `true`. */
  readonly fill?: boolean;
  /**
   * Also split each period by a segment key, as `bySegment` does: a record field name (`'channel'`,
   * `'agent'`, `'queue'`, ...) or a key function `(record, index) => key`. Each period row then
   * carries its `segments`, and the result the segments over all records
   * ({@link ByPeriodSegmentsResult}). Default: none.
   */
  readonly by?: SegmentBy;
}

/** {@link ByPeriodOptions} with `by`: periods split by segment. */
export type ByPeriodSegmentsOptions<F extends string = string> = ByPeriodOptions<F> & { readonly by: SegmentBy };

/** The change of a period's `result.value` from the previous period's. */
export interface PeriodChange {
  /** `value − previous value`, in the metric's unit. */
  readonly value: number;
  /**
   * `(value − previous value) / |previous value|`, or `null` (with a `reason`) when the previous
   * value is 0 or so close to 0 that the ratio is not a finite number.
   */
  readonly relative: number | null;
  /** Why `relative` is `null` (the previous value is 0, or too close to 0); `null` when there is one. */
  readonly reason: string | null;
}

/** One period of {@link byPeriod}. */
export interface PeriodRow<R> extends Period {
  /** Records placed in the period — tickets, or contacts for a contact metric — measured, excluded and invalid. */
  readonly count: number;
  /**
   * The metric over the period's records; its invalid records (`onInvalid: 'exclude'`) are counted
   * in `excluded.invalid` and not listed (`total` lists them, once).
   */
  readonly result: R;
  /**
   * `result.value` − the previous period's `result.value` when both are numbers (`relative` =
   * that / |previous|, `null` when previous is 0); `null` for the first period or when either is
   * not a number (an empty period's value is `null`). The previous period is the row before, which
   * is the calendar's previous period unless `fill` is `false`.
   */
  readonly change: PeriodChange | null;
}

/** One period of {@link byPeriod} with `by`: the period row, and its segments. */
export interface PeriodSegmentsRow<R> extends PeriodRow<R> {
  /**
   * The period's records per segment, as `bySegment` gives them (most records first, then by key,
   * `null` last); empty for a period without records. Their merge is the row's `result`.
   */
  readonly segments: readonly Segment<R>[];
}

/** Result of {@link byPeriod}. */
export interface ByPeriodResult<R> {
  /** The periods, ascending by time. */
  readonly periods: readonly PeriodRow<R>[];
  /**
   * Records with no timestamp for `at` (absent or `null`, e.g. unresolved tickets with `at:
   * 'resolvedAt'`, contacts not answered with `at: 'answeredAt'`; with the timestamp every record
   * needs — `'createdAt'` of tickets, `'offeredAt'` of contacts — also unreadable ones, which the
   * metric reports as invalid): counted and computed here, and in `total`. `null` when there are none.
   */
  readonly undated: { readonly count: number; readonly result: R } | null;
  /**
   * The metric over all records (the merge of every period and the undated: the same as one call of
   * the metric), listing every invalid record (`onInvalid: 'exclude'`; the periods only count theirs).
   */
  readonly total: R;
  /** The period unit. */
  readonly period: PeriodUnit;
  /** The time zone in which periods begin at local midnight. */
  readonly timeZone: string;
  /** First day of the week (0 = Sunday … 6 = Saturday); used by weeks only. */
  readonly weekStartsOn: number;
  /** The timestamp field that placed records, or `"function"`. */
  readonly at: string;
}

/**
 * Result of {@link byPeriod} with `by` (period × segment): every period row, and the undated,
 * with its segments; `segments` over all records (what `bySegment` gives), and `by`.
 */
export interface ByPeriodSegmentsResult<R> extends ByPeriodResult<R> {
  readonly periods: readonly PeriodSegmentsRow<R>[];
  readonly undated: { readonly count: number; readonly result: R; readonly segments: readonly Segment<R>[] } | null;
  /** The segments over all records, periods and undated (the same as `bySegment`'s). */
  readonly segments: readonly Segment<R>[];
  /** The segment key: the field name, or `"function"`. */
  readonly by: string;
}

/** The most periods `fill` may list; beyond it the timestamps are surely wrong (or `fill: false` is wanted). */
const MAX_FILLED_PERIODS = 100_000;

interface Group<P> {
  readonly acc: Accumulator<P>;
  count: number;
}

/** What {@link finishPeriods} reads of a period's group: its result and how many records it holds. @internal */
export interface PeriodPart<P> {
  readonly acc: { result(): P };
  readonly count: number;
}

/**
 * How a part's result (one period's, the undated's, the total's) makes a row: the metric's own
 * result (no `by`), or a bySegment result whose `total` is the row's result and whose segments
 * are the row's. @internal
 */
export interface RowShape<P, R> {
  row(part: P): { readonly result: R; readonly segments?: readonly Segment<R>[] };
  /** The segment key's name (`by`), or `null` without `by`. */
  readonly by: string | null;
}

/** Rows of the metric's own results (no `by`). @internal */
export function plainRows<R>(): RowShape<R, R> {
  return { row: (result) => ({ result }), by: null };
}

/** Rows of bySegment results (with `by`). */
function segmentRows<R>(by: SegmentBy): RowShape<BySegmentResult<R>, R> {
  return { row: (r) => ({ result: r.total, segments: r.segments }), by: typeof by === 'string' ? by : 'function' };
}

/** One day in ms. */
const DAY_MS = 86_400_000;
/** Periods mapped to slots by direct lookup (around the first period seen); the rest by a Map. */
const SLOT_TABLE = 4096;
/** The most UTC days the placer's day table covers (about 700 years); days beyond take the slow path. */
const MAX_DAY_CODES = 1 << 18;

/**
 * A ticket or contact metric per calendar period: each ticket is placed by a timestamp (`createdAt`
 * by default) in the day, week, month or quarter containing it — periods begin at local midnight in
 * `options.timeZone`, across daylight-saving changes (see `periodBucketer`) — and the metric is
 * computed for each period, all in one pass through the metric's accumulator. Each period carries
 * the change of its value from the period before; `total` is the metric over every ticket.
 *
 * Contact metrics (`abandonmentRate`, `serviceLevel`, `averageSpeedOfAnswer`) take contacts
 * instead, placed by `offeredAt` by default (or `answeredAt`, `abandonedAt`, `endedAt`): the
 * metric's accumulator says which records it reads and by which fields they can be placed, and a
 * field of the other kind is an error. What is said of tickets and `createdAt` below holds for
 * contacts and `offeredAt`; error paths name `contacts[i]`, and each period's `count` counts its
 * contacts.
 *
 * Two time zones are at work and are kept apart: `options.timeZone` places tickets in periods
 * (and reads zone-less strings of the `at` timestamp for that), while the metric's own
 * `metricOptions.timeZone` (default: the zone of `metricOptions.calendar` when given, else UTC;
 * docs/metrics.md#time-zones) is the one the metric reads zone-less strings in for its figures.
 * Pass the same zone to both when exports write local times.
 *
 * Tickets without the `at` timestamp are `undated` (computed and counted there, and in `total`);
 * never dropped. With `at: 'createdAt'` a ticket whose `createdAt` is missing or unreadable (or
 * that is not an object) is undated too, so that the metric itself reports it as invalid — raising,
 * or listing it in `excluded` with `onInvalid: 'exclude'`. Errors name the ticket's index in
 * `tickets`, as the metric itself would.
 *
 * Cost: per ticket one timestamp read and one table lookup (UTC day → period, in any order; a
 * day split by a period boundary, in zones away from UTC, adds one comparison with the boundary).
 * Duration metrics read each ticket once, into one buffer of durations with a period code each;
 * one histogram pass over (period, high bits of the duration) then gives every period's and the
 * total's count, sum, bounds and the bins that hold the wanted order statistics, which alone are
 * copied out and sorted (exact; no duration moved, no selection over the whole). With a
 * `targetMs`, or durations that are not whole ms, a counting pass orders the buffer period by
 * period instead. About 1.5–1.7× one call of the metric over 1M tickets, quantiles included.
 * Other metrics take a placing pass, then each ticket's `add` to its period's accumulator, sized
 * once.
 *
 * Period × segment: with `options.by` (a field name such as `'channel'`, or a key function, as for
 * `bySegment`) each period row also carries its `segments` — key, count and result, most records
 * first, as `bySegment` gives them — and the result carries the `segments` over all records and
 * `by` ({@link ByPeriodSegmentsResult}). In one pass each record is placed in its period and added
 * to the accumulator of its (period, segment) cell, which alone reads and checks it; the rows, the
 * segments over all records and the total are merges of the cells (`byPeriod` and `bySegment`
 * called apart each read and check every ticket). Over 1M tickets: a counting metric in about
 * 0.6–0.8× the time of the two calls apart; a duration metric in about 1–1.5× their time (its
 * quantiles are selected for every cell, period, segment and the total from the cells' durations,
 * where `byPeriod` alone takes one histogram pass).
 *
 * @param metric - A ticket metric (`firstResponseTime`, `resolutionTime`, ...) or a contact metric
 *   (`abandonmentRate`, `serviceLevel`, `averageSpeedOfAnswer`).
 * @param tickets - The records the metric reads: tickets, or contacts for a contact metric.
 * @param options - {@link ByPeriodOptions}: `period` (required), `timeZone` (default `'UTC'`),
 *   `weekStartsOn` (default 1, Monday), `at` (default `'createdAt'`; `'offeredAt'` for contacts),
 *   `fill` (default `true`), `by` (default none).
 * @param metricOptions - The metric's options (as its second argument).
 * @returns {@link ByPeriodResult}: periods ascending by time, the undated tickets and the total;
 *   with `by` a {@link ByPeriodSegmentsResult}, each period (and the undated) with its segments.
 * @throws {@link KpiInputError} when `metric` is not a ticket or contact metric, `tickets` is not
 *   an array, `options` is not an object or has an unknown key, `period` is missing or unknown,
 *   `timeZone` unknown, `weekStartsOn` not an integer 0–6, `at` neither a timestamp field of the
 *   metric's records nor a function, `fill` not a boolean, `by` neither a non-empty field name nor
 *   a function (path `options.by`); when a key value is not a string, finite number, boolean or
 *   null (path `tickets[i].<field>`, as `bySegment`); when an `at` timestamp other than
 *   `createdAt` (`offeredAt` for contacts) is malformed (path `tickets[i].<field>`, or
 *   `contacts[i].<field>`) or an `at` function returns one that is not a timestamp (path
 *   `tickets[i]`); when `fill` would list more than 100,000 periods (path `options.fill`); and for
 *   what the metric itself rejects.
 * @see docs/metrics.md#byperiod (trends by period; period × segment); ISO 8601 (weeks from Monday).
 *
 * @example
 * ```ts
 * import { abandonmentRate, byPeriod, firstResponseTime } from 'kpi-kit';
 *
 * const tickets = [
 *   { createdAt: '2024-01-05T10:00:00Z', firstResponseMs: 3_600_000 },
 *   { createdAt: '2024-01-20T08:00:00Z', firstResponseAt: '2024-01-20T10:00:00Z' },
 *   { createdAt: '2024-03-02T09:00:00Z', firstResponseMs: 1_800_000 },
 * ];
 * const r = byPeriod(firstResponseTime, tickets, { period: 'month' });
 * r.periods.map((p) => p.key); // ['2024-01', '2024-02', '2024-03']
 * r.periods.map((p) => p.result.value); // [5400000, null, 1800000]
 * r.periods[1]!.count; // 0
 * r.total.value; // 4200000
 *
 * const sparse = byPeriod(firstResponseTime, tickets, { period: 'month', fill: false });
 * sparse.periods[1]!.change; // { value: -3600000, relative: -0.6666666666666666, reason: null }
 *
 * // A contact metric: contacts placed by offeredAt, per day.
 * const contacts = [
 *   { offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:20Z' },
 *   { offeredAt: '2024-05-06T09:00:00Z', abandonedAt: '2024-05-06T09:01:00Z' },
 *   { offeredAt: '2024-05-07T08:00:00Z', answeredAt: '2024-05-07T08:00:10Z' },
 * ];
 * byPeriod(abandonmentRate, contacts, { period: 'day' }).periods.map((p) => [p.key, p.result.value]); // [['2024-05-06', 0.5], ['2024-05-07', 0]]
 *
 * // Period × segment: each month split by channel.
 * const split = byPeriod(firstResponseTime, tickets.map((t, i) => ({ ...t, channel: i === 1 ? 'email' : 'chat' })), { period: 'month', by: 'channel' });
 * split.periods[0]!.segments.map((s) => [s.key, s.count, s.result.value]); // [['chat', 1, 3600000], ['email', 1, 7200000]]
 * split.segments.map((s) => [s.key, s.count]); // [['chat', 2], ['email', 1]]
 * ```
 */
export function byPeriod<O, R, F extends string = string>(
  metric: SegmentableMetric<O, R, F>,
  tickets: readonly unknown[],
  options: ByPeriodSegmentsOptions<NoInfer<F>>,
  metricOptions?: O,
): ByPeriodSegmentsResult<R>;
export function byPeriod<O, R, F extends string = string>(
  metric: SegmentableMetric<O, R, F>,
  tickets: readonly unknown[],
  options: ByPeriodOptions<NoInfer<F>>,
  metricOptions?: O,
): ByPeriodResult<R>;
export function byPeriod<O, R, F extends string = string>(
  metric: SegmentableMetric<O, R, F>,
  tickets: readonly unknown[],
  options: ByPeriodOptions<NoInfer<F>>,
  metricOptions?: O,
): ByPeriodResult<R> | ByPeriodSegmentsResult<R> {
  const fn = 'byPeriod';
  const factory = requireMetric<O, R>(fn, metric) as RecordMetricFactory<unknown, R>;
  const { collection } = factory.records;
  // An array of at most MAX_ARRAY_LENGTH records: the per-record tables are sized by its length.
  requireArray(fn, tickets, [collection], `an array of ${collection}`);
  const read = readByPeriodOptions(fn, options, factory.records);
  if (read.by === null) return periodsOf(fn, factory, tickets, read, metricOptions, plainRows<R>());
  // With `by`, the accumulator's pass: each record placed in its period and routed to the
  // accumulator of its (period, segment) cell, which alone reads and checks it (runs of records of
  // one period go to that period's part in one call). The rows, the segments over all records and
  // the total are merges of the cells.
  return new Engine(periodKernel<R>(fn, factory, options, metricOptions)).addAll(tickets).result();
}

/** The body of {@link byPeriod}, for parts of result `P` (the metric's, or bySegment's with `by`). */
function periodsOf<P, R>(
  fn: string,
  factory: RecordMetricFactory<unknown, P>,
  tickets: readonly unknown[],
  read: ByPeriodSettings,
  metricOptions: unknown,
  shape: RowShape<P, R>,
): ByPeriodResult<R> {
  const records: MetricRecords = factory.records;
  const { collection } = records;
  const { settings, at, fill } = read;
  // Created first, so the metric's options are checked even for no tickets.
  const total = factory.create(metricOptions);
  const bucketer = bucketerOf(settings);
  const reader = new TimestampReader(settings.timeZone);
  const field = typeof at === 'string' ? at : null;
  const atFn = typeof at === 'function' ? at : null;
  const groups = new Map<number, PeriodPart<P>>();
  let undated: Group<P> | null = null;
  const len = tickets.length;
  const placer = new TicketPlacer(bucketer, reader, field, atFn, records.required);
  // Duration metrics (the common case) read each ticket once: placed, then read by the metric while
  // it is at hand, and routed to its period's accumulator at the end. Other metrics take two passes:
  // pass 1 places the tickets (no accumulator yet, so that pass 2 can give each its final size at
  // once), pass 2 adds them, in input order so that their errors come in the order of one call's.
  const router = total instanceof Engine ? (total as Engine<unknown, P>).router(tickets) : null;
  // Code per ticket (its period's slot + 1; 0: undated), 16 bits while there are fewer than
  // 65,535 periods; pass 2 only. `bad`: the first ticket whose `at` timestamp is malformed, raised
  // once the tickets before it are added.
  let slots: Uint16Array | Int32Array = new Uint16Array(0);
  let bad = len;
  if (router !== null) bad = router.addAll(placer);
  else {
    slots = new Uint16Array(len);
    for (let i = 0; i < len; i++) {
      const t: unknown = tickets[i];
      const code = placer.code(typeof t === 'object' && t !== null ? placer.instant(t) : NaN, t, i);
      if (code < 0) {
        bad = i;
        break;
      }
      if (code === 65_535 && slots instanceof Uint16Array) {
        const wide = new Int32Array(len);
        wide.set(slots);
        slots = wide;
      }
      slots[i] = code;
    }
  }
  // Tickets per slot, counted afterwards from the codes (a count per ticket in the placing loop
  // costs more than this tight pass).
  const order = placer.order;
  const counts = new Array<number>(order.length).fill(0);
  if (router !== null) {
    const seen = router.seen();
    for (let slot = 0; slot < order.length; slot++) counts[slot] = seen[slot + 1] ?? 0;
  } else {
    for (let i = 0; i < bad; i++) {
      const code = slots[i] as number;
      if (code > 0) counts[code - 1] = (counts[code - 1] as number) + 1;
    }
  }
  const undatedCount = placer.undated;
  const accs: Group<P>[] = order.map((k, slot) => {
    const group: Group<P> = { acc: factory.create(metricOptions), count: counts[slot] as number };
    // A period counts its invalid records; the total lists them (once).
    groups.set(k, { acc: { result: () => (group.acc as unknown as Engine<unknown, P>).result(true) }, count: group.count });
    return group;
  });
  if (undatedCount > 0) undated = { acc: factory.create(metricOptions), count: undatedCount };
  const parts = undated === null ? accs : [...accs, undated];
  let base = -1;
  if (router === null) {
    // The largest period's accumulator becomes the total once every period's result is taken,
    // its storage sized once.
    counts.forEach((c, slot) => {
      if (base < 0 || c > (counts[base] as number)) base = slot;
    });
    for (const [slot, group] of parts.entries()) if (group.acc instanceof Engine) group.acc.reserve(slot === base ? len : group.count);
    for (let i = 0; i < bad; i++) {
      const slot = slots[i] as number;
      (slot === 0 ? (undated as Group<P>) : (accs[slot - 1] as Group<P>)).acc.add(tickets[i], i);
    }
  }
  if (bad < len) {
    const t = tickets[bad] as Record<string, unknown>;
    const value = atFn !== null ? atFn(t, bad) : t[field as string];
    return fail(fn, timestampIssue(value, atFn === null ? [collection, bad, field as string] : [collection, bad]));
  }
  if (router !== null) router.finish([undated?.acc ?? null, ...accs.map((g) => g.acc)], [undatedCount, ...counts]);
  const undatedResult = undated === null ? null : { count: undated.count, result: (undated.acc as unknown as Engine<unknown, P>).result(true) };
  return finishPeriods(
    fn,
    groups,
    undatedResult,
    () => {
      let all = total;
      if (router === null) {
        if (base >= 0) all = (accs[base] as Group<P>).acc;
        parts.forEach((group, slot) => {
          if (slot !== base) all.merge(group.acc);
        });
      }
      return all.result();
    },
    { bucketer, settings, fill, field, empty: () => factory.create(metricOptions).result(), shape },
  );
}

/** What {@link finishPeriods} needs besides the groups. @internal */
export interface PeriodFrame<P, R> {
  readonly bucketer: ReturnType<typeof bucketerOf>;
  readonly settings: PeriodSettings;
  readonly fill: boolean;
  readonly field: string | null;
  /** The part result of an empty period. */
  readonly empty: () => P;
  /** How a part's result makes a row. */
  readonly shape: RowShape<P, R>;
}

/**
 * The result of {@link byPeriod} (and of its accumulator) from each period's group: rows in time
 * order, with empty periods filled in and the change from the row before. `total` is called after
 * every period's result is taken (it may merge the periods' accumulators into one of them).
 * Also the end of `runMetricsByPeriod` (kpi-kit/duckdb), over the results of the SQL's groups. @internal
 */
export function finishPeriods<P, R>(
  fn: string,
  groups: ReadonlyMap<number, PeriodPart<P>>,
  undated: { readonly count: number; readonly result: P } | null,
  total: () => P,
  frame: PeriodFrame<P, R>,
): ByPeriodResult<R> {
  const { bucketer, settings, fill, shape } = frame;
  const indices = [...groups.keys()].sort((a, b) => a - b);
  const periods: PeriodRow<R>[] = [];
  if (indices.length > 0) {
    const first = indices[0] as number;
    const lastK = indices[indices.length - 1] as number;
    const count = fill ? lastK - first + 1 : indices.length;
    if (count > MAX_FILLED_PERIODS) {
      const from = bucketer.period(first).key;
      const to = bucketer.period(lastK).key;
      return fail(fn, {
        code: 'out_of_range',
        path: ['options', 'fill'],
        input: fill,
        detail: `${fn} would list ${count} ${settings.period} periods (${from} to ${to}), more than ${MAX_FILLED_PERIODS}: check the timestamps, or pass fill: false`,
      });
    }
    let empty: P | undefined;
    let previous: unknown = undefined;
    const push = (k: number, group: PeriodPart<P> | undefined): void => {
      let part: P;
      if (group === undefined) {
        if (empty === undefined) empty = frame.empty();
        part = empty;
      } else {
        part = group.acc.result();
      }
      const { result, segments } = shape.row(part);
      const value = valueOf(result);
      const change = periods.length === 0 ? null : changeOf(previous, value);
      periods.push({ ...bucketer.period(k), count: group?.count ?? 0, result, change, ...(segments === undefined ? {} : { segments }) });
      previous = value;
    };
    if (fill) for (let k = first; k <= lastK; k++) push(k, groups.get(k));
    else for (const k of indices) push(k, groups.get(k));
  }
  const undatedRow = undated === null ? null : { count: undated.count, ...shape.row(undated.result) };
  const all = shape.row(total());
  return deepFreeze({
    periods,
    undated: undatedRow,
    total: all.result,
    ...(all.segments === undefined ? {} : { segments: all.segments }),
    period: settings.period,
    timeZone: settings.timeZone,
    weekStartsOn: settings.weekStartsOn,
    at: frame.field ?? 'function',
    ...(shape.by === null ? {} : { by: shape.by }),
  });
}

/** The options of {@link byPeriod} and {@link byPeriodAccumulator}, checked. */
interface ByPeriodSettings {
  readonly settings: PeriodSettings;
  readonly at: string | ((ticket: unknown, index: number) => unknown);
  readonly fill: boolean;
  /** The segment key, or `null` without `by`. */
  readonly by: SegmentBy | null;
}

/** Checks the options of {@link byPeriod} and {@link byPeriodAccumulator}. */
function readByPeriodOptions(fn: string, options: unknown, records: MetricRecords): ByPeriodSettings {
  const { settings, options: o } = readPeriodOptions(fn, options, ['at', 'fill', 'by']);
  const at = o['at'] ?? records.timestampFields[0];
  if (!(typeof at === 'function' || records.timestampFields.includes(at as string))) {
    return fail(fn, {
      code: 'invalid_value',
      path: ['options', 'at'],
      input: at,
      expected: `one of ${records.timestampFields.map((f) => `'${f}'`).join(', ')}, or a function (${records.record}, index) => timestamp`,
    });
  }
  const fill = o['fill'] ?? true;
  if (typeof fill !== 'boolean') return fail(fn, { code: 'invalid_type', path: ['options', 'fill'], input: fill, expected: 'true or false' });
  const by = o['by'] ?? null;
  if (!(by === null || isSegmentBy(by))) {
    return fail(fn, {
      code: 'invalid_type',
      path: ['options', 'by'],
      input: by,
      expected: `a ${records.record} field name or a key function (${records.record}, index) => key`,
    });
  }
  return { settings, at: at as string | ((ticket: unknown, index: number) => unknown), fill, by };
}

/**
 * {@link byPeriod} as a streaming, mergeable accumulator: the one {@link Accumulator} contract,
 * whose result is what `byPeriod` gives over every record added and merged. For data that does not
 * fit in memory as one array (a file read row by row), or that is reduced in shards. Memory: one
 * accumulator of the metric per period (for duration metrics, one number per record, as the metric
 * itself). Its JSON state holds each period's state of the metric and the normalised options —
 * the period settings, `at`, `fill`, the metric's name and options — and is read back with
 * `byPeriodAccumulator.fromJSON(json, metric)`.
 */
export type ByPeriodAccumulator<R> = Accumulator<ByPeriodResult<R>>;

/**
 * {@link byPeriodAccumulator} made with `by`: its result is a {@link ByPeriodSegmentsResult}.
 * Memory: one accumulator of the metric per period and segment. Its JSON state holds, per period,
 * each segment's state of the metric.
 */
export type ByPeriodSegmentsAccumulator<R> = Accumulator<ByPeriodSegmentsResult<R>>;

/** `byPeriodAccumulator(metric, options, metricOptions?)`, and `fromJSON(json, metric)`. */
export interface ByPeriodAccumulatorFactory {
  /**
   * A streaming, mergeable form of {@link byPeriod}: the same periods, `undated` and `total`, from
   * records added one at a time. `fill` lists empty periods between the first and the last seen.
   */
  <O, R, F extends string = string>(
    metric: SegmentableMetric<O, R, F>,
    options: ByPeriodSegmentsOptions<NoInfer<F>>,
    metricOptions?: O,
  ): ByPeriodSegmentsAccumulator<R>;
  <O, R, F extends string = string>(metric: SegmentableMetric<O, R, F>, options: ByPeriodOptions<NoInfer<F>>, metricOptions?: O): ByPeriodAccumulator<R>;
  /**
   * An accumulator restored from `toJSON()` output, for `metric` (the metric it was made for:
   * the state names it and the two must agree). The whole state is validated, each period's state
   * as the metric's own `fromJSON` validates it. A state made with `by` gives a
   * {@link ByPeriodSegmentsAccumulator} (type it so: the type cannot be read from `json`).
   */
  fromJSON<O, R, F extends string = string>(json: unknown, metric: SegmentableMetric<O, R, F>): ByPeriodAccumulator<R>;
}

/**
 * A streaming, mergeable form of {@link byPeriod}: the same periods, `undated` and `total`, from
 * records added one at a time. `fill` lists empty periods between the first and the last seen.
 *
 * Cost: per record one timestamp read, one period lookup and the metric's `add`; use `byPeriod`
 * on an array in memory (it places and measures in one pass, about 1.5× one call of the metric).
 *
 * `byPeriodAccumulator.fromJSON(json, metric)` restores a state (the metric must be the one it
 * was made for). An `at` function cannot travel in JSON: `toJSON()` of such an accumulator throws.
 *
 * With `options.by` its result is a {@link ByPeriodSegmentsResult} (period × segment): each
 * period keeps one accumulator of the metric per segment, and its state (options with `by`) holds
 * each period's segments' states. A key function cannot travel in JSON either. Accumulators made
 * with and without `by`, or with another `by`, refuse to merge.
 *
 * @param metric - A ticket or contact metric, as for {@link byPeriod}.
 * @param options - {@link ByPeriodOptions}, as for {@link byPeriod}.
 * @param metricOptions - The metric's options.
 * @returns A {@link ByPeriodAccumulator}.
 * @throws {@link KpiInputError} as {@link byPeriod} does: at creation for bad options, on `add` for a
 *   malformed `at` timestamp (path `tickets[i].<field>`, `tickets[i]` for a function), a bad key
 *   value with `by`, and for what the metric rejects; on `merge` (code `'incompatible'`) when the
 *   other accumulator is of another metric or was made with other period settings, `at`, `fill`,
 *   `by` or metric options.
 * @see docs/metrics.md#byperiodaccumulator-bysegmentaccumulator
 *
 * @example
 * ```ts
 * import { byPeriodAccumulator, firstResponseTime } from 'kpi-kit';
 *
 * const january = byPeriodAccumulator(firstResponseTime, { period: 'month' });
 * january.add({ createdAt: '2024-01-05T10:00:00Z', firstResponseMs: 3_600_000 });
 * const march = byPeriodAccumulator(firstResponseTime, { period: 'month' });
 * march.add({ createdAt: '2024-03-02T09:00:00Z', firstResponseMs: 1_800_000 });
 * // March's shard travels as JSON (a worker, a queue) and is merged back.
 * const shipped = byPeriodAccumulator.fromJSON(JSON.parse(JSON.stringify(march)), firstResponseTime);
 * const r = january.merge(shipped).result();
 * r.periods.map((p) => [p.key, p.result.value]); // [['2024-01', 3600000], ['2024-02', null], ['2024-03', 1800000]]
 * r.total.n; // 2
 *
 * // Period × segment, in shards.
 * const a = byPeriodAccumulator(firstResponseTime, { period: 'month', by: 'channel' });
 * a.add({ createdAt: '2024-01-05T10:00:00Z', firstResponseMs: 3_600_000, channel: 'chat' });
 * const b = byPeriodAccumulator(firstResponseTime, { period: 'month', by: 'channel' });
 * b.add({ createdAt: '2024-01-09T10:00:00Z', firstResponseMs: 600_000, channel: 'email' });
 * const split = a.merge(b).result();
 * split.periods[0]!.segments.map((s) => [s.key, s.result.value]); // [['chat', 3600000], ['email', 600000]]
 * ```
 */
export const byPeriodAccumulator: ByPeriodAccumulatorFactory = /* @__PURE__ */ Object.assign(
  function byPeriodAccumulator<O, R, F extends string = string>(
    metric: SegmentableMetric<O, R, F>,
    options: ByPeriodOptions<NoInfer<F>>,
    metricOptions?: O,
  ): ByPeriodSegmentsAccumulator<R> {
    const factory = requireMetric<O, R>('byPeriodAccumulator', metric);
    // The result has `segments` exactly when `options.by` is given, as the overloads say.
    return new Engine(periodKernel<R>('byPeriodAccumulator', factory, options, metricOptions)) as unknown as ByPeriodSegmentsAccumulator<R>;
  },
  {
    fromJSON<O, R, F extends string = string>(json: unknown, metric: SegmentableMetric<O, R, F>): ByPeriodAccumulator<R> {
      const factory = requireMetric<O, R>('byPeriodAccumulator.fromJSON', metric) as RecordMetricFactory<unknown, R>;
      return restoreEngine('byPeriod', json, (options, fn) => {
        const o = isRecord(options) ? options : {};
        const { metric: name, metricOptions, ...periodOptions } = o;
        if (name !== factory.metric) {
          fail(fn, {
            code: 'invalid_value',
            path: ['options', 'metric'],
            input: name,
            detail: `this state is of byPeriod(${String(name)}), not of byPeriod(${factory.metric}): pass the metric it was made for`,
          });
        }
        if (periodOptions['by'] === 'function')
          fail(fn, { code: 'invalid_value', path: ['options', 'by'], input: 'function', expected: 'a field name (a key function cannot travel in JSON)' });
        return periodKernel<R>(fn, factory, periodOptions, metricOptions);
      });
    },
  },
);

/**
 * The state of a period accumulator: one part per period, and the undated one. A part is an
 * accumulator of the metric, or with `by` a bySegment accumulator of it.
 */
interface PeriodState<P> {
  readonly groups: Map<number, Engine<unknown, P>>;
  undated: Engine<unknown, P> | null;
}

/** The kernel of a period accumulator. */
function periodKernel<R>(fn: string, factory: RecordMetricFactory<unknown, R>, options: unknown, metricOptions: unknown): Kernel<unknown, ByPeriodResult<R>> {
  const read = readByPeriodOptions(fn, options, factory.records);
  // Made once here so that the metric's options are checked at creation (and normalised).
  const probe = (factory.create(metricOptions) as unknown as Engine<unknown, R>).kernel;
  const normalised = probe.options;
  const leafThrows = probe.throwOnInvalid;
  const kernel =
    read.by === null
      ? partsKernel(fn, factory.metric, factory, read, normalised, plainRows<R>(), leafThrows)
      : partsKernel(fn, factory.metric, segmentParts(fn, factory, read.by), read, normalised, segmentRows<R>(read.by), leafThrows);
  return kernel;
}

/**
 * The rows of each period of columns, as columns of their own (in order of first row; `null`:
 * the undated rows): each row placed by its instant in the column `field` (missing: undated). An
 * instant beyond the range of Date is undated when `field` is the required one, else `null` is
 * returned (the rows are then read one by one, which reports it).
 */
function periodGroups(
  source: ColumnRows,
  field: string,
  bucketer: { indexOf(ms: number): number; periodStart(index: number): number },
  strict: boolean,
  by: string | null,
): readonly (readonly [number | null, ColumnRows])[] | null {
  const n = source.length;
  const instants = source.float64(field);
  if (instants === null && source.has(field)) return null;
  // With segments, each row's segment first: a row's group is then its (period, segment) cell, in
  // order of first row (a period's rows are known by their segments, the cells as the segment
  // grouping gives them); without, its period.
  const segments = by === null ? null : segmentsOf(source, by);
  if (by !== null && segments === null) return null;
  const width = segments === null ? 1 : segments.keys.length;
  const segmentSlots = segments === null ? null : segments.slots;
  /** Row i's group; each group's rows counted as they are placed (no counting pass of its own). */
  const groupOf = new Int32Array(n);
  let counts = new Int32Array(16);
  const keys: (number | null)[] = [];
  const slotOf = new Map<number | null, number>();
  /** Period slot × width + segment slot → cell (−1: none yet); grown as periods come. */
  let cellOf = new Int32Array(4 * width).fill(-1);
  /** Each cell's period slot × width + segment slot. */
  const cells: number[] = [];
  // The last period met, [lo, hi), and its slot: rows sorted by time stay in it.
  let lo = Infinity;
  let hi = -Infinity;
  let last = -1;
  // Plain loops (no closures, arrays of one kind from the start): this runs once per batch.
  for (let i = 0; i < n; i++) {
    const ms = instants === null ? NaN : (instants[i] as number);
    let p = last;
    if (!(ms >= lo && ms < hi)) {
      let k: number | null = null;
      if (ms >= -MAX_EPOCH_MS && ms <= MAX_EPOCH_MS) k = bucketer.indexOf(ms);
      else if (ms === ms && strict) return null;
      let slot = slotOf.get(k);
      if (slot === undefined) {
        slot = keys.length;
        keys.push(k);
        slotOf.set(k, slot);
        if (keys.length * width > cellOf.length) {
          const grown = new Int32Array(2 * keys.length * width).fill(-1);
          grown.set(cellOf);
          cellOf = grown;
        }
      }
      p = slot;
      if (k === null) {
        lo = Infinity;
        hi = -Infinity;
      } else {
        lo = bucketer.periodStart(k);
        hi = bucketer.periodStart(k + 1);
        last = slot;
      }
    }
    let g = p;
    if (segmentSlots !== null) {
      const c = p * width + (segmentSlots[i] as number);
      g = cellOf[c] as number;
      if (g < 0) {
        g = cellOf[c] = cells.length;
        cells.push(c);
      }
    }
    if (g >= counts.length) {
      const grown = new Int32Array(2 * counts.length);
      grown.set(counts);
      counts = grown;
    }
    groupOf[i] = g;
    counts[g] = (counts[g] as number) + 1;
  }
  if (segments === null) {
    const { order, starts } = groupRows(groupOf, keys.length, counts);
    return keys.map((k, g) => [k, source.gather(order, starts[g] as number, starts[g + 1] as number)] as const);
  }
  const { order, starts } = groupRows(groupOf, cells.length, counts);
  const byPeriod: [SegmentKey, ColumnRows][][] = [];
  const sizes = new Int32Array(keys.length);
  for (let p = 0; p < keys.length; p++) byPeriod.push([]);
  for (let cell = 0; cell < cells.length; cell++) {
    const c = cells[cell] as number;
    const p = Math.floor(c / width);
    const from = starts[cell] as number;
    const to = starts[cell + 1] as number;
    (byPeriod[p] as [SegmentKey, ColumnRows][]).push([segments.keys[c % width] as SegmentKey, source.gather(order, from, to)]);
    sizes[p] = (sizes[p] as number) + to - from;
  }
  const out: (readonly [number | null, ColumnRows])[] = [];
  for (let p = 0; p < keys.length; p++) out.push([keys[p] as number | null, new SplitRows(sizes[p] as number, segmentsKey(by as string), byPeriod[p])]);
  return out;
}

/**
 * The kernel of a period accumulator whose parts come from `parts` (the metric's factory, or
 * `segmentParts` with `by`), made with the metric's normalised options.
 */
function partsKernel<P, R>(
  fn: string,
  metric: string,
  parts: RecordMetricFactory<unknown, P>,
  read: ByPeriodSettings,
  metricOptions: { readonly [key: string]: JsonValue },
  shape: RowShape<P, R>,
  /** Whether the metric raises an invalid record at once (then rows read as columns are added one by one). */
  leafThrows: boolean,
): Kernel<PeriodState<P>, ByPeriodResult<R>> {
  const records = parts.records;
  const { settings, at, fill } = read;
  // Errors name the function records are added through (a restored accumulator's too).
  const callFn = fn.replace(/\.fromJSON$/, '');
  const probe = parts.create(metricOptions) as unknown as Engine<unknown, P>;
  const childOptions = probe.kernel.options;
  // Every part runs on the probe's kernel (a kernel keeps no records: its state is its engine's),
  // so that a part is made without reading the options again, and parts merge without comparing them.
  // The parts explain only the invalid records the total may list (see ListingBound).
  const bound = new ListingBound();
  const make = (): Engine<unknown, P> => new Engine(probe.kernel, new InvalidRecords(false, bound));
  const bucketer = bucketerOf(settings);
  const reader = new TimestampReader(settings.timeZone);
  const field = typeof at === 'string' ? at : null;
  const atFn = typeof at === 'function' ? at : null;
  /** The key of a record's period, `null` when undated; raises for a malformed `at` timestamp. */
  const keyOf = (record: unknown, i: number): number | null => {
    let value: unknown;
    if (atFn !== null) value = atFn(record, i);
    else if (typeof record === 'object' && record !== null) value = (record as Record<string, unknown>)[field as string];
    if (value !== undefined && value !== null) {
      const ms = reader.instant(value);
      if (ms !== -Infinity) return bucketer.indexOf(ms);
      if (field !== records.required) {
        const path: KpiPath = field === null ? [records.collection, i] : [records.collection, i, field];
        return fail(callFn, timestampIssue(value, path));
      }
    }
    return null;
  };
  const groupOf = (state: PeriodState<P>, k: number | null): Engine<unknown, P> => {
    if (k === null) return (state.undated ??= make());
    let acc = state.groups.get(k);
    if (acc === undefined) {
      acc = make();
      state.groups.set(k, acc);
    }
    return acc;
  };
  const functions = atFn === null ? (probe.kernel.functions ?? {}) : { ...(probe.kernel.functions ?? {}), at: atFn };
  return {
    metric: 'byPeriod',
    options: {
      metric,
      period: settings.period,
      timeZone: settings.timeZone,
      weekStartsOn: settings.weekStartsOn,
      at: field ?? 'function',
      fill,
      metricOptions,
      ...(shape.by === null ? {} : { by: shape.by }),
    },
    ...(Object.keys(functions).length > 0 ? { functions } : {}),
    collection: records.collection,
    throwOnInvalid: true,
    init: () => ({ groups: new Map(), undated: null }),
    add(state, record, index) {
      groupOf(state, keyOf(record, index)).add(record, index);
      return null;
    },
    addAll(state, list, base) {
      // Runs of records in one period (exports sorted by time) go to its accumulator's addAll in one
      // call; records are added in order, so errors come as one pass would raise them.
      let start = 0;
      let run: Engine<unknown, P> | null = null;
      const flush = (end: number): void => {
        if (run === null || end === start) return;
        if (end - start > 1) run.addAll(Array.prototype.slice.call(list, start, end), base + start);
        else run.add(list[start], base + start);
      };
      for (let i = 0; i < list.length; i++) {
        let acc: Engine<unknown, P>;
        try {
          acc = groupOf(state, keyOf(list[i], base + i));
        } catch (e) {
          flush(i);
          throw e;
        }
        if (acc !== run) {
          flush(i);
          run = acc;
          start = i;
        }
      }
      flush(list.length);
    },
    // Rows read as columns: each row's period found once, then each period's rows handed to its
    // accumulator (a segment accumulator with `by`) as columns of their own, in row order. Not when
    // the metric raises an invalid record at once, nor for an `at` that is not a column of instants,
    // nor when an instant or a segment key cannot be read: the rows are then added one by one,
    // which raises the error of the first such row, as records do.
    addColumns(state, source, base) {
      if (leafThrows || field === null || !(source instanceof ColumnRows)) return false;
      const by = shape.by;
      if (by !== null && typeof by !== 'string') return false;
      const parts = source.memo(`periods of ${field} ${settings.period} ${settings.timeZone} ${settings.weekStartsOn} by ${String(by)}`, () =>
        periodGroups(source, field, bucketer, field !== records.required, by),
      );
      if (parts === null) return false;
      for (const [k, rows] of parts) groupOf(state, k).addAll(rows, base);
      return true;
    },
    merge(into, from) {
      const groups = [...from.groups];
      const undated = from.undated;
      for (const [k, theirs] of groups) groupOf(into, k).merge(theirs);
      if (undated !== null) groupOf(into, null).merge(undated);
    },
    result(state, invalid) {
      // Each period (and the undated) counts its invalid records; the total lists them (once).
      const groups = new Map<number, PeriodPart<P>>();
      for (const [k, acc] of state.groups) groups.set(k, { acc: { result: () => acc.result(true) }, count: acc.n });
      const undated = state.undated === null ? null : { count: state.undated.n, result: state.undated.result(true) };
      return finishPeriods(
        callFn,
        groups,
        undated,
        // Every period's accumulator (and the undated one) taken together, as their merge.
        () => Engine.resultOf([...state.groups.values(), ...(state.undated === null ? [] : [state.undated])], make, invalid.countedOnly),
        { bucketer, settings, fill, field, empty: () => make().result(), shape },
      );
    },
    toJSON(state) {
      const periods = [...state.groups.keys()]
        .sort((a, b) => a - b)
        .map((k) => ({ key: bucketer.period(k).key, index: k, state: childState(state.groups.get(k) as Engine<unknown, P>) }));
      return { periods, undated: state.undated === null ? null : childState(state.undated) };
    },
    restore(json, issues) {
      const state: PeriodState<P> = { groups: new Map(), undated: null };
      if (!isRecord(json) || !Array.isArray(json['periods'])) {
        issues.add({ code: 'invalid_type', path: ['state'], input: json, expected: '{ periods: [{ key, index, state }], undated }' });
        return state;
      }
      const periods = json['periods'] as unknown[];
      let last = -Infinity;
      for (let j = 0; j < periods.length; j++) {
        const item = periods[j];
        const path: KpiPath = ['state', 'periods', j];
        const k = isRecord(item) ? item['index'] : undefined;
        if (!isRecord(item) || typeof k !== 'number' || !Number.isSafeInteger(k) || k <= last || !samePeriod(bucketer, k, item['key'])) {
          issues.add({
            code: 'invalid_value',
            path,
            input: item,
            expected: '{ key, index, state }: a period of these settings (key and index agreeing), in ascending order',
          });
          return state;
        }
        last = k;
        const acc = restoreChild(parts, childOptions, item['state'], [...path, 'state'], issues);
        if (acc === null) return state;
        state.groups.set(k, acc);
      }
      const undated = json['undated'];
      if (undated !== null) {
        const acc = restoreChild(parts, childOptions, undated, ['state', 'undated'], issues);
        if (acc === null) return state;
        state.undated = acc;
      }
      return state;
    },
    counted(state) {
      let n = state.undated?.n ?? 0;
      for (const acc of state.groups.values()) n += acc.n;
      return n;
    },
  };
}

/** Whether `key` is the key of period `k` (a period index that the bucketer can place). */
function samePeriod(bucketer: ReturnType<typeof bucketerOf>, k: number, key: unknown): boolean {
  try {
    return bucketer.period(k).key === key;
  } catch {
    return false;
  }
}

/** A result's `value`, when the result is an object. */
function valueOf(result: unknown): unknown {
  return typeof result === 'object' && result !== null ? (result as { value?: unknown }).value : undefined;
}

/** The change from `previous` to `value` when both are finite numbers. */
function changeOf(previous: unknown, value: unknown): PeriodChange | null {
  if (typeof previous !== 'number' || typeof value !== 'number' || !Number.isFinite(previous) || !Number.isFinite(value)) return null;
  const diff = value - previous;
  if (previous === 0) return { value: diff, relative: null, reason: 'the previous value is 0: the relative change is undefined' };
  const relative = diff / Math.abs(previous);
  // A previous value near 0 (a subnormal, 5e-324) makes the ratio overflow: no finite relative change.
  if (!Number.isFinite(relative))
    return { value: diff, relative: null, reason: 'the previous value is too close to 0: the relative change is not a finite number' };
  return { value: diff, relative, reason: null };
}

/**
 * Places tickets (or other records) in periods: `code(ticket, i)` gives the ticket's period slot + 1
 * (slots numbered in order of first appearance, `order[slot]` the period's ordinal), 0 for a ticket
 * without the `at` timestamp (or, for the `required` one — `createdAt` of tickets, `offeredAt` of
 * contacts — with one the metric will report as invalid), or −1 for a malformed `at` timestamp of
 * another field or function. Small enough to be inlined into the metric's loop;
 * what is not an epoch-ms number in a period seen before takes the slow path.
 */
class TicketPlacer implements RecordPlacer {
  /** Period ordinal of each slot. */
  readonly order: number[] = [];
  /** Tickets without the `at` timestamp. */
  undated = 0;
  private readonly byCreated: boolean;
  /** Period ordinal → slot + 1: a direct table near the first period seen, a Map beyond it. */
  private readonly table = new Int32Array(SLOT_TABLE);
  private tableBase = 0;
  private readonly slotOf = new Map<number, number>();
  /**
   * UTC day − dayBase → code (slot + 1) of the period holding the whole day; −(code before the
   * boundary) for a day split at `splitAt` (code after it in `after`); 0: not known yet. `before`
   * and `after` hold the sides of a split day while they are being learnt.
   */
  private dayCodes = new Int32Array(0);
  private splitAt = new Float64Array(0);
  private before = new Int32Array(0);
  private after = new Int32Array(0);
  private dayBase = 0;
  /** The last ticket's period (ordinal, slot), and its range when known (else NaN). */
  private lastIndex = NaN;
  private lastSlot = -1;
  private curStart = NaN;
  private curEnd = NaN;

  constructor(
    private readonly bucketer: ReturnType<typeof bucketerOf>,
    private readonly reader: TimestampReader,
    private readonly field: string | null,
    private readonly atFn: ((ticket: unknown, index: number) => unknown) | null,
    /** The timestamp every record needs, which the metric itself checks. */
    private readonly required: string,
  ) {
    this.byCreated = field === 'createdAt';
  }

  /**
   * The placing instant of a ticket when it is epoch ms (read in an if/else of its own, so that the
   * number stays an unboxed double), else NaN: loads only, for the read-ahead of the routing loop.
   */
  instant(t: object): number {
    if (this.atFn !== null) return NaN;
    const v = this.byCreated ? (t as { createdAt?: unknown }).createdAt : (t as Record<string, unknown>)[this.field as string];
    let ms = NaN;
    if (typeof v === 'number') {
      if (v >= -MAX_EPOCH_MS && v <= MAX_EPOCH_MS) ms = v;
    }
    return ms;
  }

  /**
   * The code of a ticket whose `instant` is `ms` (NaN when it was not plain epoch ms): a period seen
   * before takes a table lookup, everything else `slow`.
   */
  code(ms: number, t: unknown, i: number): number {
    if (ms === ms) {
      const code = this.known(ms);
      if (code > 0) return code;
    }
    return this.slow(t, i);
  }

  /** The code of epoch ms `ms` when it lies in a period seen before (cheaply known), else 0. */
  private known(ms: number): number {
    // A UTC day seen before, wholly inside one period, takes one table lookup (in any order).
    const d = Math.floor(ms / DAY_MS) - this.dayBase;
    const dayCodes = this.dayCodes;
    if (d >= 0 && d < dayCodes.length) {
      const code = dayCodes[d] as number;
      if (code > 0) return code;
      // A day split by a period boundary (in zones away from UTC): the code on each side.
      if (code < 0) return ms < (this.splitAt[d] as number) ? -code : (this.after[d] as number);
    }
    return 0;
  }

  /**
   * The index of UTC day `day` in the day tables, grown to hold it; −1 beyond MAX_DAY_CODES days
   * (those days take the slow path).
   */
  private dayAt(day: number): number {
    const d = day - this.dayBase;
    if (d >= 0 && d < this.dayCodes.length) return d;
    const length = this.dayCodes.length;
    const from = length === 0 ? day - 256 : Math.min(this.dayBase, day - 256);
    const to = length === 0 ? day + 256 : Math.max(this.dayBase + length, day + 256);
    if (to - from > MAX_DAY_CODES) return -1;
    const size = Math.min(MAX_DAY_CODES, Math.max(to - from, 2 * length));
    const shift = this.dayBase - from;
    const codes = new Int32Array(size);
    const after = new Int32Array(size);
    const before = new Int32Array(size);
    const splitAt = new Float64Array(size).fill(NaN);
    if (length > 0) {
      codes.set(this.dayCodes, shift);
      after.set(this.after, shift);
      before.set(this.before, shift);
      splitAt.set(this.splitAt, shift);
    }
    this.dayCodes = codes;
    this.after = after;
    this.before = before;
    this.splitAt = splitAt;
    this.dayBase = from;
    return day - from;
  }

  /**
   * Notes what is known of UTC day `day` from a ticket placed in the period [start, end) of
   * `code`: the whole day is in it, or one side of a boundary inside the day (the day's code is set
   * once both sides are known). A period shorter than a day notes nothing.
   */
  private noteDay(day: number, code: number, start: number, end: number): void {
    const dayStart = day * DAY_MS;
    const dayEnd = dayStart + DAY_MS;
    const whole = start <= dayStart && end >= dayEnd;
    const boundary = whole ? NaN : start <= dayStart && end < dayEnd ? end : start > dayStart && end >= dayEnd ? start : NaN;
    if (!whole && boundary !== boundary) return;
    const d = this.dayAt(day);
    if (d < 0) return;
    if (whole) {
      this.dayCodes[d] = code;
      return;
    }
    if (this.splitAt[d] !== boundary) {
      this.splitAt[d] = boundary;
      this.before[d] = 0;
      this.after[d] = 0;
    }
    if (boundary === end) this.before[d] = code;
    else this.after[d] = code;
    if ((this.before[d] as number) > 0 && (this.after[d] as number) > 0) this.dayCodes[d] = -(this.before[d] as number);
  }

  /** Everything else: strings and Dates, a new period, a day holding a period boundary, no timestamp. */
  private slow(t: unknown, i: number): number {
    let value: unknown;
    if (this.atFn !== null) value = this.atFn(t, i);
    else if (typeof t === 'object' && t !== null) value = (t as Record<string, unknown>)[this.field as string];
    let ms = NaN;
    if (typeof value === 'number') {
      if (value >= -MAX_EPOCH_MS && value <= MAX_EPOCH_MS) ms = value;
    } else if (value !== undefined && value !== null) {
      ms = this.reader.read(value);
    }
    if (ms !== ms) {
      if (value !== undefined && value !== null && this.field !== this.required) return -1;
      this.undated++;
      return 0;
    }
    const day = Math.floor(ms / DAY_MS);
    if (ms >= this.curStart && ms < this.curEnd) {
      // In the range of the last period: its UTC days take the table from now on.
      const code = this.lastSlot + 1;
      this.noteDay(day, code, this.curStart, this.curEnd);
      return code;
    }
    const bucketer = this.bucketer;
    let k = bucketer.dayIndex(day);
    if (k !== k) {
      k = bucketer.indexOf(ms);
      this.curStart = bucketer.periodStart(k);
      this.curEnd = bucketer.periodStart(k + 1);
    } else {
      // The range checked above belongs to the period before: forget it.
      this.curStart = NaN;
      this.curEnd = NaN;
    }
    if (k !== this.lastIndex) {
      const d = k - this.tableBase;
      let slot = d >= 0 && d < SLOT_TABLE ? (this.table[d] as number) - 1 : (this.slotOf.get(k) ?? -1);
      if (slot < 0) {
        if (this.order.length === 0) this.tableBase = k - (SLOT_TABLE >> 1);
        slot = this.order.length;
        const e = k - this.tableBase;
        if (e >= 0 && e < SLOT_TABLE) this.table[e] = slot + 1;
        else this.slotOf.set(k, slot);
        this.order.push(k);
      }
      this.lastIndex = k;
      this.lastSlot = slot;
    }
    const slot = this.lastSlot;
    // The UTC day of the ticket, whole in the period or split by its boundary: later tickets of the
    // day take the table.
    if (bucketer.dayIndex(day) === k) this.noteDay(day, slot + 1, day * DAY_MS, (day + 1) * DAY_MS);
    else this.noteDay(day, slot + 1, bucketer.periodStart(k), bucketer.periodStart(k + 1));
    return slot + 1;
  }
}
