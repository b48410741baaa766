/**
 * Record kinds declared once. A declaration names the record and its collection, lists its fields
 * and their kinds, the required ones, the order rules between timestamps, the pairs of fields that
 * exclude each other, and the durations that stand for the span between two timestamps. From it
 * come the explaining checker (`kind.issues`), the compiled fast guard of the hot loops
 * (`new RecordGuard(kind, ...)`), the `MetricRecords` descriptor that `byPeriod` and `bySegment`
 * read (`kind.records`), and the zod schema (`recordSchema`, in its own module so that code
 * without schemas does not bundle zod). Tickets and contacts are two declarations.
 *
 * @module
 */
import { type ColumnView, type RowShape } from './columns.js';
import { type IssueSpec, type KpiPath, describeValue, formatPath } from '../core/errors.js';
import { isRecord } from '../core/validate.js';
import { MAX_DURATION_MS, MAX_EPOCH_MS, type TimestampReader, timestampIssue } from '../time/timestamp.js';
import { type MetricRecords } from './metric-records.js';

/** The kinds of record fields. */
export type FieldKind = 'timestamp' | 'duration' | 'label' | 'id' | 'count' | 'boolean' | 'number';

/** A record kind's fields: name → kind, in the order the checks report them. */
export type FieldTable = { readonly [field: string]: FieldKind };

/** The fields of a table that have kind `K`. */
export type FieldsOfKind<F extends FieldTable, K extends FieldKind> = string extends keyof F
  ? string
  : { [N in keyof F]: F[N] extends K ? N : never }[keyof F] & string;

/** A field of a table. */
export type FieldOf<F extends FieldTable> = keyof F & string;

/** The instants of one record as a guard read them (epoch ms; `NaN` when absent). */
export type RecordTimes<T extends string> = { [K in T]: number };

/**
 * A duration field that stands for the span `to − from` between two timestamps: when both
 * timestamps are given the duration must agree with them (within the kind's `agreementMs`); when
 * only `from` is, the guard takes `from + duration` as the instant `to`.
 */
export interface SpanRule<F extends FieldTable> {
  readonly duration: FieldsOfKind<F, 'duration'>;
  readonly from: FieldsOfKind<F, 'timestamp'>;
  readonly to: FieldsOfKind<F, 'timestamp'>;
}

/** The declaration of a record kind. */
export interface RecordKindSpec<F extends FieldTable> {
  /** One record's name in messages: `'ticket'`, `'contact'`. */
  readonly record: string;
  /** The records' name in inputs and error paths: `'tickets'`, `'contacts'`. */
  readonly collection: string;
  /** Every field and its kind. */
  readonly fields: F;
  /** The fields every record needs (the first required timestamp places records by default). */
  readonly required: readonly FieldOf<F>[];
  /** Order rules as `[later, earlier]`: when both are present, `later` may not be before `earlier`. */
  readonly order?: readonly (readonly [FieldsOfKind<F, 'timestamp'>, FieldsOfKind<F, 'timestamp'>])[];
  /** Pairs of fields that may not both be present, with the reason given in the message. */
  readonly exclusive?: readonly (readonly [FieldOf<F>, FieldOf<F>, string])[];
  /** Durations that stand for the span between two timestamps (see {@link SpanRule}). */
  readonly spans?: readonly SpanRule<F>[];
  /** How far a given duration may differ from the span of its timestamps, in ms. Default 1. */
  readonly agreementMs?: number;
  /** Appended to what a missing required field should be (e.g. `'; this metric needs it'`). */
  readonly missingNote?: string;
  /** How rows read from columns are made (one class, a setter per field); default plain objects. */
  readonly rowShape?: RowShape;
}

const TIMESTAMP_EXPECTED = 'a timestamp: a Date, an ISO-8601 string or epoch ms';

const EXPECTED: Record<Exclude<FieldKind, 'timestamp'>, string> = {
  duration: `a duration in ms: a finite number from 0 to ${MAX_DURATION_MS} (100 years)`,
  label: 'a string',
  id: 'a string or a finite number',
  count: 'a non-negative integer',
  boolean: 'true or false',
  number: 'a finite number',
};

/** What a value of a kind should be, as error messages say it. */
export function expectedOf(kind: FieldKind): string {
  return kind === 'timestamp' ? TIMESTAMP_EXPECTED : EXPECTED[kind];
}

