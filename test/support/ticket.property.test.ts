import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ticketSchemaOf } from '../../src/support/schemas.js';
import { TICKET_FIELDS, type TicketField, TimestampReader, ticketIssues } from '../../src/support/ticket.js';
import {
  averageHandleTime,
  averageHandleTimeAccumulator,
  firstResponseTime,
  firstResponseTimeAccumulator,
  resolutionTime,
  resolutionTimeAccumulator,
} from '../../src/support/index.js';
import { TicketSchema } from '../../src/schemas/index.js';
import { KpiInputError } from '../../src/core/errors.js';

const ALL = Object.keys(TICKET_FIELDS) as TicketField[];
const T0 = Date.UTC(2024, 0, 1);

/** Values of every shape: valid ones of each kind, and near misses. */
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: T0 - 10_000, max: T0 + 10_000 }),
  fc.double({ noNaN: false }),
  fc.constantFrom('2024-01-01T00:00:00Z', '2024-01-01 00:00:05', '2024-02-30', 'soon', '', 'solved', 'Open'),
  fc.boolean(),
  fc.constantFrom(new Date(T0), new Date(NaN)),
  fc.constantFrom(0, 1, 2, -1, 1.5, 60_000, Infinity),
);

const ticketArb = fc.dictionary(fc.constantFrom(...ALL, 'extra'), anyValue, { maxKeys: 8 });

