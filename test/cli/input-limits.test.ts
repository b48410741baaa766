import { PassThrough, Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  jsonArrayReader,
  LineSplitter,
  MAX_JSON_FIELD_CHARS,
  MAX_JSON_DEPTH,
  MAX_JSON_LINE_BYTES,
  MAX_JSON_RECORD_BYTES,
  MAX_JSON_MARKS,
  SHAPE_CHECKED_LINE_BYTES,
  shapeProblem,
} from '../../src/cli/json-input.js';
import { run } from '../../src/cli/main.js';
import { MAX_LISTED_ERRORS } from '../../src/cli/report.js';
import { MAX_ISSUES } from '../../src/core/errors.js';
import { MIN, cli, report, tempDir } from './helpers.js';

const file = tempDir();
const MiB = 1024 * 1024;

/** One NDJSON line of a ticket created at 09:00 and answered `min` minutes later. */
const ticket = (min: number, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ createdAt: '2024-05-01T09:00:00Z', firstResponseMs: min * MIN, ...extra });

/**
 * A stream of `head`, then `fill` repeated (64 KiB at a time), counting the bytes pulled from it;
 * it ends after `cap` bytes, so that a reader without a bound finishes (and fails the test) rather
 * than hangs.
 */
function endless(head: string, fill: string, cap = 256 * MiB): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  const chunk = Buffer.alloc(1 << 16, fill);
  function* bytes(): Generator<Buffer> {
    const first = Buffer.from(head);
    pulled += first.length;
    yield first;
    while (pulled < cap) {
      pulled += chunk.length;
      yield chunk;
    }
  }
  return { stream: Readable.from(bytes()), pulled: () => pulled };
}

/** Runs the command with `stdin` as standard input (any stream). */
async function runWith(argv: readonly string[], stdin: Readable): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on('data', (c: Buffer) => out.push(c));
  const stderr = new PassThrough().on('data', (c: Buffer) => err.push(c));
  const code = await run(argv, { stdin, stdout, stderr });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

const LINE_TOO_LONG = (line: number): string => `kpi-kit: standard input: line ${line} is longer than 8,388,608 bytes (not NDJSON, or a line end missing)\n`;
const RECORD_TOO_LONG = (record: number): string =>
  `kpi-kit: standard input: record ${record} of the JSON array is longer than 8,388,608 bytes (an unclosed string, or not an array of records)\n`;

describe('the bounds', () => {
  it('are 8 MiB a line or record and 1 Mi characters a string', () => {
    expect(MAX_JSON_LINE_BYTES).toBe(8_388_608);
    expect(MAX_JSON_RECORD_BYTES).toBe(8_388_608);
    expect(MAX_JSON_FIELD_CHARS).toBe(1_048_576);
  });
});

