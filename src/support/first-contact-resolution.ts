/**
 * First contact resolution (FCR).
 *
 * @module
 */
import { type IssueSpec } from '../core/errors.js';
import { type Interval, deepFreeze, ratio } from '../core/result.js';
import { COUNT, IssueCollector, fail, isRecord, readFields, readOptions, requireInput, selectForm } from '../core/validate.js';
import { BOOLEAN_MISSING, BOOLEAN_TRUE, withColumns } from '../records/columns.js';
import { TICKET_KIND } from '../records/tickets.js';
import { MAX_EPOCH_MS } from '../time/timestamp.js';
import { type ConfidenceSettings, readConfidence, shareInterval } from '../core/confidence.js';
import { type RecordExcluded, type RecordMetricSpec, recordAccumulatorFactory, runRecordMetric } from './record-metric.js';
import {
  type Ticket,
  type TicketField,
  type TicketOptions,
  type TicketSettings,
  MAX_DURATION_MS,
  TICKET_OPTION_KEYS,
  isResolved,
  type TicketColumns,
  statusFlags,
} from './ticket.js';
import { type WithAccumulator, requireAtMost, restoreCounts, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Which count FCR divides by: resolved tickets (default) or all tickets received. */
export type FcrBasis = 'resolved' | 'received';
/**
 * How a ticket counts as resolved in the first contact: `'contact-count'` (default; exactly one
 * customer–agent contact, `contactCount === 1`), `'flag'` (the help desk's own
 * `firstContactResolved` flag), or `'repeat-window'` (resolved, and no later ticket from the same
 * customer — on the same topic, by default — within `windowDays` of its resolution).
 */
export type FcrMethod = 'contact-count' | 'flag' | 'repeat-window';

/** Options of {@link firstContactResolution}. */
export interface FirstContactResolutionOptions extends TicketOptions {
  /** The count divided by: `'resolved'` (default) or `'received'`. */
  readonly basis?: FcrBasis;
  /** How a first-contact resolution is recognised: `'contact-count'` (default), `'flag'` or `'repeat-window'`. */
  readonly method?: FcrMethod;
  /** For `'repeat-window'`: the window after a resolution in which a new ticket is a repeat, in days (may be fractional). Default 7. */
  readonly windowDays?: number;
  /** For `'repeat-window'`: whether only a new ticket on the same topic (or category) is a repeat. Default `true`. */
  readonly sameTopic?: boolean;
  /** Confidence level of the Wilson interval, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
}

/** Input of {@link firstContactResolution}: tickets, or counts. */
export type FirstContactResolutionInput =
  | ({ readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns })
  | { readonly resolvedOnFirstContact: number; readonly resolved: number; readonly received?: number };

/** Result of {@link firstContactResolution}. */
export interface FirstContactResolutionResult {
  /** resolvedOnFirstContact / denominator; `null` (with a `reason`) when the denominator is 0. */
  readonly value: number | null;
  /** Why `value` is `null` (no resolved tickets, or none received); `null` when there is a value. */
  readonly reason: string | null;
  /** Tickets resolved in the first contact (per `method`). */
  readonly resolvedOnFirstContact: number;
  /** Tickets resolved. */
  readonly resolved: number;
  /** Tickets received (`null` for count input without `received`). */
  readonly received: number | null;
  /** The count divided by: `'resolved'` or `'received'`. */
  readonly basis: FcrBasis;
  /** The denominator: `resolved` or `received`, per `basis`. */
  readonly denominator: number;
  /** The method used (`null` for count input, whose first-contact count is given). */
  readonly method: FcrMethod | null;
  /** The repeat window in days, for `'repeat-window'`; otherwise `null`. */
  readonly windowDays: number | null;
  /** Wilson score interval of the rate; `null` when the denominator is 0. */
  readonly interval: Interval | null;
  readonly confidence: number;
  /** Tickets left out: only invalid ones (with `onInvalid: 'exclude'`). */
  readonly excluded: RecordExcluded;
}

const DAY_MS = 86_400_000;
const OPTION_KEYS = ['basis', 'method', 'windowDays', 'sameTopic', 'confidence'] as const;

interface Settings extends TicketSettings, ConfidenceSettings {
  readonly basis: FcrBasis;
  readonly method: FcrMethod;
  readonly windowDays: number;
  readonly sameTopic: boolean;
}

interface State {
  received: number;
  resolved: number;
  firstContact: number;
  /** For 'repeat-window': tickets without a customer (unresolved: a resolved one needs it), which have no entry. */
  noCustomer: number;
  /** For 'repeat-window': one entry per ticket with a customer. */
  keys: string[];
  created: number[];
  ends: number[];
  /** 1 when resolved. */
  resolvedFlags: number[];
}

function readSettings(fn: string, o: Record<string, unknown>): Omit<Settings, keyof TicketSettings> {
  const issues = new IssueCollector(fn);
  const basis = o['basis'] ?? 'resolved';
  if (basis !== 'resolved' && basis !== 'received') {
    issues.add({ code: 'invalid_value', path: ['options', 'basis'], input: basis, expected: "'resolved' or 'received'" });
  }
  const method = o['method'] ?? 'contact-count';
  if (method !== 'contact-count' && method !== 'flag' && method !== 'repeat-window') {
    issues.add({ code: 'invalid_value', path: ['options', 'method'], input: method, expected: "'contact-count', 'flag' or 'repeat-window'" });
  }
  const windowDays = o['windowDays'] ?? 7;
  if (!(typeof windowDays === 'number' && windowDays >= 0 && windowDays <= 36_525)) {
    issues.add({
      code: typeof windowDays === 'number' ? 'out_of_range' : 'invalid_type',
      path: ['options', 'windowDays'],
      input: windowDays,
      expected: 'a number of days from 0 to 36525',
    });
  }
  const sameTopic = o['sameTopic'] ?? true;
  if (typeof sameTopic !== 'boolean') issues.add({ code: 'invalid_type', path: ['options', 'sameTopic'], input: sameTopic, expected: 'true or false' });
  if (method !== 'repeat-window') {
    for (const key of ['windowDays', 'sameTopic'] as const) {
      if (o[key] !== undefined) {
        issues.add({ code: 'inconsistent', path: ['options', key], input: o[key], detail: `options.${key} applies only to method 'repeat-window'` });
      }
    }
  }
  issues.throwIfAny();
  return {
    ...readConfidence(fn, o['confidence']),
    basis: basis as FcrBasis,
    method: method as FcrMethod,
    windowDays: windowDays as number,
    sameTopic: sameTopic as boolean,
  };
}

const FIELDS: Record<FcrMethod, readonly TicketField[]> = {
  'contact-count': ['createdAt', 'status', 'resolvedAt', 'resolutionMs', 'contactCount'],
  flag: ['createdAt', 'status', 'resolvedAt', 'resolutionMs', 'firstContactResolved'],
  'repeat-window': ['createdAt', 'status', 'resolvedAt', 'resolutionMs', 'customerId', 'topic', 'category'],
};
/** The field a resolved ticket must have, per method. */
const NEEDED: Record<FcrMethod, TicketField> = { 'contact-count': 'contactCount', flag: 'firstContactResolved', 'repeat-window': 'customerId' };

function groupKey(t: Record<string, unknown>, sameTopic: boolean): string | null {
  const c = t['customerId'];
  if (c === undefined || c === null) return null;
  const customer = typeof c === 'number' ? `n${c}` : `s${c as string}`;
  if (!sameTopic) return customer;
  const topic = t['topic'] ?? t['category'];
  return `${customer}\u0000${topic === undefined || topic === null ? '' : `s${topic as string}`}`;
}

/** Counts resolved tickets with no repeat: the next later ticket of the same key came after end + window. */
function countWithoutRepeat(state: State, windowMs: number): number {
  const n = state.keys.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const { keys, created, ends, resolvedFlags } = state;
  order.sort((a, b) => {
    const ka = keys[a] as string;
    const kb = keys[b] as string;
    if (ka !== kb) return ka < kb ? -1 : 1;
    return (created[a] as number) - (created[b] as number);
  });
  let count = 0;
  for (let p = 0; p < n; p++) {
    const i = order[p] as number;
    if (resolvedFlags[i] !== 1) continue;
    // The first ticket of the same key created strictly later.
    let q = p + 1;
    while (q < n && keys[order[q] as number] === keys[i] && created[order[q] as number] === created[i]) q++;
    const repeat = q < n && keys[order[q] as number] === keys[i] && (created[order[q] as number] as number) <= (ends[i] as number) + windowMs;
    if (!repeat) count++;
  }
  return count;
}

function finish(
  firstContact: number,
  resolved: number,
  received: number | null,
  s: Settings | (ConfidenceSettings & { basis: FcrBasis }),
  method: FcrMethod | null,
  windowDays: number | null,
): Omit<FirstContactResolutionResult, 'excluded'> {
  const denominator = s.basis === 'resolved' ? resolved : (received as number);
  return {
    value: ratio(firstContact, denominator),
    reason:
      denominator !== 0
        ? null
        : s.basis === 'resolved'
          ? 'no resolved tickets: first contact resolution is undefined'
          : 'no tickets received: first contact resolution is undefined',
    resolvedOnFirstContact: firstContact,
    resolved,
    received,
    basis: s.basis,
    denominator,
    method,
    windowDays,
    interval: shareInterval(firstContact, denominator, s),
    confidence: s.confidence,
  };
}

/**
 * Whether a JSON value is one entry of a 'repeat-window' state: `[key, createdMs, endMs, 0 | 1]`
 * (the end may be `createdAt + resolutionMs`, so up to a duration past the last instant).
 */
function isEntry(e: unknown): e is [string, number, number, 0 | 1] {
  if (!Array.isArray(e) || e.length !== 4 || typeof e[0] !== 'string') return false;
  const created: unknown = e[1];
  const end: unknown = e[2];
  return (
    typeof created === 'number' &&
    typeof end === 'number' &&
    created >= -MAX_EPOCH_MS &&
    created <= MAX_EPOCH_MS &&
    end >= created &&
    end <= MAX_EPOCH_MS + MAX_DURATION_MS &&
    (e[3] === 0 || e[3] === 1)
  );
}

const spec: RecordMetricSpec<Settings, State, FirstContactResolutionResult> = {
  metric: 'firstContactResolution',
  optionKeys: OPTION_KEYS,
  settings: (fn, o, base) => ({ ...base, ...readSettings(fn, o) }),
  fields: (s) => FIELDS[s.method],
  required: () => ['createdAt'],
  init: () => ({ received: 0, resolved: 0, firstContact: 0, noCustomer: 0, keys: [], created: [], ends: [], resolvedFlags: [] }),
  add(state, t, times, s) {
    const resolved = isResolved(t, s.resolvedStatuses);
    if (s.method === 'repeat-window') {
      const key = groupKey(t, s.sameTopic);
      if (key === null) {
        if (resolved) return false;
        state.noCustomer++;
      } else {
        state.keys.push(key);
        state.created.push(times.createdAt);
        state.ends.push(times.resolvedAt === times.resolvedAt ? times.resolvedAt : times.createdAt);
        state.resolvedFlags.push(resolved ? 1 : 0);
      }
    } else if (resolved) {
      if (s.method === 'contact-count') {
        const contactCount = t['contactCount'];
        if (contactCount === undefined || contactCount === null) return false;
        if (contactCount === 1) state.firstContact++;
      } else {
        const flag = t['firstContactResolved'];
        if (flag === undefined || flag === null) return false;
        if (flag === true) state.firstContact++;
      }
    }
    state.received++;
    if (resolved) state.resolved++;
    return true;
  },
  addColumns(state, view, check, s) {
    // The repeat window keeps each ticket's key and times: read row by row.
    if (s.method === 'repeat-window') return null;
    const resolvedAt = check.times['resolvedAt'];
    const flags = statusFlags(view, s.resolvedStatuses);
    if (resolvedAt === undefined || flags === null) return null;
    const field = s.method === 'contact-count' ? 'contactCount' : 'firstContactResolved';
    // contactCount: a Float64Array (NaN missing) or an array; the flag: its rows' boolean states.
    const counts = s.method === 'contact-count' ? (view.has(field) ? (view.float64(field) ?? view.array(field)) : []) : null;
    const flagsOf = s.method === 'flag' ? view.booleans(field) : null;
    if (counts === null && flagsOf === null) return null;
    const own: number[] = [];
    const { valid } = check;
    for (let i = 0; i < valid.length; i++) {
      if (valid[i] === 0) continue;
      const f = flags.at(i);
      const resolved = f === 1 || (f === 2 && resolvedAt[i] === resolvedAt[i]);
      if (resolved) {
        // Missing on a resolved ticket: invalid for this metric (NaN is a Float64Array's missing value).
        if (counts !== null) {
          const v = counts[i];
          if (v === undefined || v === null || v !== v) {
            own.push(i);
            continue;
          }
          if (v === 1) state.firstContact++;
        } else {
          const b = (flagsOf as Uint8Array)[i];
          if (b === BOOLEAN_MISSING) {
            own.push(i);
            continue;
          }
          if (b === BOOLEAN_TRUE) state.firstContact++;
        }
        state.resolved++;
      }
      state.received++;
    }
    return own;
  },
  explain(t, _times, s, path): IssueSpec[] {
    const field = NEEDED[s.method];
    return [{ code: 'missing', path: [...path, field], input: t[field], expected: `${field}: method '${s.method}' needs it on every resolved ticket` }];
  },
  merge(into, from) {
    into.received += from.received;
    into.resolved += from.resolved;
    into.firstContact += from.firstContact;
    into.noCustomer += from.noCustomer;
    for (let i = 0; i < from.keys.length; i++) {
      into.keys.push(from.keys[i] as string);
      into.created.push(from.created[i] as number);
      into.ends.push(from.ends[i] as number);
      into.resolvedFlags.push(from.resolvedFlags[i] as number);
    }
  },
  result(state, s) {
    const firstContact = s.method === 'repeat-window' ? countWithoutRepeat(state, s.windowDays * DAY_MS) : state.firstContact;
    return finish(firstContact, state.resolved, state.received, s, s.method, s.method === 'repeat-window' ? s.windowDays : null);
  },
  toJSON: (state) => ({
    received: state.received,
    resolved: state.resolved,
    firstContact: state.firstContact,
    noCustomer: state.noCustomer,
    entries: state.keys.map((k, i) => [k, state.created[i] as number, state.ends[i] as number, state.resolvedFlags[i] as number]),
  }),
  restore(json, s, issues) {
    const counts = restoreCounts(json, ['received', 'resolved', 'firstContact', 'noCustomer'] as const, issues);
    const state: State = { ...counts, keys: [], created: [], ends: [], resolvedFlags: [] };
    requireAtMost(issues, counts.firstContact, 'firstContact', counts.resolved, 'resolved', ['state', 'firstContact']);
    requireAtMost(issues, counts.resolved, 'resolved', counts.received, 'received', ['state', 'resolved']);
    if (!isRecord(json)) return state;
    const entries = json['entries'];
    if (!Array.isArray(entries)) {
      issues.add({ code: 'invalid_type', path: ['state', 'entries'], input: entries, expected: 'an array of [key, createdMs, endMs, resolved] entries' });
      return state;
    }
    if (s.method !== 'repeat-window') {
      if (entries.length > 0)
        issues.add({
          code: 'inconsistent',
          path: ['state', 'entries'],
          input: entries.length,
          detail: `state.entries must be empty for method '${s.method}' (only 'repeat-window' keeps tickets)`,
        });
      if (counts.noCustomer > 0)
        issues.add({
          code: 'inconsistent',
          path: ['state', 'noCustomer'],
          input: counts.noCustomer,
          detail: `state.noCustomer must be 0 for method '${s.method}'`,
        });
      return state;
    }
    if (counts.firstContact !== 0) {
      issues.add({
        code: 'inconsistent',
        path: ['state', 'firstContact'],
        input: counts.firstContact,
        detail: "state.firstContact must be 0 for method 'repeat-window' (repeats are found from the entries)",
      });
    }
    // Checked before the loop: one entry per ticket received with a customer.
    if (entries.length + counts.noCustomer !== counts.received) {
      issues.add({
        code: 'inconsistent',
        path: ['state', 'entries'],
        input: entries.length,
        detail: `state.entries (${entries.length}) and noCustomer (${counts.noCustomer}) must add up to received (${counts.received})`,
      });
      return state;
    }
    let resolvedEntries = 0;
    for (let i = 0; i < entries.length; i++) {
      const e: unknown = entries[i];
      if (!isEntry(e)) {
        issues.add({
          code: 'invalid_value',
          path: ['state', 'entries', i],
          input: e,
          expected: '[key, createdMs, endMs, 0 | 1]: epoch ms with endMs ≥ createdMs',
        });
        return state;
      }
      state.keys.push(e[0]);
      state.created.push(e[1]);
      state.ends.push(e[2]);
      state.resolvedFlags.push(e[3]);
      resolvedEntries += e[3];
    }
    if (resolvedEntries !== counts.resolved) {
      issues.add({
        code: 'inconsistent',
        path: ['state', 'entries'],
        input: resolvedEntries,
        detail: `state.entries holds ${resolvedEntries} resolved tickets, but resolved is ${counts.resolved} (with 'repeat-window' every resolved ticket has an entry)`,
      });
    }
    return state;
  },
  options: (s) => ({
    basis: s.basis,
    method: s.method,
    ...(s.method === 'repeat-window' ? { windowDays: s.windowDays, sameTopic: s.sameTopic } : {}),
    confidence: s.confidence,
  }),
  counted: (state) => state.received,
};

/**
 * Mergeable accumulator of {@link firstContactResolution}; its result equals
 * {@link firstContactResolution} over all tickets added, in any order or split (for
 * `'repeat-window'` the repeats are found when the result is asked, across every shard merged: its
 * state, and its JSON, keep one `[key, createdMs, endMs, resolved]` entry per ticket with a customer).
 *
 * @example
 * ```ts
 * import { firstContactResolutionAccumulator } from 'kpi-kit';
 *
 * const acc = firstContactResolutionAccumulator.create();
 * acc.add({ createdAt: 0, status: 'solved', contactCount: 1 }).add({ createdAt: 0, status: 'solved', contactCount: 3 });
 * acc.result().value; // 0.5
 * ```
 */
export const firstContactResolutionAccumulator: RecordMetricFactory<FirstContactResolutionOptions, FirstContactResolutionResult, TicketTimestampField> =
  /* @__PURE__ */ recordAccumulatorFactory(spec);

/**
 * First contact resolution: the share of tickets resolved in the first contact, with no follow-up.
 *
 * - `basis: 'resolved'` (default): FCR tickets / resolved tickets; `'received'`: FCR tickets /
 *   all tickets received ("one-touch tickets / total tickets"). The result gives the `basis` and
 *   the numeric `denominator`.
 * - `method: 'contact-count'` (default): a resolved ticket with exactly one customer–agent contact
 *   (`contactCount === 1`); `'flag'`: a resolved ticket flagged `firstContactResolved: true`;
 *   `'repeat-window'`: a resolved ticket after which the same customer (`customerId`) opened no new
 *   ticket — on the same topic (`topic`, else `category`) unless `sameTopic: false` — within
 *   `windowDays` (default 7) of its resolution (`resolvedAt`, else `createdAt + resolutionMs`, else
 *   `createdAt`). Every resolved ticket must carry the field its method reads.
 *
 * @param input - `{ tickets }`, or counts `{ resolvedOnFirstContact, resolved, received? }`
 *   (`received` needed for `basis: 'received'`).
 * @param options - {@link FirstContactResolutionOptions}.
 * @returns {@link FirstContactResolutionResult}; `value` is `null` (with a `reason`) when the
 *   denominator is 0.
 * @throws {@link KpiInputError} for a malformed ticket or a resolved ticket without the field its
 *   method needs (path `tickets[i].field`; with `onInvalid: 'exclude'` it is left out and listed),
 *   unknown options, and counts that are not non-negative integers or out of order
 *   (resolvedOnFirstContact ≤ resolved ≤ received).
 * @see docs/metrics.md#firstcontactresolution (80 received, 60 resolved, 45 in one contact → 0.75 /
 *   0.5625).
 *
 * @example
 * ```ts
 * import { firstContactResolution } from 'kpi-kit';
 *
 * // docs/metrics.md#firstcontactresolution: 80 received, 60 resolved, 45 in one contact.
 * firstContactResolution({ resolvedOnFirstContact: 45, resolved: 60, received: 80 }).value; // 0.75
 * firstContactResolution({ resolvedOnFirstContact: 45, resolved: 60, received: 80 }, { basis: 'received' }).value; // 0.5625
 * firstContactResolution({ resolvedOnFirstContact: 0, resolved: 0 }).reason; // 'no resolved tickets: first contact resolution is undefined'
 *
 * const tickets = [
 *   { createdAt: '2024-05-06T08:00:00Z', status: 'solved', contactCount: 1, customerId: 'c1', topic: 'billing' },
 *   { createdAt: '2024-05-06T09:00:00Z', status: 'solved', contactCount: 2, customerId: 'c2', topic: 'login' },
 *   { createdAt: '2024-05-08T09:00:00Z', status: 'open', customerId: 'c1', topic: 'billing' },
 * ];
 * firstContactResolution({ tickets }).value; // 0.5
 * firstContactResolution({ tickets }, { method: 'repeat-window' }).value; // 0.5 (c1 came back within 7 days)
 * ```
 */
export const firstContactResolution: WithAccumulator<
  (input: FirstContactResolutionInput, options?: FirstContactResolutionOptions) => FirstContactResolutionResult,
  typeof firstContactResolutionAccumulator
> = /* @__PURE__ */ withAccumulator(function firstContactResolution(
  input: FirstContactResolutionInput,
  options?: FirstContactResolutionOptions,
): FirstContactResolutionResult {
  const fn = 'firstContactResolution';
  const record = withColumns(fn, TICKET_KIND, requireInput(fn, input));
  const form = selectForm(fn, record, [
    { name: 'tickets', fields: ['tickets'] },
    { name: 'counts', fields: ['resolvedOnFirstContact', 'resolved', 'received'] },
  ]);
  if (form === 'tickets') return runRecordMetric(spec, record['tickets'], options);
  const o = readOptions(fn, options, [...TICKET_OPTION_KEYS, ...OPTION_KEYS]);
  for (const key of ['method', 'windowDays', 'sameTopic'] as const) {
    if (o[key] !== undefined) {
      fail(fn, {
        code: 'inconsistent',
        path: ['options', key],
        input: o[key],
        detail: `options.${key} has no meaning with count input (the first-contact count is already given)`,
      });
    }
  }
  const s = readSettings(fn, { basis: o['basis'], confidence: o['confidence'] });
  const { resolvedOnFirstContact, resolved } = readFields(fn, record, { resolvedOnFirstContact: COUNT, resolved: COUNT });
  const received = record['received'] === undefined ? null : readFields(fn, record, { received: COUNT }).received;
  if (resolvedOnFirstContact > resolved) {
    fail(fn, {
      code: 'inconsistent',
      path: ['resolvedOnFirstContact'],
      input: resolvedOnFirstContact,
      detail: `resolvedOnFirstContact (${resolvedOnFirstContact}) cannot exceed resolved (${resolved})`,
    });
  }
  if (received !== null && resolved > received) {
    fail(fn, { code: 'inconsistent', path: ['resolved'], input: resolved, detail: `resolved (${resolved}) cannot exceed received (${received})` });
  }
  if (received === null && s.basis === 'received') {
    fail(fn, { code: 'missing', path: ['received'], input: undefined, expected: "a count of tickets received: basis 'received' needs it" });
  }
  return deepFreeze({
    ...finish(resolvedOnFirstContact, resolved, received, s, null, null),
    excluded: { invalid: 0, invalidIndices: [], invalidTickets: [] },
  });
}, firstContactResolutionAccumulator);
