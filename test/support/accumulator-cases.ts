/**
 * The support family's accumulator factories (the 20 ticket accumulators), described for the
 * property suite that runs over every factory of the library (see test/accumulator-case.ts): valid
 * option sets paired with tickets those options accept (invalid ones only with
 * `onInvalid: 'exclude'`), and pairs of option sets that differ in one normalised option.
 */
import fc from 'fast-check';
import type { AccumulatorCase } from '../accumulator-case.js';
import { averageHandleTimeAccumulator } from '../../src/support/average-handle-time.js';
import { backlogAccumulator } from '../../src/support/backlog.js';
import { complaintsAccumulator } from '../../src/support/complaints.js';
import { firstContactResolutionAccumulator } from '../../src/support/first-contact-resolution.js';
import { firstResponseTimeAccumulator } from '../../src/support/first-response-time.js';
import { reopenRateAccumulator } from '../../src/support/reopen-rate.js';
import { resolutionConsistencyAccumulator } from '../../src/support/resolution-consistency.js';
import { resolutionRateAccumulator } from '../../src/support/resolution-rate.js';
import { resolutionTimeAccumulator } from '../../src/support/resolution-time.js';
import { slaComplianceAccumulator } from '../../src/support/sla-compliance.js';
import { ticketsPerHourAccumulator } from '../../src/support/tickets-per-hour.js';
import { topTopicsAccumulator } from '../../src/support/top-topics.js';
import { volumeByChannelAccumulator } from '../../src/support/volume-by-channel.js';
import { firstResolutionTimeAccumulator } from '../../src/support/first-resolution-time.js';
import { requesterWaitTimeAccumulator } from '../../src/support/requester-wait-time.js';
import { agentWaitTimeAccumulator } from '../../src/support/agent-wait-time.js';
import { onHoldTimeAccumulator } from '../../src/support/on-hold-time.js';
import { agentWorkTimeAccumulator } from '../../src/support/agent-work-time.js';
import { repliesPerTicketAccumulator } from '../../src/support/replies-per-ticket.js';
import { reopensPerTicketAccumulator } from '../../src/support/reopens-per-ticket.js';
import { businessCalendar } from '../../src/time/calendar.js';

const H = 3_600_000;
const DAY = 24 * H;
/** Monday 2024-01-01 00:00 UTC: tickets are created in the 30 days from it. */
const T0 = Date.UTC(2024, 0, 1);

/** Two business calendars (one with a holiday, in another zone), and what their specs are. */
const WEEKDAYS = {
  timeZone: 'UTC',
  hours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
} as const;
const BERLIN = {
  timeZone: 'Europe/Berlin',
  hours: {
    mon: [
      ['08:00', '12:00'],
      ['13:00', '18:00'],
    ],
    sat: [['10:00', '14:00']],
  },
  holidays: ['2024-01-15'],
} as const;
const calendars = [businessCalendar(WEEKDAYS), businessCalendar(BERLIN)];

/** Drops the keys whose value is `undefined` (options are left out, not given as undefined). */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What a case's `input` draws. */
type Input = { readonly options: unknown; readonly records: readonly unknown[] };
type Options = Record<string, unknown>;

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** An instant within the tickets' month, as epoch ms or an ISO-8601 string. */
const instant = fc.integer({ min: T0 - 5 * DAY, max: T0 + 40 * DAY }).chain((ms) => fc.constantFrom<number | string>(ms, new Date(ms).toISOString()));

