/**
 * The byte scanner on hand-written inputs: the batch it gives (offsets, escapes, rows of another
 * width), each CSV form it reads itself, the handover to the string path (its rows and exact
 * errors), its bounds, and `openSource`'s byte batches against its string batches.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type ByteBatch, csvByteBatches, findHeaderEnd } from '../../src/cli/csv-bytes.js';
import { type CsvRangeOptions, type RecordBatch, type Source, csvRangeBatches, csvRangeByteBatches, openSource } from '../../src/cli/input.js';
import { cellText, chunksOf, everyByte, readAll, type Reading } from './csv-bytes-read.js';
import { fixture, tempDir } from './helpers.js';

const file = tempDir();

/** Options for a part of a file starting at its row 1, line 2 (after a one-line header). */
function options(width: number, columns: readonly number[] | null, more: Partial<CsvRangeOptions> = {}): CsvRangeOptions {
  return { name: 'tickets.csv', delimiter: ',', rowEnd: 'lf', width, columns, firstRow: 1, firstLine: 2, size: 1000, ...more };
}

/** Every batch of a byte reading. */
async function batchesOf(
  chunks: AsyncIterable<Uint8Array>,
  o: CsvRangeOptions,
  limits?: { capacity: number; maxRowBytes: number },
): Promise<(ByteBatch | RecordBatch)[]> {
  const all: (ByteBatch | RecordBatch)[] = [];
  for await (const b of csvByteBatches(chunks, o, limits)) {
    // Copied: the next batch may reuse the buffer and offsets.
    all.push('kind' in b ? { ...b, bytes: Buffer.from(b.bytes), starts: b.starts.slice(), ends: b.ends.slice(), escaped: b.escaped?.slice() ?? null } : b);
  }
  return all;
}

/** The byte reading and the string reading of the same text, with the same options. */
async function both(text: string | Buffer, o: CsvRangeOptions): Promise<{ bytes: Reading; strings: Reading }> {
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  // The judge reads a row at a time, from 1-byte chunks (64 KiB ones for a long text): every row before an error comes out.
  const cuts = data.length < 100_000 ? everyByte(data) : Array.from({ length: data.length >> 16 }, (_, i) => (i + 1) << 16);
  const strings = await readAll(csvRangeBatches(chunksOf(data, cuts), { ...o, size: 1 }), o.width, o.columns);
  const bytes = await readAll(csvByteBatches(chunksOf(data), o), o.width, o.columns);
  return { bytes, strings };
}