/** Whether `value` is valid for a non-timestamp kind (null and undefined are handled by callers). */
export function validValue(kind: Exclude<FieldKind, 'timestamp'>, value: unknown): boolean {
  switch (kind) {
    case 'duration':
      return typeof value === 'number' && value >= 0 && value <= MAX_DURATION_MS;
    case 'label':
      return typeof value === 'string';
    case 'id':
      return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0;
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
  }
}

function valueIssue(kind: Exclude<FieldKind, 'timestamp'>, value: unknown, path: KpiPath): IssueSpec {
  let code: IssueSpec['code'] = 'invalid_type';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) code = 'not_finite';
    else if (kind === 'count' && !Number.isInteger(value)) code = 'not_integer';
    else if (kind === 'duration' || kind === 'count') code = 'out_of_range';
  }
  return { code, path, input: value, expected: EXPECTED[kind] };
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A declared record kind: its declaration, normalised, and what comes from it. */
export interface RecordKind<F extends FieldTable> {
  readonly record: string;
  readonly collection: string;
  readonly fields: F;
  /** Every field name, in declaration order. */
  readonly names: readonly FieldOf<F>[];
  /** The timestamp fields, the default (first required) one first. */
  readonly timestamps: readonly FieldsOfKind<F, 'timestamp'>[];
  readonly required: readonly FieldOf<F>[];
  /** The order rules, `[later, earlier]`, including `[to, from]` of every span. */
  readonly order: readonly (readonly [FieldsOfKind<F, 'timestamp'>, FieldsOfKind<F, 'timestamp'>])[];
  readonly exclusive: readonly (readonly [FieldOf<F>, FieldOf<F>, string])[];
  readonly spans: readonly SpanRule<F>[];
  readonly agreementMs: number;
  readonly missingNote: string;
  /** How rows read from columns are made (see {@link RecordKindSpec.rowShape}); `undefined`: plain objects. */
  readonly rowShape: RowShape | undefined;
  /** The records as `byPeriod` and `bySegment` read them. */
  readonly records: MetricRecords<FieldsOfKind<F, 'timestamp'>>;
  /**
   * Every problem of one record among `fields` (default: all), each at `[...base, field]`: values
   * of the wrong kind, missing `required` fields (default: the kind's), exclusive fields both
   * present, timestamps out of order, and durations that disagree with their timestamps. The slow
   * path of the metrics, and the rule set the guard and the zod schema agree with.
   */
  issues(record: unknown, reader: TimestampReader, base: KpiPath, fields?: readonly FieldOf<F>[], required?: readonly FieldOf<F>[]): IssueSpec[];
}

/**
 * Declares a record kind (see {@link RecordKindSpec}). A chat, for instance (the declaration is
 * all a new kind needs; `new RecordGuard(CHAT, ...)`, `CHAT.issues`, `recordSchema(CHAT)`,
 * `CHAT.records` and `kindAccumulatorFactory(CHAT, spec)` come from it):
 *
 * ```ts no-run
 * const CHAT = defineRecordKind({
 *   record: 'chat',
 *   collection: 'chats',
 *   fields: { startedAt: 'timestamp', firstReplyAt: 'timestamp', endedAt: 'timestamp', agent: 'label' },
 *   required: ['startedAt'],
 *   order: [['firstReplyAt', 'startedAt'], ['endedAt', 'startedAt']],
 * });
 * ```
 */
