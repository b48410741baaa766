import { describe, expect, it } from 'vitest';
import { erlangA, erlangB, erlangBInverseFraction, erlangBReal, erlangBRecursion, erlangC, gammaOnePlus } from '../../src/contact-center/erlang.js';
import { type Dec, R, erlangAReference, erlangBReference, erlangCReference, exact, inverseErlangBIntegral } from './erlang-reference.js';

/** |actual − expected| / |expected|. */
function relErr(actual: number, expected: Dec): number {
  return new R(actual).minus(expected).abs().div(expected.abs()).toNumber();
}

describe('Erlang B for a fractional number of agents (Jagerman 1974)', () => {
  it('hand example: B(0.5, 1) = 1/(e·∫₀^∞ e^(−s)(1 + s)^0.5 ds) ≈ 0.7251968, between B(0, 1) = 1 and B(1, 1) = 1/2', () => {
    // e·Γ(1.5, 1) = 1/B(0.5, 1); Γ(1.5, 1) = √π·erfc(1)/2 + e^(−1) = 0.8862269·0.1572992 + 0.3678794 = 0.5072856,
    // so 1/B = 2.7182818 × 0.5072856 = 1.3789453 and B = 0.7251968.
    const r = erlangB({ trafficErlangs: 1, agentCount: 0.5 });
    expect(r.value).toBeCloseTo(0.7251968, 7);
    expect(r).toEqual({ value: r.value, trafficErlangs: 1, agentCount: 0.5 });
    expect(r.value).toBeLessThan(1);
    expect(r.value).toBeGreaterThan(0.5);
  });

  it('agrees with the 50-digit quadrature of the defining integral to 1e-12 relative, 1e-6 to 20,000 Erlangs', () => {
    // Both sides of the switch between the series (A < 2) and the continued fraction, fractional
    // parts near 0 and 1, below, at and above the traffic.
    const cases: [number, number][] = [
      [1e-6, 0.999],
      [1, 0.5],
      [1.999, 0.001],
      [2, 0.999],
      [2.001, 1.5],
      [10, 13.5],
      [10, 9.000001],
      [150, 0.7],
      [150, 172.37],
      [20_000, 20_150.5],
    ];
    let worst = 0;
    for (const [a, x] of cases) {
      const err = relErr(erlangB({ trafficErlangs: a, agentCount: x }).value, erlangBReference(a, x));
      expect(err, `A = ${a}, N = ${x}`).toBeLessThan(1e-12);
      worst = Math.max(worst, err);
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('the reference is good to 50 digits: B(0.5, 1) against the closed form 1/B = 1 + e·(√π/2 − Σ (−1)^n/(n!·(2n + 1))) = 1.3789453…', () => {
    // 1/B(0.5, 1) = e·Γ(1.5, 1) = e·(√π·erfc(1)/2 + e^(−1)) = 1 + e·(√π/2 − (√π/2)·erf(1)), and
    // (√π/2)·erf(1) = ∫₀¹ e^(−t²) dt = Σ_{n≥0} (−1)^n/(n!·(2n + 1)) (termwise integration of the
    // exponential series); the terms fall below 1e-60 by n = 50.
    let series = new R(0);
    let factorial = new R(1);
    for (let n = 0; n <= 50; n++) {
      if (n > 0) factorial = factorial.times(n);
      series = series.plus(new R(n % 2 === 0 ? 1 : -1).div(factorial.times(2 * n + 1)));
    }
    const closed = new R(1).div(new R(1).plus(R.exp(1).times(R.acos(-1).sqrt().div(2).minus(series))));
    expect(closed.toSignificantDigits(8).toString()).toBe('0.72519678');
    expect(erlangBReference(1, 0.5).minus(closed).abs().div(closed).toNumber()).toBeLessThan(1e-50);
  });

  it('the recursion the reference uses for whole steps agrees with the integral itself (N = 3.25 at 10 Erlangs)', () => {
    for (const x of [3.25]) {
      const direct = new R(1).div(inverseErlangBIntegral(exact(10), exact(x)));
      expect(direct.minus(erlangBReference(10, x)).abs().div(direct).toNumber()).toBeLessThan(1e-30);
    }
  });

  it('equals the integer formula at whole numbers: the kernel gives 1/B(0) = 1 and 1/B(1) = 1 + 1/A, and N just off a whole number is continuous', () => {
    for (const a of [1e-3, 0.5, 1.9999, 2, 7.5, 300, 1e5]) {
      expect(erlangBInverseFraction(a, 0)).toBeCloseTo(1, 13);
      expect(Math.abs(erlangBInverseFraction(a, 1) / (1 + 1 / a) - 1)).toBeLessThan(1e-14);
    }
    for (const [a, n] of [
      [0.3, 1],
      [10, 14],
      [150, 165],
    ] as const) {
      const whole = erlangBRecursion(a, n);
      expect(erlangB({ trafficErlangs: a, agentCount: n }).value).toBe(whole);
      // dB/dN is finite, so B(n ± 1e-9) is within ~1e-9 relative of B(n).
      expect(Math.abs(erlangBReal(a, n + 1e-9) / whole - 1)).toBeLessThan(1e-8);
      expect(Math.abs(erlangBReal(a, n - 1e-9) / whole - 1)).toBeLessThan(1e-8);
      expect(erlangBReal(a, n - 1e-9)).toBeGreaterThan(erlangBReal(a, n + 1e-9));
    }
  });

  it('Γ(1 + f) from the reciprocal series: Γ(1) = Γ(2) = 1, Γ(1.5) = √π/2', () => {
    expect(gammaOnePlus(0)).toBe(1);
    expect(gammaOnePlus(1)).toBeCloseTo(1, 15);
    // Within the two roundings of √π/2 and of the series.
    expect(Math.abs(gammaOnePlus(0.5) / (Math.sqrt(Math.PI) / 2) - 1)).toBeLessThan(4.5e-16);
  });

  it('accepts from 1e-6 agents: 1e-6 agents on a million Erlangs still block a hair less than everything', () => {
    // 1/B − 1 ≈ N/A = 1e-12 here, well above the double's resolution.
    const b = erlangB({ trafficErlangs: 1e6, agentCount: 1e-6 }).value;
    expect(b).toBeLessThan(1);
    expect(1 - b).toBeCloseTo(1e-12, 15);
    const a = erlangA({ trafficErlangs: 1e6, agentCount: 1e-6, ahtMs: 1000, patienceMs: 1e9, targetAnswerMs: 1 });
    for (const v of [a.value, a.probabilityOfAbandon, a.serviceLevel!, a.averageSpeedOfAnswerMs, a.occupancy]) expect(Number.isFinite(v)).toBe(true);
  });

  it('no traffic blocks nothing; a value below the smallest double is 0', () => {
    expect(erlangB({ trafficErlangs: 0, agentCount: 2.5 }).value).toBe(0);
    expect(erlangB({ trafficErlangs: 1, agentCount: 400.5 }).value).toBe(0);
  });
});

describe('Erlang C for a fractional number of agents', () => {
  it('C = N·B/(N − A(1 − B)), SL and ASA agree with the 50-digit reference to 1e-12 relative', () => {
    const aht = 180_000;
    const target = 20_000;
    for (const [a, x] of [
      [10, 10.5],
      [10, 13.25],
      [0.4, 0.9],
      [150, 162.8],
    ] as const) {
      const c = erlangCReference(a, x);
      const gap = exact(x).minus(exact(a));
      const sl = new R(1).minus(c.times(gap.neg().times(target).div(aht).exp()));
      const asa = c.times(aht).div(gap);
      const r = erlangC({ trafficErlangs: a, agentCount: x, ahtMs: aht, targetAnswerMs: target });
      expect(relErr(r.value, c), `C at ${a}, ${x}`).toBeLessThan(1e-12);
      expect(relErr(r.serviceLevel!, sl), `SL at ${a}, ${x}`).toBeLessThan(1e-12);
      expect(relErr(r.averageSpeedOfAnswerMs!, asa), `ASA at ${a}, ${x}`).toBeLessThan(1e-12);
      expect(r.occupancy).toBe(a / x);
      expect(r.stable).toBe(true);
    }
  });

  it('10 Erlangs between 13 and 14 agents: the service level climbs from SL(13) to SL(14)', () => {
    const sl = (x: number) => erlangC({ trafficErlangs: 10, agentCount: x, ahtMs: 180_000, targetAnswerMs: 20_000 }).serviceLevel!;
    const values = [13, 13.25, 13.5, 13.75, 14].map(sl);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    // The R package ErlangC's example at 14 agents (docs/metrics.md#erlangc).
    expect(values[4]).toBeCloseTo(0.88835, 5);
  });

  it('N ≤ A is unstable for fractional N too', () => {
    const r = erlangC({ trafficErlangs: 10.5, agentCount: 10.25, ahtMs: 1000, targetAnswerMs: 0 });
    expect([r.stable, r.value, r.serviceLevel, r.averageSpeedOfAnswerMs, r.occupancy]).toEqual([false, 1, 0, null, 1]);
  });
});

describe('Erlang A for a fractional number of agents', () => {
  it('P(wait) and P(abandon) agree with the 50-digit reference (continuous B and the Palm series) to 1e-11 relative', () => {
    for (const [a, x, aht, patience] of [
      [10, 13.5, 180_000, 120_000],
      [10, 8.25, 180_000, 120_000],
      [5, 2.5, 180_000, 30_000],
      [100, 81.7, 60_000, 1_200_000],
      [0.3, 0.6, 300_000, 60_000],
    ] as const) {
      const ref = erlangAReference(a, x, aht, patience);
      const r = erlangA({ trafficErlangs: a, agentCount: x, ahtMs: aht, patienceMs: patience });
      expect(relErr(r.value, ref.wait), `P(wait) at ${a}, ${x}`).toBeLessThan(1e-11);
      expect(relErr(r.probabilityOfAbandon, ref.abandon), `P(abandon) at ${a}, ${x}`).toBeLessThan(1e-11);
    }
  });

  it('the docs example between 13 and 14 agents lies between the whole-agent figures', () => {
    const at = (x: number) => erlangA({ trafficErlangs: 10, agentCount: x, ahtMs: 180_000, patienceMs: 120_000, targetAnswerMs: 20_000 });
    const [lo, mid, hi] = [at(13), at(13.5), at(14)];
    expect(mid.value).toBeLessThan(lo.value);
    expect(mid.value).toBeGreaterThan(hi.value);
    expect(mid.probabilityOfAbandon).toBeLessThan(lo.probabilityOfAbandon);
    expect(mid.probabilityOfAbandon).toBeGreaterThan(hi.probabilityOfAbandon);
    expect(mid.serviceLevel!).toBeGreaterThan(lo.serviceLevel!);
    expect(mid.serviceLevel!).toBeLessThan(hi.serviceLevel!);
    expect(mid.averageSpeedOfAnswerMs).toBeLessThan(lo.averageSpeedOfAnswerMs);
    expect(mid.averageSpeedOfAnswerMs).toBeGreaterThan(hi.averageSpeedOfAnswerMs);
  });
});
