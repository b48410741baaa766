/**
 * Consistency of resolution: how alike agents resolve.
 *
 * @module
 */
import { type IssueSpec } from '../core/errors.js';
import { type Interval, deepFreeze, ratio } from '../core/result.js';
import { COUNT, FINITE, IssueCollector, fail, isRecord, readOptions, requireInput, selectForm } from '../core/validate.js';
import { withColumns } from '../records/columns.js';
import { TICKET_KIND } from '../records/tickets.js';
import { type ConfidenceSettings, readConfidence, shareInterval } from '../core/confidence.js';
import { type RecordExcluded, type RecordMetricSpec, recordAccumulatorFactory, runRecordMetric } from './record-metric.js';
import {
  type Ticket,
  type TicketField,
  type TicketOptions,
  type TicketSettings,
  TICKET_OPTION_KEYS,
  isResolved,
  type TicketColumns,
  statusFlags,
} from './ticket.js';
import { type WithAccumulator, requireAtMost, restoreCounts, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory, type TicketTimestampField } from './ticket-metric.js';

/**
 * The per-agent outcome whose spread is measured: `'resolution-time'` (default; mean resolution
 * time of the agent's resolved tickets), `'fcr'` (share of the agent's resolved tickets resolved in
 * one contact) or `'csat'` (mean `csat` of the agent's tickets).
 */
export type ConsistencyOutcome = 'resolution-time' | 'fcr' | 'csat';

/** Options of {@link resolutionConsistency}. */
export interface ResolutionConsistencyOptions extends TicketOptions {
  /** Default `'resolution-time'`. */
  readonly outcome?: ConsistencyOutcome;
  /** Agents with fewer measured tickets are left out of the spread. Default 1. */
  readonly minTickets?: number;
  /** Confidence level of the Wilson interval of the QA pass rate. Default 0.95. */
  readonly confidence?: number;
}

/** One agent's outcome. */
export interface AgentOutcome {
  readonly agent: string;
  /** Tickets measured for the outcome. */
  readonly n: number;
  /** The agent's outcome (ms, share or score). */
  readonly value: number;
}

/** Input of {@link resolutionConsistency}: tickets, or per-agent outcomes and QA counts. */
export type ResolutionConsistencyInput =
  | ({ readonly tickets: readonly Ticket[] } | { readonly columns: TicketColumns })
  | {
      readonly agents: readonly { readonly agent: string; readonly value: number; readonly n?: number }[];
      readonly qaPassed?: number;
      readonly qaReviewed?: number;
    };

/** Result of {@link resolutionConsistency}. */
export interface ResolutionConsistencyResult {
  /** Coefficient of variation of the per-agent outcome (standard deviation / mean; lower = more alike); `null` (with a `reason`) with fewer than 2 agents or a mean of 0. */
  readonly value: number | null;
  /** Why `value` is `null`; `null` when there is a value. */
  readonly reason: string | null;
  readonly outcome: ConsistencyOutcome | null;
  /** Agents in the spread (at least `minTickets` measured), by name. */
  readonly agents: readonly AgentOutcome[];
  /** Mean of the agents' outcomes (each agent weighs the same). */
  readonly mean: number | null;
  /** Population standard deviation of the agents' outcomes. */
  readonly standardDeviation: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** QA / script adherence: reviewed tickets that passed / reviewed tickets. */
  readonly qa: {
    /** passed / reviewed; `null` (with a `reason`) when no ticket was reviewed. */
    readonly value: number | null;
    /** Why `qa.value` is `null`; `null` when there is a value. */
    readonly reason: string | null;
    readonly passed: number;
    readonly reviewed: number;
    readonly interval: Interval | null;
    readonly confidence: number;
  };
  /** Left out: tickets without an agent, agents below `minTickets`, and invalid tickets. */
  readonly excluded: RecordExcluded & { readonly noAgent: number; readonly agentsBelowMinTickets: number };
}

const OPTION_KEYS = ['outcome', 'minTickets', 'confidence'] as const;

