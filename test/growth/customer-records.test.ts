import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { churnRate } from '../../src/growth/churn-rate.js';
import { type CustomerRecord } from '../../src/growth/customer.js';
import { retentionRate } from '../../src/growth/retention-rate.js';
import { thrown } from '../helpers.js';

const customers: CustomerRecord[] = [
  { startedAt: '2024-01-15', endedAt: null }, // active all along: retained
  { startedAt: '2024-02-01', endedAt: '2024-05-10' }, // active at start, left: lost
  { startedAt: '2024-03-20' }, // retained
  { startedAt: '2024-04-02' }, // new, still there
  { startedAt: '2024-04-10', endedAt: '2024-06-01' }, // joined and left within the period: in no count
  { startedAt: '2023-01-01', endedAt: '2024-04-01' }, // left exactly at the start instant: not a customer at start
  { startedAt: '2024-07-01' }, // joined exactly at the end instant: new, active at end
  { startedAt: '2024-08-01' }, // after the period
];
const period = { periodStart: '2024-04-01', periodEnd: '2024-07-01' };

describe('record form of retentionRate and churnRate', () => {
  it('counts the period from customer records (hand count in the comments of the data)', () => {
    // At start (2024-04-01): rows 0, 1, 2 → 3. At end (2024-07-01): rows 0, 2, 3, 6 → 4.
    // Retained: 0, 2 → 2; lost: 1 → 1; new still there: 3, 6 → 2.
    const r = retentionRate({ customers, ...period });
    expect(r).toMatchObject({ customersAtStart: 3, customersAtEnd: 4, newCustomers: 2, retained: 2 });
    expect(r.value).toBe(2 / 3);
    expect(r).toEqual(retentionRate({ customersAtStart: 3, customersAtEnd: 4, newCustomers: 2 }));
    const c = churnRate({ customers, ...period });
    expect(c).toMatchObject({ value: 1 / 3, customersLost: 1, customersAtStart: 3, customersAtEnd: 4 });
    // 'average': 1 / ((3 + 4) / 2) = 2/7.
    expect(churnRate({ customers, ...period }, { method: 'average' }).value).toBe(2 / 7);
  });

  it('reads timestamps as Dates, epoch ms or zoned strings, zone-less strings in options.timeZone', () => {
    const start = Date.UTC(2024, 3, 1);
    const end = Date.UTC(2024, 6, 1);
    const r = retentionRate({
      customers: [{ startedAt: new Date(start - 1) }, { startedAt: 0, endedAt: '2024-04-01T12:00:00Z' }],
      periodStart: start,
      periodEnd: new Date(end),
    });
    expect(r).toMatchObject({ customersAtStart: 2, retained: 1, value: 0.5 });
    // '2024-04-01 00:30' read in UTC is after the start instant; read in Tokyo it is 2024-03-31 15:30 UTC, before it.
    const late = [{ startedAt: '2024-04-01 00:30' }];
    expect(retentionRate({ customers: late, ...period }).customersAtStart).toBe(0);
    expect(retentionRate({ customers: late, periodStart: '2024-04-01T00:00:00Z', periodEnd: '2024-07-01' }, { timeZone: 'Asia/Tokyo' }).customersAtStart).toBe(
      1,
    );
  });

  it('an empty list or period without customers at start gives null with a reason', () => {
    expect(retentionRate({ customers: [], ...period })).toMatchObject({ value: null, reason: 'no customers at start: the retention rate is undefined' });
    expect(churnRate({ customers: [], ...period }).value).toBeNull();
  });

  it('rejects malformed records with their index, and mixed forms', () => {
    expect(thrown(() => retentionRate({ customers: [{ startedAt: '2024-01-01' }, { startedAt: 'soon' }], ...period })).path).toEqual([
      'customers',
      1,
      'startedAt',
    ]);
    expect(thrown(() => churnRate({ customers: [{ startedAt: '2024-02-01', endedAt: '2024-01-01' }], ...period })).message).toBe(
      'churnRate: customers[0].endedAt cannot be before customers[0].startedAt',
    );
    expect(thrown(() => churnRate({ customers: [{ endedAt: '2024-01-01' }] as never, ...period })).code).toBe('missing');
    expect(thrown(() => churnRate({ customers: [7] as never, ...period })).path).toEqual(['customers', 0]);
    expect(thrown(() => churnRate({ customers: [{ startedAt: 1, endedAt: NaN }], ...period })).code).toBe('not_finite');
    expect(thrown(() => retentionRate({ customers: 'all' as never, ...period })).path).toEqual(['customers']);
    expect(thrown(() => retentionRate({ customers, periodStart: '2024-07-01', periodEnd: '2024-04-01' })).path).toEqual(['periodEnd']);
    expect(thrown(() => retentionRate({ customers } as never)).path).toEqual(['periodStart']);
    expect(thrown(() => retentionRate({ customers, ...period, newCustomers: 3 })).code).toBe('ambiguous');
    expect(thrown(() => retentionRate({ customers, ...period }, { timeZone: 'Mars/Olympus' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => retentionRate({ customersAtStart: 1, customersAtEnd: 1, newCustomers: 0 }, { timeZone: 'UTC' })).path).toEqual(['options', 'timeZone']);
    expect(thrown(() => churnRate({ customersAtStart: 1, customersLost: 1 }, { timeZone: 'UTC' })).path).toEqual(['options', 'timeZone']);
    const many = thrown(() => churnRate({ customers: Array.from({ length: 150 }, () => ({ startedAt: 'x' })), ...period }));
    expect(many.issues).toHaveLength(100);
    expect(many.issueCount).toBe(150);
  });

  it('property: the record and counts forms agree, retention = 1 − churn, and record order does not matter', () => {
    const ms = fc.integer({ min: 0, max: 1000 });
    const record = fc
      .tuple(ms, fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }))
      .map(([s, len]) => (len === undefined ? { startedAt: s } : { startedAt: s, endedAt: s + len }));
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), ms, ms, (list, a, b) => {
        const periodStart = Math.min(a, b);
        const periodEnd = Math.max(a, b);
        // Reference count: active at t when startedAt ≤ t < endedAt.
        const active = (c: { startedAt: number; endedAt?: number }, t: number): boolean => c.startedAt <= t && (c.endedAt === undefined || t < c.endedAt);
        const atStart = list.filter((c) => active(c, periodStart)).length;
        const atEnd = list.filter((c) => active(c, periodEnd)).length;
        const retained = list.filter((c) => active(c, periodStart) && active(c, periodEnd)).length;
        const r = retentionRate({ customers: list, periodStart, periodEnd });
        expect(r).toEqual(retentionRate({ customersAtStart: atStart, customersAtEnd: atEnd, newCustomers: atEnd - retained }));
        const c = churnRate({ customers: list, periodStart, periodEnd });
        expect(c).toEqual(churnRate({ customersAtStart: atStart, customersLost: atStart - retained, customersAtEnd: atEnd }));
        if (r.value !== null) expect(Math.abs(r.value + (c.value as number) - 1)).toBeLessThanOrEqual(4 * Number.EPSILON);
        expect(retentionRate({ customers: [...list].reverse(), periodStart, periodEnd })).toEqual(r);
      }),
    );
  });
});
