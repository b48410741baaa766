/**
 * One rule for zone-less timestamps wherever a metric takes a business calendar: the `timeZone`
 * option when given, else the calendar's zone, else UTC (docs/metrics.md#time-zones).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstResponseTime, firstResponseTimeAccumulator } from '../../src/support/first-response-time.js';
import { resolutionTime } from '../../src/support/resolution-time.js';
import { slaCompliance, slaComplianceAccumulator } from '../../src/support/sla-compliance.js';
import { ticketsPerHour, ticketsPerHourAccumulator } from '../../src/support/tickets-per-hour.js';
import { businessCalendar } from '../../src/time/calendar.js';
import { toEpochMs } from '../../src/time/timestamp.js';
import { thrown } from '../helpers.js';

const MIN = 60_000;
const H = 3_600_000;
const day = [['09:00', '18:00']] as const;
const berlin = businessCalendar({ timeZone: 'Europe/Berlin', hours: { mon: day, tue: day, wed: day, thu: day, fri: day } });

/** JSON round trip, as a state would travel. */
const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('zone-less timestamps with a calendar: timeZone option > calendar zone > UTC', () => {
  // Friday 2024-03-01, Berlin is UTC+1. Created 08:00, answered 09:05 (local, written without a zone).
  // Read in Berlin: open from 09:00, so 5 min = 300,000 ms of business time.
  // Read as UTC (what happened before): 09:00–10:05 Berlin, all open: 65 min = 3,900,000 ms.
  const ticket = { createdAt: '2024-03-01T08:00:00', firstResponseAt: '2024-03-01T09:05:00', resolvedAt: '2024-03-01T09:05:00', status: 'solved' };

  it('firstResponseTime and resolutionTime read them in the calendar zone', () => {
    expect(firstResponseTime({ tickets: [ticket] }, { calendar: berlin }).value).toBe(5 * MIN);
    expect(resolutionTime({ tickets: [ticket] }, { calendar: berlin }).value).toBe(5 * MIN);
    // An explicit timeZone wins: the exporter wrote UTC wall times, the business hours are Berlin's.
    expect(firstResponseTime({ tickets: [ticket] }, { calendar: berlin, timeZone: 'UTC' }).value).toBe(65 * MIN);
    expect(resolutionTime({ tickets: [ticket] }, { calendar: berlin, timeZone: 'UTC' }).value).toBe(65 * MIN);
    // Without a calendar, UTC as before (calendar time: 65 min either way here).
    expect(firstResponseTime({ tickets: [ticket] }).value).toBe(65 * MIN);
  });

  it('ticketsPerHour reads its window (from, to) in the calendar zone', () => {
    // 08:00–10:00 Berlin is 1 business hour (09:00–10:00); as UTC it would be 09:00–11:00 Berlin, 2 h.
    const window = { from: '2024-03-01 08:00', to: '2024-03-01 10:00' };
    expect(ticketsPerHour({ tickets: [] }, { ...window, calendar: berlin }).hours).toBe(1);
    expect(ticketsPerHour({ tickets: [] }, { ...window, calendar: berlin, timeZone: 'UTC' }).hours).toBe(2);
  });

  it('slaCompliance reads tickets and asOf in the calendar zone', () => {
    // Response target 10 min of business time: 5 min in Berlin (met); 65 min read as UTC (breached).
    const options = { asOf: '2024-03-01 12:00', targets: { firstResponseMs: 10 * MIN } };
    expect(slaCompliance({ tickets: [ticket] }, { ...options, calendar: berlin }).firstResponse.met).toBe(1);
    expect(slaCompliance({ tickets: [ticket] }, { ...options, calendar: berlin, timeZone: 'UTC' }).firstResponse.breached).toBe(1);
    expect(slaCompliance({ tickets: [ticket] }, { ...options, calendar: berlin }).asOf).toBe(Date.UTC(2024, 2, 1, 11));
  });

  it('accumulator states store the zone used, round-trip, and merge with the same zone given explicitly', () => {
    const a = firstResponseTimeAccumulator.create({ calendar: berlin }).addAll([ticket]);
    const json = wire(a.toJSON());
    expect((json as unknown as { options: { timeZone: string } }).options.timeZone).toBe('Europe/Berlin');
    const back = firstResponseTimeAccumulator.fromJSON(json);
    expect(back.result().value).toBe(5 * MIN);
    const explicit = firstResponseTimeAccumulator.create({ calendar: berlin, timeZone: 'Europe/Berlin' }).addAll([ticket]);
    expect(back.merge(explicit).result().n).toBe(2);
    expect(thrown(() => a.merge(firstResponseTimeAccumulator.create({ calendar: berlin, timeZone: 'UTC' }))).code).toBe('incompatible');
    const tph = ticketsPerHourAccumulator.create({ from: '2024-03-01 08:00', to: '2024-03-01 10:00', calendar: berlin });
    expect(ticketsPerHourAccumulator.fromJSON(wire(tph.toJSON())).result().hours).toBe(1);
    const sla = slaComplianceAccumulator.create({ asOf: '2024-03-01 12:00', targets: { firstResponseMs: 10 * MIN }, calendar: berlin }).addAll([ticket]);
    expect(slaComplianceAccumulator.fromJSON(wire(sla.toJSON())).result().firstResponse.met).toBe(1);
  });

  it('a calendar given as its spec (as states hold it) sets the zone too', () => {
    expect(firstResponseTime({ tickets: [ticket] }, { calendar: berlin.toJSON() as never }).value).toBe(5 * MIN);
  });

  it('property: with a calendar and no timeZone, a zone-less ticket counts as the same ticket written with the calendar zone', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe'] as const;
    const wall = fc.integer({ min: Date.UTC(2020, 0, 1) / MIN, max: Date.UTC(2026, 0, 1) / MIN }).map((m) => new Date(m * MIN).toISOString().slice(0, 16));
    fc.assert(
      fc.property(fc.constantFrom(...zones), wall, fc.integer({ min: 0, max: 5 * 24 * 60 }), (timeZone, created, minutes) => {
        const calendar = businessCalendar({ timeZone, hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [['10:00', '14:00']] } });
        const a = toEpochMs(created, { timeZone });
        const t = { createdAt: created, firstResponseAt: new Date(a + minutes * MIN).toISOString() };
        const implicit = firstResponseTime({ tickets: [t] }, { calendar }).value;
        expect(implicit).toBe(firstResponseTime({ tickets: [t] }, { calendar, timeZone }).value);
        expect(implicit).toBe(calendar.duration(a, a + minutes * MIN));
      }),
      { numRuns: 100 },
    );
  });
});

