/**
 * Quantiles by linear interpolation between order statistics (Hyndman & Fan type 7: the default
 * of R's `quantile`, numpy's `'linear'` method, Excel PERCENTILE.INC, DuckDB quantile_cont),
 * computed by selection rather than a full sort: expected linear time, O(n log n) at worst.
 *
 * Two scales, as numpy has them: a quantile's probability is in [0, 1] (`quantile`, `quantiles`,
 * like `numpy.quantile`), a percentile in percent, 0–100 (the `percentiles` option of the duration
 * metrics, keyed `p90`, like `numpy.percentile`); the p-th percentile is the (p/100)-quantile.
 *
 * @module
 */
import type { KpiPath } from '../errors.js';
import { MAX_ISSUES } from '../errors.js';
import { FINITE, IssueCollector, SHARE, fail, isArrayLike } from '../validate.js';
import { scanInvalid } from './scan.js';

/**
 * Validates a list of percentiles (numpy's `percentile` scale: percent, not a probability): an
 * array of at most 100 numbers strictly between 0 and 100 (the 0th and 100th are the minimum and
 * maximum, which results report as `min` and `max`), without holes (`[90, , 95]` is refused, as is
 * a `new Array(3)`: a hole is never read as a missing percentile). Duplicates are dropped, the
 * first kept. The percentile p is the quantile at p/100 (R type 7, as {@link quantile}).
 *
 * @param fn - The function named in errors.
 * @param value - The list.
 * @param path - Where the list is in the call, e.g. `['options', 'percentiles']`.
 * @returns The frozen list, in the given order, without duplicates.
 * @throws {@link KpiInputError} when `value` is not an array or has more than 100 entries
 *   (`invalid_type`), has a hole (`missing`, path to the hole), or an entry is not a number
 *   (`invalid_type`) or not strictly between 0 and 100 (`out_of_range`), every bad entry listed.
 * @internal
 */
export function readPercentileList(fn: string, value: unknown, path: KpiPath): readonly number[] {
  const expected = 'a number strictly between 0 and 100';
  if (!Array.isArray(value) || value.length > MAX_ISSUES) {
    return fail(fn, {
      code: 'invalid_type',
      path,
      input: value,
      expected: `an array of at most ${MAX_ISSUES} percentiles between 0 and 100 (like [90, 95, 99])`,
    });
  }
  const issues = new IssueCollector(fn);
  const list: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) {
      issues.add({ code: 'missing', path: [...path, i], input: undefined, expected: `${expected}; the array has a hole here` });
      continue;
    }
    const p: unknown = value[i];
    if (typeof p === 'number' && p > 0 && p < 100) {
      if (!list.includes(p)) list.push(p);
    } else {
      issues.add({ code: typeof p === 'number' ? 'out_of_range' : 'invalid_type', path: [...path, i], input: p, expected });
    }
  }
  issues.throwIfAny();
  return Object.freeze(list);
}

/** Options of {@link quantilesUnchecked}. */
export interface QuantilesUncheckedOptions {
  /**
   * Work on `values` itself instead of a copy: `values` must then be a `Float64Array`, and it is
   * reordered. Any other array-like is copied regardless. Default `false`.
   */
  readonly inPlace?: boolean;
  /**
   * What the caller knows of the values, to spare a pass: all integers, with these bounds. Only a
   * hint for speed (the values must agree with it); the result is the same without it.
   */
  readonly integers?: { readonly min: number; readonly max: number };
}

/** Ranges up to this size take a median-of-3 pivot; larger ones the Floyd–Rivest sample. */
const SAMPLE_THRESHOLD = 600;

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}

/**
 * Rearranges a[left..right] so that a[k] holds the value it would have if that range were sorted,
 * with a[left..k−1] ≤ a[k] ≤ a[k+1..right]. Floyd & Rivest's SELECT (CACM 18(3), 1975,
 * Algorithm 489): a pivot taken from a recursively selected sample around k on large ranges, the
 * median of three on small ones, and a Hoare partition that splits runs of equal values evenly.
 * Guard: a range that has not shrunk after 2·log₂(n) + 16 partitions is sorted instead, which
 * caps the worst case at O(n log n) without any randomness.
 */
