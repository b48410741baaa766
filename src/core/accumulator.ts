/**
 * The one accumulator contract of kpi-kit, and the one engine behind every accumulator of every
 * family (survey answers, tickets, contacts, customers, revenue lines, and the grouped forms).
 *
 * An accumulator reduces records in shards, streams or workers and combines them exactly:
 *
 * - a factory makes it: `create(options?)`, or `fromJSON(json)` from a saved state;
 * - `add(record, index?)` and `addAll(records, offset?)` feed it (every record checked as the
 *   metric function checks it; `index`/`offset` name records in errors as their place in the whole);
 * - `merge(other)` adds another accumulator of the same metric and the same options;
 * - `result()` is the metric over every record added and merged — for any split of the records,
 *   merged in any order, through JSON or not (a property test holds every factory to it);
 * - `toJSON()` is a plain, versioned state that carries the normalised options, so that
 *   `fromJSON(json)` needs nothing else and a merge can refuse states whose options differ.
 *
 * A family plugs into the engine through a {@link Kernel}: how a record is counted, how two
 * states add up, the result, and the state as JSON (validated when read back). Options, the count
 * of records, the invalid-record list, the JSON envelope and its checks, and the merge checks are
 * the engine's, the same for every accumulator.
 *
 * @module
 */
import {
  type IssueSpec,
  type KpiIssue,
  type KpiInputErrorCode,
  type KpiPath,
  ISSUE_CODES,
  KpiInputError,
  MAX_ISSUES,
  formatValue,
  issueMessage,
  issueSpecOf,
} from './errors.js';
import { COUNT, IssueCollector, type Rule, checkLength, checkNestedLengths, excessLength, fail, isRecord } from './validate.js';

/** The `format` tag of every accumulator state. */
export const ACCUMULATOR_FORMAT = 'kpi-kit/accumulator';

/**
 * The version of the state layout written by `toJSON()`. `fromJSON` reads this version and
 * refuses others with a message, rather than misread them.
 */
export const ACCUMULATOR_VERSION = 2;

/** A JSON value: what accumulator states and their normalised options are made of. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One record left out because it was invalid, with its problems. */
export interface InvalidRecord {
  /** Its index in the input (or the index given to an accumulator's `add`, or `offset + i`). */
  readonly index: number;
  /** Its problems, with paths like `['tickets', 12, 'createdAt']`. */
  readonly issues: readonly KpiIssue[];
}

/** The invalid records of an accumulator, as its JSON state keeps them. */
export interface InvalidRecordsJSON {
  /** How many records were invalid. */
  readonly count: number;
  /** The index of every invalid record (as many as `count`), in the order they were met. */
  readonly indices: readonly number[];
  /** The first 100 invalid records by index, with their problems. */
  readonly listed: readonly InvalidRecord[];
}

/**
 * The JSON state of an accumulator (see {@link Accumulator.toJSON}): plain data, versioned, with
 * the options it was made with, normalised (defaults filled in, instants as epoch ms, a business
 * calendar as its spec), so that `fromJSON` restores it alone and `merge` compares options.
 */
export interface AccumulatorJSON<S extends JsonValue = JsonValue> {
  /** Always `'kpi-kit/accumulator'`. */
  readonly format: typeof ACCUMULATOR_FORMAT;
  /** The layout version ({@link ACCUMULATOR_VERSION}). */
  readonly version: number;
  /** The metric: `"nps"`, `"firstResponseTime"`, `"byPeriod"`, ... */
  readonly metric: string;
  /** The options, normalised. */
  readonly options: { readonly [key: string]: JsonValue };
  /** Records added so far (counted and invalid), merged ones included. */
  readonly seen: number;
  /** The invalid records kept (with `onInvalid: 'exclude'`, or until `result()` reports them). */
  readonly invalid: InvalidRecordsJSON;
  /** The metric's own state: counts, sums (exact, as decimal strings), durations. */
  readonly state: S;
}

/**
 * A mergeable, serialisable accumulator: the one contract of every accumulator of kpi-kit.
 *
 * @typeParam R - The result: the same as the metric function's.
 * @typeParam In - What one record is (answers for surveys, ticket objects, ...).
 */
export interface Accumulator<R, In = unknown> {
  /** The metric it computes. */
  readonly metric: string;
  /** Records added so far (counted and invalid), merged ones included. */
  readonly n: number;
  /**
   * Adds one record; `index` (default: `n`, the records so far) names it in errors and in
   * `excluded`.
   */
  add(record: In, index?: number): this;
  /**
   * Adds many records in one validated pass; record i is named `offset + i` in errors and in
   * `excluded` (default `offset`: `n`, so that consecutive calls number records as one array
   * would; a shard passes its position in the whole).
   */
  addAll(records: ArrayLike<In>, offset?: number): this;
  /**
   * Adds another accumulator's records. It must be of the same metric, made with the same
   * (normalised) options: else `KpiInputError` with code `'incompatible'`, naming the first option
   * that differs. The other accumulator is not changed.
   */
  merge(other: Accumulator<R, In>): this;
  /** The metric over every record added and merged. */
  result(): R;
  /** The plain, versioned JSON state; restore it with the factory's `fromJSON`. */
  toJSON(): AccumulatorJSON;
}

/**
 * Makes the accumulators of one metric: `create(options?)` and `fromJSON(json)`.
 *
 * @typeParam O - The options (the metric function's, for a metric).
 * @typeParam R - The result.
 * @typeParam In - What one record is.
 */
