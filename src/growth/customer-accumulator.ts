/**
 * The mergeable accumulator behind every record form of the growth family (`retentionRate`,
 * `churnRate`, `revenueChurn`, `revenueRetention`, `cohortRetention`): one validated pass over
 * customer records, the invalid records kept by index, the currency check, merge, result and a
 * small JSON state. A metric plugs in how a valid record is counted ({@link CustomerHooks}).
 *
 * @module
 */
import { type IssueSpec, type KpiInputErrorCode, type KpiPath, MAX_ISSUES, KpiInputError, issueMessage } from '../core/errors.js';
import { COUNT, IssueCollector, checkRule, fail, isRecord } from '../core/validate.js';
import { isCurrency } from '../core/money.js';
import { TimestampReader } from '../time/timestamp.js';
import { type CustomerFields, CustomerGuard, withCustomerId } from './customer.js';

/** One invalid record kept by an accumulator: its index and its (first) problem. */
export interface CustomerIssueJSON {
  readonly index: number;
  readonly code: KpiInputErrorCode;
  readonly path: KpiPath;
  readonly message: string;
  /** The offending value, when it is a JSON string, finite number, boolean or `null`. */
  readonly input?: string | number | boolean | null;
}

/**
 * The JSON state of a customer accumulator (see `toJSON`): small and plain, so shards reduced in
 * workers, edge functions or a job queue merge exactly.
 */
export interface CustomerAccumulatorJSON {
  /** The metric: `"churnRate"`, `"cohortRetention"`, ... */
  readonly metric: string;
  /** The settings it was created with, normalised (instants as epoch ms, defaults filled in). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Records added so far (counted and invalid). */
  readonly seen: number;
  /** The metric's counts (and exact sums as decimal strings). */
  readonly state: unknown;
  /** Invalid records: how many, and the first 100 by index with their problem. */
  readonly invalid: { readonly count: number; readonly listed: readonly CustomerIssueJSON[] };
  /**
   * Metrics that sum MRR only: per currency code given with an `mrr`, the smallest index of a
   * record carrying it and that record's `customerId` (or `null`).
   */
  readonly currencies: Readonly<Record<string, readonly [number, string | number | null]>>;
}

/**
 * A mergeable accumulator over customer records. `add` and `addAll` check every record exactly as
 * the metric function does; an invalid record is not counted but kept (the first 100 by index, the
 * rest counted), and `result()` then throws the `KpiInputError` that the function would throw for
 * all the records in their combined order. `merge` requires the same metric and options; the
 * result does not depend on how the records were split or in which order the parts were merged.
 */
export interface CustomerAccumulator<R> {
  /** The metric this accumulator computes. */
  readonly metric: string;
  /** Records added so far (counted and invalid), merged ones included. */
  readonly n: number;
  /** Invalid records so far. */
  readonly invalid: number;
  /** Adds one record; `index` (default: `n`, the records so far) names it in errors. */
  add(customer: unknown, index?: number): this;
  /**
   * Adds many records in one pass; record i is named `offset + i` in errors (default `offset`: `n`,
   * so successive calls index the records as one list would; give a shard its start index when
   * shards are reduced apart).
   */
  addAll(customers: readonly unknown[], offset?: number): this;
  /** Adds another accumulator's records (same metric and options); the other is not changed. */
  merge(other: CustomerAccumulator<R>): this;
  /** The metric over every record added and merged. */
  result(): R;
  /** A plain JSON state; restore it with the factory's `fromJSON`. */
  toJSON(): CustomerAccumulatorJSON;
}

/** `create` and `fromJSON` of one growth metric's accumulator. */
export interface CustomerAccumulatorFactory<O, R> {
  /** A new, empty accumulator; the options are validated as the metric validates them. */
  create(options: O): CustomerAccumulator<R>;
  /** An accumulator restored from `toJSON()` output (which holds its options), validated. */
  fromJSON(json: unknown): CustomerAccumulator<R>;
}

