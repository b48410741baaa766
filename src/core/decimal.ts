/**
 * Exact money arithmetic: the isolated Decimal type of kpi-kit, the validation and conversion of
 * money inputs, and an exact, fast, mergeable sum of many amounts.
 *
 * Every money value that leaves kpi-kit is a {@link KpiDecimal} (a decimal.js `Decimal`). Its
 * `toJSON()` is its string, so `JSON.stringify({ total })` writes `{"total":"80000.03"}`: exact,
 * and read back with `new KpiDecimal(text)`.
 *
 * @module
 */
import { Decimal } from 'decimal.js';
import { type IssueSpec, type KpiPath, MAX_ISSUES, formatPath } from './errors.js';
import { IssueCollector, MAX_ARRAY_LENGTH, fail, isRecord, readOptions } from './validate.js';

/**
 * The Decimal constructor of kpi-kit: an isolated clone of decimal.js (the global `Decimal` and its
 * settings are never touched) with
 *
 * - `precision: 60` significant digits for the results of arithmetic (`times`, `div`, `plus`, ...),
 *   against decimal.js's default of 20, at which `1e18 + 0.01` silently loses the cents. Creating a
 *   KpiDecimal from a string or number never rounds (all digits are kept), and the sums of
 *   {@link ExactSum} / {@link sumExact} are exact at any size;
 * - `rounding: ROUND_HALF_EVEN` (banker's rounding) when a result has more than 60 digits;
 * - `toExpNeg: -30`, `toExpPos: 60`: `toString()` (and so `JSON.stringify`) writes plain digits,
 *   without exponent, for every amount from 1e-30 up to 1e60.
 *
 * @example
 * ```ts
 * import { KpiDecimal } from 'kpi-kit';
 *
 * // Net cash (docs/metrics.md#netcash-and-freecashflow): operating cash flow − investments − increase in working capital.
 * const net = new KpiDecimal('120000.10').minus('30000.05').minus('10000.02');
 * net.toFixed(2); // '80000.03'
 * JSON.stringify({ net }); // '{"net":"80000.03"}'
 * new KpiDecimal('1e18').plus('0.01').toString(); // '1000000000000000000.01'
 * KpiDecimal.precision; // 60
 * ```
 */
export const KpiDecimal: Decimal.Constructor = /* @__PURE__ */ Decimal.clone({
  precision: 60,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -30,
  toExpPos: 60,
});

/** A money value in kpi-kit: a decimal.js `Decimal` made by {@link KpiDecimal} (60-digit precision). */
export type KpiDecimal = InstanceType<typeof KpiDecimal>;

/**
 * A money amount as kpi-kit accepts it:
 *
 * - a `number` whose shortest decimal form (what `String(n)` prints) is the amount: `0.1` means
 *   exactly 0.1. Accepted are safe integers (|n| ≤ 2^53 − 1) and other finite numbers of at most
 *   15 significant digits; a number like `0.30000000000000004` (float arithmetic residue) or
 *   `2 ** 60` cannot be represented exactly and is rejected: pass a string or a Decimal instead;
 * - a plain decimal `string`: optional sign, digits with an optional point, optional exponent
 *   (`"1234.56"`, `"-0.5"`, `".5"`, `"1.5e3"`), surrounding whitespace ignored; no thousands
 *   separators, currency signs, hex or `"Infinity"`;
 * - a decimal.js `Decimal` from any clone or copy of the library, taken with all its digits.
 *
 * Every kind must be finite and have at most 1000 integer digits and 1000 decimal places.
 */
export type MoneyInput = number | string | Decimal;

// ---------------------------------------------------------------------------------------------
// Validation (shared by toDecimal and ExactSum, so both accept exactly the same values)

/** Why a value is not a valid amount (an internal reason; mapped to an issue by `issueFor`). */
type Problem = 'type' | 'not_finite' | 'inexact' | 'unsafe' | 'syntax' | 'magnitude' | 'corrupt';

/** The most integer digits, and the most decimal places, of an amount. */
const MAX_PLACES = 1000;
/** Most significant digits of a non-integer number taken as the decimal it prints. */
const MAX_NUMBER_DIGITS = 15;
/** The grammar of a money string (after trimming): sign, int, frac (after int), frac (no int), exponent. */
const STRING_GRAMMAR = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

const HOW_TO_FIX = 'pass the amount as a string or a Decimal instead';

/** Builds the issue of an invalid amount at `path`. */
function issueFor(problem: Problem, input: unknown, path: KpiPath): IssueSpec {
  switch (problem) {
    case 'type':
      return { code: 'invalid_type', path, input, expected: 'an amount (a number, a decimal string or a Decimal)' };
    case 'not_finite':
      return { code: 'not_finite', path, input, expected: 'a finite amount' };
    case 'inexact':
      return {
        code: 'out_of_range',
        path,
        input,
        detail:
          `${formatPath(path)} cannot be represented exactly: the number ${String(input)} has more than ` +
          `${MAX_NUMBER_DIGITS} significant digits (a binary floating-point value, often the residue of ` +
          `float arithmetic), so it is not a decimal amount; ${HOW_TO_FIX}`,
      };
    case 'unsafe':
      return {
        code: 'out_of_range',
        path,
        input,
        detail:
          `${formatPath(path)} cannot be represented exactly: the number ${String(input)} is beyond ` +
          `Number.MAX_SAFE_INTEGER (2^53 − 1), where numbers skip integers; ${HOW_TO_FIX}`,
      };
    case 'syntax':
      return {
        code: 'invalid_value',
        path,
        input,
        expected: 'a plain decimal string like "1234.56", "-0.5" or "1.5e3" (no thousands separators, currency signs, hex or Infinity)',
      };
    case 'corrupt':
      return {
        code: 'invalid_value',
        path,
        input,
        expected:
          'a Decimal as decimal.js makes it (its fields d: an array of integer words from 0 to 9999999, e: an integer exponent, s: 1 or −1, not overwritten)',
      };
    case 'magnitude':
      return {
        code: 'out_of_range',
        path,
        input,
        expected: `an amount with at most ${MAX_PLACES} integer digits and ${MAX_PLACES} decimal places`,
      };
  }
}

