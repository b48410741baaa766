/**
 * The sample of durations behind the duration metrics (first response, resolution, handle time):
 * a growable Float64Array (the only per-record memory), an order-independent exact mean, and R type 7
 * quantiles by selection.
 *
 * @module
 */
import { exactFloatSum } from '../core/stats/sum.js';
import {
  type BucketOrder,
  bucketCount,
  bucketOrder,
  quantilesOfBucketOrders,
  quantilesOfParts,
  quantilesUnchecked,
  readPercentileList,
} from '../core/stats/quantile.js';

/** Summary statistics of a duration metric, all in ms (`null` when there is no duration). */
export interface DurationSummary {
  /** Mean duration in ms: the metric's value; `null` (with a `reason`) when there is no duration. */
  readonly value: number | null;
  /** Why `value` is `null` (no duration measured); `null` when there is a value. */
  readonly reason: string | null;
  /** Number of durations (tickets measured). */
  readonly n: number;
  /** Mean in ms (same as `value`). */
  readonly mean: number | null;
  /** Median in ms (R type 7). */
  readonly median: number | null;
  /** The percentiles asked for (percent, as `numpy.percentile`), keyed `p90`, `p95`, `p99.9`, ... (R type 7: `p90` = `quantile(values, 0.9)`). */
  readonly percentiles: Readonly<Record<string, number | null>>;
  /** Shortest duration in ms. */
  readonly min: number | null;
  /** Longest duration in ms. */
  readonly max: number | null;
  /** Sum of the durations in ms. */
  readonly total: number;
}

/** The `reason` of a duration summary without durations. @internal */
export const NO_DURATIONS = 'no durations measured: the mean is undefined';

/** Default percentiles of duration metrics: the 90th. */
export const DEFAULT_PERCENTILES: readonly number[] = Object.freeze([90]);

/**
 * Validates the `percentiles` option (percent, 0–100 exclusive, as numpy.percentile; no holes, at
 * most 100): the one check of core/stats `readPercentileList`.
 */
export function readPercentiles(fn: string, value: unknown): readonly number[] {
  return value === undefined ? DEFAULT_PERCENTILES : readPercentileList(fn, value, ['options', 'percentiles']);
}

/** The key of a percentile in results: 90 → `"p90"`, 99.9 → `"p99.9"`. */
export function percentileKey(p: number): string {
  return `p${String(p)}`;
}

/** Samples of this many durations and more may be ordered by bucket (see `DurationSample.bucketed`). */
const BUCKETED_MIN = 1 << 9;
/** Samples of more durations are not: one histogram pass over them costs less when they are summarised once. */
const BUCKETED_MAX = 1 << 17;

/** A growable sample of durations. */
export class DurationSample {
  values: Float64Array;
  n = 0;
  /** Running sum; exact while every duration is an integer and the sum stays below 2^53. */
  sum = 0;
  integral = true;
  min = Infinity;
  max = -Infinity;
  /** Quantiles computed elsewhere (see `preset`), valid while nothing is added. */
  private presetProbs: readonly number[] | null = null;
  private presetQuantiles: readonly (number | null)[] | null = null;
  private presetAt = -1;
  /** The values' bucket order (see {@link DurationSample.bucketed}), valid while `n` is `bucketedAt`. */
  private buckets: BucketOrder | null = null;
  private bucketedAt = -1;

  constructor(capacity = 64) {
    this.values = new Float64Array(Math.max(16, capacity));
  }

  push(d: number): void {
    if (this.n === this.values.length) this.grow(this.n + 1);
    this.values[this.n++] = d;
    this.sum += d;
    if (d < this.min) this.min = d;
    if (d > this.max) this.max = d;
    if (this.integral && (d | 0) !== d && !Number.isInteger(d)) this.integral = false;
  }

  /** Makes room for `total` values: exactly that many when `exact`, else by doubling. */
  grow(total: number, exact = false): void {
    let size = this.values.length;
    if (size >= total) return;
    if (exact) size = total;
    else while (size < total) size *= 2;
    const next = new Float64Array(size);
    next.set(this.values.subarray(0, this.n));
    this.values = next;
  }

