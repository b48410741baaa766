/**
 * The same numbers in TypeScript, on DuckDB and on PostgreSQL for the contact metrics: random
 * contact sets (missing and unreadable timestamps, answers and abandons before the offer, contacts
 * both answered and abandoned, ends before the answer, waits on the targets) go through each
 * TypeScript function (onInvalid: 'exclude') and through the SQL `metricSql` writes, on both
 * engines, over the whole set and per period and queue; and through runMetrics / runMetricGroups.
 * Counts and ms sums must be equal; means and shares within 1e-12 relative (docs/sql.md#exactness).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abandonmentRate, averageSpeedOfAnswer, byPeriod, serviceLevel } from '../../src/index.js';
import { runMetricGroups, runMetrics } from '../../src/duckdb/index.js';
import { type SqlMetric } from '../../src/sql/index.js';
import { type Row, bothEngines, sqlRows, timestampsOf, withDuckdb } from './engines.js';
import { type Rec, HOUR, close, defined, delta, instant, load, orNull, plain } from './records.js';

const engines = bothEngines();

const CONTACT_COLUMNS = [
  { name: 'offeredAt', type: 'timestamp' },
  { name: 'answeredAt', type: 'timestamp' },
  { name: 'abandonedAt', type: 'timestamp' },
  { name: 'endedAt', type: 'timestamp' },
  { name: 'queue', type: 'text' },
] as const;
const TIMESTAMPS = ['offeredAt', 'answeredAt', 'abandonedAt', 'endedAt'];

/** Waits with ties on the targets below (0, 20 s, 1 min, 1 h) and 1 ms either side; negatives. */
const wait = fc.oneof(fc.constantFrom(0, 1, 19_999, 20_000, 20_001, 60_000, HOUR, -1), delta);

const contact: fc.Arbitrary<Rec> = fc
  .record({
    offeredAt: orNull(instant, 1),
    outcome: fc.constantFrom('answered', 'answered', 'abandoned', 'abandoned', 'queued', 'both'),
    wait,
    end: orNull(fc.oneof(fc.constantFrom(0, 1, -1), fc.integer({ min: 0, max: 2 * HOUR }))),
    queue: orNull(fc.constantFrom('sales', 'support', 'billing')),
  })
  .map(({ offeredAt, outcome, wait: w, end, queue }): Rec => {
    const base = offeredAt ?? Date.UTC(2024, 5, 1);
    const at = base + w;
    const answeredAt = outcome === 'answered' || outcome === 'both' ? at : null;
    const abandonedAt = outcome === 'abandoned' || outcome === 'both' ? at : null;
    const endedAt = end === null ? null : (outcome === 'queued' ? base : at) + end;
    return { offeredAt, answeredAt, abandonedAt, endedAt, queue };
  });

type Options = Record<string, unknown>;

interface Case {
  readonly ts: (input: { contacts: never }, options: never) => Record<string, unknown> & { excluded: Record<string, unknown> };
  readonly options: fc.Arbitrary<Options>;
  /** Columns equal to the result's fields exactly, and within 1e-12. */
  readonly exact: readonly string[];
  readonly shares: readonly string[];
  /** Columns equal to the result's excluded counts. */
  readonly excluded: readonly string[];
}

const CASES: Partial<Record<SqlMetric, Case>> = {
  abandonmentRate: {
    ts: abandonmentRate as unknown as Case['ts'],
    options: fc.record({ shortAbandonMs: fc.constantFrom(undefined, 0, 20_000, HOUR) }).map(defined),
    exact: ['numerator', 'denominator', 'abandoned', 'offered', 'shortAbandons', 'reason'],
    shares: ['value'],
    excluded: ['queued', 'invalid'],
  },
  averageSpeedOfAnswer: {
    ts: averageSpeedOfAnswer as unknown as Case['ts'],
    options: fc.constant({}),
    exact: ['answered', 'totalWaitMs', 'reason'],
    shares: ['value'],
    excluded: ['abandoned', 'queued', 'invalid'],
  },
  serviceLevel: {
    ts: serviceLevel as unknown as Case['ts'],
    options: fc
      .record({
        targetAnswerMs: fc.constantFrom(0, 20_000, 60_000, HOUR),
        method: fc.constantFrom(undefined, 'abandons-ignored', 'abandons-negative', 'abandons-positive'),
      })
      .map(defined),
    exact: ['numerator', 'denominator', 'answeredWithinTarget', 'abandonedWithinTarget', 'offered', 'reason'],
    shares: ['value'],
    excluded: ['queued', 'invalid'],
  },
};
const METRICS = Object.keys(CASES) as SqlMetric[];

function same(row: Row, r: ReturnType<Case['ts']>, c: Case, what: string): void {
  for (const k of c.exact) expect(row[k], `${what} ${k}`).toBe(r[k]);
  for (const k of c.shares) close(row[k], r[k] as number | null, `${what} ${k}`);
  for (const k of c.excluded) expect(row[k], `${what} excluded ${k}`).toBe(r.excluded[k]);
}

