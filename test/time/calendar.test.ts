import { tzOffset } from '@date-fns/tz';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { type BusinessHoursSpec, businessCalendar, businessDuration, isBusinessCalendar } from '../../src/time/calendar.js';
import { toEpochMs } from '../../src/time/timestamp.js';
import { thrown } from '../helpers.js';

const MIN = 60_000;
const H = 3_600_000;
const DAY = 86_400_000;

type Interval = readonly [string, string];
type Hours = BusinessHoursSpec['hours'];
const NINE_TO_SIX: readonly Interval[] = [['09:00', '18:00']];
const ALL_DAY: readonly Interval[] = [['00:00', '24:00']];
/** The same intervals Monday to Friday. */
const weekdays = (iv: readonly Interval[]): Hours => ({ mon: iv, tue: iv, wed: iv, thu: iv, fri: iv });
/** The same intervals every day of the week. */
const everyDay = (iv: readonly Interval[]): Hours => ({ mon: iv, tue: iv, wed: iv, thu: iv, fri: iv, sat: iv, sun: iv });
/** An instant from a wall time in a zone (the library's own reading of zone-less strings). */
const at = (wall: string, timeZone: string): number => toEpochMs(wall, { timeZone });
/** The UTC date 'YYYY-MM-DD' of an instant. */
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

describe('businessCalendar: worked examples', () => {
  it('created 08:00, first reply 10:00 → 2 h, on a calendar open around the clock', () => {
    // Hand calculation: 10:00 − 08:00 = 2 h, all of it open (docs/metrics.md#firstresponsetime).
    for (const timeZone of ['UTC', 'Europe/Berlin', 'America/New_York']) {
      const cal = businessCalendar({ timeZone, hours: everyDay(ALL_DAY) });
      expect(businessDuration('2024-11-20 08:00', '2024-11-20 10:00', cal), timeZone).toBe(2 * H);
    }
  });

  it('Mon–Fri 09:00–18:00, created Friday 17:00, reply Monday 10:00 → 2 h (docs/metrics.md#business-hours-calendars)', () => {
    // Fri 2024-11-22 17:00 → Mon 2024-11-25 10:00, Europe/Berlin (CET, UTC+1):
    // Friday 17:00–18:00 = 1 h, Saturday and Sunday closed, Monday 09:00–10:00 = 1 h: 2 h.
    const cal = businessCalendar({ timeZone: 'Europe/Berlin', hours: weekdays(NINE_TO_SIX) });
    expect(businessDuration('2024-11-22 17:00', '2024-11-25 10:00', cal)).toBe(2 * H);
    expect(cal.duration(Date.UTC(2024, 10, 22, 16), Date.UTC(2024, 10, 25, 9))).toBe(2 * H);
    expect(businessDuration(new Date(Date.UTC(2024, 10, 22, 16)), '2024-11-25T09:00:00Z', cal)).toBe(2 * H);
  });

  it('skips holidays', () => {
    // Monday 2024-11-25 a holiday: Fri 17–18 (1 h) + Tue 09–10 (1 h) = 2 h; without it the same
    // span would be 1 h + Monday's 9 h + 1 h = 11 h.
    const hours = weekdays(NINE_TO_SIX);
    const open = businessCalendar({ timeZone: 'Europe/Berlin', hours });
    const closed = businessCalendar({ timeZone: 'Europe/Berlin', hours, holidays: ['2024-11-25'] });
    expect(businessDuration('2024-11-22 17:00', '2024-11-26 10:00', open)).toBe(11 * H);
    expect(businessDuration('2024-11-22 17:00', '2024-11-26 10:00', closed)).toBe(2 * H);
    // Inside the holiday nothing counts, and the calendar is closed.
    expect(businessDuration('2024-11-25 00:00', '2024-11-26 00:00', closed)).toBe(0);
    expect(closed.isOpen(at('2024-11-25 12:00', 'Europe/Berlin'))).toBe(false);
    expect(open.isOpen(at('2024-11-25 12:00', 'Europe/Berlin'))).toBe(true);
  });

  it('counts a lunch break as closed (two intervals a day)', () => {
    const cal = businessCalendar({
      timeZone: 'Europe/Berlin',
      hours: weekdays([
        ['09:00', '12:00'],
        ['13:00', '18:00'],
      ]),
    });
    // Wed 2024-11-20 11:00 → 14:00: 11–12 (1 h) + 13–14 (1 h) = 2 h.
    expect(businessDuration('2024-11-20 11:00', '2024-11-20 14:00', cal)).toBe(2 * H);
    // A whole day: 3 h + 5 h = 8 h.
    expect(businessDuration('2024-11-20 00:00', '2024-11-21 00:00', cal)).toBe(8 * H);
    // Inside the break: 0.
    expect(businessDuration('2024-11-20 12:10', '2024-11-20 12:50', cal)).toBe(0);
    expect(cal.isOpen(at('2024-11-20 12:30', 'Europe/Berlin'))).toBe(false);
    expect(cal.isOpen(at('2024-11-20 12:00', 'Europe/Berlin'))).toBe(false); // the end is exclusive
    expect(cal.isOpen(at('2024-11-20 13:00', 'Europe/Berlin'))).toBe(true); // the start is inclusive
  });

  it("accepts '24:00' as an end and counts across midnight", () => {
    const evening = businessCalendar({ timeZone: 'UTC', hours: everyDay([['20:00', '24:00']]) });
    // Mon 22:00 → Tue 21:00: Monday 22–24 (2 h) + Tuesday 20–21 (1 h) = 3 h.
    expect(businessDuration('2024-11-18 22:00', '2024-11-19 21:00', evening)).toBe(3 * H);
    expect(evening.isOpen(Date.UTC(2024, 10, 18, 23, 59, 59, 999))).toBe(true);
    expect(evening.isOpen(Date.UTC(2024, 10, 19, 0))).toBe(false);
    // A night shift: 22:00–24:00 and 00:00–06:00 every day is one stretch across midnight.
    const night = businessCalendar({
      timeZone: 'Europe/Berlin',
      hours: everyDay([
        ['00:00', '06:00'],
        ['22:00', '24:00'],
      ]),
    });
    // 23:00 → 05:00 the next day: 1 h + 5 h = 6 h; 21:00 → 07:00: 2 h + 6 h = 8 h.
    expect(businessDuration('2024-11-18 23:00', '2024-11-19 05:00', night)).toBe(6 * H);
    expect(businessDuration('2024-11-18 21:00', '2024-11-19 07:00', night)).toBe(8 * H);
    expect(night.isOpen(at('2024-11-19 00:00', 'Europe/Berlin'))).toBe(true);
  });

  it('accepts HH:mm:ss', () => {
    const cal = businessCalendar({ timeZone: 'UTC', hours: { mon: [['09:00:30', '09:01:15']] } });
    // 09:00:30 → 09:01:15 is 45 s.
    expect(businessDuration('2024-11-18', '2024-11-19', cal)).toBe(45_000);
  });

  it('handles weekends and closed weekdays (missing key or [])', () => {
    const cal = businessCalendar({ timeZone: 'UTC', hours: { ...weekdays(NINE_TO_SIX), wed: [] } });
    // Mon 2024-11-18 00:00 → Mon 2024-11-25 00:00: Mon, Tue, Thu, Fri × 9 h = 36 h.
    expect(businessDuration('2024-11-18', '2024-11-25', cal)).toBe(36 * H);
    expect(cal.isOpen(Date.UTC(2024, 10, 20, 10))).toBe(false); // Wednesday
    expect(cal.isOpen(Date.UTC(2024, 10, 23, 10))).toBe(false); // Saturday
    expect(cal.isOpen(Date.UTC(2024, 10, 21, 10))).toBe(true); // Thursday
  });
});

