import { TZDate } from '@date-fns/tz';
import { addDays, addMonths, addQuarters, addWeeks, format, getQuarter, startOfDay, startOfMonth, startOfQuarter, startOfWeek } from 'date-fns';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PeriodBucketer, type PeriodUnit, periodBucketer, periodOf } from '../../src/time/period.js';
import { thrown } from '../helpers.js';

const H = 3_600_000;
const DAY = 24 * H;
const UNITS: readonly PeriodUnit[] = ['day', 'week', 'month', 'quarter'];
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'] as const;
type WeekStart = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * Bucketers shared by the property runs (one per zone, unit and week start): a bucketer learns its
 * zone's offsets lazily, which costs ~0.2 ms per year of the IANA data, and reusing it also tests
 * that what it caches never changes an answer.
 */
const shared = new Map<string, PeriodBucketer>();
function bucketer(timeZone: string, unit: PeriodUnit, weekStartsOn: WeekStart): PeriodBucketer {
  const id = `${timeZone} ${unit} ${weekStartsOn}`;
  let b = shared.get(id);
  if (b === undefined) {
    b = periodBucketer({ period: unit, timeZone, weekStartsOn });
    shared.set(id, b);
  }
  return b;
}

/** A week start: any for weeks, Monday for the other units (they ignore it). */
const weekStart = (unit: PeriodUnit, ws: number): WeekStart => (unit === 'week' ? (ws as WeekStart) : 1);

/** The period of `ms` as date-fns computes it with a TZDate in `timeZone` (the reference). */
function reference(ms: number, unit: PeriodUnit, timeZone: string, weekStartsOn: WeekStart): { key: string; startMs: number; endMs: number } {
  const d = new TZDate(ms, timeZone);
  switch (unit) {
    case 'day': {
      const start = startOfDay(d);
      return { key: format(start, 'yyyy-MM-dd'), startMs: start.getTime(), endMs: startOfDay(addDays(start, 1)).getTime() };
    }
    case 'week': {
      const start = startOfWeek(d, { weekStartsOn });
      return { key: format(start, 'yyyy-MM-dd'), startMs: start.getTime(), endMs: startOfWeek(addWeeks(start, 1), { weekStartsOn }).getTime() };
    }
    case 'month': {
      const start = startOfMonth(d);
      return { key: format(start, 'yyyy-MM'), startMs: start.getTime(), endMs: startOfMonth(addMonths(start, 1)).getTime() };
    }
    case 'quarter': {
      const start = startOfQuarter(d);
      return { key: `${format(start, 'yyyy')}-Q${getQuarter(start)}`, startMs: start.getTime(), endMs: startOfQuarter(addQuarters(start, 1)).getTime() };
    }
  }
}

