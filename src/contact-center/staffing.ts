/**
 * Staffing from Erlang C or Erlang A: the fewest agents that meet a service-level target (and an
 * optional occupancy and ASA cap), the headcount after shrinkage, and plans over many intervals.
 *
 * @module
 */
import { type KpiPath, formatPath } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import {
  BOOLEAN,
  CONFIDENCE,
  IssueCollector,
  NON_NEGATIVE,
  POSITIVE,
  type Rule,
  checkLength,
  describeRule,
  isRecord,
  oneOf,
  readOptions,
  requireInput,
} from '../core/validate.js';
import { type TimestampInput, TimestampReader, timestampIssue } from '../time/timestamp.js';
import {
  ErlangBTable,
  type ErlangAMetrics,
  MAX_PATIENCE_RATIO,
  MAX_TRAFFIC_ERLANGS,
  MIN_AGENTS,
  checkKnownFields,
  checkPatience,
  checkTraffic,
  erlangAMetrics,
  erlangBReal,
  erlangBRecursion,
  erlangBStep,
  erlangCMetrics,
  erlangCServiceLevel,
  trafficOf,
} from './erlang.js';

/** The queueing model of a staffing calculation. */
export type StaffingModel = 'erlang-c' | 'erlang-a';

/** The constraint that set the number of agents. */
export type StaffingConstraint = 'service-level' | 'occupancy' | 'asa' | 'abandonment';

/** The input of {@link requiredAgents}: the forecast of one interval and the service-level target. */
export interface RequiredAgentsInput {
  /** Contacts forecast to arrive in the interval (may be fractional). */
  readonly contactCount: number;
  /** Length of the interval in ms (1 hour: 3_600_000). */
  readonly intervalMs: number;
  /** Average handle time in ms. */
  readonly ahtMs: number;
  /** Target share answered within `targetAnswerMs`, strictly between 0 and 1 (0.8 for "80/20"). */
  readonly targetServiceLevel: number;
  /** Target answer time in ms (20_000 for "80/20"). */
  readonly targetAnswerMs: number;
}

/** Options of {@link requiredAgents}: caps, shrinkage and the model. */
export interface RequiredAgentsOptions {
  /** Highest acceptable occupancy, in (0, 1]. Default: no cap. */
  readonly maxOccupancy?: number | undefined;
  /** Highest acceptable average speed of answer in ms. Default: no cap. */
  readonly maxAsaMs?: number | undefined;
  /**
   * Share of paid time agents are not available for contacts (breaks, meetings, training, absence),
   * in [0, 1). Headcount = ⌈agents / (1 − shrinkage)⌉, computed exactly on the decimal the number
   * prints (0.3 is 3/10). Default 0.
   */
  readonly shrinkage?: number | undefined;
  /** `'erlang-c'` (default: callers never abandon) or `'erlang-a'` (exponential patience; needs `patienceMs`). */
  readonly model?: StaffingModel | undefined;
  /** Mean patience in ms before a caller abandons; required with (and only with) `model: 'erlang-a'`. */
  readonly patienceMs?: number | undefined;
  /**
   * Highest acceptable share of offered contacts that abandon (P(abandon) of Erlang A), in (0, 1].
   * Only with `model: 'erlang-a'` (under Erlang C nobody abandons). Default: no cap.
   */
  readonly maxAbandonment?: number | undefined;
  /**
   * `true`: the least real number of agents meeting every constraint (to 1e-9 of an agent, and at
   * least 1e-6, where the models stay accurate), through
   * the continuous extension of Erlang B (see {@link erlangB}), and the unrounded headcount
   * agents / (1 − shrinkage). For planning several queues or shifts before rounding once. Default
   * `false` (whole agents, headcount rounded up).
   */
  readonly fractional?: boolean | undefined;
}

/** The smallest number of agents meeting each constraint on its own (`null`: no such constraint). */
export interface AgentsByConstraint {
  readonly serviceLevel: number;
  readonly occupancy: number | null;
  readonly asa: number | null;
  /** For `maxAbandonment` (Erlang A only). */
  readonly abandonment: number | null;
}

/** What {@link requiredAgents} and each interval of {@link staffingPlan} report for the chosen staffing. */
export interface StaffingFigures {
  /**
   * Agents on the phones: the smallest number meeting every target; 0 when no contacts are forecast.
   * With `fractional: true`, the least real number (to 1e-9 of an agent).
   */
  readonly agentCount: number;
  /**
   * Why the model figures (service level, P(wait), ASA, occupancy, binding) are `null`: no
   * contacts forecast; `null` when they are given.
   */
  readonly reason: string | null;
  /** Paid headcount: ⌈agentCount / (1 − shrinkage)⌉; unrounded, agentCount / (1 − shrinkage), with `fractional: true`. */
  readonly headcount: number;
  /** Offered traffic A = contactCount × AHT / interval, in Erlangs. */
  readonly trafficErlangs: number;
  /** Service level at `agentCount`; `null` when no contacts are forecast. */
  readonly serviceLevel: number | null;
  /** Probability of waiting at `agentCount`; `null` when no contacts are forecast. */
  readonly probabilityOfWaiting: number | null;
  /** Probability of abandoning at `agentCount` (Erlang A); `null` under Erlang C or without contacts. */
  readonly probabilityOfAbandon: number | null;
  /** Average speed of answer in ms at `agentCount`; `null` when no contacts are forecast. */
  readonly averageSpeedOfAnswerMs: number | null;
  /** Occupancy at `agentCount`; `null` when no contacts are forecast. */
  readonly occupancy: number | null;
  /**
   * The constraint that set `agentCount`: the first of service level, occupancy, ASA, abandonment
   * whose own minimum is the largest (equal to `agentCount`, unless the constraints together need
   * more); `null` when no contacts are forecast.
   */
  readonly binding: StaffingConstraint | null;
  /** The fewest agents for each constraint alone (0 each without contacts). */
  readonly agentsByConstraint: AgentsByConstraint;
}

/** The result of {@link requiredAgents}. */
export interface RequiredAgentsResult extends StaffingFigures {
  /** Agents needed (same as `agentCount`). */
  readonly value: number;
  /** The model used. */
  readonly model: StaffingModel;
  /** The shrinkage used. */
  readonly shrinkage: number;
}

// ---------------------------------------------------------------------------------------------
// Settings

/** Validated targets and options of a staffing calculation. @internal */
export interface StaffingSettings {
  readonly targetServiceLevel: number;
  readonly targetAnswerMs: number;
  readonly maxOccupancy: number | null;
  readonly maxAsaMs: number | null;
  readonly shrinkage: number;
  readonly shrink: Shrinkage;
  readonly model: StaffingModel;
  readonly patienceMs: number | null;
  readonly maxAbandonment: number | null;
  readonly fractional: boolean;
}

