/**
 * `zendeskEvents` and `zendeskSchedules`: small hand-written exports and the events written for
 * them by hand; golden tests against the example responses of Zendesk's API reference (Ticket
 * Audits, Schedules); the property that the adapters' events equal hand-written events (and give
 * the same `ticketMetrics` rows) for random small exports; validation paths.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issuesOf } from '../../helpers.js';
import {
  type TicketEvent,
  type ZendeskAudit,
  type ZendeskCommentRow,
  type ZendeskFieldHistoryRow,
  ticketMetrics,
  zendeskEvents,
  zendeskSchedules,
} from '../../../src/support/index.js';
import { RAILS_ZONES } from '../../../src/support/histories/adapters/zendesk-schedules.js';
import { businessCalendar } from '../../../src/time/index.js';

const at = (iso: string): number => Date.parse(iso);
const H = 3_600_000;

/** Two tickets as Fivetran's tables give them in a CSV: every cell a string, rows of the tickets interleaved. */
const fieldHistory = [
  { ticket_id: '101', field_name: 'status', updated: '2024-05-06 08:00:00', value: 'new', user_id: '7' },
  { ticket_id: '102', field_name: 'status', updated: '2024-05-06 08:30:00', value: 'open', user_id: '9' },
  { ticket_id: '101', field_name: 'priority', updated: '2024-05-06 08:00:00', value: 'high', user_id: '7' },
  { ticket_id: '101', field_name: 'group_id', updated: '2024-05-06 08:00:00', value: '360001', user_id: '7' },
  { ticket_id: '101', field_name: 'assignee_id', updated: '2024-05-06 09:00:00', value: '9', user_id: '9' },
  { ticket_id: '101', field_name: 'status', updated: '2024-05-06 09:00:00', value: 'open', user_id: '9' },
  { ticket_id: '101', field_name: 'status', updated: '2024-05-06 10:30:00', value: 'on-hold', user_id: '9' },
  { ticket_id: '102', field_name: 'status', updated: '2024-05-06 11:30:00', value: 'pending', user_id: '9' },
  { ticket_id: '101', field_name: 'assignee_id', updated: '2024-05-06 11:00:00', value: '', user_id: '9' },
  { ticket_id: '101', field_name: 'status', updated: '2024-05-06 12:30:00', value: 'solved', user_id: '9' },
];
const comments = [
  { ticket_id: '101', created: '2024-05-06 08:00:00', public: 'true', user_id: '7' },
  { ticket_id: '101', created: '2024-05-06 10:00:00', public: 'false', user_id: '9' },
  { ticket_id: '101', created: '2024-05-06 10:30:00', public: 'true', user_id: '9' },
  // Ticket 102 was created by an agent with a public first comment (Zendesk's first-reply rule for agent-created tickets).
  { ticket_id: '102', created: '2024-05-06 08:30:00', public: 'true', user_id: '9' },
  { ticket_id: '102', created: '2024-05-06 09:00:00', public: 'true', user_id: '7' },
  { ticket_id: '102', created: '2024-05-06 11:30:00', public: 'TRUE', user_id: '1' },
];
const users = [
  { id: '7', role: 'end-user' },
  { id: '9', role: 'agent' },
  { id: '1', role: 'admin' },
];

/** The events of that export, written by hand (ids that are whole numbers become numbers; `on-hold` is `hold`). */
const expected101: TicketEvent[] = [
  { ticketId: 101, at: at('2024-05-06T08:00:00Z'), kind: 'status', to: 'new' },
  { ticketId: 101, at: at('2024-05-06T08:00:00Z'), kind: 'group', to: 360001 },
  { ticketId: 101, at: at('2024-05-06T08:00:00Z'), kind: 'comment', public: true, actorRole: 'end-user' },
  { ticketId: 101, at: at('2024-05-06T09:00:00Z'), kind: 'assignee', to: 9 },
  { ticketId: 101, at: at('2024-05-06T09:00:00Z'), kind: 'status', from: 'new', to: 'open' },
  { ticketId: 101, at: at('2024-05-06T10:00:00Z'), kind: 'comment', public: false, actorRole: 'agent' },
  { ticketId: 101, at: at('2024-05-06T10:30:00Z'), kind: 'status', from: 'open', to: 'hold' },
  { ticketId: 101, at: at('2024-05-06T10:30:00Z'), kind: 'comment', public: true, actorRole: 'agent' },
  { ticketId: 101, at: at('2024-05-06T11:00:00Z'), kind: 'assignee', from: 9, to: null },
  { ticketId: 101, at: at('2024-05-06T12:30:00Z'), kind: 'status', from: 'hold', to: 'solved' },
];
const expected102: TicketEvent[] = [
  { ticketId: 102, at: at('2024-05-06T08:30:00Z'), kind: 'status', to: 'open' },
  { ticketId: 102, at: at('2024-05-06T08:30:00Z'), kind: 'comment', public: true, actorRole: 'agent' },
  { ticketId: 102, at: at('2024-05-06T09:00:00Z'), kind: 'comment', public: true, actorRole: 'end-user' },
  { ticketId: 102, at: at('2024-05-06T11:30:00Z'), kind: 'status', from: 'open', to: 'pending' },
  { ticketId: 102, at: at('2024-05-06T11:30:00Z'), kind: 'comment', public: true, actorRole: 'admin' },
];