/** The ticket options every ticket metric shares; `onInvalid: 'exclude'` lets invalid tickets in. */
const shared = fc.record({
  resolvedStatuses: maybe(fc.constantFrom(['solved', 'closed', 'resolved'], ['Solved'], ['done', 'closed'])),
  timeZone: maybe(fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York')),
  onInvalid: maybe(fc.constantFrom('throw' as const, 'exclude' as const)),
});

const confidence = maybe(fc.constantFrom(0.8, 0.9, 0.95, 0.99));
const percentiles = maybe(
  fc.array(fc.oneof(fc.constantFrom(50, 90, 95, 99, 99.9), fc.double({ min: 0.5, max: 99.5, noNaN: true })), { minLength: 0, maxLength: 4 }),
);

/**
 * A valid ticket carrying every field the ticket metrics read, consistent in itself; `timestamps`
 * (for a business calendar) gives every response and resolution as a timestamp, never as a
 * duration alone, and no paused time (which could exceed the business duration).
 */
function ticket(timestamps: boolean): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      created: fc.integer({ min: T0, max: T0 + 30 * DAY }),
      asString: fc.boolean(),
      response: fc.option(fc.integer({ min: 0, max: 3 * DAY }), { nil: null }),
      responseAsMs: fc.boolean(),
      resolution: fc.option(fc.integer({ min: 0, max: 10 * DAY }), { nil: null }),
      resolutionAsMs: fc.boolean(),
      closedAfter: fc.option(fc.integer({ min: 0, max: 2 * DAY }), { nil: null }),
      status: fc.constantFrom('solved', 'Closed', 'open', 'pending', 'done', undefined),
      reopened: maybe(fc.boolean()),
      contactCount: fc.integer({ min: 0, max: 3 }),
      flag: fc.boolean(),
      customer: fc.constantFrom('c1', 'c2', 3, 'c4', undefined),
      topic: fc.constantFrom('billing', 'login', undefined),
      category: fc.constantFrom('account', undefined),
      priority: fc.constantFrom('low', 'High', 'urgent', undefined),
      agent: fc.constantFrom('ana', 'ben', 'cy', undefined),
      channel: fc.constantFrom('chat', 'email', null, undefined),
      team: fc.constantFrom('a', 'b', undefined),
      qa: maybe(fc.boolean()),
      csat: maybe(fc.integer({ min: 1, max: 5 })),
      complaint: maybe(fc.boolean()),
      escalated: maybe(fc.boolean()),
      handle: maybe(fc.integer({ min: 0, max: 2 * H })),
      paused: fc.double({ min: 0, max: 1, noNaN: true }),
      firstResolution: fc.option(fc.integer({ min: 0, max: 10 * DAY }), { nil: null }),
      waits: fc.tuple(
        maybe(fc.integer({ min: 0, max: 5 * DAY })),
        maybe(fc.integer({ min: 0, max: 5 * DAY })),
        maybe(fc.double({ min: 0, max: DAY, noNaN: true })),
      ),
      replyCount: maybe(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 200 }))),
      reopenCount: maybe(fc.integer({ min: 0, max: 3 })),
    })
    .map((r) => {
      const iso = (ms: number): string | number => (r.asString ? new Date(ms).toISOString() : ms);
      // FCR's 'repeat-window' needs a customer on every resolved ticket: only tickets that no
      // resolvedStatuses of these cases resolve go without one.
      const neverResolved = r.status === 'open' || r.status === 'pending' || (r.status === undefined && r.resolution === null);
      const customerId = r.customer ?? (neverResolved ? undefined : 'c1');
      const out: Record<string, unknown> = {
        createdAt: iso(r.created),
        contactCount: r.contactCount,
        firstContactResolved: r.flag,
        ...defined({ customerId }),
      };
      if (r.response !== null) {
        if (r.responseAsMs && !timestamps) out['firstResponseMs'] = r.response;
        else out['firstResponseAt'] = iso(r.created + r.response);
      }
      if (r.resolution !== null) {
        if (r.resolutionAsMs && !timestamps) out['resolutionMs'] = r.resolution;
        else out['resolvedAt'] = iso(r.created + r.resolution);
        if (r.closedAfter !== null) out['closedAt'] = iso(r.created + r.resolution + r.closedAfter);
        if (!timestamps) out['pausedMs'] = Math.floor(r.resolution * r.paused);
      }
      // The first resolution: not after the last one.
      if (r.firstResolution !== null) out['firstResolvedAt'] = iso(r.created + Math.min(r.firstResolution, r.resolution ?? r.firstResolution));
      const optional: Record<string, unknown> = {
        status: r.status,
        reopened: r.reopened,
        topic: r.topic,
        category: r.category,
        priority: r.priority,
        agent: r.agent,
        channel: r.channel,
        team: r.team,
        qaPassed: r.qa,
        csat: r.csat,
        complaint: r.complaint,
        escalated: r.escalated,
        handleTimeMs: r.handle,
        requesterWaitMs: r.waits[0],
        agentWaitMs: r.waits[1],
        onHoldMs: r.waits[2],
        agentWorkMs: r.waits[0],
        replyCount: r.replyCount,
        reopenCount: r.reopenCount,
      };
      return { ...out, ...defined(optional) };
    });
}

/** Records no ticket metric accepts (each has an unreadable `createdAt` or a negative handle time). */
const invalid = fc.constantFrom<unknown>(null, 42, 'ticket', { createdAt: 'never', handleTimeMs: -1 }, { createdAt: 'soon', handleTimeMs: 'long' });

