/**
 * Top topics: the most frequent contact reasons, with the trend against a previous period.
 *
 * @module
 */
import { type IssueSpec, type KpiIssue, type KpiPath, KpiInputError } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { IssueCollector, fail, integerRange, isRecord, requireInput, selectForm } from '../core/validate.js';
import { withColumns } from '../records/columns.js';
import { TICKET_KIND } from '../records/tickets.js';
import { type SegmentBy, type SegmentKey } from '../grouping/by-segment.js';
import { type RecordExcluded, type RecordMetricSpec, readRecordSettings, recordAccumulatorFactory } from './record-metric.js';
import { type InvalidTicket, type Ticket, type TicketOptions, type TicketSettings, type TicketColumns } from './ticket.js';
import {
  type KeyCounts,
  type KeySettings,
  countsToJSON,
  keyFunctions,
  keyIssues,
  keyOf,
  keyOptions,
  mergeCounts,
  noInvalid,
  readBy,
  readKeyCounts,
  rejectKeyFunction,
  restoreKeyCounts,
  sortedCounts,
  sumCounts,
  withKeyField,
  countKeys,
} from './volume-by-channel.js';
import { type Accumulator, type Engine, type WithAccumulator, withAccumulator, addRecords, isRowSource } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** The name of the default key: `topic`, else `category`, else `null`. */
const TOPIC_THEN_CATEGORY = 'topic-then-category';

/** Options of {@link topTopics}. */
export interface TopTopicsOptions extends TicketOptions {
  /** How many topics are listed before the "other" row: an integer from 1 to 10000. Default 10. */
  readonly top?: number;
  /**
   * The contact reason of a ticket: `'topic-then-category'` (default: `topic`, else `category`,
   * else `null`), another field name, or a function `(ticket, index) => key` as in `bySegment`.
   * With count input only a name is accepted (it is echoed as `by`).
   */
  readonly by?: SegmentBy;
}

/**
 * Input of {@link topTopics}: the period's tickets and optionally the previous period's, or counts
 * per topic for one or both periods.
 */
export type TopTopicsInput =
  | { readonly tickets: readonly Ticket[]; readonly previous?: readonly Ticket[] }
  | { readonly columns: TicketColumns; readonly previous?: readonly Ticket[] }
  | { readonly counts: KeyCounts; readonly previousCounts?: KeyCounts };

/** One row of {@link topTopics}: a topic, or the "other" row. */
export interface TopicRow {
  /** The topic; `null` for tickets without one; `'other'` on the "other" row (see `other`). */
  readonly key: SegmentKey;
  /** Tickets of the period with this topic (on the "other" row: with any topic not listed). */
  readonly count: number;
  /** count / total. */
  readonly share: number;
  /** 1 for the most frequent topic, 2 for the next, ...; `null` on the "other" row. */
  readonly rank: number | null;
  /**
   * Tickets of the previous period with this topic (on the "other" row: with any topic not listed
   * above it, including topics absent from this period); `null` without a previous period.
   */
  readonly previousCount: number | null;
  /** count − previousCount; `null` without a previous period. */
  readonly change: number | null;
  /** change / previousCount; `null` without a previous period or when previousCount is 0. */
  readonly relativeChange: number | null;
  /** Whether this is the "other" row (the sum of every topic beyond the top ones). */
  readonly other: boolean;
  /** Topics the row stands for: 1 for a topic, the number of topics folded in for "other". */
  readonly keyCount: number;
}

/** Result of {@link topTopics}. */
export interface TopTopicsResult {
  /** Tickets counted in the period (the same as `total`; the ranking itself is `rows`). */
  readonly value: number;
  /** Tickets counted in the period. */
  readonly total: number;
  /** Tickets counted in the previous period; `null` without one. */
  readonly previousTotal: number | null;
  /** The `top` option. */
  readonly top: number;
  /**
   * The `top` most frequent topics (ties in key order, `null` ranked like any other key), then,
   * only when the period has more than `top` topics, one "other" row with the rest.
   */
  readonly rows: readonly TopicRow[];
  /** Distinct topics in the period (`null` counted as one). */
  readonly topicCount: number;
  /** Tickets on the "other" row (0 without one). */
  readonly otherCount: number;
  /** The key: `'topic-then-category'` (default), the field name given, or `'function'`. */
  readonly by: string;
  /**
   * Tickets left out: invalid ones of the period (with `onInvalid: 'exclude'`) and, in `previous`,
   * those of the previous period (paths `previous[i]...`; `null` without a previous period).
   */
  readonly excluded: RecordExcluded & { readonly previous: RecordExcluded | null };
}

