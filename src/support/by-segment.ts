/**
 * Any ticket metric per segment (channel, agent, team, priority, or a key function), in one pass.
 *
 * @module
 */
import { deepFreeze } from '../core/result.js';
import { fail, isRecord } from '../core/validate.js';
import { type TicketAccumulator, type TicketAccumulatorFactory } from './ticket-metric.js';

/** A segment key: what a ticket field or key function gives (`null` when the ticket has none). */
export type SegmentKey = string | number | boolean | null;

/** How tickets are split: a ticket field name, or a function of the ticket (and its index). */
export type SegmentBy = string | ((ticket: never, index: number) => SegmentKey | undefined);

/** One segment of {@link bySegment}. */
export interface Segment<R> {
  /** The segment's key (`null`: tickets without a value for the key). */
  readonly key: SegmentKey;
  /** Tickets in the segment (measured, excluded and invalid). */
  readonly tickets: number;
  /** The metric over the segment's tickets. */
  readonly result: R;
}

/** Result of {@link bySegment}. */
export interface BySegmentResult<R> {
  /** Segments, most tickets first, then by key (`null` last). */
  readonly segments: readonly Segment<R>[];
  /** The metric over all tickets (the merge of every segment: the same as one call of the metric). */
  readonly total: R;
  /** The key: the field name, or `"function"`. */
  readonly by: string;
}

/** A metric `bySegment` and `byPeriod` can drive: a ticket metric with its `accumulator`. */
export interface SegmentableMetric<O, R> {
  readonly accumulator: TicketAccumulatorFactory<O, R>;
}

/** Validates the metric argument of bySegment / byPeriod. @internal */
export function requireMetric<O, R>(fn: string, metric: unknown): TicketAccumulatorFactory<O, R> {
  const accumulator = (metric as { accumulator?: unknown } | null | undefined)?.accumulator;
  if ((typeof metric === 'function' || isRecord(metric)) && isRecord(accumulator) && typeof accumulator['create'] === 'function') {
    return accumulator as unknown as TicketAccumulatorFactory<O, R>;
  }
  return fail(fn, { code: 'invalid_type', path: ['metric'], input: metric, expected: 'a ticket metric of kpi-kit (like firstResponseTime)' });
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
 * A ticket metric per segment: the tickets are split by a field (`'channel'`, `'agent'`, `'team'`,
 * `'priority'`, ...) or a key function, and the metric is computed for each segment — all in one
 * pass, through the metric's accumulator. `total` is the metric over every ticket.
 *
 * Tickets without a value for the key (absent or `null`) form the segment `null`. Errors name the
 * ticket's index in `tickets`, as the metric itself would.
 *
 * @param metric - A ticket metric (`firstResponseTime`, `resolutionTime`, ...).
 * @param tickets - The tickets.
 * @param by - A field name, or a function `(ticket, index) => key` returning a string, number,
 *   boolean or null/undefined.
 * @param options - The metric's options (as its second argument).
 * @returns {@link BySegmentResult}: segments sorted by ticket count (descending), then key.
 * @throws {@link KpiInputError} when `metric` is not a ticket metric, `tickets` not an array, `by`
 *   neither a field name nor a function, a key value is not a string, number, boolean or null (path
 *   `tickets[i].<field>`, or `tickets[i]` for a function), and for what the metric itself rejects.
 * @see METRICS.md §6 (segments).
 *
 * @example
 * ```ts
 * import { bySegment, firstResponseTime } from 'kpi-kit';
 *
 * const tickets = [
 *   { createdAt: 0, firstResponseMs: 60_000, channel: 'chat' },
 *   { createdAt: 0, firstResponseMs: 180_000, channel: 'chat' },
 *   { createdAt: 0, firstResponseMs: 7_200_000, channel: 'email' },
 * ];
 * const r = bySegment(firstResponseTime, tickets, 'channel');
 * r.segments.map((s) => [s.key, s.result.value]); // [['chat', 120000], ['email', 7200000]]
 * r.total.n; // 3
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
  if (!Array.isArray(tickets)) return fail(fn, { code: 'invalid_type', path: ['tickets'], input: tickets, expected: 'an array of tickets' });
  if (!(typeof by === 'function' || (typeof by === 'string' && by !== ''))) {
    return fail(fn, { code: 'invalid_type', path: ['by'], input: by, expected: 'a ticket field name or a key function' });
  }
  const total = factory.create(options);
  const groups = new Map<SegmentKey, { acc: TicketAccumulator<R>; tickets: number }>();
  const len = tickets.length;
  for (let i = 0; i < len; i++) {
    const t: unknown = tickets[i];
    const key = readKey(fn, t, i, by);
    let group = groups.get(key);
    if (group === undefined) {
      group = { acc: factory.create(options), tickets: 0 };
      groups.set(key, group);
    }
    group.acc.add(t, i);
    group.tickets++;
  }
  const segments: Segment<R>[] = [];
  for (const [key, group] of groups) {
    total.merge(group.acc);
    segments.push({ key, tickets: group.tickets, result: group.acc.result() });
  }
  segments.sort((a, b) => b.tickets - a.tickets || compareKeys(a.key, b.key));
  return deepFreeze({ segments, total: total.result(), by: typeof by === 'string' ? by : 'function' });
}

/** The segment key of a ticket. @internal */
export function readKey(fn: string, ticket: unknown, index: number, by: SegmentBy): SegmentKey {
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
    path: typeof by === 'string' ? ['tickets', index, by] : ['tickets', index],
    input: value,
    expected: typeof by === 'string' ? 'a segment key: a string, finite number, boolean or null' : 'a key function result: a string, finite number, boolean, null or undefined',
  });
}
