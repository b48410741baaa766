import { describe, expect, it } from 'vitest';
import { bySegment } from '../../src/grouping/by-segment.js';
import { backlog, resolutionConsistency, slaCompliance, ticketsPerHour } from '../../src/support/index.js';
import { thrown } from '../helpers.js';

const H = 3_600_000;
const DAY = 24 * H;

describe('backlog', () => {
  const asOf = Date.UTC(2024, 4, 10);
  const at = (day: number): number => Date.UTC(2024, 4, day);
  const tickets = [
    { createdAt: at(1), status: 'open', priority: 'high' }, // open, age 9 d
    { createdAt: at(8), status: 'pending', priority: 'low' }, // open, age 2 d
    { createdAt: at(2), status: 'solved', resolvedAt: at(3), priority: 'low' }, // closed before asOf
    { createdAt: at(2), status: 'solved', resolvedAt: at(12), priority: 'high' }, // open at asOf, age 8 d
    { createdAt: at(9) + 12 * H, closedAt: at(9) + 13 * H }, // no status, closed before asOf
    { createdAt: at(9) + 18 * H }, // no status, no end: open, age 6 h
    { createdAt: at(11), status: 'new' }, // after asOf
    { createdAt: at(4), status: 'closed' }, // resolved, time unknown
  ];

  it('counts open tickets at asOf with their ages', () => {
    const r = backlog({ tickets }, { asOf, percentiles: [50] });
    expect([r.value, r.open, r.closed, r.asOf]).toEqual([4, 4, 2, asOf]);
    // Ages: 6 h, 2 d, 8 d, 9 d → mean (0.25 + 2 + 8 + 9) / 4 = 4.8125 d; median (2 + 8) / 2 = 5 d.
    expect(r.age.mean).toBe(4.8125 * DAY);
    expect(r.age.median).toBe(5 * DAY);
    expect([r.age.min, r.age.max]).toEqual([6 * H, 9 * DAY]);
    // Buckets < 1 d, 1–3 d, 3–7 d, 7–30 d, ≥ 30 d.
    expect(r.ageBuckets.map((b) => b.count)).toEqual([1, 1, 0, 2, 0]);
    expect(r.ageBuckets[3]).toEqual({ fromMs: 7 * DAY, toMs: 30 * DAY, count: 2, share: 0.5 });
    expect(r.ageBuckets[4]!.toMs).toBeNull();
    expect([r.excluded.notYetCreated, r.excluded.resolvedAtUnknownTime]).toEqual([1, 1]);
  });

  it('a reopened ticket (open status, old resolvedAt) is open; custom buckets; per priority', () => {
    const r = backlog({ tickets: [{ createdAt: at(1), resolvedAt: at(2), status: 'open', reopened: true }] }, { asOf, ageBucketsMs: [DAY] });
    expect([r.value, r.ageBuckets.map((b) => b.count)]).toEqual([1, [0, 1]]);
    const seg = bySegment(backlog, tickets, 'priority', { asOf });
    // Segments by ticket count: no priority (4 tickets, 1 open), high (2, both open), low (2, 1 open).
    expect(seg.segments.map((s) => [s.key, s.count, s.result.value])).toEqual([
      [null, 4, 1],
      ['high', 2, 2],
      ['low', 2, 1],
    ]);
    expect(seg.total.value).toBe(4);
  });

  it('rejects bad options and tickets', () => {
    expect(thrown(() => backlog({ tickets: [] }, {} as never)).path).toEqual(['options', 'asOf']);
    expect(thrown(() => backlog({ tickets: [] }, { asOf: 'soon' })).path).toEqual(['options', 'asOf']);
    expect(thrown(() => backlog({ tickets: [] }, { asOf, ageBucketsMs: [5, 3] })).path).toEqual(['options', 'ageBucketsMs']);
    expect(thrown(() => backlog({ tickets: [{ createdAt: at(2), closedAt: at(1) }] }, { asOf })).code).toBe('inconsistent');
    expect(backlog({ tickets: [] }, { asOf }).age.mean).toBeNull();
  });
});