/** Significant digits of what `String(n)` printed: `"-1.2300e-7"` → 3 (no trailing zeros occur). */
function significantDigits(printed: string): number {
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = 0; i < printed.length; i++) {
    const c = printed.charCodeAt(i);
    if (c === 101 /* e */) break;
    if (c >= 48 && c <= 57) {
      if (first < 0 && c === 48) continue;
      if (first < 0) first = count;
      if (c !== 48) last = count;
      count++;
    }
  }
  return first < 0 ? 0 : last - first + 1;
}

function numberProblem(value: number): Problem | null {
  if (!Number.isFinite(value)) return 'not_finite';
  if (Number.isInteger(value)) return Math.abs(value) > Number.MAX_SAFE_INTEGER ? 'unsafe' : null;
  return significantDigits(String(value)) > MAX_NUMBER_DIGITS ? 'inexact' : null;
}

/** A decimal value as digits × 10^exponent, digits without leading or trailing zeros ("" for zero). */
interface Shape {
  readonly negative: boolean;
  readonly digits: string;
  readonly exponent: number;
}

/** Parses a trimmed money string, or tells why it is not one. */
function shapeOf(text: string): Shape | Problem {
  const m = STRING_GRAMMAR.exec(text);
  if (m === null) return 'syntax';
  const negative = m[1] === '-';
  const int = m[2] ?? '';
  const frac = m[3] ?? m[4] ?? '';
  const all = int + frac;
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === 48) start++;
  if (start === all.length) return { negative: false, digits: '', exponent: 0 };
  let end = all.length;
  while (all.charCodeAt(end - 1) === 48) end--;
  // Number() of a huge exponent string gives a huge number or Infinity: caught by the bounds below.
  const exponent = (m[5] === undefined ? 0 : Number(m[5])) - frac.length + (all.length - end);
  const digits = all.slice(start, end);
  if (-exponent > MAX_PLACES || digits.length + exponent > MAX_PLACES) return 'magnitude';
  return { negative, digits, exponent };
}

/**
 * The most base-1e7 words of an amount within MAX_PLACES integer digits and decimal places: words
 * cover the exponents 7k … 7k + 6, from ⌊(MAX_PLACES − 1) / 7⌋ down to ⌊−MAX_PLACES / 7⌋ (286).
 */
const MAX_WORDS = Math.floor((MAX_PLACES - 1) / 7) - Math.floor(-MAX_PLACES / 7) + 1;

/** Decimal digits of a word (0 < w < 1e7). */
function wordDigits(w: number): number {
  return w < 1e3 ? (w < 10 ? 1 : w < 100 ? 2 : 3) : w < 1e5 ? (w < 1e4 ? 4 : 5) : w < 1e6 ? 6 : 7;
}

/**
 * Why a Decimal (by `Decimal.isDecimal`: of any clone or copy of decimal.js, or an object tagged as
 * one) is not a valid amount. Reads its fields `d` (base-1e7 words, most significant first; `null`
 * for NaN and ±Infinity), `e` (the base-10 exponent of the leading digit) and `s` (the sign) once
 * each, and calls none of its methods: a Decimal whose fields or methods were overwritten is
 * rejected (`'corrupt'`), never a TypeError. Checks the shape decimal.js keeps: at most MAX_WORDS
 * integer words in [0, 1e7), the first one not 0 (unless the value is 0) and as long as `e` says.
 */
function decimalProblem(value: Decimal): Problem | null {
  const { d, e, s } = value as unknown as { readonly d: unknown; readonly e: unknown; readonly s: unknown };
  if (d === null) return 'not_finite';
  if (!Array.isArray(d) || typeof e !== 'number' || !Number.isInteger(e) || (s !== 1 && s !== -1)) return 'corrupt';
  const n = d.length;
  if (n > MAX_WORDS) return 'magnitude';
  if (n === 0) return 'corrupt';
  for (let i = 0; i < n; i++) {
    const w: unknown = d[i];
    if (typeof w !== 'number' || !(w >= 0 && w < 1e7) || w % 1 !== 0) return 'corrupt';
  }
  const first = d[0] as number;
  if (first === 0) return n === 1 ? null : 'corrupt';
  if ((((e % 7) + 7) % 7) + 1 !== wordDigits(first)) return 'corrupt';
  // `e` is the exponent of the leading digit: e + 1 integer digits when e ≥ 0. Decimal places as
  // decimal.js counts them: the words after the leading one's, less the trailing zeros of the last.
  if (e + 1 > MAX_PLACES) return 'magnitude';
  let places = (n - 1 - Math.floor(e / 7)) * 7;
  for (let w = d[n - 1] as number; w !== 0 && w % 10 === 0; w /= 10) places--;
  return places > MAX_PLACES ? 'magnitude' : null;
}

