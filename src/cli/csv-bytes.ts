/**
 * A CSV row scanner over bytes: it finds the rows of a stream and the byte offsets of the selected
 * cells, with no string per cell, and reads exactly what the string scanner ({@link CsvScanner},
 * through `csvRangeBatches`) reads: the same rows, cells, row numbers, lines and errors.
 *
 * Rows are found in a reused buffer of a few MiB: each fill copies the incoming chunks in after the
 * partial last row of the previous fill, then the complete rows are scanned. A row without quotes is
 * scanned by one loop over its bytes; a quoted field's closing quote is found by `indexOf`. What the
 * scan does not read itself — broken quoting (a quote inside an unquoted field, text after a closing
 * quote, a quote never closed), a row of {@link MAX_BYTE_ROW_BYTES} bytes or more (which may be over
 * the string scanner's bounds), a delimiter that is not one ASCII character — is handed over whole:
 * the rows scanned before are given, then everything from that row's start on (its bytes, then the
 * rest of the stream) is read by the string path, which gives its rows and its exact errors. Memory
 * stays flat: the buffer never holds more than its capacity.
 *
 * @internal
 * @module
 */
import { type ByteIndex, type IndexKernel, byteIndex } from './byte-index.js';
import { CsvScanner } from './csv-scan.js';
import { type CsvRangeOptions, type RecordBatch, csvRangeBatches } from './input.js';

/**
 * Rows scanned from bytes. Row i is row `firstRow + i` of the file; cell j (the j-th of `columns`)
 * of row i is `bytes[starts[i*k+j], ends[i*k+j])` with k = `columns.length`.
 * @internal
 */
export interface ByteBatch {
  /** Tells a batch of byte offsets from a {@link RecordBatch} of string cells. */
  readonly kind: 'bytes';
  /** The bytes the offsets point into: valid until the consumer asks for the next batch (the reader may reuse the buffer then). */
  readonly bytes: Buffer;
  /** Rows in the batch; row i is row firstRow + i of the file (1-based, header excluded; consecutive). */
  readonly length: number;
  /** The number of the batch's first row (1-based, header excluded). */
  readonly firstRow: number;
  /** The selected columns (indexes into the header), in ascending order; k = columns.length. */
  readonly columns: readonly number[];
  /** Cell j (the j-th selected column) of row i starts at `starts[i*k+j]` in `bytes`: for a quoted cell, the byte after its opening quote. */
  readonly starts: Int32Array;
  /** Cell j of row i ends (exclusive) at `ends[i*k+j]` in `bytes`: for a quoted cell, at its closing quote. */
  readonly ends: Int32Array;
  /** null when no cell of the batch had a doubled quote; else 1 at i*k+j where the cell's text is bytes.toString('utf8', s, e).replaceAll('""', '"'). */
  readonly escaped: Uint8Array | null;
  /** Rows whose number of fields is not the header's: index i → every cell of the row, as CsvScanner gives such a row; null when none (starts/ends of such rows: unspecified). */
  readonly odd: ReadonlyMap<number, readonly string[]> | null;
}

/**
 * What {@link csvByteBatches} reads: the same as `csvRangeBatches` (the input starts at a row start,
 * with no byte order mark, and its row end is known).
 * @internal
 */
export type CsvByteOptions = CsvRangeOptions;

/**
 * A row of this many bytes or more (its row end not counted) is read by the string path: a row
 * under it is under both of the string scanner's bounds (a character is at least one byte).
 * @internal
 */
export const MAX_BYTE_ROW_BYTES = 1024 * 1024;

/**
 * The sizes a byte scan works with (smaller ones test the refills and handovers on small inputs).
 * @internal
 */
export interface ByteScanLimits {
  /** Bytes the buffer holds (default 4 MiB). */
  readonly capacity?: number;
  /** A row of this many bytes or more (its row end not counted) is read by the string path; at most `capacity` (default {@link MAX_BYTE_ROW_BYTES}). */
  readonly maxRowBytes?: number;
  /** Bytes indexed at a time (default {@link INDEX_BLOCK}). */
  readonly block?: number;
  /** How the structural bytes are found (default: the WebAssembly kernel where it runs). */
  readonly kernel?: IndexKernel;
}

