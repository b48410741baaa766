import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExactSum, KpiDecimal, sumExact, toDecimal } from '../../src/core/decimal.js';
import { KpiInputError, type KpiInputErrorCode } from '../../src/core/errors.js';

// ---------------------------------------------------------------------------------------------
// Reference: amounts as BigInt units × 10^-scale, summed and printed by hand (no code under test).

interface Amount {
  readonly units: bigint;
  readonly scale: number;
}

function refSum(amounts: readonly Amount[]): Amount {
  const scale = Math.max(2, ...amounts.map((a) => a.scale));
  let units = 0n;
  for (const a of amounts) units += a.units * 10n ** BigInt(scale - a.scale);
  return { units, scale };
}

/** The state ExactSum.toJSON must write: the smallest scale ≥ 2 that holds the value. */
function refJSON(a: Amount, count: number): { scale: number; units: string; count: number } {
  let { units, scale } = a;
  if (scale < 2) {
    units *= 10n ** BigInt(2 - scale);
    scale = 2;
  }
  while (scale > 2 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { scale, units: units.toString(), count };
}

/** Plain decimal text with every digit: units = -5, scale = 3 → "-0.005"; scale 0 → no point. */
function plain(a: Amount): string {
  const negative = a.units < 0n;
  const digits = (negative ? -a.units : a.units).toString().padStart(a.scale + 1, '0');
  const int = digits.slice(0, digits.length - a.scale);
  const frac = digits.slice(digits.length - a.scale);
  return `${negative ? '-' : ''}${int}${frac === '' ? '' : `.${frac}`}`;
}

/** Like plain, without trailing fractional zeros: what Decimal#toFixed() prints. */
function shortest(a: Amount): string {
  const text = plain(a);
  if (!text.includes('.')) return text === '-0' ? '0' : text;
  const trimmed = text.replace(/0+$/, '').replace(/\.$/, '');
  return trimmed === '-0' ? '0' : trimmed;
}

/** Parses what String(n) prints for a finite number into units and scale. */
function parseNumberText(text: string): Amount {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (m === null) throw new Error(`unexpected number text ${text}`);
  const [, sign, int, frac = '', exp = '0'] = m as unknown as [string, string, string, string?, string?];
  let units = BigInt(int + frac);
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: sign === '-' ? -units : units, scale };
}

/** Significant digits of what String(n) prints. */
function significantDigits(text: string): number {
  const mantissa = text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '');
  return mantissa.replace(/^0+/, '').replace(/0+$/, '').length;
}

// ---------------------------------------------------------------------------------------------
// Generators

/** An amount and one of its many input forms. */
interface Case extends Amount {
  readonly value: number | string | Decimal;
}

const OtherDecimal = Decimal.clone({ precision: 3, rounding: Decimal.ROUND_DOWN });

function represent(a: Amount, form: number): number | string | Decimal {
  const text = plain(a);
  const positive = a.units >= 0n;
  const absUnits = a.units < 0n ? -a.units : a.units;
  switch (form) {
    case 0:
      return text;
    case 1:
      return `${a.units}e-${a.scale}`;
    case 2:
      // Spaces, an explicit plus, trailing zeros: "  +12.5000 ".
      return `  ${positive ? '+' : ''}${text}${text.includes('.') ? '00' : '.00'} `;
    case 3:
      // A number, where it holds the amount exactly: at most 15 significant digits.
      return absUnits < 10n ** 15n ? Number(text) : text;
    case 4:
      return new Decimal(text);
    case 5:
      return new KpiDecimal(text);
    case 6:
      return new OtherDecimal(text);
    default:
      return `${a.units}E-${a.scale}`.replace('E-0', 'E+0');
  }
}

