/**
 * The growth family's accumulator factories, described for the property suite that runs over every
 * factory of the library (see test/accumulator-case.ts), with the generators of customer records
 * that test/growth/accumulators.property.test.ts also uses.
 */
import fc from 'fast-check';
import type { AccumulatorCase } from '../accumulator-case.js';
import {
  churnRateAccumulator,
  cohortRetentionAccumulator,
  retentionRateAccumulator,
  revenueChurnAccumulator,
  revenueRetentionAccumulator,
} from '../../src/growth/index.js';

export const DAY = 86_400_000;
/** 2024-01-01T00:00:00Z. */
export const T0 = Date.UTC(2024, 0, 1);

/** An instant as a metric accepts it: epoch ms, a Date, an ISO string with Z, or a zone-less one (read in the time zone). */
function instant(ms: number): fc.Arbitrary<number | Date | string> {
  const iso = new Date(ms).toISOString();
  return fc.constantFrom<number | Date | string>(ms, new Date(ms), iso, iso.slice(0, 19), iso.slice(0, 10));
}

/** An instant T0 + days (and whole hours), in any of the accepted forms. */
const moment = (maxDays: number): fc.Arbitrary<number | Date | string> =>
  fc.tuple(fc.integer({ min: 0, max: maxDays }), fc.integer({ min: 0, max: 23 })).chain(([d, h]) => instant(T0 + d * DAY + h * 3_600_000));

const timeZone = fc.constantFrom(undefined, 'UTC', 'Europe/Berlin', 'America/New_York', '+05:30');

/** An exact MRR: cents as numbers, decimal strings with three places, and one amount a float would not keep. */
export const amount = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
  fc.integer({ min: 0, max: 10 ** 9 }).map((c) => `${c / 1000}`),
  fc.constant('1000000000000000000.01'),
);

/** A valid customer; one in `mrrFreq` has no mrr (with 1: none has). */
export const validCustomer = (mrrFreq: number): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      fc.integer({ min: 0, max: 110 }),
      fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
      fc.option(amount, { nil: undefined, freq: mrrFreq }),
      fc.constantFrom(undefined, undefined, 'EUR'),
      fc.integer({ min: 0, max: 9 }),
      fc.constantFrom('ms', 'iso', 'date', 'local'),
    )
    .map(([d, len, mrr, currency, id, form]) => {
      const start = T0 + d * DAY + 3_600_000;
      const as = (ms: number): unknown =>
        form === 'ms' ? ms : form === 'iso' ? new Date(ms).toISOString() : form === 'date' ? new Date(ms) : new Date(ms).toISOString().slice(0, 19);
      return {
        customerId: `c-${id}`,
        startedAt: as(start),
        ...(len === undefined ? {} : { endedAt: as(T0 + (d + len) * DAY + 7_200_000) }),
        ...(mrr === undefined ? {} : { mrr }),
        ...(currency === undefined ? {} : { currency }),
      };
    });

/** Invalid customers: bad timestamps, a negative mrr, not a record, another currency, endedAt before startedAt, a bad id. */
export const invalidCustomer = fc.constantFrom<unknown>(
  { startedAt: 'soon' },
  { startedAt: T0, mrr: -1 },
  7,
  null,
  { startedAt: T0, mrr: 1, currency: 'USD' },
  { startedAt: T0 + DAY, endedAt: T0 },
  { customerId: { id: 1 }, startedAt: T0 },
  { startedAt: T0, mrr: 0.1 + 0.2 },
);

/**
 * Lists of customers: valid ones with mrr (results), and lists with some missing mrr and some
 * invalid records (errors, thrown alike by the accumulator and the function).
 */
export const customerList = fc.oneof(
  { weight: 1, arbitrary: fc.array(validCustomer(1_000_000), { maxLength: 40 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof({ weight: 12, arbitrary: validCustomer(10) }, { weight: 1, arbitrary: invalidCustomer }), { maxLength: 40 }) },
);

/** Options with the period's snapshots (periodEnd not before periodStart), in any accepted form. */
function periodOptions<X extends Record<string, unknown>>(extra: fc.Arbitrary<X>): fc.Arbitrary<Record<string, unknown>> {
  // Forms of one instant differ by a time zone's offset (or a day, for a date alone): periodEnd is
  // periodStart itself, or at least two days after it.
  return fc
    .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 23 }), timeZone, extra)
    .chain(([d, len, h, tz, x]) =>
      fc.tuple(instant(T0 + d * DAY + h * 3_600_000), instant(T0 + (d + len + 1) * DAY + h * 3_600_000)).map(([periodStart, end]) => ({
        periodStart,
        periodEnd: len === 1 ? periodStart : end,
        ...(tz === undefined ? {} : { timeZone: tz }),
        ...x,
      })),
    );
}