export interface AccumulatorFactory<O, R, In = unknown> {
  /** The metric its accumulators compute. */
  readonly metric: string;
  /** A new, empty accumulator; the options are validated as the metric validates them. */
  create(options?: O): Accumulator<R, In>;
  /**
   * An accumulator restored from `toJSON()` output (which carries its options). The whole state
   * is validated — format and version, options, counts ≥ 0 and consistent with each other, lists
   * no longer than their counts — and a bad one throws `KpiInputError`, never gives NaN.
   */
  fromJSON(json: unknown): Accumulator<R, In>;
}

/**
 * How the engine reports an invalid record to the kernel's caller: its problems, or a function
 * that works them out, called only when they are kept (an accumulator lists the first invalid
 * records with their problems, and counts the others). @internal
 */
export type RejectRecord = (index: number, specs: Problems) => void;

/** An invalid record's problems, or the function that works them out (see {@link RejectRecord}). @internal */
export type Problems = readonly IssueSpec[] | (() => readonly IssueSpec[]);

/** The problems themselves (worked out when given as a function). @internal */
export function problemsOf(specs: Problems): readonly IssueSpec[] {
  return typeof specs === 'function' ? specs() : specs;
}

/**
 * What a family plugs into the engine for one accumulator (its options already validated). All
 * that is not here — the options and their comparison, the record count, the invalid records, the
 * JSON envelope and its validation — is the engine's. @internal
 */
export interface Kernel<St, R> {
  /** The metric, in errors and JSON. */
  readonly metric: string;
  /** The normalised options (JSON data): stored in the state and compared by `merge`. */
  readonly options: { readonly [key: string]: JsonValue };
  /**
   * Options that are functions (a key function of `by`, `at`): compared by identity in `merge`;
   * JSON cannot carry them, so `toJSON()` of such an accumulator throws. Their entry in `options`
   * is the string `'function'`.
   */
  readonly functions?: { readonly [key: string]: unknown };
  /** What the records are called in `addAll`'s error path: `'tickets'`, `'responses'`, ... */
  readonly collection: string;
  /** Every field of a record the kernel reads (its checks and its measure); absent when not known. */
  readonly reads?: readonly string[];
  /**
   * `true`: an invalid record throws at once (`KpiInputError` with its problems); `false`: it is
   * kept in the invalid list for `result()` (which excludes and lists it, or throws then).
   */
  readonly throwOnInvalid: boolean;
  /** A new, empty state. */
  init(): St;
  /** Counts one record: `null`, or its problems (then nothing of it is counted). */
  add(state: St, record: unknown, index: number): readonly IssueSpec[] | null;
  /**
   * Counts `records` (an array-like; record i is named `base + i`), reporting each invalid one
   * through `reject`. Optional: without it the engine calls `add` per record.
   */
  addAll?(state: St, records: ArrayLike<unknown>, base: number, reject: RejectRecord): void;
  /** Adds `from` into `into` (`from` may be `into`: then it doubles). */
  merge(into: St, from: St): void;
  /** The result over the state and the invalid records. */
  result(state: St, invalid: InvalidRecords): R;
  /**
   * The result over several states taken together (accumulators made alike: a grouping's parts),
   * equal to the result over their merge, without merging them (no copy of what they hold);
   * `null` when it cannot be had so (the caller then merges). Optional.
   */
  resultOf?(states: readonly St[], invalid: InvalidRecords): R | null;
  /** A JSON copy of the state. */
  toJSON(state: St): JsonValue;
  /**
   * The state from its JSON copy, adding every problem to `issues` (paths under `['state']`);
   * whatever it returns is discarded when a problem was added. `invalid` is the invalid-record
   * list restored with it (already checked), for states that refer to invalid records.
   */
  restore(json: unknown, issues: IssueCollector, invalid: InvalidRecords): St;
  /** How many records the state counts (valid ones): with the invalid ones, `seen` in all. */
  counted(state: St): number;
  /** A hint that about `records` more will be added or merged (sizes storage once). */
  reserve?(state: St, records: number): void;
  /**
   * Adds every row of a {@link RowSource} read as columns (no object per row), when this kernel
   * can: `true` once all rows are added (invalid ones passed to `reject` in row order), `false`
   * with the state untouched when it cannot (a column layout it does not read; with
   * `throwOnInvalid`, any invalid row), and the engine then adds the rows one by one.
   */
  addColumns?(state: St, source: RowSource, base: number, reject: RejectRecord): boolean;
  /**
   * The routing capability (optional; the duration metrics have it): `byPeriod` hands an empty
   * accumulator all the records, each with its part code from a {@link RecordPlacer}; the kernel
   * reads each record once, and at the end gives every part (an empty accumulator of the same
   * metric and options) its records and makes the total their merge. Without it, `byPeriod` places
   * the records first and adds them to their part's accumulator (two passes).
   */
  router?(total: Engine<St, R>, records: readonly unknown[]): PartRouter<R>;
}

/**
 * What places records in parts (byPeriod's periods): `instant(record)` reads the placing instant
 * when it is plain epoch ms (else NaN), then `code(instant, record, index)` gives a part code ≥ 0,
 * or −1 to stop. Both small enough to be inlined into a routing loop. @internal
 */
export interface RecordPlacer {
  instant(record: object): number;
  code(instant: number, record: unknown, index: number): number;
}