describe('a calendar option must be made by businessCalendar', () => {
  const tickets = [{ createdAt: 0, firstResponseAt: H }];

  it('rejects lookalikes (they could make tickets vanish) with invalid_type at options.calendar', () => {
    const lookalikes: unknown[] = [
      { duration: () => -5 },
      { duration: () => NaN, timeZone: 'UTC' },
      Object.freeze({ ...berlin }),
      Object.create(berlin) as unknown,
      'calendar',
      7,
    ];
    for (const calendar of lookalikes) {
      const e = thrown(() => firstResponseTime({ tickets }, { calendar: calendar as never }));
      expect([e.code, e.path], String(calendar)).toEqual(['invalid_type', ['options', 'calendar']]);
      expect(thrown(() => ticketsPerHour({ tickets }, { from: 0, to: H, calendar: calendar as never })).path).toEqual(['options', 'calendar']);
      expect(thrown(() => slaCompliance({ tickets }, { asOf: H, targets: { firstResponseMs: H }, calendar: calendar as never })).path).toEqual([
        'options',
        'calendar',
      ]);
    }
  });

  it('reports the problems of a spec given as the option at their place in it', () => {
    const e = thrown(() => firstResponseTime({ tickets }, { calendar: { timeZone: 'Mars/Olympus', hours: { mon: day } } as never }));
    expect([e.code, e.path]).toEqual(['invalid_value', ['options', 'calendar', 'timeZone']]);
    expect(e.fn).toBe('firstResponseTime');
  });
});
