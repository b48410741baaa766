/**
 * The exact sums of the revenue lines, one per period and stream (a cell): core's
 * {@link ExactSum}, whose count is the cell's number of lines. Mergeable, and as JSON one exact
 * decimal string and a count per cell.
 *
 * @module
 */
import { ExactSum } from '../../core/decimal.js';
import type { KpiPath } from '../../core/errors.js';
import { COUNT, type IssueCollector, checkRule, isRecord } from '../../core/validate.js';
import type { PeriodBucketer } from '../../time/period.js';

/** Period ordinal of the lines without a date (no period ordinal comes near it); every line has ordinal 0 without periods. */
export const UNDATED = -(2 ** 52);

/** The exact sum of the lines of one stream in one period, in the JSON state of a revenue accumulator. */
export interface RevenueCellJSON {
  /** The period's key (`'2024-03'`), or `null` for lines without a date and for every line without `options.period`. */
  readonly period: string | null;
  /** Epoch ms of the period's first instant, or `null` with `period`. */
  readonly startMs: number | null;
  /** The stream (`null`: lines without a stream). */
  readonly stream: string | null;
  /** The exact sum, as a decimal string (`'1234.56'`). */
  readonly value: string;
  /** Its number of lines (at least 1). */
  readonly lineCount: number;
}

