/**
 * `freshdeskEvents` and `intercomEvents`: small hand-written exports, the events written for them
 * by hand, the same `ticketMetrics` rows from both, the options, and validation paths.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issuesOf } from '../../helpers.js';
import { type TicketEvent, freshdeskEvents, intercomEvents, ticketMetrics } from '../../../src/support/index.js';

const at = (iso: string): number => Date.parse(iso);
const sec = (iso: string): number => Date.parse(iso) / 1000;
const H = 3_600_000;

describe('freshdeskEvents', () => {
  const activities = [
    { ticket_id: '21', performer_id: '3', performed_at: '2024-05-06T08:00:00Z', performer_type: 'contact', activity: { new_ticket: true, status: 'Open' } },
    { ticket_id: '22', performer_id: '5', performed_at: '2024-05-06T08:10:00Z', performer_type: 'agent', activity: { new_ticket: true } },
    { ticket_id: '21', performer_id: '1', performed_at: '2024-05-06T08:05:00Z', performer_type: 'system', activity: { group_id: '40', agent_id: '5' } },
    { ticket_id: '21', performer_id: '5', performed_at: '2024-05-06T09:00:00Z', performer_type: 'agent', activity: { note: { type: 2, private: 'true' } } },
    {
      ticket_id: '21',
      performer_id: '5',
      performed_at: '2024-05-06T10:00:00Z',
      performer_type: 'agent',
      activity: { note: { type: 0, private: false }, status: 'Waiting on Customer' },
    },
    { ticket_id: '21', performer_id: '3', performed_at: '2024-05-06T13:00:00Z', performer_type: 'contact', activity: { note: { type: 0 }, status: 'Open' } },
    { ticket_id: '21', performer_id: '5', performed_at: '2024-05-06T14:00:00Z', performer_type: 'agent', activity: { status: 'Resolved', agent_id: '' } },
    { ticket_id: '22', performer_id: '5', performed_at: '2024-05-06T09:10:00Z', performer_type: 'agent', activity: { priority: 3 } },
  ];
  const hand: TicketEvent[] = [
    { ticketId: 21, at: at('2024-05-06T08:00:00Z'), kind: 'status', to: 'open' },
    { ticketId: 21, at: at('2024-05-06T08:05:00Z'), kind: 'assignee', to: 5 },
    { ticketId: 21, at: at('2024-05-06T08:05:00Z'), kind: 'group', to: 40 },
    { ticketId: 21, at: at('2024-05-06T09:00:00Z'), kind: 'comment', public: false, actorRole: 'agent' },
    { ticketId: 21, at: at('2024-05-06T10:00:00Z'), kind: 'status', to: 'waiting on customer' },
    { ticketId: 21, at: at('2024-05-06T10:00:00Z'), kind: 'comment', public: true, actorRole: 'agent' },
    { ticketId: 21, at: at('2024-05-06T13:00:00Z'), kind: 'status', to: 'open' },
    { ticketId: 21, at: at('2024-05-06T13:00:00Z'), kind: 'comment', public: true, actorRole: 'end-user' },
    { ticketId: 21, at: at('2024-05-06T14:00:00Z'), kind: 'status', to: 'solved' },
    { ticketId: 21, at: at('2024-05-06T14:00:00Z'), kind: 'assignee', to: null },
    { ticketId: 22, at: at('2024-05-06T08:10:00Z'), kind: 'status', to: 'open' },
  ];

  it('gives the hand-written events and the same ticketMetrics rows', () => {
    const r = freshdeskEvents({ activities });
    expect(r.events).toEqual(hand);
    const options = { statusMap: { 'waiting on customer': 'pending' as const } };
    const m = ticketMetrics({ events: r.events }, options);
    expect(m).toEqual(ticketMetrics({ events: hand }, options));
    const t = m.tickets[0]!;
    // Created 08:00; the private note at 09:00 is no reply; the public reply at 10:00 → 2 h.
    expect(t.calendar.firstReplyTime).toBe(2 * H);
    // Open 08–10 and 13–14, waiting on customer (pending) 10–13.
    expect(t.calendar.agentWorkTime).toBe(3 * H);
    expect(t.calendar.agentWaitTime).toBe(3 * H);
    expect(t.finalStatus).toBe('solved');
  });

  it('names every problem with its path; a row without ticket id always throws', () => {
    expect(
      issuesOf(() =>
        freshdeskEvents({
          activities: [
            { ticket_id: 1, performed_at: 'soon', performer_type: 'agent', activity: { status: 'Open' } },
            { ticket_id: 1, performed_at: '2024-05-06T08:00:00Z', performer_type: 'robot', activity: { note: { private: false } } },
            { ticket_id: 2, performed_at: '2024-05-06T08:00:00Z', performer_type: 'agent', activity: { note: { private: 'sometimes' } } },
            { ticket_id: 3, performed_at: '2024-05-06T08:00:00Z', performer_type: 'agent' },
          ],
        } as never),
      ),
    ).toEqual([
      { code: 'invalid_value', path: ['activities', 0, 'performed_at'] },
      { code: 'invalid_value', path: ['activities', 1, 'performer_type'] },
      { code: 'invalid_value', path: ['activities', 2, 'activity', 'note', 'private'] },
      { code: 'missing', path: ['activities', 3, 'activity'] },
    ]);
    expect(issuesOf(() => freshdeskEvents({ activities: [{ performed_at: '2024-05-06' }] } as never, { onInvalid: 'exclude' }))).toEqual([
      { code: 'missing', path: ['activities', 0, 'ticket_id'] },
    ]);
    const r = freshdeskEvents(
      { activities: [...activities, { ticket_id: '22', performed_at: 'never', performer_type: 'agent', activity: {} }] },
      { onInvalid: 'exclude' },
    );
    expect(r.events).toEqual(hand.filter((e) => e.ticketId === 21));
    expect(r.excluded.invalid).toBe(1);
    expect(r.excluded.invalidTickets[0]!.issues.map((i) => i.path)).toEqual([['activities', 8, 'performed_at']]);
  });
});

describe('intercomEvents', () => {
  const parts = [
    { part_type: 'comment', created_at: sec('2024-05-06T08:01:00Z'), author: { type: 'bot', id: '1' } },
    { part_type: 'assignment', created_at: sec('2024-05-06T08:10:00Z'), author: { type: 'bot' }, assigned_to: { type: 'admin', id: '814860' } },
    { part_type: 'note', created_at: sec('2024-05-06T08:30:00Z'), author: { type: 'admin', id: '814860' } },
    { part_type: 'comment', created_at: sec('2024-05-06T09:00:00Z'), author: { type: 'admin', id: '814860' } },
    { part_type: 'snoozed', created_at: sec('2024-05-06T09:00:00Z'), author: { type: 'admin' } },
    { part_type: 'unsnoozed', created_at: sec('2024-05-06T10:00:00Z'), author: { type: 'bot' } },
    { part_type: 'comment', created_at: sec('2024-05-06T10:00:00Z'), author: { type: 'user' } },
    { part_type: 'close', created_at: sec('2024-05-06T11:00:00Z'), author: { type: 'admin' } },
    { part_type: 'open', created_at: sec('2024-05-06T12:00:00Z'), author: { type: 'user' } },
    { part_type: 'assignment', created_at: sec('2024-05-06T12:00:00Z'), author: { type: 'admin' }, assigned_to: null },
    { part_type: 'participant_added', created_at: sec('2024-05-06T12:00:00Z'), author: { type: 'admin' } },
  ];
  const conversation = {
    id: '1911149811',
    created_at: sec('2024-05-06T08:00:00Z'),
    source: { author: { type: 'lead' } },
    conversation_parts: { conversation_parts: parts },
  };
  const id = 1911149811;
  const hand = (snoozed: 'pending' | 'hold'): TicketEvent[] => [
    { ticketId: id, at: at('2024-05-06T08:00:00Z'), kind: 'status', to: 'open' },
    { ticketId: id, at: at('2024-05-06T08:00:00Z'), kind: 'comment', public: true, actorRole: 'end-user' },
    { ticketId: id, at: at('2024-05-06T08:01:00Z'), kind: 'comment', public: true, actorRole: 'system' },
    { ticketId: id, at: at('2024-05-06T08:10:00Z'), kind: 'assignee', to: 814860 },
    { ticketId: id, at: at('2024-05-06T08:30:00Z'), kind: 'comment', public: false, actorRole: 'agent' },
    { ticketId: id, at: at('2024-05-06T09:00:00Z'), kind: 'comment', public: true, actorRole: 'agent' },
    { ticketId: id, at: at('2024-05-06T09:00:00Z'), kind: 'status', to: snoozed },
    { ticketId: id, at: at('2024-05-06T10:00:00Z'), kind: 'status', to: 'open' },
    { ticketId: id, at: at('2024-05-06T10:00:00Z'), kind: 'comment', public: true, actorRole: 'end-user' },
    { ticketId: id, at: at('2024-05-06T11:00:00Z'), kind: 'status', to: 'solved' },
    { ticketId: id, at: at('2024-05-06T12:00:00Z'), kind: 'status', to: 'open' },
    { ticketId: id, at: at('2024-05-06T12:00:00Z'), kind: 'assignee', to: null },
  ];

  it('conversations: gives the hand-written events and the same ticketMetrics rows', () => {
    const r = intercomEvents({ conversations: [conversation] });
    expect(r.events).toEqual(hand('pending'));
    const m = ticketMetrics({ events: r.events });
    expect(m).toEqual(ticketMetrics({ events: hand('pending') }));
    const t = m.tickets[0]!;
    // The bot's reply at 08:01 and the note at 08:30 are no reply: the teammate's at 09:00 → 1 h.
    expect(t.calendar.firstReplyTime).toBe(H);
    expect(t.calendar.agentWaitTime).toBe(H); // snoozed 09:00 → 10:00
    expect(t.counts.reopens).toBe(1);
    expect(t.finalStatus).toBe('open');
  });

  it("snoozed: 'hold' counts snoozed time as on-hold", () => {
    const r = intercomEvents({ conversations: [conversation] }, { snoozed: 'hold' });
    expect(r.events).toEqual(hand('hold'));
    expect(ticketMetrics({ events: r.events }).tickets[0]!.calendar.onHoldTime).toBe(H);
  });

  it('flat part rows (author_type, assigned_to_id, epoch seconds as strings) give the parts’ events', () => {
    const rows = parts.map((p) => ({
      conversation_id: '1911149811',
      part_type: p.part_type,
      created_at: String(p.created_at),
      author_type: p.author.type,
      ...(p.part_type === 'assignment' ? { assigned_to_id: p.assigned_to ? p.assigned_to.id : '' } : {}),
    }));
    expect(intercomEvents({ parts: rows }).events).toEqual(hand('pending').slice(2));
  });

  it('the order of conversations does not change their events (property)', () => {
    const convs = [conversation, { ...conversation, id: 7, conversation_parts: { conversation_parts: parts.slice(0, 4) } }];
    const base = intercomEvents({ conversations: convs }).events;
    fc.assert(
      fc.property(fc.boolean(), (swap) => {
        const r = intercomEvents({ conversations: swap ? [...convs].reverse() : convs }).events;
        for (const t of [7, id]) expect(r.filter((e) => e.ticketId === t)).toEqual(base.filter((e) => e.ticketId === t));
      }),
    );
  });

  it('names every problem with its path', () => {
    expect(
      issuesOf(() =>
        intercomEvents({
          parts: [
            { conversation_id: 1, part_type: 'comment', created_at: 'noon', author_type: 'admin' },
            { conversation_id: 1, part_type: 'comment', created_at: 1714982400, author_type: 'ghost' },
            { conversation_id: 2, created_at: 1714982400 },
          ],
        } as never),
      ),
    ).toEqual([
      { code: 'invalid_type', path: ['parts', 0, 'created_at'] },
      { code: 'invalid_value', path: ['parts', 1, 'author_type'] },
      { code: 'missing', path: ['parts', 2, 'part_type'] },
    ]);
    expect(issuesOf(() => intercomEvents({ conversations: [{ created_at: 1 }] } as never))).toEqual([{ code: 'missing', path: ['conversations', 0, 'id'] }]);
    expect(
      issuesOf(() =>
        intercomEvents({
          conversations: [
            { id: 1, created_at: 1714982400, conversation_parts: { conversation_parts: 'none' } },
            {
              id: 2,
              created_at: 1714982400,
              source: { author: {} },
              conversation_parts: [7, { part_type: 'assignment', created_at: 1714982400, assigned_to_id: {} }],
            },
            { id: 3, created_at: '' },
          ],
        } as never),
      ),
    ).toEqual([
      { code: 'invalid_type', path: ['conversations', 0, 'conversation_parts', 'conversation_parts'] },
      { code: 'missing', path: ['conversations', 1, 'source', 'author', 'type'] },
      { code: 'invalid_type', path: ['conversations', 1, 'conversation_parts', 0] },
      { code: 'invalid_type', path: ['conversations', 1, 'conversation_parts', 1, 'assigned_to_id'] },
      { code: 'missing', path: ['conversations', 2, 'created_at'] },
    ]);
    expect(issuesOf(() => intercomEvents({ parts: [] }, { snoozed: 'closed' } as never))).toEqual([{ code: 'invalid_value', path: ['options', 'snoozed'] }]);
  });
});
