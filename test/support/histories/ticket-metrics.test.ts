/**
 * Golden examples of `ticketMetrics`. Each names the published source of its rule, and the expected
 * values are computed by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { type TicketEvent, type TicketHistory, firstResponseTime, reopenRate, resolutionTime, ticketMetrics } from '../../../src/support/index.js';
import { businessCalendar } from '../../../src/time/index.js';
import { thrown } from '../../helpers.js';

const H = 3_600_000;
const MIN = 60_000;
/** Monday 2024-11-18 00:00 UTC. */
const MON = Date.UTC(2024, 10, 18);

const reply = (at: number, ticketId: string | number = 1): TicketEvent => ({ ticketId, at, kind: 'comment', public: true, actorRole: 'agent' });
const note = (at: number, ticketId: string | number = 1): TicketEvent => ({ ticketId, at, kind: 'comment', public: false, actorRole: 'agent' });
const ask = (at: number, ticketId: string | number = 1): TicketEvent => ({ ticketId, at, kind: 'comment', public: true, actorRole: 'end-user' });
const status = (at: number, from: string | null, to: string, ticketId: string | number = 1): TicketEvent => ({ ticketId, at, kind: 'status', from, to });
const one = (events: TicketEvent[], options?: Parameters<typeof ticketMetrics>[1]) => {
  const r = ticketMetrics({ events }, options);
  expect(r.tickets).toHaveLength(1);
  return r.tickets[0]!;
};

describe('first reply time (Zendesk, "About native Support time duration metrics" and "Calculating first reply time")', () => {
  it('creation → the first public comment by an agent; private notes never count', () => {
    // Customer email at 08:00, private note 09:00, public agent reply 10:00 → 2 h.
    const t = one([ask(MON + 8 * H), note(MON + 9 * H), reply(MON + 10 * H)]);
    expect(t.calendar.firstReplyTime).toBe(2 * H);
    expect(t.firstReplyAt).toBe(MON + 10 * H);
    expect(t.counts.replies).toBe(1);
    expect(t.reasons.firstReplyTime).toBeNull();
  });

  it('an agent creates the ticket with a public first comment: timing ends at the agent’s next public comment', () => {
    // Created by an agent at 08:00 (public description), next public agent comment 11:00 → 3 h; the
    // creation comment is no reply (replies = 1).
    const t = one([reply(MON + 8 * H), ask(MON + 9 * H), reply(MON + 11 * H)]);
    expect(t.calendar.firstReplyTime).toBe(3 * H);
    expect(t.counts.replies).toBe(1);
  });

  it('phone example: solved with no new comment, reopened by the customer, then answered: first reply ends at that answer', () => {
    // Phone ticket created 08:00 by the agent (private note as description), solved 08:05, the
    // customer reopens at 10:00, the agent replies publicly at 10:30 → 2 h 30 min.
    const t = one([
      note(MON + 8 * H),
      status(MON + 8 * H + 5 * MIN, 'new', 'solved'),
      ask(MON + 10 * H),
      status(MON + 10 * H, 'solved', 'open'),
      reply(MON + 10.5 * H),
    ]);
    expect(t.calendar.firstReplyTime).toBe(2.5 * H);
    expect(t.counts.reopens).toBe(1);
    expect(t.calendar.firstResolutionTime).toBe(5 * MIN);
  });

  it('automated comments never count; an agent reply at the creation instant that is not the creation comment is 0', () => {
    // Zendesk: "automated or bot-related actions ... aren't considered when calculating the first reply time".
    const bot: TicketEvent = { ticketId: 1, at: MON + 8 * H + MIN, kind: 'comment', public: true, actorRole: 'system' };
    expect(one([ask(MON + 8 * H), bot]).calendar.firstReplyTime).toBeNull();
    // End-user description at 08:00, then a public agent comment at the same instant → 0 ms.
    expect(one([ask(MON + 8 * H), reply(MON + 8 * H)]).calendar.firstReplyTime).toBe(0);
  });

  it('no reply: null with a reason, never the time so far', () => {
    const t = one([ask(MON), note(MON + H)]);
    expect(t.calendar.firstReplyTime).toBeNull();
    expect(t.firstReplyAt).toBeNull();
    expect(t.reasons.firstReplyTime).toBe('no public agent reply after the creation comment');
  });
});

