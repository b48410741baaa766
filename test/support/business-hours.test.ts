import { describe, expect, it } from 'vitest';
import { byPeriod } from '../../src/grouping/by-period.js';
import { firstResponseTime, resolutionTime, slaCompliance, ticketsPerHour } from '../../src/support/index.js';
import { businessCalendar } from '../../src/time/index.js';
import { thrown } from '../helpers.js';

const H = 3_600_000;
const NINE_TO_SIX: [string, string][] = [['09:00', '18:00']];
const weekdays = businessCalendar({
  timeZone: 'Europe/Berlin',
  hours: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX },
  holidays: ['2024-12-25'],
});

describe('the duration and counting metrics in business hours', () => {
  it('docs/metrics.md#business-hours-calendars: created Friday 17:00, first reply Monday 10:00, Mon–Fri 09:00–18:00 → 2 h', () => {
    // Local Berlin times (UTC+1 in November), read in the ticket options' time zone.
    const tickets = [{ createdAt: '2024-11-22 17:00', firstResponseAt: '2024-11-25 10:00' }];
    const r = firstResponseTime({ tickets }, { timeZone: 'Europe/Berlin', calendar: weekdays });
    // Friday 17:00–18:00 (1 h) + Monday 09:00–10:00 (1 h).
    expect([r.value, r.time]).toEqual([2 * H, 'business-hours']);
    // In calendar time: 65 h.
    expect(firstResponseTime({ tickets }, { timeZone: 'Europe/Berlin' }).value).toBe(65 * H);
  });

  it('Zendesk 2022 §3: 08:00 → 10:00 is 2 h in a calendar open all day', () => {
    const allDay: [string, string][] = [['00:00', '24:00']];
    const always = businessCalendar({ timeZone: 'UTC', hours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } });
    const r = firstResponseTime({ tickets: [{ createdAt: '2024-05-06T08:00:00Z', firstResponseAt: '2024-05-06T10:00:00Z' }] }, { calendar: always });
    expect(r.value).toBe(2 * H);
  });

  it('resolution time skips the holiday; SLA and throughput count business time', () => {
    // Tuesday 24 Dec 17:00 → Friday 27 Dec 10:00: 1 h (24th) + 0 (25th holiday) + 9 h (26th) + 1 h = 11 h.
    const t = { createdAt: '2024-12-24 17:00', resolvedAt: '2024-12-27 10:00', status: 'solved', firstResponseAt: '2024-12-26 09:30' };
    const rt = resolutionTime({ tickets: [t] }, { timeZone: 'Europe/Berlin', calendar: weekdays });
    expect(rt.value).toBe(11 * H);
    // First response after 1.5 business hours: within a 2 h target although 40.5 h of calendar time passed.
    const sla = slaCompliance(
      { tickets: [t] },
      { timeZone: 'Europe/Berlin', calendar: weekdays, asOf: '2024-12-31 00:00', targets: { firstResponseMs: 2 * H } },
    );
    expect(sla.firstResponse.met).toBe(1);
    expect(
      slaCompliance({ tickets: [t] }, { timeZone: 'Europe/Berlin', asOf: '2024-12-31 00:00', targets: { firstResponseMs: 2 * H } }).firstResponse.breached,
    ).toBe(1);
    // The week of 23–27 Dec has 4 working days (the 25th is a holiday) = 36 business hours.
    const tph = ticketsPerHour({ tickets: [t] }, { timeZone: 'Europe/Berlin', from: '2024-12-23', to: '2024-12-28', calendar: weekdays });
    expect([tph.hours, tph.handled]).toEqual([36, 1]);
  });

  it('business hours need timestamps; byPeriod carries the calendar through', () => {
    expect(thrown(() => firstResponseTime({ tickets: [{ createdAt: 0, firstResponseMs: H }] }, { calendar: weekdays })).path).toEqual([
      'tickets',
      0,
      'firstResponseAt',
    ]);
    expect(thrown(() => firstResponseTime({ durations: [H] }, { calendar: weekdays })).path).toEqual(['options', 'calendar']);
    const tickets = [
      { createdAt: '2024-11-22 17:00', firstResponseAt: '2024-11-25 10:00' },
      { createdAt: '2024-12-02 09:00', firstResponseAt: '2024-12-02 09:30' },
    ];
    const r = byPeriod(firstResponseTime, tickets, { period: 'month', timeZone: 'Europe/Berlin' }, { timeZone: 'Europe/Berlin', calendar: weekdays });
    expect(r.periods.map((p) => [p.key, p.result.value])).toEqual([
      ['2024-11', 2 * H],
      ['2024-12', 0.5 * H],
    ]);
    expect(r.periods[1]!.change).toEqual({ value: -1.5 * H, relative: -0.75, reason: null });
  });
});
