import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/core/errors.js';
import { TicketGuard } from '../../src/support/record-metric.js';
import { TICKET_FIELDS, type TicketField, TimestampReader, ticketIssues } from '../../src/support/ticket.js';
import { bySegment } from '../../src/grouping/by-segment.js';
import {
  backlog,
  backlogAccumulator,
  averageHandleTime,
  firstContactResolution,
  firstContactResolutionAccumulator,
  firstResponseTime,
  reopenRate,
  reopenRateAccumulator,
  resolutionConsistency,
  resolutionConsistencyAccumulator,
  resolutionRate,
  resolutionRateAccumulator,
  resolutionTime,
  slaCompliance,
  slaComplianceAccumulator,
  ticketsPerHour,
  ticketsPerHourAccumulator,
} from '../../src/support/index.js';

const ALL = Object.keys(TICKET_FIELDS) as TicketField[];
const T0 = Date.UTC(2024, 0, 1);
const H = 3_600_000;
const DAY = 24 * H;

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.integer({ min: T0 - 10_000, max: T0 + 10_000 }),
  fc.double({ noNaN: false }),
  fc.constantFrom('2024-01-01T00:00:00Z', '2024-01-01 00:00:05', '2024-02-30', 'soon', '', 'solved'),
  fc.boolean(),
  fc.constantFrom(new Date(T0), new Date(NaN)),
  fc.constantFrom(0, 1, 2, -1, 1.5, 60_000, 10_000, Infinity),
);
const recordArb = fc.dictionary(fc.constantFrom(...ALL, 'extra'), anyValue, { maxKeys: 8 });

describe('TicketGuard agrees with ticketIssues', () => {
  it('on arbitrary records, for several field lists', () => {
    const reader = new TimestampReader('UTC');
    const lists: [readonly TicketField[], readonly TicketField[]][] = [
      [ALL, ['createdAt']],
      [['createdAt', 'status', 'resolvedAt', 'resolutionMs'], ['createdAt']],
      [['createdAt', 'firstResponseAt', 'firstResponseMs', 'resolvedAt', 'resolutionMs', 'status', 'priority'], ['createdAt']],
      [
        ['createdAt', 'closedAt', 'contactCount', 'customerId'],
        ['createdAt', 'contactCount'],
      ],
      [['firstResponseAt', 'resolutionMs'], []],
    ];
    const guards = lists.map(([fields, required]) => new TicketGuard(fields, required, reader));
    fc.assert(
      fc.property(fc.oneof(recordArb, anyValue), (record) => {
        lists.forEach(([fields, required], k) => {
          expect(guards[k]!.check(record)).toBe(ticketIssues(record, fields, required, reader, []).length === 0);
        });
      }),
      { numRuns: 3000 },
    );
  });
});

/** Valid tickets with every field the counting metrics read. */
const validTicket = fc
  .record({
    created: fc.integer({ min: T0, max: T0 + 30 * DAY }),
    response: fc.option(fc.integer({ min: 0, max: 3 * DAY }), { nil: null }),
    resolution: fc.option(fc.integer({ min: 0, max: 10 * DAY }), { nil: null }),
    resolutionAsMs: fc.boolean(),
    closedAfter: fc.option(fc.integer({ min: 0, max: 2 * DAY }), { nil: null }),
    status: fc.constantFrom('solved', 'Closed', 'open', 'pending', undefined),
    reopened: fc.option(fc.boolean(), { nil: undefined }),
    contactCount: fc.integer({ min: 0, max: 3 }),
    flag: fc.boolean(),
    customer: fc.constantFrom('c1', 'c2', 3, 'c4'),
    topic: fc.constantFrom('billing', 'login', undefined),
    priority: fc.constantFrom('low', 'High', 'urgent', undefined),
    agent: fc.constantFrom('ana', 'ben', 'cy', undefined),
    qa: fc.option(fc.boolean(), { nil: undefined }),
    csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  })
  .map((r) => ({
    createdAt: r.created,
    ...(r.response === null ? {} : { firstResponseAt: new Date(r.created + r.response).toISOString() }),
    ...(r.resolution === null ? {} : r.resolutionAsMs ? { resolutionMs: r.resolution } : { resolvedAt: r.created + r.resolution }),
    ...(r.resolution === null || r.closedAfter === null ? {} : { closedAt: r.created + r.resolution + r.closedAfter }),
    ...(r.status === undefined ? {} : { status: r.status }),
    ...(r.reopened === undefined ? {} : { reopened: r.reopened }),
    contactCount: r.contactCount,
    firstContactResolved: r.flag,
    customerId: r.customer,
    ...(r.topic === undefined ? {} : { topic: r.topic }),
    ...(r.priority === undefined ? {} : { priority: r.priority }),
    ...(r.agent === undefined ? {} : { agent: r.agent }),
    ...(r.qa === undefined ? {} : { qaPassed: r.qa }),
    ...(r.csat === undefined ? {} : { csat: r.csat }),
  }));

