/**
 * shiftPlan properties on random small instances: the optimal cost equals a brute-force search
 * over every integer vector up to a bound; coverage ≥ requirement when every interval can be
 * covered; cost = Σ agents × cost exactly; more requirement never lowers the cost; a daily shift
 * is the same as its days listed one by one.
 */
import fc from 'fast-check';
import highs from 'highs';
import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { type ShiftType, shiftPlan } from '../../src/contact-center/shifts.js';

const solver = await highs();
const HOUR = 3_600_000;

interface Instance {
  readonly required: number[];
  readonly shifts: ShiftType[];
  readonly cyclic: boolean;
}

/** A small instance: 1–6 intervals, 1–4 shifts (each maybe with one break), costs in cents, requirements 0–3 (some fractional). */
const instance: fc.Arbitrary<Instance> = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc
    .record({
      required: fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 3, noNaN: true })), { minLength: n, maxLength: n }),
      shifts: fc.array(
        fc
          .record({
            start: fc.integer({ min: 0, max: n - 1 }),
            length: fc.integer({ min: 1, max: n }),
            cents: fc.integer({ min: 0, max: 2000 }),
            pause: fc.option(fc.record({ offset: fc.nat(), length: fc.integer({ min: 1, max: 2 }) }), { nil: undefined }),
          })
          .map(({ start, length, cents, pause }) => {
            const shift: ShiftType = { id: '', start, length, cost: (cents / 100).toFixed(2) };
            // A break inside the shift, when it fits.
            if (pause !== undefined && pause.length < length) {
              const offset = pause.offset % (length - pause.length + 1);
              return { ...shift, breaks: [{ offset, length: pause.length }] };
            }
            return shift;
          }),
        { minLength: 1, maxLength: 4 },
      ),
      cyclic: fc.boolean(),
    })
    .map(({ required, shifts, cyclic }) => ({ required, shifts: shifts.map((s, j) => ({ ...s, id: `s${j}` })), cyclic })),
);

/** The intervals shift s works, computed here from its definition (independently of the library). */
function worked(s: ShiftType, n: number, cyclic: boolean): number[] {
  const out: number[] = [];
  for (let t = 0; t < (s.length as number); t++) {
    if ((s.breaks ?? []).some((b) => t >= (b.offset as number) && t < (b.offset as number) + (b.length as number))) continue;
    const i = (s.start as number) + t;
    if (i < n) out.push(i);
    else if (cyclic) out.push(i - n);
  }
  return out;
}

/**
 * The least cost by brute force, in cents: every x ∈ {0..B}^m with B = max ⌈rᵢ⌉. The bound loses
 * nothing: lowering an xⱼ above B to B keeps every interval it works at coverage ≥ B ≥ ⌈rᵢ⌉ and
 * does not raise the cost (costs ≥ 0). Intervals no shift works are left out, as the library does.
 */
function bruteForce({ required, shifts, cyclic }: Instance): number {
  const n = required.length;
  const cover = shifts.map((s) => worked(s, n, cyclic));
  const coverable = required.map((_, i) => cover.some((c) => c.includes(i)));
  const need = required.map((r, i) => (coverable[i] ? Math.ceil(r) : 0));
  const bound = Math.max(0, ...need);
  const cents = shifts.map((s) => Math.round(Number(s.cost) * 100));
  const x = shifts.map(() => 0);
  let best = Infinity;
  for (;;) {
    const coverage = need.map(() => 0);
    x.forEach((k, j) => (cover[j] as number[]).forEach((i) => (coverage[i] = (coverage[i] as number) + k)));
    if (need.every((r, i) => (coverage[i] as number) >= r))
      best = Math.min(
        best,
        x.reduce((sum, k, j) => sum + k * (cents[j] as number), 0),
      );
    let j = 0;
    while (j < x.length && x[j] === bound) x[j++] = 0;
    if (j === x.length) break;
    x[j] = (x[j] as number) + 1;
  }
  return best;
}

