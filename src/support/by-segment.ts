/**
 * Any ticket or contact metric per segment (channel, agent, team, priority, queue, or a key
 * function), in one pass.
 *
 * @module
 */
import { deepFreeze } from '../core/result.js';
import { fail, isRecord, readOffset } from '../core/validate.js';
import { type TicketAccumulator, type TicketAccumulatorFactory, recordsOf } from './ticket-metric.js';

/** A segment key: what a record field or key function gives (`null` when the record has none). */
export type SegmentKey = string | number | boolean | null;

/** How records (tickets, contacts) are split: a field name, or a function of the record (and its index). */
export type SegmentBy = string | ((record: never, index: number) => SegmentKey | undefined);

/** One segment of {@link bySegment}. */
export interface Segment<R> {
  /** The segment's key (`null`: records without a value for the key). */
  readonly key: SegmentKey;
  /** Records in the segment — tickets, or contacts for a contact metric — measured, excluded and invalid. */
  readonly tickets: number;
  /** The metric over the segment's records. */
  readonly result: R;
}

/** Result of {@link bySegment}. */
export interface BySegmentResult<R> {
  /** Segments, most records first, then by key (`null` last). */
  readonly segments: readonly Segment<R>[];
  /** The metric over all records (the merge of every segment: the same as one call of the metric). */
  readonly total: R;
  /** The key: the field name, or `"function"`. */
  readonly by: string;
}

/**
 * A metric `bySegment` and `byPeriod` can drive: a ticket metric, or a contact metric
 * (`abandonmentRate`, `serviceLevel`, `averageSpeedOfAnswer`), with its `accumulator`. `F`: the
 * timestamp fields its records can be placed by (declared by `accumulator.records`).
 */
export interface SegmentableMetric<O, R, F extends string = string> {
  readonly accumulator: TicketAccumulatorFactory<O, R, F>;
}

/** Validates the metric argument of bySegment / byPeriod. @internal */
export function requireMetric<O, R>(fn: string, metric: unknown): TicketAccumulatorFactory<O, R> {
  const accumulator = (metric as { accumulator?: unknown } | null | undefined)?.accumulator;
  if ((typeof metric === 'function' || isRecord(metric)) && isRecord(accumulator) && typeof accumulator['create'] === 'function') {
    return accumulator as unknown as TicketAccumulatorFactory<O, R>;
  }
  return fail(fn, { code: 'invalid_type', path: ['metric'], input: metric, expected: 'a ticket or contact metric of kpi-kit (like firstResponseTime or abandonmentRate)' });
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
 * contact metric). Each segment's `tickets` counts its records (contacts, for a contact metric).
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
 * @see METRICS.md §6 (segments).
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
export function bySegment<O, R>(
  metric: SegmentableMetric<O, R>,
  tickets: readonly unknown[],
  by: SegmentBy,
  options?: O,
): BySegmentResult<R> {
  const fn = 'bySegment';
  const factory = requireMetric<O, R>(fn, metric);
  const { collection } = recordsOf(factory);
  if (!Array.isArray(tickets)) return fail(fn, { code: 'invalid_type', path: [collection], input: tickets, expected: `an array of ${collection}` });
  if (!(typeof by === 'function' || (typeof by === 'string' && by !== ''))) {
    return fail(fn, { code: 'invalid_type', path: ['by'], input: by, expected: 'a record field name or a key function' });
  }
  const total = factory.create(options);
  const groups = new Map<SegmentKey, SegmentGroup<R>>();
  const len = tickets.length;
  for (let i = 0; i < len; i++) {
    const t: unknown = tickets[i];
    const key = readKey(fn, t, i, by, collection);
    let group = groups.get(key);
    if (group === undefined) {
      group = { acc: factory.create(options), tickets: 0 };
      groups.set(key, group);
    }
    group.acc.add(t, i);
    group.tickets++;
  }
  return finishSegments(groups, total, by);
}

interface SegmentGroup<R> {
  readonly acc: TicketAccumulator<R>;
  tickets: number;
}

/** The result of {@link bySegment} from each segment's group; the groups are merged into `total`. */
function finishSegments<R>(groups: ReadonlyMap<SegmentKey, SegmentGroup<R>>, total: TicketAccumulator<R>, by: SegmentBy): BySegmentResult<R> {
  const segments: Segment<R>[] = [];
  for (const [key, group] of groups) {
    total.merge(group.acc);
    segments.push({ key, tickets: group.tickets, result: group.acc.result() });
  }
  segments.sort((a, b) => b.tickets - a.tickets || compareKeys(a.key, b.key));
  return deepFreeze({ segments, total: total.result(), by: typeof by === 'string' ? by : 'function' });
}

/**
 * {@link bySegment} as a streaming, mergeable accumulator: records are added one at a time (or in
 * batches) to their segment's accumulator of the metric; `result()` gives what `bySegment` gives
 * over every record added and merged. Memory: one accumulator of the metric per segment.
 */
