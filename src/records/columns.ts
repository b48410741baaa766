/**
 * Columnar input: `{ columns: { createdAt: Float64Array, firstResponseAt: Float64Array, status:
 * { codes, dictionary }, ... } }` read as the records they stand for, without an object per
 * record. Each row is filled into one of a few reused objects and checked exactly as a record is,
 * so a metric over columns equals the metric over the same records.
 *
 * @module
 */
import { type IssueSpec, type KpiPath, KpiInputError } from '../core/errors.js';
import { ROW_CHUNK, ROW_SOURCE, type RowSource } from '../core/accumulator.js';
import { MAX_ARRAY_LENGTH, isRecord } from '../core/validate.js';
import { type FieldKind, type FieldTable } from './kind.js';

/**
 * A dictionary-coded column (labels, ids; yes/no fields as `[false, true]`): row i is
 * `dictionary[codes[i]]`; a negative code (or `null` in the dictionary) is a missing value. Arrow's
 * dictionary vectors and pandas' categoricals have this layout.
 */
export interface DictionaryColumn {
  readonly codes: ArrayLike<number>;
  readonly dictionary: readonly (string | number | boolean | null)[];
}

/**
 * A column with a validity bitmap, as Apache Arrow lays columns out: row i is missing when bit
 * `i % 8` of byte `i >> 3` of `valid` is 0 (least significant bit first).
 */
export interface MaskedColumn {
  readonly values: ArrayLike<unknown>;
  readonly valid: Uint8Array;
}

/**
 * One column: an array of the field's values (as a record holds them: `null`/`undefined` for
 * missing), a typed array of numbers (timestamps as epoch ms; `NaN` is a missing value; for a
 * boolean field 0/1), a {@link DictionaryColumn}, a {@link MaskedColumn} or an Apache Arrow vector.
 */
export type Column = ArrayLike<unknown> | DictionaryColumn | MaskedColumn | ArrowVectorLike;

/** Columns of records: field → column, every column of the same length. Fields not given are absent from every record. */
export type RecordColumns<F extends string> = { readonly [K in F]?: Column };

/** Reads row i of a column into a value of the record. */
type Cell = (i: number) => unknown;

/**
 * A column's reader: `cell(i)`, and `raw`, the column in a plain layout that columnar kernels read
 * directly — an array, a typed array or `{ codes, dictionary }` (codes checked) — or null when it
 * has no such layout (masked columns, most Arrow vectors).
 */
interface Reader {
  readonly cell: Cell;
  readonly length: number;
  readonly raw: unknown;
}

function isTyped(value: unknown): value is ArrayLike<number> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** The reader of one column, or an issue. */
/** An array longer than the bound, refused before it is read (a sparse array may claim 2^32 − 1 elements). */
function tooLong(value: ArrayLike<unknown>, path: (string | number)[]): IssueSpec | null {
  return value.length > MAX_ARRAY_LENGTH ? { code: 'out_of_range', path, input: value.length, expected: `at most ${MAX_ARRAY_LENGTH} values` } : null;
}

