import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { parse as parseSync } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvScanError, CsvScanner, MAX_CSV_FIELD_CHARS, MAX_CSV_RECORD_CHARS, type CsvScanOptions } from '../../src/cli/csv-scan.js';
import { cli, tempDir } from './helpers.js';

const file = tempDir();
const MiB = 1024 * 1024;

/** The rows of `input` fed in pieces cut at `cuts` (byte offsets, any order; out-of-range ones ignored). */
function scan(input: string | Buffer, options: Partial<CsvScanOptions> = {}, cuts: readonly number[] = []): string[][] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const at = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  const scanner = new CsvScanner({ delimiter: ',', ...options });
  let from = 0;
  for (const c of [...at, bytes.length]) {
    scanner.write(bytes.subarray(from, c));
    from = c;
  }
  scanner.end();
  return scanner.take();
}

/** The rows of `input` fed one byte at a time. */
function scanBytes(input: string, options: Partial<CsvScanOptions> = {}): string[][] {
  const bytes = Buffer.from(input, 'utf8');
  return scan(
    bytes,
    options,
    Array.from({ length: bytes.length }, (_, i) => i),
  );
}

/** The error scanning `input` raises. */
function scanError(input: string, options: Partial<CsvScanOptions> = {}, cuts: readonly number[] = []): CsvScanError {
  try {
    scan(input, options, cuts);
  } catch (e) {
    if (e instanceof CsvScanError) return e;
    throw e;
  }
  throw new Error(`no error scanning ${JSON.stringify(input)}`);
}

/** What csv-parse gives with the options the command used with it. */
function csvParse(input: string, delimiter = ','): string[][] {
  const rows: unknown = parseSync(input, { bom: true, delimiter, skip_empty_lines: true, relax_column_count: true });
  return rows as string[][];
}

/**
 * RFC 4180 writing: a field is quoted when it holds the delimiter, a quote or a line break, when it
 * is a row's only field and empty (else the line is empty, and skipped), or when it starts with a
 * BOM (else the first one would be taken for the file's).
 */