const OPTION_KEYS = ['maxOccupancy', 'maxAsaMs', 'shrinkage', 'model', 'patienceMs', 'maxAbandonment', 'fractional'] as const;
const MODELS: readonly StaffingModel[] = ['erlang-c', 'erlang-a'];
const MODEL_RULE = oneOf(MODELS);
const INPUT_KEYS = ['contactCount', 'intervalMs', 'ahtMs', 'targetServiceLevel', 'targetAnswerMs'] as const;

/** Whether `v` is a finite number. */
function isNum(v: unknown): v is number {
  return typeof v === 'number' && v - v === 0;
}

/** Checks a number in (0, 1] (`upperOpen`: [0, 1)). */
function checkUnit(value: unknown, path: KpiPath, issues: IssueCollector, upperOpen: boolean): void {
  if (!issues.check(value, NON_NEGATIVE, path)) return;
  const v = value as number;
  const bad = upperOpen ? v >= 1 : v === 0 || v > 1;
  if (bad) {
    issues.add({
      code: 'out_of_range',
      path,
      input: value,
      expected: upperOpen ? 'a number from 0 up to, but not including, 1' : 'a number greater than 0 and at most 1',
    });
  }
}

/**
 * Validates the targets and options shared by requiredAgents and staffingPlan: `targets` holds
 * targetServiceLevel and targetAnswerMs (at `targetBase`), `options` the caps, shrinkage and model
 * (at `optionBase`).
 */
function readSettings(
  fn: string,
  targets: Record<string, unknown>,
  targetBase: KpiPath,
  options: Record<string, unknown>,
  optionBase: KpiPath,
  issues: IssueCollector,
): StaffingSettings | null {
  const required: Record<string, Rule> = { targetServiceLevel: CONFIDENCE, targetAnswerMs: NON_NEGATIVE };
  for (const [field, rule] of Object.entries(required)) {
    const value = targets[field];
    if (value === undefined) issues.add({ code: 'missing', path: [...targetBase, field], input: value, expected: describeRule(rule) });
    else issues.check(value, rule, [...targetBase, field]);
  }
  const o = options;
  if (o['maxOccupancy'] !== undefined) checkUnit(o['maxOccupancy'], [...optionBase, 'maxOccupancy'], issues, false);
  if (o['maxAsaMs'] !== undefined) issues.check(o['maxAsaMs'], POSITIVE, [...optionBase, 'maxAsaMs']);
  if (o['shrinkage'] !== undefined) checkUnit(o['shrinkage'], [...optionBase, 'shrinkage'], issues, true);
  const model = o['model'] ?? 'erlang-c';
  issues.check(model, MODEL_RULE, [...optionBase, 'model']);
  const patience = o['patienceMs'];
  if (model === 'erlang-a') {
    if (patience === undefined) {
      issues.add({
        code: 'missing',
        path: [...optionBase, 'patienceMs'],
        input: patience,
        detail: `${fn}: model 'erlang-a' needs patienceMs (the mean time before a caller abandons)`,
      });
    } else issues.check(patience, POSITIVE, [...optionBase, 'patienceMs']);
  } else if (model === 'erlang-c' && patience !== undefined) {
    issues.add({
      code: 'inconsistent',
      path: [...optionBase, 'patienceMs'],
      input: patience,
      detail: "patienceMs has no meaning under model 'erlang-c' (callers never abandon); set model: 'erlang-a'",
    });
  }
  const maxAbandonment = o['maxAbandonment'];
  if (maxAbandonment !== undefined) {
    if (model === 'erlang-c') {
      issues.add({
        code: 'inconsistent',
        path: [...optionBase, 'maxAbandonment'],
        input: maxAbandonment,
        detail: "maxAbandonment has no meaning under model 'erlang-c' (callers never abandon); set model: 'erlang-a' and patienceMs",
      });
    } else checkUnit(maxAbandonment, [...optionBase, 'maxAbandonment'], issues, false);
  }
  if (o['fractional'] !== undefined) issues.check(o['fractional'], BOOLEAN, [...optionBase, 'fractional']);
  if (!issues.ok) return null;
  const shrinkage = (o['shrinkage'] as number | undefined) ?? 0;
  return {
    targetServiceLevel: targets['targetServiceLevel'] as number,
    targetAnswerMs: targets['targetAnswerMs'] as number,
    maxOccupancy: (o['maxOccupancy'] as number | undefined) ?? null,
    maxAsaMs: (o['maxAsaMs'] as number | undefined) ?? null,
    shrinkage,
    shrink: parseShrinkage(shrinkage),
    model: model as StaffingModel,
    patienceMs: model === 'erlang-a' ? (patience as number) : null,
    maxAbandonment: (maxAbandonment as number | undefined) ?? null,
    fractional: o['fractional'] === true,
  };
}

// ---------------------------------------------------------------------------------------------
// Exact headcount

/** Shrinkage s as the exact fraction m/10^k of the decimal it prints: headcount = ⌈N·10^k/(10^k − m)⌉. @internal */
export interface Shrinkage {
  /** The digits m and the scale k. */
  readonly digits: string;
  readonly k: number;
  /** 10^k and 10^k − m as numbers when both are exact integers (k ≤ 15), else null. */
  readonly scale: number | null;
  readonly divisor: number | null;
}

const NO_SHRINKAGE: Shrinkage = { digits: '0', k: 0, scale: 1, divisor: 1 };

/**
 * The most agents an occupancy cap may ask for: `trafficErlangs / maxOccupancy` above this is
 * refused (`out_of_range` at `options.maxOccupancy`, or `targets.maxOccupancy` in a plan), since
 * the search steps one agent at a time (a cap of 1e-300 would otherwise ask for 1e301 agents).
 * Ten million is ten times the largest supported traffic (1,000,000 Erlangs), so every cap above
 * 0.1 passes at any supported traffic.
 */
export const MAX_OCCUPANCY_AGENTS = 10_000_000;

/**
 * The longest interval of a {@link staffingPlan}: 8.64e15 ms, the span of JavaScript dates (about
 * 273,790 years). With it, and contact counts up to `Number.MAX_SAFE_INTEGER`, a plan's totals
 * (agent-hours, headcount-hours, contacts) stay finite for any number of intervals an array may hold.
 */
export const MAX_INTERVAL_MS = 8.64e15;

/** Adds an issue when a plan interval's length or contact count is beyond the plan's bounds. */
function checkPlanBounds(item: Record<string, unknown>, length: number, i: number, lengthPath: KpiPath, issues: IssueCollector): void {
  if (length > MAX_INTERVAL_MS) {
    issues.add({
      code: 'out_of_range',
      path: lengthPath,
      input: length,
      detail: `${formatPath(lengthPath)} (${length}) is longer than MAX_INTERVAL_MS (${MAX_INTERVAL_MS} ms, the span of dates): a plan's totals must stay finite`,
    });
  }
  const contactCount = item['contactCount'] as number;
  if (contactCount > Number.MAX_SAFE_INTEGER) {
    issues.add({
      code: 'out_of_range',
      path: ['intervals', i, 'contactCount'],
      input: contactCount,
      detail: `intervals[${i}].contactCount (${contactCount}) is more than Number.MAX_SAFE_INTEGER contacts: a plan's totals must stay finite`,
    });
  }
}

