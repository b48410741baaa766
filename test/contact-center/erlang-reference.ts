/**
 * High-precision references for the continuous (real-agent) Erlang functions, built independently
 * of the implementation: decimal.js at 60 significant digits, good to 50 — like the 50-digit
 * references for whole agents in erlang.test.ts — with no incomplete gamma function and no continued
 * fraction: only quadrature of the defining integral and the recursion it satisfies.
 */
import Decimal from 'decimal.js';

/**
 * 60 significant digits for a 50-digit reference: the 10 guard digits absorb the roundings of sums
 * of a few thousand quadrature terms and of up to ~20,000 steps of the recursion.
 */
export const R = Decimal.clone({ precision: 60 });
export type Dec = InstanceType<typeof R>;

const HALF_PI = R.acos(-1).div(2);

/** The exact value of a double (a dyadic rational p/2^k), rounded to 60 digits — not its shortest decimal string. */
export function exact(v: number): Dec {
  let p = v;
  let q = new R(1);
  while (!Number.isInteger(p)) {
    p *= 2;
    q = q.times(2);
  }
  return new R(BigInt(p).toString()).div(q);
}

/**
 * ∫₀^∞ e^(L(s)) ds by the exp-sinh (double-exponential) rule of Takahasi and Mori (1974):
 * s = e^((π/2)·sinh t), ds = s·(π/2)·cosh t dt, trapezoid in t with step h from t = −5.2, where
 * s = e^(−(π/2)·sinh 5.2) < 1e-61: the integrands used here are at most ~1 near s = 0 and their
 * integrals at least 1, so the part left out on the left is below 1e-61 relative. On the right it runs
 * up to the first t > 0 past the peak (s > 2·peak + 50) where a term is below 1e-55 of the sum; the
 * integrands fall like e^(−s) there, so in t like e^(−e^t), and the terms left out add up to far less
 * than that one. The step is halved (reusing the sum of the coarser grid) until two successive sums
 * agree to 1e-50 relative; the error of the rule falls like e^(−c/h), roughly squaring at each
 * halving, so the last sum is good to ~1e-55, then the roundings at 60 digits (checked against an
 * independent 80-digit evaluation of the incomplete gamma function while writing these tests, which
 * agreed to 1e-57 at every reference point, and in the tests against the closed form at B(0.5, 1)).
 */
export function expSinhIntegral(logIntegrand: (s: Dec) => Dec, peak: number): Dec {
  // One point: e^L(s) · s · (π/2)·cosh t, and s itself (for the stopping test).
  const at = (et: Dec): { term: Dec; s: Dec } => {
    const inv = new R(1).div(et);
    const logS = HALF_PI.times(et.minus(inv).div(2));
    const s = logS.exp();
    return { term: logS.plus(logIntegrand(s)).exp().times(HALF_PI).times(et.plus(inv).div(2)), s };
  };
  // Σ over t = first + k·h, k = 0, 1, …, until past the right end; e^t is stepped by e^h.
  const sumOver = (first: Dec, h: Dec, total: Dec): Dec => {
    const step = h.exp();
    let et = first.exp();
    let sum = new R(0);
    for (let t = first; ; t = t.plus(h), et = et.times(step)) {
      const { term, s } = at(et);
      sum = sum.plus(term);
      if (t.gt(0) && s.gt(2 * peak + 50) && term.lt(total.plus(sum).times('1e-55'))) return sum;
    }
  };
  const left = new R(-5.2);
  let h = new R(1).div(4);
  let raw = sumOver(left, h, new R(0)); // Σ f(t_k) on the grid of step h
  let previous = raw.times(h);
  for (;;) {
    raw = raw.plus(sumOver(left.plus(h.div(2)), h, raw));
    h = h.div(2);
    const current = raw.times(h);
    if (current.minus(previous).abs().lte(current.times('1e-50'))) return current;
    previous = current;
  }
}