function cellReader(kind: FieldKind, column: unknown, path: (string | number)[], checked = false): Reader | IssueSpec {
  if ((Array.isArray(column) || isTyped(column)) && column.length > MAX_ARRAY_LENGTH) return tooLong(column, path) as IssueSpec;
  if (Array.isArray(column)) {
    const values: readonly unknown[] = column;
    return { cell: (i) => values[i], length: values.length, raw: values };
  }
  if (isTyped(column)) {
    if (column instanceof BigInt64Array || column instanceof BigUint64Array) {
      return { code: 'invalid_type', path, input: column, expected: 'a column of numbers (a Float64Array of epoch ms; not BigInt64)' };
    }
    const values = column;
    const float = column instanceof Float64Array || column instanceof Float32Array;
    if (kind === 'boolean') {
      return {
        cell: (i) => {
          const v = values[i] as number;
          return v !== v ? null : v === 1 ? true : v === 0 ? false : v;
        },
        length: values.length,
        raw: null,
      };
    }
    if (kind === 'label' || kind === 'id') {
      // Numbers as ids (customer ids); labels must be text: left to the record check.
      return float
        ? { cell: (i) => ((values[i] as number) !== (values[i] as number) ? null : values[i]), length: values.length, raw: values }
        : { cell: (i) => values[i], length: values.length, raw: values };
    }
    return float
      ? {
          cell: (i) => {
            const v = values[i] as number;
            return v !== v ? null : v;
          },
          length: values.length,
          raw: values,
        }
      : { cell: (i) => values[i], length: values.length, raw: values };
  }
  if (isRecord(column) && column['codes'] !== undefined) {
    const codes = column['codes'];
    const dictionary = column['dictionary'];
    if (!(Array.isArray(codes) || isTyped(codes)))
      return { code: 'invalid_type', path: [...path, 'codes'], input: codes, expected: 'an array of integer codes' };
    if (!Array.isArray(dictionary))
      return { code: 'invalid_type', path: [...path, 'dictionary'], input: dictionary, expected: 'an array of the values the codes stand for' };
    const c = codes as ArrayLike<number>;
    const d: readonly unknown[] = dictionary;
    const long = tooLong(c, [...path, 'codes']) ?? tooLong(d, [...path, 'dictionary']);
    if (long !== null) return long;
    // Codes gathered from checked ones are not checked again.
    for (let i = 0; i < (checked ? 0 : c.length); i++) {
      const code = c[i] as number;
      if (!(Number.isInteger(code) && code < d.length)) {
        return {
          code: 'out_of_range',
          path: [...path, 'codes', i],
          input: code,
          expected: `an integer code below ${d.length} (the dictionary's length; negative: missing)`,
        };
      }
    }
    return {
      cell: (i) => {
        const code = c[i] as number;
        return code < 0 ? null : (d[code] ?? null);
      },
      length: c.length,
      raw: { codes: c, dictionary: d },
    };
  }
  if (isRecord(column) && column['values'] !== undefined) {
    const valid = column['valid'];
    const inner = cellReader(kind, column['values'], [...path, 'values']);
    if (!('cell' in inner)) return inner;
    if (!(valid instanceof Uint8Array))
      return { code: 'invalid_type', path: [...path, 'valid'], input: valid, expected: 'a Uint8Array validity bitmap (bit i set: row i has a value)' };
    if (valid.length * 8 < inner.length) {
      return {
        code: 'inconsistent',
        path: [...path, 'valid'],
        input: valid.length,
        detail: `the validity bitmap has ${valid.length * 8} bits for ${inner.length} rows`,
      };
    }
    const get = inner.cell;
    return { cell: (i) => (((valid[i >> 3] as number) >> (i & 7)) & 1 ? get(i) : null), length: inner.length, raw: null };
  }
  if (isArrowVector(column)) return arrowReader(kind, column, path);
  return {
    code: 'invalid_type',
    path,
    input: column,
    expected: 'a column: an array, a typed array, { codes, dictionary }, { values, valid } or an Apache Arrow vector',
  };
}

/** One chunk of an Apache Arrow vector, as apache-arrow lays it out (the fields read here). */
export interface ArrowData {
  readonly offset: number;
  readonly length: number;
  readonly nullCount: number;
  readonly values?: unknown;
  readonly nullBitmap?: Uint8Array | null;
  readonly dictionary?: { toArray(): ArrayLike<unknown> } | null;
}

/**
 * An Apache Arrow vector (apache-arrow's `Vector`), recognised by its shape (kpi-kit does not
 * import apache-arrow): read in place, a chunk of doubles as its Float64Array, 64-bit timestamps in
 * ms as numbers, dictionary chunks as codes and dictionary, anything else through `get`.
 */
export interface ArrowVectorLike {
  readonly length: number;
  readonly data: readonly ArrowData[];
  get(i: number): unknown;
}
type ArrowVector = ArrowVectorLike;

function isArrowVector(value: unknown): value is ArrowVector {
  return (
    isRecord(value) && Array.isArray(value['data']) && typeof value['get'] === 'function' && typeof value['length'] === 'number' && isRecord(value['type'])
  );
}

/**
 * An Apache Arrow table (apache-arrow's `Table`), recognised by its shape: as `columns`, its
 * columns named as record fields are read (the others are left out).
 */
export interface ArrowTableLike {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly { readonly name: string }[] };
  getChild(name: string): unknown;
}
type ArrowTable = ArrowTableLike;

function isArrowTable(value: unknown): value is ArrowTable {
  if (!isRecord(value) || typeof value['getChild'] !== 'function' || typeof value['numRows'] !== 'number') return false;
  const schema = value['schema'];
  return isRecord(schema) && Array.isArray(schema['fields']);
}

/** An Arrow value as a record holds it: 64-bit integers (timestamps in ms, counts) as numbers. */
function arrowValue(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}

