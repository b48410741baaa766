import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiDecimal } from '../../src/core/decimal.js';
import { KpiInputError } from '../../src/core/errors.js';
import {
  type CustomerAccumulator,
  type CustomerAccumulatorFactory,
  churnRate,
  churnRateAccumulator,
  cohortRetention,
  cohortRetentionAccumulator,
  retentionRate,
  retentionRateAccumulator,
  revenueChurn,
  revenueChurnAccumulator,
  revenueRetention,
  revenueRetentionAccumulator,
} from '../../src/growth/index.js';
import { thrown } from '../helpers.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);
const periodStart = T0 + 40 * DAY;
const periodEnd = T0 + 70 * DAY;
const asOf = T0 + 100 * DAY;

interface Case {
  readonly name: string;
  readonly factory: CustomerAccumulatorFactory<never, unknown>;
  readonly options: Record<string, unknown>;
  readonly once: (customers: unknown[]) => unknown;
}

const cases: Case[] = [
  {
    name: 'retentionRate',
    factory: retentionRateAccumulator as never,
    options: { periodStart, periodEnd, confidence: 0.9 },
    once: (customers) => retentionRate({ customers: customers as never, periodStart, periodEnd }, { confidence: 0.9 }),
  },
  {
    name: 'churnRate',
    factory: churnRateAccumulator as never,
    options: { periodStart, periodEnd, method: 'average' },
    once: (customers) => churnRate({ customers: customers as never, periodStart, periodEnd }, { method: 'average' }),
  },
  {
    name: 'revenueChurn',
    factory: revenueChurnAccumulator as never,
    options: { periodStart, periodEnd },
    once: (customers) => revenueChurn({ customers: customers as never, periodStart, periodEnd }),
  },
  {
    name: 'revenueRetention',
    factory: revenueRetentionAccumulator as never,
    options: { periodStart, periodEnd },
    once: (customers) => revenueRetention({ customers: customers as never, periodStart, periodEnd }),
  },
  {
    name: 'cohortRetention',
    factory: cohortRetentionAccumulator as never,
    options: { period: 'week', asOf },
    once: (customers) => cohortRetention({ customers: customers as never }, { period: 'week', asOf }),
  },
];

const amount = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
  fc.integer({ min: 0, max: 10 ** 9 }).map((c) => `${c / 1000}`),
  fc.constant('1000000000000000000.01'),
);
/** A valid customer; `mrrFreq`: one in that many has no mrr. */
const validCustomer = (mrrFreq: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: 110 }), fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }), fc.option(amount, { nil: undefined, freq: mrrFreq }), fc.constantFrom(undefined, undefined, 'EUR'), fc.integer({ min: 0, max: 9 }))
    .map(([d, len, mrr, currency, id]) => ({
      customerId: `c-${id}`,
      startedAt: T0 + d * DAY + 3_600_000,
      ...(len === undefined ? {} : { endedAt: T0 + (d + len) * DAY }),
      ...(mrr === undefined ? {} : { mrr }),
      ...(currency === undefined ? {} : { currency }),
    }));
const invalidCustomer = fc.constantFrom<unknown>({ startedAt: 'soon' }, { startedAt: T0, mrr: -1 }, 7, { startedAt: T0, mrr: 1, currency: 'USD' }, { startedAt: T0 + DAY, endedAt: T0 });
/** Lists of valid customers with mrr (results), and lists with missing mrr and invalid records (errors). */
const customerList = fc.oneof(
  fc.array(validCustomer(1_000_000), { maxLength: 40 }),
  fc.array(fc.oneof({ weight: 12, arbitrary: validCustomer(10) }, { weight: 1, arbitrary: invalidCustomer }), { maxLength: 40 }),
);

/** The outcome of a computation: its result, or the essentials of the KpiInputError it threw. */
function outcome(f: () => unknown): unknown {
  try {
    return { result: f() };
  } catch (error) {
    if (!(error instanceof KpiInputError)) throw error;
    return { error: { message: error.message, code: error.code, path: error.path, count: error.issueCount, issues: error.issues.map((i) => [i.code, i.path, i.message]) } };
  }
}

/** Splits `list` at the cut points, reduces each part in its own accumulator (through JSON when asked), and merges them in `order`. */
function reduce(c: Case, list: unknown[], cuts: number[], order: number[], viaJson: boolean): CustomerAccumulator<unknown> {
  const bounds = [0, ...cuts.map((x) => x % (list.length + 1)).sort((a, b) => a - b), list.length];
  const parts: CustomerAccumulator<unknown>[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k] as number;
    const acc = c.factory.create(c.options as never).addAll(list.slice(from, bounds[k + 1]), from);
    parts.push(viaJson ? c.factory.fromJSON(JSON.parse(JSON.stringify(acc))) : acc);
  }
  const sequence = order.map((o) => o % parts.length).filter((o, i, all) => all.indexOf(o) === i);
  for (let k = 0; k < parts.length; k++) if (!sequence.includes(k)) sequence.push(k);
  const first = parts[sequence[0] as number] as CustomerAccumulator<unknown>;
  for (const k of sequence.slice(1)) first.merge(parts[k] as CustomerAccumulator<unknown>);
  return first;
}