describe('zendeskEvents: Fivetran tables', () => {
  it('gives the hand-written events, ticket by ticket in time order', () => {
    const r = zendeskEvents({ fieldHistory, comments, users });
    expect(r.events).toEqual([...expected101, ...expected102]);
    expect(r.excluded).toEqual({ invalid: 0, invalidTickets: [] });
    expect(Object.isFrozen(r.events)).toBe(true);
  });

  it('gives the same ticketMetrics rows as the hand-written events, and the figures worked out by hand', () => {
    const fromExport = ticketMetrics({ events: zendeskEvents({ fieldHistory, comments, users }).events });
    expect(fromExport).toEqual(ticketMetrics({ events: [...expected102, ...expected101] }));
    const [t101, t102] = fromExport.tickets;
    // 101: created 08:00; the private note at 10:00 is no reply; the public agent reply at 10:30 → 2.5 h.
    expect(t101!.calendar.firstReplyTime).toBe(2.5 * H);
    // new 08–09, open 09–10:30, on-hold 10:30–12:30.
    expect(t101!.calendar.requesterWaitTime).toBe(1 * H + 1.5 * H + 2 * H);
    expect(t101!.calendar.onHoldTime).toBe(2 * H);
    expect(t101!.counts.assigneeStations).toBe(1);
    // 102: agent-created with a public first comment: the first reply is the next public agent comment (11:30) → 3 h.
    expect(t102!.calendar.firstReplyTime).toBe(3 * H);
    expect(t102!.calendar.agentWorkTime).toBe(3 * H);
  });

  it('reads JSON cells (numbers, booleans) as it reads CSV strings', () => {
    const json = zendeskEvents({
      fieldHistory: fieldHistory.map((r) => ({ ...r, ticket_id: Number(r.ticket_id), updated: `${r.updated.replace(' ', 'T')}Z` })),
      comments: comments.map((r) => ({ ...r, ticket_id: Number(r.ticket_id), public: r.public.toLowerCase() === 'true', user_id: Number(r.user_id) })),
      users: users.map((u) => ({ ...u, id: Number(u.id) })),
    });
    expect(json.events).toEqual([...expected101, ...expected102]);
  });

  it('reads zone-less timestamps in options.timeZone', () => {
    const r = zendeskEvents(
      { fieldHistory: [{ ticket_id: 1, field_name: 'status', updated: '2024-05-06 10:00:00', value: 'new' }] },
      { timeZone: 'Europe/Berlin' },
    );
    expect(r.events[0]!.at).toBe(at('2024-05-06T08:00:00Z')); // CEST = UTC+2
  });

  it("reads a trailing ' UTC' (BigQuery's CSV timestamps) as Z, whatever options.timeZone says", () => {
    const r = zendeskEvents(
      { fieldHistory: [{ ticket_id: 1, field_name: 'status', updated: '2024-05-06 08:00:00 UTC', value: 'new' }] },
      { timeZone: 'Europe/Berlin' },
    );
    expect(r.events[0]!.at).toBe(at('2024-05-06T08:00:00Z'));
  });

  it('gives comments by authors not in users the role options.unknownUserRole', () => {
    const r = zendeskEvents({ comments: [{ ticket_id: 1, created: '2024-05-06T08:00:00Z', public: true, user_id: -1 }] }, { unknownUserRole: 'system' });
    expect(r.events).toEqual([{ ticketId: 1, at: at('2024-05-06T08:00:00Z'), kind: 'comment', public: true, actorRole: 'system' }]);
  });
});

