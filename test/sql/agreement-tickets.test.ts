/**
 * The same numbers in TypeScript, on DuckDB and on PostgreSQL for the ticket metrics that count per
 * key, per agent or at an instant (complaints, topTopics, resolutionConsistency, backlog,
 * ticketsPerHour): random ticket sets (records.ts, with the fields these metrics read besides) go
 * through each TypeScript function (onInvalid: 'exclude') and through the SQL `metricSql` writes, on
 * both engines, over the whole set and per period (as byPeriod with fill: false). Counts and ms
 * sums must be equal; means, shares and quantiles within 1e-12 relative (docs/sql.md#exactness); the
 * spread across agents of resolutionConsistency within the bound docs/sql.md#resolutionconsistency states.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backlog, byPeriod, bySegment, complaints, resolutionConsistency, ticketsPerHour, topTopics } from '../../src/index.js';
import { type Row, bothEngines, sqlRows, timestampsOf } from './engines.js';
import { type Rec, HOUR, WIDE_TICKET_COLUMNS, WIDE_TICKET_TIMESTAMPS, close, defined, edge, instant, load, plain, wideTicket } from './records.js';

const engines = bothEngines();

const COLUMNS = WIDE_TICKET_COLUMNS;
const TIMESTAMPS = WIDE_TICKET_TIMESTAMPS;

/** A ticket with a close time (often before a resolution, sometimes before creation), an agent (few: ties) and a score. */
const ticket = wideTicket({
  close: fc.oneof(fc.constantFrom(0, 1, HOUR), fc.integer({ min: -HOUR, max: 10 * 24 * HOUR })),
  agents: ['ana', 'ben', 'Cy', 'dee'],
  csat: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom(4.5, 0)),
});

const tickets = fc.array(ticket, { maxLength: 40 });
const loadAll = (engine: (typeof engines)[number], recs: readonly Rec[], epoch: boolean) => load(engine, recs, epoch, COLUMNS);
const plainAll = (recs: readonly Rec[], epoch: boolean) => plain(recs, epoch, TIMESTAMPS);

/** Period settings of a run: none, or a period in a zone (DST zones and a fixed offset). */
const periods = fc.option(
  fc.record({
    period: fc.constantFrom('day' as const, 'week' as const, 'month' as const, 'quarter' as const),
    timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', '+05:30'),
    weekStartsOn: fc.integer({ min: 0, max: 6 }),
  }),
  { nil: undefined },
);
type Periods = { period: 'day' | 'week' | 'month' | 'quarter'; timeZone: string; weekStartsOn: number } | undefined;

/**
 * The TypeScript results per period key (`null` for the undated tickets), as byPeriod with
 * fill: false gives them; without periods one result under `null`.
 */
function perPeriod<R>(
  f: (input: never, options: never) => R,
  ts: readonly Record<string, unknown>[],
  p: Periods,
  o: Record<string, unknown>,
): Map<string | null, R> {
  const out = new Map<string | null, R>();
  if (p === undefined) {
    out.set(null, f({ tickets: ts } as never, { ...o, onInvalid: 'exclude' } as never));
    return out;
  }
  const r = byPeriod(f as never, ts, { ...p, fill: false } as never, { ...o, onInvalid: 'exclude' } as never) as unknown as {
    periods: { key: string; result: R }[];
    undated: { count: number; result: R } | null;
  };
  for (const x of r.periods) out.set(x.key, x.result);
  if (r.undated !== null && r.undated.count > 0) out.set(null, r.undated.result);
  return out;
}

/** The SQL rows per period key. */
function rowsPerPeriod(rows: readonly Row[]): Map<string | null, Row[]> {
  const out = new Map<string | null, Row[]>();
  for (const r of rows) {
    const p = (r['period'] ?? null) as string | null;
    out.set(p, [...(out.get(p) ?? []), r]);
  }
  return out;
}

const sum = (rows: readonly Row[], key: string): number => rows.reduce((t, r) => t + (r[key] as number), 0);