describe('growth accumulators', () => {
  it('property: merge ≡ one pass, for any split, merge order and trip through JSON (results and errors alike)', () => {
    const seen: Record<string, number> = {};
    fc.assert(
      fc.property(
        customerList,
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.boolean(),
        (list, cuts, order, viaJson) => {
          for (const c of cases) {
            const once = outcome(() => c.once(list));
            const merged = reduce(c, list, cuts, order, viaJson);
            expect(merged.n).toBe(list.length);
            expect(outcome(() => merged.result()), c.name).toEqual(once);
            seen[`${c.name} ${'result' in (once as object) ? 'result' : 'error'}`] = (seen[`${c.name} ${'result' in (once as object) ? 'result' : 'error'}`] ?? 0) + 1;
          }
        },
      ),
      { numRuns: 300 },
    );
    // Both outcomes occur for every metric, so both are compared (errors come in about one run in
    // five: 300 runs keep the count of each far above 20).
    for (const c of cases) {
      expect(seen[`${c.name} result`], c.name).toBeGreaterThan(20);
      expect(seen[`${c.name} error`], c.name).toBeGreaterThan(20);
    }
  });

  it('property: add one by one ≡ addAll; never NaN in a result', () => {
    fc.assert(
      fc.property(customerList, (list) => {
        for (const c of cases) {
          const acc = c.factory.create(c.options as never);
          for (const r of list) acc.add(r);
          const all = outcome(() => c.factory.create(c.options as never).addAll(list).result());
          expect(outcome(() => acc.result())).toEqual(all);
          expect(JSON.stringify(all)).not.toMatch(/NaN|Infinity/);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('more than 100 invalid records: the listed ones are the first 100 by index, for any split and merge order', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 150, maxLength: 300 }), fc.array(fc.nat(), { maxLength: 3 }), fc.array(fc.nat(), { maxLength: 4 }), (bad, cuts, order) => {
        const list = bad.map((b, i) => (b ? { startedAt: 'no' } : { startedAt: T0 + i }));
        const c = cases[1] as Case;
        const once = thrown(() => c.once(list));
        const merged = thrown(() => reduce(c, list, cuts, order, true).result());
        expect(merged.issueCount).toBe(bad.filter(Boolean).length);
        expect(merged.issues.map((i) => i.path)).toEqual(once.issues.map((i) => i.path));
        expect(merged.issues).toHaveLength(Math.min(100, merged.issueCount));
        const firstBad = bad.map((b, i) => (b ? i : -1)).filter((i) => i >= 0).slice(0, 100);
        expect(merged.issues.map((i) => i.path[1])).toEqual(firstBad);
      }),
      { numRuns: 30 },
    );
  });

  it('errors name the record by its index in the combined order and by its customerId', () => {
    const acc = churnRateAccumulator.create({ periodStart, periodEnd });
    acc.addAll([{ startedAt: T0 }, { startedAt: T0 }]);
    acc.addAll([{ startedAt: T0 }, { customerId: 'k-1', startedAt: 'x' }]);
    expect(acc.n).toBe(4);
    expect(acc.invalid).toBe(1);
    const e = thrown(() => acc.result());
    expect(e.path).toEqual(['customers', 3, 'startedAt']);
    expect(e.message).toBe(
      'churnRate: customers[3].startedAt must be an ISO-8601 timestamp like "2024-10-29T22:00:00Z", "2024-10-29 22:00:00" or "2024-10-29", got "x" (customerId "k-1")',
    );
    const one = churnRateAccumulator.create({ periodStart, periodEnd }).add({ startedAt: -1 / 0 }, 41);
    expect(thrown(() => one.result()).path).toEqual(['customers', 41, 'startedAt']);
  });

  it('golden: shards of the §7 worked example of retentionRate (start 200, new 40, end 210 → 0.85) give 0.85', () => {
    // 170 customers kept from start to end, 30 lost during the period, 40 new ones still there at the end:
    // at start 170 + 30 = 200, at end 170 + 40 = 210, new 40 → (210 − 40) / 200 = 0.85.
    const kept = Array.from({ length: 170 }, () => ({ startedAt: T0 }));
    const lost = Array.from({ length: 30 }, () => ({ startedAt: T0, endedAt: periodStart + DAY }));
    const added = Array.from({ length: 40 }, () => ({ startedAt: periodStart + DAY }));
    const a = retentionRateAccumulator.create({ periodStart, periodEnd }).addAll([...kept.slice(0, 100), ...lost]);
    const b = retentionRateAccumulator.create({ periodStart, periodEnd }).addAll([...kept.slice(100), ...added], 130);
    const r = retentionRateAccumulator.fromJSON(JSON.parse(JSON.stringify(b))).merge(a).result();
    expect(r).toMatchObject({ value: 0.85, customersAtStart: 200, customersAtEnd: 210, newCustomers: 40 });
    expect(r).toEqual(retentionRate({ customersAtStart: 200, customersAtEnd: 210, newCustomers: 40 }));
  });

  it('is reachable as metric.accumulator, and its JSON state is small and plain', () => {
    expect(retentionRate.accumulator).toBe(retentionRateAccumulator);
    expect(churnRate.accumulator).toBe(churnRateAccumulator);
    expect(revenueChurn.accumulator).toBe(revenueChurnAccumulator);
    expect(revenueRetention.accumulator).toBe(revenueRetentionAccumulator);
    expect(cohortRetention.accumulator).toBe(cohortRetentionAccumulator);
    const acc = cohortRetentionAccumulator.create({ period: 'month', asOf: '2024-03-15', timeZone: 'Europe/Berlin', periods: 2 });
    acc.addAll([{ startedAt: '2024-01-10', mrr: 10, currency: 'EUR' }, { startedAt: '2024-01-12', endedAt: '2024-02-10', mrr: '0.5' }, { startedAt: '2024-04-01' }, { startedAt: '2024-02-01' }]);
    // January (Berlin): one still active (last null), one left within February (last offset 0); February: one without mrr.
    expect(acc.toJSON()).toEqual({
      metric: 'cohortRetention',
      options: { period: 'month', timeZone: 'Europe/Berlin', weekStartsOn: 1, asOf: Date.UTC(2024, 2, 14, 23), periods: 2 },
      seen: 4,
      state: {
        afterAsOf: 1,
        cohorts: [
          { startMs: Date.UTC(2023, 11, 31, 23), withoutMrr: 0, cells: [{ last: 0, count: 1, mrr: '0.5' }, { last: null, count: 1, mrr: '10' }] },
          { startMs: Date.UTC(2024, 0, 31, 23), withoutMrr: 1, cells: [{ last: null, count: 1, mrr: '0' }] },
        ],
      },
      invalid: { count: 0, listed: [] },
      currencies: { EUR: [0, null] },
    });
  });

  it('merge requires the same metric and options', () => {
    const a = churnRateAccumulator.create({ periodStart, periodEnd });
    expect(thrown(() => a.merge(churnRateAccumulator.create({ periodStart, periodEnd, method: 'average' }))).code).toBe('inconsistent');
    expect(thrown(() => a.merge(retentionRateAccumulator.create({ periodStart, periodEnd }) as never)).path).toEqual(['other']);
    expect(thrown(() => a.merge({} as never)).path).toEqual(['other']);
    // Merging an accumulator into itself doubles it, invalid records included.
    const twice = churnRateAccumulator.create({ periodStart, periodEnd }).addAll([{ startedAt: T0 }, { startedAt: 'x' }]);
    twice.merge(twice);
    expect(twice.n).toBe(4);
    expect(thrown(() => twice.result()).issueCount).toBe(2);
    const self = revenueChurnAccumulator.create({ periodStart, periodEnd }).add({ startedAt: T0, mrr: '0.1', currency: 'EUR' });
    expect(self.merge(self).result()).toMatchObject({ currency: 'EUR', startingMrr: new KpiDecimal('0.2') });
    // The same instants given differently are the same options.
    expect(a.merge(churnRateAccumulator.create({ periodStart: new Date(periodStart), periodEnd: new Date(periodEnd).toISOString() })).n).toBe(0);
  });

  it('rejects bad options, indices and collections with KpiInputError', () => {
    expect(thrown(() => churnRateAccumulator.create(undefined as never)).path).toEqual(['options']);
    expect(thrown(() => churnRateAccumulator.create({ periodStart } as never)).path).toEqual(['options', 'periodEnd']);
    expect(thrown(() => churnRateAccumulator.create({ periodStart: periodEnd, periodEnd: periodStart })).path).toEqual(['options', 'periodEnd']);
    expect(thrown(() => churnRateAccumulator.create({ periodStart, periodEnd, method: 'end' as never })).path).toEqual(['options', 'method']);
    expect(thrown(() => retentionRateAccumulator.create({ periodStart, periodEnd, confidence: 2 })).path).toEqual(['options', 'confidence']);
    expect(thrown(() => revenueChurnAccumulator.create({ periodStart, periodEnd, method: 'start' } as never)).path).toEqual(['options', 'method']);
    expect(thrown(() => cohortRetentionAccumulator.create({ period: 'month' } as never)).path).toEqual(['options', 'asOf']);
    const acc = churnRateAccumulator.create({ periodStart, periodEnd });
    expect(thrown(() => acc.add({ startedAt: T0 }, -1)).path).toEqual(['index']);
    expect(thrown(() => acc.addAll([], 1.5)).path).toEqual(['offset']);
    expect(thrown(() => acc.addAll({} as never)).path).toEqual(['customers']);
    expect(acc.n).toBe(0);
  });

  it('fromJSON validates the state and throws KpiInputError on a bad one', () => {
    const acc = revenueChurnAccumulator.create({ periodStart, periodEnd }).addAll([{ startedAt: T0, mrr: 5, currency: 'EUR' }, { startedAt: 'x' }]);
    const good = JSON.parse(JSON.stringify(acc)) as Record<string, unknown>;
    expect(outcome(() => revenueChurnAccumulator.fromJSON(good).result())).toEqual(outcome(() => acc.result()));
    const bad = (patch: Record<string, unknown>): KpiInputError => thrown(() => revenueChurnAccumulator.fromJSON({ ...good, ...patch }));
    expect(thrown(() => revenueChurnAccumulator.fromJSON('{}')).path).toEqual([]);
    expect(bad({ metric: 'churnRate' }).path).toEqual(['metric']);
    expect(bad({ options: { periodStart } }).path).toEqual(['options', 'periodEnd']);
    expect(bad({ seen: -1 }).path).toEqual(['seen']);
    expect(bad({ seen: 0 }).code).toBe('inconsistent');
    expect(bad({ state: null }).path).toEqual(['state']);
    expect(bad({ state: { atStart: 1, atEnd: 1, retained: 2, startingMrr: '5', churnedMrr: '0' } }).path).toEqual(['state', 'retained']);
    expect(bad({ state: { atStart: 1, atEnd: 1, retained: 1, startingMrr: '-5', churnedMrr: '0' } }).path).toEqual(['state', 'startingMrr']);
    expect(bad({ state: { atStart: 1, atEnd: 0, retained: 0, startingMrr: '5', churnedMrr: '6' } }).path).toEqual(['state', 'churnedMrr']);
    expect(bad({ invalid: { count: 1 } }).path).toEqual(['invalid']);
    expect(bad({ invalid: { count: 0, listed: (good['invalid'] as { listed: unknown[] }).listed } }).path).toEqual(['invalid', 'count']);
    expect(bad({ invalid: { count: 1, listed: [{ index: 0, code: 'nope', path: [], message: '' }] } }).path).toEqual(['invalid', 'listed', 0]);
    expect(bad({ currencies: [] }).path).toEqual(['currencies']);
    expect(bad({ currencies: { eur: [0, null] } }).path).toEqual(['currencies', 'eur']);
    const cohort = JSON.parse(JSON.stringify(cohortRetentionAccumulator.create({ period: 'month', asOf }).add({ startedAt: T0, mrr: 2 }))) as Record<string, unknown>;
    const badCohort = (state: unknown): KpiInputError => thrown(() => cohortRetentionAccumulator.fromJSON({ ...cohort, state }));
    expect(badCohort(null).path).toEqual(['state']);
    expect(badCohort({ afterAsOf: 0, cohorts: [{ startMs: T0 + 1, withoutMrr: 0, cells: [] }] }).path).toEqual(['state', 'cohorts', 0]);
    expect(badCohort({ afterAsOf: 0, cohorts: [{ startMs: T0 + 400 * DAY, withoutMrr: 0, cells: [] }] }).path).toEqual(['state', 'cohorts', 0]);
    expect(badCohort({ afterAsOf: 0, cohorts: [{ startMs: T0, withoutMrr: 0, cells: [{ last: -2, count: 1, mrr: '1' }] }] }).path).toEqual(['state', 'cohorts', 0, 'cells', 0]);
    expect(badCohort({ afterAsOf: 0, cohorts: [{ startMs: T0, withoutMrr: 2, cells: [{ last: null, count: 1, mrr: '1' }] }] }).path).toEqual(['state', 'cohorts', 0, 'withoutMrr']);
    expect(badCohort({ afterAsOf: -1, cohorts: [] }).path).toEqual(['state', 'afterAsOf']);
    // A valid hand-written state restores to the result it describes.
    const restored = cohortRetentionAccumulator.fromJSON({ ...cohort, state: { afterAsOf: 0, cohorts: [{ startMs: T0, withoutMrr: 0, cells: [{ last: 0, count: 1, mrr: '1' }, { last: null, count: 3, mrr: '3' }] }] } });
    expect(restored.result().cohorts[0]).toMatchObject({ size: 4, retained: [4, 3, 3], revenueShares: [1, 0.75, 0.75] });
  });
});