describe('NDJSON: a line is bounded', () => {
  it('a line without end on standard input: exit 2 naming it, while a bounded part of the input was read', async () => {
    // Lines 1–3 tickets, line 4 blank, line 5 an unclosed string that never ends.
    const head = `${ticket(10)}\n${ticket(20)}\r\n${ticket(30)}\n\n{"createdAt":"`;
    const input = endless(head, 'x');
    const r = await runWith(['report', '-', '--format', 'json'], input.stream);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(LINE_TOO_LONG(5));
    expect(r.stderr.length).toBeLessThan(300);
    // The error comes once the line passed its bound, and no later than the bytes read ahead
    // (the 64 KiB peek and the stream's buffer of 16 chunks of 64 KiB).
    expect(input.pulled()).toBeGreaterThan(MAX_JSON_LINE_BYTES);
    expect(input.pulled()).toBeLessThan(MAX_JSON_LINE_BYTES + 2 * MiB);
  });

  it('a gzip of zeros without a line end on standard input (--input-format ndjson): exit 2 naming line 1', async () => {
    // The zeros are compressed as they are pulled: the bytes counted are the decompressed ones.
    const zeros = endless('', '0', 512 * MiB);
    const gz = zeros.stream.pipe(createGzip());
    const r = await runWith(['report', '-', '--input-format', 'ndjson'], gz);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(LINE_TOO_LONG(1));
    expect(zeros.pulled()).toBeGreaterThan(MAX_JSON_LINE_BYTES);
    // gzip compresses zeros about 1000:1, so each 16 KiB of compressed bytes buffered on the way
    // holds about 16 MiB of zeros: the bound is 64 MiB out of the 512 MiB on offer.
    expect(zeros.pulled()).toBeLessThan(64 * MiB);
  });

  it('a 20 MB line in a gzip file (sniffed as NDJSON): exit 2 naming line 2', async () => {
    const body = `${ticket(10)}\n{"createdAt":"${'x'.repeat(20_000_000)}"}\n`;
    const path = file('long-line.ndjson.gz', gzipSync(body));
    const r = await cli(['report', path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kpi-kit: ${path}: line 2 is longer than 8,388,608 bytes (not NDJSON, or a line end missing)\n`);
  });

  it('a line of exactly MAX_JSON_LINE_BYTES bytes is read (with a CRLF end too); one byte more is not', async () => {
    // Eight strings of 1,048,000 characters and padding to the exact byte count.
    const line = (bytes: number): string => {
      const fields: Record<string, unknown> = { createdAt: '2024-05-01T09:00:00Z', firstResponseMs: 10 * MIN };
      for (let i = 0; i < 8; i++) fields[`f${i}`] = 'x'.repeat(1_048_000);
      const base = JSON.stringify({ ...fields, pad: '' });
      return JSON.stringify({ ...fields, pad: 'y'.repeat(bytes - base.length) });
    };
    const exact = line(MAX_JSON_LINE_BYTES);
    expect(Buffer.byteLength(exact)).toBe(MAX_JSON_LINE_BYTES);
    for (const end of ['\n', '\r\n', '']) {
      const ok = await report(['-', '--input-format', 'ndjson'], { stdin: `${ticket(20)}\n${exact}${end}` });
      expect(ok.records).toBe(2);
      // 10 and 20 min → 15 min.
      expect(ok.metrics['firstResponseTime'].value).toBe(15 * MIN);
    }
    const over = line(MAX_JSON_LINE_BYTES + 1);
    for (const end of ['\n', '\r\n', '']) {
      const r = await cli(['report', '-', '--input-format', 'ndjson'], { stdin: `${ticket(20)}\n${over}${end}` });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(LINE_TOO_LONG(2));
    }
  });

  it('is an error whatever --on-invalid says', async () => {
    const r = await cli(['report', '-', '--on-invalid', 'exclude'], { stdin: `{"a":"${'x'.repeat(MAX_JSON_LINE_BYTES)}"}` });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(LINE_TOO_LONG(1));
  });
});

describe('NDJSON: a string is bounded', () => {
  it('a string of MAX_JSON_FIELD_CHARS characters is read; one more: exit 2 naming the line', async () => {
    const ok = await report(['-'], { stdin: `${ticket(10)}\n${ticket(20, { note: 'é'.repeat(MAX_JSON_FIELD_CHARS) })}\n` });
    expect(ok.records).toBe(2);
    const r = await cli(['report', '-'], { stdin: `${ticket(10)}\n\n${ticket(20, { note: 'é'.repeat(MAX_JSON_FIELD_CHARS + 1) })}\n` });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kpi-kit: standard input: line 3 holds a string longer than 1,048,576 characters\n');
  });

  it('a key or a nested string counts as well, with --on-invalid exclude too', async () => {
    const key = `{"createdAt":"2024-05-01T09:00:00Z","${'k'.repeat(MAX_JSON_FIELD_CHARS + 1)}":1}`;
    const nested = `{"createdAt":"2024-05-01T09:00:00Z","via":{"tags":["a","${'t'.repeat(MAX_JSON_FIELD_CHARS + 1)}"]}}`;
    for (const line of [key, nested]) {
      const r = await cli(['report', '-', '--on-invalid', 'exclude'], { stdin: `${ticket(10)}\n${line}\n` });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('kpi-kit: standard input: line 2 holds a string longer than 1,048,576 characters\n');
    }
  });
});

describe('NDJSON: lines as before', () => {
  it('a BOM, CRLF ends, blank and blank-looking lines, a bad line: row numbers are line numbers', async () => {
    // Line 1 (BOM), 2 blank, 3 spaces and a tab, 4 not JSON, 5 with a no-break space around it
    // (trimmed, as before), 6 with CRLF; no line end after line 6.
    const text = `\uFEFF${ticket(10)}\r\n\r\n \t \r\n{oops}\r\n\u00A0${ticket(20)}\u00A0\n${ticket(30)}`;
    const r = await report(['-', '--on-invalid', 'exclude'], { stdin: text });
    expect(r.records).toBe(4);
    expect(r.errors).toEqual([{ row: 4, column: null, value: '{oops}', message: `the row is not valid JSON (${jsonError('{oops}')})` }]);
    // Lines 1, 5 and 6: 10, 20 and 30 min → 20 min.
    expect(r.metrics['firstResponseTime'].value).toBe(20 * MIN);
    expect(r.metrics['firstResponseTime'].n).toBe(3);
  });

  it('a character split across two chunks is read whole (after the 64 KiB the format is sniffed from)', async () => {
    const first = `${ticket(10, { channel: 'email', pad: 'p'.repeat(70_000) })}\n`;
    const second = `${ticket(20, { channel: 'café €' })}\n`;
    const bytes = Buffer.from(first + second);
    // Cut inside "€" (3 bytes in UTF-8), then inside "é" (2 bytes).
    const euro = bytes.indexOf(Buffer.from('€'));
    const e = bytes.indexOf(Buffer.from('é'));
    const chunks = [bytes.subarray(0, e + 1), bytes.subarray(e + 1, euro + 2), bytes.subarray(euro + 2)];
    const r = await runWith(['report', '-', '--map', 'channel=channel', '--format', 'json'], Readable.from(chunks));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { metrics: Record<string, { groups: { key: string; count: number }[] }> };
    const groups = doc.metrics['volumeByChannel']?.groups.map((g) => [g.key, g.count]);
    expect(groups?.sort()).toEqual([
      ['café €', 1],
      ['email', 1],
    ]);
  });
});

/** JSON.parse's own message for `text`. */
function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${text} parses`);
}

describe('LineSplitter', () => {
  it('gives the lines of any split of the bytes into chunks: those of the whole, CR before LF left out', () => {
    const line = fc.string({ unit: 'binary', maxLength: 12 }).map((s) => s.replace(/\n/g, ''));
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.boolean())), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), (lines, lastEnds, cuts) => {
        const text = lines.map(([l, crlf], i) => (i < lines.length - 1 || lastEnds ? `${l}${crlf ? '\r\n' : '\n'}` : l)).join('');
        const bytes = Buffer.from(text);
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const got: string[] = [];
        const numbers: number[] = [];
        const splitter = new LineSplitter((b, s, e, n) => {
          got.push(b.toString('utf8', s, e));
          numbers.push(n);
        });
        let from = 0;
        for (const cut of [...at, bytes.length]) {
          splitter.push(bytes.subarray(from, cut));
          from = cut;
        }
        splitter.end();
        // The expected lines: those of the whole text, each without its "\r\n" or "\n"; a last line
        // without end counts when it is not empty.
        const expected = text.split('\n').map((l, i, all) => (i < all.length - 1 && l.endsWith('\r') ? l.slice(0, -1) : l));
        if (expected[expected.length - 1] === '') expected.pop();
        expect(got).toEqual(expected);
        expect(numbers).toEqual(expected.map((_, i) => i + 1));
      }),
    );
  });

  it('fails as soon as a line passes the bound, whatever the chunks', () => {
    const splitter = new LineSplitter(() => undefined, 10);
    splitter.push(Buffer.from('0123456789\nabc'));
    splitter.push(Buffer.from('defghij'));
    // 10 bytes and a "\r" may be a line of 10 with its CRLF.
    splitter.push(Buffer.from('k'));
    expect(() => splitter.push(Buffer.from('l'))).toThrow('line 2 is longer than 10 bytes (not NDJSON, or a line end missing)');
  });
});

