import { type KpiDecimal, type MoneyInput, ExactSum, stringCents, toDecimal } from '../core/decimal.js';
import { type IssueSpec, type KpiPath, KpiInputError, MAX_ISSUES } from '../core/errors.js';
import { BOOLEAN, IssueCollector, fail, readOptions, requireInput } from '../core/validate.js';
import { type PeriodBucketer, type PeriodUnit, bucketerOf, readPeriodOptions } from '../time/period.js';
import { type TimestampInput, TimestampReader, timestampIssue } from '../time/timestamp.js';
import {
  type CurrencyCode,
  type RoundOption,
  type RoundSetting,
  CurrencyTracker,
  applyRound,
  divide,
  freezeResult,
  issueSpecOf,
  readRound,
} from '../core/money.js';

/**
 * One revenue line: an amount (a refund is negative), and optionally its stream (`'new sales'`,
 * `'repeat sales'`, `'interest'`, `'late fees'`, `'service fees'`, `'subscriptions'`, `'add-ons'`,
 * `'other'`, or any name of yours), its date and its currency.
 */
export interface RevenueLine {
  readonly amount: MoneyInput;
  /** The revenue stream; lines without one are grouped under `stream: null`. */
  readonly stream?: string | null;
  /** When the revenue was earned: a `Date`, an ISO-8601 string or epoch ms. Read only with `options.period`. */
  readonly date?: TimestampInput | null;
  /** ISO 4217 code; optional, but all codes given in one call must agree. */
  readonly currency?: CurrencyCode | null;
}

/** The input of {@link revenue}. */
export interface RevenueInput {
  readonly lines: readonly RevenueLine[];
  /** ISO 4217 code of every line; optional (a line's own code must then agree with it). */
  readonly currency?: CurrencyCode;
}

/** Options of {@link revenue}. */
export interface RevenueOptions {
  /** Also total the revenue per calendar period (`'day'`, `'week'`, `'month'`, `'quarter'`) by `date`. Default none. */
  readonly period?: PeriodUnit;
  /** IANA time zone in which periods begin at local midnight, and zone-less dates are read. Default `'UTC'`; needs `period`. */
  readonly timeZone?: string;
  /** First day of the week (0 = Sunday … 6 = Saturday) for weekly periods. Default 1 (Monday); needs `period`. */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** Whether periods without lines between the first and the last are listed (with revenue 0). Default `true`; needs `period`. */
  readonly fill?: boolean;
  /** Rounding of every total in the result (default none: exact). */
  readonly round?: RoundOption;
}

/** Revenue of one stream. */
export interface RevenueStream {
  /** The stream (`null`: lines without a stream). */
  readonly stream: string | null;
  /** Its revenue. */
  readonly value: KpiDecimal;
  /** Its number of lines. */
  readonly lines: number;
}

/** The change of revenue from one period to the next. */
export interface RevenueGrowth {
  /** Key of the earlier period. */
  readonly from: string;
  /** Key of the later period. */
  readonly to: string;
  /** Later revenue − earlier revenue. */
  readonly absolute: KpiDecimal;
  /** `absolute / |earlier revenue|` (0.25 is +25 %), to 60 significant digits; `null` when the earlier revenue is 0. */
  readonly relative: KpiDecimal | null;
}

/** Revenue of one calendar period. */
export interface RevenuePeriod {
  /** The period's label: `'2024-03-31'` (day), `'2024-03-25'` (week, its first day), `'2024-03'`, `'2024-Q1'`. */
  readonly key: string;
  /** Epoch ms of its first instant (local midnight in the time zone). */
  readonly startMs: number;
  /** Epoch ms of the first instant of the next period. */
  readonly endMs: number;
  /** Its revenue. */
  readonly value: KpiDecimal;
  /** Its number of lines. */
  readonly lines: number;
  /** Revenue per stream in the period (streams with lines in it, ordered as in `byStream`). */
  readonly byStream: readonly RevenueStream[];
  /** The change from the period before (the row before); `null` for the first. */
  readonly growth: RevenueGrowth | null;
}