describe('businessCalendar: daylight saving time', () => {
  // Local midnights as instants, by hand:
  // Europe/Berlin 2024-03-31 00:00 CET = 03-30T23:00Z; 04-01 00:00 CEST = 03-31T22:00Z → 23 h.
  // Europe/Berlin 2024-10-27 00:00 CEST = 10-26T22:00Z; 10-28 00:00 CET = 10-27T23:00Z → 25 h.
  // America/New_York 2024-03-10 00:00 EST = 05:00Z; 03-11 00:00 EDT = 04:00Z → 23 h.
  // America/New_York 2024-11-03 00:00 EDT = 04:00Z; 11-04 00:00 EST = 05:00Z → 25 h.
  const days = [
    { timeZone: 'Europe/Berlin', day: '2024-03-31', next: '2024-04-01', from: Date.UTC(2024, 2, 30, 23), to: Date.UTC(2024, 2, 31, 22), hours: 23 },
    { timeZone: 'Europe/Berlin', day: '2024-10-27', next: '2024-10-28', from: Date.UTC(2024, 9, 26, 22), to: Date.UTC(2024, 9, 27, 23), hours: 25 },
    { timeZone: 'America/New_York', day: '2024-03-10', next: '2024-03-11', from: Date.UTC(2024, 2, 10, 5), to: Date.UTC(2024, 2, 11, 4), hours: 23 },
    { timeZone: 'America/New_York', day: '2024-11-03', next: '2024-11-04', from: Date.UTC(2024, 10, 3, 4), to: Date.UTC(2024, 10, 4, 5), hours: 25 },
  ];

  it('24-hour days last 23 h and 25 h: business time equals real elapsed time', () => {
    for (const d of days) {
      const cal = businessCalendar({ timeZone: d.timeZone, hours: everyDay(ALL_DAY) });
      expect(at(d.day, d.timeZone)).toBe(d.from);
      expect(at(d.next, d.timeZone)).toBe(d.to);
      expect(businessDuration(d.day, d.next, cal), `${d.timeZone} ${d.day}`).toBe(d.hours * H);
      // Across the change, from noon the day before to noon the day after: the real elapsed time
      // (24 h + the 23 h or 25 h from noon to noon across the change).
      const a = at(`${isoDate(Date.parse(d.day) - DAY)} 12:00`, d.timeZone);
      const b = at(`${d.next} 12:00`, d.timeZone);
      expect(cal.duration(a, b)).toBe(b - a);
      expect(b - a).toBe((d.hours + 24) * H);
    }
  });

  it('00:00–06:00 lasts 5 h on the spring-forward day and 7 h on the fall-back day (Europe/Berlin)', () => {
    const cal = businessCalendar({ timeZone: 'Europe/Berlin', hours: everyDay([['00:00', '06:00']]) });
    // 00:00 CET (23:00Z) → 06:00 CEST (04:00Z) = 5 h; 00:00 CEST (22:00Z) → 06:00 CET (05:00Z) = 7 h.
    expect(businessDuration('2024-03-31', '2024-04-01', cal)).toBe(5 * H);
    expect(businessDuration('2024-10-27', '2024-10-28', cal)).toBe(7 * H);
    expect(businessDuration('2024-03-30', '2024-03-31', cal)).toBe(6 * H);
  });

  it('a 09:00–18:00 day stays 9 h when the change happens at night', () => {
    for (const d of days) {
      const cal = businessCalendar({ timeZone: d.timeZone, hours: everyDay(NINE_TO_SIX) });
      expect(businessDuration(d.day, d.next, cal), `${d.timeZone} ${d.day}`).toBe(9 * H);
      // A week around it: 7 × 9 h.
      expect(cal.duration(d.from - 3 * DAY, d.to + 3 * DAY)).toBe(7 * 9 * H);
    }
  });

  it('moves wall times in a gap forward and takes the earlier of repeated ones (utcOfWall)', () => {
    // Europe/Berlin 2024-03-31: 02:00 → 03:00. 02:30 does not exist; it is read as 03:30 CEST
    // (01:30Z), so 02:30–04:00 opens at 03:30 CEST and lasts until 04:00 CEST: 30 min.
    const gap = businessCalendar({ timeZone: 'Europe/Berlin', hours: { sun: [['02:30', '04:00']] } });
    expect(businessDuration('2024-03-31', '2024-04-01', gap)).toBe(30 * MIN);
    expect(gap.isOpen(Date.UTC(2024, 2, 31, 1, 29))).toBe(false);
    expect(gap.isOpen(Date.UTC(2024, 2, 31, 1, 30))).toBe(true);
    // 2024-10-27: 03:00 CEST → 02:00 CET. 02:30 happens twice; the earlier is 00:30Z, and 06:00 CET
    // is 05:00Z: 02:30–06:00 lasts 4.5 h.
    const repeated = businessCalendar({ timeZone: 'Europe/Berlin', hours: { sun: [['02:30', '06:00']] } });
    expect(businessDuration('2024-10-27', '2024-10-28', repeated)).toBe(4.5 * H);
    // Intervals that the gap makes overlap are merged: 02:00–02:30 becomes 03:00–03:30 CEST, inside
    // 03:00–04:00; the union, 03:00–04:00 CEST, is 1 h (not 1.5 h).
    const merged = businessCalendar({
      timeZone: 'Europe/Berlin',
      hours: {
        sun: [
          ['02:00', '02:30'],
          ['03:00', '04:00'],
        ],
      },
    });
    expect(businessDuration('2024-03-31', '2024-04-01', merged)).toBe(1 * H);
    expect(businessDuration('2024-03-24', '2024-03-25', merged)).toBe(1.5 * H);
  });

  it('handles a date a zone skipped entirely (Pacific/Apia, 2011-12-30)', () => {
    // Samoa moved from UTC−10 to UTC+14: Thursday 2011-12-29 23:59:59 was followed by Saturday
    // 2011-12-31 00:00, so Friday the 30th has no instant at all.
    const all = businessCalendar({ timeZone: 'Pacific/Apia', hours: everyDay(ALL_DAY) });
    const a = at('2011-12-29 12:00', 'Pacific/Apia');
    const b = at('2011-12-31 12:00', 'Pacific/Apia');
    // 12 h of the 29th and 12 h of the 31st.
    expect(b - a).toBe(24 * H);
    expect(all.duration(a, b)).toBe(24 * H);
    const fridays = businessCalendar({ timeZone: 'Pacific/Apia', hours: { fri: ALL_DAY } });
    expect(fridays.duration(a - 7 * DAY, b + 7 * DAY)).toBe(2 * 24 * H); // the Fridays 12-23 and 01-06 only
  });
});