function select(a: Float64Array, left: number, right: number, k: number): void {
  let budget = 2 * Math.ceil(Math.log2(right - left + 2)) + 16;
  while (right > left) {
    if (--budget < 0) {
      a.subarray(left, right + 1).sort();
      return;
    }
    if (right - left > SAMPLE_THRESHOLD) {
      const n = right - left + 1;
      const i = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (i - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (i * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - i) * s) / n + sd));
      select(a, newLeft, newRight, k);
    } else {
      // Median of a[left], a[mid], a[right] moved to k.
      const mid = left + ((right - left) >> 1);
      const x = a[left] as number;
      const y = a[mid] as number;
      const w = a[right] as number;
      const m = x < y ? (y < w ? mid : x < w ? right : left) : x < w ? left : y < w ? right : mid;
      swap(a, m, k);
    }
    const t = a[k] as number;
    let i = left;
    let j = right;
    swap(a, left, k);
    if ((a[right] as number) > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while ((a[i] as number) < t) i++;
      while ((a[j] as number) > t) j--;
    }
    if (a[left] === t) {
      swap(a, left, j);
    } else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

/**
 * Moves the k-th smallest of a[left..right] to position k (see {@link select}); when k is an end
 * of the range, one scan for the minimum or maximum does it.
 */
function place(a: Float64Array, left: number, right: number, k: number): void {
  if (k === left || k === right) {
    let m = k;
    let v = a[k] as number;
    if (k === left) {
      for (let i = left + 1; i <= right; i++) {
        const x = a[i] as number;
        if (x < v) {
          v = x;
          m = i;
        }
      }
    } else {
      for (let i = left; i < right; i++) {
        const x = a[i] as number;
        if (x > v) {
          v = x;
          m = i;
        }
      }
    }
    swap(a, k, m);
  } else {
    select(a, left, right, k);
  }
}

/** Up to this many order statistics in a range are selected one after the other, left to right. */
const SEQUENTIAL_TARGETS = 6;

/**
 * Puts every position of `targets[tlo..thi]` (strictly increasing, within [left, right]) in its
 * sorted place. A few targets are selected in increasing order, each selection working only on
 * the part right of the previous one (the neighbour x₍k+1₎ is then just the minimum of that part);
 * many targets (a list of percentiles) are split at the middle one first, so the cost stays
 * O(n·log m) for m targets rather than O(n·m).
 */
function multiselect(a: Float64Array, left: number, right: number, targets: readonly number[], tlo: number, thi: number): void {
  while (thi - tlo + 1 > SEQUENTIAL_TARGETS) {
    const mid = tlo + ((thi - tlo) >> 1);
    const k = targets[mid] as number;
    place(a, left, right, k);
    multiselect(a, left, k - 1, targets, tlo, mid - 1);
    left = k + 1;
    tlo = mid + 1;
  }
  for (let t = tlo; t <= thi; t++) {
    const k = targets[t] as number;
    place(a, left, right, k);
    left = k + 1;
  }
}

/** Samples from this size on may take {@link radixOrderStatistics}. */
const RADIX_MIN = 1 << 11;
/** At most this many order statistics are taken from the histogram (a few quantiles). */
const RADIX_MAX_TARGETS = 16;
/** Histogram buckets: at most 2^16 counts (256 KiB, in cache); a sample of n values takes at most n / 2 of them. */
const RADIX_BUCKETS = 1 << 16;
/** The histogram's buckets for a sample of n values: the power of two at most n / 2, at most 2^16. */
function radixBuckets(n: number): number {
  let buckets = 1 << 10;
  while (buckets < RADIX_BUCKETS && buckets * 4 <= n) buckets *= 2;
  return buckets;
}
/** Whether doubles are stored little-endian here (the high word of element i at 2i + 1). */
const LITTLE_ENDIAN = /* @__PURE__ */ new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