  /**
   * Appends another sample's durations. Another sample of whole, non-negative durations whose sum
   * with this one's is at most 2^53 − 1 is copied at once and its sum added: every partial sum of
   * either order is then a whole number below 2^53, exact, so the sum is the one of adding them one
   * by one. Else each duration is added in turn.
   */
  merge(other: { readonly values: ArrayLike<number>; readonly n?: number }): void {
    const count = other.n ?? other.values.length;
    this.grow(this.n + count);
    if (
      other instanceof DurationSample &&
      this.integral &&
      other.integral &&
      (this.n === 0 || this.min >= 0) &&
      (count === 0 || other.min >= 0) &&
      this.sum + other.sum <= Number.MAX_SAFE_INTEGER
    ) {
      this.values.set(other.values.subarray(0, count), this.n);
      this.n += count;
      this.sum += other.sum;
      if (other.min < this.min) this.min = other.min;
      if (other.max > this.max) this.max = other.max;
      return;
    }
    for (let i = 0; i < count; i++) this.push(other.values[i] as number);
  }

  /**
   * Takes the durations the caller wrote into `values` after the first `this.n` (room made by
   * `grow`), up to `n`, with their sum, bounds and integrality.
   */
  append(n: number, sum: number, integral: boolean, min: number, max: number): void {
    this.n = n;
    this.sum += sum;
    this.integral &&= integral;
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  /** Becomes the sample of the durations in `view`, all of it (storage laid out by byPeriod). */
  fill(view: Float64Array): void {
    if (this.n !== 0) throw new Error('kpi-kit internal error: storage handed to a non-empty sample');
    this.buckets = null;
    let sum = 0;
    let integral = true;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < view.length; i++) {
      const d = view[i] as number;
      sum += d;
      if (d < min) min = d;
      if (d > max) max = d;
      if (integral && (d | 0) !== d && !Number.isInteger(d)) integral = false;
    }
    this.values = view;
    this.n = view.length;
    this.sum = sum;
    this.integral = integral;
    this.min = min;
    this.max = max;
  }

  /**
   * Becomes a sample whose figures were computed elsewhere (byPeriod's grouped figures): `n`
   * durations with this exact sum and these bounds, all integers, and the R type 7 quantiles at
   * `probs` that `summary` then gives without selecting. `values` holds the durations when the
   * caller has them together (the union), else it is empty and only the summary may be asked.
   */
  preset(values: Float64Array, n: number, sum: number, min: number, max: number, probs: readonly number[], quantiles: readonly (number | null)[]): void {
    if (this.n !== 0) throw new Error('kpi-kit internal error: figures handed to a non-empty sample');
    this.buckets = null;
    this.values = values;
    this.n = n;
    this.sum = sum;
    this.integral = true;
    this.min = min;
    this.max = max;
    this.presetProbs = probs;
    this.presetQuantiles = quantiles;
    this.presetAt = n;
  }

  /**
   * Becomes the union of `parts`, whose durations the caller has also put in `values` from index 0
   * (in any order); the sums and bounds are combined from the parts.
   */
  adopt(values: Float64Array, parts: readonly DurationSample[]): void {
    this.buckets = null;
    let n = 0;
    let sum = 0;
    let integral = true;
    let min = Infinity;
    let max = -Infinity;
    for (const part of parts) {
      n += part.n;
      sum += part.sum;
      integral &&= part.integral;
      if (part.min < min) min = part.min;
      if (part.max > max) max = part.max;
    }
    this.values = values;
    this.n = n;
    this.sum = sum;
    this.integral = integral;
    this.min = min;
    this.max = max;
  }

  /** The mean, the same for every order of the durations. */
  mean(): number | null {
    if (this.n === 0) return null;
    const exact = this.integral && Math.abs(this.sum) <= Number.MAX_SAFE_INTEGER;
    return (exact ? this.sum : exactFloatSum(this.values, this.n)) / this.n;
  }

  /**
   * The summary with the given percentiles (0–100). Reorders the stored values (not their set).
   * `part`: the sample is a group of a grouping, whose totals read its durations again (see
   * {@link DurationSample.bucketed}).
   */
  summary(percentiles: readonly number[], part = false): DurationSummary {
    const n = this.n;
    const probs = [0.5, ...percentiles.map((p) => p / 100)];
    const preset = this.presetQuantiles;
    const q =
      preset !== null &&
      this.presetAt === n &&
      this.presetProbs !== null &&
      this.presetProbs.length === probs.length &&
      this.presetProbs.every((p, i) => p === probs[i])
        ? [...preset]
        : this.bucketed(part) !== null
          ? quantilesOfBucketOrders([{ values: this.values, order: this.buckets as BucketOrder }], n, probs)
          : quantilesUnchecked(this.values.subarray(0, n), probs, {
              inPlace: true,
              ...(this.integral && n > 0 ? { integers: { min: this.min, max: this.max } } : {}),
            });
    const mean = this.mean();
    const byKey: Record<string, number | null> = {};
    percentiles.forEach((p, i) => {
      byKey[percentileKey(p)] = q[i + 1] ?? null;
    });
    const total = n === 0 ? 0 : this.integral && Math.abs(this.sum) <= Number.MAX_SAFE_INTEGER ? this.sum : exactFloatSum(this.values, n);
    return {
      value: mean,
      reason: n === 0 ? NO_DURATIONS : null,
      n,
      mean,
      median: q[0] ?? null,
      percentiles: byKey,
      min: n === 0 ? null : this.min,
      max: n === 0 ? null : this.max,
      total,
    };
  }

