/**
 * Resolution time.
 *
 * @module
 */
import { type IssueSpec, type KpiPath, formatPath } from '../core/errors.js';
import { fail } from '../core/validate.js';
import {
  type DurationCalendar,
  type DurationMetricSpec,
  type DurationOptions,
  type DurationResult,
  type DurationSettings,
  INVALID,
  durationAccumulatorFactory,
  excludedCode,
  runDurationMetric,
} from './duration-metric.js';
import { MAX_EPOCH_MS } from '../time/timestamp.js';
import { type StatusFlags, type Ticket, type TicketField, AGREEMENT_MS, MAX_DURATION_MS, isResolvedStatus, statusFlags, type TicketColumns } from './ticket.js';
import { type WithAccumulator, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Options of {@link resolutionTime}. */
export interface ResolutionTimeOptions extends DurationOptions {
  /**
   * Count business time only, with a calendar made by `businessCalendar`. Needs `resolvedAt`
   * timestamps. Its zone also reads zone-less timestamps unless `timeZone` is given.
   */
  readonly calendar?: DurationCalendar;
  /**
   * Subtract each ticket's `pausedMs` (time pending / on hold, as the help desk reports it; business
   * ms when a calendar is given). Default `false`.
   */
  readonly excludePaused?: boolean;
}

/** Input of {@link resolutionTime}: tickets, or a column of resolution times. */
export type ResolutionTimeInput =
  ({ readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns }) | { readonly durations: ArrayLike<number>; readonly unresolved?: number };

/**
 * Result of {@link resolutionTime}. `excluded.unresolved` counts unresolved tickets;
 * `excluded.noResolutionTime` resolved tickets that carry neither `resolvedAt` nor `resolutionMs`.
 */
export type ResolutionTimeResult = DurationResult<'unresolved' | 'noResolutionTime'>;

const UNRESOLVED = excludedCode(0);
const NO_TIME = excludedCode(1);

function readExcludePaused(fn: string, value: unknown): boolean {
  if (value === undefined || typeof value === 'boolean') return value === true;
  return fail(fn, { code: 'invalid_type', path: ['options', 'excludePaused'], input: value, expected: 'true or false' });
}

const pausedOf = (settings: DurationSettings): boolean => settings.extra['excludePaused'] === true;

/** `read` over columns (see `DurationMetricSpec.readColumns`), row by row into `out`. */
function resolutionRows(
  createdAt: Float64Array,
  resolvedAtColumn: Float64Array,
  ms: Float64Array,
  paused: Float64Array | null,
  flags: StatusFlags,
  calendar: DurationCalendar | null,
  out: Float64Array,
): void {
  for (let i = 0; i < out.length; i++) {
    const f = flags.at(i);
    if (f === 3) {
      out[i] = INVALID;
      continue;
    }
    const c = createdAt[i] as number;
    const created = c >= -MAX_EPOCH_MS && c <= MAX_EPOCH_MS ? c : NaN;
    const a = resolvedAtColumn[i] as number;
    const m = ms[i] as number;
    const hasAt = a === a;
    const hasMs = m === m;
    const resolvedAt = a >= -MAX_EPOCH_MS && a <= MAX_EPOCH_MS ? a : NaN;
    const raw = resolvedAt - created;
    if ((hasAt && !(raw >= 0)) || (!hasAt && created !== created)) {
      out[i] = INVALID;
      continue;
    }
    if (hasMs && (!(m >= 0 && m <= MAX_DURATION_MS) || (hasAt && Math.abs(m - raw) > AGREEMENT_MS))) {
      out[i] = INVALID;
      continue;
    }
    const resolved = f === 1 || (f === 2 && (hasAt || hasMs));
    if (!resolved) {
      out[i] = UNRESOLVED;
      continue;
    }
    if (!hasAt && !hasMs) {
      out[i] = NO_TIME;
      continue;
    }
    let d: number;
    if (hasAt) d = calendar === null ? raw : calendar.duration(created, resolvedAt);
    else if (calendar === null) d = m;
    else {
      out[i] = INVALID;
      continue;
    }
    if (paused !== null) {
      const p = paused[i] as number;
      if (p === p) {
        if (!(p >= 0 && p <= d)) {
          out[i] = INVALID;
          continue;
        }
        d -= p;
      }
    }
    out[i] = d;
  }
}

const spec: DurationMetricSpec<'unresolved' | 'noResolutionTime'> = {
  metric: 'resolutionTime',
  excludedKeys: ['unresolved', 'noResolutionTime'],
  fields: (settings): readonly TicketField[] =>
    pausedOf(settings) ? ['createdAt', 'resolvedAt', 'resolutionMs', 'status', 'pausedMs'] : ['createdAt', 'resolvedAt', 'resolutionMs', 'status'],
  required: ['createdAt'],
  calendar: true,
  extraOptions: { excludePaused: readExcludePaused },
  read(t, reader, settings) {
    const status = t['status'];
    let resolved: boolean | undefined;
    if (typeof status === 'string') {
      const statuses = settings.resolvedStatuses;
      resolved = isResolvedStatus(status, statuses);
    } else if (status !== undefined && status !== null) {
      return INVALID;
    }
    // Numbers inline, in an if/else: a number field stays an unboxed double (no allocation per ticket).
    const c = t['createdAt'];
    let created = NaN;
    if (typeof c === 'number') {
      if (c >= -MAX_EPOCH_MS && c <= MAX_EPOCH_MS) created = c;
    } else created = reader.read(c);
    const at = t['resolvedAt'];
    const ms = t['resolutionMs'];
    const hasAt = at !== undefined && at !== null;
    const hasMs = ms !== undefined && ms !== null;
    let resolvedAt = NaN;
    let raw = NaN;
    if (hasAt) {
      if (typeof at === 'number') {
        if (at >= -MAX_EPOCH_MS && at <= MAX_EPOCH_MS) resolvedAt = at;
      } else resolvedAt = reader.read(at);
      raw = resolvedAt - created;
      if (!(raw >= 0)) return INVALID;
    } else if (created !== created) {
      return INVALID;
    }
    if (hasMs) {
      if (!(typeof ms === 'number' && ms >= 0 && ms <= MAX_DURATION_MS)) return INVALID;
      if (hasAt && Math.abs(ms - raw) > AGREEMENT_MS) return INVALID;
    }
    if (resolved === undefined) resolved = hasAt || hasMs;
    if (!resolved) return UNRESOLVED;
    if (!hasAt && !hasMs) return NO_TIME;
    const calendar = settings.calendar;
    let d: number;
    if (hasAt) d = calendar === null ? raw : calendar.duration(created, resolvedAt);
    else if (calendar === null) d = ms as number;
    else return INVALID;
    if (pausedOf(settings)) {
      const paused = t['pausedMs'];
      if (paused !== undefined && paused !== null) {
        if (!(typeof paused === 'number' && paused >= 0 && paused <= d)) return INVALID;
        d -= paused;
      }
    }
    return d;
  },
  readColumns(view, settings, out) {
    const n = view.length;
    const none = (): Float64Array => new Float64Array(n).fill(NaN);
    const column = (field: TicketField): Float64Array | null => (view.has(field) ? view.float64(field) : none());
    const created = column('createdAt');
    const at = column('resolvedAt');
    const ms = column('resolutionMs');
    const paused = pausedOf(settings) ? column('pausedMs') : null;
    const flags = statusFlags(view, settings.resolvedStatuses);
    if (created === null || at === null || ms === null || flags === null || (pausedOf(settings) && paused === null)) return false;
    try {
      resolutionRows(created, at, ms, paused, flags, settings.calendar, out);
    } catch {
      // A calendar refused a span: read row by row, so that the error comes where the record reading raises it.
      return false;
    }
    return true;
  },
  explain(t, _reader, settings, path: KpiPath): IssueSpec[] {
    const at = t['resolvedAt'];
    if (settings.calendar !== null && (at === undefined || at === null)) {
      return [{ code: 'missing', path: [...path, 'resolvedAt'], input: at, expected: 'a timestamp: business hours cannot be counted from resolutionMs alone' }];
    }
    const paused = t['pausedMs'] as number;
    return [
      {
        code: 'inconsistent',
        path: [...path, 'pausedMs'],
        input: paused,
        detail: `${formatPath([...path, 'pausedMs'])} (${String(paused)}) is longer than the resolution time it would be subtracted from`,
      },
    ];
  },
};

/**
 * Mergeable accumulator of {@link resolutionTime} (`create`, `add`, `addAll`, `merge`, `result`,
 * `toJSON`, `fromJSON`); its result equals {@link resolutionTime} over the same tickets.
 *
 * @example
 * ```ts
 * import { resolutionTimeAccumulator } from 'kpi-kit';
 *
 * const acc = resolutionTimeAccumulator.create({ percentiles: [50, 90] });
 * acc.addAll([{ createdAt: 0, resolutionMs: 1000 }, { createdAt: 0, resolutionMs: 3000 }]);
 * acc.result().percentiles.p90; // 2800
 * ```
 */
export const resolutionTimeAccumulator: RecordMetricFactory<
  ResolutionTimeOptions,
  DurationResult<'unresolved' | 'noResolutionTime'>,
  TicketTimestampField
> = /* @__PURE__ */ durationAccumulatorFactory(spec);

/**
 * Resolution time: for each resolved ticket, resolvedAt − createdAt (or its `resolutionMs`),
 * summarised as mean (the `value`, the "average resolution time" = sum of durations / resolved
 * tickets), median, percentiles, min and max, in ms. Unresolved tickets are left out and counted in
 * `excluded.unresolved` — never averaged in as zero or as "time so far". A ticket is resolved when its
 * status is one of `resolvedStatuses` (case-insensitive; a ticket "In Progress" is unresolved even if
 * the export carries a resolution time for it); without a status, when it has a resolution time.
 *
 * Variants: business hours (`calendar`); minus paused time (`excludePaused`); an SLA target
 * (`targetMs`); any percentiles.
 *
 * @param input - `{ tickets }` or `{ durations, unresolved? }`.
 * @param options - {@link ResolutionTimeOptions}.
 * @returns {@link ResolutionTimeResult}; `value` is `null` when no ticket is resolved.
 * @throws {@link KpiInputError} for malformed tickets (path `tickets[i].field`), a resolution before
 *   creation, a `resolutionMs` disagreeing with the timestamps, or a paused time longer than the
 *   resolution time; with `onInvalid: 'exclude'` they are listed in `excluded` instead.
 * @see docs/metrics.md#resolutiontime.
 *
 * @example
 * ```ts
 * import { resolutionTime } from 'kpi-kit';
 *
 * const hour = 3_600_000;
 * const r = resolutionTime({
 *   tickets: [
 *     { createdAt: '2024-05-06T08:00:00Z', resolvedAt: '2024-05-06T12:00:00Z', status: 'Solved' },
 *     { createdAt: '2024-05-06T09:00:00Z', resolutionMs: 2 * hour, status: 'closed' },
 *     { createdAt: '2024-05-06T10:00:00Z', resolutionMs: 5 * hour, status: 'In Progress' },
 *   ],
 * });
 * r.value / hour; // 3
 * r.n; // 2
 * r.excluded.unresolved; // 1
 * ```
 */
export const resolutionTime: WithAccumulator<
  (input: ResolutionTimeInput, options?: ResolutionTimeOptions) => ResolutionTimeResult,
  typeof resolutionTimeAccumulator
> = /* @__PURE__ */ withAccumulator(function resolutionTime(input: ResolutionTimeInput, options?: ResolutionTimeOptions): ResolutionTimeResult {
  return runDurationMetric(spec, input, options);
}, resolutionTimeAccumulator);