const asOf = T0 + 20 * DAY;
type AnyMetric = (input: never, options: never) => unknown;
type AnyFactory = {
  create(o?: unknown): { addAll(t: unknown[]): unknown; merge(o: never): { result(): unknown }; toJSON(): unknown };
  fromJSON(j: unknown): { merge(o: never): { merge(o: never): { result(): unknown } } };
};
const cases: [string, AnyMetric, AnyFactory, object][] = [
  ['resolutionRate', resolutionRate, resolutionRateAccumulator, {}],
  ['reopenRate', reopenRate, reopenRateAccumulator, {}],
  ['fcr contact-count', firstContactResolution, firstContactResolutionAccumulator, {}],
  ['fcr flag received', firstContactResolution, firstContactResolutionAccumulator, { method: 'flag', basis: 'received' }],
  ['fcr repeat-window', firstContactResolution, firstContactResolutionAccumulator, { method: 'repeat-window', windowDays: 2 }],
  ['backlog', backlog, backlogAccumulator, { asOf }],
  [
    'slaCompliance',
    slaCompliance,
    slaComplianceAccumulator,
    { asOf, targets: { firstResponseMs: DAY, resolutionMs: 5 * DAY, byPriority: { urgent: { firstResponseMs: H } } } },
  ],
  ['ticketsPerHour', ticketsPerHour, ticketsPerHourAccumulator, { from: T0 + 5 * DAY, to: asOf, agentHours: { ana: 40 } }],
  ['resolutionConsistency', resolutionConsistency, resolutionConsistencyAccumulator, { outcome: 'fcr' }],
  ['resolutionConsistency csat', resolutionConsistency, resolutionConsistencyAccumulator, { outcome: 'csat', minTickets: 2 }],
];