describe('zendeskEvents: Ticket Audits API', () => {
  it('golden: the example response of "List Audits for a Ticket" (Zendesk API reference, Ticket Audits)', () => {
    // https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/ — the response as published
    // (the author's role is not in it: user 5246746 is taken to be an agent here).
    const response = {
      audits: [
        {
          author_id: 5246746,
          created_at: '2011-09-25T22:35:44Z',
          events: [
            {
              attachments: [],
              body: 'This is a new private comment',
              html_body: '<p>This is a new private comment</p>',
              id: 2127301148,
              public: false,
              type: 'Comment',
            },
            {
              field_name: 'status',
              id: 2127301163,
              previous_value: 'new',
              type: 'Change',
              value: 'open',
              via: { channel: 'rule', source: { from: { id: 35079792, title: 'Assign to first responder' }, rel: 'trigger', to: {} } },
            },
            {
              field_name: 'custom_status_id',
              id: 2127301164,
              previous_value: 1,
              type: 'Change',
              value: 123,
              via: { channel: 'rule', source: { from: { id: 22472716, title: 'Assign to first responder' }, rel: 'trigger', to: {} } },
            },
          ],
          id: 2127301143,
          metadata: { custom: {}, system: { ip_address: '76.218.201.212', location: 'San Francisco, CA, United States' } },
          ticket_id: 666,
          via: { channel: 'web' },
        },
      ],
      count: 1,
      next_page: null,
      previous_page: null,
    };
    const r = zendeskEvents({ ...response, users: [{ id: 5246746, role: 'agent' }] });
    expect(r.events).toEqual([
      { ticketId: 666, at: at('2011-09-25T22:35:44Z'), kind: 'comment', public: false, actorRole: 'agent' },
      { ticketId: 666, at: at('2011-09-25T22:35:44Z'), kind: 'status', from: 'new', to: 'open' },
    ]);
  });

  it('golden: the example of "List All Ticket Audits" (a public comment, a notification, a status change)', () => {
    const response = {
      audits: [
        {
          author_id: 35436,
          created_at: '2011-09-25T22:35:44Z',
          events: [
            { attachments: [], body: 'Thanks for your help!', id: 1564245, public: true, type: 'Comment' },
            { body: 'Ticket #47 has been updated', id: 1564246, subject: 'Your ticket has been updated', type: 'Notification' },
            { field_name: 'status', id: 1564247, previous_value: 'new', type: 'Change', value: 'open' },
            { field_name: 'custom_status_id', id: 1564248, previous_value: 1, type: 'Change', value: 123 },
          ],
          id: 2127301143,
          ticket_id: 123,
          via: { channel: 'web' },
        },
      ],
    };
    const r = zendeskEvents({ ...response, users: [{ id: 35436, role: 'end-user' }] });
    expect(r.events).toEqual([
      { ticketId: 123, at: at('2011-09-25T22:35:44Z'), kind: 'comment', public: true, actorRole: 'end-user' },
      { ticketId: 123, at: at('2011-09-25T22:35:44Z'), kind: 'status', from: 'new', to: 'open' },
    ]);
  });

  it('the same history as audits and as tables gives the same events', () => {
    const audits = [
      {
        ticket_id: 101,
        created_at: '2024-05-06T08:00:00Z',
        author_id: 7,
        events: [
          { type: 'Create', field_name: 'status', value: 'new' },
          { type: 'Create', field_name: 'group_id', value: '360001' },
          { type: 'Create', field_name: 'priority', value: 'high' },
          { type: 'Comment', public: true },
        ],
      },
      {
        ticket_id: 101,
        created_at: '2024-05-06T09:00:00Z',
        author_id: 9,
        events: [
          { type: 'Change', field_name: 'assignee_id', value: '9', previous_value: null },
          { type: 'Change', field_name: 'status', value: 'open', previous_value: 'new' },
        ],
      },
      { ticket_id: 101, created_at: '2024-05-06T10:00:00Z', author_id: 9, events: [{ type: 'Comment', public: false }] },
      {
        ticket_id: 101,
        created_at: '2024-05-06T10:30:00Z',
        author_id: 9,
        events: [
          { type: 'Change', field_name: 'status', value: 'hold', previous_value: 'open' },
          { type: 'VoiceComment', public: true, author_id: 9 },
        ],
      },
      {
        ticket_id: 101,
        created_at: '2024-05-06T12:30:00Z',
        author_id: 9,
        events: [{ type: 'Change', field_name: 'status', value: 'solved', previous_value: 'hold' }],
      },
      {
        ticket_id: 101,
        created_at: '2024-05-06T11:00:00Z',
        author_id: 9,
        events: [{ type: 'Change', field_name: 'assignee_id', value: null, previous_value: '9' }],
      },
    ];
    const fromAudits = zendeskEvents({ audits, users }).events;
    // The first assignee change of the audits has previous_value null; the table has no row before it.
    const tables = expected101.map((e) => (e.kind === 'assignee' && e.to === 9 ? { ...e, from: null } : e));
    expect(fromAudits).toEqual(tables);
    expect(ticketMetrics({ events: fromAudits })).toEqual(ticketMetrics({ events: expected101 }));
  });
});

