/**
 * Occupancy, measured from agent time totals.
 *
 * @module
 */
import { makeResult, ratio } from '../core/result.js';
import { IssueCollector, SHARE, fail, isRecord, range, readOptions, requireInput, selectForm } from '../core/validate.js';
import { MAX_DURATION_MS } from '../time/timestamp.js';

/** A time in ms: from 0 to 100 years. */
const TIME_MS = /* @__PURE__ */ range(0, MAX_DURATION_MS);

/** Where an occupancy lies against the guide band (default 75–85%). */
export type OccupancyBand = 'below' | 'within' | 'above';

/** Options of {@link occupancy}. */
export interface OccupancyOptions {
  /**
   * The guide band `[lower, upper]` of healthy occupancy, shares in [0, 1] with lower ≤ upper;
   * default `[0.75, 0.85]`. `band` is `'within'` when lower ≤ value ≤ upper.
   */
  readonly guideBand?: readonly [number, number];
}

/** One agent's (or one interval's) time, for {@link occupancy}. */
export interface OccupancyAgentInput {
  /** The agent's name or id; rows with the same agent are added up. */
  readonly agent: string | number;
  /** Time spent handling contacts (talk, hold, after-contact work), in ms. */
  readonly handleMs: number;
  /** Logged-in time NOT spent handling (available, idle, waiting for a contact), in ms. */
  readonly availableMs: number;
}

/** Input of {@link occupancy}: totals, or rows per agent (or per agent and interval). */
export type OccupancyInput = { readonly handleMs: number; readonly availableMs: number } | { readonly agents: readonly OccupancyAgentInput[] };

/** The occupancy of one agent. */
export interface AgentOccupancy {
  /** handleMs / (handleMs + availableMs); `null` (with a `reason`) without logged-in time. */
  readonly value: number | null;
  /** Why `value` is `null` (no logged-in time); `null` when there is a value. */
  readonly reason: string | null;
  readonly agent: string | number;
  readonly handleMs: number;
  readonly availableMs: number;
  /** handleMs + availableMs. */
  readonly loggedInMs: number;
  /** Where `value` lies against the guide band; `null` when `value` is. */
  readonly band: OccupancyBand | null;
}

/** Result of {@link occupancy}. */
export interface OccupancyResult {
  /** Overall occupancy: total handle / (total handle + total available); `null` (with a `reason`) without logged-in time. */
  readonly value: number | null;
  /** Why `value` is `null` (no logged-in time); `null` when there is a value. */
  readonly reason: string | null;
  /** Total handle time in ms (the numerator). */
  readonly handleMs: number;
  /** Total available (logged-in, not handling) time in ms. */
  readonly availableMs: number;
  /** handleMs + availableMs (the denominator). */
  readonly loggedInMs: number;
  /** Where `value` lies against the guide band; `null` when `value` is. */
  readonly band: OccupancyBand | null;
  /** The guide band used. */
  readonly guideBand: readonly [number, number];
  /** Per agent, in order of first appearance (empty for the totals form). */
  readonly agents: readonly AgentOccupancy[];
}

const DEFAULT_BAND: readonly [number, number] = Object.freeze<readonly [number, number]>([0.75, 0.85]);

const NO_TIME = 'no logged-in time: the occupancy is undefined';

function reasonOf(value: number | null): string | null {
  return value === null ? NO_TIME : null;
}

function bandOf(value: number | null, band: readonly [number, number]): OccupancyBand | null {
  if (value === null) return null;
  return value < band[0] ? 'below' : value > band[1] ? 'above' : 'within';
}

function readBand(fn: string, value: unknown): readonly [number, number] {
  if (value === undefined) return DEFAULT_BAND;
  const issues = new IssueCollector(fn);
  if (!Array.isArray(value) || value.length !== 2) {
    return fail(fn, { code: 'invalid_type', path: ['options', 'guideBand'], input: value, expected: 'a pair [lower, upper] of shares in [0, 1]' });
  }
  issues.check(value[0], SHARE, ['options', 'guideBand', 0]);
  issues.check(value[1], SHARE, ['options', 'guideBand', 1]);
  issues.throwIfAny();
  if ((value[0] as number) > (value[1] as number)) {
    fail(fn, {
      code: 'inconsistent',
      path: ['options', 'guideBand'],
      input: value,
      detail: `options.guideBand lower (${value[0]}) cannot exceed upper (${value[1]})`,
    });
  }
  return Object.freeze([value[0], value[1]]) as readonly [number, number];
}

function readTimes(record: Record<string, unknown>, base: (string | number)[], issues: IssueCollector): boolean {
  let ok = true;
  for (const field of ['handleMs', 'availableMs']) {
    const value = record[field];
    if (value === undefined) {
      issues.add({ code: 'missing', path: [...base, field], input: value, expected: 'a duration in ms from 0 to 100 years' });
      ok = false;
    } else if (!issues.check(value, TIME_MS, [...base, field])) ok = false;
  }
  return ok;
}

