import { describe, expectTypeOf, it } from 'vitest';
import {
  type CountBin,
  type CountDistributionResult,
  type HistoryDurations,
  type Ticket,
  type TicketMetricsColumnsResult,
  type TicketMetricsOptions,
  type TicketMetricsResult,
  type TicketMetricsRow,
  agentWaitTime,
  agentWorkTime,
  byPeriod,
  firstResolutionTime,
  firstResponseTime,
  onHoldTime,
  reopensPerTicket,
  repliesPerTicket,
  requesterWaitTime,
  ticketMetrics,
} from '../../../src/support/index.js';

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
    expectTypeOf<TicketMetricsOptions['ticketClock']>().toEqualTypeOf<'calendar' | 'business' | undefined>();
  });

  it('aggregates over many tickets: duration results name their exclusion; count results carry the histogram', () => {
    const tickets = ticketMetrics({ events: [] }).tickets.map((t) => t.ticket);
    const wait = requesterWaitTime({ tickets });
    expectTypeOf(wait.value).toEqualTypeOf<number | null>();
    expectTypeOf(wait.excluded.unmeasured).toEqualTypeOf<number>();
    expectTypeOf(agentWaitTime({ durations: new Float64Array(0), unmeasured: 1 }).median).toEqualTypeOf<number | null>();
    expectTypeOf(onHoldTime.accumulator.create().result()).toEqualTypeOf<ReturnType<typeof onHoldTime>>();
    expectTypeOf(agentWorkTime({ tickets }).excluded.invalidIndices).toEqualTypeOf<readonly number[]>();
    expectTypeOf(firstResolutionTime({ tickets }).excluded.unresolved).toEqualTypeOf<number>();
    // @ts-expect-error the status times were measured in their clock: no calendar option
    requesterWaitTime({ tickets }, { calendar: null });
    const replies = repliesPerTicket({ counts: [1, 2] });
    expectTypeOf(replies.histogram).toEqualTypeOf<readonly CountBin[]>();
    expectTypeOf(replies.zero.share).toEqualTypeOf<number | null>();
    expectTypeOf(repliesPerTicket({ histogram: replies.histogram, unmeasured: 2 })).toEqualTypeOf<CountDistributionResult>();
    expectTypeOf(reopensPerTicket({ tickets }).excluded.unmeasured).toEqualTypeOf<number>();
    expectTypeOf(byPeriod(reopensPerTicket, tickets, { period: 'week', at: 'firstResolvedAt' }).total).toEqualTypeOf<CountDistributionResult>();
    expectTypeOf<Ticket['replyCount']>().toEqualTypeOf<number | null | undefined>();
    // @ts-expect-error only ticket timestamp fields place tickets
    byPeriod(requesterWaitTime, tickets, { period: 'week', at: 'requesterWaitMs' });
  });

  it('input: flat events or histories, not both; kinds and roles are unions', () => {
    // @ts-expect-error an unknown kind
    ticketMetrics({ events: [{ ticketId: 1, at: 0, kind: 'note' }] });
    // @ts-expect-error an unknown role
    ticketMetrics({ events: [{ ticketId: 1, at: 0, kind: 'comment', public: true, actorRole: 'bot' }] });
    ticketMetrics({ histories: [{ ticketId: 'a', createdAt: '2024-01-01', events: [{ at: 0, kind: 'status', to: 'open' }] }] });
  });

  it("output: 'columns' gives the columnar result; rows otherwise (also for options typed TicketMetricsOptions)", () => {
    const c = ticketMetrics({ events: [] }, { output: 'columns', live: true, asOf: 0 });
    expectTypeOf(c).toEqualTypeOf<TicketMetricsColumnsResult>();
    expectTypeOf(c.columns.calendar.firstReplyTime).toEqualTypeOf<Float64Array>();
    expectTypeOf(c.columns.business).toEqualTypeOf<TicketMetricsColumnsResult['columns']['calendar'] | null>();
    expectTypeOf(c.columns.counts.replies).toEqualTypeOf<Int32Array>();
    expectTypeOf(c.columns.finalStatus.codes).toEqualTypeOf<Int32Array>();
    expectTypeOf(c.columns.ticketId).toEqualTypeOf<readonly (string | number)[]>();
    // The ticket columns are a { columns } input of the ticket metrics.
    firstResponseTime({ columns: c.columns.ticket });
    expectTypeOf(ticketMetrics({ events: [] }, { output: 'rows' })).toEqualTypeOf<TicketMetricsResult>();
    const options: TicketMetricsOptions = { live: false };
    expectTypeOf(ticketMetrics({ events: [] }, options)).toEqualTypeOf<TicketMetricsResult>();
    expectTypeOf<ReturnType<typeof ticketMetrics>>().toEqualTypeOf<TicketMetricsResult>();
    const either = { output: 'columns' } as { output: 'rows' | 'columns' };
    expectTypeOf(ticketMetrics({ events: [] }, either)).toEqualTypeOf<TicketMetricsResult | TicketMetricsColumnsResult>();
    // @ts-expect-error an unknown output
    ticketMetrics({ events: [] }, { output: 'table' });
  });
});