/**
 * 1/B(x, a) by Jagerman's integral, with s = a·t: 1/B(x, a) = ∫₀^∞ e^(−s)·(1 + s/a)^x ds
 * (D. L. Jagerman, "Some properties of the Erlang loss function", BSTJ 53(3), 1974), at 50 digits
 * by {@link expSinhIntegral} (the integrand peaks at s = x − a).
 */
export function inverseErlangBIntegral(a: Dec, x: Dec): Dec {
  return expSinhIntegral((s) => x.times(s.div(a).plus(1).ln()).minus(s), Math.max(0, x.minus(a).toNumber()));
}

const integrals = new Map<string, Dec>();
function integralOf(A: Dec, f: Dec): Dec {
  const key = `${A.toString()} ${f.toString()}`;
  let v = integrals.get(key);
  if (v === undefined) integrals.set(key, (v = inverseErlangBIntegral(A, f)));
  return v;
}

/**
 * B(x, a) for any real x ≥ 0: 1/B(f, a) by the integral for the fractional part f = x − ⌊x⌋, then
 * the recursion 1/B(y, a) = 1 + (y/a)·(1/B(y − 1, a)) at 60 digits — which the integral satisfies
 * for real y (integrate (1 + t)^y by parts: a·∫e^(−at)(1+t)^y dt = 1 + y·∫e^(−at)(1+t)^(y−1) dt).
 * The integral for each (a, f) is computed once and kept (several tests share a and f: 10 Erlangs
 * at 13.5, 10.5 and 13.25, 8.25, 3.25 agents).
 */
export function erlangBReference(a: number, x: number): Dec {
  const n = Math.floor(x);
  const A = exact(a);
  const f = exact(x).minus(n);
  let inv = f.isZero() ? new R(1) : integralOf(A, f);
  for (let k = 1; k <= n; k++) inv = inv.times(f.plus(k)).div(A).plus(1);
  return new R(1).div(inv);
}

/** Erlang C at real x > a from the reference B: C = x·B/(x − a·(1 − B)). */
export function erlangCReference(a: number, x: number): Dec {
  const b = erlangBReference(a, x);
  const X = exact(x);
  return X.times(b).div(X.minus(exact(a).times(new R(1).minus(b))));
}

/**
 * The Palm series A(x, y) = Σ_{j≥0} y^j/((x + 1)···(x + j)) at 60 digits, summed until a term is
 * below 1e-55 of the sum after the terms have started to fall (y/(x + j) < 1/2).
 */
export function palmSeriesReference(X: Dec, Y: Dec): Dec {
  let term = new R(1);
  let sum = new R(1);
  for (let j = 1; ; j++) {
    term = term.times(Y).div(X.plus(j));
    sum = sum.plus(term);
    if (X.plus(j).gt(Y.times(2)) && term.lt(sum.times('1e-55'))) return sum;
  }
}

/**
 * Erlang A P(wait) and P(abandon) at real agents x from the reference B and Palm series
 * (Mandelbaum & Zeltyn, "The Palm/Erlang-A queue, with applications to call centers", 2005):
 * with r = patience/AHT, P(wait) = A·B/(1 + (A − 1)·B), A = A(x·r, a·r);
 * P(abandon | wait) = 1/(ρ·A) + 1 − 1/ρ, ρ = a/x.
 */
export function erlangAReference(a: number, x: number, ahtMs: number, patienceMs: number): { wait: Dec; abandon: Dec } {
  const r = exact(patienceMs).div(exact(ahtMs));
  const pa = palmSeriesReference(r.times(exact(x)), r.times(exact(a)));
  const b = erlangBReference(a, x);
  const wait = pa.times(b).div(new R(1).plus(pa.minus(1).times(b)));
  const rho = exact(a).div(exact(x));
  const abandonGivenWait = new R(1).div(rho.times(pa)).plus(1).minus(new R(1).div(rho));
  return { wait, abandon: wait.times(abandonGivenWait) };
}
