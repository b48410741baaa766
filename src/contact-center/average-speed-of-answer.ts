/**
 * Average speed of answer (ASA), measured from totals or from per-contact records.
 *
 * @module
 */
import { makeResult, ratio } from '../core/result.js';
import { COUNT, IssueCollector, NON_NEGATIVE, fail, readOptions, requireInput, selectForm } from '../core/validate.js';
import { withColumns } from '../records/columns.js';
import { CONTACT_KIND, type ContactColumns } from './contact.js';
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
import { restoreCounts } from '../core/accumulator.js';

/** Options of {@link averageSpeedOfAnswer}. */
export type AverageSpeedOfAnswerOptions = ContactOptions;

/** The totals form of {@link averageSpeedOfAnswer}'s input. */
export interface AverageSpeedOfAnswerTotals {
  /** The summed wait (offer to answer) of the answered contacts, in ms. */
  readonly totalWaitMs: number;
  /** Contacts answered. */
  readonly answered: number;
}

/** Input of {@link averageSpeedOfAnswer}: contact records, or totals. */
export type AverageSpeedOfAnswerInput = { readonly contacts: readonly Contact[] } | { readonly columns: ContactColumns } | AverageSpeedOfAnswerTotals;

/** Result of {@link averageSpeedOfAnswer}. */
export interface AverageSpeedOfAnswerResult {
  /** totalWaitMs / answered, in ms; `null` (with a `reason`) when nothing was answered. */
  readonly value: number | null;
  /** Why `value` is `null` (no contact answered); `null` when there is a value. */
  readonly reason: string | null;
  /** Contacts answered (the denominator). */
  readonly answered: number;
  /** Their summed wait in ms (the numerator). */
  readonly totalWaitMs: number;
  /**
   * Contacts left out: `abandoned` (no answer, so no speed of answer), `queued` (no outcome yet)
   * and invalid ones (with `onInvalid: 'exclude'`).
   */
  readonly excluded: ContactExcluded & { readonly abandoned: number; readonly queued: number };
}

interface State {
  answered: number;
  totalWaitMs: number;
  abandoned: number;
  queued: number;
}

const KEYS = ['answered', 'totalWaitMs', 'abandoned', 'queued'] as const;
const NOT_ANSWERED = 'no contacts answered: the average speed of answer is undefined';

const spec: ContactMetricSpec<ContactSettings, State, AverageSpeedOfAnswerResult> = {
  metric: 'averageSpeedOfAnswer',
  optionKeys: [],
  settings: (_fn, _o, base) => base,
  init: () => ({ answered: 0, totalWaitMs: 0, abandoned: 0, queued: 0 }),
  add(state, _c, t) {
    if (t.answeredAt === t.answeredAt) {
      state.answered++;
      state.totalWaitMs += t.answeredAt - t.offeredAt;
    } else if (t.abandonedAt === t.abandonedAt) state.abandoned++;
    else state.queued++;
  },
  merge(into, from) {
    into.answered += from.answered;
    into.totalWaitMs += from.totalWaitMs;
    into.abandoned += from.abandoned;
    into.queued += from.queued;
  },
  result: (st) => ({
    value: ratio(st.totalWaitMs, st.answered),
    reason: st.answered === 0 ? NOT_ANSWERED : null,
    answered: st.answered,
    totalWaitMs: st.totalWaitMs,
    excluded: { abandoned: st.abandoned, queued: st.queued },
  }),
  toJSON: (st) => ({ ...st }),
  restore(json, _s, issues) {
    const st = restoreCounts(json, KEYS, issues, { totalWaitMs: NON_NEGATIVE });
    if (st.answered === 0 && st.totalWaitMs !== 0) {
      issues.add({
        code: 'inconsistent',
        path: ['state', 'totalWaitMs'],
        input: st.totalWaitMs,
        detail: `state.totalWaitMs (${st.totalWaitMs}) must be 0 when no contact was answered`,
      });
    }
    return st;
  },
  options: () => ({}),
  counted: (st) => st.answered + st.abandoned + st.queued,
};

/**
 * Mergeable accumulator of {@link averageSpeedOfAnswer} over contacts (`create`, `add`, `addAll`,
 * `merge`, `result`, `toJSON`, `fromJSON`); its result equals {@link averageSpeedOfAnswer} over all
 * contacts added (exactly, for waits in whole ms).
 *
 * @example
 * ```ts
 * import { averageSpeedOfAnswerAccumulator } from 'kpi-kit';
 *
 * const acc = averageSpeedOfAnswerAccumulator.create();
 * acc.add({ offeredAt: 0, answeredAt: 10_000 }).add({ offeredAt: 0, answeredAt: 30_000 });
 * acc.result().value; // 20000
 * ```
 */
