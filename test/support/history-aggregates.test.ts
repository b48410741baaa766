/**
 * Golden examples of the aggregates over many tickets of the histories' metrics: requesterWaitTime,
 * agentWaitTime, onHoldTime, agentWorkTime, firstResolutionTime, repliesPerTicket and
 * reopensPerTicket, from the tickets `ticketMetrics` gives and from tickets as exports carry them.
 * Every expected value is computed by hand in the test, from the worked examples of the sources
 * named (Klipfolio's requester / agent wait example; Zendesk's definitions).
 */
import { describe, expect, it } from 'vitest';
import {
  type TicketEvent,
  agentWaitTime,
  agentWaitTimeAccumulator,
  agentWorkTime,
  byPeriod,
  bySegment,
  firstResolutionTime,
  firstResolutionTimeAccumulator,
  onHoldTime,
  reopenRate,
  reopensPerTicket,
  repliesPerTicket,
  repliesPerTicketAccumulator,
  requesterWaitTime,
  requesterWaitTimeAccumulator,
  ticketMetrics,
} from '../../src/support/index.js';
import { TicketSchema } from '../../src/schemas/index.js';
import { businessCalendar } from '../../src/time/index.js';
import { issuesOf, thrown } from '../helpers.js';

const H = 3_600_000;
const at = (hhmm: string, day = '2024-05-06'): string => `${day}T${hhmm}:00Z`; // 2024-05-06 is a Monday

/**
 * Three tickets:
 * - 1, Klipfolio's worked example [K]: new/open 09:00–10:00, pending 10:00–12:00, open 12:00–14:00,
 *   solved at 14:00 → requester wait 1 h + 2 h = 3 h, agent wait 2 h; agent work (new + open) 3 h;
 *   first resolution 5 h. Two public agent replies (10:00, 12:30), an end-user comment between.
 * - 2, the example of docs/histories.md: created 08:00, open 09:00, on-hold 10:30, solved 12:30 →
 *   requester wait 1 + 1.5 + 2 = 4.5 h, on-hold 2 h, agent work 2.5 h, agent wait 0; first
 *   resolution 4.5 h; one reply (10:30; the private note at 10:00 is none).
 * - 3: created 11:00 by its requester, no status change yet: status times not measured (Zendesk
 *   records them at status changes), never resolved, no reply.
 */
const EVENTS: TicketEvent[] = [
  { ticketId: 1, at: at('09:00'), kind: 'comment', public: true, actorRole: 'end-user' },
  { ticketId: 1, at: at('09:00'), kind: 'status', to: 'open' },
  { ticketId: 1, at: at('10:00'), kind: 'comment', public: true, actorRole: 'agent' },
  { ticketId: 1, at: at('10:00'), kind: 'status', from: 'open', to: 'pending' },
  { ticketId: 1, at: at('12:00'), kind: 'comment', public: true, actorRole: 'end-user' },
  { ticketId: 1, at: at('12:00'), kind: 'status', from: 'pending', to: 'open' },
  { ticketId: 1, at: at('12:30'), kind: 'comment', public: true, actorRole: 'agent' },
  { ticketId: 1, at: at('14:00'), kind: 'status', from: 'open', to: 'solved' },
  { ticketId: 2, at: at('08:00'), kind: 'comment', public: true, actorRole: 'end-user' },
  { ticketId: 2, at: at('09:00'), kind: 'status', from: 'new', to: 'open' },
  { ticketId: 2, at: at('10:00'), kind: 'comment', public: false, actorRole: 'agent' },
  { ticketId: 2, at: at('10:30'), kind: 'comment', public: true, actorRole: 'agent' },
  { ticketId: 2, at: at('10:30'), kind: 'status', from: 'open', to: 'on-hold' },
  { ticketId: 2, at: at('12:30'), kind: 'status', from: 'on-hold', to: 'solved' },
  { ticketId: 3, at: at('11:00'), kind: 'comment', public: true, actorRole: 'end-user' },
];

