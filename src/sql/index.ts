/**
 * The metrics as SQL: `metricSql` writes, for DuckDB or PostgreSQL, the query that computes a
 * metric over a table, a CSV or Parquet file or a subquery — the same definitions, exclusions and
 * quantiles as the TypeScript functions. Pure: it only builds SQL text (see `kpi-kit/duckdb` to run it).
 * The metrics (`SQL_METRICS`): the ticket durations (first response, resolution, first resolution,
 * handle time and the status times), resolution, reopen and first contact resolution rates, replies
 * and reopens per ticket, SLA compliance, volume by channel, complaints, top topics, resolution
 * consistency, backlog and tickets per hour; over contacts abandonment rate, average
 * speed of answer and service level; over customer records churn and retention rate, revenue churn
 * and retention (exact MRR sums) and cohort retention (the cells of its cohorts); csat, esat,
 * nps, enps and ces over answer columns, and sentimentScore over a label column (`sentiment`).
 *
 * @module sql
 */
export { metricSql, SQL_METRICS, type MetricSqlOptions, type SqlMetric, type SqlPeriod, type SqlTimestamps } from './metric-sql.js';
export { type SqlDialect, type SqlSource } from './dialect.js';
/** The ticket timestamp fields (also exported by `kpi-kit/support`): the `at` option. */
export type { TicketTimestampField } from '../records/tickets.js';
/** The contact timestamp fields (also exported by `kpi-kit/contact-center`): the `at` option of the contact metrics. */
export type { ContactTimestampField } from '../contact-center/contact.js';
export { calendarSql, type CalendarSqlOptions } from './calendar.js';
