import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ExactSum, KpiDecimal, sumExact, toDecimal } from '../../src/core/decimal.js';
import { thrown } from '../helpers.js';

describe('KpiDecimal', () => {
  it('is an isolated clone with 60 digits, half-even rounding and plain notation', () => {
    expect(KpiDecimal).not.toBe(Decimal);
    expect(KpiDecimal.precision).toBe(60);
    expect(KpiDecimal.rounding).toBe(Decimal.ROUND_HALF_EVEN);
    expect(KpiDecimal.toExpNeg).toBe(-30);
    expect(KpiDecimal.toExpPos).toBe(60);
    // The global constructor keeps decimal.js's defaults: importing kpi-kit changed nothing.
    expect(Decimal.precision).toBe(20);
    expect(Decimal.rounding).toBe(Decimal.ROUND_HALF_UP);
  });

  it('rounds half to even at the 60th digit', () => {
    // 1 + 5e-60 has 61 significant digits: the tie goes to the even last digit (…0), 1 + 15e-60 to …2.
    expect(new KpiDecimal(1).plus('5e-60').toString()).toBe('1');
    expect(new KpiDecimal(1).plus('15e-60').toString()).toBe(`1.${'0'.repeat(58)}2`);
  });

  it('keeps the cents of 1e18 + 0.01 where decimal.js at its default 20 digits drops them', () => {
    // 1,000,000,000,000,000,000.01 has 21 significant digits: one more than the default precision.
    expect(new Decimal(1e18).plus(0.01).toString()).toBe('1000000000000000000');
    expect(new KpiDecimal('1e18').plus('0.01').toString()).toBe('1000000000000000000.01');
    expect(sumExact(['1000000000000000000', 0.01]).toString()).toBe('1000000000000000000.01');
  });

  it('computes the METRICS.md §7 net cash figures exactly: 120,000.10 − 30,000.05 − 10,000.02 = 80,000.03', () => {
    // By hand in cents: 12,000,010 − 3,000,005 − 1,000,002 = 8,000,003 cents.
    const net = toDecimal(120000.1, ['ocf'])
      .minus(toDecimal('30000.05', ['investments']))
      .minus(toDecimal(10000.02, ['wc']));
    expect(net).toBeInstanceOf(KpiDecimal);
    expect(net.toFixed(2)).toBe('80000.03');
    expect(net.equals('80000.03')).toBe(true);
    expect(sumExact([120000.1, -30000.05, '-10000.02']).toFixed(2)).toBe('80000.03');
  });

  it('serialises to its string in JSON', () => {
    expect(JSON.stringify({ total: new KpiDecimal('80000.03') })).toBe('{"total":"80000.03"}');
    expect(JSON.stringify({ total: sumExact([0.1, 0.2]) })).toBe('{"total":"0.3"}');
    expect(JSON.stringify(new KpiDecimal('0.0000001'))).toBe('"0.0000001"');
  });
});

