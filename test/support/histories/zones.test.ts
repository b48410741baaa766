/**
 * Business time of ticket histories across DST changes and holidays in four zones. Expected values
 * by hand: a change day that is open 00:00–24:00 lasts 23 h when clocks go forward and 25 h when
 * they go back (the real elapsed time of the local date); a schedule open every hour of every day
 * gives business time equal to calendar time, across the change (dbt_zendesk issue #215 reports
 * 24/7 schedules whose business minutes differ from calendar minutes).
 */
import { describe, expect, it } from 'vitest';
import { type TicketEvent, ticketMetrics } from '../../../src/support/index.js';
import { toEpochMs } from '../../../src/time/index.js';

const H = 3_600_000;
const ALL_DAY = [['00:00', '24:00']] as const;
const ALWAYS = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };

/** Each zone's change dates (local), whether the clocks go forward, and the weekday key of the date. */
const CHANGES = [
  { zone: 'America/New_York', date: '2024-03-10', forward: true, day: 'sun' },
  { zone: 'America/New_York', date: '2024-11-03', forward: false, day: 'sun' },
  { zone: 'Europe/Berlin', date: '2024-03-31', forward: true, day: 'sun' },
  { zone: 'Europe/Berlin', date: '2024-10-27', forward: false, day: 'sun' },
  { zone: 'Australia/Sydney', date: '2024-04-07', forward: false, day: 'sun' },
  { zone: 'Australia/Sydney', date: '2024-10-06', forward: true, day: 'sun' },
  { zone: 'America/Sao_Paulo', date: '2018-11-04', forward: true, day: 'sun' },
  { zone: 'America/Sao_Paulo', date: '2019-02-16', forward: false, day: 'sat' },
] as const;

/** The local wall time `days` days from `date` at `time`, as epoch ms. */
function local(zone: string, date: string, days: number, time: string): number {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return toEpochMs(`${d.toISOString().slice(0, 10)} ${time}`, { timeZone: zone });
}

function history(zone: string, date: string): TicketEvent[] {
  // Created the day before the change at 12:00, open; pending the day after at 09:00; solved that day at 12:00.
  return [
    { ticketId: 1, at: local(zone, date, -1, '12:00'), kind: 'comment', public: true, actorRole: 'end-user' },
    { ticketId: 1, at: local(zone, date, -1, '12:00'), kind: 'status', from: 'new', to: 'open' },
    { ticketId: 1, at: local(zone, date, 1, '09:00'), kind: 'comment', public: true, actorRole: 'agent' },
    { ticketId: 1, at: local(zone, date, 1, '09:00'), kind: 'status', from: 'open', to: 'pending' },
    { ticketId: 1, at: local(zone, date, 1, '12:00'), kind: 'status', from: 'pending', to: 'solved' },
  ];
}

describe('DST changes in four zones', () => {
  for (const c of CHANGES) {
    it(`${c.zone} ${c.date} (${c.forward ? 'forward' : 'back'}): a change day open all day counts ${c.forward ? 23 : 25} h; a 24/7 schedule equals calendar time`, () => {
      const events = history(c.zone, c.date);
      const changeDay = ticketMetrics({ events }, { schedules: { s: { timeZone: c.zone, hours: { [c.day]: ALL_DAY } } } }).tickets[0]!;
      // Only the change date is open; the reply (the next day 09:00) and the resolution come after it.
      expect(changeDay.business!.firstReplyTime).toBe((c.forward ? 23 : 25) * H);
      expect(changeDay.business!.fullResolutionTime).toBe((c.forward ? 23 : 25) * H);
      // Calendar: from the day before 12:00 to the day after 09:00 local = 45 h of wall time, ∓ 1 h.
      expect(changeDay.calendar.firstReplyTime).toBe((c.forward ? 44 : 46) * H);

      const always = ticketMetrics({ events }, { schedules: { s: { timeZone: c.zone, hours: ALWAYS } } }).tickets[0]!;
      expect(always.business).toEqual(always.calendar);
    });
  }
});

describe('holidays are whole local dates in the schedule’s zone', () => {
  it('Australia/Sydney: a holiday on the change date leaves nothing open on it', () => {
    const events = history('Australia/Sydney', '2024-10-06');
    const t = ticketMetrics({ events }, { schedules: { s: { timeZone: 'Australia/Sydney', hours: ALWAYS, holidays: ['2024-10-06'] } } }).tickets[0]!;
    // 24/7 but the change date closed: calendar 44 h minus that date's 23 h = 21 h.
    expect(t.business!.firstReplyTime).toBe(21 * H);
  });
});
