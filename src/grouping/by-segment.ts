/**
 * Any ticket or contact metric per segment (channel, agent, team, priority, queue, or a key
 * function), in one pass.
 *
 * @module
 */
import { type Accumulator, type Kernel, Engine, InvalidRecords, ListingBound, restoreEngine } from '../core/accumulator.js';
import { type KpiPath } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { fail, isRecord, requireArray } from '../core/validate.js';
import { type RecordMetricFactory } from '../records/metric-records.js';
import { type SegmentableMetric, childState, groupRows, requireMetric, restoreChild } from './parts.js';
import { ColumnRows } from '../records/columns.js';

export type { SegmentableMetric };

/** A segment key: what a record field or key function gives (`null` when the record has none). */
export type SegmentKey = string | number | boolean | null;

/** How records (tickets, contacts) are split: a field name, or a function of the record (and its index). */
export type SegmentBy = string | ((record: never, index: number) => SegmentKey | undefined);

/** One segment of {@link bySegment}. */
export interface Segment<R> {
  /** The segment's key (`null`: records without a value for the key). */
  readonly key: SegmentKey;
  /** Records in the segment — tickets, or contacts for a contact metric — measured, excluded and invalid. */
  readonly count: number;
  /**
   * The metric over the segment's records; its invalid records (`onInvalid: 'exclude'`) are counted
   * in `excluded.invalid` and not listed (the grouping's `total` lists them, once).
   */
  readonly result: R;
}

/** Result of {@link bySegment}. */
export interface BySegmentResult<R> {
  /** Segments, most records first, then by key (`null` last). */
  readonly segments: readonly Segment<R>[];
  /**
   * The metric over all records (the merge of every segment: the same as one call of the metric),
   * listing every invalid record (`onInvalid: 'exclude'`; the segments only count theirs).
   */
  readonly total: R;
  /** The key: the field name, or `"function"`. */
  readonly by: string;
}

/** Orders segments: most tickets first, then keys in natural order, `null` last. */
export function compareKeys(a: SegmentKey, b: SegmentKey): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a < b ? -1 : 1;
}

/**
 * A ticket or contact metric per segment: the records are split by a field (for tickets
 * `'channel'`, `'agent'`, `'team'`, `'priority'`, ...; for contacts `'queue'`, `'agent'`, ...) or a
 * key function, and the metric is computed for each segment — all in one pass, through the
 * metric's accumulator. `total` is the metric over every record.
 *
 * Records without a value for the key (absent or `null`) form the segment `null`. Errors name the
 * record's index in the array, as the metric itself would (`tickets[i]`, or `contacts[i]` for a
 * contact metric). Each segment's `count` counts its records (contacts, for a contact metric).
 *
 * @param metric - A ticket metric (`firstResponseTime`, `resolutionTime`, ...) or a contact metric
 *   (`abandonmentRate`, `serviceLevel`, `averageSpeedOfAnswer`).
 * @param tickets - The records the metric reads: tickets, or contacts for a contact metric.
 * @param by - A field name, or a function `(record, index) => key` returning a string, number,
 *   boolean or null/undefined.
 * @param options - The metric's options (as its second argument).
 * @returns {@link BySegmentResult}: segments sorted by record count (descending), then key.
 * @throws {@link KpiInputError} when `metric` is not a ticket or contact metric, the records are
 *   not an array, `by` is neither a field name nor a function, a key value is not a string, number,
 *   boolean or null (path `tickets[i].<field>`, or `tickets[i]` for a function; `contacts[i]...`
 *   for a contact metric), and for what the metric itself rejects.
 * @see docs/metrics.md#bysegment (segments).
 *
 * @example
 * ```ts
 * import { abandonmentRate, bySegment, firstResponseTime } from 'kpi-kit';
 *
 * const tickets = [
 *   { createdAt: 0, firstResponseMs: 60_000, channel: 'chat' },
 *   { createdAt: 0, firstResponseMs: 180_000, channel: 'chat' },
 *   { createdAt: 0, firstResponseMs: 7_200_000, channel: 'email' },
 * ];
 * const r = bySegment(firstResponseTime, tickets, 'channel');
 * r.segments.map((s) => [s.key, s.result.value]); // [['chat', 120000], ['email', 7200000]]
 * r.total.n; // 3
 *
 * // A contact metric, per queue.
 * const contacts = [
 *   { offeredAt: 0, answeredAt: 15_000, queue: 'sales' },
 *   { offeredAt: 0, abandonedAt: 40_000, queue: 'sales' },
 *   { offeredAt: 0, answeredAt: 5000, queue: 'billing' },
 * ];
 * bySegment(abandonmentRate, contacts, 'queue').segments.map((s) => [s.key, s.result.value]); // [['sales', 0.5], ['billing', 0]]
 * ```
 */
