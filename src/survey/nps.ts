import { type Interval, interval, makeResult, ratio } from '../core/result.js';
import { zForConfidence } from '../core/stats/normal.js';
import { CONFIDENCE, COUNT, IssueCollector, oneOf, readFields, readOptions, requireInput, selectForm } from '../core/validate.js';
import type { AccumulatorFactory } from '../core/accumulator.js';
import { type NormalisedOptions, surveyAccumulatorFactory } from './accumulator.js';
import { type Scale, countResponses, resolveScale } from './scale.js';

/** Answers of a 0–10 (or 1–10) likelihood-to-recommend question, as an array or typed array. */
export interface NpsResponsesInput {
  readonly responses: ArrayLike<number>;
}

/** Counts of promoters (9–10), passives (7–8) and detractors (0–6). */
export interface NpsCountsInput {
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
}

/** The input of {@link nps}: the answers, or the three counts. */
export type NpsInput = NpsResponsesInput | NpsCountsInput;

/** How the interval around NPS is computed. */
export type NpsIntervalMethod = 'wald' | 'adjusted-wald';

/** Options of {@link nps}. */
export interface NpsOptions {
  /** Confidence level of the interval, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
  /**
   * `'wald'` (default): NPS ± z·SE with the trinomial variance. `'adjusted-wald'` (Rocks 2016):
   * add 3/4 to promoters and to detractors and 3 to n, then the same formula; better coverage for
   * small samples. The interval is clipped to [−100, 100].
   */
  readonly intervalMethod?: NpsIntervalMethod;
  /** Scale of the answers: `'0-10'` (default) or `'1-10'` (same cut points). */
  readonly scale?: '0-10' | '1-10';
}

/** The result of {@link nps}. NPS, standard error, margin and interval are in NPS points. */
export interface NpsResult {
  /** %promoters − %detractors, in −100..100; `null` (with a `reason`) when there are no answers. */
  readonly value: number | null;
  /** Why `value` is `null` (no answers); `null` when there is a value. */
  readonly reason: string | null;
  /** Number of answers. */
  readonly n: number;
  readonly promoters: number;
  readonly passives: number;
  readonly detractors: number;
  /** promoters / n, in [0, 1]; `null` when n = 0. */
  readonly promoterShare: number | null;
  readonly passiveShare: number | null;
  readonly detractorShare: number | null;
  /**
   * Standard error in NPS points: 100·√((p + d − (p − d)²)/n) (for `'adjusted-wald'`, of the
   * adjusted estimate); `null` when n = 0.
   */
  readonly standardError: number | null;
  /** z × standardError, in NPS points; `null` when n = 0. */
  readonly marginOfError: number | null;
  /** The confidence interval in NPS points, within [−100, 100]; `null` when n = 0. */
  readonly interval: Interval | null;
  readonly confidence: number;
  /** The interval method used. */
  readonly intervalMethod: NpsIntervalMethod;
  /** The answer scale. */
  readonly scale: '0-10' | '1-10';
}

const OPTION_KEYS = ['confidence', 'intervalMethod', 'scale'] as const;
const INTERVAL_METHODS: readonly NpsIntervalMethod[] = ['wald', 'adjusted-wald'];

interface NpsSettings {
  readonly confidence: number;
  readonly z: number;
  readonly intervalMethod: NpsIntervalMethod;
  readonly scale: Scale;
  /** The metric's name in a `reason`: `'NPS'` or `'eNPS'`. */
  readonly label: string;
}

