/**
 * Trunk and line sizing: the inverse of Erlang B, decided exactly at the boundary.
 *
 * @module
 */
import { makeResult } from '../core/result.js';
import { CONFIDENCE, IssueCollector, NON_NEGATIVE, POSITIVE, type Rule, describeRule, requireInput, selectForm } from '../core/validate.js';
import { checkKnownFields, checkTraffic, erlangBRecursion, trafficOf } from './erlang.js';

/** {@link requiredLines} input from the traffic in Erlangs. */
export interface RequiredLinesTrafficInput {
  /** Offered traffic in Erlangs (calls per unit time × mean holding time). */
  readonly trafficErlangs: number;
  /** Highest acceptable blocking probability (grade of service), from 1e-300 up to, not including, 1 (0.01 for "P.01"). */
  readonly maxBlocking: number;
}

/** {@link requiredLines} input from the calls of an interval and their mean holding time. */
export interface RequiredLinesContactsInput {
  /** Calls offered in the interval (a forecast may be fractional). */
  readonly contactCount: number;
  /** Length of the interval in ms. */
  readonly intervalMs: number;
  /** Mean holding time of a call in ms. */
  readonly ahtMs: number;
  /** Highest acceptable blocking probability, from 1e-300 up to, not including, 1. */
  readonly maxBlocking: number;
}

/** The input of {@link requiredLines}. */
export type RequiredLinesInput = RequiredLinesTrafficInput | RequiredLinesContactsInput;

/** The result of {@link requiredLines}. */
export interface RequiredLinesResult {
  /** Lines (trunks, circuits, agents without a queue) needed: the least n with B(n, A) ≤ maxBlocking; 0 without traffic. */
  readonly value: number;
  /** Why `blocking` is `null` (no traffic offered); `null` otherwise. */
  readonly reason: string | null;
  /** The Erlang B blocking probability at `value` lines (≤ maxBlocking); `null` without traffic. */
  readonly blocking: number | null;
  /** Offered traffic A in Erlangs. */
  readonly trafficErlangs: number;
  /** The grade of service asked for. */
  readonly maxBlocking: number;
}

const FORMS = [
  { name: 'contacts', fields: ['contactCount', 'intervalMs'] },
  { name: 'traffic', fields: ['trafficErlangs'] },
] as const;

/**
 * Values of B this close to the limit (relative) are decided exactly rather than by the double
 * recursion, whose relative error after n steps is at most ~3n·2^−53 (each step rounds three times
 * and does not enlarge earlier relative errors): below 1e-9 for the ~1,000,000 steps the largest
 * traffic needs.
 */
const BAND = 1e-9;

/**
 * The smallest `maxBlocking` accepted: below it the blocking probabilities near the limit approach
 * the doubles' subnormal range, where the recursion's relative accuracy is lost.
 */
export const MIN_BLOCKING = 1e-300;

/** The exact value of a finite double x ≥ 0 as p/2^e (p, e integers, e ≥ 0). */
function dyadic(x: number): { p: bigint; e: number } {
  let v = x;
  let e = 0;
  while (!Number.isInteger(v)) {
    v *= 2;
    e++;
  }
  return { p: BigInt(v), e };
}

/**
 * B(n, a) by the recursion b ← p·b/(q·k + p·b) (a = p/q) in fixed point with `bits` fraction bits,
 * rounding every step down (`up` false) or up: the map is increasing in b, so the run stays below
 * (above) the true value.
 */
function fixedPointB(p: bigint, q: bigint, n: number, bits: bigint, up: boolean): bigint {
  const S = 1n << bits;
  let b = S;
  for (let k = 1n; k <= BigInt(n); k++) {
    const pb = p * b;
    const den = q * k * S + pb;
    b = up ? (pb * S + den - 1n) / den : (pb * S) / den;
  }
  return b;
}

