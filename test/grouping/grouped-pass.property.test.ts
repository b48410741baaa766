/**
 * The grouped accumulators over rows read as columns in the layouts the command hands them —
 * timestamps and numbers as Float64Arrays (NaN: missing), labels as dictionary columns, flags as
 * arrays — with invalid rows excluded: each part's rows gathered into columns of their own (or,
 * all rows in one part, the rows themselves) and read by the metric's columnar pass; the result
 * and state are those over the same records, added one by one. The rows are drawn over several
 * days and months, with values each metric finds invalid (a response before creation, a missing
 * contact count on a resolved ticket, an answer off the scale).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addRecords } from '../../src/core/accumulator.js';
import { byPeriodAccumulator } from '../../src/grouping/by-period.js';
import { bySegmentAccumulator } from '../../src/grouping/by-segment.js';
import { columnRows } from '../../src/records/columns.js';
import { TICKET_FIELDS, TICKET_KIND } from '../../src/records/tickets.js';
import * as kpi from '../../src/index.js';
import { type Layout, column } from '../records/column-layouts.js';
import { outcome } from './outcome.js';

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.UTC(2024, 0, 30);

/** A span after `created`: none, a whole number of ms up to 3 days, or one before it (invalid for a duration). */
const after = (created: number) =>
  fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 3 * DAY }).map((d) => created + d),
    fc.constant(created - 1),
  );

const ticket = fc.integer({ min: T0 - 3 * DAY, max: T0 + 40 * DAY }).chain((createdAt) =>
  fc.record({
    createdAt: fc.constant(createdAt),
    firstResponseAt: after(createdAt),
    resolvedAt: after(createdAt),
    status: fc.constantFrom('solved', 'closed', 'open', null),
    channel: fc.constantFrom('chat', 'email', 'phone', null),
    topic: fc.constantFrom('billing', 'login', null),
    agent: fc.constantFrom('ana', 'ben', null),
    contactCount: fc.constantFrom(1, 2, 3, null),
    reopened: fc.constantFrom(true, false, null),
    complaint: fc.constantFrom(true, false, null),
    csat: fc.constantFrom(1, 3, 5, 9, null),
    handleTimeMs: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 2 * H })),
  }),
);

/** The command's layouts: numbers as Float64Arrays, labels as dictionaries, flags as arrays. */
function columnsOf(records: readonly Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(records[0] ?? {})) {
    const values = records.map((r) => r[field] ?? null);
    const layout: Layout = values.some((v) => typeof v === 'string') ? 'dictionary' : values.some((v) => typeof v === 'boolean') ? 'array' : 'float64';
    out[field] = column(values, layout);
  }
  return out;
}

type Metric = { readonly accumulator: unknown };
const metric = (name: string): Metric => (kpi as unknown as Record<string, Metric>)[name] as Metric;
const METRICS = [
  'firstResponseTime',
  'resolutionTime',
  'averageHandleTime',
  'resolutionRate',
  'reopenRate',
  'firstContactResolution',
  'resolutionConsistency',
  'volumeByChannel',
  'topTopics',
  'complaints',
  'csat',
] as const;
const optionsOf = (name: string): Record<string, unknown> => ({
  onInvalid: 'exclude',
  ...(name === 'firstContactResolution' ? { method: 'contact-count' } : {}),
  ...(name === 'resolutionConsistency' ? { outcome: 'csat' } : {}),
  ...(name === 'csat' ? { scale: '1-5' } : {}),
});

const grouping = fc.record({
  kind: fc.constantFrom('period', 'period-by', 'segment'),
  period: fc.constantFrom('day', 'week', 'month'),
  timeZone: fc.constantFrom('UTC', 'America/New_York'),
  by: fc.constantFrom('channel', 'status', 'reopened'),
});

describe("grouped accumulators over the command's column layouts ≡ over records", () => {
  for (const name of METRICS) {
    it(name, () => {
      fc.assert(
        fc.property(fc.array(ticket, { minLength: 1, maxLength: 60 }), grouping, fc.integer({ min: 0, max: 3 }), (records, g, base) => {
          const options = optionsOf(name);
          const make = (): { addAll(records: readonly unknown[], offset?: number): unknown; result(): unknown; toJSON(): unknown } =>
            g.kind === 'segment'
              ? bySegmentAccumulator(metric(name) as never, g.by, options as never)
              : byPeriodAccumulator(
                  metric(name) as never,
                  { period: g.period, timeZone: g.timeZone, ...(g.kind === 'period-by' ? { by: g.by } : {}) } as never,
                  options as never,
                );
          const byRecords = outcome(() => {
            const acc = make();
            acc.addAll(records, base);
            return acc;
          });
          const byColumns = outcome(() => {
            const acc = make();
            addRecords(acc as never, columnRows('test', TICKET_FIELDS, columnsOf(records), TICKET_KIND.rowShape ?? null, true, true), base);
            return acc;
          });
          expect(byColumns).toEqual(byRecords);
        }),
        { numRuns: 60 },
      );
    });
  }
});
