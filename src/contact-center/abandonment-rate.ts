/**
 * Abandonment rate, measured from counts or from per-contact records.
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

/** Options of {@link abandonmentRate}. */
export interface AbandonmentRateOptions extends ContactOptions {
  /**
   * Record form only: abandons whose wait (abandonedAt − offeredAt) is at most this many ms are
   * short abandons (a caller who hung up at once, a misdial), left out of both numerator and
   * denominator. Default: none are left out. With counts, give `shortAbandons` instead.
   */
  readonly shortAbandonMs?: number;
  /** Confidence level of the Wilson interval, strictly between 0 and 1. Default 0.95. */
  readonly confidence?: number;
}

/** The counts form of {@link abandonmentRate}'s input. */
export interface AbandonmentRateCounts {
  /** Contacts abandoned, short abandons included. */
  readonly abandoned: number;
  /** Contacts offered (answered + abandoned), short abandons included. */
  readonly offered: number;
  /** Of the abandoned, the short abandons to leave out of numerator and denominator. Default 0. */
  readonly shortAbandons?: number;
}

/** Input of {@link abandonmentRate}: contact records, or counts. */
export type AbandonmentRateInput = { readonly contacts: readonly Contact[] } | { readonly columns: ContactColumns } | AbandonmentRateCounts;

/** Result of {@link abandonmentRate}. */
export interface AbandonmentRateResult {
  /** numerator / denominator; `null` (with a `reason`) when no contact counts. */
  readonly value: number | null;
  /** Why `value` is `null` (no contacts offered beyond short abandons); `null` when there is a value. */
  readonly reason: string | null;
  /** Abandoned contacts counted: abandoned − shortAbandons. */
  readonly numerator: number;
  /** Offered contacts counted: offered − shortAbandons. */
  readonly denominator: number;
  /** All abandoned contacts (short abandons included). */
  readonly abandoned: number;
  /** All offered contacts: answered + abandoned (short abandons included; still-queued ones not). */
  readonly offered: number;
  /** Abandons left out as short. */
  readonly shortAbandons: number;
  /** The short-abandon threshold used (record form), or `null`. */
  readonly shortAbandonMs: number | null;
  /** Wilson score interval of the rate; `null` when the denominator is 0. */
  readonly interval: Interval | null;
  readonly confidence: number;
  /**
   * Contacts left out: `queued` (neither answered nor abandoned, so without an outcome yet) and
   * invalid ones (with `onInvalid: 'exclude'`).
   */
  readonly excluded: ContactExcluded & { readonly queued: number };
}

interface Settings extends ContactSettings, ConfidenceSettings {
  readonly shortAbandonMs: number | null;
}

const KEYS = ['answered', 'abandoned', 'shortAbandons', 'queued'] as const;
type State = Record<(typeof KEYS)[number], number>;

function finish(abandoned: number, offered: number, short: number, s: ConfidenceSettings & { shortAbandonMs: number | null }) {
  const numerator = abandoned - short;
  const denominator = offered - short;
  return {
    value: ratio(numerator, denominator),
    reason:
      denominator !== 0
        ? null
        : short > 0
          ? 'every contact offered was a short abandon: the abandonment rate is undefined'
          : 'no contacts offered: the abandonment rate is undefined',
    numerator,
    denominator,
    abandoned,
    offered,
    shortAbandons: short,
    shortAbandonMs: s.shortAbandonMs,
    interval: shareInterval(numerator, denominator, s),
    confidence: s.confidence,
  };
}

function readSettings(fn: string, o: Record<string, unknown>): ConfidenceSettings & { shortAbandonMs: number | null } {
  const confidence = readConfidence(fn, o['confidence']);
  const short = o['shortAbandonMs'];
  if (short !== undefined) {
    const issues = new IssueCollector(fn);
    issues.check(short, NON_NEGATIVE, ['options', 'shortAbandonMs']);
    issues.throwIfAny();
  }
  return { ...confidence, shortAbandonMs: short === undefined ? null : (short as number) };
}

