/**
 * The ticket accumulators on the one engine: the JSON envelope, `fromJSON(json)` alone, merges
 * refused when a normalised option differs (naming it), options that survive JSON (percentiles,
 * confidence, calendars, instants), and tampered states that must throw KpiInputError rather than
 * give NaN, a share above 1, or a crash.
 */
import { describe, expect, it } from 'vitest';
import { type AccumulatorJSON } from '../../src/core/accumulator.js';
import { KpiInputError } from '../../src/core/errors.js';
import { averageHandleTimeAccumulator } from '../../src/support/average-handle-time.js';
import { backlog, backlogAccumulator } from '../../src/support/backlog.js';
import { complaintsAccumulator } from '../../src/support/complaints.js';
import { firstContactResolution, firstContactResolutionAccumulator } from '../../src/support/first-contact-resolution.js';
import { firstResponseTime, firstResponseTimeAccumulator } from '../../src/support/first-response-time.js';
import { reopenRateAccumulator } from '../../src/support/reopen-rate.js';
import { resolutionConsistencyAccumulator } from '../../src/support/resolution-consistency.js';
import { resolutionRate, resolutionRateAccumulator } from '../../src/support/resolution-rate.js';
import { resolutionTimeAccumulator } from '../../src/support/resolution-time.js';
import { slaCompliance, slaComplianceAccumulator } from '../../src/support/sla-compliance.js';
import { ticketsPerHour, ticketsPerHourAccumulator } from '../../src/support/tickets-per-hour.js';
import { topTopics, topTopicsAccumulator } from '../../src/support/top-topics.js';
import { volumeByChannelAccumulator } from '../../src/support/volume-by-channel.js';
import { businessCalendar } from '../../src/time/calendar.js';
import { thrown } from '../helpers.js';

const MIN = 60_000;
const H = 3_600_000;
const DAY = 24 * H;

/** Tickets every ticket metric accepts with its default options. */
const tickets = [
  {
    createdAt: 0,
    firstResponseMs: 30 * MIN,
    resolvedAt: 2 * H,
    status: 'solved',
    priority: 'Urgent',
    agent: 'ana',
    channel: 'chat',
    topic: 'billing',
    contactCount: 1,
    customerId: 'c1',
    complaint: true,
    escalated: true,
    qaPassed: true,
    handleTimeMs: 10 * MIN,
    csat: 5,
  },
  {
    createdAt: H,
    firstResponseAt: 3 * H,
    status: 'open',
    priority: 'low',
    agent: 'ben',
    channel: 'email',
    category: 'login',
    contactCount: 2,
    customerId: 'c1',
    complaint: true,
    qaPassed: false,
    reopened: true,
    handleTimeMs: 6 * MIN,
    csat: 2,
  },
  { createdAt: 2 * H, resolutionMs: 5 * H, status: 'closed', agent: 'ana', customerId: 'c2', topic: 'billing', contactCount: 1, handleTimeMs: 8 * MIN },
  { createdAt: 50 * H, status: 'new', customerId: 'c3' },
];
const weekdays = {
  timeZone: 'UTC',
  hours: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
} as const;
const calendar = businessCalendar(weekdays);
const backlogOptions = { asOf: 24 * H };
const slaOptions = { asOf: 24 * H, targets: { firstResponseMs: H, byPriority: { urgent: { resolutionMs: H } } } };
const tphOptions = { from: 0, to: 8 * H };

/** The JSON a state becomes on the wire. */
function wire(json: unknown): AccumulatorJSON {
  return JSON.parse(JSON.stringify(json)) as AccumulatorJSON;
}

/** A copy of `json` with the value at `path` replaced (a path into objects and arrays). */
function tamper(json: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(json) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path[path.length - 1] as string | number] = value;
  return copy;
}

interface AnyAccumulator {
  addAll(records: readonly unknown[]): AnyAccumulator;
  merge(other: unknown): AnyAccumulator;
  result(): unknown;
  toJSON(): AccumulatorJSON;
}
interface AnyFactory {
  readonly metric: string;
  create(options?: unknown): AnyAccumulator;
  fromJSON(json: unknown): AnyAccumulator;
}

/** Every ticket factory, with options it needs and what a JSON state of it looks like. */
const factories: [AnyFactory, object][] = [
  [firstResponseTimeAccumulator, { percentiles: [95] }],
  [resolutionTimeAccumulator, { excludePaused: true }],
  [averageHandleTimeAccumulator, {}],
  [resolutionRateAccumulator, {}],
  [reopenRateAccumulator, {}],
  [firstContactResolutionAccumulator, {}],
  [backlogAccumulator, backlogOptions],
  [slaComplianceAccumulator, slaOptions],
  [ticketsPerHourAccumulator, tphOptions],
  [resolutionConsistencyAccumulator, {}],
  [volumeByChannelAccumulator, {}],
  [topTopicsAccumulator, {}],
  [complaintsAccumulator, {}],
];