export const averageSpeedOfAnswerAccumulator: RecordMetricFactory<AverageSpeedOfAnswerOptions, AverageSpeedOfAnswerResult, ContactTimestampField> =
  /* @__PURE__ */ contactAccumulatorFactory(spec);

/**
 * Average speed of answer: the mean wait of answered contacts, total wait / answered contacts, in
 * ms (docs/metrics.md#averagespeedofanswer). The wait is answeredAt − offeredAt. Abandoned contacts have no speed of
 * answer and are counted apart in `excluded.abandoned`; contacts still queued (neither answered nor
 * abandoned) in `excluded.queued`.
 *
 * The function carries its accumulator (`averageSpeedOfAnswer.accumulator`), so that `byPeriod` and
 * `bySegment` compute it per day, week, month or quarter (contacts placed by `offeredAt` by
 * default) or per queue, agent or key function, in one pass.
 *
 * @param input - `{ contacts }` (see {@link Contact}) or `{ totalWaitMs, answered }` (totals).
 * @param options - {@link AverageSpeedOfAnswerOptions}: `timeZone` and `onInvalid` (records only).
 * @returns {@link AverageSpeedOfAnswerResult}; `value` is `null` when nothing was answered.
 * @throws {@link KpiInputError} for a malformed contact (path `contacts[i].field`; with
 *   `onInvalid: 'exclude'` it is left out and listed in `excluded`), for `answered` that is not a
 *   non-negative integer, for `totalWaitMs` that is not a non-negative finite number, and for a
 *   positive `totalWaitMs` with no answered contact.
 * @see docs/metrics.md#averagespeedofanswer.
 *
 * @example
 * ```ts
 * import { averageSpeedOfAnswer } from 'kpi-kit';
 *
 * averageSpeedOfAnswer({ totalWaitMs: 1_800_000, answered: 90 }).value; // 20000
 * const r = averageSpeedOfAnswer({
 *   contacts: [
 *     { offeredAt: '2024-05-06T08:00:00Z', answeredAt: '2024-05-06T08:00:12Z' },
 *     { offeredAt: '2024-05-06T08:01:00Z', answeredAt: '2024-05-06T08:01:48Z' },
 *     { offeredAt: '2024-05-06T08:02:00Z', abandonedAt: '2024-05-06T08:03:00Z' },
 *   ],
 * });
 * r.value; // 30000
 * r.excluded.abandoned; // 1
 * ```
 */
export const averageSpeedOfAnswer: WithAccumulator<
  (input: AverageSpeedOfAnswerInput, options?: AverageSpeedOfAnswerOptions) => AverageSpeedOfAnswerResult,
  typeof averageSpeedOfAnswerAccumulator
> = /* @__PURE__ */ withAccumulator<
  (input: AverageSpeedOfAnswerInput, options?: AverageSpeedOfAnswerOptions) => AverageSpeedOfAnswerResult,
  typeof averageSpeedOfAnswerAccumulator
>(function averageSpeedOfAnswer(input: AverageSpeedOfAnswerInput, options?: AverageSpeedOfAnswerOptions): AverageSpeedOfAnswerResult {
  const fn = 'averageSpeedOfAnswer';
  const record = withColumns(fn, CONTACT_KIND, requireInput(fn, input));
  const form = selectForm(fn, record, [
    { name: 'contacts', fields: ['contacts'] },
    { name: 'totals', fields: ['totalWaitMs', 'answered'] },
  ]);
  if (form === 'contacts') return runContactMetric(spec, record['contacts'], options);
  readContactSettings(fn, readOptions(fn, options, CONTACT_OPTION_KEYS));
  const issues = new IssueCollector(fn);
  for (const [field, rule] of [
    ['totalWaitMs', NON_NEGATIVE],
    ['answered', COUNT],
  ] as const) {
    if (record[field] === undefined)
      issues.add({
        code: 'missing',
        path: [field],
        input: undefined,
        expected: field === 'answered' ? 'a non-negative integer' : 'a non-negative finite number',
      });
    else issues.check(record[field], rule, [field]);
  }
  issues.throwIfAny();
  const totalWaitMs = record['totalWaitMs'] as number;
  const answered = record['answered'] as number;
  if (answered === 0 && totalWaitMs > 0) {
    fail(fn, { code: 'inconsistent', path: ['totalWaitMs'], input: totalWaitMs, detail: `totalWaitMs (${totalWaitMs}) must be 0 when answered is 0` });
  }
  const result: AverageSpeedOfAnswerResult = makeResult(ratio(totalWaitMs, answered), {
    reason: answered === 0 ? NOT_ANSWERED : null,
    answered,
    totalWaitMs,
    excluded: { ...NO_INVALID, abandoned: 0, queued: 0 },
  });
  return result;
}, averageSpeedOfAnswerAccumulator);
