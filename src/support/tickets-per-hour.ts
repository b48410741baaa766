/**
 * Tickets handled and solved per hour, per agent and overall.
 *
 * @module
 */
import { type IssueSpec } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { IssueCollector, fail, isRecord, readFields, readOptions, requireInput, selectForm, COUNT, POSITIVE } from '../core/validate.js';
import { withColumns } from '../records/columns.js';
import { TICKET_KIND } from '../records/tickets.js';
import { type TimestampInput } from '../time/timestamp.js';
import { type DurationCalendar, calendarJSON, readCalendar } from './duration-metric.js';
import { type RecordExcluded, type RecordMetricSpec, readInstantOption, recordAccumulatorFactory, runRecordMetric } from './record-metric.js';
import { type Ticket, type TicketOptions, type TicketSettings, TICKET_OPTION_KEYS, isResolved, type TicketColumns } from './ticket.js';
import { type WithAccumulator, requireAtMost, restoreCount, restoreCounts, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

const HOUR = 3_600_000;

/** Options of {@link ticketsPerHour}. */
export interface TicketsPerHourOptions extends TicketOptions {
  /** Start of the window (inclusive). Required for tickets. */
  readonly from?: TimestampInput;
  /** End of the window (exclusive). Required for tickets. */
  readonly to?: TimestampInput;
  /**
   * Count only business hours of the window, with a calendar made by `businessCalendar`. Its zone
   * also reads zone-less timestamps (and `from`, `to`) unless `timeZone` is given.
   */
  readonly calendar?: DurationCalendar;
  /** Hours each agent worked in the window (agent → hours); agents not listed are taken to have worked the whole window. */
  readonly agentHours?: Readonly<Record<string, number>>;
}

/** Input of {@link ticketsPerHour}: tickets, or counts and hours. */
export type TicketsPerHourInput =
  | ({ readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns })
  | { readonly handled: number; readonly solved: number; readonly hours: number };

/** One agent's throughput. */
export interface AgentThroughput {
  readonly agent: string;
  /** Tickets the agent worked on (first response or resolution) in the window. */
  readonly handled: number;
  /** Tickets the agent resolved in the window. */
  readonly solved: number;
  /** Hours worked: from `agentHours`, else the window's hours. */
  readonly hours: number;
  /** handled / hours; `null` (with a `reason`) for 0 hours, or hours too few for a finite rate. */
  readonly handledPerHour: number | null;
  /** solved / hours; `null` for 0 hours. */
  readonly solvedPerHour: number | null;
  /** Why the rates are `null` (0 hours, or too few for a finite rate); `null` when they are given. */
  readonly reason: string | null;
}

/** Result of {@link ticketsPerHour}. */
export interface TicketsPerHourResult {
  /** Tickets handled per hour of the window, all agents together; `null` (with a `reason`) for a window of 0 hours, or hours too few for a finite rate (48 tickets in 9.4e-323 hours). */
  readonly value: number | null;
  /** Why `value` is `null` (a window of 0 hours, or too few hours for a finite rate); `null` when there is a value. */
  readonly reason: string | null;
  /** Same as `value`. */
  readonly handledPerHour: number | null;
  /** Tickets solved per hour of the window, all agents together. */
  readonly solvedPerHour: number | null;
  readonly handled: number;
  readonly solved: number;
  /** Hours in the window (business hours with a calendar). */
  readonly hours: number;
  /** Per agent, by name; tickets without an agent count only in the totals. */
  readonly agents: readonly AgentThroughput[];
  /** Mean of the agents' handled-per-hour (each agent weighs the same); `null` without agents. */
  readonly handledPerAgentHour: number | null;
  /** Mean of the agents' solved-per-hour. */
  readonly solvedPerAgentHour: number | null;
  /** Left out: tickets with no first response or resolution in the window, and invalid ones. */
  readonly excluded: RecordExcluded & { readonly outsideWindow: number };
}

interface Settings extends TicketSettings {
  readonly from: number;
  readonly to: number;
  readonly calendar: DurationCalendar | null;
  readonly hours: number;
  readonly agentHours: ReadonlyMap<string, number>;
}
interface State {
  handled: number;
  solved: number;
  outside: number;
  agents: Map<string, [number, number]>;
}

/**
 * Tickets per hour: `null` for 0 hours, and for hours so few that the rate is not a finite number
 * (e.g. 48 tickets in 9.4e-323 hours; see {@link rateReason}).
 */
function perHour(count: number, hours: number): number | null {
  if (hours === 0) return null;
  const rate = count / hours;
  return Number.isFinite(rate) ? rate : null;
}

/** Why {@link perHour} of a positive number of hours is `null`, or `null` when it is not. */
function rateReason(count: number, hours: number): string | null {
  return hours > 0 && perHour(count, hours) === null ? `${count} tickets in ${hours} hours: too few hours for a finite rate per hour` : null;
}

function readAgentHours(fn: string, value: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (value === undefined) return out;
  const issues = new IssueCollector(fn);
  if (!isRecord(value)) issues.add({ code: 'invalid_type', path: ['options', 'agentHours'], input: value, expected: 'an object: agent → hours worked' });
  else for (const [agent, h] of Object.entries(value)) if (issues.check(h, POSITIVE, ['options', 'agentHours', agent])) out.set(agent, h as number);
  issues.throwIfAny();
  return out;
}

const spec: RecordMetricSpec<Settings, State, TicketsPerHourResult> = {
  metric: 'ticketsPerHour',
  optionKeys: ['from', 'to', 'calendar', 'agentHours'],
  settings(fn, o, base) {
    const from = readInstantOption(fn, o, 'from', base.timeZone, 'the start of the window');
    const to = readInstantOption(fn, o, 'to', base.timeZone, 'the end of the window');
    if (to < from)
      fail(fn, {
        code: 'inconsistent',
        path: ['options', 'to'],
        input: o['to'],
        detail: `options.to (${String(o['to'])}) is before options.from (${String(o['from'])})`,
      });
    const calendar = readCalendar(fn, o['calendar']);
    return {
      ...base,
      from,
      to,
      calendar,
      hours: (calendar === null ? to - from : calendar.duration(from, to)) / HOUR,
      agentHours: readAgentHours(fn, o['agentHours']),
    };
  },
  fields: () => ['createdAt', 'firstResponseAt', 'firstResponseMs', 'resolvedAt', 'resolutionMs', 'status', 'agent'],
  required: () => ['createdAt'],
  init: () => ({ handled: 0, solved: 0, outside: 0, agents: new Map() }),
  add(state, t, times, s) {
    const { from, to } = s;
    const r = times.resolvedAt;
    const f = times.firstResponseAt;
    const solved = r >= from && r < to && isResolved(t, s.resolvedStatuses);
    const handled = solved || (f >= from && f < to) || (r >= from && r < to);
    if (!handled) {
      state.outside++;
      return true;
    }
    state.handled++;
    if (solved) state.solved++;
    const agent = t['agent'];
    if (typeof agent === 'string') {
      let a = state.agents.get(agent);
      if (a === undefined) {
        a = [0, 0];
        state.agents.set(agent, a);
      }
      a[0]++;
      if (solved) a[1]++;
    }
    return true;
  },
  explain: (): IssueSpec[] => [],
  merge(into, from) {
    into.handled += from.handled;
    into.solved += from.solved;
    into.outside += from.outside;
    for (const [agent, [h, sv]] of from.agents) {
      const a = into.agents.get(agent);
      if (a === undefined) into.agents.set(agent, [h, sv]);
      else {
        a[0] += h;
        a[1] += sv;
      }
    }
  },
  result(state, s) {
    const agents: AgentThroughput[] = [...state.agents]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([agent, [handled, solved]]) => {
        const hours = s.agentHours.get(agent) ?? s.hours;
        return {
          agent,
          handled,
          solved,
          hours,
          handledPerHour: perHour(handled, hours),
          solvedPerHour: perHour(solved, hours),
          reason: hours === 0 ? 'no hours worked: the rates per hour are undefined' : rateReason(handled, hours),
        };
      });
    const mean = (pick: (a: AgentThroughput) => number | null): number | null => {
      // A running mean: the rates are finite, and so is every partial mean (no sum to overflow).
      let m = 0;
      let k = 0;
      for (const a of agents) {
        const v = pick(a);
        if (v !== null) m += (v - m) / ++k;
      }
      return k === 0 ? null : m;
    };
    const handledPerHour = perHour(state.handled, s.hours);
    return {
      value: handledPerHour,
      reason: s.hours === 0 ? 'a window of 0 hours: the rates per hour are undefined' : rateReason(state.handled, s.hours),
      handledPerHour,
      solvedPerHour: perHour(state.solved, s.hours),
      handled: state.handled,
      solved: state.solved,
      hours: s.hours,
      agents,
      handledPerAgentHour: mean((a) => a.handledPerHour),
      solvedPerAgentHour: mean((a) => a.solvedPerHour),
      excluded: { outsideWindow: state.outside },
    };
  },
  toJSON: (state) => ({ handled: state.handled, solved: state.solved, outside: state.outside, agents: Object.fromEntries(state.agents) }),
  restore(json, _s, issues) {
    const state: State = { ...restoreCounts(json, ['handled', 'solved', 'outside'] as const, issues), agents: new Map() };
    requireAtMost(issues, state.solved, 'solved', state.handled, 'handled', ['state', 'solved']);
    if (!isRecord(json)) return state;
    const agents = json['agents'];
    if (!isRecord(agents)) {
      issues.add({ code: 'invalid_type', path: ['state', 'agents'], input: agents, expected: 'an object: agent → [handled, solved]' });
      return state;
    }
    const entries = Object.entries(agents);
    // Checked before the loop: every agent listed handled at least one ticket.
    if (entries.length > state.handled) {
      issues.add({
        code: 'inconsistent',
        path: ['state', 'agents'],
        input: entries.length,
        detail: `state.agents lists ${entries.length} agents, more than the ${state.handled} tickets handled`,
      });
      return state;
    }
    let handled = 0;
    let solved = 0;
    for (const [agent, pair] of entries) {
      const path = ['state', 'agents', agent];
      if (!Array.isArray(pair) || pair.length !== 2) {
        issues.add({ code: 'invalid_value', path, input: pair, expected: '[handled, solved]' });
        return state;
      }
      const h = restoreCount(issues, pair[0], [...path, 0]);
      const sv = restoreCount(issues, pair[1], [...path, 1]);
      if (!issues.ok) return state;
      if (h === 0)
        issues.add({ code: 'inconsistent', path: [...path, 0], input: h, detail: `agent ${JSON.stringify(agent)} is listed, so handled at least one ticket` });
      requireAtMost(issues, sv, `agents[${JSON.stringify(agent)}] solved`, h, 'its handled', [...path, 1]);
      handled += h;
      solved += sv;
      state.agents.set(agent, [h, sv]);
    }
    requireAtMost(issues, handled, 'the tickets handled by agents', state.handled, 'handled', ['state', 'agents']);
    requireAtMost(issues, solved, 'the tickets solved by agents', state.solved, 'solved', ['state', 'agents']);
    return state;
  },
  options: (s) => ({ from: s.from, to: s.to, calendar: calendarJSON(s.calendar), agentHours: Object.fromEntries(s.agentHours) }),
  counted: (state) => state.handled + state.outside,
};