interface Settings extends TicketSettings, ConfidenceSettings {
  readonly outcome: ConsistencyOutcome;
  readonly minTickets: number;
}
interface State {
  /** agent → [tickets, measured n, sum of the outcomes measured]. */
  agents: Map<string, [number, number, number]>;
  noAgent: number;
  passed: number;
  reviewed: number;
}

function readSettings(fn: string, o: Record<string, unknown>): Omit<Settings, keyof TicketSettings> {
  const issues = new IssueCollector(fn);
  const outcome = o['outcome'] ?? 'resolution-time';
  if (outcome !== 'resolution-time' && outcome !== 'fcr' && outcome !== 'csat') {
    issues.add({ code: 'invalid_value', path: ['options', 'outcome'], input: outcome, expected: "'resolution-time', 'fcr' or 'csat'" });
  }
  const minTickets = o['minTickets'] ?? 1;
  if (!(Number.isSafeInteger(minTickets) && (minTickets as number) >= 1)) {
    issues.add({ code: 'invalid_value', path: ['options', 'minTickets'], input: minTickets, expected: 'a positive integer' });
  }
  issues.throwIfAny();
  return { ...readConfidence(fn, o['confidence']), outcome: outcome as ConsistencyOutcome, minTickets: minTickets as number };
}

/**
 * The largest |csat| a ticket may carry for `outcome: 'csat'`: 1e12, far beyond any survey scale, and
 * small enough that the sum of an agent's scores (at most `MAX_ARRAY_LENGTH` tickets) stays finite.
 */
const MAX_CONSISTENCY_CSAT = 1e12;

const FIELDS: Record<ConsistencyOutcome, readonly TicketField[]> = {
  'resolution-time': ['createdAt', 'status', 'resolvedAt', 'resolutionMs', 'agent', 'qaPassed'],
  fcr: ['createdAt', 'status', 'resolvedAt', 'resolutionMs', 'contactCount', 'agent', 'qaPassed'],
  csat: ['createdAt', 'csat', 'agent', 'qaPassed'],
};

function spread(agents: readonly AgentOutcome[]): Pick<ResolutionConsistencyResult, 'value' | 'reason' | 'mean' | 'standardDeviation' | 'min' | 'max'> {
  const k = agents.length;
  if (k === 0) {
    return { value: null, reason: 'no agents measured: the spread is undefined', mean: null, standardDeviation: null, min: null, max: null };
  }
  // Huge outcomes (given as per-agent values, any finite numbers) are scaled by the largest |value|
  // so that neither the sum nor the squares overflow: mean = m·Σ(v/m)/k, sd = m·√(Σ(v/m − μ/m)²/k).
  // Below 1e140 the squares of up to MAX_ARRAY_LENGTH agents stay finite unscaled (and exact as before).
  let min = Infinity;
  let max = -Infinity;
  for (const a of agents) {
    if (a.value < min) min = a.value;
    if (a.value > max) max = a.value;
  }
  const scale = Math.max(Math.abs(min), Math.abs(max)) > 1e140 ? Math.max(Math.abs(min), Math.abs(max)) : 1;
  let sum = 0;
  for (const a of agents) sum += a.value / scale;
  const mu = sum / k;
  let squares = 0;
  for (const a of agents) squares += (a.value / scale - mu) ** 2;
  const mean = mu * scale;
  const sd = Math.sqrt(squares / k) * scale;
  const cv = k < 2 || mean === 0 ? null : sd / Math.abs(mean);
  const finite = cv !== null && Number.isFinite(cv);
  return {
    value: finite ? cv : null,
    reason:
      k < 2
        ? 'one agent measured: the spread needs at least 2'
        : mean === 0
          ? 'the mean outcome is 0: the coefficient of variation is undefined'
          : finite
            ? null
            : 'the mean outcome is too close to 0 against the spread: the coefficient of variation overflows',
    mean,
    standardDeviation: sd,
    min,
    max,
  };
}