function writeCsv(rows: readonly (readonly string[])[], delimiter: string, eol: string): string {
  return rows
    .map((row) =>
      row
        .map((f) =>
          f.includes(delimiter) || /["\r\n]/.test(f) || f.startsWith('\uFEFF') || (row.length === 1 && f === '') ? `"${f.replaceAll('"', '""')}"` : f,
        )
        .join(delimiter),
    )
    .join(eol);
}

// Hand-written cases: the input and the rows read (RFC 4180 section 2's examples first).
const GOLDEN: readonly { name: string; input: string; delimiter?: string; rows: string[][] }[] = [
  {
    name: 'RFC 4180 2.1: CRLF line ends',
    input: 'aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n',
    rows: [
      ['aaa', 'bbb', 'ccc'],
      ['zzz', 'yyy', 'xxx'],
    ],
  },
  {
    name: 'RFC 4180 2.2: no line end after the last row',
    input: 'aaa,bbb,ccc\r\nzzz,yyy,xxx',
    rows: [
      ['aaa', 'bbb', 'ccc'],
      ['zzz', 'yyy', 'xxx'],
    ],
  },
  {
    name: 'RFC 4180 2.5: quoted fields',
    input: '"aaa","bbb","ccc"\r\nzzz,yyy,xxx\r\n',
    rows: [
      ['aaa', 'bbb', 'ccc'],
      ['zzz', 'yyy', 'xxx'],
    ],
  },
  {
    name: 'RFC 4180 2.6: a line break in quotes',
    input: '"aaa","b\r\nbb","ccc"\r\nzzz,yyy,xxx',
    rows: [
      ['aaa', 'b\r\nbb', 'ccc'],
      ['zzz', 'yyy', 'xxx'],
    ],
  },
  { name: 'RFC 4180 2.7: a doubled quote', input: '"aaa","b""bb","ccc"', rows: [['aaa', 'b"bb', 'ccc']] },
  {
    name: 'a quoted delimiter',
    input: 'topic,n\n"billing, refunds",2\n',
    rows: [
      ['topic', 'n'],
      ['billing, refunds', '2'],
    ],
  },
  {
    name: 'LF line ends, a quoted LF',
    input: 'a,b\n"x\ny",z\n',
    rows: [
      ['a', 'b'],
      ['x\ny', 'z'],
    ],
  },
  {
    name: 'CR line ends (old Mac)',
    input: 'a,b\rx,y\r',
    rows: [
      ['a', 'b'],
      ['x', 'y'],
    ],
  },
  {
    name: 'a BOM at the start is dropped; one later is text',
    input: '\uFEFFa,b\n\uFEFFx,y\n',
    rows: [
      ['a', 'b'],
      ['\uFEFFx', 'y'],
    ],
  },
  {
    name: 'empty lines are skipped (LF)',
    input: '\n\na,b\n\n\nx,y\n\n',
    rows: [
      ['a', 'b'],
      ['x', 'y'],
    ],
  },
  {
    name: 'empty lines are skipped (CRLF)',
    input: 'a,b\r\n\r\n\r\nx,y',
    rows: [
      ['a', 'b'],
      ['x', 'y'],
    ],
  },
  { name: 'a line of blanks is a row', input: 'a,b\n  \n', rows: [['a', 'b'], ['  ']] },
  { name: 'a line "" is a row of one empty field', input: 'a,b\n""\n', rows: [['a', 'b'], ['']] },
  {
    name: 'empty fields, a delimiter last',
    input: 'a,b,c\n,,\nx,,\n,y,',
    rows: [
      ['a', 'b', 'c'],
      ['', '', ''],
      ['x', '', ''],
      ['', 'y', ''],
    ],
  },
  { name: 'quoted empty fields', input: '"","",""\n', rows: [['', '', '']] },
  { name: 'blanks are kept', input: ' a , b \n', rows: [[' a ', ' b ']] },
  {
    name: 'TSV',
    input: 'a\tb\n"x\ty"\tz\n',
    delimiter: '\t',
    rows: [
      ['a', 'b'],
      ['x\ty', 'z'],
    ],
  },
  {
    name: 'semicolons, a comma is text',
    input: 'a;b\n1,5;"x;y"\n',
    delimiter: ';',
    rows: [
      ['a', 'b'],
      ['1,5', 'x;y'],
    ],
  },
  {
    name: 'pipes',
    input: 'a|b\nx|y',
    delimiter: '|',
    rows: [
      ['a', 'b'],
      ['x', 'y'],
    ],
  },
  {
    name: 'a delimiter outside ASCII',
    input: 'a§b\né§"x§y"',
    delimiter: '§',
    rows: [
      ['a', 'b'],
      ['é', 'x§y'],
    ],
  },
  {
    name: 'multi-byte UTF-8 and emoji',
    input: 'naïve,日本語\n"😀, 🇩🇪",€\n',
    rows: [
      ['naïve', '日本語'],
      ['😀, 🇩🇪', '€'],
    ],
  },
  // The first line end outside quotes decides which ones end rows (as csv-parse does): the others are text.
  {
    name: 'LF file: a CR is text',
    input: 'a,b\nx,y\rz\n',
    rows: [
      ['a', 'b'],
      ['x', 'y\rz'],
    ],
  },
  {
    name: 'CRLF file: an LF is text',
    input: 'a,b\r\nx,y\nz\r\n',
    rows: [
      ['a', 'b'],
      ['x', 'y\nz'],
    ],
  },
  { name: 'a quoted field last, no line end', input: 'a,"b"', rows: [['a', 'b']] },
  { name: 'only line ends', input: '\r\n\r\n', rows: [] },
  { name: 'nothing', input: '', rows: [] },
];

describe('CsvScanner: hand-written cases', () => {
  for (const g of GOLDEN) {
    it(g.name, () => {
      const options = { delimiter: g.delimiter ?? ',' };
      expect(scan(g.input, options)).toEqual(g.rows);
      // csv-parse reads the same.
      expect(csvParse(g.input, options.delimiter)).toEqual(g.rows);
    });
  }

  it('every case reads the same cut at every byte, and fed byte by byte', () => {
    for (const g of GOLDEN) {
      const options = { delimiter: g.delimiter ?? ',' };
      const n = Buffer.byteLength(g.input);
      for (let cut = 1; cut < n; cut++) expect(scan(g.input, options, [cut]), `${g.name}, cut at ${cut}`).toEqual(g.rows);
      expect(scanBytes(g.input, options), g.name).toEqual(g.rows);
    }
  });

  it('invalid UTF-8 reads as U+FFFD, as Buffer#toString does, however it is cut', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\nx'), Buffer.from([0xff, 0xe2, 0x82]), Buffer.from(',y\n')]);
    const expected = bytes
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split(','));
    for (let cut = 0; cut < bytes.length; cut++) expect(scan(bytes, {}, [cut])).toEqual(expected);
    // A character cut short at the very end of the input.
    expect(scan(Buffer.from([0xe2, 0x82]))).toEqual([[Buffer.from([0xe2, 0x82]).toString('utf8')]]);
  });

  it('rejects a delimiter that is not one character, or is a quote or a line end', () => {
    for (const d of ['', ',,', '"', '\n', '\r']) expect(() => new CsvScanner({ delimiter: d })).toThrow(RangeError);
  });
});

