/**
 * Random ticket sets for the SQL agreement tests of the ticket metrics beyond the first four: every
 * field those metrics read, with missing values, values before creation, duration columns that
 * disagree with the timestamps, durations and counts out of range or fractional, ties; and the
 * helpers that load a set into a table and compare a SQL row with a TypeScript result.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { type Engine, type Row } from './engines.js';

/** A column of the test table: its field and SQL type. */
interface Column {
  readonly name: string;
  readonly type: 'timestamp' | 'number' | 'text' | 'boolean';
}

export const TICKET_COLUMNS: readonly Column[] = [
  { name: 'createdAt', type: 'timestamp' },
  { name: 'firstResponseAt', type: 'timestamp' },
  { name: 'firstResponseMs', type: 'number' },
  { name: 'resolvedAt', type: 'timestamp' },
  { name: 'resolutionMs', type: 'number' },
  { name: 'firstResolvedAt', type: 'timestamp' },
  { name: 'status', type: 'text' },
  { name: 'priority', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'customerId', type: 'text' },
  { name: 'topic', type: 'text' },
  { name: 'category', type: 'text' },
  { name: 'requesterWaitMs', type: 'number' },
  { name: 'agentWaitMs', type: 'number' },
  { name: 'onHoldMs', type: 'number' },
  { name: 'agentWorkMs', type: 'number' },
  { name: 'replyCount', type: 'number' },
  { name: 'reopenCount', type: 'number' },
  { name: 'contactCount', type: 'number' },
  { name: 'reopened', type: 'boolean' },
  { name: 'firstContactResolved', type: 'boolean' },
  { name: 'firstResponseSlaMet', type: 'boolean' },
  { name: 'resolutionSlaMet', type: 'boolean' },
];

/** One record: field → value, `null` for absent. */
export type Rec = Record<string, number | string | boolean | null>;

export const HOUR = 3_600_000;
/** Instants next to local midnights in UTC, Berlin (both 2024 DST changes), New York and +05:30, ±1 ms. */
const EDGES = [
  Date.UTC(2024, 0, 1),
  Date.UTC(2024, 2, 30, 23),
  Date.UTC(2024, 2, 31, 22),
  Date.UTC(2024, 9, 26, 22),
  Date.UTC(2024, 9, 27, 23),
  Date.UTC(2024, 10, 3, 4),
  Date.UTC(2024, 10, 4, 5),
  Date.UTC(2024, 5, 9, 18, 30),
].flatMap((t) => [t - 1, t, t + 1]);
/** One of the instants next to local midnights (ties between records likely). */
export const edge = fc.constantFrom(...EDGES);
export const instant = fc.oneof(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2025, 0, 1) }), edge);
/** Durations with ties (a few fixed values), negatives, and 0. */
export const delta = fc.oneof(fc.constantFrom(0, 1, 60_000, HOUR, 2 * HOUR), fc.integer({ min: -HOUR, max: 5 * 24 * HOUR }));
/** A duration column next to timestamps: absent, equal to their difference (or 1–2 ms off), or anything. */
const msOf = (raw: number | null) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.constantFrom(0, 1, -1, 2).map((off) => (raw === null ? null : raw + off)) },
    { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -1000, max: 3 * 24 * HOUR }), fc.constantFrom(0, HOUR, 4e12)) },
  );
/** null with weight `weight` against 9 for a value. */
export const orNull = <T>(a: fc.Arbitrary<T>, weight = 3) => fc.oneof({ weight, arbitrary: fc.constant(null) }, { weight: 9, arbitrary: a });
/** A duration field on its own: ties, 0, out of range (−1, beyond 100 years). */
const duration = orNull(fc.oneof(fc.constantFrom(0, 60_000, HOUR, -1, 4e12), fc.integer({ min: 0, max: 2 * HOUR })));
/** A count field: small counts with ties, and invalid ones (negative, fractional). */
const count = orNull(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(-1, 2.5, 100, 0) }));
const flag = orNull(fc.boolean());

export const ticketRecord: fc.Arbitrary<Rec> = fc
  .record({
    createdAt: orNull(instant, 1),
    frt: orNull(delta),
    res: orNull(delta),
    firstRes: orNull(delta),
    status: orNull(fc.constantFrom('solved', 'Closed', 'RESOLVED', 'open', 'pending', 'on hold')),
    priority: orNull(fc.constantFrom('high', 'High', 'low', 'urgent')),
    channel: orNull(fc.constantFrom('email', 'chat', 'phone')),
    // Few customers and topics: repeats within a window are frequent.
    customerId: orNull(fc.constantFrom('c1', 'c2', 'c3'), 2),
    topic: orNull(fc.constantFrom('billing', 'login', ''), 6),
    category: orNull(fc.constantFrom('billing', 'other'), 6),
    requesterWaitMs: duration,
    agentWaitMs: duration,
    onHoldMs: duration,
    agentWorkMs: duration,
    replyCount: count,
    reopenCount: count,
    contactCount: count,
    reopened: flag,
    firstContactResolved: flag,
    firstResponseSlaMet: flag,
    resolutionSlaMet: flag,
  })
  .chain((r) =>
    fc.record({ firstResponseMs: msOf(r.frt), resolutionMs: msOf(r.res) }).map((ms): Rec => {
      const { frt, res, firstRes, ...rest } = r;
      const after = (d: number | null): number | null => (d === null ? null : r.createdAt === null ? Date.UTC(2024, 5, 1) : r.createdAt + d);
      return { ...rest, firstResponseAt: after(frt), resolvedAt: after(res), firstResolvedAt: after(firstRes), ...ms };
    }),
  );

