/**
 * Backlog: the tickets open at an instant, with their ages.
 *
 * @module
 */
import { type IssueSpec } from '../core/errors.js';
import { ratio } from '../core/result.js';
import { IssueCollector, isRecord, requireInput } from '../core/validate.js';
import { withColumns } from '../records/columns.js';
import { TICKET_KIND } from '../records/tickets.js';
import { type DurationSummary, DurationSample, readPercentiles } from './durations.js';
import { type RecordExcluded, type RecordMetricSpec, readInstantOption, recordAccumulatorFactory, runRecordMetric } from './record-metric.js';
import { type Ticket, type TicketOptions, type TicketSettings, MAX_DURATION_MS, isResolved, type TicketColumns } from './ticket.js';
import { type TimestampInput, MAX_EPOCH_MS } from '../time/timestamp.js';
import { type WithAccumulator, restoreCount, restoreCounts, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Default age bucket bounds: 1, 3, 7 and 30 days. */
export const DEFAULT_AGE_BUCKETS_MS: readonly number[] = Object.freeze([DAY, 3 * DAY, 7 * DAY, 30 * DAY]);

/** Options of {@link backlog}. */
export interface BacklogOptions extends TicketOptions {
  /** The instant the backlog is taken at (required: kpi-kit never reads the clock). */
  readonly asOf: TimestampInput;
  /** Upper bounds of the age buckets in ms, ascending. Default 1, 3, 7 and 30 days. */
  readonly ageBucketsMs?: readonly number[];
  /**
   * Percentiles of the age to report, in percent, strictly between 0 and 100 (as `numpy.percentile`;
   * `quantile` takes 0–1 as `numpy.quantile`), keyed `p90`; the median is always given. Default `[90]`.
   */
  readonly percentiles?: readonly number[];
}

/** One age bucket of {@link BacklogResult}: open tickets aged in [fromMs, toMs). */
export interface BacklogAgeBucket {
  readonly fromMs: number;
  /** `null` for the last, open-ended bucket. */
  readonly toMs: number | null;
  readonly count: number;
  /** Share of the open tickets; `null` when none is open. */
  readonly share: number | null;
}

/** Result of {@link backlog}. */
export interface BacklogResult {
  /** Tickets open at `asOf`. */
  readonly value: number;
  /** Same as `value`. */
  readonly open: number;
  /** Tickets created by `asOf` and resolved or closed by then. */
  readonly closed: number;
  /** `asOf` in epoch ms. */
  readonly asOf: number;
  /** The open tickets' ages (asOf − createdAt) in ms: mean, median, percentiles, min, max. */
  readonly age: DurationSummary;
  /** Open tickets by age bucket. */
  readonly ageBuckets: readonly BacklogAgeBucket[];
  /**
   * Tickets left out: created after `asOf` (`notYetCreated`), resolved by status without a
   * resolution or close time, so that when is unknown (`resolvedAtUnknownTime`), and invalid ones.
   */
  readonly excluded: RecordExcluded & { readonly notYetCreated: number; readonly resolvedAtUnknownTime: number };
}

interface Settings extends TicketSettings {
  readonly asOf: number;
  readonly bounds: readonly number[];
  readonly percentiles: readonly number[];
}

interface State {
  ages: DurationSample;
  buckets: number[];
  closed: number;
  notYetCreated: number;
  unknown: number;
}

function readBounds(fn: string, value: unknown): readonly number[] {
  if (value === undefined) return DEFAULT_AGE_BUCKETS_MS;
  const issues = new IssueCollector(fn);
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= 100 &&
    value.every((b: unknown, i) => typeof b === 'number' && b > 0 && b <= MAX_DURATION_MS && (i === 0 || b > (value[i - 1] as number)));
  if (!ok)
    issues.add({ code: 'invalid_value', path: ['options', 'ageBucketsMs'], input: value, expected: 'from 1 to 100 ascending durations in ms (each > 0)' });
  issues.throwIfAny();
  return Object.freeze([...(value as number[])]);
}

/** The age bucket of an age: the first whose upper bound is above it (the last is open-ended). */
function bucketOf(age: number, bounds: readonly number[]): number {
  let k = 0;
  while (k < bounds.length && age >= (bounds[k] as number)) k++;
  return k;
}

const spec: RecordMetricSpec<Settings, State, BacklogResult> = {
  metric: 'backlog',
  optionKeys: ['asOf', 'ageBucketsMs', 'percentiles'],
  settings: (fn, o, base) => ({
    ...base,
    asOf: readInstantOption(fn, o, 'asOf', base.timeZone, 'the instant the backlog is taken at'),
    bounds: readBounds(fn, o['ageBucketsMs']),
    percentiles: readPercentiles(fn, o['percentiles']),
  }),
  fields: () => ['createdAt', 'status', 'resolvedAt', 'resolutionMs', 'closedAt'],
  required: () => ['createdAt'],
  init: (s) => ({ ages: new DurationSample(64), buckets: new Array<number>(s.bounds.length + 1).fill(0), closed: 0, notYetCreated: 0, unknown: 0 }),
  add(state, t, times, s) {
    const created = times.createdAt;
    if (created > s.asOf) {
      state.notYetCreated++;
      return true;
    }
    const status = t['status'];
    const hasStatus = typeof status === 'string';
    const resolvedNow = isResolved(t, s.resolvedStatuses);
    let open: boolean;
    if (hasStatus && !resolvedNow) {
      // Open now: a resolution time in the export is that of an earlier, undone resolution.
      open = true;
    } else {
      const r = times.resolvedAt;
      const c = times.closedAt;
      const end = r === r ? (c === c ? Math.min(r, c) : r) : c;
      if (end === end) open = s.asOf < end;
      else if (resolvedNow) {
        state.unknown++;
        return true;
      } else open = true;
    }
    if (!open) {
      state.closed++;
      return true;
    }
    const age = s.asOf - created;
    state.ages.push(age);
    const k = bucketOf(age, s.bounds);
    state.buckets[k] = (state.buckets[k] as number) + 1;
    return true;
  },
  explain: (): IssueSpec[] => [],
  merge(into, from) {
    into.ages.merge({ values: from.ages.values, n: from.ages.n });
    from.buckets.forEach((c, k) => {
      into.buckets[k] = (into.buckets[k] as number) + c;
    });
    into.closed += from.closed;
    into.notYetCreated += from.notYetCreated;
    into.unknown += from.unknown;
  },
  result(state, s) {
    const copy = new DurationSample(state.ages.n);
    copy.merge({ values: state.ages.values, n: state.ages.n });
    const open = state.ages.n;
    return {
      value: open,
      open,
      closed: state.closed,
      asOf: s.asOf,
      age: copy.summary(s.percentiles),
      ageBuckets: state.buckets.map((count, k) => ({
        fromMs: k === 0 ? 0 : (s.bounds[k - 1] as number),
        toMs: k < s.bounds.length ? (s.bounds[k] as number) : null,
        count,
        share: ratio(count, open),
      })),
      excluded: { notYetCreated: state.notYetCreated, resolvedAtUnknownTime: state.unknown },
    };
  },
  toJSON: (state) => ({
    ages: state.ages.toArray(),
    buckets: [...state.buckets],
    closed: state.closed,
    notYetCreated: state.notYetCreated,
    unknown: state.unknown,
  }),
  restore(json, s, issues) {
    const state = spec.init(s);
    const counts = restoreCounts(json, ['closed', 'notYetCreated', 'unknown'] as const, issues);
    state.closed = counts.closed;
    state.notYetCreated = counts.notYetCreated;
    state.unknown = counts.unknown;
    if (!isRecord(json)) return state;
    const buckets = json['buckets'];
    const k = state.buckets.length;
    if (!Array.isArray(buckets) || buckets.length !== k) {
      issues.add({
        code: 'invalid_value',
        path: ['state', 'buckets'],
        input: buckets,
        expected: `an array of ${k} counts (one per age bucket of ageBucketsMs, and one past the last)`,
      });
      return state;
    }
    let open = 0;
    for (let b = 0; b < k; b++) {
      state.buckets[b] = restoreCount(issues, buckets[b], ['state', 'buckets', b]);
      open += state.buckets[b] as number;
    }
    const ages = json['ages'];
    // The length is checked before the loop: one age per open ticket, as the buckets count them.
    if (!Array.isArray(ages) || ages.length !== open) {
      issues.add({
        code: 'inconsistent',
        path: ['state', 'ages'],
        input: Array.isArray(ages) ? ages.length : ages,
        expected: `an array of ${open} ages in ms (one per open ticket the buckets count)`,
      });
      return state;
    }
    if (!issues.ok) return state;
    const seen = new Array<number>(k).fill(0);
    for (let i = 0; i < ages.length; i++) {
      const a: unknown = ages[i];
      if (!(typeof a === 'number' && a >= 0 && a <= 2 * MAX_EPOCH_MS)) {
        issues.add({
          code: typeof a === 'number' ? 'out_of_range' : 'invalid_type',
          path: ['state', 'ages', i],
          input: a,
          expected: 'an age in ms (a finite number ≥ 0)',
        });
        return state;
      }
      const b = bucketOf(a, s.bounds);
      seen[b] = (seen[b] as number) + 1;
    }
    for (let b = 0; b < k; b++) {
      if (seen[b] !== state.buckets[b]) {
        issues.add({
          code: 'inconsistent',
          path: ['state', 'buckets', b],
          input: state.buckets[b],
          detail: `state.buckets[${b}] (${String(state.buckets[b])}) must be the number of ages in that bucket (${String(seen[b])})`,
        });
        return state;
      }
    }
    state.ages.merge({ values: ages as number[] });
    return state;
  },
  options: (s) => ({ asOf: s.asOf, ageBucketsMs: [...s.bounds], percentiles: [...s.percentiles] }),
  counted: (state) => state.ages.n + state.closed + state.notYetCreated + state.unknown,
};

/**
 * Mergeable accumulator of {@link backlog} (`create({ asOf })`, `add`, `addAll`, `merge`,
 * `result`, `toJSON`, `fromJSON`); its result equals {@link backlog} over all tickets added.
 *
 * @example
 * ```ts
 * import { backlogAccumulator } from 'kpi-kit';
 *
 * const acc = backlogAccumulator.create({ asOf: '2024-05-10T00:00:00Z' });
 * acc.add({ createdAt: '2024-05-09T00:00:00Z', status: 'open' });
 * acc.result().value; // 1
 * ```
 */
export const backlogAccumulator: RecordMetricFactory<BacklogOptions, BacklogResult, TicketTimestampField> = /* @__PURE__ */ recordAccumulatorFactory(spec);

/**
 * Backlog: the tickets open at `asOf`, with the distribution of their ages (asOf − createdAt).
 *
 * A ticket created by `asOf` is open then when: its status is not a resolved one (see
 * `resolvedStatuses`; the current status wins over an old resolution time, as exports keep
 * `resolvedAt` after a reopen); or, resolved or without a status, its resolution or close time
 * (`resolvedAt`, `createdAt + resolutionMs` or `closedAt`, the earliest) is after `asOf`; or it has
 * neither a status nor a resolution time. Tickets created after `asOf` are not counted
 * (`excluded.notYetCreated`); tickets resolved by status with no time are left out and counted
 * (`excluded.resolvedAtUnknownTime`), as it is unknown whether they were open at `asOf`.
 * Per channel or priority: `bySegment(backlog, tickets, 'priority', { asOf })`.
 *
 * @param input - `{ tickets }` (each needs `createdAt`).
 * @param options - {@link BacklogOptions}; `asOf` is required.
 * @returns {@link BacklogResult}.
 * @throws {@link KpiInputError} without `asOf` or with a malformed one, bad `ageBucketsMs` or
 *   `percentiles`, and for malformed tickets (path `tickets[i].field`; with `onInvalid: 'exclude'`
 *   they are left out and listed).
 * @see docs/metrics.md#backlog (the backlog as help desks such as Zendesk report it).
 *
 * @example
 * ```ts
 * import { backlog } from 'kpi-kit';
 *
 * const r = backlog(
 *   {
 *     tickets: [
 *       { createdAt: '2024-05-01T00:00:00Z', status: 'open' },
 *       { createdAt: '2024-05-08T00:00:00Z', status: 'pending' },
 *       { createdAt: '2024-05-02T00:00:00Z', status: 'solved', resolvedAt: '2024-05-03T00:00:00Z' },
 *       { createdAt: '2024-05-02T00:00:00Z', status: 'solved', resolvedAt: '2024-05-12T00:00:00Z' },
 *       { createdAt: '2024-05-11T00:00:00Z', status: 'new' },
 *     ],
 *   },
 *   { asOf: '2024-05-10T00:00:00Z' },
 * );
 * r.value; // 3 (open, pending, and the one solved after asOf)
 * r.age.max / 86_400_000; // 9
 * r.ageBuckets.map((b) => b.count); // [0, 1, 0, 2, 0] (2 d; 8 d and 9 d)
 * r.excluded.notYetCreated; // 1
 * ```
 */
export const backlog: WithAccumulator<
  (input: { readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns }, options: BacklogOptions) => BacklogResult,
  typeof backlogAccumulator
> = /* @__PURE__ */ withAccumulator(function backlog(
  input: { readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns },
  options: BacklogOptions,
): BacklogResult {
  const record = withColumns('backlog', TICKET_KIND, requireInput('backlog', input));
  return runRecordMetric(spec, record['tickets'], options);
}, backlogAccumulator);
