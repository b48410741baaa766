import { type Interval, interval, makeResult } from '../core/result.js';
import { twoSidedPValue } from '../core/stats/normal.js';
import { COUNT, IssueCollector, collectFields, fail, isRecord, readOptions, requireInput } from '../core/validate.js';
import { type NpsInput, type NpsResult, countsOf, npsFromCounts, npsSettings } from './nps.js';
import { countResponses } from './scale.js';

/** Two NPS samples to compare: `a` is the baseline (e.g. last quarter), `b` the new one. */
export interface CompareNpsInput {
  readonly a: NpsInput;
  readonly b: NpsInput;
}

/** Options of {@link compareNps}. */
export interface CompareNpsOptions {
  /** Confidence level of the interval, and 1 − α for `significant`. Default 0.95. */
  readonly confidence?: number;
  /** Scale of `responses` answers: `'0-10'` (default) or `'1-10'`. */
  readonly scale?: '0-10' | '1-10';
}

/** The result of {@link compareNps}. Differences and errors are in NPS points. */
export interface CompareNpsResult {
  /** NPS(b) − NPS(a), in −200..200 points; `null` (with a `reason`) when a sample is empty. */
  readonly value: number | null;
  /** Why `value` is `null` (a sample without answers); `null` when there is a value. */
  readonly reason: string | null;
  /** The same as `value`. */
  readonly difference: number | null;
  /** Standard error of the difference: √(SE_a² + SE_b²), in points; `null` when undefined. */
  readonly standardError: number | null;
  /** difference / standardError; `null` when the standard error is 0 or undefined. */
  readonly z: number | null;
  /** Two-sided p-value; `null` when z is. */
  readonly pValue: number | null;
  /** Wald interval of the difference, within [−200, 200]; `null` when undefined. */
  readonly interval: Interval | null;
  /** Whether pValue < 1 − confidence. */
  readonly significant: boolean;
  readonly confidence: number;
  /** The NPS of each sample (Wald). */
  readonly a: NpsResult;
  readonly b: NpsResult;
}

/**
 * Compares the Net Promoter Scores of two independent samples (two periods, two segments): the
 * difference NPS(b) − NPS(a) in points, its standard error from the two trinomial variances, a
 * z-test with two-sided p-value, and a Wald interval of the difference.
 *
 * Formulas: SE_diff = √(SE_a² + SE_b²) with SE = 100·√((p + d − (p − d)²)/n) for each sample;
 * z = difference / SE_diff; p = 2·Φ(−|z|).
 *
 * The difference is b − a (new minus baseline), as in `compareProportions`: a rise is positive.
 *
 * @param input - `{ a, b }`, each `{ promoters, passives, detractors }` (an `nps` or `enps` result
 *   as it is, too) or `{ responses }`.
 * @param options - {@link CompareNpsOptions}: `confidence` (0.95), `scale` (`'0-10'`).
 * @returns A {@link CompareNpsResult}; `value` is `null` (with a `reason`) when a sample has no
 *   answers; the other statistics are `null` where undefined.
 * @throws {@link KpiInputError} when a count or answer is invalid (the path starts with `a` or `b`).
 * @see Rocks, "Interval Estimation for the 'Net Promoter Score'", The American Statistician 70(4), 2016.
 * @see docs/metrics.md#comparenps.
 *
 * @example
 * ```ts
 * import { compareNps } from 'kpi-kit';
 *
 * const r = compareNps({
 *   a: { promoters: 40, passives: 30, detractors: 30 },
 *   b: { promoters: 50, passives: 30, detractors: 20 },
 * });
 * r.difference; // 20
 * r.z; // ≈ 1.754 (SE = √(8.307² + 7.810²) ≈ 11.40 points)
 * r.significant; // false at 95 % (p ≈ 0.079)
 * ```
 */
export function compareNps(input: CompareNpsInput, options?: CompareNpsOptions): CompareNpsResult {
  const fn = 'compareNps';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['confidence', 'scale']);
  const settings = npsSettings(fn, { confidence: o.confidence, scale: o.scale });
  const issues = new IssueCollector(fn);
  const side = (name: 'a' | 'b'): NpsResult | null => {
    const value = record[name];
    if (!isRecord(value)) {
      issues.add({
        code: value === undefined ? 'missing' : 'invalid_type',
        path: [name],
        input: value,
        expected: 'an object { promoters, passives, detractors } or { responses }',
      });
      return null;
    }
    if (value.responses !== undefined) {
      const counts = countResponses(fn, value.responses, settings.scale, [name, 'responses']);
      return npsFromCounts(...countsOf(counts, settings.scale), settings);
    }
    const c = collectFields(value, { promoters: COUNT, passives: COUNT, detractors: COUNT }, [name], issues);
    return c === null ? null : npsFromCounts(c.promoters, c.passives, c.detractors, settings);
  };
  const a = side('a');
  const b = side('b');
  issues.throwIfAny();
  if (a === null || b === null) return fail(fn, { code: 'missing', path: [], input, expected: '{ a, b }' });
  const base = { confidence: settings.confidence, a, b };
  if (a.value === null || b.value === null || a.standardError === null || b.standardError === null) {
    const empty = a.value === null && b.value === null ? 'a and b have' : a.value === null ? 'a has' : 'b has';
    return makeResult(null, {
      reason: `${empty} no answers: the difference is undefined`,
      difference: null,
      standardError: null,
      z: null,
      pValue: null,
      interval: null,
      significant: false,
      ...base,
    });
  }
  const difference = b.value - a.value;
  const standardError = Math.hypot(a.standardError, b.standardError);
  const margin = settings.z * standardError;
  const z = standardError === 0 ? null : difference / standardError;
  const pValue = z === null ? null : twoSidedPValue(z);
  return makeResult(difference, {
    reason: null,
    difference,
    standardError,
    z,
    pValue,
    interval: interval(difference - margin, difference + margin, -200, 200),
    significant: pValue !== null && pValue < 1 - settings.confidence,
    ...base,
  });
}
