/**
 * runMetrics and runMetricGroups (kpi-kit/duckdb) for the ticket metrics beyond the first four: the
 * result objects of the TypeScript functions, from DuckDB, with invalid tickets counted rather than
 * listed.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KpiInputError,
  agentWaitTime,
  agentWorkTime,
  byPeriod,
  firstContactResolution,
  firstResolutionTime,
  onHoldTime,
  reopenRate,
  reopensPerTicket,
  repliesPerTicket,
  requesterWaitTime,
  slaCompliance,
  volumeByChannel,
} from '../../src/index.js';
import { runMetricGroups, runMetrics } from '../../src/duckdb/index.js';
import { type Engine } from './engines.js';
import { HOUR, load, plain, ticketRecord } from './records.js';

let instance: DuckDBInstance;
let connection: Awaited<ReturnType<DuckDBInstance['connect']>>;
let engine: Engine;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
  engine = {
    dialect: 'duckdb',
    exec: async (sql) => {
      await connection.run(sql);
    },
    rows: async (sql) => (await connection.runAndReadAll(sql)).getRowObjects(),
    close: () => Promise.resolve(),
  };
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

/** Equal, numbers within 1e-12 relative (means and quantiles: one rounding may differ), everything else exactly. */
function same(actual: unknown, expected: unknown, path = 'result'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(actual), Math.abs(expected)));
  } else if (typeof expected === 'object' && expected !== null) {
    expect(typeof actual, path).toBe('object');
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) same((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
  } else expect(actual, path).toBe(expected);
}

/** The TypeScript result with its listed invalid records taken out (SQL rows are counted, not listed). */
function unlisted(r: unknown): unknown {
  const e = (r as { excluded?: Record<string, unknown> }).excluded;
  return e === undefined ? r : { ...(r as object), excluded: { ...e, invalidIndices: [], invalidTickets: [] } };
}

const FNS = {
  firstResolutionTime,
  requesterWaitTime,
  agentWaitTime,
  onHoldTime,
  agentWorkTime,
  reopenRate,
  firstContactResolution,
  repliesPerTicket,
  reopensPerTicket,
  slaCompliance,
  volumeByChannel,
} as const;
type Name = keyof typeof FNS;

/** Options of each metric (for both paths), from the random source. */
const metricOptions = fc.record({
  firstResolutionTime: fc.constantFrom({}, { percentiles: [50, 95], targetMs: HOUR }),
  requesterWaitTime: fc.constantFrom({}, { targetMs: 0 }),
  agentWaitTime: fc.constant({}),
  onHoldTime: fc.constantFrom({}, { percentiles: [25] }),
  agentWorkTime: fc.constant({}),
  reopenRate: fc.constantFrom({}, { confidence: 0.9 }),
  firstContactResolution: fc.constantFrom(
    {},
    { basis: 'received' as const },
    { method: 'flag' as const, confidence: 0.99 },
    { method: 'repeat-window' as const },
    { method: 'repeat-window' as const, windowDays: 1, sameTopic: false },
  ),
  repliesPerTicket: fc.constantFrom({}, { percentiles: [50, 99] }),
  reopensPerTicket: fc.constant({}),
  slaCompliance: fc.constantFrom(
    {},
    { asOf: Date.UTC(2024, 6, 1) },
    { targets: { firstResponseMs: HOUR, byPriority: { High: { resolutionMs: 4 * HOUR } } }, asOf: '2024-07-01T00:00:00Z' },
  ),
  volumeByChannel: fc.constantFrom({}, { by: 'priority' }, { by: 'status' }),
});

describe('runMetrics of the ticket metrics', () => {
  it('returns the results of the TypeScript functions (property: random tickets, invalid ones excluded)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ticketRecord, { maxLength: 30 }), metricOptions, async (recs, options) => {
        await load(engine, recs, false);
        const got = (await runMetrics(options as never, 't', { connection, onInvalid: 'exclude' })) as Record<string, unknown>;
        const tickets = plain(recs, false);
        for (const name of Object.keys(FNS) as Name[]) {
          const expected = (FNS[name] as (i: unknown, o: unknown) => unknown)({ tickets }, { ...options[name], onInvalid: 'exclude' });
          same(got[name], unlisted(expected), name);
          expect(Object.isFrozen(got[name]), name).toBe(true);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('runMetricGroups gives the rows of byPeriod with fill: false (property: count distributions, SLA compliance, volume by key)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ticketRecord, { maxLength: 30 }),
        fc.constantFrom<Name>('repliesPerTicket', 'slaCompliance', 'volumeByChannel', 'reopenRate', 'firstResolutionTime'),
        fc.constantFrom('month', 'week', 'quarter'),
        metricOptions,
        async (recs, name, period, options) => {
          await load(engine, recs, false);
          const o = options[name] as Record<string, unknown>;
          const groups = await runMetricGroups(name, 't', { connection, onInvalid: 'exclude', period, timeZone: 'Europe/Berlin', ...o });
          const ours = byPeriod(
            FNS[name] as never,
            plain(recs, false),
            { period, timeZone: 'Europe/Berlin', fill: false } as never,
            { ...o, onInvalid: 'exclude' } as never,
          ) as unknown as {
            periods: { key: string; count: number; result: unknown }[];
            undated: { count: number; result: unknown } | null;
          };
          const expected = [
            ...ours.periods.map((p) => ({ period: p.key, count: p.count, result: unlisted(p.result) })),
            ...(ours.undated !== null && ours.undated.count > 0 ? [{ period: null, count: ours.undated.count, result: unlisted(ours.undated.result) }] : []),
          ];
          same(
            groups.map((g) => ({ ...g })),
            expected,
            `${name} groups`,
          );
        },
      ),
      { numRuns: 30 },
    );
  });

  it("rejects what it cannot run: by beside a metric split by a field of its own, by for a metric other than volumeByChannel, 'repeat-window' per period", async () => {
    await load(engine, [], false);
    await expect(runMetricGroups('repliesPerTicket', 't', { connection, by: 'channel' })).rejects.toThrow(KpiInputError);
    await expect(runMetricGroups('slaCompliance', 't', { connection, period: 'month', by: 'channel' })).rejects.toThrow(/byPriority/);
    await expect(runMetrics({ reopenRate: { by: 'channel' } }, 't', { connection })).rejects.toThrow(/volumeByChannel/);
    await expect(runMetricGroups('firstContactResolution', 't', { connection, method: 'repeat-window', period: 'month' })).rejects.toThrow(
      /one query per period/,
    );
  });

  it('volumeByChannel with by: one group per key of the field, per period (runMetricGroups), no segments', async () => {
    // Three tickets: two by email in May (UTC), one by chat in June: May → email 2 (share 1); June → chat 1.
    const q = `select * from (values (TIMESTAMPTZ '2024-05-02 10:00:00Z', 'email'), (TIMESTAMPTZ '2024-05-30 10:00:00Z', 'email'), (TIMESTAMPTZ '2024-06-01 10:00:00Z', 'chat')) as t("createdAt", channel)`;
    const groups = await runMetricGroups('volumeByChannel', { query: q }, { connection, period: 'month', by: 'channel' });
    expect(groups.map((g) => [g.period, g.count, g.result.groups.map((x) => [x.key, x.count, x.share])])).toEqual([
      ['2024-05', 2, [['email', 2, 1]]],
      ['2024-06', 1, [['chat', 1, 1]]],
    ]);
    expect(groups.every((g) => !('segment' in g))).toBe(true);
  });
});
