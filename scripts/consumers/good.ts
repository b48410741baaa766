// A correct consumer of kpi-kit (every entry point but kpi-kit/schemas, which is in schemas.ts),
// compiled by scripts/check-package.mjs under every module setting (strict, skipLibCheck false)
// against the packed tarball: it must compile without an error.
import { KpiDecimal, KpiInputError, nps, sumExact } from 'kpi-kit';
import { SERVICE_LEVEL_METHODS, type ServiceLevelMethod } from 'kpi-kit/contact-center';
import { costPerResolution, type CostPerResolutionResult } from 'kpi-kit/finance';
import { churnRate } from 'kpi-kit/growth';
import { formatValue } from 'kpi-kit/report';
import { firstResponseTime, type Ticket } from 'kpi-kit/support';
import { csat } from 'kpi-kit/survey';
import { periodOf, toEpochMs } from 'kpi-kit/time';
import { metricSql } from 'kpi-kit/sql';
import { type RunMetricsOptions } from 'kpi-kit/duckdb';

// Money results are Decimals, exact.
const cost: CostPerResolutionResult = costPerResolution({ operatingCost: '1200.00', resolved: 40 });
const perResolution: KpiDecimal | null = cost.value;
const total: KpiDecimal = sumExact(['0.10', '0.20']).plus(new KpiDecimal('1.5'));
export const money: string = `${perResolution?.toFixed(2) ?? '-'} ${total.toFixed(2)}`;

// Shares, scores and durations are numbers (or null when undefined for the data).
const score: number | null = nps({ responses: [10, 9, 3] }).value;
const satisfied: number | null = csat({ satisfied: 74, total: 107 }).value;
const churn: number | null = churnRate({ customersAtStart: 200, customersLost: 10 }).value;
const tickets: Ticket[] = [{ createdAt: '2024-05-06T08:00:00Z', firstResponseAt: '2024-05-06T09:00:00Z' }];
const firstResponse: number | null = firstResponseTime({ tickets }).value;
const at: number = toEpochMs('2024-05-06T08:00:00Z');
const month: string = periodOf(at, { period: 'month', timeZone: 'Europe/Berlin' }).key;
const method: ServiceLevelMethod | undefined = SERVICE_LEVEL_METHODS[0];
export const figures: readonly unknown[] = [score, satisfied, churn, firstResponse, month, method, formatValue(satisfied)];

// SQL text of a metric (kpi-kit/sql), and the options of the DuckDB runner (kpi-kit/duckdb: its types need no @duckdb/node-api).
export const sql: string = metricSql('firstResponseTime', { dialect: 'postgres', from: 'tickets', period: 'month' });
export const runOptions: RunMetricsOptions = { onInvalid: 'exclude', columns: { firstResponseMs: null } };

// The error type is a class with its fields.
export const code: string | null = (() => {
  try {
    nps({ responses: [11] });
    return null;
  } catch (error) {
    return error instanceof KpiInputError ? error.code : null;
  }
})();
