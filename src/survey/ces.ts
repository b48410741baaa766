import { type Interval, makeResult, ratio } from '../core/result.js';
import { zForConfidence } from '../core/stats/normal.js';
import { wilsonInterval } from '../core/stats/proportion.js';
import { CONFIDENCE, IssueCollector, oneOf, readOptions, requireInput, selectForm } from '../core/validate.js';
import type { AccumulatorFactory } from '../core/accumulator.js';
import { type NormalisedOptions, normalScale, surveyAccumulatorFactory } from './accumulator.js';
import {
  type NumericScale,
  type Scale,
  type ScoreCount,
  countOf,
  countResponses,
  distribution,
  moments,
  readCounts,
  readScoreSet,
  resolveScale,
  total,
} from './scale.js';

/** Effort answers, integers on the scale. */
export interface CesResponsesInput {
  readonly responses: ArrayLike<number>;
}

/** Counts per scale point, e.g. `{ 7: 12, 6: 30, 5: 18, 4: 9, 3: 4, 2: 2, 1: 1 }`. */
export interface CesCountsInput {
  readonly counts: Readonly<Record<number | string, number>>;
}

/** The input of {@link ces}. */
export type CesInput = CesResponsesInput | CesCountsInput;

/** Which end of the scale means little effort. */
export type CesDirection = 'higher-is-easier' | 'higher-is-harder';

/** Options of {@link ces}. */
export interface CesOptions {
  /** The answer scale. Default `'1-7'` (agreement with "the company made it easy ..."). */
  readonly scale?: '1-5' | '1-7' | '1-10' | '0-10' | NumericScale;
  /**
   * `'higher-is-easier'` (default, agreement scale) or `'higher-is-harder'` (a "very easy ...
   * very difficult" scale, as some surveys word it). It decides which answers are easy.
   */
  readonly direction?: CesDirection;
  /**
   * The answers that count as easy: a list of points, `{ atLeast }` or `{ atMost }`. Default:
   * the points beyond the midpoint on the easy side (5–7 on 1–7, 4–5 on 1–5).
   */
  readonly easy?: readonly number[] | { readonly atLeast: number } | { readonly atMost: number };
  /** Confidence level of the Wilson interval of the easy share. Default 0.95. */
  readonly confidence?: number;
}

/** The result of {@link ces}. */
export interface CesResult {
  /** Mean effort answer on the survey's own scale; `null` (with a `reason`) when there are no answers. */
  readonly value: number | null;
  /** Why `value` is `null` (no answers); `null` when there is a value. */
  readonly reason: string | null;
  readonly n: number;
  /** The same as `value`. */
  readonly mean: number | null;
  /** Sample standard deviation (n − 1); `null` when n < 2. */
  readonly standardDeviation: number | null;
  /** Number of easy answers. */
  readonly easy: number;
  /** Share of easy answers, in [0, 1]; `null` when n = 0. */
  readonly easyShare: number | null;
  /** Wilson interval of the easy share; `null` when n = 0. */
  readonly easyShareInterval: Interval | null;
  readonly confidence: number;
  /** Count and share per scale point. */
  readonly distribution: readonly ScoreCount[];
  readonly scale: string;
  readonly direction: CesDirection;
  /** The points counted as easy. */
  readonly easyScores: readonly number[];
}

const OPTION_KEYS = ['scale', 'direction', 'easy', 'confidence'] as const;
const DIRECTIONS: readonly CesDirection[] = ['higher-is-easier', 'higher-is-harder'];
const SCALES = ['1-5', '1-7', '1-10', '0-10'] as const;

interface CesSettings {
  readonly scale: Scale;
  readonly direction: CesDirection;
  readonly easyScores: readonly number[];
  readonly confidence: number;
  readonly z: number;
}

function cesSettings(fn: string, options: unknown): CesSettings {
  const o = readOptions(fn, options, OPTION_KEYS);
  const direction = o.direction ?? 'higher-is-easier';
  const confidence = o.confidence ?? 0.95;
  const issues = new IssueCollector(fn);
  issues.check(direction, oneOf(DIRECTIONS), ['options', 'direction']);
  issues.check(confidence, CONFIDENCE, ['options', 'confidence']);
  issues.throwIfAny();
  const scale = resolveScale(fn, o.scale, '1-7', SCALES);
  const mid = (scale.min + scale.max) / 2;
  const fallback: number[] = [];
  for (let s = scale.min; s <= scale.max; s++) {
    if (direction === 'higher-is-easier' ? s > mid : s < mid) fallback.push(s);
  }
  const easyScores = readScoreSet(fn, o.easy, scale, 'easy', fallback);
  return {
    scale,
    direction: direction as CesDirection,
    easyScores,
    confidence: confidence as number,
    z: zForConfidence(confidence as number),
  };
}

