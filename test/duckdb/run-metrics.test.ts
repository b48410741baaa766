/**
 * runMetrics (kpi-kit/duckdb): the same result objects as the TypeScript functions, from DuckDB.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KpiInputError, averageHandleTime, byPeriod, bySegment, ces, csat, firstResponseTime, nps, resolutionRate, resolutionTime } from '../../src/index.js';
import { runMetricGroups, runMetrics } from '../../src/duckdb/index.js';
import { loader } from '../../src/duckdb/run-metrics.js';
import { same } from '../sql/results.js';

const dir = mkdtempSync(join(tmpdir(), 'kpi-kit-duckdb-run-'));
let instance: DuckDBInstance;
let connection: Awaited<ReturnType<DuckDBInstance['connect']>>;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** The TypeScript result with its listed invalid records taken out (SQL rows are counted, not listed). */
function unlisted<T extends { excluded?: object }>(r: T): T {
  if (r.excluded === undefined) return r;
  const e = r.excluded as Record<string, unknown>;
  return {
    ...r,
    excluded: { ...e, invalidIndices: [], ...('invalidTickets' in e ? { invalidTickets: [] } : {}), ...('invalidRecords' in e ? { invalidRecords: [] } : {}) },
  };
}

const HOUR = 3_600_000;
const ticket = fc.record({
  createdAt: fc.oneof(fc.constant(null), fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 11, 31) })),
  frt: fc.oneof(fc.constant(null), fc.constantFrom(0, HOUR, 2 * HOUR), fc.integer({ min: -HOUR, max: 48 * HOUR })),
  res: fc.oneof(fc.constant(null), fc.constantFrom(0, HOUR), fc.integer({ min: -HOUR, max: 96 * HOUR })),
  status: fc.constantFrom(null, 'solved', 'Closed', 'open'),
  csat: fc.constantFrom(null, 1, 2, 3, 4, 5, 6),
  nps: fc.constantFrom(null, 0, 5, 6, 7, 8, 9, 10, 11),
  ces: fc.constantFrom(null, 1, 4, 5, 7, 8),
  handleTimeMs: fc.constantFrom(null, 0, 1, 90_000, 90_000, -1),
  channel: fc.constantFrom(null, 'email', 'chat'),
});
type T = typeof ticket extends fc.Arbitrary<infer U> ? U : never;

async function load(ts: readonly T[]): Promise<void> {
  await connection.run(
    'CREATE OR REPLACE TABLE t ("createdAt" TIMESTAMPTZ, "firstResponseAt" TIMESTAMPTZ, "resolvedAt" TIMESTAMPTZ, status TEXT, csat DOUBLE, nps DOUBLE, ces DOUBLE, "handleTimeMs" BIGINT, channel TEXT)',
  );
  const at = (ms: number | null) => (ms === null ? 'NULL' : `TIMESTAMPTZ '${new Date(ms).toISOString()}'`);
  if (ts.length === 0) return;
  const values = ts.map(
    (t) =>
      `(${at(t.createdAt)}, ${at(t.createdAt === null || t.frt === null ? null : t.createdAt + t.frt)}, ${at(t.createdAt === null || t.res === null ? null : t.createdAt + t.res)}, ${t.status === null ? 'NULL' : `'${t.status}'`}, ${String(t.csat)}, ${String(t.nps)}, ${String(t.ces)}, ${String(t.handleTimeMs)}, ${t.channel === null ? 'NULL' : `'${t.channel}'`})`,
  );
  await connection.run(`INSERT INTO t VALUES ${values.join(', ')}`);
}

function records(ts: readonly T[]): Record<string, unknown>[] {
  return ts.map((t) => {
    const r: Record<string, unknown> = {};
    if (t.createdAt !== null) r['createdAt'] = t.createdAt;
    if (t.createdAt !== null && t.frt !== null) r['firstResponseAt'] = t.createdAt + t.frt;
    if (t.createdAt !== null && t.res !== null) r['resolvedAt'] = t.createdAt + t.res;
    if (t.status !== null) r['status'] = t.status;
    if (t.handleTimeMs !== null) r['handleTimeMs'] = t.handleTimeMs;
    if (t.channel !== null) r['channel'] = t.channel;
    return r;
  });
}