/** A routing pass over records (see {@link Kernel.router}). @internal */
export interface PartRouter<R = unknown> {
  /**
   * Reads every record, placed by `placer` in the part of its code; stops at the first negative
   * code and returns that record's index (else the number of records).
   */
  addAll(placer: RecordPlacer): number;
  /** Records seen per part code (counted, excluded and invalid), once `addAll` is done. */
  seen(): ArrayLike<number>;
  /**
   * Hands `parts[code]` (empty accumulators of the same metric and options; `null`: no such code)
   * their records, `seen[code]` of them, and makes the total their merge. Take the parts' results
   * before the total's.
   */
  finish(parts: readonly (Accumulator<R> | null)[], seen: ArrayLike<number>): void;
}

/**
 * Record indices in ascending order, sorted as numbers in a typed array (the engine's sort, not a
 * loop of this code: the total of a grouping's parts sorts its indices once, in code not yet
 * optimised, where a bitmap of them took 1.5–2× the time over 75,000 indices). Indices that are
 * 32-bit integers (every record index below 2^31) are sorted as such, others as doubles; a
 * repeated index (merged accumulators may both have counted record 5) is kept.
 */
function sortIndices(indices: readonly number[]): number[] {
  const n = indices.length;
  let int32 = true;
  for (let i = 0; i < n && int32; i++) {
    const x = indices[i] as number;
    int32 = (x | 0) === x;
  }
  const sorted = int32 ? Int32Array.from(indices).sort() : Float64Array.from(indices).sort();
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(sorted[i] as number);
  return out;
}

/**
 * The invalid records of an accumulator: every one counted and its index kept; the first 100 by
 * index kept with their problems, whatever the order of adds and merges.
 */
export class InvalidRecords {
  count = 0;
  readonly indices: number[] = [];
  readonly listed: InvalidRecord[] = [];

  constructor(
    /**
     * Whether these records are only counted, as a grouping's groups give them (see
     * {@link InvalidRecords.counted}): a result made with them counts them and lists none.
     */
    readonly countedOnly = false,
    /**
     * The records the parts of one grouping have explained, when these are a part's (see
     * {@link ListingBound}); null otherwise.
     */
    private readonly bound: ListingBound | null = null,
  ) {}

  /**
   * `count` invalid records counted, none listed: what a group of a grouping reports (its records
   * are listed once, in the grouping's total). A grouping's kernel handed such a list gives its
   * own groups and total alike.
   */
  static counted(count: number): InvalidRecords {
    const out = new InvalidRecords(true);
    out.count = count;
    return out;
  }

  /** Keeps one invalid record (its problems worked out only when it is listed). */
  report(index: number, specs: Problems): void {
    this.count++;
    this.indices.push(index);
    const listed = this.listed;
    const bound = this.bound;
    if ((listed.length < MAX_ISSUES || index < (listed[listed.length - 1] as InvalidRecord).index) && (bound === null || bound.admits(index))) {
      const issues = problemsOf(specs);
      if (issues.length === 0) throw new Error(`kpi-kit internal error: record ${index} rejected without a reason`);
      this.keep(Object.freeze({ index, issues: Object.freeze(issues.map(frozenIssue)) }));
      bound?.note(index);
    }
  }

  /** Adds another list's records (copies first: `other` may be this list). */
  merge(other: InvalidRecords | InvalidRecordsJSON): void {
    // `other` may be this list: its length taken first, its listed records copied.
    const indices = other.indices;
    const listed = other === this ? [...other.listed] : other.listed;
    const n = indices.length;
    const m = listed.length;
    this.count += other.count;
    for (let i = 0; i < n; i++) this.indices.push(indices[i] as number);
    for (let i = 0; i < m; i++) this.keep(listed[i] as InvalidRecord);
  }

  /** The indices, ascending (already so when reported in order; else sorted as numbers, in a typed array). */
  sortedIndices(): number[] {
    const { indices } = this;
    let sorted = true;
    for (let i = 1; i < indices.length && sorted; i++) sorted = (indices[i - 1] as number) <= (indices[i] as number);
    if (sorted) return [...indices];
    return sortIndices(indices);
  }

  /** The problems of the listed records, in index order (for a `KpiInputError`). */
  specs(): IssueSpec[] {
    const out: IssueSpec[] = [];
    for (const record of this.listed) for (const issue of record.issues) out.push(issueSpecOf(issue));
    return out;
  }

  /** Keeps `t` among the listed (sorted by index, at most MAX_ISSUES). */
  private keep(t: InvalidRecord): void {
    const listed = this.listed;
    let at = listed.length;
    while (at > 0 && (listed[at - 1] as InvalidRecord).index > t.index) at--;
    if (at >= MAX_ISSUES) return;
    listed.splice(at, 0, t);
    if (listed.length > MAX_ISSUES) listed.pop();
  }

  toJSON(): InvalidRecordsJSON {
    return { count: this.count, indices: [...this.indices], listed: this.listed.map(issueRecordJSON) };
  }
}

/**
 * The indices of the invalid records the parts of one grouping (its periods, segments, cells) have
 * explained, the first {@link MAX_ISSUES} by index: a part explains an invalid record only when it
 * may be among the first MAX_ISSUES of the grouping, which its total lists (each part's own result
 * counts its invalid records and lists none). Over 1M tickets with 75,000 invalid for a metric, in
 * 60 cells, that is about 100 explanations rather than 6,000. A part may then list fewer than
 * min(count, 100) of its records; the union of the parts' lists still holds the grouping's first
 * 100 (an index is passed over only when 100 smaller ones are listed), however parts are merged.
 * @internal
 */
export class ListingBound {
  private readonly indices: number[] = [];

  /** Whether record `index` may be among the first MAX_ISSUES explained. */
  admits(index: number): boolean {
    const n = this.indices.length;
    return n < MAX_ISSUES || index < (this.indices[n - 1] as number);
  }

