import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import {
  ces,
  cesAccumulator,
  compareNps,
  compareProportions,
  csat,
  csatAccumulator,
  esat,
  nps,
  npsAccumulator,
  sentimentScore,
} from '../../src/survey/index.js';

const answers = (min: number, max: number) => fc.array(fc.integer({ min, max }), { maxLength: 200 });
const count = fc.integer({ min: 0, max: 10_000 });
const npsCounts = fc.record({ promoters: count, passives: count, detractors: count });

/** Splits an array into k consecutive parts at arbitrary points. */
const withSplits = <T>(arb: fc.Arbitrary<T[]>) =>
  arb.chain((xs) =>
    fc.array(fc.integer({ min: 0, max: xs.length }), { maxLength: 4 }).map((cuts) => {
      const points = [0, ...cuts.sort((a, b) => a - b), xs.length];
      return { xs, parts: points.slice(1).map((end, i) => xs.slice(points[i], end)) };
    }),
  );

const shuffled = <T>(xs: T[], seed: number): T[] => {
  const out = [...xs];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

/** Values that are not an integer 0–10: wrong types, non-finite, fractions, off the scale. */
const badAnswer = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, 11, -1, 0.5, 9.99, '9', null, undefined, true, {}, []),
  fc.double({ noNaN: false }).filter((x) => !(Number.isInteger(x) && x >= 0 && x <= 10)),
  fc.integer().filter((x) => x < 0 || x > 10),
  fc.string(),
);

