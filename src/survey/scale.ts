/**
 * Survey scales and the single counting pass shared by every survey metric. Every survey metric
 * reduces its answers to counts per scale point (the sufficient statistic), so the record form,
 * the counts form and the accumulators all meet in the same `fromCounts` step.
 *
 * @module
 */
import { type IssueSpec, type KpiPath, MAX_ISSUES } from '../core/errors.js';
import { COUNT, IssueCollector, checkRule, describeRule, fail, integerRange, isArrayLike, isRecord } from '../core/validate.js';
import { scanInvalid } from '../core/stats/scan.js';

/** A named survey scale. `'binary'` is a good/bad rating (as Zendesk collects CSAT). */
export type ScaleName = '0-10' | '1-10' | '1-3' | '1-5' | '1-7' | 'binary';

/** A custom integer scale from `min` to `max` inclusive (at most 101 points). */
export interface NumericScale {
  readonly min: number;
  readonly max: number;
}

/** A survey scale: a named one or a custom integer range. */
export type ScaleOption = ScaleName | NumericScale;

/** A binary rating as accepted in `responses`: `'good'`/`'bad'`, `true`/`false` or `1`/`0`. */
export type BinaryRating = 'good' | 'bad' | boolean | 0 | 1;

/** One scale point of a distribution. */
export interface ScoreCount {
  /** The scale point (for binary ratings: 1 = good, 0 = bad). */
  readonly score: number;
  /** `'good'`/`'bad'` for binary ratings; absent for numeric scales. */
  readonly label?: 'good' | 'bad';
  readonly count: number;
  /** count / n, or `null` when there are no responses. */
  readonly share: number | null;
}

/** A resolved scale. */
export interface Scale {
  /** `'1-5'`, `'0-10'`, `'binary'`, or `'min-max'` for a custom scale. */
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly binary: boolean;
}

/** Largest number of points of a custom scale. */
export const MAX_SCALE_POINTS = 101;

const NAMED: Record<ScaleName, Scale> = {
  '0-10': { name: '0-10', min: 0, max: 10, binary: false },
  '1-10': { name: '1-10', min: 1, max: 10, binary: false },
  '1-3': { name: '1-3', min: 1, max: 3, binary: false },
  '1-5': { name: '1-5', min: 1, max: 5, binary: false },
  '1-7': { name: '1-7', min: 1, max: 7, binary: false },
  binary: { name: 'binary', min: 0, max: 1, binary: true },
};

/** The names accepted by the `scale` option. */
export const SCALE_NAMES = Object.freeze(Object.keys(NAMED)) as readonly ScaleName[];

/** Reads a `scale` option (named or `{ min, max }`), validating it. */
export function resolveScale(fn: string, option: unknown, fallback: ScaleName, allowed: readonly ScaleName[] = SCALE_NAMES, allowCustom = true): Scale {
  if (option === undefined) return NAMED[fallback];
  if (typeof option === 'string') {
    if ((allowed as readonly string[]).includes(option)) return NAMED[option as ScaleName];
  } else if (allowCustom && isRecord(option)) {
    const issues = new IssueCollector(fn);
    const { min, max } = option;
    const intRule = integerRange(-1000, 1000);
    issues.check(min, intRule, ['options', 'scale', 'min']);
    issues.check(max, intRule, ['options', 'scale', 'max']);
    issues.throwIfAny();
    const lo = min as number;
    const hi = max as number;
    if (hi <= lo || hi - lo + 1 > MAX_SCALE_POINTS) {
      fail(fn, {
        code: 'inconsistent',
        path: ['options', 'scale'],
        input: option,
        detail: `options.scale must have max > min and at most ${MAX_SCALE_POINTS} points, got ${lo} to ${hi}`,
      });
    }
    return Object.freeze({ name: `${lo}-${hi}`, min: lo, max: hi, binary: false });
  }
  const names = allowed.map((s) => JSON.stringify(s)).join(', ');
  return fail(fn, {
    code: 'invalid_value',
    path: ['options', 'scale'],
    input: option,
    expected: allowCustom ? `one of ${names} or { min, max } integers` : `one of ${names}`,
  });
}