function qa(passed: number, reviewed: number, s: ConfidenceSettings): ResolutionConsistencyResult['qa'] {
  const reason = reviewed === 0 ? 'no tickets reviewed: the QA pass rate is undefined' : null;
  return { value: ratio(passed, reviewed), reason, passed, reviewed, interval: shareInterval(passed, reviewed, s), confidence: s.confidence };
}

/**
 * Whether a JSON value is one agent's `[tickets, n, sum]` for this outcome: tickets ≥ 1 (the agent
 * is listed because it had one), n ≤ tickets measured, and the sum of their outcomes (ms ≥ 0 for
 * resolution time, an integer count from 0 to n for FCR, a finite score for CSAT; 0 when n is 0).
 */
function isAgentTally(value: unknown, outcome: ConsistencyOutcome): value is [number, number, number] {
  if (!Array.isArray(value) || value.length !== 3) return false;
  const tickets: unknown = value[0];
  const n: unknown = value[1];
  const sum: unknown = value[2];
  if (!(typeof tickets === 'number' && Number.isSafeInteger(tickets) && tickets >= 1)) return false;
  if (!(typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= tickets && typeof sum === 'number' && Number.isFinite(sum))) return false;
  if (n === 0) return sum === 0;
  if (outcome === 'fcr') return Number.isInteger(sum) && sum >= 0 && sum <= n;
  return outcome === 'csat' || sum >= 0;
}

function agentTallyRule(outcome: ConsistencyOutcome): string {
  const sum =
    outcome === 'fcr'
      ? 'the tickets resolved in one contact (0 to n)'
      : outcome === 'csat'
        ? 'the sum of their CSAT scores (finite)'
        : 'the sum of their resolution times in ms (≥ 0)';
  return `[tickets, n, sum]: the agent's tickets (≥ 1), those measured (0 to tickets) and ${sum}; sum 0 when n is 0`;
}

/**
 * {@link tally} of a ticket whose agent `agent` has the dictionary code `code`: the agent's tally is
 * looked up (or made) once per call and kept in `entries` by code.
 */
function tallyCoded(state: State, entries: ([number, number, number] | undefined)[], code: number, agent: string, x: number, pass: unknown): void {
  if (pass === true || pass === false) {
    state.reviewed++;
    if (pass) state.passed++;
  }
  let a = entries[code];
  if (a === undefined) {
    a = state.agents.get(agent);
    if (a === undefined) {
      a = [0, 0, 0];
      state.agents.set(agent, a);
    }
    entries[code] = a;
  }
  a[0]++;
  if (x === x) {
    a[1]++;
    a[2] += x;
  }
}

/** Counts one ticket: its QA review, and its agent's ticket and outcome `x` (NaN: none). */
function tally(state: State, agent: unknown, x: number, pass: unknown): void {
  if (pass === true || pass === false) {
    state.reviewed++;
    if (pass) state.passed++;
  }
  if (typeof agent !== 'string') {
    state.noAgent++;
    return;
  }
  let a = state.agents.get(agent);
  if (a === undefined) {
    a = [0, 0, 0];
    state.agents.set(agent, a);
  }
  a[0]++;
  if (x === x) {
    a[1]++;
    a[2] += x;
  }
}

