/**
 * zod schemas of the finance family, for validating data at an application's edge (forms, APIs,
 * files) with the rules the functions apply; a property test keeps them in agreement with the
 * hand-written checks. In their own module so that code that does not use them does not bundle zod.
 *
 * @module
 */
import { z } from 'zod';
import { type MoneyInput, toDecimal } from '../core/decimal.js';
import { KpiInputError } from '../core/errors.js';
import { isCurrency } from '../core/money.js';
import { TimestampReader } from '../time/timestamp.js';
import { type RevenueLine } from './revenue.js';

const utc = /* @__PURE__ */ new TimestampReader('UTC');

/** Whether `value` is a valid amount ({@link MoneyInput}): the check of the functions themselves. */
function isMoney(value: unknown): boolean {
  try {
    toDecimal(value);
    return true;
  } catch (error) {
    if (error instanceof KpiInputError) return false;
    throw error;
  }
}

/**
 * The schema of one revenue line, as `revenue` (and `revenueAccumulator`) accept it with
 * `options.period`: an object with an `amount` ({@link MoneyInput}: a number of at most 15
 * significant digits or a safe integer, a plain decimal string, or a Decimal; a refund is negative),
 * and optionally a `stream` (a string), a `date` (a valid `Date`, an ISO-8601 string or epoch ms
 * within ±8.64e15) and a `currency` (an ISO 4217 code of three capital letters); each optional field
 * may also be `null`. Unknown keys pass through. Without `options.period`, `revenue` does not read
 * `date`. That all the lines of one call carry the same currency is checked by `revenue`, not by
 * this schema of a single line.
 *
 * @example
 * ```ts
 * import { RevenueLineSchema } from 'kpi-kit/schemas';
 *
 * RevenueLineSchema.safeParse({ amount: '19.99', stream: 'subscriptions', date: '2024-05-01', currency: 'EUR' }).success; // true
 * RevenueLineSchema.safeParse({ amount: 0.1 + 0.2 }).success; // false (not a decimal amount: pass '0.3')
 * RevenueLineSchema.safeParse({ amount: 5, date: '2024-02-30' }).success; // false
 * RevenueLineSchema.safeParse({ amount: 5, currency: 'eur' }).success; // false
 * ```
 */
export const RevenueLineSchema: z.ZodType<RevenueLine> = /* @__PURE__ */ z.looseObject({
  amount: z.custom<MoneyInput>(isMoney, { error: 'must be an amount (a number, a decimal string or a Decimal)' }),
  stream: z.string().nullish(),
  date: z
    .union([
      z.date(),
      z.number().min(-8.64e15).max(8.64e15),
      z.string().refine((s) => utc.parse(s) === utc.parse(s), { message: 'Expected an ISO-8601 timestamp' }),
    ])
    .nullish(),
  currency: z.custom<string>(isCurrency, { error: "must be an ISO 4217 currency code of three capital letters, like 'EUR'" }).nullish(),
}) as unknown as z.ZodType<RevenueLine>;
