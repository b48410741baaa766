/**
 * The engine of the metrics measured from the records of one kind, for any declared kind: the
 * shared options (`timeZone`, `onInvalid`), one validated pass with the kind's compiled guard, the
 * mergeable accumulator with its JSON state, and the `excluded` block of the result. A new kind
 * needs only its declaration; each metric plugs in a {@link KindMetricSpec}.
 *
 * @module
 */
import { type JsonValue, type Kernel, type RejectRecord, type RowSource, Engine, accumulatorFactory, isRowSource } from '../core/accumulator.js';
import { type ColumnView, ColumnRows } from './columns.js';
import { type IssueSpec, type KpiPath } from '../core/errors.js';
import { type IssueCollector, fail, readOptions } from '../core/validate.js';
import { TimestampReader, readTimeZone } from '../time/timestamp.js';
import { type OnInvalid, withInvalid } from './excluded.js';
import { type ColumnCheck, type FieldOf, type FieldTable, type FieldsOfKind, type RecordKind, type RecordTimes, RecordGuard } from './kind.js';
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

/**
 * The options every metric of a kind shares: their names, how they are read, and their normalised
 * JSON. {@link KIND_OPTIONS} (`timeZone`, `onInvalid`) by default; tickets add `resolvedStatuses`.
 * @internal
 */
export interface SharedOptions<B extends KindSettings> {
  readonly keys: readonly string[];
  read(fn: string, o: Record<string, unknown>): B;
  json(base: B): { readonly [key: string]: JsonValue };
}

/** The shared options of a kind's metrics: `timeZone` and `onInvalid`. @internal */
export const KIND_OPTIONS: SharedOptions<KindSettings> = Object.freeze({
  keys: KIND_OPTION_KEYS,
  read: readKindSettings,
  json: (b: KindSettings) => ({ timeZone: b.timeZone, onInvalid: b.onInvalid }),
});

/** What a metric of a kind (timestamps `T`, shared settings `B`) plugs into the engine. @internal */
export interface KindMetricSpec<T extends string, B extends KindSettings, S extends B, St, R> {
  readonly metric: string;
  /** The metric's own option names (beyond the shared ones). */
  readonly optionKeys: readonly string[];
  /** Validates the metric's own options. */
  settings(fn: string, o: Record<string, unknown>, base: B): S;
  /**
   * The metric's own options, normalised as JSON (defaults filled in, instants as epoch ms, a
   * calendar as its spec, a key function as `'function'`): what the state stores and `merge`
   * compares. Read back as options, they give the same settings.
   */
  options(settings: S): { readonly [key: string]: JsonValue };
  /** Options that are functions (compared by identity; they make the state unserialisable). */
  functions?(settings: S): { readonly [key: string]: unknown };
  /** The fields the metric reads (default: all of the kind's) and those it requires (default: the kind's). */
  fields?(settings: S): readonly string[];
  required?(settings: S): readonly string[];
  /** A new empty state. */
  init(settings: S): St;
  /**
   * Counts one record that passed the guard (its instants in `times`); `false` when the metric
   * itself finds it invalid (then `explain` says why, and nothing of it is counted).
   */
  add(state: St, record: Record<string, unknown>, times: RecordTimes<T>, settings: S, index: number): boolean | void;
  /** The metric's own reasons a guarded record is invalid. */
  explain?(record: Record<string, unknown>, times: RecordTimes<T>, settings: S, path: KpiPath): IssueSpec[];
  /**
   * Counts the rows of `view` that the guard passed (`check.valid[i]` is 1; their instants in
   * `check.times`) as `add` counts them, in one pass over the columns: returns the rows, in
   * ascending order, that the metric itself finds invalid (for which `add` returns `false`; nothing
   * of them counted), or `null`, with `state` untouched, when a column's layout is not one it reads.
   * Optional: without it, columns are read row by row.
   */
  addColumns?(state: St, view: ColumnView, check: ColumnCheck, settings: S): number[] | null;
  /** Adds `from` into `into`. */
  merge(into: St, from: St, settings: S): void;
  /** The result (the engine adds the invalid records to its `excluded`). */
  result(state: St, settings: S): Omit<R, 'excluded'> & { readonly excluded?: Readonly<Record<string, unknown>> };
  /** A JSON copy of the state, and back (validating, adding problems to `issues`, paths under `['state']`). */
  toJSON(state: St): JsonValue;
  restore(json: unknown, settings: S, issues: IssueCollector): St;
  /** The records the state counts (every valid record added: counted and excluded). */
  counted(state: St): number;
}

/** `'invalidContacts'` for contacts: the key of the listed invalid records. */
function listedKey(collection: string): string {
  return `invalid${collection.charAt(0).toUpperCase()}${collection.slice(1)}`;
}

