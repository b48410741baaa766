/**
 * Properties of the aggregates over many tickets of the histories' metrics (requesterWaitTime,
 * agentWaitTime, onHoldTime, agentWorkTime, firstResolutionTime, repliesPerTicket,
 * reopensPerTicket): over random histories, each equals the summary of the rows' own figures
 * computed by hand (mean = sum / n, R type 7 quantiles from a full sort); reopensPerTicket agrees
 * with reopenRate; split and merged accumulators equal one pass; the order of tickets does not
 * matter; the column forms equal the ticket forms; bad input throws KpiInputError only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import {
  type Ticket,
  type TicketHistory,
  type TicketHistoryEvent,
  type TicketMetricsOptions,
  type TicketMetricsRow,
  agentWaitTime,
  agentWorkTime,
  byPeriod,
  firstResolutionTime,
  onHoldTime,
  reopenRate,
  reopensPerTicket,
  repliesPerTicket,
  requesterWaitTime,
  ticketMetrics,
} from '../../src/support/index.js';
import { isResolved, DEFAULT_RESOLVED_STATUSES } from '../../src/support/ticket.js';
import { businessCalendar } from '../../src/time/index.js';

const T0 = Date.UTC(2024, 2, 25); // a Monday
const MIN = 60_000;
const weekdays = [['09:00', '17:00']] as const;
const SCHEDULE = { timeZone: 'Europe/Berlin', hours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays }, holidays: ['2024-03-29'] };
const SCHEDULES: TicketMetricsOptions['schedules'] = { a: SCHEDULE };

const eventArb: fc.Arbitrary<TicketHistoryEvent> = fc
  .oneof(
    fc.record({
      kind: fc.constant('status' as const),
      to: fc.constantFrom('new', 'open', 'pending', 'hold', 'on-hold', 'solved', 'closed', 'deleted'),
      from: fc.option(fc.constantFrom('new', 'open', 'pending', 'solved'), { nil: undefined }),
    }),
    fc.record({
      kind: fc.constant('comment' as const),
      public: fc.boolean(),
      actorRole: fc.constantFrom('agent' as const, 'admin' as const, 'end-user' as const, 'system' as const),
    }),
    fc.record({ kind: fc.constant('assignee' as const), to: fc.constantFrom('A', 'B', null) }),
  )
  .map((e) => e as TicketHistoryEvent);

/** A history: events with gaps after the previous one (0 often: several events at one instant). */
const historyArb = (ticketId: number): fc.Arbitrary<TicketHistory> =>
  fc
    .record({
      created: fc.integer({ min: 0, max: 20 * 1440 }),
      events: fc.array(fc.tuple(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * 1440 })), eventArb), { minLength: 1, maxLength: 12 }),
    })
    .map(({ created, events }) => {
      const createdAt = T0 + created * MIN;
      let at = createdAt;
      return {
        ticketId,
        createdAt,
        events: events.map(([gap, e], i) => {
          if (i > 0) at += gap * MIN;
          return { ...e, at };
        }),
      };
    });

const historiesArb: fc.Arbitrary<TicketHistory[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 0, maxLength: 25 })
  .chain((ids) => fc.tuple(...ids.map(historyArb)));

/** R type 7 by hand: sort, h = (n − 1)·p, x₍⌊h⌋₎ + (h − ⌊h⌋)·(x₍⌊h⌋+1₎ − x₍⌊h⌋₎). */
function r7(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const xlo = sorted[lo]!;
  if (lo + 1 >= sorted.length || h === lo) return xlo;
  return xlo + (h - lo) * (sorted[lo + 1]! - xlo);
}

/** The summary of a list of values, by hand (`null` entries are the excluded ones). */
function byHand(values: readonly (number | null)[], percentiles: readonly number[] = [90]) {
  const measured = values.filter((v): v is number => v !== null);
  const sorted = [...measured].sort((a, b) => a - b);
  const n = sorted.length;
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    n,
    excluded: values.length - n,
    value: n === 0 ? null : sum / n,
    median: n === 0 ? null : r7(sorted, 0.5),
    percentiles: Object.fromEntries(percentiles.map((p) => [`p${p}`, n === 0 ? null : r7(sorted, p / 100)])),
    min: n === 0 ? null : sorted[0]!,
    max: n === 0 ? null : sorted[n - 1]!,
    total: sum,
  };
}

