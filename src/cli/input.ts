/**
 * Reading an export as a stream of records: CSV (any delimiter, quoted fields, BOM, CRLF), NDJSON
 * or a JSON array, gzip-compressed or not, from a file or standard input. Records come in batches
 * (arrays of string cells for CSV, parsed values for JSON), so memory stays flat whatever the size.
 *
 * @module
 */
import { createReadStream, statSync } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvScanError, CsvScanner, MAX_CSV_FIELD_CHARS, MAX_CSV_RECORD_CHARS } from './csv-scan.js';
import { InputLimitError, LineSplitter, MAX_JSON_FIELD_CHARS, checkLineShape, checkLongLine, jsonArrayReader } from './json-input.js';
import { UsageError } from './columns.js';
import { type ByteBatch, csvByteBatches, findHeaderEnd } from './csv-bytes.js';

/** The formats read. */
export const INPUT_FORMATS = ['csv', 'tsv', 'ndjson', 'json'] as const;
/** An input format. */
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** An unreadable input (exit code 2): missing file, broken CSV quoting, malformed JSON. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/**
 * A batch of records: CSV cells (string arrays) or parsed JSON values. Record i is on row
 * `rows[i]`, or `firstRow + i` when `rows` is null (row numbers are 1-based, header excluded; for
 * NDJSON, line numbers).
 */
export interface RecordBatch {
  readonly firstRow: number;
  readonly rows: readonly number[] | null;
  readonly values: readonly unknown[];
  /** Why a record is unreadable (a malformed NDJSON line, a CSV row of the wrong width), by index; null when none is. */
  readonly problems: ReadonlyMap<number, string> | null;
}

/** A batch being filled. */
class BatchBuilder {
  firstRow = 0;
  rows: number[] | null = null;
  values: unknown[] = [];
  problems: Map<number, string> | null = null;

  constructor(private readonly lineNumbers: boolean) {
    if (lineNumbers) this.rows = [];
  }

  push(row: number, value: unknown, problem?: string): void {
    if (this.values.length === 0) this.firstRow = row;
    if (problem !== undefined) (this.problems ??= new Map()).set(this.values.length, problem);
    this.rows?.push(row);
    this.values.push(value);
  }

  get length(): number {
    return this.values.length;
  }

  /** The batch, and a fresh builder's state. */
  take(): RecordBatch {
    const batch: RecordBatch = { firstRow: this.firstRow, rows: this.rows, values: this.values, problems: this.problems };
    this.rows = this.lineNumbers ? [] : null;
    this.values = [];
    this.problems = null;
    return batch;
  }
}

/** An opened input. */
export interface Source {
  /** What the input is called in messages (the path, or "standard input"). */
  readonly name: string;
  readonly format: InputFormat;
  readonly gzip: boolean;
  /** CSV: the header's column names; JSON: null (keys are seen as records come). */
  readonly header: readonly string[] | null;
  /** The CSV delimiter. */
  readonly delimiter: string | null;
  /** Size of the file in bytes (compressed, when gzip), or null for standard input. */
  readonly totalBytes: number | null;
  /** Bytes read from the file so far (compressed, when gzip). */
  bytesRead(): number;
  /**
   * The records, in batches. CSV: `columns` (indexes in the header) are the cells read; a row with
   * the header's number of fields has `''` for the others (a row of another width has them all).
   * Omitted or null: every cell. JSON: ignored.
   */
  batches(size: number, columns?: readonly number[] | null): AsyncIterable<RecordBatch>;
  /**
   * CSV whose header's row end (an LF or a CRLF) is within the first bytes read (at least 64 KiB): the rows as
   * byte offsets of the cells at `columns` (see {@link ByteBatch}), with the same rows, cells, row
   * numbers and errors as {@link Source.batches}; from a row the byte scan does not read itself on,
   * string batches. Use either this or `batches`, not both.
   */
  byteBatches?(size: number, columns: readonly number[]): AsyncIterable<ByteBatch | RecordBatch>;
}