export function bySegment<O, R>(metric: SegmentableMetric<O, R>, tickets: readonly unknown[], by: SegmentBy, options?: O): BySegmentResult<R> {
  const fn = 'bySegment';
  const factory = requireMetric<O, R>(fn, metric);
  const { collection } = factory.records;
  // An array of at most MAX_ARRAY_LENGTH records: the per-record tables are sized by its length.
  requireArray(fn, tickets, [collection], `an array of ${collection}`);
  if (!(typeof by === 'function' || (typeof by === 'string' && by !== ''))) {
    return fail(fn, { code: 'invalid_type', path: ['by'], input: by, expected: 'a record field name or a key function' });
  }
  const total = factory.create(options);
  const groups = new Map<SegmentKey, Accumulator<R>>();
  const len = tickets.length;
  for (let i = 0; i < len; i++) {
    const t: unknown = tickets[i];
    const key = readKey(fn, t, i, by, collection);
    let group = groups.get(key);
    if (group === undefined) {
      group = factory.create(options);
      groups.set(key, group);
    }
    group.add(t, i);
  }
  return finishSegments(new Map([...groups].map(([key, acc]) => [key, [acc]])), () => total, by, false);
}

/**
 * The result of {@link bySegment} from each segment's accumulators (one, or one per period for
 * the segments over all periods): each segment's result over its accumulators taken together, and
 * the total over all of them (see `Engine.resultOf`: made alike, they are not merged when the
 * metric can do without; else they are merged into `make()`).
 */
function finishSegments<R>(
  groups: ReadonlyMap<SegmentKey, readonly Accumulator<R>[]>,
  make: () => Accumulator<R>,
  by: SegmentBy | string,
  /** Whether the total, too, only counts its invalid records (a grouping's group: see `InvalidRecords.counted`). */
  counted: boolean,
): BySegmentResult<R> {
  const segments: Segment<R>[] = [];
  const all: Engine<unknown, R>[] = [];
  for (const [key, list] of groups) {
    const accs = list as readonly Engine<unknown, R>[];
    let count = 0;
    for (const acc of accs) count += acc.n;
    // A segment counts its invalid records; the total lists them (once).
    const result = Engine.resultOf(accs, make as () => Engine<unknown, R>, true);
    segments.push({ key, count, result });
    all.push(...accs);
  }
  segments.sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
  return deepFreeze({ segments, total: Engine.resultOf(all, make as () => Engine<unknown, R>, counted), by: typeof by === 'string' ? by : 'function' });
}

/**
 * {@link bySegment} as a streaming, mergeable accumulator: the one {@link Accumulator} contract,
 * whose result is what `bySegment` gives over every record added and merged. Memory: one
 * accumulator of the metric per segment. Its JSON state holds each segment's state of the metric
 * and the normalised options (`by`, the metric's name and options), and is read back with
 * `bySegmentAccumulator.fromJSON(json, metric)`.
 */
export type BySegmentAccumulator<R> = Accumulator<BySegmentResult<R>>;

/** `bySegmentAccumulator(metric, by, options?)`, and `fromJSON(json, metric)`. */
export interface BySegmentAccumulatorFactory {
  /** A streaming, mergeable form of {@link bySegment}. */
  <O, R>(metric: SegmentableMetric<O, R>, by: SegmentBy, options?: O): BySegmentAccumulator<R>;
  /**
   * An accumulator restored from `toJSON()` output, for `metric` (the metric it was made for:
   * the state names it and the two must agree), validated as the metric's own `fromJSON` does.
   */
  fromJSON<O, R>(json: unknown, metric: SegmentableMetric<O, R>): BySegmentAccumulator<R>;
}