const tickets = ticketMetrics({ events: EVENTS }).tickets.map((r) => r.ticket);

describe('the ticket record of ticketMetrics', () => {
  it('carries the row’s status times, first resolution and counts', () => {
    const [one, two, three] = tickets;
    expect(one).toMatchObject({
      firstResolvedAt: Date.parse(at('14:00')),
      requesterWaitMs: 3 * H,
      agentWaitMs: 2 * H,
      onHoldMs: 0,
      agentWorkMs: 3 * H,
      pausedMs: 2 * H,
      replyCount: 2,
      reopenCount: 0,
    });
    expect(two).toMatchObject({ requesterWaitMs: 4.5 * H, agentWaitMs: 0, onHoldMs: 2 * H, agentWorkMs: 2.5 * H, replyCount: 1, reopenCount: 0 });
    expect(three).toMatchObject({
      firstResolvedAt: null,
      requesterWaitMs: null,
      agentWaitMs: null,
      onHoldMs: null,
      agentWorkMs: null,
      replyCount: 0,
      reopenCount: 0,
    });
    // Every ticket is valid for the schema (and so for every ticket metric).
    for (const t of tickets) expect(TicketSchema.safeParse(t).success).toBe(true);
  });

  it("with ticketClock: 'business', the record's durations are the row's business durations", () => {
    // Weekdays 09:00–17:00 UTC: ticket 2 (created 08:00) waits in business time new 0 h (08–09 is
    // closed) + open 1.5 h + on-hold 2 h = 3.5 h; its agent work is 1.5 h.
    const schedules = { day: { timeZone: 'UTC', hours: { mon: [['09:00', '17:00']] } } } as const;
    const rows = ticketMetrics({ events: EVENTS }, { schedules, ticketClock: 'business' }).tickets;
    expect(rows[1]!.ticket).toMatchObject({ requesterWaitMs: 3.5 * H, agentWorkMs: 1.5 * H, onHoldMs: 2 * H, pausedMs: 2 * H });
    expect(rows[1]!.ticket.requesterWaitMs).toBe(rows[1]!.business!.requesterWaitTime);
    // The default stays calendar time, schedules or not.
    expect(ticketMetrics({ events: EVENTS }, { schedules }).tickets[1]!.ticket.requesterWaitMs).toBe(4.5 * H);
  });

  it("ticketClock: 'business' needs schedules; other values are refused", () => {
    expect(issuesOf(() => ticketMetrics({ events: EVENTS }, { ticketClock: 'business' }))).toEqual([{ code: 'missing', path: ['options', 'schedules'] }]);
    expect(issuesOf(() => ticketMetrics({ events: EVENTS }, { ticketClock: 'hours' as never }))).toEqual([
      { code: 'invalid_value', path: ['options', 'ticketClock'] },
    ]);
  });
});

