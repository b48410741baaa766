/**
 * Proportions: the Wilson score interval of one share, the Newcombe hybrid score interval of a
 * difference of two shares, the pooled two-proportion z-test, and the public validated
 * {@link proportionInterval}.
 *
 * @module
 */
import { type Interval, interval, makeResult, ratio } from '../result.js';
import { CONFIDENCE, COUNT, IssueCollector, collectFields, readOptions, requireInput } from '../validate.js';
import { twoSidedPValue, zForConfidence } from './normal.js';

/** A count of successes out of a total: the sufficient statistics of a proportion. */
export interface ProportionCounts {
  readonly successes: number;
  readonly total: number;
}

/**
 * Wilson score interval (without continuity correction) of the share `successes / total`.
 *
 * With n = total, x = successes, p̂ = x/n and D = z² + 4x(n − x)/n:
 * lower = (2x + z² − z√D) / (2(n + z²)) and upper = (2x + z² + z√D) / (2(n + z²)), which is the
 * textbook (p̂ + z²/2n ± z√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n). The lower bound is evaluated in the
 * equivalent form 2x² / (n(2x + z² + z√D)), free of cancellation. The interval is clamped into
 * [0, 1] and always contains p̂ (also against rounding when z is tiny).
 *
 * Internal-grade: no validation; expects integers 0 ≤ successes ≤ total and z ≥ 0.
 *
 * @param successes - Number of successes x.
 * @param total - Number of trials n.
 * @param z - Two-sided critical value, e.g. `zForConfidence(0.95)`.
 * @returns The interval, or `null` when `total` is 0.
 * @see E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
 *   J. Amer. Statist. Assoc. 22 (1927) 209–212.
 * @internal
 */
export function wilsonInterval(successes: number, total: number, z: number): Interval | null {
  if (total === 0) return null;
  const n = total;
  const x = successes;
  const z2 = z * z;
  const root = z * Math.sqrt(z2 + (4 * x * (n - x)) / n);
  const p = x / n;
  const lower = x === 0 ? 0 : (2 * x * x) / (n * (2 * x + z2 + root)); // 0/0 when x = z = 0
  const upper = (2 * x + z2 + root) / (2 * (n + z2));
  return interval(Math.min(lower, p), Math.max(upper, p), 0, 1);
}

/**
 * Newcombe's hybrid score interval (method 10 of Newcombe 1998) for the difference of two
 * independent proportions, share(b) − share(a), with `a` the baseline.
 *
 * With d = p̂_b − p̂_a and the Wilson intervals [l_a, u_a], [l_b, u_b] of both shares at the same z:
 * lower = d − √((p̂_b − l_b)² + (u_a − p̂_a)²) and upper = d + √((u_b − p̂_b)² + (p̂_a − l_a)²).
 * Clamped into [−1, 1]; swapping `a` and `b` mirrors the interval exactly.
 *
 * Internal-grade: no validation.
 *
 * @param a - The baseline counts.
 * @param b - The compared counts.
 * @param z - Two-sided critical value.
 * @returns The interval of share(b) − share(a), or `null` when either total is 0.
 * @see R. G. Newcombe, "Interval estimation for the difference between independent proportions:
 *   comparison of eleven methods", Statistics in Medicine 17 (1998) 873–890.
 * @internal
 */
export function newcombeInterval(a: ProportionCounts, b: ProportionCounts, z: number): Interval | null {
  const wa = wilsonInterval(a.successes, a.total, z);
  const wb = wilsonInterval(b.successes, b.total, z);
  if (wa === null || wb === null) return null;
  const pa = a.successes / a.total;
  const pb = b.successes / b.total;
  const d = pb - pa;
  const bl = pb - wb.lower;
  const au = wa.upper - pa;
  const bu = wb.upper - pb;
  const al = pa - wa.lower;
  // √(u² + v²) rather than Math.hypot: the sum is commutative bit for bit, so swapping a and b
  // mirrors the interval exactly (all terms are ≤ 1, no overflow).
  const below = Math.sqrt(bl * bl + au * au);
  const above = Math.sqrt(bu * bu + al * al);
  return interval(d - below, d + above, -1, 1);
}

/** The result of {@link twoProportionZTest}: all `null` when the test is undefined. */
export interface TwoProportionZTest {
  /** (share(b) − share(a)) / standardError. */
  readonly z: number | null;
  /** Two-sided p-value 2·Φ(−|z|). */
  readonly pValue: number | null;
  /** Pooled standard error √(p̂(1 − p̂)(1/n_a + 1/n_b)), p̂ = (x_a + x_b)/(n_a + n_b). */
  readonly standardError: number | null;
}

const UNDEFINED_TEST: TwoProportionZTest = Object.freeze({ z: null, pValue: null, standardError: null });