describe('nps properties', () => {
  it('value in −100..100, shares sum to 1, Wald interval contains the value and stays in range', () => {
    fc.assert(
      fc.property(npsCounts, fc.double({ min: 0.5, max: 0.999, noNaN: true }), (c, confidence) => {
        const r = nps(c, { confidence });
        if (r.n === 0) {
          expect(r.value).toBeNull();
          return;
        }
        expect(r.value!).toBeGreaterThanOrEqual(-100);
        expect(r.value!).toBeLessThanOrEqual(100);
        expect(r.promoterShare! + r.passiveShare! + r.detractorShare!).toBeCloseTo(1, 12);
        expect(r.interval!.lower).toBeLessThanOrEqual(r.value! + 1e-9);
        expect(r.interval!.upper).toBeGreaterThanOrEqual(r.value! - 1e-9);
        expect(r.interval!.lower).toBeGreaterThanOrEqual(-100);
        expect(r.interval!.upper).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('adjusted-Wald interval stays in range and contains the adjusted centre', () => {
    fc.assert(
      fc.property(npsCounts, (c) => {
        const r = nps(c, { intervalMethod: 'adjusted-wald' });
        if (r.n === 0) return;
        const centre = (100 * (c.promoters - c.detractors)) / (r.n + 3);
        expect(r.interval!.lower).toBeGreaterThanOrEqual(-100);
        expect(r.interval!.upper).toBeLessThanOrEqual(100);
        expect(r.interval!.lower).toBeLessThanOrEqual(centre + 1e-9);
        expect(r.interval!.upper).toBeGreaterThanOrEqual(centre - 1e-9);
      }),
    );
  });

  it('one more promoter never lowers NPS; one more detractor never raises it', () => {
    fc.assert(
      fc.property(
        npsCounts.filter((c) => c.promoters + c.passives + c.detractors > 0),
        (c) => {
          const base = nps(c).value!;
          expect(nps({ ...c, promoters: c.promoters + 1 }).value!).toBeGreaterThanOrEqual(base);
          expect(nps({ ...c, detractors: c.detractors + 1 }).value!).toBeLessThanOrEqual(base);
        },
      ),
    );
  });

  it('record form ≡ aggregate form; order does not matter', () => {
    fc.assert(
      fc.property(answers(0, 10), fc.integer(), (xs, seed) => {
        const promoters = xs.filter((x) => x >= 9).length;
        const detractors = xs.filter((x) => x <= 6).length;
        const r = nps({ responses: xs });
        expect(r).toEqual(nps({ promoters, passives: xs.length - promoters - detractors, detractors }));
        expect(nps({ responses: shuffled(xs, seed) })).toEqual(r);
        expect(nps({ responses: Int8Array.from(xs) })).toEqual(r);
      }),
    );
  });

  it('accumulator: merge of any split ≡ one pass, through JSON too', () => {
    fc.assert(
      fc.property(withSplits(answers(0, 10)), ({ xs, parts }) => {
        const accs = parts.map((p) => npsAccumulator.fromJSON(JSON.parse(JSON.stringify(npsAccumulator.create().addAll(p)))));
        const merged = accs.reduce((a, b) => a.merge(b), npsAccumulator.create());
        expect(merged.result()).toEqual(nps({ responses: xs }));
      }),
    );
  });

  it('a bad answer anywhere → KpiInputError naming its index, never NaN', () => {
    fc.assert(
      fc.property(answers(0, 10), badAnswer, fc.nat(), (xs, bad, at) => {
        const i = xs.length === 0 ? 0 : at % (xs.length + 1);
        const ys: unknown[] = [...xs.slice(0, i), bad, ...xs.slice(i)];
        let error: unknown;
        try {
          nps({ responses: ys as number[] });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(KpiInputError);
        expect((error as KpiInputError).path).toEqual(['responses', i]);
      }),
    );
  });

  it('bad counts → KpiInputError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ max: -1 }),
          fc.double().filter((x) => !Number.isInteger(x) || x < 0),
          fc.string(),
        ),
        (bad) => {
          expect(() => nps({ promoters: bad as number, passives: 1, detractors: 1 })).toThrow(KpiInputError);
        },
      ),
    );
  });
});

describe('csat properties', () => {
  it('value and interval in [0, 1], the interval contains the value; mean on the scale', () => {
    fc.assert(
      fc.property(answers(1, 5), (xs) => {
        const r = csat({ responses: xs });
        if (xs.length === 0) {
          expect(r.value).toBeNull();
          return;
        }
        expect(r.value!).toBeGreaterThanOrEqual(0);
        expect(r.value!).toBeLessThanOrEqual(1);
        expect(r.interval!.lower).toBeGreaterThanOrEqual(0);
        expect(r.interval!.upper).toBeLessThanOrEqual(1);
        expect(r.interval!.lower).toBeLessThanOrEqual(r.value! + 1e-12);
        expect(r.interval!.upper).toBeGreaterThanOrEqual(r.value! - 1e-12);
        expect(r.mean!).toBeGreaterThanOrEqual(1);
        expect(r.mean!).toBeLessThanOrEqual(5);
      }),
    );
  });

  it('responses ≡ counts ≡ { satisfied, total } for value and interval', () => {
    fc.assert(
      fc.property(answers(1, 7), (xs) => {
        const counts: Record<number, number> = {};
        for (const x of xs) counts[x] = (counts[x] ?? 0) + 1;
        const r = csat({ responses: xs }, { scale: '1-7' });
        expect(csat({ counts }, { scale: '1-7' })).toEqual(r);
        const totals = csat({ satisfied: xs.filter((x) => x >= 6).length, total: xs.length });
        expect(totals.value).toBe(r.value);
        expect(totals.interval).toEqual(r.interval);
      }),
    );
  });

  it('a higher rating never lowers CSAT or its mean', () => {
    fc.assert(
      fc.property(
        answers(1, 5).filter((xs) => xs.length > 0),
        fc.nat(),
        (xs, at) => {
          const i = at % xs.length;
          const up = [...xs];
          up[i] = Math.min(5, up[i]! + 1);
          expect(csat({ responses: up }).value!).toBeGreaterThanOrEqual(csat({ responses: xs }).value!);
          expect(csat({ responses: up }).mean!).toBeGreaterThanOrEqual(csat({ responses: xs }).mean! - 1e-12);
        },
      ),
    );
  });

  it('accumulator merge ≡ one pass', () => {
    fc.assert(
      fc.property(withSplits(answers(1, 5)), ({ xs, parts }) => {
        const merged = parts.reduce((acc, p) => acc.merge(csatAccumulator.create().addAll(p)), csatAccumulator.create());
        expect(merged.result()).toEqual(csat({ responses: xs }));
      }),
    );
  });
});

describe('ces properties', () => {
  it('mean within the scale, easy share in [0, 1], directions mirror each other', () => {
    fc.assert(
      fc.property(answers(1, 7), (xs) => {
        const r = ces({ responses: xs });
        const mirrored = ces({ responses: xs.map((x) => 8 - x) }, { direction: 'higher-is-harder' });
        if (xs.length === 0) {
          expect(r.value).toBeNull();
          return;
        }
        expect(r.value!).toBeGreaterThanOrEqual(1);
        expect(r.value!).toBeLessThanOrEqual(7);
        expect(r.easyShare!).toBeGreaterThanOrEqual(0);
        expect(r.easyShare!).toBeLessThanOrEqual(1);
        expect(mirrored.easyShare).toBe(r.easyShare);
        expect(mirrored.value!).toBeCloseTo(8 - r.value!, 12);
      }),
    );
  });

  it('accumulator merge ≡ one pass', () => {
    fc.assert(
      fc.property(withSplits(answers(1, 7)), ({ xs, parts }) => {
        const merged = parts.reduce((acc, p) => acc.merge(cesAccumulator.create().addAll(p)), cesAccumulator.create());
        expect(merged.result()).toEqual(ces({ responses: xs }));
      }),
    );
  });
});

describe('sentimentScore properties', () => {
  it('value in [−1, 1]; labels ≡ counts; order invariance', () => {
    const label = fc.constantFrom('positive', 'neutral', 'negative' as const);
    fc.assert(
      fc.property(fc.array(label, { maxLength: 100 }), fc.integer(), (labels, seed) => {
        const r = sentimentScore({ labels });
        const c = (l: string) => labels.filter((x) => x === l).length;
        expect(r).toEqual(sentimentScore({ positive: c('positive'), neutral: c('neutral'), negative: c('negative') }));
        expect(sentimentScore({ labels: shuffled(labels, seed) })).toEqual(r);
        if (labels.length > 0) {
          expect(Math.abs(r.value!)).toBeLessThanOrEqual(1);
          expect(r.interval!.lower).toBeGreaterThanOrEqual(-1);
          expect(r.interval!.upper).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

describe('comparison properties', () => {
  const side = fc.integer({ min: 0, max: 5000 }).chain((total) => fc.record({ successes: fc.integer({ min: 0, max: total }), total: fc.constant(total) }));

  it('compareProportions: bounds, interval contains the difference, swapping negates', () => {
    fc.assert(
      fc.property(side, side, (a, b) => {
        const r = compareProportions({ a, b });
        const s = compareProportions({ a: b, b: a });
        if (r.difference === null) {
          expect(r.interval).toBeNull();
          return;
        }
        expect(Math.abs(r.difference)).toBeLessThanOrEqual(1);
        expect(r.interval!.lower).toBeGreaterThanOrEqual(-1);
        expect(r.interval!.upper).toBeLessThanOrEqual(1);
        expect(r.interval!.lower).toBeLessThanOrEqual(r.difference + 1e-12);
        expect(r.interval!.upper).toBeGreaterThanOrEqual(r.difference - 1e-12);
        expect(s.difference).toBeCloseTo(-r.difference, 14);
        if (r.pValue !== null) {
          expect(r.pValue).toBeGreaterThanOrEqual(0);
          expect(r.pValue).toBeLessThanOrEqual(1);
          expect(s.pValue).toBeCloseTo(r.pValue, 12);
          expect(Math.sign(r.z!)).toBe(Math.sign(r.difference));
        }
      }),
    );
  });

  it('compareProportions takes csat and esat results as they are: the same as their { successes: satisfied, total: n }', () => {
    const scale = fc.constantFrom('1-5', '1-7', 'binary' as const);
    fc.assert(
      fc.property(scale, answers(1, 7), answers(1, 7), (name, xs, ys) => {
        const fit = (v: number): number | 'good' | 'bad' => (name === 'binary' ? (v > 4 ? 'good' : 'bad') : name === '1-5' ? Math.min(v, 5) : v);
        const a = csat({ responses: xs.map(fit) as never }, { scale: name });
        const b = esat({ responses: ys.map(fit) as never }, { scale: name });
        const direct = compareProportions({ a, b });
        const mapped = compareProportions({ a: { successes: a.satisfied, total: a.n }, b: { successes: b.satisfied, total: b.n } });
        expect(direct).toEqual(mapped);
        expect(direct.a).toEqual({ successes: a.satisfied, total: a.n });
        expect(direct.value === null).toBe(a.n === 0 || b.n === 0);
        expect(direct.reason === null).toBe(direct.value !== null);
      }),
      { numRuns: 200 },
    );
  });

  it('compareNps: swapping negates the difference and z, same p-value', () => {
    fc.assert(
      fc.property(npsCounts, npsCounts, (a, b) => {
        const r = compareNps({ a, b });
        const s = compareNps({ a: b, b: a });
        if (r.difference === null) {
          expect(s.difference).toBeNull();
          return;
        }
        expect(s.difference).toBeCloseTo(-r.difference, 9);
        expect(Math.abs(r.difference)).toBeLessThanOrEqual(200);
        if (r.pValue !== null) {
          expect(s.pValue).toBeCloseTo(r.pValue, 12);
          expect(r.pValue).toBeGreaterThanOrEqual(0);
          expect(r.pValue).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