/**
 * The order statistics of ranks `targets` (sorted, distinct) of the values of `parts` taken
 * together (one array, or several: the parts of a grouping, read where they are), when every
 * value is ≥ +0, from a histogram of the values' high 32 bits (for non-negative doubles their
 * order is the numbers' order): one pass counts the values per bucket (zeros apart, the positive
 * values from the smallest one up, in up to 2^16 buckets: see {@link radixBuckets}), a second
 * copies out the values of the buckets that hold a target, which are sorted. Exact: the same
 * order statistics as sorting. `null` (nothing done) when a value is negative (or −0), on a
 * big-endian platform, or when a target's bucket holds more than an eighth of the values (the
 * caller then selects).
 */
function radixOrderStatistics(
  parts: readonly Float64Array[],
  targets: readonly number[],
  integers?: { readonly min: number; readonly max: number },
): Map<number, number> | null {
  if (!LITTLE_ENDIAN) return null;
  let n = 0;
  for (const a of parts) n += a.length;
  // Plain loops here, no closures: an array made by `map` had another hidden class from call to
  // call, and the optimised code of this function was left at each call (a deoptimisation loop).
  const words: Uint32Array[] = [];
  for (const a of parts) words.push(new Uint32Array(a.buffer, a.byteOffset, 2 * a.length));
  // The range of the positive values' high words: from the caller's bounds of whole numbers (the
  // smallest positive one is at least 1), or from a pass over the values.
  let low = 0xffffffff;
  let high = 0;
  if (integers !== undefined && integers.min >= 0 && integers.max >= 1) {
    const word = (x: number): number => new Uint32Array(new Float64Array([x]).buffer)[1] as number;
    low = word(Math.max(1, integers.min));
    high = word(integers.max);
  } else {
    for (const w of words) {
      const signed = !positiveRange(w, w.length / 2, (l, h) => {
        if (l < low) low = l;
        if (h > high) high = h;
      });
      if (signed) return null;
    }
  }
  const size = radixBuckets(n);
  let shift = 0;
  if (low <= high) while ((high - low) >>> shift >= size - 1) shift++;
  // Bucket 0: the zeros; bucket b ≥ 1: positive values with ((h − low) >>> shift) = b − 1. A set
  // sign bit (a negative value, or −0) stops it.
  const hist = new Int32Array(size + 1);
  // Whole numbers from 1 up, within the caller's bounds: no zero, no sign bit, every word in range.
  const positive = integers !== undefined && integers.min >= 1;
  for (const w of words) {
    if (positive) countPositive(w, w.length / 2, low, shift, hist);
    else if (!countBuckets(w, w.length / 2, low, shift, hist)) return null;
  }
  const found = new Map<number, number>();
  const chosen = new Int32Array(hist.length).fill(-1);
  const wanted: { bucket: number; start: number }[] = [];
  let cumulative = 0;
  let t = 0;
  for (let b = 0; b < hist.length && t < targets.length; b++) {
    const count = hist[b] as number;
    while (t < targets.length && (targets[t] as number) < cumulative + count) {
      if (b === 0) found.set(targets[t] as number, 0);
      else {
        if (count > n / 8) return null;
        if (chosen[b] === -1) {
          chosen[b] = wanted.length;
          wanted.push({ bucket: b, start: cumulative });
        }
      }
      t++;
    }
    cumulative += count;
  }
  const buckets: Float64Array[] = [];
  for (const w of wanted) buckets.push(new Float64Array(hist[w.bucket] as number));
  const fill = new Int32Array(buckets.length);
  for (let j = 0; j < parts.length; j++) gather(parts[j] as Float64Array, words[j] as Uint32Array, low, shift, chosen, buckets, !positive, fill);
  for (const bucket of buckets) bucket.sort();
  for (const k of targets) {
    if (found.has(k)) continue;
    let b = 0;
    for (let j = 0; j < wanted.length; j++) {
      const w = wanted[j] as { bucket: number; start: number };
      if (k >= w.start && k < w.start + (hist[w.bucket] as number)) b = j;
    }
    const w = wanted[b] as { bucket: number; start: number };
    found.set(k, (buckets[b] as Float64Array)[k - w.start] as number);
  }
  return found;
}

