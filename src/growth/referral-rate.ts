/**
 * Referral rate.
 *
 * @module
 */
import { makeResult } from '../core/result.js';
import { COUNT, IssueCollector, collectFields, readOptions, requireInput } from '../core/validate.js';
import { checkKeys } from '../core/money.js';

/** The input of {@link referralRate}: referred leads and active customer accounts of a period. */
export interface ReferralRateInput {
  /** Leads of the period that came from existing customers' referrals (a non-negative integer). */
  readonly referredLeads: number;
  /** Active customer accounts in the period (a non-negative integer). */
  readonly activeCustomers: number;
}

/** Options of {@link referralRate}: none yet (an empty object or `undefined`). */
export type ReferralRateOptions = Readonly<Record<never, never>>;

/** The result of {@link referralRate}. */
export interface ReferralRateResult {
  /**
   * Referred leads per active customer account, ≥ 0 (above 1 when customers refer more than one
   * lead each on average); `null` (with a `reason`) without active customers.
   */
  readonly value: number | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  readonly referredLeads: number;
  readonly activeCustomers: number;
}

/**
 * Referral rate: leads that came from existing customers, per active customer account.
 *
 * Formula: referral rate = referred leads / active customer accounts. A customer may refer more
 * than one lead, so this is a rate per customer, not a share: it is ≥ 0 and may exceed 1, and no
 * proportion interval is given. The counts are integers, divided once, correctly rounded.
 *
 * @param input - {@link ReferralRateInput}: `{ referredLeads, activeCustomers }`.
 * @param options - {@link ReferralRateOptions}: none.
 * @returns A {@link ReferralRateResult}; `value` is `null` (with a `reason`) without active customers.
 * @throws {@link KpiInputError} when a count is missing or not a non-negative integer, a field is
 *   unknown, or an option is given.
 * @see docs/metrics.md#conversionrate-funnel-referralrate-viralcoefficient.
 *
 * @example
 * ```ts
 * import { referralRate } from 'kpi-kit';
 *
 * referralRate({ referredLeads: 30, activeCustomers: 1200 }).value; // 0.025
 * referralRate({ referredLeads: 0, activeCustomers: 0 }).reason; // 'no active customers: the referral rate is undefined'
 * ```
 */
export function referralRate(input: ReferralRateInput, options?: ReferralRateOptions): ReferralRateResult {
  const fn = 'referralRate';
  const record = requireInput(fn, input);
  readOptions(fn, options, []);
  const issues = new IssueCollector(fn);
  checkKeys(record, ['referredLeads', 'activeCustomers'], issues);
  const counts = collectFields(record, { referredLeads: COUNT, activeCustomers: COUNT }, [], issues);
  issues.throwIfAny();
  const { referredLeads, activeCustomers } = counts as { referredLeads: number; activeCustomers: number };
  return makeResult(activeCustomers === 0 ? null : referredLeads / activeCustomers, {
    reason: activeCustomers === 0 ? 'no active customers: the referral rate is undefined' : null,
    referredLeads,
    activeCustomers,
  });
}
