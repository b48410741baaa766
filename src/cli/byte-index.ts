/**
 * Where a CSV's structural bytes — the delimiter, line feeds, quotes — are in a buffer: the byte
 * scanner reads a row by going from one to the next, not byte by byte. The positions are found 64
 * bytes at a time by a WebAssembly kernel with 128-bit SIMD compares (./byte-index.wat), in the
 * memory of its instance, which also holds the scanner's buffer (no copy). Where WebAssembly SIMD
 * is not available, a loop over the bytes finds the same positions.
 *
 * A CSV of help-desk tickets has about one structural byte in eight; the kernel looks at 64 bytes
 * in a few instructions, so the scan's time goes to the rows' fields, not to their bytes. bench/cli
 * times the byte scanner alone with each kernel.
 *
 * @internal
 * @module
 */
import { BYTE_INDEX_WASM } from './byte-index-wasm.js';

const QUOTE = 0x22;
const LF = 0x0a;

/** Bytes after a buffer's last that the kernel may read (a 64-byte block that starts before its end). */
const SLACK = 64;
/** A WebAssembly page. */
const PAGE = 65_536;

/** How the positions are found: the WebAssembly kernel, or a loop over the bytes (where WebAssembly SIMD is not available, and in tests). */
export type IndexKernel = 'wasm' | 'js';

type IndexFn = (from: number, to: number, out: number, delimiter: number) => number;

/** The part of the WebAssembly JavaScript API used here (the project's types are ES2022's, which have none). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  readonly Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}

/** The compiled kernel: compiled once, on first use; null when WebAssembly SIMD is not available. */
let compiled: { readonly api: WasmApi; readonly module: object } | null | undefined;

function kernelModule(): { readonly api: WasmApi; readonly module: object } | null {
  if (compiled === undefined) {
    compiled = null;
    const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (api !== undefined) {
      const bytes = Buffer.from(BYTE_INDEX_WASM, 'base64');
      if (api.validate(bytes)) compiled = { api, module: new api.Module(bytes) };
    }
  }
  return compiled;
}

/** Whether the WebAssembly kernel runs here (else {@link byteIndex} uses the loop). */
export function wasmKernelAvailable(): boolean {
  return kernelModule() !== null;
}

/**
 * A buffer of bytes and the positions of its structural bytes over one range at a time (see the
 * module). The buffer and the positions are views of one memory: valid as long as the index.
 */
export interface ByteIndex {
  /** The buffer: `capacity` bytes. */
  readonly buffer: Buffer;
  /** Positions: after {@link ByteIndex.build}, its `count` positions, then −1. */
  readonly positions: Int32Array;
  /** The most bytes one {@link ByteIndex.build} indexes. */
  readonly block: number;
  /** Which kernel finds the positions. */
  readonly kernel: IndexKernel;
  /**
   * Puts the positions of the bytes of `buffer[from, to)` (to − from ≤ `block`) that are
   * `delimiter` (an ASCII byte), a line feed or a quote into {@link ByteIndex.positions}, in
   * ascending order, then −1; returns how many.
   */
  build(from: number, to: number, delimiter: number): number;
}

/**
 * A {@link ByteIndex} of a buffer of `capacity` bytes, indexed `block` bytes at a time (positions
 * then take 4 × (`block` + 1) bytes). `kernel` 'wasm' (the default) falls back to 'js' where
 * WebAssembly SIMD is not available.
 */
export function byteIndex(capacity: number, block: number, kernel: IndexKernel = 'wasm'): ByteIndex {
  if (!(Number.isInteger(capacity) && capacity >= 1 && Number.isInteger(block) && block >= 1)) {
    throw new RangeError('capacity and block must be positive integers');
  }
  const wasm = kernel === 'wasm' ? kernelModule() : null;
  // The buffer, its slack, then the positions (4-byte aligned).
  const positionsAt = Math.ceil((capacity + SLACK) / 16) * 16;
  const bytes = positionsAt + 4 * (block + 1);
  let memory: ArrayBuffer;
  let index: IndexFn;
  if (wasm === null) {
    memory = new ArrayBuffer(bytes);
    const u8 = new Uint8Array(memory);
    const out = new Int32Array(memory, positionsAt, block + 1);
    index = (from, to, _out, delimiter) => indexBytes(u8, from, to, out, delimiter);
  } else {
    const wasmMemory = new wasm.api.Memory({ initial: Math.ceil(bytes / PAGE) });
    const instance = new wasm.api.Instance(wasm.module, { env: { memory: wasmMemory } });
    memory = wasmMemory.buffer;
    index = instance.exports['index'] as IndexFn;
  }
  const positions = new Int32Array(memory, positionsAt, block + 1);
  return {
    buffer: Buffer.from(memory, 0, capacity),
    positions,
    block,
    kernel: wasm === null ? 'js' : 'wasm',
    build(from, to, delimiter) {
      if (!(from >= 0 && to <= capacity && to - from <= block)) throw new RangeError(`cannot index [${from}, ${to}) of ${capacity} bytes by ${block}`);
      const count = to > from ? index(from, to, positionsAt, delimiter) : 0;
      positions[count] = -1;
      return count;
    },
  };
}

/** The loop kernel: the positions of `u8[from, to)` that hold `d`, a line feed or a quote, into `out`; how many. */
function indexBytes(u8: Uint8Array, from: number, to: number, out: Int32Array, d: number): number {
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = u8[i] as number;
    if (c === d || c === LF || c === QUOTE) out[k++] = i;
  }
  return k;
}
