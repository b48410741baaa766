/**
 * The cells of a CSV batch read straight from its bytes into the columns the metrics' columnar
 * kernels read — timestamps and numbers into Float64Arrays, labels into dictionary codes — with no
 * string per cell. Every cell reads exactly as `cellConverter` reads its text (the same value, the
 * same `CellError`): the common forms (a timestamp `2024-01-31T09:30:00Z`, a whole number of ASCII
 * digits, `true`/`false`, a label met before) are read from the bytes; any other cell is decoded and
 * read by `cellConverter` itself.
 *
 * @module
 */
import { CellError, type ColumnSpec, cellConverter } from './columns.js';
import { convertValue } from '../records/map-rows.js';
import type { TimestampReader } from '../time/timestamp.js';

/**
 * Cells as byte ranges: cell j (the j-th read column) of row i is `bytes[starts[i*k+j], ends[i*k+j])`
 * with k = `columns.length` — for a quoted cell, the bytes between its quotes, its text with `""`
 * read as `"` where `escaped[i*k+j]` is 1.
 */
export interface ByteCells {
  readonly bytes: Buffer;
  readonly length: number;
  readonly columns: readonly number[];
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly escaped: Uint8Array | null;
}

/** A column read from bytes: numbers (NaN: missing), dictionary codes (−1: missing) or values (null: missing). */
export type ByteColumn = Float64Array | { readonly codes: Int32Array; readonly dictionary: readonly unknown[] } | readonly unknown[];

/** The text of cell `at` (an index into `starts`), as the string scanner gives it. */
export function cellText(c: ByteCells, at: number): string {
  const text = c.bytes.toString('utf8', c.starts[at], c.ends[at]);
  return c.escaped !== null && c.escaped[at] === 1 ? text.replaceAll('""', '"') : text;
}

/** The dictionary of a boolean column read from bytes (see `ByteColumnReader.flags`). */
const FLAGS: readonly boolean[] = Object.freeze([false, true]);

/** The most byte keys a label column remembers (the values of a column are usually few). */
const MAX_KEYS = 4096;
/** The most values a label column's dictionary holds; beyond, the column is read as values. */
const MAX_DICTIONARY = 65_536;

/**
 * The codes of byte strings: an open-addressing table of the keys (hashed by their length and a
 * few of their bytes — labels are short and differ at their ends), each compared byte by byte on a
 * hit. The keys' bytes are kept one after another in one array.
 */
class ByteKeys {
  private slots = new Int32Array(64).fill(-1);
  private bytes = new Uint8Array(1024);
  private used = 0;
  private starts: Int32Array<ArrayBuffer> = new Int32Array(32);
  private lengths: Int32Array<ArrayBuffer> = new Int32Array(32);
  private codes: Int32Array<ArrayBuffer> = new Int32Array(32);
  size = 0;

  /** The code of `bytes[s, e)`, or −2 when it is not a key. */
  get(bytes: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const mask = this.slots.length - 1;
    const keyBytes = this.bytes;
    for (let slot = hashOf(bytes, s, e) & mask; ; slot = (slot + 1) & mask) {
      const k = this.slots[slot] as number;
      if (k < 0) return -2;
      if (this.lengths[k] !== n) continue;
      let at = this.starts[k] as number;
      let i = s;
      while (i < e && keyBytes[at] === bytes[i]) {
        at++;
        i++;
      }
      if (i === e) return this.codes[k] as number;
    }
  }

  /** Adds the key `bytes[s, e)` (not a key yet) with its code. */
  set(bytes: Uint8Array, s: number, e: number, code: number): void {
    if (2 * (this.size + 1) > this.slots.length) this.grow();
    const k = this.size++;
    if (k >= this.starts.length) {
      this.starts = grown(this.starts);
      this.lengths = grown(this.lengths);
      this.codes = grown(this.codes);
    }
    const n = e - s;
    while (this.used + n > this.bytes.length) {
      const more = new Uint8Array(this.bytes.length * 2);
      more.set(this.bytes);
      this.bytes = more;
    }
    this.bytes.set(bytes.subarray(s, e), this.used);
    this.starts[k] = this.used;
    this.lengths[k] = n;
    this.codes[k] = code;
    this.used += n;
    this.place(k);
  }

  private place(k: number): void {
    const mask = this.slots.length - 1;
    const start = this.starts[k] as number;
    let slot = hashOf(this.bytes, start, start + (this.lengths[k] as number)) & mask;
    while ((this.slots[slot] as number) >= 0) slot = (slot + 1) & mask;
    this.slots[slot] = k;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let k = 0; k < this.size; k++) this.place(k);
  }
}