/** The high words' range of the positive values (zeros left out); false at a set sign bit. */
function positiveRange(words: Uint32Array, n: number, range: (low: number, high: number) => void): boolean {
  let low = 0xffffffff;
  let high = 0;
  for (let i = 1; i < 2 * n; i += 2) {
    const h = words[i] as number;
    if (h >= 0x80000000) return false;
    if (h === 0 && words[i - 1] === 0) continue;
    if (h < low) low = h;
    if (h > high) high = h;
  }
  range(low, high);
  return true;
}

/** The histogram pass of {@link radixOrderStatistics} (a function of its own: one tight loop); false at a set sign bit or a word out of range. */
function countBuckets(words: Uint32Array, n: number, low: number, shift: number, hist: Int32Array): boolean {
  const last = hist.length - 1;
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1] as number;
    if (h === 0 && words[2 * i] === 0) {
      hist[0] = (hist[0] as number) + 1;
      continue;
    }
    if (h < low || h >= 0x80000000) return false;
    const b = ((h - low) >>> shift) + 1;
    if (b > last) return false;
    hist[b] = (hist[b] as number) + 1;
  }
  return true;
}

/** {@link countBuckets} for values known to lie in [low's value, the bound of the high words] and to be > 0: one add per value. */
function countPositive(words: Uint32Array, n: number, low: number, shift: number, hist: Int32Array): void {
  for (let i = 1; i < 2 * n; i += 2) {
    const b = (((words[i] as number) - low) >>> shift) + 1;
    hist[b] = (hist[b] as number) + 1;
  }
}

/**
 * The copying pass of {@link radixOrderStatistics} over one array: each value of a chosen bucket
 * into that bucket's array, from `fill[c]` on (`zeros`: whether there may be zeros, bucket 0).
 */
function gather(
  a: Float64Array,
  words: Uint32Array,
  low: number,
  shift: number,
  chosen: Int32Array,
  buckets: Float64Array[],
  zeros: boolean,
  fill: Int32Array,
): void {
  for (let i = 0; i < a.length; i++) {
    const h = words[2 * i + 1] as number;
    const b = zeros && h === 0 && words[2 * i] === 0 ? 0 : ((h - low) >>> shift) + 1;
    const c = chosen[b] as number;
    if (c >= 0) {
      (buckets[c] as Float64Array)[fill[c] as number] = a[i] as number;
      fill[c] = (fill[c] as number) + 1;
    }
  }
}

/** The ranks R type 7 reads for `probs` over n values: each probability's lower rank and fraction, and the ranks wanted (sorted, distinct). */
function ranksOf(n: number, probs: readonly number[]): { readonly lows: number[]; readonly fracs: number[]; readonly targets: number[] } {
  const m = probs.length;
  const lows = new Array<number>(m);
  const fracs = new Array<number>(m);
  const targets: number[] = [];
  for (let j = 0; j < m; j++) {
    const p = probs[j] as number;
    const h = (n - 1) * Math.min(Math.max(p, 0), 1);
    const lo = Math.floor(h);
    lows[j] = lo;
    fracs[j] = h - lo;
    if (Number.isNaN(h)) continue;
    targets.push(lo);
    if (h > lo && lo + 1 < n) targets.push(lo + 1);
  }
  targets.sort((x, y) => x - y);
  let u = 0;
  for (let t = 0; t < targets.length; t++) {
    const k = targets[t] as number;
    if (u === 0 || k !== targets[u - 1]) targets[u++] = k;
  }
  targets.length = u;
  return { lows, fracs, targets };
}

/** The quantiles from the order statistics (`at(k)`: the value of rank k) at the ranks of {@link ranksOf}. */
function interpolate(n: number, lows: readonly number[], fracs: readonly number[], at: (k: number) => number): number[] {
  return lows.map((lo, j) => {
    const frac = fracs[j] as number;
    if (Number.isNaN(lo)) return Number.NaN;
    const xlo = at(lo);
    if (frac === 0 || lo + 1 >= n) return xlo;
    const xhi = at(lo + 1);
    const diff = xhi - xlo;
    // x_lo + frac·(x_hi − x_lo), kept within [x_lo, x_hi] against rounding; the weighted form
    // when the difference overflows (values near ±1.8e308).
    const q = Number.isFinite(diff) ? xlo + frac * diff : (1 - frac) * xlo + frac * xhi;
    return Math.min(Math.max(q, xlo), xhi);
  });
}