/**
 * A streaming, mergeable form of {@link bySegment}: the same segments and `total`, from records
 * added one at a time (a file read row by row, or shards merged, through JSON or not).
 *
 * `bySegmentAccumulator.fromJSON(json, metric)` restores a state (the metric must be the one it was
 * made for). A key function cannot travel in JSON: `toJSON()` of such an accumulator throws.
 *
 * @param metric - A ticket or contact metric, as for {@link bySegment}.
 * @param by - A field name, or a key function, as for {@link bySegment}.
 * @param options - The metric's options.
 * @returns A {@link BySegmentAccumulator}.
 * @throws {@link KpiInputError} as {@link bySegment} does: at creation for a bad metric, `by` or
 *   metric options; on `add` for a key that is not a string, finite number, boolean or null and for
 *   what the metric rejects; on `merge` (code `'incompatible'`) when the other is of another metric
 *   or was made with another `by` or other metric options.
 * @see docs/metrics.md#byperiodaccumulator-bysegmentaccumulator
 *
 * @example
 * ```ts
 * import { bySegmentAccumulator, firstResponseTime } from 'kpi-kit';
 *
 * const acc = bySegmentAccumulator(firstResponseTime, 'channel');
 * acc.add({ createdAt: 0, firstResponseMs: 60_000, channel: 'chat' });
 * acc.addAll([{ createdAt: 0, firstResponseMs: 180_000, channel: 'chat' }, { createdAt: 0, firstResponseMs: 7_200_000, channel: 'email' }]);
 * acc.result().segments.map((s) => [s.key, s.result.value]); // [['chat', 120000], ['email', 7200000]]
 * acc.result().segments.map((s) => s.count); // [2, 1]
 * const copy = bySegmentAccumulator.fromJSON(JSON.parse(JSON.stringify(acc)), firstResponseTime);
 * copy.n; // 3
 * ```
 */
export const bySegmentAccumulator: BySegmentAccumulatorFactory = /* @__PURE__ */ Object.assign(
  function bySegmentAccumulator<O, R>(metric: SegmentableMetric<O, R>, by: SegmentBy, options?: O): BySegmentAccumulator<R> {
    const factory = requireMetric<O, R>('bySegmentAccumulator', metric);
    return new Engine(segmentKernel<R>('bySegmentAccumulator', factory, by, options));
  },
  {
    fromJSON<O, R>(json: unknown, metric: SegmentableMetric<O, R>): BySegmentAccumulator<R> {
      const factory = requireMetric<O, R>('bySegmentAccumulator.fromJSON', metric) as RecordMetricFactory<unknown, R>;
      return restoreSegments(factory, json);
    },
  },
);

/** A bySegment accumulator of `factory`'s metric restored from its JSON state. */
function restoreSegments<R>(factory: RecordMetricFactory<unknown, R>, json: unknown): Engine<Map<SegmentKey, Engine<unknown, R>>, BySegmentResult<R>> {
  return restoreEngine('bySegment', json, (options, fn) => {
    const o = isRecord(options) ? options : {};
    if (o['metric'] !== factory.metric) {
      fail(fn, {
        code: 'invalid_value',
        path: ['options', 'metric'],
        input: o['metric'],
        detail: `this state is of bySegment(${String(o['metric'])}), not of bySegment(${factory.metric}): pass the metric it was made for`,
      });
    }
    const known = ['metric', 'by', 'metricOptions'];
    const extra = Object.keys(o).find((k) => !known.includes(k));
    if (extra !== undefined)
      fail(fn, {
        code: 'invalid_value',
        path: ['options', extra],
        input: o[extra],
        detail: `options.${extra} is not an option of bySegment (known: ${known.join(', ')})`,
      });
    if (o['by'] === 'function')
      fail(fn, { code: 'invalid_value', path: ['options', 'by'], input: o['by'], expected: 'a field name (a key function cannot travel in JSON)' });
    return segmentKernel<R>(fn, factory, o['by'] as SegmentBy, o['metricOptions']);
  });
}

/**
 * The accumulators of `factory`'s metric split by `by`, as a factory of the metric's form: what
 * `byPeriod` with `by` keeps per period (each period's records routed to their segment's
 * accumulator, so that each record is read and checked once). `create(metricOptions)`;
 * `fromJSON` reads a bySegment state. @internal
 */
export function segmentParts<R>(fn: string, factory: RecordMetricFactory<unknown, R>, by: SegmentBy): RecordMetricFactory<unknown, BySegmentResult<R>> {
  return {
    metric: 'bySegment',
    records: factory.records,
    create: (metricOptions?: unknown) => new Engine(segmentKernel<R>(fn, factory, by, metricOptions)),
    fromJSON: (json: unknown) => restoreSegments(factory, json),
  };
}

