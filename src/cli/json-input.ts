/**
 * The bounds of NDJSON and JSON-array input, and the readers that keep them: lines split from the
 * bytes (no line is held past its bound) and a JSON array read element by element (no element is
 * held past its bound), so that memory stays flat whatever the input — a file, a gzip stream or
 * standard input, of any size.
 *
 * @module
 */
import type { ParsedTokenInfo, Tokenizer, TokenParser } from '@streamparser/json';

/** The JSON tokenizer's module, loaded by {@link jsonArrayReader} (only for a JSON array input). */
type StreamParser = typeof import('@streamparser/json');

/**
 * The most bytes one NDJSON line may hold (its line end aside): 8 MiB. A longer line (a stream of
 * zeros, a file that is not NDJSON) is an error naming the line as soon as the bound is passed.
 */
export const MAX_JSON_LINE_BYTES = 8 * 1024 * 1024;

/**
 * The most bytes one element of a JSON array may span (from the end of the element before it to
 * its own end): 8 MiB. A longer one (an unclosed string, a number without end) is an error naming
 * the record as soon as the bound is passed.
 */
export const MAX_JSON_RECORD_BYTES = 8 * 1024 * 1024;

/** The most characters one JSON string (a value or a key, at any depth) of a record may hold: 1 Mi. */
export const MAX_JSON_FIELD_CHARS = 1024 * 1024;

/**
 * The deepest a record may nest arrays and objects (the record itself is level 1): 64. Deeper
 * nesting costs the parsers memory out of proportion to the bytes (about 35 times), so an NDJSON
 * line longer than {@link SHAPE_CHECKED_LINE_BYTES} and any JSON array element are held to it.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The most marks (`[`, `{`, `:` and `,` outside strings: about one for each key and value) a record
 * may hold: 65,536. Many small values (`[{},{},…]`) cost the parsers memory out of proportion to
 * the bytes (about 27 times). No NDJSON line of at most {@link SHAPE_CHECKED_LINE_BYTES} can pass
 * it, so the bound holds for every record.
 */
export const MAX_JSON_MARKS = 65_536;

/** NDJSON lines longer than this (64 KiB) have their depth and marks counted before they are parsed. */
export const SHAPE_CHECKED_LINE_BYTES = 64 * 1024;

/** The bytes handed to the JSON tokenizer at once: the bounds are checked after each slice. */
const SLICE_BYTES = 1 << 16;

/** An input past one of the bounds above (the message names the line or record, not the input). */
export class InputLimitError extends Error {
  override readonly name = 'InputLimitError';
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function lineTooLong(line: number, max: number): InputLimitError {
  return new InputLimitError(`line ${line} is longer than ${fmt(max)} bytes (not NDJSON, or a line end missing)`);
}

function fieldTooLong(where: string): InputLimitError {
  return new InputLimitError(`${where} holds a string longer than ${fmt(MAX_JSON_FIELD_CHARS)} characters`);
}

/**
 * Splits a byte stream into lines at `\n`, without decoding: a line is handed over as a byte range
 * once its end is seen (its `\r\n` or `\n` left out), one `\n` never being part of a multi-byte
 * UTF-8 character. A line is held across chunks only up to {@link MAX_JSON_LINE_BYTES}.
 */
export class LineSplitter {
  /** Lines ended so far (1-based number of the last one handed over). */
  line = 0;
  private parts: Buffer[] = [];
  private partBytes = 0;

  /**
   * @param onLine - Called with each line: `bytes[start, end)` (without its line end) and its number.
   * @param maxBytes - The bound of a line, in bytes.
   */
  constructor(
    private readonly onLine: (bytes: Buffer, start: number, end: number, line: number) => void,
    private readonly maxBytes: number = MAX_JSON_LINE_BYTES,
  ) {}

