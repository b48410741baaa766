/**
 * The two SQL engines of the agreement tests: DuckDB in process (@duckdb/node-api) and
 * PostgreSQL: a real server (the `pg` client) at KPI_KIT_PG_URL or
 * postgres://postgres:postgres@127.0.0.1:5432/postgres (.ci/run installs and starts Debian's
 * `postgresql` package, sets that password and sets KPI_KIT_PG_URL, so CI needs the server), else,
 * when KPI_KIT_PG_URL is not set and no server answers, PGlite (PostgreSQL compiled to WebAssembly).
 * Rows come back as plain objects; BIGINT and NUMERIC values as numbers.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { type MetricSqlOptions, type SqlMetric, metricSql } from '../../src/sql/index.js';

export type Row = Record<string, unknown>;

/** One engine: runs statements and queries. */
export interface Engine {
  readonly dialect: 'duckdb' | 'postgres';
  exec(sql: string): Promise<void>;
  rows(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}

/** A plain value: BIGINT counts as numbers (far below 2^53). The queries give no other non-JSON type. */
function plain(value: unknown): unknown {
  return typeof value === 'bigint' ? Number(value) : value;
}

/** A DuckDB database in process: its connection (for runMetrics and the like) and the engine over it. */
export interface DuckdbSession {
  readonly connection: DuckDBConnection;
  readonly engine: Engine;
}

async function openDuckdb(): Promise<DuckdbSession> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const engine: Engine = {
    dialect: 'duckdb',
    exec: async (sql) => {
      await connection.run(sql);
    },
    rows: async (sql) => (await connection.runAndReadAll(sql)).getRowObjects().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)]))),
    close: () => {
      connection.closeSync();
      instance.closeSync();
      return Promise.resolve();
    },
  };
  return { connection, engine };
}

export async function duckdb(): Promise<Engine> {
  return (await openDuckdb()).engine;
}

/** Runs `f` on a new DuckDB database in process, closed after it (also when it fails). */
export async function withDuckdb(f: (session: DuckdbSession) => Promise<void>): Promise<void> {
  const session = await openDuckdb();
  try {
    await f(session);
  } finally {
    await session.engine.close();
  }
}

/**
 * The DuckDB database of a test file: opened before its tests (with the session zone `timeZone` when
 * given) and closed after them. The object is filled when the tests run.
 */
export function duckdbSession(timeZone?: string): DuckdbSession {
  const session = {} as { connection: DuckDBConnection; engine: Engine };
  beforeAll(async () => {
    Object.assign(session, await openDuckdb());
    if (timeZone !== undefined) await session.connection.run(`SET TimeZone = '${timeZone}'`);
  });
  afterAll(() => session.engine.close());
  return session;
}

export const PG_URL = process.env.KPI_KIT_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

/** Which PostgreSQL the agreement tests ran on (printed once). */
let announced = false;
function announce(what: string): void {
  if (!announced) console.log(`SQL agreement tests: PostgreSQL is ${what}`);
  announced = true;
}

/**
 * PGlite: PostgreSQL itself compiled to WebAssembly, in process. Used when no server is reachable
 * and KPI_KIT_PG_URL is not set, so that `npm test` runs on a machine without a server; CI sets
 * KPI_KIT_PG_URL, so there the tests run on the server or fail.
 */
async function pglite(): Promise<Engine> {
  const { PGlite } = await import('@electric-sql/pglite');
  // BIGINT (20) and NUMERIC (1700) as numbers.
  const db = new PGlite({ parsers: { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) } });
  await db.exec(`SET TIME ZONE 'Pacific/Auckland'`);
  announce('PGlite (in process; no server at the default address)');
  return {
    dialect: 'postgres',
    exec: async (sql) => {
      await db.exec(sql);
    },
    rows: async (sql) => (await db.query<Row>(sql)).rows,
    close: () => db.close(),
  };
}

export async function postgres(): Promise<Engine> {
  // BIGINT (20) and NUMERIC (1700) as numbers; float8 is parsed already.
  const types = {
    getTypeParser: (oid: number, format?: string) => (oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')),
  };
  const client = new pg.Client({ connectionString: PG_URL, types });
  try {
    await client.connect();
  } catch (e) {
    if (process.env.KPI_KIT_PG_URL === undefined) return pglite();
    throw new Error(
      `PostgreSQL is not reachable at ${PG_URL} (${String(e)}): start it as .ci/run does (pg_ctlcluster 15 main start), or unset KPI_KIT_PG_URL to use PGlite`,
    );
  }
  announce(`the server at ${PG_URL.replace(/:[^:@/]*@/, ':***@')}`);
  // The server's own zone must not matter: every query converts instants explicitly.
  await client.query(`SET TIME ZONE 'Pacific/Auckland'`);
  return {
    dialect: 'postgres',
    exec: async (sql) => {
      await client.query(sql);
    },
    rows: async (sql) => (await client.query(sql)).rows as Row[],
    close: () => client.end(),
  };
}

/**
 * The two engines of an agreement test file: opened before its tests (DuckDB's session zone set far
 * from UTC, as PostgreSQL's is, so that no query leans on a zone) and closed after them. The array
 * is filled when the tests run.
 */
export function bothEngines(): Engine[] {
  const engines: Engine[] = [];
  beforeAll(async () => {
    const duck = await duckdb();
    await duck.exec(`SET TimeZone = 'Pacific/Auckland'`);
    engines.push(duck, await postgres());
  });
  afterAll(async () => {
    for (const e of engines) await e.close();
  });
  return engines;
}

/** The rows of a metric's SQL over table `t` on an engine. */
export async function sqlRows(engine: Engine, metric: SqlMetric, o: Omit<MetricSqlOptions, 'dialect' | 'from'>): Promise<Row[]> {
  return engine.rows(metricSql(metric, { dialect: engine.dialect, from: 't', ...o }));
}

/** The `timestamps` option of a table loaded with epoch ms (`true`) or timestamps. */
export const timestampsOf = (epoch: boolean) => (epoch ? ('epoch-ms' as const) : ('timestamp' as const));
