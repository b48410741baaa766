/**
 * Properties of `ticketMetrics` over arbitrary histories: business time never exceeds calendar time,
 * status times sum to the span from creation to the last status event, the two schedule policies
 * agree on tickets with one schedule, the order of tickets and the input form do not matter, the
 * columnar result holds the rows' values, and bad input throws KpiInputError only.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../../src/core/errors.js';
import {
  type HistoryDurations,
  type TicketEvent,
  type TicketHistory,
  type TicketHistoryEvent,
  type TicketMetricsOptions,
  type TicketMetricsRow,
  ticketMetrics,
} from '../../../src/support/index.js';
import { type BusinessHoursSpec, businessCalendar } from '../../../src/time/index.js';
import { everyColumn, rowsOfColumns } from './columns.js';

const T0 = Date.UTC(2024, 2, 25); // a Monday, the week Europe switches to summer time
const MIN = 60_000;
const weekdays = [['09:00', '17:00']] as const;
const SCHEDULES: TicketMetricsOptions['schedules'] = {
  a: { timeZone: 'UTC', hours: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays } },
  b: {
    timeZone: 'Europe/Berlin',
    hours: { mon: [['00:00', '24:00']], sat: [['08:00', '12:00']], sun: [['01:00', '04:00']] },
    holidays: ['2024-03-29'],
  },
};

const eventArb: fc.Arbitrary<TicketHistoryEvent> = fc
  .oneof(
    fc.record({
      kind: fc.constant('status' as const),
      to: fc.constantFrom('new', 'open', 'pending', 'hold', 'on-hold', 'solved', 'closed', 'deleted', 'Open'),
      from: fc.option(fc.constantFrom('new', 'open', 'pending', 'hold', 'solved'), { nil: undefined }),
    }),
    fc.record({
      kind: fc.constant('comment' as const),
      public: fc.boolean(),
      actorRole: fc.constantFrom('agent' as const, 'admin' as const, 'end-user' as const, 'system' as const),
    }),
    fc.record({
      kind: fc.constantFrom('assignee' as const, 'group' as const),
      to: fc.constantFrom('A', 'B', 7, null),
      from: fc.option(fc.constantFrom('A', 'C'), { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('schedule' as const), to: fc.constantFrom('a', 'b') }),
  )
  .map((e) => e as TicketHistoryEvent);

/** Events with their gaps after the previous one (0 often: several events at one instant); the first is at the creation. */
const historyArb = (ticketId: string | number): fc.Arbitrary<TicketHistory> =>
  fc
    .record({
      created: fc.integer({ min: 0, max: 10 * 1440 }),
      events: fc.array(fc.tuple(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 * 1440 })), eventArb), { minLength: 1, maxLength: 14 }),
    })
    .map(({ created, events }) => {
      const createdAt = T0 + created * MIN;
      let at = createdAt;
      const out = events.map(([gap, e], i) => {
        if (i > 0) at += gap * MIN;
        return { ...e, at };
      });
      return { ticketId, createdAt, events: out };
    });

const historiesArb: fc.Arbitrary<TicketHistory[]> = fc
  .uniqueArray(fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constantFrom('x', 'y', 'z-1')), { minLength: 1, maxLength: 6 })
  .chain((ids) => fc.tuple(...ids.map(historyArb)));

/** The flat rows of histories, interleaved by `picks` while each ticket keeps its own order. */
function flatten(histories: readonly TicketHistory[], picks: readonly number[] = []): TicketEvent[] {
  const queues = histories.map((h) => h.events.map((e) => ({ ...e, ticketId: h.ticketId })));
  const out: TicketEvent[] = [];
  let p = 0;
  for (;;) {
    const open = queues.filter((q) => q.length > 0);
    if (open.length === 0) return out;
    const q = open[(picks[p++ % Math.max(picks.length, 1)] ?? 0) % open.length]!;
    out.push(q.shift()!);
  }
}

const NUMBERS = ['firstReplyTime', 'firstResolutionTime', 'fullResolutionTime', 'agentWorkTime', 'requesterWaitTime', 'agentWaitTime', 'onHoldTime'] as const;

function checkDurations(d: HistoryDurations): void {
  for (const k of NUMBERS) {
    const v = d[k];
    if (v !== null) expect(Number.isFinite(v) && v >= 0, k).toBe(true);
  }
  const s = d.statusTimes;
  if (d.requesterWaitTime === null) expect([d.agentWorkTime, d.agentWaitTime, d.onHoldTime]).toEqual([null, null, null]);
  else {
    expect(d.requesterWaitTime).toBe(s.new + s.open + s.hold);
    expect(d.agentWorkTime).toBe(s.new + s.open);
    expect([d.agentWaitTime, d.onHoldTime]).toEqual([s.pending, s.hold]);
  }
}

