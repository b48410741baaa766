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
import { KpiInputError } from '../../src/core/errors.js';
import { addRecords } from '../../src/core/accumulator.js';
import { byPeriodAccumulator } from '../../src/grouping/by-period.js';
import { bySegmentAccumulator } from '../../src/grouping/by-segment.js';
import { columnRows } from '../../src/records/columns.js';
import { TICKET_FIELDS, TICKET_KIND } from '../../src/records/tickets.js';
import * as kpi from '../../src/index.js';
import { csat } from '../../src/survey/csat.js';
import { supportAccumulatorCases } from '../support/accumulator-cases.js';
import { type Layout, toColumns } from '../records/column-layouts.js';

/** The result and state, or the error's issues. */
function outcome(run: () => { result(): unknown; toJSON(): unknown }): unknown {
  try {
    const acc = run();
    return JSON.parse(JSON.stringify({ result: acc.result(), state: acc.toJSON() })) as unknown;
  } catch (error) {
    if (!(error instanceof KpiInputError)) throw error;
    return { threw: error.issues.map((i) => ({ code: i.code, path: i.path })) };
  }
}

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
      expect(metric.accumulator).toBeDefined();
      let compared = 0;
      fc.assert(
        fc.property(
          input,
          fc.array(fc.constantFrom<Layout>('array', 'float64', 'dictionary', 'masked'), { minLength: 1, maxLength: 5 }),
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