describe('JSON array: a record is bounded', () => {
  it('an unclosed string on standard input: exit 2 naming the record, while a bounded part of the input was read', async () => {
    const input = endless(`[${ticket(10)},\n ${ticket(20)}, {"createdAt":"2024-05-01T09:00:00Z","note":"`, 'x');
    const r = await runWith(['report', '-'], input.stream);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(RECORD_TOO_LONG(3));
    expect(r.stderr.length).toBeLessThan(300);
    // The bound counts from the end of record 2 (about 140 bytes in); checked every 64 KiB.
    expect(input.pulled()).toBeGreaterThan(MAX_JSON_RECORD_BYTES);
    expect(input.pulled()).toBeLessThan(MAX_JSON_RECORD_BYTES + 2 * MiB);
  });

  it('a gzip of a string without end on standard input: exit 2 naming record 1', async () => {
    const input = endless('[{"a":"', 'x', 512 * MiB);
    const r = await runWith(['report', '-'], input.stream.pipe(createGzip()));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(RECORD_TOO_LONG(1));
    expect(input.pulled()).toBeGreaterThan(MAX_JSON_RECORD_BYTES);
    expect(input.pulled()).toBeLessThan(64 * MiB);
  });

  it('a number without end, and nine strings of 1 MiB, count as well (gzip file)', async () => {
    const number = `[${ticket(10)},{"firstResponseMs":1${'0'.repeat(9 * MiB)}`;
    const strings: Record<string, string> = {};
    for (let i = 0; i < 9; i++) strings[`s${i}`] = 'x'.repeat(MiB);
    const nine = `[${ticket(10)},${ticket(20, strings)}]`;
    for (const [name, text] of [
      ['number.json.gz', number],
      ['nine.json.gz', nine],
    ] as const) {
      const path = file(name, gzipSync(text));
      const r = await cli(['report', path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`kpi-kit: ${path}: record 2 of the JSON array is longer than 8,388,608 bytes (an unclosed string, or not an array of records)\n`);
    }
  });

  it('records of 7 MiB each are read: the bound is per record, not per array', async () => {
    const seven = (min: number): string =>
      ticket(min, {
        a: 'x'.repeat(MiB),
        b: 'y'.repeat(MiB),
        c: 'z'.repeat(MiB),
        d: 'w'.repeat(MiB),
        e: 'v'.repeat(MiB),
        f: 'u'.repeat(MiB),
        g: 't'.repeat(MiB),
      });
    expect(Buffer.byteLength(seven(10))).toBeLessThan(MAX_JSON_RECORD_BYTES);
    const r = await report(['-'], { stdin: `[${seven(10)},${seven(20)},${seven(30)}]` });
    expect(r.records).toBe(3);
    // 10, 20 and 30 min → 20 min.
    expect(r.metrics['firstResponseTime'].value).toBe(20 * MIN);
  });
});

describe('JSON array: a string is bounded', () => {
  it('a string of MAX_JSON_FIELD_CHARS characters is read; one more (a value or a key): exit 2 naming the record', async () => {
    const ok = await report(['-'], { stdin: `[${ticket(10)},${ticket(20, { note: '€'.repeat(MAX_JSON_FIELD_CHARS) })}]` });
    expect(ok.records).toBe(2);
    for (const record of [ticket(20, { note: '€'.repeat(MAX_JSON_FIELD_CHARS + 1) }), `{"${'k'.repeat(MAX_JSON_FIELD_CHARS + 1)}":1}`]) {
      const r = await cli(['report', '-', '--on-invalid', 'exclude'], { stdin: `[${ticket(10)},${record}]` });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('kpi-kit: standard input: record 2 holds a string longer than 1,048,576 characters\n');
    }
  });

  it('JsonArrayReader hands over each element with its number, whatever the chunks', async () => {
    const text = Buffer.from(`\uFEFF[ {"a":"é"}, 2, [3], "€" ]`);
    for (let cut = 0; cut <= text.length; cut++) {
      const got: [unknown, number][] = [];
      const reader = await jsonArrayReader((v, n) => got.push([v, n]));
      reader.write(text.subarray(0, cut));
      reader.write(text.subarray(cut));
      reader.end();
      expect(got).toEqual([
        [{ a: 'é' }, 1],
        [2, 2],
        [[3], 3],
        ['€', 4],
      ]);
    }
  });
});

describe('nesting is bounded', () => {
  /** A ticket whose "deep" field nests `levels` arrays (the record itself is one level more). */
  const nested = (levels: number, pad = 0): string =>
    `{"createdAt":"2024-05-01T09:00:00Z","firstResponseMs":${10 * MIN},"pad":"${'p'.repeat(pad)}","deep":${'['.repeat(levels)}${']'.repeat(levels)}}`;

  it('a JSON array element 64 levels deep is read; 65: exit 2 naming the record', async () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    const ok = await report(['-'], { stdin: `[${ticket(20)},${nested(63)}]` });
    expect(ok.records).toBe(2);
    const r = await cli(['report', '-', '--on-invalid', 'exclude'], { stdin: `[${ticket(20)},${nested(64)}]` });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kpi-kit: standard input: record 2 nests arrays and objects more than 64 levels deep\n');
  });

  it('an NDJSON line over 64 KiB, 64 levels deep is read; 65: exit 2 naming the line; brackets in strings do not count', async () => {
    const pad = SHAPE_CHECKED_LINE_BYTES;
    const inString = `{"createdAt":"2024-05-01T09:00:00Z","pad":"${'[{\\"'.repeat(pad / 4)}"}`;
    const ok = await report(['-'], { stdin: `${ticket(20)}\n${nested(63, pad)}\n${inString}\n` });
    expect(ok.records).toBe(3);
    const r = await cli(['report', '-'], { stdin: `${ticket(20)}\n${nested(64, pad)}\n` });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kpi-kit: standard input: line 2 nests arrays and objects more than 64 levels deep\n');
  });

  it('an NDJSON line of at most 64 KiB is parsed whatever its depth (it cannot take much memory)', async () => {
    const r = await report(['-'], { stdin: `${ticket(20)}\n${nested(1000)}\n` });
    expect(r.records).toBe(2);
    // 20 and 10 min → 15 min.
    expect(r.metrics['firstResponseTime'].value).toBe(15 * MIN);
  });

  it('shapeProblem reads depth and marks from the bytes, strings and their escapes aside', () => {
    const shape = (text: string): string | null => shapeProblem(Buffer.from(text), 0, Buffer.byteLength(text));
    expect(shape(`${'['.repeat(64)}${']'.repeat(64)}`)).toBeNull();
    expect(shape(`${'['.repeat(65)}${']'.repeat(65)}`)).toBe('depth');
    // 64 levels, then brackets, quotes and colons inside a string with escaped quotes.
    expect(shape(`${'['.repeat(63)}{"a":"[{\\"[[,:,:"}${']'.repeat(63)}`)).toBeNull();
    // [ and 65,535 commas: 65,536 marks; one comma more is one too many.
    expect(shape(`[${'1,'.repeat(65_535)}1]`)).toBeNull();
    expect(shape(`[${'1,'.repeat(65_536)}1]`)).toBe('marks');
    // { : , : → 4 marks.
    expect(shapeProblem(Buffer.from('{"a":1,"b":"x"}'), 0, 15)).toBeNull();
  });
});

