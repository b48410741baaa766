/**
 * Periods in a fixed-offset zone (`+05:30`, `-05:00`) begin at local midnight, that far from UTC
 * midnight — a regression found by the SQL agreement test (test/sql/agreement.test.ts), where
 * PostgreSQL and DuckDB placed 2024-10-26T22:00:00Z (03:30 on 27 October at +05:30) on the 27th
 * and byPeriod placed it on the 26th, as if the zone were UTC.
 */
import { describe, expect, it } from 'vitest';
import { periodOf } from '../../src/time/period.js';

describe('periods in a fixed-offset zone', () => {
  it('a day at +05:30 begins at 18:30 UTC the day before (2024-10-26T22:00Z is 03:30 on the 27th)', () => {
    // Hand calculation: local midnight of 27 Oct at +05:30 = 2024-10-26T18:30:00Z; it ends 24 h later.
    expect(periodOf(Date.UTC(2024, 9, 26, 22), { period: 'day', timeZone: '+05:30' })).toEqual({
      key: '2024-10-27',
      startMs: Date.UTC(2024, 9, 26, 18, 30),
      endMs: Date.UTC(2024, 9, 27, 18, 30),
    });
  });

  it('a month at -05:00 begins at 05:00 UTC on its first day', () => {
    // 2024-11-01T03:00Z is 22:00 on 31 October at -05:00: October, which began 2024-10-01T05:00Z.
    expect(periodOf(Date.UTC(2024, 10, 1, 3), { period: 'month', timeZone: '-05:00' })).toEqual({
      key: '2024-10',
      startMs: Date.UTC(2024, 9, 1, 5),
      endMs: Date.UTC(2024, 10, 1, 5),
    });
  });
});