/** The result of {@link revenue}. */
export interface RevenueResult {
  /** Total revenue of all lines, exact (`0` for no lines). */
  readonly value: KpiDecimal;
  /** Number of lines. */
  readonly lines: number;
  /** The currency of the lines, when given. */
  readonly currency: CurrencyCode | null;
  /** Revenue per stream, by stream name (`null`, lines without a stream, last). */
  readonly byStream: readonly RevenueStream[];
  /** Revenue per period, ascending; `null` without `options.period`. */
  readonly byPeriod: readonly RevenuePeriod[] | null;
  /** Lines without a date (with `options.period`): their revenue and count, in the total too; `null` when none. */
  readonly undated: { readonly value: KpiDecimal; readonly lines: number } | null;
  /** The last period's change from the one before; `null` with fewer than two periods. */
  readonly growth: RevenueGrowth | null;
  /** The period unit, or `null`. */
  readonly period: PeriodUnit | null;
  /** The time zone of the periods, or `null` without periods. */
  readonly timeZone: string | null;
  /** The rounding applied to the totals, or `null` (exact). */
  readonly round: RoundSetting | null;
}

const FN = 'revenue';
/** Ordinal of the undated lines (no period ordinal comes near it). */
const UNDATED = -(2 ** 52);
/** The most periods `fill` may list. */
const MAX_FILLED_PERIODS = 100_000;

/** The sums of one period (or of all lines without periods): one ExactSum per stream slot. */
type Sums = (ExactSum | undefined)[];

/**
 * Bound of the integer cents of the fast path: a number v is exactly m / 100 when m =
 * Math.round(v · 100), |m| < 1e15 and m / 100 === v (the proof is at ExactSum's FAST_LIMIT).
 */
const FAST_LIMIT = 1e15;
/** The cents of a cell move to its BigInt once past ±7e15, so every partial sum stays below 2^53. */
const FLUSH_LIMIT = 7e15;


/**
 * The accumulators of one call: a cell per (period, stream) met. A cell keeps integer cents in a
 * Number (the fast path), a BigInt they are flushed into, and an ExactSum for amounts off the fast
 * path (more decimals, exponents, Decimals). Its count is the number of its lines.
 */
class Cells {
  private cents = new Float64Array(64);
  /** Lines per cell (valid or not: invalid lines abort the call anyway). */
  private counts = new Float64Array(64);
  private readonly big: bigint[] = [];
  private readonly other: (ExactSum | undefined)[] = [];
  private readonly slots: number[] = [];
  private readonly rows = new Map<number, number[]>();
  private n = 0;

  /** The cell ids by stream slot of the period with ordinal `k` (created empty). */
  rowOf(k: number): number[] {
    let row = this.rows.get(k);
    if (row === undefined) this.rows.set(k, (row = []));
    return row;
  }