describe('resolutions (Zendesk, "About native Support time duration metrics")', () => {
  it('first resolution = first change to solved; full resolution = the last one, while resolved', () => {
    // new 0–1 h, open 1–2 h, solved 2 h, reopened 3 h, solved again 5 h:
    // first resolution 2 h, full resolution 5 h, 2 resolutions, 1 reopen.
    const t = one([
      ask(MON),
      status(MON + H, 'new', 'open'),
      status(MON + 2 * H, 'open', 'solved'),
      status(MON + 3 * H, 'solved', 'open'),
      status(MON + 5 * H, 'open', 'solved'),
    ]);
    expect([t.calendar.firstResolutionTime, t.calendar.fullResolutionTime]).toEqual([2 * H, 5 * H]);
    expect([t.firstResolvedAt, t.lastResolvedAt]).toEqual([MON + 2 * H, MON + 5 * H]);
    expect([t.counts.resolutions, t.counts.reopens]).toEqual([2, 1]);
    // Time in solved (2–3 h) counts in no wait: requester wait = new 1 h + open 1 h + open 2 h.
    expect(t.calendar.requesterWaitTime).toBe(4 * H);
    expect(t.calendar.statusTimes.solved).toBe(H);
  });

  it('an unsolved ticket closed by a business rule or the API is resolved at that change; solved → closed is no second resolution', () => {
    const closedByRule = one([ask(MON), status(MON + 4 * H, 'open', 'closed')]);
    expect(closedByRule.calendar.firstResolutionTime).toBe(4 * H);
    const solvedThenClosed = one([ask(MON), status(MON + 2 * H, 'new', 'solved'), status(MON + 98 * H, 'solved', 'closed')]);
    expect(solvedThenClosed.counts.resolutions).toBe(1);
    expect(solvedThenClosed.calendar.fullResolutionTime).toBe(2 * H);
    expect(solvedThenClosed.finalStatus).toBe('closed');
    expect(solvedThenClosed.ticket.closedAt).toBe(MON + 98 * H);
  });

  it('reopened and still open: full resolution is null; reopens counts the reopen even without a second solve (dbt_zendesk counts solves − 1 = 0)', () => {
    const t = one([ask(MON), status(MON + H, 'new', 'solved'), status(MON + 2 * H, 'solved', 'pending')]);
    expect(t.calendar.fullResolutionTime).toBeNull();
    expect(t.reasons.fullResolutionTime).toMatch(/^not resolved at the end/);
    expect(t.lastResolvedAt).toBe(MON + H);
    expect([t.counts.reopens, t.counts.resolutions]).toEqual([1, 1]);
    expect(t.ticket.resolvedAt).toBeNull();
  });

  it('never resolved: both resolution times null, with the reason', () => {
    const t = one([ask(MON), status(MON + H, 'new', 'open')]);
    expect([t.calendar.firstResolutionTime, t.calendar.fullResolutionTime]).toEqual([null, null]);
    expect(t.reasons.firstResolutionTime).toBe(t.reasons.fullResolutionTime);
  });
});