/** What {@link openSource} needs. */
export interface OpenOptions {
  /** `--input-format`, when given; else from the extension, else sniffed. */
  readonly format?: InputFormat | undefined;
  /** `--delimiter`, when given; else detected from the header line. */
  readonly delimiter?: string | undefined;
}

/**
 * Reads up to `size` bytes from the start of a stream (fewer when it ends first), and gives them with
 * a stream of the whole: those bytes, then the rest.
 */
async function peek(stream: Readable, size: number): Promise<{ head: Buffer; whole: Readable }> {
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  await new Promise<void>((resolve, reject) => {
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while (length < size && (chunk = stream.read() as Buffer | null) !== null) {
        chunks.push(chunk);
        length += chunk.length;
      }
      if (length >= size) done();
    };
    const onEnd = (): void => {
      ended = true;
      done();
    };
    const done = (): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
      resolve();
    };
    const onError = (e: Error): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      reject(e);
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
    // What is buffered already (a stream peeked before) raises no new 'readable': read it now.
    if (stream.readableEnded) onEnd();
    else onReadable();
  });
  const head = Buffer.concat(chunks);
  if (!ended) {
    // Put back: the stream goes on from its start.
    if (head.length > 0) stream.unshift(head);
    return { head, whole: stream };
  }
  // Ended (a small input): the bytes read are the whole of it.
  const whole = new PassThrough();
  whole.end(head);
  return { head, whole };
}

/** The format named by a file's extension (after `.gz`), or null. */
export function formatOfPath(path: string): { format: InputFormat | null; gzip: boolean } {
  const lower = path.toLowerCase();
  const gzip = lower.endsWith('.gz');
  const base = gzip ? lower.slice(0, -3) : lower;
  const ext = base.slice(base.lastIndexOf('.') + 1);
  const format: InputFormat | null =
    ext === 'csv' ? 'csv' : ext === 'tsv' || ext === 'tab' ? 'tsv' : ext === 'ndjson' || ext === 'jsonl' ? 'ndjson' : ext === 'json' ? 'json' : null;
  return { format, gzip };
}

/** The most likely delimiter of a CSV header line: the most frequent of , ; tab | outside quotes. */
export function detectDelimiter(line: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ]);
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) as number) + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > (counts.get(best) as number)) best = d;
  return best;
}

