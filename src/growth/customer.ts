/**
 * Customer records: their fields, the compiled per-record check shared by every record form of the
 * growth family, and the period snapshot rules shared by `retentionRate`, `churnRate`,
 * `revenueChurn` and `revenueRetention`.
 *
 * @module
 */
import { type IssueSpec, type KpiPath, KpiInputError, formatPath, formatValue, issueMessage } from '../core/errors.js';
import { type MoneyInput, stringCents, toDecimal } from '../core/decimal.js';
import { type CurrencyCode, currencyCodeIssue, isCurrency } from '../core/money.js';
import { IssueCollector, isRecord } from '../core/validate.js';
import { type TimestampInput, TimestampReader, timestampIssue } from '../time/timestamp.js';

/**
 * One customer: when the relationship started and, if it has, when it ended, with an optional id
 * and monthly recurring revenue. The customer is active from `startedAt` (included) until `endedAt`
 * (excluded). Other fields are ignored.
 */
export interface CustomerRecord {
  /** An id of yours (a string or a finite number), carried into error messages; not required, not checked for duplicates. */
  readonly customerId?: string | number | null | undefined;
  /** When the customer started (a Date, an ISO-8601 string or epoch ms). */
  readonly startedAt: TimestampInput;
  /** When the customer left; absent, `null` or `undefined` while still a customer. Not before `startedAt`. */
  readonly endedAt?: TimestampInput | null | undefined;
  /**
   * The customer's monthly recurring revenue, taken as their MRR for the whole relationship: a
   * non-negative exact amount (a number, a decimal string or a Decimal; see `MoneyInput`). Absent
   * or `null` when unknown — which is not the same as 0.
   */
  readonly mrr?: MoneyInput | null | undefined;
  /** ISO 4217 code of `mrr` (`'EUR'`); optional, but the codes given must agree where amounts are summed. */
  readonly currency?: CurrencyCode | null | undefined;
}

/** The record input of a period metric: customers and the period's two snapshot instants. */
export interface CustomerPeriodInput {
  readonly customers: readonly CustomerRecord[];
  /** The start snapshot S of the period. */
  readonly periodStart: TimestampInput;
  /** The end snapshot E of the period (not before `periodStart`). */
  readonly periodEnd: TimestampInput;
}

/** One valid customer record as read by {@link CustomerGuard}. @internal */
export interface CustomerFields {
  /** `startedAt`, epoch ms. */
  start: number;
  /** `endedAt`, epoch ms; `Infinity` while still a customer. */
  end: number;
  /** The valid `mrr` as given, or `undefined` when absent (or `null`). */
  mrr: MoneyInput | undefined;
  /** The valid currency code, or `null`. */
  currency: string | null;
  /** The valid customer id, or `null`. */
  id: string | number | null;
}

/** The rule of `mrr`, following "must be". */
const MRR_EXPECTED = 'a non-negative amount (a number, a decimal string or a Decimal)';

/** Whether `value` is a valid `mrr` by the allocation-free test of numbers and strings of ≤ 2 decimals (false: look closer). */
function isPlainMrr(value: unknown): boolean {
  if (typeof value === 'number') {
    const m = Math.round(value * 100);
    return m / 100 === value && m < 1e15 && m >= 0;
  }
  return typeof value === 'string' && stringCents(value) >= 0;
}

/** Why `value` (not plain, see `isPlainMrr`) is not a valid `mrr` of record `i`, or `null` when it is one. */
function mrrIssue(value: unknown, i: number): IssueSpec | null {
  const path: KpiPath = ['customers', i, 'mrr'];
  try {
    if (!toDecimal(value, path).isNegative()) return null;
  } catch (error) {
    if (!(error instanceof KpiInputError)) throw error;
    const issue = error.issues[0] as KpiInputError['issues'][number];
    return { code: issue.code, path, input: value, detail: issue.message };
  }
  return { code: 'out_of_range', path, input: value, expected: MRR_EXPECTED };
}

/**
 * The compiled check of customer records: `read(record, index)` gives `null` when the record is
 * valid (its fields then in `fields`), else its first problem with the path
 * `customers[index].field`. No allocation for a valid record with a number or plain-string `mrr`.
 * `CustomerRecordSchema` states the same rules in zod (a property test holds the two to agreement).
 * @internal
 */