describe('status times (Zendesk: requester wait = new + open + on-hold, agent wait = pending, on-hold, agent work = new + open)', () => {
  // created 00:00 new; 01:00 open; 03:00 pending; 06:00 on-hold; 10:00 open; 11:00 solved.
  // new 1 h, open 2 h + 1 h = 3 h, pending 3 h, hold 4 h.
  const events = [
    ask(MON),
    status(MON + H, 'new', 'open'),
    status(MON + 3 * H, 'open', 'pending'),
    status(MON + 6 * H, 'pending', 'on-hold'),
    status(MON + 10 * H, 'on-hold', 'open'),
    status(MON + 11 * H, 'open', 'solved'),
  ];

  it('Klipfolio, "Agent vs Requester Wait Time": 9:00 new/open, 10:00 pending, 12:00 open, 14:00 solved → requester wait 3 h, agent wait 2 h', () => {
    // https://www.klipfolio.com/metrics/difference/agent-wait-time-vs-requester-wait-time/
    // "Requester Wait Time is 1 hour + 2 hours = 3 hours"; the pending window 10:00–12:00 is agent wait.
    const t = one([
      ask(MON + 9 * H),
      status(MON + 9.25 * H, 'new', 'open'),
      reply(MON + 10 * H),
      status(MON + 10 * H, 'open', 'pending'),
      ask(MON + 12 * H),
      status(MON + 12 * H, 'pending', 'open'),
      status(MON + 14 * H, 'open', 'solved'),
    ]);
    expect([t.calendar.requesterWaitTime, t.calendar.agentWaitTime]).toEqual([3 * H, 2 * H]);
    expect(t.calendar.fullResolutionTime).toBe(5 * H);
  });

  it('sums each status interval; `on-hold` is `hold` (dbt_zendesk issue #112)', () => {
    const c = one(events).calendar;
    expect(c.requesterWaitTime).toBe(8 * H); // 1 + 3 + 4
    expect(c.agentWorkTime).toBe(4 * H); // 1 + 3
    expect(c.agentWaitTime).toBe(3 * H);
    expect(c.onHoldTime).toBe(4 * H);
    expect(c.statusTimes).toEqual({ new: H, open: 3 * H, pending: 3 * H, hold: 4 * H, solved: 0, closed: 0, other: 0 });
    expect(one(events).ticket.pausedMs).toBe(7 * H);
  });

  it('the interval still running is not counted (not live counters); live: true counts it up to asOf', () => {
    // new 0–1 h, open 1–2 h, pending from 2 h; asOf 5 h.
    const running = [ask(MON), status(MON + H, 'new', 'open'), status(MON + 2 * H, 'open', 'pending')];
    expect(one(running).calendar.agentWaitTime).toBe(0);
    expect(one(running, { live: true, asOf: MON + 5 * H }).calendar.agentWaitTime).toBe(3 * H);
    expect(one(running, { asOf: MON + 5 * H }).calendar.agentWaitTime).toBe(0);
  });

  it('the initial status: the first status event’s `from` when it is after the creation, else new; an event at the creation sets it', () => {
    // Created open (the first status row, at 2 h, says from: 'open') → 2 h open, no new.
    expect(one([ask(MON), status(MON + 2 * H, 'open', 'pending')]).calendar.statusTimes).toMatchObject({ new: 0, open: 2 * H });
    // Created directly as pending at the creation instant.
    const t = one([ask(MON), status(MON, null, 'pending'), status(MON + 3 * H, 'pending', 'solved')]);
    expect(t.calendar.statusTimes).toMatchObject({ new: 0, pending: 3 * H });
  });

  it('statuses outside the categories (deleted, custom) count in no status time; statusMap maps custom ones', () => {
    const ev = [ask(MON), status(MON + H, 'new', 'Waiting on Customer'), status(MON + 3 * H, 'Waiting on Customer', 'Resolved')];
    const plain = one(ev);
    expect(plain.calendar.statusTimes).toMatchObject({ new: H, pending: 0, other: 2 * H });
    expect(plain.finalStatus).toBe('resolved');
    expect(plain.counts.resolutions).toBe(0);
    const mapped = one(ev, { statusMap: { 'waiting on customer': 'pending', RESOLVED: 'solved' } });
    expect(mapped.calendar.agentWaitTime).toBe(2 * H);
    expect(mapped.calendar.fullResolutionTime).toBe(3 * H);
    expect(mapped.finalStatus).toBe('solved');
  });
});

describe('counts (Zendesk Ticket Metrics API: assignee_stations, group_stations, replies, reopens)', () => {
  it('stations count changes to a non-null value other than the current one; the first event’s from is the initial value', () => {
    const a = (at: number, from: string | null, to: string | null): TicketEvent => ({ ticketId: 1, at, kind: 'assignee', from, to });
    const g = (at: number, from: string | number | null, to: string | number | null): TicketEvent => ({ ticketId: 1, at, kind: 'group', from, to });
    // Assignees: A, A again (no change), unassigned, B, A → stations A, B, A = 3, unique 2.
    // Groups: created in 10 (from of the first group event), then 20 → 2 stations.
    const t = one([
      ask(MON),
      a(MON + 1, null, 'A'),
      a(MON + 2, 'A', 'A'),
      a(MON + 3, 'A', null),
      a(MON + 4, null, 'B'),
      a(MON + 5, 'B', 'A'),
      g(MON + 6, 10, 20),
    ]);
    expect([t.counts.assigneeStations, t.counts.uniqueAssignees, t.counts.groupStations]).toEqual([3, 2, 2]);
    expect([t.ticket.agent, t.ticket.team]).toEqual(['A', '20']);
  });
});

