/**
 * Shift plans: the cheapest whole number of agents on each candidate shift that covers the agents
 * required in every interval, as an integer programme solved by HiGHS.
 *
 * The model is the set-covering formulation of shift scheduling (Dantzig 1954, "A comment on Edie's
 * 'Traffic delays at toll booths'", Operations Research 2(3)): minimise Σⱼ costⱼ·xⱼ subject to
 * Σⱼ aᵢⱼ·xⱼ ≥ ⌈rᵢ⌉ for every interval i, xⱼ integer ≥ 0, where aᵢⱼ is 1 when shift j works in
 * interval i (not on a break) and rᵢ the agents required there. It is written as CPLEX LP text with
 * generated names (`x0`, `x1`, ... for the shifts, `r0`, ... for the intervals): no text of the
 * caller reaches the model.
 *
 * @module
 */
import { KpiInputError, type KpiPath, formatPath } from '../core/errors.js';
import { KpiDecimal, type MoneyInput } from '../core/decimal.js';
import { freezeResult, readNonNegativeMoney } from '../core/money.js';
import { BOOLEAN, IssueCollector, NON_NEGATIVE, POSITIVE, checkLength, describeRule, fail, isRecord, readOptions, requireInput } from '../core/validate.js';
import { checkKnownFields } from './erlang.js';
import { type StaffingPlanInterval } from './staffing.js';

// ---------------------------------------------------------------------------------------------
// Types

/**
 * The HiGHS solver as the optional peer dependency `highs` loads it (`await highs()` after
 * `import highs from 'highs'`, highs ≥ 1.15). Only what {@link shiftPlan} calls is named, so that
 * these types do not need the package's.
 */
export interface HighsSolverLike {
  /** Parses a model (here CPLEX LP text), runs `operation` on it and frees it. */
  withModel<R>(source: { readonly format: 'lp'; readonly data: string }, operation: (model: HighsModelLike) => R): R;
}

/** One parsed HiGHS model, as {@link HighsSolverLike.withModel} lends it. */
export interface HighsModelLike {
  /** HiGHS options of this model (`output_flag`, `mip_rel_gap`, `time_limit`). */
  readonly options: { set(values: Readonly<Record<string, number | boolean>>): unknown };
  /** Solve information (`mip_gap`, `primal_solution_status`). */
  readonly info: { get(name: string): number | bigint };
  /** Solves the model; `modelStatus` is HiGHS's model status code. */
  run(): { readonly modelStatus: number };
  /** The solution's column values, in model column order. */
  getSolution(): { readonly colValue: ArrayLike<number> };
  /** The name of a model column. */
  getColName(index: number): string;
}

/** A break inside a shift: the agent is not counted in these intervals. Offset and length in intervals, or in ms (whole intervals). */
export interface ShiftBreak {
  /** Intervals from the start of the shift to the start of the break. */
  readonly offset?: number | undefined;
  /** The same offset in ms (a whole number of intervals); instead of `offset`. */
  readonly offsetMs?: number | undefined;
  /** Intervals the break lasts (at least 1). */
  readonly length?: number | undefined;
  /** The same length in ms (a whole number of intervals); instead of `length`. */
  readonly lengthMs?: number | undefined;
}

/**
 * A candidate shift. Its start counts from the first interval of the horizon (of the first day for
 * a `daily` shift); start and length are given in intervals, or in ms (`startMs`, `lengthMs`,
 * whole intervals).
 */
export interface ShiftType {
  /** The shift's name, echoed in the result (unique; it never enters the solver's model text). */
  readonly id: string;
  /** Index of the shift's first interval. */
  readonly start?: number | undefined;
  /** The same start in ms from the start of the horizon; instead of `start`. */
  readonly startMs?: number | undefined;
  /** Intervals the shift lasts, breaks included (at least 1). */
  readonly length?: number | undefined;
  /** The same length in ms; instead of `length`. */
  readonly lengthMs?: number | undefined;
  /** Breaks, each inside the shift; they must not overlap. Default none. */
  readonly breaks?: readonly ShiftBreak[] | undefined;
  /** Cost of one agent working the shift once (any money unit; exact, see {@link MoneyInput}), ≥ 0. */
  readonly cost: MoneyInput;
  /**
   * Whether the shift repeats every day of the horizon (days of 24 hours from its first interval):
   * one decision per day, `start` then lies in the first day. Default `false`.
   */
  readonly daily?: boolean | undefined;
}

/** The agents required per interval, as plain numbers. */
export interface ShiftPlanRequiredInput {
  /** Agents required in each interval (non-negative; a fraction needs the next whole agent). */
  readonly required: readonly number[];
  /** Length of every interval in ms (15 minutes: 900_000). */
  readonly intervalMs: number;
  /** The candidate shifts. */
  readonly shifts: readonly ShiftType[];
}

/** The figures of one interval of a staffing plan that {@link shiftPlan} reads. */
export type ShiftPlanRequirementRow = Pick<StaffingPlanInterval, 'agentCount' | 'headcount' | 'intervalMs'> & {
  /** The interval's start in epoch ms (echoed), or `null`. */
  readonly start?: number | null | undefined;
};

/** The agents required per interval, from a `staffingPlan` result (or its `intervals`). */
export interface ShiftPlanStaffingInput {
  /** A `staffingPlan` result, or its intervals: their `headcount` (or `agentCount`, see {@link ShiftPlanOptions.cover}) is required; all intervals of one length. */
  readonly plan: { readonly intervals: readonly ShiftPlanRequirementRow[] } | readonly ShiftPlanRequirementRow[];
  /** The candidate shifts. */
  readonly shifts: readonly ShiftType[];
}

