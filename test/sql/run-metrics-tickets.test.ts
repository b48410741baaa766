/**
 * runMetrics and runMetricGroups (kpi-kit/duckdb) for complaints, topTopics, resolutionConsistency,
 * backlog and ticketsPerHour: the result objects of the TypeScript functions, from DuckDB, with
 * invalid tickets counted rather than listed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KpiInputError, backlog, complaints, resolutionConsistency, ticketsPerHour, topTopics } from '../../src/index.js';
import { runMetricGroups, runMetrics } from '../../src/duckdb/index.js';
import { metricSql } from '../../src/sql/index.js';
import { duckdbSession } from './engines.js';
import { periodGroups, same, unlisted } from './results.js';
import { HOUR, WIDE_TICKET_COLUMNS, WIDE_TICKET_TIMESTAMPS, load, plain, wideTicket } from './records.js';

const db = duckdbSession();

const COLUMNS = WIDE_TICKET_COLUMNS;
const TIMESTAMPS = WIDE_TICKET_TIMESTAMPS;
const ticket = wideTicket({ close: fc.integer({ min: -HOUR, max: 10 * 24 * HOUR }), agents: ['ana', 'ben', 'Cy'], csat: fc.integer({ min: 1, max: 5 }) });

const FNS = { complaints, topTopics, resolutionConsistency, backlog, ticketsPerHour } as const;
type Name = keyof typeof FNS;
/** The window of ticketsPerHour: runMetrics takes it as metricSql does (`window`), the TypeScript function as `from` and `to`. */
const WINDOW = { from: Date.UTC(2024, 2, 1), to: Date.UTC(2024, 8, 1) };
const tsOptions = (name: Name, o: Record<string, unknown>): Record<string, unknown> => {
  if (name !== 'ticketsPerHour') return o;
  const { window, ...rest } = o as { window: typeof WINDOW };
  return { ...rest, from: window.from, to: window.to };
};

/** Options of each metric, from the random source. */
const metricOptions = fc.record({
  complaints: fc.constantFrom({}, { by: 'channel' }, { by: 'agent', resolvedStatuses: ['Solved', 'pending'] }),
  topTopics: fc.constantFrom({}, { top: 1 }, { by: 'channel', top: 2 }, { by: 'priority' }),
  resolutionConsistency: fc.constantFrom({}, { outcome: 'fcr' as const, confidence: 0.9 }, { outcome: 'csat' as const, minTickets: 2 }),
  backlog: fc.constantFrom({ asOf: '2024-06-01T00:00:00Z' }, { asOf: Date.UTC(2024, 9, 27, 23), ageBucketsMs: [HOUR], percentiles: [50, 99] }),
  ticketsPerHour: fc.constantFrom({ window: WINDOW }, { window: WINDOW, agentHours: { ana: 10 } }, { window: { from: WINDOW.from, to: WINDOW.from } }),
});

