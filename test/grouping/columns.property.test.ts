/**
 * The grouped accumulators over rows read as columns (a `ColumnRows` source, as the command hands
 * them its batches): `byPeriodAccumulator` (with and without `by`) and `bySegmentAccumulator` give
 * the same result and state as over the same records — each row placed once, each group handed
 * its rows as columns — or raise the same error. The records and options are those the
 * accumulator property suite draws for each ticket metric (test/support/accumulator-cases.ts),
 * plus `csat` over tickets with answers; the columns are laid out in random layouts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addRecords } from '../../src/core/accumulator.js';
import { byPeriodAccumulator } from '../../src/grouping/by-period.js';
import { bySegmentAccumulator } from '../../src/grouping/by-segment.js';
import { SplitRows, columnRows } from '../../src/records/columns.js';
import { TICKET_FIELDS, TICKET_KIND } from '../../src/records/tickets.js';
import * as kpi from '../../src/index.js';
import { csat } from '../../src/survey/csat.js';
import { supportAccumulatorCases } from '../support/accumulator-cases.js';
import { type Layout, toColumns } from '../records/column-layouts.js';
import { outcome } from './outcome.js';
import { KpiInputError } from '../../src/core/errors.js';

const CHANNELS = ['chat', 'email', 'phone', null] as const;
const grouping = fc.record({
  period: fc.constantFrom('day', 'week', 'month'),
  timeZone: fc.constantFrom('UTC', 'America/New_York'),
  by: fc.constantFrom(null, 'channel', 'status', 'reopened'),
  at: fc.constantFrom(undefined, 'resolvedAt'),
});

type Metric = { readonly accumulator: unknown };
const metrics: readonly { readonly name: string; readonly metric: Metric; readonly input: fc.Arbitrary<{ options: unknown; records: readonly unknown[] }> }[] =
  [
    ...supportAccumulatorCases.map((c) => {
      const name = c.name.replace(/Accumulator$/, '');
      return { name, metric: (kpi as unknown as Record<string, Metric>)[name] as Metric, input: c.input };
    }),
    {
      name: 'csat',
      metric: csat,
      input: fc.record({
        options: fc.constantFrom({ onInvalid: 'exclude' }, { onInvalid: 'throw' }, { onInvalid: 'exclude', scale: '1-10' }),
        records: fc.array(
          fc.record({
            createdAt: fc.oneof(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 3, 1) }), fc.constant(null)),
            csat: fc.constantFrom(null, 1, 3, 4, 5, 7, 0, 'x'),
          }),
          { maxLength: 40 },
        ),
      }),
    },
  ];

describe('grouped accumulators over rows read as columns ≡ over the records', () => {
  for (const { name, metric, input } of metrics) {
    it(name, () => {
      // The export looked up by the case's name is that metric (its accumulator names it).
      expect((metric.accumulator as { readonly metric?: unknown } | undefined)?.metric).toBe(name);
      let compared = 0;
      fc.assert(
        fc.property(
          input,
          fc.array(fc.constantFrom<Layout>('array', 'float64', 'dictionary', 'masked', 'float32'), { minLength: 1, maxLength: 5 }),
          grouping,
          fc.array(fc.constantFrom(...CHANNELS), { minLength: 1, maxLength: 7 }),
          fc.integer({ min: 0, max: 3 }),
          ({ options, records }, layouts, g, channels, base) => {
            // A channel on each record (the segment key), when the draw has none.
            const withChannels = records.map((r, i) =>
              typeof r === 'object' && r !== null && !Array.isArray(r) && !('channel' in r) ? { ...r, channel: channels[i % channels.length] } : r,
            );
            const columns = toColumns(withChannels, TICKET_FIELDS, layouts);
            if (columns === null) return;
            compared++;
            const periodOptions = {
              period: g.period,
              timeZone: g.timeZone,
              ...(g.by === null ? {} : { by: g.by }),
              ...(g.at === undefined ? {} : { at: g.at }),
            };
            const make = (): { addAll(records: readonly unknown[], offset?: number): unknown; result(): unknown; toJSON(): unknown } =>
              g.by !== null && g.period === 'week' && g.at === undefined
                ? bySegmentAccumulator(metric as never, g.by, options as never)
                : byPeriodAccumulator(metric as never, periodOptions as never, options as never);
            const a = outcome(() => {
              const acc = make();
              acc.addAll(withChannels, base);
              return acc;
            });
            const b = outcome(() => {
              const acc = make();
              addRecords(acc as never, columnRows('test', TICKET_FIELDS, columns, TICKET_KIND.rowShape ?? null, true), base);
              return acc;
            });
            expect(b).toEqual(a);
          },
        ),
        { numRuns: 40 },
      );
      expect(compared).toBeGreaterThan(15);
    });
  }
});

describe('grouped accumulators over columns: the rows the columns cannot place are added one by one', () => {
  const T = Date.UTC(2024, 0, 10);
  const frt = (at: 'createdAt' | 'resolvedAt') => byPeriodAccumulator(kpi.firstResponseTime, { period: 'month', at }, { onInvalid: 'exclude' });
  const rowsOf = (columns: Record<string, unknown>) => columnRows('test', TICKET_FIELDS, columns, TICKET_KIND.rowShape ?? null, true);

  it('an `at` instant beyond the range of Date raises the error it raises over records (row 2)', () => {
    const columns = { createdAt: Float64Array.of(T, T), firstResponseAt: Float64Array.of(T + 60_000, T + 60_000), resolvedAt: Float64Array.of(T + 1, 9e15) };
    const records = [
      { createdAt: T, firstResponseAt: T + 60_000, resolvedAt: T + 1 },
      { createdAt: T, firstResponseAt: T + 60_000, resolvedAt: 9e15 },
    ];
    expect(() => frt('resolvedAt').addAll(records)).toThrow(KpiInputError);
    expect(outcome(() => addRecords(frt('resolvedAt') as never, rowsOf(columns)) as never)).toEqual(outcome(() => frt('resolvedAt').addAll(records) as never));
  });

  it('a segment key that is not one (an object) raises the error it raises over records', () => {
    const by = () => bySegmentAccumulator(kpi.firstResponseTime, 'channel', { onInvalid: 'exclude' });
    const channel = ['chat', { not: 'a key' }];
    const columns = { createdAt: Float64Array.of(T, T), firstResponseAt: Float64Array.of(T + 1, T + 2), channel };
    const records = [
      { createdAt: T, firstResponseAt: T + 1, channel: 'chat' },
      { createdAt: T, firstResponseAt: T + 2, channel: { not: 'a key' } },
    ];
    const error = outcome(() => by().addAll(records));
    expect(error).toMatchObject({ threw: [{ code: 'invalid_type', path: ['tickets', 1, 'channel'] }] });
    expect(outcome(() => addRecords(by() as never, rowsOf(columns)) as never)).toEqual(error);
  });

  it('rows known only by their groups cannot be read as columns (an internal error, never a wrong figure)', () => {
    const split = new SplitRows(2, 'segments of channel', []);
    expect(split.memo('segments of channel', () => 'other')).toEqual([]);
    for (const read of [() => split.rows(), () => split.record(), () => split.gather(), () => split.has(), () => split.memo('periods', () => 1)]) {
      expect(read).toThrow('kpi-kit internal error: rows split by a grouping were read as columns');
    }
  });
});