/** The first line of text (without a BOM or line end). */
function firstLine(head: Buffer): string {
  let text = head.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

/**
 * Opens a file (or standard input for `-`): decompresses gzip (by the `.gz` extension, or the gzip
 * magic bytes on standard input), finds the format (option, extension, else the first character:
 * `[` JSON, `{` NDJSON, else CSV), and for CSV reads the header.
 * @throws {@link InputError} when the file cannot be read; {@link UsageError} for a bad delimiter.
 */
export async function openSource(path: string, stdin: Readable, options: OpenOptions): Promise<Source> {
  let raw: Readable;
  let totalBytes: number | null = null;
  let name: string;
  const byPath = path === '-' ? { format: null, gzip: false } : formatOfPath(path);
  if (path === '-') {
    raw = stdin;
    name = 'standard input';
  } else {
    name = path;
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) throw new InputError(`cannot read ${path}: it is a directory`);
      totalBytes = stat.size;
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    raw = createReadStream(path, { highWaterMark: 1 << 20 });
  }
  let head: Buffer;
  let text: Readable;
  try {
    ({ head, whole: text } = await peek(raw, 2));
  } catch (e) {
    throw new InputError(`cannot read ${name}: ${(e as Error).message}`);
  }
  const gzip = byPath.gzip || (path === '-' && head[0] === 0x1f && head[1] === 0x8b);
  if (gzip) {
    const gunzip = createGunzip();
    text.on('error', (e) => gunzip.destroy(e));
    text = text.pipe(gunzip);
  }
  try {
    ({ head, whole: text } = await peek(text, 1 << 16));
  } catch (e) {
    throw new InputError(`cannot read ${name}: ${gzip ? 'not valid gzip: ' : ''}${(e as Error).message}`);
  }
  let format = options.format ?? byPath.format;
  if (format === null) {
    const start = head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    format = start.startsWith('[') ? 'json' : start.startsWith('{') ? 'ndjson' : 'csv';
  }
  // Bytes read from the file (compressed ones, for gzip), for the progress bar.
  const file = raw as Readable & { bytesRead?: number };
  const base = { name, format, gzip, totalBytes, bytesRead: () => file.bytesRead ?? 0 };
  if (format === 'json' && !/^\s*\[/.test(head.toString('utf8').replace(/^\uFEFF/, ''))) {
    throw new InputError(`${name} is not a JSON array of records (for one object per line: --input-format ndjson)`);
  }
  if (format === 'json') return { ...base, header: null, delimiter: null, batches: (size) => jsonBatches(text, name, size) };
  if (format === 'ndjson') return { ...base, header: null, delimiter: null, batches: (size) => ndjsonBatches(text, name, size) };
  let delimiter = options.delimiter ?? (format === 'tsv' ? '\t' : detectDelimiter(firstLine(head)));
  if (delimiter === '\\t' || delimiter === 'tab') delimiter = '\t';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new UsageError(`--delimiter must be one character other than a quote or a line end, got ${JSON.stringify(delimiter)}`);
  }
  const headerEnd = findHeaderEnd(head);
  const headerCells = headerEnd === null ? null : headerOf(head.subarray(0, headerEnd.dataStart), delimiter);
  if (headerEnd !== null && headerCells !== null) {
    // The header is in the bytes peeked: the rows can be read from its end, as bytes or as strings.
    const header = headerCells.map((c) => c.trim());
    const stream = text;
    return {
      ...base,
      format: 'csv',
      header,
      delimiter,
      batches: (size, columns) => csvBatchesAfterHeader(stream, delimiter, header.length, columns ?? null, name, size),
      byteBatches: (size, columns) =>
        csvByteBatches(after(stream, headerEnd.dataStart, name), {
          name,
          delimiter,
          rowEnd: headerEnd.rowEnd,
          width: header.length,
          columns,
          firstRow: 1,
          firstLine: headerEnd.headerLines + 1,
          size,
        }),
    };
  }
  const rows = new CsvRows(text, new CsvScanner({ delimiter }));
  let first: string[] | null;
  try {
    first = await rows.next();
  } catch (e) {
    throw csvError(e, name);
  }
  if (first === null) throw new InputError(`${name} is empty: a CSV export needs a header row`);
  const header = first.map((c) => c.trim());
  return { ...base, format: 'csv', header, delimiter, batches: (size, columns) => csvBatches(rows, header.length, columns ?? null, name, size) };
}

export { MAX_CSV_FIELD_CHARS, MAX_CSV_RECORD_CHARS };

/** The cells of a header row's bytes (its row end included), or null when they are not one readable row (the stream's reading then tells why). */
function headerOf(bytes: Buffer, delimiter: string): string[] | null {
  const scanner = new CsvScanner({ delimiter });
  try {
    scanner.write(bytes);
    scanner.end();
  } catch {
    return null;
  }
  return scanner.rows.length === 1 ? (scanner.rows[0] as string[]) : null;
}

/** The records of a CSV stream from its start, its header row (read before) skipped: as {@link csvBatches} after `openSource`'s read of the header. */
async function* csvBatchesAfterHeader(
  stream: Readable,
  delimiter: string,
  width: number,
  columns: readonly number[] | null,
  name: string,
  size: number,
): AsyncGenerator<RecordBatch> {
  const rows = new CsvRows(stream, new CsvScanner({ delimiter }));
  try {
    await rows.next();
  } catch (e) {
    throw csvError(e, name);
  }
  yield* csvBatches(rows, width, columns, name, size);
}