  /**
   * The values ordered by bucket (see `bucketOrder` in core/stats/quantile), made once and kept
   * while nothing is added: for a sample of BUCKETED_MIN to BUCKETED_MAX whole, non-negative
   * durations whose buckets are no more than its durations (their offsets take at most half the
   * memory of the durations). Its quantiles are then selected within a few buckets, and so are
   * those of a grouping's totals over such samples (no pass over their durations: a period's, a
   * segment's and the grand total read the buckets of the same cells). A part of such totals
   * (`part`: a grouping's group summarised, or a part of {@link DurationSample.summaryOfParts}) is
   * ordered above BUCKETED_MAX too: its durations are read by several totals, where a histogram
   * would pass over them once for each. `null` otherwise.
   */
  private bucketed(part = false): BucketOrder | null {
    const n = this.n;
    if (this.buckets !== null && this.bucketedAt === n) return this.buckets;
    this.buckets = null;
    if (n < BUCKETED_MIN || (n > BUCKETED_MAX && !part) || !this.integral || !(this.min >= 0) || this.values.length < n) return null;
    if (bucketCount(this.min, this.max) > n) return null;
    const ordered = bucketOrder(this.values, n, this.min, this.max);
    if (ordered === null) return null;
    this.values = ordered.values;
    this.buckets = ordered.order;
    this.bucketedAt = n;
    return ordered.order;
  }

  /**
   * The summary of several samples taken together (a grouping's total over its parts), their
   * durations read where they are (no copy): the same figures as the summary of their union.
   * From the parts' buckets when each has them (see {@link DurationSample.bucketed}), else from a
   * histogram over all their durations. `null` when that does not apply — a part with a fraction
   * of a ms or a negative duration, a sum beyond 2^53 − 1, fewer than 2,048 durations (not all in
   * bucket orders), a histogram too coarse — and the caller merges.
   */
  static summaryOfParts(parts: readonly DurationSample[], percentiles: readonly number[]): DurationSummary | null {
    let n = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    const arrays: Float64Array[] = [];
    const orders: { values: Float64Array; order: BucketOrder }[] = [];
    for (const part of parts) {
      if (part.n === 0) continue;
      if (!part.integral || !(part.min >= 0) || part.values.length < part.n) return null;
      n += part.n;
      sum += part.sum;
      if (part.min < min) min = part.min;
      if (part.max > max) max = part.max;
      // Ordered first (the order replaces the part's values), unless a part before it had none.
      const order = orders.length === arrays.length ? part.bucketed(true) : null;
      arrays.push(part.values.subarray(0, part.n));
      if (order !== null) orders.push({ values: part.values, order });
    }
    if (!(sum <= Number.MAX_SAFE_INTEGER)) return null;
    const probs = [0.5, ...percentiles.map((p) => p / 100)];
    const quantiles = n > 0 && orders.length === arrays.length ? quantilesOfBucketOrders(orders, n, probs) : quantilesOfParts(arrays, probs, { min, max });
    if (quantiles === null) return null;
    const union = new DurationSample(16);
    union.preset(new Float64Array(0), n, sum, min, max, probs, quantiles);
    return union.summary(percentiles);
  }

  /** The durations as a plain array (for JSON). */
  toArray(): number[] {
    const { values, n } = this;
    if (values.length < n) throw new Error('kpi-kit internal error: the durations of a preset sample are elsewhere');
    // Pushed one by one: about 2× faster than Array.from of a typed array, and the array stays packed
    // (a worker's state goes to the main thread by structured clone, which writes a holey array
    // element by element with its index).
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(values[i] as number);
    return out;
  }
}