  /** Notes an explained record. */
  note(index: number): void {
    const indices = this.indices;
    let at = indices.length;
    while (at > 0 && (indices[at - 1] as number) > index) at--;
    if (at >= MAX_ISSUES) return;
    indices.splice(at, 0, index);
    if (indices.length > MAX_ISSUES) indices.pop();
  }
}

/**
 * A grouping's part restored from its state by `restore` (the metric's `fromJSON`), its invalid
 * records apart: a part may list fewer than min(count, 100) of them (see {@link ListingBound}),
 * which the engine refuses of an accumulator alone. `null` when the invalid records cannot be read
 * (the caller then restores the state as it is, which reports why). @internal
 */
export function restorePart<St, R>(restore: (json: unknown) => Engine<St, R>, json: Readonly<Record<string, unknown>>): Engine<St, R> | null {
  const seen = json['seen'];
  const raw = json['invalid'];
  if (!(typeof seen === 'number' && Number.isSafeInteger(seen) && seen >= 0)) return null;
  const listed = isRecord(raw) ? raw['listed'] : undefined;
  const count = isRecord(raw) ? raw['count'] : undefined;
  // Listing as an accumulator alone does: restored as it is.
  if (!Array.isArray(listed) || typeof count !== 'number' || listed.length === Math.min(count, MAX_ISSUES)) return null;
  const problems = new IssueCollector('restorePart');
  const invalid = restoreInvalid(raw, seen, problems);
  if (!problems.ok) return null;
  const engine = restore({ ...json, seen: seen - invalid.count, invalid: { count: 0, indices: [], listed: [] } });
  engine.invalid.merge(invalid);
  engine.seen += invalid.count;
  return engine;
}

/**
 * An issue as an invalid-record list keeps it: its input only when JSON keeps it as it is (a
 * string, a finite number, a boolean or null; else `undefined`, the message still showing it), so
 * that a list read back from JSON is the list that was written.
 */
function frozenIssue(s: IssueSpec): KpiIssue {
  return Object.freeze({ code: s.code, path: Object.freeze([...s.path]), input: jsonInput(s.input), message: issueMessage(s) });
}

/** A value that JSON keeps as it is (else it is left out of the state). */
function jsonInput(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** One listed record as JSON: `input` left out where it is `undefined`. */
function issueRecordJSON(r: InvalidRecord): InvalidRecord {
  return {
    index: r.index,
    issues: r.issues.map((i) =>
      i.input === undefined ? { code: i.code, path: [...i.path], message: i.message } : { code: i.code, path: [...i.path], input: i.input, message: i.message },
    ) as KpiIssue[],
  };
}

/** Reads a listed invalid record of a JSON state, or null when it is not one. */
function restoreInvalidRecord(item: unknown): InvalidRecord | null {
  if (!isRecord(item) || !Array.isArray(item['issues']) || item['issues'].length === 0 || item['issues'].length > MAX_ISSUES) return null;
  const index = item['index'];
  if (!(typeof index === 'number' && Number.isSafeInteger(index) && index >= 0)) return null;
  const issues: KpiIssue[] = [];
  for (const i of item['issues'] as unknown[]) {
    if (!isRecord(i)) return null;
    const { code, path, message } = i;
    const pathOk =
      Array.isArray(path) &&
      path.length <= 64 &&
      path.every((p: unknown) => typeof p === 'string' || (typeof p === 'number' && Number.isSafeInteger(p) && p >= 0));
    if (!ISSUE_CODES.includes(code as KpiInputErrorCode) || !pathOk || typeof message !== 'string') return null;
    const input = jsonInput(i['input']);
    if (input === undefined && i['input'] !== undefined) return null;
    issues.push(Object.freeze({ code: code as KpiInputErrorCode, path: Object.freeze([...(path as (string | number)[])]), input, message }));
  }
  return Object.freeze({ index, issues: Object.freeze(issues) });
}

/**
 * Restores an invalid-record list, checking it against `seen`: a count ≤ seen, as many indices as
 * the count (each a non-negative integer), at most 100 listed records (no more than the count),
 * in ascending order of index (that exactly min(count, 100) are listed is checked last, by the engine).
 */
function restoreInvalid(json: unknown, seen: number, issues: IssueCollector): InvalidRecords {
  const out = new InvalidRecords();
  const path = ['invalid'];
  if (!isRecord(json)) {
    issues.add({ code: 'invalid_type', path, input: json, expected: '{ count, indices, listed }' });
    return out;
  }
  const count = json['count'];
  if (!issues.check(count, COUNT, [...path, 'count'])) return out;
  const n = count as number;
  if (n > seen) {
    issues.add({ code: 'inconsistent', path: [...path, 'count'], input: count, detail: `invalid.count (${n}) cannot exceed seen (${seen})` });
    return out;
  }
  const indices = json['indices'];
  if (!Array.isArray(indices) || indices.length !== n || excessLength(indices) !== null) {
    issues.add({ code: 'inconsistent', path: [...path, 'indices'], input: indices, expected: `an array of ${n} record indices (one per invalid record)` });
    return out;
  }
  for (let k = 0; k < n; k++) {
    const i: unknown = indices[k];
    if (!(typeof i === 'number' && Number.isSafeInteger(i) && i >= 0)) {
      issues.add({
        code: typeof i === 'number' ? 'out_of_range' : 'invalid_type',
        path: [...path, 'indices', k],
        input: i,
        expected: 'a record index (a non-negative integer)',
      });
      return out;
    }
  }
  const listed = json['listed'];
  if (!Array.isArray(listed) || listed.length > Math.min(n, MAX_ISSUES)) {
    issues.add({ code: 'inconsistent', path: [...path, 'listed'], input: listed, expected: `an array of at most ${Math.min(n, MAX_ISSUES)} invalid records` });
    return out;
  }
  const kept: InvalidRecord[] = [];
  for (let k = 0; k < listed.length; k++) {
    const r = restoreInvalidRecord(listed[k]);
    if (r === null || (k > 0 && r.index < (kept[k - 1] as InvalidRecord).index)) {
      issues.add({
        code: 'invalid_value',
        path: [...path, 'listed', k],
        input: listed[k],
        expected: '{ index, issues: [{ code, path, message, input? }] }, in ascending order of index',
      });
      return out;
    }
    kept.push(r);
  }
  out.count = n;
  for (const i of indices as number[]) out.indices.push(i);
  for (const r of kept) out.listed.push(r);
  return out;
}

/**
 * The first option whose normalised value differs between two option sets (in the order of
 * `a`'s keys, then `b`'s), or `null` when they are the same.
 */
export function firstDifference(a: { readonly [key: string]: JsonValue }, b: { readonly [key: string]: JsonValue }): string | null {
  for (const key of Object.keys(a)) if (!sameJson(a[key], b[key])) return key;
  for (const key of Object.keys(b)) if (!(key in a)) return key;
  return null;
}

/** Deep equality of JSON values (objects compared key by key, in any key order). */
export function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i] as JsonValue, b[i] as JsonValue)) return false;
    return true;
  }
  const ra = a as { readonly [key: string]: JsonValue };
  const rb = b as { readonly [key: string]: JsonValue };
  const ka = Object.keys(ra);
  if (ka.length !== Object.keys(rb).length) return false;
  return ka.every((k) => k in rb && sameJson(ra[k], rb[k]));
}

