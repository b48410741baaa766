/**
 * What the record forms of the growth family (`retentionRate`, `churnRate`, `revenueChurn`,
 * `revenueRetention`, `cohortRetention`) plug into the one accumulator engine of core: the check
 * of customer records ({@link CustomerGuard}), the currency bookkeeping of the metrics that sum MRR
 * (the first record of each currency code, part of the state: merged, serialised and validated
 * with it), and the error of `result()` when records were invalid or currencies mixed.
 *
 * @module
 */
import { type IssueSpec, KpiInputError, MAX_ISSUES, issueSpecOf } from '../core/errors.js';
import { type InvalidRecords, type JsonValue, type Kernel, Engine } from '../core/accumulator.js';
import { ExactSum } from '../core/decimal.js';
import { currencyCodeIssue, isCurrency } from '../core/money.js';
import { COUNT, IssueCollector, checkRule, fail, isRecord } from '../core/validate.js';
import { TimestampReader } from '../time/timestamp.js';
import { type CustomerFields, CustomerGuard, withCustomerId } from './customer.js';

/** A JSON object: the state of a metric, or its normalised options. */
export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * How one growth metric counts valid customer records: the part of a {@link Kernel} that is the
 * metric's own. @internal
 */
export interface CustomerMetric<St, R> {
  readonly metric: string;
  /** The normalised options (JSON data; instants as epoch ms, defaults filled in). */
  readonly options: JsonObject;
  /** Zone in which zone-less timestamp strings of the records are read. */
  readonly timeZone: string;
  /** Whether the metric sums MRR: then the currency codes given with an `mrr` must agree. */
  readonly money: boolean;
  /** The keys of the metric's JSON state (besides `currencies`); others are refused. */
  readonly keys: readonly string[];
  init(): St;
  /** Counts one valid record; returns an issue (and counts nothing) when the metric rejects it. */
  add(state: St, c: CustomerFields, index: number): IssueSpec | null;
  /** Adds `from` into `into` (`from` may be `into`). */
  merge(into: St, from: St): void;
  result(state: St, currency: string | null): R;
  toJSON(state: St): JsonObject;
  /** The state from its JSON object (keys already checked), adding every problem under `['state']`. */
  restore(json: Record<string, unknown>, issues: IssueCollector): St;
  /** How many valid records the state counts. */
  counted(state: St): number;
}

/** The first record (by index) that carried a currency code with its `mrr`, and its `customerId`. */
interface FirstOfCurrency {
  readonly index: number;
  readonly customerId: string | number | null;
}

/** The state of a customer accumulator: the metric's own, and (money metrics) the currencies seen. @internal */
export interface CustomerState<St> {
  readonly metric: St;
  readonly currencies: Map<string, FirstOfCurrency>;
}

function noteCurrency(currencies: Map<string, FirstOfCurrency>, code: string, index: number, customerId: string | number | null): void {
  const seen = currencies.get(code);
  if (seen === undefined || index < seen.index) currencies.set(code, { index, customerId });
}

/** Where a record's currency is, in the mixed-currency message: `customers[3].currency (customerId "c-7")`. */
function where(index: number, customerId: string | number | null): string {
  return `customers[${index}].currency${customerId === null ? '' : ` (customerId ${JSON.stringify(customerId)})`}`;
}

/**
 * The currency of the amounts (`null`: none given) and, when two codes were given, the issue of the
 * first record of the second code (by index).
 */
function currencyOf(currencies: Map<string, FirstOfCurrency>): {
  readonly code: string | null;
  readonly conflict: { readonly index: number; readonly spec: IssueSpec } | null;
} {
  if (currencies.size === 0) return { code: null, conflict: null };
  const byIndex = [...currencies].sort((x, y) => x[1].index - y[1].index);
  const [code, first] = byIndex[0] as [string, FirstOfCurrency];
  const second = byIndex[1];
  if (second === undefined) return { code, conflict: null };
  const [other, { index, customerId }] = second;
  return {
    code,
    conflict: {
      index,
      spec: {
        code: 'inconsistent',
        path: ['customers', index, 'currency'],
        input: other,
        detail: `currencies cannot be mixed: ${where(index, customerId)} is ${other} but ${where(first.index, first.customerId)} is ${code}; convert the amounts to one currency first`,
      },
    },
  };
}

/**
 * Throws the KpiInputError of the invalid records (in index order) and of a currency conflict, as
 * the metric function throws it for all the records; returns when there is neither.
 */
function throwIfInvalid(metric: string, invalid: InvalidRecords, conflict: { readonly index: number; readonly spec: IssueSpec } | null): void {
  if (invalid.count === 0 && conflict === null) return;
  const specs: IssueSpec[] = [];
  let pending = conflict;
  for (const record of invalid.listed) {
    if (pending !== null && pending.index < record.index) {
      specs.push(pending.spec);
      pending = null;
    }
    for (const issue of record.issues) specs.push(issueSpecOf(issue));
  }
  if (pending !== null) specs.push(pending.spec);
  throw new KpiInputError(metric, specs.slice(0, MAX_ISSUES), invalid.count + (conflict === null ? 0 : 1));
}

function currenciesJSON(currencies: Map<string, FirstOfCurrency>): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const code of [...currencies.keys()].sort()) {
    const { index, customerId } = currencies.get(code) as FirstOfCurrency;
    out[code] = { index, customerId };
  }
  return out;
}