/** R type 7 quantiles of a non-empty Float64Array, reordering it. */
function quantilesOf(a: Float64Array, probs: readonly number[], integers?: { readonly min: number; readonly max: number }): number[] {
  const n = a.length;
  const { lows, fracs, targets } = ranksOf(n, probs);
  const u = targets.length;
  // Large samples of non-negative numbers: the order statistics from a histogram of their high bits
  // (two passes, no reordering); else, or when the histogram is too coarse, by selection.
  const found = n >= RADIX_MIN && u <= RADIX_MAX_TARGETS ? radixOrderStatistics([a], targets, integers) : null;
  if (found === null) multiselect(a, 0, n - 1, targets, 0, u - 1);
  return interpolate(n, lows, fracs, (k) => (found === null ? (a[k] as number) : (found.get(k) as number)));
}

/**
 * R type 7 quantiles of the values of several arrays taken together, read where they are (no
 * copy, no reordering): the histogram of {@link radixOrderStatistics} over all of them. `null`
 * when it does not apply (fewer than 2,048 values, a negative value, too many probabilities, a
 * bucket too crowded): the caller then joins the arrays and takes {@link quantilesUnchecked}.
 * What the total of a grouping's parts takes (each part's durations stay in its part).
 * @internal
 */
export function quantilesOfParts(
  parts: readonly Float64Array[],
  probs: readonly number[],
  integers?: { readonly min: number; readonly max: number },
): number[] | null {
  let n = 0;
  for (const a of parts) n += a.length;
  if (n < RADIX_MIN) return null;
  const { lows, fracs, targets } = ranksOf(n, probs);
  if (targets.length > RADIX_MAX_TARGETS) return null;
  const found = radixOrderStatistics(parts, targets, integers);
  return found === null ? null : interpolate(n, lows, fracs, (k) => found.get(k) as number);
}

/**
 * A sample's values ordered by bucket: bucket 0 holds the zeros; bucket b ≥ 1 the positive values
 * whose high word, shifted right by {@link BUCKET_SHIFT}, is `lo + b − 1` (16 buckets an octave:
 * the same buckets for every sample, so that the buckets of several samples add up). Bucket b's
 * values are at `[offsets[b], offsets[b + 1])` of the values, in no order within it.
 * @internal
 */
export interface BucketOrder {
  readonly lo: number;
  readonly offsets: Int32Array;
}

/**
 * The shift of a positive double's high word that names its bucket: 2^(20 − 16) = 16 buckets an
 * octave (durations from 1 ms to a year: about 560 buckets). Placing values among a few hundred
 * buckets stays in cache (among thousands it did not: 1.5× the time), and a bucket holds a few
 * percent of an octave's values, among which the order statistics are selected.
 */
const BUCKET_SHIFT = 16;

/** The high word of a double (little-endian: see {@link LITTLE_ENDIAN}). */
function highWord(x: number): number {
  return new Uint32Array(new Float64Array([x]).buffer)[1] as number;
}

/** The buckets of a bucket order of whole numbers from `min` ≥ 0 to `max` (the length of its offsets, less one). @internal */
export function bucketCount(min: number, max: number): number {
  return max >= 1 ? (highWord(max) >>> BUCKET_SHIFT) - (highWord(Math.max(1, min)) >>> BUCKET_SHIFT) + 2 : 1;
}

/**
 * The first `n` values of `a` — whole numbers from `min` ≥ 0 to `max` — ordered by bucket (see
 * {@link BucketOrder}) into a new array: one pass counting the values per bucket, one placing
 * them. `null` (nothing done) on a big-endian platform, or when a value has its sign bit set
 * (−0) or lies outside [min, max].
 * @internal
 */
