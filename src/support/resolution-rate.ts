/**
 * Resolution rate.
 *
 * @module
 */
import { type Interval, makeResult, ratio } from '../core/result.js';
import { COUNT, fail, readFields, readOptions, requireInput, selectForm } from '../core/validate.js';
import { withColumns } from '../records/columns.js';
import { TICKET_KIND } from '../records/tickets.js';
import { type ConfidenceSettings, readConfidence, shareInterval } from '../core/confidence.js';
import { type RecordExcluded, type RecordMetricSpec, recordAccumulatorFactory, runRecordMetric } from './record-metric.js';
import {
  type Ticket,
  type TicketOptions,
  type TicketSettings,
  TICKET_OPTION_KEYS,
  isResolved,
  statusFlags,
  type StatusFlags,
  type TicketColumns,
} from './ticket.js';
import { type WithAccumulator, restoreCounts, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Options of {@link resolutionRate}. */
export interface ResolutionRateOptions extends TicketOptions {
  /** Confidence level of the Wilson interval, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
}

/** Input of {@link resolutionRate}: tickets, or the counts of its formula ((inquiries − unresolved) / inquiries). */
export type ResolutionRateInput =
  ({ readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns }) | { readonly inquiries: number; readonly unresolved: number };

/** Result of {@link resolutionRate}. */
export interface ResolutionRateResult {
  /** (inquiries − unresolved) / inquiries; `null` (with a `reason`) without inquiries. */
  readonly value: number | null;
  /** Why `value` is `null` (no inquiries); `null` when there is a value. */
  readonly reason: string | null;
  /** Tickets (inquiries) counted. */
  readonly inquiries: number;
  /** Of them, resolved. */
  readonly resolved: number;
  /** Of them, not resolved. */
  readonly unresolved: number;
  /** Wilson score interval of the rate; `null` without inquiries. */
  readonly interval: Interval | null;
  readonly confidence: number;
  /** Tickets left out: only invalid ones (with `onInvalid: 'exclude'`). */
  readonly excluded: RecordExcluded;
}

interface Settings extends TicketSettings, ConfidenceSettings {}
interface State {
  resolved: number;
  unresolved: number;
}

function finish(resolved: number, unresolved: number, s: ConfidenceSettings): Omit<ResolutionRateResult, 'excluded'> {
  const inquiries = resolved + unresolved;
  return {
    value: ratio(resolved, inquiries),
    reason: inquiries === 0 ? 'no inquiries: the resolution rate is undefined' : null,
    inquiries,
    resolved,
    unresolved,
    interval: shareInterval(resolved, inquiries, s),
    confidence: s.confidence,
  };
}

/** The valid rows that are resolved (see `statusFlags`). */
function countResolved(valid: Uint8Array, flags: StatusFlags, resolvedAt: Float64Array): number {
  let resolved = 0;
  const { codes, entry } = flags;
  if (codes !== null && entry !== null) {
    for (let i = 0; i < valid.length; i++) {
      if (valid[i] === 0) continue;
      const code = codes[i] as number;
      const f = code < 0 ? 2 : (entry[code] as number);
      if (f === 1 || (f === 2 && resolvedAt[i] === resolvedAt[i])) resolved++;
    }
    return resolved;
  }
  for (let i = 0; i < valid.length; i++) {
    if (valid[i] === 0) continue;
    const f = flags.at(i);
    if (f === 1 || (f === 2 && resolvedAt[i] === resolvedAt[i])) resolved++;
  }
  return resolved;
}

const spec: RecordMetricSpec<Settings, State, ResolutionRateResult> = {
  metric: 'resolutionRate',
  optionKeys: ['confidence'],
  settings: (fn, o, base) => ({ ...base, ...readConfidence(fn, o['confidence']) }),
  fields: () => ['createdAt', 'status', 'resolvedAt', 'resolutionMs'],
  required: () => ['createdAt'],
  init: () => ({ resolved: 0, unresolved: 0 }),
  add(state, t, _times, s) {
    if (isResolved(t, s.resolvedStatuses)) state.resolved++;
    else state.unresolved++;
    return true;
  },
  explain: () => [],
  addColumns(state, view, check, s) {
    // Resolved: a status among the resolved ones; without a status, a resolution instant (given, or
    // derived by the guard from resolutionMs and createdAt), as isResolved reads a record.
    const resolvedAt = check.times['resolvedAt'];
    if (resolvedAt === undefined) return null;
    const flags = statusFlags(view, s.resolvedStatuses);
    if (flags === null) return null;
    const { valid } = check;
    const resolved = countResolved(valid, flags, resolvedAt);
    let counted = 0;
    for (let i = 0; i < valid.length; i++) counted += valid[i] as number;
    state.resolved += resolved;
    state.unresolved += counted - resolved;
    return [];
  },
  merge(into, from) {
    into.resolved += from.resolved;
    into.unresolved += from.unresolved;
  },
  result: (state, s) => finish(state.resolved, state.unresolved, s),
  toJSON: (state) => ({ resolved: state.resolved, unresolved: state.unresolved }),
  restore: (json, _s, issues) => restoreCounts(json, ['resolved', 'unresolved'] as const, issues),
  options: (s) => ({ confidence: s.confidence }),
  counted: (state) => state.resolved + state.unresolved,
};

/**
 * Mergeable accumulator of {@link resolutionRate} (`create`, `add`, `addAll`, `merge`, `result`,
 * `toJSON`, `fromJSON`); its result equals {@link resolutionRate} over all tickets added.
 *
 * @example
 * ```ts
 * import { resolutionRateAccumulator } from 'kpi-kit';
 *
 * const acc = resolutionRateAccumulator.create();
 * acc.add({ createdAt: 0, status: 'solved' }).add({ createdAt: 0, status: 'open' });
 * acc.result().value; // 0.5
 * ```
 */
export const resolutionRateAccumulator: RecordMetricFactory<ResolutionRateOptions, ResolutionRateResult, TicketTimestampField> =
  /* @__PURE__ */ recordAccumulatorFactory(spec);

/**
 * Resolution rate: the share of inquiries resolved, (inquiries − unresolved) / inquiries. A ticket is resolved when its status is one of `resolvedStatuses` (case-insensitive;
 * default solved, closed, resolved), or, without a status, when it has `resolvedAt` or
 * `resolutionMs`. The result gives a Wilson score interval of the rate.
 *
 * @param input - `{ tickets }` (each needs `createdAt`) or `{ inquiries, unresolved }` (counts).
 * @param options - {@link ResolutionRateOptions}.
 * @returns {@link ResolutionRateResult}; `value` is `null` when there are no inquiries.
 * @throws {@link KpiInputError} for a malformed ticket (path `tickets[i].field`; with
 *   `onInvalid: 'exclude'` it is left out and listed in `excluded`), for counts that are not
 *   non-negative integers, and for `unresolved` greater than `inquiries`.
 * @see docs/metrics.md#resolutionrate.
 *
 * @example
 * ```ts
 * import { resolutionRate } from 'kpi-kit';
 *
 * resolutionRate({ inquiries: 200, unresolved: 30 }).value; // 0.85
 * const r = resolutionRate({
 *   tickets: [
 *     { createdAt: '2024-05-06T08:00:00Z', status: 'Solved' },
 *     { createdAt: '2024-05-06T09:00:00Z', status: 'closed' },
 *     { createdAt: '2024-05-06T10:00:00Z', status: 'pending' },
 *     { createdAt: '2024-05-06T11:00:00Z', resolvedAt: '2024-05-06T12:00:00Z' },
 *   ],
 * });
 * r.value; // 0.75
 * ```
 */
export const resolutionRate: WithAccumulator<
  (input: ResolutionRateInput, options?: ResolutionRateOptions) => ResolutionRateResult,
  typeof resolutionRateAccumulator
> = /* @__PURE__ */ withAccumulator(function resolutionRate(input: ResolutionRateInput, options?: ResolutionRateOptions): ResolutionRateResult {
  const fn = 'resolutionRate';
  const record = withColumns(fn, TICKET_KIND, requireInput(fn, input));
  const form = selectForm(fn, record, [
    { name: 'tickets', fields: ['tickets'] },
    { name: 'counts', fields: ['inquiries', 'unresolved'] },
  ]);
  if (form === 'tickets') return runRecordMetric(spec, record['tickets'], options);
  const o = readOptions(fn, options, [...TICKET_OPTION_KEYS, 'confidence']);
  const s = readConfidence(fn, o['confidence']);
  const { inquiries, unresolved } = readFields(fn, record, { inquiries: COUNT, unresolved: COUNT });
  if (unresolved > inquiries) {
    fail(fn, { code: 'inconsistent', path: ['unresolved'], input: unresolved, detail: `unresolved (${unresolved}) cannot exceed inquiries (${inquiries})` });
  }
  return makeResult(ratio(inquiries - unresolved, inquiries), {
    ...finish(inquiries - unresolved, unresolved, s),
    excluded: { invalid: 0, invalidIndices: [], invalidTickets: [] },
  });
}, resolutionRateAccumulator);