/** Maps one binary rating to 1 (good), 0 (bad) or -1 (invalid). */
export function binaryPoint(value: unknown): number {
  if (value === 'good' || value === true || value === 1) return 1;
  if (value === 'bad' || value === false || value === 0) return 0;
  return -1;
}

const BINARY_EXPECTED = '"good", "bad", true, false, 1 or 0';

/**
 * The problem of one answer at `path`, or `null` when it is a point of the scale. The one rule for
 * answers: the metric functions and the accumulators report the same code and words.
 */
export function responseIssue(value: unknown, scale: Scale, path: KpiPath): IssueSpec | null {
  if (scale.binary) return binaryPoint(value) < 0 ? { code: 'invalid_value', path, input: value, expected: BINARY_EXPECTED } : null;
  const rule = integerRange(scale.min, scale.max);
  const code = checkRule(rule, value);
  return code === null ? null : { code, path, input: value, expected: `${describeRule(rule)} (scale ${scale.name})` };
}

/**
 * Throws the `KpiInputError` of a batch of answers holding at least one invalid answer: every
 * invalid answer, answer i named `[...path, base + i]` (the first 100 listed, all counted).
 */
export function invalidResponses(fn: string, responses: ArrayLike<unknown>, scale: Scale, path: KpiPath, base = 0): never {
  const issues = new IssueCollector(fn);
  const { min, max } = scale;
  const isPoint = scale.binary
    ? (v: unknown): boolean => binaryPoint(v) >= 0
    : (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
  // Bounded by the answers present: a sparse array's holes are counted, not read one by one.
  const count = scanInvalid(responses, 0, isPoint, (i, v) => {
    const spec = responseIssue(v, scale, [...path, base + i]);
    if (spec !== null) issues.add(spec);
  });
  issues.addUnlisted(count - Math.min(count, MAX_ISSUES));
  issues.throwIfAny();
  throw new Error('unreachable: invalidResponses found no invalid response');
}

/**
 * Adds the answers to `counts` (indexed by `score - scale.min`) in one pass, validating each, and
 * returns `true`; or returns `false` at the first invalid answer (`counts` then holds the answers
 * before it: count into a fresh array when a failure must leave no trace).
 */
export function tallyResponses(counts: Float64Array, responses: ArrayLike<unknown>, scale: Scale): boolean {
  const n = responses.length;
  if (scale.binary) {
    for (let i = 0; i < n; i++) {
      const k = binaryPoint(responses[i]);
      if (k < 0) return false;
      counts[k]! += 1;
    }
    return true;
  }
  // BigInt64Array and BigUint64Array hold no number at all (and `|` would throw on a bigint).
  if (!isArrayLike(responses)) return n === 0;
  const min = scale.min;
  const max = scale.max;
  const values = responses as ArrayLike<number>;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    // `(v | 0) === v` is true only for integer numbers (strings, booleans, null fail it); a
    // bigint element of a plain array is caught first, as `|` throws on it.
    if (typeof v === 'number' && (v | 0) === v && v >= min && v <= max) counts[v - min]! += 1;
    else return false;
  }
  return true;
}

/**
 * Counts answers per scale point in one pass, validating each answer inside the same pass.
 * Returns counts indexed by `score - scale.min`. Throws `KpiInputError` listing every invalid
 * answer with its index.
 */
export function countResponses(fn: string, responses: unknown, scale: Scale, path: KpiPath = ['responses']): Float64Array {
  if (!isArrayLike(responses)) {
    return fail(fn, { code: 'invalid_type', path, input: responses, expected: 'an array or a typed array of answers' });
  }
  const counts = new Float64Array(scale.max - scale.min + 1);
  if (!tallyResponses(counts, responses, scale)) invalidResponses(fn, responses, scale, path);
  return counts;
}

/**
 * Reads a `counts` input: an object mapping scale points (or `good`/`bad`) to non-negative
 * integer counts. Returns counts indexed by `score - scale.min`.
 */
