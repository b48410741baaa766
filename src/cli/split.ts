/**
 * Splitting a CSV file into byte ranges that start at row boundaries, for workers that each read
 * one range, with the row and line numbers each range starts at — exactly, whatever the quoting.
 *
 * A byte range cut at an arbitrary offset may start inside a quoted field, where a line end is field
 * text. In RFC 4180 CSV a field is quoted exactly when an odd number of quotes precedes it in the
 * file (a `""` inside quotes adds two), so whether an offset is inside quotes is the parity of the
 * quotes before it. Each range is surveyed once, for both parities at its start at the same time
 * (one pass: a quote flips both, a line end is a row end for the parity that is outside quotes):
 * its quote count, its line ends, and for each starting parity its first row boundary and the rows
 * that start in it. The parity at the start of the first range is known (after the header), and
 * each range gives the next one's; so the surveys, done in parallel, fix every range's true first
 * row, its row number (the rows of the ranges before) and its line number exactly.
 *
 * The row ends are the header's: LF, or CRLF (then a lone LF is field text, as the scanner reads
 * it). A file whose header ends with a lone CR, or whose quoting is broken, is read by one worker
 * (its errors then come from the scanner, with their exact lines).
 *
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The row ends of a file: LF, or CRLF. */
export type RowEnd = 'lf' | 'crlf';

/** What a survey of one window of the file found, for each parity of quotes at its start. */
export interface Survey {
  /** Quotes in the window. */
  readonly quotes: number;
  /** Line ends (LF; for CRLF files, CRLF) anywhere in the window, quoted ones too. */
  readonly lines: number;
  /** By starting parity (0: outside quotes, 1: inside): the offset just after the first row end in the window, or -1. */
  readonly first: readonly [number, number];
  /** By starting parity: line ends in the window up to and including that first row end. */
  readonly linesToFirst: readonly [number, number];
  /** By starting parity: the rows that start after a row end in the window (empty lines not counted). */
  readonly rows: readonly [number, number];
}

/** The byte range a worker reads, with the numbers of its first row and line. */
export interface RowRange {
  /** First byte (a row start), inclusive. */
  readonly start: number;
  /** End byte (the next range's start, or the file's end), exclusive. */
  readonly end: number;
  /** Rows of the file before this range (header excluded): its first row is row `rowsBefore + 1`. */
  readonly rowsBefore: number;
  /** Lines before this range: its first row starts on line `linesBefore + 1`. */
  readonly linesBefore: number;
}

const CHUNK = 1 << 20;

/**
 * Surveys the window [from, to) of a file (see the module comment). A row starting at a row end's
 * next byte is counted when it is not empty (an empty line is skipped by the reader); the bytes
 * needed to tell (up to two after `to`) are read too. `firstOnly` (for the last window, whose
 * counts no range needs): stops once both parities' first row ends are found — then only `first`
 * and `linesToFirst` are the window's.
 */