describe('periodOf', () => {
  it('follows DST far from today too (no cut-off year): Berlin summer days in 2324 start at 22:00Z', () => {
    // 2324 = 2024 + 300; the EU rule (summer time from the last Sunday of March to the last Sunday of
    // October) holds in every year, so July 1 begins at 00:00 CEST = June 30 22:00 UTC, and
    // January 1 at 00:00 CET = December 31 23:00 UTC.
    expect(periodOf(Date.UTC(2324, 6, 1, 12), { period: 'day', timeZone: 'Europe/Berlin' })).toEqual({
      key: '2324-07-01',
      startMs: Date.UTC(2324, 5, 30, 22),
      endMs: Date.UTC(2324, 6, 1, 22),
    });
    expect(periodOf(Date.UTC(9999, 0, 1, 12), { period: 'day', timeZone: 'Europe/Berlin' }).startMs).toBe(Date.UTC(9998, 11, 31, 23));
    expect(periodOf(Date.UTC(9999, 6, 1, 12), { period: 'month', timeZone: 'Europe/Berlin' }).startMs).toBe(Date.UTC(9999, 5, 30, 22));
  });

  it('labels days, weeks, months and quarters (UTC)', () => {
    // 2024-05-08 is a Wednesday: 2024-01-01 was a Monday; Jan 31 + Feb 29 + Mar 31 + Apr 30 = 121
    // days later, 121 = 17 × 7 + 2, May 1 is a Wednesday, and so is May 8.
    const at = '2024-05-08T10:00:00Z';
    expect(periodOf(at, { period: 'day' })).toEqual({ key: '2024-05-08', startMs: Date.UTC(2024, 4, 8), endMs: Date.UTC(2024, 4, 9) });
    // ISO weeks start on Monday (May 6); weekStartsOn 0: Sunday (May 5); 3: the Wednesday itself; 4: Thursday May 2.
    expect(periodOf(at, { period: 'week' })).toEqual({ key: '2024-05-06', startMs: Date.UTC(2024, 4, 6), endMs: Date.UTC(2024, 4, 13) });
    expect(periodOf(at, { period: 'week', weekStartsOn: 0 }).key).toBe('2024-05-05');
    expect(periodOf(at, { period: 'week', weekStartsOn: 3 }).key).toBe('2024-05-08');
    expect(periodOf(at, { period: 'week', weekStartsOn: 4 }).key).toBe('2024-05-02');
    expect(periodOf(at, { period: 'month' })).toEqual({ key: '2024-05', startMs: Date.UTC(2024, 4, 1), endMs: Date.UTC(2024, 5, 1) });
    // Q2 = April to June: 30 + 31 + 30 = 91 days.
    const q = periodOf(at, { period: 'quarter' });
    expect(q).toEqual({ key: '2024-Q2', startMs: Date.UTC(2024, 3, 1), endMs: Date.UTC(2024, 6, 1) });
    expect(q.endMs - q.startMs).toBe(91 * DAY);
    // A week across the new year keeps the date of its first day: Tuesday 2024-12-31 → Monday 2024-12-30.
    expect(periodOf('2024-12-31', { period: 'week' }).key).toBe('2024-12-30');
    expect(periodOf(Date.UTC(2024, 11, 31), { period: 'quarter' }).key).toBe('2024-Q4');
    expect(periodOf(new Date(Date.UTC(2025, 0, 1)), { period: 'quarter' }).key).toBe('2025-Q1');
  });

  it('knows leap years: February 2024 and 2000 have 29 days, 2023 and 1900 have 28', () => {
    const feb = (year: number): number => {
      const p = periodOf(Date.UTC(year, 1, 10), { period: 'month' });
      return (p.endMs - p.startMs) / DAY;
    };
    expect([feb(2024), feb(2000), feb(2023), feb(1900)]).toEqual([29, 29, 28, 28]);
  });

  it('begins periods at local midnight, across daylight-saving changes', () => {
    const berlin = { timeZone: 'Europe/Berlin' } as const;
    // 2024-03-31: 00:00 CET (UTC+1) = 03-30 23:00Z; clocks jump 02:00 → 03:00; the next midnight is
    // CEST (UTC+2) = 03-31 22:00Z. 22:00Z − 23:00Z (previous day) = 23 h = 82,800,000 ms.
    const spring = periodOf('2024-03-31T12:00:00Z', { period: 'day', ...berlin });
    expect(spring).toEqual({ key: '2024-03-31', startMs: Date.UTC(2024, 2, 30, 23), endMs: Date.UTC(2024, 2, 31, 22) });
    expect(spring.endMs - spring.startMs).toBe(82_800_000);
    // 2024-10-27: 00:00 CEST = 10-26 22:00Z to 00:00 CET = 10-27 23:00Z: 25 h.
    const autumn = periodOf('2024-10-27T12:00:00Z', { period: 'day', ...berlin });
    expect(autumn.endMs - autumn.startMs).toBe(25 * H);
    // March 2024 in Berlin: 00:00 CET 03-01 = 02-29 23:00Z to 00:00 CEST 04-01 = 03-31 22:00Z:
    // 31 days − 1 h.
    const march = periodOf('2024-03-15', { period: 'month', ...berlin });
    expect(march).toEqual({ key: '2024-03', startMs: Date.UTC(2024, 1, 29, 23), endMs: Date.UTC(2024, 2, 31, 22) });
    expect(march.endMs - march.startMs).toBe(31 * DAY - H);
    // New York 2024-03-10: 00:00 EST (UTC−5) = 05:00Z to 00:00 EDT (UTC−4) on 03-11 = 04:00Z: 23 h.
    const ny = periodOf('2024-03-10T12:00:00Z', { period: 'day', timeZone: 'America/New_York' });
    expect(ny).toEqual({ key: '2024-03-10', startMs: Date.UTC(2024, 2, 10, 5), endMs: Date.UTC(2024, 2, 11, 4) });
    // Lord Howe moves by half an hour: 2024-10-06 00:00 (UTC+10:30) = 10-05 13:30Z to 10-07 00:00
    // (UTC+11) = 10-06 13:00Z: 23.5 h.
    const lordHowe = periodOf('2024-10-06T00:00:00Z', { period: 'day', timeZone: 'Australia/Lord_Howe' });
    expect(lordHowe).toEqual({ key: '2024-10-06', startMs: Date.UTC(2024, 9, 5, 13, 30), endMs: Date.UTC(2024, 9, 6, 13) });
    // Kolkata is UTC+05:30 all year: 2024-05-08 00:00 IST = 05-07 18:30Z.
    expect(periodOf('2024-05-08T00:00:00Z', { period: 'day', timeZone: 'Asia/Kolkata' }).startMs).toBe(Date.UTC(2024, 4, 7, 18, 30));
  });

  it('moves a local midnight that falls in a DST gap forward (America/Santiago)', () => {
    // Chile starts DST on Sunday 2024-09-08 at 04:00Z: local midnight (UTC−4) jumps to 01:00 (UTC−3).
    // Saturday 09-07 runs from 00:00−04 = 04:00Z to that jump: 24 h; Sunday from 01:00−03 = 04:00Z
    // to 09-09 00:00−03 = 03:00Z: 23 h.
    const o = { period: 'day', timeZone: 'America/Santiago' } as const;
    const saturday = periodOf(Date.UTC(2024, 8, 8, 3, 59), o);
    expect(saturday).toEqual({ key: '2024-09-07', startMs: Date.UTC(2024, 8, 7, 4), endMs: Date.UTC(2024, 8, 8, 4) });
    const sunday = periodOf(Date.UTC(2024, 8, 8, 4), o);
    expect(sunday).toEqual({ key: '2024-09-08', startMs: Date.UTC(2024, 8, 8, 4), endMs: Date.UTC(2024, 8, 9, 3) });
    // DST ends at 2024-04-07 03:00Z: Saturday 24:00−03 becomes 23:00−04, so Saturday 04-06 lasts
    // from 03:00Z to the midnight that follows, 00:00−04 = 04-07 04:00Z: 25 h.
    const fallBack = periodOf(Date.UTC(2024, 3, 7, 3, 30), o);
    expect(fallBack).toEqual({ key: '2024-04-06', startMs: Date.UTC(2024, 3, 6, 3), endMs: Date.UTC(2024, 3, 7, 4) });
  });

  it('reads zone-less strings in the time zone, and instants as they are', () => {
    // 2024-04-01 00:30 in Berlin (CEST) = 03-31 22:30Z: April there, March in UTC.
    expect(periodOf('2024-04-01 00:30', { period: 'month', timeZone: 'Europe/Berlin' }).key).toBe('2024-04');
    expect(periodOf(Date.UTC(2024, 2, 31, 22, 30), { period: 'month', timeZone: 'Europe/Berlin' }).key).toBe('2024-04');
    expect(periodOf(Date.UTC(2024, 2, 31, 22, 30), { period: 'month' }).key).toBe('2024-03');
    expect(periodOf('2024-03-31T22:30:00Z', { period: 'month', timeZone: 'Europe/Berlin' }).key).toBe('2024-04');
  });

  it('rejects bad timestamps and options', () => {
    expect(thrown(() => periodOf('2024-13-01', { period: 'day' })).path).toEqual(['at']);
    expect(thrown(() => periodOf(NaN, { period: 'day' })).code).toBe('not_finite');
    expect(thrown(() => periodOf(9e15, { period: 'day' })).code).toBe('out_of_range');
    expect(thrown(() => periodOf(0, undefined as never)).path).toEqual(['options']);
    expect(thrown(() => periodOf(0, {} as never)).code).toBe('missing');
    expect(thrown(() => periodOf(0, { period: 'year' } as never)).path).toEqual(['options', 'period']);
    expect(thrown(() => periodOf(0, { period: 'day', timeZone: 'Mars/Olympus' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => periodOf(0, { period: 'day', tz: 'UTC' } as never)).path).toEqual(['options', 'tz']);
    const e = thrown(() => periodOf(0, { period: 'week', weekStartsOn: 7 as never }));
    expect([e.fn, e.code, e.path]).toEqual(['periodOf', 'out_of_range', ['options', 'weekStartsOn']]);
    expect(thrown(() => periodOf(0, { period: 'week', weekStartsOn: 1.5 as never })).code).toBe('not_integer');
    expect(thrown(() => periodOf(0, { period: 'week', weekStartsOn: '1' as never })).code).toBe('invalid_type');
  });
});

describe('periodBucketer', () => {
  it('numbers periods: days and weeks from 1970, months and quarters from year 0', () => {
    // 2024-03-31: 19,723 days from 1970-01-01 to 2024-01-01 (54 years, 13 leap days) + 31 + 29 + 30 = 19,813.
    const days = periodBucketer({ period: 'day' });
    expect(days.indexOf(0)).toBe(0);
    expect(days.indexOf(-1)).toBe(-1);
    expect(days.indexOf(Date.UTC(2024, 2, 31, 12))).toBe(19_813);
    expect(days.period(19_813).key).toBe('2024-03-31');
    // 2024-05 is month 2024 × 12 + 4 = 24,292; 2024-Q2 is quarter 2024 × 4 + 1 = 8,097.
    expect(periodBucketer({ period: 'month' }).indexOf(Date.UTC(2024, 4, 8))).toBe(24_292);
    expect(periodBucketer({ period: 'quarter' }).indexOf(Date.UTC(2024, 4, 8))).toBe(8_097);
    // 1970-01-01 was a Thursday: the ISO week 0 runs from Monday 1969-12-29.
    const weeks = periodBucketer({ period: 'week' });
    expect(weeks.indexOf(0)).toBe(0);
    expect(weeks.period(0).key).toBe('1969-12-29');
    expect([weeks.unit, weeks.timeZone, weeks.weekStartsOn]).toEqual(['week', 'UTC', 1]);
  });

  it('writes years outside 0000–9999 as ISO 8601 does (sign and six digits)', () => {
    // 719,528 days from 0000-01-01 to 1970-01-01 (1970 years, 478 leap days: 1970 × 365 + 478).
    const days = periodBucketer({ period: 'day' });
    expect(days.period(-719_528).key).toBe('0000-01-01');
    expect(days.period(-719_529).key).toBe('-000001-12-31');
    const months = periodBucketer({ period: 'month' });
    expect(months.period(10_000 * 12).key).toBe('+010000-01');
    expect(periodBucketer({ period: 'quarter' }).period(-1).key).toBe('-000001-Q4');
    // The whole range of Date is covered.
    for (const unit of UNITS) {
      const b = periodBucketer({ period: unit, timeZone: 'Europe/Berlin' });
      for (const ms of [-8.64e15, 8.64e15]) {
        const p = b.period(b.indexOf(ms));
        expect(p.startMs <= ms && ms < p.endMs, `${unit} ${ms}`).toBe(true);
      }
    }
    expect(days.period(days.indexOf(8.64e15)).key).toBe('+275760-09-13');
    expect(days.period(days.indexOf(-8.64e15)).key).toBe('-271821-04-20');
  });

  it('rejects instants and ordinals out of range', () => {
    const b = periodBucketer({ period: 'day' });
    expect(thrown(() => b.indexOf(NaN)).code).toBe('not_finite');
    expect(thrown(() => b.indexOf(Infinity)).code).toBe('not_finite');
    expect(thrown(() => b.indexOf(8.64e15 + 1)).code).toBe('out_of_range');
    expect(thrown(() => b.indexOf('0' as never)).code).toBe('invalid_type');
    expect(thrown(() => b.period(1.5)).path).toEqual(['index']);
    expect(thrown(() => b.period('1' as never)).code).toBe('invalid_type');
    expect(thrown(() => b.period(2e8)).code).toBe('out_of_range');
    expect(thrown(() => periodBucketer({ period: 'hour' } as never)).fn).toBe('periodBucketer');
  });

  it('agrees with date-fns (TZDate) on key, start and end, in five zones (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...UNITS),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), { minLength: 1, maxLength: 20 }),
        (timeZone, unit, weekStartsOn, instants) => {
          const ws = weekStart(unit, weekStartsOn);
          const b = bucketer(timeZone, unit, ws);
          for (const ms of instants) {
            const k = b.indexOf(ms);
            expect(b.period(k), `${timeZone} ${unit} ${new Date(ms).toISOString()}`).toEqual(reference(ms, unit, timeZone, ws));
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  it('round-trips: each instant lies in its period, periods are consecutive, the cache changes nothing (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES, 'America/Santiago'),
        fc.constantFrom(...UNITS),
        fc.integer({ min: 0, max: 6 }),
        fc.array(fc.integer({ min: Date.UTC(1890, 0, 1), max: Date.UTC(2130, 0, 1) }), { minLength: 1, maxLength: 30 }),
        (timeZone, unit, weekStartsOn, instants) => {
          const ws = weekStart(unit, weekStartsOn);
          const b = bucketer(timeZone, unit, ws);
          for (const ms of instants) {
            const k = b.indexOf(ms);
            expect(Number.isInteger(k)).toBe(true);
            const p = b.period(k);
            expect(p.startMs <= ms && ms < p.endMs).toBe(true);
            expect(b.period(k + 1).startMs).toBe(p.endMs);
            expect(b.period(k - 1).endMs).toBe(p.startMs);
            expect(b.indexOf(p.startMs)).toBe(k);
            expect(b.indexOf(p.endMs - 1)).toBe(k);
            expect(b.indexOf(p.endMs)).toBe(k + 1);
          }
          // A fresh bucketer (nothing cached) gives the same period.
          const ms = instants[0] as number;
          expect(periodOf(ms, { period: unit, timeZone, weekStartsOn: ws })).toEqual(b.period(b.indexOf(ms)));
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  it('orders periods as it orders instants, over the whole range of Date (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...UNITS),
        fc.integer({ min: -8.64e15, max: 8.64e15 }),
        fc.integer({ min: -8.64e15, max: 8.64e15 }),
        (timeZone, unit, a, c) => {
          const b = bucketer(timeZone, unit, 1);
          const [lo, hi] = a <= c ? [a, c] : [c, a];
          expect(b.indexOf(lo)).toBeLessThanOrEqual(b.indexOf(hi));
          for (const ms of [lo, hi]) {
            const p = b.period(b.indexOf(ms));
            expect(p.startMs <= ms && ms < p.endMs).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
