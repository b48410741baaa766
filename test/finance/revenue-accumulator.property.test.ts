import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { KpiInputError } from '../../src/core/errors.js';
import type { Accumulator } from '../../src/core/accumulator.js';
import { type RevenueAccumulatorOptions, type RevenueResult, revenue, revenueAccumulator } from '../../src/finance/revenue.js';
import { RevenueLineSchema } from '../../src/finance/schemas.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** Values of every kind for each field: mostly valid, with near misses. */
const validAmount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1e9, max: 1e11 }).map((c) => c / 100) },
  { weight: 2, arbitrary: fc.integer({ min: -1e6, max: 1e8 }).map((c) => (c / 100).toFixed(2)) },
  { weight: 1, arbitrary: fc.constantFrom('0.005', '1e18', ' 2.5 ', '-7', 1.125, 2 ** 53 - 1) },
  { weight: 1, arbitrary: fc.constantFrom(new KpiDecimal('0.1'), new KpiDecimal('-1e-30')) },
);
const badAmount = fc.constantFrom(0.1 + 0.2, 'x', '1,00', NaN, Infinity, 2 ** 60, undefined, null, {}, true, '');
const stream = fc.constantFrom('a', 'b', 'c', undefined, undefined, null);
const badStream = fc.constantFrom(4, {}, true);
const date = fc.oneof(
  fc.integer({ min: 0, max: 400 }).map((d) => T0 + d * DAY),
  fc.integer({ min: 0, max: 400 }).map((d) => new Date(T0 + d * DAY).toISOString().slice(0, 10)),
  fc.integer({ min: 0, max: 400 }).map((d) => new Date(T0 + d * DAY)),
  fc.constantFrom(undefined, null),
);
const badDate = fc.constantFrom('2024-02-30', 'soon', new Date(NaN), 1e16, NaN, {});
const currency = fc.constantFrom(undefined, undefined, undefined, null, 'EUR');
const otherCurrency = fc.constantFrom('USD', 'JPY');
const badCurrency = fc.constantFrom('eur', 'EURO', 3);

/** A line object with one field possibly off (by `kind`), or a value that is not a line at all. */
function lineArb(badRate: number): fc.Arbitrary<unknown> {
  const good = fc.record({ amount: validAmount, stream, date, currency }, { requiredKeys: ['amount'] });
  const bad = fc.oneof(
    fc.record({ amount: badAmount, stream, date, currency }),
    fc.record({ amount: validAmount, stream: badStream, date, currency }),
    fc.record({ amount: validAmount, stream, date: badDate, currency }),
    fc.record({ amount: fc.oneof(validAmount, badAmount), stream, date, currency: fc.oneof(otherCurrency, badCurrency) }),
    fc.constantFrom(3, 'line', null, undefined, [1], () => 1),
  );
  return fc.oneof({ weight: Math.round(100 * (1 - badRate)), arbitrary: good }, { weight: Math.round(100 * badRate), arbitrary: bad });
}

const optionsArb: fc.Arbitrary<RevenueAccumulatorOptions> = fc.oneof(
  fc.constant({}),
  fc.constant({ period: 'month' as const }),
  fc.constant({ period: 'week' as const, timeZone: 'Europe/Berlin', fill: false }),
  fc.constant({ period: 'quarter' as const, currency: 'EUR' }),
  fc.constant({ currency: 'EUR', round: { places: 1 } }),
);

type Outcome = { readonly ok: unknown } | { readonly count: number; readonly message: string; readonly issues: readonly unknown[] };

/** The result as plain JSON, or the error as its count, message and issues (input only when a JSON value). */
function outcome(f: () => unknown, withInputs: boolean): Outcome {
  try {
    return { ok: JSON.parse(JSON.stringify(f())) };
  } catch (error) {
    if (!(error instanceof KpiInputError)) throw error;
    const json = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
    return {
      count: error.issueCount,
      message: error.message,
      issues: error.issues.map((i) => ({ code: i.code, path: i.path, message: i.message, ...(withInputs || json(i.input) ? { input: i.input } : {}) })),
    };
  }
}

function onePass(lines: unknown[], options: RevenueAccumulatorOptions): () => unknown {
  const { currency, ...rest } = options;
  return () => revenue({ lines: lines as never, ...(currency === undefined ? {} : { currency }) }, rest);
}