const COLUMNS = { firstResponseMs: null, resolutionMs: null };

describe('runMetrics', () => {
  it('returns the results of the TypeScript functions (property, random tickets with invalid ones excluded)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ticket, { maxLength: 30 }), fc.constantFrom(0.9, 0.95), async (ts, confidence) => {
        await load(ts);
        const r = await runMetrics(
          {
            firstResponseTime: { percentiles: [50, 90] },
            resolutionTime: { targetMs: HOUR },
            averageHandleTime: {},
            resolutionRate: { confidence },
            csat: { confidence },
            nps: {},
            ces: { scale: '1-7' },
          },
          't',
          { connection, columns: COLUMNS, onInvalid: 'exclude' },
        );
        const tickets = records(ts) as never;
        same(r.firstResponseTime, unlisted(firstResponseTime({ tickets }, { percentiles: [50, 90], onInvalid: 'exclude' })));
        same(r.resolutionTime, unlisted(resolutionTime({ tickets }, { targetMs: HOUR, onInvalid: 'exclude' })));
        same(r.averageHandleTime, unlisted(averageHandleTime({ tickets }, { onInvalid: 'exclude' })));
        same(r.resolutionRate, unlisted(resolutionRate({ tickets }, { confidence, onInvalid: 'exclude' })));
        // Survey answers are read alone (no createdAt check): the TypeScript side gets every answer on a dated ticket.
        const answers = ts.map((t) => ({ createdAt: 0, ...(t.csat === null ? {} : { csat: t.csat }) }));
        same(r.csat, unlisted(csat({ tickets: answers }, { confidence, onInvalid: 'exclude' })));
        same(r.nps, nps({ responses: ts.flatMap((t) => (t.nps !== null && t.nps <= 10 ? [t.nps] : [])) }));
        same(r.ces, ces({ responses: ts.flatMap((t) => (t.ces !== null && t.ces <= 7 ? [t.ces] : [])) }, { scale: '1-7' }));
        expect(Object.isFrozen(r.firstResponseTime) && Object.isFrozen(r.csat.excluded) && Object.isFrozen(r)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('runMetricGroups gives the rows of byPeriod (fill: false) and the segments of bySegment (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ticket, { maxLength: 30 }),
        fc.constantFrom(undefined, 'day', 'week', 'month'),
        fc.constantFrom('UTC', 'Europe/Berlin', '-03:00'),
        fc.boolean(),
        fc.constantFrom('firstResponseTime', 'resolutionTime', 'resolutionRate'),
        async (ts, period, timeZone, split, metric) => {
          await load(ts);
          const by = split || period === undefined ? 'channel' : undefined;
          const groups = await runMetricGroups(metric, 't', {
            connection,
            columns: COLUMNS,
            onInvalid: 'exclude',
            ...(metric === 'resolutionRate' ? {} : { percentiles: [50] }),
            ...(period === undefined ? {} : { period, timeZone }),
            ...(by === undefined ? {} : { by }),
          });
          const fns = { firstResponseTime, resolutionTime, resolutionRate } as const;
          const tickets = records(ts) as never;
          const options = { onInvalid: 'exclude', ...(metric === 'resolutionRate' ? {} : { percentiles: [50] }) } as never;
          const expected = new Map<string, { count: number; result: unknown }>();
          type Row = { key: string | null; count: number; result: unknown; segments?: { key: unknown; count: number; result: unknown }[] };
          if (period === undefined) {
            for (const s of bySegment(fns[metric] as never, tickets, 'channel', options).segments as { key: unknown; count: number; result: unknown }[])
              expected.set(JSON.stringify([s.key]), s);
          } else {
            const r = byPeriod(
              fns[metric] as never,
              tickets,
              { period, timeZone, fill: false, ...(by === undefined ? {} : { by }) } as never,
              options,
            ) as unknown as { periods: Row[]; undated: Row | null };
            const rows = [...r.periods, ...(r.undated !== null && r.undated.count > 0 ? [{ ...r.undated, key: null }] : [])];
            for (const p of rows) {
              if (by === undefined) expected.set(JSON.stringify([p.key]), p);
              else for (const s of p.segments ?? []) expected.set(JSON.stringify([p.key, s.key]), s);
            }
          }
          const got = new Map(
            groups.map((g) => [JSON.stringify(period === undefined ? [g.segment] : by === undefined ? [g.period] : [g.period, g.segment]), g]),
          );
          expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
          for (const [key, e] of expected) {
            expect(got.get(key)?.count, key).toBe(e.count);
            same(got.get(key)?.result, unlisted(e.result as { excluded?: object }), key);
          }
          expect(Object.isFrozen(groups) && groups.every((g) => Object.isFrozen(g.result))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('opens its own in-memory database when given no connection, and reads a CSV file (worked example of docs/metrics.md#firstresponsetime)', async () => {
    const file = join(dir, 'tickets.csv');
    writeFileSync(
      file,
      'createdAt,firstResponseAt,csat\n2024-05-06T08:00:00Z,2024-05-06T10:00:00Z,5\n2024-05-06T09:00:00Z,2024-05-06T10:00:00Z,3\n2024-05-06T11:00:00Z,,\n',
    );
    const r = await runMetrics(['firstResponseTime', 'csat'], { csv: file }, { columns: { firstResponseMs: null } });
    // 2 h and 1 h → mean 1.5 h; one unanswered. CSAT: 5 satisfied, 3 not → 0.5.
    expect(r.firstResponseTime).toEqual({
      ...unlisted(
        firstResponseTime({ tickets: [{ createdAt: 0, firstResponseMs: 7_200_000 }, { createdAt: 0, firstResponseMs: 3_600_000 }, { createdAt: 0 }] }),
      ),
    });
    expect(r.firstResponseTime.value).toBe(5_400_000);
    expect(r.csat.value).toBe(0.5);
    expect(r.csat.excluded.unanswered).toBe(1);
  });

  it('throws on invalid rows by default, as the TypeScript functions do', async () => {
    const query = `SELECT TIMESTAMPTZ '2024-05-06 10:00:00Z' AS "createdAt", TIMESTAMPTZ '2024-05-06 08:00:00Z' AS "firstResponseAt"`;
    const e = await runMetrics(['firstResponseTime'], { query }, { columns: { firstResponseMs: null } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KpiInputError);
    expect((e as KpiInputError).message).toMatch(/firstResponseTime: 1 invalid row .*onInvalid: 'exclude'/);
  });

  it('names the missing peer dependency when @duckdb/node-api cannot be loaded', async () => {
    const load = loader.load;
    loader.load = () => Promise.reject(new Error("Cannot find package '@duckdb/node-api'"));
    try {
      const e = await runMetrics(['nps'], 't').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(KpiInputError);
      expect((e as KpiInputError).message).toMatch(/optional peer dependency @duckdb\/node-api is not installed \(npm install @duckdb\/node-api\)/);
    } finally {
      loader.load = load;
    }
  });

  it("loads DuckDB from the module's default export when its exports are not named (as some bundlers give CommonJS)", async () => {
    const load = loader.load;
    loader.load = async () => ({ default: await load() });
    try {
      const r = await runMetrics(['nps'], { query: 'select 10 as nps union all select 0' });
      // One promoter, one detractor: (1 − 1) / 2 × 100 = 0.
      expect([r.nps.n, r.nps.value]).toEqual([2, 0]);
    } finally {
      loader.load = load;
    }
  });

  it('rejects bad arguments before loading DuckDB', async () => {
    const cases: [Promise<unknown>, RegExp][] = [
      [runMetrics([] as never, 't'), /non-empty array or object of metrics/],
      [runMetrics('csat' as never, 't'), /non-empty array or object of metrics/],
      [runMetrics(['aht' as never], 't'), /one of firstResponseTime/],
      [runMetrics({ csat: 5 } as never, 't'), /an object of options/],
      [runMetrics(['csat'], 't', { onInvalid: 'skip' as never }), /'throw' or 'exclude'/],
      [runMetrics(['csat'], 't', { database: 5 as never }), /database file path/],
      [runMetrics(['csat'], 't', { engine: 'x' } as never), /engine/],
    ];
    for (const [p, message] of cases) {
      const e = await p.catch((x: unknown) => x);
      expect(e).toBeInstanceOf(KpiInputError);
      expect((e as KpiInputError).message).toMatch(message);
    }
  });
});