/**
 * Mergeable accumulator of {@link ticketsPerHour} (`create({ from, to })`, ...); its result equals
 * {@link ticketsPerHour} over all tickets added.
 *
 * @example
 * ```ts
 * import { ticketsPerHourAccumulator } from 'kpi-kit';
 *
 * const acc = ticketsPerHourAccumulator.create({ from: 0, to: 7_200_000 });
 * acc.add({ createdAt: 0, firstResponseMs: 60_000, agent: 'ana' });
 * acc.result().value; // 0.5
 * ```
 */
export const ticketsPerHourAccumulator: RecordMetricFactory<TicketsPerHourOptions, TicketsPerHourResult, TicketTimestampField> =
  /* @__PURE__ */ recordAccumulatorFactory(spec);

/**
 * Tickets handled and solved per hour, over a window `[from, to)`, per agent and
 * overall. A ticket is **handled** in the window when an agent worked on it then: its first response
 * or its resolution falls in the window; it is **solved** in the window when it is resolved (see
 * `resolvedStatuses`) with its resolution time in the window. Rates divide by the window's hours
 * (business hours with a `calendar`); per agent by the hours they worked (`agentHours`), by default
 * the window's.
 *
 * @param input - `{ tickets }` (reads `createdAt`, `firstResponseAt`/`firstResponseMs`,
 *   `resolvedAt`/`resolutionMs`, `status`, `agent`) or `{ handled, solved, hours }`.
 * @param options - {@link TicketsPerHourOptions}; `from` and `to` are required with tickets.
 * @returns {@link TicketsPerHourResult}; rates are `null` for a window of 0 hours.
 * @throws {@link KpiInputError} without `from`/`to` (tickets), `to` before `from`, bad `agentHours`,
 *   counts that are not non-negative integers, `solved` > `handled`, hours ≤ 0, and malformed
 *   tickets (path `tickets[i].field`).
 * @see docs/metrics.md#ticketsperhour.
 *
 * @example
 * ```ts
 * import { ticketsPerHour } from 'kpi-kit';
 *
 * ticketsPerHour({ handled: 48, solved: 36, hours: 8 }).value; // 6
 * const H = 3_600_000;
 * const r = ticketsPerHour(
 *   {
 *     tickets: [
 *       { createdAt: 0, firstResponseMs: 0.5 * H, resolutionMs: 1 * H, status: 'solved', agent: 'ana' },
 *       { createdAt: 0, firstResponseMs: 1 * H, status: 'open', agent: 'ana' },
 *       { createdAt: 0, firstResponseMs: 1 * H, resolutionMs: 3 * H, status: 'solved', agent: 'ben' },
 *       { createdAt: 0, firstResponseMs: 5 * H, agent: 'ben' },
 *     ],
 *   },
 *   { from: 0, to: 4 * H, agentHours: { ben: 2 } },
 * );
 * r.value; // 0.75 (3 handled in 4 h)
 * r.solvedPerHour; // 0.5
 * r.agents.map((a) => [a.agent, a.handledPerHour, a.solvedPerHour]); // [['ana', 0.5, 0.25], ['ben', 0.5, 0.5]]
 * ```
 */