describe('runMetrics of complaints, topTopics, resolutionConsistency, backlog and ticketsPerHour', () => {
  it('returns the results of the TypeScript functions (property: random tickets, invalid ones excluded)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(ticket, { maxLength: 30 }), metricOptions, async (recs, options) => {
        await load(db.engine, recs, false, COLUMNS);
        const got = (await runMetrics(options as never, 't', { connection: db.connection, onInvalid: 'exclude' })) as Record<string, unknown>;
        const tickets = plain(recs, false, TIMESTAMPS);
        for (const name of Object.keys(FNS) as Name[]) {
          const o = options[name] as Record<string, unknown>;
          const expected = (FNS[name] as (i: unknown, o: unknown) => unknown)({ tickets }, { ...tsOptions(name, o), onInvalid: 'exclude' });
          same(got[name], unlisted(expected), name);
          expect(Object.isFrozen(got[name]), name).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('runMetricGroups gives the rows of byPeriod with fill: false', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ticket, { maxLength: 30 }),
        fc.constantFrom<Name>('complaints', 'topTopics', 'resolutionConsistency', 'backlog', 'ticketsPerHour'),
        fc.constantFrom('month', 'week', 'quarter'),
        metricOptions,
        async (recs, name, period, options) => {
          await load(db.engine, recs, false, COLUMNS);
          const o = options[name] as Record<string, unknown>;
          const groups = await runMetricGroups(name, 't', { connection: db.connection, onInvalid: 'exclude', period, timeZone: 'Europe/Berlin', ...o });
          const expected = periodGroups(FNS[name], plain(recs, false, TIMESTAMPS), { period, timeZone: 'Europe/Berlin' }, tsOptions(name, o));
          same(
            groups.map((g) => ({ ...g })),
            expected,
            `${name} groups`,
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('over no rows (a query without rows: no agent, key or period row), the results of the TypeScript functions over no tickets', async () => {
    await load(db.engine, [], false, COLUMNS);
    const options = {
      complaints: { by: 'channel' },
      topTopics: {},
      resolutionConsistency: {},
      backlog: { asOf: 0 },
      ticketsPerHour: { window: WINDOW, agentHours: { ana: 1 } },
    };
    const got = (await runMetrics(options, 't', { connection: db.connection })) as Record<string, unknown>;
    for (const name of Object.keys(FNS) as Name[]) {
      const o = options[name] as Record<string, unknown>;
      same(got[name], unlisted((FNS[name] as (i: unknown, o: unknown) => unknown)({ tickets: [] }, tsOptions(name, o))), name);
    }
    expect(await runMetricGroups('topTopics', 't', { connection: db.connection, period: 'month' })).toEqual([]);
  });

  it('rejects what it cannot run: by beside the per-agent metrics, a ticketsPerHour without its window', async () => {
    await load(db.engine, [], false, COLUMNS);
    await expect(runMetrics({ resolutionConsistency: { by: 'team' } }, 't', { connection: db.connection })).rejects.toThrow(/complaints and topTopics/);
    await expect(runMetricGroups('ticketsPerHour', 't', { connection: db.connection, window: WINDOW, by: 'team' })).rejects.toThrow(
      /split by agent \(its agents\)/,
    );
    await expect(runMetrics(['ticketsPerHour'], 't', { connection: db.connection })).rejects.toThrow(KpiInputError);
    expect(() => metricSql('resolutionConsistency', { dialect: 'duckdb', from: 't', by: 'team' })).toThrow(/per agent/);
    expect(() => metricSql('ticketsPerHour', { dialect: 'duckdb', from: 't', window: { from: 0, to: 1, at: 2 } as never })).toThrow(/options\.window/);
    expect(() => metricSql('ticketsPerHour', { dialect: 'duckdb', from: 't', window: { from: 1, to: 0 } })).toThrow(KpiInputError);
    expect(() => metricSql('backlog', { dialect: 'duckdb', from: 't' })).toThrow(/asOf/);
    expect(() => metricSql('topTopics', { dialect: 'duckdb', from: 't', top: 0 })).toThrow(/top/);
  });

  it('complaints and topTopics with by: one group per period, their groups per key (runMetricGroups), no segments', async () => {
    // May: two complaints by email (one solved, one open and escalated), a billing ticket that is not one; June: one chat complaint.
    const q = `select * from (values
      (TIMESTAMPTZ '2024-05-02 10:00:00Z', 'email', true, 'solved', false, 'billing'),
      (TIMESTAMPTZ '2024-05-03 10:00:00Z', 'email', true, 'open', true, 'login'),
      (TIMESTAMPTZ '2024-05-30 10:00:00Z', 'chat', false, 'open', false, 'billing'),
      (TIMESTAMPTZ '2024-06-01 10:00:00Z', 'chat', true, 'solved', false, 'billing')) as t("createdAt", channel, complaint, status, escalated, topic)`;
    const c = await runMetricGroups(
      'complaints',
      { query: q },
      { connection: db.connection, period: 'month', by: 'channel', columns: { resolvedAt: null, resolutionMs: null } },
    );
    expect(c.map((g) => [g.period, g.result.complaintCount, g.result.groups?.map((x) => [x.key, x.complaintCount, x.open, x.resolved, x.escalated])])).toEqual([
      ['2024-05', 2, [['email', 2, 1, 1, 1]]],
      ['2024-06', 1, [['chat', 1, 0, 1, 0]]],
    ]);
    const t = await runMetrics({ topTopics: { top: 1 } }, { query: q }, { connection: db.connection, columns: { category: null } });
    // billing 3, login 1: billing ranked, login the "other" row.
    expect(t.topTopics.rows.map((x) => [x.key, x.count, x.rank, x.other])).toEqual([
      ['billing', 3, 1, false],
      ['other', 1, null, true],
    ]);
    expect(c.every((g) => !('segment' in g))).toBe(true);
  });
});