const STATUS_METRICS = [
  { metric: requesterWaitTime, row: 'requesterWaitTime' },
  { metric: agentWaitTime, row: 'agentWaitTime' },
  { metric: onHoldTime, row: 'onHoldTime' },
  { metric: agentWorkTime, row: 'agentWorkTime' },
] as const;

const percentilesArb = fc.constantFrom([90], [25, 75], [50, 95, 99]);

function ticketsOf(rows: readonly TicketMetricsRow[]): Ticket[] {
  return rows.map((r) => r.ticket);
}

describe('aggregates of ticketMetrics: agreement with the rows', () => {
  it('each status-time metric over the rows’ tickets is the hand summary of the rows’ calendar durations', () => {
    fc.assert(
      fc.property(historiesArb, percentilesArb, (histories, percentiles) => {
        const rows = ticketMetrics({ histories }).tickets;
        const tickets = ticketsOf(rows);
        for (const { metric, row } of STATUS_METRICS) {
          const r = metric({ tickets }, { percentiles });
          const want = byHand(
            rows.map((t) => t.calendar[row]),
            percentiles,
          );
          expect({ n: r.n, value: r.value, median: r.median, percentiles: r.percentiles, min: r.min, max: r.max, total: r.total }, row).toEqual({
            n: want.n,
            value: want.value,
            median: want.median,
            percentiles: want.percentiles,
            min: want.min,
            max: want.max,
            total: want.total,
          });
          expect(r.excluded.unmeasured).toBe(want.excluded);
          expect(r.time).toBe('calendar');
        }
      }),
    );
  });

  it("with ticketClock: 'business', the status-time metrics summarise the rows' business durations", () => {
    fc.assert(
      fc.property(historiesArb, (histories) => {
        const rows = ticketMetrics({ histories }, { schedules: SCHEDULES, ticketClock: 'business' }).tickets;
        const tickets = ticketsOf(rows);
        for (const { metric, row } of STATUS_METRICS) {
          const r = metric({ tickets });
          const want = byHand(rows.map((t) => t.business![row]));
          expect([r.n, r.value, r.median, r.max], row).toEqual([want.n, want.value, want.median, want.max]);
        }
        for (const t of rows) expect(t.ticket.pausedMs).toBe(t.business!.statusTimes.pending + t.business!.statusTimes.hold);
      }),
    );
  });

  it('firstResolutionTime is the hand summary of the rows’ first resolution times, in calendar and (one schedule) business time', () => {
    const calendar = businessCalendar(SCHEDULE);
    fc.assert(
      fc.property(historiesArb, (histories) => {
        const rows = ticketMetrics({ histories }, { schedules: SCHEDULES }).tickets;
        const tickets = ticketsOf(rows);
        const r = firstResolutionTime({ tickets });
        const want = byHand(rows.map((t) => t.calendar.firstResolutionTime));
        expect([r.n, r.value, r.median, r.percentiles, r.min, r.max, r.excluded.unresolved]).toEqual([
          want.n,
          want.value,
          want.median,
          want.percentiles,
          want.min,
          want.max,
          want.excluded,
        ]);
        // One schedule for the whole history: the row's business time is the calendar's duration of the same span.
        const b = firstResolutionTime({ tickets }, { calendar });
        const wantB = byHand(rows.map((t) => t.business!.firstResolutionTime));
        expect([b.n, b.value, b.median, b.max, b.time]).toEqual([wantB.n, wantB.value, wantB.median, wantB.max, 'business-hours']);
      }),
    );
  });

  it('repliesPerTicket and reopensPerTicket are the hand distributions of the rows’ counts', () => {
    fc.assert(
      fc.property(historiesArb, percentilesArb, (histories, percentiles) => {
        const rows = ticketMetrics({ histories }).tickets;
        const tickets = ticketsOf(rows);
        for (const [metric, key] of [
          [repliesPerTicket, 'replies'],
          [reopensPerTicket, 'reopens'],
        ] as const) {
          const r = metric({ tickets }, { percentiles });
          const values = rows.map((t) => t.counts[key]);
          const want = byHand(values, percentiles);
          expect([r.n, r.value, r.median, r.percentiles, r.min, r.max, r.total]).toEqual([
            want.n,
            want.value,
            want.median,
            want.percentiles,
            want.min,
            want.max,
            want.total,
          ]);
          const zero = values.filter((v) => v === 0).length;
          expect(r.zero).toEqual({ count: zero, share: values.length === 0 ? null : zero / values.length });
          expect(r.atLeastOne.count).toBe(values.length - zero);
          const histogram = [...new Set(values)].sort((a, b) => a - b).map((value) => ({ value, count: values.filter((v) => v === value).length }));
          expect(r.histogram).toEqual(histogram);
          expect(r.excluded.unmeasured).toBe(0);
        }
      }),
    );
  });

  it('reopensPerTicket agrees with reopenRate: the same reopened tickets; the same share over tickets resolved at least once', () => {
    fc.assert(
      fc.property(historiesArb, (histories) => {
        const tickets = ticketsOf(ticketMetrics({ histories }).tickets);
        const dist = reopensPerTicket({ tickets });
        const rate = reopenRate({ tickets });
        expect(dist.atLeastOne.count).toBe(rate.reopened);
        const resolved = tickets.filter((t) => t.reopened === true || isResolved(t as unknown as Record<string, unknown>, DEFAULT_RESOLVED_STATUSES));
        const overResolved = reopensPerTicket({ tickets: resolved });
        expect(overResolved.atLeastOne.share).toBe(reopenRate({ tickets: resolved }).value);
        expect(overResolved.atLeastOne.share).toBe(rate.value);
      }),
    );
  });
});

