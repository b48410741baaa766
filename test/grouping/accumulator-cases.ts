/**
 * The grouped accumulators (`byPeriodAccumulator`, `bySegmentAccumulator`), described for the
 * property suite that runs over every factory of the library (see test/accumulator-case.ts), each
 * over a ticket metric and a contact metric.
 */
import fc from 'fast-check';
import type { AccumulatorCase } from '../accumulator-case.js';
import { byPeriodAccumulator, bySegmentAccumulator } from '../../src/grouping/index.js';
import { firstResponseTime, resolutionRate } from '../../src/support/index.js';
import { abandonmentRate } from '../../src/contact-center/index.js';

const H = 3_600_000;
const DAY = 24 * H;

/** A ticket metric or a contact metric, with records for it (some invalid, excluded). */
const metric = fc.constantFrom('firstResponseTime', 'resolutionRate', 'abandonmentRate');
const METRICS = { firstResponseTime, resolutionRate, abandonmentRate } as const;

/** The metric a state names (firstResponseTime when it names none of these). */
function metricOf(json: unknown): typeof firstResponseTime {
  const name = (json as { options?: { metric?: unknown } } | null)?.options?.metric;
  return (METRICS[name as keyof typeof METRICS] ?? firstResponseTime) as typeof firstResponseTime;
}

const ticket = fc
  .record({
    createdAt: fc.integer({ min: 0, max: 120 * DAY }),
    response: fc.option(fc.integer({ min: 0, max: 48 * H }), { nil: undefined }),
    status: fc.constantFrom('open', 'solved'),
    channel: fc.constantFrom('chat', 'email', 'phone'),
  })
  .map(({ createdAt, response, status, channel }) => ({
    createdAt,
    ...(response === undefined ? {} : { firstResponseAt: createdAt + response }),
    status,
    channel,
  }));
const contact = fc
  .record({
    offeredAt: fc.integer({ min: 0, max: 120 * DAY }),
    wait: fc.integer({ min: 0, max: 300_000 }),
    answered: fc.boolean(),
    queue: fc.constantFrom('sales', 'billing'),
  })
  .map(({ offeredAt, wait, answered, queue }) => ({ offeredAt, [answered ? 'answeredAt' : 'abandonedAt']: offeredAt + wait, queue }));
const badTicket = fc.constantFrom<unknown>({ createdAt: 'soon' }, { createdAt: 10, firstResponseAt: 5 }, null);
const badContact = fc.constantFrom<unknown>({ offeredAt: 'soon' }, { offeredAt: 10, answeredAt: 5 }, null);

const recordsOf = (name: string) =>
  fc.array(
    fc.oneof(
      { weight: 6, arbitrary: name === 'abandonmentRate' ? contact : ticket },
      { weight: 1, arbitrary: name === 'abandonmentRate' ? badContact : badTicket },
    ),
    { maxLength: 50 },
  );

const periodOptions = fc.record({
  period: fc.constantFrom('day', 'week', 'month', 'quarter'),
  timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York'),
  fill: fc.boolean(),
});

export const groupingAccumulatorCases: readonly AccumulatorCase[] = [
  {
    name: 'byPeriodAccumulator',
    create: (o) => {
      const { metric: name, metricOptions, ...options } = o as { metric: keyof typeof METRICS; metricOptions: unknown };
      return byPeriodAccumulator(METRICS[name] as typeof firstResponseTime, options as never, metricOptions as never);
    },
    fromJSON: (j) => {
      return byPeriodAccumulator.fromJSON(j, metricOf(j));
    },
    // Half of the cases with `by` (period × segment): each period's records split by segment.
    input: fc.record({ metric, period: periodOptions, split: fc.boolean() }).chain(({ metric: name, period, split }) =>
      recordsOf(name).map((records) => ({
        options: {
          ...period,
          ...(split ? { by: name === 'abandonmentRate' ? 'queue' : 'channel' } : {}),
          metric: name,
          metricOptions: { onInvalid: 'exclude' },
        },
        records,
      })),
    ),
    incompatible: [
      [
        { metric: 'firstResponseTime', period: 'month' },
        { metric: 'firstResponseTime', period: 'day' },
      ],
      [
        { metric: 'firstResponseTime', period: 'month' },
        { metric: 'firstResponseTime', period: 'month', timeZone: 'Europe/Berlin' },
      ],
      [
        { metric: 'firstResponseTime', period: 'week' },
        { metric: 'firstResponseTime', period: 'week', weekStartsOn: 0 },
      ],
      [
        { metric: 'firstResponseTime', period: 'month' },
        { metric: 'firstResponseTime', period: 'month', at: 'firstResponseAt' },
      ],
      [
        { metric: 'firstResponseTime', period: 'month' },
        { metric: 'firstResponseTime', period: 'month', fill: false },
      ],
      [
        { metric: 'firstResponseTime', period: 'month' },
        { metric: 'firstResponseTime', period: 'month', metricOptions: { percentiles: [95] } },
      ],
      [
        { metric: 'firstResponseTime', period: 'month' },
        { metric: 'resolutionRate', period: 'month' },
      ],
      [
        { metric: 'firstResponseTime', period: 'month' },
        { metric: 'firstResponseTime', period: 'month', by: 'channel' },
      ],
      [
        { metric: 'firstResponseTime', period: 'month', by: 'channel' },
        { metric: 'firstResponseTime', period: 'month', by: 'agent' },
      ],
    ],
  },
  {
    name: 'bySegmentAccumulator',
    create: (o) => {
      const { metric: name, by, metricOptions } = o as { metric: keyof typeof METRICS; by: string; metricOptions: unknown };
      return bySegmentAccumulator(METRICS[name] as typeof firstResponseTime, by, metricOptions as never);
    },
    fromJSON: (j) => {
      return bySegmentAccumulator.fromJSON(j, metricOf(j));
    },
    input: metric.chain((name) =>
      recordsOf(name).map((records) => ({
        options: { metric: name, by: name === 'abandonmentRate' ? 'queue' : 'channel', metricOptions: { onInvalid: 'exclude' } },
        records,
      })),
    ),
    incompatible: [
      [
        { metric: 'firstResponseTime', by: 'channel' },
        { metric: 'firstResponseTime', by: 'agent' },
      ],
      [
        { metric: 'firstResponseTime', by: 'channel' },
        { metric: 'firstResponseTime', by: 'channel', metricOptions: { targetMs: 60_000 } },
      ],
      [
        { metric: 'firstResponseTime', by: 'channel' },
        { metric: 'resolutionRate', by: 'channel' },
      ],
    ],
  },
];