describe('metricSql of the contact metrics on DuckDB and PostgreSQL equals the TypeScript functions', () => {
  for (const metric of METRICS) {
    const c = CASES[metric] as Case;
    it(`${metric} (timestamps and epoch ms)`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(contact, { maxLength: 40 }), fc.boolean(), c.options, async (recs, epoch, o) => {
          const expected = c.ts({ contacts: plain(recs, epoch, TIMESTAMPS) as never }, { ...o, onInvalid: 'exclude' } as never);
          for (const engine of engines) {
            await load(engine, recs, epoch, CONTACT_COLUMNS);
            const [row] = await sqlRows(engine, metric, { timestamps: timestampsOf(epoch), ...o });
            const what = `${engine.dialect}${epoch ? ' epoch-ms' : ''} ${metric}`;
            expect(row?.['count'], what).toBe(recs.length);
            same(row as Row, expected, c, what);
          }
        }),
        { numRuns: 40 },
      );
    });
  }

  it('per period (by offeredAt or answeredAt; UTC, DST zones, a fixed offset) and per queue, as byPeriod with fill: false', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(contact, { maxLength: 40 }),
        fc.constantFrom(...METRICS).chain((m) => fc.tuple(fc.constant(m), (CASES[m] as Case).options)),
        fc.constantFrom('day', 'week', 'month', 'quarter'),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', '+05:30'),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(undefined, 'offeredAt', 'answeredAt'),
        async (recs, [metric, o], period, timeZone, split, epoch, at) => {
          const c = CASES[metric] as Case;
          const grouping = { period, timeZone, fill: false, ...(at === undefined ? {} : { at }), ...(split ? { by: 'queue' } : {}) };
          interface Cell {
            key?: string | null;
            count: number;
            result: ReturnType<Case['ts']>;
            segments?: { key: string | null; count: number; result: ReturnType<Case['ts']> }[];
          }
          const ours = byPeriod(c.ts as never, plain(recs, epoch, TIMESTAMPS), grouping as never, { ...o, onInvalid: 'exclude' } as never) as unknown as {
            periods: Cell[];
            undated: Cell | null;
          };
          const cells = new Map<string, { count: number; result: ReturnType<Case['ts']> }>();
          const add = (key: string | null, row: Cell) => {
            if (split) for (const s of row.segments ?? []) cells.set(JSON.stringify([key, s.key]), s);
            else cells.set(JSON.stringify([key]), row);
          };
          for (const p of ours.periods) add(p.key ?? null, p);
          if (ours.undated !== null && ours.undated.count > 0) add(null, ours.undated);
          for (const engine of engines) {
            await load(engine, recs, epoch, CONTACT_COLUMNS);
            const rows = await sqlRows(engine, metric, {
              period,
              timeZone,
              timestamps: timestampsOf(epoch),
              ...(at === undefined ? {} : { at }),
              ...(split ? { by: 'queue' } : {}),
              ...o,
            });
            const got = new Map(rows.map((r) => [JSON.stringify(split ? [r['period'], r['segment']] : [r['period']]), r]));
            expect([...got.keys()].sort(), `${engine.dialect} ${metric} cells`).toEqual([...cells.keys()].sort());
            for (const [key, cell] of cells) {
              const row = got.get(key) as Row;
              const what = `${engine.dialect} ${metric} ${key}`;
              expect(row['count'], what).toBe(cell.count);
              same(row, cell.result, c, what);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('runMetrics and runMetricGroups return the results of the TypeScript functions (invalid contacts counted, not listed)', async () => {
    const unlisted = (r: Record<string, unknown>) => ({ ...r, excluded: { ...(r['excluded'] as object), invalidIndices: [], invalidContacts: [] } });
    await withDuckdb(async ({ connection, engine }) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(contact, { maxLength: 30 }),
          fc.record({
            abandonmentRate: CASES.abandonmentRate?.options as fc.Arbitrary<Options>,
            serviceLevel: CASES.serviceLevel?.options as fc.Arbitrary<Options>,
          }),
          async (recs, o) => {
            await load(engine, recs, false, CONTACT_COLUMNS);
            const contacts = plain(recs, false, TIMESTAMPS) as never;
            const got = await runMetrics({ ...o, averageSpeedOfAnswer: {} } as never, 't', { connection, onInvalid: 'exclude' });
            for (const m of METRICS) {
              const expected = (CASES[m] as Case).ts({ contacts }, { ...(o as Record<string, Options>)[m], onInvalid: 'exclude' } as never);
              expect((got as Record<string, unknown>)[m], m).toEqual(unlisted(expected));
            }
            const groups = await runMetricGroups('serviceLevel', 't', { connection, onInvalid: 'exclude', period: 'month', ...o.serviceLevel });
            const ours = byPeriod(
              serviceLevel as never,
              contacts,
              { period: 'month', fill: false } as never,
              { ...o.serviceLevel, onInvalid: 'exclude' } as never,
            ) as unknown as {
              periods: { key: string; count: number; result: Record<string, unknown> }[];
              undated: { count: number; result: Record<string, unknown> } | null;
            };
            expect(groups.map((g) => [g.period, g.count, g.result])).toEqual([
              ...ours.periods.map((p) => [p.key, p.count, unlisted(p.result)]),
              ...(ours.undated !== null && ours.undated.count > 0 ? [[null, ours.undated.count, unlisted(ours.undated.result)]] : []),
            ]);
          },
        ),
        { numRuns: 30 },
      );
    });
  });
});