  /** Hands over the lines a chunk ends. @throws {@link InputLimitError} past the bound. */
  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      this.line++;
      if (this.partBytes === 0) {
        const end = nl > start && chunk[nl - 1] === 13 ? nl - 1 : nl;
        if (end - start > this.maxBytes) throw lineTooLong(this.line, this.maxBytes);
        this.onLine(chunk, start, end, this.line);
      } else {
        const total = this.partBytes + nl - start;
        // Checked before the parts are joined (the line end's "\r" aside, checked after).
        if (total > this.maxBytes + 1) throw lineTooLong(this.line, this.maxBytes);
        this.parts.push(chunk.subarray(start, nl));
        const whole = Buffer.concat(this.parts, total);
        this.parts = [];
        this.partBytes = 0;
        const end = total > 0 && whole[total - 1] === 13 ? total - 1 : total;
        if (end > this.maxBytes) throw lineTooLong(this.line, this.maxBytes);
        this.onLine(whole, 0, end, this.line);
      }
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.partBytes += chunk.length - start;
      // One byte more than the bound may be the `\r` of a `\r\n`: the line is too long only past it.
      if (this.partBytes > this.maxBytes + 1) throw lineTooLong(this.line + 1, this.maxBytes);
      // A copy: a few bytes left of a large chunk do not keep the chunk.
      this.parts.push(Buffer.from(chunk.subarray(start)));
    }
  }

  /** Hands over the last line, when the input does not end with a line end. */
  end(): void {
    if (this.partBytes === 0) return;
    const whole = Buffer.concat(this.parts, this.partBytes);
    this.parts = [];
    this.partBytes = 0;
    this.line++;
    const end = whole[whole.length - 1] === 13 ? whole.length - 1 : whole.length;
    if (end > this.maxBytes) throw lineTooLong(this.line, this.maxBytes);
    this.onLine(whole, 0, end, this.line);
  }
}

/**
 * Whether a parsed value holds a string (a value or a key, at any depth) longer than
 * {@link MAX_JSON_FIELD_CHARS}. Walks with a stack of its own: no recursion on deep values.
 */
export function hasLongString(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.length > MAX_JSON_FIELD_CHARS) return true;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      for (const key of Object.keys(v)) {
        if (key.length > MAX_JSON_FIELD_CHARS) return true;
        stack.push((v as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

function tooDeep(where: string): InputLimitError {
  return new InputLimitError(`${where} nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`);
}

function tooManyMarks(where: string): InputLimitError {
  return new InputLimitError(`${where} holds more than ${fmt(MAX_JSON_MARKS)} keys and values (counted as its [ { : and , marks)`);
}

/**
 * Which bound, if any, the JSON text `bytes[start, end)` passes, read from the bytes without
 * parsing them (strings and their escapes aside): `'depth'` ({@link MAX_JSON_DEPTH}), `'marks'`
 * ({@link MAX_JSON_MARKS}), else null. Stops at the first byte past a bound.
 */
export function shapeProblem(bytes: Uint8Array, start: number, end: number): 'depth' | 'marks' | null {
  let depth = 0;
  let marks = 0;
  let inString = false;
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 92) i++;
      else if (b === 34) inString = false;
    } else if (b === 34) inString = true;
    else if (b === 91 || b === 123) {
      if (++depth > MAX_JSON_DEPTH) return 'depth';
      if (++marks > MAX_JSON_MARKS) return 'marks';
    } else if (b === 93 || b === 125) depth--;
    else if ((b === 44 || b === 58) && ++marks > MAX_JSON_MARKS) return 'marks';
  }
  return null;
}

/**
 * The check of an NDJSON line before it is parsed: its depth and marks, when the line is longer
 * than {@link SHAPE_CHECKED_LINE_BYTES}. @throws {@link InputLimitError}
 */
export function checkLineShape(bytes: Uint8Array, start: number, end: number, line: number): void {
  if (end - start <= SHAPE_CHECKED_LINE_BYTES) return;
  const problem = shapeProblem(bytes, start, end);
  if (problem === 'depth') throw tooDeep(`line ${line}`);
  if (problem === 'marks') throw tooManyMarks(`line ${line}`);
}

/** The checks of an NDJSON line past {@link MAX_JSON_FIELD_CHARS} bytes (shorter lines cannot break them). @throws {@link InputLimitError} */
export function checkLongLine(value: unknown, line: number): void {
  if (hasLongString(value)) throw fieldTooLong(`line ${line}`);
}