describe('zendeskEvents: ticket schedules (dbt_zendesk int_zendesk__ticket_schedules)', () => {
  const history = (id: number, created: string) => ({ ticket_id: id, field_name: 'status', updated: created, value: 'new' });

  it('gives the default schedule at the creation unless a ticket_schedule row lies within 5 s after it', () => {
    const r = zendeskEvents(
      {
        fieldHistory: [history(1, '2024-05-06T08:00:00Z'), history(2, '2024-05-06T08:00:00Z'), history(3, '2024-05-06T08:00:00Z')],
        ticketSchedules: [
          { ticket_id: 1, created_at: '2024-05-06T08:00:05Z', schedule_id: '22' }, // 5 s after: replaces the default
          { ticket_id: 2, created_at: '2024-05-06T08:00:06Z', schedule_id: '22' }, // 6 s after: the default first
        ],
      },
      { defaultSchedule: 11 },
    );
    const s = (id: number, iso: string, to: number): TicketEvent => ({ ticketId: id, at: at(iso), kind: 'schedule', to });
    const st = (id: number): TicketEvent => ({ ticketId: id, at: at('2024-05-06T08:00:00Z'), kind: 'status', to: 'new' });
    expect(r.events).toEqual([
      st(1),
      s(1, '2024-05-06T08:00:05Z', 22),
      s(2, '2024-05-06T08:00:00Z', 11),
      st(2),
      s(2, '2024-05-06T08:00:06Z', 22),
      s(3, '2024-05-06T08:00:00Z', 11),
      st(3),
    ]);
  });

  it('needs options.defaultSchedule with ticketSchedules', () => {
    expect(issuesOf(() => zendeskEvents({ fieldHistory: [], ticketSchedules: [] }))).toEqual([{ code: 'missing', path: ['options', 'defaultSchedule'] }]);
  });
});