const spec: ContactMetricSpec<Settings, State, AbandonmentRateResult> = {
  metric: 'abandonmentRate',
  optionKeys: ['shortAbandonMs', 'confidence'],
  settings: (fn, o, base) => ({ ...base, ...readSettings(fn, o) }),
  init: () => ({ answered: 0, abandoned: 0, shortAbandons: 0, queued: 0 }),
  add(state, _c, t, s) {
    if (t.answeredAt === t.answeredAt) state.answered++;
    else if (t.abandonedAt === t.abandonedAt) {
      state.abandoned++;
      if (s.shortAbandonMs !== null && t.abandonedAt - t.offeredAt <= s.shortAbandonMs) state.shortAbandons++;
    } else state.queued++;
  },
  merge(into, from) {
    for (const k of KEYS) into[k] += from[k];
  },
  result: (st, s) => ({ ...finish(st.abandoned, st.answered + st.abandoned, st.shortAbandons, s), excluded: { queued: st.queued } }),
  toJSON: (st) => ({ ...st }),
  restore(json, _s, issues) {
    const st = restoreCounts(json, KEYS, issues);
    requireAtMost(issues, st.shortAbandons, 'shortAbandons', st.abandoned, 'abandoned', ['state', 'shortAbandons']);
    return st;
  },
  options: (s) => ({ shortAbandonMs: s.shortAbandonMs, confidence: s.confidence }),
  counted: (st) => st.answered + st.abandoned + st.queued,
};

/**
 * Mergeable accumulator of {@link abandonmentRate} over contacts (`create`, `add`, `addAll`,
 * `merge`, `result`, `toJSON`, `fromJSON`); its result equals {@link abandonmentRate} over all
 * contacts added.
 *
 * @example
 * ```ts
 * import { abandonmentRateAccumulator } from 'kpi-kit';
 *
 * const acc = abandonmentRateAccumulator.create({ shortAbandonMs: 5000 });
 * acc.add({ offeredAt: 0, answeredAt: 20_000 }).add({ offeredAt: 0, abandonedAt: 60_000 });
 * acc.add({ offeredAt: 0, abandonedAt: 3000 });
 * acc.result().value; // 0.5
 * acc.result().shortAbandons; // 1
 * ```
 */
export const abandonmentRateAccumulator: RecordMetricFactory<AbandonmentRateOptions, AbandonmentRateResult, ContactTimestampField> =
  /* @__PURE__ */ contactAccumulatorFactory(spec);

/**
 * Abandonment rate: the share of offered contacts that the customer abandoned before an answer,
 * abandoned / offered (docs/metrics.md#abandonmentrate). Offered = answered + abandoned. Optionally,
 * short abandons (abandoned within `shortAbandonMs` of the offer, e.g. 5 s) leave both numerator and
 * denominator: (abandoned − short) / (offered − short). The result gives a Wilson score interval.
 *
 * From records, a contact is answered when it has `answeredAt`, abandoned when it has
 * `abandonedAt`; one with neither is still queued, has no outcome yet, and is counted apart in
 * `excluded.queued` (not in offered: counting it either way would guess its outcome).
 *
 * The function carries its accumulator (`abandonmentRate.accumulator`), so that `byPeriod` and
 * `bySegment` compute it per day, week, month or quarter (contacts placed by `offeredAt` by
 * default) or per queue, agent or key function, in one pass.
 *
 * @param input - `{ contacts }` (each needs `offeredAt`; see {@link Contact}) or
 *   `{ abandoned, offered, shortAbandons? }` (counts, short abandons included in both).
 * @param options - {@link AbandonmentRateOptions}.
 * @returns {@link AbandonmentRateResult}; `value` is `null` when nothing counts.
 * @throws {@link KpiInputError} for a malformed contact (path `contacts[i].field`; with
 *   `onInvalid: 'exclude'` it is left out and listed in `excluded`), for counts that are not
 *   non-negative integers, for `abandoned` above `offered` or `shortAbandons` above `abandoned`,
 *   for `shortAbandonMs` with counts, and for invalid options.
 * @see docs/metrics.md#abandonmentrate.
 *
 * @example
 * ```ts
 * import { abandonmentRate } from 'kpi-kit';
 *
 * abandonmentRate({ abandoned: 12, offered: 200 }).value; // 0.06
 * abandonmentRate({ abandoned: 12, offered: 200, shortAbandons: 2 }).value; // ≈ 0.0505
 * const r = abandonmentRate(
 *   {
 *     contacts: [
 *       { offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:30Z' },
 *       { offeredAt: '2024-05-06T08:01:00Z', abandonedAt: '2024-05-06T08:02:00Z' },
 *       { offeredAt: '2024-05-06T08:02:00Z', abandonedAt: '2024-05-06T08:02:03Z' },
 *       { offeredAt: '2024-05-06T08:03:00Z', answeredAt: '2024-05-06T08:03:10Z' },
 *       { offeredAt: '2024-05-06T08:04:00Z' },
 *     ],
 *   },
 *   { shortAbandonMs: 5000 },
 * );
 * r.value; // ≈ 0.3333
 * r.shortAbandons; // 1
 * r.excluded.queued; // 1
 * ```
 */