describe('the JSON envelope', () => {
  it('every ticket accumulator writes { format, version, metric, options, seen, invalid, state } and reads it back alone', () => {
    for (const [factory, options] of factories) {
      const acc = factory.create(options).addAll(tickets);
      const json = wire(acc.toJSON());
      expect(Object.keys(json)).toEqual(['format', 'version', 'metric', 'options', 'seen', 'invalid', 'state']);
      expect([json.format, json.version, json.metric, json.seen]).toEqual(['kpi-kit/accumulator', 2, factory.metric, tickets.length]);
      expect(json.invalid).toEqual({ count: 0, indices: [], listed: [] });
      // The shared ticket options are normalised: defaults filled in.
      expect(json.options).toMatchObject({ resolvedStatuses: ['solved', 'closed', 'resolved'], timeZone: 'UTC', onInvalid: 'throw' });
      const restored = factory.fromJSON(json);
      // (Before result(): the duration metrics select percentiles in place, which reorders the durations.)
      expect(wire(restored.toJSON())).toEqual(json);
      expect(restored.result()).toEqual(acc.result());
    }
  });

  it('options are normalised: defaults filled in, instants as epoch ms, calendars as their spec', () => {
    const bl = wire(backlogAccumulator.create({ asOf: '1970-01-02T00:00:00Z' }).toJSON());
    expect(bl.options).toMatchObject({ asOf: DAY, ageBucketsMs: [DAY, 3 * DAY, 7 * DAY, 30 * DAY], percentiles: [90] });
    const sla = wire(
      slaComplianceAccumulator
        .create({ asOf: '1970-01-02', targets: { firstResponseMs: H, byPriority: { URGENT: { resolutionMs: 2 * H } } }, calendar })
        .toJSON(),
    );
    // Per priority (lower case), both targets with the defaults filled in.
    expect(sla.options).toMatchObject({
      asOf: DAY,
      targets: { firstResponseMs: H, byPriority: { urgent: { firstResponseMs: H, resolutionMs: 2 * H } } },
      calendar: weekdays,
    });
    const tph = wire(ticketsPerHourAccumulator.create({ from: '1970-01-01T00:00:00Z', to: H, agentHours: { ana: 4 } }).toJSON());
    expect(tph.options).toMatchObject({ from: 0, to: H, calendar: null, agentHours: { ana: 4 } });
    expect(wire(firstContactResolutionAccumulator.create().toJSON()).options).toMatchObject({ basis: 'resolved', method: 'contact-count', confidence: 0.95 });
    expect(wire(firstContactResolutionAccumulator.create({ method: 'repeat-window' }).toJSON()).options).toMatchObject({ windowDays: 7, sameTopic: true });
    expect(wire(topTopicsAccumulator.create().toJSON()).options).toMatchObject({ top: 10, by: 'topic-then-category' });
    expect(wire(volumeByChannelAccumulator.create().toJSON()).options).toMatchObject({ by: 'channel' });
    expect(wire(complaintsAccumulator.create().toJSON()).options).toMatchObject({ by: null });
    expect(wire(resolutionTimeAccumulator.create().toJSON()).options).toMatchObject({
      percentiles: [90],
      targetMs: null,
      calendar: null,
      excludePaused: false,
    });
    // Two spellings of the same options make mergeable accumulators.
    const a = slaComplianceAccumulator.create({ asOf: DAY, targets: { firstResponseMs: H, byPriority: { urgent: { firstResponseMs: H } } } }).addAll(tickets);
    const b = slaComplianceAccumulator.create({ asOf: '1970-01-02T00:00:00Z', targets: { firstResponseMs: H, byPriority: { Urgent: {} } } });
    expect(b.merge(a).result()).toEqual(a.result());
  });

  it('a JSON round trip keeps the percentiles (p95 stays) and the confidence level', () => {
    for (const factory of [firstResponseTimeAccumulator, resolutionTimeAccumulator, averageHandleTimeAccumulator] as const) {
      const acc = (factory as unknown as AnyFactory).create({ percentiles: [95] }).addAll(tickets);
      const back = (factory as unknown as AnyFactory).fromJSON(wire(acc.toJSON())).result() as { percentiles: Record<string, number | null> };
      expect(Object.keys(back.percentiles)).toEqual(['p95']);
      expect(back).toEqual(acc.result());
    }
    const bl = backlogAccumulator
      .fromJSON(
        wire(
          backlogAccumulator
            .create({ ...backlogOptions, percentiles: [95] })
            .addAll(tickets)
            .toJSON(),
        ),
      )
      .result();
    expect(Object.keys(bl.age.percentiles)).toEqual(['p95']);
    expect(bl).toEqual(backlog({ tickets }, { ...backlogOptions, percentiles: [95] }));
    for (const factory of [resolutionRateAccumulator, reopenRateAccumulator, firstContactResolutionAccumulator] as const) {
      const acc = (factory as unknown as AnyFactory).create({ confidence: 0.8 }).addAll(tickets);
      const back = (factory as unknown as AnyFactory).fromJSON(wire(acc.toJSON())).result() as { confidence: number };
      expect(back.confidence).toBe(0.8);
      expect(back).toEqual(acc.result());
    }
    const rc = resolutionConsistencyAccumulator
      .fromJSON(wire(resolutionConsistencyAccumulator.create({ confidence: 0.8, outcome: 'csat' }).addAll(tickets).toJSON()))
      .result();
    expect([rc.qa.confidence, rc.outcome]).toEqual([0.8, 'csat']);
  });

  it('calendars travel as their spec and come back as calendars', () => {
    const frt = firstResponseTimeAccumulator.create({ calendar }).addAll([{ createdAt: '2024-05-03T16:00:00Z', firstResponseAt: '2024-05-06T10:00:00Z' }]);
    const back = firstResponseTimeAccumulator.fromJSON(wire(frt.toJSON()));
    // Friday 16:00 → Monday 10:00: 1 h on Friday, 1 h on Monday.
    expect(back.result().value).toBe(2 * H);
    expect(back.result().time).toBe('business-hours');
    const tph = ticketsPerHourAccumulator.fromJSON(wire(ticketsPerHourAccumulator.create({ from: '2024-05-06', to: '2024-05-07', calendar }).toJSON()));
    expect(tph.result().hours).toBe(8);
    // (A first response given only as a duration cannot be counted in business hours: left out.)
    const withCalendar = { ...slaOptions, calendar, onInvalid: 'exclude' as const };
    const sla = slaComplianceAccumulator.create(withCalendar).addAll(tickets);
    expect(sla.result().excluded.invalidIndices).toEqual([0]);
    expect(slaComplianceAccumulator.fromJSON(wire(sla.toJSON())).result()).toEqual(slaCompliance({ tickets }, withCalendar));
  });

  it('a key function cannot travel in JSON and merges only with the same function; a calendar must be made by businessCalendar', () => {
    const by = (t: { agent?: string }) => t.agent ?? null;
    for (const factory of [volumeByChannelAccumulator, topTopicsAccumulator, complaintsAccumulator] as const) {
      const a = (factory as unknown as AnyFactory).create({ by });
      const e = thrown(() => a.addAll(tickets).toJSON());
      expect([e.code, e.path]).toEqual(['invalid_value', ['options', 'by']]);
      // The same function merges; another one (or a field name) does not.
      expect(() => a.merge((factory as unknown as AnyFactory).create({ by }).addAll(tickets))).not.toThrow();
      const other = thrown(() => a.merge((factory as unknown as AnyFactory).create({ by: (t: { agent?: string }) => t.agent ?? null })));
      expect([other.code, other.path]).toEqual(['incompatible', ['other', 'options', 'by']]);
      expect(thrown(() => a.merge((factory as unknown as AnyFactory).create({ by: 'agent' }))).code).toBe('incompatible');
    }
    // A calendar not made by businessCalendar (its duration could return anything) is rejected up front.
    const flat = { duration: (a: number, b: number) => (b - a) / 2 };
    for (const make of [
      () => firstResponseTimeAccumulator.create({ calendar: flat as never }),
      () => ticketsPerHourAccumulator.create({ ...tphOptions, calendar: flat as never }),
      () => slaComplianceAccumulator.create({ ...slaOptions, calendar: flat as never }),
    ]) {
      const e = thrown(make);
      expect([e.code, e.path]).toEqual(['invalid_type', ['options', 'calendar']]);
    }
  });
});