describe('status-time metrics over many tickets', () => {
  it('requesterWaitTime: mean, median and R type 7 percentiles of 3 h and 4.5 h; the unmeasured ticket left out', () => {
    const r = requesterWaitTime({ tickets }, { percentiles: [25, 90] });
    // Mean (3 + 4.5) / 2 = 3.75 h; median = mean of two; p25: h = 0.25 → 3 + 0.25·1.5 = 3.375 h;
    // p90: h = 0.9 → 3 + 0.9·1.5 = 4.35 h.
    expect(r.value).toBe(3.75 * H);
    expect(r.median).toBe(3.75 * H);
    expect(r.percentiles).toEqual({ p25: 3.375 * H, p90: 3 * H + 0.9 * 1.5 * H });
    expect([r.n, r.min, r.max, r.total]).toEqual([2, 3 * H, 4.5 * H, 7.5 * H]);
    expect(r.excluded).toEqual({ unmeasured: 1, invalid: 0, invalidIndices: [], invalidTickets: [] });
    expect(r.time).toBe('calendar');
    expect(Object.isFrozen(r)).toBe(true);
  });

  it('agentWaitTime, onHoldTime and agentWorkTime: (2 + 0)/2, (0 + 2)/2, (3 + 2.5)/2 hours', () => {
    expect(agentWaitTime({ tickets }).value).toBe(H);
    expect(onHoldTime({ tickets }).value).toBe(H);
    expect(onHoldTime({ tickets }).median).toBe(H);
    expect(agentWorkTime({ tickets }).value).toBe(2.75 * H);
  });

  it('read exports that carry the durations (Zendesk Ticket Metrics: minutes × 60,000), with a target', () => {
    // requester_wait_time_in_minutes 30, 90 and 240 → ms; within 2 h: 2 of 3.
    const exported = [30, 90, 240].map((m, i) => ({ id: i, createdAt: '2024-05-06T08:00:00Z', requesterWaitMs: m * 60_000 }));
    const r = requesterWaitTime({ tickets: exported }, { targetMs: 2 * H });
    expect(r.value).toBe(120 * 60_000);
    expect(r.withinTarget).toEqual({ count: 2, share: 2 / 3, targetMs: 2 * H });
  });

  it('take a column of durations with the count of tickets not measured', () => {
    const r = agentWaitTime({ durations: Float64Array.from([2 * H, 0]), unmeasured: 1 });
    expect(r).toEqual(agentWaitTime({ tickets }));
  });

  it('give null, never NaN, when no ticket was measured', () => {
    const r = requesterWaitTime({ tickets: [tickets[2]!] });
    expect([r.value, r.median, r.n, r.excluded.unmeasured]).toEqual([null, null, 0, 1]);
    expect(r.reason).toBe('no durations measured: the mean is undefined');
  });

  it('have no calendar option (the clock was chosen when the durations were measured)', () => {
    const calendar = businessCalendar({ timeZone: 'UTC', hours: { mon: [['09:00', '17:00']] } });
    expect(issuesOf(() => requesterWaitTime({ tickets }, { calendar } as never))[0]).toMatchObject({ path: ['options', 'calendar'] });
  });

  it('reject bad durations and tickets with KpiInputError naming the ticket and field', () => {
    expect(issuesOf(() => onHoldTime({ tickets: [{ createdAt: 0, onHoldMs: -1 }] }))).toEqual([{ code: 'out_of_range', path: ['tickets', 0, 'onHoldMs'] }]);
    expect(issuesOf(() => agentWorkTime({ tickets: [{ createdAt: 0 }, { createdAt: 0, agentWorkMs: '5' as never }] }))).toEqual([
      { code: 'invalid_type', path: ['tickets', 1, 'agentWorkMs'] },
    ]);
    expect(issuesOf(() => requesterWaitTime({ tickets: [{ requesterWaitMs: 5 } as never] }))).toEqual([{ code: 'missing', path: ['tickets', 0, 'createdAt'] }]);
    expect(issuesOf(() => agentWaitTime({ durations: [1, -2, Number.NaN] }))).toEqual([
      { code: 'out_of_range', path: ['durations', 1] },
      { code: 'not_finite', path: ['durations', 2] },
    ]);
    expect(thrown(() => requesterWaitTime({ tickets, durations: [] })).code).toBe('ambiguous');
    const r = onHoldTime(
      {
        tickets: [
          { createdAt: 0, onHoldMs: H },
          { createdAt: 'soon', onHoldMs: H },
        ],
      },
      { onInvalid: 'exclude' },
    );
    expect([r.n, r.excluded.invalid, r.excluded.invalidIndices]).toEqual([1, 1, [1]]);
  });
});