/** Input of {@link shiftPlan}: the requirement as numbers (`required`, `intervalMs`) or as a staffing plan (`plan`), and the shifts. */
export type ShiftPlanInput = ShiftPlanRequiredInput | ShiftPlanStaffingInput;

/** Options of {@link shiftPlan}. */
export interface ShiftPlanOptions {
  /** The loaded HiGHS solver (required): `await highs()` of the optional peer dependency `highs`. */
  readonly solver: HighsSolverLike;
  /** With a `plan`: cover its `'headcount'` (default: paid staff, shrinkage included) or its `'agentCount'` (agents on the phones). */
  readonly cover?: 'headcount' | 'agentCount' | undefined;
  /** Whether the horizon repeats (a week followed by the same week): a shift running past its end goes on at its start. Default `false` (the part past the end covers nothing). */
  readonly cyclic?: boolean | undefined;
  /** Relative MIP gap at which HiGHS stops, from 0 to 1. Default 0: the proven cheapest plan (to HiGHS's absolute gap of 1e-6). */
  readonly mipRelGap?: number | undefined;
  /** Time limit of the solve in ms; without it the solve runs until the gap is reached. The plan found by then is returned with its status and gap. */
  readonly timeLimitMs?: number | undefined;
}

/**
 * How the solve ended: HiGHS's model status, in words. `'optimal'`: proven cheapest (within
 * `mipRelGap`); `'time-limit'`: stopped by `timeLimitMs`, with the best plan found, if any; the
 * others are HiGHS's remaining statuses (`'infeasible'` and `'unbounded'` cannot occur: intervals
 * no shift covers are left out of the model and listed in `uncoverable`, and costs are ≥ 0).
 */
export type ShiftPlanStatus =
  | 'not-set'
  | 'load-error'
  | 'model-error'
  | 'presolve-error'
  | 'solve-error'
  | 'postsolve-error'
  | 'empty'
  | 'optimal'
  | 'infeasible'
  | 'unbounded-or-infeasible'
  | 'unbounded'
  | 'objective-bound'
  | 'objective-target'
  | 'time-limit'
  | 'iteration-limit'
  | 'unknown'
  | 'solution-limit'
  | 'interrupted';

/** HiGHS model status codes 0–17 (kHighsModelStatus), in words. */
const STATUS_NAMES: readonly ShiftPlanStatus[] = [
  'not-set',
  'load-error',
  'model-error',
  'presolve-error',
  'solve-error',
  'postsolve-error',
  'empty',
  'optimal',
  'infeasible',
  'unbounded-or-infeasible',
  'unbounded',
  'objective-bound',
  'objective-target',
  'time-limit',
  'iteration-limit',
  'unknown',
  'solution-limit',
  'interrupted',
];

/** One shift worked on one day, in a {@link ShiftPlanResult}. */
export interface ShiftPlanShift {
  /** The shift's `id`. */
  readonly id: string;
  /** The day (0 = the first) of a `daily` shift; `null` for a shift that does not repeat. */
  readonly day: number | null;
  /** Index of its first interval in the horizon. */
  readonly start: number;
  /** Intervals it lasts, breaks included. */
  readonly length: number;
  /** Agents planned on it. */
  readonly agents: number;
  /** Cost of one agent on it. */
  readonly cost: KpiDecimal;
  /** agents × cost. */
  readonly totalCost: KpiDecimal;
}

/** One interval of a {@link ShiftPlanResult}. */
export interface ShiftPlanInterval {
  /** The interval's start in epoch ms (from the plan's intervals), or `null`. */
  readonly start: number | null;
  /** Agents required. */
  readonly required: number;
  /** Agents the planned shifts put in the interval (breaks excluded). */
  readonly coverage: number;
  /** max(0, coverage − required). */
  readonly over: number;
  /** max(0, required − coverage). */
  readonly under: number;
}

/** The result of {@link shiftPlan}. */
export interface ShiftPlanResult {
  /** Total cost: Σ agents × cost over the planned shifts (exact); `null` when the solver found no plan. */
  readonly value: KpiDecimal | null;
  /** Why `value` is `null` (no plan found), or what it leaves out (uncoverable intervals); `null` otherwise. */
  readonly reason: string | null;
  /** How the solve ended (see {@link ShiftPlanStatus}). */
  readonly status: ShiftPlanStatus;
  /** Relative MIP gap of the plan: (cost − best bound) / cost as HiGHS reports it; 0 when proven optimal, `null` without a plan. */
  readonly mipGap: number | null;
  /** Same as `value`. */
  readonly totalCost: KpiDecimal | null;
  /** Σ agents over all planned shifts (an agent working two days counts twice). */
  readonly agentShifts: number;
  /** Every shift of the model (each day of a daily shift), in input order, with its agents. */
  readonly shifts: readonly ShiftPlanShift[];
  /** Per interval, in order. */
  readonly intervals: readonly ShiftPlanInterval[];
  /** Σ required × interval hours. */
  readonly requiredAgentHours: number;
  /** Σ coverage × interval hours (working time, breaks excluded). */
  readonly coveredAgentHours: number;
  /** Σ over × interval hours. */
  readonly overstaffedAgentHours: number;
  /** Σ under × interval hours. */
  readonly understaffedAgentHours: number;
  /** Intervals with coverage above the requirement. */
  readonly overstaffedIntervals: number;
  /** Intervals with coverage below the requirement. */
  readonly understaffedIntervals: number;
  /** Intervals that require agents but that no shift works (left out of the model, under-staffed in any plan). */
  readonly uncoverable: readonly number[];
  /** Length of an interval in ms. */
  readonly intervalMs: number;
  /** Size of the integer programme: shifts (variables), intervals with a requirement (constraints) and their non-zeros. */
  readonly model: { readonly variables: number; readonly constraints: number; readonly nonzeros: number };
}