/** Days since 1970-01-01 of a UTC date → its weekday, 0 = Sunday (the Date convention). */
const utcWeekday = (day: number): number => new Date(day * DAY).getUTCDay();

describe('businessCalendar: long spans', () => {
  const tenYears = { from: Date.UTC(2014, 0, 1), to: Date.UTC(2024, 0, 1) };
  /** Monday to Friday dates in [from, to) by a simple loop (independent of the library). */
  const openWeekdays = (from: number, to: number, holidays: readonly string[] = []): number => {
    let count = 0;
    for (let t = from; t < to; t += DAY) {
      const wd = new Date(t).getUTCDay();
      if (wd >= 1 && wd <= 5 && !holidays.includes(new Date(t).toISOString().slice(0, 10))) count++;
    }
    return count;
  };

  it('a ten-year span equals open weekdays × 9 h (UTC), at any shift of its ends', () => {
    const cal = businessCalendar({ timeZone: 'UTC', hours: weekdays(NINE_TO_SIX) });
    const count = openWeekdays(tenYears.from, tenYears.to);
    // 3652 dates (10 × 365 + 2 leap days) = 521 whole weeks (2605 weekdays) + the last 5 dates,
    // Wed 2023-12-27 … Sun 12-31, of which 3 are weekdays: 2608.
    expect(count).toBe(2608);
    expect(cal.duration(tenYears.from, tenYears.to)).toBe(count * 9 * H);
    // Moving both ends by i minutes into closed time (midnight on a Wednesday / a Sunday) changes nothing.
    for (let i = 0; i < 200; i++) expect(cal.duration(tenYears.from + i * MIN, tenYears.to - i * MIN)).toBe(count * 9 * H);
  });

  it('a ten-year span in Europe/Berlin with holidays: DST outside the hours changes nothing', () => {
    const holidays = ['2016-12-26', '2019-05-01', '2020-12-25', '2023-10-03'];
    const cal = businessCalendar({ timeZone: 'Europe/Berlin', hours: weekdays(NINE_TO_SIX), holidays });
    // All four holidays fall on weekdays (Mon, Wed, Fri, Tue): 2608 − 4 = 2604 open dates.
    expect(openWeekdays(tenYears.from, tenYears.to, holidays)).toBe(2604);
    expect(businessDuration('2014-01-01', '2024-01-01', cal)).toBe(2604 * 9 * H);
  });

  it('spans longer than the lookup table (to a year-9999 timestamp) stay exact', () => {
    const cal = businessCalendar({ timeZone: 'UTC', hours: weekdays(NINE_TO_SIX) });
    const from = Date.UTC(2024, 0, 1); // a Monday
    const to = Date.UTC(9999, 11, 31); // a Friday
    // Dates in [from, to): whole weeks × 5 weekdays + the weekdays of the remainder, counted.
    const days = (to - from) / DAY;
    let count = Math.floor(days / 7) * 5;
    for (let d = from / DAY + Math.floor(days / 7) * 7; d < to / DAY; d++) if (utcWeekday(d) % 6 !== 0) count++;
    expect(utcWeekday(from / DAY)).toBe(1);
    expect(cal.duration(from, to)).toBe(count * 9 * H);
    // Split anywhere, the parts add up (the far part is computed in closed form).
    const mid = Date.UTC(5000, 5, 15, 12);
    expect(cal.duration(from, mid) + cal.duration(mid, to)).toBe(count * 9 * H);
    // Near-by spans are unaffected; far instants are still open or closed as their weekday says.
    expect(businessDuration('2024-11-22 17:00', '2024-11-25 10:00', cal)).toBe(2 * H);
    expect(cal.isOpen(mid)).toBe(utcWeekday(Math.floor(mid / DAY)) % 6 !== 0);
    expect(cal.isOpen(mid + 12 * H)).toBe(false);
  });
});