describe('firstResolutionTime', () => {
  it('Zendesk: creation → the first time the ticket is solved, even when reopened and solved again', () => {
    // Created 08:00, solved 10:00, reopened 11:00, solved again 15:00: first resolution 2 h; full
    // resolution (resolutionTime, to the last resolution) 7 h.
    const events: TicketEvent[] = [
      { ticketId: 9, at: at('08:00'), kind: 'status', to: 'new' },
      { ticketId: 9, at: at('10:00'), kind: 'status', from: 'new', to: 'solved' },
      { ticketId: 9, at: at('11:00'), kind: 'status', from: 'solved', to: 'open' },
      { ticketId: 9, at: at('15:00'), kind: 'status', from: 'open', to: 'solved' },
    ];
    const row = ticketMetrics({ events }).tickets[0]!;
    const r = firstResolutionTime({ tickets: [row.ticket] });
    expect(r.value).toBe(2 * H);
    expect(row.calendar.fullResolutionTime).toBe(7 * H);
    expect(row.ticket.reopenCount).toBe(1);
  });

  it('over the three tickets: (5 + 4.5) / 2 h, the never-resolved ticket in excluded.unresolved', () => {
    const r = firstResolutionTime({ tickets });
    expect([r.value, r.n, r.excluded.unresolved]).toEqual([4.75 * H, 2, 1]);
  });

  it('counts business time with a calendar: ticket 2 (08:00 → 12:30, opening at 09:00) takes 3.5 h', () => {
    const calendar = businessCalendar({ timeZone: 'UTC', hours: { mon: [['09:00', '17:00']] } });
    const r = firstResolutionTime({ tickets: [tickets[1]!] }, { calendar });
    expect([r.value, r.time]).toEqual([3.5 * H, 'business-hours']);
    expect(thrown(() => firstResolutionTime({ durations: [1] }, { calendar })).code).toBe('invalid_value');
  });

  it('rejects a first resolution before the creation, or after the last resolution (schema)', () => {
    expect(issuesOf(() => firstResolutionTime({ tickets: [{ createdAt: at('10:00'), firstResolvedAt: at('09:00') }] }))).toEqual([
      { code: 'inconsistent', path: ['tickets', 0, 'firstResolvedAt'] },
    ]);
    expect(TicketSchema.safeParse({ createdAt: at('08:00'), firstResolvedAt: at('12:00'), resolvedAt: at('10:00') }).success).toBe(false);
    expect(TicketSchema.safeParse({ createdAt: at('08:00'), firstResolvedAt: at('10:00'), resolvedAt: at('12:00') }).success).toBe(true);
  });

  it('places tickets by their first resolution in byPeriod (at: firstResolvedAt)', () => {
    const r = byPeriod(firstResolutionTime, tickets, { period: 'day', at: 'firstResolvedAt', timeZone: 'UTC' });
    expect(r.periods.map((p) => [p.key, p.count, p.result.value])).toEqual([['2024-05-06', 2, 4.75 * H]]);
    expect(r.undated?.count).toBe(1);
  });
});