export function defineRecordKind<const F extends FieldTable>(spec: RecordKindSpec<F>): RecordKind<F> {
  type T = FieldsOfKind<F, 'timestamp'>;
  const names = Object.keys(spec.fields) as FieldOf<F>[];
  const kindOf = (f: string): FieldKind | undefined => (Object.hasOwn(spec.fields, f) ? spec.fields[f] : undefined);
  const fail = (why: string): never => {
    throw new Error(`kpi-kit internal error: record kind ${spec.record}: ${why}`);
  };
  for (const f of spec.required) if (kindOf(f) === undefined) fail(`unknown required field ${f}`);
  const order = [...(spec.order ?? [])];
  for (const [a, b] of order) if (kindOf(a) !== 'timestamp' || kindOf(b) !== 'timestamp') fail(`order rule ${a} ≥ ${b} needs two timestamps`);
  const spans = [...(spec.spans ?? [])];
  for (const s of spans) {
    if (kindOf(s.duration) !== 'duration' || kindOf(s.from) !== 'timestamp' || kindOf(s.to) !== 'timestamp')
      fail(`span ${s.duration} needs a duration and two timestamps`);
    if (!order.some(([a, b]) => a === s.to && b === s.from)) order.push([s.to, s.from]);
  }
  const exclusive = [...(spec.exclusive ?? [])];
  for (const [a, b] of exclusive) if (kindOf(a) === undefined || kindOf(b) === undefined) fail(`unknown exclusive field ${a} or ${b}`);
  const allTimes = names.filter((f) => spec.fields[f] === 'timestamp') as T[];
  const first = spec.required.find((f) => spec.fields[f] === 'timestamp') as T | undefined;
  const timestamps = first === undefined ? allTimes : [first, ...allTimes.filter((f) => f !== first)];
  const agreementMs = spec.agreementMs ?? 1;
  const missingNote = spec.missingNote ?? '';
  const required = Object.freeze([...spec.required]);
  const records: MetricRecords<T> = Object.freeze({
    record: spec.record,
    collection: spec.collection,
    timestampFields: Object.freeze(timestamps),
    required: (first ?? timestamps[0]) as T,
  });

  function issues(
    record: unknown,
    reader: TimestampReader,
    base: KpiPath,
    fields: readonly FieldOf<F>[] = names,
    need: readonly FieldOf<F>[] = required,
  ): IssueSpec[] {
    if (!isRecord(record)) return [{ code: 'invalid_type', path: base, input: record, expected: `a ${spec.record} object` }];
    const found: IssueSpec[] = [];
    const times = new Map<string, number>();
    for (const field of fields) {
      const value = record[field];
      const path = [...base, field];
      const kind = spec.fields[field] as FieldKind;
      if (!present(value)) {
        if (need.includes(field)) found.push({ code: 'missing', path, input: value, expected: `${expectedOf(kind)}${missingNote}` });
        continue;
      }
      if (kind === 'timestamp') {
        const ms = reader.read(value);
        if (ms === ms) times.set(field, ms);
        else found.push(timestampIssue(value, path));
      } else if (!validValue(kind, value)) {
        found.push(valueIssue(kind, value, path));
      }
    }
    for (const [a, b, reason] of exclusive) {
      if (!fields.includes(a) || !fields.includes(b) || !present(record[a]) || !present(record[b])) continue;
      found.push({ code: 'inconsistent', path: [...base, b], input: record[b], detail: `${formatPath(base)} has both ${a} and ${b}: ${reason}` });
    }
    for (const [later, earlier] of order) {
      const t = times.get(later);
      const e = times.get(earlier);
      if (t === undefined || e === undefined) continue;
      if (t < e) {
        found.push({
          code: 'inconsistent',
          path: [...base, later],
          input: record[later],
          detail: `${formatPath([...base, later])} (${describeValue(record[later])}) is before ${formatPath([...base, earlier])} (${describeValue(record[earlier])})`,
        });
        continue;
      }
      for (const s of spans) {
        if (s.to !== later || s.from !== earlier || !fields.includes(s.duration)) continue;
        const given = record[s.duration];
        if (typeof given === 'number' && validValue('duration', given) && Math.abs(given - (t - e)) > agreementMs) {
          found.push({
            code: 'inconsistent',
            path: [...base, s.duration],
            input: given,
            detail: `${formatPath([...base, s.duration])} (${given}) disagrees with ${later} − ${earlier} (${t - e} ms)`,
          });
        }
      }
    }
    return found;
  }

  return Object.freeze({
    record: spec.record,
    collection: spec.collection,
    fields: spec.fields,
    rowShape: spec.rowShape,
    names: Object.freeze(names),
    timestamps: Object.freeze(timestamps),
    required,
    order: Object.freeze(order),
    exclusive: Object.freeze(exclusive),
    spans: Object.freeze(spans),
    agreementMs,
    missingNote,
    records,
    issues,
  });
}

/** Any record kind, its field names erased to strings (what the guards read). */
export interface AnyRecordKind {
  readonly record: string;
  readonly fields: FieldTable;
  readonly names: readonly string[];
  readonly timestamps: readonly string[];
  readonly required: readonly string[];
  readonly order: readonly (readonly [string, string])[];
  readonly exclusive: readonly (readonly [string, string, string])[];
  readonly spans: readonly { readonly duration: string; readonly from: string; readonly to: string }[];
  readonly agreementMs: number;
  issues(record: unknown, reader: TimestampReader, base: KpiPath, fields?: readonly string[], required?: readonly string[]): IssueSpec[];
}