/**
 * Occupancy: the share of agents' logged-in time spent handling contacts,
 * handle / (handle + available), where available is logged-in time NOT spent handling (idle,
 * waiting for a contact). Meetings, training and breaks are not logged-in time and belong in
 * neither figure (docs/metrics.md#occupancy). Given per agent (or per agent and interval: rows of
 * the same agent are added up), the result gives each agent's occupancy and the overall one,
 * total handle / total logged-in time (a time-weighted mean, not the mean of the agents' shares).
 * `band` says where a value lies against the guide band of 75–85%: `'below'` (agents idle, over-
 * staffed), `'within'`, or `'above'` (risk of burnout).
 *
 * @param input - `{ handleMs, availableMs }` (totals, ms) or `{ agents: [{ agent, handleMs, availableMs }] }`.
 * @param options - {@link OccupancyOptions}.
 * @returns {@link OccupancyResult}; `value` is `null` (with a `reason`) without logged-in time.
 * @throws {@link KpiInputError} for times that are not durations from 0 to 100 years (in ms), an agent row
 *   that is not an object or lacks an `agent` (string or finite number), and an invalid `guideBand`.
 * @see docs/metrics.md#occupancy.
 *
 * @example
 * ```ts
 * import { occupancy } from 'kpi-kit';
 *
 * const o = occupancy({ handleMs: 6 * 3_600_000, availableMs: 2 * 3_600_000 });
 * o.value; // 0.75
 * o.band; // 'within'
 * const r = occupancy({
 *   agents: [
 *     { agent: 'ana', handleMs: 27_000_000, availableMs: 3_000_000 },
 *     { agent: 'ben', handleMs: 18_000_000, availableMs: 12_000_000 },
 *   ],
 * });
 * r.value; // 0.75
 * r.agents[0].value; // 0.9
 * r.agents[0].band; // 'above'
 * r.agents[1].band; // 'below'
 * ```
 */
export function occupancy(input: OccupancyInput, options?: OccupancyOptions): OccupancyResult {
  const fn = 'occupancy';
  const record = requireInput(fn, input);
  const form = selectForm(fn, record, [
    { name: 'totals', fields: ['handleMs', 'availableMs'] },
    { name: 'agents', fields: ['agents'] },
  ]);
  const o = readOptions(fn, options, ['guideBand']);
  const guideBand = readBand(fn, o['guideBand']);
  const issues = new IssueCollector(fn);
  if (form === 'totals') {
    readTimes(record, [], issues);
    issues.throwIfAny();
    return occupancyResult(record['handleMs'] as number, record['availableMs'] as number, guideBand, []);
  }
  const rows = record['agents'];
  if (!Array.isArray(rows)) return fail(fn, { code: 'invalid_type', path: ['agents'], input: rows, expected: 'an array of { agent, handleMs, availableMs }' });
  const byAgent = new Map<string | number, { handleMs: number; availableMs: number }>();
  let handleMs = 0;
  let availableMs = 0;
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (!isRecord(row)) {
      issues.add({ code: 'invalid_type', path: ['agents', i], input: row, expected: 'an object { agent, handleMs, availableMs }' });
      continue;
    }
    const agent = row['agent'];
    const agentOk = typeof agent === 'string' || (typeof agent === 'number' && Number.isFinite(agent));
    if (!agentOk)
      issues.add({
        code: agent === undefined ? 'missing' : 'invalid_type',
        path: ['agents', i, 'agent'],
        input: agent,
        expected: 'a string or a finite number',
      });
    if (!readTimes(row, ['agents', i], issues) || !agentOk) continue;
    const h = row['handleMs'] as number;
    const a = row['availableMs'] as number;
    const key = agent;
    const totals = byAgent.get(key);
    if (totals === undefined) byAgent.set(key, { handleMs: h, availableMs: a });
    else {
      totals.handleMs += h;
      totals.availableMs += a;
    }
    handleMs += h;
    availableMs += a;
  }
  issues.throwIfAny();
  const agents: AgentOccupancy[] = [];
  for (const [agent, t] of byAgent) {
    const value = ratio(t.handleMs, t.handleMs + t.availableMs);
    agents.push({
      value,
      reason: reasonOf(value),
      agent,
      handleMs: t.handleMs,
      availableMs: t.availableMs,
      loggedInMs: t.handleMs + t.availableMs,
      band: bandOf(value, guideBand),
    });
  }
  return occupancyResult(handleMs, availableMs, guideBand, agents);
}

/** The result of {@link occupancy} from the handle and available totals and the agents' rows. */
function occupancyResult(handleMs: number, availableMs: number, guideBand: OccupancyResult['guideBand'], agents: AgentOccupancy[]): OccupancyResult {
  const value = ratio(handleMs, handleMs + availableMs);
  return makeResult(value, {
    reason: reasonOf(value),
    handleMs,
    availableMs,
    loggedInMs: handleMs + availableMs,
    band: bandOf(value, guideBand),
    guideBand,
    agents,
  });
}
