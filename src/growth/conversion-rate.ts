/**
 * Lead-to-customer conversion rate.
 *
 * @module
 */
import { type Interval, makeResult } from '../core/result.js';
import { zForConfidence } from '../core/stats/normal.js';
import { wilsonInterval } from '../core/stats/proportion.js';
import { CONFIDENCE, COUNT, IssueCollector, collectFields, readOptions, requireInput } from '../core/validate.js';
import { checkKeys } from '../core/money.js';

/** The input of {@link conversionRate}: qualified leads and the count of customers won from them. */
export interface ConversionRateInput {
  /** Qualified leads of the period (a non-negative integer). */
  readonly leads: number;
  /** How many of them became paying customers (a non-negative integer ≤ leads). */
  readonly customerCount: number;
}

/** Options of {@link conversionRate}. */
export interface ConversionRateOptions {
  /** Confidence level of the Wilson interval, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
}

/** The result of {@link conversionRate}. */
export interface ConversionRateResult {
  /** customerCount / leads, in [0, 1]; `null` (with a `reason`) when there are no leads. */
  readonly value: number | null;
  /** Why `value` is `null`; `null` when it is not. */
  readonly reason: string | null;
  readonly leads: number;
  /** Leads that became customers. */
  readonly customerCount: number;
  /** Wilson score interval of the rate; `null` when there are no leads. */
  readonly interval: Interval | null;
  readonly confidence: number;
}

/**
 * Conversion rate: the share of qualified leads that became paying customers.
 *
 * Formula: conversion = customerCount / qualified leads, a share in [0, 1] (the counts are integers,
 * divided once, correctly rounded), with a Wilson score interval. For several stages see `funnel`.
 *
 * @param input - {@link ConversionRateInput}: `{ leads, customerCount }`.
 * @param options - {@link ConversionRateOptions}: `confidence` (0.95).
 * @returns A {@link ConversionRateResult}; `value` is `null` (with a `reason`) without leads.
 * @throws {@link KpiInputError} when a count is missing or not a non-negative integer, a field is
 *   unknown, customerCount exceeds leads (`inconsistent`), or an option is invalid.
 * @see docs/metrics.md#conversionrate-funnel-referralrate-viralcoefficient.
 * @see Wilson, "Probable inference, the law of succession, and statistical inference", JASA 22, 1927.
 *
 * @example
 * ```ts
 * import { conversionRate } from 'kpi-kit';
 *
 * const r = conversionRate({ leads: 400, customerCount: 36 });
 * r.value; // 0.09
 * conversionRate({ leads: 10, customerCount: 8 }).interval; // ≈ { lower: 0.4902, upper: 0.9433 }
 * conversionRate({ leads: 0, customerCount: 0 }).value; // null
 * ```
 */
export function conversionRate(input: ConversionRateInput, options?: ConversionRateOptions): ConversionRateResult {
  const fn = 'conversionRate';
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, ['confidence']);
  const confidence = o['confidence'] ?? 0.95;
  const issues = new IssueCollector(fn);
  issues.check(confidence, CONFIDENCE, ['options', 'confidence']);
  checkKeys(record, ['leads', 'customerCount'], issues);
  const counts = collectFields(record, { leads: COUNT, customerCount: COUNT }, [], issues);
  if (counts !== null && counts.customerCount > counts.leads) {
    issues.add({
      code: 'inconsistent',
      path: ['customerCount'],
      input: counts.customerCount,
      detail: `customerCount (${counts.customerCount}) cannot exceed leads (${counts.leads})`,
    });
  }
  issues.throwIfAny();
  const { leads, customerCount } = counts as { leads: number; customerCount: number };
  const c = confidence as number;
  return makeResult(leads === 0 ? null : customerCount / leads, {
    reason: leads === 0 ? 'no leads: the conversion rate is undefined' : null,
    leads,
    customerCount,
    interval: wilsonInterval(customerCount, leads, zForConfidence(c)),
    confidence: c,
  });
}