/** Whether this runtime lets the guards be compiled (a strict Content-Security-Policy forbids it). */
let compiling: boolean | null = null;
function canCompile(): boolean {
  if (compiling === null) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- probing whether this runtime compiles code (see RecordGuard)
      compiling = (new Function('return true') as () => unknown)() === true;
    } catch {
      compiling = false;
    }
  }
  return compiling;
}

/** The check of a guard: `this` is the guard (its reader and its times). */
type CheckFn = (this: RecordGuard<string>, r: unknown) => boolean;

/** The compiled checks of each kind, by field list and required list (compiled once per process). */
const COMPILED = /* @__PURE__ */ new WeakMap<object, Map<string, CheckFn>>();

const KIND_CODE: Record<FieldKind, number> = { timestamp: 0, duration: 1, label: 2, id: 3, count: 4, boolean: 5, number: 6 };

/** The test of a present non-timestamp value `v` of a kind, as JavaScript source. */
function validSource(kind: Exclude<FieldKind, 'timestamp'>, v: string): string {
  switch (kind) {
    case 'duration':
      return `(typeof ${v} === 'number' && ${v} >= 0 && ${v} <= ${MAX_DURATION_MS})`;
    case 'label':
      return `(typeof ${v} === 'string')`;
    case 'id':
      return `(typeof ${v} === 'string' || (typeof ${v} === 'number' && Number.isFinite(${v})))`;
    case 'count':
      return `(Number.isSafeInteger(${v}) && ${v} >= 0)`;
    case 'boolean':
      return `(typeof ${v} === 'boolean')`;
    case 'number':
      return `(typeof ${v} === 'number' && Number.isFinite(${v}))`;
  }
}

/**
 * The source of the check of `kind` over `fields` (`required` among them): straight-line code,
 * one constant-name read per field, so that every read is monomorphic and nothing is allocated.
 */
function checkSource(kind: AnyRecordKind, fields: readonly string[], required: readonly string[]): string {
  const lines: string[] = [
    "if (typeof r !== 'object' || r === null || Array.isArray(r) || ArrayBuffer.isView(r)) return false;",
    'const reader = this.reader;',
  ];
  const local = new Map<string, number>();
  fields.forEach((f, i) => local.set(f, i));
  const t = (f: string): string => `t${local.get(f) as number}`;
  for (const f of kind.timestamps) if (!local.has(f)) local.set(f, local.size);
  // Every timestamp of the kind has a local (NaN when not among the fields).
  for (const f of kind.timestamps) lines.push(`let ${t(f)} = NaN;`);
  fields.forEach((f, i) => {
    const k = kind.fields[f] as FieldKind;
    const v = `v${i}`;
    const need = required.includes(f);
    lines.push(`const ${v} = r[${JSON.stringify(f)}];`);
    if (k === 'timestamp') {
      lines.push(
        `if (${v} === undefined || ${v} === null) { ${need ? 'return false;' : ''} }`,
        `else if (typeof ${v} === 'number') { if (${v} >= -${MAX_EPOCH_MS} && ${v} <= ${MAX_EPOCH_MS}) t${i} = ${v}; else return false; }`,
        `else { t${i} = reader.read(${v}); if (t${i} !== t${i}) return false; }`,
      );
    } else {
      lines.push(`if (${v} === undefined || ${v} === null) { ${need ? 'return false;' : ''} } else if (!${validSource(k, v)}) return false;`);
    }
  });
  const raw = (f: string): string => `v${fields.indexOf(f)}`;
  for (const [a, b] of kind.exclusive) {
    if (!fields.includes(a) || !fields.includes(b)) continue;
    lines.push(`if (${raw(a)} !== undefined && ${raw(a)} !== null && ${raw(b)} !== undefined && ${raw(b)} !== null) return false;`);
  }
  // NaN compares false: absent timestamps pass the order rules.
  for (const [later, earlier] of kind.order) {
    if (!fields.includes(later) || !fields.includes(earlier)) continue;
    lines.push(`if (${t(later)} < ${t(earlier)}) return false;`);
  }
  for (const s of kind.spans) {
    if (!fields.includes(s.duration) || !fields.includes(s.from)) continue;
    const d = raw(s.duration);
    lines.push(
      `if (${t(s.from)} === ${t(s.from)} && typeof ${d} === 'number') {`,
      `  if (${t(s.to)} === ${t(s.to)}) { if (Math.abs(${d} - (${t(s.to)} - ${t(s.from)})) > ${kind.agreementMs}) return false; }`,
      `  else ${t(s.to)} = ${t(s.from)} + ${d};`,
      '}',
    );
  }
  lines.push('const times = this.times;');
  for (const f of kind.timestamps) lines.push(`times[${JSON.stringify(f)}] = ${t(f)};`);
  lines.push('return true;');
  return lines.join('\n');
}

