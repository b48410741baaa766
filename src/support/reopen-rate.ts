/**
 * Reopen rate.
 *
 * @module
 */
import { type Interval, deepFreeze, ratio } from '../core/result.js';
import { COUNT, fail, readFields, readOptions, requireInput, selectForm } from '../core/validate.js';
import { BOOLEAN_TRUE, withColumns } from '../records/columns.js';
import { TICKET_KIND } from '../records/tickets.js';
import { type ConfidenceSettings, readConfidence, shareInterval } from '../core/confidence.js';
import { type RecordExcluded, type RecordMetricSpec, recordAccumulatorFactory, runRecordMetric } from './record-metric.js';
import { type Ticket, type TicketOptions, type TicketSettings, TICKET_OPTION_KEYS, isResolved, type TicketColumns, statusFlags } from './ticket.js';
import { type WithAccumulator, requireAtMost, restoreCounts, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Options of {@link reopenRate}. */
export interface ReopenRateOptions extends TicketOptions {
  /** Confidence level of the Wilson interval, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
}

/** Input of {@link reopenRate}: tickets, or counts. */
export type ReopenRateInput =
  ({ readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns }) | { readonly reopened: number; readonly resolved: number };

/** Result of {@link reopenRate}. */
export interface ReopenRateResult {
  /** reopened / resolved; `null` (with a `reason`) when nothing was resolved. */
  readonly value: number | null;
  /** Why `value` is `null` (no resolved tickets); `null` when there is a value. */
  readonly reason: string | null;
  /** Tickets reopened after a resolution. */
  readonly reopened: number;
  /** Tickets resolved at least once (resolved now, or reopened). */
  readonly resolved: number;
  /** Tickets never resolved, outside the rate. */
  readonly neverResolved: number;
  /** Wilson score interval of the rate; `null` when nothing was resolved. */
  readonly interval: Interval | null;
  readonly confidence: number;
  /** Tickets left out: `neverResolved` (also given above) and invalid ones. */
  readonly excluded: RecordExcluded & { readonly neverResolved: number };
}

interface Settings extends TicketSettings, ConfidenceSettings {}
interface State {
  reopened: number;
  resolved: number;
  neverResolved: number;
}

function finish(
  reopened: number,
  resolved: number,
  neverResolved: number,
  s: ConfidenceSettings,
): Omit<ReopenRateResult, 'excluded'> & { excluded: { neverResolved: number } } {
  return {
    value: ratio(reopened, resolved),
    reason: resolved === 0 ? 'no resolved tickets: the reopen rate is undefined' : null,
    reopened,
    resolved,
    neverResolved,
    interval: shareInterval(reopened, resolved, s),
    confidence: s.confidence,
    excluded: { neverResolved },
  };
}

const spec: RecordMetricSpec<Settings, State, ReopenRateResult> = {
  metric: 'reopenRate',
  optionKeys: ['confidence'],
  settings: (fn, o, base) => ({ ...base, ...readConfidence(fn, o['confidence']) }),
  fields: () => ['createdAt', 'status', 'resolvedAt', 'resolutionMs', 'reopened'],
  required: () => ['createdAt'],
  init: () => ({ reopened: 0, resolved: 0, neverResolved: 0 }),
  add(state, t, _times, s) {
    if (t['reopened'] === true) {
      state.reopened++;
      state.resolved++;
    } else if (isResolved(t, s.resolvedStatuses)) state.resolved++;
    else state.neverResolved++;
    return true;
  },
  explain: () => [],
  addColumns(state, view, check, s) {
    const resolvedAt = check.times['resolvedAt'];
    const flags = statusFlags(view, s.resolvedStatuses);
    const reopened = view.booleans('reopened');
    if (resolvedAt === undefined || flags === null || reopened === null) return null;
    const { valid } = check;
    for (let i = 0; i < valid.length; i++) {
      if (valid[i] === 0) continue;
      const f = flags.at(i);
      if (reopened[i] === BOOLEAN_TRUE) {
        state.reopened++;
        state.resolved++;
      } else if (f === 1 || (f === 2 && resolvedAt[i] === resolvedAt[i])) state.resolved++;
      else state.neverResolved++;
    }
    return [];
  },
  merge(into, from) {
    into.reopened += from.reopened;
    into.resolved += from.resolved;
    into.neverResolved += from.neverResolved;
  },
  result: (state, s) => finish(state.reopened, state.resolved, state.neverResolved, s),
  toJSON: (state) => ({ ...state }),
  restore(json, _s, issues) {
    const state = restoreCounts(json, ['reopened', 'resolved', 'neverResolved'] as const, issues);
    requireAtMost(issues, state.reopened, 'reopened', state.resolved, 'resolved', ['state', 'reopened']);
    return state;
  },
  options: (s) => ({ confidence: s.confidence }),
  counted: (state) => state.resolved + state.neverResolved,
};

/**
 * Mergeable accumulator of {@link reopenRate}; its result equals {@link reopenRate} over all
 * tickets added, in any order or split.
 *
 * @example
 * ```ts
 * import { reopenRateAccumulator } from 'kpi-kit';
 *
 * const acc = reopenRateAccumulator.create();
 * acc.add({ createdAt: 0, status: 'solved', reopened: true }).add({ createdAt: 0, status: 'solved' });
 * acc.result().value; // 0.5
 * ```
 */
export const reopenRateAccumulator: RecordMetricFactory<ReopenRateOptions, ReopenRateResult, TicketTimestampField> =
  /* @__PURE__ */ recordAccumulatorFactory(spec);

/**
 * Reopen rate: tickets reopened after being resolved / tickets resolved. A ticket counts as
 * resolved at least once when its status is resolved (see `resolvedStatuses`) or when it is flagged
 * `reopened: true` (a reopened ticket was resolved before, even if it is open again now). Tickets
 * never resolved are outside the rate and counted in `neverResolved`.
 *
 * @param input - `{ tickets }` (each needs `createdAt`; `reopened` is read as a boolean, absent =
 *   not reopened) or `{ reopened, resolved }` (counts).
 * @param options - {@link ReopenRateOptions}.
 * @returns {@link ReopenRateResult}; `value` is `null` when no ticket was resolved.
 * @throws {@link KpiInputError} for a malformed ticket (path `tickets[i].field`), counts that are not
 *   non-negative integers, and `reopened` greater than `resolved`.
 * @see docs/metrics.md#reopenrate (the definition help desks such as Zendesk report: reopens / solved tickets).
 *
 * @example
 * ```ts
 * import { reopenRate } from 'kpi-kit';
 *
 * reopenRate({ reopened: 6, resolved: 120 }).value; // 0.05
 * const r = reopenRate({
 *   tickets: [
 *     { createdAt: 0, status: 'solved' },
 *     { createdAt: 0, status: 'open', reopened: true },
 *     { createdAt: 0, status: 'closed', reopened: false },
 *     { createdAt: 0, status: 'new' },
 *   ],
 * });
 * r.value; // 0.3333333333333333
 * r.neverResolved; // 1
 * ```
 */
export const reopenRate: WithAccumulator<(input: ReopenRateInput, options?: ReopenRateOptions) => ReopenRateResult, typeof reopenRateAccumulator> =
  /* @__PURE__ */ withAccumulator(function reopenRate(input: ReopenRateInput, options?: ReopenRateOptions): ReopenRateResult {
    const fn = 'reopenRate';
    const record = withColumns(fn, TICKET_KIND, requireInput(fn, input));
    const form = selectForm(fn, record, [
      { name: 'tickets', fields: ['tickets'] },
      { name: 'counts', fields: ['reopened', 'resolved'] },
    ]);
    if (form === 'tickets') return runRecordMetric(spec, record['tickets'], options);
    const o = readOptions(fn, options, [...TICKET_OPTION_KEYS, 'confidence']);
    const s = readConfidence(fn, o['confidence']);
    const { reopened, resolved } = readFields(fn, record, { reopened: COUNT, resolved: COUNT });
    if (reopened > resolved) {
      fail(fn, { code: 'inconsistent', path: ['reopened'], input: reopened, detail: `reopened (${reopened}) cannot exceed resolved (${resolved})` });
    }
    const r = finish(reopened, resolved, 0, s);
    return deepFreeze({ ...r, excluded: { neverResolved: 0, invalid: 0, invalidIndices: [], invalidTickets: [] } });
  }, reopenRateAccumulator);
