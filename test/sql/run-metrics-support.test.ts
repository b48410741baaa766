/**
 * runMetrics and runMetricGroups (kpi-kit/duckdb) for the ticket metrics beyond the first four: the
 * result objects of the TypeScript functions, from DuckDB, with invalid tickets counted rather than
 * listed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  KpiInputError,
  agentWaitTime,
  agentWorkTime,
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
import { duckdbSession } from './engines.js';
import { periodGroups, same, unlisted } from './results.js';
import { HOUR, load, plain, ticketRecord } from './records.js';

const db = duckdbSession();

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
        await load(db.engine, recs, false);
        const got = (await runMetrics(options as never, 't', { connection: db.connection, onInvalid: 'exclude' })) as Record<string, unknown>;
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
          await load(db.engine, recs, false);
          const o = options[name] as Record<string, unknown>;
          const groups = await runMetricGroups(name, 't', { connection: db.connection, onInvalid: 'exclude', period, timeZone: 'Europe/Berlin', ...o });
          const expected = periodGroups(FNS[name], plain(recs, false), { period, timeZone: 'Europe/Berlin' }, o);
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
    await load(db.engine, [], false);
    await expect(runMetricGroups('repliesPerTicket', 't', { connection: db.connection, by: 'channel' })).rejects.toThrow(KpiInputError);
    await expect(runMetricGroups('slaCompliance', 't', { connection: db.connection, period: 'month', by: 'channel' })).rejects.toThrow(/byPriority/);
    await expect(runMetrics({ reopenRate: { by: 'channel' } }, 't', { connection: db.connection })).rejects.toThrow(/volumeByChannel/);
    await expect(runMetricGroups('firstContactResolution', 't', { connection: db.connection, method: 'repeat-window', period: 'month' })).rejects.toThrow(
      /one query per period/,
    );
  });

  it('volumeByChannel with by: one group per key of the field, per period (runMetricGroups), no segments', async () => {
    // Three tickets: two by email in May (UTC), one by chat in June: May → email 2 (share 1); June → chat 1.
    const q = `select * from (values (TIMESTAMPTZ '2024-05-02 10:00:00Z', 'email'), (TIMESTAMPTZ '2024-05-30 10:00:00Z', 'email'), (TIMESTAMPTZ '2024-06-01 10:00:00Z', 'chat')) as t("createdAt", channel)`;
    const groups = await runMetricGroups('volumeByChannel', { query: q }, { connection: db.connection, period: 'month', by: 'channel' });
    expect(groups.map((g) => [g.period, g.count, g.result.groups.map((x) => [x.key, x.count, x.share])])).toEqual([
      ['2024-05', 2, [['email', 2, 1]]],
      ['2024-06', 1, [['chat', 1, 1]]],
    ]);
    expect(groups.every((g) => !('segment' in g))).toBe(true);
  });
});