/** Compiles (once per kind and field lists) the check of `kind` over `fields`. */
function compiledCheck(kind: AnyRecordKind, fields: readonly string[], required: readonly string[]): CheckFn {
  let byLists = COMPILED.get(kind);
  if (byLists === undefined) COMPILED.set(kind, (byLists = new Map<string, CheckFn>()));
  const key = `${fields.join(',')}|${required.join(',')}`;
  let check = byLists.get(key);
  if (check === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the compiled guard, from the declaration only (see RecordGuard)
    check = (new Function(`return function check(r) {\n${checkSource(kind, fields, required)}\n};`) as () => CheckFn)();
    byLists.set(key, check);
  }
  return check;
}

/**
 * The same check as the compiled one, interpreted from precomputed field codes: used where the
 * runtime forbids compiling code (a strict Content-Security-Policy). Slower (every read is keyed by
 * a varying name), never different (a property test holds the two to agreement).
 */
class InterpretedCheck {
  private readonly names: string[];
  private readonly codes: Int8Array;
  private readonly needed: Uint8Array;
  /** Per field, its index among the kind's timestamps (−1 for other kinds). */
  private readonly slot: Int8Array;
  private readonly values: unknown[];
  private readonly instants: Float64Array;
  private readonly exclusive: Int32Array;
  private readonly order: Int32Array;
  /** Per span: duration field index, from slot, to slot. */
  private readonly spans: Int32Array;

  constructor(
    private readonly kind: AnyRecordKind,
    fields: readonly string[],
    required: readonly string[],
  ) {
    this.names = [...fields];
    this.codes = Int8Array.from(fields.map((f) => KIND_CODE[kind.fields[f] as FieldKind]));
    this.needed = Uint8Array.from(fields.map((f) => (required.includes(f) ? 1 : 0)));
    this.slot = Int8Array.from(fields.map((f) => kind.timestamps.indexOf(f)));
    this.values = fields.map(() => undefined);
    this.instants = new Float64Array(kind.timestamps.length);
    const has = (f: string): boolean => fields.includes(f);
    this.exclusive = Int32Array.from(kind.exclusive.filter(([a, b]) => has(a) && has(b)).flatMap(([a, b]) => [fields.indexOf(a), fields.indexOf(b)]));
    this.order = Int32Array.from(kind.order.filter(([a, b]) => has(a) && has(b)).flatMap(([a, b]) => [kind.timestamps.indexOf(a), kind.timestamps.indexOf(b)]));
    this.spans = Int32Array.from(
      kind.spans
        .filter((s) => has(s.duration) && has(s.from))
        .flatMap((s) => [fields.indexOf(s.duration), kind.timestamps.indexOf(s.from), kind.timestamps.indexOf(s.to)]),
    );
  }

  check(guard: RecordGuard<string>, r: unknown): boolean {
    if (typeof r !== 'object' || r === null || Array.isArray(r) || ArrayBuffer.isView(r)) return false;
    const rec = r as Record<string, unknown>;
    const { names, codes, needed, slot, values, instants } = this;
    instants.fill(NaN);
    for (let k = 0; k < names.length; k++) {
      const value = rec[names[k]!];
      values[k] = value;
      if (value === undefined || value === null) {
        if (needed[k] === 1) return false;
        continue;
      }
      const code = codes[k] as number;
      if (code === 0) {
        const ms = guard.reader.read(value);
        if (ms !== ms) return false;
        instants[slot[k] as number] = ms;
      } else if (!validValue(KINDS[code] as Exclude<FieldKind, 'timestamp'>, value)) return false;
    }
    const ex = this.exclusive;
    for (let j = 0; j < ex.length; j += 2) if (present(values[ex[j] as number]) && present(values[ex[j + 1] as number])) return false;
    const order = this.order;
    for (let j = 0; j < order.length; j += 2) if ((instants[order[j] as number] as number) < (instants[order[j + 1] as number] as number)) return false;
    const spans = this.spans;
    for (let j = 0; j < spans.length; j += 3) {
      const d = values[spans[j] as number];
      const from = instants[spans[j + 1] as number] as number;
      const to = instants[spans[j + 2] as number] as number;
      if (from === from && typeof d === 'number') {
        if (to === to) {
          if (Math.abs(d - (to - from)) > this.kind.agreementMs) return false;
        } else instants[spans[j + 2] as number] = from + d;
      }
    }
    const times = guard.times as Record<string, number>;
    const ts = this.kind.timestamps;
    for (let j = 0; j < ts.length; j++) times[ts[j]!] = instants[j]!;
    return true;
  }
}