export function surveyWindow(path: string, from: number, to: number, rowEnd: RowEnd, firstOnly = false): Survey {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK + 2);
    let quotes = 0;
    let lines = 0;
    const first: [number, number] = [-1, -1];
    const linesToFirst: [number, number] = [0, 0];
    const rows: [number, number] = [0, 0];
    // Parity of the quotes seen so far in the window: a row end at relative parity p is outside
    // quotes for the starting parity p (0 + p even, or 1 + p odd: the same parity).
    let parity = 0;
    // The byte before the window (a CR that makes the window's first byte, an LF, a CRLF).
    let prev = -1;
    if (from > 0 && readFull(fd, buffer, 1, from - 1) === 1) prev = buffer[0] as number;
    for (let offset = from; offset < to; offset += CHUNK) {
      const want = Math.min(CHUNK, to - offset);
      // Two more bytes than the window's part, to see what follows a row end at its last byte.
      const got = readFull(fd, buffer, Math.min(want + 2, CHUNK + 2), offset);
      const n = Math.min(want, got);
      const view = buffer.subarray(0, n);
      // From quote to line end to quote, found by indexOf (memchr): the bytes between are not looked at.
      let q = view.indexOf(QUOTE);
      let l = view.indexOf(LF);
      for (;;) {
        if (q !== -1 && (l === -1 || q < l)) {
          quotes++;
          parity ^= 1;
          q = view.indexOf(QUOTE, q + 1);
          continue;
        }
        if (l === -1) break;
        const i = l;
        l = view.indexOf(LF, i + 1);
        if (rowEnd === 'crlf' && (i > 0 ? (buffer[i - 1] as number) : prev) !== CR) continue;
        lines++;
        if (first[parity] === -1) {
          first[parity] = offset + i + 1;
          linesToFirst[parity] = lines;
          // The last window: only where its first row starts is needed (the counts are then partial).
          if (firstOnly && first[0] !== -1 && first[1] !== -1) return { quotes, lines, first, linesToFirst, rows };
        }
        // Is the row after this row end empty (an LF, or CRLF, right after), or the end of the file?
        const next = i + 1 < got ? (buffer[i + 1] as number) : -1;
        const after = i + 2 < got ? (buffer[i + 2] as number) : -1;
        const empty = next === -1 || (rowEnd === 'lf' ? next === LF : next === CR && after === LF);
        if (!empty) rows[parity] = (rows[parity] as number) + 1;
      }
      prev = n > 0 ? (buffer[n - 1] as number) : prev;
    }
    return { quotes, lines, first, linesToFirst, rows };
  } finally {
    closeSync(fd);
  }
}

/** Reads up to `length` bytes at `position` (fewer only at the end of the file). */
function readFull(fd: number, buffer: Buffer, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buffer, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/**
 * The windows to survey for `parts` ranges of the data [dataStart, size): window k is
 * [a_k − 1, a_(k+1) − 1) for nominal cuts a_k (a_0 = dataStart, so the first window starts on the
 * header's row end and its first boundary is the first data row). `lead`: how much more than each
 * other part the first one holds, as a share of a part (0: equal parts; 0.2: the first holds 1.2
 * parts' worth), for a first reader that starts before the others.
 */
export function windowsOf(dataStart: number, size: number, parts: number, lead = 0): [number, number][] {
  const span = size - dataStart;
  const cuts: number[] = [];
  const total = parts + lead;
  for (let k = 0; k <= parts; k++) cuts.push(k === parts ? size + 1 : k === 0 ? dataStart : dataStart + Math.floor((span * (k + lead)) / total));
  const windows: [number, number][] = [];
  for (let k = 0; k < parts; k++) windows.push([(cuts[k] as number) - 1, Math.min(size, (cuts[k + 1] as number) - 1)]);
  return windows;
}

/**
 * The ranges from the surveys of {@link windowsOf}'s windows (in order): the parity at each window's
 * start follows from the quotes before it; a range starts at its window's first row end (for that
 * parity) and ends where the next non-empty range starts. A window without a row end gives no range
 * (its bytes belong to the range before). `headerLines`: the lines of the header (its line end
 * included), so that the first range's rows start on line `headerLines + 1`.
 */
export function rangesOf(surveys: readonly Survey[], headerLines: number, size: number): RowRange[] {
  const starts: { start: number; rowsBefore: number; linesBefore: number }[] = [];
  let parity = 0;
  let rows = 0;
  // Line ends before each window's start (the header's are before the first window, whose first byte is the header's row end).
  let lines = headerLines - 1;
  for (let k = 0; k < surveys.length; k++) {
    const s = surveys[k] as Survey;
    const p = parity as 0 | 1;
    const start = s.first[p];
    if (start !== -1) starts.push({ start, rowsBefore: rows, linesBefore: lines + s.linesToFirst[p] });
    rows += s.rows[p];
    lines += s.lines;
    parity ^= s.quotes & 1;
  }
  return starts.map((r, i) => ({ ...r, end: i + 1 < starts.length ? (starts[i + 1] as { start: number }).start : size }));
}