/** Splits [0, n) at the cut points into contiguous shards. */
function shardsOf(n: number, cuts: number[]): [number, number][] {
  const points = [...new Set(cuts.map((c) => c % (n + 1)))].sort((a, b) => a - b);
  const out: [number, number][] = [];
  let start = 0;
  for (const p of [...points, n]) {
    out.push([start, p]);
    start = p;
  }
  return out;
}

/** Reduces `lines` in shards (each by addAll with its offset, or line by line in its own order), merged in `order`. */
function reduce(
  lines: unknown[],
  options: RevenueAccumulatorOptions,
  cuts: number[],
  order: number[],
  byLine: boolean[],
  viaJson: boolean,
): Accumulator<RevenueResult> {
  const accs = shardsOf(lines.length, cuts).map(([s, e], k) => {
    const acc = revenueAccumulator.create(options);
    if (byLine[k % byLine.length]) {
      for (let i = e - 1; i >= s; i--) acc.add(lines[i], i);
    } else {
      acc.addAll(lines.slice(s, e), s);
    }
    return viaJson ? revenueAccumulator.fromJSON(JSON.parse(JSON.stringify(acc))) : acc;
  });
  const ordered = accs.map((acc, k) => ({ acc, key: order[k % order.length] ?? 0, k })).sort((a, b) => a.key - b.key || a.k - b.k);
  return ordered.slice(1).reduce((into, { acc }) => into.merge(acc), (ordered[0] as { acc: Accumulator<RevenueResult> }).acc);
}

