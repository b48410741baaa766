/**
 * The same numbers in TypeScript, on DuckDB and on PostgreSQL for the revenue metrics over customer
 * records: random customer sets (starts and ends on the period's bounds or 1 ms either side, MRR as
 * DECIMAL / NUMERIC, double or text columns with up to 12 decimal places, missing, negative or
 * unreadable MRR, customers active at periodStart without one, currency codes valid, invalid and
 * mixed) go through revenueChurn and revenueRetention (over the valid records: the TypeScript
 * functions reject a set with an invalid one) and through the SQL `metricSql` writes, on both
 * engines, whole and per plan; and through runMetrics. Amounts must be equal to the last digit (the
 * KpiDecimal strings), counts equal, rates within 1e-12 relative; mixed currencies are the error of
 * the TypeScript functions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiDecimal, KpiInputError, revenueChurn, revenueRetention } from '../../src/index.js';
import { runMetricGroups, runMetrics } from '../../src/duckdb/index.js';
import { metricSql } from '../../src/sql/index.js';
import { type Engine, type Row, bothEngines, withDuckdb } from './engines.js';
import { close, edge, instant, orNull } from './records.js';
import { accepted } from './results.js';
import { type Customer, type MrrType, loadCustomers, tsCustomers } from './customers.js';

const engines = bothEngines();
const DAY = 86_400_000;

/** Exact amounts: whole numbers, cents, up to 12 decimal places, ties; invalid ones (negative). */
const exactMrr = fc.oneof(
  fc.constantFrom('0', '60', '40.00', '0.1', '0.2', '0.000000000001', '12345678901234.123456789012', '-1', '-0.01'),
  fc
    .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 999_999 }))
    .map(([units, places, frac]) => (places === 0 ? String(units) : `${units}.${String(frac).padStart(6, '0').repeat(2).slice(0, places)}`)),
);
/** Amounts a double holds as the decimal it prints (at most 15 significant digits), as JavaScript reads them. */
const doubleMrr = fc.oneof(
  fc.constantFrom('0', '60', '0.1', '0.2', '0.3', '1e-7', '123456789.1234', '-2.5'),
  fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 4 })).map(([units, places]) => String(units / 10 ** places)),
);
/** Text amounts in the forms both the TypeScript functions and the databases read. */
const textMrr = fc.oneof(exactMrr, fc.constantFrom('.5', '1.5e3', '+7', '2.50e-3', '1E2'));

/** A start in the year before the periods. */
const before = fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2024, 0, 1) });

function customer(mrr: fc.Arbitrary<string>): fc.Arbitrary<Customer> {
  return fc
    .record({
      // Often before the period (active at its start), else on its bounds or within it.
      startedAt: orNull(fc.oneof(before, edge, instant), 1),
      length: orNull(fc.oneof(fc.constantFrom(0, 1, -1, DAY), fc.integer({ min: 0, max: 400 * DAY }))),
      endAt: orNull(edge, 20),
      mrr: orNull(mrr, 1),
      currency: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(null, 'EUR') }, { weight: 1, arbitrary: fc.constantFrom('USD', 'eur') }),
      plan: orNull(fc.constantFrom('basic', 'pro')),
    })
    .map(({ startedAt, length, endAt, mrr: m, currency, plan }) => ({
      startedAt,
      endedAt: endAt ?? (length === null ? null : (startedAt ?? Date.UTC(2024, 5, 1)) + length),
      mrr: m,
      currency,
      plan,
    }));
}

const customersOf = (type: MrrType) => fc.array(customer(type === 'double' ? doubleMrr : type === 'text' ? textMrr : exactMrr), { maxLength: 30 });

/** The period: two instants in order. */
const bounds = fc.tuple(fc.oneof(edge, instant), fc.oneof(edge, instant)).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));

const FNS = { revenueChurn, revenueRetention } as const;
type Name = keyof typeof FNS;

/** The TypeScript result over the valid customers (or its error, for mixed currencies), and how many are invalid. */
function expected(name: Name, customers: readonly Record<string, unknown>[], periodStart: number, periodEnd: number) {
  const valid = accepted(customers, (one) => FNS[name]({ customers: one as never, periodStart, periodEnd }));
  const invalid = customers.length - valid.length;
  try {
    return { result: FNS[name]({ customers: valid as never, periodStart, periodEnd }) as unknown as Record<string, unknown>, error: null, invalid };
  } catch (e) {
    return { result: null, error: e as Error, invalid };
  }
}

