/**
 * The engine shared by the ticket metrics that count rather than time (resolution rate, reopen
 * rate, first contact resolution, backlog, SLA compliance, volumes, ...): a compiled guard that
 * agrees with `ticketIssues`, the single validated pass, the mergeable accumulator with its JSON
 * state, and the `excluded` block of the result.
 *
 * @module
 */
import { type IssueSpec, type KpiPath } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { COUNT, IssueCollector, fail, isRecord, readOptions } from '../core/validate.js';
import { toEpochMs } from '../time/timestamp.js';
import {
  type InvalidTicket,
  type InvalidTicketsJSON,
  type TicketField,
  type TicketSettings,
  AGREEMENT_MS,
  InvalidTickets,
  TICKET_FIELDS,
  TICKET_OPTION_KEYS,
  TimestampReader,
  readTicketSettings,
  ticketIssues,
  validValue,
} from './ticket.js';

/**
 * The instants of one ticket as the guard read them (epoch ms; `NaN` when absent). `firstResponseAt`
 * and `resolvedAt` fall back to `createdAt + firstResponseMs` / `createdAt + resolutionMs` when
 * only the duration is given (and those fields are among the metric's).
 */
export interface TicketTimes {
  createdAt: number;
  firstResponseAt: number;
  resolvedAt: number;
  closedAt: number;
}

const TIMESTAMP_PAIRS = [
  ['firstResponseAt', 'firstResponseMs'],
  ['resolvedAt', 'resolutionMs'],
  ['closedAt', null],
] as const;

/**
 * A compiled guard for a fixed list of ticket fields: `check(ticket)` is `true` exactly when
 * `ticketIssues(ticket, fields, required, ...)` finds nothing (a property test holds them to it), and
 * leaves the ticket's instants in `times`. No allocation per ticket.
 */
export class TicketGuard {
  readonly times: TicketTimes = { createdAt: NaN, firstResponseAt: NaN, resolvedAt: NaN, closedAt: NaN };
  private readonly names: TicketField[];
  private readonly kinds: string[];
  private readonly needed: boolean[];
  private readonly hasResponseMs: boolean;
  private readonly hasResolutionMs: boolean;

  constructor(
    readonly fields: readonly TicketField[],
    readonly required: readonly TicketField[],
    readonly reader: TimestampReader,
  ) {
    this.names = [...fields];
    this.kinds = this.names.map((f) => TICKET_FIELDS[f]);
    this.needed = this.names.map((f) => required.includes(f));
    this.hasResponseMs = fields.includes('firstResponseMs');
    this.hasResolutionMs = fields.includes('resolutionMs');
  }

  /** Whether the ticket is valid for these fields; fills `times`. */
  check(t: unknown): t is Record<string, unknown> {
    if (!isRecord(t)) return false;
    const r = t as Record<string, unknown>;
    const times = this.times;
    times.createdAt = NaN;
    times.firstResponseAt = NaN;
    times.resolvedAt = NaN;
    times.closedAt = NaN;
    const { names, kinds, needed } = this;
    for (let k = 0; k < names.length; k++) {
      const name = names[k] as TicketField;
      const value = r[name];
      if (value === undefined || value === null) {
        if (needed[k]) return false;
        continue;
      }
      const kind = kinds[k] as string;
      if (kind === 'timestamp') {
        const ms = this.reader.read(value);
        if (ms !== ms) return false;
        times[name as keyof TicketTimes] = ms;
      } else if (!validValue(kind as 'duration', value)) {
        return false;
      }
    }
    const created = times.createdAt;
    if (created === created) {
      for (const [at, msField] of TIMESTAMP_PAIRS) {
        const when = times[at];
        if (when === when) {
          if (when < created) return false;
          if (msField !== null && ((msField === 'firstResponseMs' && this.hasResponseMs) || (msField === 'resolutionMs' && this.hasResolutionMs))) {
            const given = r[msField];
            if (typeof given === 'number' && Math.abs(given - (when - created)) > AGREEMENT_MS) return false;
          }
        } else if (msField !== null && ((msField === 'firstResponseMs' && this.hasResponseMs) || (msField === 'resolutionMs' && this.hasResolutionMs))) {
          const given = r[msField];
          if (typeof given === 'number') times[at] = created + given;
        }
      }
    }
    return true;
  }

  /** Every problem of an invalid ticket (the slow path). */
  issues(t: unknown, path: KpiPath): IssueSpec[] {
    return ticketIssues(t, this.fields, this.required, this.reader, path);
  }
}