interface Settings extends TicketSettings, KeySettings {
  readonly top: number;
}
type State = Map<SegmentKey, number>;

const FN = 'topTopics';
const TOP = integerRange(1, 10_000);

function readSettings(fn: string, o: Record<string, unknown>): Omit<Settings, keyof TicketSettings> {
  const issues = new IssueCollector(fn);
  const top = o['top'] ?? 10;
  issues.check(top, TOP, ['options', 'top']);
  issues.throwIfAny();
  return { ...readBy(fn, o['by'], TOPIC_THEN_CATEGORY, TOPIC_THEN_CATEGORY), top: top as number };
}

function relative(change: number | null, previous: number | null): number | null {
  return change === null || previous === null || previous === 0 ? null : change / previous;
}

function row(key: SegmentKey, count: number, total: number, rank: number | null, previousCount: number | null, other: boolean, keyCount: number): TopicRow {
  const change = previousCount === null ? null : count - previousCount;
  return { key, count, share: count / total, rank, previousCount, change, relativeChange: relative(change, previousCount), other, keyCount };
}

function finish(
  counts: ReadonlyMap<SegmentKey, number>,
  previous: ReadonlyMap<SegmentKey, number> | null,
  s: { readonly top: number; readonly byName: string | null },
): Omit<TopTopicsResult, 'excluded'> {
  const sorted = sortedCounts(counts);
  const total = sumCounts(counts);
  const previousTotal = previous === null ? null : sumCounts(previous);
  const shown = sorted.slice(0, s.top);
  const rows: TopicRow[] = [];
  let previousShown = 0;
  shown.forEach(([key, count], i) => {
    const before = previous === null ? null : (previous.get(key) ?? 0);
    previousShown += before ?? 0;
    rows.push(row(key, count, total, i + 1, before, false, 1));
  });
  let otherCount = 0;
  if (sorted.length > s.top) {
    for (let i = s.top; i < sorted.length; i++) otherCount += (sorted[i] as [SegmentKey, number])[1];
    rows.push(row('other', otherCount, total, null, previousTotal === null ? null : previousTotal - previousShown, true, sorted.length - s.top));
  }
  return { value: total, total, previousTotal, top: s.top, rows, topicCount: sorted.length, otherCount, by: s.byName as string };
}

