/**
 * The one accumulator behind every record metric that counts (support tickets, contact-centre
 * contacts): the pass over records, the invalid-record policy, merge, result and JSON state. A
 * family plugs in how one record is checked and counted ({@link EngineHooks}); the accumulator does
 * the rest, the same way for every family.
 *
 * @module
 */
import { type IssueSpec } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { COUNT, IssueCollector, fail, isRecord, readOffset } from '../core/validate.js';
import { type InvalidTicketsJSON, type OnInvalid, InvalidTickets } from './ticket.js';

/** What a family and a metric plug into the engine. @internal */
export interface EngineHooks<St> {
  /** The public metric name, in errors and JSON. */
  readonly metric: string;
  /** The name of the records in inputs and paths: `'tickets'`, `'contacts'`. */
  readonly collection: string;
  /** The key of the listed invalid records in `excluded`: `'invalidTickets'`, `'invalidContacts'`. */
  readonly listedKey: string;
  readonly onInvalid: OnInvalid;
  /** A new empty state. */
  init(): St;
  /** Checks one record and counts it into `state`: `null`, or the (non-empty) issues that make it invalid. */
  consume(state: St, record: unknown, index: number): IssueSpec[] | null;
  /** Adds `from` into `into`. */
  merge(into: St, from: St): void;
  /** The result, with the metric's own `excluded` counts (the engine adds the invalid ones). */
  result(state: St): { readonly excluded?: Readonly<Record<string, unknown>> };
  /** A JSON copy of the state, and back (validating, adding problems to `issues`). */
  toJSON(state: St): unknown;
  restore(json: unknown, issues: IssueCollector): St;
}

/** The JSON state of an engine accumulator. */
export interface EngineAccumulatorJSON {
  readonly metric: string;
  readonly state: unknown;
  readonly invalid: InvalidTicketsJSON;
  readonly seen: number;
}

/** A mergeable accumulator over records, driven by {@link EngineHooks}. @internal */
export class EngineAccumulator<St, R> {
  readonly metric: string;
  private state: St;
  private seen = 0;
  private readonly invalid: InvalidTickets;

  constructor(private readonly hooks: EngineHooks<St>) {
    this.metric = hooks.metric;
    this.state = hooks.init();
    this.invalid = new InvalidTickets(hooks.metric, hooks.onInvalid);
  }

  /** Records added so far (counted and invalid). */
  get n(): number {
    return this.seen;
  }

  add(record: unknown, index?: number): this {
    this.one(record, index ?? this.seen);
    this.seen++;
    return this;
  }

  addAll(records: readonly unknown[], offset?: number): this {
    const { hooks } = this;
    if (!Array.isArray(records)) {
      return fail(this.metric, { code: 'invalid_type', path: [hooks.collection], input: records, expected: `an array of ${hooks.collection}` });
    }
    const base = readOffset(this.metric, offset, this.seen);
    const len = records.length;
    const state = this.state;
    for (let i = 0; i < len; i++) {
      const specs = hooks.consume(state, records[i], base + i);
      if (specs !== null) this.reject(specs, base + i);
    }
    this.seen += len;
    return this;
  }

  private one(record: unknown, index: number): void {
    const specs = this.hooks.consume(this.state, record, index);
    if (specs !== null) this.reject(specs, index);
  }

  private reject(specs: IssueSpec[], index: number): void {
    if (specs.length === 0) throw new Error(`kpi-kit internal error: ${this.metric} rejected record ${index} without a reason`);
    this.invalid.report(index, specs);
  }

  merge(other: unknown): this {
    if (!(other instanceof EngineAccumulator) || other.metric !== this.metric) {
      return fail(this.metric, { code: 'invalid_type', path: ['other'], input: other, expected: `a ${this.metric} accumulator` });
    }
    const o = other as EngineAccumulator<St, R>;
    this.hooks.merge(this.state, o.state);
    this.seen += o.seen;
    this.invalid.merge(o.invalid);
    return this;
  }

  result(): R {
    const r = this.hooks.result(this.state);
    return deepFreeze({
      ...r,
      excluded: {
        ...(r.excluded ?? {}),
        invalid: this.invalid.count,
        invalidIndices: [...this.invalid.indices].sort((a, b) => a - b),
        [this.hooks.listedKey]: [...this.invalid.listed].sort((a, b) => a.index - b.index),
      },
    }) as unknown as R;
  }

  toJSON(): EngineAccumulatorJSON {
    return { metric: this.metric, state: this.hooks.toJSON(this.state), invalid: this.invalid.toJSON(), seen: this.seen };
  }

  /** Restores a state from `toJSON()` output (validated). */
  restore(json: unknown): this {
    const fn = `${this.metric}Accumulator.fromJSON`;
    if (!isRecord(json)) return fail(fn, { code: 'invalid_type', path: [], input: json, expected: 'an object' });
    const issues = new IssueCollector(fn);
    if (json['metric'] !== this.metric) issues.add({ code: 'invalid_value', path: ['metric'], input: json['metric'], expected: `"${this.metric}"` });
    issues.check(json['seen'], COUNT, ['seen']);
    const invalid = json['invalid'];
    const invalidOk =
      isRecord(invalid) && Number.isSafeInteger(invalid['count']) && Array.isArray(invalid['indices']) && Array.isArray(invalid['listed']);
    if (!invalidOk) issues.add({ code: 'invalid_value', path: ['invalid'], input: invalid, expected: '{ count, indices, listed }' });
    const state = this.hooks.restore(json['state'], issues);
    issues.throwIfAny();
    this.state = state;
    this.seen = json['seen'] as number;
    this.invalid.merge(invalid as unknown as InvalidTicketsJSON);
    return this;
  }
}
