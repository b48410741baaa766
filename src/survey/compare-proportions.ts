import { type Interval, makeResult, ratio } from '../core/result.js';
import { zForConfidence } from '../core/stats/normal.js';
import { type ProportionCounts, newcombeInterval, twoProportionZTest } from '../core/stats/proportion.js';
import { CONFIDENCE, COUNT, IssueCollector, collectFields, fail, isRecord, readOptions, requireInput } from '../core/validate.js';

/** Two proportions to compare: `a` is the baseline (e.g. last period), `b` the new one. */
export interface CompareProportionsInput {
  readonly a: ProportionCounts;
  readonly b: ProportionCounts;
}

/** Options of {@link compareProportions}. */
export interface CompareProportionsOptions {
  /** Confidence level: of the interval, and 1 − α for `significant`. Default 0.95. */
  readonly confidence?: number;
}

/** The result of {@link compareProportions}. */
export interface CompareProportionsResult {
  /** share(b) − share(a), in [−1, 1]; `null` when a total is 0. */
  readonly value: number | null;
  /** The same as `value`. */
  readonly difference: number | null;
  /** successes / total of a; `null` when its total is 0. */
  readonly shareA: number | null;
  readonly shareB: number | null;
  /** Pooled standard error of the difference under H₀ (equal shares); `null` when undefined. */
  readonly standardError: number | null;
  /** Pooled two-proportion z statistic; `null` when undefined (a total is 0, or all or none succeed). */
  readonly z: number | null;
  /** Two-sided p-value of the z-test; `null` when z is. */
  readonly pValue: number | null;
  /** Newcombe hybrid score interval of the difference; `null` when a total is 0. */
  readonly interval: Interval | null;
  /** Whether pValue < 1 − confidence. */
  readonly significant: boolean;
  readonly confidence: number;
  readonly a: ProportionCounts;
  readonly b: ProportionCounts;
}

/** Validates one side `{ successes, total }` of a comparison, adding problems to `issues`. @internal */
export function readProportion(value: unknown, side: 'a' | 'b', issues: IssueCollector): ProportionCounts | null {
  if (!isRecord(value)) {
    issues.add({ code: value === undefined ? 'missing' : 'invalid_type', path: [side], input: value, expected: 'an object { successes, total }' });
    return null;
  }
  const counts = collectFields(value, { successes: COUNT, total: COUNT }, [side], issues);
  if (counts === null) return null;
  const { successes, total } = counts;
  if (successes > total) {
    issues.add({
      code: 'inconsistent',
      path: [side, 'successes'],
      input: successes,
      detail: `${side}.successes (${successes}) cannot exceed ${side}.total (${total})`,
    });
    return null;
  }
  return { successes, total };
}

/**
 * Compares two proportions (a CSAT share, a resolution rate, a conversion rate, ...) between a
 * baseline `a` and a new period `b`: the difference share(b) − share(a), the pooled two-proportion
 * z-test with its two-sided p-value, and the Newcombe hybrid score interval for the difference.
 *
 * Formulas: p̂ = (x_a + x_b)/(n_a + n_b); SE = √(p̂(1 − p̂)(1/n_a + 1/n_b)); z = (share_b − share_a)/SE;
 * p = 2·Φ(−|z|) (computed in the tail, accurate for any z). `significant` is `p < 1 − confidence`.
 * The interval (Newcombe 1998, method 10) combines the Wilson intervals of both shares; it is not
 * derived from the test, so near the threshold the two can disagree.
 *
 * @param input - `{ a: { successes, total }, b: { successes, total } }`.
 * @param options - {@link CompareProportionsOptions}: `confidence` (0.95).
 * @returns A {@link CompareProportionsResult}; statistics are `null` where undefined.
 * @throws {@link KpiInputError} when a count is invalid or successes exceed total.
 * @see Newcombe, "Interval estimation for the difference between independent proportions",
 *   Statistics in Medicine 17, 1998.
 * @see docs/metrics.md#compareproportions.
 *
 * @example
 * ```ts
 * import { compareProportions } from 'kpi-kit';
 *
 * const r = compareProportions({ a: { successes: 70, total: 100 }, b: { successes: 80, total: 100 } });
 * r.difference; // ≈ 0.1
 * r.z; // ≈ 1.633
 * r.pValue; // ≈ 0.1025
 * r.significant; // false at 95 %
 * ```
 */
export function compareProportions(input: CompareProportionsInput, options?: CompareProportionsOptions): CompareProportionsResult {
  const fn = 'compareProportions';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['confidence']);
  const confidence = o.confidence ?? 0.95;
  const issues = new IssueCollector(fn);
  issues.check(confidence, CONFIDENCE, ['options', 'confidence']);
  const a = readProportion(record.a, 'a', issues);
  const b = readProportion(record.b, 'b', issues);
  issues.throwIfAny();
  if (a === null || b === null) return fail(fn, { code: 'missing', path: [], input, expected: '{ a, b }' });
  const shareA = ratio(a.successes, a.total);
  const shareB = ratio(b.successes, b.total);
  // (x_b·n_a − x_a·n_b)/(n_a·n_b): integer products first, so 80/100 − 70/100 is exactly 0.1.
  const difference = shareA === null || shareB === null ? null : (b.successes * a.total - a.successes * b.total) / (a.total * b.total);
  const test = twoProportionZTest(a, b);
  const c = confidence as number;
  return makeResult(difference, {
    difference,
    shareA,
    shareB,
    standardError: test.standardError,
    z: test.z,
    pValue: test.pValue,
    interval: newcombeInterval(a, b, zForConfidence(c)),
    significant: test.pValue !== null && test.pValue < 1 - c,
    confidence: c,
    a: { successes: a.successes, total: a.total },
    b: { successes: b.successes, total: b.total },
  });
}