/** Restores `state.currencies`: ISO codes, each with a record index and a `customerId` (or null), at most `limit`. */
function restoreCurrencies(value: unknown, limit: number, issues: IssueCollector): Map<string, FirstOfCurrency> {
  const out = new Map<string, FirstOfCurrency>();
  const path = ['state', 'currencies'];
  if (!isRecord(value)) {
    issues.add({ code: 'invalid_type', path, input: value, expected: 'an object of currency codes ({ EUR: { index, customerId } })' });
    return out;
  }
  const entries = Object.entries(value);
  if (entries.length > limit) {
    issues.add({ code: 'inconsistent', path, input: value, detail: `state.currencies has ${entries.length} codes: more than the ${limit} records counted` });
    return out;
  }
  for (const [code, seen] of entries) {
    if (!isCurrency(code)) {
      issues.add(currencyCodeIssue(code, [...path, code]));
      continue;
    }
    const index = isRecord(seen) ? seen['index'] : undefined;
    const id = isRecord(seen) ? seen['customerId'] : undefined;
    const idOk = id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
    if (!isRecord(seen) || checkRule(COUNT, index) !== null || !idOk || Object.keys(seen).length !== 2) {
      issues.add({
        code: 'invalid_value',
        path: [...path, code],
        input: seen,
        expected: '{ index, customerId }: the index of the first record with this currency and its customerId (or null)',
      });
      continue;
    }
    out.set(code, { index: index as number, customerId: id });
  }
  return out;
}

/**
 * The kernel of a growth metric: records checked by the {@link CustomerGuard} (their first
 * problem, followed by their `customerId`), counted by `m`, and, for the metrics that sum MRR, the
 * first record of each currency code kept in the state (the codes must agree: `result()` throws
 * otherwise). `result()` throws the KpiInputError of every invalid record, in index order, as the
 * metric function does. @internal
 */
export function customerKernel<St, R>(m: CustomerMetric<St, R>): Kernel<CustomerState<St>, R> {
  const guard = new CustomerGuard(new TimestampReader(m.timeZone));
  const fields = guard.fields;
  const { metric, money } = m;
  return {
    metric,
    options: m.options,
    collection: 'customers',
    throwOnInvalid: false,
    init: () => ({ metric: m.init(), currencies: new Map() }),
    add(state, record, index) {
      let spec = guard.read(record, index);
      if (spec === null) spec = m.add(state.metric, fields, index);
      if (spec !== null) return [withCustomerId(spec, fields.id)];
      if (money && fields.currency !== null && fields.mrr !== undefined) noteCurrency(state.currencies, fields.currency, index, fields.id);
      return null;
    },
    merge(into, from) {
      // Copies first: `from` may be `into`.
      const currencies = [...from.currencies];
      m.merge(into.metric, from.metric);
      for (const [code, { index, customerId }] of currencies) noteCurrency(into.currencies, code, index, customerId);
    },
    result(state, invalid) {
      const { code, conflict } = currencyOf(state.currencies);
      throwIfInvalid(metric, invalid, conflict);
      return m.result(state.metric, code);
    },
    toJSON: (state) => (money ? { ...m.toJSON(state.metric), currencies: currenciesJSON(state.currencies) } : m.toJSON(state.metric)),
    restore(json, issues) {
      if (!isRecord(json)) {
        issues.add({
          code: 'invalid_type',
          path: ['state'],
          input: json,
          expected: `an object { ${[...m.keys, ...(money ? ['currencies'] : [])].join(', ')} }`,
        });
        return { metric: m.init(), currencies: new Map() };
      }
      const known = money ? [...m.keys, 'currencies'] : m.keys;
      for (const key of Object.keys(json)) {
        if (!known.includes(key))
          issues.add({
            code: 'invalid_value',
            path: ['state', key],
            input: json[key],
            detail: `state.${key} is not part of a ${metric} state (known: ${known.join(', ')})`,
          });
      }
      const st = m.restore(json, issues);
      const currencies = money
        ? restoreCurrencies(json['currencies'], issues.ok ? m.counted(st) : Number.MAX_SAFE_INTEGER, issues)
        : new Map<string, FirstOfCurrency>();
      return { metric: st, currencies };
    },
    counted: (state) => m.counted(state.metric),
  };
}

/**
 * Runs the record form of a growth metric over `customers` (an array, else KpiInputError at path
 * `customers`) in one pass of the engine: the metric function and its accumulator are one code
 * path. @internal
 */
export function runCustomers<St, R>(fn: string, kernel: Kernel<St, R>, customers: unknown): R {
  if (!Array.isArray(customers)) {
    return fail(fn, {
      code: customers === undefined ? 'missing' : 'invalid_type',
      path: ['customers'],
      input: customers,
      expected: 'an array of customer records { startedAt, endedAt?, mrr? }',
    });
  }
  return new Engine(kernel).addAll(customers).result();
}

/**
 * Restores an exact, non-negative amount of a JSON state: a decimal string like `"1234.56"` (at
 * most 1000 integer digits and 1000 decimal places), as an ExactSum, or `null` (issue recorded).
 * @internal
 */
export function restoreAmount(issues: IssueCollector, value: unknown, path: readonly (string | number)[]): ExactSum | null {
  if (typeof value === 'string' && value.length <= 2001 && /^\d+(\.\d+)?$/.test(value)) {
    try {
      return new ExactSum().add(value);
    } catch (error) {
      if (!(error instanceof KpiInputError)) throw error;
    }
  }
  issues.add({ code: 'invalid_value', path, input: value, expected: 'a non-negative decimal string like "1234.56"' });
  return null;
}
