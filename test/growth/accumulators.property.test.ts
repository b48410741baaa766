import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCUMULATOR_FORMAT, ACCUMULATOR_VERSION } from '../../src/core/accumulator.js';
import { KpiDecimal } from '../../src/core/decimal.js';
import { KpiInputError } from '../../src/core/errors.js';
import {
  type Accumulator,
  type AccumulatorFactory,
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
import { DAY, T0, customerList, growthAccumulatorCases } from './accumulator-cases.js';

const periodStart = T0 + 40 * DAY;
const periodEnd = T0 + 70 * DAY;
const asOf = T0 + 100 * DAY;

interface Case {
  readonly name: string;
  readonly factory: AccumulatorFactory<never, unknown, unknown>;
  readonly options: Record<string, unknown>;
  readonly once: (customers: unknown[]) => unknown;
}

const cases: Case[] = [
  {
    name: 'retentionRate',
    factory: retentionRateAccumulator,
    options: { periodStart, periodEnd, confidence: 0.9 },
    once: (customers) => retentionRate({ customers: customers as never, periodStart, periodEnd }, { confidence: 0.9 }),
  },
  {
    name: 'churnRate',
    factory: churnRateAccumulator,
    options: { periodStart, periodEnd, method: 'average' },
    once: (customers) => churnRate({ customers: customers as never, periodStart, periodEnd }, { method: 'average' }),
  },
  {
    name: 'revenueChurn',
    factory: revenueChurnAccumulator,
    options: { periodStart, periodEnd },
    once: (customers) => revenueChurn({ customers: customers as never, periodStart, periodEnd }),
  },
  {
    name: 'revenueRetention',
    factory: revenueRetentionAccumulator,
    options: { periodStart, periodEnd },
    once: (customers) => revenueRetention({ customers: customers as never, periodStart, periodEnd }),
  },
  {
    name: 'cohortRetention',
    factory: cohortRetentionAccumulator,
    options: { period: 'week', asOf },
    once: (customers) => cohortRetention({ customers: customers as never }, { period: 'week', asOf }),
  },
];

/** The outcome of a computation: its result, or the essentials of the KpiInputError it threw. */
function outcome(f: () => unknown): unknown {
  try {
    return { result: f() };
  } catch (error) {
    if (!(error instanceof KpiInputError)) throw error;
    return {
      error: {
        message: error.message,
        code: error.code,
        path: error.path,
        count: error.issueCount,
        issues: error.issues.map((i) => [i.code, i.path, i.message]),
      },
    };
  }
}

/** Splits `list` at the cut points, reduces each part in its own accumulator (through JSON when asked), and merges them in `order`. */
function split(
  create: () => Accumulator<unknown, unknown>,
  fromJSON: (json: unknown) => Accumulator<unknown, unknown>,
  list: readonly unknown[],
  cuts: number[],
  order: number[],
  viaJson: boolean,
): Accumulator<unknown, unknown> {
  const bounds = [0, ...cuts.map((x) => x % (list.length + 1)).sort((a, b) => a - b), list.length];
  const parts: Accumulator<unknown, unknown>[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k] as number;
    const acc = create().addAll(list.slice(from, bounds[k + 1]), from);
    parts.push(viaJson ? fromJSON(JSON.parse(JSON.stringify(acc))) : acc);
  }
  const sequence = order.map((o) => o % parts.length).filter((o, i, all) => all.indexOf(o) === i);
  for (let k = 0; k < parts.length; k++) if (!sequence.includes(k)) sequence.push(k);
  const first = parts[sequence[0] as number] as Accumulator<unknown, unknown>;
  for (const k of sequence.slice(1)) first.merge(parts[k] as Accumulator<unknown, unknown>);
  return first;
}

function reduce(c: Case, list: unknown[], cuts: number[], order: number[], viaJson: boolean): Accumulator<unknown, unknown> {
  return split(
    () => c.factory.create(c.options as never),
    (json) => c.factory.fromJSON(json),
    list,
    cuts,
    order,
    viaJson,
  );
}

