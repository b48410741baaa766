/**
 * `ticketMetrics(input, { output: 'columns' })`: the rows' figures as typed-array columns. Expected
 * values are computed by hand in the comments (the rules are those of ticket-metrics.test.ts, with
 * their sources); the columns must hold exactly the rows' values.
 */
import { describe, expect, it } from 'vitest';
import { type TicketEvent, firstResponseTime, reopenRate, requesterWaitTime, resolutionTime, ticketMetrics } from '../../../src/support/index.js';
import { thrown } from '../../helpers.js';
import { everyColumn, rowsOfColumns } from './columns.js';

const H = 3_600_000;
/** Monday 2024-11-18 00:00 UTC. */
const MON = Date.UTC(2024, 10, 18);

const reply = (at: number, ticketId: string | number): TicketEvent => ({ ticketId, at, kind: 'comment', public: true, actorRole: 'agent' });
const ask = (at: number, ticketId: string | number): TicketEvent => ({ ticketId, at, kind: 'comment', public: true, actorRole: 'end-user' });
const status = (at: number, from: string | null, to: string, ticketId: string | number): TicketEvent => ({ ticketId, at, kind: 'status', from, to });
const assign = (at: number, to: string | number | null, ticketId: string | number): TicketEvent => ({ ticketId, at, kind: 'assignee', to });

/**
 * Ticket 'a': asked 00:00, replied 02:00 (pending), solved 04:00 → first reply 2 h, agent work 2 h
 * (new), agent wait 2 h (pending), first and full resolution 4 h. Ticket 'b': asked 00:00, assigned
 * to agent 7 at 01:00, replied 04:00 (open), solved 05:00, reopened 06:00 → first reply 4 h, first
 * resolution 5 h, full resolution null (reopened), agent work 5 h (new 4 h + open 1 h), status open.
 * Ticket 3: asked 00:00, nothing else → no reply, no status change. Listed out of id order.
 */
const EVENTS: TicketEvent[] = [
  ask(MON, 'b'),
  assign(MON + H, 7, 'b'),
  reply(MON + 4 * H, 'b'),
  status(MON + 4 * H, 'new', 'open', 'b'),
  status(MON + 5 * H, 'open', 'solved', 'b'),
  status(MON + 6 * H, 'solved', 'open', 'b'),
  ask(MON, 'a'),
  reply(MON + 2 * H, 'a'),
  status(MON + 2 * H, 'new', 'pending', 'a'),
  status(MON + 4 * H, 'pending', 'solved', 'a'),
  ask(MON, 3),
];

