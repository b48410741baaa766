import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangB } from '../../src/contact-center/erlang.js';
import { erlangBAtMost, requiredLines } from '../../src/contact-center/required-lines.js';
import { issuesOf } from '../helpers.js';

/** The next double above (dir 1) or below (dir −1) a positive double. */
function nextDouble(x: number, dir: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + BigInt(dir));
  return view.getFloat64(0);
}

/** The exact value of a finite double x ≥ 0 as p/q, q a power of 2 (doubling is exact). */
function rationalOf(x: number): [bigint, bigint] {
  let v = x;
  let q = 1n;
  while (!Number.isInteger(v)) {
    v *= 2;
    q *= 2n;
  }
  return [BigInt(v), q];
}

/**
 * Erlang B as an exact fraction from the definition, B(n, A) = (A^n/n!) / Σ_{k≤n} A^k/k!: with
 * A = p/q, times n!·q^n, B = p^n / Σ_k p^k·q^(n−k)·n!/k!.
 */
function exactB(a: number, n: number): [bigint, bigint] {
  const [p, q] = rationalOf(a);
  let den = 0n;
  let fall = 1n; // n!/k! for k from n down to 0
  for (let k = n; k >= 0; k--) {
    den += p ** BigInt(k) * q ** BigInt(n - k) * fall;
    fall *= BigInt(k);
  }
  return [p ** BigInt(n), den];
}

/** Whether the exact B(n, a) ≤ m (the double m read exactly). */
function exactAtMost(a: number, n: number, m: number): boolean {
  const [bn, bd] = exactB(a, n);
  const [mp, mq] = rationalOf(m);
  return bn * mq <= mp * bd;
}

/** The double nearest to the exact B(n, a) (through 60-digit decimal division). */
function nearestDouble(a: number, n: number): number {
  const D = Decimal.clone({ precision: 60 });
  const [bn, bd] = exactB(a, n);
  return new D(bn.toString()).div(new D(bd.toString())).toNumber();
}

/** The least n with exact B(n, a) ≤ m, stepping from `from` (where B > m). */
function exactLeast(a: number, m: number, from: number): number {
  let n = from;
  while (!exactAtMost(a, n, m)) n++;
  return n;
}