const ALL = [requesterWaitTime, agentWaitTime, onHoldTime, agentWorkTime, firstResolutionTime, repliesPerTicket, reopensPerTicket] as const;

describe('aggregates of ticketMetrics: accumulators and order', () => {
  it('split into parts, through JSON, merged in any order = one pass; and the order of tickets does not matter', () => {
    fc.assert(
      fc.property(
        historiesArb,
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.constantFrom(...ALL),
        (histories, cuts, order, metric) => {
          const tickets = ticketsOf(ticketMetrics({ histories }).tickets);
          // One of the seven factories, seen through the one contract they share.
          const factory = metric.accumulator as unknown as typeof repliesPerTicket.accumulator;
          const whole = (metric as (input: { tickets: Ticket[] }) => unknown)({ tickets });
          // Parts at the cut points, each through JSON, merged from the last.
          const points = [...new Set(cuts.map((c) => c % (tickets.length + 1)))].sort((a, b) => a - b);
          const bounds = [0, ...points, tickets.length];
          const parts = bounds
            .slice(1)
            .map((end, i) => factory.fromJSON(JSON.parse(JSON.stringify(factory.create().addAll(tickets.slice(bounds[i], end)).toJSON()))));
          const merged = parts.reduceRight((acc, p) => acc.merge(p), factory.create());
          const { excluded: a, ...restA } = merged.result() as { excluded: object };
          const { excluded: b, ...restB } = whole as { excluded: object };
          expect(restA).toEqual(restB);
          expect(a).toEqual(b);
          // A permutation of the tickets.
          const shuffled = [...tickets];
          order.forEach((o, i) => {
            if (shuffled.length === 0) return;
            const j = o % shuffled.length;
            const k = i % shuffled.length;
            [shuffled[j], shuffled[k]] = [shuffled[k]!, shuffled[j]!];
          });
          expect((metric as (input: { tickets: Ticket[] }) => unknown)({ tickets: shuffled })).toEqual(whole);
        },
      ),
    );
  });

  it('byPeriod of each metric: the periods’ n add up to the whole, and each period is the metric over its tickets', () => {
    fc.assert(
      fc.property(historiesArb, fc.constantFrom(...ALL), (histories, metric) => {
        const tickets = ticketsOf(ticketMetrics({ histories }).tickets);
        const run = metric as (input: { tickets: Ticket[] }) => { n: number; value: number | null };
        const whole = run({ tickets });
        const weeks = byPeriod(metric as typeof repliesPerTicket, tickets, { period: 'week', timeZone: 'UTC' });
        let n = 0;
        for (const row of weeks.periods) {
          const inside = tickets.filter((t) => (t.createdAt as number) >= row.startMs && (t.createdAt as number) < row.endMs);
          expect(row.result).toEqual(run({ tickets: inside }));
          expect(row.count).toBe(inside.length);
          n += (row.result as { n: number }).n;
        }
        expect(n).toBe(whole.n);
        expect(weeks.total).toEqual(whole);
      }),
    );
  });

  it('the column forms equal the ticket forms', () => {
    fc.assert(
      fc.property(historiesArb, (histories) => {
        const rows = ticketMetrics({ histories }).tickets;
        const tickets = ticketsOf(rows);
        const waits = rows.map((t) => t.calendar.requesterWaitTime).filter((v): v is number => v !== null);
        expect(requesterWaitTime({ durations: waits, unmeasured: rows.length - waits.length })).toEqual(requesterWaitTime({ tickets }));
        const firsts = rows.map((t) => t.calendar.firstResolutionTime).filter((v): v is number => v !== null);
        expect(firstResolutionTime({ durations: Float64Array.from(firsts), unresolved: rows.length - firsts.length })).toEqual(
          firstResolutionTime({ tickets }),
        );
        expect(repliesPerTicket({ counts: rows.map((t) => t.counts.replies) })).toEqual(repliesPerTicket({ tickets }));
        expect(reopensPerTicket({ counts: Uint32Array.from(rows.map((t) => t.counts.reopens)) })).toEqual(reopensPerTicket({ tickets }));
        // A result's histogram is the sufficient statistic: fed back, it gives the same result.
        const replies = repliesPerTicket({ tickets }, { percentiles: [10, 90] });
        expect(repliesPerTicket({ histogram: replies.histogram, unmeasured: replies.excluded.unmeasured }, { percentiles: [10, 90] })).toEqual(replies);
      }),
    );
  });
});