export const ticketsPerHour: WithAccumulator<
  (input: TicketsPerHourInput, options?: TicketsPerHourOptions) => TicketsPerHourResult,
  typeof ticketsPerHourAccumulator
> = /* @__PURE__ */ withAccumulator(function ticketsPerHour(input: TicketsPerHourInput, options?: TicketsPerHourOptions): TicketsPerHourResult {
  const fn = 'ticketsPerHour';
  const record = withColumns(fn, TICKET_KIND, requireInput(fn, input));
  const form = selectForm(fn, record, [
    { name: 'tickets', fields: ['tickets'] },
    { name: 'counts', fields: ['handled', 'solved', 'hours'] },
  ]);
  if (form === 'tickets') return runRecordMetric(spec, record['tickets'], options);
  readOptions(fn, options, [...TICKET_OPTION_KEYS]);
  const { handled, solved, hours } = readFields(fn, record, { handled: COUNT, solved: COUNT, hours: POSITIVE });
  if (solved > handled) fail(fn, { code: 'inconsistent', path: ['solved'], input: solved, detail: `solved (${solved}) cannot exceed handled (${handled})` });
  return deepFreeze({
    value: perHour(handled, hours),
    reason: rateReason(handled, hours),
    handledPerHour: perHour(handled, hours),
    solvedPerHour: perHour(solved, hours),
    handled,
    solved,
    hours,
    agents: [],
    handledPerAgentHour: null,
    solvedPerAgentHour: null,
    excluded: { outsideWindow: 0, invalid: 0, invalidIndices: [], invalidTickets: [] },
  });
}, ticketsPerHourAccumulator);
