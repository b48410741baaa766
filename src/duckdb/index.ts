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
export { type SqlMetric } from '../sql/metric-sql.js';
export { type SqlSource } from '../sql/dialect.js';
/** The ticket timestamp fields (also exported by `kpi-kit/support`): the `at` option. */
export type { TicketTimestampField } from '../records/tickets.js';
/** The contact timestamp fields (also exported by `kpi-kit/contact-center`): the `at` option of the contact metrics. */
export type { ContactTimestampField } from '../contact-center/contact.js';