describe('toDecimal', () => {
  it('takes a number as the decimal it prints: 0.1 is exactly 0.1', () => {
    expect(toDecimal(0.1, []).toString()).toBe('0.1');
    expect(new Decimal(0.1).equals('0.1')).toBe(true);
    expect(toDecimal(0.1, []).plus(toDecimal(0.2, [])).toString()).toBe('0.3');
    expect(toDecimal(-1234.5, []).toString()).toBe('-1234.5');
    expect(toDecimal(1.5e-7, []).toString()).toBe('0.00000015');
    expect(toDecimal(Number.MAX_SAFE_INTEGER, []).toString()).toBe('9007199254740991');
    // Fifteen significant digits is the most a number may carry (besides safe integers).
    expect(toDecimal(0.123456789012345, []).toString()).toBe('0.123456789012345');
  });

  it('parses plain decimal strings with all their digits', () => {
    expect(toDecimal('1234.56', []).toString()).toBe('1234.56');
    expect(toDecimal(' -1.5e3 ', []).toString()).toBe('-1500');
    expect(toDecimal('+.5', []).toString()).toBe('0.5');
    expect(toDecimal('5.', []).toString()).toBe('5');
    expect(toDecimal('1E-2', []).toString()).toBe('0.01');
    expect(toDecimal('\t12.50\n', []).toString()).toBe('12.5');
    const long = '123456789012345678901234567890.123456789012345678901234567891';
    expect(toDecimal(long, []).toFixed()).toBe(long);
  });

  it('takes Decimal instances of any clone with all their digits, as KpiDecimal', () => {
    const digits = '123456789012345678901234567890.12';
    const fromGlobal = toDecimal(new Decimal(digits), []);
    expect(fromGlobal).toBeInstanceOf(KpiDecimal);
    expect(fromGlobal.toFixed()).toBe(digits);
    const Other = Decimal.clone({ precision: 5 });
    expect(toDecimal(new Other('0.000123456'), []).toString()).toBe('0.000123456');
  });

  it('normalises negative zero to 0', () => {
    expect(JSON.stringify(toDecimal(-0, []))).toBe('"0"');
    expect(JSON.stringify(toDecimal('-0.00', []))).toBe('"0"');
    expect(JSON.stringify(toDecimal(new Decimal('-0'), []))).toBe('"0"');
    expect(JSON.stringify(toDecimal('0e999999999', []))).toBe('"0"');
  });

  it('rejects numbers that are not exactly the decimal they print, saying what to do', () => {
    const e = thrown(() => toDecimal(0.1 + 0.2, ['total'], 'netCash'));
    expect(e.code).toBe('out_of_range');
    expect(e.fn).toBe('netCash');
    expect(e.path).toEqual(['total']);
    expect(e.input).toBe(0.30000000000000004);
    expect(e.message).toBe(
      'netCash: total cannot be represented exactly: the number 0.30000000000000004 has more than 15 significant ' +
        'digits (a binary floating-point value, often the residue of float arithmetic), so it is not a decimal ' +
        'amount; pass the amount as a string or a Decimal instead',
    );
    // 16 significant digits, not an integer.
    expect(thrown(() => toDecimal(1234567890.123456, [])).code).toBe('out_of_range');
  });

  it('rejects integers beyond 2^53 − 1, saying what to do', () => {
    for (const n of [2 ** 53, -(2 ** 53), 1e18, 1e21, -Number.MAX_VALUE]) {
      const e = thrown(() => toDecimal(n, ['amount']));
      expect(e.code).toBe('out_of_range');
      expect(e.message).toContain('cannot be represented exactly');
      expect(e.message).toContain('pass the amount as a string or a Decimal instead');
    }
  });

  it('rejects non-finite numbers and Decimals with not_finite', () => {
    for (const v of [NaN, Infinity, -Infinity, new Decimal(NaN), new Decimal(Infinity), new KpiDecimal(-Infinity)]) {
      const e = thrown(() => toDecimal(v, ['x']));
      expect(e.code).toBe('not_finite');
      expect(e.path).toEqual(['x']);
    }
  });

  it('rejects strings outside the plain decimal grammar with invalid_value', () => {
    const bad = [
      '',
      ' ',
      '.',
      '+',
      '-',
      'e5',
      '1e',
      '1e+',
      '1.2.3',
      '1,000',
      '1 000',
      '0x10',
      '0b1',
      'Infinity',
      '-Infinity',
      'NaN',
      '$12',
      '12€',
      '١٢',
      '1_000',
      '--1',
      '+-1',
      '1e1.5',
    ];
    for (const s of bad) {
      const e = thrown(() => toDecimal(s, ['price']));
      expect(e.code, s).toBe('invalid_value');
      expect(e.input).toBe(s);
    }
    expect(thrown(() => toDecimal('1,000', ['price'], 'revenue')).message).toBe(
      'revenue: price must be a plain decimal string like "1234.56", "-0.5" or "1.5e3" (no thousands separators, ' +
        'currency signs, hex or Infinity), got "1,000"',
    );
  });

  it('rejects amounts beyond 1000 integer digits or decimal places with out_of_range', () => {
    expect(toDecimal('1e999', []).toFixed()).toBe(`1${'0'.repeat(999)}`);
    expect(toDecimal('1e-1000', []).equals(new KpiDecimal('1e-1000'))).toBe(true);
    for (const v of ['1e1000', '1e-1001', '1e99999999999999999999', `0.${'0'.repeat(1000)}1`, new Decimal('1e5000')]) {
      expect(thrown(() => toDecimal(v, [])).code).toBe('out_of_range');
    }
  });

  it('rejects a Decimal whose fields d, e or s were overwritten with invalid_value, never a TypeError', () => {
    const one = (): Decimal => new KpiDecimal(1);
    const corrupt: unknown[] = [
      Object.assign(one(), { d: 'x' }),
      Object.assign(one(), { d: 5 }),
      Object.assign(one(), { d: [] }),
      Object.assign(one(), { d: ['1'] }),
      Object.assign(one(), { d: [1.5] }),
      Object.assign(one(), { d: [1e7] }),
      Object.assign(one(), { d: [-1] }),
      Object.assign(one(), { d: [0, 1] }), // a leading zero word: decimal.js never makes one
      Object.assign(one(), { d: new Array(3) }), // holes
      Object.assign(one(), { e: 'x' }),
      Object.assign(one(), { e: 0.5 }),
      Object.assign(one(), { e: 1 }), // 1 has one digit: its leading digit's exponent is 0
      Object.assign(one(), { s: 'x' }),
      Object.assign(one(), { s: 0 }),
      Object.assign(one(), { s: NaN }),
      Object.assign(new Decimal('12.5'), { d: { length: 1, 0: 12 } }),
      { toStringTag: '[object Decimal]', d: 'x', e: 0, s: 1 }, // what Decimal.isDecimal takes for one
    ];
    for (const v of corrupt) {
      const e = thrown(() => toDecimal(v, ['price']));
      expect([e.code, e.path]).toEqual(['invalid_value', ['price']]);
      expect(e.message).toBe(
        'toDecimal: price must be a Decimal as decimal.js makes it (its fields d: an array of integer words from 0 to 9999999, ' +
          'e: an integer exponent, s: 1 or −1, not overwritten), got an object',
      );
      expect(thrown(() => sumExact([1, v] as never)).code).toBe('invalid_value');
    }
    // d: null is how decimal.js writes ±Infinity and NaN: not finite.
    expect(thrown(() => toDecimal(Object.assign(one(), { d: null }), [])).code).toBe('not_finite');
    // A huge (sparse) d is not read: beyond 286 words an amount has more than 1000 integer digits or decimal places.
    expect(thrown(() => toDecimal(Object.assign(one(), { d: new Array(1e8) }), [])).code).toBe('out_of_range');
    // Overwritten methods are not called: the value is read from d, e and s alone.
    const methodless = Object.assign(new KpiDecimal('-12.5'), { isFinite: 1, isZero: 1, isNeg: 1, decimalPlaces: 1, toFixed: 1 });
    expect(toDecimal(methodless, []).toString()).toBe('-12.5');
    expect(sumExact([1, methodless]).toString()).toBe('-11.5');
    // A valid shape built by hand: 1234567.89 is the words [1234567, 8900000] (aligned on exponents 6 … 0, −1 … −7) with e = 6, s = 1.
    expect(toDecimal({ toStringTag: '[object Decimal]', d: [1234567, 8900000], e: 6, s: 1 }, []).toString()).toBe('1234567.89');
  });

  it('the largest amounts take at most 286 words: 1000 integer digits and 1000 decimal places pass', () => {
    // Words cover exponents 7k … 7k + 6: from ⌊999 / 7⌋ = 142 down to ⌊−1000 / 7⌋ = −143, 286 words.
    const widest = `${'9'.repeat(1000)}.${'9'.repeat(1000)}`;
    const d = new KpiDecimal(widest);
    expect(d.d.length).toBe(286);
    expect(toDecimal(d, []).toFixed()).toBe(widest);
    expect(toDecimal(new KpiDecimal(`1${'0'.repeat(999)}.${'0'.repeat(999)}1`), []).decimalPlaces()).toBe(1000);
  });

  it('rejects every other type with invalid_type', () => {
    for (const v of [null, undefined, true, {}, [], [1], 10n, Symbol('x'), () => 1, new Date(0), new Number(1)]) {
      const e = thrown(() => toDecimal(v, ['a', 2]));
      expect(e.code).toBe('invalid_type');
      expect(e.path).toEqual(['a', 2]);
    }
  });
});