/** The `excluded` block of a counting metric's result. */
export interface RecordExcluded {
  /** Invalid tickets left out (only with `onInvalid: 'exclude'`). */
  readonly invalid: number;
  /** Index of every invalid ticket, ascending. */
  readonly invalidIndices: readonly number[];
  /** The first 100 invalid tickets with their issues. */
  readonly invalidTickets: readonly InvalidTicket[];
}

/** The JSON state of a counting metric's accumulator. */
export interface RecordAccumulatorJSON {
  readonly metric: string;
  readonly state: unknown;
  readonly invalid: InvalidTicketsJSON;
  readonly seen: number;
}

/** A mergeable accumulator of a counting ticket metric. */
export interface RecordAccumulator<R> {
  /** The metric it computes. */
  readonly metric: string;
  /** Tickets added so far (counted and invalid). */
  readonly n: number;
  /** Adds one ticket; `index` (default: the count so far) names it in errors and in `excluded`. */
  add(ticket: unknown, index?: number): this;
  /** Adds many tickets in one validated pass; indices are positions in `tickets`. */
  addAll(tickets: readonly unknown[]): this;
  /** Adds another accumulator's state (same metric and options). */
  merge(other: RecordAccumulator<R>): this;
  /** The metric over everything added and merged. */
  result(): R;
  /** A plain JSON state; restore it with `fromJSON`. */
  toJSON(): RecordAccumulatorJSON;
}

/** The accumulator factory of a counting ticket metric. */
export interface RecordAccumulatorFactory<O, R> {
  /** A new, empty accumulator with these options. */
  create(options?: O): RecordAccumulator<R>;
  /** An accumulator restored from `toJSON()` output; pass the same options it was created with. */
  fromJSON(json: unknown, options?: O): RecordAccumulator<R>;
}

/** What a counting metric plugs into the engine. @internal */
export interface RecordMetricSpec<S extends TicketSettings, St, R> {
  readonly metric: string;
  /** The metric's own option names (beyond resolvedStatuses, timeZone and onInvalid). */
  readonly optionKeys: readonly string[];
  /** Validates the metric's own options. */
  settings(fn: string, o: Record<string, unknown>, base: TicketSettings): S;
  /** The ticket fields read, and those required, with these settings. */
  fields(settings: S): readonly TicketField[];
  required(settings: S): readonly TicketField[];
  /** A new empty state. */
  init(settings: S): St;
  /**
   * Counts one ticket that passed the guard (its instants in `times`). Returns `false` when the
   * metric itself finds the ticket invalid; `explain` then says why.
   */
  add(state: St, t: Record<string, unknown>, times: TicketTimes, settings: S): boolean;
  /** The metric's own reasons a guarded ticket is invalid. */
  explain(t: Record<string, unknown>, times: TicketTimes, settings: S, path: KpiPath): IssueSpec[];
  /** Adds `from` into `into`. */
  merge(into: St, from: St, settings: S): void;
  /** The result (without `excluded.invalid*`, which the engine adds to the `excluded` given here). */
  result(state: St, settings: S): Omit<R, 'excluded'> & { readonly excluded?: Readonly<Record<string, unknown>> };
  /** A JSON copy of the state, and back (validating, adding problems to `issues`). */
  toJSON(state: St): unknown;
  restore(json: unknown, settings: S, issues: IssueCollector): St;
}

/** Validates the options of a counting metric. @internal */
export function readRecordSettings<S extends TicketSettings>(spec: RecordMetricSpec<S, unknown, unknown>, options: unknown): S {
  const fn = spec.metric;
  const o = readOptions(fn, options, [...TICKET_OPTION_KEYS, ...spec.optionKeys]);
  return spec.settings(fn, o, readTicketSettings(fn, o));
}

class Accumulator<S extends TicketSettings, St, R> implements RecordAccumulator<R> {
  readonly metric: string;
  private state: St;
  private seen = 0;
  private readonly invalid: InvalidTickets;
  private readonly guard: TicketGuard;

  constructor(
    private readonly spec: RecordMetricSpec<S, St, R>,
    private readonly settings: S,
  ) {
    this.metric = spec.metric;
    this.state = spec.init(settings);
    this.invalid = new InvalidTickets(spec.metric, settings.onInvalid);
    this.guard = new TicketGuard(spec.fields(settings), spec.required(settings), new TimestampReader(settings.timeZone));
  }

  get n(): number {
    return this.seen;
  }

  add(ticket: unknown, index?: number): this {
    const i = index ?? this.seen;
    this.one(ticket, i, ['tickets', i]);
    this.seen++;
    return this;
  }