/** The chunks of a stream after its first `skip` bytes; a read error as the string path reports it (see {@link csvError}). */
async function* after(stream: Readable, skip: number, name: string): AsyncGenerator<Uint8Array> {
  let left = skip;
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      if (left >= bytes.length) left -= bytes.length;
      else {
        yield left === 0 ? bytes : bytes.subarray(left);
        left = 0;
      }
    }
  } catch (e) {
    throw csvError(e, name);
  }
}

/**
 * The records of a part of a CSV file, as {@link csvRangeBatches} reads them, as byte offsets of
 * the cells (see {@link ByteBatch}), with string batches from a row the byte scan does not read
 * itself on.
 * @throws {@link InputError} on broken quoting or a row or field over its bound.
 */
export function csvRangeByteBatches(stream: Readable, o: CsvRangeOptions): AsyncGenerator<ByteBatch | RecordBatch> {
  return csvByteBatches(after(stream, 0, o.name), o);
}

/** A CSV error as the command reports it: naming the input and the line. */
function csvError(e: unknown, name: string): Error {
  if (e instanceof CsvScanError) {
    if (e.problem === 'record') {
      return new InputError(
        `${name}: the row at line ${e.line} is longer than ${MAX_CSV_RECORD_CHARS.toLocaleString('en-US')} characters (an unclosed quote, a wrong delimiter, or not a CSV export)`,
      );
    }
    if (e.problem === 'field') {
      return new InputError(
        `${name}: the row at line ${e.line} has a field longer than ${MAX_CSV_FIELD_CHARS.toLocaleString('en-US')} characters (an unclosed quote, a wrong delimiter, or not a CSV export)`,
      );
    }
    return new InputError(`${name} is not readable CSV at line ${e.line}: ${e.detail}`);
  }
  if (e instanceof Error && /incorrect header check|unexpected end|invalid/i.test(e.message))
    return new InputError(`cannot read ${name}: not valid gzip: ${e.message}`);
  return e instanceof Error ? e : new Error(String(e));
}

/** The rows of a CSV stream: its chunks scanned as they come, the rows of each chunk kept until read. */
class CsvRows {
  /** Rows scanned and not yet read: `queue[at]` on. */
  queue: string[][] = [];
  at = 0;
  ended = false;
  private readonly chunks: AsyncIterator<unknown>;

  constructor(
    stream: AsyncIterable<unknown>,
    readonly scanner: CsvScanner,
  ) {
    this.chunks = stream[Symbol.asyncIterator]();
  }

  /** Scans the next chunk (or the end of the input) into the queue; the rows not read yet are dropped. */
  async fill(): Promise<void> {
    const chunk = await this.chunks.next();
    if (chunk.done === true) {
      this.ended = true;
      this.scanner.end();
    } else this.scanner.write(chunk.value as Buffer);
    this.queue = this.scanner.take();
    this.at = 0;
  }

  /** The next row, or null at the end. */
  async next(): Promise<string[] | null> {
    while (this.at >= this.queue.length) {
      if (this.ended) return null;
      await this.fill();
    }
    return this.queue[this.at++] as string[];
  }
}

async function* csvBatches(
  rows: CsvRows,
  width: number,
  columns: readonly number[] | null,
  name: string,
  size: number,
  firstRow = 1,
): AsyncGenerator<RecordBatch> {
  rows.scanner.select(width, columns);
  const batch = new BatchBuilder(false);
  let row = firstRow - 1;
  for (;;) {
    const queue = rows.queue;
    while (rows.at < queue.length) {
      const cells = queue[rows.at++] as string[];
      row++;
      batch.push(row, cells, cells.length === width ? undefined : `has ${cells.length} fields, the header has ${width}`);
      if (batch.length >= size) yield batch.take();
    }
    if (rows.ended) break;
    try {
      await rows.fill();
    } catch (e) {
      throw csvError(e, name);
    }
  }
  if (batch.length > 0) yield batch.take();
}