describe('slaCompliance', () => {
  it('met, breached and pending per target, ticket and priority', () => {
    const tickets = [
      // urgent: response target 1 h, resolution 8 h (default).
      { createdAt: 0, firstResponseMs: 0.5 * H, resolutionMs: 4 * H, status: 'solved', priority: 'Urgent' }, // met, met → met
      { createdAt: 0, firstResponseMs: 2 * H, resolutionMs: 5 * H, status: 'solved', priority: 'urgent' }, // breached, met → breached
      // low: response 4 h (default), resolution 8 h.
      { createdAt: 0, firstResponseMs: 3 * H, status: 'open', priority: 'low' }, // met; open 10 h > 8 h → breached
      { createdAt: 5 * H, firstResponseMs: 1 * H, status: 'open', priority: 'low' }, // met; open 5 h → pending → pending
      { createdAt: 0, status: 'new' }, // no priority: response unanswered 10 h > 4 h → breached
      { createdAt: 11 * H, status: 'new' }, // after asOf
    ];
    const r = slaCompliance(
      { tickets },
      { asOf: 10 * H, targets: { firstResponseMs: 4 * H, resolutionMs: 8 * H, byPriority: { URGENT: { firstResponseMs: H } } } },
    );
    // Tickets: met 1, breached 3, pending 1 → 1 / 4.
    expect([r.value, r.met, r.breached, r.pending, r.noTarget]).toEqual([0.25, 1, 3, 1, 0]);
    // Response: t1 met (0.5 h ≤ 1 h), t2 breached (2 h > 1 h), t3 met, t4 met, t5 breached → 3 / 5.
    expect(r.firstResponse).toEqual({ value: 0.6, reason: null, met: 3, breached: 2, pending: 0, noTarget: 0 });
    // Resolution: t1 met, t2 met, t3 breached, t4 pending, t5 breached (10 h > 8 h).
    expect(r.resolution).toEqual({ value: 0.5, reason: null, met: 2, breached: 2, pending: 1, noTarget: 0 });
    expect(r.byPriority.map((p) => [p.priority, p.met, p.breached, p.pending])).toEqual([
      ['low', 0, 1, 1],
      ['urgent', 1, 1, 0],
      [null, 0, 1, 0],
    ]);
    expect(r.excluded.notYetCreated).toBe(1);
    expect(r.time).toBe('calendar');
    // No priority row is without a judged ticket; the unprioritised row has no resolution judged:
    // its resolution is only t5's, breached, so 0 / 1. Before asOf, only t6 → nothing to judge.
    expect(r.byPriority.map((p) => p.reason)).toEqual([null, null, null]);
    const early = slaCompliance({ tickets: [{ createdAt: 0, status: 'new' }] }, { asOf: H, targets: { firstResponseMs: 4 * H } });
    // Unanswered after 1 h of a 4 h target: pending, so neither met nor breached.
    expect([early.value, early.reason]).toEqual([null, 'no target due yet (every one pending at asOf): SLA compliance is undefined']);
    expect(early.resolution).toMatchObject({ value: null, noTarget: 1, reason: 'no target applies: SLA compliance is undefined' });
    const empty = slaCompliance({ tickets: [] }, { asOf: H, targets: { firstResponseMs: 4 * H } });
    expect([empty.value, empty.reason]).toEqual([null, 'no tickets: SLA compliance is undefined']);
  });

  it('a target missing for a priority does not apply', () => {
    const r = slaCompliance(
      {
        tickets: [
          { createdAt: 0, firstResponseMs: H, priority: 'low' },
          { createdAt: 0, priority: 'vip' },
        ],
      },
      { asOf: 2 * H, targets: { byPriority: { vip: { firstResponseMs: H } } } },
    );
    expect([r.met, r.breached, r.noTarget, r.value]).toEqual([0, 1, 1, 0]);
  });

  it('recorded outcomes (no targets): firstResponseSlaMet / resolutionSlaMet as the export recorded them', () => {
    // Ticket 1 met both, 2 met the response and breached the resolution, 3 breached the response and
    // has no resolution outcome, 4 has none (noTarget), 5 is created after asOf (left out).
    const tickets = [
      { createdAt: 0, firstResponseSlaMet: true, resolutionSlaMet: true, priority: 'high' },
      { createdAt: 0, firstResponseSlaMet: true, resolutionSlaMet: false, priority: 'high' },
      { createdAt: 0, firstResponseSlaMet: false, priority: 'low' },
      { createdAt: 0 },
      { createdAt: 11 * H, firstResponseSlaMet: false },
    ];
    const r = slaCompliance({ tickets }, { asOf: 10 * H });
    // Tickets: met 1 (ticket 1), breached 2 (tickets 2, 3), no outcome 1 → 1 / 3.
    expect([r.met, r.breached, r.pending, r.noTarget, r.value]).toEqual([1, 2, 0, 1, 1 / 3]);
    // First response: met 2, breached 1 → 2/3; resolution: met 1, breached 1 → 1/2.
    expect([r.firstResponse.met, r.firstResponse.breached, r.firstResponse.noTarget, r.firstResponse.value]).toEqual([2, 1, 1, 2 / 3]);
    expect([r.resolution.met, r.resolution.breached, r.resolution.noTarget, r.resolution.value]).toEqual([1, 1, 2, 1 / 2]);
    expect(r.byPriority.map((p) => [p.priority, p.value])).toEqual([
      ['high', 0.5],
      ['low', 0],
      [null, null],
    ]);
    expect(r.time).toBe('recorded');
    expect(r.excluded.notYetCreated).toBe(1);
    // Without asOf every ticket counts; asOf is null in the result.
    const all = slaCompliance({ tickets });
    expect([all.breached, all.asOf, all.excluded.notYetCreated]).toEqual([3, null, 0]);
    expect(slaCompliance({ tickets: [{ createdAt: 0 }] }).reason).toBe('no SLA outcome recorded: SLA compliance is undefined');
    // The accumulator: merge = one pass, through JSON.
    const a = slaCompliance.accumulator.create({ asOf: 10 * H }).addAll(tickets.slice(0, 2));
    const b = slaCompliance.accumulator.create({ asOf: 10 * H }).addAll(tickets.slice(2), 2);
    expect(slaCompliance.accumulator.fromJSON(JSON.parse(JSON.stringify(a.merge(b).toJSON()))).result()).toEqual(r);
    // A recorded state and a targets state do not merge.
    expect(thrown(() => a.merge(slaCompliance.accumulator.create({ asOf: 10 * H, targets: { firstResponseMs: H } }) as never)).code).toBe('incompatible');
    // Not a boolean: invalid.
    expect(thrown(() => slaCompliance({ tickets: [{ createdAt: 0, firstResponseSlaMet: 'yes' as never }] })).path).toEqual([
      'tickets',
      0,
      'firstResponseSlaMet',
    ]);
  });

  it('rejects bad options', () => {
    expect(thrown(() => slaCompliance({ tickets: [] }, { calendar: {} } as never)).path).toEqual(['options', 'calendar']);
    expect(thrown(() => slaCompliance({ tickets: [] }, { asOf: 0, targets: {} })).path).toEqual(['options', 'targets']);
    expect(thrown(() => slaCompliance({ tickets: [] }, { asOf: 0, targets: { firstResponseMs: -1 } })).path).toEqual(['options', 'targets', 'firstResponseMs']);
    expect(thrown(() => slaCompliance({ tickets: [] }, { asOf: 0, targets: { responseMs: 1 } as never })).path).toEqual(['options', 'targets', 'responseMs']);
    expect(thrown(() => slaCompliance({ tickets: [] }, { targets: { firstResponseMs: 1 } })).path).toEqual(['options', 'asOf']);
    expect(
      thrown(() => slaCompliance({ tickets: [] }, { asOf: 0, targets: { byPriority: { a: { firstResponseMs: 1 }, A: { firstResponseMs: 2 } } } })).code,
    ).toBe('ambiguous');
  });
});