describe('revenueAccumulator properties', () => {
  it('merge ≡ one pass (directly and through toJSON/fromJSON), for any split and order, errors included', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb(0.08), { maxLength: 40 }),
        optionsArb,
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
        (lines, options, cuts, order, byLine) => {
          // The accumulators keep a problem's input only when it is a JSON value (core's invalid
          // list), merged directly or not; the one pass keeps them all.
          const expected = outcome(onePass(lines, options), false);
          expect(outcome(() => reduce(lines, options, cuts, order, byLine, false).result(), false)).toEqual(expected);
          expect(outcome(() => reduce(lines, options, cuts, order, byLine, true).result(), false)).toEqual(expected);
          const acc = reduce(lines, options, cuts, order, byLine, true);
          expect(acc.n).toBe(lines.length);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('lists the first 100 of many invalid lines by index and counts all, across shards', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb(0.6), { minLength: 150, maxLength: 320 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
        (lines, cuts, order) => {
          expect(outcome(() => reduce(lines, {}, cuts, order, [false], true).result(), false)).toEqual(outcome(onePass(lines, {}), false));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('valid lines: the total is the sum of the stream totals and of the period totals, never NaN, and order does not matter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ amount: validAmount, stream, date: date.filter((d) => d !== null && d !== undefined) }), { maxLength: 50 }),
        fc.integer(),
        (lines, seed) => {
          const acc = revenueAccumulator.create({ period: 'month' });
          const idx = lines.map((_, i) => i).sort((a, b) => (((a * 7919) ^ seed) % 97) - (((b * 7919) ^ seed) % 97));
          for (const i of idx) acc.add(lines[i], i);
          const r = acc.result();
          const sum = (xs: readonly { value: KpiDecimal }[]): string => xs.reduce((s, x) => s.plus(x.value), new KpiDecimal(0)).toFixed();
          expect(r.value.isFinite()).toBe(true);
          expect(sum(r.byStream)).toBe(r.value.toFixed());
          expect(sum(r.byPeriod ?? [])).toBe(r.value.toFixed());
          expect(r.lineCount).toBe(lines.length);
          expect(r.byStream.reduce((n, s) => n + s.lineCount, 0)).toBe(lines.length);
          expect(JSON.stringify(r)).toBe(JSON.stringify(revenue({ lines: lines as never }, { period: 'month' })));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('long runs of plain lines mixed with other lines (across chunks and loops) stay exact', () => {
    // Line i: k_i thousandths (an integer), given as a plain number when k_i is a multiple of 10
    // (cents), else as a string; every `every`-th line has a stream. Reference: Σ k_i by BigInt.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e9, max: 1e12 }), { minLength: 5000, maxLength: 9000 }),
        fc.integer({ min: 2, max: 5000 }),
        fc.nat({ max: 8999 }),
        (ks, every, cut) => {
          const lines = ks.map((k, i) => {
            const amount = k % 10 === 0 ? k / 1000 : `${k < 0 ? '-' : ''}${Math.floor(Math.abs(k) / 1000)}.${String(Math.abs(k) % 1000).padStart(3, '0')}`;
            return i % every === 0 ? { amount, stream: 's' } : { amount };
          });
          let units = 0n;
          for (const k of ks) units += BigInt(k);
          const negative = units < 0n;
          const digits = (negative ? -units : units).toString().padStart(4, '0');
          const expected = new KpiDecimal(`${negative ? '-' : ''}${digits.slice(0, -3)}.${digits.slice(-3)}`).toFixed();
          expect(revenue({ lines }).value.toFixed()).toBe(expected);
          const c = Math.min(cut, lines.length);
          const acc = revenueAccumulator
            .create()
            .addAll(lines.slice(0, c))
            .merge(revenueAccumulator.create().addAll(lines.slice(c), c));
          expect(acc.result().value.toFixed()).toBe(expected);
          expect(acc.result().lineCount).toBe(lines.length);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('fromJSON of a damaged state either restores or throws KpiInputError, never anything else', () => {
    const base = JSON.parse(
      JSON.stringify(
        revenueAccumulator
          .create({ period: 'month', currency: 'EUR' })
          .addAll([
            { amount: 1, stream: 'a', date: '2024-01-01', currency: 'EUR' },
            { amount: 'x', date: '2024-02-01', currency: 'USD' },
            { amount: 2, date: '2024-02-01' },
            { amount: 3 },
          ]),
      ),
    ) as Record<string, unknown>;
    const junk = fc.oneof(fc.anything(), fc.constantFrom(-1, 1.5, '1e999', 'NaN', '-0', '0.10', [], {}, null, [{}], [null]));
    const keys = ['seen', 'options', 'invalid', 'state'];
    const inner = fc.constantFrom(
      'period',
      'startMs',
      'stream',
      'value',
      'lines',
      'code',
      'first',
      'invalid',
      'firstInvalid',
      'count',
      'indices',
      'listed',
      'timeZone',
      'fill',
      'cells',
      'currencies',
    );
    fc.assert(
      fc.property(fc.constantFrom(...keys), junk, fc.nat({ max: 3 }), inner, junk, (key, value, at, field, fieldValue) => {
        const state = structuredClone(base);
        const target = state[key] as Record<string, unknown>;
        if (typeof target === 'object' && target !== null && at > 0) {
          // Inside: a field of the object, or of an element of one of its arrays.
          const list = Object.values(target).find((v): v is Record<string, unknown>[] => Array.isArray(v) && v.length > 0 && typeof v[0] === 'object');
          if (list !== undefined && at > 1) (list[at % list.length] as Record<string, unknown>)[field] = fieldValue;
          else target[field] = fieldValue;
        } else {
          state[key] = value;
        }
        try {
          const acc = revenueAccumulator.fromJSON(state);
          try {
            const r = acc.result();
            expect(r.value.isFinite()).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(KpiInputError);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(KpiInputError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('RevenueLineSchema and the checks of revenue agree', () => {
  it('on arbitrary lines and values (with a period, where dates are read)', () => {
    const accepts = (line: unknown): boolean => {
      try {
        revenue({ lines: [line as never] }, { period: 'month' });
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(KpiInputError);
        return false;
      }
    };
    const anyValue = fc.oneof(validAmount, badAmount, badStream, badDate, badCurrency, otherCurrency, stream, date);
    const loose = fc.dictionary(fc.constantFrom('amount', 'stream', 'date', 'currency', 'note'), anyValue, { maxKeys: 5 });
    fc.assert(
      fc.property(fc.oneof(lineArb(0.5), loose, anyValue), (line) => {
        expect(RevenueLineSchema.safeParse(line).success, String(JSON.stringify(line))).toBe(accepts(line));
      }),
      { numRuns: 3000 },
    );
  });
});
