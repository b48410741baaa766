import { type Interval, makeResult, ratio } from '../core/result.js';
import { zForConfidence } from '../core/stats/normal.js';
import { wilsonInterval } from '../core/stats/proportion.js';
import { CONFIDENCE, COUNT, IssueCollector, fail, isRecord, readFields, readOptions, requireInput, selectForm } from '../core/validate.js';
import { withColumns } from '../records/columns.js';
import { type AccumulatorFactory, type InvalidRecord, type WithAccumulator, restoreCounts, withAccumulator } from '../core/accumulator.js';
import { type IssueSpec } from '../core/errors.js';
import { type KindMetricSpec, type KindSettings, KIND_OPTIONS, kindAccumulatorFactory, runKindMetric } from '../records/engine.js';
import { type RecordMetricFactory } from '../records/metric-records.js';
import { TICKET_KIND, type TicketColumns, type TicketTimestampField } from '../records/tickets.js';
import { type TimestampInput } from '../time/timestamp.js';
import { type NormalisedOptions, normalScale, surveyAccumulatorFactory } from './accumulator.js';
import {
  SCALE_NAMES,
  type BinaryRating,
  type Scale,
  type ScaleOption,
  type ScoreCount,
  binaryPoint,
  countOf,
  countResponses,
  distribution,
  moments,
  readCounts,
  readScoreSet,
  resolveScale,
  responseIssue,
  total,
} from './scale.js';

/** Ratings, one per response: integers on the scale, or good/bad ratings on the binary scale. */
export interface CsatResponsesInput {
  readonly responses: ArrayLike<number> | ArrayLike<BinaryRating>;
}

/** Counts per scale point, e.g. `{ 5: 40, 4: 34, 3: 20, 2: 8, 1: 5 }` or `{ good: 9, bad: 1 }`. */
export interface CsatCountsInput {
  readonly counts: Readonly<Record<number | string, number>>;
}

/** The two aggregates: satisfied responses and all responses. */
export interface CsatTotalsInput {
  readonly satisfied: number;
  readonly total: number;
}

/** The input of {@link csat}: the ratings, counts per scale point, or satisfied of total. */
export type CsatInput = CsatResponsesInput | CsatCountsInput | CsatTotalsInput;

/**
 * A ticket carrying its satisfaction answer, as help desks export it (the support family's
 * `Ticket`): `createdAt` is required (as for every ticket metric), `csat` is the answer — a point
 * of the scale, or on the binary scale `"good"`/`"bad"` (also `true`/`false`, 1/0) — and absent or
 * `null` when the customer did not answer. Other fields are allowed and ignored.
 */
export interface CsatTicket {
  readonly createdAt: TimestampInput;
  readonly csat?: number | 'good' | 'bad' | boolean | null | undefined;
}

/** Tickets, each with its satisfaction answer in `csat` (see {@link CsatTicket}). */
export type CsatTicketsInput<T extends CsatTicket = CsatTicket> = { readonly tickets: readonly T[] } | { readonly columns: TicketColumns };

