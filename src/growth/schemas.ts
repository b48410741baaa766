/**
 * zod schema of the customer record of the growth family, stating the same rules as the
 * hand-written check of the metrics (a property test keeps them in agreement). In its own module so
 * that code that does not use it does not bundle zod.
 *
 * @module
 */
import { z } from 'zod';
import { KpiInputError } from '../core/errors.js';
import { toDecimal } from '../core/decimal.js';
import { isCurrency } from '../core/money.js';
import { TimestampSchema } from '../time/schemas.js';
import { TimestampReader } from '../time/timestamp.js';
import { type CustomerRecord } from './customer.js';

/** Whether a value is an amount that `toDecimal` accepts and is not negative. */
function isNonNegativeAmount(value: unknown): boolean {
  try {
    return !toDecimal(value).isNegative();
  } catch (error) {
    if (error instanceof KpiInputError) return false;
    throw error;
  }
}

/**
 * The zod schema of a {@link CustomerRecord}: `startedAt` required (a valid Date, an ISO-8601
 * string or epoch ms), `endedAt` optional and nullable and not before `startedAt`; `customerId` a
 * string or finite number, `mrr` a non-negative exact amount (a number of at most 15 significant
 * digits, a plain decimal string or a Decimal), `currency` an ISO 4217 code — each optional and
 * nullable; extra fields allowed. Zone-less timestamp strings are valid in any zone, so the schema
 * does not need one (it orders them as UTC).
 *
 * The metrics do not call zod per record; they check each record by hand, by the same rules, in
 * their single pass. Rules across records (currencies that must agree, `mrr` required by the revenue
 * metrics) are the metrics' own.
 *
 * @example
 * ```ts
 * import { CustomerRecordSchema } from 'kpi-kit/schemas';
 *
 * CustomerRecordSchema.safeParse({ customerId: 'c-1', startedAt: '2024-01-15', mrr: '49.90', currency: 'EUR' }).success; // true
 * CustomerRecordSchema.safeParse({ startedAt: '2024-02-01', endedAt: '2024-01-01' }).success; // false
 * CustomerRecordSchema.safeParse({ startedAt: '2024-02-01', mrr: -5 }).success; // false
 * ```
 */
export const CustomerRecordSchema: z.ZodType<CustomerRecord> = /* @__PURE__ */ (() => {
  const utc = new TimestampReader('UTC');
  return z
    .looseObject({
      customerId: z.union([z.string(), z.number()]).nullish(),
      startedAt: TimestampSchema,
      endedAt: TimestampSchema.nullish(),
      mrr: z.custom((v) => isNonNegativeAmount(v), { error: 'must be a non-negative amount (a number, a decimal string or a Decimal)' }).nullish(),
      currency: z.custom<string>(isCurrency, { error: "must be an ISO 4217 currency code of three capital letters, like 'EUR'" }).nullish(),
    })
    .superRefine((c, ctx) => {
      const end = c.endedAt;
      if (end !== undefined && end !== null && utc.read(end) < utc.read(c.startedAt)) {
        ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'endedAt is before startedAt' });
      }
    });
})() as unknown as z.ZodType<CustomerRecord>;