describe('requiredLines', () => {
  it('hand example, 2 Erlangs: B(3) = 4/19, B(4) = 2/21, B(5) = 4/109, B(6) = 4/331, B(7) = 8/2325', () => {
    // B(n) = 2·B(n−1)/(n + 2·B(n−1)) from B(0) = 1: 2/3, 2/5, 4/19, 2/21, 4/109, 4/331, 8/2325.
    expect(requiredLines({ trafficErlangs: 2, maxBlocking: 0.3 }).value).toBe(3);
    expect(requiredLines({ trafficErlangs: 2, maxBlocking: 0.1 }).value).toBe(4);
    expect(requiredLines({ trafficErlangs: 2, maxBlocking: 0.05 }).value).toBe(5);
    expect(requiredLines({ trafficErlangs: 2, maxBlocking: 0.02 }).value).toBe(6);
    const r = requiredLines({ trafficErlangs: 2, maxBlocking: 0.01 });
    expect(r).toEqual({ value: 7, reason: null, blocking: r.blocking, trafficErlangs: 2, maxBlocking: 0.01 });
    expect(r.blocking).toBeCloseTo(8 / 2325, 15);
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.keys(r)[0]).toBe('value');
  });

  it('an exact tie: 1 Erlang on 1 line blocks exactly 1/2 (and 3 Erlangs exactly 3/4), so a limit of that value needs that line', () => {
    expect(requiredLines({ trafficErlangs: 1, maxBlocking: 0.5 })).toEqual({ value: 1, reason: null, blocking: 0.5, trafficErlangs: 1, maxBlocking: 0.5 });
    expect(requiredLines({ trafficErlangs: 1, maxBlocking: nextDouble(0.5, -1) }).value).toBe(2);
    expect(requiredLines({ trafficErlangs: 3, maxBlocking: 0.75 }).value).toBe(1);
    expect(requiredLines({ trafficErlangs: 3, maxBlocking: nextDouble(0.75, -1) }).value).toBe(2);
  });

  it('exact at the boundary: a limit one double above, at and below B(n, A) gives the lines the exact fraction gives', () => {
    const cases: [number, number][] = [
      [2, 3],
      [0.1, 1],
      [37 / 4, 12],
      [10, 14],
      [33.3, 40],
      [150, 160],
      [1000, 1030],
    ];
    for (const [a, n] of cases) {
      const near = nearestDouble(a, n);
      for (const m of [nextDouble(near, -1), near, nextDouble(near, 1)]) {
        const expected = exactLeast(a, m, n);
        expect(requiredLines({ trafficErlangs: a, maxBlocking: m }).value, `A = ${a}, limit ${m} near B(${n})`).toBe(expected);
      }
      // One double below B(n) is below it exactly (the nearest double is within half an ulp): n + 1 lines.
      expect(requiredLines({ trafficErlangs: a, maxBlocking: nextDouble(nextDouble(near, -1), -1) }).value).toBe(n + 1);
    }
  });

  it('the exact comparison: fixed-point enclosure and, at a tie, the rational test', () => {
    expect(erlangBAtMost(1, 1, 0.5)).toBe(true); // tie, exact in fixed point too (1/2)
    // B(3, 1) = (1/6)/(1 + 1 + 1/2 + 1/6) = 1/16, through B(2, 1) = 1/5, which fixed point rounds:
    // the enclosure holds 1/16 strictly inside, and the rational test settles the tie.
    expect(erlangBAtMost(1, 3, 1 / 16)).toBe(true);
    expect(erlangBAtMost(1, 3, nextDouble(1 / 16, -1))).toBe(false);
    expect(requiredLines({ trafficErlangs: 1, maxBlocking: 1 / 16 }).value).toBe(3);
    expect(requiredLines({ trafficErlangs: 1, maxBlocking: nextDouble(1 / 16, -1) }).value).toBe(4);
    expect(erlangBAtMost(1, 1, nextDouble(0.5, -1))).toBe(false);
    expect(erlangBAtMost(2, 3, 0.25)).toBe(true); // 4/19 < 1/4, by the enclosure
    expect(erlangBAtMost(2, 3, 0.2)).toBe(false);
    const near = nearestDouble(10, 14);
    expect(erlangBAtMost(10, 14, near)).toBe(exactAtMost(10, 14, near));
  });

  it('contacts form: 100 calls in 30 min holding 3 min are 10 Erlangs', () => {
    const r = requiredLines({ contactCount: 100, intervalMs: 1_800_000, ahtMs: 180_000, maxBlocking: 0.01 });
    expect(r.trafficErlangs).toBe(10);
    expect(r.value).toBe(requiredLines({ trafficErlangs: 10, maxBlocking: 0.01 }).value);
    // The standard Erlang B table: 10 Erlangs at P.01 need 18 lines (B(17) ≈ 0.01295, B(18) ≈ 0.00714).
    expect(r.value).toBe(18);
    expect(r.blocking).toBeCloseTo(0.0071424, 7);
  });

  it('no traffic: no lines, and blocking is undefined', () => {
    expect(requiredLines({ trafficErlangs: 0, maxBlocking: 0.01 })).toEqual({
      value: 0,
      reason: 'no traffic offered: nothing is blocked, and no line is needed',
      blocking: null,
      trafficErlangs: 0,
      maxBlocking: 0.01,
    });
  });

  it('a limit one double away from B(n) at 20,000 Erlangs is settled exactly, and quickly', () => {
    const n = 20_050;
    const b = erlangB({ trafficErlangs: 20_000, agentCount: n }).value;
    // The recursion's B(n) is within ~1e-12 of the true value; the exact answer is n or n + 1 for a limit at it.
    const at = requiredLines({ trafficErlangs: 20_000, maxBlocking: b }).value;
    expect([n, n + 1]).toContain(at);
    expect(erlangBAtMost(20_000, at, b)).toBe(true);
    expect(erlangBAtMost(20_000, at - 1, b)).toBe(false);
    expect(requiredLines({ trafficErlangs: 20_000, maxBlocking: b * (1 + 1e-10) }).value).toBe(n);
    expect(requiredLines({ trafficErlangs: 20_000, maxBlocking: b * (1 - 1e-10) }).value).toBe(n + 1);
  });

  it('large traffic: 20,000 Erlangs at P.01 (B at the answer ≤ 1 %, one line fewer above)', () => {
    const r = requiredLines({ trafficErlangs: 20_000, maxBlocking: 0.01 });
    expect(r.blocking!).toBeLessThanOrEqual(0.01);
    expect(erlangB({ trafficErlangs: 20_000, agentCount: r.value - 1 }).value).toBeGreaterThan(0.01);
    expect(r.blocking).toBe(erlangB({ trafficErlangs: 20_000, agentCount: r.value }).value);
  });

  it('rejects bad input with paths', () => {
    expect(issuesOf(() => requiredLines({ trafficErlangs: -1, maxBlocking: 1 }))).toEqual([
      { code: 'out_of_range', path: ['trafficErlangs'] },
      { code: 'out_of_range', path: ['maxBlocking'] },
    ]);
    expect(() => requiredLines({ trafficErlangs: 1, maxBlocking: 0 })).toThrow('requiredLines: maxBlocking must be a number strictly between 0 and 1, got 0');
    expect(issuesOf(() => requiredLines({ trafficErlangs: 1 } as never))).toEqual([{ code: 'missing', path: ['maxBlocking'] }]);
    expect(issuesOf(() => requiredLines({ trafficErlangs: 1, maxBlocking: 0.1, lines: 3 } as never))).toEqual([{ code: 'invalid_value', path: ['lines'] }]);
    expect(issuesOf(() => requiredLines({ trafficErlangs: 2e6, maxBlocking: 0.1 }))).toEqual([{ code: 'out_of_range', path: ['trafficErlangs'] }]);
    expect(issuesOf(() => requiredLines({ contactCount: 1, intervalMs: 0, ahtMs: 1, maxBlocking: 0.1 }))).toEqual([
      { code: 'out_of_range', path: ['intervalMs'] },
    ]);
    expect(issuesOf(() => requiredLines(null as never))[0]!.code).toBe('invalid_type');
    // Below 1e-300 the blocking near the limit would be subnormal, where doubles lose their relative accuracy.
    expect(() => requiredLines({ trafficErlangs: 1, maxBlocking: 1e-301 })).toThrow(
      'requiredLines: maxBlocking must be a number from 1e-300 up to, but not including, 1, got 1e-301',
    );
    expect(requiredLines({ trafficErlangs: 1, maxBlocking: 1e-300 }).blocking!).toBeLessThanOrEqual(1e-300);
  });
});