describe('sumExact', () => {
  it('adds 0.1 + 0.2 to exactly 0.3, where the float sum is 0.30000000000000004', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    const sum = sumExact([0.1, 0.2]);
    expect(sum).toBeInstanceOf(KpiDecimal);
    expect(sum.toString()).toBe('0.3');
  });

  it('gives 0 for no values', () => {
    expect(sumExact([]).toString()).toBe('0');
    expect(sumExact(new Set<number>()).toString()).toBe('0');
  });

  it('stays exact past 2^53 cents: 2000 × 9,999,999,999,999.99 = 19,999,999,999,999,980', () => {
    // By hand: (1e13 − 0.01) × 2000 = 2e16 − 20. The float loop is off by 16.
    const values = Array.from({ length: 2000 }, () => 9999999999999.99);
    let float = 0;
    for (const v of values) float += v;
    expect(float).toBe(19999999999999996);
    expect(sumExact(values).toString()).toBe('19999999999999980');
    expect(sumExact(values.map(String)).toString()).toBe('19999999999999980');
    expect(sumExact(values.map((v) => -v)).toString()).toBe('-19999999999999980');
  });

  it('takes typed arrays, with more than 2 decimals too: 0.125 + 2.5 + 0.001 = 2.626', () => {
    // By hand: 125 + 2500 + 1 = 2626 thousandths. (Float32Array.from([0.1])[0] is not 0.1: refused.)
    expect(sumExact(Float64Array.from([0.125, 2.5, 0.001])).toString()).toBe('2.626');
    const e = thrown(() => sumExact(Float64Array.from([1, NaN, 2, 0.1 + 0.2])));
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['not_finite', ['values', 1]],
      ['out_of_range', ['values', 3]],
    ]);
    expect(thrown(() => sumExact(Float32Array.from([0.1]))).code).toBe('out_of_range');
  });

  it('mixes scales, exponents and kinds: 0.125 + 1.5 + 1e-9 + 1e-12 + 2e-15 = 1.625000001001002', () => {
    expect(sumExact([0.125, '1.5', '0.000000001', 1e-12, '2e-15']).toString()).toBe('1.625000001001002');
    expect(sumExact(['2e-15', 1e-12, '0.000000001', '1.5', 0.125]).toString()).toBe('1.625000001001002');
    // 3 decimals on the fast path, then cents again: 123.456 + 0.004 + 1 = 124.46.
    expect(sumExact([123.456, 0.004, 1]).toString()).toBe('124.46');
  });

  it('adds digits beyond what numbers hold: 12345678901234567890.123456789 + 0.876543211 = 12345678901234567891', () => {
    expect(sumExact(['12345678901234567890.123456789', '0.876543211']).toString()).toBe('12345678901234567891');
    expect(sumExact([new Decimal('12345678901234567890.123456789'), 0.876543211]).toString()).toBe('12345678901234567891');
  });

  it('adds safe integers beyond the fast path exactly: 9007199254740991 + 1 + 1e13 = 9017199254740992', () => {
    expect(sumExact([Number.MAX_SAFE_INTEGER, 1, 1e13]).toString()).toBe('9017199254740992');
  });

  it('accepts strings with spaces, signs, exponents and trailing zeros: 1.5 + 1000 + 1.5 + 0.25 − 2 = 1001.25', () => {
    expect(sumExact([' 1.5 ', '1e3', '1.500', '+.25', '-2.']).toString()).toBe('1001.25');
  });

  it('reads exponents on every path: 7E8 + 1.5e1 + 12e-1 + 3e-11 + 1e20 = 100000000000700000016.20000000003', () => {
    expect(sumExact(['7E8', '1.5e1', '12e-1', '3e-11', '1e20']).toString()).toBe('100000000000700000016.20000000003');
  });

  it('accepts arrays, typed arrays, array-likes and iterables', () => {
    expect(sumExact(new Float64Array([0.1, 0.2, 0.3])).toString()).toBe('0.6');
    expect(sumExact({ length: 2, 0: '1.25', 1: 2 }).toString()).toBe('3.25');
    expect(sumExact(new Set([0.5, '0.25'])).toString()).toBe('0.75');
    function* amounts(): Generator<number | string> {
      yield 0.07;
      yield '0.07';
      yield 0.07;
    }
    // The float loop says 0.21000000000000002.
    expect(sumExact(amounts()).toString()).toBe('0.21');
  });

  it('does not mutate its input', () => {
    const values = [0.1, '0.2', new Decimal('0.3')];
    const copy = [...values];
    sumExact(values);
    expect(values).toEqual(copy);
  });

  it('reports every invalid value with its index, first one first', () => {
    const e = thrown(() => sumExact([1, 0.1 + 0.2, '2', 'abc', NaN, null, '3'] as unknown as number[]));
    expect(e.fn).toBe('sumExact');
    expect(e.code).toBe('out_of_range');
    expect(e.path).toEqual(['values', 1]);
    expect(e.issueCount).toBe(4);
    expect(e.issues.map((i) => [i.code, i.path])).toEqual([
      ['out_of_range', ['values', 1]],
      ['invalid_value', ['values', 3]],
      ['not_finite', ['values', 4]],
      ['invalid_type', ['values', 5]],
    ]);
    expect(e.message).toMatch(/^sumExact: values\[1\] cannot be represented exactly: .* \(and 3 more problems: see \.issues\)$/);
  });

  it('reports invalid values of a one-shot iterable too', () => {
    function* amounts(): Generator<unknown> {
      yield 1;
      yield 'x';
      yield 2;
      yield Infinity;
    }
    const e = thrown(() => sumExact(amounts() as Iterable<number>));
    expect(e.issues.map((i) => i.path)).toEqual([
      ['values', 1],
      ['values', 3],
    ]);
  });

  it('lists at most 100 issues and counts the rest', () => {
    const e = thrown(() => sumExact(Array.from({ length: 250 }, (_, i) => (i % 2 === 0 ? 'bad' : 1))));
    expect(e.issues).toHaveLength(100);
    expect(e.issueCount).toBe(125);
    expect(e.issues[99]?.path).toEqual(['values', 198]);
  });

  it('names the caller and the path it passes', () => {
    const e = thrown(() => sumExact([1, 'x'], { fn: 'revenue', path: ['lines'] }));
    expect(e.fn).toBe('revenue');
    expect(e.path).toEqual(['lines', 1]);
    expect(e.message).toMatch(/^revenue: lines\[1\] must be a plain decimal string/);
  });

  it('rejects a non-collection and bad options', () => {
    for (const v of ['123', 5, null, undefined, { a: 1 }, { length: -1 }, new DataView(new ArrayBuffer(1))]) {
      const e = thrown(() => sumExact(v as unknown as number[]));
      expect(e.code).toBe('invalid_type');
      expect(e.path).toEqual(['values']);
    }
    expect(thrown(() => sumExact([], { fn: 3 } as unknown as { fn: string })).path).toEqual(['options', 'fn']);
    expect(thrown(() => sumExact([], { path: 'lines' } as unknown as { path: string[] })).path).toEqual(['options', 'path']);
    expect(thrown(() => sumExact([], { scale: 2 } as unknown as { fn: string })).path).toEqual(['options', 'scale']);
  });
});