describe('csvByteBatches: the batch', () => {
  it('gives the byte offsets of the selected cells, rows numbered from firstRow', async () => {
    // "a,bb,c\n" is bytes 0–6; "dd,e,\n" bytes 7–12: cells at [0,1) [2,4) [5,6) and [7,9) [10,11) [12,12).
    const [b, ...rest] = await batchesOf(chunksOf(Buffer.from('a,bb,c\ndd,e,\n')), options(3, [2, 0], { firstRow: 41 }));
    expect(rest).toEqual([]);
    const batch = b as ByteBatch;
    expect(batch.kind).toBe('bytes');
    expect(batch.length).toBe(2);
    expect(batch.firstRow).toBe(41);
    expect(batch.columns).toEqual([0, 2]);
    expect([...batch.starts.subarray(0, 4)]).toEqual([0, 5, 7, 12]);
    expect([...batch.ends.subarray(0, 4)]).toEqual([1, 6, 9, 12]);
    expect(batch.escaped).toBeNull();
    expect(batch.odd).toBeNull();
  });

  it('reads every column when columns is null, and drops repeated or unknown ones', async () => {
    const [all] = (await batchesOf(chunksOf(Buffer.from('a,b\n')), options(2, null))) as ByteBatch[];
    expect(all?.columns).toEqual([0, 1]);
    const [some] = (await batchesOf(chunksOf(Buffer.from('a,b\n')), options(2, [1, 1, 5, -1]))) as ByteBatch[];
    expect(some?.columns).toEqual([1]);
    expect(cellText(some as ByteBatch, 0)).toBe('b');
  });

  it('gives a quoted cell as the bytes between its quotes, marked where it holds a doubled quote', async () => {
    // Row 1 (bytes 0–16): "x" at [1,2); "say ""hi""" at [5,15) (its text: say "hi"). Row 2 (17–21): "" at [18,18), z at [20,21).
    const text = '"x","say ""hi"""\n"",z\n';
    const [b] = (await batchesOf(chunksOf(Buffer.from(text)), options(2, null))) as ByteBatch[];
    const batch = b as ByteBatch;
    expect([...batch.starts.subarray(0, 4)]).toEqual([1, 5, 18, 20]);
    expect([...batch.ends.subarray(0, 4)]).toEqual([2, 15, 18, 21]);
    expect([...(batch.escaped as Uint8Array).subarray(0, 4)]).toEqual([0, 1, 0, 0]);
    expect([0, 1, 2, 3].map((at) => cellText(batch, at))).toEqual(['x', 'say "hi"', '', 'z']);
  });

  it('clears the escapes of a batch before the next one', async () => {
    const batches = (await batchesOf(chunksOf(Buffer.from('"a""b"\nc\n')), options(1, null, { size: 1 }))) as ByteBatch[];
    expect(batches.map((b) => b.escaped === null)).toEqual([false, true]);
    expect(batches.map((b) => cellText(b, 0))).toEqual(['a"b', 'c']);
  });

  it('gives a row of another width whole, as the string scanner gives it', async () => {
    const text = 'a,b,c\nd,"e,f"\ng,h,i,"j\nk"\n';
    const [b] = (await batchesOf(chunksOf(Buffer.from(text)), options(3, [1]))) as ByteBatch[];
    expect(b?.length).toBe(3);
    expect([...(b?.odd ?? new Map<number, string[]>())]).toEqual([
      [1, ['d', 'e,f']],
      [2, ['g', 'h', 'i', 'j\nk']],
    ]);
    const { bytes, strings } = await both(text, options(3, [1]));
    expect(bytes).toEqual(strings);
    expect(bytes.rows).toEqual(['1 ["b"]', '2 (has 2 fields, the header has 3) ["d","e,f"]', '3 (has 4 fields, the header has 3) ["g","h","i","j\\nk"]']);
  });

  it('gives batches of at most size rows, numbered on', async () => {
    const text = Array.from({ length: 10 }, (_, i) => `${i}`).join('\n');
    const batches = (await batchesOf(chunksOf(Buffer.from(text)), options(1, null, { size: 4, firstRow: 7 }))) as ByteBatch[];
    expect(batches.map((b) => [b.firstRow, b.length])).toEqual([
      [7, 4],
      [11, 4],
      [15, 2],
    ]);
  });
});