describe('keys and values in a record are bounded', () => {
  /**
   * A ticket holding an array of n ones: its marks are { : , : [ (5) and n − 1 commas, n + 4 in all.
   */
  const ones = (n: number): string => `{"createdAt":"2024-05-01T09:00:00Z","t":[${'1,'.repeat(n - 1)}1]}`;

  it('65,536 marks are read, 65,537: exit 2 naming the record or the line', async () => {
    expect(MAX_JSON_MARKS).toBe(65_536);
    expect(Buffer.byteLength(ones(65_532))).toBeGreaterThan(SHAPE_CHECKED_LINE_BYTES);
    expect((await report(['-'], { stdin: `[${ticket(10)},${ones(65_532)}]` })).records).toBe(2);
    expect((await report(['-'], { stdin: `${ticket(10)}\n${ones(65_532)}\n` })).records).toBe(2);
    const json = await cli(['report', '-'], { stdin: `[${ticket(10)},${ones(65_533)}]` });
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('kpi-kit: standard input: record 2 holds more than 65,536 keys and values (counted as its [ { : and , marks)\n');
    const ndjson = await cli(['report', '-'], { stdin: `${ticket(10)}\n${ones(65_533)}\n` });
    expect(ndjson.code).toBe(2);
    expect(ndjson.stderr).toBe('kpi-kit: standard input: line 2 holds more than 65,536 keys and values (counted as its [ { : and , marks)\n');
  });

  it('the marks are counted per record: many records of 60,000 marks each are read', async () => {
    const r = await report(['-'], { stdin: `[${ones(60_000)},${ones(60_000)},${ones(60_000)}]` });
    expect(r.records).toBe(3);
  });
});