export const abandonmentRate: WithAccumulator<
  (input: AbandonmentRateInput, options?: AbandonmentRateOptions) => AbandonmentRateResult,
  typeof abandonmentRateAccumulator
> = /* @__PURE__ */ withAccumulator<
  (input: AbandonmentRateInput, options?: AbandonmentRateOptions) => AbandonmentRateResult,
  typeof abandonmentRateAccumulator
>(function abandonmentRate(input: AbandonmentRateInput, options?: AbandonmentRateOptions): AbandonmentRateResult {
  const fn = 'abandonmentRate';
  const record = withColumns(fn, CONTACT_KIND, requireInput(fn, input));
  const form = selectForm(fn, record, [
    { name: 'contacts', fields: ['contacts'] },
    { name: 'counts', fields: ['abandoned', 'offered', 'shortAbandons'] },
  ]);
  if (form === 'contacts') return runContactMetric(spec, record['contacts'], options);
  const o = readOptions(fn, options, [...CONTACT_OPTION_KEYS, 'shortAbandonMs', 'confidence']);
  if (o['shortAbandonMs'] !== undefined) {
    fail(fn, {
      code: 'invalid_value',
      path: ['options', 'shortAbandonMs'],
      input: o['shortAbandonMs'],
      detail: 'options.shortAbandonMs applies to contact records; with counts, give shortAbandons',
    });
  }
  const s = readSettings(fn, o);
  readContactSettings(fn, o);
  const issues = new IssueCollector(fn);
  for (const field of ['abandoned', 'offered'] as const) {
    if (record[field] === undefined) issues.add({ code: 'missing', path: [field], input: undefined, expected: 'a non-negative integer' });
    else issues.check(record[field], COUNT, [field]);
  }
  if (record['shortAbandons'] !== undefined) issues.check(record['shortAbandons'], COUNT, ['shortAbandons']);
  issues.throwIfAny();
  const abandoned = record['abandoned'] as number;
  const offered = record['offered'] as number;
  const short = (record['shortAbandons'] as number | undefined) ?? 0;
  if (abandoned > offered) {
    issues.add({ code: 'inconsistent', path: ['abandoned'], input: abandoned, detail: `abandoned (${abandoned}) cannot exceed offered (${offered})` });
  }
  if (short > abandoned) {
    issues.add({ code: 'inconsistent', path: ['shortAbandons'], input: short, detail: `shortAbandons (${short}) cannot exceed abandoned (${abandoned})` });
  }
  issues.throwIfAny();
  const r = finish(abandoned, offered, short, s);
  const result: AbandonmentRateResult = makeResult(r.value, { ...r, excluded: { ...NO_INVALID, queued: 0 } });
  return result;
}, abandonmentRateAccumulator);