function fromCounts(counts: Float64Array, s: CesSettings): CesResult {
  const n = total(counts);
  const easy = countOf(counts, s.scale, s.easyScores);
  const { mean, standardDeviation } = moments(counts, s.scale);
  return makeResult(mean, {
    reason: n === 0 ? 'no answers: the CES is undefined' : null,
    n,
    mean,
    standardDeviation,
    easy,
    easyShare: ratio(easy, n),
    easyShareInterval: wilsonInterval(easy, n, s.z),
    confidence: s.confidence,
    distribution: distribution(counts, s.scale),
    scale: s.scale.name,
    direction: s.direction,
    easyScores: [...s.easyScores],
  });
}

/**
 * Customer Effort Score (CES): the mean answer to an effort question — by default a 1–7 agreement
 * scale ("the company made it easy to handle my issue", higher = easier) — with the share of easy
 * answers (5–7 on 1–7, 4–5 on 1–5), the distribution and a Wilson interval for that share.
 *
 * Formula: CES = Σ answers / n; easy share = easy answers / n.
 *
 * `direction: 'higher-is-harder'` reads a "very easy ... very difficult" scale: the mean stays on
 * the survey's own scale (a lower mean is then better) and the easy answers are the low ones.
 *
 * @param input - `{ responses }` or `{ counts }` per scale point.
 * @param options - {@link CesOptions}: `scale` (`'1-7'`), `direction` (`'higher-is-easier'`), `easy`, `confidence`.
 * @returns A {@link CesResult}; `value` is `null` (with a `reason`) when there are no answers.
 * @throws {@link KpiInputError} when an answer is off the scale or not an integer (naming its index),
 *   a count is invalid, or an option is invalid.
 * @see docs/metrics.md#ces.
 *
 * @example
 * ```ts
 * import { ces } from 'kpi-kit';
 *
 * const r = ces({ responses: [7, 6, 5, 2, 1] });
 * r.value; // 4.2
 * r.easyShare; // 0.6
 *
 * ces({ responses: [1, 2, 5] }, { scale: '1-5', direction: 'higher-is-harder' }).easyShare; // ≈ 0.667
 * ces({ responses: [] }).reason; // 'no answers: the CES is undefined'
 * ```
 */
export function ces(input: CesInput, options?: CesOptions): CesResult {
  const fn = 'ces';
  const record = requireInput(fn, input);
  const s = cesSettings(fn, options);
  const form = selectForm(fn, record, [
    { name: 'responses', fields: ['responses'] },
    { name: 'counts', fields: ['counts'] },
  ]);
  const counts = form === 'responses' ? countResponses(fn, record.responses, s.scale) : readCounts(fn, record.counts, s.scale);
  return fromCounts(counts, s);
}

/** The options of {@link ces} with every default filled in, as JSON. */
function normalised(s: CesSettings): NormalisedOptions {
  return { scale: normalScale(s.scale, SCALES), direction: s.direction, easy: [...s.easyScores], confidence: s.confidence };
}

/**
 * A mergeable accumulator for {@link ces} (the one accumulator contract of kpi-kit): add answers
 * in shards (`add(answer, index?)`, `addAll(answers, offset?)`), merge them, and get the same
 * result as one pass.
 *
 * An invalid answer throws `KpiInputError` at once, named by its index in the whole
 * (`responses[offset + i]`), and nothing of that `addAll` batch is counted. `toJSON()` is a
 * versioned state with the normalised options (`scale`, `direction`, `easy` as the sorted list of
 * points, `confidence`) and the count per scale point; `fromJSON(json)` restores it alone,
 * validating all of it. Accumulators made with different normalised options refuse to merge.
 *
 * @throws {@link KpiInputError} from `create` when an option is invalid (as {@link ces}); from
 *   `add`/`addAll` when an answer is off the scale; from `merge` (code `'incompatible'`) when the
 *   other accumulator has other options; from `fromJSON` when the state is not a valid one.
 * @see docs/metrics.md#survey-accumulators
 *
 * @example
 * ```ts
 * import { cesAccumulator } from 'kpi-kit';
 *
 * const acc = cesAccumulator.create().addAll([7, 6]).add(5);
 * acc.result().value; // 6
 * acc.toJSON().options; // { scale: '1-7', direction: 'higher-is-easier', easy: [5, 6, 7], confidence: 0.95 }
 * ```
 */
export const cesAccumulator: AccumulatorFactory<CesOptions, CesResult> = /* @__PURE__ */ surveyAccumulatorFactory('ces', cesSettings, normalised, fromCounts);