  addAll(tickets: readonly unknown[]): this {
    if (!Array.isArray(tickets)) {
      return fail(this.metric, { code: 'invalid_type', path: ['tickets'], input: tickets, expected: 'an array of tickets' });
    }
    const len = tickets.length;
    for (let i = 0; i < len; i++) this.one(tickets[i], i, ['tickets', i]);
    this.seen += len;
    return this;
  }

  private one(t: unknown, index: number, path: KpiPath): void {
    const { guard, spec, settings } = this;
    if (guard.check(t) && spec.add(this.state, t, guard.times, settings)) return;
    let specs = guard.issues(t, path);
    if (specs.length === 0) {
      guard.check(t);
      specs = spec.explain(t as Record<string, unknown>, guard.times, settings, path);
    }
    if (specs.length === 0) throw new Error(`kpi-kit internal error: ${this.metric} rejected ticket ${index} without a reason`);
    this.invalid.report(index, specs);
  }

  merge(other: RecordAccumulator<R>): this {
    if (!(other instanceof Accumulator) || other.metric !== this.metric) {
      return fail(this.metric, { code: 'invalid_type', path: ['other'], input: other, expected: `a ${this.metric} accumulator` });
    }
    const o = other as Accumulator<S, St, R>;
    this.spec.merge(this.state, o.state, this.settings);
    this.seen += o.seen;
    this.invalid.merge(o.invalid);
    return this;
  }

  result(): R {
    const r = this.spec.result(this.state, this.settings);
    return deepFreeze({
      ...r,
      excluded: {
        ...(r.excluded ?? {}),
        invalid: this.invalid.count,
        invalidIndices: [...this.invalid.indices].sort((a, b) => a - b),
        invalidTickets: [...this.invalid.listed].sort((a, b) => a.index - b.index),
      },
    }) as unknown as R;
  }

  toJSON(): RecordAccumulatorJSON {
    return { metric: this.metric, state: this.spec.toJSON(this.state), invalid: this.invalid.toJSON(), seen: this.seen };
  }

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
    const state = this.spec.restore(json['state'], this.settings, issues);
    issues.throwIfAny();
    this.state = state;
    this.seen = json['seen'] as number;
    this.invalid.merge(invalid as unknown as InvalidTicketsJSON);
    return this;
  }
}

/** Makes the accumulator factory of a counting metric. @internal */
export function recordAccumulatorFactory<O, S extends TicketSettings, St, R>(spec: RecordMetricSpec<S, St, R>): RecordAccumulatorFactory<O, R> {
  return Object.freeze({
    create: (options?: O) => new Accumulator(spec, readRecordSettings(spec, options)),
    fromJSON: (json: unknown, options?: O) => new Accumulator(spec, readRecordSettings(spec, options)).restore(json),
  });
}

/** Runs a counting metric over `{ tickets }`. @internal */
export function runRecordMetric<S extends TicketSettings, St, R>(spec: RecordMetricSpec<S, St, R>, tickets: unknown, options: unknown): R {
  if (!Array.isArray(tickets)) return fail(spec.metric, { code: 'invalid_type', path: ['tickets'], input: tickets, expected: 'an array of tickets' });
  return new Accumulator(spec, readRecordSettings(spec, options)).addAll(tickets).result();
}

/** Restores a count at `path`, or adds an issue and returns 0. @internal */
export function restoreCount(issues: IssueCollector, value: unknown, path: KpiPath): number {
  issues.check(value, COUNT, path);
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : 0;
}

/** Restores a `{ key: count }` object (a JSON Map of counts) at `path`. @internal */
export function restoreCountMap(issues: IssueCollector, value: unknown, path: KpiPath): Map<string, number> {
  const out = new Map<string, number>();
  if (!isRecord(value)) {
    issues.add({ code: 'invalid_type', path, input: value, expected: 'an object of counts' });
    return out;
  }
  for (const [k, v] of Object.entries(value)) out.set(k, restoreCount(issues, v, [...path, k]));
  return out;
}

/**
 * Reads an instant option (`asOf`, `from`, `to`): a Date, ISO-8601 string (zone-less strings in
 * `timeZone`) or epoch ms. A required one that is absent raises `missing`. @internal
 */
export function readInstantOption(fn: string, o: Record<string, unknown>, key: string, timeZone: string, why: string): number {
  const value = o[key];
  if (value === undefined || value === null) {
    return fail(fn, { code: 'missing', path: ['options', key], input: value, expected: `a timestamp (a Date, an ISO-8601 string or epoch ms): ${why}` });
  }
  return toEpochMs(value, ['options', key], fn, { timeZone });
}
