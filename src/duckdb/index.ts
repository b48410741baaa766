/**
 * Runs the metrics' SQL (`kpi-kit/sql`) on DuckDB, in process, and returns the same frozen result
 * objects as the TypeScript functions: code switches engines by changing one call. Node only; needs
 * the optional peer dependency `@duckdb/node-api` (`npm install @duckdb/node-api`).
 *
 * @module duckdb
 */
export {
  runMetrics,
  runMetricGroups,
  type DuckDBConnectionLike,
  type RunMetricGroup,
  type RunMetricGroupsOptions,
  type RunMetricOptions,
  type RunMetricResults,
  type RunMetricsOptions,
} from './run-metrics.js';
export { runMetricsByPeriod, PERIOD_SQL_METRICS, type PeriodSqlMetric, type RunMetricsByPeriodOptions } from './by-period.js';
/** The result of `runMetricsByPeriod`: that of `byPeriod` (also exported by `kpi-kit`). */
export type { ByPeriodResult, PeriodRow, PeriodChange } from '../grouping/by-period.js';
/** A period's key and bounds (also exported by `kpi-kit`). */
export type { Period, PeriodUnit } from '../time/period.js';
export { type SqlMetric } from '../sql/metric-sql.js';
export { type SqlSource } from '../sql/dialect.js';
/** The ticket timestamp fields (also exported by `kpi-kit/support`): the `at` option. */
export type { TicketTimestampField } from '../records/tickets.js';
/** The contact timestamp fields (also exported by `kpi-kit/contact-center`): the `at` option of the contact metrics. */
export type { ContactTimestampField } from '../contact-center/contact.js';