describe('ticketsPerHour', () => {
  it('Zendesk 2022 §5: handled and solved per hour, per agent', () => {
    // 48 handled and 36 solved in an 8-hour shift → 6 and 4.5 per hour.
    const c = ticketsPerHour({ handled: 48, solved: 36, hours: 8 });
    expect([c.value, c.solvedPerHour]).toEqual([6, 4.5]);
    const tickets = [
      { createdAt: 0, firstResponseMs: 0.5 * H, resolutionMs: 1 * H, status: 'solved', agent: 'ana' },
      { createdAt: 0, firstResponseMs: 1 * H, status: 'open', agent: 'ana' },
      { createdAt: 0, firstResponseMs: 1 * H, resolutionMs: 3 * H, status: 'solved', agent: 'ben' },
      { createdAt: 0, firstResponseMs: 5 * H, agent: 'ben' },
      { createdAt: 0, resolutionMs: 2 * H, status: 'solved' },
    ];
    const r = ticketsPerHour({ tickets }, { from: 0, to: 4 * H, agentHours: { ben: 2 } });
    // Handled in [0, 4 h): tickets 1, 2, 3, 5 → 4 / 4 h = 1; solved: 1, 3, 5 → 0.75.
    expect([r.handled, r.solved, r.value, r.solvedPerHour, r.excluded.outsideWindow]).toEqual([4, 3, 1, 0.75, 1]);
    // ana: 2 handled, 1 solved in 4 h; ben: 1 and 1 in 2 h.
    expect(r.agents).toEqual([
      { agent: 'ana', handled: 2, solved: 1, hours: 4, handledPerHour: 0.5, solvedPerHour: 0.25, reason: null },
      { agent: 'ben', handled: 1, solved: 1, hours: 2, handledPerHour: 0.5, solvedPerHour: 0.5, reason: null },
    ]);
    expect([r.handledPerAgentHour, r.solvedPerAgentHour]).toEqual([0.5, 0.375]);
  });

  it('rejects bad input', () => {
    expect(thrown(() => ticketsPerHour({ tickets: [] })).path).toEqual(['options', 'from']);
    expect(thrown(() => ticketsPerHour({ tickets: [] }, { from: 10, to: 5 })).path).toEqual(['options', 'to']);
    expect(thrown(() => ticketsPerHour({ tickets: [] }, { from: 0, to: 5, agentHours: { a: 0 } })).path).toEqual(['options', 'agentHours', 'a']);
    expect(thrown(() => ticketsPerHour({ handled: 1, solved: 2, hours: 1 })).path).toEqual(['solved']);
    expect(thrown(() => ticketsPerHour({ handled: 1, solved: 0, hours: 0 })).path).toEqual(['hours']);
    expect(ticketsPerHour({ tickets: [] }, { from: 0, to: 0 })).toMatchObject({ value: null, reason: 'a window of 0 hours: the rates per hour are undefined' });
  });
});