describe('csvByteBatches: what it reads, as the string path does', () => {
  const cases: [string, string, Partial<CsvRangeOptions>, number, string[]][] = [
    ['LF rows, the last without a row end', 'a,b\nc,d', {}, 2, ['1 ["a","b"]', '2 ["c","d"]']],
    ['a CR in an LF file is text', 'a\r,b\r\n', {}, 2, ['1 ["a\\r","b\\r"]']],
    ['CRLF rows; a lone LF and a lone CR are text', 'a\nb,c\rd\r\ne,f\r', { rowEnd: 'crlf' }, 2, ['1 ["a\\nb","c\\rd"]', '2 ["e","f\\r"]']],
    ['empty lines are skipped, a row of spaces is a row', '\n\na,b\n\n  \n', {}, 2, ['1 ["a","b"]', '2 (has 1 fields, the header has 2) ["  "]']],
    ['empty CRLF lines', '\r\n\r\na,b\r\n\r\n', { rowEnd: 'crlf' }, 2, ['1 ["a","b"]']],
    ['line breaks inside quotes', '"a\nb","c\r\nd"\n"e\rf",""\n', {}, 2, ['1 ["a\\nb","c\\r\\nd"]', '2 ["e\\rf",""]']],
    ['CRLF inside quotes of a CRLF file', '"a\r\nb","c\nd\r"\r\nx,y\r\n', { rowEnd: 'crlf' }, 2, ['1 ["a\\r\\nb","c\\nd\\r"]', '2 ["x","y"]']],
    ['a quoted last field at the end of the input', 'a,"b"', {}, 2, ['1 ["a","b"]']],
    ['a trailing delimiter is an empty last field', 'a,\n,', {}, 2, ['1 ["a",""]', '2 ["",""]']],
    ['UTF-8 of every length, invalid bytes as U+FFFD', 'é,€\n😀,\u{10FFFF}\n', {}, 2, ['1 ["é","€"]', '2 ["😀","\u{10FFFF}"]']],
    ['TSV', 'a\tb,c\n', { delimiter: '\t' }, 2, ['1 ["a","b,c"]']],
  ];
  for (const [title, text, more, width, rows] of cases) {
    it(title, async () => {
      const { bytes, strings } = await both(text, options(width, null, more));
      expect(bytes).toEqual(strings);
      expect(bytes).toEqual({ rows, error: null });
    });
  }

  it('decodes invalid UTF-8 as the string path does', async () => {
    const text = Buffer.concat([Buffer.from('a'), Buffer.of(0xff, 0xe2, 0x82), Buffer.from(',"'), Buffer.of(0xf0, 0x9f), Buffer.from('"\n')]);
    const { bytes, strings } = await both(text, options(2, null));
    expect(bytes).toEqual(strings);
    expect(bytes.rows).toEqual(['1 ["a\uFFFD\uFFFD","\uFFFD"]']);
  });

  it('reads with a delimiter that is not ASCII through the string path', async () => {
    const o = options(2, [0], { delimiter: '§' });
    const batches = await batchesOf(chunksOf(Buffer.from('a§b\nc§d\n')), o);
    expect(batches.every((b) => !('kind' in b))).toBe(true);
    const { bytes, strings } = await both('a§b\nc§d\n', o);
    expect(bytes).toEqual(strings);
    expect(bytes.rows).toEqual(['1 ["a"]', '2 ["c"]']);
  });

  it('refuses a delimiter the string path refuses, with its message', async () => {
    const o = options(1, null, { delimiter: '"' });
    await expect(readAll(csvByteBatches(chunksOf(Buffer.from('a\n')), o), 1, null)).resolves.toEqual({
      rows: [],
      error: 'RangeError: the delimiter must be one character other than a quote or a line end, got "\\""',
    });
  });

  it('refuses a row bound over the buffer', async () => {
    await expect(readAll(csvByteBatches(chunksOf(Buffer.from('a\n')), options(1, null), { capacity: 4, maxRowBytes: 5 }), 1, null)).resolves.toEqual({
      rows: [],
      error: 'RangeError: maxRowBytes must be from 1 to capacity',
    });
  });
});