describe('repliesPerTicket and reopensPerTicket', () => {
  it('repliesPerTicket over the three tickets: replies 2, 1, 0', () => {
    const r = repliesPerTicket({ tickets });
    // Mean 3/3 = 1; median 1; p90: h = 2·0.9 = 1.8 → 1 + 0.8·(2 − 1) = 1.8.
    expect([r.value, r.median, r.percentiles['p90'], r.min, r.max, r.total, r.n]).toEqual([1, 1, 1.8, 0, 2, 3, 3]);
    expect(r.zero).toEqual({ count: 1, share: 1 / 3 });
    expect(r.atLeastOne).toEqual({ count: 2, share: 2 / 3 });
    expect(r.histogram).toEqual([
      { value: 0, count: 1 },
      { value: 1, count: 1 },
      { value: 2, count: 1 },
    ]);
    expect(r.excluded).toEqual({ unmeasured: 0, invalid: 0, invalidIndices: [], invalidTickets: [] });
    expect(Object.isFrozen(r.histogram[0])).toBe(true);
  });

  it('reopensPerTicket: reopened tickets agree with reopenRate; the share differs by its denominator', () => {
    // Ticket 9 (above) was reopened once; 10 twice (solved, open, solved, pending); 11 never resolved.
    const events: TicketEvent[] = [
      { ticketId: 9, at: at('08:00'), kind: 'status', to: 'new' },
      { ticketId: 9, at: at('10:00'), kind: 'status', to: 'solved' },
      { ticketId: 9, at: at('11:00'), kind: 'status', to: 'open' },
      { ticketId: 9, at: at('15:00'), kind: 'status', to: 'solved' },
      { ticketId: 10, at: at('08:00'), kind: 'status', to: 'solved' },
      { ticketId: 10, at: at('09:00'), kind: 'status', to: 'open' },
      { ticketId: 10, at: at('10:00'), kind: 'status', to: 'solved' },
      { ticketId: 10, at: at('11:00'), kind: 'status', to: 'pending' },
      { ticketId: 11, at: at('08:00'), kind: 'status', to: 'open' },
    ];
    const all = [...tickets, ...ticketMetrics({ events }).tickets.map((r) => r.ticket)];
    const r = reopensPerTicket({ tickets: all });
    // Reopens 0, 0, 0, 1, 2, 0 → mean 3/6 = 0.5; 2 of 6 tickets reopened at least once.
    expect([r.value, r.n, r.max]).toEqual([0.5, 6, 2]);
    expect(r.atLeastOne).toEqual({ count: 2, share: 2 / 6 });
    expect(r.histogram).toEqual([
      { value: 0, count: 4 },
      { value: 1, count: 1 },
      { value: 2, count: 1 },
    ]);
    // reopenRate: 2 reopened / 4 resolved at least once (1, 2, 9, 10); 3 and 11 never resolved.
    const rate = reopenRate({ tickets: all });
    expect([rate.reopened, rate.resolved, rate.value]).toEqual([2, 4, 0.5]);
    expect(r.atLeastOne.count).toBe(rate.reopened);
    const resolvedOnce = all.filter((t) => t.firstResolvedAt !== null);
    expect(reopensPerTicket({ tickets: resolvedOnce }).atLeastOne.share).toBe(rate.value);
  });

  it('take a column of counts; leave out tickets without a count (unmeasured)', () => {
    const r = repliesPerTicket({ counts: [0, 1, 1, 2, 6], unmeasured: 2 });
    // Mean 10/5 = 2; median 1; p90: h = 4·0.9 = 3.6 → 2 + 0.6·(6 − 2) = 4.4.
    expect([r.value, r.median, r.percentiles['p90'], r.excluded.unmeasured]).toEqual([2, 1, 4.4, 2]);
    const t = repliesPerTicket({ tickets: [{ createdAt: 0, replyCount: 3 }, { createdAt: 0 }, { createdAt: 0, replyCount: null }] });
    expect([t.n, t.value, t.excluded.unmeasured]).toEqual([1, 3, 2]);
  });

  it('take the histogram itself (tickets per count, any order, a count may repeat)', () => {
    // Replies 0, 1, 1, 2, 6 as a GROUP BY gives them, unsorted and split: the figures above.
    const r = repliesPerTicket({
      histogram: [
        { value: 6, count: 1 },
        { value: 1, count: 1 },
        { value: 0, count: 1 },
        { value: 2, count: 1 },
        { value: 1, count: 1 },
        { value: 9, count: 0 },
      ],
      unmeasured: 2,
    });
    expect(r).toEqual(repliesPerTicket({ counts: [0, 1, 1, 2, 6], unmeasured: 2 }));
    expect(issuesOf(() => repliesPerTicket({ histogram: [{ value: -1, count: 1 }, 'x' as never, { value: 1, count: 0.5 }] }))).toEqual([
      { code: 'out_of_range', path: ['histogram', 0, 'value'] },
      { code: 'invalid_type', path: ['histogram', 1] },
      { code: 'not_integer', path: ['histogram', 2, 'count'] },
    ]);
    expect(issuesOf(() => repliesPerTicket({ histogram: {} as never }))).toEqual([{ code: 'invalid_type', path: ['histogram'] }]);
    const huge = Number.MAX_SAFE_INTEGER;
    expect(
      issuesOf(() =>
        reopensPerTicket({
          histogram: [
            { value: 0, count: huge },
            { value: 1, count: huge },
          ],
        }),
      ),
    ).toEqual([{ code: 'out_of_range', path: ['histogram', 1, 'count'] }]);
    expect(issuesOf(() => reopensPerTicket({ tickets: [], unmeasured: 1 }))).toEqual([{ code: 'ambiguous', path: ['unmeasured'] }]);
    expect(thrown(() => reopensPerTicket({ counts: [], histogram: [] })).code).toBe('ambiguous');
  });

  it('counts of 64 and more, and totals beyond 2^53, stay exact', () => {
    const big = Number.MAX_SAFE_INTEGER; // 2^53 − 1
    const r = reopensPerTicket({ counts: [big, big, 64, 64, 1000] });
    // Total 2^54 − 2 + 1128: exact as a BigInt, then the nearest double; the histogram is exact.
    expect(r.total).toBe(Number(2n * BigInt(big) + 1128n));
    expect(r.histogram).toEqual([
      { value: 64, count: 2 },
      { value: 1000, count: 1 },
      { value: big, count: 2 },
    ]);
    expect(r.median).toBe(1000);
    expect(r.zero).toEqual({ count: 0, share: 0 });
    // Two halves merged through JSON give the same.
    const f = reopensPerTicket.accumulator;
    const a = f.create().addAll([
      { createdAt: 0, reopenCount: big },
      { createdAt: 0, reopenCount: 64 },
    ]);
    const b = f.fromJSON(
      JSON.parse(
        JSON.stringify(
          f
            .create()
            .addAll([
              { createdAt: 0, reopenCount: big },
              { createdAt: 0, reopenCount: 64 },
              { createdAt: 0, reopenCount: 1000 },
            ])
            .toJSON(),
        ),
      ),
    );
    const { excluded: _e, ...merged } = a.merge(b).result();
    const { excluded: _f, ...whole } = r;
    expect(merged).toEqual(whole);
  });

  it('give null with a reason when no ticket was counted', () => {
    const r = repliesPerTicket({ tickets: [{ createdAt: 0 }] });
    expect([r.value, r.median, r.min, r.max, r.percentiles, r.zero, r.histogram]).toEqual([
      null,
      null,
      null,
      null,
      { p90: null },
      { count: 0, share: null },
      [],
    ]);
    expect(r.reason).toBe('no tickets with a replyCount: the mean replies per ticket is undefined');
    expect(repliesPerTicket({ counts: [] }).reason).not.toBeNull();
  });

  it('reject bad counts and inputs with KpiInputError', () => {
    expect(issuesOf(() => repliesPerTicket({ tickets: [{ createdAt: 0, replyCount: 1.5 }] }))).toEqual([
      { code: 'not_integer', path: ['tickets', 0, 'replyCount'] },
    ]);
    expect(issuesOf(() => reopensPerTicket({ tickets: [{ createdAt: 0, reopenCount: -1 }] }))).toEqual([
      { code: 'out_of_range', path: ['tickets', 0, 'reopenCount'] },
    ]);
    expect(issuesOf(() => repliesPerTicket({ counts: [1, -1, 'x' as never], unmeasured: -2 }))).toEqual([
      { code: 'out_of_range', path: ['unmeasured'] },
      { code: 'out_of_range', path: ['counts', 1] },
      { code: 'invalid_type', path: ['counts', 2] },
    ]);
    expect(thrown(() => repliesPerTicket({ counts: 'x' as never })).code).toBe('invalid_type');
    expect(thrown(() => repliesPerTicket({ tickets: [], counts: [] })).code).toBe('ambiguous');
    expect(thrown(() => repliesPerTicket({} as never)).code).toBe('missing');
    expect(thrown(() => repliesPerTicket({ counts: [] }, { percentiles: [100] })).code).toBe('out_of_range');
    const many = repliesPerTicket.accumulator.create({ onInvalid: 'exclude' }).addAll([
      { createdAt: 0, replyCount: 2 },
      { createdAt: 0, replyCount: 'two' },
    ]);
    expect(many.result().excluded.invalidIndices).toEqual([1]);
    expect(thrown(() => repliesPerTicket({ counts: Array.from({ length: 150 }, () => -1) })).issues.length).toBeGreaterThan(0);
  });

  it('accumulators: states restore from JSON, malformed states are refused', () => {
    const f = repliesPerTicketAccumulator;
    const json = f
      .create({ percentiles: [50] })
      .addAll(tickets)
      .toJSON();
    expect(f.fromJSON(json).result()).toEqual(
      f
        .create({ percentiles: [50] })
        .addAll(tickets)
        .result(),
    );
    const state = (json as { state: unknown }).state;
    expect(state).toEqual({
      histogram: [
        [0, 1],
        [1, 1],
        [2, 1],
      ],
      unmeasured: 0,
    });
    for (const bad of [
      null,
      { histogram: 'x', unmeasured: 0 },
      {
        histogram: [
          [1, 1],
          [0, 1],
        ],
        unmeasured: 0,
      },
      { histogram: [[0, 0]], unmeasured: 0 },
      { histogram: [[0]], unmeasured: 0 },
      { histogram: [], unmeasured: -1 },
    ]) {
      expect(thrown(() => f.fromJSON({ ...(json as object), state: bad })).code).toBeTypeOf('string');
    }
    expect(thrown(() => f.create().merge(f.create({ percentiles: [95] }))).code).toBe('incompatible');
  });
});

