/**
 * Conversion funnel of several stages.
 *
 * @module
 */
import { type Interval, makeResult } from '../core/result.js';
import { zForConfidence } from '../core/stats/normal.js';
import { wilsonInterval } from '../core/stats/proportion.js';
import { CONFIDENCE, COUNT, IssueCollector, fail, isRecord, readOptions, requireInput } from '../core/validate.js';
import { checkKeys } from '../core/money.js';

/** The most stages a funnel may have. */
const MAX_STAGES = 10_000;

/** One stage of a funnel: its name and how many reached it. */
export interface FunnelStageInput {
  /** A non-empty name, unique within the funnel (`'visitors'`, `'leads'`, `'customers'`). */
  readonly name: string;
  /** How many reached this stage (a non-negative integer, not above the previous stage's count). */
  readonly count: number;
}

/** The input of {@link funnel}: the stages in order, widest first. */
export interface FunnelInput {
  readonly stages: readonly FunnelStageInput[];
}

/** Options of {@link funnel}. */
export interface FunnelOptions {
  /** Confidence level of the Wilson interval of the overall conversion, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
}

/** One stage of a {@link FunnelResult}. */
export interface FunnelStage {
  readonly name: string;
  readonly count: number;
  /**
   * count / previous stage's count, in [0, 1] (the first stage: count / itself = 1); `null` when
   * the previous stage (for the first: this one) is empty.
   */
  readonly stepConversion: number | null;
  /** count / first stage's count, in [0, 1]; `null` when the first stage is empty. */
  readonly overallConversion: number | null;
  /** Why `stepConversion` (and so perhaps `overallConversion`) is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** previous stage's count − count (0 for the first stage). */
  readonly dropOff: number;
}

/** The result of {@link funnel}. */
export interface FunnelResult {
  /** Overall conversion: last stage's count / first stage's count; `null` (with a `reason`) when the first stage is empty. */
  readonly value: number | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  /** Every stage in order, with its step and overall conversion. */
  readonly stages: readonly FunnelStage[];
  /** Wilson score interval of the overall conversion; `null` when the first stage is empty. */
  readonly interval: Interval | null;
  readonly confidence: number;
}

/**
 * A conversion funnel: for stages in order (visitors → leads → qualified leads → customers), the
 * conversion from each stage to the next (step conversion) and from the first stage (overall
 * conversion). Each stage counts the units of the first stage that got this far, so counts never
 * increase along the funnel.
 *
 * Formulas: step conversion of stage i = count(i) / count(i − 1); overall conversion of stage i =
 * count(i) / count(0); `value` = count(last) / count(0), with its Wilson score interval. All are
 * shares in [0, 1]: integer counts divided once, correctly rounded. A conversion that is `null`
 * (from an empty stage) comes with the stage's `reason`. At most 10,000 stages.
 *
 * @param input - {@link FunnelInput}: `{ stages: [{ name, count }, ...] }`, 1 to 10,000 stages.
 * @param options - {@link FunnelOptions}: `confidence` (0.95).
 * @returns A {@link FunnelResult}; conversions from an empty stage are `null`.
 * @throws {@link KpiInputError} when `stages` is not an array of 1 to 10,000 stages, a stage is
 *   missing (a hole in a sparse array) or not an object `{ name, count }` (path `stages[i].field`), a name is empty or repeated, a count is not a
 *   non-negative integer, a count exceeds the previous stage's (`inconsistent`), or an option is
 *   invalid.
 * @see docs/metrics.md#conversionrate-funnel-referralrate-viralcoefficient.
 *
 * @example
 * ```ts
 * import { funnel } from 'kpi-kit';
 *
 * const f = funnel({ stages: [{ name: 'visitors', count: 10000 }, { name: 'leads', count: 400 }, { name: 'customers', count: 36 }] });
 * f.value; // 0.0036
 * f.stages[1]?.stepConversion; // 0.04
 * f.stages[2]?.stepConversion; // 0.09
 * f.stages[2]?.dropOff; // 364
 * funnel({ stages: [{ name: 'visitors', count: 50 }, { name: 'trials', count: 0 }, { name: 'customers', count: 0 }] }).stages[2]?.reason; // 'the previous stage ("trials") is empty: the step conversion is undefined'
 * ```
 */
export function funnel(input: FunnelInput, options?: FunnelOptions): FunnelResult {
  const fn = 'funnel';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['confidence']);
  const confidence = o['confidence'] ?? 0.95;
  const issues = new IssueCollector(fn);
  issues.check(confidence, CONFIDENCE, ['options', 'confidence']);
  checkKeys(record, ['stages'], issues);
  const raw = record['stages'];
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_STAGES) {
    issues.throwIfAny();
    return fail(fn, {
      code: raw === undefined ? 'missing' : Array.isArray(raw) ? 'out_of_range' : 'invalid_type',
      path: ['stages'],
      input: raw,
      expected: 'an array of 1 to 10,000 stages { name, count }',
    });
  }
  const names = new Set<string>();
  let previous: number | null = null;
  // An index loop, not forEach: a hole in a sparse array is a missing stage, not one to skip.
  for (let i = 0; i < raw.length; i++) {
    const stage: unknown = raw[i];
    if (!isRecord(stage)) {
      issues.add({
        code: stage === undefined && !(i in raw) ? 'missing' : 'invalid_type',
        path: ['stages', i],
        input: stage,
        expected: 'an object { name, count }',
      });
      previous = null;
      continue;
    }
    for (const key of Object.keys(stage)) {
      if (key !== 'name' && key !== 'count') {
        issues.add({
          code: 'invalid_value',
          path: ['stages', i, key],
          input: stage[key],
          detail: `stages[${i}].${key} is not a field of a funnel stage (known: name, count)`,
        });
      }
    }
    const name = stage['name'];
    if (typeof name !== 'string' || name.trim() === '') {
      issues.add({ code: name === undefined ? 'missing' : 'invalid_type', path: ['stages', i, 'name'], input: name, expected: 'a non-empty string' });
    } else if (names.has(name)) {
      issues.add({
        code: 'invalid_value',
        path: ['stages', i, 'name'],
        input: name,
        detail: `stages[${i}].name ${JSON.stringify(name)} repeats an earlier stage's name`,
      });
    } else names.add(name);
    const count = stage['count'];
    if (count === undefined) {
      issues.add({ code: 'missing', path: ['stages', i, 'count'], input: count, expected: 'a non-negative integer' });
      previous = null;
    } else if (!issues.check(count, COUNT, ['stages', i, 'count'])) {
      previous = null;
    } else {
      const c = count as number;
      if (previous !== null && c > previous) {
        issues.add({
          code: 'inconsistent',
          path: ['stages', i, 'count'],
          input: c,
          detail: `stages[${i}].count (${c}) cannot exceed the previous stage's count (${previous}): counts must not increase along the funnel`,
        });
      }
      previous = c;
    }
  }
  issues.throwIfAny();
  const stages = raw as readonly FunnelStageInput[];
  const first = (stages[0] as FunnelStageInput).count;
  const last = (stages[stages.length - 1] as FunnelStageInput).count;
  const out: FunnelStage[] = stages.map((s, i) => {
    const before = i === 0 ? s.count : (stages[i - 1] as FunnelStageInput).count;
    let reason: string | null = null;
    if (first === 0) reason = `the first stage (${JSON.stringify((stages[0] as FunnelStageInput).name)}) is empty: the conversion is undefined`;
    else if (before === 0)
      reason = `the previous stage (${JSON.stringify((stages[i - 1] as FunnelStageInput).name)}) is empty: the step conversion is undefined`;
    return {
      name: s.name,
      count: s.count,
      stepConversion: before === 0 ? null : s.count / before,
      overallConversion: first === 0 ? null : s.count / first,
      reason,
      dropOff: before - s.count,
    };
  });
  const c = confidence as number;
  return makeResult(first === 0 ? null : last / first, {
    reason: first === 0 ? `the first stage (${JSON.stringify((stages[0] as FunnelStageInput).name)}) is empty: the conversion is undefined` : null,
    stages: out,
    interval: wilsonInterval(last, first, zForConfidence(c)),
    confidence: c,
  });
}
