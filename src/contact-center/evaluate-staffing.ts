/**
 * What a schedule delivers: the service level, ASA, occupancy and abandonment that a scheduled
 * headcount gives, interval by interval, next to what the staffing plan requires.
 *
 * @module
 */
import { formatPath } from '../core/errors.js';
import { deepFreeze } from '../core/result.js';
import { IssueCollector, NON_NEGATIVE, isRecord } from '../core/validate.js';
import { type ErlangAMetrics, type ErlangCMetrics, MAX_AGENTS, MIN_AGENTS, checkKnownFields, erlangAMetrics, erlangBReal, erlangCMetrics } from './erlang.js';
import { type StaffingInterval, type StaffingModel, type StaffingSettings, type StaffingTargets, headcountFor, meetsAll, readPlan, staff } from './staffing.js';

/** The schedule to evaluate: the headcount scheduled in each interval, in the order of the intervals. */
export interface StaffingRoster {
  /**
   * People scheduled per interval, before shrinkage (non-negative; fractional for part-time or
   * shared staff). Agents on the phones = scheduled × (1 − shrinkage).
   */
  readonly scheduled: readonly number[];
}

/** One interval of a {@link StaffingEvaluationResult}. */
export interface StaffingEvaluationInterval {
  /** The interval's start in epoch ms, or `null` when not given. */
  readonly start: number | null;
  /** Contacts forecast. */
  readonly contactCount: number;
  /** Average handle time in ms. */
  readonly ahtMs: number;
  /** Length of the interval in ms. */
  readonly intervalMs: number;
  /** Offered traffic A in Erlangs. */
  readonly trafficErlangs: number;
  /** Headcount scheduled. */
  readonly scheduled: number;
  /** Agents on the phones: scheduled × (1 − shrinkage), on the decimal the shrinkage prints (90 × 0.7 is 63, not 62.99999999999999). */
  readonly agentCount: number;
  /** Agents the targets require (as {@link staffingPlan} gives them). */
  readonly requiredAgents: number;
  /** Headcount the targets require. */
  readonly requiredHeadcount: number;
  /** scheduled − requiredHeadcount: positive when over-staffed, negative when under-staffed. */
  readonly staffingGap: number;
  /**
   * Why a figure is `null`: no contacts forecast, no agents on the phones, or (Erlang C) agents not
   * above the traffic, an unstable queue; `null` when every figure is given.
   */
  readonly reason: string | null;
  /** Service level delivered (answered within the target time / offered); `null` without contacts. */
  readonly serviceLevel: number | null;
  /** Probability of waiting; `null` without contacts. */
  readonly probabilityOfWaiting: number | null;
  /** Probability of abandoning (Erlang A; 1 with no agents); `null` under Erlang C or without contacts. */
  readonly probabilityOfAbandon: number | null;
  /** Average speed of answer in ms; `null` without contacts, without agents, or for an unstable Erlang C queue. */
  readonly averageSpeedOfAnswerMs: number | null;
  /** Occupancy of the agents on the phones; `null` without contacts or without agents. */
  readonly occupancy: number | null;
  /** Whether the scheduled agents meet every target; `null` without contacts. */
  readonly meetsTargets: boolean | null;
}