/**
 * The reader of an Arrow vector, in place (nothing copied): one chunk of doubles is read as the
 * Float64Array it holds (behind its validity bitmap when it has nulls), a dictionary chunk as its
 * codes and dictionary, 64-bit integers (timestamps in ms) as numbers; anything else (several
 * chunks, strings, other time units) through the vector's own `get`.
 */
function arrowReader(kind: FieldKind, vector: ArrowVector, path: (string | number)[]): Reader | IssueSpec {
  const length = vector.length;
  if (!(Number.isSafeInteger(length) && length >= 0 && length <= MAX_ARRAY_LENGTH)) {
    return { code: 'out_of_range', path, input: length, expected: `a vector of at most ${MAX_ARRAY_LENGTH} values` };
  }
  const chunk = vector.data.length === 1 ? (vector.data[0] as ArrowData) : null;
  if (chunk !== null) {
    const { offset, values, nullCount } = chunk;
    const bitmap = chunk.nullBitmap;
    const masked = (inner: Cell): Cell | null => {
      if (nullCount === 0) return inner;
      // A bitmap that starts mid-byte is left to `get`.
      if (!(bitmap instanceof Uint8Array) || offset % 8 !== 0) return null;
      const valid = bitmap.subarray(offset >> 3);
      return (i) => ((((valid[i >> 3] as number) >> (i & 7)) & 1) === 1 ? inner(i) : null);
    };
    let cell: Cell | null = null;
    if (values instanceof Float64Array && chunk.dictionary == null && kind !== 'boolean') {
      const view = values.subarray(offset, offset + length);
      // Doubles without nulls: the typed array itself (the duration metrics' columnar fast path reads it).
      if (nullCount === 0) return cellReader(kind, view, path);
      cell = masked((i) => view[i]);
    } else if (values instanceof BigInt64Array && chunk.dictionary == null && kind === 'timestamp') {
      const view = values.subarray(offset, offset + length);
      cell = masked((i) => Number(view[i]));
    } else if (
      (values instanceof Int32Array ||
        values instanceof Int16Array ||
        values instanceof Int8Array ||
        values instanceof Uint32Array ||
        values instanceof Uint16Array ||
        values instanceof Uint8Array) &&
      chunk.dictionary != null
    ) {
      const codes = values.subarray(offset, offset + length);
      const entries = chunk.dictionary.toArray();
      if (!(entries.length <= MAX_ARRAY_LENGTH))
        return { code: 'out_of_range', path, input: entries.length, expected: `a dictionary of at most ${MAX_ARRAY_LENGTH} values` };
      const dictionary = Array.from(entries, arrowValue);
      cell = masked((i) => dictionary[codes[i] as number] ?? null);
      // Without nulls, the codes and dictionary as they are (a code beyond the dictionary reads as missing, as `cell` has it).
      if (nullCount === 0 && cell !== null) {
        let inRange = true;
        for (let i = 0; i < codes.length && inRange; i++) inRange = (codes[i] as number) < dictionary.length;
        if (inRange) return { cell, length, raw: { codes, dictionary } };
      }
    }
    if (cell !== null) return { cell, length, raw: null };
  }
  return {
    cell: (i) => {
      const v = vector.get(i);
      return v === undefined ? null : arrowValue(v);
    },
    length,
    raw: null,
  };
}

/** Stores a value in one field of a row object (a named store: one per field, so each stays monomorphic). */
export type FieldSetter = (row: never, value: unknown) => void;

/**
 * How the rows of a kind are made: one class with every field (so that all rows share one shape)
 * and one setter per field. The ticket and contact kinds declare theirs; rows of other kinds are
 * plain objects filled by key.
 */
export interface RowShape {
  make(): object;
  readonly set: Readonly<Record<string, FieldSetter>>;
}

/** Fills one field of rows `start..start+n−1` into `rows[0..n−1]`. */
type Filler = (rows: readonly object[], start: number, n: number) => void;

/** The filler of one column: typed arrays, plain arrays and dictionary columns in a loop of their own, others cell by cell. */
function filler(set: (row: object, value: unknown) => void, given: unknown, cell: Cell): Filler {
  if (given instanceof Float64Array) {
    return (rows, start, n) => {
      for (let j = 0; j < n; j++) {
        const v = given[start + j] as number;
        set(rows[j] as object, v === v ? v : null);
      }
    };
  }
  if (isDictionary(given)) {
    const { codes, dictionary } = given;
    return (rows, start, n) => {
      for (let j = 0; j < n; j++) {
        const code = codes[start + j] as number;
        set(rows[j] as object, code < 0 ? null : (dictionary[code] ?? null));
      }
    };
  }
  if (Array.isArray(given)) {
    const values: readonly unknown[] = given;
    return (rows, start, n) => {
      for (let j = 0; j < n; j++) set(rows[j] as object, values[start + j]);
    };
  }
  return (rows, start, n) => {
    for (let j = 0; j < n; j++) set(rows[j] as object, cell(start + j));
  };
}