/** Whether `by` is a segment key: a non-empty field name or a function. @internal */
export function isSegmentBy(by: unknown): by is SegmentBy {
  return typeof by === 'function' || (typeof by === 'string' && by !== '');
}

/** The kernel of a segment accumulator: state, one accumulator of the metric per segment key. */
function segmentKernel<R>(
  fn: string,
  factory: RecordMetricFactory<unknown, R>,
  by: SegmentBy,
  metricOptions: unknown,
): Kernel<Map<SegmentKey, Engine<unknown, R>>, BySegmentResult<R>> {
  if (!isSegmentBy(by)) return fail(fn, { code: 'invalid_type', path: ['by'], input: by, expected: 'a record field name or a key function' });
  const probe = factory.create(metricOptions) as unknown as Engine<unknown, R>;
  const childOptions = probe.kernel.options;
  const leafThrows = probe.kernel.throwOnInvalid;
  // Every segment's accumulator runs on the probe's kernel, and explains only the invalid records
  // the total may list (see byPeriod's parts).
  const bound = new ListingBound();
  const make = (): Engine<unknown, R> => new Engine(probe.kernel, new InvalidRecords(false, bound));
  const { collection } = factory.records;
  // Key errors name the function records are added through (a restored state's too).
  const keyFn = fn.replace(/\.fromJSON$/, '');
  const groupOf = (groups: Map<SegmentKey, Engine<unknown, R>>, key: SegmentKey): Engine<unknown, R> => {
    let acc = groups.get(key);
    if (acc === undefined) {
      acc = make();
      groups.set(key, acc);
    }
    return acc;
  };
  const functions = typeof by === 'function' ? { ...(probe.kernel.functions ?? {}), by } : (probe.kernel.functions ?? {});
  return {
    metric: 'bySegment',
    options: { metric: factory.metric, by: typeof by === 'string' ? by : 'function', metricOptions: childOptions },
    ...(Object.keys(functions).length > 0 ? { functions } : {}),
    collection,
    throwOnInvalid: true,
    init: () => new Map(),
    add(groups, record, index) {
      groupOf(groups, readKey(keyFn, record, index, by, collection)).add(record, index);
      return null;
    },
    // Rows read as columns: each row's key read once, then each segment's rows handed to its
    // accumulator as columns of their own (in row order). Not when the metric raises an invalid
    // record at once, nor when a key is not one (the rows are then added one by one, which raises
    // the error of the first such row, as records do).
    addColumns(groups, source, base) {
      if (leafThrows || !(source instanceof ColumnRows) || typeof by !== 'string') return false;
      const parts = segmentGroups(source, by);
      if (parts === null) return false;
      for (const [key, rows] of parts) groupOf(groups, key).addAll(rows, base);
      return true;
    },
    merge(into, from) {
      for (const [key, theirs] of [...from]) groupOf(into, key).merge(theirs);
    },
    // The total over the segments' accumulators taken together (not merged when the metric can do without).
    result: (groups, invalid) => finishSegments(new Map([...groups].map(([key, acc]) => [key, [acc]])), make, by, invalid.countedOnly),
    // The segments over several states (a period accumulator's periods): each segment's
    // accumulators of every state taken together, in order of first state.
    resultOf(states, invalid) {
      const byKey = new Map<SegmentKey, Engine<unknown, R>[]>();
      for (const groups of states) {
        for (const [key, acc] of groups) {
          const list = byKey.get(key);
          if (list === undefined) byKey.set(key, [acc]);
          else list.push(acc);
        }
      }
      return finishSegments(byKey, make, by, invalid.countedOnly);
    },
    toJSON: (groups) => ({ segments: [...groups].map(([key, acc]) => ({ key, state: childState(acc) })) }),
    restore(json, issues) {
      const groups = new Map<SegmentKey, Engine<unknown, R>>();
      if (!isRecord(json) || !Array.isArray(json['segments'])) {
        issues.add({ code: 'invalid_type', path: ['state'], input: json, expected: '{ segments: [{ key, state }] }' });
        return groups;
      }
      const segments = json['segments'] as unknown[];
      for (let j = 0; j < segments.length; j++) {
        const item = segments[j];
        const path: KpiPath = ['state', 'segments', j];
        const key = isRecord(item) ? item['key'] : undefined;
        const keyOk = key === null || typeof key === 'string' || typeof key === 'boolean' || (typeof key === 'number' && Number.isFinite(key));
        if (!isRecord(item) || !keyOk || groups.has(key)) {
          issues.add({
            code: 'invalid_value',
            path,
            input: item,
            expected: '{ key, state }: a segment key (a string, finite number, boolean or null, each once) and its state',
          });
          return groups;
        }
        const acc = restoreChild(factory, childOptions, item['state'], [...path, 'state'], issues);
        if (acc === null) return groups;
        groups.set(key, acc);
      }
      return groups;
    },
    counted(groups) {
      let n = 0;
      for (const acc of groups.values()) n += acc.n;
      return n;
    },
  };
}