/**
 * Pooled two-proportion z-test of share(b) − share(a) (H₀: equal shares).
 *
 * p̂ = (x_a + x_b)/(n_a + n_b), SE = √(p̂(1 − p̂)(1/n_a + 1/n_b)), z = (x_b/n_b − x_a/n_a)/SE,
 * p = 2·Φ(−|z|) computed in the tail (relative accuracy for any z).
 *
 * Internal-grade: no validation.
 *
 * @param a - The baseline counts.
 * @param b - The compared counts.
 * @returns z, p-value and standard error; all `null` when a total is 0 or the pooled standard
 *   error is 0 (all or none succeed in both groups).
 * @see A. Agresti, Categorical Data Analysis (3rd ed., 2013), §3.1.
 * @internal
 */
export function twoProportionZTest(a: ProportionCounts, b: ProportionCounts): TwoProportionZTest {
  if (a.total === 0 || b.total === 0) return UNDEFINED_TEST;
  const pooled = (a.successes + b.successes) / (a.total + b.total);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / a.total + 1 / b.total));
  if (!(standardError > 0)) return UNDEFINED_TEST;
  const z = (b.successes / b.total - a.successes / a.total) / standardError;
  return Object.freeze({ z, pValue: Math.min(1, twoSidedPValue(z)), standardError });
}

/** The input of {@link proportionInterval}: successes out of a total. */
export interface ProportionIntervalInput {
  /** Number of successes: a non-negative integer not above `total`. */
  readonly successes: number;
  /** Number of trials: a non-negative integer. */
  readonly total: number;
}

/** Options of {@link proportionInterval}. */
export interface ProportionIntervalOptions {
  /** Confidence level of the interval, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
}

/** The result of {@link proportionInterval}. */
export interface ProportionIntervalResult {
  /** successes / total, in [0, 1]; `null` (with a `reason`) when total is 0. */
  readonly value: number | null;
  /** Why `value` is `null` (no trials); `null` when there is a value. */
  readonly reason: string | null;
  readonly successes: number;
  readonly total: number;
  /** Wilson score interval of the share, within [0, 1] and containing `value`; `null` when total is 0. */
  readonly interval: Interval | null;
  readonly confidence: number;
  /** The interval method used: the Wilson score interval. */
  readonly intervalMethod: 'wilson';
}

/**
 * The share of successes, `successes / total`, with its Wilson score confidence interval.
 *
 * With n = total, x = successes, p̂ = x/n and z = Φ⁻¹((1 + confidence)/2):
 * interval = (p̂ + z²/(2n) ± z·√(p̂(1 − p̂)/n + z²/(4n²))) / (1 + z²/n), without continuity
 * correction. Unlike the Wald interval p̂ ± z√(p̂(1 − p̂)/n), it stays within [0, 1], is not empty
 * at 0 or n successes, and has close to nominal coverage for small n (Newcombe 1998).
 *
 * @param input - `{ successes, total }`: non-negative integers, successes ≤ total.
 * @param options - {@link ProportionIntervalOptions}: `confidence` (default 0.95).
 * @returns A frozen {@link ProportionIntervalResult}; `value` (with a `reason`) and `interval`
 *   are `null` when total is 0.
 * @throws {@link KpiInputError} when a count is not a non-negative integer (`invalid_type`,
 *   `not_finite`, `not_integer`, `out_of_range`), when successes exceed total (`inconsistent`),
 *   or when an option is unknown or `confidence` is not strictly between 0 and 1.
 * @see E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
 *   J. Amer. Statist. Assoc. 22 (1927) 209–212.
 * @see R. G. Newcombe, "Two-sided confidence intervals for the single proportion: comparison of
 *   seven methods", Statistics in Medicine 17 (1998) 857–872.
 *
 * @example
 * ```ts
 * import { proportionInterval } from 'kpi-kit';
 *
 * const r = proportionInterval({ successes: 8, total: 10 });
 * r.value; // 0.8
 * r.interval; // ≈ { lower: 0.4902, upper: 0.9433 }
 * proportionInterval({ successes: 8, total: 10 }, { confidence: 0.99 }).interval; // wider
 * proportionInterval({ successes: 0, total: 0 }).value; // null
 * proportionInterval({ successes: 0, total: 0 }).reason; // 'no trials (total 0): the proportion is undefined'
 * ```
 */
export function proportionInterval(input: ProportionIntervalInput, options?: ProportionIntervalOptions): ProportionIntervalResult {
  const fn = 'proportionInterval';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['confidence']);
  const confidence = o.confidence ?? 0.95;
  const issues = new IssueCollector(fn);
  issues.check(confidence, CONFIDENCE, ['options', 'confidence']);
  const counts = collectFields(record, { successes: COUNT, total: COUNT }, [], issues);
  if (counts !== null && counts.successes > counts.total) {
    issues.add({
      code: 'inconsistent',
      path: ['successes'],
      input: counts.successes,
      detail: `successes (${counts.successes}) cannot exceed total (${counts.total})`,
    });
  }
  issues.throwIfAny();
  const { successes, total } = counts as ProportionCounts;
  const c = confidence as number;
  return makeResult(ratio(successes, total), {
    reason: total === 0 ? 'no trials (total 0): the proportion is undefined' : null,
    successes,
    total,
    interval: wilsonInterval(successes, total, zForConfidence(c)),
    confidence: c,
    intervalMethod: 'wilson' as const,
  });
}