describe('counting metrics: properties', () => {
  it('order invariance, and merge ≡ one pass for any split, through JSON', () => {
    fc.assert(
      fc.property(fc.array(validTicket, { maxLength: 50 }), fc.nat(), fc.nat(), (tickets, s1, s2) => {
        const cut1 = s1 % (tickets.length + 1);
        const cut2 = Math.max(cut1, s2 % (tickets.length + 1));
        for (const [, metric, factory, options] of cases) {
          const once = metric({ tickets } as never, options as never);
          expect(metric({ tickets: [...tickets].reverse() } as never, options as never)).toEqual(once);
          const a = factory.create(options).addAll(tickets.slice(0, cut1));
          const b = factory.create(options).addAll(tickets.slice(cut1, cut2));
          const c = factory.fromJSON(JSON.parse(JSON.stringify(factory.create(options).addAll(tickets.slice(cut2)))));
          expect(
            c
              .merge(b as never)
              .merge(a as never)
              .result(),
          ).toEqual(once);
          // bySegment's total is the same as one call.
          expect(bySegment(metric as never, tickets, 'agent', options).total).toEqual(once);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('bounds and bookkeeping: rates in [0, 1], every ticket counted once', () => {
    fc.assert(
      fc.property(fc.array(validTicket, { maxLength: 50 }), (tickets) => {
        const n = tickets.length;
        const rr = resolutionRate({ tickets });
        expect(rr.inquiries).toBe(n);
        const ro = reopenRate({ tickets });
        expect(ro.resolved + ro.neverResolved).toBe(n);
        expect(ro.reopened).toBeLessThanOrEqual(ro.resolved);
        for (const options of [{}, { method: 'flag' as const }, { method: 'repeat-window' as const }]) {
          const byResolved = firstContactResolution({ tickets }, options);
          const byReceived = firstContactResolution({ tickets }, { ...options, basis: 'received' });
          expect(byResolved.resolvedOnFirstContact).toBeLessThanOrEqual(byResolved.resolved);
          expect(byResolved.resolved).toBe(rr.resolved);
          if (byReceived.value !== null && byResolved.value !== null) expect(byReceived.value).toBeLessThanOrEqual(byResolved.value);
        }
        // A longer repeat window never finds fewer repeats.
        expect(firstContactResolution({ tickets }, { method: 'repeat-window', windowDays: 1 }).resolvedOnFirstContact).toBeGreaterThanOrEqual(
          firstContactResolution({ tickets }, { method: 'repeat-window', windowDays: 3 }).resolvedOnFirstContact,
        );
        const bl = backlog({ tickets }, { asOf });
        expect(bl.open + bl.closed + bl.excluded.notYetCreated + bl.excluded.resolvedAtUnknownTime).toBe(n);
        expect(bl.ageBuckets.reduce((s, b) => s + b.count, 0)).toBe(bl.open);
        const sla = slaCompliance({ tickets }, cases[6]![3]);
        expect(sla.met + sla.breached + sla.pending + sla.noTarget + sla.excluded.notYetCreated).toBe(n);
        // A later asOf never turns a breach into anything else.
        const later = slaCompliance({ tickets }, { ...cases[6]![3], asOf: asOf + 30 * DAY });
        expect(later.breached).toBeGreaterThanOrEqual(sla.breached);
        for (const r of [rr, ro, sla, sla.firstResponse, sla.resolution]) {
          if (r.value !== null) {
            expect(r.value).toBeGreaterThanOrEqual(0);
            expect(r.value).toBeLessThanOrEqual(1);
          }
        }
        const tph = ticketsPerHour({ tickets }, { from: T0, to: asOf });
        expect(tph.handled + tph.excluded.outsideWindow).toBe(n);
        expect(tph.solved).toBeLessThanOrEqual(tph.handled);
      }),
      { numRuns: 200 },
    );
  });

  it('count and record forms agree', () => {
    fc.assert(
      fc.property(fc.array(validTicket, { maxLength: 50 }), (tickets) => {
        const rr = resolutionRate({ tickets });
        expect(resolutionRate({ inquiries: rr.inquiries, unresolved: rr.unresolved })).toEqual(rr);
        const ro = reopenRate({ tickets });
        const roCounts = reopenRate({ reopened: ro.reopened, resolved: ro.resolved });
        expect([roCounts.value, roCounts.interval]).toEqual([ro.value, ro.interval]);
        for (const basis of ['resolved', 'received'] as const) {
          const f = firstContactResolution({ tickets }, { basis });
          const c = firstContactResolution({ resolvedOnFirstContact: f.resolvedOnFirstContact, resolved: f.resolved, received: f.received! }, { basis });
          expect([c.value, c.interval]).toEqual([f.value, f.interval]);
        }
        const rc = resolutionConsistency({ tickets }, { outcome: 'csat' });
        const agg = resolutionConsistency({
          agents: rc.agents.map((a) => ({ agent: a.agent, value: a.value })),
          qaPassed: rc.qa.passed,
          qaReviewed: rc.qa.reviewed,
        });
        expect([agg.value, agg.mean, agg.qa]).toEqual([rc.value, rc.mean, rc.qa]);
      }),
      { numRuns: 200 },
    );
  });

  it('reason is given exactly when value is null, for every counting metric and per row (tickets and counts)', () => {
    const small = fc.integer({ min: 0, max: 5 });
    fc.assert(
      fc.property(fc.array(validTicket, { maxLength: 30 }), small, small, small, (tickets, a, b, c) => {
        const asOf = T0 + 40 * DAY;
        const sla = slaCompliance({ tickets }, cases[6]![3]);
        const rc = resolutionConsistency({ tickets }, { outcome: 'fcr' });
        const tph = ticketsPerHour({ tickets }, { from: T0, to: a === 0 ? T0 : asOf, agentHours: { ana: b + 1 } });
        const results: { value: unknown; reason: string | null }[] = [
          resolutionRate({ tickets }),
          resolutionRate({ inquiries: a + b, unresolved: a }),
          reopenRate({ tickets }),
          reopenRate({ reopened: a, resolved: a + b }),
          firstContactResolution({ tickets }),
          firstContactResolution({ tickets }, { method: 'repeat-window', basis: 'received' }),
          firstContactResolution({ resolvedOnFirstContact: a, resolved: a + b, received: a + b + c }, { basis: a + b + c === 0 ? 'received' : 'resolved' }),
          sla,
          sla.firstResponse,
          sla.resolution,
          ...sla.byPriority,
          ...sla.byPriority.flatMap((row) => [row.firstResponse, row.resolution]),
          rc,
          rc.qa,
          resolutionConsistency({ agents: Array.from({ length: a }, (_, i) => ({ agent: `a${i}`, value: b })), qaPassed: 0, qaReviewed: c }),
          tph,
          ...tph.agents.map((row) => ({ value: row.handledPerHour, reason: row.reason })),
          // Duration metrics: over tickets, a column of durations, and totals.
          firstResponseTime({ tickets }),
          resolutionTime({ tickets }),
          averageHandleTime({ tickets } as never),
          averageHandleTime({ durations: Array.from({ length: a }, (_, i) => i * 1000) }),
          averageHandleTime({ totalHandleTimeMs: a === 0 ? 0 : b, handled: a }),
        ];
        for (const r of results) {
          expect(r.reason === null).toBe(r.value !== null);
          if (r.reason !== null) expect(r.reason).toMatch(/ (is|are) undefined$|needs at least 2$/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('bad records raise KpiInputError, or are excluded and listed with onInvalid exclude', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(validTicket, recordArb as fc.Arbitrary<never>), { maxLength: 20 }), (tickets) => {
        for (const [, metric, , options] of cases) {
          let thrownError: unknown = null;
          try {
            metric({ tickets } as never, options as never);
          } catch (error) {
            thrownError = error;
          }
          if (thrownError !== null) expect(thrownError).toBeInstanceOf(KpiInputError);
          const r = metric({ tickets } as never, { ...options, onInvalid: 'exclude' } as never) as { excluded: { invalid: number; invalidIndices: number[] } };
          expect(r.excluded.invalid === 0).toBe(thrownError === null);
          expect(r.excluded.invalidIndices).toHaveLength(r.excluded.invalid);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('more than 100 invalid tickets: the listed ones are the first 100 by index, for any split and merge order', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 150, maxLength: 400 }), fc.nat(), fc.nat(), (bad, s1, s2) => {
        const tickets = bad.map((b, i) => (b ? { createdAt: 'no', status: 'solved' } : { createdAt: i, status: 'solved' }));
        const cut1 = s1 % (tickets.length + 1);
        const cut2 = Math.max(cut1, s2 % (tickets.length + 1));
        const options = { onInvalid: 'exclude' as const };
        const once = resolutionRate({ tickets }, options);
        const parts = [tickets.slice(0, cut1), tickets.slice(cut1, cut2), tickets.slice(cut2)];
        let offset = 0;
        const accs = parts.map((part) => {
          const acc = resolutionRateAccumulator.create(options);
          part.forEach((t, j) => acc.add(t, offset + j));
          offset += part.length;
          return acc;
        });
        const merged = accs[2]!.merge(accs[0]!).merge(accs[1]!).result();
        expect(merged.excluded).toEqual(once.excluded);
        expect(once.excluded.invalidTickets.map((t) => t.index)).toEqual(once.excluded.invalidIndices.slice(0, 100));
      }),
      { numRuns: 50 },
    );
  });
});