/** The ticket columns of {@link TICKET_COLUMNS} and those complaints, backlog, ticketsPerHour and resolutionConsistency read besides. */
export const WIDE_TICKET_COLUMNS = [
  ...TICKET_COLUMNS,
  { name: 'closedAt', type: 'timestamp' },
  { name: 'complaint', type: 'boolean' },
  { name: 'escalated', type: 'boolean' },
  { name: 'agent', type: 'text' },
  { name: 'qaPassed', type: 'boolean' },
  { name: 'csat', type: 'number' },
] as const;
/** The timestamp fields of {@link WIDE_TICKET_COLUMNS}. */
export const WIDE_TICKET_TIMESTAMPS = WIDE_TICKET_COLUMNS.filter((c) => c.type === 'timestamp').map((c) => c.name);

/**
 * A ticket of {@link ticketRecord} with the fields of {@link WIDE_TICKET_COLUMNS}: a close time
 * `close` after creation (June 2024 without a creation), complaint flags, one of `agents`, a QA
 * review and a score `csat`.
 */
export const wideTicket = (o: { close: fc.Arbitrary<number>; agents: readonly string[]; csat: fc.Arbitrary<number> }): fc.Arbitrary<Rec> =>
  ticketRecord.chain((r) =>
    fc
      .record({
        close: orNull(o.close, 6),
        complaint: orNull(fc.boolean()),
        escalated: orNull(fc.boolean()),
        agent: orNull(fc.constantFrom(...o.agents), 2),
        qaPassed: orNull(fc.boolean(), 6),
        csat: orNull(o.csat, 3),
      })
      .map(({ close: c, ...rest }): Rec => ({ ...r, ...rest, closedAt: c === null ? null : ((r['createdAt'] as number | null) ?? Date.UTC(2024, 5, 1)) + c })),
  );

const timestampNames = TICKET_COLUMNS.filter((c) => c.type === 'timestamp').map((c) => c.name);

function literal(c: Column, v: Rec[string] | undefined, epoch: boolean): string {
  if (v === null || v === undefined) return 'NULL';
  if (c.type === 'timestamp') return epoch ? String(v) : `CAST('${new Date(v as number).toISOString()}' AS TIMESTAMPTZ)`;
  if (c.type === 'text') return `'${String(v).replace(/'/g, "''")}'`;
  return String(v);
}

/** Loads the records into table `t` (timestamps as TIMESTAMPTZ, or as epoch-ms numbers). */
export async function load(engine: Engine, recs: readonly Rec[], epoch: boolean, columns: readonly Column[] = TICKET_COLUMNS): Promise<void> {
  const dbl = engine.dialect === 'duckdb' ? 'DOUBLE' : 'DOUBLE PRECISION';
  const types = { timestamp: epoch ? dbl : 'TIMESTAMPTZ', number: dbl, text: 'TEXT', boolean: 'BOOLEAN' };
  await engine.exec(`DROP TABLE IF EXISTS t`);
  await engine.exec(`CREATE ${engine.dialect === 'postgres' ? 'TEMP ' : ''}TABLE t (${columns.map((c) => `"${c.name}" ${types[c.type]}`).join(', ')})`);
  if (recs.length === 0) return;
  const values = recs.map((r) => `(${columns.map((c) => literal(c, r[c.name], epoch)).join(', ')})`);
  await engine.exec(`INSERT INTO t VALUES ${values.join(', ')}`);
}

/** The records as TypeScript records: timestamps as ISO strings (or epoch ms), absent fields left out. */
export function plain(recs: readonly Rec[], epoch: boolean, timestamps: readonly string[] = timestampNames): Record<string, unknown>[] {
  return recs.map((r) => {
    const t: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (v === null) continue;
      t[k] = !epoch && timestamps.includes(k) ? new Date(v as number).toISOString() : v;
    }
    return t;
  });
}

/** |a − b| ≤ 1e-12·max(|a|, |b|), or both null. */
export function close(actual: unknown, expected: number | null | undefined, what: string): void {
  if (expected === null || expected === undefined) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(typeof actual, what).toBe('number');
  const a = actual as number;
  expect(Math.abs(a - expected), `${what}: ${a} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(a), Math.abs(expected)));
}

/** A duration summary (of a duration metric or a count distribution). */
export interface SummaryLike {
  readonly n: number;
  readonly value: number | null;
  readonly reason: string | null;
  readonly mean: number | null;
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly total: number;
  readonly percentiles: Readonly<Record<string, number | null>>;
  readonly excluded: Readonly<Record<string, unknown>>;
}

/** The row equals the summary: counts, min, max and total exactly; the rest within 1e-12; the exclusion counts `keys` and `invalid`. */
export function sameSummary(row: Row, r: SummaryLike, keys: readonly string[], what: string): void {
  expect(row['n'], `${what} n`).toBe(r.n);
  expect(row['total'], `${what} total`).toBe(r.total);
  expect(row['min'], `${what} min`).toBe(r.min);
  expect(row['max'], `${what} max`).toBe(r.max);
  expect(row['reason'], `${what} reason`).toBe(r.reason);
  close(row['value'], r.value, `${what} value`);
  close(row['mean'], r.mean, `${what} mean`);
  close(row['median'], r.median, `${what} median`);
  for (const [k, v] of Object.entries(r.percentiles)) close(row[k], v, `${what} ${k}`);
  for (const k of [...keys, 'invalid']) expect(row[k], `${what} ${k}`).toBe(r.excluded[k]);
}

/** The options given (those not undefined), as exactOptionalPropertyTypes wants them. */
export const defined = <T extends object>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
