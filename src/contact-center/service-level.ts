/**
 * Service level (the share of contacts answered within a target time), measured from counts or
 * from per-contact records, with the three treatments of abandoned contacts.
 *
 * @module
 */
import { type Interval, makeResult, ratio } from '../core/result.js';
import { COUNT, IssueCollector, NON_NEGATIVE, fail, readOptions, requireInput, selectForm } from '../core/validate.js';
import { withColumns } from '../records/columns.js';
import { CONTACT_KIND, type ContactColumns } from './contact.js';
import { type ConfidenceSettings, readConfidence, shareInterval } from '../core/confidence.js';
import {
  type Contact,
  type ContactExcluded,
  type ContactMetricSpec,
  type ContactOptions,
  type ContactSettings,
  CONTACT_OPTION_KEYS,
  NO_INVALID,
  contactAccumulatorFactory,
  readContactSettings,
  runContactMetric,
} from './contact.js';
import { type WithAccumulator, withAccumulator } from '../core/accumulator.js';
import { type RecordMetricFactory } from '../records/metric-records.js';
import { type ContactTimestampField } from './contact.js';
import { restoreCounts, requireAtMost } from '../core/accumulator.js';

/**
 * How abandoned contacts count (docs/metrics.md#servicelevel), with a = answered within the target, b = abandoned
 * within the target, n = offered:
 * - `'abandons-ignored'` (default): a / (n − b) — abandons within the target leave the denominator;
 * - `'abandons-negative'`: a / n — every abandon counts against the service level;
 * - `'abandons-positive'`: (a + b) / n — abandons within the target count as met.
 */
export type ServiceLevelMethod = 'abandons-ignored' | 'abandons-negative' | 'abandons-positive';

/**
 * The methods of {@link serviceLevel}, the default first.
 *
 * @example
 * ```ts
 * import { SERVICE_LEVEL_METHODS } from 'kpi-kit';
 *
 * SERVICE_LEVEL_METHODS[0]; // 'abandons-ignored'
 * ```
 */
export const SERVICE_LEVEL_METHODS: readonly ServiceLevelMethod[] = Object.freeze(['abandons-ignored', 'abandons-negative', 'abandons-positive']);