/** What {@link csvRangeBatches} reads. */
export interface CsvRangeOptions {
  /** The input's name in messages. */
  readonly name: string;
  readonly delimiter: string;
  /** The file's row end (found before the range is read). */
  readonly rowEnd: 'lf' | 'crlf';
  /** The header's number of fields. */
  readonly width: number;
  /** The columns read (indexes into the header), or null for all; see {@link Source.batches}. */
  readonly columns: readonly number[] | null;
  /** The number of the range's first row (1-based, header excluded). */
  readonly firstRow: number;
  /** The line the range starts on (1-based). */
  readonly firstLine: number;
  /** Records per batch. */
  readonly size: number;
}

/**
 * The records of a part of a CSV file that starts at a row start (after the header), numbered from
 * its first row and line as in the whole file: the same batches and messages as reading the file
 * from its start gives for those rows. `stream`: the part's bytes (a Readable, or any chunks).
 * @throws {@link InputError} on broken quoting or a row or field over its bound.
 */
export function csvRangeBatches(stream: AsyncIterable<Uint8Array>, o: CsvRangeOptions): AsyncGenerator<RecordBatch> {
  const scanner = new CsvScanner({ delimiter: o.delimiter, rowEnd: o.rowEnd, firstLine: o.firstLine, bom: false });
  return csvBatches(new CsvRows(stream, scanner), o.width, o.columns, o.name, o.size, o.firstRow);
}

/** Reads an NDJSON line of a batch: blank lines skipped, a line that is not JSON a problem of its row. */
function ndjsonLine(batch: BatchBuilder, bytes: Buffer, start: number, end: number, line: number): void {
  if (line === 1 && end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
  let at = start;
  let b = bytes[at];
  while (at < end && (b === 32 || b === 9 || b === 13)) b = bytes[++at];
  if (at === end) return;
  checkLineShape(bytes, at, end, line);
  // The common line starts with "{": parsed as it is (JSON.parse skips JSON's blanks at its end).
  let text = bytes.toString('utf8', at, end);
  let value: unknown;
  try {
    if (b !== 0x7b) throw new SyntaxError();
    value = JSON.parse(text);
  } catch {
    // Any other line is read as before the byte scan: trimmed of every blank, then parsed.
    text = text.trim();
    if (text === '') return;
    try {
      value = JSON.parse(text);
    } catch (e) {
      batch.push(line, text.length > 80 ? `${text.slice(0, 80)}…` : text, `is not valid JSON (${(e as Error).message})`);
      return;
    }
  }
  if (end - at > MAX_JSON_FIELD_CHARS) checkLongLine(value, line);
  batch.push(line, value);
}

async function* ndjsonBatches(text: Readable, name: string, size: number): AsyncGenerator<RecordBatch> {
  const batch = new BatchBuilder(true);
  const lines = new LineSplitter((bytes, start, end, line) => ndjsonLine(batch, bytes, start, end, line));
  try {
    for await (const chunk of text) {
      lines.push(chunk as Buffer);
      if (batch.length >= size) yield batch.take();
    }
    lines.end();
  } catch (e) {
    if (e instanceof InputLimitError) throw new InputError(`${name}: ${e.message}`);
    throw new InputError(`cannot read ${name}: ${(e as Error).message}`);
  }
  if (batch.length > 0) yield batch.take();
}

async function* jsonBatches(text: Readable, name: string, size: number): AsyncGenerator<RecordBatch> {
  const batch = new BatchBuilder(false);
  const reader = await jsonArrayReader((value, record) => batch.push(record, value));
  try {
    for await (const chunk of text) {
      reader.write(chunk as Uint8Array);
      if (batch.length >= size) yield batch.take();
    }
    reader.end();
  } catch (e) {
    if (e instanceof InputLimitError) throw new InputError(`${name}: ${e.message}`);
    if (e instanceof InputError) throw e;
    throw new InputError(`${name} is not valid JSON: ${(e as Error).message}`);
  }
  if (batch.length > 0) yield batch.take();
}