describe('byPeriod and bySegment over the history tickets', () => {
  it('requesterWaitTime per day and per agent', () => {
    const week = [
      { id: 'a', createdAt: at('09:00', '2024-05-06'), requesterWaitMs: 3 * H, agent: 'ana' },
      { id: 'b', createdAt: at('09:00', '2024-05-06'), requesterWaitMs: H, agent: 'ben' },
      { id: 'c', createdAt: at('09:00', '2024-05-07'), requesterWaitMs: 2 * H, agent: 'ana' },
      { id: 'd', createdAt: at('09:00', '2024-05-07'), agent: 'ben' },
    ];
    const days = byPeriod(requesterWaitTime, week, { period: 'day', timeZone: 'UTC' });
    // Monday (3 + 1) / 2 = 2 h; Tuesday 2 h, with d unmeasured.
    expect(days.periods.map((p) => [p.key, p.result.value, p.result.excluded.unmeasured])).toEqual([
      ['2024-05-06', 2 * H, 0],
      ['2024-05-07', 2 * H, 1],
    ]);
    const agents = bySegment(requesterWaitTime, week, 'agent');
    expect(agents.segments.map((s) => [s.key, s.result.value])).toEqual([
      ['ana', 2.5 * H],
      ['ben', H],
    ]);
    expect(
      bySegment(repliesPerTicket, tickets, (t: { replyCount: number }) => (t.replyCount > 0 ? 'answered' : 'not')).segments.map((s) => [s.key, s.result.n]),
    ).toEqual([
      ['answered', 2],
      ['not', 1],
    ]);
  });

  it('the accumulators work in byPeriodAccumulator through JSON', () => {
    const acc = requesterWaitTimeAccumulator.create().addAll(tickets);
    expect(requesterWaitTimeAccumulator.fromJSON(acc.toJSON()).result()).toEqual(requesterWaitTime({ tickets }));
    expect(agentWaitTimeAccumulator.create().addAll(tickets).result().value).toBe(H);
    expect(firstResolutionTimeAccumulator.create().addAll(tickets).result().value).toBe(4.75 * H);
  });
});