/** Options of {@link serviceLevel}. */
export interface ServiceLevelOptions extends ContactOptions {
  /** Treatment of abandoned contacts; default `'abandons-ignored'`. */
  readonly method?: ServiceLevelMethod;
  /**
   * The target answer time T in ms: a contact is within the target when its wait is at most T.
   * Required with contact records; with counts it is only echoed in the result.
   */
  readonly targetAnswerMs?: number;
  /** Confidence level of the Wilson interval, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
}

/** The counts form of {@link serviceLevel}'s input. */
export interface ServiceLevelCounts {
  /** Contacts answered within the target (a). */
  readonly answeredWithinTarget: number;
  /** Contacts abandoned within the target (b); required unless the method is `'abandons-negative'`. */
  readonly abandonedWithinTarget?: number;
  /** Contacts offered: answered + abandoned (n). */
  readonly offered: number;
}

/** Input of {@link serviceLevel}: contact records, or counts. */
export type ServiceLevelInput = { readonly contacts: readonly Contact[] } | { readonly columns: ContactColumns } | ServiceLevelCounts;

/** Result of {@link serviceLevel}. */
export interface ServiceLevelResult {
  /** numerator / denominator; `null` (with a `reason`) when the denominator is 0. */
  readonly value: number | null;
  /** Why `value` is `null` (no contacts offered, or, for `'abandons-ignored'`, only abandons within the target); `null` when there is a value. */
  readonly reason: string | null;
  /** The method used. */
  readonly method: ServiceLevelMethod;
  /** a, or a + b for `'abandons-positive'`. */
  readonly numerator: number;
  /** n − b for `'abandons-ignored'`, else n. */
  readonly denominator: number;
  readonly answeredWithinTarget: number;
  /** b; `null` when counts for `'abandons-negative'` did not give it. */
  readonly abandonedWithinTarget: number | null;
  readonly offered: number;
  /** The target answer time T in ms, or `null` when counts were given without it. */
  readonly targetAnswerMs: number | null;
  /** Wilson score interval of the share; `null` when the denominator is 0. */
  readonly interval: Interval | null;
  readonly confidence: number;
  /**
   * Contacts left out: `queued` (neither answered nor abandoned: no outcome yet) and invalid ones
   * (with `onInvalid: 'exclude'`).
   */
  readonly excluded: ContactExcluded & { readonly queued: number };
}

interface Common extends ConfidenceSettings {
  readonly method: ServiceLevelMethod;
  readonly targetAnswerMs: number | null;
}
interface Settings extends ContactSettings, Common {
  readonly targetAnswerMs: number;
}

const KEYS = ['answered', 'answeredWithinTarget', 'abandoned', 'abandonedWithinTarget', 'queued'] as const;
type State = Record<(typeof KEYS)[number], number>;

function readCommon(fn: string, o: Record<string, unknown>): Common {
  const issues = new IssueCollector(fn);
  const method = o['method'] ?? 'abandons-ignored';
  if (!SERVICE_LEVEL_METHODS.includes(method as ServiceLevelMethod)) {
    issues.add({ code: 'invalid_value', path: ['options', 'method'], input: method, expected: SERVICE_LEVEL_METHODS.map((m) => `'${m}'`).join(', ') });
  }
  const target = o['targetAnswerMs'];
  if (target !== undefined) issues.check(target, NON_NEGATIVE, ['options', 'targetAnswerMs']);
  issues.throwIfAny();
  return { ...readConfidence(fn, o['confidence']), method: method as ServiceLevelMethod, targetAnswerMs: (target as number | undefined) ?? null };
}

function finish(a: number, b: number | null, n: number, s: Common) {
  const numerator = s.method === 'abandons-positive' ? a + (b as number) : a;
  const denominator = s.method === 'abandons-ignored' ? n - (b as number) : n;
  return {
    value: ratio(numerator, denominator),
    reason:
      denominator !== 0
        ? null
        : n === 0
          ? 'no contacts offered: the service level is undefined'
          : 'every contact offered abandoned within the target, and abandons-ignored leaves them out: the service level is undefined',
    method: s.method,
    numerator,
    denominator,
    answeredWithinTarget: a,
    abandonedWithinTarget: b,
    offered: n,
    targetAnswerMs: s.targetAnswerMs,
    interval: shareInterval(numerator, denominator, s),
    confidence: s.confidence,
  };
}

const spec: ContactMetricSpec<Settings, State, ServiceLevelResult> = {
  metric: 'serviceLevel',
  optionKeys: ['method', 'targetAnswerMs', 'confidence'],
  settings(fn, o, base) {
    const common = readCommon(fn, o);
    if (common.targetAnswerMs === null) {
      fail(fn, { code: 'missing', path: ['options', 'targetAnswerMs'], input: undefined, expected: 'the target answer time in ms; contact records need it' });
    }
    return { ...base, ...common, targetAnswerMs: common.targetAnswerMs };
  },
  init: () => ({ answered: 0, answeredWithinTarget: 0, abandoned: 0, abandonedWithinTarget: 0, queued: 0 }),
  add(state, _c, t, s) {
    if (t.answeredAt === t.answeredAt) {
      state.answered++;
      if (t.answeredAt - t.offeredAt <= s.targetAnswerMs) state.answeredWithinTarget++;
    } else if (t.abandonedAt === t.abandonedAt) {
      state.abandoned++;
      if (t.abandonedAt - t.offeredAt <= s.targetAnswerMs) state.abandonedWithinTarget++;
    } else state.queued++;
  },
  merge(into, from) {
    for (const k of KEYS) into[k] += from[k];
  },
  result: (st, s) => ({
    ...finish(st.answeredWithinTarget, st.abandonedWithinTarget, st.answered + st.abandoned, s),
    excluded: { queued: st.queued },
  }),
  toJSON: (st) => ({ ...st }),
  restore(json, _s, issues) {
    const st = restoreCounts(json, KEYS, issues);
    requireAtMost(issues, st.answeredWithinTarget, 'answeredWithinTarget', st.answered, 'answered', ['state', 'answeredWithinTarget']);
    requireAtMost(issues, st.abandonedWithinTarget, 'abandonedWithinTarget', st.abandoned, 'abandoned', ['state', 'abandonedWithinTarget']);
    return st;
  },
  options: (s) => ({ method: s.method, targetAnswerMs: s.targetAnswerMs, confidence: s.confidence }),
  counted: (st) => st.answered + st.abandoned + st.queued,
};

/**
 * Mergeable accumulator of {@link serviceLevel} over contacts (`create`, `add`, `addAll`, `merge`,
 * `result`, `toJSON`, `fromJSON`); its result equals {@link serviceLevel} over all contacts added.
 * `targetAnswerMs` is required.
 *
 * @example
 * ```ts
 * import { serviceLevelAccumulator } from 'kpi-kit';
 *
 * const acc = serviceLevelAccumulator.create({ targetAnswerMs: 20_000 });
 * acc.add({ offeredAt: 0, answeredAt: 15_000 }).add({ offeredAt: 0, answeredAt: 45_000 });
 * acc.result().value; // 0.5
 * ```
 */
export const serviceLevelAccumulator: RecordMetricFactory<ServiceLevelOptions, ServiceLevelResult, ContactTimestampField> =
  /* @__PURE__ */ contactAccumulatorFactory(spec);

/**
 * Service level: the share of contacts answered within a target time T ("80% in 20 s"). With
 * a = answered within T, b = abandoned within T and n = offered (answered + abandoned), the
 * `method` option says how abandons count (docs/metrics.md#servicelevel): `'abandons-ignored'` (default)
 * a / (n − b); `'abandons-negative'` a / n; `'abandons-positive'` (a + b) / n. Within T means a wait
 * of at most T. The result gives a Wilson score interval and echoes the method.
 *
 * From records (option `targetAnswerMs` required), the wait is answeredAt − offeredAt or
 * abandonedAt − offeredAt; a contact with neither is still queued, has no outcome yet, and is
 * counted apart in `excluded.queued` (not in offered).
 *
 * The function carries its accumulator (`serviceLevel.accumulator`), so that `byPeriod` and
 * `bySegment` compute it per day, week, month or quarter (contacts placed by `offeredAt` by
 * default) or per queue, agent or key function, in one pass.
 *
 * @param input - `{ contacts }` (see {@link Contact}) or `{ answeredWithinTarget,
 *   abandonedWithinTarget, offered }` (counts; `abandonedWithinTarget` may be left out for
 *   `'abandons-negative'`).
 * @param options - {@link ServiceLevelOptions}.
 * @returns {@link ServiceLevelResult}; `value` is `null` when the denominator is 0.
 * @throws {@link KpiInputError} for a malformed contact (path `contacts[i].field`; with
 *   `onInvalid: 'exclude'` it is left out and listed in `excluded`), for records without
 *   `options.targetAnswerMs`, for counts that are not non-negative integers or whose
 *   a + b exceeds n, and for an unknown method.
 * @see docs/metrics.md#servicelevel (worked example: a 70, b 10, n 100 → 0.7778, 0.70, 0.80).
 *
 * @example
 * ```ts
 * import { serviceLevel } from 'kpi-kit';
 *
 * const counts = { answeredWithinTarget: 70, abandonedWithinTarget: 10, offered: 100 };
 * serviceLevel(counts).value; // ≈ 0.7778
 * serviceLevel(counts, { method: 'abandons-negative' }).value; // 0.7
 * serviceLevel(counts, { method: 'abandons-positive' }).value; // 0.8
 * const r = serviceLevel(
 *   {
 *     contacts: [
 *       { offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:12Z' },
 *       { offeredAt: '2024-05-06T08:01:00Z', answeredAt: '2024-05-06T08:01:45Z' },
 *       { offeredAt: '2024-05-06T08:02:00Z', abandonedAt: '2024-05-06T08:02:05Z' },
 *       { offeredAt: '2024-05-06T08:03:00Z', answeredAt: '2024-05-06T08:03:20Z' },
 *     ],
 *   },
 *   { targetAnswerMs: 20_000 },
 * );
 * r.value; // ≈ 0.6667
 * r.numerator; // 2
 * r.denominator; // 3
 * ```
 */
export const serviceLevel: WithAccumulator<(input: ServiceLevelInput, options?: ServiceLevelOptions) => ServiceLevelResult, typeof serviceLevelAccumulator> =
  /* @__PURE__ */ withAccumulator<(input: ServiceLevelInput, options?: ServiceLevelOptions) => ServiceLevelResult, typeof serviceLevelAccumulator>(
    function serviceLevel(input: ServiceLevelInput, options?: ServiceLevelOptions): ServiceLevelResult {
      const fn = 'serviceLevel';
      const record = withColumns(fn, CONTACT_KIND, requireInput(fn, input));
      const form = selectForm(fn, record, [
        { name: 'contacts', fields: ['contacts'] },
        { name: 'counts', fields: ['answeredWithinTarget', 'abandonedWithinTarget', 'offered'] },
      ]);
      if (form === 'contacts') return runContactMetric(spec, record['contacts'], options);
      const o = readOptions(fn, options, [...CONTACT_OPTION_KEYS, ...spec.optionKeys]);
      const s = readCommon(fn, o);
      readContactSettings(fn, o);
      const issues = new IssueCollector(fn);
      const needB = s.method !== 'abandons-negative';
      for (const field of ['answeredWithinTarget', 'abandonedWithinTarget', 'offered'] as const) {
        const value = record[field];
        if (value === undefined) {
          if (field !== 'abandonedWithinTarget' || needB) {
            const why = field === 'abandonedWithinTarget' ? `a non-negative integer; method '${s.method}' needs it` : 'a non-negative integer';
            issues.add({ code: 'missing', path: [field], input: value, expected: why });
          }
        } else issues.check(value, COUNT, [field]);
      }
      issues.throwIfAny();
      const a = record['answeredWithinTarget'] as number;
      const b = (record['abandonedWithinTarget'] as number | undefined) ?? null;
      const n = record['offered'] as number;
      if (a + (b ?? 0) > n) {
        fail(fn, {
          code: 'inconsistent',
          path: ['answeredWithinTarget'],
          input: a,
          detail: `answeredWithinTarget (${a}) + abandonedWithinTarget (${b ?? 0}) cannot exceed offered (${n})`,
        });
      }
      const r = finish(a, b, n, s);
      const result: ServiceLevelResult = makeResult(r.value, { ...r, excluded: { ...NO_INVALID, queued: 0 } });
      return result;
    },
    serviceLevelAccumulator,
  );