export function bucketOrder(a: Float64Array, n: number, min: number, max: number): { readonly values: Float64Array; readonly order: BucketOrder } | null {
  if (!LITTLE_ENDIAN || !(min >= 0) || !(max >= min)) return null;
  const words = new Uint32Array(a.buffer, a.byteOffset, 2 * n);
  // Whole numbers: the smallest positive one is at least 1.
  const lo = highWord(Math.max(1, min)) >>> BUCKET_SHIFT;
  const last = max >= 1 ? (highWord(max) >>> BUCKET_SHIFT) - lo + 1 : 0;
  const offsets = new Int32Array(last + 2);
  if (!countBucketOrder(words, n, lo, last, offsets)) return null;
  for (let b = 0, at = 0; b <= last + 1; b++) {
    const count = offsets[b] as number;
    offsets[b] = at;
    at += count;
  }
  const values = new Float64Array(n);
  placeBucketOrder(a, words, n, lo, offsets, values);
  return { values, order: { lo, offsets } };
}

/** The counting pass of {@link bucketOrder}: bucket b's count into `counts[b]`; false at a sign bit or a value out of range. */
function countBucketOrder(words: Uint32Array, n: number, lo: number, last: number, counts: Int32Array): boolean {
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1] as number;
    if (h === 0 && words[2 * i] === 0) {
      counts[0] = (counts[0] as number) + 1;
      continue;
    }
    const b = (h >>> BUCKET_SHIFT) - lo + 1;
    if (h >= 0x80000000 || b < 1 || b > last) return false;
    counts[b] = (counts[b] as number) + 1;
  }
  return true;
}

/** The placing pass of {@link bucketOrder}: each value at its bucket's next place (`offsets` end as the buckets' ends: restored after). */
function placeBucketOrder(a: Float64Array, words: Uint32Array, n: number, lo: number, offsets: Int32Array, out: Float64Array): void {
  const next = offsets.slice();
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1] as number;
    const b = h === 0 && words[2 * i] === 0 ? 0 : (h >>> BUCKET_SHIFT) - lo + 1;
    const at = next[b] as number;
    out[at] = a[i] as number;
    next[b] = at + 1;
  }
}

/**
 * R type 7 quantiles of the values of several bucket-ordered samples taken together (one, or the
 * parts of a grouping's total), from their buckets: their counts added bucket by bucket, and the
 * order statistics selected among the values of the buckets that hold them (no pass over the
 * other values). Exact: the same as sorting. `n` is the number of values of all the parts (> 0).
 * @internal
 */
export function quantilesOfBucketOrders(
  parts: readonly { readonly values: Float64Array; readonly order: BucketOrder }[],
  n: number,
  probs: readonly number[],
): number[] {
  const { lows, fracs, targets } = ranksOf(n, probs);
  let lo = Infinity;
  let end = 0;
  for (const { order } of parts) {
    if (order.lo < lo) lo = order.lo;
    const e = order.lo + order.offsets.length - 2;
    if (e > end) end = e;
  }
  if (lo === Infinity) lo = 0;
  // Bucket 0: the zeros; bucket b ≥ 1: the positive values of high word bucket lo + b − 1.
  const counts = new Int32Array(Math.max(end - lo + 2, 1));
  for (const { order } of parts) {
    const { offsets } = order;
    const shift = order.lo - lo;
    counts[0] = (counts[0] as number) + (offsets[1] as number) - (offsets[0] as number);
    for (let b = 1; b + 1 < offsets.length; b++) counts[b + shift] = (counts[b + shift] as number) + (offsets[b + 1] as number) - (offsets[b] as number);
  }
  const found = new Map<number, number>();
  let cumulative = 0;
  let t = 0;
  for (let b = 0; b < counts.length && t < targets.length; b++) {
    const count = counts[b] as number;
    if (count === 0 || (targets[t] as number) >= cumulative + count) {
      cumulative += count;
      continue;
    }
    // The targets in this bucket, as ranks within it.
    const within: number[] = [];
    while (t < targets.length && (targets[t] as number) < cumulative + count) within.push((targets[t++] as number) - cumulative);
    const bucket = new Float64Array(count);
    let at = 0;
    for (const { values, order } of parts) {
      const k = b === 0 ? 0 : b - (order.lo - lo);
      if (k < 0 || (b > 0 && k === 0) || k + 1 >= order.offsets.length) continue;
      const from = order.offsets[k] as number;
      const to = order.offsets[k + 1] as number;
      bucket.set(values.subarray(from, to), at);
      at += to - from;
    }
    multiselect(bucket, 0, count - 1, within, 0, within.length - 1);
    for (const r of within) found.set(cumulative + r, bucket[r] as number);
    cumulative += count;
  }
  return interpolate(n, lows, fracs, (k) => found.get(k) as number);
}