const KINDS = /* @__PURE__ */ Object.keys(KIND_CODE) as FieldKind[];

/**
 * The fast guard of a record kind over a list of fields: `check(record)` is `true` exactly when
 * `kind.issues(record, reader, path, fields, required)` finds nothing (a property test holds them
 * to it), and leaves the record's instants in `times` (every timestamp of the kind; `NaN` when
 * absent or not among the fields; the instant a span's duration stands for when only the duration
 * is given). No allocation per record.
 *
 * The check is compiled from the declaration (once per kind and field lists): straight-line code
 * with one constant-name read per field, as a hand-written guard would be. Measured on 1M records:
 * a loop reading fields by a varying name costs ~10× (every read goes through V8's megamorphic
 * cache), and so does code shared between kinds. Where compiling is forbidden (a strict
 * Content-Security-Policy), the same check is interpreted from field codes (`mode: 'interpreted'`).
 */
export class RecordGuard<T extends string> {
  readonly times: RecordTimes<T>;
  /** Whether the record is valid for these fields; fills `times`. */
  readonly check: (r: unknown) => r is Record<string, unknown>;
  /** The key of {@link RecordGuard.checkColumns} among a view's memos (made once: a check is asked for per metric and group). */
  private readonly checkKey: string;

  constructor(
    readonly kind: AnyRecordKind,
    readonly fields: readonly string[],
    readonly required: readonly string[],
    readonly reader: TimestampReader,
    mode: 'compiled' | 'interpreted' = 'compiled',
  ) {
    const times: Record<string, number> = {};
    for (const f of kind.timestamps) times[f] = NaN;
    this.times = times as RecordTimes<T>;
    for (const f of [...fields, ...required]) {
      if (!Object.hasOwn(kind.fields, f)) throw new Error(`kpi-kit internal error: ${kind.record} has no field ${f}`);
    }
    this.checkKey = `check ${kind.record} ${reader.timeZone} ${fields.join(',')} | ${required.join(',')}`;
    if (mode === 'compiled' && canCompile()) {
      this.check = compiledCheck(kind, fields, required) as unknown as (r: unknown) => r is Record<string, unknown>;
    } else {
      const interpreted = new InterpretedCheck(kind, fields, required);
      this.check = ((r: unknown) => interpreted.check(this, r)) as (r: unknown) => r is Record<string, unknown>;
    }
  }

  /** Every problem of an invalid record (the slow path). */
  issues(r: unknown, path: KpiPath): IssueSpec[] {
    return this.kind.issues(r, this.reader, path, this.fields, this.required);
  }

  /**
   * The check of every row of `view` at once: `valid[i]` is 1 exactly when `check` passes row i,
   * and `times` holds each timestamp field's instants (NaN where missing or invalid), as `check`
   * leaves them in `times` row by row. `null` when a column is in a layout this does not read (a
   * masked column, an Arrow vector read through `get`): the caller then reads rows.
   */
  checkColumns(view: ColumnView): ColumnCheck | null {
    // The metrics of a batch that read the same fields alike share one check (read-only).
    // A group of a split batch: its part of the batch's check (worked out once for every group).
    return view.memo(this.checkKey, () => {
      const whole = view.whole;
      const all = whole === null ? null : this.checkColumns(whole);
      return all === null ? this.checkView(view) : partOfCheck(view, all);
    });
  }