/** A key as JSON (keys of any type compared as such). */
const keyText = (k: unknown): string => JSON.stringify(k ?? null);

describe('metricSql of complaints, topTopics, resolutionConsistency, backlog and ticketsPerHour on DuckDB and PostgreSQL equals the TypeScript functions', () => {
  it('complaints: one row without by, one row per key with by (its groups); per period too', async () => {
    await fc.assert(
      fc.asyncProperty(
        tickets,
        fc.boolean(),
        periods,
        fc.constantFrom(undefined, 'channel', 'priority', 'agent'),
        fc.constantFrom(undefined, ['Solved', 'pending']),
        async (recs, epoch, p, by, resolvedStatuses) => {
          const o = defined({ by, resolvedStatuses });
          const expected = perPeriod(complaints, plainAll(recs, epoch), p, o);
          for (const engine of engines) {
            await loadAll(engine, recs, epoch);
            const rows = await sqlRows(engine, 'complaints', { timestamps: timestampsOf(epoch), ...(p ?? {}), ...o });
            const got = rowsPerPeriod(rows);
            const what = `${engine.dialect}${epoch ? ' epoch-ms' : ''} complaints by ${String(by)}`;
            // Grouped rows of no tickets: none (the TypeScript result counts nothing).
            if (recs.length === 0 && (p !== undefined || by !== undefined)) {
              expect(rows, what).toEqual([]);
              continue;
            }
            expect([...got.keys()].sort(), `${what} periods`).toEqual([...expected.keys()].sort());
            for (const [key, r] of expected) {
              const cells = got.get(key) as Row[];
              const at = `${what} ${String(key)}`;
              expect(sum(cells, 'count'), `${at} count`).toBe(r.complaintCount + r.notComplaints + r.excluded.invalid);
              expect(sum(cells, 'invalid'), `${at} invalid`).toBe(r.excluded.invalid);
              for (const row of cells) {
                expect([row['value'], row['complaintCount'], row['open'], row['resolved'], row['escalated'], row['notComplaints']], at).toEqual([
                  r.value,
                  r.complaintCount,
                  r.open,
                  r.resolved,
                  r.escalated,
                  r.notComplaints,
                ]);
                close(row['resolvedShare'], r.resolvedShare, `${at} resolvedShare`);
                close(row['escalatedShare'], r.escalatedShare, `${at} escalatedShare`);
              }
              if (by === undefined) {
                expect(cells.length, at).toBe(1);
                expect(r.groups, at).toBeNull();
              } else {
                const groups = cells
                  .filter((c) => (c['groupComplaintCount'] as number) > 0)
                  .map((c) => [keyText(c['segment']), c['groupComplaintCount'], c['groupOpen'], c['groupResolved'], c['groupEscalated']]);
                const want = (r.groups ?? []).map((g) => [keyText(g.key), g.complaintCount, g.open, g.resolved, g.escalated]);
                expect(groups.sort(), `${at} groups`).toEqual(want.sort());
              }
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('topTopics: one row per key with its rank, "other" beyond top, shares and the period counts; per period too', async () => {
    await fc.assert(
      fc.asyncProperty(
        tickets,
        fc.boolean(),
        periods,
        fc.constantFrom(undefined, 'topic-then-category', 'channel', 'agent', 'priority'),
        fc.constantFrom(undefined, 1, 2, 3, 10),
        async (recs, epoch, p, by, top) => {
          const o = defined({ by, top });
          const expected = perPeriod(topTopics, plainAll(recs, epoch), p, o);
          for (const engine of engines) {
            await loadAll(engine, recs, epoch);
            const rows = await sqlRows(engine, 'topTopics', { timestamps: timestampsOf(epoch), ...(p ?? {}), ...o });
            const got = rowsPerPeriod(rows);
            const what = `${engine.dialect}${epoch ? ' epoch-ms' : ''} topTopics by ${String(by)} top ${String(top)}`;
            // One row per key: none without tickets (the TypeScript result ranks nothing).
            if (recs.length === 0) {
              expect(rows, what).toEqual([]);
              continue;
            }
            expect([...got.keys()].sort(), `${what} periods`).toEqual([...expected.keys()].sort());
            for (const [key, r] of expected) {
              const cells = got.get(key) as Row[];
              const at = `${what} ${String(key)}`;
              expect(sum(cells, 'invalid'), `${at} invalid`).toBe(r.excluded.invalid);
              expect(sum(cells, 'tickets'), `${at} tickets`).toBe(r.total);
              for (const row of cells) {
                expect([row['value'], row['total'], row['topicCount'], row['otherCount'], row['top']], at).toEqual([
                  r.value,
                  r.total,
                  r.topicCount,
                  r.otherCount,
                  r.top,
                ]);
              }
              const ranked = cells.filter((c) => (c['tickets'] as number) > 0);
              // Ranks 1, 2, ... in the TypeScript order; the rows past top are the "other" row's.
              const listed = r.rows.filter((x) => !x.other);
              const shown = ranked.filter((c) => c['other'] === false).sort((a, b) => (a['rank'] as number) - (b['rank'] as number));
              expect(
                shown.map((c) => [keyText(c['segment']), c['tickets'], c['rank']]),
                `${at} ranking`,
              ).toEqual(listed.map((x) => [keyText(x.key), x.count, x.rank]));
              for (const [i, c] of shown.entries()) close(c['share'], listed[i]?.share, `${at} share`);
              const others = ranked.filter((c) => c['other'] === true);
              const otherRow = r.rows.find((x) => x.other);
              expect(others.length, `${at} other keys`).toBe(otherRow?.keyCount ?? 0);
              expect(sum(others, 'tickets'), `${at} other tickets`).toBe(otherRow?.count ?? 0);
              for (const c of others) expect(c['rank'] as number, at).toBeGreaterThan(r.top);
              for (const c of cells.filter((x) => x['tickets'] === 0)) expect([c['rank'], c['other']], at).toEqual([null, false]);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('topTopics ranks tied text keys in JavaScript order (by byte), whatever the column collation on PostgreSQL, and numbers by value', async () => {
    // Two tickets each for 'ana', 'ben', 'Cy' and 'Émile', four each for the channels 10 and 9: JavaScript orders 'Cy' < 'ana' < 'ben' < 'Émile' (code units:
    // 'C' 0x43, 'a' 0x61, 'É' 0xC9); a linguistic collation would put 'Cy' after 'ben'. Numbers: 9 before 10 (by value, not as texts).
    const created = "CAST('2024-05-06T08:00:00Z' AS TIMESTAMPTZ)";
    const people = ['Cy', 'ana', 'ben', 'Émile'];
    const r = topTopics({ tickets: [...people, ...people].map((agent) => ({ createdAt: '2024-05-06T08:00:00Z', agent })) }, { by: 'agent' });
    expect(r.rows.map((x) => x.key)).toEqual(['Cy', 'ana', 'ben', 'Émile']);
    for (const engine of engines) {
      // A linguistic collation where the server has one (ICU's root locale), else its default.
      const icu = engine.dialect === 'postgres' && (await engine.rows(`SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'`)).length > 0;
      await engine.exec('DROP TABLE IF EXISTS t');
      await engine.exec(
        `CREATE ${engine.dialect === 'postgres' ? 'TEMP ' : ''}TABLE t AS SELECT ${created} AS "createdAt", CAST(v AS TEXT)${icu ? ' COLLATE "und-x-icu"' : ''} AS "agent", n AS "channel" FROM (VALUES ${[...people, ...people].map((p, i) => `('${p}', ${i < 4 ? 10 : 9})`).join(', ')}) AS v(v, n)`,
      );
      const rows = await sqlRows(engine, 'topTopics', { by: 'agent', top: 2 });
      expect(
        rows.sort((a, b) => (a['rank'] as number) - (b['rank'] as number)).map((x) => [x['segment'], x['rank'], x['other']]),
        `${engine.dialect}${icu ? ' und-x-icu' : ''}`,
      ).toEqual([
        ['Cy', 1, false],
        ['ana', 2, false],
        ['ben', 3, true],
        ['Émile', 4, true],
      ]);
      const numbers = await sqlRows(engine, 'topTopics', { by: 'channel' });
      expect(
        numbers.map((x) => [x['segment'], x['tickets'], x['rank']]).sort((a, b) => (a[2] as number) - (b[2] as number)),
        engine.dialect,
      ).toEqual([
        [9, 4, 1],
        [10, 4, 2],
      ]);
    }
  });

  it('resolutionConsistency: one row per agent (its outcome, in the spread or not) and the spread, QA and exclusions of the period; per period too', async () => {
    await fc.assert(
      fc.asyncProperty(
        tickets,
        fc.boolean(),
        periods,
        fc.constantFrom(undefined, 'resolution-time', 'fcr', 'csat'),
        fc.constantFrom(undefined, 1, 2, 3),
        fc.constantFrom(undefined, ['Solved', 'pending']),
        async (recs, epoch, p, outcome, minTickets, resolvedStatuses) => {
          const o = defined({ outcome, minTickets, resolvedStatuses });
          const expected = perPeriod(resolutionConsistency, plainAll(recs, epoch), p, o);
          for (const engine of engines) {
            await loadAll(engine, recs, epoch);
            const rows = await sqlRows(engine, 'resolutionConsistency', { timestamps: timestampsOf(epoch), ...(p ?? {}), ...o });
            const what = `${engine.dialect}${epoch ? ' epoch-ms' : ''} resolutionConsistency ${String(outcome)} min ${String(minTickets)}`;
            // One row per agent: none without tickets.
            if (recs.length === 0) {
              expect(rows, what).toEqual([]);
              continue;
            }
            const got = rowsPerPeriod(rows);
            expect([...got.keys()].sort(), `${what} periods`).toEqual([...expected.keys()].sort());
            for (const [key, r] of expected) {
              const cells = got.get(key) as Row[];
              const at = `${what} ${String(key)}`;
              expect(sum(cells, 'invalid'), `${at} invalid`).toBe(r.excluded.invalid);
              // The agents' outcomes: an exact sum divided once, as in TypeScript (the scores are integers and halves).
              const spread = cells.filter((c) => c['inSpread'] === true).sort((a, b) => ((a['segment'] as string) < (b['segment'] as string) ? -1 : 1));
              expect(
                spread.map((c) => [c['segment'], c['agentN'], c['agentValue']]),
                `${at} agents`,
              ).toEqual(r.agents.map((a) => [a.agent, a.n, a.value]));
              for (const row of cells) {
                expect(
                  [row['agents'], row['noAgent'], row['agentsBelowMinTickets'], row['qaPassed'], row['qaReviewed'], row['qaReason'], row['reason']],
                  at,
                ).toEqual([r.agents.length, r.excluded.noAgent, r.excluded.agentsBelowMinTickets, r.qa.passed, r.qa.reviewed, r.qa.reason, r.reason]);
                close(row['qaValue'], r.qa.value, `${at} qaValue`);
                expect([row['min'], row['max']], `${at} min, max`).toEqual([r.min, r.max]);
                // The spread: within 1e-12 of the largest outcome (docs/sql.md#resolutionconsistency).
                const m = Math.max(Math.abs(r.min ?? 0), Math.abs(r.max ?? 0));
                for (const k of ['mean', 'standardDeviation'] as const) {
                  if (r[k] === null) expect(row[k], `${at} ${k}`).toBeNull();
                  else expect(Math.abs((row[k] as number) - r[k]), `${at} ${k}: ${String(row[k])} vs ${String(r[k])}`).toBeLessThanOrEqual(1e-12 * m);
                }
                if (r.value === null) expect(row['value'], `${at} value`).toBeNull();
                else
                  expect(Math.abs((row['value'] as number) - r.value), `${at} value: ${String(row['value'])} vs ${r.value}`).toBeLessThanOrEqual(
                    (1e-12 * m * (1 + r.value)) / Math.abs(r.mean as number),
                  );
              }
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('backlog: open and closed at asOf, the ages, the age buckets and the exclusions; per period and segment too', async () => {
    await fc.assert(
      fc.asyncProperty(
        tickets,
        fc.boolean(),
        periods,
        fc.boolean(),
        fc.record({
          asOf: fc.oneof(
            edge,
            edge.map((t) => new Date(t).toISOString()),
            instant,
          ),
          ageBucketsMs: fc.constantFrom(undefined, [HOUR, 24 * HOUR], [1, 2, 60_000]),
          percentiles: fc.constantFrom(undefined, [50, 90], [10, 99.9]),
          resolvedStatuses: fc.constantFrom(undefined, ['Solved', 'pending']),
        }),
        async (recs, epoch, p, split, opts) => {
          const o = defined(opts);
          const ts = plainAll(recs, epoch);
          const cells = new Map<string, { count: number; result: ReturnType<typeof backlog> }>();
          type Result = ReturnType<typeof backlog>;
          const opts2 = { ...o, onInvalid: 'exclude' } as never;
          if (p === undefined && !split) cells.set(JSON.stringify([null, null]), { count: recs.length, result: backlog({ tickets: ts as never }, opts2) });
          else if (p === undefined) {
            for (const g of bySegment(backlog, ts as never, 'channel', opts2).segments) cells.set(JSON.stringify([null, g.key]), g);
          } else {
            type Cell = { key?: string | null; count: number; result: Result; segments?: { key: string | null; count: number; result: Result }[] };
            const add = (key: string | null, c: Cell) => {
              if (split) for (const g of c.segments ?? []) cells.set(JSON.stringify([key, g.key]), g);
              else cells.set(JSON.stringify([key, null]), c);
            };
            const r = byPeriod(backlog as never, ts, { ...p, fill: false, ...(split ? { by: 'channel' } : {}) } as never, opts2) as unknown as {
              periods: Cell[];
              undated: Cell | null;
            };
            for (const c of r.periods) add(c.key ?? null, c);
            if (r.undated !== null && r.undated.count > 0) add(null, r.undated);
          }
          for (const engine of engines) {
            await loadAll(engine, recs, epoch);
            const rows = await sqlRows(engine, 'backlog', { timestamps: timestampsOf(epoch), ...(p ?? {}), ...(split ? { by: 'channel' } : {}), ...o });
            const what = `${engine.dialect}${epoch ? ' epoch-ms' : ''} backlog`;
            if (recs.length === 0 && (p !== undefined || split)) {
              expect(rows, what).toEqual([]);
              continue;
            }
            const got = new Map(rows.map((row) => [JSON.stringify([row['period'] ?? null, row['segment'] ?? null]), row]));
            expect([...got.keys()].sort(), `${what} cells`).toEqual([...cells.keys()].sort());
            for (const [key, { count, result: r }] of cells) {
              const row = got.get(key) as Row;
              const at = `${what} ${key}`;
              expect(
                [row['count'], row['value'], row['open'], row['closed'], row['asOf'], row['notYetCreated'], row['resolvedAtUnknownTime'], row['invalid']],
                at,
              ).toEqual([count, r.value, r.open, r.closed, r.asOf, r.excluded.notYetCreated, r.excluded.resolvedAtUnknownTime, r.excluded.invalid]);
              expect([row['n'], row['total'], row['min'], row['max'], row['reason']], `${at} ages`).toEqual([
                r.age.n,
                r.age.total,
                r.age.min,
                r.age.max,
                r.age.reason,
              ]);
              close(row['mean'], r.age.mean, `${at} mean`);
              close(row['median'], r.age.median, `${at} median`);
              for (const [k, v] of Object.entries(r.age.percentiles)) close(row[k], v, `${at} ${k}`);
              r.ageBuckets.forEach((b, k) => {
                expect(row[`ageBucket${k}`], `${at} bucket ${k}`).toBe(b.count);
                close(row[`ageBucket${k}Share`], b.share, `${at} bucket ${k} share`);
              });
              expect(row[`ageBucket${r.ageBuckets.length}`], at).toBeUndefined();
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('backlog on the bounds: resolved or closed exactly at asOf is closed, 1 ms later open; created exactly at asOf is open at age 0, 1 ms later not yet created', async () => {
    // asOf 2024-05-06T10:00:00Z. a: created 08:00, solved at 10:00:00.000 → closed (open only while asOf < the resolution).
    // b: created 08:00, solved at 10:00:00.001 → open, age 2 h. c: no status, closed at 10:00 → closed. d: created at 10:00 → open, age 0
    // (the first bucket, [0, 1 day)). e: created 10:00:00.001 → notYetCreated. f: solved without a time → resolvedAtUnknownTime.
    const at = (iso: string) => Date.parse(iso);
    const recs: Rec[] = [
      { createdAt: at('2024-05-06T08:00:00Z'), status: 'solved', resolvedAt: at('2024-05-06T10:00:00Z') },
      { createdAt: at('2024-05-06T08:00:00Z'), status: 'solved', resolvedAt: at('2024-05-06T10:00:00.001Z') },
      { createdAt: at('2024-05-06T08:00:00Z'), closedAt: at('2024-05-06T10:00:00Z') },
      { createdAt: at('2024-05-06T10:00:00Z'), status: 'open' },
      { createdAt: at('2024-05-06T10:00:00.001Z'), status: 'open' },
      { createdAt: at('2024-05-06T08:00:00Z'), status: 'Solved' },
    ];
    const o = { asOf: '2024-05-06T10:00:00Z' };
    const r = backlog({ tickets: plainAll(recs, false) as never }, o);
    expect([r.open, r.closed, r.excluded.notYetCreated, r.excluded.resolvedAtUnknownTime, r.age.min, r.age.max]).toEqual([2, 2, 1, 1, 0, 2 * HOUR]);
    expect(r.ageBuckets.map((b) => b.count)).toEqual([2, 0, 0, 0, 0]);
    for (const engine of engines) {
      await loadAll(engine, recs, false);
      const [row] = await sqlRows(engine, 'backlog', o);
      expect(
        [row?.['open'], row?.['closed'], row?.['notYetCreated'], row?.['resolvedAtUnknownTime'], row?.['min'], row?.['max'], row?.['ageBucket0']],
        engine.dialect,
      ).toEqual([2, 2, 1, 1, 0, 2 * HOUR, 2]);
    }
  });

  it('ticketsPerHour with hours so few that a rate is 1e300 or no finite number: no overflow on either engine (found by the random source)', async () => {
    // Window [0, 4 h): ana, Cy and dee answer one ticket each at 1 h. ana worked the window (4 h): 0.25 per hour; Cy 1e-300 hours:
    // 1 / 1e-300 ≈ 1e300 per hour; dee 5e-324 hours: 1 / 5e-324 is beyond the largest double, so no rate (and the reason). The mean per agent
    // is over ana and Cy: (0.25 + 1e300) / 2 ≈ 5e299 — PostgreSQL's avg of doubles would square 1e300 and raise an error.
    const recs: Rec[] = ['ana', 'Cy', 'dee'].map((agent) => ({ createdAt: 0, firstResponseMs: HOUR, agent }));
    const o = { window: { from: 0, to: 4 * HOUR }, agentHours: { Cy: 1e-300, dee: 5e-324 } };
    const r = ticketsPerHour({ tickets: plainAll(recs, true) as never }, { from: 0, to: 4 * HOUR, agentHours: o.agentHours });
    expect(r.agents.map((a) => [a.agent, a.handledPerHour, a.reason])).toEqual([
      ['Cy', 1 / 1e-300, null],
      ['ana', 0.25, null],
      ['dee', null, '1 tickets in 5e-324 hours: too few hours for a finite rate per hour'],
    ]);
    // The running mean of the two rates, in agent order (Cy, then ana).
    expect(r.handledPerAgentHour).toBe(1 / 1e-300 + (0.25 - 1 / 1e-300) / 2);
    for (const engine of engines) {
      await loadAll(engine, recs, true);
      const rows = await sqlRows(engine, 'ticketsPerHour', { timestamps: 'epoch-ms', ...o });
      const by = new Map(rows.map((x) => [x['segment'], x]));
      expect(
        ['Cy', 'ana', 'dee'].map((a) => [by.get(a)?.['agentHandledPerHour'], by.get(a)?.['agentReason']]),
        engine.dialect,
      ).toEqual(r.agents.map((a) => [a.handledPerHour, a.reason]));
      close(rows[0]?.['handledPerAgentHour'], r.handledPerAgentHour, `${engine.dialect} handledPerAgentHour`);
    }
  });

  it('ticketsPerHour: handled and solved in the window per agent and overall, rates per hour (business hours with a calendar); per period too', async () => {
    const calendar = {
      timeZone: 'Europe/Berlin',
      hours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] },
    };
    await fc.assert(
      fc.asyncProperty(
        tickets,
        fc.boolean(),
        periods,
        fc.record({
          // Bounds at the edges of the instants (ties with first responses and resolutions); sometimes an empty window.
          window: fc
            .tuple(fc.oneof(edge, instant), fc.oneof(fc.constant(0), fc.constantFrom(1, HOUR, 24 * HOUR), fc.integer({ min: 0, max: 200 * 24 * HOUR })))
            .map(([from, d]) => ({ from, to: from + d })),
          calendar: fc.constantFrom(undefined, calendar),
          agentHours: fc.constantFrom(undefined, { ana: 2, ben: 0.5 }, { Cy: 1e-300, dee: 5e-324 }),
          resolvedStatuses: fc.constantFrom(undefined, ['Solved', 'pending']),
        }),
        async (recs, epoch, p, { window, ...rest }) => {
          const o = defined(rest);
          const expected = perPeriod(ticketsPerHour, plainAll(recs, epoch), p, { ...o, ...window });
          for (const engine of engines) {
            await loadAll(engine, recs, epoch);
            const rows = await sqlRows(engine, 'ticketsPerHour', { timestamps: timestampsOf(epoch), ...(p ?? {}), window, ...(o as object) });
            const what = `${engine.dialect}${epoch ? ' epoch-ms' : ''} ticketsPerHour ${JSON.stringify(window)}`;
            // One row per agent: none without tickets.
            if (recs.length === 0) {
              expect(rows, what).toEqual([]);
              continue;
            }
            const got = rowsPerPeriod(rows);
            expect([...got.keys()].sort(), `${what} periods`).toEqual([...expected.keys()].sort());
            for (const [key, r] of expected) {
              const cells = got.get(key) as Row[];
              const at = `${what} ${String(key)}`;
              expect(sum(cells, 'invalid'), `${at} invalid`).toBe(r.excluded.invalid);
              for (const row of cells) {
                expect([row['handled'], row['solved'], row['hours'], row['outsideWindow'], row['reason']], at).toEqual([
                  r.handled,
                  r.solved,
                  r.hours,
                  r.excluded.outsideWindow,
                  r.reason,
                ]);
                for (const k of ['value', 'handledPerHour', 'solvedPerHour', 'handledPerAgentHour', 'solvedPerAgentHour'] as const)
                  close(row[k], r[k], `${at} ${k}`);
              }
              const agents = cells
                .filter((c) => c['segment'] !== null && (c['agentHandled'] as number) > 0)
                .sort((a, b) => ((a['segment'] as string) < (b['segment'] as string) ? -1 : 1));
              expect(
                agents.map((c) => [c['segment'], c['agentHandled'], c['agentSolved'], c['agentHours'], c['agentReason']]),
                `${at} agents`,
              ).toEqual(r.agents.map((a) => [a.agent, a.handled, a.solved, a.hours, a.reason]));
              agents.forEach((c, i) => {
                close(c['agentHandledPerHour'], r.agents[i]?.handledPerHour, `${at} agentHandledPerHour`);
                close(c['agentSolvedPerHour'], r.agents[i]?.solvedPerHour, `${at} agentSolvedPerHour`);
              });
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