const plan = (i: Instance) => shiftPlan({ required: i.required, intervalMs: HOUR, shifts: i.shifts }, { solver, cyclic: i.cyclic });

describe('shiftPlan properties', () => {
  it('finds the cost of a brute-force search over every integer vector up to the bound', () => {
    fc.assert(
      fc.property(instance, (i) => {
        const r = plan(i);
        expect(r.status).toBe('optimal');
        expect(r.value?.times(100).toNumber()).toBe(bruteForce(i));
      }),
      { numRuns: 300 },
    );
  });

  it('covers every requirement when every interval can be covered, and counts over- and under-staffing from the coverage', () => {
    fc.assert(
      fc.property(instance, (i) => {
        const r = plan(i);
        const n = i.required.length;
        const coverage = i.required.map(() => 0);
        i.shifts.forEach((s, j) => worked(s, n, i.cyclic).forEach((k) => (coverage[k] = (coverage[k] as number) + (r.shifts[j]?.agents as number))));
        expect(r.intervals.map((x) => x.coverage)).toEqual(coverage);
        r.intervals.forEach((x, k) => {
          expect(x.over - x.under).toBeCloseTo(x.coverage - (i.required[k] as number), 12);
          expect(Math.min(x.over, x.under)).toBe(0);
        });
        if (r.uncoverable.length === 0) {
          r.intervals.forEach((x, k) => expect(x.coverage).toBeGreaterThanOrEqual(i.required[k] as number));
          expect(r.understaffedAgentHours).toBe(0);
        } else r.uncoverable.forEach((k) => expect(r.intervals[k]?.coverage).toBe(0));
      }),
      { numRuns: 200 },
    );
  });

  it('costs Σ agents × cost exactly', () => {
    fc.assert(
      fc.property(instance, (i) => {
        const r = plan(i);
        const sum = i.shifts.reduce((s, x, j) => s.plus(new KpiDecimal(x.cost as string).times(r.shifts[j]?.agents as number)), new KpiDecimal(0));
        expect(r.value?.equals(sum)).toBe(true);
        expect(r.shifts.every((s) => s.totalCost.equals(s.cost.times(s.agents)))).toBe(true);
        expect(r.agentShifts).toBe(r.shifts.reduce((s, x) => s + x.agents, 0));
      }),
      { numRuns: 200 },
    );
  });

  it('never costs less when the requirement grows', () => {
    const more = instance.chain((i) =>
      fc.tuple(fc.constant(i), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: i.required.length, maxLength: i.required.length })),
    );
    fc.assert(
      fc.property(more, ([i, extra]) => {
        const bigger = { ...i, required: i.required.map((r, k) => r + (extra[k] as number)) };
        expect(plan(bigger).value?.gte(plan(i).value as KpiDecimal)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('plans a daily shift as its days listed one by one', () => {
    // Three days of four 6-hour intervals; shifts daily against their copies at start + 4·d.
    const week = fc.record({
      required: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 12, maxLength: 12 }),
      shifts: fc.array(fc.record({ start: fc.integer({ min: 0, max: 3 }), length: fc.integer({ min: 1, max: 4 }), cost: fc.integer({ min: 1, max: 9 }) }), {
        minLength: 1,
        maxLength: 3,
      }),
    });
    fc.assert(
      fc.property(week, ({ required, shifts }) => {
        const daily = shifts.map((s, j) => ({ ...s, id: `s${j}`, daily: true }));
        const listed = shifts.flatMap((s, j) => [0, 1, 2].map((d) => ({ ...s, id: `s${j}-${d}`, start: s.start + 4 * d })));
        const a = shiftPlan({ required, intervalMs: 6 * HOUR, shifts: daily }, { solver });
        const b = shiftPlan({ required, intervalMs: 6 * HOUR, shifts: listed }, { solver });
        expect(a.value?.toString()).toBe(b.value?.toString());
        expect(a.shifts.map((s) => [s.start, s.day])).toEqual(listed.map((s, k) => [s.start, k % 3]));
      }),
      { numRuns: 100 },
    );
  });
});