/** Why `value` is not a valid amount, or null when it is one. */
function problemOf(value: unknown): Problem | null {
  if (typeof value === 'number') return numberProblem(value);
  if (typeof value === 'string') {
    const shape = shapeOf(value.trim());
    return typeof shape === 'string' ? shape : null;
  }
  if (Decimal.isDecimal(value)) return decimalProblem(value);
  return 'type';
}

/**
 * Validates one money amount and converts it to a {@link KpiDecimal}, exactly: a number is taken
 * as the decimal it prints (`0.1` is exactly 0.1), a string or Decimal with all its digits. Negative
 * zero becomes 0. For the rules, see {@link MoneyInput}.
 *
 * @param value - The amount as received.
 * @param path - Where the amount sits in the caller's input, for the error (`['lines', 3, 'price']`).
 * @param fn - The public function that received it, for the error message. Default `"toDecimal"`.
 * @returns The amount as a KpiDecimal.
 * @throws {@link KpiInputError} `not_finite` for NaN, ±Infinity and Decimal NaN/Infinity;
 *   `out_of_range` for a number that cannot be represented exactly (more than 15 significant
 *   digits, or an integer beyond 2^53 − 1; the message says to pass a string or Decimal) and for an
 *   amount beyond 1000 integer digits or decimal places; `invalid_value` for a string that is not a
 *   plain decimal; `invalid_type` for anything else.
 *
 * @example
 * ```ts
 * import { toDecimal, KpiInputError } from 'kpi-kit';
 *
 * toDecimal(0.1, ['price']).plus(toDecimal('0.2', ['tax'])).toString(); // '0.3'
 * toDecimal(' -1.5e3 ', ['refund']).toString(); // '-1500'
 *
 * let error: unknown;
 * try {
 *   toDecimal(0.1 + 0.2, ['total'], 'netCash');
 * } catch (e) {
 *   error = e;
 * }
 * error instanceof KpiInputError; // true
 * (error as KpiInputError).code; // 'out_of_range'
 * ```
 */
export function toDecimal(value: unknown, path: KpiPath = [], fn = 'toDecimal'): KpiDecimal {
  if (typeof value === 'string') {
    const text = value.trim();
    const shape = shapeOf(text);
    if (typeof shape === 'string') return fail(fn, issueFor(shape, value, path));
    return shape.digits === '' ? new KpiDecimal(0) : new KpiDecimal(text);
  }
  const problem = problemOf(value);
  if (problem !== null) return fail(fn, issueFor(problem, value, path));
  const result = new KpiDecimal(value as number | Decimal);
  return result.isZero() ? new KpiDecimal(0) : result;
}

/** What a missing amount must be, in its issue. */
const AMOUNT_EXPECTED = 'an amount (a number, a decimal string or a Decimal)';

/**
 * Why `value` is not a valid money amount ({@link MoneyInput}), as the issue at `path` that
 * {@link toDecimal} would throw (`missing` for `undefined`); `null` when it is one. Builds no error:
 * for checks that collect issues (a record's amount, an input field). @internal
 */
export function moneyIssue(value: unknown, path: KpiPath): IssueSpec | null {
  if (value === undefined) return { code: 'missing', path, input: value, expected: AMOUNT_EXPECTED };
  const problem = problemOf(value);
  return problem === null ? null : issueFor(problem, value, path);
}

// ---------------------------------------------------------------------------------------------
// ExactSum

/**
 * Bound of the integer units taken on the fast paths: |m| < 1e15, so m has at most 15 digits.
 *
 * Why a number v is exactly m / 10^k when m = Math.round(v · 10^k), |m| < 1e15 and
 * m / 10^k === v (k ≤ 9, so 10^k is exact and the division is correctly rounded):
 * the decimal q = m · 10^-k rounds to v (that is what the division check says). Since
 * |v| < 1e15 · 10^-k < 2^51 · 10^-k, the spacing of doubles (ulp) at v is below 2^-52 · 2^51 · 10^-k
 * = 10^-k / 2, so the interval of reals that round to v (one ulp wide) holds no other multiple of
 * 10^-k: q is the only decimal of ≤ k places that rounds to v. Every other decimal that rounds to v
 * has more than k places and therefore more significant digits than q (unless q is a power of ten,
 * which has a single digit), so q is the shortest decimal that rounds to v, which is what
 * `String(v)` prints (ECMAScript Number::toString). And q has at most 15 significant digits, so v is
 * valid under the number rule. Values failing the check go to a slower path that validates them
 * and reads the digits of `String(v)`.
 */
const FAST_LIMIT = 1e15;
/**
 * The Number accumulators are flushed into the BigInt once past ±7e15: then |acc| ≤ 7e15 before an
 * addition of |m| < 1e15, so every partial sum stays below 8e15 < 2^53 and is exact.
 */
const FLUSH_LIMIT = 7e15;
/** Scale of the main Number accumulator: cents (minor units of 2 decimals). */
const BASE_SCALE = 2;
/** Numbers and short strings with up to this many decimals stay on Number accumulators. */
const MAX_FAST_SCALE = 9;
/** Values per call of a hot loop (see addIndexed). */
const CHUNK = 4096;
/** Exact powers of ten as Numbers, 10^0 .. 10^15. */
const POW10: readonly number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);
const POW10N: readonly bigint[] = Array.from({ length: 24 }, (_, i) => 10n ** BigInt(i));

