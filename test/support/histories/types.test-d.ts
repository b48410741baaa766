import { describe, expectTypeOf, it } from 'vitest';
import { type HistoryDurations, type Ticket, type TicketMetricsOptions, type TicketMetricsRow, ticketMetrics } from '../../../src/support/index.js';

describe('ticketMetrics types', () => {
  it('rows: durations may be null, the per-status times never; business null without schedules; a Ticket record', () => {
    const r = ticketMetrics({ events: [] });
    expectTypeOf(r.tickets).toEqualTypeOf<readonly TicketMetricsRow[]>();
    expectTypeOf<HistoryDurations['firstReplyTime']>().toEqualTypeOf<number | null>();
    expectTypeOf<HistoryDurations['requesterWaitTime']>().toEqualTypeOf<number | null>();
    expectTypeOf<HistoryDurations['statusTimes']['pending']>().toEqualTypeOf<number>();
    expectTypeOf<TicketMetricsRow['business']>().toEqualTypeOf<HistoryDurations | null>();
    expectTypeOf<TicketMetricsRow['ticket']>().toEqualTypeOf<Ticket>();
    expectTypeOf<TicketMetricsOptions['schedulePolicy']>().toEqualTypeOf<'zendesk' | 'split' | undefined>();
  });

  it('input: flat events or histories, not both; kinds and roles are unions', () => {
    // @ts-expect-error an unknown kind
    ticketMetrics({ events: [{ ticketId: 1, at: 0, kind: 'note' }] });
    // @ts-expect-error an unknown role
    ticketMetrics({ events: [{ ticketId: 1, at: 0, kind: 'comment', public: true, actorRole: 'bot' }] });
    ticketMetrics({ histories: [{ ticketId: 'a', createdAt: '2024-01-01', events: [{ at: 0, kind: 'status', to: 'open' }] }] });
  });
});