/** A dictionary column whose codes are checked (see {@link Reader}'s `raw`). */
export interface Dictionary {
  readonly codes: ArrayLike<number>;
  readonly dictionary: readonly unknown[];
}

function isDictionary(value: unknown): value is Dictionary {
  return isRecord(value) && value['codes'] !== undefined && Array.isArray(value['dictionary']);
}

/**
 * The columns of a batch of rows as columnar kernels read them: each field's column in a plain
 * layout when it has one, else only through rows. @internal
 */
export interface ColumnView {
  readonly length: number;
  /** Whether the field has a column (a field without one is absent from every row). */
  has(field: string): boolean;
  /** The field's column when it is a Float64Array (NaN: missing), else null. */
  float64(field: string): Float64Array | null;
  /** The field's column when it is dictionary-coded (codes checked; negative: missing), else null. */
  dictionary(field: string): Dictionary | null;
  /** The field's column when it is an array of the values, else null. */
  array(field: string): readonly unknown[] | null;
  /** Row i as a record of its own (for the issues of an invalid row). */
  record(i: number): Record<string, unknown>;
  /** The result of `make` for these rows, made once under `key` (what every metric of a batch would work out alike). */
  memo<T>(key: string, make: () => T): T;
  /**
   * Row i's value of the field (`undefined` where missing, and for a field without a column) from
   * a dictionary column, an array or a Float64Array; null for another layout.
   */
  values(field: string): ((i: number) => unknown) | null;
  /**
   * A boolean field's rows as states, whatever the column's layout (an array, a dictionary
   * column): {@link BOOLEAN_MISSING}, {@link BOOLEAN_FALSE}, {@link BOOLEAN_TRUE}, or
   * {@link BOOLEAN_OTHER} for a value that is not a boolean (the record check rejects its row);
   * every row missing for a field without a column; null for another layout. Made once for these
   * rows (a group of a split takes its part of the split rows').
   */
  booleans(field: string): Uint8Array | null;
  /**
   * The rows these rows are one group of, when a grouping split all of them (see
   * {@link ColumnRows.gather}); null otherwise. What is worked out for those rows once (a record
   * check) gives each group its part by {@link ColumnView.part}.
   */
  readonly whole: ColumnView | null;
  /**
   * These rows' part of `values`, an array with one value per row of {@link ColumnView.whole}: its
   * values in the split's order copied once (for every group of the split), this group's a view of
   * that copy.
   */
  part<A extends Float64Array | Uint8Array>(values: A): A;
}

/** A row's state in {@link ColumnView.booleans}: no value. */
export const BOOLEAN_MISSING = 0;
/** A row's state in {@link ColumnView.booleans}: `false`. */
export const BOOLEAN_FALSE = 1;
/** A row's state in {@link ColumnView.booleans}: `true`. */
export const BOOLEAN_TRUE = 2;
/** A row's state in {@link ColumnView.booleans}: a value that is not a boolean. */
export const BOOLEAN_OTHER = 3;

function booleanState(v: unknown): number {
  return v === undefined || v === null ? BOOLEAN_MISSING : v === true ? BOOLEAN_TRUE : v === false ? BOOLEAN_FALSE : BOOLEAN_OTHER;
}

/** `column[order[from + j]]` for j below m (each layout in a loop of its own: one element type per loop). */
function gatherFloat64(column: Float64Array, order: Int32Array, from: number, m: number): Float64Array {
  const out = new Float64Array(m);
  for (let j = 0; j < m; j++) out[j] = column[order[from + j] as number] as number;
  return out;
}

function gatherInt32(column: Int32Array, order: Int32Array, from: number, m: number): Int32Array {
  const out = new Int32Array(m);
  for (let j = 0; j < m; j++) out[j] = column[order[from + j] as number] as number;
  return out;
}

function gatherUint8(column: Uint8Array, order: Int32Array, from: number, m: number): Uint8Array {
  const out = new Uint8Array(m);
  for (let j = 0; j < m; j++) out[j] = column[order[from + j] as number] as number;
  return out;
}