describe('events before the creation (dbt_zendesk integration test data: ticket 11071, field history at 11:01:27, created 18:06:36)', () => {
  const history: TicketHistory = {
    ticketId: 11071,
    createdAt: '2024-03-01T18:06:36Z',
    events: [
      { at: '2024-03-01T11:01:27Z', kind: 'status', to: 'new' },
      { at: '2024-03-01T19:06:36Z', kind: 'status', from: 'new', to: 'solved' },
    ],
  };
  it("is an input error by default, naming the event; createdAt: 'firstEvent' moves the creation back", () => {
    const e = thrown(() => ticketMetrics({ histories: [history] }));
    expect([e.code, e.path]).toEqual(['inconsistent', ['histories', 0, 'events', 0, 'at']]);
    const t = ticketMetrics({ histories: [history] }, { createdAt: 'firstEvent' }).tickets[0]!;
    // 11:01:27 → 19:06:36 = 8 h 5 min 9 s.
    expect(t.createdAt).toBe(Date.UTC(2024, 2, 1, 11, 1, 27));
    expect(t.calendar.fullResolutionTime).toBe(8 * H + 5 * MIN + 9_000);
  });
  it('with onInvalid: exclude the ticket is left out and listed', () => {
    const r = ticketMetrics({ histories: [history, { ticketId: 2, createdAt: 0, events: [] }] }, { onInvalid: 'exclude' });
    expect(r.tickets.map((t) => t.ticketId)).toEqual([2]);
    expect(r.excluded.invalid).toBe(1);
    expect(r.excluded.invalidTickets[0]!.ticketId).toBe(11071);
    expect(r.excluded.invalidTickets[0]!.issues[0]!.path).toEqual(['histories', 0, 'events', 0, 'at']);
  });
});

describe('exact ms, not minutes (dbt_zendesk issue #135)', () => {
  it('13:59:59 → 14:02:01 is 122 s (dbt’s datediff(minute) counts 3 minute boundaries)', () => {
    const t = one([ask(Date.UTC(2024, 0, 2, 13, 59, 59)), reply(Date.UTC(2024, 0, 2, 14, 2, 1))]);
    expect(t.calendar.firstReplyTime).toBe(122_000);
  });
});