/** The kernel of a metric of `kind` with these settings. */
function kindKernel<F extends FieldTable, B extends KindSettings, S extends B, St, R>(
  kind: RecordKind<F>,
  spec: KindMetricSpec<FieldsOfKind<F, 'timestamp'>, B, S, St, R>,
  shared: SharedOptions<B>,
  settings: S,
): Kernel<St, R> {
  type T = FieldsOfKind<F, 'timestamp'>;
  const fields = (spec.fields?.(settings) ?? kind.names) as readonly FieldOf<F>[];
  const required = (spec.required?.(settings) ?? kind.required) as readonly FieldOf<F>[];
  const guard = new RecordGuard<T>(kind, fields, required, new TimestampReader(settings.timeZone));
  const { collection } = kind;
  const listed = listedKey(collection);
  const functions = spec.functions?.(settings);
  function add(state: St, r: unknown, index: number): readonly IssueSpec[] | null {
    if (guard.check(r) && spec.add(state, r, guard.times, settings, index) !== false) return null;
    const path: KpiPath = [collection, index];
    const specs = guard.issues(r, path);
    if (specs.length > 0 || spec.explain === undefined) return specs;
    guard.check(r);
    return spec.explain(r as Record<string, unknown>, guard.times, settings, path);
  }
  /**
   * The columnar pass (see `Kernel.addColumns`): the guard over whole columns, the metric's
   * `addColumns`, and each invalid row explained by `add` over the row as a record (which also
   * checks that both passes agree on it). When invalid rows raise, the metric counts into a new
   * state merged in only if no row is invalid (else the rows are read again one by one, which
   * raises for the first invalid one); when they are excluded, straight into `state` (the metric's
   * `addColumns` leaves it untouched when it returns `null`).
   */
  function addColumns(state: St, source: RowSource, base: number, reject: RejectRecord): boolean {
    if (!(source instanceof ColumnRows) || spec.addColumns === undefined) return false;
    const check = guard.checkColumns(source);
    if (check === null) return false;
    const throwing = settings.onInvalid === 'throw';
    const { valid } = check;
    if (throwing && check.invalid > 0) return false;
    const scratch = throwing ? spec.init(settings) : state;
    const own = spec.addColumns(scratch, source, check, settings);
    if (own === null || (throwing && own.length > 0)) return false;
    // The rows the guard or the metric finds invalid, in ascending order.
    let bad = own;
    if (check.invalid > 0) {
      bad = [];
      let o = 0;
      for (let i = 0; i < valid.length; i++) {
        while (o < own.length && (own[o] as number) < i) bad.push(own[o++] as number);
        if (valid[i] === 0) bad.push(i);
      }
      while (o < own.length) bad.push(own[o++] as number);
    }
    for (const i of bad) {
      const index = base + source.index(i);
      // Explained only when kept (the first invalid rows are listed with their problems).
      reject(index, () => {
        const specs = add(scratch, source.record(i), index);
        if (specs === null) throw new Error(`kpi-kit internal error: ${spec.metric}: row ${i} is invalid by columns but valid as a record`);
        return specs;
      });
    }
    if (scratch !== state) spec.merge(state, scratch, settings);
    return true;
  }
  return {
    metric: spec.metric,
    options: { ...shared.json(settings), ...spec.options(settings) },
    ...(functions !== undefined && Object.keys(functions).length > 0 ? { functions } : {}),
    collection,
    reads: [...new Set<string>([...fields, ...required])],
    throwOnInvalid: settings.onInvalid === 'throw',
    init: () => spec.init(settings),
    add,
    ...(spec.addColumns === undefined ? {} : { addColumns }),
    merge: (into, from) => spec.merge(into, from, settings),
    result: (state, invalid) => withInvalid<R>(spec.result(state, settings), invalid, listed),
    toJSON: (state) => spec.toJSON(state),
    restore: (json, issues) => spec.restore(json, settings, issues),
    counted: (state) => spec.counted(state),
  };
}

/** Validates the options of a kind metric's record form: the shared ones, then the metric's. @internal */
export function readKindMetricSettings<B extends KindSettings, S extends B>(
  spec: { readonly metric: string; readonly optionKeys: readonly string[]; settings(fn: string, o: Record<string, unknown>, base: B): S },
  options: unknown,
  fn: string,
  shared: SharedOptions<B>,
): S {
  const o = readOptions(fn, options, [...shared.keys, ...spec.optionKeys]);
  return sharedShape(spec.settings(fn, o, shared.read(fn, o)));
}

/**
 * The settings copied key by key into a new object: objects built so, with the same keys in the
 * same order, share one shape (hidden class), so that a metric's columnar kernel, run with the
 * settings of many accumulators (a grouping's parts), reads them at one shape. Objects built by
 * spreading (`{ ...base, ...own }`) may each get a shape of their own, and the kernel's reads were
 * then deoptimised again and again.
 */
function sharedShape<S extends object>(settings: S): S {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(settings)) out[key] = (settings as Record<string, unknown>)[key];
  return out as S;
}

/** Makes the accumulator factory of a metric of `kind`. @internal */
export function kindAccumulatorFactory<O, F extends FieldTable, B extends KindSettings, S extends B, St, R>(
  kind: RecordKind<F>,
  spec: KindMetricSpec<FieldsOfKind<F, 'timestamp'>, B, S, St, R>,
  shared: SharedOptions<B>,
): RecordMetricFactory<O, R, FieldsOfKind<F, 'timestamp'>> {
  return accumulatorFactory(
    spec.metric,
    (options, fn) => kindKernel(kind, spec, shared, readKindMetricSettings(spec, options, fn, shared)) as Kernel<unknown, R>,
    {
      records: kind.records,
    },
  );
}

/** Runs a metric of `kind` over its records (`{ tickets }`, `{ contacts }`, ...). @internal */
export function runKindMetric<F extends FieldTable, B extends KindSettings, S extends B, St, R>(
  kind: RecordKind<F>,
  spec: KindMetricSpec<FieldsOfKind<F, 'timestamp'>, B, S, St, R>,
  shared: SharedOptions<B>,
  records: unknown,
  options: unknown,
): R {
  if (!Array.isArray(records) && !isRowSource(records))
    return fail(spec.metric, { code: 'invalid_type', path: [kind.collection], input: records, expected: `an array of ${kind.collection}` });
  return new Engine(kindKernel(kind, spec, shared, readKindMetricSettings(spec, options, spec.metric, shared))).addAll(records).result();
}
