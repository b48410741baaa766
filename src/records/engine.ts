/**
 * The engine of the metrics measured from the records of one kind, for any declared kind: the
 * shared options (`timeZone`, `onInvalid`), one validated pass with the kind's compiled guard, the
 * mergeable accumulator with its JSON state, and the `excluded` block of the result. A new kind
 * needs only its declaration; each metric plugs in a {@link KindMetricSpec}.
 *
 * @module
 */
import { type JsonValue, type Kernel, Engine, accumulatorFactory } from '../core/accumulator.js';
import { type KpiPath } from '../core/errors.js';
import { type IssueCollector, fail, readOptions } from '../core/validate.js';
import { TimestampReader, readTimeZone } from '../time/timestamp.js';
import { type OnInvalid, withInvalid } from './excluded.js';
import { type FieldTable, type FieldsOfKind, type RecordKind, type RecordTimes, RecordGuard } from './kind.js';
import { type RecordMetricFactory } from './metric-records.js';

/** The option names every metric of a kind takes. @internal */
export const KIND_OPTION_KEYS = ['timeZone', 'onInvalid'] as const;

/** The validated shared options of a kind's metrics. @internal */
export interface KindSettings {
  readonly timeZone: string;
  readonly onInvalid: OnInvalid;
}

/** Validates the shared options found in `o` (already checked for unknown keys). @internal */
export function readKindSettings(fn: string, o: Record<string, unknown>): KindSettings {
  const onInvalid = o['onInvalid'] ?? 'throw';
  if (onInvalid !== 'throw' && onInvalid !== 'exclude') {
    fail(fn, { code: 'invalid_value', path: ['options', 'onInvalid'], input: onInvalid, expected: "'throw' or 'exclude'" });
  }
  return { timeZone: readTimeZone(fn, o['timeZone']), onInvalid: onInvalid };
}

/** What a metric of a kind (timestamps `T`) plugs into the engine. @internal */
export interface KindMetricSpec<T extends string, S extends KindSettings, St, R> {
  readonly metric: string;
  /** The metric's own option names (beyond timeZone and onInvalid). */
  readonly optionKeys: readonly string[];
  /** Validates the metric's own options (for the record form). */
  settings(fn: string, o: Record<string, unknown>, base: KindSettings): S;
  /** A new empty state. */
  init(settings: S): St;
  /** Counts one valid record (its instants in `times`). */
  add(state: St, times: RecordTimes<T>, settings: S): void;
  /** Adds `from` into `into`. */
  merge(into: St, from: St): void;
  /** The result, with the metric's own `excluded` counts (the engine adds the invalid ones). */
  result(state: St, settings: S): Omit<R, 'excluded'> & { readonly excluded: Readonly<Record<string, number>> };
  /** A JSON copy of the state, and back (validating, adding problems to `issues`, paths under `['state']`). */
  toJSON(state: St): Record<string, number>;
  restore(json: unknown, issues: IssueCollector): St;
  /** The metric's own options, normalised as JSON (defaults filled in). */
  options(settings: S): { readonly [key: string]: JsonValue };
  /** The records the state counts (every valid record added). */
  counted(state: St): number;
}

/** `'invalidContacts'` for contacts: the key of the listed invalid records. */
function listedKey(collection: string): string {
  return `invalid${collection.charAt(0).toUpperCase()}${collection.slice(1)}`;
}

/** The kernel of a metric of `kind` with these settings. */
function kindKernel<F extends FieldTable, S extends KindSettings, St, R>(
  kind: RecordKind<F>,
  spec: KindMetricSpec<FieldsOfKind<F, 'timestamp'>, S, St, R>,
  settings: S,
): Kernel<St, R> {
  const guard = new RecordGuard<FieldsOfKind<F, 'timestamp'>>(kind, kind.names, kind.required, new TimestampReader(settings.timeZone));
  const { collection } = kind;
  const listed = listedKey(collection);
  return {
    metric: spec.metric,
    options: { timeZone: settings.timeZone, onInvalid: settings.onInvalid, ...spec.options(settings) },
    collection,
    throwOnInvalid: settings.onInvalid === 'throw',
    init: () => spec.init(settings),
    add(state, r, index) {
      if (guard.check(r)) {
        spec.add(state, guard.times, settings);
        return null;
      }
      const path: KpiPath = [collection, index];
      return guard.issues(r, path);
    },
    merge: (into, from) => spec.merge(into, from),
    result: (state, invalid) => withInvalid<R>(spec.result(state, settings), invalid, listed),
    toJSON: (state) => spec.toJSON(state),
    restore: (json, issues) => spec.restore(json, issues),
    counted: (state) => spec.counted(state),
  };
}

/** Validates the options of a kind metric's record form. @internal */
export function readKindMetricSettings<S extends KindSettings>(
  spec: { readonly metric: string; readonly optionKeys: readonly string[]; settings(fn: string, o: Record<string, unknown>, base: KindSettings): S },
  options: unknown,
  fn = spec.metric,
): S {
  const o = readOptions(fn, options, [...KIND_OPTION_KEYS, ...spec.optionKeys]);
  return spec.settings(fn, o, readKindSettings(fn, o));
}

/** Makes the accumulator factory of a metric of `kind`. @internal */
export function kindAccumulatorFactory<O, F extends FieldTable, S extends KindSettings, St, R>(
  kind: RecordKind<F>,
  spec: KindMetricSpec<FieldsOfKind<F, 'timestamp'>, S, St, R>,
): RecordMetricFactory<O, R, FieldsOfKind<F, 'timestamp'>> {
  return accumulatorFactory(spec.metric, (options, fn) => kindKernel(kind, spec, readKindMetricSettings(spec, options, fn)) as Kernel<unknown, R>, {
    records: kind.records,
  });
}

/** Runs a metric of `kind` over its records (`{ contacts }`, ...). @internal */
export function runKindMetric<F extends FieldTable, S extends KindSettings, St, R>(
  kind: RecordKind<F>,
  spec: KindMetricSpec<FieldsOfKind<F, 'timestamp'>, S, St, R>,
  records: unknown,
  options: unknown,
): R {
  if (!Array.isArray(records))
    return fail(spec.metric, { code: 'invalid_type', path: [kind.collection], input: records, expected: `an array of ${kind.collection}` });
  return new Engine(kindKernel(kind, spec, readKindMetricSettings(spec, options))).addAll(records).result();
}
