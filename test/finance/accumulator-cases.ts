/**
 * The finance accumulator factories, described for the property suite that runs over every factory
 * of the library (see test/accumulator-case.ts): option sets with revenue lines (a few invalid:
 * revenue keeps them and its result lists them), and pairs of option sets that differ in one
 * normalised option.
 */
import fc from 'fast-check';
import type { AccumulatorCase } from '../accumulator-case.js';
import { KpiDecimal } from '../../src/core/decimal.js';
import { revenueAccumulator } from '../../src/finance/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Amounts of every kind: cents as numbers and strings (the fast path), more decimals, big values, Decimals, refunds. */
const amount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1e7, max: 1e9 }).map((c) => c / 100) },
  { weight: 3, arbitrary: fc.integer({ min: -1e7, max: 1e9 }).map((c) => (c / 100).toFixed(2)) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('0.005', '1e18', ' 2.5 ', 1.125, 2 ** 53 - 1, new KpiDecimal('-0.1')) },
);

/** A valid line, its currency EUR when it has one. */
const validLine = fc.record(
  {
    amount,
    stream: fc.constantFrom('subscriptions', 'add-ons', 'late fees', null),
    date: fc.oneof(
      fc.integer({ min: 0, max: 200 }).map((d) => T0 + d * DAY + 3_600_000),
      fc.integer({ min: 0, max: 200 }).map((d) => new Date(T0 + d * DAY).toISOString().slice(0, 10)),
      fc.constant(null),
    ),
    currency: fc.constantFrom('EUR', null),
  },
  { requiredKeys: ['amount'] },
);

/** An invalid line: a bad amount, stream or date, another currency, or not an object. */
const invalidLine = fc.constantFrom<unknown>(
  { amount: 0.1 + 0.2 },
  { amount: 'x', currency: 'USD' },
  { amount: 1, stream: 4 },
  { amount: 1, date: '2024-02-30' },
  { amount: 1, currency: 'USD' },
  7,
  null,
);

/** Mostly valid lines (each draw of 50 has a fair chance of none invalid, so both results are exercised). */
const lines = fc.array(fc.oneof({ weight: 60, arbitrary: validLine }, { weight: 1, arbitrary: invalidLine }), { maxLength: 50 });

const revenueOptions = fc
  .record({
    period: maybe(fc.constantFrom('day', 'week', 'month', 'quarter')),
    timeZone: maybe(fc.constantFrom('UTC', 'Europe/Berlin', '+05:30')),
    weekStartsOn: maybe(fc.constantFrom(0, 1, 6)),
    fill: maybe(fc.boolean()),
    round: maybe(fc.record({ places: fc.constantFrom(0, 2), mode: maybe(fc.constantFrom('ROUND_HALF_EVEN', 'ROUND_DOWN')) }).map(defined)),
    currency: maybe(fc.constant('EUR')),
  })
  // The period options mean something only with a period.
  .map((o) => defined(o.period === undefined ? { round: o.round, currency: o.currency } : o));

export const financeAccumulatorCases: readonly AccumulatorCase[] = [
  {
    name: 'revenueAccumulator',
    create: (o) => revenueAccumulator.create(o as never),
    fromJSON: (j) => revenueAccumulator.fromJSON(j),
    input: fc.record({ options: revenueOptions, records: lines }),
    incompatible: [
      [{ period: 'month' }, { period: 'week' }],
      [{ period: 'month' }, { period: 'month', timeZone: 'Europe/Berlin' }],
      [{ period: 'week' }, { period: 'week', weekStartsOn: 0 }],
      [{ period: 'month' }, { period: 'month', fill: false }],
      [{}, { round: { places: 2 } }],
      [{ currency: 'EUR' }, { currency: 'USD' }],
    ],
  },
];
