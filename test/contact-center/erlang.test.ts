import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { erlangA, erlangB, erlangC, harmonicFrom, logPalm, logRatioProduct, palmSums } from '../../src/contact-center/erlang.js';
import { thrown } from '../helpers.js';

// ---------------------------------------------------------------------------------------------
// References, built here independently of the implementation.

/** 50 significant digits. */
const D = Decimal.clone({ precision: 50 });
type Dec = InstanceType<typeof D>;

/** |actual − expected| / |expected| (absolute when expected is 0). */
function relErr(actual: number, expected: Dec | number): number {
  const e = new D(expected);
  const diff = new D(actual).minus(e).abs();
  return e.isZero() ? diff.toNumber() : diff.div(e.abs()).toNumber();
}

/** The exact rational value p/q of a finite double x ≥ 0 (doubling is exact). */
function rationalOf(x: number): [bigint, bigint] {
  let v = x;
  let q = 1n;
  while (!Number.isInteger(v)) {
    v *= 2;
    q *= 2n;
  }
  return [BigInt(v), q];
}

const big = (n: bigint): Dec => new D(n.toString());

/**
 * Erlang B and C as exact BigInt fractions, from the definition (no recursion):
 * B = (A^N/N!) / Σ_{k≤N} A^k/k!; with A = p/q, times N!·q^N: B = p^N / Σ_k p^k·q^(N−k)·N!/k!.
 * C = N·B/(N − A + A·B) = N·bn·q / (N·q·bd − p·bd + p·bn).
 */
function exactErlang(a: number, n: number): { b: [bigint, bigint]; c: [bigint, bigint] | null; p: bigint; q: bigint } {
  const [p, q] = rationalOf(a);
  const N = BigInt(n);
  let den = 0n;
  let fall = 1n; // N!/k!, for k from N down to 0
  for (let k = n; k >= 0; k--) {
    den += p ** BigInt(k) * q ** BigInt(n - k) * fall;
    fall *= BigInt(k);
  }
  const bn = p ** N;
  const bd = den;
  const cd = N * q * bd - p * bd + p * bn;
  return { b: [bn, bd], c: N * q > p ? [N * bn * q, cd] : null, p, q };
}

/** Erlang C service level and ASA from the exact C, with e^x at 50 digits. */
function exactServiceLevel(a: number, n: number, ahtMs: number, targetMs: number): { c: Dec; sl: Dec; asa: Dec } {
  const { c, p, q } = exactErlang(a, n);
  const C = big(c![0]).div(big(c![1]));
  const gap = new D(n).minus(big(p).div(big(q))); // N − A, exact A
  const sl = new D(1).minus(C.times(gap.neg().times(targetMs).div(ahtMs).exp()));
  return { c: C, sl, asa: C.times(ahtMs).div(gap) };
}

/**
 * Erlang B by the recursion in 60-digit fixed point (BigInt), for large N: b ← p·b / (q·k + p·b)
 * with b scaled by 10^60. Error per step ~1e-60, far below what is tested.
 */
function fixedPointErlangB(a: number, n: number): Dec {
  const [p, q] = rationalOf(a);
  const S = 10n ** 60n;
  let b = S;
  for (let k = 1n; k <= BigInt(n); k++) {
    const pb = p * b;
    b = (pb * S) / (q * k * S + pb);
  }
  return big(b).div(big(S));
}

/**
 * Erlang A from its birth–death chain (states 0..K: birth λ, death min(k, N)·μ + max(k − N, 0)·θ),
 * at 50 digits, truncated where the state probabilities fall below 1e-40 of their sum.
 * P(wait) = Σ_{k≥N} π_k; P(abandon) = θ·E[queue]/λ; ASA = E[W; answered]/P(answered) where a caller
 * finding j others waiting waits a sum of exponential stages of rates θ(x + i), i = 0..j, so
 * E[V·e^(−θV) | j] = (x/(x + j + 1))·patience·Σ_{i=1..j+1} 1/(x + i), x = N·patience/AHT.
 */