  private checkView(view: ColumnView): ColumnCheck | null {
    const { kind, reader } = this;
    const n = view.length;
    const valid = new Uint8Array(n).fill(1);
    const times: Record<string, Float64Array> = {};
    /** Per field read: its rows' states (0 missing, 1 valid, 2 invalid). */
    const states: Record<string, Uint8Array> = {};
    /** Duration values of span fields (NaN where missing or invalid). */
    const numbers: Record<string, Float64Array> = {};
    /** Whether a row may have been marked invalid (else every row is valid, uncounted). */
    let marked = false;
    for (const f of this.fields) {
      const fieldKind = kind.fields[f] as FieldKind;
      const needed = this.required.includes(f);
      if (!view.has(f)) {
        if (needed) {
          valid.fill(0);
          marked = true;
        }
        if (fieldKind === 'timestamp') times[f] = new Float64Array(n).fill(NaN);
        continue;
      }
      const spanned = kind.spans.some((sp) => sp.duration === f);
      // The same field of the same rows reads alike for every metric: read once per batch.
      const read = view.memo(`field ${f} ${fieldKind} ${reader.timeZone} ${spanned}`, () => readField(view, f, fieldKind, spanned, reader));
      if (read === null) return null;
      const { state } = read;
      states[f] = state;
      // Rows are marked only where the field makes some invalid (its counts say so, read once).
      if (needed ? read.present < n : read.invalid > 0) {
        marked = true;
        if (needed) {
          for (let i = 0; i < n; i++) if ((state[i] as number) !== 1) valid[i] = 0;
        } else {
          for (let i = 0; i < n; i++) if ((state[i] as number) === 2) valid[i] = 0;
        }
      }
      if (read.values !== null) {
        if (fieldKind === 'timestamp') times[f] = read.values;
        else numbers[f] = read.values;
      }
    }
    const fields = new Set(this.fields);
    for (const [a, b] of kind.exclusive) {
      const sa = states[a];
      const sb = states[b];
      if (!fields.has(a) || !fields.has(b) || sa === undefined || sb === undefined) continue;
      marked = true;
      for (let i = 0; i < n; i++) if ((sa[i] as number) !== 0 && (sb[i] as number) !== 0) valid[i] = 0;
    }
    for (const [later, earlier] of kind.order) {
      if (!fields.has(later) || !fields.has(earlier)) continue;
      // The rows out of order, found once per batch (the same instants for every check).
      const a = times[later] as Float64Array;
      const b = times[earlier] as Float64Array;
      const before = view.memo(`before ${later} ${earlier} ${reader.timeZone}`, () => notBefore(a, b));
      if (before.length > 0) marked = true;
      for (let j = 0; j < before.length; j++) valid[before[j] as number] = 0;
    }
    for (const sp of kind.spans) {
      // A duration without a column has no value on any row.
      const d = numbers[sp.duration];
      if (!fields.has(sp.duration) || !fields.has(sp.from) || d === undefined) continue;
      const from = times[sp.from] as Float64Array;
      // The instants read are shared by every metric of the batch: the span's end is filled in a copy.
      const given = times[sp.to];
      const to = given === undefined ? new Float64Array(n).fill(NaN) : given.slice();
      times[sp.to] = to;
      marked = true;
      for (let i = 0; i < n; i++) {
        const di = d[i] as number;
        const fi = from[i] as number;
        if (fi !== fi || di !== di) continue;
        const ti = to[i] as number;
        if (ti === ti) {
          if (Math.abs(di - (ti - fi)) > kind.agreementMs) valid[i] = 0;
        } else to[i] = fi + di;
      }
    }
    let invalid = 0;
    if (marked) for (let i = 0; i < n; i++) invalid += 1 - (valid[i] as number);
    return { valid, invalid, times };
  }
}

/** A group's part of the check of the rows it is a group of (see `ColumnView.part`). */
function partOfCheck(view: ColumnView, all: ColumnCheck): ColumnCheck {
  // Every row of the batch valid: so is every row of the group (one array of ones, shared by its checks).
  const valid = all.invalid === 0 ? view.memo('every row valid', () => new Uint8Array(view.length).fill(1)) : view.part(all.valid);
  let invalid = 0;
  if (all.invalid > 0) for (let i = 0; i < valid.length; i++) invalid += 1 - (valid[i] as number);
  const times: Record<string, Float64Array | undefined> = {};
  for (const f of Object.keys(all.times)) {
    const t = all.times[f];
    times[f] = t === undefined ? undefined : view.part(t);
  }
  return { valid, invalid, times };
}

/**
 * How the rows of a view hold one field: each row's state (0 missing, 1 valid, 2 invalid: what
 * the record check makes of the value alone) and, for a timestamp, the instants (for a span's
 * duration, the values), NaN where missing or invalid; null when the column is in a layout not
 * read here (a masked column, an Arrow vector read through `get`).
 */
