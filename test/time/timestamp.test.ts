import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimestampReader, readTimestamp, toEpochMs, utcDayStart } from '../../src/time/timestamp.js';
import { ZoneOffsets, isTimeZone } from '../../src/time/zone.js';
import { thrown } from '../helpers.js';

// 2024-10-29T22:00:00Z: 20025 days after 1970-01-01 (54 years incl. 13 leap days = 19723 days to
// 2024-01-01, + 302 days to Oct 29 in a leap year) = 20025 × 86,400,000 + 22 × 3,600,000 ms.
const T = 20025 * 86_400_000 + 22 * 3_600_000;

describe('toEpochMs', () => {
  it('reads the ISO forms a help-desk export writes, all naming the same instant', () => {
    expect(T).toBe(1730239200000);
    for (const s of [
      '2024-10-29T22:00:00Z',
      '2024-10-29T22:00:00.000Z',
      '2024-10-29T22:00Z',
      '2024-10-29 22:00:00',
      '2024-10-29t22:00:00z',
      '2024-10-30T07:00:00+09:00',
      '2024-10-30T07:00:00+0900',
      '2024-10-30T07:00:00+09',
      '2024-10-29T18:30:00-03:30',
    ]) {
      expect(toEpochMs(s), s).toBe(T);
    }
    expect(toEpochMs('2024-10-29')).toBe(T - 22 * 3_600_000);
    expect(toEpochMs(T)).toBe(T);
    expect(toEpochMs(new Date(T))).toBe(T);
  });

  it('keeps fractions of a second, beyond milliseconds too', () => {
    expect(toEpochMs('2024-10-29 22:00:00.5')).toBe(T + 500);
    expect(toEpochMs('2024-10-29 22:00:00,25Z')).toBe(T + 250);
    // 0.744884 s = 744.884 ms (the export writes microseconds).
    expect(toEpochMs('2024-10-29 22:00:00.744884')).toBeCloseTo(T + 744.884, 6);
  });

  it('reads zone-less strings in the timeZone option, across DST changes', () => {
    // Europe/Berlin: CEST (UTC+2) until 2024-10-27 01:00Z, then CET (UTC+1).
    const o = { timeZone: 'Europe/Berlin' };
    expect(toEpochMs('2024-10-29 23:00:00', o)).toBe(T);
    expect(toEpochMs('2024-10-26 12:00', o)).toBe(Date.UTC(2024, 9, 26, 10));
    // 02:30 on 2024-10-27 happens twice (CEST then CET): the earlier instant, 00:30Z.
    expect(toEpochMs('2024-10-27 02:30', o)).toBe(Date.UTC(2024, 9, 27, 0, 30));
    // 02:30 on 2024-03-31 does not exist (clocks jump 02:00 → 03:00): read as 03:30 CEST = 01:30Z.
    expect(toEpochMs('2024-03-31 02:30', o)).toBe(Date.UTC(2024, 2, 31, 1, 30));
    // Asia/Kathmandu is UTC+05:45 all year.
    expect(toEpochMs('2024-10-30 03:45', { timeZone: 'Asia/Kathmandu' })).toBe(T);
    // An explicit zone wins over the option.
    expect(toEpochMs('2024-10-29T22:00:00Z', o)).toBe(T);
  });

  it('reads years before 100 as themselves, not as 19xx', () => {
    // Year 50 is 1920 years before 1970; Date.UTC(50, ...) would mean 1950.
    const d = new Date(0);
    d.setUTCFullYear(50, 0, 1);
    expect(toEpochMs('0050-01-01')).toBe(d.getTime());
  });

  it('rejects what is not a timestamp, naming the field', () => {
    for (const bad of [
      '2024-02-30',
      '2023-02-29',
      '2024-13-01',
      '2024-00-10',
      '2024-10-29 24:00',
      '2024-10-29T22:60',
      '2024-10-29T22:00:61',
      '2024-10-29T22',
      '29/10/2024',
      'Tue Oct 29 2024',
      '2024-10-29T22:00:00.',
      '2024-10-29T22:00:00.1234567890',
      '2024-10-29T22:00:00+2400',
      '2024-10-29T22:00:00+05:60',
      '2024-10-29T22:00:00Zx',
      '',
    ]) {
      const e = thrown(() => toEpochMs(bad));
      expect(e.code, bad).toBe('invalid_value');
      expect(e.path).toEqual([]);
      expect(e.message).toContain('must be an ISO-8601 timestamp');
      // The library's own options name their path and function (readTimestamp, internal).
      const inner = thrown(() => readTimestamp('firstResponseTime', bad, ['tickets', 3, 'createdAt'], 'UTC'));
      expect(inner.path).toEqual(['tickets', 3, 'createdAt']);
      expect(inner.message).toContain('tickets[3].createdAt must be an ISO-8601 timestamp');
    }
    expect(thrown(() => toEpochMs(NaN)).code).toBe('not_finite');
    expect(thrown(() => toEpochMs(9e15)).code).toBe('out_of_range');
    expect(thrown(() => toEpochMs(new Date(NaN))).code).toBe('invalid_value');
    expect(thrown(() => toEpochMs(null)).code).toBe('invalid_type');
    expect(thrown(() => toEpochMs(1n)).code).toBe('invalid_type');
    expect(thrown(() => toEpochMs(0, { timeZone: 'Mars/Olympus' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => toEpochMs(0, { zone: 'UTC' } as never)).path).toEqual(['options', 'zone']);
  });
});

describe('toEpochMs: hostile input', () => {
  it('takes (value, options?) only, and rejects huge or odd options and strings quickly', () => {
    expect(toEpochMs.length).toBeLessThanOrEqual(2);
    const start = performance.now();
    expect(thrown(() => toEpochMs('2024-01-01', new Array(1e8) as never)).path).toEqual(['options']);
    // A fraction of ten million digits: only the first ten are looked at (more than nine is an error).
    expect(thrown(() => toEpochMs(`2024-10-29T22:00:00.${'1'.repeat(1e7)}`)).code).toBe('invalid_value');
    expect(thrown(() => toEpochMs(0, { timeZone: 'x'.repeat(1e6) })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => toEpochMs(Symbol('t') as never)).code).toBe('invalid_type');
    expect(performance.now() - start).toBeLessThan(2000);
    // A null-prototype options object is still an object.
    expect(toEpochMs('2024-10-29 23:00', Object.assign(Object.create(null) as object, { timeZone: 'Europe/Berlin' }))).toBe(T);
  });
});

describe('properties', () => {
  const instant = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) });

  it('toISOString output reads back as the same instant', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        expect(toEpochMs(new Date(ms).toISOString())).toBe(ms);
      }),
    );
  });

  it('a wall time with the offset in force reads back as the instant, in any zone', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'UTC'];
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (ms, zone) => {
        const offsets = new ZoneOffsets(zone);
        const offset = offsets.offsetAt(ms);
        // The offset agrees with Intl (through tzOffset's definition): check against formatToParts.
        const parts = new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
        }).formatToParts(new Date(ms));
        const get = (t: string): number => Number(parts.find((p) => p.type === t)!.value);
        const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
        expect(wall - Math.floor(ms / 1000) * 1000).toBe(offset * 60_000);
        // Reading that wall time in the zone gives the instant back (or, in a repeated hour, the
        // earlier of the two instants with that wall time).
        const text = new Date(wall).toISOString().slice(0, 19);
        const back = new TimestampReader(zone).parse(text);
        const whole = Math.floor(ms / 1000) * 1000;
        expect(back === whole || (back < whole && offsets.offsetAt(back) !== offset)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('isTimeZone knows IANA names and offsets, and nothing else', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('+05:30')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone(3)).toBe(false);
  });
});