function showOption(value: JsonValue | undefined): string {
  if (value === undefined) return 'none';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The `offset` or `index` of a record: a non-negative safe integer, by default `seen`. */
function readIndex(fn: string, name: 'offset' | 'index', value: unknown, seen: number): number {
  if (value === undefined) return seen;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  return fail(fn, {
    code: typeof value === 'number' ? 'out_of_range' : 'invalid_type',
    path: [name],
    input: value,
    expected: 'a non-negative integer: the index of the record in the whole',
  });
}

/**
 * The engine: one accumulator driven by a {@link Kernel}. Every accumulator of kpi-kit is one of
 * these. @internal
 */
export class Engine<St, R> implements Accumulator<R> {
  readonly metric: string;
  /** @internal */
  state: St;
  /** @internal */
  seen = 0;
  private readonly rejectFn: RejectRecord;

  constructor(
    /** @internal */
    readonly kernel: Kernel<St, R>,
    /** @internal The invalid records (a grouping's part: bounded by its grouping's, see {@link ListingBound}). */
    readonly invalid: InvalidRecords = new InvalidRecords(),
  ) {
    this.metric = kernel.metric;
    this.state = kernel.init();
    this.rejectFn = (index, specs) => this.reject(index, specs);
  }

  get n(): number {
    return this.seen;
  }

  /** Every field of a record this accumulator reads, when its kernel says (see `Kernel.reads`). @internal */
  get reads(): readonly string[] | undefined {
    return this.kernel.reads;
  }

  add(record: unknown, index?: number): this {
    // The usual indices inline; the message's function name is built only for a bad one.
    const i =
      index === undefined
        ? this.seen
        : Number.isSafeInteger(index) && index >= 0
          ? index
          : readIndex(`${this.metric}Accumulator.add`, 'index', index, this.seen);
    let specs: readonly IssueSpec[] | null;
    try {
      specs = this.kernel.add(this.state, record, i);
    } catch (error) {
      this.resync();
      throw error;
    }
    if (specs !== null) this.reject(i, specs);
    this.seen++;
    return this;
  }

  addAll(records: ArrayLike<unknown> | RowSource, offset?: number): this {
    const { kernel } = this;
    const fn = `${this.metric}Accumulator.addAll`;
    if (isRowSource(records)) return this.addRows(records, readIndex(fn, 'offset', offset, this.seen));
    if (!isArrayLikeInput(records)) {
      return fail(fn, {
        code: records === undefined ? 'missing' : 'invalid_type',
        path: [kernel.collection],
        input: records,
        expected: `an array of ${kernel.collection}`,
      });
    }
    checkLength(fn, records, [kernel.collection]);
    const base = readIndex(fn, 'offset', offset, this.seen);
    const len = records.length;
    try {
      if (kernel.addAll !== undefined) {
        kernel.addAll(this.state, records, base, this.rejectFn);
      } else {
        const state = this.state;
        for (let i = 0; i < len; i++) {
          const specs = kernel.add(state, records[i], base + i);
          if (specs !== null) this.reject(base + i, specs);
        }
      }
    } catch (error) {
      // An invalid record raised part-way: the records before it are counted; `n` says so.
      this.resync();
      throw error;
    }
    this.seen += len;
    return this;
  }

  /**
   * The result over several accumulators made alike (one factory, the same options) taken
   * together, as the result of their merge into `make()` in this order: their kernel's `resultOf`
   * when it has one (what they hold is not copied), else that merge. How a grouping's totals are
   * made from its parts. @internal
   */
  static resultOf<St, R>(engines: readonly Engine<St, R>[], make: () => Engine<St, R>, counted = false): R {
    if (engines.length === 1) return (engines[0] as Engine<St, R>).result(counted);
    const kernel = engines[0]?.kernel;
    if (kernel?.resultOf !== undefined) {
      let invalid: InvalidRecords;
      if (counted) {
        let n = 0;
        for (const e of engines) n += e.invalid.count;
        invalid = InvalidRecords.counted(n);
      } else {
        invalid = new InvalidRecords();
        for (const e of engines) invalid.merge(e.invalid);
      }
      const result = kernel.resultOf(
        engines.map((e) => e.state),
        invalid,
      );
      if (result !== null) return result;
    }
    const total = make();
    let records = 0;
    for (const e of engines) records += e.seen;
    total.reserve(records);
    // Counted only: the states merged, the invalid records counted (their lists are not wanted).
    if (counted) {
      for (const e of engines) {
        total.kernel.merge(total.state, e.state);
        total.invalid.count += e.invalid.count;
        total.seen += e.seen;
      }
    } else for (const e of engines) total.merge(e);
    return total.result(counted);
  }

  /** Adds the rows of a {@link RowSource}, a chunk at a time (row i is named `base + i`). */
  private addRows(source: RowSource, base: number): this {
    const { kernel } = this;
    const len = source.length;
    // Issues name the column and row (`columns.createdAt[7]`), not a record that was never given.
    const reject: RejectRecord = (index, specs) =>
      this.reject(index, () =>
        // Worked out (if at all) before the next row: a row object is reused for the next rows, so
        // an issue keeps a copy of it.
        problemsOf(specs).map((spec) => ({
          ...spec,
          path: source.path(spec.path, index, index - base),
          input: isPlainObject(spec.input) ? { ...spec.input } : spec.input,
        })),
      );
    try {
      if (kernel.addColumns !== undefined && kernel.addColumns(this.state, source, base, reject)) {
        this.seen += len;
        return this;
      }
      this.reserve(len);
      for (let start = 0; start < len; start += ROW_CHUNK) {
        const end = Math.min(len, start + ROW_CHUNK);
        const chunk = source.rows(start, end);
        if (source.gathered) {
          // Each row under its own index.
          for (let i = 0; i < chunk.length; i++) {
            const index = base + source.index(start + i);
            const specs = kernel.add(this.state, chunk[i], index);
            if (specs !== null) reject(index, specs);
          }
        } else if (kernel.addAll !== undefined) kernel.addAll(this.state, chunk, base + start, reject);
        else {
          for (let i = 0; i < chunk.length; i++) {
            const specs = kernel.add(this.state, chunk[i], base + start + i);
            if (specs !== null) reject(base + start + i, specs);
          }
        }
        this.seen += end - start;
      }
    } catch (error) {
      this.resync();
      throw error;
    }
    return this;
  }

  /** Makes `seen` the records the state counts plus the invalid ones (after a throw part-way). */
  private resync(): void {
    this.seen = this.kernel.counted(this.state) + this.invalid.count;
  }

  /** Reports an invalid record: throws at once, or keeps it. @internal */
  reject(index: number, specs: Problems): void {
    if (this.kernel.throwOnInvalid) {
      const issues = problemsOf(specs);
      if (issues.length === 0) throw new Error(`kpi-kit internal error: ${this.metric} rejected record ${index} without a reason`);
      throw new KpiInputError(this.metric, issues);
    }
    this.invalid.report(index, specs);
  }

  merge(other: Accumulator<R>): this {
    const fn = `${this.metric}Accumulator.merge`;
    if (!(other instanceof Engine)) {
      return fail(fn, { code: 'invalid_type', path: ['other'], input: other, expected: `a ${this.metric} accumulator` });
    }
    const o = other as Engine<St, R>;
    if (o.metric !== this.metric) {
      return fail(fn, {
        code: 'incompatible',
        path: ['other', 'metric'],
        input: o.metric,
        detail: `cannot merge a ${o.metric} accumulator into a ${this.metric} accumulator`,
      });
    }
    // Accumulators on one kernel (a grouping's parts) have the same options by construction.
    const key = this.kernel === o.kernel ? null : firstDifference(this.kernel.options, o.kernel.options);
    if (key !== null) {
      return fail(fn, {
        code: 'incompatible',
        path: ['other', 'options', key],
        input: o.kernel.options[key],
        detail: `cannot merge ${this.metric} accumulators made with different options: ${key} is ${showOption(this.kernel.options[key])} here and ${showOption(o.kernel.options[key])} in the other`,
      });
    }
    const mine = this.kernel.functions ?? {};
    const theirs = o.kernel.functions ?? {};
    for (const k of this.kernel === o.kernel ? [] : new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
      if (mine[k] !== theirs[k]) {
        return fail(fn, {
          code: 'incompatible',
          path: ['other', 'options', k],
          input: theirs[k],
          detail: `cannot merge ${this.metric} accumulators made with different options: ${k} is another function in the other`,
        });
      }
    }
    const seen = o.seen;
    this.kernel.merge(this.state, o.state);
    this.invalid.merge(o.invalid);
    this.seen += seen;
    return this;
  }

  /**
   * The routing capability of the kernel for `records` (see {@link Kernel.router}), or `null`
   * when the kernel has none or this accumulator is not empty. @internal
   */
  router(records: readonly unknown[]): PartRouter<R> | null {
    if (this.kernel.router === undefined || this.seen !== 0) return null;
    return this.kernel.router(this, records);
  }

  /** A hint that about `records` more records will be added or merged. */
  reserve(records: number): void {
    if (this.kernel.reserve !== undefined && Number.isSafeInteger(records) && records > 0) this.kernel.reserve(this.state, records);
  }

  /**
   * The result; `counted` (internal: a grouping's group): the invalid records counted in it, none
   * listed (see {@link InvalidRecords.counted}).
   */
  result(counted = false): R {
    return this.kernel.result(this.state, counted ? InvalidRecords.counted(this.invalid.count) : this.invalid);
  }

  toJSON(): AccumulatorJSON {
    const functions = Object.keys(this.kernel.functions ?? {});
    if (functions.length > 0) {
      const k = functions[0] as string;
      fail(`${this.metric}Accumulator.toJSON`, {
        code: 'invalid_value',
        path: ['options', k],
        input: this.kernel.functions?.[k],
        detail: `options.${k} is a function, which JSON cannot carry: to serialise this accumulator, give ${k} as a field name (put the key in a field of the records)`,
      });
    }
    return {
      format: ACCUMULATOR_FORMAT,
      version: ACCUMULATOR_VERSION,
      metric: this.metric,
      options: this.kernel.options,
      seen: this.seen,
      invalid: this.invalid.toJSON(),
      state: this.kernel.toJSON(this.state),
    };
  }

  /** Takes a validated JSON state (see {@link restoreEngine}). @internal */
  restore(json: Record<string, unknown>): this {
    const fn = `${this.metric}Accumulator.fromJSON`;
    const issues = new IssueCollector(fn);
    const seenOk = issues.check(json['seen'], COUNT, ['seen']);
    const seen = seenOk ? (json['seen'] as number) : 0;
    const invalid = restoreInvalid(json['invalid'], seenOk ? seen : Number.MAX_SAFE_INTEGER, issues);
    const state = this.kernel.restore(json['state'], issues, invalid);
    if (this.kernel.throwOnInvalid && invalid.count > 0) {
      issues.add({
        code: 'inconsistent',
        path: ['invalid', 'count'],
        input: invalid.count,
        detail: `invalid.count must be 0: this accumulator raises an invalid record at once and never keeps one (for a record metric: options.onInvalid is 'throw')`,
      });
    }
    if (issues.ok && seenOk) {
      const counted = this.kernel.counted(state);
      if (counted + invalid.count !== seen) {
        issues.add({
          code: 'inconsistent',
          path: ['seen'],
          input: seen,
          detail: `seen (${seen}) must equal the records the state counts (${counted}) plus invalid.count (${invalid.count})`,
        });
      }
    }
    // The engine lists the first min(count, MAX_ISSUES) invalid records: their issues make the
    // KpiInputError of result(), which a state listing fewer could not build. Checked last, so that
    // a state with another problem is reported by that problem.
    if (issues.ok && invalid.listed.length !== Math.min(invalid.count, MAX_ISSUES)) {
      issues.add({
        code: 'inconsistent',
        path: ['invalid', 'listed'],
        input: invalid.listed.length,
        detail: `invalid.listed must list the first ${Math.min(invalid.count, MAX_ISSUES)} of the invalid.count (${invalid.count}) invalid records, got ${invalid.listed.length}`,
      });
    }
    issues.throwIfAny();
    this.state = state;
    this.seen = seen;
    this.invalid.merge(invalid);
    return this;
  }
}

/** The mark of a {@link RowSource}. @internal */
export const ROW_SOURCE: unique symbol = Symbol('kpi-kit/row-source');

/**
 * Records read in chunks rather than held one object each: columns (typed arrays, arrays,
 * dictionary-coded labels) made rows by filling a few reused objects. `rows(start, end)` gives rows
 * `start` to `end − 1` (at most {@link ROW_CHUNK}), valid until the next call: a kernel reads each
 * record as it is added and keeps none. @internal
 */
export interface RowSource {
  readonly [ROW_SOURCE]: true;
  readonly length: number;
  /** Whether some row's index is not its position (rows gathered from a larger source): see `index`. */
  readonly gathered: boolean;
  /** The index of row i among the rows as given (offset from the first): i, or for gathered rows the row it was taken from. */
  index(i: number): number;
  rows(start: number, end: number): ArrayLike<unknown>;
  /**
   * The path of an issue of record `index` (row `row` of this source), as the caller gave the rows
   * (`['tickets', 7, 'createdAt']` → `['columns', 'createdAt', 7]`).
   */
  path(path: KpiPath, index: number, row: number): KpiPath;
}

/** The most rows a {@link RowSource} fills at once. @internal */
export const ROW_CHUNK = 1024;

/** Adds records or the rows of a {@link RowSource} to an accumulator (every accumulator is an {@link Engine}). @internal */
export function addRecords<R>(acc: Accumulator<R>, records: ArrayLike<unknown> | RowSource, offset?: number): Accumulator<R> {
  if (!(acc instanceof Engine)) throw new Error('kpi-kit internal error: an accumulator that is not an Engine');
  return (acc as Engine<unknown, R>).addAll(records, offset);
}

/** Whether a value is a {@link RowSource}. @internal */
export function isRowSource(value: unknown): value is RowSource {
  return typeof value === 'object' && value !== null && (value as { [ROW_SOURCE]?: unknown })[ROW_SOURCE] === true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function isArrayLikeInput(value: unknown): value is ArrayLike<unknown> {
  if (Array.isArray(value)) return true;
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/**
 * Checks the envelope of a JSON state (an object, the format, a known version, the metric, an
 * options object) and returns it, or throws. @internal
 */
export function readEnvelope(metric: string, json: unknown): Record<string, unknown> & { readonly options: Record<string, unknown> } {
  const fn = `${metric}Accumulator.fromJSON`;
  if (!isRecord(json)) return fail(fn, { code: 'invalid_type', path: [], input: json, expected: `an accumulator state (the output of toJSON())` });
  const issues = new IssueCollector(fn);
  if (json['format'] !== ACCUMULATOR_FORMAT)
    issues.add({ code: 'invalid_value', path: ['format'], input: json['format'], expected: JSON.stringify(ACCUMULATOR_FORMAT) });
  else if (json['version'] !== ACCUMULATOR_VERSION) {
    issues.add({
      code: 'invalid_value',
      path: ['version'],
      input: json['version'],
      detail: `version ${formatValue(json['version'])} is not a state layout this kpi-kit reads (it reads version ${ACCUMULATOR_VERSION})`,
    });
  }
  if (json['metric'] !== metric) issues.add({ code: 'invalid_value', path: ['metric'], input: json['metric'], expected: JSON.stringify(metric) });
  if (!isRecord(json['options']))
    issues.add({ code: 'invalid_type', path: ['options'], input: json['options'], expected: 'an object (the normalised options)' });
  issues.throwIfAny();
  return json as Record<string, unknown> & { readonly options: Record<string, unknown> };
}

/**
 * Restores an accumulator: the envelope checked, the options read by `make` (as `create` reads
 * them; they must be normalised already), then the counts, the invalid list and the state. @internal
 */
export function restoreEngine<St, R>(metric: string, json: unknown, make: (options: unknown, fn: string) => Kernel<St, R>): Engine<St, R> {
  const fn = `${metric}Accumulator.fromJSON`;
  const env = readEnvelope(metric, json);
  // Every array of the state bounded before any of it is read (a tampered state may be sparse).
  checkNestedLengths(fn, env, []);
  const kernel = make(env.options, fn);
  const key = firstDifference(kernel.options, env.options as { readonly [key: string]: JsonValue });
  if (key !== null) {
    fail(fn, {
      code: 'invalid_value',
      path: ['options', key],
      input: env.options[key],
      expected: `the normalised option (${showOption(kernel.options[key])}), as toJSON() writes it`,
    });
  }
  return new Engine(kernel).restore(env);
}

/**
 * Builds a factory from a kernel maker (`make(options, fn)` validates the options, throwing
 * KpiInputError, and returns the kernel); `extra` adds members such as `records`. @internal
 */
export function accumulatorFactory<O, R, In = unknown, X extends object = object>(
  metric: string,
  make: (options: unknown, fn: string) => Kernel<unknown, R>,
  extra?: X,
): AccumulatorFactory<O, R, In> & Readonly<X> {
  return Object.freeze({
    metric,
    create: (options?: O): Accumulator<R, In> => new Engine(make(options, metric)) as unknown as Accumulator<R, In>,
    fromJSON: (json: unknown): Accumulator<R, In> => restoreEngine(metric, json, make) as unknown as Accumulator<R, In>,
    ...(extra ?? ({} as X)),
  });
}

/** Restores a count at `path` (a non-negative safe integer), or adds an issue and returns 0. @internal */
export function restoreCount(issues: IssueCollector, value: unknown, path: KpiPath, rule: Rule = COUNT): number {
  return issues.check(value, rule, path) ? (value as number) : 0;
}

/** Restores a `{ key: count }` object (a JSON Map of counts) at `path`, at most `limit` keys. @internal */
export function restoreCountMap(issues: IssueCollector, value: unknown, path: KpiPath, limit = Number.MAX_SAFE_INTEGER): Map<string, number> {
  const out = new Map<string, number>();
  if (!isRecord(value)) {
    issues.add({ code: 'invalid_type', path, input: value, expected: 'an object of counts' });
    return out;
  }
  const entries = Object.entries(value);
  if (entries.length > limit) {
    issues.add({ code: 'inconsistent', path, input: value, detail: `${entries.length} keys at ${path.join('.')}: more than the ${limit} records counted` });
    return out;
  }
  for (const [k, v] of entries) out.set(k, restoreCount(issues, v, [...path, k]));
  return out;
}

/**
 * Restores the named numbers of an object at `['state']` (each by its rule, default a count),
 * adding an issue for each bad one (or one when the state is not an object). @internal
 */
export function restoreCounts<K extends string>(
  json: unknown,
  keys: readonly K[],
  issues: IssueCollector,
  rules: Partial<Record<K, Rule>> = {},
  base: KpiPath = ['state'],
): Record<K, number> {
  const out = {} as Record<K, number>;
  if (!isRecord(json)) issues.add({ code: 'invalid_type', path: base, input: json, expected: 'an object' });
  for (const k of keys) {
    const v = isRecord(json) ? json[k] : undefined;
    out[k] = isRecord(json) && issues.check(v, rules[k] ?? COUNT, [...base, k]) ? (v as number) : 0;
  }
  return out;
}

/** Adds an `inconsistent` issue at `path` unless `part ≤ whole`. @internal */
export function requireAtMost(issues: IssueCollector, part: number, partName: string, whole: number, wholeName: string, path: KpiPath): void {
  if (part > whole) issues.add({ code: 'inconsistent', path, input: part, detail: `${partName} (${part}) cannot exceed ${wholeName} (${whole})` });
}

/** A metric function that carries its accumulator factory as `accumulator`. */
export type WithAccumulator<F, A> = F & { readonly accumulator: A };

/** Attaches a metric's accumulator factory to the metric function. @internal */
export function withAccumulator<F extends (...args: never[]) => unknown, A>(fn: F, accumulator: A): WithAccumulator<F, A> {
  return Object.assign(fn, { accumulator });
}