  /** A new cell for stream slot `slot`; may replace `cents` (re-read it). */
  newCell(slot: number): number {
    const id = this.n++;
    if (id === this.cents.length) {
      const cents = new Float64Array(id * 2);
      cents.set(this.cents);
      this.cents = cents;
      const counts = new Float64Array(id * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    this.big.push(0n);
    this.other.push(undefined);
    this.slots.push(slot);
    return id;
  }

  /** Moves running cents of `cell` (past ±7e15) into its BigInt. */
  flush(cell: number, cents: number): void {
    this.big[cell] = (this.big[cell] as bigint) + BigInt(cents);
  }

  /** Adds the running cents (|cents| ≤ 7e15) and lines of `cell` to its totals. */
  store(cell: number, cents: number, lines: number): void {
    const f = (this.cents[cell] as number) + cents;
    if (f > FLUSH_LIMIT || f < -FLUSH_LIMIT) {
      this.cents[cell] = 0;
      this.flush(cell, f);
    } else {
      this.cents[cell] = f;
    }
    this.counts[cell] = (this.counts[cell] as number) + lines;
  }

  /** Adds an amount off the fast path; false (nothing added) when it is not a valid amount. */
  addOther(cell: number, value: unknown): boolean {
    let sum = this.other[cell];
    if (sum === undefined) this.other[cell] = sum = new ExactSum({ fn: FN, path: ['lines'] });
    try {
      sum.add(value as MoneyInput);
    } catch (error) {
      if (!(error instanceof KpiInputError)) throw error;
      return false;
    }
    return true;
  }

  /** The exact sum of each cell as an ExactSum (its count the cell's lines), by period ordinal and stream slot. */
  sums(): Map<number, Sums> {
    const out = new Map<number, Sums>();
    for (const [k, row] of this.rows) {
      const sums: Sums = [];
      row.forEach((id, slot) => {
        const units = (this.big[id] as bigint) + BigInt(this.cents[id] as number);
        const other = this.other[id];
        const count = (this.counts[id] as number) - (other === undefined ? 0 : other.count);
        const fast = ExactSum.fromJSON({ scale: 2, units: units.toString(), count });
        sums[slot] = other === undefined ? fast : fast.merge(other);
      });
      out.set(k, sums);
    }
    return out;
  }
}

/** Gathers the problems of the lines (at most MAX_ISSUES listed, the rest counted). */
class LineIssues {
  readonly issues = new IssueCollector(FN);
  listed = 0;

  /** Whether no more issues are listed (the rest are only counted). */
  get full(): boolean {
    return this.listed >= MAX_ISSUES;
  }

  add(spec: () => IssueSpec): void {
    if (this.full) {
      this.issues.addUnlisted(1);
    } else {
      this.issues.add(spec());
      this.listed++;
    }
  }

  badLine(line: unknown, i: number): void {
    this.add(() => ({ code: 'invalid_type', path: ['lines', i], input: line, expected: 'a { amount, stream?, date? } object' }));
  }

  badStream(stream: unknown, i: number): void {
    this.add(() => ({ code: 'invalid_type', path: ['lines', i, 'stream'], input: stream, expected: 'a string (or absent)' }));
  }

  badDate(date: unknown, i: number): void {
    this.add(() => timestampIssue(date, ['lines', i, 'date']));
  }

  /** Records why an amount that the exact sum refused is invalid (its issue at `lines[i].amount`). */
  amount(value: unknown, i: number): void {
    const path: KpiPath = ['lines', i, 'amount'];
    if (value === undefined) {
      this.add(() => ({ code: 'missing', path, input: value, expected: 'an amount (a number, a decimal string or a Decimal)' }));
      return;
    }
    if (this.full) {
      this.issues.addUnlisted(1);
      return;
    }
    try {
      toDecimal(value, path, FN);
    } catch (error) {
      if (!(error instanceof KpiInputError)) throw error;
      for (const issue of error.issues) this.add(() => issueSpecOf(issue));
    }
  }
}

/** The stream of no line. */
const NO_STREAM = Symbol('no stream');

/** Lines per call of the hot loop. */
const CHUNK = 4096;

/** One pass over the lines: the state of the hot loop between chunks. */
class Pass {
  readonly problems = new LineIssues();
  readonly currencies = new CurrencyTracker(this.problems.issues);
  readonly acc = new Cells();
  /** Stream names by slot, in order of first appearance (found by a short scan: streams are few). */
  readonly names: (string | null)[] = [];
  private currency: unknown;
  /** The stream of the line before (a sentinel at first, so the first line looks its slot up). */
  private lastStream: unknown = NO_STREAM;
  private slot = 0;
  /** The period of the lines before, and the cell ids of its streams (by slot). */
  private lastK = NaN;
  private row: number[] = [];
  private curStart = 0;
  private curEnd = 0;
  /** The current cell, and its running cents and lines (kept in registers within a chunk). */
  private cell = -1;
  private run = 0;
  private runLines = 0;

  constructor(
    readonly bucketer: (PeriodBucketer & { periodStart(index: number): number }) | null,
    private readonly reader: TimestampReader | null,
    currency: unknown,
  ) {
    this.currencies.see(currency, ['currency']);
    this.currency = this.currencies.code;
    if (bucketer === null) {
      this.lastK = 0;
      this.row = this.acc.rowOf(0);
    }
  }

  /** Adds lines[start..end). */
  addLines(lines: readonly unknown[], start: number, end: number): void {
    const { problems, currencies, acc, names, bucketer, reader } = this;
    let { currency, lastStream, slot, lastK, row, curStart, curEnd, cell, run, runLines } = this;
    let runStart = start;
    for (let i = start; i < end; i++) {
      const line: unknown = lines[i];
      if (typeof line !== 'object' || line === null) {
        problems.badLine(line, i);
        continue;
      }
      const l = line as RevenueLine;
      const c = l.currency;
      if (c !== undefined && c !== null && c !== currency) {
        if (problems.full) {
          problems.issues.addUnlisted(1);
          continue;
        }
        if (!currencies.see(c, ['lines', i, 'currency'])) {
          problems.listed++;
          continue;
        }
        currency = currencies.code;
      }
      const stream = l.stream;
      let changed = false;
      if (stream !== lastStream) {
        const key = stream === undefined ? null : stream;
        if (key !== null && typeof key !== 'string') {
          problems.badStream(stream, i);
          continue;
        }
        let s = 0;
        const n = names.length;
        while (s < n && names[s] !== key) s++;
        if (s === n) names.push(key);
        slot = s;
        lastStream = stream;
        changed = true;
      }
      if (bucketer !== null) {
        const date = l.date;
        let k: number;
        if (date === undefined || date === null) {
          k = UNDATED;
        } else {
          const ms = typeof date === 'number' && date >= -8.64e15 && date <= 8.64e15 ? date : (reader as TimestampReader).read(date);
          if (ms !== ms) {
            problems.badDate(date, i);
            continue;
          }
          if (ms >= curStart && ms < curEnd) {
            k = lastK;
          } else {
            k = bucketer.indexOf(ms);
            curStart = bucketer.periodStart(k);
            curEnd = bucketer.periodStart(k + 1);
          }
        }
        if (k !== lastK) {
          row = acc.rowOf(k);
          lastK = k;
          changed = true;
        }
      }
      if (changed) {
        let next = row[slot];
        if (next === undefined || next < 0) next = row[slot] = acc.newCell(slot);
        if (next !== cell) {
          // The current cell's running cents and lines go back to its slots. Lines are counted
          // by index (a line skipped for an error is counted too, but then the call throws).
          if (cell >= 0) acc.store(cell, run, runLines + (i - runStart));
          cell = next;
          run = 0;
          runLines = 0;
          runStart = i;
        }
      }
      // The exact fast path: an amount of at most 2 decimals, added as integer cents (see ExactSum).
      // (Inline and with `continue`, as in ExactSum's loops: V8 keeps the doubles unboxed.)
      const v = l.amount;
      if (typeof v === 'number') {
        const m = Math.round(v * 100);
        if (m / 100 === v && Math.abs(m) < FAST_LIMIT) {
          run += m;
          if (Math.abs(run) > FLUSH_LIMIT) {
            acc.flush(cell, run);
            run = 0;
          }
          continue;
        }
      } else if (typeof v === 'string') {
        const m = stringCents(v);
        if (m === m) {
          run += m;
          if (Math.abs(run) > FLUSH_LIMIT) {
            acc.flush(cell, run);
            run = 0;
          }
          continue;
        }
      }
      if (!acc.addOther(cell, v)) problems.amount(v, i);
    }
    this.currency = currency;
    this.lastStream = lastStream;
    this.slot = slot;
    this.lastK = lastK;
    this.row = row;
    this.curStart = curStart;
    this.curEnd = curEnd;
    this.cell = cell;
    this.run = run;
    this.runLines = runLines + (end - runStart);
  }

  /** Adds lines[start..end) without periods: the loop of {@link Pass.addLines} without dates, for speed. */
  addUndated(lines: readonly unknown[], start: number, end: number): void {
    const { problems, currencies, acc, names, row } = this;
    let { currency, lastStream, slot, cell, run, runLines } = this;
    let runStart = start;
    for (let i = start; i < end; i++) {
      const line: unknown = lines[i];
      if (typeof line !== 'object' || line === null) {
        problems.badLine(line, i);
        continue;
      }
      const l = line as RevenueLine;
      const c = l.currency;
      if (c !== undefined && c !== null && c !== currency) {
        if (problems.full) {
          problems.issues.addUnlisted(1);
          continue;
        }
        if (!currencies.see(c, ['lines', i, 'currency'])) {
          problems.listed++;
          continue;
        }
        currency = currencies.code;
      }
      const stream = l.stream;
      if (stream !== lastStream) {
        const key = stream === undefined ? null : stream;
        if (key !== null && typeof key !== 'string') {
          problems.badStream(stream, i);
          continue;
        }
        let s = 0;
        const n = names.length;
        while (s < n && names[s] !== key) s++;
        if (s === n) names.push(key);
        slot = s;
        lastStream = stream;
        let next = row[slot];
        if (next === undefined) next = row[slot] = acc.newCell(slot);
        if (cell >= 0) acc.store(cell, run, runLines + (i - runStart));
        cell = next;
        run = 0;
        runLines = 0;
        runStart = i;
      }
      const v = l.amount;
      if (typeof v === 'number') {
        const m = Math.round(v * 100);
        if (m / 100 === v && Math.abs(m) < FAST_LIMIT) {
          run += m;
          if (Math.abs(run) > FLUSH_LIMIT) {
            acc.flush(cell, run);
            run = 0;
          }
          continue;
        }
      } else if (typeof v === 'string') {
        const m = stringCents(v);
        if (m === m) {
          run += m;
          if (Math.abs(run) > FLUSH_LIMIT) {
            acc.flush(cell, run);
            run = 0;
          }
          continue;
        }
      }
      if (!acc.addOther(cell, v)) problems.amount(v, i);
    }
    this.currency = currency;
    this.lastStream = lastStream;
    this.slot = slot;
    this.cell = cell;
    this.run = run;
    this.runLines = runLines + (end - runStart);
  }

  /** Stores the running cell. */
  end(): void {
    if (this.cell >= 0) this.acc.store(this.cell, this.run, this.runLines);
    this.cell = -1;
    this.run = 0;
    this.runLines = 0;
  }
}

/** Sorts stream names: by name, `null` last. */
function compareStreams(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function growthOf(from: string, to: string, before: KpiDecimal, after: KpiDecimal, round: RoundSetting | null): RevenueGrowth {
  const absolute = after.minus(before);
  const relative = divide(absolute, before.abs());
  return {
    from,
    to,
    absolute: applyRound(absolute, round),
    relative: relative === null ? null : applyRound(relative, round),
  };
}

/**
 * Revenue: the exact total of revenue lines, per stream (new sales, repeat sales, interest, late
 * fees, service fees, subscriptions, add-ons, other, or streams of your own) and, with
 * `options.period`, per calendar period — day, week, month or quarter, beginning at local midnight
 * in `options.timeZone` — with the growth of each period over the one before.
 *
 * Money is exact: amounts are summed as integer minor units (moved to BigInt before they could
 * lose precision), never in binary floating point, so `0.1 + 0.2` is `0.3` and the total does not
 * depend on the order of the lines. Amounts may be negative (refunds). Totals are rounded only
 * when `round` asks for it.
 *
 * Growth of a period = its revenue − the previous period's (`absolute`), and that over
 * |previous revenue| (`relative`, `null` when the previous revenue is 0). `growth` of the result
 * is the last period's.
 *
 * Cost: one pass over the lines, validating each; per line a stream comparison (a lookup when the
 * stream changes), an exact add of a few ns and, with periods, a timestamp read and a period lookup
 * (two comparisons when the line is in the same period as the one before). bench/finance.bench.mjs
 * measures it against a float loop.
 *
 * @param input - `{ lines: [{ amount, stream?, date?, currency? }], currency? }`.
 * @param options - {@link RevenueOptions}: `period` (none), `timeZone` (`'UTC'`), `weekStartsOn`
 *   (1), `fill` (`true`), `round` (none).
 * @returns A {@link RevenueResult}: `value` (the total), `byStream`, `byPeriod`, `undated`, `growth`.
 * @throws {@link KpiInputError} when `lines` is not an array, a line is not an object, an amount is
 *   not a valid {@link MoneyInput} (a number with more than 15 significant digits, a malformed
 *   string, ...), a stream is not a string, a currency code is invalid or currencies are mixed, a
 *   date is malformed (with `period`), each naming the line's index (`lines[3].amount`); when an
 *   option is invalid, `timeZone`, `weekStartsOn` or `fill` is given without `period`, or `fill`
 *   would list more than 100,000 periods.
 * @see METRICS.md §5 (seed 003 §5).
 *
 * @example
 * ```ts
 * import { revenue } from 'kpi-kit';
 *
 * const r = revenue(
 *   {
 *     lines: [
 *       { amount: 0.1, stream: 'subscriptions', date: '2024-01-15' },
 *       { amount: '0.2', stream: 'subscriptions', date: '2024-01-20' },
 *       { amount: '100.00', stream: 'add-ons', date: '2024-02-03' },
 *       { amount: -20, stream: 'add-ons', date: '2024-03-01' },
 *       { amount: 50, stream: 'late fees', date: '2024-03-09' },
 *     ],
 *     currency: 'EUR',
 *   },
 *   { period: 'month' },
 * );
 * r.value.toString(); // '130.3'
 * r.byStream.map((s) => `${s.stream}: ${s.value.toString()}`); // ['add-ons: 80', 'late fees: 50', 'subscriptions: 0.3']
 * r.byPeriod?.map((p) => p.value.toString()); // ['0.3', '100', '30']
 * r.growth?.relative?.toString(); // '-0.7'
 * JSON.stringify({ total: r.value }); // '{"total":"130.3"}'
 * ```
 */
export function revenue(input: RevenueInput, options?: RevenueOptions): RevenueResult {
  const record = requireInput(FN, input);
  const o = readOptions(FN, options, ['period', 'timeZone', 'weekStartsOn', 'fill', 'round']);
  const optionIssues = new IssueCollector(FN);
  const round = readRound(o['round'], optionIssues);
  const fill = o['fill'] ?? true;
  optionIssues.check(fill, BOOLEAN, ['options', 'fill']);
  if (o['period'] === undefined) {
    for (const key of ['timeZone', 'weekStartsOn', 'fill'] as const) {
      if (o[key] !== undefined) {
        optionIssues.add({ code: 'inconsistent', path: ['options', key], input: o[key], detail: `options.${key} has no meaning without options.period` });
      }
    }
  }
  for (const key of Object.keys(record)) {
    if (key !== 'lines' && key !== 'currency') {
      optionIssues.add({ code: 'invalid_value', path: [key], input: record[key], detail: `${key} is not a field of the revenue input (known: lines, currency)` });
    }
  }
  new CurrencyTracker(optionIssues).see(record['currency'], ['currency']);
  optionIssues.throwIfAny();
  const settings =
    o['period'] === undefined
      ? null
      : readPeriodOptions(FN, { period: o['period'], timeZone: o['timeZone'], weekStartsOn: o['weekStartsOn'] }).settings;
  const lines = record['lines'];
  if (!Array.isArray(lines)) return fail(FN, { code: lines === undefined ? 'missing' : 'invalid_type', path: ['lines'], input: lines, expected: 'an array of { amount, stream?, date? } lines' });

  const pass = new Pass(settings === null ? null : bucketerOf(settings), settings === null ? null : new TimestampReader(settings.timeZone), record['currency']);
  const len = lines.length;
  // In chunks: each call of the loop is short, so V8 optimises the loop function whole instead of
  // on-stack-replacing one long loop (which deoptimises at its exit on every call; see ExactSum).
  for (let start = 0; start < len; start += CHUNK) {
    if (settings === null) pass.addUndated(lines, start, Math.min(len, start + CHUNK));
    else pass.addLines(lines, start, Math.min(len, start + CHUNK));
  }
  pass.end();
  const { problems, currencies, acc, names } = pass;
  const bucketer = pass.bucketer;
  problems.issues.throwIfAny();
  const periods = acc.sums();

  // Streams, by name (null last); every slot's total over all periods.
  const order = names.map((_, s) => s).sort((a, b) => compareStreams(names[a] as string | null, names[b] as string | null));
  const streamTotals = names.map(() => new ExactSum());
  const total = new ExactSum();
  const periodRows: { k: number; sum: ExactSum; cells: Sums }[] = [];
  let undated: ExactSum | null = null;
  for (const [k, cs] of periods) {
    const sum = new ExactSum();
    cs.forEach((s, i) => {
      if (s === undefined) return;
      sum.merge(s);
      (streamTotals[i] as ExactSum).merge(s);
    });
    total.merge(sum);
    if (k === UNDATED) undated = sum;
    else periodRows.push({ k, sum, cells: cs });
  }
  const rounded = (s: ExactSum): KpiDecimal => applyRound(s.toDecimal(), round);
  const streamsOf = (cs: Sums): RevenueStream[] =>
    order.filter((s) => cs[s] !== undefined).map((s) => ({ stream: names[s] as string | null, value: rounded(cs[s] as ExactSum), lines: (cs[s] as ExactSum).count }));
  const byStream = streamsOf(streamTotals);

  let byPeriod: RevenuePeriod[] | null = null;
  let growth: RevenueGrowth | null = null;
  if (bucketer !== null) {
    periodRows.sort((a, b) => a.k - b.k);
    if (fill === true && periodRows.length > 1) {
      const first = (periodRows[0] as { k: number }).k;
      const last = (periodRows[periodRows.length - 1] as { k: number }).k;
      if (last - first + 1 > MAX_FILLED_PERIODS) {
        fail(FN, {
          code: 'out_of_range',
          path: ['options', 'fill'],
          input: true,
          detail: `the dates span ${last - first + 1} ${settings?.period}s, more than ${MAX_FILLED_PERIODS} to list; check the dates or pass fill: false`,
        });
      }
      const filled: typeof periodRows = [];
      let j = 0;
      for (let k = first; k <= last; k++) {
        const row = periodRows[j] as (typeof periodRows)[number];
        if (row.k === k) {
          filled.push(row);
          j++;
        } else {
          filled.push({ k, sum: new ExactSum(), cells: [] });
        }
      }
      periodRows.splice(0, periodRows.length, ...filled);
    }
    byPeriod = [];
    let previous: { key: string; value: KpiDecimal } | null = null;
    for (const row of periodRows) {
      const p = bucketer.period(row.k);
      const exact = row.sum.toDecimal();
      const g = previous === null ? null : growthOf(previous.key, p.key, previous.value, exact, round);
      byPeriod.push({
        key: p.key,
        startMs: p.startMs,
        endMs: p.endMs,
        value: applyRound(exact, round),
        lines: row.sum.count,
        byStream: streamsOf(row.cells),
        growth: g,
      });
      previous = { key: p.key, value: exact };
      growth = g;
    }
  }
  return freezeResult({
    value: rounded(total),
    lines: total.count,
    currency: currencies.code,
    byStream,
    byPeriod,
    undated: undated === null ? null : { value: rounded(undated), lines: (undated as ExactSum).count },
    growth,
    period: settings === null ? null : settings.period,
    timeZone: settings === null ? null : settings.timeZone,
    round,
  });
}