describe('csvByteBatches: broken input is handed to the string path', () => {
  const broken: [string, string, Partial<CsvRangeOptions>, string][] = [
    // Line 2 is the range's first line: the broken row is on line 3.
    ['a quote inside an unquoted field', 'a,b\nc,d"e\n', {}, 'line 3: a quote inside unquoted field 2, after "d"'],
    ['text after a closing quote', 'a,b\n"c"d,e\n', {}, 'line 3: "d" after the closing quote of field 1'],
    ['an LF after a closing quote in a CRLF file', 'a,b\r\n"c"\n,e\r\n', { rowEnd: 'crlf' }, 'line 3: a line feed after the closing quote of field 1'],
    ['a CR after a closing quote in an LF file', 'a,b\n"c"\r\n', {}, 'line 3: a carriage return after the closing quote of field 1'],
    ['a CR last after a closing quote in a CRLF file', 'a,b\r\n"c"\r', { rowEnd: 'crlf' }, 'line 3: a carriage return after the closing quote of field 1'],
    // The quote opens on line 4, after a quoted field over lines 2–3.
    ['a quote never closed', '"a\nb",c\n"d,e\nf\n', {}, 'line 4: the quote opening field 1 is never closed'],
  ];
  for (const [title, text, more, message] of broken) {
    it(title, async () => {
      const { bytes, strings } = await both(text, options(2, [1], more));
      expect(bytes).toEqual(strings);
      expect(bytes.error).toContain(`InputError: tickets.csv is not readable CSV at ${message}`);
    });
  }

  it('names the line of an error after thousands of good rows, as the string path does', async () => {
    // 5000 rows on lines 2–5001 (a quoted line break in every 10th row adds 500 lines): the broken row is on line 5502.
    const rows = Array.from({ length: 5000 }, (_, i) => (i % 10 === 0 ? `"t\n${i}",${i}` : `t${i},${i}`));
    const text = `${rows.join('\n')}\nx,y"z\nlast,row\n`;
    const { bytes, strings } = await both(text, options(2, [0], { size: 256 }));
    expect(bytes.error).toBe(strings.error);
    expect(bytes.error).toBe(
      'InputError: tickets.csv is not readable CSV at line 5502: a quote inside unquoted field 2, after "y" (a field holding a quote must be quoted whole, with the quote doubled)',
    );
    expect(bytes.rows).toEqual(strings.rows);
    expect(bytes.rows).toHaveLength(5000);
  });

  it('hands a row of 2 MiB to the string path, and reads the rest there', async () => {
    // Three fields of 700,000 bytes (each under the string path's 1 Mi-character field bound).
    const long = ['x'.repeat(700_000), 'y'.repeat(700_000), 'z'.repeat(700_000)].join(',');
    const text = `a,b,c\n${long}\nd,e,f\n`;
    const o = options(3, [1]);
    const batches = await batchesOf(chunksOf(Buffer.from(text), [65_536, 131_072]), o);
    expect(batches.map((b) => ('kind' in b ? 'bytes' : 'strings'))).toEqual(['bytes', 'strings']);
    const { bytes, strings } = await both(text, o);
    expect(bytes).toEqual(strings);
    expect(bytes.rows.map((r) => r.length)).toEqual([7, 700_006, 7]);
  });

  it("a row over the bounds fails with the string path's message, memory flat", async () => {
    // 50 MB of "a" with no line end, made as it is read: the string path stops at the field bound.
    let most = 0;
    let made = 0;
    async function* letters(): AsyncGenerator<Uint8Array> {
      const chunk = Buffer.alloc(64 * 1024, 'a');
      for (; made < 50_000_000; made += chunk.length) {
        most = Math.max(most, process.memoryUsage().arrayBuffers);
        // (As a file stream does, each chunk comes later.)
        await Promise.resolve();
        yield chunk;
      }
    }
    const read = await readAll(csvByteBatches(letters(), options(1, null)), 1, null);
    expect(read).toEqual({
      rows: [],
      error:
        'InputError: tickets.csv: the row at line 2 has a field longer than 1,048,576 characters (an unclosed quote, a wrong delimiter, or not a CSV export)',
    });
    expect(most).toBeLessThan(64 * 1024 * 1024);
    // It stopped reading soon after the bound (the 4 MiB buffer, then the string path's 1 Mi characters).
    expect(made).toBeLessThan(8 * 1024 * 1024);
  });

  it('reads a quoted field longer than the buffer through the string path', async () => {
    const text = `a,"${'q'.repeat(100)}\n${'r'.repeat(100)}"\nb,c\n`;
    const o = options(2, null);
    const limits = { capacity: 64, maxRowBytes: 32 };
    const batches = await batchesOf(chunksOf(Buffer.from(text), [10, 20, 70]), o, limits);
    expect(batches.map((b) => ('kind' in b ? 'bytes' : 'strings'))).toEqual(['strings']);
    const read = await readAll(csvByteBatches(chunksOf(Buffer.from(text)), o, limits), 2, null);
    expect(read).toEqual((await both(text, o)).strings);
  });

  it('closes the input when the reader stops early', async () => {
    const stream = Readable.from([Buffer.from('a\nb\n')], { objectMode: false });
    for await (const b of csvByteBatches(stream, options(1, null, { size: 1 }))) {
      expect('kind' in b).toBe(true);
      break;
    }
    expect(stream.destroyed).toBe(true);
  });
});