describe('ticketsPerHour never overflows', () => {
  it('gives null with a reason for hours too few for a finite rate (found by the fuzz suite)', () => {
    // 48 / 9.4e-323 ≈ 5.1e323 > Number.MAX_VALUE (1.8e308): the rate was Infinity.
    const r = ticketsPerHour({ handled: 48, solved: 36, hours: 9.4e-323 });
    expect([r.value, r.handledPerHour, r.solvedPerHour]).toEqual([null, null, null]);
    expect(r.reason).toBe('48 tickets in 9.4e-323 hours: too few hours for a finite rate per hour');
    // 1 / 2^-996 = 2^996 ≈ 6.7e299 is finite (and exact in binary): kept.
    expect(ticketsPerHour({ handled: 1, solved: 0, hours: 2 ** -996 }).value).toBe(2 ** 996);
  });

  it('averages per-agent rates near the largest number without overflowing', () => {
    // Two agents at 1 ticket in 1e-308 h = 1e308 per hour each: their mean is 1e308 (a sum would be Infinity).
    const tickets = [
      { createdAt: 0, firstResponseMs: 1, agent: 'a' },
      { createdAt: 0, firstResponseMs: 1, agent: 'b' },
    ];
    const r = ticketsPerHour({ tickets }, { from: 0, to: H, agentHours: { a: 1e-308, b: 1e-308 } });
    expect(r.agents.map((a) => a.handledPerHour)).toEqual([1e308, 1e308]);
    expect(r.handledPerAgentHour).toBe(1e308);
  });
});