/** Sorts stream names: by name, `null` last. */
export function compareStreams(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** One cell: its period ordinal, its stream and its sum. */
export interface Cell {
  readonly k: number;
  readonly stream: string | null;
  readonly sum: ExactSum;
}

/**
 * An exact decimal as `toFixed()` writes it: no exponent, no leading zeros, no trailing decimal
 * zeros, no `-0`; at most 1100 integer digits and 1000 decimals (a sum of amounts of at most 1000
 * of each: see MoneyInput).
 */
const EXACT_DECIMAL = /^(?!-0$)-?(?:0|[1-9]\d{0,1099})(?:\.\d{0,999}[1-9])?$/;
const CELL_KEYS = ['period', 'startMs', 'stream', 'value', 'lineCount'];

/**
 * The cells of revenue lines: by period ordinal, a row of sums indexed by stream slot (a stream's
 * slot is its place in `names`, in order of first appearance; streams are few, so a short scan
 * finds it).
 */
export class Cells {
  /** Stream names by slot. */
  readonly names: (string | null)[] = [];
  /** The sums of each period ordinal, by stream slot. */
  private readonly rows = new Map<number, (ExactSum | undefined)[]>();

  /** The slot of a stream (added when new). */
  slotOf(stream: string | null): number {
    const names = this.names;
    let s = 0;
    while (s < names.length && names[s] !== stream) s++;
    if (s === names.length) names.push(stream);
    return s;
  }

  /** The sums of the period with ordinal `k`, by slot (created empty). */
  rowOf(k: number): (ExactSum | undefined)[] {
    let row = this.rows.get(k);
    if (row === undefined) this.rows.set(k, (row = []));
    return row;
  }

  /** The sum at `slot` of `row` (created empty). */
  cellOf(row: (ExactSum | undefined)[], slot: number): ExactSum {
    let sum = row[slot];
    if (sum === undefined) row[slot] = sum = new ExactSum();
    return sum;
  }

  /** The cells that count lines (a cell is made before its first amount is read, which may be invalid). */
  *cells(): Generator<Cell> {
    for (const [k, row] of this.rows) {
      for (let slot = 0; slot < row.length; slot++) {
        const sum = row[slot];
        if (sum !== undefined && sum.count > 0) yield { k, stream: this.names[slot] as string | null, sum };
      }
    }
  }

  /** How many lines the cells count. */
  counted(): number {
    let n = 0;
    for (const { sum } of this.cells()) n += sum.count;
    return n;
  }

  /** Adds the sums of `other` (which may be these cells: then they double). */
  merge(other: Cells): void {
    for (const { k, stream, sum } of [...other.cells()]) this.cellOf(this.rowOf(k), this.slotOf(stream)).merge(sum);
  }

  /** The cells as JSON, by period (undated first) and stream. */
  toJSON(bucketer: PeriodBucketer | null): RevenueCellJSON[] {
    const cells = [...this.cells()].sort((a, b) => a.k - b.k || compareStreams(a.stream, b.stream));
    return cells.map(({ k, stream, sum }) => {
      const p = bucketer === null || k === UNDATED ? null : bucketer.period(k);
      return { period: p === null ? null : p.key, startMs: p === null ? null : p.startMs, stream, value: sum.toDecimal().toFixed(), lineCount: sum.count };
    });
  }

  /**
   * Reads the cells of a JSON state (at `path`) into these (empty) cells, adding every problem to
   * `issues`: each cell an object of a known period (or `null`), a stream, an exact decimal string
   * and a count ≥ 1; each period and stream once.
   */
  restore(json: unknown, bucketer: PeriodBucketer | null, issues: IssueCollector, path: KpiPath): void {
    if (!Array.isArray(json)) {
      issues.add({ code: 'invalid_type', path, input: json, expected: 'an array of { period, startMs, stream, value, lineCount } cells' });
      return;
    }
    const seen = new Set<string>();
    // An index loop, not forEach: a hole in the array is a problem, not a cell to skip.
    for (let i = 0; i < json.length; i++) this.restoreCell(json[i], i, seen, bucketer, issues, [...path, i]);
  }

  /** Reads cell `i` of a JSON state (see {@link Cells.restore}). */
  private restoreCell(cell: unknown, i: number, seen: Set<string>, bucketer: PeriodBucketer | null, issues: IssueCollector, at: KpiPath): void {
    if (!isRecord(cell)) return issues.add({ code: 'invalid_type', path: at, input: cell, expected: 'a { period, startMs, stream, value, lineCount } cell' });
    const unknown = Object.keys(cell).find((key) => !CELL_KEYS.includes(key));
    if (unknown !== undefined)
      return issues.add({
        code: 'invalid_value',
        path: [...at, unknown],
        input: cell[unknown],
        detail: `${unknown} is not a field of a revenue cell (known: ${CELL_KEYS.join(', ')})`,
      });
    const { period, startMs, stream, value, lineCount } = cell;
    const k = periodOrdinal(period, startMs, bucketer);
    if (k === null) {
      return issues.add({
        code: 'invalid_value',
        path: [...at, 'period'],
        input: period,
        expected:
          bucketer === null
            ? 'null, with startMs null (the options have no period)'
            : 'null (undated lines), or the key and startMs of a period of the options',
      });
    }
    if (stream !== null && typeof stream !== 'string')
      return issues.add({ code: 'invalid_type', path: [...at, 'stream'], input: stream, expected: 'a string or null' });
    const code = checkRule(COUNT, lineCount);
    if (code !== null || lineCount === 0)
      return issues.add({
        code: code ?? 'out_of_range',
        path: [...at, 'lineCount'],
        input: lineCount,
        expected: 'a positive integer (cells without lines are not written)',
      });
    if (typeof value !== 'string' || !EXACT_DECIMAL.test(value)) {
      return issues.add({
        code: typeof value === 'string' ? 'invalid_value' : 'invalid_type',
        path: [...at, 'value'],
        input: value,
        expected: 'an exact decimal string like "1234.56", as toJSON() writes it (no exponent, no leading or trailing zeros)',
      });
    }
    const id = JSON.stringify([k, stream]);
    if (seen.has(id))
      return issues.add({
        code: 'inconsistent',
        path: at,
        input: cell,
        detail: `cells[${i}] repeats the period ${String(period)} and stream ${JSON.stringify(stream)}`,
      });
    seen.add(id);
    this.cellOf(this.rowOf(k), this.slotOf(stream)).merge(sumOf(value, lineCount as number));
  }
}

/** The period ordinal of a cell in JSON (`UNDATED`, or 0 without periods), or `null` when it is not one of the options. */
function periodOrdinal(period: unknown, startMs: unknown, bucketer: PeriodBucketer | null): number | null {
  if (period === null && startMs === null) return bucketer === null ? 0 : UNDATED;
  if (bucketer === null || typeof period !== 'string' || typeof startMs !== 'number' || !(startMs >= -8.64e15 && startMs <= 8.64e15)) return null;
  const k = bucketer.indexOf(startMs);
  const p = bucketer.period(k);
  return p.startMs === startMs && p.key === period ? k : null;
}

/** The exact sum of an exact decimal string, counting `lines`. */
function sumOf(value: string, lines: number): ExactSum {
  const negative = value.startsWith('-');
  const [int, frac = ''] = (negative ? value.slice(1) : value).split('.') as [string, string?];
  const scale = Math.max(2, frac.length);
  return ExactSum.fromJSON({ scale, units: `${negative ? '-' : ''}${int}${frac.padEnd(scale, '0')}`, count: lines });
}