const unitsArb = fc.oneof(
  fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }),
  fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }),
  fc.bigInt({ min: 10n ** 15n - 1000n, max: 10n ** 15n - 1n }),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
);
const scaleArb = fc.oneof(fc.constant(2), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 40 }));
/** Weighted towards numbers and plain strings, the forms of the hot paths. */
const formArb = fc.oneof({ arbitrary: fc.constantFrom(0, 3), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 7 }), weight: 2 });

const caseArb: fc.Arbitrary<Case> = fc
  .tuple(unitsArb, scaleArb, formArb)
  .map(([units, scale, form]) => ({ units, scale, value: represent({ units, scale }, form) }));

/** An invalid value and the code it must be rejected with. */
interface Bad {
  readonly value: unknown;
  readonly code: KpiInputErrorCode;
}

const GRAMMAR = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

const badArb: fc.Arbitrary<Bad> = fc.oneof(
  fc
    .constantFrom(NaN, Infinity, -Infinity, new Decimal(NaN), new Decimal(Infinity), new KpiDecimal(-Infinity))
    .map((value) => ({ value, code: 'not_finite' as const })),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((d) => !Number.isInteger(d) && significantDigits(String(d)) > 15)
    .map((value) => ({ value, code: 'out_of_range' as const })),
  fc
    .tuple(fc.double({ min: 2 ** 53, max: Number.MAX_VALUE, noNaN: true }), fc.boolean())
    .map(([d, negative]) => ({ value: negative ? -d : d, code: 'out_of_range' as const })),
  fc
    .string()
    .filter((s) => !GRAMMAR.test(s.trim()))
    .map((value) => ({ value, code: 'invalid_value' as const })),
  fc.constantFrom('1,000.00', '0x1A', 'Infinity', '$5', '1e', '١٢٣').map((value) => ({ value, code: 'invalid_value' as const })),
  fc.constantFrom('1e1000', '-1e-1001', new Decimal('1e2000')).map((value) => ({ value, code: 'out_of_range' as const })),
  fc
    .oneof(fc.constantFrom(null, undefined, true, false, 10n, Symbol.for('x')), fc.object(), fc.array(fc.integer(), { maxLength: 2 }))
    .map((value) => ({ value, code: 'invalid_type' as const })),
);

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  return undefined;
}

const runs = { numRuns: 300 };

// ---------------------------------------------------------------------------------------------