/** Tickets for these options: valid ones, and with `onInvalid: 'exclude'` invalid ones among them. */
function records(options: Options, timestamps = false): fc.Arbitrary<unknown[]> {
  const valid = ticket(timestamps);
  if (options['onInvalid'] !== 'exclude') return fc.array(valid, { maxLength: 40 });
  return fc.array(fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: invalid }), { maxLength: 40 });
}

/** Options from the shared ones and the metric's own, then the tickets (timestamps only with a calendar). */
function input(own: fc.Arbitrary<Options>): fc.Arbitrary<Input> {
  return fc
    .tuple(shared, own)
    .map(([s, o]): Options => defined({ ...s, ...o }))
    .chain((options) => records(options, options['calendar'] !== undefined).map((r) => ({ options, records: r })));
}

/** One pair per shared option; `base` holds what the metric requires (asOf, targets, from/to). */
function sharedPairs(base: Options): (readonly [unknown, unknown])[] {
  return [
    [{ ...base, resolvedStatuses: ['solved'] }, base],
    [
      { ...base, timeZone: 'Europe/Berlin' },
      { ...base, timeZone: 'UTC' },
    ],
    [{ ...base, onInvalid: 'exclude' }, base],
  ];
}

// ---- Duration metrics ------------------------------------------------------------------------