describe('zendeskEvents: invalid exports', () => {
  it('names every problem with its path in the export', () => {
    const bad = issuesOf(() =>
      zendeskEvents({
        fieldHistory: [
          { ticket_id: '1', field_name: 'status', updated: 'yesterday', value: 'open' },
          { ticket_id: '1', field_name: 'status', updated: '2024-05-06 08:00:00', value: '' },
        ],
        comments: [
          { ticket_id: '2', created: '2024-05-06 08:00:00', public: 'maybe', user_id: '7' },
          { ticket_id: '2', created: '2024-05-06 08:00:00', public: 'true', user_id: '8' },
        ],
        users: [{ id: '7', role: 'end-user' }],
      }),
    );
    expect(bad).toEqual([
      { code: 'invalid_value', path: ['fieldHistory', 0, 'updated'] },
      { code: 'missing', path: ['fieldHistory', 1, 'value'] },
      { code: 'invalid_value', path: ['comments', 0, 'public'] },
      { code: 'invalid_value', path: ['comments', 1, 'user_id'] },
    ]);
  });

  it('a row without ticket id, an unknown role or a row that is not an object always throws', () => {
    expect(issuesOf(() => zendeskEvents({ comments: [{ created: '2024-05-06', public: true, user_id: 1 }] } as never, { onInvalid: 'exclude' }))).toEqual([
      { code: 'missing', path: ['comments', 0, 'ticket_id'] },
    ]);
    expect(issuesOf(() => zendeskEvents({ comments: [], users: [{ id: 1, role: 'light agent' }] }))).toEqual([
      { code: 'invalid_value', path: ['users', 0, 'role'] },
    ]);
    expect(issuesOf(() => zendeskEvents({ audits: [{ ticket_id: 1, created_at: '2024-05-06', events: [null] }] } as never))).toEqual([
      { code: 'invalid_type', path: ['audits', 0, 'events', 0] },
    ]);
    expect(issuesOf(() => zendeskEvents({ fieldHistory: [], audits: [] }))).toEqual([{ code: 'ambiguous', path: [] }]);
    expect(issuesOf(() => zendeskEvents({ audits: [{ ticket_id: 1, created_at: '2024-05-06' }, 'audit'] } as never))).toEqual([
      { code: 'missing', path: ['audits', 0, 'events'] },
      { code: 'invalid_type', path: ['audits', 1] },
    ]);
    expect(issuesOf(() => zendeskEvents({ comments: [], users: [null, { role: 'agent' }] } as never))).toEqual([
      { code: 'invalid_type', path: ['users', 0] },
      { code: 'missing', path: ['users', 1, 'id'] },
    ]);
  });

  it('audit events: a missing type, a bad public or author, a bad assignee value make the ticket invalid', () => {
    expect(
      issuesOf(() =>
        zendeskEvents({
          audits: [
            {
              ticket_id: 1,
              created_at: '2024-05-06T08:00:00Z',
              author_id: 5,
              events: [{ field_name: 'status' }, { type: 'Comment', public: 'yes' }, { type: 'Change', field_name: 'assignee_id', value: {} }],
            },
            { ticket_id: 2, created_at: 'later', events: [] },
          ],
          users: [{ id: 5, role: 'agent' }],
        } as never),
      ),
    ).toEqual([
      { code: 'missing', path: ['audits', 0, 'events', 0, 'type'] },
      { code: 'invalid_value', path: ['audits', 0, 'events', 1, 'public'] },
      { code: 'invalid_type', path: ['audits', 0, 'events', 2, 'value'] },
      { code: 'invalid_value', path: ['audits', 1, 'created_at'] },
    ]);
  });

  it("with onInvalid: 'exclude' leaves out the tickets with a bad row and lists them", () => {
    const r = zendeskEvents(
      {
        fieldHistory: [
          { ticket_id: '1', field_name: 'status', updated: 'yesterday', value: 'open' },
          { ticket_id: '2', field_name: 'status', updated: '2024-05-06 08:00:00', value: 'open' },
        ],
      },
      { onInvalid: 'exclude' },
    );
    expect(r.events).toEqual([{ ticketId: 2, at: at('2024-05-06T08:00:00Z'), kind: 'status', to: 'open' }]);
    expect(r.excluded.invalid).toBe(1);
    expect(r.excluded.invalidTickets).toHaveLength(1);
    expect(r.excluded.invalidTickets[0]!.ticketId).toBe(1);
    expect(r.excluded.invalidTickets[0]!.issues.map((i) => i.path)).toEqual([['fieldHistory', 0, 'updated']]);
  });

  it('rejects bad options', () => {
    expect(issuesOf(() => zendeskEvents({ comments: [] }, { onInvalid: 'skip' } as never))).toEqual([
      { code: 'invalid_value', path: ['options', 'onInvalid'] },
    ]);
    expect(issuesOf(() => zendeskEvents({ comments: [] }, { unknownUserRole: 'bot' } as never))).toEqual([
      { code: 'invalid_value', path: ['options', 'unknownUserRole'] },
    ]);
    expect(issuesOf(() => zendeskEvents({ comments: [] }, { timeZone: 'Mars/Base' }))).toEqual([{ code: 'invalid_value', path: ['options', 'timeZone'] }]);
  });
});