describe('utcDayStart', () => {
  it('equals Date.UTC on every date of years 0–9999, and is NaN for days past the month end (Feb 29 only in leap years)', () => {
    // The reference: Date.UTC, with years 0–99 shifted by one 400-year cycle (146,097 days), as
    // Date.UTC reads them as 1900–1999; a day past the month's end rolls over into the next month.
    const cycle = 146_097 * 86_400_000;
    const reference = (y: number, m: number, d: number): number => {
      const shift = y < 100 ? 400 : 0;
      const ms = Date.UTC(y + shift, m - 1, d) - (shift === 0 ? 0 : cycle);
      return new Date(ms + (shift === 0 ? 0 : cycle)).getUTCDate() === d ? ms : NaN;
    };
    let mismatches = 0;
    for (let y = 0; y <= 9999; y++)
      for (let m = 1; m <= 12; m++) for (let d = 1; d <= 99; d += d < 32 ? 1 : 17) if (!Object.is(utcDayStart(y, m, d), reference(y, m, d))) mismatches++;
    expect(mismatches).toBe(0);
    // Hand-checked: 1970-01-01 is day 0; 2000-02-29 exists (divisible by 400), 1900-02-29 does not.
    expect(utcDayStart(1970, 1, 1)).toBe(0);
    expect(utcDayStart(2000, 2, 29)).toBe(Date.UTC(2000, 1, 29));
    expect(utcDayStart(1900, 2, 29)).toBeNaN();
    expect(utcDayStart(0, 1, 1)).toBe(-62_167_219_200_000);
  });
});