function gatherCodes(column: ArrayLike<number>, order: Int32Array, from: number, m: number): Int32Array {
  const out = new Int32Array(m);
  for (let j = 0; j < m; j++) out[j] = column[order[from + j] as number] as number;
  return out;
}

/** {@link gatherFloat64} for any other typed array (a new array of its type). */
function gatherTyped(column: ArrayLike<number>, order: Int32Array, from: number, m: number): ArrayLike<number> {
  const out = new (column.constructor as new (n: number) => { [i: number]: number; length: number })(m);
  for (let j = 0; j < m; j++) out[j] = column[order[from + j] as number] as number;
  return out;
}

function gatherValues(column: readonly unknown[], order: Int32Array, from: number, m: number): unknown[] {
  const out = new Array<unknown>(m);
  for (let j = 0; j < m; j++) out[j] = column[order[from + j] as number];
  return out;
}

/** Where gathered rows take their columns from: rows `order[from]`, ... of `rows`. */
interface Gathering {
  readonly rows: ColumnRows;
  readonly order: Int32Array;
  readonly from: number;
}

/** A gathered field's column, not gathered yet (see {@link ColumnRows.gather}). */
const NOT_GATHERED: unique symbol = Symbol('not gathered');

/** Rows made from columns, filled into reused objects a chunk at a time. */
export class ColumnRows implements RowSource, ColumnView {
  readonly [ROW_SOURCE] = true as const;
  /** The reused row objects, made at the first `rows` call (a columnar kernel needs none). */
  private chunk: object[] | null = null;
  /** The fillers of the rows' fields, made at the first `rows` call. */
  private fillers: readonly Filler[] | null = null;
  private readonly make: () => object;
  private readonly size: number;

  constructor(
    readonly length: number,
    private readonly fields: readonly string[],
    /** Each field's cell reader (`undefined`: not gathered yet). */
    private readonly cells: (Cell | undefined)[],
    /** The columns as given, by field (for the kernels that read typed arrays directly); `NOT_GATHERED` until gathered. */
    private readonly columns: Record<string, unknown>,
    private readonly shape: RowShape | null,
    /** Whether issues keep the records' paths (`['tickets', i, field]`) rather than the columns'. */
    private readonly recordPaths = false,
    /** Each field's kind (to read gathered columns as the given ones are read); null: rows cannot be gathered. */
    private readonly kinds: readonly FieldKind[] | null = null,
    /** Row i's index among the rows as given (see {@link ColumnRows.gather}); null: i. */
    private readonly indices: Int32Array | null = null,
    /** The rows these are gathered from (their columns gathered field by field, when first read); null: none. */
    private readonly gathering: Gathering | null = null,
  ) {
    this.gathered = indices !== null;
    this.make = shape === null ? () => Object.fromEntries(fields.map((f) => [f, null])) : () => shape.make();
    this.size = Math.min(ROW_CHUNK, length);
  }

  readonly gathered: boolean;
  /** Results kept for these rows (see {@link ColumnRows.memo}). */
  private memos: Map<string, unknown> | null = null;
  /** Typed arrays of these rows (columns, checks) in the order of a split of them (see {@link ColumnRows.ordered}): by the split's order, then by array. */
  private orderedArrays: Map<Int32Array, Map<ArrayLike<number>, ArrayLike<number>>> | null = null;

  /**
   * The result of `make` for these rows, made once under `key`: what every accumulator of a batch
   * would work out alike (the groups of a grouping and their rows) is worked out once per batch.
   */
  memo<T>(key: string, make: () => T): T {
    this.memos ??= new Map();
    const kept = this.memos.get(key);
    if (kept !== undefined || this.memos.has(key)) return kept as T;
    const value = make();
    this.memos.set(key, value);
    return value;
  }

  index(i: number): number {
    return this.indices === null ? i : (this.indices[i] as number);
  }

  /**
   * Rows `order[from]`, ..., `order[to − 1]` as rows of their own, each keeping its index (see
   * {@link ColumnRows.index}), read as the given ones are. Each column is gathered when first read
   * (typed arrays, dictionary codes and arrays copied; other layouts read cell by cell): a field
   * no metric reads is not copied. Every row in order gives these rows themselves. How a grouping
   * hands each group its rows as columns.
   */
  gather(order: Int32Array, from: number, to: number): ColumnRows {
    const kinds = this.kinds;
    if (kinds === null) throw new Error('kpi-kit internal error: these rows cannot be gathered');
    const m = to - from;
    // Every row, in order (a batch within one period, or of one segment): these rows themselves,
    // with what is already worked out for them.
    if (m === this.length) {
      let same = true;
      for (let j = 0; j < m && same; j++) same = order[from + j] === j;
      if (same) return this;
    }
    const indices = order.slice(from, to);
    const own = this.indices;
    if (own !== null) for (let j = 0; j < m; j++) indices[j] = own[indices[j] as number] as number;
    const columns: Record<string, unknown> = {};
    for (const field of this.fields) columns[field] = NOT_GATHERED;
    return new ColumnRows(m, this.fields, new Array<Cell | undefined>(this.fields.length), columns, this.shape, this.recordPaths, kinds, indices, {
      rows: this,
      order,
      from,
    });
  }