export class CustomerGuard {
  readonly fields: CustomerFields = { start: NaN, end: Infinity, mrr: undefined, currency: null, id: null };

  constructor(readonly reader: TimestampReader) {}

  read(c: unknown, i: number): IssueSpec | null {
    const f = this.fields;
    f.id = null;
    if (!isRecord(c)) return { code: 'invalid_type', path: ['customers', i], input: c, expected: 'a customer record { startedAt, endedAt?, mrr? }' };
    const id = c['customerId'];
    if (id !== undefined && id !== null) {
      if (!(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) {
        return { code: 'invalid_type', path: ['customers', i, 'customerId'], input: id, expected: 'a string or a finite number' };
      }
      f.id = id;
    }
    const startValue = c['startedAt'];
    const start = this.reader.read(startValue);
    if (start !== start) {
      return startValue === undefined
        ? { code: 'missing', path: ['customers', i, 'startedAt'], input: startValue, expected: 'a timestamp' }
        : timestampIssue(startValue, ['customers', i, 'startedAt']);
    }
    const endValue = c['endedAt'];
    let end = Infinity;
    if (endValue !== undefined && endValue !== null) {
      end = this.reader.read(endValue);
      if (end !== end) return timestampIssue(endValue, ['customers', i, 'endedAt']);
      if (end < start) {
        return {
          code: 'inconsistent',
          path: ['customers', i, 'endedAt'],
          input: endValue,
          detail: `customers[${i}].endedAt cannot be before customers[${i}].startedAt`,
        };
      }
    }
    const mrr = c['mrr'];
    if (mrr !== undefined && mrr !== null && !isPlainMrr(mrr)) {
      const issue = mrrIssue(mrr, i);
      if (issue !== null) return issue;
    }
    const currency = c['currency'];
    if (currency !== undefined && currency !== null && !isCurrency(currency)) {
      return currencyCodeIssue(currency, ['customers', i, 'currency']);
    }
    f.start = start;
    f.end = end;
    f.mrr = mrr === null ? undefined : (mrr as MoneyInput | undefined);
    f.currency = currency ?? null;
    return null;
  }
}

/** An issue of a record, its message followed by the record's `customerId` when it has one. @internal */
export function withCustomerId(spec: IssueSpec, id: string | number | null): IssueSpec {
  if (id === null) return spec;
  return { code: spec.code, path: spec.path, input: spec.input, detail: `${issueMessage(spec)} (customerId ${formatValue(id)})` };
}

/** The validated snapshots of a period. @internal */
export interface PeriodSnapshots {
  /** periodStart, epoch ms. */
  readonly start: number;
  /** periodEnd, epoch ms. */
  readonly end: number;
}

/**
 * Reads `periodStart` and `periodEnd` (paths under `base`: `[]` for an input, `['options']` for an
 * accumulator), zone-less strings in `timeZone`. Throws every problem at once. @internal
 */
export function readSnapshots(fn: string, record: Record<string, unknown>, timeZone: string, base: KpiPath): PeriodSnapshots {
  const issues = new IssueCollector(fn);
  const reader = new TimestampReader(timeZone);
  const s = reader.read(record['periodStart']);
  const e = reader.read(record['periodEnd']);
  for (const [key, ms] of [
    ['periodStart', s],
    ['periodEnd', e],
  ] as const) {
    if (ms !== ms) {
      const value = record[key];
      issues.add(
        value === undefined
          ? { code: 'missing', path: [...base, key], input: value, expected: 'a timestamp (a Date, an ISO-8601 string or epoch ms)' }
          : timestampIssue(value, [...base, key]),
      );
    }
  }
  if (s === s && e === e && e < s) {
    issues.add({
      code: 'inconsistent',
      path: [...base, 'periodEnd'],
      input: record['periodEnd'],
      detail: `${formatPath([...base, 'periodEnd'])} cannot be before ${formatPath([...base, 'periodStart'])}`,
    });
  }
  issues.throwIfAny();
  return { start: s, end: e };
}