/** Bytes the scanner's buffer holds: room for a row at the bound and a few MiB of rows after it. */
const CAPACITY = 4 * 1024 * 1024;
/** Bytes whose structural bytes are indexed at a time (their positions take four times as many). */
const INDEX_BLOCK = 64 * 1024;
/** The most rows in one batch (a batch's offsets are `rows × columns` integers). */
const MAX_BATCH_ROWS = 65_536;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** {@link RowScanner.quotedRow}: the row may go on after the buffer. */
const MORE = -1;
/** {@link RowScanner.quotedRow}: the row's quoting is broken. */
const BROKEN = -2;

/** Why a scan of the buffer stopped. */
const enum Stop {
  /** The batch is full. */
  Full = 0,
  /** The buffer holds no more complete rows (more input is needed). */
  More = 1,
  /** The input is read to its end. */
  Done = 2,
  /** The row at `pos` is for the string path. */
  Handover = 3,
}

/**
 * Where a CSV header ends (see {@link findHeaderEnd}).
 * @internal
 */
export interface HeaderEnd {
  /** The first byte after the header's row end. */
  readonly dataStart: number;
  /** The header's row end: the file's. */
  readonly rowEnd: 'lf' | 'crlf';
  /** Lines of the header, its row end included (1 unless a header cell holds a line break). */
  readonly headerLines: number;
}

/**
 * Where the header of a CSV text ends, from its first bytes (`head`): its first row end outside
 * quotes, which must be an LF or a CRLF. Null
 * when it cannot be told from `head` (no row end in it, a CR last) or the text is not of that kind
 * (a CR-only row end, an empty line or nothing before the header). Quotes are counted as they come
 * (a `""` twice): a row end inside quotes is text.
 * @internal
 */
export function findHeaderEnd(head: Uint8Array): HeaderEnd | null {
  const n = head.length;
  let i = n >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  if (i >= n || head[i] === LF || head[i] === CR) return null;
  let quoted = false;
  // Line ends so far, counted as LF ends lines and as CRLF does (the header's own row end decides).
  let lines = 0;
  let crlfLines = 0;
  let prev = -1;
  for (; i < n; i++) {
    const c = head[i] as number;
    if (c === QUOTE) quoted = !quoted;
    else if (c === LF) {
      lines++;
      if (prev === CR) crlfLines++;
      if (!quoted) return { dataStart: i + 1, rowEnd: prev === CR ? 'crlf' : 'lf', headerLines: prev === CR ? crlfLines : lines };
    } else if (c === CR && !quoted && (i + 1 >= n || head[i + 1] !== LF)) return null;
    prev = c;
  }
  return null;
}

/**
 * The scan of rows into a batch's offsets: the state kept between fills of the buffer (the batch
 * being filled, the current line).
 */
class RowScanner {
  /** Rows in the batch. */
  length = 0;
  /** The line of the next row's start. */
  line: number;
  /** Where the scan stopped: the start of the first row not scanned. */
  pos = 0;
  starts: Int32Array;
  ends: Int32Array;
  /** Doubled quotes by cell; `dirty` when some cell of the batch has one. */
  escaped: Uint8Array | null = null;
  dirty = false;
  odd: Map<number, string[]> | null = null;
  readonly columns: readonly number[];
  private readonly k: number;
  /** For each field of a row of the header's width: its place among the selected cells, or −1. */
  private readonly slot: Int32Array;
  private readonly width: number;
  private readonly d: number;
  /** Bytes above this are none of the delimiter, a quote, an LF. */
  private readonly plain: number;
  private readonly crlf: boolean;
  private readonly size: number;

  constructor(
    private readonly o: CsvByteOptions,
    /** A row of this many bytes or more is for the string path. */
    private readonly maxRow: number,
    /** The positions of the structural bytes of the buffer scanned (its memory). */
    private readonly index: ByteIndex,
  ) {
    this.width = o.width;
    const columns = o.columns === null ? Array.from({ length: o.width }, (_, c) => c) : [...new Set(o.columns)].filter((c) => c >= 0 && c < o.width);
    columns.sort((a, b) => a - b);
    this.columns = columns;
    this.k = columns.length;
    this.slot = new Int32Array(o.width).fill(-1);
    columns.forEach((c, j) => (this.slot[c] = j));
    this.d = o.delimiter.charCodeAt(0);
    this.plain = Math.max(this.d, QUOTE, LF);
    this.crlf = o.rowEnd === 'crlf';
    this.size = Math.max(1, Math.min(o.size, MAX_BATCH_ROWS));
    this.starts = new Int32Array(this.size * this.k);
    this.ends = new Int32Array(this.size * this.k);
    this.line = o.firstLine;
  }