function readField(view: ColumnView, f: string, fieldKind: FieldKind, spanned: boolean, reader: TimestampReader): FieldRead | null {
  const n = view.length;
  const col = view.float64(f);
  const dict = col === null ? view.dictionary(f) : null;
  const arr = col === null && dict === null ? view.array(f) : null;
  if (col === null && dict === null && arr === null) return null;
  const state = new Uint8Array(n);
  if (fieldKind === 'timestamp') {
    if (col !== null) return fieldRead(state, instantsOf(col, state));
    const t = new Float64Array(n).fill(NaN);
    for (let i = 0; i < n; i++) {
      const v = dict !== null ? (((dict.codes[i] as number) < 0 ? null : dict.dictionary[dict.codes[i] as number]) ?? null) : (arr as readonly unknown[])[i];
      if (v === undefined || v === null) continue;
      const ms = reader.read(v);
      if (ms === ms) {
        t[i] = ms;
        state[i] = 1;
      } else state[i] = 2;
    }
    return fieldRead(state, t);
  }
  const k = fieldKind;
  const values = spanned ? new Float64Array(n).fill(NaN) : null;
  if (col !== null) {
    for (let i = 0; i < n; i++) {
      const v = col[i] as number;
      if (v !== v) continue;
      if (!validValue(k, v)) state[i] = 2;
      else {
        state[i] = 1;
        if (values !== null) values[i] = v;
      }
    }
  } else if (dict !== null) {
    // Each dictionary entry checked once: 0 missing, 1 valid, 2 invalid.
    const entry = Uint8Array.from(dict.dictionary, (e) => (e === undefined || e === null ? 0 : validValue(k, e) ? 1 : 2));
    for (let i = 0; i < n; i++) {
      const code = dict.codes[i] as number;
      const e = code < 0 ? 0 : (entry[code] as number);
      state[i] = e;
      if (e === 1 && values !== null) values[i] = dict.dictionary[code] as number;
    }
  } else {
    const a = arr as readonly unknown[];
    for (let i = 0; i < n; i++) {
      const v = a[i];
      if (v === undefined || v === null) continue;
      if (!validValue(k, v)) state[i] = 2;
      else {
        state[i] = 1;
        if (values !== null) values[i] = v as number;
      }
    }
  }
  return fieldRead(state, values);
}

/** One field of a view's rows as read for the record check (see {@link readField}). */
interface FieldRead {
  /** Each row's state: 0 missing, 1 valid, 2 invalid. */
  readonly state: Uint8Array;
  /** The instants of a timestamp (a span's duration: the values); NaN where missing or invalid. */
  readonly values: Float64Array | null;
  /** Rows of state 1. */
  readonly present: number;
  /** Rows of state 2. */
  readonly invalid: number;
}

function fieldRead(state: Uint8Array, values: Float64Array | null): FieldRead {
  let present = 0;
  let invalid = 0;
  for (let i = 0; i < state.length; i++) {
    const x = state[i] as number;
    present += x & 1;
    invalid += x >> 1;
  }
  return { state, values, present, invalid };
}

/**
 * The states of a Float64Array timestamp column's rows (NaN: missing; a number beyond the range of
 * Date: invalid) into `state`, and its instants: the column itself when every number is in range,
 * else a copy with NaN for the invalid ones. A function of its own, as the loops above: each is
 * optimised for its one job.
 */
function instantsOf(col: Float64Array, state: Uint8Array): Float64Array {
  const n = col.length;
  let invalid = false;
  for (let i = 0; i < n; i++) {
    const v = col[i] as number;
    if (v !== v) continue;
    if (v >= -MAX_EPOCH_MS && v <= MAX_EPOCH_MS) state[i] = 1;
    else {
      state[i] = 2;
      invalid = true;
    }
  }
  if (!invalid) return col;
  const t = col.slice();
  for (let i = 0; i < n; i++) if (state[i] === 2) t[i] = NaN;
  return t;
}

/** The rows where `later` is before `earlier` (both present), ascending. */
function notBefore(later: Float64Array, earlier: Float64Array): Int32Array {
  const n = later.length;
  let count = 0;
  for (let i = 0; i < n; i++) if ((later[i] as number) < (earlier[i] as number)) count++;
  const out = new Int32Array(count);
  for (let i = 0, j = 0; j < count; i++) if ((later[i] as number) < (earlier[i] as number)) out[j++] = i;
  return out;
}

/** What {@link RecordGuard.checkColumns} finds: the valid rows and every timestamp's instants. @internal */
export interface ColumnCheck {
  readonly valid: Uint8Array;
  /** How many rows are invalid (`valid[i]` is 0). */
  readonly invalid: number;
  /** The instants of the timestamp fields read (and of those spans give); a timestamp not read has none. */
  readonly times: Readonly<Record<string, Float64Array | undefined>>;
}