describe('resolutionConsistency', () => {
  it('spread of per-agent resolution time, FCR and CSAT; QA pass rate', () => {
    const tickets = [
      { createdAt: 0, resolutionMs: 1 * H, status: 'solved', agent: 'ana', contactCount: 1, csat: 5, qaPassed: true },
      { createdAt: 0, resolutionMs: 3 * H, status: 'solved', agent: 'ana', contactCount: 2, csat: 3, qaPassed: false },
      { createdAt: 0, resolutionMs: 6 * H, status: 'solved', agent: 'ben', contactCount: 1, csat: 4, qaPassed: true },
      { createdAt: 0, status: 'open', agent: 'ben', csat: 2 },
      { createdAt: 0, status: 'solved', resolutionMs: H, contactCount: 1 },
    ];
    // Resolution time: ana (1 + 3) / 2 = 2 h, ben 6 h → mean 4, sd 2 → CV 0.5.
    const r = resolutionConsistency({ tickets });
    expect([r.value, r.mean, r.standardDeviation, r.min, r.max]).toEqual([0.5, 4 * H, 2 * H, 2 * H, 6 * H]);
    expect([r.qa.value, r.qa.passed, r.qa.reviewed, r.excluded.noAgent]).toEqual([2 / 3, 2, 3, 1]);
    // FCR: ana 1/2, ben 1/1 → mean 0.75, sd 0.25 → CV 1/3.
    expect(resolutionConsistency({ tickets }, { outcome: 'fcr' }).value).toBeCloseTo(1 / 3, 15);
    // CSAT: ana (5 + 3) / 2 = 4, ben (4 + 2) / 2 = 3 → mean 3.5, sd 0.5 → CV 1/7.
    expect(resolutionConsistency({ tickets }, { outcome: 'csat' }).value).toBeCloseTo(1 / 7, 15);
    // minTickets 2 leaves ben out of resolution time (1 measured): one agent → no spread.
    const m = resolutionConsistency({ tickets }, { minTickets: 2 });
    expect([m.value, m.reason, m.agents.length, m.excluded.agentsBelowMinTickets]).toEqual([null, 'one agent measured: the spread needs at least 2', 1, 1]);
    expect([r.reason, r.qa.reason]).toEqual([null, null]);
    // No agent at all, and no review: neither figure exists.
    const none = resolutionConsistency({ tickets: [] });
    expect([none.value, none.reason, none.qa.value, none.qa.reason]).toEqual([
      null,
      'no agents measured: the spread is undefined',
      null,
      'no tickets reviewed: the QA pass rate is undefined',
    ]);
    // Two agents whose mean outcome is 0 (FCR 0 and 0): the coefficient of variation is 0 / 0.
    const zero = resolutionConsistency({
      agents: [
        { agent: 'a', value: 0 },
        { agent: 'b', value: 0 },
      ],
    });
    expect([zero.value, zero.mean, zero.reason]).toEqual([null, 0, 'the mean outcome is 0: the coefficient of variation is undefined']);
    // The aggregate form agrees.
    const agg = resolutionConsistency({
      agents: [
        { agent: 'ben', value: 6 * H },
        { agent: 'ana', value: 2 * H },
      ],
      qaPassed: 2,
      qaReviewed: 3,
    });
    expect([agg.value, agg.qa.value]).toEqual([r.value, r.qa.value]);
  });

  it('rejects bad input', () => {
    expect(thrown(() => resolutionConsistency({ tickets: [] }, { outcome: 'x' as never })).path).toEqual(['options', 'outcome']);
    expect(thrown(() => resolutionConsistency({ tickets: [{ createdAt: 0, status: 'solved', agent: 'a' }] }, { outcome: 'fcr' })).path).toEqual([
      'tickets',
      0,
      'contactCount',
    ]);
    expect(thrown(() => resolutionConsistency({ agents: [], qaPassed: 3, qaReviewed: 2 })).path).toEqual(['qaPassed']);
    expect(
      thrown(() =>
        resolutionConsistency({
          agents: [
            { agent: 'a', value: 1 },
            { agent: 'a', value: 2 },
          ],
        }),
      ).code,
    ).toBe('ambiguous');
  });
});

describe('resolutionConsistency never overflows', () => {
  it('refuses csat scores beyond ±1e12 (the sums of 1e308 + 1e308 were Infinity, the CV NaN)', () => {
    const tickets = [
      { createdAt: 0, agent: 'a', csat: 1e308 },
      { createdAt: 0, agent: 'b', csat: 1e308 },
    ];
    const e = thrown(() => resolutionConsistency({ tickets }, { outcome: 'csat' }));
    expect([e.code, e.path]).toEqual(['out_of_range', ['tickets', 0, 'csat']]);
    const kept = resolutionConsistency({ tickets }, { outcome: 'csat', onInvalid: 'exclude' });
    expect([kept.value, kept.excluded.invalid]).toEqual([null, 2]);
  });

  it('computes the mean and SD of huge per-agent values scaled: [1e308, 1.5e308] → mean 1.25e308, SD 0.25e308, CV 0.2', () => {
    // Population SD of {1, 1.5} is 0.25 and the mean 1.25: CV = 0.25 / 1.25 = 0.2, at any common scale.
    const r = resolutionConsistency({
      agents: [
        { agent: 'a', value: 1e308 },
        { agent: 'b', value: 1.5e308 },
      ],
    });
    expect(r.mean).toBeCloseTo(1.25e308, -300);
    expect(r.standardDeviation! / 1e308).toBeCloseTo(0.25, 12);
    expect(r.value).toBeCloseTo(0.2, 12);
    expect([r.min, r.max]).toEqual([1e308, 1.5e308]);
  });

  it('gives null with a reason when the CV would overflow (mean 5e-324 against a spread of ~0.8)', () => {
    // 1 + (−1) + 1e-323 = 1e-323; / 3 → a subnormal mean; SD ≈ 0.816: SD / mean overflows.
    const r = resolutionConsistency({
      agents: [
        { agent: 'a', value: 1 },
        { agent: 'b', value: -1 },
        { agent: 'c', value: 1e-323 },
      ],
    });
    expect(r.value).toBeNull();
    expect(r.reason).toContain('overflows');
  });
});