/** The result of {@link evaluateStaffing}. */
export interface StaffingEvaluationResult {
  /** Service level over the whole schedule: Σ serviceLevel × contactCount / Σ contactCount; `null` without contacts. */
  readonly value: number | null;
  /** Why `value` or `averageSpeedOfAnswerMs` is `null`; `null` when both are given. */
  readonly reason: string | null;
  /** Same as `value`. */
  readonly serviceLevel: number | null;
  /**
   * Mean speed of answer over the answered contacts of the whole schedule (each interval's ASA
   * weighted by its answered contacts); `null` without contacts or when an interval has no finite ASA.
   */
  readonly averageSpeedOfAnswerMs: number | null;
  /** Share of all offered contacts that abandon (Erlang A); `null` under Erlang C or without contacts. */
  readonly probabilityOfAbandon: number | null;
  /** Σ contactCount. */
  readonly contactCount: number;
  /** Intervals with contacts whose targets the schedule misses. */
  readonly intervalsBelowTarget: number;
  /** Σ scheduled × interval hours. */
  readonly scheduledHours: number;
  /** Σ requiredHeadcount × interval hours. */
  readonly requiredHeadcountHours: number;
  /** Σ max(0, staffingGap) × interval hours: scheduled beyond the requirement. */
  readonly overstaffedHours: number;
  /** Σ max(0, −staffingGap) × interval hours: requirement not scheduled. */
  readonly understaffedHours: number;
  /** Per interval, in the input order. */
  readonly intervals: readonly StaffingEvaluationInterval[];
  /** The model used. */
  readonly model: StaffingModel;
  /** The shrinkage used. */
  readonly shrinkage: number;
}

const HOUR_MS = 3_600_000;
const NO_CONTACTS = 'no contacts forecast: the service level, waiting, ASA and occupancy are undefined';

/** scheduled × (1 − shrinkage), exact when shrinkage has at most 15 decimals and the product is below 2^53. */
function onPhones(scheduled: number, s: StaffingSettings): number {
  const k = s.shrink;
  if (k.k === 0) return scheduled;
  if (k.scale !== null && k.divisor !== null) {
    const p = scheduled * k.divisor;
    if (Number.isInteger(p) && p <= Number.MAX_SAFE_INTEGER) return p / k.scale;
  }
  return scheduled * (1 - s.shrinkage);
}

/** The model's figures for `x` agents, or `null` for a queue without agents (fewer than {@link MIN_AGENTS} count as none). */
function figuresAt(a: number, x: number, ahtMs: number, s: StaffingSettings): ErlangCMetrics | ErlangAMetrics | null {
  if (x < MIN_AGENTS) return null;
  const b = erlangBReal(a, x);
  return s.model === 'erlang-c' ? erlangCMetrics(a, x, b, ahtMs, s.targetAnswerMs) : erlangAMetrics(a, x, b, ahtMs, s.patienceMs as number, s.targetAnswerMs);
}

/**
 * What a schedule delivers: for a forecast and targets as {@link staffingPlan} takes them, and the
 * headcount scheduled in each interval (a roster), the service level, probability of waiting, ASA,
 * occupancy and (Erlang A) abandonment that the scheduled agents give, next to the agents and
 * headcount the targets require — so a plan and a roster are compared interval by interval — with
 * totals: the service level over the whole schedule (weighted by contacts), the hours scheduled,
 * required, over- and under-staffed.
 *
 * Agents on the phones are scheduled × (1 − shrinkage), generally fractional, so the figures use the
 * continuous extension of Erlang B for real numbers of agents (see {@link erlangB}); at whole
 * numbers they are exactly erlangC's / erlangA's. Fewer than 1e-6 agents count as none. Under Erlang C, agents not above the traffic give
 * an unstable queue (service level 0, ASA `null`); under Erlang A, no agents means every caller
 * abandons.
 *
 * Cost: one model evaluation per interval (⌊agents⌋ Erlang B steps) plus the plan's
 * {@link requiredAgents} computation per interval.
 *
 * @param intervals - The forecast: `[{ start?, contactCount, ahtMs, intervalMs? }]`, as for {@link staffingPlan}.
 * @param targets - {@link StaffingTargets}, as for {@link staffingPlan} (shrinkage, model, caps, `fractional`).
 * @param roster - `{ scheduled }`: the headcount per interval, one number per interval.
 * @returns A {@link StaffingEvaluationResult}: `value` is the service level over the whole schedule.
 * @throws {@link KpiInputError} as {@link staffingPlan}; also when `roster` is not an object,
 *   `scheduled` is not an array of as many numbers as there are intervals, or a scheduled
 *   headcount is negative or not finite (reported with its index, e.g. `roster.scheduled[3]`).
 * @see docs/metrics.md#evaluatestaffing
 *
 * @example
 * ```ts
 * import { evaluateStaffing } from 'kpi-kit';
 *
 * const forecast = [
 *   { contactCount: 520, ahtMs: 120_000 },
 *   { contactCount: 1000, ahtMs: 120_000 },
 * ];
 * const targets = { targetServiceLevel: 0.8, targetAnswerMs: 20_000, intervalMs: 3_600_000, shrinkage: 0.3 };
 * // The plan asks for 30 and 55 people (21 and 38 agents); the roster has 30 in both hours.
 * const e = evaluateStaffing(forecast, targets, { scheduled: [30, 30] });
 * e.intervals.map((i) => i.agentCount); // [21, 21]
 * e.intervals.map((i) => i.staffingGap); // [0, -25]
 * e.intervals[0]?.meetsTargets; // true
 * e.intervals[0]?.serviceLevel; // ≈ 0.8337
 * e.intervals[1]?.serviceLevel; // 0
 * e.intervals[1]?.reason; // 'an unstable queue: 21 agents for 33.33 Erlangs; the wait grows without bound, so the average speed of answer is undefined'
 * e.understaffedHours; // 25
 * // Over the two hours: (0.8337 × 520 + 0 × 1000) / 1520.
 * e.value; // ≈ 0.2852
 * ```
 */
