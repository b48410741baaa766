/**
 * Reading revenue lines: one pass that checks every line (object, currency code, stream, date,
 * amount), finds its cell (period and stream) and adds its amount to the cell's exact sum through
 * core's money kernel ({@link ExactSum.tryAdd}: integer cents in a Number on the fast path, moved to
 * a BigInt before 2^53, the exact digits otherwise). The state of a revenue accumulator.
 *
 * @module
 */
import type { JsonValue, RejectRecord } from '../../core/accumulator.js';
import { type ExactSum, CentsRun, moneyIssue } from '../../core/decimal.js';
import type { IssueSpec } from '../../core/errors.js';
import { currencyCodeIssue } from '../../core/money.js';
import { type IssueCollector, isRecord } from '../../core/validate.js';
import { type PeriodBucketer, bucketerOf } from '../../time/period.js';
import { TimestampReader, timestampIssue } from '../../time/timestamp.js';
import { Cells, UNDATED } from './cells.js';
import { LineCurrencies } from './currencies.js';
import type { RevenueSettings } from './options.js';
import type { RevenueLine } from './types.js';

/** What the stream of the line before was: none looked up yet, no stream (`undefined` or `null`), or `lastStream`. */
const STREAM_UNKNOWN = 0;
const STREAM_NONE = 1;
const STREAM_NAMED = 2;

/** Lines per call of the hot loop. */
const CHUNK = 4096;

const STATE_KEYS = ['cells', 'currencies'];

/** The issue of a line that is not an object. */
function lineIssue(line: unknown, index: number): IssueSpec {
  return { code: 'invalid_type', path: ['lines', index], input: line, expected: 'a { amount, stream?, date? } object' };
}

/** The issue of an amount that the exact sum refused. */
function amountIssue(value: unknown, index: number): IssueSpec {
  const issue = moneyIssue(value, ['lines', index, 'amount']);
  if (issue === null) throw new Error('kpi-kit internal error: an amount was refused but is valid');
  return issue;
}

/**
 * The revenue lines read so far: their exact sums by period and stream, and the currency codes
 * they carried. Invalid lines are not counted, but reported (each with its one issue, found in the
 * order of the checks) to the caller's `reject`.
 */
export class RevenueState {
  readonly cells = new Cells();
  readonly currencies = new LineCurrencies();
  private readonly bucketer: (PeriodBucketer & { periodStart(index: number): number }) | null;
  private readonly reader: TimestampReader | null;
  /**
   * The stream of the line before: `streamState` says whether it had none or `lastStream` (kept
   * apart so that the comparison in the hot loop only ever compares strings, which V8 compiles
   * inline instead of calling its generic strict-equality builtin).
   */
  private streamState = STREAM_UNKNOWN;
  private lastStream = '';
  private slot = 0;
  /** The period of the line before, and the sums of its streams (by slot). */
  private lastK = NaN;
  private row: (ExactSum | undefined)[] = [];
  /** The period of the last dated line, and its bounds [curStart, curEnd) in epoch ms. */
  private curK = NaN;
  private curStart = 0;
  private curEnd = 0;
  /** The sum of the line before. */
  private cell: ExactSum | null = null;

  constructor(readonly settings: RevenueSettings) {
    const period = settings.period;
    this.bucketer = period === null ? null : bucketerOf(period);
    this.reader = period === null ? null : new TimestampReader(period.timeZone);
    this.end();
  }

  /** The bucketer of the periods, or `null`. */
  get periods(): PeriodBucketer | null {
    return this.bucketer;
  }

  /** Adds `lines` (line i has index `base + i`), reporting each invalid line to `reject`. */
  addAll(lines: ArrayLike<unknown>, base: number, reject: RejectRecord): void {
    // In chunks: each call of the loop is short, so V8 optimises the loop function whole instead of
    // on-stack-replacing one long loop (which deoptimises at its exit on every call; see ExactSum).
    for (let s = 0; s < lines.length; s += CHUNK) {
      const e = Math.min(lines.length, s + CHUNK);
      const from = this.bucketer === null ? this.addPlain(lines, s, e) : s;
      if (from < e) this.addChunk(lines, from, e, base, reject);
    }
    this.end();
  }

  /**
   * Adds the plain lines `{ amount }` (no stream, no currency; without periods) of
   * lines[start..end) up to the first other line or invalid amount, and returns its index (`end`
   * when all were plain); the hot loop takes it from there. A second loop over lines, kept because
   * it pays: its property loads see plain lines only, and the amounts' cents run in core's
   * `CentsRun` (a number in a register, handed to the cell's exact sum in parts). Measured on 1M
   * lines `{ amount: number }` (bench/finance.bench.mjs, ratio to a float loop, 3 interleaved runs):
   * 2.03–2.39× with the run, 2.34–2.76× adding each amount to the exact sum (`tryAdd`), 2.09–2.12×
   * for the cents copy pasted here before.
   */
  private addPlain(lines: ArrayLike<unknown>, start: number, end: number): number {
    const first = lines[start] as Partial<RevenueLine> | null;
    if (typeof first !== 'object' || first === null || first.stream !== undefined || first.currency !== undefined) return start;
    const cell = this.cells.cellOf(this.row, this.cells.slotOf(null));
    const run = new CentsRun(cell);
    let i = start;
    for (; i < end; i++) {
      const line = lines[i];
      if (typeof line !== 'object' || line === null) break;
      const l = line as RevenueLine;
      if (l.stream !== undefined || l.currency !== undefined) break;
      if (!run.push(l.amount)) {
        run.flush();
        if (!cell.tryAdd(l.amount)) break;
      }
    }
    run.flush();
    return i;
  }