// ---------------------------------------------------------------------------------------------
// Validation

const FN = 'shiftPlan';
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** The most agents an interval may require. @internal */
export const MAX_REQUIRED_AGENTS = 1_000_000_000;
/** The highest cost of one shift (HiGHS treats costs from 1e20 as infinite; this keeps the objective well inside). @internal */
export const MAX_SHIFT_COST = 1e15;
/** The most intervals a horizon may have (a year of 1-minute intervals is 525,600). @internal */
export const MAX_SHIFT_HORIZON = 1_000_000;
/** The most non-zeros (shift-intervals worked) a model may have. @internal */
export const MAX_SHIFT_NONZEROS = 20_000_000;

const INPUT_KEYS = ['required', 'intervalMs', 'plan', 'shifts'] as const;
const SHIFT_KEYS = ['id', 'start', 'startMs', 'length', 'lengthMs', 'breaks', 'cost', 'daily'] as const;
const BREAK_KEYS = ['offset', 'offsetMs', 'length', 'lengthMs'] as const;
const OPTION_KEYS = ['solver', 'cover', 'cyclic', 'mipRelGap', 'timeLimitMs'] as const;
const SOLVER_HINT =
  'the loaded HiGHS solver: install the optional peer dependency (npm install highs), then pass { solver: await highs() } after `import highs from "highs"`';

/** A shift as read: in intervals. */
interface ShiftSpec {
  readonly id: string;
  readonly start: number;
  readonly length: number;
  /** The breaks as [offset, length] in intervals, sorted, not overlapping. */
  readonly off: readonly (readonly [number, number])[];
  readonly cost: KpiDecimal;
  readonly daily: boolean;
}

/**
 * Reads a span given in intervals (`name`) or in ms (`name` + `Ms`) as a whole number of
 * intervals; `null` (issue recorded) when invalid or missing.
 */
function readSpan(record: Record<string, unknown>, name: string, base: KpiPath, intervalMs: number | null, min: number, issues: IssueCollector): number | null {
  const inIntervals = record[name];
  const inMs = record[`${name}Ms`];
  const expected = min === 0 ? 'a non-negative integer (intervals)' : 'a positive integer (intervals)';
  if (inIntervals !== undefined && inMs !== undefined) {
    issues.add({ code: 'ambiguous', path: [...base, name], input: inIntervals, detail: `${formatPath(base)} has both ${name} and ${name}Ms: give one` });
    return null;
  }
  if (inMs === undefined) {
    if (inIntervals === undefined) {
      issues.add({ code: 'missing', path: [...base, name], input: undefined, expected: `${expected}, or ${name}Ms in ms` });
      return null;
    }
    const code = countProblem(inIntervals, min);
    if (code !== null) {
      issues.add({ code, path: [...base, name], input: inIntervals, expected });
      return null;
    }
    return inIntervals as number;
  }
  if (!issues.check(inMs, min === 0 ? NON_NEGATIVE : POSITIVE, [...base, `${name}Ms`])) return null;
  if (intervalMs === null) return null;
  const count = (inMs as number) / intervalMs;
  if (!Number.isSafeInteger(count) || count < min) {
    issues.add({
      code: 'inconsistent',
      path: [...base, `${name}Ms`],
      input: inMs,
      detail: `${formatPath([...base, `${name}Ms`])} (${inMs as number}) is not a whole number of intervals of ${intervalMs} ms`,
    });
    return null;
  }
  return count;
}

/** Why a value is not a whole number ≥ min (a safe integer), or `null`. */
function countProblem(value: unknown, min: number): 'invalid_type' | 'not_finite' | 'not_integer' | 'out_of_range' | null {
  if (typeof value !== 'number') return 'invalid_type';
  if (!Number.isFinite(value)) return 'not_finite';
  if (!Number.isInteger(value)) return 'not_integer';
  return value < min || value > Number.MAX_SAFE_INTEGER ? 'out_of_range' : null;
}

/** The requirement as read: agents per interval, their starts, the interval length. */
interface Requirement {
  readonly required: Float64Array;
  readonly starts: readonly (number | null)[] | null;
  readonly intervalMs: number | null;
}