  /** Field k's column (gathered now when it is not yet), as given. */
  private column(k: number): unknown {
    const field = this.fields[k] as string;
    const value = this.columns[field];
    return value === NOT_GATHERED ? this.gatherColumn(k) : value;
  }

  /** Field k's cell reader (its column gathered now when it is not yet). */
  private cell(k: number): Cell {
    if (this.cells[k] === undefined) this.gatherColumn(k);
    return this.cells[k] as Cell;
  }

  /**
   * Field k's typed column (or dictionary codes) in the order `order` of all these rows (see
   * {@link ColumnRows.orderedArray}); `null` when the column is not typed.
   */
  private ordered(k: number, order: Int32Array): ArrayLike<number> | null {
    const given = this.column(k);
    const typed = isTyped(given) ? given : isDictionary(given) && given.codes instanceof Int32Array ? given.codes : null;
    return typed === null ? null : this.orderedArray(typed, order);
  }

  /**
   * `typed` (one value per row of these rows) in the order `order` of all these rows: copied once
   * for every group of a split (each group's part is a view of it, no copy of its own), kept per
   * order and array.
   */
  private orderedArray(typed: ArrayLike<number>, order: Int32Array): ArrayLike<number> {
    this.orderedArrays ??= new Map();
    let arrays = this.orderedArrays.get(order);
    if (arrays === undefined) {
      arrays = new Map();
      this.orderedArrays.set(order, arrays);
    }
    let out = arrays.get(typed);
    if (out === undefined) {
      const n = order.length;
      out =
        typed instanceof Float64Array
          ? gatherFloat64(typed, order, 0, n)
          : typed instanceof Int32Array
            ? gatherInt32(typed, order, 0, n)
            : typed instanceof Uint8Array
              ? gatherUint8(typed, order, 0, n)
              : gatherTyped(typed, order, 0, n);
      arrays.set(typed, out);
    }
    return out;
  }

  get whole(): ColumnRows | null {
    const g = this.gathering;
    return g !== null && g.order.length === g.rows.length ? g.rows : null;
  }

  part<A extends Float64Array | Uint8Array>(values: A): A {
    const g = this.gathering;
    if (g === null || g.order.length !== g.rows.length || values.length !== g.rows.length) {
      throw new Error('kpi-kit internal error: a part of values asked of rows that are not a group of them');
    }
    return (g.rows.orderedArray(values, g.order) as A).subarray(g.from, g.from + this.length) as A;
  }

  /** Gathers field k's column from the rows these were gathered from; returns it. */
  private gatherColumn(k: number): unknown {
    const { rows, order, from } = this.gathering as Gathering;
    const field = this.fields[k] as string;
    const m = this.length;
    const given = rows.column(k);
    let raw: unknown;
    // A split of all the rows (a grouping's): typed columns copied once into the split's order,
    // each group's a part of it (one copy and one array per column and split, not per group).
    const whole = order.length === rows.length ? rows.ordered(k, order) : null;
    const part = whole === null ? null : (whole as unknown as { subarray(a: number, b: number): ArrayLike<number> }).subarray(from, from + m);
    if (given instanceof Float64Array) raw = part ?? gatherFloat64(given, order, from, m);
    else if (isTyped(given)) raw = part ?? gatherTyped(given, order, from, m);
    else if (isDictionary(given)) {
      raw = {
        codes: part ?? (given.codes instanceof Int32Array ? gatherInt32(given.codes, order, from, m) : gatherCodes(given.codes, order, from, m)),
        dictionary: given.dictionary,
      };
    } else if (Array.isArray(given)) raw = gatherValues(given, order, from, m);
    else {
      const read = rows.cell(k);
      const out = new Array<unknown>(m);
      for (let j = 0; j < m; j++) out[j] = read(order[from + j] as number);
      raw = out;
    }
    const r = cellReader((this.kinds as readonly FieldKind[])[k] as FieldKind, raw, ['columns', field], true) as Reader;
    this.columns[field] = r.raw;
    this.cells[k] = r.cell;
    return r.raw;
  }