describe('TicketSchema and the hand-written checks agree', () => {
  it('on arbitrary records, for all fields and for each metric’s fields', () => {
    const reader = new TimestampReader('UTC');
    const subsets: [readonly TicketField[], readonly TicketField[]][] = [
      [ALL, ['createdAt']],
      [['createdAt', 'firstResponseAt', 'firstResponseMs'], ['createdAt']],
      [['createdAt', 'resolvedAt', 'resolutionMs', 'status'], ['createdAt']],
      [['handleTimeMs'], []],
    ];
    fc.assert(
      fc.property(fc.oneof(ticketArb, anyValue), (record) => {
        for (const [fields, required] of subsets) {
          const schemaOk = ticketSchemaOf(fields, required).safeParse(record).success;
          const guardOk = ticketIssues(record, fields, required, reader, ['tickets', 0]).length === 0;
          expect(guardOk, JSON.stringify(record)).toBe(schemaOk);
        }
        expect(TicketSchema.safeParse(record).success).toBe(ticketIssues(record, ALL, ['createdAt'], reader, []).length === 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('a metric accepts a ticket exactly when the schema of the fields it reads does', () => {
    const frtSchema = ticketSchemaOf(['createdAt', 'firstResponseAt', 'firstResponseMs'], ['createdAt']);
    const rtSchema = ticketSchemaOf(['createdAt', 'resolvedAt', 'resolutionMs', 'status'], ['createdAt']);
    const ahtSchema = ticketSchemaOf(['handleTimeMs'], []);
    const accepts = (f: () => unknown): boolean => {
      try {
        f();
        return true;
      } catch (error) {
        expect(error).toBeInstanceOf(KpiInputError);
        return false;
      }
    };
    fc.assert(
      fc.property(fc.oneof(ticketArb, anyValue), (record) => {
        expect(accepts(() => firstResponseTime({ tickets: [record as never] }))).toBe(frtSchema.safeParse(record).success);
        expect(accepts(() => resolutionTime({ tickets: [record as never] }))).toBe(rtSchema.safeParse(record).success);
        expect(accepts(() => averageHandleTime({ tickets: [record as never] }))).toBe(ahtSchema.safeParse(record).success);
      }),
      { numRuns: 2000 },
    );
  });
});

/** Valid tickets: created within a year, answered/resolved after 0..10 days or not at all. */
const validTicket = fc
  .record({
    created: fc.integer({ min: T0, max: T0 + 365 * 86_400_000 }),
    response: fc.option(fc.oneof(fc.integer({ min: 0, max: 10 * 86_400_000 }), fc.double({ min: 0, max: 1e6, noNaN: true })), { nil: null }),
    resolution: fc.option(fc.integer({ min: 0, max: 10 * 86_400_000 }), { nil: null }),
    asString: fc.boolean(),
    status: fc.constantFrom('solved', 'Closed', 'open', 'pending', undefined),
    handle: fc.option(fc.integer({ min: 0, max: 3_600_000 }), { nil: undefined }),
  })
  .map((r) => ({
    createdAt: r.asString ? new Date(r.created).toISOString() : r.created,
    ...(r.response === null ? {} : { firstResponseMs: r.response }),
    ...(r.resolution === null ? {} : { resolvedAt: r.created + r.resolution }),
    ...(r.status === undefined ? {} : { status: r.status }),
    ...(r.handle === undefined ? {} : { handleTimeMs: r.handle }),
  }));

const metrics = [
  [firstResponseTime, firstResponseTimeAccumulator],
  [resolutionTime, resolutionTimeAccumulator],
  [averageHandleTime, averageHandleTimeAccumulator],
] as const;

describe('the contact count of a ticket', () => {
  it('is contactCount, a non-negative integer, in the schema and the checks; contacts is an unknown (ignored) field', () => {
    expect(TicketSchema.safeParse({ createdAt: 0, contactCount: 2 }).success).toBe(true);
    expect(TicketSchema.safeParse({ createdAt: 0, contactCount: 1.5 }).success).toBe(false);
    expect(TicketSchema.safeParse({ createdAt: 0, contactCount: -1 }).success).toBe(false);
    const issues = ticketIssues({ createdAt: 0, contactCount: 1.5 }, ['createdAt', 'contactCount'], ['createdAt'], new TimestampReader('UTC'), ['tickets', 0]);
    expect(issues.map((i) => i.path)).toEqual([['tickets', 0, 'contactCount']]);
    // The old name is just another field: extra fields pass through, unread.
    expect(TicketSchema.safeParse({ createdAt: 0, contacts: 1.5 }).success).toBe(true);
  });
});

describe('duration metrics: properties', () => {
  const options = { percentiles: [10, 50, 90, 99] };

  it('min ≤ p10 ≤ median ≤ p90 ≤ p99 ≤ max, min ≤ mean ≤ max, n + excluded = tickets', () => {
    fc.assert(
      fc.property(fc.array(validTicket, { maxLength: 60 }), (tickets) => {
        for (const [metric] of metrics) {
          const r = metric({ tickets }, options);
          const excluded = Object.entries(r.excluded)
            .filter(([k]) => !k.startsWith('invalid'))
            .reduce((s, [, v]) => s + (v as number), 0);
          expect(r.n + excluded).toBe(tickets.length);
          if (r.n === 0) {
            expect(r.value).toBeNull();
            continue;
          }
          const p = r.percentiles;
          const chain = [r.min, p['p10'], r.median, p['p50'], p['p90'], p['p99'], r.max] as number[];
          for (let i = 1; i < chain.length; i++) expect(chain[i]!).toBeGreaterThanOrEqual(chain[i - 1]!);
          expect(p['p50']).toBe(r.median);
          expect(r.value!).toBeGreaterThanOrEqual(r.min! * (1 - 1e-15));
          expect(r.value!).toBeLessThanOrEqual(r.max! * (1 + 1e-15));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('do not depend on the order of the tickets, and merge ≡ one pass for any split', () => {
    fc.assert(
      fc.property(fc.array(validTicket, { maxLength: 60 }), fc.nat(), fc.nat(), (tickets, s1, s2) => {
        const cut1 = tickets.length === 0 ? 0 : s1 % (tickets.length + 1);
        const cut2 = Math.max(cut1, tickets.length === 0 ? 0 : s2 % (tickets.length + 1));
        for (const [metric, factory] of metrics) {
          const once = metric({ tickets }, options);
          expect(metric({ tickets: [...tickets].reverse() }, options)).toEqual(once);
          const a = factory.create(options).addAll(tickets.slice(0, cut1));
          const b = factory.create(options).addAll(tickets.slice(cut1, cut2));
          const c = factory.fromJSON(JSON.parse(JSON.stringify(factory.create(options).addAll(tickets.slice(cut2)))));
          expect(
            c
              .merge(a as never)
              .merge(b as never)
              .result(),
          ).toEqual(once);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the durations form equals the tickets form', () => {
    fc.assert(
      fc.property(fc.array(validTicket, { maxLength: 40 }), (tickets) => {
        const r = firstResponseTime({ tickets }, options);
        const durations = tickets.flatMap((t) => ('firstResponseMs' in t ? [t.firstResponseMs] : []));
        expect(firstResponseTime({ durations, unanswered: tickets.length - durations.length }, options)).toEqual(r);
      }),
      { numRuns: 200 },
    );
  });

  it("adding a longer duration never lowers the mean or a percentile; onInvalid 'exclude' drops exactly the bad ones", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 40 }), fc.nat(), (durations, k) => {
        const base = firstResponseTime({ durations }, options);
        const longer = [...durations];
        const i = k % longer.length;
        longer[i] = longer[i]! + 1000;
        const more = firstResponseTime({ durations: longer }, options);
        expect(more.value!).toBeGreaterThanOrEqual(base.value!);
        for (const key of Object.keys(base.percentiles)) expect(more.percentiles[key]!).toBeGreaterThanOrEqual(base.percentiles[key]!);
        const tickets = durations.map((d, j) => (j === i ? { createdAt: 'not a time', firstResponseMs: d } : { createdAt: 0, firstResponseMs: d }));
        const r = firstResponseTime({ tickets }, { ...options, onInvalid: 'exclude' });
        expect(r.excluded.invalidIndices).toEqual([i]);
        expect(r.n).toBe(durations.length - 1);
      }),
      { numRuns: 200 },
    );
  });
});