function readRequired(input: Record<string, unknown>, cover: 'headcount' | 'agentCount', issues: IssueCollector): Requirement {
  const hasRequired = input['required'] !== undefined;
  const hasPlan = input['plan'] !== undefined;
  if (hasRequired && hasPlan) {
    issues.add({ code: 'ambiguous', path: ['plan'], input: input['plan'], detail: 'input has both required and plan: give one' });
    return { required: new Float64Array(0), starts: null, intervalMs: null };
  }
  if (!hasRequired && !hasPlan) {
    issues.add({
      code: 'missing',
      path: ['required'],
      input: undefined,
      detail: `${FN} needs one of: { required, intervalMs } (agents per interval) or { plan } (a staffingPlan result)`,
    });
    return { required: new Float64Array(0), starts: null, intervalMs: null };
  }
  if (hasRequired) {
    const list = input['required'];
    const intervalMs = input['intervalMs'];
    const okLength =
      intervalMs === undefined
        ? (issues.add({ code: 'missing', path: ['intervalMs'], input: undefined, expected: describeRule(POSITIVE) }), false)
        : issues.check(intervalMs, POSITIVE, ['intervalMs']);
    if (!Array.isArray(list)) {
      issues.add({ code: 'invalid_type', path: ['required'], input: list, expected: 'an array of agents required per interval' });
      return { required: new Float64Array(0), starts: null, intervalMs: okLength ? (intervalMs as number) : null };
    }
    checkLength(FN, list, ['required']);
    if (list.length > MAX_SHIFT_HORIZON) {
      issues.add({
        code: 'out_of_range',
        path: ['required'],
        input: list,
        expected: `an array of at most ${MAX_SHIFT_HORIZON.toLocaleString('en-US')} intervals`,
      });
      return { required: new Float64Array(0), starts: null, intervalMs: null };
    }
    const required = new Float64Array(list.length);
    for (let i = 0; i < list.length; i++) required[i] = readAgents(list[i], ['required', i], issues);
    return { required, starts: null, intervalMs: okLength ? (intervalMs as number) : null };
  }
  if (input['intervalMs'] !== undefined) {
    issues.add({
      code: 'ambiguous',
      path: ['intervalMs'],
      input: input['intervalMs'],
      detail: 'intervalMs goes with required; a plan gives its own interval lengths',
    });
  }
  const plan = input['plan'];
  const rows: unknown = Array.isArray(plan) ? plan : isRecord(plan) ? plan['intervals'] : undefined;
  const base: KpiPath = Array.isArray(plan) ? ['plan'] : ['plan', 'intervals'];
  if (!Array.isArray(rows)) {
    issues.add({ code: 'invalid_type', path: base, input: rows ?? plan, expected: 'a staffingPlan result or its intervals (an array)' });
    return { required: new Float64Array(0), starts: null, intervalMs: null };
  }
  checkLength(FN, rows, base);
  if (rows.length > MAX_SHIFT_HORIZON) {
    issues.add({ code: 'out_of_range', path: base, input: rows, expected: `at most ${MAX_SHIFT_HORIZON.toLocaleString('en-US')} intervals` });
    return { required: new Float64Array(0), starts: null, intervalMs: null };
  }
  const required = new Float64Array(rows.length);
  const starts: (number | null)[] = new Array<number | null>(rows.length);
  let intervalMs: number | null = null;
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    starts[i] = null;
    if (!isRecord(row)) {
      issues.add({
        code: 'invalid_type',
        path: [...base, i],
        input: row,
        expected: 'an interval of a staffingPlan result { headcount, agentCount, intervalMs }',
      });
      continue;
    }
    required[i] = readAgents(row[cover], [...base, i, cover], issues);
    const length = row['intervalMs'];
    if (issues.check(length, POSITIVE, [...base, i, 'intervalMs'])) {
      if (intervalMs === null) intervalMs = length as number;
      else if (length !== intervalMs) {
        issues.add({
          code: 'inconsistent',
          path: [...base, i, 'intervalMs'],
          input: length,
          detail: `${formatPath([...base, i, 'intervalMs'])} (${String(length)}) differs from the first interval's (${intervalMs}): shifts need intervals of one length`,
        });
      }
    }
    const start = row['start'];
    if (typeof start === 'number' && Number.isFinite(start)) starts[i] = start;
    else if (start !== undefined && start !== null)
      issues.add({ code: 'invalid_type', path: [...base, i, 'start'], input: start, expected: 'epoch ms or null' });
  }
  return { required, starts, intervalMs };
}

/** Agents required in one interval: a non-negative number of at most {@link MAX_REQUIRED_AGENTS}; 0 (issue recorded) when invalid. */
function readAgents(value: unknown, path: KpiPath, issues: IssueCollector): number {
  if (value === undefined) {
    issues.add({ code: 'missing', path, input: value, expected: describeRule(NON_NEGATIVE) });
    return 0;
  }
  if (!issues.check(value, NON_NEGATIVE, path)) return 0;
  if ((value as number) <= MAX_REQUIRED_AGENTS) return value as number;
  issues.add({ code: 'out_of_range', path, input: value, expected: `a non-negative number of at most ${MAX_REQUIRED_AGENTS}` });
  return 0;
}

