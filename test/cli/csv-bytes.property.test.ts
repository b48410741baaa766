/**
 * The byte scanner reads what the string scanner reads: over random CSV texts — cells empty, ASCII,
 * unicode (4-byte characters too), invalid UTF-8, spaces, delimiters, quotes, line breaks of every
 * kind, quoted or not; empty lines; rows of other widths; LF and CRLF files; random damage to the
 * quoting — and random cuts of the bytes into chunks (1-byte chunks, cuts inside characters),
 * `csvByteBatches` gives the same rows, row numbers, cells of the selected columns and problems as
 * `csvRangeBatches` over the same bytes, and the same error message where it stops.
 */
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IndexKernel } from '../../src/cli/byte-index.js';
import { csvByteBatches } from '../../src/cli/csv-bytes.js';
import { type CsvRangeOptions, type Source, csvRangeBatches, openSource } from '../../src/cli/input.js';
import { chunksOf, everyByte, readAll, type Reading } from './csv-bytes-read.js';

/** A piece of a cell: text, or raw bytes (invalid UTF-8 among them). */
type Piece = string | Uint8Array;

const DELIMITERS = [',', ';', '\t', '|'] as const;
/** Pieces that make a cell need quotes (the delimiter is added per text). */
const SPECIAL = ['"', '""', '\n', '\r', '\r\n'];

const piece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', 'Z', '0', '9', '-', ':', '.', ' '), maxLength: 5 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom('é', '€', '😀', '\u{10FFFF}', '\uFEFF', ' ', '  ') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      Uint8Array.of(0xff),
      Uint8Array.of(0xe2, 0x82),
      Uint8Array.of(0xf0, 0x9f, 0x98),
      Uint8Array.of(0xc3),
      Uint8Array.of(0x80),
      Uint8Array.of(0xed, 0xa0, 0x80),
      Uint8Array.of(0xc0, 0xaf),
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIAL, 'DELIM') },
);

/** A cell: its pieces, and how it is written (quoted when it must be, or always, or never: then it may break the row). */
const cell = fc.record({
  pieces: fc.array(piece, { maxLength: 4 }),
  quote: fc.constantFrom('auto', 'auto', 'auto', 'auto', 'auto', 'auto', 'always', 'always', 'never'),
});

/** A text's shape: its width, rows (cells, and empty lines before them), row end, whether the last row has one, damage. */
const shape = fc.record({
  delimiter: fc.constantFrom(...DELIMITERS),
  crlf: fc.boolean(),
  width: fc.integer({ min: 1, max: 5 }),
  rows: fc.array(
    fc.record({
      // Another width now and then.
      delta: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, -1, 1, 2),
      cells: fc.array(cell, { minLength: 7, maxLength: 7 }),
      emptyBefore: fc.constantFrom(0, 0, 0, 0, 0, 1, 2),
    }),
    { maxLength: 12 },
  ),
  lastEnd: fc.boolean(),
  damage: fc.array(fc.record({ at: fc.nat(), what: fc.constantFrom('"', '\n', '\r', '', 'DELIM', '""') }), { maxLength: 2 }),
  damaged: fc.boolean(),
});

type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

/** The bytes of a shape. */
function textOf(s: Shape): Buffer {
  const d = s.delimiter;
  const end = s.crlf ? '\r\n' : '\n';
  const parts: Buffer[] = [];
  const utf8 = (t: string): Buffer => Buffer.from(t, 'utf8');
  s.rows.forEach((row, r) => {
    for (let e = 0; e < row.emptyBefore; e++) parts.push(utf8(end));
    const cells = row.cells.slice(0, Math.max(1, s.width + row.delta));
    cells.forEach((c, j) => {
      if (j > 0) parts.push(utf8(d));
      const pieces = c.pieces.map((p) => (p === 'DELIM' ? d : p));
      const special = pieces.some((p) => typeof p === 'string' && (p.includes(d) || p.includes('"') || p.includes('\n') || p.includes('\r')));
      const quoted = c.quote === 'always' || (c.quote === 'auto' && special);
      if (quoted) parts.push(utf8('"'));
      for (const p of pieces) parts.push(typeof p === 'string' ? utf8(quoted ? p.replaceAll('"', '""') : p) : Buffer.from(p));
      if (quoted) parts.push(utf8('"'));
    });
    if (r < s.rows.length - 1 || s.lastEnd) parts.push(utf8(end));
  });
  let bytes = Buffer.concat(parts);
  if (s.damaged) {
    for (const { at, what } of s.damage) {
      const i = bytes.length === 0 ? 0 : at % (bytes.length + 1);
      const insert = utf8(what === 'DELIM' ? d : what);
      // '' deletes the byte at i.
      bytes = Buffer.concat([bytes.subarray(0, i), insert, bytes.subarray(what === '' ? i + 1 : i)]);
    }
  }
  return bytes;
}