function pow10n(exponent: number): bigint {
  return POW10N[exponent] ?? 10n ** BigInt(exponent);
}

/*
 * The money kernel of kpi-kit: every exact sum of amounts (ExactSum, and through it the revenue
 * lines, one sum per period and stream) takes its fast path from the functions below and
 * ExactSum's `tryAdd`, `addPart` and `addNumbers`, written once (`addTypedArray` is the one copy,
 * kept for the figure measured there):
 * - a number v is m cents when m = Math.round(v · 100) passes `isCents` (see FAST_LIMIT for why);
 * - a plain string is read as cents by `stringCents`, without allocating;
 * - the cents add up in a Number moved to the BigInt before it passes ±7e15 (FLUSH_LIMIT);
 * - anything else takes the general path (`addOther`: 3–9 decimals on Numbers, then exact digits).
 */

/**
 * Whether m = Math.round(v · 100) is exactly the cents of the number v (a decimal of ≤ 2 places
 * with < 1e15 cents; see FAST_LIMIT). Written as a test on m, not as a function returning the
 * cents or NaN: measured, `cents += numberCents(v)` behind a NaN check made the loop over a
 * number[] ~1.7× slower (4.5 ms against 2.7 ms per 1M amounts, CPU time, Node 20).
 */
function isCents(m: number, v: number): boolean {
  return m / 100 === v && Math.abs(m) < FAST_LIMIT;
}

/**
 * The running cents of amounts read one by one from records (revenue lines), kept in a number and
 * handed to an {@link ExactSum} in parts — the kernel's fast path for a caller that reads amounts
 * from its own records, rather than a copy of it: `push(v)` takes a number of ≤ 2 decimals (as
 * {@link isCents} defines them) and returns `true`, or returns `false` and takes nothing (then
 * `flush()` before adding that value to the sum another way). @internal
 */
export class CentsRun {
  private cents = 0;
  private count = 0;

  constructor(private readonly sum: ExactSum) {}

  push(v: unknown): boolean {
    if (typeof v !== 'number') return false;
    const m = Math.round(v * 100);
    if (!isCents(m, v)) return false;
    // Below ±7e15 + 1e15 < 2^53: exact, and handed over before it can pass 2^53.
    const c = this.cents + m;
    this.count++;
    if (c > FLUSH_LIMIT || c < -FLUSH_LIMIT) {
      this.sum.addCents(c, this.count);
      this.cents = 0;
      this.count = 0;
    } else this.cents = c;
    return true;
  }

  /** Hands the run to the sum (before anything else is added to it, and at the end). */
  flush(): void {
    if (this.count === 0) return;
    this.sum.addCents(this.cents, this.count);
    this.cents = 0;
    this.count = 0;
  }
}

/** The cents of a number when it is exactly a decimal of ≤ 2 places with < 1e15 cents, else NaN. */
function numberCents(v: number): number {
  const m = Math.round(v * 100);
  return isCents(m, v) ? m : NaN;
}

/**
 * The cents of a plain string of ≤ 15 digits and ≤ 2 decimals (`"1234.56"`, `"-7"`, `"+.5"`), read
 * digit by digit without allocating; NaN for anything else (which takes the general path).
 * @internal
 */
