/**
 * The structural-byte index of the byte scanner: the embedded WebAssembly module is the one
 * src/cli/byte-index.wat assembles to, it runs here, and both kernels give exactly the positions a
 * plain reading of the bytes gives — over random bytes, delimiters, ranges (unaligned, short, up to
 * the buffer's last byte) and blocks. (The scanner built on it is checked against the string
 * scanner in csv-bytes.property.test.ts, with both kernels.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BYTE_INDEX_WASM } from '../../src/cli/byte-index-wasm.js';
import { type IndexKernel, byteIndex, wasmKernelAvailable } from '../../src/cli/byte-index.js';
// @ts-expect-error: a plain .mjs script of the repository, without types.
import { assembleByteIndex } from '../../scripts/wasm.mjs';

/** The positions of `bytes[from, to)` holding `d`, a line feed or a quote, read one byte at a time. */
function expected(bytes: Uint8Array, from: number, to: number, d: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) if (bytes[i] === d || bytes[i] === 0x0a || bytes[i] === 0x22) out.push(i);
  return out;
}

/** What `build` put in the positions: its count, then the positions up to the −1 after them. */
function built(index: ReturnType<typeof byteIndex>, from: number, to: number, d: number): { count: number; positions: number[] } {
  const count = index.build(from, to, d);
  const positions = Array.from(index.positions.subarray(0, count));
  expect(index.positions[count]).toBe(-1);
  return { count, positions };
}

describe('the WebAssembly kernel', () => {
  it('is the module that byte-index.wat assembles to (npm run build:wasm after editing the .wat)', async () => {
    const assembled = (await assembleByteIndex()) as Uint8Array;
    expect(Buffer.from(BYTE_INDEX_WASM, 'base64').equals(Buffer.from(assembled))).toBe(true);
  });

  it('runs on this runtime: the command scans with it', () => {
    expect(wasmKernelAvailable()).toBe(true);
    expect(byteIndex(100, 10).kernel).toBe('wasm');
    expect(byteIndex(100, 10, 'js').kernel).toBe('js');
  });
});

describe('byteIndex', () => {
  it('finds a hand-made row: delimiters, quotes and line feeds, not the CR or other bytes', () => {
    for (const kernel of ['wasm', 'js'] as const) {
      const index = byteIndex(64, 64, kernel);
      index.buffer.write('a,"b,c"\r\n;x\n', 0, 'latin1');
      // 0 a, 1 ",", 2 ", 3 b, 4 ",", 5 c, 6 ", 7 CR, 8 LF, 9 ;, 10 x, 11 LF
      expect(built(index, 0, 12, 0x2c)).toEqual({ count: 6, positions: [1, 2, 4, 6, 8, 11] });
      expect(built(index, 0, 12, 0x3b)).toEqual({ count: 5, positions: [2, 6, 8, 9, 11] });
      // A range from an odd byte, ending before the last line feed.
      expect(built(index, 3, 11, 0x2c)).toEqual({ count: 3, positions: [4, 6, 8] });
      expect(built(index, 5, 5, 0x2c)).toEqual({ count: 0, positions: [] });
    }
  });

  it('both kernels give the plain reading over random bytes, delimiters and ranges', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 400, size: 'max' }),
        fc.constantFrom(0x2c, 0x3b, 0x09, 0x7c, 0x20, 0x00, 0x7f),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom<IndexKernel>('wasm', 'js'),
        (raw, d, a, b, block, kernel) => {
          // Structural bytes crowded in: every kind of byte, runs of them, none.
          const bytes = raw.map((x) => (x % 5 === 0 ? [d, 0x0a, 0x22, 0x0d][x % 4] : x) as number);
          const index = byteIndex(bytes.length, block, kernel);
          index.buffer.set(bytes);
          // Any range the block holds: bytes after it (structural ones too) are not indexed.
          const from = a % (bytes.length + 1);
          const to = from + (b % (Math.min(block, bytes.length - from) + 1));
          const want = expected(bytes, from, to, d);
          expect(built(index, from, to, d)).toEqual({ count: want.length, positions: want });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('indexes to the last byte of a full buffer, whatever the memory after it holds', () => {
    for (const capacity of [1, 15, 16, 63, 64, 65, 127, 128, 1000]) {
      for (const kernel of ['wasm', 'js'] as const) {
        const index = byteIndex(capacity, capacity, kernel);
        index.buffer.fill(0x2c);
        const all = Array.from({ length: capacity }, (_, i) => i);
        expect(built(index, 0, capacity, 0x2c)).toEqual({ count: capacity, positions: all });
        expect(built(index, capacity - 1, capacity, 0x2c)).toEqual({ count: 1, positions: [capacity - 1] });
      }
    }
  });

  it('refuses sizes and ranges it cannot hold', () => {
    expect(() => byteIndex(0, 1)).toThrow(RangeError);
    expect(() => byteIndex(10, 0)).toThrow(RangeError);
    expect(() => byteIndex(1.5, 1)).toThrow(RangeError);
    const index = byteIndex(10, 4);
    expect(() => index.build(0, 5, 0x2c)).toThrow('cannot index [0, 5) of 10 bytes by 4');
    expect(() => index.build(8, 11, 0x2c)).toThrow(RangeError);
    expect(() => index.build(-1, 2, 0x2c)).toThrow(RangeError);
  });
});