/** Options of {@link csat}. */
export interface CsatOptions {
  /** The rating scale. Default `'1-5'`. `'binary'` takes good/bad ratings. */
  readonly scale?: ScaleOption;
  /**
   * Which scale points count as satisfied: a list of points, `{ atLeast }` or `{ atMost }`.
   * Default: the top two points (4–5 on 1–5, 6–7 on 1–7, 9–10 on 1–10 and 0–10), the top point on
   * a 3-point scale, and `good` on the binary scale.
   */
  readonly satisfied?: readonly number[] | readonly BinaryRating[] | { readonly atLeast: number } | { readonly atMost: number };
  /** Confidence level of the Wilson interval, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
}

/** Options of {@link csat} over `{ tickets }`: the survey's, and those of every ticket metric. */
export interface CsatTicketsOptions extends CsatOptions {
  /** Time zone in which zone-less `createdAt` strings are read. Default `'UTC'`. */
  readonly timeZone?: string;
  /** `'throw'` (default): an invalid ticket raises KpiInputError; `'exclude'`: it is left out, counted and listed. */
  readonly onInvalid?: 'throw' | 'exclude';
}

/** The result of {@link csat}. */
export interface CsatResult {
  /** Share of responses that are satisfied, in [0, 1]; `null` (with a `reason`) when there are no responses. */
  readonly value: number | null;
  /** Why `value` is `null` (no responses); `null` when there is a value. */
  readonly reason: string | null;
  /** Number of responses. */
  readonly n: number;
  /** Number of satisfied responses. */
  readonly satisfied: number;
  /**
   * Mean rating on the survey's scale (binary: share good); `null` when there are no responses or
   * the input was `{ satisfied, total }`.
   */
  readonly mean: number | null;
  /** Sample standard deviation of the ratings (n − 1); `null` when n < 2 or not computable. */
  readonly standardDeviation: number | null;
  /** Count and share per scale point; `null` for `{ satisfied, total }` input. */
  readonly distribution: readonly ScoreCount[] | null;
  /** Wilson score interval of the share; `null` when n = 0. */
  readonly interval: Interval | null;
  readonly confidence: number;
  /** The scale used (`'1-5'`, `'binary'`, ...); `null` for `{ satisfied, total }` input. */
  readonly scale: string | null;
  /** The scale points counted as satisfied; `null` for `{ satisfied, total }` input. */
  readonly satisfiedScores: readonly number[] | null;
}

/** The result of {@link csat} over `{ tickets }`: the CSAT of the answers, and the tickets left out. */
export interface CsatTicketsResult extends CsatResult {
  readonly excluded: {
    /** Tickets without an answer (`csat` absent or `null`): not responses, outside `n`. */
    readonly unanswered: number;
    /** Invalid tickets left out (only with `onInvalid: 'exclude'`). */
    readonly invalid: number;
    /** Index of every invalid ticket, ascending. */
    readonly invalidIndices: readonly number[];
    /** The first 100 invalid tickets with their issues. */
    readonly invalidTickets: readonly InvalidRecord[];
  };
}

const OPTION_KEYS = ['scale', 'satisfied', 'confidence'] as const;

interface CsatSettings {
  readonly scale: Scale;
  readonly satisfiedScores: readonly number[];
  readonly confidence: number;
  readonly z: number;
  /** The metric's name in a `reason`: `'CSAT'` or `'ESAT'`. */
  readonly label: string;
}

/** Why a CSAT or ESAT value is null, or null. */
function reasonOf(n: number, label: string): string | null {
  return n === 0 ? `no responses: the ${label} is undefined` : null;
}

/** The default satisfied set of a scale: top two points, top one on ≤ 3 points, good on binary. */
function defaultSatisfied(scale: Scale): number[] {
  if (scale.binary) return [1];
  const points = scale.max - scale.min + 1;
  return points <= 3 ? [scale.max] : [scale.max - 1, scale.max];
}

function csatSettings(fn: string, options: unknown): CsatSettings {
  const o = readOptions(fn, options, OPTION_KEYS);
  const confidence = o.confidence ?? 0.95;
  const issues = new IssueCollector(fn);
  issues.check(confidence, CONFIDENCE, ['options', 'confidence']);
  issues.throwIfAny();
  const scale = resolveScale(fn, o.scale, '1-5');
  const satisfiedScores = readScoreSet(fn, o.satisfied, scale, 'satisfied', defaultSatisfied(scale));
  return {
    scale,
    satisfiedScores,
    confidence: confidence as number,
    z: zForConfidence(confidence as number),
    label: fn.startsWith('esat') ? 'ESAT' : 'CSAT',
  };
}

function fromCounts(counts: Float64Array, s: CsatSettings): CsatResult {
  const n = total(counts);
  const satisfied = countOf(counts, s.scale, s.satisfiedScores);
  const { mean, standardDeviation } = moments(counts, s.scale);
  return makeResult(ratio(satisfied, n), {
    reason: reasonOf(n, s.label),
    n,
    satisfied,
    mean,
    standardDeviation,
    distribution: distribution(counts, s.scale),
    interval: wilsonInterval(satisfied, n, s.z),
    confidence: s.confidence,
    scale: s.scale.name,
    satisfiedScores: [...s.satisfiedScores],
  });
}

/** Shared body of {@link csat} and `esat`. @internal */
export function csatImpl(fn: string, input: unknown, options: unknown): CsatResult {
  const record = requireInput(fn, input);
  const form = selectForm(fn, record, [
    { name: 'responses', fields: ['responses'] },
    { name: 'counts', fields: ['counts'] },
    { name: 'totals', fields: ['satisfied', 'total'] },
  ]);
  if (form === 'totals') {
    const o = readOptions(fn, options, OPTION_KEYS);
    if (o.scale !== undefined || o.satisfied !== undefined) {
      const key = o.scale !== undefined ? 'scale' : 'satisfied';
      fail(fn, {
        code: 'inconsistent',
        path: ['options', key],
        input: o[key],
        detail: `options.${key} has no meaning with { satisfied, total } input (the satisfied count is already given)`,
      });
    }
    const s = csatSettings(fn, { confidence: o.confidence });
    const { satisfied, total: n } = readFields(fn, record, { satisfied: COUNT, total: COUNT });
    if (satisfied > n) {
      fail(fn, { code: 'inconsistent', path: ['satisfied'], input: satisfied, detail: `satisfied (${satisfied}) cannot exceed total (${n})` });
    }
    return makeResult(ratio(satisfied, n), {
      reason: reasonOf(n, s.label),
      n,
      satisfied,
      mean: null,
      standardDeviation: null,
      distribution: null,
      interval: wilsonInterval(satisfied, n, s.z),
      confidence: s.confidence,
      scale: null,
      satisfiedScores: null,
    });
  }
  const s = csatSettings(fn, options);
  const counts = form === 'responses' ? countResponses(fn, record.responses, s.scale) : readCounts(fn, record.counts, s.scale);
  return fromCounts(counts, s);
}

/** The call signatures of {@link csat}: over tickets, or over ratings, counts or totals. */
export interface CsatFunction {
  <T extends CsatTicket>(input: CsatTicketsInput<T>, options?: CsatTicketsOptions): CsatTicketsResult;
  (input: CsatInput, options?: CsatOptions): CsatResult;
}

/** The ticket timestamps `byPeriod` can place tickets by. */

/** The settings of csat over tickets: the survey's and the shared record options. */
interface TicketCsatSettings extends KindSettings, CsatSettings {}

/** The state of csat over tickets: answers per scale point (lowest first), and tickets without one. */
interface TicketCsatState {
  readonly counts: Float64Array;
  unanswered: number;
}

/** The index of an answer on the scale (lowest point 0), or −1 when it is not one of its points. */
function pointOf(value: unknown, scale: Scale): number {
  if (scale.binary) return binaryPoint(value);
  return typeof value === 'number' && Number.isInteger(value) && value >= scale.min && value <= scale.max ? value - scale.min : -1;
}

/** csat over tickets, in the engine of record kinds: each ticket's `createdAt` checked, its `csat` answer counted. */
const ticketSpec: KindMetricSpec<TicketTimestampField, KindSettings, TicketCsatSettings, TicketCsatState, CsatTicketsResult> = {
  metric: 'csat',
  optionKeys: OPTION_KEYS,
  settings(fn, o, base) {
    const own = Object.fromEntries(OPTION_KEYS.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
    return { ...base, ...csatSettings(fn, own) };
  },
  options: (s) => normalised(s),
  fields: () => ['createdAt'],
  required: () => ['createdAt'],
  init: (s) => ({ counts: new Float64Array(s.scale.max - s.scale.min + 1), unanswered: 0 }),
  add(state, t, _times, s) {
    const answer = t['csat'];
    if (answer === undefined || answer === null) {
      state.unanswered++;
      return true;
    }
    const k = pointOf(answer, s.scale);
    if (k < 0) return false;
    state.counts[k]! += 1;
    return true;
  },
  explain: (t, _times, s, path) => [responseIssue(t['csat'], s.scale, [...path, 'csat']) as IssueSpec],
  // The answers as an array of values, or numbers (NaN: none); other layouts are read as rows.
  addColumns(state, view, check, s) {
    const values = view.array('csat');
    const numbers = values === null ? view.float64('csat') : null;
    if (view.has('csat') && values === null && numbers === null) return null;
    const { valid } = check;
    const bad: number[] = [];
    if (numbers !== null && !s.scale.binary) {
      // Numbers on a numeric scale: whole numbers in range are its points (as `pointOf` reads them), in a loop of their own.
      const { min, max } = s.scale;
      const { counts } = state;
      for (let i = 0; i < valid.length; i++) {
        if (valid[i] === 0) continue;
        const v = numbers[i] as number;
        if (v !== v) state.unanswered++;
        else if (Number.isInteger(v) && v >= min && v <= max) counts[v - min]! += 1;
        else bad.push(i);
      }
      return bad;
    }
    for (let i = 0; i < valid.length; i++) {
      if (valid[i] === 0) continue;
      const answer = values !== null ? values[i] : numbers !== null && numbers[i] === numbers[i] ? numbers[i] : null;
      if (answer === undefined || answer === null) {
        state.unanswered++;
        continue;
      }
      const k = pointOf(answer, s.scale);
      if (k < 0) bad.push(i);
      else state.counts[k]! += 1;
    }
    return bad;
  },
  merge(into, from) {
    for (let i = 0; i < into.counts.length; i++) into.counts[i]! += from.counts[i]!;
    into.unanswered += from.unanswered;
  },
  result: (state, s) => ({ ...fromCounts(state.counts, s), excluded: { unanswered: state.unanswered } }),
  toJSON: (state) => ({ counts: Array.from(state.counts), unanswered: state.unanswered }),
  restore(json, s, issues) {
    const width = s.scale.max - s.scale.min + 1;
    const counts = new Float64Array(width);
    const { unanswered } = restoreCounts(json, ['unanswered'] as const, issues);
    const list = isRecord(json) ? json['counts'] : undefined;
    if (!Array.isArray(list) || list.length !== width) {
      issues.add({
        code: Array.isArray(list) ? 'inconsistent' : 'invalid_type',
        path: ['state', 'counts'],
        input: list,
        expected: `an array of ${width} counts (one per point of scale ${s.scale.name}, lowest first)`,
      });
    } else {
      for (let i = 0; i < width; i++) if (issues.check(list[i], COUNT, ['state', 'counts', i])) counts[i] = list[i] as number;
    }
    return { counts, unanswered };
  },
  counted: (state) => total(state.counts) + state.unanswered,
};

/**
 * `csat.accumulator`: {@link csat} over tickets as a mergeable accumulator whose records are
 * tickets (what `byPeriod` and `bySegment` drive); its state is the count per scale point and the
 * unanswered tickets, with the normalised options (`scale`, `satisfied`, `confidence`, `timeZone`,
 * `onInvalid`). For ratings alone, `csatAccumulator`.
 */
export type CsatTicketsAccumulatorFactory = RecordMetricFactory<CsatTicketsOptions, CsatTicketsResult, TicketTimestampField>;

/**
 * Customer satisfaction (CSAT): the share of survey responses in the satisfied set — by default
 * the top two points of a 1–5 scale (4 and 5). Also reports the mean rating, the distribution and
 * a Wilson score interval for the share.
 *
 * Formula: CSAT = satisfied responses / all responses.
 *
 * Any integer scale works (`'1-3'`, `'1-5'`, `'1-7'`, `'1-10'`, `'0-10'`, `{ min, max }`), and
 * binary good/bad ratings (`scale: 'binary'`, as Zendesk collects them).
 *
 * Over tickets (`{ tickets }`), each ticket's `csat` field is its answer ({@link CsatTicket}):
 * tickets without one are `excluded.unanswered`, outside `n`; a ticket whose `createdAt` is
 * missing or unreadable, or whose answer is not a point of the scale, is invalid (raising, or with
 * `onInvalid: 'exclude'` left out and listed in `excluded`). This form is a ticket metric:
 * `csat.accumulator` reads tickets, so `byPeriod(csat, tickets, { period: 'month' })` and
 * `bySegment(csat, tickets, 'channel')` give CSAT per period and per segment.
 *
 * Cost: one pass over the responses (or tickets), validating each.
 *
 * @param input - `{ responses }`, `{ counts }` (per scale point), `{ satisfied, total }`, or
 *   `{ tickets }` (each with its answer in `csat`).
 * @param options - {@link CsatOptions}: `scale` (`'1-5'`), `satisfied` (top two), `confidence`
 *   (0.95); over tickets also `timeZone` (`'UTC'`) and `onInvalid` (`'throw'`)
 *   ({@link CsatTicketsOptions}).
 * @returns A {@link CsatResult}; `value` is `null` (with a `reason`) when there are no responses.
 *   Over tickets a {@link CsatTicketsResult}, with `excluded` (unanswered and invalid tickets).
 * @throws {@link KpiInputError} when a rating is off the scale or not an integer (naming its index,
 *   `tickets[i].csat` over tickets), a ticket's `createdAt` is missing or unreadable,
 *   a count is invalid, satisfied exceeds total, or an option is invalid.
 * @see docs/metrics.md#csat.
 * @see Wilson, "Probable inference, the law of succession, and statistical inference", JASA 22, 1927.
 *
 * @example
 * ```ts
 * import { byPeriod, bySegment, csat } from 'kpi-kit';
 *
 * csat({ satisfied: 74, total: 107 }).value; // ≈ 0.6916 (69 %)
 *
 * const r = csat({ responses: [5, 4, 4, 3, 1] });
 * r.value; // 0.6 (3 of 5 answered 4 or 5)
 * r.mean; // 3.4
 *
 * csat({ responses: ['good', 'good', 'bad'] }, { scale: 'binary' }).value; // ≈ 0.667
 * csat({ responses: [7, 6, 5, 2] }, { scale: '1-7', satisfied: { atLeast: 5 } }).value; // 0.75
 * csat({ satisfied: 0, total: 0 }).reason; // 'no responses: the CSAT is undefined'
 *
 * // Over tickets, and per month and channel.
 * const tickets = [
 *   { createdAt: '2024-01-05T10:00:00Z', csat: 5, channel: 'chat' },
 *   { createdAt: '2024-01-09T10:00:00Z', csat: 2, channel: 'email' },
 *   { createdAt: '2024-01-20T10:00:00Z', channel: 'email' },
 *   { createdAt: '2024-02-02T09:00:00Z', csat: 4, channel: 'chat' },
 * ];
 * const t = csat({ tickets });
 * [t.value, t.n, t.excluded.unanswered]; // [0.6666666666666666, 3, 1]
 * byPeriod(csat, tickets, { period: 'month' }).periods.map((p) => [p.key, p.result.value]); // [['2024-01', 0.5], ['2024-02', 1]]
 * bySegment(csat, tickets, 'channel').segments.map((s) => [s.key, s.result.value]); // [['chat', 1], ['email', 0]]
 *
 * // csat.accumulator reads tickets: shards merged, through JSON or not.
 * const shard = csat.accumulator.create({ onInvalid: 'exclude' }).addAll(tickets.slice(2), 2);
 * const back = csat.accumulator.fromJSON(JSON.parse(JSON.stringify(shard)));
 * csat.accumulator.create({ onInvalid: 'exclude' }).addAll(tickets.slice(0, 2)).merge(back).result().value; // 0.6666666666666666
 * ```
 */
export const csat: WithAccumulator<CsatFunction, CsatTicketsAccumulatorFactory> = /* @__PURE__ */ withAccumulator(
  function csat(input: CsatInput | CsatTicketsInput, options?: CsatOptions | CsatTicketsOptions): CsatResult | CsatTicketsResult {
    const given: unknown = input;
    if (isRecord(given) && (given['tickets'] !== undefined || given['columns'] !== undefined)) {
      const form = given['tickets'] !== undefined ? 'tickets' : 'columns';
      const other = ['responses', 'counts', 'satisfied', 'total'].find((k) => given[k] !== undefined);
      if (other !== undefined) {
        fail('csat', { code: 'ambiguous', path: [], input: given, detail: `csat takes one input form at a time, got fields of { ${form} } and { ${other} }` });
      }
      return runKindMetric(TICKET_KIND, ticketSpec, KIND_OPTIONS, withColumns('csat', TICKET_KIND, given)['tickets'], options);
    }
    return csatImpl('csat', input, options);
  } as CsatFunction,
  /* @__PURE__ */ kindAccumulatorFactory(TICKET_KIND, ticketSpec, KIND_OPTIONS) as CsatTicketsAccumulatorFactory,
);

/** The options of {@link csat} with every default filled in, as JSON. */
function normalised(s: CsatSettings): NormalisedOptions {
  return { scale: normalScale(s.scale, SCALE_NAMES), satisfied: [...s.satisfiedScores], confidence: s.confidence };
}

/** Accumulator factory shared by csat and esat. @internal */
export function csatAccumulatorFor(metric: string): AccumulatorFactory<CsatOptions, CsatResult> {
  return surveyAccumulatorFactory(metric, csatSettings, normalised, fromCounts);
}

/**
 * A mergeable accumulator for {@link csat} (record form; the one accumulator contract of
 * kpi-kit): add ratings in shards (`add(rating, index?)`, `addAll(ratings, offset?)`), merge them,
 * and get the same result as one pass.
 *
 * An invalid rating throws `KpiInputError` at once, named by its index in the whole
 * (`responses[offset + i]`), and nothing of that `addAll` batch is counted. `toJSON()` is a
 * versioned state with the normalised options — `scale` (a name, or `{ min, max }` for a custom
 * scale without one), `satisfied` (the sorted list of points, so `{ atLeast: 4 }` on 1–5 is
 * `[4, 5]`) and `confidence` — and the count per scale point; `fromJSON(json)` restores it alone,
 * validating all of it. Accumulators made with different normalised options refuse to merge.
 *
 * @throws {@link KpiInputError} from `create` when an option is invalid (as {@link csat}); from
 *   `add`/`addAll` when a rating is off the scale; from `merge` (code `'incompatible'`) when the
 *   other accumulator has other options; from `fromJSON` when the state is not a valid one.
 * @see docs/metrics.md#survey-accumulators
 *
 * @example
 * ```ts
 * import { csatAccumulator } from 'kpi-kit';
 *
 * const a = csatAccumulator.create({ scale: '1-5' }).addAll([5, 4, 2]);
 * const b = csatAccumulator.create({ satisfied: { atLeast: 4 } }).add(5);
 * a.merge(b).result().value; // 0.75
 * a.toJSON().options; // { scale: '1-5', satisfied: [4, 5], confidence: 0.95 }
 * ```
 */
export const csatAccumulator: AccumulatorFactory<CsatOptions, CsatResult> = /* @__PURE__ */ csatAccumulatorFor('csat');