function readShifts(value: unknown, intervalMs: number | null, horizon: number, cyclic: boolean, issues: IssueCollector): ShiftSpec[] {
  if (!Array.isArray(value)) {
    issues.add({
      code: value === undefined ? 'missing' : 'invalid_type',
      path: ['shifts'],
      input: value,
      expected: 'an array of shifts { id, start, length, breaks?, cost, daily? }',
    });
    return [];
  }
  checkLength(FN, value, ['shifts']);
  const perDay = intervalMs === null ? null : DAY_MS / intervalMs;
  const seen = new Map<string, number>();
  const out: ShiftSpec[] = [];
  for (let j = 0; j < value.length; j++) {
    const item: unknown = value[j];
    const base: KpiPath = ['shifts', j];
    if (!isRecord(item)) {
      issues.add({ code: 'invalid_type', path: base, input: item, expected: 'a shift { id, start, length, breaks?, cost, daily? }' });
      continue;
    }
    checkKnownFields(item, SHIFT_KEYS, base, 'a shift', issues);
    const id = item['id'];
    let idOk = false;
    if (typeof id !== 'string' || id === '')
      issues.add({ code: id === undefined ? 'missing' : 'invalid_type', path: [...base, 'id'], input: id, expected: 'a non-empty string' });
    else if (seen.has(id)) {
      issues.add({
        code: 'inconsistent',
        path: [...base, 'id'],
        input: id,
        detail: `shifts[${j}].id ${JSON.stringify(id.slice(0, 40))} repeats shifts[${seen.get(id)}].id: ids must be unique`,
      });
    } else {
      seen.set(id, j);
      idOk = true;
    }
    const daily = item['daily'];
    if (daily !== undefined) issues.check(daily, BOOLEAN, [...base, 'daily']);
    const isDaily = daily === true;
    const start = readSpan(item, 'start', base, intervalMs, 0, issues);
    const length = readSpan(item, 'length', base, intervalMs, 1, issues);
    const cost = readNonNegativeMoney(item['cost'], [...base, 'cost'], issues);
    if (cost !== null && cost.gt(MAX_SHIFT_COST))
      issues.add({ code: 'out_of_range', path: [...base, 'cost'], input: item['cost'], expected: `a non-negative amount of at most ${MAX_SHIFT_COST}` });
    if (start !== null && intervalMs !== null) {
      if (isDaily) {
        if (perDay === null || !Number.isInteger(perDay)) {
          issues.add({
            code: 'inconsistent',
            path: [...base, 'daily'],
            input: daily,
            detail: `a daily shift needs intervals that divide a day (86,400,000 ms); the intervals are ${intervalMs} ms`,
          });
        } else if (start >= perDay) {
          issues.add({
            code: 'out_of_range',
            path: [...base, item['startMs'] === undefined ? 'start' : 'startMs'],
            input: item['start'] ?? item['startMs'],
            detail: `${formatPath(base)} is daily: its start must lie in the first day (interval 0 to ${perDay - 1}), got interval ${start}`,
          });
        }
      } else if (horizon > 0 && start >= horizon) {
        issues.add({
          code: 'out_of_range',
          path: [...base, item['startMs'] === undefined ? 'start' : 'startMs'],
          input: item['start'] ?? item['startMs'],
          detail: `${formatPath(base)} starts at interval ${start}, past the last interval (${horizon - 1})`,
        });
      }
    }
    if (length !== null && cyclic && horizon > 0 && length > horizon) {
      issues.add({
        code: 'out_of_range',
        path: [...base, item['lengthMs'] === undefined ? 'length' : 'lengthMs'],
        input: item['length'] ?? item['lengthMs'],
        detail: `${formatPath(base)} lasts ${length} intervals, longer than the cyclic horizon (${horizon})`,
      });
    }
    const off = readBreaks(item['breaks'], [...base, 'breaks'], intervalMs, length, issues);
    if (idOk && start !== null && length !== null && cost !== null && off !== null) out.push({ id: id as string, start, length, off, cost, daily: isDaily });
  }
  return out;
}

function readBreaks(value: unknown, base: KpiPath, intervalMs: number | null, length: number | null, issues: IssueCollector): [number, number][] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add({ code: 'invalid_type', path: base, input: value, expected: 'an array of breaks { offset, length }' });
    return null;
  }
  checkLength(FN, value, base);
  const spans: [number, number, number][] = [];
  let ok = true;
  for (let k = 0; k < value.length; k++) {
    const item: unknown = value[k];
    if (!isRecord(item)) {
      issues.add({ code: 'invalid_type', path: [...base, k], input: item, expected: 'a break { offset, length }' });
      ok = false;
      continue;
    }
    checkKnownFields(item, BREAK_KEYS, [...base, k], 'a break', issues);
    const offset = readSpan(item, 'offset', [...base, k], intervalMs, 0, issues);
    const span = readSpan(item, 'length', [...base, k], intervalMs, 1, issues);
    if (offset === null || span === null) {
      ok = false;
      continue;
    }
    if (length !== null && offset + span > length) {
      issues.add({
        code: 'inconsistent',
        path: [...base, k],
        input: item,
        detail: `${formatPath([...base, k])} (intervals ${offset} to ${offset + span - 1}) ends after the shift (${length} intervals)`,
      });
      ok = false;
      continue;
    }
    spans.push([offset, span, k]);
  }
  if (!ok || length === null) return null;
  spans.sort((a, b) => a[0] - b[0]);
  for (let k = 1; k < spans.length; k++) {
    const [prevOffset, prevLength, prevIndex] = spans[k - 1] as [number, number, number];
    const [offset, , index] = spans[k] as [number, number, number];
    if (offset < prevOffset + prevLength) {
      issues.add({
        code: 'inconsistent',
        path: [...base, index],
        input: value[index],
        detail: `${formatPath([...base, index])} overlaps ${formatPath([...base, prevIndex])}`,
      });
      return null;
    }
  }
  return spans.map(([offset, span]) => [offset, span]);
}

// ---------------------------------------------------------------------------------------------
// The model

/** One decision variable: a shift on one day, and the intervals it works. */
interface Column {
  readonly shift: ShiftSpec;
  readonly day: number | null;
  readonly start: number;
  readonly cover: Int32Array;
}