describe('requiredLines properties', () => {
  const traffic = fc.double({ min: Math.log(0.01), max: Math.log(5000), noNaN: true }).map(Math.exp);
  const limit = fc.double({ min: Math.log(1e-12), max: Math.log(0.99), noNaN: true }).map(Math.exp);

  it('the answer meets the limit and one line fewer does not (erlangB at both)', () => {
    fc.assert(
      fc.property(traffic, limit, (a, m) => {
        const r = requiredLines({ trafficErlangs: a, maxBlocking: m });
        expect(r.blocking!).toBeLessThanOrEqual(m);
        expect(r.value).toBeGreaterThanOrEqual(1);
        expect(erlangB({ trafficErlangs: a, agentCount: r.value }).value).toBe(r.blocking);
        if (r.value > 1) expect(erlangB({ trafficErlangs: a, agentCount: r.value - 1 }).value).toBeGreaterThan(m);
      }),
      { numRuns: 200 },
    );
  });

  it('more traffic or a tighter limit never needs fewer lines', () => {
    fc.assert(
      fc.property(traffic, limit, fc.double({ min: 1, max: 2, noNaN: true }), (a, m, k) => {
        const base = requiredLines({ trafficErlangs: a, maxBlocking: m }).value;
        expect(requiredLines({ trafficErlangs: a * k, maxBlocking: m }).value).toBeGreaterThanOrEqual(base);
        expect(requiredLines({ trafficErlangs: a, maxBlocking: m / k }).value).toBeGreaterThanOrEqual(base);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with the exact fraction at the boundary for random small cases', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 30, noNaN: true }), fc.integer({ min: 1, max: 40 }), fc.constantFrom<-1 | 0 | 1>(-1, 0, 1), (a, n, side) => {
        const near = nearestDouble(a, n);
        if (near < 1e-300) return;
        const m = side === 0 ? near : nextDouble(near, side);
        if (!(m < 1)) return;
        expect(requiredLines({ trafficErlangs: a, maxBlocking: m }).value).toBe(exactLeast(a, m, 0));
      }),
      { numRuns: 150 },
    );
  });
});