function grown(a: Int32Array): Int32Array<ArrayBuffer> {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

/** A hash of `bytes[s, e)` from its length, its first two and last two bytes and its middle one. */
function hashOf(bytes: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n === 0) return 0;
  let h = Math.imul(n, 0x9e3779b1) ^ (bytes[s] as number);
  h = Math.imul(h, 0x01000193) ^ (bytes[e - 1] as number);
  if (n > 2) {
    h = Math.imul(h, 0x01000193) ^ (bytes[s + 1] as number);
    h = Math.imul(h, 0x01000193) ^ (bytes[e - 2] as number);
    h = Math.imul(h, 0x01000193) ^ (bytes[s + (n >> 1)] as number);
  }
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * The bytes of a Buffer as a plain Uint8Array (the same memory): V8 reads a plain view's elements
 * faster, and every byte reader here then sees one type of array.
 */
function plainBytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** Whether `bytes[s, e)` starts and ends with printable ASCII (nothing to trim at either end). */
function untrimmedBytes(bytes: Uint8Array, s: number, e: number): boolean {
  if (e <= s) return false;
  const a = bytes[s] as number;
  const b = bytes[e - 1] as number;
  return a > 32 && a < 127 && b > 32 && b < 127;
}

/** The integer that 1 to 15 ASCII digits `bytes[s, e)` write, else −1. */
function digitsOf(bytes: Uint8Array, s: number, e: number): number {
  if (e <= s || e - s > 15) return -1;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = (bytes[i] as number) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Timestamps read from the bytes of column j of `c` (`parseAscii`: the common forms) into `out`,
 * NaN where a cell is in another form, empty or on a skipped row. (This and
 * {@link wholeNumbersInto} are two loops rather than one taking a reader: each calls one function.)
 */
function instantsInto(out: Float64Array, reader: TimestampReader, bytes: Uint8Array, c: ByteCells, j: number, skip: Uint8Array): void {
  const { starts, ends } = c;
  const k = c.columns.length;
  const n = out.length;
  for (let i = 0, at = j; i < n; i++, at += k) out[i] = skip[i] === 1 ? NaN : reader.parseAscii(bytes, starts[at] as number, ends[at] as number);
}

/**
 * Whole numbers of 1 to 15 ASCII digits read from the bytes of column j of `c` into `out` (times
 * `factor`, rounded, when it is not 1: a duration's unit into ms), NaN where a cell is in another
 * form, empty or on a skipped row.
 */
function wholeNumbersInto(out: Float64Array, factor: number, bytes: Uint8Array, c: ByteCells, j: number, skip: Uint8Array): void {
  const { starts, ends } = c;
  const k = c.columns.length;
  const n = out.length;
  for (let i = 0, at = j; i < n; i++, at += k) {
    const d = skip[i] === 1 ? -1 : digitsOf(bytes, starts[at] as number, ends[at] as number);
    out[i] = d < 0 ? NaN : factor === 1 ? d : Math.round(d * factor);
  }
}

/**
 * Reads one field's cells from byte batches (see the module comment). A cell that cannot be read
 * leaves its row's value missing and puts its `CellError` in `errors[i]`, unless the row has one
 * already (the first cell of a row, in the order columns are read, is the one reported).
 */
export class ByteColumnReader {
  private readonly convert: (raw: unknown) => unknown;
  /** The value of an empty cell (undefined: read each as text). */
  private readonly empty: unknown;
  /** Whether the column has missing values other than the empty cell (then every other cell is read as text). */
  private readonly general: boolean;
  /** Label columns: the byte keys met, the values and their codes; null once over the bounds. */
  private keys: ByteKeys | null = new ByteKeys();
  private readonly dictionary: unknown[] = [];
  private readonly codeOf = new Map<unknown, number>();

  constructor(
    private readonly spec: ColumnSpec,
    private readonly reader: TimestampReader,
    /** The field's values as numbers (a Float64Array), rather than as values (csat answers). */
    private readonly numeric = true,
  ) {
    this.convert = cellConverter(spec, reader);
    this.general = spec.missing.size > 0;
    this.factor = spec.kind === 'duration' ? spec.factor : 1;
    let empty: unknown;
    try {
      empty = this.convert('');
    } catch {
      empty = undefined;
    }
    this.empty = empty;
  }

  /**
   * The factor a whole number of a duration column is multiplied by (then rounded) into ms, else 1:
   * what `convertValue` makes of a non-negative whole number in this column.
   */
  private readonly factor: number;

  /** A cell read as text (decoded), its error kept; null after an error. */
  private slow(c: ByteCells, at: number, i: number, errors: (CellError | undefined)[]): unknown {
    try {
      return this.convert(cellText(c, at));
    } catch (e) {
      if (!(e instanceof CellError)) throw e;
      errors[i] ??= e;
      return null;
    }
  }

  /** Reads column j of `c` (rows where `skip` is 1 are left missing and unread). */
  read(c: ByteCells, j: number, skip: Uint8Array, errors: (CellError | undefined)[]): ByteColumn {
    switch (this.spec.kind) {
      case 'timestamp':
        return this.floats(c, j, skip, errors, true);
      case 'label':
        if (this.keys !== null) return this.labels(c, j, skip, errors);
        return this.values(c, j, skip, errors);
      case 'id':
        return this.values(c, j, skip, errors);
      case 'boolean':
        return this.flags(c, j, skip, errors);
      default:
        return this.numeric ? this.floats(c, j, skip, errors, false) : this.values(c, j, skip, errors);
    }
  }

  /**
   * Numbers (NaN: missing): timestamps' epoch ms or whole numbers' values read from the cells'
   * bytes where they are in a common form (one loop for each, each call in it of one function), then
   * every other cell read as text.
   */
  private floats(c: ByteCells, j: number, skip: Uint8Array, errors: (CellError | undefined)[], timestamps: boolean): Float64Array {
    const { starts, ends, length: n } = c;
    const bytes = plainBytes(c.bytes);
    const k = c.columns.length;
    const out = new Float64Array(n);
    const empty = this.empty === null;
    if (this.general) out.fill(NaN);
    else if (timestamps) instantsInto(out, this.reader, bytes, c, j, skip);
    else wholeNumbersInto(out, this.factor, bytes, c, j, skip);
    // The cells not read from their bytes (NaN), but for skipped rows and empty cells (missing).
    for (let i = 0, at = j; i < n; i++, at += k) {
      if (out[i] === out[i] || skip[i] === 1) continue;
      const s = starts[at] as number;
      if (ends[at] === s && empty) continue;
      const x = this.slow(c, at, i, errors);
      out[i] = typeof x === 'number' ? x : NaN;
    }
    return out;
  }

  /**
   * Booleans as dictionary codes over {@link FLAGS} (0: false, 1: true, −1: missing): `true` and
   * `false` read from their bytes, every other cell as text (`yes`, `0`, a count of reopenings).
   */
  private flags(c: ByteCells, j: number, skip: Uint8Array, errors: (CellError | undefined)[]): ByteColumn {
    const { starts, ends, length: n } = c;
    const bytes = plainBytes(c.bytes);
    const k = c.columns.length;
    const codes = new Int32Array(n);
    const fast = !this.general;
    const empty = this.empty === null;
    for (let i = 0, at = j; i < n; i++, at += k) {
      const s = starts[at] as number;
      const e = ends[at] as number;
      if (skip[i] === 1 || (e === s && empty)) codes[i] = -1;
      else if (fast && e - s === 4 && bytes[s] === 116 && bytes[s + 1] === 114 && bytes[s + 2] === 117 && bytes[s + 3] === 101) codes[i] = 1;
      else if (fast && e - s === 5 && bytes[s] === 102 && bytes[s + 1] === 97 && bytes[s + 2] === 108 && bytes[s + 3] === 115 && bytes[s + 4] === 101)
        codes[i] = 0;
      else {
        const v = this.slow(c, at, i, errors);
        codes[i] = v === true ? 1 : v === false ? 0 : -1;
      }
    }
    return { codes, dictionary: FLAGS };
  }

  /** Values (null: missing) for ids, csat answers, and label columns past the dictionary's bounds. */
  private values(c: ByteCells, j: number, skip: Uint8Array, errors: (CellError | undefined)[]): unknown[] {
    const { starts, ends, length: n } = c;
    const bytes = plainBytes(c.bytes);
    const k = c.columns.length;
    const out = new Array<unknown>(n);
    const spec = this.spec;
    const fast = !this.general;
    const text = spec.kind === 'id' || spec.kind === 'label';
    const empty = this.empty === null;
    for (let i = 0, at = j; i < n; i++, at += k) {
      if (skip[i] === 1) {
        out[i] = null;
        continue;
      }
      const s = starts[at] as number;
      const e = ends[at] as number;
      if (e === s && empty) out[i] = null;
      else if (fast && text && untrimmedBytes(bytes, s, e)) out[i] = cellText(c, at);
      else {
        const d = fast && !text ? digitsOf(bytes, s, e) : -1;
        out[i] = d >= 0 ? convertValue(spec, d) : this.slow(c, at, i, errors);
      }
    }
    return out;
  }

  /** Dictionary codes: each cell's bytes looked up among the keys met; a new key read as text once. */
  private labels(c: ByteCells, j: number, skip: Uint8Array, errors: (CellError | undefined)[]): ByteColumn {
    const { starts, ends, length: n } = c;
    const bytes = plainBytes(c.bytes);
    const k = c.columns.length;
    const keys = this.keys as ByteKeys;
    const codes = new Int32Array(n);
    for (let i = 0, at = j; i < n; i++, at += k) {
      if (skip[i] === 1) {
        codes[i] = -1;
        continue;
      }
      const s = starts[at] as number;
      const e = ends[at] as number;
      let code = keys.get(bytes, s, e);
      if (code === -2) {
        const value = this.slow(c, at, i, errors);
        if (value === null) code = -1;
        else {
          code = this.codeOf.get(value) ?? -2;
          if (code === -2) {
            code = this.dictionary.length;
            this.dictionary.push(value);
            this.codeOf.set(value, code);
          }
        }
        if (errors[i] === undefined && keys.size < MAX_KEYS) keys.set(bytes, s, e, code);
        if (this.dictionary.length > MAX_DICTIONARY) {
          // Too many values to code: this batch and the next ones as values.
          this.keys = null;
          return this.values(c, j, skip, errors);
        }
      }
      codes[i] = code;
    }
    return { codes, dictionary: this.dictionary };
  }
}

export type { ByteBatch } from './csv-bytes.js';