export function evaluateStaffing(intervals: readonly StaffingInterval[], targets: StaffingTargets, roster: StaffingRoster): StaffingEvaluationResult {
  const fn = 'evaluateStaffing';
  const issues = new IssueCollector(fn);
  const { settings, list, traffic, lengths, starts } = readPlan(fn, intervals, targets, issues);
  const count = list.length;
  let scheduled: readonly unknown[] = [];
  if (!isRecord(roster)) issues.add({ code: 'invalid_type', path: ['roster'], input: roster, expected: 'an object { scheduled }' });
  else {
    checkKnownFields(roster, ['scheduled'], ['roster'], `${fn} roster`, issues);
    const given = (roster as unknown as Record<string, unknown>)['scheduled'];
    if (!Array.isArray(given)) {
      issues.add({
        code: given === undefined ? 'missing' : 'invalid_type',
        path: ['roster', 'scheduled'],
        input: given,
        expected: 'an array of headcounts, one per interval',
      });
    } else if (given.length !== count) {
      issues.add({
        code: 'inconsistent',
        path: ['roster', 'scheduled'],
        input: given.length,
        detail: `${formatPath(['roster', 'scheduled'])} has ${given.length} headcounts for ${count} intervals: give one per interval`,
      });
    } else {
      scheduled = given as readonly unknown[];
      for (let i = 0; i < count; i++) {
        const v = scheduled[i];
        if (issues.check(v, NON_NEGATIVE, ['roster', 'scheduled', i]) && (v as number) > MAX_AGENTS) {
          issues.add({ code: 'out_of_range', path: ['roster', 'scheduled', i], input: v, expected: `a headcount of at most ${MAX_AGENTS}` });
        }
      }
    }
  }
  issues.throwIfAny();
  const out = new Array<StaffingEvaluationInterval>(count);
  let contacts = 0;
  let contactsTotal = 0;
  let slSum = 0;
  let answered = 0;
  let asaSum = 0;
  let asaKnown = true;
  let abandonSum = 0;
  let below = 0;
  let scheduledMs = 0;
  let requiredMs = 0;
  let overMs = 0;
  let underMs = 0;
  const erlangA = settings.model === 'erlang-a';
  for (let i = 0; i < count; i++) {
    const item = list[i] as Record<string, unknown>;
    const a = traffic[i] as number;
    const length = lengths[i] as number;
    const ahtMs = item['ahtMs'] as number;
    const contactCount = item['contactCount'] as number;
    const people = scheduled[i] as number;
    contactsTotal += contactCount;
    const x = onPhones(people, settings);
    const need = staff(a, ahtMs, settings);
    const requiredHeadcount = headcountFor(need.agentCount, settings);
    const gap = people - requiredHeadcount;
    scheduledMs += people * length;
    requiredMs += requiredHeadcount * length;
    if (gap > 0) overMs += gap * length;
    else underMs -= gap * length;
    let row: Omit<
      StaffingEvaluationInterval,
      'start' | 'contactCount' | 'ahtMs' | 'intervalMs' | 'trafficErlangs' | 'scheduled' | 'agentCount' | 'requiredAgents' | 'requiredHeadcount' | 'staffingGap'
    >;
    if (a === 0) {
      row = {
        reason: NO_CONTACTS,
        serviceLevel: null,
        probabilityOfWaiting: null,
        probabilityOfAbandon: null,
        averageSpeedOfAnswerMs: null,
        occupancy: null,
        meetsTargets: null,
      };
    } else {
      const m = figuresAt(a, x, ahtMs, settings);
      if (m === null) {
        row = {
          reason: `${x === 0 ? 'no agents' : 'fewer than 0.000001 agents (counted as none)'} on the phones: ${erlangA ? 'every caller abandons' : 'nobody is answered'}`,
          serviceLevel: 0,
          probabilityOfWaiting: 1,
          probabilityOfAbandon: erlangA ? 1 : null,
          averageSpeedOfAnswerMs: null,
          occupancy: null,
          meetsTargets: false,
        };
      } else {
        const asa = m.averageSpeedOfAnswerMs;
        row = {
          reason:
            asa === null
              ? `an unstable queue: ${+x.toFixed(4)} agents for ${+a.toFixed(2)} Erlangs; the wait grows without bound, so the average speed of answer is undefined`
              : null,
          serviceLevel: m.serviceLevel,
          probabilityOfWaiting: m.probabilityOfWaiting,
          probabilityOfAbandon: erlangA ? (m as ErlangAMetrics).probabilityOfAbandon : null,
          averageSpeedOfAnswerMs: asa,
          occupancy: m.occupancy,
          meetsTargets: meetsAll(m, settings),
        };
      }
      contacts += contactCount;
      slSum += (row.serviceLevel as number) * contactCount;
      const abandon = row.probabilityOfAbandon ?? 0;
      abandonSum += abandon * contactCount;
      const served = contactCount * (1 - abandon);
      if (served > 0) {
        if (row.averageSpeedOfAnswerMs === null) asaKnown = false;
        else {
          asaSum += row.averageSpeedOfAnswerMs * served;
          answered += served;
        }
      }
      if (row.meetsTargets === false) below++;
    }
    out[i] = {
      start: starts[i] ?? null,
      contactCount,
      ahtMs,
      intervalMs: length,
      trafficErlangs: a,
      scheduled: people,
      agentCount: x,
      requiredAgents: need.agentCount,
      requiredHeadcount,
      staffingGap: gap,
      ...row,
    };
  }
  const none = contacts === 0;
  const serviceLevel = none ? null : slSum / contacts;
  const asaValue = none || !asaKnown || answered === 0 ? null : asaSum / answered;
  let reason: string | null = null;
  if (none) reason = 'no contacts forecast: the service level and ASA of the schedule are undefined';
  else if (asaValue === null)
    reason = 'an interval has no finite average speed of answer (no agents, or an unstable queue): the ASA of the schedule is undefined';
  return deepFreeze({
    value: serviceLevel,
    reason,
    serviceLevel,
    averageSpeedOfAnswerMs: asaValue,
    probabilityOfAbandon: none || !erlangA ? null : abandonSum / contacts,
    contactCount: contactsTotal,
    intervalsBelowTarget: below,
    scheduledHours: scheduledMs / HOUR_MS,
    requiredHeadcountHours: requiredMs / HOUR_MS,
    overstaffedHours: overMs / HOUR_MS,
    understaffedHours: underMs / HOUR_MS,
    intervals: out,
    model: settings.model,
    shrinkage: settings.shrinkage,
  });
}