describe('zendeskEvents ≡ hand-written events (property)', () => {
  type Step =
    | { kind: 'status'; to: 'new' | 'open' | 'pending' | 'on-hold' | 'solved' | 'closed' }
    | { kind: 'comment'; public: boolean; user: '7' | '9' | '1' }
    | { kind: 'assignee' | 'group'; to: number | null };
  const ROLE = { '7': 'end-user', '9': 'agent', '1': 'admin' } as const;
  const stepArb: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      kind: fc.constant('status' as const),
      to: fc.constantFrom('new' as const, 'open' as const, 'pending' as const, 'on-hold' as const, 'solved' as const, 'closed' as const),
    }),
    fc.record({ kind: fc.constant('comment' as const), public: fc.boolean(), user: fc.constantFrom('7' as const, '9' as const, '1' as const) }),
    fc.record({ kind: fc.constantFrom('assignee' as const, 'group' as const), to: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }) }),
  );
  /** A ticket: created at `start` minutes (status `new` and the description), then steps at distinct minutes. */
  const ticketArb = fc.record({
    start: fc.integer({ min: 0, max: 1000 }),
    steps: fc.array(fc.tuple(fc.integer({ min: 1, max: 600 }), stepArb), { maxLength: 10 }),
  });
  const T0 = Date.UTC(2024, 4, 6);
  const iso = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('.000Z', '');

  it('on random small exports: the events equal the hand-written ones and ticketMetrics gives the same rows', () => {
    fc.assert(
      fc.property(fc.array(ticketArb, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 40 }), (tickets, picks) => {
        const rows: { ticket: number; field?: ZendeskFieldHistoryRow; comment?: ZendeskCommentRow }[] = [];
        const hand: TicketEvent[] = [];
        tickets.forEach((t, k) => {
          const ticketId = 500 + k;
          let ms = T0 + t.start * 60_000;
          const last: Record<string, string | number | null | undefined> = {};
          rows.push({ ticket: k, field: { ticket_id: String(ticketId), field_name: 'status', updated: iso(ms), value: 'new' } });
          rows.push({ ticket: k, comment: { ticket_id: String(ticketId), created: iso(ms), public: 'true', user_id: '7' } });
          hand.push({ ticketId, at: ms, kind: 'status', to: 'new' }, { ticketId, at: ms, kind: 'comment', public: true, actorRole: 'end-user' });
          last['status'] = 'new';
          for (const [gap, s] of t.steps) {
            ms += gap * 60_000;
            if (s.kind === 'comment') {
              rows.push({ ticket: k, comment: { ticket_id: String(ticketId), created: iso(ms), public: String(s.public), user_id: s.user } });
              hand.push({ ticketId, at: ms, kind: 'comment', public: s.public, actorRole: ROLE[s.user] });
            } else {
              const field = s.kind === 'status' ? 'status' : `${s.kind}_id`;
              const value = s.to === null ? '' : String(s.to);
              rows.push({ ticket: k, field: { ticket_id: String(ticketId), field_name: field, updated: iso(ms), value } });
              const to = s.kind === 'status' ? (s.to === 'on-hold' ? 'hold' : s.to) : s.to;
              const prev = last[s.kind];
              hand.push(prev === undefined ? { ticketId, at: ms, kind: s.kind, to } : { ticketId, at: ms, kind: s.kind, from: prev, to });
              last[s.kind] = to;
            }
          }
        });
        // Interleave the tickets' rows as `picks` says (each ticket's rows keep their order).
        const queues = tickets.map((_, k) => rows.filter((r) => r.ticket === k));
        const mixed: typeof rows = [];
        let p = 0;
        for (;;) {
          const open = queues.filter((q) => q.length > 0);
          if (open.length === 0) break;
          mixed.push(open[(picks[p++ % Math.max(picks.length, 1)] ?? 0) % open.length]!.shift()!);
        }
        const firstSeen = [...new Set(mixed.map((r) => r.ticket))];
        const r = zendeskEvents({
          fieldHistory: mixed.flatMap((x) => (x.field ? [x.field] : [])),
          comments: mixed.flatMap((x) => (x.comment ? [x.comment] : [])),
          users,
        });
        // Tickets in the order they first appear in the field history (every ticket has a status row first).
        const order = [...new Set(mixed.filter((x) => x.field).map((x) => x.ticket))];
        expect(order).toEqual(firstSeen.filter((k) => order.includes(k)));
        const expected = order.flatMap((k) => hand.filter((e) => e.ticketId === 500 + k));
        expect(r.events).toEqual(expected);
        expect(ticketMetrics({ events: r.events })).toEqual(ticketMetrics({ events: hand }));

        // The same export as Ticket Audits: one audit per row, `Create` for the creation status,
        // `Change` with the previous value (null before the first assignee or group).
        const previous = new Map<string, string | null>();
        const audits = mixed.map((x): ZendeskAudit => {
          if (x.comment)
            return {
              ticket_id: x.comment.ticket_id,
              created_at: x.comment.created,
              author_id: x.comment.user_id,
              events: [{ type: 'Comment', public: String(x.comment.public) }],
            };
          const f = x.field!;
          const key = `${f.ticket_id}:${f.field_name}`;
          const prev = previous.has(key) ? previous.get(key)! : null;
          previous.set(key, f.value === '' ? null : (f.value as string));
          const event =
            f.field_name === 'status' && !previous.has(`${key}:seen`)
              ? { type: 'Create', field_name: 'status', value: f.value }
              : { type: 'Change', field_name: f.field_name, value: f.value, previous_value: prev };
          previous.set(`${key}:seen`, null);
          return { ticket_id: f.ticket_id, created_at: f.updated, events: [event] };
        });
        const firstOfKind = new Set<string>();
        const expectedAudits = expected.map((e) => {
          const key = `${e.ticketId}:${e.kind}`;
          const first = !firstOfKind.has(key);
          firstOfKind.add(key);
          return first && (e.kind === 'assignee' || e.kind === 'group') ? { ...e, from: null } : e;
        });
        const fromAudits = zendeskEvents({ audits, users }).events;
        expect(fromAudits).toEqual(expectedAudits);
        expect(ticketMetrics({ events: fromAudits })).toEqual(ticketMetrics({ events: hand }));
      }),
      { numRuns: 200 },
    );
  });
});