/** What a metric plugs into the accumulator. @internal */
export interface CustomerHooks<St, R> {
  readonly metric: string;
  /** The normalised settings, JSON-safe: echoed in `toJSON` and compared by `merge`. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Zone in which zone-less timestamp strings of the records are read. */
  readonly timeZone: string;
  /** Whether the metric sums MRR (then the currencies given must agree). */
  readonly money: boolean;
  init(): St;
  /** Counts one valid record; returns an issue (and counts nothing) when the metric rejects it. */
  add(state: St, c: CustomerFields, index: number): IssueSpec | null;
  merge(into: St, from: St): void;
  result(state: St, currency: string | null): R;
  toJSON(state: St): unknown;
  /** The state from its JSON form, adding every problem to `issues`. */
  restore(json: unknown, issues: IssueCollector): St;
}

interface Listed {
  readonly index: number;
  readonly spec: IssueSpec;
}

const INDEX_RULE = COUNT;

/** The first problem found for an index, as JSON keeps it. */
function issueJSON(l: Listed): CustomerIssueJSON {
  const spec = l.spec;
  const input = spec.input;
  const base = { index: l.index, code: spec.code, path: [...spec.path], message: issueMessage(spec) };
  const plain = typeof input === 'string' || typeof input === 'boolean' || input === null || (typeof input === 'number' && Number.isFinite(input));
  return plain ? { ...base, input: input as string | number | boolean | null } : base;
}

/** A mergeable accumulator over customer records, driven by {@link CustomerHooks}. @internal */
export class CustomerEngine<St, R> implements CustomerAccumulator<R> {
  readonly metric: string;
  private state: St;
  private seen = 0;
  private invalidCount = 0;
  /** The invalid records with the smallest indices, ascending, at most MAX_ISSUES. */
  private readonly listed: Listed[] = [];
  private readonly currencies = new Map<string, readonly [number, string | number | null]>();
  private readonly guard: CustomerGuard;
  private readonly key: string;

  constructor(private readonly hooks: CustomerHooks<St, R>) {
    this.metric = hooks.metric;
    this.state = hooks.init();
    this.guard = new CustomerGuard(new TimestampReader(hooks.timeZone));
    this.key = JSON.stringify(hooks.options);
  }

  get n(): number {
    return this.seen;
  }

  get invalid(): number {
    return this.invalidCount;
  }

  add(customer: unknown, index?: number): this {
    const i = index ?? this.seen;
    if (index !== undefined && checkRule(INDEX_RULE, index) !== null) this.badIndex('index', index);
    this.consume(customer, i);
    this.seen++;
    return this;
  }

  addAll(customers: readonly unknown[], offset?: number): this {
    if (!Array.isArray(customers)) {
      return fail(this.metric, { code: customers === undefined ? 'missing' : 'invalid_type', path: ['customers'], input: customers, expected: 'an array of customer records { startedAt, endedAt?, mrr? }' });
    }
    const base = offset ?? this.seen;
    if (offset !== undefined && checkRule(INDEX_RULE, offset) !== null) this.badIndex('offset', offset);
    const len = customers.length;
    for (let i = 0; i < len; i++) this.consume(customers[i], base + i);
    this.seen += len;
    return this;
  }

  private badIndex(name: string, value: unknown): never {
    return fail(this.metric, { code: 'invalid_value', path: [name], input: value, expected: 'a non-negative integer (the index of the record in the whole data)' });
  }

  private consume(c: unknown, index: number): void {
    const guard = this.guard;
    let spec = guard.read(c, index);
    const f = guard.fields;
    if (spec === null) spec = this.hooks.add(this.state, f, index);
    if (spec !== null) {
      this.report(index, withCustomerId(spec, f.id));
      return;
    }
    if (this.hooks.money && f.currency !== null && f.mrr !== undefined) this.noteCurrency(f.currency, index, f.id);
  }

  private noteCurrency(code: string, index: number, id: string | number | null): void {
    const seen = this.currencies.get(code);
    if (seen === undefined || index < seen[0]) this.currencies.set(code, [index, id]);
  }

  private report(index: number, spec: IssueSpec): void {
    this.invalidCount++;
    this.keep({ index, spec });
  }

  /** Keeps `l` among the listed (sorted by index, at most MAX_ISSUES). */
  private keep(l: Listed): void {
    const listed = this.listed;
    let at = listed.length;
    while (at > 0 && (listed[at - 1] as Listed).index > l.index) at--;
    if (at >= MAX_ISSUES) return;
    listed.splice(at, 0, l);
    if (listed.length > MAX_ISSUES) listed.pop();
  }