describe('businessCalendar: long spans in closed form (DST, holidays, any era)', () => {
  /** Instants of years before 100 (Date.UTC reads 0–99 as 19xx). */
  const utcYear = (year: number, month = 0, day = 1): number => {
    const d = new Date(0);
    d.setUTCFullYear(year, month, day);
    return d.getTime();
  };

  it('open around the clock in Europe/Berlin, 0001 → 9999: business time is the real elapsed time, less the holidays', () => {
    const holidays = ['2024-03-31', '2424-10-27', '0500-06-01'];
    const cal = businessCalendar({ timeZone: 'Europe/Berlin', hours: everyDay(ALL_DAY), holidays });
    const from = utcYear(1);
    const to = Date.UTC(9999, 11, 31);
    // Every instant is open but the holidays, which last (local midnight to midnight): 2024-03-31,
    // spring forward, 23 h; 2424-10-27 (400 years later: the same weekday, the last Sunday of
    // October, fall back) 25 h; 0500-06-01, local mean time +00:53:28 all year, 24 h.
    const t0 = performance.now();
    expect(cal.duration(from, to)).toBe(to - from - (23 + 25 + 24) * H);
    // In closed form: far under a second for 10,000 years (a day-by-day sum took seconds).
    expect(performance.now() - t0).toBeLessThan(2000);
    // Up to 2024-03-31T00:00Z = 01:00 CET on the holiday: 0500-06-01 (24 h) and, of 2024-03-31,
    // only 00:00–01:00 CET (1 h) lie in the span.
    expect(cal.duration(from, Date.UTC(2024, 2, 31))).toBe(Date.UTC(2024, 2, 31) - from - (24 + 1) * H);
  });

  it('Sundays 00:00–06:00 in Europe/Berlin: the DST hours in 2024, 2424 and 9624 (whole 400-year cycles apart)', () => {
    const sundays = { sun: [['00:00', '06:00']] as Interval[] };
    // 2024 has 52 Sundays (Jan 7 … Dec 29); on Mar 31 the night loses an hour (5 h), on Oct 27 it
    // gains one (7 h): 52 × 6 h − 1 h + 1 h = 312 h. 400 Gregorian years are 20,871 whole weeks, so
    // 2424 and 9624 fall on the same weekdays, and the EU rule (last Sundays of March and October)
    // gives the same changes.
    for (const year of [2024, 2424, 9624]) {
      const cal = businessCalendar({ timeZone: 'Europe/Berlin', hours: sundays });
      expect(businessDuration(`${year}-01-01`, `${year + 1}-01-01`, cal), String(year)).toBe(312 * H);
    }
    // 2024 to 9624 at once (closed form) = the 2024 year … 9623 summed: 19 cycles of 400 years and 0 days.
    const cal = businessCalendar({ timeZone: 'Europe/Berlin', hours: sundays });
    const year2024 = businessDuration('2024-01-01', '2025-01-01', cal);
    const cycle = businessDuration('2024-01-01', '2424-01-01', businessCalendar({ timeZone: 'Europe/Berlin', hours: sundays }));
    expect(businessDuration('2024-01-01', '9624-01-01', cal)).toBe(19 * cycle);
    // A cycle of 400 years: 20,871 Sundays × 6 h, and each year's spring and fall changes cancel.
    expect(cycle).toBe(20_871 * 6 * H);
    expect(year2024).toBe(312 * H);
  });

  it('the closed form equals the day-by-day table (random calendars, DST zones, spans of 12–40 years anywhere in 0001–9999)', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kathmandu', 'Europe/London'] as const;
    // Any quarter hour, including inside DST gaps and repeated hours.
    const marks = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((ms) => {
      const sorted = [...ms].sort((x, y) => x - y);
      const out: Interval[] = [];
      for (let i = 0; i + 1 < sorted.length; i += 2) out.push([hhmm((sorted[i] as number) * 15), hhmm((sorted[i + 1] as number) * 15)]);
      return out;
    });
    const arb = fc.record({
      timeZone: fc.constantFrom(...zones),
      week: fc.array(marks, { minLength: 7, maxLength: 7 }),
      // Start anywhere from year 1 to 9950 (in days since 1970), to the minute.
      startMinute: fc.integer({ min: Math.ceil(utcYear(1) / MIN), max: Math.floor(Date.UTC(9950, 0, 1) / MIN) }),
      spanDays: fc.integer({ min: 12 * 366, max: 40 * 366 }),
      holidayOffsets: fc.uniqueArray(fc.integer({ min: -5, max: 40 * 366 }), { maxLength: 12 }),
      // And a few anywhere in 0001–9999 (mostly outside the span).
      farHolidays: fc.uniqueArray(fc.integer({ min: Math.ceil(utcYear(1) / DAY), max: Math.floor(Date.UTC(9999, 11, 31) / DAY) }), { maxLength: 3 }),
      split: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    });
    fc.assert(
      fc.property(arb, ({ timeZone, week, startMinute, spanDays, holidayOffsets, farHolidays, split }) => {
        const names = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
        const hours: Record<string, Interval[]> = {};
        names.forEach((n, i) => {
          if ((week[i] as Interval[]).length > 0) hours[n] = week[i] as Interval[];
        });
        if (Object.keys(hours).length === 0) hours['sun'] = [['01:00', '03:00']];
        const a = startMinute * MIN;
        const b = a + spanDays * DAY + 7 * MIN;
        const holidays = [...holidayOffsets.map((d) => a + d * DAY), ...farHolidays.map((d) => d * DAY)]
          .map((t) => new Date(t).toISOString().slice(0, 10))
          .filter((h, i, all) => /^\d{4}-/.test(h) && all.indexOf(h) === i);
        const spec: BusinessHoursSpec = { timeZone, hours, holidays };
        // Fast: one call over the whole span (beyond what the table is grown for at once).
        const fastCal = businessCalendar(spec);
        const fast = fastCal.duration(a, b);
        // Split in three parts on another calendar: the lists it builds grow in turn.
        const mid = Math.floor(a + split * (b - a));
        const quarter = Math.floor((a + mid) / 2);
        const splitCal = businessCalendar(spec);
        const parts = splitCal.duration(quarter, mid) + splitCal.duration(a, quarter) + splitCal.duration(mid, b);
        // Slow reference: the same span in chunks of 997 days, each summed from the day table.
        const slowCal = businessCalendar(spec);
        let slow = 0;
        for (let t = a; t < b; t += 997 * DAY) slow += slowCal.duration(t, Math.min(b, t + 997 * DAY));
        expect(fast).toBe(slow);
        expect(parts).toBe(slow);
      }),
      { numRuns: 60 },
    );
  });
});