  /** Starts a new batch (the previous one is read). */
  reset(): void {
    this.length = 0;
    this.odd = null;
    if (this.dirty) (this.escaped as Uint8Array).fill(0);
    this.dirty = false;
  }

  /** Marks cell `at` as holding doubled quotes. */
  private escape(at: number): void {
    (this.escaped ??= new Uint8Array(this.size * this.k))[at] = 1;
    this.dirty = true;
  }

  /** Every cell of the row `buf[from, to)` (its row end included, if any), as the string scanner reads it. */
  private cellsOf(buf: Buffer, from: number, to: number): string[] {
    const scanner = new CsvScanner({ delimiter: this.o.delimiter, rowEnd: this.o.rowEnd, bom: false });
    scanner.write(buf.subarray(from, to));
    scanner.end();
    return scanner.rows[0] as string[];
  }

  /**
   * Scans the rows of `buf[pos, end)` into the batch, until it is full or no complete row is left
   * (`final`: the input ends at `end`). `buf[end]` must be writable (a line feed is put there to end
   * the loop over a row's bytes) and `buf[end + 1]` too (a quote, for `indexOf`).
   */
  scan(buf: Buffer, end: number, final: boolean): Stop {
    buf[end] = LF;
    buf[end + 1] = QUOTE;
    const { d, crlf, slot, width, k, starts, ends, size, index } = this;
    // (A plain view of the bytes: V8 reads it faster than a Buffer.)
    const u8 = new Uint8Array(buf.buffer, buf.byteOffset, end + 2);
    const at = index.positions;
    const block = index.block;
    let n = this.length;
    let line = this.line;
    let i = this.pos;
    // The structural bytes from `i` on: their positions are at[p...] up to −1, which is where
    // [i, indexed) ends (the LF put at `end` is the last one).
    let indexed = Math.min(i + block, end + 1);
    index.build(i, indexed, d);
    let p = 0;
    let stop = Stop.Full;
    while (n < size) {
      const rs = i;
      const base = n * k;
      let f = 0;
      let fs = i;
      // The row's content ends at re (its row end excluded); the next row starts at next.
      let re: number;
      let next: number;
      for (;;) {
        const q = at[p] as number;
        if (q < 0) {
          // The positions so far are read: the next block's.
          const from = indexed;
          // (The LF put at the end ends every row: the scan never goes past it.)
          if (from > end) throw new Error('kpi-kit internal error: the byte scan went past the end of its buffer');
          indexed = Math.min(from + block, end + 1);
          index.build(from, indexed, d);
          p = 0;
          continue;
        }
        p++;
        i = q;
        const c = u8[i] as number;
        if (c === d) {
          const s = f < width ? (slot[f] as number) : -1;
          if (s >= 0) {
            starts[base + s] = fs;
            ends[base + s] = i;
          }
          f++;
          fs = ++i;
        } else if (c === LF) {
          // (The byte before a row's start is never a CR: a row starts after an LF or at the buffer's start.)
          if (i === end || !crlf || u8[i - 1] === CR) break;
          // A line feed alone in a CRLF file: field text.
          i++;
        } else {
          // A quote. At a field's start, a quoted field with only delimiters inside (no doubled
          // quote, no line break), closed and followed by a delimiter, is read here, from the
          // positions; any other is read by the quote-aware scan (and a quote elsewhere is broken).
          if (i !== fs) break;
          let r = p;
          let close = -1;
          for (;;) {
            const x = at[r] as number;
            if (x < 0) break;
            r++;
            const cx = u8[x] as number;
            if (cx === QUOTE) {
              close = x;
              break;
            }
            if (cx !== d) break;
          }
          if (close < 0 || u8[close + 1] !== d || at[r] !== close + 1) break;
          const s = f < width ? (slot[f] as number) : -1;
          if (s >= 0) {
            starts[base + s] = i + 1;
            ends[base + s] = close;
          }
          f++;
          i = fs = close + 2;
          p = r + 1;
        }
      }
      const quoted = u8[i] === QUOTE;
      if (quoted) {
        // A quote: at a field's start, the row is read on by the quote-aware scan; else it is broken.
        next = i === fs ? this.quotedRow(buf, u8, i, f, end, final, base) : BROKEN;
        if (next < 0) {
          stop = next === MORE && end - rs < this.maxRow ? Stop.More : Stop.Handover;
          i = rs;
          break;
        }
        f = this.fields;
        re = this.rowEnd;
        // The positions read on from the next row (a block from there when it starts after the indexed ones).
        if (next >= indexed) {
          indexed = Math.min(next + block, end + 1);
          index.build(next, indexed, d);
          p = 0;
        } else while ((at[p] as number) >= 0 && (at[p] as number) < next) p++;
      } else {
        if (i === end) {
          // The end of the buffer: the row ends here only when the input does.
          if (!final || i === rs) {
            stop = final ? Stop.Done : end - rs >= this.maxRow ? Stop.Handover : Stop.More;
            i = rs;
            break;
          }
          re = next = end;
          // The next "row" starts at the LF put at the end: its position is read again.
          p--;
        } else {
          re = crlf ? i - 1 : i;
          next = i + 1;
          if (re === rs) {
            // An empty line: a line, not a row.
            line++;
            i = next;
            continue;
          }
        }
        const s = f < width ? (slot[f] as number) : -1;
        if (s >= 0) {
          starts[base + s] = fs;
          ends[base + s] = re;
        }
        f++;
      }
      // A row is read: [rs, re), its f fields.
      if (re - rs >= this.maxRow) {
        stop = Stop.Handover;
        i = rs;
        break;
      }
      if (f !== width) (this.odd ??= new Map()).set(n, this.cellsOf(buf, rs, next));
      n++;
      line += quoted ? 1 + this.inner : 1;
      i = next;
    }
    this.length = n;
    this.line = line;
    this.pos = i;
    return stop;
  }

