import { type Interval, makeResult, ratio } from '../core/result.js';
import { zForConfidence } from '../core/stats/normal.js';
import { type ProportionCounts, newcombeInterval, twoProportionZTest } from '../core/stats/proportion.js';
import { CONFIDENCE, COUNT, IssueCollector, type Rule, collectFields, fail, isRecord, readOptions, requireInput } from '../core/validate.js';

/**
 * The counts of a `csat` or `esat` result (or any `{ satisfied, n }`): `satisfied` responses of
 * `n`. The other fields of the result are not read.
 */
export interface SatisfiedCounts {
  readonly satisfied: number;
  readonly n: number;
}

/** `csat`'s `{ satisfied, total }` input form: `satisfied` responses of `total`. */
export interface SatisfiedTotals {
  readonly satisfied: number;
  readonly total: number;
}

/**
 * One side of {@link compareProportions}: `{ successes, total }` (also a `proportionInterval`
 * result), a `csat` or `esat` result (`{ satisfied, n }`), or `{ satisfied, total }`.
 */
export type ProportionSide = ProportionCounts | SatisfiedCounts | SatisfiedTotals;

/** Two proportions to compare: `a` is the baseline (e.g. last period), `b` the new one. */
export interface CompareProportionsInput {
  readonly a: ProportionSide;
  readonly b: ProportionSide;
}

/** Options of {@link compareProportions}. */
export interface CompareProportionsOptions {
  /** Confidence level: of the interval, and 1 − α for `significant`. Default 0.95. */
  readonly confidence?: number;
}

/** The result of {@link compareProportions}. */
export interface CompareProportionsResult {
  /** share(b) − share(a), in [−1, 1]; `null` (with a `reason`) when a total is 0. */
  readonly value: number | null;
  /** Why `value` is `null` (a side without trials); `null` when there is a value. */
  readonly reason: string | null;
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
  /** The counts of `a` as `{ successes, total }`, whatever form it was given in. */
  readonly a: ProportionCounts;
  readonly b: ProportionCounts;
}

const SIDE_EXPECTED = 'an object { successes, total }, a csat or esat result { satisfied, n }, or { satisfied, total }';

/**
 * Validates one side of a comparison — `{ successes, total }`, a csat/esat result
 * `{ satisfied, n }` or `{ satisfied, total }` — into `{ successes, total }`, adding problems to
 * `issues`. @internal
 */
export function readProportion(value: unknown, side: 'a' | 'b', issues: IssueCollector): ProportionCounts | null {
  if (!isRecord(value)) {
    issues.add({ code: value === undefined ? 'missing' : 'invalid_type', path: [side], input: value, expected: SIDE_EXPECTED });
    return null;
  }
  const has = (field: string): boolean => value[field] !== undefined;
  if (has('successes') && has('satisfied')) {
    issues.add({ code: 'ambiguous', path: [side], input: value, detail: `${side} has both successes and satisfied: give one count of successes` });
    return null;
  }
  if (has('total') && has('n')) {
    issues.add({ code: 'ambiguous', path: [side], input: value, detail: `${side} has both total and n: give one count of trials` });
    return null;
  }
  const part = has('satisfied') ? 'satisfied' : 'successes';
  const whole = has('n') ? 'n' : 'total';
  const counts = collectFields(value, { [part]: COUNT, [whole]: COUNT } as Record<'successes' | 'satisfied' | 'total' | 'n', Rule>, [side], issues);
  if (counts === null) return null;
  const successes = counts[part];
  const total = counts[whole];
  if (successes > total) {
    issues.add({
      code: 'inconsistent',
      path: [side, part],
      input: successes,
      detail: `${side}.${part} (${successes}) cannot exceed ${side}.${whole} (${total})`,
    });
    return null;
  }
  return { successes, total };
}

/** Why the difference is undefined, or null. */
function reasonOf(a: ProportionCounts, b: ProportionCounts): string | null {
  if (a.total === 0 && b.total === 0) return 'a and b have no trials (total 0): the difference is undefined';
  if (a.total === 0) return 'a has no trials (total 0): the difference is undefined';
  if (b.total === 0) return 'b has no trials (total 0): the difference is undefined';
  return null;
}

/**
 * Compares two proportions (a CSAT share, a resolution rate, a conversion rate, ...) between a
 * baseline `a` and a new period `b`: the difference share(b) − share(a), the pooled two-proportion
 * z-test with its two-sided p-value, and the Newcombe hybrid score interval for the difference.
 *
 * Each side is `{ successes, total }` (also a `proportionInterval` result), a `csat` or `esat`
 * result as it is (its `satisfied` of `n`), or csat's `{ satisfied, total }`; the result gives
 * both back as `{ successes, total }`.
 *
 * Sign convention: the difference is b − a (new minus baseline), as in `compareNps`, so a rise is
 * positive. statsmodels' `test_proportions_2indep` and `confint_proportions_2indep`
 * (`compare='diff'`) compare `prop1 − prop2`: pass `b` as sample 1 and `a` as sample 2 there to get
 * the same sign (statsmodels' default `'newcomb'` interval is this interval, and its
 * `proportions_ztest([x_b, x_a], [n_b, n_a])` is this pooled z-test).
 *
 * Formulas: p̂ = (x_a + x_b)/(n_a + n_b); SE = √(p̂(1 − p̂)(1/n_a + 1/n_b)); z = (share_b − share_a)/SE;
 * p = 2·Φ(−|z|) (computed in the tail, accurate for any z). `significant` is `p < 1 − confidence`.
 * The interval (Newcombe 1998, method 10) combines the Wilson intervals of both shares; it is not
 * derived from the test, so near the threshold the two can disagree.
 *
 * @param input - `{ a, b }`, each `{ successes, total }`, a csat/esat result or `{ satisfied, total }`.
 * @param options - {@link CompareProportionsOptions}: `confidence` (0.95).
 * @returns A {@link CompareProportionsResult}; `value` is `null` (with a `reason`) when a side has
 *   no trials; the other statistics are `null` where undefined.
 * @throws {@link KpiInputError} when a count is invalid, successes exceed total, or a side mixes
 *   `successes` with `satisfied` or `total` with `n` (`ambiguous`); the path starts with `a` or `b`.
 * @see Newcombe, "Interval estimation for the difference between independent proportions:
 *   comparison of eleven methods", Statistics in Medicine 17, 1998, 873–890.
 * @see docs/metrics.md#compareproportions.
 *
 * @example
 * ```ts
 * import { compareProportions, csat } from 'kpi-kit';
 *
 * const r = compareProportions({ a: { successes: 70, total: 100 }, b: { successes: 80, total: 100 } });
 * r.difference; // ≈ 0.1 (b − a)
 * r.z; // ≈ 1.633
 * r.pValue; // ≈ 0.1025
 * r.significant; // false at 95 %
 *
 * const march = csat({ responses: [5, 4, 2, 1] }); // 2 satisfied of 4
 * const april = csat({ responses: [5, 5, 4, 3] }); // 3 satisfied of 4
 * compareProportions({ a: march, b: april }).difference; // 0.25
 * compareProportions({ a: march, b: april }).b; // { successes: 3, total: 4 }
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
    reason: reasonOf(a, b),
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