describe('BusinessCalendar: serialisation and purity', () => {
  const spec: BusinessHoursSpec = {
    timeZone: 'Europe/Berlin',
    hours: {
      mon: [
        ['09:00', '12:00'],
        ['13:00', '18:00'],
      ],
      fri: [['09:00', '15:00']],
      sat: [],
    },
    holidays: ['2024-12-25'],
  };

  it('toJSON gives the spec back (frozen), and JSON round-trips to an equal calendar', () => {
    const cal = businessCalendar(spec);
    expect(cal.timeZone).toBe('Europe/Berlin');
    expect(cal.toJSON()).toEqual(spec);
    expect(Object.isFrozen(cal.toJSON())).toBe(true);
    expect(Object.isFrozen(cal.toJSON().hours.mon?.[0])).toBe(true);
    expect(Object.isFrozen(cal)).toBe(true);
    const again = businessCalendar(JSON.parse(JSON.stringify(cal)) as BusinessHoursSpec);
    expect(again.toJSON()).toEqual(spec);
    const a = Date.UTC(2024, 10, 1);
    const b = Date.UTC(2025, 0, 31);
    expect(again.duration(a, b)).toBe(cal.duration(a, b));
    // Without holidays, none is added.
    expect('holidays' in businessCalendar({ timeZone: 'UTC', hours: { mon: NINE_TO_SIX } }).toJSON()).toBe(false);
  });

  it('does not mutate the spec, nor depend on it later', () => {
    const copy = structuredClone(spec) as unknown as { hours: { mon: [string, string][] }; holidays: string[] };
    const before = JSON.stringify(copy);
    const cal = businessCalendar(copy as unknown as BusinessHoursSpec);
    expect(JSON.stringify(copy)).toBe(before);
    const d = cal.duration(Date.UTC(2024, 10, 1), Date.UTC(2024, 11, 31));
    copy.hours.mon[0] = ['00:00', '01:00'];
    copy.holidays.push('2024-12-02');
    expect(cal.duration(Date.UTC(2024, 10, 1), Date.UTC(2024, 11, 31))).toBe(d);
    expect(cal.toJSON()).toEqual(spec);
  });

  it('gives the same answers whatever order it is asked in (the table is only a cache)', () => {
    const pairs = [
      [Date.UTC(2030, 0, 1), Date.UTC(2030, 2, 1)],
      [Date.UTC(2001, 3, 1), Date.UTC(2002, 3, 1)],
      [Date.UTC(2024, 9, 20), Date.UTC(2024, 10, 3)],
      [Date.UTC(1980, 0, 1), Date.UTC(2050, 0, 1)],
    ] as const;
    const forward = businessCalendar(spec);
    const results = pairs.map(([a, b]) => forward.duration(a, b));
    const backward = businessCalendar(spec);
    const reversed = [...pairs]
      .reverse()
      .map(([a, b]) => backward.duration(a, b))
      .reverse();
    expect(reversed).toEqual(results);
  });
});

describe('businessDuration', () => {
  const cal = businessCalendar({ timeZone: 'America/New_York', hours: weekdays(NINE_TO_SIX) });

  it('reads zone-less strings in the calendar zone, and instants as they are', () => {
    // Wed 2024-11-20 09:00 EST = 14:00Z; 10:30 EST = 15:30Z: 1.5 h.
    expect(businessDuration('2024-11-20 09:00', '2024-11-20 10:30', cal)).toBe(1.5 * H);
    expect(businessDuration('2024-11-20T14:00:00Z', Date.UTC(2024, 10, 20, 15, 30), cal)).toBe(1.5 * H);
    expect(businessDuration(new Date(Date.UTC(2024, 10, 20, 14)), '2024-11-20T10:30:00-05:00', cal)).toBe(1.5 * H);
    // end = start → 0.
    expect(businessDuration('2024-11-20 10:00', '2024-11-20 10:00', cal)).toBe(0);
    // Fractions of a millisecond are kept: 09:00:00.0005 → .0015 is 1 ms, all open; from
    // 08:59:59.9995 (closed) to 09:00:00.0005 only the 0.5 ms after 09:00 count.
    expect(businessDuration('2024-11-20 09:00:00.0005', '2024-11-20 09:00:00.0015', cal)).toBeCloseTo(1, 9);
    expect(businessDuration('2024-11-20 08:59:59.9995', '2024-11-20 09:00:00.0005', cal)).toBeCloseTo(0.5, 9);
  });

  it('rejects an end before the start, bad timestamps and a bad calendar', () => {
    const e = thrown(() => businessDuration('2024-11-20 10:00', '2024-11-20 09:00', cal));
    expect(e.code).toBe('inconsistent');
    expect(e.path).toEqual(['end']);
    expect(e.message).toBe('businessDuration: end (2024-11-20T14:00:00.000Z) must not be before start (2024-11-20T15:00:00.000Z)');
    const cases: [unknown, unknown, string, (string | number)[]][] = [
      ['2024-13-01', '2024-11-20', 'invalid_value', ['start']],
      ['2024-11-20', 'soon', 'invalid_value', ['end']],
      [null, '2024-11-20', 'invalid_type', ['start']],
      ['2024-11-20', NaN, 'not_finite', ['end']],
      [1e16, '2024-11-20', 'out_of_range', ['start']],
      ['2024-11-20', 8.63e15, 'out_of_range', ['end']],
      [new Date(NaN), '2024-11-20', 'invalid_value', ['start']],
    ];
    for (const [start, end, code, path] of cases) {
      const err = thrown(() => businessDuration(start as string, end as string, cal));
      expect([err.code, err.path], String(start) + ' ' + String(end)).toEqual([code, path]);
      expect(err.fn).toBe('businessDuration');
    }
    for (const bad of [null, {}, { timeZone: 'UTC' }, { timeZone: 'UTC', hours: { mon: NINE_TO_SIX } }]) {
      const err = thrown(() => businessDuration('2024-11-20', '2024-11-21', bad as never));
      expect([err.code, err.path]).toEqual(['invalid_type', ['calendar']]);
    }
  });

  it('rejects an object that only looks like a calendar, even a frozen copy of a real one', () => {
    const custom = { timeZone: 'UTC', duration: (a: number, b: number) => (b - a) / 2, isOpen: () => true, toJSON: () => ({ timeZone: 'UTC', hours: {} }) };
    const lookalikes: unknown[] = [custom, { duration: () => -5 }, Object.freeze({ ...cal }), Object.create(cal) as unknown, JSON.parse(JSON.stringify(cal))];
    for (const bad of lookalikes) {
      const err = thrown(() => businessDuration('2024-11-20 00:00', '2024-11-20 02:00', bad as never));
      expect([err.code, err.path]).toEqual(['invalid_type', ['calendar']]);
      expect(isBusinessCalendar(bad)).toBe(false);
    }
    expect(isBusinessCalendar(cal)).toBe(true);
  });
});