const spec: RecordMetricSpec<Settings, State, TopTopicsResult> = {
  metric: FN,
  optionKeys: ['top', 'by'],
  settings: (fn, o, base) => ({ ...base, ...readSettings(fn, o) }),
  fields: (s) => (s.by === null ? ['createdAt', 'topic', 'category'] : withKeyField(['createdAt'], s)),
  required: () => ['createdAt'],
  init: () => new Map(),
  add(state, t, _times, s, index) {
    let key: SegmentKey | undefined;
    if (s.by === null) key = (t['topic'] ?? t['category'] ?? null) as string | null;
    else {
      key = keyOf(FN, t, s, index);
      if (key === undefined) return false;
    }
    state.set(key, (state.get(key) ?? 0) + 1);
    return true;
  },
  explain: (t, _times, s, path) => keyIssues(FN, t, s, path),
  addColumns(state, view, check, s) {
    if (s.by !== null) return countKeys(state, view, check.valid, s);
    // The topic, else the category: each read from a dictionary column or an array.
    const topic = view.values('topic');
    const category = view.values('category');
    if (topic === null || category === null) return null;
    const { valid } = check;
    const counts = new Map<unknown, number>();
    const dict = view.dictionary('topic');
    if (dict !== null) {
      // A dictionary column of topics: counted per code; a row without a topic by its category.
      const { codes, dictionary } = dict;
      const perCode = new Float64Array(dictionary.length);
      for (let i = 0; i < valid.length; i++) {
        if (valid[i] === 0) continue;
        const code = codes[i] as number;
        if (code >= 0 && dictionary[code] !== null && dictionary[code] !== undefined) perCode[code] = (perCode[code] as number) + 1;
        else {
          const key = category(i) ?? null;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      for (let code = 0; code < perCode.length; code++) {
        const count = perCode[code] as number;
        if (count > 0) counts.set(dictionary[code], (counts.get(dictionary[code]) ?? 0) + count);
      }
    } else {
      for (let i = 0; i < valid.length; i++) {
        if (valid[i] === 0) continue;
        const key = topic(i) ?? category(i) ?? null;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    for (const [key, count] of counts) state.set(key as SegmentKey, (state.get(key as SegmentKey) ?? 0) + count);
    return [];
  },
  merge: (into, from) => mergeCounts(into, from),
  result: (state, s) => ({ ...finish(state, null, s), excluded: { previous: null } }),
  toJSON: (state) => ({ counts: countsToJSON(state) }),
  restore: (json, _s, issues) => restoreKeyCounts(issues, isRecord(json) ? json['counts'] : undefined, ['state', 'counts']),
  options: (s) => ({ top: s.top, ...keyOptions(s) }),
  functions: keyFunctions,
  counted: sumCounts,
};

/**
 * Mergeable accumulator of {@link topTopics} for one period; its result equals {@link topTopics}
 * over all tickets added (without a previous period), in any order or split. Its JSON state holds
 * the count per topic (each key written as JSON, so that its type round-trips). With `by` given as a
 * function, `toJSON` throws (JSON cannot carry a function) and `merge` takes only an accumulator
 * made with the same function.
 *
 * @example
 * ```ts
 * import { topTopicsAccumulator } from 'kpi-kit';
 *
 * const acc = topTopicsAccumulator.create({ top: 1 });
 * acc.add({ createdAt: 0, topic: 'billing' }).add({ createdAt: 0, topic: 'billing' }).add({ createdAt: 0, category: 'login' });
 * acc.result().rows.map((r) => r.key); // ['billing', 'other']
 * acc.result().otherCount; // 1
 * ```
 */
export const topTopicsAccumulator: RecordMetricFactory<TopTopicsOptions, TopTopicsResult, TicketTimestampField> =
  /* @__PURE__ */ recordAccumulatorFactory(spec);

/** A path or message of the previous period: `tickets[i]` becomes `previous[i]`. */
function toPrevious(path: KpiPath): KpiPath {
  return path[0] === 'tickets' ? ['previous', ...path.slice(1)] : path;
}
function previousMessage(message: string): string {
  return message.replace(/\btickets\[(\d+)\]/g, 'previous[$1]');
}
function previousIssue(i: KpiIssue): IssueSpec {
  return { code: i.code, path: toPrevious(i.path), input: i.input, detail: previousMessage(i.message) };
}
function previousExcluded(e: RecordExcluded): RecordExcluded {
  const listed = (t: InvalidTicket): InvalidTicket => ({
    index: t.index,
    issues: t.issues.map((i) => ({ code: i.code, path: toPrevious(i.path), input: i.input, message: previousMessage(i.message) })),
  });
  return { invalid: e.invalid, invalidIndices: e.invalidIndices, invalidTickets: e.invalidTickets.map(listed) };
}

/**
 * The count per key held by an accumulator of this module (its state read directly: a key function
 * makes `toJSON` throw, and the counts are all that is needed).
 */
function countsOf(acc: Accumulator<TopTopicsResult>): ReadonlyMap<SegmentKey, number> {
  return (acc as unknown as Engine<State, TopTopicsResult>).state;
}

/**
 * Top topics: the most frequent contact reasons of a period, the `top` (default 10) of them by
 * ticket count with their share, then one "other" row (`other: true`, key `'other'`) summing every
 * remaining topic — present only when the period has more than `top` topics. A ticket's topic is its
 * `topic`, else its `category`; tickets with neither form the topic `null`, ranked like any other.
 * Ties are broken by key order (strings, numbers and booleans in natural order, `null` last); ranks
 * run 1, 2, 3, ... without gaps.
 *
 * With a previous period (`previous` tickets or `previousCounts`), every row also gives its count
 * in that period, the change (count − previous count) and the relative change (change / previous
 * count; `null` when the previous count is 0). The "other" row's previous count is the previous
 * period's tickets on every topic not listed above it.
 *
 * `value` is the number of tickets counted in the period (a count, like {@link volumeByChannel}'s;
 * the ranking is `rows`).
 *
 * @param input - `{ tickets, previous? }` (each ticket needs `createdAt`; `topic` and `category`
 *   must be strings when present), or `{ counts, previousCounts? }` (objects or `Map`s of counts per
 *   topic; topics with a count of 0 are not listed).
 * @param options - {@link TopTopicsOptions}: `top`, `by`, and the shared ticket options
 *   (`resolvedStatuses` is accepted for uniformity and has no effect here).
 * @returns {@link TopTopicsResult}.
 * @throws {@link KpiInputError} for a malformed ticket (path `tickets[i].field`, or
 *   `previous[i].field` in the previous period; with `onInvalid: 'exclude'` it is left out and
 *   listed in `excluded`), a key value that is not a string, finite number, boolean or null, a
 *   `top` that is not an integer from 1 to 10000, unknown options, counts that are not non-negative
 *   integers (path `counts.<key>` or `previousCounts.<key>`), and a key function with count input.
 * @see docs/metrics.md#toptopics (top topics).
 *
 * @example
 * ```ts
 * import { topTopics } from 'kpi-kit';
 *
 * const r = topTopics(
 *   { counts: { billing: 50, login: 30, shipping: 15, refunds: 5 }, previousCounts: { billing: 40, login: 40, refunds: 20 } },
 *   { top: 2 },
 * );
 * r.rows.map((x) => x.key); // ['billing', 'login', 'other']
 * r.rows.map((x) => x.share); // [0.5, 0.3, 0.2]
 * r.rows.map((x) => x.change); // [10, -10, 0]
 * r.rows[0]!.relativeChange; // 0.25
 * r.rows[2]!.keyCount; // 2
 * ```
 */
export const topTopics: WithAccumulator<(input: TopTopicsInput, options?: TopTopicsOptions) => TopTopicsResult, typeof topTopicsAccumulator> =
  /* @__PURE__ */ withAccumulator(function topTopics(input: TopTopicsInput, options?: TopTopicsOptions): TopTopicsResult {
    const record = withColumns(FN, TICKET_KIND, requireInput(FN, input));
    const form = selectForm(FN, record, [
      { name: 'tickets', fields: ['tickets', 'previous'] },
      { name: 'counts', fields: ['counts', 'previousCounts'] },
    ]);
    const s = readRecordSettings(spec, options);
    if (form === 'counts') {
      rejectKeyFunction(FN, s);
      const issues = new IssueCollector(FN);
      if (record['counts'] === undefined) issues.add({ code: 'missing', path: ['counts'], input: undefined, expected: 'counts per topic of the period' });
      const counts = readKeyCounts(issues, record['counts'], ['counts']);
      const previous = record['previousCounts'] === undefined ? null : readKeyCounts(issues, record['previousCounts'], ['previousCounts']);
      issues.throwIfAny();
      return deepFreeze({ ...finish(counts, previous, s), excluded: { ...noInvalid(), previous: previous === null ? null : noInvalid() } });
    }
    const tickets = record['tickets'];
    if (tickets === undefined) return fail(FN, { code: 'missing', path: ['tickets'], input: undefined, expected: 'an array of the tickets of the period' });
    if (!Array.isArray(tickets) && !isRowSource(tickets))
      return fail(FN, { code: 'invalid_type', path: ['tickets'], input: tickets, expected: 'an array of tickets' });
    const current = addRecords(topTopicsAccumulator.create(options), tickets);
    const before = record['previous'];
    if (before === undefined) return current.result();
    if (!Array.isArray(before))
      return fail(FN, { code: 'invalid_type', path: ['previous'], input: before, expected: 'an array of the tickets of the previous period' });
    const previous = topTopicsAccumulator.create(options);
    try {
      previous.addAll(before);
    } catch (error) {
      if (error instanceof KpiInputError) throw new KpiInputError(FN, error.issues.map(previousIssue), error.issueCount);
      throw error;
    }
    const { invalid, invalidIndices, invalidTickets } = current.result().excluded;
    return deepFreeze({
      ...finish(countsOf(current), countsOf(previous), s),
      excluded: { previous: previousExcluded(previous.result().excluded), invalid, invalidIndices, invalidTickets },
    });
  }, topTopicsAccumulator);