  /** What {@link RowScanner.quotedRow} found: the row's fields, where its content ends, the line breaks inside its quotes. */
  private fields = 0;
  private rowEnd = 0;
  private inner = 0;

  /**
   * Scans the rest of a row from its field `f`, at `from` (a quoted field), with quotes read: its
   * cells go to the batch at `base`. Returns where the next row starts, or {@link MORE} when the row
   * may go on after `end`, or {@link BROKEN} when its quoting is broken. `u8` is a view of `buf`; as
   * in `scan`, `buf[end]` is an LF and `buf[end + 1]` a quote.
   */
  private quotedRow(buf: Buffer, u8: Uint8Array, from: number, f: number, end: number, final: boolean, base: number): number {
    const { d, plain, crlf, slot, width, starts, ends } = this;
    let inner = 0;
    let i = from;
    for (;;) {
      // A field starts at i: its text is [s, e), and `a` is the byte after it (or after its closing quote).
      let s = i;
      let e: number;
      let a: number;
      let escaped = false;
      if (u8[i] === QUOTE) {
        // Quoted: its closing quote is a quote not followed by another.
        let j = i + 1;
        let q: number;
        for (;;) {
          q = buf.indexOf(QUOTE, j);
          if (q + 1 >= end || u8[q + 1] !== QUOTE) break;
          escaped = true;
          j = q + 2;
        }
        // Never closed in the buffer: more input may close it; at the input's end, it is broken.
        if (q >= end) return final ? BROKEN : MORE;
        // Line breaks inside the quotes: the row end's sequence.
        for (let b = buf.indexOf(LF, i + 1); b < q; b = buf.indexOf(LF, b + 1)) if (!crlf || (b - 1 > i && u8[b - 1] === CR)) inner++;
        s = i + 1;
        e = q;
        a = q + 1;
      } else {
        // Unquoted: up to a delimiter, the row end or the buffer's end; a quote in it is broken.
        let j = i;
        for (;;) {
          const c = u8[j] as number;
          if (c > plain) {
            j++;
            continue;
          }
          if (c === d) break;
          if (c === QUOTE) return BROKEN;
          if (c === LF && (j === end || !crlf || u8[j - 1] === CR)) break;
          j++;
        }
        e = a = crlf && j < end && u8[j] === LF ? j - 1 : j;
      }
      const slotted = f < width ? (slot[f] as number) : -1;
      if (slotted >= 0) {
        starts[base + slotted] = s;
        ends[base + slotted] = e;
        if (escaped) this.escape(base + slotted);
      }
      f++;
      // What follows the field: a delimiter, a row end, the input's end.
      let next: number;
      if (a >= end) {
        if (!final) return MORE;
        next = end;
      } else {
        const c = u8[a];
        if (c === d) {
          i = a + 1;
          continue;
        }
        if (!crlf && c === LF) next = a + 1;
        else if (crlf && c === CR && a + 1 < end && u8[a + 1] === LF) next = a + 2;
        else if (crlf && c === CR && a + 1 >= end && !final) return MORE;
        else return BROKEN;
      }
      this.fields = f;
      this.rowEnd = a;
      this.inner = inner;
      return next;
    }
  }
}

