/**
 * SLA compliance: the share of tickets meeting their response and resolution targets.
 *
 * @module
 */
import { type IssueSpec, type KpiPath } from '../core/errors.js';
import { ratio } from '../core/result.js';
import { COUNT, IssueCollector, fail, isRecord, requireInput } from '../core/validate.js';
import { withColumns } from '../records/columns.js';
import { TICKET_KIND } from '../records/tickets.js';
import { type TimestampInput, readTimestamp } from '../time/timestamp.js';
import { type DurationCalendar, calendarJSON, readCalendar } from './duration-metric.js';
import { type RecordExcluded, type RecordMetricSpec, readInstantOption, recordAccumulatorFactory, runRecordMetric } from './record-metric.js';
import { type Ticket, type TicketOptions, type TicketSettings, MAX_DURATION_MS, isResolved, type TicketColumns } from './ticket.js';
import { type JsonValue, type WithAccumulator, restoreCounts, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/** Targets in ms; a target left out does not apply. */
export interface SlaTargets {
  /** First response within this many ms of creation. */
  readonly firstResponseMs?: number;
  /** Resolution within this many ms of creation. */
  readonly resolutionMs?: number;
}

/** Targets: the defaults, and per priority (matched case-insensitively; each field overrides the default). */
export interface SlaTargetOptions extends SlaTargets {
  readonly byPriority?: Readonly<Record<string, SlaTargets>>;
}

/** Options of {@link slaCompliance}. */
export interface SlaComplianceOptions extends TicketOptions {
  /**
   * The instant compliance is judged at: open tickets past their target then count as breached.
   * Required with `targets`; without them (recorded outcomes), tickets created after it are left out.
   */
  readonly asOf?: TimestampInput;
  /**
   * The targets (at least one). Without targets, the outcomes the help desk recorded on each ticket
   * are counted: `firstResponseSlaMet` and `resolutionSlaMet` (`true` met, `false` breached, absent:
   * no outcome, counted in `noTarget`).
   */
  readonly targets?: SlaTargetOptions;
  /**
   * Count business time only, with a calendar made by `businessCalendar`. Needs timestamps, not
   * durations. Its zone also reads zone-less timestamps (and `asOf`) unless `timeZone` is given.
   */
  readonly calendar?: DurationCalendar;
}

/** Counts of one target kind. */
export interface SlaCounts {
  /** met / (met + breached); `null` (with a `reason`) when none is due yet. */
  readonly value: number | null;
  /** Why `value` is `null` (nothing met or breached); `null` when there is a value. */
  readonly reason: string | null;
  /** Done within the target. */
  readonly met: number;
  /** Done late, or not done and already past the target at `asOf`. */
  readonly breached: number;
  /** Not done, and still within the target at `asOf`. */
  readonly pending: number;
  /** Tickets with no such target (no default, and none for their priority). */
  readonly noTarget: number;
}

/** Compliance of one priority. */
export interface SlaPriorityRow {
  /** The priority as given (lower case), `null` for tickets without one. */
  readonly priority: string | null;
  /** Tickets compliant / tickets due (every due target met); `null` (with a `reason`) when none is due. */
  readonly value: number | null;
  /** Why `value` is `null`; `null` when there is a value. */
  readonly reason: string | null;
  readonly met: number;
  readonly breached: number;
  readonly pending: number;
  readonly firstResponse: SlaCounts;
  readonly resolution: SlaCounts;
}

/** Result of {@link slaCompliance}. */
export interface SlaComplianceResult {
  /** Tickets meeting every target that applies / tickets judged (met + breached); `null` (with a `reason`) when none. */
  readonly value: number | null;
  /** Why `value` is `null` (no ticket judged yet: all pending, no target applies, or no tickets); `null` when there is a value. */
  readonly reason: string | null;
  /** Tickets with every applying target met. */
  readonly met: number;
  /** Tickets with at least one target breached. */
  readonly breached: number;
  /** Tickets with no breach and at least one target still pending. */
  readonly pending: number;
  /** Tickets to which no target applies. */
  readonly noTarget: number;
  readonly firstResponse: SlaCounts;
  readonly resolution: SlaCounts;
  /** The same per priority, most tickets first. */
  readonly byPriority: readonly SlaPriorityRow[];
  /** `asOf` in epoch ms; `null` for recorded outcomes without `asOf`. */
  readonly asOf: number | null;
  /** `'calendar'` or `'business-hours'` (against `targets`), or `'recorded'` (the tickets' recorded outcomes). */
  readonly time: 'calendar' | 'business-hours' | 'recorded';
  /** Left out: tickets created after `asOf`, resolved tickets without a resolution time (for the resolution target), and invalid ones. */
  readonly excluded: RecordExcluded & { readonly notYetCreated: number; readonly noResolutionTime: number };
}

interface Targets {
  readonly response: number;
  readonly resolution: number;
}
interface Settings extends TicketSettings {
  /** Judged at (with targets); with recorded outcomes, tickets created after it are left out (`Infinity` without). */
  readonly asOf: number;
  /** Counting the recorded outcomes (no targets). */
  readonly recorded: boolean;
  readonly base: Targets;
  readonly byPriority: ReadonlyMap<string, Targets>;
  readonly calendar: DurationCalendar | null;
}

/** Per-priority counters: [met, breached, pending, noTarget] × (ticket, response, resolution). */
type Row = number[];
const TICKET = 0;
const RESPONSE = 4;
const RESOLUTION = 8;
const ROW = 12;
const MET = 0;
const BREACHED = 1;
const PENDING = 2;
const NONE = 3;
const OUTCOME_NONE = -1;

interface State {
  rows: Map<string, Row>;
  notYetCreated: number;
  noResolutionTime: number;
}

const NO_PRIORITY = '\u0000';

function readTargetPair(value: unknown, path: KpiPath, issues: IssueCollector): { response?: number; resolution?: number } {
  const out: { response?: number; resolution?: number } = {};
  if (!isRecord(value)) {
    issues.add({ code: 'invalid_type', path, input: value, expected: '{ firstResponseMs?, resolutionMs? }' });
    return out;
  }
  for (const key of Object.keys(value)) {
    if (key !== 'firstResponseMs' && key !== 'resolutionMs' && !(path.length === 2 && key === 'byPriority')) {
      issues.add({
        code: 'invalid_value',
        path: [...path, key],
        input: value[key],
        detail: `${[...path, key].join('.')} is not a target (known: firstResponseMs, resolutionMs${path.length === 2 ? ', byPriority' : ''})`,
      });
    }
  }
  for (const [key, name] of [
    ['firstResponseMs', 'response'],
    ['resolutionMs', 'resolution'],
  ] as const) {
    const v = value[key];
    if (v === undefined) continue;
    if (typeof v === 'number' && v >= 0 && v <= MAX_DURATION_MS) out[name] = v;
    else
      issues.add({
        code: typeof v === 'number' ? 'out_of_range' : 'invalid_type',
        path: [...path, key],
        input: v,
        expected: 'a target in ms (a finite number ≥ 0)',
      });
  }
  return out;
}

function readTargets(fn: string, value: unknown): { base: Targets; byPriority: Map<string, Targets> } {
  const issues = new IssueCollector(fn);
  const path = ['options', 'targets'];
  if (value === undefined) {
    issues.add({ code: 'missing', path, input: value, expected: '{ firstResponseMs?, resolutionMs?, byPriority? }: at least one target' });
    issues.throwIfAny();
  }
  const top = readTargetPair(value, path, issues);
  const base: Targets = { response: top.response ?? NaN, resolution: top.resolution ?? NaN };
  const byPriority = new Map<string, Targets>();
  let any = top.response !== undefined || top.resolution !== undefined;
  const per = isRecord(value) ? value['byPriority'] : undefined;
  if (per !== undefined) {
    if (!isRecord(per))
      issues.add({ code: 'invalid_type', path: [...path, 'byPriority'], input: per, expected: 'an object: priority → { firstResponseMs?, resolutionMs? }' });
    else {
      for (const [priority, pair] of Object.entries(per)) {
        const t = readTargetPair(pair, [...path, 'byPriority', priority], issues);
        const key = priority.toLowerCase();
        if (byPriority.has(key)) {
          issues.add({
            code: 'ambiguous',
            path: [...path, 'byPriority', priority],
            input: pair,
            detail: `targets for priority "${priority}" are given twice (priorities match case-insensitively)`,
          });
        }
        byPriority.set(key, { response: t.response ?? base.response, resolution: t.resolution ?? base.resolution });
        any ||= t.response !== undefined || t.resolution !== undefined;
      }
    }
  }
  if (!any && isRecord(value)) issues.add({ code: 'missing', path, input: value, expected: 'at least one target (firstResponseMs or resolutionMs)' });
  issues.throwIfAny();
  return { base, byPriority };
}

/** Why compliance is undefined when nothing was met or breached. @internal */
export function reasonOf(met: number, breached: number, pending: number, noTarget: number, recorded: boolean): string | null {
  if (met + breached > 0) return null;
  if (pending > 0) return 'no target due yet (every one pending at asOf): SLA compliance is undefined';
  if (noTarget > 0) return recorded ? 'no SLA outcome recorded: SLA compliance is undefined' : 'no target applies: SLA compliance is undefined';
  return 'no tickets: SLA compliance is undefined';
}

function counts(row: Row, at: number, recorded: boolean): SlaCounts {
  const met = row[at + MET] as number;
  const breached = row[at + BREACHED] as number;
  const pending = row[at + PENDING] as number;
  const noTarget = row[at + NONE] as number;
  return { value: ratio(met, met + breached), reason: reasonOf(met, breached, pending, noTarget, recorded), met, breached, pending, noTarget };
}

/** A pair of targets as options (a target that does not apply left out). */
function targetPairJSON(t: Targets): { [key: string]: JsonValue } {
  return { ...(t.response === t.response ? { firstResponseMs: t.response } : {}), ...(t.resolution === t.resolution ? { resolutionMs: t.resolution } : {}) };
}

/**
 * The targets, normalised: the defaults, and per priority (lower case) both targets with the
 * defaults filled in, so that two spellings of the same targets compare equal.
 */
function targetsJSON(s: Settings): { [key: string]: JsonValue } {
  return { ...targetPairJSON(s.base), byPriority: Object.fromEntries([...s.byPriority].map(([priority, t]) => [priority, targetPairJSON(t)])) };
}

/** The tickets a row counts (each ticket once, by its overall outcome). */
function rowTickets(row: Row): number {
  return (row[TICKET + MET] as number) + (row[TICKET + BREACHED] as number) + (row[TICKET + PENDING] as number) + (row[TICKET + NONE] as number);
}

/**
 * Restores one priority's row of counts, checking it: 12 counts; at least one ticket; each target
 * kind's outcomes adding up to the tickets; no outcome for a target that does not apply to the
 * priority; the tickets breached between the most breaches of one kind and their sum; no more
 * tickets without any target than without either. `null` (and an issue) when it is not one.
 */
function restoreRow(issues: IssueCollector, key: string, value: unknown, s: Settings): Row | null {
  const path: KpiPath = ['state', 'rows', key];
  const bad = (detail: string, input: unknown = value): null => {
    issues.add({ code: 'inconsistent', path, input, detail: `state.rows[${JSON.stringify(key)}]: ${detail}` });
    return null;
  };
  if (key !== NO_PRIORITY && key !== key.toLowerCase()) return bad('a priority is kept in lower case', key);
  if (!Array.isArray(value) || value.length !== ROW) {
    issues.add({ code: 'invalid_value', path, input: value, expected: `an array of ${ROW} counts` });
    return null;
  }
  const row: Row = [];
  for (let k = 0; k < ROW; k++) {
    if (!issues.check(value[k], COUNT, [...path, k])) return null;
    row.push(value[k] as number);
  }
  const tickets = rowTickets(row);
  if (tickets === 0) return bad('a row counts at least one ticket');
  const sum = (at: number): number => (row[at + MET] as number) + (row[at + BREACHED] as number) + (row[at + PENDING] as number) + (row[at + NONE] as number);
  if (sum(RESPONSE) !== tickets || sum(RESOLUTION) !== tickets) return bad(`the response and resolution outcomes must each add up to the tickets (${tickets})`);
  if (s.recorded) {
    // Recorded outcomes: met or breached, never pending.
    if ((row[TICKET + PENDING] as number) + (row[RESPONSE + PENDING] as number) + (row[RESOLUTION + PENDING] as number) > 0) {
      return bad('recorded outcomes are met or breached, never pending');
    }
  }
  const targets = (key === NO_PRIORITY ? undefined : s.byPriority.get(key)) ?? s.base;
  if (!s.recorded && targets.response !== targets.response && row[RESPONSE + NONE] !== tickets)
    return bad('no first-response target applies to this priority, so every ticket has none');
  if (!s.recorded && targets.resolution !== targets.resolution && row[RESOLUTION + NONE] !== tickets)
    return bad('no resolution target applies to this priority, so every ticket has none');
  const breached = row[TICKET + BREACHED] as number;
  const rb = row[RESPONSE + BREACHED] as number;
  const sb = row[RESOLUTION + BREACHED] as number;
  if (breached < Math.max(rb, sb) || breached > rb + sb)
    return bad(`tickets breached (${breached}) must be from ${Math.max(rb, sb)} to ${rb + sb} (the breaches per target kind)`);
  if ((row[TICKET + NONE] as number) > Math.min(row[RESPONSE + NONE] as number, row[RESOLUTION + NONE] as number))
    return bad('tickets without any target cannot exceed those without a target of each kind');
  return row;
}

const spec: RecordMetricSpec<Settings, State, SlaComplianceResult> = {
  metric: 'slaCompliance',
  optionKeys: ['asOf', 'targets', 'calendar'],
  settings(fn, o, base) {
    if (o['targets'] === undefined) {
      // The recorded outcomes: no targets, so no calendar to count against them.
      if (o['calendar'] !== undefined) {
        fail(fn, {
          code: 'invalid_value',
          path: ['options', 'calendar'],
          input: o['calendar'],
          detail: 'options.calendar counts time against targets: give targets with it',
        });
      }
      return {
        ...base,
        recorded: true,
        asOf: o['asOf'] === undefined ? Infinity : readTimestamp(fn, o['asOf'], ['options', 'asOf'], base.timeZone),
        base: { response: NaN, resolution: NaN },
        byPriority: new Map(),
        calendar: null,
      };
    }
    const { base: targets, byPriority } = readTargets(fn, o['targets']);
    return {
      ...base,
      recorded: false,
      asOf: readInstantOption(fn, o, 'asOf', base.timeZone, 'open tickets past their target are breached as of then'),
      base: targets,
      byPriority,
      calendar: readCalendar(fn, o['calendar']),
    };
  },
  fields: () => [
    'createdAt',
    'firstResponseAt',
    'firstResponseMs',
    'resolvedAt',
    'resolutionMs',
    'status',
    'priority',
    'firstResponseSlaMet',
    'resolutionSlaMet',
  ],
  required: () => ['createdAt'],
  init: () => ({ rows: new Map(), notYetCreated: 0, noResolutionTime: 0 }),
  add(state, t, times, s) {
    const created = times.createdAt;
    if (created > s.asOf) {
      state.notYetCreated++;
      return true;
    }
    const priority = t['priority'];
    const key = typeof priority === 'string' ? priority.toLowerCase() : NO_PRIORITY;
    const targets = (key === NO_PRIORITY ? undefined : s.byPriority.get(key)) ?? s.base;
    const cal = s.calendar;
    // Response.
    let response = OUTCOME_NONE;
    if (s.recorded) {
      const met = t['firstResponseSlaMet'];
      if (met === true) response = MET;
      else if (met === false) response = BREACHED;
    } else if (targets.response === targets.response) {
      const at = times.firstResponseAt;
      if (at === at && at <= s.asOf) {
        if (cal !== null && (t['firstResponseAt'] === undefined || t['firstResponseAt'] === null)) return false;
        response = (cal === null ? at - created : cal.duration(created, at)) <= targets.response ? MET : BREACHED;
      } else response = (cal === null ? s.asOf - created : cal.duration(created, s.asOf)) > targets.response ? BREACHED : PENDING;
    }
    // Resolution.
    let resolution = OUTCOME_NONE;
    if (s.recorded) {
      const met = t['resolutionSlaMet'];
      if (met === true) resolution = MET;
      else if (met === false) resolution = BREACHED;
    } else if (targets.resolution === targets.resolution) {
      const resolved = isResolved(t, s.resolvedStatuses);
      const at = times.resolvedAt;
      if (resolved && at === at && at <= s.asOf) {
        if (cal !== null && (t['resolvedAt'] === undefined || t['resolvedAt'] === null)) return false;
        resolution = (cal === null ? at - created : cal.duration(created, at)) <= targets.resolution ? MET : BREACHED;
      } else if (resolved && at !== at) {
        state.noResolutionTime++;
      } else resolution = (cal === null ? s.asOf - created : cal.duration(created, s.asOf)) > targets.resolution ? BREACHED : PENDING;
    }
    let row = state.rows.get(key);
    if (row === undefined) {
      row = new Array<number>(ROW).fill(0);
      state.rows.set(key, row);
    }
    row[RESPONSE + (response === OUTCOME_NONE ? NONE : response)] = (row[RESPONSE + (response === OUTCOME_NONE ? NONE : response)] as number) + 1;
    row[RESOLUTION + (resolution === OUTCOME_NONE ? NONE : resolution)] = (row[RESOLUTION + (resolution === OUTCOME_NONE ? NONE : resolution)] as number) + 1;
    const ticket =
      response === BREACHED || resolution === BREACHED
        ? BREACHED
        : response === PENDING || resolution === PENDING
          ? PENDING
          : response === MET || resolution === MET
            ? MET
            : NONE;
    row[TICKET + ticket] = (row[TICKET + ticket] as number) + 1;
    return true;
  },
  explain(t, _times, _s, path): IssueSpec[] {
    const absent = (v: unknown): boolean => v === undefined || v === null;
    const field = absent(t['firstResponseAt']) && !absent(t['firstResponseMs']) ? 'firstResponseAt' : 'resolvedAt';
    return [{ code: 'missing', path: [...path, field], input: t[field], expected: 'a timestamp: business hours cannot be counted from a duration alone' }];
  },
  merge(into, from) {
    for (const [key, row] of from.rows) {
      const mine = into.rows.get(key);
      if (mine === undefined) into.rows.set(key, [...row]);
      else row.forEach((c, k) => (mine[k] = (mine[k] as number) + c));
    }
    into.notYetCreated += from.notYetCreated;
    into.noResolutionTime += from.noResolutionTime;
  },
  result(state, s) {
    const total = new Array<number>(ROW).fill(0);
    const rows: { key: string; row: Row; n: number }[] = [];
    for (const [key, row] of state.rows) {
      row.forEach((c, k) => (total[k] = (total[k] as number) + c));
      rows.push({ key, row, n: (row[0] as number) + (row[1] as number) + (row[2] as number) + (row[3] as number) });
    }
    rows.sort((a, b) => b.n - a.n || (a.key === NO_PRIORITY ? 1 : b.key === NO_PRIORITY ? -1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const recorded = s.recorded;
    const head = (row: Row): Omit<SlaPriorityRow, 'priority' | 'firstResponse' | 'resolution'> => {
      const ticket = counts(row, TICKET, recorded);
      return { value: ticket.value, reason: ticket.reason, met: ticket.met, breached: ticket.breached, pending: ticket.pending };
    };
    return {
      ...head(total),
      noTarget: total[TICKET + NONE] as number,
      firstResponse: counts(total, RESPONSE, recorded),
      resolution: counts(total, RESOLUTION, recorded),
      byPriority: rows.map(({ key, row }) => ({
        priority: key === NO_PRIORITY ? null : key,
        ...head(row),
        firstResponse: counts(row, RESPONSE, recorded),
        resolution: counts(row, RESOLUTION, recorded),
      })),
      asOf: s.asOf === Infinity ? null : s.asOf,
      time: recorded ? ('recorded' as const) : s.calendar === null ? ('calendar' as const) : ('business-hours' as const),
      excluded: { notYetCreated: state.notYetCreated, noResolutionTime: state.noResolutionTime },
    };
  },
  toJSON: (state) => ({ rows: Object.fromEntries(state.rows), notYetCreated: state.notYetCreated, noResolutionTime: state.noResolutionTime }),
  restore(json, s, issues) {
    const counts = restoreCounts(json, ['notYetCreated', 'noResolutionTime'] as const, issues);
    const state: State = { rows: new Map(), ...counts };
    if (!isRecord(json)) return state;
    const rows = json['rows'];
    if (!isRecord(rows)) {
      issues.add({ code: 'invalid_type', path: ['state', 'rows'], input: rows, expected: 'an object: priority → counts' });
      return state;
    }
    let noResolution = 0;
    for (const [key, value] of Object.entries(rows)) {
      const row = restoreRow(issues, key, value, s);
      if (row === null) return state;
      state.rows.set(key, row);
      noResolution += row[RESOLUTION + NONE] as number;
    }
    if (state.noResolutionTime > noResolution) {
      issues.add({
        code: 'inconsistent',
        path: ['state', 'noResolutionTime'],
        input: state.noResolutionTime,
        detail: `state.noResolutionTime (${state.noResolutionTime}) cannot exceed the tickets without a resolution outcome (${noResolution})`,
      });
    }
    return state;
  },
  options: (s) =>
    s.recorded
      ? { asOf: s.asOf === Infinity ? null : s.asOf, targets: null, calendar: null }
      : { asOf: s.asOf, targets: targetsJSON(s), calendar: calendarJSON(s.calendar) },
  counted(state) {
    let n = state.notYetCreated;
    for (const row of state.rows.values()) n += rowTickets(row);
    return n;
  },
};

/**
 * Mergeable accumulator of {@link slaCompliance}; its result equals {@link slaCompliance} over all
 * tickets added, in any order or split.
 *
 * @example
 * ```ts
 * import { slaComplianceAccumulator } from 'kpi-kit';
 *
 * const acc = slaComplianceAccumulator.create({ asOf: 7_200_000, targets: { firstResponseMs: 3_600_000 } });
 * acc.add({ createdAt: 0, firstResponseMs: 600_000 }).add({ createdAt: 0 });
 * acc.result().value; // 0.5 (the unanswered ticket is 2 h old: breached)
 * ```
 */
export const slaComplianceAccumulator: RecordMetricFactory<SlaComplianceOptions, SlaComplianceResult, TicketTimestampField> =
  /* @__PURE__ */ recordAccumulatorFactory(spec);

/**
 * SLA compliance: the share of tickets that met their response and resolution targets (e.g. an
 * SLA promising a response within an hour). Each target applying to a ticket is:
 * - **met** when done (first response, or resolution of a resolved ticket) by `asOf` within the
 *   target (elapsed ≤ target);
 * - **breached** when done late, or not done and already older than the target at `asOf`;
 * - **pending** when not done and still within the target at `asOf` — left out of the share.
 *
 * A ticket is compliant when every applying target is met, breached when any is breached, and
 * pending otherwise; `value` = compliant / (compliant + breached). Targets come as defaults and per
 * priority (`targets: { firstResponseMs, resolutionMs, byPriority: { urgent: { firstResponseMs } } }`;
 * priorities match case-insensitively). With a `calendar`, elapsed time is business time.
 *
 * Without `targets`, the outcomes the help desk recorded are counted instead (exports that carry a
 * `response_sla_met` / `resolution_sla_met` column per ticket, mapped to `firstResponseSlaMet` and
 * `resolutionSlaMet`): `true` is met, `false` breached, absent no outcome (`noTarget`); nothing is
 * pending, `time` is `'recorded'`, and `asOf` (optional) leaves out tickets created after it.
 *
 * @param input - `{ tickets }` (each needs `createdAt`; reads `firstResponseAt`/`firstResponseMs`,
 *   `resolvedAt`/`resolutionMs`, `status`, `priority`).
 * @param options - {@link SlaComplianceOptions}: `asOf` with `targets`; neither for the recorded outcomes.
 * @returns {@link SlaComplianceResult}, overall, per target kind and per priority.
 * @throws {@link KpiInputError} without `asOf` or targets, for malformed targets, and for malformed
 *   tickets (path `tickets[i].field`; with `onInvalid: 'exclude'` they are left out and listed).
 * @see docs/metrics.md#slacompliance.
 *
 * @example
 * ```ts
 * import { slaCompliance } from 'kpi-kit';
 *
 * const H = 3_600_000;
 * const r = slaCompliance(
 *   {
 *     tickets: [
 *       { createdAt: 0, firstResponseMs: 0.5 * H, priority: 'urgent' },
 *       { createdAt: 0, firstResponseMs: 3 * H, priority: 'urgent' },
 *       { createdAt: 0, firstResponseMs: 3 * H, priority: 'low' },
 *       { createdAt: 9 * H, priority: 'low' },
 *     ],
 *   },
 *   { asOf: 10 * H, targets: { firstResponseMs: 4 * H, byPriority: { urgent: { firstResponseMs: 1 * H } } } },
 * );
 * r.value; // 0.6666666666666666 (2 met, 1 breached, 1 pending)
 * r.pending; // 1
 * r.byPriority.map((p) => [p.priority, p.value]); // [['low', 1], ['urgent', 0.5]]
 *
 * // The outcomes an export recorded (no targets):
 * const recorded = slaCompliance({
 *   tickets: [
 *     { createdAt: 0, firstResponseSlaMet: true, resolutionSlaMet: false },
 *     { createdAt: 0, firstResponseSlaMet: true, resolutionSlaMet: true },
 *     { createdAt: 0 },
 *   ],
 * });
 * recorded.value; // 0.5 (1 met both, 1 breached one; 1 without an outcome)
 * recorded.firstResponse.value; // 1
 * recorded.time; // 'recorded'
 * ```
 */
export const slaCompliance: WithAccumulator<
  (input: { readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns }, options?: SlaComplianceOptions) => SlaComplianceResult,
  typeof slaComplianceAccumulator
> = /* @__PURE__ */ withAccumulator(function slaCompliance(
  input: { readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns },
  options?: SlaComplianceOptions,
): SlaComplianceResult {
  const record = withColumns('slaCompliance', TICKET_KIND, requireInput('slaCompliance', input));
  return runRecordMetric(spec, record['tickets'], options);
}, slaComplianceAccumulator);