describe('findHeaderEnd', () => {
  const cases: [string, string | Buffer, ReturnType<typeof findHeaderEnd>][] = [
    ['an LF', 'a,b\nc', { dataStart: 4, rowEnd: 'lf', headerLines: 1 }],
    ['a CRLF', 'a,b\r\nc', { dataStart: 5, rowEnd: 'crlf', headerLines: 1 }],
    ['after a byte order mark', Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), Buffer.from('a\n')]), { dataStart: 5, rowEnd: 'lf', headerLines: 1 }],
    ['a quoted line break (LF file: both count)', '"a\r\nb\nc",d\ne', { dataStart: 11, rowEnd: 'lf', headerLines: 3 }],
    ['a quoted line break (CRLF file: only CRLF counts)', '"a\r\nb\nc",d\r\ne', { dataStart: 12, rowEnd: 'crlf', headerLines: 2 }],
    ['a CR-only row end', 'a,b\rc,d\r', null],
    ['a CR last (cannot tell)', 'a,b\r', null],
    ['an empty line first', '\na,b\n', null],
    ['a CR first', '\r\na,b\n', null],
    ['no row end', 'a,b', null],
    ['nothing', '', null],
    ['a quote never closed', '"a,b\nc\n', null],
  ];
  for (const [title, head, expected] of cases) it(title, () => expect(findHeaderEnd(typeof head === 'string' ? Buffer.from(head) : head)).toEqual(expected));
});

describe('csvRangeByteBatches', () => {
  it('reads a range of a file as csvRangeBatches does', async () => {
    const path = fixture('tickets.csv');
    const text = readFileSync(path);
    const start = text.indexOf(0x0a) + 1;
    const width = text.subarray(0, start).toString().split(',').length;
    const o = options(width, [0, 2]);
    const bytes = await readAll(csvRangeByteBatches(createReadStream(path, { start }), o), width, o.columns);
    const strings = await readAll(csvRangeBatches(createReadStream(path, { start }), o), width, o.columns);
    expect(bytes).toEqual(strings);
    expect(bytes.rows).toHaveLength(8);
  });

  it('reports a read error as the string path does', async () => {
    const stream = new PassThrough();
    stream.destroy(new Error('disk on fire'));
    const read = await readAll(csvRangeByteBatches(stream, options(1, null)), 1, null);
    expect(read).toEqual({ rows: [], error: 'Error: disk on fire' });
  });
});