const durationOptions = (withCalendar: boolean, extra: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<Options> =>
  fc.record({
    percentiles,
    targetMs: maybe(fc.integer({ min: 0, max: 2 * DAY })),
    calendar: withCalendar ? maybe(fc.constantFrom(...calendars)) : fc.constant(undefined),
    ...extra,
  });

const durationPairs = (withCalendar: boolean): (readonly [unknown, unknown])[] => [
  ...sharedPairs({}),
  [{ percentiles: [95] }, {}],
  [{ percentiles: [50, 95] }, { percentiles: [95, 50] }],
  [{ targetMs: H }, {}],
  [{ targetMs: H }, { targetMs: 2 * H }],
  ...(withCalendar
    ? ([
        [{ calendar: calendars[0] }, {}],
        [{ calendar: calendars[0] }, { calendar: calendars[1] }],
      ] as const)
    : []),
];

// ---- Counting metrics ------------------------------------------------------------------------

const fcrOptions: fc.Arbitrary<Options> = fc.constantFrom('contact-count' as const, 'flag' as const, 'repeat-window' as const, undefined).chain((method) =>
  fc.record({
    basis: maybe(fc.constantFrom('resolved', 'received')),
    method: fc.constant(method),
    windowDays: method === 'repeat-window' ? maybe(fc.double({ min: 0, max: 30, noNaN: true })) : fc.constant(undefined),
    sameTopic: method === 'repeat-window' ? maybe(fc.boolean()) : fc.constant(undefined),
    confidence,
  }),
);

/** Ascending age bucket bounds (ms). */
const bucketBounds = fc.uniqueArray(fc.integer({ min: 1, max: 40 * DAY }), { minLength: 1, maxLength: 6 }).map((b) => [...b].sort((x, y) => x - y));

const backlogAsOf = T0 + 20 * DAY;
const backlogOptions: fc.Arbitrary<Options> = fc.record({ asOf: instant, ageBucketsMs: maybe(bucketBounds), percentiles });

const targetPair = fc
  .record({ firstResponseMs: maybe(fc.integer({ min: 0, max: 3 * DAY })), resolutionMs: maybe(fc.integer({ min: 0, max: 10 * DAY })) })
  .map(defined);
const slaOptions: fc.Arbitrary<Options> = fc.record({
  asOf: instant,
  // At least one default target, so that any byPriority is valid.
  targets: fc
    .record({
      firstResponseMs: fc.integer({ min: 0, max: 3 * DAY }),
      resolutionMs: maybe(fc.integer({ min: 0, max: 10 * DAY })),
      byPriority: maybe(fc.record({ urgent: maybe(targetPair), High: maybe(targetPair), normal: maybe(targetPair) }).map(defined)),
    })
    .map(defined),
  calendar: maybe(fc.constantFrom(...calendars)),
});
const slaBase = { asOf: backlogAsOf, targets: { firstResponseMs: DAY } };

const tphOptions: fc.Arbitrary<Options> = fc
  .tuple(fc.integer({ min: T0 - 2 * DAY, max: T0 + 35 * DAY }), fc.integer({ min: 0, max: 20 * DAY }))
  .chain(([from, length]) =>
    fc.record({
      from: fc.constantFrom<number | string>(from, new Date(from).toISOString()),
      to: fc.constant(from + length),
      calendar: maybe(fc.constantFrom(...calendars)),
      agentHours: maybe(fc.record({ ana: maybe(fc.double({ min: 0.5, max: 200, noNaN: true })), zed: maybe(fc.integer({ min: 1, max: 40 })) }).map(defined)),
    }),
  );
const tphBase = { from: T0, to: T0 + 7 * DAY };

const consistencyOptions: fc.Arbitrary<Options> = fc.record({
  outcome: maybe(fc.constantFrom('resolution-time', 'fcr', 'csat')),
  minTickets: maybe(fc.integer({ min: 1, max: 3 })),
  confidence,
});

const countOptions: fc.Arbitrary<Options> = fc.record({ percentiles });
const countPairs: (readonly [unknown, unknown])[] = [...sharedPairs({}), [{ percentiles: [95] }, {}]];

/** The status-time metrics: duration metrics without a calendar. */
const statusCases: AccumulatorCase[] = (
  [
    ['requesterWaitTimeAccumulator', requesterWaitTimeAccumulator],
    ['agentWaitTimeAccumulator', agentWaitTimeAccumulator],
    ['onHoldTimeAccumulator', onHoldTimeAccumulator],
    ['agentWorkTimeAccumulator', agentWorkTimeAccumulator],
  ] as const
).map(([name, factory]) => ({
  name,
  create: (o) => factory.create(o as never),
  fromJSON: (j) => factory.fromJSON(j),
  input: input(durationOptions(false)),
  incompatible: durationPairs(false),
}));

/** One case per support accumulator factory (the 20 ticket accumulators). */
export const supportAccumulatorCases: AccumulatorCase[] = [
  {
    name: 'firstResponseTimeAccumulator',
    create: (o) => firstResponseTimeAccumulator.create(o as never),
    fromJSON: (j) => firstResponseTimeAccumulator.fromJSON(j),
    input: input(durationOptions(true)),
    incompatible: durationPairs(true),
  },
  {
    name: 'resolutionTimeAccumulator',
    create: (o) => resolutionTimeAccumulator.create(o as never),
    fromJSON: (j) => resolutionTimeAccumulator.fromJSON(j),
    input: input(durationOptions(true, { excludePaused: maybe(fc.boolean()) })),
    incompatible: [...durationPairs(true), [{ excludePaused: true }, {}]],
  },
  {
    name: 'averageHandleTimeAccumulator',
    create: (o) => averageHandleTimeAccumulator.create(o as never),
    fromJSON: (j) => averageHandleTimeAccumulator.fromJSON(j),
    input: input(durationOptions(false)),
    incompatible: durationPairs(false),
  },
  {
    name: 'resolutionRateAccumulator',
    create: (o) => resolutionRateAccumulator.create(o as never),
    fromJSON: (j) => resolutionRateAccumulator.fromJSON(j),
    input: input(fc.record({ confidence })),
    incompatible: [...sharedPairs({}), [{ confidence: 0.8 }, {}]],
  },
  {
    name: 'reopenRateAccumulator',
    create: (o) => reopenRateAccumulator.create(o as never),
    fromJSON: (j) => reopenRateAccumulator.fromJSON(j),
    input: input(fc.record({ confidence })),
    incompatible: [...sharedPairs({}), [{ confidence: 0.9 }, { confidence: 0.95 }]],
  },
  {
    name: 'firstContactResolutionAccumulator',
    create: (o) => firstContactResolutionAccumulator.create(o as never),
    fromJSON: (j) => firstContactResolutionAccumulator.fromJSON(j),
    input: input(fcrOptions),
    incompatible: [
      ...sharedPairs({}),
      [{ basis: 'received' }, {}],
      [{ method: 'flag' }, {}],
      [{ method: 'repeat-window', windowDays: 3 }, { method: 'repeat-window' }],
      [{ method: 'repeat-window', sameTopic: false }, { method: 'repeat-window' }],
      [{ confidence: 0.8 }, {}],
    ],
  },
  {
    name: 'backlogAccumulator',
    create: (o) => backlogAccumulator.create(o as never),
    fromJSON: (j) => backlogAccumulator.fromJSON(j),
    input: input(backlogOptions),
    incompatible: [
      ...sharedPairs({ asOf: backlogAsOf }),
      [{ asOf: backlogAsOf }, { asOf: backlogAsOf + 1 }],
      [{ asOf: backlogAsOf, ageBucketsMs: [DAY] }, { asOf: backlogAsOf }],
      [{ asOf: backlogAsOf, percentiles: [95] }, { asOf: backlogAsOf }],
    ],
  },
  {
    name: 'slaComplianceAccumulator',
    create: (o) => slaComplianceAccumulator.create(o as never),
    fromJSON: (j) => slaComplianceAccumulator.fromJSON(j),
    input: input(slaOptions),
    incompatible: [
      ...sharedPairs(slaBase),
      [{ ...slaBase, asOf: new Date(backlogAsOf + H).toISOString() }, slaBase],
      [{ ...slaBase, targets: { firstResponseMs: 2 * DAY } }, slaBase],
      [{ ...slaBase, targets: { firstResponseMs: DAY, byPriority: { urgent: { firstResponseMs: H } } } }, slaBase],
      [{ ...slaBase, calendar: calendars[0] }, slaBase],
    ],
  },
  {
    name: 'ticketsPerHourAccumulator',
    create: (o) => ticketsPerHourAccumulator.create(o as never),
    fromJSON: (j) => ticketsPerHourAccumulator.fromJSON(j),
    input: input(tphOptions),
    incompatible: [
      ...sharedPairs(tphBase),
      [{ ...tphBase, from: T0 - DAY }, tphBase],
      [{ ...tphBase, to: T0 + 8 * DAY }, tphBase],
      [{ ...tphBase, calendar: calendars[1] }, tphBase],
      [{ ...tphBase, agentHours: { ana: 20 } }, tphBase],
    ],
  },
  {
    name: 'resolutionConsistencyAccumulator',
    create: (o) => resolutionConsistencyAccumulator.create(o as never),
    fromJSON: (j) => resolutionConsistencyAccumulator.fromJSON(j),
    input: input(consistencyOptions),
    incompatible: [...sharedPairs({}), [{ outcome: 'csat' }, {}], [{ minTickets: 2 }, {}], [{ confidence: 0.99 }, {}]],
  },
  {
    name: 'volumeByChannelAccumulator',
    create: (o) => volumeByChannelAccumulator.create(o as never),
    fromJSON: (j) => volumeByChannelAccumulator.fromJSON(j),
    input: input(fc.record({ by: maybe(fc.constantFrom('channel', 'team', 'priority', 'region')) })),
    incompatible: [...sharedPairs({}), [{ by: 'team' }, {}]],
  },
  {
    name: 'topTopicsAccumulator',
    create: (o) => topTopicsAccumulator.create(o as never),
    fromJSON: (j) => topTopicsAccumulator.fromJSON(j),
    input: input(fc.record({ top: maybe(fc.integer({ min: 1, max: 5 })), by: maybe(fc.constantFrom('topic-then-category', 'topic', 'channel')) })),
    incompatible: [...sharedPairs({}), [{ top: 3 }, {}], [{ by: 'topic' }, {}]],
  },
  {
    name: 'complaintsAccumulator',
    create: (o) => complaintsAccumulator.create(o as never),
    fromJSON: (j) => complaintsAccumulator.fromJSON(j),
    input: input(fc.record({ by: maybe(fc.constantFrom('agent', 'team', 'priority')) })),
    incompatible: [...sharedPairs({}), [{ by: 'agent' }, {}], [{ by: 'agent' }, { by: 'team' }]],
  },
  {
    name: 'firstResolutionTimeAccumulator',
    create: (o) => firstResolutionTimeAccumulator.create(o as never),
    fromJSON: (j) => firstResolutionTimeAccumulator.fromJSON(j),
    input: input(durationOptions(true)),
    incompatible: durationPairs(true),
  },
  ...statusCases,
  {
    name: 'repliesPerTicketAccumulator',
    create: (o) => repliesPerTicketAccumulator.create(o as never),
    fromJSON: (j) => repliesPerTicketAccumulator.fromJSON(j),
    input: input(countOptions),
    incompatible: countPairs,
  },
  {
    name: 'reopensPerTicketAccumulator',
    create: (o) => reopensPerTicketAccumulator.create(o as never),
    fromJSON: (j) => reopensPerTicketAccumulator.fromJSON(j),
    input: input(countOptions),
    incompatible: countPairs,
  },
];