/** The shifts of the model: each shift, or each day of a daily shift, with the intervals it works. */
function columnsOf(shifts: readonly ShiftSpec[], horizon: number, intervalMs: number, cyclic: boolean): Column[] {
  const perDay = DAY_MS / intervalMs;
  const days = horizon === 0 ? 0 : Math.ceil(horizon / perDay);
  const columns: Column[] = [];
  let nonzeros = 0;
  for (const shift of shifts) {
    const starts = shift.daily
      ? Array.from({ length: days }, (_, d) => shift.start + d * perDay).filter((s) => s < horizon)
      : horizon === 0
        ? []
        : [shift.start];
    // At most min(length, horizon) intervals per day worked (breaks not subtracted: a bound).
    nonzeros += starts.length * Math.min(shift.length, horizon);
    if (nonzeros > MAX_SHIFT_NONZEROS) {
      fail(FN, {
        code: 'out_of_range',
        path: ['shifts'],
        input: undefined,
        detail: `the model would have more than ${MAX_SHIFT_NONZEROS.toLocaleString('en-US')} shift-intervals worked: use fewer shifts, longer intervals or a shorter horizon`,
      });
    }
    starts.forEach((start, d) => {
      const cover: number[] = [];
      // Only the part inside the horizon (cyclic: a shift is no longer than the horizon).
      const end = cyclic ? shift.length : Math.min(shift.length, horizon - start);
      let k = 0;
      for (let t = 0; t < end; t++) {
        // The first break not yet over at t: t is on it when it has begun.
        while (k < shift.off.length && t >= (shift.off[k] as [number, number])[0] + (shift.off[k] as [number, number])[1]) k++;
        if (k < shift.off.length && t >= (shift.off[k] as [number, number])[0]) continue;
        const i = start + t;
        cover.push(i < horizon ? i : i - horizon);
      }
      columns.push({ shift, day: shift.daily ? d : null, start, cover: Int32Array.from(cover) });
    });
  }
  return columns;
}

/** A number as LP text: its shortest round-trip decimal (`String`), which HiGHS's reader takes back exactly. */
const num = (x: number): string => String(x);

/**
 * The CPLEX LP text of the model: `x<j>` for column j, `r<i>` for the row of interval i; only the
 * rows listed in `rows` (intervals with a requirement that some shift covers). Long lines are
 * broken (a term per continuation).
 */
function lpText(columns: readonly Column[], rows: readonly number[], rowColumns: readonly number[][], need: Float64Array): string {
  const parts: string[] = ['Minimize'];
  let line = ' obj:';
  columns.forEach((c, j) => {
    line += `${j === 0 ? ' ' : ' + '}${num(c.shift.cost.toNumber())} x${j}`;
    if (line.length > 200) {
      parts.push(line);
      line = '';
    }
  });
  if (line !== '') parts.push(line);
  parts.push('Subject To');
  for (const i of rows) {
    line = ` r${i}:`;
    (rowColumns[i] as number[]).forEach((j, k) => {
      line += `${k === 0 ? ' ' : ' + '}x${j}`;
      if (line.length > 200) {
        parts.push(line);
        line = '';
      }
    });
    parts.push(`${line} >= ${num(need[i] as number)}`);
  }
  parts.push('General');
  line = '';
  for (let j = 0; j < columns.length; j++) {
    line += ` x${j}`;
    if (line.length > 200) {
      parts.push(line);
      line = '';
    }
  }
  if (line !== '') parts.push(line);
  parts.push('End', '');
  return parts.join('\n');
}

/** What the solver returned: status, gap, and agents per column (`null` without a plan). */
interface Solved {
  readonly status: ShiftPlanStatus;
  readonly gap: number | null;
  readonly agents: Float64Array | null;
}

function solverFailure(solver: unknown, error: unknown): KpiInputError {
  const why = error instanceof Error ? error.message : String(error);
  return new KpiInputError(FN, [{ code: 'invalid_value', path: ['options', 'solver'], input: solver, detail: `options.solver failed: ${why.slice(0, 200)}` }]);
}

function solve(solver: HighsSolverLike, lp: string, columns: number, settings: Readonly<Record<string, number | boolean>>): Solved {
  let solved: Solved;
  try {
    solved = solver.withModel({ format: 'lp', data: lp }, (model) => {
      model.options.set(settings);
      const run = model.run();
      const code = run.modelStatus;
      const status = Number.isInteger(code) && code >= 0 && code < STATUS_NAMES.length ? (STATUS_NAMES[code] as ShiftPlanStatus) : 'unknown';
      if (Number(model.info.get('primal_solution_status')) !== 2) return { status, gap: null, agents: null };
      const values = model.getSolution().colValue;
      if (values.length !== columns) throw new Error(`the solution has ${values.length} columns, the model ${columns}`);
      const agents = new Float64Array(columns);
      for (let k = 0; k < columns; k++) {
        const match = /^x(\d+)$/.exec(model.getColName(k));
        const j = match === null ? -1 : Number(match[1]);
        const v = values[k] as number;
        if (!(j >= 0 && j < columns) || !(v > -0.5 && v < 2 * MAX_REQUIRED_AGENTS))
          throw new Error(`column ${k} of the solution is not a plan's (${String(v)})`);
        agents[j] = Math.round(v);
      }
      const gap = Number(model.info.get('mip_gap'));
      return { status, gap: Number.isFinite(gap) && gap >= 0 ? gap : null, agents };
    });
  } catch (error) {
    if (error instanceof KpiInputError) throw error;
    throw solverFailure(solver, error);
  }
  if (!isRecord(solved) || typeof solved.status !== 'string') throw solverFailure(solver, new Error('withModel did not return what the operation returned'));
  return solved;
}