  /** Field `field`'s column as given (gathered now when it is not yet); `undefined` without one. */
  private columnOf(field: string): unknown {
    const value = this.columns[field];
    return value === NOT_GATHERED ? this.gatherColumn(this.fields.indexOf(field)) : value;
  }

  rows(start: number, end: number): ArrayLike<unknown> {
    this.chunk ??= Array.from({ length: this.size }, this.make);
    this.fillers ??= this.fields.map((field, k) => {
      const named = this.shape?.set[field] as ((row: object, value: unknown) => void) | undefined;
      const set =
        named ??
        ((row: object, value: unknown): void => {
          (row as Record<string, unknown>)[field] = value;
        });
      return filler(set, this.column(k), this.cell(k));
    });
    const { chunk, fillers } = this;
    const n = end - start;
    for (let k = 0; k < fillers.length; k++) (fillers[k] as Filler)(chunk, start, n);
    return n === chunk.length ? chunk : chunk.slice(0, n);
  }

  /** Row i as a record of its own (not reused). */
  record(i: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.fields.forEach((field, k) => {
      out[field] = this.cell(k)(i);
    });
    return out;
  }

  path(path: KpiPath, index: number, row: number): KpiPath {
    if (this.recordPaths) return path;
    // [collection, index, field, ...rest] → ['columns', field, row, ...rest]; [collection, index] → ['columns', row].
    if (path.length >= 2 && path[1] === index) {
      const field = path[2];
      return typeof field === 'string' ? ['columns', field, row, ...path.slice(3)] : ['columns', row, ...path.slice(2)];
    }
    return path;
  }

  has(field: string): boolean {
    return Object.hasOwn(this.columns, field);
  }

  /** The column of `field` when it is a Float64Array (epoch ms or ms, NaN for missing), else null. */
  float64(field: string): Float64Array | null {
    const c = this.columnOf(field);
    return c instanceof Float64Array ? c : null;
  }

  dictionary(field: string): Dictionary | null {
    const c = this.columnOf(field);
    return isDictionary(c) ? c : null;
  }

  array(field: string): readonly unknown[] | null {
    const c = this.columnOf(field);
    return Array.isArray(c) ? c : null;
  }

  booleans(field: string): Uint8Array | null {
    return this.memo(`booleans ${field}`, () => {
      const n = this.length;
      if (!this.has(field)) return new Uint8Array(n);
      const whole = this.whole;
      const all = whole === null ? null : whole.booleans(field);
      if (all !== null) return this.part(all);
      const out = new Uint8Array(n);
      const dict = this.dictionary(field);
      if (dict !== null) {
        const entry = Uint8Array.from(dict.dictionary, booleanState);
        const { codes } = dict;
        for (let i = 0; i < n; i++) {
          const code = codes[i] as number;
          out[i] = code < 0 ? BOOLEAN_MISSING : (entry[code] as number);
        }
        return out;
      }
      const arr = this.array(field);
      if (arr === null) return null;
      for (let i = 0; i < n; i++) out[i] = booleanState(arr[i]);
      return out;
    });
  }

  values(field: string): ((i: number) => unknown) | null {
    if (!this.has(field)) return () => undefined;
    const dict = this.dictionary(field);
    if (dict !== null) {
      const { codes, dictionary } = dict;
      return (i) => ((codes[i] as number) < 0 ? undefined : dictionary[codes[i] as number]);
    }
    const arr = this.array(field);
    if (arr !== null) return (i) => arr[i];
    const col = this.float64(field);
    return col === null ? null : (i) => (col[i] !== col[i] ? undefined : col[i]);
  }
}

/**
 * Rows known only by how a grouping splits them (see {@link ColumnRows.memo}): `length` rows whose
 * groups under `key` are `groups`, each already rows of its own. What a grouping of groups hands
 * its inner grouping (a period its segments), so that each row is gathered once, into its inner
 * group. Any other reading of these rows is an internal error: they have no columns.
 * @internal
 */
export class SplitRows extends ColumnRows {
  constructor(
    length: number,
    private readonly key: string,
    groups: unknown,
  ) {
    super(length, [], [], {}, null, true, [], null);
    super.memo(key, () => groups);
  }

  override memo<T>(key: string, make: () => T): T {
    if (key !== this.key) return noColumns();
    return super.memo(key, make);
  }