const spec: RecordMetricSpec<Settings, State, ResolutionConsistencyResult> = {
  metric: 'resolutionConsistency',
  optionKeys: OPTION_KEYS,
  settings: (fn, o, base) => ({ ...base, ...readSettings(fn, o) }),
  fields: (s) => FIELDS[s.outcome],
  required: () => ['createdAt'],
  init: () => ({ agents: new Map(), noAgent: 0, passed: 0, reviewed: 0 }),
  add(state, t, times, s) {
    const agent = t['agent'];
    let x = NaN;
    if (typeof agent === 'string') {
      if (s.outcome === 'csat') {
        const c = t['csat'];
        if (typeof c === 'number') {
          // Bounded so that an agent's sum of scores stays finite (and exact far beyond any survey scale).
          if (!(Math.abs(c) <= MAX_CONSISTENCY_CSAT)) return false;
          x = c;
        }
      } else if (isResolved(t, s.resolvedStatuses)) {
        if (s.outcome === 'fcr') {
          const c = t['contactCount'];
          if (c === undefined || c === null) return false;
          x = c === 1 ? 1 : 0;
        } else if (times.resolvedAt === times.resolvedAt) x = times.resolvedAt - times.createdAt;
      }
    }
    tally(state, agent, x, t['qaPassed']);
    return true;
  },
  addColumns(state, view, check, s) {
    const agentOf = view.values('agent');
    const passOf = view.values('qaPassed');
    const flags = statusFlags(view, s.resolvedStatuses);
    const scoreOf = s.outcome === 'csat' ? view.values('csat') : s.outcome === 'fcr' ? view.values('contactCount') : () => undefined;
    const created = check.times['createdAt'];
    const resolvedAt = check.times['resolvedAt'];
    if (agentOf === null || passOf === null || flags === null || scoreOf === null || created === undefined) return null;
    if (s.outcome === 'resolution-time' && resolvedAt === undefined) return null;
    const own: number[] = [];
    const { valid } = check;
    // A dictionary-coded agent column: each agent's tally found once per call, then by its code.
    const dict = view.dictionary('agent');
    const entries: ([number, number, number] | undefined)[] = dict === null ? [] : new Array<[number, number, number] | undefined>(dict.dictionary.length);
    // Row by row, in order, as `add`: the sums per agent take their terms in the same order.
    for (let i = 0; i < valid.length; i++) {
      if (valid[i] === 0) continue;
      const code = dict === null ? -1 : (dict.codes[i] as number);
      const agent = dict === null ? agentOf(i) : code < 0 ? undefined : dict.dictionary[code];
      let x = NaN;
      if (typeof agent === 'string') {
        if (s.outcome === 'csat') {
          const c = scoreOf(i);
          if (typeof c === 'number') {
            if (!(Math.abs(c) <= MAX_CONSISTENCY_CSAT)) {
              own.push(i);
              continue;
            }
            x = c;
          }
        } else {
          const f = flags.at(i);
          const r = resolvedAt === undefined ? NaN : (resolvedAt[i] as number);
          if (f === 1 || (f === 2 && r === r)) {
            if (s.outcome === 'fcr') {
              const c = scoreOf(i);
              if (c === undefined || c === null) {
                own.push(i);
                continue;
              }
              x = c === 1 ? 1 : 0;
            } else if (r === r) x = r - (created[i] as number);
          }
        }
      }
      if (code >= 0 && typeof agent === 'string') tallyCoded(state, entries, code, agent, x, passOf(i));
      else tally(state, agent, x, passOf(i));
    }
    return own;
  },
  explain: (t, _times, s, path): IssueSpec[] =>
    s.outcome === 'csat'
      ? [
          {
            code: 'out_of_range',
            path: [...path, 'csat'],
            input: t['csat'],
            expected: `a score from -${MAX_CONSISTENCY_CSAT} to ${MAX_CONSISTENCY_CSAT} (outcome 'csat')`,
          },
        ]
      : [
          {
            code: 'missing',
            path: [...path, 'contactCount'],
            input: t['contactCount'],
            expected: "contactCount: outcome 'fcr' needs it on every resolved ticket",
          },
        ],
  merge(into, from) {
    for (const [agent, [tickets, n, sum]] of from.agents) {
      const a = into.agents.get(agent);
      if (a === undefined) into.agents.set(agent, [tickets, n, sum]);
      else {
        a[0] += tickets;
        a[1] += n;
        a[2] += sum;
      }
    }
    into.noAgent += from.noAgent;
    into.passed += from.passed;
    into.reviewed += from.reviewed;
  },
  result(state, s) {
    const all = [...state.agents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const agents = all.filter(([, [, n]]) => n >= s.minTickets && n > 0).map(([agent, [, n, sum]]) => ({ agent, n, value: sum / n }));
    return {
      ...spread(agents),
      outcome: s.outcome,
      agents,
      qa: qa(state.passed, state.reviewed, s),
      excluded: { noAgent: state.noAgent, agentsBelowMinTickets: all.length - agents.length },
    };
  },
  toJSON: (state) => ({ agents: Object.fromEntries(state.agents), noAgent: state.noAgent, passed: state.passed, reviewed: state.reviewed }),
  restore(json, s, issues) {
    const state: State = { ...restoreCounts(json, ['noAgent', 'passed', 'reviewed'] as const, issues), agents: new Map() };
    requireAtMost(issues, state.passed, 'passed', state.reviewed, 'reviewed', ['state', 'passed']);
    if (!isRecord(json)) return state;
    const agents = json['agents'];
    if (!isRecord(agents)) {
      issues.add({ code: 'invalid_type', path: ['state', 'agents'], input: agents, expected: 'an object: agent → [tickets, n, sum]' });
      return state;
    }
    let tickets = state.noAgent;
    for (const [agent, value] of Object.entries(agents)) {
      if (!isAgentTally(value, s.outcome)) {
        issues.add({ code: 'invalid_value', path: ['state', 'agents', agent], input: value, expected: agentTallyRule(s.outcome) });
        return state;
      }
      tickets += value[0];
      state.agents.set(agent, [value[0], value[1], value[2]]);
    }
    requireAtMost(issues, state.reviewed, 'reviewed', tickets, 'the tickets counted (noAgent and the tickets of every agent)', ['state', 'reviewed']);
    return state;
  },
  options: (s) => ({ outcome: s.outcome, minTickets: s.minTickets, confidence: s.confidence }),
  counted(state) {
    let n = state.noAgent;
    for (const a of state.agents.values()) n += a[0];
    return n;
  },
};

/**
 * Mergeable accumulator of {@link resolutionConsistency}; its result equals
 * {@link resolutionConsistency} over all tickets added (exactly so when the outcomes are integers,
 * as ms and CSAT scores are; sums of fractions may differ in the last bits between orders).
 *
 * @example
 * ```ts
 * import { resolutionConsistencyAccumulator } from 'kpi-kit';
 *
 * const acc = resolutionConsistencyAccumulator.create({ outcome: 'csat' });
 * acc.add({ createdAt: 0, agent: 'ana', csat: 4 }).add({ createdAt: 0, agent: 'ben', csat: 2 });
 * acc.result().value; // 0.3333333333333333
 * ```
 */
export const resolutionConsistencyAccumulator: RecordMetricFactory<ResolutionConsistencyOptions, ResolutionConsistencyResult, TicketTimestampField> =
  /* @__PURE__ */ recordAccumulatorFactory(spec);

/**
 * Consistency of resolution (customers should get the same answer whoever handles them): two
 * figures. The `value` is the spread of a per-agent outcome — the coefficient of
 * variation (population standard deviation / mean) across agents of their mean resolution time
 * (default), FCR share or mean CSAT; 0 means every agent performs alike. `qa` is the QA / script
 * adherence pass rate: reviewed tickets (`qaPassed` true or false) that passed / reviewed.
 *
 * @param input - `{ tickets }` (reads `agent`, `qaPassed` and the outcome's fields), or
 *   `{ agents: [{ agent, value, n? }], qaPassed?, qaReviewed? }`.
 * @param options - {@link ResolutionConsistencyOptions}.
 * @returns {@link ResolutionConsistencyResult}.
 * @throws {@link KpiInputError} for bad options, malformed tickets (path `tickets[i].field`), a
 *   resolved ticket without `contactCount` for outcome `'fcr'`, and malformed aggregates (qaPassed >
 *   qaReviewed, a non-finite agent value, an agent given twice).
 * @see docs/metrics.md#resolutionconsistency.
 *
 * @example
 * ```ts
 * import { resolutionConsistency } from 'kpi-kit';
 *
 * const H = 3_600_000;
 * const r = resolutionConsistency({
 *   tickets: [
 *     { createdAt: 0, resolutionMs: 1 * H, status: 'solved', agent: 'ana', qaPassed: true },
 *     { createdAt: 0, resolutionMs: 3 * H, status: 'solved', agent: 'ana', qaPassed: false },
 *     { createdAt: 0, resolutionMs: 6 * H, status: 'solved', agent: 'ben', qaPassed: true },
 *     { createdAt: 0, status: 'open', agent: 'ben' },
 *   ],
 * });
 * r.agents.map((a) => [a.agent, a.value / H]); // [['ana', 2], ['ben', 6]]
 * r.value; // 0.5 (mean 4 h, standard deviation 2 h)
 * r.qa.value; // 0.6666666666666666
 * ```
 */
export const resolutionConsistency: WithAccumulator<
  (input: ResolutionConsistencyInput, options?: ResolutionConsistencyOptions) => ResolutionConsistencyResult,
  typeof resolutionConsistencyAccumulator
> = /* @__PURE__ */ withAccumulator(function resolutionConsistency(
  input: ResolutionConsistencyInput,
  options?: ResolutionConsistencyOptions,
): ResolutionConsistencyResult {
  const fn = 'resolutionConsistency';
  const record = withColumns(fn, TICKET_KIND, requireInput(fn, input));
  const form = selectForm(fn, record, [
    { name: 'tickets', fields: ['tickets'] },
    { name: 'agents', fields: ['agents', 'qaPassed', 'qaReviewed'] },
  ]);
  if (form === 'tickets') return runRecordMetric(spec, record['tickets'], options);
  const o = readOptions(fn, options, [...TICKET_OPTION_KEYS, 'confidence']);
  const s = readConfidence(fn, o['confidence']);
  const issues = new IssueCollector(fn);
  const list = record['agents'] ?? [];
  const agents: AgentOutcome[] = [];
  if (!Array.isArray(list)) issues.add({ code: 'invalid_type', path: ['agents'], input: list, expected: 'an array of { agent, value, n? }' });
  else {
    const seen = new Set<string>();
    list.forEach((a: unknown, i) => {
      if (!isRecord(a) || typeof a['agent'] !== 'string') {
        issues.add({ code: 'invalid_type', path: ['agents', i], input: a, expected: '{ agent: string, value: number, n?: number }' });
        return;
      }
      const okValue = issues.check(a['value'], FINITE, ['agents', i, 'value']);
      const okN = a['n'] === undefined || issues.check(a['n'], COUNT, ['agents', i, 'n']);
      if (seen.has(a['agent']))
        issues.add({ code: 'ambiguous', path: ['agents', i, 'agent'], input: a['agent'], detail: `agent "${a['agent']}" is given twice` });
      seen.add(a['agent']);
      if (okValue && okN) agents.push({ agent: a['agent'], n: (a['n'] as number | undefined) ?? 1, value: a['value'] as number });
    });
  }
  const passed = record['qaPassed'] ?? 0;
  const reviewed = record['qaReviewed'] ?? 0;
  issues.check(passed, COUNT, ['qaPassed']);
  issues.check(reviewed, COUNT, ['qaReviewed']);
  issues.throwIfAny();
  if ((passed as number) > (reviewed as number))
    fail(fn, {
      code: 'inconsistent',
      path: ['qaPassed'],
      input: passed,
      detail: `qaPassed (${passed as number}) cannot exceed qaReviewed (${reviewed as number})`,
    });
  agents.sort((a, b) => (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0));
  return deepFreeze({
    ...spread(agents),
    outcome: null,
    agents,
    qa: qa(passed as number, reviewed as number, s),
    excluded: { noAgent: 0, agentsBelowMinTickets: 0, invalid: 0, invalidIndices: [], invalidTickets: [] },
  });
}, resolutionConsistencyAccumulator);