describe('growth accumulators', () => {
  it('property: merge ≡ one pass, for any split, merge order and trip through JSON (results and errors alike)', () => {
    const seen: Record<string, number> = {};
    fc.assert(
      fc.property(customerList, fc.array(fc.nat(), { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), (list, cuts, order, viaJson) => {
        for (const c of cases) {
          const once = outcome(() => c.once(list));
          const merged = reduce(c, list, cuts, order, viaJson);
          expect(merged.n).toBe(list.length);
          expect(
            outcome(() => merged.result()),
            c.name,
          ).toEqual(once);
          seen[`${c.name} ${'result' in (once as object) ? 'result' : 'error'}`] =
            (seen[`${c.name} ${'result' in (once as object) ? 'result' : 'error'}`] ?? 0) + 1;
        }
      }),
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
          const all = outcome(() =>
            c.factory
              .create(c.options as never)
              .addAll(list)
              .result(),
          );
          expect(outcome(() => acc.result())).toEqual(all);
          expect(JSON.stringify(all)).not.toMatch(/NaN|Infinity/);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('more than 100 invalid records: the listed ones are the first 100 by index, for any split and merge order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 150, maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (bad, cuts, order) => {
          const list = bad.map((b, i) => (b ? { startedAt: 'no' } : { startedAt: T0 + i }));
          const c = cases[1] as Case;
          const once = thrown(() => c.once(list));
          const merged = thrown(() => reduce(c, list, cuts, order, true).result());
          expect(merged.issueCount).toBe(bad.filter(Boolean).length);
          expect(merged.issues.map((i) => i.path)).toEqual(once.issues.map((i) => i.path));
          expect(merged.issues).toHaveLength(Math.min(100, merged.issueCount));
          const firstBad = bad
            .map((b, i) => (b ? i : -1))
            .filter((i) => i >= 0)
            .slice(0, 100);
          expect(merged.issues.map((i) => i.path[1])).toEqual(firstBad);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('property, every growth case: options normalised once (create(toJSON().options) is the same), merge ≡ one pass for any split and order through JSON', () => {
    for (const c of growthAccumulatorCases) {
      fc.assert(
        fc.property(
          c.input,
          fc.array(fc.nat(), { maxLength: 3 }),
          fc.array(fc.nat(), { maxLength: 4 }),
          fc.boolean(),
          ({ options, records }, cuts, order, viaJson) => {
            const one = c.create(options).addAll(records);
            const json = one.toJSON();
            expect(c.create(json.options).toJSON().options, c.name).toEqual(json.options);
            expect(JSON.parse(JSON.stringify(c.fromJSON(JSON.parse(JSON.stringify(json))))), c.name).toEqual(JSON.parse(JSON.stringify(json)));
            const merged = split(() => c.create(options), c.fromJSON, records, cuts, order, viaJson);
            expect(merged.n).toBe(records.length);
            expect(
              outcome(() => merged.result()),
              c.name,
            ).toEqual(outcome(() => one.result()));
          },
        ),
        { numRuns: 60 },
      );
    }
  });

  it('property: a tampered count (negative, fractional, NaN, infinite, a string) anywhere in a state throws KpiInputError, never a NaN result', () => {
    /** Paths of the numbers of a JSON state under `seen`, `invalid.count`, `invalid.indices` and `state`. */
    const numbers = (value: unknown, path: (string | number)[], out: (string | number)[][]): (string | number)[][] => {
      if (typeof value === 'number') out.push(path);
      else if (typeof value === 'object' && value !== null)
        for (const [k, v] of Object.entries(value)) numbers(v, [...path, Array.isArray(value) ? Number(k) : k], out);
      return out;
    };
    for (const c of growthAccumulatorCases) {
      fc.assert(
        fc.property(c.input, fc.nat(), fc.constantFrom<unknown>(-1.5, -2, 0.5, NaN, Infinity, -Infinity, '1', true), ({ options, records }, pick, bad) => {
          const json = JSON.parse(JSON.stringify(c.create(options).addAll(records).toJSON())) as Record<string, unknown>;
          const targets = [
            ...numbers(json['seen'], ['seen'], []),
            ...numbers((json['invalid'] as Record<string, unknown>)['count'], ['invalid', 'count'], []),
            ...numbers((json['invalid'] as Record<string, unknown>)['indices'], ['invalid', 'indices'], []),
            ...numbers(json['state'], ['state'], []),
          ];
          const path = targets[pick % targets.length] as (string | number)[];
          let at = json as Record<string | number, unknown>;
          for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
          at[path[path.length - 1] as string | number] = bad;
          const error = thrown(() => c.fromJSON(json));
          expect(error.fn, c.name).toBe(`${c.name}.fromJSON`);
        }),
        { numRuns: 40 },
      );
    }
  });

  it('errors name the record by its index in the combined order and by its customerId', () => {
    const acc = churnRateAccumulator.create({ periodStart, periodEnd });
    acc.addAll([{ startedAt: T0 }, { startedAt: T0 }]);
    acc.addAll([{ startedAt: T0 }, { customerId: 'k-1', startedAt: 'x' }]);
    expect(acc.n).toBe(4);
    expect(acc.toJSON().invalid).toEqual({
      count: 1,
      indices: [3],
      listed: [
        {
          index: 3,
          issues: [
            {
              code: 'invalid_value',
              path: ['customers', 3, 'startedAt'],
              input: 'x',
              message:
                'customers[3].startedAt must be an ISO-8601 timestamp like "2024-10-29T22:00:00Z", "2024-10-29 22:00:00" or "2024-10-29", got "x" (customerId "k-1")',
            },
          ],
        },
      ],
    });
    const e = thrown(() => acc.result());
    expect(e.path).toEqual(['customers', 3, 'startedAt']);
    expect(e.message).toBe(
      'churnRate: customers[3].startedAt must be an ISO-8601 timestamp like "2024-10-29T22:00:00Z", "2024-10-29 22:00:00" or "2024-10-29", got "x" (customerId "k-1")',
    );
    const one = churnRateAccumulator.create({ periodStart, periodEnd }).add({ startedAt: -1 / 0 }, 41);
    expect(thrown(() => one.result()).path).toEqual(['customers', 41, 'startedAt']);
  });

  it('mixed currencies: the first record of the second code is reported, in index order among the invalid records, for any split', () => {
    const list = [
      { customerId: 7, startedAt: T0, mrr: 1, currency: 'EUR' },
      { startedAt: 'x' },
      { startedAt: T0, mrr: 2, currency: 'USD' },
      { startedAt: T0, mrr: 3, currency: 'USD' },
      { startedAt: T0 },
    ];
    const once = thrown(() => revenueChurn({ customers: list, periodStart, periodEnd }));
    expect(once.issueCount).toBe(3);
    expect(once.issues.map((i) => i.path)).toEqual([
      ['customers', 1, 'startedAt'],
      ['customers', 2, 'currency'],
      ['customers', 4, 'mrr'],
    ]);
    expect(once.issues[1]?.message).toBe(
      'currencies cannot be mixed: customers[2].currency is USD but customers[0].currency (customerId 7) is EUR; convert the amounts to one currency first',
    );
    const a = revenueChurnAccumulator.create({ periodStart, periodEnd }).addAll(list.slice(2), 2);
    const b = revenueChurnAccumulator.create({ periodStart, periodEnd }).addAll(list.slice(0, 2));
    expect(a.toJSON().state).toMatchObject({ currencies: { USD: { index: 2, customerId: null } } });
    const merged = revenueChurnAccumulator.fromJSON(JSON.parse(JSON.stringify(a))).merge(b);
    expect(merged.toJSON().state).toMatchObject({ currencies: { EUR: { index: 0, customerId: 7 }, USD: { index: 2, customerId: null } } });
    expect(outcome(() => merged.result())).toEqual(outcome(() => revenueChurn({ customers: list, periodStart, periodEnd })));
  });

  it('golden: shards of the §7 worked example of retentionRate (start 200, new 40, end 210 → 0.85) give 0.85', () => {
    // 170 customers kept from start to end, 30 lost during the period, 40 new ones still there at the end:
    // at start 170 + 30 = 200, at end 170 + 40 = 210, new 40 → (210 − 40) / 200 = 0.85.
    const kept = Array.from({ length: 170 }, () => ({ startedAt: T0 }));
    const lost = Array.from({ length: 30 }, () => ({ startedAt: T0, endedAt: periodStart + DAY }));
    const added = Array.from({ length: 40 }, () => ({ startedAt: periodStart + DAY }));
    const a = retentionRateAccumulator.create({ periodStart, periodEnd }).addAll([...kept.slice(0, 100), ...lost]);
    const b = retentionRateAccumulator.create({ periodStart, periodEnd }).addAll([...kept.slice(100), ...added], 130);
    const r = retentionRateAccumulator
      .fromJSON(JSON.parse(JSON.stringify(b)))
      .merge(a)
      .result();
    expect(r).toMatchObject({ value: 0.85, customersAtStart: 200, customersAtEnd: 210, newCustomers: 40 });
    expect(r).toEqual(retentionRate({ customersAtStart: 200, customersAtEnd: 210, newCustomers: 40 }));
  });

  it('is reachable as metric.accumulator, and its JSON state is versioned, carries the normalised options, and is small and plain', () => {
    expect(retentionRate.accumulator).toBe(retentionRateAccumulator);
    expect(churnRate.accumulator).toBe(churnRateAccumulator);
    expect(revenueChurn.accumulator).toBe(revenueChurnAccumulator);
    expect(revenueRetention.accumulator).toBe(revenueRetentionAccumulator);
    expect(cohortRetention.accumulator).toBe(cohortRetentionAccumulator);
    expect(churnRateAccumulator.metric).toBe('churnRate');
    const acc = cohortRetentionAccumulator.create({ period: 'month', asOf: '2024-03-15', timeZone: 'Europe/Berlin', periodCount: 2 });
    acc.addAll([
      { startedAt: '2024-01-10', mrr: 10, currency: 'EUR' },
      { startedAt: '2024-01-12', endedAt: '2024-02-10', mrr: '0.5' },
      { startedAt: '2024-04-01' },
      { startedAt: '2024-02-01' },
    ]);
    // January (Berlin): one still active (last null), one left within February (last offset 0); February: one without mrr.
    expect(acc.toJSON()).toEqual({
      format: ACCUMULATOR_FORMAT,
      version: ACCUMULATOR_VERSION,
      metric: 'cohortRetention',
      options: { period: 'month', timeZone: 'Europe/Berlin', weekStartsOn: 1, asOf: Date.UTC(2024, 2, 14, 23), periodCount: 2 },
      seen: 4,
      invalid: { count: 0, indices: [], listed: [] },
      state: {
        afterAsOf: 1,
        cohorts: [
          {
            startMs: Date.UTC(2023, 11, 31, 23),
            withoutMrr: 0,
            cells: [
              { last: 0, count: 1, mrr: '0.5' },
              { last: null, count: 1, mrr: '10' },
            ],
          },
          { startMs: Date.UTC(2024, 0, 31, 23), withoutMrr: 1, cells: [{ last: null, count: 1, mrr: '0' }] },
        ],
        currencies: { EUR: { index: 0, customerId: null } },
      },
    });
    const period = retentionRateAccumulator
      .create({ periodStart: '2024-02-10', periodEnd: new Date(periodEnd) })
      .addAll([{ startedAt: T0 }, { startedAt: 'x' }, { startedAt: periodEnd + DAY }]);
    expect(period.toJSON()).toMatchObject({
      options: { periodStart, periodEnd, timeZone: 'UTC', confidence: 0.95 },
      seen: 3,
      invalid: { count: 1, indices: [1] },
      state: { customerCount: 2, atStart: 1, atEnd: 1, retained: 1 },
    });
  });

  it('merging accumulators made with different options throws incompatible, naming the option (one pair per option of every factory)', () => {
    for (const c of growthAccumulatorCases) {
      expect(c.incompatible.length, c.name).toBeGreaterThan(0);
      for (const [x, y] of c.incompatible) {
        const a = c.create(x);
        const b = c.create(y);
        const key =
          Object.keys(b.toJSON().options).find((k) => JSON.stringify(a.toJSON().options[k]) !== JSON.stringify(b.toJSON().options[k])) ??
          Object.keys(a.toJSON().options).find((k) => !(k in b.toJSON().options));
        // The pair differs in a normalised option: the one the merge must name.
        expect(a.toJSON().options, `${c.name} ${JSON.stringify([x, y])}`).not.toEqual(b.toJSON().options);
        expect(typeof key).toBe('string');
        const e = thrown(() => a.merge(b));
        expect(e.code, c.name).toBe('incompatible');
        expect(e.path, c.name).toEqual(['other', 'options', key]);
        expect(e.message, c.name).toContain(`${key} is `);
        expect(thrown(() => b.merge(a)).code).toBe('incompatible');
        expect(a.n + b.n).toBe(0);
      }
    }
    const a = churnRateAccumulator.create({ periodStart, periodEnd });
    expect(thrown(() => a.merge(churnRateAccumulator.create({ periodStart, periodEnd, method: 'average' }))).message).toBe(
      'churnRateAccumulator.merge: cannot merge churnRate accumulators made with different options: method is "start" here and "average" in the other',
    );
  });

  it('merge requires the same metric and an accumulator; merging into itself doubles it; the same instants given differently are the same options', () => {
    const a = churnRateAccumulator.create({ periodStart, periodEnd });
    const other = thrown(() => a.merge(retentionRateAccumulator.create({ periodStart, periodEnd }) as never));
    expect([other.code, other.path]).toEqual(['incompatible', ['other', 'metric']]);
    expect(thrown(() => a.merge({} as never)).path).toEqual(['other']);
    // Merging an accumulator into itself doubles it, invalid records included.
    const twice = churnRateAccumulator.create({ periodStart, periodEnd }).addAll([{ startedAt: T0 }, { startedAt: 'x' }]);
    twice.merge(twice);
    expect(twice.n).toBe(4);
    expect(thrown(() => twice.result()).issueCount).toBe(2);
    const self = revenueChurnAccumulator.create({ periodStart, periodEnd }).add({ startedAt: T0, mrr: '0.1', currency: 'EUR' });
    expect(self.merge(self).result()).toMatchObject({ currency: 'EUR', startingMrr: new KpiDecimal('0.2') });
    const cohorts = cohortRetentionAccumulator.create({ period: 'month', asOf }).addAll([{ startedAt: T0, mrr: 1 }, { startedAt: T0 + 40 * DAY }]);
    const doubled = cohortRetentionAccumulator.fromJSON(cohorts.toJSON()).merge(cohorts).result();
    expect(cohorts.merge(cohorts).result()).toEqual(doubled);
    expect(doubled.cohorts.map((r) => r.size)).toEqual([2, 2]);
    // The same instants given differently are the same options.
    expect(
      a.merge(
        churnRateAccumulator.create({ periodStart: new Date(periodStart), periodEnd: new Date(periodEnd).toISOString(), method: 'start', confidence: 0.95 }),
      ).n,
    ).toBe(0);
  });

  it('rejects bad options, indices and collections with KpiInputError', () => {
    expect(thrown(() => churnRateAccumulator.create(undefined as never)).path).toEqual(['options']);
    expect(thrown(() => churnRateAccumulator.create()).path).toEqual(['options']);
    expect(thrown(() => churnRateAccumulator.create({ periodStart } as never)).path).toEqual(['options', 'periodEnd']);
    expect(thrown(() => churnRateAccumulator.create({ periodStart: periodEnd, periodEnd: periodStart })).path).toEqual(['options', 'periodEnd']);
    expect(thrown(() => churnRateAccumulator.create({ periodStart, periodEnd, method: 'end' as never })).path).toEqual(['options', 'method']);
    expect(thrown(() => retentionRateAccumulator.create({ periodStart, periodEnd, confidence: 2 })).path).toEqual(['options', 'confidence']);
    expect(thrown(() => revenueChurnAccumulator.create({ periodStart, periodEnd, method: 'start' } as never)).path).toEqual(['options', 'method']);
    expect(thrown(() => cohortRetentionAccumulator.create({ period: 'month' } as never)).path).toEqual(['options', 'asOf']);
    expect(thrown(() => cohortRetentionAccumulator.create({ period: 'month', asOf, periodCount: 0 })).path).toEqual(['options', 'periodCount']);
    const acc = churnRateAccumulator.create({ periodStart, periodEnd });
    expect(thrown(() => acc.add({ startedAt: T0 }, -1)).path).toEqual(['index']);
    expect(thrown(() => acc.addAll([], 1.5)).path).toEqual(['offset']);
    expect(thrown(() => acc.addAll({} as never)).path).toEqual(['customers']);
    expect(acc.n).toBe(0);
  });

  describe('fromJSON validates the whole state and throws KpiInputError on a tampered one', () => {
    const acc = revenueChurnAccumulator
      .create({ periodStart, periodEnd })
      .addAll([{ startedAt: T0, mrr: 5, currency: 'EUR' }, { startedAt: 'x' }, { startedAt: periodStart + DAY }]);
    const good = JSON.parse(JSON.stringify(acc)) as Record<string, unknown>;
    const goodState = good['state'] as Record<string, unknown>;
    const bad = (patch: Record<string, unknown>): KpiInputError => thrown(() => revenueChurnAccumulator.fromJSON({ ...good, ...patch }));
    const badState = (patch: Record<string, unknown>): KpiInputError => bad({ state: { ...goodState, ...patch } });

    it('restores a good state to the same accumulator', () => {
      expect(good['state']).toEqual({
        customerCount: 2,
        atStart: 1,
        atEnd: 2,
        retained: 1,
        startingMrr: '5',
        churnedMrr: '0',
        currencies: { EUR: { index: 0, customerId: null } },
      });
      const restored = revenueChurnAccumulator.fromJSON(good);
      expect(restored.toJSON()).toEqual(acc.toJSON());
      expect(outcome(() => restored.result())).toEqual(outcome(() => acc.result()));
      // fromJSON takes one argument: the options travel in the state.
      expect(revenueChurnAccumulator.fromJSON.length).toBe(1);
    });

    it('the envelope: format, version, metric, normalised options', () => {
      expect(thrown(() => revenueChurnAccumulator.fromJSON('{}')).path).toEqual([]);
      expect(bad({ format: 'kpi-kit/customers' }).path).toEqual(['format']);
      const version = bad({ version: 1 });
      expect([version.code, version.path]).toEqual(['invalid_value', ['version']]);
      expect(version.message).toContain('version 1 is not a state layout this kpi-kit reads');
      expect(bad({ metric: 'churnRate' }).path).toEqual(['metric']);
      expect(bad({ options: null }).path).toEqual(['options']);
      expect(bad({ options: { periodStart } }).path).toEqual(['options', 'periodEnd']);
      expect(bad({ options: { periodStart, periodEnd, timeZone: 'UTC', method: 'start' } }).path).toEqual(['options', 'method']);
      // Options that create() would accept but that are not normalised: not as toJSON() writes them.
      const iso = bad({ options: { periodStart: new Date(periodStart).toISOString(), periodEnd, timeZone: 'UTC' } });
      expect([iso.code, iso.path]).toEqual(['invalid_value', ['options', 'periodStart']]);
      expect(bad({ options: { periodStart, periodEnd } }).path).toEqual(['options', 'timeZone']);
      expect(
        thrown(() => retentionRateAccumulator.fromJSON({ ...good, metric: 'retentionRate', options: { periodStart, periodEnd, timeZone: 'UTC' } })).path,
      ).toEqual(['options', 'confidence']);
    });

    it('the counts: seen, invalid records, and the state counts, consistent with each other', () => {
      expect(bad({ seen: -1 }).path).toEqual(['seen']);
      expect(bad({ seen: 2.5 }).code).toBe('not_integer');
      expect(bad({ seen: NaN }).code).toBe('not_finite');
      expect(bad({ seen: '3' }).code).toBe('invalid_type');
      expect([bad({ seen: 4 }).code, bad({ seen: 4 }).path]).toEqual(['inconsistent', ['seen']]);
      expect(bad({ invalid: { count: 1 } }).path).toEqual(['invalid', 'indices']);
      expect(bad({ invalid: { count: 4, indices: [0, 1, 2, 3], listed: [] } }).path).toEqual(['invalid', 'count']);
      expect(bad({ invalid: { count: 2, indices: [1, 2], listed: [] } }).path).toEqual(['seen']);
      expect(bad({ invalid: { count: 1, indices: [-1], listed: [] } }).path).toEqual(['invalid', 'indices', 0]);
      // A hole in an array.
      expect(bad({ invalid: { count: 1, indices: new Array(1), listed: [] } }).path).toEqual(['invalid', 'indices', 0]);
      expect(bad({ invalid: { count: 1, indices: [1], listed: [{ index: 1, issues: [{ code: 'nope', path: [], message: '' }] }] } }).path).toEqual([
        'invalid',
        'listed',
        0,
      ]);
      expect(badState({ customerCount: -1 }).path).toEqual(['state', 'customerCount']);
      expect(badState({ atStart: 1.5 }).code).toBe('not_integer');
      expect(badState({ atEnd: NaN }).code).toBe('not_finite');
      expect(badState({ retained: '1' }).code).toBe('invalid_type');
      expect(badState({ atStart: undefined }).path).toEqual(['state', 'atStart']);
      const retained = badState({ retained: 2 });
      expect([retained.code, retained.path, retained.message]).toEqual([
        'inconsistent',
        ['state', 'retained'],
        'revenueChurnAccumulator.fromJSON: state.retained (2) cannot exceed state.atStart (1)',
      ]);
      expect(badState({ atStart: 2, atEnd: 2, customerCount: 2 }).path).toEqual(['state', 'customerCount']);
      expect(badState({ customerCount: 1 }).path).toEqual(['state', 'customerCount']);
      // Counts that agree with each other but not with seen.
      expect(badState({ customerCount: 3 }).path).toEqual(['seen']);
    });

    it('the sums: non-negative decimal strings, consistent with the counts', () => {
      expect(badState({ startingMrr: '-5' }).path).toEqual(['state', 'startingMrr']);
      expect(badState({ startingMrr: 5 }).path).toEqual(['state', 'startingMrr']);
      expect(badState({ startingMrr: '5e3' }).path).toEqual(['state', 'startingMrr']);
      expect(badState({ startingMrr: 'NaN' }).path).toEqual(['state', 'startingMrr']);
      expect(badState({ churnedMrr: null }).path).toEqual(['state', 'churnedMrr']);
      expect(badState({ churnedMrr: '6' }).path).toEqual(['state', 'churnedMrr']);
      // No customer lost: no churned MRR; no customer at start: no starting MRR; none retained: all of it churned.
      expect(badState({ churnedMrr: '1' }).message).toContain('must be 0 when no customer was lost');
      expect(badState({ atStart: 0, retained: 0, atEnd: 1, customerCount: 2 }).message).toContain('must be 0 when state.atStart is 0');
      expect(badState({ retained: 0, atEnd: 1, customerCount: 2 }).message).toContain('must equal state.startingMrr');
    });

    it('the currencies and unknown keys', () => {
      expect(badState({ currencies: [] }).path).toEqual(['state', 'currencies']);
      expect(badState({ currencies: { eur: { index: 0, customerId: null } } }).path).toEqual(['state', 'currencies', 'eur']);
      expect(badState({ currencies: { EUR: [0, null] } }).path).toEqual(['state', 'currencies', 'EUR']);
      expect(badState({ currencies: { EUR: { index: -1, customerId: null } } }).path).toEqual(['state', 'currencies', 'EUR']);
      expect(badState({ currencies: { EUR: { index: 0, customerId: {} } } }).path).toEqual(['state', 'currencies', 'EUR']);
      expect(
        badState({ currencies: { EUR: { index: 0, customerId: null }, USD: { index: 1, customerId: null }, GBP: { index: 2, customerId: null } } }).code,
      ).toBe('inconsistent');
      expect(badState({ currencies: undefined }).path).toEqual(['state', 'currencies']);
      expect(badState({ extra: 1 }).path).toEqual(['state', 'extra']);
      expect(bad({ state: null }).path).toEqual(['state']);
      expect(bad({ state: [] }).path).toEqual(['state']);
      // Counting metrics have no currencies in their state.
      const churn = JSON.parse(
        JSON.stringify(churnRateAccumulator.create({ periodStart, periodEnd }).add({ startedAt: T0, mrr: 1, currency: 'EUR' })),
      ) as Record<string, unknown>;
      expect(churn['state']).toEqual({ customerCount: 1, atStart: 1, atEnd: 1, retained: 1 });
      expect(thrown(() => churnRateAccumulator.fromJSON({ ...churn, state: { ...(churn['state'] as object), currencies: {} } })).path).toEqual([
        'state',
        'currencies',
      ]);
    });

    it('cohort states: periods starting by asOf in ascending order, cells in order, counts within the cohort', () => {
      const cohort = JSON.parse(JSON.stringify(cohortRetentionAccumulator.create({ period: 'month', asOf }).add({ startedAt: T0, mrr: 2 }))) as Record<
        string,
        unknown
      >;
      expect(cohort['state']).toEqual({ afterAsOf: 0, cohorts: [{ startMs: T0, withoutMrr: 0, cells: [{ last: null, count: 1, mrr: '2' }] }], currencies: {} });
      const badCohort = (cohorts: unknown, afterAsOf: unknown = 0): KpiInputError =>
        thrown(() => cohortRetentionAccumulator.fromJSON({ ...cohort, state: { afterAsOf, cohorts, currencies: {} } }));
      const cell = { last: null, count: 1, mrr: '2' };
      expect(thrown(() => cohortRetentionAccumulator.fromJSON({ ...cohort, state: null })).path).toEqual(['state']);
      expect(badCohort({}).path).toEqual(['state', 'cohorts']);
      expect(badCohort([], -1).path).toEqual(['state', 'afterAsOf']);
      const holed: unknown[] = [];
      holed[1] = { startMs: T0, withoutMrr: 0, cells: [cell] };
      expect(badCohort(holed).path).toEqual(['state', 'cohorts', 0]);
      expect(badCohort([{ startMs: T0 + 1, withoutMrr: 0, cells: [cell] }]).path).toEqual(['state', 'cohorts', 0, 'startMs']);
      expect(badCohort([{ startMs: T0 + 400 * DAY, withoutMrr: 0, cells: [cell] }]).path).toEqual(['state', 'cohorts', 0, 'startMs']);
      expect(badCohort([{ startMs: NaN, withoutMrr: 0, cells: [cell] }]).path).toEqual(['state', 'cohorts', 0, 'startMs']);
      const feb = Date.UTC(2024, 1, 1);
      expect(
        badCohort([
          { startMs: feb, withoutMrr: 0, cells: [cell] },
          { startMs: T0, withoutMrr: 0, cells: [cell] },
        ]).path,
      ).toEqual(['state', 'cohorts', 1, 'startMs']);
      expect(
        badCohort([
          { startMs: T0, withoutMrr: 0, cells: [cell] },
          { startMs: T0, withoutMrr: 0, cells: [cell] },
        ]).path,
      ).toEqual(['state', 'cohorts', 1, 'startMs']);
      expect(badCohort([{ startMs: T0, withoutMrr: 0, cells: [] }]).path).toEqual(['state', 'cohorts', 0, 'cells']);
      expect(badCohort([{ startMs: T0, withoutMrr: 0, cells: [{ last: -2, count: 1, mrr: '1' }] }]).path).toEqual(['state', 'cohorts', 0, 'cells', 0, 'last']);
      expect(badCohort([{ startMs: T0, withoutMrr: 0, cells: [{ last: 0.5, count: 1, mrr: '1' }] }]).path).toEqual(['state', 'cohorts', 0, 'cells', 0, 'last']);
      expect(badCohort([{ startMs: T0, withoutMrr: 0, cells: [cell, { last: 0, count: 1, mrr: '1' }] }]).path).toEqual([
        'state',
        'cohorts',
        0,
        'cells',
        1,
        'last',
      ]);
      expect(
        badCohort([
          {
            startMs: T0,
            withoutMrr: 0,
            cells: [
              { last: 1, count: 1, mrr: '1' },
              { last: 1, count: 1, mrr: '1' },
            ],
          },
        ]).path,
      ).toEqual(['state', 'cohorts', 0, 'cells', 1, 'last']);
      expect(badCohort([{ startMs: T0, withoutMrr: 0, cells: [{ last: 0, count: 0, mrr: '1' }] }]).path).toEqual(['state', 'cohorts', 0, 'cells', 0, 'count']);
      expect(badCohort([{ startMs: T0, withoutMrr: 0, cells: [{ last: 0, count: -1, mrr: '1' }] }]).path).toEqual(['state', 'cohorts', 0, 'cells', 0, 'count']);
      expect(badCohort([{ startMs: T0, withoutMrr: 0, cells: [{ last: 0, count: 1, mrr: '-1' }] }]).path).toEqual(['state', 'cohorts', 0, 'cells', 0, 'mrr']);
      expect(badCohort([{ startMs: T0, withoutMrr: 0, cells: [{ last: 0, count: 1, mrr: '1', more: 1 }] }]).path).toEqual([
        'state',
        'cohorts',
        0,
        'cells',
        0,
        'more',
      ]);
      // More customers without mrr than the cohort has, or an MRR sum with no customer carrying mrr.
      const many = badCohort([{ startMs: T0, withoutMrr: 2, cells: [cell] }]);
      expect([many.code, many.path]).toEqual(['inconsistent', ['state', 'cohorts', 0, 'withoutMrr']]);
      expect(badCohort([{ startMs: T0, withoutMrr: 1, cells: [cell] }]).path).toEqual(['state', 'cohorts', 0, 'cells']);
      // Consistent, but one customer more than seen.
      expect(badCohort([{ startMs: T0, withoutMrr: 0, cells: [{ ...cell, count: 2 }] }]).path).toEqual(['seen']);
      // A valid hand-written state restores to the result it describes.
      const restored = cohortRetentionAccumulator.fromJSON({
        ...cohort,
        seen: 4,
        state: {
          afterAsOf: 0,
          cohorts: [
            {
              startMs: T0,
              withoutMrr: 0,
              cells: [
                { last: 0, count: 1, mrr: '1' },
                { last: null, count: 3, mrr: '3' },
              ],
            },
          ],
          currencies: {},
        },
      });
      expect(restored.result().cohorts[0]).toMatchObject({ size: 4, retained: [4, 3, 3], revenueShares: [1, 0.75, 0.75] });
    });
  });
});