function chainErlangA(a: number, n: number, ahtMs: number, patienceMs: number) {
  const A = new D(a);
  const th = new D(ahtMs).div(patienceMs); // θ/μ
  const x = new D(n).times(patienceMs).div(ahtMs);
  const pi: Dec[] = [new D(1)];
  let z = new D(1);
  for (let k = 1; ; k++) {
    const death = new D(Math.min(k, n)).plus(th.times(Math.max(k - n, 0)));
    const next = (pi[k - 1] as Dec).times(A).div(death);
    pi.push(next);
    z = z.plus(next);
    if (k > n + 10 && next.div(z).lt('1e-40')) break;
  }
  let wait = new D(0);
  let queue = new D(0);
  let asaSum = new D(0);
  let harmonic = new D(0);
  for (let k = n; k < pi.length; k++) {
    const j = k - n;
    const w = pi[k] as Dec;
    wait = wait.plus(w);
    queue = queue.plus(w.times(j));
    harmonic = harmonic.plus(new D(1).div(x.plus(j + 1)));
    asaSum = asaSum.plus(w.times(x.div(x.plus(j + 1))).times(harmonic));
  }
  const pw = wait.div(z);
  const pab = th.times(queue).div(A.times(z));
  const asa = asaSum.div(z).times(patienceMs).div(new D(1).minus(pab));
  return { pw, pab, asa, states: pi.map((v) => v.div(z).toNumber()) };
}

/**
 * Service level and ASA of Erlang A by uniformization of the tagged caller's own CTMC (doubles):
 * the caller at position i (i others ahead) moves up at rate θ(x + i), reaches an agent from
 * position 0 at rate θx, and abandons at rate θ. SL = P(no wait) + P(answered by T);
 * ASA = ∫ P(still waiting at t and answered later) dt / P(answered), with
 * P(answered later | position i) = x/(x + i + 1).
 */
function uniformizedErlangA(states: number[], n: number, ahtMs: number, patienceMs: number, targetMs: number) {
  const theta = 1 / patienceMs;
  const x = (n * patienceMs) / ahtMs;
  const J = states.length - n - 1;
  const rate = theta * (x + J + 1);
  let v = new Float64Array(J + 1);
  for (let j = 0; j <= J; j++) v[j] = states[n + j] as number;
  let noWait = 0;
  for (let k = 0; k < n; k++) noWait += states[k] as number;
  let served = 0;
  const L = rate * targetMs;
  let logFact = 0;
  let within = 0;
  let waitIntegral = 0;
  let answered = noWait;
  for (let k = 0; ; k++) {
    let mass = 0;
    for (let j = 0; j <= J; j++) {
      waitIntegral += ((v[j] as number) * x) / (x + j + 1) / rate;
      mass += v[j] as number;
    }
    const next = new Float64Array(J + 1);
    served += ((v[0] as number) * theta * x) / rate;
    for (let j = 0; j <= J; j++) {
      next[j] = (next[j] as number) + (v[j] as number) * (1 - (theta * (x + j + 1)) / rate);
      if (j > 0) next[j - 1] = (next[j - 1] as number) + ((v[j] as number) * theta * (x + j)) / rate;
    }
    v = next;
    logFact += Math.log(k + 1);
    if (L > 0) within += Math.exp(-L + (k + 1) * Math.log(L) - logFact) * served;
    if (mass < 1e-18 && k > L + 20 * Math.sqrt(L) + 50) break;
  }
  answered += served;
  return { sl: noWait + within, asa: waitIntegral / answered };
}

// ---------------------------------------------------------------------------------------------