describe('ticketMetrics properties', () => {
  it('business ≤ calendar, under both policies; durations finite and ≥ 0; first resolution ≤ full resolution', () => {
    fc.assert(
      fc.property(historiesArb, fc.constantFrom('zendesk' as const, 'split' as const), (histories, schedulePolicy) => {
        const r = ticketMetrics({ histories }, { schedules: SCHEDULES, defaultSchedule: 'a', schedulePolicy });
        expect(r.tickets).toHaveLength(histories.length);
        for (const t of r.tickets) {
          const b = t.business!;
          checkDurations(t.calendar);
          checkDurations(b);
          for (const k of NUMBERS) {
            const [c, v] = [t.calendar[k], b[k]];
            expect(v === null, k).toBe(c === null);
            if (c !== null && v !== null) expect(v, k).toBeLessThanOrEqual(c);
          }
          for (const k of Object.keys(t.calendar.statusTimes) as (keyof HistoryDurations['statusTimes'])[]) {
            expect(b.statusTimes[k]).toBeLessThanOrEqual(t.calendar.statusTimes[k]);
          }
          if (t.calendar.fullResolutionTime !== null) expect(t.calendar.firstResolutionTime!).toBeLessThanOrEqual(t.calendar.fullResolutionTime);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('status times sum to the span from creation to the last status event (to asOf with live)', () => {
    fc.assert(
      fc.property(historiesArb, fc.integer({ min: 0, max: 5 * 1440 }), (histories, extra) => {
        const asOf = Math.max(...histories.flatMap((h) => h.events.map((e) => e.at as number))) + extra * MIN;
        const byId = new Map(histories.map((h) => [h.ticketId, h]));
        const still = ticketMetrics({ histories });
        const live = ticketMetrics({ histories }, { live: true, asOf });
        for (const [i, t] of still.tickets.entries()) {
          const h = byId.get(t.ticketId)!;
          const statuses = h.events.filter((e) => e.kind === 'status').map((e) => e.at as number);
          const last = statuses.length === 0 ? h.createdAt : Math.max(...statuses);
          const sum = (row: TicketMetricsRow) => Object.values(row.calendar.statusTimes).reduce((a, b) => a + b, 0);
          expect(sum(t)).toBe((last as number) - (h.createdAt as number));
          expect(sum(live.tickets[i]!)).toBe(asOf - (h.createdAt as number));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("'split' = 'zendesk' when a ticket has one schedule", () => {
    fc.assert(
      fc.property(historiesArb, fc.constantFrom('a', 'b'), (histories, only) => {
        const single = histories.map((h) => ({ ...h, events: h.events.map((e) => (e.kind === 'schedule' ? { ...e, to: only } : e)) }));
        const zendesk = ticketMetrics({ histories: single }, { schedules: SCHEDULES, defaultSchedule: only });
        const split = ticketMetrics({ histories: single }, { schedules: SCHEDULES, defaultSchedule: only, schedulePolicy: 'split' });
        expect(split).toEqual(zendesk);
      }),
      { numRuns: 200 },
    );
  });

  it("'split' counts each instant under its own schedule: status times and spans equal a direct sum over the schedule segments", () => {
    const calendars = new Map(Object.entries(SCHEDULES).map(([id, spec]) => [id, businessCalendar(spec as BusinessHoursSpec)]));
    fc.assert(
      fc.property(historiesArb, (histories) => {
        const r = ticketMetrics({ histories }, { schedules: SCHEDULES, defaultSchedule: 'a', schedulePolicy: 'split' });
        for (const t of r.tickets) {
          const h = histories.find((x) => x.ticketId === t.ticketId)!;
          // The segments: 'a' from the creation, then each schedule event (the last at an instant wins).
          const starts: [number, string][] = [
            [-Infinity, 'a'],
            ...h.events.filter((e) => e.kind === 'schedule').map((e) => [e.at as number, e.to as string] as [number, string]),
          ];
          const direct = (a: number, b: number): number =>
            starts.reduce((sum, [start, id], i) => {
              const s = Math.max(a, start);
              const e = Math.min(b, i + 1 < starts.length ? starts[i + 1]![0] : Infinity);
              return e > s ? sum + calendars.get(id)!.duration(s, e) : sum;
            }, 0);
          const statuses = h.events.filter((e) => e.kind === 'status').map((e) => e.at as number);
          const last = statuses.length === 0 ? t.createdAt : Math.max(...statuses);
          const sum = Object.values(t.business!.statusTimes).reduce((a, b) => a + b, 0);
          expect(sum).toBe(direct(t.createdAt, last));
          if (t.firstReplyAt !== null) expect(t.business!.firstReplyTime).toBe(direct(t.createdAt, t.firstReplyAt));
          if (t.firstResolvedAt !== null) expect(t.business!.firstResolutionTime).toBe(direct(t.createdAt, t.firstResolvedAt));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the order of tickets does not matter, and flat rows ≡ histories (creation = the earliest event)', () => {
    fc.assert(
      fc.property(historiesArb, fc.array(fc.nat(), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 20 }), (histories, picks, otherPicks) => {
        const options: TicketMetricsOptions = { schedules: SCHEDULES, defaultSchedule: 'b' };
        const fromHistories = ticketMetrics({ histories }, options);
        const reversed = ticketMetrics({ histories: [...histories].reverse() }, options);
        expect(reversed).toEqual(fromHistories);
        expect(ticketMetrics({ events: flatten(histories, picks) }, options)).toEqual(fromHistories);
        expect(ticketMetrics({ events: flatten([...histories].reverse(), otherPicks) }, options)).toEqual(fromHistories);
      }),
      { numRuns: 200 },
    );
  });

  it("output: 'columns' holds exactly the rows' values, in the same order, for any histories, options and input form", () => {
    const calendarArb = fc.record({ statusMap: fc.constant({ deleted: 'ignore' as const, Open: 'pending' as const }) }, { requiredKeys: [] });
    const businessArb = fc.record(
      {
        schedules: fc.constant(SCHEDULES),
        defaultSchedule: fc.constantFrom('a', 'b'),
        schedulePolicy: fc.constantFrom('zendesk' as const, 'split' as const),
        ticketClock: fc.constantFrom('calendar' as const, 'business' as const),
      },
      { requiredKeys: ['schedules'] },
    );
    const optionsArb: fc.Arbitrary<TicketMetricsOptions> = fc.oneof(calendarArb, businessArb);
    fc.assert(
      fc.property(
        historiesArb,
        optionsArb,
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 1440 }),
        (histories, o, picks, live, extra) => {
          // Tickets without a schedule (schedules but no defaultSchedule nor schedule event) are excluded, and listed.
          const options: TicketMetricsOptions = {
            ...o,
            onInvalid: 'exclude',
            ...(o.ticketClock === 'business' && o.schedules === undefined ? { ticketClock: 'calendar' } : {}),
          };
          const asOf = Math.max(...histories.flatMap((h) => h.events.map((e) => e.at as number))) + extra * MIN;
          const all = live ? { ...options, live: true, asOf } : options;
          for (const input of [{ histories }, { events: flatten(histories, picks) }]) {
            const rows = ticketMetrics(input, all);
            const columns = ticketMetrics(input, { ...all, output: 'columns' });
            expect(columns.length).toBe(rows.tickets.length);
            expect(rowsOfColumns(columns)).toEqual(rows.tickets);
            expect(columns.excluded).toEqual(rows.excluded);
            for (const column of everyColumn(columns)) expect(column.length).toBe(rows.tickets.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('events listed backwards in time (sorted, then walked) give what events in time order (walked as they are read) give', () => {
    // Latest instant first; events at one instant keep their order (their order is their meaning).
    const backwards = <E extends { at: unknown }>(events: readonly E[]): E[] =>
      events
        .map((e, i) => [e, i] as const)
        .sort(([a, i], [b, j]) => (b.at as number) - (a.at as number) || i - j)
        .map(([e]) => e);
    fc.assert(
      fc.property(historiesArb, fc.constantFrom('zendesk' as const, 'split' as const), fc.boolean(), (histories, schedulePolicy, business) => {
        const options: TicketMetricsOptions = business ? { schedules: SCHEDULES, defaultSchedule: 'b', schedulePolicy } : {};
        const inOrder = ticketMetrics({ histories }, options);
        const reversed = histories.map((h) => ({ ...h, events: backwards(h.events) }));
        expect(ticketMetrics({ histories: reversed }, options)).toEqual(inOrder);
        expect(ticketMetrics({ events: flatten(reversed) }, options)).toEqual(inOrder);
        expect(ticketMetrics({ events: flatten(histories) }, options)).toEqual(inOrder);
      }),
      { numRuns: 300 },
    );
  });

  it('bad input: a hostile value anywhere gives a result or a KpiInputError, never another error', () => {
    const hostile = fc.constantFrom<unknown>(
      undefined,
      null,
      NaN,
      Infinity,
      -1,
      1e300,
      '',
      'soon',
      '2024-02-30',
      {},
      [],
      true,
      'solved',
      'agent',
      9e15,
      Symbol('s'),
      10n,
    );
    fc.assert(
      fc.property(
        historiesArb,
        fc.nat(),
        fc.constantFrom('at', 'kind', 'to', 'from', 'public', 'actorRole', 'ticketId'),
        hostile,
        fc.boolean(),
        (histories, n, key, value, flat) => {
          const events = flatten(histories);
          const i = n % events.length;
          events[i] = { ...events[i], [key]: value } as TicketEvent;
          try {
            const r = flat
              ? ticketMetrics({ events }, { schedules: SCHEDULES, defaultSchedule: 'a' })
              : ticketMetrics({ histories: [{ ticketId: 1, createdAt: T0, events }] });
            expect(r.tickets.length).toBeGreaterThan(0);
            // The columns of the same input hold the same values.
            const c = flat
              ? ticketMetrics({ events }, { schedules: SCHEDULES, defaultSchedule: 'a', output: 'columns' })
              : ticketMetrics({ histories: [{ ticketId: 1, createdAt: T0, events }] }, { output: 'columns' });
            expect(rowsOfColumns(c)).toEqual(r.tickets);
          } catch (e) {
            expect(e).toBeInstanceOf(KpiInputError);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