describe('merging accumulators made with different options', () => {
  const cases: [string, AnyFactory, object, object, string][] = [
    ['firstResponseTime percentiles', firstResponseTimeAccumulator, { percentiles: [95] }, {}, 'percentiles'],
    ['firstResponseTime calendar vs none', firstResponseTimeAccumulator, { calendar }, {}, 'calendar'],
    ['firstResponseTime timeZone', firstResponseTimeAccumulator, { timeZone: 'Europe/Berlin' }, {}, 'timeZone'],
    ['resolutionTime percentiles', resolutionTimeAccumulator, { percentiles: [50, 95] }, { percentiles: [50, 99] }, 'percentiles'],
    ['resolutionTime excludePaused', resolutionTimeAccumulator, { excludePaused: true }, {}, 'excludePaused'],
    ['resolutionTime targetMs', resolutionTimeAccumulator, { targetMs: H }, {}, 'targetMs'],
    ['averageHandleTime percentiles', averageHandleTimeAccumulator, { percentiles: [95] }, { percentiles: [90] }, 'percentiles'],
    ['averageHandleTime onInvalid', averageHandleTimeAccumulator, { onInvalid: 'exclude' }, {}, 'onInvalid'],
    ['resolutionRate confidence', resolutionRateAccumulator, { confidence: 0.8 }, {}, 'confidence'],
    ['resolutionRate resolvedStatuses', resolutionRateAccumulator, { resolvedStatuses: ['done'] }, {}, 'resolvedStatuses'],
    ['reopenRate confidence', reopenRateAccumulator, { confidence: 0.9 }, {}, 'confidence'],
    ['reopenRate timeZone', reopenRateAccumulator, { timeZone: 'Asia/Tokyo' }, { timeZone: 'UTC' }, 'timeZone'],
    ['firstContactResolution method', firstContactResolutionAccumulator, { method: 'flag' }, {}, 'method'],
    ['firstContactResolution basis', firstContactResolutionAccumulator, { basis: 'received' }, {}, 'basis'],
    [
      'firstContactResolution windowDays',
      firstContactResolutionAccumulator,
      { method: 'repeat-window', windowDays: 1 },
      { method: 'repeat-window' },
      'windowDays',
    ],
    [
      'firstContactResolution sameTopic',
      firstContactResolutionAccumulator,
      { method: 'repeat-window', sameTopic: false },
      { method: 'repeat-window' },
      'sameTopic',
    ],
    ['backlog asOf', backlogAccumulator, backlogOptions, { asOf: 25 * H }, 'asOf'],
    ['backlog ageBucketsMs', backlogAccumulator, { ...backlogOptions, ageBucketsMs: [H] }, backlogOptions, 'ageBucketsMs'],
    ['backlog percentiles', backlogAccumulator, { ...backlogOptions, percentiles: [95] }, backlogOptions, 'percentiles'],
    ['slaCompliance targets', slaComplianceAccumulator, slaOptions, { ...slaOptions, targets: { firstResponseMs: 2 * H } }, 'targets'],
    ['slaCompliance asOf', slaComplianceAccumulator, slaOptions, { ...slaOptions, asOf: 0 }, 'asOf'],
    ['slaCompliance calendar vs none', slaComplianceAccumulator, { ...slaOptions, calendar }, slaOptions, 'calendar'],
    ['ticketsPerHour from', ticketsPerHourAccumulator, tphOptions, { ...tphOptions, from: H }, 'from'],
    ['ticketsPerHour to', ticketsPerHourAccumulator, tphOptions, { ...tphOptions, to: 9 * H }, 'to'],
    ['ticketsPerHour agentHours', ticketsPerHourAccumulator, { ...tphOptions, agentHours: { ana: 4 } }, tphOptions, 'agentHours'],
    ['ticketsPerHour calendar vs none', ticketsPerHourAccumulator, { ...tphOptions, calendar }, tphOptions, 'calendar'],
    ['resolutionConsistency outcome', resolutionConsistencyAccumulator, { outcome: 'fcr' }, {}, 'outcome'],
    ['resolutionConsistency minTickets', resolutionConsistencyAccumulator, { minTickets: 2 }, {}, 'minTickets'],
    ['volumeByChannel by', volumeByChannelAccumulator, { by: 'team' }, {}, 'by'],
    ['topTopics top', topTopicsAccumulator, { top: 3 }, {}, 'top'],
    ['topTopics by', topTopicsAccumulator, { by: 'channel' }, {}, 'by'],
    ['complaints by', complaintsAccumulator, { by: 'agent' }, {}, 'by'],
  ];
  for (const [name, factory, a, b, key] of cases) {
    it(`${name}: 'incompatible', naming options.${key}`, () => {
      const e = thrown(() => factory.create(a).merge(factory.create(b)));
      expect(e).toBeInstanceOf(KpiInputError);
      expect([e.code, e.path]).toEqual(['incompatible', ['other', 'options', key]]);
      expect(e.message).toContain(`${key} is `);
      // The other way round, and restored from JSON.
      expect(thrown(() => factory.create(b).merge(factory.create(a))).path).toEqual(['other', 'options', key]);
      const restored = factory.fromJSON(wire(factory.create(b).toJSON()));
      expect(thrown(() => restored.merge(factory.create(a))).code).toBe('incompatible');
    });
  }

  it('a merge into itself doubles; an accumulator of another metric is refused', () => {
    const acc = resolutionRateAccumulator.create().addAll(tickets);
    expect(acc.merge(acc).result().inquiries).toBe(2 * tickets.length);
    expect(thrown(() => acc.merge(reopenRateAccumulator.create() as never)).path).toEqual(['other', 'metric']);
  });
});