  merge(other: CustomerAccumulator<R>): this {
    if (!(other instanceof CustomerEngine) || other.metric !== this.metric || other.key !== this.key) {
      const theirs = other instanceof CustomerEngine ? `${other.metric} ${other.key}` : String(other);
      return fail(this.metric, {
        code: 'inconsistent',
        path: ['other'],
        input: other,
        detail: `can only merge ${this.metric} accumulators created with the same options: ${this.metric} ${this.key} vs ${theirs}`,
      });
    }
    const o = other as CustomerEngine<St, R>;
    // Copies first: `other` may be this accumulator.
    const listed = [...o.listed];
    const currencies = [...o.currencies];
    this.hooks.merge(this.state, o.state);
    this.seen += o.seen;
    this.invalidCount += o.invalidCount;
    for (const l of listed) this.keep(l);
    for (const [code, [index, id]] of currencies) this.noteCurrency(code, index, id);
    return this;
  }

  /** The currency of the amounts: `null` when none given; throws nothing (conflicts are issues). */
  private currencyConflict(): { readonly code: string | null; readonly issue: Listed | null } {
    if (this.currencies.size === 0) return { code: null, issue: null };
    const byIndex = [...this.currencies].sort((a, b) => a[1][0] - b[1][0]);
    const [code, [firstIndex, firstId]] = byIndex[0] as [string, readonly [number, string | number | null]];
    const second = byIndex[1];
    if (second === undefined) return { code, issue: null };
    const [other, [index, id]] = second;
    const where = (i: number, who: string | number | null): string => `customers[${i}].currency${who === null ? '' : ` (customerId ${JSON.stringify(who)})`}`;
    return {
      code,
      issue: {
        index,
        spec: {
          code: 'inconsistent',
          path: ['customers', index, 'currency'],
          input: other,
          detail: `currencies cannot be mixed: ${where(index, id)} is ${other} but ${where(firstIndex, firstId)} is ${code}; convert the amounts to one currency first`,
        },
      },
    };
  }

  result(): R {
    const { code, issue } = this.currencyConflict();
    if (this.invalidCount > 0 || issue !== null) {
      const listed = [...this.listed];
      if (issue !== null) {
        let at = listed.length;
        while (at > 0 && (listed[at - 1] as Listed).index > issue.index) at--;
        listed.splice(at, 0, issue);
      }
      throw new KpiInputError(
        this.metric,
        listed.slice(0, MAX_ISSUES).map((l) => l.spec),
        this.invalidCount + (issue === null ? 0 : 1),
      );
    }
    return this.hooks.result(this.state, code);
  }

  toJSON(): CustomerAccumulatorJSON {
    const currencies: Record<string, readonly [number, string | number | null]> = {};
    for (const [code, seen] of this.currencies) currencies[code] = [seen[0], seen[1]];
    return {
      metric: this.metric,
      options: this.hooks.options,
      seen: this.seen,
      state: this.hooks.toJSON(this.state),
      invalid: { count: this.invalidCount, listed: this.listed.map(issueJSON) },
      currencies,
    };
  }