describe('ExactSum and sumExact: exact for any amounts, order and split', () => {
  it('sumExact equals the BigInt reference sum', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 80 }), (cases) => {
        const expected = refSum(cases);
        expect(sumExact(cases.map((c) => c.value)).toFixed()).toBe(shortest(expected));
      }),
      runs,
    );
  });

  it('any order and any split into merged parts (added one by one or all at once, some through JSON) gives the same sum', () => {
    const arb = fc
      .array(caseArb, { maxLength: 60 })
      .chain((cases) =>
        fc.tuple(
          fc.constant(cases),
          fc.shuffledSubarray(cases, { minLength: cases.length, maxLength: cases.length }),
          fc.array(fc.integer({ min: 0, max: cases.length }), { maxLength: 6 }),
          fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 7, maxLength: 7 }),
        ),
      );
    fc.assert(
      fc.property(arb, ([cases, shuffled, cuts, modes]) => {
        const bounds = [0, ...[...cuts].sort((a, b) => a - b), shuffled.length];
        const sums = bounds.slice(1).map((end, i) => {
          const part = shuffled.slice(bounds[i], end).map((c) => c.value);
          const mode = modes[i] ?? 0;
          let sum = new ExactSum();
          if (mode === 0) sum.addAll(part);
          else part.forEach((v, j) => sum.add(v, j));
          if (mode >= 2) sum = ExactSum.fromJSON(JSON.parse(JSON.stringify(sum)));
          if (mode === 3) sum = new ExactSum().merge(sum);
          return sum;
        });
        // Merge in reverse order into the last part.
        const total = sums.reduceRight((acc, s) => acc.merge(s));
        const expected = refSum(cases);
        expect(total.toDecimal().toFixed()).toBe(shortest(expected));
        expect(total.toJSON()).toEqual(refJSON(expected, cases.length));
        expect(total.count).toBe(cases.length);
      }),
      runs,
    );
  });

  it('a single amount in any form is exactly its value, for toDecimal as for the sum', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        expect(toDecimal(c.value, []).toFixed()).toBe(shortest(c));
        expect(sumExact([c.value]).toFixed()).toBe(shortest(c));
      }),
      runs,
    );
  });

  it('large cent amounts (forcing flushes into the BigInt) sum exactly', () => {
    // Same-sign runs drive the running total through 2^53 (9.007e15 cents) within ten values.
    const big = fc.bigInt({ min: 10n ** 14n, max: 10n ** 15n - 1n });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(big, fc.boolean()), { minLength: 1, maxLength: 300 }),
        fc.constantFrom('positive', 'negative', 'mixed'),
        fc.boolean(),
        (draws, signs, asStrings) => {
          const amounts = draws.map(([u, negative]) => ({
            units: signs === 'negative' || (signs === 'mixed' && negative) ? -u : u,
            scale: 2,
          }));
          const values = amounts.map((a) => (asStrings ? plain(a) : Number(plain(a))));
          const want = shortest(refSum(amounts));
          expect(sumExact(values).toFixed()).toBe(want);
          // The same through add() one by one, and (numbers) through a typed array.
          const one = new ExactSum();
          for (const v of values) one.add(v);
          expect(one.toDecimal().toFixed()).toBe(want);
          if (!asStrings) expect(sumExact(Float64Array.from(values as number[])).toFixed()).toBe(want);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('numbers are taken as the decimal they print', () => {
  /** What the rules say about one double, derived from String(d) by the reference parser. */
  function expectRule(d: number): void {
    const error = catchError(() => sumExact([d]));
    const direct = catchError(() => toDecimal(d, ['x']));
    if (!Number.isFinite(d)) {
      expect((error as KpiInputError).code).toBe('not_finite');
      expect((direct as KpiInputError).code).toBe('not_finite');
      return;
    }
    const text = String(d);
    const exact = Number.isInteger(d) ? Math.abs(d) <= Number.MAX_SAFE_INTEGER : significantDigits(text) <= 15;
    if (!exact) {
      expect(error).toBeInstanceOf(KpiInputError);
      expect((error as KpiInputError).code).toBe('out_of_range');
      expect((error as KpiInputError).path).toEqual(['values', 0]);
      expect((direct as KpiInputError).code).toBe('out_of_range');
      return;
    }
    expect(error).toBeUndefined();
    const expected = shortest(parseNumberText(text));
    expect(sumExact([d]).toFixed()).toBe(expected);
    expect(toDecimal(d, []).toFixed()).toBe(expected);
  }

  it('for any double', () => {
    fc.assert(fc.property(fc.double(), expectRule), { numRuns: 2000 });
  });

  it('for doubles near the limits of the fast path (m / 10^k with m up to 2^53, k up to 12)', () => {
    const arb = fc.tuple(
      fc.oneof(
        fc.integer({ min: -(2 ** 53), max: 2 ** 53 }),
        fc.integer({ min: 1e15 - 1e6, max: 1e15 + 1e6 }),
        fc.integer({ min: -1e15 - 1e6, max: -1e15 + 1e6 }),
        fc.integer({ min: 2 ** 51 - 1e6, max: 2 ** 51 + 1e6 }),
      ),
      fc.integer({ min: 0, max: 12 }),
    );
    fc.assert(
      fc.property(arb, ([m, k]) => expectRule(m / 10 ** k)),
      { numRuns: 2000 },
    );
  });

  it('for decimals of at most 15 digits, parsed from text: always accepted, always exact', () => {
    const arb = fc.tuple(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 20 }));
    fc.assert(
      fc.property(arb, ([units, scale]) => {
        const a = { units, scale };
        expect(sumExact([Number(plain(a))]).toFixed()).toBe(shortest(a));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('strings follow the plain decimal grammar', () => {
  it('any string is accepted exactly when it matches the grammar after trimming (within the size limit)', () => {
    const arb = fc.oneof(fc.string(), fc.stringMatching(/^\s?[+-]?(\d{1,20}(\.\d{0,20})?|\.\d{1,20})([eE][+-]?\d{1,3})?\s?$/));
    fc.assert(
      fc.property(arb, (s) => {
        const error = catchError(() => toDecimal(s, ['s']));
        const sumError = catchError(() => sumExact([s]));
        if (!GRAMMAR.test(s.trim())) {
          expect((error as KpiInputError).code).toBe('invalid_value');
          expect((sumError as KpiInputError).code).toBe('invalid_value');
          return;
        }
        // decimal.js (with its default exponent limits) reads the same grammar: the reference value.
        const reference = new Decimal(s.trim());
        const exponent = reference.isZero() ? 0 : reference.e;
        if (exponent >= 1000 || reference.decimalPlaces() > 1000) {
          expect((error as KpiInputError).code).toBe('out_of_range');
          expect((sumError as KpiInputError).code).toBe('out_of_range');
          return;
        }
        expect(toDecimal(s, []).equals(reference)).toBe(true);
        expect(sumExact([s]).equals(reference)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('invalid values', () => {
  it('always throw KpiInputError with the index of each in the path, and leave the sum unchanged', () => {
    const arb = fc.tuple(fc.array(caseArb, { maxLength: 30 }), fc.array(fc.tuple(fc.nat(), badArb), { minLength: 1, maxLength: 5 })).map(([cases, bads]) => {
      const values: unknown[] = cases.map((c) => c.value);
      const badAt = new Map<number, Bad>();
      for (const [position, bad] of bads) {
        const at = position % (values.length + 1);
        values.splice(at, 0, bad.value);
        // Shift the indices of bad values at or after the insertion point.
        const shifted = new Map<number, Bad>();
        for (const [i, b] of badAt) shifted.set(i >= at ? i + 1 : i, b);
        shifted.set(at, bad);
        badAt.clear();
        for (const [i, b] of shifted) badAt.set(i, b);
      }
      return { values, badAt, cases };
    });
    fc.assert(
      fc.property(arb, fc.array(caseArb, { maxLength: 5 }), ({ values, badAt }, prior) => {
        const indices = [...badAt.keys()].sort((a, b) => a - b);
        const first = indices[0] as number;
        const sum = new ExactSum({ fn: 'revenue', path: ['lines'] }).addAll(prior.map((c) => c.value));
        const before = JSON.stringify(sum);
        const error = catchError(() => sum.addAll(values as number[]));
        expect(error).toBeInstanceOf(KpiInputError);
        const e = error as KpiInputError;
        expect(e.fn).toBe('revenue');
        expect(e.path).toEqual(['lines', first]);
        expect(e.code).toBe(badAt.get(first)?.code);
        expect(e.issueCount).toBe(indices.length);
        expect(e.issues.map((i) => i.path)).toEqual(indices.map((i) => ['lines', i]));
        expect(e.issues.map((i) => i.code)).toEqual(indices.map((i) => badAt.get(i)?.code));
        expect(e.message.startsWith(`revenue: lines[${first}] `)).toBe(true);
        expect(JSON.stringify(sum)).toBe(before);
        expect(sum.toDecimal().isNaN()).toBe(false);
        // One at a time: the same first problem, at its index.
        const one = new ExactSum({ path: ['lines'] });
        const errorOne = catchError(() => values.forEach((v, i) => one.add(v as number, i)));
        expect((errorOne as KpiInputError).path).toEqual(['lines', first]);
        expect(one.count).toBe(first);
      }),
      runs,
    );
  });

  it('anything at all: toDecimal and a one-value sum agree, and never give NaN or Infinity', () => {
    const arb = fc.oneof(
      fc.anything({ withBigInt: true, withBoxedValues: true, withNullPrototype: true, withTypedArray: true }),
      caseArb.map((c) => c.value),
      badArb.map((b) => b.value),
      fc.double(),
      fc.string(),
    );
    fc.assert(
      fc.property(arb, (value) => {
        let direct: KpiDecimal | undefined;
        let sum: KpiDecimal | undefined;
        const e1 = catchError(() => (direct = toDecimal(value, ['v'])));
        const e2 = catchError(() => (sum = sumExact([value as number])));
        if (e1 === undefined) {
          expect(e2).toBeUndefined();
          expect(direct?.isFinite()).toBe(true);
          expect(sum?.equals(direct as KpiDecimal)).toBe(true);
        } else {
          expect(e1).toBeInstanceOf(KpiInputError);
          expect(e2).toBeInstanceOf(KpiInputError);
          expect((e2 as KpiInputError).code).toBe((e1 as KpiInputError).code);
          expect((e1 as KpiInputError).path).toEqual(['v']);
          expect((e2 as KpiInputError).path).toEqual(['values', 0]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('JSON state', () => {
  it('round-trips through JSON text, and the restored sum keeps adding like the original', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { maxLength: 40 }), fc.array(caseArb, { maxLength: 10 }), (cases, more) => {
        const original = new ExactSum().addAll(cases.map((c) => c.value));
        const text = JSON.stringify(original);
        const restored = ExactSum.fromJSON(JSON.parse(text));
        expect(JSON.stringify(restored)).toBe(text);
        expect(restored.count).toBe(cases.length);
        expect(restored.toDecimal().equals(original.toDecimal())).toBe(true);
        original.addAll(more.map((c) => c.value));
        restored.addAll(more.map((c) => c.value));
        expect(restored.toJSON()).toEqual(original.toJSON());
        expect(restored.toJSON()).toEqual(refJSON(refSum([...cases, ...more]), cases.length + more.length));
      }),
      runs,
    );
  });
});

describe('Decimal instances: every one decimal.js makes is taken; overwritten fields are a KpiInputError', () => {
  /** Decimals as decimal.js makes them: parsed, and results of arithmetic, of three clones. */
  const genuineArb = fc
    .tuple(
      fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
      fc.integer({ min: 0, max: 60 }),
      fc.bigInt({ min: 1n, max: 10n ** 12n }),
      fc.constantFrom(Decimal, KpiDecimal, OtherDecimal),
    )
    .map(([units, scale, divisor, D]) => new D(units.toString()).div(10 ** scale).plus(new D(divisor.toString()).div(7)));

  it('the field checks accept every genuine Decimal, with its value unchanged', () => {
    fc.assert(
      fc.property(genuineArb, (d) => {
        expect(toDecimal(d, []).toFixed()).toBe(d.toFixed());
      }),
      runs,
    );
  });

  it('a Decimal with d, e or s replaced by anything: its value, or a KpiInputError — never another error', () => {
    const field = fc.constantFrom('d', 'e', 's');
    const replacement = fc.oneof(
      fc.anything({ withBigInt: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true }),
      fc.array(fc.oneof(fc.integer({ min: -1, max: 1e7 }), fc.double()), { maxLength: 4 }),
      fc.integer({ min: -50, max: 50 }),
      fc.constantFrom(1, -1, NaN, null),
    );
    fc.assert(
      fc.property(genuineArb, field, replacement, (d, key, value) => {
        const forged = Object.assign(new KpiDecimal(d), { [key]: value });
        try {
          const r = toDecimal(forged, ['x']);
          // Accepted only with a shape decimal.js keeps: the value is what its fields say.
          expect(r.isFinite()).toBe(true);
          expect(new KpiDecimal(r.toFixed()).equals(r)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(KpiInputError);
        }
      }),
      runs,
    );
  });
});