describe('erlangB', () => {
  it('hand example: A = 2 Erlangs on 3 lines → (2³/3!) / (1 + 2 + 2²/2 + 2³/3!) = (4/3)/(19/3) = 4/19', () => {
    const r = erlangB({ trafficErlangs: 2, agentCount: 3 });
    expect(r.value).toBeCloseTo(4 / 19, 15);
    expect(r).toEqual({ value: r.value, trafficErlangs: 2, agentCount: 3 });
    expect(Object.isFrozen(r)).toBe(true);
  });

  it('contacts form: A = contacts × AHT / interval = 100 × 180 s / 1800 s = 10, same as { trafficErlangs: 10 }', () => {
    const r = erlangB({ contactCount: 100, intervalMs: 1_800_000, ahtMs: 180_000, agentCount: 14 });
    expect(r.trafficErlangs).toBe(10);
    expect(r.value).toBe(erlangB({ trafficErlangs: 10, agentCount: 14 }).value);
  });

  it('agrees with the exact BigInt fraction to 1e-12 relative, from 0.01 to 150 Erlangs, N up to 200', () => {
    const cases: [number, number[]][] = [
      [0.01, [1, 2, 5, 10]],
      [37 / 4, [1, 5, 9, 10, 14, 20, 40]],
      [10, [1, 9, 10, 11, 14, 30, 60]],
      [3.5, [1, 3, 4, 8, 25]],
      [150, [100, 149, 150, 151, 165, 200]],
    ];
    let worst = 0;
    for (const [a, ns] of cases) {
      for (const n of ns) {
        const { b } = exactErlang(a, n);
        const err = relErr(erlangB({ trafficErlangs: a, agentCount: n }).value, big(b[0]).div(big(b[1])));
        worst = Math.max(worst, err);
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('stays accurate at 1000, 20,000 and 100,000 Erlangs (60-digit fixed-point recursion as reference)', () => {
    for (const [a, n] of [
      [1000, 1030],
      [20_000, 20_100],
      [100_000, 100_300],
    ] as const) {
      expect(relErr(erlangB({ trafficErlangs: a, agentCount: n }).value, fixedPointErlangB(a, n))).toBeLessThan(1e-11);
    }
  });

  it('no traffic blocks nothing; a value below the smallest double is 0, never NaN', () => {
    expect(erlangB({ trafficErlangs: 0, agentCount: 3 }).value).toBe(0);
    expect(erlangB({ contactCount: 0, intervalMs: 1, ahtMs: 1, agentCount: 1 }).value).toBe(0);
    expect(erlangB({ trafficErlangs: 0.01, agentCount: 400 }).value).toBe(0);
    expect(erlangB({ trafficErlangs: 5, agentCount: 1_000_000_000 }).value).toBe(0);
  });
});

describe('erlangC', () => {
  it('docs/metrics.md#erlangc, the R package ErlangC example: 100 contacts / 30 min, AHT 180 s, 14 agents, T = 20 s', () => {
    // A = 100 × 180 / 1800 = 10; P(wait) 0.1741319, SL(20 s) 0.88835, ASA 7.8359 s, occupancy 10/14.
    const r = erlangC({ contactCount: 100, intervalMs: 1_800_000, ahtMs: 180_000, agentCount: 14, targetAnswerMs: 20_000 });
    expect(r.trafficErlangs).toBe(10);
    expect(r.value).toBeCloseTo(0.1741319, 7);
    expect(r.probabilityOfWaiting).toBe(r.value);
    expect(r.serviceLevel!).toBeCloseTo(0.88835, 5);
    expect(r.averageSpeedOfAnswerMs! / 1000).toBeCloseTo(7.8359, 4);
    expect(r.occupancy).toBeCloseTo(0.7142857, 7);
    expect(r.stable).toBe(true);
    expect(r.targetAnswerMs).toBe(20_000);
    expect(Object.keys(r)[0]).toBe('value');
  });

  it('hand check of the formulas at the same point: SL = 1 − C·e^(−4·20/180), ASA = C·180 s/4', () => {
    const r = erlangC({ trafficErlangs: 10, agentCount: 14, ahtMs: 180_000, targetAnswerMs: 20_000 });
    expect(r.serviceLevel!).toBeCloseTo(1 - r.value * Math.exp(-80 / 180), 14);
    expect(r.averageSpeedOfAnswerMs!).toBeCloseTo((r.value * 180_000) / 4, 9);
  });

  it('agrees with exact fractions (C) and 50-digit decimals (SL, ASA) to 1e-12 relative', () => {
    const cases: [number, number[], number, number][] = [
      [0.01, [1, 2, 4], 300_000, 20_000],
      [37 / 4, [10, 11, 14, 20, 30], 240_000, 15_000],
      [10, [11, 14, 18, 25], 180_000, 20_000],
      [150, [151, 155, 160, 170, 200], 120_000, 20_000],
    ];
    let worst = 0;
    for (const [a, ns, aht, t] of cases) {
      for (const n of ns) {
        const ref = exactServiceLevel(a, n, aht, t);
        const r = erlangC({ trafficErlangs: a, agentCount: n, ahtMs: aht, targetAnswerMs: t });
        worst = Math.max(worst, relErr(r.value, ref.c), relErr(r.serviceLevel!, ref.sl), relErr(r.averageSpeedOfAnswerMs!, ref.asa));
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('stays accurate at 20,000 and 100,000 Erlangs', () => {
    for (const [a, n] of [
      [20_000, 20_100],
      [100_000, 100_300],
    ] as const) {
      const B = fixedPointErlangB(a, n);
      const gap = new D(n - a);
      const C = B.times(n).div(gap.plus(B.times(a)));
      const sl = new D(1).minus(C.times(gap.neg().times(20).div(300).exp()));
      const r = erlangC({ trafficErlangs: a, agentCount: n, ahtMs: 300_000, targetAnswerMs: 20_000 });
      expect(relErr(r.value, C)).toBeLessThan(1e-11);
      expect(relErr(r.serviceLevel!, sl)).toBeLessThan(1e-11);
    }
  });

  it('unstable (N ≤ A): P(wait) 1, SL 0, ASA null, occupancy 1, stable false — never NaN or Infinity', () => {
    for (const n of [9, 10]) {
      const r = erlangC({ trafficErlangs: 10, agentCount: n, ahtMs: 180_000, targetAnswerMs: 20_000 });
      expect(r).toEqual({
        value: 1,
        reason: `an unstable queue (agentCount ${n} ≤ 10 Erlangs): the wait grows without bound, so the average speed of answer is undefined`,
        probabilityOfWaiting: 1,
        serviceLevel: 0,
        averageSpeedOfAnswerMs: null,
        occupancy: 1,
        trafficErlangs: 10,
        agentCount: n,
        stable: false,
        targetAnswerMs: 20_000,
      });
    }
  });

  it('traffic form: without ahtMs there is no ASA and no service level; without a target no service level', () => {
    const r = erlangC({ trafficErlangs: 10, agentCount: 14 });
    expect(r.value).toBeCloseTo(0.1741319, 7);
    expect(r.serviceLevel).toBeNull();
    expect(r.averageSpeedOfAnswerMs).toBeNull();
    expect(r.targetAnswerMs).toBeNull();
    expect(r.reason).toBe('no ahtMs: the average speed of answer and the service level are not computed');
    const noTarget = erlangC({ trafficErlangs: 10, agentCount: 14, ahtMs: 180_000 });
    expect(noTarget.averageSpeedOfAnswerMs! / 1000).toBeCloseTo(7.8359, 4);
    expect([noTarget.serviceLevel, noTarget.reason]).toEqual([null, 'no targetAnswerMs: the service level is not computed']);
    expect(erlangC({ trafficErlangs: 10, agentCount: 9 }).serviceLevel).toBeNull();
    // Every figure given: no reason.
    expect(erlangC({ trafficErlangs: 10, agentCount: 14, ahtMs: 180_000, targetAnswerMs: 20_000 }).reason).toBeNull();
    expect(erlangA({ trafficErlangs: 10, agentCount: 9, ahtMs: 180_000, patienceMs: 120_000 }).reason).toBe(
      'no targetAnswerMs: the service level is not computed',
    );
    expect(erlangA({ trafficErlangs: 10, agentCount: 9, ahtMs: 180_000, patienceMs: 120_000, targetAnswerMs: 0 }).reason).toBeNull();
  });

  it('no traffic: nobody waits', () => {
    const r = erlangC({ contactCount: 0, intervalMs: 1_800_000, ahtMs: 180_000, agentCount: 1, targetAnswerMs: 0 });
    expect([r.value, r.serviceLevel, r.averageSpeedOfAnswerMs, r.occupancy, r.stable]).toEqual([0, 1, 0, 0, true]);
  });
});

describe('erlangA', () => {
  // (A, N, AHT, patience, T): overloaded and underloaded, short and long patience, a start of the
  // Palm series from its largest term (N < A) with both the direct and the Stirling branch.
  const cases: [number, number, number, number, number][] = [
    [10, 14, 180_000, 120_000, 20_000],
    [10, 9, 180_000, 120_000, 20_000],
    [5, 3, 180_000, 30_000, 10_000],
    [20, 25, 180_000, 600_000, 30_000],
    [100, 80, 60_000, 1_200_000, 20_000],
    [100, 2, 60_000, 600_000, 20_000],
    [0.01, 1, 300_000, 60_000, 20_000],
    [50, 60, 300_000, 3_000_000, 0],
  ];

  it('P(wait), P(abandon) and ASA agree with the 50-digit birth–death chain to 1e-10 relative', () => {
    let worst = 0;
    for (const [a, n, aht, patience, t] of cases) {
      const ref = chainErlangA(a, n, aht, patience);
      const r = erlangA({ trafficErlangs: a, agentCount: n, ahtMs: aht, patienceMs: patience, targetAnswerMs: t });
      worst = Math.max(worst, relErr(r.value, ref.pw), relErr(r.probabilityOfAbandon, ref.pab), relErr(r.averageSpeedOfAnswerMs, ref.asa));
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it('service level and ASA agree with uniformization of the waiting caller’s chain to 1e-9 relative', () => {
    for (const [a, n, aht, patience, t] of cases) {
      const ref = chainErlangA(a, n, aht, patience);
      const u = uniformizedErlangA(ref.states, n, aht, patience, t);
      const r = erlangA({ trafficErlangs: a, agentCount: n, ahtMs: aht, patienceMs: patience, targetAnswerMs: t });
      expect(relErr(r.serviceLevel!, u.sl), `SL at A ${a}, N ${n}`).toBeLessThan(1e-9);
      expect(relErr(r.averageSpeedOfAnswerMs, u.asa), `ASA at A ${a}, N ${n}`).toBeLessThan(1e-9);
    }
  });

  it('stays accurate at 2,000 Erlangs (double-precision chain as reference)', () => {
    const [a, n, aht, patience] = [2000, 2010, 300_000, 1_500_000];
    // Birth–death chain in doubles, normalised as it goes (all terms positive).
    const th = aht / patience;
    let p = 1;
    let z = 1;
    let wait = 0;
    let queue = 0;
    for (let k = 1; k < n + 20_000; k++) {
      p *= a / (Math.min(k, n) + Math.max(k - n, 0) * th);
      z += p;
      if (k >= n) {
        wait += p;
        queue += (k - n) * p;
      }
      if (z > 1e250) {
        p /= 1e250;
        z /= 1e250;
        wait /= 1e250;
        queue /= 1e250;
      }
    }
    const r = erlangA({ trafficErlangs: a, agentCount: n, ahtMs: aht, patienceMs: patience });
    expect(relErr(r.value, wait / z)).toBeLessThan(1e-9);
    expect(relErr(r.probabilityOfAbandon, (th * queue) / (a * z))).toBeLessThan(1e-9);
  });

  it('the example of the docs: the ErlangC example with a mean patience of 120 s', () => {
    const r = erlangA({ contactCount: 100, intervalMs: 1_800_000, ahtMs: 180_000, agentCount: 14, patienceMs: 120_000, targetAnswerMs: 20_000 });
    expect(r.value).toBeCloseTo(0.126976, 6);
    expect(r.probabilityOfAbandon).toBeCloseTo(0.0228393, 7);
    expect(r.serviceLevel!).toBeCloseTo(0.93273, 5);
    // Abandonment shortens the queue: fewer wait, the wait is shorter, and less work is carried.
    const c = erlangC({ contactCount: 100, intervalMs: 1_800_000, ahtMs: 180_000, agentCount: 14, targetAnswerMs: 20_000 });
    expect(r.value).toBeLessThan(c.value);
    expect(r.averageSpeedOfAnswerMs).toBeLessThan(c.averageSpeedOfAnswerMs!);
    // Occupancy = A·(1 − P(abandon))/N.
    expect(r.occupancy).toBeCloseTo((10 * (1 - r.probabilityOfAbandon)) / 14, 14);
  });

  it('stable for every N ≥ 1, even far below the traffic: finite figures in [0, 1]', () => {
    for (const [a, n] of [
      [33.3, 1],
      [100_000, 1],
      [100_000, 99_000],
    ] as const) {
      const r = erlangA({ trafficErlangs: a, agentCount: n, ahtMs: 120_000, patienceMs: 60_000, targetAnswerMs: 20_000 });
      for (const v of [r.value, r.probabilityOfAbandon, r.serviceLevel!, r.occupancy]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(Number.isFinite(r.averageSpeedOfAnswerMs)).toBe(true);
      // At most N·μ answers per unit time: answered share ≤ N/A.
      expect(1 - r.probabilityOfAbandon).toBeLessThanOrEqual(n / a + 1e-12);
    }
  });

  it('tends to Erlang C as patience grows', () => {
    const c = erlangC({ trafficErlangs: 10, agentCount: 14, ahtMs: 180_000, targetAnswerMs: 20_000 });
    const gaps = [1e2, 1e4, 1e6].map((k) => {
      const r = erlangA({ trafficErlangs: 10, agentCount: 14, ahtMs: 180_000, patienceMs: 180_000 * k, targetAnswerMs: 20_000 });
      return (
        Math.abs(r.value - c.value) + Math.abs(r.serviceLevel! - c.serviceLevel!) + Math.abs(r.averageSpeedOfAnswerMs - c.averageSpeedOfAnswerMs!) / 180_000
      );
    });
    expect(gaps[1]!).toBeLessThan(gaps[0]!);
    expect(gaps[2]!).toBeLessThan(gaps[1]!);
    expect(gaps[2]!).toBeLessThan(1e-6);
  });

  it('no traffic: nobody waits or abandons', () => {
    const r = erlangA({ trafficErlangs: 0, agentCount: 2, ahtMs: 1000, patienceMs: 1000, targetAnswerMs: 0 });
    expect([r.value, r.probabilityOfAbandon, r.serviceLevel, r.averageSpeedOfAnswerMs, r.occupancy]).toEqual([0, 0, 1, 0, 0]);
  });
});

describe('the Palm-series kernels', () => {
  it('ln Π y/(x+k) and Σ 1/(x+k) over long ranges agree with 50-digit sums', () => {
    for (const [x, y, m] of [
      [0.5, 1000, 999],
      [20, 1000, 980],
      [100_000, 120_000, 20_000],
      [3, 1e5, 99_990],
    ] as const) {
      let product = new D(1);
      let h = new D(0);
      for (let k = 1; k <= m; k++) {
        product = product.times(new D(y).div(new D(x).plus(k)));
        h = h.plus(new D(1).div(new D(x).plus(k)));
      }
      const log = product.ln();
      // ln of the largest term: absolute error is relative error of the series.
      expect(Math.abs(logRatioProduct(x, y, m) - log.toNumber())).toBeLessThan(1e-10);
      expect(relErr(harmonicFrom(x, m), h)).toBeLessThan(1e-13);
    }
  });

  it('the scaled sums equal the series Σ y^j/((x+1)···(x+j)) and its moments', () => {
    for (const [x, y] of [
      [3, 2.5],
      [1600, 2000],
      [0.25, 40],
    ] as const) {
      let term = new D(1);
      let s0 = new D(1);
      let s1 = new D(0);
      let sh = new D(0);
      let h = new D(0);
      for (let j = 1; j < 20_000; j++) {
        term = term.times(y).div(new D(x).plus(j));
        h = h.plus(new D(1).div(new D(x).plus(j)));
        s0 = s0.plus(term);
        s1 = s1.plus(term.times(j));
        sh = sh.plus(term.times(h));
        if (j > y && term.div(s0).lt('1e-40')) break;
      }
      const p = palmSums(x, y, true);
      const scale = new D(p.logScale).exp();
      expect(Math.abs(logPalm(x, y) - s0.ln().toNumber())).toBeLessThan(1e-12);
      expect(relErr(p.a0 + p.t0, s0.div(scale))).toBeLessThan(1e-11);
      expect(relErr(p.t1 / (p.a0 + p.t0), s1.div(s0))).toBeLessThan(1e-13);
      expect(relErr(p.th / (p.a0 + p.t0), sh.div(s0))).toBeLessThan(1e-13);
    }
  });
});

describe('input validation', () => {
  it('names the field, the value and the rule', () => {
    expect(() => erlangC({ trafficErlangs: -1, agentCount: 2 })).toThrow('erlangC: trafficErlangs must be a non-negative finite number, got -1');
    expect(() => erlangB({ trafficErlangs: 2, agentCount: 0 })).toThrow('erlangB: agentCount must be a positive finite number, got 0');
    expect(() => erlangB({ trafficErlangs: 2, agentCount: 2e9 })).toThrow(
      'erlangB: agentCount must be a number of agents from 0.000001 to 1000000000, got 2000000000',
    );
    expect(() => erlangA({ trafficErlangs: 2, agentCount: 1e-7, ahtMs: 1, patienceMs: 1 })).toThrow(/agentCount must be a number of agents from 0.000001/);
    expect(() => erlangB({ contactCount: 10, intervalMs: 0, ahtMs: 1, agentCount: 1 })).toThrow('erlangB: intervalMs must be a positive finite number, got 0');
    expect(() => erlangC({ contactCount: Number.NaN, intervalMs: 1, ahtMs: 1, agentCount: 1 })).toThrow(
      /contactCount must be a non-negative finite number, got NaN/,
    );
    expect(() => erlangA({ trafficErlangs: 1, agentCount: 1, ahtMs: 1000 } as never)).toThrow('erlangA: patienceMs is required (a positive finite number)');
  });

  it('lists every problem with its path and code', () => {
    const e = thrown(() => erlangA({ contactCount: -1, intervalMs: Infinity, ahtMs: '5', agentCount: -1.5, patienceMs: 0 } as never));
    expect(e).toBeInstanceOf(KpiInputError);
    expect(e.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['contactCount', 'out_of_range'],
      ['intervalMs', 'not_finite'],
      ['ahtMs', 'invalid_type'],
      ['agentCount', 'out_of_range'],
      ['patienceMs', 'out_of_range'],
    ]);
  });

  it('refuses mixed forms, missing forms, unknown fields and out-of-scope sizes', () => {
    expect(thrown(() => erlangB({ trafficErlangs: 1, contactCount: 1, intervalMs: 1, ahtMs: 1, agentCount: 1 })).code).toBe('ambiguous');
    expect(thrown(() => erlangB({ agentCount: 1 } as never)).code).toBe('missing');
    expect(() => erlangB(null as never)).toThrow(KpiInputError);
    expect(() => erlangC({ trafficErlangs: 1, agentCount: 2, patienceMs: 5 } as never)).toThrow(
      'erlangC: patienceMs is not a field of erlangC input (known: trafficErlangs, agentCount, targetAnswerMs, ahtMs)',
    );
    expect(() => erlangB({ trafficErlangs: 1, agentCount: 2, targetAnswerMs: 5 } as never)).toThrow(/targetAnswerMs is not a field/);
    expect(() => erlangC({ trafficErlangs: 1, agentCount: 2, targetAnswerMs: 5 })).toThrow(/ahtMs is required with targetAnswerMs/);
    expect(() => erlangC({ trafficErlangs: 1, agentCount: 2, ahtMs: 5, targetAnswerMs: -5 })).toThrow(/targetAnswerMs must be a non-negative/);
    expect(() => erlangB({ trafficErlangs: 2e6, agentCount: 1 })).toThrow(/exceeds the supported 1,000,000 Erlangs/);
    expect(() => erlangB({ contactCount: 2e6, intervalMs: 1, ahtMs: 1, agentCount: 1 })).toThrow(/exceeds the supported/);
    expect(() => erlangA({ trafficErlangs: 1, agentCount: 2, ahtMs: 1, patienceMs: 2e6 })).toThrow(
      /patienceMs \(2000000\) may be at most 1,000,000 times ahtMs/,
    );
  });

  it('does not mutate its input, and returns frozen results', () => {
    const input = { trafficErlangs: 10, agentCount: 14, ahtMs: 180_000, patienceMs: 120_000, targetAnswerMs: 20_000 };
    const copy = { ...input };
    const r = erlangA(input);
    expect(input).toEqual(copy);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(erlangC({ trafficErlangs: 10, agentCount: 14 }))).toBe(true);
  });
});