/**
 * A JSON array read element by element from bytes written in chunks: each element (record) is
 * handed over as it ends. The tokenizer of `@streamparser/json` holds a string until its closing
 * quote, so the bytes since the end of the last record are counted and bounded by
 * {@link MAX_JSON_RECORD_BYTES}; each string is bounded by {@link MAX_JSON_FIELD_CHARS} once read.
 */
export class JsonArrayReader {
  /** Records handed over so far. */
  records = 0;
  private readonly tokenizer: Tokenizer;
  private readonly parser: TokenParser;
  /** Bytes written so far. */
  private written = 0;
  /** The byte offset of the last token seen. */
  private lastToken = 0;
  /** The byte offset just after the last record. */
  private recordEnd = 0;
  /** The byte offsets of the slice being read. */
  private sliceStart = 0;
  private sliceEnd = 0;
  /** Arrays and objects open (the array of records is the first). */
  private depth = 0;
  /** The marks of the record being read ({@link MAX_JSON_MARKS}). */
  private marks = 0;

  /**
   * @param json - The module of `@streamparser/json` (see {@link jsonArrayReader}).
   * @param onRecord - Called with each element of the array and its 1-based number.
   */
  constructor(json: StreamParser, onRecord: (value: unknown, record: number) => void) {
    const { TokenType } = json;
    const tokenizer = (this.tokenizer = new json.Tokenizer());
    const parser = (this.parser = new json.TokenParser({ paths: ['$.*'], keepStack: false }));
    tokenizer.onToken = (t: ParsedTokenInfo): void => {
      this.lastToken = t.offset;
      const token = t.token;
      if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
        // Depth 1 is the array of records: a record's marks are those at depth 2 and deeper.
        if (++this.depth > MAX_JSON_DEPTH + 1) throw tooDeep(`record ${this.records + 1}`);
        if (this.depth > 1 && ++this.marks > MAX_JSON_MARKS) throw tooManyMarks(`record ${this.records + 1}`);
      } else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) this.depth--;
      else if (token === TokenType.COMMA || token === TokenType.COLON) {
        if (this.depth > 1 && ++this.marks > MAX_JSON_MARKS) throw tooManyMarks(`record ${this.records + 1}`);
      } else if (typeof t.value === 'string' && t.value.length > MAX_JSON_FIELD_CHARS) throw fieldTooLong(`record ${this.records + 1}`);
      parser.write(t);
    };
    tokenizer.onEnd = (): void => {
      if (!parser.isEnded) parser.end();
    };
    parser.onError = (e: Error): void => tokenizer.error(e);
    parser.onEnd = (): void => {
      if (!tokenizer.isEnded) tokenizer.end();
    };
    parser.onValue = ({ value }): void => {
      // The end of the record's last token, within the slice being read.
      this.recordEnd = Math.min(Math.max(this.lastToken + 1, this.sliceStart), this.sliceEnd);
      this.marks = 0;
      onRecord(value, ++this.records);
    };
  }

  /**
   * Reads a chunk, in slices, checking the record bound after each.
   * @throws {@link InputLimitError} past a bound; the tokenizer's errors for JSON that is not valid.
   */
  write(chunk: Uint8Array): void {
    for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
      const slice = chunk.subarray(at, Math.min(at + SLICE_BYTES, chunk.length));
      this.sliceStart = this.written;
      this.sliceEnd = this.written + slice.length;
      this.tokenizer.write(slice);
      this.written = this.sliceEnd;
      if (this.written - this.recordEnd > MAX_JSON_RECORD_BYTES && !this.tokenizer.isEnded) {
        throw new InputLimitError(
          `record ${this.records + 1} of the JSON array is longer than ${fmt(MAX_JSON_RECORD_BYTES)} bytes (an unclosed string, or not an array of records)`,
        );
      }
    }
  }

  /** Ends the input. @throws the tokenizer's error when the array is not closed. */
  end(): void {
    if (!this.tokenizer.isEnded) this.tokenizer.end();
  }
}

/**
 * A {@link JsonArrayReader}, its tokenizer's module loaded now: a report of CSV or NDJSON does not
 * load it.
 */
export async function jsonArrayReader(onRecord: (value: unknown, record: number) => void): Promise<JsonArrayReader> {
  return new JsonArrayReader(await import('@streamparser/json'), onRecord);
}