describe('BusinessCalendar.duration and isOpen: arguments', () => {
  const cal = businessCalendar({ timeZone: 'UTC', hours: weekdays(NINE_TO_SIX) });

  it('gives 0 when end <= start', () => {
    const t = Date.UTC(2024, 10, 20, 10);
    expect(cal.duration(t, t)).toBe(0);
    expect(cal.duration(t + H, t)).toBe(0);
  });

  it('rejects non-finite, non-number and out-of-range instants', () => {
    const cases: [unknown, unknown, string, string[]][] = [
      [NaN, 0, 'not_finite', ['startMs']],
      [0, Infinity, 'not_finite', ['endMs']],
      [-Infinity, 0, 'not_finite', ['startMs']],
      ['0', 1, 'invalid_type', ['startMs']],
      [0, null, 'invalid_type', ['endMs']],
      [0, 9e15, 'out_of_range', ['endMs']],
      [-8.61e15, 0, 'out_of_range', ['startMs']],
    ];
    for (const [a, b, code, path] of cases) {
      const e = thrown(() => cal.duration(a as number, b as number));
      expect([e.code, e.path, e.fn]).toEqual([code, path, 'BusinessCalendar.duration']);
    }
    const e = thrown(() => cal.isOpen(NaN));
    expect([e.code, e.path, e.fn]).toEqual(['not_finite', ['ms'], 'BusinessCalendar.isOpen']);
    expect(thrown(() => cal.isOpen(-9e15)).code).toBe('out_of_range');
  });

  it('works at the ends of its range (±8.6e15 ms), in a zone with DST too', () => {
    // 8.6e15 = 99,537,037 × 86,400,000 + 3,200,000: 00:53:20 UTC of a date Date calls a Tuesday.
    expect(8.6e15 % DAY).toBe(3_200_000);
    expect(new Date(8.6e15).getUTCDay()).toBe(2);
    const midnight = 8.6e15 - 3_200_000;
    expect(cal.isOpen(8.6e15)).toBe(false);
    expect(cal.isOpen(midnight - 7 * DAY + 10 * H)).toBe(true); // the Tuesday before, 10:00
    // Any 7 × 24 h in UTC hold each weekday's hours once: 5 × 9 h.
    expect(cal.duration(midnight - 7 * DAY + 5 * MIN, 8.6e15)).toBe(5 * 9 * H);
    expect(cal.duration(-8.6e15, -8.6e15 + 7 * DAY)).toBe(5 * 9 * H);
    // Around the clock in a zone with DST, each end on a fresh calendar: the real elapsed time.
    const all = { timeZone: 'Europe/Berlin', hours: everyDay(ALL_DAY) };
    expect(businessCalendar(all).duration(8.6e15 - 2 * DAY, 8.6e15)).toBe(2 * DAY);
    expect(businessCalendar(all).duration(-8.6e15, -8.6e15 + 2 * DAY)).toBe(2 * DAY);
    expect(businessCalendar(all).isOpen(-8.6e15)).toBe(true);
  });
});

