/**
 * Mergeable accumulators for the survey metrics. Their state is the count of answers per scale
 * point: small, plain and JSON-serialisable, so shards (files, workers, days) can be reduced
 * separately and merged exactly.
 *
 * @module
 */
import { fail, isRecord, COUNT, IssueCollector } from '../core/validate.js';
import { type Scale, addResponse, countResponses } from './scale.js';

/** The JSON form of a survey accumulator (see `toJSON`). */
export interface SurveyAccumulatorJSON {
  /** The metric: `"nps"`, `"csat"`, ... */
  readonly metric: string;
  /** The options it was created with (as given, validated). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Counts per scale point, lowest point first. */
  readonly counts: readonly number[];
}

/**
 * A mergeable accumulator of survey answers. `add`/`addAll` validate every answer exactly as the
 * metric function does; `merge` requires the same metric and options; `result()` equals the metric
 * computed over all answers added and merged, in any order or split.
 */
export interface SurveyAccumulator<R> {
  /** The metric this accumulator computes. */
  readonly metric: string;
  /** Number of answers so far. */
  readonly n: number;
  /** Adds one answer. */
  add(response: unknown): this;
  /** Adds many answers (an array or typed array) in one validated pass. */
  addAll(responses: ArrayLike<unknown>): this;
  /** Adds another accumulator's answers to this one. */
  merge(other: SurveyAccumulator<R>): this;
  /** The metric over every answer so far. */
  result(): R;
  /** A plain JSON-serialisable snapshot; restore it with the metric's `fromJSON`. */
  toJSON(): SurveyAccumulatorJSON;
}

/** How a metric plugs into the shared accumulator. @internal */
export interface AccumulatorSpec<R> {
  readonly metric: string;
  readonly scale: Scale;
  readonly options: Readonly<Record<string, unknown>>;
  readonly finish: (counts: Float64Array) => R;
}

class CountsAccumulator<R> implements SurveyAccumulator<R> {
  readonly metric: string;
  private readonly counts: Float64Array;
  private readonly key: string;

  constructor(
    private readonly spec: AccumulatorSpec<R>,
    counts?: Float64Array,
  ) {
    this.metric = spec.metric;
    this.counts = counts ?? new Float64Array(spec.scale.max - spec.scale.min + 1);
    this.key = JSON.stringify([spec.metric, spec.options]);
  }

  get n(): number {
    let n = 0;
    for (let i = 0; i < this.counts.length; i++) n += this.counts[i]!;
    return n;
  }

  add(response: unknown): this {
    addResponse(`${this.metric}Accumulator.add`, this.counts, response, this.spec.scale, ['response']);
    return this;
  }

  addAll(responses: ArrayLike<unknown>): this {
    const more = countResponses(`${this.metric}Accumulator.addAll`, responses, this.spec.scale);
    for (let i = 0; i < more.length; i++) this.counts[i]! += more[i]!;
    return this;
  }

  merge(other: SurveyAccumulator<R>): this {
    if (!(other instanceof CountsAccumulator) || other.key !== this.key) {
      const theirs = other instanceof CountsAccumulator ? JSON.stringify(other.spec.options) : String(other);
      fail(`${this.metric}Accumulator.merge`, {
        code: 'inconsistent',
        path: ['other'],
        input: other,
        detail: `can only merge ${this.metric} accumulators created with the same options: ${JSON.stringify(
          this.spec.options,
        )} vs ${theirs}`,
      });
    }
    const counts = (other as CountsAccumulator<R>).counts;
    for (let i = 0; i < counts.length; i++) this.counts[i]! += counts[i]!;
    return this;
  }

  result(): R {
    return this.spec.finish(this.counts.slice());
  }

  toJSON(): SurveyAccumulatorJSON {
    return { metric: this.metric, options: this.spec.options, counts: Array.from(this.counts) };
  }
}

/** Creates an accumulator. @internal */
export function createAccumulator<R>(spec: AccumulatorSpec<R>): SurveyAccumulator<R> {
  return new CountsAccumulator(spec);
}

/**
 * Restores an accumulator from its JSON form, validating it. `make` builds the spec from the
 * stored options (so they are validated again). @internal
 */
export function restoreAccumulator<R>(
  metric: string,
  json: unknown,
  make: (options: Record<string, unknown>) => AccumulatorSpec<R>,
): SurveyAccumulator<R> {
  const fn = `${metric}Accumulator.fromJSON`;
  if (!isRecord(json)) return fail(fn, { code: 'invalid_type', path: [], input: json, expected: 'an object' });
  if (json.metric !== metric) {
    fail(fn, { code: 'invalid_value', path: ['metric'], input: json.metric, expected: JSON.stringify(metric) });
  }
  const options = json.options === undefined ? {} : json.options;
  if (!isRecord(options)) fail(fn, { code: 'invalid_type', path: ['options'], input: options, expected: 'an object' });
  const spec = make(options);
  const width = spec.scale.max - spec.scale.min + 1;
  const counts = json.counts;
  if (!Array.isArray(counts) || counts.length !== width) {
    fail(fn, { code: 'invalid_type', path: ['counts'], input: counts, expected: `an array of ${width} counts` });
  }
  const issues = new IssueCollector(fn);
  counts.forEach((c, i) => issues.check(c, COUNT, ['counts', i]));
  issues.throwIfAny();
  return new CountsAccumulator(spec, Float64Array.from(counts as number[]));
}

/** `create` and `fromJSON` for one survey metric's accumulator. */
export interface SurveyAccumulatorFactory<O, R> {
  /** A new, empty accumulator; the options are validated as the metric validates them. */
  create(options?: O): SurveyAccumulator<R>;
  /** Restores an accumulator from `toJSON()` output, validating it. */
  fromJSON(json: unknown): SurveyAccumulator<R>;
}

/** Builds the accumulator factory of a metric from its settings and its counts → result step. @internal */
export function accumulatorFactory<S extends { readonly scale: Scale }, O, R>(
  metric: string,
  settings: (fn: string, options: Record<string, unknown>) => S,
  finish: (counts: Float64Array, s: S) => R,
): SurveyAccumulatorFactory<O, R> {
  const spec = (options: Record<string, unknown>): AccumulatorSpec<R> => {
    const s = settings(`${metric}Accumulator`, options);
    return { metric, scale: s.scale, options: { ...options }, finish: (counts) => finish(counts, s) };
  };
  return Object.freeze({
    create: (options?: O) => createAccumulator(spec({ ...(options ?? {}) })),
    fromJSON: (json: unknown) => restoreAccumulator(metric, json, spec),
  });
}