/** Adds an issue when the occupancy cap asks for more than {@link MAX_OCCUPANCY_AGENTS} agents. */
function checkOccupancyAgents(a: number, maxOccupancy: number | null, path: KpiPath, issues: IssueCollector): void {
  if (maxOccupancy === null || a / maxOccupancy <= MAX_OCCUPANCY_AGENTS) return;
  issues.add({
    code: 'out_of_range',
    path,
    input: maxOccupancy,
    detail: `${formatPath(path)} (${maxOccupancy}) would need ${(a / maxOccupancy).toPrecision(3)} agents for ${a.toPrecision(6)} Erlangs of traffic; an occupancy cap may ask for at most ${MAX_OCCUPANCY_AGENTS.toLocaleString('en-US')} agents`,
  });
}

/** Reads the decimal a number in [0, 1) prints (`0.3`, `0.125`, `1e-7`, `1.5e-7`) as m/10^k. */
function parseShrinkage(s: number): Shrinkage {
  if (s === 0) return NO_SHRINKAGE;
  // String() of a number in (0, 1) is "0.ddd", "d.ddde-n" or "de-n": digits, point, exponent.
  const match = /^(\d+)(?:\.(\d+))?(?:e-(\d+))?$/.exec(String(s)) as RegExpExecArray;
  const frac = match[2] ?? '';
  const digits = (match[1] as string) + frac;
  const k = frac.length + Number(match[3] ?? 0);
  // With k ≤ 15, 10^k and m < 10^k are exact integers in a double.
  const small = k <= 15;
  return { digits, k, scale: small ? 10 ** k : null, divisor: small ? 10 ** k - Number(digits) : null };
}

/** The headcount of `agentCount` agents: whole, or unrounded agents / (1 − shrinkage) when fractional. @internal */
export function headcountFor(agentCount: number, s: StaffingSettings): number {
  return s.fractional ? agentCount / (1 - s.shrinkage) : headcountOf(agentCount, s.shrink);
}

/** ⌈agentCount / (1 − shrinkage)⌉, exactly. */
function headcountOf(agentCount: number, s: Shrinkage): number {
  if (s.k === 0) return agentCount;
  if (s.scale !== null && s.divisor !== null) {
    const p = agentCount * s.scale;
    // p and the divisor are exact integers below 2^53, so p / divisor is an integer exactly when
    // the quotient is one, and otherwise at least 1/divisor away from one: Math.ceil is exact.
    if (p <= Number.MAX_SAFE_INTEGER) return Math.ceil(p / s.divisor);
  }
  const scale = 10n ** BigInt(s.k);
  const divisor = scale - BigInt(s.digits);
  return Number((BigInt(agentCount) * scale + divisor - 1n) / divisor);
}

// ---------------------------------------------------------------------------------------------
// The search

/** The staffing of one interval, before the headcount and the traffic: the figures of {@link StaffingFigures} that the search computes. @internal */
export type StaffingCore = Omit<StaffingFigures, 'headcount' | 'trafficErlangs'>;

/**
 * The constraint that set the answer: the first (service level, occupancy, ASA, abandonment) whose
 * own minimum is the largest — equal to the answer, unless the constraints together needed more.
 */
function bindingOf(by: AgentsByConstraint): StaffingConstraint {
  let binding: StaffingConstraint = 'service-level';
  let most = by.serviceLevel;
  if (by.occupancy !== null && by.occupancy > most) [binding, most] = ['occupancy', by.occupancy];
  if (by.asa !== null && by.asa > most) [binding, most] = ['asa', by.asa];
  if (by.abandonment !== null && by.abandonment > most) binding = 'abandonment';
  return binding;
}

/**
 * Erlang C: one upward run of the Erlang B recursion. B(n) comes from B(n − 1), the recursion runs
 * from 1 to ⌊A⌋ + 1 (the first stable n) and then on, checking each n's service level, occupancy
 * and ASA from B(n) in O(1), until every constraint holds. Each constraint is monotone in n, so the
 * first n where one holds is its own minimum.
 */
function staffErlangC(a: number, ahtMs: number, s: StaffingSettings): StaffingCore {
  let n = Math.floor(a) + 1;
  let b = erlangBRecursion(a, n);
  const target = s.targetServiceLevel;
  const maxOcc = s.maxOccupancy;
  const maxAsa = s.maxAsaMs;
  let nSl = 0;
  let nOcc = maxOcc === null ? -1 : 0;
  let nAsa = maxAsa === null ? -1 : 0;
  const rate = s.targetAnswerMs / ahtMs;
  for (;;) {
    // SL(n) = (d(1 − b) − n·b·expm1(−d·T/AHT))/(d + a·b) with d = n − a, and −expm1(−x) ≤ min(x, 1):
    // below the target without the exponential when even that bound is, by a margin far above
    // rounding (the common case below the answer); else computed exactly.
    if (nSl === 0 && n > a) {
      const d = n - a;
      const bound = (d * (1 - b) + n * b * Math.min(d * rate, 1)) / (d + a * b);
      if (bound + 1e-9 >= target && erlangCServiceLevel(a, n, b, ahtMs, s.targetAnswerMs) >= target) nSl = n;
    }
    if (nOcc === 0 && a / n <= (maxOcc as number)) nOcc = n;
    if (nAsa === 0) {
      const d = n - a;
      if ((((n * b) / (d + a * b)) * ahtMs) / d <= (maxAsa as number)) nAsa = n;
    }
    if (nSl !== 0 && nOcc !== 0 && nAsa !== 0) break;
    n++;
    b = erlangBStep(a, b, n);
  }
  const m = erlangCMetrics(a, n, b, ahtMs, s.targetAnswerMs);
  const by: AgentsByConstraint = { serviceLevel: nSl, occupancy: nOcc < 0 ? null : nOcc, asa: nAsa < 0 ? null : nAsa, abandonment: null };
  return {
    agentCount: n,
    reason: null,
    serviceLevel: m.serviceLevel,
    probabilityOfWaiting: m.probabilityOfWaiting,
    probabilityOfAbandon: null,
    averageSpeedOfAnswerMs: m.averageSpeedOfAnswerMs,
    occupancy: m.occupancy,
    binding: bindingOf(by),
    agentsByConstraint: by,
  };
}

