/**
 * Queueing models of a contact centre: Erlang B (blocked calls cleared), Erlang C (M/M/n, callers
 * wait as long as it takes) and Erlang A (M/M/n+M, callers abandon after an exponential patience),
 * with the input validation and numerical kernels that the staffing functions share.
 *
 * Numerics: no factorials and no powers of the traffic. Erlang B runs the recursion
 * B(n) = A·B(n−1) / (n + A·B(n−1)) (that is, 1/B(n) = 1 + n/(A·B(n−1))), which is stable and cannot
 * overflow; Erlang C and its service level are written so that no two nearly equal numbers are
 * subtracted; Erlang A sums the Palm series of the incomplete gamma function in scaled (log-space)
 * form. A fractional number of agents x uses Jagerman's continuous extension of Erlang B,
 * 1/B(x, A) = A·∫₀^∞ e^(−A·t)(1 + t)^x dt, with the same recursion from B(x − ⌊x⌋) up. Results
 * agree with 50-digit references (for fractional agents a 50-digit quadrature) to 1e-12 relative or
 * better from 0.01 to 100,000 Erlangs (fractional agents: 1e-6 to 20,000; see the tests).
 *
 * @module
 */
import { type KpiPath, formatPath } from '../core/errors.js';
import { makeResult } from '../core/result.js';
import { IssueCollector, NON_NEGATIVE, POSITIVE, type Rule, describeRule, requireInput, selectForm } from '../core/validate.js';

// ---------------------------------------------------------------------------------------------
// Shared validation

/** The most Erlangs of offered traffic accepted (a million agents' worth of work). @internal */
export const MAX_TRAFFIC_ERLANGS = 1_000_000;
/** The most agents accepted. @internal */
export const MAX_AGENTS = 1_000_000_000;
/** The longest mean patience accepted, as a multiple of the mean handle time. @internal */
export const MAX_PATIENCE_RATIO = 1_000_000;

/**
 * The fewest agents accepted: a millionth of an agent. Below it the continuous Erlang B rounds to 1
 * at large traffic (1/B − 1 ≈ N/A falls under the double's resolution) and the Erlang A figures lose
 * every digit. @internal
 */
export const MIN_AGENTS = 1e-6;

/** Checks an agent count: a number (whole or fractional) from {@link MIN_AGENTS} to {@link MAX_AGENTS}. @internal */
export function checkAgents(value: unknown, path: KpiPath, issues: IssueCollector): boolean {
  if (!issues.check(value, POSITIVE, path)) return false;
  const v = value as number;
  if (v >= MIN_AGENTS && v <= MAX_AGENTS) return true;
  issues.add({ code: 'out_of_range', path, input: value, expected: `a number of agents from ${MIN_AGENTS} to ${MAX_AGENTS}` });
  return false;
}

/** Offered traffic in Erlangs: contactCount × AHT / interval (the product first, then one division). @internal */
export function trafficOf(contactCount: number, ahtMs: number, intervalMs: number): number {
  return (contactCount * ahtMs) / intervalMs;
}

/** Adds an issue when the traffic exceeds {@link MAX_TRAFFIC_ERLANGS}. @internal */
export function checkTraffic(traffic: number, path: KpiPath, input: unknown, issues: IssueCollector): boolean {
  if (traffic <= MAX_TRAFFIC_ERLANGS) return true;
  issues.add({
    code: 'out_of_range',
    path,
    input,
    detail: `the offered traffic (${traffic} Erlangs) exceeds the supported ${MAX_TRAFFIC_ERLANGS.toLocaleString('en-US')} Erlangs`,
  });
  return false;
}

/** Adds an issue when patienceMs / ahtMs exceeds {@link MAX_PATIENCE_RATIO}. @internal */
export function checkPatience(patienceMs: number, ahtMs: number, path: KpiPath, issues: IssueCollector): boolean {
  if (patienceMs / ahtMs <= MAX_PATIENCE_RATIO) return true;
  issues.add({
    code: 'out_of_range',
    path,
    input: patienceMs,
    detail:
      `${formatPath(path)} (${patienceMs}) may be at most ${MAX_PATIENCE_RATIO.toLocaleString('en-US')} times ahtMs (${ahtMs}); ` +
      'for callers who never abandon use erlangC',
  });
  return false;
}

/** Reports every field of `record` that is not in `known`. @internal */
export function checkKnownFields(record: Record<string, unknown>, known: readonly string[], base: KpiPath, what: string, issues: IssueCollector): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key) && record[key] !== undefined) {
      issues.add({
        code: 'invalid_value',
        path: [...base, key],
        input: record[key],
        detail: `${formatPath([...base, key])} is not a field of ${what} (known: ${known.join(', ')})`,
      });
    }
  }
}

/** Checks an optional field: absent (or undefined) is fine, else it must pass `rule`. */
function checkOptional(record: Record<string, unknown>, field: string, rule: Rule, base: KpiPath, issues: IssueCollector): number | null {
  const value = record[field];
  if (value === undefined) return null;
  return issues.check(value, rule, [...base, field]) ? (value as number) : null;
}

type Model = 'b' | 'c' | 'a';

/** The validated input of one queue model. */
interface QueueInput {
  readonly trafficErlangs: number;
  readonly agentCount: number;
  readonly ahtMs: number | null;
  readonly targetAnswerMs: number | null;
  readonly patienceMs: number | null;
}

const FORMS = [
  { name: 'contacts', fields: ['contactCount', 'intervalMs'] },
  { name: 'traffic', fields: ['trafficErlangs'] },
] as const;