// ---------------------------------------------------------------------------------------------
// shiftPlan

/**
 * A shift plan: the cheapest whole number of agents on each candidate shift so that every interval
 * has at least the agents it requires — the integer programme of shift scheduling (Dantzig 1954):
 *
 * minimise Σⱼ costⱼ·xⱼ subject to Σⱼ aᵢⱼ·xⱼ ≥ ⌈rᵢ⌉ for every interval i, xⱼ integer ≥ 0,
 *
 * where xⱼ is the agents on shift j (each day of a `daily` shift is its own j), aᵢⱼ is 1 when
 * shift j works interval i (breaks excluded) and rᵢ the agents required (a fraction needs the next
 * whole agent). The requirement comes as numbers per interval, or as a `staffingPlan` result (its
 * `headcount` by default). Intervals that require agents but that no shift works are left out of
 * the model and listed in `uncoverable`: the plan covers every other interval.
 *
 * Solved by HiGHS (Huangfu and Hall 2018, "Parallelizing the dual revised simplex method",
 * Mathematical Programming Computation 10(1); MIT licence) through the optional peer dependency
 * `highs`, its WebAssembly build: load it once (`await highs()`) and pass it as `options.solver`;
 * the call itself is synchronous. The model is CPLEX LP text with generated names only. Costs are
 * summed exactly (Decimal) from the whole agents of the solution; the solver's objective is only
 * used to search. `status` and `mipGap` say how far the plan is proven: `'optimal'` with gap ≤
 * `mipRelGap` (default 0: the cheapest plan, to HiGHS's absolute tolerance of 1e-6 in cost).
 *
 * Cost: building the model is linear in the shift-intervals worked; the solve is an integer
 * programme (NP-hard in general), in practice well under a second for a week of 15-minute
 * intervals and a few dozen daily shifts.
 *
 * @param input - `{ required, intervalMs, shifts }` or `{ plan, shifts }`: see {@link ShiftPlanInput} and {@link ShiftType}.
 * @param options - {@link ShiftPlanOptions}: `solver` (required), `cover`, `cyclic`, `mipRelGap`, `timeLimitMs`.
 * @returns A {@link ShiftPlanResult}: `value` is the total cost.
 * @throws {@link KpiInputError} when `options.solver` is missing or not a loaded HiGHS solver (or it
 *   fails), when the requirement, a shift (its `id`, start, length, breaks, `cost`) or an option is
 *   invalid (reported with its path, e.g. `shifts[2].breaks[0].length`), when the input gives both
 *   forms or neither, or when the horizon exceeds 1,000,000 intervals or the model 20 million shift-intervals worked.
 * @see docs/metrics.md#shiftplan
 * @see docs/staffing.md (Shift plans)
 *
 * @example
 * ```ts
 * import highs from 'highs';
 * import { shiftPlan } from 'kpi-kit';
 *
 * const solver = await highs();
 * // Eight 1-hour intervals; an early shift (hours 0–5, a break in hour 2), a late one (hours 3–7)
 * // and a short middle one (hours 2–4).
 * const plan = shiftPlan(
 *   {
 *     required: [2, 3, 3, 5, 5, 4, 2, 2],
 *     intervalMs: 3_600_000,
 *     shifts: [
 *       { id: 'early', start: 0, length: 6, breaks: [{ offset: 2, length: 1 }], cost: 100 },
 *       { id: 'late', start: 3, length: 5, cost: 90 },
 *       { id: 'middle', start: 2, length: 3, cost: 50 },
 *     ],
 *   },
 *   { solver },
 * );
 * // early ≥ 3 (hour 1), late ≥ 2 (hours 6–7), middle ≥ 3 (hour 2, where early is on a break);
 * // then hours 3 and 4 have 3 + 2 + 3 = 8 ≥ 5 and hour 5 has 3 + 2 = 5 ≥ 4.
 * plan.shifts.map((s) => s.agents); // [3, 2, 3]
 * plan.value?.toString(); // '630'
 * plan.status; // 'optimal'
 * plan.intervals.map((i) => i.coverage); // [3, 3, 3, 8, 8, 5, 2, 2]
 * plan.overstaffedAgentHours; // 8
 * ```
 */