/** The sign of X/2^xBits − M/2^mBits, exactly. */
function compareScaled(x: bigint, xBits: bigint, m: bigint, mBits: bigint): number {
  const l = x << mBits;
  const r = m << xBits;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * Whether B(n, a) ≤ m exactly, for doubles a > 0 and m in [1e-300, 1). With a = p/2^e, B by the
 * recursion in fixed point, once rounding down and once up, which encloses the true B(n, a); the
 * fraction bits start where the enclosure is ~2^−64 of m wide (each step adds at most one unit, and
 * relative errors do not grow along the recursion) and double while m lies inside it, up to ~2,200
 * bits. Only a tie to that many bits goes to the exact rational comparison from
 * B(n, a) = p^n / D_n, D_0 = 1, D_k = k·2^e·D_(k−1) + p^k (O(n²) bit operations: in practice only
 * reached at small n, where ties occur, like B(1, 1) = 1/2). @internal
 */
export function erlangBAtMost(a: number, n: number, m: number): boolean {
  const { p, e } = dyadic(a);
  const q = 1n << BigInt(e);
  const mm = dyadic(m);
  const mBits = BigInt(mm.e);
  for (let bits = BigInt(Math.ceil(-Math.log2(m)) + 64 + Math.ceil(Math.log2(n + 1))); bits <= 2400n; bits *= 2n) {
    if (compareScaled(fixedPointB(p, q, n, bits, true), bits, mm.p, mBits) <= 0) return true;
    if (compareScaled(fixedPointB(p, q, n, bits, false), bits, mm.p, mBits) > 0) return false;
  }
  // B = p^n / D_n ≤ mp / 2^me  ⇔  p^n · 2^me ≤ mp · D_n.
  let d = 1n;
  let pk = 1n;
  for (let k = 1n; k <= BigInt(n); k++) {
    pk *= p;
    d = k * q * d + pk;
  }
  return pk << mBits <= mm.p * d;
}

/**
 * The least n with B(n, a) ≤ m: the double recursion runs up to the first n where B(n) ≤ m; when
 * B(n) or B(n − 1) is within 1e-9 (relative) of m — far above the recursion's rounding — the answer
 * is settled by {@link erlangBAtMost}, so a limit equal to a blocking probability in exact arithmetic
 * gives exactly that number of lines. @internal
 */
export function leastLines(a: number, m: number): { lines: number; blocking: number } {
  let n = 0;
  let b = 1;
  let previous = 1;
  while (b > m) {
    n++;
    previous = b;
    const ab = a * b;
    b = ab / (n + ab);
  }
  const near = (v: number): boolean => Math.abs(v - m) <= BAND * m;
  // Too few lines by rounding: B(n) ≤ m in doubles but not exactly.
  while (near(b) && !erlangBAtMost(a, n, m)) {
    n++;
    previous = b;
    const ab = a * b;
    b = ab / (n + ab);
  }
  // Too many: B(n − 1) > m in doubles but ≤ m exactly.
  while (n > 0 && near(previous) && erlangBAtMost(a, n - 1, m)) {
    n--;
    b = previous;
    previous = erlangBRecursion(a, n - 1);
  }
  return { lines: n, blocking: b };
}

const NO_TRAFFIC = 'no traffic offered: nothing is blocked, and no line is needed';

/**
 * Required lines (trunk sizing, the inverse of Erlang B): the least number of lines n whose
 * blocking probability B(n, A) — the share of calls that find every line busy and are lost — is at
 * most `maxBlocking` (the grade of service, "P.01" for 1 %).
 *
 * Formula: n = min { n ≥ 0 : B(n, A) ≤ maxBlocking }, with B by the recursion B(0) = 1,
 * B(n) = A·B(n−1)/(n + A·B(n−1)), which decreases in n. No `ceil` of a float quotient is involved;
 * where B(n) or B(n − 1) lies within 1e-9 of the limit, the comparison is made exactly (rational
 * arithmetic in BigInt, through a rigorous fixed-point enclosure), so a limit equal to B(n, A) gives
 * n lines, and one a hair below it gives n + 1.
 *
 * Cost: n recursion steps; a near-tie adds two BigInt runs of n steps (~0.1–1 µs each).
 *
 * @param input - `{ trafficErlangs, maxBlocking }` or `{ contactCount, intervalMs, ahtMs, maxBlocking }`.
 * @returns A {@link RequiredLinesResult}: `value` is the number of lines, `blocking` B at that number.
 * @throws {@link KpiInputError} when the traffic is negative, not finite or above 1,000,000 Erlangs,
 *   `intervalMs` or `ahtMs` is not positive, `maxBlocking` is not from 1e-300 up to 1 (excluded), fields of
 *   both forms are mixed, or a field is unknown.
 * @see docs/metrics.md#requiredlines
 * @see A. K. Erlang, 1917 (the loss formula).
 *
 * @example
 * ```ts
 * import { requiredLines } from 'kpi-kit';
 *
 * // 2 Erlangs: B(3) = 4/19 ≈ 0.2105, B(4) = 2/21 ≈ 0.0952, B(5) = 4/109 ≈ 0.0367, B(6) = 4/331 ≈ 0.0121, B(7) = 8/2325 ≈ 0.0034.
 * requiredLines({ trafficErlangs: 2, maxBlocking: 0.01 }).value; // 7
 * requiredLines({ trafficErlangs: 2, maxBlocking: 0.1 }); // { value: 4, reason: null, blocking: 0.09523809523809523, trafficErlangs: 2, maxBlocking: 0.1 }
 * // 1 Erlang on 1 line blocks exactly half the calls: a limit of 0.5 needs 1 line.
 * requiredLines({ trafficErlangs: 1, maxBlocking: 0.5 }).value; // 1
 * ```
 */
export function requiredLines(input: RequiredLinesInput): RequiredLinesResult {
  const fn = 'requiredLines';
  const record = requireInput(fn, input);
  const form = selectForm(fn, record, FORMS);
  const issues = new IssueCollector(fn);
  const rules: Record<string, Rule> =
    form === 'contacts'
      ? { contactCount: NON_NEGATIVE, intervalMs: POSITIVE, ahtMs: POSITIVE, maxBlocking: CONFIDENCE }
      : { trafficErlangs: NON_NEGATIVE, maxBlocking: CONFIDENCE };
  checkKnownFields(record, Object.keys(rules), [], `${fn} input`, issues);
  for (const [field, rule] of Object.entries(rules)) {
    const value = record[field];
    if (value === undefined) issues.add({ code: 'missing', path: [field], input: value, expected: describeRule(rule) });
    else issues.check(value, rule, [field]);
  }
  const limit = record['maxBlocking'];
  if (typeof limit === 'number' && limit > 0 && limit < MIN_BLOCKING) {
    issues.add({ code: 'out_of_range', path: ['maxBlocking'], input: limit, expected: `a number from ${MIN_BLOCKING} up to, but not including, 1` });
  }
  issues.throwIfAny();
  const a =
    form === 'contacts'
      ? trafficOf(record['contactCount'] as number, record['ahtMs'] as number, record['intervalMs'] as number)
      : (record['trafficErlangs'] as number);
  const trafficField = form === 'contacts' ? 'contactCount' : 'trafficErlangs';
  checkTraffic(a, [trafficField], record[trafficField], issues);
  issues.throwIfAny();
  const maxBlocking = record['maxBlocking'] as number;
  if (a === 0) return makeResult(0, { reason: NO_TRAFFIC, blocking: null, trafficErlangs: 0, maxBlocking });
  const { lines, blocking } = leastLines(a, maxBlocking);
  return makeResult(lines, { reason: null, blocking, trafficErlangs: a, maxBlocking });
}