/** Reads and validates the input of erlangB / erlangC / erlangA, reporting every problem at once. */
function readQueueInput(fn: string, input: unknown, model: Model): QueueInput {
  const record = requireInput(fn, input);
  const form = selectForm(fn, record, FORMS);
  const issues = new IssueCollector(fn);
  const required: Record<string, Rule> =
    form === 'contacts'
      ? { contactCount: NON_NEGATIVE, intervalMs: POSITIVE, ahtMs: POSITIVE, agentCount: POSITIVE }
      : { trafficErlangs: NON_NEGATIVE, agentCount: POSITIVE };
  if (model === 'a') {
    required['ahtMs'] = POSITIVE;
    required['patienceMs'] = POSITIVE;
  }
  const known = [...Object.keys(required)];
  if (model !== 'b') known.push('targetAnswerMs');
  if (model === 'c' && form === 'traffic') known.push('ahtMs');
  checkKnownFields(record, known, [], `${fn} input`, issues);
  for (const [field, rule] of Object.entries(required)) {
    const value = record[field];
    if (value === undefined) issues.add({ code: 'missing', path: [field], input: value, expected: describeRule(rule) });
    else if (field === 'agentCount') checkAgents(value, [field], issues);
    else issues.check(value, rule, [field]);
  }
  const targetAnswerMs = model === 'b' ? null : checkOptional(record, 'targetAnswerMs', NON_NEGATIVE, [], issues);
  let ahtMs = form === 'contacts' || model === 'a' ? (record['ahtMs'] as number) : null;
  if (model === 'c' && form === 'traffic') {
    ahtMs = checkOptional(record, 'ahtMs', POSITIVE, [], issues);
    if (record['targetAnswerMs'] !== undefined && record['ahtMs'] === undefined) {
      issues.add({
        code: 'missing',
        path: ['ahtMs'],
        input: undefined,
        detail: 'ahtMs is required with targetAnswerMs: the service level depends on the wait relative to the handle time',
      });
    }
  }
  issues.throwIfAny();
  const trafficErlangs =
    form === 'contacts'
      ? trafficOf(record['contactCount'] as number, record['ahtMs'] as number, record['intervalMs'] as number)
      : (record['trafficErlangs'] as number);
  const trafficField = form === 'contacts' ? 'contactCount' : 'trafficErlangs';
  checkTraffic(trafficErlangs, [trafficField], record[trafficField], issues);
  const patienceMs = model === 'a' ? (record['patienceMs'] as number) : null;
  if (patienceMs !== null) checkPatience(patienceMs, ahtMs as number, ['patienceMs'], issues);
  issues.throwIfAny();
  return { trafficErlangs, agentCount: record['agentCount'] as number, ahtMs, targetAnswerMs, patienceMs };
}

// ---------------------------------------------------------------------------------------------
// Erlang B

/** One step of the Erlang B recursion: B(n) from B(n − 1) at traffic `a`. @internal */
export function erlangBStep(a: number, previous: number, n: number): number {
  const ab = a * previous;
  return ab / (n + ab);
}

/**
 * Erlang B by the recursion B(0) = 1, B(n) = A·B(n−1)/(n + A·B(n−1)): n steps, stable, no overflow.
 * Stops early once B has underflowed to 0 (it stays 0). @internal
 */
