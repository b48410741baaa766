import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { KpiInputError } from '../../src/core/errors.js';
import { cacPaybackMonths } from '../../src/finance/cac-payback-months.js';
import { costPerResolution } from '../../src/finance/cost-per-resolution.js';
import { customerAcquisitionCost } from '../../src/finance/customer-acquisition-cost.js';
import { freeCashFlow } from '../../src/finance/free-cash-flow.js';
import { lifetimeValue } from '../../src/finance/lifetime-value.js';
import { ltvToCac } from '../../src/finance/ltv-to-cac.js';
import { netCash } from '../../src/finance/net-cash.js';
import { revenue } from '../../src/finance/revenue.js';

// Reference: an amount is BigInt units × 10^-scale, printed by hand (no code under test).
interface Amount {
  readonly units: bigint;
  readonly scale: number;
}

function plain(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  let frac = scale === 0 ? '' : digits.slice(digits.length - scale).replace(/0+$/, '');
  if (frac !== '') frac = `.${frac}`;
  const out = `${negative ? '-' : ''}${int}${frac}`;
  return out === '-0' ? '0' : out;
}

function refSum(amounts: readonly Amount[]): string {
  const scale = Math.max(0, ...amounts.map((a) => a.scale));
  let units = 0n;
  for (const a of amounts) units += a.units * 10n ** BigInt(scale - a.scale);
  return plain(units, scale);
}

/** An amount and the forms it can be passed in: a number (when exact), a string, a Decimal. */
const amount = fc.record({ units: fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), scale: fc.integer({ min: 0, max: 6 }) }).chain((a) => {
  const text = plain(a.units, a.scale);
  const forms: fc.Arbitrary<number | string | KpiDecimal>[] = [fc.constant(text), fc.constant(new KpiDecimal(text))];
  const n = Number(text);
  // A number is an exact decimal input only with at most 15 significant digits (the library's rule).
  const significant = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;
  if (String(n) === text && significant <= 15 && (Number.isSafeInteger(n) || !Number.isInteger(n))) forms.push(fc.constant(n));
  return fc.oneof(...forms).map((value) => ({ a, value }));
});
/** Mostly cents, as revenue lines are: the fast path. */
const cents = fc.integer({ min: -1e9, max: 1e11 }).chain((c) => {
  const a = { units: BigInt(c), scale: 2 };
  const text = plain(a.units, 2);
  return fc.constantFrom<number | string>(c / 100, text, (c / 100).toFixed(2)).map((value) => ({ a, value }));
});
const line = fc.record({
  money: fc.oneof({ weight: 3, arbitrary: cents }, { weight: 1, arbitrary: amount }),
  stream: fc.constantFrom('a', 'b', 'c', undefined),
  day: fc.integer({ min: 0, max: 120 }),
});