export interface BySegmentAccumulator<R> {
  /** Records added so far (merged ones included). */
  readonly n: number;
  /** Adds one record; `index` names it in errors and in `excluded` (default: the count so far). */
  add(record: unknown, index?: number): this;
  /** Adds records in order; record i is named `offset + i` (default offset: the count so far). */
  addAll(records: readonly unknown[], offset?: number): this;
  /**
   * Adds another accumulator's records. It must be made by `bySegmentAccumulator` with the same
   * metric and `by`, and the same metric options. `other` is not changed.
   */
  merge(other: BySegmentAccumulator<R>): this;
  /** {@link bySegment} over every record so far. Can be called again after more records. */
  result(): BySegmentResult<R>;
}

/**
 * A streaming, mergeable form of {@link bySegment}: the same segments and `total`, from records
 * added one at a time (a file read row by row, or shards merged).
 *
 * @param metric - A ticket or contact metric, as for {@link bySegment}.
 * @param by - A field name, or a key function, as for {@link bySegment}.
 * @param options - The metric's options.
 * @returns A {@link BySegmentAccumulator}.
 * @throws {@link KpiInputError} as {@link bySegment} does: at creation for a bad metric, `by` or
 *   metric options; on `add` for a key that is not a string, finite number, boolean or null and for
 *   what the metric rejects; on `merge` when the other is not a `bySegmentAccumulator` of the same
 *   metric and `by`.
 * @see METRICS.md §6 (segments).
 *
 * @example
 * ```ts
 * import { bySegmentAccumulator, firstResponseTime } from 'kpi-kit';
 *
 * const acc = bySegmentAccumulator(firstResponseTime, 'channel');
 * acc.add({ createdAt: 0, firstResponseMs: 60_000, channel: 'chat' });
 * acc.addAll([{ createdAt: 0, firstResponseMs: 180_000, channel: 'chat' }, { createdAt: 0, firstResponseMs: 7_200_000, channel: 'email' }]);
 * acc.result().segments.map((s) => [s.key, s.result.value]); // [['chat', 120000], ['email', 7200000]]
 * acc.result().segments.map((s) => s.tickets); // [2, 1]
 * acc.n; // 3
 * ```
 */
export function bySegmentAccumulator<O, R>(metric: SegmentableMetric<O, R>, by: SegmentBy, options?: O): BySegmentAccumulator<R> {
  const fn = 'bySegmentAccumulator';
  const factory = requireMetric<O, R>(fn, metric);
  if (!(typeof by === 'function' || (typeof by === 'string' && by !== ''))) {
    return fail(fn, { code: 'invalid_type', path: ['by'], input: by, expected: 'a record field name or a key function' });
  }
  factory.create(options);
  return new SegmentAccumulator<R>(factory as TicketAccumulatorFactory<unknown, R>, options, by);
}

class SegmentAccumulator<R> implements BySegmentAccumulator<R> {
  n = 0;
  private readonly groups = new Map<SegmentKey, SegmentGroup<R>>();
  private readonly collection: string;

  constructor(
    private readonly factory: TicketAccumulatorFactory<unknown, R>,
    private readonly options: unknown,
    private readonly by: SegmentBy,
  ) {
    this.collection = recordsOf(factory).collection;
  }

  private group(key: SegmentKey): SegmentGroup<R> {
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { acc: this.factory.create(this.options as never), tickets: 0 };
      this.groups.set(key, group);
    }
    return group;
  }

  add(record: unknown, index?: number): this {
    const i = readOffset('bySegmentAccumulator.add', index, this.n);
    const group = this.group(readKey('bySegmentAccumulator', record, i, this.by, this.collection));
    group.acc.add(record, i);
    group.tickets++;
    this.n++;
    return this;
  }

  addAll(records: readonly unknown[], offset?: number): this {
    const fn = 'bySegmentAccumulator.addAll';
    if (!Array.isArray(records)) return fail(fn, { code: 'invalid_type', path: [this.collection], input: records, expected: `an array of ${this.collection}` });
    const first = readOffset(fn, offset, this.n);
    for (let i = 0; i < records.length; i++) this.add(records[i], first + i);
    return this;
  }

  merge(other: BySegmentAccumulator<R>): this {
    if (!(other instanceof SegmentAccumulator) || other.factory !== this.factory || other.by !== this.by) {
      return fail('bySegmentAccumulator.merge', { code: 'invalid_value', path: ['other'], input: other, expected: 'a bySegmentAccumulator of the same metric and by' });
    }
    for (const [key, theirs] of (other as SegmentAccumulator<R>).groups) {
      const mine = this.group(key);
      mine.acc.merge(theirs.acc);
      mine.tickets += theirs.tickets;
    }
    this.n += other.n;
    return this;
  }

  result(): BySegmentResult<R> {
    // Each segment's accumulator is merged into a fresh total; the segments stay as they are.
    return finishSegments(this.groups, this.factory.create(this.options as never), this.by);
  }
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
    expected: typeof by === 'string' ? 'a segment key: a string, finite number, boolean or null' : 'a key function result: a string, finite number, boolean, null or undefined',
  });
}