/** Validates the options. @internal */
export function npsSettings(fn: string, options: unknown): NpsSettings {
  const o = readOptions(fn, options, OPTION_KEYS);
  const issues = new IssueCollector(fn);
  const confidence = o.confidence ?? 0.95;
  const intervalMethod = o.intervalMethod ?? 'wald';
  issues.check(confidence, CONFIDENCE, ['options', 'confidence']);
  issues.check(intervalMethod, oneOf(INTERVAL_METHODS), ['options', 'intervalMethod']);
  issues.throwIfAny();
  const scale = resolveScale(fn, o.scale, '0-10', ['0-10', '1-10'], false);
  return {
    confidence: confidence as number,
    z: zForConfidence(confidence as number),
    intervalMethod: intervalMethod as NpsIntervalMethod,
    scale,
    label: fn.startsWith('enps') ? 'eNPS' : 'NPS',
  };
}

/** NPS from the three counts. @internal */
export function npsFromCounts(promoters: number, passives: number, detractors: number, s: NpsSettings): NpsResult {
  const n = promoters + passives + detractors;
  const base = {
    n,
    promoters,
    passives,
    detractors,
    promoterShare: ratio(promoters, n),
    passiveShare: ratio(passives, n),
    detractorShare: ratio(detractors, n),
  };
  const tail = { confidence: s.confidence, intervalMethod: s.intervalMethod, scale: s.scale.name as '0-10' | '1-10' };
  if (n === 0) {
    return makeResult(null, {
      reason: `no answers: the ${s.label} is undefined`,
      ...base,
      standardError: null,
      marginOfError: null,
      interval: null,
      ...tail,
    });
  }
  // 100·(p − d)/n: the integer product first, then one correctly rounded division.
  const value = (100 * (promoters - detractors)) / n;
  let center = value;
  let p = promoters;
  let d = detractors;
  let m = n;
  if (s.intervalMethod === 'adjusted-wald') {
    p += 0.75;
    d += 0.75;
    m += 3;
    center = (100 * (p - d)) / m;
  }
  // Trinomial variance of (P − D)/m: (p + d − (p − d)²/m)/m², from counts to avoid cancellation.
  const variance = Math.max(0, (p + d - ((p - d) * (p - d)) / m) / (m * m));
  const standardError = 100 * Math.sqrt(variance);
  const marginOfError = s.z * standardError;
  return makeResult(value, {
    reason: null,
    ...base,
    standardError,
    marginOfError,
    interval: interval(center - marginOfError, center + marginOfError, -100, 100),
    ...tail,
  });
}

/** Promoters, passives and detractors from counts per scale point. @internal */
export function countsOf(counts: Float64Array, scale: Scale): [number, number, number] {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (let i = 0; i < counts.length; i++) {
    const score = i + scale.min;
    const c = counts[i]!;
    if (score >= 9) promoters += c;
    else if (score >= 7) passives += c;
    else detractors += c;
  }
  return [promoters, passives, detractors];
}

/** Shared body of {@link nps} and `enps`. @internal */
export function npsImpl(fn: string, input: unknown, options: unknown): NpsResult {
  const record = requireInput(fn, input);
  const settings = npsSettings(fn, options);
  const form = selectForm(fn, record, [
    { name: 'responses', fields: ['responses'] },
    { name: 'counts', fields: ['promoters', 'passives', 'detractors'] },
  ]);
  if (form === 'responses') {
    const counts = countResponses(fn, record.responses, settings.scale);
    return npsFromCounts(...countsOf(counts, settings.scale), settings);
  }
  const c = readFields(fn, record, { promoters: COUNT, passives: COUNT, detractors: COUNT });
  return npsFromCounts(c.promoters, c.passives, c.detractors, settings);
}

