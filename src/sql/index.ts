/**
 * The metrics as SQL: `metricSql` writes, for DuckDB or PostgreSQL, the query that computes a
 * metric over a table, a CSV or Parquet file or a subquery — the same definitions, exclusions and
 * quantiles as the TypeScript functions. Pure: it only builds SQL text (see `kpi-kit/duckdb` to run it).
 *
 * @module sql
 */
export { metricSql, SQL_METRICS, type MetricSqlOptions, type SqlMetric, type SqlPeriod, type SqlTimestamps } from './metric-sql.js';
export { type SqlDialect, type SqlSource } from './dialect.js';
/** The ticket timestamp fields (also exported by `kpi-kit/support`): the `at` option. */
export type { TicketTimestampField } from '../records/tickets.js';