/**
 * The rows of a CSV byte stream that starts at a row start (after the header, or at a range's
 * start), as {@link ByteBatch}es of up to `o.size` rows — the same rows, cells, row numbers and
 * problems as `csvRangeBatches` gives over the same bytes. From a row the scan does not read itself
 * on (see the module), the rest is read by `csvRangeBatches` and its {@link RecordBatch}es are
 * given; its errors are thrown as they are. The consumer asks for the next batch only after it has
 * read the previous one (its buffer and offsets are reused). `limits`: the buffer's size, the row
 * bound, how many bytes are indexed at a time and by which kernel (see {@link ByteScanLimits}).
 * @throws `InputError` (from the string path) on broken quoting or a row or field over its bound.
 * @internal
 */
export async function* csvByteBatches(
  chunks: AsyncIterable<Uint8Array>,
  o: CsvByteOptions,
  limits: ByteScanLimits = {},
): AsyncGenerator<ByteBatch | RecordBatch> {
  const { capacity = CAPACITY, maxRowBytes = MAX_BYTE_ROW_BYTES } = limits;
  if (!(maxRowBytes >= 1 && maxRowBytes <= capacity)) throw new RangeError('maxRowBytes must be from 1 to capacity');
  const d = o.delimiter.charCodeAt(0);
  if (o.delimiter.length !== 1 || d >= 0x80 || d === QUOTE || d === LF || d === CR) {
    // Not one ASCII character (or not a delimiter at all: the string path says so).
    yield* csvRangeBatches(chunks, o);
    return;
  }
  const it = chunks[Symbol.asyncIterator]();
  // The buffer, with room for the LF and the quote that `scan` puts after its bytes.
  const index = byteIndex(capacity + 2, limits.block ?? INDEX_BLOCK, limits.kernel);
  const buf = index.buffer;
  const scanner = new RowScanner(o, maxRowBytes, index);
  let end = 0;
  // A chunk not yet copied whole into the buffer, from `taken` on.
  let pending: Uint8Array | null = null;
  let taken = 0;
  let ended = false;
  let row = o.firstRow;
  let handedOver = false;
  try {
    for (;;) {
      // Keep the partial row, then fill the buffer (or up to the input's end).
      const keep = scanner.pos;
      if (keep > 0) buf.copyWithin(0, keep, end);
      end -= keep;
      scanner.pos = 0;
      while (end < capacity) {
        if (pending === null) {
          if (ended) break;
          const r = await it.next();
          if (r.done === true) {
            ended = true;
            break;
          }
          pending = r.value;
          taken = 0;
        }
        const count = Math.min(pending.length - taken, capacity - end);
        buf.set(pending.subarray(taken, taken + count), end);
        end += count;
        taken += count;
        if (taken >= pending.length) pending = null;
      }
      const final = ended && pending === null;
      let stop: Stop;
      do {
        stop = scanner.scan(buf, end, final);
        // (Rows are given before the buffer is refilled: their offsets would move.)
        if (scanner.length > 0) {
          const { length, columns, starts, ends, dirty, escaped, odd } = scanner;
          yield { kind: 'bytes', bytes: buf, length, firstRow: row, columns, starts, ends, escaped: dirty ? escaped : null, odd };
          row += length;
          scanner.reset();
        }
      } while (stop === Stop.Full);
      if (stop === Stop.Done) return;
      if (stop === Stop.Handover) {
        handedOver = true;
        const rest = restOf(Buffer.from(buf.subarray(scanner.pos, end)), pending?.subarray(taken) ?? null, it);
        yield* csvRangeBatches(rest, { ...o, firstRow: row, firstLine: scanner.line });
        return;
      }
    }
  } finally {
    // Abandoned (or done): the input is closed (the string path closes it when it has it).
    if (!handedOver) await it.return?.();
  }
}

/** The input from a handed-over row on: its bytes, the rest of the chunk being copied, the chunks not read yet. */
async function* restOf(first: Buffer, pending: Uint8Array | null, it: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield first;
    if (pending !== null && pending.length > 0) yield pending;
    for (;;) {
      const r = await it.next();
      if (r.done === true) return;
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}
