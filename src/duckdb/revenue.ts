/**
 * The results of `revenueChurn` and `revenueRetention` from the row of their SQL: the exact sums
 * of MRR (decimal texts) through the TypeScript functions' amounts form, so that the rates are
 * divided exactly as there; mixed currencies raise the error the functions raise.
 *
 * @module
 */
import { KpiInputError } from '../core/errors.js';
import { type RevenueChurnResult, revenueChurn } from '../growth/revenue-churn.js';
import { type RevenueRetentionResult, revenueRetention } from '../growth/revenue-retention.js';
import { type Row, num } from './rows.js';

/**
 * The result of a revenue metric from its SQL row: `startingMrr` and `churnedMrr` (exact decimal
 * texts) and `currency` through the amounts form of the TypeScript function (the record form's
 * result for the same sums). Throws the KpiInputError of the TypeScript functions when the
 * valid records' amounts are in more than one currency. @internal
 */
export function revenueResult(metric: 'revenueChurn' | 'revenueRetention', row: Row): RevenueChurnResult | RevenueRetentionResult {
  const currencies = num(row, 'currencies');
  if (currencies > 1) {
    throw new KpiInputError(metric, [
      {
        code: 'inconsistent',
        path: ['customers'],
        input: currencies,
        detail: `currencies cannot be mixed: the customers' mrr is given in two or more currency codes; convert the amounts to one currency first, or split by currency (runMetricGroups with by: 'currency')`,
      },
    ]);
  }
  const input = {
    startingMrr: String(row['startingMrr']),
    churnedMrr: String(row['churnedMrr']),
    contractionMrr: 0,
    currency: (row['currency'] ?? null) as string | null,
  };
  return metric === 'revenueChurn' ? revenueChurn(input) : revenueRetention(input);
}