describe('CsvScanner: selected columns', () => {
  it('reads the selected cells of rows of the expected width, and every cell of other rows', () => {
    const input = 'a,b,c\n1,2,3\n4,"5"\n6,7,"8"\n9,10,11,12\n';
    for (let cut = 0; cut < input.length; cut++) {
      const scanner = new CsvScanner({ delimiter: ',' });
      const bytes = Buffer.from(input);
      scanner.write(bytes.subarray(0, 6)); // the header line
      const header = scanner.take();
      expect(header).toEqual([['a', 'b', 'c']]);
      scanner.select(3, [0, 2]);
      scanner.write(bytes.subarray(6, Math.max(6, cut)));
      scanner.write(bytes.subarray(Math.max(6, cut)));
      scanner.end();
      expect(scanner.take()).toEqual([
        ['1', '', '3'],
        ['4', '5'],
        ['6', '', '8'],
        ['9', '10', '11', '12'],
      ]);
    }
  });

  it('a row begun when the selection is made is read whole', () => {
    const scanner = new CsvScanner({ delimiter: ',' });
    scanner.write(Buffer.from('a,b\nx,'));
    expect(scanner.take()).toEqual([['a', 'b']]);
    scanner.select(2, [0]);
    scanner.write(Buffer.from('y\nz,w\n'));
    scanner.end();
    expect(scanner.take()).toEqual([
      ['x', 'y'],
      ['z', ''],
    ]);
  });

  it('select(width, null) reads every cell again', () => {
    const scanner = new CsvScanner({ delimiter: ',' });
    scanner.select(2, [1]);
    scanner.write(Buffer.from('a,b\n'));
    scanner.select(2, null);
    scanner.write(Buffer.from('x,y\n'));
    scanner.end();
    expect(scanner.take()).toEqual([
      ['', 'b'],
      ['x', 'y'],
    ]);
  });
});

