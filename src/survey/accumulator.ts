/**
 * The survey metrics' kernel for the one accumulator engine of kpi-kit (`core/accumulator.ts`).
 * The state is the count of answers per scale point, lowest point first: small, plain and
 * JSON-serialisable, so shards (files, workers, days) can be reduced separately and merged exactly.
 *
 * @module
 */
import { type AccumulatorFactory, type JsonValue, type Kernel, accumulatorFactory } from '../core/accumulator.js';
import type { IssueSpec } from '../core/errors.js';
import { COUNT, type IssueCollector } from '../core/validate.js';
import { type Scale, binaryPoint, invalidResponses, responseIssue, tallyResponses, total } from './scale.js';

/** The normalised options of a survey accumulator. @internal */
export type NormalisedOptions = { readonly [key: string]: JsonValue };

/** What one survey metric gives the kernel, from its validated options. @internal */
export interface SurveySettings {
  readonly scale: Scale;
}

/** Deep-freezes normalised options (the engine hands them out in every `toJSON()`). */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) frozen(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * A `scale` option, normalised: the scale's name when the metric accepts that name (a custom
 * `{ min: 1, max: 5 }` is then `'1-5'`, the same scale), else `{ min, max }`. @internal
 */
export function normalScale(scale: Scale, named: readonly string[]): JsonValue {
  return named.includes(scale.name) ? scale.name : { min: scale.min, max: scale.max };
}

/**
 * The kernel of a survey accumulator: counts per scale point; an invalid answer throws at once
 * (answer i of `addAll` named `['responses', offset + i]`, every invalid one of the batch listed,
 * and nothing of the batch counted). @internal
 */
export function surveyKernel<S extends SurveySettings, R>(
  metric: string,
  settings: S,
  options: NormalisedOptions,
  finish: (counts: Float64Array, s: S) => R,
): Kernel<Float64Array, R> {
  const scale = settings.scale;
  const { min, max } = scale;
  const width = max - min + 1;
  return {
    metric,
    options: frozen(options),
    collection: 'responses',
    throwOnInvalid: true,
    init: () => new Float64Array(width),
    add(state, record, index) {
      const k = scale.binary
        ? binaryPoint(record)
        : typeof record === 'number' && Number.isInteger(record) && record >= min && record <= max
          ? record - min
          : -1;
      if (k >= 0) {
        state[k]! += 1;
        return null;
      }
      return [responseIssue(record, scale, ['responses', index]) as IssueSpec];
    },
    addAll(state, records, base) {
      // Counted apart first, so that a batch with an invalid answer leaves the state as it was.
      const counts = new Float64Array(width);
      if (!tallyResponses(counts, records, scale)) invalidResponses(metric, records, scale, ['responses'], base);
      for (let i = 0; i < width; i++) state[i]! += counts[i]!;
    },
    merge(into, from) {
      for (let i = 0; i < width; i++) into[i]! += from[i]!;
    },
    result: (state) => finish(state, settings),
    toJSON: (state) => Array.from(state),
    restore(json: unknown, issues: IssueCollector) {
      const counts = new Float64Array(width);
      if (!Array.isArray(json) || json.length !== width) {
        issues.add({
          code: Array.isArray(json) ? 'inconsistent' : 'invalid_type',
          path: ['state'],
          input: json,
          expected: `an array of ${width} counts (one per point of scale ${scale.name}, lowest first)`,
        });
        return counts;
      }
      for (let i = 0; i < width; i++) if (issues.check(json[i], COUNT, ['state', i])) counts[i] = json[i] as number;
      return counts;
    },
    counted: (state) => total(state),
  };
}

/**
 * Builds the accumulator factory of a survey metric: `settings(fn, options)` validates the options
 * as the metric function does, `normalise` gives them back as JSON with every default filled in
 * (`create(normalise(s))` must give the same settings), `finish` is the metric's counts → result
 * step. @internal
 */
export function surveyAccumulatorFactory<S extends SurveySettings, O, R>(
  metric: string,
  settings: (fn: string, options: unknown) => S,
  normalise: (s: S) => NormalisedOptions,
  finish: (counts: Float64Array, s: S) => R,
): AccumulatorFactory<O, R> {
  // The engine refuses states that list invalid answers: a survey accumulator raises them at once.
  return accumulatorFactory<O, R>(metric, (options, fn) => {
    const s = settings(fn, options);
    return surveyKernel(metric, s, normalise(s), finish);
  });
}