export function readCounts(fn: string, counts: unknown, scale: Scale, path: KpiPath = ['counts']): Float64Array {
  if (!isRecord(counts)) {
    return fail(fn, { code: 'invalid_type', path, input: counts, expected: 'an object of counts per scale point' });
  }
  const out = new Float64Array(scale.max - scale.min + 1);
  const issues = new IssueCollector(fn);
  for (const key of Object.keys(counts)) {
    const value = counts[key];
    let k: number;
    if (scale.binary) {
      k = key === 'good' || key === '1' ? 1 : key === 'bad' || key === '0' ? 0 : -1;
    } else {
      const score = Number(key);
      k = String(score) === key && Number.isInteger(score) && score >= scale.min && score <= scale.max ? score - scale.min : -1;
    }
    if (k < 0) {
      issues.add({
        code: 'invalid_value',
        path: [...path, key],
        input: key,
        detail: `${[...path, key].join('.')} is not a point of scale ${scale.name}`,
      });
      continue;
    }
    if (issues.check(value, COUNT, [...path, key])) out[k]! += value as number;
  }
  issues.throwIfAny();
  return out;
}

/** Total of counts. */
export function total(counts: Float64Array): number {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i]!;
  return n;
}

/** Sum of counts for the given scale points. */
export function countOf(counts: Float64Array, scale: Scale, scores: readonly number[]): number {
  let n = 0;
  for (const s of scores) n += counts[s - scale.min] ?? 0;
  return n;
}

/** Mean score and sample standard deviation from counts; `null` when undefined. */
export function moments(counts: Float64Array, scale: Scale): { mean: number | null; standardDeviation: number | null } {
  const n = total(counts);
  if (n === 0) return { mean: null, standardDeviation: null };
  let sum = 0;
  for (let i = 0; i < counts.length; i++) sum += counts[i]! * (i + scale.min);
  const mean = sum / n;
  if (n < 2) return { mean, standardDeviation: null };
  let ss = 0;
  for (let i = 0; i < counts.length; i++) {
    const d = i + scale.min - mean;
    ss += counts[i]! * d * d;
  }
  return { mean, standardDeviation: Math.sqrt(ss / (n - 1)) };
}

/** The distribution of answers per scale point, every point listed (zeros included). */
export function distribution(counts: Float64Array, scale: Scale): ScoreCount[] {
  const n = total(counts);
  const out: ScoreCount[] = [];
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i]!;
    const share = n === 0 ? null : count / n;
    const score = i + scale.min;
    out.push(scale.binary ? { score, label: score === 1 ? 'good' : 'bad', count, share } : { score, count, share });
  }
  return out;
}

/**
 * Reads a set of scale points option (`satisfied`, `easy`): an array of scale points, or
 * `{ atLeast }` / `{ atMost }`. Returns the sorted distinct points.
 */
export function readScoreSet(fn: string, option: unknown, scale: Scale, name: string, fallback: readonly number[]): number[] {
  if (option === undefined) return [...fallback];
  const path = ['options', name];
  const rule = integerRange(scale.min, scale.max);
  if (Array.isArray(option)) {
    const issues = new IssueCollector(fn);
    option.forEach((v, i) => {
      const point: unknown = scale.binary ? binaryPoint(v) : v;
      issues.check(point, rule, [...path, i]);
    });
    issues.throwIfAny();
    if (option.length === 0) {
      fail(fn, { code: 'invalid_value', path, input: option, expected: 'a non-empty array of scale points' });
    }
    const points = option.map((v) => (scale.binary ? binaryPoint(v) : (v as number)));
    return [...new Set(points)].sort((a, b) => a - b);
  }
  if (isRecord(option) && ('atLeast' in option || 'atMost' in option) && Object.keys(option).length === 1) {
    const atLeast = 'atLeast' in option;
    const bound = atLeast ? option.atLeast : option.atMost;
    const issues = new IssueCollector(fn);
    issues.check(bound, rule, [...path, atLeast ? 'atLeast' : 'atMost']);
    issues.throwIfAny();
    const out: number[] = [];
    for (let s = scale.min; s <= scale.max; s++) if (atLeast ? s >= (bound as number) : s <= (bound as number)) out.push(s);
    return out;
  }
  return fail(fn, {
    code: 'invalid_type',
    path,
    input: option,
    expected: 'an array of scale points, { atLeast: point } or { atMost: point }',
  });
}
