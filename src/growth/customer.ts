/**
 * Customer records and the counts of one period taken from them, shared by the record forms of
 * `retentionRate` and `churnRate`.
 *
 * @module
 */
import { type IssueSpec, MAX_ISSUES } from '../core/errors.js';
import { IssueCollector, isRecord } from '../core/validate.js';
import { type TimestampInput, TimestampReader, timestampIssue } from '../time/timestamp.js';

/**
 * One customer: when the relationship started and, if it has, when it ended. The customer is
 * active from `startedAt` (included) until `endedAt` (excluded). Other fields are ignored.
 */
export interface CustomerRecord {
  /** When the customer started (a Date, an ISO-8601 string or epoch ms). */
  readonly startedAt: TimestampInput;
  /** When the customer left; absent, `null` or `undefined` while still a customer. Not before `startedAt`. */
  readonly endedAt?: TimestampInput | null | undefined;
}

/** The record input of a period metric: customers and the period's two snapshot instants. */
export interface CustomerPeriodInput {
  readonly customers: readonly CustomerRecord[];
  /** The start snapshot S of the period. */
  readonly periodStart: TimestampInput;
  /** The end snapshot E of the period (not before `periodStart`). */
  readonly periodEnd: TimestampInput;
}

/** Counts of one period from customer records. @internal */
export interface PeriodCounts {
  /** Active at the start snapshot S (startedAt ≤ S < endedAt). */
  readonly atStart: number;
  /** Active at the end snapshot E. */
  readonly atEnd: number;
  /** Active at S and at E. */
  readonly retained: number;
  /** Active at S, not at E (left in (S, E]). */
  readonly lost: number;
  /** Active at E, not at S: joined in (S, E] and still there. */
  readonly newActive: number;
}

/**
 * Validates `customers` (an array of {@link CustomerRecord}) in one pass and calls `visit` with the
 * index, start and end (epoch ms; `Infinity` while still a customer) of every valid record. Problems
 * are added to `issues` with their index (the first {@link MAX_ISSUES} listed, the rest counted);
 * `false` when `customers` is not an array. @internal
 */
export function readCustomers(
  customers: unknown,
  reader: TimestampReader,
  issues: IssueCollector,
  visit: (index: number, startMs: number, endMs: number) => void,
): boolean {
  if (!Array.isArray(customers)) {
    issues.add({ code: customers === undefined ? 'missing' : 'invalid_type', path: ['customers'], input: customers, expected: 'an array of customer records { startedAt, endedAt? }' });
    return false;
  }
  let problems = 0;
  const report = (spec: IssueSpec): void => {
    if (problems++ < MAX_ISSUES) issues.add(spec);
    else issues.addUnlisted(1);
  };
  for (let i = 0; i < customers.length; i++) {
    const c: unknown = customers[i];
    if (!isRecord(c)) {
      report({ code: 'invalid_type', path: ['customers', i], input: c, expected: 'a customer record { startedAt, endedAt? }' });
      continue;
    }
    const startValue = c['startedAt'];
    const start = reader.read(startValue);
    if (start !== start) {
      report(startValue === undefined ? { code: 'missing', path: ['customers', i, 'startedAt'], input: startValue, expected: 'a timestamp' } : timestampIssue(startValue, ['customers', i, 'startedAt']));
      continue;
    }
    const endValue = c['endedAt'];
    let end = Infinity;
    if (endValue !== undefined && endValue !== null) {
      end = reader.read(endValue);
      if (end !== end) {
        report(timestampIssue(endValue, ['customers', i, 'endedAt']));
        continue;
      }
      if (end < start) {
        report({ code: 'inconsistent', path: ['customers', i, 'endedAt'], input: endValue, detail: `customers[${i}].endedAt cannot be before customers[${i}].startedAt` });
        continue;
      }
    }
    visit(i, start, end);
  }
  return true;
}

/**
 * Reads `{ customers, periodStart, periodEnd }` and counts the period in one pass, validating every
 * record (a malformed record is reported with its index). Throws every problem at once. @internal
 */
export function countPeriod(fn: string, input: Record<string, unknown>, timeZone: string): PeriodCounts {
  const issues = new IssueCollector(fn);
  const reader = new TimestampReader(timeZone);
  const s = reader.read(input['periodStart']);
  const e = reader.read(input['periodEnd']);
  for (const [key, ms] of [['periodStart', s], ['periodEnd', e]] as const) {
    if (ms !== ms) {
      const value = input[key];
      issues.add(value === undefined ? { code: 'missing', path: [key], input: value, expected: 'a timestamp (a Date, an ISO-8601 string or epoch ms)' } : timestampIssue(value, [key]));
    }
  }
  if (s === s && e === e && e < s) {
    issues.add({ code: 'inconsistent', path: ['periodEnd'], input: input['periodEnd'], detail: 'periodEnd cannot be before periodStart' });
  }
  let atStart = 0;
  let atEnd = 0;
  let retained = 0;
  readCustomers(input['customers'], reader, issues, (_i, start, end) => {
    const activeAtStart = start <= s && s < end;
    const activeAtEnd = start <= e && e < end;
    if (activeAtStart) atStart++;
    if (activeAtEnd) atEnd++;
    if (activeAtStart && activeAtEnd) retained++;
  });
  issues.throwIfAny();
  return { atStart, atEnd, retained, lost: atStart - retained, newActive: atEnd - retained };
}