  /** Restores the state of `toJSON()` output (the options already taken from it), validating it. */
  restore(json: Record<string, unknown>): this {
    const fn = `${this.metric}Accumulator.fromJSON`;
    const issues = new IssueCollector(fn);
    if (issues.check(json['seen'], COUNT, ['seen']) && isRecord(json['invalid']) && typeof json['invalid']['count'] === 'number' && json['invalid']['count'] > (json['seen'] as number)) {
      issues.add({ code: 'inconsistent', path: ['seen'], input: json['seen'], detail: `seen (${String(json['seen'])}) cannot be below invalid.count (${json['invalid']['count']})` });
    }
    const state = this.hooks.restore(json['state'], issues);
    const invalid = json['invalid'];
    const listed: Listed[] = [];
    let count = 0;
    if (!isRecord(invalid) || !Array.isArray(invalid['listed']) || invalid['listed'].length > MAX_ISSUES) {
      issues.add({ code: 'invalid_value', path: ['invalid'], input: invalid, expected: `{ count, listed } with at most ${MAX_ISSUES} listed records` });
    } else {
      const list = invalid['listed'] as unknown[];
      if (issues.check(invalid['count'], COUNT, ['invalid', 'count'])) count = invalid['count'] as number;
      if (count < list.length) {
        issues.add({ code: 'inconsistent', path: ['invalid', 'count'], input: invalid['count'], detail: `invalid.count (${String(invalid['count'])}) cannot be below the number of listed records (${list.length})` });
      }
      list.forEach((item, k) => {
        const l = restoreListed(item);
        if (l === null || (k > 0 && l.index < (listed[k - 1] as Listed).index)) {
          issues.add({ code: 'invalid_value', path: ['invalid', 'listed', k], input: item, expected: '{ index, code, path, message, input? }, in ascending order of index' });
        } else listed.push(l);
      });
    }
    const currencies = json['currencies'] ?? {};
    const restored: [string, readonly [number, string | number | null]][] = [];
    if (!isRecord(currencies)) {
      issues.add({ code: 'invalid_type', path: ['currencies'], input: currencies, expected: 'an object of currency codes' });
    } else {
      for (const [code, seen] of Object.entries(currencies)) {
        const ok =
          isCurrency(code) &&
          Array.isArray(seen) &&
          seen.length === 2 &&
          checkRule(COUNT, seen[0]) === null &&
          (seen[1] === null || typeof seen[1] === 'string' || (typeof seen[1] === 'number' && Number.isFinite(seen[1])));
        if (ok) restored.push([code, [seen[0] as number, seen[1] as string | number | null]]);
        else issues.add({ code: 'invalid_value', path: ['currencies', code], input: seen, expected: '[index, customerId or null] under an ISO 4217 code' });
      }
    }
    issues.throwIfAny();
    this.state = state;
    this.seen = json['seen'] as number;
    this.invalidCount = count;
    for (const l of listed) this.listed.push(l);
    for (const [code, seen] of restored) this.currencies.set(code, seen);
    return this;
  }
}

const CODES: readonly string[] = ['invalid_type', 'not_finite', 'not_integer', 'out_of_range', 'invalid_value', 'inconsistent', 'missing', 'ambiguous'];

function restoreListed(item: unknown): Listed | null {
  if (!isRecord(item)) return null;
  const { index, code, path, message, input } = item;
  const pathOk = Array.isArray(path) && path.every((p: unknown) => typeof p === 'string' || (typeof p === 'number' && Number.isSafeInteger(p) && p >= 0));
  if (checkRule(COUNT, index) !== null || !CODES.includes(code as string) || !pathOk || typeof message !== 'string') return null;
  return { index: index as number, spec: { code: code as KpiInputErrorCode, path: Object.freeze([...(path as (string | number)[])]), input, detail: message } };
}

/**
 * Builds the accumulator factory of a metric: `hooksOf` validates the options (throwing
 * KpiInputError) and returns the hooks. @internal
 */
export function customerAccumulatorFactory<O, St, R>(metric: string, hooksOf: (options: unknown) => CustomerHooks<St, R>): CustomerAccumulatorFactory<O, R> {
  return Object.freeze({
    create: (options: O): CustomerAccumulator<R> => new CustomerEngine(hooksOf(options)),
    fromJSON(json: unknown): CustomerAccumulator<R> {
      const fn = `${metric}Accumulator.fromJSON`;
      if (!isRecord(json)) return fail(fn, { code: 'invalid_type', path: [], input: json, expected: 'an object' });
      if (json['metric'] !== metric) fail(fn, { code: 'invalid_value', path: ['metric'], input: json['metric'], expected: JSON.stringify(metric) });
      // Options are checked as `create` checks them (paths under ['options'], as in the JSON).
      const hooks = hooksOf(json['options']);
      return new CustomerEngine(hooks).restore(json);
    },
  });
}

/** A metric function that carries its accumulator factory as `accumulator`. */
export type WithAccumulator<F, A> = F & { readonly accumulator: A };

/** Attaches a metric's accumulator factory to the metric function. @internal */
export function withAccumulator<F extends (...args: never[]) => unknown, A>(fn: F, accumulator: A): WithAccumulator<F, A> {
  return Object.assign(fn, { accumulator });
}

/** Restores a count at `path`, or adds an issue and returns 0. @internal */
export function restoreCount(issues: IssueCollector, value: unknown, path: KpiPath): number {
  return issues.check(value, COUNT, path) ? (value as number) : 0;
}