describe('errors: the first MAX_LISTED_ERRORS problems by row, all counted', () => {
  /** A CSV of `n` tickets whose first response comes an hour before creation (rows 1..n). */
  const inverted = (n: number): string => `created_at,first_response_at\n${'2024-03-01T10:00:00Z,2024-03-01T09:00:00Z\n'.repeat(n)}`;

  it('150 tickets one metric rejects: all 150 listed by row, the first 100 with the reason', async () => {
    const r = await report([file('inverted-150.csv', inverted(150)), '--on-invalid', 'exclude']);
    expect(MAX_ISSUES).toBe(100);
    expect(r.source['problems']).toBe(150);
    expect(r.excluded).toEqual({ rows: 0, firstResponseTime: 150 });
    expect(r.errors).toHaveLength(150);
    expect(r.errors.map((e) => e.row)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(r.errors[99]).toMatchObject({ row: 100, column: 'first_response_at', value: '2024-03-01T09:00:00.000Z' });
    expect(r.errors[99]?.message).toMatch(/^firstResponseTime: /);
    expect(r.errors[100]).toEqual({
      row: 101,
      column: null,
      value: null,
      message: 'firstResponseTime: the ticket is invalid for this metric (the reason is given for its first 100 invalid tickets)',
    });
  });

  it('1,200 problems: the first 1,000 by row are listed, 1,200 counted; unreadable rows and rejected tickets in one order', async () => {
    // Rows 1–600 rejected by firstResponseTime, rows 601–1200 unreadable (a createdAt of "x").
    const text = `${inverted(600)}${'x,2024-03-01T09:00:00Z\n'.repeat(600)}`;
    const r = await cli(['report', file('inverted-1200.csv', text), '--on-invalid', 'exclude', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { errors: { row: number }[]; source: { problems: number }; excluded: Record<string, number> };
    expect(MAX_LISTED_ERRORS).toBe(1000);
    expect(doc.source.problems).toBe(1200);
    expect(doc.excluded).toEqual({ rows: 600, firstResponseTime: 600 });
    expect(doc.errors.map((e) => e.row)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(r.stderr).toBe(
      'kpi-kit: 600 of 1200 rows left out of every metric; invalid for one metric: firstResponseTime 600; the first 1000 of 1200 problems are listed under "errors"\n',
    );
  });
});
