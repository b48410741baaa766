import { type Interval, interval, makeResult, ratio } from '../core/result.js';
import { zForConfidence } from '../core/stats/normal.js';
import { MAX_ISSUES } from '../core/errors.js';
import { scanInvalid } from '../core/stats/scan.js';
import { CONFIDENCE, COUNT, IssueCollector, fail, isArrayLike, isRecord, range, readFields, readOptions, requireInput, selectForm } from '../core/validate.js';

/** A sentiment label, as assigned by the caller's classifier. */
export type SentimentLabel = 'positive' | 'neutral' | 'negative';

/** Counts of labelled messages. */
export interface SentimentCountsInput {
  readonly positive: number;
  readonly neutral: number;
  readonly negative: number;
}

/** One label per message. */
export interface SentimentLabelsInput {
  readonly labels: ArrayLike<SentimentLabel>;
}

/** The input of {@link sentimentScore}. */
export type SentimentInput = SentimentCountsInput | SentimentLabelsInput;

/** Weight of each label, each in [−1, 1]. */
export interface SentimentWeights {
  readonly positive: number;
  readonly neutral: number;
  readonly negative: number;
}

/** Options of {@link sentimentScore}. */
export interface SentimentOptions {
  /** Weights per label, each in [−1, 1]. Default `{ positive: 1, neutral: 0, negative: −1 }`. */
  readonly weights?: Partial<SentimentWeights>;
  /** Confidence level of the interval. Default 0.95. */
  readonly confidence?: number;
}

/** The result of {@link sentimentScore}. */
export interface SentimentResult {
  /** Weighted mean label, in [−1, 1] (default: (positive − negative)/n); `null` (with a `reason`) when n = 0. */
  readonly value: number | null;
  /** Why `value` is `null` (no messages); `null` when there is a value. */
  readonly reason: string | null;
  readonly n: number;
  readonly positive: number;
  readonly neutral: number;
  readonly negative: number;
  readonly positiveShare: number | null;
  readonly neutralShare: number | null;
  readonly negativeShare: number | null;
  /** Standard error of the score: √((Σ wᵢ²·sᵢ − value²)/n); `null` when n = 0. */
  readonly standardError: number | null;
  /** Wald interval, clipped to [−1, 1]; `null` when n = 0. */
  readonly interval: Interval | null;
  readonly confidence: number;
  readonly weights: SentimentWeights;
}

const LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative'];
const WEIGHT = range(-1, 1);

function countLabels(fn: string, labels: unknown): [number, number, number] {
  if (!isArrayLike(labels)) {
    return fail(fn, { code: 'invalid_type', path: ['labels'], input: labels, expected: 'an array of labels' });
  }
  let pos = 0;
  let neu = 0;
  let neg = 0;
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (label === 'positive') pos++;
    else if (label === 'negative') neg++;
    else if (label === 'neutral') neu++;
    else {
      // Bounded by the labels present: a sparse array's holes are counted, not read one by one.
      const issues = new IssueCollector(fn);
      const isLabel = (v: unknown): boolean => v === 'positive' || v === 'neutral' || v === 'negative';
      const count = scanInvalid(labels, i, isLabel, (j, v) =>
        issues.add({ code: 'invalid_value', path: ['labels', j], input: v, expected: '"positive", "neutral" or "negative"' }),
      );
      issues.addUnlisted(count - Math.min(count, MAX_ISSUES));
      issues.throwIfAny();
    }
  }
  return [pos, neu, neg];
}

/**
 * Sentiment score of labelled messages (chats, emails, reviews): the weighted mean of their
 * labels, by default (positive − negative) / n in [−1, 1], with the distribution of labels. The
 * labelling itself (an NLP classifier) is the caller's job.
 *
 * Formula: score = (w₊·positive + w₀·neutral + w₋·negative) / n, default weights 1, 0, −1.
 *
 * @param input - `{ positive, neutral, negative }` counts or `{ labels }`, one label per message.
 * @param options - {@link SentimentOptions}: `weights`, `confidence` (0.95).
 * @returns A {@link SentimentResult}; `value` is `null` (with a `reason`) when there are no messages.
 * @throws {@link KpiInputError} for an unknown label (naming its index), an invalid count or weight.
 * @see docs/metrics.md#sentimentscore.
 *
 * @example
 * ```ts
 * import { sentimentScore } from 'kpi-kit';
 *
 * sentimentScore({ positive: 60, neutral: 25, negative: 15 }).value; // 0.45
 * sentimentScore({ labels: ['positive', 'negative', 'positive', 'neutral'] }).value; // 0.25
 * sentimentScore({ labels: [] }).reason; // 'no labelled messages: the sentiment score is undefined'
 * ```
 */
export function sentimentScore(input: SentimentInput, options?: SentimentOptions): SentimentResult {
  const fn = 'sentimentScore';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['weights', 'confidence']);
  const issues = new IssueCollector(fn);
  const confidence = o.confidence ?? 0.95;
  issues.check(confidence, CONFIDENCE, ['options', 'confidence']);
  const given = o.weights ?? {};
  const weights = { positive: 1, neutral: 0, negative: -1 };
  if (!isRecord(given)) {
    issues.add({ code: 'invalid_type', path: ['options', 'weights'], input: given, expected: 'an object of weights per label' });
  } else {
    for (const key of Object.keys(given)) {
      if (!(LABELS as readonly string[]).includes(key)) {
        issues.add({
          code: 'invalid_value',
          path: ['options', 'weights', key],
          input: given[key],
          detail: `options.weights.${key} is not a label (positive, neutral, negative)`,
        });
      } else if (given[key] !== undefined && issues.check(given[key], WEIGHT, ['options', 'weights', key])) {
        weights[key as SentimentLabel] = given[key] as number;
      }
    }
  }
  issues.throwIfAny();
  const form = selectForm(fn, record, [
    { name: 'counts', fields: ['positive', 'neutral', 'negative'] },
    { name: 'labels', fields: ['labels'] },
  ]);
  let positive: number;
  let neutral: number;
  let negative: number;
  if (form === 'labels') [positive, neutral, negative] = countLabels(fn, record.labels);
  else ({ positive, neutral, negative } = readFields(fn, record, { positive: COUNT, neutral: COUNT, negative: COUNT }));
  const n = positive + neutral + negative;
  const base = {
    n,
    positive,
    neutral,
    negative,
    positiveShare: ratio(positive, n),
    neutralShare: ratio(neutral, n),
    negativeShare: ratio(negative, n),
  };
  const z = zForConfidence(confidence as number);
  if (n === 0) {
    return makeResult(null, {
      reason: 'no labelled messages: the sentiment score is undefined',
      ...base,
      standardError: null,
      interval: null,
      confidence: confidence as number,
      weights,
    });
  }
  const value = (weights.positive * positive + weights.neutral * neutral + weights.negative * negative) / n;
  const second = (weights.positive ** 2 * positive + weights.neutral ** 2 * neutral + weights.negative ** 2 * negative) / n;
  const standardError = Math.sqrt(Math.max(0, second - value * value) / n);
  const lo = Math.min(weights.positive, weights.neutral, weights.negative);
  const hi = Math.max(weights.positive, weights.neutral, weights.negative);
  return makeResult(value, {
    reason: null,
    ...base,
    standardError,
    interval: interval(value - z * standardError, value + z * standardError, lo, hi),
    confidence: confidence as number,
    weights,
  });
}