describe('CsvScanner: long rows in pieces', () => {
  it('rows longer than 64 KiB, fed in small pieces, read as in one piece (every cell, or selected ones)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'é', '"', ',', '\n', '😀'), maxLength: 40 }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 200, max: 3000 }),
        fc.nat({ max: 6 }),
        (parts, piece, widthDelta) => {
          // Rows of 3 + widthDelta fields, each field 15,000–30,000 characters: a row is 45,000 to 270,000.
          const width = 3 + widthDelta;
          const field = (r: number, c: number): string =>
            `${r}:${c}:${(parts[(r + c) % 3] as string).repeat(1 + Math.floor(15000 / (1 + (parts[(r + c) % 3] as string).length)))}`.slice(
              0,
              15000 + ((r * 7919 + c * 104729) % 15000),
            );
          const rows = [['a', 'b', 'c'], ...Array.from({ length: 3 }, (_, r) => Array.from({ length: r === 1 ? width : 3 }, (_, c) => field(r, c)))];
          const bytes = Buffer.from(writeCsv(rows, ',', '\r\n'));
          const cutsAt = Array.from({ length: Math.ceil(bytes.length / piece) }, (_, i) => i * piece);
          expect(scan(bytes, {}, cutsAt)).toEqual(rows);
          // Selected: rows of the header's width have cells 0 and 2 only; the others every cell.
          const scanner = new CsvScanner({ delimiter: ',' });
          scanner.select(3, [0, 2]);
          for (const c of [...cutsAt.slice(1), bytes.length].map((end, i) => bytes.subarray(cutsAt[i], end))) scanner.write(c);
          scanner.end();
          expect(scanner.take()).toEqual(rows.map((row) => (row.length === 3 ? [row[0], '', row[2]] : row)));
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('CsvScanner: broken quoting names the line', () => {
  // Each input and the line of its error, counted by hand (a quoted line break counts).
  const cases: readonly [string, string, number, RegExp][] = [
    ['a quote inside an unquoted field', 'a,b\nx,y"z\n', 2, /a quote inside unquoted field 2, after "y"/],
    ['a quote after blanks', 'a,b\n "x",y\n', 2, /a quote inside unquoted field 1, after " "/],
    ['text after a closing quote', 'a,b\n"x"y,z\n', 2, /"y" after the closing quote of field 1/],
    ['a blank after a closing quote', 'a,b\n"x" ,z\n', 2, /" " after the closing quote of field 1/],
    ['after quoted line breaks (row 2 starts on line 2, its quote closes on line 4)', 'a,b\n"1\n2\n3"x,z\n', 4, /"x" after the closing quote/],
    ['a CR after a closing quote in a CRLF file', 'a,b\r\n"x"\ry\r\n', 2, /a carriage return after the closing quote of field 1/],
    ['a quote never closed: the line where it opens', 'a,b\n1,2\n3,"4\n5,6\n7,8\n', 3, /the quote opening field 2 is never closed/],
    ['a quote never closed, after quoted line breaks', 'a,"b\r\nc"\r\n"x\r\ny\r\n', 3, /the quote opening field 1 is never closed/],
    ['a quote never closed, after empty lines', '\n\na,b\n\n"x\n', 5, /never closed/],
  ];
  for (const [name, input, line, message] of cases) {
    it(`${name}: line ${line}, however the input is cut`, () => {
      const n = Buffer.byteLength(input);
      for (let cut = 0; cut <= n; cut++) {
        const e = scanError(input, {}, [cut]);
        expect(e.problem).toBe('quote');
        expect(e.line, `cut at ${cut}`).toBe(line);
        expect(e.detail).toMatch(message);
      }
      // csv-parse rejects it too.
      expect(() => csvParse(input)).toThrow();
    });
  }

  it('lines are counted by the row end (LF, CRLF or CR), quoted ones too; other line breaks are text', () => {
    // CRLF file: row 2 on lines 2–3 (the quoted CRLF is a line, the lone CR and LF are not); the bad quote on line 4.
    expect(scanError('a,b\r\n"x\r\ny\rz\nq",w\r\nq,r"\r\n').line).toBe(4);
    // LF file: row 2 on lines 2–4 (two quoted LFs; the CR is text); the bad quote on line 5.
    expect(scanError('a,b\n"x\ny\r\nz",w\nq,r"\n').line).toBe(5);
    // CR file: row 2 on lines 2–3; the bad quote on line 4.
    expect(scanError('a,b\r"x\r\ny",w\rq,r"\r').line).toBe(4);
  });

  it('a part of a file: its row end, first line and no BOM dropped, as given', () => {
    const scanner = new CsvScanner({ delimiter: ',', rowEnd: 'crlf', firstLine: 41, bom: false });
    scanner.write(Buffer.from('\uFEFFx,y\ni\r\n'));
    expect(scanner.take()).toEqual([['\uFEFFx', 'y\ni']]);
    expect(() => scanner.write(Buffer.from('"a\r\nb"c\r\n'))).toThrow(expect.objectContaining({ line: 43 }));
  });
});

describe('CsvScanner: bounds', () => {
  it('a field of maxFieldChars characters is read; one more is an error naming its row’s line', () => {
    const options = { maxFieldChars: 10, maxRecordChars: 100 };
    expect(scan('a\n0123456789\n', options)).toEqual([['a'], ['0123456789']]);
    expect(scan('a\n"01234567"\n', options)).toEqual([['a'], ['01234567']]);
    for (const input of ['a\n\n01234567890\n', 'a\n\n"012345678"\n', 'a\n\nx,"0123456789\n']) {
      for (let cut = 0; cut <= input.length; cut++) {
        const e = scanError(input, options, [cut]);
        expect(e.problem).toBe('field');
        expect(e.line).toBe(3);
        expect(e.detail).toBe('a field of the row is longer than 10 characters');
      }
    }
  });

  it('a row of maxRecordChars characters is read; one more is an error naming its line', () => {
    const options = { maxFieldChars: 10, maxRecordChars: 20 };
    const row = '0123456789,012345678'; // 20 characters
    expect(scan(`h\n${row}\n`, options)).toEqual([['h'], ['0123456789', '012345678']]);
    const input = `h\n${row}9\n`;
    for (let cut = 0; cut <= input.length; cut++) {
      const e = scanError(input, options, [cut]);
      expect(e.problem).toBe('record');
      expect(e.line).toBe(2);
      expect(e.detail).toBe('the row is longer than 20 characters');
    }
  });

  it(`the bounds are ${MAX_CSV_FIELD_CHARS.toLocaleString('en-US')} and ${MAX_CSV_RECORD_CHARS.toLocaleString('en-US')} characters`, () => {
    expect(MAX_CSV_FIELD_CHARS).toBe(MiB);
    expect(MAX_CSV_RECORD_CHARS).toBe(8 * MiB);
  });

  /** Feeds 64 KiB chunks of `fill` after `head` until the scanner fails; the bytes fed and the error. */
  function feedUntilError(head: string, fill: string, cap: number): { fed: number; error: CsvScanError } {
    const scanner = new CsvScanner({ delimiter: ',' });
    const chunk = Buffer.from(fill.repeat(Math.ceil(65536 / fill.length)).slice(0, 65536));
    let fed = 0;
    try {
      scanner.write(Buffer.from(head));
      fed += head.length;
      while (fed < cap) {
        scanner.write(chunk);
        fed += chunk.length;
        scanner.take();
      }
      scanner.end();
    } catch (e) {
      if (e instanceof CsvScanError) return { fed, error: e };
      throw e;
    }
    throw new Error(`no error after ${fed} bytes`);
  }

  it('200 MB of zeros: the field bound stops the scan after about 1 MiB', () => {
    const { fed, error } = feedUntilError('', '0', 200e6);
    expect(error.problem).toBe('field');
    expect(error.line).toBe(1);
    expect(fed).toBeLessThanOrEqual(MAX_CSV_FIELD_CHARS + 65536);
  });

  it('an open quote, then 200 MB: the field bound stops the scan after about 1 MiB', () => {
    const { fed, error } = feedUntilError('a,b\n1,"', 'x\n', 200e6);
    expect(error.problem).toBe('field');
    expect(error.line).toBe(2);
    expect(fed).toBeLessThanOrEqual(MAX_CSV_FIELD_CHARS + 65536 + 10);
  });

  it('200 MB of short fields and no line end: the row bound stops the scan after about 8 MiB', () => {
    const { fed, error } = feedUntilError('a,b\n', '0,', 200e6);
    expect(error.problem).toBe('record');
    expect(error.line).toBe(2);
    expect(fed).toBeLessThanOrEqual(MAX_CSV_RECORD_CHARS + 65536 + 10);
  });
});

// Cells of random text: the characters CSV treats specially, multi-byte ones and emoji, and any text.
const special = fc.constantFrom(',', ';', '\t', '|', '"', '\n', '\r', '\r\n', ' ', 'é', '€', '日', '😀', '🇩🇪', '\uFEFF', 'a', 'b', '0');
const cellText = fc.oneof(fc.string({ unit: special, maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 8 }));
const table = fc.array(fc.array(cellText, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 });
const cuts = fc.array(fc.nat({ max: 2000 }), { maxLength: 8 });

describe('CsvScanner: properties', () => {
  it('a table written as CSV with RFC 4180 quoting reads back as it was, however the bytes are cut', () => {
    fc.assert(
      fc.property(
        table,
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.boolean(),
        cuts,
        (rows, delimiter, eol, bom, lastEol, at) => {
          const text = (bom ? '\uFEFF' : '') + writeCsv(rows, delimiter, eol) + (lastEol ? eol : '');
          expect(scan(text, { delimiter }, at)).toEqual(rows);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('agrees with csv-parse on random text: the same rows, or both reject it', () => {
    const unit = fc.constantFrom(',', '"', '""', '\n', '\r', '\r\n', ' ', 'x', 'é', '😀');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), cuts, (text, at) => {
        let expected: string[][] | 'error';
        try {
          expected = csvParse(text);
        } catch {
          expected = 'error';
        }
        let actual: string[][] | 'error';
        try {
          actual = scan(text, {}, at);
        } catch (e) {
          if (!(e instanceof CsvScanError)) throw e;
          actual = 'error';
        }
        expect(actual).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with csv-parse on random valid tables (any delimiter and line end)', () => {
    fc.assert(
      fc.property(table, fc.constantFrom(',', ';', '\t', '|'), fc.constantFrom('\n', '\r\n'), (rows, delimiter, eol) => {
        const text = writeCsv(rows, delimiter, eol) + eol;
        expect(scan(text, { delimiter })).toEqual(csvParse(text, delimiter));
      }),
      { numRuns: 300 },
    );
  });

  it('the error line is where the bad quote is, counting every line break before it', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), cuts, (rows, eol, at) => {
        const good = writeCsv(rows, ',', eol) + eol;
        // Lines before the bad row: one per row end sequence, in quotes or not.
        const lines = good.split(eol).length;
        const e = scanError(`${good}x"y${eol}`, {}, at);
        expect(e.line).toBe(lines);
      }),
      { numRuns: 300 },
    );
  });
});

describe('kpi-kit report: CSV errors', () => {
  it('broken quoting: exit 2, the message names the file, the line and what is wrong', async () => {
    const bad = file('bad-quote.csv', 'created_at,channel\n2024-05-01T09:00:00Z,email\n2024-05-01T10:00:00Z,e"mail\n');
    const r = await cli(['report', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `kpi-kit: ${bad} is not readable CSV at line 3: a quote inside unquoted field 2, after "e" (a field holding a quote must be quoted whole, with the quote doubled)\n`,
    );
    const open = file('open-quote.csv', 'created_at,channel\n2024-05-01T09:00:00Z,"email\n2024-05-01T10:00:00Z,chat\n');
    const o = await cli(['report', open]);
    expect(o.code).toBe(2);
    expect(o.stderr).toContain(`${open} is not readable CSV at line 2: the quote opening field 2 is never closed`);
  });

  it('a gzip of 200 MB of zeros on standard input: exit 2 naming line 1, soon', async () => {
    const path = file('zeros.gz', '');
    const zeros = Buffer.alloc(MiB, 0x30);
    await pipeline(
      Readable.from(
        (function* () {
          for (let i = 0; i < 200; i++) yield zeros;
        })(),
      ),
      createGzip({ level: 1 }),
      createWriteStream(path),
    );
    const { readFileSync } = await import('node:fs');
    const started = performance.now();
    const r = await cli(['report', '-'], { stdin: readFileSync(path) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kpi-kit: standard input: the row at line 1 has a field longer than 1,048,576 characters (an unclosed quote, a wrong delimiter, or not a CSV export)\n',
    );
    // Stopped after about 1 MiB, not after the 200 MB.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