  override rows(): never {
    return noColumns();
  }

  override record(): never {
    return noColumns();
  }

  override gather(): never {
    return noColumns();
  }

  override has(): never {
    return noColumns();
  }
}

function noColumns(): never {
  throw new Error('kpi-kit internal error: rows split by a grouping were read as columns');
}

/**
 * The rows of `{ columns }` for a metric over records of `fields` (the kind's field table):
 * every key a field, every column readable and of one length. `checked`: dictionary codes made by
 * the caller itself, known to be in range, are not checked again.
 * @throws {@link KpiInputError} at `['columns', field]`.
 * @internal
 */
export function columnRows(fn: string, fields: FieldTable, given: unknown, shape: RowShape | null = null, recordPaths = false, checked = false): ColumnRows {
  let columns = given;
  if (isArrowTable(given)) {
    // An Arrow table: its columns named as record fields (others are left out).
    const table: ArrowTable = given;
    const picked: Record<string, unknown> = {};
    for (const { name } of table.schema.fields) if (Object.hasOwn(fields, name)) picked[name] = table.getChild(name);
    if (Object.keys(picked).length === 0 && table.numRows > 0) {
      throw new KpiInputError(fn, [
        {
          code: 'invalid_value',
          path: ['columns'],
          input: table.schema.fields.map((f) => f.name),
          detail: `no column of the Arrow table is named as a field (fields: ${Object.keys(fields).join(', ')})`,
        },
      ]);
    }
    columns = picked;
  }
  if (!isRecord(columns))
    throw new KpiInputError(fn, [{ code: 'invalid_type', path: ['columns'], input: columns, expected: 'an object (field → column) or an Apache Arrow table' }]);
  const names: string[] = [];
  const kinds: FieldKind[] = [];
  const cells: Cell[] = [];
  const raws: unknown[] = [];
  let length = -1;
  let first = '';
  const issues: IssueSpec[] = [];
  for (const [field, column] of Object.entries(columns)) {
    if (!Object.hasOwn(fields, field)) {
      issues.push({
        code: 'invalid_value',
        path: ['columns', field],
        input: column,
        detail: `columns.${field} is not a field (fields: ${Object.keys(fields).join(', ')})`,
      });
      continue;
    }
    if (column === undefined) continue;
    const r = cellReader(fields[field] as FieldKind, column, ['columns', field], checked);
    if (!('cell' in r)) {
      issues.push(r);
      continue;
    }
    if (r.length > MAX_ARRAY_LENGTH) {
      issues.push({ code: 'out_of_range', path: ['columns', field], input: r.length, expected: `at most ${MAX_ARRAY_LENGTH} rows` });
      continue;
    }
    if (length < 0) {
      length = r.length;
      first = field;
    } else if (r.length !== length) {
      issues.push({
        code: 'inconsistent',
        path: ['columns', field],
        input: r.length,
        detail: `columns.${field} has ${r.length} rows, columns.${first} ${length}: every column needs one value per row`,
      });
      continue;
    }
    names.push(field);
    kinds.push(fields[field] as FieldKind);
    cells.push(r.cell);
    raws.push(r.raw);
  }
  if (issues.length > 0) throw new KpiInputError(fn, issues);
  return new ColumnRows(Math.max(0, length), names, cells, Object.fromEntries(names.map((name, k) => [name, raws[k]])), shape, recordPaths, kinds);
}

/**
 * The input of a record metric with its `columns` form made records: `{ columns, ...rest }` becomes
 * `{ [collection]: rows, ...rest }` (the rows read from the columns), so the metric goes on as with
 * records; any other input is returned as it is. Both forms at once are refused.
 * @throws {@link KpiInputError} for a malformed `columns` (see {@link columnRows}), or for
 *   `columns` given with the records.
 * @internal
 */
export function withColumns(
  fn: string,
  kind: { readonly collection: string; readonly fields: FieldTable; readonly rowShape?: RowShape | undefined },
  input: Record<string, unknown>,
): Record<string, unknown> {
  const columns = input['columns'];
  if (columns === undefined) return input;
  if (input[kind.collection] !== undefined) {
    throw new KpiInputError(fn, [{ code: 'ambiguous', path: [], input, detail: `${fn} takes ${kind.collection} or columns, not both` }]);
  }
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (key !== 'columns') rest[key] = value;
  rest[kind.collection] = columnRows(fn, kind.fields, columns, kind.rowShape ?? null);
  return rest;
}