describe('zendeskSchedules', () => {
  it('golden: the example response of "List Schedules" (Zendesk API reference, Schedules)', () => {
    // https://developer.zendesk.com/api-reference/ticketing/ticket-management/schedules/
    const response = {
      schedules: [
        {
          created_at: '2015-09-30T21:44:03Z',
          id: 1,
          intervals: [
            { end_time: 2460, start_time: 1980 },
            { end_time: 3900, start_time: 3420 },
          ],
          name: 'North America',
          time_zone: 'Pacific Time (US & Canada)',
          updated_at: '2015-09-30T21:44:03Z',
        },
        {
          created_at: '2015-09-30T21:44:03Z',
          id: 2,
          intervals: [
            { end_time: 2460, start_time: 1980 },
            { end_time: 3900, start_time: 3420 },
          ],
          name: 'EMEA',
          time_zone: 'London',
          updated_at: '2015-09-30T21:44:03Z',
        },
      ],
    };
    // 1980 = 1 × 1440 + 540: Monday 09:00; 2460: Monday 17:00; 3420 / 3900: Tuesday 09:00 / 17:00.
    const days = [['09:00', '17:00']];
    expect(zendeskSchedules(response)).toEqual({
      '1': { timeZone: 'America/Los_Angeles', hours: { mon: days, tue: days } },
      '2': { timeZone: 'Europe/London', hours: { mon: days, tue: days } },
    });
  });

  it("golden: the reference's interval examples and its holiday example", () => {
    // "an interval might start on Tuesday at 16:00 (4 p.m.) and end at 00:00 (midnight)": 3840–4320.
    // The reference's first example, 1980–3900, is said to be Monday 09:00–17:00 but runs to Tuesday
    // 17:00 (3900 = 2 × 1440 + 1020); read as written, it is split at midnight.
    const specs = zendeskSchedules({
      schedules: [
        { id: 'a', time_zone: 'Eastern Time (US & Canada)', intervals: [{ start_time: 3840, end_time: 4320 }] },
        { id: 'b', time_zone: 'UTC', intervals: [{ start_time: 1980, end_time: 3900 }] },
      ],
      holidays: [{ schedule_id: 'a', start_date: '2016-01-01', end_date: '2016-01-01' }],
    });
    expect(specs['a']).toEqual({ timeZone: 'America/New_York', hours: { tue: [['16:00', '24:00']] }, holidays: ['2016-01-01'] });
    expect(specs['b']).toEqual({ timeZone: 'Etc/UTC', hours: { mon: [['09:00', '24:00']], tue: [['00:00', '17:00']] } });
  });

  it('golden: the example of "Create Schedule" (Monday to Friday 09:00–17:00, Eastern), and Fivetran\'s rows (one per interval) read the same', () => {
    const intervals = [
      [1980, 2460],
      [3420, 3900],
      [4860, 5340],
      [6300, 6780],
      [7740, 8220],
    ];
    const api = zendeskSchedules({
      schedules: [
        { id: 1, name: 'East Coast', time_zone: 'Eastern Time (US & Canada)', intervals: intervals.map(([s, e]) => ({ start_time: s!, end_time: e! })) },
      ],
    });
    const days = [['09:00', '17:00']];
    expect(api).toEqual({ '1': { timeZone: 'America/New_York', hours: { mon: days, tue: days, wed: days, thu: days, fri: days } } });
    const rows = intervals.map(([s, e]) => ({ id: '1', time_zone: 'Eastern Time (US & Canada)', start_time: String(s), end_time: String(e) }));
    expect(zendeskSchedules({ schedules: rows.reverse() })).toEqual(api);
  });

  it('holiday ranges are inclusive and merge per schedule; touching intervals merge; 10080 is the end of Saturday', () => {
    const specs = zendeskSchedules({
      schedules: [
        { id: 9, time_zone: 'Europe/Berlin', start_time: 9360, end_time: 10080 },
        { id: 9, time_zone: 'Europe/Berlin', start_time: 0, end_time: 720 },
        { id: 9, time_zone: 'Europe/Berlin', start_time: 720, end_time: 1440 },
      ],
      holidays: [
        { schedule_id: 9, start_date: '2024-12-31', end_date: '2025-01-02' },
        { schedule_id: '9', start_date: '2024-12-25 00:00:00', end_date: '2024-12-26' },
      ],
    });
    expect(specs['9']).toEqual({
      timeZone: 'Europe/Berlin',
      hours: { sun: [['00:00', '24:00']], sat: [['12:00', '24:00']] },
      holidays: ['2024-12-25', '2024-12-26', '2024-12-31', '2025-01-01', '2025-01-02'],
    });
  });

  it('every Rails zone name maps to a zone that businessCalendar accepts, and specs feed ticketMetrics', () => {
    // ActiveSupport::TimeZone::MAPPING has 151 names.
    expect(RAILS_ZONES.size).toBe(151);
    for (const name of RAILS_ZONES.keys()) {
      const spec = zendeskSchedules({ schedules: [{ id: 1, time_zone: name, start_time: 1980, end_time: 2460 }] })['1']!;
      expect(() => businessCalendar(spec)).not.toThrow();
    }
    const specs = zendeskSchedules({ schedules: [{ id: 1, time_zone: 'UTC', start_time: 1980, end_time: 2460 }] });
    const r = ticketMetrics(
      {
        events: [
          { ticketId: 1, at: '2024-05-06T08:00:00Z', kind: 'comment', public: true, actorRole: 'end-user' },
          { ticketId: 1, at: '2024-05-06T10:00:00Z', kind: 'comment', public: true, actorRole: 'agent' },
        ],
      },
      { schedules: specs },
    );
    // Monday 2024-05-06: open 09:00–17:00 → 08:00 → 10:00 is 1 business hour.
    expect(r.tickets[0]!.business!.firstReplyTime).toBe(H);
  });

  it('names every problem with its path', () => {
    expect(
      issuesOf(() =>
        zendeskSchedules({
          schedules: [
            { id: 1, time_zone: 'Atlantis', start_time: 0, end_time: 60 },
            { id: 2, time_zone: 'UTC', start_time: 600, end_time: 540 },
            { id: 3, time_zone: 'UTC', intervals: [{ start_time: -1, end_time: 10081 }] },
          ],
          holidays: [
            { schedule_id: 4, start_date: '2024-01-01', end_date: '2024-01-01' },
            { schedule_id: 2, start_date: '2024-02-30', end_date: '2024-01-01' },
            { schedule_id: 2, start_date: '2024-01-02', end_date: '2024-01-01' },
            { schedule_id: 2, start_date: '2000-01-01', end_date: '2024-01-01' },
          ],
        }),
      ),
    ).toEqual([
      { code: 'invalid_value', path: ['schedules', 0, 'time_zone'] },
      { code: 'inconsistent', path: ['schedules', 1, 'end_time'] },
      { code: 'out_of_range', path: ['schedules', 2, 'intervals', 0, 'start_time'] },
      { code: 'out_of_range', path: ['schedules', 2, 'intervals', 0, 'end_time'] },
      { code: 'invalid_value', path: ['holidays', 0, 'schedule_id'] },
      { code: 'invalid_value', path: ['holidays', 1, 'start_date'] },
      { code: 'inconsistent', path: ['holidays', 2, 'end_date'] },
      { code: 'out_of_range', path: ['holidays', 3, 'end_date'] },
    ]);
    expect(
      issuesOf(() =>
        zendeskSchedules({
          schedules: [
            { id: 1, time_zone: 'UTC', start_time: 0, end_time: 60 },
            { id: 1, time_zone: 'London', start_time: 60, end_time: 120 },
            { time_zone: 'UTC', start_time: 0, end_time: 60 },
            { id: 2, time_zone: 'UTC', start_time: '9am', end_time: 60 },
          ],
        } as never),
      ),
    ).toEqual([
      { code: 'inconsistent', path: ['schedules', 1, 'time_zone'] },
      { code: 'missing', path: ['schedules', 2, 'id'] },
      { code: 'invalid_type', path: ['schedules', 3, 'start_time'] },
    ]);
  });
});