/** An optional option: absent, or one of `values`. */
function optional<T>(key: string, values: readonly T[]): fc.Arbitrary<Record<string, T>> {
  return fc.option(fc.constantFrom(...values), { nil: undefined }).map((v) => (v === undefined ? {} : { [key]: v }));
}

const withRecords = (options: fc.Arbitrary<Record<string, unknown>>) => fc.record({ options, records: customerList });

// Zone-less snapshots would differ with the time zone too: the timeZone pairs give instants as epoch ms.
const S = T0 + 40 * DAY;
const E = T0 + 70 * DAY;
const periodPairs: readonly (readonly [unknown, unknown])[] = [
  [
    { periodStart: S, periodEnd: E },
    { periodStart: S + 1, periodEnd: E },
  ],
  [
    { periodStart: S, periodEnd: E },
    { periodStart: S, periodEnd: E + DAY },
  ],
  [
    { periodStart: S, periodEnd: E },
    { periodStart: S, periodEnd: E, timeZone: 'Europe/Berlin' },
  ],
];
const asOf = T0 + 100 * DAY;

export const growthAccumulatorCases: AccumulatorCase[] = [
  {
    name: 'retentionRateAccumulator',
    create: (o) => retentionRateAccumulator.create(o as never),
    fromJSON: (json) => retentionRateAccumulator.fromJSON(json),
    input: withRecords(periodOptions(optional('confidence', [0.9, 0.95, 0.99]))),
    incompatible: [
      ...periodPairs,
      [
        { periodStart: S, periodEnd: E },
        { periodStart: S, periodEnd: E, confidence: 0.9 },
      ],
    ],
  },
  {
    name: 'churnRateAccumulator',
    create: (o) => churnRateAccumulator.create(o as never),
    fromJSON: (json) => churnRateAccumulator.fromJSON(json),
    input: withRecords(
      periodOptions(fc.tuple(optional('method', ['start', 'average'] as const), optional('confidence', [0.8, 0.95])).map(([m, c]) => ({ ...m, ...c }))),
    ),
    incompatible: [
      ...periodPairs,
      [
        { periodStart: S, periodEnd: E },
        { periodStart: S, periodEnd: E, method: 'average' },
      ],
      [
        { periodStart: S, periodEnd: E, method: 'average' },
        { periodStart: S, periodEnd: E, method: 'average', confidence: 0.99 },
      ],
    ],
  },
  {
    name: 'revenueChurnAccumulator',
    create: (o) => revenueChurnAccumulator.create(o as never),
    fromJSON: (json) => revenueChurnAccumulator.fromJSON(json),
    input: withRecords(periodOptions(fc.constant({}))),
    incompatible: periodPairs,
  },
  {
    name: 'revenueRetentionAccumulator',
    create: (o) => revenueRetentionAccumulator.create(o as never),
    fromJSON: (json) => revenueRetentionAccumulator.fromJSON(json),
    input: withRecords(periodOptions(fc.constant({}))),
    incompatible: periodPairs,
  },
  {
    name: 'cohortRetentionAccumulator',
    create: (o) => cohortRetentionAccumulator.create(o as never),
    fromJSON: (json) => cohortRetentionAccumulator.fromJSON(json),
    input: withRecords(
      fc
        .tuple(
          fc.constantFrom('day', 'week', 'month', 'quarter'),
          moment(200),
          timeZone,
          optional('weekStartsOn', [0, 1, 3, 6]),
          optional('periodCount', [1, 2, 5, 12]),
        )
        .map(([period, at, tz, week, periods]) => ({ period, asOf: at, ...(tz === undefined ? {} : { timeZone: tz }), ...week, ...periods })),
    ),
    incompatible: [
      [
        { period: 'month', asOf },
        { period: 'week', asOf },
      ],
      [
        { period: 'month', asOf },
        { period: 'month', asOf, timeZone: 'Europe/Berlin' },
      ],
      [
        { period: 'week', asOf },
        { period: 'week', asOf, weekStartsOn: 0 },
      ],
      [
        { period: 'month', asOf },
        { period: 'month', asOf: asOf + 1 },
      ],
      [
        { period: 'month', asOf },
        { period: 'month', asOf, periodCount: 3 },
      ],
    ],
  },
];