/** The byte reading is the string reading: the same rows, or (stopped by an error) the same message and rows the judge's are a prefix of. */
function expectSame(bytes: Reading, strings: Reading): void {
  expect(bytes.error).toBe(strings.error);
  if (strings.error === null) expect(bytes.rows).toEqual(strings.rows);
  else expect(strings.rows.slice(0, bytes.rows.length)).toEqual(bytes.rows);
}

describe('csvByteBatches ≡ csvRangeBatches', () => {
  it('the same rows, cells, row numbers, problems and errors, however the bytes are cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        shape,
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 6 }),
        fc.option(fc.record({ capacity: fc.integer({ min: 2, max: 200 }), share: fc.double({ min: 0, max: 1, noNaN: true }) }), { nil: undefined }),
        fc.integer({ min: 0, max: 31 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        // The structural bytes indexed a few at a time (refills in every row), or 64 KiB at a time; by either kernel.
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        fc.constantFrom<IndexKernel>('wasm', 'js'),
        async (s, cuts, bytewise, size, small, selection, firstRow, firstLine, block, kernel) => {
          const bytes = textOf(s);
          // A selection of columns (a bit mask over the width; 31: every column, as null).
          const columns = selection === 31 ? null : Array.from({ length: s.width }, (_, c) => c).filter((c) => (selection >> c) & 1);
          const o: CsvRangeOptions = {
            name: 'tickets.csv',
            delimiter: s.delimiter,
            rowEnd: s.crlf ? 'crlf' : 'lf',
            width: s.width,
            columns,
            firstRow,
            firstLine,
            size,
          };
          // The judge reads 1-byte chunks a row at a time: every row before an error comes out.
          const strings = await readAll(csvRangeBatches(chunksOf(bytes, everyByte(bytes)), { ...o, size: 1 }), s.width, columns);
          const bounds = small === undefined ? {} : { capacity: small.capacity, maxRowBytes: Math.max(1, Math.ceil(small.capacity * small.share)) };
          const limits = { ...bounds, kernel, ...(block === undefined ? {} : { block }) };
          const read = await readAll(
            csvByteBatches(chunksOf(bytes, bytewise ? everyByte(bytes) : cuts.map((c) => c % (bytes.length + 1))), o, limits),
            s.width,
            columns,
          );
          expectSame(read, strings);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('openSource: byteBatches ≡ batches', () => {
  /** Opens bytes given on standard input. */
  async function open(bytes: Buffer, delimiter: string): Promise<Source> {
    const stdin = new PassThrough();
    stdin.end(bytes);
    return openSource('-', stdin, { delimiter });
  }

  it('the same header, rows and errors, with or without a byte order mark, gzip', async () => {
    await fc.assert(
      fc.asyncProperty(shape, fc.boolean(), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 31 }), async (s, bom, gzip, quotedHeader, selection) => {
        // A header of the shape's width (a quoted one holds a line break of the row end's kind, so its rows start a line further).
        const names = Array.from({ length: s.width }, (_, c) => (c === 0 && quotedHeader ? `"h${c}${s.crlf ? '\r\n' : '\n'}x"` : `h${c}`));
        const head = Buffer.from(`${bom ? '\uFEFF' : ''}${names.join(s.delimiter)}${s.crlf ? '\r\n' : '\n'}`);
        const plain = Buffer.concat([head, textOf(s)]);
        const bytes = gzip ? gzipSync(plain) : plain;
        const a = await open(bytes, s.delimiter);
        const b = await open(bytes, s.delimiter);
        expect(a.header).toEqual(b.header);
        expect(a.header).toHaveLength(s.width);
        const columns = Array.from({ length: s.width }, (_, c) => c).filter((c) => (selection >> c) & 1);
        if (a.byteBatches === undefined) throw new Error('no byte batches');
        const bytesRead = await readAll(a.byteBatches(2, columns), s.width, columns);
        const strings = await readAll(b.batches(2, columns), s.width, columns);
        expect(bytesRead.error).toBe(strings.error);
        if (strings.error === null) expect(bytesRead.rows).toEqual(strings.rows);
        else {
          const n = Math.min(bytesRead.rows.length, strings.rows.length);
          expect(bytesRead.rows.slice(0, n)).toEqual(strings.rows.slice(0, n));
        }
      }),
      { numRuns: 400 },
    );
  });
});
