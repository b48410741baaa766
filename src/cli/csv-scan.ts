/**
 * A streaming CSV scanner (RFC 4180): chunks of bytes in, rows of string cells out. UTF-8 is
 * decoded once per chunk (a character split between chunks decodes whole), then the text is
 * scanned with its state kept across chunks, so a field, a quote or a line end may be split
 * anywhere. Only the columns the reader asks for become strings; the others are scanned over.
 *
 * What it reads: any one-character delimiter; fields in `"` quotes, with `""` for a quote and
 * delimiters and line breaks inside; rows ended by CRLF, LF or CR (the first line end outside
 * quotes decides which, as csv-parse does: the others are then field text); a UTF-8 byte order
 * mark at the start (dropped); empty lines (skipped). What it rejects, naming the line: a quote
 * inside an unquoted field, text after a closing quote, a quote never closed, a field longer than
 * {@link MAX_CSV_FIELD_CHARS} and a row longer than {@link MAX_CSV_RECORD_CHARS} (as soon as the
 * bound is passed, so memory stays flat whatever the input). Lines are counted by the row end's
 * sequence wherever it occurs, in quoted fields too (an LF in a CRLF file is text, not a line).
 *
 * @module
 */
import { StringDecoder } from 'node:string_decoder';

/**
 * The most characters one CSV row (its fields together, quotes and line breaks inside them
 * included) may hold: 8 Mi. A longer row (a broken quote, a wrong delimiter, a decompressed
 * stream of zeros) is an error naming its line as soon as the bound is passed.
 */
export const MAX_CSV_RECORD_CHARS = 8 * 1024 * 1024;

/**
 * The most characters one CSV field (as written: its quotes and doubled quotes included) may
 * hold: 1 Mi. A longer field is an error naming its row's line as soon as the bound is passed.
 */
export const MAX_CSV_FIELD_CHARS = 1024 * 1024;

/** What made the text unreadable as CSV. */
export type CsvProblem = 'quote' | 'field' | 'record';