describe("ticketMetrics with output: 'columns'", () => {
  it('a typed-array column per field, ordered by ticket id (numbers first), NaN for null, labels as dictionary columns', () => {
    const r = ticketMetrics({ events: EVENTS }, { output: 'columns' });
    const c = r.columns;
    expect(r.length).toBe(3);
    expect(c.ticketId).toEqual([3, 'a', 'b']);
    expect([...c.calendar.firstReplyTime]).toEqual([NaN, 2 * H, 4 * H]);
    expect([...c.calendar.firstResolutionTime]).toEqual([NaN, 4 * H, 5 * H]);
    expect([...c.calendar.fullResolutionTime]).toEqual([NaN, 4 * H, NaN]);
    expect([...c.calendar.agentWorkTime]).toEqual([NaN, 2 * H, 5 * H]);
    expect([...c.calendar.agentWaitTime]).toEqual([NaN, 2 * H, 0]);
    expect([...c.calendar.statusTimes.solved]).toEqual([0, 0, H]);
    expect(c.business).toBeNull();
    expect(c.schedule).toBeNull();
    expect([...c.counts.replies]).toEqual([0, 1, 1]);
    expect([...c.counts.reopens]).toEqual([0, 0, 1]);
    expect([...c.counts.assigneeStations]).toEqual([0, 0, 1]);
    expect(c.calendar.firstReplyTime).toBeInstanceOf(Float64Array);
    expect(c.counts.replies).toBeInstanceOf(Int32Array);
    // Dictionaries in order of first appearance (the walk meets b, then a, then 3).
    expect(c.finalStatus.dictionary).toEqual(['open', 'solved', 'new']);
    expect([...c.finalStatus.codes]).toEqual([2, 1, 0]);
    expect([...c.firstResolvedAt]).toEqual([NaN, MON + 4 * H, MON + 5 * H]);
    expect([...c.lastResolvedAt]).toEqual([NaN, MON + 4 * H, MON + 5 * H]);
    // Reasons: one code per combination of reasons, shared by the five columns.
    expect(c.reasons.firstReplyTime.codes).toBe(c.reasons.statusTimes.codes);
    expect(rowsOfColumns(r).map((t) => t.reasons.fullResolutionTime)).toEqual([
      expect.stringMatching(/^never resolved/),
      null,
      expect.stringMatching(/^not resolved at the end/),
    ]);
    // The ticket records' columns, under the Ticket field names; shared where the figures are one.
    const t = c.ticket;
    expect(t.id).toBe(c.ticketId);
    expect(t.firstResponseAt).toBe(c.firstReplyAt);
    expect(t.replyCount).toBe(c.counts.replies);
    expect(t.status).toBe(c.finalStatus);
    expect(t.requesterWaitMs).toBe(c.calendar.requesterWaitTime);
    expect([...t.resolvedAt]).toEqual([NaN, MON + 4 * H, NaN]);
    expect([...t.reopened]).toEqual([0, 0, 1]);
    expect(t.agent.dictionary).toEqual(['7']);
    expect([...t.agent.codes]).toEqual([-1, -1, 0]);
    for (const column of everyColumn(r)) expect(column.length).toBe(3);
  });

  it('holds exactly the values of the rows (rows rebuilt from the columns equal the rows result)', () => {
    const rows = ticketMetrics({ events: EVENTS });
    const columns = ticketMetrics({ events: EVENTS }, { output: 'columns' });
    expect(rowsOfColumns(columns)).toEqual(rows.tickets);
    const schedules = { a: { timeZone: 'UTC', hours: { mon: [['09:00', '17:00']] as [string, string][] } } };
    const business = ticketMetrics({ events: EVENTS }, { schedules, ticketClock: 'business', output: 'columns' });
    expect(rowsOfColumns(business)).toEqual(ticketMetrics({ events: EVENTS }, { schedules, ticketClock: 'business' }).tickets);
    // With ticketClock: 'business' the records' durations are the business columns.
    expect(business.columns.ticket.agentWorkMs).toBe(business.columns.business!.agentWorkTime);
    expect(business.columns.schedule!.dictionary).toEqual(['a']);
  });

  it("the ticket columns feed the ticket metrics' { columns } input as the rows' tickets feed { tickets }", () => {
    const rows = ticketMetrics({ events: EVENTS });
    const columns = ticketMetrics({ events: EVENTS }, { output: 'columns' }).columns.ticket;
    const tickets = rows.tickets.map((t) => t.ticket);
    // First replies 2 h (a) and 4 h (b), 3 unanswered → mean 3 h; requester wait a 2 h, b 5 h → 3.5 h.
    expect(firstResponseTime({ columns }).value).toBe(3 * H);
    expect(requesterWaitTime({ columns }).value).toBe(3.5 * H);
    expect(firstResponseTime({ columns })).toEqual(firstResponseTime({ tickets }));
    expect(resolutionTime({ columns })).toEqual(resolutionTime({ tickets }));
    expect(reopenRate({ columns })).toEqual(reopenRate({ tickets }));
    expect(requesterWaitTime({ columns })).toEqual(requesterWaitTime({ tickets }));
  });

  it('excluded tickets are left out of the columns (each column as long as the tickets measured); histories form too', () => {
    const events = [...EVENTS, { ...ask(MON, 'bad'), at: 'soon' }];
    const r = ticketMetrics({ events }, { onInvalid: 'exclude', output: 'columns' });
    expect(r.length).toBe(3);
    expect(r.excluded.invalid).toBe(1);
    expect(r.excluded).toEqual(ticketMetrics({ events }, { onInvalid: 'exclude' }).excluded);
    for (const column of everyColumn(r)) expect(column.length).toBe(3);
    const h = ticketMetrics(
      {
        histories: [
          { ticketId: 2, createdAt: MON, events: [{ at: MON + H, kind: 'comment', public: true, actorRole: 'agent' }] },
          { ticketId: 1, createdAt: MON, events: [{ at: 'soon', kind: 'comment', public: true, actorRole: 'agent' }] },
        ],
      },
      { onInvalid: 'exclude', output: 'columns' },
    );
    expect(h.columns.ticketId).toEqual([2]);
    expect([...h.columns.calendar.firstReplyTime]).toEqual([H]);
    expect(h.columns.createdAt.length).toBe(1);
  });

  it('a long history: 20 assignees in turn (ids 1 … 20, then "20" again: the same id as text), 120 events', () => {
    // Assigned to 1, 2, …, 20 each hour, then to "20" (the same as 20: no station), with 99 private notes.
    const events: TicketEvent[] = [ask(MON, 'long')];
    for (let a = 1; a <= 20; a++) events.push(assign(MON + a * H, a, 'long'));
    events.push(assign(MON + 21 * H, '20', 'long'));
    for (let k = 0; k < 99; k++) events.push({ ticketId: 'long', at: MON + 22 * H + k, kind: 'comment', public: false, actorRole: 'agent' });
    const r = ticketMetrics({ events }, { output: 'columns' });
    // 20 stations, 20 distinct assignees; the last one is '20'.
    expect([r.columns.counts.assigneeStations[0], r.columns.counts.uniqueAssignees[0]]).toEqual([20, 20]);
    expect(r.columns.ticket.agent.dictionary[r.columns.ticket.agent.codes[0]!]).toBe('20');
    expect(rowsOfColumns(r)).toEqual(ticketMetrics({ events }).tickets);
    // Listed backwards: sorted first, the same figures.
    expect(ticketMetrics({ events: [...events].reverse() }, { output: 'columns' })).toEqual(r);
  });

  it('no tickets: empty columns; the objects are frozen', () => {
    const r = ticketMetrics({ events: [] }, { output: 'columns' });
    expect(r.length).toBe(0);
    for (const column of everyColumn(r)) expect(column.length).toBe(0);
    expect(Object.isFrozen(r) && Object.isFrozen(r.columns) && Object.isFrozen(r.columns.calendar) && Object.isFrozen(r.columns.ticket.agent)).toBe(true);
    expect(Object.isFrozen(r.columns.finalStatus.dictionary) && Object.isFrozen(r.columns.ticketId)).toBe(true);
  });

  it("output: 'rows' is the default; another value throws with its path", () => {
    expect(ticketMetrics({ events: EVENTS }, { output: 'rows' })).toEqual(ticketMetrics({ events: EVENTS }));
    expect(thrown(() => ticketMetrics({ events: [] }, { output: 'table' } as never)).path).toEqual(['options', 'output']);
  });
  it('many tickets (the output sized by an estimate from the first events): each column exactly as long as the tickets, the rows result in columns', () => {
    // 1,000 tickets with ids 0 … 999 listed in id order: the first 600 of 2 events (asked, then
    // replied after k minutes), the last 400 of 12 (asked, then 11 replies): an estimate from the
    // first tickets (2 events each) counts more tickets than there are. Ticket k's first reply is k min.
    const M = 60_000;
    const events: TicketEvent[] = [];
    for (let k = 0; k < 1000; k++) {
      events.push(ask(MON, k));
      for (let r = 1; r <= (k < 600 ? 1 : 11); r++) events.push(reply(MON + r * k * M, k));
    }
    const r = ticketMetrics({ events }, { output: 'columns' });
    expect(r.length).toBe(1000);
    for (const column of everyColumn(r)) expect(column.length).toBe(1000);
    expect(r.columns.calendar.firstReplyTime[999]).toBe(999 * M);
    expect(r.columns.counts.replies[999]).toBe(11);
    expect(rowsOfColumns(r)).toEqual(ticketMetrics({ events }).tickets);
    // The same events with ticket 500's reply listed last (out of ticket order, found after 500
    // tickets were read): the same rows.
    const moved = [...events];
    const at = moved.findIndex((e) => e.ticketId === 500 && e.kind === 'comment' && e.actorRole === 'agent');
    moved.push(...moved.splice(at, 1));
    expect(rowsOfColumns(ticketMetrics({ events: moved }, { output: 'columns' }))).toEqual(rowsOfColumns(r));
    // 1,000 tickets of 5 events each (an estimate a little over the count): the same, exactly 1,000 long.
    const even: TicketEvent[] = [];
    for (let k = 0; k < 1000; k++) {
      even.push(ask(MON, k));
      for (let r = 1; r <= 4; r++) even.push(reply(MON + r * k * M, k));
    }
    const e = ticketMetrics({ events: even }, { output: 'columns' });
    for (const column of everyColumn(e)) expect(column.length).toBe(1000);
    expect(rowsOfColumns(e)).toEqual(ticketMetrics({ events: even }).tickets);
  });
});
