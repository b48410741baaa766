/**
 * metricSql and runMetrics of the ticket and contact metrics beyond the first four, on small worked
 * examples (hand calculations in the comments): columns the source lacks, keys that are numbers,
 * and the options the SQL checks.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KpiInputError } from '../../src/index.js';
import { runMetrics } from '../../src/duckdb/index.js';
import { metricSql } from '../../src/sql/index.js';

let instance: DuckDBInstance;
let connection: Awaited<ReturnType<DuckDBInstance['connect']>>;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

const rows = async (sql: string) =>
  (await connection.runAndReadAll(sql))
    .getRowObjects()
    .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));

describe('metricSql of the ticket and contact metrics: worked examples', () => {
  it('reads a field the source has no column for (columns: null) as absent', async () => {
    // Two tickets, no status, reopened or resolutionMs column: the one with resolvedAt is resolved (and not reopened), the other never resolved.
    const query = `select * from (values (TIMESTAMPTZ '2024-05-06 08:00:00Z', TIMESTAMPTZ '2024-05-06 09:00:00Z'), (TIMESTAMPTZ '2024-05-06 08:00:00Z', NULL)) as t("createdAt", "resolvedAt")`;
    const columns = { status: null, reopened: null, resolutionMs: null, customerId: null, topic: null, category: null };
    const [row] = await rows(metricSql('reopenRate', { dialect: 'duckdb', from: { query }, columns }));
    expect(row).toMatchObject({ count: 2, value: 0, reopened: 0, resolved: 1, neverResolved: 1, invalid: 0 });
    // firstResolutionTime without a firstResolvedAt column: both unresolved.
    const [frt] = await rows(metricSql('firstResolutionTime', { dialect: 'duckdb', from: { query }, columns: { firstResolvedAt: null } }));
    expect(frt).toMatchObject({ n: 0, value: null, unresolved: 2, invalid: 0 });
    // repeat-window without a customerId column: the resolved ticket has no customer → invalid; the other is received.
    const [fcr] = await rows(metricSql('firstContactResolution', { dialect: 'duckdb', from: { query }, columns, method: 'repeat-window' }));
    expect(fcr).toMatchObject({ resolved: 0, received: 1, invalid: 1 });
  });

  it('places contacts by offeredAt unless told otherwise, and rejects a ticket timestamp as their at', () => {
    const sql = metricSql('averageSpeedOfAnswer', { dialect: 'postgres', from: 'calls', period: 'day' });
    expect(sql).toContain('CASE WHEN "offeredAt" IS NOT NULL THEN');
    expect(() => metricSql('serviceLevel', { dialect: 'duckdb', from: 'calls', targetAnswerMs: 20_000, period: 'day', at: 'createdAt' })).toThrow(
      /options\.at.*offeredAt, answeredAt, abandonedAt, endedAt/,
    );
  });

  it('checks the options as the TypeScript functions do', () => {
    const base = { dialect: 'duckdb' as const, from: 't' };
    expect(() => metricSql('serviceLevel', base)).toThrow(KpiInputError);
    expect(() => metricSql('serviceLevel', base)).toThrow(/targetAnswerMs/);
    expect(() => metricSql('slaCompliance', { ...base, targets: { firstResponseMs: 3_600_000 } })).toThrow(/asOf/);
    expect(() => metricSql('abandonmentRate', { ...base, shortAbandonMs: -1 })).toThrow(/shortAbandonMs/);
    expect(() => metricSql('firstContactResolution', { ...base, method: 'repeat-window', period: 'month' })).toThrow(/one query per period/);
    expect(() => metricSql('firstContactResolution', { ...base, method: 'flag', windowDays: 3 })).toThrow(/windowDays/);
    expect(() => metricSql('firstContactResolution', { ...base, basis: 'all' as never })).toThrow(/basis/);
    expect(() => metricSql('repliesPerTicket', { ...base, percentiles: [100] })).toThrow(/percentiles/);
  });
});

describe("firstContactResolution with 'repeat-window': worked example", () => {
  it('counts a later ticket of the customer as a repeat only when valid, within the window (inclusive) and, with sameTopic, on the topic', async () => {
    // A: c1 billing, created 05-06 08:00, resolved 09:00. B: c1 billing, created 10:00, resolved 09:30 (before creation: invalid).
    // C: c1 billing, created 05-08 09:00 (2 days after A's resolution), open. D: c1 login, created 05-06 12:00, resolved 13:00.
    // Resolved: A, D; received: A, C, D; invalid: B.
    // windowDays 1, sameTopic: A's next valid billing ticket is C, 2 days after → no repeat; D has none → 2 / 2 = 1.
    // windowDays 2: C is exactly 2 days after A's resolution → a repeat → 1 / 2. sameTopic false, windowDays 1: D (12:00) repeats A → 1 / 2.
    const query = `select * from (values
      ('c1', 'billing', TIMESTAMPTZ '2024-05-06 08:00:00Z', TIMESTAMPTZ '2024-05-06 09:00:00Z', 'solved'),
      ('c1', 'billing', TIMESTAMPTZ '2024-05-06 10:00:00Z', TIMESTAMPTZ '2024-05-06 09:30:00Z', 'solved'),
      ('c1', 'billing', TIMESTAMPTZ '2024-05-08 09:00:00Z', NULL, 'open'),
      ('c1', 'login', TIMESTAMPTZ '2024-05-06 12:00:00Z', TIMESTAMPTZ '2024-05-06 13:00:00Z', 'solved')) as t("customerId", topic, "createdAt", "resolvedAt", status)`;
    const columns = { category: null, resolutionMs: null };
    const run = async (o: { windowDays: number; sameTopic: boolean }) => {
      const [row] = await rows(metricSql('firstContactResolution', { dialect: 'duckdb', from: { query }, columns, method: 'repeat-window', ...o }));
      return [row?.['resolvedOnFirstContact'], row?.['resolved'], row?.['received'], row?.['invalid'], row?.['value']];
    };
    expect(await run({ windowDays: 1, sameTopic: true })).toEqual([2, 2, 3, 1, 1]);
    expect(await run({ windowDays: 2, sameTopic: true })).toEqual([1, 2, 3, 1, 0.5]);
    expect(await run({ windowDays: 1, sameTopic: false })).toEqual([1, 2, 3, 1, 0.5]);
  });
});

describe('slaCompliance in business hours: worked example', () => {
  it('counts business time against the target, and a span the listed intervals do not cover as invalid', async () => {
    // Weekdays 09:00–18:00 in Berlin (UTC+2 in May: 07:00–16:00 UTC). Ticket A: created Mon 2024-05-06 08:00 UTC, no response;
    // as of 12:00 UTC it has waited 4 business hours, beyond the 1 h target → breached. Ticket B: created 2024-04-01, before the
    // intervals listed (from 2024-05-01): its span is not covered → invalid (SQL only: the TypeScript calendar has no range).
    const query = `select * from (values (TIMESTAMPTZ '2024-05-06 08:00:00Z'), (TIMESTAMPTZ '2024-04-01 08:00:00Z')) as t("createdAt")`;
    const calendar = {
      timeZone: 'Europe/Berlin',
      hours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] },
    } as const;
    const columns = {
      firstResponseAt: null,
      firstResponseMs: null,
      resolvedAt: null,
      resolutionMs: null,
      status: null,
      priority: null,
      firstResponseSlaMet: null,
      resolutionSlaMet: null,
    };
    const o = {
      targets: { firstResponseMs: 3_600_000 },
      asOf: '2024-05-06T12:00:00Z',
      calendar,
      calendarRange: { from: '2024-05-01T00:00:00Z', to: '2024-06-01T00:00:00Z' },
    };
    const [row] = await rows(metricSql('slaCompliance', { dialect: 'duckdb', from: { query }, columns, ...o }));
    expect(row).toMatchObject({ count: 2, value: 0, met: 0, breached: 1, pending: 0, invalid: 1 });
    const r = await runMetrics({ slaCompliance: o }, { query }, { connection, columns, onInvalid: 'exclude' });
    expect([r.slaCompliance.time, r.slaCompliance.breached, r.slaCompliance.excluded.invalid]).toEqual(['business-hours', 1, 1]);
  });
});

describe('runMetrics: keys that are numbers', () => {
  it('SLA compliance by a number priority column (its digits), volume by a BIGINT key; ties in size ordered by key, no priority last', async () => {
    // Recorded outcomes. Priority 1: met, breached; 2: met; 3: met; none: met. Tickets 5, met 4, breached 1 → 4/5 = 0.8.
    // byPriority by size (2, then the 1-ticket rows by key, no priority last): '1' (1/2 = 0.5), '2', '3', null (1 each).
    // Lanes 7, 7, 8, 8, 9: groups 7 (2, share 0.4), 8 (2, 0.4), 9 (1, 0.2).
    await connection.run(`CREATE OR REPLACE TABLE numbered ("createdAt" TIMESTAMPTZ, priority INTEGER, "firstResponseSlaMet" BOOLEAN, lane BIGINT)`);
    await connection.run(`INSERT INTO numbered VALUES
      (TIMESTAMPTZ '2024-05-06 08:00:00Z', 1, true, 7), (TIMESTAMPTZ '2024-05-06 08:00:00Z', 1, false, 7), (TIMESTAMPTZ '2024-05-06 08:00:00Z', 2, true, 8),
      (TIMESTAMPTZ '2024-05-06 08:00:00Z', 3, true, 8), (TIMESTAMPTZ '2024-05-06 08:00:00Z', NULL, true, 9)`);
    const columns = { firstResponseAt: null, firstResponseMs: null, resolvedAt: null, resolutionMs: null, status: null, resolutionSlaMet: null };
    const r = await runMetrics({ slaCompliance: {}, volumeByChannel: { by: 'lane' } }, 'numbered', { connection, columns });
    expect(r.slaCompliance.value).toBe(0.8);
    expect(r.slaCompliance.byPriority.map((p) => [p.priority, p.met, p.breached, p.value])).toEqual([
      ['1', 1, 1, 0.5],
      ['2', 1, 0, 1],
      ['3', 1, 0, 1],
      [null, 1, 0, 1],
    ]);
    expect(r.slaCompliance.time).toBe('recorded');
    expect(r.volumeByChannel.groups).toEqual([
      { key: 7, count: 2, share: 0.4 },
      { key: 8, count: 2, share: 0.4 },
      { key: 9, count: 1, share: 0.2 },
    ]);
    expect(r.volumeByChannel.by).toBe('lane');
  });
});