/**
 * The segment of each row of columns by the field `by` (as {@link readKey} reads it: missing is
 * null): `slots[i]` indexes `keys` (in order of first row). `null` when a value is not a key (the
 * rows are then read one by one, which reports it) or the column is in a layout not read here.
 * @internal
 */
export function segmentsOf(source: ColumnRows, by: string): { readonly slots: Int32Array; readonly keys: readonly SegmentKey[] } | null {
  const n = source.length;
  const slots = new Int32Array(n);
  const keys: SegmentKey[] = [];
  const slotOf = new Map<SegmentKey, number>();
  const slotOfKey = (key: SegmentKey): number => {
    let slot = slotOf.get(key);
    if (slot === undefined) {
      slot = keys.length;
      keys.push(key);
      slotOf.set(key, slot);
    }
    return slot;
  };
  const isKey = (v: unknown): v is SegmentKey => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  if (!source.has(by)) {
    if (n > 0) slotOfKey(null);
    return { slots, keys };
  }
  const dict = source.dictionary(by);
  if (dict !== null) {
    // Each code's slot found once (−1: not yet).
    const codeSlots = new Int32Array(dict.dictionary.length).fill(-1);
    for (let i = 0; i < n; i++) {
      const code = dict.codes[i] as number;
      if (code < 0) {
        slots[i] = slotOfKey(null);
        continue;
      }
      let slot = codeSlots[code] as number;
      if (slot < 0) {
        const v = dict.dictionary[code] ?? null;
        if (!isKey(v)) return null;
        slot = codeSlots[code] = slotOfKey(v);
      }
      slots[i] = slot;
    }
    return { slots, keys };
  }
  const values = source.values(by);
  if (values === null) return null;
  for (let i = 0; i < n; i++) {
    const v = values(i) ?? null;
    if (!isKey(v)) return null;
    slots[i] = slotOfKey(v);
  }
  return { slots, keys };
}

/** The key of {@link segmentGroups}'s result among the results kept for rows (see `ColumnRows.memo`). @internal */
export function segmentsKey(by: string): string {
  return `segments of ${by}`;
}

/**
 * The rows of each segment of columns (see {@link segmentsOf}), as columns of their own: worked out
 * once per rows (every metric of a report splits them alike). @internal
 */
export function segmentGroups(source: ColumnRows, by: string): readonly (readonly [SegmentKey, ColumnRows])[] | null {
  return source.memo(segmentsKey(by), () => {
    const split = segmentsOf(source, by);
    if (split === null) return null;
    const { order, starts } = groupRows(split.slots, split.keys.length);
    return split.keys.map((key, g) => [key, source.gather(order, starts[g] as number, starts[g + 1] as number)] as const);
  });
}

/** The segment key of a record (a ticket; `collection` names the records in error paths). @internal */
export function readKey(fn: string, ticket: unknown, index: number, by: SegmentBy, collection = 'tickets'): SegmentKey {
  let value: unknown;
  if (typeof by === 'string') {
    // Not an object: the metric reports it; its key is null.
    if (typeof ticket !== 'object' || ticket === null) return null;
    value = (ticket as Record<string, unknown>)[by];
  } else {
    value = (by as (t: unknown, i: number) => unknown)(ticket, index);
  }
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  return fail(fn, {
    code: 'invalid_type',
    path: typeof by === 'string' ? [collection, index, by] : [collection, index],
    input: value,
    expected:
      typeof by === 'string'
        ? 'a segment key: a string, finite number, boolean or null'
        : 'a key function result: a string, finite number, boolean, null or undefined',
  });
}