describe('finance properties', () => {
  it('revenue totals equal a BigInt minor-unit reference, per stream and per period, for any order and split', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 60 }), fc.integer({ min: 0, max: 60 }), (ls, cut) => {
        const lines = ls.map((l) => ({
          amount: l.money.value,
          ...(l.stream === undefined ? {} : { stream: l.stream }),
          date: Date.UTC(2024, 0, 1) + l.day * 86_400_000,
        }));
        const r = revenue({ lines }, { period: 'month' });
        expect(r.value.toFixed()).toBe(refSum(ls.map((l) => l.money.a)));
        for (const s of r.byStream) {
          expect(s.value.toFixed()).toBe(refSum(ls.filter((l) => (l.stream ?? null) === s.stream).map((l) => l.money.a)));
        }
        let periods = new KpiDecimal(0);
        for (const p of r.byPeriod ?? []) periods = periods.plus(p.value);
        expect(periods.toFixed()).toBe(r.value.toFixed());
        // Order does not matter; the sum of two halves is the whole.
        const reversed = revenue({ lines: [...lines].reverse() }, { period: 'month' });
        expect(reversed.value.toFixed()).toBe(r.value.toFixed());
        const k = Math.min(cut, lines.length);
        const halves = revenue({ lines: lines.slice(0, k) }).value.plus(revenue({ lines: lines.slice(k) }).value);
        expect(halves.toFixed()).toBe(r.value.toFixed());
      }),
      { numRuns: 300 },
    );
  });

  it('0.1 + 0.2 is 0.3, in every metric that adds', () => {
    expect(revenue({ lines: [{ amount: 0.1 }, { amount: 0.2 }] }).value.toString()).toBe('0.3');
    expect(
      costPerResolution({
        costs: [
          { label: 'a', amount: 0.1 },
          { label: 'b', amount: 0.2 },
        ],
        ticketCount: 1,
      }).value?.toString(),
    ).toBe('0.3');
    expect(netCash({ operatingCashFlow: 0.6, investments: 0.1, workingCapitalIncrease: 0.2 }).value.toString()).toBe('0.3');
    expect(freeCashFlow({ operatingCashFlow: 0.5, capitalExpenditure: 0.2 }).value.toString()).toBe('0.3');
  });

  it('division by zero gives null with a reason, never Infinity or NaN', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }).map((c) => c / 100),
        (cost) => {
          const results = [
            costPerResolution({ operatingCost: cost, ticketCount: 0 }),
            costPerResolution({ operatingCost: cost, resolved: 0 }, { basis: 'resolved' }),
            customerAcquisitionCost({ salesAndMarketingCost: cost, newCustomers: 0 }),
            customerAcquisitionCost({ paidCost: cost, paidNewCustomers: 0 }, { method: 'paid' }),
            lifetimeValue({ averageRevenuePerAccount: cost, grossMargin: 1, churnRate: 0 }, { method: 'churn' }),
            lifetimeValue({ averageRevenuePerAccount: cost, grossMargin: 0.5, retentionRate: 1, discountRate: 0 }, { method: 'discounted' }),
            ltvToCac({ lifetimeValue: cost, customerAcquisitionCost: 0 }),
            cacPaybackMonths({ customerAcquisitionCost: cost, monthlyRevenue: 0 }),
          ];
          for (const r of results) {
            expect(r.value).toBeNull();
            expect(typeof r.reason).toBe('string');
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('a ratio times its denominator gives back the numerator (to 60 digits)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 1e6 }), (c, n) => {
        const cost = (c / 100).toFixed(2);
        const r = costPerResolution({ operatingCost: cost, ticketCount: n });
        const back = (r.value as KpiDecimal).times(n);
        expect(back.minus(cost).abs().lte('1e-40')).toBe(true);
        expect((r.value as KpiDecimal).isNegative()).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('bad amounts and counts always raise KpiInputError, never NaN', () => {
    const bad = fc.oneof(
      fc.constantFrom<unknown>(NaN, Infinity, -Infinity, 0.1 + 0.2, 2 ** 60, 'abc', '1,000.00', '$5', null, {}, [], true),
      // Floats that are no decimal amount: more than 15 significant digits and not a safe integer.
      fc
        .double({ noNaN: true })
        .filter(
          (x) =>
            !Number.isFinite(x) ||
            (!Number.isSafeInteger(x) && String(x).replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '').length > 15),
        ),
    );
    fc.assert(
      fc.property(bad, (v) => {
        for (const call of [
          () => revenue({ lines: [{ amount: v as number }] }),
          () => netCash({ operatingCashFlow: v as number, investments: 0, workingCapitalIncrease: 0 }),
          () => costPerResolution({ operatingCost: v as number, ticketCount: 1 }),
          () => customerAcquisitionCost({ salesAndMarketingCost: 1, newCustomers: v as number }),
        ]) {
          expect(call).toThrow(KpiInputError);
        }
      }),
      { numRuns: 1000 },
    );
    expect(() => costPerResolution({ operatingCost: 1, ticketCount: -1 })).toThrow(KpiInputError);
  });

  it('LTV methods agree: churn = discounted with d = 0 plus one period of margin', () => {
    // margin / c = margin × (1 − c) / c + margin (the undiscounted sum from period 0 vs from period 1).
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e7 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 1000 }), (a, m, c) => {
        const base = { averageRevenuePerAccount: a / 100, grossMargin: m / 100 };
        const churn = lifetimeValue({ ...base, churnRate: c / 1000 }, { method: 'churn' }).value as KpiDecimal;
        const d = lifetimeValue({ ...base, churnRate: c / 1000, discountRate: 0 }, { method: 'discounted' }).value as KpiDecimal;
        const margin = new KpiDecimal(a).div(100).times(m).div(100);
        expect(churn.minus(d).minus(margin).abs().lte('1e-40')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