/**
 * The smallest n ≥ lo where `ok(n)` holds, for `ok` false then true as n grows, searched from a
 * guess: doubling steps away from it (down while `ok` holds, up while it does not), then bisection.
 * O(log |answer − guess|) calls of `ok`.
 */
function smallest(ok: (n: number) => boolean, lo: number, guess: number): number {
  let bad: number;
  let good: number;
  const start = Math.max(lo, guess);
  if (ok(start)) {
    good = start;
    bad = lo - 1; // ok(lo − 1) counts as false
    for (let step = 1; good > lo; step *= 2) {
      const c = Math.max(lo, good - step);
      if (!ok(c)) {
        bad = c;
        break;
      }
      good = c;
    }
  } else {
    bad = start;
    for (let step = 1; ; step *= 2) {
      const c = bad + step;
      if (ok(c)) {
        good = c;
        break;
      }
      bad = c;
    }
  }
  while (good - bad > 1) {
    const mid = bad + Math.floor((good - bad) / 2);
    if (ok(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

/**
 * Erlang A: every n ≥ 1 is stable, and each metric costs a series evaluation, so each constraint's
 * minimum is found by a doubling-then-bisection search over n around a guess, with B(n) taken from
 * one table grown by the same upward recursion (never restarted). The service level cannot exceed
 * n/A (no more than n·μ answers per unit time), so its search never goes below ⌊target·A⌋.
 */
function staffErlangA(a: number, ahtMs: number, s: StaffingSettings): StaffingCore {
  const table = new ErlangBTable(a);
  const patience = s.patienceMs as number;
  const cache = new Map<number, ErlangAMetrics>();
  const at = (n: number): ErlangAMetrics => {
    let m = cache.get(n);
    if (m === undefined) {
      m = erlangAMetrics(a, n, table.get(n), ahtMs, patience, s.targetAnswerMs);
      cache.set(n, m);
    }
    return m;
  };
  const target = s.targetServiceLevel;
  // The guess: the Erlang C staffing for the service level (cheap: O(1) per n from B(n)), which is
  // usually within a few agents of the Erlang A answer.
  let guess = Math.floor(a) + 1;
  while (erlangCServiceLevel(a, guess, table.get(guess), ahtMs, s.targetAnswerMs) < target) guess++;
  const nSl = smallest((n) => (at(n).serviceLevel as number) >= target, Math.max(1, Math.floor(target * a)), guess);
  const maxOcc = s.maxOccupancy;
  const maxAsa = s.maxAsaMs;
  const nOcc = maxOcc === null ? null : smallest((n) => at(n).occupancy <= maxOcc, 1, nSl);
  const nAsa = maxAsa === null ? null : smallest((n) => at(n).averageSpeedOfAnswerMs <= maxAsa, 1, nSl);
  const maxAb = s.maxAbandonment;
  const nAb = maxAb === null ? null : smallest((n) => at(n).probabilityOfAbandon <= maxAb, 1, nSl);
  let n = Math.max(nSl, nOcc ?? 0, nAsa ?? 0, nAb ?? 0);
  // The searches assume monotone metrics; make sure every target holds at the answer.
  const all = (k: number): boolean => meetsAll(at(k), s);
  while (!all(n)) n++;
  const m = at(n);
  const by: AgentsByConstraint = { serviceLevel: nSl, occupancy: nOcc, asa: nAsa, abandonment: nAb };
  return {
    agentCount: n,
    reason: null,
    serviceLevel: m.serviceLevel,
    probabilityOfWaiting: m.probabilityOfWaiting,
    probabilityOfAbandon: m.probabilityOfAbandon,
    averageSpeedOfAnswerMs: m.averageSpeedOfAnswerMs,
    occupancy: m.occupancy,
    binding: bindingOf(by),
    agentsByConstraint: by,
  };
}

/** The figures of one staffing level that the constraints test. @internal */
export interface LevelFigures {
  readonly serviceLevel: number | null;
  readonly occupancy: number;
  readonly averageSpeedOfAnswerMs: number | null;
  readonly probabilityOfAbandon?: number;
}

/** Whether one staffing level meets every target of `s` (an unstable Erlang C level never does). @internal */
export function meetsAll(m: LevelFigures, s: StaffingSettings): boolean {
  return (
    m.averageSpeedOfAnswerMs !== null &&
    (m.serviceLevel as number) >= s.targetServiceLevel &&
    (s.maxOccupancy === null || m.occupancy <= s.maxOccupancy) &&
    (s.maxAsaMs === null || m.averageSpeedOfAnswerMs <= s.maxAsaMs) &&
    (s.maxAbandonment === null || (m.probabilityOfAbandon as number) <= s.maxAbandonment)
  );
}

/** The width, in agents, to which fractional staffing brackets its answers (below 1e-9). */
const AGENT_TOLERANCE = 9.3e-10;

/**
 * The least real x in (lo, hi] where gap(x) ≤ 0, for a gap that falls as x grows, with gap(hi) ≤ 0
 * and gap(lo) > 0 (not evaluated at lo ≤ 0; +∞ outside the model, where the first step bisects): a bracket [bad, good] narrowed to
 * {@link AGENT_TOLERANCE} (or until no double lies between its ends) by the Illinois variant of
 * regula falsi — the secant through the ends, the value kept at an end twice in a row halved —
 * with a bisection step whenever a step fails to halve the bracket (so at most twice the ~30 steps
 * of bisection; typically 6–10), and a probe just inside an end when the secant lands on it.
 * Returns the upper end, where gap ≤ 0. @internal
 */
export function leastReal(gap: (x: number) => number, lo: number, hi: number): number {
  let bad = lo;
  let good = hi;
  let gBad = lo > 0 ? gap(lo) : Infinity;
  let gGood = gap(hi);
  let side = 0;
  let bisect = false;
  while (good - bad > AGENT_TOLERANCE) {
    const width = good - bad;
    let mid = Number.NaN;
    if (!bisect && gBad !== Infinity) {
      mid = good - (gGood * width) / (gGood - gBad);
      const edge = 0.45 * AGENT_TOLERANCE;
      if (mid > good - edge) mid = good - edge;
      if (mid < bad + edge) mid = bad + edge;
    }
    if (!(mid > bad && mid < good)) mid = bad + width / 2;
    if (mid <= bad || mid >= good) break;
    const g = gap(mid);
    if (g <= 0) {
      good = mid;
      gGood = g;
      if (side === -1) gBad /= 2;
      side = -1;
    } else {
      bad = mid;
      gBad = g;
      if (side === 1) gGood /= 2;
      side = 1;
    }
    bisect = good - bad > width / 2;
  }
  return good;
}

/** A gap that is −1 where `ok` holds and 1 where it does not: {@link leastReal} then bisects. @internal */
export const byPredicate =
  (ok: (x: number) => boolean) =>
  (x: number): number =>
    ok(x) ? -1 : 1;

/**
 * Fractional staffing: each constraint's own least real number of agents lies in (n − 1, n] where n
 * is its least whole number (the constraint fails at n − 1, holds at n, and is monotone in between
 * under the continuous extension), so it is found there by {@link leastReal}, each step one
 * evaluation of the model at a real x (the continuous Erlang B, ⌊x⌋ recursion steps), and never
 * below {@link MIN_AGENTS}. The answer is the largest of them; should the figures at it miss a
 * target (a metric not quite monotone), bisection of all the targets together up to the whole answer.
 */
function staffFractional(a: number, ahtMs: number, s: StaffingSettings, whole: StaffingCore): StaffingCore {
  const erlangC = s.model === 'erlang-c';
  const cache = new Map<number, LevelFigures & { probabilityOfWaiting: number }>();
  const at = (x: number) => {
    let m = cache.get(x);
    if (m === undefined) {
      const b = erlangBReal(a, x);
      m = erlangC ? erlangCMetrics(a, x, b, ahtMs, s.targetAnswerMs) : erlangAMetrics(a, x, b, ahtMs, s.patienceMs as number, s.targetAnswerMs);
      cache.set(x, m);
    }
    return m;
  };
  // Under Erlang C nothing at or below the traffic is stable: the brackets start above it.
  const floor = erlangC ? a : 0;
  // No fewer than MIN_AGENTS (where the models stay accurate): a constraint met there needs MIN_AGENTS.
  const least = (n: number | null, gap: (x: number) => number): number | null => {
    if (n === null) return null;
    const lo = Math.max(n - 1, floor);
    if (lo < MIN_AGENTS) return gap(MIN_AGENTS) <= 0 ? MIN_AGENTS : leastReal(gap, MIN_AGENTS, n);
    return leastReal(gap, lo, n);
  };
  // Each gap is ≤ 0 exactly where its constraint holds (a − b ≤ 0 ⇔ a ≤ b for doubles); an
  // unstable Erlang C level (no ASA) is +∞ for the service level and the ASA.
  const w = whole.agentsByConstraint;
  const by: AgentsByConstraint = {
    serviceLevel: least(w.serviceLevel, (x) => {
      const m = at(x);
      return m.averageSpeedOfAnswerMs === null ? Infinity : s.targetServiceLevel - (m.serviceLevel as number);
    }) as number,
    occupancy: least(w.occupancy, (x) => at(x).occupancy - (s.maxOccupancy as number)),
    asa: least(w.asa, (x) => {
      const asa = at(x).averageSpeedOfAnswerMs;
      return asa === null ? Infinity : asa - (s.maxAsaMs as number);
    }),
    abandonment: least(w.abandonment, (x) => (at(x).probabilityOfAbandon as number) - (s.maxAbandonment as number)),
  };
  let x = Math.max(by.serviceLevel, by.occupancy ?? 0, by.asa ?? 0, by.abandonment ?? 0);
  if (!meetsAll(at(x), s))
    x = leastReal(
      byPredicate((v) => meetsAll(at(v), s)),
      x,
      whole.agentCount,
    );
  const m = at(x);
  return {
    agentCount: x,
    reason: null,
    serviceLevel: m.serviceLevel,
    probabilityOfWaiting: m.probabilityOfWaiting,
    probabilityOfAbandon: erlangC ? null : (m.probabilityOfAbandon as number),
    averageSpeedOfAnswerMs: m.averageSpeedOfAnswerMs,
    occupancy: m.occupancy,
    binding: bindingOf(by),
    agentsByConstraint: by,
  };
}

/** The `reason` of the figures of an interval without contacts. */
const NO_CONTACTS = 'no contacts forecast: the service level, waiting, ASA and occupancy are undefined';

/** The staffing of one interval of traffic `a` (whole or fractional, as `s` says). @internal */
export function staff(a: number, ahtMs: number, s: StaffingSettings): StaffingCore {
  if (a === 0) {
    return {
      agentCount: 0,
      reason: NO_CONTACTS,
      serviceLevel: null,
      probabilityOfWaiting: null,
      probabilityOfAbandon: null,
      averageSpeedOfAnswerMs: null,
      occupancy: null,
      binding: null,
      agentsByConstraint: {
        serviceLevel: 0,
        occupancy: s.maxOccupancy === null ? null : 0,
        asa: s.maxAsaMs === null ? null : 0,
        abandonment: s.maxAbandonment === null ? null : 0,
      },
    };
  }
  const whole = s.model === 'erlang-c' ? staffErlangC(a, ahtMs, s) : staffErlangA(a, ahtMs, s);
  return s.fractional ? staffFractional(a, ahtMs, s, whole) : whole;
}

// ---------------------------------------------------------------------------------------------
// requiredAgents

/** Validates requiredAgents' input and options, throwing every problem at once. */
function readRequiredAgents(fn: string, input: unknown, options: unknown): { a: number; ahtMs: number; s: StaffingSettings } {
  const record = requireInput(fn, input);
  const o = readOptions(fn, options, OPTION_KEYS);
  const issues = new IssueCollector(fn);
  checkKnownFields(record, INPUT_KEYS, [], `${fn} input`, issues);
  const rules: Record<string, Rule> = { contactCount: NON_NEGATIVE, intervalMs: POSITIVE, ahtMs: POSITIVE };
  for (const [field, rule] of Object.entries(rules)) {
    const value = record[field];
    if (value === undefined) issues.add({ code: 'missing', path: [field], input: value, expected: describeRule(rule) });
    else issues.check(value, rule, [field]);
  }
  const s = readSettings(fn, record, [], o, ['options'], issues);
  issues.throwIfAny();
  const settings = s as StaffingSettings;
  const ahtMs = record['ahtMs'] as number;
  const a = trafficOf(record['contactCount'] as number, ahtMs, record['intervalMs'] as number);
  checkTraffic(a, ['contactCount'], record['contactCount'], issues);
  checkOccupancyAgents(a, settings.maxOccupancy, ['options', 'maxOccupancy'], issues);
  if (settings.patienceMs !== null) checkPatience(settings.patienceMs, ahtMs, ['options', 'patienceMs'], issues);
  issues.throwIfAny();
  return { a, ahtMs, s: settings };
}

/**
 * The same checks as {@link readRequiredAgents} on the common path, without building paths or
 * messages: the settings when everything is valid, else null (then the full reader reports why).
 */
function quickRequiredAgents(input: unknown, options: unknown): { a: number; ahtMs: number; s: StaffingSettings } | null {
  if (!isRecord(input)) return null;
  for (const key in input) {
    switch (key) {
      case 'contactCount':
      case 'intervalMs':
      case 'ahtMs':
      case 'targetServiceLevel':
      case 'targetAnswerMs':
        break;
      default:
        if (input[key] !== undefined) return null;
    }
  }
  const { contactCount, intervalMs, ahtMs, targetServiceLevel: sl, targetAnswerMs: t } = input;
  if (!(isNum(contactCount) && contactCount >= 0 && isNum(intervalMs) && intervalMs > 0 && isNum(ahtMs) && ahtMs > 0)) return null;
  if (!(isNum(sl) && sl > 0 && sl < 1 && isNum(t) && t >= 0)) return null;
  let maxOccupancy: number | null = null;
  let maxAsaMs: number | null = null;
  let shrinkage = 0;
  let model: StaffingModel = 'erlang-c';
  let patienceMs: number | null = null;
  let maxAbandonment: number | null = null;
  let fractional = false;
  if (options !== undefined) {
    if (!isRecord(options)) return null;
    for (const key in options) {
      const v = options[key];
      switch (key) {
        case 'maxOccupancy':
          if (v === undefined) break;
          if (!(isNum(v) && v > 0 && v <= 1)) return null;
          maxOccupancy = v;
          break;
        case 'maxAsaMs':
          if (v === undefined) break;
          if (!(isNum(v) && v > 0)) return null;
          maxAsaMs = v;
          break;
        case 'shrinkage':
          if (v === undefined) break;
          if (!(isNum(v) && v >= 0 && v < 1)) return null;
          shrinkage = v;
          break;
        case 'model':
          if (v === undefined) break;
          if (v !== 'erlang-c' && v !== 'erlang-a') return null;
          model = v;
          break;
        case 'patienceMs':
          if (v === undefined) break;
          if (!(isNum(v) && v > 0)) return null;
          patienceMs = v;
          break;
        case 'maxAbandonment':
          if (v === undefined) break;
          if (!(isNum(v) && v > 0 && v <= 1)) return null;
          maxAbandonment = v;
          break;
        case 'fractional':
          if (v === undefined) break;
          if (typeof v !== 'boolean') return null;
          fractional = v;
          break;
        default:
          return null;
      }
    }
    if ((model === 'erlang-a') !== (patienceMs !== null)) return null;
    if (maxAbandonment !== null && model !== 'erlang-a') return null;
    if (patienceMs !== null && patienceMs / ahtMs > MAX_PATIENCE_RATIO) return null;
  }
  const a = trafficOf(contactCount, ahtMs, intervalMs);
  if (!(a <= MAX_TRAFFIC_ERLANGS)) return null;
  if (maxOccupancy !== null && !(a / maxOccupancy <= MAX_OCCUPANCY_AGENTS)) return null;
  const s: StaffingSettings = {
    targetServiceLevel: sl,
    targetAnswerMs: t,
    maxOccupancy,
    maxAsaMs,
    shrinkage,
    shrink: parseShrinkage(shrinkage),
    model,
    patienceMs,
    maxAbandonment,
    fractional,
  };
  return { a, ahtMs, s };
}

/**
 * Required agents (staffing): the smallest number of agents N whose service level — the share of
 * contacts answered within `targetAnswerMs` — reaches `targetServiceLevel`, with, optionally,
 * occupancy ≤ `maxOccupancy`, ASA ≤ `maxAsaMs` and (Erlang A) a share abandoning ≤
 * `maxAbandonment`; and the headcount to schedule after shrinkage, ⌈N / (1 − shrinkage)⌉, computed
 * exactly (21 / (1 − 0.3) is 30, not 31).
 *
 * Fractional agents (`fractional: true`): the least real N meeting every constraint, to 1e-9 of an
 * agent, through the continuous extension of Erlang B (Jagerman 1974; see {@link erlangB}), with
 * the unrounded headcount N / (1 − shrinkage) — for summing queues, intervals or sites before
 * rounding once. It is never above the whole answer and less than one agent below it.
 *
 * Models: `'erlang-c'` (default; see {@link erlangC}) or `'erlang-a'` (callers abandon after an
 * exponential patience; see {@link erlangA}); the reported service level, P(wait), ASA and
 * occupancy are those of that model at N, exactly as erlangC / erlangA give them.
 *
 * Cost: one upward run of the Erlang B recursion, B(n) from B(n − 1), never restarted for a new
 * candidate: under Erlang C, ⌊A⌋ + 1 steps to the first stable N, then O(1) work per further N up
 * to the answer (~0.1 ms at 20,000 Erlangs); under Erlang A, the same recursion plus O(log N) model
 * evaluations. Fractional: the whole answer, then a bracketing root search (Illinois regula falsi)
 * for each constraint between its whole minimum and one agent less (about 10 evaluations of the
 * model at a real N, ⌊N⌋ recursion steps each: ~1.4 ms at 20,000 Erlangs, ~13× the whole answer).
 *
 * @param input - `{ contactCount, intervalMs, ahtMs, targetServiceLevel, targetAnswerMs }`.
 * @param options - {@link RequiredAgentsOptions}: `maxOccupancy`, `maxAsaMs` (no caps by default),
 *   `shrinkage` (0), `model` (`'erlang-c'`), `patienceMs` and `maxAbandonment` (Erlang A only),
 *   `fractional` (`false`).
 * @returns A {@link RequiredAgentsResult}: `value` is N; with no contacts forecast, N = 0 and the
 *   model figures are `null`, with a `reason`.
 * @throws {@link KpiInputError} when a count or duration is negative, not finite or missing,
 *   `targetServiceLevel` is not strictly between 0 and 1, `maxOccupancy` is not in (0, 1],
 *   `shrinkage` is not in [0, 1), `model` is unknown, `patienceMs` is missing under Erlang A or
 *   given under Erlang C, `maxAbandonment` is not in (0, 1] or given under Erlang C, `fractional` is
 *   not a boolean, the traffic exceeds 1,000,000 Erlangs, or a field or option is unknown.
 * @see docs/metrics.md#requiredagents (the worked example below).
 * @see D. L. Jagerman, "Some properties of the Erlang loss function", Bell System Technical Journal
 *   53(3), 1974 (the continuous Erlang B behind `fractional`).
 *
 * @example
 * ```ts
 * import { requiredAgents } from 'kpi-kit';
 *
 * // 1000 contacts an hour, AHT 120 s (A = 33.3 Erlangs), 80 % answered in 20 s.
 * const input = { contactCount: 1000, intervalMs: 3_600_000, ahtMs: 120_000, targetServiceLevel: 0.8, targetAnswerMs: 20_000 };
 * requiredAgents(input).value; // 38
 *
 * const r = requiredAgents(input, { maxOccupancy: 0.85, shrinkage: 0.3 });
 * r.agentCount; // 40
 * r.binding; // 'occupancy'
 * r.agentsByConstraint; // { serviceLevel: 38, occupancy: 40, asa: null, abandonment: null }
 * r.headcount; // 58
 *
 * // The least real number of agents: 33.33 / 0.85 for the occupancy cap, and the unrounded headcount.
 * const f = requiredAgents(input, { maxOccupancy: 0.85, shrinkage: 0.3, fractional: true });
 * f.agentCount; // ≈ 39.2157
 * f.agentsByConstraint.serviceLevel; // ≈ 37.3766
 * f.headcount; // ≈ 56.0224
 *
 * // Callers who abandon after 60 s on average leave the queue: fewer agents reach 80/20 …
 * requiredAgents(input, { model: 'erlang-a', patienceMs: 60_000 }).value; // 32
 * // … but keeping those who abandon to 2 % of the offered contacts takes 40.
 * requiredAgents(input, { model: 'erlang-a', patienceMs: 60_000, maxAbandonment: 0.02 }).binding; // 'abandonment'
 *
 * // No contacts forecast: no agents, and no service level to speak of.
 * requiredAgents({ ...input, contactCount: 0 }).reason; // 'no contacts forecast: the service level, waiting, ASA and occupancy are undefined'
 * ```
 */
export function requiredAgents(input: RequiredAgentsInput, options?: RequiredAgentsOptions): RequiredAgentsResult {
  const { a, ahtMs, s } = quickRequiredAgents(input, options) ?? readRequiredAgents('requiredAgents', input, options);
  const core = staff(a, ahtMs, s);
  Object.freeze(core.agentsByConstraint);
  return Object.freeze({
    value: core.agentCount,
    reason: core.reason,
    agentCount: core.agentCount,
    headcount: headcountFor(core.agentCount, s),
    trafficErlangs: a,
    serviceLevel: core.serviceLevel,
    probabilityOfWaiting: core.probabilityOfWaiting,
    probabilityOfAbandon: core.probabilityOfAbandon,
    averageSpeedOfAnswerMs: core.averageSpeedOfAnswerMs,
    occupancy: core.occupancy,
    binding: core.binding,
    agentsByConstraint: core.agentsByConstraint,
    model: s.model,
    shrinkage: s.shrinkage,
  });
}

// ---------------------------------------------------------------------------------------------
// staffingPlan

/** One interval of a forecast for {@link staffingPlan}. Other fields of the record are ignored. */
export interface StaffingInterval {
  /** Start of the interval (Date, ISO-8601 string — zone-less read as UTC — or epoch ms). Optional; echoed as epoch ms. */
  readonly start?: TimestampInput | undefined;
  /** Contacts forecast in the interval. */
  readonly contactCount: number;
  /** Average handle time in ms. */
  readonly ahtMs: number;
  /** Length of the interval in ms; default `targets.intervalMs`. */
  readonly intervalMs?: number | undefined;
}

/** Targets of {@link staffingPlan}: the service level of {@link requiredAgents}, its options, and a default interval length. */
export interface StaffingTargets extends RequiredAgentsOptions {
  /** Target share answered within `targetAnswerMs`, strictly between 0 and 1. */
  readonly targetServiceLevel: number;
  /** Target answer time in ms. */
  readonly targetAnswerMs: number;
  /** Length of every interval in ms, unless an interval gives its own (15 minutes: 900_000). */
  readonly intervalMs?: number | undefined;
}

/** One interval of a {@link StaffingPlanResult}. */
export interface StaffingPlanInterval extends StaffingFigures {
  /** The interval's start in epoch ms, or `null` when not given. */
  readonly start: number | null;
  /** Contacts forecast. */
  readonly contactCount: number;
  /** Average handle time in ms. */
  readonly ahtMs: number;
  /** Length of the interval in ms. */
  readonly intervalMs: number;
}

/** The result of {@link staffingPlan}. */
export interface StaffingPlanResult {
  /** Agent-hours on the phones: Σ agentCount × interval length in hours (same as `agentHours`). */
  readonly value: number;
  /** Why the peaks are `null`: an empty plan; `null` otherwise. */
  readonly reason: string | null;
  /** Σ agentCount × interval hours. */
  readonly agentHours: number;
  /** Σ headcount × interval hours: paid hours to schedule, shrinkage included. */
  readonly headcountHours: number;
  /** Σ contactCount forecast. */
  readonly contactCount: number;
  /** The most agents any interval needs; `null` for an empty plan. */
  readonly peakAgents: number | null;
  /** The most headcount any interval needs; `null` for an empty plan. */
  readonly peakHeadcount: number | null;
  /** Per interval, in the input order. */
  readonly intervals: readonly StaffingPlanInterval[];
  /** The model used. */
  readonly model: StaffingModel;
  /** The shrinkage used. */
  readonly shrinkage: number;
}

const TARGET_KEYS = ['targetServiceLevel', 'targetAnswerMs', 'intervalMs', ...OPTION_KEYS] as const;
const HOUR_MS = 3_600_000;

/** The validated input of a staffing plan: the settings and, per interval, traffic, length and start. @internal */
export interface PlanData {
  readonly settings: StaffingSettings;
  readonly list: readonly unknown[];
  readonly traffic: Float64Array;
  readonly lengths: Float64Array;
  readonly starts: readonly (number | null)[];
}

/**
 * Validates a plan's intervals and targets as {@link staffingPlan} does, adding every problem to
 * `issues` (the caller throws, after adding its own); throws at once only when `targets` is not an
 * object. @internal
 */
export function readPlan(fn: string, intervals: unknown, targets: unknown, issues: IssueCollector): PlanData {
  if (!Array.isArray(intervals)) {
    issues.add({ code: 'invalid_type', path: ['intervals'], input: intervals, expected: 'an array of intervals' });
  } else checkLength(fn, intervals, ['intervals']);
  if (!isRecord(targets)) {
    issues.add({ code: 'invalid_type', path: ['targets'], input: targets, expected: 'an object' });
    issues.throwIfAny();
  }
  const t = targets as Record<string, unknown>;
  checkKnownFields(t, TARGET_KEYS, ['targets'], `${fn} targets`, issues);
  const defaultInterval = t['intervalMs'];
  if (defaultInterval !== undefined) issues.check(defaultInterval, POSITIVE, ['targets', 'intervalMs']);
  const s = readSettings(fn, t, ['targets'], t, ['targets'], issues);
  issues.throwIfAny();
  const settings = s as StaffingSettings;
  const list = intervals as readonly unknown[];
  const count = list.length;
  const traffic = new Float64Array(count);
  const lengths = new Float64Array(count);
  const starts: (number | null)[] = new Array<number | null>(count);
  const reader = new TimestampReader('UTC');
  for (let i = 0; i < count; i++) {
    const item = list[i];
    if (!isRecord(item)) {
      issues.add({ code: 'invalid_type', path: ['intervals', i], input: item, expected: 'an interval object { start?, contactCount, ahtMs, intervalMs? }' });
      continue;
    }
    const contactCount = item['contactCount'];
    const ahtMs = item['ahtMs'];
    const own = item['intervalMs'];
    const length = own ?? defaultInterval;
    const start = item['start'];
    if (isNum(contactCount) && contactCount >= 0 && isNum(ahtMs) && ahtMs > 0 && isNum(length) && length > 0) {
      const a = trafficOf(contactCount, ahtMs, length);
      traffic[i] = a;
      lengths[i] = length;
      checkPlanBounds(item, length, i, own !== undefined ? ['intervals', i, 'intervalMs'] : ['targets', 'intervalMs'], issues);
      if (a > MAX_TRAFFIC_ERLANGS) checkTraffic(a, ['intervals', i, 'contactCount'], contactCount, issues);
      else checkOccupancyAgents(a, settings.maxOccupancy, ['targets', 'maxOccupancy'], issues);
      if (settings.patienceMs !== null && settings.patienceMs / ahtMs > MAX_PATIENCE_RATIO) {
        checkPatience(settings.patienceMs, ahtMs, ['targets', 'patienceMs'], issues);
      }
    } else {
      const base: KpiPath = ['intervals', i];
      if (contactCount === undefined)
        issues.add({ code: 'missing', path: [...base, 'contactCount'], input: contactCount, expected: describeRule(NON_NEGATIVE) });
      else issues.check(contactCount, NON_NEGATIVE, [...base, 'contactCount']);
      if (ahtMs === undefined) issues.add({ code: 'missing', path: [...base, 'ahtMs'], input: ahtMs, expected: describeRule(POSITIVE) });
      else issues.check(ahtMs, POSITIVE, [...base, 'ahtMs']);
      if (length === undefined) {
        issues.add({
          code: 'missing',
          path: [...base, 'intervalMs'],
          input: undefined,
          detail: `intervals[${i}] has no length: give it intervalMs, or give targets.intervalMs for every interval`,
        });
      } else if (own !== undefined) issues.check(own, POSITIVE, [...base, 'intervalMs']);
    }
    if (start === undefined || start === null) starts[i] = null;
    else {
      const ms = reader.read(start);
      if (ms === ms) starts[i] = ms;
      else issues.add(timestampIssue(start, ['intervals', i, 'start']));
    }
  }
  return { settings, list, traffic, lengths, starts };
}

/**
 * A staffing plan: {@link requiredAgents} for every interval of a day's or week's forecast, with
 * the agents and headcount per interval, their peaks, and the totals in agent-hours (Σ agentCount ×
 * interval hours) and headcount-hours.
 *
 * Each interval is staffed on its own (the queue is assumed to reach its steady state within the
 * interval, as is usual for 15- to 60-minute intervals). Intervals with no contacts need 0 agents
 * (their model figures are `null`, with a `reason`).
 *
 * Cost: one {@link requiredAgents} computation per interval (validation of the targets once).
 *
 * @param intervals - The forecast: `[{ start?, contactCount, ahtMs, intervalMs? }]`.
 * @param targets - {@link StaffingTargets}: `targetServiceLevel`, `targetAnswerMs`, optional
 *   `intervalMs` (default length of the intervals) and the options of {@link requiredAgents}.
 * @returns A {@link StaffingPlanResult}: `value` is the agent-hours.
 * @throws {@link KpiInputError} when `intervals` is not an array, an interval is not an object or
 *   has an invalid field (reported with its index, e.g. `intervals[3].contactCount`), an interval has no
 *   length (neither its own `intervalMs` nor `targets.intervalMs`), or a target is invalid as in
 *   {@link requiredAgents}.
 * @see docs/metrics.md#staffingplan
 *
 * @example
 * ```ts
 * import { staffingPlan } from 'kpi-kit';
 *
 * const plan = staffingPlan(
 *   [
 *     { start: '2024-03-04T09:00:00Z', contactCount: 520, ahtMs: 120_000 },
 *     { start: '2024-03-04T10:00:00Z', contactCount: 1000, ahtMs: 120_000 },
 *     { start: '2024-03-04T11:00:00Z', contactCount: 0, ahtMs: 120_000 },
 *   ],
 *   { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: 3_600_000, shrinkage: 0.3 },
 * );
 * plan.intervals.map((i) => i.agentCount); // [21, 38, 0]
 * // Headcount ⌈21 / 0.7⌉ = 30 exactly (in binary floating point 21 / (1 − 0.3) is 30.000000000000004).
 * plan.intervals.map((i) => i.headcount); // [30, 55, 0]
 * plan.intervals[0]?.start; // 1709542800000
 * plan.agentHours; // 59
 * plan.headcountHours; // 85
 * plan.peakHeadcount; // 55
 * ```
 */
export function staffingPlan(intervals: readonly StaffingInterval[], targets: StaffingTargets): StaffingPlanResult {
  const issues = new IssueCollector('staffingPlan');
  const { settings, list, traffic, lengths, starts } = readPlan('staffingPlan', intervals, targets, issues);
  issues.throwIfAny();
  const count = list.length;
  const out: StaffingPlanInterval[] = new Array<StaffingPlanInterval>(count);
  let agentMs = 0;
  let headcountMs = 0;
  let contactsTotal = 0;
  let peakAgents = -1;
  let peakHeadcount = -1;
  for (let i = 0; i < count; i++) {
    const item = list[i] as Record<string, unknown>;
    const a = traffic[i] as number;
    const length = lengths[i] as number;
    const ahtMs = item['ahtMs'] as number;
    const contactCount = item['contactCount'] as number;
    const core = staff(a, ahtMs, settings);
    const headcount = headcountFor(core.agentCount, settings);
    agentMs += core.agentCount * length;
    headcountMs += headcount * length;
    contactsTotal += contactCount;
    if (core.agentCount > peakAgents) peakAgents = core.agentCount;
    if (headcount > peakHeadcount) peakHeadcount = headcount;
    out[i] = {
      start: starts[i] ?? null,
      contactCount,
      ahtMs,
      intervalMs: length,
      agentCount: core.agentCount,
      reason: core.reason,
      headcount,
      trafficErlangs: a,
      serviceLevel: core.serviceLevel,
      probabilityOfWaiting: core.probabilityOfWaiting,
      probabilityOfAbandon: core.probabilityOfAbandon,
      averageSpeedOfAnswerMs: core.averageSpeedOfAnswerMs,
      occupancy: core.occupancy,
      binding: core.binding,
      agentsByConstraint: core.agentsByConstraint,
    };
  }
  const agentHours = agentMs / HOUR_MS;
  return deepFreeze({
    value: agentHours,
    reason: count === 0 ? 'no intervals: the peaks are undefined' : null,
    agentHours,
    headcountHours: headcountMs / HOUR_MS,
    contactCount: contactsTotal,
    peakAgents: count === 0 ? null : peakAgents,
    peakHeadcount: count === 0 ? null : peakHeadcount,
    intervals: out,
    model: settings.model,
    shrinkage: settings.shrinkage,
  });
}