export function shiftPlan(input: ShiftPlanInput, options: ShiftPlanOptions): ShiftPlanResult {
  const record = requireInput(FN, input);
  const o = readOptions(FN, options, OPTION_KEYS);
  const issues = new IssueCollector(FN);
  const solver = o['solver'];
  if (solver === undefined) issues.add({ code: 'missing', path: ['options', 'solver'], input: solver, expected: SOLVER_HINT });
  else if (
    (typeof solver !== 'object' && typeof solver !== 'function') ||
    solver === null ||
    typeof (solver as { withModel?: unknown }).withModel !== 'function'
  ) {
    issues.add({ code: 'invalid_type', path: ['options', 'solver'], input: solver, expected: `${SOLVER_HINT} (highs 1.15 or later, with withModel)` });
  }
  const cover = o['cover'] ?? 'headcount';
  if (cover !== 'headcount' && cover !== 'agentCount')
    issues.add({ code: 'invalid_value', path: ['options', 'cover'], input: cover, expected: '"headcount" or "agentCount"' });
  else if (o['cover'] !== undefined && record['plan'] === undefined) {
    issues.add({
      code: 'inconsistent',
      path: ['options', 'cover'],
      input: cover,
      detail: 'options.cover chooses a figure of a plan: it goes with { plan }, not with { required }',
    });
  }
  const cyclic = o['cyclic'] ?? false;
  issues.check(cyclic, BOOLEAN, ['options', 'cyclic']);
  const gapOption = o['mipRelGap'] ?? 0;
  if (issues.check(gapOption, NON_NEGATIVE, ['options', 'mipRelGap']) && (gapOption as number) > 1) {
    issues.add({ code: 'out_of_range', path: ['options', 'mipRelGap'], input: gapOption, expected: 'a number from 0 to 1' });
  }
  const timeLimit = o['timeLimitMs'];
  if (timeLimit !== undefined) issues.check(timeLimit, POSITIVE, ['options', 'timeLimitMs']);
  checkKnownFields(record, INPUT_KEYS, [], 'the input of shiftPlan', issues);
  const req = readRequired(record, cover === 'agentCount' ? 'agentCount' : 'headcount', issues);
  const horizon = req.required.length;
  const shifts = readShifts(record['shifts'], req.intervalMs, horizon, cyclic === true, issues);
  issues.throwIfAny();
  const intervalMs = req.intervalMs ?? 0;

  // The model: columns (shifts per day), rows (intervals with a requirement some shift covers).
  const columns = horizon === 0 ? [] : columnsOf(shifts, horizon, intervalMs, cyclic === true);
  const rowColumns: number[][] = Array.from({ length: horizon }, () => []);
  columns.forEach((c, j) => {
    for (const i of c.cover) (rowColumns[i] as number[]).push(j);
  });
  const need = new Float64Array(horizon);
  const rows: number[] = [];
  const uncoverable: number[] = [];
  let nonzeros = 0;
  for (let i = 0; i < horizon; i++) {
    need[i] = Math.ceil(req.required[i] as number);
    if ((need[i] as number) === 0) continue;
    const list = rowColumns[i] as number[];
    if (list.length === 0) uncoverable.push(i);
    else {
      rows.push(i);
      nonzeros += list.length;
    }
  }

  let solved: Solved;
  if (rows.length === 0) solved = { status: 'optimal', gap: 0, agents: new Float64Array(columns.length) };
  else {
    const settings: Record<string, number | boolean> = { output_flag: false, mip_rel_gap: gapOption as number };
    if (timeLimit !== undefined) settings['time_limit'] = (timeLimit as number) / 1000;
    solved = solve(solver as HighsSolverLike, lpText(columns, rows, rowColumns, need), columns.length, settings);
  }
  return build(req, columns, rows.length, nonzeros, uncoverable, intervalMs, solved);
}

function build(
  req: Requirement,
  columns: readonly Column[],
  constraints: number,
  nonzeros: number,
  uncoverable: readonly number[],
  intervalMs: number,
  solved: Solved,
): ShiftPlanResult {
  const horizon = req.required.length;
  const agents = solved.agents;
  const coverage = new Float64Array(horizon);
  const shifts: ShiftPlanShift[] = [];
  let total = new KpiDecimal(0);
  let agentShifts = 0;
  columns.forEach((c, j) => {
    const n = agents === null ? 0 : (agents[j] as number);
    if (n > 0) for (const i of c.cover) coverage[i] = (coverage[i] as number) + n;
    const totalCost = c.shift.cost.times(n);
    total = total.plus(totalCost);
    agentShifts += n;
    shifts.push({ id: c.shift.id, day: c.day, start: c.start, length: c.shift.length, agents: n, cost: c.shift.cost, totalCost });
  });
  const hours = intervalMs / HOUR_MS;
  const intervals: ShiftPlanInterval[] = new Array<ShiftPlanInterval>(horizon);
  let required = 0;
  let covered = 0;
  let over = 0;
  let under = 0;
  let overCount = 0;
  let underCount = 0;
  for (let i = 0; i < horizon; i++) {
    const r = req.required[i] as number;
    const c = coverage[i] as number;
    const o = c > r ? c - r : 0;
    const u = r > c ? r - c : 0;
    required += r;
    covered += c;
    over += o;
    under += u;
    if (o > 0) overCount++;
    if (u > 0) underCount++;
    intervals[i] = { start: req.starts?.[i] ?? null, required: r, coverage: c, over: o, under: u };
  }
  const value = agents === null ? null : total;
  const reason =
    agents === null
      ? `the solver found no plan (status ${solved.status})`
      : uncoverable.length > 0
        ? `${uncoverable.length} interval${uncoverable.length === 1 ? '' : 's'} require${uncoverable.length === 1 ? 's' : ''} agents that no shift works (see uncoverable): the plan covers the others`
        : null;
  return freezeResult({
    value,
    reason,
    status: solved.status,
    mipGap: agents === null ? null : solved.gap,
    totalCost: value,
    agentShifts,
    shifts,
    intervals,
    requiredAgentHours: required * hours,
    coveredAgentHours: covered * hours,
    overstaffedAgentHours: over * hours,
    understaffedAgentHours: under * hours,
    overstaffedIntervals: overCount,
    understaffedIntervals: underCount,
    uncoverable: [...uncoverable],
    intervalMs,
    model: { variables: columns.length, constraints, nonzeros },
  });
}