describe('ExactSum', () => {
  it('adds one at a time and counts', () => {
    const s = new ExactSum();
    expect(s.count).toBe(0);
    expect(s.toDecimal().toString()).toBe('0');
    s.add(0.1).add('0.2').add(new Decimal('0.3'));
    expect(s.count).toBe(3);
    expect(s.toDecimal().toString()).toBe('0.6');
    expect(s.toDecimal()).toBeInstanceOf(KpiDecimal);
  });

  it('rejects an invalid value in add, at the given index or at its position, and stays unchanged', () => {
    const s = new ExactSum({ fn: 'revenue', path: ['lines'] }).add(1).add(2);
    const e1 = thrown(() => s.add(NaN));
    expect(e1.path).toEqual(['lines', 2]);
    expect(e1.fn).toBe('revenue');
    const e2 = thrown(() => s.add('1,5', 17));
    expect(e2.path).toEqual(['lines', 17]);
    expect(e2.code).toBe('invalid_value');
    expect(s.count).toBe(2);
    expect(s.toDecimal().toString()).toBe('3');
  });

  it('leaves the sum unchanged when addAll throws', () => {
    const s = new ExactSum().addAll([0.5, 9999999999999.99, '0.001']);
    const before = JSON.stringify(s);
    // Values before the bad one would touch every accumulator: cents, a flush, 3..9 decimals, the BigInt.
    const bad = [...Array.from({ length: 10 }, () => 9999999999999.99), 0.0001, '1e-20', '1e30', 'oops'];
    thrown(() => s.addAll(bad));
    expect(JSON.stringify(s)).toBe(before);
    expect(s.count).toBe(3);
    expect(s.toDecimal().toString()).toBe('10000000000000.491');
  });

  it('merges: the sum of the parts, counts added, the other unchanged; merging itself doubles', () => {
    const a = new ExactSum().addAll([0.1, '0.2']);
    const b = new ExactSum().addAll(['0.0001', 1e-12]);
    expect(a.merge(b)).toBe(a);
    expect(a.toDecimal().toString()).toBe('0.300100000001');
    expect(a.count).toBe(4);
    expect(b.toDecimal().toString()).toBe('0.000100000001');
    expect(b.count).toBe(2);
    b.merge(b);
    expect(b.toDecimal().toString()).toBe('0.000200000002');
    expect(b.count).toBe(4);
    expect(thrown(() => a.merge({} as ExactSum)).code).toBe('invalid_type');
  });

  it('keeps working after toDecimal / toJSON', () => {
    const s = new ExactSum().add('0.001');
    expect(s.toDecimal().toString()).toBe('0.001');
    s.add(0.009).add(1);
    expect(s.toDecimal().toString()).toBe('1.01');
  });

  it('writes a canonical JSON state: units at the smallest scale ≥ 2', () => {
    expect(new ExactSum().toJSON()).toEqual({ scale: 2, units: '0', count: 0 });
    expect(new ExactSum().addAll([0.1, 0.2]).toJSON()).toEqual({ scale: 2, units: '30', count: 2 });
    // 0.125 + 0.875 = 1.000: scale 3 while adding, 2 in the state.
    expect(new ExactSum().addAll([0.125, '0.875']).toJSON()).toEqual({ scale: 2, units: '100', count: 2 });
    expect(new ExactSum().addAll(['-1e-7', '1e3']).toJSON()).toEqual({ scale: 7, units: '9999999999', count: 2 });
    expect(new ExactSum().add('1e20').toJSON()).toEqual({ scale: 2, units: '10000000000000000000000', count: 1 });
  });

  it('restores from JSON and keeps adding', () => {
    const restored = ExactSum.fromJSON(JSON.parse('{"scale":3,"units":"-1500","count":7}'));
    expect(restored.toDecimal().toString()).toBe('-1.5');
    expect(restored.count).toBe(7);
    restored.add('0.25');
    expect(restored.toDecimal().toString()).toBe('-1.25');
    expect(restored.count).toBe(8);
    // Scale 0 and a missing count are accepted.
    const plain = ExactSum.fromJSON({ scale: 0, units: '42' });
    expect(plain.toJSON()).toEqual({ scale: 2, units: '4200', count: 0 });
    // Options of the restored sum name its errors.
    const e = thrown(() => ExactSum.fromJSON({ scale: 2, units: '0' }, { fn: 'revenue', path: ['lines'] }).add('x'));
    expect(e.fn).toBe('revenue');
    expect(e.path).toEqual(['lines', 0]);
  });

  it('rejects malformed JSON states', () => {
    expect(thrown(() => ExactSum.fromJSON(null)).fn).toBe('ExactSum.fromJSON');
    expect(thrown(() => ExactSum.fromJSON('{}')).code).toBe('invalid_type');
    const e = thrown(() => ExactSum.fromJSON({ scale: 1.5, units: '1.5', count: -1 }));
    expect(e.issues.map((i) => i.path)).toEqual([['scale'], ['units'], ['count']]);
    for (const bad of [
      { scale: -1, units: '1' },
      { scale: 2001, units: '1' },
      { scale: '2', units: '1' },
      { scale: 2, units: 1 },
      { scale: 2, units: '' },
      { scale: 2, units: '1e3' },
      { scale: 2, units: ' 1' },
      { scale: 2, units: '9'.repeat(10001) },
      { scale: 2, units: '1', count: 1.5 },
    ]) {
      expect(thrown(() => ExactSum.fromJSON(bad)).code).toBe('invalid_value');
    }
  });

  it('rejects unknown or ill-typed options', () => {
    expect(thrown(() => new ExactSum({ name: 'x' } as unknown as { fn: string })).path).toEqual(['options', 'name']);
    expect(thrown(() => new ExactSum('x' as unknown as { fn: string })).path).toEqual(['options']);
    expect(thrown(() => new ExactSum({ path: [{}] } as unknown as { path: string[] })).path).toEqual(['options', 'path']);
  });

  it('does not depend on the global Decimal settings', () => {
    const saved = Decimal.precision;
    try {
      Decimal.set({ precision: 5 });
      expect(sumExact(['123456789.123456789', 0.000000001]).toString()).toBe('123456789.12345679');
      expect(toDecimal(new Decimal('123456789.123456789'), []).toString()).toBe('123456789.123456789');
    } finally {
      Decimal.set({ precision: saved });
    }
  });
});