  /** Adds lines[start..end): the hot loop. */
  private addChunk(lines: ArrayLike<unknown>, start: number, end: number, base: number, reject: RejectRecord): void {
    const { cells, currencies, bucketer } = this;
    const reader = this.reader as TimestampReader;
    let { streamState, lastStream, slot, lastK, row, curK, curStart, curEnd, cell } = this;
    for (let i = start; i < end; i++) {
      const line: unknown = lines[i];
      if (typeof line !== 'object' || line === null) {
        reject(base + i, [lineIssue(line, base + i)]);
        continue;
      }
      const l = line as RevenueLine;
      const c = l.currency;
      const coded = c !== undefined && c !== null;
      if (coded && !currencies.note(c, base + i)) {
        reject(base + i, [currencyCodeIssue(c, ['lines', base + i, 'currency'])]);
        continue;
      }
      const stream = l.stream;
      let changed = false;
      if (stream === undefined || stream === null ? streamState !== STREAM_NONE : streamState !== STREAM_NAMED || stream !== lastStream) {
        if (stream === undefined || stream === null) {
          streamState = STREAM_NONE;
          slot = cells.slotOf(null);
        } else if (typeof stream === 'string') {
          streamState = STREAM_NAMED;
          lastStream = stream;
          slot = cells.slotOf(stream);
        } else {
          this.reject(
            base + i,
            { code: 'invalid_type', path: ['lines', base + i, 'stream'], input: stream, expected: 'a string (or absent)' },
            coded ? c : null,
            reject,
          );
          continue;
        }
        changed = true;
      }
      if (bucketer !== null) {
        const date = l.date;
        let k: number;
        if (date === undefined || date === null) {
          k = UNDATED;
        } else {
          const ms = typeof date === 'number' && date >= -8.64e15 && date <= 8.64e15 ? date : reader.read(date);
          if (ms !== ms) {
            // The stream was looked up but no cell chosen: look it up again at the next line.
            streamState = STREAM_UNKNOWN;
            this.reject(base + i, timestampIssue(date, ['lines', base + i, 'date']), coded ? c : null, reject);
            continue;
          }
          if (ms >= curStart && ms < curEnd) {
            // The period of the last dated line (not lastK: an undated line may have come between).
            k = curK;
          } else {
            k = curK = bucketer.indexOf(ms);
            curStart = bucketer.periodStart(k);
            curEnd = bucketer.periodStart(k + 1);
          }
        }
        if (k !== lastK) {
          row = cells.rowOf(k);
          lastK = k;
          changed = true;
        }
      }
      if (changed) cell = cells.cellOf(row, slot);
      const amount = l.amount;
      if (!(cell as ExactSum).tryAdd(amount)) this.reject(base + i, amountIssue(amount, base + i), coded ? c : null, reject);
    }
    this.streamState = streamState;
    this.lastStream = lastStream;
    this.slot = slot;
    this.lastK = lastK;
    this.row = row;
    this.curK = curK;
    this.curStart = curStart;
    this.curEnd = curEnd;
    this.cell = cell;
  }

  /** Reports an invalid line, noting it with the (valid) code it carried. */
  private reject(index: number, spec: IssueSpec, code: unknown, reject: RejectRecord): void {
    if (typeof code === 'string') this.currencies.noteInvalid(code, index);
    reject(index, [spec]);
  }

  /** Ends a call: the next one starts by looking its stream and period up again. */
  private end(): void {
    this.cell = null;
    this.streamState = STREAM_UNKNOWN;
    if (this.bucketer === null) {
      this.lastK = 0;
      this.row = this.cells.rowOf(0);
    } else {
      this.lastK = NaN;
      this.curStart = 0;
      this.curEnd = 0;
    }
  }

  /** Adds the lines of `other` (same settings; it may be this state: then they double). */
  merge(other: RevenueState): void {
    this.cells.merge(other.cells);
    this.currencies.merge(other.currencies);
  }

  /** The state as JSON: the cells and the currency codes. */
  toJSON(): JsonValue {
    return { cells: this.cells.toJSON(this.bucketer), currencies: this.currencies.toJSON() } as unknown as JsonValue;
  }

  /**
   * A state from its JSON (see {@link RevenueState.toJSON}), adding every problem to `issues` under
   * `['state']`; the lines of the currency codes that are valid must be counted in the cells.
   */
  static restore(json: unknown, settings: RevenueSettings, issues: IssueCollector): RevenueState {
    const state = new RevenueState(settings);
    if (!isRecord(json)) {
      issues.add({ code: 'invalid_type', path: ['state'], input: json, expected: 'a { cells, currencies } object' });
      return state;
    }
    for (const key of Object.keys(json)) {
      if (!STATE_KEYS.includes(key))
        issues.add({
          code: 'invalid_value',
          path: ['state', key],
          input: json[key],
          detail: `state.${key} is not a field of a revenue state (known: cells, currencies)`,
        });
    }
    state.cells.restore(json['cells'], state.bucketer, issues, ['state', 'cells']);
    state.currencies.restore(json['currencies'], issues, ['state', 'currencies']);
    const counted = state.cells.counted();
    const coded = state.currencies.validLines();
    if (issues.ok && coded > counted) {
      issues.add({
        code: 'inconsistent',
        path: ['state', 'currencies'],
        input: coded,
        detail: `the valid lines with a currency code (${coded}) cannot exceed the lines of the cells (${counted})`,
      });
    }
    return state;
  }
}
