/**
 * Test support for the byte scanner: what a reading gives, as comparable lines — one per row (its
 * number, its problem if any, its cells: the selected ones, or every cell for a row of another
 * width) — and the error that stopped it, if any.
 */
import type { ByteBatch } from '../../src/cli/csv-bytes.js';
import type { RecordBatch } from '../../src/cli/input.js';

/** What a reading gave: its rows (see the module) and the message of the error that stopped it, or null. */
export interface Reading {
  readonly rows: string[];
  readonly error: string | null;
}

/** The text of cell `at` of a byte batch, as the consumer decodes it. */
export function cellText(b: ByteBatch, at: number): string {
  const text = b.bytes.toString('utf8', b.starts[at], b.ends[at]);
  return b.escaped !== null && b.escaped[at] === 1 ? text.replaceAll('""', '"') : text;
}

/** The rows of one batch, byte or string, as lines; `columns` null: every cell. */
export function linesOf(b: ByteBatch | RecordBatch, width: number, columns: readonly number[] | null): string[] {
  const lines: string[] = [];
  if ('kind' in b) {
    const k = b.columns.length;
    for (let i = 0; i < b.length; i++) {
      const odd = b.odd?.get(i);
      if (odd !== undefined) lines.push(`${b.firstRow + i} (has ${odd.length} fields, the header has ${width}) ${JSON.stringify(odd)}`);
      else lines.push(`${b.firstRow + i} ${JSON.stringify(Array.from({ length: k }, (_, j) => cellText(b, i * k + j)))}`);
    }
    return lines;
  }
  b.values.forEach((value, i) => {
    const cells = value as string[];
    const row = b.rows === null ? b.firstRow + i : (b.rows[i] as number);
    const problem = b.problems?.get(i);
    if (problem !== undefined) lines.push(`${row} (${problem}) ${JSON.stringify(cells)}`);
    else lines.push(`${row} ${JSON.stringify(columns === null ? cells : columns.map((c) => cells[c]))}`);
  });
  return lines;
}

/** Reads batches to the end (or the first error). */
export async function readAll(batches: AsyncIterable<ByteBatch | RecordBatch>, width: number, columns: readonly number[] | null): Promise<Reading> {
  const rows: string[] = [];
  try {
    for await (const b of batches) rows.push(...linesOf(b, width, columns));
  } catch (e) {
    return { rows, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
  return { rows, error: null };
}

/** The chunks of `bytes` cut at `cuts` (offsets, in any order; out-of-range ones ignored). */
export async function* chunksOf(bytes: Buffer, cuts: readonly number[] = []): AsyncGenerator<Uint8Array> {
  const at = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  let from = 0;
  for (const c of [...at, bytes.length]) {
    if (c > from) yield bytes.subarray(from, c);
    from = c;
  }
  await Promise.resolve();
}

/** Cuts at every byte: `bytes` as 1-byte chunks. */
export function everyByte(bytes: Buffer): number[] {
  return Array.from({ length: bytes.length }, (_, i) => i);
}