describe('businessCalendar: validation', () => {
  const W = NINE_TO_SIX;
  const cases: [string, unknown, string, (string | number)[]][] = [
    ['not an object', null, 'invalid_type', []],
    ['an array', [], 'invalid_type', []],
    ['unknown field', { timeZone: 'UTC', hours: { mon: W }, holiday: [] }, 'invalid_value', ['holiday']],
    ['unknown weekday', { timeZone: 'UTC', hours: { mon: W, monday: W } }, 'invalid_value', ['hours', 'monday']],
    ['no timeZone', { hours: { mon: W } }, 'missing', ['timeZone']],
    ['unknown timeZone', { timeZone: 'Mars/Olympus_Mons', hours: { mon: W } }, 'invalid_value', ['timeZone']],
    ['timeZone not a string', { timeZone: 1, hours: { mon: W } }, 'invalid_type', ['timeZone']],
    ['no hours', { timeZone: 'UTC' }, 'missing', ['hours']],
    ['hours not an object', { timeZone: 'UTC', hours: [W] }, 'invalid_type', ['hours']],
    ['a day not an array', { timeZone: 'UTC', hours: { mon: '09:00-18:00' } }, 'invalid_type', ['hours', 'mon']],
    ['an interval not a pair', { timeZone: 'UTC', hours: { mon: [['09:00']] } }, 'invalid_type', ['hours', 'mon', 0]],
    ['H:mm', { timeZone: 'UTC', hours: { mon: [['9:00', '18:00']] } }, 'invalid_value', ['hours', 'mon', 0, 0]],
    ['minutes 60', { timeZone: 'UTC', hours: { mon: [['09:60', '18:00']] } }, 'invalid_value', ['hours', 'mon', 0, 0]],
    ['hour 25', { timeZone: 'UTC', hours: { mon: [['09:00', '25:00']] } }, 'invalid_value', ['hours', 'mon', 0, 1]],
    ['24:30', { timeZone: 'UTC', hours: { mon: [['09:00', '24:30']] } }, 'invalid_value', ['hours', 'mon', 0, 1]],
    ['24:00 as a start', { timeZone: 'UTC', hours: { mon: [['24:00', '24:00']] } }, 'invalid_value', ['hours', 'mon', 0, 0]],
    ['a number', { timeZone: 'UTC', hours: { mon: [[9, '18:00']] } }, 'invalid_type', ['hours', 'mon', 0, 0]],
    ['seconds 60', { timeZone: 'UTC', hours: { mon: [['09:00', '17:59:60']] } }, 'invalid_value', ['hours', 'mon', 0, 1]],
    ['start after end', { timeZone: 'UTC', hours: { mon: [['18:00', '09:00']] } }, 'inconsistent', ['hours', 'mon', 0]],
    ['start = end', { timeZone: 'UTC', hours: { mon: [['09:00', '09:00']] } }, 'inconsistent', ['hours', 'mon', 0]],
    [
      'overlap',
      {
        timeZone: 'UTC',
        hours: {
          tue: [
            ['09:00', '12:00'],
            ['11:00', '18:00'],
          ],
        },
      },
      'inconsistent',
      ['hours', 'tue', 1],
    ],
    [
      'unsorted',
      {
        timeZone: 'UTC',
        hours: {
          sun: [
            ['13:00', '18:00'],
            ['09:00', '12:00'],
          ],
        },
      },
      'inconsistent',
      ['hours', 'sun', 1],
    ],
    ['holidays not an array', { timeZone: 'UTC', hours: { mon: W }, holidays: '2024-12-25' }, 'invalid_type', ['holidays']],
    ['Feb 30', { timeZone: 'UTC', hours: { mon: W }, holidays: ['2024-12-25', '2024-02-30'] }, 'invalid_value', ['holidays', 1]],
    ['Feb 29 of a common year', { timeZone: 'UTC', hours: { mon: W }, holidays: ['2023-02-29'] }, 'invalid_value', ['holidays', 0]],
    ['month 13', { timeZone: 'UTC', hours: { mon: W }, holidays: ['2024-13-01'] }, 'invalid_value', ['holidays', 0]],
    ['no zero padding', { timeZone: 'UTC', hours: { mon: W }, holidays: ['2024-1-5'] }, 'invalid_value', ['holidays', 0]],
    ['a timestamp', { timeZone: 'UTC', hours: { mon: W }, holidays: ['2024-01-05T00:00'] }, 'invalid_value', ['holidays', 0]],
    ['a Date', { timeZone: 'UTC', hours: { mon: W }, holidays: [new Date(0)] }, 'invalid_type', ['holidays', 0]],
    ['no open time', { timeZone: 'UTC', hours: {} }, 'invalid_value', ['hours']],
    ['only empty days', { timeZone: 'UTC', hours: { mon: [], sat: [] } }, 'invalid_value', ['hours']],
  ];
  for (const [name, spec, code, path] of cases) {
    it(`${name} → ${code} at [${path.join(', ')}]`, () => {
      const e = thrown(() => businessCalendar(spec as BusinessHoursSpec));
      expect(e).toBeInstanceOf(KpiInputError);
      expect(e.fn).toBe('businessCalendar');
      expect(e.code).toBe(code);
      expect(e.path).toEqual(path);
    });
  }

  it('accepts adjacent intervals, 24:00:00, leap days and years before 100', () => {
    const cal = businessCalendar({
      timeZone: 'UTC',
      hours: {
        mon: [
          ['09:00', '12:00'],
          ['12:00', '24:00:00'],
        ],
      },
      holidays: ['2024-02-29', '0050-01-03'],
    });
    // Monday 2024-11-18: 09:00–24:00 = 15 h.
    expect(businessDuration('2024-11-18', '2024-11-19', cal)).toBe(15 * H);
    // Monday 2024-02-26 … Monday 2024-03-04 (Feb 29 is a Thursday, closed anyway): 2 × 15 h.
    expect(businessDuration('2024-02-26', '2024-03-05', cal)).toBe(30 * H);
  });

  it('says what is wrong, and lists every problem', () => {
    const e = thrown(() => businessCalendar({ timeZone: 'UTC', hours: {} }));
    expect(e.message).toBe(
      'businessCalendar: hours has no open time on any weekday, so every business duration would be 0: give at least one interval, like { mon: [["09:00", "18:00"]] }',
    );
    const o = thrown(() =>
      businessCalendar({
        timeZone: 'UTC',
        hours: {
          mon: [
            ['09:00', '12:00'],
            ['11:00', '18:00'],
          ],
        },
      }),
    );
    expect(o.message).toBe(
      'businessCalendar: hours.mon[1] (11:00–18:00) starts before the end of hours.mon[0]: the intervals of a day must be sorted and must not overlap',
    );
    const t = thrown(() => businessCalendar({ timeZone: 'UTC', hours: { mon: [['9:00', '18:00']] } }));
    expect(t.message).toBe(
      'businessCalendar: hours.mon[0][0] must be "HH:mm" or "HH:mm:ss" (hours 00–23, minutes and seconds 00–59); "24:00" only as an end, got "9:00"',
    );
    const many = thrown(() =>
      businessCalendar({ timeZone: 'Nowhere', hours: { mon: [['09:00', '25:00']], xyz: [] }, holidays: ['2024-02-30'], extra: 1 } as never),
    );
    expect(many.issues.map((i) => i.path)).toEqual([['extra'], ['timeZone'], ['hours', 'xyz'], ['hours', 'mon', 0, 1], ['holidays', 0]]);
    expect(many.issueCount).toBe(5);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kathmandu'] as const;
/**
 * Interval ends on a quarter-hour grid, but only whole hours between 01:00 and 03:00: there DST
 * changes happen in these zones, and an end strictly inside a gap or a repeated hour is where the
 * wall-clock reading of the reference below and the utcOfWall rule of the calendar are defined to
 * differ (see the DST example tests).
 */
const GRID = Array.from({ length: 97 }, (_, i) => i * 15).filter((m) => !(m > 60 && m < 180 && m % 60 !== 0));
const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const dayIntervals = fc.uniqueArray(fc.constantFrom(...GRID), { maxLength: 6 }).map((marks) => {
  const sorted = [...marks].sort((x, y) => x - y);
  const out: Interval[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) out.push([hhmm(sorted[i] as number), hhmm(sorted[i + 1] as number)]);
  return out;
});
/** DST changes of the zones in 2024 (and an ordinary date), as UTC dates to start spans around. */
const ANCHORS = [
  Date.UTC(2024, 2, 31),
  Date.UTC(2024, 9, 27), // Europe/Berlin
  Date.UTC(2024, 2, 10),
  Date.UTC(2024, 10, 3), // America/New_York
  Date.UTC(2024, 3, 7),
  Date.UTC(2024, 9, 6), // Australia/Sydney
  Date.UTC(2024, 6, 15),
];
const calendarSpec = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    week: fc.array(dayIntervals, { minLength: 7, maxLength: 7 }),
    holidays: fc.uniqueArray(fc.integer({ min: -10, max: 10 }), { maxLength: 4 }),
    anchor: fc.constantFrom(...ANCHORS),
  })
  .map(({ timeZone, week, holidays, anchor }) => {
    const names = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    const hours: Record<string, Interval[]> = {};
    names.forEach((n, i) => {
      if ((week[i] as Interval[]).length > 0) hours[n] = week[i] as Interval[];
    });
    if (Object.keys(hours).length === 0) hours['wed'] = [['09:00', '17:00']];
    const spec: BusinessHoursSpec = { timeZone, hours, holidays: holidays.map((d) => isoDate(anchor + d * DAY)) };
    return { spec, anchor };
  });

/**
 * Whether a calendar is open at an instant, read off the wall clock minute by minute with
 * @date-fns/tz (independent of the calendar's own tables and of ZoneOffsets).
 */
function referenceOpen(spec: BusinessHoursSpec, t: number): boolean {
  const wall = t + tzOffset(spec.timeZone, new Date(t)) * MIN;
  const day = Math.floor(wall / DAY);
  const minute = (wall - day * DAY) / MIN;
  if (spec.holidays?.includes(isoDate(day * DAY))) return false;
  const name = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[utcWeekday(day)] as 'mon';
  for (const [s, e] of spec.hours[name] ?? []) {
    const [sh, sm] = s.split(':').map(Number) as [number, number];
    const [eh, em] = e.split(':').map(Number) as [number, number];
    if (minute >= sh * 60 + sm && minute < eh * 60 + em) return true;
  }
  return false;
}

describe('businessCalendar: properties', () => {
  /** Integer instants within ±6 days of the anchor. */
  const near = (anchor: number) => fc.integer({ min: anchor - 6 * DAY, max: anchor + 6 * DAY });
  const withInstants = calendarSpec.chain(({ spec, anchor }) =>
    fc.record({ spec: fc.constant(spec), xs: fc.array(near(anchor), { minLength: 3, maxLength: 3 }) }),
  );

  it('0 ≤ duration ≤ end − start, and 0 for end ≤ start', () => {
    fc.assert(
      fc.property(withInstants, ({ spec, xs }) => {
        const cal = businessCalendar(spec);
        const [a, b] = xs as [number, number];
        const d = cal.duration(a, b);
        if (b <= a) return d === 0;
        return d >= 0 && d <= b - a;
      }),
      { numRuns: 200 },
    );
  });

  it('is additive: duration(a, c) = duration(a, b) + duration(b, c) for a ≤ b ≤ c', () => {
    fc.assert(
      fc.property(withInstants, ({ spec, xs }) => {
        const cal = businessCalendar(spec);
        const [a, b, c] = [...xs].sort((x, y) => x - y) as [number, number, number];
        expect(cal.duration(a, c)).toBe(cal.duration(a, b) + cal.duration(b, c));
      }),
      { numRuns: 200 },
    );
  });

  it('is additive over long and far spans too (decades apart)', () => {
    const cal = businessCalendar({
      timeZone: 'Europe/Berlin',
      hours: weekdays([
        ['08:00', '12:30'],
        ['13:15', '17:00'],
      ]),
      holidays: ['2025-01-01'],
    });
    const instant = fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2150, 0, 1) });
    fc.assert(
      fc.property(fc.array(instant, { minLength: 3, maxLength: 3 }), (xs) => {
        const [a, b, c] = [...xs].sort((x, y) => x - y) as [number, number, number];
        const whole = cal.duration(a, c);
        expect(whole).toBe(cal.duration(a, b) + cal.duration(b, c));
        expect(whole).toBeLessThanOrEqual(c - a);
      }),
      { numRuns: 30 },
    );
  });

  it('a holiday counts nothing, and the calendar is closed throughout it', () => {
    fc.assert(
      fc.property(calendarSpec, fc.integer({ min: 0, max: 3 }), fc.double({ min: 0, max: 1, noNaN: true }), ({ spec }, k, f) => {
        const holidays = spec.holidays as readonly string[];
        if (holidays.length === 0) return;
        const day = holidays[k % holidays.length] as string;
        const cal = businessCalendar(spec);
        const from = at(day, spec.timeZone);
        const to = at(isoDate(Date.parse(day) + DAY), spec.timeZone);
        expect(cal.duration(from, to)).toBe(0);
        const t = Math.floor(from + f * (to - from - 1));
        expect(cal.isOpen(t)).toBe(false);
        expect(cal.duration(from, t)).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('agrees with a minute-by-minute count of the wall clock (DST zones, spans of up to 3 days)', () => {
    const arb = calendarSpec.chain(({ spec, anchor }) =>
      fc.record({
        spec: fc.constant(spec),
        a: fc.integer({ min: -4 * 1440, max: 3 * 1440 }).map((m) => anchor + m * MIN),
        minutes: fc.integer({ min: 0, max: 3 * 1440 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ spec, a, minutes }) => {
        const cal = businessCalendar(spec);
        let open = 0;
        for (let i = 0; i < minutes; i++) {
          const t = a + i * MIN;
          const ref = referenceOpen(spec, t);
          if (ref) open++;
          if (i % 7 === 0) expect(cal.isOpen(t), new Date(t).toISOString()).toBe(ref);
        }
        expect(cal.duration(a, a + minutes * MIN)).toBe(open * MIN);
      }),
      { numRuns: 80 },
    );
  });
});
