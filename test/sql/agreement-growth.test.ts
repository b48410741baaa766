/**
 * The same numbers in TypeScript, on DuckDB and on PostgreSQL for the growth counts over customer
 * records: random customer sets (customers starting or ending exactly at the period's bounds or 1 ms
 * either side, still active, ending before they start, without a start) go through churnRate and
 * retentionRate (over the valid records: the TypeScript functions reject a set with an invalid one)
 * and through the SQL `metricSql` writes, on both engines, whole and per segment; and through
 * runMetrics. Counts must be equal; rates within 1e-12 relative.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { churnRate, retentionRate } from '../../src/index.js';
import { runMetrics } from '../../src/duckdb/index.js';
import { metricSql } from '../../src/sql/index.js';
import { type Row, bothEngines, withDuckdb } from './engines.js';
import { type Rec, close, edge, instant, load, orNull, plain } from './records.js';
import { accepted } from './results.js';

const engines = bothEngines();

const COLUMNS = [
  { name: 'startedAt', type: 'timestamp' },
  { name: 'endedAt', type: 'timestamp' },
  { name: 'plan', type: 'text' },
] as const;
const TIMESTAMPS = ['startedAt', 'endedAt'];
const DAY = 86_400_000;

/** Customers: a start (often one of the bounds' instants), an end after it (or before: invalid), a plan. */
const customer: fc.Arbitrary<Rec> = fc
  .record({
    startedAt: orNull(fc.oneof(edge, instant), 1),
    length: orNull(fc.oneof(fc.constantFrom(0, 1, -1, DAY), fc.integer({ min: 0, max: 200 * DAY }))),
    endAt: orNull(edge, 9),
    plan: orNull(fc.constantFrom('basic', 'pro')),
  })
  .map(({ startedAt, length, endAt, plan }) => ({
    startedAt,
    endedAt: endAt ?? (length === null ? null : (startedAt ?? Date.UTC(2024, 5, 1)) + length),
    plan,
  }));

/** The period: two instants in order (bounds often equal to customers' starts and ends). */
const bounds = fc.tuple(fc.oneof(edge, instant), fc.oneof(edge, instant)).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));

const FNS = { churnRate, retentionRate } as const;

/** The TypeScript result over the valid records of `recs`, and how many are invalid. */
function expected(name: keyof typeof FNS, recs: readonly Rec[], periodStart: number, periodEnd: number, options: Record<string, unknown>) {
  const customers = plain(recs, false, TIMESTAMPS);
  const valid = accepted(customers, (one) => FNS[name]({ customers: one as never, periodStart, periodEnd }));
  return {
    result: FNS[name]({ customers: valid as never, periodStart, periodEnd }, options) as unknown as Record<string, unknown>,
    invalid: customers.length - valid.length,
  };
}

function same(row: Row, r: Record<string, unknown>, invalid: number, name: keyof typeof FNS, what: string): void {
  const exact =
    name === 'churnRate'
      ? ['customersAtStart', 'customersLost', 'customersAtEnd', 'reason']
      : ['customersAtStart', 'customersAtEnd', 'retained', 'newCustomers', 'reason'];
  for (const k of exact) expect(row[k], `${what} ${k}`).toBe(r[k]);
  close(row['value'], r['value'] as number | null, `${what} value`);
  if (name === 'churnRate') close(row['denominator'], r['denominator'] as number, `${what} denominator`);
  expect(row['invalid'], `${what} invalid`).toBe(invalid);
}

describe('metricSql of the growth counts on DuckDB and PostgreSQL equals the TypeScript functions', () => {
  it('churnRate (start and average) and retentionRate, whole and per plan (timestamps and epoch ms)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(customer, { maxLength: 40 }),
        bounds,
        fc.constantFrom<keyof typeof FNS>('churnRate', 'retentionRate'),
        fc.constantFrom('start', 'average'),
        fc.boolean(),
        fc.boolean(),
        async (recs, [periodStart, periodEnd], name, method, split, epoch) => {
          const options = name === 'churnRate' ? { method } : {};
          const groups = split ? [...new Set(recs.map((r) => r['plan'] ?? null))] : [undefined];
          for (const engine of engines) {
            await load(engine, recs, epoch, COLUMNS);
            const sql = metricSql(name, {
              dialect: engine.dialect,
              from: 't',
              timestamps: epoch ? 'epoch-ms' : 'timestamp',
              periodStart: new Date(periodStart).toISOString(),
              periodEnd,
              ...(split ? { by: 'plan' } : {}),
              ...options,
            });
            const rows = await engine.rows(sql);
            expect(rows.length, `${engine.dialect} ${name} rows`).toBe(groups.length === 0 ? (split ? 0 : 1) : groups.length);
            for (const g of groups) {
              const row = (split ? rows.find((r) => r['segment'] === g) : rows[0]) as Row;
              const { result, invalid } = expected(name, split ? recs.filter((r) => (r['plan'] ?? null) === g) : recs, periodStart, periodEnd, options);
              same(row, result, invalid, name, `${engine.dialect}${epoch ? ' epoch-ms' : ''} ${name} ${String(g)}`);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('runMetrics returns the results of churnRate and retentionRate (invalid records left out with onInvalid: exclude, else an error)', async () => {
    await withDuckdb(async ({ connection, engine }) => {
      await fc.assert(
        fc.asyncProperty(fc.array(customer, { maxLength: 30 }), bounds, fc.constantFrom('start', 'average'), async (recs, [periodStart, periodEnd], method) => {
          await load(engine, recs, false, COLUMNS);
          const o = { periodStart, periodEnd };
          const got = await runMetrics({ churnRate: { ...o, method: method, confidence: 0.9 }, retentionRate: o }, 't', {
            connection,
            onInvalid: 'exclude',
          });
          expect(got.churnRate).toEqual(expected('churnRate', recs, periodStart, periodEnd, { method, confidence: 0.9 }).result);
          const retention = expected('retentionRate', recs, periodStart, periodEnd, {});
          expect(got.retentionRate).toEqual(retention.result);
          if (retention.invalid > 0) await expect(runMetrics({ retentionRate: o }, 't', { connection })).rejects.toThrow(/invalid row/);
        }),
        { numRuns: 30 },
      );
    });
  });

  it('rejects periods and checks the period bounds as the TypeScript functions do', () => {
    const base = { dialect: 'duckdb' as const, from: 'customers' };
    expect(() => metricSql('churnRate', { ...base, periodStart: '2024-01-01', periodEnd: '2024-02-01', period: 'month' })).toThrow(/one query per period/);
    expect(() => metricSql('retentionRate', { ...base, periodStart: '2024-01-01' })).toThrow(/periodEnd/);
    expect(() => metricSql('churnRate', { ...base, periodStart: '2024-02-01', periodEnd: '2024-01-01' })).toThrow(/periodEnd/);
    expect(() => metricSql('churnRate', { ...base, periodStart: '2024-01-01', periodEnd: '2024-02-01', method: 'end' as never })).toThrow(/method/);
  });
});