describe('business time and schedule policies (Zendesk, "How does Zendesk record its business hour metrics?"; dbt_zendesk DECISIONLOG)', () => {
  const weekdays = (from: string, to: string) => {
    const d = [[from, to]] as const;
    return { mon: d, tue: d, wed: d, thu: d, fri: d };
  };
  const schedules = { a: { timeZone: 'UTC', hours: weekdays('09:00', '17:00') }, b: { timeZone: 'UTC', hours: weekdays('13:00', '17:00') } };
  // Created Mon 08:00 (open at creation), schedule a; switched to b at Mon 12:00; public reply and
  // pending Tue 10:00; solved Tue 15:00.
  const events: TicketEvent[] = [
    ask(MON + 8 * H),
    status(MON + 8 * H, 'new', 'open'),
    { ticketId: 1, at: MON + 12 * H, kind: 'schedule', to: 'b' },
    reply(MON + 34 * H),
    status(MON + 34 * H, 'open', 'pending'),
    status(MON + 39 * H, 'pending', 'solved'),
  ];

  it("'zendesk': single-event metrics use the schedule at their end event for the whole span; status intervals the schedule when they ended", () => {
    const t = one(events, { schedules, defaultSchedule: 'a' });
    const b = t.business!;
    // First reply Tue 10:00 under b (13–17): Mon 13–17 = 4 h, Tue before 10:00 = 0 → 4 h.
    expect(b.firstReplyTime).toBe(4 * H);
    // Full resolution Tue 15:00 under b: Mon 4 h + Tue 13–15 2 h = 6 h.
    expect(b.fullResolutionTime).toBe(6 * H);
    // open [Mon 08:00, Tue 10:00) ended under b: 4 h; pending [Tue 10:00, 15:00) under b: 2 h.
    expect([b.requesterWaitTime, b.agentWaitTime]).toEqual([4 * H, 2 * H]);
    expect(t.schedule).toBe('b');
    // Calendar: first reply 26 h, full resolution 31 h.
    expect([t.calendar.firstReplyTime, t.calendar.fullResolutionTime]).toEqual([26 * H, 31 * H]);
  });

  it("'split': every instant under the schedule in force at it", () => {
    const b = one(events, { schedules, defaultSchedule: 'a', schedulePolicy: 'split' }).business!;
    // First reply: a on [Mon 08:00, 12:00) = 09–12 = 3 h; b on [Mon 12:00, Tue 10:00) = Mon 13–17 = 4 h → 7 h.
    expect(b.firstReplyTime).toBe(7 * H);
    // Full resolution: 3 h + b on [Mon 12:00, Tue 15:00) = 4 h + 2 h → 9 h.
    expect(b.fullResolutionTime).toBe(9 * H);
    expect([b.requesterWaitTime, b.agentWaitTime]).toEqual([7 * H, 2 * H]);
  });

  it('without a defaultSchedule, the first schedule event applies from the creation; calendars are accepted as they are', () => {
    const calendars = { a: businessCalendar(schedules.a), b: businessCalendar(schedules.b) };
    const b = one(events, { schedules: calendars }).business!;
    // b from the creation: the same as 'zendesk' with b throughout → first reply 4 h.
    expect(b.firstReplyTime).toBe(4 * H);
    expect(thrown(() => one([ask(MON)], { schedules })).path).toEqual(['options', 'defaultSchedule']);
  });

  it('business is null without schedules, with the reason', () => {
    const t = one(events);
    expect(t.business).toBeNull();
    expect(t.reasons.business).toMatch(/no schedules/);
    expect(t.schedule).toBeNull();
  });

  it('holidays and DST: exact per local date (a Berlin holiday, and the night São Paulo’s midnight did not exist)', () => {
    const berlin = { timeZone: 'Europe/Berlin', hours: weekdays('09:00', '18:00'), holidays: ['2024-12-25', '2024-12-26'] };
    // Created Tue 2024-12-24 17:00 Berlin (16:00 UTC), reply Fri 2024-12-27 10:00 Berlin (09:00 UTC):
    // Tue 17–18 = 1 h, Wed/Thu holidays, Fri 09–10 = 1 h → 2 h.
    const t = one([ask(Date.UTC(2024, 11, 24, 16)), reply(Date.UTC(2024, 11, 27, 9))], { schedules: { berlin } });
    expect(t.business!.firstReplyTime).toBe(2 * H);
    // São Paulo 2018-11-04 (a Sunday): clocks jumped from 00:00 to 01:00, so a 00:00–24:00 day is 23 h.
    const sp = { timeZone: 'America/Sao_Paulo', hours: { sun: [['00:00', '24:00']] as const } };
    // Sat 2018-11-03 12:00 local (15:00 UTC) → Mon 2018-11-05 12:00 local (14:00 UTC): only Sunday counts, 23 h.
    const s = one([ask(Date.UTC(2018, 10, 3, 15)), reply(Date.UTC(2018, 10, 5, 14))], { schedules: { sp } });
    expect(s.business!.firstReplyTime).toBe(23 * H);
    expect(s.calendar.firstReplyTime).toBe(47 * H);
  });

  it('zone-less timestamps are read in the default schedule’s zone unless timeZone is given', () => {
    const berlin = { timeZone: 'Europe/Berlin', hours: weekdays('09:00', '18:00') };
    const ev: TicketEvent[] = [
      { ticketId: 1, at: '2024-11-22 17:00', kind: 'comment', public: true, actorRole: 'end-user' },
      { ticketId: 1, at: '2024-11-25 10:00', kind: 'comment', public: true, actorRole: 'agent' },
    ];
    const t = one(ev, { schedules: { berlin } });
    expect(t.createdAt).toBe(Date.UTC(2024, 10, 22, 16));
    // Fri 17–18 + Mon 09–10 (docs/metrics.md#business-hours-calendars) → 2 h.
    expect(t.business!.firstReplyTime).toBe(2 * H);
    expect(one(ev, { schedules: { berlin }, timeZone: 'UTC' }).createdAt).toBe(Date.UTC(2024, 10, 22, 17));
  });
});