describe('tampered states throw KpiInputError', () => {
  /** The state of `factory` over the tickets, on the wire. */
  const stateOf = (factory: AnyFactory, options: object = {}): AccumulatorJSON => wire(factory.create(options).addAll(tickets).toJSON());
  /** Expects fromJSON of a tampered copy to throw, and returns the error. */
  const rejects = (factory: AnyFactory, json: unknown): KpiInputError => {
    const e = thrown(() => factory.fromJSON(json));
    expect(e.fn).toBe(`${factory.metric}Accumulator.fromJSON`);
    return e;
  };

  it('the envelope: format, an unknown version, the metric, the options, seen and the invalid list', () => {
    const good = stateOf(resolutionRateAccumulator);
    const f = resolutionRateAccumulator as unknown as AnyFactory;
    expect(rejects(f, { ...good, version: 1 }).path).toEqual(['version']);
    expect(rejects(f, { ...good, version: 1 }).message).toContain('version 1');
    expect(rejects(f, { ...good, format: 'kpi-kit/other' }).path).toEqual(['format']);
    expect(rejects(f, { ...good, metric: 'reopenRate' }).path).toEqual(['metric']);
    expect(rejects(f, { ...good, options: null }).path).toEqual(['options']);
    expect(rejects(f, 'state').path).toEqual([]);
    // Options must be the normalised ones (as toJSON writes them), not merely valid ones.
    expect(rejects(f, { ...good, options: { confidence: 0.95 } }).path).toEqual(['options', 'resolvedStatuses']);
    expect(rejects(f, { ...good, options: { ...good.options, confidence: 2 } }).path).toEqual(['options', 'confidence']);
    expect(rejects(f, { ...good, options: { ...good.options, resolvedStatuses: ['Solved'] } }).path).toEqual(['options', 'resolvedStatuses']);
    const bl = stateOf(backlogAccumulator, backlogOptions);
    expect(rejects(backlogAccumulator as never, { ...bl, options: { ...bl.options, asOf: '1970-01-02T00:00:00Z' } }).path).toEqual(['options', 'asOf']);
    expect(rejects(backlogAccumulator as never, { ...bl, options: { ...bl.options, nope: 1 } }).path).toEqual(['options', 'nope']);
    // seen must be the tickets counted plus the invalid ones.
    expect(rejects(f, { ...good, seen: 5 }).path).toEqual(['seen']);
    expect(rejects(f, { ...good, seen: -1 }).path).toEqual(['seen']);
    expect(rejects(f, { ...good, invalid: { count: 9, indices: [], listed: [] } }).path).toEqual(['invalid', 'count']);
    expect(rejects(f, { ...good, seen: 5, invalid: { count: 1, indices: [Number.NaN], listed: [] } }).path).toEqual(['invalid', 'indices', 0]);
  });

  it('counts: negative, NaN, fractional, of the wrong type, or missing', () => {
    const f = resolutionRateAccumulator as unknown as AnyFactory;
    const good = stateOf(f);
    for (const [value, code] of [
      [-1, 'out_of_range'],
      [Number.NaN, 'not_finite'],
      [1.5, 'not_integer'],
      ['1', 'invalid_type'],
      [undefined, 'missing'],
      [2 ** 53, 'out_of_range'],
    ] as const) {
      const e = rejects(f, tamper(good, ['state', 'resolved'], value));
      expect(e.path).toEqual(['state', 'resolved']);
      if (value !== undefined) expect(e.code).toBe(code);
    }
    expect(rejects(f, { ...good, state: [1, 3] }).path).toEqual(['state']);
    expect(rejects(f, { ...good, state: null }).path).toEqual(['state']);
  });

  it('counts that contradict each other (never a share above 1)', () => {
    const ro = stateOf(reopenRateAccumulator);
    expect(ro.state).toEqual({ reopened: 1, resolved: 3, neverResolved: 1 });
    const e = rejects(reopenRateAccumulator, tamper(tamper(ro, ['state', 'reopened'], 4), ['state', 'neverResolved'], 0));
    expect([e.code, e.path, e.message]).toEqual([
      'inconsistent',
      ['state', 'reopened'],
      'reopenRateAccumulator.fromJSON: reopened (4) cannot exceed resolved (3)',
    ]);
    // FCR: firstContact ≤ resolved ≤ received.
    const fcr = stateOf(firstContactResolutionAccumulator);
    expect(fcr.state).toMatchObject({ received: 4, resolved: 2, firstContact: 2 });
    const f1 = rejects(firstContactResolutionAccumulator, tamper(tamper(fcr, ['state', 'firstContact'], 99), ['state', 'resolved'], 1));
    expect([f1.code, f1.path]).toEqual(['inconsistent', ['state', 'firstContact']]);
    expect(f1.message).toContain('firstContact (99) cannot exceed resolved (1)');
    expect(rejects(firstContactResolutionAccumulator as never, tamper(fcr, ['state', 'resolved'], 9)).path).toEqual(['state', 'resolved']);
    expect(rejects(firstContactResolutionAccumulator as never, tamper(fcr, ['state', 'entries'], [['sc1', 0, 0, 1]])).path).toEqual(['state', 'entries']);
    expect(rejects(firstContactResolutionAccumulator as never, tamper(fcr, ['state', 'noCustomer'], 1)).path).toEqual(['state', 'noCustomer']);
    // Complaints: escalated ≤ open + resolved.
    const cp = stateOf(complaintsAccumulator);
    expect(rejects(complaintsAccumulator as never, tamper(cp, ['state', 'escalated'], 3)).path).toEqual(['state', 'escalated']);
    // Tickets per hour: solved ≤ handled, per agent too.
    const tph = stateOf(ticketsPerHourAccumulator, tphOptions);
    expect(tph.state).toEqual({ handled: 3, solved: 2, outside: 1, agents: { ana: [2, 2], ben: [1, 0] } });
    expect(rejects(ticketsPerHourAccumulator as never, tamper(tph, ['state', 'solved'], 4)).path).toEqual(['state', 'solved']);
    expect(rejects(ticketsPerHourAccumulator as never, tamper(tph, ['state', 'agents', 'ben'], [1, 2])).path).toEqual(['state', 'agents', 'ben', 1]);
    expect(rejects(ticketsPerHourAccumulator as never, tamper(tph, ['state', 'agents', 'cy'], [0, 0])).code).toBe('inconsistent');
    expect(rejects(ticketsPerHourAccumulator as never, tamper(tph, ['state', 'agents', 'ana'], [3, 2])).path).toEqual(['state', 'agents']);
    expect(rejects(ticketsPerHourAccumulator as never, tamper(tph, ['state', 'agents', 'ana'], [2])).path).toEqual(['state', 'agents', 'ana']);
    // Resolution consistency: per agent [tickets, measured, sum]; passed ≤ reviewed ≤ tickets; FCR shares ≤ 1.
    const rc = stateOf(resolutionConsistencyAccumulator, { outcome: 'fcr' });
    expect(rc.state).toEqual({ agents: { ana: [2, 2, 2], ben: [1, 0, 0] }, noAgent: 1, passed: 1, reviewed: 2 });
    const rcf = resolutionConsistencyAccumulator as unknown as AnyFactory;
    expect(rejects(rcf, tamper(rc, ['state', 'passed'], 3)).path).toEqual(['state', 'passed']);
    expect(rejects(rcf, tamper(tamper(rc, ['state', 'reviewed'], 5), ['state', 'passed'], 5)).path).toEqual(['state', 'reviewed']);
    expect(rejects(rcf, tamper(rc, ['state', 'noAgent'], 5)).path).toEqual(['seen']);
    expect(rejects(rcf, tamper(rc, ['state', 'agents', 'ana'], [2, 2, 3])).path).toEqual(['state', 'agents', 'ana']);
    expect(rejects(rcf, tamper(rc, ['state', 'agents', 'ana'], [2, 2, 1.5])).path).toEqual(['state', 'agents', 'ana']);
    expect(rejects(rcf, tamper(rc, ['state', 'agents', 'ana'], [2, 3, 2])).path).toEqual(['state', 'agents', 'ana']);
    expect(rejects(rcf, tamper(rc, ['state', 'agents', 'ana'], [2, 2, Number.NaN])).path).toEqual(['state', 'agents', 'ana']);
    expect(rejects(rcf, tamper(rc, ['state', 'agents', 'ben'], [1, 0, 1])).path).toEqual(['state', 'agents', 'ben']);
    expect(rejects(rcf, tamper(rc, ['state', 'agents', 'ben'], [2, 0, 0])).path).toEqual(['seen']);
    expect(rejects(rcf, tamper(rc, ['state', 'agents', 'cy'], [0, 0, 0])).path).toEqual(['state', 'agents', 'cy']);
    expect(rejects(rcf, tamper(rc, ['state', 'agents'], [])).path).toEqual(['state', 'agents']);
    const rt = stateOf(rcf);
    expect(rt.state).toMatchObject({ agents: { ana: [2, 2, 7 * H], ben: [1, 0, 0] } });
    expect(rejects(rcf, tamper(rt, ['state', 'agents', 'ana'], [2, 1, -5])).path).toEqual(['state', 'agents', 'ana']);
  });

  it('SLA rows: 12 counts per priority that add up, with outcomes only for targets that apply', () => {
    const f = slaComplianceAccumulator as unknown as AnyFactory;
    const good = stateOf(f, slaOptions);
    // urgent: breached (response 30 min ≤ 1 h met, resolution 2 h > 1 h breached); low: breached
    // (response after 2 h); no priority: ticket 3 answers nothing by asOf (breached), ticket 4 not yet created.
    expect(good.state).toEqual({
      rows: { urgent: [0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0], low: [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1], '\u0000': [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1] },
      notYetCreated: 1,
      noResolutionTime: 0,
    });
    expect(f.fromJSON(good).result()).toEqual(slaCompliance({ tickets }, slaOptions));
    expect(rejects(f, tamper(good, ['state', 'rows', 'urgent'], [0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0])).path).toEqual(['state', 'rows', 'urgent']);
    expect(rejects(f, tamper(good, ['state', 'rows', 'urgent', 4], -1)).path).toEqual(['state', 'rows', 'urgent', 4]);
    expect(rejects(f, tamper(good, ['state', 'rows', 'urgent', 4], Number.NaN)).code).toBe('not_finite');
    // Response outcomes that do not add up to the tickets of the row.
    expect(rejects(f, tamper(good, ['state', 'rows', 'urgent', 5], 1)).code).toBe('inconsistent');
    // A resolution outcome where no resolution target applies (low has none).
    expect(rejects(f, tamper(tamper(good, ['state', 'rows', 'low', 8], 1), ['state', 'rows', 'low', 11], 0)).message).toContain('no resolution target applies');
    // Tickets breached cannot be fewer than the breaches of one kind.
    expect(rejects(f, tamper(tamper(good, ['state', 'rows', 'urgent', 1], 0), ['state', 'rows', 'urgent', 0], 1)).message).toContain('tickets breached (0)');
    // A priority is kept in lower case; a row counts at least one ticket.
    expect(
      rejects(f, { ...good, state: { ...(good.state as object), rows: { Urgent: (good.state as { rows: Record<string, unknown> }).rows['urgent'] } } }).path,
    ).toEqual(['state', 'rows', 'Urgent']);
    expect(rejects(f, tamper(good, ['state', 'rows', 'high'], new Array(12).fill(0))).path).toEqual(['state', 'rows', 'high']);
    expect(rejects(f, tamper(good, ['state', 'noResolutionTime'], 3)).path).toEqual(['state', 'noResolutionTime']);
    expect(rejects(f, tamper(good, ['state', 'rows'], [])).path).toEqual(['state', 'rows']);
  });

  it('backlog: the ages are what the buckets count', () => {
    const f = backlogAccumulator as unknown as AnyFactory;
    const good = stateOf(f, backlogOptions);
    // At 24 h: ticket 2 (created 1 h) and ticket 1 (solved 2 h) → 1 open (23 h old); 2 closed; 1 not yet created.
    expect(good.state).toEqual({ ages: [23 * H], buckets: [1, 0, 0, 0, 0], closed: 2, notYetCreated: 1, unknown: 0 });
    expect(rejects(f, tamper(good, ['state', 'ages', 0], -1)).path).toEqual(['state', 'ages', 0]);
    expect(rejects(f, tamper(good, ['state', 'ages', 0], 'old')).code).toBe('invalid_type');
    expect(rejects(f, tamper(good, ['state', 'ages'], [23 * H, H])).path).toEqual(['state', 'ages']);
    expect(rejects(f, tamper(good, ['state', 'buckets'], [1, 0])).path).toEqual(['state', 'buckets']);
    expect(rejects(f, tamper(good, ['state', 'buckets'], [0, 1, 0, 0, 0])).path).toEqual(['state', 'buckets', 0]);
    expect(rejects(f, tamper(good, ['state', 'closed'], Number.NaN)).path).toEqual(['state', 'closed']);
    // A hole in the ages (a sparse array) is not an age.
    const holed = structuredClone(good) as unknown as { seen: number; state: { ages: number[]; buckets: number[] } };
    holed.seen = 5;
    holed.state.buckets = [2, 0, 0, 0, 0];
    // eslint-disable-next-line no-sparse-arrays
    holed.state.ages = [23 * H, ,] as number[];
    expect(rejects(f, holed).path).toEqual(['state', 'ages', 1]);
  });

  it('FCR repeat-window entries: well-formed, no more than the tickets received, one per resolved ticket', () => {
    const f = firstContactResolutionAccumulator as unknown as AnyFactory;
    const options = { method: 'repeat-window' };
    const good = stateOf(f, options);
    const entries = (good.state as { entries: unknown[] }).entries;
    expect(entries).toHaveLength(4);
    expect(f.fromJSON(good).result()).toEqual(firstContactResolution({ tickets }, { method: 'repeat-window' }));
    expect(rejects(f, tamper(good, ['state', 'entries', 0, 1], Number.NaN)).path).toEqual(['state', 'entries', 0]);
    expect(rejects(f, tamper(good, ['state', 'entries', 0, 3], 2)).path).toEqual(['state', 'entries', 0]);
    expect(rejects(f, tamper(good, ['state', 'entries', 0, 2], -1)).path).toEqual(['state', 'entries', 0]);
    expect(rejects(f, tamper(good, ['state', 'entries', 0, 0], 7)).path).toEqual(['state', 'entries', 0]);
    expect(rejects(f, tamper(good, ['state', 'entries', 1], undefined)).path).toEqual(['state', 'entries', 1]);
    expect(rejects(f, tamper(good, ['state', 'entries', 0, 3], 0)).message).toContain('holds 1 resolved tickets, but resolved is 2');
    expect(rejects(f, tamper(good, ['state', 'firstContact'], 1)).path).toEqual(['state', 'firstContact']);
    // One entry per ticket received, but for the unresolved ones without a customer (noCustomer).
    expect(rejects(f, tamper(good, ['state', 'noCustomer'], 1)).path).toEqual(['state', 'entries']);
    expect(rejects(f, tamper(good, ['state', 'entries'], [...entries, entries[3]])).path).toEqual(['state', 'entries']);
    const without = [...tickets, { createdAt: 0, status: 'open' }];
    const json = wire(firstContactResolutionAccumulator.create({ method: 'repeat-window' }).addAll(without).toJSON());
    expect(json.state).toMatchObject({ received: 5, noCustomer: 1 });
    expect(f.fromJSON(json).result()).toEqual(firstContactResolution({ tickets: without }, { method: 'repeat-window' }));
    expect(rejects(f, tamper(json, ['state', 'noCustomer'], 0)).path).toEqual(['state', 'entries']);
    // A huge sparse array is refused at its first hole (no JSON has one), before the rest is read.
    const huge = tamper(good, ['state', 'entries'], []) as { state: { entries: unknown[] } };
    huge.state.entries = new Array(50_000_000);
    const started = Date.now();
    expect(rejects(f, huge).path).toEqual(['state', 'entries', 0]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('grouped counts: keys written as JSON, counts that add up', () => {
    const vol = stateOf(volumeByChannelAccumulator);
    expect(vol.state).toEqual({ counts: { '"chat"': 1, '"email"': 1, null: 2 } });
    expect(rejects(volumeByChannelAccumulator as never, tamper(vol, ['state', 'counts', 'null'], -2)).path).toEqual(['state', 'counts', 'null']);
    expect(rejects(volumeByChannelAccumulator as never, tamper(vol, ['state', 'counts', 'null'], 3)).path).toEqual(['seen']);
    const top = stateOf(topTopicsAccumulator);
    expect(rejects(topTopicsAccumulator as never, tamper(top, ['state', 'counts', 'billing'], 1)).path).toEqual(['state', 'counts', 'billing']);
    expect(rejects(topTopicsAccumulator as never, tamper(top, ['state', 'counts'], [2, 1])).path).toEqual(['state', 'counts']);
    const cp = stateOf(complaintsAccumulator, { by: 'agent' });
    expect(cp.state).toEqual({ open: 1, resolved: 1, escalated: 1, notComplaints: 2, groups: { '"ana"': [0, 1, 1], '"ben"': [1, 0, 0] } });
    const cf = complaintsAccumulator as unknown as AnyFactory;
    expect(rejects(cf, tamper(cp, ['state', 'groups', '"ben"'], [2, 0, 0])).path).toEqual(['state', 'open']);
    expect(rejects(cf, tamper(cp, ['state', 'groups', '"cy"'], [0, 0, 0])).code).toBe('inconsistent');
    expect(rejects(cf, tamper(cp, ['state', 'groups', '"ben"'], [1, 0, Number.NaN])).path).toEqual(['state', 'groups', '"ben"', 2]);
    expect(rejects(cf, tamper(cp, ['state', 'groups'], null)).path).toEqual(['state', 'groups']);
  });

  it('duration states: durations ≥ 0, excluded counts per reason, a hole or a huge bad array', () => {
    const f = firstResponseTimeAccumulator as unknown as AnyFactory;
    const good = stateOf(f);
    expect(good.state).toEqual({ durations: [30 * MIN, 2 * H], excluded: [2] });
    expect(f.fromJSON(good).result()).toEqual(firstResponseTime({ tickets }));
    expect(rejects(f, tamper(good, ['state', 'durations', 1], Number.NaN)).path).toEqual(['state', 'durations', 1]);
    expect(rejects(f, tamper(good, ['state', 'durations', 1], -1)).path).toEqual(['state', 'durations', 1]);
    expect(rejects(f, tamper(good, ['state', 'durations', 1], '2')).code).toBe('invalid_type');
    // eslint-disable-next-line no-sparse-arrays
    expect(rejects(f, tamper(good, ['state', 'durations'], [30 * MIN, , 2 * H])).path).toEqual(['state', 'durations', 1]);
    expect(rejects(f, tamper(good, ['state', 'excluded'], [2, 0])).path).toEqual(['state', 'excluded']);
    expect(rejects(f, tamper(good, ['state', 'excluded', 0], -2)).path).toEqual(['state', 'excluded', 0]);
    expect(rejects(f, tamper(good, ['state', 'excluded', 0], 3)).path).toEqual(['seen']);
    // A huge array with a bad first element: reported at once.
    const huge = new Array<unknown>(2_000_000).fill(1);
    huge[0] = 'x';
    const e = rejects(f, { ...good, state: { durations: huge, excluded: [0] } });
    expect([e.path, e.issueCount]).toEqual([['state', 'durations', 0], 1]);
    const rt = stateOf(resolutionTimeAccumulator);
    expect(rejects(resolutionTimeAccumulator as never, tamper(rt, ['state', 'excluded'], [1])).path).toEqual(['state', 'excluded']);
  });

  it('a state restored from JSON goes on counting and merging like the original', () => {
    const json = wire(ticketsPerHourAccumulator.create(tphOptions).addAll(tickets.slice(0, 2)).toJSON());
    const restored = ticketsPerHourAccumulator.fromJSON(json);
    restored.addAll(tickets.slice(2)).merge(ticketsPerHourAccumulator.create(tphOptions));
    expect(restored.result()).toEqual(ticketsPerHour({ tickets }, tphOptions));
    expect(resolutionRateAccumulator.fromJSON(wire(resolutionRateAccumulator.create().addAll(tickets).toJSON())).result()).toEqual(resolutionRate({ tickets }));
  });
});

describe('results kept through the port', () => {
  it('topTopics with a key function still compares with a previous period (its counts are not read through JSON)', () => {
    const by = (t: { agent?: string }) => t.agent ?? 'nobody';
    const r = topTopicsAccumulator.create({ by }).addAll(tickets).result();
    expect(r.rows.map((x) => [x.key, x.count])).toEqual([
      ['ana', 2],
      ['ben', 1],
      ['nobody', 1],
    ]);
    const trend = topTopics({ tickets, previous: tickets.slice(0, 2) }, { by });
    expect(trend.rows.map((x) => [x.key, x.count, x.previousCount, x.change])).toEqual([
      ['ana', 2, 1, 1],
      ['ben', 1, 1, 0],
      ['nobody', 1, 0, 1],
    ]);
    expect(trend.by).toBe('function');
  });

  it("resolutionConsistency: an invalid ticket's QA review is not counted (it was, before)", () => {
    const noContacts = { createdAt: 0, status: 'solved', agent: 'ana', qaPassed: true };
    const r = resolutionConsistencyAccumulator
      .create({ outcome: 'fcr', onInvalid: 'exclude' })
      .addAll([noContacts, { ...noContacts, contactCount: 1, qaPassed: false }])
      .result();
    expect([r.excluded.invalid, r.qa.reviewed, r.qa.passed]).toEqual([1, 1, 0]);
  });
});