describe('aggregates of ticketMetrics: bad input', () => {
  const junk = fc.oneof(
    fc.constantFrom<unknown>(null, undefined, -1, 1.5, Number.NaN, Infinity, 2 ** 53, 'x', '5', true, {}, [], 1e300),
    fc.double(),
    fc.integer(),
    fc.string(),
  );
  const fields = ['requesterWaitMs', 'agentWaitMs', 'onHoldMs', 'agentWorkMs', 'firstResolvedAt', 'replyCount', 'reopenCount', 'createdAt'] as const;

  it('a hostile value in any field, or as the input, gives a result or a KpiInputError, never another error nor NaN', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL), fc.constantFrom(...fields), junk, fc.boolean(), (metric, field, value, exclude) => {
        const ticket: Record<string, unknown> = {
          createdAt: T0,
          requesterWaitMs: MIN,
          agentWaitMs: 0,
          onHoldMs: 0,
          agentWorkMs: MIN,
          firstResolvedAt: T0 + MIN,
        };
        ticket['replyCount'] = 1;
        ticket['reopenCount'] = 0;
        ticket[field] = value;
        const run = metric as (input: unknown, options?: unknown) => { value: number | null };
        for (const input of [{ tickets: [ticket] }, { tickets: value }, value, { durations: [value] }, { counts: [value] }]) {
          try {
            const r = run(input, exclude ? { onInvalid: 'exclude' } : undefined);
            expect(r.value === null || Number.isFinite(r.value)).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(KpiInputError);
          }
        }
      }),
    );
  });
});
