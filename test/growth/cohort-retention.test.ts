import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohortRetention } from '../../src/growth/cohort-retention.js';
import { periodBucketer } from '../../src/time/period.js';
import { thrown } from '../helpers.js';

const customers = [
  { startedAt: '2024-01-10' }, // A
  { startedAt: '2024-01-20', endedAt: '2024-02-15' }, // B
  { startedAt: '2024-01-05', endedAt: '2024-03-10' }, // C
  { startedAt: '2024-02-03' }, // D
  { startedAt: '2024-02-25', endedAt: '2024-02-28' }, // E
  { startedAt: '2024-03-01' }, // F
  { startedAt: '2024-05-01' }, // after asOf
];

describe('cohortRetention', () => {
  it('monthly cohorts, hand-counted', () => {
    // asOf 2024-04-15: the ends of months observed are Feb 1, Mar 1, Apr 1.
    // Jan cohort (A, B, C): at Feb 1 A B C = 3, at Mar 1 A C = 2, at Apr 1 A = 1.
    // Feb cohort (D, E): at Mar 1 D = 1 (E left within February), at Apr 1 D = 1, May 1 not observed.
    // Mar cohort (F): at Apr 1 F = 1; later not observed.
    // Curve: k0 = (3 + 1 + 1)/(3 + 2 + 1) = 5/6, k1 = (2 + 1)/(3 + 2) = 0.6, k2 = 1/3.
    const r = cohortRetention({ customers }, { period: 'month', asOf: '2024-04-15' });
    expect(r.cohorts.map((c) => c.cohort)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(r.cohorts.map((c) => c.size)).toEqual([3, 2, 1]);
    expect(r.cohorts.map((c) => c.retained)).toEqual([
      [3, 2, 1],
      [1, 1, null],
      [1, null, null],
    ]);
    expect(r.cohorts[0]?.shares).toEqual([1, 2 / 3, 1 / 3]);
    expect(r.value).toEqual([5 / 6, 0.6, 1 / 3]);
    expect(r).toMatchObject({ offsets: 3, period: 'month', timeZone: 'UTC', asOf: Date.UTC(2024, 3, 15), excluded: { afterAsOf: 1 }, reason: null });
    expect(r.cohorts[0]?.startMs).toBe(Date.UTC(2024, 0, 1));
    // A fixed number of columns: beyond the observable ones they are null.
    expect(cohortRetention({ customers }, { period: 'month', asOf: '2024-04-15', periods: 4 }).value).toEqual([5 / 6, 0.6, 1 / 3, null]);
    expect(cohortRetention({ customers }, { period: 'month', asOf: '2024-04-15', periods: 1 }).value).toEqual([5 / 6]);
  });

  it('quarters, time zones, and an end exactly on a period boundary', () => {
    // Left at the instant Apr 1 00:00: not active at the start of Q2 → not retained at k = 0.
    const r = cohortRetention(
      {
        customers: [
          { startedAt: '2024-01-10', endedAt: '2024-04-01' },
          { startedAt: '2024-02-10', endedAt: '2024-04-01T00:00:01Z' },
        ],
      },
      { period: 'quarter', asOf: '2024-07-01' },
    );
    expect(r.cohorts[0]).toMatchObject({ cohort: '2024-Q1', size: 2, retained: [1, 0] });
    // 2024-01-31T23:30Z is already February in Berlin.
    const z = cohortRetention({ customers: [{ startedAt: '2024-01-31T23:30:00Z' }] }, { period: 'month', asOf: '2024-03-15', timeZone: 'Europe/Berlin' });
    expect(z.cohorts[0]?.cohort).toBe('2024-02');
  });

  it('no customers by asOf → null with a reason', () => {
    const r = cohortRetention({ customers: [{ startedAt: '2025-01-01' }] }, { period: 'week', asOf: '2024-12-01' });
    expect(r).toMatchObject({
      value: null,
      cohorts: [],
      offsets: 0,
      reason: 'no customer started by asOf: the cohort retention is undefined',
      excluded: { afterAsOf: 1 },
    });
  });

  it('rejects bad input with KpiInputError', () => {
    expect(thrown(() => cohortRetention({ customers }, { period: 'month' } as never)).path).toEqual(['options', 'asOf']);
    expect(thrown(() => cohortRetention({ customers }, { period: 'month', asOf: 'today' })).path).toEqual(['options', 'asOf']);
    expect(thrown(() => cohortRetention({ customers }, { period: 'year' as never, asOf: 0 })).path).toEqual(['options', 'period']);
    expect(thrown(() => cohortRetention({ customers }, { period: 'month', asOf: 0, periods: 0 })).path).toEqual(['options', 'periods']);
    expect(thrown(() => cohortRetention({ customers: [{ startedAt: 5, endedAt: 4 }] }, { period: 'day', asOf: 10 })).path).toEqual(['customers', 0, 'endedAt']);
    expect(thrown(() => cohortRetention({ customers: {} } as never, { period: 'day', asOf: 10 })).path).toEqual(['customers']);
    expect(thrown(() => cohortRetention({ customers, revenue: 1 } as never, { period: 'day', asOf: 10 })).path).toEqual(['revenue']);
    expect(thrown(() => cohortRetention({ customers }, undefined as never)).path).toEqual(['options']);
  });

  it('property: agrees with a direct count, shares in [0, 1] and non-increasing, nulls only after asOf, order-free', () => {
    const DAY = 86_400_000;
    const day = fc.integer({ min: 0, max: 120 }).map((d) => Date.UTC(2024, 0, 1) + d * DAY + 3_600_000);
    const rec = fc
      .tuple(day, fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }))
      .map(([s, len]) => (len === undefined ? { startedAt: s } : { startedAt: s, endedAt: s + len * DAY }));
    fc.assert(
      fc.property(
        fc.array(rec, { maxLength: 40 }),
        fc.integer({ min: 0, max: 150 }),
        fc.constantFrom('day' as const, 'week' as const, 'month' as const),
        (list, asOfDay, period) => {
          const asOf = Date.UTC(2024, 0, 1) + asOfDay * DAY;
          const r = cohortRetention({ customers: list }, { period, asOf });
          const b = periodBucketer({ period });
          const a = b.indexOf(asOf);
          const started = list.filter((c) => c.startedAt <= asOf);
          expect(r.excluded.afterAsOf).toBe(list.length - started.length);
          expect(r.cohorts.reduce((n, c) => n + c.size, 0)).toBe(started.length);
          for (const row of r.cohorts) {
            const p = b.indexOf(row.startMs);
            const members = started.filter((c) => b.indexOf(c.startedAt) === p);
            expect(row.size).toBe(members.length);
            row.retained.forEach((n, k) => {
              const at = b.period(p + k + 1).startMs;
              if (p + k + 1 > a) expect(n).toBeNull();
              else expect(n).toBe(members.filter((c) => c.endedAt === undefined || c.endedAt > at).length);
            });
            let previous = 1;
            for (const s of row.shares) {
              if (s === null) continue;
              expect(s).toBeGreaterThanOrEqual(0);
              expect(s).toBeLessThanOrEqual(previous);
              previous = s;
            }
          }
          for (const v of r.value ?? []) if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
          expect(cohortRetention({ customers: [...list].reverse() }, { period, asOf })).toEqual(r);
        },
      ),
    );
  });
});