/**
 * R type 7 quantiles without validation: the fast core of {@link quantiles}.
 *
 * For each p: h = (n − 1)·p, lo = ⌊h⌋, q = x₍lo₎ + (h − lo)·(x₍lo+1₎ − x₍lo₎), with x₍i₎ the
 * order statistics (0-based). The order statistics are found by selection (Floyd–Rivest), taken
 * in increasing order so that each selection only works on the part right of the previous one;
 * x₍lo+1₎ is then the minimum of that part (one scan). Many probabilities (more than three) are
 * split at the middle one first, so m probabilities cost O(n·log m), not O(n·m). Expected cost
 * O(n) for a few probabilities, O(n log n) at worst; deterministic (no random pivots).
 *
 * Expects finite numbers and probabilities in [0, 1] (others are clamped; `NaN` gives `NaN`).
 * Copies `values` into a `Float64Array` unless `options.inPlace` is set and `values` is one.
 *
 * @param values - The data, finite numbers.
 * @param probs - Probabilities in [0, 1], in any order.
 * @param options - {@link QuantilesUncheckedOptions}.
 * @returns One quantile per probability, in the order of `probs`; all `null` when `values` is empty.
 * @see R. J. Hyndman & Y. Fan, "Sample quantiles in statistical packages", The American
 *   Statistician 50(4), 1996, 361–365 (definition 7).
 * @internal
 */
export function quantilesUnchecked(values: ArrayLike<number>, probs: readonly number[], options?: QuantilesUncheckedOptions): (number | null)[] {
  if (values.length === 0) return probs.map(() => null);
  const a = options?.inPlace === true && values instanceof Float64Array ? values : values instanceof Float64Array ? values.slice() : new Float64Array(values);
  return quantilesOf(a, probs, options?.integers);
}

/** A finite number: the one element test of the values. */
const finiteNumber = (v: unknown): boolean => typeof v === 'number' && v - v === 0;

/** Plain arrays longer than this are checked before the copy is allocated (a sparse `new Array(1e9)`). */
const CHECK_FIRST = 1 << 16;

/** Validates the values into a fresh Float64Array, adding one issue per bad element (capped). */
function readValues(fn: string, values: unknown, issues: IssueCollector): Float64Array {
  if (!isArrayLike(values)) {
    return fail(fn, {
      code: 'invalid_type',
      path: ['values'],
      input: values,
      expected: 'an array of finite numbers or a typed array',
    });
  }
  const n = values.length;
  let bad = 0;
  const report = (i: number, v: unknown): void => void issues.check(v, FINITE, ['values', i]);
  if (Array.isArray(values) && n > CHECK_FIRST) {
    // A long plain array may be sparse: find its problems (bounded by the elements present)
    // before allocating n doubles for it.
    let i = 0;
    while (i < n && i in values && finiteNumber(values[i])) i++;
    if (i < n) {
      bad = scanInvalid(values, i, finiteNumber, report);
      issues.addUnlisted(bad - Math.min(bad, MAX_ISSUES));
      return new Float64Array(0);
    }
  }
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v: unknown = values[i];
    if (typeof v === 'number' && v - v === 0) {
      a[i] = v;
    } else {
      bad = scanInvalid(values, i, finiteNumber, report);
      issues.addUnlisted(bad - Math.min(bad, MAX_ISSUES));
      break;
    }
  }
  return a;
}