export function stringCents(s: string): number {
  const len = s.length;
  if (len === 0 || len > 17) return NaN;
  let i = 0;
  let c = s.charCodeAt(0);
  const negative = c === 45;
  if (negative || c === 43) i = 1;
  let units = 0;
  let digits = 0;
  let point = -1;
  for (; i < len; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      units = units * 10 + (c - 48);
      digits++;
    } else if (c === 46 && point < 0) {
      point = digits;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  const places = point < 0 ? 0 : digits - point;
  if (places > 2) return NaN;
  const m = places === 2 ? units : places === 1 ? units * 10 : units * 100;
  if (m >= FAST_LIMIT) return NaN;
  return negative ? -m : m;
}

/** An exact amount: units × 10^-scale. */
interface Exact {
  readonly units: bigint;
  readonly scale: number;
}

function exactOfShape(shape: Shape): Exact {
  let units = BigInt(shape.digits);
  if (shape.exponent > 0) units *= pow10n(shape.exponent);
  return { units: shape.negative ? -units : units, scale: shape.exponent < 0 ? -shape.exponent : 0 };
}

function isIterable(value: object): value is Iterable<unknown> {
  return typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
}

function isLength(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Collects the invalid values of one call (at most MAX_ISSUES listed, the rest counted), then throws. */
class ProblemList {
  private readonly issues: IssueCollector;
  private listed = 0;

  constructor(
    fn: string,
    private readonly path: KpiPath,
  ) {
    this.issues = new IssueCollector(fn);
  }

  check(value: unknown, index: number): void {
    const problem = problemOf(value);
    if (problem === null) return;
    if (this.listed < MAX_ISSUES) {
      this.issues.add(issueFor(problem, value, [...this.path, index]));
      this.listed++;
    } else {
      this.issues.addUnlisted(1);
    }
  }

  throw(): never {
    this.issues.throwIfAny();
    throw new Error('kpi-kit internal error: an invalid amount was found but not reported');
  }
}

/** Options of {@link ExactSum} and {@link sumExact}: how errors name the values. */
export interface ExactSumOptions {
  /** The public function named in error messages. Default `"sumExact"` / `"ExactSum"`. */
  readonly fn?: string;
  /** Path of the collection of values; an invalid value is reported at `[...path, index]`. Default `['values']`. */
  readonly path?: KpiPath;
}

/**
 * The JSON state of an {@link ExactSum}: the sum is `units × 10^-scale` exactly. `scale` is the
 * smallest one ≥ 2 that holds the sum (so equal sums give equal JSON); `count` is the number of
 * amounts added.
 */
export interface ExactSumJSON {
  readonly scale: number;
  readonly units: string;
  readonly count: number;
}

/** Validates the options of ExactSum / sumExact and fills in the defaults. */
function readSumOptions(fn: string, options: unknown): { readonly fn: string; readonly path: KpiPath } {
  const o = readOptions(fn, options, ['fn', 'path']);
  const issues = new IssueCollector(fn);
  const name = o['fn'];
  if (name !== undefined && typeof name !== 'string') {
    issues.add({ code: 'invalid_type', path: ['options', 'fn'], input: name, expected: 'a string' });
  }
  const path = o['path'];
  const validPath = path === undefined || (Array.isArray(path) && path.every((p: unknown) => typeof p === 'string' || typeof p === 'number'));
  if (!validPath) {
    issues.add({ code: 'invalid_type', path: ['options', 'path'], input: path, expected: 'an array of strings and numbers' });
  }
  issues.throwIfAny();
  return {
    fn: typeof name === 'string' ? name : fn,
    path: Object.freeze([...((path as KpiPath | undefined) ?? ['values'])]),
  };
}

interface Snapshot {
  readonly parts: Float64Array;
  readonly big: bigint;
  readonly bigScale: number;
  readonly n: number;
}

/**
 * An exact, mergeable accumulator of money amounts. Adding a number or a plain string is as cheap
 * as a float sum (a few ns, no allocation): amounts are kept as integer minor units in Numbers,
 * moved into a BigInt before they could lose precision, so the sum is exact at any size and any
 * number of decimals, in any order. Every value is validated in the same pass, by the rules of
 * {@link MoneyInput}; an invalid one is reported with its index.
 *
 * How: amounts with ≤ 2 decimals add their cents to one Number; amounts with 3 to 9 decimals add
 * their units to a Number per scale; each is flushed into the BigInt (held at the largest scale
 * seen) before it passes ±7e15, below 2^53. Anything else (more decimals or digits, exponents,
 * Decimals) is read from its exact digits into the BigInt. The state is small and plain
 * ({@link ExactSum.toJSON}), so shards summed in workers or on other machines merge exactly.
 *
 * It is the one money kernel of kpi-kit: every exact sum of amounts in the library goes through
 * it (`revenue` keeps one per period and stream and adds each line's amount with it).
 *
 * Cost (bench/money.bench.mjs, 1M amounts, Node 20): ~5 ns per number, validation included.
 * `add(r.amount)` over records is ~1.6× the float loop `sum += r.amount` over the same records;
 * `sumExact` over strings like `"1234.56"` is ~2.2× faster than `sum += Number(s)`, over a
 * Float64Array about the time of a float loop over it; decimal.js `plus` per element is ~300–450×
 * a float loop.
 *
 * @example
 * ```ts
 * import { ExactSum, sumExact } from 'kpi-kit';
 *
 * const monday = new ExactSum({ fn: 'revenue', path: ['lines'] }).addAll([0.1, '0.2', 1999.99]);
 * const tuesday = new ExactSum().add('0.005').add(12);
 * const week = monday.merge(tuesday);
 * week.toDecimal().toString(); // '2012.295'
 * week.count; // 5
 * JSON.stringify(week); // '{"scale":3,"units":"2012295","count":5}'
 * ExactSum.fromJSON(JSON.parse(JSON.stringify(week))).toDecimal().toString(); // '2012.295'
 * sumExact([0.1, 0.2]).toString(); // '0.3'
 * ```
 */
export class ExactSum {
  /**
   * parts[k] (k = 2..9): integer units of 10^-k, |parts[k]| ≤ FLUSH_LIMIT. parts[2] holds the cents
   * of every amount with ≤ 2 decimals. (A typed array, not fields: its stores never change the
   * object's shape, so the hot loop stays optimised.)
   */
  private readonly parts = new Float64Array(MAX_FAST_SCALE + 1);
  /** Everything flushed or taken on the general path, in units of 10^-bigScale. */
  private big = 0n;
  private bigScale = BASE_SCALE;
  private n = 0;
  private readonly fn: string;
  private readonly path: KpiPath;

  /**
   * Creates an empty sum.
   *
   * @param options - How errors name the values: `fn` (default `"ExactSum"`) and the `path` of
   *   the collection (default `['values']`).
   * @throws {@link KpiInputError} when an option is unknown or of the wrong type.
   */
  constructor(options?: ExactSumOptions) {
    const settings = readSumOptions('ExactSum', options);
    this.fn = settings.fn;
    this.path = settings.path;
  }

  /** How many amounts were added (merged sums count theirs). */
  get count(): number {
    return this.n;
  }

  /**
   * Adds one amount.
   *
   * @param value - A {@link MoneyInput}.
   * @param index - Its index, used in the error path `[...path, index]`. Default: its position in
   *   this sum (`count`).
   * @returns This sum.
   * @throws {@link KpiInputError} when the value is not a valid amount (the sum is then unchanged).
   */
  add(value: MoneyInput, index?: number): this {
    if (!this.tryAdd(value)) fail(this.fn, issueFor(problemOf(value) ?? 'type', value, [...this.path, index ?? this.n]));
    return this;
  }

  /**
   * Adds one amount when it is valid ({@link MoneyInput}) and returns `true`; returns `false`,
   * adding nothing, when it is not. No error is built: for callers that report invalid values their
   * own way (the revenue lines add their amounts through it). @internal
   */
  /** Adds a run of `count` amounts whose exact total is `cents` (a safe integer; see {@link CentsRun}). @internal */
  addCents(cents: number, count: number): void {
    // A part above the fast limit goes to the BigInt at once (addPart keeps parts below 2^53 only
    // for parts below FAST_LIMIT).
    if (cents < FAST_LIMIT && cents > -FAST_LIMIT) this.addPart(cents, BASE_SCALE);
    else this.addBig(BigInt(cents), BASE_SCALE);
    this.n += count;
  }

  tryAdd(value: unknown): boolean {
    if (typeof value === 'number') {
      // The common case first (numbers of ≤ 2 decimals), without the NaN of numberCents (see isCents).
      const m = Math.round(value * 100);
      if (isCents(m, value)) {
        this.addPart(m, BASE_SCALE);
        this.n++;
        return true;
      }
    }
    if (this.addOne(value) !== null) return false;
    this.n++;
    return true;
  }

  /**
   * Adds many amounts in one validated pass: an array, a typed array, an array-like object or any
   * iterable. Invalid values are all reported, each at `[...path, index]` (index within `values`);
   * then nothing is added (the sum is unchanged).
   *
   * @param values - The amounts.
   * @returns This sum.
   * @throws {@link KpiInputError} listing every invalid amount, or `invalid_type` at `path` when
   *   `values` is not a collection.
   */
  addAll(values: ArrayLike<MoneyInput> | Iterable<MoneyInput>): this {
    if (typeof values !== 'object' || values === null) return this.notACollection(values);
    const before = this.snapshot();
    let added = 0;
    let problems: ProblemList | null = null;
    const indexed =
      Array.isArray(values) ||
      (ArrayBuffer.isView(values) && !(values instanceof DataView)) ||
      (!isIterable(values) && isLength((values as { length?: unknown }).length));
    if (indexed) {
      const list = values as ArrayLike<unknown>;
      if (list.length > MAX_ARRAY_LENGTH) this.tooMany(list.length);
      const bad = this.addIndexed(list);
      if (bad >= 0) {
        problems = new ProblemList(this.fn, this.path);
        for (let i = bad; i < list.length; i++) problems.check(list[i], i);
      }
      added = list.length;
    } else if (isIterable(values)) {
      for (const value of values) {
        if (added >= MAX_ARRAY_LENGTH) {
          this.restore(before);
          this.tooMany(added + 1);
        }
        if (problems === null) {
          if (this.addOne(value) !== null) {
            problems = new ProblemList(this.fn, this.path);
            problems.check(value, added);
          }
        } else {
          problems.check(value, added);
        }
        added++;
      }
    } else {
      return this.notACollection(values);
    }
    if (problems !== null) {
      this.restore(before);
      problems.throw();
    }
    this.n += added;
    return this;
  }

  /**
   * Adds another sum's amounts (and count) to this one. The other sum is not changed.
   *
   * @param other - Another ExactSum (it may be this one).
   * @returns This sum.
   * @throws {@link KpiInputError} `invalid_type` when `other` is not an ExactSum.
   */
  merge(other: ExactSum): this {
    if (!(other instanceof ExactSum)) {
      return fail(this.fn, { code: 'invalid_type', path: ['other'], input: other, expected: 'an ExactSum' });
    }
    const { units, scale } = other.exact();
    const count = other.n;
    this.addBig(units, scale);
    this.n += count;
    return this;
  }

  /** The exact sum as a {@link KpiDecimal} (`0` for no amounts). */
  toDecimal(): KpiDecimal {
    const { units, scale } = this.canonical();
    return new KpiDecimal(`${units}e-${scale}`);
  }

  /** The state as plain JSON: the sum is `units × 10^-scale`; see {@link ExactSumJSON}. */
  toJSON(): ExactSumJSON {
    const { units, scale } = this.canonical();
    return { scale, units: units.toString(), count: this.n };
  }

  /**
   * Restores a sum from {@link ExactSum.toJSON} output (`count` may be omitted: 0).
   *
   * @param json - `{ scale, units, count }`: `scale` an integer 0–2000, `units` an integer string
   *   (at most 10000 digits), `count` a non-negative safe integer.
   * @param options - As for the constructor.
   * @throws {@link KpiInputError} (fn `"ExactSum.fromJSON"`) when the state is malformed.
   */
  static fromJSON(json: unknown, options?: ExactSumOptions): ExactSum {
    const fn = 'ExactSum.fromJSON';
    if (!isRecord(json)) return fail(fn, { code: 'invalid_type', path: [], input: json, expected: 'an object' });
    const { scale, units, count = 0 } = json;
    const issues = new IssueCollector(fn);
    if (!(Number.isInteger(scale) && (scale as number) >= 0 && (scale as number) <= 2 * MAX_PLACES)) {
      issues.add({ code: 'invalid_value', path: ['scale'], input: scale, expected: `an integer from 0 to ${2 * MAX_PLACES}` });
    }
    if (!(typeof units === 'string' && /^-?\d{1,10000}$/.test(units))) {
      issues.add({ code: 'invalid_value', path: ['units'], input: units, expected: 'an integer string of at most 10000 digits' });
    }
    if (!(Number.isSafeInteger(count) && (count as number) >= 0)) {
      issues.add({ code: 'invalid_value', path: ['count'], input: count, expected: 'a non-negative integer' });
    }
    issues.throwIfAny();
    const sum = new ExactSum(options);
    sum.addBig(BigInt(units as string), scale as number);
    sum.n = count as number;
    return sum;
  }

  // -- internals --------------------------------------------------------------------------------

  /**
   * Adds `values[0..]` up to the first invalid one; returns its index, or -1. Does not count.
   * Arrays of numbers take the hot loop {@link addNumbers}, typed arrays its copy
   * {@link addTypedArray}; other arrays (strings, Decimals, mixed) add their values one by one
   * (parsing a string costs ~25 ns, against ~2 ns more per value without the running cents in a
   * register).
   */
  private addIndexed(values: ArrayLike<unknown>): number {
    const len = values.length;
    const kind = ArrayBuffer.isView(values) ? 2 : typeof values[0] === 'number' ? 0 : 1;
    // In chunks: each loop call is short, so V8 optimises the loop functions whole, with feedback
    // for every line, instead of on-stack-replacing one long loop whose exit it has never seen
    // (measured: that code deoptimises at the exit on every call and runs ~1.7× slower).
    for (let start = 0; start < len; start += CHUNK) {
      const end = Math.min(len, start + CHUNK);
      const bad = kind === 0 ? this.addNumbers(values, start, end) : kind === 2 ? this.addTypedArray(values, start, end) : this.addEach(values, start, end);
      if (bad >= 0) return bad;
    }
    return -1;
  }

  /**
   * The hot loop, for arrays of numbers: the running cents in a local (a register), moved to the
   * BigInt past ±7e15. It sees number arrays only, so that V8 reads their doubles unboxed (fed
   * string arrays too, it ran 1M numbers in 8.9 ms against 6.7 ms, CPU time, Node 20).
   */
  private addNumbers(values: ArrayLike<unknown>, start: number, end: number): number {
    const parts = this.parts;
    let cents = parts[BASE_SCALE] as number;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (typeof v === 'number') {
        const m = Math.round(v * 100);
        if (isCents(m, v)) {
          cents += m;
          if (Math.abs(cents) > FLUSH_LIMIT) cents = this.flushCents(cents);
          continue;
        }
      }
      parts[BASE_SCALE] = cents;
      const problem = this.addOne(v);
      cents = parts[BASE_SCALE];
      if (problem !== null) return i;
    }
    parts[BASE_SCALE] = cents;
    return -1;
  }

  /**
   * A copy of {@link addNumbers} for typed arrays (columnar input), the one copy of the fast path
   * that stays because it pays: with one loop for both, the element loads see two kinds of
   * collection, and bench/money.bench.mjs (1M amounts, Node 20, after sums of a number[] in the same
   * process) measured `sumExact(Float64Array)` at 7.1–11.1 ms, against 3.4–6.2 ms with this copy.
   */
  private addTypedArray(values: ArrayLike<unknown>, start: number, end: number): number {
    const parts = this.parts;
    let cents = parts[BASE_SCALE] as number;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (typeof v === 'number') {
        const m = Math.round(v * 100);
        if (isCents(m, v)) {
          cents += m;
          if (Math.abs(cents) > FLUSH_LIMIT) cents = this.flushCents(cents);
          continue;
        }
      }
      parts[BASE_SCALE] = cents;
      const problem = this.addOne(v);
      cents = parts[BASE_SCALE];
      if (problem !== null) return i;
    }
    parts[BASE_SCALE] = cents;
    return -1;
  }

  /** Adds values[start..end) one by one (strings and anything else); returns the first invalid index, or -1. */
  private addEach(values: ArrayLike<unknown>, start: number, end: number): number {
    for (let i = start; i < end; i++) if (this.addOne(values[i]) !== null) return i;
    return -1;
  }

  /** Moves the cents of a hot loop into the BigInt; returns the new local cents (0). */
  private flushCents(cents: number): number {
    this.parts[BASE_SCALE] = 0;
    this.addBig(BigInt(cents), BASE_SCALE);
    return 0;
  }

  /** Adds one value without counting it; returns its problem (nothing added) or null. */
  private addOne(value: unknown): Problem | null {
    const m = typeof value === 'number' ? numberCents(value) : typeof value === 'string' ? stringCents(value) : NaN;
    if (m !== m) return this.addOther(value);
    this.addPart(m, BASE_SCALE);
    return null;
  }

  /** The general path (anything not taken as cents): validates, then adds; nothing added on a problem. */
  private addOther(value: unknown): Problem | null {
    if (typeof value === 'number') {
      if (Math.abs(value) < FAST_LIMIT / 1000) {
        for (let k = 3; k <= MAX_FAST_SCALE; k++) {
          const p = POW10[k] as number;
          const m = Math.round(value * p);
          if (m / p === value && m < FAST_LIMIT && m > -FAST_LIMIT) {
            this.addPart(m, k);
            return null;
          }
        }
      }
      const problem = numberProblem(value);
      if (problem !== null) return problem;
      if (Number.isInteger(value)) this.addBig(BigInt(value), 0);
      else this.addShape(shapeOf(String(value)) as Shape);
      return null;
    }
    if (typeof value === 'string') {
      const shape = shapeOf(value.trim());
      if (typeof shape === 'string') return shape;
      this.addShape(shape);
      return null;
    }
    if (Decimal.isDecimal(value)) {
      const problem = decimalProblem(value);
      if (problem !== null) return problem;
      // Printed by a KpiDecimal copy of its checked fields: the value's own methods may be overwritten.
      this.addShape(shapeOf(new KpiDecimal(value).toFixed()) as Shape);
      return null;
    }
    return 'type';
  }

  /**
   * Adds a parsed amount: on a Number accumulator when it has ≤ 15 digits and ≤ 9 decimals (strings
   * with spaces, exponents or 3..9 decimals), else exactly into the BigInt.
   */
  private addShape(shape: Shape): void {
    const { digits, exponent } = shape;
    if (digits.length <= 15 && exponent >= -MAX_FAST_SCALE) {
      if (exponent >= -BASE_SCALE) {
        if (digits.length + exponent + BASE_SCALE <= 15) {
          // < 1e15 cents, and the product of two exact integers below 2^53 is exact.
          const m = Number(digits) * (POW10[exponent + BASE_SCALE] as number);
          this.addPart(shape.negative ? -m : m, BASE_SCALE);
          return;
        }
      } else {
        const units = Number(digits);
        this.addPart(shape.negative ? -units : units, -exponent);
        return;
      }
    }
    const { units, scale } = exactOfShape(shape);
    this.addBig(units, scale);
  }

  /** Adds integer units (|units| < 1e15) of 10^-scale (2..9) to their Number part. */
  private addPart(units: number, scale: number): void {
    const f = (this.parts[scale] as number) + units;
    if (Math.abs(f) > FLUSH_LIMIT) {
      this.parts[scale] = 0;
      this.addBig(BigInt(f), scale);
    } else {
      this.parts[scale] = f;
    }
  }

  /** Adds units × 10^-scale to the BigInt, raising its scale when needed. */
  private addBig(units: bigint, scale: number): void {
    if (scale > this.bigScale) {
      this.big *= pow10n(scale - this.bigScale);
      this.bigScale = scale;
    }
    this.big += scale === this.bigScale ? units : units * pow10n(this.bigScale - scale);
  }

  /** The exact total, at the largest scale in use. Does not change the state. */
  private exact(): Exact {
    let scale = this.bigScale;
    for (let k = BASE_SCALE; k <= MAX_FAST_SCALE; k++) if (this.parts[k] !== 0 && k > scale) scale = k;
    let units = this.big * pow10n(scale - this.bigScale);
    for (let k = BASE_SCALE; k <= MAX_FAST_SCALE; k++) {
      const f = this.parts[k] as number;
      if (f !== 0) units += BigInt(f) * pow10n(scale - k);
    }
    return { units, scale };
  }

  /** The exact total at the smallest scale ≥ 2 that holds it. */
  private canonical(): Exact {
    let { units, scale } = this.exact();
    if (units === 0n) return { units, scale: BASE_SCALE };
    while (scale > BASE_SCALE && units % 10n === 0n) {
      units /= 10n;
      scale--;
    }
    return { units, scale };
  }

  private snapshot(): Snapshot {
    return { parts: this.parts.slice(), big: this.big, bigScale: this.bigScale, n: this.n };
  }

  private restore(s: Snapshot): void {
    this.parts.set(s.parts);
    this.big = s.big;
    this.bigScale = s.bigScale;
    this.n = s.n;
  }

  /** Rejects a collection of more than MAX_ARRAY_LENGTH amounts (before reading them, for an array). */
  private tooMany(count: number): never {
    return fail(this.fn, {
      code: 'out_of_range',
      path: this.path,
      input: count,
      detail: `${formatPath(this.path)} has ${count} amounts or more, more than the ${MAX_ARRAY_LENGTH} one call may add (MAX_ARRAY_LENGTH; add them in parts)`,
    });
  }

  private notACollection(values: unknown): never {
    return fail(this.fn, { code: 'invalid_type', path: this.path, input: values, expected: 'an array or iterable of amounts' });
  }
}

/**
 * The exact sum of money amounts (see {@link ExactSum} for how, and {@link MoneyInput} for what is
 * accepted): `0.1 + 0.2` is `0.3`, cents survive next to 1e18, and the result does not depend on
 * the order of the values.
 *
 * @param values - The amounts: an array, typed array, array-like or iterable.
 * @param options - How errors name the values: `fn` (default `"sumExact"`), `path` (default `['values']`).
 * @returns The sum as a {@link KpiDecimal}; `0` for no values.
 * @throws {@link KpiInputError} listing every invalid amount with its index (`values[3]`).
 *
 * @example
 * ```ts
 * import { sumExact } from 'kpi-kit';
 *
 * sumExact([0.1, 0.2]).toString(); // '0.3'
 * sumExact(['1000000000000000000', 0.01]).toString(); // '1000000000000000000.01'
 * sumExact(['120000.10', '-30000.05', -10000.02]).toFixed(2); // '80000.03'
 * sumExact([]).toString(); // '0'
 * ```
 */
export function sumExact(values: ArrayLike<MoneyInput> | Iterable<MoneyInput>, options?: ExactSumOptions): KpiDecimal {
  return new ExactSum(readSumOptions('sumExact', options)).addAll(values).toDecimal();
}