describe('the ticket record feeds the existing ticket metrics', () => {
  it('firstResponseTime, resolutionTime and reopenRate read the rows’ tickets', () => {
    const r = ticketMetrics({
      events: [
        ask(MON, 'a'),
        reply(MON + 2 * H, 'a'),
        status(MON + 4 * H, 'new', 'solved', 'a'),
        ask(MON, 'b'),
        reply(MON + 4 * H, 'b'),
        status(MON + 5 * H, 'new', 'solved', 'b'),
        status(MON + 6 * H, 'solved', 'open', 'b'),
      ],
    });
    const tickets = r.tickets.map((t) => t.ticket);
    // First responses 2 h and 4 h → mean 3 h; only a is resolved (4 h); b was reopened.
    expect(firstResponseTime({ tickets }).value).toBe(3 * H);
    expect(resolutionTime({ tickets }).value).toBe(4 * H);
    // reopened 1 of resolved-at-least-once 2.
    expect(reopenRate({ tickets }).value).toBe(0.5);
  });
});

describe('input forms, order and validation', () => {
  it('flat rows of many tickets in any order give rows ordered by ticket id (numbers first)', () => {
    const r = ticketMetrics({ events: [ask(0, 'x'), ask(0, 10), ask(0, 2), reply(H, 2)] });
    expect(r.tickets.map((t) => t.ticketId)).toEqual([2, 10, 'x']);
    expect(r.tickets[0]!.calendar.firstReplyTime).toBe(H);
    // Frozen all the way down, with schedules too.
    const frozen = (v: unknown): boolean => typeof v !== 'object' || v === null || (Object.isFrozen(v) && Object.values(v).every(frozen));
    expect(frozen(r)).toBe(true);
    expect(frozen(ticketMetrics({ events: [ask(0), reply(H)] }, { schedules: { a: { timeZone: 'UTC', hours: { mon: [['09:00', '17:00']] } } } }))).toBe(true);
    expect(frozen(ticketMetrics({ events: [{ ...ask(0), at: 'x' }] }, { onInvalid: 'exclude' }))).toBe(true);
    expect(r.excluded).toEqual({ invalid: 0, invalidTickets: [] });
  });

  it('events out of time order are sorted; within an instant the input order holds', () => {
    // Listed backwards: reply at 2 h, then the question at 0 → first reply 2 h.
    expect(one([reply(2 * H), ask(0)]).calendar.firstReplyTime).toBe(2 * H);
  });

  it('a history without events is a new ticket with nothing measured', () => {
    const t = ticketMetrics({ histories: [{ ticketId: 'z', createdAt: '2024-01-01', events: [] }] }).tickets[0]!;
    expect(t.finalStatus).toBe('new');
    // No status change yet: Zendesk records status times at status changes, so they are null.
    expect(t.calendar.requesterWaitTime).toBeNull();
    expect(t.reasons.statusTimes).toMatch(/^no status change yet/);
    expect(t.calendar.statusTimes.new).toBe(0);
    // With live: true the running interval counts to asOf: 1 day in new.
    const live = ticketMetrics({ histories: [{ ticketId: 'z', createdAt: '2024-01-01', events: [] }] }, { live: true, asOf: '2024-01-02' }).tickets[0]!;
    expect(live.calendar.requesterWaitTime).toBe(24 * H);
    expect(t.ticket).toMatchObject({ id: 'z', createdAt: Date.UTC(2024, 0, 1), status: 'new', firstResponseAt: null });
  });

  it('bad input throws KpiInputError with the exact path', () => {
    const path = (f: () => unknown) => thrown(f).path;
    expect(path(() => ticketMetrics(null as never))).toEqual([]);
    expect(thrown(() => ticketMetrics({} as never)).code).toBe('missing');
    expect(thrown(() => ticketMetrics({ events: [], histories: [] })).code).toBe('ambiguous');
    expect(path(() => ticketMetrics({ events: 'x' } as never))).toEqual(['events']);
    expect(path(() => ticketMetrics({ events: [ask(0), 5] } as never))).toEqual(['events', 1]);
    expect(path(() => ticketMetrics({ events: [{ ...ask(0), ticketId: {} }] } as never))).toEqual(['events', 0, 'ticketId']);
    expect(path(() => ticketMetrics({ events: [{ ...ask(0), at: 'soon' }] }))).toEqual(['events', 0, 'at']);
    expect(path(() => ticketMetrics({ events: [ask(0), { ...ask(0), kind: 'note' }] } as never))).toEqual(['events', 1, 'kind']);
    expect(path(() => ticketMetrics({ events: [{ ticketId: 1, at: 0, kind: 'status' }] }))).toEqual(['events', 0, 'to']);
    expect(path(() => ticketMetrics({ events: [{ ticketId: 1, at: 0, kind: 'comment', actorRole: 'agent' }] }))).toEqual(['events', 0, 'public']);
    expect(path(() => ticketMetrics({ events: [{ ticketId: 1, at: 0, kind: 'comment', public: true, actorRole: 'bot' }] } as never))).toEqual([
      'events',
      0,
      'actorRole',
    ]);
    expect(
      path(() =>
        ticketMetrics(
          { events: [{ ticketId: 1, at: 0, kind: 'schedule', to: 'nope' }] },
          { schedules: { a: { timeZone: 'UTC', hours: { mon: [['09:00', '17:00']] } } } },
        ),
      ),
    ).toEqual(['events', 0, 'to']);
    expect(
      path(() =>
        ticketMetrics({
          histories: [
            { ticketId: 1, createdAt: 0, events: [] },
            { ticketId: 1, createdAt: 0, events: [] },
          ],
        }),
      ),
    ).toEqual(['histories', 1, 'ticketId']);
    expect(path(() => ticketMetrics({ histories: [{ ticketId: 1, createdAt: 'x', events: [] }] }))).toEqual(['histories', 0, 'createdAt']);
    expect(path(() => ticketMetrics({ events: [ask(5)] }, { asOf: 1 }))).toEqual(['events', 0, 'at']);
  });

  it("onInvalid: 'exclude' leaves a ticket with a bad event out and lists every problem of it; other tickets are measured", () => {
    const r = ticketMetrics(
      { events: [ask(0, 'ok'), { ...ask(0, 'bad'), at: 'soon' }, reply(H, 'ok'), { ticketId: 'bad', at: H, kind: 'comment', public: true }] },
      { onInvalid: 'exclude' },
    );
    expect(r.tickets.map((t) => t.ticketId)).toEqual(['ok']);
    expect(r.excluded.invalid).toBe(1);
    expect(r.excluded.invalidTickets[0]!.issues.map((i) => i.path)).toEqual([
      ['events', 1, 'at'],
      ['events', 3, 'actorRole'],
    ]);
    // The same input throws by default, naming both problems.
    expect(
      thrown(() =>
        ticketMetrics({
          events: [
            { ...ask(0, 'bad'), at: 'soon' },
            { ticketId: 'bad', at: H, kind: 'comment', public: true },
          ],
        }),
      ).issueCount,
    ).toBe(2);
  });

  it('bad options throw with their path', () => {
    const path = (o: unknown) => thrown(() => ticketMetrics({ events: [] }, o as never)).path;
    expect(path({ live: true })).toEqual(['options', 'asOf']);
    expect(path({ schedulePolicy: 'mixed' })).toEqual(['options', 'schedulePolicy']);
    expect(path({ schedules: { eu: { timeZone: 'UTC', hours: { monday: [] } } } })).toEqual(['options', 'schedules', 'eu', 'hours', 'monday']);
    expect(path({ schedules: { eu: { duration: () => 0 } } })).toEqual(['options', 'schedules', 'eu']);
    expect(path({ defaultSchedule: 'a' })).toEqual(['options', 'schedules']);
    expect(path({ schedules: { a: { timeZone: 'UTC', hours: { mon: [['09:00', '17:00']] } } }, defaultSchedule: 'b' })).toEqual(['options', 'defaultSchedule']);
    expect(path({ statusMap: { waiting: 'paused' } })).toEqual(['options', 'statusMap', 'waiting']);
    expect(path({ timeZone: 'Mars/Base' })).toEqual(['options', 'timeZone']);
    expect(path({ colour: 1 })).toEqual(['options', 'colour']);
    expect(path({ schedules: 'eu' })).toEqual(['options', 'schedules']);
    expect(path({ schedules: {} })).toEqual(['options', 'schedules']);
    expect(path({ statusMap: ['pending'] })).toEqual(['options', 'statusMap']);
    expect(path({ asOf: 9e15 })).toEqual(['options', 'asOf']);
    expect(path({ createdAt: 'event' })).toEqual(['options', 'createdAt']);
  });
});