/**
 * Net Promoter Score: the share of promoters (answers 9–10) minus the share of detractors
 * (0–6) on a 0–10 "how likely are you to recommend" question, in points from −100 to 100.
 * Passives (7–8) count in n only.
 *
 * Formula: NPS = 100·(promoters − detractors)/n. Standard error from the trinomial variance:
 * SE = 100·√((p + d − (p − d)²)/n) with p, d the promoter and detractor shares; margin = z·SE.
 *
 * Cost: one pass over the answers, validating each; no allocation per answer.
 *
 * @param input - `{ responses }` (an array or typed array of integer answers) or
 *   `{ promoters, passives, detractors }` (non-negative integer counts).
 * @param options - {@link NpsOptions}: `confidence` (0.95), `intervalMethod` (`'wald'`), `scale` (`'0-10'`).
 * @returns An {@link NpsResult}; `value` is `null` (with a `reason`) when there are no answers.
 * @throws {@link KpiInputError} when an answer is not an integer on the scale (naming its index),
 *   a count is negative or not an integer, both input forms are mixed, or an option is invalid.
 * @see Reichheld, "The One Number You Need to Grow", Harvard Business Review, 2003.
 * @see Rocks, "Interval Estimation for the 'Net Promoter Score'", The American Statistician 70(4), 2016.
 * @see docs/metrics.md#nps.
 *
 * @example
 * ```ts
 * import { nps } from 'kpi-kit';
 *
 * const r = nps({ promoters: 50, passives: 30, detractors: 20 });
 * r.value; // 30
 * r.standardError; // ≈ 7.81 (NPS points)
 * r.marginOfError; // ≈ 15.31 at 95 %
 *
 * nps({ responses: [10, 9, 8, 3] }).value; // 25
 * nps({ responses: [] }).reason; // 'no answers: the NPS is undefined'
 * ```
 */
export function nps(input: NpsInput, options?: NpsOptions): NpsResult {
  return npsImpl('nps', input, options);
}

/** The options of {@link npsSettings} with every default filled in, as JSON. @internal */
export function npsNormalised(s: NpsSettings): NormalisedOptions {
  return { confidence: s.confidence, intervalMethod: s.intervalMethod, scale: s.scale.name };
}

/** Accumulator factory shared by nps and enps. @internal */
export function npsAccumulatorFor(metric: string): AccumulatorFactory<NpsOptions, NpsResult> {
  return surveyAccumulatorFactory(metric, npsSettings, npsNormalised, (counts, s) => npsFromCounts(...countsOf(counts, s.scale), s));
}

/**
 * A mergeable accumulator for {@link nps} (the one accumulator contract of kpi-kit): add answers
 * in shards (`add(answer, index?)`, `addAll(answers, offset?)`, arrays or typed arrays), merge
 * them, and get the same result as one pass over all answers.
 *
 * An invalid answer throws `KpiInputError` at once, named by its index in the whole
 * (`responses[offset + i]`), and nothing of that `addAll` batch is counted. `toJSON()` is a
 * versioned state with the normalised options (`{ confidence, intervalMethod, scale }`, defaults filled
 * in) and the count per scale point; `fromJSON(json)` restores it alone, validating all of it.
 *
 * @throws {@link KpiInputError} from `create` when an option is invalid (as {@link nps}); from
 *   `add`/`addAll` when an answer is not an integer on the scale; from `merge` (code
 *   `'incompatible'`) when the other accumulator has other options; from `fromJSON` when the state
 *   is not a valid one.
 * @see docs/metrics.md#survey-accumulators
 *
 * @example
 * ```ts
 * import { nps, npsAccumulator } from 'kpi-kit';
 *
 * const monday = npsAccumulator.create().addAll([10, 9, 6]);
 * const tuesday = npsAccumulator.create().addAll([8, 10]);
 * const week = monday.merge(tuesday).result();
 * week.value === nps({ responses: [10, 9, 6, 8, 10] }).value; // true (40)
 *
 * const json = JSON.parse(JSON.stringify(monday)); // monday now holds all five answers
 * json.options; // { confidence: 0.95, intervalMethod: 'wald', scale: '0-10' }
 * json.state; // [0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 2] (answers per point, 0 to 10)
 * npsAccumulator.fromJSON(json).n; // 5
 * ```
 */
export const npsAccumulator: AccumulatorFactory<NpsOptions, NpsResult> = /* @__PURE__ */ npsAccumulatorFor('nps');