/** Text that is not readable CSV: broken quoting (`quote`), or a field or row over its bound. */
export class CsvScanError extends Error {
  override readonly name = 'CsvScanError';
  constructor(
    /** What is wrong. */
    readonly problem: CsvProblem,
    /** The 1-based line: where the quoting breaks, or where the long row starts. */
    readonly line: number,
    /** What is wrong, without the line (for `quote`: the quoting; for bounds: the bound). */
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

/** What a {@link CsvScanner} reads. */
export interface CsvScanOptions {
  /** The delimiter: one character, not a quote or a line end. */
  readonly delimiter: string;
  /** The field bound (default {@link MAX_CSV_FIELD_CHARS}). */
  readonly maxFieldChars?: number;
  /** The row bound (default {@link MAX_CSV_RECORD_CHARS}). */
  readonly maxRecordChars?: number;
  /** The row end, when known (a part of a file whose row end was found before); else the first one seen decides. */
  readonly rowEnd?: 'lf' | 'crlf' | 'cr' | undefined;
  /** The line the input starts on (default 1: a part of a file starts further). */
  readonly firstLine?: number | undefined;
  /** Whether a UTF-8 byte order mark at the start is dropped (default true; false for a part of a file). */
  readonly bom?: boolean | undefined;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** A row still open after this many characters is read whole, and its read fields' text dropped (see `append`). */
const LONG_ROW_CHARS = 64 * 1024;

/** Row ends: not yet seen, LF, CRLF, CR. */
const enum Eol {
  Unknown = 0,
  Lf = 1,
  CrLf = 2,
  Cr = 3,
}

/** Where the scan stopped in the row being read. */
const enum At {
  /** At the start of a field. */
  FieldStart = 0,
  /** In an unquoted field. */
  Unquoted = 1,
  /** In a quoted field, before its closing quote. */
  Quoted = 2,
}

/** A character as messages show it: `"y"`, or the name of a line break. */
function describeChar(c: number): string {
  return c === LF ? 'a line feed' : c === CR ? 'a carriage return' : JSON.stringify(String.fromCharCode(c));
}

/** A string of its own: a cell sliced from a chunk's text refers to that text (in V8, from 13 characters on). */
function copyOf(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** Where `ch` next occurs in `t` from `from`, or `n` (the length) when it does not. */
function nextOf(t: string, ch: string, from: number, n: number): number {
  const at = t.indexOf(ch, from);
  return at < 0 ? n : at;
}

/**
 * A streaming CSV scanner. Feed it chunks with {@link CsvScanner.write} and {@link CsvScanner.end};
 * the complete rows are appended to {@link CsvScanner.rows} (take them with {@link CsvScanner.take}).
 * Every row has all its cells until {@link CsvScanner.select} names the columns to read: then a row
 * with the expected number of fields has those cells and `''` for the others, and a row with
 * another number of fields has all its cells (so that it can be shown as it is).
 * @throws {@link CsvScanError} from `write` and `end` on broken quoting and rows or fields over the bounds.
 */
export class CsvScanner {
  /** The rows scanned and not yet taken. */
  rows: string[][] = [];
  /** The current line (1-based), as far as the scan has gone. */
  private line = 1;
  /** The text not yet made into rows (from the start of the current row). */
  private text = '';
  /** The next character to look at, in `text`. */
  private pos = 0;
  private at: At = At.FieldStart;
  /** Start of the current field in `text` (its quote, when quoted). */
  private fieldStart = 0;
  /** In a quoted field: where to look for the next quote, and whether a `""` was seen. */
  private quoteScan = 0;
  private escaped = false;
  /** The line where the current quoted field's quote opened. */
  private quoteLine = 0;
  /** The line where the current row starts. */
  private rowLine = 1;
  /** The index of the current field in its row. */
  private field = 0;
  /** The cells of the current row so far. */
  private cells: string[] = [];
  /** Whether the current row is read whole (every cell), whatever the selection. */
  private whole = false;
  private eol: Eol = Eol.Unknown;
  private readonly delimiter: number;
  private readonly maxField: number;
  private readonly maxRecord: number;
  private readonly decoder = new StringDecoder('utf8');
  private started = false;
  private ended = false;
  /** Columns read (1 for read), or null for all. */
  private wanted: Uint8Array | null = null;
  private width = 0;
  /** A row of `width` empty cells, copied for each row when a selection is set. */
  private blank: string[] = [];

  constructor(options: CsvScanOptions) {
    const d = options.delimiter;
    if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
      throw new RangeError(`the delimiter must be one character other than a quote or a line end, got ${JSON.stringify(d)}`);
    }
    this.delimiter = d.charCodeAt(0);
    this.maxField = options.maxFieldChars ?? MAX_CSV_FIELD_CHARS;
    this.maxRecord = options.maxRecordChars ?? MAX_CSV_RECORD_CHARS;
    this.eol = options.rowEnd === 'lf' ? Eol.Lf : options.rowEnd === 'crlf' ? Eol.CrLf : options.rowEnd === 'cr' ? Eol.Cr : Eol.Unknown;
    this.line = this.rowLine = options.firstLine ?? 1;
    // Without a BOM to drop, the input counts as started.
    this.started = options.bom === false;
  }

  /**
   * Reads only some columns from the next row on: rows of `width` fields get the cells at
   * `columns` and `''` elsewhere; rows of another width get every cell. `null` reads every cell.
   */
  select(width: number, columns: readonly number[] | null): void {
    let wanted: Uint8Array | null = null;
    if (columns !== null) {
      wanted = new Uint8Array(width);
      for (const c of columns) if (c >= 0 && c < width) wanted[c] = 1;
    }
    this.wanted = wanted;
    this.width = width;
    this.blank = new Array<string>(width).fill('');
    // A row begun is read whole; the next ones as selected.
    if (this.field === 0 && this.at === At.FieldStart) this.cells = wanted === null ? [] : this.blank.slice();
    else this.whole = true;
  }

  /** The rows scanned so far (and none kept). */
  take(): string[][] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  /** Scans a chunk: its complete rows are added to {@link CsvScanner.rows}. */
  write(chunk: Uint8Array): void {
    if (this.ended) throw new Error('write after end');
    let decoded = this.decoder.write(chunk);
    if (!this.started && decoded.length > 0) {
      this.started = true;
      if (decoded.charCodeAt(0) === 0xfeff) decoded = decoded.slice(1);
    }
    this.append(decoded);
    this.scan(false);
  }

  /** Ends the input: the last row (without a line end) is added; an open quote is an error. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    let rest = this.decoder.end();
    if (!this.started && rest.length > 0) {
      this.started = true;
      if (rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1);
    }
    this.append(rest);
    this.scan(true);
  }

  /** Appends text after the current row's start (what is before it was made into rows). */
  private append(more: string): void {
    if (more.length === 0) return;
    if (this.pos === this.text.length && this.at === At.FieldStart && this.field === 0) {
      // Nothing pending: the new text alone.
      this.text = more;
      this.pos = 0;
      this.fieldStart = 0;
      this.quoteScan = 0;
      this.rowStartOffset = 0;
      return;
    }
    // The current row goes on: keep it before the new text, from its start; or, when its cells are
    // all kept (it is not read again), from the current field.
    const keep = this.whole || this.wanted === null ? (this.at === At.FieldStart ? this.pos : this.fieldStart) : this.rowStartOffset;
    this.rowDropped += keep - this.rowStartOffset;
    this.text = this.text.slice(keep) + more;
    this.pos -= keep;
    this.fieldStart -= keep;
    this.quoteScan -= keep;
    this.rowStartOffset = 0;
  }

  /** Offset of the current row's start in `text` (its first `rowDropped` characters dropped, when not 0). */
  private rowStartOffset = 0;
  private rowDropped = 0;

  private fail(problem: CsvProblem, line: number, detail: string): never {
    // Nothing more is read after an error.
    this.text = '';
    this.rowDropped = 0;
    this.pos = 0;
    this.rowStartOffset = 0;
    throw new CsvScanError(problem, line, detail);
  }

  private tooLong(what: 'field' | 'record'): never {
    return what === 'field'
      ? this.fail('field', this.rowLine, `a field of the row is longer than ${this.maxField.toLocaleString('en-US')} characters`)
      : this.fail('record', this.rowLine, `the row is longer than ${this.maxRecord.toLocaleString('en-US')} characters`);
  }

  /**
   * The length of the row end at `i` (1 or 2), 0 when there is none, -1 when the text ends too
   * soon to tell (a CR last, more to come). The first row end seen decides which ones count.
   */
  private rowEndAt(t: string, i: number, n: number, final: boolean): number {
    if (i >= n) return final ? 0 : -1;
    const c = t.charCodeAt(i);
    if (c !== LF && c !== CR) return 0;
    switch (this.eol) {
      case Eol.Lf:
        return c === LF ? 1 : 0;
      case Eol.Cr:
        return c === CR ? 1 : 0;
      case Eol.CrLf:
        if (c !== CR) return 0;
        if (i + 1 >= n) return final ? 0 : -1;
        return t.charCodeAt(i + 1) === LF ? 2 : 0;
      default: {
        if (c === CR && i + 1 >= n && !final) return -1;
        const eol = c === LF ? Eol.Lf : i + 1 < n && t.charCodeAt(i + 1) === LF ? Eol.CrLf : Eol.Cr;
        this.settle(eol);
        return eol === Eol.CrLf ? 2 : 1;
      }
    }
  }

  /** Quoted line breaks seen before the row end is known: LF alone, CRLF, CR alone. */
  private pendingLf = 0;
  private pendingCrLf = 0;
  private pendingCr = 0;

  /** The row end is found: the quoted line breaks before it count as lines when they are one. */
  private settle(eol: Eol): void {
    this.eol = eol;
    this.line += eol === Eol.Lf ? this.pendingLf + this.pendingCrLf : eol === Eol.CrLf ? this.pendingCrLf : this.pendingCr + this.pendingCrLf;
    this.pendingLf = this.pendingCrLf = this.pendingCr = 0;
  }

  /** The current line (before the row end is known, every line break counts). */
  private get lineNow(): number {
    return this.line + this.pendingLf + this.pendingCrLf + this.pendingCr;
  }

  /**
   * Line breaks in `t[from, to)` (inside quotes): the row end's sequence (LF, CRLF or CR: the
   * others are text). Before the row end is known they are kept aside by kind (a CR last counts as
   * one alone), and counted when it is.
   */
  private breaks(t: string, from: number, to: number): number {
    let count = 0;
    if (this.eol !== Eol.Unknown) {
      const seq = this.eol === Eol.Lf ? '\n' : this.eol === Eol.CrLf ? '\r\n' : '\r';
      for (let at = t.indexOf(seq, from); at >= 0 && at + seq.length <= to; at = t.indexOf(seq, at + seq.length)) count++;
      return count;
    }
    for (let i = from; i < to; i++) {
      const c = t.charCodeAt(i);
      if (c === LF) this.pendingLf++;
      else if (c === CR) {
        if (i + 1 < to && t.charCodeAt(i + 1) === LF) {
          this.pendingCrLf++;
          i++;
        } else this.pendingCr++;
      }
    }
    return 0;
  }

  /** Scans `text` from `pos`: adds every complete row; stops at the end of the text (or of the input, when final). */
  private scan(final: boolean): void {
    const t = this.text;
    const n = t.length;
    const d = this.delimiter;
    const maxField = this.maxField;
    const wanted = this.wanted;
    let i = this.pos;
    let rowStart = this.rowStartOffset;
    let fs = this.fieldStart;
    let k = this.field;
    let cells = this.cells;
    let at = this.at;
    let whole = this.whole;
    const ds = String.fromCharCode(d);
    // Where the next delimiter, LF, CR and quote are (n: none), when not before i.
    let nd = -1;
    let nl = -1;
    let nc = -1;
    let nq = -1;
    for (;;) {
      // The current field: its value (null when not read), where it ends, what follows it
      // (0: a delimiter, 1: a line end, 2: the end of the input) and where the next one starts.
      let value: string | null = null;
      let fieldEnd: number;
      let next: number;
      let ending: 0 | 1 | 2;
      if (at === At.FieldStart) {
        if (i >= n && (!final || k === 0)) break;
        fs = i;
        if (i < n && t.charCodeAt(i) === QUOTE) {
          at = At.Quoted;
          this.quoteScan = i + 1;
          this.escaped = false;
          this.quoteLine = this.lineNow;
        } else at = At.Unquoted;
      }
      if (at === At.Unquoted) {
        // The next delimiter, LF, CR and quote, each found once (indexOf) and kept until passed.
        if (nd < i) nd = nextOf(t, ds, i, n);
        if (nl < i) nl = nextOf(t, '\n', i, n);
        if (nc < i) nc = nextOf(t, '\r', i, n);
        if (nq < i) nq = nextOf(t, '"', i, n);
        let stop = nd < nl ? nd : nl;
        if (nc < stop) stop = nc;
        if (nq < stop) stop = nq;
        i = stop;
        const c = i < n ? t.charCodeAt(i) : 0;
        if (i >= n) {
          if (!final) break;
          fieldEnd = n;
          next = n;
          ending = 2;
        } else if (c === d) {
          fieldEnd = i;
          next = i + 1;
          ending = 0;
        } else if (c === QUOTE) {
          const sofar = t.slice(fs, i);
          return this.fail(
            'quote',
            this.lineNow,
            `a quote inside unquoted field ${k + 1}, after ${JSON.stringify(sofar.length > 40 ? `${sofar.slice(0, 40)}…` : sofar)} (a field holding a quote must be quoted whole, with the quote doubled)`,
          );
        } else {
          const len = this.rowEndAt(t, i, n, final);
          if (len < 0) break;
          if (len === 0) {
            // A line break that does not end rows here (an LF in a CRLF file): field text, not a line.
            i++;
            continue;
          }
          fieldEnd = i;
          next = i + len;
          ending = 1;
        }
        if (ending === 1 && k === 0 && fieldEnd === rowStart) {
          // An empty line: skipped.
          this.line++;
          i = next;
          rowStart = next;
          this.rowLine = this.line;
          at = At.FieldStart;
          continue;
        }
        if (fieldEnd - fs > maxField) {
          this.pos = i;
          return this.tooLong('field');
        }
        if (whole || wanted === null || wanted[k] === 1) value = t.slice(fs, fieldEnd);
      } else {
        // Quoted: find the closing quote (a quote not followed by another).
        let j = this.quoteScan;
        let q: number;
        for (;;) {
          q = t.indexOf('"', j);
          if (q < 0) {
            // Count the line breaks read so far, but not a CR last (its LF may come next).
            const stop = n > j && t.charCodeAt(n - 1) === CR ? n - 1 : n;
            this.line += this.breaks(t, j, stop);
            j = stop;
            break;
          }
          this.line += this.breaks(t, j, q);
          j = q;
          if (q + 1 >= n) break;
          if (t.charCodeAt(q + 1) !== QUOTE) break;
          this.escaped = true;
          j = q + 2;
        }
        this.quoteScan = j;
        if (q < 0 || (q + 1 >= n && !final)) {
          if (final) {
            return this.fail(
              'quote',
              this.quoteLine,
              `the quote opening field ${k + 1} is never closed (a field holding a quote must be quoted whole, with the quote doubled)`,
            );
          }
          i = n;
          break;
        }
        // The closing quote at q: a delimiter, a line end or the end of the input must follow.
        if (q + 1 >= n) {
          next = n;
          ending = 2;
        } else if (t.charCodeAt(q + 1) === d) {
          next = q + 2;
          ending = 0;
        } else {
          const len = this.rowEndAt(t, q + 1, n, final);
          if (len < 0) {
            i = n;
            break;
          }
          if (len === 0) {
            return this.fail(
              'quote',
              this.lineNow,
              `${describeChar(t.charCodeAt(q + 1))} after the closing quote of field ${k + 1} (a delimiter or a line end must follow it)`,
            );
          }
          next = q + 1 + len;
          ending = 1;
        }
        fieldEnd = q + 1;
        if (fieldEnd - fs > maxField) {
          this.pos = q;
          return this.tooLong('field');
        }
        if (whole || wanted === null || wanted[k] === 1) {
          value = t.slice(fs + 1, q);
          if (this.escaped) value = value.replaceAll('""', '"');
        }
      }
      // The field is read: keep it, then go on to the next field or row.
      if (value !== null) {
        if (wanted === null || whole) cells.push(value);
        else if (k < this.width) cells[k] = value;
      }
      k++;
      i = next;
      at = At.FieldStart;
      if (ending === 0) continue;
      // The row is read.
      if (fieldEnd - rowStart + this.rowDropped > this.maxRecord) {
        this.pos = i;
        return this.tooLong('record');
      }
      if (wanted !== null && !whole && k !== this.width) {
        // Another width: read the row again, every cell.
        whole = true;
        cells = [];
        k = 0;
        i = rowStart;
        this.line = this.rowLine;
        // (Rows after a row end: the row end is known, and nothing is pending.)
        this.pendingLf = this.pendingCrLf = this.pendingCr = 0;
        nd = nl = nc = nq = -1;
        continue;
      }
      if (whole && wanted !== null && k !== this.width) {
        // A row of another width is kept whole (in a report's errors, say): its cells copied, so
        // that none keeps the whole text it was cut from alive.
        for (let c = 0; c < cells.length; c++) cells[c] = copyOf(cells[c] as string);
      }
      this.rows.push(cells);
      whole = false;
      cells = wanted === null ? [] : this.blank.slice();
      k = 0;
      if (ending === 1) this.line++;
      rowStart = i;
      this.rowDropped = 0;
      this.rowLine = this.line;
    }
    // Out of text: keep the state for the next chunk, and check the bounds.
    this.pos = i;
    this.rowStartOffset = rowStart;
    this.fieldStart = fs;
    this.field = k;
    this.cells = cells;
    this.at = at;
    this.whole = whole;
    if (final) {
      this.text = '';
      this.pos = 0;
      this.rowStartOffset = 0;
      this.rowDropped = 0;
      return;
    }
    const begun = at !== At.FieldStart || k > 0;
    if (begun && !whole && wanted !== null && n - rowStart > LONG_ROW_CHARS) {
      // A long row in pieces: read it again whole, so that the text of its read fields can be
      // dropped (rather than copied into every next piece).
      this.whole = true;
      this.cells = [];
      this.field = 0;
      this.pos = rowStart;
      this.at = At.FieldStart;
      this.line = this.rowLine;
      this.pendingLf = this.pendingCrLf = this.pendingCr = 0;
      this.scan(false);
      return;
    }
    if (at !== At.FieldStart && n - fs > maxField) this.tooLong('field');
    if (begun && n - rowStart + this.rowDropped > this.maxRecord) this.tooLong('record');
  }
}