export function erlangBRecursion(a: number, n: number): number {
  let b = 1;
  for (let k = 1; k <= n; k++) {
    const ab = a * b;
    b = ab / (k + ab);
    if (b === 0) break;
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// Erlang B for a real number of agents (Jagerman's continuous extension)

/**
 * Taylor coefficients of 1/Γ(1 + f) about f = 0, rounded to doubles: 1/Γ(z) = Σ_{k≥1} c_k·z^k
 * (Abramowitz & Stegun, Handbook of Mathematical Functions, 6.1.34) shifted by one place, since
 * 1/Γ(1 + f) = (1/Γ(f))/f. The terms left off are below 2e-18 for 0 ≤ f ≤ 1.
 */
const RECIPROCAL_GAMMA = [
  1, 0.5772156649015329, -0.6558780715202539, -0.04200263503409524, 0.16653861138229148, -0.04219773455554433, -0.009621971527876973, 0.0072189432466631,
  -0.0011651675918590652, -0.00021524167411495098, 0.0001280502823881162, -2.013485478078824e-5, -1.2504934821426706e-6, 1.133027231981696e-6,
  -2.056338416977607e-7, 6.116095104481416e-9, 5.002007644469223e-9, -1.18127457048702e-9, 1.0434267116911005e-10, 7.782263439905071e-12,
  -3.696805618642206e-12, 5.100370287454476e-13, -2.0583260535665066e-14, -5.348122539423018e-15, 1.2267786282382608e-15, -1.1812593016974588e-16,
  1.1866922547516004e-18, 1.4123806553180319e-18,
];

/** Γ(1 + f) for 0 ≤ f ≤ 1, from the series of its reciprocal (~1e-16 relative). @internal */
export function gammaOnePlus(f: number): number {
  let s = 0;
  for (let k = RECIPROCAL_GAMMA.length - 1; k >= 0; k--) s = s * f + (RECIPROCAL_GAMMA[k] as number);
  return 1 / s;
}

/**
 * The continued fraction CF of the upper incomplete gamma function, Γ(s, w) = e^(−w)·w^s·CF, by the
 * modified Lentz method; converges quickly for w > s − 1 (≤ 61 terms for 1 < s < 2, w ≥ 2). @internal
 */
export function upperGammaFraction(s: number, w: number): number {
  const tiny = 1e-300;
  let b = w + 1 - s;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1_000_000; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/**
 * 1/B(f, a) for 0 < f < 1 and a > 0, from 1/B(x, a) = a^(−x)·e^a·Γ(x + 1, a):
 * for a < 2, by Γ(1 + f, a) = Γ(1 + f) − γ(1 + f, a) with the series of the lower function,
 * 1/B = 1 + a^(−f)·e^a·Γ(1 + f) − Σ_{j≥0} a^j/((f + 1)···(f + j)) (the result is at least 1, so
 * the subtraction costs at most ~3 bits); for a ≥ 2, 1/B = a·CF(1 + f, a) (the continued fraction).
 * @internal
 */
export function erlangBInverseFraction(a: number, f: number): number {
  if (a < 2) {
    let term = 1;
    let sum = 1;
    for (let j = 1; ; j++) {
      term *= a / (f + j);
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return 1 + Math.exp(a) * Math.pow(a, -f) * gammaOnePlus(f) - sum;
  }
  return a * upperGammaFraction(1 + f, a);
}

/**
 * Erlang B for a real number of agents x > 0: for whole x the recursion of
 * {@link erlangBRecursion} (unchanged, and as fast); otherwise Jagerman's continuous extension
 * 1/B(x, a) = a·∫₀^∞ e^(−a·t)·(1 + t)^x dt = a^(−x)·e^a·Γ(x + 1, a), which equals the sum formula at
 * whole x and decreases in x: B(f, a) for the fractional part f = x − ⌊x⌋ from
 * {@link erlangBInverseFraction}, then the same recursion B(y) = a·B(y − 1)/(y + a·B(y − 1)) (true for
 * real y, from Γ(s + 1, a) = s·Γ(s, a) + a^s·e^(−a)) up to y = x. Cost: ⌊x⌋ steps and at most ~60
 * terms. @internal
 */
export function erlangBReal(a: number, x: number): number {
  if (Number.isInteger(x)) return erlangBRecursion(a, x);
  if (a === 0) return 0;
  const n = Math.floor(x);
  let b = 1 / erlangBInverseFraction(a, x - n);
  for (let k = n - 1; k >= 0 && b !== 0; k--) {
    const ab = a * b;
    b = ab / (x - k + ab);
  }
  return b;
}

/** Erlang B values B(1..n), grown on demand by the same recursion. @internal */
export class ErlangBTable {
  private values = new Float64Array(64);
  private size = 1;

  constructor(readonly traffic: number) {
    this.values[0] = 1;
  }

  /** B(n) for n ≥ 0. */
  get(n: number): number {
    while (this.size <= n) {
      if (this.size === this.values.length) {
        const grown = new Float64Array(this.values.length * 2);
        grown.set(this.values);
        this.values = grown;
      }
      this.values[this.size] = erlangBStep(this.traffic, this.values[this.size - 1] as number, this.size);
      this.size++;
    }
    return this.values[n] as number;
  }
}

// ---------------------------------------------------------------------------------------------
// Erlang C

/** What Erlang C gives for one staffing level. @internal */
export interface ErlangCMetrics {
  readonly stable: boolean;
  readonly probabilityOfWaiting: number;
  readonly serviceLevel: number | null;
  readonly averageSpeedOfAnswerMs: number | null;
  readonly occupancy: number;
}

/**
 * Erlang C metrics from the Erlang B value `b` = B(n) at traffic `a`. With d = n − a and
 * D = d + a·b: C = n·b/D, 1 − C = d·(1 − b)/D, SL(T) = 1 − C·e^(−d·T/AHT)
 * = (d·(1 − b) − n·b·expm1(−d·T/AHT))/D (two non-negative terms: no cancellation), ASA = C·AHT/d.
 * @internal
 */
export function erlangCMetrics(a: number, n: number, b: number, ahtMs: number | null, targetAnswerMs: number | null): ErlangCMetrics {
  if (!(n > a)) {
    return {
      stable: false,
      probabilityOfWaiting: 1,
      serviceLevel: targetAnswerMs === null || ahtMs === null ? null : 0,
      averageSpeedOfAnswerMs: null,
      occupancy: 1,
    };
  }
  const d = n - a;
  const probabilityOfWaiting = (n * b) / (d + a * b);
  const serviceLevel = targetAnswerMs !== null && ahtMs !== null ? erlangCServiceLevel(a, n, b, ahtMs, targetAnswerMs) : null;
  return {
    stable: true,
    probabilityOfWaiting,
    serviceLevel,
    averageSpeedOfAnswerMs: ahtMs === null ? null : (probabilityOfWaiting * ahtMs) / d,
    occupancy: a / n,
  };
}

/**
 * The Erlang C service level at n > a from B(n): (d·(1 − b) − n·b·expm1(−d·T/AHT))/(d + a·b) with
 * d = n − a, held in [0, 1]: for a long target the quotient is 1 in exact arithmetic, and its
 * rounding may land one ulp above. @internal
 */
export function erlangCServiceLevel(a: number, n: number, b: number, ahtMs: number, targetAnswerMs: number): number {
  const d = n - a;
  const level = (d * (1 - b) - n * b * Math.expm1((-d * targetAnswerMs) / ahtMs)) / (d + a * b);
  return Math.min(1, Math.max(0, level));
}

// ---------------------------------------------------------------------------------------------
// Erlang A: the Palm series

/** Terms smaller than this share of their sum (with the whole remaining tail) are dropped. */
const EPS = 1e-17;

/** B_2k/(2k) tail of the digamma asymptotic series, without ln z: valid to ~1e-17 for z ≥ 30. */
function psiTail(z: number): number {
  const w = 1 / (z * z);
  return -0.5 / z - w * (1 / 12 - w * (1 / 120 - w * (1 / 252 - w * (1 / 240 - w / 132))));
}

/** The Stirling correction of ln Γ(z) beyond (z − ½)ln z − z + ½ln 2π: valid to ~1e-17 for z ≥ 30. */
function stirlingTail(z: number): number {
  const w = 1 / (z * z);
  return (1 / 12 - w * (1 / 360 - w * (1 / 1260 - w * (1 / 1680 - w / 1188)))) / z;
}

/** H = Σ_{k=1..m} 1/(x + k), by the sum or, for long sums, by a digamma difference. @internal */
export function harmonicFrom(x: number, m: number): number {
  let s = 0;
  if (m <= 256) {
    for (let k = 1; k <= m; k++) s += 1 / (x + k);
    return s;
  }
  let k = 1;
  for (; x + k < 30; k++) s += 1 / (x + k);
  const a = x + k;
  const d = m - k + 1;
  // Σ_{i=k..m} 1/(x+i) = ψ(a + d) − ψ(a) = ln(1 + d/a) + tail(a + d) − tail(a).
  return s + Math.log1p(d / a) + psiTail(a + d) - psiTail(a);
}

/**
 * L = Σ_{k=1..m} ln(y/(x + k)) = m·ln y − ln Γ(x+m+1) + ln Γ(x+1), by the sum or, for long sums,
 * by Stirling's series arranged to avoid subtracting large logarithms. @internal
 */
export function logRatioProduct(x: number, y: number, m: number): number {
  let s = 0;
  if (m <= 256) {
    for (let k = 1; k <= m; k++) s += Math.log(y / (x + k));
    return s;
  }
  let k = 1;
  for (; x + k < 30; k++) s += Math.log(y / (x + k));
  const a = x + k;
  const d = m - k + 1;
  const b = a + d;
  // d·ln y − [ln Γ(b) − ln Γ(a)] = −d·ln(b/y) − (a − ½)·ln(b/a) + d − [c(b) − c(a)].
  return s - d * Math.log1p((b - y) / y) - (a - 0.5) * Math.log1p(d / a) + d - (stirlingTail(b) - stirlingTail(a));
}

/**
 * Sums of the Palm series a_j = y^j / ((x+1)(x+2)···(x+j)), j ≥ 0, whose total is
 * A(x, y) = x·e^y·y^(−x)·γ(x, y) (γ the lower incomplete gamma function). All sums are scaled by
 * e^(−logScale) (the largest term is 1), so nothing overflows:
 * a0 = a_0, t0 = Σ_{j≥1} a_j, t1 = Σ j·a_j, th = Σ_{j≥1} a_j·H_j with H_j = Σ_{i=1..j} 1/(x+i).
 * @internal
 */
export interface PalmSums {
  readonly logScale: number;
  readonly a0: number;
  readonly t0: number;
  readonly t1: number;
  readonly th: number;
}

/**
 * The Palm series sums for x > 0, y > 0. Terms grow while y/(x + j) > 1: when y ≤ x + 1 the sum runs
 * up from j = 0; otherwise it starts at the largest term j = ⌊y − x⌋ (whose logarithm comes from
 * {@link logRatioProduct}) and runs both ways. Each direction stops when a bound of its whole
 * remaining (geometric) tail is below 1e-17 of every sum. Cost: O(√y) terms at worst, O(1) when y
 * is well below x. @internal
 */
export function palmSums(x: number, y: number, moments: boolean): PalmSums {
  let t0 = 0;
  let t1 = 0;
  let th = 0;
  let logScale = 0;
  let m = 0;
  let hm = 0;
  if (y > x + 1) {
    m = Math.floor(y - x);
    logScale = logRatioProduct(x, y, m);
    hm = moments ? harmonicFrom(x, m) : 0;
    t0 = 1;
    t1 = m;
    th = hm;
  }
  // Upward from j = m + 1.
  let a = 1;
  let h = hm;
  for (let j = m + 1; ; j++) {
    const xj = x + j;
    a *= y / xj;
    if (a === 0) break;
    t0 += a;
    if (moments) {
      h += 1 / xj;
      t1 += j * a;
      th += a * h;
    }
    // The tail bound, every 8 terms (a few extra terms cost less than the test).
    if ((j & 7) === 0) {
      const r = y / (xj + 1);
      const g = r / (1 - r);
      if (a * g <= EPS * t0 && (!moments || (a * (j * g + g / (1 - r)) <= EPS * t1 && a * (h * g + g / ((1 - r) * (xj + 1))) <= EPS * th))) break;
    }
  }
  // Downward from j = m − 1 to 1.
  a = 1;
  h = hm;
  for (let j = m - 1; j >= 1; j--) {
    const up = x + j + 1;
    a *= up / y;
    if (a === 0) break;
    t0 += a;
    if (moments) {
      h -= 1 / up;
      t1 += j * a;
      th += a * h;
    }
    if ((j & 7) === 0) {
      const q = (x + j) / y;
      const g = q / (1 - q);
      if (a * g <= EPS * t0 && (!moments || (a * j * g <= EPS * t1 && a * h * g <= EPS * th))) break;
    }
  }
  return { logScale, a0: m === 0 ? 1 : Math.exp(-logScale), t0, t1, th };
}

/** ln A(x, y), the logarithm of the whole Palm series. @internal */
export function logPalm(x: number, y: number): number {
  if (y === 0) return 0;
  const p = palmSums(x, y, false);
  return p.logScale + Math.log(p.a0 + p.t0);
}

/**
 * ln of the continued fraction of the upper incomplete gamma function, Γ(a, w) = e^(−w)·w^a·CF, by
 * the modified Lentz method; converges quickly for w > a + 1. @internal
 */
export function logUpperGammaFraction(a: number, w: number): number {
  return Math.log(upperGammaFraction(a, w));
}

/**
 * 1 − γ(a, z)/γ(a, y) with z = y·e^(−u): the share of answered callers (among those who wait) whose
 * wait is at most T, where u = θT. Its logarithm of the ratio,
 * ln γ(a, z) − ln γ(a, y) = −u·a + (y − z) + ln A(a, z) − ln A(a, y), is accurate in absolute
 * terms; when the ratio is close to 1 (few answered within T because z is far in the right tail of
 * the gamma density), the difference is taken as Γ(a, z) − Γ(a, y) of the upper function instead,
 * so it keeps its relative accuracy. `logAy` = ln A(a, y).
 */
function answeredWithin(a: number, y: number, u: number, logAy: number): number {
  const z = y * Math.exp(-u);
  const gap = -y * Math.expm1(-u); // y − z without cancellation
  if (z > a + 1) {
    const logFz = logUpperGammaFraction(a, z);
    // ln Γ(a, y) − ln Γ(a, z) = −(y − z) + a·u + ln CF(y) − ln CF(z) < 0.
    const l2 = Math.min(0, -gap + a * u + logUpperGammaFraction(a, y) - logFz);
    // ln[(Γ(a, z) − Γ(a, y)) / γ(a, y)], with ln γ(a, w) = −w + a·ln w + ln A(a, w) − ln a.
    const log = gap - a * u + logFz + Math.log(-Math.expm1(l2)) - logAy + Math.log(a);
    return log === log ? Math.min(1, Math.exp(log)) : 0;
  }
  const lr = Math.min(0, -u * a + gap + logPalm(a, z) - logAy);
  return lr === lr ? -Math.expm1(lr) : 0;
}

/** What Erlang A gives for one staffing level. @internal */
export interface ErlangAMetrics {
  readonly probabilityOfWaiting: number;
  readonly probabilityOfAbandon: number;
  readonly serviceLevel: number | null;
  readonly averageSpeedOfAnswerMs: number;
  readonly occupancy: number;
}

/** The least positive normal double (2^−1022): below it a double keeps fewer than 53 bits. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Erlang A (M/M/n+M) metrics from the Erlang B value `b` = B(n) at traffic `a`, with
 * θ = 1/patience, x = n·μ/θ = n·patience/AHT, y = λ/θ = a·patience/AHT and A = A(x, y)
 * (Mandelbaum & Zeltyn):
 *
 * - P(wait) = A·B/(1 − B + A·B);
 * - P(abandon | wait) = Σ j·a_j/(y·A); P(answered | wait) = (n/a)·(A − 1)/A;
 * - ASA (answered) = P(wait)·(n/a)·patience·Σ a_j·H_j/A / P(answered) — the waiting time of a caller
 *   with j ahead is a sum of exponential stages of rates θ(x + i), so E[V·e^(−θV)] is exact per j;
 * - SL(T) = P(no wait) + P(wait)·P(answered | wait)·(1 − γ(x+1, y·e^(−θT))/γ(x+1, y)), the ratio of
 *   incomplete gammas taken in log space through A(x+1, ·).
 * @internal
 */
export function erlangAMetrics(a: number, n: number, b: number, ahtMs: number, patienceMs: number, targetAnswerMs: number | null): ErlangAMetrics {
  const ratio = patienceMs / ahtMs;
  const x = n * ratio;
  const y = a * ratio;
  // Traffic so small that it (or y) is subnormal: the limit a → 0 (every figure below is then within
  // ~1e-290 of it), since n/a and sums over y would overflow or lose every digit there.
  if (b === 0 || y < MIN_NORMAL || a < MIN_NORMAL) {
    return {
      probabilityOfWaiting: 0,
      probabilityOfAbandon: 0,
      serviceLevel: targetAnswerMs === null ? null : 1,
      averageSpeedOfAnswerMs: 0,
      occupancy: a / n,
    };
  }
  const p = palmSums(x, y, true);
  const s = p.a0 + p.t0;
  const logA = p.logScale + Math.log(s);
  // q = A·B/(1 − B): P(wait) = q/(1 + q), P(no wait) = 1/(1 + q), both without cancellation.
  const q = Math.exp(logA + Math.log(b) - Math.log1p(-b));
  const probabilityOfWaiting = q === Infinity ? 1 : q / (1 + q);
  const noWait = 1 / (1 + q);
  const perAgent = n / a;
  const answeredGivenWait = Math.min(1, perAgent * (p.t0 / s));
  const abandonGivenWait = Math.min(1, p.t1 / (s * y));
  const answered = noWait + probabilityOfWaiting * answeredGivenWait;
  const averageSpeedOfAnswerMs = (probabilityOfWaiting * perAgent * patienceMs * (p.th / s)) / answered;
  let serviceLevel: number | null = null;
  if (targetAnswerMs !== null) {
    const u = targetAnswerMs / patienceMs;
    let within = 0;
    if (u > 0) within = answeredWithin(x + 1, y, u, p.logScale + Math.log(p.t0) + Math.log((x + 1) / y));
    serviceLevel = Math.min(1, noWait + probabilityOfWaiting * answeredGivenWait * within);
  }
  return {
    probabilityOfWaiting,
    probabilityOfAbandon: probabilityOfWaiting * abandonGivenWait,
    serviceLevel,
    averageSpeedOfAnswerMs,
    occupancy: Math.min(1, (a * answered) / n),
  };
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Arrivals in an interval, their mean handle time, and the agents answering them. */
export interface ErlangContactsInput {
  /** Contacts (calls, chats) arriving in the interval: a non-negative number (a forecast may be fractional). */
  readonly contactCount: number;
  /** Length of the interval in ms (30 minutes: 1_800_000). */
  readonly intervalMs: number;
  /** Average handle time in ms (talk + hold + after-contact work). */
  readonly ahtMs: number;
  /**
   * Agents answering: a positive number, whole or fractional, from 1e-6 to 1e9; a fractional count
   * uses the continuous extension of Erlang B (see {@link erlangB}).
   */
  readonly agentCount: number;
}

/** Offered traffic given directly in Erlangs (arrival rate × AHT), and the agents answering it. */
export interface ErlangTrafficInput {
  /** Offered traffic in Erlangs: contactCount × AHT / interval. */
  readonly trafficErlangs: number;
  /**
   * Agents answering: a positive number, whole or fractional, from 1e-6 to 1e9; a fractional count
   * uses the continuous extension of Erlang B (see {@link erlangB}).
   */
  readonly agentCount: number;
}

/** The input of {@link erlangB}: contacts, interval and AHT, or the traffic in Erlangs; and the agents. */
export type ErlangBInput = ErlangContactsInput | ErlangTrafficInput;

/** The result of {@link erlangB}. */
export interface ErlangBResult {
  /** Blocking probability: the share of contacts that find every agent busy and are lost, in [0, 1]. */
  readonly value: number;
  /** Offered traffic A in Erlangs. */
  readonly trafficErlangs: number;
  /** Agents N. */
  readonly agentCount: number;
}

/**
 * Erlang B: the probability that a contact finds all N agents busy when contacts that cannot be
 * answered at once are lost (M/M/N/N; no queue) — the share of blocked calls of a trunk group or of
 * a contact centre without queueing.
 *
 * Formula: B(N, A) = (A^N/N!) / Σ_{k=0..N} A^k/k!, with offered traffic A = contactCount × AHT / interval,
 * computed by the recursion B(0) = 1, B(n) = A·B(n−1)/(n + A·B(n−1)) (no factorials, no overflow; a
 * value below ~1e-308 is returned as 0).
 *
 * Fractional agents (a planning quantity, e.g. a share of agents split between queues): for real
 * N = x > 0, the continuous extension of D. L. Jagerman (1974),
 * 1/B(x, A) = A·∫₀^∞ e^(−A·t)·(1 + t)^x dt = A^(−x)·e^A·Γ(x + 1, A) (Γ the upper incomplete gamma
 * function), which equals the formula above at whole x, decreases in x and increases in A. It is
 * computed from the fractional part f = x − ⌊x⌋ (the series of the lower incomplete gamma function
 * for A < 2, its continued fraction above) and the same recursion, which holds for real x.
 *
 * Cost: N steps (fewer when B underflows to 0); a fractional N adds at most ~60 terms.
 *
 * @param input - `{ contactCount, intervalMs, ahtMs, agentCount }` or `{ trafficErlangs, agentCount }`.
 * @returns An {@link ErlangBResult}: `value` is the blocking probability.
 * @throws {@link KpiInputError} when a count or duration is negative or not finite, `intervalMs` or
 *   `ahtMs` is not positive, `agentCount` is not a number from 1e-6 to 1e9, the traffic exceeds
 *   1,000,000 Erlangs, fields of both forms are mixed, or a field is unknown.
 * @see A. K. Erlang, "Solution of some problems in the theory of probabilities of significance in
 *   automatic telephone exchanges", 1917.
 * @see D. L. Jagerman, "Some properties of the Erlang loss function", Bell System Technical Journal
 *   53(3), 1974, pp. 525–551 (the continuous extension).
 *
 * @example
 * ```ts
 * import { erlangB } from 'kpi-kit';
 *
 * // A = 2 Erlangs on 3 lines: (8/6)/(1 + 2 + 2 + 8/6) = 4/19.
 * erlangB({ trafficErlangs: 2, agentCount: 3 }).value; // ≈ 0.2105263
 * erlangB({ contactCount: 100, intervalMs: 1_800_000, ahtMs: 180_000, agentCount: 14 }).trafficErlangs; // 10
 *
 * // Half an agent on 1 Erlang: 1/B = e·∫₀^∞ e^(−t)(1 + t)^0.5 dt, between B(0) = 1 and B(1) = 1/2.
 * erlangB({ trafficErlangs: 1, agentCount: 0.5 }).value; // ≈ 0.7251968
 * ```
 */
export function erlangB(input: ErlangBInput): ErlangBResult {
  const q = readQueueInput('erlangB', input, 'b');
  return makeResult(erlangBReal(q.trafficErlangs, q.agentCount), { trafficErlangs: q.trafficErlangs, agentCount: q.agentCount });
}

/** {@link erlangC} input from contacts: arrivals, interval, AHT, agents and an optional target answer time. */
export interface ErlangCContactsInput extends ErlangContactsInput {
  /** Target answer time T in ms for the service level (e.g. 20_000 for "80 % in 20 s"). Optional. */
  readonly targetAnswerMs?: number | undefined;
}

/** {@link erlangC} input from the traffic in Erlangs; `ahtMs` gives ASA and, with `targetAnswerMs`, the service level. */
export interface ErlangCTrafficInput extends ErlangTrafficInput {
  /** Average handle time in ms; needed for ASA and the service level. Optional. */
  readonly ahtMs?: number | undefined;
  /** Target answer time T in ms (needs `ahtMs`). Optional. */
  readonly targetAnswerMs?: number | undefined;
}

/** The input of {@link erlangC}. */
export type ErlangCInput = ErlangCContactsInput | ErlangCTrafficInput;

/** The result of {@link erlangC}. */
export interface ErlangCResult {
  /** The probability that a contact has to wait (Erlang C), in [0, 1]; 1 when unstable. */
  readonly value: number;
  /**
   * Why `serviceLevel` or `averageSpeedOfAnswerMs` is `null` (an unstable queue, no `ahtMs`, no
   * `targetAnswerMs`); `null` when both are given.
   */
  readonly reason: string | null;
  /** Same as `value`. */
  readonly probabilityOfWaiting: number;
  /**
   * Share of contacts answered within `targetAnswerMs`: 1 − C·e^(−(N − A)·T/AHT); 0 when unstable;
   * `null` without `targetAnswerMs` (or, in the traffic form, without `ahtMs`).
   */
  readonly serviceLevel: number | null;
  /** Average speed of answer in ms: C·AHT/(N − A); `null` when unstable or without `ahtMs`. */
  readonly averageSpeedOfAnswerMs: number | null;
  /** Agent occupancy A/N, in [0, 1]; min(1, A/N) = 1 when unstable (every agent always busy). */
  readonly occupancy: number;
  /** Offered traffic A in Erlangs. */
  readonly trafficErlangs: number;
  /** Agents N. */
  readonly agentCount: number;
  /**
   * Whether the queue is stable (N > A). When it is not, the queue grows without bound: P(wait) 1,
   * service level 0, ASA `null` (no finite mean) and occupancy 1.
   */
  readonly stable: boolean;
  /** The target answer time used, or `null`. */
  readonly targetAnswerMs: number | null;
}

/**
 * Erlang C (M/M/N): for contacts arriving at random (Poisson), exponential handle times and N agents
 * with callers who wait as long as it takes, the probability of waiting, the service level at a
 * target answer time, the average speed of answer (ASA) and the occupancy.
 *
 * Formulas, with A = contactCount × AHT / interval and B the Erlang B value:
 * C = N·B/(N − A·(1 − B)); service level SL(T) = 1 − C·e^(−(N − A)·T/AHT); ASA = C·AHT/(N − A);
 * occupancy A/N. When N ≤ A the queue is unstable: P(wait) 1, service level 0, ASA `null`,
 * occupancy 1 and `stable: false` — never NaN or Infinity.
 *
 * A fractional N uses the same formulas with the continuous Erlang B of {@link erlangB}
 * (C = N·B/(N − A·(1 − B)) for N > A): an interpolation between whole staffing levels, equal to
 * them at whole N and monotone between them, for planning (not a queue with part of an agent).
 *
 * Numerically stable for thousands of agents (the Erlang B recursion; 1 − C and the service level
 * are computed without cancellation). Cost: N steps.
 *
 * @param input - `{ contactCount, intervalMs, ahtMs, agentCount, targetAnswerMs? }` or
 *   `{ trafficErlangs, agentCount, ahtMs?, targetAnswerMs? }`.
 * @returns An {@link ErlangCResult}: `value` is the probability of waiting.
 * @throws {@link KpiInputError} as {@link erlangB}; also when `targetAnswerMs` is negative or not
 *   finite, or given in the traffic form without `ahtMs`.
 * @see docs/metrics.md#erlangc; A. K. Erlang, 1917.
 *
 * @example
 * ```ts
 * import { erlangC } from 'kpi-kit';
 *
 * // The example of the R package ErlangC: 100 contacts per 30 min, AHT 180 s, 14 agents → A = 10.
 * const r = erlangC({ contactCount: 100, intervalMs: 1_800_000, ahtMs: 180_000, agentCount: 14, targetAnswerMs: 20_000 });
 * r.value; // ≈ 0.1741319
 * r.serviceLevel; // ≈ 0.88835
 * r.averageSpeedOfAnswerMs; // ≈ 7835.9
 * r.occupancy; // ≈ 0.7142857
 *
 * erlangC({ trafficErlangs: 10, agentCount: 9 }).stable; // false
 * ```
 */
export function erlangC(input: ErlangCInput): ErlangCResult {
  const q = readQueueInput('erlangC', input, 'c');
  const b = erlangBReal(q.trafficErlangs, q.agentCount);
  const m = erlangCMetrics(q.trafficErlangs, q.agentCount, b, q.ahtMs, q.targetAnswerMs);
  return makeResult(m.probabilityOfWaiting, {
    reason: erlangCReason(m, q),
    probabilityOfWaiting: m.probabilityOfWaiting,
    serviceLevel: m.serviceLevel,
    averageSpeedOfAnswerMs: m.averageSpeedOfAnswerMs,
    occupancy: m.occupancy,
    trafficErlangs: q.trafficErlangs,
    agentCount: q.agentCount,
    stable: m.stable,
    targetAnswerMs: q.targetAnswerMs,
  });
}

const NO_TARGET = 'no targetAnswerMs: the service level is not computed';

/** Why a figure of an Erlang C result is `null`, or `null` when none is. */
function erlangCReason(m: ErlangCMetrics, q: QueueInput): string | null {
  if (!m.stable) {
    return `an unstable queue (agentCount ${q.agentCount} ≤ ${q.trafficErlangs} Erlangs): the wait grows without bound, so the average speed of answer is undefined`;
  }
  if (q.ahtMs === null) return 'no ahtMs: the average speed of answer and the service level are not computed';
  return m.serviceLevel === null ? NO_TARGET : null;
}

/** {@link erlangA} input from contacts. */
export interface ErlangAContactsInput extends ErlangContactsInput {
  /** Mean patience in ms: how long a caller waits, on average, before abandoning (exponential). */
  readonly patienceMs: number;
  /** Target answer time T in ms for the service level. Optional. */
  readonly targetAnswerMs?: number | undefined;
}

/** {@link erlangA} input from the traffic in Erlangs (the AHT is still needed: patience is relative to it). */
export interface ErlangATrafficInput extends ErlangTrafficInput {
  /** Average handle time in ms. */
  readonly ahtMs: number;
  /** Mean patience in ms (exponential). */
  readonly patienceMs: number;
  /** Target answer time T in ms for the service level. Optional. */
  readonly targetAnswerMs?: number | undefined;
}

/** The input of {@link erlangA}. */
export type ErlangAInput = ErlangAContactsInput | ErlangATrafficInput;

/** The result of {@link erlangA}. */
export interface ErlangAResult {
  /** The probability that a contact has to wait (finds every agent busy), in [0, 1]. */
  readonly value: number;
  /** Why `serviceLevel` is `null` (no `targetAnswerMs`); `null` when it is given. */
  readonly reason: string | null;
  /** Same as `value`. */
  readonly probabilityOfWaiting: number;
  /** The probability that a contact abandons (its patience runs out before an agent answers). */
  readonly probabilityOfAbandon: number;
  /**
   * Contacts answered within `targetAnswerMs` / contacts offered (abandons count against it, at any
   * time); `null` without `targetAnswerMs`.
   */
  readonly serviceLevel: number | null;
  /** Average speed of answer in ms: the mean wait of answered contacts. */
  readonly averageSpeedOfAnswerMs: number;
  /** Agent occupancy: carried traffic A·(1 − P(abandon)) / N, in [0, 1]. */
  readonly occupancy: number;
  /** Offered traffic A in Erlangs. */
  readonly trafficErlangs: number;
  /** Agents N. */
  readonly agentCount: number;
  /** Mean patience in ms. */
  readonly patienceMs: number;
  /** The target answer time used, or `null`. */
  readonly targetAnswerMs: number | null;
}

/**
 * Erlang A (Palm's M/M/N+M): Erlang C with callers who abandon — each caller's patience is
 * exponential with mean `patienceMs`. Stable for every N ≥ 1 (abandonment keeps the queue finite),
 * so it also describes understaffed intervals. The exact model, not an approximation.
 *
 * Formulas (Mandelbaum & Zeltyn), with θ = 1/patience, x = N·patience/AHT, y = A·patience/AHT,
 * A(x, y) = x·e^y·y^(−x)·γ(x, y) = Σ_j y^j/((x+1)···(x+j)) and B the Erlang B value:
 * P(wait) = A(x,y)·B / (1 + (A(x,y) − 1)·B); P(abandon | wait) = 1/(ρ·A(x,y)) + 1 − 1/ρ with
 * ρ = A/N; the service level is P(no wait) plus the answered callers whose wait V ≤ T, from
 * P(V > t | wait) = γ(x, y·e^(−θt))/γ(x, y); ASA is the mean wait of answered callers.
 *
 * A fractional N uses the same formulas (in which x and y are real already) with the continuous
 * Erlang B of {@link erlangB}: an interpolation equal to the model at whole N and monotone between.
 *
 * Numerics: the incomplete gamma function is summed as its Palm series in scaled (log-space) form,
 * from its largest term, with positive terms only. Cost: O(√(A·patience/AHT)) terms at worst (near
 * or above N = A), a few terms when N is well above A.
 *
 * @param input - `{ contactCount, intervalMs, ahtMs, agentCount, patienceMs, targetAnswerMs? }` or
 *   `{ trafficErlangs, agentCount, ahtMs, patienceMs, targetAnswerMs? }`.
 * @returns An {@link ErlangAResult}: `value` is the probability of waiting.
 * @throws {@link KpiInputError} as {@link erlangC}; also when `patienceMs` is missing, not
 *   positive, or more than 1,000,000 × `ahtMs` (use {@link erlangC} for callers who never abandon).
 * @see A. Mandelbaum, S. Zeltyn, "The Palm/Erlang-A queue, with applications to call centers", 2005.
 * @see C. Palm, "Research on telephone traffic carried by full availability groups", 1946/1957.
 *
 * @example
 * ```ts
 * import { erlangA } from 'kpi-kit';
 *
 * // The Erlang C example above, with callers who abandon after 120 s on average.
 * const r = erlangA({ contactCount: 100, intervalMs: 1_800_000, ahtMs: 180_000, agentCount: 14, patienceMs: 120_000, targetAnswerMs: 20_000 });
 * r.value; // ≈ 0.1270
 * r.probabilityOfAbandon; // ≈ 0.0228
 * r.serviceLevel; // ≈ 0.9327
 *
 * // 9 agents for 10 Erlangs: unstable under Erlang C, a finite queue under Erlang A.
 * erlangA({ trafficErlangs: 10, agentCount: 9, ahtMs: 180_000, patienceMs: 120_000 }).probabilityOfAbandon; // ≈ 0.192
 * ```
 */
export function erlangA(input: ErlangAInput): ErlangAResult {
  const q = readQueueInput('erlangA', input, 'a');
  const b = erlangBReal(q.trafficErlangs, q.agentCount);
  const m = erlangAMetrics(q.trafficErlangs, q.agentCount, b, q.ahtMs as number, q.patienceMs as number, q.targetAnswerMs);
  return makeResult(m.probabilityOfWaiting, {
    reason: m.serviceLevel === null ? NO_TARGET : null,
    probabilityOfWaiting: m.probabilityOfWaiting,
    probabilityOfAbandon: m.probabilityOfAbandon,
    serviceLevel: m.serviceLevel,
    averageSpeedOfAnswerMs: m.averageSpeedOfAnswerMs,
    occupancy: m.occupancy,
    trafficErlangs: q.trafficErlangs,
    agentCount: q.agentCount,
    patienceMs: q.patienceMs as number,
    targetAnswerMs: q.targetAnswerMs,
  });
}