/**
 * The p-quantile of a sample, by linear interpolation between order statistics (R type 7).
 *
 * With x₍0₎ ≤ … ≤ x₍n−1₎ the sorted values, h = (n − 1)·p and lo = ⌊h⌋:
 * q = x₍lo₎ + (h − lo)·(x₍lo+1₎ − x₍lo₎). p = 0.5 is the median, p = 0 the minimum, p = 1 the
 * maximum. The same definition as R's `quantile()` default (type 7), numpy's default `'linear'`
 * method, Excel `PERCENTILE.INC` and DuckDB `quantile_cont`. Computed by selection (expected linear
 * time), not a full sort; the input is not modified.
 *
 * Scale: `p` is a probability in [0, 1], as `numpy.quantile`'s `q`. The `percentiles` option of
 * the duration metrics is in percent, 0–100, as `numpy.percentile`'s `q`, and keys its results
 * `p90`: the 90th percentile is `quantile(values, 0.9)`.
 *
 * @param values - The data: an array of finite numbers or a numeric typed array.
 * @param p - The probability, in [0, 1].
 * @returns The quantile, in the unit of the values; `null` when `values` is empty.
 * @throws {@link KpiInputError} when `values` is not an array or typed array (`invalid_type`),
 *   when an element is not a finite number (path `['values', index]`; `invalid_type` or
 *   `not_finite`), or when `p` is not a number in [0, 1].
 * @see R. J. Hyndman & Y. Fan, "Sample quantiles in statistical packages", The American
 *   Statistician 50(4), 1996, 361–365 (definition 7).
 *
 * @example
 * ```ts
 * import { quantile } from 'kpi-kit';
 *
 * quantile([1, 2, 3, 4], 0.9); // ≈ 3.7 (h = 3 × 0.9 = 2.7 → 3 + 0.7 × (4 − 3))
 * quantile([15, 3, 9], 0.5); // 9 (the median)
 * quantile([], 0.5); // null
 * ```
 */
export function quantile(values: ArrayLike<number>, p: number): number | null {
  const fn = 'quantile';
  const issues = new IssueCollector(fn);
  const a = readValues(fn, values, issues);
  issues.check(p, SHARE, ['p']);
  issues.throwIfAny();
  if (a.length === 0) return null;
  return quantilesOf(a, [p])[0] as number;
}

/**
 * Several quantiles of one sample at once (R type 7, as {@link quantile}), sharing the work: the
 * probabilities are taken in increasing order and each selection only scans the part of the data
 * right of the previous one. The input is not modified.
 *
 * Scale: probabilities in [0, 1], as `numpy.quantile` (not percent as `numpy.percentile` and the
 * duration metrics' `percentiles` option: `[0.5, 0.9]` here is `percentiles: [50, 90]` there).
 *
 * @param values - The data: an array of finite numbers or a numeric typed array.
 * @param probs - Probabilities in [0, 1], in any order (duplicates allowed).
 * @returns One quantile per probability, in the order of `probs`; `null` entries when `values` is
 *   empty.
 * @throws {@link KpiInputError} when `values` is not an array or typed array, when an element is
 *   not a finite number (path `['values', index]`), when `probs` is not an array, or when a
 *   probability is not a number in [0, 1] (path `['probs', index]`).
 * @see R. J. Hyndman & Y. Fan, "Sample quantiles in statistical packages", The American
 *   Statistician 50(4), 1996, 361–365 (definition 7).
 *
 * @example
 * ```ts
 * import { quantiles } from 'kpi-kit';
 *
 * const [median, p90] = quantiles([12, 3, 7, 30, 5], [0.5, 0.9]);
 * median; // 7
 * p90; // ≈ 22.8 (sorted 3, 5, 7, 12, 30; h = 4 × 0.9 = 3.6 → 12 + 0.6 × 18)
 * quantiles([], [0.5]); // [null]
 * ```
 */
export function quantiles(values: ArrayLike<number>, probs: readonly number[]): (number | null)[] {
  const fn = 'quantiles';
  const issues = new IssueCollector(fn);
  const a = readValues(fn, values, issues);
  if (!isArrayLike(probs)) {
    issues.add({ code: 'invalid_type', path: ['probs'], input: probs, expected: 'an array of numbers from 0 to 1' });
  } else {
    const isProbability = (p: unknown): boolean => typeof p === 'number' && p >= 0 && p <= 1;
    const bad = scanInvalid(probs, 0, isProbability, (j, p) => void issues.check(p, SHARE, ['probs', j]));
    issues.addUnlisted(bad - Math.min(bad, MAX_ISSUES));
  }
  issues.throwIfAny();
  const ps = Array.from(probs);
  if (a.length === 0) return ps.map(() => null);
  return quantilesOf(a, ps);
}