describe('openSource: byteBatches ≡ batches', () => {
  /** Opens the same input twice (a path, or bytes on standard input). */
  async function open(input: string | Buffer, delimiter?: string): Promise<[Source, Source]> {
    const one = async (): Promise<Source> => {
      if (typeof input === 'string') return openSource(input, new PassThrough(), { delimiter });
      const stdin = new PassThrough();
      stdin.end(input);
      return openSource('-', stdin, { delimiter });
    };
    return [await one(), await one()];
  }

  /**
   * Reads one source by bytes and the other by strings: the same header and rows (where an error
   * stops them, the same message, and the rows each gave before it are the first rows of the file:
   * they come in batches, and the batch the error is in is not given).
   */
  async function expectSame(input: string | Buffer, columns: readonly number[] | null, delimiter?: string): Promise<Reading> {
    const [a, b] = await open(input, delimiter);
    expect(a.header).toEqual(b.header);
    const width = (a.header as string[]).length;
    const read = (columns ?? Array.from({ length: width }, (_, c) => c)).filter((c) => c < width);
    if (a.byteBatches === undefined) throw new Error('no byte batches');
    const bytes = await readAll(a.byteBatches(3, read), width, read);
    const strings = await readAll(b.batches(3, read), width, read);
    expect(bytes.error).toBe(strings.error);
    if (strings.error === null) expect(bytes.rows).toEqual(strings.rows);
    else {
      const n = Math.min(bytes.rows.length, strings.rows.length);
      expect(bytes.rows.slice(0, n)).toEqual(strings.rows.slice(0, n));
    }
    return bytes;
  }

  it('the same header and rows for CSV, BOM + CRLF, TSV, ; and |, gzip, standard input', async () => {
    const names = [
      'tickets.csv',
      'tickets-bom-crlf.csv',
      'tickets.tsv',
      'tickets-semicolon.csv',
      'tickets-pipe.csv',
      'quoted.csv',
      'wrong-width.csv',
      'header-only.csv',
    ];
    for (const name of [...names, 'zendesk.csv', 'freshdesk.csv', 'kpi-kit.csv', 'after-hours.csv', 'zones.csv']) {
      const path = fixture(name);
      const read = await expectSame(path, [0, 1, 3]);
      expect(read.error).toBeNull();
      await expectSame(file(`${name}.gz`, gzipSync(readFileSync(path))), [1]);
      await expectSame(readFileSync(path), null);
      await expectSame(gzipSync(readFileSync(path)), [0]);
    }
  });

  it('with --delimiter, and a header with a quoted line break (lines counted on)', async () => {
    const text = '"ti\r\ncket";x\r\n1;2\r\n3;"4\r\n5"\r\n6;7"\r\n';
    const read = await expectSame(Buffer.from(text), null, ';');
    // Header on lines 1–2, rows on 3, 4–5; the broken row on line 6.
    expect(read.error).toBe(
      'InputError: standard input is not readable CSV at line 6: a quote inside unquoted field 2, after "7" (a field holding a quote must be quoted whole, with the quote doubled)',
    );
  });

  it('a broken file gives the same error', async () => {
    const read = await expectSame(fixture('broken-quote.csv'), [0]);
    expect(read.error).toMatch(/^InputError: .*broken-quote\.csv is not readable CSV at line \d+/);
  });

  it('a gzip file cut short gives the same error', async () => {
    const whole = gzipSync(Buffer.from(`id,x\n${'1,2\n'.repeat(200_000)}`));
    const read = await expectSame(file('cut.csv.gz', whole.subarray(0, whole.length - 20)), [1]);
    expect(read.error).toMatch(/^InputError: cannot read .*cut\.csv\.gz: not valid gzip/);
  });

  it('no byte batches where the header is not in the first bytes read (64 KiB to 1 MiB), or has a CR-only row end', async () => {
    const long = file('long-header.csv', `${'h'.repeat(600_000)},${'x'.repeat(600_000)}\n1,2\n`);
    const cr = file('cr.csv', 'a,b\r1,2\r');
    const empty = file('empty-first.csv', '\na,b\n1,2\n');
    for (const path of [long, cr, empty]) {
      const [source] = await open(path);
      expect(source.byteBatches).toBeUndefined();
      expect(source.header?.length).toBe(2);
    }
  });

  it('a header whose quoting is broken is refused as before', async () => {
    const path = file('bad-header.csv', 'a"b,c\n1,2\n');
    await expect(openSource(path, new PassThrough(), {})).rejects.toThrow('bad-header.csv is not readable CSV at line 1: a quote inside unquoted field 1');
    // Its row end found (the quotes pair up), its cells not readable.
    const after = file('text-after-quote.csv', '"a"b,c\n1,2\n');
    await expect(openSource(after, new PassThrough(), {})).rejects.toThrow(
      'text-after-quote.csv is not readable CSV at line 1: "b" after the closing quote of field 1',
    );
  });

  it('reads a file too big for one buffer', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i},"n ""${i}""",${i % 7 === 0 ? 'x,y' : 'z'}`).join('\n');
    const path = file('big.csv', `a,b,c\n${rows}\n`);
    expect(statSync(path).size).toBeGreaterThan(4 * 1024 * 1024);
    const read = await expectSame(path, [1, 2]);
    expect(read.rows).toHaveLength(200_000);
    // Row 8 (i = 7) has 4 fields; row 9 (i = 8) has 3.
    expect(read.rows[7]).toBe('8 (has 4 fields, the header has 3) ["7","n \\"7\\"","x","y"]');
    expect(read.rows[8]).toBe('9 ["n \\"8\\"","z"]');
  });
});
