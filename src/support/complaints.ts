/**
 * Complaints: open, resolved and escalated, overall and per dimension.
 *
 * @module
 */
import { type KpiPath } from '../core/errors.js';
import { deepFreeze, ratio } from '../core/result.js';
import { COUNT, type IssueCollector, fail, isRecord, readFields, requireInput, selectForm } from '../core/validate.js';
import { BOOLEAN_TRUE, withColumns } from '../records/columns.js';
import { TICKET_KIND } from '../records/tickets.js';
import { type SegmentBy, type SegmentKey, compareKeys } from '../grouping/by-segment.js';
import { type RecordExcluded, type RecordMetricSpec, readRecordSettings, recordAccumulatorFactory } from './record-metric.js';
import { type Ticket, type TicketOptions, type TicketSettings, isResolved, type TicketColumns, statusFlags } from './ticket.js';
import { type KeySettings, badKeyIssue, decodeKey, encodeKey, keyFunctions, keyIssues, keyOf, keyOptions, readBy, withKeyField } from './volume-by-channel.js';
import { type WithAccumulator, addRecords, isRowSource, restoreCount, restoreCounts, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Options of {@link complaints}. */
export interface ComplaintsOptions extends TicketOptions {
  /**
   * Group the complaints by a ticket field (service type, contract, employee — `'agent'` —,
   * resolution type, ...) or by a function `(ticket, index) => key` as in `bySegment` (for a date,
   * say `(t) => String(t.createdAt).slice(0, 10)`). Default: no groups. Not accepted with count input.
   */
  readonly by?: SegmentBy;
}

/** Input of {@link complaints}: tickets, or the counts of complaints. */
export type ComplaintsInput =
  | ({ readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns })
  | { readonly open: number; readonly resolved: number; readonly escalated: number; readonly notComplaints?: number };

/** One group of {@link complaints}. */
export interface ComplaintGroup {
  /** The key; `null` for complaints without a value for it. */
  readonly key: SegmentKey;
  /** Complaints in the group: open + resolved. */
  readonly complaintCount: number;
  readonly open: number;
  readonly resolved: number;
  /** Escalated complaints in the group (each also open or resolved). */
  readonly escalated: number;
}

/** Result of {@link complaints}. */
export interface ComplaintsResult {
  /** Complaints counted (the same as `complaintCount`). */
  readonly value: number;
  /** Complaints: tickets with `complaint: true`; open + resolved. */
  readonly complaintCount: number;
  /** Complaints not resolved. */
  readonly open: number;
  /** Complaints resolved (status in `resolvedStatuses`, or without a status a resolution time). */
  readonly resolved: number;
  /** Complaints escalated (`escalated: true`), whether open or resolved: not a third state. */
  readonly escalated: number;
  /** resolved / complaints; `null` without complaints. */
  readonly resolvedShare: number | null;
  /** escalated / complaints; `null` without complaints. */
  readonly escalatedShare: number | null;
  /** Tickets that are not complaints (`complaint` false or absent), outside every count above. */
  readonly notComplaints: number;
  /** Per key, most complaints first, then by key (`null` last); `null` without `by`. */
  readonly groups: readonly ComplaintGroup[] | null;
  /** The key: the field name given, `'function'`, or `null` without `by`. */
  readonly by: string | null;
  /** Tickets left out: `notComplaints` (also given above) and invalid ones. */
  readonly excluded: RecordExcluded & { readonly notComplaints: number };
}

interface Settings extends TicketSettings, KeySettings {}
interface Tally {
  open: number;
  resolved: number;
  escalated: number;
}
interface State extends Tally {
  notComplaints: number;
  /** Per key; `null` without `by`. */
  groups: Map<SegmentKey, Tally> | null;
}

const FN = 'complaints';

function count(into: Tally, resolved: boolean, escalated: boolean): void {
  if (resolved) into.resolved++;
  else into.open++;
  if (escalated) into.escalated++;
}

function finish(
  total: Tally,
  notComplaints: number,
  groups: ReadonlyMap<SegmentKey, Tally> | null,
  by: string | null,
): Omit<ComplaintsResult, 'excluded'> & { excluded: { notComplaints: number } } {
  const complaints = total.open + total.resolved;
  let rows: ComplaintGroup[] | null = null;
  if (groups !== null) {
    rows = [];
    for (const [key, g] of groups) {
      const n = g.open + g.resolved;
      if (n > 0) rows.push({ key, complaintCount: n, open: g.open, resolved: g.resolved, escalated: g.escalated });
    }
    rows.sort((a, b) => b.complaintCount - a.complaintCount || compareKeys(a.key, b.key));
  }
  return {
    value: complaints,
    complaintCount: complaints,
    open: total.open,
    resolved: total.resolved,
    escalated: total.escalated,
    resolvedShare: ratio(total.resolved, complaints),
    escalatedShare: ratio(total.escalated, complaints),
    notComplaints,
    groups: rows,
    by,
    excluded: { notComplaints },
  };
}

/** Restores `[open, resolved, escalated]` at `path`. */
function restoreTally(issues: IssueCollector, value: unknown, path: KpiPath): Tally {
  if (!Array.isArray(value) || value.length !== 3) {
    issues.add({ code: 'invalid_value', path, input: value, expected: '[open, resolved, escalated] counts' });
    return { open: 0, resolved: 0, escalated: 0 };
  }
  const tally = {
    open: restoreCount(issues, value[0], [...path, 0]),
    resolved: restoreCount(issues, value[1], [...path, 1]),
    escalated: restoreCount(issues, value[2], [...path, 2]),
  };
  checkEscalated(issues, tally, [...path, 2]);
  return tally;
}

function checkEscalated(issues: IssueCollector, t: Tally, path: KpiPath): void {
  if (t.escalated > t.open + t.resolved) {
    issues.add({ code: 'inconsistent', path, input: t.escalated, detail: `escalated (${t.escalated}) cannot exceed open + resolved (${t.open + t.resolved})` });
  }
}

const spec: RecordMetricSpec<Settings, State, ComplaintsResult> = {
  metric: FN,
  optionKeys: ['by'],
  settings: (fn, o, base) => ({ ...base, ...readBy(fn, o['by'], null) }),
  fields: (s) => withKeyField(['createdAt', 'status', 'resolvedAt', 'resolutionMs', 'complaint', 'escalated'], s),
  required: () => ['createdAt'],
  init: (s) => ({ open: 0, resolved: 0, escalated: 0, notComplaints: 0, groups: s.by === null ? null : new Map() }),
  add(state, t, _times, s, index) {
    // Every ticket's key is checked, complaint or not, so that validity does not hang on the flag.
    let key: SegmentKey | undefined = null;
    if (state.groups !== null) {
      key = keyOf(FN, t, s, index);
      if (key === undefined) return false;
    }
    if (t['complaint'] !== true) {
      state.notComplaints++;
      return true;
    }
    const resolved = isResolved(t, s.resolvedStatuses);
    const escalated = t['escalated'] === true;
    count(state, resolved, escalated);
    if (state.groups !== null) {
      let g = state.groups.get(key);
      if (g === undefined) {
        g = { open: 0, resolved: 0, escalated: 0 };
        state.groups.set(key, g);
      }
      count(g, resolved, escalated);
    }
    return true;
  },
  explain: (t, _times, s, path) => keyIssues(FN, t, s, path),
  addColumns(state, view, check, s) {
    // Without groups only (a key per ticket is read row by row).
    if (state.groups !== null) return null;
    const resolvedAt = check.times['resolvedAt'];
    const flags = statusFlags(view, s.resolvedStatuses);
    const complaint = view.booleans('complaint');
    const escalated = view.booleans('escalated');
    if (resolvedAt === undefined || flags === null || complaint === null || escalated === null) return null;
    const { valid } = check;
    for (let i = 0; i < valid.length; i++) {
      if (valid[i] === 0) continue;
      if (complaint[i] !== BOOLEAN_TRUE) {
        state.notComplaints++;
        continue;
      }
      const f = flags.at(i);
      count(state, f === 1 || (f === 2 && resolvedAt[i] === resolvedAt[i]), escalated[i] === BOOLEAN_TRUE);
    }
    return [];
  },
  merge(into, from) {
    into.open += from.open;
    into.resolved += from.resolved;
    into.escalated += from.escalated;
    into.notComplaints += from.notComplaints;
    if (into.groups !== null && from.groups !== null) {
      for (const [key, g] of from.groups) {
        const mine = into.groups.get(key);
        if (mine === undefined) into.groups.set(key, { ...g });
        else {
          mine.open += g.open;
          mine.resolved += g.resolved;
          mine.escalated += g.escalated;
        }
      }
    }
  },
  result: (state, s) => finish(state, state.notComplaints, state.groups, s.byName),
  toJSON(state) {
    let groups: Record<string, [number, number, number]> | null = null;
    if (state.groups !== null) {
      groups = {};
      for (const [key, g] of state.groups) groups[encodeKey(key)] = [g.open, g.resolved, g.escalated];
    }
    return { open: state.open, resolved: state.resolved, escalated: state.escalated, notComplaints: state.notComplaints, groups };
  },
  restore(json, s, issues) {
    const state: State = { ...restoreCounts(json, ['open', 'resolved', 'escalated', 'notComplaints'] as const, issues), groups: null };
    checkEscalated(issues, state, ['state', 'escalated']);
    if (!isRecord(json)) return state;
    const groups = json['groups'];
    if (s.by === null) {
      if (groups !== null)
        issues.add({
          code: 'inconsistent',
          path: ['state', 'groups'],
          input: groups,
          detail: 'state.groups must be null for an accumulator without options.by',
        });
      return state;
    }
    state.groups = new Map();
    if (!isRecord(groups)) {
      issues.add({
        code: 'invalid_type',
        path: ['state', 'groups'],
        input: groups,
        expected: 'an object of [open, resolved, escalated] per key (options.by is set)',
      });
      return state;
    }
    const entries = Object.entries(groups);
    const complaints = state.open + state.resolved;
    // Checked before the loop: every group holds at least one complaint.
    if (entries.length > complaints) {
      issues.add({
        code: 'inconsistent',
        path: ['state', 'groups'],
        input: entries.length,
        detail: `state.groups has ${entries.length} keys, more than the ${complaints} complaints`,
      });
      return state;
    }
    const sum: Tally = { open: 0, resolved: 0, escalated: 0 };
    for (const [text, value] of entries) {
      const key = decodeKey(text);
      if (key === undefined) {
        badKeyIssue(issues, text, ['state', 'groups']);
        return state;
      }
      const tally = restoreTally(issues, value, ['state', 'groups', text]);
      if (!issues.ok) return state;
      if (tally.open + tally.resolved === 0) {
        issues.add({
          code: 'inconsistent',
          path: ['state', 'groups', text],
          input: value,
          detail: `state.groups[${JSON.stringify(text)}] must hold at least one complaint`,
        });
        return state;
      }
      sum.open += tally.open;
      sum.resolved += tally.resolved;
      sum.escalated += tally.escalated;
      state.groups.set(key, tally);
    }
    for (const k of ['open', 'resolved', 'escalated'] as const) {
      if (sum[k] !== state[k]) {
        issues.add({
          code: 'inconsistent',
          path: ['state', k],
          input: state[k],
          detail: `state.${k} (${state[k]}) must be the sum of the groups' ${k} (${sum[k]})`,
        });
      }
    }
    return state;
  },
  options: keyOptions,
  functions: keyFunctions,
  counted: (state) => state.open + state.resolved + state.notComplaints,
};

/**
 * Mergeable accumulator of {@link complaints}; its result equals {@link complaints} over all tickets
 * added, in any order or split. With `by`, its JSON state holds the counts per key (each key written
 * as JSON, so that its type round-trips). With `by` given as a function, `toJSON` throws (JSON cannot
 * carry a function) and `merge` takes only an accumulator made with the same function.
 *
 * @example
 * ```ts
 * import { complaintsAccumulator } from 'kpi-kit';
 *
 * const acc = complaintsAccumulator.create({ by: 'agent' });
 * acc.add({ createdAt: 0, complaint: true, status: 'open', agent: 'ana' });
 * acc.add({ createdAt: 0, complaint: true, status: 'solved', escalated: true, agent: 'bo' });
 * acc.add({ createdAt: 0, complaint: false, status: 'open', agent: 'ana' });
 * acc.result().open; // 1
 * acc.result().groups!.map((g) => g.key); // ['ana', 'bo']
 * ```
 */
export const complaintsAccumulator: RecordMetricFactory<ComplaintsOptions, ComplaintsResult, TicketTimestampField> =
  /* @__PURE__ */ recordAccumulatorFactory(spec);

/**
 * Complaints in a period: how many are open, resolved and escalated, overall and — with `by` — per
 * service type, contract, employee, date, resolution type or any other key.
 *
 * A complaint is a ticket with `complaint: true`; other tickets (`complaint` false or absent) are
 * not complaints and are only counted in `notComplaints`. A complaint is resolved when its status is
 * one of `resolvedStatuses` (case-insensitive; default solved, closed, resolved), or, without a
 * status, when it has `resolvedAt` or `resolutionMs`; otherwise it is open. Escalated
 * (`escalated: true`) is counted apart: an escalated complaint is also open or resolved, so
 * complaintCount = open + resolved and escalated ≤ complaintCount. `value` is the number of complaints.
 *
 * @param input - `{ tickets }` (each needs `createdAt`; `complaint` and `escalated` are booleans when
 *   present), or counts `{ open, resolved, escalated, notComplaints? }` (escalated ≤ open + resolved;
 *   `notComplaints` defaults to 0).
 * @param options - {@link ComplaintsOptions}: `by`, and the shared ticket options.
 * @returns {@link ComplaintsResult}; the shares are `null` without complaints; `groups` is `null`
 *   without `by`.
 * @throws {@link KpiInputError} for a malformed ticket (path `tickets[i].field`), a key value that is
 *   not a string, finite number, boolean or null — with `onInvalid: 'exclude'` such tickets are left
 *   out and listed in `excluded` —, unknown or invalid options, counts that are not non-negative
 *   integers, escalated above open + resolved, and `by` with count input.
 * @see docs/metrics.md#complaints (complaints).
 *
 * @example
 * ```ts
 * import { complaints } from 'kpi-kit';
 *
 * const tickets = [
 *   { createdAt: '2024-05-06T08:00:00Z', complaint: true, status: 'open', escalated: true, team: 'billing' },
 *   { createdAt: '2024-05-06T09:00:00Z', complaint: true, status: 'solved', team: 'billing' },
 *   { createdAt: '2024-05-06T10:00:00Z', complaint: true, status: 'closed', team: 'delivery' },
 *   { createdAt: '2024-05-06T11:00:00Z', status: 'open', team: 'delivery' },
 * ];
 * const r = complaints({ tickets }, { by: 'team' });
 * [r.value, r.open, r.resolved, r.escalated, r.notComplaints]; // [3, 1, 2, 1, 1]
 * r.groups!.map((g) => g.complaintCount); // [2, 1]
 * complaints({ open: 10, resolved: 30, escalated: 4 }).resolvedShare; // 0.75
 * ```
 */
export const complaints: WithAccumulator<(input: ComplaintsInput, options?: ComplaintsOptions) => ComplaintsResult, typeof complaintsAccumulator> =
  /* @__PURE__ */ withAccumulator(function complaints(input: ComplaintsInput, options?: ComplaintsOptions): ComplaintsResult {
    const record = withColumns(FN, TICKET_KIND, requireInput(FN, input));
    const form = selectForm(FN, record, [
      { name: 'tickets', fields: ['tickets'] },
      { name: 'counts', fields: ['open', 'resolved', 'escalated', 'notComplaints'] },
    ]);
    if (form === 'tickets') {
      const tickets = record['tickets'];
      if (!Array.isArray(tickets) && !isRowSource(tickets))
        return fail(FN, { code: 'invalid_type', path: ['tickets'], input: tickets, expected: 'an array of tickets' });
      return addRecords(complaintsAccumulator.create(options), tickets).result();
    }
    const s = readRecordSettings(spec, options);
    if (s.byName !== null) {
      fail(FN, { code: 'inconsistent', path: ['options', 'by'], input: s.by, detail: 'options.by needs tickets: counts cannot be grouped' });
    }
    const { open, resolved, escalated } = readFields(FN, record, { open: COUNT, resolved: COUNT, escalated: COUNT });
    const notComplaints = record['notComplaints'] === undefined ? 0 : readFields(FN, record, { notComplaints: COUNT }).notComplaints;
    if (escalated > open + resolved) {
      fail(FN, {
        code: 'inconsistent',
        path: ['escalated'],
        input: escalated,
        detail: `escalated (${escalated}) cannot exceed open + resolved (${open + resolved})`,
      });
    }
    const r = finish({ open, resolved, escalated }, notComplaints, null, null);
    return deepFreeze({ ...r, excluded: { ...r.excluded, invalid: 0, invalidIndices: [], invalidTickets: [] } });
  }, complaintsAccumulator);