const AMOUNTS: Readonly<Record<Name, readonly string[]>> = {
  revenueChurn: ['startingMrr', 'churnedMrr', 'lostMrr', 'netLostMrr'],
  revenueRetention: ['startingMrr', 'churnedMrr', 'retainedMrr', 'endingMrr'],
};

/** The row equals the result: amounts as the same KpiDecimal strings, rates within 1e-12, reason and currency exactly. */
function same(row: Row, r: Record<string, unknown>, invalid: number, name: Name, what: string): void {
  for (const k of AMOUNTS[name]) {
    expect(typeof row[k], `${what} ${k} is text`).toBe('string');
    expect(new KpiDecimal(row[k] as string).toString(), `${what} ${k}`).toBe((r[k] as KpiDecimal).toString());
    // The text itself is the plain decimal: no trailing zeros.
    expect(row[k], `${what} ${k} text`).toBe((r[k] as KpiDecimal).toFixed());
  }
  for (const k of ['value', 'gross', 'net']) close(row[k], r[k] as number | null, `${what} ${k}`);
  expect(row['reason'], `${what} reason`).toBe(r['reason']);
  expect(row['currency'], `${what} currency`).toBe(r['currency']);
  expect(row['invalid'], `${what} invalid`).toBe(invalid);
}

describe('metricSql of the revenue metrics on DuckDB and PostgreSQL equals revenueChurn and revenueRetention', () => {
  for (const type of ['decimal', 'double', 'text'] as const) {
    it(`exact amounts and rates, whole and per plan (mrr as a ${type} column)`, async () => {
      await fc.assert(
        fc.asyncProperty(
          customersOf(type),
          bounds,
          fc.constantFrom<Name>('revenueChurn', 'revenueRetention'),
          fc.boolean(),
          async (recs, [periodStart, periodEnd], name, split) => {
            const groups = split ? [...new Set(recs.map((r) => r.plan))] : [undefined];
            for (const engine of engines) {
              await loadCustomers(engine, recs, false, type);
              const sql = metricSql(name, {
                dialect: engine.dialect,
                from: 't',
                periodStart: new Date(periodStart).toISOString(),
                periodEnd,
                ...(split ? { by: 'plan' } : {}),
              });
              const rows = await engine.rows(sql);
              expect(rows.length, `${engine.dialect} ${name} rows`).toBe(split ? groups.length : 1);
              for (const g of groups) {
                const row = (split ? rows.find((r) => r['segment'] === g) : rows[0]) as Row;
                const mine = split ? recs.filter((r) => r.plan === g) : recs;
                const { result, error, invalid } = expected(name, tsCustomers(mine, false, type), periodStart, periodEnd);
                const what = `${engine.dialect} ${type} ${name} ${String(g)}`;
                if (error !== null) {
                  // Mixed currencies: the TypeScript function raises; the row says how many codes there are.
                  expect(error.message, what).toMatch(/currencies cannot be mixed/);
                  expect(row['currencies'], `${what} currencies`).toBe(2);
                  expect(row['currency'], `${what} currency`).toBeNull();
                } else {
                  same(row, result, invalid, name, what);
                  expect(row['currencies'], `${what} currencies`).toBe(result?.['currency'] === null ? 0 : 1);
                }
              }
            }
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('runMetrics returns the results of revenueChurn and revenueRetention (invalid records left out with onInvalid: exclude; mixed currencies an error)', async () => {
    await withDuckdb(async ({ connection, engine }) => {
      await fc.assert(
        fc.asyncProperty(customersOf('decimal'), bounds, async (recs, [periodStart, periodEnd]) => {
          await loadCustomers(engine, recs, false);
          const o = { periodStart, periodEnd };
          const churn = expected('revenueChurn', tsCustomers(recs, false), periodStart, periodEnd);
          const retention = expected('revenueRetention', tsCustomers(recs, false), periodStart, periodEnd);
          const run = runMetrics({ revenueChurn: o, revenueRetention: o }, 't', { connection, onInvalid: 'exclude' });
          if (churn.error !== null) {
            await expect(run).rejects.toThrow(/currencies cannot be mixed/);
            return;
          }
          const got = await run;
          expect(got.revenueChurn).toEqual(churn.result);
          expect(got.revenueRetention).toEqual(retention.result);
          expect(Object.isFrozen(got.revenueChurn)).toBe(true);
          if (churn.invalid > 0) await expect(runMetrics({ revenueChurn: o }, 't', { connection })).rejects.toThrow(/invalid row/);
        }),
        { numRuns: 40 },
      );
    });
  });

  it('the worked example of revenueChurn: starting MRR 60 + 40.00 = 100, of which 40 churned: 0.4 (GRR 0.6)', async () => {
    // Customer a (60) active through the period; b ('40.00') leaves on 2024-05-10, inside it; c starts after periodStart.
    const query = `select * from (values
      (TIMESTAMPTZ '2024-01-15 00:00:00Z', CAST(NULL AS TIMESTAMPTZ), CAST(60 AS DECIMAL(10, 2)), 'EUR'),
      (TIMESTAMPTZ '2024-02-01 00:00:00Z', TIMESTAMPTZ '2024-05-10 00:00:00Z', CAST('40.00' AS DECIMAL(10, 2)), 'EUR'),
      (TIMESTAMPTZ '2024-04-02 00:00:00Z', CAST(NULL AS TIMESTAMPTZ), CAST(25 AS DECIMAL(10, 2)), NULL)) as t("startedAt", "endedAt", mrr, currency)`;
    const o = { periodStart: '2024-04-01', periodEnd: '2024-07-01' };
    const r = await runMetrics({ revenueChurn: o, revenueRetention: o }, { query });
    expect(r.revenueChurn.startingMrr.toString()).toBe('100');
    expect(r.revenueChurn.churnedMrr.toString()).toBe('40');
    expect(r.revenueChurn.value).toBe(0.4);
    expect(r.revenueChurn.currency).toBe('EUR');
    expect(r.revenueRetention.value).toBe(0.6);
    expect(r.revenueRetention.retainedMrr.toString()).toBe('60');
    // Per currency: EUR's two customers, and the one without a code.
    const groups = await runMetricGroups('revenueChurn', { query }, { ...o, by: 'currency' });
    expect(groups.map((g) => [g.segment, g.count, g.result.startingMrr.toString(), g.result.value])).toEqual([
      ['EUR', 2, '100', 0.4],
      [null, 1, '0', null],
    ]);
  });

  it('mixed currencies raise the error of the TypeScript functions, whatever onInvalid says', async () => {
    const query = `select * from (values
      (TIMESTAMPTZ '2024-01-15 00:00:00Z', CAST(10 AS DECIMAL(10, 2)), 'EUR'),
      (TIMESTAMPTZ '2024-01-16 00:00:00Z', CAST(20 AS DECIMAL(10, 2)), 'USD')) as t("startedAt", mrr, currency)`;
    const o = { periodStart: '2024-04-01', periodEnd: '2024-07-01' };
    expect(() =>
      revenueChurn({
        customers: [
          { startedAt: '2024-01-15', mrr: 10, currency: 'EUR' },
          { startedAt: '2024-01-16', mrr: 20, currency: 'USD' },
        ],
        ...o,
      }),
    ).toThrow(/currencies cannot be mixed/);
    await expect(runMetrics({ revenueChurn: o }, { query }, { columns: { endedAt: null }, onInvalid: 'exclude' })).rejects.toThrow(KpiInputError);
    await expect(runMetrics({ revenueRetention: o }, { query }, { columns: { endedAt: null } })).rejects.toThrow(/currencies cannot be mixed/);
  });

  it('DuckDB stops on an amount its DECIMAL(38, 12) cannot hold (13 decimal places, a sum past 1e26); PostgreSQL sums it exactly', async () => {
    const o = { periodStart: '2024-04-01', periodEnd: '2024-07-01', columns: { endedAt: null, currency: null } } as const;
    const fine = `select * from (values (TIMESTAMPTZ '2024-01-15 00:00:00Z', '0.0000000000001'), (TIMESTAMPTZ '2024-01-15 00:00:00Z', '1')) as t("startedAt", mrr)`;
    // 1 + 0.0000000000001 exactly, as revenueChurn sums it.
    const customers = [
      { startedAt: '2024-01-15', mrr: '0.0000000000001' },
      { startedAt: '2024-01-15', mrr: '1' },
    ];
    expect(revenueChurn({ customers, periodStart: o.periodStart, periodEnd: o.periodEnd }).startingMrr.toString()).toBe('1.0000000000001');
    for (const engine of engines) {
      const sql = metricSql('revenueChurn', { dialect: engine.dialect, from: { query: fine }, ...o });
      if (engine.dialect === 'duckdb') await expect(engine.rows(sql)).rejects.toThrow(/more than 12 decimal places/);
      else expect((await engine.rows(sql))[0]?.['startingMrr']).toBe('1.0000000000001');
    }
    // Two amounts of 6e25 each: 1.2e26 in all.
    const big = `select * from (values (TIMESTAMPTZ '2024-01-15 00:00:00Z', '60000000000000000000000000'), (TIMESTAMPTZ '2024-01-15 00:00:00Z', '60000000000000000000000000')) as t("startedAt", mrr)`;
    for (const engine of engines) {
      const sql = metricSql('revenueChurn', { dialect: engine.dialect, from: { query: big }, ...o });
      if (engine.dialect === 'duckdb') await expect(engine.rows(sql)).rejects.toThrow(/reaches 1e26/);
      else expect((await engine.rows(sql))[0]?.['startingMrr']).toBe('120000000000000000000000000');
    }
  });

  it('every column type gives its exact decimal on DuckDB: integers, DECIMAL of up to 12 places (cast), of more places, doubles and texts (parsed)', async () => {
    const duck = engines.find((e) => e.dialect === 'duckdb') as Engine;
    const o = { periodStart: '2024-04-01', periodEnd: '2024-07-01', columns: { endedAt: null, currency: null } } as const;
    // Each: the column, and the starting MRR of its two customers (both active at periodStart), summed by hand.
    const cases: [string, string][] = [
      [`CAST(x AS BIGINT)`, '3'],
      [`CAST(x AS HUGEINT)`, '3'],
      [`CAST(x / 4 AS DECIMAL(18, 2))`, '0.75'],
      [`CAST(x / 8 AS DECIMAL(38, 12))`, '0.375'],
      [`CAST(x / 16 AS DECIMAL(38, 20))`, '0.1875'],
      [`CAST(x / 10 AS DOUBLE)`, '0.3'],
      [`CAST(x * 1e-13 AS DECIMAL(38, 20))`, 'error'],
      [`CAST(x / 10 AS VARCHAR) || 'e-3'`, '0.0003'],
    ];
    for (const [column, expected] of cases) {
      const query = `select TIMESTAMPTZ '2024-01-15 00:00:00Z' as "startedAt", ${column} as mrr from (values (1), (2)) as v(x)`;
      const sql = metricSql('revenueChurn', { dialect: 'duckdb', from: { query }, ...o });
      if (expected === 'error') await expect(duck.rows(sql), column).rejects.toThrow(/more than 12 decimal places/);
      else expect((await duck.rows(sql))[0]?.['startingMrr'], column).toBe(expected);
    }
  });

  it('a source without an mrr column: every customer active at periodStart is invalid (a missing MRR is not 0)', async () => {
    // a started before the period (active at its start, no MRR: invalid); b starts within it (needs none).
    const query = `select * from (values (TIMESTAMPTZ '2024-01-15 00:00:00Z'), (TIMESTAMPTZ '2024-05-01 00:00:00Z')) as t("startedAt")`;
    const o = { periodStart: '2024-04-01', periodEnd: '2024-07-01' };
    const columns = { endedAt: null, mrr: null, currency: null };
    expect(() => revenueRetention({ customers: [{ startedAt: '2024-01-15' }, { startedAt: '2024-05-01' }], ...o })).toThrow(/mrr is required/);
    await expect(runMetrics({ revenueRetention: o }, { query }, { columns })).rejects.toThrow(/1 invalid row/);
    const r = await runMetrics({ revenueRetention: o }, { query }, { columns, onInvalid: 'exclude' });
    expect(r.revenueRetention).toEqual(revenueRetention({ customers: [{ startedAt: '2024-05-01' }], ...o }));
    expect(r.revenueRetention.value).toBeNull();
  });

  it('rejects periods and checks the period bounds as the TypeScript functions do', () => {
    const base = { dialect: 'postgres' as const, from: 'customers' };
    expect(() => metricSql('revenueChurn', { ...base, periodStart: '2024-01-01', periodEnd: '2024-02-01', period: 'month' })).toThrow(/one query per period/);
    expect(() => metricSql('revenueRetention', { ...base, periodStart: '2024-01-01' })).toThrow(/periodEnd/);
    expect(() => metricSql('revenueChurn', { ...base, periodStart: '2024-02-01', periodEnd: '2024-01-01' })).toThrow(/periodEnd/);
    expect(
      metricSql('revenueRetention', { ...base, periodStart: '2024-01-01', periodEnd: '2024-02-01', columns: { mrr: 'mrr_eur', currency: null } }),
    ).toContain('CAST(CAST("mrr_eur" AS TEXT) AS NUMERIC)');
  });
});
