/**
 * The engine shared by the ticket metrics that count rather than time (resolution rate, reopen
 * rate, first contact resolution, backlog, SLA compliance, volumes, ...): a compiled guard that
 * agrees with `ticketIssues`, the single validated pass, the mergeable accumulator with its JSON
 * state, and the `excluded` block of the result.
 *
 * @module
 */
import { type IssueSpec, type KpiPath } from '../core/errors.js';
import { type JsonValue, type Kernel, Engine, accumulatorFactory } from '../core/accumulator.js';
import { type IssueCollector, fail, readOptions } from '../core/validate.js';
import { withInvalid } from '../records/excluded.js';
import { toEpochMs } from '../time/timestamp.js';
import { type RecordMetricFactory, type TicketTimestampField, TICKET_RECORDS } from './ticket-metric.js';
import { RecordGuard } from '../records/kind.js';
import { type InvalidTicket, type TicketField, type TicketSettings, TICKET_KIND, TICKET_OPTION_KEYS, TimestampReader, readTicketSettings } from './ticket.js';

/**
 * The instants of one ticket as the guard read them (epoch ms; `NaN` when absent). `firstResponseAt`
 * and `resolvedAt` fall back to `createdAt + firstResponseMs` / `createdAt + resolutionMs` when
 * only the duration is given (and those fields are among the metric's).
 */
export type TicketTimes = { [K in TicketTimestampField]: number };

/**
 * A compiled guard for a fixed list of ticket fields: `check(ticket)` is `true` exactly when
 * `ticketIssues(ticket, fields, required, ...)` finds nothing (a property test holds them to it), and
 * leaves the ticket's instants in `times`. No allocation per ticket. Generated from the ticket
 * declaration (`TICKET_KIND`).
 */
export class TicketGuard extends RecordGuard<TicketTimestampField> {
  constructor(fields: readonly TicketField[], required: readonly TicketField[], reader: TimestampReader, mode?: 'compiled' | 'interpreted') {
    super(TICKET_KIND, fields, required, reader, mode);
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

/** What a counting metric plugs into the engine. @internal */
export interface RecordMetricSpec<S extends TicketSettings, St, R> {
  readonly metric: string;
  /** The metric's own option names (beyond resolvedStatuses, timeZone and onInvalid). */
  readonly optionKeys: readonly string[];
  /** Validates the metric's own options. */
  settings(fn: string, o: Record<string, unknown>, base: TicketSettings): S;
  /**
   * The metric's own options, normalised as JSON (defaults filled in, instants as epoch ms, a
   * calendar as its spec; a key function as `'function'`): what `toJSON` stores and `merge`
   * compares. Reading them back as options must give the same settings.
   */
  options(settings: S): { readonly [key: string]: JsonValue };
  /** Options that are functions (compared by identity; they make the state unserialisable). */
  functions?(settings: S): { readonly [key: string]: unknown };
  /** The ticket fields read, and those required, with these settings. */
  fields(settings: S): readonly TicketField[];
  required(settings: S): readonly TicketField[];
  /** A new empty state. */
  init(settings: S): St;
  /**
   * Counts one ticket that passed the guard (its instants in `times`). Returns `false` when the
   * metric itself finds the ticket invalid; `explain` then says why.
   */
  add(state: St, t: Record<string, unknown>, times: TicketTimes, settings: S, index: number): boolean;
  /** The metric's own reasons a guarded ticket is invalid. */
  explain(t: Record<string, unknown>, times: TicketTimes, settings: S, path: KpiPath): IssueSpec[];
  /** Adds `from` into `into`. */
  merge(into: St, from: St, settings: S): void;
  /** The result (without `excluded.invalid*`, which the engine adds to the `excluded` given here). */
  result(state: St, settings: S): Omit<R, 'excluded'> & { readonly excluded?: Readonly<Record<string, unknown>> };
  /** A JSON copy of the state, and back (validating, adding problems to `issues`, paths under `['state']`). */
  toJSON(state: St): JsonValue;
  restore(json: unknown, settings: S, issues: IssueCollector): St;
  /** The tickets the state counts (all valid tickets added: counted and excluded). */
  counted(state: St): number;
}

/** Validates the options of a counting metric. @internal */
export function readRecordSettings<S extends TicketSettings>(spec: RecordMetricSpec<S, unknown, unknown>, options: unknown, fn = spec.metric): S {
  const o = readOptions(fn, options, [...TICKET_OPTION_KEYS, ...spec.optionKeys]);
  return spec.settings(fn, o, readTicketSettings(fn, o));
}

/** The shared ticket options, normalised as JSON. @internal */
export function ticketOptionsJSON(s: TicketSettings): { readonly [key: string]: JsonValue } {
  return { resolvedStatuses: [...s.resolvedStatuses], timeZone: s.timeZone, onInvalid: s.onInvalid };
}

/** The kernel of a counting ticket metric with these settings. */
function ticketKernel<S extends TicketSettings, St, R>(spec: RecordMetricSpec<S, St, R>, settings: S): Kernel<St, R> {
  const guard = new TicketGuard(spec.fields(settings), spec.required(settings), new TimestampReader(settings.timeZone));
  const functions = spec.functions?.(settings);
  return {
    metric: spec.metric,
    options: { ...ticketOptionsJSON(settings), ...spec.options(settings) },
    ...(functions !== undefined && Object.keys(functions).length > 0 ? { functions } : {}),
    collection: 'tickets',
    throwOnInvalid: settings.onInvalid === 'throw',
    init: () => spec.init(settings),
    add(state, t, index) {
      if (guard.check(t) && spec.add(state, t, guard.times, settings, index)) return null;
      const path: KpiPath = ['tickets', index];
      const specs = guard.issues(t, path);
      if (specs.length > 0) return specs;
      guard.check(t);
      return spec.explain(t as Record<string, unknown>, guard.times, settings, path);
    },
    merge: (into, from) => spec.merge(into, from, settings),
    result: (state, invalid) => withInvalid<R>(spec.result(state, settings), invalid, 'invalidTickets'),
    toJSON: (state) => spec.toJSON(state),
    restore: (json, issues) => spec.restore(json, settings, issues),
    counted: (state) => spec.counted(state),
  };
}

/** Makes the accumulator factory of a counting metric. @internal */
export function recordAccumulatorFactory<O, S extends TicketSettings, St, R>(
  spec: RecordMetricSpec<S, St, R>,
): RecordMetricFactory<O, R, TicketTimestampField> {
  return accumulatorFactory(spec.metric, (options, fn) => ticketKernel(spec, readRecordSettings(spec, options, fn)) as Kernel<unknown, R>, {
    records: TICKET_RECORDS,
  });
}

/** Runs a counting metric over `{ tickets }`. @internal */
export function runRecordMetric<S extends TicketSettings, St, R>(spec: RecordMetricSpec<S, St, R>, tickets: unknown, options: unknown): R {
  if (!Array.isArray(tickets)) return fail(spec.metric, { code: 'invalid_type', path: ['tickets'], input: tickets, expected: 'an array of tickets' });
  return new Engine(ticketKernel(spec, readRecordSettings(spec, options))).addAll(tickets).result();
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
