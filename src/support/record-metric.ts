/**
 * The engine shared by the ticket metrics that count rather than time (resolution rate, reopen
 * rate, first contact resolution, backlog, SLA compliance, volumes, ...): a compiled guard that
 * agrees with `ticketIssues`, the single validated pass, the mergeable accumulator with its JSON
 * state, and the `excluded` block of the result.
 *
 * @module
 */
import { type IssueSpec, type KpiPath } from '../core/errors.js';
import { type JsonValue } from '../core/accumulator.js';
import { fail } from '../core/validate.js';
import { type KindMetricSpec, type SharedOptions, kindAccumulatorFactory, readKindMetricSettings, runKindMetric } from '../records/engine.js';
import { RecordGuard } from '../records/kind.js';
import { readTimestamp } from '../time/timestamp.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';
import {
  type InvalidTicket,
  type TicketField,
  type TicketSettings,
  TICKET_FIELDS,
  TICKET_KIND,
  TICKET_OPTION_KEYS,
  TimestampReader,
  readTicketSettings,
} from './ticket.js';

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

/**
 * What a counting ticket metric plugs into the engine of record kinds: a {@link KindMetricSpec} of
 * the ticket kind, whose fields, required fields and own reasons for invalid tickets are given.
 * @internal
 */
export type RecordMetricSpec<S extends TicketSettings, St, R> = KindMetricSpec<TicketTimestampField, TicketSettings, S, St, R> & {
  /** The ticket fields read, and those required, with these settings. */
  fields(settings: S): readonly TicketField[];
  required(settings: S): readonly TicketField[];
  /** The metric's own reasons a guarded ticket is invalid. */
  explain(t: Record<string, unknown>, times: TicketTimes, settings: S, path: KpiPath): IssueSpec[];
};

/** The options every ticket metric shares: `resolvedStatuses`, `timeZone` and `onInvalid`. @internal */
export const TICKET_OPTIONS: SharedOptions<TicketSettings> = Object.freeze({
  keys: TICKET_OPTION_KEYS,
  read: readTicketSettings,
  json: (s: TicketSettings) => ticketOptionsJSON(s),
});

/** The shared ticket options, normalised as JSON. @internal */
export function ticketOptionsJSON(s: TicketSettings): { readonly [key: string]: JsonValue } {
  return { resolvedStatuses: [...s.resolvedStatuses], timeZone: s.timeZone, onInvalid: s.onInvalid };
}

/** Validates the options of a counting metric. @internal */
export function readRecordSettings<S extends TicketSettings>(spec: RecordMetricSpec<S, unknown, unknown>, options: unknown, fn = spec.metric): S {
  return readKindMetricSettings(spec, options, fn, TICKET_OPTIONS);
}

/** Makes the accumulator factory of a counting metric. @internal */
export function recordAccumulatorFactory<O, S extends TicketSettings, St, R>(
  spec: RecordMetricSpec<S, St, R>,
): RecordMetricFactory<O, R, TicketTimestampField> {
  return kindAccumulatorFactory<O, typeof TICKET_FIELDS, TicketSettings, S, St, R>(TICKET_KIND, spec, TICKET_OPTIONS);
}

/** Runs a counting metric over `{ tickets }`. @internal */
export function runRecordMetric<S extends TicketSettings, St, R>(spec: RecordMetricSpec<S, St, R>, tickets: unknown, options: unknown): R {
  return runKindMetric(TICKET_KIND, spec, TICKET_OPTIONS, tickets, options);
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
  return readTimestamp(fn, value, ['options', key], timeZone);
}
